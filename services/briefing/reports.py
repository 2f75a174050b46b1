"""Packs and progress reports: the facts through the access policy, assembled by `domain`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, object_session

from services.briefing import domain
from services.briefing.access import document_clause, reason_seen, report_sight, task_clause
from services.briefing.common import LOCAL_TZ
from services.briefing.domain import INACTIVE_STATES, State
from services.briefing.meetings import meeting_dates, previous_meeting
from services.briefing.models import (
    Meeting,
    Task,
    TaskEvent,
    TaskUnit,
    TrackedDocument,
)
from services.briefing.queries import (
    _visible_tasks,
    category_case,
    category_clause,
    deadline_moved_clause,
    top_level,
    unit_names,
)
from services.briefing.settings import get_briefing_settings
from services.briefing.workflow import declined_note
from services.core.auth.policy import Scope
from services.ingest.public import recalled_among

# The registry's counts of văn bản đến / đi for a period, through the caller's scope. Briefing does not import the
# registry (the registry builds on briefing); the app wires the registry's read model in (services.app).
RegisterCountsSource = Callable[[Session, Scope, date, date], Any]
_register_counts: list[RegisterCountsSource] = []


def count_registers_with(source: RegisterCountsSource | None) -> None:
    """Set (or, with None, clear) where meeting packs get their register counts from."""
    _register_counts[:] = [source] if source is not None else []

# --- packs and reports ---


def deadline_changes(task: Task, reasons: bool = False) -> tuple[domain.DeadlineChange, ...]:
    """The task's extensions and re-assignments; with `reasons`, why each (the words of the unit's request or the
    leader's re-assignment: only to whom reads the lead unit's reports, as the API's `deadline_changes`)."""
    out = []
    for c in task.deadline_changes or []:
        try:
            out.append(domain.DeadlineChange(str(c.get("kind") or "extension"),
                                             date.fromisoformat(c["from"]) if c.get("from") else None,
                                             date.fromisoformat(c["to"]), date.fromisoformat(c["on"]),
                                             int(c.get("days_late") or 0),
                                             (str(c.get("reason") or "").strip() or None) if reasons else None))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(out)


def _changes_seen(task: Task, scope: Scope, reasons: bool) -> tuple[domain.DeadlineChange, ...]:
    """`deadline_changes` with each reason read as `scope` may read it (a Mật notice it names: SECURITY.md 136)."""
    changes = deadline_changes(task, reasons)
    session = object_session(task) if reasons else None
    if session is None:
        return changes
    return tuple(replace(c, reason=reason_seen(session, scope, c.reason)) if c.reason else c for c in changes)


def former_contributions(session: Session, tasks: list[Task]) -> dict[str, tuple[domain.Contribution, ...]]:
    """The reports of cooperating units taken off a task after they reported (`workflow._unit_removed` keeps them
    on the history): {task id: contributions}, read in a few queries for the tasks given."""
    out: dict[str, dict[str, domain.Contribution]] = {}  # the last report of each unit taken off
    ids = [t.id for t in tasks]
    for i in range(0, len(ids), 500):
        for task_id, detail in session.execute(
                select(TaskEvent.task_id, TaskEvent.detail).where(TaskEvent.kind == "unit_removed",
                                                                  TaskEvent.task_id.in_(ids[i:i + 500]))
                .order_by(TaskEvent.id)):
            report = (detail or {}).get("report")
            if not report or detail.get("role") != "support":
                continue
            try:
                on = date.fromisoformat(detail["on"])
            except (KeyError, TypeError, ValueError):
                on = None
            name = str(detail.get("name") or "")
            out.setdefault(task_id, {})[name] = domain.Contribution(name, int(report.get("percent") or 0),
                                                                    report.get("note"), on)
    return {k: tuple(v.values()) for k, v in out.items()}


def facts_of(session: Session, tasks: list[Task], scope: Scope) -> list[domain.TaskFact]:
    former = former_contributions(session, tasks)
    facts = [fact(t, scope, former.get(t.id, ())) for t in tasks]
    # a task done before its document was recalled (thu hồi) stays in the record; the pack and the report say the
    # document was recalled, beside its number, wherever they print it
    recalled = recalled_among(session, {f.document_id for f in facts if f.state == State.completed})
    return [replace(f, document_number=f"{f.document_number or 'Văn bản'} — đã thu hồi")
            if f.document_id in recalled else f for f in facts]


