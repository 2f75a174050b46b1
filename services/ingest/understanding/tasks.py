"""Tasks a directive assigns (placeholder until implemented)."""
from __future__ import annotations

from services.ingest.understanding.model import ExtractedTask


def extract_tasks(text: str, issued_date: str | None = None) -> list[ExtractedTask]:
    return []
