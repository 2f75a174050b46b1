"""Tasks: the clerk's review queue, a department's inbox, one task and its follow-up, the leader's overview,
meetings and packs. Every action calls the briefing API's own route function (which applies the briefing
service's role and unit checks, writes the history and queues notifications) inside a CSRF-checked POST."""
from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from services.briefing import api as briefing_api
from services.briefing import service as briefing
from services.briefing import unit_directory
from services.briefing.domain import INACTIVE_STATES, Action, every_local_body_kinds, is_local_body_of
from services.briefing.errors import BriefingError
from services.briefing.models import Task, TrackedDocument
from services.briefing.permissions import roles_for
from services.briefing.schemas import (
    AttachmentIn,
    CompletionIn,
    DeclineIn,
    EndIn,
    ExtensionDecisionIn,
    ExtensionIn,
    HandlerIn,
    MeetingCreate,
    MergeIn,
    NoteIn,
    ProgressIn,
    ReopenIn,
    ReturnIn,
    SplitIn,
    TaskDraftIn,
    TaskEdit,
)
from services.briefing.settings import get_briefing_settings
from services.core.auth.models import User as Account
from services.core.auth.policy import Principal
from services.core.db import refused
from services.core.errors import VanbanError
from services.ingest.public import document_recall, visible_clause
from services.search import api as search_api
from services.vntext.units import merged_into
from services.web.deps import EDITORS, UNIT_ROLES, SessionDep, User, checked_form, need, scope, text, texts
from services.web.errors import PageError
from services.web.render import flash, page, parse_date, redirect, url
from services.web.session import safe_next

router = APIRouter()

FIELD_LABELS = {"text": "Nội dung", "reason": "Lý do", "new_deadline": "Thời hạn mới", "note": "Ghi chú",
                "percent": "Tỷ lệ hoàn thành", "action": "Nội dung nhiệm vụ", "lead": "Đơn vị chủ trì",
                "support": "Đơn vị phối hợp", "parts": "Các phần", "task_ids": "Nhiệm vụ", "title": "Tên cuộc họp",
                "meeting_date": "Ngày họp", "attachments": "Tệp đính kèm", "filename": "Tên tệp",
                "deadline": "Thời hạn", "completed_on": "Ngày hoàn thành", "new_password": "Mật khẩu mới (ít nhất 8 ký tự)",
                "instruction": "Ý kiến chỉ đạo", "signer_name": "Người ký", "signer_title": "Chức vụ"}


def validation_message(exc: ValidationError) -> str:
    fields = []
    for err in exc.errors():
        for part in err.get("loc", ()):
            label = FIELD_LABELS.get(str(part))
            if label and label not in fields:
                fields.append(label)
    return "Thông tin chưa hợp lệ hoặc còn thiếu" + (f": {', '.join(fields)}." if fields else ".")


def _date(form: FormData, name: str) -> date | None:
    try:
        return parse_date(text(form, name))
    except ValueError as exc:
        label = FIELD_LABELS.get(name, "Ngày")
        raise PageError.invalid_date(label=label) from exc


async def _act(request: Request, session: Session, me: Principal, default_back: str,
               action: Callable[[FormData], Any], done: str | Callable[[], str | tuple[str, str]],
               done_back: str | None = None,
               roles: tuple[str, ...] = ()) -> Response:
    """Run one action of a CSRF-checked form; flash its outcome (a Vietnamese message, or a function saying it once
    the action ran) and go back (to `done_back` once done, when the page left behind is no longer the user's).
    `roles`: who may do it, declared by the route — checked before the action reads or holds anything."""
    form = await checked_form(request, me)
    back = safe_next(text(form, "back")) if text(form, "back") else default_back
    try:
        if roles:
            need(me, *roles)
        result = action(form)
        if hasattr(result, "__await__"):
            await result
        done = done() if callable(done) else done
        level = "ok"
        if isinstance(done, tuple):  # (message, level): an action that partly failed says so ("warn")
            done, level = done
        uncleared = getattr(result, "uncleared_units", None)
        unreached = getattr(result, "unreached_units", None)
        if unreached:  # nobody is there: no account, no e-mail or webhook (a unit merged away, or not set up)
            flash(request, f"{done} Lưu ý: “{'”, “'.join(unreached)}” chưa có tài khoản, thư điện tử hay webhook nào "
                           "nên chưa ai nhận được nhiệm vụ — nếu đơn vị đã sáp nhập, sửa nhiệm vụ giao cho đơn vị tiếp "
                           "nhận; nếu không, đề nghị quản trị tạo tài khoản cho đơn vị.", "warn")
        elif uncleared:  # a secret document: say whom it does not reach
            flash(request, f"{done} Lưu ý: văn bản có độ mật; “{'”, “'.join(uncleared)}” chưa có tài khoản nào được "
                           "phép đọc văn bản ở mức này nên chưa xem được nhiệm vụ — đề nghị quản trị cấp quyền.", "warn")
        else:
            flash(request, done, level)
        back = done_back or back
    except ValidationError as exc:
        refused(session)
        flash(request, validation_message(exc), "error")
    except VanbanError as exc:
        refused(session)
        flash(request, exc.message, "error")
    return redirect(back)


