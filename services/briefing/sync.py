"""Sync from documents (the task "briefing.sync_document"), the units a task names (proposed names stay
proposals until a clerk accepts them), and sending a task to the units' inboxes."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.orm import Session, selectinload

from services.briefing import domain, notify
from services.briefing.common import EDITOR_ROLES, SYSTEM_USERNAME, _check_role, today
from services.briefing.domain import INACTIVE_STATES, State
from services.briefing.errors import BriefingError
from services.briefing.models import (
    Task,
    TaskEvent,
    TaskUnit,
    TrackedDocument,
    TrackedDocumentAccess,
    new_id,
)
from services.briefing.queries import amended_tasks, documents_naming
from services.briefing.settings import get_briefing_settings
from services.core.auth.models import Unit
from services.core.auth.policy import Principal
from services.core.auth.service import ensure_unit
from services.core.auth.units import canonical_name, unit_key
from services.core.events import emit
from services.ingest.public import (
    Document,
    document_view,
    document_views,
    hold_document,
    set_units,
)
from services.vntext.units import collective_unit_name

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


def needs_review(confidence: float | None) -> bool:
    """An extracted task the extractor is unsure of waits for a clerk, even when proposals are sent at extraction
    (the extractor's threshold, `understanding.confidence.REVIEW_BELOW`)."""
    from services.ingest.public import REVIEW_BELOW

    return confidence is not None and confidence < REVIEW_BELOW


def _proposals(tasks: Sequence[Any]) -> list[tuple[Any, str, list[str]]]:
    """(task view, lead, supporting units) per proposal: a duty led by several units ("Các Sở: XD, TC chủ trì") is
    one proposal per lead unit, each in its own inbox; canonical units, each named once per proposal (a unit that
    leads is not also listed as supporting)."""
    out: list[tuple[Any, str, list[str]]] = []
    for tv in tasks:
        leads = list(tv.lead_units or []) or [tv.lead]
        support_names = list(tv.support_units or []) or list(tv.support or [])
        lead_keys = {unit_key(x) for x in leads}
        support: list[str] = []
        for name in support_names:
            if unit_key(name) not in lead_keys and unit_key(name) not in {unit_key(x) for x in support}:
                support.append(name)
        for lead in dict.fromkeys(leads):
            out.append((tv, lead, support))
    return out


def _editable_by_sync(task: Task) -> bool:
    return task.origin == "extracted" and not task.confirmed and not task.touched and task.state == State.open


def _sentence_key(sentence: str | None) -> str:
    return " ".join((sentence or "").split()).lower()


def _decided_elsewhere(decided: dict[str, dict[str, int]], read: dict[str, set[str]], sentence: str,
                       lead: str) -> bool:
    """Whether a proposal of a new reading (its key new: the rules now cut its action or lead otherwise) is a task
    people already decided from the same sentence — confirmed, edited, rejected, split or merged — under the key an
    older reading gave it: then it is not proposed again beside their decision (a rejected task never comes back
    after an upgrade; a split one is not proposed whole again). The same sentence and the same lead, one decided
    task for one proposal (a second duty of that lead in the sentence is still proposed); or the same sentence whose
    decided lead this reading no longer names (cut otherwise now: "Sở A, Sở B" read as two), for all its proposals.
    `decided`: {sentence key: {lead key: decided tasks whose key this reading does not give}} (counted down here);
    `read`: {sentence key: lead keys of this reading's proposals}."""
    leads = decided.get(_sentence_key(sentence))
    if not leads:
        return False
    key = unit_key(lead or "")
    if leads.get(key, 0) > 0:
        leads[key] -= 1
        return True
    return any(n > 0 and k not in read.get(_sentence_key(sentence), set()) for k, n in leads.items())


UnitRef = tuple[str, str, str | None]  # (key, name, unit id or None)


def _resolve_unit(session: Session, name: str, create: bool,
                  known: dict[str, Unit | None] | None = None) -> UnitRef | None:
    """(key, name, unit id or None). A person naming a unit adds it to the directory (`create`); a name only
    extraction found stays a proposal (no unit id) until a clerk accepts it. `known`: the directory rows already
    read for these keys (see _units_by_key), so that a document's tasks cost one SELECT, not one per name."""
    key = unit_key(name or "")
    if not key or len(key) > 255:
        return None
    if known is not None and key in known:
        unit = known[key]
    else:
        unit = session.scalar(select(Unit).where(Unit.key == key))
    if unit is None and create and not collective_unit_name(name):
        # "UBND các xã, phường" cooperating is named on the task, never a unit of the directory nor an inbox
        unit = ensure_unit(session, name)
    if unit is not None:
        return unit.key, unit.name, unit.id
    return key, canonical_name(name)[:512], None


def _units_by_key(session: Session, names: Sequence[str]) -> dict[str, Unit | None]:
    """The directory rows of these names, in one SELECT ({key: unit or None}); no autoflush (nothing pending is
    written half-way through building the tasks)."""
    keys = {unit_key(n) for n in names if n and n.strip()}
    keys = {k for k in keys if k and len(k) <= 255}
    if not keys:
        return {}
    with session.no_autoflush:
        rows = session.scalars(select(Unit).where(Unit.key.in_(sorted(keys)))).all()
    found: dict[str, Unit | None] = dict.fromkeys(keys)
    found.update({u.key: u for u in rows})
    return found


def _name_units(session: Session, task: Task, lead: str, support: Sequence[str], create: bool,
                known: dict[str, Unit | None] | None) -> dict[str, tuple[str, str, str | None]]:
    """The task's lead and supporting names as the directory has them (its columns set); returns the unit rows it
    should have: {unit key: (role, name, unit id or None)}, the lead first."""
    lead_ref = _resolve_unit(session, lead, create, known) if lead and lead.strip() else None
    _put(task, "lead_name", (lead_ref[1] if lead_ref else (lead or "")).strip()[:512])
    _put(task, "lead_unit_id", lead_ref[2] if lead_ref else None)
    _put(task, "lead_unit_key", lead_ref[0] if lead_ref else None)
    wanted: dict[str, tuple[str, str, str | None]] = {}
    if lead_ref is not None:
        wanted[lead_ref[0]] = ("lead", lead_ref[1], lead_ref[2])
    names: list[str] = []
    for name in support:
        if not name or not name.strip():
            continue
        # "phối hợp với UBND các xã, phường", "… các cơ quan liên quan": a collective partner stays on the task as
        # written (the lead involves them); _resolve_unit makes no unit of the directory for it — an inbox nobody reads
        ref = _resolve_unit(session, name, create, known)
        if ref is None or ref[0] in wanted:  # the lead (made lead by an edit), or named twice: one role per unit
            continue
        names.append(ref[1])
        wanted[ref[0]] = ("support", ref[1], ref[2])
    _put(task, "support_names", names)
    return wanted


_MISSING: Any = object()


def _put(obj: Any, attr: str, value: Any) -> None:
    """Set an attribute only if its loaded value differs: a row a sync leaves as it was stays clean — no UPDATE, and
    the flush's watch of changed tasks (services/core/events.py) does not inspect every column of every task of a
    document re-synced unchanged (an access change re-syncs all of them). An attribute not loaded (a new row's,
    an expired one) is always set."""
    if obj.__dict__.get(attr, _MISSING) != value:
        setattr(obj, attr, value)


def _set_units(session: Session, task: Task, lead: str, support: Sequence[str], create: bool = True,
               known: dict[str, Unit | None] | None = None) -> None:
    wanted = _name_units(session, task, lead, support, create, known)
    current = {tu.unit_key: tu for tu in task.units}
    for key, tu in list(current.items()):
        if key not in wanted:
            task.units.remove(tu)
        else:
            role, name, uid = wanted[key]
            _put(tu, "role", role)
            _put(tu, "name", name)
            _put(tu, "unit_id", uid)
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


def _send(session: Session, task: Task, publish: bool = True) -> None:
    """The task reaches the units' inboxes (once); a task with no deadline gets its first review date. `publish`
    False: the caller has told ingest the document's assigned units already (sync_document, once per document)."""
    if task.sent_at is not None:
        return
    task.sent_at = datetime.now(UTC)
    start = max(task.assigned_on or today(), today())
    task.review_on = domain.next_review(task.deadline, task.recurrence, start,
                                        get_briefing_settings().briefing_review_days)
    session.flush()
    if publish:
        _publish_assigned(session, task.document_id)
    notify.queue_for_task(session, task, "new_task")


def _send_many(session: Session, tasks: Sequence[Task]) -> None:
    """`_send(task, publish=False)` for a document's new proposals at once: the same sent time, first review date and
    notifications, with the settings read once, one flush, and their units (written by one INSERT, see _NewRows)
    read back by one SELECT per 500 tasks — not a flush, a settings read and a load of its units per task."""
    todo = [t for t in tasks if t.sent_at is None]
    if not todo:
        return
    _load_units(session, todo)
    review_days = get_briefing_settings().briefing_review_days
    for task in todo:
        task.sent_at = datetime.now(UTC)
        start = max(task.assigned_on or today(), today())
        task.review_on = domain.next_review(task.deadline, task.recurrence, start, review_days)
    session.flush()
    for task in todo:
        notify.queue_for_task(session, task, "new_task")


_CHUNK = 500  # ids per IN list (SQLite's and PostgreSQL's bound-parameter limits are far above)


def _chunks(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids[i:i + _CHUNK]) for i in range(0, len(ids), _CHUNK)]


