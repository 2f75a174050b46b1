"""Accounts, units (đơn vị), credentials and the audit log."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.core.db import Base


def _id() -> str:
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    admin = "admin"  # quản trị
    clerk = "clerk"  # văn thư: ingests, corrects metadata, sets access
    leader = "leader"  # lãnh đạo: sees everything up to clearance, assigns and reviews tasks
    unit_head = "unit_head"  # trưởng đơn vị
    unit_staff = "unit_staff"  # chuyên viên đơn vị


class Level(int):
    """Độ mật: 0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật."""


LEVEL_NAMES = {0: "Thường", 1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
LEVEL_BY_NAME = {v.lower(): k for k, v in LEVEL_NAMES.items()}


class Unit(Base):
    """A department, district, agency (Sở, Ban, UBND huyện …). `key` is the folded canonical name."""

    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    key: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    email: Mapped[str | None] = mapped_column(String(255))
    webhook_url: Mapped[str | None] = mapped_column(String(1024))
    added_by: Mapped[str | None] = mapped_column(String(128))  # an admin added it on screen (an office's own unit)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class UnitAlias(Base):
    """Another name of a unit in this office (an abbreviation, a former name, a name extraction proposed that a clerk
    or admin attached to the unit): documents naming the unit so reach it. The code-defined directory
    (services/vntext/units.json) holds the names every office shares; this table holds the office's own."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)  # as written
    folded: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)  # vntext.units.fold_unit(name)
    kind: Mapped[str] = mapped_column(String(16), default="alias")  # alias | former_name
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    username: Mapped[str] = mapped_column(String(128), unique=True, nullable=False)
    full_name: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    clearance: Mapped[int] = mapped_column(Integer, default=0)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    token_version: Mapped[int] = mapped_column(Integer, default=0)  # bump to revoke every token at once
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class RefreshToken(Base):
    """Opaque refresh tokens, stored hashed; each use rotates it; reuse of a rotated one revokes the family."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    family: Mapped[str] = mapped_column(String(36), index=True, nullable=False)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ApiKey(Base):
    """Keys for scripts and service-to-service calls; act as their owner (a user)."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    prefix: Mapped[str] = mapped_column(String(16), index=True, nullable=False)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # None: keys made before 0005
    scopes: Mapped[list[str] | None] = mapped_column(JSON)  # "read" (GET only) and/or "write"; None = both
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(128), index=True)
    client: Mapped[str | None] = mapped_column(String(64), index=True)
    device: Mapped[str | None] = mapped_column(String(64), index=True)  # a known device's id, if one was shown
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class AuditEvent(Base):
    """Append-only: who viewed, downloaded, changed or exported what, and when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36), index=True)
    username: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32), index=True)  # view, download, change, export, login …
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
