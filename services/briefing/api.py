"""HTTP API of the briefing service: inboxes, follow-up, meetings, packs and progress reports. Thin: the work is in
`service` (queries through the access policy, follow-up rules), `domain` (pure) and `render` (DOCX)."""
from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session, object_session

from services.briefing import domain, render, service, sync, unit_directory
from services.briefing.access import REASON_EVENTS, event_seen, joined_seen, reason_seen, report_sight
from services.briefing.errors import BriefingError
from services.briefing.models import Meeting, Task
from services.briefing.permissions import (
    Admin,
    MayAcceptCompletion,
    MayAcceptUnit,
    MayAcknowledge,
    MayAddTask,
    MayAssign,
    MayCarryOver,
    MayConfirm,
    MayDecideExtension,
    MayDecline,
    MayDismiss,
    MayEdit,
    MayEnd,
    MayMerge,
    MayPostProgress,
    MayReassign,
    MayReopen,
    MayReportCompletion,
    MayRequestExtension,
    MayReturnCompletion,
    MayReview,
    MayScheduleMeetings,
    MaySeeProposedUnits,
    MaySplit,
    check_inbox_access,
    issues_as_unit,
    own_unit,
    sees_webhooks,
)
from services.briefing.schemas import (
    AttachmentIn,
    CompletionIn,
    ConclusionIn,
    ContributionOut,
    CountsOut,
    DeadlineChangeOut,
    DeclineIn,
    DirectiveOut,
    DocumentRef,
    EndIn,
    EventOut,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionOut,
    HandlerIn,
    MeetingCreate,
    MeetingOut,
    MergeIn,
    NoteIn,
    PackOut,
    PackUnitOut,
    ProgressIn,
    ReassignIn,
    RegisterCountsOut,
    RemindersOut,
    ReopenIn,
    ReportOut,
    ReturnIn,
    SplitIn,
    TaskCreate,
    TaskDetail,
    TaskDraftIn,
    TaskEdit,
    TaskLineOut,
    TaskOut,
    TaskUnitOut,
    UnitAcceptIn,
    UnitContacts,
    UnitOut,
    UnitProgressOut,
    UnitProposalOut,
    UnitRefOut,
)
from services.briefing.settings import get_briefing_settings
from services.core.auth.deps import CurrentPrincipal, CurrentScope, client_of
from services.core.auth.models import Unit
from services.core.auth.policy import Principal, scope_for
from services.core.auth.service import audit
from services.core.config import get_settings
from services.core.content_types import attachment_type
from services.core.schemas import ErrorResponse, Page
from services.core.storage import OriginalStore, sha256_hex
from services.core.web import SessionDep, flushed, not_found
from services.ingest.public import (
    LEAD_NOT_IN_DIRECTORY,
    LEAD_NOT_SPECIFIC,
    cited_documents,
    review_reasons,
)
from services.vntext.units import collective_unit_name

router = APIRouter(tags=["briefing"])

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse, "description": "Not logged in"},
    403: {"model": ErrorResponse, "description": "Not allowed for this role or unit"},
    404: {"model": ErrorResponse, "description": "No such object, or not visible to you"},
    409: {"model": ErrorResponse, "description": "Not possible in the task's current state"},
    422: {"model": ErrorResponse, "description": "Invalid request"},
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AsOf = Annotated[date | None, Query(description="Evaluate statuses on this day (default: today)")]
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


# --- serialisation ----------------------------------------------------------------------------------------------------


def _reasons(task: Task, collectives: list[str], declined: str | None) -> list[str]:
    """Why a task waits for the clerk: the unit that returned it and why, the extractor's doubts, then each general
    name to make specific (a vague lead the extractor already named as such is not said twice)."""
    reasons = review_reasons(task.lead_name, task.action, task.sentence, task.deadline)
    if task.lead_unit_id:  # a unit of the office's own directory (a district's "Phòng …"), whatever the shared one says
        # ("Công an huyện" in a district office's document is its district's police: one unit, named)
        reasons = [r for r in reasons if r not in (LEAD_NOT_IN_DIRECTORY, LEAD_NOT_SPECIFIC)]
    elif task.lead_name in collectives:  # a general name is said so below, not "not in the directory"
        reasons = [r for r in reasons if r != LEAD_NOT_IN_DIRECTORY]
    lead_said = any("chủ trì" in r for r in reasons)
    return [*([declined] if declined else []), *reasons,
            *(f"“{n}” là tên chung, cần nêu đơn vị cụ thể" for n in collectives if n == task.lead_name and not lead_said),
            # only cooperating: it does not stop the confirm (named on the task, no inbox) — the clerk reads so
            *(f"“{n}” là tên chung: xác nhận thì nhiệm vụ vẫn ghi “{n}” phối hợp nhưng không đến hộp nhiệm vụ nào; "
              "muốn các đơn vị nhận được, nêu tên từng đơn vị" for n in collectives if n != task.lead_name)]


