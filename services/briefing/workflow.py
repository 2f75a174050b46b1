"""The follow-up: who may do what to a task, in which state (the table in `domain.py`): the units (lead and
cooperating), the clerks and the leaders."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from services.briefing import domain, notify
from services.briefing.common import (
    EDITOR_ROLES,
    LEADER_ROLES,
    LOCAL_TZ,
    UNIT_ROLES,
    _check_role,
    _event,
    _iso,
    _not_closed,
    today,
)
from services.briefing.domain import Action, State
from services.briefing.errors import BriefingError
from services.briefing.models import (
    Task,
    TaskUnit,
    TrackedDocument,
)
from services.briefing.queries import visible_clause
from services.briefing.settings import get_briefing_settings
from services.briefing.sync import _first_deadline, _hold_access, _publish_assigned, _send, _set_units
from services.core.auth.models import Unit, User
from services.core.auth.policy import Principal, Scope
from services.core.auth.service import forbidden
from services.core.web import not_found
from services.ingest.public import document_recall, is_collective
from services.vntext.units import collective_unit_name, is_known_unit

# --- follow-up by the units -----------------------------------------------------------------------------------------


def _unit_ids(task: Task, role: str | None = None) -> set[str]:
    return {tu.unit_id for tu in task.units if tu.unit_id and (role is None or tu.role == role)}


def my_role(task: Task, principal: Principal) -> str | None:
    """lead (chủ trì) | support (phối hợp) | None: how the principal's unit is named on the task."""
    for tu in task.units:
        if (principal.unit_id and tu.unit_id == principal.unit_id) or (
                principal.unit_key and tu.unit_key == principal.unit_key):
            return tu.role
    return None


def _transition(task: Task, action: Action) -> State:
    nxt = domain.next_state(task.state, action)
    if nxt is None:
        if task.state == State.completed:
            raise BriefingError.task_completed()
        ended = task.state == State.dismissed and task.sent_at is not None  # kết thúc (`end`), not a rejection
        raise BriefingError.invalid_state(state="Đã kết thúc" if ended else domain.STATE_LABELS.get(task.state,
                                                                                                     task.state))
    return nxt


def _check_actor(principal: Principal, task: Task, action: Action) -> None:
    """ACTORS of the domain: the lead unit, a cooperating unit, an editor or a leader."""
    who = domain.ACTORS[action]
    if principal.role == "admin":
        return
    if who == "editor":
        _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xác nhận, sửa, tách, gộp nhiệm vụ.")
        return
    if who == "leader":
        _check_role(principal, LEADER_ROLES, "Chỉ lãnh đạo mới thực hiện được thao tác này.")
        return
    if who == "head" and principal.role != "unit_head":
        raise forbidden("Chỉ lãnh đạo đơn vị được giao nhiệm vụ (trưởng đơn vị) mới phân công cán bộ xử lý.")
    if principal.role not in UNIT_ROLES:
        raise forbidden("Chỉ cán bộ của đơn vị được giao mới thực hiện được thao tác này.")
    role = my_role(task, principal)
    if role is None:
        raise forbidden("Nhiệm vụ này không giao cho đơn vị của bạn.")
    if who == "lead" and role != "lead":
        raise forbidden("Chỉ đơn vị chủ trì mới thực hiện được thao tác này; đơn vị phối hợp báo cáo phần việc "
                        "của mình.")
    if who == "support" and role != "support":
        raise forbidden("Đơn vị chủ trì cập nhật tiến độ của nhiệm vụ.")
    row = unit_row(task, principal)
    if principal.role == "unit_staff" and row is not None and row.handler_id and row.handler_id != principal.user_id \
            and handler_in_force(object_session(task), task, row):
        # the head handed the unit's part to one officer: the unit answers through that officer (or the head)
        raise forbidden(f"Lãnh đạo đơn vị đã phân công “{row.handler_name}” xử lý nhiệm vụ này: chỉ cán bộ được "
                        "phân công hoặc lãnh đạo đơn vị báo cáo, đề nghị về nhiệm vụ.")


def _check_sent(task: Task) -> None:
    if task.sent_at is None:
        raise BriefingError.task_not_sent()



def acknowledge(session: Session, principal: Principal, task: Task) -> Task:
    """The lead unit acknowledges (tiếp nhận) the task."""
    _check_actor(principal, task, Action.acknowledge)
    _check_sent(task)
    task.state = _transition(task, Action.acknowledge)
    task.touched = True
    _event(task, principal, "acknowledged", detail={"unit_id": principal.unit_id})
    return task


def assign_handler(session: Session, principal: Principal, task: Task, username: str, note: str | None) -> Task:
    """Phân công xử lý: the head of a unit named on the task hands the unit's part to one of its officers, who then
    finds it among "việc được phân công cho tôi" and drafts the unit's reports; the head stays answerable (he sees and
    may do all the officer may) and may hand it to another. The same officer again changes nothing (a retry)."""
    _check_actor(principal, task, Action.assign)
    _check_sent(task)
    _transition(task, Action.assign)
    row = unit_row(task, principal)
    officer = session.scalar(select(User).where(User.username == username.strip()))
    if row is None or officer is None or not _works_in(officer, principal.unit_id):
        raise BriefingError.handler_not_in_unit(name=username.strip())
    name = officer.full_name or officer.username
    if officer.clearance < (task.document.level or 0):
        raise BriefingError.handler_not_cleared(name=name)
    if row.handler_id == officer.id:
        return task
    previous = row.handler_name
    row.handler_id, row.handler_name, row.handler_since = officer.id, name, datetime.now(UTC)
    task.touched = True
    if row.role == "lead" and task.state == State.open:  # the lead unit's head gives it out: the unit has received it
        task.state = _transition(task, Action.acknowledge)
        _event(task, principal, "acknowledged", detail={"unit_id": principal.unit_id})
    _event(task, principal, "handler_assigned", note or None,
           {"unit_id": principal.unit_id, "role": row.role, "handler_id": officer.id, "handler": name,
            "previous": previous})
    notify.queue_handler(session, task, row.unit_id or "", name, note or None, previous)
    return task


