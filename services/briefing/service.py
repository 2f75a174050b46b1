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
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, event, exists, false, func, or_, select, update
from sqlalchemy.orm import Session

import services.briefing.readmodel  # noqa: F401  (keeps the search index's "has open tasks" in step)
from services.briefing import domain
from services.briefing.access import document_clause, meeting_clause, task_clause
from services.briefing.domain import INACTIVE_STATES, Action, Category, State
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
from services.core.auth.units import canonical_name, unit_key
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
    """A tracked document is visible (services/briefing/access.py)."""
    return document_clause(scope)


def _visible_tasks(scope: Scope, sent_only: bool = False) -> Select[Task]:
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(task_clause(scope), Task.state.notin_([s.value for s in INACTIVE_STATES])))
    return stmt.where(Task.sent_at.isnot(None)) if sent_only else stmt


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


def _resolve_unit(session: Session, name: str, create: bool) -> tuple[str, str, str | None] | None:
    """(key, name, unit id or None). A person naming a unit adds it to the directory (`create`); a name only
    extraction found stays a proposal (no unit id) until a clerk accepts it."""
    key = unit_key(name or "")
    if not key or len(key) > 255:
        return None
    unit = session.scalar(select(Unit).where(Unit.key == key))
    if unit is None and create:
        unit = ensure_unit(session, name)
    if unit is not None:
        return unit.key, unit.name, unit.id
    return key, canonical_name(name)[:512], None


def _set_units(session: Session, task: Task, lead: str, support: Sequence[str], create: bool = True) -> None:
    lead_ref = _resolve_unit(session, lead, create) if lead and lead.strip() else None
    task.lead_name = (lead_ref[1] if lead_ref else (lead or "")).strip()[:512]
    task.lead_unit_id = lead_ref[2] if lead_ref else None
    task.lead_unit_key = lead_ref[0] if lead_ref else None
    wanted: dict[str, tuple[str, str, str | None]] = {}
    if lead_ref is not None:
        wanted[lead_ref[0]] = ("lead", lead_ref[1], lead_ref[2])
    names: list[str] = []
    for name in support:
        if not name or not name.strip():
            continue
        ref = _resolve_unit(session, name, create)
        if ref is None:
            continue
        names.append(ref[1])
        wanted.setdefault(ref[0], ("support", ref[1], ref[2]))
    task.support_names = names
    current = {tu.unit_key: tu for tu in task.units}
    for key, tu in list(current.items()):
        if key not in wanted:
            task.units.remove(tu)
        else:
            tu.role, tu.name, tu.unit_id = wanted[key]
    for key, (role, name, uid) in wanted.items():
        if key not in current:
            task.units.append(TaskUnit(unit_key=key, unit_id=uid, name=name, role=role))


@event.listens_for(Unit, "after_insert")
def _link_accepted_unit(_mapper: Any, connection: Any, unit: Unit) -> None:
    """A unit enters the directory (a clerk accepts a proposed name, or an admin adds it): every task naming it
    reaches its inbox, in the same transaction."""
    connection.execute(update(TaskUnit).where(TaskUnit.unit_key == unit.key, TaskUnit.unit_id.is_(None))
                       .values(unit_id=unit.id))
    connection.execute(update(Task).where(Task.lead_unit_key == unit.key, Task.lead_unit_id.is_(None))
                       .values(lead_unit_id=unit.id))


def _send(session: Session, task: Task) -> None:
    """The task reaches the units' inboxes (once); a task with no deadline gets its first review date."""
    if task.sent_at is not None:
        return
    task.sent_at = datetime.now(UTC)
    start = max(task.assigned_on or today(), today())
    task.review_on = domain.next_review(task.deadline, task.recurrence, start,
                                        get_briefing_settings().briefing_review_days)
    session.flush()
    _publish_assigned(session, task.document_id)
    from services.briefing import notify

    notify.queue_for_task(session, task, "new_task")


