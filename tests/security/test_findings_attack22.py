"""Twenty-second attack (SECURITY.md 117–): play19's department hand-over (phân công cán bộ xử lý) at every moment,
the lock order of a reopening against a recall, and request bodies that are not UTF-8 — as two unit heads, unit
staff (one uncleared, one moved to another unit mid-task), a clerk, a leader's office and an administrator of lower
clearance. Each test failed on the code before its fix, or (marked "checked, held") keeps a property found sound.
Invented names and notices."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from helpers.briefing import confirm_all, error_code, fast_headers, ok, unit_ids
from tests_support import office_today

from services.core.dispatch import wait_idle

YT, XD = "Sở Y tế", "Sở Xây dựng"


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_reopening_racing_a_recall_is_no_deadlock(db_backend: str, anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 117 (PostgreSQL: SQLite's one writer orders them). A reopening held the task (FOR UPDATE) and
    then the document (FOR SHARE, 114); a recall holds the document (its mark, FOR UPDATE) and then writes the
    document's open tasks — the opposite order. A second leader reopening a task already reopened (a stale page, a
    second click with other words: the task is open, the reopening is refused only after the document is read)
    while the recall ran: each waited for the other, PostgreSQL aborted one (deadlock detected) — a 500 for the
    leader, or the clerk's recall failed. The reopening now holds the document before the task, as the recall and a
    reprocess do: it waits for the recall, then finds the task recalled."""
    from helpers.recall_race import Recall, sent_cong_van

    from services.briefing import workflow

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a22a")
    leader = fast_headers("leader", clearance=2, username="pct-a22a")
    leader2 = fast_headers("leader", clearance=2, username="pct2-a22a")
    yt = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a22a")
    out = sent_cong_van(web, clerk, leader, YT, f"UBND tỉnh giao {YT} chủ trì rà soát danh sách trạm y tế xã thiếu "
                        f"bác sĩ, báo cáo trước ngày {_vn(day + timedelta(days=15))}.",
                        "V/v rà soát trạm y tế xã thiếu bác sĩ")
    [task] = confirm_all(web, clerk, out["document_id"])
    ok(web.post(f"/tasks/{task['id']}/complete", headers=yt, json={"completed_on": day.isoformat(),
                                                                   "text": "Đã rà soát."}))
    ok(web.post(f"/tasks/{task['id']}/accept", headers=leader, json={}))
    ok(web.post(f"/tasks/{task['id']}/reopen", headers=leader, json={"reason": "Còn thiếu 3 xã."}))

    recall = Recall(out["id"], "pct-a22a")
    outcome = recall.outcome
    recall.start_at(monkeypatch, workflow, "_hold_access")  # the reopening reads the recall mark: it starts here
    try:
        r = web.post(f"/tasks/{task['id']}/reopen", headers=leader2, json={"reason": "Mở lại: còn thiếu 3 xã."})
    finally:
        recall.join()
        monkeypatch.undo()
    assert outcome in (["waited"], ["recalled"]), outcome
    if outcome == ["waited"]:  # the reopening held the document: refused on its merits (open already), then recalled
        assert r.status_code == 409, r.text
        recall(wait=True)
    else:
        assert r.status_code in (404, 409), r.text
    assert outcome[-1] == "recalled", outcome
    wait_idle(60)
    assert ok(web.get(f"/tasks/{task['id']}", headers=leader))["state"] == "recalled"


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_an_edit_naming_a_unit_racing_a_recall_is_no_deadlock(db_backend: str, anon_client: Any,
                                                              monkeypatch: Any) -> None:
    """SECURITY.md 120 (PostgreSQL), the other paths of 117's reasoning. A step that may change who reads the
    document — a clerk's edit or confirmation naming a unit, a split or merge, a unit declining, a recurring task's
    next occurrence — held the task, then wrote the document's units (`_publish_assigned` → `hold_document`, FOR
    UPDATE): against a recall (the document, then its open tasks) PostgreSQL aborted one of them. Those steps now
    hold the document first too (FOR UPDATE, as they will write it): the recall waits for the edit, then recalls
    the task edited. Shown with a clerk adding a cooperating unit while the recall runs."""
    from helpers.recall_race import Recall, sent_cong_van

    from services.briefing import sync

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a22e")
    leader = fast_headers("leader", clearance=2, username="pct-a22e")
    fast_headers("unit_head", unit=XD, clearance=0, username="gd-xd-a22e")
    out = sent_cong_van(web, clerk, leader, YT, f"UBND tỉnh giao {YT} chủ trì thống kê số giường bệnh tuyến huyện, "
                        f"báo cáo trước ngày {_vn(day + timedelta(days=15))}.", "V/v thống kê giường bệnh tuyến huyện")
    [task] = confirm_all(web, clerk, out["document_id"])
    recall = Recall(out["id"], "pct-a22e")
    outcome = recall.outcome
    recall.start_at(monkeypatch, sync, "hold_document")  # the edit writes the document's units: it starts here
    try:
        r = web.patch(f"/tasks/{task['id']}", headers=clerk, json={"support": [XD]})
    finally:
        recall.join()
        monkeypatch.undo()
    assert r.status_code == 200, r.text
    assert outcome in (["waited"], ["recalled"]), outcome
    if outcome == ["waited"]:
        recall(wait=True)
    assert outcome[-1] == "recalled", outcome
    wait_idle(60)
    assert ok(web.get(f"/tasks/{task['id']}", headers=leader))["state"] == "recalled"