def fact(t: Task, scope: Scope, former: tuple[domain.Contribution, ...] = ()) -> domain.TaskFact:
    """The task as `scope` reads it: the reports' words only to whom they go (`access.report_sight`, SECURITY.md 59)."""
    sight = report_sight(scope, t)
    on_task = {u.name for u in t.units}
    former = tuple(c for c in former if c.unit not in on_task and sight.units is None)  # named again: its report of now
    return domain.TaskFact(t.id, t.document_id, t.document.number, t.action, t.lead_unit_id, t.lead_name,
                           t.assigned_on, t.deadline, t.completed_on if t.state == State.completed else None,
                           t.state, t.progress_percent, tuple(t.support_names or ()),
                           t.progress_note if sight.lead else None,
                           t.original_deadline or t.deadline, _changes_seen(t, scope, sight.lead), t.document.level,
                           t.review_on,
                           tuple(domain.Contribution(u.name, u.progress_percent, u.progress_note)
                                 for u in sorted(t.units, key=lambda u: u.name)
                                 if u.role == "support" and u.progress_at is not None
                                 and sight.contribution(u.unit_key)) + former,
                           t.completion_reported_on if t.state == State.completion_reported else None,
                           t.extension_requested_to if t.state != State.completed else None)


def _facts(session: Session, scope: Scope, unit_id: str | None = None) -> list[domain.TaskFact]:
    """Tasks sent to the units (proposals are not assigned yet), through the policy."""
    stmt = _visible_tasks(scope, sent_only=True)
    if unit_id:
        stmt = stmt.where(Task.lead_unit_id == unit_id)
    return facts_of(session, list(session.scalars(stmt)), scope)


def _directives(session: Session, scope: Scope, start: date | None, end: date) -> list[domain.DirectiveFact]:
    stmt = select(TrackedDocument).where(document_clause(scope), TrackedDocument.issued_date <= end)
    if start is not None:
        stmt = stmt.where(TrackedDocument.issued_date > start)
    docs = list(session.scalars(stmt))
    if not docs:
        return []
    units: dict[str, set[str]] = {}
    rows = session.execute(select(Task.document_id, TaskUnit.unit_id).join(TaskUnit, TaskUnit.task_id == Task.id)
                           .where(Task.document_id.in_([d.document_id for d in docs]), TaskUnit.unit_id.isnot(None),
                                  Task.sent_at.isnot(None), Task.state.notin_([s.value for s in INACTIVE_STATES])))
    for doc_id, uid in rows:
        units.setdefault(doc_id, set()).add(uid)
    return [domain.DirectiveFact(d.document_id, d.number, d.doc_type, d.subject, d.issued_date,
                                 frozenset(units.get(d.document_id, set())), d.level) for d in docs]



def build_pack(session: Session, scope: Scope, meeting: Meeting, as_of: date) -> domain.Pack:
    previous_date, next_date = meeting_dates(session, scope, meeting)
    previous = previous_meeting(session, scope, meeting)
    facts = _facts(session, scope)
    ids = [mu.unit_id for mu in meeting.units] or sorted({f.lead_unit_id for f in facts if f.lead_unit_id})
    names = unit_names(session, set(ids))
    units = [domain.UnitRef(uid, names.get(uid, uid)) for uid in ids]
    directives = _directives(session, scope, previous_date, meeting.meeting_date)
    conclusion = previous.conclusion_document_id if previous else None
    pack = domain.assemble_pack(meeting.meeting_date, previous_date, next_date, as_of, units, facts, directives,
                                conclusion, frozenset(_carried_forward(session, conclusion, scope) if conclusion else ()))
    pack.registers = register_period_counts(session, scope, previous_date, meeting.meeting_date)
    pack.ended = ended_since(session, scope, previous_date, meeting.meeting_date, as_of)
    pack.level = max([pack.level, meeting.level or 0, *(ln.level for ln in pack.ended)])  # the mark (SECURITY.md 50)
    return pack


