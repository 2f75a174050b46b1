"""The hand-over (phân công cán bộ xử lý) as a unit's people read it, after fix23: the head hands a monthly report to
one officer, then to another — the unit's mailbox says it moved, and the first message, still waiting, is not sent
after it; next month's task, carried to the same officer, says so in its history. Invented names and notice."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from helpers.briefing import fast_headers, ingest, ok, unit_ids
from helpers.notices import notice_text
from helpers.web import ui_login
from tests_support import office_today

XD = "Sở Xây dựng"


def test_a_hand_over_moved_and_carried_is_told_and_written(anon_client: Any) -> None:
    from sqlalchemy import select

    from services.briefing.models import Notification
    from services.core.auth.models import Unit
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-f23")
    leader = fast_headers("leader", clearance=2, username="pct-f23")
    head = fast_headers("unit_head", unit=XD, clearance=0, username="gd-xd-f23")
    fast_headers("unit_staff", unit=XD, clearance=0, username="cv1-xd-f23")
    second = fast_headers("unit_staff", unit=XD, clearance=0, username="cv2-xd-f23")
    other = fast_headers("unit_staff", unit=XD, clearance=0, username="cv3-xd-f23")
    xd_id = unit_ids(web, clerk)[XD]
    with session_factory()() as session:  # the unit's webhook (no SMTP in tests): what the unit is told
        session.get(Unit, xd_id).webhook_url = f"http://127.0.0.1:9/{xd_id}"  # never reached: queued only
        session.commit()
    plan = notice_text("907/KH-UBND", day.strftime("%d/%m/%Y"), [
        "Các sở, ngành triển khai kế hoạch cải tạo chung cư cũ năm 2026."], subject="Kế hoạch cải tạo chung cư cũ")
    doc = ingest(web, "kh-907.txt", plan.encode(), clerk)
    tid = ok(web.post("/tasks", headers=clerk, json={
        "document_id": doc, "lead": XD, "deadline": (day + timedelta(days=5)).isoformat(),
        "recurrence": "hằng tháng", "action": "Báo cáo tiến độ cải tạo chung cư cũ"}), 201)["id"]

    # Giám đốc: "I gave it to An, then moved it to Bình the same morning — the unit's mailbox still said An, and
    # An's message went out after Bình's." The second message says whom it replaces; the first, not sent yet, is not.
    ok(web.post(f"/tasks/{tid}/handler", headers=head, json={"username": "cv1-xd-f23"}))
    ok(web.post(f"/tasks/{tid}/handler", headers=head, json={"username": "cv2-xd-f23", "note": "Bình làm tiếp."}))
    with session_factory()() as session:
        told = list(session.scalars(select(Notification).where(Notification.task_id == tid,
                                                               Notification.kind == "handler_assigned")
                                    .order_by(Notification.id)))
        first, last = [(n.payload, n.body, n.last_error) for n in told]
    assert first[0]["handler"] == "cv1-xd-f23" and (first[2] or "").startswith("withdrawn"), first
    assert last[0]["handler"] == "cv2-xd-f23" and last[0]["previous"] == "cv1-xd-f23", last
    assert not (last[2] or "").startswith("withdrawn"), last
    assert "Cán bộ được phân công xử lý: cv2-xd-f23 (thay cv1-xd-f23)" in last[1], last[1]

    # Chuyên viên of the unit: "next month's report is Bình's again, and nothing on it says why." The next period
    # carries the hand-over (fix20) and its history now says so, to the unit's people.
    ok(web.post(f"/tasks/{tid}/complete", headers=second, json={"text": "Báo cáo số 7/BC-SXD."}))
    ok(web.post(f"/tasks/{tid}/accept", headers=leader, json={}))
    with session_factory()() as session:
        from services.briefing.models import Task

        nxt = session.scalar(select(Task.id).where(Task.parent_id == tid, Task.origin == "recurrence"))
    seen = ok(web.get(f"/tasks/{nxt}", headers=other))
    assert {u["name"]: u["handler"] for u in seen["units"]} == {XD: "cv2-xd-f23"}, seen["units"]
    carried = [e for e in seen["history"] if e["kind"] == "handler_assigned"]
    assert len(carried) == 1, seen["history"]
    assert carried[0]["detail"]["handler"] == "cv2-xd-f23" and carried[0]["detail"]["carried_from"] == tid, carried
    assert "kỳ trước" in (carried[0]["text"] or ""), carried
    ui_login(web, "cv3-xd-f23", "mat-khau-123")
    page = web.get(f"/ui/tasks/{nxt}")
    assert page.status_code == 200 and "Cán bộ xử lý: cv2-xd-f23" in page.text, page.text[:500]