def _notice(number: str, day: date, body: str, subject: str, stamp: str = "") -> bytes:
    """A thông báo of UBND tỉnh (invented) as plain text to both departments; `stamp` "MẬT" marks it secret."""
    mark = f"{stamp}\n" if stamp else ""
    return (f"ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH ĐÔNG\nSố: {number}\n{mark}Hòa Bình Đông, ngày {day.day:02d} tháng "
            f"{day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n{subject}\n\n{body}\n\nNơi nhận:\n- {YT};\n- {XD};\n"
            "- Lưu: VT.\n").encode()


def _task(web: Any, clerk: dict[str, str], number: str, body: str, subject: str, stamp: str = "") -> dict[str, Any]:
    from helpers.briefing import ingest

    doc = ingest(web, f"tb-{number.split('/')[0]}.txt", _notice(number, office_today(), body, subject, stamp), clerk)
    [task] = confirm_all(web, clerk, doc)
    return dict(task)


def test_a_body_that_is_not_utf8_gets_a_code_and_a_vietnamese_message(anon_client: Any) -> None:
    """SECURITY.md 118 (left by attack21). A JSON body in another encoding (Latin-1, a gzip body) got FastAPI's own
    400 `{"detail": "There was an error parsing the body"}` — English, no code; a form (urlencoded) in another
    encoding was not refused at all: the form parser read its bytes as Latin-1 or U+FFFD and the step went through
    with the words changed ("K?t th?c" as an end's reason). Both are now refused before anything is read — 422
    `body_not_utf8`, a Vietnamese message, the task as it was — on a JSON route, a page's form (JSON answer for a
    script, the error page for a browser) and the login form; an address or a method the app has not is the
    project's error shape too."""
    from helpers.web import csrf_of, ui_login

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a22u")
    fast_headers("leader", clearance=1, username="pct-a22u")
    leader = fast_headers("leader", clearance=1, username="pct2-a22u")
    task = _task(web, clerk, "301/TB-UBND", f"Giao {YT} chủ trì tổng hợp số ca sốt xuất huyết hằng tuần.",
                 "Kết luận về phòng chống sốt xuất huyết")
    tid = task["id"]
    r = web.post(f"/tasks/{tid}/end", headers={**leader, "content-type": "application/json"},
                 content=b'{"reason": "K\xe1t th\xfac theo TB 9"}')  # Latin-1
    assert r.status_code == 422 and r.json()["error"]["code"] == "body_not_utf8", r.text
    assert "UTF-8" in r.json()["error"]["message"] and "không" in r.json()["error"]["message"]
    assert ok(web.get(f"/tasks/{tid}", headers=leader))["state"] != "dismissed"

    assert ui_login(web, "pct-a22u", "mat-khau-123").status_code == 200
    token = csrf_of(web.get(f"/ui/tasks/{tid}").text)
    form = {"content-type": "application/x-www-form-urlencoded"}
    for accept, bad in (("application/json", b"reason=K%E1t+th%FAc+theo+TB+9"),
                        ("text/html", "reason=Kết thúc theo TB 9".encode())):
        r = web.post(f"/ui/tasks/{tid}/end", headers={**form, "accept": accept}, follow_redirects=False,
                     content=b"csrf=" + token.encode() + b"&" + bad)
        assert r.status_code == 422, (accept, r.status_code, r.text[:300])
        if accept == "application/json":
            assert r.json()["error"]["code"] == "body_not_utf8", r.text
        else:
            assert "UTF-8" in r.text, r.text[:500]
    state = ok(web.get(f"/tasks/{tid}", headers=leader))
    assert state["state"] != "dismissed" and "\ufffd" not in str(state), state["state"]
    r = web.post("/ui/login", headers={**form, "accept": "application/json"}, content=b"username=%FF&password=x")
    assert r.status_code == 422 and r.json()["error"]["code"] == "body_not_utf8", r.text
    # the same step in UTF-8 goes through (the check refuses only what is not)
    r = web.post(f"/ui/tasks/{tid}/end", headers=form, follow_redirects=False,
                 content=b"csrf=" + token.encode() + b"&reason=K%E1%BA%BFt+th%C3%BAc+theo+TB+9")
    assert r.status_code == 303, r.text[:300]
    assert ok(web.get(f"/tasks/{tid}", headers=leader, params={}))["state"] == "dismissed"
    for method, path, code in (("GET", "/khong-co-dia-chi-nay", "not_found"),
                               ("DELETE", "/documents", "method_not_allowed")):
        r = web.request(method, path, headers=leader)
        assert r.json()["error"]["code"] == code and "detail" not in r.json(), r.text


