"""The sổ văn bản đi: draft → trình ký → ký → cấp số → phát hành → gửi, recall; who did what and when.

Numbers: per register (ordinary / secret) and calendar year, taken by `registers.take_number` in the transaction
that records them; a draft can be cancelled only before it is numbered, so a number once given is never given again
and never freed. Functions never commit (the boundary does); `issue` stores the package through ingest's
`accept_upload`, the same door as an upload, in the same unit of work as the issue itself.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from services.briefing import public as briefing
from services.core.auth.policy import Principal, Scope, document_clearance
from services.core.auth.units import unit_key
from services.core.config import get_settings
from services.core.errors import VanbanError
from services.core.storage import OriginalStore, write_atomic
from services.core.web import not_found
from services.ingest import public as ingest
from services.registry import domain, registers
from services.registry.edxml_writer import EdxmlDocument, EdxmlFile, write_document, write_status
from services.registry.errors import RegistryError
from services.registry.incoming import IncomingData, register_incoming, visible_entries
from services.registry.models import Delivery, IncomingEntry, OutgoingDocument, OutgoingEvent, Register
from services.registry.settings import RegistrySettings, get_registry_settings, outbox_dir
from services.vntext.units import collective_unit_name

log = logging.getLogger("vanban.registry")


def originals() -> OriginalStore:
    return OriginalStore(get_settings().originals_dir)


def outgoing_not_found() -> VanbanError:
    return not_found("Văn bản đi")


def visible_outgoing(scope: Scope) -> ColumnElement[bool]:
    """Office roles within clearance — the line's and, once issued, its document's (its stamp may be higher)."""
    if scope.public_only or scope.unit_keys is not None:
        return and_(OutgoingDocument.id.is_(None))
    # correlated: one primary-key look-up per line, not the list of every visible document
    documents = select(ingest.Document.id).where(ingest.Document.id == OutgoingDocument.document_id,
                                                 ingest.visible_clause(document_clearance(scope)))
    return and_(true(), OutgoingDocument.level <= scope.max_level,
                or_(OutgoingDocument.document_id.is_(None), documents.exists()))


def references_seen(session: Session, scope: Scope, out: OutgoingDocument) -> tuple[str | None, str | None]:
    """(in_reply_to, replaces_id) of a line, each only if the viewer may see the line it names."""
    reply = out.in_reply_to and session.scalar(select(IncomingEntry.id).where(
        IncomingEntry.id == out.in_reply_to, visible_entries(scope)))
    replaces = out.replaces_id and session.scalar(select(OutgoingDocument.id).where(
        OutgoingDocument.id == out.replaces_id, visible_outgoing(scope)))
    return reply or None, replaces or None


def get_outgoing(session: Session, scope: Scope, outgoing_id: str) -> OutgoingDocument:
    out = session.scalar(select(OutgoingDocument).where(OutgoingDocument.id == outgoing_id, visible_outgoing(scope)))
    if out is None:
        raise outgoing_not_found()
    return out


def list_outgoing(session: Session, scope: Scope, state: str | None, year: int | None, date_from: date | None,
                  date_to: date | None, offset: int, limit: int) -> tuple[int, list[OutgoingDocument]]:
    stmt = select(OutgoingDocument).where(visible_outgoing(scope))
    if state:
        stmt = stmt.where(OutgoingDocument.state == state)
    if year:
        stmt = stmt.where(OutgoingDocument.register_id.in_(select(Register.id).where(Register.year == year)))
    if date_from:
        stmt = stmt.where(OutgoingDocument.issued_on >= date_from)
    if date_to:
        stmt = stmt.where(OutgoingDocument.issued_on <= date_to)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(OutgoingDocument.issued_on.is_(None), OutgoingDocument.issued_on,
                                         OutgoingDocument.number, OutgoingDocument.created_at)
                           .offset(offset).limit(limit)).all()
    return total, list(rows)


def _event(out: OutgoingDocument, principal: Principal | None, action: str, **detail: Any) -> None:
    out.events.append(OutgoingEvent(user_id=principal.user_id if principal else None,
                                    username=principal.username if principal else "hệ thống", action=action,
                                    state=out.state, detail={k: v for k, v in detail.items() if v is not None}))


def _move(out: OutgoingDocument, principal: Principal, action: str, **detail: Any) -> None:
    out.state = domain.next_state(out.state, action).value
    _event(out, principal, action, **detail)


# --- draft, submit, sign, cancel -----------------------------------------------------------------------------------


@dataclass
class DraftData:
    doc_type: str
    subject: str
    recipients: list[dict[str, Any]] = field(default_factory=list)  # {name, internal: bool | None}
    drafting_unit_code: str | None = None
    urgency: domain.Urgency = domain.Urgency.normal
    level: int = 0
    pages: int | None = None
    copies: int | None = None
    in_reply_to: str | None = None
    replaces_id: str | None = None


def _recipients(session: Session, raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each recipient with `internal` decided: given, or true when it is a unit of this instance."""
    from services.core.auth.models import Unit

    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in raw:
        name = " ".join(str(r.get("name") or "").split())[:255]
        if not name or name in seen:
            continue
        seen.add(name)
        internal = r.get("internal")
        if internal is None:
            internal = session.scalar(select(Unit.id).where(Unit.key == unit_key(name))) is not None
        # sending makes each internal recipient a unit of the directory (a sổ đến of its own): "Các sở, ban, ngành"
        # is none — made one, it got an inbox for what is addressed to all (SECURITY.md 101, 110, 113)
        if internal and collective_unit_name(name):
            raise RegistryError.collective_recipient(name=name)
        out.append({"name": name, "internal": bool(internal)})
    return out


