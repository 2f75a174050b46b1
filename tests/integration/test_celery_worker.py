"""A real `vanban worker` process on real Redis and PostgreSQL runs the ingest tasks enqueued by the API."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests_support import wait_for


@pytest.fixture
def broker_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_postgres: str,
                    redis_url: str) -> Iterator[dict[str, str]]:
    import redis
    from tests_support import _reset_process_state, redis_db_url, truncate_postgres

    postgres_url = migrated_postgres
    broker = redis_db_url(redis_url)
    redis.Redis.from_url(broker).flushdb()
    truncate_postgres(postgres_url)
    env = {
        "VANBAN_DATA_DIR": str(tmp_path / "instance"),
        "VANBAN_DATABASE_URL": postgres_url,
        "VANBAN_BROKER_URL": broker,
        "VANBAN_INDEX_PREFIX": f"vanban-worker-{os.getpid()}",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("VANBAN_ELASTICSEARCH_URL", raising=False)
    _reset_process_state()
    yield env
    _reset_process_state()


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    vanban = Path(sys.executable).with_name("vanban")
    return subprocess.Popen([str(vanban), "worker", "--concurrency", "1"], env={**os.environ, **env},
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def test_worker_processes_uploads_exactly_once(broker_instance: dict[str, str], tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from services.app import create_app

    log = tmp_path / "worker.log"
    worker = start_worker(broker_instance, log)
    try:
        with TestClient(create_app()) as client:
            from tests_support import Users

            client.headers.update(Users().headers("clerk", clearance=3))
            text = "UBND TỈNH NGHỆ AN\nSố: 12/TB-UBND\nGiao Sở Tài chính chủ trì thực hiện.\n"
            r = client.post("/documents", files=[("files", ("tb.txt", text.encode(), "text/plain"))])
            assert r.status_code == 202, r.text
            doc_id = r.json()["items"][0]["document_id"]

            def finished() -> dict[str, Any] | None:
                doc = client.get(f"/documents/{doc_id}").json()
                return doc if doc["status"] in ("done", "failed", "needs_ocr") else None

            doc = wait_for(finished, timeout=90, what=f"the worker to process {doc_id}; log: {log}")
            assert doc["status"] == "done", doc
            assert "Sở Tài chính" in doc["text"]
            assert doc["attempts"] == 1

            # A duplicate delivery of the same task changes nothing (idempotent).
            from services.core.dispatch import enqueue

            enqueue("ingest.process", doc_id)
            time.sleep(3)
            again = client.get(f"/documents/{doc_id}").json()
            assert again["attempts"] == 1 and again["status"] == "done"
    finally:
        stop(worker)
    assert "ingest.process" in log.read_text(errors="replace")
