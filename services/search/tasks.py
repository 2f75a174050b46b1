"""Celery tasks of the search service: the index follows ingest. Ids in, reload, idempotent.

Indexing is near-real-time: a task adds to the engine and returns; the engine commits by batch and time (never
one commit per document), and ``search.flush`` commits at once (queued behind in-process tasks).

An unreachable engine (Elasticsearch down, the embedded index busy) is retried with backoff for up to about
an hour, so documents stored meanwhile become searchable when it is back; `vanban reindex` rebuilds everything.
"""
from __future__ import annotations

from typing import Any

from services.core.celery_app import celery_app

RETRYABLE_CODES = {"search.backend_error", "search.index_busy"}
OPTIONS: dict[str, Any] = dict(bind=True, acks_late=True, max_retries=12)


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


@celery_app.task(name="search.index_many", **OPTIONS)
def index_many(self: Any, document_ids: list[str]) -> int:
    from services.search.service import index_documents

    return int(_retrying(self, index_documents, document_ids, False))


@celery_app.task(name="search.remove", **OPTIONS)
def remove(self: Any, document_id: str) -> None:
    from services.search.service import remove_document

    _retrying(self, remove_document, document_id)


@celery_app.task(name="search.flush", **OPTIONS)
def flush(self: Any) -> None:
    from services.search.service import flush as flush_now

    _retrying(self, flush_now)