def _load_units(session: Session, tasks: Sequence[Task]) -> None:
    """Load the units of these tasks (persistent, their collection not loaded) by one SELECT per 500 tasks."""
    unloaded = [t.id for t in tasks if "units" not in t.__dict__]
    with session.no_autoflush:
        for chunk in _chunks(unloaded):
            session.scalars(select(Task).where(Task.id.in_(chunk)).options(selectinload(Task.units))).all()


def _delete_proposals(session: Session, document_id: str, tasks: Sequence[Task]) -> None:
    """Remove proposals (and their units and history) by set-based DELETEs, 500 ids each — not an ORM delete per
    task, which first loads each task's history: a document of 6,000 proposals re-read is seconds, not minutes. Their
    notifications go by the foreign key's ON DELETE CASCADE, as they did. The flush's watch of changed tasks does not
    see these rows go: the document's "task.changed" is said here, as the watch would."""
    if not tasks:
        return
    ids = [t.id for t in tasks]
    for task in tasks:
        if task in session:
            session.expunge(task)  # with its units and history (cascade): nothing of them is flushed later
    for chunk in _chunks(ids):
        for table, column in ((TaskUnit.__table__, TaskUnit.__table__.c.task_id),
                              (TaskEvent.__table__, TaskEvent.__table__.c.task_id),
                              (Task.__table__, Task.__table__.c.id)):
            session.execute(delete(table).where(column.in_(chunk)))
    emit(session, "task.changed", document_id)