def create_draft(session: Session, principal: Principal, scope: Scope, data: DraftData, filename: str, content: bytes,
                 content_type: str | None) -> OutgoingDocument:
    filename = ingest.clean_filename(filename)
    ingest.check_upload(filename, content)
    domain.type_abbreviation(data.doc_type)  # a type of NĐ 30 (or công văn)
    subject = " ".join(data.subject.split())
    if not subject:
        raise RegistryError.subject_required()
    if data.level > scope.max_level:
        raise RegistryError.level_above_clearance()
    if data.in_reply_to:
        from services.registry.incoming import get_entry

        get_entry(session, scope, data.in_reply_to)
    if data.replaces_id:
        get_outgoing(session, scope, data.replaces_id)
    recipients = _recipients(session, data.recipients)
    digest = originals().put(content)
    out = OutgoingDocument(state=domain.OutState.draft.value, doc_type=data.doc_type.strip()[:64],
                           drafting_unit_code=(data.drafting_unit_code or "").strip()[:32] or None, subject=subject,
                           urgency=data.urgency.value, level=data.level, pages=data.pages, copies=data.copies,
                           recipients=recipients, file_sha256=digest, filename=filename,
                           content_type=content_type, in_reply_to=data.in_reply_to, replaces_id=data.replaces_id,
                           created_by=principal.username)
    session.add(out)
    _event(out, principal, "draft", filename=filename)
    session.flush()
    return out


def submit(session: Session, principal: Principal, out: OutgoingDocument, note: str | None) -> OutgoingDocument:
    _move(out, principal, "submit", note=note)
    return out


def return_draft(session: Session, principal: Principal, out: OutgoingDocument, note: str | None) -> OutgoingDocument:
    _move(out, principal, "return", note=note)
    return out


def sign(session: Session, principal: Principal, out: OutgoingDocument, signer_name: str | None,
         signer_title: str | None) -> OutgoingDocument:
    _move(out, principal, "sign", signer_title=signer_title)
    out.signer_name = (signer_name or principal.username)[:128]
    out.signer_title = (signer_title or "")[:128] or None
    out.signed_at = datetime.now(UTC)
    return out


def cancel(session: Session, principal: Principal, out: OutgoingDocument, note: str | None) -> OutgoingDocument:
    _move(out, principal, "cancel", note=note)
    return out


# --- number, issue ----------------------------------------------------------------------------------------------------


def number(session: Session, principal: Principal, out: OutgoingDocument) -> OutgoingDocument:
    target = domain.next_state(out.state, "number")
    settings = get_registry_settings()
    now = datetime.now(UTC)
    day = domain.local_date(now)
    reg = registers.get_or_create(session, "outgoing", day.year, domain.register_code_for_level(out.level))
    notation = domain.notation(out.doc_type, settings.registry_office_code, out.drafting_unit_code)
    n = registers.take_number(session, reg.id)
    out.register_id = reg.id
    out.number = n
    out.notation = notation
    out.full_number = domain.full_number(n, notation)
    out.numbered_at = now
    out.issued_on = day
    out.state = target.value
    _event(out, principal, "number", number=out.full_number, register=reg.name)
    session.flush()
    return out


