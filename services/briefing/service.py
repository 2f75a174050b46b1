"""The briefing service: sync from documents, inboxes, follow-up, meetings, packs and reports.

Functions take a Session and never commit: the routers and tasks own the transactions and enqueue after the commit.
Every read goes through the access policy: `visible_clause(scope)` is the policy's Scope as a SQL WHERE over
briefing's own copy of each document's access (level, audience, access units), applied inside the query.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session

import services.briefing.readmodel  # noqa: F401  (keeps the search index's "has open tasks" in step)
from services.briefing import domain
from services.briefing.domain import INACTIVE_STATES, Category, State
from services.briefing.models import (
    Meeting,
    MeetingUnit,
    Task,
    TaskEvent,
    TaskUnit,
    TrackedDocument,
    TrackedDocumentAccess,
)
from services.briefing.settings import get_briefing_settings
from services.core.auth.models import Unit
from services.core.auth.policy import Principal, Scope
from services.core.auth.service import ensure_unit, forbidden
from services.core.auth.units import unit_key
from services.core.errors import VanbanError
from services.core.web import not_found

log = logging.getLogger("vanban.briefing")

UNIT_ROLES = frozenset({"unit_head", "unit_staff"})
LEADER_ROLES = frozenset({"admin", "leader"})
EDITOR_ROLES = frozenset({"admin", "clerk", "leader"})


def today() -> date:
    """Today in Việt Nam (deadlines are local dates)."""
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def task_not_found() -> VanbanError:
    return not_found("Nhiệm vụ")


# --- the access policy as SQL over briefing's own columns ---------------------------------------------------------


def visible_clause(scope: Scope) -> ColumnElement[bool]:
    """A document (hence its tasks) is visible iff the policy lets the scope see it."""
    clauses: list[ColumnElement[bool]] = [TrackedDocument.present.is_(True), TrackedDocument.level <= scope.max_level]
    if scope.public_only:
        clauses.append(TrackedDocument.audience == "public")
    elif scope.unit_keys is not None:
        if scope.unit_keys:
            has_unit = exists().where(TrackedDocumentAccess.document_id == TrackedDocument.document_id,
                                      TrackedDocumentAccess.unit_key.in_(sorted(scope.unit_keys)))
            clauses.append(or_(TrackedDocument.audience == "public", has_unit))
        else:
            clauses.append(TrackedDocument.audience == "public")
    return and_(true(), *clauses)


def _visible_tasks(scope: Scope) -> Select[Task]:
    return (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(visible_clause(scope), Task.state.notin_([s.value for s in INACTIVE_STATES])))


# --- sync from a document (the task "briefing.sync_document") ----------------------------------------------------


@dataclass
class SyncResult:
    document_id: str
    present: bool
    created: list[str] = field(default_factory=list)
    updated: int = 0
    removed: int = 0


def proposal_key(lead: str, action: str, sentence: str, occurrence: int = 0) -> str:
    """A stable key for an extracted proposal: the same task text gives the same key across reprocessing."""
    raw = "|".join((unit_key(lead or ""), " ".join((action or sentence or "").split()).lower(), str(occurrence)))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]


def _editable_by_sync(task: Task) -> bool:
    return task.origin == "extracted" and not task.confirmed and not task.touched and task.state == State.open


def _set_units(session: Session, task: Task, lead: str, support: Sequence[str]) -> None:
    lead_unit = ensure_unit(session, lead) if lead and lead.strip() else None
    task.lead_name = (lead_unit.name if lead_unit else (lead or "")).strip()[:512]
    task.lead_unit_id = lead_unit.id if lead_unit else None
    wanted: dict[str, str] = {}
    if lead_unit is not None:
        wanted[lead_unit.id] = "lead"
    names: list[str] = []
    for name in support:
        if not name or not name.strip():
            continue
        u = ensure_unit(session, name)
        names.append(u.name)
        wanted.setdefault(u.id, "support")
    task.support_names = names
    current = {tu.unit_id: tu for tu in task.units}
    for uid, tu in list(current.items()):
        if uid not in wanted:
            task.units.remove(tu)
        elif tu.role != wanted[uid]:
            tu.role = wanted[uid]
    for uid, role in wanted.items():
        if uid not in current:
            task.units.append(TaskUnit(unit_id=uid, role=role))


def _first_deadline(deadline: date | None, recurrence: str | None, start: date) -> date | None:
    if deadline is not None or not recurrence:
        return deadline
    rec = domain.parse_recurrence(recurrence)
    return domain.first_occurrence(rec, start) if rec else None


def _copy_access(session: Session, tracked: TrackedDocument, view: Any) -> None:
    tracked.level = view.level
    tracked.audience = view.audience
    wanted_keys = sorted(set(view.access_units))
    if sorted(a.unit_key for a in tracked.access) != wanted_keys:
        tracked.access.clear()
        session.flush()
        for key in wanted_keys:
            tracked.access.append(TrackedDocumentAccess(unit_key=key))
    session.flush()


def sync_document(session: Session, document_id: str) -> SyncResult:
    """Bring briefing's copy of a document and its proposed tasks up to date. Idempotent.

    Only unconfirmed, untouched proposals are created, updated or removed; what people decided stays.
    """
    from services.ingest.service import document_view

    view = document_view(session, document_id)
    tracked = session.get(TrackedDocument, document_id)
    if view is None:  # the document is gone: its tasks leave every list; unconfirmed proposals go
        result = SyncResult(document_id, present=False)
        if tracked is not None:
            tracked.present = False
            for task in session.scalars(select(Task).where(Task.document_id == document_id)):
                if _editable_by_sync(task):
                    session.delete(task)
                    result.removed += 1
        return result
    if view.status != "done":  # being (re)processed: keep the tasks, follow the access only
        if tracked is not None:
            _copy_access(session, tracked, view)
        return SyncResult(document_id, present=tracked is not None and tracked.present)
    if tracked is None:
        tracked = TrackedDocument(document_id=document_id)
        session.add(tracked)
    tracked.number = view.number
    tracked.doc_type = view.doc_type
    tracked.issuer = view.issuer
    tracked.subject = view.subject
    tracked.issued_date = view.issued_date
    tracked.present = True
    _copy_access(session, tracked, view)

    result = SyncResult(document_id, present=True)
    existing: dict[str | None, Task] = {
        t.source_key: t for t in session.scalars(select(Task).where(Task.document_id == document_id,
                                                                    Task.source_key.isnot(None)))}
    assigned_on = view.issued_date or today()
    seen: dict[str, int] = {}
    keys: set[str] = set()
    for tv in view.tasks:
        base = proposal_key(tv.lead, tv.action, tv.sentence)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        key = base if occurrence == 0 else proposal_key(tv.lead, tv.action, tv.sentence, occurrence)
        keys.add(key)
        found = existing.get(key)
        if found is not None and not _editable_by_sync(found):
            continue  # people decided: their version stays
        new = found is None
        task = found or Task(document_id=document_id, source_key=key, origin="extracted", state=State.open)
        if new:
            session.add(task)
        task.position = tv.position
        task.action = tv.action or tv.sentence
        task.sentence = tv.sentence
        task.recurrence = tv.recurrence
        task.deadline_text = tv.deadline_text
        task.deadline = _first_deadline(tv.deadline, tv.recurrence, assigned_on)
        task.original_deadline = task.deadline
        task.assigned_on = assigned_on
        _set_units(session, task, tv.lead, tv.support)
        session.flush()
        if new:
            _event(task, None, "proposed", detail={"source": "extraction", "position": tv.position})
            result.created.append(task.id)
        else:
            result.updated += 1
    for old_key, old in existing.items():
        if old_key not in keys and _editable_by_sync(old):
            session.delete(old)
            result.removed += 1
    session.flush()
    from services.briefing import notify

    for task_id in result.created:
        created = session.get(Task, task_id)
        if created is not None:
            notify.queue_for_task(session, created, "new_task")
    return result


# --- history ------------------------------------------------------------------------------------------------------


def _event(task: Task, principal: Principal | None, kind: str, text: str | None = None,
           detail: dict[str, Any] | None = None) -> TaskEvent:
    ev = TaskEvent(user_id=principal.user_id if principal else None,
                   username=principal.username if principal else "hệ thống", kind=kind, text=text,
                   detail=detail or {})
    task.events.append(ev)
    return ev


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


def check_inbox_access(principal: Principal, unit_id: str) -> None:
    """Unit roles open only their own unit's inbox."""
    if principal.role in UNIT_ROLES and principal.unit_id != unit_id:
        raise forbidden("Bạn chỉ được xem nhiệm vụ của đơn vị mình.")
    if principal.role not in UNIT_ROLES | EDITOR_ROLES:
        raise forbidden()


