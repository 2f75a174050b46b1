"""Settings of the briefing service (environment, prefix VANBAN_)."""
from __future__ import annotations

import os
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
        "or as soon as they are extracted")
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
    briefing_reminder_hour: int = Field(7, ge=0, le=23, description="Hour (Asia/Ho_Chi_Minh) of the daily reminders")


_cached: tuple[tuple[object, ...], BriefingSettings] | None = None


def get_briefing_settings() -> BriefingSettings:
    """The settings, built once per environment: tests and the CLI change the environment (and the working
    directory, whose .env is read), so the cache key is the VANBAN_* variables and the directory — comparing them
    costs microseconds where building the settings object costs milliseconds on every document."""
    global _cached
    key = (os.getcwd(), *sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("VANBAN_")))
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    settings = BriefingSettings()
    _cached = (key, settings)
    return settings
