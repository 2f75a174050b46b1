"""Reads through the access policy: task lists and inboxes, one task, units, the clerk's review queues.

Every query applies `services/briefing/access.py` inside the SQL, before paging."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session, aliased, selectinload

from services.briefing.access import document_clause, task_clause
from services.briefing.common import EDITOR_ROLES, UNIT_ROLES, _check_role, task_not_found, today
from services.briefing.domain import INACTIVE_STATES, Category, State, paper_name
from services.briefing.models import (
    Task,
    TaskEvent,
    TaskUnit,
    TrackedDocument,
)
from services.briefing.permissions import check_inbox_access  # noqa: F401  (re-exported by service)
from services.briefing.settings import get_briefing_settings
from services.core.auth.models import Unit, User
from services.core.auth.policy import Principal, Scope
from services.core.sql import in_range
from services.core.web import not_found
from services.ingest.public import Document, is_collective
from services.vntext.fold import fold

# --- the access policy as SQL over briefing's own columns ---------------------------------------------------------


def visible_clause(scope: Scope) -> ColumnElement[bool]:
    """A tracked document is visible (services/briefing/access.py)."""
    return document_clause(scope)


def hidden_documents(scope: Scope) -> CompoundSelect:
    """The tracked documents a scope that sees every audience may not see: gone, or above its clearance — read from
    two partial indexes (ix_briefing_documents_gone, ix_briefing_documents_secret: only such rows), usually few."""
    return union_all(select(TrackedDocument.document_id).where(TrackedDocument.present == false()),
                     select(TrackedDocument.document_id).where(literal_column("briefing_documents.level > 0"),
                                                               TrackedDocument.level > scope.max_level))


def _visible_tasks(scope: Scope, sent_only: bool = False, columns_only: bool = False) -> Select[Task]:
    """Tasks through the policy. `columns_only`: the caller reads only the task's own columns (counts): for a scope
    that sees every audience the policy is then "the document is not hidden" (`hidden_documents`) — the same rule as
    `task_clause` (every task has its tracked document: a foreign key), without looking up each task's document."""
    if columns_only and scope.sees_all_audiences:
        stmt = select(Task).where(Task.document_id.notin_(hidden_documents(scope)))
    else:
        stmt = select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id).where(
            task_clause(scope))
    stmt = stmt.where(Task.state.notin_([s.value for s in INACTIVE_STATES]))
    return stmt.where(Task.sent_at.isnot(None)) if sent_only else stmt


def top_level(session: Session, stmt: Select[Any], max_level: int) -> int:
    """The highest secrecy level among the documents of the tasks `stmt` selects (what a page's banner shows): one
    EXISTS per level, highest first, each stopping at its first task."""
    tasks = stmt.with_only_columns(Task.document_id).order_by(None)
    for level in range(max_level, 0, -1):
        at_level = select(TrackedDocument.document_id).where(TrackedDocument.level == level)
        if session.scalar(select(exists(tasks.where(Task.document_id.in_(at_level))))):
            return level
    return 0



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
    if cat == "in_progress_later":  # in time and not due soon (the inbox lists the due-soon ones apart)
        return and_(not_done, or_(Task.deadline.is_(None), Task.deadline > as_of + timedelta(days=due_soon_days)))
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
    handler_id: str | None = None  # (with unit_id) the unit's part handed to this officer (phân công xử lý)


def deadline_moved_clause() -> ColumnElement[bool]:
    """Given more time — the deadline moved by an extension or a re-assignment — as SQL (`TaskLine.deadline_moved`)."""
    return and_(Task.deadline.isnot(None), Task.original_deadline.isnot(None), Task.deadline > Task.original_deadline)


def category_case(as_of: date) -> ColumnElement[str]:
    """The QĐ 42 category of a task on `as_of` as one SQL expression (the same rule as `domain.category`)."""
    return case((category_clause(Category.completed_on_time, as_of, 0), Category.completed_on_time.value),
                (category_clause(Category.completed_late, as_of, 0), Category.completed_late.value),
                (category_clause(Category.overdue, as_of, 0), Category.overdue.value),
                else_=Category.in_progress.value)