def list_tasks(session: Session, scope: Scope, flt: TaskFilter, as_of: date, offset: int,
               limit: int) -> tuple[int, list[Task]]:
    stmt = _visible_tasks(scope)
    if flt.unit_id:
        member = exists().where(TaskUnit.task_id == Task.id, TaskUnit.unit_id == flt.unit_id,
                                *( [TaskUnit.role == flt.role] if flt.role else []))
        stmt = stmt.where(member)
    if flt.status:
        stmt = stmt.where(category_clause(flt.status, as_of, get_briefing_settings().briefing_due_soon_days))
    if flt.state:
        stmt = stmt.where(Task.state == flt.state)
    if flt.due_from:
        stmt = stmt.where(Task.deadline >= flt.due_from)
    if flt.due_to:
        stmt = stmt.where(Task.deadline <= flt.due_to)
    if flt.confirmed is not None:
        stmt = stmt.where(Task.confirmed.is_(flt.confirmed))
    if flt.document_id:
        stmt = stmt.where(Task.document_id == flt.document_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Task.deadline.is_(None), Task.deadline, Task.assigned_on, Task.position,
                                         Task.id).offset(offset).limit(limit)).all()
    return total, list(rows)


def get_task(session: Session, scope: Scope, task_id: str, include_inactive: bool = False) -> Task:
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(Task.id == task_id, visible_clause(scope)))
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


