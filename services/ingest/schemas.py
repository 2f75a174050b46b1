"""API schemas of the ingest service."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from services.ingest.understanding.confidence import review_reasons


class SignerOut(BaseModel):
    name: str | None = None
    title: str | None = None
    authority: str | None = None


class OcrOut(BaseModel):
    state: str = Field(description="queued → running → done | failed")
    pages_done: int = 0
    pages_total: int | None = Field(None, description="Pages read by OCR (image-only pages)")
    confidence: float | None = Field(None, description="Mean word confidence of the OCR, 0–1")


class DocumentSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    filename: str
    status: str = Field(description="queued → extracting → done | failed | needs_ocr")
    error_code: str | None = None
    error_message: str | None = Field(None, description="Why it failed, in Vietnamese")
    number: str | None = Field(None, description="Số ký hiệu, e.g. 317/TB-UBND")
    doc_type: str | None = Field(None, description="Loại văn bản, e.g. Thông báo")
    issuer: str | None = None
    issued_date: date | None = None
    subject: str | None = Field(None, description="Trích yếu")
    format: str | None = None
    pages: int | None = None
    size_bytes: int
    sha256: str
    created_at: datetime
    processed_at: datetime | None = None
    ocr: OcrOut | None = Field(None, description="A scan read by OCR: progress while it runs, then its confidence")
    level: int = Field(0, description="Access level: 0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật")
    provisional: bool = Field(False, description="The stamp is not read yet (or could not be: a failed file): "
                              "`level` is the uploader's most restrictive one, kept until a reading or a clerk sets it")


class CitationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    doc_type: str | None = None
    issued_date: date | None = None
    cited_document_id: str | None = Field(None, description="The cited document, when it is in the store")


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    position: int
    lead: str = Field(description="Đơn vị chủ trì")
    support: list[str] = Field(description="Đơn vị phối hợp")
    action: str
    deadline: date | None = None
    deadline_text: str | None = None
    recurrence: str | None = None
    sentence: str = Field(description="The sentence the task was read from")
    confidence: float | None = Field(None, description="How sure extraction is, 0–1 (None: stored before 0008)")
    lead_units: list[str] | None = Field(None, description="The lead as canonical units (routing): "
                                         "\"Các Sở: XD, TC\" is two departments")
    support_units: list[str] | None = Field(None, description="The supporting units as canonical units")

    @computed_field(description="Confidence below 0.8 (REVIEW_BELOW): a clerk reviews the task before it reaches an inbox")  # type: ignore[prop-decorator]
    @property
    def needs_review(self) -> bool:
        from services.ingest.understanding.model import REVIEW_BELOW

        return self.confidence is not None and self.confidence < REVIEW_BELOW

    @computed_field(description="Why extraction doubts the task (Vietnamese, for the clerk); empty when added by people")  # type: ignore[prop-decorator]
    @property
    def review_reasons(self) -> list[str]:
        if self.confidence is None:
            return []
        return review_reasons(self.lead, self.action, self.sentence, self.deadline)


class RegisteredAs(BaseModel):
    document_id: str = Field(description="The registered document this file is another copy of")
    number: str | None = None
    issued_date: date | None = None
    filename: str
    reason: str | None = Field(None, description="number_date | number_text | text (how it was recognised)")
    message: str = Field(description="What the clerk is told, in Vietnamese")


class RecalledOut(BaseModel):
    at: datetime | None = None
    reason: str | None = Field(None, description="Lý do thu hồi (none for a recall recorded before it was kept)")


class DocumentDetail(DocumentSummary):
    place: str | None = None
    signer: SignerOut | None = None
    recipients: list[str] = []
    confidentiality: str | None = Field(None, description="The stamp on the document: Mật, Tối mật, Tuyệt mật")
    audience: str = Field("internal", description="public | internal | units")
    urgency: str | None = None
    legacy_encoding: str | None = Field(None, description="tcvn3 or vni when legacy text was converted")
    attempts: int = 0
    text: str | None = Field(None, description="Whole text, extracted and repaired")
    citations: list[CitationOut] = []
    tasks: list[TaskOut] = []
    registered_as: RegisteredAs | None = Field(
        None, description="This file is another copy of a registered document (DOCX and PDF, a re-scan, an e-mailed "
        "copy): no second set of tasks is created. Shown only when you may see the registered document")
    supersedes: str | None = Field(None, description="A clerk decided this is a new version of that document")
    superseded_by: str | None = Field(None, description="A clerk decided that document replaces this one")
    recalled: RecalledOut | None = Field(None, description="The office that issued it recalled it (thu hồi): when "
                                         "and why; its work is no longer followed")


class SupersedeRequest(BaseModel):
    replaces: str = Field(max_length=64, description="The id of the registered document this new version replaces")


class UploadItem(BaseModel):
    filename: str
    document_id: str | None = None
    status: str | None = None
    duplicate: bool = Field(False, description="The same file was already stored: this is the existing document")
    message: str | None = Field(None, description="For a duplicate: what is already registered, in Vietnamese")
    error_code: str | None = None
    error_message: str | None = None


class UploadResponse(BaseModel):
    accepted: int
    duplicates: int
    rejected: int
    items: list[UploadItem]


class AccessUpdate(BaseModel):
    level: int | None = Field(None, ge=0, le=3, description="0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật")
    audience: Literal["public", "internal", "units"] | None = None
    units: list[str] | None = Field(None, max_length=200, description="Units that may see it (audience `units`)")
