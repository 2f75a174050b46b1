"""The request guard: a pure ASGI middleware that runs before any body is read.

- the client address: X-Forwarded-For is believed only from `VANBAN_TRUSTED_PROXIES`;
- body size: each route has a limit (an upload: VANBAN_MAX_UPLOAD_BYTES × VANBAN_MAX_FILES_PER_UPLOAD, bounded by
  VANBAN_MAX_REQUEST_BYTES; a progress report with attachments: VANBAN_MAX_REPORT_BYTES; anything else:
  VANBAN_MAX_JSON_BYTES). A Content-Length over it is refused at once; a streamed body is cut off when it passes it;
- credentials: a request that carries a body to a route other than the login routes must present a credential
  that verifies (a signed, unexpired access token, or an existing API key) before its body is read;
- paging: `offset` above MAX_OFFSET is refused (a huge offset overflows the databases' integers);
- responses: `X-Content-Type-Options: nosniff` on every one, and a download (Content-Disposition: attachment)
  whose type is not on the allow-list of inert types is served as application/octet-stream.

deploy/nginx.conf bounds the same bodies at the proxy.
"""
from __future__ import annotations

import codecs
import ipaddress
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from services.core.config import Settings, get_settings
from services.core.errors import REFUSED_BODY, CoreError, VanbanError
from services.core.pagination import MAX_OFFSET

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC_BODY_ROUTES = re.compile(r"^/auth/(token|refresh|logout)$")
AUTH_FORM_BYTES = 16 * 1024
UPLOAD_ROUTES = re.compile(r"^/documents/?$")
REPORT_ROUTES = re.compile(r"^/tasks/[^/]+/(progress|complete)$")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
MULTIPART_OVERHEAD = 64 * 1024  # per file: part headers and boundaries

# types a browser renders inertly (no script): anything else is downloaded as bytes
SAFE_DOWNLOAD_TYPES = frozenset({
    "application/pdf", "application/octet-stream", "application/zip", "application/json",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword", "application/vnd.ms-excel", "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/plain", "text/csv", "image/png", "image/jpeg", "image/gif", "image/tiff", "image/webp", "image/bmp",
})


def route_limit(method: str, path: str, settings: Settings) -> int:
    """The largest body this route accepts, in bytes."""
    cs = cookie_session_of(path)
    if cs is not None:
        rest = path[len(cs.prefix):] or "/"
        if cs.public.match(rest):
            return AUTH_FORM_BYTES
        for sized_method, pattern, limit in cs.sized:
            if method == sized_method and pattern.match(rest):
                return limit
        if method == "POST" and cs.uploads.match(rest):
            files = max(1, settings.max_files_per_upload)
            return min(settings.max_request_bytes, (settings.max_upload_bytes + MULTIPART_OVERHEAD) * files)
        if method == "POST" and cs.reports.match(rest):
            return settings.max_report_bytes
        return settings.max_json_bytes
    if method == "POST" and UPLOAD_ROUTES.match(path):
        files = max(1, settings.max_files_per_upload)
        return min(settings.max_request_bytes, (settings.max_upload_bytes + MULTIPART_OVERHEAD) * files)
    if method == "POST" and REPORT_ROUTES.match(path):
        return settings.max_report_bytes
    if PUBLIC_BODY_ROUTES.match(path):
        return AUTH_FORM_BYTES
    return settings.max_json_bytes


