"""What briefing tells other services (typed calls, no table access from outside), and the hook that keeps the
search index's "has open tasks" in step with task states."""
from __future__ import annotations

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from services.briefing.domain import INACTIVE_STATES, State
from services.briefing.models import Task

CLOSED = [State.completed.value, *(s.value for s in INACTIVE_STATES)]
_KEY = "vanban_briefing_touched_documents"


def open_task_count(session: Session, document_id: str) -> int:
    """Tasks of a document still to be done (not completed, dismissed, split up or merged)."""
    return session.scalar(select(func.count()).select_from(Task)
                          .where(Task.document_id == document_id, Task.state.notin_(CLOSED))) or 0


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
    from services.core.dispatch import enqueue

    for document_id in sorted(touched):
        enqueue("search.index", document_id, session=session)  # in the same transaction (outbox)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_KEY, None)
