"""HTTP API of the registry service (văn thư): sổ văn bản đến and đi, routing, numbering, sending, recall, exports.
Thin: roles are declared in `roles`, the work is in `incoming`, `outgoing`, `intake`, `exports`, `signatures`."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.core.auth.deps import CurrentScope
from services.core.auth.policy import Principal, Scope
from services.core.auth.service import audit
from services.core.config import get_settings
from services.core.db import retrying
from services.core.schemas import ErrorResponse, Page
from services.core.web import SessionDep, flushed
from services.registry import exports, incoming, outgoing
from services.registry.domain import Urgency, parse_level
from services.registry.errors import RegistryError
from services.registry.models import IncomingEntry, OutgoingDocument, Register
from services.registry.roles import (
    MayDraft,
    MayExport,
    MayMarkHandled,
    MayReadOutgoing,
    MayReadRegisters,
    MayRegister,
    MayRoute,
    MayRunIntake,
    may_take_action,
)
from services.registry.schemas import (
    ActionIn,
    CountsOut,
    EntryEdit,
    EntryOut,
    IntakeOut,
    OutgoingOut,
    RegisterOut,
    RoutingIn,
    RoutingOut,
    SignatureOut,
)

router = APIRouter(prefix="/registry", tags=["registry"])

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse, "description": "Not logged in"},
    403: {"model": ErrorResponse, "description": "Not allowed for this role"},
    404: {"model": ErrorResponse, "description": "No such item, or not visible to you"},
    409: {"model": ErrorResponse, "description": "Not possible in the current state"},
    422: {"model": ErrorResponse, "description": "Invalid request"},
}
Session_ = SessionDep


def _entry_out(e: IncomingEntry, document: dict[str, object] | None = None) -> EntryOut:
    flushed(e)
    return EntryOut(
        id=e.id, register_id=e.register_id, register_name=e.register.name, number=e.number, received_at=e.received_at,
        received_on=e.received_on, sender=e.sender, doc_number=e.doc_number, doc_date=e.doc_date, doc_type=e.doc_type,
        subject=e.subject, urgency=Urgency(e.urgency), level=e.level, pages=e.pages, copies=e.copies,
        document_id=e.document_id, channel=e.channel, state=e.state, registered_by=e.registered_by, note=e.note,
        routings=[RoutingOut.model_validate(r) for r in e.routings], document=document)


# --- registers and incoming ---------------------------------------------------------------------------------------


@router.get("/registers", response_model=list[RegisterOut], summary="The registers (sổ) you may read",
            responses=ERRORS)
def list_registers(session: Session_, principal: MayReadRegisters, scope: CurrentScope,
                   kind: Literal["incoming", "outgoing"] | None = None,
                   year: Annotated[int | None, Query(ge=1900, le=3000)] = None) -> list[RegisterOut]:
    stmt = select(Register).order_by(Register.kind, Register.year, Register.office_key, Register.code)
    if kind:
        stmt = stmt.where(Register.kind == kind)
    if year:
        stmt = stmt.where(Register.year == year)
    if scope.unit_keys is not None:
        stmt = stmt.where(Register.office_key.in_(sorted(scope.unit_keys)), Register.kind == "incoming")
    if scope.max_level < 1:
        stmt = stmt.where(Register.min_level <= scope.max_level)
    return [RegisterOut.model_validate(r) for r in session.scalars(stmt)]


@router.post("/incoming", status_code=201, response_model=EntryOut, summary="Register an incoming document",
             description="Stores the file through the ingest pipeline (same duplicate detection as upload) and writes "
             "the next số đến of the register (ordinary or secret, per calendar year).",
             responses={**ERRORS, 413: {"model": ErrorResponse}, 415: {"model": ErrorResponse}})
async def register_document(
    session: Session_, principal: MayRegister, scope: CurrentScope,
    file: Annotated[UploadFile, File(description="The document (DOCX, PDF, TXT, HTML or edXML)")],
    sender: Annotated[str | None, Form(max_length=512, description="Tác giả / cơ quan gửi")] = None,
    doc_number: Annotated[str | None, Form(max_length=128, description="Số, ký hiệu")] = None,
    doc_date: Annotated[date | None, Form(description="Ngày tháng văn bản")] = None,
    doc_type: Annotated[str | None, Form(max_length=64)] = None,
    subject: Annotated[str | None, Form(max_length=4000, description="Trích yếu")] = None,
    urgency: Annotated[Urgency, Form()] = Urgency.normal,
    level: Annotated[int, Form(ge=0, le=3, description="Độ mật 0..3")] = 0,
    pages: Annotated[int | None, Form(ge=0, le=100000)] = None,
    copies: Annotated[int | None, Form(ge=0, le=100000)] = None,
) -> EntryOut:
    from services.registry.intake import store_and_register

    if level > scope.max_level:
        raise RegistryError.level_above_clearance()
    data = await file.read(get_settings().max_upload_bytes + 1)
    entry = store_and_register(
        session, principal.username, file.filename or "document", data, file.content_type, "upload",
        incoming.IncomingData(sender=sender, doc_number=doc_number, doc_date=doc_date, doc_type=doc_type,
                              subject=subject, urgency=urgency, level=parse_level(level), pages=pages, copies=copies),
        intake_key=None, refuse_duplicate=True, audit_principal=principal)
    return _entry_out(entry)


@router.get("/incoming", response_model=Page[EntryOut], summary="Lines of the sổ văn bản đến", responses=ERRORS)
def list_incoming(session: Session_, principal: MayReadRegisters, scope: CurrentScope,
                  register_id: str | None = None, year: Annotated[int | None, Query(ge=1900, le=3000)] = None,
                  code: str | None = None, date_from: date | None = None, date_to: date | None = None,
                  state: Literal["registered", "routed", "handled", "recalled"] | None = None,
                  urgency: Urgency | None = None, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Page[EntryOut]:
    flt = incoming.EntryFilter(register_id=register_id, year=year, code=code, date_from=date_from, date_to=date_to,
                               state=state, urgency=urgency.value if urgency else None)
    total, rows = incoming.list_entries(session, scope, flt, offset, limit)
    return Page[EntryOut](total=total, offset=offset, limit=limit, items=[_entry_out(e) for e in rows])


@router.get("/incoming/{entry_id}", response_model=EntryOut, summary="One line of the sổ đến, with its routing",
            responses=ERRORS)
def get_incoming(entry_id: str, session: Session_, principal: MayReadRegisters, scope: CurrentScope) -> EntryOut:
    entry = incoming.get_entry(session, scope, entry_id)
    return _entry_out(entry, incoming.document_facts(session, scope, entry.document_id))


@router.post("/incoming/{entry_id}/routing", status_code=201, response_model=RoutingOut,
             summary="The leader's instruction (bút phê): units to handle it or for information, with a due date",
             description="Lead units get a tracked task in their inbox (source: the instruction); every unit named "
             "may see the document.", responses=ERRORS)
def route_incoming(entry_id: str, body: RoutingIn, session: Session_, principal: MayRoute,
                   scope: CurrentScope) -> RoutingOut:
    entry = incoming.get_entry(session, scope, entry_id)
    routing = incoming.route(session, principal, scope, entry, incoming.RoutingData(
        instruction=body.instruction, due_date=body.due_date, lead=body.lead, support=body.support, info=body.info,
        new_units=body.new_units))
    audit(session, principal, "change", "incoming", entry.id, {"routed": [u.unit_name for u in routing.units]})
    return RoutingOut.model_validate(flushed(routing))


@router.patch("/incoming/{entry_id}", response_model=EntryOut, responses=ERRORS,
              summary="Correct the fields of a line of the sổ đến (văn thư)",
              description="Only the fields sent change; the số đến, the register, the level and the file stay. Each "
              "correction is audited with the old and new values.")
def correct_incoming(entry_id: str, body: EntryEdit, session: Session_, principal: MayRegister,
                     scope: CurrentScope) -> EntryOut:
    entry = incoming.get_entry(session, scope, entry_id)
    changed = incoming.correct_entry(entry, body.model_dump(include=body.model_fields_set))
    if changed:
        audit(session, principal, "change", "incoming", entry.id, {"changed": changed})
    return _entry_out(entry)


@router.post("/incoming/{entry_id}/handled", response_model=EntryOut, summary="Mark an incoming document handled",
             responses=ERRORS)
def mark_handled(entry_id: str, session: Session_, principal: MayMarkHandled, scope: CurrentScope) -> EntryOut:
    entry = incoming.mark_handled(session, incoming.get_entry(session, scope, entry_id))
    return _entry_out(entry)


@router.get("/incoming/{entry_id}/signatures", response_model=list[SignatureOut],
            summary="Digital signatures of the registered PDF: who, when, certificate, intact, trusted",
            responses=ERRORS)
def incoming_signatures(entry_id: str, session: Session_, principal: MayReadRegisters,
                        scope: CurrentScope) -> list[SignatureOut]:
    from services.registry.signatures import verify_pdf

    entry = incoming.get_entry(session, scope, entry_id)
    facts = incoming.document_facts(session, scope, entry.document_id)
    if not facts:
        return []
    data = outgoing.originals().get(str(facts["sha256"]))
    return [SignatureOut(**vars(s)) for s in verify_pdf(data)]


# --- outgoing -------------------------------------------------------------------------------------------------------


def _out(o: OutgoingDocument, session: Session, scope: Scope) -> OutgoingOut:
    """The line as this viewer may see it: the incoming letter it answers and the document it replaces are named
    only if the viewer may see them (no id of a hidden line in the answer)."""
    flushed(o)
    in_reply_to, replaces_id = outgoing.references_seen(session, scope, o)
    return OutgoingOut.model_validate(o).model_copy(update={"in_reply_to": in_reply_to, "replaces_id": replaces_id})


@router.post("/outgoing", status_code=201, response_model=OutgoingOut, summary="A draft outgoing document (dự thảo)",
             responses={**ERRORS, 413: {"model": ErrorResponse}, 415: {"model": ErrorResponse}})
async def create_outgoing(
    session: Session_, principal: MayDraft, scope: CurrentScope,
    file: Annotated[UploadFile, File(description="The draft (DOCX or PDF)")],
    doc_type: Annotated[str, Form(min_length=1, max_length=64, description="Loại văn bản: Thông báo, Công văn …")],
    subject: Annotated[str, Form(min_length=1, max_length=4000, description="Trích yếu")],
    internal_recipients: Annotated[list[str] | None, Form(description="Units of this office (nơi nhận)")] = None,
    external_recipients: Annotated[list[str] | None, Form(description="Outside bodies, sent as edXML")] = None,
    drafting_unit_code: Annotated[str | None, Form(max_length=32, description="Công văn: …/UBND-NC")] = None,
    urgency: Annotated[Urgency, Form()] = Urgency.normal,
    level: Annotated[int, Form(ge=0, le=3)] = 0,
    pages: Annotated[int | None, Form(ge=0, le=100000)] = None,
    copies: Annotated[int | None, Form(ge=0, le=100000)] = None,
    in_reply_to: Annotated[str | None, Form(max_length=36, description="The incoming entry it answers")] = None,
    replaces_id: Annotated[str | None, Form(max_length=36, description="The outgoing document it replaces")] = None,
) -> OutgoingOut:
    data = await file.read(get_settings().max_upload_bytes + 1)
    recipients = [{"name": n, "internal": True} for n in internal_recipients or [] if n.strip()] + \
        [{"name": n, "internal": False} for n in external_recipients or [] if n.strip()]
    out = outgoing.create_draft(session, principal, scope, outgoing.DraftData(
        doc_type=doc_type, subject=subject, recipients=recipients, drafting_unit_code=drafting_unit_code,
        urgency=urgency, level=level, pages=pages, copies=copies, in_reply_to=in_reply_to or None,
        replaces_id=replaces_id or None), file.filename or "du-thao", data, file.content_type)
    audit(session, principal, "change", "outgoing", out.id, {"action": "draft"})
    return _out(out, session, scope)


@router.get("/outgoing", response_model=Page[OutgoingOut], summary="Outgoing documents (sổ văn bản đi)",
            responses=ERRORS)
def list_outgoing(session: Session_, principal: MayReadOutgoing, scope: CurrentScope,
                  state: Literal["draft", "submitted", "signed", "numbered", "issued", "sent", "recalled",
                                 "cancelled"] | None = None,
                  year: Annotated[int | None, Query(ge=1900, le=3000)] = None, date_from: date | None = None,
                  date_to: date | None = None, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Page[OutgoingOut]:
    total, rows = outgoing.list_outgoing(session, scope, state, year, date_from, date_to, offset, limit)
    return Page[OutgoingOut](total=total, offset=offset, limit=limit, items=[_out(o, session, scope) for o in rows])


@router.get("/outgoing/{outgoing_id}", response_model=OutgoingOut, summary="One outgoing document, its history and "
            "deliveries", responses=ERRORS)
def get_outgoing(outgoing_id: str, session: Session_, principal: MayReadOutgoing, scope: CurrentScope) -> OutgoingOut:
    return _out(outgoing.get_outgoing(session, scope, outgoing_id), session, scope)


OutgoingAction = Literal["submit", "sign", "cancel", "number", "issue", "send", "recall"]


@router.post("/outgoing/{outgoing_id}/{action}", response_model=OutgoingOut,
             summary="A step of the workflow: submit (trình ký), sign (ký), cancel (hủy dự thảo), number (cấp số), "
             "issue (phát hành), send (gửi), recall (thu hồi)",
             description="Who may take each step is declared in `services.registry.roles.ACTIONS`. `number` takes the "
             "next number of this year's outgoing register (ordinary or secret) and builds the ký hiệu; a numbered "
             "document can no longer be cancelled. `send` delivers to internal units (a line in their sổ đến) and "
             "writes an edXML package per outside body; failed deliveries are retried by sending again. `recall` "
             "needs a `reason`: recipients are told and the document's open tasks are closed.",
             responses=ERRORS)
def act_on_outgoing(outgoing_id: str, action: OutgoingAction, session: Session_,
                    principal: Annotated[Principal, Depends(may_take_action)], scope: CurrentScope,
                    body: ActionIn | None = None) -> OutgoingOut:
    body = body or ActionIn()

    def work() -> OutgoingDocument:
        out = outgoing.get_outgoing(session, scope, outgoing_id)
        if action == "submit":
            return outgoing.submit(session, principal, out, body.note)
        if action == "sign":
            return outgoing.sign(session, principal, out, body.signer_name, body.signer_title)
        if action == "cancel":
            return outgoing.cancel(session, principal, out, body.note)
        if action == "number":
            return outgoing.number(session, principal, out)
        if action == "issue":
            out = outgoing.issue(session, principal, out, scope)
        elif action == "send":
            out = outgoing.send(session, principal, out)
        else:
            out = outgoing.recall(session, principal, scope, out, body.reason or "")
        audit(session, principal, "change", "outgoing", out.id, {"action": action, "number": out.full_number,
                                                                 "reason": body.reason})
        return out

    return _out(retrying(session, work), session, scope)


# --- reports, intake --------------------------------------------------------------------------------------------------


@router.get("/counts", response_model=CountsOut, summary="Received and issued in a period, by urgency; unhandled",
            responses=ERRORS)
def counts(session: Session_, principal: MayExport, scope: CurrentScope, date_from: date,
           date_to: date) -> CountsOut:
    if date_to < date_from:
        raise RegistryError.invalid_period()
    return CountsOut(**vars(exports.register_counts(session, scope, date_from, date_to)))


MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/registers/{register_id}/export", summary="The register as printed (NĐ 30, Phụ lục IV), DOCX or Excel",
            response_class=Response, responses={**ERRORS, 200: {"content": {m: {} for m in MEDIA.values()}}})
def export_register(register_id: str, session: Session_, principal: MayExport, scope: CurrentScope,
                    format: Literal["docx", "xlsx"] = "docx", date_from: date | None = None,
                    date_to: date | None = None) -> Response:
    reg, data = exports.export_register(session, scope, register_id, format, date_from, date_to)
    audit(session, principal, "export", "register", reg.id, {"format": format, "from": str(date_from or ""),
                                                            "to": str(date_to or "")})
    name = f"{reg.name}.{format}"
    return Response(data, media_type=MEDIA[format], headers={
        "Content-Disposition": f"attachment; filename=so-{reg.kind}-{reg.year}.{format}; "
                               f"filename*=UTF-8''{quote(name)}"})


@router.post("/intake/run", response_model=IntakeOut, summary="Poll the watched folder and the mailbox now",
             responses=ERRORS)
def run_intake(principal: MayRunIntake) -> IntakeOut:
    from services.registry.intake import poll_folder, poll_mailbox

    return IntakeOut(folder=poll_folder(), mailbox=poll_mailbox())
