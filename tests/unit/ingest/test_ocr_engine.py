"""Tesseract called once for several pages (services.ingest.ocr.engine.run_tsv_pages, ocr_pdf's batches): the same
words as page by page, in page order, with progress page by page. Invented pages built with the real libraries
(a generated PDF, rendered by pypdfium2, scanned by tests/helpers/scans.py) and read by real Tesseract."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from fixtures.builders import make_pdf
from helpers.scans import scan_of

import services.ingest.ocr as ocr
from services.ingest.ocr.engine import _split_pages, run_tsv, run_tsv_pages

TSV_HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _row(page: int, line: int, text: str, left: int = 10) -> str:
    return f"5\t{page}\t1\t1\t{line}\t1\t{left}\t{20 * line}\t40\t18\t91.5\t{text}"


def test_a_multi_page_tsv_is_split_by_its_page_column() -> None:
    tsv = "\n".join([TSV_HEAD, "1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t", _row(1, 1, "Giao"), _row(1, 2, "Sở"),
                     "1\t2\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t", _row(2, 1, "báo cáo"), _row(3, 1, "trước")])
    pages = _split_pages(tsv)
    assert {n: [w.text for w in ws] for n, ws in pages.items()} == {1: ["Giao", "Sở"], 2: ["báo cáo"], 3: ["trước"]}
    assert pages[2][0].conf == 91.5 and pages[1][1].line == 2


needs_tesseract = pytest.mark.skipif(
    not ocr.ocr_ready() and not (os.environ.get("VANBAN_REQUIRE_SERVICES") or os.environ.get("CI")),
    reason="tesseract-ocr-vie is not installed (deploy/local/tools.sh installs it)")

LINES = [["Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm tại các bếp ăn tập thể."],
         ["Sở Tài chính bố trí kinh phí cho đợt kiểm tra trong quý II."],
         ["Ủy ban nhân dân các huyện báo cáo kết quả trước ngày 30 tháng 6."]]


def _page_pdf(body: list[str]) -> bytes:
    return make_pdf(body, header_left=[], header_right=[], title=[], signer=[], recipients=[])


def _strip(text: str) -> Any:
    """The top of an invented page rendered at 150 dpi (the lines of text; the blank rest cut off: a quick read)."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(_page_pdf([text]))[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    return image.crop((0, 0, image.width, image.height // 3))


@needs_tesseract
def test_pages_read_in_one_call_are_read_as_each_page_alone(tmp_path: Path) -> None:
    paths = []
    for k, body in enumerate(LINES[:2]):
        path = tmp_path / f"page{k}{ocr.IMAGE_SUFFIX}"
        _strip(body[0]).save(path)
        paths.append(path)
    together = run_tsv_pages(paths, 150)
    alone = [run_tsv(path, 150) for path in paths]
    assert together == alone
    assert "thực phẩm" in " ".join(w.text for w in together[0])
    assert "kinh phí" in " ".join(w.text for w in together[1])


@needs_tesseract
def test_a_scan_read_in_batches_keeps_page_order_and_says_progress_page_by_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import pypdfium2 as pdfium

    monkeypatch.setattr(ocr, "PAGES_PER_CALL", 2)  # three pages: a batch of two, then one
    merged = pdfium.PdfDocument.new()
    for body in LINES:
        merged.import_pages(pdfium.PdfDocument(scan_of(_page_pdf(body), angle=0.0)))
    buf = io.BytesIO()
    merged.save(buf)
    progress: list[tuple[int, int]] = []
    result = ocr.ocr_pdf(buf.getvalue(), dpi=150, progress=lambda done, total: progress.append((done, total)))
    assert progress == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert [p.index for p in result.ocr_pages] == [0, 1, 2]
    text = result.text
    assert text.index("an toàn thực phẩm") < text.index("bố trí kinh phí") < text.index("báo cáo kết quả")
