"""The sổ văn bản đến: registration with gap-free numbers, the leader's routing, handled state.

Functions take a Session and never commit: the request or task boundary does. Storing a file goes through
ingest's `accept_upload` (the same door as an upload) in the same unit of work as its register line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session, selectinload

from services.briefing import public as briefing
from services.core.auth.models import Unit
from services.core.auth.policy import Principal, Scope, document_clearance
from services.core.auth.units import unit_key
from services.core.errors import VanbanError
from services.core.sql import in_range
from services.core.web import not_found
from services.ingest import public as ingest
from services.registry import registers
from services.registry.domain import Urgency, local_date, register_code_for_level
from services.registry.errors import RegistryError
from services.registry.models import IncomingEntry, Register, Routing, RoutingUnit
from services.vntext.units import is_known_unit


def entry_not_found() -> VanbanError:
    return not_found("Văn bản đến")


def visible_entries(scope: Scope) -> ColumnElement[bool]:
    """The access policy over register lines: clearance — the line's and its document's (a stamp read after
    registration may make the document more secret than its line) — and a unit role sees only its own unit's
    register."""
    if scope.public_only:
        return and_(IncomingEntry.id.is_(None))
    # correlated: one primary-key look-up per line, not the list of every visible document
    documents = select(ingest.Document.id).where(ingest.Document.id == IncomingEntry.document_id,
                                                 ingest.visible_clause(document_clearance(scope)))
    clauses: list[ColumnElement[bool]] = [IncomingEntry.level <= scope.max_level,
                                          or_(IncomingEntry.document_id.is_(None),
                                              documents.exists())]
    if scope.unit_keys is not None:
        own = select(Register.id).where(Register.office_key.in_(sorted(scope.unit_keys)))
        clauses.append(IncomingEntry.register_id.in_(own))
    return and_(true(), *clauses)


@dataclass
class IncomingData:
    sender: str | None = None
    doc_number: str | None = None
    doc_date: date | None = None
    doc_type: str | None = None
    subject: str | None = None
    urgency: Urgency = Urgency.normal
    level: int = 0
    pages: int | None = None
    copies: int | None = None
    received_at: datetime | None = None
    register_code: str | None = None  # default: `mat` for secret documents, else `thuong`
    note: str | None = None


def register_incoming(session: Session, by: str, data: IncomingData, document_id: str | None, channel: str,
                      intake_key: str | None = None, office_key: str | None = None, office_name: str | None = None,
                      outgoing_id: str | None = None) -> tuple[IncomingEntry, bool]:
    """Write the next line of the register. Returns (entry, created); an intake key seen before returns its line."""
    if intake_key:
        seen = session.scalar(select(IncomingEntry).where(IncomingEntry.intake_key == intake_key))
        if seen is not None:
            return seen, False
    received_at = data.received_at or datetime.now(UTC)
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=UTC)
    code = data.register_code or register_code_for_level(data.level)
    if code == "thuong" and data.level > 0:
        raise RegistryError.secret_in_ordinary_register()
    day = local_date(received_at)
    reg = registers.get_or_create(session, "incoming", day.year, code, office_key, office_name)
    number = registers.take_number(session, reg.id)
    entry = IncomingEntry(register_id=reg.id, number=number, received_at=received_at, received_on=day,
                          sender=_clip(data.sender, 512), doc_number=_clip(data.doc_number, 128),
                          doc_date=data.doc_date, doc_type=_clip(data.doc_type, 64), subject=data.subject,
                          urgency=data.urgency.value, level=data.level, pages=data.pages, copies=data.copies,
                          document_id=document_id, channel=channel, intake_key=intake_key, outgoing_id=outgoing_id,
                          state="registered", registered_by=by, note=data.note)
    session.add(entry)
    session.flush()
    if document_id and data.level > 0:
        _raise_document_level(session, document_id, data.level, by)
    return entry, True


def _clip(value: str | None, n: int) -> str | None:
    return value.strip()[:n] or None if value else None


def _raise_document_level(session: Session, document_id: str, level: int, by: str) -> None:
    """A secret register line makes its document at least that secret (the same policy then hides it)."""
    doc = ingest.get_document(session, document_id)
    if doc is not None:
        ingest.hold_document(session, doc)  # decided on its level as it stands (processing may be writing it)
    if doc is None or (doc.level >= level and (doc.access_set_by or not doc.provisional)):
        return  # already at least that secret (and not a provisional level the stamp could still lower)
    ingest.set_access(session, doc, level=max(level, doc.level if not doc.provisional else 0), audience=None,
                      audience_units=None, by=by)  # document.access_changed (services/wiring.py)


def get_entry(session: Session, scope: Scope, entry_id: str) -> IncomingEntry:
    entry = session.scalar(select(IncomingEntry).where(IncomingEntry.id == entry_id, visible_entries(scope)))
    if entry is None:
        raise entry_not_found()
    return entry


@dataclass
class EntryFilter:
    register_id: str | None = None
    year: int | None = None
    code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    state: str | None = None
    urgency: str | None = None
    office_key: str | None = None


def _filtered(scope: Scope, flt: EntryFilter) -> Any:
    stmt = select(IncomingEntry).join(Register, Register.id == IncomingEntry.register_id).where(
        visible_entries(scope))
    if flt.register_id:
        stmt = stmt.where(IncomingEntry.register_id == flt.register_id)
    if flt.year:
        stmt = stmt.where(Register.year == flt.year)
    if flt.code:
        stmt = stmt.where(Register.code == flt.code)
    if flt.office_key:
        stmt = stmt.where(Register.office_key == flt.office_key)
    stmt = in_range(stmt, IncomingEntry.received_on, flt.date_from, flt.date_to)
    if flt.state:
        stmt = stmt.where(IncomingEntry.state == flt.state)
    if flt.urgency:
        stmt = stmt.where(IncomingEntry.urgency == flt.urgency)
    return stmt


def list_entries(session: Session, scope: Scope, flt: EntryFilter, offset: int = 0,
                 limit: int = 100) -> tuple[int, list[IncomingEntry]]:
    stmt = _filtered(scope, flt)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Register.year, Register.code, IncomingEntry.number)
                           .options(selectinload(IncomingEntry.routings)).offset(offset).limit(limit)).all()
    return total, list(rows)


# --- routing (bút phê) ----------------------------------------------------------------------------------------------


@dataclass
class RoutingData:
    instruction: str
    due_date: date | None = None
    lead: list[str] = field(default_factory=list)  # chủ trì
    support: list[str] = field(default_factory=list)  # phối hợp
    info: list[str] = field(default_factory=list)  # để biết
    new_units: bool = False  # a name not in the directory adds a unit (else it is refused: a typo, an abbreviation)


def route(session: Session, principal: Principal, scope: Scope, entry: IncomingEntry, data: RoutingData) -> Routing:
    """The leader's instruction: the document becomes visible to every unit named, and each lead unit gets a tracked
    task (with the supporting units) in its inbox — briefing's task, its source the instruction."""
    from services.core.auth.service import ensure_unit
    instruction = " ".join((data.instruction or "").split())
    if not instruction:
        raise RegistryError.instruction_required()
    if not (data.lead or data.support or data.info):
        raise RegistryError.units_required()
    if entry.state == "recalled":
        raise RegistryError.recalled_cannot_route()
    if not entry.document_id:
        raise RegistryError.no_document()
    doc = ingest.get_document(session, entry.document_id)
    if doc is None:
        raise not_found()
    ingest.hold_document(session, doc)  # its units as they stand: the routed units are added to these (finding 31)
    if doc.status != "done":
        raise RegistryError.document_not_ready()
    named = [n.strip() for n in (*data.lead, *data.support, *data.info) if n and n.strip()]
    # "Các sở, ban, ngành" is no unit, new or not: made one, whoever is placed in it (or a unit it is merged into)
    # would read every document addressed to the collective (SECURITY.md 110)
    briefing.refuse_collective(*named)
    routing = Routing(incoming_id=entry.id, instruction=instruction, due_date=data.due_date,
                      by_user_id=principal.user_id, by_username=principal.username)
    session.add(routing)
    unknown = [n for n in dict.fromkeys(named) if not is_known_unit(n)
               and session.scalar(select(Unit.id).where(Unit.key == unit_key(n))) is None]
    if unknown and not data.new_units:  # "Phòng TN&MT" would be a new unit no account is in: the task reaches nobody
        raise RegistryError.units_not_in_directory(names="”, “".join(unknown))
    units: dict[str, tuple[str, str]] = {}  # unit id -> (name, role): the first role named wins
    for role, names in (("lead", data.lead), ("support", data.support), ("info", data.info)):
        for name in names:
            if name and name.strip():
                unit = ensure_unit(session, name)
                units.setdefault(unit.id, (unit.name, role))
    for uid, (name, role) in units.items():
        routing.units.append(RoutingUnit(unit_id=uid, unit_name=name, role=role))
    # every unit named may see the document (audience "units": the ones it had, plus these)
    current = [u.unit_name for u in doc.units if u.relation == "access"]
    ingest.set_access(session, doc, level=None, audience="units",
                      audience_units=list(dict.fromkeys([*current, *(n for n, _ in units.values())])),
                      by=principal.username)
    session.flush()
    briefing.sync_document(session, doc.id)  # briefing's copy follows the new access before tasks are added
    supports = [n for n, r in units.values() if r == "support"]
    for i, ru in enumerate(ru for ru in routing.units if ru.role == "lead"):
        draft = briefing.TaskDraft(action=instruction, lead=ru.unit_name, support=supports, deadline=data.due_date)
        task = briefing.add_task(session, principal, scope, doc.id, draft)
        task.origin = "instruction"
        task.sentence = instruction
        task.source_key = f"routing:{routing.id}:{i}"
        ru.task_id = task.id
    leads = [ru.unit_name for ru in routing.units if ru.role == "lead"]
    if leads:  # what extraction proposed for a general addressee is answered by the routing
        briefing.settle_routed_proposals(session, principal, doc.id, leads)
    entry.state = "routed" if entry.state == "registered" else entry.state
    session.flush()  # the tasks and notifications: task.changed, notification.queued (services/wiring.py)
    return routing


