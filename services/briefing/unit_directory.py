"""The office's own unit directory, edited by an administrator: add a unit, rename it (the old name stays an alias so
that old documents still map to it), add and remove aliases; a unit name extraction proposed is accepted as a new
unit (sync.accept_unit) or as another name of a unit already there.

A unit's key never changes (users, tasks, documents' access and the search index hold it); a name the office gives
a unit is a row of `unit_aliases` that `services.core.auth.units.unit_key` maps to that key. A new alias that
documents already used re-links them: their tasks reach the unit's inbox, and their access follows (ingest's
`set_units`, which tells search and briefing through the wiring table).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from services.briefing.errors import BriefingError
from services.briefing.models import MeetingUnit, Notification, Task, TaskUnit, TrackedDocumentAccess
from services.briefing.queries import documents_naming, hold_documents
from services.briefing.schemas import UnitContacts
from services.briefing.sync import accept_unit
from services.core.auth.models import ApiKey, Unit, UnitAlias, User
from services.core.auth.policy import Principal
from services.core.auth.service import audit
from services.core.auth.units import canonical_name, forget_office_names, load_office_names, unit_key
from services.core.db import after_commit
from services.core.outbound import safe_outbound_url
from services.ingest.public import Document, hold_document, set_units
from services.vntext.units import collective_unit_name, fold_unit, is_known_unit

MAX_NAME = 255


def clean_name(name: str) -> str:
    written = " ".join((name or "").split()).strip(" ,;:.-–")
    if not written or len(written) > MAX_NAME or not unit_key(written):
        raise BriefingError.invalid_unit()
    return written


def refuse_collective(*names: str, directory: bool = False) -> None:
    """A collective ("Các sở, ban, ngành", "UBND các huyện") is no unit: never a unit of the directory nor another
    name of one — else whoever is placed in that unit reads every document addressed to the collective (SECURITY.md
    101, 110). The strict check the accounts' import and briefing's sync use: a name the shared directory knows passes.
    `directory`: the administrator names a unit of the directory (`collective_unit_name`: "add each unit"); else a
    routing or a task names it (`collective_unit`: "name the specific unit")."""
    for name in names:
        if name and collective_unit_name(name):
            error = BriefingError.collective_unit_name if directory else BriefingError.collective_unit
            raise error(name=" ".join(name.split()))


def _names_changed(session: Session) -> None:
    """The office's names as this unit of work now has them; read again by everyone after it ends."""
    session.flush()
    load_office_names(session)
    after_commit(session, forget_office_names)


def owner_of(session: Session, name: str) -> Unit | None:
    """The unit this name already reaches (its key is a unit's), if any."""
    return session.scalar(select(Unit).where(Unit.key == unit_key(name)))


def not_in_directory(session: Session, names: list[str], already: list[str] | None = None) -> list[str]:
    """The names (as written) that reach no unit: neither the office's directory nor the shared directory of
    administrative bodies knows them, and they are not the names the task already carried (`already`, e.g. what
    extraction proposed) — a typo in a review form would otherwise add a unit when the task is confirmed."""
    kept = {unit_key(n) for n in already or [] if n}
    wanted = {n: unit_key(n) for n in (x.strip() for x in names) if n}
    wanted = {n: k for n, k in wanted.items() if k not in kept and not is_known_unit(n)}
    known = set(session.scalars(select(Unit.key).where(Unit.key.in_(sorted(set(wanted.values()))))))
    return [n for n, k in wanted.items() if k not in known]


def add_unit(session: Session, principal: Principal, name: str, email: str | None = None,
             webhook_url: str | None = None) -> Unit:
    written = clean_name(name)
    refuse_collective(written, directory=True)
    existing = owner_of(session, written)
    if existing is not None:
        raise BriefingError.unit_exists(name=written, existing=existing.name)
    unit = Unit(key=unit_key(written), name=canonical_name(written)[:MAX_NAME], email=email or None,
                webhook_url=webhook_url or None, added_by=principal.username)
    hold_documents(session, documents_naming(session, unit.key), exclusive=False)  # before their tasks (140)
    session.add(unit)
    session.flush()  # tasks already naming it are linked (sync._link_accepted_unit)
    audit(session, principal, "change", "unit", unit.id, {"added": unit.name})
    return unit