def _publish_assigned(session: Session, document_id: str) -> None:
    """Tell ingest which units the document is assigned to, so that a unit a person named on a task reads the
    document (GET /documents/{id}) under the same policy: extraction's units plus those of the sent tasks."""
    from services.ingest.models import Document
    from services.ingest.service import set_units as ingest_set_units

    doc = session.get(Document, document_id)
    if doc is None:
        return
    names = [n for t in doc.tasks for n in [t.lead, *(t.support or [])] if n]
    extracted = {unit_key(n) for n in names}
    rows = session.execute(select(TaskUnit.name, TaskUnit.unit_key).join(Task, Task.id == TaskUnit.task_id)
                           .where(Task.document_id == document_id, Task.sent_at.isnot(None),
                                  Task.state.notin_([s.value for s in INACTIVE_STATES]))).all()
    extra = [name for name, key in rows if key not in extracted]
    if not extra:
        return
    current = {du.unit_key for du in doc.units if du.relation == "assigned"}
    if {unit_key(n) for n in extra} <= current:
        return
    ingest_set_units(session, doc, assigned=names + extra)
    tracked = session.get(TrackedDocument, document_id)
    if tracked is not None:  # briefing's copy follows at once
        _copy_access(session, tracked, SimpleAccess(doc.level, doc.audience,
                                                     [du.unit_key for du in doc.units if du.relation == "access"]))


@dataclass
class SimpleAccess:
    level: int
    audience: str
    access_units: list[str]


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
        _set_units(session, task, tv.lead, tv.support, create=False)
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
    if get_briefing_settings().briefing_send_on == "extraction":
        for task_id in result.created:
            created = session.get(Task, task_id)
            if created is not None:
                _send(session, created)
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


# --- follow-up by the units -----------------------------------------------------------------------------------------


def _unit_ids(task: Task, role: str | None = None) -> set[str]:
    return {tu.unit_id for tu in task.units if tu.unit_id and (role is None or tu.role == role)}


def my_role(task: Task, principal: Principal) -> str | None:
    """lead (chủ trì) | support (phối hợp) | None: how the principal's unit is named on the task."""
    for tu in task.units:
        if (principal.unit_id and tu.unit_id == principal.unit_id) or (
                principal.unit_key and tu.unit_key == principal.unit_key):
            return tu.role
    return None


def _transition(task: Task, action: Action) -> State:
    nxt = domain.next_state(task.state, action)
    if nxt is None:
        if task.state == State.completed:
            raise VanbanError("task_completed", "Nhiệm vụ đã hoàn thành; không thể thay đổi.", http_status=409)
        raise VanbanError("invalid_state", f"Không thể thực hiện thao tác này khi nhiệm vụ ở trạng thái "
                          f"“{task.state}”.", http_status=409)
    return nxt


def _check_actor(principal: Principal, task: Task, action: Action) -> None:
    """ACTORS of the domain: the lead unit, a cooperating unit, an editor or a leader."""
    who = domain.ACTORS[action]
    if principal.role == "admin":
        return
    if who == "editor":
        _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xác nhận, sửa, tách, gộp nhiệm vụ.")
        return
    if who == "leader":
        _check_role(principal, LEADER_ROLES, "Chỉ lãnh đạo mới thực hiện được thao tác này.")
        return
    if principal.role not in UNIT_ROLES:
        raise forbidden("Chỉ cán bộ của đơn vị được giao mới thực hiện được thao tác này.")
    role = my_role(task, principal)
    if role is None:
        raise forbidden("Nhiệm vụ này không giao cho đơn vị của bạn.")
    if who == "lead" and role != "lead":
        raise forbidden("Chỉ đơn vị chủ trì mới thực hiện được thao tác này; đơn vị phối hợp báo cáo phần việc "
                        "của mình.")
    if who == "support" and role != "support":
        raise forbidden("Đơn vị chủ trì cập nhật tiến độ của nhiệm vụ.")


def _check_sent(task: Task) -> None:
    if task.sent_at is None:
        raise VanbanError("task_not_confirmed", "Nhiệm vụ còn là đề xuất, chưa được văn thư xác nhận và gửi đơn vị.",
                          http_status=409)


