"""Administration: accounts, units (e-mail, webhook), the audit log — the auth and briefing API's own routes."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from services.briefing import api as briefing_api
from services.briefing import service as briefing
from services.briefing import unit_directory, unit_import
from services.briefing.schemas import UnitContacts
from services.core.auth import api as auth_api
from services.core.auth.policy import MAX_LEVEL, Principal
from services.core.auth.schemas import PasswordReset, UserCreate, UserUpdate
from services.core.db import refused
from services.core.errors import VanbanError
from services.core.outbound import safe_outbound_url
from services.ingest.public import count_stale
from services.registry import public as registry
from services.registry.incoming import visible_entries
from services.registry.models import IncomingEntry, OutgoingDocument, Register
from services.registry.outgoing import visible_outgoing
from services.web.deps import AdminUser, SessionDep, User, checked_form, need, scope, text
from services.web.errors import PageError
from services.web.pages_tasks import _act, validation_message
from services.web.render import ACTION_LABELS, DETAIL_REFS, flash, page, parse_date, redirect, url
from services.web.settings import get_web_settings

router = APIRouter()


@router.get("/admin/users")
def users_page(request: Request, session: SessionDep, me: User, page_no: int = 1) -> Response:
    need(me, "admin")
    size = 50
    page_no = max(1, page_no)
    result = auth_api.list_users(me, session, offset=(page_no - 1) * size, limit=size)
    from services.briefing import service as briefing

    return page(request, "admin_users.html", me, result=result, page_no=page_no,
                pages=max(1, (result.total + size - 1) // size), units=briefing.list_units(session, me),
                stale_readings=stale_readings(session, me))


def stale_readings(session: Session, me: Principal) -> int:
    """Documents read by an older version of the understanding rules (an upgrade changed them), for the notice on
    the administration pages (as /readyz's `understanding` hint): all of them for an administrator who may read
    every level, else those of level Thường only — a count of what the reader may not see is never shown."""
    return count_stale(session, unclassified_only=me.clearance < MAX_LEVEL)


@router.post("/admin/users")
async def user_create(request: Request, session: SessionDep, me: User) -> Response:
    form = await checked_form(request, me)
    need(me, "admin")
    try:
        clearance = text(form, "clearance")
        body = UserCreate(username=text(form, "username"), password=text(form, "password"),
                          role=text(form, "role"), unit=text(form, "unit") or None,  # type: ignore[arg-type]
                          clearance=int(clearance) if clearance.isdigit() else 0,
                          full_name=text(form, "full_name") or None)
        auth_api.create_user(body, me, session)
        flash(request, f"Đã tạo tài khoản “{body.username}”.")
    except ValidationError as exc:
        refused(session)
        flash(request, validation_message(exc).replace("Thông tin", "Thông tin tài khoản"), "error")
    except VanbanError as exc:
        refused(session)
        flash(request, exc.message, "error")
    return redirect(url("/admin/users"))


async def _admin_act(request: Request, session: Session, me: Principal, back: str,
                     action: Callable[[FormData], Any], done: str) -> Response:
    """An administrator's form action (``_act``), refused to anyone else."""
    def run(form: FormData) -> Any:
        need(me, "admin")
        return action(form)

    return await _act(request, session, me, back, run, done)


@router.post("/admin/users/{username}/disable")
async def user_disable(request: Request, username: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> None:
        if username == me.username:
            raise PageError.forbidden()
        auth_api.disable_user(username, me, session)

    return await _admin_act(request, session, me, url("/admin/users"), run, f"Đã khóa tài khoản “{username}”.")


@router.get("/admin/users/{username}")
def user_page(request: Request, username: str, session: SessionDep, me: User) -> Response:
    need(me, "admin")
    from services.core.auth import service as auth_service
    from services.core.auth.schemas import UserOut

    user = UserOut.model_validate(auth_service.get_user(session, username))  # 404 in Vietnamese if none
    from services.briefing import service as briefing

    units = briefing.list_units(session, me)
    unit_name = next((u.name for u in units if u.id == user.unit_id), "")
    return page(request, "admin_user.html", me, user=user, units=units, unit_name=unit_name)


@router.post("/admin/users/{username}")
async def user_update(request: Request, username: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> None:
        clearance = text(form, "clearance")
        role = text(form, "role")
        if username == me.username and role and role != me.role:
            raise PageError.own_role()
        body = UserUpdate(role=role or None, clearance=int(clearance) if clearance.isdigit() else None,
                          unit=text(form, "unit"), full_name=text(form, "full_name") or None)
        auth_api.update_user(username, body, me, session)

    return await _admin_act(request, session, me, url(f"/admin/users/{username}"), run,
                      f"Đã lưu tài khoản “{username}”.")


@router.post("/admin/users/{username}/password")
async def user_password(request: Request, username: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> None:
        auth_api.reset_password(username, PasswordReset(new_password=text(form, "new_password")), me, session)

    return await _admin_act(request, session, me, url(f"/admin/users/{username}"), run,
                      f"Đã đặt mật khẩu mới cho “{username}”; các phiên đăng nhập cũ và khóa API của tài khoản "
                      "đã kết thúc.")


@router.post("/admin/users/{username}/enable")
async def user_enable(request: Request, username: str, session: SessionDep, me: User) -> Response:
    def run(form: FormData) -> None:
        auth_api.enable_user(username, me, session)

    return await _admin_act(request, session, me, url("/admin/users"), run, f"Đã mở khóa tài khoản “{username}”.")


def directory_aliases() -> dict[str, list[str]]:
    """Other names of each unit in the shared unit directory (services/vntext/units.json), by unit key: 'Sở TN&MT'
    for Sở Tài nguyên và Môi trường. Documents naming a unit by any of them reach the same unit. Computed once per
    generation of the office's own names (a renamed unit takes its new name's directory aliases)."""
    from services.core.auth.units import office_generation

    return _directory_aliases(office_generation())


@lru_cache(maxsize=2)
def _directory_aliases(_generation: int) -> dict[str, list[str]]:
    from services.core.auth.units import unit_key
    from services.vntext.units import directory

    out: dict[str, list[str]] = {}
    for written in directory().names:
        out.setdefault(unit_key(written), []).append(written)
    return out


PROPOSAL_CAP = 100


@router.get("/admin/units")
def units_page(request: Request, session: SessionDep, me: AdminUser, q: str = "") -> Response:
    units = briefing_api.list_units(session, me)
    office = unit_directory.aliases_of(session, [u.id for u in units])
    if q.strip():
        from services.vntext import fold

        needle = fold(q.strip()).lower()
        units = [u for u in units if needle in fold(u.name).lower() or needle in (u.email or "").lower()
                 or any(needle in fold(a.name).lower() for a in office[u.id])]
    shared = directory_aliases()
    aliases = {u.id: sorted({a for a in shared.get(u.key, []) if a.lower() != u.name.lower()}
                            | {a.name for a in office[u.id]}) for u in units}
    proposals = briefing.unit_proposals(session, me, scope(me), cap=PROPOSAL_CAP)
    return page(request, "admin_units.html", me, units=units, q=q, aliases=aliases, proposals=proposals,
                stale_readings=stale_readings(session, me), collectives=unit_directory.collective_names(session),
                all_units=briefing_api.list_units(session, me) if q.strip() else units)


@router.post("/admin/units")
async def unit_add(request: Request, session: SessionDep, me: AdminUser) -> Response:
    added: dict[str, str] = {}

    def run(form: FormData) -> None:
        body = UnitContacts(email=text(form, "email") or None, webhook_url=text(form, "webhook_url") or None)
        unit = unit_directory.add_unit(session, me, text(form, "name"), body.email,
                                       safe_outbound_url(body.webhook_url) if body.webhook_url else None)
        added["id"], added["name"] = unit.id, unit.name

    response = await _act(request, session, me, url("/admin/units"), run, "Đã thêm đơn vị vào danh mục.")
    if "id" in added:
        flash(request, f"Đã thêm đơn vị “{added['name']}” vào danh mục; văn bản nêu tên đơn vị này sẽ đến đơn vị.")
        return redirect(url(f"/admin/units/{added['id']}"))
    return response


@router.post("/admin/units/import")
async def units_import_preview(request: Request, session: SessionDep, me: AdminUser) -> Response:
    """The office's own list of units (CSV or Excel): what loading it would do, row by row; nothing is written."""
    form = await checked_form(request, me)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        flash(request, PageError.file_required().message, "error")
        return redirect(url("/admin/units"))
    data = await upload.read(unit_import.MAX_BYTES + 1)
    try:
        result = unit_import.preview(session, upload.filename, data)
    except VanbanError as exc:
        flash(request, exc.message, "error")
        return redirect(url("/admin/units"))
    return page(request, "admin_units_import.html", me, result=result, filename=upload.filename,
                rows_json=unit_import.rows_to_json(result.rows), stale_readings=stale_readings(session, me))


@router.post("/admin/units/import/apply")
async def units_import_apply(request: Request, session: SessionDep, me: AdminUser) -> Response:
    """Load the previewed rows: all of them, or none when a row is wrong (checked again against the directory now);
    loading the same list again changes nothing."""
    said: dict[str, str] = {}

    def run(form: FormData) -> None:
        done = unit_import.load(session, me, unit_import.rows_from_json(text(form, "rows")), (registry.move_unit,),
                                shown=text(form, "plan"))
        said["message"] = (f"Đã nạp danh mục đơn vị: thêm {done.count('add')} đơn vị, cập nhật {done.count('update')}, "
                           f"ghi {done.count('merge')} sáp nhập; {done.count('same')} dòng không thay đổi.")

    return await _act(request, session, me, url("/admin/units"), run, lambda: said["message"])


@router.post("/admin/units/proposals/accept")
async def unit_proposal_accept(request: Request, session: SessionDep, me: AdminUser) -> Response:
    """A unit name extraction proposed: a new unit (no `unit_id`), or another name of the unit chosen."""
    outcome: dict[str, str] = {}

    def run(form: FormData) -> None:
        unit_id = text(form, "unit_id")
        unit = briefing.get_unit(session, unit_id) if unit_id else None
        name = text(form, "name")
        accepted = unit_directory.accept_proposal(session, me, name, unit)
        outcome["message"] = (f"Đã ghi “{name}” là tên khác của {accepted.name}; các nhiệm vụ nêu tên này đã đến "
                              "hộp nhiệm vụ của đơn vị." if unit else
                              f"Đã thêm đơn vị “{accepted.name}” vào danh mục; các nhiệm vụ nêu tên đơn vị này đã "
                              "đến hộp nhiệm vụ của đơn vị.")

    response = await _act(request, session, me, url("/admin/units"), run, "Đã cập nhật danh mục đơn vị.")
    if "message" in outcome:
        flash(request, outcome["message"])
    return response


@router.get("/admin/units/{unit_id}")
def unit_page(request: Request, unit_id: str, session: SessionDep, me: AdminUser) -> Response:
    unit = briefing.get_unit(session, unit_id)  # 404 in Vietnamese if none
    shared = sorted({a for a in directory_aliases().get(unit.key, []) if a.lower() != unit.name.lower()})
    office = unit_directory.aliases_of(session, [unit.id])[unit.id]
    others = [u for u in briefing_api.list_units(session, me) if u.id != unit.id]
    return page(request, "admin_unit.html", me, unit=unit, shared=shared, office=office, others=others)


@router.post("/admin/units/{unit_id}/merge")
async def unit_merge(request: Request, unit_id: str, session: SessionDep, me: AdminUser) -> Response:
    """The unit joins another (sáp nhập) and leaves the directory; the page of the unit it joined follows."""
    merged: dict[str, str] = {}

    def run(form: FormData) -> None:
        unit = briefing.get_unit(session, unit_id)
        target = text(form, "into")
        if not target:
            raise PageError.merge_target_required()
        name = unit.name
        into = unit_directory.merge_unit(session, me, unit, briefing.get_unit(session, target), (registry.move_unit,))
        merged.update(id=into.id, name=into.name, old=name)

    response = await _act(request, session, me, url(f"/admin/units/{unit_id}"), run, "Đã gộp đơn vị.")
    if "id" in merged:
        flash(request, f"Đã gộp “{merged['old']}” vào {merged['name']}: nhiệm vụ, tài khoản và văn bản của đơn vị cũ "
                       f"chuyển sang {merged['name']}; văn bản nêu tên cũ sẽ đến {merged['name']}.")
        return redirect(url(f"/admin/units/{merged['id']}"))
    return response


@router.post("/admin/units/{unit_id}/rename")
async def unit_rename(request: Request, unit_id: str, session: SessionDep, me: AdminUser) -> Response:
    def run(form: FormData) -> None:
        unit_directory.rename_unit(session, me, briefing.get_unit(session, unit_id), text(form, "name"))

    return await _act(request, session, me, url(f"/admin/units/{unit_id}"), run,
                      "Đã đổi tên đơn vị; tên cũ được giữ làm tên khác để văn bản cũ vẫn đến đúng đơn vị.")


@router.post("/admin/units/{unit_id}/aliases")
async def unit_alias_add(request: Request, unit_id: str, session: SessionDep, me: AdminUser) -> Response:
    def run(form: FormData) -> None:
        unit_directory.add_alias(session, me, briefing.get_unit(session, unit_id), text(form, "alias"))

    return await _act(request, session, me, url(f"/admin/units/{unit_id}"), run,
                      "Đã thêm tên khác; văn bản nêu tên này sẽ đến đơn vị.")


@router.post("/admin/units/{unit_id}/aliases/{alias_id}/remove")
async def unit_alias_remove(request: Request, unit_id: str, alias_id: int, session: SessionDep,
                            me: AdminUser) -> Response:
    def run(form: FormData) -> None:
        unit_directory.remove_alias(session, me, briefing.get_unit(session, unit_id), alias_id)

    return await _act(request, session, me, url(f"/admin/units/{unit_id}"), run, "Đã bỏ tên khác của đơn vị.")


@router.post("/admin/units/{unit_id}")
async def unit_contacts(request: Request, unit_id: str, session: SessionDep, me: AdminUser) -> Response:
    def run(form: FormData) -> None:
        body = UnitContacts(email=text(form, "email") or None, webhook_url=text(form, "webhook_url") or None)
        briefing_api.set_contacts(unit_id, body, session, me)

    return await _act(request, session, me, url("/admin/units"), run, "Đã lưu thông tin liên hệ của đơn vị.")


@router.get("/admin/audit")
def audit_page(request: Request, session: SessionDep, me: User, user: str = "", action: str = "",
               object_id: str = "", since: str = "", page_no: int = 1) -> Response:
    need(me, "admin")
    size = get_web_settings().web_page_size * 2
    page_no = max(1, min(page_no, 10_000))
    try:
        day = parse_date(since)
    except ValueError:
        day = None
    result = auth_api.audit_log(me, session, user=user or None, action=action or None, object_id=object_id or None,
                                since=datetime.combine(day, time.min) if day else None,
                                offset=(page_no - 1) * size, limit=size)
    return page(request, "admin_audit.html", me, result=result, user=user, action=action, object_id=object_id,
                since=since, page_no=page_no, pages=max(1, (result.total + size - 1) // size),
                actions=list(ACTION_LABELS), names=_object_names(session, me, result.items),
                stale_readings=stale_readings(session, me))


def _object_names(session: Session, me: Principal, events: list[Any]) -> dict[tuple[str, str], tuple[str, str]]:
    """What each event's object is, in words a person reads, with its page: an account by its name, a unit by its
    name, a document by its number (or file name) and subject, a task by its content — the id alone told the
    administrator nothing. Documents and tasks only as the access policy lets this account see them (one SELECT
    per kind of object on the page)."""
    from sqlalchemy import select

    from services.briefing.access import meeting_clause
    from services.briefing.models import Meeting, Task
    from services.core.auth.models import Unit
    from services.core.auth.models import User as Account
    from services.ingest.public import Document, visible_clause

    ids: dict[str, set[str]] = {}
    for e in events:
        if e.object_id:
            ids.setdefault(e.object_type, set()).add(e.object_id)
        for key, kind in DETAIL_REFS.items():  # a register, a document named in the detail by its id
            if isinstance((e.detail or {}).get(key), str):
                ids.setdefault(kind, set()).add(e.detail[key])
    out: dict[tuple[str, str], tuple[str, str]] = {}

    def short(words: str, n: int = 90) -> str:
        words = " ".join(words.split())
        return words if len(words) <= n else words[:n - 1].rstrip() + "…"

    if ids.get("user"):
        for uid, username, full_name in session.execute(select(Account.id, Account.username, Account.full_name)
                                                        .where(Account.id.in_(sorted(ids["user"])))):
            out["user", uid] = (f"{username} ({full_name})" if full_name else username, url(f"/admin/users/{username}"))
    units = ids.get("unit", set()) | ids.get("progress_report", set())  # a unit's report is named by its unit
    if units:
        for uid, name in session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(sorted(units)))):
            out["unit", uid] = out["progress_report", uid] = (name, url(f"/admin/units/{uid}"))
    if ids.get("register"):
        for rid, name in session.execute(select(Register.id, Register.name).where(Register.id.in_(sorted(ids["register"])),
                                                                                  Register.min_level <= scope(me).max_level)):
            out["register", rid] = (name, url("/registry"))
    if ids.get("incoming"):
        for eid, number, doc_number, subject in session.execute(
                select(IncomingEntry.id, IncomingEntry.number, IncomingEntry.doc_number, IncomingEntry.subject)
                .where(IncomingEntry.id.in_(sorted(ids["incoming"])), visible_entries(scope(me)))):
            out["incoming", eid] = (short(" — ".join(x for x in (f"số đến {number}", doc_number, subject) if x)),
                                    url(f"/registry/incoming/{eid}"))
    if ids.get("outgoing"):
        for oid, full_number, subject in session.execute(
                select(OutgoingDocument.id, OutgoingDocument.full_number, OutgoingDocument.subject)
                .where(OutgoingDocument.id.in_(sorted(ids["outgoing"])), visible_outgoing(scope(me)))):
            out["outgoing", oid] = (short(" — ".join((full_number or "chưa cấp số", subject or ""))),
                                    url(f"/registry/outgoing/{oid}"))
    if ids.get("document"):
        for did, number, filename, subject in session.execute(
                select(Document.id, Document.number, Document.filename, Document.subject)
                .where(Document.id.in_(sorted(ids["document"])), visible_clause(scope(me)))):
            out["document", did] = (short(" — ".join(x for x in (number or filename, subject) if x)),
                                    url(f"/documents/{did}"))
    if ids.get("task"):
        for tid, action in session.execute(
                select(Task.id, Task.action).join(Document, Document.id == Task.document_id)
                .where(Task.id.in_(sorted(ids["task"])), visible_clause(scope(me)))):
            out["task", tid] = (short(action or ""), url(f"/tasks/{tid}"))
    meetings = ids.get("meeting", set()) | ids.get("meeting_pack", set())
    if meetings:
        for mid, title, day in session.execute(select(Meeting.id, Meeting.title, Meeting.meeting_date)
                                               .where(Meeting.id.in_(sorted(meetings)), meeting_clause(scope(me)))):
            for kind in ("meeting", "meeting_pack"):
                dated = title if f"{day:%d/%m/%Y}" in title else f"{title} ({day:%d/%m/%Y})"  # not the day twice
                out[kind, mid] = (short(dated), url(f"/meetings/{mid}"))
    return out