# --- follow-up by the units -----------------------------------------------------------------------------------------


def _unit_ids(task: Task, role: str | None = None) -> set[str]:
    return {tu.unit_id for tu in task.units if role is None or tu.role == role}


def _check_unit_actor(principal: Principal, task: Task, lead_only: bool) -> None:
    if principal.role == "admin":
        return
    if principal.role not in UNIT_ROLES:
        raise forbidden("Chỉ cán bộ của đơn vị được giao mới thực hiện được thao tác này.")
    allowed = _unit_ids(task, "lead" if lead_only else None)
    if principal.unit_id not in allowed:
        raise forbidden("Nhiệm vụ này không giao cho đơn vị của bạn" + (" chủ trì." if lead_only else "."))


def _check_role(principal: Principal, roles: frozenset[str], message: str) -> None:
    if principal.role not in roles:
        raise forbidden(message)


def _not_closed(task: Task) -> None:
    if task.state == State.completed:
        raise VanbanError("task_completed", "Nhiệm vụ đã hoàn thành; không thể thay đổi.", http_status=409)


def acknowledge(session: Session, principal: Principal, task: Task) -> Task:
    _check_unit_actor(principal, task, lead_only=False)
    _not_closed(task)
    if task.state == State.open:
        task.state = State.acknowledged
    task.touched = True
    _event(task, principal, "acknowledged", detail={"unit_id": principal.unit_id})
    return task


def post_progress(session: Session, principal: Principal, task: Task, text: str, percent: int | None,
                  attachments: list[dict[str, Any]]) -> Task:
    _check_unit_actor(principal, task, lead_only=False)
    _not_closed(task)
    if percent is not None:
        if percent < task.progress_percent and principal.role != "admin" and _unit_ids(task, "lead") and \
                principal.unit_id not in _unit_ids(task, "lead"):
            raise forbidden("Đơn vị phối hợp không thể giảm tiến độ của nhiệm vụ.")
        task.progress_percent = percent
    if task.state in (State.open, State.acknowledged):
        task.state = State.in_progress
    task.touched = True
    _event(task, principal, "progress", text, {"percent": percent, "attachments": attachments,
                                               "unit_id": principal.unit_id})
    return task


