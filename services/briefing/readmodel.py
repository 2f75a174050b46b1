"""What briefing tells other services (typed calls, no table access from outside), and its copy of a document's
access kept in step (wired in services/wiring.py)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.briefing.domain import INACTIVE_STATES, State
from services.briefing.models import Task, TrackedDocument
from services.briefing.sync import _copy_access
from services.ingest.public import document_views

CLOSED = [State.completed.value, *(s.value for s in INACTIVE_STATES)]


def open_task_count(session: Session, document_id: str) -> int | None:
    """Tasks of a document still to be done (not completed, dismissed, split up or merged); None before briefing
    has seen the document."""
    if session.get(TrackedDocument, document_id) is None:
        return None
    return session.scalar(select(func.count()).select_from(Task)
                          .where(Task.document_id == document_id, Task.state.notin_(CLOSED))) or 0


def open_task_counts(session: Session, document_ids: list[str]) -> dict[str, int | None]:
    """``open_task_count`` of many documents in two queries (a reindex)."""
    if not document_ids:
        return {}
    tracked = set(session.scalars(select(TrackedDocument.document_id)
                                  .where(TrackedDocument.document_id.in_(document_ids))))
    counts: dict[str, int] = {doc_id: n for doc_id, n in session.execute(
        select(Task.document_id, func.count()).where(Task.document_id.in_(document_ids), Task.state.notin_(CLOSED))
        .group_by(Task.document_id))}
    return {i: (counts.get(i, 0) if i in tracked else None) for i in document_ids}


def follow_access(session: Session, document_id: str) -> None:
    """Briefing's copy of a document's access follows in the same transaction (wired to `document.access_changed`,
    services/wiring.py): a tightened document leaves every task list at the commit that tightens it, not when the
    sync task runs later."""
    follow_access_many(session, [document_id])


def follow_access_many(session: Session, document_ids: list[str]) -> None:
    """`follow_access` of the documents whose access changed in one unit of work (a batch of processed documents):
    their copies read in one SELECT, their views in a few (`document_views`), each copy then set as one would be."""
    ids = list(dict.fromkeys(document_ids))
    if len(ids) == 1:  # one document: the copy as the session may hold it already
        one = session.get(TrackedDocument, ids[0])
        copies = {ids[0]: one} if one is not None else {}
    else:
        copies = {t.document_id: t for t in session.scalars(select(TrackedDocument)
                                                            .where(TrackedDocument.document_id.in_(ids)))}
    if not copies:
        return
    views = document_views(session, [i for i in ids if i in copies])
    for document_id in ids:
        tracked, view = copies.get(document_id), views.get(document_id)
        if tracked is not None and view is not None:
            _copy_access(session, tracked, view)
