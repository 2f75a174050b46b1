"""Scans read by real Tesseract (vie): over HTTP to `done`, searchable and in the inboxes; mixed and rotated pages;
`vanban extract` with and without Tesseract. The scans are built here: a generated PDF rendered to an image
(pypdfium2), with speckle, a small skew and JPEG, wrapped as an image-only PDF (Pillow)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fixtures.builders import make_pdf
from helpers.briefing import confirm_all, fast_headers, inbox, unit_ids
from helpers.scans import scan_of

from services.core.dispatch import wait_idle
from services.ingest.ocr import ocr_pdf, ocr_ready

# CI installs Tesseract (deploy/local/tools.txt): a missing one is a failure there, never a silent skip
if not ocr_ready():
    if os.environ.get("VANBAN_REQUIRE_SERVICES") or os.environ.get("CI"):
        raise RuntimeError("tesseract with the Vietnamese model (tesseract-ocr-vie) is required for these tests")
    pytest.skip("tesseract-ocr-vie is not installed (deploy/local/tools.sh installs it)", allow_module_level=True)

HEADER_LEFT = ["UBND TỈNH HÀ TĨNH", "Số: 86/TB-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Hà Tĩnh, ngày 14 tháng 3 năm 2024"]
TITLE = ["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh về an toàn thực phẩm tại các bếp ăn tập thể"]
BODY = [
    "Ngày 12 tháng 3 năm 2024, Chủ tịch UBND tỉnh đã chủ trì cuộc họp về công tác bảo đảm an toàn thực phẩm "
    "tại các bếp ăn tập thể trên địa bàn tỉnh. Chủ tịch UBND tỉnh kết luận như sau:",
    "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, "
    "báo cáo UBND tỉnh trước ngày 30/4/2024.",
]
SIGNER = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Trần Văn Bình"]


def notice_pdf() -> bytes:
    return make_pdf(BODY, header_left=HEADER_LEFT, header_right=HEADER_RIGHT, title=TITLE, signer=SIGNER,
                    recipients=["Nơi nhận:", "- Sở Y tế;", "- Sở Tài chính;", "- Lưu: VT."])


@pytest.fixture(scope="module")
def scan() -> bytes:
    return scan_of(notice_pdf())


def test_scan_uploaded_over_http_ends_done_searchable_and_in_the_inboxes(client: Any, scan: bytes) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu-ocr")
    r = client.post("/documents", files=[("files", ("ban-quet.pdf", scan, "application/pdf"))], headers=clerk)
    assert r.status_code == 202, r.text
    doc_id = r.json()["items"][0]["document_id"]
    wait_idle(180)
    doc = client.get(f"/documents/{doc_id}", headers=clerk).json()
    assert doc["status"] == "done", doc
    assert doc["ocr"]["state"] == "done" and doc["ocr"]["pages_done"] == doc["ocr"]["pages_total"] == 1
    assert 0.7 < doc["ocr"]["confidence"] <= 1.0
    assert doc["number"] == "86/TB-UBND"
    assert doc["issued_date"] == "2024-03-14"
    assert doc["doc_type"] == "Thông báo"
    assert any(t["lead"] == "Sở Y tế" and t["deadline"] == "2024-04-30" for t in doc["tasks"]), doc["tasks"]
    # the original is kept byte for byte; the text layer is a derived file in the store
    assert client.get(f"/documents/{doc_id}/original", headers=clerk).content == scan
    from services.core.db import session_factory
    from services.ingest.models import Document
    from services.ingest.service import store
    with session_factory()() as s:
        layer_digest = s.get(Document, doc_id).extra["ocr"]["text_layer"]
    layer = json.loads(store().get(layer_digest))
    assert layer["text"] == doc["text"] and layer["ocr_pages"][0]["lines"]
    # searchable, with and without diacritics
    for q in ("bếp ăn tập thể", "bep an tap the", "86/TB-UBND"):
        hits = client.get("/search", params={"q": q}, headers=clerk).json()["hits"]
        assert doc_id in [h["document_id"] for h in hits], q
    # once the clerk confirms the proposals, the task is in the lead unit's inbox
    yte = fast_headers("unit_staff", "Sở Y tế", 0, "yte-ocr")
    confirm_all(client, clerk, doc_id)
    units = unit_ids(client, clerk)
    items = inbox(client, units["Sở Y tế"], yte)["items"]
    assert any(t["document"]["id"] == doc_id for t in items), items
    # a repeated delivery of the task changes nothing (idempotent)
    from services.ingest.scans import run_ocr

    assert run_ocr(doc_id)["changed"] is False


def test_mixed_pdf_reads_the_text_pages_and_ocrs_only_the_scanned_one() -> None:
    import pypdfium2 as pdfium

    born = make_pdf(BODY[:1], header_left=HEADER_LEFT, header_right=HEADER_RIGHT, title=TITLE, signer=[],
                    recipients=[])
    scanned = scan_of(make_pdf(["Giao Sở Xây dựng chủ trì rà soát quy hoạch các khu dân cư ven biển."],
                               header_left=[], header_right=[], title=[], signer=[], recipients=[]), angle=0.0)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(born))
    mixed.import_pages(pdfium.PdfDocument(scanned))
    buf = io.BytesIO()
    mixed.save(buf)
    progress: list[tuple[int, int]] = []
    result = ocr_pdf(buf.getvalue(), progress=lambda done, total: progress.append((done, total)))
    assert [p.index for p in result.ocr_pages] == [1]  # the page with a text layer keeps it
    assert progress == [(0, 1), (1, 1)]
    assert "Số: 86/TB-UBND" in result.text  # from the text layer
    assert "Sở Xây dựng chủ trì rà soát quy hoạch" in result.text  # from OCR
    assert result.text.index("86/TB-UBND") < result.text.index("Sở Xây dựng chủ trì")


def test_a_page_scanned_sideways_is_turned_upright() -> None:
    page = make_pdf(BODY[1:], header_left=[], header_right=[], title=["THÔNG BÁO"], signer=[], recipients=[])
    result = ocr_pdf(scan_of(page, angle=0.0, rotate=90))
    assert result.ocr_pages[0].rotated in (90, 270)
    assert "Sở Y tế chủ trì" in result.text


def test_a_page_scanned_four_degrees_off_is_straightened() -> None:
    result = ocr_pdf(scan_of(notice_pdf(), angle=4.0))
    assert abs(result.ocr_pages[0].skew + 4.0) <= 0.5
    assert "Số: 86/TB-UBND" in result.text and "ngày 14 tháng 3 năm 2024" in result.text


def _extract(path: Path, env: dict[str, str]) -> dict[str, Any]:
    vanban = Path(sys.executable).with_name("vanban")
    out = subprocess.run([str(vanban), "extract", str(path)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, **env})
    return dict(json.loads(out.stdout.splitlines()[0]))


def test_vanban_extract_reads_a_scan_with_tesseract_and_says_needs_ocr_without(tmp_path: Path, scan: bytes) -> None:
    path = tmp_path / "ban-quet.pdf"
    path.write_bytes(scan)
    doc = _extract(path, {})
    assert doc["ocr"] is True and 0.7 < doc["confidence"] <= 1.0
    assert doc["number"] == "86/TB-UBND" and doc["issued_date"] == "2024-03-14"
    without = _extract(path, {"VANBAN_TESSERACT": str(tmp_path / "no-tesseract")})
    assert without["code"] == "needs_ocr" and without["error"] and without["file"] == str(path)


def test_without_tesseract_a_scan_stays_needs_ocr_with_its_original(client: Any, scan: bytes,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("VANBAN_TESSERACT", str(tmp_path / "no-tesseract"))
    r = client.post("/documents", files=[("files", ("ban-quet.pdf", scan, "application/pdf"))])
    assert r.status_code == 202, r.text
    doc_id = r.json()["items"][0]["document_id"]
    wait_idle(60)
    doc = client.get(f"/documents/{doc_id}").json()
    assert (doc["status"], doc["error_code"], doc["ocr"]) == ("needs_ocr", "needs_ocr", None), doc
    assert doc["error_message"] and doc["text"] is None
    assert client.get(f"/documents/{doc_id}/original").content == scan
