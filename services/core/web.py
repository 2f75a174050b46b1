"""FastAPI plumbing shared by the services: sessions, errors as {"error": {code, message}}."""
from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from anyio import CancelScope, CapacityLimiter
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, object_session
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from services.core.db import session_scope
from services.core.errors import REFUSED_BODY, CoreError, VanbanError

_UNIT = "vanban.request_unit"


async def get_session() -> AsyncIterator[Session]:
    """The request's unit of work: committed once when the endpoint returns (before the response is sent), rolled
    back if it raises. Use it as `SessionDep` (function scope): with FastAPI's default request scope the commit
    would run after the response has gone out.

    The session is made on the event loop (no I/O: its connection is taken by the first statement, in the thread
    that runs it); its end — commit or rollback, then close — runs in a worker thread shielded from cancellation,
    exactly as FastAPI ends a sync dependency: one threadpool round trip less per request.  A sync endpoint that
    ends the unit itself in its own worker thread once its work is done (``end_unit_here``) saves that last round
    trip too."""
    unit = session_scope()
    session = unit.__enter__()
    session.info[_UNIT] = unit
    try:
        yield session
    except BaseException as exc:
        if session.info.pop(_UNIT, None) is None:
            raise  # the endpoint ended (committed) its unit before failing: nothing left to undo
        with CancelScope(shield=True):
            await anyio.to_thread.run_sync(unit.__exit__, type(exc), exc, exc.__traceback__,
                                           limiter=CapacityLimiter(1))
        raise  # (never reached with an error: session_scope's __exit__ raises it again)
    else:
        if session.info.pop(_UNIT, None) is None:
            return  # ended by the endpoint, in its worker thread
        with CancelScope(shield=True):
            await anyio.to_thread.run_sync(unit.__exit__, None, None, None, limiter=CapacityLimiter(1))


