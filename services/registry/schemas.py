"""API schemas of the registry service."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.registry.domain import Urgency


class RegisterOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    kind: str = Field(description="incoming | outgoing")
    office_key: str
    office_name: str
    year: int
    code: str = Field(description="thuong (ordinary) | mat (secret) | …")
    name: str
    last_number: int = Field(description="The last number given in this register")


class RoutingUnitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    unit_id: str
    unit_name: str
    role: str = Field(description="lead (chủ trì) | support (phối hợp) | info (để biết)")
    task_id: str | None = Field(None, description="The tracked task in the unit's inbox (lead units)")


class RoutingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    instruction: str
    due_date: date | None
    by_username: str | None
    at: datetime
    units: list[RoutingUnitOut]


class EntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    register_id: str
    register_name: str
    number: int = Field(description="Số đến")
    received_at: datetime
    received_on: date
    sender: str | None
    doc_number: str | None
    doc_date: date | None
    doc_type: str | None
    subject: str | None
    urgency: Urgency
    level: int
    pages: int | None
    copies: int | None
    document_id: str | None
    channel: str
    state: str = Field(description="registered | routed | handled | recalled")
    registered_by: str | None
    note: str | None
    routings: list[RoutingOut] = []
    document: dict[str, Any] | None = Field(None, description="What ingest read of the file (detail only)")


class EntryEdit(BaseModel):
    """A correction of a line of the sổ đến: only the fields sent change (null empties a field)."""
    sender: str | None = Field(None, max_length=512, description="Tác giả / cơ quan gửi")
    doc_number: str | None = Field(None, max_length=128, description="Số, ký hiệu")
    doc_date: date | None = Field(None, description="Ngày tháng văn bản")
    doc_type: str | None = Field(None, max_length=64)
    subject: str | None = Field(None, max_length=4000, description="Trích yếu")
    urgency: Urgency = Urgency.normal
    pages: int | None = Field(None, ge=0, le=100000)
    copies: int | None = Field(None, ge=0, le=100000)
    note: str | None = Field(None, max_length=4000)


class RoutingIn(BaseModel):
    instruction: str = Field(min_length=1, max_length=4000, description="Ý kiến chỉ đạo (bút phê)")
    due_date: date | None = None
    lead: list[str] = Field(default_factory=list, max_length=50, description="Đơn vị chủ trì")
    support: list[str] = Field(default_factory=list, max_length=50, description="Đơn vị phối hợp")
    info: list[str] = Field(default_factory=list, max_length=50, description="Đơn vị để biết")
    new_units: bool = Field(False, description="Add the names not in the unit directory as new units (else they "
                            "are refused, 422 unit_not_in_directory: a typo or an abbreviation would reach nobody)")


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    at: datetime
    username: str | None
    action: str
    state: str
    detail: dict[str, Any]


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    recipient: str
    internal: bool
    status: str = Field(description="pending | sent | delivered | failed | recalled")
    target: str | None
    incoming_id: str | None
    attempts: int
    error: str | None
    sent_at: datetime | None
    recall_notified_at: datetime | None


class OutgoingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    state: str
    doc_type: str
    subject: str
    urgency: Urgency
    level: int
    pages: int | None
    copies: int | None
    recipients: list[dict[str, Any]]
    filename: str
    in_reply_to: str | None
    replaces_id: str | None
    register_id: str | None
    number: int | None
    notation: str | None
    full_number: str | None = Field(None, description="Số, ký hiệu: 317/TB-UBND")
    signer_name: str | None
    signer_title: str | None
    signed_at: datetime | None
    numbered_at: datetime | None
    issued_on: date | None
    issued_at: datetime | None
    document_id: str | None
    recalled_at: datetime | None
    recall_reason: str | None
    created_by: str | None
    created_at: datetime
    events: list[EventOut]
    deliveries: list[DeliveryOut]


class ActionIn(BaseModel):
    note: str | None = Field(None, max_length=4000, description="submit, cancel: a note for the history")
    signer_name: str | None = Field(None, max_length=128, description="sign: the signer as printed")
    signer_title: str | None = Field(None, max_length=128, description="sign: chức vụ, e.g. PHÓ CHỦ TỊCH")
    reason: str | None = Field(None, max_length=4000, description="recall: the reason (required)")


class CountsOut(BaseModel):
    date_from: date
    date_to: date
    received: int
    issued: int
    received_by_urgency: dict[str, int]
    issued_by_urgency: dict[str, int]
    unhandled: int
    unhandled_by_urgency: dict[str, int]


class SignatureOut(BaseModel):
    field: str | None
    signer: str | None = Field(None, description="Subject of the signing certificate")
    issuer: str | None
    serial: str | None
    signed_at: datetime | None = Field(None, description="Signing time (as claimed, or from a timestamp)")
    intact: bool = Field(description="The signed bytes are unchanged since signing")
    valid: bool = Field(description="The cryptographic signature verifies")
    trusted: bool = Field(description="The certificate chains to a configured trust root")
    covers_whole_document: bool = Field(description="Nothing was added after the signature")
    modification: str | None = Field(None, description="What was changed after signing, if anything")
    summary: str


class IntakeOut(BaseModel):
    folder: dict[str, int]
    mailbox: dict[str, int]
