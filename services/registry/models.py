"""Tables owned by the registry service (văn thư): registers and their counters, incoming entries and their routing,
outgoing documents with their history and deliveries. Documents themselves stay ingest's (referenced by id)."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.core.db import Base


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Register(Base):
    """A sổ: one per kind (incoming/outgoing), office, calendar year and code (`thuong`, `mat` …).
    `last_number` is the counter: numbers are taken by an atomic UPDATE … RETURNING in the registering transaction."""

    __tablename__ = "registry_registers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))  # incoming | outgoing
    office_key: Mapped[str] = mapped_column(String(255))
    office_name: Mapped[str] = mapped_column(String(255))
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    min_level: Mapped[int] = mapped_column(Integer, default=0)  # 1: the secret register
    last_number: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("kind", "office_key", "year", "code", name="uq_registry_registers"),)


class IncomingEntry(Base):
    """One line of the sổ văn bản đến."""

    __tablename__ = "registry_incoming"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    register_id: Mapped[str] = mapped_column(ForeignKey("registry_registers.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # số đến
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # ngày, giờ đến
    received_on: Mapped[date] = mapped_column(Date, index=True)  # the local day (periods, exports)
    sender: Mapped[str | None] = mapped_column(String(512))  # tác giả / cơ quan gửi
    doc_number: Mapped[str | None] = mapped_column(String(128))  # số, ký hiệu of the document
    doc_date: Mapped[date | None] = mapped_column(Date)
    doc_type: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(Text)  # trích yếu
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    level: Mapped[int] = mapped_column(Integer, default=0, index=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    copies: Mapped[int | None] = mapped_column(Integer)
    document_id: Mapped[str | None] = mapped_column(String(36), index=True)
    channel: Mapped[str] = mapped_column(String(16), default="upload")  # upload|folder|email|edxml|internal
    intake_key: Mapped[str | None] = mapped_column(String(255), unique=True)  # idempotent intake
    outgoing_id: Mapped[str | None] = mapped_column(String(36), index=True)  # internal delivery of our own document
    state: Mapped[str] = mapped_column(String(16), default="registered", index=True)
    # registered | routed | handled | recalled
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    registered_by: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    register: Mapped[Register] = relationship(lazy="joined")
    routings: Mapped[list[Routing]] = relationship(back_populates="entry", order_by="Routing.at",
                                                   cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("register_id", "number", name="uq_registry_incoming_number"),)


class Routing(Base):
    """A leader's instruction (bút phê, ý kiến chỉ đạo) on an incoming document."""

    __tablename__ = "registry_routings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    incoming_id: Mapped[str] = mapped_column(ForeignKey("registry_incoming.id", ondelete="CASCADE"), index=True)
    instruction: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    by_user_id: Mapped[str | None] = mapped_column(String(36))
    by_username: Mapped[str | None] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    entry: Mapped[IncomingEntry] = relationship(back_populates="routings")
    units: Mapped[list[RoutingUnit]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class RoutingUnit(Base):
    __tablename__ = "registry_routing_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    routing_id: Mapped[str] = mapped_column(ForeignKey("registry_routings.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    unit_name: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(8))  # lead (chủ trì) | support (phối hợp) | info (để biết)
    task_id: Mapped[str | None] = mapped_column(String(36))  # the tracked task it became (briefing)


class OutgoingDocument(Base):
    """A document the office issues: from draft to sent (or recalled), numbered in a sổ văn bản đi."""

    __tablename__ = "registry_outgoing"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    state: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    doc_type: Mapped[str] = mapped_column(String(64))
    drafting_unit_code: Mapped[str | None] = mapped_column(String(32))  # công văn: …/UBND-NC
    subject: Mapped[str] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    level: Mapped[int] = mapped_column(Integer, default=0, index=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    copies: Mapped[int | None] = mapped_column(Integer)
    recipients: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{name, internal}]
    file_sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(255))
    in_reply_to: Mapped[str | None] = mapped_column(String(36))  # an incoming entry it answers
    register_id: Mapped[str | None] = mapped_column(ForeignKey("registry_registers.id"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    notation: Mapped[str | None] = mapped_column(String(64))
    full_number: Mapped[str | None] = mapped_column(String(128), index=True)
    signer_name: Mapped[str | None] = mapped_column(String(128))
    signer_title: Mapped[str | None] = mapped_column(String(128))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    numbered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    issued_on: Mapped[date | None] = mapped_column(Date, index=True)  # ngày văn bản (the day it was numbered)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    document_id: Mapped[str | None] = mapped_column(String(36), index=True)  # the issued package, in ingest
    recalled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recall_reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[str | None] = mapped_column(String(36))  # thay thế
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    events: Mapped[list[OutgoingEvent]] = relationship(cascade="all, delete-orphan", order_by="OutgoingEvent.id",
                                                       lazy="selectin")
    deliveries: Mapped[list[Delivery]] = relationship(cascade="all, delete-orphan", order_by="Delivery.id",
                                                      lazy="selectin")

    __table_args__ = (UniqueConstraint("register_id", "number", name="uq_registry_outgoing_number"),)


class OutgoingEvent(Base):
    """Who did what and when. Append-only."""

    __tablename__ = "registry_outgoing_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outgoing_id: Mapped[str] = mapped_column(ForeignKey("registry_outgoing.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[str | None] = mapped_column(String(36))
    username: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))  # the state after the action
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Delivery(Base):
    """One recipient of an issued document, and what became of it."""

    __tablename__ = "registry_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outgoing_id: Mapped[str] = mapped_column(ForeignKey("registry_outgoing.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(255))
    internal: Mapped[bool] = mapped_column(default=False)
    unit_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sent|delivered|failed|recalled
    target: Mapped[str | None] = mapped_column(String(1024))  # the package file or endpoint
    incoming_id: Mapped[str | None] = mapped_column(String(36))  # internal: its line in the unit's sổ đến
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recall_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("outgoing_id", "recipient", name="uq_registry_deliveries"),
                      Index("ix_registry_deliveries_status", "status"))
