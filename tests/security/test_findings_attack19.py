"""Nineteenth attack (SECURITY.md 90–): the moments between states around the newest doors — `vanban reprocess`
re-reading documents, the supersede button, the intake button, the audit page's names. Each test failed on the code
before its fix, or (marked "checked, held") keeps a property found sound. Invented notices."""
from __future__ import annotations

from typing import Any


def _notice(number: int, word: str, units: tuple[str, str] = ("Sở Nội vụ", "Sở Y tế"), secret: bool = False,
            replaces: str | None = None) -> bytes:
    a, b = units
    head = f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n{'MẬT' + chr(10) if secret else ''}Số: {number}/TB-UBND\n"
    body = (f"Nghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\nKết luận về việc {word}\n\n"
            + (f"Thông báo này thay thế Thông báo số {replaces}.\n\n" if replaces else "")
            + f"1. Giao {a} chủ trì kiểm kê {word}, hoàn thành trước ngày 30/12/2030.\n\n"
            f"2. Giao {b} chủ trì rà soát hồ sơ {word}, hoàn thành trước ngày 15/12/2030.\n\n"
            f"Nơi nhận:\n- {a};\n- {b};\n- Lưu: VT.\n")
    return (head + body).encode()


def test_a_superseded_documents_reading_again_sends_no_task(anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 90. A clerk decided that a new version replaces a notice ("Văn bản này thay thế …"): the old
    notice's tasks left the inboxes (recalled, the units told). Then the rules were upgraded and `vanban reprocess
    --stale` read the old notice again: a duty the older reading had given no task became a new task of the replaced
    notice, sent to the unit at once (tasks sent at extraction) — a withdrawn notice's work back in an inbox. (The
    older reading is arranged by removing the second duty's task and marking the notice read by version 0.)"""
    from helpers.briefing import fast_headers, ingest, ok

    from services.briefing.models import Task
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.ingest.models import Document
    from services.ingest.reread import Selection, reread

    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau19a")
    staff = fast_headers("unit_staff", unit="Sở Y tế", clearance=1, username="cv-yte-dau19a")
    old = ingest(web, "tb-941.txt", _notice(941, "khotaisan941"), clerk)
    with session_factory()() as session:  # the older rules read no duty in the second sentence
        [second] = [t for t in session.query(Task).filter(Task.document_id == old) if "rà soát" in t.action]
        session.delete(second)
        session.get(Document, old).understanding_version = 0
        session.commit()
    new = ingest(web, "tb-951.txt", _notice(951, "khotaisan941", replaces="941/TB-UBND"), clerk)
    ok(web.post(f"/documents/{new}/supersede", headers=clerk, json={"replaces": old}))
    wait_idle(60)

    def open_tasks(headers: dict[str, str]) -> list[str]:
        items = ok(web.get("/tasks", headers=headers, params={"document_id": old, "limit": 100}))["items"]
        return [t["state"] for t in items if t["state"] not in ("recalled", "dismissed", "merged", "split_up")]

    assert open_tasks(clerk) == []  # control: the old notice's tasks are retired
    assert reread(Selection(), after_batch=lambda: wait_idle(60)).documents >= 1
    wait_idle(60)
    assert open_tasks(staff) == [], open_tasks(staff)  # the unit's inbox
    assert open_tasks(clerk) == [], open_tasks(clerk)  # nor a proposal waiting for the clerk


def _flash(html: str) -> list[str]:
    import re

    return re.findall(r'class="flash[^>]*>([^<]*)', html)


def test_the_intake_button_reads_the_doors_off_the_servers_event_loop(anon_client: Any, tmp_path: Any,
                                                                      monkeypatch: Any) -> None:
    """SECURITY.md 91. "Nhận văn bản mới" (`POST /ui/registry/intake`) read the watched folder and the mailbox inside
    an `async` route: on the server's one event loop, which answers every user. While it read (a scanner's folder of
    large files; an IMAP server not answering: 20 s per try), the whole server answered no one — any clerk pressing
    the button, or pressing it again, stopped the office's work. The doors are now read on a worker thread, one
    reading at a time in a process (a second press meanwhile is told so). Checked, held: the CSRF token and the role
    (a unit's staff is refused before anything is read)."""
    import asyncio
    import os
    import threading

    from e2e.test_web_http import make_user, web_login
    from helpers.web import csrf_of

    from services.registry import intake

    watch = tmp_path / "nhan"
    watch.mkdir()
    monkeypatch.setenv("VANBAN_REGISTRY_WATCH_DIR", str(watch))
    (watch / "cv-961.txt").write_text("Công văn số 961 về việc kiểm kê kho khonhan961\n", encoding="utf-8")
    os.utime(watch / "cv-961.txt", (1_700_000_000, 1_700_000_000))
    real = intake.poll_folder
    seen: list[str] = []
    second: list[list[str]] = []
    web = anon_client

    def on_a_thread(*args: Any, **kwargs: Any) -> dict[str, int]:
        try:
            asyncio.get_running_loop()
            seen.append("event loop")
        except RuntimeError:
            seen.append("worker thread")
        if len(seen) == 1:  # a second press while the first reads: answered at once, nothing read twice
            t = threading.Thread(target=lambda: second.append(_flash(web.post(
                "/ui/registry/intake", data={"csrf": token}, follow_redirects=True).text)))
            t.start()
            t.join(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(intake, "poll_folder", on_a_thread)
    make_user("cv-dau19b", "unit_staff", "Sở Y tế", clearance=0)
    assert web_login(web, "cv-dau19b").status_code == 303
    token = csrf_of(web.get("/ui/inbox").text)
    r = web.post("/ui/registry/intake", data={"csrf": token}, follow_redirects=True)
    assert _flash(r.text) == ["Trang này không dành cho vai trò của bạn."] and seen == []  # held: the role first
    make_user("vanthu-dau19b", "clerk", clearance=0)
    web.cookies.clear()
    assert web_login(web, "vanthu-dau19b").status_code == 303
    token = csrf_of(web.get("/ui/registry/incoming").text)
    assert web.post("/ui/registry/intake", data={}).status_code == 403 and seen == []  # held: no CSRF token
    r = web.post("/ui/registry/intake", data={"csrf": token}, follow_redirects=True)
    assert seen == ["worker thread"], seen
    assert _flash(r.text) == ["Đã vào sổ 1 từ thư mục tiếp nhận."], _flash(r.text)
    assert second == [["Một lượt nhận văn bản khác đang chạy; xem lại sổ văn bản đến sau ít phút."]], second
    assert not (watch / "cv-961.txt").exists()


def test_a_stamp_a_newer_reading_finds_hides_the_tasks_at_once(anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 95 (1), checked and held: `vanban reprocess` re-reads a notice whose older reading missed its
    "MẬT" (its tasks sent to the unit at Thường). The newer reading raises it to Mật; briefing's copy of its access
    follows in the processing's own transaction (the watch on the document's level: `document.access_changed`),
    not when the sync task runs — with the sync held back, the unit's officer of clearance Thường finds nothing of
    it (inbox, its count, the task) the moment processing commits; the officer of clearance Mật still does."""
    from helpers.briefing import fast_headers, ingest, ok, unit_ids

    from services.briefing import service as briefing_service
    from services.briefing import sync as briefing_sync
    from services.briefing.models import TrackedDocument
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.ingest.models import Document
    from services.ingest.reread import Selection, reread

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau19c")
    low = fast_headers("unit_staff", unit="Sở Y tế", clearance=0, username="cv-yte-dau19c")
    high = fast_headers("unit_head", unit="Sở Y tế", clearance=1, username="tp-yte-dau19c")
    doc = ingest(web, "tb-971.txt", _notice(971, "khothuoc971", secret=True), clerk)
    with session_factory()() as session:  # as an older reading left it: the stamp not read, the tasks at Thường
        row = session.get(Document, doc)
        row.level, row.confidentiality, row.understanding_version = 0, None, 0
        session.get(TrackedDocument, doc).level = 0
        session.commit()
    for t in ok(web.get("/tasks/review", headers=clerk, params={"limit": 100}))["items"]:
        if t["document"]["id"] == doc:
            ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
    wait_idle(60)
    unit = unit_ids(web, clerk)["Sở Y tế"]

    def sight(headers: dict[str, str]) -> tuple[int, int, list[int]]:
        mine = ok(web.get("/tasks", headers=headers, params={"document_id": doc}))
        inbox = ok(web.get(f"/units/{unit}/tasks", headers=headers))
        return mine["total"], inbox["total"], [web.get(f"/tasks/{t['id']}", headers=headers).status_code
                                              for t in mine["items"]]

    assert sight(low) == (1, 1, [200]), sight(low)  # control: the older reading's Thường
    monkeypatch.setattr(briefing_service, "sync_document", lambda *a, **k: None)  # the sync held back
    monkeypatch.setattr(briefing_sync, "sync_documents", lambda *a, **k: None)
    assert reread(Selection(), after_batch=lambda: wait_idle(60)).documents == 1
    with session_factory()() as session:
        assert session.get(Document, doc).level == 1
    assert sight(low) == (0, 0, []), sight(low)
    assert sight(high) == (1, 1, [200]), sight(high)


def _named_by_hand(web: Any, clerk: dict[str, str], number: int, word: str, unit: str = "Sở Tư pháp") -> tuple[str, str]:
    """A Mật notice whose first task the clerk gave by hand to a unit its text does not name, and sent."""
    from helpers.briefing import ingest, ok

    doc = ingest(web, f"tb-{number}.txt", _notice(number, word, secret=True), clerk)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk, params={"limit": 100}))["items"]
              if t["document"]["id"] == doc and t["lead"] == "Sở Nội vụ"]
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": unit}))
    ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    return doc, str(task["id"])


def test_a_unit_taken_off_a_task_by_a_split_no_longer_reads_it(anon_client: Any) -> None:
    """SECURITY.md 92. The sequel of 58: a clerk gives a Mật notice's task to the wrong department by hand (one click),
    then corrects it by splitting the task between the right ones. Since 58 the department no longer reads the
    notice — but the split task keeps its units for the record, and briefing's rule (a unit named on a task sees
    it) kept it open to the department for good: its Mật-cleared head read the task's text, deadline and state and
    the notice's number and subject (`GET /tasks/{id}`, its list, the task page). A unit named on a task that was
    split or merged no longer reads it by being named on it (it reads the parts it is named on, and the notice if
    the text names it), as when an edit takes it off (58). The same for a merge."""
    from e2e.test_web_http import make_user, web_login
    from helpers.briefing import fast_headers, ok

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau19d")
    head = fast_headers("unit_head", unit="Sở Tư pháp", clearance=1, username="tp-dau19d")
    doc, task = _named_by_hand(web, clerk, 981, "hosophaply981")
    doc2, task2 = _named_by_hand(web, clerk, 982, "hosophaply982")

    def reads(task_id: str) -> tuple[int, bool]:
        listed = {t["id"] for t in ok(web.get("/tasks", headers=head, params={"limit": 100}))["items"]}
        return web.get(f"/tasks/{task_id}", headers=head).status_code, task_id in listed

    assert reads(task) == reads(task2) == (200, True)  # control: named by hand, it reads its task
    parts = [{"action": "Kiểm kê hồ sơ phần một", "lead": "Sở Nội vụ"},
             {"action": "Kiểm kê hồ sơ phần hai", "lead": "Sở Y tế"}]
    r = web.post(f"/tasks/{task}/split", headers=clerk, json={"parts": parts})
    assert r.status_code == 201, r.text
    [other] = [t["id"] for t in ok(web.get("/tasks", headers=clerk, params={"document_id": doc2}))["items"]
               if t["id"] != task2 and t["state"] == "open"]
    r = web.post("/tasks/merge", headers=clerk, json={"task_ids": [task2, other], "result": {
        "action": "Kiểm kê và rà soát hồ sơ", "lead": "Sở Y tế"}})
    assert r.status_code == 201, r.text
    assert web.get(f"/documents/{doc}", headers=head).status_code == 404  # SECURITY.md 58: the notice is not its own
    assert reads(task) == reads(task2) == (404, False), (reads(task), reads(task2))
    make_user("tp-dau19e", "unit_head", "Sở Tư pháp", clearance=1)
    assert web_login(web, "tp-dau19e").status_code == 303
    assert web.get(f"/ui/tasks/{task}").status_code == 404
    assert "hosophaply981" not in web.get("/ui/inbox").text


def test_a_task_named_by_hand_keeps_its_page_while_its_notice_is_read_again(anon_client: Any,
                                                                            monkeypatch: Any) -> None:
    """SECURITY.md 93. The task page now lists the later documents citing the task's document (`search.citations`,
    which answers "not found" unless the viewer reads that document). A department named on a task by hand reads the
    notice through the units of its sent tasks — which a new reading of the notice sets back to extraction's until
    the sync adds them again (`vanban reprocess`: seconds, or the queue's length): in between, the task page of the
    department's own task answered "not found". The later documents are now those the viewer reads, whether or not
    she reads the task's document; nothing more is shown (the notice's page answers as before)."""
    from e2e.test_web_http import make_user, web_login
    from helpers.briefing import fast_headers

    from services.briefing import service as briefing_service
    from services.briefing import sync as briefing_sync
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.ingest.models import Document
    from services.ingest.reread import Selection, reread

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau19i")
    doc, task = _named_by_hand(web, clerk, 983, "hosophaply983")
    make_user("tp-dau19i", "unit_head", "Sở Tư pháp", clearance=1)
    assert web_login(web, "tp-dau19i").status_code == 303
    assert web.get(f"/ui/tasks/{task}").status_code == 200  # control
    with session_factory()() as session:
        session.get(Document, doc).understanding_version = 0
        session.commit()
    monkeypatch.setattr(briefing_service, "sync_document", lambda *a, **k: None)  # the sync not yet run
    monkeypatch.setattr(briefing_sync, "sync_documents", lambda *a, **k: None)
    assert reread(Selection(), after_batch=lambda: wait_idle(60)).documents == 1
    assert web.get(f"/ui/documents/{doc}").status_code == 404  # the moment: extraction's units only
    r = web.get(f"/ui/tasks/{task}")
    assert r.status_code == 200 and "hosophaply983" in r.text, r.status_code


def test_each_step_of_a_task_on_the_pages_checks_the_role_before_the_task_is_read(anon_client: Any,
                                                                                  monkeypatch: Any) -> None:
    """SECURITY.md 94 (low, hardening; the siblings of 83). The API declares who may take each step of a task on its
    route (`permissions.may`); the pages call the API's functions directly, so that declaration never ran there: a
    unit's officer posting a leader's decision (accept, return, approve or refuse an extension, a new deadline) to
    `/ui/tasks/{id}/…`, or a clerk posting a unit's step (acknowledge, progress, completion, extension, return of
    the task), had the task read under its hold (PostgreSQL FOR UPDATE; SQLite the database's write lock) before
    the workflow refused the role. Each page route now declares the same roles, checked before anything is read."""
    from e2e.test_web_http import make_user, web_login
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.web import csrf_of

    from services.briefing import service as briefing_service

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau19e")
    doc = ingest(web, "tb-991.txt", _notice(991, "kholuutru991"), clerk)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk, params={"limit": 100}))["items"]
              if t["document"]["id"] == doc and t["lead"] == "Sở Nội vụ"]
    ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    read: list[str] = []
    real = briefing_service.get_task

    def counted(*args: Any, **kwargs: Any) -> Any:
        read.append(str(args[2] if len(args) > 2 else kwargs.get("task_id")))
        return real(*args, **kwargs)

    monkeypatch.setattr(briefing_service, "get_task", counted)
    leaders = ("accept", "return", "extension/approve", "extension/refuse", "reassign")
    units = ("acknowledge", "progress", "complete", "extension", "decline")
    for username, role, unit, steps in (("cv-nv-dau19e", "unit_head", "Sở Nội vụ", leaders),
                                        ("vanthu-dau19f", "clerk", None, units)):
        make_user(username, role, unit, clearance=1)
        web.cookies.clear()
        assert web_login(web, username).status_code == 303
        token = csrf_of(web.get(f"/ui/tasks/{task['id']}").text)
        for step in steps:
            read.clear()
            r = web.post(f"/ui/tasks/{task['id']}/{step}", follow_redirects=False,
                         data={"csrf": token, "note": "x", "reason": "x", "text": "x", "new_deadline": "2031-01-05"})
            assert r.status_code == 303 and read == [], (step, read)  # refused before the task was read
            said = _flash(web.get(r.headers["location"]).text)
            assert said == ["Trang này không dành cho vai trò của bạn."], (step, said)
    assert ok(web.get(f"/tasks/{task['id']}", headers=clerk))["state"] == "open"
    make_user("cv-nv-dau19g", "unit_staff", "Sở Nội vụ", clearance=1)  # control: the lead unit's own step
    web.cookies.clear()
    assert web_login(web, "cv-nv-dau19g").status_code == 303
    token = csrf_of(web.get(f"/ui/tasks/{task['id']}").text)
    read.clear()
    r = web.post(f"/ui/tasks/{task['id']}/acknowledge", data={"csrf": token}, follow_redirects=False)
    assert read == [task["id"]] and _flash(web.get(r.headers["location"]).text) == ["Đã tiếp nhận nhiệm vụ."]


def test_the_audit_pages_names_are_those_the_administrator_may_read(anon_client: Any) -> None:
    """SECURITY.md 95 (2), checked and held: the audit page names each event's object — a document by its number and
    subject, linked. An administrator of clearance Thường reads the ordinary notice's number and subject there and
    nothing of the Mật one: its events are out of her log (36), and the names are read through the access policy
    (a document, a task, a meeting), so no name comes from an object she may not see."""
    from e2e.test_web_http import make_user, web_login
    from helpers.briefing import fast_headers, ingest

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau19h")
    plain = ingest(web, "tb-1001.txt", _notice(1001, "khovattu1001"), clerk)
    secret = ingest(web, "tb-1002.txt", _notice(1002, "khobimat1002", secret=True), clerk)
    for doc in (plain, secret):
        assert web.post(f"/documents/{doc}/reprocess", headers=clerk).status_code == 202  # an event of each
    make_user("qt-dau19h", "admin", clearance=0)
    assert web_login(web, "qt-dau19h").status_code == 303
    page = web.get("/ui/admin/audit").text
    assert "1001/TB-UBND" in page and "khovattu1001" in page and f"/documents/{plain}" in page  # control
    assert "1002" not in page and "khobimat1002" not in page and secret not in page
