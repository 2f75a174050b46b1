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
    login_max_failures: int = Field(5, description="Failures of one account before back-off (unknown devices)")
    login_window_minutes: int = Field(15, description="Failures older than this are forgotten (and pruned)")
    login_max_client_failures: int = Field(20, description="Failures from one client address before back-off")
    login_backoff_seconds: int = Field(30, description="First back-off; doubles with each further failure")
    login_backoff_max_seconds: int = Field(900, description="Longest back-off")
    device_token_days: int = Field(90, description="A device that logged in is known this long (cookie)")
    api_key_days: int = Field(90, description="Default lifetime of an API key")
    # request limits (enforced before the body is read; deploy/nginx.conf matches them)
    max_json_bytes: int = Field(1024 * 1024, description="Largest JSON/form body of an ordinary request")
    max_report_bytes: int = Field(300 * 1024 * 1024,
                                  description="Largest progress report / completion (base64 attachments)")
    max_request_bytes: int = Field(512 * 1024 * 1024, description="Largest upload request (all files together)")
    trusted_proxies: str = Field("", description="Comma-separated addresses/networks (e.g. 10.0.0.0/8) whose "
                                 "X-Forwarded-For is believed; empty = none, the peer address is the client")
    metrics_token: str | None = Field(None, description="Bearer token for /metrics; unset = loopback clients only")
    public_base_url: str = Field("http://127.0.0.1:8000", description="Base of links in the public feeds")
    allow_private_webhooks: bool = Field(False, description="Allow webhooks to loopback/private addresses")
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
