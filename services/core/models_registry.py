"""Import every service's models so that metadata (and Alembic) sees all tables."""
from __future__ import annotations


def import_all_models() -> None:
    import services.core.outbox  # noqa: F401
    import services.ingest.models  # noqa: F401
    try:
        import services.briefing.models  # noqa: F401
    except ModuleNotFoundError:
        pass
    try:
        import services.core.auth.models  # noqa: F401
    except ModuleNotFoundError:
        pass
    try:
        import services.registry.models  # noqa: F401
    except ModuleNotFoundError:
        pass
