"""Authentication: passwords, short-lived JWT access tokens, rotating refresh tokens, API keys, audit."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt
from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import Session

from services.core.auth.errors import AccountError
from services.core.auth.models import ApiKey, AuditEvent, LoginFailure, RefreshToken, Role, Unit, User
from services.core.auth.policy import MAX_LEVEL, Principal, Scope
from services.core.auth.secrets_store import hash_password, jwt_secret, new_token, sha256, verify_password
from services.core.auth.units import canonical_name, same_unit, unit_key
from services.core.config import get_settings
from services.core.db import keep_on_error
from services.core.errors import CoreError, VanbanError
from services.vntext.units import collective_unit_name

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
    return CoreError.forbidden(message=message)


# --- units and users ----------------------------------------------------------------------------------------


def ensure_unit(session: Session, name: str, strict: bool = False) -> Unit:
    """The unit of this name, created if new. `strict` (accounts): two units whose names fold to one key
    ('… Anh Sơn' and '… Ánh Sơn') are never merged — the second is refused (409), since an account placed in it
    would share every access right of the first; and a collective ('Các sở, ban, ngành') is no unit: an account
    placed in it would read every notice addressed or assigned to all of them (422)."""
    key = unit_key(name)
    # "Các sở, ban, ngành" in any spelling of its key ("Cac so ban nganh"): SECURITY.md 101, 116
    if strict and (collective_unit_name(name) or collective_unit_name(key)):
        raise AccountError.collective_unit(name=" ".join(name.split()))
    unit = session.scalar(select(Unit).where(Unit.key == key))
    if strict and unit is not None and not same_unit(unit.name, name):
        raise AccountError.unit_key_conflict(canonical=canonical_name(name), existing=unit.name)
    if unit is None:
        unit = Unit(key=key, name=canonical_name(name))
        session.add(unit)
        session.flush()
    return unit


def create_user(session: Session, username: str, password: str, role: str, unit_name: str | None = None,
                clearance: int = 0, full_name: str | None = None) -> User:
    if role not in Role.__members__:
        raise AccountError.invalid_role(role=role)
    if role in ("unit_head", "unit_staff") and not unit_name:
        raise AccountError.unit_required()
    if len(password) < 8:
        raise AccountError.weak_password()
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError.user_exists(username=username)
    unit = ensure_unit(session, unit_name, strict=True) if unit_name else None
    user = User(username=username, password_hash=hash_password(password), role=role,
                unit_id=unit.id if unit else None, clearance=max(0, min(3, clearance)), full_name=full_name)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username[:128]))
    if user is None:
        raise AccountError.not_found(username=username[:64])
    return user


def revoke_all(session: Session, user: User, keys: bool = True) -> None:
    """Every token issued before is void: access tokens (version), refresh families and, unless told, API keys."""
    user.token_version += 1
    session.execute(update(RefreshToken).where(RefreshToken.user_id == user.id).values(revoked=True))
    if keys:
        session.execute(update(ApiKey).where(ApiKey.user_id == user.id).values(revoked=True))


def set_disabled(session: Session, username: str, disabled: bool = True) -> User:
    user = get_user(session, username)
    user.disabled = disabled
    if disabled:
        revoke_all(session, user)
    return user


def update_user(session: Session, username: str, *, role: str | None = None, clearance: int | None = None,
                unit: str | None = None, full_name: str | None = None) -> tuple[User, dict[str, Any]]:
    """An administrator changes an account's role, clearance or unit. Returns the user and what changed
    (before → after) for the audit log; every token and API key issued before is void when access rights change."""
    user = get_user(session, username)
    changes: dict[str, Any] = {}
    if role is not None and role != user.role:
        if role not in Role.__members__:
            raise AccountError.invalid_role(role=role)
        changes["role"] = [user.role, role]
        user.role = role
    if clearance is not None and clearance != user.clearance:
        changes["clearance"] = [user.clearance, clearance]
        user.clearance = max(0, min(3, clearance))
    if unit is not None:
        new_unit = ensure_unit(session, unit, strict=True) if unit.strip() else None
        if (new_unit.id if new_unit else None) != user.unit_id:
            changes["unit"] = [user.unit.name if user.unit else None, new_unit.name if new_unit else None]
            user.unit_id = new_unit.id if new_unit else None
            session.flush()
            session.refresh(user)
    if user.role in ("unit_head", "unit_staff") and not user.unit_id:
        raise AccountError.unit_required()
    if full_name is not None and full_name != user.full_name:
        changes["full_name"] = [user.full_name, full_name]
        user.full_name = full_name
    if set(changes) & {"role", "clearance", "unit"}:  # its API keys too: made for what it did before (finding 38)
        revoke_all(session, user)
    return user, changes


def set_password(session: Session, user: User, new_password: str, keys: bool = False) -> None:
    """A new password ends every session; `keys`: the account's API keys too (an administrator's reset — the owner
    of a compromised account cannot be relied on, and only the owner may list or revoke its keys)."""
    if len(new_password) < 8:
        raise AccountError.weak_password()
    user.password_hash = hash_password(new_password)
    revoke_all(session, user, keys=keys)


def change_own_password(session: Session, user: User, current: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError.invalid_credentials()
    if current == new_password:
        raise AccountError.same_password()
    set_password(session, user, new_password)


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
    device_token: str | None = None


MAX_USERNAME = 128
MAX_PASSWORD = 1024


def too_many(wait_seconds: int) -> VanbanError:
    minutes = max(1, round(wait_seconds / 60))
    err = AccountError.too_many_attempts(minutes=minutes)
    err.detail = str(max(1, wait_seconds))  # Retry-After
    return err


def backoff_seconds(failures: int, allowed: int, last: datetime | None, now: datetime) -> int:
    """Exponential back-off: after `allowed` failures, wait base × 2^(extra failures), up to the maximum,
    counted from the last failure. 0 = may try now."""
    s = get_settings()
    if failures < allowed or last is None:
        return 0
    wait = min(s.login_backoff_seconds * (2 ** min(failures - allowed, 20)), s.login_backoff_max_seconds)
    remaining = (_aware(last) + timedelta(seconds=wait) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def _failures(session: Session, since: datetime, *where: Any) -> tuple[int, datetime | None]:
    n, last = session.execute(select(func.count(), func.max(LoginFailure.at)).where(LoginFailure.at >= since, *where)
                              ).one()
    return int(n or 0), last


def _in_turn(session: Session, username: str, client: str | None) -> None:
    """The attempts on one account, and from one client address, one at a time until each commits: the failures are
    counted, the password checked (a slow hash) and the failure recorded before the next attempt counts — guesses
    sent at once would otherwise all read the count before any was recorded (SECURITY.md 70). PostgreSQL: advisory
    locks of the transaction (the account's first, then the client's: no cycle); SQLite: `prune_failures`' DELETE,
    right after, takes the database's write lock for the whole attempt."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for kind, key in ((1, username), (2, (client or "")[:64])):
        if key:
            digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big", signed=True)
            session.execute(text("SELECT pg_advisory_xact_lock(:kind, :key)"), {"kind": kind, "key": digest})


