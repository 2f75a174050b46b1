"""Metadata of an official document (placeholder until implemented)."""
from __future__ import annotations

from services.ingest.understanding.model import DocumentInfo


def extract_metadata(text: str) -> DocumentInfo:
    return DocumentInfo(text=text)
