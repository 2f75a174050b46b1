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
    unit_id: str | None = Field(description="None while the name is a proposal not yet in the unit directory")
    name: str
    role: str = Field(description="lead (chủ trì) | support (phối hợp)")
    progress_percent: int = Field(description="This unit's own contribution (phối hợp) or the task's (chủ trì); a "
                                  "contribution the viewer may not read (SECURITY.md 59) is 0, with no note nor date")
    progress_note: str | None
    progress_at: datetime | None
    attachments: list[dict[str, Any]]
    handler: str | None = Field(None, description="The unit's officer its head handed this part to (phân công xử lý); "
                                "None: the whole unit — shown to whoever reads the unit's reports")
    handler_id: str | None = Field(None, description="That officer's account id (with `handler`)")
    former_handler: str | None = Field(None, description="The officer it had been handed to who holds it no more "
                                       "(account disabled, moved to another unit, not cleared for the document): the "
                                       "part is the whole unit's again until its head hands it to another")


class DeadlineChangeOut(BaseModel):
    kind: str = Field(description="extension (gia hạn, asked before the deadline) | reassignment (giao lại by a "
                      "leader, with a reason, after the deadline)")
    from_date: date | None = Field(alias="from")
    to: date
    on: date
    by: str | None = None
    reason: str | None = None
    days_late: int = Field(0, description="Days late when re-assigned")

    model_config = ConfigDict(populate_by_name=True)


class DocumentRef(BaseModel):
    id: str
    number: str | None
    doc_type: str | None
    subject: str | None
    issued_date: date | None
    level: int = Field(0, description="Độ mật of the document: 0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật")


class TaskOut(BaseModel):
    id: str
    document: DocumentRef
    action: str
    sentence: str = Field(description="The sentence the task was read from (what the clerk checks)")
    confidence: float | None = Field(None, description="Extraction's confidence, 0–1 (None: added by people)")
    needs_review: bool = Field(False, description="Extracted with low confidence, or led by a collective "
                               "(\"các sở, ngành liên quan\") that names no unit: the clerk reviews it before it is "
                               "sent, even when proposals are sent at extraction")
    review_reasons: list[str] = Field(default_factory=list, description="Why extraction doubts a task that waits for "
                                      "review (Vietnamese, for the clerk): \"Đơn vị chủ trì không nêu tên cụ thể\" …")
    lead: str
    lead_unit_id: str | None
    support: list[str]
    units: list[TaskUnitOut]
    deadline: date | None
    original_deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    assigned_on: date
    state: str = Field(description="open | acknowledged | in_progress | completion_reported | completed | "
                       "dismissed | split | merged | recalled")
    status: str = Field(description="QĐ 42 category on `as_of`: completed_on_time | completed_late | in_progress | "
                        "overdue; dismissed (a proposal rejected) | ended (a task sent, then ended: kết thúc) | "
                        "split | merged | recalled for tasks no longer followed (never overdue); "
                        "proposed for a proposal not yet sent to the units")
    my_role: str | None = Field(None, description="How your unit is named on the task: lead | support")
    sent_at: datetime | None = Field(None, description="When the task reached the units (None: a proposal awaiting "
                                     "the clerk's confirmation)")
    deadline_changes: list[DeadlineChangeOut] = Field(default_factory=list,
                                                      description="Every extension and re-assignment, in order")
    progress_note: str | None = None
    review_on: date | None = Field(None, description="A task with no deadline: its next periodic check")
    review_due: bool = False
    due_soon: bool
    days_late: int
    progress_percent: int
    completion_reported_on: date | None
    completed_on: date | None
    extension_requested_to: date | None
    extension_reason: str | None
    origin: str = Field(description="extracted | manual | split | merged | recurrence | instruction "
                        "(a leader's instruction, bút phê, on an incoming document routed by the registry)")
    confirmed: bool
    parent_id: str | None
    continues_task_id: str | None = Field(None, description="In the review queue: the task being followed that this "
                                          "proposal may only change or carry forward (POST /tasks/{id}/carry-over)")


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    username: str | None
    kind: str
    text: str | None
    detail: dict[str, Any]
    by: str | None = Field(None, description="Who acted, as people read it: 'Trần Văn Nam (Sở Xây dựng)'")


class TaskDetail(TaskOut):
    history: list[EventOut]
    uncleared_units: list[str] | None = Field(
        None, description="On confirm or edit: named units of a secret document with no account cleared for its "
                          "level (the task is in their inbox but nobody there can read it)")
    unreached_units: list[str] | None = Field(
        None, description="On confirm or edit: named units with no active account, e-mail or webhook (nobody receives "
                          "the task: a unit merged away, or not set up yet)")


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


class ExtensionDecisionIn(NoteIn):
    new_deadline: date | None = Field(None, description="Gia hạn đến ngày khác: the date the leader grants when it "
                                      "is not the one the unit asked for (later than the current deadline); by "
                                      "default the unit's")


class DeclineIn(BaseModel):
    reason: str = Field(max_length=5000, description="Vì sao nhiệm vụ không thuộc chức năng của đơn vị (trả lại)")


class EndIn(BaseModel):
    reason: str = Field(min_length=1, max_length=5000, description="Lý do kết thúc: theo văn bản, ý kiến chỉ đạo nào")