def _check_role(principal: Principal, roles: frozenset[str], message: str) -> None:
    if principal.role not in roles:
        raise forbidden(message)


def _not_closed(task: Task) -> None:
    if task.state == State.completed:
        raise VanbanError("task_completed", "Nhiệm vụ đã hoàn thành; không thể thay đổi.", http_status=409)


def acknowledge(session: Session, principal: Principal, task: Task) -> Task:
    """The lead unit acknowledges (tiếp nhận) the task."""
    _check_actor(principal, task, Action.acknowledge)
    _check_sent(task)
    task.state = _transition(task, Action.acknowledge)
    task.touched = True
    _event(task, principal, "acknowledged", detail={"unit_id": principal.unit_id})
    return task


def _unit_row(task: Task, principal: Principal) -> TaskUnit | None:
    return next((tu for tu in task.units if (principal.unit_id and tu.unit_id == principal.unit_id)
                 or (principal.unit_key and tu.unit_key == principal.unit_key)), None)


def post_progress(session: Session, principal: Principal, task: Task, text: str, percent: int | None,
                  attachments: list[dict[str, Any]]) -> Task:
    """The lead unit reports the task's progress; a cooperating unit reports its own contribution (text, percent,
    files), which the lead and the leaders see. A cooperating unit never changes the task's progress."""
    role = my_role(task, principal) if principal.role in UNIT_ROLES else None
    action = Action.contribute if role == "support" else Action.progress
    _check_actor(principal, task, action)
    _check_sent(task)
    task.state = _transition(task, action)
    row = _unit_row(task, principal)
    if row is not None:
        if percent is not None:
            row.progress_percent = percent
        row.progress_note = text
        row.progress_at = datetime.now(UTC)
        row.attachments = list(attachments)
    if action is Action.progress:
        if percent is not None:
            task.progress_percent = percent
        task.progress_note = text
        if task.deadline is None and task.review_on is not None:  # reviewed: the next check
            task.review_on = domain.next_review(None, task.recurrence, today(),
                                                get_briefing_settings().briefing_review_days)
    task.touched = True
    _event(task, principal, "contribution" if action is Action.contribute else "progress", text,
           {"percent": percent, "attachments": attachments, "unit_id": principal.unit_id, "role": role or "lead"})
    return task


def request_extension(session: Session, principal: Principal, task: Task, new_deadline: date, reason: str) -> Task:
    """QĐ 42/2014: the lead unit asks before the deadline; after it the task is overdue (a leader may re-assign)."""
    _check_actor(principal, task, Action.request_extension)
    _check_sent(task)
    _transition(task, Action.request_extension)
    refusal = domain.extension_refusal(task.deadline, today(), new_deadline)
    if refusal == "no_deadline":
        raise VanbanError("invalid_extension", "Nhiệm vụ không có thời hạn nên không cần gia hạn.", http_status=422)
    if refusal == "deadline_passed":
        raise VanbanError("extension_too_late", "Đã quá thời hạn thực hiện: không thể đề nghị gia hạn; nhiệm vụ "
                          "được tính là quá hạn trừ khi lãnh đạo giao lại thời hạn mới.", http_status=409)
    if refusal == "not_later":
        raise VanbanError("invalid_extension", "Thời hạn đề nghị gia hạn phải sau thời hạn hiện tại.",
                          http_status=422)
    task.extension_requested_to = new_deadline
    task.extension_reason = reason
    task.touched = True
    _event(task, principal, "extension_requested", reason, {"new_deadline": new_deadline.isoformat(),
                                                            "current_deadline": _iso(task.deadline),
                                                            "asked_on": today().isoformat()})
    return task


def _record_change(task: Task, principal: Principal, kind: str, old: date | None, new: date, reason: str | None,
                   late: int) -> None:
    if task.original_deadline is None:
        task.original_deadline = old
    task.deadline_changes = [*(task.deadline_changes or []),
                             {"kind": kind, "from": _iso(old), "to": new.isoformat(), "on": today().isoformat(),
                              "by": principal.username, "reason": reason, "days_late": late}]
    task.deadline = new


