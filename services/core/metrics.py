"""The /metrics route: Prometheus text of services.core.observability's metrics, gauges refreshed per scrape."""
from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.orm import Session

from services.core.config import get_settings
from services.core.db import session_factory
from services.core.dispatch import pending_count
from services.core.observability import DOCUMENTS, QUEUE_DEPTH, REGISTRY
from services.core.outbox import queue_depths
from services.core.schemas import ErrorResponse
from services.core.web import error_response

log = logging.getLogger("vanban.http")

DocumentCounts = Callable[[Session], dict[str, int]]


def install_metrics(app: FastAPI, document_counts: DocumentCounts | None = None) -> None:
    """``document_counts`` (documents of level Thường by state) is given by the app, which knows the ingest service;
    core knows no feature."""
    @app.get("/metrics", tags=["health"], summary="Prometheus metrics (token or loopback only)",
             description="With VANBAN_METRICS_TOKEN set, send `Authorization: Bearer <token>`; without it, only "
             "loopback clients may scrape. Document counts are of Thường documents only.",
             response_class=Response,
             responses={200: {"content": {"text/plain": {}}}, 401: {"model": ErrorResponse},
                        403: {"model": ErrorResponse}})
    def metrics(request: Request) -> Response:
        denied = metrics_denied(request)
        if denied is not None:
            return error_response(*denied)
        refresh_gauges(document_counts)
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)



def metrics_denied(request: Request) -> tuple[int, str, str] | None:
    """None when the caller may read /metrics: the configured token, or (no token configured) a loopback client."""
    token = get_settings().metrics_token
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return None
        return 401, "unauthorized", "Cần mã truy cập số liệu giám sát (VANBAN_METRICS_TOKEN)."
    # relayed by a proxy (one on this server makes every client a loopback peer): not a local scrape (SECURITY.md 68)
    relayed = any(h in request.headers for h in ("x-forwarded-for", "forwarded", "x-real-ip"))
    host = request.client.host if request.client else ""
    try:
        if not relayed and ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return 403, "forbidden", "Số liệu giám sát chỉ đọc được từ máy chủ nội bộ hoặc với mã truy cập."


def refresh_gauges(document_counts: DocumentCounts | None = None) -> None:
    try:
        if document_counts is not None:
            with session_factory()() as session:
                counts = document_counts(session)  # no count of secret documents
            for status in ("queued", "extracting", "done", "failed", "needs_ocr"):
                DOCUMENTS.labels(status).set(counts.get(status, 0))
    except Exception:  # metrics must never fail the scrape
        log.debug("document gauges unavailable", exc_info=True)
    QUEUE_DEPTH.labels("in_process").set(pending_count())
    try:
        for name, depth in queue_depths().items():
            QUEUE_DEPTH.labels(name).set(depth)
    except Exception:
        log.debug("queue depth unavailable", exc_info=True)
