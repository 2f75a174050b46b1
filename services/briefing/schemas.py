"""API schemas of the briefing service (pydantic v2)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class UnitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    key: str
    email: str | None = None
    webhook_url: str | None = None


class UnitContacts(BaseModel):
    email: str | None = Field(None, max_length=255, pattern=r"^[^@\s]+@[^@\s]+$", description="Hộp thư của đơn vị")
    webhook_url: str | None = Field(None, max_length=1024, pattern=r"^https?://", description="Webhook (POST JSON)")


class TaskUnitOut(BaseModel):
    unit_id: str
    role: str = Field(description="lead (chủ trì) | support (phối hợp)")


class DocumentRef(BaseModel):
    id: str
    number: str | None
    doc_type: str | None
    subject: str | None
    issued_date: date | None


class TaskOut(BaseModel):
    id: str
    document: DocumentRef
    action: str
    sentence: str
    lead: str
    lead_unit_id: str | None
    support: list[str]
    units: list[TaskUnitOut]
    deadline: date | None
    original_deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    assigned_on: date
    state: str = Field(description="open | acknowledged | in_progress | completion_reported | completed")
    status: str = Field(description="QĐ 42 category on `as_of`: completed_on_time | completed_late | in_progress | "
                        "overdue")
    due_soon: bool
    days_late: int
    progress_percent: int
    completion_reported_on: date | None
    completed_on: date | None
    extension_requested_to: date | None
    extension_reason: str | None
    origin: str = Field(description="extracted | manual | split | merged | recurrence")
    confirmed: bool
    parent_id: str | None


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    username: str | None
    kind: str
    text: str | None
    detail: dict[str, Any]


class TaskDetail(TaskOut):
    history: list[EventOut]


class AttachmentIn(BaseModel):
    filename: str = Field(min_length=1, max_length=255)
    content_base64: str = Field(description="The file, base64-encoded")
    content_type: str | None = None


class ProgressIn(BaseModel):
    text: str = Field(min_length=1, max_length=20000, description="Tình hình thực hiện")
    percent: int | None = Field(None, ge=0, le=100)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10)


class ExtensionIn(BaseModel):
    new_deadline: date
    reason: str = Field(min_length=1, max_length=5000)


class NoteIn(BaseModel):
    note: str | None = Field(None, max_length=5000)


class ReturnIn(BaseModel):
    note: str = Field(min_length=1, max_length=5000, description="Lý do trả lại")


class CompletionIn(BaseModel):
    completed_on: date | None = Field(None, description="Ngày hoàn thành (mặc định: hôm nay)")
    text: str | None = Field(None, max_length=20000)


class TaskDraftIn(BaseModel):
    action: str = Field(min_length=1, max_length=20000)
    lead: str = Field(min_length=1, max_length=512, description="Đơn vị chủ trì")
    support: list[str] = Field(default_factory=list, max_length=50)
    deadline: date | None = None
    recurrence: str | None = Field(None, max_length=128)


class TaskCreate(TaskDraftIn):
    document_id: str


class TaskEdit(BaseModel):
    action: str | None = Field(None, min_length=1, max_length=20000)
    lead: str | None = Field(None, min_length=1, max_length=512)
    support: list[str] | None = Field(None, max_length=50)
    deadline: date | None = None
    recurrence: str | None = Field(None, max_length=128)


class SplitIn(BaseModel):
    parts: list[TaskDraftIn] = Field(min_length=2, max_length=20)


class MergeIn(BaseModel):
    task_ids: list[str] = Field(min_length=2, max_length=20)
    result: TaskDraftIn | None = None


class MeetingCreate(BaseModel):
    title: str = Field(min_length=1, max_length=512)
    meeting_date: date
    chair: str | None = Field(None, max_length=255)
    unit_ids: list[str] = Field(default_factory=list, max_length=200)
    series: str = Field("giao-ban", min_length=1, max_length=128)
    previous_id: str | None = None
    next_date: date | None = None


class ConclusionIn(BaseModel):
    document_id: str | None = Field(description="The ingested thông báo kết luận; null to unlink")


class MeetingOut(BaseModel):
    id: str
    title: str
    series: str
    meeting_date: date
    chair: str | None
    unit_ids: list[str]
    previous_id: str | None
    next_date: date | None
    conclusion_document_id: str | None = Field(None, description="Thông báo kết luận of the meeting")


class TaskLineOut(BaseModel):
    id: str
    document_id: str
    document_number: str | None
    action: str
    lead: str
    deadline: date | None
    completed_on: date | None
    status: str
    days_late: int
    progress_percent: int


class DirectiveOut(BaseModel):
    document_id: str
    number: str | None
    doc_type: str | None
    subject: str | None
    issued_date: date | None


class CountsOut(BaseModel):
    total: int
    completed_on_time: int
    completed_late: int
    in_progress: int
    overdue: int
    completion_rate: float = Field(description="Tỷ lệ hoàn thành, %")
    on_time_rate: float = Field(description="Tỷ lệ hoàn thành đúng hạn, %")


class UnitRefOut(BaseModel):
    id: str
    name: str


class PackUnitOut(BaseModel):
    unit: UnitRefOut
    assigned_since: list[TaskLineOut]
    completed_on_time: list[TaskLineOut]
    completed_late: list[TaskLineOut]
    overdue: list[TaskLineOut]
    due_before_next: list[TaskLineOut]
    directives: list[DirectiveOut]
    counts: CountsOut


class PackOut(BaseModel):
    meeting: MeetingOut
    as_of: date
    previous_meeting_date: date | None
    next_meeting_date: date
    units: list[PackUnitOut]
    totals: CountsOut
    previous_conclusion: list[TaskLineOut] = Field(description="Tasks of the previous meeting's conclusion notice")


class UnitProgressOut(BaseModel):
    unit: UnitRefOut
    counts: CountsOut


class ReportOut(BaseModel):
    as_of: date
    date_from: date | None
    date_to: date
    unit_id: str | None
    totals: CountsOut
    units: list[UnitProgressOut]
    completed_on_time: list[TaskLineOut]
    completed_late: list[TaskLineOut]
    in_progress: list[TaskLineOut]
    overdue: list[TaskLineOut]


class RemindersOut(BaseModel):
    queued: int
    sent: int
    failed: int
