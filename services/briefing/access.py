"""The access policy (services/core/auth/policy.py) as SQL over briefing's own tables, applied inside every query.

A document — and its tasks — is visible to a scope when the policy lets the scope see briefing's copy of the
document's access (level, audience, access units). Briefing adds the one thing only it knows: the units a task
names. A unit named on a task (lead or cooperating, by extraction or by hand) sees that task and the document's
identity it needs, at the document's level and within its clearance — for `internal` documents (the default
audience: the units it is addressed or assigned to). A document whose audience the clerk restricted to listed units
(`units`) is seen by exactly those units: naming another unit on a task does not widen the clerk's list.
Unit roles see only tasks that were sent to the units (not proposals awaiting the clerk's confirmation).
Meetings have a level and an audience too: unit roles see a meeting their unit attends, within their clearance.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, not_, or_, select, true
from sqlalchemy.orm import Session, aliased

from services.briefing.domain import CARRIED_REASON, State
from services.briefing.models import Meeting, MeetingUnit, Task, TaskUnit, TrackedDocument, TrackedDocumentAccess
from services.core.auth.policy import MAX_LEVEL, ReportSight, Scope, reports_seen


def _audience_clause(scope: Scope) -> ColumnElement[bool]:
    """The policy's audience rule over briefing's copy of the document (unit scopes only)."""
    if scope.public_only or not scope.unit_keys:
        return TrackedDocument.audience == "public"
    has_unit = exists().where(TrackedDocumentAccess.document_id == TrackedDocument.document_id,
                              TrackedDocumentAccess.unit_key.in_(sorted(scope.unit_keys)))
    return or_(TrackedDocument.audience == "public", has_unit)


# a task the clerk split into parts or merged into another keeps its units for the record, but they are taken off
# it: their work is the parts' (they read those where they are named, or the notice where its text names them) —
# being named on it no longer opens it to them, as an edit that takes a unit off (SECURITY.md 58, 92)
TAKEN_OFF = (State.split_up.value, State.merged.value)


def _named(scope: Scope, task_id: Any = None) -> ColumnElement[bool]:
    """A sent task of an `internal` document (`task_id`: that task, the query's `Task`) names one of the scope's
    units, and was not split up nor merged."""
    keys = sorted(scope.unit_keys or ())
    if not keys:
        return false()
    if task_id is None:  # any sent task of the document
        t, tu = aliased(Task), aliased(TaskUnit)
        return and_(TrackedDocument.audience == "internal",
                    exists().where(t.document_id == TrackedDocument.document_id, t.sent_at.isnot(None),
                                   t.state.notin_(TAKEN_OFF), exists().where(tu.task_id == t.id, tu.unit_key.in_(keys))))
    return and_(TrackedDocument.audience == "internal", Task.state.notin_(TAKEN_OFF),
                exists().where(TaskUnit.task_id == task_id, TaskUnit.unit_key.in_(keys)))


def document_clause(scope: Scope) -> ColumnElement[bool]:
    """A tracked document is visible: the policy, or (unit roles) one of its sent tasks names the unit."""
    base = and_(TrackedDocument.present.is_(True), TrackedDocument.level <= scope.max_level)
    if scope.sees_all_audiences:
        return and_(true(), base)
    if scope.public_only:
        return and_(base, TrackedDocument.audience == "public")
    return and_(base, or_(_audience_clause(scope), _named(scope)))


def task_clause(scope: Scope) -> ColumnElement[bool]:
    """A task (joined to its TrackedDocument) is visible. Editors see proposals; unit roles only sent tasks."""
    base = and_(TrackedDocument.present.is_(True), TrackedDocument.level <= scope.max_level)
    if scope.sees_all_audiences:
        return and_(true(), base)
    if scope.public_only:
        return and_(base, Task.sent_at.isnot(None), TrackedDocument.audience == "public")
    return and_(base, Task.sent_at.isnot(None), or_(_audience_clause(scope), _named(scope, Task.id)))


def meeting_clause(scope: Scope) -> ColumnElement[bool]:
    """A meeting is visible within the clearance; unit roles see public meetings and those their unit attends."""
    base = Meeting.level <= scope.max_level
    if scope.sees_all_audiences:
        return and_(true(), base)
    if scope.public_only or not scope.unit_keys:
        return and_(base, Meeting.audience == "public")
    from services.core.auth.models import Unit

    attends = exists().where(MeetingUnit.meeting_id == Meeting.id, MeetingUnit.unit_id == Unit.id,
                             Unit.key.in_(sorted(scope.unit_keys)))
    return and_(base, or_(Meeting.audience == "public", attends))


def hidden_meeting(scope: Scope, meeting_id: Any) -> ColumnElement[bool]:
    """``meeting_id`` (a column of another record, e.g. an audit event's object) names a meeting the scope may not
    see."""
    return exists().where(Meeting.id == meeting_id, not_(meeting_clause(scope)))


def hidden_task(scope: Scope, task_id: Any) -> ColumnElement[bool]:
    """``task_id`` names a task the scope may not see (its document above the clearance, or gone)."""
    return exists().where(Task.id == task_id, TrackedDocument.document_id == Task.document_id,
                          not_(task_clause(scope)))


def report_sight(scope: Scope, task: Task) -> ReportSight:
    """Whose reports on this task the scope reads (the policy's `reports_seen` over the task's units as they stand)."""
    return reports_seen(scope, {tu.unit_key for tu in task.units if tu.role == "lead"},
                        {tu.unit_key for tu in task.units if tu.role != "lead"})


# the events that carry the lead unit's reports or the answers to them: their words and files go with the reports
LEAD_REPORT_EVENTS = frozenset({"progress", "completion_reported", "completion_accepted", "completion_returned", "reopened",
                                "extension_requested", "extension_approved", "extension_refused", "reassigned"})
# what such an event may still say to a unit that does not read the reports: the dates and who, never words or files
EVENT_FACTS = frozenset({"from", "to", "new_deadline", "requested", "completed_on", "unit_id", "role", "unit_key",
                         "name", "on"})


def event_seen(sight: ReportSight, task: Task, kind: str, text: str | None,
               detail: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """An event of the task's history as a viewer with this sight reads it: a report it may not read keeps its kind,
    time and dates, without its words, percent or files."""
    if sight.units is None:
        return text, detail
    if kind in LEAD_REPORT_EVENTS and sight.lead:
        return text, detail
    if kind == "contribution" and sight.contribution(_key_of(task, detail)):
        return text, detail
    if kind == "unit_removed" and detail.get("report"):
        return text, {k: v for k, v in detail.items() if k != "report"}
    if kind in LEAD_REPORT_EVENTS or kind == "contribution":
        return None, {k: v for k, v in detail.items() if k in EVENT_FACTS}
    if kind == "handler_assigned" and not (sight.lead if detail.get("role") == "lead"
                                           else sight.contribution(_key_of(task, detail))):
        # who inside a unit handles its part (and the head's note) is for those who read that unit's reports
        return None, {k: v for k, v in detail.items() if k in EVENT_FACTS}
    return text, detail


# a document's number as a clerk writes it in a reason: "7010/UBND-KT", "12/2024/NĐ-CP", "115/TB-UBND", the Party's
# "88-KL/TU" (Tỉnh ủy's, most often Mật), a code with a suffix "15/QĐ-UBND.NC" (a dot that ends the sentence is not
# taken: a dot inside the code must be followed by more of it)
_DOC_NUMBER = re.compile(r"\d{1,6}(?:/\d{4})?[/-][^\W\d_][^\W_]*(?:[-–/.][^\W_]+)*")  # not a date: 05/12/2026
NUMBER_WITHHELD = "Theo văn bản chỉ đạo mới."  # the reason, to a reader who may not know the notice it names
# the events whose words are a reason: a clerk's or leader's to the units (an end, a recall, a new deadline, the answer
# to an extension request or a completion, a reopening) and the unit's for more time or for returning the task, and
# its head's note on a hand-over (read by the unit's uncleared staff) — read through `reason_seen` (SECURITY.md 130,
# 136)
REASON_EVENTS = frozenset({"ended", "dismissed", "recalled", "reassigned", "extension_requested", "extension_approved",
                           "extension_refused", "completion_accepted", "completion_returned", "reopened", "declined",
                           "handler_assigned"})


def reason_seen(session: Session, scope: Scope, text: str | None) -> str | None:
    """A free-text reason (a task ended or dismissed: "Theo Công văn số 7010/UBND-KT …") as this reader may read it
    (SECURITY.md 130): as written, unless it names the number of a document above the reader's clearance (Mật …) that
    no document within it also carries — then neutral words, so a Mật notice's number does not reach a reader who may
    not know it exists. The audience is not checked: a unit reads the number of the ordinary notice that ended its
    task though the notice is not addressed to it (play 327); a number no document carries is the writer's own."""
    numbers = {cut for found in _DOC_NUMBER.findall(text or "") for cut in _number_cuts(found)}
    if not numbers or scope.max_level >= MAX_LEVEL:
        return text
    wanted = sorted(numbers | {n.upper() for n in numbers})
    named = select(TrackedDocument.number).where(TrackedDocument.number.in_(wanted))
    above = set(session.scalars(named.where(TrackedDocument.level > scope.max_level)))
    if not above:
        return text
    within = set(session.scalars(named.where(TrackedDocument.level <= scope.max_level)))
    return NUMBER_WITHHELD if above - within else text


def _number_cuts(found: str) -> list[str]:
    """A number as matched and each shorter number it runs on from ("7010/UBND-KT.Đề nghị" typed without a space
    matches "7010/UBND-KT.Đề"; "7010/UBND-KT/VP"): cut before each separator — withholding too much is safe, a number
    run on into the next word is not (review19)."""
    cuts = [found[:i] for i, ch in enumerate(found) if ch in "-–/." and _DOC_NUMBER.fullmatch(found[:i])]
    return [found, *cuts]


def _key_of(task: Task, detail: dict[str, Any]) -> str | None:
    """The key of the unit that wrote a contribution (its event names the unit's id)."""
    uid = detail.get("unit_id")
    return next((tu.unit_key for tu in task.units if uid and tu.unit_id == uid), None)


def joined_seen(session: Session, scope: Scope, kind: str, text: str | None,
                detail: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """A carry-over's event (`workflow.carry_over`) as this viewer reads it: the other notice — the later one that
    carried the task forward (`carried_forward`), or the task it joined (`carried_to`) — named only to a viewer who
    reads it now; to another, the event's neutral words and nothing of it, whatever it was when the event was written
    (SECURITY.md 111)."""
    if kind == "carried_forward" and detail.get("document_id"):
        seen = session.scalar(select(TrackedDocument.document_id).where(
            TrackedDocument.document_id == str(detail["document_id"]), document_clause(scope)))
        return (text, detail) if seen is not None else (CARRIED_REASON, {})
    if kind == "carried_to" and detail.get("task_id"):
        seen = session.scalar(select(Task.id).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
                              .where(Task.id == str(detail["task_id"]), task_clause(scope)))
        return (text, detail) if seen is not None else ("Tiếp tục nhiệm vụ đang theo dõi tại văn bản trước.", {})
    return text, detail
