"""Assignment annexes and task tables, as a clerk reads them.

- A column names who handles each row whatever its header's wording: "Cơ quan chủ trì", "Đơn vị thực hiện",
  "Bộ, ngành chủ trì", and also "Bộ phụ trách tiếp nhận, xử lý", "Cơ quan được giao", "Đơn vị đầu mối".
- A column names what each row asks even when it is not called "Nội dung" or "Nhiệm vụ": "Thông tin đề xuất",
  "Nội dung kiến nghị", "Vướng mắc" — but "Tỉnh kiến nghị" or "Đơn vị đề xuất" names who asked, not what.
- A table with no time column takes the limit the body sets for the annex it governs:
  "… xử lý các kiến nghị (Phụ lục kèm theo), hoàn thành trước ngày 15/12/2025."
"""

from __future__ import annotations

import re

from services.ingest.understanding.deadlines import Deadline, find_deadline

_UNIT_HEAD = r"(?:bộ|ngành|bộ,\s*ngành|cơ\s+quan|đơn\s+vị|sở|sở,\s*ngành|địa\s+phương|phòng|ban)"
_LEAD_HEAD = re.compile(
    r"^" + _UNIT_HEAD + r"\b[^|]{0,25}?\b(?:phụ\s+trách|tiếp\s+nhận|xử\s+lý|được\s+giao|đầu\s+mối|giải\s+quyết)",
    re.IGNORECASE)
_WHAT_HEAD = re.compile(r"đề\s+xuất|kiến\s+nghị|thông\s+tin|yêu\s+cầu|vướng\s+mắc|giải\s+pháp|việc\s+cần",
                        re.IGNORECASE)
_WHO_HEAD = re.compile(r"^(?:tỉnh|thành\s+phố|địa\s+phương|đơn\s+vị|cơ\s+quan|bộ|sở|ngành|huyện|xã|phường|tên)\b",
                       re.IGNORECASE)


def lead_header(header: str) -> bool:
    """A header that names the unit handling each row ("Bộ phụ trách tiếp nhận, xử lý")."""
    return bool(_LEAD_HEAD.search(header.strip("* ")))


def what_header(header: str) -> bool:
    """A header that names what each row asks ("Thông tin đề xuất"), not who asked it ("Tỉnh kiến nghị")."""
    h = header.strip("* ")
    return bool(_WHAT_HEAD.search(h)) and not _WHO_HEAD.search(h)


# "(Phụ lục kèm theo)", "theo Phụ lục I", "tại phụ lục đính kèm": the body refers to an annex (not the annex's own
# upper-case title "PHỤ LỤC")
_ANNEX_REF = re.compile(r"\b(?:Phụ\s+lục|phụ\s+lục)\b")
_SENT_END = re.compile(r"[.;!?](?=\s|$)|\n\s*\n")


def annex_limit(texts: list[str], issued_date: str | None) -> Deadline | None:
    """The time limit of the last body sentence before the table that refers to an annex and sets one."""
    for text in reversed(texts):
        for m in reversed(list(_ANNEX_REF.finditer(text))):
            before = [e.end() for e in _SENT_END.finditer(text, 0, m.start())]
            start = before[-1] if before else 0
            end_m = _SENT_END.search(text, m.end())
            sentence = text[start: end_m.start() if end_m else len(text)]
            if re.search(r"\bkèm\s+theo\s+(?:Công\s+văn|Quyết\s+định|Kế\s+hoạch|Thông\s+báo|văn\s+bản)\s+số",
                         sentence, re.IGNORECASE):
                continue  # "(Kèm theo Công văn số … ngày …)": the annex's own subtitle, its date is no limit
            dl = find_deadline(sentence, issued_date)
            if dl is not None and dl.date:
                return dl
    return None
