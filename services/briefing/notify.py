"""Notifications to units: e-mail (SMTP) and webhooks, for new tasks, due soon, overdue and returned completions,
recalled documents, a unit taken off a task (`unassigned`) and a unit's part handed by its head to one of its officers
(`handler_assigned`: to the unit's addresses — an officer has none of his own).

Each message is a row of `briefing_notifications` with a unique `dedupe_key` (kind, task, occurrence, channel,
target): queueing the same reminder twice adds nothing, and `send_pending` sends each row once. A unit is told only
about tasks of documents it may see (the access policy with the unit's key); for a classified document the message
carries no content, only the invitation to log in.
"""
from __future__ import annotations

import json
import logging
import smtplib
import ssl
import threading
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.briefing.access import reason_seen
from services.briefing.domain import INACTIVE_STATES, State
from services.briefing.models import Notification, Task, TrackedDocument
from services.briefing.settings import BriefingSettings, get_briefing_settings
from services.core.auth.models import Unit
from services.core.auth.policy import MAX_LEVEL, Scope, can_see
from services.core.db import savepoint, session_scope
from services.core.outbound import safe_outbound_url

log = logging.getLogger("vanban.briefing.notify")

KINDS = {
    "new_task": "Nhiệm vụ mới được giao",
    "due_soon": "Nhiệm vụ sắp đến hạn",
    "overdue": "Nhiệm vụ đã quá hạn",
    "returned": "Báo cáo hoàn thành bị trả lại",
    "ended": "Nhiệm vụ kết thúc, không còn phải thực hiện",
    "reopened": "Nhiệm vụ được mở lại: chưa được công nhận hoàn thành",
    "review": "Đến kỳ báo cáo nhiệm vụ theo dõi, đôn đốc",
    "recalled": "Văn bản giao nhiệm vụ đã bị thu hồi",
    "unassigned": "Đơn vị không còn được giao nhiệm vụ",
    "ext_approved": "Đề nghị gia hạn được đồng ý",
    "ext_refused": "Đề nghị gia hạn không được đồng ý",
    "new_deadline": "Nhiệm vụ được giao thời hạn mới",
    "handler_assigned": "Nhiệm vụ được lãnh đạo đơn vị phân công cán bộ xử lý",
}


def _unit_may_see(doc: TrackedDocument, unit: Unit, task: Task, removed: bool = False) -> bool:
    """The policy, plus briefing's rule for a unit named on a sent task (services/briefing/access.py). `removed`: the
    unit was named on it and is told it no longer is (it read the task when it was sent)."""
    scope = Scope(max_level=MAX_LEVEL, unit_keys=frozenset({unit.key}))
    if not doc.present or task.sent_at is None:
        return False
    if can_see(scope, doc.level, doc.audience, {a.unit_key for a in doc.access}):
        return True
    return doc.audience == "internal" and (removed or any(tu.unit_key == unit.key for tu in task.units))