def _package(out: OutgoingDocument, settings: RegistrySettings, to: list[str]) -> bytes:
    assert out.number is not None and out.notation is not None and out.issued_on is not None
    return write_document(EdxmlDocument(
        organ_name=settings.registry_office, organ_id=settings.registry_office_code,
        code_number=f"{out.number:02d}", code_notation=out.notation, doc_type=out.doc_type, subject=out.subject,
        promulgation_date=out.issued_on, place=settings.registry_place, signer_name=out.signer_name or "",
        signer_title=out.signer_title or "", to=to, to_places=[r["name"] for r in out.recipients],
        urgency=out.urgency, pages=out.pages, copies=out.copies, document_id=out.id,
        attachments=[EdxmlFile(out.filename, originals().get(out.file_sha256), out.content_type)]))


def _slug(text: str) -> str:
    from services.vntext import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:80] or "x"


def issue(session: Session, principal: Principal, out: OutgoingDocument, scope: Scope | None = None) -> OutgoingDocument:
    """Phát hành: the package becomes a document of the store (processed, searchable, its tasks tracked). A document
    that replaces another (thay thế) recalls it, the replacement named as the reason."""
    target = domain.next_state(out.state, "issue")
    if out.replaces_id and scope is not None and session.get(OutgoingDocument, out.replaces_id) is not None and \
            references_seen(session, scope, out)[1] is None:
        # issuing recalls the replaced document: not by someone who may no longer see it (its stamp was raised
        # since the draft named it)
        raise RegistryError.replaced_not_visible()
    settings = get_registry_settings()
    package = _package(out, settings, [])
    assert out.full_number is not None
    # the office declares the level of its own document: provisional at that level until processed, never lower
    outcome = ingest.accept_upload(session, f"{_slug(out.full_number)}.edxml", package, "application/xml",
                                   source="edxml", uploaded_by=principal.user_id, level=out.level,
                                   declared_by=principal.username)  # document.stored, as every door
    if outcome.error is not None:
        raise outcome.error
    assert outcome.document is not None
    doc = outcome.document
    out.document_id = doc.id
    out.issued_at = datetime.now(UTC)
    out.state = target.value
    _event(out, principal, "issue", document_id=doc.id)
    if out.replaces_id and scope is not None:
        old = session.get(OutgoingDocument, out.replaces_id)
        if old is not None and old.state in (domain.OutState.issued.value, domain.OutState.sent.value):
            # the old recipients are told its number only if they could be told the new document itself
            named = f" số {out.full_number}" if out.level <= old.level else ""
            recall(session, principal, scope, old, f"Được thay thế bằng văn bản{named}.")
    return out


# --- send -----------------------------------------------------------------------------------------------------------


def _deliver_external(settings: RegistrySettings, name: str, data: bytes) -> str:
    """Write the package to the outbox dir, or POST it to the configured endpoint. Returns where it went."""
    if settings.registry_outbox_url:
        import httpx

        r = httpx.post(settings.registry_outbox_url, content=data, timeout=30,
                       headers={"Content-Type": "application/xml", "X-Edxml-Name": name})
        r.raise_for_status()
        return settings.registry_outbox_url
    path = outbox_dir(settings) / name
    write_atomic(path, data)
    return str(path)