def _sent_units(session: Session, document_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """The units (name, key) of the sent, active tasks of these documents, in one SELECT: {document id: units}."""
    out: dict[str, list[tuple[str, str]]] = {}
    if not document_ids:
        return out
    for document_id, name, key in session.execute(
            select(Task.document_id, TaskUnit.name, TaskUnit.unit_key).join(Task, Task.id == TaskUnit.task_id)
            .where(Task.document_id.in_(sorted(set(document_ids))), Task.sent_at.isnot(None),
                   Task.state.notin_([s.value for s in INACTIVE_STATES]))):
        out.setdefault(document_id, []).append((name, key))
    return out


def _publish_assigned(session: Session, document_id: str, view: Any = None,
                      sent: list[tuple[str, str]] | None = None) -> None:
    """Tell ingest which units the document is assigned to, so that a unit a person named on a task reads the
    document (GET /documents/{id}) under the same policy: extraction's units plus those of the sent tasks still
    followed — and no other: a unit taken off a task loses what naming it gave (SECURITY.md 58). `view`:
    the document's read model, read already (its tasks are extraction's: no document row loaded unless units
    are to be added). `sent`: the units of its sent tasks, read already (`_sent_units`, by a batch whose sync
    changed none of its tasks)."""
    doc = None
    if view is None:
        doc = session.get(Document, document_id)
        if doc is None:
            return
    tasks = view.tasks if view is not None else doc.tasks  # type: ignore[union-attr]
    read = [n for t in tasks for n in [*(t.lead_units or []), *(t.support_units or [])] if n]  # as processing wrote
    rows = sent if sent is not None else _sent_units(session, [document_id]).get(document_id, [])
    if view is not None and _assigned_as_read(view, rows):
        return  # processing has just written extraction's units: no unit named by hand
    doc = doc or session.get(Document, document_id)
    if doc is None:
        return
    current = {du.unit_key for du in doc.units if du.relation == "assigned"}
    wanted: dict[str, str] = {}
    for n in read:
        wanted.setdefault(unit_key(n), n)
    for t in tasks:  # extraction's names as an older reading wrote them (a name, not a unit) are left as they are
        for n in [*(t.lead_units or [t.lead]), *(t.support_units or t.support or [])]:
            if n and unit_key(n) in current:
                wanted.setdefault(unit_key(n), n)
    for name, key in rows:
        wanted.setdefault(key, name)
    if set(wanted) == current:
        return
    hold_document(session, doc)  # its audience and units as they stand: a clerk's restriction is never written over
    set_units(session, doc, assigned=list(wanted.values()))
    tracked = session.get(TrackedDocument, document_id)
    if tracked is not None:  # briefing's copy follows at once
        _copy_access(session, tracked, SimpleAccess(doc.level, doc.audience,
                                                     [du.unit_key for du in doc.units if du.relation == "access"]))


def _assigned_as_read(view: Any, sent: list[tuple[str, str]] | None) -> bool:
    """Whether every unit of the document's sent tasks (`sent`, read already; None: not read) is one extraction named
    — then `_publish_assigned` has nothing to add to what processing wrote."""
    if sent is None:
        return False
    if not sent:
        return True
    read_keys = {unit_key(n) for t in view.tasks for n in [*(t.lead_units or []), *(t.support_units or [])] if n}
    return all(key in read_keys for _, key in sent)


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


def _copy_access(session: Session, tracked: TrackedDocument, view: Any, flush: bool = True) -> None:
    """Briefing's copy of the document's access. `flush` False: the caller flushes later (the rows removed are
    still flushed first, before their replacements, which may have the same keys)."""
    tracked.level = view.level
    tracked.audience = view.audience
    wanted_keys = sorted(set(view.access_units))
    if sorted(a.unit_key for a in tracked.access) != wanted_keys:
        if tracked.access:
            tracked.access.clear()
            session.flush()
        for key in wanted_keys:
            tracked.access.append(TrackedDocumentAccess(unit_key=key))
    if flush:
        session.flush()


_UNREAD: Any = object()


def _hold_access(session: Session, document_ids: Sequence[str]) -> None:
    """Keep these documents' access as it is until this unit of work ends (PostgreSQL: FOR SHARE on their rows, in
    id order), before their views are read: a clerk's change committed meanwhile would otherwise be overwritten by
    the access read before it, in briefing's copy that the inboxes and reports read (SECURITY.md, finding 27). A
    change already under way is waited for and then read; one asked after waits for this commit, and its own
    transaction then copies it (`readmodel.follow_access`). SQLite (one writer, its SELECTs outside a transaction):
    the database's write lock is taken first, by a write that changes nothing."""
    if not document_ids:
        return
    ids = sorted(set(document_ids))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Document.id).where(Document.id.in_(ids)).order_by(Document.id)
                        .with_for_update(read=True))
    else:
        session.execute(update(Document).where(Document.id.in_(ids))
                        .values(attempts=Document.attempts, updated_at=Document.updated_at)
                        .execution_options(synchronize_session=False))