def prune_failures(session: Session, now: datetime | None = None) -> int:
    """Forget failures older than the window (the table never grows without bound)."""
    since = (now or _now()) - timedelta(minutes=get_settings().login_window_minutes)
    return session.execute(delete(LoginFailure).where(LoginFailure.at < since)).rowcount or 0  # type: ignore[attr-defined]


def device_token(user: User) -> str:
    """A signed cookie naming a device this user logged in from: the right password from it is never locked out
    by failures elsewhere (someone guessing this account's password from other clients)."""
    s = get_settings()
    now = _now()
    claims = {"sub": user.id, "jti": new_token(12), "aud": s.jwt_audience, "iss": s.jwt_issuer, "iat": now,
              "exp": now + timedelta(days=s.device_token_days), "typ": "device"}
    return jwt.encode(claims, jwt_secret(), algorithm=ALGORITHM)


def known_device(token: str | None, user: User | None) -> str | None:
    """The device id if `token` is a valid device token of `user`."""
    if not token or user is None or len(token) > 2048:
        return None
    s = get_settings()
    try:
        claims = jwt.decode(token, jwt_secret(), algorithms=[ALGORITHM], audience=s.jwt_audience,
                            issuer=s.jwt_issuer, options={"require": ["exp", "sub", "jti"]})
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != "device" or claims.get("sub") != user.id:
        return None
    return str(claims["jti"])[:64]


