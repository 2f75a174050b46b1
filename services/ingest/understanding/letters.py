"""Letters, as a clerk reads them: what in a letter is not a duty.

- The sending formula that closes a letter: "Văn phòng UBND tỉnh gửi Sở Xây dựng tổng hợp./.", "Sở Nội vụ gửi các
  đơn vị biết, thực hiện." — it says who the letter goes to, the duties are in the body above it.
- The issuer's own background: "Để thi hành Luật này, Bộ Nội vụ được giao xây dựng …" in a letter of that Bộ tells
  why it writes (a higher body gave it the duty long ago); it is not a duty this letter assigns.
"""

from __future__ import annotations

import re

from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.task_units import match_units

_PURPOSE = r"(?:biết|tổng\s+hợp|theo\s+dõi|tham\s+khảo|nghiên\s+cứu|xem\s+xét|phối\s+hợp|thực\s+hiện|triển\s+khai|" \
           r"chỉ\s+đạo|lưu\s+hồ\s+sơ|để\s+biết)"
_SEND = re.compile(r"(?:trân\s+trọng\s+|kính\s+)?gửi\s+", re.IGNORECASE)
_PURPOSE_END = re.compile(r"\s*(?:để\s+|được\s+)?" + _PURPOSE + r"(?:\s*(?:,|và|/)\s*(?:để\s+)?" + _PURPOSE +
                          r")*\s*[./]*$", re.IGNORECASE)


def sending_formula(action: str) -> bool:
    """'gửi Sở X tổng hợp', 'gửi các đơn vị biết, thực hiện': the letter's address, not a duty. What follows
    "gửi" must be the addressee itself, a unit ("gửi ý kiến về Phòng Tư pháp để tổng hợp" is a duty)."""
    a = action.strip()
    m = _SEND.match(a)
    if not m:
        return False
    um = match_units(a, m.end())
    return um.ok and bool(_PURPOSE_END.match(a, um.end))


def _letterhead(text: str) -> str:
    """The upper-case lines at the top of a letter, where its issuer stands, folded to single spaces."""
    lines = [ln.strip(" *|") for ln in text[:800].splitlines()[:14]]
    return " ".join(" ".join(ln.split()) for ln in lines if ln and ln == ln.upper() and re.search(r"[^\W\d_]", ln))


def issuer_background(task: ExtractedTask, head: str) -> bool:
    """'<issuer> được giao …' in the issuer's own letter: the reason it writes, not a duty it receives."""
    lead = " ".join(task.lead.split())
    if not lead or not head or lead.upper() not in head:
        return False
    return bool(re.search(re.escape(lead) + r"\s+(?:đã\s+)?được\s+(?:[^.,;]{0,60}?\s)?giao\b", " ".join(task.sentence.split())))


def not_duties(text: str, tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """The tasks of a letter without its sending formula and the issuer's background."""
    head = _letterhead(text)
    return [t for t in tasks if not sending_formula(t.action) and not issuer_background(t, head)]
