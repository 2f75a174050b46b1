"""Celery tasks of the search service: the index follows ingest."""
from __future__ import annotations

from services.core.celery_app import celery_app

RETRY = dict(bind=True, acks_late=True, autoretry_for=(ConnectionError, TimeoutError, OSError), retry_backoff=2,
             retry_backoff_max=300, retry_jitter=True, max_retries=10)


@celery_app.task(name="search.index", **RETRY)
def index(self, document_id: str) -> int:  # type: ignore[no-untyped-def]
    from services.search.service import index_documents

    return index_documents([document_id])


@celery_app.task(name="search.index_many", **RETRY)
def index_many(self, document_ids: list[str]) -> int:  # type: ignore[no-untyped-def]
    from services.search.service import index_documents

    return index_documents(document_ids)


@celery_app.task(name="search.remove", **RETRY)
def remove(self, document_id: str) -> None:  # type: ignore[no-untyped-def]
    from services.search.service import remove_document

    remove_document(document_id)
