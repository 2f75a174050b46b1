"""The briefing domain, pure: status categories of QĐ 42/2014/QĐ-TTg, recurrence, pack and report assembly.

No I/O: functions take dataclasses and dates and return dataclasses. The service layer loads the facts (through the
access policy) and the renderers turn the results into DOCX.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from services.vntext.fold import fold_key


class Category(StrEnum):
    """Tình hình thực hiện nhiệm vụ (QĐ 42/2014/QĐ-TTg)."""

    completed_on_time = "completed_on_time"  # hoàn thành đúng hạn
    completed_late = "completed_late"  # hoàn thành quá hạn
    in_progress = "in_progress"  # đang thực hiện trong hạn
    overdue = "overdue"  # quá hạn chưa hoàn thành


CATEGORY_LABELS: dict[Category, str] = {
    Category.completed_on_time: "Đã hoàn thành đúng hạn",
    Category.completed_late: "Đã hoàn thành nhưng quá hạn",
    Category.in_progress: "Đang thực hiện trong hạn",
    Category.overdue: "Quá hạn chưa hoàn thành",
}


class State(StrEnum):
    """Where a tracked task is in its follow-up."""

    open = "open"  # assigned, not yet acknowledged
    acknowledged = "acknowledged"
    in_progress = "in_progress"
    completion_reported = "completion_reported"  # the unit says it is done; a leader accepts or returns
    completed = "completed"
    dismissed = "dismissed"  # a proposal people rejected
    split_up = "split"  # replaced by its parts
    merged = "merged"  # replaced by the merged task
    recalled = "recalled"  # its document was recalled (thu hồi) by the office that issued it


INACTIVE_STATES = frozenset({State.dismissed, State.split_up, State.merged, State.recalled})


# what a task carried forward by a later notice says to every reader (the reason of its new deadline, its unit's
# message, its history to a viewer who may not read that notice): no notice named (SECURITY.md 111)
CARRIED_REASON = "Tiếp tục thực hiện theo văn bản chỉ đạo mới."
HANDLER_CARRIED = "Kỳ mới tiếp tục do cán bộ xử lý kỳ trước thực hiện."  # a recurring task's next period


def paper_name(number: str | None, doc_type: str | None, fallback: str) -> str:
    """A document as a message names it: its kind and number ("Thông báo số 901/TB-UBND"), else `fallback`."""
    if not number:
        return fallback
    return f"{doc_type or 'Văn bản'} số {number}"

# what the states are called on the pages and in the messages
STATE_LABELS = {"open": "Mới giao", "acknowledged": "Đã tiếp nhận", "in_progress": "Đang thực hiện",
                "completion_reported": "Đã báo cáo hoàn thành", "completed": "Đã hoàn thành", "dismissed": "Đã loại",
                "split": "Đã tách", "merged": "Đã gộp", "recalled": "Đã thu hồi"}
ACTIVE_STATES = frozenset(State) - INACTIVE_STATES - {State.completed}


class Action(StrEnum):
    """What people do to a task. Who may do it is in ACTORS; from which state, to which, in TRANSITIONS."""

    confirm = "confirm"  # a clerk or leader confirms a proposal: it is sent to the units
    edit = "edit"
    dismiss = "dismiss"
    split_up = "split"
    merge = "merge"
    acknowledge = "acknowledge"  # the lead unit
    progress = "progress"  # the lead unit: the task's progress
    contribute = "contribute"  # a cooperating unit: its own contribution, never the task's progress
    request_extension = "request_extension"  # the lead unit, before the deadline (QĐ 42/2014)
    decide_extension = "decide_extension"  # a leader
    reassign = "reassign"  # a leader, with a reason: a new deadline for an overdue task
    report_completion = "report_completion"  # the lead unit
    accept_completion = "accept_completion"  # a leader
    return_completion = "return_completion"  # a leader
    decline = "decline"  # the lead unit returns a task that is not within its remit (trả lại): back to the clerk
    recall = "recall"  # the document that gave the task is recalled (thu hồi): a clerk or leader, through the registry
    reopen = "reopen"  # a leader: a task accepted as done that was not is followed again (mở lại), with the reason
    end = "end"  # a clerk or leader: a task sent is no longer to be done (kết thúc: a later conclusion says so)
    carry_over = "carry_over"  # a clerk or leader: a proposal that carries a followed task forward joins that task
    assign = "assign"  # the head of a unit named on a task hands the unit's part to one of its officers (phân công)


_WORKING = (State.open, State.acknowledged, State.in_progress)
_NOT_CLOSED = (*_WORKING, State.completion_reported)

# The allowed state changes: (state, action) → the state after. A pair not in the table is refused (409).
TRANSITIONS: dict[tuple[State, Action], State] = {
    **{(s, Action.confirm): s for s in _NOT_CLOSED},
    **{(s, Action.edit): s for s in _NOT_CLOSED},
    **{(s, Action.dismiss): State.dismissed for s in _WORKING},
    **{(s, Action.split_up): State.split_up for s in _WORKING},
    **{(s, Action.merge): State.merged for s in _WORKING},
    (State.open, Action.acknowledge): State.acknowledged,
    (State.acknowledged, Action.acknowledge): State.acknowledged,
    (State.in_progress, Action.acknowledge): State.in_progress,
    **{(s, Action.progress): State.in_progress for s in _WORKING},
    **{(s, Action.contribute): s for s in _NOT_CLOSED},
    **{(s, Action.request_extension): s for s in _WORKING},
    **{(s, Action.decide_extension): s for s in _NOT_CLOSED},
    **{(s, Action.reassign): s for s in _NOT_CLOSED},
    **{(s, Action.report_completion): State.completion_reported for s in _WORKING},
    (State.completion_reported, Action.accept_completion): State.completed,
    (State.completion_reported, Action.return_completion): State.in_progress,
    **{(s, Action.recall): State.recalled for s in _NOT_CLOSED},
    **{(s, Action.decline): State.open for s in _WORKING},
    (State.completed, Action.reopen): State.in_progress,
    **{(s, Action.end): State.dismissed for s in _NOT_CLOSED},
    (State.open, Action.carry_over): State.dismissed,  # a proposal (never sent): it is the task already followed
    **{(s, Action.assign): s for s in _NOT_CLOSED},
}

# Who may act: the lead unit (chủ trì), a cooperating unit (phối hợp), an editor (clerk, leader), a leader only, or
# the head (trưởng đơn vị) of a unit named on the task.
ACTORS: dict[Action, str] = {
    Action.confirm: "editor", Action.edit: "editor", Action.dismiss: "editor", Action.split_up: "editor",
    Action.merge: "editor", Action.acknowledge: "lead", Action.progress: "lead", Action.contribute: "support",
    Action.request_extension: "lead", Action.decide_extension: "leader", Action.reassign: "leader",
    Action.report_completion: "lead", Action.accept_completion: "leader", Action.return_completion: "leader",
    Action.recall: "editor", Action.decline: "lead", Action.reopen: "leader",
    Action.end: "editor", Action.carry_over: "editor", Action.assign: "head",
}


def next_state(state: str, action: Action) -> State | None:
    """The state after `action`, or None when the table does not allow it."""
    return TRANSITIONS.get((State(state), action))


def status_of(state: str, deadline: date | None, completed_on: date | None, as_of: date, sent: bool = True) -> str:
    """What a list shows: the QĐ 42 category of a tracked task; a dismissed, split, merged or recalled task is no
    longer followed and is never "overdue"; a proposal not yet sent to the units is "proposed" (not assigned yet).
    A task dismissed after it was sent was ended (kết thúc: `workflow.end`; `workflow.dismiss` of a sent task ends it):
    "ended", not "dismissed" — the word of a proposal people rejected."""
    if state == State.dismissed and sent:
        return "ended"
    if State(state) in INACTIVE_STATES:
        return State(state).value
    if not sent:
        return "proposed"
    return category(deadline, completed_on if state == State.completed else None, as_of).value


def extension_refusal(deadline: date | None, asked_on: date, new_deadline: date) -> str | None:
    """QĐ 42/2014: an extension is asked before the deadline passes. None when allowed, else the reason code."""
    if deadline is None:
        return "no_deadline"
    if asked_on > deadline:
        return "deadline_passed"
    if new_deadline <= deadline:
        return "not_later"
    return None


def next_review(deadline: date | None, recurrence: str | None, after: date, every_days: int) -> date | None:
    """A task with neither deadline nor recurrence ("theo dõi, đôn đốc") is reviewed every `every_days`."""
    if deadline is not None or parse_recurrence(recurrence) is not None:
        return None
    return after + timedelta(days=every_days)


def category(deadline: date | None, completed_on: date | None, as_of: date) -> Category:
    """The QĐ 42 category of one task on `as_of`. `completed_on` is the accepted completion date (None if not)."""
    if completed_on is not None and completed_on <= as_of:
        if deadline is None or completed_on <= deadline:
            return Category.completed_on_time
        return Category.completed_late
    if deadline is not None and as_of > deadline:
        return Category.overdue
    return Category.in_progress


def days_late(deadline: date | None, completed_on: date | None, as_of: date) -> int:
    """Days past the deadline: at completion if completed by `as_of`, else on `as_of`; 0 when not late."""
    if deadline is None:
        return 0
    end = completed_on if completed_on is not None and completed_on <= as_of else as_of
    return max(0, (end - deadline).days)


def is_due_soon(deadline: date | None, completed_on: date | None, as_of: date, window_days: int) -> bool:
    """Not completed, not yet overdue, and the deadline falls within `window_days` of `as_of`."""
    if deadline is None or (completed_on is not None and completed_on <= as_of):
        return False
    return as_of <= deadline <= as_of + timedelta(days=window_days)


# --- recurrence ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurrence:
    unit: str  # day | week | month | year
    every: int = 1
    day_of_month: int | None = None


_EVERY = re.compile(r"(?:hang|moi|dinh ky)\s+(ngay|tuan|thang|quy|qui|nam)\b")
_N_MONTHS = re.compile(r"dinh k[yi]\s+(\d{1,2})\s+thang")
_DAY_OF_MONTH = re.compile(r"ngay\s+(\d{1,2})\s+(?:hang|moi)\s+thang")
_NEXT_YEARS = re.compile(r"nam\s+\d{4}\s+va\s+(?:cac|nhung)\s+nam\s+tiep\s+theo")


def parse_recurrence(text: str | None) -> Recurrence | None:
    """'hằng tháng', 'ngày 15 hằng tháng', 'thứ Năm hằng tuần', 'hằng quý', 'định kỳ 6 tháng' → a Recurrence."""
    if not text:
        return None
    s = fold_key(text)
    m = _DAY_OF_MONTH.search(s)
    if m and 1 <= int(m.group(1)) <= 31:
        return Recurrence("month", 1, int(m.group(1)))
    m = _N_MONTHS.search(s)
    if m and int(m.group(1)) > 0:
        return Recurrence("month", int(m.group(1)))
    if _NEXT_YEARS.search(s):
        return Recurrence("year")
    m = _EVERY.search(s)
    if m:
        word = m.group(1)
        return {"ngay": Recurrence("day"), "tuan": Recurrence("week"), "thang": Recurrence("month"),
                "quy": Recurrence("month", 3), "qui": Recurrence("month", 3), "nam": Recurrence("year")}[word]
    if "thuong xuyen" in s or "lien tuc" in s:
        return None  # a standing duty, not a dated series
    return None


def _add_months(d: date, months: int, day: int | None = None) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day or d.day, last))


def _month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def next_occurrence(rec: Recurrence, after: date) -> date:
    """The deadline of the occurrence following the one due on `after` (a series due at its periods' ends stays
    there: 30/9 → 31/12 for "hằng quý", not 30/12)."""
    if rec.unit == "day":
        return after + timedelta(days=rec.every)
    if rec.unit == "week":
        return after + timedelta(weeks=rec.every)
    months = 12 * rec.every if rec.unit == "year" else rec.every
    nxt = _add_months(after, months, rec.day_of_month if rec.unit == "month" else None)
    if rec.day_of_month is None and after == _month_end(after):
        return _month_end(nxt)
    return nxt


def first_occurrence(rec: Recurrence, start: date) -> date:
    """The first deadline on or after `start` of a series that names no date: 'ngày 15 hằng tháng' → the 15th; a
    series of periods ("hằng tháng", "hằng quý", "định kỳ 6 tháng", "hằng năm") is due, as a clerk counts it, at the
    end of the current period: the month's last day, the calendar quarter's (31/3, 30/6, 30/9, 31/12), the
    half-year's, the year's; a day or a week from `start` otherwise."""
    if rec.unit == "month" and rec.day_of_month:
        candidate = _add_months(start, 0, rec.day_of_month)
        return candidate if candidate >= start else _add_months(start, 1, rec.day_of_month)
    months = 12 * rec.every if rec.unit == "year" else rec.every if rec.unit == "month" else 0
    if months and 12 % months == 0:
        last_month = ((start.month - 1) // months + 1) * months  # the period's last month: 3, 6, 9, 12 for quarters
        return _month_end(date(start.year, last_month, 1))
    return next_occurrence(rec, start)


# --- packs and reports -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRef:
    id: str
    name: str


@dataclass(frozen=True)
class DeadlineChange:
    """An approved extension (gia hạn) or a leader's re-assignment (giao lại) of an overdue task."""

    kind: str  # extension | reassignment
    from_date: date | None
    to_date: date
    on: date
    days_late: int = 0  # how late the task already was when re-assigned (kept in every export)
    reason: str | None = None  # why: the unit's request, the leader's re-assignment (to whom reads the unit's reports)