CORRECTABLE = ("sender", "doc_number", "doc_date", "doc_type", "subject", "urgency", "pages", "copies", "note")
_LIMITS = {"sender": 512, "doc_number": 128, "doc_type": 64}


def correct_entry(entry: IncomingEntry, values: dict[str, Any]) -> dict[str, list[Any]]:
    """The clerk corrects what was typed in a line (its số đến, register, level and file stay): the fields given,
    each {field: [old, new]} that changed (for the audit). The level is not corrected here — a secret line lives in
    its own register."""
    if entry.state == "recalled":
        raise RegistryError.recalled()
    changed: dict[str, list[Any]] = {}
    for name in CORRECTABLE:
        if name not in values:
            continue
        new = values[name]
        if isinstance(new, Urgency):
            new = new.value
        elif isinstance(new, str):
            new = _clip(new, _LIMITS[name]) if name in _LIMITS else (new.strip() or None)
        old = getattr(entry, name)
        if new != old:
            setattr(entry, name, new)
            changed[name] = [old.isoformat() if isinstance(old, date) else old,
                             new.isoformat() if isinstance(new, date) else new]
    return changed


def mark_handled(session: Session, entry: IncomingEntry) -> IncomingEntry:
    if entry.state == "recalled":
        raise RegistryError.recalled()
    entry.state = "handled"
    entry.handled_at = datetime.now(UTC)
    return entry


