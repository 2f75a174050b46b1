"""Celery tasks of the search service: the index follows ingest. Ids in, reload, idempotent.

Indexing is near-real-time: a task adds to the engine and returns; the engine commits by batch and time (never
one commit per document), and ``search.flush`` commits at once (queued behind in-process tasks).

An unreachable engine (Elasticsearch down, the embedded index busy) is retried with backoff for up to about
an hour, so documents stored meanwhile become searchable when it is back; `vanban reindex` rebuilds everything.
"""
from __future__ import annotations

import logging
from typing import Any

from services.core.celery_app import celery_app

log = logging.getLogger(__name__)

RETRYABLE_CODES = {"search.backend_error", "search.index_busy"}
OPTIONS: dict[str, Any] = dict(bind=True, acks_late=True, max_retries=12)

# `search.index` gives up after its retries (about an hour and a half of the engine away): the documents whose access
# changed lately are indexed again every hour, long before search stops distrusting their entries (SECURITY.md 88)
celery_app.conf.beat_schedule = dict(celery_app.conf.beat_schedule or {})
celery_app.conf.beat_schedule.update({"search-catch-up": {"task": "search.catch_up", "schedule": 3600.0}})


def _retrying(task: Any, fn: Any, *args: Any) -> Any:
    from services.search.engine import SearchError

    try:
        return fn(*args)
    except SearchError as exc:
        if exc.code not in RETRYABLE_CODES:
            raise
        countdown = min(2 ** task.request.retries, 300)
        raise task.retry(exc=exc, countdown=countdown) from exc
    except (ConnectionError, TimeoutError, OSError) as exc:
        raise task.retry(exc=exc, countdown=min(2 ** task.request.retries, 300)) from exc


@celery_app.task(name="search.index", **OPTIONS)
def index(self: Any, document_id: str) -> int:
    from services.search.service import index_documents

    return int(_retrying(self, index_documents, [document_id], False))


@celery_app.task(name="search.catch_up", **OPTIONS)
def catch_up(self: Any) -> int:
    from services.search.service import catch_up_tightened

    return int(_retrying(self, catch_up_tightened))


@celery_app.task(name="search.index_many", **OPTIONS)
def index_many(self: Any, document_ids: list[str]) -> int:
    """The batch form of `search.index` (embedded, in-process). A document that the read model or the engine
    rejects for good must not keep the rest of the batch unsearchable: the batch is then indexed one document at a
    time, and only that document's task fails (as it would alone)."""
    from services.search.service import index_documents

    try:
        return int(_retrying(self, index_documents, document_ids, False))
    except Exception as exc:
        if len(document_ids) < 2 or _is_retry(exc):
            raise
        log.exception("search.index_many: a batch of %d failed; indexing one at a time", len(document_ids))
    indexed, failed = 0, []
    for document_id in document_ids:
        try:
            indexed += int(_retrying(self, index_documents, [document_id], False))
        except Exception as exc:
            if _is_retry(exc):
                raise
            log.exception("search.index failed for %s", document_id)
            failed.append(document_id)
    if failed:
        raise SearchIndexFailed(failed)
    return indexed


class SearchIndexFailed(RuntimeError):
    """Some documents of an index batch could not be indexed (the others were)."""

    def __init__(self, document_ids: list[str]) -> None:
        super().__init__(f"not indexed: {', '.join(document_ids)}")
        self.document_ids = document_ids


def _is_retry(exc: BaseException) -> bool:
    from celery.exceptions import Retry

    return isinstance(exc, Retry)


@celery_app.task(name="search.remove", **OPTIONS)
def remove(self: Any, document_id: str) -> None:
    from services.search.service import remove_document

    _retrying(self, remove_document, document_id)


@celery_app.task(name="search.flush", **OPTIONS)
def flush(self: Any) -> None:
    from services.search.service import flush as flush_now

    _retrying(self, flush_now)