def deadline_text(original: date | None, changes: Sequence[DeadlineChange]) -> str:
    """'30/11/2008; gia hạn đến 15/12/2008; giao lại đến 20/01/2009 (đã quá hạn 45 ngày)'; a new deadline a leader
    gives before the deadline ends reads 'lãnh đạo gia hạn đến …'."""
    def d(x: date | None) -> str:
        return x.strftime("%d/%m/%Y") if x else "—"

    parts = [d(original)]
    for c in changes:
        if c.kind == "reassignment" and c.from_date is not None and c.on < c.from_date:  # more time, before the end
            parts.append(f"lãnh đạo gia hạn đến {d(c.to_date)}")
        elif c.kind == "reassignment":
            parts.append(f"giao lại đến {d(c.to_date)}" + (f" (đã quá hạn {c.days_late} ngày)" if c.days_late else ""))
        else:
            parts.append(f"gia hạn đến {d(c.to_date)}")
    return "; ".join(parts)


@dataclass(frozen=True)
class Contribution:
    """A cooperating unit's own report on its part of a task (phối hợp)."""

    unit: str
    percent: int
    note: str | None
    removed_on: date | None = None  # the unit was taken off the task that day: its report given before is kept


@dataclass(frozen=True)
class TaskFact:
    """One tracked task as the pack and report need it (loaded through the access policy)."""

    id: str
    document_id: str
    document_number: str | None
    action: str
    lead_unit_id: str | None
    lead_name: str
    assigned_on: date
    deadline: date | None
    completed_on: date | None  # accepted completion
    state: str = State.open
    progress_percent: int = 0
    support_names: tuple[str, ...] = ()
    progress_note: str | None = None
    original_deadline: date | None = None
    extensions: tuple[DeadlineChange, ...] = ()  # every deadline granted after the original one
    level: int = 0
    review_on: date | None = None
    contributions: tuple[Contribution, ...] = ()
    completion_reported_on: date | None = None  # reported done by the lead unit, not yet accepted by a leader
    extension_requested_to: date | None = None  # the lead unit asks for this deadline; a leader has not decided yet