def compose(kind: str, task: Task, doc: TrackedDocument, unit: Unit, as_of: date | None = None,
            note: str | None = None, handler: str | None = None,
            previous: str | None = None) -> tuple[str, str, dict[str, Any]]:
    """Subject, body and webhook payload. No task content for classified documents (nor who handles it)."""
    title = KINDS[kind]
    payload: dict[str, Any] = {"event": kind, "task_id": task.id, "unit_id": unit.id, "unit": unit.name}
    if doc.level > 0:
        subject = f"[vanban] {title}"
        body = (f"Kính gửi {unit.name},\n\n{title}. Văn bản có độ mật nên nội dung không gửi qua thư; đề nghị đơn vị "
                "đăng nhập hệ thống, mục “Nhiệm vụ đơn vị”, để xem và thực hiện.\n")
        return subject, body, payload
    deadline = task.deadline.strftime("%d/%m/%Y") if task.deadline else "không có thời hạn cụ thể"
    number = doc.number or "(chưa có số)"
    subject = f"[vanban] {title}: {number}"
    lines = [f"Kính gửi {unit.name},", "", f"{title}.", f"- Văn bản: {number}" + (f" — {doc.subject}" if doc.subject
                                                                                   else ""),
             f"- Nội dung: {task.action}", f"- Đơn vị chủ trì: {task.lead_name}", f"- Thời hạn: {deadline}"]
    if kind == "overdue" and task.deadline and as_of:
        lines.append(f"- Quá hạn: {(as_of - task.deadline).days} ngày")
    if kind in ("recalled", "ended"):
        if note:
            lines.append(f"- Lý do {'thu hồi' if kind == 'recalled' else 'kết thúc'}: {note}")
        lines += ["", "Nhiệm vụ không còn phải thực hiện và được đưa ra khỏi danh sách theo dõi của đơn vị."]
    elif kind == "handler_assigned":
        lines.append(f"- Cán bộ được phân công xử lý: {handler}" + (f" (thay {previous})" if previous else ""))
        if note:
            lines.append(f"- Ý kiến của lãnh đạo đơn vị: {note}")
        lines += ["", "Cán bộ được phân công xem nhiệm vụ trong mục “Được phân công cho tôi” và cập nhật tình hình "
                  "thực hiện; lãnh đạo đơn vị vẫn theo dõi, chịu trách nhiệm."]
    elif kind == "unassigned":
        lines += ["", f"Đơn vị không còn là đơn vị {note or 'phối hợp'} của nhiệm vụ này; nhiệm vụ được đưa ra khỏi "
                  "danh sách theo dõi của đơn vị. Các báo cáo đơn vị đã gửi vẫn được lưu trong lịch sử nhiệm vụ."]
    else:
        if note:
            lines.append(f"- Ý kiến của lãnh đạo: {note}")
        lines += ["", "Đề nghị đơn vị đăng nhập hệ thống (mục “Nhiệm vụ đơn vị”) để cập nhật tình hình thực hiện."]
    payload.update({"document_id": doc.document_id, "document_number": doc.number, "action": task.action,
                    "lead": task.lead_name, "deadline": task.deadline.isoformat() if task.deadline else None,
                    "note": note, **({"handler": handler, "previous": previous} if kind == "handler_assigned" else {})})
    return subject, "\n".join(lines) + "\n", payload


def queue_for_task(session: Session, task: Task, kind: str, key: str | None = None, as_of: date | None = None,
                   note: str | None = None) -> int:
    """Queue `kind` for the task's lead unit (and, for new tasks, its supporting units). Returns rows added."""
    doc = task.document or session.get(TrackedDocument, task.document_id)
    if doc is None:
        return 0
    roles = ("lead", "support") if kind in ("new_task", "recalled", "ended") else ("lead",)
    added = 0
    occurrence = key or (task.deadline.isoformat() if task.deadline else "-")
    for tu in task.units:
        if tu.role not in roles:
            continue
        unit = session.get(Unit, tu.unit_id) if tu.unit_id else None
        if unit is None or not _unit_may_see(doc, unit, task):
            continue
        # a reason names documents as the unit's mailbox may: read by anyone of the unit, cleared or not (SECURITY 130)
        mailbox = Scope(max_level=0, unit_keys=frozenset({unit.key}))
        told = reason_seen(session, mailbox, note)  # an end's, a new deadline's, an answer's (SECURITY.md 130, 136)
        subject, body, payload = compose(kind, task, doc, unit, as_of, told)
        added += _queue(session, task, unit, kind, occurrence, subject, body, payload)
    return added


def queue_handler(session: Session, task: Task, unit_id: str, handler: str, note: str | None,
                  previous: str | None = None) -> int:
    """Tell the unit (its e-mail and webhook: an officer has no address of his own) that its head handed its part of
    the task to an officer (phân công xử lý), once per hand-over. Handed to another (`previous` held it): the message
    says whom the new officer replaces, and an earlier one of this task to this unit not sent yet is withdrawn — the
    unit is not told, after the change, that the first officer holds it. Returns rows added."""
    doc = task.document or session.get(TrackedDocument, task.document_id)
    unit = session.get(Unit, unit_id)
    if doc is None or unit is None or not _unit_may_see(doc, unit, task):
        return 0
    settings = get_briefing_settings()
    for row in session.scalars(select(Notification).where(
            Notification.task_id == task.id, Notification.unit_id == unit.id, Notification.kind == "handler_assigned",
            Notification.sent_at.is_(None), Notification.attempts < settings.notify_max_attempts,
            # not being sent now: a claim whose lease lapsed (its sender died) is claimed again and sent (`_send_pending`)
            or_(Notification.claimed_at.is_(None), Notification.claimed_at < datetime.now(UTC) - CLAIM_LEASE))):
        row.attempts, row.last_error = settings.notify_max_attempts, "withdrawn: handed to another officer since"
    # the head's note as the unit's mailbox may read it: anyone of the unit, cleared or not (SECURITY.md 130, 136)
    told = reason_seen(session, Scope(max_level=0, unit_keys=frozenset({unit.key})), note)
    subject, body, payload = compose("handler_assigned", task, doc, unit, note=told, handler=handler,
                                     previous=previous)
    return _queue(session, task, unit, "handler_assigned", f"{len(task.events)}", subject, body, payload)


