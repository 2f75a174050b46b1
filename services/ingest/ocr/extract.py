"""parse_document, with OCR of scans where Tesseract is installed (the `vanban extract` path and the OCR task)."""
from __future__ import annotations

from services.core.errors import NeedsOCR
from services.ingest.parsers import ParsedDocument, parse_document

from . import NO_TEXT, ocr_pdf, ocr_ready


def ocr_parsed(data: bytes) -> ParsedDocument:
    """A scanned or partly scanned PDF read by OCR, as a ParsedDocument (ocr=True, with its confidence)."""
    result = ocr_pdf(data)
    if not any(ch.isalnum() for ch in result.text):
        raise NeedsOCR(NO_TEXT)
    return ParsedDocument(text=result.text, format="pdf", pages=result.pages, encoding=None,
                          warnings=result.warnings, ocr=True, confidence=round(result.confidence, 3))


def parse_with_ocr(data: bytes, filename: str) -> ParsedDocument:
    """parse_document; a scan (NeedsOCR) or a PDF with image-only pages goes through OCR when Tesseract and its
    Vietnamese model are installed. Without them a scan raises NeedsOCR as before."""
    try:
        parsed = parse_document(data, filename)
    except NeedsOCR:
        if not ocr_ready():
            raise
        return ocr_parsed(data)
    if parsed.scanned_pages and ocr_ready():
        return ocr_parsed(data)
    return parsed