def end_unit_here(session: Session) -> None:
    """End the request's unit of work now, in this thread — commit (or, if the commit fails, roll back and raise),
    then close: what ``get_session`` would do after the endpoint returns, done by a sync endpoint whose work is
    complete, in its own worker thread, so that no threadpool round trip follows it.  Nothing may use the session
    afterwards.  A session that is not a request's (or whose unit already ended) is left alone."""
    unit = session.info.pop(_UNIT, None)
    if unit is not None:
        unit.__exit__(None, None, None)


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

    @app.exception_handler(DBAPIError)
    async def _database_lost(_: Request, exc: DBAPIError) -> JSONResponse:
        """The connection to the database lost mid-request (a restart, a network cut, even at the COMMIT): the unit
        of work was rolled back — or, cut during the COMMIT, its outcome is unknown to us — so the user is told that
        it may not be saved, to look and try again (503), not an opaque 500. Any other database error stays a 500."""
        if not exc.connection_invalidated:
            raise exc
        err = CoreError.database_unavailable()
        return error_response(err.http_status, err.code, err.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        err = http_error_of(request, exc)
        response = error_response(err.http_status, err.code, err.message)
        for name, value in (exc.headers or {}).items():  # a 405's Allow
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts, fields = [], []
        for err in exc.errors()[:5]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
            # a missing or unreadable body has no field name: say what is missing
            named = loc or ("nội dung JSON của yêu cầu" if tuple(err.get("loc", ()))[:1] == ("body",) else "yêu cầu")
            parts.append(f"{named}: {validation_text(err)}")
            fields.append({"field": loc, "type": str(err.get("type", ""))})
        return JSONResponse(status_code=422, content={"error": {
            "code": "invalid_request", "message": "Yêu cầu không hợp lệ — " + "; ".join(parts), "fields": fields}})


def http_error_of(request: Request, exc: StarletteHTTPException) -> VanbanError:
    """The framework's own HTTP errors (no route, a method not taken, a body FastAPI could not parse) as the
    project's errors: a machine code and a Vietnamese message, never `{"detail": "..."}` in English (SECURITY.md
    118). FastAPI raises its 400 "There was an error parsing the body" from the decoding error that caused it."""
    if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
        return CoreError.body_not_utf8()
    if exc.status_code == 400:
        return CoreError.invalid_body()
    if exc.status_code == 404:
        return CoreError.no_such_address()
    if exc.status_code == 405:
        return CoreError.method_not_allowed(method=request.method)
    return CoreError.http_error(status=exc.status_code, http_status=exc.status_code)


def urlencoded_is_utf8(body: bytes) -> bool:
    """Whether a form body (application/x-www-form-urlencoded) is UTF-8 throughout: its bytes ASCII (a browser
    percent-encodes the rest) and each name and value, once unquoted, UTF-8. The form parser reads what is not as
    Latin-1 or U+FFFD — words changed without a word said. Raw (not percent-encoded) UTF-8 bytes, as `curl -d
    'note=Đã xong'` sends them, are refused too: Starlette's parser reads them as Latin-1 ("Ä\x90Ã£ xong"), so the
    message asks for URL-encoding rather than accept garbled words (review18 checked)."""
    from urllib.parse import unquote_to_bytes

    if not body.isascii():
        return False
    try:
        for field in body.split(b"&"):
            for part in field.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def utf8_form(request: Request) -> FormData:
    """`request.form()`, refusing (422 `body_not_utf8`, nothing read from it) a urlencoded form that is not UTF-8:
    the form parser would otherwise hand on the words changed (SECURITY.md 118); a multipart one is checked as it
    arrives, by the request guard (`guard.Utf8Parts`, 143)."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
        if not urlencoded_is_utf8(await request.body()):  # kept by the request: the form reads the same bytes
            raise CoreError.body_not_utf8()
    try:
        return await request.form()
    except ClientDisconnect:
        refused = request.scope.get(REFUSED_BODY)  # a multipart part not UTF-8: the guard cut the body off (143)
        if isinstance(refused, VanbanError):
            raise refused from None
        raise


# pydantic's error types in Vietnamese (the user reads the message; the field and the type stay machine-readable)
_VALIDATION_TEXT = {
    "missing": "thiếu, bắt buộc phải có",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_too_long": "không được quá {max_length} ký tự",
    "string_pattern_mismatch": "không đúng định dạng",
    "string_type": "phải là chuỗi ký tự",
    "less_than_equal": "không được lớn hơn {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "greater_than_equal": "không được nhỏ hơn {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là đúng (true) hoặc sai (false)",
    "date_parsing": "phải là ngày dạng yyyy-mm-dd",
    "date_from_datetime_parsing": "phải là ngày dạng yyyy-mm-dd",
    "date_type": "phải là ngày dạng yyyy-mm-dd",
    "datetime_parsing": "phải là thời điểm dạng yyyy-mm-ddThh:mm",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "too_long": "không được quá {max_length} phần tử",
    "list_type": "phải là danh sách",
    "json_invalid": "không phải JSON hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "extra_forbidden": "không được phép",
    "literal_error": "phải là một trong: {expected}",
    "enum": "phải là một trong: {expected}",
    "uuid_parsing": "không phải mã định danh hợp lệ",
}


# a file part named only in RFC 5987's form (`filename*=UTF-8''…`, forbidden in a form by RFC 7578) is read as a field
_NOT_A_FILE = ('phải là một tệp gửi kèm có tên tệp (filename="…"); không nhận một trường chữ thay cho tệp, hay tệp chỉ '
               "ghi tên theo dạng filename*=")


def validation_text(err: Any) -> str:
    """One validation error in Vietnamese; an unknown type (or a custom check) keeps pydantic's text."""
    if "Expected UploadFile" in str(err.get("msg", "")):  # a file part read as a field: it has no plain file name
        return _NOT_A_FILE
    text = _VALIDATION_TEXT.get(str(err.get("type", "")))
    if text is None:
        return str(err.get("msg", ""))
    try:
        return text.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return str(err.get("msg", ""))


def not_found(what: str = "Văn bản") -> VanbanError:
    return CoreError.not_found(what=what)