def request_extension(session: Session, principal: Principal, task: Task, new_deadline: date, reason: str) -> Task:
    _check_unit_actor(principal, task, lead_only=True)
    _not_closed(task)
    if task.deadline is not None and new_deadline <= task.deadline:
        raise VanbanError("invalid_extension", "Thời hạn đề nghị gia hạn phải sau thời hạn hiện tại.",
                          http_status=422)
    task.extension_requested_to = new_deadline
    task.extension_reason = reason
    task.touched = True
    _event(task, principal, "extension_requested", reason, {"new_deadline": new_deadline.isoformat(),
                                                            "current_deadline": _iso(task.deadline)})
    return task


def decide_extension(session: Session, principal: Principal, task: Task, approve: bool, note: str | None) -> Task:
    _check_role(principal, LEADER_ROLES, "Chỉ lãnh đạo mới duyệt đề nghị gia hạn.")
    if task.extension_requested_to is None:
        raise VanbanError("no_extension_request", "Nhiệm vụ không có đề nghị gia hạn đang chờ.", http_status=409)
    requested = task.extension_requested_to
    if approve:
        if task.original_deadline is None:
            task.original_deadline = task.deadline
        old = task.deadline
        task.deadline = requested
        _event(task, principal, "extension_approved", note, {"from": _iso(old), "to": requested.isoformat()})
    else:
        _event(task, principal, "extension_refused", note, {"requested": requested.isoformat()})
    task.extension_requested_to = None
    task.extension_reason = None
    task.touched = True
    return task


def report_completion(session: Session, principal: Principal, task: Task, completed_on: date | None,
                      text: str | None) -> Task:
    _check_unit_actor(principal, task, lead_only=True)
    _not_closed(task)
    when = completed_on or today()
    if when > today():
        raise VanbanError("invalid_date", "Ngày hoàn thành không được sau ngày hôm nay.", http_status=422)
    task.state = State.completion_reported
    task.completion_reported_on = when
    task.touched = True
    _event(task, principal, "completion_reported", text, {"completed_on": when.isoformat()})
    return task


def accept_completion(session: Session, principal: Principal, task: Task, note: str | None) -> Task | None:
    """A leader accepts: the task is completed on the reported date; a recurring task gets its next occurrence."""
    _check_role(principal, LEADER_ROLES, "Chỉ lãnh đạo mới xác nhận hoàn thành nhiệm vụ.")
    if task.state != State.completion_reported or task.completion_reported_on is None:
        raise VanbanError("not_reported", "Đơn vị chưa báo cáo hoàn thành nhiệm vụ này.", http_status=409)
    task.state = State.completed
    task.completed_on = task.completion_reported_on
    task.progress_percent = 100
    task.extension_requested_to = None
    task.touched = True
    _event(task, principal, "completion_accepted", note, {"completed_on": task.completed_on.isoformat()})
    return _next_occurrence(session, principal, task)


def _next_occurrence(session: Session, principal: Principal, task: Task) -> Task | None:
    rec = domain.parse_recurrence(task.recurrence)
    if rec is None:
        return None
    base = task.deadline or task.completed_on or today()
    nxt = Task(document_id=task.document_id, origin="recurrence", confirmed=True, confirmed_by=principal.username,
               touched=True, action=task.action, sentence=task.sentence, recurrence=task.recurrence,
               deadline_text=task.deadline_text, deadline=domain.next_occurrence(rec, base), parent_id=task.id,
               assigned_on=max(task.completed_on or base, task.assigned_on), state=State.open, position=task.position)
    nxt.original_deadline = nxt.deadline
    session.add(nxt)
    _set_units(session, nxt, task.lead_name, task.support_names)
    session.flush()
    _event(nxt, principal, "recurred", detail={"previous_task_id": task.id})
    from services.briefing import notify

    notify.queue_for_task(session, nxt, "new_task")
    return nxt