def unit_member_clause(unit_id: str, role: str | None = None, handler_id: str | None = None) -> ColumnElement[bool]:
    """Tasks the unit leads or supports: one uncorrelated IN list (an index range over the unit's own rows),
    not an EXISTS per task (which scans the unit's rows once for every task). `handler_id`: only the unit's parts
    its head handed to that officer."""
    rows = select(TaskUnit.task_id).where(TaskUnit.unit_id == unit_id)
    if role:
        rows = rows.where(TaskUnit.role == role)
    if handler_id:
        rows = rows.where(TaskUnit.handler_id == handler_id)
    return Task.id.in_(rows)


def _filtered(scope: Scope, flt: TaskFilter, as_of: date, columns_only: bool = False) -> Select[tuple[Task]]:
    stmt = _visible_tasks(scope, columns_only=columns_only)
    if flt.unit_id:
        stmt = stmt.where(unit_member_clause(flt.unit_id, flt.role, flt.handler_id))
    if flt.status:  # QĐ 42 categories count tasks assigned to the units, not proposals
        stmt = stmt.where(Task.sent_at.isnot(None))
        stmt = stmt.where(category_clause(flt.status, as_of, get_briefing_settings().briefing_due_soon_days))
    if flt.state:
        stmt = stmt.where(Task.state == flt.state)
    stmt = in_range(stmt, Task.deadline, flt.due_from, flt.due_to)
    if flt.confirmed is not None:
        stmt = stmt.where(Task.confirmed.is_(flt.confirmed))
    if flt.document_id:
        stmt = stmt.where(Task.document_id == flt.document_id)
    if flt.sent is not None:
        stmt = stmt.where(Task.sent_at.isnot(None) if flt.sent else Task.sent_at.is_(None))
    return stmt


DATED = ("overdue", "due_soon", "completed_late")  # categories whose tasks all have a deadline


def list_tasks(session: Session, scope: Scope, flt: TaskFilter, as_of: date, offset: int,
               limit: int, count: bool = True) -> tuple[int, list[Task]]:
    """One page of tasks, by deadline (none last); `total` is -1 when `count` is False (the caller has it)."""
    stmt = _filtered(scope, flt, as_of)
    counted = _filtered(scope, flt, as_of, columns_only=True)
    total = (session.scalar(counted.with_only_columns(func.count()).order_by(None)) or 0) if count else -1
    order = (Task.deadline, Task.assigned_on, Task.position, Task.id)
    if flt.sent is False and not flt.status:  # the review queue: the doubtful first, each read from its partial index
        return total, _doubtful_first(session, stmt, counted, order, offset, limit)
    # every task of a dated category has a deadline: ordered by it alone first, the deadline index serves the page
    first = () if flt.status in DATED else (Task.deadline.is_(None),)
    # the page's ids first (ordered from the task columns an index holds), then only those rows are loaded — not
    # every candidate's wide row (and its document) sorted for one page
    ids = list(session.scalars(stmt.with_only_columns(Task.id).order_by(*first, *order).offset(offset).limit(limit)))
    if not ids:
        return total, []
    loaded = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_(ids)))}
    return total, [loaded[i] for i in ids]


def _doubtful_first(session: Session, stmt: Select[tuple[Task]], counted: Select[tuple[Task]],
                    order: tuple[ColumnElement[Any], ...], offset: int, limit: int) -> list[Task]:
    """The clerk's review queue: the proposals extraction was unsure of (confidence under `REVIEW_BELOW`: the clerk
    checks them first), then the others; each part in `list_tasks`' order (deadline, none last). A page reads on
    from where the previous part ended: the paging is one stable order."""
    from services.ingest.public import REVIEW_BELOW

    doubtful = Task.confidence < REVIEW_BELOW
    rows: list[Task] = []
    skip = offset
    for part in (doubtful, or_(Task.confidence.is_(None), Task.confidence >= REVIEW_BELOW)):
        if len(rows) == limit:
            break
        if rows:  # the page goes on past the end of the previous part
            rows += _dated_first(session, stmt.where(part), counted.where(part), order, 0, limit - len(rows))
            continue
        got = _dated_first(session, stmt.where(part), counted.where(part), order, skip, limit)
        if not got:  # the page starts past this part: how many it has
            skip = max(0, skip - (session.scalar(counted.where(part).with_only_columns(func.count())
                                                 .order_by(None)) or 0))
        rows += got
    return rows


