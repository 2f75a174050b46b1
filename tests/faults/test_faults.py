"""Faults on real services: Redis away while uploads arrive, a worker killed mid-document, Elasticsearch away,
PostgreSQL connections cut. Each service is taken "down" through a TCP proxy so others' tests keep their service."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from faults_proxy import FlakyProxy
from tests_support import wait_for


def _via(url: str, proxy: FlakyProxy) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=(netloc[0] + "@" + host) if len(netloc) == 2 else host))


def _target(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", int(parts.port or 0)


class Stack:
    """Environment of one instance on real services, with proxies in front of Redis, PostgreSQL and ES."""

    def __init__(self, env: dict[str, str], tmp: Path, proxies: dict[str, FlakyProxy]) -> None:
        self.env, self.tmp, self.proxies = env, tmp, proxies
        self.workers: list[subprocess.Popen[bytes]] = []

    def start_worker(self) -> subprocess.Popen[bytes]:
        vanban = Path(sys.executable).with_name("vanban")
        log = (self.tmp / f"worker{len(self.workers)}.log").open("wb")
        proc = subprocess.Popen([str(vanban), "worker", "--concurrency", "1"], env={**os.environ, **self.env},
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.workers.append(proc)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
            proc.wait(30)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.tmp.glob("worker*.log")))


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_postgres: str, redis_url: str,
          elasticsearch_url: str) -> Iterator[Stack]:
    import redis
    from tests_support import _reset_process_state, redis_db_url, truncate_postgres

    truncate_postgres(migrated_postgres)
    broker_db = redis_db_url(redis_url)
    redis.Redis.from_url(broker_db).flushdb()
    proxies = {
        "redis": FlakyProxy(*_target(redis_url)).up(),
        "postgres": FlakyProxy(*_target(migrated_postgres)).up(),
        "es": FlakyProxy(*_target(elasticsearch_url)).up(),
    }
    env = {
        "VANBAN_DATA_DIR": str(tmp_path / "instance"),
        "VANBAN_DATABASE_URL": _via(migrated_postgres, proxies["postgres"]),
        "VANBAN_BROKER_URL": _via(broker_db, proxies["redis"]),
        "VANBAN_ELASTICSEARCH_URL": _via(elasticsearch_url, proxies["es"]),
        "VANBAN_INDEX_PREFIX": f"vanban-faults-{os.getpid()}-{tmp_path.name[-12:].lower()}",
        "VANBAN_BROKER_VISIBILITY_TIMEOUT": "4",
        "VANBAN_JWT_SECRET": "faults-test-secret-faults-test-secret",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    _reset_process_state()
    s = Stack(env, tmp_path, proxies)
    yield s
    for w in s.workers:
        s.kill(w, signal.SIGTERM)
    for p in proxies.values():
        p.down()
    try:
        from services.search.service import get_engine

        get_engine().clear()
    except Exception:  # noqa: BLE001
        pass
    _reset_process_state()


def _client(clerk: bool = True) -> Any:
    from fastapi.testclient import TestClient
    from tests_support import Users, shared_app

    client = TestClient(shared_app())
    client.__enter__()
    client.headers.update(Users().headers("clerk" if clerk else "admin", clearance=3))
    return client


def _doc(n: int, paragraphs: int = 1, every: int = 1) -> bytes:
    """A notice of `paragraphs` paragraphs; every `every`-th one gives a task, the others report the situation."""
    body = "".join(f"Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát khu đô thị số {i}, "
                   f"báo cáo UBND tỉnh trước ngày 30/11/2024.\n" if i % every == 0 else
                   f"Tình hình khu đô thị số {i} trong quý III năm 2024 ổn định, các chỉ tiêu cơ bản đạt kế hoạch.\n"
                   for i in range(paragraphs))
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {n}/TB-UBND\nNghệ An, ngày 07 tháng 10 năm 2024\n\nTHÔNG BÁO\n"
            f"Kết luận về đề án số {n}\n\n{body}").encode()


def _status(client: Any, doc_id: str) -> str:
    return str(client.get(f"/documents/{doc_id}").json()["status"])


def _searchable(client: Any, number: str, doc_id: str) -> bool:
    r = client.get("/search", params={"q": number})
    return r.status_code == 200 and any(h["document_id"] == doc_id for h in r.json()["hits"])


def test_uploads_accepted_while_redis_is_down_are_processed_when_it_is_back(stack: Stack) -> None:
    from services.core.outbox import unsent_count

    client = _client()
    stack.proxies["redis"].down()
    ids = []
    for n in (501, 502, 503):
        r = client.post("/documents", files=[("files", (f"tb{n}.txt", _doc(n), "text/plain"))])
        assert r.status_code == 202, r.text  # accepted although the broker is away
        ids.append(r.json()["items"][0]["document_id"])
    assert unsent_count() == 3
    assert all(_status(client, i) == "queued" for i in ids)
    stack.proxies["redis"].up()
    stack.start_worker()
    for n, doc_id in zip((501, 502, 503), ids, strict=True):
        wait_for(lambda d=doc_id: _status(client, d) == "done", timeout=120, what=f"{doc_id}\n{stack.logs()}")
        wait_for(lambda d=doc_id, n=n: _searchable(client, f"{n}/TB-UBND", d), timeout=60, what="searchable")
    # and every message written meanwhile (follow-ups included) leaves the outbox
    wait_for(lambda: unsent_count() == 0, timeout=60, what="the outbox to drain")


def test_worker_killed_mid_document_finishes_after_restart_exactly_once(stack: Stack) -> None:
    client = _client()
    worker = stack.start_worker()
    r = client.post("/documents", files=[("files", ("lon.txt", _doc(777, paragraphs=6000, every=500), "text/plain"))])
    doc_id = r.json()["items"][0]["document_id"]
    wait_for(lambda: _status(client, doc_id) == "extracting", timeout=60, interval=0.05,
             what=f"extraction to start\n{stack.logs()}")
    stack.kill(worker)  # SIGKILL in the middle of the document
    assert _status(client, doc_id) == "extracting"
    stack.start_worker()
    wait_for(lambda: _status(client, doc_id) == "done", timeout=180, what=f"redelivery\n{stack.logs()}")
    doc = client.get(f"/documents/{doc_id}").json()
    assert doc["attempts"] >= 2
    assert len(doc["tasks"]) == len({t["sentence"] for t in doc["tasks"]})  # no task stored twice
    # indexing a 6,000-paragraph document is its own task after "done": at CI load (two test workers) it took over
    # 60 s; the bound is a wait, not a speed check
    wait_for(lambda: _searchable(client, "777/TB-UBND", doc_id), timeout=180, what=f"searchable\n{stack.logs()}")
    hits = client.get("/search", params={"q": "777/TB-UBND"}).json()["hits"]
    assert [h["document_id"] for h in hits].count(doc_id) == 1


def test_documents_stored_while_elasticsearch_is_down_become_searchable(stack: Stack) -> None:
    client = _client()
    stack.start_worker()
    stack.proxies["es"].down()
    r = client.post("/documents", files=[("files", ("tb601.txt", _doc(601), "text/plain"))])
    doc_id = r.json()["items"][0]["document_id"]
    wait_for(lambda: _status(client, doc_id) == "done", timeout=120, what=f"processing\n{stack.logs()}")
    down = client.get("/search", params={"q": "601/TB-UBND"})
    assert down.status_code == 503 and down.json()["error"]["code"] == "search_unavailable"
    stack.proxies["es"].up()
    wait_for(lambda: _searchable(client, "601/TB-UBND", doc_id), timeout=120,
             what=f"indexing after ES came back\n{stack.logs()}")


def test_requests_recover_after_postgres_restart(stack: Stack) -> None:
    client = _client()
    assert client.get("/documents").status_code == 200
    stack.proxies["postgres"].down()  # every pooled connection is cut, as on a server restart
    assert client.get("/readyz").status_code == 503
    stack.proxies["postgres"].up()
    # no service restart: the pool notices dead connections and reconnects
    wait_for(lambda: client.get("/readyz").status_code == 200, timeout=30, what="readiness")
    assert client.get("/documents").status_code == 200
