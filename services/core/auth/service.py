"""Authentication: passwords, short-lived JWT access tokens, rotating refresh tokens, API keys, audit."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from services.core.auth.models import ApiKey, AuditEvent, LoginFailure, RefreshToken, Role, Unit, User
from services.core.auth.policy import Principal
from services.core.auth.secrets_store import hash_password, jwt_secret, new_token, sha256, verify_password
from services.core.auth.units import canonical_name, unit_key
from services.core.config import get_settings
from services.core.errors import VanbanError

log = logging.getLogger("vanban.auth")
ALGORITHM = "HS256"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


class AuthError(VanbanError):
    http_status = 401


def unauthorized(message: str = "Cần đăng nhập.", code: str = "unauthorized") -> AuthError:
    return AuthError(code, message, http_status=401)


def forbidden(message: str = "Bạn không có quyền thực hiện thao tác này.") -> VanbanError:
    return VanbanError("forbidden", message, http_status=403)


# --- units and users ----------------------------------------------------------------------------------------


def ensure_unit(session: Session, name: str) -> Unit:
    key = unit_key(name)
    unit = session.scalar(select(Unit).where(Unit.key == key))
    if unit is None:
        unit = Unit(key=key, name=canonical_name(name))
        session.add(unit)
        session.flush()
    return unit


def create_user(session: Session, username: str, password: str, role: str, unit_name: str | None = None,
                clearance: int = 0, full_name: str | None = None) -> User:
    if role not in Role.__members__:
        raise VanbanError("invalid_role", f"Vai trò không hợp lệ: {role}", http_status=422)
    if role in ("unit_head", "unit_staff") and not unit_name:
        raise VanbanError("unit_required", "Tài khoản của đơn vị phải thuộc một đơn vị.", http_status=422)
    if len(password) < 8:
        raise VanbanError("weak_password", "Mật khẩu phải có ít nhất 8 ký tự.", http_status=422)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise VanbanError("user_exists", f"Tên đăng nhập “{username}” đã tồn tại.", http_status=409)
    unit = ensure_unit(session, unit_name) if unit_name else None
    user = User(username=username, password_hash=hash_password(password), role=role,
                unit_id=unit.id if unit else None, clearance=max(0, min(3, clearance)), full_name=full_name)
    session.add(user)
    session.flush()
    return user


def set_disabled(session: Session, username: str, disabled: bool = True) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise VanbanError("not_found", f"Không có tài khoản “{username}”.", http_status=404)
    user.disabled = disabled
    user.token_version += 1  # every token issued before is void
    session.execute(update(RefreshToken).where(RefreshToken.user_id == user.id).values(revoked=True))
    session.execute(update(ApiKey).where(ApiKey.user_id == user.id).values(revoked=True))
    return user


def principal_of(user: User, via: str = "token") -> Principal:
    return Principal(user_id=user.id, username=user.username, role=user.role, clearance=user.clearance,
                     unit_id=user.unit_id, unit_key=user.unit.key if user.unit else None,
                     unit_name=user.unit.name if user.unit else None, via=via)


# --- login, tokens --------------------------------------------------------------------------------------------


@dataclass
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"


def _throttled(session: Session, username: str) -> bool:
    s = get_settings()
    since = _now() - timedelta(minutes=s.login_window_minutes)
    n = session.scalar(select(func.count()).select_from(LoginFailure)
                       .where(LoginFailure.username == username, LoginFailure.at >= since)) or 0
    return n >= s.login_max_failures


def login(session: Session, username: str, password: str, client: str | None = None) -> TokenPair:
    if _throttled(session, username):
        raise VanbanError("too_many_attempts", "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ít phút.",
                          http_status=429)
    user = session.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or user.disabled:
        session.add(LoginFailure(username=username, client=client))
        session.commit()
        raise unauthorized("Tên đăng nhập hoặc mật khẩu không đúng.", "invalid_credentials")
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    pair = _issue(session, user, family=None)
    audit(session, principal_of(user), "login", "user", user.id, client=client)
    return pair


def _access_token(user: User) -> tuple[str, int]:
    s = get_settings()
    now = _now()
    ttl = s.access_token_minutes * 60
    claims = {"sub": user.id, "name": user.username, "role": user.role, "ver": user.token_version,
              "aud": s.jwt_audience, "iss": s.jwt_issuer, "iat": now, "nbf": now, "exp": now + timedelta(seconds=ttl),
              "typ": "access"}
    return jwt.encode(claims, jwt_secret(), algorithm=ALGORITHM), ttl


def _issue(session: Session, user: User, family: str | None) -> TokenPair:
    s = get_settings()
    raw = new_token()
    session.add(RefreshToken(token_hash=sha256(raw), family=family or new_token(12)[:36], user_id=user.id,
                             expires_at=_now() + timedelta(days=s.refresh_token_days)))
    access, ttl = _access_token(user)
    return TokenPair(access_token=access, refresh_token=raw, expires_in=ttl)


def refresh(session: Session, raw_token: str) -> TokenPair:
    """Rotate: the presented token is spent; presenting a spent one again revokes its whole family."""
    row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == sha256(raw_token)))
    invalid = unauthorized("Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại.", "invalid_refresh_token")
    if row is None or row.revoked:
        raise invalid
    if row.used_at is not None:  # replay after rotation: someone has a stolen copy
        session.execute(update(RefreshToken).where(RefreshToken.family == row.family).values(revoked=True))
        session.commit()
        log.warning("refresh token replay for user %s; family %s revoked", row.user_id, row.family)
        raise invalid
    if _aware(row.expires_at) < _now():
        raise invalid
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        raise invalid
    row.used_at = _now()
    return _issue(session, user, family=row.family)


def logout(session: Session, raw_token: str) -> None:
    row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == sha256(raw_token)))
    if row is not None:
        session.execute(update(RefreshToken).where(RefreshToken.family == row.family).values(revoked=True))


def principal_from_access_token(session: Session, token: str) -> Principal:
    s = get_settings()
    invalid = unauthorized("Mã truy cập không hợp lệ hoặc đã hết hạn.", "invalid_token")
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise invalid
        claims = jwt.decode(token, jwt_secret(), algorithms=[ALGORITHM], audience=s.jwt_audience,
                            issuer=s.jwt_issuer, options={"require": ["exp", "sub", "aud", "iss"]})
    except jwt.PyJWTError as exc:
        raise invalid from exc
    if claims.get("typ") != "access":
        raise invalid
    user = session.get(User, claims["sub"])
    if user is None or user.disabled or user.token_version != claims.get("ver"):
        raise invalid
    return principal_of(user, "token")


# --- API keys ---------------------------------------------------------------------------------------------------

API_KEY_PREFIX = "vbk_"


def create_api_key(session: Session, user: User, name: str) -> tuple[ApiKey, str]:
    raw = API_KEY_PREFIX + new_token(30)
    key = ApiKey(prefix=raw[:12], key_hash=sha256(raw), name=name, user_id=user.id)
    session.add(key)
    session.flush()
    return key, raw


def principal_from_api_key(session: Session, raw: str) -> Principal:
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == sha256(raw)))
    if key is None or key.revoked:
        raise unauthorized("Khóa API không hợp lệ hoặc đã bị thu hồi.", "invalid_api_key")
    user = session.get(User, key.user_id)
    if user is None or user.disabled:
        raise unauthorized("Khóa API không hợp lệ hoặc đã bị thu hồi.", "invalid_api_key")
    key.last_used_at = _now()
    return principal_of(user, "api_key")


# --- audit ------------------------------------------------------------------------------------------------------


def audit(session: Session, principal: Principal | None, action: str, object_type: str, object_id: str | None,
          detail: dict[str, Any] | None = None, client: str | None = None, request_id: str | None = None) -> None:
    """Append one event. Added to the caller's transaction: the event and the act commit together."""
    session.add(AuditEvent(user_id=principal.user_id if principal else None,
                           username=principal.username if principal else None, action=action,
                           object_type=object_type, object_id=object_id, detail=detail or {}, client=client,
                           request_id=request_id))