def _works_in(officer: User, unit_id: str | None) -> bool:
    """An active officer of the unit (a unit role), whom its head may hand the unit's part of a task to."""
    return bool(unit_id) and not officer.disabled and officer.unit_id == unit_id and officer.role in UNIT_ROLES


def handler_in_force(session: Session | None, task: Task, row: TaskUnit) -> bool:
    """Whether the officer the unit's head handed this part to still holds it: an active account of that unit (a
    unit role, `_works_in`) cleared for the document's level. One who left the unit, was disabled or may no longer
    read the task (the document raised above his clearance) holds it no more — the unit's other officers answer
    again, rather than being refused in the name of someone who cannot (SECURITY.md 119); the head may hand it to
    another."""
    if not row.handler_id or session is None:
        return False
    officer = session.get(User, row.handler_id)
    return bool(officer is not None and _works_in(officer, row.unit_id)
                and officer.clearance >= (task.document.level or 0))


def _carry_handlers(session: Session, previous: Task | Sequence[Task], nxt: Task) -> list[TaskUnit]:
    """A task made from others — the next period's task of a recurring duty, the parts of a split, a merge (SECURITY.md
    122) — stays with the officer each unit's head had handed it to (the same officer on every task it comes from
    that had one), while that officer still works in the unit and is cleared for the document (what `assign_handler`
    checks); else the unit's part is unassigned again (the head hands it anew). Returns the rows carried."""
    sources = [previous] if isinstance(previous, Task) else list(previous)
    level = sources[0].document.level or 0
    carried: list[TaskUnit] = []
    for tu in nxt.units:
        rows = [r for t in sources for r in t.units if r.unit_key == tu.unit_key and r.handler_id]
        if len({r.handler_id for r in rows}) != 1:
            continue
        was = rows[0]
        officer = session.get(User, was.handler_id)
        if officer is not None and _works_in(officer, tu.unit_id) and officer.clearance >= level:
            tu.handler_id, tu.handler_name, tu.handler_since = was.handler_id, was.handler_name, was.handler_since
            carried.append(tu)
    return carried


def unit_row(task: Task, principal: Principal) -> TaskUnit | None:
    return next((tu for tu in task.units if (principal.unit_id and tu.unit_id == principal.unit_id)
                 or (principal.unit_key and tu.unit_key == principal.unit_key)), None)


def post_progress(session: Session, principal: Principal, task: Task, text: str, percent: int | None,
                  attachments: list[dict[str, Any]]) -> Task:
    """The lead unit reports the task's progress; a cooperating unit reports its own contribution (text, percent,
    files), which the lead and the leaders see. A cooperating unit never changes the task's progress."""
    role = my_role(task, principal) if principal.role in UNIT_ROLES else None
    action = Action.contribute if role == "support" else Action.progress
    _check_actor(principal, task, action)
    _check_sent(task)
    kind = "contribution" if action is Action.contribute else "progress"
    if _same_report_today(task, principal, kind, text, percent, attachments):
        return task  # the same report again the same day (a retry, a second click): it is already recorded
    task.state = _transition(task, action)
    row = unit_row(task, principal)
    if row is not None:
        if percent is not None:
            row.progress_percent = percent
        row.progress_note = text
        row.progress_at = datetime.now(UTC)
        row.attachments = [dict(a) for a in attachments]
    if action is Action.progress:
        if percent is not None:
            task.progress_percent = percent
        task.progress_note = text
        if task.deadline is None and task.review_on is not None:  # this period's check answered: the next one
            task.review_on = domain.next_review(None, task.recurrence, max(today(), task.review_on),
                                                get_briefing_settings().briefing_review_days)
    task.touched = True
    _event(task, principal, kind, text,
           {"percent": percent, "attachments": attachments, "unit_id": principal.unit_id, "role": role or "lead"})
    return task


def _same_report_today(task: Task, principal: Principal, kind: str, text: str, percent: int | None,
                       attachments: list[dict[str, Any]]) -> bool:
    """The task's last event is this account's report with the same words, percent and files, made today."""
    last = task.events[-1] if task.events else None
    if last is None or last.kind != kind or last.username != principal.username or last.text != text:
        return False
    detail = last.detail or {}
    at = last.at if last.at is None or last.at.tzinfo else last.at.replace(tzinfo=UTC)
    return (detail.get("percent") == percent and detail.get("attachments") == [dict(a) for a in attachments]
            and at is not None and at.astimezone(LOCAL_TZ).date() == today())