def decide_extension(session: Session, principal: Principal, task: Task, approve: bool, note: str | None) -> Task:
    _check_actor(principal, task, Action.decide_extension)
    _transition(task, Action.decide_extension)
    if task.extension_requested_to is None:
        raise VanbanError("no_extension_request", "Nhiệm vụ không có đề nghị gia hạn đang chờ.", http_status=409)
    requested = task.extension_requested_to
    if approve:
        old = task.deadline
        _record_change(task, principal, "extension", old, requested, task.extension_reason, 0)
        _event(task, principal, "extension_approved", note, {"from": _iso(old), "to": requested.isoformat()})
    else:
        _event(task, principal, "extension_refused", note, {"requested": requested.isoformat()})
    task.extension_requested_to = None
    task.extension_reason = None
    task.touched = True
    return task


def reassign(session: Session, principal: Principal, task: Task, new_deadline: date, reason: str) -> Task:
    """A leader gives an overdue task a new deadline, with a reason. The lateness so far stays in the record."""
    _check_actor(principal, task, Action.reassign)
    _transition(task, Action.reassign)
    if task.deadline is not None and new_deadline <= task.deadline:
        raise VanbanError("invalid_reassignment", "Thời hạn giao lại phải sau thời hạn hiện tại.", http_status=422)
    if new_deadline < today():
        raise VanbanError("invalid_reassignment", "Thời hạn giao lại không được trước ngày hôm nay.", http_status=422)
    old = task.deadline
    late = domain.days_late(old, None, today())
    _record_change(task, principal, "reassignment", old, new_deadline, reason, late)
    task.extension_requested_to = None
    task.extension_reason = None
    task.touched = True
    _event(task, principal, "reassigned", reason, {"from": _iso(old), "to": new_deadline.isoformat(),
                                                   "days_late": late})
    return task


def report_completion(session: Session, principal: Principal, task: Task, completed_on: date | None,
                      text: str | None) -> Task:
    _check_actor(principal, task, Action.report_completion)
    _check_sent(task)
    _not_closed(task)
    when = completed_on or today()
    if when > today():
        raise VanbanError("invalid_date", "Ngày hoàn thành không được sau ngày hôm nay.", http_status=422)
    if when < task.assigned_on:
        raise VanbanError("invalid_date", "Ngày hoàn thành không được trước ngày giao nhiệm vụ.", http_status=422)
    task.state = _transition(task, Action.report_completion)
    task.completion_reported_on = when
    task.touched = True
    _event(task, principal, "completion_reported", text, {"completed_on": when.isoformat()})
    return task


def accept_completion(session: Session, principal: Principal, task: Task, note: str | None) -> Task | None:
    """A leader accepts: the task is completed on the reported date; a recurring task gets its next occurrence."""
    _check_actor(principal, task, Action.accept_completion)
    _check_sent(task)
    if task.state != State.completion_reported or task.completion_reported_on is None:
        raise VanbanError("not_reported", "Đơn vị chưa báo cáo hoàn thành nhiệm vụ này.", http_status=409)
    task.state = _transition(task, Action.accept_completion)
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
               assigned_on=max(task.completed_on or base, task.assigned_on), state=State.open, position=task.position,
               deadline_changes=[])
    nxt.original_deadline = nxt.deadline
    session.add(nxt)
    _set_units(session, nxt, task.lead_name, task.support_names)
    session.flush()
    _event(nxt, principal, "recurred", detail={"previous_task_id": task.id})
    _send(session, nxt)
    return nxt


def return_completion(session: Session, principal: Principal, task: Task, note: str) -> Task:
    _check_actor(principal, task, Action.return_completion)
    if task.state != State.completion_reported:
        raise VanbanError("not_reported", "Đơn vị chưa báo cáo hoàn thành nhiệm vụ này.", http_status=409)
    task.state = _transition(task, Action.return_completion)
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
    """A clerk or leader confirms a proposal: the units it names (proposed names included — the clerk accepts
    them) and the task is sent to their inboxes."""
    _check_actor(principal, task, Action.confirm)
    task.state = _transition(task, Action.confirm)
    _confirm(task, principal)
    _set_units(session, task, task.lead_name, list(task.support_names or []), create=True)
    _event(task, principal, "confirmed")
    _send(session, task)
    return task


