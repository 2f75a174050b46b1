"""What briefing tells other services (typed calls, no table access from outside), and the hook that keeps the
search index's "has open tasks" in step with task states."""
from __future__ import annotations

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from services.briefing.domain import INACTIVE_STATES, State
from services.briefing.models import Task, TrackedDocument
from services.briefing.sync import _copy_access
from services.core.dispatch import enqueue
from services.ingest.public import Document, document_view

CLOSED = [State.completed.value, *(s.value for s in INACTIVE_STATES)]
_KEY = "vanban_briefing_touched_documents"


def open_task_count(session: Session, document_id: str) -> int | None:
    """Tasks of a document still to be done (not completed, dismissed, split up or merged); None before briefing
    has seen the document."""
    if session.get(TrackedDocument, document_id) is None:
        return None
    return session.scalar(select(func.count()).select_from(Task)
                          .where(Task.document_id == document_id, Task.state.notin_(CLOSED))) or 0


_ACCESS_KEY = "vanban_briefing_access_changed"


@event.listens_for(Session, "before_flush")
def _note_access_changes(session: Session, _ctx: object, _instances: object) -> None:
    """A document's level, audience or units change (PATCH /access, reprocessing): noted for the commit."""
    changed = session.info.setdefault(_ACCESS_KEY, set())
    for obj in session.dirty:
        if isinstance(obj, Document):
            attrs = inspect(obj).attrs
            if any(attrs[name].history.has_changes() for name in ("level", "audience", "units")):
                changed.add(obj.id)


@event.listens_for(Session, "before_commit")
def _follow_access(session: Session) -> None:
    """Briefing's copy of a document's access follows in the same transaction: a tightened document leaves
    every task list at the commit that tightens it, not when the sync task runs later."""
    session.flush()
    changed = session.info.pop(_ACCESS_KEY, None)
    if not changed:
        return
    for document_id in sorted(changed):
        tracked = session.get(TrackedDocument, document_id)
        view = document_view(session, document_id) if tracked is not None else None
        if tracked is not None and view is not None:
            _copy_access(session, tracked, view)
    session.info.pop(_ACCESS_KEY, None)


@event.listens_for(Session, "before_flush")
def _note_task_changes(session: Session, _ctx: object, _instances: object) -> None:
    touched = session.info.setdefault(_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Task) and obj.document_id:
            touched.add(obj.document_id)


@event.listens_for(Session, "before_commit")
def _reindex_touched(session: Session) -> None:
    session.flush()  # let before_flush see the last changes
    touched = session.info.pop(_KEY, None)
    if not touched:
        return
    for document_id in sorted(touched):
        enqueue("search.index", document_id, session=session)  # in the same transaction (outbox)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_KEY, None)
    session.info.pop(_ACCESS_KEY, None)