def task_out(task: Task, as_of: date, principal: Principal | None = None, amends: Task | None = None) -> TaskOut:
    """`amends`: a task being followed that this proposal may only change (`service.amended_tasks`)."""
    flushed(task)
    completed = task.completed_on if task.state == domain.State.completed else None
    doc = task.document
    active = task.state not in domain.INACTIVE_STATES and task.sent_at is not None  # followed: in the inboxes
    # unsure, or naming a collective ("Các sở, ngành liên quan", "UBND các huyện") as its lead or a cooperating unit —
    # it cannot be confirmed with one: the clerk reviews it first, told which name to make specific
    collectives = [n for n in [task.lead_name, *(task.support_names or [])]
                   if n and collective_unit_name(n)]
    declined = _change_reason(task, principal, service.declined_note(task))  # a unit returned it: not its remit (136)
    declined = declined or (service.amendment_note(amends, task) if amends is not None else None)
    waits = task.sent_at is None and (sync.needs_review(task.confidence) or bool(collectives) or bool(declined))
    # the reports (words and files) only to the lead, the leaders and each cooperating unit its own (SECURITY.md 59)
    sight = report_sight(scope_for(principal), task)

    def seen(u: Any) -> bool:
        return sight.lead if u.role == "lead" else sight.contribution(u.unit_key)

    # an officer who left the unit (disabled, moved, no longer cleared) holds the part no more: it is the unit's again
    held = {u.unit_key: service.handler_in_force(object_session(task), task, u) for u in task.units if u.handler_id}

    return TaskOut(
        id=task.id, document=DocumentRef(id=doc.document_id, number=doc.number, doc_type=doc.doc_type,
                                         subject=doc.subject, issued_date=doc.issued_date, level=doc.level or 0),
        action=task.action, sentence=task.sentence, lead=task.lead_name, lead_unit_id=task.lead_unit_id,
        confidence=task.confidence, needs_review=waits,
        review_reasons=_reasons(task, collectives, declined) if waits else [],
        continues_task_id=amends.id if amends is not None else None,
        support=list(task.support_names or []),
        units=[TaskUnitOut(unit_id=u.unit_id, name=u.name, role=u.role,
                           progress_percent=task.progress_percent if u.role == "lead" else
                           u.progress_percent if seen(u) else 0,
                           progress_note=u.progress_note if seen(u) else None,
                           progress_at=u.progress_at if seen(u) else None,
                           attachments=list(u.attachments or []) if seen(u) else [],
                           handler=u.handler_name if seen(u) and held.get(u.unit_key) else None,
                           handler_id=u.handler_id if seen(u) and held.get(u.unit_key) else None,
                           former_handler=u.handler_name if seen(u) and u.handler_id and not held[u.unit_key]
                           else None)
               for u in sorted(task.units, key=lambda u: (u.role, u.name))],
        deadline=task.deadline, original_deadline=task.original_deadline, deadline_text=task.deadline_text,
        recurrence=task.recurrence, assigned_on=task.assigned_on, state=task.state,
        status=domain.status_of(task.state, task.deadline, completed, as_of, sent=task.sent_at is not None),
        due_soon=active and domain.is_due_soon(task.deadline, completed, as_of,
                                               get_briefing_settings().briefing_due_soon_days),
        days_late=domain.days_late(task.deadline, completed, as_of) if active else 0,
        progress_percent=task.progress_percent,
        completion_reported_on=task.completion_reported_on, completed_on=completed,
        extension_requested_to=task.extension_requested_to,
        extension_reason=_change_reason(task, principal, task.extension_reason) if sight.lead else None,
        origin=task.origin, confirmed=task.confirmed, parent_id=task.parent_id,
        my_role=service.my_role(task, principal) if principal else None, sent_at=task.sent_at,
        # a change's reason is the words of an extension request or a giao lại (LEAD_REPORT_EVENTS): the dates to all
        deadline_changes=[DeadlineChangeOut.model_validate(
            {**c, "reason": _change_reason(task, principal, c.get("reason"))} if sight.lead else {**c, "reason": None})
            for c in task.deadline_changes or []],
        progress_note=task.progress_note if sight.lead else None, review_on=task.review_on if active else None,
        review_due=bool(active and completed is None and task.deadline is None and task.review_on is not None
                        and task.review_on <= as_of))


def _change_reason(task: Task, principal: Principal | None, reason: str | None) -> str | None:
    """A deadline change's reason (the unit's request, or the leader's words of a re-assignment) as this viewer reads
    it: a document number above her clearance withheld (SECURITY.md 136)."""
    session = object_session(task)
    return reason_seen(session, scope_for(principal), reason) if session is not None and reason else reason


def task_detail(task: Task, principal: Principal | None = None) -> TaskDetail:
    base = task_out(task, service.today(), principal)
    session = object_session(task)
    actors = service.actor_names(session, task) if session is not None else {}
    viewer = scope_for(principal)
    sight = report_sight(viewer, task)
    history = []
    for e in task.events:
        text, detail = event_seen(sight, task, e.kind, e.text, dict(e.detail or {}))
        if session is not None and e.kind in ("carried_forward", "carried_to"):
            text, detail = joined_seen(session, viewer, e.kind, text, detail)
        if session is not None and e.kind in REASON_EVENTS:  # a free-text reason (SECURITY.md 130, 136)
            text = reason_seen(session, viewer, text)
        history.append(EventOut.model_validate(e).model_copy(
            update={"by": actors.get(e.id, e.username), "text": text, "detail": detail}))
    return TaskDetail(**base.model_dump(by_alias=True), history=history)


def meeting_out(m: Meeting, conclusion_document_id: str | None, previous_id: str | None) -> MeetingOut:
    """`conclusion_document_id` and `previous_id` as this viewer may see them (`visible_conclusion`,
    `visible_previous`)."""
    flushed(m)
    return MeetingOut(id=m.id, title=m.title, series=m.series, meeting_date=m.meeting_date, chair=m.chair,
                      unit_ids=[u.unit_id for u in m.units], previous_id=previous_id, next_date=m.next_date,
                      conclusion_document_id=conclusion_document_id, level=m.level, audience=m.audience)


def counts_out(c: domain.Counts) -> CountsOut:
    return CountsOut(total=c.total, completed_on_time=c.completed_on_time, completed_late=c.completed_late,
                     in_progress=c.in_progress, overdue=c.overdue, extended=c.extended,
                     completion_rate=c.completion_rate,
                     on_time_rate=c.on_time_rate)


def line_out(ln: domain.TaskLine) -> TaskLineOut:
    return TaskLineOut(id=ln.id, document_id=ln.document_id, document_number=ln.document_number, action=ln.action,
                       lead=ln.lead_name, support=list(ln.support_names), deadline=ln.deadline,
                       original_deadline=ln.original_deadline,
                       extensions=[ExtensionOut(kind=c.kind, from_date=c.from_date, to_date=c.to_date, on=c.on,
                                                days_late=c.days_late) for c in ln.extensions],
                       deadline_text=domain.deadline_text(ln.original_deadline, ln.extensions),
                       completed_on=ln.completed_on,
                       status="ended" if ln.ended_on else "returned" if ln.returned_note else ln.category.value,
                       days_late=ln.days_late, ended_on=ln.ended_on, ended_reason=ln.ended_reason,
                       returned_note=ln.returned_note,
                       progress_percent=ln.progress_percent, progress_note=ln.progress_note,
                       contributions=[ContributionOut(unit=c.unit, percent=c.percent, note=c.note, removed_on=c.removed_on)
                                      for c in ln.contributions], level=ln.level,
                       completion_reported_on=ln.reported_on, extension_requested_to=ln.extension_requested_to)


