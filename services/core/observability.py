"""Request ids, Prometheus metrics and request logs, shared by every service."""
from __future__ import annotations

import contextvars
import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

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
    """Request ids and request logs (the /metrics route is services.core.metrics)."""
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
