"""Text extraction from uploaded files: pure functions, no web framework, no database.

    parse_document(data, filename, max_bytes=50 MB) -> ParsedDocument
    sniff_format(data, filename) -> "docx" | "pdf" | "txt" | "html"

Every failure is a services.core.errors.IngestError with one of these codes and a Vietnamese message:
empty_file, too_large, type_mismatch, unsupported_type, legacy_doc, encrypted_docx, zip_bomb, corrupt_docx,
pdf_bomb, corrupt_pdf, encrypted_pdf, undecodable_text, empty_text. A PDF without a text layer raises NeedsOCR.
The text always goes through services.vntext.repair.repair_text (NFC, tone marks, legacy encodings).

Layout of ParsedDocument.text, the same for every format:
- one paragraph per line ("\n"); PDF lines hard-wrapped by the layout are joined back into paragraphs;
- a table row whose cells hold one line each is one line, cells separated by "\t"; a row with longer cells gives
  each cell's lines in turn, left column first (the two-column header: issuer, "Số: …", then the motto and the
  place/date line); nested tables in place; a blank line may set such blocks apart;
- DOCX page headers once at the start and footers once at the end; PDF page numbers removed and running
  headers/footers kept once (start/end); DOCX list numbering ("1.", "a)", "-") written out; hidden text dropped;
- HTML: visible text only (no script/style/noscript/template/comments/hidden elements), blocks on their own lines.
ParsedDocument.encoding: the source charset of a TXT/HTML file ("utf-8", "utf-8-sig", "utf-16-le",
"windows-1258", "tcvn3", "vni" …); for DOCX/PDF "tcvn3" or "vni" when legacy-font text was converted, else None.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from services.core.errors import IngestError, NeedsOCR

from . import _errors
from ._text import finish
from .sniff import content_kind, sniff_format

__all__ = ["DEFAULT_MAX_BYTES", "ERROR_CODES", "IngestError", "NeedsOCR", "ParsedDocument", "content_kind",
           "parse_document", "sniff_format"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
log = logging.getLogger(__name__)

ERROR_CODES = frozenset({
    "empty_file", "too_large", "type_mismatch", "unsupported_type", "legacy_doc", "encrypted_docx", "zip_bomb",
    "pdf_bomb", "corrupt_docx", "corrupt_pdf", "encrypted_pdf", "undecodable_text", "empty_text",
})


@dataclass
class ParsedDocument:
    text: str  # whole text, repaired (repair_text) and NFC
    format: str  # "docx" | "pdf" | "txt" | "html"
    pages: int | None  # PDF page count; DOCX: docProps/app.xml when Word wrote it, else an estimate
    encoding: str | None  # txt/html: source encoding; docx/pdf: "tcvn3" | "vni" when legacy text was converted
    warnings: list[str] = field(default_factory=list)
    scanned_pages: list[int] = field(default_factory=list)  # PDF pages that are images without text (for OCR)
    ocr: bool = False  # the text was read by OCR (services.ingest.ocr)
    confidence: float | None = None  # OCR's mean word confidence, 0–1


def parse_document(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Extract the text of an uploaded DOCX, PDF, TXT or HTML file.

    Raises IngestError (see the module docstring for the codes) or NeedsOCR (a PDF that is a scan).
    """
    if data is None or len(data) == 0:
        raise _errors.empty_file()
    data = bytes(data)
    if len(data) > max_bytes:
        raise _errors.too_large(len(data), max_bytes)
    fmt = sniff_format(data, filename)

    try:
        return _parse(data, fmt)
    except (IngestError, NeedsOCR):
        raise
    except Exception as exc:  # a parser bug or a library failing on hostile input: still a clear error
        log.warning("unexpected %s while parsing %r as %s", type(exc).__name__, filename, fmt, exc_info=True)
        detail = f"{type(exc).__name__}: {exc}"
        if fmt == "docx":
            raise _errors.corrupt_docx(detail=detail) from exc
        if fmt == "pdf":
            raise _errors.corrupt_pdf(detail=detail) from exc
        raise _errors.undecodable_text(detail=detail) from exc


def _parse(data: bytes, fmt: str) -> ParsedDocument:
    pages: int | None = None
    encoding: str | None = None
    warnings: list[str] = []
    scanned: list[int] = []
    if fmt == "docx":
        from .docx_parser import extract_docx

        d = extract_docx(data)
        raw, pages, encoding, warnings = d.text, d.pages, d.encoding, d.warnings
        kind = "DOCX"
    elif fmt == "pdf":
        from .pdf import extract_pdf

        p = extract_pdf(data)
        raw, pages, warnings, scanned = p.text, p.pages, p.warnings, p.scanned_pages
        kind = "PDF"
    elif fmt == "html":
        from .html_parser import extract_html

        h = extract_html(data)
        raw, encoding, warnings = h.text, h.encoding, h.warnings
        kind = "HTML"
    else:
        from .txt_parser import decode_text

        t = decode_text(data)
        raw, encoding, warnings = t.text, t.encoding, t.warnings
        kind = "văn bản"

    text, legacy = finish(raw)
    if legacy:
        family = "tcvn3" if legacy.startswith("tcvn3") else legacy
        if fmt in ("docx", "pdf") and encoding is None:
            encoding = family  # text typed in a legacy font, whatever font name it carries now
        elif fmt == "txt" and encoding in ("latin-1", "iso8859-1", None):
            encoding = family
        if not any(family.upper() in w for w in warnings):
            warnings.append(f"Văn bản dùng bảng mã cũ {family.upper()} (phông chữ cũ); đã chuyển sang Unicode.")
    if not any(ch.isalnum() for ch in text):
        if fmt == "pdf":
            raise NeedsOCR()
        raise _errors.empty_text(kind)
    return ParsedDocument(text=text, format=fmt, pages=pages, encoding=encoding, warnings=list(warnings),
                          scanned_pages=scanned)