def _dated_first(session: Session, stmt: Select[tuple[Task]], counted: Select[tuple[Task]],
                 order: tuple[ColumnElement[Any], ...], offset: int, limit: int) -> list[Task]:
    """One page in `list_tasks`' order (deadline, none last) as two ordered reads that an index serves — the tasks
    with a deadline, then those without — instead of sorting every row for one page."""
    rows = list(session.scalars(stmt.where(Task.deadline.isnot(None)).order_by(*order).offset(offset).limit(limit)))
    if len(rows) == limit:
        return rows
    if rows:
        skip = 0  # the page reached the end of the dated tasks
    else:  # the page starts past them: how many there are
        dated = session.scalar(counted.where(Task.deadline.isnot(None)).with_only_columns(func.count())
                               .order_by(None)) or 0
        skip = max(0, offset - dated)
    rows += session.scalars(stmt.where(Task.deadline.is_(None)).order_by(*order).offset(skip)
                            .limit(limit - len(rows)))
    return rows


def first_of_groups(session: Session, scope: Scope, flt: TaskFilter, as_of: date, groups: tuple[str, ...],
                    limit: int) -> dict[str, list[Task]]:
    """The first `limit` tasks of each of `groups` (categories of `category_clause` that do not overlap, e.g. an
    inbox's overdue / due_soon / in_progress_later), in `list_tasks`' order: one pass over the filtered tasks (a
    window ranking them within their group), then only the rows shown are loaded — not one query per group."""
    if not groups:
        return {}
    soon_days = get_briefing_settings().briefing_due_soon_days
    group = case(*((category_clause(g, as_of, soon_days), g) for g in groups), else_=None)
    rank = func.row_number().over(partition_by=group, order_by=(Task.deadline.is_(None), Task.deadline,
                                                               Task.assigned_on, Task.position, Task.id))
    ranked = (_filtered(scope, flt, as_of).where(Task.sent_at.isnot(None))
              .with_only_columns(Task.id.label("id"), group.label("grp"), rank.label("rank")).subquery())
    chosen = dict(session.execute(select(ranked.c.id, ranked.c.grp)
                                  .where(ranked.c.grp.isnot(None), ranked.c.rank <= limit)).all())
    out: dict[str, list[Task]] = {g: [] for g in groups}
    if chosen:
        for task in session.scalars(select(Task).where(Task.id.in_(sorted(chosen)))):
            out[str(chosen[task.id])].append(task)
    for rows in out.values():
        rows.sort(key=lambda t: (t.deadline is None, t.deadline or date.min, t.assigned_on or date.min, t.position,
                                 t.id))
    return out


def recently_recalled(session: Session, scope: Scope, unit_id: str, since: datetime, limit: int = 20) -> list[Task]:
    """The unit's tasks withdrawn (their document thu hồi) or ended (kết thúc: `workflow.end`) since `since`, latest
    first, through the policy: they leave the inbox's groups, and the unit reads here that they are no longer to be
    done. The moment is the task's "recalled" or "ended" event (not `updated_at`, which a rename or merge of its unit
    refreshes)."""
    recalled = (select(TaskEvent.task_id.label("task_id"), func.max(TaskEvent.at).label("at"))
                .where(TaskEvent.kind.in_(("recalled", "ended"))).group_by(TaskEvent.task_id).subquery())
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .join(recalled, recalled.c.task_id == Task.id)
            .where(task_clause(scope), Task.state.in_((State.recalled.value, State.dismissed.value)),
                   Task.sent_at.isnot(None),
                   unit_member_clause(unit_id), recalled.c.at >= since)
            .order_by(recalled.c.at.desc(), Task.id).limit(limit))
    return list(session.scalars(stmt))


