"""Browser sessions bound to the auth service's own tokens, and CSRF protection.

Logging in goes through `services.core.auth.service.login` (throttling, audit, disabled accounts); the browser
keeps the resulting access token and refresh token in two HttpOnly cookies scoped to /ui. Each request is
authenticated by `principal_from_access_token` (so disabling an account or bumping its token version ends the
session at once); an expired access token is replaced by rotating the refresh token (`service.refresh`: reuse
of a spent one revokes the whole family); logging out revokes the family. The API never reads these cookies.

CSRF: every POST carries a token (form field `csrf` or header `X-CSRF-Token`) equal to
HMAC(secret, nonce | user id), where the nonce lives in a third HttpOnly SameSite=Strict cookie; the session
cookies themselves are SameSite=Lax (Strict for the refresh token), and a cross-origin `Origin` is refused.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

import jwt
from fastapi import Request
from sqlalchemy.orm import Session

from services.core.auth import service as auth
from services.core.auth.policy import Principal
from services.core.auth.secrets_store import jwt_secret
from services.core.db import session_scope
from services.core.errors import VanbanError
from services.web.settings import get_web_settings

PREFIX = "/ui"
STATIC_PREFIX = PREFIX + "/static/"
ACCESS_COOKIE = "vb_at"
REFRESH_COOKIE = "vb_rt"
NONCE_COOKIE = "vb_csrf"
REFRESH_MARGIN_SECONDS = 300  # a page view renews an access token that has less than this left


class LoginRequired(Exception):
    """No valid session: the page redirects to the login form (or answers 401 to a script)."""


class CsrfError(VanbanError):
    def __init__(self) -> None:
        super().__init__("csrf_failed", "Phiên làm việc đã thay đổi hoặc biểu mẫu đã cũ; vui lòng tải lại trang "
                         "và thử lại.", http_status=403)


@dataclass
class PendingCookie:
    name: str
    value: str | None  # None deletes
    max_age: int | None = None
    samesite: str = "lax"


def _cookie_header(c: PendingCookie) -> str:
    secure = "; Secure" if get_web_settings().web_cookie_secure else ""
    if c.value is None:
        return f"{c.name}=; Path={PREFIX}; Max-Age=0; HttpOnly; SameSite={c.samesite.capitalize()}{secure}"
    age = f"; Max-Age={c.max_age}" if c.max_age is not None else ""
    return f"{c.name}={c.value}; Path={PREFIX}{age}; HttpOnly; SameSite={c.samesite.capitalize()}{secure}"


def queue_cookie(request: Request, cookie: PendingCookie) -> None:
    pending: list[PendingCookie] = request.scope.setdefault("state", {}).setdefault("web_cookies", [])
    pending[:] = [p for p in pending if p.name != cookie.name]
    pending.append(cookie)


class CookieMiddleware:
    """Adds the cookies queued during a /ui request to its response, whatever the route returned."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http" or not scope.get("path", "").startswith(PREFIX):
            await self.app(scope, receive, send)
            return

        async def wrapped(message) -> None:  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                pending = (scope.get("state") or {}).get("web_cookies") or []
                headers = list(message.get("headers", []))
                for c in pending:
                    headers.append((b"set-cookie", _cookie_header(c).encode("latin-1")))
                if scope["path"].startswith(STATIC_PREFIX):  # versioned URLs (?v=…): cached for good
                    headers.append((b"cache-control", b"public, max-age=31536000, immutable"))
                else:
                    headers.append((b"cache-control", b"no-store"))
                headers.append((b"x-frame-options", b"DENY"))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"same-origin"))
                headers.append((b"content-security-policy",
                                b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


def set_session(request: Request, pair: auth.TokenPair) -> None:
    days = 14
    try:
        from services.core.config import get_settings

        days = get_settings().refresh_token_days
    except Exception:  # noqa: BLE001
        pass
    queue_cookie(request, PendingCookie(ACCESS_COOKIE, pair.access_token, max_age=days * 86400))
    queue_cookie(request, PendingCookie(REFRESH_COOKIE, pair.refresh_token, max_age=days * 86400,
                                        samesite="strict"))
    request.state.fresh_access = pair.access_token


def clear_session(request: Request) -> None:
    for name in (ACCESS_COOKIE, REFRESH_COOKIE):
        queue_cookie(request, PendingCookie(name, None, samesite="strict" if name == REFRESH_COOKIE else "lax"))


def _seconds_left(token: str) -> float:
    try:
        exp = jwt.decode(token, options={"verify_signature": False}).get("exp", 0)
    except jwt.PyJWTError:
        return 0
    return float(exp) - time.time()


def _refresh(request: Request, session: Session) -> Principal | None:
    raw = request.cookies.get(REFRESH_COOKIE)
    if not raw:
        return None
    try:
        # the rotation is a unit of work of its own, before the page's: it stands whatever the page does next (a
        # page that ends in an error must not leave the browser a refresh token the database never kept)
        with session_scope() as own:
            pair = auth.refresh(own, raw)
    except VanbanError:  # a replayed token: its family's revocation was committed all the same (keep_on_error)
        clear_session(request)
        return None
    set_session(request, pair)
    return auth.principal_from_access_token(session, pair.access_token)


def current_principal(request: Request, session: Session) -> Principal | None:
    cached = getattr(request.state, "web_principal", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    token = request.cookies.get(ACCESS_COOKIE)
    principal: Principal | None = None
    if token:
        try:
            principal = auth.principal_from_access_token(session, token)
        except VanbanError:
            principal = None
    if principal is None:
        principal = _refresh(request, session)
    elif request.method == "GET" and _seconds_left(token or "") < REFRESH_MARGIN_SECONDS \
            and request.headers.get("x-requested-with") != "XMLHttpRequest":
        # renew on page views only (never from parallel background requests, which would race the rotation)
        principal = _refresh(request, session) or principal
    if principal is not None:
        request.state.web_principal = principal
        request.state.principal = principal  # for the request log, like the API
    return principal


def require_principal(request: Request, session: Session) -> Principal:
    principal = current_principal(request, session)
    if principal is None:
        raise LoginRequired()
    return principal


# --- CSRF -------------------------------------------------------------------------------------------------------


def _nonce(request: Request) -> str:
    existing = getattr(request.state, "csrf_nonce", None) or request.cookies.get(NONCE_COOKIE)
    if existing and len(existing) >= 16:
        request.state.csrf_nonce = existing
        return str(existing)
    nonce = secrets.token_urlsafe(24)
    request.state.csrf_nonce = nonce
    queue_cookie(request, PendingCookie(NONCE_COOKIE, nonce, samesite="strict"))
    return nonce


def csrf_token(request: Request, principal: Principal | None) -> str:
    who = (principal.user_id or principal.username) if principal else "anonymous"
    msg = f"csrf|{_nonce(request)}|{who}".encode()
    return hmac.new(jwt_secret().encode(), msg, hashlib.sha256).hexdigest()


def check_csrf(request: Request, principal: Principal | None, submitted: str | None) -> None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            raise CsrfError()
    if not request.cookies.get(NONCE_COOKIE) or not submitted:
        raise CsrfError()
    if not hmac.compare_digest(csrf_token(request, principal), submitted):
        raise CsrfError()


def safe_next(value: str | None) -> str:
    """Only paths of this interface: no open redirect."""
    if value and value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value \
            and "://" not in value:
        return value
    return PREFIX + "/"
