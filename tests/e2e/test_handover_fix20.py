"""What a review of play 19's hand-over (phân công cán bộ xử lý, the pack's ended tasks) found, each fixed and played
here on one fresh instance (one test): a monthly report handed to a chuyên viên stays his next month; the admin's
audit page names the handler in Vietnamese; the unit is told whom its head handed the task to; a task ended "theo
Thông báo số …" of a Mật notice does not show that number to a reader not cleared for it (SECURITY.md 130)."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from helpers.briefing import fast_headers, inbox, ingest, ok, unit_ids
from helpers.notices import notice_text
from helpers.web import ui_login
from tests_support import office_today

XD, TC = "Sở Xây dựng", "Sở Tài chính"


def test_the_hand_over_after_review(anon_client: Any) -> None:
    from sqlalchemy import select

    from services.briefing.access import NUMBER_WITHHELD
    from services.briefing.models import Notification
    from services.core.auth.models import Unit
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-f20")
    leader = fast_headers("leader", clearance=2, username="pct-f20")
    admin = fast_headers("admin", clearance=3, username="qt-f20")
    head_xd = fast_headers("unit_head", unit=XD, clearance=0, username="gd-xd-f20")
    cv_xd = fast_headers("unit_staff", unit=XD, clearance=0, username="cv-xd-f20")
    head_tc = fast_headers("unit_head", unit=TC, clearance=0, username="gd-tc-f20")
    fast_headers("unit_staff", unit=TC, clearance=0, username="cv-tc-f20")
    units = unit_ids(web, clerk)
    with session_factory()() as session:  # the departments' webhooks (no SMTP in tests): what each unit is told
        for unit in session.scalars(select(Unit).where(Unit.name.in_([XD, TC]))):
            unit.webhook_url = f"http://127.0.0.1:9/{unit.id}"  # never reached: queued only
        session.commit()

    plan = notice_text("901/KH-UBND", day.strftime("%d/%m/%Y"), [
        "Các sở, ngành triển khai kế hoạch phát triển nhà ở năm 2026."], subject="Kế hoạch phát triển nhà ở")
    doc = ingest(web, "kh-901.txt", plan.encode(), clerk)
    task = ok(web.post("/tasks", headers=clerk, json={
        "document_id": doc, "lead": XD, "support": [TC], "deadline": (day + timedelta(days=5)).isoformat(),
        "recurrence": "hằng tháng", "action": "Báo cáo tình hình thực hiện kế hoạch phát triển nhà ở"}), 201)
    tid = task["id"]

    # 3. Chuyên viên: "the Giám đốc gave me the monthly report and I learnt it only when I opened my list" — the unit
    # (its e-mail and webhook: an officer has none of his own) is told whom its head handed its part to, with his note.
    note = "Đồng chí tổng hợp số liệu các xã."
    ok(web.post(f"/tasks/{tid}/handler", headers=head_xd, json={"username": "cv-xd-f20", "note": note}))
    ok(web.post(f"/tasks/{tid}/handler", headers=head_tc, json={"username": "cv-tc-f20"}))
    ok(web.post(f"/tasks/{tid}/handler", headers=head_xd, json={"username": "cv-xd-f20"}))  # again: nothing more
    with session_factory()() as session:
        told = [(n.unit_id, n.body, n.payload) for n in session.scalars(
            select(Notification).where(Notification.task_id == tid, Notification.kind == "handler_assigned"))]
    assert sorted(u for u, _, _ in told) == sorted([units[XD], units[TC]]), told
    body_xd, payload_xd = next((b, p) for u, b, p in told if u == units[XD])
    assert "Cán bộ được phân công xử lý: cv-xd-f20" in body_xd and note in body_xd, body_xd
    assert payload_xd["handler"] == "cv-xd-f20" and payload_xd["event"] == "handler_assigned", payload_xd

    # 2. Quản trị: the audit page read "handler: cv-xd-f20" — the field is named in Vietnamese like the others.
    ui_login(web, "qt-f20", "mat-khau-123")
    audit = web.get("/ui/admin/audit", params={"object_type": "task", "object_id": tid}).text
    audit = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", audit))
    assert "cán bộ xử lý: cv-xd-f20" in audit and "handler:" not in audit, audit[-2000:]

    # 1. Giám đốc: "I handed the monthly report to my chuyên viên; once this month's was accepted, next month's was
    # open to every officer again and gone from his list." The next period's task stays with the officer — while he
    # still works in the unit and may read the document: Sở Tài chính's officer moved to another unit meanwhile, so
    # its part of next month's task is unassigned (its head hands it anew).
    ok(web.patch("/users/cv-tc-f20", headers=admin, json={"unit": "Sở Y tế"}))
    ok(web.post(f"/tasks/{tid}/complete", headers=cv_xd, json={"text": "Báo cáo số 12/BC-SXD."}))
    ok(web.post(f"/tasks/{tid}/accept", headers=leader, json={}))
    mine = inbox(web, units[XD], cv_xd, mine="true")["items"]
    assert sorted((t["parent_id"] or "", t["origin"]) for t in mine) == [("", "manual"), (tid, "recurrence")], mine
    nxt = next(t["id"] for t in mine if t["parent_id"] == tid)
    rows = {u["name"]: u["handler"] for u in ok(web.get(f"/tasks/{nxt}", headers=leader))["units"]}
    assert rows == {XD: "cv-xd-f20", TC: None}, rows
    ok(web.post(f"/tasks/{nxt}/progress", headers=cv_xd, json={"text": "Đang tổng hợp.", "percent": 20}))

    # 4. Lãnh đạo (clearance Thường): "the pack said the task was ended 'Theo Thông báo số 88/TB-UBND' — a Mật notice
    # I may not read; I learnt its number and that it exists." A reason naming a document the reader may not see
    # reads neutral words to that reader (pack, task history); a cleared reader reads it as written, and a number no
    # document carries is the clerk's own words.
    secret = notice_text("88/TB-UBND", day.strftime("%d/%m/%Y"), ["Giao Sở Xây dựng rà soát quỹ đất nhà ở."])
    secret_id = ingest(web, "tb-88.txt", secret.encode(), clerk)
    ok(web.patch(f"/documents/{secret_id}/access", headers=clerk, json={"level": 1}))
    why = "Theo Thông báo số 88/TB-UBND: dừng báo cáo hằng tháng, gộp vào báo cáo quý."
    ok(web.post(f"/tasks/{nxt}/end", headers=clerk, json={"reason": why}))
    office = fast_headers("leader", clearance=2, username="cvp-f20")
    plain = fast_headers("leader", clearance=0, username="pgd-f20")
    last = ok(web.post("/meetings", headers=office, json={"title": "Giao ban tuần trước",
                                                          "meeting_date": (day - timedelta(days=7)).isoformat()}), 201)
    this = ok(web.post("/meetings", headers=office, json={"title": "Giao ban tuần này", "meeting_date": day.isoformat(),
                                                          "previous_id": last["id"]}), 201)

    def ended(headers: dict[str, str]) -> list[Any]:
        pack = ok(web.get(f"/meetings/{this['id']}/pack", headers=headers))
        return [(t["id"], t["ended_reason"]) for t in pack["ended"]]

    def history_says(headers: dict[str, str]) -> list[Any]:
        return [e["text"] for e in ok(web.get(f"/tasks/{nxt}", headers=headers))["history"] if e["kind"] == "ended"]

    with session_factory()() as session:  # the units' message: read by anyone of the unit, cleared or not
        told = [n.body for n in session.scalars(select(Notification).where(Notification.task_id == nxt,
                                                                           Notification.kind == "ended"))]
    assert len(told) == 2 and all(NUMBER_WITHHELD in b and "88/TB-UBND" not in b for b in told), told
    assert ended(office) == [(nxt, why)] and history_says(office) == [why]
    assert ended(plain) == [(nxt, NUMBER_WITHHELD)] and history_says(plain) == [NUMBER_WITHHELD]
    web.cookies.clear()  # the administrator's session ends: the plain leader signs in on the same browser
    assert ui_login(web, "pgd-f20", "mat-khau-123").status_code == 200
    page = web.get(f"/ui/meetings/{this['id']}").text
    assert 'id="pack-ended"' in page and "88/TB-UBND" not in page and NUMBER_WITHHELD in page, page[-3000:]
    assert "88/TB-UBND" not in web.get(f"/ui/tasks/{nxt}").text
    web.cookies.clear()  # the chuyên viên (clearance Thường) reads the task left his unit's list, and why
    assert ui_login(web, "cv-xd-f20", "mat-khau-123").status_code == 200
    listed = web.get("/ui/inbox").text
    assert NUMBER_WITHHELD in listed and "88/TB-UBND" not in listed, listed[-3000:]