def return_completion(session: Session, principal: Principal, task: Task, note: str) -> Task:
    _check_role(principal, LEADER_ROLES, "Chỉ lãnh đạo mới trả lại báo cáo hoàn thành.")
    if task.state != State.completion_reported:
        raise VanbanError("not_reported", "Đơn vị chưa báo cáo hoàn thành nhiệm vụ này.", http_status=409)
    task.state = State.in_progress
    task.completion_reported_on = None
    task.touched = True
    _event(task, principal, "completion_returned", note)
    from services.briefing import notify

    notify.queue_for_task(session, task, "returned", key=str(len(task.events)), note=note)
    return task


# --- people decide: confirm, edit, split, merge, add, dismiss ----------------------------------------------------------


def _check_editor(principal: Principal) -> None:
    _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xác nhận, sửa, tách, gộp nhiệm vụ.")


def _confirm(task: Task, principal: Principal) -> None:
    task.confirmed = True
    task.confirmed_by = principal.username
    task.touched = True


def confirm(session: Session, principal: Principal, task: Task) -> Task:
    _check_editor(principal)
    _confirm(task, principal)
    _event(task, principal, "confirmed")
    return task


def dismiss(session: Session, principal: Principal, task: Task, note: str | None) -> Task:
    """Reject a proposal: it disappears from inboxes and does not come back on reprocessing."""
    _check_editor(principal)
    _not_closed(task)
    _confirm(task, principal)
    task.state = State.dismissed
    _event(task, principal, "dismissed", note)
    return task


@dataclass
class TaskDraft:
    action: str
    lead: str
    support: list[str] = field(default_factory=list)
    deadline: date | None = None
    recurrence: str | None = None


def _snapshot(task: Task) -> dict[str, Any]:
    return {"action": task.action, "lead": task.lead_name, "support": list(task.support_names or []),
            "deadline": _iso(task.deadline), "recurrence": task.recurrence}


def edit(session: Session, principal: Principal, task: Task, changes: dict[str, Any]) -> Task:
    _check_editor(principal)
    _not_closed(task)
    before = _snapshot(task)
    if "action" in changes and changes["action"] is not None:
        task.action = changes["action"]
    if "deadline" in changes:
        task.deadline = changes["deadline"]
        if task.original_deadline is None or not task.confirmed:
            task.original_deadline = changes["deadline"]
    if "recurrence" in changes:
        task.recurrence = changes["recurrence"]
    if "lead" in changes or "support" in changes:
        lead = changes.get("lead") or task.lead_name
        support = changes["support"] if changes.get("support") is not None else list(task.support_names or [])
        _set_units(session, task, lead, support)
    _confirm(task, principal)
    session.flush()
    _event(task, principal, "edited", detail={"before": before, "after": _snapshot(task)})
    return task


def _new_task(session: Session, principal: Principal, document_id: str, draft: TaskDraft, origin: str,
              parent_id: str | None, assigned_on: date, sentence: str = "") -> Task:
    task = Task(document_id=document_id, origin=origin, confirmed=True, confirmed_by=principal.username,
                touched=True, action=draft.action, sentence=sentence, recurrence=draft.recurrence,
                deadline=draft.deadline, original_deadline=draft.deadline, parent_id=parent_id,
                assigned_on=assigned_on, state=State.open)
    session.add(task)
    _set_units(session, task, draft.lead, draft.support)
    session.flush()
    return task


def add_task(session: Session, principal: Principal, scope: Scope, document_id: str, draft: TaskDraft) -> Task:
    _check_editor(principal)
    doc = session.scalar(select(TrackedDocument).where(TrackedDocument.document_id == document_id,
                                                       visible_clause(scope)))
    if doc is None:
        raise not_found()
    position = (session.scalar(select(func.max(Task.position)).where(Task.document_id == document_id)) or 0) + 1
    task = _new_task(session, principal, document_id, draft, "manual", None, doc.issued_date or today())
    task.position = position
    _event(task, principal, "added", detail=_snapshot(task))
    from services.briefing import notify

    notify.queue_for_task(session, task, "new_task")
    return task