@dataclass(frozen=True)
class DirectiveFact:
    document_id: str
    number: str | None
    doc_type: str | None
    subject: str | None
    issued_date: date | None
    unit_ids: frozenset[str] = frozenset()
    level: int = 0


@dataclass(frozen=True)
class TaskLine:
    id: str
    document_id: str
    document_number: str | None
    action: str
    lead_name: str
    deadline: date | None
    completed_on: date | None
    category: Category
    days_late: int
    progress_percent: int
    support_names: tuple[str, ...] = ()
    progress_note: str | None = None
    original_deadline: date | None = None
    extensions: tuple[DeadlineChange, ...] = ()
    level: int = 0
    review_on: date | None = None
    contributions: tuple[Contribution, ...] = ()
    reported_on: date | None = None  # completion reported on this day (as of the line's day), awaiting acceptance
    extension_requested_to: date | None = None  # an extension the lead unit asks for, waiting for a leader
    ended_on: date | None = None  # ended (kết thúc: no longer to be done) that day — never done nor overdue
    ended_reason: str | None = None
    returned_note: str | None = None  # its lead unit returned it (trả lại) and it waits for another: who and why

    @property
    def deadline_text(self) -> str:
        return deadline_text(self.original_deadline or self.deadline, self.extensions)

    @property
    def deadline_moved(self) -> bool:
        """Given more time: its deadline moved later by an extension (gia hạn) or a re-assignment (giao lại) — what
        `queries.deadline_moved_clause` counts in SQL."""
        return self.deadline is not None and self.original_deadline is not None \
            and self.deadline > self.original_deadline  # (a later notice's tighter date gives no more time)


