"""HTTP API of authentication, accounts and the audit log."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.core.auth import service
from services.core.auth.deps import CurrentPrincipal, client_of, require_roles
from services.core.auth.errors import AccountError
from services.core.auth.models import ApiKey, AuditEvent, User
from services.core.auth.policy import Principal, may_grant, scope_for
from services.core.auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    AuditOut,
    Me,
    PasswordChange,
    PasswordReset,
    RefreshRequest,
    TokenResponse,
    UserCreate,
    UserOut,
    UserUpdate,
)
from services.core.config import get_settings
from services.core.db import keep_on_error, savepoint
from services.core.errors import VanbanError
from services.core.schemas import ErrorResponse, Page
from services.core.web import SessionDep, flushed

router = APIRouter(tags=["auth"])
DEVICE_COOKIE = "vanban_device"
AUTH_ERRORS: dict[int | str, dict[str, object]] = {401: {"model": ErrorResponse}, 403: {"model": ErrorResponse},
                                                    422: {"model": ErrorResponse}}
Admin = Annotated[Principal, Depends(require_roles("admin"))]


@router.post("/auth/token", response_model=TokenResponse, summary="Log in (OAuth2 password flow)",
             responses={401: {"model": ErrorResponse}, 429: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
def token(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, response: Response,
          session: SessionDep) -> TokenResponse:
    device = request.headers.get("x-device-token") or request.cookies.get(DEVICE_COOKIE)
    pair = service.login(session, form.username, form.password, client_of(request), device)
    if pair.device_token:
        response.set_cookie(DEVICE_COOKIE, pair.device_token, max_age=get_settings().device_token_days * 86400,
                            httponly=True, samesite="strict", path="/auth")
    return TokenResponse(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in,
                         device_token=pair.device_token)


@router.post("/auth/refresh", response_model=TokenResponse, summary="Rotate the refresh token",
             responses={401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
def refresh(body: RefreshRequest, session: SessionDep) -> TokenResponse:
    pair = service.refresh(session, body.refresh_token)
    return TokenResponse(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/auth/logout", status_code=204, summary="Revoke a refresh token (and its rotations)",
             responses={422: {"model": ErrorResponse}})
def logout(body: RefreshRequest, session: SessionDep) -> None:
    service.logout(session, body.refresh_token)


@router.get("/auth/me", response_model=Me, summary="Who am I", responses=AUTH_ERRORS)
def me(principal: CurrentPrincipal) -> Me:
    return Me(user_id=principal.user_id, username=principal.username, role=principal.role,
              clearance=principal.clearance, unit_id=principal.unit_id, unit_name=principal.unit_name)


@router.post("/auth/api-keys", response_model=ApiKeyCreated, status_code=201, summary="Create an API key",
             responses=AUTH_ERRORS)
def create_api_key(body: ApiKeyCreate, principal: CurrentPrincipal,
                   session: SessionDep) -> ApiKeyCreated:
    user = session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise service.forbidden()
    if principal.via != "token":  # a key (perhaps leaked) cannot make itself immortal by minting others
        raise service.forbidden("Không thể tạo khóa API bằng một khóa API; hãy đăng nhập.")
    key, raw = service.create_api_key(session, user, body.name, list(body.scopes), body.expires_in_days)
    service.audit(session, principal, "change", "api_key", key.id,
                  {"created": body.name, "scopes": key.scopes, "expires_at": key.expires_at.isoformat()
                   if key.expires_at else None})
    return ApiKeyCreated(**ApiKeyOut.model_validate(flushed(key)).model_dump(), key=raw)


@router.get("/auth/api-keys", response_model=list[ApiKeyOut], summary="My API keys", responses=AUTH_ERRORS)
def list_api_keys(principal: CurrentPrincipal, session: SessionDep) -> list[ApiKeyOut]:
    rows = session.scalars(select(ApiKey).where(ApiKey.user_id == principal.user_id).order_by(ApiKey.created_at))
    return [ApiKeyOut.model_validate(k) for k in rows]


@router.delete("/auth/api-keys/{key_id}", status_code=204, summary="Revoke an API key",
               responses={**AUTH_ERRORS, 404: {"model": ErrorResponse}})
def revoke_api_key(key_id: str, principal: CurrentPrincipal, session: SessionDep) -> None:
    key = session.get(ApiKey, key_id)
    if key is None or key.user_id != principal.user_id:
        from services.core.web import not_found

        raise not_found("Khóa API")
    key.revoked = True
    service.audit(session, principal, "change", "api_key", key.id, {"revoked": True})


@router.get("/users", response_model=Page[UserOut], summary="Accounts (admin)", responses=AUTH_ERRORS)
def list_users(_: Admin, session: SessionDep,
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[UserOut]:
    from sqlalchemy import func

    total = session.scalar(select(func.count()).select_from(User)) or 0
    rows = session.scalars(select(User).order_by(User.username).offset(offset).limit(limit))
    return Page[UserOut](total=total, offset=offset, limit=limit, items=[UserOut.model_validate(u) for u in rows])


@router.post("/users", response_model=UserOut, status_code=201, summary="Create an account (admin)",
             responses={**AUTH_ERRORS, 409: {"model": ErrorResponse}})
def create_user(body: UserCreate, admin: Admin, session: SessionDep) -> UserOut:
    if not may_grant(admin, body.clearance):
        raise AccountError.clearance_above_own()
    user = service.create_user(session, body.username, body.password, body.role, body.unit, body.clearance,
                               body.full_name)
    service.audit(session, admin, "change", "user", user.id, {"created": body.username, "role": body.role})
    return UserOut.model_validate(flushed(user))


@router.post("/users/{username}/disable", response_model=UserOut, summary="Disable an account and revoke its tokens",
             responses={**AUTH_ERRORS, 404: {"model": ErrorResponse}})
def disable_user(username: str, admin: Admin, session: SessionDep) -> UserOut:
    return _set_disabled(session, admin, username, True)


@router.post("/users/{username}/enable", response_model=UserOut, summary="Re-enable a disabled account (admin)",
             responses={**AUTH_ERRORS, 404: {"model": ErrorResponse}})
def enable_user(username: str, admin: Admin, session: SessionDep) -> UserOut:
    return _set_disabled(session, admin, username, False)


def _set_disabled(session: Session, admin: Principal, username: str, disabled: bool) -> UserOut:
    user = service.set_disabled(session, username, disabled)
    service.audit(session, admin, "change", "user", user.id, {"disabled": disabled})
    return UserOut.model_validate(flushed(user))


@router.patch("/users/{username}", response_model=UserOut, summary="Change role, clearance or unit (admin)",
              description="Every change is audited (before → after); a change of rights voids the account's tokens.",
              responses={**AUTH_ERRORS, 404: {"model": ErrorResponse}})
def update_user(username: str, body: UserUpdate, admin: Admin,
                session: SessionDep) -> UserOut:
    _within_clearance(admin, service.get_user(session, username))
    if body.clearance is not None and not may_grant(admin, body.clearance):
        raise AccountError.clearance_above_own()
    user, changes = service.update_user(session, username, role=body.role, clearance=body.clearance,
                                        unit=body.unit, full_name=body.full_name)
    if changes:
        service.audit(session, admin, "change", "user", user.id, changes)
    return UserOut.model_validate(flushed(user))


def _within_clearance(admin: Principal, user: User) -> None:
    """An account cleared above the administrator is changed only by one cleared as high (SECURITY.md 100)."""
    if not may_grant(admin, user.clearance):
        raise AccountError.account_above_clearance(username=user.username)


@router.post("/users/{username}/password", status_code=204, summary="Set an account's password (admin)",
             responses={**AUTH_ERRORS, 404: {"model": ErrorResponse}})
def reset_password(username: str, body: PasswordReset, admin: Admin,
                   session: SessionDep) -> None:
    user = service.get_user(session, username)
    _within_clearance(admin, user)
    service.set_password(session, user, body.new_password, keys=True)  # sessions and API keys end
    service.audit(session, admin, "change", "user", user.id, {"password_reset": True})


@router.post("/auth/password", status_code=204, summary="Change my password (then log in again)",
             responses=AUTH_ERRORS)
def change_password(body: PasswordChange, principal: CurrentPrincipal, request: Request,
                    session: SessionDep) -> None:
    user = session.get(User, principal.user_id) if principal.user_id else None
    if user is None or principal.via != "token":
        raise service.forbidden("Hãy đăng nhập bằng mật khẩu để đổi mật khẩu.")
    try:
        with savepoint(session):
            service.change_own_password(session, user, body.current_password, body.new_password)
    except VanbanError:
        service.audit(session, principal, "password_change_failed", "user", principal.user_id,
                      client=client_of(request))
        keep_on_error(session)  # the failed attempt is recorded
        raise
    service.audit(session, principal, "change", "user", user.id, {"password_changed": True},
                  client=client_of(request))


@router.get("/audit", response_model=Page[AuditOut], summary="The audit log (admin)", responses=AUTH_ERRORS)
def audit_log(
    admin: Admin, session: SessionDep,
    user: Annotated[str | None, Query(description="username")] = None,
    action: Annotated[str | None, Query()] = None,
    object_id: Annotated[str | None, Query()] = None,
    since: Annotated[datetime | None, Query()] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0, limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Page[AuditOut]:
    from sqlalchemy import func

    stmt = select(AuditEvent).where(service.audit_clause(scope_for(admin)))
    if user:
        stmt = stmt.where(AuditEvent.username == user)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if object_id:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    if since:
        stmt = stmt.where(AuditEvent.at >= since)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(session.scalars(stmt.order_by(AuditEvent.id.desc()).offset(offset).limit(limit)))
    details = service.audit_details_seen(session, scope_for(admin), rows)
    return Page[AuditOut](total=total, offset=offset, limit=limit, items=[
        AuditOut.model_validate(r).model_copy(update={"detail": d}) for r, d in zip(rows, details, strict=True)])
