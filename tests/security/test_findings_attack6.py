"""Findings of the sixth attack (batches across documents and the moments between states): one test each, against
the real application on SQLite and/or real PostgreSQL. Each failed before its fix. Invented notices."""
from __future__ import annotations

import threading
from typing import Any

import pytest

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_sync_batch_never_writes_an_access_read_before_a_clerk_raised_it(client: Any, db_backend: str) -> None:
    """A batch of `briefing.sync_documents` reads the views of its documents first, then syncs them one by one. A
    clerk raises one of them to Mật and commits in between (briefing's copy follows in her transaction): the batch
    then wrote the level it had read, Thường, over briefing's copy — the unit's inbox and the reports showed the
    task of a Mật document to staff of clearance Thường until the re-queued sync ran (behind the workers' backlog).
    The batch must copy the access as it stands when it writes (PostgreSQL: concurrent transactions)."""
    from helpers.briefing import confirm_all, fast_headers, inbox, ingest, unit_ids
    from helpers.notices import notice_text
    from security.test_findings import held_queue
    from sqlalchemy import select

    from services.briefing.models import TrackedDocument
    from services.briefing.sync import sync_documents
    from services.core.db import savepoint, session_factory

    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    head0 = fast_headers("unit_head", "Sở Y tế", 0, "syt-thuong")
    doc = ingest(client, "tb-61.txt", notice_text("61/TB-UBND", "14/03/2009", [
        "Giao Sở Y tế chủ trì rà soát kho thuốc dự trữ kinhkho61, hoàn thành trước ngày 15/4/2009."]).encode(),
        clerk)
    confirm_all(client, clerk, doc)
    wait_idle(60)
    unit = unit_ids(client, clerk)["Sở Y tế"]
    assert [t["document"]["id"] for t in inbox(client, unit, head0)["items"]] == [doc]

    read, raised = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def batch() -> None:
        try:
            with session_factory()() as session:
                def each(_document_id: str, sync: Any) -> None:
                    read.set()  # the views are read
                    raised.wait(3)  # the clerk's change commits meanwhile (with the fix, it waits for this batch)
                    with savepoint(session):
                        sync()

                sync_documents(session, [doc], each)
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    def clerk_raises() -> None:
        try:
            r = client.patch(f"/documents/{doc}/access", json={"level": 1}, headers=clerk)
            assert r.status_code == 200, r.text
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            raised.set()

    with held_queue():  # the sync the clerk's change queues again waits behind other work
        t_batch = threading.Thread(target=batch)
        t_batch.start()
        assert read.wait(30)
        t_clerk = threading.Thread(target=clerk_raises)
        t_clerk.start()
        t_batch.join(60)
        t_clerk.join(60)
        assert not errors, errors
        with session_factory()() as session:
            level = session.scalar(select(TrackedDocument.level).where(TrackedDocument.document_id == doc))
        assert level == 1
        assert inbox(client, unit, head0)["items"] == []
    wait_idle(60)
    assert inbox(client, unit, head0)["items"] == []