def queue_removed(session: Session, task: Task, unit_id: str, role: str) -> int:
    """Tell a unit taken off a task already sent that the task is no longer its own (the lead or a cooperating
    unit the clerk or leader removed). Returns rows added."""
    doc = task.document or session.get(TrackedDocument, task.document_id)
    unit = session.get(Unit, unit_id)
    if doc is None or unit is None or not _unit_may_see(doc, unit, task, removed=True):
        return 0
    subject, body, payload = compose("unassigned", task, doc, unit, note="chủ trì" if role == "lead" else "phối hợp")
    return _queue(session, task, unit, "unassigned", f"{len(task.events)}", subject, body, payload)


def _queue(session: Session, task: Task, unit: Unit, kind: str, occurrence: str, subject: str, body: str,
           payload: dict[str, Any]) -> int:
    """Queue one message for one unit on each channel it has (e-mail, webhook), once per dedupe key."""
    added = 0
    email_on = bool(get_briefing_settings().smtp_host)  # no backlog of stale e-mails while SMTP is not set up
    for channel, target in (("email", unit.email if email_on else None), ("webhook", unit.webhook_url)):
        if not target:
            continue
        dedupe = f"{kind}:{task.id}:{occurrence}:{unit.id}:{channel}"[:255]
        if session.scalar(select(Notification.id).where(Notification.dedupe_key == dedupe)) is not None:
            continue
        try:
            with savepoint(session):
                session.add(Notification(dedupe_key=dedupe, task_id=task.id, unit_id=unit.id, kind=kind,
                                         channel=channel, target=target, subject=subject, body=body,
                                         payload=payload))
            added += 1
        except IntegrityError:  # queued concurrently by another run
            pass
    return added


def queue_reminders(session: Session, as_of: date, window_days: int | None = None) -> int:
    """Due-soon and overdue reminders for every open task, once per task, deadline and kind."""
    window = get_briefing_settings().briefing_due_soon_days if window_days is None else window_days
    from datetime import timedelta

    stmt = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
            .where(TrackedDocument.present.is_(True), Task.sent_at.isnot(None), Task.deadline.isnot(None),
                   Task.deadline <= as_of + timedelta(days=window),
                   Task.state.notin_([State.completed, *INACTIVE_STATES])))
    added = 0
    for task in session.scalars(stmt):
        assert task.deadline is not None
        kind = "overdue" if task.deadline < as_of else "due_soon"
        added += queue_for_task(session, task, kind, as_of=as_of)
    # tasks with no deadline ("theo dõi, đôn đốc"): the periodic check, once per review date
    review = (select(Task).join(TrackedDocument, TrackedDocument.document_id == Task.document_id)
              .where(TrackedDocument.present.is_(True), Task.sent_at.isnot(None), Task.deadline.is_(None),
                     Task.review_on.isnot(None), Task.review_on <= as_of,
                     Task.state.notin_([State.completed, *INACTIVE_STATES])))
    for task in session.scalars(review):
        added += queue_for_task(session, task, "review", key=task.review_on.isoformat() if task.review_on else None,
                                as_of=as_of)
    return added


# --- sending ------------------------------------------------------------------------------------------------------


def send_email(settings: BriefingSettings, to: str, subject: str, body: str) -> None:
    if not settings.smtp_host:
        raise RuntimeError("VANBAN_SMTP_HOST is not set")
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    smtp_cls = smtplib.SMTP_SSL if settings.smtp_ssl else smtplib.SMTP
    with smtp_cls(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout) as smtp:
        if settings.smtp_starttls and not settings.smtp_ssl:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(msg)


def send_webhook(settings: BriefingSettings, url: str, payload: dict[str, Any]) -> None:
    safe_outbound_url(url)  # checked again right before the request: DNS may have changed since it was saved
    r = httpx.post(url, content=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                   headers={"Content-Type": "application/json; charset=utf-8"}, timeout=settings.webhook_timeout)
    r.raise_for_status()