def directive_out(d: domain.DirectiveFact) -> DirectiveOut:
    return DirectiveOut(document_id=d.document_id, number=d.number, doc_type=d.doc_type, subject=d.subject,
                        issued_date=d.issued_date)


def docx_response(data: bytes, filename: str, media_type: str = DOCX) -> Response:
    return Response(content=data, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


# --- units and inboxes -------------------------------------------------------------------------------------------------


@router.get("/units", response_model=list[UnitOut], summary="Units (đơn vị); unit staff see their own",
            responses=ERRORS)
def list_units(session: SessionDep, principal: CurrentPrincipal) -> list[UnitOut]:
    return [unit_out(u, principal) for u in service.list_units(session, principal)]


def unit_out(unit: Unit, principal: Principal) -> UnitOut:
    """A unit as this viewer may see it: its webhook address for administrators only (`sees_webhooks`; every answer
    naming a unit goes through here — accepting a name the directory holds answers that unit: SECURITY.md, 47)."""
    out = UnitOut.model_validate(unit)
    return out if sees_webhooks(principal) else out.model_copy(update={"webhook_url": None})


@router.put("/units/{unit_id}/contacts", response_model=UnitOut, summary="Set a unit's e-mail and webhook (admin)",
            responses=ERRORS)
def set_contacts(unit_id: str, body: UnitContacts, session: SessionDep, principal: Admin) -> UnitOut:
    unit = unit_directory.set_contacts(session, principal, service.get_unit(session, unit_id), body)
    return UnitOut.model_validate(unit)


def _list(session: Session, scope, flt: service.TaskFilter, as_of: date | None, offset: int,  # type: ignore[no-untyped-def]
          limit: int, principal: Principal) -> Page[TaskOut]:
    day = as_of or service.today()
    total, rows = service.list_tasks(session, scope, flt, day, offset, limit)
    return Page[TaskOut](total=total, offset=offset, limit=limit,
                         items=[task_out(t, day, principal) for t in rows])


StatusQ = Annotated[str | None, Query(pattern="^(completed_on_time|completed_late|in_progress|overdue|due_soon|"
                                            "completed|review_due)$",
                                      description="QĐ 42 category on `as_of`, due_soon, or review_due (no deadline, "
                                      "periodic check due)")]
StateQ = Annotated[str | None, Query(pattern="^(open|acknowledged|in_progress|completion_reported|completed)$")]


@router.get("/units/{unit_id}/tasks", response_model=Page[TaskOut], summary="A unit's inbox", responses=ERRORS,
            description="Tasks the unit leads or supports, of documents you may see. Unit staff open only their own "
            "unit's inbox.")
def unit_inbox(
    unit_id: str, session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope,
    status: StatusQ = None, state: StateQ = None,
    due_from: Annotated[date | None, Query(description="Deadline on or after")] = None,
    due_to: Annotated[date | None, Query(description="Deadline on or before")] = None,
    role: Annotated[str | None, Query(pattern="^(lead|support)$")] = None,
    confirmed: bool | None = None, as_of: AsOf = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
    mine: Annotated[bool, Query(description="Only the tasks the unit's head handed to you (phân công xử lý)")] = False,
) -> Page[TaskOut]:
    check_inbox_access(principal, unit_id)
    service.get_unit(session, unit_id)
    flt = service.TaskFilter(status=status, state=state, due_from=due_from, due_to=due_to, confirmed=confirmed,
                             unit_id=unit_id, role=role, sent=True,
                             handler_id=(principal.user_id or "-") if mine else None)
    return _list(session, scope, flt, as_of, offset, limit, principal)


@router.get("/units/proposals", response_model=list[UnitProposalOut], responses=ERRORS,
            summary="Unit names extraction found that are not in the directory (clerk, leader)",
            description="A new unit name from extraction is a proposal: it enters the unit directory (and the "
            "inboxes) only when a clerk accepts it here or confirms a task naming it.")
def unit_proposals(session: SessionDep, principal: MaySeeProposedUnits, scope: CurrentScope) -> list[UnitProposalOut]:
    return [UnitProposalOut(key=p.key, name=p.name, tasks=p.tasks)
            for p in service.unit_proposals(session, principal, scope)]


@router.post("/units/proposals/accept", response_model=UnitOut, responses=ERRORS,
             summary="Accept a proposed unit into the directory (clerk, leader)")
def accept_unit(body: UnitAcceptIn, session: SessionDep, principal: MayAcceptUnit) -> UnitOut:
    unit = service.accept_unit(session, principal, body.name)
    audit(session, principal, "change", "unit", unit.id, {"accepted": unit.name})
    return unit_out(unit, principal)


@router.get("/tasks/review", response_model=Page[TaskOut], responses=ERRORS,
            summary="The clerk's review queue: proposed tasks not yet confirmed (clerk, leader)",
            description="With VANBAN_BRIEFING_SEND_ON=confirmation (default) these have reached no inbox yet; "
            "confirm, edit, split, merge or dismiss them. Order: the proposals extraction was unsure of first "
            "(`needs_review`: confidence under the review threshold), then the others; each part by deadline "
            "(none last), day given, place in the document. The order is total: paging with offset/limit neither "
            "repeats nor skips a proposal while the queue is unchanged.")
def review_queue(session: SessionDep, principal: MayReview, scope: CurrentScope,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                 limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[TaskOut]:
    total, rows = service.review_queue(session, principal, scope, offset, limit)
    day = service.today()
    amends = service.amended_tasks(session, rows, cited_documents(session, [t.document_id for t in rows]), scope)
    return Page[TaskOut](total=total, offset=offset, limit=limit,
                         items=[task_out(t, day, principal, amends.get(t.id)) for t in rows])


@router.get("/tasks", response_model=Page[TaskOut], summary="Tracked tasks (filters as the inbox)",
            responses=ERRORS)
def list_tasks(
    session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope,
    document_id: str | None = None, unit_id: str | None = None, status: StatusQ = None, state: StateQ = None,
    due_from: date | None = None, due_to: date | None = None, confirmed: bool | None = None, as_of: AsOf = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[TaskOut]:
    flt = service.TaskFilter(status=status, state=state, due_from=due_from, due_to=due_to, confirmed=confirmed,
                             document_id=document_id, unit_id=own_unit(principal, unit_id))
    return _list(session, scope, flt, as_of, offset, limit, principal)


@router.post("/tasks", response_model=TaskDetail, status_code=201, summary="Add a task to a document (clerk, leader)",
             responses=ERRORS)
def add_task(body: TaskCreate, session: SessionDep, principal: MayAddTask, scope: CurrentScope) -> TaskDetail:
    task = service.add_task(session, principal, scope, body.document_id, _draft(body))
    return task_detail(task, principal)


@router.post("/tasks/merge", response_model=TaskDetail, status_code=201, summary="Merge tasks of one document",
             responses=ERRORS)
def merge_tasks(body: MergeIn, session: SessionDep, principal: MayMerge, scope: CurrentScope) -> TaskDetail:
    # id order, their document first (it may write the document's units: SECURITY.md 120)
    held = {tid: service.get_task(session, scope, tid, hold=True, hold_document="update")
            for tid in sorted(set(body.task_ids))}
    tasks = [held[tid] for tid in dict.fromkeys(body.task_ids)]
    merged = service.merge(session, principal, tasks, _draft(body.result) if body.result else None)
    return task_detail(merged, principal)


@router.get("/tasks/{task_id}", response_model=TaskDetail, summary="One task with its history", responses=ERRORS)
def get_task(task_id: str, session: SessionDep, scope: CurrentScope, principal: CurrentPrincipal) -> TaskDetail:
    return task_detail(service.get_task(session, scope, task_id, include_inactive=True), principal)


def _draft(body: TaskDraftIn) -> service.TaskDraft:
    return service.TaskDraft(action=body.action, lead=body.lead, support=list(body.support), deadline=body.deadline,
                             recurrence=body.recurrence)


@router.patch("/tasks/{task_id}", response_model=TaskDetail, summary="Edit a task (clerk, leader); confirms it",
              responses=ERRORS)
def edit_task(task_id: str, body: TaskEdit, session: SessionDep, principal: MayEdit,
              scope: CurrentScope) -> TaskDetail:
    task = service.get_task(session, scope, task_id, hold=True, hold_document="update")  # may write its units (120)
    service.edit(session, principal, task, body.model_dump(exclude_unset=True))
    detail = task_detail(task, principal)
    detail.uncleared_units = service.units_without_clearance(session, task)
    detail.unreached_units = service.units_nobody_receives(session, task)
    return detail


@router.post("/tasks/{task_id}/confirm", response_model=TaskDetail, summary="Confirm a proposed task",
             responses=ERRORS)
def confirm_task(task_id: str, session: SessionDep, principal: MayConfirm, scope: CurrentScope) -> TaskDetail:
    task = service.confirm(session, principal, service.get_task(session, scope, task_id, hold=True,
                                                                 hold_document="update"))  # (SECURITY.md 120)
    detail = task_detail(task, principal)
    detail.uncleared_units = service.units_without_clearance(session, task)
    detail.unreached_units = service.units_nobody_receives(session, task)
    return detail


@router.post("/tasks/{task_id}/dismiss", response_model=TaskDetail, summary="Reject a proposed task",
             responses=ERRORS, description="A task already sent to its units is not dropped silently: it is ended "
             "as by POST /tasks/{id}/end (Kết thúc nhiệm vụ) — `note` is then required as the reason (422 "
             "`reason_required`) and the units are told.")
def dismiss_task(task_id: str, body: NoteIn, session: SessionDep, principal: MayDismiss,
                 scope: CurrentScope) -> TaskDetail:
    # a task already ended is no longer followed: read it too, so that a second click answers what is recorded
    task = service.get_task(session, scope, task_id, include_inactive=True, hold=True)
    before = len(task.events)
    service.dismiss(session, principal, task, body.note)
    if len(task.events) > before and task.events[-1].kind == "ended":  # a task already sent: ended, its units told
        audit(session, principal, "change", "task", task_id, {"ended": task.events[-1].text})
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/split", response_model=list[TaskDetail], status_code=201,
             summary="Split a task into parts", responses=ERRORS)
def split_task(task_id: str, body: SplitIn, session: SessionDep, principal: MaySplit,
               scope: CurrentScope) -> list[TaskDetail]:
    parts = service.split(session, principal, service.get_task(session, scope, task_id, hold=True,
                                                               hold_document="update"),  # (SECURITY.md 120)
                          [_draft(p) for p in body.parts])
    return [task_detail(p, principal) for p in parts]


@router.post("/tasks/{task_id}/acknowledge", response_model=TaskDetail, summary="The unit acknowledges the task",
             responses=ERRORS)
def acknowledge(task_id: str, session: SessionDep, principal: MayAcknowledge, scope: CurrentScope) -> TaskDetail:
    task = service.acknowledge(session, principal, service.get_task(session, scope, task_id, hold=True))
    return task_detail(task, principal)


def _attachments_store() -> OriginalStore:
    return OriginalStore(get_settings().data_dir / "attachments")


def _decoded(attachments: list[AttachmentIn]) -> tuple[list[dict[str, Any]], list[bytes]]:
    """Each attachment's bytes and what is kept of it, refused whole if one is not base64, empty or too large."""
    files: list[dict[str, Any]] = []
    decoded = []
    for a in attachments:
        try:
            data = base64.b64decode(a.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise BriefingError.attachment_not_base64(filename=a.filename) from exc
        if not data or len(data) > MAX_ATTACHMENT_BYTES:
            raise BriefingError.attachment_empty_or_large(filename=a.filename)
        decoded.append(data)
        # the uploader's type is not trusted: an allowed type the bytes agree with, else octet-stream
        files.append({"filename": a.filename, "content_type": attachment_type(a.content_type, data, a.filename),
                      "size": len(data), "sha256": sha256_hex(data)})  # what a retry of the same report is told by
    return files, decoded


def _store_on_last_event(task: Any, files: list[dict[str, Any]], decoded: list[bytes]) -> None:
    """Store the files (after the act was allowed) and list them, with their hashes, on the event it wrote."""
    if not files:
        return
    store = _attachments_store()
    for meta, data in zip(files, decoded, strict=True):
        meta["sha256"] = store.put(data)
    task.events[-1].detail = {**task.events[-1].detail, "attachments": files}


@router.post("/tasks/{task_id}/progress", response_model=TaskDetail, summary="Post progress (text, percent, files)",
             responses=ERRORS)
def post_progress(task_id: str, body: ProgressIn, session: SessionDep, principal: MayPostProgress,
                  scope: CurrentScope) -> TaskDetail:
    files, decoded = _decoded(body.attachments)  # before the task is held (SQLite: the database's write lock)
    task = service.get_task(session, scope, task_id, hold=True)
    service.post_progress(session, principal, task, body.text, body.percent, files)  # checks before storing
    _store_on_last_event(task, files, decoded)
    row = service.unit_row(task, principal)
    if row is not None:  # the unit's own contribution lists its files (with their hashes)
        row.attachments = [dict(f) for f in files]
    return task_detail(task, principal)


@router.get("/tasks/{task_id}/attachments/{sha256}", summary="Download an attachment of a progress report",
            response_class=Response, responses=ERRORS)
def get_attachment(task_id: str, sha256: str, session: SessionDep, principal: CurrentPrincipal,
                   scope: CurrentScope, request: Request) -> Response:
    task = service.get_task(session, scope, task_id, include_inactive=True)
    sight = report_sight(scope, task)
    for ev in task.events:  # a file of a report the viewer may not read is missing to it (SECURITY.md 59)
        _, detail = event_seen(sight, task, ev.kind, ev.text, dict(ev.detail or {}))
        for a in detail.get("attachments") or []:
            if a.get("sha256") == sha256:
                audit(session, principal, "download", "task_attachment", task_id, {"sha256": sha256},
                      client=client_of(request))
                return Response(content=_attachments_store().get(sha256),
                                media_type=a.get("content_type") or "application/octet-stream",
                                headers={"Content-Disposition":
                                         f"attachment; filename*=UTF-8''{quote(a.get('filename') or 'tep')}"})
    raise not_found("Tệp đính kèm")


@router.post("/tasks/{task_id}/extension", response_model=TaskDetail, summary="Ask for a deadline extension",
             responses=ERRORS)
def request_extension(task_id: str, body: ExtensionIn, session: SessionDep, principal: MayRequestExtension,
                      scope: CurrentScope) -> TaskDetail:
    task = service.request_extension(session, principal, service.get_task(session, scope, task_id, hold=True),
                                     body.new_deadline, body.reason)
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/extension/approve", response_model=TaskDetail, summary="Approve the extension (leader)",
             responses=ERRORS)
def approve_extension(task_id: str, body: ExtensionDecisionIn, session: SessionDep, principal: MayDecideExtension,
                      scope: CurrentScope) -> TaskDetail:
    task = service.decide_extension(session, principal, service.get_task(session, scope, task_id, hold=True), True,
                                     body.note, body.new_deadline)
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/extension/refuse", response_model=TaskDetail, summary="Refuse the extension (leader)",
             responses=ERRORS)
def refuse_extension(task_id: str, body: NoteIn, session: SessionDep, principal: MayDecideExtension,
                     scope: CurrentScope) -> TaskDetail:
    task = service.decide_extension(session, principal, service.get_task(session, scope, task_id, hold=True), False,
                                     body.note)
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/reassign", response_model=TaskDetail, responses=ERRORS,
             summary="Re-assign an overdue task with a new deadline and a reason (leader)",
             description="QĐ 42/2014: after the deadline no extension can be asked; the task is overdue until a "
             "leader re-assigns it. The original deadline and the days late stay in the record and the exports.")