def split(session: Session, principal: Principal, task: Task, parts: list[TaskDraft]) -> list[Task]:
    _check_editor(principal)
    _not_closed(task)
    if len(parts) < 2:
        raise VanbanError("invalid_split", "Cần ít nhất hai phần để tách nhiệm vụ.", http_status=422)
    created = []
    for i, part in enumerate(parts):
        child = _new_task(session, principal, task.document_id, part, "split", task.id, task.assigned_on,
                          task.sentence)
        child.position = task.position
        _event(child, principal, "split_from", detail={"task_id": task.id, "part": i + 1})
        created.append(child)
    _confirm(task, principal)
    task.state = State.split_up
    _event(task, principal, "split", detail={"into": [c.id for c in created]})
    from services.briefing import notify

    for child in created:
        notify.queue_for_task(session, child, "new_task")
    return created


def merge(session: Session, principal: Principal, tasks: list[Task], draft: TaskDraft | None) -> Task:
    _check_editor(principal)
    if len({t.id for t in tasks}) < 2:
        raise VanbanError("invalid_merge", "Cần ít nhất hai nhiệm vụ để gộp.", http_status=422)
    if len({t.document_id for t in tasks}) != 1:
        raise VanbanError("invalid_merge", "Chỉ gộp được các nhiệm vụ của cùng một văn bản.", http_status=422)
    for t in tasks:
        _not_closed(t)
    first = min(tasks, key=lambda t: t.position)
    deadlines = [t.deadline for t in tasks if t.deadline]
    support: list[str] = []
    for t in tasks:
        for name in [t.lead_name, *(t.support_names or [])]:
            if name and name != first.lead_name and name not in support:
                support.append(name)
    draft = draft or TaskDraft(action="; ".join(t.action for t in sorted(tasks, key=lambda t: t.position)),
                               lead=first.lead_name, support=support, deadline=min(deadlines) if deadlines else None,
                               recurrence=first.recurrence)
    merged = _new_task(session, principal, first.document_id, draft, "merged", None, first.assigned_on,
                       " ".join(t.sentence for t in tasks if t.sentence))
    merged.position = first.position
    for t in tasks:
        _confirm(t, principal)
        t.state = State.merged
        t.parent_id = merged.id
        _event(t, principal, "merged", detail={"into": merged.id})
    _event(merged, principal, "merged_from", detail={"task_ids": [t.id for t in tasks]})
    return merged


# --- meetings, packs, reports --------------------------------------------------------------------------------------------


def create_meeting(session: Session, principal: Principal, title: str, meeting_date: date, chair: str | None,
                   unit_ids: list[str], series: str, previous_id: str | None, next_date: date | None) -> Meeting:
    _check_editor(principal)
    for uid in unit_ids:
        get_unit(session, uid)
    if previous_id:
        prev = session.get(Meeting, previous_id)
        if prev is None:
            raise not_found("Cuộc họp trước")
        if prev.meeting_date >= meeting_date:
            raise VanbanError("invalid_meeting", "Cuộc họp trước phải diễn ra trước ngày họp.", http_status=422)
    else:
        prev = session.scalar(select(Meeting).where(Meeting.series == series, Meeting.meeting_date < meeting_date)
                              .order_by(Meeting.meeting_date.desc()).limit(1))
    if next_date is not None and next_date <= meeting_date:
        raise VanbanError("invalid_meeting", "Ngày họp kỳ sau phải sau ngày họp.", http_status=422)
    meeting = Meeting(title=title, meeting_date=meeting_date, chair=chair, series=series,
                      previous_id=prev.id if prev else None, next_date=next_date, created_by=principal.username)
    meeting.units = [MeetingUnit(unit_id=uid) for uid in dict.fromkeys(unit_ids)]
    session.add(meeting)
    session.flush()
    return meeting


def list_meetings(session: Session, offset: int, limit: int, series: str | None = None) -> tuple[int, list[Meeting]]:
    stmt = select(Meeting)
    if series:
        stmt = stmt.where(Meeting.series == series)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Meeting.meeting_date.desc(), Meeting.id).offset(offset).limit(limit))
    return total, list(rows)


def get_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise not_found("Cuộc họp")
    return meeting