def login(session: Session, username: str, password: str, client: str | None = None,
          device: str | None = None) -> TokenPair:
    """Check a password, with back-off by account and by client address for unknown devices, and by device for a
    known one; failures are audited; the failure table is pruned as it goes."""
    if len(username) > MAX_USERNAME or len(password) > MAX_PASSWORD:
        raise AccountError.invalid_request(max_length=MAX_USERNAME)
    s = get_settings()
    now = _now()
    since = now - timedelta(minutes=s.login_window_minutes)
    _in_turn(session, username, client)
    prune_failures(session, now)
    # the account held until this attempt commits: a password reset (or a disabling) waits, then ends the session made
    # here — or, committed first, is what the password is checked against (SECURITY.md 72)
    user = session.scalar(select(User).where(User.username == username).with_for_update(of=User))
    device_id = known_device(device, user)
    if device_id:
        n, last = _failures(session, since, LoginFailure.device == device_id)
        wait = backoff_seconds(n, s.login_max_failures, last, now)
    else:
        n, last = _failures(session, since, LoginFailure.username == username, LoginFailure.device.is_(None))
        wait = backoff_seconds(n, s.login_max_failures, last, now)
        if client:
            n, last = _failures(session, since, LoginFailure.client == client[:64], LoginFailure.device.is_(None))
            wait = max(wait, backoff_seconds(n, s.login_max_client_failures, last, now))
    if wait > 0:
        audit(session, None, "login_throttled", "user", user.id if user else None,
              {"username": username, "known_device": bool(device_id)}, client=client)
        keep_on_error(session)  # the refusal is recorded
        raise too_many(wait)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or user.disabled:
        session.add(LoginFailure(username=username, client=client[:64] if client else None, device=device_id))
        reason = "unknown_user" if user is None else "disabled" if user.disabled and ok else "wrong_password"
        audit(session, None, "login_failed", "user", user.id if user else None,
              {"username": username, "reason": reason, "known_device": bool(device_id)}, client=client)
        keep_on_error(session)  # the failure counts towards the back-off
        raise unauthorized("Tên đăng nhập hoặc mật khẩu không đúng.", "invalid_credentials")
    if device_id:
        session.execute(delete(LoginFailure).where(LoginFailure.device == device_id))
    else:
        session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    pair = _issue(session, user, family=None)
    pair.device_token = device_token(user)
    audit(session, principal_of(user), "login", "user", user.id, {"known_device": bool(device_id)}, client=client)
    return pair


def _access_token(user: User, family: str | None = None) -> tuple[str, int]:
    """A short-lived JWT; `fam` ties it to its refresh family, so that logout and a revoked family end it too."""
    s = get_settings()
    now = _now()
    ttl = s.access_token_minutes * 60
    claims: dict[str, Any] = {"sub": user.id, "name": user.username, "role": user.role, "ver": user.token_version,
                              "aud": s.jwt_audience, "iss": s.jwt_issuer, "iat": now, "nbf": now,
                              "exp": now + timedelta(seconds=ttl), "typ": "access"}
    if family:
        claims["fam"] = family
    return jwt.encode(claims, jwt_secret(), algorithm=ALGORITHM), ttl


def _issue(session: Session, user: User, family: str | None) -> TokenPair:
    s = get_settings()
    raw = new_token()
    family = family or new_token(12)[:36]
    session.add(RefreshToken(token_hash=sha256(raw), family=family, user_id=user.id,
                             expires_at=_now() + timedelta(days=s.refresh_token_days)))
    access, ttl = _access_token(user, family)
    return TokenPair(access_token=access, refresh_token=raw, expires_in=ttl)


def refresh(session: Session, raw_token: str) -> TokenPair:
    """Rotate: the presented token is spent; presenting a spent one again revokes its whole family."""
    row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == sha256(raw_token)))
    invalid = unauthorized("Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại.", "invalid_refresh_token")
    if row is None or row.revoked:
        raise invalid

    def replayed() -> VanbanError:  # someone has a stolen copy: the whole family ends
        session.execute(update(RefreshToken).where(RefreshToken.family == row.family).values(revoked=True))
        keep_on_error(session)  # the family stays revoked
        log.warning("refresh token replay for user %s; family %s revoked", row.user_id, row.family)
        return invalid

    if row.used_at is not None:  # replay after rotation
        raise replayed()
    if _aware(row.expires_at) < _now():
        raise invalid
    user = session.get(User, row.user_id, with_for_update={"of": User})  # a reset waits, then ends this pair too (72)
    if user is None or user.disabled:
        raise invalid
    # spent by a conditional write: a second use at the same moment (the stolen copy and the owner's) finds it spent
    # once the first commits, and is a replay (SECURITY.md 71) — never two live chains of one family
    spent = session.execute(update(RefreshToken).where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None),
                                                       RefreshToken.revoked.is_(False))
                            .values(used_at=_now()).execution_options(synchronize_session=False))
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise replayed()
    return _issue(session, user, family=row.family)


