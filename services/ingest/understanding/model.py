"""What vanban understands of an official document (văn bản hành chính).

Plain dataclasses, no framework: the shape that `vanban extract` prints (../shared/CONTRACT.md)
and that the ingest pipeline stores.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# tasks under this are marked for a clerk's review (services.ingest.understanding.confidence): on the training sets
# it flags about a fifth of the proposals and more than half of the wrong ones (scripts/score_confidence.py)
REVIEW_BELOW = 0.8

@dataclass
class Signer:
    name: str | None = None
    title: str | None = None  # chức vụ: "Phó Chủ tịch"
    authority: str | None = None  # thẩm quyền ký: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "TL.", "TUQ.", "Q."


@dataclass
class Reference:
    """A document cited in the text (căn cứ, thực hiện …)."""

    number: str  # "43/QĐ-TTg"
    doc_type: str | None = None
    issued_date: str | None = None  # ISO
    span: tuple[int, int] | None = None  # where in the text


@dataclass
class ExtractedTask:
    """One duty the document assigns (giao nhiệm vụ)."""

    lead: str  # chủ trì
    support: list[str] = field(default_factory=list)  # phối hợp
    action: str = ""
    deadline: str | None = None  # ISO date
    deadline_text: str | None = None
    recurrence: str | None = None
    sentence: str = ""  # the sentence (or table row) the task came from
    span: tuple[int, int] | None = None  # offsets of `sentence` in the text
    confidence: float = 1.0  # 0..1: how sure the extractor is (services.ingest.understanding.confidence)
    lead_units: list[str] = field(default_factory=list)  # the lead as canonical units ("Các Sở: XD, TC" -> two)
    support_units: list[str] = field(default_factory=list)  # the same for the supporting units
    review_reasons: list[str] = field(default_factory=list)  # why the confidence is lower (Vietnamese, for the clerk)

    @property
    def source(self) -> str:
        """The sentence the task came from (what a clerk checks in the review queue)."""
        return self.sentence

    @property
    def needs_review(self) -> bool:
        return self.confidence < REVIEW_BELOW


@dataclass
class DocumentInfo:
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    place: str | None = None
    subject: str | None = None
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    confidentiality: str | None = None  # "Mật", "Tối mật", "Tuyệt mật" when stamped
    urgency: str | None = None  # "Khẩn", "Thượng khẩn", "Hỏa tốc"
    text: str = ""
    tasks: list[ExtractedTask] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The JSON object of ../shared/CONTRACT.md (`vanban extract`)."""
        return {
            "number": self.number,
            "doc_type": self.doc_type,
            "issuer": self.issuer,
            "issued_date": self.issued_date,
            "place": self.place,
            "subject": self.subject,
            "signer": asdict(self.signer) if self.signer else None,
            "recipients": list(self.recipients),
            "references": [r.number for r in self.references],
            "confidentiality": self.confidentiality,
            "urgency": self.urgency,
            "text": self.text,
            "tasks": [
                {
                    "position": i,
                    "lead": t.lead,
                    "support": list(t.support),
                    "action": t.action,
                    "deadline": t.deadline,
                    "deadline_text": t.deadline_text,
                    "recurrence": t.recurrence,
                    "sentence": t.sentence,
                    "source": {"sentence": t.sentence, "span": list(t.span) if t.span else None},
                    "confidence": t.confidence,
                    "needs_review": t.needs_review,
                    "review_reasons": list(t.review_reasons),
                    "lead_units": list(t.lead_units),
                    "support_units": list(t.support_units),
                }
                for i, t in enumerate(self.tasks)
            ],
        }