def _who(action: Action) -> tuple[str, ...]:
    """The roles that may take a step of the task workflow — the API route's own rule (`permissions.may`), declared
    on the page's route too, so it is checked before the task is read or held (SECURITY.md 83, 94)."""
    return tuple(sorted(roles_for(action)))


def _units(session: Session, me: Principal) -> list[Any]:
    return briefing.list_units(session, me)


# --- the clerk's review queue ----------------------------------------------------------------------------------


PROPOSAL_CAP = 100


@router.get("/review")
def review_page(request: Request, session: SessionDep, me: User, page_no: int = 1) -> Response:
    need(me, *EDITORS)
    size = 25
    page_no = max(1, page_no)
    sc = scope(me)
    result = briefing_api.review_queue(session, me, sc, offset=(page_no - 1) * size, limit=size)
    # unit names not yet in the directory, each with how many tasks name it ("over 100" is enough to decide)
    proposals = briefing.unit_proposals(session, me, sc, cap=PROPOSAL_CAP)
    groups: dict[str, dict[str, Any]] = {}
    for t in result.items:
        g = groups.setdefault(t.document.id, {"document": t.document, "tasks": []})
        g["tasks"].append(t)
    units = _units(session, me)
    each = {t.id: _local_bodies(units, t.lead) for t in result.items}  # "UBND các xã, phường": each one listed
    return page(request, "review.html", me, result=result, groups=list(groups.values()), page_no=page_no,
                pages=max(1, (result.total + size - 1) // size), units=units, proposals=proposals,
                each={k: v for k, v in each.items() if len(v) >= 2},
                merged={t.id: found for t in result.items if (found := _merged(t.lead, *t.support))})


def _merged(*names: str) -> list[Any]:
    """The units a task names that the 2025 reorganisation merged into another (a 2024 directive's "Sở Kế hoạch và
    Đầu tư"): the clerk reads where the work went before confirming a task for a unit that no longer exists."""
    return [m for m in dict.fromkeys(merged_into(n) for n in names if n) if m is not None]


def _local_bodies(units: list[Any], collective: str) -> list[str]:
    """The directory's people's committees of the kinds of place a collective lead names ("UBND các xã, phường")."""
    kinds = every_local_body_kinds(collective)
    return sorted(u.name for u in units if kinds and is_local_body_of(u.name, kinds)) if kinds else []


@router.post("/tasks/{task_id}/to-each")
async def task_to_each(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    """A task for "UBND các xã, phường" goes to each commune and ward of the directory: one part each, sent at once
    (the split of the review page, its parts listed by the directory rather than typed)."""
    count: dict[str, int] = {}

    def run(_form: FormData) -> None:
        need(me, *EDITORS)  # declared before anything is read or held (SECURITY.md 83)
        task = briefing.get_task(session, scope(me), task_id, hold=True, hold_document="update")  # a split (120)
        names = _local_bodies(_units(session, me), task.lead_name)
        if len(names) < 2:
            raise BriefingError.invalid_split()
        support = [n for n in task.support_names or [] if not every_local_body_kinds(n)]
        briefing.split(session, me, task, [briefing.TaskDraft(action=task.action, lead=n, support=support,
                                                              deadline=task.deadline, recurrence=task.recurrence)
                                           for n in names])
        count["n"] = len(names)

    return await _act(request, session, me, url("/review"), run,
                      lambda: f"Đã giao nhiệm vụ cho từng đơn vị: {count['n']} xã, phường trong danh mục, mỗi đơn vị "
                              "một nhiệm vụ.")


@router.post("/units/proposals/accept")
async def unit_accept(request: Request, session: SessionDep, me: User) -> Response:
    from services.briefing.schemas import UnitAcceptIn

    return await _act(request, session, me, url("/review"),
                      lambda f: briefing_api.accept_unit(UnitAcceptIn(name=text(f, "name")), session, me),
                      "Đã thêm đơn vị vào danh mục; các nhiệm vụ nêu tên đơn vị này đã đến hộp nhiệm vụ của đơn vị.")


def _draft(form: FormData, suffix: str = "") -> TaskDraftIn:
    return TaskDraftIn(action=text(form, "action" + suffix), lead=text(form, "lead" + suffix),
                       support=texts(form, "support" + suffix), deadline=_date(form, "deadline" + suffix))


@router.post("/tasks/{task_id}/confirm")
async def task_confirm(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, url("/review"),
                      lambda f: briefing_api.confirm_task(task_id, session, me, scope(me)), "Đã xác nhận nhiệm vụ.",
                      roles=EDITORS)


@router.post("/tasks/{task_id}/edit")
async def task_edit(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> Any:
        changes: dict[str, Any] = {"action": text(form, "action") or None, "lead": text(form, "lead") or None,
                                   "support": texts(form, "support"), "deadline": _date(form, "deadline")}
        body = TaskEdit(**changes)
        # read through the policy first: a hidden task answers as a missing one, whatever units the form names
        # (its own units counted as known told a name it holds, SECURITY.md 78)
        current = briefing.get_task(session, scope(me), task_id)
        already = [current.lead_name, *(current.support_names or [])]
        new = unit_directory.not_in_directory(session, [changes["lead"] or "", *changes["support"]], already)
        if new and not text(form, "new_units"):  # a typo must not add a unit: the clerk says so
            raise BriefingError.units_not_in_directory(names="”, “".join(new))
        sent = current.sent_at is not None
        try:
            result = briefing_api.edit_task(task_id, body, session, me, scope(me))
        except VanbanError as exc:  # the API's message names its endpoint: on a page, name the form
            if exc.code == "deadline_locked":
                raise PageError.deadline_locked() from exc
            raise
        if sent:  # the units taken off a task they had: the clerk reads that they are told
            gone.extend(n for n in already if n and n not in {result.lead, *result.support})
        return result

    gone: list[str] = []

    def done() -> str:
        if not gone:
            return "Đã lưu và xác nhận nhiệm vụ."
        return (f"Đã lưu và xác nhận nhiệm vụ. “{'”, “'.join(gone)}” không còn được giao nhiệm vụ này: đơn vị được "
                "thông báo (nếu có địa chỉ nhận), báo cáo đơn vị đã gửi vẫn được lưu trong lịch sử và tài liệu giao ban.")

    return await _act(request, session, me, url("/review"), run, done, roles=EDITORS)


async def _note_act(request: Request, session: Session, me: Principal, back: str,
                    endpoint: Callable[..., Any], task_id: str, done: str, roles: tuple[str, ...] = ()) -> Response:
    """An action on a task whose only field is an optional note (dismiss, approve, refuse, accept)."""
    return await _act(request, session, me, back,
                      lambda f: endpoint(task_id, NoteIn(note=text(f, "note") or None), session, me, scope(me)), done,
                      roles=roles)


@router.post("/tasks/{task_id}/dismiss")
async def task_dismiss(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    outcome: list[Any] = []  # a task already sent is ended, not dismissed (its units are told): say which

    def run(form: FormData) -> None:
        outcome.append(briefing_api.dismiss_task(task_id, NoteIn(note=text(form, "note") or None), session, me,
                                                 scope(me)))

    def done() -> str:
        if outcome and getattr(outcome[0], "status", None) == "ended":
            return "Đã kết thúc nhiệm vụ; các đơn vị được giao đã được thông báo."
        return "Đã loại nhiệm vụ đề xuất."

    return await _act(request, session, me, url("/review"), run, done, roles=EDITORS)


@router.post("/tasks/{task_id}/split")
async def task_split(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> None:
        parts = [_draft(form, f"_{i}") for i in range(1, 6) if text(form, f"action_{i}")]
        briefing_api.split_task(task_id, SplitIn(parts=parts), session, me, scope(me))

    return await _act(request, session, me, url("/review"), run,
                      "Đã tách nhiệm vụ. Các phần đã được giao ngay cho đơn vị chủ trì của từng phần.", roles=EDITORS)


@router.post("/tasks/merge")
async def task_merge(request: Request, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, url("/review"),
                      lambda f: briefing_api.merge_tasks(MergeIn(task_ids=texts(f, "task_id")), session, me,
                                                         scope(me)),
                      "Đã gộp các nhiệm vụ đã chọn. Nhiệm vụ sau khi gộp đã được giao ngay cho đơn vị chủ trì.",
                      roles=EDITORS)


# --- a department's inbox ----------------------------------------------------------------------------------------

INBOX_GROUPS = ("overdue", "due_soon", "in_progress", "completed_late", "completed_on_time")


GROUP_LIMIT = 10  # rows per status on the inbox overview; "xem tất cả" pages through one status
PAGE_LIMIT = 25
RECALLED_DAYS = 30  # the inbox lists the unit's tasks withdrawn in the last 30 days
RECALLED_LIMIT = 20  # at most this many, the latest (the header says so when it is reached)
FOLDED = ("completed_late", "completed_on_time")  # counted on the overview, listed on their own page


@router.get("/inbox")
def inbox_page(request: Request, session: SessionDep, me: User, unit: str = "", role: str = "", status: str = "",
               page_no: int = 1, mine: str = "") -> Response:
    units = _units(session, me)
    if me.role in UNIT_ROLES:
        unit = me.unit_id or ""
    elif not unit and units:
        unit = units[0].id
    # "việc được phân công cho tôi": the unit's parts its head handed to this officer (unit roles only)
    handler = (me.user_id or "-") if mine and me.role in UNIT_ROLES else None
    mine = "1" if handler else ""
    role = role if role in ("lead", "support") else ""
    status = status if status in INBOX_GROUPS else ""
    page_no = max(1, page_no)
    groups = []
    pages = 1
    if unit:
        sc = scope(me)

        def fetch(st: str, offset: int, limit: int) -> Any:
            return briefing_api.unit_inbox(unit, session, me, sc, status=st, state=None, due_from=None, due_to=None,
                                           role=role or None, confirmed=None, as_of=None, offset=offset, limit=limit,
                                           mine=bool(handler))

        if status:  # one status, paged
            res = fetch(status, (page_no - 1) * PAGE_LIMIT, PAGE_LIMIT)
            groups.append({"status": status, "total": res.total, "tasks": res.items})
            pages = max(1, (res.total + PAGE_LIMIT - 1) // PAGE_LIMIT)
        else:  # the counts and the first rows of every listed status in one pass through the policy
            briefing.check_inbox_access(me, unit)
            briefing.get_unit(session, unit)  # an unknown unit is a 404, as in the API
            day = briefing.today()
            # "in time" lists the tasks in time that are not due soon (those are listed just above)
            listed = tuple("in_progress_later" if st == "in_progress" else st for st in INBOX_GROUPS
                           if st not in FOLDED)
            counts, first = briefing.inbox_overview(
                session, sc, briefing.TaskFilter(unit_id=unit, role=role or None, sent=True, handler_id=handler), day,
                listed, GROUP_LIMIT)
            counts["in_progress"] -= counts["due_soon"]
            for st in INBOX_GROUPS:
                found = first.get("in_progress_later" if st == "in_progress" else st, [])
                groups.append({"status": st, "total": counts[st],
                               "tasks": [briefing_api.task_out(t, day, me) for t in found]})
    unit_name = next((u.name for u in units if u.id == unit), "")
    withdrawn = []
    if unit and not status and not handler:  # gone from the groups above: the unit reads they are no longer to be done
        since = datetime.now(UTC) - timedelta(days=RECALLED_DAYS)
        withdrawn = [(t, briefing.reason_seen(session, scope(me), next(
                         (e.text for e in reversed(t.events) if e.kind in ("recalled", "ended")), None)))
                     for t in briefing.recently_recalled(session, scope(me), unit, since, RECALLED_LIMIT)]
    return page(request, "inbox.html", me, groups=groups, units=units, unit=unit, unit_name=unit_name, role=role,
                status=status, page_no=page_no, pages=pages, folded=FOLDED, withdrawn=withdrawn,
                recalled_days=RECALLED_DAYS, recalled_limit=RECALLED_LIMIT, mine=mine)


# --- one task -------------------------------------------------------------------------------------------------


@router.get("/tasks/{task_id}")
def task_page(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    task = briefing_api.get_task(task_id, session, scope(me), me)
    names = briefing.unit_names(session, {u.unit_id for u in task.units if u.unit_id})
    lead_ids = {u.unit_id for u in task.units if u.role == "lead"}
    mine = me.role == "admin" or (me.unit_id is not None and me.unit_id in {u.unit_id for u in task.units})
    # phân công xử lý: the unit's part handed to one officer — the others read who, the head may hand it on
    row = next((u for u in task.units if me.role in UNIT_ROLES and me.unit_id and u.unit_id == me.unit_id), None)
    handled_by_other = bool(row and row.handler_id and me.role == "unit_staff" and row.handler_id != me.user_id
                            and briefing.handler_in_force(session, task, row))  # one who left: no more (119)
    officers = _officers(session, me) if me.role == "unit_head" and row is not None and task.sent_at else []
    cited_by = search_api.later_documents(session, task.document.id, visible_clause(scope(me)))
    return page(request, "task.html", me, task=task, unit_names=names,
                is_unit_member=mine and me.role != "admin" and not handled_by_other, my_row=row, officers=officers,
                is_lead=me.role in UNIT_ROLES and me.unit_id in lead_ids, units=_units(session, me),
                is_leader=me.role in ("admin", "leader"), is_editor=me.role in EDITORS,
                today=briefing.today(), cited_by=cited_by, later_tasks=_later_tasks(session, me, cited_by),
                doc_recall=document_recall(session, task.document.id))


LATER_TASKS = 10  # tasks shown under each later document on a task's page


def _later_tasks(session: Session, me: Principal, cited_by: list[Any]) -> dict[str, list[Any]]:
    """The tasks the later documents (those citing this task's document, which the viewer reads) gave the units,
    as this viewer may see them: a ministry's request followed by the office, and the province's công văn giao việc
    that passed it on to the departments — the office reads on one page what each department has done."""
    day = briefing.today()
    out: dict[str, list[Any]] = {}
    for c in cited_by:
        _, rows = briefing.list_tasks(session, scope(me), briefing.TaskFilter(document_id=c.document_id, sent=True),
                                      day, 0, LATER_TASKS, count=False)
        if rows:
            out[c.document_id] = [briefing_api.task_out(t, day, me) for t in rows]
    return out


def _officers(session: Session, me: Principal) -> list[Any]:
    """The head's own unit's active officers, whom he may hand a task to."""
    return list(session.scalars(select(Account).where(Account.unit_id == me.unit_id, Account.disabled.is_(False),
                                                      Account.role.in_(UNIT_ROLES)).order_by(Account.username)))


@router.post("/tasks/{task_id}/handler")
async def task_handler(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> Any:
        return briefing_api.assign_handler(task_id, HandlerIn(username=text(form, "username"),
                                                              note=text(form, "note") or None), session, me, scope(me))

    return await _act(request, session, me, _task_back(task_id), run,
                      "Đã phân công cán bộ xử lý; nhiệm vụ có trong mục “Được phân công cho tôi” của cán bộ.",
                      roles=_who(Action.assign))


def _task_back(task_id: str) -> str:
    return url(f"/tasks/{task_id}")


@router.post("/tasks/{task_id}/acknowledge")
async def task_acknowledge(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, _task_back(task_id),
                      lambda f: briefing_api.acknowledge(task_id, session, me, scope(me)), "Đã tiếp nhận nhiệm vụ.",
                      roles=_who(Action.acknowledge))


MAX_FILES = 10


async def _attachments(form: FormData) -> list[AttachmentIn]:
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if len(files) > MAX_FILES:
        raise PageError.too_many_files(max_files=MAX_FILES)
    attachments = []
    for f in files:
        data = await f.read(briefing_api.MAX_ATTACHMENT_BYTES + 1)
        attachments.append(AttachmentIn(filename=f.filename or "tep", content_type=f.content_type,
                                        content_base64=base64.b64encode(data).decode()))
    return attachments


@router.post("/tasks/{task_id}/progress")
async def task_progress(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    async def run(form: FormData) -> None:
        attachments = await _attachments(form)
        percent = text(form, "percent")
        body = ProgressIn(text=text(form, "text"), percent=int(percent) if percent.isdigit() else None,
                          attachments=attachments)
        briefing_api.post_progress(task_id, body, session, me, scope(me))

    return await _act(request, session, me, _task_back(task_id), run, "Đã gửi báo cáo tiến độ.",
                      roles=_who(Action.progress))


@router.get("/tasks/{task_id}/attachments/{sha256}")
def task_attachment(request: Request, task_id: str, sha256: str, session: SessionDep, me: User) -> Response:
    return briefing_api.get_attachment(task_id, sha256, session, me, scope(me), request)


async def _deadline_act(request: Request, session: Session, me: Principal, task_id: str, schema: Callable[..., Any],
                        endpoint: Callable[..., Any], done: str, roles: tuple[str, ...]) -> Response:
    """A new deadline with its reason: asking an extension, re-assigning an overdue task."""
    def run(form: FormData) -> None:
        body = schema(new_deadline=_date(form, "new_deadline"), reason=text(form, "reason"))
        endpoint(task_id, body, session, me, scope(me))

    return await _act(request, session, me, _task_back(task_id), run, done, roles=roles)


@router.post("/tasks/{task_id}/extension")
async def task_extension(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _deadline_act(request, session, me, task_id, ExtensionIn, briefing_api.request_extension,
                               "Đã gửi đề nghị gia hạn.", _who(Action.request_extension))


@router.post("/tasks/{task_id}/extension/approve")
async def task_extension_approve(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    granted: list[date] = []

    def run(form: FormData) -> Any:  # to the date asked, or to the leader's own date (gia hạn đến ngày khác)
        body = ExtensionDecisionIn(note=text(form, "note") or None, new_deadline=_date(form, "new_deadline"))
        task = briefing_api.approve_extension(task_id, body, session, me, scope(me))
        granted.append(task.deadline)
        return task

    return await _act(request, session, me, _task_back(task_id), run,
                      lambda: f"Đã đồng ý gia hạn đến ngày {granted[0].strftime('%d/%m/%Y')}.",
                      roles=_who(Action.decide_extension))


@router.post("/tasks/{task_id}/extension/refuse")
async def task_extension_refuse(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _note_act(request, session, me, _task_back(task_id), briefing_api.refuse_extension, task_id,
                           "Đã trả lời không đồng ý gia hạn; đơn vị được báo lý do.", roles=_who(Action.decide_extension))


@router.post("/tasks/{task_id}/reassign")
async def task_reassign(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    from services.briefing.schemas import ReassignIn

    return await _deadline_act(request, session, me, task_id, ReassignIn, briefing_api.reassign,
                               "Đã giao lại thời hạn mới.", _who(Action.reassign))


@router.post("/tasks/{task_id}/complete")
async def task_complete(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    async def run(form: FormData) -> None:
        body = CompletionIn(completed_on=_date(form, "completed_on"), text=text(form, "text") or None,
                            attachments=await _attachments(form))
        briefing_api.report_completion(task_id, body, session, me, scope(me))

    return await _act(request, session, me, _task_back(task_id), run, "Đã báo cáo hoàn thành nhiệm vụ.",
                      roles=_who(Action.report_completion))


@router.post("/tasks/{task_id}/accept")
async def task_accept(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _note_act(request, session, me, _task_back(task_id), briefing_api.accept_completion, task_id,
                           "Đã xác nhận hoàn thành.", roles=_who(Action.accept_completion))


@router.post("/tasks/{task_id}/decline")
async def task_decline(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, _task_back(task_id),
                      lambda f: briefing_api.decline_task(task_id, DeclineIn(reason=text(f, "reason")), session, me,
                                                          scope(me)),
                      "Đã trả lại nhiệm vụ; văn thư sẽ giao cho đơn vị đúng chức năng.", done_back=url("/inbox"),
                      roles=_who(Action.decline))


@router.post("/tasks/{task_id}/reopen")
async def task_reopen(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, _task_back(task_id),
                      lambda f: briefing_api.reopen_task(task_id, ReopenIn(reason=text(f, "reason")), session, me,
                                                         scope(me)),
                      "Đã mở lại nhiệm vụ; đơn vị chủ trì được thông báo để tiếp tục thực hiện và báo cáo lại.",
                      roles=_who(Action.reopen))


@router.post("/tasks/{task_id}/carry-over")
async def task_carry_over(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, url("/review"),
                      lambda f: briefing_api.carry_over_task(task_id, session, me, scope(me)),
                      "Đã gộp vào nhiệm vụ đang theo dõi: đơn vị tiếp tục nhiệm vụ đó, với thời hạn mới nếu văn bản "
                      "giao thời hạn sau hơn.", roles=_who(Action.carry_over))


@router.post("/tasks/{task_id}/end")
async def task_end(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, _task_back(task_id),
                      lambda f: briefing_api.end_task(task_id, EndIn(reason=text(f, "reason")), session, me, scope(me)),
                      "Đã kết thúc nhiệm vụ; các đơn vị được thông báo không còn phải thực hiện.",
                      roles=_who(Action.end))


@router.post("/tasks/{task_id}/return")
async def task_return(request: Request, task_id: str, session: SessionDep, me: User) -> Response:
    return await _act(request, session, me, _task_back(task_id),
                      lambda f: briefing_api.return_completion(task_id, ReturnIn(note=text(f, "note")), session, me,
                                                               scope(me)), "Đã trả lại báo cáo hoàn thành.",
                      roles=_who(Action.return_completion))


# --- the leader's overview ----------------------------------------------------------------------------------------

LEADER_LIMIT = 15


@router.get("/leader")
def leader_page(request: Request, session: SessionDep, me: User) -> Response:
    need(me, *EDITORS)
    sc = scope(me)
    day = briefing.today()

    def tasks(status: str | None = None, state: str | None = None) -> list[Any]:
        _, rows = briefing.list_tasks(session, sc, briefing.TaskFilter(status=status, state=state), day, 0,
                                      LEADER_LIMIT, count=False)
        return [briefing_api.task_out(t, day, me) for t in rows]

    # the counts in one aggregate query; the lists only the rows shown (the same policy clause in every query)
    counts = briefing.task_counts(session, sc, briefing.TaskFilter(), day)
    overdue = SimpleNamespace(total=counts["overdue"], items=tasks(status="overdue"))
    due_soon = SimpleNamespace(total=counts["due_soon"], items=tasks(status="due_soon"))
    reported_total, _ = briefing.list_tasks(session, sc, briefing.TaskFilter(state="completion_reported"), day, 0, 0)
    reported = SimpleNamespace(total=reported_total, items=tasks(state="completion_reported"))
    # extension requests waiting for a decision: the briefing policy clause inside the query, like every list
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(briefing.visible_clause(sc), Task.extension_requested_to.isnot(None),
                   Task.state.notin_([s.value for s in INACTIVE_STATES]))
            .order_by(Task.deadline, Task.id).limit(LEADER_LIMIT))
    extensions = SimpleNamespace(total=counts["extension_requested"], items=[])
    if extensions.total:  # counted above; no column index to find them, so looked for only when there are some
        extensions.items = [briefing_api.task_out(t, day, me) for t in session.scalars(stmt)]
    return page(request, "leader.html", me, overdue=overdue, due_soon=due_soon, reported=reported,
                extensions=extensions, today=day, limit=LEADER_LIMIT,
                due_soon_days=get_briefing_settings().briefing_due_soon_days)


REPORT_LINES = 50  # lines of each category on screen; the DOCX and Excel have them all


@router.get("/report")
def report_page(request: Request, session: SessionDep, me: User, as_of: str = "", date_from: str = "",
                date_to: str = "", unit: str = "", recipient: str = "") -> Response:
    """Báo cáo tình hình thực hiện nhiệm vụ: the API's progress report (unit users get their own unit's) — its counts
    and the first lines of each category; the DOCX and Excel list every task."""
    day, start, end = _as_of(as_of), _as_of(date_from), _as_of(date_to)
    unit_id = unit or None
    if me.role in UNIT_ROLES:
        if unit_id and unit_id != me.unit_id:
            briefing.check_inbox_access(me, unit_id)
        unit_id = me.unit_id or "-"
    elif unit_id:
        briefing.get_unit(session, unit_id)
    report = briefing.report_view(session, scope(me), day or briefing.today(), start, end, unit_id, REPORT_LINES)
    _audit_view(request, session, me, "progress_report", unit_id, report.as_of)
    names = {u.unit.id: u.unit.name for u in report.units}
    # the counts are the lead unit's (QĐ 42); a unit also reads the tasks it only cooperates on, apart
    cooperating = None
    if unit_id and unit_id != "-":
        cooperating = briefing_api.unit_inbox(unit_id, session, me, scope(me), status=None, state=None, due_from=None,
                                              due_to=None, role="support", confirmed=None, as_of=None, offset=0,
                                              limit=REPORT_LINES)
    return page(request, "report.html", me, report=report, units=_units(session, me), unit=unit,
                unit_name=names.get(unit, ""), date_from=start, date_to=end, limit=REPORT_LINES,
                cooperating=cooperating, recipient=recipient[:255])


def _audit_view(request: Request, session: Session, me: Principal, kind: str, object_id: str | None,
                as_of: date) -> None:
    """Seeing a pack or a report on screen is audited like its export (committed with the request)."""
    from services.core.auth.deps import client_of
    from services.core.auth.service import audit

    audit(session, me, "export", kind, object_id, {"format": "html", "as_of": str(as_of)}, client=client_of(request))


@router.get("/report.xlsx")
def report_xlsx(request: Request, session: SessionDep, me: User, as_of: str = "", date_from: str = "",
                date_to: str = "", unit: str = "") -> Response:
    return briefing_api.progress_report_xlsx(session, me, scope(me), request, as_of=_as_of(as_of),
                                             date_from=_as_of(date_from), date_to=_as_of(date_to),
                                             unit_id=unit or None)


@router.get("/report.docx")
def report_docx(request: Request, session: SessionDep, me: User, as_of: str = "", date_from: str = "",
                date_to: str = "", unit: str = "", recipient: str = "") -> Response:
    return briefing_api.progress_report_docx(session, me, scope(me), request, as_of=_as_of(as_of),
                                             date_from=_as_of(date_from), date_to=_as_of(date_to),
                                             unit_id=unit or None, recipient=[recipient] if recipient else None)


# --- meetings and packs -------------------------------------------------------------------------------------------


@router.get("/meetings")
def meetings_page(request: Request, session: SessionDep, me: User, page_no: int = 1) -> Response:
    size = 20
    page_no = max(1, page_no)
    result = briefing_api.list_meetings(session, me, scope(me), series=None, offset=(page_no - 1) * size,
                                        limit=size)
    return page(request, "meetings.html", me, result=result, units=_units(session, me), page_no=page_no,
                pages=max(1, (result.total + size - 1) // size), can_schedule=me.role in EDITORS)


@router.post("/meetings")
async def meeting_create(request: Request, session: SessionDep, me: User) -> Response:
    created: dict[str, str] = {}

    def run(form: FormData) -> None:
        body = MeetingCreate(title=text(form, "title"), meeting_date=_date(form, "meeting_date"),  # type: ignore[arg-type]
                             chair=text(form, "chair") or None, unit_ids=texts(form, "unit_id"),
                             next_date=_date(form, "next_date"))
        created["id"] = briefing_api.create_meeting(body, session, me).id

    response = await _act(request, session, me, url("/meetings"), run, "Đã lên lịch cuộc họp giao ban.")
    return redirect(url(f"/meetings/{created['id']}")) if "id" in created else response


def _as_of(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise PageError.invalid_review_date() from exc


PACK_LINES = 10  # lines of each list of each unit on screen; the DOCX and Excel have them all


@router.get("/meetings/{meeting_id}")
def meeting_page(request: Request, meeting_id: str, session: SessionDep, me: User, as_of: str = "") -> Response:
    day = _as_of(as_of)
    sc = scope(me)
    meeting = briefing.get_meeting(session, sc, meeting_id)  # 404 unless the policy lets this user see it
    pack = briefing.pack_view(session, sc, meeting, day or briefing.today(), limit=PACK_LINES)
    _audit_view(request, session, me, "meeting_pack", meeting_id, pack.as_of)
    return page(request, "meeting.html", me, meeting=meeting, pack=pack, as_of=day, limit=PACK_LINES)


@router.get("/meetings/{meeting_id}/pack.xlsx")
def meeting_xlsx(request: Request, meeting_id: str, session: SessionDep, me: User, as_of: str = "") -> Response:
    return briefing_api.get_pack_xlsx(meeting_id, session, me, scope(me), request, _as_of(as_of))


@router.get("/meetings/{meeting_id}/pack.docx")
def meeting_docx(request: Request, meeting_id: str, session: SessionDep, me: User, as_of: str = "") -> Response:
    return briefing_api.get_pack_docx(meeting_id, session, me, scope(me), request, _as_of(as_of))
