"""Packs and progress reports: the facts through the access policy, assembled by `domain`."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.briefing import domain
from services.briefing.access import document_clause
from services.briefing.domain import INACTIVE_STATES, State
from services.briefing.meetings import meeting_dates
from services.briefing.models import (
    Meeting,
    Task,
    TaskUnit,
    TrackedDocument,
)
from services.briefing.queries import _visible_tasks, unit_names
from services.core.auth.policy import Scope

# The registry's counts of văn bản đến / đi for a period, through the caller's scope. Briefing does not import the
# registry (the registry builds on briefing); the app wires the registry's read model in (services.app).
RegisterCountsSource = Callable[[Session, Scope, date, date], Any]
_register_counts: list[RegisterCountsSource] = []


def count_registers_with(source: RegisterCountsSource | None) -> None:
    """Set (or, with None, clear) where meeting packs get their register counts from."""
    _register_counts[:] = [source] if source is not None else []

# --- packs and reports ---


def deadline_changes(task: Task) -> tuple[domain.DeadlineChange, ...]:
    out = []
    for c in task.deadline_changes or []:
        try:
            out.append(domain.DeadlineChange(str(c.get("kind") or "extension"),
                                             date.fromisoformat(c["from"]) if c.get("from") else None,
                                             date.fromisoformat(c["to"]), date.fromisoformat(c["on"]),
                                             int(c.get("days_late") or 0)))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(out)


def fact(t: Task) -> domain.TaskFact:
    return domain.TaskFact(t.id, t.document_id, t.document.number, t.action, t.lead_unit_id, t.lead_name,
                           t.assigned_on, t.deadline, t.completed_on if t.state == State.completed else None,
                           t.state, t.progress_percent, tuple(t.support_names or ()), t.progress_note,
                           t.original_deadline or t.deadline, deadline_changes(t), t.document.level, t.review_on,
                           tuple(domain.Contribution(u.name, u.progress_percent, u.progress_note)
                                 for u in sorted(t.units, key=lambda u: u.name)
                                 if u.role == "support" and u.progress_at is not None))


def _facts(session: Session, scope: Scope, unit_id: str | None = None) -> list[domain.TaskFact]:
    """Tasks sent to the units (proposals are not assigned yet), through the policy."""
    stmt = _visible_tasks(scope, sent_only=True)
    if unit_id:
        stmt = stmt.where(Task.lead_unit_id == unit_id)
    return [fact(t) for t in session.scalars(stmt)]


def _directives(session: Session, scope: Scope, start: date | None, end: date) -> list[domain.DirectiveFact]:
    stmt = select(TrackedDocument).where(document_clause(scope), TrackedDocument.issued_date <= end)
    if start is not None:
        stmt = stmt.where(TrackedDocument.issued_date > start)
    docs = list(session.scalars(stmt))
    if not docs:
        return []
    units: dict[str, set[str]] = {}
    rows = session.execute(select(Task.document_id, TaskUnit.unit_id).join(TaskUnit, TaskUnit.task_id == Task.id)
                           .where(Task.document_id.in_([d.document_id for d in docs]), TaskUnit.unit_id.isnot(None),
                                  Task.sent_at.isnot(None), Task.state.notin_([s.value for s in INACTIVE_STATES])))
    for doc_id, uid in rows:
        units.setdefault(doc_id, set()).add(uid)
    return [domain.DirectiveFact(d.document_id, d.number, d.doc_type, d.subject, d.issued_date,
                                 frozenset(units.get(d.document_id, set())), d.level) for d in docs]



def build_pack(session: Session, scope: Scope, meeting: Meeting, as_of: date) -> domain.Pack:
    previous_date, next_date = meeting_dates(session, meeting)
    previous = session.get(Meeting, meeting.previous_id) if meeting.previous_id else None
    facts = _facts(session, scope)
    ids = [mu.unit_id for mu in meeting.units] or sorted({f.lead_unit_id for f in facts if f.lead_unit_id})
    names = unit_names(session, set(ids))
    units = [domain.UnitRef(uid, names.get(uid, uid)) for uid in ids]
    directives = _directives(session, scope, previous_date, meeting.meeting_date)
    pack = domain.assemble_pack(meeting.meeting_date, previous_date, next_date, as_of, units, facts, directives,
                                previous.conclusion_document_id if previous else None)
    pack.registers = register_period_counts(session, scope, previous_date, meeting.meeting_date)
    return pack


def register_period_counts(session: Session, scope: Scope, previous_date: date | None,
                           meeting_date: date) -> Any:
    """Văn bản đến / đi of the meeting's period: after the previous meeting up to this one (the first meeting of a
    series: since 1 January of its year), counted by the registry through the caller's scope — a user counts only
    the register lines it may see (clearance, its own unit's register)."""
    if not _register_counts:  # no registry in this deployment
        return None
    start = previous_date + timedelta(days=1) if previous_date else date(meeting_date.year, 1, 1)
    return _register_counts[0](session, scope, min(start, meeting_date), meeting_date)


def build_report(session: Session, scope: Scope, as_of: date, date_from: date | None, date_to: date | None,
                 unit_id: str | None) -> domain.Report:
    facts = _facts(session, scope, unit_id)
    ids = {unit_id} if unit_id else {f.lead_unit_id for f in facts if f.lead_unit_id}
    names = unit_names(session, ids)
    units = [domain.UnitRef(uid, names.get(uid, uid)) for uid in ids]
    return domain.assemble_report(as_of, date_from, date_to, units, facts)