def inbox_overview(session: Session, scope: Scope, flt: TaskFilter, as_of: date, groups: tuple[str, ...],
                   limit: int) -> tuple[dict[str, int], dict[str, list[Task]]]:
    """`task_counts(flt)` and `first_of_groups(flt, groups, limit)` in ONE pass through the policy: the filtered tasks
    (the policy's clause inside the SQL, as in both) are read once into a CTE, counted per category and ranked
    within their group in the same statement (UNION ALL of the counts and the first `limit` ids of each group). Then
    only the rows shown are loaded."""
    soon_days = get_briefing_settings().briefing_due_soon_days
    group = case(*((category_clause(g, as_of, soon_days), g) for g in groups), else_=None) if groups else null()
    rows = (_filtered(scope, flt, as_of, columns_only=True).where(Task.sent_at.isnot(None)).with_only_columns(
        Task.id.label("id"), category_case(as_of).label("cat"), group.label("grp"),
        case((category_clause("due_soon", as_of, soon_days), 1), else_=0).label("soon"),
        case((Task.extension_requested_to.isnot(None), 1), else_=0).label("asked"),
        Task.deadline.label("deadline"), Task.assigned_on.label("assigned_on"), Task.position.label("position"))
        .cte("inbox_rows"))  # read once (used twice: counted and ranked)
    rank = func.row_number().over(partition_by=rows.c.grp, order_by=(
        rows.c.deadline.is_(None), rows.c.deadline, rows.c.assigned_on, rows.c.position, rows.c.id))
    ranked = select(rows.c.id, rows.c.grp, rank.label("rank")).where(rows.c.grp.isnot(None)).subquery()
    both = union_all(
        select(literal_column("1").label("counted"), rows.c.cat.label("key"), null().label("grp"),
               func.count().label("n"), func.sum(rows.c.soon).label("n_soon"),
               func.sum(rows.c.asked).label("n_asked")).group_by(rows.c.cat),
        select(literal_column("0"), ranked.c.id, ranked.c.grp, null(), null(), null())
        .where(ranked.c.rank <= limit))
    counts = {c.value: 0 for c in Category} | {"due_soon": 0, "extension_requested": 0}
    chosen: dict[str, str] = {}
    for counted, key, grp, n, n_soon, n_asked in session.execute(both):
        if counted:
            counts[str(key)] = int(n)
            counts["due_soon"] += int(n_soon or 0)
            counts["extension_requested"] += int(n_asked or 0)
        else:
            chosen[str(key)] = str(grp)
    out: dict[str, list[Task]] = {g: [] for g in groups}
    if chosen:
        for task in session.scalars(select(Task).where(Task.id.in_(sorted(chosen)))):
            out[chosen[task.id]].append(task)
    for rows in out.values():
        rows.sort(key=lambda t: (t.deadline is None, t.deadline or date.min, t.assigned_on or date.min, t.position,
                                 t.id))
    return counts, out


def task_counts(session: Session, scope: Scope, flt: TaskFilter, as_of: date) -> dict[str, int]:
    """How many tasks `list_tasks(flt)` would list in each QĐ 42 category on `as_of`, how many are due soon and how
    many wait for a decision on an extension: one aggregate query through the same policy clause (an inbox's or an
    overview's counts without its rows)."""
    soon = category_clause("due_soon", as_of, get_briefing_settings().briefing_due_soon_days)
    cat = category_case(as_of)
    stmt = _filtered(scope, flt, as_of, columns_only=True).where(Task.sent_at.isnot(None))
    asked = case((Task.extension_requested_to.isnot(None), 1), else_=0)
    counts = {c.value: 0 for c in Category} | {"due_soon": 0, "extension_requested": 0}
    for name, n, n_soon, n_asked in session.execute(stmt.with_only_columns(
            cat, func.count(), func.sum(case((soon, 1), else_=0)), func.sum(asked)).group_by(cat)):
        counts[str(name)] = int(n)
        counts["due_soon"] += int(n_soon or 0)
        counts["extension_requested"] += int(n_asked or 0)
    return counts


