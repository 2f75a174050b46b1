"""Dependencies of the pages: the session, who is logged in, CSRF-checked forms, role checks."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from services.core.auth.policy import Principal, Scope, scope_for
from services.core.auth.service import forbidden
from services.core.web import SessionDep, utf8_form
from services.web import session as web_session


def web_user(request: Request, session: SessionDep) -> Principal:
    return web_session.require_principal(request, session)


User = Annotated[Principal, Depends(web_user)]


def web_admin(request: Request, session: SessionDep) -> Principal:
    """Who may do it, declared on the route: an administrator (anyone else gets 403 before the form is read)."""
    principal = web_user(request, session)
    need(principal, "admin")
    return principal


AdminUser = Annotated[Principal, Depends(web_admin)]


def scope(principal: Principal) -> Scope:
    return scope_for(principal)


async def checked_form(request: Request, principal: Principal | None) -> FormData:
    """The submitted form, after the CSRF check (every state change is a POST with a token)."""
    form = await utf8_form(request)
    token = form.get("csrf") or request.headers.get("x-csrf-token")
    web_session.check_csrf(request, principal, token if isinstance(token, str) else None)
    return form


def need(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise forbidden("Trang này không dành cho vai trò của bạn.")


EDITORS = ("admin", "clerk", "leader")
CLERKS = ("admin", "clerk")
LEADERS = ("admin", "leader")
UNIT_ROLES = ("unit_head", "unit_staff")


def text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else default


def texts(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]