def reassign(task_id: str, body: ReassignIn, session: SessionDep, principal: MayReassign,
             scope: CurrentScope) -> TaskDetail:
    task = service.reassign(session, principal, service.get_task(session, scope, task_id, hold=True), body.new_deadline,
                            body.reason)
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/complete", response_model=TaskDetail, summary="The lead unit reports completion",
             responses=ERRORS)
def report_completion(task_id: str, body: CompletionIn, session: SessionDep, principal: MayReportCompletion,
                      scope: CurrentScope) -> TaskDetail:
    files, decoded = _decoded(body.attachments)
    task = service.report_completion(session, principal, service.get_task(session, scope, task_id, hold=True),
                                     body.completed_on, body.text, files)
    _store_on_last_event(task, files, decoded)
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/accept", response_model=TaskDetail, summary="Accept the completion (leader)",
             description="A recurring task gets its next occurrence.", responses=ERRORS)
def accept_completion(task_id: str, body: NoteIn, session: SessionDep, principal: MayAcceptCompletion,
                      scope: CurrentScope) -> TaskDetail:
    # its document first, as every step that may write its units (a recurring task's next period: SECURITY.md 123,
    # as 117/120 — document then task, the recall's order) and reads its recall mark
    task = service.get_task(session, scope, task_id, hold=True, hold_document="update")
    service.accept_completion(session, principal, task, body.note)  # a recurring task: its next occurrence
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/decline", response_model=TaskDetail, responses=ERRORS,
             summary="Return a task that is not within the unit's remit (the lead unit), with the reason",
             description="Trả lại nhiệm vụ: the task leaves the units' inboxes and the counts and goes back to the "
             "review queue (`review_reasons` says which unit returned it and why); a clerk or leader then gives it "
             "to the right unit (PATCH) or sends it again (confirm).")