def send_pending(limit: int = 500) -> dict[str, int]:
    """Send unsent notifications. Each row is a unit of work of its own, claimed before it is sent and marked after
    (a crash resends at most one); a task boundary, never inside a request's or another task's transaction."""
    with _sending:  # one sender per process: the wired task and a job's own send never claim the same row
        return _send_pending(limit)


_sending = threading.Lock()
CLAIM_LEASE = timedelta(minutes=10)  # longer than any send (SMTP and webhook timeouts are seconds)


def _still_may_tell(session: Session, row: Notification, settings: BriefingSettings) -> bool:
    """A message waits in the outbox (mail server down, e-mail not set up yet) while the document's access may
    change: at sending time the unit must still see it and, but for the message telling it so, still be named on the
    task (a corrected lead is not told a task it no longer has) — else the message is withdrawn —, it goes to the unit's
    address of now (one the administrator corrected or removed meanwhile gets nothing), and a document made
    classified since is told in its classified form (no number, no content)."""
    task = session.get(Task, row.task_id) if row.task_id else None
    doc = (task.document or session.get(TrackedDocument, task.document_id)) if task else None
    unit = session.get(Unit, row.unit_id)
    removed = row.kind == "unassigned"
    if task is None or doc is None or unit is None or not _unit_may_see(doc, unit, task, removed=removed):
        row.attempts, row.last_error = settings.notify_max_attempts, "withdrawn: the unit may no longer see it"
        return False
    if not removed and not any(tu.unit_id == unit.id for tu in task.units):  # taken off the task since (62)
        row.attempts, row.last_error = settings.notify_max_attempts, "withdrawn: the unit is no longer on the task"
        return False
    # the unit's address of now: an address the administrator corrected or removed meanwhile gets nothing
    target = unit.email if row.channel == "email" else unit.webhook_url
    if not target:
        row.attempts, row.last_error = settings.notify_max_attempts, "withdrawn: the unit has no such address now"
        return False
    row.target = target
    if doc.level > 0 and row.kind in KINDS:
        row.subject, row.body, row.payload = compose(row.kind, task, doc, unit, note=row.payload.get("note"))
    elif note := (row.payload or {}).get("note"):  # a notice it names may have been raised since (SECURITY.md 137)
        told = reason_seen(session, Scope(max_level=0, unit_keys=frozenset({unit.key})), str(note))
        if told != note:
            row.body, row.payload = row.body.replace(str(note), told or ""), {**row.payload, "note": told}
    return True


def _send_pending(limit: int) -> dict[str, int]:
    settings = get_briefing_settings()
    sent = failed = 0
    with session_scope() as session:
        ids = list(session.scalars(select(Notification.id).where(
            Notification.sent_at.is_(None), Notification.attempts < settings.notify_max_attempts)
            .order_by(Notification.id).limit(limit)))
    for nid in ids:
        with session_scope() as session:  # claim the row (another worker running the same job skips it)
            row = session.get(Notification, nid)
            if row is None or row.sent_at is not None:
                continue
            if row.channel == "email" and not settings.smtp_host:
                continue  # e-mail not configured: kept for when it is
            if not _still_may_tell(session, row, settings):
                continue
            now = datetime.now(UTC)
            # one claim per row at a time, across processes: the UPDATE's condition is checked again on the row
            # (PostgreSQL waits for a concurrent claim's commit, SQLite has one writer), so the loser matches nothing
            claimed = session.execute(update(Notification).where(
                Notification.id == nid, Notification.sent_at.is_(None),
                Notification.attempts < settings.notify_max_attempts, or_(Notification.claimed_at.is_(None), Notification.claimed_at < now - CLAIM_LEASE))
                .values(attempts=Notification.attempts + 1, claimed_at=now))
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue
            channel, target, subject, body, payload = row.channel, row.target, row.subject, row.body, row.payload
        error: Exception | None = None
        try:
            if channel == "email":
                send_email(settings, target, subject, body)
            else:
                send_webhook(settings, target, payload)
        except Exception as exc:  # noqa: BLE001 - a failed channel is recorded and retried later
            error = exc
            failed += 1
            log.warning("notification %s to %s failed: %s", nid, target, exc)
        else:
            sent += 1
        with session_scope() as session:  # what came of it
            row = session.get(Notification, nid)
            if row is not None:
                row.claimed_at = None
                if error is None:
                    row.sent_at = datetime.now(UTC)
                    row.last_error = None
                else:
                    row.last_error = str(error)[:1000]
    return {"sent": sent, "failed": failed}
