"""Twenty-second attack (SECURITY.md 117–): play19's department hand-over (phân công cán bộ xử lý) at every moment,
the lock order of a reopening against a recall, and request bodies that are not UTF-8 — as two unit heads, unit
staff (one uncleared, one moved to another unit mid-task), a clerk, a leader's office and an administrator of lower
clearance. Each test failed on the code before its fix, or (marked "checked, held") keeps a property found sound.
Invented names and notices."""
from __future__ import annotations

import threading
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
    from e2e.test_play_327 import issue_and_send
    from fixtures.builders import make_docx
    from sqlalchemy.exc import OperationalError

    from services.briefing import workflow
    from services.core.auth.policy import Principal, scope_for
    from services.core.db import session_factory
    from services.registry import outgoing
    from services.registry.models import OutgoingDocument

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-a22a")
    leader = fast_headers("leader", clearance=2, username="pct-a22a")
    leader2 = fast_headers("leader", clearance=2, username="pct2-a22a")
    yt = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a22a")
    cv = make_docx([f"UBND tỉnh giao {YT} chủ trì rà soát danh sách trạm y tế xã thiếu bác sĩ, báo cáo trước ngày "
                    f"{_vn(day + timedelta(days=15))}."],
                   header_left=["ỦY BAN NHÂN DÂN", "TỈNH HÒA BÌNH ĐÔNG", "Số:     /UBND-VX"],
                   title=[], recipients=["Nơi nhận:", f"- {YT};", "- Lưu: VT."])
    out = issue_and_send(web, clerk, leader, cv, "V/v rà soát trạm y tế xã thiếu bác sĩ", [YT])
    [task] = confirm_all(web, clerk, out["document_id"])
    ok(web.post(f"/tasks/{task['id']}/complete", headers=yt, json={"completed_on": day.isoformat(),
                                                                   "text": "Đã rà soát."}))
    ok(web.post(f"/tasks/{task['id']}/accept", headers=leader, json={}))
    ok(web.post(f"/tasks/{task['id']}/reopen", headers=leader, json={"reason": "Còn thiếu 3 xã."}))

    office = Principal(user_id=None, username="pct-a22a", role="leader", clearance=2)
    held, outcome = threading.Event(), []
    real_mark = outgoing.ingest.mark_recalled

    def mark_then_say(session: Any, *args: Any, **kwargs: Any) -> Any:
        found = real_mark(session, *args, **kwargs)
        held.set()  # the recall holds the document now; it goes on to the document's open tasks
        return found

    def recall() -> None:
        with session_factory()() as other:
            try:
                outgoing.recall(other, office, scope_for(office), other.get(OutgoingDocument, out["id"]),
                                "Ban hành nhầm đối tượng.")
                other.commit()
                outcome.append("recalled")
            except OperationalError as exc:
                other.rollback()
                outcome.append(f"failed: {type(exc.orig).__name__}")
            finally:
                held.set()

    real_hold = workflow._hold_access
    thread = threading.Thread(target=recall)

    def recall_meanwhile(session: Any, document_ids: Any) -> None:
        if not thread.is_alive() and not outcome:  # the first hold of the reopening: the recall starts here
            thread.start()
            assert held.wait(60)
        real_hold(session, document_ids)

    monkeypatch.setattr(outgoing.ingest, "mark_recalled", mark_then_say)
    monkeypatch.setattr(workflow, "_hold_access", recall_meanwhile)
    try:
        r = web.post(f"/tasks/{task['id']}/reopen", headers=leader2, json={"reason": "Mở lại: còn thiếu 3 xã."})
    finally:
        thread.join(120)
        monkeypatch.undo()
    assert outcome == ["recalled"], outcome
    assert r.status_code in (404, 409), r.text
    wait_idle(60)
    assert ok(web.get(f"/tasks/{task['id']}", headers=leader))["state"] == "recalled"