def decline_task(task_id: str, body: DeclineIn, session: SessionDep, principal: MayDecline,
                 scope: CurrentScope) -> TaskDetail:
    task = service.decline(session, principal, service.get_task(session, scope, task_id, hold=True,
                                                                 hold_document="update"), body.reason)  # (120)
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/return", response_model=TaskDetail, summary="Return the completion report (leader)",
             responses=ERRORS)
def return_completion(task_id: str, body: ReturnIn, session: SessionDep, principal: MayReturnCompletion,
                      scope: CurrentScope) -> TaskDetail:
    task = service.return_completion(session, principal, service.get_task(session, scope, task_id, hold=True),
                                     body.note)
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/handler", response_model=TaskDetail, responses=ERRORS,
             summary="Hand the unit's part of a task to one of its officers (unit head)",
             description="Phân công xử lý: the head (trưởng đơn vị) of a unit named on the task, lead or cooperating, "
             "hands the unit's part to an officer of the unit (`username`), with an optional note. The officer finds "
             "it in `GET /units/{id}/tasks?mine=true` and drafts the unit's reports; other officers of the unit no "
             "longer report on it (403), the head still may and may hand it to another. The history (`handler_assigned`) "
             "and the audit log record it; the same officer again changes nothing.")
def assign_handler(task_id: str, body: HandlerIn, session: SessionDep, principal: MayAssign,
                   scope: CurrentScope) -> TaskDetail:
    task = service.get_task(session, scope, task_id, hold=True)
    before = len(task.events)
    service.assign_handler(session, principal, task, body.username, body.note)
    if len(task.events) > before:  # not a retry of what is already recorded
        audit(session, principal, "change", "task", task_id, {"handler": task.events[-1].detail.get("handler")})
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/reopen", response_model=TaskDetail, responses=ERRORS,
             summary="Reopen a task accepted as done that was not (leader), with the reason",
             description="Mở lại nhiệm vụ: the task is followed again (in progress; overdue by its deadline once it "
             "has passed) and leaves the completed counts; the history keeps the reason and the date it had been "
             "completed on, the lead unit is told (notification `reopened`), the audit log records it. The unit "
             "reports completion again. Refused (409 `document_recalled`) for a task of a recalled document.")