def _same_completion(task: Task, principal: Principal, when: date, text: str | None,
                     attachments: list[dict[str, Any]]) -> bool:
    """The task's last event is this account's completion report of the same day done, words and files."""
    last = task.events[-1] if task.events else None
    if last is None or last.kind != "completion_reported" or last.username != principal.username:
        return False
    detail = last.detail or {}
    return ((last.text or None) == (text or None) and detail.get("completed_on") == when.isoformat()
            and [a.get("sha256") for a in detail.get("attachments") or []] == [a.get("sha256") for a in attachments])


def _repeated(task: Task, principal: Principal, kind: str, note: str | None) -> bool:
    """The task's last event is this account's same decision in the same words: a retry (a second click, a dropped
    connection) of what is already recorded."""
    last = task.events[-1] if task.events else None
    return (last is not None and last.kind == kind and last.username == principal.username
            and (last.text or None) == (note or None))


def request_extension(session: Session, principal: Principal, task: Task, new_deadline: date, reason: str) -> Task:
    """QĐ 42/2014: the lead unit asks before the deadline; after it the task is overdue (a leader may re-assign)."""
    _check_actor(principal, task, Action.request_extension)
    _check_sent(task)
    _transition(task, Action.request_extension)
    refusal = domain.extension_refusal(task.deadline, today(), new_deadline)
    if refusal == "no_deadline":
        raise BriefingError.no_deadline_to_extend()
    if refusal == "deadline_passed":
        raise BriefingError.extension_too_late()
    if refusal == "not_later":
        raise BriefingError.extension_not_later()
    if task.extension_requested_to == new_deadline and task.extension_reason == reason:
        return task  # the same request again (a retry, a second click): it is already waiting for the leader
    task.extension_requested_to = new_deadline
    task.extension_reason = reason
    task.touched = True
    _event(task, principal, "extension_requested", reason, {"new_deadline": new_deadline.isoformat(),
                                                            "current_deadline": _iso(task.deadline),
                                                            "asked_on": today().isoformat(),
                                                            "unit_id": principal.unit_id})
    return task


def decline(session: Session, principal: Principal, task: Task, reason: str) -> Task:
    """The lead unit returns a task that is not within its remit (trả lại nhiệm vụ), saying why: it leaves the units'
    inboxes (and the counts) and goes back to the clerk's review queue, which says who returned it and why; the
    clerk gives it to the right unit (edit) or sends it again (confirm)."""
    _check_actor(principal, task, Action.decline)
    _check_sent(task)
    if not reason.strip():
        raise BriefingError.decline_reason_required()
    task.state = _transition(task, Action.decline)
    task.sent_at = None
    task.confirmed = False
    task.touched = True
    task.extension_requested_to = None
    task.extension_reason = None
    _event(task, principal, "declined", reason.strip(), {"unit_id": principal.unit_id, "unit": task.lead_name})
    session.flush()
    _publish_assigned(session, task.document_id)  # the unit reads the document no longer through this task
    return task


def declined_note(task: Task) -> str | None:
    """Why a task waits for the clerk again: the unit that returned it and its reason (None once sent again)."""
    if task.sent_at is not None or task.confirmed or not task.touched:
        return None
    for ev in reversed(task.events):
        if ev.kind == "declined":
            return f"{ev.detail.get('unit') or 'Đơn vị chủ trì'} trả lại: {(ev.text or '').rstrip(' .')}"
        if ev.kind in ("confirmed", "edited"):
            return None
    return None


def _record_change(task: Task, principal: Principal, kind: str, old: date | None, new: date, reason: str | None,
                   late: int) -> None:
    if task.original_deadline is None:
        task.original_deadline = old
    task.deadline_changes = [*(task.deadline_changes or []),
                             {"kind": kind, "from": _iso(old), "to": new.isoformat(), "on": today().isoformat(),
                              "by": principal.username, "reason": reason, "days_late": late}]
    task.deadline = new


def decide_extension(session: Session, principal: Principal, task: Task, approve: bool, note: str | None,
                     granted: date | None = None) -> Task:
    """A leader answers the lead unit's request for more time: yes — to the date asked, or to another date of the
    leader's (`granted`, later than the current deadline; the history keeps the date asked) — or no, saying why."""
    _check_actor(principal, task, Action.decide_extension)
    if task.extension_requested_to is None and _repeated(
            task, principal, "extension_approved" if approve else "extension_refused", note) and (
            granted is None or task.events[-1].detail.get("to") == granted.isoformat()):
        return task  # already decided so by this leader
    _transition(task, Action.decide_extension)
    if task.extension_requested_to is None:
        raise BriefingError.no_extension_request()
    requested = task.extension_requested_to
    told = note
    if approve:
        old = task.deadline
        to = granted or requested
        if granted is not None and old is not None and granted <= old:
            raise BriefingError.extension_grant_not_later()
        _record_change(task, principal, "extension", old, to, task.extension_reason, 0)
        _event(task, principal, "extension_approved", note, {"from": _iso(old), "to": to.isoformat(),
                                                             "requested": requested.isoformat()})
        if to != requested:  # the unit reads that its date was not the one given
            told = " ".join(x for x in (f"Gia hạn đến ngày {to.strftime('%d/%m/%Y')}, không theo ngày đơn vị đề nghị "
                                        f"({requested.strftime('%d/%m/%Y')}).", note) if x)
    else:
        if not (note or "").strip():  # the unit reads why, as it does when a completion is returned
            raise BriefingError.refusal_reason_required()
        _event(task, principal, "extension_refused", note, {"requested": requested.isoformat()})
    task.extension_requested_to = None
    task.extension_reason = None
    task.touched = True
    # the lead unit is told the answer (it asked, and may not open the task page before its deadline)
    notify.queue_for_task(session, task, "ext_approved" if approve else "ext_refused", key=str(len(task.events)),
                          note=told)
    return task


