"""A PDF's text: PDFium's text layer where it reads the same as pdfminer.six (pdf_fast), pdfminer.six elsewhere
(pdf_parser); the layout, the warnings and the scan check are pdf_parser's."""
from __future__ import annotations

from services.core.errors import NeedsOCR

from .pdf_fast import read_pdf_pages_fast
from .pdf_limits import check_pdf_streams
from .pdf_parser import PdfResult, layout_text, read_pdf_pages


def extract_pdf(data: bytes, fast: bool = True) -> PdfResult:
    """Text and page count of a PDF. Raises IngestError encrypted_pdf / corrupt_pdf, or NeedsOCR for a scan.

    `fast`: the pages after the first, and the first below its top band, are read from PDFium's text layer where
    that gives the same text (pdf_fast.py); pdfminer.six reads the first page's top band (the header) and every page
    PDFium's layer would read differently.
    A file whose streams would expand beyond what a document needs is refused first (pdf_bomb, pdf_limits)."""
    check_pdf_streams(data)
    if fast:
        read, _ = read_pdf_pages_fast(data)
    else:
        read = read_pdf_pages(data)
    warn = list(read.warnings)
    text, cids = layout_text(read.lines)
    if not any(ch.isalnum() for ch in text):
        raise NeedsOCR()
    if cids:
        warn.append(f"{cids} ký tự trong PDF không có mã Unicode (phông chữ nhúng thiếu bảng ToUnicode) và đã bị bỏ qua; "
                    "nên kiểm tra lại hoặc nhận dạng ký tự (OCR).")
    scanned = read.scanned_pages()
    # the letters are counted only for a PDF with images (a pass over every character: ~10 ms a document)
    if scanned or (any(read.images) and sum(ch.isalpha() for ch in text) < 20 * read.pages):
        warn.append("Tệp PDF có rất ít chữ so với số trang, có thể một phần là bản quét.")
    return PdfResult(text=text, pages=read.pages, warnings=warn, scanned_pages=scanned)
