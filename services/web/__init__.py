"""The web interface (Vietnamese, server-rendered): mounted under /ui by `install(app)`.

The pages call the same service functions — mostly the API's own route functions — with the logged-in user's
principal and scope, so a page shows exactly what the API would show that user.
"""
from __future__ import annotations

import re

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from services.briefing import unit_import
from services.core.errors import VanbanError
from services.core.guard import MULTIPART_OVERHEAD, CookieSession, register_cookie_session
from services.web import session as web_session
from services.web.errors import PageError
from services.web.render import HERE

PREFIX = web_session.PREFIX


def build_router() -> APIRouter:
    from services.web import pages_admin, pages_auth, pages_documents, pages_registry, pages_tasks

    router = APIRouter(include_in_schema=False)
    for module in (pages_auth, pages_documents, pages_tasks, pages_registry, pages_admin):
        router.include_router(module.router)
    return router


def _wants_html(request: Request) -> bool:
    return request.url.path.startswith(PREFIX) and "application/json" not in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    """Mount the pages at /ui (and / → /ui/), the static files, and HTML errors for /ui."""
    app.include_router(build_router(), prefix=PREFIX)
    app.mount(PREFIX + "/static", StaticFiles(directory=str(HERE / "static")), name="web-static")
    app.add_middleware(web_session.CookieMiddleware)
    # the request guard checks these cookies (and the limits of these routes) before reading a body
    register_cookie_session(CookieSession(
        prefix=PREFIX, access_cookie=web_session.ACCESS_COOKIE, refresh_cookie=web_session.REFRESH_COOKIE,
        public=re.compile(r"^/login$"), uploads=re.compile(r"^/(upload|registry/incoming|registry/outgoing)$"),
        reports=re.compile(r"^/tasks/[^/]+/(progress|complete)$"),
        # the units' file (its own 2 MB limit, said by the page) and its previewed rows sent back to be loaded (the
        # file's rows as JSON, form-encoded: Vietnamese letters take up to three times their bytes)
        sized=(("POST", re.compile(r"^/admin/units/import$"), unit_import.MAX_BYTES + MULTIPART_OVERHEAD),
               ("POST", re.compile(r"^/admin/units/import/apply$"), 3 * unit_import.MAX_BYTES + 1024 * 1024))))

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(PREFIX + "/", status_code=307)

    from services.web.render import page

    api_vanban = app.exception_handlers.get(VanbanError)
    api_validation = app.exception_handlers.get(RequestValidationError)
    from starlette.exceptions import HTTPException as StarletteHTTPException

    api_http = app.exception_handlers.get(StarletteHTTPException)

    async def login_required(request: Request, _: Exception) -> Response:
        if not _wants_html(request):  # the page's script: it says so in Vietnamese
            from services.core.web import error_response

            return error_response(401, "unauthorized", "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.")
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":  # a form sent after the session ended: back to its page after logging in
            from urllib.parse import urlsplit

            referer = urlsplit(request.headers.get("referer", ""))
            target = referer.path + (f"?{referer.query}" if referer.query else "")
        return RedirectResponse(f"{PREFIX}/login?next={quote(web_session.safe_next(target))}", status_code=303)

    async def http_error(request: Request, exc: Exception) -> Response:
        from starlette.exceptions import HTTPException as StarletteHTTPException

        assert isinstance(exc, StarletteHTTPException)
        if _wants_html(request) and exc.status_code in (404, 405):
            me = getattr(request.state, "web_principal", None)
            err = PageError.not_found(http_status=exc.status_code)
            return page(request, "error.html", me, status_code=exc.status_code, error=err)
        assert api_http is not None
        return await api_http(request, exc)  # type: ignore[no-any-return]

    async def vanban_error(request: Request, exc: Exception) -> Response:
        if _wants_html(request) and isinstance(exc, VanbanError):
            me = getattr(request.state, "web_principal", None)
            return page(request, "error.html", me, status_code=exc.http_status, error=exc)
        assert api_vanban is not None
        return await api_vanban(request, exc)  # type: ignore[no-any-return]

    async def validation_error(request: Request, exc: Exception) -> Response:
        if _wants_html(request):
            me = getattr(request.state, "web_principal", None)
            err = PageError.invalid_request()
            return page(request, "error.html", me, status_code=422, error=err)
        assert api_validation is not None
        return await api_validation(request, exc)  # type: ignore[no-any-return]

    app.add_exception_handler(web_session.LoginRequired, login_required)
    app.add_exception_handler(VanbanError, vanban_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