def dismiss(session: Session, principal: Principal, task: Task, note: str | None) -> Task:
    """Reject a proposal: it disappears from inboxes and does not come back on reprocessing."""
    _check_actor(principal, task, Action.dismiss)
    task.state = _transition(task, Action.dismiss)
    _confirm(task, principal)
    task.review_on = None
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
    """Correct a task (it is confirmed and sent). Once a confirmed task is sent (or its unit acted on it), its
    deadline moves only by an approved extension or a leader's re-assignment: the original deadline and the
    lateness are never lost."""
    _check_actor(principal, task, Action.edit)
    task.state = _transition(task, Action.edit)
    before = _snapshot(task)
    if "deadline" in changes and changes["deadline"] != task.deadline:
        if task.sent_at is not None and (task.confirmed or task.touched):  # decided, or the unit acted
            raise VanbanError("deadline_locked", "Nhiệm vụ đã giao cho đơn vị: thời hạn chỉ thay đổi khi lãnh đạo "
                              "duyệt gia hạn hoặc giao lại (POST /tasks/{id}/reassign, có lý do).", http_status=409)
    if "action" in changes and changes["action"] is not None:
        task.action = changes["action"]
    if "deadline" in changes:
        task.deadline = changes["deadline"]
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
    _send(session, task)
    if task.sent_at is not None and ("lead" in changes or "support" in changes):
        _publish_assigned(session, task.document_id)
    return task


def _new_task(session: Session, principal: Principal, document_id: str, draft: TaskDraft, origin: str,
              parent_id: str | None, assigned_on: date, sentence: str = "") -> Task:
    task = Task(document_id=document_id, origin=origin, confirmed=True, confirmed_by=principal.username,
                touched=True, action=draft.action, sentence=sentence, recurrence=draft.recurrence,
                deadline=_first_deadline(draft.deadline, draft.recurrence, assigned_on),
                parent_id=parent_id, assigned_on=assigned_on, state=State.open, deadline_changes=[])
    task.original_deadline = task.deadline
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
    _send(session, task)
    return task


def split(session: Session, principal: Principal, task: Task, parts: list[TaskDraft]) -> list[Task]:
    _check_actor(principal, task, Action.split)
    _transition(task, Action.split)
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
    for child in created:
        _send(session, child)
    return created


def merge(session: Session, principal: Principal, tasks: list[Task], draft: TaskDraft | None) -> Task:
    _check_editor(principal)
    if len({t.id for t in tasks}) < 2:
        raise VanbanError("invalid_merge", "Cần ít nhất hai nhiệm vụ để gộp.", http_status=422)
    if len({t.document_id for t in tasks}) != 1:
        raise VanbanError("invalid_merge", "Chỉ gộp được các nhiệm vụ của cùng một văn bản.", http_status=422)
    for t in tasks:
        _transition(t, Action.merge)
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
    _send(session, merged)
    return merged


# --- meetings, packs, reports --------------------------------------------------------------------------------------------


def create_meeting(session: Session, principal: Principal, title: str, meeting_date: date, chair: str | None,
                   unit_ids: list[str], series: str, previous_id: str | None, next_date: date | None,
                   level: int = 0, audience: str = "internal") -> Meeting:
    _check_editor(principal)
    if level > principal.clearance:
        raise VanbanError("invalid_level", "Không thể tạo cuộc họp có độ mật cao hơn mức được phép của bạn.",
                          http_status=422)
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
                      previous_id=prev.id if prev else None, next_date=next_date, created_by=principal.username,
                      level=level, audience=audience)
    meeting.units = [MeetingUnit(unit_id=uid) for uid in dict.fromkeys(unit_ids)]
    session.add(meeting)
    session.flush()
    return meeting


