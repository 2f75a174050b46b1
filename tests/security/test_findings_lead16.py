"""SECURITY.md 123 (review18 suspected it by reading; PostgreSQL — SQLite's one writer orders them): a leader
accepting a recurring task's report opens and sends the next period's task, and the acceptance held only the task
and never read the document's recall mark while a recall (`outgoing.recall`) writes the mark, then recalls the
document's open tasks. Played here with the recall asked at the worst moment (the next period made, not committed):
it did NOT slip past on main as it was — the recall waited (the acceptance's rows) and then recalled the new task — so
this test stands as "checked, held" for that moment. What was changed anyway: the acceptance now holds the document
first (as 117/120: document then task, the recall's order, where it used to take the document's row only when the
next period wrote its units — the opposite order) and gives no next period to a document already recalled."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from helpers.briefing import fast_headers, ok
from tests_support import office_today

from services.core.dispatch import wait_idle

YT = "Sở Y tế"


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_recurring_tasks_next_period_does_not_slip_past_a_recall(db_backend: str, anon_client: Any,
                                                                   monkeypatch: Any) -> None:
    from helpers.recall_race import Recall, sent_cong_van
    from sqlalchemy import select

    from services.briefing import workflow
    from services.briefing.models import Task
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-l16")
    leader = fast_headers("leader", clearance=2, username="pct-l16")
    yt = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-l16")
    out = sent_cong_van(web, clerk, leader, YT, f"UBND tỉnh giao {YT} hằng tháng báo cáo tình hình tiêm chủng mở rộng "
                        "tại các xã.", "V/v báo cáo tiêm chủng hằng tháng")
    wait_idle(60)
    task = ok(web.post("/tasks", headers=clerk, json={
        "document_id": out["document_id"], "lead": YT, "deadline": (day + timedelta(days=5)).isoformat(),
        "recurrence": "hằng tháng", "action": "Báo cáo tình hình tiêm chủng mở rộng"}), 201)
    ok(web.post(f"/tasks/{task['id']}/complete", headers=yt, json={"text": "Báo cáo tháng này đã gửi."}))
    recall = Recall(out["id"], "pct-l16")
    tried = recall.outcome
    # the moment: the next period made, not committed
    recall.run_at(monkeypatch, workflow, "_send", after=False)
    r = web.post(f"/tasks/{task['id']}/accept", headers=leader, json={})
    monkeypatch.undo()
    assert r.status_code == 200, r.text
    assert tried == ["waited"], tried  # the recall met the held document
    recall(wait=True)  # it goes on once the acceptance is committed
    wait_idle(60)
    assert ok(web.get(f"/documents/{out['document_id']}", headers=clerk))["recalled"]
    with session_factory()() as session:
        following = [(t.origin, t.state) for t in session.scalars(select(Task).where(Task.parent_id == task["id"]))]
    assert following == [("recurrence", "recalled")], following  # made, then recalled with its document
    assert ok(web.get(f"/tasks/{task['id']}", headers=leader))["state"] in ("completed", "recalled")
