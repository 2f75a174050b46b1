"""API schemas of authentication and accounts."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds the access token lives")
    device_token: str | None = Field(None, description="Names this device (also set as the cookie vanban_device); "
                                     "send it back (cookie or X-Device-Token) so that failed logins elsewhere never "
                                     "lock you out")


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class Me(BaseModel):
    user_id: str | None
    username: str
    role: str
    clearance: int
    unit_id: str | None = None
    unit_name: str | None = None


class UserCreate(BaseModel):
    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: str = Field(pattern="^(admin|clerk|leader|unit_head|unit_staff)$")
    unit: str | None = Field(None, max_length=200, description="Unit name, e.g. Sở Xây dựng")
    clearance: int = Field(0, ge=0, le=3, description="0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật")
    full_name: str | None = Field(None, max_length=200)


class UserUpdate(BaseModel):
    role: str | None = Field(None, pattern="^(admin|clerk|leader|unit_head|unit_staff)$")
    clearance: int | None = Field(None, ge=0, le=3)
    unit: str | None = Field(None, max_length=200, description="Unit name; empty string = no unit")
    full_name: str | None = Field(None, max_length=200)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=8, max_length=200)


class PasswordReset(BaseModel):
    new_password: str = Field(min_length=8, max_length=200)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    username: str
    full_name: str | None = None
    role: str
    clearance: int
    unit_id: str | None = None
    disabled: bool
    created_at: datetime


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    scopes: list[Literal["read", "write"]] = Field(default_factory=lambda: ["read"], min_length=1, max_length=2,
                                                   description="read: GET only; write: every method")
    expires_in_days: int | None = Field(None, ge=1, le=365, description="Default VANBAN_API_KEY_DAYS (90)")


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    prefix: str
    revoked: bool
    scopes: list[str] | None = None
    expires_at: datetime | None = None
    created_at: datetime
    last_used_at: datetime | None = None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="Shown once; keep it secret")


class AuditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    user_id: str | None
    username: str | None
    action: str
    object_type: str
    object_id: str | None
    detail: dict[str, Any]
    client: str | None