def reassign(session: Session, principal: Principal, task: Task, new_deadline: date, reason: str) -> Task:
    """A leader gives a task a new deadline, with a reason: an overdue one (QĐ 42), or one a unit needs more time for
    without asking. The lateness so far stays in the record; the lead unit is told."""
    _check_actor(principal, task, Action.reassign)
    _transition(task, Action.reassign)
    if task.deadline is not None and new_deadline <= task.deadline:
        raise BriefingError.reassignment_not_later()
    if new_deadline < today():
        raise BriefingError.reassignment_in_past()
    old = task.deadline
    late = domain.days_late(old, None, today())
    _record_change(task, principal, "reassignment", old, new_deadline, reason, late)
    task.extension_requested_to = None
    task.extension_reason = None
    task.touched = True
    _event(task, principal, "reassigned", reason, {"from": _iso(old), "to": new_deadline.isoformat(),
                                                   "days_late": late})
    notify.queue_for_task(session, task, "new_deadline", key=str(len(task.events)), note=reason)
    return task


def report_completion(session: Session, principal: Principal, task: Task, completed_on: date | None,
                      text: str | None, attachments: list[dict[str, Any]] | None = None) -> Task:
    """`attachments`: the files of the report (with their hashes), to tell a retry of the same report."""
    _check_actor(principal, task, Action.report_completion)
    _check_sent(task)
    when = completed_on or today()
    if task.state == State.completion_reported and _same_completion(task, principal, when, text, attachments or []):
        return task  # the same report again (a retry, a second click): it is already recorded
    _not_closed(task)
    if when > today():
        raise BriefingError.completion_in_future()
    if when < task.assigned_on:
        raise BriefingError.completion_before_assignment()
    task.state = _transition(task, Action.report_completion)
    task.completion_reported_on = when
    task.touched = True
    _event(task, principal, "completion_reported", text, {"completed_on": when.isoformat(),
                                                          "unit_id": principal.unit_id})
    return task


def accept_completion(session: Session, principal: Principal, task: Task, note: str | None) -> Task | None:
    """A leader accepts: the task is completed on the reported date; a recurring task gets its next occurrence."""
    _check_actor(principal, task, Action.accept_completion)
    _check_sent(task)
    if not task.confirmed:  # sent on extraction (VANBAN_BRIEFING_SEND_ON=extraction): confirmed before it counts
        raise BriefingError.task_not_confirmed()
    if task.state == State.completed and _repeated(task, principal, "completion_accepted", note):
        return None  # already accepted by this leader (its next occurrence, if any, was made then)
    if task.state != State.completion_reported or task.completion_reported_on is None:
        raise BriefingError.not_reported()
    task.state = _transition(task, Action.accept_completion)
    task.completed_on = task.completion_reported_on
    task.progress_percent = 100
    task.extension_requested_to = None
    task.touched = True
    _event(task, principal, "completion_accepted", note, {"completed_on": task.completed_on.isoformat()})
    return _next_occurrence(session, principal, task)


def reopen(session: Session, principal: Principal, task: Task, reason: str) -> Task:
    """A leader reopens (mở lại) a task accepted as done that was not: it is followed again — in progress, overdue
    by its deadline if that has passed, out of the "completed" counts — the reason and the date it had been
    completed on stay in its history, and the lead unit is told; it reports again and a leader accepts again. Not a
    task of a recalled document (the office withdrew the work)."""
    _check_actor(principal, task, Action.reopen)
    reason = " ".join((reason or "").split())
    if not reason:
        raise BriefingError.reopen_reason_required()
    if task.state != State.completed and _repeated(task, principal, "reopened", reason):
        return task  # already reopened by this leader, with these words (a second click, a retry)
    if task.document_id:
        # the recall's mark read holding the document (SECURITY.md 114): a recall under way is waited for and
        # refuses this; one asked after waits for this commit, then finds the task open and recalls it (held
        # already before the task, `get_task(hold_document="share")`: 117)
        _hold_access(session, [task.document_id])
        if document_recall(session, task.document_id) is not None:
            raise BriefingError.document_recalled()
    task.state = _transition(task, Action.reopen)
    was = task.completed_on
    task.completed_on = None
    task.completion_reported_on = None
    # the progress the lead unit last reported before it said "done" (not the 100 % the acceptance set) — the lead
    # unit's own: a unit that led it before a change of lead reported for itself (the change set 0: `edit`)
    task.progress_percent = next((int(e.detail["percent"]) for e in reversed(task.events)
                                  if e.kind == "progress" and (e.detail or {}).get("percent") is not None
                                  and task.lead_unit_id is not None
                                  and (e.detail or {}).get("unit_id") == task.lead_unit_id), 0)
    task.touched = True
    _event(task, principal, "reopened", reason, {"completed_on": _iso(was)})
    notify.queue_for_task(session, task, "reopened", key=str(len(task.events)), note=reason)
    return task