def _add_alias_row(session: Session, principal: Principal, unit: Unit, written: str, kind: str) -> UnitAlias | None:
    folded = fold_unit(written)
    row = session.scalar(select(UnitAlias).where(UnitAlias.folded == folded))
    if row is not None:
        if row.unit_id != unit.id:
            other = session.get(Unit, row.unit_id)
            raise BriefingError.alias_taken(name=written, existing=other.name if other else "")
        return None
    row = UnitAlias(unit_id=unit.id, name=written[:MAX_NAME], folded=folded[:MAX_NAME], kind=kind,
                    created_by=principal.username)
    session.add(row)
    return row


def rename_unit(session: Session, principal: Principal, unit: Unit, new_name: str) -> Unit:
    written = clean_name(new_name)
    refuse_collective(written, directory=True)
    old = unit.name
    if written == old:
        return unit
    # a collective made a unit before SECURITY.md 110 keeps its key whatever its name: renamed, its staff would still
    # read everything addressed to the collective, and the administrator's list of collectives would lose it
    refuse_collective(old, directory=True)
    owner = owner_of(session, written)
    if owner is not None and owner.id != unit.id:
        raise BriefingError.unit_exists(name=written, existing=owner.name)
    _add_alias_row(session, principal, unit, old, "former_name")  # old documents keep reaching the unit
    stale = session.scalar(select(UnitAlias).where(UnitAlias.unit_id == unit.id,
                                                   UnitAlias.folded == fold_unit(written)))
    if stale is not None:  # renamed back to a former name: it is the name again, not an alias
        session.delete(stale)
    unit.name = written
    _names_changed(session)
    # the name shown on the unit's tasks follows — their documents held first, as a recall does (SECURITY.md 140)
    hold_documents(session, documents_naming(session, unit.key, unit.id), exclusive=False)
    session.execute(update(TaskUnit).where(TaskUnit.unit_id == unit.id).values(name=written))
    session.execute(update(Task).where(Task.lead_unit_id == unit.id).values(lead_name=written))
    audit(session, principal, "change", "unit", unit.id, {"renamed_from": old, "renamed_to": written})
    return unit


def add_alias(session: Session, principal: Principal, unit: Unit, alias: str, kind: str = "alias") -> None:
    written = clean_name(alias)
    refuse_collective(written, directory=True)
    before = unit_key(written)
    owner = owner_of(session, written)
    if owner is not None and owner.id != unit.id:
        raise BriefingError.alias_taken(name=written, existing=owner.name)
    if _add_alias_row(session, principal, unit, written, kind) is None:
        return  # already one of its names
    _names_changed(session)
    opened = _relink(session, before, unit) if before != unit.key else []
    audit(session, principal, "change", "unit", unit.id, {"alias_added": written})
    for doc_id in opened:  # each document's own trail says who opened it to the unit, and when
        audit(session, principal, "change", "document", doc_id, {"alias_added": written, "unit": unit.name})


def remove_alias(session: Session, principal: Principal, unit: Unit, alias_id: int) -> None:
    row = session.get(UnitAlias, alias_id)
    if row is None or row.unit_id != unit.id:
        raise BriefingError.alias_not_found()
    name = row.name
    session.delete(row)
    _names_changed(session)  # documents read from now on no longer map this name to the unit
    audit(session, principal, "change", "unit", unit.id, {"alias_removed": name})


