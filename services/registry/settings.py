"""Settings of the registry service (văn thư), environment prefix VANBAN_REGISTRY_ (and VANBAN_IMAP_*)."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RegistrySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", env_file=".env", extra="ignore")

    registry_office: str = Field("UBND tỉnh", description="The office whose registers these are (cơ quan)")
    registry_office_code: str = Field("UBND", description="Chữ viết tắt of the office in ký hiệu (317/TB-UBND)")
    registry_place: str = Field("", description="Địa danh of outgoing documents")
    registry_outbox_dir: Path | None = Field(None, description="Where edXML packages to outside bodies are written; "
                                             "default <data_dir>/edxml-outbox")
    registry_outbox_url: str | None = Field(None, description="POST each edXML package here instead of the dir")
    registry_watch_dir: Path | None = Field(None, description="A watched folder: files dropped here are registered")
    registry_poll_seconds: int = Field(60, ge=5, description="How often the worker polls the folder and mailbox")
    registry_trust_roots: Path | None = Field(None, description="PEM file or directory of PEM/DER CA certificates "
                                              "trusted for digital signatures (e.g. the government CA roots)")
    imap_host: str | None = Field(None, description="IMAP server of the intake mailbox; unset = no e-mail intake")
    imap_port: int = 993
    imap_ssl: bool = True
    imap_user: str | None = None
    imap_password: str | None = None
    imap_mailbox: str = "INBOX"
    imap_timeout: float = 20.0
    imap_trusted_authserv_id: str | None = Field(
        None, description="The authserv-id of the office's own receiving mail server: only its Authentication-Results "
        "(DMARC, or DKIM/SPF aligned with the From domain) vouch for a sender; unset = no sender is vouched for")


def get_registry_settings() -> RegistrySettings:
    """Read on each use (cheap): tests and the CLI change the environment."""
    return RegistrySettings()


def outbox_dir(settings: RegistrySettings | None = None) -> Path:
    from services.core.config import get_settings

    s = settings or get_registry_settings()
    return s.registry_outbox_dir or (get_settings().data_dir / "edxml-outbox")