def refresh_token_live(raw_token: str) -> bool:
    """Whether a refresh token could still be rotated (the request guard's check of a browser session)."""
    from services.core.db import session_factory

    if not raw_token or len(raw_token) > 4096:
        return False
    with session_factory()() as session:
        row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == sha256(raw_token)))
        return row is not None and not row.revoked and row.used_at is None and _aware(row.expires_at) >= _now()


def logout(session: Session, raw_token: str) -> None:
    row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == sha256(raw_token)))
    if row is not None:
        session.execute(update(RefreshToken).where(RefreshToken.family == row.family).values(revoked=True))


def _access_claims(token: str) -> dict[str, Any] | None:
    s = get_settings()
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            return None
        claims: dict[str, Any] = jwt.decode(token, jwt_secret(), algorithms=[ALGORITHM], audience=s.jwt_audience,
                                            issuer=s.jwt_issuer, options={"require": ["exp", "sub", "aud", "iss"]})
    except jwt.PyJWTError:
        return None
    return claims if claims.get("typ") == "access" else None


def access_token_signed(token: str) -> bool:
    """Signature, expiry, audience and type only (no database): the request guard's check before a body."""
    return len(token) <= 4096 and _access_claims(token) is not None


def principal_from_access_token(session: Session, token: str) -> Principal:
    invalid = unauthorized("Mã truy cập không hợp lệ hoặc đã hết hạn.", "invalid_token")
    claims = _access_claims(token) if len(token) <= 4096 else None
    if claims is None:
        raise invalid
    # one query: the user, its unit and whether the token's refresh family was revoked (logged out, or revoked after
    # a replay) — read from the database on every request, so a reset, a disabled account or a logout ends the
    # token at once on every process
    family = claims.get("fam")
    row = session.execute(*_token_row(str(claims["sub"]), family)).first()
    if row is None or row.disabled or row.token_version != claims.get("ver") or row.revoked:
        raise invalid
    return Principal(user_id=row.id, username=row.username, role=row.role, clearance=row.clearance,
                     unit_id=row.unit_id, unit_key=row.key, unit_name=row.name, via="token")


@lru_cache(maxsize=2)
def _token_stmt(with_family: bool) -> Any:
    """Built once (constructing the statement cost more than running it); the ids are bound parameters."""
    revoked = (exists().where(RefreshToken.family == bindparam("fam"), RefreshToken.revoked.is_(True))
               if with_family else literal(False))
    return (select(User.id, User.username, User.role, User.clearance, User.unit_id, User.disabled,
                   User.token_version, Unit.key, Unit.name, revoked.label("revoked"))
            .outerjoin(Unit, Unit.id == User.unit_id).where(User.id == bindparam("sub")))


def _token_row(sub: str, family: Any) -> tuple[Any, dict[str, Any]]:
    if family:
        return _token_stmt(True), {"sub": sub, "fam": str(family)}
    return _token_stmt(False), {"sub": sub}


# --- API keys ---------------------------------------------------------------------------------------------------

API_KEY_PREFIX = "vbk_"


API_KEY_SCOPES = ("read", "write")


def create_api_key(session: Session, user: User, name: str, scopes: list[str] | None = None,
                   days: int | None = None) -> tuple[ApiKey, str]:
    """A key that expires (VANBAN_API_KEY_DAYS by default) and carries scopes: `read` (GET only), `write`."""
    wanted = sorted(set(scopes or ["read"]))
    if not wanted or any(sc not in API_KEY_SCOPES for sc in wanted):
        raise AccountError.invalid_scope()
    raw = API_KEY_PREFIX + new_token(30)
    key = ApiKey(prefix=raw[:12], key_hash=sha256(raw), name=name, user_id=user.id, scopes=wanted,
                 expires_at=_now() + timedelta(days=days or get_settings().api_key_days))
    session.add(key)
    session.flush()
    return key, raw


