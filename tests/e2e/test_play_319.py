"""Breaks found by playing a new week (a conclusion notice with its signed PDF, a scan, a kế hoạch with a task
table, a Mật công văn) as its users on a live instance: clerk, leader, and three units, one of them only a
cooperating unit. Each is written down as the user said it, with the HTTP (and web form) path that failed."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from helpers.briefing import error_code, fast_headers, ingest, ok
from helpers.notices import notice_text
from helpers.web import csrf_of as _csrf
from helpers.web import ui_login
from tests_support import office_today

PASSWORD = "mat-khau-play-319"


def _account(username: str, role: str, unit: str | None = None, clearance: int = 0) -> None:
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    with session_factory()() as session:
        accounts.create_user(session, username, PASSWORD, role, unit, clearance)
        session.commit()


def _sent(web: Any, clerk: dict[str, str], doc: str) -> dict[str, dict[str, Any]]:
    """The clerk confirms every proposal of the document: {lead: task}."""
    return {t["lead"]: ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
            for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc}


def test_a_leader_gives_a_unit_more_time_from_the_task_page(anon_client: Any) -> None:
    """Lãnh đạo: "I wanted to give Sở Y tế one more month. 'Sửa nhiệm vụ' answered '… giao lại (POST
    /tasks/{id}/reassign, có lý do)' — I am on a web page, not writing a program — and the page has no button for
    it: 'Giao lại thời hạn mới' only shows once the task is overdue." The task page offers a leader a new deadline
    with a reason on any task still open; the edit form's refusal points to it in words; the original deadline and
    the new one stay in the record."""
    web = anon_client
    day = office_today()
    due, later = day + timedelta(days=40), day + timedelta(days=70)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-419.txt", notice_text("419/TB-UBND", day.strftime("%d/%m/%Y"), [
        "Giao Sở Y tế chủ trì hoàn thiện hồ sơ đầu tư xây dựng trạm y tế các xã vùng cao, hoàn thành trước ngày "
        f"{due.strftime('%d/%m/%Y')}."]).encode(), clerk)
    [task] = _sent(web, clerk, doc).values()
    _account("pct-319", "leader", clearance=2)
    web.follow_redirects = True
    assert ui_login(web, "pct-319", PASSWORD).status_code == 200
    page = web.get(f"/ui/tasks/{task['id']}").text
    assert f'action="/ui/tasks/{task["id"]}/reassign"' in page and "Gia hạn, giao thời hạn mới" in page
    refused = web.post(f"/ui/tasks/{task['id']}/edit", data={
        "csrf": _csrf(page), "action": task["action"], "lead": task["lead"], "deadline": later.strftime("%d/%m/%Y"),
        "back": f"/ui/tasks/{task['id']}"}).text
    assert "POST /tasks" not in refused
    assert "dùng mục “Gia hạn, giao thời hạn mới” trên trang nhiệm vụ" in refused
    done = web.post(f"/ui/tasks/{task['id']}/reassign", data={
        "csrf": _csrf(refused), "new_deadline": later.strftime("%d/%m/%Y"),
        "reason": "Chờ kết quả khảo sát địa chất của các xã."}).text
    assert "Đã giao lại thời hạn mới." in done
    assert f"Thời hạn mới {later.strftime('%d/%m/%Y')}" in done  # the history says what the new deadline is
    after = ok(web.get(f"/tasks/{task['id']}", headers=clerk))
    assert after["deadline"] == later.isoformat() and after["original_deadline"] == due.isoformat()
    assert [(c["kind"], c["reason"]) for c in after["deadline_changes"]] == [
        ("reassignment", "Chờ kết quả khảo sát địa chất của các xã.")]
    # the pack and the reports do not call it 'giao lại' (the word for an overdue task re-assigned)
    [line] = ok(web.get("/reports/progress", headers=clerk))["in_progress"]
    assert line["deadline_text"] == (f"{due.strftime('%d/%m/%Y')}; lãnh đạo gia hạn đến "
                                     f"{later.strftime('%d/%m/%Y')}"), line


def test_districts_as_a_whole_are_no_unit_of_the_directory(anon_client: Any) -> None:
    """Văn thư: "the review page offered to add 'Ủy ban nhân dân các huyện, thành phố, thị xã' to the unit
    directory, and confirming the kế hoạch made it a unit — it now has its own line in the giao ban pack, an inbox
    nobody reads." Like 'Các sở, ban, ngành', the districts as a whole are a collective: not offered as a new unit,
    and a task naming them waits for the clerk to name the units."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=60)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "kh-219.txt", notice_text("219/KH-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Xây dựng chủ trì, phối hợp với UBND các huyện, thành phố, thị xã số hóa hồ sơ cấp phép xây dựng, "
        f"hoàn thành trước ngày {due}.",
        f"Giao UBND các huyện, thành phố, thị xã rà soát các công trình xây dựng không phép, hoàn thành trước ngày "
        f"{due}."]).encode(), clerk)
    proposed = [p["name"] for p in web.get("/units/proposals", headers=clerk).json()]
    assert not [p for p in proposed if "các huyện" in p], proposed
    tasks = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    for t in tasks:  # the districts leading: named first; only cooperating: confirmed, no unit (play 325)
        r = web.post(f"/tasks/{t['id']}/confirm", headers=clerk)
        if "các huyện" in t["lead"]:
            assert error_code(r, 422) == "collective_unit"
        else:
            assert r.status_code == 200 and r.json()["sent_at"], r.text
            assert any("các huyện" in s for s in r.json()["support"]), r.text
    units = [u["name"] for u in web.get("/units", headers=clerk).json()]
    assert not [u for u in units if "các huyện" in u], units


