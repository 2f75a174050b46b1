"""FastAPI plumbing shared by the services: sessions, errors as {"error": {code, message}}."""
from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from services.core.db import session_factory
from services.core.errors import VanbanError


def get_session() -> Iterator[Session]:
    session = session_factory()()
    try:
        yield session
    finally:
        session.close()


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VanbanError)
    async def _vanban_error(_: Request, exc: VanbanError) -> JSONResponse:
        response = error_response(exc.http_status, exc.code, exc.message)
        if exc.http_status == 429 and exc.detail and exc.detail.isdigit():
            response.headers["Retry-After"] = exc.detail
        if exc.http_status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
            parts.append(f"{loc}: {err.get('msg')}")
        return error_response(422, "invalid_request", "Yêu cầu không hợp lệ — " + "; ".join(parts))


def not_found(what: str = "Văn bản") -> VanbanError:
    return VanbanError("not_found", f"{what} không tồn tại hoặc bạn không có quyền xem.", http_status=404)
