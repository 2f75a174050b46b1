"""The registers of the văn thư: sổ văn bản đến and đi — the list of registers, registering an incoming document,
the leader's routing, an outgoing document's workflow (draft → trình ký → ký → cấp số → phát hành → gửi, thu hồi),
and the registers printed as DOCX or Excel.

Every page calls the registry API's own route function, with the role its route declares
(`services.registry.roles`) checked first, and the logged-in user's principal and scope: the page sees and does
exactly what the API allows that user. Nothing here commits: the request's unit of work commits at its boundary."""
from __future__ import annotations

import imaplib
import threading
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from services.core.auth.policy import Principal
from services.core.db import refused
from services.core.errors import VanbanError
from services.registry import api as registry_api
from services.registry import incoming, intake, roles
from services.registry.domain import STATE_LABELS as OUT_STATE_LABELS
from services.registry.domain import OutState, Urgency
from services.registry.schemas import ActionIn, EntryEdit, RoutingIn
from services.registry.settings import get_registry_settings
from services.web.deps import SessionDep, User, checked_form, need, scope, text, texts
from services.web.errors import PageError
from services.web.pages_tasks import _act, _date, _units
from services.web.render import URGENCY_LABELS, flash, page, redirect, url

router = APIRouter()

PAGE_SIZE = 25
ENTRY_STATES = {"registered": "Đã vào sổ", "routed": "Đã chuyển xử lý", "handled": "Đã giải quyết",
                "recalled": "Đã thu hồi"}
# the registry's own names of the outgoing states (one copy: registry/domain.py), as a heading or a cell starts them
OUT_STATES = {state.value: label[0].upper() + label[1:] for state, label in OUT_STATE_LABELS.items()}
CHANNELS = {"upload": "Văn thư vào sổ", "folder": "Thư mục tiếp nhận", "email": "Thư điện tử",
            "internal": "Gửi nội bộ"}
ROUTING_ROLES = {"lead": "Chủ trì", "support": "Phối hợp", "info": "Để biết"}
DELIVERY_STATES = {"pending": "Chờ gửi", "sent": "Đã gửi", "delivered": "Đã nhận", "failed": "Gửi lỗi",
                   "recalled": "Đã thu hồi"}
OUT_EVENTS = {"draft": "Tạo dự thảo", "submit": "Trình ký", "return": "Trả lại dự thảo", "sign": "Ký",
              "cancel": "Hủy dự thảo", "number": "Cấp số", "issue": "Phát hành", "send": "Gửi",
              "recall": "Thu hồi", "deliver": "Chuyển đến nơi nhận"}
# the workflow's buttons: action → (label, the states it starts from); who may is roles.ACTIONS
STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "submit": ("Trình ký", (OutState.draft,)),
    "sign": ("Ký ban hành", (OutState.submitted,)),
    "number": ("Cấp số", (OutState.signed,)),
    "issue": ("Phát hành", (OutState.numbered,)),
    "send": ("Gửi", (OutState.issued, OutState.sent)),
    "recall": ("Thu hồi", (OutState.issued, OutState.sent)),
    "cancel": ("Hủy dự thảo", (OutState.draft, OutState.submitted, OutState.signed)),
}
# what the flash says once a step is done (not "Đã thực hiện: Gửi.")
STEP_DONE = {"submit": "Đã trình ký dự thảo.", "sign": "Đã ký ban hành văn bản.", "number": "Đã cấp số văn bản.",
             "issue": "Đã phát hành văn bản.", "send": "Đã gửi văn bản đến nơi nhận.", "recall": "Đã thu hồi văn bản.",
             "cancel": "Đã hủy dự thảo."}
DOC_TYPES = ("Công văn", "Quyết định", "Thông báo", "Kế hoạch", "Báo cáo", "Tờ trình", "Chỉ thị", "Giấy mời",
             "Hướng dẫn", "Chương trình", "Công điện", "Biên bản", "Nghị quyết")
LABELS = {"urgency_labels": URGENCY_LABELS, "entry_states": ENTRY_STATES, "out_states": OUT_STATES,
          "channels": CHANNELS, "routing_roles": ROUTING_ROLES, "delivery_states": DELIVERY_STATES,
          "out_events": OUT_EVENTS}