def ended_since(session: Session, scope: Scope, previous_date: date | None, meeting_date: date,
                as_of: date) -> list[domain.TaskLine]:
    """The tasks ended (kết thúc: `workflow.end`, or a sent task dismissed) after the previous meeting, up to
    `as_of` — the first meeting of a series: within one meeting interval before it — through the policy, each with
    its day and reason: a task ended is no longer in the lists, and the leader reads it was ended, not forgotten."""
    start = previous_date or meeting_date - timedelta(days=get_briefing_settings().briefing_meeting_interval_days)
    # the office's days as UTC instants (SQLite keeps the instants as UTC wall times)
    since = datetime.combine(start + timedelta(days=1), time.min, LOCAL_TZ).astimezone(UTC)
    until = datetime.combine(as_of + timedelta(days=1), time.min, LOCAL_TZ).astimezone(UTC)
    rows = session.execute(
        select(Task, TaskEvent.at, TaskEvent.text)
        .join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
        .join(TaskEvent, TaskEvent.task_id == Task.id)
        .where(task_clause(scope), Task.state == State.dismissed.value, Task.sent_at.isnot(None),
               TaskEvent.kind.in_(("ended", "dismissed")), TaskEvent.at >= since, TaskEvent.at < until)
        .order_by(TaskEvent.id)).all()
    last = {task.id: (task, at, text) for task, at, text in rows}  # the latest ending of each task
    tasks = [t for t, _, _ in last.values()]
    out = []
    for f in facts_of(session, tasks, scope):
        _, at, text = last[f.id]
        day = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(LOCAL_TZ).date()
        out.append(domain.ended_line(domain.line(f, as_of), day, reason_seen(session, scope, text)))
    return sorted(out, key=domain._sort_key)


def register_period_counts(session: Session, scope: Scope, previous_date: date | None,
                           meeting_date: date) -> Any:
    """Văn bản đến / đi of the meeting's period: after the previous meeting up to this one (the first meeting of a
    series: since 1 January of its year), counted by the registry through the caller's scope — a user counts only
    the register lines it may see (clearance, its own unit's register)."""
    if not _register_counts:  # no registry in this deployment
        return None
    start = previous_date + timedelta(days=1) if previous_date else date(meeting_date.year, 1, 1)
    return _register_counts[0](session, scope, min(start, meeting_date), meeting_date)


def build_report(session: Session, scope: Scope, as_of: date, date_from: date | None, date_to: date | None,
                 unit_id: str | None) -> domain.Report:
    facts = _facts(session, scope, unit_id)
    ids = {unit_id} if unit_id else {f.lead_unit_id for f in facts if f.lead_unit_id}
    names = unit_names(session, ids)
    units = [domain.UnitRef(uid, names.get(uid, uid)) for uid in ids]
    report = domain.assemble_report(as_of, date_from, date_to, units, facts)
    report.returned = returned_tasks(session, scope, as_of, date_from, report.date_to, unit_id)
    return report


def returned_tasks(session: Session, scope: Scope, as_of: date, date_from: date | None, end: date,
                   unit_id: str | None) -> list[domain.TaskLine]:
    """The tasks of the period a lead unit returned (trả lại: not its remit) that still wait for the văn thư to give
    them to another unit: no unit leads them, so no count has them — listed apart, with who returned them and why,
    so that a period's report does not lose them. Through the policy (unit roles see sent tasks only: none)."""
    # a return leaves it unsent, unconfirmed and touched (`workflow.decline`): the review queue's untouched
    # proposals are not looked at; each one left, by its events (indexed by task)
    declined = exists().where(TaskEvent.task_id == Task.id, TaskEvent.kind == "declined")
    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(task_clause(scope), Task.sent_at.is_(None), Task.touched.is_(True), Task.confirmed.is_(False),
                   Task.state.notin_([s.value for s in INACTIVE_STATES]), Task.assigned_on <= end, declined))
    if date_from is not None:
        stmt = stmt.where(Task.assigned_on >= date_from)
    if unit_id:
        stmt = stmt.where(Task.lead_unit_id == unit_id)
    tasks = {t.id: t for t in session.scalars(stmt)}
    notes = {i: declined_note(t) for i, t in tasks.items()}
    out = [replace(domain.line(f, as_of), returned_note=reason_seen(session, scope, notes[f.id]), days_late=0)
           for f in facts_of(session, [t for i, t in tasks.items() if notes[i]], scope)]
    return sorted(out, key=domain._sort_key)




# --- what a page shows: every count in SQL, and only the lines the page lists ---------------------------------------
# The pack and the report above load every visible task (their DOCX and Excel list them all). A page shows the same
# counts — aggregated in the database, through the same policy clause — and the first lines of each list, in the
# order of the documents (`domain._sort_key`; overdue by days late, which is the same order).

PAGE_LINES = 50