def end(session: Session, principal: Principal, task: Task, reason: str) -> Task:
    """Kết thúc nhiệm vụ: a task already sent is no longer to be done — a later conclusion says so ("Kết thúc nhiệm vụ
    … tại Thông báo số …"). It leaves the inboxes and the counts (not completed, never overdue), the reason stays in
    its history and on its page, and its units are told."""
    _check_actor(principal, task, Action.end)
    _check_sent(task)
    reason = " ".join((reason or "").split())
    if not reason:
        raise BriefingError.end_reason_required()
    if task.state == State.dismissed and _repeated(task, principal, "ended", reason):
        return task  # already ended by this account, with these words (a second click, a retry)
    task.state = _transition(task, Action.end)
    task.review_on = None
    task.extension_requested_to = None
    task.extension_reason = None
    task.touched = True
    _event(task, principal, "ended", reason)
    notify.queue_for_task(session, task, "ended", note=reason)
    return task


def carry_over(session: Session, principal: Principal, proposal: Task, cited: Task) -> Task:
    """A proposal of a later notice that carries a task being followed forward ("Tiếp tục thực hiện nhiệm vụ tại
    Thông báo số …", "khẩn trương hoàn thành … đã quá hạn": `queries.amended_tasks`) joins that task instead of
    becoming a second one: the task gets the notice's later deadline as a new one (the signed notice gives it; the
    lateness so far stays in the record, the lead unit is told; an earlier one is not applied, and the history says
    so) and a "carried_forward" event naming the notice — the next giao ban lists it with the notice's tasks — and
    the proposal is dismissed, linked to it. Returns the task followed."""
    _check_actor(principal, proposal, Action.carry_over)
    paper = domain.paper_name(proposal.document.number, proposal.document.doc_type, "văn bản sau")
    proposal.state = _transition(proposal, Action.carry_over)
    _confirm(proposal, principal)  # decided: a later reading does not propose it again
    proposal.review_on = None
    earlier = domain.paper_name(cited.document.number, cited.document.doc_type, "văn bản trước")
    # the two events name the other notice; the history shows that name only to a viewer who reads it, then and
    # later (`access.joined_seen`). The words every reader of the task is given (the new deadline's reason, the
    # unit's message) name no notice: one of them may not read it, now or once it is raised (SECURITY.md 111)
    _event(proposal, principal, "carried_to", f"Tiếp tục nhiệm vụ đang theo dõi tại {earlier}.", {"task_id": cited.id})
    reason = domain.CARRIED_REASON
    new = proposal.deadline
    # a deadline only ever moves later (reassign refuses an earlier one: `reassignment_not_later`); a later notice's
    # EARLIER date is not applied — the review queue said so before the clerk chose, and the history says so (play21,
    # 320/UBND-KT; tightening a deadline is an owner's decision: counts, texts, recurrences and pending requests all
    # assume later dates — review21)
    if new is not None and new >= today() and (cited.deadline is None or new > cited.deadline):
        old = cited.deadline
        late = domain.days_late(old, None, today())
        _record_change(cited, principal, "reassignment", old, new, reason, late)
        cited.extension_requested_to = None
        cited.extension_reason = None
        _event(cited, principal, "reassigned", reason, {"from": _iso(old), "to": new.isoformat(), "days_late": late})
        notify.queue_for_task(session, cited, "new_deadline", key=str(len(cited.events)), note=reason)
    cited.touched = True
    kept = (f" Văn bản này nêu thời hạn {new.strftime('%d/%m/%Y')}, sớm hơn; nhiệm vụ giữ thời hạn "
            f"{cited.deadline.strftime('%d/%m/%Y')}." if new is not None and cited.deadline is not None
            and new < cited.deadline else "")
    _event(cited, principal, "carried_forward", f"Tiếp tục thực hiện theo {paper}.{kept}",
           {"document_id": proposal.document_id, "number": proposal.document.number, "proposal_id": proposal.id})
    return cited


def _next_occurrence(session: Session, principal: Principal, task: Task) -> Task | None:
    rec = domain.parse_recurrence(task.recurrence)
    if rec is None:
        return None
    if session.scalar(select(Task.id).where(Task.parent_id == task.id, Task.origin == "recurrence").limit(1)):
        return None  # accepted again after it was reopened: its next occurrence was made the first time
    if task.document_id:
        # a recalled (thu hồi) document gives no next period: the recall's mark read holding the document (SECURITY.md
        # 123) — a recall under way is waited for; one asked after waits for this commit, then finds the new task
        _hold_access(session, [task.document_id])
        if document_recall(session, task.document_id) is not None:
            return None
    base = task.deadline or task.completed_on or today()
    nxt = Task(document_id=task.document_id, origin="recurrence", confirmed=True, confirmed_by=principal.username,
               touched=True, action=task.action, sentence=task.sentence, recurrence=task.recurrence,
               deadline_text=task.deadline_text, deadline=domain.next_occurrence(rec, base), parent_id=task.id,
               assigned_on=max(task.completed_on or base, task.assigned_on), state=State.open, position=task.position,
               deadline_changes=[])
    nxt.original_deadline = nxt.deadline
    session.add(nxt)
    _set_units(session, nxt, task.lead_name, task.support_names)
    carried = _carry_handlers(session, task, nxt)
    session.flush()
    _event(nxt, principal, "recurred", detail={"previous_task_id": task.id})
    for tu in carried:  # the unit's people read why that officer holds the new period (shown as any hand-over)
        _event(nxt, None, "handler_assigned", domain.HANDLER_CARRIED,
               {"unit_id": tu.unit_id, "role": tu.role, "handler_id": tu.handler_id, "handler": tu.handler_name,
                "previous": None, "carried_from": task.id})
    _send(session, nxt)
    return nxt


