"""Breaks found by playing a new month (play 326) as its users on one fresh instance — the HTTP half; the browser half
(the clerk, the leader, the leader's office and two departments clicking through the month) is
tests/e2e/browser/test_web_play326.py. First the leftovers the last play and the lead named, each checked as the
user meets it; each break is written as the user said it, next to the step where it happened. One instance for the
module (one test)."""
from __future__ import annotations

import html
import imaplib
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fixtures.builders import make_docx, make_pdf
from helpers.briefing import confirm_all, fast_headers, ingest, ok
from helpers.notices import notice_text
from helpers.registry import imap_folder, mail_with_attachments
from helpers.scans import scan_of
from helpers.web import csrf_of, ui_login
from tests_support import office_today
from typer.testing import CliRunner

from services.cli import app
from services.core.dispatch import wait_idle
from services.ingest.ocr import ocr_ready

PASSWORD = "mat-khau-play-326"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _account(username: str, role: str, unit: str | None = None, clearance: int = 0) -> None:
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    with session_factory()() as session:
        accounts.create_user(session, username, PASSWORD, role, unit, clearance)
        session.commit()


def _flash(page: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(r'class="flash[^>]*>([^<]*)', page)]


def _rows_in_error(page: str) -> list[str]:
    """The preview's rows in error, as read: line, name, …, the error."""
    return [" ".join(re.sub(r"<[^>]+>", "", m).split()) for m in re.findall(r'<tr class="row-error">(.*?)</tr>', page,
                                                                            re.S)]


def _text(html: str, css_class: str) -> str:
    """The words of the first element with this class (tags dropped, spaces folded)."""
    m = re.search(rf'<(\w+) class="[^"]*\b{css_class}\b[^"]*"[^>]*>(.*?)</\1>', html, re.S)
    assert m, f"no .{css_class} on the page"
    return " ".join(re.sub(r"<[^>]+>", "", m.group(2)).split())


def _read_by_an_older_version(ids: list[str]) -> None:
    from sqlalchemy import update

    from services.core.db import session_scope
    from services.ingest.models import Document

    with session_scope() as session:
        session.execute(update(Document).where(Document.id.in_(ids)).values(understanding_version=None))


def _secret_and_stale(doc_id: str) -> None:
    """A document of level Mật read by an older version (set in the database: what an upgrade leaves behind)."""
    from sqlalchemy import update

    from services.core.db import session_scope
    from services.ingest.models import Document

    with session_scope() as session:
        session.execute(update(Document).where(Document.id == doc_id).values(level=2, understanding_version=None))


def letter(day: date) -> dict[str, Any]:
    """Sở Xây dựng's letter to the province (invented), as the office keeps it: header, body, signer."""
    return {"body_paragraphs": [
        "Kính gửi: Ủy ban nhân dân tỉnh.",
        "Sở Xây dựng báo cáo kết quả rà soát các chung cư cũ xuống cấp trên địa bàn và đề xuất UBND tỉnh cho chủ "
        "trương lập phương án cải tạo, xây dựng lại các khu chung cư nguy hiểm cấp D.", "Trân trọng./."],
        "header_left": ["UBND TỈNH NGHỆ AN", "SỞ XÂY DỰNG", "Số: 512/SXD-QLN", "V/v cải tạo chung cư cũ"],
        "header_right": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"],
        "title": [], "signer": ["GIÁM ĐỐC", "", "Hồ Văn Nam"], "recipients": ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]}


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, str]]:
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_IMAP_TRUSTED_AUTHSERV_ID", "mx.nghean.example")  # the office's own mail server
    with imap_folder(monkeypatch, "vanban-326") as (conn, box):
        reset_settings()
        yield conn, box
    reset_settings()