def test_a_cooperating_unit_reads_its_tasks_on_the_report_page(anon_client: Any) -> None:
    """UBND huyện Yên Thành (only cooperating): "our inbox holds two tasks we work on, we reported our part, and
    'Báo cáo' says 'Tổng cộng 0' and 'Không có' everywhere — as if we had nothing to do." The report counts the
    tasks a unit leads (QĐ 42); for a unit it also lists, under their own heading, the tasks it cooperates on."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=30)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-421.txt", notice_text("421/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Xây dựng chủ trì, phối hợp với UBND huyện Yên Thành rà soát quỹ đất nhà ở xã hội, hoàn thành "
        f"trước ngày {due}.",
        f"Giao Sở Giao thông vận tải chủ trì, phối hợp với UBND huyện Yên Thành sửa chữa cầu treo bản Khe, hoàn "
        f"thành trước ngày {due}."]).encode(), clerk)
    tasks = _sent(web, clerk, doc)
    assert len(tasks) == 2 and all(t["support"] == ["Ủy ban nhân dân huyện Yên Thành"] for t in tasks.values()), tasks
    _account("cv-yt-319", "unit_staff", "UBND huyện Yên Thành")
    web.follow_redirects = True
    assert ui_login(web, "cv-yt-319", PASSWORD).status_code == 200
    page = web.get("/ui/report").text
    assert "Đơn vị phối hợp thực hiện (2)" in page
    for t in tasks.values():
        assert f'href="/ui/tasks/{t["id"]}"' in page
    # the counts stay those of the tasks the unit leads, as in the pack and the exports
    assert re.search(r"Tổng cộng</t[hd]>\s*<td[^>]*>0<", page), page[page.find("Tổng cộng") - 200:][:400]


def test_a_reported_completion_does_not_read_zero_percent(anon_client: Any) -> None:
    """Lãnh đạo: "'Theo dõi, đôn đốc' lists Sở Tài chính's task under 'Báo cáo hoàn thành chờ xác nhận' and then
    says 'Đã báo cáo hoàn thành · 0%' — done, or nothing done?" A reported completion says when it was reported and
    that it waits for the leader, not a progress figure nobody set."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=20)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-423.txt", notice_text("423/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Tài chính chủ trì thẩm định phương án giá đất bồi thường tuyến đường ven biển, trình UBND tỉnh "
        f"trước ngày {due}."]).encode(), clerk)
    [task] = _sent(web, clerk, doc).values()
    staff = fast_headers("unit_staff", unit="Sở Tài chính", clearance=0, username="cv-tc-319")
    ok(web.post(f"/tasks/{task['id']}/complete", headers=staff,
                json={"completed_on": day.isoformat(), "text": "Đã trình UBND tỉnh."}))
    _account("pct-323", "leader", clearance=2)
    web.follow_redirects = True
    assert ui_login(web, "pct-323", PASSWORD).status_code == 200
    waiting = f"Đã báo cáo hoàn thành ngày {day.strftime('%d/%m/%Y')}, chờ lãnh đạo xác nhận"
    for path in ("/ui/leader", "/ui/inbox"):
        page = web.get(path).text
        assert waiting in page, path
        assert "Đã báo cáo hoàn thành · 0%" not in page, path