def list_meetings(session: Session, scope: Scope, offset: int, limit: int,
                  series: str | None = None) -> tuple[int, list[Meeting]]:
    stmt = select(Meeting).where(meeting_clause(scope))
    if series:
        stmt = stmt.where(Meeting.series == series)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Meeting.meeting_date.desc(), Meeting.id).offset(offset).limit(limit))
    return total, list(rows)


def get_meeting(session: Session, scope: Scope, meeting_id: str) -> Meeting:
    meeting = session.scalar(select(Meeting).where(Meeting.id == meeting_id, meeting_clause(scope)))
    if meeting is None:
        raise not_found("Cuộc họp")
    return meeting


def visible_conclusion(session: Session, scope: Scope, meeting: Meeting) -> str | None:
    """The conclusion notice's id, only for those who may see that document."""
    doc_id = meeting.conclusion_document_id
    if doc_id is None:
        return None
    seen = session.scalar(select(TrackedDocument.document_id).where(TrackedDocument.document_id == doc_id,
                                                                    document_clause(scope)))
    return doc_id if seen else None


def meeting_dates(session: Session, meeting: Meeting) -> tuple[date | None, date]:
    prev = session.get(Meeting, meeting.previous_id) if meeting.previous_id else None
    nxt = meeting.next_date or session.scalar(
        select(func.min(Meeting.meeting_date)).where(Meeting.series == meeting.series,
                                                     Meeting.meeting_date > meeting.meeting_date))
    if nxt is None:
        nxt = meeting.meeting_date + timedelta(days=get_briefing_settings().briefing_meeting_interval_days)
    return (prev.meeting_date if prev else None), nxt


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
                           t.original_deadline or t.deadline, deadline_changes(t), t.document.level, t.review_on)


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


def set_conclusion(session: Session, principal: Principal, scope: Scope, meeting: Meeting,
                   document_id: str | None) -> Meeting:
    """Link the meeting's conclusion notice; its tasks (synced when it was ingested) are reviewed next time.
    Relinking needs access to both documents: the one linked now and the one it replaces."""
    _check_editor(principal)
    for doc_id in {document_id, meeting.conclusion_document_id} - {None}:
        if session.scalar(select(TrackedDocument.document_id).where(
                TrackedDocument.document_id == doc_id, document_clause(scope))) is None:
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



# --- the clerk's review queue: proposed tasks and proposed unit names -------------------------------------------


def review_queue(session: Session, principal: Principal, scope: Scope, offset: int,
                 limit: int) -> tuple[int, list[Task]]:
    """Proposals not yet confirmed (not sent to any unit), oldest document first."""
    _check_editor(principal)
    return list_tasks(session, scope, TaskFilter(sent=False), today(), offset, limit)


@dataclass
class UnitProposal:
    key: str
    name: str
    tasks: int


def unit_proposals(session: Session, principal: Principal, scope: Scope) -> list[UnitProposal]:
    """Unit names extraction found that are not in the directory, with how many visible tasks name them."""
    _check_editor(principal)
    rows = session.execute(
        select(TaskUnit.unit_key, func.min(TaskUnit.name), func.count(func.distinct(Task.id)))
        .join(Task, Task.id == TaskUnit.task_id).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
        .where(TaskUnit.unit_id.is_(None), task_clause(scope), Task.state.notin_([s.value for s in INACTIVE_STATES]))
        .group_by(TaskUnit.unit_key).order_by(TaskUnit.unit_key)).all()
    return [UnitProposal(k, n, c) for k, n, c in rows]


def accept_unit(session: Session, principal: Principal, name: str) -> Unit:
    """A clerk accepts a proposed unit name into the directory: the tasks naming it reach its inbox."""
    _check_editor(principal)
    key = unit_key(name)
    if not key or len(key) > 255:
        raise VanbanError("invalid_unit", "Tên đơn vị không hợp lệ.", http_status=422)
    unit = ensure_unit(session, name)
    for tu in session.scalars(select(TaskUnit).where(TaskUnit.unit_key == key)):
        tu.unit_id, tu.name = unit.id, unit.name
    for task in session.scalars(select(Task).where(Task.lead_unit_key == key)):
        task.lead_unit_id, task.lead_name = unit.id, unit.name
    session.flush()
    return unit