def test_the_leftovers_as_the_users_meet_them(anon_client: Any, monkeypatch: pytest.MonkeyPatch,
                                              mailbox: tuple[Any, str]) -> None:
    import docx
    import openpyxl

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-326")
    leader = fast_headers("leader", clearance=2, username="pct-326")

    # 1. Văn thư: "Sở Xây dựng's letter 512 I uploaded in the morning (the Word file they sent ahead); its signed PDF
    # came by e-mail in the afternoon. The sổ đến shows the second line as 'Trùng văn bản số đến 1', but the printed
    # sổ has both lines, and the giao ban pack counts two letters received." One document, one line: the register
    # prints and counts the first line; the second arrival is noted on it, with its số đến.
    first = ok(web.post("/registry/incoming", headers=clerk, files={"file": ("cv-512.docx", make_docx(**letter(day)),
                                                                             DOCX)},
                        data={"sender": "Sở Xây dựng", "doc_number": "512/SXD-QLN", "doc_date": day.isoformat(),
                              "doc_type": "Công văn", "subject": "V/v cải tạo chung cư cũ"}), 201)
    wait_idle(60)
    conn, box = mailbox
    mail = mail_with_attachments("Văn thư Sở Xây dựng <vanthu@sxd.example>", "Gửi Công văn 512/SXD-QLN",
                                 [("cv-512-ky-so.pdf", make_pdf(**letter(day)), "application/pdf")])
    mail = b"Authentication-Results: mx.nghean.example; dmarc=pass header.from=sxd.example\r\n" + mail
    assert conn.append(box, "", imaplib.Time2Internaldate(0), mail)[0] == "OK"
    ok(web.post("/registry/intake/run", headers=clerk))
    wait_idle(60)
    lines = ok(web.get("/registry/incoming", headers=clerk))["items"]
    assert sorted(e["number"] for e in lines) == [1, 2], lines
    received = ok(web.get("/registry/counts", headers=leader, params={"date_from": day.isoformat(),
                                                                       "date_to": day.isoformat()}))
    assert received["received"] == 1, received
    book = first["register_id"]
    printed = docx.Document(io.BytesIO(web.get(f"/registry/registers/{book}/export", headers=clerk,
                                               params={"format": "docx"}).content)).tables[0]
    rows = [[c.text for c in r.cells] for r in printed.rows[1:]]
    assert [r[1] for r in rows] == ["1"], rows
    assert "Nhận lần nữa qua thư điện tử" in rows[0][8] and "số đến 2" in rows[0][8], rows
    sheet = openpyxl.load_workbook(io.BytesIO(web.get(f"/registry/registers/{book}/export", headers=clerk,
                                                      params={"format": "xlsx"}).content)).active
    assert [r[1] for r in sheet.iter_rows(min_row=5, values_only=True)] == ["1"]

    # 4. Quản trị, after an upgrade: "`vanban reprocess --stale` ran Tesseract again on every scan — two hours for
    # what was read last month; the derived text layer is kept beside each scan." The kept layer is read again
    # (OCR only with --ocr), and the command says how many were re-read without OCR.
    # 2. Quản trị: "since 1 July 2025 our communes are new ones; the directory knows none of them and the product
    # cannot download a list here (closed network). Old tasks still name UBND xã Hưng Tây, now part of UBND xã Hưng
    # Nguyên Nam." The administrator loads the office's own list (CSV or Excel): a preview row by row, a clear error
    # on each wrong row (nothing written), a merger old → new that takes the old tasks along; loading the same list
    # again changes nothing.
    old_task_doc = ingest(web, "tb-640.txt", notice_text("640/TB-UBND", "16/06/2025", [
        f"Giao UBND xã Hưng Tây chủ trì rà soát các hộ nghèo cần hỗ trợ sửa chữa nhà ở, hoàn thành trước ngày "
        f"{(day + timedelta(days=40)).strftime('%d/%m/%Y')}."]).encode(), clerk)
    [old_task] = confirm_all(web, clerk, old_task_doc)
    assert old_task["lead"] == "Ủy ban nhân dân xã Hưng Tây", old_task
    _account("quantri-326", "admin", clearance=3)
    web.follow_redirects = True
    assert ui_login(web, "quantri-326", PASSWORD).status_code == 200
    book_page = web.get("/ui/registry/incoming").text  # (step 1) the page notes the second arrival on the first line
    assert "Nhận lần nữa: số đến 2 (không tính)" in _text(book_page, "second-arrival"), book_page[:2000]
    token = csrf_of(web.get("/ui/admin/units").text)
    wrong = ("Tên đơn vị,Tên khác,Thư điện tử,Sáp nhập vào\n"
             "UBND phường Trường Vinh,Phường Trường Vinh,truongvinh@nghean.example,\n"
             "UBND xã Hưng Nguyên Nam,,hungnguyennam@nghean.example,\n"
             "UBND xã Hưng Tây,,,UBND xã Hưng Nguyên Nam\n"
             "UBND xã Nam Đàn Mới,,namdan-at-nghean,\n"
             "UBND xã Hưng Xá,,,UBND xã Không Có Trong Tệp\n").encode()
    before = len(web.get("/units", headers=clerk).json())
    shown = web.post("/ui/admin/units/import", data={"csrf": token},
                     files={"file": ("danh-muc-xa.csv", wrong, "text/csv")}).text
    assert "Tệp có 2 dòng lỗi nên chưa nạp dòng nào" in shown, shown[:3000]
    errors = _rows_in_error(shown)
    assert errors[0].startswith("5 UBND xã Nam Đàn Mới") and "Thư điện tử “namdan-at-nghean” không hợp lệ" in errors[0]
    assert errors[1].startswith("6 UBND xã Hưng Xá") and "“UBND xã Không Có Trong Tệp” chưa có trong danh mục" in \
        errors[1], errors
    assert "Nạp danh mục (" not in shown and len(web.get("/units", headers=clerk).json()) == before
    sheet = openpyxl.Workbook()
    for row in (["Tên đơn vị", "Tên khác", "Thư điện tử", "Sáp nhập vào"],
                ["UBND phường Trường Vinh", "Phường Trường Vinh", "truongvinh@nghean.example", None],
                ["UBND xã Hưng Nguyên Nam", None, "hungnguyennam@nghean.example", None],
                ["UBND xã Hưng Tây", None, None, "UBND xã Hưng Nguyên Nam"]):
        sheet.active.append(row)
    fixed = io.BytesIO()
    sheet.save(fixed)
    for time_, said in ((1, "thêm 2 đơn vị, cập nhật 0, ghi 1 sáp nhập; 0 dòng không thay đổi"),
                        (2, "thêm 0 đơn vị, cập nhật 0, ghi 0 sáp nhập; 3 dòng không thay đổi")):
        shown = web.post("/ui/admin/units/import", data={"csrf": token},
                         files={"file": ("danh-muc-xa.xlsx", fixed.getvalue(), XLSX)}).text
        assert "row-error" not in shown and "Chưa có gì được ghi" in shown, (time_, _rows_in_error(shown))
        rows = re.search(r'name="rows" value="([^"]*)"', shown)
        plan = re.search(r'name="plan" value="([^"]*)"', shown)  # the plan the preview showed (SECURITY.md 97)
        assert rows and plan, shown[:3000]
        done = web.post("/ui/admin/units/import/apply", data={"csrf": token, "rows": html.unescape(rows.group(1)),
                                                              "plan": plan.group(1)})
        flashed = _flash(done.text)  # one message, with the figures (not a second, bare "Đã nạp")
        assert len(flashed) == 1 and said in flashed[0], (time_, flashed)
    hnn = fast_headers("unit_staff", unit="UBND xã Hưng Nguyên Nam", username="cv-hnn-326")
    assert [t["id"] for t in ok(web.get("/tasks", headers=hnn))["items"]] == [old_task["id"]]

    if not ocr_ready():
        pytest.fail("tesseract with the Vietnamese model is required (deploy/local/tools.sh)", pytrace=False)
    scan = scan_of(make_pdf([f"Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm tại các chợ đầu mối, hoàn thành "
                             f"trước ngày {(day + timedelta(days=20)).strftime('%d/%m/%Y')}."],
                            header_left=["UBND TỈNH NGHỆ AN", "Số: 901/TB-UBND"],
                            header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
                            title=["THÔNG BÁO", "Kết luận về an toàn thực phẩm"], signer=[], recipients=[]))
    r = web.post("/documents", files=[("files", ("ban-quet-901.pdf", scan, "application/pdf"))], headers=clerk)
    assert r.status_code == 202, r.text
    scanned = r.json()["items"][0]["document_id"]
    wait_idle(180)
    assert ok(web.get(f"/documents/{scanned}", headers=clerk))["ocr"]["state"] == "done"
    import services.ingest.scans as scans

    ocr_runs: list[int] = []
    real_ocr = scans.ocr_pdf
    monkeypatch.setattr(scans, "ocr_pdf", lambda *a, **k: ocr_runs.append(1) or real_ocr(*a, **k))
    _read_by_an_older_version([scanned])
    _secret_and_stale(old_task_doc)
    # 3. Quản trị: "after the upgrade nothing on the administration pages said that last month's documents were read
    # by the old rules — only /readyz, which I never open." Every administration page says how many, in
    # Vietnamese, with the command to run; once they are read again, the notice is gone.
    # An administrator who may read every level counts the secret one too; one of a lower clearance never sees a
    # count of what it may not read.
    for path in ("/ui/admin/users", "/ui/admin/units", "/ui/admin/audit"):
        notice = _text(web.get(path).text, "stale-readings")
        assert notice.startswith("2 văn bản được đọc bằng phiên bản cũ") and "vanban reprocess --stale" in notice, path
        assert "nhiệm vụ, đơn vị chủ trì, thời hạn" in notice, notice
    _account("quantri-thuong-326", "admin", clearance=1)
    web.cookies.clear()
    assert ui_login(web, "quantri-thuong-326", PASSWORD).status_code == 200
    assert _text(web.get("/ui/admin/units").text, "stale-readings").startswith("1 văn bản được đọc"), "a secret counted"
    runner = CliRunner()
    again = runner.invoke(app, ["reprocess", "--stale"])
    assert again.exit_code == 0, again.output
    assert ocr_runs == [], "the scan was OCRed again"
    assert "1 văn bản quét đọc lại từ lớp chữ đã lưu, không chạy lại OCR" in again.output, again.output
    doc = ok(web.get(f"/documents/{scanned}", headers=clerk))
    assert doc["status"] == "done" and "chợ đầu mối" in doc["text"], doc["status"]
    assert "stale-readings" not in web.get("/ui/admin/users").text
    _read_by_an_older_version([scanned])
    forced = runner.invoke(app, ["reprocess", "--stale", "--ocr"])
    assert forced.exit_code == 0, forced.output
    assert ocr_runs == [1] and "không chạy lại OCR" not in forced.output, forced.output