def _carried_forward(session: Session, document_id: str, scope: Scope) -> list[str]:
    """The tasks followed that this notice's proposals joined (`workflow.carry_over`: their "carried_to" event) —
    none for a viewer who may not read the notice: that it carried them forward is the notice's (SECURITY.md 111)."""
    if session.scalar(select(TrackedDocument.document_id).where(TrackedDocument.document_id == document_id,
                                                               document_clause(scope))) is None:
        return []
    rows = session.execute(select(TaskEvent.detail).join(Task, Task.id == TaskEvent.task_id)
                           .where(Task.document_id == document_id, TaskEvent.kind == "carried_to"))
    return sorted({str(d["task_id"]) for (d,) in rows if isinstance(d, dict) and d.get("task_id")})


def _lines_order() -> tuple[ColumnElement[Any], ...]:
    return (Task.deadline.is_(None), Task.deadline, func.coalesce(TrackedDocument.number, ""), Task.id)


def _add(counts: domain.Counts, category: str, n: int, extended: int = 0) -> None:
    counts.total += n
    setattr(counts, category, getattr(counts, category) + n)
    counts.extended += extended


def _moved() -> ColumnElement[Any]:
    """How many of a group were given more time (`domain.Counts.extended`)."""
    return func.sum(case((deadline_moved_clause(), 1), else_=0))


def _lines(session: Session, stmt: Select[tuple[Task]], as_of: date, scope: Scope) -> list[domain.TaskLine]:
    return [domain.line(f, as_of)
            for f in facts_of(session, list(session.scalars(stmt.order_by(*_lines_order()))), scope)]


def _first_lines(session: Session, stmt: Select[tuple[Task]], as_of: date, limit: int,
                 scope: Scope) -> list[domain.TaskLine]:
    """The first `limit` lines in `_lines_order`: those with a deadline (in deadline order, which the deadline index
    serves without sorting every row), then those without."""
    tail = (func.coalesce(TrackedDocument.number, ""), Task.id)
    rows = list(session.scalars(stmt.where(Task.deadline.isnot(None)).order_by(Task.deadline, *tail).limit(limit)))
    if len(rows) < limit:
        rows += session.scalars(stmt.where(Task.deadline.is_(None)).order_by(*tail).limit(limit - len(rows)))
    return [domain.line(f, as_of) for f in facts_of(session, rows, scope)]


@dataclass
class ReportView:
    """The progress report as a page shows it: every count; the first `limit` lines of each category."""

    as_of: date
    date_from: date | None
    date_to: date
    totals: domain.Counts
    units: list[domain.UnitProgress]
    lines: dict[str, list[domain.TaskLine]]
    level: int
    returned: list[domain.TaskLine] = field(default_factory=list)  # `returned_tasks`: not in the counts


def report_view(session: Session, scope: Scope, as_of: date, date_from: date | None, date_to: date | None,
                unit_id: str | None, limit: int = PAGE_LINES) -> ReportView:
    """`build_report`'s counts and first lines, without loading every task (the same facts: sent tasks through the
    policy, assigned in [date_from, min(date_to, as_of)], lead unit `unit_id` if given)."""
    end = min(date_to or as_of, as_of)

    def chosen(stmt: Select[tuple[Task]]) -> Select[tuple[Task]]:
        stmt = stmt.where(Task.assigned_on <= end)
        if date_from is not None:
            stmt = stmt.where(Task.assigned_on >= date_from)
        return stmt.where(Task.lead_unit_id == unit_id) if unit_id else stmt

    stmt = chosen(_visible_tasks(scope, sent_only=True))
    counted = chosen(_visible_tasks(scope, sent_only=True, columns_only=True))  # counts: the task's columns only
    cat = category_case(as_of)
    totals, per_unit = domain.Counts(), {}
    joined = not scope.sees_all_audiences  # the policy reads the document: its level comes with the counts
    top = func.max(TrackedDocument.level) if joined else func.max(0)
    level = 0
    for uid, category, n, highest, moved in session.execute(
            counted.with_only_columns(Task.lead_unit_id, cat, func.count(), top, _moved())
            .group_by(Task.lead_unit_id, cat)):
        _add(totals, str(category), int(n), int(moved or 0))
        if uid is not None:
            _add(per_unit.setdefault(uid, domain.Counts()), str(category), int(n), int(moved or 0))
        level = max(level, int(highest or 0))
    if not joined:
        level = top_level(session, counted, scope.max_level)
    ids = {unit_id} if unit_id else set(per_unit)
    names = unit_names(session, ids)
    units = sorted((domain.UnitProgress(domain.UnitRef(uid, names.get(uid, uid)), per_unit[uid])
                    for uid in ids if uid in per_unit), key=lambda u: u.unit.name)
    # a category counted empty is not looked for (its ordered read would go through every task to find none)
    lines = {c.value: _first_lines(session, stmt.where(category_clause(c, as_of, 0)), as_of, limit, scope)
             if getattr(totals, c.value) else [] for c in domain.Category}
    returned = returned_tasks(session, scope, as_of, date_from, end, unit_id)
    return ReportView(as_of, date_from, end, totals, units, lines, max([level, *(ln.level for ln in returned)]),
                      returned)


