"""How sure the extractor is of each task, so that unsure tasks go to a clerk's review queue instead of an inbox.

``appraise(task)`` gives a confidence between 0 and 1 and the doubts behind it, in Vietnamese, as a clerk would say
them in the review queue ("Đơn vị chủ trì không nêu tên cụ thể", "Câu văn kể việc đã làm" …). Each doubt a clerk
would recognise lowers the odds that the task is right by a fixed step; a lead in the unit directory and a deadline
raise them. The confidence is those odds as a share: about the share of tasks like this one that were right.

The signals and their steps were chosen on the training sets only (the tune part of directives-train, directives-
extra and the dev files) with ``scripts/score_confidence.py``, which prints per confidence bucket the share right,
the AUROC and the review flag's share, precision and recall; signals that did not separate right from wrong there
(an assigning word near the lead, a deadline taken from another sentence, a very long sentence or lead, an action
not opening with a verb) are left out. Tasks under ``REVIEW_BELOW`` (model.py) wait in the clerk's review queue.
Pure and cheap: a few patterns over the lead and the action, one over the sentence.
"""
from __future__ import annotations

import math
import re

from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.task_units import match_units
from services.vntext.fastre import guard_patterns
from services.vntext.units import COLLECTIVE_VAGUE as _VAGUE
from services.vntext.units import is_collective as is_collective
from services.vntext.units import is_known_unit

# the odds (log) that a task is right before any doubt: about 0.88, the training sets' share of right proposals
_BASE = 2.0

# A body named without its place or name: "UBND tỉnh", "Sở", "UBND cấp huyện" — which one is it?
_BARE_BODY = re.compile(
    r"^(?:(?:Lãnh\s+đạo|Chủ\s+tịch|Giám\s+đốc)\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|Sở|Bộ|"
    r"Tổng\s+cục|Cục|Ban|Phòng|Công\s+an|Chính\s+phủ)(?:\s+(?:cấp\s+)?(?:tỉnh|huyện|xã|quận|thành\s+phố|thị\s+xã|"
    r"phường))?$", re.IGNORECASE)
# Not a state body: a company, households, people
# ("nhân dân" alone: the people; "Ủy ban nhân dân", "Hội đồng nhân dân", "Tòa án nhân dân", "Viện kiểm sát nhân dân",
# "Công an nhân dân" are state bodies — the stored lead is the canonical name, "UBND" written out)
_NON_STATE = re.compile(r"(?<!\w)(?:công\s+ty|doanh\s+nghiệp|cá\s+nhân|hộ\s+gia\s+đình|nhà\s+thầu|người\s+dân|"
                        r"(?<!ban\s)(?<!đồng\s)(?<!án\s)(?<!sát\s)(?<!an\s)nhân\s+dân)(?!\w)", re.IGNORECASE)
# The action only reports back or advises ("báo cáo UBND tỉnh", "tham mưu và trình …"), when it is short
_REPORT_BACK = re.compile(r"^(?:báo\s+cáo|tổng\s+hợp|tham\s+mưu|trình)(?!\w)", re.IGNORECASE)
# The action only says to carry out something named elsewhere ("nghiêm túc triển khai thực hiện", "chấp hành")
# — but not a named duty that starts with the same verb ("Triển khai chữ ký số cho cán bộ cấp xã")
_GENERIC = re.compile(r"^(?:(?:khẩn\s+trương|nghiêm\s+túc|tập\s+trung|quan\s+tâm)\s+)?(?:triển\s+khai\s+)?"
                      r"(?:tổ\s+chức\s+)?(?:thực\s+hiện|chấp\s+hành|triển\s+khai)"
                      r"(?:\s+(?:nghiêm\s+túc|tốt|có\s+hiệu\s+quả|hiệu\s+quả|đầy\s+đủ|kịp\s+thời))?"
                      r"(?:\s*[.;,]?\s*$|\s+(?:các\s+|những\s+)?(?:nội\s+dung|nhiệm\s+vụ|kế\s+hoạch|chỉ\s+thị|thông\s+báo|"
                      r"văn\s+bản|quyết\s+định|công\s+văn|ý\s+kiến|kết\s+luận|chỉ\s+đạo|quy\s+định|hướng\s+dẫn|"
                      r"chương\s+trình|đề\s+án)(?!\w))", re.IGNORECASE)
