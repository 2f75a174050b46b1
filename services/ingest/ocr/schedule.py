"""Handing a scan to OCR: what `ingest.process` does where it finds one (the OCR itself is pipeline.run_ocr).

The document stays `extracting` while OCR runs; its progress is on the document (`extra["ocr"]`: state, pages_done,
pages_total, then confidence and the derived text layer's sha256)."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.core.events import emit
from services.ingest.models import Document, DocumentStatus

from . import ocr_ready


def ocr_state(doc: Document) -> dict[str, Any]:
    return dict((doc.extra or {}).get("ocr") or {})


def set_ocr_state(doc: Document, **changes: Any) -> None:
    extra = dict(doc.extra or {})
    extra["ocr"] = {**ocr_state(doc), **changes}
    doc.extra = extra  # a new dict: the JSON column sees the change


def schedule_ocr(session: Session, doc: Document) -> bool:
    """Hand a scan to OCR when Tesseract is installed: the document stays `extracting` and `document.scanned` is
    emitted (→ `ingest.ocr` on its own queue, services/wiring.py) in the same transaction. Returns False, changing
    nothing, when OCR is not available (the caller keeps its `needs_ocr` answer)."""
    if not ocr_ready():
        return False
    doc.status = DocumentStatus.extracting
    doc.error_code = None
    doc.error_message = None
    set_ocr_state(doc, state="queued", pages_done=0, pages_total=None)
    emit(session, "document.scanned", doc.id)
    return True
