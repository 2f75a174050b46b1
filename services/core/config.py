"""Configuration: one pydantic-settings object, every variable prefixed VANBAN_."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Embedded instance: SQLite file, originals, search index")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite:///<data_dir>/vanban.db")
    broker_url: str | None = Field(None, description="redis://… runs tasks on `vanban worker`; unset = in-process")
    result_backend: str | None = None
    broker_visibility_timeout: int = Field(3600, description="Seconds before an unacknowledged task is redelivered")
    elasticsearch_url: str | None = Field(None, description="Use Elasticsearch instead of the embedded index")
    index_prefix: str = "vanban"
    max_upload_bytes: int = 50 * 1024 * 1024
    max_files_per_upload: int = 100
    task_max_retries: int = 5
    jwt_secret: str | None = Field(None, description="HS256 key; default: generated once into <data_dir>/secret.key")
    jwt_audience: str = "vanban"
    jwt_issuer: str = "vanban"
    access_token_minutes: int = 15
    refresh_token_days: int = 14
    login_max_failures: int = 5
    login_window_minutes: int = 15
    log_level: str = "INFO"
    log_json: bool = False

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'vanban.db').resolve()}"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def embedded_tasks(self) -> bool:
        return not self.broker_url


@lru_cache
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()
