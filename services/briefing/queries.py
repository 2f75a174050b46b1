"""Reads through the access policy: task lists and inboxes, one task, units, the clerk's review queues.

Every query applies `services/briefing/access.py` inside the SQL, before paging."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from services.briefing.access import document_clause, task_clause
from services.briefing.common import EDITOR_ROLES, UNIT_ROLES, _check_role, task_not_found, today
from services.briefing.domain import INACTIVE_STATES, Category, State
from services.briefing.models import (
    Task,
    TaskUnit,
    TrackedDocument,
)
from services.briefing.permissions import check_inbox_access  # noqa: F401  (re-exported by service)
from services.briefing.settings import get_briefing_settings
from services.core.auth.models import Unit
from services.core.auth.policy import Principal, Scope
from services.core.sql import in_range
from services.core.web import not_found

# --- the access policy as SQL over briefing's own columns ---------------------------------------------------------


def visible_clause(scope: Scope) -> ColumnElement[bool]:
    """A tracked document is visible (services/briefing/access.py)."""
    return document_clause(scope)


def _visible_tasks(scope: Scope, sent_only: bool = False) -> Select[Task]:
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(task_clause(scope), Task.state.notin_([s.value for s in INACTIVE_STATES])))
    return stmt.where(Task.sent_at.isnot(None)) if sent_only else stmt



# --- inboxes and lists ---------------------------------------------------------------------------------------------


def category_clause(cat: str, as_of: date, due_soon_days: int) -> ColumnElement[bool]:
    """A QĐ 42 category (or `due_soon`) as SQL, the same rule as `domain.category`."""
    done = and_(Task.state == State.completed, Task.completed_on.isnot(None), Task.completed_on <= as_of)
    not_done = or_(Task.state != State.completed, Task.completed_on.is_(None), Task.completed_on > as_of)
    if cat == Category.completed_on_time:
        return and_(done, or_(Task.deadline.is_(None), Task.completed_on <= Task.deadline))
    if cat == Category.completed_late:
        return and_(done, Task.deadline.isnot(None), Task.completed_on > Task.deadline)
    if cat == Category.overdue:
        return and_(not_done, Task.deadline.isnot(None), Task.deadline < as_of)
    if cat == Category.in_progress:
        return and_(not_done, or_(Task.deadline.is_(None), Task.deadline >= as_of))
    if cat == "due_soon":
        return and_(not_done, Task.deadline >= as_of, Task.deadline <= as_of + timedelta(days=due_soon_days))
    if cat == "completed":
        return done
    if cat == "review_due":  # no deadline, no recurrence: the periodic check is due
        return and_(not_done, Task.deadline.is_(None), Task.review_on.isnot(None), Task.review_on <= as_of)
    return false()


@dataclass
class TaskFilter:
    status: str | None = None  # a Category, "due_soon" or "completed"
    state: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    confirmed: bool | None = None
    document_id: str | None = None
    unit_id: str | None = None
    role: str | None = None  # lead | support (with unit_id)
    sent: bool | None = None  # False: the clerk's review queue of proposals


def list_tasks(session: Session, scope: Scope, flt: TaskFilter, as_of: date, offset: int,
               limit: int) -> tuple[int, list[Task]]:
    stmt = _visible_tasks(scope)
    if flt.unit_id:
        member = exists().where(TaskUnit.task_id == Task.id, TaskUnit.unit_id == flt.unit_id,
                                *( [TaskUnit.role == flt.role] if flt.role else []))
        stmt = stmt.where(member)
    if flt.status:  # QĐ 42 categories count tasks assigned to the units, not proposals
        stmt = stmt.where(Task.sent_at.isnot(None))
        stmt = stmt.where(category_clause(flt.status, as_of, get_briefing_settings().briefing_due_soon_days))
    if flt.state:
        stmt = stmt.where(Task.state == flt.state)
    stmt = in_range(stmt, Task.deadline, flt.due_from, flt.due_to)
    if flt.confirmed is not None:
        stmt = stmt.where(Task.confirmed.is_(flt.confirmed))
    if flt.document_id:
        stmt = stmt.where(Task.document_id == flt.document_id)
    if flt.sent is not None:
        stmt = stmt.where(Task.sent_at.isnot(None) if flt.sent else Task.sent_at.is_(None))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Task.deadline.is_(None), Task.deadline, Task.assigned_on, Task.position,
                                         Task.id).offset(offset).limit(limit)).all()
    return total, list(rows)


def get_task(session: Session, scope: Scope, task_id: str, include_inactive: bool = False) -> Task:
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(Task.id == task_id, task_clause(scope)))
    if not include_inactive:
        stmt = stmt.where(Task.state.notin_([s.value for s in INACTIVE_STATES]))
    task = session.scalar(stmt)
    if task is None:
        raise task_not_found()
    return task


def get_unit(session: Session, unit_id: str) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise not_found("Đơn vị")
    return unit


def unit_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(sorted(ids)))).all())



def list_units(session: Session, principal: Principal) -> list[Unit]:
    stmt = select(Unit).order_by(Unit.name)
    if principal.role in UNIT_ROLES:
        stmt = stmt.where(Unit.id == (principal.unit_id or ""))
    return list(session.scalars(stmt))



# --- the clerk's review queue: proposed tasks and proposed unit names -------------------------------------------


def review_queue(session: Session, principal: Principal, scope: Scope, offset: int,
                 limit: int) -> tuple[int, list[Task]]:
    """Proposals not yet confirmed (not sent to any unit), by deadline."""
    _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xem các đề xuất chờ xác nhận.")
    return list_tasks(session, scope, TaskFilter(sent=False), today(), offset, limit)


@dataclass
class UnitProposal:
    key: str
    name: str
    tasks: int


def unit_proposals(session: Session, principal: Principal, scope: Scope) -> list[UnitProposal]:
    """Unit names extraction found that are not in the directory, with how many visible tasks name them."""
    _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xem các đơn vị được đề xuất.")
    rows = session.execute(
        select(TaskUnit.unit_key, func.min(TaskUnit.name), func.count(func.distinct(Task.id)))
        .join(Task, Task.id == TaskUnit.task_id).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
        .where(TaskUnit.unit_id.is_(None), task_clause(scope), Task.state.notin_([s.value for s in INACTIVE_STATES]))
        .group_by(TaskUnit.unit_key).order_by(TaskUnit.unit_key)).all()
    return [UnitProposal(k, n, c) for k, n, c in rows]


