"""Breaks found by playing a new month (play 326) as its users on one fresh instance — the HTTP half; the browser half
(the clerk, the leader, the leader's office and two departments clicking through the month) is
tests/e2e/browser/test_web_play326.py. First the leftovers the last play and the lead named, each checked as the
user meets it; each break is written as the user said it, next to the step where it happened. One instance for the
module (one test)."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fixtures.builders import make_pdf
from helpers.briefing import fast_headers, ok
from helpers.scans import scan_of
from helpers.web import ui_login
from tests_support import office_today
from typer.testing import CliRunner

from services.cli import app
from services.core.dispatch import wait_idle
from services.ingest.ocr import ocr_ready

PASSWORD = "mat-khau-play-326"


def _account(username: str, role: str, unit: str | None = None, clearance: int = 0) -> None:
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    with session_factory()() as session:
        accounts.create_user(session, username, PASSWORD, role, unit, clearance)
        session.commit()


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


def test_the_leftovers_as_the_users_meet_them(anon_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-326")

    # 4. Quản trị, after an upgrade: "`vanban reprocess --stale` ran Tesseract again on every scan — two hours for
    # what was read last month; the derived text layer is kept beside each scan." The kept layer is read again
    # (OCR only with --ocr), and the command says how many were re-read without OCR.
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
    # 3. Quản trị: "after the upgrade nothing on the administration pages said that last month's documents were read
    # by the old rules — only /readyz, which I never open." Every administration page says how many, in
    # Vietnamese, with the command to run; once they are read again, the notice is gone.
    _account("quantri-326", "admin", clearance=3)
    web.follow_redirects = True
    assert ui_login(web, "quantri-326", PASSWORD).status_code == 200
    for path in ("/ui/admin/users", "/ui/admin/units", "/ui/admin/audit"):
        notice = _text(web.get(path).text, "stale-readings")
        assert notice.startswith("1 văn bản được đọc bằng phiên bản cũ") and "vanban reprocess --stale" in notice, path
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