def _pages(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, (total + size - 1) // size)


def _int(form: FormData, name: str, label: str, low: int = 0, high: int = 100_000) -> int | None:
    value = text(form, name)
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise PageError.invalid_number(label=label, low=low, high=high)
    return int(value)


def _urgency(form: FormData) -> Urgency:
    try:
        return Urgency(text(form, "urgency") or "normal")
    except ValueError as exc:
        raise PageError.invalid_urgency() from exc


def _file(form: FormData) -> UploadFile:
    f = form.get("file")
    if not isinstance(f, UploadFile) or not f.filename:
        raise PageError.file_required()
    return f


def _clip(form: FormData, name: str, label: str, limit: int) -> str | None:
    value = text(form, name)
    if len(value) > limit:
        raise PageError.too_long(label=label, limit=limit)
    return value or None


# --- the registers --------------------------------------------------------------------------------------------------


@router.get("/registry")
def registers_page(request: Request, session: SessionDep, me: User, year: int | None = None) -> Response:
    need(me, *roles.READ_REGISTERS)
    if year is not None and not 1900 <= year <= 3000:
        year = None
    registers = registry_api.list_registers(session, me, scope(me), kind=None, year=year)
    years = sorted({r.year for r in registry_api.list_registers(session, me, scope(me), kind=None, year=None)},
                   reverse=True)
    return page(request, "registry.html", me, registers=registers, year=year, years=years,
                may_register=me.role in roles.REGISTER_INCOMING, may_draft=me.role in roles.DRAFT,
                may_export=me.role in roles.EXPORT, may_outgoing=me.role in roles.OFFICE_ROLES, **LABELS)


@router.get("/registry/registers/{register_id}/export")
def register_export(request: Request, register_id: str, session: SessionDep, me: User, format: str = "docx",
                    date_from: str = "", date_to: str = "") -> Response:
    need(me, *roles.EXPORT)
    if format not in ("docx", "xlsx"):
        raise PageError.invalid_format()
    start, end = _day(date_from, "Từ ngày"), _day(date_to, "Đến ngày")
    return registry_api.export_register(register_id, session, me, scope(me), format=format,  # type: ignore[arg-type]
                                        date_from=start, date_to=end)


def _day(value: str, label: str) -> date | None:
    from services.web.render import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise PageError.invalid_date(label=label) from exc


# --- sổ văn bản đến -------------------------------------------------------------------------------------------------


@router.get("/registry/incoming")
def incoming_page(request: Request, session: SessionDep, me: User, register_id: str = "", state: str = "",
                  date_from: str = "", date_to: str = "", page_no: int = 1) -> Response:
    need(me, *roles.READ_REGISTERS)
    sc = scope(me)
    page_no = max(1, min(page_no, 40_000))
    state = state if state in ENTRY_STATES else ""
    start, end = _day(date_from, "Từ ngày"), _day(date_to, "Đến ngày")
    result = registry_api.list_incoming(session, me, sc, register_id=register_id or None, year=None, code=None,
                                        date_from=start, date_to=end, state=state or None, urgency=None,  # type: ignore[arg-type]
                                        offset=(page_no - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    for e in result.items:  # a line the clerk left short: what was read from the file, as its page and the export
        if not (e.sender and e.doc_number and e.doc_date and e.subject):
            e.document = incoming.document_facts(session, sc, e.document_id) or None
    registers = registry_api.list_registers(session, me, sc, kind="incoming", year=None)
    current = next((r for r in registers if r.id == register_id), None)
    return page(request, "registry_incoming.html", me, result=result, registers=registers, register=current,
                **_copies(session, sc, result.items),
                register_id=register_id, state=state, date_from=date_from, date_to=date_to, page_no=page_no,
                pages=_pages(result.total), may_register=me.role in roles.REGISTER_INCOMING,
                may_export=me.role in roles.EXPORT, intake_doors=_intake_doors(me), **LABELS)


def _copies(session: Session, sc: Any, items: list[Any]) -> dict[str, Any]:
    """`copies` {line: the số đến of the same document's first line}, for lines whose file, once read, proved a copy
    of a document registered before (incoming.repeated_lines): the clerk sees which number stands; `arrivals`
    {that first line: the số đến of its second arrivals}, noted on it."""
    repeats = incoming.repeated_lines(session, sc, items)
    numbers = {e.id: e.number for e in items}
    arrivals: dict[str, list[int]] = {}
    for line, standing in repeats.items():
        arrivals.setdefault(standing.id, []).append(numbers[line])
    return {"copies": {line: standing.number for line, standing in repeats.items()}, "arrivals": arrivals}


def _intake_doors(me: Principal) -> list[str]:
    """The doors the clerk may open now: the mailbox and the watched folder the office has set up."""
    if me.role not in roles.INTAKE:
        return []
    s = get_registry_settings()
    return [*(["thư điện tử"] if s.imap_host else []), *(["thư mục tiếp nhận"] if s.registry_watch_dir else [])]


# one reading of the doors at a time in this process: a second press meanwhile is told so (SECURITY.md 91)
_READING_DOORS = threading.Lock()


@router.post("/registry/intake")
async def intake_now(request: Request, session: SessionDep, me: User) -> Response:
    """"Nhận văn bản mới": the mailbox and the watched folder read now, as the worker's beat does every few minutes —
    the embedded default (`make run`) runs no beat, and a clerk had no way in the pages to take in what came by
    e-mail or edXML (`POST /registry/intake/run` only). The doors are read on a worker thread, never on the event
    loop that answers every user (a folder of large scans, a mail server not answering: SECURITY.md 91)."""
    await checked_form(request, me)
    need(me, *roles.INTAKE)
    back = url("/registry/incoming")
    if not _READING_DOORS.acquire(blocking=False):
        flash(request, "Một lượt nhận văn bản khác đang chạy; xem lại sổ văn bản đến sau ít phút.", "warn")
        return redirect(back)
    try:
        folder, mail, failure = await run_in_threadpool(_read_doors)
    finally:
        _READING_DOORS.release()
    if failure is not None:
        flash(request, f"{_intake_said(folder, None)} {failure}", "error")
        return redirect(back)
    assert mail is not None
    flash(request, _intake_said(folder, mail), "error" if folder["failed"] or mail["failed"] else "ok")
    return redirect(back)


def _read_doors() -> tuple[dict[str, int], dict[str, int] | None, str | None]:
    """(the watched folder's counts, the mailbox's, or the message saying why the mailbox could not be read)."""
    folder = intake.poll_folder()
    try:
        return folder, intake.poll_mailbox(), None
    except (OSError, imaplib.IMAP4.error, VanbanError) as exc:
        return folder, None, (exc.message if isinstance(exc, VanbanError)
                              else "Không kết nối được hộp thư điện tử; thử lại sau.")


def _intake_said(folder: dict[str, int], mail: dict[str, int] | None) -> str:
    new = [*([f"{mail['registered']} từ thư điện tử"] if mail and mail["registered"] else []),
           *([f"{folder['registered']} từ thư mục tiếp nhận"] if folder["registered"] else [])]
    parts = [f"Đã vào sổ {', '.join(new)}." if new else "Không có văn bản mới."]
    if mail and mail["already_registered"]:
        parts.append(f"{mail['already_registered']} tệp đã có trong sổ, không vào sổ lần nữa.")
    failed = folder["failed"] + (mail["failed"] if mail else 0)
    if failed:
        parts.append(f"{failed} văn bản chưa vào sổ được (thư để lại chưa đọc, tệp ở thư mục “loi”): kiểm tra rồi "
                     "nhận lại.")
    if mail and mail.get("too_large"):
        parts.append(f"{mail['too_large']} thư quá lớn nên không được đọc (để lại chưa đọc trong hộp thư): mở hộp thư "
                     "để xem và tải tệp lên nếu cần.")
    if mail and mail.get("size_unknown"):
        parts.append(f"{mail['size_unknown']} thư chưa được đọc vì máy chủ thư không cho biết dung lượng (để lại chưa "
                     "đọc trong hộp thư): mở hộp thư để xem và tải tệp lên nếu cần.")
    return " ".join(parts)


@router.get("/registry/incoming/new")
def incoming_form(request: Request, session: SessionDep, me: User) -> Response:
    need(me, *roles.REGISTER_INCOMING)
    return page(request, "registry_incoming_new.html", me, doc_types=DOC_TYPES, max_level=me.clearance, **LABELS)


_TYPED = ("sender", "doc_number", "doc_date", "doc_type", "subject", "urgency", "level", "pages", "copies")


@router.post("/registry/incoming")
async def incoming_register(request: Request, session: SessionDep, me: User) -> Response:
    form = await checked_form(request, me)
    need(me, *roles.REGISTER_INCOMING)
    try:
        level = _int(form, "level", "Độ mật", 0, 3) or 0
        entry = await registry_api.register_document(
            session, me, scope(me), _file(form), sender=_clip(form, "sender", "Tác giả", 512),
            doc_number=_clip(form, "doc_number", "Số, ký hiệu", 128), doc_date=_date(form, "doc_date"),
            doc_type=_clip(form, "doc_type", "Loại văn bản", 64), subject=_clip(form, "subject", "Trích yếu", 4000),
            urgency=_urgency(form), level=level, pages=_int(form, "pages", "Số trang"),
            copies=_int(form, "copies", "Số bản"))
    except VanbanError as exc:
        refused(session)
        # the form again with what was typed (a browser never fills a file in again: it is asked for)
        return page(request, "registry_incoming_new.html", me, status_code=422, doc_types=DOC_TYPES,
                    max_level=me.clearance, typed={k: text(form, k) for k in _TYPED},
                    flash=("error", f"{exc.message} Các ô đã nhập được giữ lại; hãy chọn lại tệp."), **LABELS)
    flash(request, f"Đã vào sổ: số đến {entry.number} — {entry.register_name}.")
    return redirect(url(f"/registry/incoming/{entry.id}"))


@router.get("/registry/incoming/{entry_id}")
def entry_page(request: Request, entry_id: str, session: SessionDep, me: User) -> Response:
    return _entry_view(request, session, me, entry_id)


def _entry_view(request: Request, session: Session, me: Principal, entry_id: str, status_code: int = 200,
                **typed: Any) -> Response:
    """The line's page; `typed` (with its status 422 and `flash`): a refused correction shown with what was typed."""
    need(me, *roles.READ_REGISTERS)
    entry = registry_api.get_incoming(entry_id, session, me, scope(me))
    return page(request, "registry_entry.html", me, status_code=status_code, entry=entry, units=_units(session, me),
                may_route=me.role in roles.ROUTE and entry.state != "recalled",
                may_handle=me.role in roles.MARK_HANDLED and entry.state in ("registered", "routed"),
                may_correct=me.role in roles.REGISTER_INCOMING and entry.state != "recalled", doc_types=DOC_TYPES,
                **typed,
                may_reply=me.role in roles.DRAFT, **LABELS)


@router.post("/registry/incoming/{entry_id}/routing")
async def entry_route(request: Request, entry_id: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> None:
        need(me, *roles.ROUTE)
        body = RoutingIn(instruction=text(form, "instruction"), due_date=_date(form, "deadline"),
                         lead=texts(form, "lead"), support=texts(form, "support"), info=texts(form, "info"),
                         new_units=bool(text(form, "new_units")))
        registry_api.route_incoming(entry_id, body, session, me, scope(me))

    return await _act(request, session, me, url(f"/registry/incoming/{entry_id}"), run,
                      "Đã chuyển văn bản đến các đơn vị xử lý.")


@router.post("/registry/incoming/{entry_id}/edit")
async def entry_edit(request: Request, entry_id: str, session: SessionDep, me: User) -> Response:
    form = await checked_form(request, me)
    need(me, *roles.REGISTER_INCOMING)
    try:
        body = EntryEdit(sender=_clip(form, "sender", "Tác giả", 512),
                         doc_number=_clip(form, "doc_number", "Số, ký hiệu", 128), doc_date=_date(form, "doc_date"),
                         doc_type=_clip(form, "doc_type", "Loại văn bản", 64),
                         subject=_clip(form, "subject", "Trích yếu", 4000), urgency=_urgency(form),
                         pages=_int(form, "pages", "Số trang"), copies=_int(form, "copies", "Số bản"))
        registry_api.correct_incoming(entry_id, body, session, me, scope(me))
    except VanbanError as exc:
        refused(session)  # the page again with what was typed, the field to correct named
        return _entry_view(request, session, me, entry_id, status_code=422, flash=("error", exc.message),
                           typed={k: text(form, k) for k in _TYPED})
    flash(request, "Đã sửa thông tin vào sổ.")
    return redirect(url(f"/registry/incoming/{entry_id}"))


@router.post("/registry/incoming/{entry_id}/handled")
async def entry_handled(request: Request, entry_id: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> None:
        need(me, *roles.MARK_HANDLED)
        registry_api.mark_handled(entry_id, session, me, scope(me))

    return await _act(request, session, me, url(f"/registry/incoming/{entry_id}"), run,
                      "Đã ghi nhận văn bản đã được giải quyết.")


# --- sổ văn bản đi --------------------------------------------------------------------------------------------------


@router.get("/registry/outgoing")
def outgoing_page(request: Request, session: SessionDep, me: User, state: str = "", year: int | None = None,
                  page_no: int = 1) -> Response:
    need(me, *roles.OFFICE_ROLES)
    page_no = max(1, min(page_no, 40_000))
    state = state if state in OUT_STATES else ""
    if year is not None and not 1900 <= year <= 3000:
        year = None
    result = registry_api.list_outgoing(session, me, scope(me), state=state or None, year=year,  # type: ignore[arg-type]
                                        date_from=None, date_to=None, offset=(page_no - 1) * PAGE_SIZE,
                                        limit=PAGE_SIZE)
    return page(request, "registry_outgoing.html", me, result=result, state=state, year=year, page_no=page_no,
                pages=_pages(result.total), may_draft=me.role in roles.DRAFT, **LABELS)


@router.get("/registry/outgoing/new")
def outgoing_form(request: Request, session: SessionDep, me: User, in_reply_to: str = "") -> Response:
    need(me, *roles.DRAFT)
    reply = registry_api.get_incoming(in_reply_to, session, me, scope(me)) if in_reply_to else None
    return page(request, "registry_outgoing_new.html", me, doc_types=DOC_TYPES, units=_units(session, me),
                reply=reply, max_level=me.clearance, **LABELS)


@router.post("/registry/outgoing")
async def outgoing_create(request: Request, session: SessionDep, me: User) -> Response:
    form = await checked_form(request, me)
    need(me, *roles.DRAFT)
    try:
        doc_type, subject = _clip(form, "doc_type", "Loại văn bản", 64), _clip(form, "subject", "Trích yếu", 4000)
        if not doc_type or not subject:
            raise PageError.draft_incomplete()
        out = await registry_api.create_outgoing(
            session, me, scope(me), _file(form), doc_type=doc_type, subject=subject,
            internal_recipients=texts(form, "internal"), external_recipients=texts(form, "external"),
            drafting_unit_code=_clip(form, "drafting_unit_code", "Đơn vị soạn thảo", 32), urgency=_urgency(form),
            level=_int(form, "level", "Độ mật", 0, 3) or 0, pages=_int(form, "pages", "Số trang"),
            copies=_int(form, "copies", "Số bản"), in_reply_to=text(form, "in_reply_to") or None, replaces_id=None)
    except VanbanError as exc:
        refused(session)
        flash(request, exc.message, "error")
        back = text(form, "in_reply_to")
        return redirect(url("/registry/outgoing/new", in_reply_to=back or None))
    flash(request, "Đã tạo dự thảo văn bản đi.")
    return redirect(url(f"/registry/outgoing/{out.id}"))


@router.get("/registry/outgoing/{outgoing_id}")
def outgoing_detail(request: Request, outgoing_id: str, session: SessionDep, me: User) -> Response:
    need(me, *roles.OFFICE_ROLES)
    out = registry_api.get_outgoing(outgoing_id, session, me, scope(me))
    steps = [(action, label) for action, (label, states) in STEPS.items()
             if out.state in states and me.role in roles.ACTIONS[action]]
    return page(request, "registry_outgoing_detail.html", me, out=out, steps=steps, **LABELS)


@router.post("/registry/outgoing/{outgoing_id}/{action}")
async def outgoing_step(request: Request, outgoing_id: str, action: str, session: SessionDep, me: User) -> Response:
    if action not in STEPS:
        raise PageError.no_such_step()

    def run(form: FormData) -> Any:
        principal = roles.may_take_action(action, me)
        body = ActionIn(note=text(form, "note") or None, signer_name=text(form, "signer_name") or None,
                        signer_title=text(form, "signer_title") or None, reason=text(form, "reason") or None)
        if action == "recall" and not body.reason:
            raise PageError.reason_required()
        acted.append(registry_api.act_on_outgoing(outgoing_id, action, session, principal, scope(me), body))  # type: ignore[arg-type]
        return acted[-1]

    acted: list[Any] = []

    def done() -> str | tuple[str, str]:
        """A send that reached only some recipients must not read as done: it says how many it could not reach; so
        must a recall whose notice did not reach an outside recipient (there is no "Gửi lại" for it)."""
        deliveries = acted[-1].deliveries if acted else ()
        failed = [d for d in deliveries if d.status == "failed"]
        if action == "send" and failed:
            return (f"Đã gửi văn bản, nhưng {len(failed)} nơi nhận chưa gửi được — xem cột Tình trạng, kiểm tra "
                    "nơi gửi rồi bấm “Gửi lại”.", "warn")
        untold = [d for d in deliveries if not d.internal and d.status == "sent" and d.recall_notified_at is None]
        if action == "recall" and untold:
            return (f"Đã thu hồi văn bản, nhưng chưa báo được cho {len(untold)} nơi nhận ngoài hệ thống — xem cột "
                    "Tình trạng; hãy báo cho họ bằng cách khác (điện thoại, thư điện tử, văn bản giấy) hoặc nhờ bộ "
                    "phận kỹ thuật kiểm tra nơi gửi edXML.", "warn")
        return STEP_DONE[action]

    return await _act(request, session, me, url(f"/registry/outgoing/{outgoing_id}"), run, done)

