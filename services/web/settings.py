"""Settings of the web interface (environment, prefix VANBAN_)."""
from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", env_file=".env", extra="ignore")

    web_cookie_secure: bool = Field(False, description="Mark the session cookies Secure (set it behind HTTPS)")
    web_page_size: int = Field(20, ge=5, le=100, description="Rows per page in lists and search results")


@lru_cache
def _cached() -> WebSettings:
    return WebSettings()


def get_web_settings() -> WebSettings:
    return _cached()


def reset_web_settings() -> None:
    _cached.cache_clear()