def test_the_signed_copy_is_not_listed_as_a_second_document(anon_client: Any) -> None:
    """Sở Xây dựng: "'Văn bản' lists 412/TB-UBND twice, word for word the same line, while search finds it once —
    which one has our tasks? And the second one's page lists Quỳnh Lưu's task with 31/12/2026, the deadline the
    clerk had corrected to 15/01/2027." The clerk had uploaded the DOCX and its signed PDF together; the PDF was
    recognised as the same document. The list says which line is the copy and links the registered document; the
    copy's page shows no tasks of its own reading, it points to the registered document's."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=25)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    text = notice_text("425/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Xây dựng chủ trì rà soát quỹ đất phát triển nhà ở xã hội, hoàn thành trước ngày {due}."])
    doc = ingest(web, "tb-425.txt", text.encode(), clerk)
    copy = ingest(web, "tb-425-ban-ky.txt", (text + "\nNơi nhận:\n- Sở Xây dựng;\n- Lưu: VT.\n").encode(), clerk)
    assert ok(web.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == doc
    _sent(web, clerk, doc)
    _account("cv-xd-325", "unit_staff", "Sở Xây dựng")
    web.follow_redirects = True
    assert ui_login(web, "cv-xd-325", PASSWORD).status_code == 200
    page = web.get("/ui/documents").text
    assert page.count("425/TB-UBND</a>") == 2  # both lines are there (the copy is kept) …
    assert page.count("của văn bản đã đăng ký") == 1  # … and one says it is the copy
    assert f'href="/ui/documents/{doc}">Mở văn bản đã đăng ký' in page
    # the copy's page lists no tasks of its own reading (the clerk corrects the registered document's, not these):
    # it points to where they are followed
    page = web.get(f"/ui/documents/{copy}").text
    assert "được theo dõi tại" in page and "— hạn" not in page


def test_the_lead_unit_is_told_how_its_deadline_request_was_answered(anon_client: Any) -> None:
    """Sở Xây dựng: "we asked to move the deadline to 10/01; the leader refused, without a word why, and nobody told
    us — we found out on the task page a week later." A refusal needs its reason (422 `reason_required` otherwise,
    the task unchanged), and the lead unit gets a message for each answer: refused, approved, or a new deadline the
    leader gave, with the leader's words."""
    from sqlalchemy import select

    from services.briefing.models import Notification
    from services.core.auth.models import Unit
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    due, asked, given = day + timedelta(days=20), day + timedelta(days=35), day + timedelta(days=50)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    leader = fast_headers("leader", clearance=2, username="pct-api")
    doc = ingest(web, "tb-427.txt", notice_text("427/TB-UBND", day.strftime("%d/%m/%Y"), [
        "Giao Sở Xây dựng chủ trì lấy ý kiến các huyện về danh mục dự án nhà ở xã hội, hoàn thành trước ngày "
        f"{due.strftime('%d/%m/%Y')}."]).encode(), clerk)
    [task] = _sent(web, clerk, doc).values()
    staff = fast_headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="cv-xd-327")
    with session_factory()() as session:
        session.scalar(select(Unit).where(Unit.name == "Sở Xây dựng")).webhook_url = "https://hooks.example.org/sxd"
        session.commit()

    def ask() -> None:
        ok(web.post(f"/tasks/{task['id']}/extension", headers=staff,
                    json={"new_deadline": asked.isoformat(), "reason": "Chờ ý kiến của năm huyện còn lại."}))

    def told() -> list[tuple[str, str]]:
        with session_factory()() as session:
            return [(n.kind, n.body) for n in session.scalars(
                select(Notification).where(Notification.task_id == task["id"]).order_by(Notification.created_at))
                if n.kind != "new_task"]

    ask()
    r = web.post(f"/tasks/{task['id']}/extension/refuse", headers=leader, json={})
    assert error_code(r, 422) == "reason_required" and "lý do" in r.json()["error"]["message"]
    assert ok(web.get(f"/tasks/{task['id']}", headers=staff))["extension_requested_to"] == asked.isoformat()
    ok(web.post(f"/tasks/{task['id']}/extension/refuse", headers=leader,
                json={"note": "Đề nghị hoàn thành đúng hạn, các huyện đã được đôn đốc."}))
    ask()
    ok(web.post(f"/tasks/{task['id']}/extension/approve", headers=leader, json={}))
    ok(web.post(f"/tasks/{task['id']}/reassign", headers=leader,
                json={"new_deadline": given.isoformat(), "reason": "Bổ sung lấy ý kiến Sở Tài chính."}))
    messages = told()
    assert [k for k, _ in messages] == ["ext_refused", "ext_approved", "new_deadline"], messages
    assert "Đề nghị gia hạn không được đồng ý" in messages[0][1]
    assert "Ý kiến của lãnh đạo: Đề nghị hoàn thành đúng hạn, các huyện đã được đôn đốc." in messages[0][1]
    assert f"Thời hạn: {asked.strftime('%d/%m/%Y')}" in messages[1][1]
    assert f"Thời hạn: {given.strftime('%d/%m/%Y')}" in messages[2][1]
    assert "Bổ sung lấy ý kiến Sở Tài chính." in messages[2][1]


