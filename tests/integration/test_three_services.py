"""The three services as three processes (plus a worker) on real PostgreSQL, Redis and Elasticsearch.

`make run` mounts the same code in one process; here ingest, search and briefing each run `vanban serve --service X`
on their own port and meet only through the database, the broker, the search engine and HTTP.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests_support import wait_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def deployment(tmp_path: Path, migrated_postgres: str, redis_url: str,
               elasticsearch_url: str) -> Iterator[dict[str, str]]:
    import redis
    from tests_support import redis_db_url, truncate_postgres

    truncate_postgres(migrated_postgres)
    broker = redis_db_url(redis_url)
    redis.Redis.from_url(broker).flushdb()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("VANBAN_")},
        "VANBAN_DATA_DIR": str(tmp_path / "shared-volume"),
        "VANBAN_DATABASE_URL": migrated_postgres,
        "VANBAN_BROKER_URL": broker,
        "VANBAN_ELASTICSEARCH_URL": elasticsearch_url,
        "VANBAN_INDEX_PREFIX": f"vanban-three-{os.getpid()}",
        "VANBAN_JWT_SECRET": "three-services-shared-secret-0123456789",
        "VANBAN_ADMIN_PASSWORD": "quan-tri-123",
    }
    vanban = str(Path(sys.executable).with_name("vanban"))
    procs: list[subprocess.Popen[bytes]] = []
    urls = {}
    for name in ("ingest", "search", "briefing"):
        port = free_port()
        urls[name] = f"http://127.0.0.1:{port}"
        log = (tmp_path / f"{name}.log").open("wb")
        procs.append(subprocess.Popen([vanban, "serve", "--service", name, "--port", str(port)], env=env,
                                      stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        if name == "ingest":  # the first one migrates and creates the administrator; the others find them
            wait_for(lambda u=urls[name]: _up(u), timeout=60, what=f"{name} to start")
    procs.append(subprocess.Popen([vanban, "worker", "--concurrency", "1"], env=env,
                                  stdout=(tmp_path / "worker.log").open("wb"), stderr=subprocess.STDOUT,
                                  start_new_session=True))
    try:
        for name, url in urls.items():
            wait_for(lambda u=url: _up(u), timeout=60, what=f"{name} to start")
        yield urls
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        from elasticsearch import Elasticsearch

        Elasticsearch(elasticsearch_url).indices.delete(index=f"vanban-three-{os.getpid()}*",
                                                         ignore_unavailable=True, allow_no_indices=True)


def _up(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_three_processes_one_product(deployment: dict[str, str]) -> None:
    ingest, search, briefing = deployment["ingest"], deployment["search"], deployment["briefing"]
    token = httpx.post(ingest + "/auth/token", data={"username": "admin", "password": "quan-tri-123"}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    # each service documents only its own API
    paths = {name: set(httpx.get(url + "/openapi.json").json()["paths"]) for name, url in deployment.items()}
    assert "/documents" in paths["ingest"] and "/search" not in paths["ingest"]
    assert "/search" in paths["search"] and "/documents" not in paths["search"]
    assert "/search" not in paths["briefing"] and "/documents" not in paths["briefing"]

    text = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 317/TB-UBND\nNghệ An, ngày 07 tháng 10 năm 2008\n\nTHÔNG BÁO\n"
            "Kết luận về cổng thông tin điện tử\n\nGiao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính đẩy nhanh dự "
            "án cổng thông tin điện tử, hoàn thành trước ngày 30/11/2008.\n")
    r = httpx.post(ingest + "/documents", headers=headers, files=[("files", ("tb317.txt", text.encode()))])
    assert r.status_code == 202, r.text
    doc_id = r.json()["items"][0]["document_id"]
    wait_for(lambda: httpx.get(f"{ingest}/documents/{doc_id}", headers=headers).json()["status"] == "done",
             timeout=120, what="the worker")

    def found() -> bool:
        hits = httpx.get(search + "/search", params={"q": "cong thong tin dien tu"}, headers=headers).json()["hits"]
        return any(h["document_id"] == doc_id for h in hits)

    wait_for(found, timeout=60, what="the search service to find it")
    # a token issued by one service is honoured by the others (one secret, one user table)
    assert httpx.get(briefing + "/auth/me", headers=headers).status_code == 200
    assert httpx.get(search + "/metrics").status_code == 200
    time.sleep(0.1)