def sync_documents(session: Session, document_ids: Sequence[str], each: Any, together: bool = False) -> None:
    """The reads of `sync_document` for many documents at once — their views in a few queries, the directory rows of
    every unit their tasks name in one SELECT — then `each(document_id, sync)` with `sync()` syncing that document
    (the caller puts each in a savepoint). `together`: the documents are synced in one go, without a savepoint each
    (a failure undoes the batch): the new rows of the documents whose sync ends with them (first proposals, not sent
    at extraction, no unit named by hand) are then written for the whole batch at its end — one flush and one INSERT
    per table, not one of each per document."""
    _hold_access(session, document_ids)
    views = document_views(session, list(document_ids))
    names = [n for v in views.values() for _tv, lead, support in _proposals(v.tasks) for n in (lead, *support)]
    known = _units_by_key(session, names)
    # briefing's rows of the batch in three queries, not three (and a load of each copy's access) per document
    held, existing = _tracked_rows(session, list(views))
    copies = {t.document_id: t for t in held}
    sent = _sent_units(session, list(views))
    later = _NewRows() if together else None
    for document_id in document_ids:
        each(document_id, lambda d=document_id: sync_document(
            session, d, views.get(d), known, existing.get(d, []) if d in views else None,
            copies.get(d) if d in views else _UNREAD, sent.get(d, []) if d in views else None, later))
    if later is not None:
        session.flush()
        later.write(session)
    del held


