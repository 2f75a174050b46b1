"""Faults a province's office meets, at the moment between two states, on the real services through the TCP proxy
(faults_proxy): the mail server dropping a mailbox read after a mail's registration committed but before it is
flagged read; the database connection cut at the COMMIT of a unit's progress report with a file; Elasticsearch away
from the worker while a document is made Mật; a unit's webhook down while its tasks are sent; Redis away while
`vanban reprocess` queues documents."""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from faults_proxy import FlakyProxy, Stack, target, via
from tests_support import Users, shared_app, wait_for


def _client(headers: dict[str, str]) -> Any:
    from fastapi.testclient import TestClient

    client = TestClient(shared_app())
    client.__enter__()
    client.headers.update(headers)
    return client


NOTICE = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {n}/TB-UBND\nNghệ An, ngày 07 tháng 10 năm 2024\n\nTHÔNG BÁO\n"
          "Kết luận về đề án quelvor số {n}\n\nGiao Sở Xây dựng chủ trì rà soát đề án quelvor số {n}, "
          "báo cáo UBND tỉnh trước ngày 30/11/2024.\n")


def _processed(client: Any, n: int) -> str:
    r = client.post("/documents", files=[("files", (f"tb{n}.txt", NOTICE.format(n=n).encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    doc_id = str(r.json()["items"][0]["document_id"])
    wait_for(lambda: client.get(f"/documents/{doc_id}").json()["status"] == "done", timeout=120, what="processing")
    return doc_id


# --- 1. the mail server drops the connection in the middle of a mailbox read ------------------------------------------


def test_mailbox_read_cut_after_a_registration_loses_nothing_and_registers_nothing_twice(
        stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.registry import DOCX, imap_folder, letter, mail_with_attachments, seen_flags
    from sqlalchemy import func, select

    from services.core.db import session_factory
    from services.registry.intake import poll_mailbox
    from services.registry.models import IncomingEntry

    def lines() -> list[str]:
        with session_factory()() as s:
            return list(s.scalars(select(IncomingEntry.intake_key).order_by(IncomingEntry.number)))

    with imap_folder(monkeypatch) as (conn, name):
        import os

        imap = FlakyProxy(os.environ["VANBAN_IMAP_HOST"], int(os.environ["VANBAN_IMAP_PORT"])).up()
        monkeypatch.setenv("VANBAN_IMAP_HOST", "127.0.0.1")
        monkeypatch.setenv("VANBAN_IMAP_PORT", str(imap.port))
        try:
            for n in (301, 302, 303):
                mail = mail_with_attachments("Sở Tài chính <vanthu@stc.example>", f"Gửi công văn {n}",
                                             [(f"cv-{n}.docx", letter(f"{n}/STC", extra=f"thư {n}"), DOCX)])
                assert conn.append(name, "", None, mail)[0] == "OK"
            # the first mail's line is committed; the connection drops as the poller flags it read
            imap.cut_on(b"STORE")
            with pytest.raises(Exception):  # noqa: B017,PT011 - the IMAP library's abort or a socket error
                poll_mailbox()
            assert imap.cuts == 1
            assert len(lines()) == 1 and seen_flags(conn, name) == [False, False, False]
            imap.up()
            counts = poll_mailbox()  # the next poll: the first mail again, and the two it never reached
            assert counts["messages"] == 3 and counts["failed"] == 0, counts
            assert (counts["registered"], counts["already_registered"]) == (2, 1), counts
            assert seen_flags(conn, name) == [True, True, True]
            keys = lines()
            assert len(keys) == 3 and len(set(keys)) == 3  # each mail's file one line, none twice
            with session_factory()() as s:
                assert s.scalar(select(func.count()).select_from(IncomingEntry)) == 3
            assert poll_mailbox()["messages"] == 0
        finally:
            imap.down()


# --- 3. the database connection cut at the COMMIT of a workflow transition --------------------------------------------


def test_progress_report_with_a_file_cut_at_commit_is_refused_clearly_and_the_retry_lands_once(stack: Stack) -> None:
    from services.core import outbox

    users = Users()
    clerk = _client(users.headers("clerk", clearance=3))
    worker = stack.start_worker()
    doc_id = _processed(clerk, 411)
    wait_for(lambda: any(t["document"]["id"] == doc_id
                         for t in clerk.get("/tasks/review", params={"limit": 200}).json()["items"]),
             timeout=120, what=f"the tasks to reach the review queue\n{stack.logs()}")
    task = next(t for t in clerk.get("/tasks/review", params={"limit": 200}).json()["items"]
                if t["document"]["id"] == doc_id)
    assert clerk.post(f"/tasks/{task['id']}/confirm").status_code == 200
    unit = _client(users.headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="sxd1"))
    report = {"text": "Sở Xây dựng đã rà soát xong hai phần ba hồ sơ.", "percent": 60,
              "attachments": [{"filename": "bao-cao.txt", "content_type": "text/plain",
                               "content_base64": base64.b64encode("Báo cáo tiến độ quelvor".encode()).decode()}]}
    before = unit.get(f"/tasks/{task['id']}").json()
    # only the request speaks to the database now (no worker, no outbox relay): the cut is the request's own
    stack.kill(worker)
    outbox.stop()

    # the task's state flushed, its event not yet (mid-flush); then every write done, the COMMIT lost
    for n, moment in enumerate((b"INSERT INTO briefing_task_events", b"COMMIT"), start=1):
        stack.proxies["postgres"].cut_on(moment)
        r = unit.post(f"/tasks/{task['id']}/progress", json=report)
        assert stack.proxies["postgres"].cuts == n
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "database_unavailable" and "thử lại" in r.json()["error"]["message"]
        stack.proxies["postgres"].up()
        wait_for(lambda: unit.get("/readyz").status_code == 200, timeout=30, what="the database back")
        after = unit.get(f"/tasks/{task['id']}").json()
        assert len(after["history"]) == len(before["history"]) and after.get("percent") == before.get("percent")

    done = unit.post(f"/tasks/{task['id']}/progress", json=report)
    assert done.status_code == 200, done.text
    events = [e for e in unit.get(f"/tasks/{task['id']}").json()["history"] if e["kind"] == "progress"]
    assert len(events) == 1, events  # the refused attempt left no event; the retry one
    files = events[0]["detail"]["attachments"]
    assert len(files) == 1
    got = unit.get(f"/tasks/{task['id']}/attachments/{files[0]['sha256']}")
    assert got.status_code == 200 and got.content == "Báo cáo tiến độ quelvor".encode()


# --- 4. Elasticsearch away from the worker while a document is made Mật -----------------------------------------------


def test_tightening_while_the_index_is_unreachable_never_shows_the_document(
        stack: Stack, elasticsearch_url: str, tmp_path: Path) -> None:
    users = Users()
    clerk = _client(users.headers("clerk", clearance=3))
    es_worker = FlakyProxy(*target(elasticsearch_url)).up()  # the worker's own way to Elasticsearch
    try:
        stack.start_worker(VANBAN_ELASTICSEARCH_URL=via(elasticsearch_url, es_worker))
        doc_id = _processed(clerk, 421)
        other = _processed(clerk, 422)
        staff = _client(users.headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="sxd2"))

        def seen() -> tuple[set[str], int, int]:
            r = staff.get("/search", params={"q": "quelvor"})
            assert r.status_code == 200, r.text
            body = r.json()
            return {h["document_id"] for h in body["hits"]}, body["total"], sum(body["facets"]["year"].values())

        wait_for(lambda: seen()[0] == {doc_id, other}, timeout=120, what=f"both indexed\n{stack.logs()}")
        es_worker.down()
        r = clerk.patch(f"/documents/{doc_id}/access", json={"level": 2, "reason": "Chứa thông tin mật"})
        assert r.status_code == 200, r.text
        # the worker's search.index fails against the unreachable engine and is retried
        wait_for(lambda: "search.index" in stack.logs() and "retry" in stack.logs().lower(), timeout=60,
                 what=f"the index task to fail and be retried\n{stack.logs()}")
        for _ in range(2):  # meanwhile the entry still says Thường: no hit, total, facet or suggestion shows it
            assert seen() == ({other}, 1, 1)
            assert doc_id not in staff.get(f"/documents/{other}/similar").text
        assert clerk.get("/search", params={"q": "quelvor"}).json()["total"] == 2  # a cleared clerk sees both
        es_worker.up()

        def entry_level() -> int | None:
            import httpx

            from services.core.config import get_settings

            found = httpx.post(f"{elasticsearch_url}/{get_settings().index_prefix}*/_search",
                               json={"query": {"ids": {"values": [doc_id]}}}, timeout=10).json()
            hits = found.get("hits", {}).get("hits", [])
            return int(hits[0]["_source"].get("level", -1)) if hits else None

        wait_for(lambda: entry_level() == 2, timeout=90, what=f"the retried index task\n{stack.logs()}")
        assert seen() == ({other}, 1, 1)
    finally:
        es_worker.down()


# --- 2. a unit's webhook down while its tasks are sent ----------------------------------------------------------------


def test_tasks_sent_while_the_units_webhook_is_down_are_told_once_when_it_is_back(
        stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.briefing import set_contacts, webhook_receiver

    monkeypatch.setenv("VANBAN_ALLOW_PRIVATE_WEBHOOKS", "1")
    monkeypatch.setenv("VANBAN_NOTIFY_RETRY_SECONDS", "1")
    users = Users()
    admin = _client(users.headers("admin", clearance=3))
    with webhook_receiver() as (url, received):
        host, port = url.rsplit(":", 1)
        hook = FlakyProxy("127.0.0.1", int(port))  # down: the unit's receiver does not answer
        set_contacts(admin, "Sở Xây dựng", None, f"http://127.0.0.1:{hook.port}/hook")
        stack.start_worker(VANBAN_ALLOW_PRIVATE_WEBHOOKS="1", VANBAN_NOTIFY_RETRY_SECONDS="1")
        doc_id = _processed(admin, 431)
        wait_for(lambda: any(t["document"]["id"] == doc_id
                             for t in admin.get("/tasks/review", params={"limit": 200}).json()["items"]),
                 timeout=120, what=f"the review queue\n{stack.logs()}")
        task = next(t for t in admin.get("/tasks/review", params={"limit": 200}).json()["items"]
                    if t["document"]["id"] == doc_id)
        sent = admin.post(f"/tasks/{task['id']}/confirm")
        assert sent.status_code == 200 and sent.json()["sent_at"], sent.text  # the decision stands

        from sqlalchemy import select

        from services.briefing.models import Notification
        from services.core.db import session_factory

        def rows() -> list[Notification]:
            with session_factory()() as s:
                return list(s.scalars(select(Notification).where(Notification.task_id == task["id"])))

        wait_for(lambda: any(r.last_error for r in rows()), timeout=60, what=f"a failed send\n{stack.logs()}")
        assert not received and all(r.sent_at is None for r in rows())
        hook.up()
        try:
            wait_for(lambda: all(r.sent_at is not None for r in rows()), timeout=60,
                     what=f"the retried send\n{stack.logs()}")
            from services.briefing.notify import send_pending

            assert send_pending()["sent"] == 0  # nothing left to send again
            new = [m for m in received if m.get("event") == "new_task"]
            assert len(new) == 1, received
        finally:
            hook.down()


# --- 5. Redis away while `vanban reprocess` runs ---------------------------------------------------------------------


def test_reprocess_while_redis_is_down_says_what_waits_and_a_second_run_reads_nothing_twice(stack: Stack) -> None:
    import os
    import signal
    import subprocess
    import sys

    from sqlalchemy import select, update

    from services.core.db import session_factory
    from services.core.outbox import unsent_count
    from services.ingest.models import Document
    from services.ingest.understanding.version import UNDERSTANDING_VERSION

    clerk = _client(Users().headers("clerk", clearance=3))
    worker = stack.start_worker()
    ids = [_processed(clerk, n) for n in (441, 442, 443)]
    wait_for(lambda: unsent_count() == 0, timeout=60, what="the follow-ups sent")
    stack.kill(worker, signal.SIGTERM)

    def docs() -> dict[str, tuple[str, int, int | None]]:
        with session_factory()() as s:
            rows = s.execute(select(Document.id, Document.status, Document.attempts, Document.understanding_version)
                             .where(Document.id.in_(ids)))
            return {r[0]: (str(r[1]), int(r[2] or 0), r[3]) for r in rows}

    with session_factory()() as s:  # read by an older version of the rules (as after an upgrade)
        s.execute(update(Document).where(Document.id.in_(ids)).values(understanding_version=UNDERSTANDING_VERSION - 1))
        s.commit()
    attempts = {i: a for i, (_, a, _) in docs().items()}
    cmd = [str(Path(sys.executable).with_name("vanban")), "reprocess", "--stale"]
    env = {**os.environ, **stack.env}

    stack.proxies["redis"].down()
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "3 văn bản đã được xếp hàng" in first.stdout, first.stdout
    assert "chưa kết nối được máy chủ hàng đợi (Redis): 3 lệnh đang chờ" in first.stdout, first.stdout
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "0 văn bản đã được xếp hàng" in again.stdout and "3 văn bản đã được lần chạy trước xếp hàng" in again.stdout
    assert unsent_count() == 3  # the second run asked for nothing again

    stack.proxies["redis"].up()
    stack.start_worker()
    wait_for(lambda: all(st == "done" and v == UNDERSTANDING_VERSION for st, _, v in docs().values()), timeout=120,
             what=f"the readings after Redis came back\n{stack.logs()}")
    wait_for(lambda: unsent_count() == 0, timeout=60, what="the outbox to drain")
    assert {i: a for i, (_, a, _) in docs().items()} == {i: a + 1 for i, a in attempts.items()}  # each read once
    # (a further run finds nothing stale: the documents are read by this version)
