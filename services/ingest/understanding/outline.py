"""The document's outline as an office writes it: which lines are headings that only NAME the unit whose duties
follow (rules41, issue 11).

A plan or a conclusion often names a unit on a line of its own — "3. Trung tâm Thông tin và Thống kê khoa học",
"a) Công an tỉnh", "- UBND các xã, phường:", "1. SỞ TÀI CHÍNH" — and writes that unit's duties below it, in dashed
items, in unmarked paragraphs or in one sentence. Such a line is a heading whatever the length of the document's
lines: the next line starts a new paragraph (it is no hard wrap of the heading), and the unit leads what follows.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from services.ingest.understanding.task_units import match_units
from services.vntext.letters import UPPER

__all__ = ["heading_ends", "names_only", "upper_heading_units"]

_TAIL = re.compile(r"\s*(?:\([^()]{0,120}\))?\s*:?\s*")
# a paragraph that tells what the unit did or does: "Đã tham mưu …", "Đang triển khai …", "Tiếp tục …"
_ASPECT_FIRST = re.compile(r"(?:Đã|Đang|Sẽ|Cần|Phải|Tiếp\s+tục|Chủ\s+động|Khẩn\s+trương|Tập\s+trung|Thường\s+xuyên)\s")
_UPPER_ONLY = re.compile(rf"[{UPPER}\s,&\-–]+")


def _acronym(word: str) -> bool:
    """'UBND', 'TNHH', 'KHCN', 'VHTTDL': letters with no vowel after the first ('Đ' counts as a consonant)."""
    base = unicodedata.normalize("NFD", word)
    letters = [c for c in base if c.isalpha()]
    return len(letters) >= 2 and not any(c in "AEIOUY" for c in letters[1:])


def _sentence_case(text: str) -> str:
    """'SỞ GIÁO DỤC VÀ ĐÀO TẠO' -> 'Sở giáo dục và đào tạo'; acronyms ('UBND', 'VHTTDL') kept as written."""
    out = []
    for k, w in enumerate(text.split(" ")):
        out.append(w if _acronym(w) else (w[:1] + w[1:].lower() if k == 0 else w.lower()))
    return " ".join(out)


@lru_cache(maxsize=4096)
def names_only(body: str) -> bool:
    """True when a heading's body is only the name of one or more units ("Sở Y tế", "Sở A, Sở B:", "UBND các xã,
    phường:"), with at most a note in parentheses and a colon after it."""
    b = body.strip()
    if not b or len(b) > 200 or b[-1:] in ".;,":
        return False
    um = match_units(b, 0)
    if not um.ok:
        return False
    return _TAIL.fullmatch(b, um.end) is not None


@lru_cache(maxsize=4096)
def upper_heading_units(body: str) -> str | None:
    """The unit an UPPER-CASE heading names ("SỞ TÀI CHÍNH", "ỦY BAN NHÂN DÂN CÁC XÃ, PHƯỜNG:"), as written, or None
    when the line is not only a unit's name."""
    b = body.strip().rstrip(":").strip()
    if not b or len(b) > 160 or not _UPPER_ONLY.fullmatch(b) or b.upper() != b:
        return None
    if names_only(b):
        return b
    return b if names_only(_sentence_case(b)) else None


def heading_ends(nxt: str, nxt_is_duty: bool) -> bool:
    """A heading that only names a unit ends before the next line when that line opens a duty or a report of work
    ("Xây dựng …", "Đã tham mưu …"); a line that goes on with the unit's name does neither ("Đài Tiếng nói Việt" /
    "Nam kịp thời …", "Sở Nội vụ thành phố" / "Hà Nội")."""
    return nxt_is_duty or _ASPECT_FIRST.match(nxt) is not None
