"""Celery tasks of the registry service ("registry.<verb>"): the worker polls the intake channels."""
from __future__ import annotations

from services.core.celery_app import celery_app, vanban_task
from services.registry.settings import get_registry_settings

celery_app.conf.beat_schedule = dict(celery_app.conf.beat_schedule or {})
celery_app.conf.beat_schedule.update({
    "registry-poll-intake": {"task": "registry.poll_intake",
                             "schedule": float(get_registry_settings().registry_poll_seconds)},
})


@vanban_task("registry.poll_intake", max_retries=3)
def poll_intake(self) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Register what arrived in the watched folder and the mailbox. Idempotent (intake keys)."""
    from services.registry.intake import poll_folder, poll_mailbox

    return {"folder": poll_folder(), "mailbox": poll_mailbox()}