def _networks(spec: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    nets = []
    for part in spec.replace(";", ",").split(","):
        part = part.strip()
        if part:
            try:
                nets.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                continue
    return nets


def _in(host: str, nets: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(ip in n for n in nets)


def client_address(peer: str | None, forwarded_for: str | None, trusted: str) -> str | None:
    """The client: the peer, unless the peer is a trusted proxy; then the right-most untrusted X-Forwarded-For hop."""
    nets = _networks(trusted)
    if peer is None or not forwarded_for or not nets or not _in(peer, nets):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    seen = peer  # the address the nearest trusted proxy saw, so far
    for hop in reversed(hops):
        if not _in(hop, nets):
            try:
                ip = ipaddress.ip_address(hop)
            except ValueError:
                return peer  # garbage in the header: keep the peer
            if ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast:
                return seen  # no proxy saw a remote client there: the client wrote it (SECURITY.md 68)
            return str(ip)
        seen = hop
    return hops[0] if hops else peer


@dataclass(frozen=True)
class CookieSession:
    """A browser front end mounted under `prefix` whose requests carry their credential in cookies.

    Registered by that front end (`register_cookie_session`), so the guard knows its public routes (the login
    form), its upload and report routes (their limits) and where its credential is, without importing it."""
    prefix: str
    access_cookie: str
    refresh_cookie: str
    public: re.Pattern[str]
    uploads: re.Pattern[str]
    reports: re.Pattern[str]
    # routes of their own size (a form carrying a file of a stated limit): (method, pattern, largest body in bytes)
    sized: tuple[tuple[str, re.Pattern[str], int], ...] = ()


COOKIE_SESSIONS: list[CookieSession] = []


def register_cookie_session(session: CookieSession) -> None:
    COOKIE_SESSIONS[:] = [s for s in COOKIE_SESSIONS if s.prefix != session.prefix]
    COOKIE_SESSIONS.append(session)


def cookie_session_of(path: str) -> CookieSession | None:
    return next((s for s in COOKIE_SESSIONS if path == s.prefix or path.startswith(s.prefix + "/")), None)


def _cookies(header: str) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def cookie_credential_verifies(headers: dict[str, str], cs: CookieSession) -> bool:
    """A signed, unexpired access cookie, or a live refresh cookie (the page will rotate it)."""
    from services.core.auth import service

    jar = _cookies(headers.get("cookie", ""))
    access = jar.get(cs.access_cookie)
    if access and service.access_token_signed(access):
        return True
    refresh = jar.get(cs.refresh_cookie)
    return bool(refresh) and service.refresh_token_live(refresh)


def credential_verifies(headers: dict[str, str]) -> bool:
    """Cheap check of the credential before a body is read: a signed access token, or an existing API key."""
    from services.core.auth import service

    api_key = headers.get("x-api-key")
    if api_key:
        return service.api_key_exists(api_key)
    auth = headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    return service.access_token_signed(token.strip())


def _error(status: int, code: str, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> list[Message]:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"x-content-type-options", b"nosniff"), (b"connection", b"close"), *(extra or [])]
    return [{"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body}]


def too_large_message(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"Yêu cầu vượt quá dung lượng cho phép ({limit / (1024 * 1024):.0f} MB)."
    return f"Yêu cầu vượt quá dung lượng cho phép ({max(1, limit // 1024)} KB)."


def _fix_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    out = [(k, v) for k, v in headers if k.lower() != b"x-content-type-options"]
    out.append((b"x-content-type-options", b"nosniff"))
    if not any(k.lower() == b"cache-control" for k, _ in out):
        # answers and downloads may hold confidential text: no browser or proxy keeps a copy after the user has
        # lost access (the /ui pages set their own: no-store, static files cached for good)
        out.append((b"cache-control", b"no-store"))
    disposition = next((v for k, v in out if k.lower() == b"content-disposition"), b"")
    if disposition.lower().startswith(b"attachment"):
        fixed = []
        for k, v in out:
            if k.lower() == b"content-type":
                base = v.split(b";")[0].strip().lower().decode("latin-1")
                if base not in SAFE_DOWNLOAD_TYPES:
                    v = b"application/octet-stream"
            fixed.append((k, v))
        out = fixed
    return out


_EXTENDED_FILENAME = re.compile(rb"(?:^|;)\s*filename\*(?:0\*?)?\s*=", re.IGNORECASE)
_QUOTED = re.compile(rb'"(?:\\.|[^"\\])*"')  # a quoted value ("a; filename*=b" is a name, not a parameter)


class Utf8Parts:
    """A multipart/form-data body read alongside the app, chunk by chunk (python-multipart, the parser Starlette
    uses; files are not kept): whether every text part — a field's value, a field's name, a file's name — is UTF-8.
    Starlette decodes those in the charset the request declares and falls back to Latin-1, silently, for bytes that
    are not in it (SECURITY.md 143); the guard drops a declared charset (UTF-8 is read as UTF-8, whatever the label)
    and refuses a body with a part that is not UTF-8. A body it cannot parse is left to Starlette's own error."""

    def __init__(self, boundary: bytes) -> None:
        from python_multipart.multipart import MultipartParser

        self.ok = True
        self._header, self._value, self._file = b"", b"", False
        self._text = codecs.getincrementaldecoder("utf-8")()
        self._parser: Any = MultipartParser(boundary, {
            "on_part_begin": self._begin, "on_part_data": self._data, "on_part_end": self._end,
            "on_header_field": self._header_field, "on_header_value": self._header_value,
            "on_header_end": self._header_end})

    def feed(self, chunk: bytes) -> None:
        if self._parser is None or not chunk:
            return
        try:
            self._parser.write(chunk)
        except UnicodeDecodeError:
            self.ok, self._parser = False, None
        except Exception:  # noqa: BLE001 — malformed: Starlette's parser says so (400 invalid_body)
            self._parser = None

    def _begin(self) -> None:
        self._file = False
        self._text.reset()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        if self._header.strip().lower() == b"content-disposition":
            from python_multipart.multipart import parse_options_header

            _, options = parse_options_header(self._value)
            for key in (b"name", b"filename"):
                options.get(key, b"").decode("utf-8")
            # a file named only in RFC 5987's form (`filename*=UTF-8''…`, which the parser drops: RFC 7578 forbids
            # it) is a file still — its bytes are no text to refuse as "not UTF-8"
            self._file = b"filename" in options or _EXTENDED_FILENAME.search(_QUOTED.sub(b'""', self._value)) is not None
        self._header, self._value = b"", b""

    def _data(self, data: bytes, start: int, end: int) -> None:
        if not self._file:
            self._text.decode(data[start:end])

    def _end(self) -> None:
        if not self._file:
            self._text.decode(b"", final=True)


def _multipart_utf8(scope: Scope) -> Utf8Parts | None:
    """For a multipart/form-data request: its checker, the charset it declares taken off the header the app reads."""
    headers = list(scope.get("headers") or [])
    for i, (key, value) in enumerate(headers):
        if key.lower() != b"content-type":
            continue
        from python_multipart.multipart import parse_options_header

        kind, params = parse_options_header(value)
        if kind != b"multipart/form-data" or not params.get(b"boundary"):
            return None
        if b"charset" in params:
            headers[i] = (key, b";".join(p for p in value.split(b";") if not p.strip().lower().startswith(b"charset")))
            scope["headers"] = headers
        return Utf8Parts(params[b"boundary"])
    return None


class RequestGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = get_settings()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        client = scope.get("client")
        if client and settings.trusted_proxies:
            host = client_address(client[0], headers.get("x-forwarded-for"), settings.trusted_proxies)
            if host != client[0]:
                scope["client"] = (host, 0)
        method = scope.get("method", "GET").upper()
        path = scope.get("path", "/")
        root = scope.get("root_path") or ""
        if root and path.startswith(root):
            path = path[len(root):] or "/"

        async def reply(messages: list[Message]) -> None:
            for m in messages:
                await send(m)

        for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True):
            if key == "offset" and value.strip().lstrip("+").isdigit() and int(value) > MAX_OFFSET:
                await reply(_error(422, "invalid_request",
                                   f"Yêu cầu không hợp lệ — offset: không được vượt quá {MAX_OFFSET}."))
                return

        limit = route_limit(method, path, settings)
        length = headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await reply(_error(400, "invalid_request", "Content-Length không hợp lệ."))
                return
            if declared > limit:
                await reply(_error(413, "too_large", too_large_message(limit)))
                return
        has_body = method in BODY_METHODS and (length not in (None, "0") or "transfer-encoding" in headers)
        cs = cookie_session_of(path)
        if has_body and cs is not None:
            from starlette.concurrency import run_in_threadpool

            if not cs.public.match(path[len(cs.prefix):] or "/") and not await run_in_threadpool(
                    cookie_credential_verifies, headers, cs):
                await reply(_error(401, "unauthorized", "Cần đăng nhập."))
                return
        elif has_body and not PUBLIC_BODY_ROUTES.match(path):
            from starlette.concurrency import run_in_threadpool

            if not await run_in_threadpool(credential_verifies, headers):
                await reply(_error(401, "unauthorized", "Cần đăng nhập.", [(b"www-authenticate", b"Bearer")]))
                return

        received = 0
        overflow = False
        parts = _multipart_utf8(scope) if has_body else None
        refused: VanbanError | None = None

        async def limited_receive() -> Message:
            nonlocal received, overflow, refused
            if overflow or refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    overflow = True
                    return {"type": "http.disconnect"}
                if parts is not None:
                    parts.feed(message.get("body", b""))
                    if not parts.ok:  # the app never reads the body whole: nothing of it is written
                        refused = scope[REFUSED_BODY] = CoreError.body_not_utf8()
                        return {"type": "http.disconnect"}
            return message

        replaced = False

        async def guarded_send(message: Message) -> None:
            nonlocal replaced
            if overflow or refused:
                if message["type"] == "http.response.start" and not replaced:
                    replaced = True
                    await reply(_error(413, "too_large", too_large_message(limit)) if overflow else
                                _error(refused.http_status, refused.code, refused.message))  # type: ignore[union-attr]
                return
            if message["type"] == "http.response.start":
                message["headers"] = _fix_headers(list(message.get("headers") or []))
            await send(message)

        await self.app(scope, limited_receive, guarded_send)