def _token(username: str) -> dict[str, str]:
    """A fresh access token of an existing account (a change of its unit ends its earlier tokens)."""
    from sqlalchemy import select

    from services.core.auth import service
    from services.core.auth.models import User
    from services.core.db import session_factory

    with session_factory()() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return {"Authorization": f"Bearer {service._access_token(user)[0]}"}


def test_a_handler_who_left_was_disabled_or_lost_clearance_no_longer_holds_the_units_part(anon_client: Any) -> None:
    """SECURITY.md 119. Once the head hands the unit's part to an officer, the unit's other officers are refused
    (403 naming him) — and stayed refused when that officer could no longer act: moved to another unit (his token
    ended, the task gone from his "mine"), disabled, or not cleared once the document was raised to Mật (the task
    404 to him). The unit's part was then reachable only by the head, its officers told to leave it to someone who
    cannot. The hand-over now holds only while the officer is an active account of the unit cleared for the
    document's level (one check, `handler_in_force`, for the API and the page); the head may hand it again. Checked,
    held meanwhile: the handler alone reports, the moved officer lists nothing of the old unit and cannot report on
    its part, the uncleared one does not see the task."""
    web = anon_client
    clerk = fast_headers("clerk", clearance=2, username="vanthu-a22h")
    leader = fast_headers("leader", clearance=2, username="pct-a22h")
    admin = fast_headers("admin", clearance=3, username="qt-a22h")
    head = fast_headers("unit_head", unit=YT, clearance=2, username="gd-yt-a22h")
    s1 = fast_headers("unit_staff", unit=YT, clearance=0, username="cv1-yt-a22h")
    s2 = fast_headers("unit_staff", unit=YT, clearance=2, username="cv2-yt-a22h")
    fast_headers("unit_staff", unit=YT, clearance=2, username="cv3-yt-a22h")
    fast_headers("unit_head", unit=XD, clearance=0, username="gd-xd-a22h")
    units = unit_ids(web, clerk)
    task = _task(web, clerk, "402/TB-UBND", f"Giao {YT} chủ trì, phối hợp với {XD} kiểm tra an toàn thực phẩm tại các "
                 "bếp ăn tập thể của trường học.", "Kết luận về an toàn thực phẩm trường học")
    tid, doc = task["id"], task["document"]["id"]

    def report(who: dict[str, str], words: str) -> Any:
        return web.post(f"/tasks/{tid}/progress", headers=who, json={"percent": 20, "text": words})

    ok(web.post(f"/tasks/{tid}/handler", headers=head, json={"username": "cv1-yt-a22h"}))
    assert error_code(report(s2, "Đã kiểm tra 2 trường."), 403) == "forbidden"  # held: the unit answers through him
    ok(report(s1, "Đã kiểm tra 3 trường."))
    # raised to Mật: the officer handed it may no longer read it — the others answer again
    ok(web.patch(f"/documents/{doc}/access", headers=clerk, json={"level": 2}))
    assert web.get(f"/tasks/{tid}", headers=s1).status_code == 404
    assert ok(web.get(f"/units/{units[YT]}/tasks", headers=s1, params={"mine": "true"}))["total"] == 0
    ok(report(s2, "Đã kiểm tra 5 trường."))
    ok(web.patch(f"/documents/{doc}/access", headers=leader, json={"level": 0}))
    assert error_code(report(s2, "Đã kiểm tra 6 trường."), 403) == "forbidden"  # cleared again: his again
    # moved to another unit: he no longer holds Sở Y tế's part
    ok(web.patch("/users/cv1-yt-a22h", headers=admin, json={"unit": XD}))
    moved = _token("cv1-yt-a22h")
    assert ok(web.get(f"/units/{units[XD]}/tasks", headers=moved, params={"mine": "true"}))["total"] == 0
    assert web.get(f"/units/{units[YT]}/tasks", headers=moved, params={"mine": "true"}).status_code == 403
    now = ok(report(moved, "Phần việc của Sở Xây dựng."))  # an officer of the cooperating unit: its own part only
    assert now["my_role"] == "support" and now["progress_note"] == "Đã kiểm tra 5 trường.", now["progress_note"]
    ok(report(s2, "Đã kiểm tra 7 trường."))
    # handed to another, then disabled: the same
    ok(web.post(f"/tasks/{tid}/handler", headers=head, json={"username": "cv3-yt-a22h"}))
    assert error_code(report(s2, "Đã kiểm tra 8 trường."), 403) == "forbidden"
    ok(web.post("/users/cv3-yt-a22h/disable", headers=admin))
    detail = ok(report(s2, "Đã kiểm tra 9 trường."))
    assert detail["progress_note"] == "Đã kiểm tra 9 trường.", detail["progress_note"]