def test_the_incoming_register_page_shows_what_was_read_from_the_file(anon_client: Any) -> None:
    """Văn thư: "I put the district's scanned letter in the sổ đến with only its sender; the line's own page and the
    printed sổ show '1520/UBND-NN', its date and trích yếu read from the file, but the sổ đến page leaves those
    columns empty — it looks as if I had registered nothing." The list completes a line the clerk left short from
    the document, as the line's page and the export do."""
    from helpers.registry import letter, register

    from services.core.dispatch import wait_idle

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    entry = ok(register(web, clerk, "cv-1520.docx", letter("1520/UBND-NN", sender="UBND HUYỆN QUỲNH LƯU",
                                                           subject="Về việc hỗ trợ vắc xin phòng bệnh cho gia súc"),
                        sender="UBND huyện Quỳnh Lưu"), 201)
    assert entry["doc_number"] is None
    wait_idle(120)
    _account("vanthu-319", "clerk", clearance=1)
    web.follow_redirects = True
    assert ui_login(web, "vanthu-319", PASSWORD).status_code == 200
    page = web.get("/ui/registry/incoming").text
    row = page[page.index(f'/registry/incoming/{entry["id"]}"'):]
    row = row[:row.index("</tr>")]
    assert "1520/UBND-NN" in row and "02/12/2026" in row and "hỗ trợ vắc xin phòng bệnh cho gia súc" in row, row


def test_a_file_that_could_not_be_read_is_not_labelled_secret(anon_client: Any) -> None:
    """Văn thư: "the broken DOCX I uploaded with the batch sits in 'Văn bản' marked 'Tối mật' — it is an ordinary
    file that could not be opened." Until its stamp is read (or never, for a file that fails) a document keeps the
    uploader's most restrictive level, so that nobody else sees it; the list says the level is not known yet instead
    of showing it as a secrecy mark, and the API says `provisional`."""
    web = anon_client
    clerk = fast_headers("clerk", clearance=2, username="vanthu-api")
    r = web.post("/documents", headers=clerk, files=[("files", ("hong.docx", b"PK\x03\x04 not a package",
                                                                 "application/octet-stream"))])
    assert r.status_code == 202, r.text
    from services.core.dispatch import wait_idle

    wait_idle(60)
    [doc] = ok(web.get("/documents", headers=clerk))["items"]
    assert doc["status"] == "failed" and doc["provisional"] and doc["level"] == 2, doc
    _account("vanthu-329", "clerk", clearance=2)
    web.follow_redirects = True
    assert ui_login(web, "vanthu-329", PASSWORD).status_code == 200
    page = web.get("/ui/documents").text
    row = page[page.index("hong.docx</a>"):]
    row = row[:row.index("</td>")]
    assert "Chưa xác định độ mật" in row and ">Tối mật<" not in row, row


def test_a_cooperating_unit_sees_its_own_report_on_the_task(anon_client: Any) -> None:
    """UBND huyện Yên Thành: "we reported our part done, 100 %, and the task page still says 'Tiến độ 60%' and
    lists us under 'Phối hợp' like before — did our report go through?" The 60 % is the lead unit's figure for the
    task; beside each cooperating unit the page now says what that unit reported and when."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=30)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-431.txt", notice_text("431/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính và UBND huyện Yên Thành rà soát quỹ đất nhà ở xã hội, "
        f"hoàn thành trước ngày {due}."]).encode(), clerk)
    [task] = _sent(web, clerk, doc).values()
    lead = fast_headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="cv-xd-331")
    ok(web.post(f"/tasks/{task['id']}/progress", headers=lead, json={"text": "Đã rà soát 14 khu đất.", "percent": 60}))
    _account("cv-yt-331", "unit_staff", "UBND huyện Yên Thành")
    web.follow_redirects = True
    assert ui_login(web, "cv-yt-331", PASSWORD).status_code == 200
    page = web.get(f"/ui/tasks/{task['id']}").text
    done = web.post(f"/ui/tasks/{task['id']}/progress", data={
        "csrf": _csrf(page), "text": "Đã gửi danh sách 3 khu đất tại thị trấn.", "percent": "100"}).text
    assert "Đã gửi báo cáo tiến độ." in done
    shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", done[done.index("<dt>Phối hợp</dt>"):done.index("<dt>Thời hạn")]))
    assert (f"Ủy ban nhân dân huyện Yên Thành (đã báo cáo phần việc: 100%, ngày {day.strftime('%d/%m/%Y')} "
            in shown), shown
    assert "Sở Tài chính," in shown and "Sở Tài chính (" not in shown  # it has not reported yet