PACK_LISTS = ("overdue", "due_before_next", "assigned_since", "completed_late", "completed_on_time")


@dataclass
class PackSectionView:
    unit: domain.UnitRef
    counts: domain.Counts = field(default_factory=domain.Counts)
    lists: dict[str, list[domain.TaskLine]] = field(default_factory=lambda: {k: [] for k in PACK_LISTS})
    sizes: dict[str, int] = field(default_factory=lambda: {k: 0 for k in PACK_LISTS})
    directives: list[domain.DirectiveFact] = field(default_factory=list)
    directive_count: int = 0


@dataclass
class PackView:
    """The giao ban pack as a page shows it: `build_pack`'s counts and list sizes, and the first lines of each list."""

    meeting_date: date
    previous_date: date | None
    next_date: date
    as_of: date
    units: list[PackSectionView]
    totals: domain.Counts
    previous_conclusion: list[domain.TaskLine]
    level: int
    registers: Any = None  # the registry's counts (RegisterCounts), when the app wires them in
    ended: list[domain.TaskLine] = field(default_factory=list)  # `ended_since`


def _pack_lists(previous_date: date | None, meeting_date: date, next_date: date,
                as_of: date) -> dict[str, ColumnElement[bool]]:
    """`domain.assemble_pack`'s lists as SQL (tasks assigned by `as_of` of the section's lead unit)."""
    since = [Task.assigned_on <= meeting_date, *([Task.assigned_on > previous_date] if previous_date else [])]
    done_since = [Task.completed_on > previous_date] if previous_date else []
    return {
        "overdue": category_clause(domain.Category.overdue, as_of, 0),
        "due_before_next": and_(category_clause(domain.Category.in_progress, as_of, 0), Task.deadline.isnot(None),
                                Task.deadline >= as_of, Task.deadline <= next_date),
        "assigned_since": and_(*since),
        "completed_late": and_(category_clause(domain.Category.completed_late, as_of, 0), *done_since),
        "completed_on_time": and_(category_clause(domain.Category.completed_on_time, as_of, 0), *done_since),
    }


