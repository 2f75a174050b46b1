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
    """A clerk decided that a new version replaces a notice ("Văn bản này thay thế …"): the old notice's tasks left
    the inboxes (recalled, the units told). Then the rules were upgraded and `vanban reprocess --stale` read the old
    notice again: a duty the older reading had given no task became a new task of the replaced notice, sent to the
    unit at once (tasks sent at extraction) — a withdrawn notice's work back in an inbox. (The older reading is
    arranged by removing the second duty's task and marking the notice read by version 0.)"""
    from helpers.briefing import fast_headers, ingest, ok

    from services.briefing.models import Task
    from services.core.db import session_factory
    from services.ingest.models import Document
    from services.ingest.reread import Selection, reread
    from services.core.dispatch import wait_idle

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
    assert reread(Selection(), after_batch=lambda: wait_idle(60)) >= 1
    wait_idle(60)
    assert open_tasks(staff) == [], open_tasks(staff)  # the unit's inbox
    assert open_tasks(clerk) == [], open_tasks(clerk)  # nor a proposal waiting for the clerk
