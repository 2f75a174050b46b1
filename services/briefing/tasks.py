"""Celery tasks of the briefing service ("briefing.<verb>"): ids in, reload, idempotent."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any

from celery.schedules import crontab

from services.briefing.settings import get_briefing_settings
from services.core.celery_app import celery_app, vanban_task
from services.core.db import session_scope

log = logging.getLogger("vanban.briefing.tasks")

celery_app.conf.beat_schedule = dict(celery_app.conf.beat_schedule or {})
celery_app.conf.beat_schedule.update({
    "briefing-daily-reminders": {
        "task": "briefing.daily_reminders",
        "schedule": crontab(hour=get_briefing_settings().briefing_reminder_hour, minute=0),
    },
})


@vanban_task("briefing.sync_document")
def sync_document(self, document_id: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Copy a processed document's identity and access, and create/update its proposed tasks."""
    from services.briefing.service import sync_document as sync

    with session_scope() as session:  # new notifications → briefing.send_notifications (services/wiring.py)
        result = sync(session, document_id)
    return {"document_id": document_id, "present": result.present, "created": len(result.created),
            "updated": result.updated, "removed": result.removed}


@vanban_task("briefing.sync_documents")
def sync_documents(self, document_ids: list[str]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """`briefing.sync_document` of many documents in one unit of work (in-process batches, services.core.dispatch):
    all in one go; should one document fail, the whole is undone and synced again with each document in a savepoint
    of its own, so that one document's failure leaves the others synced (it is logged, and its next change syncs it
    again); a transient error (the database away) retries the whole batch, idempotent. An error
    outside the documents' savepoints (the batch's reads, its commit) syncs the batch one document at a time, so
    that only the document at fault stays out of the inboxes (as `search.index_many` does)."""
    from services.core.celery_app import TRANSIENT

    ids = list(dict.fromkeys(document_ids))
    counts = {"created": 0, "failed": 0}
    try:
        try:  # every document synced in one go (no SAVEPOINT and RELEASE each)
            _sync_batch(ids, counts, alone=False)
        except _DocumentFailed:  # undone: synced again, each document in a savepoint of its own
            log.warning("briefing.sync_documents: the batch of %d could not be synced at once; each document alone",
                        len(ids), exc_info=True)
            counts = {"created": 0, "failed": 0}
            _sync_batch(ids, counts)
    except TRANSIENT:
        raise
    except Exception:
        if len(ids) < 2:
            raise
        log.exception("briefing.sync_documents: a batch of %d failed; syncing one document at a time", len(ids))
        counts = {"created": 0, "failed": 0}
        failed = []
        for document_id in ids:
            try:
                _sync_batch([document_id], counts)
            except TRANSIENT:
                raise
            except Exception:  # noqa: BLE001 - this document alone (logged); the others are synced
                log.exception("briefing.sync_document failed for %s", document_id)
                failed.append(document_id)
        if failed:
            raise BriefingSyncFailed(failed) from None
    return {"documents": len(document_ids), **counts}


class _DocumentFailed(Exception):
    """A document's sync failed in a batch synced in one go (without a savepoint each): the batch is undone."""


def _sync_batch(document_ids: list[str], counts: dict[str, int], alone: bool = True) -> None:
    """Sync the documents in one unit of work, each in a savepoint of its own (`alone`), else all in one go: the
    first document that fails raises `_DocumentFailed` and the whole is undone."""
    from services.briefing.sync import sync_documents as sync_many
    from services.core.celery_app import TRANSIENT
    from services.core.db import savepoint

    def each(document_id: str, sync: Any) -> None:
        if not alone:
            try:
                counts["created"] += len(sync().created)
            except TRANSIENT:
                raise
            except Exception as exc:
                raise _DocumentFailed(document_id) from exc
            return
        try:
            with savepoint(session):
                counts["created"] += len(sync().created)
        except TRANSIENT:
            raise
        except Exception:  # noqa: BLE001 - this document alone: undone by its savepoint
            log.exception("briefing.sync_document failed for %s", document_id)
            counts["failed"] += 1

    with session_scope() as session:  # the views and the unit directory read once for the batch
        sync_many(session, document_ids, each, together=not alone)  # in one go: the new rows written once


class BriefingSyncFailed(RuntimeError):
    """Some documents of a sync batch could not be synced (the others were)."""

    def __init__(self, document_ids: list[str]) -> None:
        super().__init__(f"not synced: {', '.join(document_ids)}")
        self.document_ids = document_ids


@vanban_task("briefing.send_notifications", max_retries=3)
def send_notifications(self) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Send what waits; a message that failed (mail server or webhook down) is tried again by this task's retry,
    VANBAN_NOTIFY_RETRY_SECONDS doubling — not left for the next day's reminders (with a worker). Each row is claimed and marked
    sent on its own (briefing.notify), so a retry never sends a message twice."""
    from services.briefing.notify import send_pending

    result = send_pending()
    # (in-process, Celery would run the retry at once, ignoring the wait: there the next send or the reminders do)
    if result["failed"] and not self.request.is_eager and self.request.retries < self.max_retries:
        raise self.retry(countdown=get_briefing_settings().notify_retry_seconds * 2 ** self.request.retries)
    return result


@vanban_task("briefing.daily_reminders", max_retries=3)
def daily_reminders(self, as_of: str | None = None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Due-soon and overdue reminders, each sent once (running twice sends nothing new)."""
    from services.briefing.notify import queue_reminders, send_pending
    from services.briefing.service import today

    day = date.fromisoformat(as_of) if as_of else today()
    with session_scope() as session:
        queued = queue_reminders(session, day)
    result = send_pending()
    return {"queued": queued, **result}
