"""A real `vanban worker` on real Redis and PostgreSQL runs the briefing tasks: the sync after ingest (idempotent on
a duplicate delivery) and the daily reminders job, whose webhook reaches a local HTTP receiver once."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers.briefing import fast_headers
from helpers.notices import notice_text
from tests_support import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def broker_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_postgres: str,
                    redis_url: str) -> Iterator[dict[str, str]]:
    import redis
    from tests_support import _reset_process_state, redis_db_url, truncate_postgres

    broker = redis_db_url(redis_url)
    redis.Redis.from_url(broker).flushdb()
    truncate_postgres(migrated_postgres)
    env = {"VANBAN_DATA_DIR": str(tmp_path / "instance"), "VANBAN_DATABASE_URL": migrated_postgres,
           "VANBAN_BROKER_URL": broker, "VANBAN_INDEX_PREFIX": f"vanban-briefing-worker-{os.getpid()}"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("VANBAN_ELASTICSEARCH_URL", raising=False)
    _reset_process_state()
    yield env
    _reset_process_state()


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def test_worker_runs_briefing_tasks(broker_instance: dict[str, str], receiver: tuple[str, list[dict[str, Any]]],
                                    tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from services.app import create_app
    from services.core.auth.service import ensure_unit
    from services.core.db import session_factory
    from services.core.dispatch import enqueue

    url, received = receiver
    with session_factory()() as session:
        ensure_unit(session, "Sở Y tế").webhook_url = url
        session.commit()
    log = tmp_path / "worker.log"
    vanban = Path(sys.executable).with_name("vanban")
    worker = subprocess.Popen([str(vanban), "worker", "--concurrency", "1"], env={**os.environ, **broker_instance},
                              stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        with TestClient(create_app()) as client:
            client.headers.update(fast_headers("clerk", username="vanthu"))
            text = notice_text("12/TB-UBND", "05/11/2008", [
                "Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm, báo cáo UBND tỉnh trước ngày 20/11/2008."])
            r = client.post("/documents", files=[("files", ("tb.txt", text.encode(), "text/plain"))])
            assert r.status_code == 202, r.text
            doc_id = r.json()["items"][0]["document_id"]

            def synced() -> list[dict[str, Any]] | None:
                items = client.get("/tasks", params={"document_id": doc_id}).json()["items"]
                return items or None

            items = wait_for(synced, timeout=90, what=f"the worker to sync {doc_id}; log: {log}")
            assert [t["lead"] for t in items] == ["Sở Y tế"]
            time.sleep(1)
            assert received == []  # a proposal: nobody is told before the clerk confirms it
            assert client.post(f"/tasks/{items[0]['id']}/confirm").status_code == 200
            wait_for(lambda: [m for m in received if m["event"] == "new_task"], timeout=30, what="new_task webhook")
            # a duplicate delivery changes nothing
            enqueue("briefing.sync_document", doc_id)
            enqueue("briefing.daily_reminders", "2008-11-25")
            enqueue("briefing.daily_reminders", "2008-11-25")
            wait_for(lambda: [m for m in received if m["event"] == "overdue"], timeout=30, what="overdue webhook")
            time.sleep(2)
            assert [t["id"] for t in client.get("/tasks", params={"document_id": doc_id}).json()["items"]] == \
                [items[0]["id"]]
            assert sorted(m["event"] for m in received) == ["new_task", "overdue"]
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
    assert "briefing.sync_document" in log.read_text(errors="replace")
