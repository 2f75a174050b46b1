"""A sentence-level "is this an assignment?" model beside the rules (issue 11).

Each sentence of a document (the extractor's own segmentation: its logical lines, cut into sentences by its sentence
splitter) gets a probability that it carries a duty, from a logistic regression over a few named features a clerk
would recognise: duty and request words (giao, chủ trì, đề nghị, yêu cầu, khẩn trương, tổ chức, triển khai, phải,
cần, sẽ …), a unit the rules' unit finder reads at its start or after the request word, its place in a list (an item,
a lead-in ending with ":", under such a lead-in or a unit heading), a date or time limit, modal words, reports of work
done ("đã", "vừa qua", "kết quả", figures), a preamble or closing formula, and the zone of the document (header, Kính
gửi, Nơi nhận). The weights are in ``models/assign.json`` with the card of the figures they reached
(scripts/train_assign.py, ``make train-assign``).

How it combines with the rules was chosen by 5-fold cross-validation over the training documents and is written in
the card:

- ``add``: a sentence the model gives probability >= the threshold, in which the rules found no task, gets a task
  for the unit the rules' unit finder reads at its start or after its request word (``lead_from = "unit"``), or
  also, failing that, for the lead of the task just before it in the same list (``"unit+list"``); such a task goes
  to a clerk's review (confidence <= 0.6, with the reason);
- ``remove``: a rule task in a sentence the model gives probability < the threshold is dropped.

``"enabled": false`` in the card (or VANBAN_ASSIGN=off) keeps the rules' output untouched, and nothing is computed.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from services.ingest.understanding.deadlines import parse_deadline
from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.model_card import read_card, switched_off
from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import _logical_lines, _sentence_cuts
from services.ingest.understanding.units import expand_units

MODEL_DIR = Path(__file__).resolve().parent / "models"
CARD_PATH = MODEL_DIR / "assign.json"

_WORD = re.compile(r"[^\W_]+")


def words_of(s: str) -> str:
    """' '-joined words in lower case (accents kept), with a space at each end: phrase tests by ' w '."""
    return " " + " ".join(_WORD.findall(s.lower())) + " "


@dataclass(frozen=True)
class Segment:
    """One sentence of the document: its offsets in the text, its text as the extractor reads it, where it sits."""

    start: int
    end: int
    text: str  # whitespace-normalised
    line: int  # index of its logical line
    first: bool  # the first sentence of its line
    marker: str | None  # the line's list marker kind ("dash", "num", "letter", "roman" …) when first
    zone: str  # "header", "kinh_gui", "body", "noi_nhan" (the Nơi nhận list, the signature), "annex" (a Phụ lục or
    #            a table after them)
    line_upper: bool  # its line is written in capitals (a heading)


_NOI_NHAN = re.compile(r"^(?:[-–•*]\s*)?(?:Nơi\s+nhận|NƠI\s+NHẬN)\b")
_KINH_GUI = re.compile(r"^(?:Kính\s+gửi|KÍNH\s+GỬI|Đồng\s+kính\s+gửi)\b")
_ANNEX = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục|DANH\s+MỤC|BẢNG|BIỂU|KẾ\s+HOẠCH|NHIỆM\s+VỤ|(?:STT|TT)\b)")
_HEADER = re.compile(r"^(?:Số|SỐ)\s*:|^V/v\b|^Về\s+việc\b|CỘNG\s+H[OÒ]A|Độc\s+lập|[^\d,]{2,40},\s*ngày\s+\d{1,2}")


def segments(text: str) -> list[Segment]:
    """The sentences of the text, cut as the extractor cuts them, with their zone."""
    out: list[Segment] = []
    lines = _logical_lines(text)
    zone = "header"
    for li, line in enumerate(lines):
        full = line.text
        if not full.strip():
            continue
        upper = not any(c.islower() for c in full)
        if zone == "noi_nhan" and (_ANNEX.match(full) or "\t" in full or "|" in full or len(full) > 150):
            zone = "annex"  # a Phụ lục or a table after the signature: the document goes on
        if zone != "noi_nhan":
            if _NOI_NHAN.match(full):
                zone = "noi_nhan"
            elif _KINH_GUI.match(full):
                zone = "kinh_gui"
            elif zone == "header":
                if not (upper or _HEADER.search(full) or li < 2 and len(full) < 80 and full.rstrip()[-1:] not in ".;:"):
                    zone = "body"
            elif zone == "kinh_gui":
                zone = "body"
        body_at = line.body_at
        body = full[body_at:]
        cuts = [0, *(m.end() for m in _sentence_cuts(body)), len(body)]
        for k in range(len(cuts) - 1):
            a, b = cuts[k], cuts[k + 1]
            piece = body[a:b].strip()
            if len(piece) < 2:
                continue
            a += len(body[a:b]) - len(body[a:b].lstrip())
            s, e = line.span(body_at + a, body_at + a + len(piece))
            out.append(Segment(s, e, piece, li, k == 0, line.marker if k == 0 else None, zone, upper))
    return out


# ---- features ---------------------------------------------------------------------------------------------------

# phrases (whole words, lower case, with their accents: "cần" is not "cán", "đạt" not "đất") -> feature name
_DUTY_WORDS = {
    "giao": "giao", "chủ trì": "chu_tri", "phối hợp": "phoi_hop", "đề nghị": "de_nghi", "yêu cầu": "yeu_cau",
    "khẩn trương": "khan_truong", "tổ chức": "to_chuc", "triển khai": "trien_khai", "thực hiện": "thuc_hien",
    "chỉ đạo": "chi_dao", "tham mưu": "tham_muu", "báo cáo": "bao_cao", "chủ động": "chu_dong",
    "tập trung": "tap_trung", "tiếp tục": "tiep_tuc", "trách nhiệm": "trach_nhiem", "hướng dẫn": "huong_dan",
    "kiểm tra": "kiem_tra", "rà soát": "ra_soat", "theo dõi": "theo_doi", "đôn đốc": "don_doc",
    "xây dựng": "xay_dung", "tăng cường": "tang_cuong", "hoàn thành": "hoan_thanh", "nhiệm vụ": "nhiem_vu",
    "đề xuất": "de_xuat", "tổng hợp": "tong_hop", "quan tâm": "quan_tam", "lưu ý": "luu_y", "gửi": "gui",
}
_MODAL_WORDS = {"phải": "phai", "cần": "can", "sẽ": "se", "nghiêm túc": "nghiem_tuc", "kịp thời": "kip_thoi",
                "đảm bảo": "dam_bao", "bảo đảm": "dam_bao", "không được": "khong_duoc", "tuyệt đối": "tuyet_doi"}
_PAST_WORDS = {"đã": "da", "vừa qua": "vua_qua", "kết quả": "ket_qua", "đạt": "dat", "được": "duoc",
               "thời gian qua": "thoi_gian_qua", "năm qua": "nam_qua", "tổng số": "tong_so", "tỷ lệ": "ty_le",
               "đang": "dang", "tình hình": "tinh_hinh", "vừa": "vua"}
_OPENERS = {"căn cứ": "can_cu", "thực hiện": "thuc_hien", "theo đề nghị": "theo_de_nghi", "xét": "xet",
            "giao": "giao", "đề nghị": "de_nghi", "yêu cầu": "yeu_cau", "ubnd": "ubnd", "số": "so",
            "các": "cac", "chủ tịch": "chu_tich", "giám đốc": "giam_doc", "đồng chí": "dong_chi", "về": "ve",
            "đối với": "doi_voi", "trân trọng": "tran_trong", "để": "de", "trong": "trong", "ngày": "ngay",
            "tiếp tục": "tiep_tuc", "tổ chức": "to_chuc", "triển khai": "trien_khai", "tăng cường": "tang_cuong",
            "nhiệm vụ": "nhiem_vu", "thời gian": "thoi_gian", "kinh phí": "kinh_phi", "mục đích": "muc_dich",
            "đồng thời": "dong_thoi", "riêng": "rieng", "theo đó": "theo_do", "trường hợp": "truong_hop",
            "nếu": "neu", "trên đây": "tren_day", "trước đó": "truoc_do", "trong quá trình": "trong_qua_trinh"}
_CLOSING = re.compile(r"để\s+(?:các\s+\S+\s+)?biết|[Tt]rân\s+trọng|\./\.|[Nn]ơi\s+nhận|Lưu\s*:?\s*VT")
_DATE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?|ngày\s+\d{1,2}\b")
_LIMIT = re.compile(r"(?:trước|chậm\s+nhất|muộn\s+nhất|hoàn\s+thành\s+trong|đến\s+hết|trong\s+(?:tháng|quý|năm))\s", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ]{1,8}[-–][A-ZĐ]")
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%|(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d.,])")
_REQUEST = re.compile(r"(?<!\w)(?:[Gg]iao(?:\s+cho)?|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Cc]hỉ\s+đạo|[Kk]ính\s+đề\s+nghị)"
                      r"(?:\s+(?:Quý|quý))?\s*:?\s*")
_SPEAKER_ASKS = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?(?:(?:cũng|đã|vừa|tiếp\s+tục)\s+)*(?:(?:có|ban\s+hành|gửi)\s+"
                           r"(?:văn\s+bản|công\s+văn|công\s+điện|thông\s+báo)[^.;:]{0,160}?\s)?(?:đề\s+nghị|yêu\s+cầu|"
                           r"giao(?:\s+cho)?|chỉ\s+đạo|thông\s+báo|nhận\s+được)\s*:?\s*")
_OPENER_CUT = re.compile(r"^[^,;:]{3,80},\s*")  # "Trong thời gian tới, UBND huyện …": the unit after the opener
_SUPPORT = re.compile(r"phối\s+hợp(?:\s+chặt\s+chẽ)?\s+(?:với\s+)?")


def unit_at(sentence: str) -> tuple[int, int, int] | None:
    """Where the rules' unit finder reads a unit the sentence gives work to: at its start, after a request word
    ("Giao/Đề nghị/Yêu cầu …") or after an opening phrase set off by a comma. (start, end, which) or None."""
    um = match_units(sentence, 0)
    if um.ok:
        asks = _SPEAKER_ASKS.match(sentence, um.end)
        if asks is None:
            return um.start, um.end, 0
        # "Bộ Y tế đề nghị UBND tỉnh …", "Sở X vừa có văn bản yêu cầu các đơn vị …": the speaker asks; the unit asked
        # is the one that acts
        after = match_units(sentence, asks.end())
        return (after.start, after.end, 1) if after.ok else None
    m = _REQUEST.search(sentence, 0, 200)
    if m is not None:
        um = match_units(sentence, m.end())
        if um.ok:
            return um.start, um.end, 1
    m = _OPENER_CUT.match(sentence)
    if m is not None:
        um = match_units(sentence, m.end())
        if um.ok:
            return um.start, um.end, 2
    return None


_AFTER_UNIT = ("chủ trì", "có trách nhiệm", "chịu trách nhiệm", "khẩn trương", "phải", "cần", "sẽ", "chủ động",
               "tiếp tục", "tập trung", "thực hiện", "tổ chức", "triển khai", "phối hợp", "kiểm tra", "báo cáo",
               "xây dựng", "rà soát", "hướng dẫn", "tham mưu")


def _length_bucket(n: int) -> str:
    return "len<6" if n < 6 else "len<16" if n < 16 else "len<40" if n < 40 else "len>=40"


def features(segs: Sequence[Segment], k: int) -> list[str]:
    """The named features of segment k (binary; the model's weights are keyed by these names)."""
    seg = segs[k]
    s = seg.text
    f = words_of(s)
    words = f.split()
    out = ["bias", "zone=" + seg.zone, _length_bucket(len(words))]
    for table, prefix in ((_DUTY_WORDS, "duty"), (_MODAL_WORDS, "modal"), (_PAST_WORDS, "past")):
        for phrase, name in table.items():
            if f" {phrase} " in f:
                out.append(f"{prefix}={name}")
    head = " ".join(words[:3])
    for phrase, name in _OPENERS.items():
        if (head + " ").startswith(phrase + " "):
            out.append("opens=" + name)
    if seg.first and seg.marker:
        out.append("item=" + seg.marker)
    if not seg.first:
        out.append("not_first")
    if seg.line_upper:
        out.append("upper")
    if s.rstrip().endswith(":"):
        out.append("lead_in")
    if s.rstrip().endswith(";"):
        out.append("ends_semicolon")
    where = unit_at(s)
    if where is not None:
        out.append(("unit_first", "unit_after_request", "unit_after_opener")[where[2]])
        rest = words_of(s[where[1]:where[1] + 60])
        if any(f" {p} " in rest for p in _AFTER_UNIT):
            out.append("unit_then_duty")
        if rest.strip() == "" or s[where[1]:].strip() in (":", ""):
            out.append("unit_heading")
    if _DATE.search(s):
        out.append("date")
    if _LIMIT.search(s):
        out.append("time_limit")
    if _DOC_NUMBER.search(s):
        out.append("doc_number")
    if _PERCENT.search(s):
        out.append("figures")
    if _CLOSING.search(s):
        out.append("closing")
    # context: under a lead-in (the last sentence before ends with ":"), under a unit heading, in a run of items
    if k > 0:
        prev = segs[k - 1]
        if prev.text.rstrip().endswith(":"):
            out.append("after_lead_in")
            pw = unit_at(prev.text)
            if pw is not None:
                out.append("after_unit_lead_in")
        if seg.first and seg.marker and prev.marker == seg.marker:
            out.append("item_run")
        if prev.line == seg.line:
            out.append("same_line_as_prev")
    n = len(segs)
    if n >= 10:
        pos = k / n
        out.append("pos<0.1" if pos < 0.1 else "pos>0.9" if pos > 0.9 else "pos_mid")
    return out


def probability(weights: dict[str, float], feats: Sequence[str]) -> float:
    z = sum(weights.get(x, 0.0) for x in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


# ---- the combination ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Combination:
    add: float | None = None  # a sentence with p >= add and no rule task gets a task for the unit read in it
    lead_from: str = "unit"  # "unit": the unit finder only; "unit+list": failing that, the lead of the task before
    remove: float | None = None  # a rule task in a sentence with p < remove is dropped
    strict: bool = False  # an added lead opens its sentence or follows its request word, and a duty word follows it

    @property
    def off(self) -> bool:
        return self.add is None and self.remove is None


REVIEW_REASON = "Câu được mô hình thống kê nhận là giao việc, không quy tắc nào xác nhận: cần văn thư kiểm tra"
_ACTION_START = re.compile(r"^[\s,:;\-–]*(?:(?:có|chịu)\s+trách\s+nhiệm|chủ\s+trì|được\s+giao|cần\s+phải|cần|phải|"
                           r"sẽ|khẩn\s+trương)?[\s,:;\-–]*")


_CONDITIONAL = re.compile(r"^(?:Trường\s+hợp|Nếu|Trong\s+(?:quá\s+trình|trường\s+hợp))\s")
_DIRECTS = re.compile(r"(?<!\w)[Cc]hỉ\s+đạo\s*:?\s*$")


def _overlaps(t: ExtractedTask, seg: Segment) -> bool:
    return t.span is not None and t.span[0] < seg.end and t.span[1] > seg.start


def apply(text: str, segs: Sequence[Segment], probs: Sequence[float], tasks: list[ExtractedTask],
          combo: Combination, issued_date: str | None = None) -> list[ExtractedTask]:
    """The rules' tasks with the model's additions and removals (per segment probabilities `probs`)."""
    if combo.off:
        return tasks
    drop: set[int] = set()
    added: list[tuple[int, ExtractedTask]] = []
    seg_of_task: dict[int, list[int]] = {}
    for j, seg in enumerate(segs):
        for i, t in enumerate(tasks):
            if _overlaps(t, seg):
                seg_of_task.setdefault(i, []).append(j)
    covered = {j for js in seg_of_task.values() for j in js}
    if combo.remove is not None:
        for i, js in seg_of_task.items():
            if max(probs[j] for j in js) < combo.remove:
                drop.add(i)
    if combo.add is not None:
        for j, seg in enumerate(segs):
            if seg.zone not in ("body", "annex") or probs[j] < combo.add or j in covered:
                continue
            task = _task_for(text, segs, j, probs[j], tasks, combo, issued_date)
            if task is not None:
                added.append((seg.start, task))
    if not drop and not added:
        return tasks
    kept = [t for i, t in enumerate(tasks) if i not in drop]
    if not added:
        return kept
    # the added tasks in the order of the text
    merged = [(t.span[0] if t.span else -1, n, t) for n, t in enumerate(kept)]
    merged += [(at, len(kept) + n, t) for n, (at, t) in enumerate(added)]
    return [t for _, _, t in sorted(merged, key=lambda x: (x[0], x[1]))]


def _task_for(text: str, segs: Sequence[Segment], j: int, p: float, tasks: Sequence[ExtractedTask],
              combo: Combination, issued_date: str | None) -> ExtractedTask | None:
    seg = segs[j]
    s = seg.text
    if _CONDITIONAL.match(s):
        return None  # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc đề nghị …": a closing formula
    where = unit_at(s)
    if where is not None and where[2] == 1 and _DIRECTS.search(s, 0, where[0]):
        where = None  # "Chỉ đạo Trung tâm X thực hiện …": the unit directed is not the one who directs
    support: list[str] = []
    if where is not None and combo.strict and (where[2] == 2 or not any(
            f" {w} " in words_of(s[where[1]:where[1] + 60]) for w in _AFTER_UNIT)):
        return None
    if where is not None:
        lead = s[where[0]:where[1]].strip(" ,;:")
        action = s[where[1]:]
    elif combo.lead_from == "unit+list":
        before = [t for t in tasks if t.span is not None and t.span[1] <= seg.start and seg.start - t.span[1] < 400]
        if not before or not (seg.marker or not seg.first):
            return None
        lead = before[-1].lead
        action = s
    else:
        return None
    if not lead or lead.lower() == s.lower():
        return None
    m = _SUPPORT.search(action, 0, 120)
    if m is not None:
        um = match_units(action, m.end(), support=True)
        if um.ok:
            support = [action[um.start:um.end].strip(" ,;:")]
    action = action[_ACTION_START.match(action).end():].strip(" ,;:.")  # type: ignore[union-attr]
    if len(action) < 4:
        return None
    date, dtext, recurrence = parse_deadline(s, issued_date)
    return ExtractedTask(
        lead=lead, support=support, action=action, deadline=date, deadline_text=dtext, recurrence=recurrence,
        sentence=s, span=(seg.start, seg.end), confidence=round(min(0.6, p * 0.6), 2),
        review_reasons=[REVIEW_REASON], lead_units=expand_units(lead),
        support_units=[u for x in support for u in expand_units(x)])


# ---- the model at run time ------------------------------------------------------------------------------------------

@cache
def card() -> dict[str, Any]:
    return read_card(CARD_PATH)


def segment_probabilities(text: str, weights: dict[str, float]) -> tuple[list[Segment], list[float]]:
    segs = segments(text)
    return segs, [probability(weights, features(segs, k)) for k in range(len(segs))]


def combine(text: str, tasks: list[ExtractedTask], issued_date: str | None = None) -> list[ExtractedTask]:
    """The rules' tasks with the model's combination from its card; untouched (nothing computed) when it is off."""
    if switched_off("VANBAN_ASSIGN"):
        return tasks
    c = card()
    chosen = c.get("combination") or {}
    combo = Combination(chosen.get("add"), str(chosen.get("lead_from") or "unit"), chosen.get("remove"),
                        bool(chosen.get("strict")))
    if not c.get("enabled") or combo.off:
        return tasks
    segs, probs = segment_probabilities(text, dict(c.get("weights") or {}))
    return apply(text, segs, probs, tasks, combo, issued_date)