def _tracked_rows(session: Session, document_ids: list[str]) -> tuple[list[TrackedDocument], dict[str, list[Task]]]:
    """The batch's tracked copies (with their access units) and proposals (with their units), each read once: the
    copies are held so that `session.get` finds them; {document id: its tasks with a source key}."""
    from sqlalchemy.orm import selectinload

    if not document_ids:
        return [], {}
    with session.no_autoflush:
        held = list(session.scalars(select(TrackedDocument).where(TrackedDocument.document_id.in_(document_ids))
                                    .options(selectinload(TrackedDocument.access))))
        tasks: dict[str, list[Task]] = {}
        for task in session.scalars(select(Task).where(Task.document_id.in_(document_ids), Task.source_key.isnot(None))
                                    .options(selectinload(Task.units))):
            tasks.setdefault(task.document_id, []).append(task)
    return held, tasks


@dataclass
class _NewRows:
    """Child rows of new parents (a new briefing copy, new proposals), written after the parents' flush by one
    executemany per table (the ORM inserts rows with a database-made id one by one on SQLite, to read each id
    back); the parents' collections are then expired, so that a later read in this unit of work loads them."""

    access: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    expire: list[tuple[Any, list[str]]] = field(default_factory=list)

    def add(self, other: _NewRows) -> None:
        self.access += other.access
        self.units += other.units
        self.events += other.events
        self.expire += other.expire

    def write(self, session: Session) -> None:
        for model, rows in ((TrackedDocumentAccess, self.access), (TaskUnit, self.units), (TaskEvent, self.events)):
            if rows:
                session.execute(insert(model.__table__), rows)
        for obj, attrs in self.expire:
            session.expire(obj, attrs)