def reopen_task(task_id: str, body: ReopenIn, session: SessionDep, principal: MayReopen,
                scope: CurrentScope) -> TaskDetail:
    task = service.get_task(session, scope, task_id, hold=True, hold_document="share")  # its document first (117)
    before = len(task.events)
    service.reopen(session, principal, task, body.reason)
    if len(task.events) > before:  # not a retry of what is already recorded
        audit(session, principal, "change", "task", task_id, {"reopened": task.events[-1].text})
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/end", response_model=TaskDetail, responses=ERRORS,
             summary="End a task already sent that is no longer to be done (clerk, leader), with the reason",
             description="Kết thúc nhiệm vụ — a later conclusion says so (\"Kết thúc nhiệm vụ … tại Thông báo số …\"): "
             "the task leaves the inboxes and the counts (state `dismissed`, never overdue, not completed); the "
             "reason stays in its history (`ended`) and its units are told (notification `ended`). A proposal not "
             "yet sent is dismissed instead.")
def end_task(task_id: str, body: EndIn, session: SessionDep, principal: MayEnd, scope: CurrentScope) -> TaskDetail:
    # an ended task is no longer followed: read it too, so that a second click answers what is recorded
    task = service.get_task(session, scope, task_id, include_inactive=True, hold=True)
    before = len(task.events)
    service.end(session, principal, task, body.reason)
    if len(task.events) > before:  # not a retry of what is already recorded
        audit(session, principal, "change", "task", task_id, {"ended": task.events[-1].text})
    return task_detail(task, principal)


@router.post("/tasks/{task_id}/carry-over", response_model=TaskDetail, responses=ERRORS,
             summary="A proposal that carries a followed task forward joins it (clerk, leader): the task followed",
             description="For a proposal whose `continues_task_id` is set (a later notice: \"Tiếp tục thực hiện nhiệm "
             "vụ tại Thông báo số …\", \"khẩn trương hoàn thành … đã quá hạn\"): the task followed gets the "
             "proposal's later deadline as a new one (its lead unit told) and a `carried_forward` event naming the "
             "notice — the next meeting's pack lists it with that notice's tasks; the proposal is dismissed, linked "
             "to it. Answers the task followed; again, the same. 409 `no_followed_task` otherwise.")
def carry_over_task(task_id: str, session: SessionDep, principal: MayCarryOver,
                    scope: CurrentScope) -> TaskDetail:
    proposal = service.get_task(session, scope, task_id, include_inactive=True, hold=True)
    done = next((e for e in reversed(proposal.events) if e.kind == "carried_to"), None)
    if done is not None and proposal.state == domain.State.dismissed:  # a second click: what is recorded
        return task_detail(service.get_task(session, scope, done.detail["task_id"], include_inactive=True), principal)
    cited = service.amended_tasks(session, [proposal], cited_documents(session, [proposal.document_id]),
                                  scope).get(proposal.id)
    if cited is None:
        raise BriefingError.nothing_to_carry()
    # read again under the hold: a task accepted as completed (or ended) meanwhile is no longer followed — it gets no
    # new deadline and its unit is not told of one
    cited = service.get_task(session, scope, cited.id, include_inactive=True, hold=True)
    if cited.sent_at is None or cited.state in domain.INACTIVE_STATES or cited.state == domain.State.completed:
        raise BriefingError.nothing_to_carry()
    return task_detail(service.carry_over(session, principal, proposal, cited), principal)


# --- meetings and packs ---------------------------------------------------------------------------------------------


@router.post("/meetings", response_model=MeetingOut, status_code=201, summary="Schedule a giao ban meeting",
             responses=ERRORS)
