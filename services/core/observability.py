"""Request ids, Prometheus metrics and request logs, shared by every service."""
from __future__ import annotations

import contextvars
import logging
import time
import uuid

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
log = logging.getLogger("vanban.http")

REGISTRY = CollectorRegistry()
REQUEST_LATENCY = Histogram("vanban_http_request_seconds", "HTTP request latency", ["method", "route", "status"],
                            registry=REGISTRY, buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
TASK_FAILURES = Counter("vanban_task_failures_total", "Celery task failures", ["task"], registry=REGISTRY)
TASKS_RUN = Counter("vanban_tasks_total", "Celery tasks run", ["task", "outcome"], registry=REGISTRY)
DOCUMENTS = Gauge("vanban_documents", "Documents of level Thường (known) by state", ["status"], registry=REGISTRY)
# the methods a label may name: any other token a client sends is counted as "OTHER" (each label value is a new
# series kept for the process's life: a client inventing methods grew /metrics and memory without bound; SECURITY.md 42)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
QUEUE_DEPTH = Gauge("vanban_queue_depth", "Tasks waiting (broker queue, in-process queue, unsent outbox)",
                    ["queue"], registry=REGISTRY)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record (and so into tasks the request enqueues)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class RequestContext:
    """Pure ASGI middleware: a request id (taken from X-Request-ID or made), echoed on the response and put on every
    log record; the latency histogram and one log line per request. (Not ``@app.middleware("http")``: Starlette's
    BaseHTTPMiddleware runs each request through an extra task and memory streams, which cost a search request more
    than its own engine time under load.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = ""
        for key, value in scope.get("headers") or ():
            if key == b"x-request-id":
                rid = value.decode("latin-1")[:64]
                break
        rid = rid or uuid.uuid4().hex
        token = request_id_var.set(rid)
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            path = getattr(scope.get("route"), "path", "unmatched")
            method = scope.get("method", "GET")
            REQUEST_LATENCY.labels(method if method in METHODS else "OTHER", path, str(status)).observe(elapsed)
            log.info("%s %s %s %.1fms", method, path, status, elapsed * 1000, extra={"request_id": rid})
            request_id_var.reset(token)


def install_observability(app: FastAPI) -> None:
    """Request ids and request logs (the /metrics route is services.core.metrics)."""
    app.add_middleware(RequestContext)