@dataclass
class Counts:
    total: int = 0
    completed_on_time: int = 0
    completed_late: int = 0
    in_progress: int = 0
    overdue: int = 0
    extended: int = 0  # of the total: given more time (gia hạn, giao lại) — `TaskLine.deadline_moved`

    def add(self, cat: Category, extended: bool = False) -> None:
        self.total += 1
        setattr(self, cat.value, getattr(self, cat.value) + 1)
        self.extended += int(extended)

    @property
    def completed(self) -> int:
        return self.completed_on_time + self.completed_late

    @property
    def completion_rate(self) -> float:
        """Per cent of tasks completed (on time or late), one decimal."""
        return round(100.0 * self.completed / self.total, 1) if self.total else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(100.0 * self.completed_on_time / self.total, 1) if self.total else 0.0

    def merged(self, other: Counts) -> Counts:
        return Counts(self.total + other.total, self.completed_on_time + other.completed_on_time,
                      self.completed_late + other.completed_late, self.in_progress + other.in_progress,
                      self.overdue + other.overdue, self.extended + other.extended)


def line(t: TaskFact, as_of: date) -> TaskLine:
    done = t.completed_on is not None and t.completed_on <= as_of
    reported = t.completion_reported_on if t.completion_reported_on is not None \
        and t.completion_reported_on <= as_of and not done else None
    return TaskLine(t.id, t.document_id, t.document_number, t.action, t.lead_name, t.deadline,
                    t.completed_on if done else None,
                    category(t.deadline, t.completed_on, as_of), days_late(t.deadline, t.completed_on, as_of),
                    # done, or reported done by its unit (beside "chờ xác nhận"): 100%, not the last progress report
                    100 if done or reported else t.progress_percent,
                    t.support_names, t.progress_note, t.original_deadline or t.deadline, t.extensions, t.level,
                    t.review_on, t.contributions, reported, t.extension_requested_to if t.completed_on is None else None)


