"""FastAPI plumbing shared by the services: sessions, errors as {"error": {code, message}}."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, object_session

from services.core.db import finish, session_factory
from services.core.errors import CoreError, VanbanError


def get_session() -> Iterator[Session]:
    """The request's unit of work: committed once when the endpoint returns (before the response is sent), rolled
    back if it raises. Use it as `SessionDep` (function scope): with FastAPI's default request scope the commit
    would run after the response has gone out."""
    session = session_factory()()
    try:
        yield session
    except BaseException as exc:
        try:
            finish(session, exc)
        finally:
            session.close()
        raise
    try:
        finish(session, None)
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

Row = TypeVar("Row")


def flushed(obj: Row) -> Row:
    """`obj` with what its session holds flushed: ids, timestamps and defaults of new rows are set before an answer
    is built from them (the commit comes later, at the boundary)."""
    session = object_session(obj)
    if session is not None:
        session.flush()
    return obj


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
    return CoreError.not_found(what=what)
