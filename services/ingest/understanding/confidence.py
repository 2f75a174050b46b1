"""How sure the extractor is of each task, so that unsure tasks go to a clerk's review queue instead of an inbox.

``assess(task)`` gives a confidence between 0 and 1 from what a clerk would look at: is the lead a unit the
directory knows (or an administrative body, or a collective of units), was it named by an assigning word ("giao",
"yêu cầu", "đề nghị", "chủ trì", "có trách nhiệm"), does the action start with a verb, and is anything odd (a very
long or very short lead, digits in the lead, a bare action, a narrative sentence). Pure and cheap.
"""
from __future__ import annotations

import re

from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.task_units import match_units, verb_at
from services.vntext.fastre import guard_patterns
from services.vntext.units import is_known_unit

_ASSIGNING = re.compile(
    r"(?<!\w)(?:giao|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|tham\s+mưu|"
    r"phân\s+công|ủy\s+quyền|uỷ\s+quyền|khẩn\s+trương|phải|cần)(?!\w)", re.IGNORECASE)
_BODY = re.compile(r"^(?:(?:Giám\s+đốc|Chủ\s+tịch|Thủ\s+trưởng|Bộ\s+trưởng|Lãnh\s+đạo)\s+)?(?:UBND|Ủy\s+ban|Uỷ\s+ban|Sở|Bộ|"
                   r"Cục|Tổng\s+cục|Vụ|Ban|Văn\s+phòng|Công\s+an|Bộ\s+Chỉ\s+huy|Thanh\s+tra|Kho\s+bạc|Trung\s+tâm|"
                   r"Đài|Báo|Hội|Liên\s+đoàn|Tỉnh\s+đoàn|Mặt\s+trận|Tập\s+đoàn|Tổng\s+công\s+ty|Phòng|Chi\s+cục|HĐND|"
                   r"Hội\s+đồng)(?!\w)")
_COLLECTIVE = re.compile(r"^(?:các|những|Các|Những)\s")
_NARRATIVE = re.compile(r"^(?:Ngày\s+\d|Vừa\s+qua|Trước\s+đó|Thời\s+gian\s+qua|Năm\s+\d{4},)")
# searched along a window of every task's sentence: a first-character test in front, the same matches (fastre.py)
guard_patterns(globals(), ("_ASSIGNING",))


def assess(task: ExtractedTask) -> float:
    """Confidence of one extracted task, 0..1 (rounded to two decimals)."""
    lead = task.lead.strip()
    score = 0.45
    units = match_units(lead, 0).units or [lead]
    if all(is_known_unit(u) for u in units):
        score += 0.25
    elif _BODY.match(lead):
        score += 0.2
    elif _COLLECTIVE.match(lead):
        score += 0.12
    sentence = task.sentence or ""
    at = sentence.find(lead)
    window = sentence[max(0, at - 40): at + len(lead) + 40] if at >= 0 else sentence[:120]
    if _ASSIGNING.search(window):
        score += 0.2
    action = task.action.strip()
    if action and verb_at(action[:1].lower() + action[1:], 0) is not None:
        score += 0.1
    if len(lead) > 90:
        score -= 0.2
    if any(c.isdigit() for c in lead):
        score -= 0.2
    if len(action) < 12:
        score -= 0.2
    if _NARRATIVE.match(sentence):
        score -= 0.15
    return round(min(0.99, max(0.05, score)), 2)