def sync_document(session: Session, document_id: str, view: Any = _UNREAD,
                  known: dict[str, Unit | None] | None = None, tasks: list[Task] | None = None,
                  tracked: Any = _UNREAD, sent: list[tuple[str, str]] | None = None,
                  later: _NewRows | None = None) -> SyncResult:
    """Bring briefing's copy of a document and its proposed tasks up to date. Idempotent.

    Only unconfirmed, untouched proposals are created, updated or removed; what people decided stays. `view` and
    `known` (the directory rows by unit key), `tasks` (its proposals with a source key), `tracked` (briefing's copy,
    None when there is none yet) and `sent` (the units of its sent tasks): read already by `sync_documents` for a
    batch; `later`: the batch's rows to write at its end (sync_documents(together=True)), where this sync ends with
    writing them.
    """
    if view is _UNREAD:
        _hold_access(session, [document_id])
        view = document_view(session, document_id)
    if tracked is _UNREAD:
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
    # the first sync of a document (the copy and its proposals all new, at ingest): their child rows — access units,
    # task units, first events — are written by one INSERT per table after the flush (new_rows), not one ORM
    # INSERT … RETURNING per row (SQLite); the same rows, in the same order
    new_rows = _NewRows()
    if tracked is None:
        tracked = TrackedDocument(document_id=document_id)
        session.add(tracked)
        tracked.level = view.level
        tracked.audience = view.audience
        new_rows.access = [{"document_id": document_id, "unit_key": key} for key in sorted(set(view.access_units))]
        new_rows.expire.append((tracked, ["access"]))
    else:
        _copy_access(session, tracked, view, flush=False)  # flushed with the proposals below
    tracked.number = view.number
    tracked.doc_type = view.doc_type
    tracked.issuer = view.issuer
    tracked.subject = view.subject
    tracked.issued_date = view.issued_date
    tracked.present = True

    result = SyncResult(document_id, present=True)
    if tasks is None:
        tasks = list(session.scalars(select(Task).where(Task.document_id == document_id, Task.source_key.isnot(None))))
    existing: dict[str | None, Task] = {t.source_key: t for t in tasks}
    if view.duplicate_of:  # another file of a registered document: its tasks are the registered one's, not twice
        doomed = [old for old in existing.values() if _editable_by_sync(old) and old.sent_at is None]
        _delete_proposals(session, document_id, doomed)
        result.removed += len(doomed)
        session.flush()
        new_rows.write(session)
        return result
    all_new = not existing  # no proposal of an earlier sync: every task below is new
    # a document whose work was retired — replaced by a new version, or recalled (thu hồi: marked on the document by
    # the registry, even when all its tasks were done and none was recalled; or a task of it recalled) — gets no new
    # task from a later reading (an upgrade of the rules reading a duty the older one missed): the office withdrew it
    # (SECURITY.md 90)
    retired = bool(view.superseded_by) or view.recalled or any(t.state == State.recalled for t in tasks)
    assigned_on = view.issued_date or today()
    seen: dict[str, int] = {}
    keys: set[str] = set()
    proposals = list(_proposals(view.tasks))
    # every unit the tasks name, read in one SELECT; the tasks are built without autoflush and written in one flush
    names = [n for _tv, lead, support in proposals for n in (lead, *support)]
    if known is None or any(unit_key(n) not in known for n in names if n and n.strip()):
        known = _units_by_key(session, names)
    keyed: list[tuple[str, Any, str, list[str]]] = []
    for tv, lead, support in proposals:
        base = proposal_key(lead, tv.action, tv.sentence)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        keyed.append((base if occurrence == 0 else proposal_key(lead, tv.action, tv.sentence, occurrence), tv, lead,
                      support))
        keys.add(keyed[-1][0])
    decided: dict[str, dict[str, int]] = {}  # people's decisions this reading gives no key of (see _decided_elsewhere)
    for old in existing.values():
        if old.source_key not in keys and not _editable_by_sync(old) and _sentence_key(old.sentence):
            by_lead = decided.setdefault(_sentence_key(old.sentence), {})
            lead_key = old.lead_unit_key or unit_key(old.lead_name or "")
            by_lead[lead_key] = by_lead.get(lead_key, 0) + 1
    read: dict[str, set[str]] = {}
    for _key, tv, lead, _support in keyed if decided else ():
        read.setdefault(_sentence_key(tv.sentence), set()).add(unit_key(lead or ""))
    doomed: list[Task] = []
    with session.no_autoflush:
        for key, tv, lead, support in keyed:
            found = existing.get(key)
            if found is not None and not _editable_by_sync(found):
                continue  # people decided: their version stays
            if found is None and decided and _decided_elsewhere(decided, read, tv.sentence, lead):
                continue  # … under the key an older reading gave it (an upgrade reads it otherwise)
            if found is None and retired:
                continue
            deadline = _first_deadline(tv.deadline, tv.recurrence, assigned_on)
            values = {"position": tv.position, "action": tv.action or tv.sentence, "sentence": tv.sentence,
                      "recurrence": tv.recurrence, "deadline_text": tv.deadline_text, "deadline": deadline,
                      "original_deadline": deadline, "assigned_on": assigned_on, "confidence": tv.confidence}
            if found is not None:  # only what differs is set: a proposal read the same stays clean (no UPDATE)
                for attr, value in values.items():
                    _put(found, attr, value)
                _set_units(session, found, lead, support, create=False, known=known)
                result.updated += 1
                continue
            # a new proposal: its units and first event are written by one INSERT per table after the flush
            # (new_rows), whether or not the document had proposals before
            task = Task(id=new_id(), document_id=document_id, source_key=key, origin="extracted", state=State.open,
                        **values)
            wanted = _name_units(session, task, lead, support, False, known)
            new_rows.units += [{"task_id": task.id, "unit_key": k, "unit_id": uid, "name": name, "role": role}
                               for k, (role, name, uid) in wanted.items()]
            new_rows.events.append({"task_id": task.id, "user_id": None, "username": SYSTEM_USERNAME,
                                    "kind": "proposed", "text": None,
                                    "detail": {"source": "extraction", "position": tv.position}})
            new_rows.expire.append((task, ["units", "events"]))
            session.add(task)
            result.created.append(task.id)
        doomed = [old for old_key, old in existing.items() if old_key not in keys and _editable_by_sync(old)]
    # proposals this reading no longer gives go by a few set-based DELETEs (before the new ones are written)
    _delete_proposals(session, document_id, doomed)
    result.removed += len(doomed)
    send = get_briefing_settings().briefing_send_on == "extraction"
    if later is not None and not send and all_new and _assigned_as_read(view, sent):
        later.add(new_rows)  # nothing below to do: flushed and written with the batch's (sync_documents)
        return result
    session.flush()
    new_rows.write(session)
    # reprocessing reset ingest's units to extraction's: add people's back — once, before sending (the tasks sent
    # below name extraction's units only, so their sending adds none), so that their notifications see the access
    # the units of its sent tasks as the batch read them, when this sync changed none of its tasks (all new: those
    # it created are not sent yet); else read again now
    _publish_assigned(session, document_id, view, sent if all_new else None)
    if send:
        created_tasks = [t for t in (session.get(Task, task_id) for task_id in result.created) if t is not None]
        # a letter citing a directive whose task the same unit is following may only change that task: the clerk
        amends = amended_tasks(session, created_tasks, {document_id: list(view.cites)}, None) if view.cites else {}
        # unsure: the clerk decides first
        _send_many(session, [t for t in created_tasks if not needs_review(t.confidence) and t.id not in amends])
    return result



def accept_unit(session: Session, principal: Principal, name: str) -> Unit:
    """A clerk accepts a proposed unit name into the directory: the tasks naming it reach its inbox."""
    _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới chấp nhận đơn vị mới.")
    key = unit_key(name)
    if not key or len(key) > 255:
        raise BriefingError.invalid_unit()
    if collective_unit_name(name):  # "Các sở, ngành liên quan", in any spelling, is no unit to add (116)
        raise BriefingError.collective_unit(name=name)
    _hold_access(session, sorted(documents_naming(session, key)))  # before their tasks, as a recall (SECURITY.md 140)
    unit = ensure_unit(session, name)
    for tu in session.scalars(select(TaskUnit).where(TaskUnit.unit_key == key)):
        tu.unit_id, tu.name = unit.id, unit.name
    for task in session.scalars(select(Task).where(Task.lead_unit_key == key)):
        task.lead_unit_id, task.lead_name = unit.id, unit.name
    session.flush()
    return unit
