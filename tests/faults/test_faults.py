"""Faults on real services: Redis away while uploads arrive, a worker killed mid-document, Elasticsearch away,
PostgreSQL connections cut. Each service is taken "down" through a TCP proxy so others' tests keep their service."""
from __future__ import annotations

from typing import Any

from faults_proxy import Stack
from tests_support import wait_for


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