def _sort_key(line_: TaskLine) -> tuple[date, str, str]:
    return (line_.deadline or date.max, line_.document_number or "", line_.id)


@dataclass
class UnitSection:
    unit: UnitRef
    assigned_since: list[TaskLine] = field(default_factory=list)
    completed_on_time: list[TaskLine] = field(default_factory=list)
    completed_late: list[TaskLine] = field(default_factory=list)
    overdue: list[TaskLine] = field(default_factory=list)
    due_before_next: list[TaskLine] = field(default_factory=list)
    directives: list[DirectiveFact] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


@dataclass
class Pack:
    meeting_date: date
    previous_date: date | None
    next_date: date
    as_of: date
    units: list[UnitSection]
    totals: Counts
    previous_conclusion: list[TaskLine] = field(default_factory=list)  # tasks of the last meeting's conclusion
    level: int = 0  # the highest secrecy level of what the pack contains (its mark)
    registers: Any = None  # văn bản đến / đi in the meeting's period (the registry's RegisterCounts, or None)
    ended: list[TaskLine] = field(default_factory=list)  # tasks ended (kết thúc) since the previous meeting
    returned: list[TaskLine] = field(default_factory=list)  # returned by their lead unit, waiting: not counted


def ended_line(ln: TaskLine, on: date, reason: str | None) -> TaskLine:
    """A task ended (kết thúc) as the pack lists it: the day and the reason, neither late nor done."""
    return replace(ln, ended_on=on, ended_reason=reason, days_late=0, completed_on=None, reported_on=None,
                   extension_requested_to=None)