def hold_documents_of(session: Session, task_ids: Sequence[str], exclusive: bool) -> None:
    """Hold the documents of these tasks before the tasks are held (`get_task(hold_document=…)`): FOR SHARE for a
    step that reads their access or recall mark, FOR UPDATE (`exclusive`) for one that may write their units — in
    the order of a recall (its mark on the document, then the document's open tasks) and of a reprocess (the
    document, then its tasks). A task held first and its document waited for after met those the other way round:
    PostgreSQL aborted one of the two (SECURITY.md 117, 120). A task's document never changes; its id is read only
    to take the lock (the policy reads the task, under the hold). SQLite: its one writer orders them already."""
    hold_documents(session, session.scalars(select(Task.document_id).where(Task.id.in_(list(task_ids)))), exclusive)


def hold_documents(session: Session, document_ids: Iterable[str], exclusive: bool) -> None:
    """Hold these documents (PostgreSQL: one statement, in id order; FOR SHARE, or FOR UPDATE when `exclusive`)
    before a step writes their tasks — the order of a recall and a reprocess (`hold_documents_of`). SQLite: its one
    writer orders them already."""
    ids = sorted({i for i in document_ids if i})
    if not ids or session.get_bind().dialect.name != "postgresql":
        return
    session.execute(select(Document.id).where(Document.id.in_(ids)).order_by(Document.id)
                    .with_for_update(read=not exclusive))


def documents_naming(session: Session, key: str, unit_id: str | None = None) -> set[str]:
    """The documents whose tasks name the unit of this key (or id) as lead or cooperating unit — those a step of
    the units directory holds before it writes the tasks (SECURITY.md 140)."""
    by_unit = or_(TaskUnit.unit_key == key, TaskUnit.unit_id == unit_id) if unit_id else TaskUnit.unit_key == key
    by_lead = or_(Task.lead_unit_key == key, Task.lead_unit_id == unit_id) if unit_id else Task.lead_unit_key == key
    found = set(session.scalars(select(Task.document_id).join(TaskUnit, TaskUnit.task_id == Task.id).where(by_unit)))
    return found | set(session.scalars(select(Task.document_id).where(by_lead)))


def get_task(session: Session, scope: Scope, task_id: str, include_inactive: bool = False,
             hold: bool = False, hold_document: str | None = None) -> Task:
    """A task the scope may see. `hold`: for an action on it — the task is read as it stands and kept so until this
    unit of work ends (PostgreSQL: FOR UPDATE; SQLite: its write lock, taken first by a write that changes nothing,
    since its SELECTs run outside a transaction). Who may act is decided on the units read under that hold: a unit
    taken off the task by a clerk committing meanwhile is refused, and a change asked later waits for this one
    (SECURITY.md 64). `hold_document` ("share" | "update", with `hold`): its document is held first
    (`hold_documents_of`)."""
    if hold and hold_document:
        hold_documents_of(session, [task_id], exclusive=hold_document == "update")
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(Task.id == task_id, task_clause(scope)))
    if not include_inactive:
        stmt = stmt.where(Task.state.notin_([s.value for s in INACTIVE_STATES]))
    if hold:
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(of=Task)
        else:
            session.execute(update(Task).where(Task.id == task_id)
                            .values(state=Task.state, updated_at=Task.updated_at)
                            .execution_options(synchronize_session=False))
        stmt = stmt.execution_options(populate_existing=True)
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



def actor_names(session: Session, task: Task) -> dict[int, str]:
    """Who made each event of the task, as people read it: the account's full name (else its login) and the unit it
    acted for — the unit its event recorded (an account moved to another unit since keeps, on its old reports, the
    unit it reported for), else its unit now. Two SELECTs: the accounts with their units, the units recorded."""
    names = {e.username for e in task.events if e.username}
    if not names:
        return {}
    users = {u.username: u for u in session.scalars(select(User).options(selectinload(User.unit))
                                                    .where(User.username.in_(sorted(names))))}
    recorded = {uid for e in task.events if e.kind in _UNIT_ACTS and (uid := (e.detail or {}).get("unit_id"))}
    units = {u.id: u.name for u in session.scalars(select(Unit).where(Unit.id.in_(sorted(recorded))))} if recorded \
        else {}
    out = {}
    for e in task.events:
        user = users.get(e.username or "")
        if user is None:
            continue
        who = user.full_name or user.username
        uid = (e.detail or {}).get("unit_id") if e.kind in _UNIT_ACTS else None
        unit = units.get(uid) if uid else (user.unit.name if user.unit is not None else None)
        out[e.id] = f"{who} ({unit})" if unit else who
    return out


