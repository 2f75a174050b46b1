"""The ASGI application: the three services mounted together (`make run`), or one of them alone."""
from __future__ import annotations

import importlib
from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy import text

from services.core.config import get_settings
from services.core.db import get_engine
from services.core.web import install_error_handlers

SERVICES = ("ingest", "search", "briefing")

DESCRIPTION = """
**vanban** — quản lý văn bản và giao ban điện tử for provincial government offices.

* **ingest** — upload DOCX, PDF, TXT, HTML and edXML; text extraction and repair; metadata, citations and tasks.
* **search** — Vietnamese full-text search with and without diacritics, abbreviations, document numbers, facets.
* **briefing** — department task inboxes, progress, giao ban meeting packs.

Errors are `{"error": {"code": "...", "message": "..."}}`: a stable machine code and a Vietnamese message.
"""


def create_app(services: Sequence[str] = SERVICES) -> FastAPI:
    app = FastAPI(title="vanban", version="0.1.0", description=DESCRIPTION,
                  openapi_tags=[{"name": s} for s in services] + [{"name": "auth"}, {"name": "health"}])
    install_error_handlers(app)
    from services.core.auth.api import router as auth_router

    app.include_router(auth_router)
    if "ingest" in services:
        from services.ingest.feed import router as feed_router

        app.include_router(feed_router)
    for name in services:
        try:
            module = importlib.import_module(f"services.{name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"services.{name}.api":
                raise
            continue
        app.include_router(module.router)

    @app.get("/healthz", tags=["health"], summary="The process is alive")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], summary="Database (and broker, search engine) reachable")
    def readyz() -> dict[str, str]:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        checks = {"status": "ok", "database": "ok"}
        settings = get_settings()
        checks["tasks"] = "broker" if settings.broker_url else "in-process"
        return checks

    return app


app = create_app()