def test_checked_held_a_later_document_the_viewer_may_not_read_is_not_on_a_task_page(anon_client: Any) -> None:
    """SECURITY.md 121 (1), checked, held. The task page's "Văn bản sau dẫn chiếu" lists, under each later document
    citing the task's document, the tasks it gave (lead, status, progress, cooperating units that reported). A
    later Mật notice citing an ordinary one: a leader cleared for it reads it there with its task; an officer of a
    unit named on both tasks, not cleared, reads neither its number, nor its task, its lead or its progress — nor
    a count of them — on the ordinary task's page."""
    import re

    from helpers.web import ui_login

    web = anon_client
    clerk = fast_headers("clerk", clearance=2, username="vanthu-a22l")
    fast_headers("leader", clearance=2, username="pct-a22l")
    yt = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a22l")
    fast_headers("unit_head", unit=XD, clearance=0, username="gd-xd-a22l")
    first = _task(web, clerk, "403/TB-UBND", f"Giao {YT} chủ trì, phối hợp với {XD} rà soát các cơ sở khám chữa "
                  "bệnh tư nhân chưa có giấy phép.", "Kết luận về quản lý hành nghề y tư nhân")
    later = _task(web, clerk, "404/TB-UBND", f"Giao {XD} chủ trì, phối hợp với {YT} thanh tra đột xuất 7 phòng khám "
                  "tư nhân ở thị xã Bắc Sơn theo danh sách kèm theo.",
                  "Triển khai Thông báo số 403/TB-UBND về quản lý hành nghề y tư nhân", stamp="MẬT")
    assert later["document"]["level"] >= 1, later["document"]
    ok(web.post(f"/tasks/{later['id']}/progress", headers=fast_headers("unit_head", unit=XD, clearance=2,
                                                                            username="pgd-xd-a22l"),
                json={"percent": 35, "text": "Đã thanh tra 2 phòng khám."}))
    assert web.get(f"/tasks/{later['id']}", headers=yt).status_code == 404  # the later task itself: hidden from her

    def page_as(username: str) -> str:
        web.cookies.clear()
        assert ui_login(web, username, "mat-khau-123").status_code == 200
        return re.sub(r"\s+", " ", web.get(f"/ui/tasks/{first['id']}").text)

    cleared = page_as("pct-a22l")
    assert "404/TB-UBND" in cleared and "later-tasks" in cleared and "35%" in cleared, cleared[-3000:]
    hidden = page_as("cv-yt-a22l")
    assert "403/TB-UBND" in hidden, hidden[:500]
    for secret in ("404/TB-UBND", "later-tasks", "later-documents", "Văn bản sau dẫn chiếu", later["id"],
                   later["document"]["id"], "35%", "7 phòng khám"):
        assert secret not in hidden, secret