# the events a unit's account makes for its unit, which record that unit's id (workflow.py)
_UNIT_ACTS = frozenset({"acknowledged", "progress", "contribution", "declined", "extension_requested",
                        "completion_reported"})


def list_units(session: Session, principal: Principal) -> list[Unit]:
    stmt = select(Unit).order_by(Unit.name)
    if principal.role in UNIT_ROLES:
        stmt = stmt.where(Unit.id == (principal.unit_id or ""))
    return list(session.scalars(stmt))



# --- the clerk's review queue: proposed tasks and proposed unit names -------------------------------------------


# what a letter changing a task says ("đồng ý điều chỉnh thời hạn", "gia hạn", "lùi thời hạn", "(thay cho thời hạn
# ngày …)"), in the task's sentence or in the letter's subject ("Điều chỉnh thời hạn thực hiện nhiệm vụ tại Thông báo
# số …"): a kế hoạch "thực hiện Thông báo số …" that gives the same department new work says none of it
_CHANGES_A_TASK = re.compile(r"\b(?:dieu chinh|gia han|lui (?:thoi )?han|keo dai thoi han|thay doi thoi han|"
                             r"bo sung thoi han|thay cho thoi han)\b")
_SUBJECT_CHANGES_A_DEADLINE = re.compile(r"\b(?:dieu chinh|gia han|lui|keo dai|thay doi) thoi han\b")
# what a conclusion notice carrying earlier work forward says, naming that work as a task given before ("Tiếp tục
# thực hiện (các) nhiệm vụ … tại/theo Thông báo số …", "nhiệm vụ … đã quá hạn", "nhiệm vụ được giao tại …"): the same
# work, still followed — not a second task. "Tiếp tục thực hiện …", "khẩn trương hoàn thành …" alone say how to do
# work, not which: a new duty of a notice citing an earlier one ("Tiếp theo Thông báo số 901 … Sở Y tế tiếp tục thực
# hiện kiểm tra an toàn thực phẩm dịp Tết") is the unit's task there only when it is the same work (`_same_work`)
_EARLIER_PAPER = r"(?:thong bao|ket luan|van ban|cong van|chi thi|quyet dinh|ke hoach|nghi quyet|chuong trinh|so \d)"
_CARRIES_A_TASK = re.compile(r"\b(?:tiep tuc (?:thuc hien|trien khai) (?:cac |nhung )?nhiem vu\b.{0,160}?"
                             rf"\b(?:tai|theo) {_EARLIER_PAPER}|nhiem vu\b.{{0,160}}\bda qua han\b|"
                             rf"nhiem vu (?:da )?duoc giao (?:tai|theo) {_EARLIER_PAPER})")


# a paper named after "tại"/"theo" ("theo Kế hoạch 55 của Bộ Y tế", "tại Thông báo số 901/TB-UBND")
_NAMES_A_PAPER = re.compile(rf"\b(?:tai|theo) {_EARLIER_PAPER}")
# a duty to watch over others' work ("theo dõi, đôn đốc các sở hoàn thành các nhiệm vụ đã quá hạn"): new work of its
# own, never the unit's earlier task by its wording
_MONITORS = re.compile(r"\b(?:theo doi|don doc)\b")


def _carries(proposal: Task, numbers: Iterable[str | None] = ()) -> bool:
    """The proposal says it carries forward a task given by one of the papers `numbers` (the cited documents whose
    task is followed): the paper it names must be one of them — "tiếp tục thực hiện các nhiệm vụ theo Kết luận số
    40-KL/TU" carries nothing of a cited Thông báo; one naming no paper ("nhiệm vụ … đã quá hạn") may carry any; a
    monitoring duty never does."""
    text = fold(proposal.sentence or proposal.action)
    found = _CARRIES_A_TASK.search(text)
    if found is None or _MONITORS.search(text, 0, found.end()):
        return False
    if not _NAMES_A_PAPER.search(text):
        return True
    return any(n and re.search(rf"(?<![\w/-]){re.escape(fold(n))}(?![\w/-])", text) for n in numbers)


