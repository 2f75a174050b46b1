"""Request ids, Prometheus metrics and request logs, shared by every service."""
from __future__ import annotations

import contextvars
import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
log = logging.getLogger("vanban.http")

REGISTRY = CollectorRegistry()
REQUEST_LATENCY = Histogram("vanban_http_request_seconds", "HTTP request latency", ["method", "route", "status"],
                            registry=REGISTRY, buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
TASK_FAILURES = Counter("vanban_task_failures_total", "Celery task failures", ["task"], registry=REGISTRY)
TASKS_RUN = Counter("vanban_tasks_total", "Celery tasks run", ["task", "outcome"], registry=REGISTRY)
DOCUMENTS = Gauge("vanban_documents", "Documents of level Thường (known) by state", ["status"], registry=REGISTRY)
QUEUE_DEPTH = Gauge("vanban_queue_depth", "Tasks waiting (broker queue, in-process queue, unsent outbox)",
                    ["queue"], registry=REGISTRY)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record (and so into tasks the request enqueues)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def install_observability(app: FastAPI) -> None:
    @app.middleware("http")
    async def request_context(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex
        rid = rid[:64]
        token = request_id_var.set(rid)
        start = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = rid
            return response
        finally:
            elapsed = time.perf_counter() - start
            route = request.scope.get("route")
            path = getattr(route, "path", "unmatched")
            REQUEST_LATENCY.labels(request.method, path, str(status)).observe(elapsed)
            log.info("%s %s %s %.1fms", request.method, path, status, elapsed * 1000,
                     extra={"request_id": rid})
            request_id_var.reset(token)

    from services.core.schemas import ErrorResponse

    @app.get("/metrics", tags=["health"], summary="Prometheus metrics (token or loopback only)",
             description="With VANBAN_METRICS_TOKEN set, send `Authorization: Bearer <token>`; without it, only "
             "loopback clients may scrape. Document counts are of Thường documents only.",
             response_class=Response,
             responses={200: {"content": {"text/plain": {}}}, 401: {"model": ErrorResponse},
                        403: {"model": ErrorResponse}})
    def metrics(request: Request) -> Response:
        from services.core.web import error_response

        denied = metrics_denied(request)
        if denied is not None:
            return error_response(*denied)
        refresh_gauges()
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def metrics_denied(request: Request) -> tuple[int, str, str] | None:
    """None when the caller may read /metrics: the configured token, or (no token configured) a loopback client."""
    import hmac
    import ipaddress

    from services.core.config import get_settings

    token = get_settings().metrics_token
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return None
        return 401, "unauthorized", "Cần mã truy cập số liệu giám sát (VANBAN_METRICS_TOKEN)."
    host = request.client.host if request.client else ""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return 403, "forbidden", "Số liệu giám sát chỉ đọc được từ máy chủ nội bộ hoặc với mã truy cập."


def refresh_gauges() -> None:
    from services.core.db import session_factory
    from services.core.dispatch import pending_count

    try:
        from services.ingest.service import status_counts

        with session_factory()() as session:
            counts = status_counts(session, unclassified_only=True)  # no count of secret documents
        for status in ("queued", "extracting", "done", "failed", "needs_ocr"):
            DOCUMENTS.labels(status).set(counts.get(status, 0))
    except Exception:  # metrics must never fail the scrape
        log.debug("document gauges unavailable", exc_info=True)
    QUEUE_DEPTH.labels("in_process").set(pending_count())
    try:
        from services.core.outbox import queue_depths

        for name, depth in queue_depths().items():
            QUEUE_DEPTH.labels(name).set(depth)
    except Exception:
        log.debug("queue depth unavailable", exc_info=True)
