"""What follows what — the one table of reactions (app layer: it may name every feature).

Services only say what happened (`services.core.events.emit`) or change rows the table watches; this table decides
who reacts. A reaction is a task name (enqueued in the same transaction — outbox — run after the commit) or a
function run in that same transaction (a copy that must never lag behind). Installed by the Celery app once the task
modules are loaded (services.core.celery_app.configure_celery), so every process — API, worker, CLI — has it.

    document.stored          → ingest.process                    (every door: upload, CLI, edXML, folder, mailbox)
    document.reprocess       → ingest.process (force)
    document.scanned         → ingest.ocr                        (its own queue)
    document.processed       → briefing.sync_document, search.index  (sync first: the tasks it tracks change the
                               index's "has open tasks", and in-process the index task still waiting takes that in)
    document.failed          → search.index                      (failed, needs OCR: it leaves the index — the task
                               follows the document's state, so a batch may run it with others in any order)
    document.access_changed  → briefing's access copy (same transaction, the documents of a commit together),
                               briefing.sync_document, search.index
    document.superseded      → briefing retires the old document's tasks (same transaction; a clerk's decision)
    document.recalled        → search.index                      (thu hồi: the hit says so, even when no task of it
                               was open to recall — nothing else changed for the index to hear of it)
    task.changed             → search.index                      (the index's "has open tasks")
    notification.queued      → briefing.send_notifications

In-process (embedded), tasks of the same name waiting in the queue run together through their batch form (BATCHES,
services.core.dispatch): the ingest of many documents is written in one transaction, synced and indexed in one call.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.core.events import Reaction, Together, Watch
from services.core.events import install as install_table


def _follow_access(session: Any, calls: list[tuple[Any, ...]]) -> None:
    from services.briefing.readmodel import follow_access_many

    follow_access_many(session, [document_id for document_id, *_ in calls])


def _retire_superseded(session: Any, old_id: str, new_id: str | None, new_number: str | None, principal: Any) -> None:
    from services.briefing.public import retire_superseded

    retire_superseded(session, principal, old_id, new_id, new_number)


REACTIONS: dict[str, Sequence[Reaction]] = {
    "document.stored": ("ingest.process",),
    "document.reprocess": ("ingest.process",),
    "document.scanned": ("ingest.ocr",),
    "document.processed": ("briefing.sync_document", "search.index"),
    "document.failed": ("search.index",),
    "document.access_changed": (Together(_follow_access), "briefing.sync_document", "search.index"),
    "document.superseded": (_retire_superseded,),
    "document.recalled": ("search.index",),
    "task.changed": ("search.index",),
    "notification.queued": ("briefing.send_notifications",),
}


# task → (its batch form, taking the list of ids, most ids per call); only state-based, idempotent tasks
BATCHES: dict[str, tuple[str, int]] = {
    "ingest.process": ("ingest.process_many", 16),
    "briefing.sync_document": ("briefing.sync_documents", 200),
    "search.index": ("search.index_many", 500),
}


def watches() -> list[Watch]:
    from services.briefing.models import Notification, Task
    from services.ingest.models import Document

    return [
        # a document's level, audience or units change (a clerk's decision, reprocessing, a secret register line)
        Watch(Document, "document.access_changed", lambda d: (d.id,), attrs=("level", "audience", "units"),
              on_insert=False, on_delete=False),
        Watch(Task, "task.changed", lambda t: (t.document_id,) if t.document_id else None),
        Watch(Notification, "notification.queued", lambda _n: (), on_update=False, on_delete=False),
    ]


def install() -> None:
    from services.core.dispatch import install_batches

    install_table(REACTIONS, watches())
    install_batches(BATCHES)
