"""Logging in and out, who am I, the home page."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.core.auth import service as auth
from services.core.auth.deps import client_of
from services.core.db import refused
from services.core.errors import VanbanError
from services.core.web import utf8_form
from services.web import session as web_session
from services.web.deps import SessionDep, User, checked_form, text
from services.web.errors import PageError
from services.web.render import page, redirect, url

router = APIRouter()

HOME_BY_ROLE = {"admin": "/admin/users", "clerk": "/review", "leader": "/leader", "unit_head": "/inbox",
                "unit_staff": "/inbox"}


@router.get("/")
def home(request: Request, session: SessionDep) -> Response:
    me = web_session.current_principal(request, session)
    if me is None:
        return redirect(url("/login"))
    return redirect(url(HOME_BY_ROLE.get(me.role, "/search")))


@router.get("/login")
def login_form(request: Request, session: SessionDep, next: str | None = None) -> Response:  # noqa: A002
    me = web_session.current_principal(request, session)
    if me is not None:
        return redirect(web_session.safe_next(next))
    return page(request, "login.html", None, next=web_session.safe_next(next), username="")


@router.post("/login")
async def login(request: Request, session: SessionDep) -> Response:
    form = await utf8_form(request)
    username = text(form, "username")
    nxt = web_session.safe_next(text(form, "next"))
    try:
        token = form.get("csrf")
        web_session.check_csrf(request, None, token if isinstance(token, str) else None)
        if not username or not text(form, "password"):
            raise PageError.missing_credentials()
        password = form.get("password")
        pair = auth.login(session, username, password if isinstance(password, str) else "", client_of(request))
    except VanbanError as exc:
        refused(session)
        return page(request, "login.html", None, status_code=exc.http_status, error=exc.message, next=nxt,
                    username=username)
    web_session.set_session(request, pair)
    return redirect(nxt if nxt != web_session.PREFIX + "/" else url("/"))


@router.post("/logout")
async def logout(request: Request, session: SessionDep, me: User) -> Response:
    await checked_form(request, me)
    raw = request.cookies.get(web_session.REFRESH_COOKIE)
    if raw:
        auth.logout(session, raw)
    auth.audit(session, me, "logout", "user", me.user_id, client=client_of(request))
    web_session.clear_session(request)
    return redirect(url("/login"))


@router.get("/me")
def who_am_i(request: Request, me: User) -> Response:
    return page(request, "me.html", me)