# the words of a task's action that say nothing of which work it is
_WORK_STOPWORDS = frozenset("chu tri to chuc hoan thanh thuc hien tiep tuc trien khai cac tai va cua cho de voi "
                            "trong tren nhiem vu viec truoc ngay bao cao ket qua ve lai nhung".split())


def _work_words(action: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(action)) if len(w) > 1 and not w.isdigit()} - _WORK_STOPWORDS


def _same_work(action: str, followed: str) -> bool:
    """The same work in other words ("hoàn thành tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao" and "tổ chức
    tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao"): most words of the shorter one, and at least four, shared."""
    a, b = _work_words(action), _work_words(followed)
    shared = len(a & b)
    return shared >= 4 and shared >= 0.6 * min(len(a), len(b))


def amended_tasks(session: Session, proposals: Sequence[Task], cites: dict[str, list[str]],
                  scope: Scope | None) -> dict[str, Task]:
    """For each proposal, a task being followed (sent, not closed) on a directive its document cites and led by the
    same unit — "Thực hiện Thông báo số 531/TB-UBND … giao Sở GTVT chủ trì hoàn thành trước ngày …" moves that
    task's deadline, it is no second task: {proposal id: the cited task}. `scope`: only tasks the viewer may see
    (None: the decision whether to send on extraction, which shows nothing)."""
    wanted = {p.id: (p.lead_unit_key, cites[p.document_id]) for p in proposals
              if p.sent_at is None and p.lead_unit_key and cites.get(p.document_id)}
    # said in so many words; else the same work as the task followed (a clause after "Tiếp tục thực hiện nhiệm vụ
    # tại Thông báo số …:" read without those words)
    worded = {p.id for p in proposals if p.id in wanted and (
        _CHANGES_A_TASK.search(fold(p.sentence or p.action))
        or _SUBJECT_CHANGES_A_DEADLINE.search(fold(p.document.subject or "")))}
    if not wanted:
        return {}
    stmt = _visible_tasks(scope, sent_only=True) if scope is not None else select(Task).where(
        Task.sent_at.isnot(None), Task.state.notin_([s.value for s in INACTIVE_STATES]))
    rows = session.scalars(stmt.where(
        Task.state != State.completed.value, Task.lead_unit_key.in_(sorted({k for k, _ in wanted.values()})),
        Task.document_id.in_(sorted({d for _, ds in wanted.values() for d in ds}))).order_by(Task.position))
    found: dict[tuple[str, str | None], list[Task]] = {}
    for t in rows:
        found.setdefault((t.document_id, t.lead_unit_key), []).append(t)
    actions = {p.id: p.action for p in proposals}
    by_id = {p.id: p for p in proposals}
    out = {}
    for pid, (key, docs) in wanted.items():
        followed = [t for d in docs for t in found.get((d, key), [])]
        same = [t for t in followed if _same_work(actions[pid], t.action)]
        # carried in so many words: only the task of the paper it names (any, when it names none)
        carried = [t for t in followed if _carries(by_id[pid], [t.document.number])]
        if same or carried or (followed and pid in worded):
            out[pid] = (same or carried or followed)[0]
    return out