def merge_unit(session: Session, principal: Principal, unit: Unit, into: Unit,
               others: Sequence[Callable[[Session, str, str], None]] = ()) -> Unit:
    """`unit` joins `into` (the 2025 reorganisation: Sở Kế hoạch và Đầu tư into Sở Tài chính) and leaves the
    directory: its name and other names become `into`'s former names, so documents naming it, old and new, reach
    `into`; its tasks (lead or cooperating, with their history), its staff's accounts, its meetings and messages go
    to `into`, and the documents' access and the search index follow (`_relink`). `others` move the rows other
    features keep of a unit (the registry's routings and deliveries: `registry.public.move_unit`), given
    (session, old unit id, new unit id), before the unit row goes."""
    if unit.id == into.id:
        raise BriefingError.merge_same_unit()
    # a collective made a unit or another name before SECURITY.md 110 never becomes `into`'s former name, nor
    # `into`'s staff part of a collective "unit"
    refuse_collective(unit.name, into.name,
                      *session.scalars(select(UnitAlias.name).where(UnitAlias.unit_id == unit.id)), directory=True)
    old_key, old_name, old_id = unit.key, unit.name, unit.id
    # in a recall's order (SECURITY.md 140): the registry's rows (its deliveries), the documents, then their tasks
    for move in others:
        move(session, old_id, into.id)
    hold_documents(session, _documents_of(session, old_key, old_id), exclusive=True)
    session.execute(update(UnitAlias).where(UnitAlias.unit_id == old_id).values(unit_id=into.id))
    staff = list(session.scalars(select(User.id).where(User.unit_id == old_id).order_by(User.username)))
    session.execute(update(User).where(User.unit_id == old_id).values(unit_id=into.id))
    # a change of unit for each account (SECURITY.md 38, 82): the API keys made for what it did before end; its
    # sessions read the unit of now on every request, so its officer goes on working in the unit it joined
    session.execute(update(ApiKey).where(ApiKey.user_id.in_(staff), ApiKey.revoked.is_(False)).values(revoked=True))
    both = select(MeetingUnit.meeting_id).where(MeetingUnit.unit_id == into.id).scalar_subquery()
    session.execute(delete(MeetingUnit).where(MeetingUnit.unit_id == old_id, MeetingUnit.meeting_id.in_(both)))
    session.execute(update(MeetingUnit).where(MeetingUnit.unit_id == old_id).values(unit_id=into.id))
    session.execute(update(Notification).where(Notification.unit_id == old_id).values(unit_id=into.id))
    session.execute(update(TaskUnit).where(TaskUnit.unit_id == old_id).values(unit_id=into.id))
    session.execute(update(Task).where(Task.lead_unit_id == old_id).values(lead_unit_id=into.id))
    session.flush()
    session.expire_all()  # the rows above changed under the ORM: read them again
    session.execute(delete(Unit).where(Unit.id == old_id))
    session.flush()
    _add_alias_row(session, principal, into, old_name, "former_name")
    _names_changed(session)  # the old names now reach `into`
    opened = _relink(session, old_key, into)
    audit(session, principal, "change", "unit", into.id, {"merged": old_name, "into": into.name})
    for user_id in staff:
        audit(session, principal, "change", "user", user_id, {"unit": [old_name, into.name]})
    for doc_id in opened:
        audit(session, principal, "change", "document", doc_id, {"merged": old_name, "unit": into.name})
    return into


def set_contacts(session: Session, principal: Principal, unit: Unit, body: UnitContacts,
                 fields: tuple[str, ...] = ("email", "webhook_url")) -> Unit:
    """A unit's e-mail and webhook as validated by `UnitContacts` (`fields`: those set; the others are kept), audited.
    The webhook is never a loopback, private, link-local or metadata address (unless VANBAN_ALLOW_PRIVATE_WEBHOOKS)."""
    if "email" in fields:
        unit.email = body.email
    if "webhook_url" in fields:
        unit.webhook_url = safe_outbound_url(body.webhook_url) if body.webhook_url else None
    audit(session, principal, "change", "unit", unit.id, body.model_dump(include=set(fields)))
    return unit


def accept_proposal(session: Session, principal: Principal, name: str, unit: Unit | None) -> Unit:
    """A unit name extraction proposed: a new unit of the directory (`unit` None), or another name of `unit`."""
    refuse_collective(name, directory=True)
    if unit is None:
        accepted = accept_unit(session, principal, name)
        audit(session, principal, "change", "unit", accepted.id, {"accepted": accepted.name})
        return accepted
    add_alias(session, principal, unit, name)
    return unit


@dataclass(frozen=True)
class CollectiveName:
    """A collective made a unit (`alias_id` None) or another name of `unit_name` before SECURITY.md 110 (a leader's
    routing with new units, an alias added by hand): kept as it is, shown to the administrator with what to do."""
    name: str
    unit_id: str
    unit_name: str
    alias_id: int | None
    staff: int
    advice: str