def _live_key(session: Session, raw: str) -> ApiKey | None:
    if not raw.startswith(API_KEY_PREFIX) or len(raw) > 200:
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == sha256(raw)))
    if key is None or key.revoked or (key.expires_at is not None and _aware(key.expires_at) <= _now()):
        return None
    return key


def api_key_exists(raw: str) -> bool:
    from services.core.db import session_factory

    with session_factory()() as session:
        return _live_key(session, raw) is not None


def principal_from_api_key(session: Session, raw: str, method: str = "GET") -> Principal:
    invalid = unauthorized("Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.", "invalid_api_key")
    key = _live_key(session, raw)
    if key is None:
        raise invalid
    user = session.get(User, key.user_id)
    if user is None or user.disabled:
        raise invalid
    if method.upper() not in ("GET", "HEAD", "OPTIONS") and "write" not in (key.scopes or API_KEY_SCOPES):
        raise AccountError.insufficient_scope()
    key.last_used_at = _now()
    return principal_of(user, "api_key")


# --- audit ------------------------------------------------------------------------------------------------------


# For each object type of the audit log that has a level (a document, a meeting, a register line …), a clause "this id
# names an object the scope may not see" over the event's object id; core knows no feature's tables, so the app gives
# them (services/app.py).
HiddenObject = Callable[[Scope, Any], ColumnElement[bool]]
_hidden_objects: dict[str, HiddenObject] = {}


def audit_objects_from(kinds: dict[str, HiddenObject]) -> None:
    _hidden_objects.update(kinds)


def audit_clause(scope: Scope) -> ColumnElement[bool]:
    """The events an administrator may read (SECURITY.md, finding 36): those about an object above her clearance —
    as its level stands now — are left out of her log and of its total."""
    if scope.max_level >= MAX_LEVEL and scope.sees_all_audiences:
        return true()
    return and_(true(), *(or_(AuditEvent.object_type != kind, AuditEvent.object_id.is_(None),
                              not_(hidden(scope, AuditEvent.object_id)))
                          for kind, hidden in sorted(_hidden_objects.items())))


# detail fields of an event that name a document other than the event's object (a meeting's conclusion, the other
# version of a replacement, a register line's document): shown only to an administrator who may see that document
# (SECURITY.md, 44)
DETAIL_DOCUMENTS = ("conclusion_document_id", "supersedes", "superseded_by", "document_id")


def audit_details_seen(session: Session, scope: Scope, events: list[AuditEvent]) -> list[dict[str, Any]]:
    """Each event's detail as this administrator may read it: an id of a document above her clearance, named in the
    detail of an event about an object she may see, is null (SECURITY.md, 44)."""
    hidden = _hidden_objects.get("document")
    named = {str(e.detail[k]) for e in events for k in DETAIL_DOCUMENTS if (e.detail or {}).get(k)}
    if hidden is None or not named or (scope.max_level >= MAX_LEVEL and scope.sees_all_audiences):
        return [dict(e.detail or {}) for e in events]
    unseen = {i for i in named if session.scalar(select(hidden(scope, literal(i))))}
    return [{k: (None if k in DETAIL_DOCUMENTS and str(v) in unseen else v) for k, v in (e.detail or {}).items()}
            for e in events]


def audit(session: Session, principal: Principal | None, action: str, object_type: str, object_id: str | None,
          detail: dict[str, Any] | None = None, client: str | None = None, request_id: str | None = None) -> None:
    """Append one event. Added to the caller's transaction: the event and the act commit together."""
    session.add(AuditEvent(user_id=principal.user_id if principal else None,
                           username=principal.username if principal else None, action=action,
                           object_type=object_type, object_id=object_id, detail=detail or {}, client=client,
                           request_id=request_id))


def audit_many(session: Session, principal: Principal | None, action: str, object_type: str,
               events: list[tuple[str | None, dict[str, Any] | None]], client: str | None = None) -> None:
    """`audit` for many objects at once (the files of an upload): one INSERT in the caller's transaction, now."""
    if not events:
        return
    session.execute(insert(AuditEvent), [  # `at`: the column's default, as `audit`
        {"user_id": principal.user_id if principal else None,
         "username": principal.username if principal else None, "action": action, "object_type": object_type,
         "object_id": object_id, "detail": detail or {}, "client": client, "request_id": None, "note": None}
        for object_id, detail in events])
