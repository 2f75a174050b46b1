"""A reopened task's percent is its lead unit's (fix25, review20 on play20): a task moved to another lead (the percent
back to 0: the new lead has reported nothing yet), reported done by the new lead and accepted, then reopened by the
leader — the new lead must not find the old lead's 60 % as its own. Invented names and notice."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from helpers.briefing import fast_headers, ingest, ok
from helpers.notices import notice_text
from tests_support import office_today

CT, TC = "Sở Công Thương", "Sở Tài chính"


def test_a_reopened_task_takes_the_percent_of_its_lead_only(anon_client: Any) -> None:
    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-f25")
    leader = fast_headers("leader", clearance=2, username="pct-f25")
    ct = fast_headers("unit_head", unit=CT, clearance=0, username="gd-ct-f25")
    tc = fast_headers("unit_head", unit=TC, clearance=0, username="gd-tc-f25")
    plan = notice_text("925/KH-UBND", day.strftime("%d/%m/%Y"), [
        "Các sở, ngành triển khai kế hoạch bình ổn giá mặt hàng thiết yếu."], subject="Kế hoạch bình ổn giá")
    doc = ingest(web, "kh-925.txt", plan.encode(), clerk)
    tid = ok(web.post("/tasks", headers=clerk, json={
        "document_id": doc, "lead": CT, "deadline": (day + timedelta(days=10)).isoformat(),
        "action": "Rà soát nguồn hàng bình ổn giá"}), 201)["id"]

    ok(web.post(f"/tasks/{tid}/progress", headers=ct, json={"text": "Đã rà soát 6/10 chợ.", "percent": 60}))
    moved = ok(web.patch(f"/tasks/{tid}", headers=clerk, json={"lead": TC}))
    assert moved["lead"] == TC and moved["progress_percent"] == 0, moved
    ok(web.post(f"/tasks/{tid}/complete", headers=tc, json={"text": "Đã bố trí kinh phí bình ổn giá."}))
    ok(web.post(f"/tasks/{tid}/accept", headers=leader, json={}))
    # Phó Chủ tịch: "I reopened it — and Sở Tài chính's page said 60 %, a figure Sở Công Thương had reported."
    again = ok(web.post(f"/tasks/{tid}/reopen", headers=leader, json={"reason": "Chưa đủ hồ sơ thanh toán."}))
    assert again["lead"] == TC and again["progress_percent"] == 0, again

    # the lead's own report before "done" is what comes back
    ok(web.post(f"/tasks/{tid}/progress", headers=tc, json={"text": "Đã chuyển 30% kinh phí.", "percent": 30}))
    ok(web.post(f"/tasks/{tid}/complete", headers=tc, json={"text": "Đã chuyển đủ kinh phí."}))
    ok(web.post(f"/tasks/{tid}/accept", headers=leader, json={}))
    again = ok(web.post(f"/tasks/{tid}/reopen", headers=leader, json={"reason": "Thiếu chứng từ."}))
    assert again["progress_percent"] == 30, again
