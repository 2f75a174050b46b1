"""Tables owned by the briefing service. Documents are copied in (denormalised) by `briefing.sync_document`;
briefing never reads ingest's tables."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.core.db import Base


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class TrackedDocument(Base):
    """What briefing needs of a document: its identity and its access (level, audience, access units)."""

    __tablename__ = "briefing_documents"

    document_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str | None] = mapped_column(String(128))
    doc_type: Mapped[str | None] = mapped_column(String(64))
    issuer: Mapped[str | None] = mapped_column(String(255))
    subject: Mapped[str | None] = mapped_column(Text)
    issued_date: Mapped[date | None] = mapped_column(Date, index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    audience: Mapped[str] = mapped_column(String(16), default="internal")
    present: Mapped[bool] = mapped_column(Boolean, default=True)  # False once the document is gone or failed
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    access: Mapped[list[TrackedDocumentAccess]] = relationship(cascade="all, delete-orphan",
                                                                back_populates="document")

    # the documents a clerk or leader may not see (gone, above the clearance): queries.hidden_documents. Partial
    # indexes: they hold only those rows, and a query for the visible ones has no reason to read through them
    __table_args__ = (
        Index("ix_briefing_documents_gone", "document_id", sqlite_where=text("present = 0"),
              postgresql_where=text("present = false")),
        Index("ix_briefing_documents_secret", "level", "document_id", sqlite_where=text("level > 0"),
              postgresql_where=text("level > 0")),
        # the policy's columns beside the key (and a pack's directive order): a task list's per-row check reads this
        # index, not the wide row
        Index("ix_briefing_documents_policy", "document_id", "present", "level", "audience", "issued_date", "number"),
    )


class TrackedDocumentAccess(Base):
    """The document's effective access units (unit keys), as the policy's `unit_keys` match them."""

    __tablename__ = "briefing_document_access"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("briefing_documents.document_id", ondelete="CASCADE"),
                                             index=True)
    unit_key: Mapped[str] = mapped_column(String(255))

    document: Mapped[TrackedDocument] = relationship(back_populates="access")

    __table_args__ = (Index("ix_briefing_document_access_key", "unit_key", "document_id"),)


class Task(Base):
    """A tracked task (nhiệm vụ): proposed by extraction or added by people, followed up until completed."""

    __tablename__ = "briefing_tasks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("briefing_documents.document_id", ondelete="CASCADE"),
                                             index=True)
    source_key: Mapped[str | None] = mapped_column(String(64), index=True)  # the extracted proposal it came from
    position: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(16), default="extracted")  # extracted|manual|split|merged|recurrence
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)  # decided by a clerk or leader
    confirmed_by: Mapped[str | None] = mapped_column(String(128))
    touched: Mapped[bool] = mapped_column(Boolean, default=False)  # people acted on it: sync leaves it alone
    lead_unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)  # None: a proposed unit
    lead_unit_key: Mapped[str | None] = mapped_column(String(255), index=True)
    lead_name: Mapped[str] = mapped_column(String(512), default="")
    support_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    action: Mapped[str] = mapped_column(Text, default="")
    sentence: Mapped[str] = mapped_column(Text, default="")
    # extraction's confidence, 0..1 (None: added by people); below REVIEW_BELOW the clerk reviews it before it is sent
    confidence: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    original_deadline: Mapped[date | None] = mapped_column(Date)
    deadline_text: Mapped[str | None] = mapped_column(String(512))
    recurrence: Mapped[str | None] = mapped_column(String(128))
    assigned_on: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(24), default="open", index=True)
    progress_percent: Mapped[int] = mapped_column(Integer, default=0)
    completion_reported_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)  # accepted completion date
    extension_requested_to: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)  # split/merge source, previous occurrence
    # when the task reached the units' inboxes (None: a proposal the clerk has not confirmed yet)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # every extension and re-assignment: [{kind, from, to, on, by, reason, days_late}] (QĐ 42: kept for good)
    deadline_changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    progress_note: Mapped[str | None] = mapped_column(Text)  # the lead's latest report
    review_on: Mapped[date | None] = mapped_column(Date)  # a task with no deadline: next review (theo dõi, đôn đốc)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    document: Mapped[TrackedDocument] = relationship(lazy="joined")
    units: Mapped[list[TaskUnit]] = relationship(cascade="all, delete-orphan", back_populates="task",
                                                 lazy="selectin")
    events: Mapped[list[TaskEvent]] = relationship(cascade="all, delete-orphan", back_populates="task",
                                                   order_by="TaskEvent.id")

    __table_args__ = (
        UniqueConstraint("document_id", "source_key", name="uq_briefing_tasks_source"),
        # the pages' counts read this index alone (every column they group or filter by), never the wide rows; a
        # unit's report reads its range; a pack's lists rank the unit's tasks from it (with the id)
        Index("ix_briefing_tasks_overview", "lead_unit_id", "sent_at", "deadline", "state", "completed_on",
              "extension_requested_to", "assigned_on", "document_id", "id"),
        # the clerk's review queue (proposals: not sent yet), in its order — a partial index, so that no query of
        # the tasks sent to the units has it to choose (it replaces the index on sent_at alone)
        Index("ix_briefing_tasks_queue", "deadline", "assigned_on", "position", "id",
              sqlite_where=text("sent_at IS NULL"), postgresql_where=text("sent_at IS NULL")),
        # an inbox (a unit's tasks by id): its counts and order read this index, not the wide rows
        Index("ix_briefing_tasks_inbox", "id", "sent_at", "state", "deadline", "completed_on",
              "extension_requested_to", "assigned_on", "position", "document_id"),
    )


class TaskUnit(Base):
    """Units a task is assigned to: the lead (chủ trì) and the supporting units (phối hợp), each with its own
    contribution. `unit_key` always; `unit_id` once the unit is in the directory (a name extraction found is a
    proposal until a clerk accepts it — then every task naming it is linked)."""

    __tablename__ = "briefing_task_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("briefing_tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)
    unit_key: Mapped[str] = mapped_column(String(255), index=True)
    name: Mapped[str] = mapped_column(String(512), default="")
    role: Mapped[str] = mapped_column(String(8))  # lead | support
    progress_percent: Mapped[int] = mapped_column(Integer, default=0)
    progress_note: Mapped[str | None] = mapped_column(Text)
    progress_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # the unit's officer its head handed this part to (phân công cán bộ xử lý; workflow.assign_handler): the officer
    # who drafts the unit's reports — the head stays answerable and may act too; None: the whole unit
    handler_id: Mapped[str | None] = mapped_column(String(36))
    handler_name: Mapped[str | None] = mapped_column(String(255))
    handler_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    task: Mapped[Task] = relationship(back_populates="units")

    __table_args__ = (
        UniqueConstraint("task_id", "unit_key", name="uq_briefing_task_units_key"),
        # the names still proposed (no unit yet: unit_id null), by key: the review page's list of new unit names,
        # their keys read by seeks and their names without the rows
        Index("ix_briefing_task_units_proposed", "unit_id", "unit_key", "task_id", "name"),
        # a unit's tasks (lead or cooperating) as one index range, without reading the rows
        Index("ix_briefing_task_units_member", "unit_id", "role", "task_id"),
        Index("ix_briefing_task_units_handler", "handler_id", "task_id"),  # an officer's own tasks
    )


class TaskEvent(Base):
    """The history of a task: every change, with who and when. Append-only."""

    __tablename__ = "briefing_task_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("briefing_tasks.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[str | None] = mapped_column(String(36))
    username: Mapped[str | None] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    task: Mapped[Task] = relationship(back_populates="events")


class Meeting(Base):
    """A giao ban meeting: date, chair, attending units, the previous meeting of its series."""

    __tablename__ = "briefing_meetings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(512))
    series: Mapped[str] = mapped_column(String(128), default="giao-ban", index=True)
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    chair: Mapped[str | None] = mapped_column(String(255))
    previous_id: Mapped[str | None] = mapped_column(ForeignKey("briefing_meetings.id", ondelete="SET NULL"))
    next_date: Mapped[date | None] = mapped_column(Date)
    # the conclusion notice (thông báo kết luận) issued after the meeting; its tasks are followed at the next one
    conclusion_document_id: Mapped[str | None] = mapped_column(String(36))
    # who may see the meeting, as for documents: its level, and its audience (internal: the attending units)
    level: Mapped[int] = mapped_column(Integer, default=0)
    audience: Mapped[str] = mapped_column(String(16), default="internal")
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    units: Mapped[list[MeetingUnit]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class MeetingUnit(Base):
    __tablename__ = "briefing_meeting_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("briefing_meetings.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))

    __table_args__ = (UniqueConstraint("meeting_id", "unit_id", name="uq_briefing_meeting_units"),)


class Notification(Base):
    """One message to one unit over one channel. `dedupe_key` is unique: the same reminder is never sent twice."""

    __tablename__ = "briefing_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    task_id: Mapped[str | None] = mapped_column(ForeignKey("briefing_tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(16))  # notify.KINDS: new_task|due_soon|…|new_deadline
    channel: Mapped[str] = mapped_column(String(8))  # email | webhook
    target: Mapped[str] = mapped_column(String(1024))
    subject: Mapped[str] = mapped_column(String(512))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # a sender's claim while it sends (never two senders for one row); a claim older than the lease is a sender
    # that died mid-send: the row is sent again (services.briefing.notify)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