def meeting_dates(session: Session, meeting: Meeting) -> tuple[date | None, date]:
    prev = session.get(Meeting, meeting.previous_id) if meeting.previous_id else None
    nxt = meeting.next_date or session.scalar(
        select(func.min(Meeting.meeting_date)).where(Meeting.series == meeting.series,
                                                     Meeting.meeting_date > meeting.meeting_date))
    if nxt is None:
        nxt = meeting.meeting_date + timedelta(days=get_briefing_settings().briefing_meeting_interval_days)
    return (prev.meeting_date if prev else None), nxt


def _facts(session: Session, scope: Scope, unit_id: str | None = None) -> list[domain.TaskFact]:
    stmt = _visible_tasks(scope)
    if unit_id:
        stmt = stmt.where(Task.lead_unit_id == unit_id)
    return [domain.TaskFact(t.id, t.document_id, t.document.number, t.action, t.lead_unit_id, t.lead_name,
                            t.assigned_on, t.deadline, t.completed_on if t.state == State.completed else None,
                            t.state, t.progress_percent)
            for t in session.scalars(stmt)]


def _directives(session: Session, scope: Scope, start: date | None, end: date) -> list[domain.DirectiveFact]:
    stmt = select(TrackedDocument).where(visible_clause(scope), TrackedDocument.issued_date <= end)
    if start is not None:
        stmt = stmt.where(TrackedDocument.issued_date > start)
    docs = list(session.scalars(stmt))
    if not docs:
        return []
    units: dict[str, set[str]] = {}
    rows = session.execute(select(Task.document_id, TaskUnit.unit_id).join(TaskUnit, TaskUnit.task_id == Task.id)
                           .where(Task.document_id.in_([d.document_id for d in docs]),
                                  Task.state.notin_([s.value for s in INACTIVE_STATES])))
    for doc_id, uid in rows:
        units.setdefault(doc_id, set()).add(uid)
    return [domain.DirectiveFact(d.document_id, d.number, d.doc_type, d.subject, d.issued_date,
                                 frozenset(units.get(d.document_id, set()))) for d in docs]


def set_conclusion(session: Session, principal: Principal, scope: Scope, meeting: Meeting,
                   document_id: str | None) -> Meeting:
    """Link the meeting's conclusion notice; its tasks (synced when it was ingested) are reviewed next time."""
    _check_editor(principal)
    if document_id is not None and session.scalar(select(TrackedDocument.document_id).where(
            TrackedDocument.document_id == document_id, visible_clause(scope))) is None:
        raise not_found()
    meeting.conclusion_document_id = document_id
    return meeting


def build_pack(session: Session, scope: Scope, meeting: Meeting, as_of: date) -> domain.Pack:
    previous_date, next_date = meeting_dates(session, meeting)
    previous = session.get(Meeting, meeting.previous_id) if meeting.previous_id else None
    facts = _facts(session, scope)
    ids = [mu.unit_id for mu in meeting.units] or sorted({f.lead_unit_id for f in facts if f.lead_unit_id})
    names = unit_names(session, set(ids))
    units = [domain.UnitRef(uid, names.get(uid, uid)) for uid in ids]
    directives = _directives(session, scope, previous_date, meeting.meeting_date)
    return domain.assemble_pack(meeting.meeting_date, previous_date, next_date, as_of, units, facts, directives,
                                previous.conclusion_document_id if previous else None)


def build_report(session: Session, scope: Scope, as_of: date, date_from: date | None, date_to: date | None,
                 unit_id: str | None) -> domain.Report:
    facts = _facts(session, scope, unit_id)
    ids = {unit_id} if unit_id else {f.lead_unit_id for f in facts if f.lead_unit_id}
    names = unit_names(session, ids)
    units = [domain.UnitRef(uid, names.get(uid, uid)) for uid in ids]
    return domain.assemble_report(as_of, date_from, date_to, units, facts)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def list_units(session: Session, principal: Principal) -> list[Unit]:
    stmt = select(Unit).order_by(Unit.name)
    if principal.role in UNIT_ROLES:
        stmt = stmt.where(Unit.id == (principal.unit_id or ""))
    return list(session.scalars(stmt))