class HandlerIn(BaseModel):
    username: str = Field(min_length=1, max_length=128, description="Tên đăng nhập của cán bộ đơn vị được phân công")
    note: str | None = Field(None, max_length=5000, description="Ý kiến của lãnh đạo đơn vị khi phân công")


class ReopenIn(BaseModel):
    reason: str = Field(min_length=1, max_length=5000, description="Lý do mở lại: việc gì chưa hoàn thành")


class ReturnIn(BaseModel):
    note: str = Field(min_length=1, max_length=5000, description="Lý do trả lại")


class CompletionIn(BaseModel):
    completed_on: date | None = Field(None, description="Ngày hoàn thành (mặc định: hôm nay)")
    text: str | None = Field(None, max_length=20000)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10,
                                            description="The result (văn bản báo cáo kết quả, sản phẩm)")


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
    level: int = Field(0, ge=0, le=3, description="0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật")
    audience: str = Field("internal", pattern="^(public|internal)$",
                          description="internal: the attending units (and clerks, leaders); public: every unit")
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
    level: int = 0
    audience: str = "internal"
    series: str
    meeting_date: date
    chair: str | None
    unit_ids: list[str]
    previous_id: str | None
    next_date: date | None
    conclusion_document_id: str | None = Field(None, description="Thông báo kết luận of the meeting")


class ContributionOut(BaseModel):
    unit: str
    percent: int
    note: str | None
    removed_on: date | None = Field(None, description="The unit was taken off the task that day; the report it had "
                                                      "given before is kept")


class ExtensionOut(BaseModel):
    kind: str
    from_date: date | None
    to_date: date
    on: date
    days_late: int


class TaskLineOut(BaseModel):
    id: str
    document_id: str
    document_number: str | None
    action: str
    lead: str
    support: list[str] = Field(default_factory=list, description="Đơn vị phối hợp")
    deadline: date | None
    original_deadline: date | None = None
    extensions: list[ExtensionOut] = Field(default_factory=list)
    deadline_text: str = Field("", description="Original deadline, every extension and re-assignment, as printed")
    completed_on: date | None
    status: str
    days_late: int
    progress_percent: int
    progress_note: str | None = None
    contributions: list[ContributionOut] = Field(default_factory=list,
                                                 description="Each cooperating unit's own report")
    level: int = 0
    ended_on: date | None = Field(None, description="Ended (kết thúc) that day: no longer to be done (status `ended`)")
    ended_reason: str | None = Field(None, description="Why it was ended (the clerk's or leader's words)")
    returned_note: str | None = Field(None, description="Returned by its lead unit (trả lại, status `returned`), "
                                      "waiting for the văn thư to give it to another unit: who returned it and why")
    extension_requested_to: date | None = Field(None, description="The lead unit asks for this new deadline; no "
                                                "leader has decided yet (đề nghị gia hạn chờ duyệt)")
    completion_reported_on: date | None = Field(None, description="The lead unit reported completion on this day; "
                                                "a leader has not accepted it yet")


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
    extended: int = Field(0, description="Of the total, tasks given more time: their deadline moved by an extension "
                          "(gia hạn) or a re-assignment (giao lại)")
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


class RegisterCountsOut(BaseModel):
    """Văn bản đến / đi of the meeting's period, from the registry, counted through the caller's access."""

    date_from: date
    date_to: date
    received: int
    issued: int
    received_by_urgency: dict[str, int] = Field(description="normal | urgent | very_urgent | flash → count")
    issued_by_urgency: dict[str, int]
    unhandled: int = Field(description="Received in the period and not yet handled")
    unhandled_by_urgency: dict[str, int]


class PackOut(BaseModel):
    meeting: MeetingOut
    level: int = Field(0, description="Highest secrecy level of the meeting and its content (the mark printed on "
                       "exports)")
    as_of: date
    previous_meeting_date: date | None
    next_meeting_date: date
    units: list[PackUnitOut]
    totals: CountsOut
    previous_conclusion: list[TaskLineOut] = Field(description="Tasks of the previous meeting's conclusion notice")
    ended: list[TaskLineOut] = Field(default_factory=list, description="Tasks ended (kết thúc) since the previous "
                                     "meeting, with the day and the reason: no longer in the lists above nor counted")
    registers: RegisterCountsOut | None = Field(None, description="Văn bản đến / đi: received and issued in the "
                                                "meeting's period (after the previous meeting up to this one; the "
                                                "first of a series: since 1 January), by urgency, still unhandled")


class UnitProgressOut(BaseModel):
    unit: UnitRefOut
    counts: CountsOut


class ReportOut(BaseModel):
    level: int = Field(0, description="Highest secrecy level of the content (the mark printed on exports)")
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
    returned: list[TaskLineOut] = Field(default_factory=list, description="Tasks of the period their lead unit "
                                        "returned (trả lại) that wait for another unit: in no count above")


class RemindersOut(BaseModel):
    queued: int  # sent after the commit by briefing.send_notifications


class UnitProposalOut(BaseModel):
    key: str
    name: str
    tasks: int = Field(description="Tasks naming it")


class UnitAcceptIn(BaseModel):
    name: str = Field(min_length=2, max_length=255, description="The unit's name as it should be in the directory")


class ReassignIn(BaseModel):
    new_deadline: date
    reason: str = Field(min_length=1, max_length=5000, description="Lý do giao lại")