def amendment_note(cited: Task, proposal: Task | None = None) -> str:
    """What the review queue says of a proposal that may only change a task being followed (`amended_tasks`); of one
    that carries it forward ("tiếp tục thực hiện", "khẩn trương hoàn thành … đã quá hạn"), that it is that task."""
    action = cited.action if len(cited.action) <= 80 else cited.action[:77].rstrip() + "…"
    due = f", hạn {cited.deadline.strftime('%d/%m/%Y')}" if cited.deadline else ""
    paper = paper_name(cited.document.number, cited.document.doc_type, "văn bản đã giao")
    moves = proposal is not None and bool(_CHANGES_A_TASK.search(fold(proposal.sentence or proposal.action)) or
                                          _SUBJECT_CHANGES_A_DEADLINE.search(fold(proposal.document.subject or "")))
    if proposal is not None and not moves and (_carries(proposal, [cited.document.number])
                                               or _same_work(proposal.action, cited.action)):
        earlier = proposal.deadline is not None and cited.deadline is not None and proposal.deadline < cited.deadline
        return (f"Nhiệm vụ tiếp tục thực hiện: {cited.lead_name} đang thực hiện nhiệm vụ “{action}”{due}, tại "
                f"{paper} (đang theo dõi) — đơn vị chỉ nên có một nhiệm vụ: "
                "chọn “Gộp vào nhiệm vụ đang theo dõi” " +
                (f"(văn bản này nêu hạn {proposal.deadline.strftime('%d/%m/%Y')}, sớm hơn: khi gộp, nhiệm vụ giữ "
                 f"hạn {cited.deadline.strftime('%d/%m/%Y')})" if earlier and proposal.deadline and cited.deadline
                 else "(nhiệm vụ ấy nhận thời hạn mới nếu văn bản giao thời hạn sau hơn)"))
    return (f"Văn bản dẫn chiếu {paper}, trong đó {cited.lead_name} đã có nhiệm "
            f"vụ “{action}”{due} đang được theo dõi: nếu văn bản chỉ điều chỉnh nhiệm vụ đó, hãy gia hạn hoặc sửa "
            "nhiệm vụ ấy và loại bỏ đề xuất này")


def review_queue(session: Session, principal: Principal, scope: Scope, offset: int,
                 limit: int) -> tuple[int, list[Task]]:
    """Proposals not yet confirmed (not sent to any unit), by deadline."""
    _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xem các đề xuất chờ xác nhận.")
    return list_tasks(session, scope, TaskFilter(sent=False), today(), offset, limit)


@dataclass
class UnitProposal:
    key: str
    name: str
    tasks: int
    more: bool = False  # counted up to a cap: more tasks than `tasks` name it


def unit_proposals(session: Session, principal: Principal, scope: Scope, cap: int | None = None) -> list[UnitProposal]:
    """Unit names extraction found that are not in the directory, with how many visible tasks name them (up to `cap`:
    a page needs "over 100", not a count of every row). The unaccepted names come from the index of the
    proposed rows (unit_id, unit_key, task_id, name) — `unit_id` is null exactly while a name is a proposal (set when
    a unit is accepted); then the visible tasks of each name, through the policy, stopping at the cap."""
    _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xem các đơn vị được đề xuất.")
    # the distinct proposed keys as a loose index scan (each the next key after the last: one seek in
    # ix_briefing_task_units_proposed), not a read of every proposed row — one recursive statement
    tu = aliased(TaskUnit)
    keys = select(func.min(TaskUnit.unit_key).label("key")).where(TaskUnit.unit_id.is_(None)).cte(
        "proposed_keys", recursive=True)
    after = select(func.min(tu.unit_key)).where(tu.unit_id.is_(None), tu.unit_key > keys.c.key).scalar_subquery()
    keys = keys.union_all(select(after).where(keys.c.key.isnot(None)))
    found = [k for k in session.scalars(select(keys.c.key).where(keys.c.key.isnot(None))) if k is not None]
    if not found:
        return []
    # then each key's visible tasks, through the policy, up to the cap: one statement (a capped part per key)
    parts = []
    for key in found:
        part = (_visible_tasks(scope, columns_only=True).join(TaskUnit, TaskUnit.task_id == Task.id)
                .where(TaskUnit.unit_key == key, TaskUnit.unit_id.is_(None))
                .with_only_columns(TaskUnit.unit_key.label("key"), TaskUnit.name.label("name")))
        part = part.limit(cap + 1) if cap is not None else part
        sub = part.subquery()
        parts.append(select(sub.c.key, sub.c.name))
    names: dict[str, list[str]] = {}
    for key, name in session.execute(union_all(*parts)):
        names.setdefault(key, []).append(name)
    out = []
    for key in found:
        # a name only tasks the caller may not see carry is not shown, nor a collective ("Các sở, ngành liên
        # quan"): not a unit to add — the clerk names the units on the task
        if key in names and not is_collective(min(names[key])):
            more = cap is not None and len(names[key]) > cap
            out.append(UnitProposal(key, min(names[key]), cap if more and cap is not None else len(names[key]), more))
    return out