def _in_window(d: date | None, start: date | None, end: date) -> bool:
    return d is not None and (start is None or d > start) and d <= end


def assemble_pack(meeting_date: date, previous_date: date | None, next_date: date, as_of: date,
                  units: Sequence[UnitRef], tasks: Iterable[TaskFact],
                  directives: Iterable[DirectiveFact], conclusion_document_id: str | None = None,
                  carried: frozenset[str] = frozenset()) -> Pack:
    """The giao ban pack, per lead unit (chủ trì).

    - assigned since the last meeting: assigned in (previous meeting, this meeting];
    - completed on time / late: completion accepted in (previous meeting, as_of];
    - overdue: not completed on `as_of` and past the deadline (with days late);
    - due before the next meeting: not completed, deadline in [as_of, next meeting];
    - directives issued in (previous meeting, this meeting] concerning the unit;
    - counts: every task assigned by `as_of`, in the QĐ 42 categories (the completion-rate table);
    - previous conclusion: every task of the previous meeting's conclusion notice, whoever leads it, and the tasks
      of earlier notices it carried forward (`carried`: their ids).
    """
    sections = {u.id: UnitSection(u) for u in units}
    tasks = list(tasks)
    conclusion = sorted((line(t, as_of) for t in tasks
                         if conclusion_document_id and (t.document_id == conclusion_document_id or t.id in carried)
                         and t.assigned_on <= as_of), key=_sort_key)
    for t in tasks:
        section = sections.get(t.lead_unit_id or "")
        if section is None or t.assigned_on > as_of:
            continue
        ln = line(t, as_of)
        section.counts.add(ln.category, ln.deadline_moved)
        if _in_window(t.assigned_on, previous_date, meeting_date):
            section.assigned_since.append(ln)
        if ln.completed_on is not None and (previous_date is None or ln.completed_on > previous_date):
            (section.completed_on_time if ln.category is Category.completed_on_time
             else section.completed_late).append(ln)
        elif ln.category is Category.overdue:
            section.overdue.append(ln)
        if ln.category is Category.in_progress and ln.deadline is not None and as_of <= ln.deadline <= next_date:
            section.due_before_next.append(ln)
    for d in directives:
        if not _in_window(d.issued_date, previous_date, meeting_date):
            continue
        for uid in d.unit_ids:
            if uid in sections:
                sections[uid].directives.append(d)
    totals = Counts()
    for s in sections.values():
        for lst in (s.assigned_since, s.completed_on_time, s.completed_late, s.due_before_next):
            lst.sort(key=_sort_key)
        s.overdue.sort(key=lambda x: (-x.days_late, _sort_key(x)))
        s.directives.sort(key=lambda d: (d.issued_date or date.min, d.number or ""))
        totals = totals.merged(s.counts)
    ordered = sorted(sections.values(), key=lambda s: s.unit.name)
    shown = [ln for s in ordered for lst in (s.assigned_since, s.completed_on_time, s.completed_late, s.overdue,
                                             s.due_before_next) for ln in lst] + conclusion
    level = max([ln.level for ln in shown] + [d.level for s in ordered for d in s.directives], default=0)
    return Pack(meeting_date, previous_date, next_date, as_of, ordered, totals, conclusion, level)


