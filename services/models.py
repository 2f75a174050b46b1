"""Every service's tables in one metadata (Alembic, backup and restore need them all).

App layer: it knows every feature package; core does not (the migration environment imports this module, the
one import from core upward that the layers contract lets through, see pyproject.toml).
"""
from __future__ import annotations

from sqlalchemy import MetaData

import services.briefing.models
import services.core.auth.models
import services.core.outbox
import services.ingest.models
import services.registry.models
from services.core.db import Base

_MODULES = (services.briefing.models, services.core.auth.models, services.core.outbox, services.ingest.models,
            services.registry.models)


def import_all_models() -> None:
    """Kept for callers that only need the side effect: every model class registered on Base.metadata."""


def all_metadata() -> MetaData:
    """Base.metadata with every service's tables."""
    return Base.metadata
