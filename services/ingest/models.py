"""Tables owned by the ingest service: documents (văn bản), their citations and the tasks read from them."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.core.db import Base


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class DocumentStatus(StrEnum):
    queued = "queued"
    extracting = "extracting"
    done = "done"
    failed = "failed"
    needs_ocr = "needs_ocr"


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64), index=True, nullable=False)  # not unique: see 0005
    filename: Mapped[str] = mapped_column(String(512), nullable=False)
    content_type: Mapped[str | None] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    source: Mapped[str] = mapped_column(String(32), default="upload")  # upload | api | cli | edxml
    status: Mapped[str] = mapped_column(String(16), default=DocumentStatus.queued, index=True)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)

    # extracted text (repaired)
    format: Mapped[str | None] = mapped_column(String(16))
    pages: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    legacy_encoding: Mapped[str | None] = mapped_column(String(16))

    # metadata (understood)
    number: Mapped[str | None] = mapped_column(String(128), index=True)
    number_key: Mapped[str | None] = mapped_column(String(128), index=True)
    doc_type: Mapped[str | None] = mapped_column(String(64), index=True)
    issuer: Mapped[str | None] = mapped_column(String(255))
    issued_date: Mapped[date | None] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(String(128))
    subject: Mapped[str | None] = mapped_column(Text)
    signer_name: Mapped[str | None] = mapped_column(String(128))
    signer_title: Mapped[str | None] = mapped_column(String(128))
    signer_authority: Mapped[str | None] = mapped_column(String(128))
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidentiality: Mapped[str | None] = mapped_column(String(32))  # as stamped: Mật, Tối mật, Tuyệt mật
    # access (see services.core.auth.policy): level 0..3, audience public | internal | units
    level: Mapped[int] = mapped_column(Integer, default=0, index=True)
    audience: Mapped[str] = mapped_column(String(16), default="internal", index=True)
    access_set_by: Mapped[str | None] = mapped_column(String(128))  # the clerk who set level/audience by hand
    # True until extraction has read the stamp: then only the uploader and clerks see it (policy.py)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    uploaded_by: Mapped[str | None] = mapped_column(String(36))  # user id of the uploader
    # when its access last narrowed for someone (level raised, audience or units changed): search excludes such a
    # document for users who may no longer see it, even while the index still holds its older, wider access
    access_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    urgency: Mapped[str | None] = mapped_column(String(32))
    # identity (services.ingest.identity): "number|issuer|date" canonical, and the registered document this one is
    # a copy of (another file of the same document), None when it is registered in its own right
    identity_key: Mapped[str | None] = mapped_column(String(400), index=True)
    duplicate_of: Mapped[str | None] = mapped_column(String(36), index=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the version of the understanding rules that read it (understanding/version.py); None: read before versions were
    # recorded, or never read (queued, failed, needs OCR). Older than the current one: `vanban reprocess --stale`
    understanding_version: Mapped[int | None] = mapped_column(Integer, index=True)

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    citations: Mapped[list[Citation]] = relationship(
        back_populates="document", cascade="all, delete-orphan", foreign_keys="Citation.document_id",
        order_by="Citation.position",
    )
    tasks: Mapped[list[DocumentTask]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentTask.position"
    )

    units: Mapped[list[DocumentUnit]] = relationship(back_populates="document", cascade="all, delete-orphan")

    __table_args__ = (Index("ix_documents_created", "created_at"),)

    @property
    def ocr(self) -> dict[str, Any] | None:
        """OCR of a scan: state, pages_done / pages_total while it runs, then confidence (services.ingest.ocr)."""
        value = (self.extra or {}).get("ocr")
        return value if isinstance(value, dict) else None


class DocumentUnit(Base):
    """Units a document concerns: assigned (giao), addressed (kính gửi / nơi nhận), listed by the clerk
    (audience), and `access` — the effective set that the access policy lets see an internal document."""

    __tablename__ = "document_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(16))  # assigned | addressed | audience | access
    unit_key: Mapped[str] = mapped_column(String(255), index=True)
    unit_name: Mapped[str] = mapped_column(String(255))

    document: Mapped[Document] = relationship(back_populates="units")

    __table_args__ = (Index("ix_document_units_key_rel", "unit_key", "relation"),)


class Citation(Base):
    """A document cited by another (căn cứ …), linked to the cited one when it is in the store."""

    __tablename__ = "document_citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(128))
    number_key: Mapped[str] = mapped_column(String(128), index=True)
    doc_type: Mapped[str | None] = mapped_column(String(64))
    issued_date: Mapped[date | None] = mapped_column(Date)
    cited_document_id: Mapped[str | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )

    document: Mapped[Document] = relationship(back_populates="citations", foreign_keys=[document_id])


class DocumentTask(Base):
    """A task as extraction proposed it (đơn vị chủ trì, phối hợp, nội dung, thời hạn)."""

    __tablename__ = "document_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    lead: Mapped[str] = mapped_column(String(512))
    support: Mapped[list[str]] = mapped_column(JSON, default=list)
    action: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    deadline_text: Mapped[str | None] = mapped_column(String(512))
    recurrence: Mapped[str | None] = mapped_column(String(128))
    sentence: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float | None] = mapped_column(Float)  # 0..1 (understanding.confidence); None: before 0008
    lead_units: Mapped[list[str] | None] = mapped_column(JSON)  # the lead as canonical units ("Các Sở: XD, TC": 2)
    support_units: Mapped[list[str] | None] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="tasks")


class DocumentFingerprint(Base):
    """One LSH band of a document's MinHash signature (services.ingest.identity): documents sharing a band are
    candidates for "the same text in another file"."""

    __tablename__ = "document_fingerprints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    band: Mapped[str] = mapped_column(String(24), index=True)