def return_completion(session: Session, principal: Principal, task: Task, note: str) -> Task:
    _check_actor(principal, task, Action.return_completion)
    if task.state != State.completion_reported and _repeated(task, principal, "completion_returned", note):
        return task  # already returned by this leader, with these words
    if task.state != State.completion_reported:
        raise BriefingError.not_reported()
    task.state = _transition(task, Action.return_completion)
    task.completion_reported_on = None
    task.touched = True
    _event(task, principal, "completion_returned", note)
    notify.queue_for_task(session, task, "returned", key=str(len(task.events)), note=note)
    return task



# --- people decide: confirm, edit, split, merge, add, dismiss ----------------------------------------------------------


def _check_editor(principal: Principal) -> None:
    _check_role(principal, EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xác nhận, sửa, tách, gộp nhiệm vụ.")


def _confirm(task: Task, principal: Principal) -> None:
    task.confirmed = True
    task.confirmed_by = principal.username
    task.touched = True


def confirm(session: Session, principal: Principal, task: Task) -> Task:
    """A clerk or leader confirms a proposal: the units it names (proposed names included — the clerk accepts
    them) and the task is sent to their inboxes. The lead must be a unit; a collective among the cooperating units
    ("phối hợp với UBND các xã, phường", "… các cơ quan, đơn vị liên quan") stays on the task as written — the lead
    involves them — and holds nothing back (it is said on the review page; it never becomes a unit)."""
    _check_actor(principal, task, Action.confirm)
    _named_units_only([task.lead_name])
    task.state = _transition(task, Action.confirm)
    _confirm(task, principal)
    _set_units(session, task, task.lead_name, list(task.support_names or []), create=True)
    _event(task, principal, "confirmed")
    _send(session, task)
    return task


def _named_units_only(names: list[str | None]) -> None:
    """Confirming accepts the names a task carries as units: a lead "Các sở, ngành liên quan" would become a unit of
    the directory that no department reads. The clerk names the lead first. A collective that only cooperates
    ("phối hợp với UBND các xã, phường") does not stop the lead's task: it stays named on the task, no unit, no
    inbox (sync._resolve_unit creates none for it)."""
    for name in names:
        if name and collective_unit_name(name):
            raise BriefingError.collective_unit(name=name)


def units_without_clearance(session: Session, task: Task) -> list[str]:
    """The units a sent task of a secret document names that have no active account cleared for its level: the task
    is in their inbox, but nobody there can read it (the clerk is told when confirming)."""
    if task.sent_at is None:
        return []
    level = session.scalar(select(TrackedDocument.level).where(TrackedDocument.document_id == task.document_id))
    if not level:
        return []
    ids = {u.unit_id for u in task.units if u.unit_id}
    cleared = _cleared_units(session, ids, level)
    return [u.name for u in sorted(task.units, key=lambda u: u.role != "lead") if u.unit_id and u.unit_id not in cleared]


def units_nobody_receives(session: Session, task: Task) -> list[str]:
    """The units a sent task names that nobody receives it in: no active account, no e-mail, no webhook (a unit
    the office no longer has — "Sở Kế hoạch và Đầu tư" in a 2024 directive, after the 2025 merger — or one not set
    up yet). The clerk is told when confirming, and names the unit that now does the work."""
    if task.sent_at is None:
        return []
    ids = {u.unit_id for u in task.units if u.unit_id}
    reached = _cleared_units(session, ids, 0) | set(session.scalars(select(Unit.id).where(
        Unit.id.in_(ids), (Unit.email.is_not(None)) | (Unit.webhook_url.is_not(None)))))
    return [u.name for u in sorted(task.units, key=lambda u: u.role != "lead") if u.unit_id and u.unit_id not in reached]


def _cleared_units(session: Session, unit_ids: set[str], level: int) -> set[str]:
    return set(session.scalars(select(User.unit_id).where(User.unit_id.in_(unit_ids), User.clearance >= level,
                                                          User.disabled.is_(False))))


def units_losing_open_tasks(session: Session, document_id: str, level: int) -> list[str]:
    """The units with an open task of the document (sent, not finished) where no active account is cleared for
    `level`: once the document is raised to it, nobody there can read their task (the clerk is told)."""
    if level <= 0:
        return []
    tasks = session.scalars(select(Task).where(Task.document_id == document_id, Task.sent_at.is_not(None),
                                               Task.state.not_in([*domain.INACTIVE_STATES, State.completed])))
    names = {u.unit_id: u.name for t in tasks for u in t.units if u.unit_id}
    cleared = _cleared_units(session, set(names), level)
    return sorted(name for uid, name in names.items() if uid not in cleared)


def dismiss(session: Session, principal: Principal, task: Task, note: str | None) -> Task:
    """Reject a proposal: it disappears from inboxes and does not come back on reprocessing. A task already sent is
    not silently dropped from its units' inboxes: it is ended (`end`) — the note its reason (required), the units
    told."""
    if task.sent_at is not None:
        if not (note or "").strip():
            _check_actor(principal, task, Action.end)
            raise BriefingError.sent_dismiss_reason_required()
        return end(session, principal, task, note or "")
    if task.state == State.dismissed and _repeated(task, principal, "dismissed", note):
        return task  # already dismissed by this account, with these words (a second click, a retry)
    _check_actor(principal, task, Action.dismiss)
    task.state = _transition(task, Action.dismiss)
    _confirm(task, principal)
    task.review_on = None
    _event(task, principal, "dismissed", note)
    return task


def recall(session: Session, principal: Principal | None, task: Task, note: str) -> Task:
    """The document that gave the task was recalled (thu hồi): the task is no longer followed (never overdue, out of
    the inboxes), the reason is kept, and the units named on a task already sent are told."""
    if principal is not None:
        _check_actor(principal, task, Action.recall)
    task.state = _transition(task, Action.recall)
    task.review_on = None
    task.touched = True
    _event(task, principal, "recalled", note)
    if task.sent_at is not None:
        notify.queue_for_task(session, task, "recalled", note=note)
    return task


@dataclass
class TaskDraft:
    action: str
    lead: str
    support: list[str] = field(default_factory=list)
    deadline: date | None = None
    recurrence: str | None = None


def _snapshot(task: Task) -> dict[str, Any]:
    return {"action": task.action, "lead": task.lead_name, "support": list(task.support_names or []),
            "deadline": _iso(task.deadline), "recurrence": task.recurrence}


def _check_typed_deadline(deadline: date | None, assigned_on: date | None) -> None:
    """A deadline a person types is not before the day the task was given (a typo such as 01/01/2020 for a
    notice of 2026 would make the task overdue the moment it reaches the unit)."""
    if deadline is not None and assigned_on is not None and deadline < assigned_on:
        raise BriefingError.deadline_before_assignment(deadline=deadline.strftime("%d/%m/%Y"),
                                                       assigned_on=assigned_on.strftime("%d/%m/%Y"))


def edit(session: Session, principal: Principal, task: Task, changes: dict[str, Any]) -> Task:
    """Correct a task (it is confirmed and sent). Once a confirmed task is sent (or its unit acted on it), its
    deadline moves only by an approved extension or a leader's re-assignment: the original deadline and the
    lateness are never lost."""
    _check_actor(principal, task, Action.edit)
    task.state = _transition(task, Action.edit)
    before = _snapshot(task)
    if "deadline" in changes and changes["deadline"] != task.deadline:
        if task.sent_at is not None and (task.confirmed or task.touched):  # decided, or the unit acted
            raise BriefingError.deadline_locked()
        _check_typed_deadline(changes["deadline"], task.assigned_on)
    if "action" in changes and changes["action"] is not None:
        task.action = changes["action"]
    if "deadline" in changes:
        task.deadline = changes["deadline"]
        task.original_deadline = changes["deadline"]
    if "recurrence" in changes:
        task.recurrence = changes["recurrence"]
    removed: list[TaskUnit] = []
    if "lead" in changes or "support" in changes:
        lead = changes.get("lead") or task.lead_name
        support = changes["support"] if changes.get("support") is not None else list(task.support_names or [])
        kept = {tu.unit_key: tu for tu in task.units}
        asking = task.lead_unit_key
        _set_units(session, task, lead, support)
        removed = [tu for key, tu in kept.items() if tu not in task.units]
        if task.lead_unit_key != asking:  # a request for more time is the asking lead's (SECURITY.md 67)
            task.extension_requested_to = None
            task.extension_reason = None
            # and so are its percent and words (they stay on the history): the new lead has reported nothing yet
            task.progress_percent = 0
            task.progress_note = None
    _confirm(task, principal)
    session.flush()
    if task.sent_at is not None:  # before the correction's own event, which stays the last word of the edit
        for tu in removed:
            _unit_removed(session, principal, task, tu)
    _event(task, principal, "edited", detail={"before": before, "after": _snapshot(task)})
    _send(session, task)
    if task.sent_at is not None and ("lead" in changes or "support" in changes):
        _publish_assigned(session, task.document_id)
    return task


def _unit_removed(session: Session, principal: Principal, task: Task, tu: TaskUnit) -> None:
    """A unit taken off a task already sent: the history says so, keeping the report it had given (its percent,
    note, files — the pack still shows it, marked as from a unit no longer on the task), and the unit is told that
    the task is no longer its own (`notify`, kind `unassigned`)."""
    report = None
    if tu.progress_at is not None:
        report = {"percent": tu.progress_percent, "note": tu.progress_note, "at": tu.progress_at.isoformat(),
                  "attachments": list(tu.attachments or [])}
    _event(task, principal, "unit_removed", tu.name,
           detail={"unit_key": tu.unit_key, "unit_id": tu.unit_id, "name": tu.name, "role": tu.role,
                   "on": today().isoformat(), "report": report})
    if tu.unit_id:
        notify.queue_removed(session, task, tu.unit_id, tu.role)


def _new_task(session: Session, principal: Principal, document_id: str, draft: TaskDraft, origin: str,
              parent_id: str | None, assigned_on: date, sentence: str = "") -> Task:
    task = Task(document_id=document_id, origin=origin, confirmed=True, confirmed_by=principal.username,
                touched=True, action=draft.action, sentence=sentence, recurrence=draft.recurrence,
                deadline=_first_deadline(draft.deadline, draft.recurrence, assigned_on),
                parent_id=parent_id, assigned_on=assigned_on, state=State.open, deadline_changes=[])
    task.original_deadline = task.deadline
    session.add(task)
    _set_units(session, task, draft.lead, draft.support)
    session.flush()
    return task


def add_task(session: Session, principal: Principal, scope: Scope, document_id: str, draft: TaskDraft) -> Task:
    _check_editor(principal)
    doc = session.scalar(select(TrackedDocument).where(TrackedDocument.document_id == document_id,
                                                       visible_clause(scope)))
    if doc is None:
        raise not_found()
    position = (session.scalar(select(func.max(Task.position)).where(Task.document_id == document_id)) or 0) + 1
    _check_typed_deadline(draft.deadline, doc.issued_date or today())
    task = _new_task(session, principal, document_id, draft, "manual", None, doc.issued_date or today())
    task.position = position
    _event(task, principal, "added", detail=_snapshot(task))
    _send(session, task)
    return task


def split(session: Session, principal: Principal, task: Task, parts: list[TaskDraft]) -> list[Task]:
    _check_actor(principal, task, Action.split_up)
    _transition(task, Action.split_up)
    if len(parts) < 2:
        raise BriefingError.invalid_split()
    for part in parts:
        _check_typed_deadline(part.deadline, task.assigned_on)
    created = []
    for i, part in enumerate(parts):
        child = _new_task(session, principal, task.document_id, part, "split", task.id, task.assigned_on,
                          task.sentence)
        child.position = task.position
        _event(child, principal, "split_from", detail={"task_id": task.id, "part": i + 1})
        created.append(child)
    _confirm(task, principal)
    task.state = State.split_up
    _event(task, principal, "split", detail={"into": [c.id for c in created]})
    for child in created:
        _carry_handlers(session, [task], child)
        _send(session, child)
    return created


def merge(session: Session, principal: Principal, tasks: list[Task], draft: TaskDraft | None) -> Task:
    _check_editor(principal)
    if len({t.id for t in tasks}) < 2:
        raise BriefingError.merge_too_few()
    if len({t.document_id for t in tasks}) != 1:
        raise BriefingError.merge_across_documents()
    for t in tasks:
        _transition(t, Action.merge)
    first = min(tasks, key=lambda t: t.position)
    deadlines = [t.deadline for t in tasks if t.deadline]
    support: list[str] = []
    for t in tasks:
        for name in [t.lead_name, *(t.support_names or [])]:
            if name and name != first.lead_name and name not in support:
                support.append(name)
    draft = draft or TaskDraft(action="; ".join(t.action for t in sorted(tasks, key=lambda t: t.position)),
                               lead=first.lead_name, support=support, deadline=min(deadlines) if deadlines else None,
                               recurrence=first.recurrence)
    merged = _new_task(session, principal, first.document_id, draft, "merged", None, first.assigned_on,
                       # two duties read from one sentence: the sentence once (dict.fromkeys keeps the order)
                       " ".join(dict.fromkeys(t.sentence for t in tasks if t.sentence)))
    merged.position = first.position
    for t in tasks:
        _confirm(t, principal)
        t.state = State.merged
        t.parent_id = merged.id
        _event(t, principal, "merged", detail={"into": merged.id})
    _event(merged, principal, "merged_from", detail={"task_ids": [t.id for t in tasks]})
    _carry_handlers(session, tasks, merged)
    _send(session, merged)
    return merged


def settle_routed_proposals(session: Session, principal: Principal, document_id: str, leads: list[str]) -> list[str]:
    """A leader routed the document (bút phê) to named lead units: the proposals extraction read of it whose lead is
    a general name ("UBND các tỉnh, thành phố" of a Bộ's công văn — the office is one of them) are answered by the
    routing, and are dismissed with the units named, so the clerk is not asked to name a unit the leader already
    named (and the unit does not get the task twice). Proposals naming a unit stay. Returns the ids dismissed."""
    note = f"Lãnh đạo đã chuyển xử lý văn bản (bút phê), giao {', '.join(leads)} chủ trì."
    settled: list[str] = []
    for task in session.scalars(select(Task).where(Task.document_id == document_id, Task.sent_at.is_(None),
                                                   Task.origin == "extracted").order_by(Task.position)):
        if task.state in domain.INACTIVE_STATES or not is_collective(task.lead_name or "") \
                or is_known_unit(task.lead_name or ""):
            continue
        dismiss(session, principal, task, note)
        task.touched = True
        settled.append(task.id)
    session.flush()
    return settled


def retire_superseded(session: Session, principal: Principal | None, old_document_id: str,
                      new_document_id: str | None, new_number: str | None = None) -> list[str]:
    """A clerk decided that a new version replaces a document (`document.superseded`): the old document's tasks still
    followed leave the inboxes — a proposal is dismissed, a task already sent is recalled with the reason (its units
    are told); completed ones stay in the record. Returns the ids retired. Flush only."""
    note = (f"Văn bản được thay thế bởi phiên bản mới{f' số {new_number}' if new_number else ''}"
            f"{f' (mã {new_document_id})' if new_document_id else ''}.")
    retired: list[str] = []
    for task in session.scalars(select(Task).where(Task.document_id == old_document_id).order_by(Task.position)):
        if task.state in domain.INACTIVE_STATES or task.state == State.completed:
            continue
        if task.sent_at is None and principal is not None:
            dismiss(session, principal, task, note)
        else:
            recall(session, principal, task, note)
        task.touched = True
        retired.append(task.id)
    session.flush()
    return retired