def test_a_split_or_merge_keeps_the_units_hand_over(anon_client: Any) -> None:
    """SECURITY.md 122. A clerk may split or merge a task already sent (a working one). The parts and the merged
    task got new unit rows without the hand-over: the officer the head had handed the unit's part to lost them from
    "Được phân công cho tôi", and every other officer of the unit reported on them again — the head's decision
    undone by a clerk's edit, without a word. A split or merge now keeps each unit's hand-over (the same officer on
    the tasks it comes from; none where they differ)."""
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a22s")
    head = fast_headers("unit_head", unit=YT, clearance=1, username="gd-yt-a22s")
    s1 = fast_headers("unit_staff", unit=YT, clearance=1, username="cv1-yt-a22s")
    s2 = fast_headers("unit_staff", unit=YT, clearance=1, username="cv2-yt-a22s")
    fast_headers("unit_head", unit=XD, clearance=0, username="gd-xd-a22s")
    units = unit_ids(web, clerk)
    task = _task(web, clerk, "405/TB-UBND", f"Giao {YT} chủ trì, phối hợp với {XD} kiểm tra nước sạch nông thôn và "
                 "vệ sinh môi trường tại các trạm cấp nước.", "Kết luận về nước sạch nông thôn")
    ok(web.post(f"/tasks/{task['id']}/handler", headers=head, json={"username": "cv1-yt-a22s"}))
    split = web.post(f"/tasks/{task['id']}/split", headers=clerk, json={"parts": [
        {"action": "kiểm tra nước sạch nông thôn tại các trạm cấp nước", "lead": YT, "support": [XD]},
        {"action": "kiểm tra vệ sinh môi trường tại các trạm cấp nước", "lead": YT, "support": [XD]}]})
    assert split.status_code == 201, split.text
    parts = split.json()
    mine = ok(web.get(f"/units/{units[YT]}/tasks", headers=s1, params={"mine": "true"}))
    assert sorted(t["id"] for t in mine["items"]) == sorted(p["id"] for p in parts), mine
    for p in parts:
        lead = next(u for u in p["units"] if u["role"] == "lead")
        assert lead["handler"] == "cv1-yt-a22s", p["units"]
        assert error_code(web.post(f"/tasks/{p['id']}/progress", headers=s2, json={"percent": 10, "text": "Đã làm."}),
                          403) == "forbidden"
    merged = ok(web.post("/tasks/merge", headers=clerk, json={"task_ids": [p["id"] for p in parts]}), 201)
    assert next(u for u in merged["units"] if u["role"] == "lead")["handler"] == "cv1-yt-a22s", merged["units"]
    assert [t["id"] for t in ok(web.get(f"/units/{units[YT]}/tasks", headers=s1,
                                        params={"mine": "true"}))["items"]] == [merged["id"]]
    ok(web.post(f"/tasks/{merged['id']}/progress", headers=s1, json={"percent": 30, "text": "Đã kiểm tra 4 trạm."}))