# The action announces a list rather than being a duty ("… cụ thể như sau:")
_LIST_INTRO = re.compile(r"(?:như\s+sau|sau\s+đây|gồm|bao\s+gồm|cụ\s+thể)\s*:?\s*$|:\s*$", re.IGNORECASE)
# The sentence tells what was done or happened ("đã", "Ngày 3/5, …", "Vừa qua …")
_DONE = re.compile(r"(?<!\w)(?:đã|Đã)(?!\w)")
_NARRATIVE = re.compile(r"^(?:Ngày\s+\d|Vừa\s+qua|Trước\s+đó|Thời\s+gian\s+qua|Năm\s+\d{4},)")
# searched along every task's sentence: a first-character test in front, the same matches (fastre.py)
guard_patterns(globals(), ("_DONE",))

# (step on the log-odds, the clerk's reason); the steps were read off the training sets, rounded
LEAD_UNKNOWN = (-0.25, "Đơn vị chủ trì chưa có trong danh mục")
LEAD_BARE = (-1.15, "Đơn vị chủ trì không nêu tên cụ thể")
LEAD_VAGUE = (-0.7, "Đơn vị chủ trì chung chung, không nêu đơn vị nào")
LEAD_DIGITS = (-0.6, "Tên đơn vị chủ trì có chữ số")
LEAD_NON_STATE = (-0.2, "Chủ trì không phải cơ quan nhà nước")
ACTION_SHORT = (-0.5, "Nội dung nhiệm vụ quá ngắn")
ACTION_BARE = (-0.4, "Nội dung nhiệm vụ gần như trống")
ACTION_REPORT = (-0.3, "Nội dung chỉ là báo cáo, tham mưu")
ACTION_GENERIC = (-0.3, "Nội dung chỉ là thực hiện chung chung")
ACTION_LIST = (-0.5, "Câu dẫn vào một danh sách, không phải nhiệm vụ")
SENTENCE_DONE = (-0.4, "Câu văn kể việc đã làm")
KNOWN_LEAD = 0.25  # every unit of the lead is in the directory
HAS_DEADLINE = 0.35


def appraise(task: ExtractedTask) -> tuple[float, list[str]]:
    """Confidence of one extracted task, 0..1 (two decimals), and the reasons for doubt (Vietnamese, for the clerk)."""
    lead = task.lead.strip()
    action = task.action.strip()
    sentence = task.sentence or ""
    doubts: list[tuple[float, str]] = []
    z = _BASE
    units = match_units(lead, 0).units or [lead]
    if all(is_known_unit(u) for u in units):
        z += KNOWN_LEAD
    elif _BARE_BODY.match(lead):
        doubts.append(LEAD_BARE)
    elif _VAGUE.match(lead):
        doubts.append(LEAD_VAGUE)
    else:
        doubts.append(LEAD_UNKNOWN)  # a named unit, not (yet) in the directory
    if any(c.isdigit() for c in lead):
        doubts.append(LEAD_DIGITS)
    if _NON_STATE.search(lead):
        doubts.append(LEAD_NON_STATE)
    if len(action) < 40:
        doubts.append(ACTION_SHORT)
        if len(action) < 25:
            doubts.append(ACTION_BARE)
        if _REPORT_BACK.match(action):
            doubts.append(ACTION_REPORT)
    if _GENERIC.match(action):
        doubts.append(ACTION_GENERIC)
    if _LIST_INTRO.search(action):
        doubts.append(ACTION_LIST)
    if _NARRATIVE.match(sentence) or _DONE.search(sentence):
        doubts.append(SENTENCE_DONE)
    if task.deadline:
        z += HAS_DEADLINE
    z += sum(step for step, _ in doubts)
    confidence = 1 / (1 + math.exp(-z))
    return round(min(0.99, max(0.05, confidence)), 2), [reason for _, reason in doubts]


def assess(task: ExtractedTask) -> float:
    """Confidence of one extracted task, 0..1 (rounded to two decimals)."""
    return appraise(task)[0]


def review_reasons(lead: str, action: str, sentence: str, deadline: object | None) -> list[str]:
    """The reasons for doubt of a stored task, from its own fields (the same signals as ``appraise``)."""
    task = ExtractedTask(lead=lead or "", action=action or "", sentence=sentence or "",
                         deadline="x" if deadline else None)
    return appraise(task)[1]
