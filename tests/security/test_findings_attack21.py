"""Twenty-first attack (SECURITY.md 111–): the doors and moments added last session — the task steps of play 327
(reopen, end, carry-over), the recall mark on the document, the search catch-up's cursor file, the doors that make
or rename a unit — as a unit head and officer, a clerk, a leader's office and an administrator of lower clearance.
Each test failed on the code before its fix, or (marked "checked, held") keeps a property found sound. Invented
names and notices."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from helpers.briefing import confirm_all, error_code, fast_headers, ingest, ok, unit_ids
from tests_support import office_today

from services.core.dispatch import wait_idle

YT, XD = "Sở Y tế", "Sở Xây dựng"


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _notice(number: str, day: date, body: str, subject: str, stamp: str = "") -> bytes:
    """A thông báo of UBND tỉnh (invented) as plain text; `stamp` "MẬT" marks it secret."""
    mark = f"{stamp}\n" if stamp else ""
    return (f"ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH ĐÔNG\nSố: {number}\n{mark}Hòa Bình Đông, ngày {day.day:02d} tháng "
            f"{day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n{subject}\n\n{body}\n\nNơi nhận:\n- {YT};\n- {XD};\n"
            "- Lưu: VT.\n").encode()


def test_a_secret_notice_carrying_a_task_forward_is_not_named_on_it(anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 111. "Gộp vào nhiệm vụ đang theo dõi" (`POST /tasks/{id}/carry-over`) joins a later notice's
    proposal to the task it carries forward. When the later notice was Mật and the task followed was one of an
    ordinary notice, the task — which every officer of the unit reads, whatever her clearance — got a history line
    "Tiếp tục thực hiện theo Thông báo số …" naming the Mật notice (its number, and its id in the detail), and so did
    the notification the unit was sent: a clearance-Thường officer learnt the number of a Mật notice and that it
    dealt with her unit's task. Both ways: a public notice carrying a Mật task forward named the Mật notice on its
    proposal, which a clearance-Thường clerk reads. The notice is now named only where everyone who reads the task
    (or the proposal) may read it (`policy.seen_wherever`); the new deadline and the join still happen."""
    from helpers.briefing import free_port
    from sqlalchemy import select

    from services.briefing.models import Notification

    monkeypatch.setenv("VANBAN_SMTP_HOST", "127.0.0.1")  # a mail server that does not answer: messages wait
    monkeypatch.setenv("VANBAN_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("VANBAN_SMTP_TIMEOUT", "0.5")
    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a21")
    low_clerk = fast_headers("clerk", clearance=0, username="vanthu-thuong-a21")
    yt = fast_headers("unit_head", unit=YT, clearance=0, username="gd-yt-a21")
    ok(web.put(f"/units/{_unit_id(web, clerk, YT)}/contacts", headers=fast_headers("admin", username="qt-a21"),
               json={"email": "yte@example.vn"}))
    public = ingest(web, "tb-201.txt", _notice("201/TB-UBND", day - timedelta(days=6), (
        f"1. Giao {YT} chủ trì xây dựng kế hoạch tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao, hoàn thành trước "
        f"ngày {_vn(day + timedelta(days=5))}."), "Kết luận về công tác y tế dự phòng"), clerk)
    [followed] = confirm_all(web, clerk, public)
    secret = ingest(web, "tb-217-mat.txt", _notice("217/TB-UBND", day, (
        f"1. Tiếp tục thực hiện nhiệm vụ tại Thông báo số 201/TB-UBND ngày {_vn(day - timedelta(days=6))} của UBND "
        f"tỉnh: giao {YT} hoàn thành việc xây dựng kế hoạch tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao "
        f"trước ngày {_vn(day + timedelta(days=20))}."), "Kết luận về phương án phòng dịch khu vực biên giới",
        stamp="MẬT"), clerk)
    assert ok(web.get(f"/documents/{secret}", headers=clerk))["level"] == 1
    [proposal] = [t for t in ok(web.get("/tasks/review", headers=clerk, params={"limit": 100}))["items"]
                  if t["document"]["id"] == secret]
    assert proposal["continues_task_id"] == followed["id"], proposal
    joined = ok(web.post(f"/tasks/{proposal['id']}/carry-over", headers=clerk))
    assert joined["deadline"] == (day + timedelta(days=20)).isoformat()  # the join itself stands
    wait_idle(60)
    seen = web.get(f"/tasks/{followed['id']}", headers=yt)
    assert seen.status_code == 200 and seen.json()["deadline"] == (day + timedelta(days=20)).isoformat()
    for what in (seen.text, str(ok(web.get(f"/units/{_unit_id(web, yt, YT)}/tasks", headers=yt))),
                 _page(web, "gd-yt-a21", f"/ui/tasks/{followed['id']}")):
        assert "217/TB-UBND" not in what and secret not in what and proposal["id"] not in what, what[:3000]
    assert [e["kind"] for e in seen.json()["history"][-2:]] == ["reassigned", "carried_forward"]
    from services.core.db import session_factory

    with session_factory()() as session:
        told = [n.body + n.subject for n in session.scalars(select(Notification).where(
            Notification.task_id == followed["id"]))]
    assert told and not [t for t in told if "217/TB-UBND" in t], told
    # a viewer who reads the Mật notice reads it named on the task's history; its own proposal says what it joined
    assert ok(web.get(f"/tasks/{followed['id']}", headers=clerk))["history"][-1] == {
        **seen.json()["history"][-1], "text": "Tiếp tục thực hiện theo Thông báo số 217/TB-UBND.",
        "detail": {"document_id": secret, "number": "217/TB-UBND", "proposal_id": proposal["id"]}}
    carried = ok(web.get(f"/tasks/{proposal['id']}", headers=clerk))["history"][-1]
    assert "201/TB-UBND" in carried["text"] and carried["detail"] == {"task_id": followed["id"]}, carried

    # the moment after: an ordinary notice named on the task it carried forward, then raised to Mật — the unit's
    # uncleared head reads it named no more (the history is decided when read, not when written)
    plain = ingest(web, "tb-241.txt", _notice("241/TB-UBND", day - timedelta(days=5), (
        f"1. Giao {YT} chủ trì kiểm tra chất lượng nước sinh hoạt tại các khu tái định cư, hoàn thành trước ngày "
        f"{_vn(day + timedelta(days=3))}."), "Kết luận về nước sinh hoạt"), clerk)
    [water] = confirm_all(web, clerk, plain)
    later = ingest(web, "tb-243.txt", _notice("243/TB-UBND", day, (
        f"1. Tiếp tục thực hiện nhiệm vụ tại Thông báo số 241/TB-UBND: giao {YT} hoàn thành việc kiểm tra chất lượng "
        f"nước sinh hoạt tại các khu tái định cư trước ngày {_vn(day + timedelta(days=12))}."),
        "Kết luận về nước sinh hoạt (lần 2)"), clerk)
    [p3] = [t for t in ok(web.get("/tasks/review", headers=clerk, params={"limit": 100}))["items"]
            if t["document"]["id"] == later]
    ok(web.post(f"/tasks/{p3['id']}/carry-over", headers=clerk))
    assert "243/TB-UBND" in ok(web.get(f"/tasks/{water['id']}", headers=yt))["history"][-1]["text"]
    ok(web.patch(f"/documents/{later}/access", headers=clerk, json={"level": 1}))
    again = web.get(f"/tasks/{water['id']}", headers=yt)
    assert again.status_code == 200 and "243/TB-UBND" not in again.text and later not in again.text, again.text

    # the giao ban whose conclusion is the Mật notice: the next meeting's pack lists, under "Kết luận kỳ trước", the
    # tasks that notice carried forward — to whoever reads the pack, though she may not read the notice
    leader = fast_headers("leader", clearance=1, username="cvp-a21")
    unit = _unit_id(web, clerk, YT)
    held = ok(web.post("/meetings", headers=leader, json={"title": "Giao ban tuần", "unit_ids": [unit],
                                                          "meeting_date": (day - timedelta(days=1)).isoformat()}), 201)
    ok(web.put(f"/meetings/{held['id']}/conclusion", headers=leader, json={"document_id": secret}))
    nxt = ok(web.post("/meetings", headers=leader, json={"title": "Giao ban tuần sau", "unit_ids": [unit],
                                                         "meeting_date": (day + timedelta(days=6)).isoformat(),
                                                         "previous_id": held["id"]}), 201)
    office_pack = ok(web.get(f"/meetings/{nxt['id']}/pack", headers=leader))
    assert [t["id"] for t in office_pack["previous_conclusion"]] == [followed["id"]], office_pack
    unit_pack = ok(web.get(f"/meetings/{nxt['id']}/pack", headers=yt))
    assert unit_pack["previous_conclusion"] == [], unit_pack["previous_conclusion"]
    assert "Nhiệm vụ theo kết luận kỳ trước" not in _page(web, "gd-yt-a21", f"/ui/meetings/{nxt['id']}")
    assert "Nhiệm vụ theo kết luận kỳ trước" in _page(web, "cvp-a21", f"/ui/meetings/{nxt['id']}")

    # the other way: an ordinary notice carrying a Mật task forward — its proposal, which a clerk of clearance
    # Thường reads, does not name the Mật notice
    secret2 = ingest(web, "tb-219-mat.txt", _notice("219/TB-UBND", day - timedelta(days=3), (
        f"1. Giao {XD} chủ trì kiểm tra an toàn các công trình phòng thủ ven biên giới, hoàn thành trước ngày "
        f"{_vn(day + timedelta(days=4))}."), "Kết luận về công trình phòng thủ", stamp="MẬT"), clerk)
    [hidden] = confirm_all(web, clerk, secret2)
    public2 = ingest(web, "tb-221.txt", _notice("221/TB-UBND", day, (
        f"1. Tiếp tục thực hiện nhiệm vụ tại Thông báo số 219/TB-UBND: giao {XD} hoàn thành việc kiểm tra an toàn "
        f"các công trình phòng thủ ven biên giới trước ngày {_vn(day + timedelta(days=15))}."),
        "Kết luận về công tác xây dựng"), clerk)
    [proposal2] = [t for t in ok(web.get("/tasks/review", headers=clerk, params={"limit": 100}))["items"]
                   if t["document"]["id"] == public2]
    assert proposal2["continues_task_id"] == hidden["id"], proposal2
    ok(web.post(f"/tasks/{proposal2['id']}/carry-over", headers=clerk))
    assert ok(web.get(f"/tasks/{proposal2['id']}", headers=clerk))["history"][-1]["detail"] == {"task_id": hidden["id"]}
    read = web.get(f"/tasks/{proposal2['id']}", headers=low_clerk)
    assert read.status_code == 200, read.text
    # (its own sentence cites the number, as the ordinary notice itself does: the notice's words are its own)
    joined_to = read.json()["history"][-1]
    assert joined_to["kind"] == "carried_to" and "219/TB-UBND" not in joined_to["text"], joined_to
    assert hidden["id"] not in read.text and secret2 not in read.text, read.text
    page = _page(web, "vanthu-thuong-a21", f"/ui/tasks/{proposal2['id']}")
    assert hidden["id"] not in page and secret2 not in page, page[:3000]
    # and a unit that only cooperates, or an officer, may not carry, end or reopen (checked, held: the roles)
    for step, body in (("carry-over", None), ("end", {"reason": "Xong."}), ("reopen", {"reason": "Chưa xong."})):
        assert error_code(web.post(f"/tasks/{followed['id']}/{step}", headers=yt, json=body), 403) == "forbidden"


def _page(web: Any, username: str, path: str) -> str:
    """A page as the account reads it after logging in on the web (the `fast_headers` password)."""
    from helpers.web import csrf_of

    web.cookies.clear()
    form = web.get("/ui/login")
    r = web.post("/ui/login", data={"username": username, "password": "mat-khau-123", "csrf": csrf_of(form.text),
                                    "next": "/ui/"}, follow_redirects=False)
    assert r.status_code in (302, 303), r.text[:500]
    shown = web.get(path)
    web.cookies.clear()
    assert shown.status_code == 200 and 'action="/ui/login"' not in shown.text, shown.text[:2000]
    return str(shown.text)


def _unit_id(web: Any, who: dict[str, str], name: str) -> str:
    return unit_ids(web, who)[name]


def test_a_catch_up_cursor_file_it_cannot_use_is_a_cursor_unknown(anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 112. The hourly catch-up (88, 102) keeps how far it got in `<data_dir>/search-catch-up.json` and
    reads it back with a guard for a file it cannot read — but not for JSON of another shape: `[]` or `null` (a
    file emptied by a restore, a tool writing a list) raised AttributeError, and a time without its zone
    ("2026-12-08T00:00:00", written by hand or by another program) raised TypeError comparing it with the clock —
    outside the guard, at every run: the catch-up failed every hour, and a tightening whose own re-indexing gave up
    (the engine away) stayed stale in the index and was counted again a day later. Such a file is now a cursor
    unknown (the whole day taken again) and written over by the next run that completes. Checked, held: a cursor in
    the future (another host's clock ahead) is ignored the same way, and two runs write it whole (each its own
    temporary file, then a rename)."""
    import json

    from services.core.config import get_settings
    from services.search import service as search

    clerk = fast_headers("clerk", clearance=3, username="vanthu-a21b")
    doc_id = ingest(anon_client, "tb-231.txt", _notice("231/TB-UBND", office_today(), (
        f"1. Giao {YT} chủ trì rà soát danh mục thuốc thiết yếu khobatkip231, hoàn thành trong tháng."),
        "Kết luận về danh mục thuốc"), clerk)
    ok(anon_client.patch(f"/documents/{doc_id}/access", headers=clerk, json={"level": 1, "audience": "public"}))
    indexed: list[str] = []
    monkeypatch.setattr(search, "index_documents", lambda batch: indexed.extend(batch))
    cursor = get_settings().data_dir / "search-catch-up.json"
    identity = search._index_identity()
    for written in ("[]", "null", '"2026-12-08"', json.dumps({"index": identity, "read_at": "2026-12-08T00:00:00"}),
                    json.dumps({"index": identity, "read_at": ["2026"]}),
                    json.dumps({"index": identity, "read_at": "2999-01-01T00:00:00+00:00"})):
        cursor.write_text(written)
        indexed.clear()
        assert search.catch_up_tightened() == 1, written
        assert indexed == [doc_id], (written, indexed)
        assert json.loads(cursor.read_text())["index"] == identity  # written over by the run that completed


def test_a_collective_is_no_internal_recipient_of_an_outgoing_document(anon_client: Any) -> None:
    """SECURITY.md 113. The last door that made a collective a unit of the directory: sending an outgoing document
    (sổ đi) to an internal recipient "Các sở, ban, ngành" made it a unit (`ensure_unit`, no strict check) with a sổ
    đến of its own — the stray unit 110 was about (made there by a routing), a name whose key every internal notice
    addressed to all departments carries. A draft naming a collective as an internal recipient is now refused
    (422 `collective_recipient`) before anything is written, and so is the sending of a draft written before."""
    from fixtures.builders import make_docx
    from sqlalchemy import func, select

    from services.core.auth.models import Unit
    from services.core.db import session_factory
    from services.registry.models import OutgoingDocument

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a21c")
    draft = make_docx(["UBND tỉnh đề nghị các sở, ban, ngành rà soát báo cáo tháng."], title=["CÔNG VĂN"])
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    for collective in ("Các sở, ban, ngành", "UBND các xã, phường"):
        r = web.post("/registry/outgoing", headers=clerk, files={"file": ("du-thao.docx", draft, docx_type)},
                     data={"doc_type": "Công văn", "subject": "V/v rà soát báo cáo tháng", "drafting_unit_code": "VX",
                           "internal_recipients": [YT, collective]})
        assert error_code(r, 422) == "collective_recipient", r.text
    with session_factory()() as session:
        assert session.scalar(select(func.count()).select_from(OutgoingDocument)) == 0
        assert [u for u in session.scalars(select(Unit.name)) if "các" in u.lower()] == []
    # a named department and an outside body still go through (control)
    ok(web.post("/registry/outgoing", headers=clerk, files={"file": ("du-thao.docx", draft, docx_type)},
                data={"doc_type": "Công văn", "subject": "V/v rà soát báo cáo tháng", "drafting_unit_code": "VX",
                      "internal_recipients": [YT], "external_recipients": ["Bộ Y tế"]}), 201)


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_reopening_does_not_slip_past_a_recall_committed_meanwhile(db_backend: str, anon_client: Any,
                                                                     monkeypatch: Any) -> None:
    """SECURITY.md 114 (PostgreSQL: SQLite's one writer orders them). "Mở lại nhiệm vụ" refuses a task of a
    recalled document (the office withdrew the work) — but read the recall mark without holding the document, while
    the recall (`outgoing.recall`) writes the mark, then lists the document's open tasks to recall them. A recall
    committed between the reopening's check and its commit listed the task as completed (the reopening not yet
    committed) and left it: the withdrawn công văn's task was back in the unit's inbox, in progress and overdue, its
    unit told "Nhiệm vụ được mở lại" — the sequel of 90. The reopening now reads the mark holding the document (FOR
    SHARE, as the sync does): a recall under way is waited for and refuses it; one asked after waits for the
    reopening, then finds the task open and recalls it. Shown with the recall committed right after the check, the
    recall not waiting more than a moment for the document."""
    from helpers.recall_race import Recall, sent_cong_van

    from services.briefing import workflow

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a21d")
    leader = fast_headers("leader", clearance=2, username="pct-a21d")
    yt = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a21d")
    out = sent_cong_van(web, clerk, leader, YT, f"UBND tỉnh giao {YT} chủ trì kiểm tra công tác tiêm chủng tại các "
                        f"trạm y tế xã vùng sâu, báo cáo kết quả trước ngày {_vn(day + timedelta(days=20))}.",
                        "V/v kiểm tra tiêm chủng trạm y tế xã")
    [task] = confirm_all(web, clerk, out["document_id"])
    ok(web.post(f"/tasks/{task['id']}/complete", headers=yt, json={"completed_on": day.isoformat(),
                                                                   "text": "Đã kiểm tra 9 trạm."}))
    ok(web.post(f"/tasks/{task['id']}/accept", headers=leader, json={}))
    recall = Recall(out["id"], "pct-a21d")
    tried = recall.outcome
    recall.run_at(monkeypatch, workflow, "document_recall", after=True)  # right after the check
    r = web.post(f"/tasks/{task['id']}/reopen", headers=leader, json={"reason": "Mới kiểm tra 4/9 trạm."})
    monkeypatch.undo()
    if tried == ["waited"]:  # the recall met the held document: it goes on once the reopening is committed
        assert r.status_code == 200, r.text
        recall(wait=True)
    else:
        assert r.status_code in (200, 409), r.text
    wait_idle(60)
    assert ok(web.get(f"/documents/{out['document_id']}", headers=clerk))["recalled"]
    state = ok(web.get(f"/tasks/{task['id']}", headers=leader))["state"]
    assert state in ("recalled", "completed"), (tried, r.status_code, state)
    assert tried in (["waited", "recalled"], ["recalled"]), tried
    assert task["id"] not in str(ok(web.get(f"/units/{_unit_id(web, yt, YT)}/tasks", headers=yt,
                                            params={"status": "overdue"})))


def test_checked_held_the_new_task_routes_take_the_json_limit_and_no_body_is_decompressed(anon_client: Any) -> None:
    """SECURITY.md 115 (3), checked, held. The task steps added last session (reopen, end, carry-over) take the
    ordinary JSON limit: a Content-Length one byte above it is a 413 before the body is read, one at it is read (and
    answered on its merits), and a gzip body is not unpacked by the server (Content-Encoding is not honoured on
    requests): it is bytes that are no JSON."""
    import gzip
    import json

    from services.core.config import get_settings

    web = anon_client
    leader = fast_headers("leader", clearance=0, username="ld-a21e")
    limit = get_settings().max_json_bytes
    for step in ("reopen", "end", "carry-over"):
        path = f"/tasks/00000000-0000-0000-0000-000000000000/{step}"
        body = json.dumps({"reason": "x" * (limit - 20)}).encode()
        body += b" " * (limit + 1 - len(body))
        assert web.post(path, headers={**leader, "content-type": "application/json"}, content=body).status_code == 413
        r = web.post(path, headers={**leader, "content-type": "application/json"}, content=body[:limit])
        assert r.status_code in (404, 422), (step, r.status_code, r.text[:200])
    packed = gzip.compress(json.dumps({"reason": "y" * (50 * limit)}).encode())
    assert len(packed) < limit
    r = web.post("/tasks/00000000-0000-0000-0000-000000000000/end", content=packed,
                 headers={**leader, "content-type": "application/json", "content-encoding": "gzip"})
    # not unpacked: bytes that are no text (FastAPI's own 400 "error parsing the body": noted in SECURITY.md 115)
    assert r.status_code in (400, 422) and "y" * 100 not in r.text, r.text[:300]


def test_a_collective_in_another_spelling_is_no_unit_either(anon_client: Any) -> None:
    """SECURITY.md 116. 101 and 110 refuse a collective ("Các sở, ban, ngành") as an account's unit, a unit of the
    directory, another name of one, a routing's or a task's unit — by its spelling (`is_collective`), while access
    goes by the unit key, which drops diacritics, punctuation, invisible characters and case. An administrator (of
    clearance Thường) created a unit officer in "Cac so, ban, nganh" (or "Các sở ban ngành", "Các sở – ban – ngành.",
    a zero-width space, decomposed letters): its key is the collective's, and the officer read every internal notice
    addressed to "Các sở, ban, ngành" (measured: the notice's page, 200). Every door now asks the same of any
    spelling (`vntext.units.collective_unit_name`, and for accounts also of the key itself)."""
    import unicodedata

    from fixtures.builders import make_docx

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a21f")
    admin = fast_headers("admin", clearance=0, username="qt-thuong-a21f")
    day = office_today()
    notice = (f"ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH ĐÔNG\nSố: 251/TB-UBND\nHòa Bình Đông, ngày {day.day:02d} tháng "
              f"{day.month:02d} năm {day.year}\n\nTHÔNG BÁO\nVề việc rà soát biên chế năm sau\n\nỦy ban nhân dân tỉnh "
              "đề nghị rà soát biên chế, báo cáo trước ngày 30/12.\n\nNơi nhận:\n- Các sở, ban, ngành;\n- Lưu: VT.\n"
              ).encode()
    doc_id = ingest(web, "tb-251.txt", notice, clerk)
    assert ok(web.get(f"/documents/{doc_id}", headers=clerk))["audience"] == "internal"
    spellings = ["Cac so, ban, nganh", "Các sở ban ngành", "Các sở – ban – ngành.", "Các\u200bsở, ban, ngành",
                 unicodedata.normalize("NFD", "Các sở, ban, ngành"), "UBND cac xa phuong"]
    for n, name in enumerate(spellings):
        r = web.post("/users", headers=admin, json={"username": f"cv-chung-{n}", "password": "mat-khau-123",
                                                    "role": "unit_staff", "unit": name, "clearance": 0})
        assert error_code(r, 422) == "collective_unit", (name, r.text)
    ok(web.post("/users", headers=admin, json={"username": "cv-yt-a21f", "password": "mat-khau-123",
                                               "role": "unit_staff", "unit": YT, "clearance": 0}), 201)
    r = web.patch("/users/cv-yt-a21f", headers=admin, json={"unit": "Cac so ban nganh"})
    assert error_code(r, 422) == "collective_unit", r.text
    for name in spellings[:3]:
        assert error_code(web.post("/units/proposals/accept", headers=clerk, json={"name": name}), 422) in (
            "collective_unit", "collective_unit_name"), name
    draft = make_docx(["UBND tỉnh đề nghị rà soát biên chế."], title=["CÔNG VĂN"])
    r = web.post("/registry/outgoing", headers=clerk, data={
        "doc_type": "Công văn", "subject": "V/v rà soát biên chế", "drafting_unit_code": "NC",
        "internal_recipients": ["Các sở – ban – ngành"]}, files={"file": ("du-thao.docx", draft, "application/vnd."
                                                                         "openxmlformats-officedocument."
                                                                         "wordprocessingml.document")})
    assert error_code(r, 422) == "collective_recipient", r.text
    assert not [u["name"] for u in ok_list(web.get("/units", headers=clerk)) if u["name"] != YT]


def ok_list(r: Any) -> list[Any]:
    assert r.status_code == 200, r.text
    return list(r.json())


def test_collective_names_in_any_spelling_and_units_that_are_none() -> None:
    """SECURITY.md 116, the pure check: the spellings whose unit key is a collective's are collectives; real units
    (of the directory or not), whatever their spelling, are not."""
    import unicodedata

    from services.vntext.units import collective_unit_name

    for name in ("Các sở, ban, ngành", "Cac so, ban, nganh", "Các sở ban ngành", "CÁC SỞ; BAN; NGÀNH",
                 "Các sở – ban – ngành.", "Các\u200bsở, ban, ngành", unicodedata.normalize("NFD", "Các sở, ngành"),
                 "UBND cac xa phuong", "Uy ban nhan dan cac huyen va thanh pho", "Thu truong cac so nganh",
                 "Cac so ban nganh UBND cac huyen, thi xa", "cac co quan don vi lien quan"):
        assert collective_unit_name(name), name
    for name in ("Sở Y tế", "So Y te", "UBND xa Hoa Binh", "Ủy ban nhân dân tỉnh Nghệ An", "Trường THPT Các Mác",
                 "Ban Quản lý các khu công nghiệp", "Phòng Các vấn đề xã hội", "UBND huyện Các", "Các", ""):
        assert not collective_unit_name(name), name