def pack_view(session: Session, scope: Scope, meeting: Meeting, as_of: date, limit: int = 10) -> PackView:
    previous_date, next_date = meeting_dates(session, scope, meeting)
    previous = previous_meeting(session, scope, meeting)
    base = _visible_tasks(scope, sent_only=True).where(Task.assigned_on <= as_of)
    counted = _visible_tasks(scope, sent_only=True, columns_only=True).where(Task.assigned_on <= as_of)
    ids = [mu.unit_id for mu in meeting.units] or sorted(
        uid for uid in session.scalars(counted.with_only_columns(Task.lead_unit_id).distinct()) if uid)
    names = unit_names(session, set(ids))
    sections = {uid: PackSectionView(domain.UnitRef(uid, names.get(uid, uid))) for uid in ids}
    stmt = base.where(Task.lead_unit_id.in_(ids))
    kinds = _pack_lists(previous_date, meeting.meeting_date, next_date, as_of)
    cat = category_case(as_of)
    shown = or_(*kinds.values())
    counted = counted.where(Task.lead_unit_id.in_(ids))
    for row in session.execute(counted.with_only_columns(
            Task.lead_unit_id, cat, func.count(), _moved(),
            *(func.sum(case((clause, 1), else_=0)) for clause in kinds.values())).group_by(Task.lead_unit_id, cat)):
        section = sections[row[0]]
        _add(section.counts, str(row[1]), int(row[2]), int(row[3] or 0))
        for name, n in zip(kinds, row[4:], strict=True):
            section.sizes[name] += int(n or 0)
    level = top_level(session, counted.where(shown), scope.max_level)
    for name, clause in kinds.items():  # the first `limit` lines of each unit: one query per list (none if empty)
        if not any(section.sizes[name] for section in sections.values()):
            continue
        rank = func.row_number().over(partition_by=Task.lead_unit_id, order_by=_lines_order()).label("rank")
        ranked = stmt.where(clause).with_only_columns(Task.id, rank).subquery()
        top = select(ranked.c.id).where(ranked.c.rank <= limit)
        for ln_fact in facts_of(session, list(session.scalars(select(Task).where(Task.id.in_(top)))), scope):
            sections[ln_fact.lead_unit_id or ""].lists[name].append(domain.line(ln_fact, as_of))
    for section in sections.values():
        for name, lst in section.lists.items():
            lst.sort(key=(lambda x: (-x.days_late, domain._sort_key(x))) if name == "overdue" else domain._sort_key)
    level = max(level, _directives_view(session, scope, previous_date, meeting.meeting_date, sections, limit))
    conclusion: list[domain.TaskLine] = []
    if previous is not None and previous.conclusion_document_id:
        # its tasks, and the tasks followed that it carried forward (`workflow.carry_over`)
        carried = _carried_forward(session, previous.conclusion_document_id, scope)
        conclusion = _lines(session, base.where(or_(Task.document_id == previous.conclusion_document_id,
                                                    Task.id.in_(carried))), as_of, scope)
        level = max([level, *(ln.level for ln in conclusion)])
    totals = domain.Counts()
    for s in sections.values():
        totals = totals.merged(s.counts)
    # the mark the page shows, and prints: the meeting's own level too, as on its DOCX and Excel (SECURITY.md, 50)
    level = max(level, meeting.level or 0)
    view = PackView(meeting.meeting_date, previous_date, next_date, as_of,
                    sorted(sections.values(), key=lambda s: s.unit.name), totals, conclusion, level)
    view.registers = register_period_counts(session, scope, previous_date, meeting.meeting_date)
    view.ended = ended_since(session, scope, previous_date, meeting.meeting_date, as_of)
    view.level = max([view.level, *(ln.level for ln in view.ended)])
    return view


def _directives_view(session: Session, scope: Scope, start: date | None, end: date,
                     sections: dict[str, PackSectionView], limit: int) -> int:
    """The directives of the period concerning each unit (`_directives`), counted, the first `limit` listed; returns
    the highest level among them."""
    if not sections:
        return 0
    pairs = (select(TaskUnit.unit_id, TrackedDocument.document_id, TrackedDocument.issued_date,
                    TrackedDocument.number, TrackedDocument.level)
             .join(Task, Task.id == TaskUnit.task_id)
             .join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
             .where(document_clause(scope), TrackedDocument.issued_date <= end,
                    *([TrackedDocument.issued_date > start] if start is not None else []),
                    TaskUnit.unit_id.in_(list(sections)), Task.sent_at.isnot(None),
                    Task.state.notin_([s.value for s in INACTIVE_STATES])).distinct().subquery())
    # one pass: each unit's first `limit` directives, with the unit's count and highest level on every row kept
    rank = func.row_number().over(partition_by=pairs.c.unit_id,
                                  order_by=(pairs.c.issued_date, func.coalesce(pairs.c.number, ""))).label("rank")
    ranked = select(pairs.c.unit_id, pairs.c.document_id, rank,
                    func.count().over(partition_by=pairs.c.unit_id).label("n"),
                    func.max(pairs.c.level).over(partition_by=pairs.c.unit_id).label("top")).subquery()
    chosen = []
    level = 0
    for uid, doc_id, n, top in session.execute(select(ranked.c.unit_id, ranked.c.document_id, ranked.c.n,
                                                      ranked.c.top).where(ranked.c.rank <= limit)):
        sections[uid].directive_count = int(n)
        level = max(level, int(top or 0))
        chosen.append((uid, doc_id))
    docs = {d.document_id: d for d in session.scalars(
        select(TrackedDocument).where(TrackedDocument.document_id.in_({doc_id for _, doc_id in chosen})))}
    for uid, doc_id in chosen:
        d = docs[doc_id]
        sections[uid].directives.append(domain.DirectiveFact(d.document_id, d.number, d.doc_type, d.subject,
                                                             d.issued_date, frozenset({uid}), d.level))
    for s in sections.values():
        s.directives.sort(key=lambda d: (d.issued_date or date.min, d.number or ""))
    return level
