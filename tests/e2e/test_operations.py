"""Operations over HTTP: health, readiness, metrics, request ids carried into the tasks a request causes."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from services.core.dispatch import wait_idle


def test_health_and_readiness_need_no_login(anon_client: Any) -> None:
    assert anon_client.get("/healthz").json() == {"status": "ok"}
    ready = anon_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok" and ready.json()["search"] == "embedded"


@pytest.fixture
def metrics_token(monkeypatch: pytest.MonkeyPatch) -> str:
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_METRICS_TOKEN", "so-lieu-giam-sat")
    reset_settings()
    return "so-lieu-giam-sat"


def test_metrics_count_requests_and_documents(client: Any, metrics_token: str) -> None:
    client.post("/documents", files=[("files", ("a.txt", "Giao Sở Y tế chủ trì.".encode(), "text/plain"))])
    wait_idle(60)
    client.get("/documents")
    text = client.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"}).text
    assert 'vanban_documents{status="done"} 1.0' in text
    assert 'vanban_http_request_seconds_count{method="GET",route="/documents",status="200"}' in text
    assert 'vanban_tasks_total{outcome="SUCCESS",task="ingest.process"}' in text
    assert 'vanban_queue_depth{queue="outbox_unsent"} 0.0' in text


def test_request_id_is_echoed_and_carried_into_tasks(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    from services.core.observability import RequestIdFilter

    handler_filter = RequestIdFilter()
    caplog.handler.addFilter(handler_filter)
    with caplog.at_level(logging.INFO, logger="vanban"):
        r = client.post("/documents", headers={"X-Request-ID": "yeu-cau-42"},
                        files=[("files", ("b.txt", "Giao Sở Xây dựng chủ trì.".encode(), "text/plain"))])
        assert r.headers["X-Request-ID"] == "yeu-cau-42"
        wait_idle(60)
    task_records = [rec for rec in caplog.records if rec.name == "vanban.ingest.tasks"]
    assert task_records, [rec.name for rec in caplog.records]
    assert {getattr(rec, "request_id", None) for rec in task_records} == {"yeu-cau-42"}