def collective_names(session: Session) -> list[CollectiveName]:
    """The directory's units and other names that are collectives — never deleted or renamed here: each says who
    reads what through it and what the administrator should do."""
    out: list[CollectiveName] = []
    for unit in session.scalars(select(Unit).order_by(Unit.name)):
        if collective_unit_name(unit.name):
            staff = session.scalar(select(func.count()).select_from(User).where(User.unit_id == unit.id)) or 0
            out.append(CollectiveName(
                name=unit.name, unit_id=unit.id, unit_name=unit.name, alias_id=None, staff=staff,
                advice=(f"“{unit.name}” là tên chung nhưng đang là một đơn vị trong danh mục: tài khoản thuộc đơn vị "
                        f"này đọc được mọi văn bản gửi “{unit.name}”. "
                        + (f"Hãy chuyển {staff} tài khoản của đơn vị này sang đúng đơn vị của họ; " if staff else "")
                        + "giao lại các nhiệm vụ của tên này cho từng đơn vị cụ thể; không gộp đơn vị này vào đơn vị "
                        "khác, không đổi tên đơn vị này và không xếp tài khoản vào đơn vị này.")))
    rows = session.execute(select(UnitAlias, Unit).join(Unit, Unit.id == UnitAlias.unit_id)
                           .order_by(Unit.name, UnitAlias.name)).all()
    for alias, unit in rows:
        if collective_unit_name(alias.name):
            out.append(CollectiveName(
                name=alias.name, unit_id=unit.id, unit_name=unit.name, alias_id=alias.id, staff=0,
                advice=(f"“{alias.name}” là tên chung nhưng đang là tên khác của {unit.name}: cán bộ {unit.name} đọc "
                        f"được mọi văn bản gửi “{alias.name}”. Mở trang đơn vị {unit.name} và bỏ tên khác này.")))
    return out


def aliases_of(session: Session, unit_ids: list[str]) -> dict[str, list[UnitAlias]]:
    out: dict[str, list[UnitAlias]] = {uid: [] for uid in unit_ids}
    if unit_ids:
        for row in session.scalars(select(UnitAlias).where(UnitAlias.unit_id.in_(unit_ids))
                                   .order_by(UnitAlias.name)):
            out[row.unit_id].append(row)
    return out


def _documents_of(session: Session, key: str, unit_id: str | None = None) -> set[str]:
    """The documents naming the unit of this key: on their tasks, in briefing's copy of their access, and those
    briefing does not follow (a failed file a clerk opened to the unit, one still queued): their units, as ingest
    holds them (SECURITY.md 81)."""
    docs = documents_naming(session, key, unit_id)
    docs |= set(session.scalars(select(TrackedDocumentAccess.document_id)
                                .where(TrackedDocumentAccess.unit_key == key)))
    return docs | set(session.scalars(select(Document.id).where(Document.units.any(unit_key=key))))


def _relink(session: Session, old_key: str, unit: Unit) -> list[str]:
    """Rows that named the unit by a name now its alias (key `old_key`) move to the unit: tasks reach its inbox, and
    the documents' units are set again (the access and the search index follow through the wiring table). Returns
    the documents concerned."""
    docs = _documents_of(session, old_key)
    hold_documents(session, docs, exclusive=True)  # before their tasks, as a recall does (SECURITY.md 140)
    touched: set[str] = set()
    for tu in session.scalars(select(TaskUnit).where(TaskUnit.unit_key == old_key)).all():
        touched.add(tu.task_id)
        twin = session.scalar(select(TaskUnit).where(TaskUnit.task_id == tu.task_id, TaskUnit.unit_key == unit.key))
        if twin is not None and twin.role == "support" and tu.role == "lead":
            session.delete(twin)  # it leads now under its own name: no longer its own cooperating unit
            twin = None
            session.flush()
        if twin is not None:  # the task already names the unit by another name: one row
            session.delete(tu)
        else:
            tu.unit_key, tu.unit_id, tu.name = unit.key, unit.id, unit.name
    session.execute(update(Task).where(Task.lead_unit_key == old_key)
                    .values(lead_unit_key=unit.key, lead_unit_id=unit.id, lead_name=unit.name))
    session.flush()
    for task in session.scalars(select(Task).where(Task.id.in_(sorted(touched)))).all():
        # the cooperating units as they now read: the unit's names become its name, once, and not beside itself
        support: dict[str, str] = {}
        for name in task.support_names or []:
            key = unit_key(name)
            if key != task.lead_unit_key:
                support.setdefault(key, unit.name if key == unit.key else name)
        if list(support.values()) != list(task.support_names or []):
            task.support_names = list(support.values())
    session.flush()
    for doc_id in sorted(docs):  # briefing's copy of the access follows in this transaction (wiring table)
        doc = session.get(Document, doc_id)
        if doc is None:
            continue
        hold_document(session, doc)  # its units as they stand (a clerk's restriction meanwhile: SECURITY.md 31)
        names: dict[str, list[str]] = {}
        for du in doc.units:
            names.setdefault(du.relation, []).append(du.unit_name)
        set_units(session, doc, assigned=names.get("assigned", []), addressed=names.get("addressed", []),
                  audience_units=names.get("audience", []))
    session.flush()
    return sorted(docs)
