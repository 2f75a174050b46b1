"""The ASGI application: the three services mounted together (`make run`), or one of them alone."""
from __future__ import annotations

from collections.abc import Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from services.briefing import api as briefing_api
from services.briefing import public as briefing
from services.core.auth.api import router as auth_router
from services.core.auth.service import audit_objects_from
from services.core.config import get_settings
from services.core.db import get_engine
from services.core.guard import RequestGuard
from services.core.metrics import install_metrics
from services.core.observability import install_observability
from services.core.outbox import kick
from services.core.web import install_error_handlers
from services.ingest import api as ingest_api
from services.ingest import public as ingest
from services.ingest.feed import router as feed_router
from services.registry import api as registry_api
from services.registry import public as registry
from services.search import api as search_api
from services.search import public as search
from services.search.public import SearchError
from services.web import install as install_web

SERVICES = ("ingest", "search", "briefing", "registry")
ROUTERS = {"ingest": ingest_api.router, "search": search_api.router, "briefing": briefing_api.router,
           "registry": registry_api.router}

DESCRIPTION = """
**vanban** — quản lý văn bản và giao ban điện tử for provincial government offices.

* **ingest** — upload DOCX, PDF, TXT, HTML and edXML; text extraction and repair; metadata, citations and tasks.
* **search** — Vietnamese full-text search with and without diacritics, abbreviations, document numbers, facets.
* **briefing** — department task inboxes, progress, giao ban meeting packs.

Errors are `{"error": {"code": "...", "message": "..."}}`: a stable machine code and a Vietnamese message.
"""


def create_app(services: Sequence[str] = SERVICES) -> FastAPI:
    unknown = sorted(set(services) - set(SERVICES))
    if unknown:
        raise ValueError(f"unknown service(s) {', '.join(unknown)}: choose among {', '.join(SERVICES)}")

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        if get_settings().broker_url:
            kick()  # send what an earlier process left in the outbox
        yield

    app = FastAPI(title="vanban", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  openapi_tags=[{"name": s} for s in services] + [{"name": "auth"}, {"name": "health"}])
    install_error_handlers(app)
    _wire(app)
    app.include_router(auth_router)
    if "ingest" in services:
        app.include_router(feed_router)
    for name in services:
        app.include_router(ROUTERS[name])

    if set(SERVICES) <= set(services):  # the pages use all three services in-process
        install_web(app)  # the web interface at /ui (and / → /ui/)

    @app.get("/healthz", tags=["health"], summary="The process is alive")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], summary="Database, broker and search engine reachable",
             responses={503: {"description": "A dependency is unreachable"}})
    def readyz() -> JSONResponse:
        checks, ok = readiness(services)
        return JSONResponse(status_code=200 if ok else 503, content={"status": "ok" if ok else "unavailable", **checks})

    app.add_middleware(RequestGuard)  # outermost: limits and credentials before any body is read
    return app


def _wire(app: FastAPI) -> None:
    """What core and the services take from each other, given here because only the app knows them all: the
    document gauges of /metrics, search errors as HTTP answers, the registry's counts in briefing's meeting packs."""
    install_observability(app)
    install_metrics(app, document_counts=lambda session: ingest.status_counts(session, unclassified_only=True))
    app.add_exception_handler(SearchError, search.search_error_response)
    briefing.count_registers_with(registry.register_counts)
    audit_objects_from({"document": ingest.hidden_document, "meeting": briefing.hidden_meeting,
                        "meeting_pack": briefing.hidden_meeting, "task_attachment": briefing.hidden_task,
                        "task": briefing.hidden_task,  # an end, a reopening, a hand-over (SECURITY.md 135)
                        "incoming": registry.hidden_incoming, "outgoing": registry.hidden_outgoing,
                        "register": registry.hidden_register})


def readiness(services: Sequence[str]) -> tuple[dict[str, str], bool]:
    """Check each dependency this process needs; never raises."""
    checks: dict[str, str] = {}
    ok = True
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["database"] = f"error: {type(exc).__name__}"
        ok = False
    settings = get_settings()
    if settings.broker_url:
        try:
            import redis

            redis.Redis.from_url(settings.broker_url, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"unreachable ({type(exc).__name__}); tasks wait in the outbox"
    else:
        checks["broker"] = "in-process"
    if "ingest" in services and ok:
        checks.update(_stale_readings())
    # only the database is required: uploads are accepted while the broker is away (outbox), and only the
    # search service cannot answer without its engine
    if "search" in services:
        try:
            engine = search.get_engine()
            engine.count()
            checks["search"] = "elasticsearch" if settings.elasticsearch_url else "embedded"
            if engine.content_behind():  # still answers, the old way: say what to run, stay ready
                checks["search"] += "; chỉ mục được tạo bởi phiên bản cũ, cần chạy `vanban reindex`"
        except Exception as exc:  # noqa: BLE001
            checks["search"] = f"error: {type(exc).__name__}"
            ok = False  # the search service cannot answer without its engine
    return checks, ok


def _stale_readings() -> dict[str, str]:
    """Documents read by an older version of the understanding rules (an upgrade changed them): say how many and what
    to run, like the search index's hint; the service stays ready (they are read the old way until then). Counts
    documents of known level Thường only: anyone may ask /readyz."""
    from services.core.db import session_factory

    try:
        with session_factory()() as session:
            n = ingest.count_stale(session, unclassified_only=True)
    except Exception as exc:  # noqa: BLE001 - a hint only: never makes the service unready
        return {"understanding": f"error: {type(exc).__name__}"}
    if not n:
        return {"understanding": "ok"}
    return {"understanding": f"{n} văn bản được đọc bằng phiên bản cũ, chạy `vanban reprocess --stale`"}


app = create_app()
