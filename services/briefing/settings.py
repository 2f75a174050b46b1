"""Settings of the briefing service (environment, prefix VANBAN_)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class BriefingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", env_file=".env", extra="ignore")

    briefing_due_soon_days: int = Field(5, ge=0, description="A task is due soon when its deadline is this many days away")
    briefing_meeting_interval_days: int = Field(7, ge=1, description="Giao ban period when a meeting names no next date")
    briefing_org_parent: str = Field("UBND TỈNH", description="Cơ quan chủ quản in the header of exported documents")
    briefing_org_name: str = Field("VĂN PHÒNG", description="Cơ quan ban hành in the header of exported documents")
    briefing_org_code: str = Field("VP", description="Chữ viết tắt of the issuing body in the number (…/BC-VP)")
    briefing_place: str = Field("", description="Địa danh in the date line, e.g. Nghệ An")
    briefing_signer_title: str = Field("CHÁNH VĂN PHÒNG", description="Chức vụ of the signer of exports")
    briefing_signer_name: str = Field("", description="Họ tên of the signer of exports")
    briefing_send_on: Literal["confirmation", "extraction"] = Field(
        "confirmation", description="When extracted tasks reach the units: after a clerk confirms them (default) "
        "or as soon as they are extracted (then a task extracted with low confidence still waits for the clerk)")
    briefing_review_days: int = Field(30, ge=1, description="A task with no deadline is reviewed this often")
    smtp_host: str | None = Field(None, description="SMTP server; unset = no e-mail")
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_from: str = "vanban@localhost"
    smtp_timeout: float = 10.0
    webhook_timeout: float = 5.0
    notify_max_attempts: int = 5
    notify_retry_seconds: float = Field(60.0, description="First wait before a failed notification is sent again "
                                         "(doubling at each retry of briefing.send_notifications)")
    briefing_reminder_hour: int = Field(7, ge=0, le=23, description="Hour (Asia/Ho_Chi_Minh) of the daily reminders")


_CACHE: dict[tuple[object, ...], BriefingSettings] = {}
_VARIABLES = tuple(f"VANBAN_{name.upper()}" for name in BriefingSettings.model_fields)


def _environment_key() -> tuple[object, ...]:
    """What the settings are read from: their VANBAN_ variables and the .env file of the working directory."""
    env = Path(".env")
    try:
        stamp: object = env.resolve(), env.stat().st_mtime_ns
    except OSError:
        stamp = None
    return (stamp, *(os.environ.get(name) for name in _VARIABLES))


def get_briefing_settings() -> BriefingSettings:
    """Read once per environment: building the settings reads the environment and .env (milliseconds, and a task
    list asks once per task); tests and the CLI that change the environment get a fresh read."""
    key = _environment_key()
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 32:
            _CACHE.clear()
        found = _CACHE[key] = BriefingSettings()
    return found