def repeated_lines(session: Session, scope: Scope, entries: list[Any]) -> dict[str, IncomingEntry]:
    """{line id: the line it repeats} for the lines of `entries` whose file, once read, proved a copy of a document
    already on a line of the same office's sổ đến (the same letter by e-mail and uploaded, or as an edXML package:
    its number is known only once the mailed file is read, after its line was written). One document, one line: the
    register prints and counts the earlier line, noting the second arrival on it. Through the access policy.
    `entries`: lines or their schemas (id, document_id, register_id, state)."""
    copies = ingest.registered_copies(session, [e.document_id for e in entries if e.document_id],
                                      ingest.visible_clause(document_clearance(scope)))
    if not copies:
        return {}
    first: dict[tuple[str, str], IncomingEntry] = {}
    for line in session.scalars(
            select(IncomingEntry).where(IncomingEntry.document_id.in_(sorted(set(copies.values()))),
                                        IncomingEntry.state != "recalled", visible_entries(scope))
            .order_by(IncomingEntry.created_at)):
        first.setdefault((line.document_id or "", line.register.office_key), line)
    offices = {rid: key for rid, key in session.execute(select(Register.id, Register.office_key).where(
        Register.id.in_(sorted({e.register_id for e in entries if e.document_id in copies}))))}
    out: dict[str, IncomingEntry] = {}
    for e in entries:
        standing = first.get((copies.get(e.document_id or "", ""), offices.get(e.register_id, "")))
        if standing is not None and standing.id != e.id and e.state != "recalled":
            out[e.id] = standing
    return out


CHANNEL_LABELS = {"upload": "tải lên", "folder": "thư mục tiếp nhận", "email": "thư điện tử", "edxml": "trục liên thông",
                  "internal": "nội bộ"}


def second_arrival_note(copy: IncomingEntry) -> str:
    """What the earlier line says of a second arrival of its document."""
    return (f"Nhận lần nữa qua {CHANNEL_LABELS.get(copy.channel, copy.channel)} ngày "
            f"{copy.received_on.strftime('%d/%m/%Y')} (số đến {copy.number}, trùng, không tính)")


def document_facts(session: Session, scope: Scope, document_id: str | None) -> dict[str, Any]:
    """What ingest understood of the document (to complete a line the clerk left short) — if the caller may see the
    document itself (its level may be above the line's)."""
    if not document_id:
        return {}
    doc = ingest.get_document(session, document_id, ingest.visible_clause(scope))
    if doc is None:
        return {}
    return {"status": doc.status, "number": doc.number, "issued_date": doc.issued_date, "issuer": doc.issuer,
            "doc_type": doc.doc_type, "subject": doc.subject, "pages": doc.pages, "urgency": doc.urgency,
            "filename": doc.filename, "sha256": doc.sha256}