@dataclass
class UnitProgress:
    unit: UnitRef
    counts: Counts


@dataclass
class Report:
    as_of: date
    date_from: date | None
    date_to: date
    totals: Counts
    units: list[UnitProgress]
    by_category: dict[Category, list[TaskLine]]
    returned: list[TaskLine] = field(default_factory=list)  # returned by their lead unit, waiting: not counted

    @property
    def level(self) -> int:
        """The highest secrecy level of what the report contains (its mark)."""
        return max((ln.level for lines in [*self.by_category.values(), self.returned] for ln in lines), default=0)


def assemble_report(as_of: date, date_from: date | None, date_to: date | None, units: Sequence[UnitRef],
                    tasks: Iterable[TaskFact]) -> Report:
    """Báo cáo tình hình thực hiện nhiệm vụ: tasks assigned in [date_from, date_to] (default: up to `as_of`),
    each in its QĐ 42 category on `as_of`, per unit and in total."""
    end = min(date_to or as_of, as_of)
    by_unit = {u.id: UnitProgress(u, Counts()) for u in units}
    by_category: dict[Category, list[TaskLine]] = {c: [] for c in Category}
    totals = Counts()
    for t in tasks:
        if t.assigned_on > end or (date_from is not None and t.assigned_on < date_from):
            continue
        ln = line(t, as_of)
        totals.add(ln.category, ln.deadline_moved)
        by_category[ln.category].append(ln)
        if t.lead_unit_id in by_unit:
            by_unit[t.lead_unit_id].counts.add(ln.category, ln.deadline_moved)
    for lst in by_category.values():
        lst.sort(key=_sort_key)
    by_category[Category.overdue].sort(key=lambda x: (-x.days_late, _sort_key(x)))
    rows = sorted((u for u in by_unit.values() if u.counts.total), key=lambda u: u.unit.name)
    return Report(as_of, date_from, end, totals, rows, by_category)


# "UBND các xã, phường" (a task for every commune and ward): the kinds of place it names, to give the task to each
# local body of those kinds in the office's directory ("Ủy ban nhân dân xã Hưng Nguyên", …)
_PLACE_KINDS = ("thị trấn", "thị xã", "thành phố", "đặc khu", "huyện", "quận", "xã", "phường")
_EVERY_LOCAL_BODY = re.compile(r"^(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:các|những)\s+(.+?)"
                               r"(?:\s+(?:liên\s+quan|trên\s+địa\s+bàn(?:\s+tỉnh)?|trong\s+tỉnh))?$", re.IGNORECASE)


def every_local_body_kinds(name: str) -> tuple[str, ...]:
    """The kinds of place a collective of local bodies names ("UBND các xã, phường" → xã, phường); () for any other
    name."""
    m = _EVERY_LOCAL_BODY.match(" ".join((name or "").split()))
    if not m:
        return ()
    kinds = [k.strip().lower() for k in re.split(r",|\s+và\s+", m.group(1)) if k.strip()]
    return tuple(kinds) if kinds and all(k in _PLACE_KINDS for k in kinds) else ()


def is_local_body_of(unit_name: str, kinds: Sequence[str]) -> bool:
    """A unit of the directory is the people's committee of one place of these kinds ("Ủy ban nhân dân xã …")."""
    written = " ".join(unit_name.split())
    return any(re.match(rf"^(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+{k}\s+\S", written, re.IGNORECASE) for k in kinds)

