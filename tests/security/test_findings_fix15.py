"""SECURITY.md 90, the rest of it (fix15): a recalled (thu hồi) notice whose tasks were all done when the office
recalled it — `outgoing.recall` recalls only the tasks not yet completed, so none of its tasks says "recalled" —
got NEW tasks when it was read again (`vanban reprocess`, a rules upgrade), sent at once to the units with tasks
sent at extraction. The test failed on the code before the fix. Invented notice."""
from __future__ import annotations

from typing import Any


def _notice(number: int, word: str) -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n"
            f"Số: {number}/TB-UBND\nNghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\nKết luận về việc {word}\n\n"
            f"1. Giao Sở Nội vụ chủ trì kiểm kê {word}, hoàn thành trước ngày 30/12/2030.\n\n"
            f"2. Giao Sở Y tế chủ trì rà soát hồ sơ {word}, hoàn thành trước ngày 15/12/2030.\n\n"
            "Nơi nhận:\n- Sở Nội vụ;\n- Sở Y tế;\n- Lưu: VT.\n").encode()


def test_a_recalled_notice_with_its_tasks_done_gets_no_task_when_read_again(anon_client: Any,
                                                                           monkeypatch: Any) -> None:
    """SECURITY.md 90 (fix15). The office issued a notice and later recalled it (thu hồi) after its one task was
    completed: the recall closes open tasks only, so no task of it is "recalled" — and the sync's test of a
    withdrawn notice (replaced, or a recalled task) did not see it. Then the rules were upgraded and `vanban
    reprocess --stale` read it again: the duty the older reading had missed became a new task of the recalled
    notice, sent at once to Sở Y tế. (The older reading is arranged as in 90's test: the second duty's task removed,
    the notice marked read by version 0.)"""
    from datetime import date

    from helpers.briefing import fast_headers, ingest, ok

    from services.briefing.domain import State
    from services.briefing.models import Task
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.ingest.models import Document
    from services.ingest.reread import Selection, reread
    from services.registry.models import OutgoingDocument

    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-fix15a")
    leader = fast_headers("leader", clearance=1, username="lanhdao-fix15a")
    staff = fast_headers("unit_staff", unit="Sở Y tế", clearance=1, username="cv-yte-fix15a")
    doc = ingest(web, "tb-1501.txt", _notice(1501, "khotaisan1501"), clerk)
    with session_factory()() as session:  # the older rules read one duty; its task was done; the office issued it
        tasks = list(session.query(Task).filter(Task.document_id == doc))
        [second] = [t for t in tasks if "rà soát" in t.action]
        [first] = [t for t in tasks if t is not second]
        session.delete(second)
        first.state = State.completed
        session.get(Document, doc).understanding_version = 0
        out = OutgoingDocument(state="issued", doc_type="Thông báo", subject="Kết luận về việc khotaisan1501",
                               file_sha256="0" * 64, filename="tb-1501.txt", number=1501,
                               full_number="1501/TB-UBND", issued_on=date(2026, 11, 12), document_id=doc)
        session.add(out)
        session.commit()
        out_id = out.id
    recalled = ok(web.post(f"/registry/outgoing/{out_id}/recall", headers=leader,
                           json={"reason": "Ban hành chưa đúng thẩm quyền"}))
    assert recalled["state"] == "recalled"
    wait_idle(60)

    def live(headers: dict[str, str]) -> list[str]:
        items = ok(web.get("/tasks", headers=headers, params={"document_id": doc, "limit": 100}))["items"]
        return [t["state"] for t in items if t["state"] not in ("recalled", "dismissed", "merged", "split_up",
                                                                 "completed")]

    assert live(clerk) == [] and live(staff) == []  # control: its one task is done, nothing else
    assert reread(Selection(), after_batch=lambda: wait_idle(60)).documents >= 1
    wait_idle(60)
    with session_factory()() as session:  # control: it was read again (a newer reading)
        assert (session.get(Document, doc).understanding_version or 0) > 0
    assert live(staff) == [], live(staff)  # the unit's inbox
    assert live(clerk) == [], live(clerk)  # nor a proposal waiting for the clerk
