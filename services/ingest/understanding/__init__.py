"""Understanding official documents: pure functions over repaired text (no framework, no database)."""
from __future__ import annotations

from services.ingest.understanding.model import DocumentInfo, ExtractedTask, Reference, Signer

__all__ = ["DocumentInfo", "ExtractedTask", "Reference", "Signer", "understand"]


def understand(text: str) -> DocumentInfo:
    """Read metadata and tasks from the whole text of a document (already repaired to NFC Unicode)."""
    from services.ingest.understanding.metadata import extract_metadata
    from services.ingest.understanding.tasks import extract_tasks

    info = extract_metadata(text)
    info.text = text
    from services.ingest.understanding.deadlines import reference_date

    info.tasks = extract_tasks(text, issued_date=info.issued_date or reference_date(text))
    return info