def send(session: Session, principal: Principal, out: OutgoingDocument) -> OutgoingDocument:
    """Deliver to every recipient not yet reached: internal units get a line in their own sổ đến (and see the
    document); outside bodies get an edXML package. Failed deliveries stay `failed` and are retried by sending again."""
    from services.core.auth.service import ensure_unit

    target = domain.next_state(out.state, "send")
    if not out.recipients:
        raise RegistryError.no_recipients()
    settings = get_registry_settings()
    assert out.full_number is not None
    by_name = {d.recipient: d for d in out.deliveries}
    for r in out.recipients:  # a draft written before SECURITY.md 113 may name a collective: no unit made of it
        done = by_name.get(r["name"]) is not None and by_name[r["name"]].status in ("sent", "delivered", "recalled")
        if r["internal"] and not done and collective_unit_name(r["name"]):
            raise RegistryError.collective_recipient(name=r["name"])
    for r in out.recipients:
        d = by_name.get(r["name"])
        if d is None:
            d = Delivery(recipient=r["name"], internal=bool(r["internal"]), status="pending", attempts=0)
            out.deliveries.append(d)
        if d.status in ("sent", "delivered", "recalled"):
            continue
        d.attempts += 1
        if d.internal:
            unit = ensure_unit(session, d.recipient)
            entry, _ = register_incoming(
                session, principal.username,
                IncomingData(sender=settings.registry_office, doc_number=out.full_number, doc_date=out.issued_on,
                             doc_type=out.doc_type, subject=out.subject, urgency=domain.Urgency(out.urgency),
                             level=out.level, pages=out.pages, copies=out.copies),
                out.document_id, "internal", intake_key=f"internal:{out.id}:{unit.id}", office_key=unit.key,
                office_name=unit.name, outgoing_id=out.id)
            d.unit_id, d.incoming_id, d.status, d.target = unit.id, entry.id, "delivered", unit.name
            d.sent_at, d.error = datetime.now(UTC), None
            continue
        name = f"{_slug(out.full_number)}-{out.id[:8]}-{_slug(d.recipient)}.edxml"
        try:
            d.target = _deliver_external(settings, name, _package(out, settings, [d.recipient]))
            d.status, d.sent_at, d.error = "sent", datetime.now(UTC), None
        except Exception as exc:  # noqa: BLE001 - one unreachable recipient does not stop the others
            log.warning("edXML delivery of %s to %s failed: %s", out.full_number, d.recipient, exc)
            d.status, d.error = "failed", (f"Chưa gửi được gói edXML; kiểm tra nơi gửi rồi bấm “Gửi lại”. Chi tiết kỹ "
                                           f"thuật: {type(exc).__name__}: {exc}")[:500]
    out.state = target.value
    _event(out, principal, "send", deliveries={d.recipient: d.status for d in out.deliveries})
    session.flush()
    return out


# --- recall ---------------------------------------------------------------------------------------------------------


def recall(session: Session, principal: Principal, scope: Scope, out: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Thu hồi: every recipient is told (internal: its register line is marked recalled; outside: an edXML status
    message), the document's open tasks are marked recalled with the reason (their units told), and search
    re-indexes the document (which then shows it as recalled)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise RegistryError.reason_required()
    target = domain.next_state(out.state, "recall")
    settings = get_registry_settings()
    now = datetime.now(UTC)
    assert out.full_number is not None and out.issued_on is not None
    for d in out.deliveries:
        if d.internal and d.incoming_id:
            entry = session.get(IncomingEntry, d.incoming_id)
            if entry is not None:
                entry.state = "recalled"
                entry.note = f"Thu hồi: {reason}"
        elif d.status == "sent":
            status = write_status(settings.registry_office, settings.registry_office_code, d.recipient,
                                  out.full_number, out.issued_on, out.id, "recalled", reason, now.isoformat())
            name = f"thu-hoi-{_slug(out.full_number)}-{out.id[:8]}-{_slug(d.recipient)}.edxml"
            try:
                _deliver_external(settings, name, status)
            except Exception as exc:  # noqa: BLE001
                # a recall notice has no "Gửi lại": the clerk tells this recipient another way
                d.error = (f"Chưa báo được việc thu hồi cho nơi nhận này (hệ thống không gửi lại thông báo thu hồi): "
                           f"hãy báo bằng cách khác (điện thoại, thư điện tử, văn bản giấy) hoặc nhờ bộ phận kỹ thuật "
                           f"kiểm tra nơi gửi edXML. Chi tiết kỹ thuật: {type(exc).__name__}: {exc}")[:500]
                continue
        else:
            continue
        d.status, d.recall_notified_at = "recalled", now
    closed = 0
    if out.document_id:
        # the recall is a fact of the document, which a later reading sees (its tasks may all be done: none recalled)
        ingest.mark_recalled(session, out.document_id, now, reason)
        note = f"Văn bản {out.full_number} bị thu hồi: {reason}"
        while True:
            _, tasks = briefing.list_tasks(session, scope, briefing.TaskFilter(document_id=out.document_id),
                                           briefing.today(), 0, 200)
            open_tasks = [t for t in tasks if t.state != "completed"]
            if not open_tasks:
                break
            for t in open_tasks:
                briefing.recall(session, principal, t, note)
                closed += 1
            session.flush()
        # the units told and the index updated after the commit: notification.queued, task.changed (wiring)
    out.state = target.value
    out.recalled_at = now
    out.recall_reason = reason
    _event(out, principal, "recall", reason=reason, tasks_closed=closed)
    session.flush()
    return out
