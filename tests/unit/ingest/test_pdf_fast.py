"""The fast PDF reader (pdfminer for the first page, PDFium's text layer for the rest) gives pdfminer's text."""
from __future__ import annotations

from fixtures.builders import BODY, make_pdf

from services.ingest.parsers.pdf import extract_pdf
from services.ingest.parsers.pdf_fast import read_pdf_pages_fast


def long_body(n: int) -> list[str]:
    return [f"{i + 1}. {p}" for i, p in enumerate(BODY * n)]


def test_pages_after_the_first_come_from_pdfium_with_the_same_text() -> None:
    pdf = make_pdf(long_body(6), page_numbers=True)
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert read.pages >= 3 and fast_pages >= 1  # PDFium read some pages, pdfminer the first (the header)
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def test_a_page_with_side_by_side_columns_falls_back_to_pdfminer() -> None:
    table = [["Đơn vị", "Nhiệm vụ", "Thời hạn"], ["Sở Y tế", "Kiểm tra an toàn thực phẩm", "30/11/2024"]] * 12
    pdf = make_pdf([*long_body(3), table, *long_body(1)])
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert fast_pages < read.pages - 1  # the table's page went to pdfminer
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text