def create_meeting(body: MeetingCreate, session: SessionDep, principal: MayScheduleMeetings) -> MeetingOut:
    m = service.create_meeting(session, principal, body.title, body.meeting_date, body.chair, body.unit_ids,
                               body.series, body.previous_id, body.next_date, body.level, body.audience)
    audit(session, principal, "change", "meeting", m.id, {"created": body.title})
    return meeting_out(m, m.conclusion_document_id, m.previous_id)  # the previous: one she may see


@router.get("/meetings", response_model=Page[MeetingOut], summary="Meetings, latest first", responses=ERRORS)
def list_meetings(session: SessionDep, _: CurrentPrincipal, scope: CurrentScope, series: str | None = None,
                  offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                  limit: Annotated[int, Query(ge=1, le=200)] = 20) -> Page[MeetingOut]:
    total, rows = service.list_meetings(session, scope, offset, limit, series)
    return Page[MeetingOut](total=total, offset=offset, limit=limit,
                            items=[meeting_out(m, service.visible_conclusion(session, scope, m),
                                               service.visible_previous(session, scope, m)) for m in rows])


@router.get("/meetings/{meeting_id}", response_model=MeetingOut, summary="One meeting", responses=ERRORS)
def get_meeting(meeting_id: str, session: SessionDep, _: CurrentPrincipal, scope: CurrentScope) -> MeetingOut:
    m = service.get_meeting(session, scope, meeting_id)
    return meeting_out(m, service.visible_conclusion(session, scope, m), service.visible_previous(session, scope, m))


@router.put("/meetings/{meeting_id}/conclusion", response_model=MeetingOut,
            summary="Link the meeting's conclusion notice (clerk, leader)",
            description="Ingest the thông báo kết luận as any document: its tasks reach the inboxes. Linked here, "
            "they are reviewed, whoever leads them, in the pack of the next meeting of the series.",
            responses=ERRORS)
def set_conclusion(meeting_id: str, body: ConclusionIn, session: SessionDep, principal: MayScheduleMeetings,
                   scope: CurrentScope) -> MeetingOut:
    meeting = service.set_conclusion(session, principal, scope, service.get_meeting(session, scope, meeting_id),
                                     body.document_id)
    audit(session, principal, "change", "meeting", meeting_id, {"conclusion_document_id": body.document_id})
    return meeting_out(meeting, meeting.conclusion_document_id, service.visible_previous(session, scope, meeting))


def _pack(session: Session, scope, meeting_id: str, as_of: date | None) -> tuple[Meeting, domain.Pack]:  # type: ignore[no-untyped-def]
    meeting = service.get_meeting(session, scope, meeting_id)
    return meeting, service.build_pack(session, scope, meeting, as_of or service.today())


@router.get("/meetings/{meeting_id}/pack", response_model=PackOut, summary="The briefing pack (JSON)",
            responses=ERRORS)
def get_pack(meeting_id: str, session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope,
             request: Request, as_of: AsOf = None) -> PackOut:
    meeting, pack = _pack(session, scope, meeting_id, as_of)
    audit(session, principal, "export", "meeting_pack", meeting_id, {"format": "json", "as_of": str(pack.as_of)},
          client=client_of(request))
    return PackOut(
        meeting=meeting_out(meeting, service.visible_conclusion(session, scope, meeting),
                            service.visible_previous(session, scope, meeting)), level=pack.level,
        as_of=pack.as_of, previous_meeting_date=pack.previous_date,
        next_meeting_date=pack.next_date, totals=counts_out(pack.totals),
        previous_conclusion=[line_out(x) for x in pack.previous_conclusion],
        ended=[line_out(x) for x in pack.ended],
        units=[PackUnitOut(unit=UnitRefOut(id=s.unit.id, name=s.unit.name),
                           assigned_since=[line_out(x) for x in s.assigned_since],
                           completed_on_time=[line_out(x) for x in s.completed_on_time],
                           completed_late=[line_out(x) for x in s.completed_late],
                           overdue=[line_out(x) for x in s.overdue],
                           due_before_next=[line_out(x) for x in s.due_before_next],
                           directives=[directive_out(d) for d in s.directives], counts=counts_out(s.counts))
               for s in pack.units],
        registers=RegisterCountsOut(**vars(pack.registers)) if pack.registers else None)


def _header(principal: Principal, kind: str, subject: str, code: str, recipients: list[str],
            issued: date, level: int = 0) -> render.Header:
    """The header and signature from the settings (VANBAN_BRIEFING_ORG_PARENT, _ORG_NAME, _ORG_CODE, _PLACE,
    _SIGNER_TITLE, _SIGNER_NAME); a unit's own export is issued by the unit."""
    s = get_briefing_settings()
    if issues_as_unit(principal):  # the unit's abbreviation is the unit's to add
        parent, body, title, name = s.briefing_org_parent, principal.unit_name, "THỦ TRƯỞNG ĐƠN VỊ", ""
        number = f"Số:       /{code}"
    else:
        parent, body = s.briefing_org_parent, s.briefing_org_name
        title, name = s.briefing_signer_title, s.briefing_signer_name
        number = f"Số:       /{code}-{s.briefing_org_code}"
    return render.Header(parent_body=parent, body=body, number=number,
                         place=s.briefing_place, issued=issued, kind=kind, subject=subject, recipients=recipients,
                         # "Như trên" stands for the Kính gửi line: none without it
                         copies=[*(["- Như trên;"] if recipients else []), *[f"- {r};" for r in recipients[1:]],
                                 "- Lưu: VT."][:6],
                         signer_title=title, signer_name=name, level=level)


@router.get("/meetings/{meeting_id}/pack.docx", summary="The briefing pack (DOCX, NĐ 30/2020 layout)",
            response_class=Response, responses={200: {"content": {DOCX: {}}}, **ERRORS})
def get_pack_docx(meeting_id: str, session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope,
                  request: Request, as_of: AsOf = None) -> Response:
    meeting, pack = _pack(session, scope, meeting_id, as_of)
    level = max(pack.level, meeting.level)
    header = _header(principal, "Tài liệu", f"Phục vụ {meeting.title}", "TL", [], pack.as_of, level)
    data = render.render_pack(pack, header, meeting.title, meeting.chair)
    audit(session, principal, "export", "meeting_pack", meeting_id, {"format": "docx", "as_of": str(pack.as_of)},
          client=client_of(request))
    return docx_response(data, f"tai-lieu-giao-ban-{meeting.meeting_date.isoformat()}.docx")


@router.get("/meetings/{meeting_id}/pack.xlsx", summary="The briefing pack's tables (XLSX, to sort and filter)",
            response_class=Response, responses={200: {"content": {XLSX: {}}}, **ERRORS})
def get_pack_xlsx(meeting_id: str, session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope,
                  request: Request, as_of: AsOf = None) -> Response:
    meeting, pack = _pack(session, scope, meeting_id, as_of)
    pack.level = max(pack.level, meeting.level)
    data = render.xlsx_pack(pack, meeting.title)
    audit(session, principal, "export", "meeting_pack", meeting_id, {"format": "xlsx", "as_of": str(pack.as_of)},
          client=client_of(request))
    return docx_response(data, f"tai-lieu-giao-ban-{meeting.meeting_date.isoformat()}.xlsx", XLSX)


# --- progress report ----------------------------------------------------------------------------------------------------


def _report(session: Session, principal: Principal, scope, as_of: date | None, date_from: date | None,  # type: ignore[no-untyped-def]
            date_to: date | None, unit_id: str | None) -> tuple[domain.Report, str | None]:
    scoped = own_unit(principal, unit_id)  # unit roles: their own unit only
    if unit_id and scoped == unit_id:
        service.get_unit(session, unit_id)  # a unit named must exist
    unit_id = scoped
    return service.build_report(session, scope, as_of or service.today(), date_from, date_to, unit_id), unit_id


ReportParams = {
    "date_from": Query(None, description="Tasks assigned on or after"),
    "date_to": Query(None, description="Tasks assigned on or before (default: as_of)"),
}


@router.get("/reports/progress", response_model=ReportOut,
            summary="Báo cáo tình hình thực hiện nhiệm vụ (JSON)", responses=ERRORS)
def progress_report(session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope, request: Request,
                    as_of: AsOf = None, date_from: date | None = None, date_to: date | None = None,
                    unit_id: str | None = None) -> ReportOut:
    report, unit_id = _report(session, principal, scope, as_of, date_from, date_to, unit_id)
    audit(session, principal, "export", "progress_report", unit_id,
          {"format": "json", "as_of": str(report.as_of)}, client=client_of(request))
    cats = {c: [line_out(x) for x in report.by_category[c]] for c in domain.Category}
    return ReportOut(level=report.level, as_of=report.as_of, date_from=report.date_from, date_to=report.date_to, unit_id=unit_id,
                     totals=counts_out(report.totals),
                     units=[UnitProgressOut(unit=UnitRefOut(id=u.unit.id, name=u.unit.name),
                                            counts=counts_out(u.counts)) for u in report.units],
                     completed_on_time=cats[domain.Category.completed_on_time],
                     completed_late=cats[domain.Category.completed_late],
                     in_progress=cats[domain.Category.in_progress], overdue=cats[domain.Category.overdue],
                     returned=[line_out(x) for x in report.returned])


@router.get("/reports/progress.docx", summary="Báo cáo tình hình thực hiện nhiệm vụ (DOCX, NĐ 30/2020 layout)",
            response_class=Response, responses={200: {"content": {DOCX: {}}}, **ERRORS})
def progress_report_docx(
    session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope, request: Request, as_of: AsOf = None,
    date_from: date | None = None, date_to: date | None = None, unit_id: str | None = None,
    recipient: Annotated[list[str] | None, Query(max_length=10, description="Kính gửi (repeatable), e.g. "
                                                 "UBND tỉnh Nghệ An, Bộ Thông tin và Truyền thông")] = None,
) -> Response:
    report, unit_id = _report(session, principal, scope, as_of, date_from, date_to, unit_id)
    recipients = [r.strip()[:255] for r in (recipient or []) if r.strip()]
    header = _header(principal, "Báo cáo", "Tình hình thực hiện nhiệm vụ được giao", "BC", recipients,
                     report.as_of, report.level)
    data = render.render_report(report, header)
    audit(session, principal, "export", "progress_report", unit_id,
          {"format": "docx", "as_of": str(report.as_of), "recipients": recipients}, client=client_of(request))
    return docx_response(data, f"bao-cao-tinh-hinh-thuc-hien-nhiem-vu-{report.as_of.isoformat()}.docx")


@router.get("/reports/progress.xlsx", summary="Báo cáo tình hình thực hiện nhiệm vụ (XLSX, to sort and filter)",
            response_class=Response, responses={200: {"content": {XLSX: {}}}, **ERRORS})
def progress_report_xlsx(
    session: SessionDep, principal: CurrentPrincipal, scope: CurrentScope, request: Request, as_of: AsOf = None,
    date_from: date | None = None, date_to: date | None = None, unit_id: str | None = None,
) -> Response:
    report, unit_id = _report(session, principal, scope, as_of, date_from, date_to, unit_id)
    data = render.xlsx_report(report, "Báo cáo tình hình thực hiện nhiệm vụ")
    audit(session, principal, "export", "progress_report", unit_id, {"format": "xlsx", "as_of": str(report.as_of)},
          client=client_of(request))
    return docx_response(data, f"bao-cao-tinh-hinh-thuc-hien-nhiem-vu-{report.as_of.isoformat()}.xlsx", XLSX)


@router.post("/briefing/reminders", response_model=RemindersOut, responses=ERRORS,
             summary="Queue the daily reminders now (admin); each reminder is queued once and sent after the commit "
             "by the notification task")
def run_reminders(session: SessionDep, principal: Admin, as_of: AsOf = None) -> RemindersOut:
    from services.briefing.notify import queue_reminders

    queued = queue_reminders(session, as_of or service.today())  # → notification.queued → send (services/wiring.py)
    audit(session, principal, "change", "reminders", None, {"queued": queued})
    return RemindersOut(queued=queued)
