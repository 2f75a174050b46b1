"""Tasks a directive assigns (giao nhiệm vụ): who leads, who supports, what, by when.

``extract_tasks(text, issued_date)`` reads the whole text of a document (or a passage) and returns one
ExtractedTask for every unit told to act. Rules, as an office worker would state them:

- trigger words name the unit: "Giao …", "Yêu cầu …", "Đề nghị …", "ủy quyền cho …", "do … chủ trì";
- a sentence that starts with a unit and goes on with an action ("Sở Y tế khẩn trương …", "… có trách nhiệm …",
  "… chủ trì, phối hợp với …", "… tham mưu …") is a task for that unit;
- "phối hợp với / cùng …" names the supporting units; factored lists ("các Sở: Tài chính, Xây dựng") are expanded;
- lists: a unit heading ("1. Sở Tài chính:", "- Sở Y tế: …", "6. Đề nghị: Hội Nông dân tỉnh") gives its unit to the
  items under it (lettered and dashed items are one duty unless an item carries its own deadline); a lead-in
  ("Giao Công an tỉnh thực hiện các nhiệm vụ sau:", "Tỉnh X cần …: ") gives its unit to items that name none;
- plans: items with "Cơ quan chủ trì: … / Cơ quan phối hợp: … / Thời gian thực hiện: …" and task tables
  (Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành), in tab-separated or one-cell-per-line form;
- not tasks: the execution clause of a Quyết định ("… chịu trách nhiệm thi hành Quyết định này"), "… thông báo để …
  biết", approvals ("Đồng ý …") that name nobody to act, the Kính gửi and Nơi nhận lists, the Căn cứ preamble,
  the purpose/requirements sections of a plan, and the standard "nếu có khó khăn, vướng mắc … phản ánh" sentence.

Pure: no I/O beyond reading the unit directory once.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from services.ingest.understanding.annex import annex_limit, lead_header, what_header
from services.ingest.understanding.confidence import appraise, is_collective
from services.ingest.understanding.deadline_scope import (
    annex_time,
    apply_time_frames,
    campaign_windows,
    closing_time_frame,
    event_day,
    head_time,
    inline_lead_in_time,
    last_stage,
    lead_in_deadline,
    lead_in_time,
    named_item_time,
    only_time,
    opening_time_frame,
    plan_time_sentence,
    reply_time,
    section_time,
    split_in_which,
    split_timed_duties,
    time_after_lead,
    time_between,
    time_label,
    time_of_the_list,
    time_opens_own_duty,
    times_in_lead,
)
from services.ingest.understanding.deadlines import (
    Deadline,
    find_deadline,
    first_timing,
    own_date,
    own_iso_date,
    time_cell_at,
)
from services.ingest.understanding.doctypes import type_from_title
from services.ingest.understanding.letters import moved_deadline_work, not_duties
from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.outline import (
    count_inside,
    duty_item,
    heading_ends,
    names_only,
    page_break_inside,
    upper_heading_units,
)
from services.ingest.understanding.support_scope import (
    COOPERATE,
    COOPERATE_MANNER,
    PARTNER_WORD,
    no_bare_kind,
    no_self_support,
    own_departments,
    partner_line,
    partners_first,
    partners_in_duty,
    partners_in_note,
    roles_in_brackets,
    subject_after_basis,
    support_out_of_lead,
)
from services.ingest.understanding.task_units import (
    AUTHORITY,
    HEAD_ALONE,
    NAME_STOP_WORDS,
    NOUN_LIKE_VERB,
    PROPER,
    TITLES,
    WORD_AT,
    UnitMatch,
    bare_head,
    head_alone,
    lower_named_unit,
    match_unit,
    match_units,
    may_start_unit,
    verb_at,
)
from services.ingest.understanding.unglue import unglue
from services.ingest.understanding.units import fold_unit, routing_units
from services.vntext.fastre import guard_patterns
from services.vntext.letters import UPPER

# ---------------------------------------------------------------------------------------------------------------
# Lines and their list markers

# "(i)", "(ii)" … "(x)": a point's number in brackets (the "iroman" marker below, and _ROMAN_ITEM)
_BRACKETED_ROMAN = r"\((?:i{1,3}|iv|vi{0,3}|ix|x)\)"
_MARKERS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("article", 0, re.compile(r"(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s*")),
    ("roman", 1, re.compile(r"(?:[IVX]{1,5})\s*[.)]\s*(?=\S)|(?:[IVX]{1,5})\s*\.\s*$")),
    ("num2", 3, re.compile(r"\d{1,2}\.\d{1,2}(?:\.\d{1,2})*(?:\.?\s+|\.$)")),
    # (party documents number their items "1- Các đồng chí …")
    ("num", 2, re.compile(r"\d{1,2}\s*[.)]\s*(?=\S)|\d{1,2}\s*\.\s*$|\(\d{1,2}\)\s*(?=\S)|\d{1,2} ?-\s+(?=[" + UPPER + r"])")),
    ("letter", 4, re.compile(r"[a-zđ]\s*\)\s*")),
    ("dash", 5, re.compile(r"[-–—•*]\s+|[-–—]\s*(?=[" + UPPER + r"])")),
    # the Government Office numbers the points of an item "(i) …", "(ii) …", "(iii) …" (lower-case Roman numerals)
    ("iroman", 5, re.compile(_BRACKETED_ROMAN + r"\s*(?=\S)")),
    ("plus", 6, re.compile(r"\+\s*")),
)
_NONE_RANK = 9


@dataclass
class _Line:
    text: str  # whitespace-normalised
    parts: list[tuple[int, str]]  # the raw pieces (offset in the original, text) it was made of
    marker: str | None
    rank: int
    body_at: int  # where the body starts (after the marker)
    block_start: bool  # preceded by a blank line (or first)

    @property
    def body(self) -> str:
        return self.text[self.body_at:]

    _segs: list[tuple[int, int]] | None = None

    @property
    def segs(self) -> list[tuple[int, int]]:
        """(offset in `text`, offset in the original) where each run of non-space starts."""
        if self._segs is None:
            segs: list[tuple[int, int]] = []
            length = 0
            for off, piece in self.parts:
                if segs:
                    length += 1
                t, sg = _normalise(piece, off, length)
                segs.extend(sg)
                length += len(t)
            self._segs = segs
        return self._segs

    def _orig(self, k: int) -> int:
        segs = self.segs
        i = bisect.bisect_right(segs, (k, 1 << 62)) - 1
        if i < 0:
            return segs[0][1] if segs else 0
        n, o = segs[i]
        return o + (k - n)

    def span(self, a: int, b: int) -> tuple[int, int]:
        if not self.segs or not self.text:
            return (0, 0)
        a = min(max(a, 0), len(self.text) - 1)
        b = min(max(b, 1), len(self.text))
        return (self._orig(a), self._orig(b - 1) + 1)


def _normalise(raw: str, base: int, at: int) -> tuple[str, list[tuple[int, int]]]:
    """Collapse whitespace; `at` is where the result will start in the joined line."""
    if raw and " ".join(raw.split()) == raw:
        # already single-spaced: it maps to the original by one shift, and one segment gives every offset (speed)
        return raw, [(at, base)]
    out: list[str] = []
    segs: list[tuple[int, int]] = []
    n = at
    for m in _NONSPACE.finditer(raw):
        if out:
            out.append(" ")
            n += 1
        segs.append((n, base + m.start()))
        word = m.group(0)
        out.append(word)
        n += len(word)
    return "".join(out), segs


_NONSPACE = re.compile(r"\S+")
_CUT_ENDS = frozenset(".;:!?…")
_PAGE_NUMBER = re.compile(r"(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*[-–])?")


_MARKER_FIRST = set("ĐIVX0123456789-–—•*+abcdefghijklmnopqrstuvwxyzđ(")


_MARKERS_BY_FIRST: dict[str, tuple[tuple[str, int, re.Pattern[str]], ...]] = {}
for _c in _MARKER_FIRST:
    _MARKERS_BY_FIRST[_c] = tuple(
        mk for mk in _MARKERS
        if (mk[0] == "article" and _c in "ĐĐ") or (mk[0] == "roman" and _c in "IVX")
        or (mk[0] in ("num", "num2") and (_c.isdigit() or _c == "(")) or (mk[0] == "letter" and _c.islower())
        or (mk[0] == "dash" and _c in "-–—•*") or (mk[0] == "plus" and _c == "+") or (mk[0] == "iroman" and _c == "("))


_ORDINAL = re.compile(r"Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:.]\s*")


_NO_MARKER: tuple[str | None, int, int] = (None, _NONE_RANK, 0)
_ROMAN_END = re.compile(r"[IVX]+\s*[.)]")
_OCR_ROMAN = re.compile(rf"HI{{0,2}}\.\s+(?=[{UPPER}]{{2}})")


def _marker_of(text: str) -> tuple[str | None, int, int]:
    first = text[:1]
    if first not in _MARKER_FIRST:  # (the empty text too; "T" is no marker's first letter)
        m_h = _OCR_ROMAN.match(text) if first == "H" and text[1:2] in ".I" else None
        if m_h is not None and text.isupper():
            # "H. NỘI DUNG …", "HI. TỔ CHỨC THỰC HIỆN": a scan's "II." / "III." read with an H — a section all the
            # same (rules41)
            return "roman", 1, m_h.end()
        if first == "T" and text.startswith("Thứ "):
            # "Thứ nhất, tiếp tục …", "Thứ hai, mở rộng …": ordinal paragraphs are numbered items
            m_o = _ORDINAL.match(text)
            return ("num", 2, m_o.end()) if m_o else _NO_MARKER
        return _NO_MARKER
    if first.islower() and ")" not in text[1:4]:
        return _NO_MARKER
    if first == "*" and text[1:2] in _EMPH_NEXT:
        return _emphasised_marker(text)
    for name, rank, pat in _MARKERS_BY_FIRST[first]:
        m = pat.match(text)
        if m:
            if name == "roman" and not _ROMAN_END.match(text):
                continue
            return name, rank, m.end()
    return _NO_MARKER


_EMPH_NEXT = frozenset("*0123456789IVXabcdefghijklmnopqrstuvwxyzđ(")
_EMPH_WHOLE = re.compile(r"\*{1,2}([0-9IVXa-zđ().]{1,10}?)\*{1,2}(?=\s|$)")
_EMPH_OPEN = re.compile(r"\*{1,2}(?=[0-9IVXa-zđ(])")


def _emphasised_marker(text: str) -> tuple[str | None, int, int]:
    """An item number in bold or italics, as a Word conversion writes it: "**3.** Giao …", "*1.2.* Các Bộ …",
    "**a)** Rà soát …", "**2. Sở Y tế**". The marker ends after its closing stars and the space."""
    m = _EMPH_WHOLE.match(text)
    if m:
        inner = m.group(1)
        name, rank, end = _marker_of(inner + " x")
        if name is None or name == "dash" or end < len(inner):
            return _NO_MARKER
        e = m.end()
    else:
        m_o = _EMPH_OPEN.match(text)
        if not m_o:
            return _NO_MARKER
        name, rank, end = _marker_of(text[m_o.end():])
        if name is None or name == "dash":
            return _NO_MARKER
        e = m_o.end() + end
    while e < len(text) and text[e] == " ":
        e += 1
    return name, rank, e


_STARTS_NEW = re.compile(rf"[{UPPER}\d\"“(]")
_STT_HEAD = re.compile(r"(?:STT|TT|Số\s+TT|Stt)\.?", re.IGNORECASE)
_STARTS_UPPER = re.compile(rf"[{UPPER}]")
_UPPER_CHARS = frozenset(c for c in map(chr, range(0x41, 0x1F00)) if _STARTS_UPPER.match(c))  # UPPER's letters
# a line that cannot end there: a preposition, or a unit's head word whose name goes on below ("… phối hợp với Ban" /
# "Quản lý các khu công nghiệp"; "1. Sở" / "Tài chính"); a request word whose units are on the next line of a
# hard-wrapped text ("b) Đề nghị" / "UBND tỉnh chỉ đạo …")
_OPEN_END = re.compile(r"(?:[,\-&(]|\b(?:với|của|và|cho|các|tại|theo|về|để|là|ở|những|từ|đến|trong|hoặc|cùng|gồm|như|"
                       r"[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Gg]iao|"
                       r"Ban|Sở|Bộ|Cục|Chi\s+cục|Tổng\s+cục|Ủy\s+ban|Uỷ\s+ban|Trung\s+tâm|Văn\s+phòng))\s*$")
_HEADER_LINE = re.compile(
    r"^(?:[^\d,]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|[^\d,]{2,40},\s*ngày\s+\d{1,2}[/.]\d{1,2}[/.]\d{4}|"
    r"(?:Số|SỐ)\s*:\s*\S+|V/v\s.*|[^a-zà-ỹđ]{6,})\s*$")
# a news dateline's parts: the agency ("(TTXVN) - …") and the part of the day it opens with ("Sáng 15/12, …"); one
# spelling for the line that opens a news item (_DATELINE), the text that is one (_NEWS_OPENING) and its date
# (an agency of two or three words: "(Ngày Nay) - …", "(Mặt trận) - …")
_AGENCY_DASH = r"\([A-ZĐ][\w.+&]{1,14}(?:\s[\w.+&]{1,14}){0,2}\)\s*[-–—]"
_DAY_PART = r"(?:Ngày|Sáng|Chiều|Tối|Trưa)"
_DATELINE = re.compile(rf"(?:{_AGENCY_DASH}|{_DAY_PART}\s+(?:nay\s+)?\(?\d{{1,2}}\s*[/\-]\s*\d{{1,2}}\b|"
                       rf"{_DAY_PART}\s+\d{{1,2}}\s*,|Sáng\s+nay|Chiều\s+nay|Hôm\s+nay)")
_KINH_GUI = re.compile(r"(?:Kính\s+gửi|KÍNH\s+GỬI)\b")
_ENDS_SENTENCE = re.compile(r"[.;:!?]\s*$|\./\.\s*$")
# its last character, for a line already stripped on the right (no space before the end; "./." ends with ".")
_SENTENCE_ENDS = (".", ";", ":", "!", "?")


# fixed patterns of the rules below, compiled once (speed: no re-module cache look-up per sentence)
_AGREED = re.compile(r"^(?:Đồng\s+ý|Nhất\s+trí)\b")
_AGREED_PASSED = re.compile(r"^(?:Đồng\s+ý|Nhất\s+trí|Thông\s+qua)\b")
_PREAMBLE_CUT = re.compile(r"[;,]\s+")
_SPACE_NBSP_RUN = re.compile(r"[ \u00a0]+")


# a news page's first line that is its title, not a wrapped sentence (rules36): no stop, no open end, shorter than the
# text's lines, and either "who: What" ("Phường X: Triển khai …"), a post's date stamp at its end ("… 03/02/2026 11:08"),
# or the story's opener below it ("Căn cứ …,", "Tại hội nghị,", "Theo đó,", "Đơn vị …"; not "Nhằm …," whose first
# paragraph is often the report of the meeting itself, read with its title as before)
_HEADLINE_STAMP = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}\s*$")
_STORY_OPENS = re.compile(r"(?:Căn\s+cứ|Tại\s+(?:hội\s+nghị|buổi|cuộc)|Thực\s+hiện|Theo\s+(?:đó|kế\s+hoạch)|Vừa\s+qua|"
                          r"Ngay\s+sau|Đơn\s+vị|Trong\s+(?:thời\s+gian|những\s+ngày|đợt|dịp))\b")


# a portal post's date stamp on its own line, under the title: "14/09/2025 - 15:51", "Cập nhật: 26/08/2022 23:15 52"
_POST_STAMP = re.compile(r"(?:Cập\s+nhật\s*:?\s*|Ngày\s+đăng\s*:?\s*)?\d{1,2}/\d{1,2}/\d{4}\s*[-–|,]?\s*\d{1,2}:\d{2}"
                         r"(?::\d{2})?(?:\s+\d{1,6})?")
# a commune's own hamlets, street groups and forces, named after "chỉ đạo" (rules36)
_COMMUNITY = re.compile(r"\s*(?:các\s+)?(?:thôn|ấp|bản|xóm|khu\s+phố|[Tt]ổ\s+dân\s+phố|tổ(?=\s+(?:ở|tại|trong)\s+các\s+"
                        r"(?:thôn|ấp|bản|xóm|khu\s+phố))|lực\s+lượng\s+(?:bảo\s+vệ\s+dân\s+phố|dân\s+quân(?:\s+tự\s+vệ)?|"
                        r"xung\s+kích|dân\s+phòng))(?!\w)")
_ONE_COMMUNE = re.compile(r"(?:Chủ\s+tịch\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:xã|phường|thị\s+trấn)"
                          r"(?:\s+[A-ZĐ][\w]*){0,3}")


def _community_directed(text: str, k: int) -> _Clause | None:
    """'<…chỉ đạo> các thôn / các tổ ở các thôn / lực lượng bảo vệ dân phố <verb> …' from k: the groups and their duty."""
    m = _COMMUNITY.match(text, k)
    if m is None:
        return None
    start = m.start() + len(text[m.start():m.end()]) - len(text[m.start():m.end()].lstrip())
    for w in _WORD_START.finditer(text, m.end(), min(len(text), m.end() + 80)):
        if text[m.end():w.start()].strip(" ,–-") and re.search(r"[.;:]", text[m.end():w.start()]):
            return None
        if verb_at(text, w.start()) is not None:
            lead = text[start:w.start()].rstrip(" ,")
            support, action, at = _after_units(text[w.start():])
            if len(action.split()) < 3:
                return None
            return _Clause(lead, support, action, w.start() + at, None)
    return None


# a leader praises a body, then asks without naming it again: "… ghi nhận những đóng góp của Ủy ban MTTQ xã và các
# đoàn thể. Đồng thời, đề nghị trong thời gian tới cần triển khai …; xây dựng …" (rules36; whole8's convention)
_PRAISES_OF = re.compile(r"(?:ghi\s+nhận|đánh\s+giá\s+cao|biểu\s+dương|khen\s+ngợi|ghi\s+nhận\s+và\s+biểu\s+dương)"
                         r"[^.;:]{0,120}?\s(?:của|mà)\s+")
_ASKED_UNNAMED = re.compile(r"(?:(?:Đồng\s+thời|Bên\s+cạnh\s+đó)\s*,\s*)?(?:[Đđ]ồng\s+chí\s+)?(?:cũng\s+)?[Đđ]ề\s+nghị\s*,?\s*"
                            r"(?:(?:trong\s+)?thời\s+gian\s+tới\s*,?\s*)?(?:cần|phải)\s+(?=\w)")


_MASS_BODIES_TAIL = re.compile(r"\s*(?:xã|phường|(?:và\s+)?(?:các\s+)?(?:đoàn\s+thể|tổ\s+chức\s+thành\s+viên)"
                               r"(?:\s+(?:xã|phường|thị\s+trấn))?)\s*[.!]?\s*")


def _praised_then_asked(prev: str, sent: str) -> list[_Clause]:
    """'<leader> ghi nhận … của <units>. Đồng thời, đề nghị thời gian tới cần <duties>': the units praised are asked."""
    m_ask = _ASKED_UNNAMED.match(sent)
    if m_ask is None:
        return []
    found = None
    for m_pr in _PRAISES_OF.finditer(prev):
        um = match_units(prev, m_pr.end())
        if um.ok and re.fullmatch(r"\s*[.!]?\s*", prev[um.end:]):
            found = prev[um.start:um.end]  # (the units close the sentence: nothing else praised after them)
        elif um.ok and _MASS_BODIES_TAIL.fullmatch(prev, um.end):
            found = prev[um.start:].rstrip(" .!")  # "… của Ủy ban MTTQ Việt Nam xã và đoàn thể xã."
    if found is None:
        return []
    return [_Clause(found, [], sent[m_ask.end():].rstrip(" ."), m_ask.end(), None)]


def _said_once(tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """The same duty asked twice of the same units ('… đề nghị các thôn kịp thời tuyên truyền …' and, under the page's
    photo, '… yêu cầu các thôn A và B kịp thời tuyên truyền …'): the first telling only. Same action word for word, and
    one lead the other's start, named more fully ('các thôn' / 'các thôn A và B'); the same lead twice is left as it
    was (a plan may list one duty under two sections)."""
    kept: list[ExtractedTask] = []
    seen: dict[str, list[str]] = {}
    for t in tasks:
        key = " ".join(t.action.lower().split()).rstrip(" .;")
        lead = " ".join((t.lead or "").lower().split())
        if len(key) >= 20 and lead and any(lead != o and (lead.startswith(o) or o.startswith(lead))
                                           for o in seen.get(key, ())):
            continue
        seen.setdefault(key, []).append(lead)
        kept.append(t)
    return kept


# (only the core of a campaign, given to a body's members or the mass organisations: "phân công Sở X làm đầu mối, chủ
# trì …" or "… làm thường trực Hội đồng, tham mưu …" names the department that does the work)
_ROLE_GIVEN = re.compile(r"\s+làm\s+(?:lực\s+lượng\s+)?nòng\s+cốt(?!\w)")
_MEMBERS_NAMED = re.compile(r"(?:tổ\s+chức\s+thành\s+viên|đoàn\s+thể|chi\s+hội|hội\s+viên|đoàn\s+viên|thành\s+viên)(?!\w)")
_WHO_TAKES_PART = re.compile(r"tham\s+gia(?:\s+[^\s,;.:]+){0,4}\s+gồm\s*:")
_PASSIVE_LEAD = re.compile(r"\s(?:được|bị)$")


def _news_headline(prev: str, line: str, wrap: int) -> bool:
    """The text's first line `prev` is a news title standing above `line`, the story's first line."""
    if len(prev) >= 200 or prev[-1:] in ".;:!?,…" or prev.isupper() or not line[:1].isupper() or \
            _OPEN_END.search(prev) or (wrap and len(prev) >= 0.8 * wrap):
        return False
    return bool(_NEWS_TITLE.match(prev) or _HEADLINE_STAMP.search(prev) or _STORY_OPENS.match(line))


def _unit_heading_after(prev_body: str, stripped: str, strips: list[str], li: int) -> bool:
    """`stripped` only names a unit and stands under a section heading `prev_body` that ends whole and names none, with
    its items below it (a dashed item; for an upper-case name, any line not in upper case): the unit's own heading,
    not the section heading's second line."""
    if _OPEN_END.search(prev_body) or _OPEN_END.search(prev_body.lower()):
        return False
    upper = stripped.isupper()
    if not (upper_heading_units(stripped) is not None if upper else names_only(stripped)):
        return False
    if names_only(prev_body) or upper_heading_units(prev_body) is not None:
        return False
    nxt = next((x for x in strips[li + 1:li + 3] if x), "")
    return nxt[:1] in "-–+•" or (upper and bool(nxt) and not nxt.isupper())


def _logical_lines(text: str) -> list[_Line]:
    """Paragraphs: hard-wrapped lines are joined; a new paragraph starts after a blank line, at a list marker, or
    after a line that ends a sentence when the next one starts with a capital."""
    # each line stripped once; its offset in the text. A line's own break is dropped by splitlines(): the piece
    # `rstrip("\r\n")` kept differs from it only by a trailing break (\v, \f, …) that neither its strip(), its leading
    # white space nor its tabs see
    raws = text.splitlines()
    strips = [line.strip() for line in raws]
    if "\r" in text:
        offsets = list(accumulate(map(len, text.splitlines(keepends=True)), initial=0))
    else:
        offsets = list(accumulate([len(line) + 1 for line in raws], initial=0))  # one "\n" after each line
    lengths = sorted([len(st) for st in strips if st])
    wrap = lengths[(len(lengths) * 3) // 4] if lengths else 0
    # a group: its pieces (offset, stripped line), whether a blank line came before, the _marker_of of its first
    # piece when already known (computed at most once per line)
    groups: list[tuple[list[tuple[int, str]], bool, list[tuple[str | None, int, int] | None]]] = []
    parts: list[tuple[int, str]] = []  # the pieces of groups[-1]
    blank_before = True
    table_mode = False  # a table laid out one cell per line with no blank lines: every line is a cell
    last_marker: tuple[str | None, int, int] | None = None  # _marker_of of the line appended last, when known
    has_tabs = "\t" in text
    for li, (off, line, stripped) in enumerate(zip(offsets, raws, strips, strict=False)):  # (offsets: one more)
        if not stripped or stripped == "|":  # (a Markdown table's cell separator line: a cell ends there)
            blank_before = True
            table_mode = False
            continue
        if blank_before and parts and len(stripped) <= 9 and _PAGE_NUMBER.fullmatch(stripped):
            if page_break_inside(parts[-1][1], strips, li, "\f" in text[parts[-1][0]:off]):
                # "… chuyển đổi cây trồng" / (page break) "3" / "phù hợp với …": the page's number between the two
                # halves of one sentence is no part of the text, and the sentence goes on across the break (rules41)
                blank_before = False
                continue
            if count_inside(parts[-1][1], strips, li):
                blank_before = False  # "… với số lượng" / "3" / "chiếc …": the count goes on the sentence (fix24)
        if blank_before and parts and not table_mode and stripped[0].islower() and parts[-1][1][-1:] not in _CUT_ENDS \
                and ")" not in stripped[1:4] and _marker_of(stripped)[0] is None:
            blank_before = False  # "… tình hình quốc tế trong" / (blank) / "nước và …": a sentence wrapped over a blank
            # line goes on; a paragraph never opens in lower case (rules41)
        new = blank_before or not groups or table_mode
        if groups and not blank_before and len(parts) == 1 and len(stripped) <= 60 \
                and _STT_HEAD.fullmatch(parts[-1][1].strip()):  # (the cheap tests first: speed)
            table_mode = new = True
        line_marker = None
        if not new and len(groups) <= 2 and len(parts) == 1 and stripped == parts[0][1] and len(stripped) >= 20 and \
                (len(groups) == 1 or len(groups[0][0]) == 1) and _marker_of(stripped)[0] is None:
            continue  # a news page's title printed twice ("Công an phường X bảo đảm …" / the same): read it once
        if not new and len(groups) == 1 and len(parts) == 1 and _news_headline(parts[0][1], stripped, wrap):
            new = blank_before = True  # "Phường X: Triển khai …" / "Tại hội nghị, …": the title stands apart
        if not new:
            prev = parts[-1][1]  # (stripped already)
            line_marker = _marker_of(stripped)
            marker = line_marker[0]
            up = stripped[0] in _UPPER_CHARS  # = _STARTS_UPPER.match(stripped), once
            if len(parts) == 1:
                prev_marker = groups[-1][2][0] = last_marker or groups[-1][2][0] or _marker_of(prev)
            else:
                prev_marker = (None, _NONE_RANK, 0)
            prev_only_marker = len(parts) == 1 and prev_marker[2] >= len(prev)
            if prev_only_marker:
                new = False
            elif marker is not None and marker not in ("num2",):
                new = True
            elif marker == "num2" and _STARTS_UPPER.match(stripped, line_marker[2]):
                new = True  # "1.1. Chỉ đạo …" under "1. Sở Giáo dục và Đào tạo" (a wrapped "1.5 triệu" goes on)
            elif has_tabs and ("\t" in line or "\t" in prev):
                new = True
            elif ":" in stripped[:48] and (_FIELD_START.match(stripped) or _CARD_TITLE.match(stripped) or
                                           _PORTAL_FIELD.match(stripped) or _PORTAL_FIELD.match(parts[0][1])) \
                    and not _OPEN_END.search(prev):
                new = True  # "Đơn vị chủ trì: Tỉnh đoàn" / "Thời gian: Quý III/2025": each field of a card is a line
            elif prev[-1:] in _SENTENCE_ENDS and _STARTS_NEW.match(stripped):  # = _ENDS_SENTENCE.search(prev), faster
                new = True
            elif up and len(parts) <= 2 and len(prev) < 80 and len(prev) < 0.6 * wrap and \
                    not _OPEN_END.search(prev) and match_units(stripped, 0).ok:
                new = True  # a short title ("Thông tin Y tế"), then "UBND các huyện … chủ trì …": the text starts
            elif up and len(prev) < 160 and _HEADER_LINE.match(prev):
                new = True  # "Kỳ Sơn, ngày 3 tháng 7 năm 2025" / "Số: 5/UBND": the body starts on the next line
            elif _DATELINE.match(stripped) and len(prev) < 0.8 * wrap and not _OPEN_END.search(prev):
                new = True  # a news headline, then "Ngày 10/11, UBND tỉnh …" / "(TTXVN) - …": the story starts anew
            elif up and _PHOTO_CREDIT.search(prev):
                new = True  # "… Ảnh minh họa: Báo X" then "Theo đó, …": a photo's caption and credit end there
            elif _KINH_GUI.match(stripped) or (up and _KINH_GUI.match(parts[0][1])):
                new = True  # the Kính gửi line stands alone; the body starts after it
            elif _NOI_NHAN.match(stripped):
                new = True  # "Nơi nhận:" opens its list whatever the line before ends with (a dangling "Giao" glued
                # it into the body, and the list was read as body: found by the tagger's property test)
            elif up and len(parts) == 1 and prev_marker[0] is not None and prev.isupper() and \
                    not stripped.isupper():
                new = True  # "IV. TỔ CHỨC THỰC HIỆN" then "Giao Sở X …": an upper-case heading is not wrapped into its text
            elif up and len(parts) == 1 and prev_marker[0] is not None and len(stripped) < 160 and \
                    stripped[-1:] not in ".;," and _unit_heading_after(prev[prev_marker[2]:], stripped, strips, li):
                new = True  # "II. TỔ CHỨC THỰC HIỆN" then "SỞ Y TẾ" (or "Sở Y tế") over its items: the unit's heading is
                # no wrap of the section's (fix24)
            elif (up and len(parts) == 1 and prev_marker[0] is not None and len(prev) < 0.6 * wrap
                  and not _OPEN_END.search(prev) and _starts_with_verb(stripped)):
                new = True  # a short numbered heading ("4. Trách nhiệm của Công an tỉnh") before its text
            elif up and len(parts) == 1 and prev_marker[0] is not None and prev[-1:] not in ",;" and \
                    len(prev) - prev_marker[2] < 160 and names_only(prev[prev_marker[2]:]) and \
                    heading_ends(stripped, _starts_with_verb(stripped)):
                new = True  # "3. Trung tâm Thông tin và Thống kê khoa học" then "Xây dựng chuyên mục …": a heading
                # that is only a unit's name ends there, however short the document's lines (rules41)
        lead_ws = len(line) - len(line.lstrip())
        if new:
            parts = [(off + lead_ws, stripped)]
            groups.append((parts, blank_before, [line_marker]))
        else:
            parts.append((off + lead_ws, stripped))
        blank_before = False
        last_marker = line_marker
    # A group that is only a marker ("I.", "Điều 3.", "1.") takes the next group as its body.
    merged: list[tuple[list[tuple[int, str]], bool]] = []
    prev_first_marker: tuple[str | None, int, int] | None = None  # the _marker_of of merged[-1]'s first piece, if known
    known: list[tuple[str, tuple[str | None, int, int]] | None] = []  # a merged group's (text, its _marker_of)
    for g_parts, g_blank, g_marker in groups:
        if merged:
            prev_parts = merged[-1][0]
            if len(prev_parts) == 1:
                prev_text = prev_parts[0][1]
                prev_mk = prev_first_marker or _marker_of(prev_text)
            else:
                prev_text = " ".join([p[1] for p in prev_parts])
                prev_mk = _marker_of(prev_text)
            mend = prev_mk[2]
            if mend and mend >= len(prev_text.rstrip()) and "\t" not in prev_text:
                merged[-1] = (prev_parts + g_parts, merged[-1][1])
                continue
            known[-1] = (prev_text, prev_mk)
        merged.append((g_parts, g_blank))
        known.append(None)
        prev_first_marker = g_marker[0]
    lines: list[_Line] = []
    for (parts, block_start), kn in zip(merged, known, strict=True):
        # the pieces are stripped, non-empty lines: one split of their join collapses the same whitespace
        if kn is not None:
            full = kn[0]  # the merged group's text, as joined above
        else:
            full = parts[0][1] if len(parts) == 1 else " ".join([piece for _, piece in parts])
        if "  " in full or not full.isprintable():  # only single ASCII spaces: nothing to collapse
            full = " ".join(full.split())
        if has_tabs and any("\t" in p[1] for p in parts):
            # keep tabs so table rows can be split; offsets approximate
            full = _SPACE_NBSP_RUN.sub(" ", "\t".join(p[1] for p in parts))
            parts = [(parts[0][0], full.replace("\t", " "))]
        marker, rank, body_at = kn[1] if kn is not None and kn[0] == full else _marker_of(full)
        if full[:1] == "*" and marker is not None and full[-1:] == "*":
            full = full.rstrip("*").rstrip()  # "**2. Phòng Kinh tế**": the heading's closing stars are no part of it
            body_at = min(body_at, len(full))
        lines.append(_Line(full, parts, marker, rank, body_at, block_start))
    return lines


# ---------------------------------------------------------------------------------------------------------------
# Sentences and clauses

# every branch starts at a space, a colon or a capital: the leading look-ahead skips all other places at once
_SENT_SPLIT = re.compile(
    rf"(?=[\s:{UPPER}])(?:"
    rf"(?<=[.!?…])(?<![A-ZĐ]{{2}}\.)(?<!\b[A-ZĐ]\.)\s+(?=[{UPPER}\"“])|(?<=\)\.)(?=[{UPPER}][a-zà-ỹ])"
    # "… cho học sinh. - Tổ chức tuyên truyền …": a dash after a full stop, inside a paragraph, opens the next item
    rf"|(?<=[.!?…])(?<![A-ZĐ]{{2}}\.)(?<!\b[A-ZĐ]\.)\s+[-–—+•]\s+(?=[{UPPER}])"
    # "… theo Thông tư số 12/2021/TT-BXD. Trên cơ sở đó, …": a document number ends the sentence
    # "… dịch bệnh.Tuyệt đối không …": a full stop with the space left out
    rf"|(?<=[a-zà-ỹđ\d][a-zà-ỹđ]\.)(?=[{UPPER}][a-zà-ỹđ])"
    # "… kế hoạch năm 2026.Tuyệt đối không …": a year, then the stop with the space left out
    rf"|(?<=\s\d{{4}}\.)(?=[{UPPER}][a-zà-ỹđ])"
    # "… Đại hội … khóa XVI. Quan tâm …", "… lần thứ XV. Mở …": a term's or an occasion's Roman numeral ends the
    # sentence (never a heading's numeral: that one follows no "khóa"/"thứ")
    + "|(?:" + "|".join(rf"(?<={w}\s[IVXL]{{{k}}}\.)" for w in ("khóa", "khoá", "Khóa", "thứ") for k in range(1, 7))
    + rf")\s+(?=[{UPPER}][a-zà-ỹđ])"
    # "… an ninh trật tự, ATGT&TTĐT. Chỉ đạo …": an acronym joined by "&" ends the sentence
    + "|(?:" + "|".join(rf"(?<=&[A-ZĐ]{{{k}}}\.)" for k in range(2, 7)) + rf")\s+(?=[{UPPER}][a-zà-ỹđ])"
    rf"|(?:(?<=[/\-][A-ZĐ]{{2}}\.)|(?<=[/\-][A-ZĐ]{{3}}\.)|(?<=[/\-][A-ZĐ]{{4}}\.)|(?<=[/\-][A-ZĐ]{{5}}\.))\s+(?=[{UPPER}])"
    # "… nguồn vốn của các dự án ODA. Về phía doanh nghiệp, …", "… báo cáo UBND. Sở Y tế …": a word in capitals of
    # three letters or more (an acronym, never an abbreviation with its stop such as "TP." or "TX.") ends the sentence
    # when it stands alone and the next word opens in a capital followed by lower case; a Roman numeral ("XVI.",
    # "III.") may open a heading and is left alone
    rf"|(?:(?<=\s[A-ZĐ]{{3}}\.)|(?<=\s[A-ZĐ]{{4}}\.)|(?<=\s[A-ZĐ]{{5}}\.)|(?<=\s[A-ZĐ]{{6}}\.))"
    r"(?<!\s[IVXL]{3}\.)(?<!\s[IVXL]{4}\.)(?<!\s[IVXL]{5}\.)(?<!\s[IVXL]{6}\.)"
    rf"\s+(?=[{UPPER}][a-zà-ỹđ])"
    r"|(?=\s?:)(?:(?<=như sau)|(?<=chỉ đạo)|(?<=yêu cầu)|(?<=đề nghị)|(?<=kết luận)|(?<=nêu rõ)|(?<=ý kiến))\s*:\s+"
    r")"
)
# Every match of _SENT_SPLIT starts right after one of .!?… or at/just before a colon (its look-behinds and the colon
# look-ahead say so): only those places are tried, instead of every space and capital of the body.
_SENT_CUT_AT = re.compile(r"[.!?…:]")


def _sentence_cuts(body: str) -> list[re.Match[str]]:
    """The matches of `_SENT_SPLIT.finditer(body)`, trying only where one can start (see _SENT_CUT_AT)."""
    places: list[int] = []
    last = -1  # the last place added: the places come in order, unless a colon follows another cut character
    ordered = True
    for c in _SENT_CUT_AT.finditer(body):
        k = c.start()
        if body[k] == ":":
            if k:
                ordered = ordered and k - 1 > last
                places += (k - 1, k)
            else:
                places.append(k)
            last = k
        else:
            ordered = ordered and k + 1 > last
            places.append(k + 1)
            last = k + 1
    out: list[re.Match[str]] = []
    free = 0  # where the next match may start
    for k in (places if ordered else sorted(set(places))):  # (no sort for places already in order)
        if k < free:
            continue
        m = _SENT_SPLIT.match(body, k)
        if m is not None:
            out.append(m)
            free = m.end() if m.end() > k else k + 1  # after an empty match, the next one starts further on
    return out

_EXECUTION = re.compile(
    r"(?:chịu\s+trách\s+nhiệm\s+(?:tổ\s+chức\s+)?(?:thi\s+hành|triển\s+khai\s+thực\s+hiện|thực\s+hiện)|"
    r"có\s+trách\s+nhiệm\s+thi\s+hành)\s+(?:Quyết\s+định|Kế\s+hoạch|Chỉ\s+thị|Quy\s+định|Quy\s+chế|Nghị\s+quyết|Thông\s+báo|"
    r"Công\s+văn|Công\s+điện|Chương\s+trình|Đề\s+án|văn\s+bản|Nghị\s+định|Thông\s+tư|Luật|Pháp\s+lệnh)\s+này|"
    r"thi\s+hành\s+(?:Quyết\s+định|Nghị\s+định|Thông\s+tư|Nghị\s+quyết|Quy\s+chế|Quy\s+định)\s+này",
    re.IGNORECASE,
)
# "… thông báo để các cơ quan, đơn vị biết, thực hiện./.": the closing line of a notice (a duty to notify someone
# "… thông báo cho chủ phương tiện biết vị trí của bão …" goes on after "biết" and is not this)
_NOTICE = re.compile(r"[Tt]hông\s+báo\s+(?:để|cho|đến)\s+[^.]{0,200}?(?:biết|thực\s+hiện)"
                     r"(?:\s*(?:,|và)\s*(?:phối\s+hợp\s+)?(?:thực\s+hiện|triển\s+khai))?(?:\s+(?:theo\s+quy\s+định|"
                     r"nghiêm\s+túc))?\s*[./;]*\s*$")
# "UBND huyện gửi kèm Kế hoạch này để các cơ quan, đơn vị được biết.", "… sao gửi văn bản để các sở, ngành biết.": the
# sender says whom a copy goes to so that they know; nobody is given work ("để biết và thực hiện" is not this)
_SENT_TO_KNOW = re.compile(r"(?<!\w)gửi(?:\s+kèm)?\s+[^.;:]{0,80}?\s+để\s+(?:[^.;:]{0,80}?\s)?(?:được\s+)?biết"
                           r"(?:\s*,?\s*(?:theo\s+dõi|tham\s+khảo))?\s*[./;]*\s*$")
_SECURITY = re.compile(r"(?:quản\s+lý|bảo\s+quản|sử\s+dụng)\s+(?:tài\s+liệu|văn\s+bản)(?:\s+này)?\s+theo\s+(?:đúng\s+)?"
                       r"(?:chế\s+độ|quy\s+định)(?:\s+(?:về\s+)?bảo\s+vệ\s+bí\s+mật|\s+mật|\s+tài\s+liệu\s+mật)")
# the catch-all that closes a board member's or an office's list of duties: nothing to follow up (rules35)
_OTHER_DUTIES = re.compile(r"\W{0,3}(?:[Tt]hực\s+hiện|[Ll]àm)\s+(?:các\s+)?(?:nhiệm\s+vụ|công\s+việc)\s+khác"
                           r"(?:\s+(?:có\s+)?liên\s+quan)?\s+(?:khi\s+|do\s+|theo\s+(?:sự\s+)?)?(?:được\s+)?[^,;.]{0,60}?"
                           r"(?:phân\s+công|giao)\s*[.;]?\s*$")
_RESULT = re.compile(r"(?<!\w)(?:đạt\s+(?:\d|tỷ\s+lệ)|^báo\s+cáo\s*:|đã\s+[^,;.]{0,40}?được\s+\d|vượt\s+\d|\d+(?:[.,]\d+)?\s*%\s*(?:kế\s+hoạch|chỉ\s+tiêu|dự\s+toán)|"
                     r"tăng\s+\d+(?:[.,]\d+)?\s*%\s+so\s+với|giảm\s+\d+(?:[.,]\d+)?\s*%\s+so\s+với)")
# "…, phấn đấu đến năm 2030 tỷ lệ che phủ rừng đạt 58%", "nhằm đạt 100% …": a target the duty aims at, not work done
# (rules40)
_GOAL_BEFORE = re.compile(r"(?<!\w)(?:phấn\s+đấu|mục\s+tiêu|nhằm|bảo\s+đảm|đảm\s+bảo|để)(?!\w)[^,;.]*$")
_DIFFICULTY = re.compile(r"(?:nếu|trường\s+hợp)\s+có\s+(?:phát\s+sinh\s+)?(?:khó\s+khăn|vướng\s+mắc)", re.IGNORECASE)
_OPINION = re.compile(r"có\s+ý\s+kiến(?:\s+chỉ\s+đạo)?(?:\s+như\s+sau|\s+kết\s+luận|\s*:)|kết\s+luận\s+như\s+sau")
# a step of a timetable: "Ngày 24/6, …", "Từ ngày 27-28/6, …", "Trong 2 ngày (23-24/6), …" (the last day counts)
# (the words that open a step, "Theo lịch, ngày …" included: one fragment for the step read and the steps counted)
_SCHEDULE_HEAD = r"(?:Theo\s+[^,;.]{2,40},\s*(?=ngày\s))?(?:[Nn]gày|Từ\s+ngày|Trong\s+\d{1,2}\s+ngày\s*\()\s*"
_SCHEDULE_OPENER = re.compile(rf"{_SCHEDULE_HEAD}(?:\d{{1,2}}\s*[-–]\s*)?(?P<d>\d{{1,2}})\s*[/.\-]\s*"
                              r"(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?\)?\s*,\s*")
_SCHEDULE_ANYWHERE = re.compile(rf"(?:^|(?<=[.;])\s+|\n\s*)(?P<open>{_SCHEDULE_HEAD}\d)", re.MULTILINE)
# a step told as done or as news: not a duty
_PAST_STEP = re.compile(r"(?<!\w)(?:đã|vừa|đang|cho\s+biết|ban\s+hành|có\s+(?:văn\s+bản|công\s+văn|công\s+điện))(?!\w)")
# the text's dateline: "Ngày 16/6, …", "Sáng 07/9, …" (a part of the day before it; a portal's bare "01/10/2019" is not
# read here)
_NARRATIVE = re.compile(
    r"^(?:Ngày\s+\d{1,2}[/.\-]\d{1,2}|Ngày\s+\d{1,2}\s+tháng|Vừa\s+qua|Trước\s+đó|Trong\s+\d+\s+tháng|Thời\s+gian\s+qua)")
# "Trong 6 tháng đầu năm 2026, Sở X phải …" in a text of 2025: a half-year still ahead is the duty's time, not the
# period a report looks back on ("Trong 6 tháng đầu năm 2025, Sở X đã …"; rules42)
_HALF_FIRST = re.compile(r"Trong\s+(?:6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s+(?P<y>\d{4})\s*,")


def _half_ahead(sentence: str, issued: str | None) -> bool:
    m = _HALF_FIRST.match(sentence)
    if m is None or not issued or re.search(r"(?<!\w)(?:đã|được)(?!\w)", sentence) is not None:
        return False
    end = f"{m.group('y')}-{'06-30' if m.group('which') == 'đầu' else '12-31'}"
    return end >= issued[:10]


# "Thực hiện Thông báo số …", "Thực hiện ý kiến chỉ đạo của …": the document being carried out, not a duty
_REFERENCE_LINE = re.compile(
    r"^(?:Thực\s+hiện|Triển\s+khai|Căn\s+cứ|Theo)\s+(?:(?:nội\s+dung|tinh\s+thần|ý\s+kiến(?:\s+chỉ\s+đạo)?|chỉ\s+đạo)\s+"
    r"(?:(?:của|tại)\s+)?)?(?:Thông\s+báo|Công\s+văn|Kế\s+hoạch|Quyết\s+định|Chỉ\s+thị|Nghị\s+quyết|Công\s+điện|"
    r"Văn\s+bản|Kết\s+luận|Chương\s+trình|Luật|Nghị\s+định|Thông\s+tư|Đề\s+án|Chủ\s+tịch|Thủ\s+tướng|UBND|Ủy\s+ban|"
    r"Bộ|Ban|Tỉnh\s+ủy|Thường\s+trực|số\s)", re.IGNORECASE)
# "…. Theo đó, tập trung kiểm tra …", "Đồng thời, …": the next sentence goes on with the same unit's duties
_CONTINUES = re.compile(r"^(?:(Đồng\s+thời|Ngoài\s+ra)|Theo\s+đó|Trong\s+đó\s*,\s*(?=(?:cần|phải)\s)|Cụ\s+thể|Nhất\s+là|Đặc\s+biệt|Trước\s+mắt|Bên\s+cạnh\s+đó|Cùng\s+với\s+đó|Mặt\s+khác|"
                        r"Sau\s+đó|Tiếp\s+đó|"
                        # "… tổ chức kiểm tra. Kết thúc kiểm tra, báo cáo kết quả …": what the same unit does when done
                        r"Kết\s+thúc\s+[^,;.]{1,60}?(?=,)|Sau\s+khi\s+(?:kết\s+thúc|hoàn\s+thành)(?:\s+[^,;.]{1,60}?)?(?=,))"
                        r"\s*,?\s*")
# how far back a closing "Các nội dung trên …" reaches (a notice's list, not a whole long document before it)
_LIST_REACH = 3000
_GOVERNS_ALL = re.compile(r"(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|việc|yêu\s+cầu)\s+(?:nêu\s+|nói\s+|đề\s+ra\s+)?(?:trên|tại\s+mục)"
                          # ("Các nội dung còn lại hoàn thành trong quý I/2026": the items with no time of their own)
                          r"|(?:các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|công\s+việc)\s+(?:này|được\s+giao|còn\s+lại)",
                          re.IGNORECASE)
# (the activity may be named: "Thời gian tổ chức các hoạt động diễn ra từ tháng 3 đến …", deadline_scope's rules)
# a bare "năm 2026" in the sentence after a duty ("… đã cho ý kiến vào Chương trình giám sát năm 2026") names a year's
# work, not the time limit of the duty before (deadline_scope's rules, rules17)
_YEAR_ONLY = re.compile(r"[Nn]ăm\s+\d{4}")
# "Thời gian hoàn thành: …", "Thời hạn: …", "Thời gian thực hiện: …": a sentence that is a time field (rules42)
_TIME_FIELD = re.compile(r"(?:Thời\s+gian|Thời\s+hạn|Hạn)(?:\s+(?:hoàn\s+thành|thực\s+hiện|báo\s+cáo|gửi\s+báo\s+cáo))?\s*:\s*")
# "Trên đây là Kế hoạch …", "Trên đây là nội dung …": the closing summary of the text, its own title repeated
_CLOSING_SUMMARY = re.compile(r"\s*Trên\s+đây\s+là\s")
# "Các đơn vị phối hợp: …", "Cơ quan phối hợp thực hiện: …" as a sentence of its own after a duty (rules40)
_PARTNER_FIELD = re.compile(r"(?:Các\s+)?(?:[Cc]ơ\s+quan|[Đđ]ơn\s+vị)(?:\s*(?:,|và)\s*(?:cơ\s+quan|đơn\s+vị|tổ\s+chức))*"
                            r"\s+phối\s+hợp(?:\s+thực\s+hiện)?\s*:\s*")
# "Báo cáo kết quả (thực hiện) về …", "Gửi báo cáo kết quả …": a sentence that is the report, not the work
_REPORT_SENTENCE = re.compile(r"(?:Báo\s+cáo|Gửi\s+báo\s+cáo|Tổng\s+hợp,?\s+báo\s+cáo)\s+(?:kết\s+quả|tình\s+hình)(?!\w)")
_WHOLE_TIME = re.compile(r"^(?:Thời\s+gian|Thời\s+hạn)(?:\s+(?!từ|trước|đến|chậm|trong|xong|hoàn)[^\s\d,.;:]+){0,8}?"
                         r"\s*:?\s*(?:là\s+|diễn\s+ra\s+|kéo\s+dài\s+)?(?:từ|trước|đến|chậm|trong|xong|hoàn)")
# "Theo kế hoạch, Sở X cần …", "Từ ngày 1/4/2026, các cơ quan phải …": any short phrase before the subject
_SHORT_OPENER = re.compile(r"(?:Theo|Từ|Sau|Với|Tiếp|Ngay|Thứ|Trước|Trong|Tại|Qua|Nhân|Kể|Đến|Tới|Hiện|Hôm|Năm|Tháng|"
                           r"Riêng|Cũng|Bên|Song|Mặt|Do|Vì|Về|Cuối|Đầu|Giữa|Dịp|Như|Ngoài|Lâu|Trên)"
                           r"(?!\w)[^,;:.“”\"()]{2,50}?,\s+(?=\S)")
# a place by its name, then what it will do: "P.Hòa Xuân sẽ …", "Đà Lạt sẽ …", "Ngoài ra, P.Hòa Xuân còn …"
_PLACE_LEVEL = r"(?:[Tt]ỉnh|[Tt]hành\s+phố|TP\.?|[Hh]uyện|[Xx]ã|[Pp]hường|[Qq]uận|[Tt]hị\s+xã|[Tt]hị\s+trấn)"
# (a district's or ward's own news names it by its level alone: "Quận sẽ tập trung …", "Huyện sẽ …")
# (in lower case after an opener: "Để đạt mục tiêu này, xã sẽ đẩy mạnh …", "Thời gian tới, phường sẽ …")
_PLACE_WILL = re.compile(r"(?:(?P<level>[Qq]uận|[Hh]uyện|[Tt]hị\s+xã|[Pp]hường|[Xx]ã|[Tt]ỉnh|[Tt]hành\s+phố)"
                         r"(?=\s+(?:cũng\s+)?(?:sẽ|còn)\s)|"
                         rf"(?P<abbr>(?:P|Q|TP|TX|TT|X|H)\.\s?)?(?P<name>{PROPER}))\s+(?:cũng\s+)?(?:sẽ|còn)\s+(?!được\s|bị\s)")
# a time or purpose said before the place ("Để hoàn thành mục tiêu …, trong những tháng cuối năm, Quận sẽ …")
_PLACE_OPENER = re.compile(r"(?:(?:[Đđ]ể|[Tt]rong|[Tt]ừ|[Đđ]ến|[Cc]uối|[Đđ]ầu|[Tt]hời\s+gian|[Nn]ăm|[Tt]háng|[Ss]au)\s[^,;.]{1,120},"
                           r"\s*){1,3}")
# a year as the opener: "Năm 2027,", "Trong năm 2027,", "Sang năm 2027,"
_YEAR_OPENER = re.compile(r"(?:(?:Trong|Sang|Bước\s+sang)\s+)?[Nn]ăm\s+(\d{4})\s*,")
# the unit named before, said again: "Bộ này", "đơn vị nói trên", "địa phương này"
_ANAPHOR_UNIT = re.compile(r"(?:Bộ|Sở|Tổng\s+cục|Cục|Ban|[Đđ]ơn\s+vị|[Đđ]ịa\s+phương|[Cc]ơ\s+quan|[Tt]ỉnh|[Hh]uyện|"
                           r"[Tt]ập\s+đoàn|[Tt]ổng\s+công\s+ty|[Cc]ông\s+ty|[Dd]oanh\s+nghiệp|[Nn]hà\s+thầu|[Cc]hủ\s+đầu\s+tư)"
                           r"\s+(?:này|nói\s+trên|trên)(?!\w)")
# a firm or body asked by its one-word name, then a clear duty word: "yêu cầu Vidifi cần …", "đề nghị Viettel khẩn trương …"
# (a name of several syllables written as one word, vowel-consonant-vowel: never a Vietnamese word such as "Việc")
_NAMED_ASKED = re.compile(r"[A-Z][a-z]*[aeiouy][b-df-hj-np-tv-xz]+[aeiouy][a-z]*(?:[A-Z][a-z]+)?"
                          r"(?=\s+(?:cần|phải|khẩn\s+trương|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm)\s)")
# "đề nghị trong năm 2025 Mặt trận … cần …": a time phrase without its comma before the units asked
_TIME_BEFORE_UNIT = re.compile(r"(?:trong|từ\s+nay|thời\s+gian\s+tới|đến\s+hết|năm|tháng|quý)(?!\w)")
# (or a plural unit in lower case: "đề nghị thời gian tới các xã, thị trấn cần tiếp tục …")
_CAP_AHEAD = re.compile(rf"\s(?=[{UPPER}]|(?:các|những)\s)")
# "các địa phương", "các nơi" said again of local bodies just named ("UBND các tỉnh", "các cục thuế địa phương")
_LOCAL_ANAPHOR = re.compile(r"(?:[Cc]ác\s+)?(?:địa\s+phương|nơi)")
_PLURAL_LOCAL = re.compile(r"(?:các|những)\s+(?:[^,;]{0,40}\s)?(?:tỉnh|huyện|xã|quận|phường|thành\s+phố)(?!\w)|địa\s+phương")
# an acronym named as the one asked: "đề nghị CIC cần …", "yêu cầu các TCTD …", "giao EVN …"
# "yêu cầu các TCTD …", "yêu cầu CSGT các địa phương …", "yêu cầu CSGT 63 tỉnh, thành phố …": a unit by its letters,
# in the plural of its local branches too
_ACRONYM_UNIT = re.compile(r"(?:các\s+)?[A-ZĐ][A-ZĐ&]{1,7}(?![\w&\-/])"
                           r"(?:\s+(?:các|\d{1,3})\s+(?:địa\s+phương|tỉnh(?:\s*,\s*thành(?:\s+phố)?)?|huyện|đơn\s+vị)(?!\w))?")
_SUPPORT_ONLY = re.compile(r"(?P<units>.{3,200}?)\s+(?:(?:có|chịu)\s+trách\s+nhiệm\s+|cùng\s+|tích\s+cực\s+)?"
                           r"phối\s+hợp(?:\s+(?:thực\s+hiện|triển\s+khai|tổ\s+chức))?\s*[.;]?")
# ("Trong thời gian tới UBND phường tiếp tục …": a time opener with its comma left out)
_BARE_LINK = re.compile(r"(?:Theo\s+đó|Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó|Mặt\s+khác|Sau\s+đó|Song\s+song|"
                        r"(?:Trong\s+)?(?:[Tt]hời\s+gian|[Nn]hững\s+ngày|[Nn]hững\s+tháng)\s+tới|Tới\s+đây|Sắp\s+tới)\s+(?=\S)")
_THEN = re.compile(r"(?<!\w)thì(?!\w)")
# a condition first: what follows it is a consequence, not a duty ("Nếu vi phạm, Quận sẽ xử lý …")
_CONDITION_FIRST = re.compile(r"^(?:Nếu|Trong\s+trường\s+hợp|Trường\s+hợp|Khi)\s[^,;.:]{1,160},\s*")
_TOPIC_UNIT = re.compile(r"^(?:Đối\s+với|Riêng(?:\s+đối\s+với)?|Về\s+phía|Còn|(?:Nhiệm\s+vụ|Trách\s+nhiệm)\s+(?:của\s+)?)\s*")
_PARTY_BOARD = re.compile(r"(?:Ban|Ủy\s+ban|Uỷ\s+ban)\s+(?:kiểm\s+tra|tuyên\s+giáo(?:\s+và\s+dân\s+vận)?|dân\s+vận|tổ\s+chức|"
                          r"nội\s+chính|kinh\s+tế)\s+(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s+[uủ]ỷ?y?(?:\s+(?:xã|phường|thị\s+trấn)"
                          r"(?:\s+[A-ZĐ]\w*){0,3})?(?!\w)")
_TOPIC_MODAL = re.compile(r"\s*,\s*(?:cần\s+phải|cần|phải)\s")
_TOPIC_GAP = re.compile(r"\s*(?:\([^()]{0,120}\))?\s*(?:,|:|\s+là|\s+thì)\s*(?:(?:cần\s+phải|cần|phải|thì|sẽ)\s+)?")
_HAS_SENT = re.compile(r"(?:vừa|đã)\s+(?:có|ban\s+hành|ký|gửi|phát\s+hành)(?!\w)|"
                       # "Văn bản được gửi tới …": a letter reported as sent ("Sở X có văn bản gửi … yêu cầu …" with
                       # no "vừa"/"đã" is what the Sở is told to do, after "Theo đó, …" in the training texts)
                       r"(?<!\w)được\s+gửi\s+(?:đến|tới)(?!\w)|"
                       r"(?<!\w)ra\s+(?:công\s+văn|công\s+điện|văn\s+bản|thông\s+báo)(?!\w)|"
                       # "Văn phòng Chính phủ có văn bản 4635/VPCP-CN gửi …": a letter with its number is one already sent
                       r"(?<!\w)có\s+(?:[Vv]ăn\s+bản|[Cc]ông\s+văn|[Cc]ông\s+điện|[Tt]hông\s+báo)\s+(?:số\s+)?\d{1,6}\s*/")
# "… ra công văn gửi Ban Chỉ huy … về việc chủ động ứng phó với mưa lớn": the letter's subject is the duty
# "… gửi Sở X về việc tăng cường …", "… gửi Chủ tịch UBND các tỉnh về tăng cường …", "… gửi Bộ X truyền đạt ý kiến chỉ
# đạo của Phó Thủ tướng về bảo đảm …": what the letter is about is the duty of those it is sent to
_ABOUT_DUTY = re.compile(r"\s+(?:về\s+việc|V/v|(?:truyền\s+đạt\s+ý\s+kiến\s+(?:chỉ\s+đạo\s+)?của\s+[^,;.]{2,80}?\s+)?về)\s+(?=(?:chủ\s+động|tăng\s+cường|khẩn\s+trương|tập\s+trung|triển\s+khai|"
                         r"đẩy\s+mạnh|đảm\s+bảo|bảo\s+đảm|ứng\s+phó|rà\s+soát|kiểm\s+tra|chấn\s+chỉnh)(?!\w))")
# the duties a letter may be about (_ABOUT_DUTY), as plain substrings: the costly rule only runs where one is
_ABOUT_HINTS = (" về tăng", " về chủ", " về khẩn", " về tập", " về triển", " về đẩy", " về đảm", " về bảo", " về ứng",
                " về rà", " về kiểm", " về chấn")
_SENT_TO = re.compile(r"(?<!\w)gửi\s+(?:(?:văn\s+bản|công\s+văn|công\s+điện|thông\s+báo)\s+)?(?:đến\s+|tới\s+|cho\s+)?")
# "Đối với UBND các xã, Chủ tịch UBND huyện đề nghị: …": the unit is put first, the request follows
_QUOTE_THEN_ASKER = re.compile(r"[“\"]\s*(?P<duty>[^“”\"]{8,600}?)\s*[.!]?\s*[”\"]\s*,\s*[^,;:.“”\"]{3,120}?\s"
                               r"(?:yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|giao)(?:\s+(?:đối\s+)?với)?\s+")
_MUST_FIRST = re.compile(r"(?:[Tt]uyệt\s+đối|[Kk]hông\s+(?:được|để)|[Pp]hải|[Cc]ần)\s")
# "Trong văn bản gửi …, UBND tỉnh yêu cầu …" (a report of a letter sent: its addressees act); a plain "Sở X có văn
# bản gửi các đơn vị yêu cầu …" in a directive is Sở X's own duty
_LETTER_SENT = re.compile(r"[Tt]rong\s+(?:công\s+văn|văn\s+bản|công\s+điện)\s+gửi")
_UNITS_DESCRIBED = re.compile(r"(?:\s+[^,;:.\s][^,;:.]{0,40}?"
                              # "… gửi các thương nhân đầu mối kinh doanh, sản xuất và phân phối xăng dầu yêu cầu …":
                              # the trade described in lower-case words, commas and "và" only
                              r"|(?:\s*,\s*|\s+)[a-zà-ỹđ][a-zà-ỹđ\s,]{0,80}?)(?P<asks>)\s*,?\s*"
                              r"(?=(?:đề\s+nghị|yêu\s+cầu)\s)")
# "… gửi các bộ, ngành, đơn vị gồm Bộ A, Bộ B, UBND các tỉnh đề nghị …": the units are those listed after "gồm"
_LISTED_AS = re.compile(r"\s+gồm\s*:?\s*")
_IN_LETTER = re.compile(r"Trong\s+(?:công\s+văn|văn\s+bản|công\s+điện)\s+gửi")
_ASKS_AT_END = re.compile(r"(?:đề\s+nghị|yêu\s+cầu)\s*$")
_TOPIC_REQUEST = re.compile(r"\s*,\s*[^,;:.]{3,80}?\s(?:đề\s+nghị|yêu\s+cầu)\s*:?\s*")
_REQUEST_AFTER = re.compile(r"\s*(?:\([^()]{0,120}\))?\s*,?\s*(?:về\s+việc\s+[^,;.]{0,120},\s*)?(?:đề\s+nghị|yêu\s+cầu)\s*:?\s*")
_HIGH_BODY = r"(?:Thủ\s+tướng\s+Chính\s+phủ|Chính\s+phủ|Quốc\s+hội|Ủy\s+ban\s+Thường\s+vụ\s+Quốc\s+hội|Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư)"
_HIGH_BODIES = re.compile(rf"{_HIGH_BODY}(?:\s*(?:,|và)\s*{_HIGH_BODY})*(?=\s|,)")
# "Căn cứ chức năng, nhiệm vụ được giao, …", also with what else it rests on ("Căn cứ vào chức năng, nhiệm vụ của đơn vị,
# …", "Căn cứ chức năng, nhiệm vụ được giao và Kế hoạch này, …", "… nhiệm vụ và quyền hạn, …"): the remit is one basis
# (what follows the remit is named, never a verb: "Theo chức năng, nhiệm vụ công bố công khai …, …" has its duty inside)
_ITEM_BASIS = re.compile(r"(?:[Cc]ăn\s+cứ|[Tt]rên\s+cơ\s+sở|[Tt]heo)\s+(?:(?:vào\s+)?chức\s+năng,?\s*(?:và\s+)?nhiệm\s+vụ"
                         r"(?:,\s*quyền\s+hạn)?(?:\s+(?:được\s+giao|theo\s+quy\s+định|của\s+(?:mình|đơn\s+vị|cơ\s+quan|ngành)))?"
                         r"(?:\s+(?:và|tại)\s+(?:quyền\s+hạn|[Kk]ế\s+hoạch|[Cc]hương\s+trình|[Đđ]ề\s+án|[Qq]uy\s+định)[^,;:]{0,60}?)?"
                         r"|[^,;:]{2,160}?)\s*,\s*")
# "d) Theo chức năng, nhiệm vụ công bố công khai …": the remit with no comma before the item's verb
_REMIT_BARE = re.compile(r"(?:[Cc]ăn\s+cứ|[Tt]rên\s+cơ\s+sở|[Tt]heo)\s+(?:vào\s+)?chức\s+năng,?\s*(?:và\s+)?nhiệm\s+vụ"
                         r"(?:\s+được\s+giao)?\s+(?!được\s)")
# "…, phải yêu cầu " / "…, hướng dẫn, đề nghị " right before the units asked, after the item's own verb
_ASKED_BY_ITEM = re.compile(r"(?<=\s)(?:yêu\s+cầu|đề\s+nghị)\s+$")
# "- Sau hội nghị, phải tiếp thu …", "- Kết thúc đợt kiểm tra, báo cáo …": the occasion of the item's duty, then the duty
_ITEM_OCCASION = re.compile(r"(?:Sau(?:\s+khi)?|Trước\s+khi|Kết\s+thúc|Trong\s+quá\s+trình|Ngay\s+sau\s+khi|Khi\s+kết\s+thúc)\s"
                            r"[^,;:.]{2,80}?,\s*")
_EARLIER_ASSIGNMENT = re.compile(
    r"(?:Tại|Theo)\s+(?:[Cc]ông\s+văn|[Vv]ăn\s+bản|[Tt]hông\s+báo|[Cc]ông\s+điện|[Qq]uyết\s+định|[Cc]hỉ\s+thị)\s+(?:số\s+)?"
    r"\d[^.;]{0,300}?\sđã\s+(?:giao|yêu\s+cầu|chỉ\s+đạo|đề\s+nghị)(?!\w)|"
    r"Ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4})\s*,\s*[^,.;]{2,80}?\s"
    r"(?:đã\s+)?(?:có|ban\s+hành|gửi)\s+(?:[Vv]ăn\s+bản|[Cc]ông\s+văn|[Tt]hông\s+báo|[Cc]ông\s+điện)\s+số\s|"
    # "Qua sơ kết …, ngày 16/8 Bộ đã có Công văn số 33 gửi Tổng công ty X … và đề nghị Tổng công ty X …"
    r"[^.;]{0,200}?\sđã\s+(?:có|ban\s+hành|gửi)\s+(?:[Vv]ăn\s+bản|[Cc]ông\s+văn|[Tt]hông\s+báo|[Cc]ông\s+điện)\s+số\s")
# "Chậm nhất đến ngày 30/6/2027, bảo đảm 100% …" under a duty's heading: a dated milestone of the heading's unit
_ITEM_MILESTONE = re.compile(r"(?:Chậm\s+nhất|Trước|Đến\s+hết|Đến|Từ\s+nay\s+đến)\s[^,;:]{2,60}?\d{4}\s*,\s*")
_PURPOSE = re.compile(r"\s*,?\s*(?:để|nhằm)\s")
_WITH_UNIT = re.compile(r"(?:đối\s+)?với\s+")
_COLON = re.compile(r":\s+")
_SUBJECT_LINE = re.compile(r"^(?:V/v|Về\s+việc|Trích\s+yếu|Nơi\s+nhận|Kính\s+gửi|Số)\b", re.IGNORECASE)
_LATE_LIMIT = re.compile(r"^(?:Yêu\s+cầu|Báo\s+cáo|Văn\s+bản|Hạn|Thời\s+hạn|Kết\s+quả)")
_RESULT_REPORT = re.compile(r"^Kết\s+quả(?:\s+thực\s+hiện|\s+triển\s+khai)?\s+(?=(?:báo\s+cáo|gửi\s+về)\s)")
# (and a news item's "Phát biểu tại buổi ra quân, Chủ tịch … biểu dương …": who spoke, not the last unit's next duty)
_NOT_CONTINUATION = re.compile(r"^(?:Gửi\s+kèm|Yêu\s+cầu|Đề\s+nghị|Kết\s+quả|Thời\s+gian|Kinh\s+phí|Trân\s+trọng|"
                               r"Phát\s+biểu\s+(?:tại|chỉ\s+đạo|kết\s+luận|khai\s+mạc|bế\s+mạc)[^,.;]{0,80},|"
                               r"(?:Đăng|Cập\s+nhật|Ngày\s+đăng)(?:\s+lúc)?\s+(?:ngày|lúc|\d)|Nguồn\s*:|Tin,\s*ảnh|Ảnh\s*:)",
                               re.IGNORECASE)
_PREAMBLE = re.compile(r"^(?:Căn\s+cứ|Xét\s+|Theo\s+đề\s+nghị|Thực\s+hiện\s+(?:ý\s+kiến|Công\s+văn|Quyết\s+định))")
_SKIP_SECTION = re.compile(
    r"^(?:MỤC\s+(?:ĐÍCH|TIÊU)|YÊU\s+CẦU|QUAN\s+ĐIỂM|ĐÁNH\s+GIÁ|KẾT\s+QUẢ|TÌNH\s+HÌNH|ĐỐI\s+TƯỢNG|PHẠM\s+VI|"
    r"SỰ\s+CẦN\s+THIẾT|CĂN\s+CỨ|Mục\s+(?:đích|tiêu)|Yêu\s+cầu|Đối\s+tượng|Phạm\s+vi|Quan\s+điểm|Mục\s+đích)"
    r"(?:[\s,]|$)"
)

# "- Thành phần: …", "Thành phần tham dự: …": the people a meeting or training plan calls, not duties
_ATTENDEES = re.compile(r"(?:[-+•]\s*|(?:[a-zđ]|\d{1,2})[.)]\s*)?Thành\s+phần(?:\s+(?:tham\s+(?:dự|gia)|mời|dự))?\s*:")
# "1. Hội đồng nhân dân tỉnh giám sát tại các kỳ họp:", "2. HĐND huyện giám sát chuyên đề:": a council's supervision
# programme lists what the council itself will examine — its own agenda, no unit's duty
_COUNCIL_AGENDA = re.compile(
    r"(?:Hội\s+đồng\s+nhân\s+dân|HĐND)(?:\s+(?:tỉnh|thành\s+phố|huyện|thị\s+xã|quận|xã|phường|các\s+cấp))?"
    r"(?:\s+[A-ZĐ][^\s:]*){0,3}\s+(?:giám\s+sát|xem\s+xét|chất\s+vấn)(?!\w)[^:;.]{0,80}:\s*$"
    r"|Giám\s+sát\s+(?:tại\s+(?:các\s+)?kỳ\s+họp|chuyên\s+đề)[^:;.]{0,60}:\s*$")

# A review or objectives section ends where the text turns to the duties that follow: "…, tỉnh X cần tập trung thực hiện
# tốt một số nhiệm vụ, giải pháp sau đây:" (the assessment's last paragraph introduces the list of duties)
_DUTIES_AHEAD = re.compile(
    r"(?<!\w)(?:cần|phải|giao|yêu\s+cầu|đề\s+nghị)(?!\w)[^.;:]{0,120}?(?:nhiệm\s+vụ|giải\s+pháp|công\s+việc|nội\s+dung)"
    r"[^.;:]{0,80}?(?:sau\s+đây|như\s+sau|sau)\s*:\s*$")

# The unit a leader worked with ("… tại buổi làm việc với lãnh đạo tỉnh X"), whose duties a conclusions notice lists
_WORKED_WITH = re.compile(r"(?<!\w)[Ll]àm\s+việc\s+(?:với|tại)\s+(?:(?:tập\s+thể\s+)?lãnh\s+đạo\s+|Ban\s+Thường\s+vụ\s+|"
                          r"Thường\s+trực\s+)?(?=(?:tỉnh|thành\s+phố|huyện|thị\s+xã|quận|xã|phường)\s+[{UPPER}])"
                          .replace("{UPPER}", UPPER))
_DUTY_SECTION = re.compile(r"NHIỆM\s+VỤ|GIẢI\s+PHÁP|THỜI\s+GIAN\s+TỚI", re.IGNORECASE)
_REQUESTS_SECTION = re.compile(r"KIẾN\s+NGHỊ|ĐỀ\s+XUẤT|ĐỀ\s+NGHỊ|ĐÁNH\s+GIÁ|KẾT\s+QUẢ", re.IGNORECASE)


def _host_unit(text: str) -> str | None:
    """The province, city or district a leader's working session was held with (the first 3000 characters), or None."""
    m = _WORKED_WITH.search(text, 0, 3000)
    if m is None:
        return None
    um = match_units(text, m.end())
    nl = text.find("\n", m.end(), um.end)
    if um.ok and nl >= 0:
        # "… làm việc với lãnh đạo tỉnh Quảng Trị\nPhó Thủ tướng kết luận …": a name that ends with its line ends there
        um_line = match_units(text[:nl].rstrip(), m.end())
        if um_line.ok and um_line.end >= len(text[:nl].rstrip()):
            um = um_line
    return " ".join(text[um.start:um.end].split()) if um.ok and len(um.units) == 1 else None


_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:Theo\s+đó|Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó|Cùng\s+với\s+[^,;]{1,120}|Song\s+song\s+(?:với\s+)?đó|Cùng\s+đó|"
    # emphasis and timing openers: "Đặc biệt, …", "Từ nay đến cuối năm, …", "Trong dịp Tết, …", "Ngay sau cuộc họp, …"
    r"Đặc\s+biệt|Nhất\s+là|Trước\s+hết|Từ\s+nay\s+đến\s+[^,;]{1,40}|"
    # a dated span ahead: "Từ ngày 10/8 đến hết ngày 20/8/2026, …" ("… đến nay" is the past, never taken)
    r"[Tt]ừ\s+ngày\s+\d{1,2}[/.-]\d{1,2}[^,;]{0,30}?\s(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|"
    # "Theo kế hoạch, …", "Theo chỉ đạo của Chủ tịch UBND tỉnh, …": what the text goes on to assign follows
    r"Với\s+(?:vai\s+trò|tư\s+cách|chức\s+năng)\s+[^,;]{1,80}|"
    r"Theo\s+(?:kế\s+hoạch|chỉ\s+đạo|yêu\s+cầu|kết\s+luận|văn\s+bản|công\s+văn|thông\s+báo|quyết\s+định)[^,;]{0,100}|Trong\s+(?:những|các)\s+ngày\s+[^,;]{1,40}|"
    r"Trong\s+dịp\s+[^,;]{1,80}|Nhân\s+dịp\s+[^,;]{1,80}|Ngay\s+sau\s+[^,;]{1,80}|Sau\s+Tết[^,;]{0,40}|Trước\s+mắt|Mặt\s+khác|Tiếp\s+theo|Trên\s+cơ\s+sở\s+đó|"
    r"Trên\s+cơ\s+sở\s+[^,;]{1,160}|Căn\s+cứ\s+[^,;]{1,160}|Sau\s+khi\s+[^,;]{1,200}|[Đđ]ối\s+với\s+[^,;]{1,200}|"
    # the direction or document carried out, named before the unit that acts: "Thực hiện chỉ đạo của UBND tỉnh, …",
    # "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh, Chủ tịch UBND xã sẽ tổ chức …" (a basis, as "Căn cứ …, …")
    r"Thực\s+hiện\s+(?:(?:sự\s+)?chỉ\s+đạo|ý\s+kiến|(?:Kế\s+hoạch|Công\s+văn|Quyết\s+định|Chỉ\s+thị|Nghị\s+quyết|"
    r"Thông\s+báo|Hướng\s+dẫn|Chương\s+trình|Luật|Công\s+điện|Kết\s+luận)(?!\w))[^,;]{0,240}|"
    r"[Tt]rong\s+(?:thời\s+gian|quá\s+trình)\s+[^,;]{1,120}|[Đđ]ể\s+[^,;]{1,200}|Riêng\s+[^,;]{1,80}|Về\s+[^,;:]{1,160}|"
    r"[Kk]hi\s+[^,;]{1,160}|(?:[Tt]rong\s+)?[Tt]rường\s+hợp\s+[^,;]{1,160}|"
    # "Trên cơ sở đó, nếu thấy cần thiết, Sở X …": a condition before the unit that acts
    r"[Nn]ếu\s+[^,;]{1,120}|Nay|Vì\s+vậy|Do\s+đó|Vì\s+thế|Do\s+vậy|Bởi\s+vậy|Bởi\s+thế|Chính\s+vì\s+(?:vậy|thế)|Vì\s+lẽ\s+đó|Cụ\s+thể|Trong\s+đó|Qua\s+đó|"
    r"Sau\s+đó|Tới\s+đây|Từ\s+nay|Thời\s+gian\s+tới|Trong\s+(?:khoảng\s+)?thời\s+gian\s+(?:này|tới)|Tiếp\s+đó|"
    r"[^,;.:]{3,200}?(?:nêu\s+rõ|cho\s+biết|nhấn\s+mạnh|lưu\s+ý|kết\s+luận)|"
    r"(?:Trước|Chậm\s+nhất|Đến\s+hết|Hằng|Hàng|Định\s+kỳ|Không\s+(?:muộn\s+hơn|quá))\s+[^,;]{1,60}|"
    # ("Trong 6 tháng đầu năm 2026, Sở X …", "Trong thời hạn 10 ngày …, Sở X …": the time first, rules42)
    r"[Tt]rong\s+(?:tháng|quý|năm|tuần|(?:6|sáu)\s+tháng\s+(?:đầu|cuối)|thời\s+hạn|vòng)\s+[^,;]{1,40}|"
    # a plan announced ("Dự kiến, trong tháng 10, Sở X sẽ công bố …") and the leeway left to each unit ("Theo đó, tùy vào
    # điều kiện thực tiễn của từng địa phương, đơn vị, các cấp hội sẽ triển khai …"): the unit that acts follows
    r"Dự\s+kiến|[Tt]ùy\s+(?:theo|vào|thuộc\s+vào)\s+[^,;]{1,120}"
    r"(?:,\s*(?:đơn\s+vị|địa\s+phương|cơ\s+quan|ngành|lĩnh\s+vực|cấp)(?=\s*,))*)"
    r"\s*,\s*)+"
)
# a leader named with the offices held, the last one just before "chỉ đạo" / "nhấn mạnh" / "lưu ý": "Đồng chí Lê Văn A
# – Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban MTTQ tỉnh, Trưởng đoàn đại biểu Quốc hội tỉnh chỉ đạo các tổ chức …" (news of
# an instruction: the units instructed are the leads); each office opens with a title word
_LEADER_OFFICE = (r"(?:Phó\s+|Ủy\s+viên\s+|Uỷ\s+viên\s+)?(?:Bí\s+thư|Chủ\s+tịch|Trưởng|Giám\s+đốc|Bộ\s+trưởng|Thứ\s+trưởng|"
                  r"Tổng\s+Giám\s+đốc|Chủ\s+nhiệm|Chánh|Tỉnh\s+ủy\s+viên|Tỉnh\s+uỷ\s+viên|Ủy\s+viên|Uỷ\s+viên|Thống\s+đốc)"
                  r"[^,;.()]{0,60}?")
_NAMED_LEADER_BEFORE = re.compile(
    rf"(?:^|\s)(?:[Đđ]ồng\s+chí|Ông|ông|Bà|bà)\s+(?:[{UPPER}][^\s,;.]*\s+){{1,4}}(?:[-–,]\s*){_LEADER_OFFICE}"
    rf"(?:\s*,\s*{_LEADER_OFFICE}){{0,4}}\s(?:(?:đã|cũng|vừa)\s+)?$")
# the head of a body just before "chỉ đạo" in a news item ("Sáng 15/12, …"): "Giám đốc Công an tỉnh chỉ đạo các đơn vị
# tập trung …" reports an instruction, whose units lead (in a directive the director's own duty, see _AUTHORITY_BEFORE)
_HEAD_BEFORE = re.compile(r"(?:(?:Phó\s+|Tổng\s+)?Giám\s+đốc|Thủ\s+trưởng|(?:Tổng\s+)?Cục\s+trưởng|(?:Phó\s+)?Thống\s+đốc|"
                          r"Trưởng\s+ban|Chỉ\s+huy\s+trưởng)[^,;.]{0,40}\s$")
# a photo's credit at the end of its caption line ("Ảnh: Minh Hà", "Ảnh minh họa: Báo X", "(Ảnh: TTXVN)")
_PHOTO_CREDIT = re.compile(r"(?<!\w)(?:Ảnh|ẢNH)(?:\s+(?:minh\s+họa|minh\s+hoạ|tư\s+liệu))?\s*:\s*[^.:;]{2,60}\)?$")
# a news page's heading of the list of other stories: what follows is not the story's ("Tin liên quan", "Xem thêm")
_RELATED_NEWS = re.compile(r"(?:Tin|Bài|Bài\s+viết|Các\s+tin|Các\s+bài(?:\s+viết)?)\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|"
                           r"khác|mới\s+hơn|cũ\s+hơn|đã\s+đưa|mới\s+nhất|xem\s+nhiều(?:\s+nhất)?)\s*:?|Xem\s+thêm\s*:?|"
                           r"Cùng\s+chuyên\s+mục\s*:?", re.IGNORECASE)
# a news title naming who, a colon and what ("MTTQ huyện A: Đẩy mạnh …")
_NEWS_TITLE = re.compile(rf"[^:.;]{{3,80}}:\s+[{UPPER}]")
# what ends a paragraph that is a sentence, not a title (a closing quote or bracket, "…", "./.")
_TITLE_ENDS = frozenset('.:;!?…"”)/')
# a news item opens with its dateline: "Sáng 15/12, …", "Ngày 5-8, …", "(TTXVN) - …"
_NEWS_OPENING = re.compile(rf"\A\s*(?:[^\n]{{0,200}}\n\s*){{0,3}}?(?:{_AGENCY_DASH}|{_DAY_PART}\s+"
                           r"\d{1,2}\s*[/\-.]\s*\d{1,2}(?:\s*[/\-.]\s*\d{4})?\s*,)")
_TRIGGER = re.compile(
    r"(?<![\w])(?:[Gg]iao\s+trách\s+nhiệm(?:\s+cho)?|[Gg]iao\s+nhiệm\s+vụ\s+cho|[Gg]iao\s*cho|[Gg]iao|[Yy]êu\s+cầu|[Đđ]ề\s+nghị|(?:[Uu]ỷ|[Ủủ]y)\s+quyền\s+cho|"
    r"[Cc]hỉ\s+thị\s+cho|[Pp]hân\s+công|[Kk]iến\s+nghị|(?<=\s)(?:chỉ\s+đạo|nhấn\s+mạnh|lưu\s+ý)|"
    # "Bộ Nội vụ đã đôn đốc các bộ … thực hiện báo cáo …": a report that units were urged gives them the work
    r"(?:(?<=đã\s)|(?<=đang\s)|(?<=vừa\s))đôn\s+đốc|"
    # a letter's plea to its addressee: "Rất mong Quý Công ty sớm khắc phục …", "UBND huyện kính mong Quý Cục …"
    # (not the thanks that close a letter: "Bộ X trân trọng cảm ơn và rất mong Quý cơ quan phối hợp …")
    r"(?<!ơn\svà\s)(?<!ơn\s)(?<!ơn,\s)(?:[Rr]ất|[Kk]ính)\s+mong(?=\s+[Qq]uý\s))\s*[:,]?\s*"
)
# a committee seat after an office in a list of who does what: " - Phó Trưởng tiểu ban", " – Ủy viên thường trực"
_ROLE_IN_BODY = re.compile(r"\s*[-–]\s*(?:Phó\s+)?(?:[Tt]rưởng|[Tt]ổ\s+trưởng|[UuỦủ]ỷ?y?\s+viên|[Tt]hành\s+viên|[Tt]hư\s+ký|"
                           r"[Cc]hủ\s+nhiệm|[Tt]hường\s+trực)(?:\s+[^\W\d_]+){0,6}?(?=\s*:)")
_IN_CHARGE = re.compile(r"[Pp]hụ\s+trách\s+chung[^;.]{0,300}[;.]\s*")
_PERSON_HEAD = re.compile(r"(?:[Đđ]ồng\s+chí|Đ/c|[Cc]ác\s+đồng\s+chí)\s+[^\W\d_][^,;.:()\d]{2,120}?(?=\s*:\s*\S)")
_PROCEDURE_STEP = re.compile(r"Bước\s+\d{1,2}\s*[:.]?\s*")
# ("Đồng thời,", "Ngoài ra," … are _CONTINUES, read with the paragraph after one of other matter too)
_PARA_LINK = re.compile(r"(?:Tuy\s+nhiên|Song\s+song(?:\s+với)?\s+đó)\s*,?\s*(?=\w)")
_SCOPE_NOTE = re.compile(r"(?:Thời\s+kỳ|Phạm\s+vi|Đối\s+tượng|Địa\s+bàn|Địa\s+điểm)(?:\s+(?:thanh\s+tra|kiểm\s+tra|giám\s+sát|áp\s+dụng|thực\s+hiện|tổ\s+chức|khảo\s+sát))?\s*[:,]?\s")
_HEADER_PREFIX = re.compile(
    r"^(?:Đề\s+nghị|Giao(?:\s+cho)?|Yêu\s+cầu|Trách\s+nhiệm\s+của|Nhiệm\s+vụ\s+của|Đối\s+với)\s*:?\s*")
_HEADER_TAIL = re.compile(
    r"\s*(?:\([^()]*\))?\s*(?:(?:có|chịu)\s+trách\s+nhiệm(?:\s+thực\s+hiện)?(?:\s+(?:các|một\s+số)\s+nhiệm\s+vụ)?"
    r"(?:\s+(?:sau(?:\s+đây)?|như\s+sau))?|"
    # "Sở A có các nhiệm vụ sau:", "Sở B có những nhiệm vụ chủ yếu như sau:"
    r"có\s+(?:(?:các|những|một\s+số)\s+)?nhiệm\s+vụ(?:\s+(?:chính|chủ\s+yếu|cụ\s+thể|trọng\s+tâm))?"
    r"(?:\s+(?:sau(?:\s+đây)?|như\s+sau))?|"
    r"thực\s+hiện\s+(?:các|những|một\s+số)\s+nhiệm\s+vụ\s+"
    r"(?:sau(?:\s+đây)?|như\s+sau))?\s*[:.]?\s*")
_AUTHORITY_BEFORE = re.compile(
    r"(?:Chủ\s+tịch|Phó\s+Chủ\s+tịch|Thủ\s+tướng|Phó\s+Thủ\s+tướng|UBND\s+(?:tỉnh|thành\s+phố|TP)|Tỉnh\s+[uủ]ỷ?y?|"
    r"Thành\s+[uủ]ỷ?y?|Huyện\s+[uủ]ỷ?y?|Ban\s+Thường\s+vụ|Thường\s+trực|Ban\s+Bí\s+thư|Bộ\s+Chính\s+trị|Chính\s+phủ|"
    r"Ủy\s+ban\s+nhân\s+dân\s+(?:tỉnh|thành\s+phố)|[Đđ]ồng\s+chí\s+[^,;]{2,40}|Bộ\s+trưởng)"
    r"[^,;.]{0,40}\s$"
    # a report that the head or the leaders of a body instructed the units under it: "Giám đốc Công an tỉnh đã chỉ
    # đạo Công an các huyện …", "Lãnh đạo Sở cũng lưu ý các phòng …" (in a directive, "Giám đốc Sở Y tế chỉ đạo
    # Trung tâm X …" is the director's own duty)
    r"|(?:(?:Ban\s+|Phó\s+|Tổng\s+)?Giám\s+đốc|(?:Ban\s+)?[Ll]ãnh\s+đạo|Thủ\s+trưởng|(?:Tổng\s+)?Cục\s+trưởng|"
    r"(?:Phó\s+)?Thống\s+đốc|(?:Phó\s+)?Bí\s+thư|Trưởng\s+ban|Chánh\s+[Vv]ăn\s+phòng)"
    r"[^,;.]{0,40}\s(?:đã|cũng|vừa|đã\s+kịp\s+thời)\s$"
    # "… đã ký ban hành văn bản số 2508/UBND-KGVX, chỉ đạo các sở …": the document that gives the instruction
    r"|(?:văn\s+bản|[Cc]ông\s+văn|[Cc]hỉ\s+thị|[Cc]ông\s+điện|[Tt]hông\s+báo)(?:\s+số\s+\S+)?\s*,?\s$"
    # "Văn bản này cũng lưu ý …", "Công điện còn yêu cầu …": the document goes on giving instructions
    r"|(?:[Vv]ăn\s+bản|[Cc]ông\s+văn|[Cc]hỉ\s+thị|[Cc]ông\s+điện|[Tt]hông\s+báo)(?:\s+(?:này|trên))?\s+(?:cũng|còn)\s$")
_ADVISES = re.compile(r"(?<!\w)(?:[Tt]ham\s+mưu|[Đđ]ề\s+xuất|[Tt]rình)(?:\s+(?:cho|với))?\s+"
                      r"(?:Chủ\s+tịch\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|Thủ\s+tướng|Chính\s+phủ|Bộ\s+trưởng|"
                      r"Tỉnh\s+[uủ]ỷ?y?|Huyện\s+[uủ]ỷ?y?|Thành\s+[uủ]ỷ?y?|Ban\s+Thường\s+vụ|cấp\s+có\s+thẩm\s+quyền)"
                      r"[^,;.]{0,40}\s$")
# a body named by its kind alone, as the lead of a duty: "giao Trung tâm chủ trì …", "Sở chủ trì …"
_BARE_HEAD_LEAD = re.compile(r"(Sở|Bộ|Cục|Viện|Trường|Phòng|Tổng\s+cục|Chi\s+cục|Trung\s+tâm|Công\s+ty|Tập\s+đoàn)"
                             r"(\s+chủ\s+trì)?")
_SAME_HEAD = re.compile(r"(?:Sở|Bộ|Cục|Viện|Trường|Phòng|Tổng\s+cục|Chi\s+cục|Trung\s+tâm|Công\s+ty|Tập\s+đoàn)(?=\s)")
_HEADS_OF_MANY = re.compile(r"(?<!\w)(?:Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng|Bí\s+thư|Hiệu\s+trưởng|Trưởng\s+[Pp]hòng)\s+"
                            r"(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+)?các\s[^,;.]{0,50}\s$")
_DOSSIER_ASKS = re.compile(r"(?<!\w)(?:[Hh]ồ\s+sơ|[Tt]ờ\s+trình)(?:\s+khoa\s+học)?\s+$")
# "… tổng hợp kết quả, tham mưu đề nghị UBND huyện khen thưởng": what an adviser will propose to its authority; the
# authority named after "đề nghị" is not given a duty here (rules35)
_ADVISER_ASKS = re.compile(r"(?<!\w)[Tt]ham\s+mưu\s*,?\s*$")
_HEADING_VERB = re.compile(r"(?:quyết\s+định|quyết\s+nghị|điện|chỉ\s+thị|ban\s+hành|thông\s+báo)\s*$", re.IGNORECASE)
_NEXT_TRIGGER = re.compile(
    r"(?:;|,|\.)\s*(?:(?:[Đđ]ồng\s+thời|[Đđ]ồng\s+thời\s*,)\s*)?"
    # "…; đồng thời UBND tỉnh cũng đề nghị Bộ X …": the issuer named again before its next request
    r"(?:(?:Chủ\s+tịch\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|huyện)(?:\s+[A-ZĐ]\w*){0,3}\s+"
    r"|Thủ\s+tướng(?:\s+Chính\s+phủ)?\s+)?(?:cũng\s+|còn\s+)?"
    r"(?:[Gg]iao(?:\s+cho)?|[Yy]êu\s+cầu|[Đđ]ề\s+nghị)\s+")
_WINDOW_FIRST = re.compile(r"(?<!\w)(?:[Tt]rong\s+thời\s+gian\s+)?từ\s+[^,;]{1,60}?\s(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?\d")
_TIMING_FIRST = re.compile(r"(?:Trước|Chậm\s+nhất|Đến\s+hết|Từ\s+nay\s+đến|Hằng|Hàng|Định\s+kỳ|Không\s+(?:muộn\s+hơn|quá)|"
                           r"Trong\s+(?:tháng|quý|năm|tuần|(?:6|sáu)\s+tháng\s+(?:đầu|cuối)|thời\s+hạn|vòng))\s")
_AUTHORITY_ACTS = re.compile(
    r",\s+(?:đồng\s+chí\s+)?(?:Chủ\s+tịch|Phó\s+Chủ\s+tịch|UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|Thủ\s+tướng|"
    r"Phó\s+Thủ\s+tướng|Bộ\s+trưởng)[^,;]{0,80}?\s(?:giao|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo)\s")
_HOST_KIND = re.compile(r"(?:Tỉnh|Thành\s+phố|Huyện)\s+(?:(?:cần\s+phải|cần|phải|sẽ)\s+)?(?=\w)")
# "67 xã, 21 phường", "12 đơn vị hành chính cấp xã": places counted, no unit named
_COUNTED_PLACES = r"\d{1,4}\s+(?:xã|phường|thị\s+trấn|đặc\s+khu|huyện|quận|thị\s+xã|tỉnh|thành\s+phố|đơn\s+vị[^,;]{0,40})"
_COUNT_OF_PLACES = re.compile(rf"{_COUNTED_PLACES}(?:\s*(?:,|và)\s*{_COUNTED_PLACES})*")
_ROLE_FIRST = re.compile(r"[Ll]à\s+(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)\s+(?:[Tt]hường\s+trực|[Đđ]ầu\s+mối|[Cc]hủ\s+trì|[Tt]ham\s+mưu|"
                         r"[Cc]huyên\s+môn)[^,;.:]{0,160}?,\s*")
_DIRECTS_UNITS = re.compile(r"\s*chỉ\s+đạo\s+")
_PEOPLES_COMMITTEE_HEAD = re.compile(r"(?:ỦY|UỶ|UY)\s+BAN\s+NHÂN\s+DÂN|UBND")
_DO_LEAD = re.compile(r"d(?<!\wd)o\s+")  # "do" not inside a word: (?<!\w)do, written to start with the letter
_OPENER = re.compile(r"^(?:Để|Nhằm|Sau\s+khi|Đối\s+với|Trên\s+cơ\s+sở|Căn\s+cứ|Trong\s+quá\s+trình|Khi|Trường\s+hợp|Ngay\s+sau\s+khi)\s")
_AUTHORITY = re.compile(AUTHORITY)
_ADVERB = re.compile(r"(?:khẩn\s+trương|chủ\s+động|tiếp\s+tục|kịp\s+thời|trực\s+tiếp|tích\s+cực)\s*,?\s*")
# "căn cứ kế hoạch của cơ quan, đơn vị, địa phương mình, <duty>": the kinds of body a basis belongs to, listed with
# commas inside the basis (rules35), not duties of their own
_KINDS_OF_BODY = r"(?:cơ\s+quan|đơn\s+vị|địa\s+phương|ngành|sở|ban|cấp|lĩnh\s+vực|phòng)"
_BASIS_OF_BODIES = re.compile(r"(?:trên\s+cơ\s+sở|căn\s+cứ)\s+[^,;.:]{3,160}?\s(?:của|tại)\s+(?:các\s+)?{K}(?:,\s*{K})+"
                              r"(?:\s+mình)?,\s*".replace("{K}", _KINDS_OF_BODY))
_MANDATE = re.compile(
    # "Các đồng chí Phó Chủ tịch theo lĩnh vực được phân công chỉ đạo …": the field or area in each one's charge
    r"theo\s+(?:lĩnh\s+vực|địa\s+bàn|ngành\s*,\s*lĩnh\s+vực)(?:\s+(?:được\s+(?:giao|phân\s+công)(?:\s+phụ\s+trách)?|"
    r"phụ\s+trách|quản\s+lý))?\s*,?\s*|"
    r"(?:theo|căn\s+cứ)\s+(?:chức\s+năng,?\s*)?nhiệm\s+vụ(?:\s*,\s*(?:thẩm\s+quyền|quyền\s+hạn))?(?:\s+(?:được\s+giao|quy\s+định|của\s+mình))?"
    r"(?:\s+và\s+[^,]{1,40})?\s*,?\s*|(?:trong\s+phạm\s+vi\s+[^,]{1,80},\s*)|"
    r"(?:trên\s+cơ\s+sở|căn\s+cứ)\s+[^,;.:]{3,160}(?:,\s*{_KINDS_OF_BODY}(?:\s+mình)?)*,\s*"
    .replace("{_KINDS_OF_BODY}", _KINDS_OF_BODY))
_TOPIC = re.compile(r"^(?:Về|Đối\s+với)\s[^:]{3,700}?:\s+(?=\S)")
# "Sở X là cơ quan thường trực, …", "… là đơn vị chủ trì, phối hợp với …" (rules40: "chủ trì", "đơn vị")
_LEAD_PHRASE = re.compile(r"(?:(?:là|làm)\s+(?:(?:cơ\s+quan\s+)?(?:đầu\s+mối|thường\s+trực)|(?:cơ\s+quan|đơn\s+vị)\s+chủ\s+trì)"
                          r"\s*,?\s*)")
_CHU_TRI = re.compile(r"chủ\s+trì\s*(?:,|và)?\s*")
_CONSULT = re.compile(r"(?:thảo\s+luận|làm\s+việc|trao\s+đổi|thống\s+nhất|bàn)\s*(?:kỹ\s*|cụ\s+thể\s*|trực\s+tiếp\s*)?(?:với|cùng)\s*")
_PHOI_HOP = re.compile(rf"(?:(?:(?:có|với)\s+)?sự\s+)?{COOPERATE}\s*(?:{COOPERATE_MANNER}\s*)?(?:(?:{PARTNER_WORD}|của)\s*:?)?\s*|"
                       # "có sự phối hợp của …", "với sự tham gia của …": the supporting units
                       r"(?:có|với)\s+sự\s+(?:tham\s+gia|phối\s+hợp|hỗ\s+trợ)\s+(?:của\s+)?")
_WITH = re.compile(r"cùng(?:\s+với)?\s+")
# "Sở X chủ trì, các sở, ngành liên quan phối hợp tổ chức …": the supporting units named before "phối hợp"
_SUPPORT_AFTER = re.compile(r"\s+phối\s+hợp(?:\s+thực\s+hiện)?\s*,?\s*(?=\S)")
_RESPONSIBLE = re.compile(r"(?:(?:cũng|đều)\s+)?(?:(?:có|chịu)\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|có\s+(?:các|những)\s+nhiệm\s+vụ(?:\s+(?:sau(?:\s+đây)?|như\s+sau))?)\s*(?:chính\s*)?(?:trong\s+việc\s+)?")
_FUTURE = re.compile(r"(?:cũng\s+)?sẽ\s+(?=\w)|còn\s+(?:sẽ\s+)?(?=\w)")
_MODAL = re.compile(r"(?:cần\s+phải|cần|phải)\s+")
_NOT_DIRECTIVE = re.compile(
    r"(?:đã|đang|vừa|được|bị|là|nhận\s+được|có\s+ý\s+kiến\s+(?:như\s+sau|chỉ\s+đạo|kết\s+luận)|gồm|thông\s+báo|"
    r"xin\s+thông\s+báo|kính\s+đề\s+nghị|đề\s+nghị|yêu\s+cầu|quyết\s+định|quyết\s+nghị|ghi\s+nhận|biểu\s+dương|"
    r"kết\s+luận|thông\s+qua|điện|chỉ\s+thị|giao|phát\s+biểu|trình\s+bày|đánh\s+giá\s+cao|tham\s+dự|cho\s+biết|"
    r"khẳng\s+định|chủ\s+trì\s+(?:hội\s+nghị|cuộc\s+họp|buổi|phiên\s+họp|cuộc\s+làm\s+việc)|trân\s+trọng|phân\s+công|ủy\s+quyền|uỷ\s+quyền|ban\s+hành\s+(?:Công\s+văn|Quyết\s+định|Kế\s+hoạch|"
    r"Chỉ\s+thị|Thông\s+báo|Nghị\s+quyết|Nghị\s+định|Thông\s+tư|Luật|Pháp\s+lệnh)|có\s+Công\s+văn|có\s+văn\s+bản\s+số|"
    # "Thứ trưởng Bộ X Trịnh Thị Y ký văn bản số 58 …, gửi các sở …": news that a letter was signed (its asks follow)
    r"ký\s+(?:ban\s+hành\s+)?(?:văn\s+bản|[Cc]ông\s+văn|[Cc]ông\s+điện|[Qq]uyết\s+định|[Cc]hỉ\s+thị|[Tt]hông\s+báo)\s+số)(?!\w)"
)
# a sentence whose predicate is "là nhiệm vụ cấp bách / trọng tâm …": a statement of importance (not "xác định … là …")
_STATEMENT = re.compile(r"(?![Xx]ác\s+định|[Cc]oi|[Cc]ần|[Pp]hải)(?:(?!(?<!\w)(?:coi|xác\s+định|nhận\s+thức)\s)[^;:]){5,300}?\slà\s+(?:một\s+)?(?:nhiệm\s+vụ|việc\s+làm|yêu\s+cầu)\s+"
                        r"(?:cấp\s+bách|trọng\s+tâm|quan\s+trọng|hàng\s+đầu|then\s+chốt|thường\s+xuyên|cần\s+thiết|"
                        r"chính\s+trị|lâu\s+dài)")
_GENERIC_ACTION = re.compile(
    r"^(?:khẩn\s+trương\s+)?(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?(?:thực\s+hiện|triển\s+khai)(?:\s+(?:nghiêm\s+túc|"
    r"ngay|có\s+hiệu\s+quả))?\s*[./]*$|"
    # the closing formula after the duties: "… thực hiện nghiêm túc, hiệu quả Chỉ thị này"
    r"^(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?thực\s+hiện(?:\s*,?\s*(?:nghiêm\s+túc|nghiêm\s+chỉnh|nghiêm|tốt|"
    r"có\s+hiệu\s+quả|hiệu\s+quả|đầy\s+đủ|kịp\s+thời))*\s+(?:(?:các\s+)?nội\s+dung\s+(?:của\s+)?)?"
    r"(?:Chỉ\s+thị|Công\s+văn|Kế\s+hoạch|Quyết\s+định|Thông\s+báo|Công\s+điện|Nghị\s+quyết|Chương\s+trình)\s+này"
    r"\s*[./]*$",
    re.IGNORECASE,
)
# The closing formulas of a document, which name no work of their own (the conventions: execution clauses are not
# tasks): "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện", "Yêu cầu Thủ trưởng các cơ quan, đơn vị tổ
# chức thực hiện nghiêm Thông báo này", and a letter's courtesy "kính đề nghị … quan tâm, giúp đỡ". A duty with content
# ("Yêu cầu các sở báo cáo kết quả trước ngày …") or a single unit charged with carrying a plan out stays a task.
_EXECUTION_WORDS = re.compile(
    r"(?:(?:khẩn\s+trương|quan\s+tâm|nghiêm\s+túc|nghiêm\s+chỉnh|nghiêm|quán\s+triệt|chỉ\s+đạo|tổ\s+chức|triển\s+khai|thực\s+hiện|"
    r"thi\s+hành|chấp\s+hành|có\s+hiệu\s+quả|hiệu\s+quả|tốt|đầy\s+đủ|kịp\s+thời|và|"
    # ("… khẩn trương phối hợp triển khai thực hiện Kế hoạch này", "… căn cứ nhiệm vụ được phân công triển khai …", rules42)
    r"phối\s+hợp|(?:được\s+)?phân\s+công|"
    r"(?:theo\s+)?(?:các\s+)?(?:nội\s+dung\s+(?:của\s+)?)?(?:Thông\s+báo|Kế\s+hoạch|Chỉ\s+thị|Công\s+văn|Quyết\s+định|Công\s+điện|Nghị\s+quyết|Chương\s+trình|văn\s+bản|"
    r"ý\s+kiến\s+chỉ\s+đạo|Kết\s+luận|nội\s+dung|yêu\s+cầu)\s+(?:này|trên|nêu\s+trên)|theo\s+(?:đúng\s+)?quy\s+định)[\s,]*)+[./]*",
    re.IGNORECASE)
_COURTESY_WORDS = re.compile(r"(?:(?:quan\s+tâm|giúp\s+đỡ|tạo\s+(?:mọi\s+)?điều\s+kiện(?:\s+thuận\s+lợi)?|ủng\s+hộ|"
                             r"và)[\s,]*)+[./]*", re.IGNORECASE)
# "các cơ quan, đơn vị", "Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã": everyone addressed, not one unit
# (nor a named body: "các đồng chí Thường trực Hội đồng")
_EVERYONE = re.compile(r"(?:(?:Thủ\s+trưởng|Lãnh\s+đạo|Giám\s+đốc|Chủ\s+tịch|Người\s+đứng\s+đầu)\s+)?(?:[^\s,]+\s+){0,2}?"
                       r"(?:các|những|mọi|toàn\s+thể)\s+(?:cơ\s+quan|đơn\s+vị|sở|ban|ngành|phòng|địa\s+phương|xã|phường|"
                       r"huyện|cấp|tổ\s+chức|trường|bộ|tỉnh|thành\s+phố|doanh\s+nghiệp)(?!\w)", re.IGNORECASE)
# "Ban Chỉ huy phòng chống thiên tai các tỉnh", "Sở A, Sở B và UBND các huyện": several units at once
_PLURAL_IN = re.compile(r"(?<!\w)(?:các|những)\s", re.IGNORECASE)
_COMRADES = re.compile(r"(?:các\s+)?đồng\s+chí\s", re.IGNORECASE)
_ASKED = re.compile(r"(?:yêu\s+cầu|đề\s+nghị)(?!\w)", re.IGNORECASE)
_GIVEN = re.compile(r"(?:được\s+giao|có\s+liên\s+quan|liên\s+quan)(?:\s+nhiệm\s+vụ)?\s*$", re.IGNORECASE)


# "Các phòng, ban, ngành", "các cơ quan, đơn vị", "Các sở, ngành, địa phương": every unit of some kinds, none named
_KIND = (r"(?:cơ\s+quan|đơn\s+vị|sở|ban|ngành|phòng|địa\s+phương|xã|phường|huyện|cấp|tổ\s+chức|trường|đoàn\s+thể|"
         r"phòng\s+chuyên\s+môn|đơn\s+vị\s+sự\s+nghiệp|hội)")
_ALL_OF_A_KIND = re.compile(rf"(?:các|những|mọi)\s+{_KIND}(?:\s*(?:,|và)\s*(?:các\s+)?{_KIND})*"
                            r"(?:\s+(?:có\s+)?liên\s+quan)?", re.IGNORECASE)
_THIS_PAPER_BASIS = re.compile(r"(?:Căn\s+cứ|Trên\s+cơ\s+sở)\s+(?:nội\s+dung\s+)?(?:Kế\s+hoạch|Chương\s+trình|Chỉ\s+thị|"
                               r"Công\s+văn|Thông\s+báo|Quyết\s+định|văn\s+bản)\s+này\s*,\s*")


_RESOLUTION_EXECUTION = re.compile(
    r"(?:(?:tổ\s+chức|triển\s+khai|thực\s+hiện|giám\s+sát(?:\s+việc)?|kiểm\s+tra|và)\s*,?\s*)+Nghị\s+quyết(?:\s+này)?"
    r"(?:\s+theo\s+(?:đúng\s+)?quy\s+định(?:\s+của\s+pháp\s+luật)?)?\s*[./]*", re.IGNORECASE)


def _closing_formula(task: ExtractedTask) -> bool:
    """The task is a closing formula with no work of its own (see _EXECUTION_WORDS)."""
    action = task.action.strip()
    if len(action) > 120:
        return False
    if _COURTESY_WORDS.fullmatch(action):
        return True  # "kính đề nghị Ủy ban nhân dân tỉnh quan tâm, giúp đỡ"
    lead = task.lead.strip()
    several = _EVERYONE.match(lead) is not None or (
        ("," in lead or _PLURAL_IN.search(lead) is not None) and _COMRADES.match(lead) is None)
    if not _EXECUTION_WORDS.fullmatch(action) or not several or task.sentence.rstrip().endswith(":"):
        return False  # ("… triển khai thực hiện các nội dung sau:": a lead-in to the duties below)
    at = task.sentence.find(task.lead)  # (the units are asked: "Yêu cầu …", "… đề nghị …")
    if at == 0 and _EVERYONE.match(task.lead.strip()) is not None and _GIVEN.search(task.lead):
        return True  # "Các sở, ngành được giao nhiệm vụ nghiêm túc triển khai thực hiện Kế hoạch này." (said of all)
    if _ALL_OF_A_KIND.fullmatch(lead) is not None and "này" in task.sentence and \
            (at == 0 or _THIS_PAPER_BASIS.fullmatch(task.sentence[:at]) is not None):
        # "Các phòng, ban, ngành căn cứ nhiệm vụ được giao triển khai thực hiện theo Kế hoạch này.", "Căn cứ Kế hoạch
        # này, các đơn vị triển khai thực hiện.": a plan's closing line said of everyone, no work of its own (rules42)
        return True
    return at > 0 and _ASKED.search(task.sentence, 0, at) is not None


# the kind of body a card's field names: "Cơ quan", "Đơn vị", also several ("Cơ quan, đơn vị phối hợp:", "Các cơ quan,
# tổ chức phối hợp:")
_FIELD_BODY = r"(?:Các\s+)?(?:Cơ\s+quan|Đơn\s+vị)(?:\s*(?:,|và)\s*(?:cơ\s+quan|đơn\s+vị|tổ\s+chức|địa\s+phương))*"
_FIELD = re.compile(
    # "Đơn vị chủ trì thực hiện: Sở Tư pháp." (a project or plan card) as well as "Đơn vị chủ trì: …"
    rf"^(?P<name>{_FIELD_BODY}\s+(?:chủ\s+trì(?:\s+(?:thực\s+hiện|triển\s+khai))?|thực\s+hiện(?:\s+chính)?|"
    r"chịu\s+trách\s+nhiệm)|"
    rf"{_FIELD_BODY}\s+phối\s+hợp(?:\s+(?:thực\s+hiện|triển\s+khai|chính))?|Chủ\s+trì|Phối\s+hợp|"
    r"(?:Thời\s+gian|Thời\s+hạn|Tiến\s+độ)(?:\s+(?:thực\s+hiện|hoàn\s+thành|ban\s+hành|trình|báo\s+cáo))?|"
    r"Nội\s+dung|Nhiệm\s+vụ|Sản\s+phẩm|Kết\s+quả|Kinh\s+phí)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# "…; thời gian hoàn thành: …" after another field's value on the same line
_MORE_FIELD = re.compile(rf";\s*(?:{_FIELD_BODY}\s+phối\s+hợp|Thời\s+gian|Thời\s+hạn|Tiến\s+độ)[^:;]{{0,30}}:",
                         re.IGNORECASE)
# "Số liệu phải được gửi về Bộ …", "Hồ sơ đăng ký gửi về Phòng X chậm nhất …", "Ý kiến của các Bộ đề nghị gửi về …":
# what must be sent, and where to
_PASSIVE_SEND = re.compile(
    r"(?:^|,\s+)(?P<duty>(?:[Bb]áo\s+cáo|[Ss]ố\s+liệu|[Hh]ồ\s+sơ|[Ýý]\s+kiến|[Vv]ăn\s+bản|[Dd]anh\s+sách|[Kk]ết\s+quả|"
    r"[Đđ]ề\s+xuất|[Tt]ài\s+liệu|[Ss]ản\s+phẩm|[Bb]ài\s+(?:dự\s+thi|viết)|[Tt]hông\s+tin|[Dd]ự\s+thảo|[Bb]ản\s+đăng\s+ký|"
    r"[Pp]hiếu|[Dd]anh\s+mục|[Bb]iểu\s+mẫu|[Tt]ờ\s+trình)[^.;:]{0,160}?\s(?:(?:phải|cần|đề\s+nghị|yêu\s+cầu)\s+)?"
    r"(?:(?:được|đề\s+nghị)\s+)?(?:gửi|nộp)\s+(?:về|đến|tới|cho)\s)")
# an activity card's heading: "Hoạt động 1: …", "Nhiệm vụ 3. …", "Phần việc 2: …" (its fields follow on their own lines)
_CARD_TITLE = re.compile(r"^(?:Hoạt\s+động|Nhiệm\s+vụ|Nội\s+dung|Phần\s+việc|Công\s+việc|Chương\s+trình|Việc)\s+"
                         r"(?:số\s+)?\d{1,2}\s*[:.]\s*")
_CARD_RANK = 2
_BY_REMIT = re.compile(r"\s*,?\s+(?:theo|căn\s+cứ|trên\s+cơ\s+sở)\s+(?:đúng\s+)?chức\s+năng\s*,?\s*(?:và\s+)?nhiệm\s+vụ[^;]*$")
# "- Các nội dung hỗ trợ thi hành Luật bao gồm:", "Các công việc cụ thể gồm:", "Nội dung thực hiện như sau:": a card's
# works listed below
_CONTENT_LIST = re.compile(r"(?:Các\s+|Những\s+)?(?:nội\s+dung|công\s+việc|nhiệm\s+vụ|hoạt\s+động)(?:\s+[^:;.]{1,80}?)?"
                           r"\s+(?:bao\s+gồm|gồm(?:\s+có)?|như\s+sau)\s*:$")
_MARKUP = re.compile(r"`|\|\s*[\w ]{1,20}=|\{\{|\}\}")
_PORTAL_FIELD = re.compile(r"(?:Số\s+hiệu|Loại\s+văn\s+bản|Nơi\s+ban\s+hành|Người\s+ký|Ngày\s+ban\s+hành|Ngày\s+hiệu\s+lực|"
                           r"Ngày\s+công\s+báo|Số\s+công\s+báo|Lĩnh\s+vực|Tình\s+trạng)\s*:")
_FIELD_START = re.compile(rf"(?:[-+•]\s*)?(?:{_FIELD_BODY}\s+(?:chủ\s+trì|phối\s+hợp|thực\s+hiện)|Chủ\s+trì|Phối\s+hợp|"
                          r"Thời\s+gian|Thời\s+hạn|Tiến\s+độ|Nội\s+dung|Sản\s+phẩm|Kết\s+quả|Kinh\s+phí)[^:]{0,30}:")
_RECIPIENTS = re.compile(r"^(?:Kính\s+gửi|KÍNH\s+GỬI)\b|(?:điện|ĐIỆN)\s*:\s*$")
_NOI_NHAN = re.compile(r"^(?:Nơi\s+nhận|NƠI\s+NHẬN)\b")
# "QUY ĐỊNH" / "QUY CHẾ" standing alone (its title may follow on the same line) after "Ban hành kèm theo Quyết định này …"
_REGULATION_HEAD = re.compile(r"^(?:QUY\s+ĐỊNH|QUY\s+CHẾ)(?:\s|$)")
_ISSUES_REGULATION = re.compile(r"[Bb]an\s+hành\s+kèm\s+theo\s+(?:[Qq]uyết\s+định|[Nn]ghị\s+quyết)\s+này\s+[“\"]?\s*(?:Quy\s+định|Quy\s+chế)|"
                                r"BAN\s+HÀNH\s+(?:QUY\s+ĐỊNH|QUY\s+CHẾ)|^Ban\s+hành\s+(?:Quy\s+định|Quy\s+chế)\s", re.MULTILINE)
_DECIDES = re.compile(r"Điều\s+1\b|QUYẾT\s+ĐỊNH\s*:")
_APPENDIX = re.compile(r"^(?:PHỤ\s+LỤC|KẾ\s+HOẠCH|DANH\s+MỤC|QUY\s+ĐỊNH|QUY\s+CHẾ|CHƯƠNG\s+TRÌNH|ĐỀ\s+ÁN)\b")


# "Báo cáo sơ kết … gửi về Bộ … trước ngày …": the report as the subject, how and when it is sent
_REPORT_SENT = re.compile(r"^Báo\s+cáo\s+[^.;]{0,240}?(?<!\w)gửi(?!\w)")
# "Báo cáo của các cơ quan, đơn vị gửi về UBND tỉnh trước ngày …" after the list of what each unit reports: the reports
# of every unit just asked for are due then (the sentence names no unit that must act, only whose reports they are)
_REPORTS_OF_ALL = re.compile(r"Báo\s+cáo\s+(?:kết\s+quả\s+)?(?:của\s+(?:các|những)\s+[^.;:]{2,60}?\s+)"
                             r"(?:(?:đề\s+nghị|phải|cần|đề\s+nghị\s+được|phải\s+được|cần\s+được|được)\s+)?(?:gửi|nộp)(?!\w)")
# "… phối hợp thực hiện.": a sentence that only says its units cooperate (on the duty just assigned)
_ONLY_COOPERATE = re.compile(r"(?:cùng\s+)?(?:có\s+trách\s+nhiệm\s+)?phối\s+hợp(?:\s+(?:thực\s+hiện|triển\s+khai|tổ\s+chức))?",
                             re.IGNORECASE)
# "… . Sở B, UBND các huyện có trách nhiệm phối hợp với Sở A trong quá trình thực hiện.": they work with the lead of the
# duty just given, on that duty (what is left of their sentence once the lead named as partner is taken out)
_ON_THAT_WORK = re.compile(r"(?:trong\s+(?:quá\s+trình\s+)?)?(?:(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)"
                           r"(?:\s+(?:nhiệm\s+vụ|nội\s+dung|công\s+việc|việc)\s+(?:này|trên|nêu\s+trên))?)?", re.IGNORECASE)
# a bracketed note that assigns nothing: no unit and no time in it
_PAREN_NOTE_UNIT = re.compile(r"\d|\b(?:Sở|Bộ|UBND|Ủy|Uỷ|Phòng|Ban|Cục|Trung tâm|các)\b")


# the time limit a lead-in gives its list: "trong tháng 9 năm 2020", "trước ngày 15/10", "chậm nhất …"
_LEADIN_TIME = re.compile(r"(?:trong|trước|chậm\s+nhất|hoàn\s+thành|xong|đến\s+hết)\s", re.IGNORECASE)


@dataclass
class _Frame:
    rank: float
    kind: str  # "units" | "leadin" | "support" | "time"
    lead: str = ""
    support: list[str] = field(default_factory=list)  # a "support" frame's units; a chair lead-in's partners
    group: ExtractedTask | None = None
    own: list[ExtractedTask] = field(default_factory=list)  # a lead-in's own tasks
    inherited: bool = False
    time_limit: tuple[str, str | None] | None = None  # "… các nội dung sau, hoàn thành trước ngày …:" for every item


@dataclass
class _Clause:
    lead: str
    support: list[str]
    action: str
    at: int  # offset of the action in the sentence
    deadline: Deadline | None


# "Số: 317/TB-UBND", "Số 12/2024/QĐ-UBND": the document-number line of a header
_NUMBER_LINE = re.compile(r"(?<!\w)Số\s*:?\s*\d+\s*/")


def _clean_action(action: str) -> str:
    action = action.strip()
    action = re.sub(r"\s*\./\.\s*$", "", action)
    action = re.sub(r"[\s,;:.]+$", "", action)
    action = re.sub(r"^[,;:\s]+", "", action)
    if (action[-1:] == "”" and action.count("”") > action.count("“")) or \
            (action[-1:] == '"' and action.count('"') % 2 == 1):
        action = action[:-1].rstrip(" ,;:.")  # the closing quote of a quoted instruction
    return action


_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")


_POLITE_LEAD = re.compile(rf"(?:Quý|quý)\s+(?=[{UPPER}][^\s,;]*\s+[^\s,;(])")


def _clean_lead(lead: str) -> str:
    """'Sở Y tế (cơ quan thường trực …)' is Sở Y tế; a parenthesis that lists units ('(Sở A, Ban B)') stays."""
    lead = lead.strip(" ,;:.")
    m_q = _POLITE_LEAD.match(lead)
    if m_q is not None and not bare_head(lead[m_q.end():]):
        lead = lead[m_q.end():]  # "Quý UBND huyện A", "Quý Công ty B": no part of the name ("Quý Ủy ban" stays)
    m = _TRAILING_PAREN.search(lead)
    if m and m.start() > 0 and len(match_units(m.group(1), 0).units) < 2:
        lead = lead[:m.start()].strip(" ,;:.")
    return lead


# "UBND tỉnh Bình Định, Phú Yên": several places share one head; each is its own supporting unit
_SHARED_PLACE_HEAD = re.compile(
    r"^((?:UBND|[ỦU]ỷ?y?\s+ban\s+nhân\s+dân|Công\s+an|Sở\s+[^\W\d_]+(?:\s+[^\W\d_]+)?)\s+"
    r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường)\s+)(.+)$")
_PLACE_PART = re.compile(rf"{PROPER}")


def _split_support(units: list[str]) -> list[str]:
    out: list[str] = []
    for u in units:
        u = u.strip(" ,;:.")
        m = _SHARED_PLACE_HEAD.match(u) if ("," in u or " và " in u) else None
        if m:
            parts = re.split(r"\s*,\s*|\s+và\s+", m.group(2))
            if len(parts) > 1 and all(_PLACE_PART.fullmatch(x) for x in parts):
                for x in parts:
                    if m.group(1) + x not in out:
                        out.append(m.group(1) + x)
                continue
        if u and u not in out and not any(u.startswith(x + ", ") for x in out):  # (a unit, then it again in a list)
            out.append(u)
    return out


# "… với tinh thần trách nhiệm cao nhất, bám sát …": the spirit asked for stands before the duty
_MANNER = re.compile(r"(?:với|bằng)\s+(?:tinh\s+thần|trách\s+nhiệm|quyết\s+tâm|sự\s+quyết\s+liệt)[^,;.:]{0,60},\s*(?=\S)")
_BASIS_SET_OFF = re.compile(r",\s*(?:trên\s+cơ\s+sở|căn\s+cứ(?:\s+vào)?)\s")


def _basis_set_off(rest: str, k: int) -> int:
    """", trên cơ sở phương án ứng phó … đã được phê duyệt, hướng dẫn …": a basis set off by commas ends at the comma
    before the duty's verb (a verb inside the basis is not the duty); `k` itself when there is none."""
    m_b = _BASIS_SET_OFF.match(rest, k)
    if m_b is None:
        return k
    end = _verb_past_commas(rest, m_b.end())
    return k if end is None else end


def _verb_past_commas(s: str, at: int, own_clause_stops: bool = False) -> int | None:
    """Where the duty's verb starts after a basis that runs on from `at` over commas ("… của các sở, ban, ngành, địa
    phương, chủ trì tổng hợp …"): the first comma followed by a verb of two words and not by units; None when a
    sentence or bracket mark comes first, and with `own_clause_stops` when the stretch holds a clause of its own
    ("Căn cứ kết quả thí điểm, trong năm 2026 Bộ sẽ tổng kết, đánh giá …": what a body will do is no basis)."""
    for m_c in _COMMA_SP.finditer(s, at, min(len(s), at + 300)):
        if re.search(r"[;.:()]", s[at:m_c.start()]):
            return None
        if own_clause_stops and _OWN_CLAUSE.search(s, at, m_c.start()):
            return None
        v = verb_at(s, m_c.end())
        if v is not None and " " in v.group(0) and not _SUBJECT_AFTER.match(s, m_c.end()):
            return m_c.end()
    return None


_BASIS_FIRST = re.compile(r"(?:[Tt]rên\s+cơ\s+sở|[Cc]ăn\s+cứ(?:\s+vào)?)\s")
_OWN_CLAUSE = re.compile(r"(?<!\w)(?:sẽ|cần|phải|đã|đang|vừa)(?!\w)")


# a bracketed note between the lead and its duty ("Sở A chủ trì (phối hợp với Sở B) rà soát …"), then a comma or colon
_AND_MORE = re.compile(r"\s*(?:,|và)\s*")
_NOTE_GAP = re.compile(r"\s*(?:\((?P<note>[^()]{0,160})\))?\s*[,:]?\s*")


def _after_units(rest: str) -> tuple[list[str], str, int]:
    """Support units and the action in what follows the lead units; also the offset where the action starts."""
    original = rest
    k0 = len(rest) - len(rest.lstrip())
    rest = rest[:k0] + rest[k0:k0 + 1].lower() + rest[k0 + 1:]  # "Chủ trì, phối hợp …" at the start of an item
    i = 0
    support: list[str] = []
    m_basis = re.match(r"\s*,?\s*(?:trên\s+cơ\s+sở|căn\s+cứ)\s+[^.]{0,300}?[;,]\s*(?=(?:khẩn\s+trương\s+)?chủ\s+trì)", rest)
    m_as = _ROLE_APPOSITION.match(rest) if not m_basis and rest.startswith("với vai trò", k0) else None
    if m_basis:
        i = m_basis.end()
    elif m_as is not None:
        i = m_as.end()  # "Sở X với vai trò là cơ quan thường trực …, chủ trì …": its role, then its duty
    elif rest.startswith(",", k0):
        m_role = _ROLE_APPOSITION.match(rest, k0)
        m_so = None if m_role else _scope_set_off(rest, k0)  # ", trong phạm vi trách nhiệm của mình, khẩn trương …"
        i = m_role.end() if m_role else m_so.end() if m_so else _basis_set_off(rest, k0)  # ", cơ quan chuyên môn về …, chịu trách nhiệm"
    for _ in range(6):
        m = _NOTE_GAP.match(rest, i)
        if m:
            i = m.end()
            if m.group("note") and "hợp" in m.group("note"):
                support += [u for u in partners_in_note(m.group("note")) if u not in support]
        moved = False
        k_basis = _verb_after_basis(rest, i) if rest.startswith(("căn", "trên", "theo"), i) else None
        if k_basis is not None:
            i = k_basis  # "căn cứ tình hình thực tế tại địa phương xây dựng …": the duty starts at its verb
            moved = True
        for pat in (_PASSIVE_ASSIGNED, _LEAD_PHRASE, _MANDATE, _MANNER, _RESPONSIBLE, _MODAL, _FUTURE):
            m2 = pat.match(rest, i)
            if m2 and m2.end() > i:
                i = m2.end()
                moved = True
        m_adv = _ADVERB.match(rest, i)
        if m_adv and (_CHU_TRI.match(rest, m_adv.end()) or _PHOI_HOP.match(rest, m_adv.end())):
            i = m_adv.end()
            moved = True
        m_ct = _CHU_TRI.match(rest, i)
        if m_ct and not re.match(r"chủ\s+trì\s+(?:tổ\s+chức|hội\s+nghị|cuộc)", rest[i:]):
            i = m_ct.end()
            moved = True
        m_ph = _PHOI_HOP.match(rest, i)
        if not m_ph and m_ct:
            m_ph = _CONSULT.match(rest, i) or _WITH.match(rest, i)
        if not m_ph and m_ct:
            m_sep = re.compile(r"\s*[,;]?\s*").match(rest, i)
            k_s = m_sep.end() if m_sep else i
            um_s = match_units(rest, k_s, support=True)
            m_after = _SUPPORT_AFTER.match(rest, um_s.end) if um_s.ok else None
            if m_after is not None and verb_at(rest, m_after.end()) is not None:
                support += um_s.units
                i = m_after.end()
                moved = True
                continue
        k_own = own_departments(rest, m_ph.end()) if m_ph and rest.startswith(("các", "những"), m_ph.end()) else None
        if m_ph and k_own is not None:
            # "… phối hợp các phòng chuyên môn của Sở rà soát …": the departments named by whose they are (rules40)
            support.append(rest[m_ph.end():k_own])
            i = k_own
            m_and = _AND_MORE.match(rest, i)
            um_more = match_units(rest, m_and.end(), support=True) if m_and is not None else None
            if um_more is not None and um_more.ok:
                support += um_more.units  # (… và Công an xã: the list goes on)
                i = um_more.end
            moved = True
        elif m_ph:
            um = match_units(rest, m_ph.end(), support=True)
            if um.ok:
                support += um.units
                i = um.end
                moved = True
        if not moved:
            break
    return support, original[i:], i


_PARTNERS_OPEN = ("Cùn", "Với", "Có ")  # (speed: the openings support_scope.partners_first reads)
_LEADS_WITH = re.compile(r"\s*(?:[Kk]hẩn\s+trương\s+)?[Cc]hủ\s+trì\s*(?:,|và)?\s*phối\s+hợp")


def _support_first(line_tasks: list[ExtractedTask], k: int, units: list[str]) -> None:
    """The units of a leading "Cùng với …," support the first task the sentence gave (k: tasks before it)."""
    if len(line_tasks) > k:
        t = line_tasks[k]
        for u in units:
            if u not in t.support and u != t.lead:
                t.support.append(u)


# "… kiểm tra an toàn thực phẩm với sự phối hợp của Sở B và Công an tỉnh": the units named after the duty support it
# a sentence's opening basis that names another body, before the unit that acts (only at a sentence's start, never
# inside a semicolon series): "Theo đề nghị của Sở A, …", "Thực hiện Quy chế phối hợp giữa Sở A và Sở B, …" (rules40)
_BASIS_OF_OTHERS = re.compile(r"(?:Theo\s+(?:đề\s+nghị|ý\s+kiến|đề\s+xuất)|Thực\s+hiện\s+(?:Quy\s+chế|Quy\s+định|Thỏa\s+thuận|"
                              r"Thoả\s+thuận|Đề\s+án|Nghị\s+định|Thông\s+tư)(?!\w))[^,;]{0,200},\s*")
_WITH_HELP_OF = re.compile(r"(?<=\s)(?:với|có)\s+sự\s+(?:phối\s+hợp|tham\s+gia|hỗ\s+trợ)(?:\s+chặt\s+chẽ)?\s+(?:của\s+)?")


# "chỉ đạo Bộ Chỉ huy Quân sự tỉnh phối hợp với Sở Tài chính xây dựng …": the lead directs one unit to work with others;
# those others are the duty's support
_DIRECTS = re.compile(r"[Cc]hỉ\s+đạo\s+")
_DIRECTED_WITH = re.compile(r"\s+(?:chủ\s+trì,?\s*)?phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với|cùng)\s+")


# "- Xây dựng chuyên mục … . Đồng thời, thường xuyên liên hệ …" then the card's fields: the second sentence is a duty
# of its own, with the card's units and time
_AT_THE_SAME_TIME = re.compile(r"\.\s+Đồng\s+thời\s*,\s*(?=\S)")


def _whole_units(piece: str) -> list[str]:
    """The units a partner field names when it names nothing else (else none)."""
    um = match_units(piece, 0, support=True)
    return list(um.units) if um.ok and um.end >= len(piece.rstrip(" .,")) else []


def _titleless_card(item: dict[str, str] | None, fm: re.Match[str], marker: str | None) -> str:
    """The title of a card with no heading line: "- Nội dung: Rà soát …\n- Cơ quan chủ trì: Sở A.\n- Cơ quan phối hợp:
    Sở B.\n- Thời gian: …" (a plan's card written as fields only) is titled by its content line, which its other fields
    then share; "" when the field opens no such card (rules40)."""
    name = fm.group("name").lower()
    if item is not None and item.get("titleless") and not (item.get("content") and name.startswith(("nội", "nhiệm"))):
        return item["title"]  # (a second content line opens the next card)
    if marker in ("dash", "plus") and name.startswith(("nội dung", "nhiệm vụ")) and \
            _starts_with_verb(fm.group("value").strip()):
        return fm.group(0).strip()
    return ""


def _card_duties(action: str) -> list[str]:
    """The duties of a task card's text: one, or one per sentence that goes on with "Đồng thời, …" and a verb."""
    if "Đồng" not in action:
        return [action]
    out: list[str] = []
    at = 0
    for m in _AT_THE_SAME_TIME.finditer(action):
        if verb_at(action, m.end()) is None:
            continue
        out.append(action[at:m.start()])
        at = m.end()
    out.append(action[at:])
    return [d for d in out if d.strip(" .;")]


def _more_support(action: str) -> list[str]:
    out: list[str] = []
    m_dir = _DIRECTS.match(action) if action[:2] in ("ch", "Ch") else None
    if m_dir is not None:
        um_d = match_units(action, m_dir.end())
        m_with = _DIRECTED_WITH.match(action, um_d.end) if um_d.ok else None
        if m_with is not None:
            um = match_units(action, m_with.end(), support=True)
            if um.ok and verb_at(action, um.end + 1) is not None:
                out += um.units
    # "…; phối hợp với …", "tham mưu phối hợp với …", "phối hợp phòng CNTT …" (not again a unit already named)
    out += [u for u in partners_in_duty(action) if not any(u.startswith(x) for x in out)]
    for m in (_WITH_HELP_OF.finditer(action) if "sự" in action else ()):
        um = match_units(action, m.end(), support=True)
        if um.ok:
            out += [u for u in um.units if u not in out]
    return out


_MAX_TIMINGS = 12
_MAX_SENTENCE = 2500


def _bounded(sentences: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Run-on 'sentences' (a whole document without a full stop) are cut at ';' so work stays linear."""
    out: list[tuple[int, str]] = []
    for at, sent in sentences:
        while len(sent) > _MAX_SENTENCE:
            cut = sent.rfind("; ", 0, _MAX_SENTENCE)
            if cut < _MAX_SENTENCE // 4:
                cut = sent.rfind(" ", 0, _MAX_SENTENCE)
            if cut <= 0:
                cut = _MAX_SENTENCE
            out.append((at, sent[:cut]))
            step = cut + (2 if sent.startswith("; ", cut) else 1 if sent.startswith(" ", cut) else 0)
            at += step
            sent = sent[step:]
        out.append((at, sent))
    return out


# "…; không để người dân …", "…; tuyệt đối không chủ quan …", "…; nghiêm cấm …": a prohibition is a duty too
_PROHIBITION = re.compile(r"(?:tuyệt\s+đối\s+)?không\s+(?:để|được|cho\s+phép)\s|nghiêm\s+cấm\s|kiên\s+quyết\s+không\s")
_DUTY_SEP = re.compile(r";\s+")
# More openings of a duty inside a semicolon series, read only after ";" (kept out of VERBS, where they would end a
# unit's name: "Trung tâm Phục vụ hành chính công"): visits and gifts ("…; thăm, tặng quà …"), opening and starting
# works ("…; khánh thành …", "…; khởi công …"), "…; phục vụ …", "…; chọn lựa …", "…; có cơ chế …" and a prohibition
# said with "tuyệt đối không" ("…; tuyệt đối không lơ là, chủ quan")
_SERIES_DUTY = re.compile(r"(?:thăm(?:\s*,\s*|\s+và\s+)?tặng\s+quà|thăm(?=\s+(?:các|gia\s+đình|hộ|người|cán\s+bộ|đồng\s+chí))|"
                          r"tặng\s+quà|khánh\s+thành|khởi\s+công|phục\s+vụ|chọn\s+lựa|"
                          r"có\s+(?:các\s+|những\s+)?cơ\s+chế|tuyệt\s+đối\s+không)(?!\w)")
# "…; trong quá trình thi công bảo đảm an toàn …": an occasion with no comma before the duty's verb
_OCCASION_DUTY = re.compile(r"trong\s+quá\s+trình\s+(?:[^\W\d_]+\s+){1,4}?(?=(?:bảo\s+đảm|đảm\s+bảo|chú\s+ý|lưu\s+ý|phải|cần|"
                            r"kịp\s+thời|chủ\s+động|thực\s+hiện\s+nghiêm)\s)")
_INLINE_LEADIN = re.compile(r"[^;:]{0,160}?(?:nhiệm\s+vụ|nội\s+dung|giải\s+pháp|công\s+việc|việc|biện\s+pháp)[^;:]{0,60}?"
                            r"(?:như|sau(?:\s+đây)?|cụ\s+thể|gồm)\s*:\s+(?=\S)")
# "…; hoàn thành trước ngày 30/11": the time limit of the duty before, not a duty of its own
_CITED_DOC = re.compile(r"(?:Quyết\s+định|Công\s+văn|Thông\s+báo|Kế\s+hoạch|Chỉ\s+thị|Nghị\s+quyết|Công\s+điện)\s+số\s")
_SEMI_COMPLETION = re.compile(r"(?:hoàn\s+thành|xong|thời\s+gian\s+hoàn\s+thành)\s*(?:[,:]\s*)?(?:trước|trong|vào|chậm|không|ngay|$)",
                         re.IGNORECASE)


# "…; quản lý đảng viên; công tác phòng, chống dịch …; công tác tuyên truyền …": inside a series already cut at a
# duty's verb, a part that names a field of work ("công tác …") is one more duty under the same governing verb (not
# "công tác phí"; a list of objects after one verb has no verb-led parts before it and stays one duty)
_WORK_NAMED = re.compile(r"công\s+tác\s+(?!phí\b)[^\W\d_]")


def _duties(action: str) -> list[str]:
    """A semicolon series of duties ("rà soát …; tổng hợp, báo cáo …") is several tasks: a part after ';' that starts
    with an action verb is a new duty; a part that does not (a list of objects, a condition) stays with the one
    before. Parentheses are never cut."""
    if ":" in action:
        m_in = _INLINE_LEADIN.match(action)
        if m_in is not None and ";" in action[m_in.end():] and _starts_with_verb(action[m_in.end():]):
            # "thực hiện tốt một số nhiệm vụ trọng tâm như: Làm tốt …; chuẩn bị …": the items are the duties
            action = action[m_in.end():]
    if ";" not in action:
        return _comma_duties(action)
    out: list[str] = []
    last = 0
    for m in _DUTY_SEP.finditer(action):
        head = action[last:m.start()]
        depth_ok = action.count("(", 0, m.start()) <= action.count(")", 0, m.start())
        nxt = action[m.end():]
        m_enum = _INLINE_ENUM.match(nxt) if _INLINE_ENUM.match(action) else None
        if m_enum:  # "(1) rà soát …; (2) gửi báo cáo …": an inline numbered series (only when the first is numbered)
            nxt = nxt[m_enum.end():]
        m_adv = _LEADING_ADVERBIAL.match(nxt[:1].upper() + nxt[1:])
        k = m_adv.end() if m_adv else 0
        m_occ = _OCCASION_DUTY.match(nxt, k) if nxt[k:k + 5] == "trong" else None
        if m_occ is not None:
            k = m_occ.end()  # the duty starts at its verb; the occasion is where it applies
        if not depth_ok or not head.strip() or not (_starts_with_verb(nxt[k:]) or _PROHIBITION.match(nxt, k)
                                                    or _SERIES_DUTY.match(nxt, k)
                                                    or (len(out) >= 1 and _WORK_NAMED.match(nxt, k) is not None)) \
                or _SEMI_COMPLETION.match(nxt[k:]) or _BARE_COMPLETION.match(nxt[k:]) or _CITED_DOC.match(nxt[k:]):
            continue
        out.append(action[last:m.start()])
        # "…; trong đó, lập danh sách …": the duty starts at its verb (a timing in front stays with it)
        last = m.end() + (m_enum.end() if m_enum else 0) + (k if k and first_timing(nxt[:k]) is None else 0)
    out.append(action[last:])
    if out and _INLINE_ENUM.match(out[0]) and len(out) > 1:
        out[0] = out[0][_INLINE_ENUM.match(out[0]).end():]  # type: ignore[union-attr]
    return [y for x in out if x.strip() for y in _comma_duties(x)] or [action]


# Inside one clause a new duty is announced by "…, đồng thời …", "… cũng như …", "…, chịu trách nhiệm …",
# "…, phối hợp với X làm …" after a duty of its own, or by the same verb said again ("thực hiện ngay …, thực hiện
# mọi giải pháp …").
_COMMA_DUTY = re.compile(
    r"(?:,\s*|\s+)(?:đồng\s+thời\s*,?\s*|cũng\s+như\s+)(?=\S)"
    r"|,\s*(?:đồng\s+thời\s+)?(?:chịu|có)\s+trách\s+nhiệm\s+(?=\S)"
    r"|,\s*(?=phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với|cùng)\s)"
    r"|,\s+(?=\S)")
_MIN_DUTY_WORDS = 4
# "khen thưởng doanh nghiệp, tổ chức có thành tích": "tổ chức" as the organisations, not the verb said again
_ORG_NOUN = re.compile(r"tổ\s+chức\s*(?:,|có\s|và\s|cá\s+nhân|đoàn\s+thể|xã\s+hội|chính\s+trị|liên\s+quan)")
# "…, phối hợp với X, hoàn thành trước ngày …": finishing on time is the same duty's deadline, not a second duty
_COMPLETION = re.compile(r"(?:hoàn\s+thành|xong|báo\s+cáo\s+kết\s+quả)(?:\s+\S+){0,3}?\s*"
                         r"(?:trước|chậm\s+nhất|trong|không\s+quá|đến\s+ngày)(?!\w)", re.IGNORECASE)

# "hoàn thành công tác X, hoàn thành trước ngày …": "hoàn thành" said again with no object of its own is the time
# limit of the duty before it, not a second duty ("…, hoàn thành việc chi trả trước ngày …" still is one)
_BARE_COMPLETION = re.compile(r"(?:hoàn\s+thành|xong)(?:\s+(?:dứt\s+điểm|xong|toàn\s+bộ|các\s+nội\s+dung\s+trên))?\s*[,:]?\s*"
                              r"(?:trước|chậm\s+nhất|trong|không\s+quá|đến|vào|ngay|kịp\s+thời)(?!\w)", re.IGNORECASE)


def _comma_duties(duty: str) -> list[str]:
    """Split one duty where a second duty begins inside it (see _COMMA_DUTY); parentheses are never cut."""
    if "," not in duty and "đồng thời" not in duty and "cũng như" not in duty:
        return [duty]
    v0 = verb_at(duty, 0)
    first_verb = v0.group(0) if v0 is not None and " " in v0.group(0) else None
    out: list[str] = []
    last = 0
    for m in _COMMA_DUTY.finditer(duty):
        head = duty[last:m.start()]
        if len(head.split()) < _MIN_DUTY_WORDS or duty.count("(", 0, m.start()) > duty.count(")", 0, m.start()):
            continue
        nxt = duty[m.end():]
        sep = m.group(0)
        if sep.strip(" ,") == "" and nxt.startswith("phối"):
            m_ph = _PHOI_HOP.match(nxt)
            um = match_units(nxt, m_ph.end(), support=True) if m_ph else None
            rest = nxt[um.end:].lstrip(" ,") if um is not None else ""
            if um is None or not um.ok or verb_at(rest, 0) is None or _COMPLETION.match(rest):
                continue
        elif sep.strip(" ,") == "":  # a bare comma: only the same verb said again opens a new duty
            if first_verb is None or not re.match(re.escape(first_verb) + r"(?!\w)", nxt) or \
                    len(nxt.split()) < _MIN_DUTY_WORDS or _ORG_NOUN.match(nxt) or _BARE_COMPLETION.match(nxt):
                continue
        elif not _starts_with_verb(nxt) or len(nxt.split()) < 3:
            continue
        out.append(head)
        last = m.end()
    out.append(duty[last:])
    return [x for x in out if x.strip()] or [duty]


_INLINE_ENUM = re.compile(r"\s*(?:\(\d{1,2}\)|\d{1,2}[.)]|[a-zđ]\))\s+")
_PIECE_SEP = re.compile(r";\s+|,\s+|\s+và\s+")
_SEMI = re.compile(r";\s+")


_TIME_WORD_TAIL = re.compile(r"[;,]\s*(?:thời\s+(?:gian|hạn))(?:\s+(?:hoàn\s+thành|thực\s+hiện|triển\s+khai))?\s*(?:là|:)?\s*$",
                             re.IGNORECASE)


_TIME_NOTE_OPEN = re.compile(r"\s*\(\s*(?:(?:thời\s+(?:gian|hạn)\s+)?(?:hoàn\s+thành|xong|thực\s+hiện)\s*:?\s*)?$", re.IGNORECASE)


def _trim_deadline(action: str, dl: Deadline | None) -> str:
    if dl is None or dl.text is None:
        return action
    if action.startswith(dl.text):
        rest = action[len(dl.text):].lstrip(" ,")
        if rest and verb_at(rest, 0) is not None:
            return rest  # "trước ngày 15/4 gửi báo cáo …": the time said first, then the duty
    at = action.rfind(dl.text)
    if at < 0:
        return action
    tail = action[at + len(dl.text):]
    if re.fullmatch(r"[\s,;.:/)]*(?:để\s+[^;]*)?", tail) or at > len(action) * 0.5:
        head = action[:at]
        head = re.sub(r"[;,]?\s*(?:hoàn\s+thành(?:\s+(?:dứt\s+điểm|xong|toàn\s+bộ))?|xong|gửi\s+về\s+[^;,]{0,60}|"
                      r"báo\s+cáo\s+kết\s+quả)?\s*$", "", head) \
            if re.search(r"[;,]\s*(?:hoàn\s+thành(?:\s+(?:dứt\s+điểm|xong|toàn\s+bộ))?|xong)\s*$", head) else head
        m_open = _TIME_NOTE_OPEN.search(head)
        if m_open is not None and ")" in tail[:3]:
            head = head[:m_open.start()]  # "… bố trí kinh phí (hoàn thành trước ngày …)": the note's bracket goes too
        if head.rstrip().endswith(" từ nay"):
            head = head.rstrip()[:-len(" từ nay")]  # "… từ nay đến hết năm 2025": the window's start goes with its end
        m_word = _TIME_WORD_TAIL.search(head)
        if m_word is not None:
            head = head[:m_word.start()]  # "…; thời gian hoàn thành: chậm nhất ngày …": the time's own words go with it
        return head
    return action


def _extend_to_verb(sentence: str, um: UnitMatch) -> UnitMatch:
    """'giao các doanh nghiệp công nghệ số thực hiện …': the unit's description runs on to the verb."""
    k = um.end
    last = um.units[-1] if um.units else ""
    m_nl = NOUN_LIKE_VERB.match(sentence, k + 1) if sentence[k:k + 1] == " " and _COLLECTIVE.match(last) else None
    if m_nl is not None:
        # "các thương nhân kinh doanh xăng, dầu trên địa bàn tỉnh không để …": what they trade or make describes them
        m_end = _DESCRIPTION_END.search(sentence, m_nl.end(), min(len(sentence), m_nl.end() + 120))
        if m_end is not None and not re.search(r"[;.:()]", sentence[k:m_end.start()]):
            end = m_end.start() - 1
            return UnitMatch(um.start, end, um.units[:-1] + [(last + sentence[um.end:end]).strip()])
    if _starts_with_verb(sentence[k:].lstrip(" ,")) or not re.match(r"\s+[^\W\d_]", sentence[k:]):
        return um
    for m in re.finditer(r"\s+([^\W\d_]+)", sentence[k:k + 50]):
        pos = k + m.start(1)
        v = verb_at(sentence, pos)
        if v is not None and " " in v.group(0):  # a two-syllable verb: one syllable may end a noun ("công trình")
            if re.search(r"[,;:.()]", sentence[k:pos]) or NAME_STOP_WORDS.search(sentence[k:pos]) or \
                    time_between(sentence[k:pos]):
                return um  # "Sở Tài chính trước ngày 15/4 gửi …": a time before the verb is the duty's, not the name's
            m_modal = _MODAL_WORD.search(sentence, k, pos)
            if m_modal is not None:
                pos = m_modal.start()  # "các cục thuế phải chủ động …": the name ends before the modal
            end = pos - 1
            units = um.units[:-1] + [(last + sentence[um.end:end]).strip()]
            return UnitMatch(um.start, end, units)
    return um


_MODAL_WORD = re.compile(r"(?<=\s)(?:phải|cần|cũng|đều|sẽ)(?!\w)")
_DESCRIPTION_END = re.compile(r"(?<=\s)(?:phải|cần|không\s+(?:để|được)|tuyệt\s+đối|có\s+trách\s+nhiệm|chủ\s+động|"
                              r"khẩn\s+trương|tăng\s+cường|nghiêm\s+túc|tập\s+trung|chấp\s+hành|bảo\s+đảm|đảm\s+bảo)(?!\w)")


# what stands between a unit and its duty: "(cơ quan thường trực)", "- cơ quan giúp việc …", ", cơ quan chuyên môn
# trong lĩnh vực thông tin và truyền thông," (the unit's role in apposition)
# (", cơ quan thường trực …, chủ trì …", and "… với vai trò là cơ quan thường trực Ban Chỉ đạo, chủ động …")
_ROLE_APPOSITION_RE = (r"(?:,\s*|\s*(?<=\s)với\s+vai\s+trò\s+)(?:là\s+)?(?:cơ\s+quan|đơn\s+vị)\s+(?:chuyên\s+môn|thường\s+trực|đầu\s+mối|"
                       r"tham\s+mưu|quản\s+lý\s+nhà\s+nước)[^,;:.]{0,160}?,?(?=\s(?:giúp|tham\s+mưu|chủ\s+trì|có\s+trách|"
                       r"chịu\s+trách|chủ\s+động))")
_ROLE_APPOSITION = re.compile(_ROLE_APPOSITION_RE)
_APPOSITION = re.compile(r"\s*(?:\([^()]{0,160}\))?\s*(?:-\s+[^,;]{0,120}?(?=\s(?:giúp|tham\s+mưu|chủ\s+trì|có\s+trách))\s*|"
                         + _ROLE_APPOSITION_RE + ")?")


def _subject_clause(sentence: str, start: int, asked: bool = False) -> tuple[UnitMatch, int] | None:
    """A unit list at `start` followed by an action verb: ('Sở Y tế khẩn trương …'); `asked`: named right after a
    request ("yêu cầu …"), which makes any verb after it the duty asked."""
    um = match_units(sentence, start)
    m_gov = _GOVERNMENT_OF.match(sentence, start) if not um.ok and sentence[start:start + 1] in "Cc" else None
    um_gov = match_units(sentence, m_gov.end()) if m_gov is not None else None
    m_board = _PARTY_BOARD.match(sentence, start) if not um.ok and sentence[start:start + 1] in "BUỦ" else None
    if m_board is not None:
        # "Ủy ban kiểm tra Huyện ủy theo dõi …", "Ban dân vận Tỉnh ủy chủ trì …": a party committee's board with its
        # kind in lower case (the directory spells "Ban Dân vận", "Ủy ban Kiểm tra")
        um = UnitMatch(start, m_board.end(), [m_board.group(0)])
    if um_gov is not None and um_gov.ok and (asked or _DUTY_NEXT.match(sentence, um_gov.end)
                                             or _WILL_BARE.match(sentence, um_gov.end)):
        # "Chính quyền UBND các xã khẩn trương …", "(yêu cầu) chính quyền xã Hòa Bình rà soát …": the local government
        # of a body named after it is that body; told first, only with a duty word ("Cấp ủy, chính quyền xã A thường
        # xuyên kiểm tra …" in a news item is the commune's practice, not a duty)
        um = UnitMatch(start, um_gov.end, [sentence[start:um_gov.end]])
    if um.ok and sentence[start:start + 1] in "Cc" and verb_at(sentence, um.end + 1) is None:
        m_b0 = _BARE_SUBJECT.match(sentence, start)
        if m_b0 is not None and m_b0.end() > um.end:
            # "Các cấp hội nông dân trong tỉnh sẽ …": the directory knew "các cấp hội" only; the mass organisation
            # named in lower case goes on to its kind and level, as the role patterns read it
            um = UnitMatch(start, start)
    if not um.ok and sentence[start:start + 1] in "CĐTM":
        m_alone = HEAD_ALONE.match(sentence, start)
        v_a = verb_at(sentence, m_alone.end() + 1) if m_alone is not None else None
        if m_alone is not None and v_a is not None and \
                (" " in v_a.group(0) or _DUTY_NEXT.match(sentence, m_alone.end())):
            # "Chi bộ tiếp tục chỉ đạo …", "Tổng cục cần tập trung …": the body the text is about, named by its kind
            um = UnitMatch(start, m_alone.end(), [m_alone.group(0)])
    if not um.ok:
        m_bare = _BARE_SUBJECT.match(sentence, start)
        bare_end = m_bare.end() if m_bare is not None else start
        units = [m_bare.group(0)] if m_bare is not None else []
        m_and = _AND.match(sentence, bare_end) if m_bare is not None else None
        if m_and is not None:
            # "Chủ đầu tư và các nhà thầu tập trung …": a second role or unit joined to the first
            um2 = match_units(sentence, m_and.end(), support=True)
            m_b2 = _BARE_SUBJECT.match(sentence, m_and.end())
            if um2.ok or m_b2 is not None:
                bare_end = um2.end if um2.ok else m_b2.end() if m_b2 is not None else bare_end
                units.append(sentence[m_and.end():bare_end])
        m_duty = _DUTY_NEXT.match(sentence, bare_end) if m_bare is not None else None
        if m_duty is None and m_bare is not None and sentence.startswith(" ", bare_end):
            # "Các cấp hội nông dân trong tỉnh sẽ triển khai …", "Nhà thầu sẽ tiếp tục thi công …": what a body named
            # by its kind will do (a news item's report of a plan) is its duty, as for a unit by its name; the verb
            # after "sẽ" has several syllables ("sẽ bị xử phạt", "sẽ được hỗ trợ" are not duties); after a condition
            # ("Trường hợp nhà thầu chậm tiến độ, chủ đầu tư sẽ …") it is a consequence, not a duty
            m_will_b = _WILL_BARE.match(sentence, bare_end) if _CONDITION_FIRST.match(sentence) is None else None
            v_w = verb_at(sentence, m_will_b.end()) if m_will_b is not None else None
            if m_will_b is not None and v_w is not None and " " in v_w.group(0):
                m_duty = m_will_b
        if m_duty is None and m_bare is not None and sentence[bare_end:bare_end + 1] == ",":
            m_duty = _scope_set_off(sentence, bare_end)
        if m_duty is None and m_bare is not None and _TIMED_ROLE.match(m_bare.group(0)) and \
                sentence[bare_end:bare_end + 1] == " " and verb_at(sentence, bare_end + 1) is not None and \
                _dated_limit(sentence[bare_end:]):
            # "Đơn vị tư vấn chuyển kết quả … về Sở X trước ngày 15/8": a role with a plain verb and a time limit of its
            # own is given that duty (a principle states no date)
            m_duty = re.match(r"\s", sentence[bare_end:])
        if m_bare is None or m_duty is None or (m_bare.group(0).lower().startswith("chính quyền")
                                                 and re.search(r"(?:phải|cần)$", m_duty.group(0))
                                                 and not _URGENT_AFTER_MODAL.match(sentence, m_duty.end())):
            return None  # "chính quyền địa phương phải gần dân": a principle, not a duty
        # "Chủ đầu tư phải …", "cơ quan chủ trì có trách nhiệm …": a role named without "các"
        um = UnitMatch(start, bare_end, units)
    m_tail = None
    if _COLLECTIVE.match(sentence, um.start) or _HEADS_OF_ALL.match(sentence, um.start):
        m_tail = _WHERE_TAIL.match(sentence, um.end) or (
            _LEVEL_TAIL.match(sentence, um.end) if sentence[um.start:um.end].endswith("địa bàn") else None)
    if m_tail and verb_at(sentence, m_tail.end() + 1) is not None:
        # "Các trường học trên địa bàn thị xã tổ chức …", "Các cơ quan báo chí của tỉnh đẩy mạnh …": where the units
        # are is part of who they are
        last = um.units[-1] if um.units else ""
        um = UnitMatch(um.start, m_tail.end(), um.units[:-1] + [(last + sentence[um.end:m_tail.end()]).strip()])
    m_fld = _IN_CHARGE_OF.match(sentence, um.end) if um.units and _PERSON_TITLE.match(um.units[-1]) else None
    if m_fld is not None and verb_at(sentence, m_fld.end() + 1) is not None:
        # "Bộ trưởng Bộ X, Thứ trưởng phụ trách lĩnh vực tiếp tục …": the deputy named by the field in their charge
        um = UnitMatch(um.start, m_fld.end(), um.units[:-1] + [um.units[-1] + sentence[um.end:m_fld.end()]])
    m_rest = _CUT_NAME_REST.match(sentence, um.end) if um.units and _CUT_HEAD.search(um.units[-1]) else None
    if m_rest is not None:
        # "Ban quản lý chợ cần …", "Ban Chỉ đạo giảm nghèo tỉnh phải …": a board's name read a verb ("quản lý",
        # "giảm") as its end; it runs on, in lower case, to the duty word
        um = UnitMatch(um.start, m_rest.end(), um.units[:-1] + [um.units[-1] + sentence[um.end:m_rest.end()]])
    j = um.end
    m = _APPOSITION.match(sentence, j)
    k = m.end() if m else j
    m_ws = re.compile(r"\s*,?\s*").match(sentence, k)
    k = m_ws.end() if m_ws else k
    m_so = _scope_set_off(sentence, j) if k > j and sentence[j:j + 1] == "," else None
    if m_so is not None:
        k = m_so.end()  # "Chủ đầu tư, trong phạm vi trách nhiệm của mình, khẩn trương …"
    m_tw = _TIME_BEFORE_VERB.match(sentence, k) if sentence[k:k + 1] in "hHđĐmMtTcC" else None
    if m_tw is not None and verb_at(sentence, m_tw.end()) is not None:
        k = m_tw.end()  # "Các sở, ngành hằng tháng báo cáo …", "Sở Tài chính trước ngày 15/12 gửi …": the time is the duty's
    m_md = _MANDATE.match(sentence, k)
    basis_k: int | None = None
    k_basis = _verb_after_basis(sentence, k)
    if k_basis is not None:
        k = k_basis
    elif m_md and (verb_at(sentence, m_md.end()) is not None or not _BASIS.match(sentence, k)):
        k = m_md.end()
    elif _BASIS.match(sentence, k):
        # "Sở Tài chính, trên cơ sở đề xuất của các cơ quan, đơn vị, chủ trì tổng hợp …": the basis runs to the comma
        # before the verb; "các thành viên căn cứ chức năng, nhiệm vụ …, nhiệm vụ được phân công bám sát …": or to the
        # duties given, when the verb follows them without a comma
        m_given = _GIVEN_THEN.search(sentence, k, min(len(sentence), k + 260))
        given_at = m_given.end() if m_given is not None and " " in (verb_at(sentence, m_given.end()) or [""])[0] \
            and not re.search(r"[;.:]", sentence[k:m_given.start()]) else None
        for m_c in _COMMA_SP.finditer(sentence, k, min(len(sentence), k + 260)):
            if given_at is not None and m_c.start() > given_at:
                break
            if verb_at(sentence, m_c.end()) is not None and not _SUBJECT_AFTER.match(sentence, m_c.end()):
                k = m_c.end()
                given_at = None
                break
        if given_at is not None:
            k = basis_k = given_at
    m_lp = _LEAD_PHRASE.match(sentence, k)
    if m_lp:  # "Sở X là cơ quan thường trực, chủ trì …"
        k = m_lp.end()
    m_av = _SUBJECT_ADVERB.match(sentence, k)
    if m_av:  # "Ngân hàng X cũng cần …", "các xã đều phải …"
        k = m_av.end()
    elif sentence.startswith("tự ", k) and verb_at(sentence, k + 3) is not None:
        k += 3  # "Tổ công tác liên ngành tự kiểm tra …": the body does it by itself (fix21)
    else:
        m_will = _WILL.match(sentence, k)
        if m_will and verb_at(sentence, m_will.end()) is not None:
            k = m_will.end()  # "Bộ Nội vụ sẽ tổng hợp, báo cáo Chính phủ …": what a unit will do is its duty
    m_pass = _PASSIVE_ASSIGNED.match(sentence, k)
    if m_pass:  # "Sở Xây dựng được (UBND tỉnh) giao chủ trì …", "Sở X được yêu cầu rà soát …"
        k = m_pass.end()
    elif _NOT_DIRECTIVE.match(sentence, k):
        return None
    v = verb_at(sentence, k)
    if v is None and k == um.end + 1 and _PLURAL_PLACE.match(sentence, um.start) and len(um.units) == 1:
        # "Các trường mầm non tăng cường …", "Các hộ chăn nuôi nhỏ lẻ chủ động …": a plural noun's description runs
        # on (up to four words, no punctuation) to a verb of several syllables
        for n, m_w in enumerate(WORD_AT.finditer(sentence, k, min(len(sentence), k + 60))):
            if n >= 1 and sentence.startswith("được", m_w.start()) and \
                    not re.search(r"[,;.:()]", sentence[m_w.start() - 2:m_w.start()]):
                m_pa = _PASSIVE_ASSIGNED.match(sentence, m_w.start())
                if m_pa is not None and verb_at(sentence, m_pa.end()) is not None:
                    # "Các doanh nghiệp kinh doanh xăng dầu được đề nghị chú trọng …": asked, described on to "được"
                    last = um.units[-1] if um.units else ""
                    grown = UnitMatch(um.start, m_w.start() - 1,
                                      um.units[:-1] + [(last + sentence[um.end:m_w.start() - 1]).strip()])
                    return grown, grown.end
            if n > 3 or re.search(r"[,;.:()]", sentence[m_w.start() - 2:m_w.start()]) or \
                    NAME_STOP_WORDS.match(sentence, m_w.start()) or _GROWTH_STOP.match(sentence, m_w.start()):
                break
            v_n = verb_at(sentence, m_w.start()) if n >= 1 else None
            if v_n is not None:
                if " " in v_n.group(0) and not NOUN_LIKE_VERB.fullmatch(v_n.group(0)):
                    last = um.units[-1] if um.units else ""
                    grown = UnitMatch(um.start, m_w.start() - 1,
                                      um.units[:-1] + [(last + sentence[um.end:m_w.start() - 1]).strip()])
                    return grown, grown.end
                break
    if v is None and sentence[k:k + 1].isupper() and k == um.end + 1:
        # "3. Các sở, ngành Xây dựng kế hoạch …": a heading joined to its first line; the verb keeps its capital
        v = verb_at(sentence[k].lower() + sentence[k + 1:k + 40], 0)
    m_whole = _BARE_SUBJECT.match(sentence, um.start) if v is None else None
    if m_whole is not None and m_whole.end() > um.end and _DUTY_NEXT.match(sentence, m_whole.end()):
        # "Tổ công tác liên ngành của tỉnh tập trung …": the generic actor's description runs on to its duty word
        grown = UnitMatch(um.start, m_whole.end(), [m_whole.group(0)])
        return grown, grown.end
    if v is None:
        # "Ban Chỉ đạo phòng, chống dịch bệnh trên người tỉnh H. có trách nhiệm …": the name runs on to a duty word
        m_strong = _STRONG_DUTY.search(sentence, k, min(len(sentence), k + 240))
        if m_strong is None or k == um.end and not sentence[um.end:um.end + 1].isspace():
            return None
        gap = sentence[k:m_strong.start()]
        pieces = re.split(r"(?<!phòng),\s+|\s+và\s+", gap)
        if re.search(r"[;:.()]", gap) or len(pieces[0].split()) > 6 or _NAME_BREAK.search(pieces[0]) or not all(
                match_unit(p, 0).ok and len(p) < 120 for p in pieces[1:]):
            return None
        last = um.units[-1] if um.units else ""
        grown = UnitMatch(um.start, m_strong.start() - 1,
                          um.units[:-1] + [(last + sentence[um.end:m_strong.start()]).strip()])
        return grown, grown.end
    last = um.units[-1] if um.units else ""
    if _WEAK_VERB.fullmatch(v.group(0)) and re.match(r"(?:các|những)\s", last, re.IGNORECASE):
        # "Các cơ quan quản lý nhà nước, tổ chức, cá nhân liên quan có trách nhiệm …": the verb was a description
        m_duty = _DUTY_AHEAD.search(sentence, k, min(len(sentence), k + 160))
        if m_duty is None or re.search(r"[;.:]", sentence[k:m_duty.start()]):
            return um, um.end
        grown = UnitMatch(um.start, m_duty.start(), um.units[:-1] + [(last + sentence[um.end:m_duty.start()]).strip()])
        return grown, grown.end
    return um, (basis_k if basis_k is not None else um.end)


_IN_CHARGE_OF = re.compile(r"\s+phụ\s+trách(?:\s+(?:lĩnh\s+vực|chung|ngành|khối))?(?=\s)")
_PERSON_TITLE = re.compile(r"(?:(?:[Cc]ác\s+)?[Đđ]ồng\s+chí\s+)?(?:Phó\s+|[Tt]hứ\s+|[Pp]hó\s+)?(?:Bộ\s+trưởng|Thứ\s+trưởng|[Cc]hủ\s+tịch|"
                           r"[Gg]iám\s+đốc|[Cc]ục\s+trưởng|[Vv]ụ\s+trưởng|[Tt]rưởng\s+(?:ban|phòng|Ban|Phòng)|[Tt]hủ\s+trưởng)(?!\w)")
_SCOPE_OPENER = re.compile(r",\s*(?:trong\s+phạm\s+vi|theo\s+(?:chức\s+năng|thẩm\s+quyền|phạm\s+vi))(?!\w)")
_COMMA_AHEAD = re.compile(r",\s*")


def _scope_set_off(sentence: str, at: int) -> re.Match[str] | None:
    """"Chủ đầu tư, trong phạm vi trách nhiệm của mình, khẩn trương …": a role's scope set off by commas before its
    verb (a verb of several syllables or a duty word, within three commas)."""
    m_op = _SCOPE_OPENER.match(sentence, at)
    if m_op is None:
        return None
    for n, m_c in enumerate(_COMMA_AHEAD.finditer(sentence, m_op.end(), min(len(sentence), m_op.end() + 160))):
        if n > 2 or re.search(r"[;.:]", sentence[m_op.end():m_c.start()]):
            break
        v = verb_at(sentence, m_c.end())
        if (v is not None and " " in v.group(0)) or _DUTY_NEXT.match(sentence, m_c.end() - 1):
            return _COMMA_AHEAD.match(sentence, m_c.start())
    return None


# a time said between a unit and its verb (with no assigning word before the unit)
_TIME_BEFORE_VERB = re.compile(
    r"(?:(?:[Đđ]ịnh\s+kỳ\s+)?(?:[Hh]ằng|[Hh]àng|[Mm]ỗi)\s+(?:ngày|tuần|tháng|quý|năm)|[Đđ]ịnh\s+kỳ\s+\d+\s+tháng"
    r"|(?:trước|chậm\s+nhất(?:\s+là)?)\s+(?:\d{1,2}\s*giờ\s*(?:\d{1,2}\s*)?,?\s*)?(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
    r"|trong\s+(?:tháng\s+\d{1,2}(?:\s*/\s*\d{4})?|quý\s+[IV]{1,3}(?:\s*/\s*\d{4})?))\s*,?\s+")
_WHERE_TAIL = re.compile(
    r"\s+(?:trên\s+địa\s+bàn|của|thuộc|trực\s+thuộc|trong|ở|tại)\s+(?:các\s+|toàn\s+)?(?:tỉnh|huyện|thị\s+xã|thành\s+phố|xã|phường|"
    r"quận|thị\s+trấn|địa\s+phương|cả\s+nước|UBND\s+tỉnh|Ủy\s+ban\s+nhân\s+dân\s+tỉnh|ngành|"
    # "Trưởng các đơn vị trong toàn trường tổ chức …": a school's or a sector's own units
    r"(?<=toàn\s)trường)(?:\s+" + PROPER + r")?(?=\s)")
_THAT_WAS = re.compile(r"(?:Đó|Đây)\s+là\s+(?:nội\s+dung\s+)?(?:(?:ý\s+kiến\s+)?chỉ\s+đạo|yêu\s+cầu|đề\s+nghị)\s+của\s+"
                       r"[^.;]{2,160}?\s(?:đối\s+với|với|gửi|tới|đến)\s+")
_SEMI_SEP = re.compile(r"\s*;\s*")


def _semicolon_units(sentence: str, um: UnitMatch) -> UnitMatch:
    """'yêu cầu các sở, ban, ngành; UBND các huyện, thành phố tăng cường …': units listed with semicolons are one lead
    when a verb follows the last of them."""
    units, end = list(um.units), um.end
    while True:
        m_s = _SEMI_SEP.match(sentence, end)
        if m_s is None:
            break
        nxt = match_units(sentence, m_s.end())
        if not nxt.ok:
            break
        units += nxt.units
        end = nxt.end
        if verb_at(sentence, end + 1) is not None:
            return UnitMatch(um.start, end, units)
    return um


def _verb_after_basis(sentence: str, k: int) -> int | None:
    """Where the duty starts after a basis written without a comma ("UBND các huyện căn cứ tình hình thực tế tại địa
    phương xây dựng kế hoạch …"): the first verb of several syllables after the basis's first nouns, or None."""
    m_b = _BASIS.match(sentence, k)
    if m_b is None or _BASIS_OF_BODIES.match(sentence, k):
        # "X căn cứ kế hoạch cải cách hành chính của cơ quan, đơn vị, địa phương mình, <duty>": a basis that ends with
        # the bodies it belongs to runs past their commas, whatever verb its title holds (rules35)
        return None
    for n, m_w in enumerate(WORD_AT.finditer(sentence, m_b.end(), min(len(sentence), m_b.end() + 140))):
        if re.search(r"[,;.:()]", sentence[m_w.start() - 2:m_w.start()]):
            return None
        v_b = verb_at(sentence, m_w.start()) if n >= 2 else None
        if v_b is not None and " " in v_b.group(0) and not NOUN_LIKE_VERB.fullmatch(v_b.group(0)) \
                and not sentence.startswith(",", v_b.end()):
            return m_w.start()
    return None


# "Căn cứ Kế hoạch … về tăng cường …", "căn cứ Chương trình giám sát …", "căn cứ khả năng cân đối ngân sách …": a verb
# after these words is in the cited document's title or a noun of the basis, not the duty's start
_TITLE_VERB_BEFORE = re.compile(r"(?<!\w)(?:về|việc|nhằm|để|và|hoặc|cho|của|chương\s+trình|kế\s+hoạch|đề\s+án|nghị\s+quyết|"
                                r"chỉ\s+thị|quyết\s+định|công\s+văn|thông\s+báo|hướng\s+dẫn|luật|nghị\s+định|thông\s+tư|"
                                r"khả\s+năng|năng\s+lực|tình\s+hình|kết\s+quả|mục\s+tiêu|nhu\s+cầu|yêu\s+cầu|công\s+tác|"
                                r"hoạt\s+động|đoàn|tổ|ban|được|đã|sẽ)\s+$", re.IGNORECASE)
_BASIS_NOUN_VERB = re.compile(r"định\s+hướng|giám\s+sát|cân\s+đối|chỉ\s+đạo|hướng\s+dẫn|thông\s+tin|cải\s+cách|"
                              r"chuyển\s+đổi|đánh\s+giá|thống\s+kê|dự\s+báo|bảo\s+vệ|phòng\s+chống|ứng\s+dụng")


def _bare_basis_end(sent: str, at: int) -> int | None:
    """Where an item's duty starts after a basis it opens with, written without a comma before the verb ("Căn cứ
    Chương trình … của tỉnh xây dựng Kế hoạch …, trình …"), or None (a basis closed by its comma is _ITEM_BASIS's)."""
    if not sent.startswith(("Căn cứ", "căn cứ", "Trên cơ sở", "trên cơ sở"), at):
        return None
    low = sent[:at] + sent[at].lower() + sent[at + 1:]
    m_b = _BASIS.match(low, at)
    if m_b is None:
        return None
    for n, m_w in enumerate(WORD_AT.finditer(low, m_b.end(), min(len(low), m_b.end() + 140))):
        k = m_w.start()
        if re.search(r"[,;.:()]", low[k - 2:k]):
            return None
        v_b = verb_at(low, k) if n >= 2 else None
        if v_b is None or " " not in v_b.group(0) or NOUN_LIKE_VERB.fullmatch(v_b.group(0)) or \
                _BASIS_NOUN_VERB.fullmatch(v_b.group(0)) or low.startswith(",", v_b.end()):
            continue
        if _TITLE_VERB_BEFORE.search(low, max(at, k - 16), k):
            continue
        return k
    return None


# verbs that are as often nouns inside a basis ("căn cứ chức năng quản lý, …"): never where the duty starts
# ("Tỉnh đoàn còn ra quân …": what a body also does, in a news report of its plans)
_WILL = re.compile(r"(?:cũng\s+)?sẽ\s+|còn\s+(?:sẽ\s+)?")
_GOVERNMENT_OF = re.compile(r"(?:[Cc]ấp\s+[uủ]ỷ?y?\s*,\s*)?[Cc]hính\s+quyền\s+(?=(?:UBND|Ủy\s+ban|Uỷ\s+ban|xã|phường|thị\s+trấn|huyện|"
                            r"quận|thị\s+xã|tỉnh|thành\s+phố|các\s+(?:xã|phường|huyện))\s)")
_ABOUT_WORDS = re.compile(r"(?<!\w)(?:về\s+việc|V/v)(?!\w)")  # what a letter is about never ends a unit's name
_STRESSED_AFTER = re.compile(r"(?:nhất|đặc\s+biệt|trước\s+hết)\s+là(?!\w)")
_WILL_BARE = re.compile(r"\s+(?:cũng\s+)?sẽ\s+(?!được\s|bị\s)")
_SPACE_RUN = re.compile(r"\s+")
# "Các trường mầm non …", "Các hộ chăn nuôi …", "Các doanh nghiệp công nghệ số …": schools, households, firms,
# clinics described in lower case before their verb
_PLURAL_PLACE = re.compile(r"(?:[Cc]ác|[Nn]hững|[Tt]ừng)\s+(?:trường|cơ\s+sở|hộ|bệnh\s+viện|trạm|hợp\s+tác\s+xã|doanh\s+nghiệp|"
                           r"nhà\s+trường|chợ|khu|cụm)(?!\w)")
_GROWTH_STOP = re.compile(r"(?:chưa|không|chủ\s+yếu|tới|việc|vẫn|còn|đều|cũng|mới|nhiều|ít|này|đó|kia)(?!\w)")
_ROLE_ONLY = re.compile(r"(?:khẩn\s+trương\s+)?chủ\s+trì(?!\w)")
_OPEN_QUOTE = re.compile(r"[“\"‘«]\s*")
_COLLECTIVE = re.compile(r"(?:[Cc]ác|[Nn]hững|[Tt]ừng)\s")
# "Thủ trưởng các đơn vị trong toàn ngành …", "Trưởng các đơn vị trong toàn trường …": the heads of a collective
_HEADS_OF_ALL = re.compile(r"(?:Thủ\s+trưởng|Trưởng|Hiệu\s+trưởng|Giám\s+đốc)\s+các\s")
_LEVEL_TAIL = re.compile(r"\s+(?:tỉnh|huyện|thị\s+xã|thành\s+phố|xã|phường|quận)(?:\s+" + PROPER + r")?(?=\s)")
_SUBJECT_ADVERB = re.compile(r"(?:cũng|đều|vẫn|luôn|sẽ|cũng\s+sẽ)\s+(?=cần|phải|có\s+trách|chịu|tiếp\s+tục|khẩn|chủ\s+động|"
                             r"chủ\s+trì|phối\s+hợp|tham\s+mưu|có\s+nhiệm\s+vụ)")
_PASSIVE_ASSIGNED = re.compile(
    r"được\s+(?:[^,;.:]{0,60}?\s)?(?:giao|yêu\s+cầu|đề\s+nghị|phân\s+công|chỉ\s+đạo)(?:\s+(?:nhiệm\s+vụ|trách\s+nhiệm))?"
    r"\s*(?:là\s+)?,?\s*(?=\S)")
_GIVEN_THEN = re.compile(r"(?<=\s)được\s+(?:giao|phân\s+công)\s+(?=\S)")
_BASIS = re.compile(r"(?:trên\s+cơ\s+sở|căn\s+cứ|theo\s+đề\s+nghị|theo\s+chức\s+năng)\s")
_COMMA_SP = re.compile(r",\s*")
_SUBJECT_AFTER = re.compile(r"(?:các|những)\s")
_GENERIC_ACTOR = (
    # "Đội ngũ báo cáo viên của tỉnh cần …", "Tập thể cán bộ Ban X tiếp tục …", "Bộ phận một cửa phải …": the people
    # who do the work, named by what they are
    r"(?:[Đđ]ội\s+ngũ|[Tt]ập\s+thể\s+cán\s+bộ|[Bb]ộ\s+phận"
    r"|[Tt]ập\s+thể\s+(?:lãnh\s+đạo\s+)?(?:Ban|Hội\s+đồng|Thường\s+trực|Đảng\s+ủy|Đảng\s+uỷ|Chi\s+bộ|Ban\s+Thường\s+vụ)"
    r"|[Bb]áo,\s*đài|[Tt]ổ\s+(?:công\s+tác|giúp\s+việc|chuyên\s+gia|liên\s+ngành|kiểm\s+tra|biên\s+tập|soạn\s+thảo)|(?:[Cc]ác\s+)?(?:[Cc]ơ\s+quan|[Đđ]ơn\s+vị|[Ll]ực\s+lượng)\s+chức\s+năng|[Đđ]oàn\s+[Tt]hanh\s+niên"
    r"|Thành\s+phố(?=\s+[A-ZĐ])|[Cc]ác\s+(?:cơ\s+quan|phương\s+tiện)\s+(?:báo\s+chí|thông\s+tin\s+đại\s+chúng|truyền\s+thông)"
    r")"
    r"(?:[\s,]+(?!cần\b|phải\b|có\b|chịu\b|khẩn\b|chủ\b|tập\b|tăng\b|đẩy\b|tiếp\b)[^\s,;.:()]+){0,8}?"
    r"(?=\s+(?:cũng\s+|đều\s+)?(?:cần|phải|có\s+trách|chịu\s+trách|khẩn\s+trương|chủ\s+động|tập\s+trung|tăng\s+cường|"
    r"đẩy\s+nhanh|tiếp\s+tục)(?!\w))"
)
# "Chính quyền các địa phương phải khẩn trương …": an urgent verb after the modal makes a principle a duty
_URGENT_AFTER_MODAL = re.compile(r"\s+(?:khẩn\s+trương|chủ\s+động|kịp\s+thời|ngay|tập\s+trung|tăng\s+cường|rà\s+soát|"
                                 r"kiểm\s+tra|triển\s+khai|tổ\s+chức|sơ\s+tán|bố\s+trí|xử\s+lý)(?!\w)")
_BARE_SUBJECT = re.compile(
    r"(?:[Cc]hủ\s+đầu\s+tư|[Nn]hà\s+thầu(?:\s+thi\s+công)?|[Đđ]ơn\s+vị\s+tư\s+vấn|[Cc]ơ\s+quan\s+(?:chủ\s+trì(?:\s+soạn\s+thảo)?|soạn\s+thảo|thẩm\s+định|thường\s+trực|phối\s+hợp|"
    r"chuyên\s+môn|đăng\s+ký\s+đầu\s+tư)|[Nn]gành\s+chuyên\s+môn|[Cc]hính\s+quyền\s+(?:các\s+)?(?:địa\s+phương|cơ\s+sở|cấp\s+(?:xã|huyện|tỉnh)|các\s+cấp|xã|phường|huyện)"
    r"(?:\s+(?:trong\s+tỉnh|trên\s+địa\s+bàn(?:\s+tỉnh|\s+huyện)?))?|"
    r"[Nn]hà\s+đầu\s+tư|[Cc]hủ\s+rừng|[Cc]hủ\s+phương\s+tiện|[Đđ]ịa\s+phương|"
    # "Cấp ủy, chính quyền các cấp tăng cường …", "Công đoàn cơ sở phải …": party and union bodies named without "các"
    # (also at one level: "Cấp ủy, chính quyền các thôn …", "cấp ủy cơ sở …")
    r"[Cc]ấp\s+[uủ]ỷ?y?(?:\s+[Đđ]ảng)?(?:\s*,\s*[Cc]hính\s+quyền)?(?:\s+(?:các\s+cấp|cơ\s+sở|các\s+(?:thôn|xóm|bản|ấp|"
    r"tổ\s+dân\s+phố|khu\s+phố|xã|phường|thị\s+trấn|huyện)))?|[Cc]ông\s+đoàn(?:\s+cơ\s+sở|\s+các\s+cấp)?"
    # "công đoàn cơ sở các doanh nghiệp": the union of the firms, schools, bodies named after it
    r"(?:\s+các\s+(?:doanh\s+nghiệp|cơ\s+quan|đơn\s+vị|trường(?:\s+học)?))?|"
    # mass organisations named in lower case: "hội phụ nữ các cấp", "đoàn thanh niên cơ sở", "các cấp hội nông dân
    # trong huyện"
    r"(?:[Cc]ác\s+cấp\s+)?(?:[Hh]ội|[Đđ]oàn)\s+(?:phụ\s+nữ|nông\s+dân|cựu\s+chiến\s+binh|thanh\s+niên|người\s+cao\s+tuổi|"
    r"chữ\s+thập\s+đỏ|khuyến\s+học|LHPN)(?:\s+(?:các\s+cấp|cơ\s+sở|tỉnh|huyện|xã|thị\s+trấn|trong\s+(?:tỉnh|huyện|xã|"
    r"thành\s+phố)"
    # "hội phụ nữ các huyện, thị xã": the organisation at the levels listed after it
    r"|các\s+(?:huyện|xã|phường|quận|thị\s+trấn|thị\s+xã)(?:\s*,\s*(?:huyện|xã|phường|quận|thị\s+trấn|thị\s+xã|thành\s+phố))*))?|"
    # "Ngành y tế cần …", "Lực lượng công an phải …": a sector or a force named in lower case
    r"(?:[Nn]gành|[Ll]ực\s+lượng)(?:\s+(?!cần\b|phải\b|có\b|chịu\b|khẩn\b|chủ\b)[a-zà-ỹđ]+){1,4}?"
    r"(?=\s+(?:cũng\s+|đều\s+)?(?:cần|phải|có\s+trách|chịu\s+trách|khẩn\s+trương|chủ\s+động|tập\s+trung|tăng\s+cường|"
    r"đẩy\s+nhanh)(?!\w))|"
    # generic actors a clerk still routes: "Tập thể Ban quản lý chợ cần …", "Báo, đài địa phương tăng cường …",
    # "Các phương tiện thông tin đại chúng tập trung …"
    rf"{_GENERIC_ACTOR})(?!\w)")
# the roles of a works project, named without "các", that a directive gives dated duties
_TIMED_ROLE = re.compile(r"(?:[Cc]hủ\s+đầu\s+tư|[Nn]hà\s+thầu|[Đđ]ơn\s+vị\s+tư\s+vấn|[Nn]hà\s+đầu\s+tư|[Cc]ơ\s+quan\s+)")


# An item of a directive's list that opens with a body named by its role or its kind, in lower case, and a verb:
# "4. Chủ đầu tư chỉ đạo các nhà thầu …", "- Nhà trường hoàn thiện quy chế …", "b) Ngành giáo dục rà soát …",
# "+ Hội đồng chấm thi thực hiện …". In running text such a sentence may tell what was done; an item of a list says
# what is to be done, so any verb after the role is the item's duty.
_ITEM_ROLE_FIXED = re.compile(r"(?:[Cc]hủ\s+đầu\s+tư|[Nn]hà\s+thầu(?:\s+thi\s+công(?!\s+bố(?!\s+trí)))?|[Nn]hà\s+trường|"
                              r"[Đđ]ơn\s+vị\s+tư\s+vấn|[Nn]hà\s+đầu\s+tư|[Cc]ác\s+địa\s+phương|[Đđ]ịa\s+phương)(?!\w)")
_ITEM_ROLE_NAMED = re.compile(r"(?:[Nn]gành|[Hh]ội\s+đồng(?!\s+nhân\s+dân)|[Tt]ổ(?!\s+chức)|[Đđ]oàn(?!\s+kết))"
                              r"(?=\s+[a-zà-ỹđ])")
# (a body's praise, thanks or agreement is no duty: "Hội đồng … đánh giá cao …", "Nhà trường cảm ơn …")
_ITEM_NOT_DUTY = re.compile(r"(?:đánh\s+giá\s+cao|ghi\s+nhận|biểu\s+dương|khen\s+ngợi|cảm\s+ơn|đồng\s+ý|nhất\s+trí|"
                            r"thống\s+nhất|thông\s+qua|hoan\s+nghênh|chúc\s+mừng)(?!\w)")


def _role_heading(text: str) -> bool:
    """A heading that is only a body named by its role or kind: "Chủ đầu tư", "Nhà thầu thi công", "Ngành giáo dục"."""
    if _ITEM_ROLE_FIXED.fullmatch(text):
        return True
    m = _ITEM_ROLE_NAMED.match(text)
    words = text[m.end():].split() if m is not None else []
    return m is not None and 1 <= len(words) <= 4 and all(w.isalpha() and w.islower() for w in words) and \
        not any(verb_at(text, m_w.start()) is not None and not _ITEM_NAME_VERB.match(text, m_w.start())
                for m_w in _ITEM_WORD.finditer(text, m.end() + 1) if m_w.start() > m.end() + 1)


def _item_role(sentence: str) -> tuple[UnitMatch, int] | None:
    """The role or lower-case body that opens a list item, up to its verb (one of several syllables after a name)."""
    m = _ITEM_ROLE_FIXED.match(sentence)
    if m is not None:
        m_own = _ROLE_NAME_OWN.match(sentence, m.end())
        if m_own is not None:  # "Đơn vị tư vấn giám sát có nhiệm vụ:": the name runs on to "có nhiệm vụ" (fix21)
            return UnitMatch(0, m_own.end(), [sentence[:m_own.end()]]), m_own.end()
        v = verb_at(sentence, m.end() + 1) if sentence[m.end():m.end() + 1] == " " else None
        if v is None or NOUN_LIKE_VERB.fullmatch(v.group(0)) or _ITEM_NOT_DUTY.match(sentence, m.end() + 1) or \
                _ONLY_PARTNER.match(sentence, m.end() + 1):
            return None
        return UnitMatch(0, m.end(), [m.group(0)]), m.end()
    m = _ITEM_ROLE_NAMED.match(sentence)
    if m is None:
        return None
    end = m.end()
    for n, m_w in enumerate(_ITEM_WORD.finditer(sentence, end, min(len(sentence), end + 60))):
        if m_w.start() != end + 1 or not m_w.group(0).isalpha() or not m_w.group(0).islower():
            return None  # (only single spaces between lower-case words; a mark ends the search)
        v = verb_at(sentence, m_w.start()) if n >= 1 else None
        if v is not None and " " in v.group(0) and not NOUN_LIKE_VERB.fullmatch(v.group(0)) and \
                not _ITEM_NAME_VERB.fullmatch(v.group(0)):
            if _ITEM_NOT_DUTY.match(sentence, m_w.start()) or _ONLY_PARTNER.match(sentence, m_w.start()):
                return None
            return UnitMatch(0, end, [sentence[:end]]), end
        if n >= 4:
            return None
        end = m_w.end()
    return None


_ITEM_WORD = re.compile(r"\S+")
# The kinds of text whose list items are no duties of a body named by its role (fix21): a report tells what was done
# ("- Ngành giáo dục tổ chức khai giảng …"), a regulation allocates for good; a report's forward section is read again
_REPORT_KIND = "Báo cáo"
_RULE_KINDS = frozenset({"Nghị định", "Thông tư", "Thông tư liên tịch", "Quy định", "Quy chế", "Luật", "Bộ luật",
                         "Pháp lệnh"})
# "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 10/2025", "II. Nhiệm vụ, giải pháp trong thời gian tới"
_FORWARD_SECTION = re.compile(r"(?:[IVX]{1,4}|\d{1,2})?[.)]?\s*(?:phương\s+hướng|nhiệm\s+vụ[\s,]+(?:(?:và\s+)?giải\s+pháp|"
                              r"trọng\s+tâm|chủ\s+yếu|[^.;:]{0,40}?(?:thời\s+gian\s+tới|cuối\s+năm|năm\s+\d{4}|tháng\s+\d|"
                              r"quý\s+[IV1-4]|kỳ\s+tới)))", re.IGNORECASE)


def _title_kind(text: str) -> str | None:
    """The kind of text its first title line in capitals names ("BÁO CÁO", "QUY ĐỊNH", "KẾ HOẠCH"), or None."""
    for ln in text[:2000].splitlines()[:25]:
        s = ln.strip(" #*\t")
        if s and s == s.upper() and re.search(r"[^\W\d_]", s):
            kind = type_from_title(s)
            if kind is not None:
                return kind
    return None

# "1. Đơn vị tư vấn giám sát có nhiệm vụ:": a role's name in lower case up to the words that give it its duties
_ROLE_NAME_OWN = re.compile(r"(?:\s+(?!(?:và|của|các|đã|đang|sẽ|được|không)\s)[a-zà-ỹđ]+){0,4}?"
                            r"(?=\s+(?:có\s+nhiệm\s+vụ|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm)(?!\w))")
# "- Chủ đầu tư phối hợp nghiệm thu.": an item whose only verb is to work with others names a partner, not a lead
_ONLY_PARTNER = re.compile(r"phối\s+hợp(?!\s+(?:chặt\s+chẽ\s+)?với\s)(?![^.;:]*\b(?:chủ\s+trì|thực\s+hiện)\b)")
# verbs that are words of such a body's name: "Hội đồng thi đua khen thưởng", "Tổ chỉ đạo triển khai …", "Ban chỉ huy
# phòng chống thiên tai", "Hội đồng tuyển sinh", "Tổ quản lý trật tự"
_ITEM_NAME_VERB = re.compile(r"thi\s+đua|khen\s+thưởng|chỉ\s+đạo|chỉ\s+huy|triển\s+khai|điều\s+hành|phòng\s+chống|"
                             r"phòng\s+,\s+chống|cứu\s+hộ|cứu\s+nạn|tìm\s+kiếm|tuyển\s+sinh|xét\s+tuyển|coi\s+thi|"
                             r"chấm\s+thi|quản\s+lý|giúp\s+việc|thẩm\s+định|giám\s+sát|kiểm\s+tra|thanh\s+tra|"
                             r"bầu\s+cử|công\s+tác|tư\s+vấn|xây\s+dựng|bảo\s+vệ|phát\s+triển|vận\s+động")


# A plan's item that states the duty first and who carries it out at its end: "- Tổ chức hội thi … (Đơn vị thực hiện:
# Huyện đoàn).", "2. Tham luận … – Trường THPT Nguyễn Du thực hiện.", "Xây dựng kế hoạch …; đơn vị chủ trì: Phòng X."
_DOER_AFTER = re.compile(r"\s*(?:\(\s*|[;,.]\s*)(?:[Đđ]ơn\s+vị|[Cc]ơ\s+quan)\s+(?:chủ\s+trì|thực\s+hiện)(?:\s+chính)?\s*:\s*"
                         r"|\s+[-–]\s+(?=\S)")
_DOER_TAIL = re.compile(r"\s*(?:(?:chủ\s+trì\s*,?\s*)?(?:hỗ\s+trợ\s+|phối\s+hợp\s+)?thực\s+hiện|chủ\s+trì)?\s*\)?\s*[.;]?\s*$")


# "Giao Phòng X thực hiện.", "Giao Sở Y chủ trì, thực hiện.": a sentence that gives a unit the duty just stated
_ONLY_CARRY_OUT = re.compile(r"(?:chủ\s+trì\s*,?\s*)?(?:tổ\s+chức\s+)?thực\s+hiện(?:\s+(?:nội\s+dung|nhiệm\s+vụ)\s+(?:này|trên))?"
                             r"|chủ\s+trì")
_DOER_ROLE_END = re.compile(r"\s+(?:hỗ\s+trợ|phối\s+hợp|chủ\s+trì)$")


def _unit_after_duty(sent: str) -> _Clause | None:
    """The duty a sentence opens with and the unit named after it as its doer (a mark between them), or None."""
    for m in _DOER_AFTER.finditer(sent, 12):
        labelled = not m.group(0).strip().startswith(("-", "–"))
        um = match_units(sent, m.end())
        if not um.ok:
            continue
        m_role = _DOER_ROLE_END.search(sent, um.start, um.end)
        if m_role is not None:  # "Trường X hỗ trợ thực hiện": the name read "hỗ trợ" as a word of it ("Trung tâm Hỗ trợ")
            um = UnitMatch(um.start, m_role.start(), [sent[um.start:m_role.start()]])
        m_tail = _DOER_TAIL.match(sent, um.end)
        if m_tail is None or (not labelled and "thực hiện" not in m_tail.group(0) and "chủ trì" not in m_tail.group(0)):
            continue  # (after a dash only "… – Trường X thực hiện" names the doer; a dash may join two phrases)
        duty = sent[:m.start()].strip().rstrip(" ,;.")
        if len(duty.split()) < 3:
            return None
        return _Clause(sent[um.start:um.end], [], duty[:1].lower() + duty[1:] if verb_at(duty[:1].lower() + duty[1:], 0)
                       and not duty[:2].isupper() else duty, 0, None)
    return None


def _asked_by_item(sent: str, c: _Clause) -> bool:
    """The clause's units are the ones the sentence's own duty asks ("…, phải hướng dẫn, yêu cầu các đơn vị …")."""
    at = sent.rfind(c.lead, 0, c.at + 1) if c.lead else -1
    return at > 12 and _ASKED_BY_ITEM.search(sent, at - 14, at) is not None


def _dated_limit(clause: str) -> bool:
    """The clause holds a one-off time limit with its cue ("trước ngày 15/8", "chậm nhất ngày …", "trong tháng 9/2026")."""
    dl = find_deadline(clause)
    return dl is not None and dl.recurrence is None and dl.text is not None and \
        re.match(r"(?:trước|chậm\s+nhất|hoàn\s+thành|xong|trong\s+(?:tháng|quý))", dl.text, re.IGNORECASE) is not None


# a board's head alone, its name cut at a word read as a verb; the rest of that name, in lower case, up to a duty word
_CUT_HEAD = re.compile(r"(?:^|[,;]\s*|\s+và\s+)(?:[Cc]ác\s+)?(?:[Bb]an|[Đđ]ội|[Tt]ổ|Hội\s+đồng|Ban\s+[Cc]hỉ\s+(?:đạo|huy)|Ban\s+[Qq]uản\s+lý)$")
_CUT_NAME_REST = re.compile(r"(?:\s+(?!(?:đã|đang|sẽ|và|của|cho|các|cũng|đều|vẫn|luôn|không|chưa)(?!\w))[a-zà-ỹđ]+){1,5}"
                            r"(?=\s+(?:cần|phải|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm)\s)")
_CLASSIFIER = re.compile(rf"(?:Đơn\s+vị|Cơ\s+quan)\s+(?=[{UPPER}])")
_DUTY_NEXT = re.compile(r"\s+(?:(?:cũng|đều|vẫn|luôn)\s+)?(?:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|phải|cần|khẩn\s+trương|"
                        r"chủ\s+động|có\s+nhiệm\s+vụ|tập\s+trung|tăng\s+cường|đẩy\s+nhanh)(?!\w)")
_AND = re.compile(r"\s*,\s*|\s+và\s+")
_NAME_BREAK = re.compile(r"(?<!\w)(?:những|hoặc|nếu|khi|để|đã|đang|sẽ|cũng|đều|vẫn|còn|phát\s+hiện)(?!\w)")
_STRONG_DUTY = re.compile(r"(?<=\s)(?:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|chủ\s+trì|phải|cần|khẩn\s+trương|tham\s+mưu)(?!\w)")
_WEAK_VERB = re.compile(r"quản\s+lý|tổ\s+chức|sử\s+dụng|thực\s+hiện|cung\s+cấp|đầu\s+tư|xây\s+dựng|đào\s+tạo|"
                        r"hoạt\s+động|kinh\s+doanh|sản\s+xuất|tham\s+gia|làm\s+việc|giải\s+quyết")
_DUTY_AHEAD = re.compile(r"(?<=\s)(?:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|chủ\s+trì|tham\s+mưu)(?!\w)")


_WORD_START = re.compile(r"(?<!\S)\S")
# (also "… và Sở Tài chính bố trí …", "…, còn UBND các huyện chỉ đạo …": another unit joined with its own duty)
_COMMA_UPPER = re.compile(rf"(?:,\s+(?:còn\s+)?|\s+và\s+)(?=[{UPPER}])")


def _comma_subjects(c: _Clause) -> list[_Clause]:
    """'… triển khai ngay các biện pháp …, Sở Giao thông vận tải hoàn thành … trước ngày …': a unit named after a
    comma and followed by its own verb starts a task of its own (with its own time limit). A list of units that are
    the object of the verb before ('đôn đốc các sở, UBND các huyện …') is not cut."""
    a = c.action
    if ", " not in a and " và " not in a:
        return [c]
    out = [c]
    last = 0
    for m in _COMMA_UPPER.finditer(a):
        pos = m.end()
        if a.count("(", 0, pos) > a.count(")", 0, pos):
            continue
        head = a[last:m.start()]
        if len(head.split()) < 4:
            continue
        if not _GENERIC_HEAD_START.match(a, pos):
            continue
        pieces = _LIST_SEP.split(head)
        joined = "và" in m.group(0)
        # (the last piece, or the last two: a name that holds a comma, "Sở Văn hóa, Thể thao và Du lịch", rules40)
        if any(any(match_units(chunk, w.start(), support=joined).end >= len(chunk.rstrip(" ,"))
                   for w in _WORD_START.finditer(chunk))
               for chunk in (pieces[-1], ", ".join(pieces[-2:]))[:len(pieces)]):
            continue  # the comma continues a list of units ("phối hợp với Đài …, Báo …")
        m_obj = _DIRECTED_LIST.search(head, max(0, len(head) - 160))
        obj = (m_obj.group("units") or m_obj.group("named")) if m_obj is not None else ""
        if m_obj is not None and match_units(obj, 0).end >= len(obj.rstrip(" ,")):
            continue  # "… đôn đốc các sở, ngành, Ủy ban nhân dân các xã triển khai …": the units urged, one list
        if _partner_list_runs_on(a, m.start()):
            continue  # "… và phối hợp với các sở, ngành, UBND các huyện bố trí …": the partners' list goes on
        sc = _subject_clause(a, pos)
        if sc is None:
            continue
        um, end = sc
        support, action, _ = _after_units(a[end:])
        if len(action.split()) < 3:
            continue
        out[-1].action = a[last:m.start()] if out[-1] is not c else a[:m.start()]
        out.append(_Clause(a[um.start:um.end], support, action, 0, None))
        last = pos
    return out


_LIST_SEP = re.compile(r"[,;]\s+")
_GIAO_AGAIN = re.compile(r"[Gg]iao(?:\s+cho)?\s+")
_LOWER_NAME_BASIS = re.compile(r"(?:Phòng|Trung\s+tâm|Ban|Chi\s+cục|Văn\s+phòng)\s+[a-zà-ỹđ][^,;.:()]{2,60}?(?=\s+căn\s+cứ\s)")
_CHAIR_NEXT = re.compile(r"\s+(?:căn\s+cứ\s+[^.;]{0,120}?,\s*)?chủ\s+trì(?!\w)")


def _assigned_again(part: str) -> tuple[UnitMatch, int] | None:
    """'Giao phòng văn hóa thông tin đẩy mạnh …' after ';': a new assignment names its unit (a head in lower case too)."""
    m = _GIAO_AGAIN.match(part)
    if m is None:
        return None
    um = match_units(part, m.end())
    if not um.ok:
        um = lower_named_unit(part, m.end())
    if not um.ok or verb_at(part, um.end + 1) is None:
        return None
    return um, um.end


def _trailing_partners(c: _Clause) -> None:
    """"Giao Sở X chủ trì thực hiện, các sở, ngành liên quan phối hợp.": the units that only cooperate, named after a
    comma at the end of the duty, are its support (as after a semicolon); the duty ends before them."""
    a = c.action
    if "phối hợp" not in a[-60:]:
        return
    last = a.rfind(";") + 1  # (after a semicolon it is _split_semicolons' part)
    for m_c in _COMMA_SP.finditer(a, last):
        rest = a[m_c.end():].rstrip(" .;")
        m_sup = _SUPPORT_ONLY.fullmatch(rest)
        if m_sup is None:
            continue
        head = a[last:m_c.start()].strip(" ,")
        if match_units(head, 0, support=True).end >= len(head):
            return  # the comma is inside the list of units ("các sở, ngành liên quan phối hợp")
        um = match_units(rest, 0, support=True)
        if um.ok and um.end == m_sup.end("units") and head.strip(" ,"):
            c.support += [u for u in um.units if u not in c.support]
            if not _TRIVIAL_ACTION.match(head) and not _GENERIC_ACTION.match(head):
                c.action = a[:m_c.start()]  # (a bare "thực hiện" keeps its words: the task stays, with its partners)
            return
_LAST_COOPERATE = re.compile(r"(?<!\w)phối\s+hợp(?!.*(?<!\w)phối\s+hợp)", re.DOTALL)


_ADVERB_GAP = re.compile(r"\s*(?:(?:tiếp\s+tục|thường\s+xuyên|chủ\s+động|kịp\s+thời|cùng)\s*)*")


def _partner_list_runs_on(a: str, k: int, gap: re.Pattern[str] | None = None) -> bool:
    """Whether the list of units before `k` (a comma or "và"; with `gap`, also adverbs between them and `k`) is the
    partner list of a "phối hợp (với) …" phrase: what follows `k` is not another subject's."""
    lo = max(0, k - 200)
    m = _LAST_COOPERATE.search(a, lo, k)
    if m is None:
        return False
    m_ph = _PHOI_HOP.match(a, m.start())
    if m_ph is None:
        return False
    um = match_units(a, m_ph.end(), support=True)
    if not um.ok:
        return False
    if um.end >= len(a[:k].rstrip(" ,")):
        return True
    m_gap = gap.match(a, um.end) if gap is not None else None
    return m_gap is not None and m_gap.end() >= k
# (named units too after "chỉ đạo" / "đôn đốc": "chỉ đạo Sở Văn hóa, Thể thao và Du lịch, Sở Du lịch phối hợp …" is one
# list of departments directed, a name's own comma included — rules36)
_DIRECTED_LIST = re.compile(r"(?<!\w)(?:(?:đôn\s+đốc|hướng\s+dẫn|kiểm\s+tra|chỉ\s+đạo|yêu\s+cầu)\s+(?P<units>(?:các|những)\s[^;:.]{2,120})|"
                            r"(?:đôn\s+đốc|chỉ\s+đạo)\s+(?P<named>(?:Sở|Ban|Phòng|Trung\s+tâm|Chi\s+cục|Cục)\s[^;:.]{2,120}))$")
_RECURRENCE_OPENS = re.compile(r"(?:.*(?:[;:,]|\svà)\s*)?\s*", re.DOTALL)
_GENERIC_HEAD_START = re.compile(r"(?:Sở|Bộ|Ban|Cục|Chi\s+cục|Tổng\s+cục|Trung\s+tâm|Công\s+an|UBND|Ủy\s+ban|Uỷ\s+ban|Văn\s+phòng|"
                                 r"Đài|Báo|Thanh\s+tra|Kho\s+bạc|Bảo\s+hiểm|Ngân\s+hàng|Tập\s+đoàn|Tổng\s+công\s+ty|"
                                 r"Công\s+ty|Hội|Liên\s+đoàn|Tỉnh\s+đoàn|Mặt\s+trận|Phòng|Bộ\s+Chỉ\s+huy|Cảnh\s+sát)(?!\w)")


class _Extractor:
    def __init__(self, text: str, issued_date: str | None) -> None:
        self.text = text
        self.issued = issued_date
        self.tasks: list[ExtractedTask] = []
        self.frames: list[_Frame] = []
        self.prev: ExtractedTask | None = None
        self.field_item: dict[str, str] | None = None
        self.field_title: tuple[str, float] | None = None
        self.dropped: set[int] = set()
        self.addressees: list[str] = []
        self.host: str | None = None  # the province a working session's conclusions are about (run() sets it)
        # the letterhead: the upper-case lines at the top of a letter, where its issuer stands
        self.header = " ".join(ln.strip() for ln in text[:600].splitlines()[:10]
                               if ln.strip() and ln.strip() == ln.strip().upper() and re.search(r"[^\W\d_]", ln))
        self.line_no = 0  # paragraphs read so far, and the one the last task came from
        self.outline: tuple[list[_Line], int] = ([], 0)  # the lines being read and the index of the current one
        self.prev_no = -1
        self.prev_line_tasks: list[ExtractedTask] = []
        self.list_frame: _Frame | None = None
        self.list_tasks: list[ExtractedTask] = []  # the items of the list being read (a time limit may follow)
        self.run_tasks: list[ExtractedTask] = []  # the tasks of consecutive lines just read (one time window may follow)
        self.item_duty: tuple[int, str] | None = None  # a numbered item that states a duty and names no unit
        self.schedule_steps: int | None = None  # dated steps of a timetable after the text's own date (counted once)
        self.news = _NEWS_OPENING.match(text) is not None  # a news item: opens with its dateline
        self.item_first = False  # the sentence being read opens a list item ("4. …", "- …", "b) …")
        kind = _title_kind(text)
        self.report = kind == _REPORT_KIND
        # a body named by its role that opens a list item, or a doer named after the duty: not in a report (but in its
        # forward section) nor in a regulation (fix21)
        self.item_rules = not self.report and kind not in _RULE_KINDS

    def _schedule_step(self, sentence: str) -> int | None:
        """Where the unit of a dated step of a timetable starts ("Ngày 24/6, Trường X tổ chức …"), or None.

        A sentence opened by a date is news of what happened ("Ngày 5/3, UBND huyện tổ chức hội nghị …") unless the
        text is a timetable: two or more such steps dated after the text's own date (the issue date, or the dateline
        a news item opens with: "Ngày 16/6, Giám đốc Sở cho biết, …"), and the step says nothing is done yet (no
        "đã", "vừa", "cho biết", "ban hành" …). Those steps are the duties of the units that open them (lịch trình).
        """
        m = _SCHEDULE_OPENER.match(sentence)
        if m is None or _PAST_STEP.search(sentence):
            return None
        if self.schedule_steps is None:
            self.schedule_steps = self._later_steps()
        return m.end() if self.schedule_steps >= 2 and self._after_ref(m) else None

    @cached_property
    def own(self) -> tuple[int | None, int, int] | None:
        """The text's own date (deadlines.own_date: the one reference date every rule uses)."""
        return own_date(self.text, self.issued)

    def _place_will(self, sentence: str, k: int) -> tuple[UnitMatch, int] | None:
        """"P.Hòa Xuân sẽ chủ động …", "Theo kế hoạch, Đà Lạt sẽ tổ chức …": a ward, district or city named by its
        name alone (written with its level's letter, or named with its level elsewhere in the text) says what it will
        do: its duty. The span is the name; the action starts at the verb after "sẽ"/"còn"."""
        if ("sẽ " not in sentence and "còn " not in sentence) or _CONDITION_FIRST.match(sentence):
            return None  # (speed: most sentences say neither)
        m = _PLACE_WILL.match(sentence, k)
        if m is None:
            m_op = _PLACE_OPENER.match(sentence, k)
            m = _PLACE_WILL.match(sentence, m_op.end()) if m_op is not None else None
        if m is None or verb_at(sentence, m.end()) is None:
            return None
        if m.group("level") is not None:
            if m.group("level")[:1].islower() and not sentence[:m.start()].rstrip().endswith(","):
                return None  # (a level in lower case is the subject only after an opener: "… của xã sẽ …" is not)
            return UnitMatch(m.start(), m.end("level"), [m.group("level")]), m.end() - 1
        name = m.group("name")
        if m.group("abbr") is None and re.search(rf"(?<!\w){_PLACE_LEVEL}\s+{re.escape(name)}(?!\w)", self.text) is None:
            return None
        return UnitMatch(m.start(), m.end("name"), [m.group(0)[:m.end("name") - m.start()]]), m.end() - 1

    def _year_ahead(self, opener: str) -> bool:
        """"Năm 2027, Hội X tiếp tục …" written in 2026: a year after the text's own opens the body's plan for it."""
        m = _YEAR_OPENER.fullmatch(opener.strip())
        ref = self.own
        return m is not None and ref is not None and ref[0] is not None and int(m.group(1)) > ref[0] and \
            not _PAST_STEP.search(opener)

    def _own_year_limit_ahead(self, opener: str, sentence: str) -> bool:
        """"Năm 2025, Sở Y tế tiếp tục rà soát … trước ngày 30/4/2025." written in March 2025: the text's own year
        opens a duty whose time limit is still ahead (no "đã": not a report of the year; rules42)."""
        m = _YEAR_OPENER.fullmatch(opener.strip())
        ref = self.own
        if m is None or ref is None or ref[0] is None or int(m.group(1)) != ref[0] or _PAST_STEP.search(opener) or \
                re.search(r"(?<!\w)(?:đã|được)(?!\w)", sentence) is not None:
            return False
        dl = find_deadline(sentence[len(opener):], self.issued)
        return dl is not None and dl.date is not None and dl.date >= f"{ref[0]:04d}-{ref[1]:02d}-{ref[2]:02d}"

    def _after_ref(self, m: re.Match[str]) -> bool:
        ref = self.own
        if ref is None:
            return False
        y = int(m.group("y")) if m.group("y") else None
        mo, d = int(m.group("m")), int(m.group("d"))
        if y is not None and ref[0] is not None and y != ref[0]:
            return y > ref[0]
        if y is not None and ref[0] is None:
            return False  # a dated year against a dateline without one: no way to tell
        return (mo, d) > (ref[1], ref[2])

    def _later_steps(self) -> int:
        n = 0
        for m_s in _SCHEDULE_ANYWHERE.finditer(self.text):
            m = _SCHEDULE_OPENER.match(self.text, m_s.start("open"))
            if m is not None and self._after_ref(m) and \
                    not _PAST_STEP.search(self.text, m.end(), self.text.find(".", m.end()) % (len(self.text) + 1)):
                n += 1
        return n

    # -- helpers ---------------------------------------------------------------------------------------------
    def _addressee(self, text: str) -> None:
        """Units of the Kính gửi list: who "Quý Bộ", "Quý cơ quan" … stand for in the body of a letter."""
        t = text.strip(" :|;.-–")
        m = re.compile(r"[\s:|\-–]*").match(t)
        t = t[m.end():] if m else t
        um = match_units(t, 0)
        if um.ok:
            self.addressees += [u for u in um.units if u not in self.addressees]

    def _task(self, lead: str, support: list[str], action: str, dl: Deadline | None, line: _Line,
              sent_at: int, sent: str) -> ExtractedTask:
        action = _clean_action(_trim_deadline(action, dl))
        a, b = line.span(sent_at, sent_at + len(sent))
        n = len(self.text)
        span = (min(a, n), min(max(a, b), n))  # table rows keep approximate offsets: never past the text
        return ExtractedTask(
            lead=_clean_lead(lead),
            support=_split_support(support),
            action=action,
            deadline=dl.date if dl else None,
            deadline_text=dl.text if dl else None,
            recurrence=dl.recurrence if dl else None,
            sentence=sent.strip(),
            span=span,
        )

    @staticmethod
    def _time_for_all(tasks: list[ExtractedTask], dl: Deadline) -> bool:
        """Give every one of `tasks` the time limit `dl` when none of them has one yet (False: one had)."""
        if any(t.deadline or t.deadline_text or t.recurrence for t in tasks):
            return False
        for t in tasks:
            t.deadline, t.deadline_text = dl.date, dl.text
        return True

    def _conditional_duty(self, sent: str, m_if: re.Match[str], line: _Line, abs_at: int,
                          line_tasks: list[ExtractedTask]) -> bool:
        """'Nếu …, <verb> …' after a duty: the same unit's duty when the condition holds (False: not such a sentence)."""
        rest = sent[m_if.end():]
        if self.prev is None or _DIFFICULTY.search(sent[:m_if.end()]) or _THEN.search(sent) or \
                not _starts_with_verb(rest) or _LAST_TRIGGER.match(rest) or \
                len(re.split(r"[,;.]", rest)[0].split()) < 3:
            return False  # "Trường hợp … được sửa đổi, bổ sung thì áp dụng …", "…, tổ chức, đơn vị": no duty
        if sent.rstrip().endswith(";") or any(match_units(rest, m.end()).ok for m in _COMMA_SP.finditer(rest)):
            return False  # an item of a procedure ("Trường hợp …, hoàn thiện …, Ban Quản lý thông báo …;"): a rule
        for duty in _duties(rest):
            t = self._task(self.prev.lead, _more_support(duty), duty, find_deadline(duty, self.issued), line, abs_at,
                           sent)
            self._add_to(line_tasks, t)
        return True

    def _passive_send(self, sent: str, line: _Line, abs_at: int, line_tasks: list[ExtractedTask]) -> bool:
        """'Báo cáo … phải được gửi về Sở X trước ngày …' in a letter: no unit is named, the addressees must send it by
        the time limit (a sentence with no time limit is a reminder, not a duty)."""
        if self.prev is not None and not (self.prev.deadline or self.prev.deadline_text or self.prev.recurrence):
            return False  # "(1) …; (2) … Danh mục gửi về Bộ trước ngày 15/3.": the time limit of the duties before
        m = _PASSIVE_SEND.search(sent)
        if m is None:
            return False
        duty = sent[m.start("duty"):]
        dl = find_deadline(duty, self.issued)
        if dl is None or not (dl.date or dl.text):
            return False
        t = self._task(", ".join(self.addressees), [], duty, dl, line, abs_at, sent)
        self._add_to(line_tasks, t)
        return True

    def _addressed(self, lead: str) -> str:
        return ", ".join(self.addressees) if self.addressees and _HONORIFIC.match(lead) else lead

    def _add(self, task: ExtractedTask) -> ExtractedTask | None:
        if len(task.action.split()) < 3 and not task.deadline_text and not task.recurrence:
            return None  # "Trung tâm X | Thu hồi": a table cell or a fragment, not a duty a clerk could follow up
        if task.lead[:1].isdigit() and _COUNT_OF_PLACES.fullmatch(task.lead):
            return None  # "… trong đó có 67 xã, 21 phường hình thành sau sắp xếp …": a count of communes, no unit acting
        if ("`" in task.action or "=" in task.action) and _MARKUP.search(task.action):
            return None  # "cần`|url lưu trữ=`": a web page's citation template, not words of a duty
        if self.prev is not None and task.lead.endswith(("phương", " nơi")) and _LOCAL_ANAPHOR.fullmatch(task.lead) and \
                _PLURAL_LOCAL.search(self.prev.lead) and ";" not in self.prev.lead:
            # "yêu cầu UBND các tỉnh … . Đối với các đề án đã gửi, đề nghị các địa phương …": the same local bodies
            # (not out of a lead of bodies of several kinds: "Ban Chỉ huy … các huyện; các sở, ban ngành" then "2. Các
            # địa phương chỉ đạo …" names the localities among them, not the departments)
            task.lead = self.prev.lead
        m_head = _BARE_HEAD_LEAD.fullmatch(task.lead) if task.lead[:1] in "SBCVTP" else None
        if m_head is not None:
            # "… giao Trung tâm Xúc tiến Đầu tư tỉnh chủ trì … . Căn cứ …, giao Trung tâm chủ trì phối hợp với …": the
            # body named by its kind alone is the one of that kind named before (the partners after "chủ trì" are its
            # support)
            named = re.compile(re.escape(m_head.group(1)) + rf"\s+[{UPPER}]")
            earlier = next((t.lead for t in reversed(self.tasks) if named.match(t.lead)), None)
            if earlier is not None:
                task.lead = earlier
                if m_head.group(2):
                    sup, act, _ = _after_units(task.action)
                    if sup and act.strip():
                        task.support, task.action = sup + [u for u in task.support if u not in sup], act
        if task.lead.endswith(("này", "trên")) and _ANAPHOR_UNIT.fullmatch(task.lead):
            if self.prev is None:
                return None
            task.lead = self.prev.lead  # "Thủ tướng cũng yêu cầu Bộ này rà soát …": the unit named before
        if self.addressees and _HONORIFIC.match(task.lead):
            task.lead = ", ".join(self.addressees)  # "đề nghị Quý Bộ …": the addressee of the letter
        elif self.addressees and task.lead[:1] in "cCđĐGgCcTtBb" and _BARE_ADDRESSED.match(task.lead):
            task.lead = _addressee_of(task.lead, self.addressees)
        if not task.lead or _LIST_AHEAD.search(task.lead) or _TRIVIAL_ACTION.match(task.action) or (_NOT_ACTION.match(task.action) and not task.support):
            return None
        if self.prev is not None and (_ONLY_COOPERATE.fullmatch(task.action.strip(" ,.;")) or (
                task.support and all(_core(u) == _core(self.prev.lead) for u in task.support)
                and _ON_THAT_WORK.fullmatch(task.action.strip(" ,.;")))) and \
                self.prev_no >= self.line_no - 1 and _core(self.prev.lead) != _core(task.lead):
            # "Giao Sở A chủ trì kiểm tra … . Sở B, Công an tỉnh phối hợp thực hiện.": B and the police support A's duty
            um = match_units(task.lead, 0, support=True)
            for u in _split_support(um.units if um.ok else [task.lead]):
                if u not in self.prev.support:
                    self.prev.support.append(u)
            return None
        timing = (task.deadline_text or task.recurrence or "").strip().lower()
        if timing and task.action.strip(" ,.;").lower() in (timing, (task.recurrence or "").lower()):
            return None  # "… giao cho Sở Y tế hàng năm": a timing, no action
        if " là " in task.action and _STATEMENT.match(task.action):
            return None  # "Đẩy mạnh công tác X là nhiệm vụ cấp bách, thể hiện …": why it matters, not a duty
        if _GENERIC_ACTION.match(task.action) and not task.deadline_text:
            core = _core(task.lead)
            if any(_core(t.lead) == core for t in self.tasks):
                return None
        if not task.deadline and not task.deadline_text and not task.recurrence and self.frames:
            limit = self._frame_time()
            if limit is not None:
                task.deadline, task.deadline_text = limit
        self.tasks.append(task)
        self.prev = task
        if self.prev_no != self.line_no:
            if self.prev_no != self.line_no - 1:
                self.run_tasks = []
            self.prev_no, self.prev_line_tasks = self.line_no, []
        self.prev_line_tasks.append(task)
        self.run_tasks.append(task)
        return task

    def _add_to(self, line_tasks: list[ExtractedTask], task: ExtractedTask) -> None:
        """``_add``, and the task kept among this line's when it was."""
        added = self._add(task)
        if added:
            line_tasks.append(added)

    def _reports_of_all(self, sent: str) -> bool:
        """"Báo cáo của các cơ quan, đơn vị gửi về … trước ngày …" after report duties of several units: each report just
        asked for with no time of its own is due then. True when the sentence was that (and dated them)."""
        if _REPORTS_OF_ALL.match(sent) is None:
            return False
        dl = find_deadline(sent, self.issued)
        if dl is None or not dl.date:
            return False
        due: list[ExtractedTask] = []
        for t in reversed(self.tasks):
            if t.deadline or t.deadline_text or t.recurrence or "báo cáo" not in t.action.lower():
                break
            due.append(t)
        if len({_core(t.lead) for t in due}) < 2:
            return False
        for t in due:
            t.deadline, t.deadline_text = dl.date, dl.text
        return True

    def _frame_lead(self) -> _Frame | None:
        for fr in reversed(self.frames):
            if fr.kind in ("units", "leadin") and fr.lead:
                return fr
        return None

    def _frame_time(self) -> tuple[str, str | None] | None:
        for fr in reversed(self.frames):
            if fr.kind == "time":
                return fr.time_limit
        return None

    def _frame_support(self) -> list[str]:
        out: list[str] = []
        for fr in self.frames:
            if fr.kind == "support":
                out += fr.support
        return out

    # -- clauses -----------------------------------------------------------------------------------------------
    def _clauses(self, sentence: str) -> list[_Clause]:
        """Tasks stated in one sentence (each with its own lead)."""
        out: list[_Clause] = []
        if self.addressees and " số " in sentence and _EARLIER_ASSIGNMENT.match(sentence):
            # a letter that reminds: "Tại công văn số 12/VPCP ngày …, Phó Thủ tướng đã giao Bộ X …", "Ngày 19 tháng 9
            # năm 2013, Văn phòng Chính phủ có văn bản số … yêu cầu quý Bộ …": the earlier assignment is history
            return out
        m_q = _QUOTE_THEN_ASKER.match(sentence) if sentence[:1] in "“\"" else None
        if m_q is not None:
            um = match_units(sentence, m_q.end())
            if um.ok and re.fullmatch(r"\s*[.!]?\s*", sentence[um.end:]) and (
                    _starts_with_verb(m_q.group("duty")) or _MUST_FIRST.match(m_q.group("duty"))):
                # "“Không để người dân nào thiếu đói”, Chủ tịch UBND tỉnh yêu cầu UBND các xã.": the quoted duty
                # is given to the units named after it
                out.append(_Clause(sentence[um.start:um.end], [], m_q.group("duty"), m_q.start("duty"), None))
                return out
        m_tp = _TOPIC_UNIT.match(sentence) if ("nghị" in sentence or "yêu" in sentence) else None
        topic = match_units(sentence, m_tp.end()) if m_tp else None
        if topic is not None and m_tp is not None and not topic.ok:
            # "Về phía ngành y tế, …", "Về phía các TCTD, … yêu cầu …": a sector in lower case or a unit by its letters
            topic = match_units(sentence, m_tp.end(), support=True)
            m_acr = _ACRONYM_UNIT.match(sentence, m_tp.end()) if not topic.ok else None
            if m_acr is not None:
                topic = UnitMatch(m_acr.start(), m_acr.end(), [m_acr.group(0)])
            if topic.ok and not _TOPIC_REQUEST.match(sentence, topic.end) and not _REQUEST_AFTER.match(sentence, topic.end):
                topic = UnitMatch(topic.start, topic.start)
        if topic is not None and topic.ok:
            um = topic
            # "Đối với UBND các xã, Chủ tịch UBND huyện đề nghị: …": the unit is put first, the request follows
            m_gap = _TOPIC_REQUEST.match(sentence, um.end)
            last_at = sentence.rfind(um.units[-1], um.start, um.end) if len(um.units) > 1 else -1
            m_req = _REQUEST_AFTER.match(sentence, um.end) if last_at > um.start else None
            if m_gap is None and m_req is not None and "," in sentence[um.start:last_at]:
                # the last name before "đề nghị" is who asks, not who acts
                um = UnitMatch(um.start, um.start + len(sentence[um.start:last_at].rstrip(" ,")), um.units[:-1])
                m_gap = m_req
            if m_gap is not None and verb_at(sentence, m_gap.end()) is not None:
                support, action, at = _after_units(sentence[m_gap.end():])
                out.append(_Clause(sentence[um.start:um.end], support, action, m_gap.end() + at, None))
                return self._split_more(sentence, out)
        # 1. Trigger words.
        low = sentence.lower()
        for m in (_TRIGGER.finditer(sentence, _trigger_from(sentence, low)) if _any_in(low, _TRIGGER_HINTS) else ()):
            before = sentence[max(0, m.start() - 12):m.start()].lower()
            if re.search(r"(?:theo|xét|của|được|việc|bàn|chuyển|(?:nghị|kiến|đạo)\s+và|nhiệm vụ)\s*$", before) or re.match(r"\s*(?:\d+\.\s*)?Về\s*$",
                                                                                   sentence[:m.start()]):
                continue
            if m.group(0)[:1] in "cnlCNL" and not _AUTHORITY_BEFORE.search(sentence[max(0, m.start() - 90):m.start()]) \
                    and not _NAMED_LEADER_BEFORE.search(sentence[max(0, m.start() - 260):m.start()]) \
                    and not (self.news and _HEAD_BEFORE.search(sentence[max(0, m.start() - 90):m.start()])):
                continue
            if m.group(0)[:1] in "cC" and _partner_list_runs_on(sentence, m.start(), _ADVERB_GAP):
                # "Sở X phối hợp với Ban Tuyên giáo Tỉnh ủy (tiếp tục) chỉ đạo các cơ quan báo chí …": the body named
                # before "chỉ đạo" is Sở X's partner, not the authority speaking; the directing is Sở X's duty
                continue
            if m.group(0)[:1] in "cC" and _HEADS_OF_MANY.search(sentence, max(0, m.start() - 90), m.start()):
                # "Chủ tịch UBND các huyện chỉ đạo UBND các xã …": heads of many bodies told to instruct their own
                # units; the instructing is their duty
                continue
            if _ADVISES.search(sentence, max(0, m.start() - 80), m.start()) or \
                    _DOSSIER_ASKS.search(sentence, max(0, m.start() - 30), m.start()) or \
                    _ADVISER_ASKS.search(sentence, max(0, m.start() - 12), m.start()):
                # "hồ sơ khoa học đề nghị UNESCO công nhận …": what a dossier asks for is not a duty given here
                # "Tham mưu UBND tỉnh chỉ đạo các cơ quan …": what the adviser proposes; those named are not its lead
                continue
            um = match_units(sentence, m.end())
            if um.ok and m.group(0)[:1] in "pP" and _ROLE_GIVEN.match(sentence, um.end) and \
                    _MEMBERS_NAMED.search(sentence, um.start, um.end):
                # "Huy động và phân công các tổ chức thành viên làm lực lượng nòng cốt …": a role given to the units
                # named; the duty is the assigner's (the unit heading above), not theirs (rules36)
                continue
            if um.ok and ";" in sentence[um.end:um.end + 3]:
                um = _semicolon_units(sentence, um)
            if not um.ok and "," in sentence[m.end():m.end() + 200]:
                # "yêu cầu thời gian tới, các xã tập trung …": a time or purpose phrase before the units asked
                tail = sentence[m.end():]
                m_adv2 = _LEADING_ADVERBIAL.match(tail[:1].upper() + tail[1:])
                if m_adv2:
                    um2 = match_units(sentence, m.end() + m_adv2.end())
                    if not um2.ok:
                        um2 = head_alone(sentence, m.end() + m_adv2.end())  # "đề nghị trong năm tới, Tổng cục cần …"
                    if um2.ok and verb_at(sentence, um2.end + 1) is not None:
                        um = um2
            if not um.ok and _TIME_BEFORE_UNIT.match(sentence, m.end()):
                # "nhấn mạnh trong 6 tháng cuối năm Mặt trận và các đoàn thể cần …": the time phrase without its comma
                for m_cap in _CAP_AHEAD.finditer(sentence, m.end(), min(len(sentence), m.end() + 60)):
                    if re.search(r"[,;.:]", sentence[m.end():m_cap.start()]):
                        break
                    um2 = match_units(sentence, m_cap.end())
                    if um2.ok and _DUTY_NEXT.match(sentence, um2.end):
                        um = um2
                        break
            if not um.ok:
                um2 = head_alone(sentence, m.end())
                if um2.ok and _DUTY_NEXT.match(sentence, um2.end):
                    um = um2  # "đề nghị Tổng cục cần tập trung …": the body the text is about, named by its kind
            if not um.ok:
                m_named = _NAMED_ASKED.match(sentence, m.end())
                if m_named is not None and not _TRIGGER.match(sentence, m.end()):
                    um = UnitMatch(m_named.start(), m_named.end(), [m_named.group(0)])
            if not um.ok:
                m_with = _WITH_UNIT.match(sentence, m.end())
                if m_with:  # "đề nghị với Bộ X …", "yêu cầu đối với Sở Y phải …"
                    um = match_units(sentence, m_with.end())
            if not um.ok and sentence[m.end():m.end() + 1] in "BSTCbđcĐAEGHIKLMNOPQRUVXY":
                # "yêu cầu Bộ này rà soát …" (the unit just named), "đề nghị CIC cần …", "yêu cầu các TCTD …"
                m_ref = _ANAPHOR_UNIT.match(sentence, m.end()) or _ACRONYM_UNIT.match(sentence, m.end())
                if m_ref is not None and verb_at(sentence, m_ref.end() + 1) is not None and \
                        (self.prev is not None or not m_ref.group(0).endswith(("này", "trên"))):
                    um = UnitMatch(m_ref.start(), m_ref.end(), [m_ref.group(0)])
            if not um.ok and sentence.startswith(("Trung tâm ", "Ban ", "Phòng ", "Chi cục ", "Cục ", "Văn phòng ", "Đội ",
                                                   "Trạm ", "Hạt ", "Tổ ", "bộ phận ", "Bộ phận ", "phòng ", "trung tâm ",
                                                   "chi cục "), m.end()):
                um = lower_named_unit(sentence, m.end())  # "yêu cầu Trung tâm phát triển quỹ đất thành phố hoàn thành …"
            if not um.ok and sentence.startswith(("ngành ", "lực lượng "), m.end()):
                # "đề nghị ngành nông nghiệp hướng dẫn …": a sector named in lower case, then its duty
                um_s = match_units(sentence, m.end(), support=True)
                if um_s.ok and verb_at(sentence, um_s.end + 1) is not None:
                    um = um_s
            if (not um.ok or verb_at(sentence, um.end + 1) is None) and may_start_unit(sentence, m.end()):
                # "yêu cầu các trường học trong huyện tổ chức …", "đề nghị chính quyền xã A rà soát …": whoever the
                # subject-first grammar reads as a unit acting is the unit asked when named right after the request
                sc_asked = _subject_clause(sentence, m.end(), asked=True)
                if sc_asked is not None and sc_asked[0].end > um.end and \
                        not _STRESSED_AFTER.search(sentence, um.end, sc_asked[0].end) and \
                        not _ABOUT_WORDS.search(sentence, um.end, sc_asked[0].end):
                    um = sc_asked[0]  # (units stressed after the lead, "…, nhất là ACV cần …", are read as before)
            if not um.ok:
                m_hi = _HIGH_BODIES.match(sentence, m.end()) or _BARE_SUBJECT.match(sentence, m.end())
                hi_end = m_hi.end() if m_hi is not None else 0
                hi_units = [m_hi.group(0)] if m_hi is not None else []
                m_and = _AND.match(sentence, hi_end) if m_hi is not None else None
                if m_and is not None and verb_at(sentence, hi_end + 1) is None:
                    # "yêu cầu ngành chuyên môn và chính quyền các địa phương khẩn trương …": two bodies asked
                    um2 = match_units(sentence, m_and.end(), support=True)
                    m_b2 = _BARE_SUBJECT.match(sentence, m_and.end())
                    end2 = max(um2.end if um2.ok else 0, m_b2.end() if m_b2 is not None else 0)
                    if end2 and verb_at(sentence, end2 + 1) is not None:
                        hi_units.append(sentence[m_and.end():end2])
                        hi_end = end2
                if m_hi is not None and verb_at(sentence, hi_end + 1) is None and \
                        m_hi.group(0).lower().startswith("cấp"):
                    # "đề nghị cấp ủy các chi bộ, đảng bộ cơ sở, Mặt trận và các đoàn thể huyện tổ chức …"
                    um_of = match_units(sentence, hi_end + 1)
                    if um_of.ok and verb_at(sentence, um_of.end + 1) is not None:
                        hi_end, hi_units = um_of.end, [sentence[m_hi.start():um_of.end]]
                if m_hi is None or (verb_at(sentence, hi_end + 1) is None and
                                    verb_at(sentence, _basis_set_off(sentence, hi_end)) is None):
                    # (with "Giao Chính phủ, căn cứ vào Nghị quyết này và Đề án số …, tổ chức …": the basis set off
                    # by commas sits between the body and its duty)
                    continue
                # "kiến nghị Chính phủ, Thủ tướng Chính phủ quan tâm …": the bodies asked are the lead
                um = UnitMatch(m.end(), hi_end, hi_units)
            um = _extend_to_verb(sentence, um)
            rest = sentence[um.end:]
            support, action, at = _after_units(rest)
            if not action.strip() or len(action.strip()) < 3:
                continue
            lead_at = (um.start, um.end)
            if "gửi" in sentence[:m.start()] and _LOCAL_ANAPHOR.fullmatch(sentence[um.start:um.end]):
                # "… có công văn gửi UBND các tỉnh, thành phố, đề nghị các địa phương chủ động …": the local bodies
                # asked are the ones the letter is sent to
                sent_to = list(_SENT_TO.finditer(sentence, 0, m.start()))
                m_to = sent_to[-1] if sent_to else None
                um_to = match_units(sentence, m_to.end()) if m_to is not None else None
                if um_to is not None and um_to.ok and um_to.end <= m.start() and \
                        _PLURAL_LOCAL.search(sentence, um_to.start, um_to.end):
                    lead_at = (um_to.start, um_to.end)
            out.append(_Clause(sentence[lead_at[0]:lead_at[1]], support, action, um.end + at, None))
            break
        # "Giao Sở A …; giao Sở B …" / "…, đồng thời yêu cầu UBND các huyện …": each trigger is a task
        while out:
            last = out[-1]
            m_more = None
            for m2 in _NEXT_TRIGGER.finditer(last.action):
                um2 = match_units(last.action, m2.end())
                if um2.ok:
                    m_more = (m2, um2)
                    break
            if m_more is None:
                break
            m2, um2 = m_more
            support2, action2, _ = _after_units(last.action[um2.end:])
            if not action2.strip():
                break
            lead2 = last.action[um2.start:um2.end]
            last.action = last.action[:m2.start()]
            out.append(_Clause(lead2, support2, action2, 0, None))
        if out:
            return self._split_more(sentence, out)
        # 1b. "… có công văn gửi UBND các tỉnh, đề nghị tăng cường …": the request goes to the units the letter is sent to
        for m in (_SENT_TO.finditer(sentence) if "gửi" in low and ("nghị" in low or "yêu" in low or "về việc" in low
                                                                  or "công điện" in low or _any_in(low, _ABOUT_HINTS))
                  and (_HAS_SENT.search(sentence) or _LETTER_SENT.search(sentence)) else ()):
            um = match_units(sentence, m.end())
            if not um.ok:
                continue
            m_listed = _LISTED_AS.match(sentence, um.end)
            um_listed = match_units(sentence, m_listed.end()) if m_listed is not None else None
            if um_listed is not None and um_listed.ok:
                um = um_listed
            if len(um.units) > 1 and _IN_LETTER.match(sentence):
                # "Trong văn bản gửi Sở X, Sở Y, UBND tỉnh yêu cầu …": the last name is the sender's, said again
                last_at = sentence.rfind(um.units[-1], um.start, um.end)
                if last_at > um.start and "," in sentence[um.start:last_at] and _REQUEST_AFTER.match(sentence, um.end):
                    um = UnitMatch(um.start, um.start + len(sentence[um.start:last_at].rstrip(" ,")), um.units[:-1])
            m_req = _REQUEST_AFTER.match(sentence, um.end)
            if m_req is None:
                # "… gửi Sở Y tế và các bệnh viện trực thuộc Bộ yêu cầu …": a short description ends the list;
                # "Trong văn bản gửi Sở X, UBND tỉnh yêu cầu …": the sender is named again before the request
                m_desc = _UNITS_DESCRIBED.match(sentence, um.end)
                if m_desc is not None:
                    um = UnitMatch(um.start, m_desc.start("asks"), um.units)
                    m_req = _REQUEST_AFTER.match(sentence, um.end)
                else:
                    m_req = _TOPIC_REQUEST.match(sentence, um.end)
            if m_req is None and sentence.startswith(",", um.end) and "công điện" in low[:m.start()]:
                # "… có công điện gửi các tỉnh miền Trung, cùng các bộ, ngành, tập trung theo dõi …": a công điện's
                # addressees are followed straight by what they must do
                m_c = _COMMA_SP.match(sentence, um.end)
                v_c = verb_at(sentence, m_c.end()) if m_c is not None else None
                if v_c is not None and " " in v_c.group(0):
                    m_req = m_c
            if m_req is None and ("về việc" in sentence or "V/v" in sentence or _any_in(low, _ABOUT_HINTS)):
                m_req = _ABOUT_DUTY.search(sentence, um.end, min(len(sentence), um.end + 100))
                if m_req is not None and re.search(r"[;.:,]", sentence[um.end:m_req.start()]):
                    m_req = None  # only a short description of the addressees may stand before "về việc"
            if m_req is None or verb_at(sentence, m_req.end()) is None:
                continue
            support, action, at = _after_units(sentence[m_req.end():])
            out.append(_Clause(sentence[um.start:um.end], support, action, m_req.end() + at, None))
            return self._split_more(sentence, out)
        # 2. "do X chủ trì".
        for m in (_DO_LEAD.finditer(sentence) if "do " in sentence else ()):
            um = match_units(sentence, m.end())
            if um.ok and re.match(r"\s*(?:chủ\s+trì|cấp|bố\s+trí|bảo\s+đảm|đảm\s+bảo|chi\s+trả|đảm\s+nhận|"
                                  r"đảm\s+nhiệm|phụ\s+trách|thực\s+hiện)(?!\w)", sentence[um.end:]) \
                    and not re.match(r"\s*thực\s+hiện\s*[,.;]?$", sentence[um.end:]):
                if not re.match(r"\s*chủ\s+trì", sentence[um.end:]):
                    support, action, at = [], sentence[um.end:].strip(), 0
                    out.append(_Clause(sentence[um.start:um.end], support, action, um.end, None))
                    return out
                support, action, at = _after_units(sentence[um.end:])
                main = sentence[:m.start()]
                main = re.sub(r"^\s*\d+\.\s*", "", main)
                out.append(_Clause(sentence[um.start:um.end], support, main.strip(" ,") or action, 0, None))
                return out
        # 3. Subject first.
        k_step = self._schedule_step(sentence) if sentence[:1] in "NTnt" else None
        if k_step is not None:
            # "Ngày 24/6, Trường THPT X tổ chức xét tuyển …" in a timetable announced on 16/6: a step of the schedule
            sc_step = _subject_clause(sentence, k_step)
            if sc_step is not None:
                um, end = sc_step
                support, action, at = _after_units(sentence[end:])
                if not _RESULT.search(action) and len(action.strip()) >= 3:
                    out.append(_Clause(sentence[um.start:um.end], support, action, end + at, None))
                    return self._split_more(sentence, out)
        if (_NARRATIVE.match(sentence) and not _half_ahead(sentence, self.issued)) or _AGREED.match(sentence):
            return []
        m_tp = _TOPIC_UNIT.match(sentence)
        if m_tp:
            # "Riêng Sở Xây dựng, cần hướng dẫn …", "Nhiệm vụ của Sở Nội vụ là tham mưu …": the unit is the topic
            um = match_units(sentence, m_tp.end())
            if not um.ok and sentence.startswith(("Về phía ", "Đối với "), m_tp.start()):
                # "Về phía ngành y tế, cần chủ động …", "Đối với các TCTD, phải …": a sector in lower case or a unit by
                # its letters as the topic, then a modal and its duty (as after "… yêu cầu" in step 1)
                um_s = match_units(sentence, m_tp.end(), support=True)
                m_acr = _ACRONYM_UNIT.match(sentence, m_tp.end()) if not um_s.ok else None
                if m_acr is not None:
                    um_s = UnitMatch(m_acr.start(), m_acr.end(), [m_acr.group(0)])
                if um_s.ok and _TOPIC_MODAL.match(sentence, um_s.end):
                    um = um_s
            m_gap = _TOPIC_GAP.match(sentence, um.end) if um.ok else None
            if um.ok and (m_gap is None or verb_at(sentence, m_gap.end()) is None) and \
                    sentence.startswith(("Riêng ", "Còn "), m_tp.start()) and sentence.startswith(" ", um.end):
                # "Riêng UBND huyện X khẩn trương …": the unit set apart from the others goes straight on to its duty
                m_gap = _SPACE_RUN.match(sentence, um.end) if verb_at(sentence, um.end + 1) is not None else None
            if m_gap and verb_at(sentence, m_gap.end()) is not None:
                support, action, at = _after_units(sentence[m_gap.end():])
                out.append(_Clause(sentence[um.start:um.end], support, action, m_gap.end() + at, None))
                return self._split_more(sentence, out)
        pos = 0
        m_quote = _OPEN_QUOTE.match(sentence)
        if m_quote:
            pos = m_quote.end()  # “Sở X phối hợp … tập trung chỉ đạo …”: a news item quotes the instruction
        p_first = partners_first(sentence) if pos == 0 and sentence[:3] in _PARTNERS_OPEN else None
        m_adv = _LEADING_ADVERBIAL.match(sentence[pos:] if pos else sentence) \
            if "," in sentence[:420] and p_first is None else None
        if m_adv is None and p_first is None and sentence[pos:pos + 2] in ("Th", "Tr"):
            m_adv = _BASIS_OF_OTHERS.match(sentence, pos)  # "Theo đề nghị của Sở A, Sở B rà soát …" (rules40)
            if m_adv is not None:
                pos = 0
        if p_first is not None:
            pos = p_first[1]  # "Với sự phối hợp của Sở A, Sở B tổ chức …": the unit that acts after its partners
        elif m_adv:
            pos += m_adv.end()
        elif sentence[pos:pos + 1] in "TĐNBMS":
            m_bare = _BARE_LINK.match(sentence, pos)
            if m_bare is not None and match_units(sentence, m_bare.end()).ok:
                pos = m_bare.end()  # "Theo đó các cơ quan, đơn vị liên quan tổng hợp …": the comma left out
        m_cls = _CLASSIFIER.match(sentence, pos) if sentence[pos:pos + 1] in "ĐC" else None
        if m_cls is not None and match_units(sentence, m_cls.end()).ok and _subject_clause(sentence, pos) is None:
            pos = m_cls.end()  # "Đơn vị Trung tâm Y tế huyện thực hiện …": the kind said before the unit's name
        sc = _subject_clause(sentence, pos)
        if sc is None and self.item_first and pos == 0 and self.item_rules:
            sc = _item_role(sentence)
        if sc is None and self.prev is not None and sentence[pos:pos + 1] in "SBCVTP":
            m_same = _SAME_HEAD.match(sentence, pos)
            if m_same is not None and _DUTY_NEXT.match(sentence, m_same.end()) and \
                    re.search(r"(?<!\w)" + m_same.group(0) + r"\s+[" + UPPER + r"]", self.prev.lead):
                # "… yêu cầu Giám đốc Sở Giao thông vận tải khắc phục … Sở cũng cần rà soát …": the unit just named
                m_av = _SUBJECT_ADVERB.match(sentence, m_same.end() + 1)
                k_same = m_av.end() if m_av is not None else m_same.end()
                support, action, at = _after_units(sentence[k_same:])
                out.append(_Clause(self.prev.lead, support, action, k_same + at, None))
                return self._split_more(sentence, out)
        if sc is None and _OPENER.match(sentence):
            # "Để …, …, tỉnh X cần …": the subject follows the introductory clause
            for m_c in re.finditer(r",\s+", sentence[:400]):
                if "phối hợp" in sentence[:m_c.start()] and _partner_list_runs_on(sentence, m_c.start()):
                    continue  # "…, chủ trì tổng hợp … và phối hợp với các sở, UBND các xã bố trí …": a partner
                sc = _subject_clause(sentence, m_c.end())
                if sc is not None:
                    break
        if sc is None and pos == 0:
            m_open = _SHORT_OPENER.match(sentence)
            sc = _subject_clause(sentence, m_open.end()) if m_open else None
            if sc is not None and m_open is not None and not _DUTY_NEXT.match(sentence, sc[1]) and \
                    not self._year_ahead(m_open.group(0)) and not self._own_year_limit_ahead(m_open.group(0), sentence):
                sc = None  # "Theo báo cáo, Sở X tổ chức 30 lớp": after an unknown opener only a clear duty word counts
        if sc is None and sentence[pos:pos + 1] in "PTBCV":
            # "Phòng văn hóa và thông tin căn cứ chức năng, nhiệm vụ, chủ trì phối hợp với …": a department written
            # with its name in lower case, then a clear duty word
            um_l = lower_named_unit(sentence, pos)
            m_lb = _LOWER_NAME_BASIS.match(sentence, pos) if not um_l.ok else None
            if m_lb is not None:  # (the name ends before "căn cứ chức năng, nhiệm vụ, …", not at a verb)
                um_l = UnitMatch(pos, m_lb.end(), [m_lb.group(0)])
            if um_l.ok and _CHAIR_NEXT.match(sentence, um_l.end):
                sc = um_l, um_l.end
        if sc is None:
            sc = self._place_will(sentence, pos)
        if sc is None:
            return []
        um, end = sc
        if _WILL.match(sentence, end + 1) and " ".join(sentence[um.start:um.end].split()).upper() in self.header:
            return []  # "Bộ X sẽ tổng hợp, báo cáo …" in Bộ X's own letter: the sender's undertaking, not a duty to track
        if _AUTHORITY.fullmatch(sentence[um.start:um.end].strip()) and re.match(r"\s*(?:chỉ\s+đạo|kết\s+luận)",
                                                                                 sentence[end:]):
            m_directs = _DIRECTS_UNITS.match(sentence, end)
            if not (m_directs and self.header and not _PEOPLES_COMMITTEE_HEAD.search(self.header)
                    and sentence[um.start:um.start + 1] in "UỦ" and match_units(sentence, m_directs.end()).ok):
                return []  # "UBND tỉnh chỉ đạo như sau", "Thủ tướng kết luận": the speaker, not a duty
            # "Ủy ban nhân dân Thành phố chỉ đạo các sở, ngành tăng cường …" in the Government Office's notice: a
            # committee that did not write the text is told to direct its departments (its own duty)
        support, action, at = _after_units(sentence[end:])
        m_res = _RESULT.search(action)
        if m_res is not None and not _GOAL_BEFORE.search(action, max(0, m_res.start() - 120), m_res.start()):
            return []  # "Trung tâm Y tế huyện tiêm chủng cho 5.000 trẻ, đạt 98% kế hoạch": work done, not a duty
        out.append(_Clause(sentence[um.start:um.end], support, action, end + at, None))
        return self._split_more(sentence, out)

    def _split_more(self, sentence: str, clauses: list[_Clause]) -> list[_Clause]:
        for c in clauses:
            _trailing_partners(c)
        return [c2 for c in self._split_semicolons(sentence, clauses) for c2 in _comma_subjects(c)]

    def _split_semicolons(self, sentence: str, clauses: list[_Clause]) -> list[_Clause]:
        """A clause after ';' that has its own subject is its own task ('…; UBND các huyện tổ chức …')."""
        first = clauses[0]
        parts = re.split(r";\s+", first.action)
        if len(parts) <= 1:
            return clauses
        keep = [parts[0]]
        extra: list[_Clause] = []
        for part in parts[1:]:
            p = part
            m_sup = _SUPPORT_ONLY.fullmatch(part.strip())
            if m_sup is not None and not extra:
                um_sup = match_units(part.strip(), 0, support=True)
                if um_sup.ok and um_sup.end == m_sup.end("units"):
                    first.support += um_sup.units  # "Giao Sở X chủ trì thực hiện; các sở, ngành phối hợp."
                    continue
            v0 = verb_at(keep[-1], 0)
            if not extra and v0 is not None:
                um0 = match_units(keep[-1], v0.end() + 1) if v0.end() < len(keep[-1]) else None
                if um0 is not None and um0.ok and not keep[-1][um0.end:].strip(" ,"):
                    keep.append(part)  # "đôn đốc các sở, ngành; UBND các huyện …": one list of objects
                    continue
            m_adv = _LEADING_ADVERBIAL.match(p)
            ppos = m_adv.end() if m_adv else 0
            sc = _subject_clause(p, ppos)
            if sc is None and p[:1] in "Gg":
                sc = _assigned_again(p)  # "…; Giao phòng văn hóa thông tin đẩy mạnh …": the next unit's own duty
            if sc is not None and not extra and not keep[-1].endswith(","):
                um, end = sc
                support, action, at = _after_units(p[end:])
                extra.append(_Clause(p[um.start:um.end], support, action, 0, None))
            elif sc is not None:
                um, end = sc
                support, action, at = _after_units(p[end:])
                extra.append(_Clause(p[um.start:um.end], support, action, 0, None))
            elif extra and self._frame_lead() is not None:
                # "…; UBND các xã …; định kỳ báo cáo …": a duty of everyone under the heading
                fr = self._frame_lead()
                assert fr is not None
                support, action, _ = _after_units(part)
                extra.append(_Clause(fr.lead, support, action, 0, None))
            elif extra:
                extra[-1].action += "; " + part
            else:
                keep.append(part)
        first.action = "; ".join(keep)
        return [first, *extra]

    def _timed_pieces(self, action: str) -> list[tuple[str, Deadline | None]]:
        """An action with several timings is several tasks ('sơ kết hằng năm, sơ kết giữa kỳ vào năm 2008 và …')."""
        dls: list[Deadline] = []
        rest = action
        offset = 0
        while rest and len(dls) < _MAX_TIMINGS:
            dl = first_timing(rest, self.issued)
            if dl is None or dl.start < 0 or dl.end <= 0:
                break
            dls.append(Deadline(dl.date, dl.text, dl.recurrence, dl.start + offset, dl.end + offset))
            offset += dl.end
            rest = rest[dl.end:]
        # "định kỳ hằng năm tổng hợp, báo cáo … trước ngày 15 tháng 12": a recurrence that opens a clause governs the
        # date later in that clause — one recurring duty, not two tasks (also a clause after a comma or "và": "…, định
        # kỳ hằng năm báo cáo … chậm nhất ngày 17 tháng 12", "… và định kỳ báo cáo … trước ngày 20/11")
        merged: list[Deadline] = []
        for dl in dls:
            if merged and merged[-1].recurrence and merged[-1].text is None and dl.text and not dl.recurrence and \
                    ";" not in action[merged[-1].end:dl.start] and \
                    _RECURRENCE_OPENS.fullmatch(action, 0, merged[-1].start):
                prev = merged[-1]
                merged[-1] = Deadline(None, dl.text, prev.recurrence, prev.start, dl.end)
            else:
                merged.append(dl)
        dls = merged
        if len(dls) >= 2 and _PURPOSE.match(action, dls[0].end):
            # "gửi báo cáo về Sở Nội vụ trước ngày 25/11 để tổng hợp, báo cáo UBND tỉnh trước ngày 30/11": what follows
            # "để" is the purpose of the one who asks, not a second duty
            dls = dls[:1]
            return [(action, dls[0])]
        if len(dls) < 2:
            if len(dls) == 1 and dls[0].recurrence and dls[0].text and dls[0].date is None:
                return [(action, dls[0])]
            return [(action, find_deadline(action, self.issued))]
        # Work with (start, end) ranges of `action` so every piece stays a span of the text.
        ranges: list[tuple[int, int, Deadline | None]] = []
        cut = 0
        for idx, dl in enumerate(dls):
            nxt = dls[idx + 1].start if idx + 1 < len(dls) else len(action)
            m = _PIECE_SEP.search(action, dl.end, nxt) if idx + 1 < len(dls) else None
            end = m.start() if m else len(action)
            seg_start = cut
            # a clause before this one without timing stays its own task
            for m_semi in list(_SEMI.finditer(action, seg_start, dl.start)):
                ranges.append((seg_start, m_semi.start(), None))
                seg_start = m_semi.end()
            seg = action[seg_start:end]
            local = find_deadline(seg, self.issued)
            if dl.recurrence and dl.text and dl.date is None and dl.start >= seg_start:
                local = dl  # "… và định kỳ báo cáo … trước ngày 20/11": the day of a recurring report, no one-off date
            if ranges and local is not None and local.text and len(seg.replace(local.text, "").split()) < 2:
                a, _, prev_dl = ranges[-1]
                ranges[-1] = (a, end, prev_dl or local)  # "…, hằng năm": a timing, not a task
            else:
                ranges.append((seg_start, end, local))
            cut = m.end() if m else end
        return [(action[a:b], d) for a, b, d in ranges]

    # -- line handling -------------------------------------------------------------------------------------------
    def handle_sentences(self, line: _Line, body: str, body_at: int) -> None:
        self.line_no += 1
        if self.prev_no == self.line_no - 1 and body.lstrip().startswith("(") and body.rstrip().endswith(")") and \
                "(" not in body.strip()[1:] and not _PAREN_NOTE_UNIT.search(body):
            # "(Có đề cương chi tiết gửi kèm)": a note between a duty and the paragraph giving its time limit
            self.prev_no += 1
            return
        if self.prev_no == self.line_no - 1 and line.marker is None and body[:1] in "TPĐ" and _SCOPE_NOTE.match(body) \
                and self.prev_line_tasks and not match_units(body, 0).ok:
            # "Giao Thanh tra tỉnh thanh tra …\nThời kỳ thanh tra từ … đến ….\nTổng hợp kết quả …": a paragraph giving
            # the period, scope or subjects of the duty just given does not end that unit's list of duties
            self.prev_no += 1
            return
        sentences: list[tuple[int, str]] = []
        last = 0
        for m in _sentence_cuts(body):  # = _SENT_SPLIT.finditer(body), faster
            sentences.append((last, body[last:m.start()]))
            last = m.end()
        sentences.append((last, body[last:]))
        for i in range(len(sentences) - 2, -1, -1):
            if _TOPIC_UNIT.match(sentences[i][1]) and _ASKS_AT_END.search(sentences[i][1]):
                # "Đối với Sở X, UBND tỉnh đề nghị: …": the request and what is asked stay one sentence
                at = sentences[i][0]
                sentences[i:i + 2] = [(at, body[at:sentences[i + 1][0] + len(sentences[i + 1][1])])]
        sentences = _bounded(sentences)
        fr = self._frame_lead()
        first_in_line = True
        line_tasks: list[ExtractedTask] = []
        before: tuple[int, str, int] | None = None  # the sentence before: offset, text, tasks found up to it
        pre_support: tuple[int, list[str]] | None = None
        for s_at, sent in sentences:
            if not sent.strip():
                continue
            if pre_support is not None:
                _support_first(line_tasks, *pre_support)
                pre_support = None
            p_first = partners_first(sent) if sent[:3] in _PARTNERS_OPEN else None
            if p_first is not None:
                # "Cùng với Sở A, Sở B, Sở Y tế kiểm tra …", "Với sự phối hợp của Sở A, …": the units named first
                # work with the one that acts
                pre_support = (len(line_tasks), _split_support(p_first[0]))
            prev_sent, before = before, (s_at, sent, len(line_tasks))
            m_pf = _PARTNER_FIELD.match(sent) if line_tasks and sent[:1] in "CcĐđ" else None
            if m_pf is not None:
                partners = [u for piece in re.split(r"\s*;\s*", sent[m_pf.end():].strip(" .;"))
                            for u in _whole_units(piece)]
                if partners:
                    # "… tổ chức tiêm chủng trong tháng 5. Các đơn vị phối hợp: Sở A; UBND các xã.": the partners of
                    # the duty just said (rules40)
                    said = line_tasks[-1]
                    said.support += [u for u in partners if u not in said.support]
                    continue
            m_that = _THAT_WAS.match(sent) if sent[:3] in ("Đó ", "Đây") else None
            if m_that and prev_sent is not None and prev_sent[2] < len(line_tasks):
                # "“Các cấp, các ngành cần …”. Đó là chỉ đạo của UBND tỉnh đối với các sở, ngành; UBND các huyện":
                # the units it was given to act, not the words the quote began with
                um = match_units(sent, m_that.end())
                if um.ok:
                    um = _semicolon_units(sent, um) if ";" in sent[um.end:um.end + 3] else um
                    for t in line_tasks[prev_sent[2]:]:
                        t.lead = sent[um.start:um.end]
                    first_in_line = False
                    continue
            if m_that and prev_sent is not None and prev_sent[2] == len(line_tasks) \
                    and (_starts_with_verb(prev_sent[1].lstrip("“\"")) or
                         _MODAL_WORD.search(prev_sent[1], 0, 100) is not None):
                # "Kiểm tra, xử lý nghiêm … . Đó là chỉ đạo của UBND tỉnh đối với các sở, ngành …": a news item states
                # the duty first and whom it was given to after
                um = match_units(sent, m_that.end())
                if um.ok:
                    um = _semicolon_units(sent, um) if ";" in sent[um.end:um.end + 3] else um
                    duty = prev_sent[1].strip().strip("“”\"").rstrip(" .")
                    t = self._task(sent[um.start:um.end], [], duty, find_deadline(duty, self.issued), line,
                                   body_at + prev_sent[0], prev_sent[1])
                    self._add_to(line_tasks, t)
                    first_in_line = False
                    continue
            low = sent.lower()
            if ("kiến" in sent or "luận" in sent) and _OPINION.search(sent) and \
                    not _TRIGGER.search(sent.split(":")[-1] if ":" in sent else ""):
                first_in_line = False
                continue
            if _PREAMBLE.match(sent) and (sent.rstrip().endswith(";") or re.search(r"\bsố\s+\d", sent[:120])) \
                    and not _AUTHORITY_ACTS.search(sent):
                cut = _actor_after_preamble(sent)
                if cut is None and not sent.rstrip().endswith(";"):
                    # "Theo đề nghị của Sở A tại Công văn số … ngày …, Sở B thẩm định …", "Căn cứ Quyết định số …, Sở B
                    # tổ chức …": the basis cites a paper, then the unit that acts with its own verb (rules42)
                    cut = subject_after_basis(sent)
                if cut is None:
                    if self.addressees and not line_tasks and ("gửi" in sent or "nộp" in sent):
                        self._passive_send(sent, line, body_at + s_at, line_tasks)
                    continue
                s_at += cut  # "Thực hiện Công văn số …; Sở X đề nghị UBND các huyện …": the request is the sentence
                sent = sent[cut:]
            if sent.rstrip().endswith("?"):
                continue  # "Các trường hợp nào phải đổi thẻ?": a question, not a duty
            if first_in_line and sent[:3] == "Báo" and self.tasks and self._reports_of_all(sent):
                first_in_line = False
                continue
            if "mật" in low and _SECURITY.search(low):
                continue  # "… quản lý tài liệu này theo chế độ mật": a handling note, not a duty
            # (every _EXECUTION match ends in "này": the substring test first)
            if ("hành" in low and "này" in low and _EXECUTION.search(sent)) or (("khó" in low or "vướng" in low) and
                                                              _DIFFICULTY.search(sent)) or \
                    ("hông báo" in sent and _NOTICE.search(sent)) or \
                    ("biết" in low and "gửi" in low and _SENT_TO_KNOW.search(sent)):
                continue
            m_topic = _TOPIC.match(sent)
            if m_topic and _ASKS_AT_END.search(sent[:m_topic.end()].rstrip(": ")):
                m_topic = None  # "Đối với Sở X, UBND tỉnh đề nghị: …": the topic is the unit asked
            if m_topic:
                # "Về đề nghị …: Bộ X nghiên cứu …": the request is restated, the answer assigns
                s_at += m_topic.end()
                sent = sent[m_topic.end():]
            self.item_first = first_in_line and line.marker is not None and not self.news
            clauses = self._clauses(sent)
            self.item_first = False
            if len(clauses) == 1 and clauses[0].action.startswith("chỉ đạo ") and _ONE_COMMUNE.fullmatch(clauses[0].lead):
                # "UBND xã chỉ đạo các ấp, hội – đoàn thể lập danh sách …": one commune directing its own hamlets and
                # groups; the listed work is theirs (a commune told by the province to direct them keeps its duty)
                c_dir = _community_directed(clauses[0].action, 7)
                if c_dir is not None:
                    clauses = [_Clause(c_dir.lead, c_dir.support, c_dir.action, clauses[0].at + c_dir.at,
                                       clauses[0].deadline)]
            if len(clauses) == 1 and prev_sent is not None and prev_sent[2] == len(line_tasks) and \
                    _ONLY_CARRY_OUT.fullmatch(clauses[0].action.strip(" .;")) and _starts_with_verb(prev_sent[1]) and \
                    not _PAST_STEP.search(prev_sent[1]):
                # "Tổ chức tuyên truyền … trên loa truyền thanh. Giao Phòng Văn hóa - Xã hội thực hiện.": the sentence
                # before, which named nobody, is the duty the unit is given
                duty = prev_sent[1].strip().rstrip(" .;")
                clauses = [_Clause(clauses[0].lead, clauses[0].support, duty[:1].lower() + duty[1:], 0,
                                   clauses[0].deadline)]
                s_at, sent = prev_sent[0], prev_sent[1]
            if not clauses and self.item_rules and (low.rstrip(" .;)").endswith(("thực hiện", "chủ trì")) or
                                ("vị chủ trì" in low or "vị thực hiện" in low or "quan chủ trì" in low)) and (
                    _starts_with_verb(sent) or (first_in_line and line.marker is not None)):
                c_after = _unit_after_duty(sent)
                clauses = [c_after] if c_after is not None else []
            if not clauses and prev_sent is not None and "nghị" in sent[:60]:
                clauses = _praised_then_asked(prev_sent[1], sent)
            if not clauses and fr is None and self.prev is None and sent[:7] == "Chỉ đạo":
                # "Chỉ đạo lực lượng bảo vệ dân phố tăng cường tuần tra …" in a ward's own account: the ward directs its
                # street groups; what they must do is theirs (rules36)
                c_dir = _community_directed(sent, 7)
                clauses = [c_dir] if c_dir is not None else []
            if not clauses and ": " in sent and not _SUBJECT_LINE.match(sent):
                # "… truyền đạt ý kiến chỉ đạo của Phó Thủ tướng: Bộ X chủ trì …": the assignment follows the colon
                for m_col in _COLON.finditer(sent):
                    after = self._clauses(sent[m_col.end():])
                    if after:
                        s_at += m_col.end()
                        sent = sent[m_col.end():]
                        clauses = after
                        break
            if not clauses and "," in sent and _CARRYING_OUT.match(sent) and not _AUTHORITY_ACTS.search(sent):
                # "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, Công an tỉnh chủ trì, phối hợp …": the clause saying what
                # is carried out opens the sentence and hid the assignment that follows it
                cut = _actor_after_preamble(sent, first=True)
                if cut is not None and not _ASKS_BEFORE.search(sent, 0, cut):
                    # (not when the opening clause itself asks: "Thực hiện Kết luận …, Ban Chỉ đạo yêu cầu các đồng
                    # chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ khẩn trương …" — that comma is inside the list asked)
                    after = self._clauses(sent[cut:])
                    if after:
                        s_at += cut
                        sent = sent[cut:]
                        clauses = after
            if clauses and fr is not None and first_in_line and not sent.rstrip().endswith(":") and \
                    _starts_with_verb(sent) and all(_asked_by_item(sent, c) for c in clauses):
                # "6. Sở Y tế\na) Kiểm tra chất lượng nước …; nếu không đạt, phải yêu cầu các đơn vị cấp nước khắc phục":
                # an item under a unit's heading that opens with its verb is that unit's duty; the units it asks are
                # part of the duty, not units the document charges
                clauses = []
            abs_at = body_at + s_at
            if clauses:
                timed = [[p for duty in _duties(c.action) for p in self._timed_pieces(duty)] for c in clauses]
                series_dl = _series_time_limit(timed)
                for c, pieces in zip(clauses, timed, strict=True):
                    limit = series_dl or _series_time_limit([pieces])
                    if limit is not None and all(d is None for _, d in pieces[:-1]):
                        # "… rà soát …; đề xuất …; hoàn thành trước ngày 30/6/2026." and "Sở A thẩm định …; Sở B hướng
                        # dẫn …; hoàn thành trước ngày …": the last item gives only the time, the whole series' limit
                        pieces = [(p, limit) for p, _ in pieces]
                    if len(pieces) == 1 and pieces[0][1] is None and c.lead in sent and _TIMING_FIRST.match(sent):
                        # "Trước ngày 30/11/2025, Sở X …": the timing stands before the unit
                        early = find_deadline(sent[:sent.find(c.lead)], self.issued)
                        if early is not None:
                            pieces = [(pieces[0][0], early)]
                    elif c.lead in sent and all(d is None for _, d in pieces) and \
                            _WINDOW_FIRST.search(sent, 0, max(0, sent.find(c.lead))):
                        # "Theo đó, trong thời gian từ đầu tháng 1 tới ngày 15/3/2013, Công an tỉnh bố trí …; chỉ đạo …":
                        # a time window before the unit governs each of its duties
                        early = find_deadline(sent[:sent.find(c.lead)], self.issued)
                        if early is not None and early.date:
                            pieces = [(p, early) for p, _ in pieces]
                    if len(pieces) == 1 and self.item_duty is not None and self.item_duty[0] == self.line_no - 1 and \
                            line.marker is None and not line_tasks and \
                            _GENERIC_ACTION.match(_clean_action(_trim_deadline(pieces[0][0], pieces[0][1]))):
                        # "1. Tổ chức hội nghị quán triệt …\nGiao Sở Tư pháp chủ trì thực hiện": the item states the duty
                        pieces = [(self.item_duty[1], pieces[0][1] or find_deadline(sent, self.issued))]
                    for pi, (piece, dl) in enumerate(pieces):
                        own: list[str] = []
                        if pi > 0 and dl is not None and piece[:1].isupper():
                            core = _clean_action(_trim_deadline(piece, dl))
                            um_p = match_units(core, 0)
                            if um_p.ok and um_p.end >= len(core):
                                # "Sở Y tế báo cáo … trước ngày 10/4; Sở Giáo dục và Đào tạo trước ngày 15/4": the same
                                # duty for another unit, with its own time limit
                                first = _clean_action(_trim_deadline(pieces[0][0], pieces[0][1]))
                                t = self._task(core, [], first, dl, line, abs_at, sent)
                                self._add_to(line_tasks, t)
                                continue
                        if pi > 0 and _PHOI_HOP.match(piece):
                            # "…; phối hợp với Đài PT-TH tỉnh thực hiện …": a later duty names its own support
                            own, piece, _ = _after_units(piece)
                        more = _more_support(piece)
                        # the series shares the support named with "chủ trì, phối hợp với …" unless a duty names its own
                        sup = (c.support if pi == 0 else own or ([] if more else c.support)) + more + \
                            self._frame_support()
                        t = self._task(c.lead, sup, piece, dl, line, abs_at, sent)
                        self._add_to(line_tasks, t)
                first_in_line = False
                continue
            if self.addressees and not line_tasks and ("gửi" in sent or "nộp" in sent) and \
                    self._passive_send(sent, line, abs_at, line_tasks):
                first_in_line = False
                continue  # "Số liệu phải được gửi về Bộ trước ngày …" in a letter: its addressees must send it
            if _NARRATIVE.match(sent) or _AGREED_PASSED.match(sent):
                continue
            # No unit named in this sentence.
            if self.host and (sent[:1] in "TH" or ("," in sent[:170] and sent[:1] in "ĐS")):
                m_adv = _LEADING_ADVERBIAL.match(sent) if sent[:1] in "TĐS" else None
                k_host = m_adv.end() if m_adv else 0
                m_self = _HOST_KIND.match(sent, k_host)
                if m_self is not None and _starts_with_verb(sent[m_self.end():]):
                    # "Trên cơ sở …, Tỉnh chủ động kiện toàn …" in the conclusions of a working session with tỉnh X:
                    # the province named by its kind is the host
                    for duty in _duties(sent[m_self.end():]):
                        t = self._task(self.host, _more_support(duty), duty, find_deadline(duty, self.issued), line,
                                       abs_at, sent)
                        self._add_to(line_tasks, t)
                    first_in_line = False
                    continue
            if self.prev is None and fr is None:
                first_in_line = False
                continue
            # the timing is only looked for where a rule below may use it (the costliest test on plain prose)
            need_dl = first_in_line or bool(line_tasks) or bool(self.list_tasks) or _LATE_LIMIT.match(sent) is not None
            dl = find_deadline(sent, self.issued) if need_dl else None
            if dl is not None and dl.date and _GOVERNS_ALL.search(sent) and self.tasks and \
                    not self.tasks[-1].deadline and not self.tasks[-1].deadline_text and \
                    not (fr is not None and first_in_line and _starts_with_verb(sent)):
                # (not "i) Các bộ, ngành: rà soát, hoàn thành các nhiệm vụ được giao … trong tháng 11": a unit
                # heading's own duty)
                # "Các nội dung trên hoàn thành trước ngày …": one time limit for every duty just listed; an item
                # with its own time in its sentence keeps it and the list goes on above it (rules34), a time given
                # from outside (an earlier list's closing line) ends the list
                for t in reversed(self.tasks):
                    if t.span is not None and abs_at - t.span[0] > _LIST_REACH:
                        break
                    if t.deadline or t.deadline_text:
                        if t.deadline_text and t.deadline_text in t.sentence:
                            continue
                        break
                    t.deadline, t.deadline_text = dl.date, dl.text
                first_in_line = False
                continue
            if not first_in_line and self.prev is not None and line_tasks:
                starts_cont = _CONTINUES.match(sent)
                m_rec = re.match(r"^(?:[Hh]ằng|[Hh]àng|[Đđ]ịnh\s+kỳ)\s+[^,]{0,40}?\s+(?=\w)", sent)
                if starts_cont or (m_rec and dl is not None and dl.recurrence):
                    start = starts_cont.end() if starts_cont else 0
                    action = sent[start:]
                    if verb_at(action, 0) or (starts_cont and starts_cont.group(1)):
                        sup0, action, _ = _after_units(action)
                        # "Theo đó, tập trung kiểm tra …, đồng thời ngăn chặn …": each duty of the follow-on is a task
                        duties = _duties(action) if starts_cont else [action]
                        for di, duty in enumerate(duties):
                            ddl = dl if len(duties) == 1 else find_deadline(duty, self.issued)
                            t = self._task(self.prev.lead, (sup0 if di == 0 else []) + _more_support(duty), duty, ddl,
                                           line, abs_at, sent)
                            self._add_to(line_tasks, t)
                        continue
                if dl is not None and dl.date and _REPORT_SENTENCE.match(sent):
                    # "Sở A kiểm tra … . Báo cáo kết quả về UBND tỉnh trước ngày 20/4.": reporting back by that day is
                    # one more duty of the same unit; the work itself keeps no report's date (rules40)
                    t = self._task(self.prev.lead, [], sent.strip().rstrip("."), dl, line, abs_at, sent)
                    self._add_to(line_tasks, t)
                    continue
                if dl is not None and dl.date and (_WHOLE_TIME.match(sent) or plan_time_sentence(sent) or
                                                   only_time(sent, dl)) and \
                        len(line_tasks) > 1 and self._time_for_all(line_tasks, dl):
                    continue  # "Sở A …; Sở B … Thời gian kiểm tra từ ngày 20/01 đến ngày 28/01/2026.": the window of both
                if dl is not None and dl.date and not self.prev.deadline and not self.prev.deadline_text and \
                        not _new_series_with_time(sent, dl) and not _YEAR_ONLY.fullmatch(dl.text or "") and \
                        not _own_timed_duty(sent, dl) and not time_opens_own_duty(sent, dl):
                    # "… Yêu cầu hoàn thành, gửi báo cáo trước ngày 28/9.": the time limit of the duty before
                    self.prev.deadline = dl.date
                    self.prev.deadline_text = dl.text
                    continue
                if dl is not None and dl.date is None and dl.text and not dl.recurrence and only_time(sent, dl) and \
                        not self.prev.deadline and not self.prev.deadline_text and not self.prev.recurrence:
                    # "… rà soát biên chế. Hoàn thành trước Tết Nguyên đán.": an event's limit said alone after the
                    # duty is its limit, the phrase kept with no date (rules34; a dated one is carried above)
                    self.prev.deadline_text = dl.text
                    continue
                if dl is not None and dl.recurrence and dl.date is None and (m_tf := _TIME_FIELD.match(sent)) is not None and \
                        dl.start >= m_tf.end() and len(sent) - m_tf.end() < 90 and \
                        not self.prev.deadline and not self.prev.deadline_text and not self.prev.recurrence:
                    # "… kiểm tra an toàn thực phẩm. Thời gian hoàn thành: trước ngày 15 hằng tháng.": the recurring
                    # limit of the duty before (rules42)
                    self.prev.deadline_text, self.prev.recurrence = dl.text, dl.recurrence
                    continue
                m_res = _RESULT_REPORT.match(sent)
                if m_res:
                    # "Kết quả thực hiện báo cáo UBND tỉnh.": reporting back is one more duty of the same unit
                    t = self._task(self.prev.lead, [], sent[m_res.end():], dl, line, abs_at, sent)
                    self._add_to(line_tasks, t)
                    continue
                m_if = _CONDITION_FIRST.match(sent)
                if m_if and self._conditional_duty(sent, m_if, line, abs_at, line_tasks):
                    continue  # "… Nếu phát hiện ca bệnh, chủ động cách ly …": what the same unit does when it happens
                if (_starts_with_verb(sent) or (sent[:1] in "TtKkNn" and _PROHIBITION.match(sent[:1].lower() + sent[1:]))) \
                        and not _REFERENCE_LINE.match(sent) and not _COMPLETION.match(sent) \
                        and not _NOT_CONTINUATION.match(sent):
                    # "Giao Sở X chủ trì …. Báo cáo kết quả về UBND tỉnh.": the next sentence goes on with the
                    # same unit's duties
                    for duty in _duties(sent):
                        t = self._task(self.prev.lead, _more_support(duty), duty, find_deadline(duty, self.issued),
                                       line, abs_at, sent)
                        self._add_to(line_tasks, t)
                    continue
                first_in_line = False
                continue
            m_if = _CONDITION_FIRST.match(sent) if first_in_line and line.marker is None and fr is None else None
            if m_if and self.prev is not None and self.prev_no == self.line_no - 1 and self.prev_line_tasks and \
                    self._conditional_duty(sent, m_if, line, abs_at, line_tasks):
                # "Sở Y tế theo dõi …\nNếu phát hiện ổ dịch mới, khẩn trương khoanh vùng …": the next paragraph says
                # what the same unit does when it happens
                first_in_line = False
                continue
            if first_in_line and fr is None and dl is not None and dl.date and self.prev is not None and \
                    self.prev_no == self.line_no - 1 and self.prev_line_tasks and _REPORT_SENT.match(sent) and \
                    "báo cáo" in self.prev.action.lower() and not self.prev.deadline and not self.prev.deadline_text:
                # "… xây dựng báo cáo sơ kết …\nBáo cáo sơ kết … gửi về Bộ … trước ngày 15/5": the report just asked for
                # is due then; sending it is the same duty
                self.prev.deadline, self.prev.deadline_text = dl.date, dl.text
                first_in_line = False
                continue
            m_link = _PARA_LINK.match(sent) if first_in_line and sent[:1] in "TS" and fr is None and \
                self.prev is not None and self.prev_no == self.line_no - 1 and self.prev_line_tasks else None
            src_at, src = abs_at, sent
            if m_link and _starts_with_verb(sent[m_link.end():]):
                # "… Tuy nhiên, phải bảo đảm …" opening the next paragraph: the same unit's duty goes on (the linking
                # word is not part of the duty; the source sentence stays whole)
                sent = sent[m_link.end():]
            if first_in_line and fr is None and line.marker is None and self.prev is not None and \
                    self.prev_no == self.line_no - 1 and self.prev_line_tasks and sent.rstrip().endswith(".") and \
                    len(sent.split()) >= 5 and (sent[:1].isupper() or m_link) and _starts_with_verb(sent) and \
                    not _REFERENCE_LINE.match(sent) and not _COMPLETION.match(sent) and \
                    not _NOT_CONTINUATION.match(sent) and not _NARRATIVE.match(sent) and \
                    not re.match(r"(?:\S+\s+){1,2}viên(?!\w)", sent) and \
                    _COMMUNITY.match(self.prev.lead) is None:
                # "Sở Y tế chỉ đạo …\nTổ chức kiểm tra …": a paragraph with no subject goes on with the unit just named
                # (not after a hamlet's or a street group's duty: the next paragraph is the commune's own account)
                for duty in _duties(sent):
                    t = self._task(self.prev.lead, _more_support(duty), duty, find_deadline(duty, self.issued), line,
                                   src_at, src)
                    self._add_to(line_tasks, t)
                first_in_line = False
                continue
            sent = src
            m_cont = _CONTINUES.match(sent) if first_in_line and line.marker is None else None
            if m_cont and self.prev is not None and (self.prev_no == self.line_no - 1 or (
                    m_cont.group(1) is not None and self.prev_no == self.line_no - 2)) and \
                    verb_at(sent, m_cont.end()) is not None and fr is None:
                # (after "Đồng thời," / "Ngoài ra," one paragraph of other matter may stand between)
                # "…\n\nĐồng thời, chủ động phối hợp …": the next paragraph goes on with the same unit's duties
                for duty in _duties(sent[m_cont.end():]):
                    sup, act, _ = _after_units(duty)
                    t = self._task(self.prev.lead, sup + _more_support(act), act, find_deadline(act, self.issued),
                                   line, abs_at, sent)
                    self._add_to(line_tasks, t)
                first_in_line = False
                continue
            m_role = _ROLE_FIRST.match(sent) if fr is not None and first_in_line and sent[:2] in ("Là", "là") else None
            if m_role is not None and fr is not None and _starts_with_verb(sent[m_role.end():]) and \
                    not _CHU_TRI.match(sent, m_role.end()):  # ("Là cơ quan đầu mối, chủ trì …" is read as before)
                # "1. Sở Tư pháp\nLà cơ quan thường trực của Ban Chỉ đạo, giúp Trưởng ban kiểm tra …": the unit's role
                # in the plan, then its duty (the role alone is none)
                self._inherit(fr, line, sent[m_role.end():], abs_at + m_role.end(), dl, line_tasks)
                first_in_line = False
                continue
            if fr is not None and first_in_line and (_starts_with_verb(sent) or (
                    fr.kind == "units" and not self.report and len(sentences) == 1 and duty_item(line.marker, sent)
                    and self._verb_led_siblings(line) and not _ITEM_ROLE_FIXED.match(sent)
                    and not _ITEM_ROLE_NAMED.match(sent))):
                # (rules41: a dashed item under a unit's heading is its duty, whether or not the rules list the verb)
                self._inherit(fr, line, sent, abs_at, dl, line_tasks)
                first_in_line = False
                continue
            k_bare = _bare_basis_end(sent, 0) if fr is not None and first_in_line else None
            if k_bare is not None and fr is not None:
                # "a) Căn cứ Chương trình … của tỉnh xây dựng Kế hoạch …": a basis with no comma before the item's verb
                self._inherit(fr, line, sent[k_bare:], abs_at + k_bare, dl, line_tasks)
                first_in_line = False
                continue
            if fr is not None and first_in_line and "," in sent[:200]:
                # "3. Các sở, ngành\nCăn cứ Kế hoạch này, xây dựng kế hoạch …": a basis before the item's verb
                m_basis = _ITEM_BASIS.match(sent) or _ITEM_OCCASION.match(sent) or _ITEM_MILESTONE.match(sent)
                if not (m_basis and (_starts_with_verb(sent[m_basis.end():]) or _MODAL.match(sent, m_basis.end()))):
                    m_basis = _REMIT_BARE.match(sent) or m_basis
                if m_basis and (_starts_with_verb(sent[m_basis.end():]) or _MODAL.match(sent, m_basis.end())):
                    self._inherit(fr, line, sent[m_basis.end():], abs_at + m_basis.end(), dl, line_tasks)
                    first_in_line = False
                    continue
                m_first = _BASIS_FIRST.match(sent)
                k_verb = _verb_past_commas(sent, m_first.end(), True) if m_first is not None else None
                if k_verb is not None:
                    # "a) Trên cơ sở dự toán của các sở, ngành và địa phương, chủ trì tổng hợp …" under the unit's
                    # heading: a basis that holds commas of its own, then the heading unit's duty
                    self._inherit(fr, line, sent[k_verb:], abs_at + k_verb, dl, line_tasks)
                    first_in_line = False
                    continue
            if first_in_line and fr is None and line.marker is None and dl is not None and dl.date and \
                    (_WHOLE_TIME.match(sent) or plan_time_sentence(sent)) and self.prev_no == self.line_no - 1 and \
                    len(self.run_tasks) > 1 and \
                    self._time_for_all(self.run_tasks, dl):
                # "- Sở A …\n- Sở B …\nThời gian thực hiện từ ngày 20 đến 28/01/2026.": one window for every duty listed
                first_in_line = False
                continue
            if first_in_line and fr is None and line.marker is None and dl is not None and dl.date and \
                    self.prev_no == self.line_no - 1 and self.prev_line_tasks and \
                    all(not t.deadline and not t.deadline_text for t in self.prev_line_tasks) and \
                    not _YEAR_ONLY.fullmatch(dl.text or "") and _ROMAN_ITEM.match(sent) is None:
                # "… Việc quy hoạch thực hiện đúng trình tự, trước ngày 3/5/2019.": the next paragraph gives the
                # time limit of the duties just assigned
                dl = last_stage(sent, dl, self.issued)  # "… cấp huyện hoàn thành trong quý II và cấp tỉnh trong quý III"
                for t in self.prev_line_tasks:
                    t.deadline, t.deadline_text = dl.date, dl.text
                first_in_line = False
                continue
            if dl is not None and dl.date and line.marker is None and self.list_tasks and \
                    all(not t.deadline and not t.deadline_text for t in self.list_tasks) and _ROMAN_ITEM.match(sent) is None \
                    and not (_YEAR_ONLY.fullmatch(dl.text or "") and _CLOSING_SUMMARY.match(sent)):
                # ("Trên đây là Kế hoạch … năm 2025." closes the text: the year names the plan, not a time limit)
                # "(1) …; (2) … Danh mục gửi về Bộ trước ngày 15/3.": one time limit for the whole list
                for t in self.list_tasks:
                    t.deadline, t.deadline_text = dl.date, dl.text
                self.list_tasks = []
                first_in_line = False
                continue
            if (not first_in_line and self.prev is not None and not line_tasks and dl is not None and dl.date
                    and not self.prev.deadline and not self.prev.deadline_text
                    and _LATE_LIMIT.match(sent)):
                self.prev.deadline = dl.date
                self.prev.deadline_text = dl.text
            first_in_line = False
        if pre_support is not None:
            _support_first(line_tasks, *pre_support)
        if line.marker is not None and not line_tasks and len(sentences) == 1 and _starts_with_verb(body):
            self.item_duty = (self.line_no, body.strip().rstrip(".;:"))  # a numbered duty that names no unit yet

    def _inherit(self, fr: _Frame, line: _Line, sent: str, abs_at: int, dl: Deadline | None,
                 line_tasks: list[ExtractedTask] | None = None) -> None:
        support, action, _ = _after_units(sent)
        if not action.strip():
            # "b) Chủ trì, phối hợp với …": support for the items below
            if support:
                if fr.group is not None:
                    for s in support:
                        if s not in fr.group.support:
                            fr.group.support.append(s)
                self.frames.append(_Frame(rank=line.rank + 0.5, kind="support", support=support))
            return
        if re.match(r"^[Pp]hối\s+hợp\b", sent.strip()) and fr.group is not None and len(action.split()) < 3:
            for s in support + _more_support(sent):
                if s not in fr.group.support:
                    fr.group.support.append(s)
            return
        fr.inherited = True
        duties = _duties(action)
        # "- Chủ trì, phối hợp với Sở A, Sở B rà soát …; hoàn thiện …; tổ chức …": the partners named with "chủ trì"
        # help with every duty of the series that names none of its own
        carried = support if support and _LEADS_WITH.match(sent) else []
        for di, duty in enumerate(duties):
            # every dashed, lettered or numbered item under a unit heading is its own duty, and so is each duty
            # of a semicolon series inside it
            more = _more_support(duty)
            own_sup = (support if di == 0 else ([] if more or _PHOI_HOP.match(duty) else carried)) + more
            # "giao Sở A chủ trì, phối hợp với Sở B … thực hiện các nội dung:": B supports every item with none of its own
            sup = own_sup + self._frame_support() + (fr.support if fr.kind == "leadin" and not own_sup else [])
            ddl = dl if len(duties) == 1 else find_deadline(duty, self.issued)
            t = self._task(fr.lead, sup, duty, ddl, line, abs_at, sent)
            if fr.time_limit and not t.deadline and not t.deadline_text and not t.recurrence:
                t.deadline, t.deadline_text = fr.time_limit
            added = self._add(t)
            if added:
                if line_tasks is not None:
                    # the item's next sentences ("… Thời gian hoàn thành trước ngày …", "Kết quả báo cáo …") go on
                    # with the duties of this line
                    line_tasks.append(added)
                if fr.group is None:
                    fr.group = added
                if fr is not self.list_frame:
                    self.list_frame, self.list_tasks = fr, []
                self.list_tasks.append(added)

    def handle_field(self, line: _Line, m: re.Match[str], title: str) -> None:
        name = m.group("name").lower()
        value = m.group("value").strip()
        m_more = _MORE_FIELD.search(value) if ";" in value else None
        if m_more is not None:
            # "Đơn vị chủ trì: Văn phòng UBND xã; thời gian hoàn thành: trước ngày 15/6/2026": two fields on one line
            fm_more = _FIELD.match(value[m_more.start() + 1:].strip())
            value = value[:m_more.start()].strip()
            if fm_more is not None:
                self.handle_field(line, fm_more, title)
        if self.field_item is None or self.field_item.get("title") != title:
            self.flush_fields()
            self.field_item = {"title": title}
        item = self.field_item
        item.pop("open", None)
        if title == m.group(0).strip():
            item["titleless"] = "1"  # (a card titled by its content line: its next fields share the title)
        if "phối hợp" in name:
            item["support"] = value
            if value.endswith((";", ",")):
                item["support_open"] = "1"  # "Đơn vị phối hợp: Sở A, Sở B;" then the list goes on, on the next line
        elif name.startswith(("nội dung", "nhiệm vụ")):
            item["content"] = value  # "- Nội dung: Triển khai Tháng hành động …": the duty itself
            if not value.strip(" .:"):
                item["open"] = "1"  # "- Nội dung:" then "+ Tổng kết …", "+ Tập huấn …": each item is a duty
        elif re.search(r"chủ trì|thực hiện|trách nhiệm", name) and not name.startswith(("thời", "tiến")):
            um = match_units(value, 0)
            rest = value[um.end:].strip(" .;") if um.ok else value
            m_role = _ROLE_ONLY.match(rest) if um.ok else None
            sup_role, act_role, _ = _after_units(rest) if m_role else ([], "", 0)
            if um.ok and (not rest or (verb_at(rest.lstrip(" ,"), 0) is None and ";" not in rest)):
                # ("Cơ quan thực hiện: Các sở, ngành có liên quan theo chức năng, nhiệm vụ được giao": the manner is no
                # part of the units' name)
                item["lead"] = _BY_REMIT.sub("", value.strip(" .;"))
            elif m_role and (not _starts_with_verb(act_role.strip(" ,.;")) or item.get("content") or item.get("items")):
                # "- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với các sở, ngành …": the unit's role only; the
                # duty is the item's content
                item["lead"] = value[um.start:um.end].strip()
                item["support"] = ", ".join(sup_role)
            elif value:
                # "Cơ quan thực hiện: Bộ Công an tiến hành …; các bộ … rà soát …"
                for part in re.split(r";\s+", value):
                    sc = _subject_clause(part, 0)
                    if sc is None:
                        continue
                    um2, end = sc
                    support, action, _ = _after_units(part[end:])
                    dl = find_deadline(action, self.issued)
                    at = max(line.text.find(part), 0)
                    self._add(self._task(part[um2.start:um2.end], support, action, dl, line, at, part))
        elif name.startswith(("thời", "tiến")):
            item["time"] = value

    def flush_fields(self) -> None:
        item = self.field_item
        self.field_item = None
        if not item or not item.get("lead"):
            return
        support: list[str] = []
        if item.get("support"):
            um = match_units(item["support"], 0, support=True)
            support = um.units if um.ok else [item["support"].strip(" .;")]
        dl = find_deadline(item.get("time", ""), self.issued, cell=True) if item.get("time") else None
        if dl is None and item.get("content"):
            dl = find_deadline(item["content"], self.issued)
        title_duty = re.sub(r"^\s*(?:\d+(?:\.\d+)*\s*[.)]|[a-zđ]\)|[-+])\s*", "", _CARD_TITLE.sub("", item["title"]))
        action = item.get("content") or title_duty
        if item.get("content") and _content_describes(item["content"], title_duty):
            # "6. Xây dựng Cổng thông tin …\n- Nội dung: Cổng thông tin … cung cấp thông tin …" or "- Nghị định xử phạt …\n
            # + Nội dung: bao gồm quy định …": the content says what the thing made is; the card's title is the duty
            # (rules38)
            action = title_duty.strip(" .;:")
        if not item.get("content") and not item.get("items"):
            for k in range(len(self.tasks) - 1, max(-1, len(self.tasks) - 4), -1):
                said = self.tasks[k]
                if said.span is not None and said.sentence and said.sentence in item["title"] and \
                        is_collective(said.lead) and said.action in action:
                    # "1. Trên cơ sở tài liệu …, các cơ quan, đơn vị tổ chức tuyên truyền …\n- Cơ quan thực hiện: Sở A;
                    # Sở B …": the card names who the title's collective is; one duty, led by the card's units
                    action = said.action
                    del self.tasks[k]
                    break
        for duty in (item["items"].split("\x1f") if item.get("items") else _card_duties(action)):
            own = find_deadline(duty, self.issued) if item.get("items") and not item.get("time") else None
            when = own or dl
            task = ExtractedTask(
                lead=item["lead"], support=_split_support(support), action=_clean_action(duty),
                deadline=when.date if when else None, deadline_text=when.text if when else None,
                recurrence=when.recurrence if when else None, sentence=item["title"], span=None)
            self._add(task)

    def run(self, lines: list[_Line]) -> list[ExtractedTask]:
        skip_rank: float | None = None
        skip_block = False
        in_steps = False
        recipients = False
        titles: dict[int, str] = {}
        consumed = _tables(self, lines)
        host = self.host = _host_unit(self.text)
        self.outline = (lines, 0)
        for idx, line in enumerate(lines):
            if idx in consumed:
                continue
            self.outline = (lines, idx)
            text = line.text
            body = line.body
            if self.report and not self.item_rules and len(text) < 160 and _FORWARD_SECTION.match(text):
                self.item_rules = True  # "III. PHƯƠNG HƯỚNG, NHIỆM VỤ …": a report's forward section (fix21)
            if idx == 0 and len(lines) > 1 and line.marker is None and len(text) < 200 and \
                    (not re.search(r"[.:;!?…]\s*$", text) or _POST_STAMP.fullmatch(lines[1].text)) and \
                    lines[1].block_start and not _KINH_GUI.match(text):
                # a news item's headline ("Chủ tịch UBND huyện khảo sát các công trình") reports, not assigns; with
                # its full stop when the post's date stamp stands below it ("14/09/2025 - 15:51", rules36)
                continue
            if len(text) < 40 and _RELATED_NEWS.fullmatch(text):
                break  # "Tin liên quan", "Các tin khác", "Xem thêm": the rest of the page lists other news
            if self.news and idx > 0 and line.block_start and line.marker is None and len(text) < 120 and \
                    text[-1:] not in _TITLE_ENDS and not text.startswith(("Theo ", "Nguồn")) and \
                    (lines[idx + 1].block_start if idx + 1 < len(lines) else _NEWS_TITLE.match(text) is not None):
                # a news page's title of another story, a sub-heading or a photo caption standing alone between blank
                # lines with no stop ("Hội X huyện Y: Đẩy mạnh …"); the page's last line only in a title's shape (a
                # story cut short ends without its stop too)
                continue
            if skip_block:
                if line.block_start and line.marker != "dash" and not _NOI_NHAN.match(text):
                    skip_block = False
                else:
                    continue
            if _NOI_NHAN.match(text):
                skip_block = True
                self.frames.clear()
                continue
            if text[:4] == "Bước" and _PROCEDURE_STEP.fullmatch(text):
                # "Bước 3 | Trưởng phòng X xem xét hồ sơ, trình Lãnh đạo Sở | 0,5 ngày làm việc": the steps of an
                # internal procedure table say who handles a file at each step, for good; they are not tasks
                in_steps = True
                continue
            if in_steps:
                if line.marker in ("roman", "article") or (text.upper() == text and len(text) > 12):
                    in_steps = False
                else:
                    continue
            if recipients:
                if line.marker == "dash" or (not line.block_start and len(text) < 150 and _only_units(text)):
                    self._addressee(body)
                    continue
                recipients = False
            m_rcp = _RECIPIENTS.search(text) if text[:1] in "Kk" or text.endswith(":") else None
            if m_rcp and len(text) < 200:
                recipients = True
                self._addressee(text[m_rcp.end():])
                continue
            if m_rcp and m_rcp.start() == 0 and len(text) < 2000:
                # "Kính gửi: - Sở A tỉnh X; - Sở A tỉnh Y; … (seven more)": a long list of addressees on one line (a legal
                # portal's table cell) is still the list, when it holds nothing but units
                names = [x.strip(" -–+•.;:\t") for x in re.split(r"[;\t]", text[m_rcp.end():])]
                names = [x for x in names if x]
                if names and all(match_units(x, 0).end >= len(x) - 1 for x in names):
                    for x in names:
                        self._addressee(x)
                    continue
            if skip_rank is not None:
                if line.marker is not None and line.rank <= skip_rank:
                    skip_rank = None
                elif line.marker is None and _DUTIES_AHEAD.search(text):
                    skip_rank = None  # "… thành phố X cần tập trung thực hiện các nhiệm vụ sau:" ends the assessment
                else:
                    continue
            if ":" in text[:40] and "phần" in text[:30] and _ATTENDEES.match(text):
                continue  # "- Thành phần: lãnh đạo các phòng (phòng X cử 01 chuyên viên)": who attends, no duty
            if ":" in text[:40] and _PORTAL_FIELD.match(text):
                continue  # a legal portal's information box ("Số hiệu: … Người ký: … Ngày ban hành: …"), not the text
            if text[:3] == "QUY" and _REGULATION_HEAD.match(text) and line.parts[0][1].isupper() and \
                    _ISSUES_REGULATION.search(self.text, 0, 5000) and \
                    _DECIDES.search(self.text, 0, line.parts[0][0]):  # (not the decision's own title "QUY ĐỊNH VỀ …")
                # the Quy định / Quy chế a Quyết định issues: a standing allocation of competences, not duties to
                # follow up (the decision's own articles before it still count)
                break
            if _APPENDIX.match(text) and text.upper() == text:
                self.flush_fields()
                self.frames.clear()
                continue
            if line.marker in ("roman", "num", "article") and ((_SKIP_SECTION.match(body) and len(body) < 80 and
                                                                not _TRIGGER.match(body)) or
                                                               (body[:1] in "HG" and _COUNCIL_AGENDA.match(body))):
                self.flush_fields()
                skip_rank = line.rank
                continue
            if self.field_item is None and line.marker in ("dash", None) and body[-1:] == ":" and \
                    _CONTENT_LIST.match(body):
                own = [t for r, t in sorted(titles.items(), reverse=True) if r < line.rank]
                if own and own[0] != text:
                    # "5. Tổ chức các nội dung hỗ trợ …\n- Các nội dung hỗ trợ bao gồm:\n+ Hướng dẫn …;\n+ Tổ chức …\n-
                    # Cơ quan thực hiện: Các sở, ngành …": a plan card that lists its works before naming who does
                    # them; each listed work is a duty of the unit the card names (none named: no task, as before)
                    self.field_item = {"title": own[0], "open": "1"}
                    continue
            if self.field_item is not None and self.field_item.get("open") and line.marker in ("plus", "dash") \
                    and not _FIELD.match(body):
                # the items of an empty "Nội dung:" field: each is one duty of the card
                got = self.field_item.get("items")
                self.field_item["items"] = body if not got else got + "\x1f" + body
                continue
            if self.field_item is not None and self.field_item.pop("support_open", "") and line.marker is None \
                    and not _FIELD.match(body) and match_units(body, 0, support=True).ok:
                # "Đơn vị phối hợp thực hiện: Sở A, Sở B;\nHiệp hội X và các đơn vị có liên quan.": a card's partner
                # list wrapped after its semicolon onto a line of its own
                self.field_item["support"] += " " + body
                continue
            if line.marker is not None:
                while self.frames and self.frames[-1].rank >= line.rank:
                    self._close(self.frames.pop())
            if line.marker is None and text[:1] in "HNPCV" and _CARD_TITLE.match(text):
                # "Hoạt động 2: Biên soạn tài liệu …" heads an activity card whose fields follow ("Đơn vị chủ trì: …")
                self.flush_fields()
                titles = {r: t for r, t in titles.items() if r < _CARD_RANK}
                titles[_CARD_RANK] = text
                continue
            if self.field_item is None and self.prev_no == self.line_no and self.prev_line_tasks and \
                    line.marker in ("dash", "plus", None) and body[:1] in "CcĐđP" and \
                    (partners := partner_line(body)) is not None:
                # "… hoàn thành trước ngày ….\nCác đơn vị phối hợp: Sở B; Sở C.", "1. Sở A chủ trì ….\n- Đơn vị phối
                # hợp: Sở B; Sở C.": the partners of the duty the line before gave, on a line or item of their own (not
                # a card's field, nor a task of "Các đơn vị": the duty has its lead already; rules42)
                said = self.prev_line_tasks[-1]
                said.support += [u for u in partners if u not in said.support and u != said.lead]
                continue
            fm = _FIELD.match(body)
            if fm and self.field_item is None and self.prev_no == self.line_no and len(self.run_tasks) > 1 and \
                    fm.group("name")[:1] in "TtĐđ" and re.match(r"(?:thời|tiến)", fm.group("name").lower()):
                # "- Sở A …\n- Sở B …\nThời gian hoàn thành: trong tháng 10/2026.": one time limit for the duties just
                # listed, not a field of the last of them
                dl_all = find_deadline(fm.group("value"), self.issued)
                if dl_all is not None and dl_all.date and self._time_for_all(self.run_tasks, dl_all):
                    continue
            if fm and line.marker in ("dash", "plus", None):
                title = ""
                for r in sorted(titles, reverse=True):
                    if r < line.rank:
                        title = titles[r]
                        break
                if not title:
                    title = _titleless_card(self.field_item, fm, line.marker)
                if title:
                    self.handle_field(line, fm, title)
                    continue
            if line.marker is not None:
                titles = {r: t for r, t in titles.items() if r < line.rank}
                titles[line.rank] = text
                if self.field_item is not None and line.rank <= 3:
                    self.flush_fields()
            if line.marker == "roman":
                self.frames.clear()
                if host and _DUTY_SECTION.search(body) and not _REQUESTS_SECTION.search(body):
                    # "II. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI" in the conclusions of a working session with
                    # tỉnh X: the items that name no unit are tỉnh X's duties
                    self.frames.append(_Frame(rank=float(line.rank), kind="units", lead=host))
                continue
            # Unit heading: "1. Sở Tài chính", "Sở Y tế:", "6. Đề nghị: Hội Nông dân tỉnh, …".
            hb = _HEADER_PREFIX.sub("", body)
            head_at = len(body) - len(hb)
            um = match_units(hb, 0)
            upper_unit = upper_heading_units(hb) if text.upper() == text and len(hb) < 160 and \
                (line.marker is not None or self._items_or_duty_follow(lines, idx)) else None
            if upper_unit is not None and head_at == 0 and not _NUMBER_LINE.search(hb):
                # "1. SỞ TÀI CHÍNH" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO" over its items in the body of a plan: an upper-case line
                # that is only a unit's name heads that unit's duties (the header's issuer has no items below it)
                um = UnitMatch(0, len(upper_unit), [upper_unit])
            elif um.ok and (text.upper() == text or _HEADING_VERB.search(hb[:um.end]) or _NUMBER_LINE.search(hb)):
                # an upper-case line, a heading that is a verb phrase, or the header's "UBND TỈNH X / Số: 12/…"
                # line (the issuer beside its number) heads no list of duties
                um = UnitMatch(0, 0)
            if not um.ok and line.marker is not None and len(hb) < 60 and self.item_rules and \
                    _role_heading(hb.strip(" :.")):
                # "3. Chủ đầu tư", "2. Nhà trường:", "4. Ngành giáo dục": a body named by its role or kind heads the
                # items under it, as a named unit does
                um = UnitMatch(0, len(hb.strip(" :.")), [hb.strip(" :.")])
            elif not um.ok and line.marker is not None and len(hb) < 90 and hb.rstrip().endswith(":") and self.item_rules:
                m_rh = _ITEM_ROLE_FIXED.match(hb)
                m_own = _ROLE_NAME_OWN.match(hb, m_rh.end()) if m_rh is not None else None
                if m_own is not None:
                    # "1. Đơn vị tư vấn giám sát có nhiệm vụ:": the items under it are the duties of the role so
                    # named, in full (fix21)
                    um = UnitMatch(0, m_own.end(), [hb[:m_own.end()]])
            if line.marker is not None and hb[:1] in "ĐđC" and (not um.ok or hb[um.end:um.end + 3].strip()[:1] not in ":"):
                m_person = _PERSON_HEAD.match(hb)
                if m_person:
                    # "2. Đồng chí Trưởng Ban tuyên giáo - Ủy viên: …" in a list of who does what: the comrade named by
                    # office is the one who acts, however the office is written
                    um = UnitMatch(0, m_person.end(), [m_person.group(0)])
            if um.ok:
                tail = hb[um.end:]
                if head_at > 0 and re.fullmatch(r"(?:\s+[^\W\d_]+){1,4}\s*:?\s*", tail) and not _starts_with_verb(tail.strip()):
                    um = UnitMatch(0, len(hb.rstrip(" :.")), [hb.rstrip(" :.")])  # "Trách nhiệm của các đơn vị điện lực"
                    tail = hb[um.end:]
                if line.marker is not None and hb.rstrip().endswith(":") and len(hb) < 300 and tail.strip(" :") \
                        and not _HEADER_TAIL.fullmatch(tail) and len(tail.split("(")[0].split()) <= 6 \
                        and not re.search(r"[,;.]", tail.split("(")[0]) \
                        and not _DUTY_WORDS.search(tail):
                    # "1. Các cơ quan đăng ký đầu tư (Sở A, Ban B):": the heading names its units in full
                    um = UnitMatch(0, len(hb.rstrip(" :")), [hb.rstrip(" :")])
                    tail = hb[um.end:]
                named = _described_heading(hb, um.end, line.marker is not None)
                if named:
                    # "1. Các đơn vị chuyên trách về X của các Bộ, ngành (sau đây gọi là …) và các Sở Y:" or
                    # "Viện A, Trung tâm B (ABC): Chuẩn bị …": everything before the colon describes who acts
                    um = UnitMatch(0, named, [hb[:named].strip()])
                    tail = hb[um.end:]
                if _HEADER_TAIL.fullmatch(tail) and (
                        line.marker is not None or tail.strip().endswith(":") or head_at > 0 or
                        upper_unit is not None or (not tail.strip() and self._items_or_duty_follow(lines, idx))):
                    rank = self._scope_rank(lines, idx, line)
                    self.frames.append(_Frame(rank=rank, kind="units", lead=hb[:um.end].strip()))
                    continue
                m_role = _ROLE_IN_BODY.match(tail) if line.marker is not None and tail[:3].strip()[:1] in "-–" else None
                if m_role:
                    # "1. Đồng chí Phó Chủ tịch UBND xã - Trưởng tiểu ban: …": the person's seat in the committee
                    # after the office they hold; both name the one who acts
                    um = UnitMatch(0, um.end + m_role.end(), [hb[:um.end + m_role.end()].strip()])
                    tail = hb[um.end:]
                m_inline = re.match(r"\s*:\s*", tail)
                if m_inline and not match_units(tail, m_inline.end()).ok:
                    rank = self._scope_rank(lines, idx, line)
                    fr = _Frame(rank=rank, kind="units", lead=hb[:um.end].strip())
                    self.frames.append(fr)
                    content_at = line.body_at + head_at + um.end + m_inline.end()
                    m_basis = _ITEM_BASIS.match(text, content_at)
                    if not (m_basis and _starts_with_verb(text[m_basis.end():])):
                        m_basis = _REMIT_BARE.match(text, content_at) or m_basis
                    if m_basis and _starts_with_verb(text[m_basis.end():]):
                        content_at = m_basis.end()  # "3. Các sở, ngành: căn cứ Kế hoạch này, xây dựng …"
                    m_charge = _IN_CHARGE.match(text, content_at)
                    if m_charge and _starts_with_verb(text[m_charge.end():]):
                        content_at = m_charge.end()  # "Phụ trách chung, chịu trách nhiệm …; chủ động …": a role, then duties
                    if _starts_with_verb(text[content_at:]):
                        self.handle_sentences(line, text[content_at:], content_at)
                    continue
            before = len(self.tasks)
            self.handle_sentences(line, body, line.body_at)
            new = self.tasks[before:]
            if not new and text.rstrip().endswith(":"):
                lead_in = _request_lead_in(body)
                if not lead_in and self.addressees and _BARE_REQUEST.search(body):
                    lead_in = ", ".join(self.addressees)  # "Bộ Xây dựng đề nghị:" in a letter: the addressee acts
                if lead_in:
                    # "Bộ Công Thương đề nghị Ủy ban nhân dân các tỉnh, thành phố:" then the items
                    self.frames.append(_Frame(rank=self._scope_rank(lines, idx, line), kind="units",
                                              lead=self._addressed(lead_in)))
                    continue
                chair = _chair_lead_in(body)
                if chair is not None:
                    # "3. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính:" then the items: the chair leads each item,
                    # the partners help with every item that names none of its own
                    self.frames.append(_Frame(rank=self._scope_rank(lines, idx, line), kind="leadin", lead=chair[0],
                                              support=chair[1]))
                    continue
                dl_in = lead_in_deadline(body, self.issued)
                if dl_in is not None and dl_in.date and _LEADIN_TIME.match(dl_in.text or ""):
                    # "… công việc trọng tâm cần thực hiện trong tháng 9/2020, cụ thể như sau:": the time limit of
                    # every item below that states none of its own
                    self.frames.append(_Frame(rank=self._scope_rank(lines, idx, line), kind="time",
                                              time_limit=(dl_in.date, dl_in.text)))
                    continue
            if new and line.marker in ("num", "num2", "letter", "iroman") and not text.rstrip().endswith(":") and \
                    self._items_follow(lines, idx, line) and len({t.lead for t in new}) == 1:
                # "(1) Sở A chỉ đạo … .\n- Chỉ đạo …\n- Chủ trì, phối hợp …": the dashed items under a numbered item
                # that names its unit as the subject go on with that unit's duties
                head = body.strip()
                lead = new[0].lead
                if len(new) == 1 and len(head) < 160 and head[-1:] not in _SENTENCE_ENDS and head.startswith(lead):
                    # "5. Các phòng ban tham gia tập huấn" then "- Bố trí …": a heading naming its units, not a duty
                    self.tasks.remove(new[0])
                    lead = head
                self.frames.append(_Frame(rank=float(line.rank), kind="units", lead=lead))
                continue
            if new and text.rstrip().endswith(":"):
                rank = self._scope_rank(lines, idx, line)
                # a lead-in whose items name no unit of their own only introduces them ("… cần: 1. Rà soát …")
                self.frames.append(_Frame(rank=rank, kind="leadin", lead=new[0].lead, own=list(new),
                                          inherited=False, support=list(new[0].support),
                                          time_limit=(new[0].deadline, new[0].deadline_text) if new[0].deadline else None))
        while self.frames:
            self._close(self.frames.pop())
        self.flush_fields()
        # "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.": the execution clause is no task (dropped at
        # the end: a next sentence may go on with the same units, "Định kỳ hằng năm báo cáo kết quả …")
        self.tasks = [t for t in self.tasks if t.deadline_text or t.recurrence or not _closing_formula(t)]
        # "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết. Thường trực Hội đồng nhân dân … giám sát việc thực
        # hiện Nghị quyết.": a resolution's own execution clause, the standing formula that ends it (as a decision's
        # "chịu trách nhiệm thi hành Quyết định này"), is no task to follow up; a resolution named by its number is
        self.tasks = [t for t in self.tasks if t.deadline_text or t.recurrence or
                      "Nghị quyết" not in t.action or not _RESOLUTION_EXECUTION.fullmatch(t.action.strip())]
        return self.tasks

    def _close(self, fr: _Frame) -> None:
        if fr.kind == "leadin" and fr.inherited and fr.own:
            for t in fr.own:
                if t in self.tasks:
                    self.tasks.remove(t)

    @staticmethod
    def _items_follow(lines: list[_Line], idx: int, line: _Line) -> bool:
        """The next line is a deeper item that names no unit: it opens with a verb."""
        if idx + 1 >= len(lines):
            return False
        nxt = lines[idx + 1]
        return nxt.marker is not None and nxt.rank > line.rank and _starts_with_verb(nxt.body) and \
            not match_units(nxt.body, 0).ok

    def _verb_led_siblings(self, line: _Line) -> bool:
        """The items beside this one (the same marker, next to it) each open with a verb the rules know: a list of
        duties, not of subjects or criteria (rules41)."""
        lines, idx = self.outline
        sib = [lines[j] for j in (idx - 1, idx + 1) if 0 <= j < len(lines) and lines[j].marker == line.marker]
        return bool(sib) and all(_starts_with_verb(x.body) for x in sib)

    @staticmethod
    def _items_or_duty_follow(lines: list[_Line], idx: int) -> bool:
        """The next line is a marked item or a duty written as a verb: the line at idx heads something (rules41)."""
        if idx + 1 >= len(lines) or (idx > 0 and lines[idx - 1].marker is None and names_only(lines[idx - 1].text)):
            return False  # (a run of lines that each name a unit is a table's column or a list of recipients)
        nxt = lines[idx + 1]
        return nxt.marker in ("dash", "plus") or (nxt.marker is None and nxt.text.upper() != nxt.text
                                                           and _starts_with_verb(nxt.text))

    @staticmethod
    def _scope_rank(lines: list[_Line], idx: int, line: _Line) -> float:
        if line.marker is not None:
            return float(line.rank)
        for nxt in lines[idx + 1: idx + 4]:
            if nxt.marker is not None:
                return nxt.rank - 0.5
        return float(_NONE_RANK) - 0.5


# "Các cơ quan, đơn vị sau đây chịu trách nhiệm …:": the units are named in the list that follows
_LIST_AHEAD = re.compile(r"\s(?:sau\s+đây|dưới\s+đây|như\s+sau|sau)$")
_HONORIFIC_KIND = (r"(?:[Cc]hi\s+cục|[Tt]ổng\s+cục|[Tt]rung\s+tâm|[Nn]gân\s+hàng|[Bb]ệnh\s+viện|[Vv]ăn\s+phòng|[Đđ]ài|[Qq]uỹ|"
                   r"[Bb]ộ|[Cc]ơ\s+quan|[Ủủ]y\s+ban|[Uu]ỷ\s+ban|[Đđ]ơn\s+vị|[Ss]ở|[Bb]an|[Cc]ông\s+ty|"
                   r"[Tt]ập\s+đoàn|[Tt]ổng\s+công\s+ty|[Đđ]ịa\s+phương|[Cc]ục|[Hh]ội|[Tt]rường|[Vv]iện|[Tt]ỉnh|[Tt]hành\s+phố)")
# "Quý Sở", and "Quý cơ quan, đơn vị" / "Quý Sở, ngành" / "Quý cơ quan, địa phương": the letter's addressees together
_HONORIFIC = re.compile(rf"^[Qq]uý\s+{_HONORIFIC_KIND}(?:\s*(?:,|và)\s*(?:{_HONORIFIC_KIND}|ngành|[Đđ]oàn\s+thể))*$")
# "các đồng chí Giám đốc Sở", "đồng chí Chủ tịch UBND": a title and the kind of body with no name, in a letter whose
# Kính gửi names that body ("Giám đốc Sở Xây dựng các tỉnh, thành phố"): the addressee
_BARE_ADDRESSED = re.compile(r"^(?:(?:[Cc]ác\s+)?[Đđ]ồng\s+chí\s+)(?P<title>(?:Giám\s+đốc|Chủ\s+tịch|Thủ\s+trưởng|Bộ\s+trưởng|"
                             r"Cục\s+trưởng|Hiệu\s+trưởng|Trưởng\s+[Pp]hòng|Trưởng\s+[Bb]an)\s+(?:Sở|Bộ|Cục|UBND|Phòng|Ban|"
                             r"Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|[Tt]rường))$", re.IGNORECASE)


_COMRADE = re.compile(r"^(?:[Cc]ác\s+)?[Đđ]ồng\s+chí\s+")


def _addressee_of(lead: str, addressees: list[str]) -> str:
    m = _BARE_ADDRESSED.match(lead)
    assert m is not None
    want = fold_unit(m.group("title"))
    # (the Kính gửi line may keep the courtesy: "Đồng chí Giám đốc Sở Tài chính")
    hits = [_COMRADE.sub("", a) for a in addressees if fold_unit(_COMRADE.sub("", a)).startswith(want)]
    return ", ".join(hits) if hits else lead


_DUTY_WORDS = re.compile(r"trách\s+nhiệm|nhiệm\s+vụ|chủ\s+trì|phối\s+hợp|\bphải\b|\bcần\b|thực\s+hiện|đề\s+nghị|yêu\s+cầu|giao")
_TRIVIAL_ACTION = re.compile(r"^(?:\W*|(?:như\s+)?sau(?:\s+đây)?\W*|(?:các|những)\s+(?:nội\s+dung|nhiệm\s+vụ)\s+sau\W*|"
                             r"[^\W\d_]+(?:\s+[^\W\d_]+)?\s+(?:cụ\s+thể\s+)?như\s+sau\W*|"
                             # "trả lời theo nguyên tắc sau:", "hướng dẫn theo nội dung sau:": an answer follows, no duty
                             r"(?:trả\s+lời|hướng\s+dẫn|giải\s+đáp|có\s+ý\s+kiến)(?:\s+[^\W\d_]+){0,4}\s+sau(?:\s+đây)?\W*)$",
                             re.IGNORECASE)


_NOT_ACTION = re.compile(r"^(?:nơi|của|về|tại|là|và|hoặc|được|đã|đang|bị|trong|trên|với|cho(?!\s+ý\s+kiến)|thuộc|sau|theo\s+quy\s+định|"
                         # "… phải chịu trách nhiệm nếu để xảy ra …": the condition of an accountability, not a duty
                         r"nếu|"
                         # "… tự chịu trách nhiệm nếu để chậm …", "… tự chịu trách nhiệm về tính chính xác của số liệu":
                         # accountability in its "tự" spelling (a name now ends before "tự": review19)
                         r"(?:tự\s+)?(?:phải\s+)?chịu\s+trách\s+nhiệm\s+(?:nếu|về\s+(?:tính\s+(?:chính\s+xác|"
                         r"trung\s+thực|hợp\s+pháp)|số\s+liệu))|"
                         # "… chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu …": accountability, not a duty
                         r"(?:tự\s+)?(?:chịu\s+trách\s+nhiệm\s+)?(?:toàn\s+diện\s+|hoàn\s+toàn\s+)?"
                         r"trước\s+(?:pháp\s+luật\s+và\s+)?(?:Chính\s+phủ|Quốc\s+hội|Chủ\s+tịch|UBND|Ủy\s+ban|Uỷ\s+ban|Thủ\s+tướng|pháp\s+luật|Bộ\s+trưởng|Giám\s+đốc|"
                         r"cấp\s+trên|Tỉnh\s+ủy|Ban\s+Thường\s+vụ|Thường\s+trực|Hội\s+đồng))(?!\w)",
                         re.IGNORECASE)


_ACTOR_TRIGGER = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?(?:giao|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|kính\s+đề\s+nghị|"
                            # or the unit's own duty: "…, Công an tỉnh chủ trì, phối hợp …", "…, Sở X có trách nhiệm …"
                            r"(?:(?:khẩn\s+trương|chủ\s+động)\s+)?(?:chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|"
                            r"khẩn\s+trương|tham\s+mưu))(?!\w)")
# "Thực hiện chỉ đạo của …, ", "Triển khai Kế hoạch số …, ": what the text carries out, said before the subject
_ASKS_BEFORE = re.compile(r"(?<!\w)(?:yêu\s+cầu|đề\s+nghị|giao)(?!\w)(?!\s+(?:của|tại|số)(?!\w))")
_CARRYING_OUT = re.compile(r"(?:Thực\s+hiện|Triển\s+khai|Thi\s+hành|Quán\s+triệt|Tiếp\s+thu)\s")


def _actor_after_preamble(sent: str, first: bool = False) -> int | None:
    """Where '<unit> đề nghị/yêu cầu/giao …' starts after a 'Thực hiện …;' or 'Căn cứ …,' preamble, or None.
    `first`: only the first unit named after a comma may be the subject ("…, Sở A, Sở B khẩn trương …" is not Sở B's)."""
    for m in _PREAMBLE_CUT.finditer(sent):
        k = m.end()
        um = match_units(sent, k)
        if um.ok and _ACTOR_TRIGGER.match(sent, um.end):
            return k
        if um.ok and first:
            return None
    return None


_BARE_REQUEST = re.compile(r"(?:đề\s+nghị|yêu\s+cầu)(?:\s+(?:như\s+sau|(?:thực\s+hiện\s+)?(?:một\s+số\s+|các\s+)?"
                           r"(?:nội\s+dung|việc)(?:\s+sau(?:\s+đây)?)?))?\s*:\s*$", re.IGNORECASE)
_LAST_TRIGGER = re.compile(r"(?:giao(?:\s+cho)?|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo)\s+(?=\S)", re.IGNORECASE)


# what may follow the units asked: where they are ("… các sở, ban ngành trong tỉnh"), then "(triển khai) thực hiện
# các nội dung (hoạt động) sau (đây):" ("Nhà trường yêu cầu Trưởng các đơn vị … triển khai thực hiện các nội dung hoạt
# động sau đây:")
_REQUEST_REST = re.compile(
    r"\s*(?:\([^()]{0,120}\))?(?:\s+(?:trong|trên\s+địa\s+bàn)\s+(?:toàn\s+)?(?:tỉnh|huyện|thành\s+phố|thị\s+xã|xã|phường|"
    r"trường|ngành))?\s*(?:(?:(?:triển\s+khai|tổ\s+chức)\s+)?(?:thực\s+hiện|triển\s+khai)\s+(?:một\s+số\s+|các\s+)?"
    r"(?:nội\s+dung(?:\s+hoạt\s+động|\s+công\s+việc)?|nhiệm\s+vụ|việc)(?:\s+sau(?:\s+đây)?|\s+như\s+sau)?)?\s*:\s*")


def _request_lead_in(body: str) -> str | None:
    """The units a line ending '… đề nghị <units>:' asks to act (its items follow), or None."""
    tail = body[-600:]
    for m in _LAST_TRIGGER.finditer(tail):
        um = match_units(tail, m.end())
        if um.ok and _REQUEST_REST.fullmatch(tail[um.end:]):
            return tail[um.start:um.end]
    return None


_CHAIR_OPENS = re.compile(r"\s*(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|huyện)\s+)?"
                          r"(?:[Gg]iao(?:\s+cho)?\s+)?")
_CHAIR_THEN = re.compile(r"\s*,?\s*(?:(?:khẩn\s+trương|chủ\s+động)\s+)?chủ\s+trì\s*(?=[,:]|và\s|phối\s)")
_CHAIR_REST = re.compile(r"\s*(?:(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)(?:\s+(?:một\s+số\s+|các\s+|những\s+)?"
                         r"(?:nội\s+dung|nhiệm\s+vụ|việc|công\s+việc)(?:\s+sau(?:\s+đây)?|\s+như\s+sau|\s+cụ\s+thể)?)?)?\s*:?\s*")


def _chair_lead_in(body: str) -> tuple[str, list[str]] | None:
    """'(Giao) Sở A chủ trì(, phối hợp với Sở B, Sở C)( thực hiện các nội dung sau):' — a line that names who chairs
    the items below and who helps: (lead, support), or None."""
    if "chủ trì" not in body:
        return None
    m = _CHAIR_OPENS.match(body)
    k = m.end() if m else 0
    um = match_units(body, k)
    if not um.ok:
        return None
    m_ch = _CHAIR_THEN.match(body, um.end)
    if m_ch is None:
        return None
    support, action, _ = _after_units(body[m_ch.end():])
    if not _CHAIR_REST.fullmatch(action):
        return None
    return body[um.start:um.end], support


def _only_units(text: str) -> bool:
    """A line that only names units (a wrapped Kính gửi list), not a sentence about them."""
    um = match_units(text, 0)
    return um.ok and not text[um.end:].strip(" ;,.:|")


_TRIGGER_HINTS = ("giao", "yêu", "nghị", "quyền", "thị", "phân", "đạo", "nhấn", "lưu", "đôn đốc", "mong")


# Speed: every _TRIGGER match holds one of these words (lower-cased) at most 4 letters and a white-space run after its
# start ("kiến nghị", "chỉ thị", "đề nghị", "ủy quyền"); "đôn" rather than _TRIGGER_HINTS' "đôn đốc" (one space)
_TRIGGER_WORDS = ("giao", "yêu", "nghị", "quyền", "thị", "phân", "đạo", "nhấn", "lưu", "đôn", "mong")


def _trigger_from(sentence: str, low: str) -> int:
    """Where `_TRIGGER.finditer(sentence)` can find its first match: no match starts before the first trigger word
    less the word and white space before it (the search from there finds the same matches; its look-behinds still
    see the text before). 0 when lower-casing changed the length (positions would not line up)."""
    if len(low) != len(sentence):
        return 0
    first = len(low)
    for w in _TRIGGER_WORDS:
        k = low.find(w, 0, first + len(w) - 1)  # (an occurrence that starts before `first`)
        if k >= 0:
            first = k
    while first > 0 and sentence[first - 1].isspace():
        first -= 1
    return max(0, first - 4)


def _any_in(low: str, words: tuple[str, ...]) -> bool:
    """A cheap test before a regex search: does any of these words occur at all?"""
    for w in words:  # a plain loop: no generator to build for every sentence
        if w in low:
            return True
    return False


_CONTACT = re.compile(r"(?:Điện\s+thoại|ĐT|Fax|Email|E-mail|Di\s+động|Địa\s+chỉ|Website|Hộp\s+thư|Thông\s+tin\s+(?:liên\s+hệ|"
                      r"đề\s+nghị\s+gửi))(?!\w)", re.IGNORECASE)


# "…; hoàn thành trước ngày …", "…; thời gian hoàn thành: chậm nhất ngày …", "…; xong trước …": a semicolon item that
# says only when the series is done
_SERIES_COMPLETION = re.compile(
    r";\s*(?:(?:yêu\s+cầu|đề\s+nghị|tất\s+cả)\s+)?(?:(?:thời\s+gian|thời\s+hạn)\s+)?(?:hoàn\s+thành|xong)\s*:?\s*"
    r"(?:(?:trước|chậm\s+nhất|trong|không\s+quá)[^;,]{0,40}?\d[^;,]{0,20}?|"
    r"trước\s+(?:dịp\s+)?(?:Tết|kỳ\s+họp|mùa\s+mưa|mùa\s+bão|mùa\s+lũ|khai\s+giảng)[^;,\d]{0,60}?)[\s.;]*$", re.IGNORECASE)


def _series_time_limit(timed: list[list[tuple[str, Deadline | None]]]) -> Deadline | None:
    """The time limit a sentence's semicolon series ends with ("…; hoàn thành trước ngày …"), when no other duty of the
    series (of any unit named in the sentence) has a time of its own; else None."""
    last = timed[-1] if timed else []
    # (an event's limit as well, its phrase kept with no date: "…; hoàn thành trước Tết Nguyên đán.", rules42)
    if not last or last[-1][1] is None or not (last[-1][1].date or (last[-1][1].text and not last[-1][1].recurrence)) \
            or not _series_completion(last[-1][0]):
        return None
    if len(last) == 1 and len(timed) == 1:
        return None
    if any(d is not None for pieces in timed[:-1] for _, d in pieces) or any(d is not None for _, d in last[:-1]):
        return None
    return last[-1][1]


def _series_completion(piece: str) -> bool:
    """The duty ends with a semicolon item that only gives a completion time (which then governs the series)."""
    return ";" in piece and _SERIES_COMPLETION.search(piece, piece.rfind(";")) is not None


def _new_series_with_time(sent: str, dl: Deadline) -> bool:
    """The sentence after a duty opens a series of new duties and dates its first ("… . Xây dựng kịch bản tăng trưởng
    từ nay đến hết năm 2025; giao nhiệm vụ …"): the date is that duty's, not the one before."""
    return dl.start > 0 and ";" in sent[dl.end:] and not _COMPLETION.match(sent.strip()) and \
        _starts_with_verb(sent) and len(sent[:dl.start].split()) >= 4


_TIME_CLAUSE_AT = re.compile(r"[;,]\s*(?:(?:thời\s+gian|thời\s+hạn)\s+)?(?:hoàn\s+thành|xong|thực\s+hiện)?\s*:?\s*$",
                             re.IGNORECASE)


def _own_timed_duty(sent: str, dl: Deadline) -> bool:
    """The sentence after a duty is a new duty of the same unit that ends with its own time limit ("… . Khẩn trương tổ
    chức tập huấn cho cán bộ cấp xã; thời gian hoàn thành trong quý III năm 2024."): the time is that duty's, not the
    one before. A sentence that is only the time ("Hoàn thành trước ngày …", "Yêu cầu báo cáo trước …") is not."""
    if dl.start <= 0 or _LATE_LIMIT.match(sent) or _NOT_CONTINUATION.match(sent) or _COMPLETION.match(sent) or \
            not _starts_with_verb(sent):
        return False
    head = sent[:dl.start]
    m_cut = _TIME_CLAUSE_AT.search(head)
    if m_cut is None:
        return False  # "Tổ chức thực hiện xong trước ngày …": no clause of its own before the time
    duty = head[:m_cut.start()].strip()
    return len(duty.split()) >= 5 and not _COMPLETION.search(duty) and not _GENERIC_ACTION.match(duty)


_DESCRIBES = re.compile(r"(?:bao\s+)?gồm\s", re.IGNORECASE)
_REGULATES = re.compile(r"quy\s+định\s", re.IGNORECASE)
_DOC_TITLE = re.compile(r"(?:Luật|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|Quyết\s+định|Chỉ\s+thị|Quy\s+chế|Quy\s+định)\s")


def _content_describes(content: str, title: str) -> bool:
    """A card's "Nội dung:" that describes the thing its title makes, not a duty: it opens with "bao gồm"/"gồm" (the
    parts of a decree, a scheme), with "quy định …" under a title naming a document to draft ("Nghị định …"), or with
    no verb under a title that opens with one ("Xây dựng Cổng thông tin …" / "Cổng thông tin … cung cấp …")."""
    c = content.strip()
    t = title.strip(" .;:")
    if not t or not re.search(r"\w", t):
        return False
    if _DESCRIBES.match(c):
        return True
    if _REGULATES.match(c) and _DOC_TITLE.match(t):
        return True  # "- Nghị định quy định …" then "+ Nội dung: quy định chi tiết …": what the document will regulate
    return not _starts_with_verb(c) and _starts_with_verb(t)


def _starts_with_verb(sent: str) -> bool:
    s = sent.strip()
    if _CONTACT.match(s):
        return False  # "Điện thoại: 080…", "Thông tin đề nghị gửi về:": contact lines, not duties
    m = _LEAD_PHRASE.match(s[:1].lower() + s[1:])
    if m:
        return True
    return bool(s) and verb_at(s[:1].lower() + s[1:], 0) is not None


_HEADING_DUTY = re.compile(r"(?<!\w)(?:trách\s+nhiệm|nhiệm\s+vụ|chủ\s+trì|phối\s+hợp|phải|cần|thực\s+hiện|đề\s+nghị|yêu\s+cầu|"
                           r"giao|chỉ\s+đạo|triển\s+khai|khẩn\s+trương|tập\s+trung|tiếp\s+tục|tăng\s+cường|đẩy\s+mạnh|"
                           r"chủ\s+động|báo\s+cáo|tham\s+mưu|(?:các|những)\s+nội\s+dung|sau|sau\s+đây|gồm|là|đã|sẽ|được|theo|tại|"
                           # "UBND tỉnh ủy quyền cho Giám đốc Sở X:" delegates powers: no unit's description
                           r"[uủ]ỷ?y\s+quyền|phân\s+cấp|cho)(?!\w)",
                           re.IGNORECASE)
# verbs that describe which units are meant ("các doanh nghiệp cung cấp máy tính"), not what they must do
_QUALIFIER_VERB = re.compile(r"\s*(?:cung\s+cấp|kinh\s+doanh|sản\s+xuất|hoạt\s+động|quản\s+lý|sử\s+dụng|đầu\s+tư|đào\s+tạo|"
                             r"thi\s+công|vận\s+tải|chuyên\s+trách|phụ\s+trách|làm\s+công\s+tác|tham\s+gia|"
                             # "c) UBND các xã có điểm du lịch: …": which units have the thing (rules41)
                             r"có(?=\s+(?:điểm|dự\s+án|công\s+trình|diện\s+tích|rừng|biển|biên\s+giới|đê|hồ|"
                             r"cơ\s+sở|doanh\s+nghiệp|khu|cụm|làng|chợ|trường|người|hộ|đồng\s+bào|di\s+tích|tuyến)(?!\w)))(?!\w)")
_PARENS = re.compile(r"\([^()]*\)")
_HEADING_MAX = 400


def _described_heading(hb: str, end: int, marked: bool) -> int:
    """The end of a unit heading that describes its units at length before a colon, or 0.

    "1. Các đơn vị chuyên trách về CNTT của các Bộ, cơ quan ngang Bộ (sau đây gọi là Bộ, ngành) và các Sở TT&TT:"
    and "Viện A, Trung tâm B (ABC): Chuẩn bị …" name who acts in everything before the colon: qualifiers, places
    and parentheses included. Not when the words before the colon carry a duty ("… chịu trách nhiệm:", "… thực
    hiện các nội dung sau:") or start with what the unit does ("Sở X hướng dẫn các đơn vị:")."""
    depth = 0
    colon = -1
    for k in range(end, min(len(hb), _HEADING_MAX)):
        c = hb[k]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and c == ";":
            k2 = k + 1
            while k2 < len(hb) and hb[k2] == " ":
                k2 += 1
            if not match_units(hb, k2).ok:
                return 0  # (a joint heading's parts are each units: "… huyện ủy; bí thư ban cán sự đảng; …")
        elif depth == 0 and c == ".":
            return 0
        elif depth == 0 and c == ":":
            colon = k
            break
    if colon < 0:
        return 0
    rest = _PARENS.sub(" ", hb[end:colon])
    if not rest.strip() or _HEADING_DUTY.search(rest) or any(ch.isdigit() for ch in rest):
        return 0
    if _starts_with_verb(rest) and not _QUALIFIER_VERB.match(rest):
        return 0
    after = hb[colon + 1:].strip()
    if after:
        if not ((after[:1].isupper() or marked) and _starts_with_verb(after)):
            return 0  # (a marked item's duty may open in lower case: "c) UBND các xã có điểm du lịch: tổ chức …")
    elif not marked:
        return 0
    return len(hb[:colon].rstrip())


def _core(lead: str) -> str:
    s = re.sub(r"^(?:Giám đốc|Chủ tịch|Thủ trưởng|Bộ trưởng|Lãnh đạo)\s+", "", lead.strip(), flags=re.IGNORECASE)
    return fold_unit(s)


# ---------------------------------------------------------------------------------------------------------------
# Task tables

_HEAD_TASK = re.compile(r"nhiệm\s+vụ|nội\s+dung|công\s+việc|hoạt\s+động|tên\s+(?:nhiệm|đề|dự)", re.IGNORECASE)
_HEAD_LEAD = re.compile(r"chủ\s+trì|thực\s+hiện|chịu\s+trách\s+nhiệm|cơ\s+quan\s+thực|đơn\s+vị\s+thực", re.IGNORECASE)
_HEAD_SUP = re.compile(r"phối\s+hợp", re.IGNORECASE)
_HEAD_CHU_TRI = re.compile(r"chủ\s+trì", re.IGNORECASE)
_HEAD_TIME = re.compile(r"thời\s+gian|thời\s+hạn|tiến\s+độ|hoàn\s+thành|thời\s+điểm", re.IGNORECASE)
_STT = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?$")
_STT_CELL = re.compile(r"(?:STT|TT|Số\s+TT|Stt|S\s*TT)\.?", re.IGNORECASE)  # compiled once: tried on every cell


def _tables(ex: _Extractor, lines: list[_Line]) -> set[int]:
    """Find task tables and add their rows as tasks; return the indexes of the lines they used."""
    cells: list[tuple[int, str]] = []
    for idx, line in enumerate(lines):
        if "\t" in line.text:
            for c in line.text.split("\t"):
                cells.append((idx, re.sub(r"\s+", " ", c).strip()))
        else:
            # (a Markdown conversion's bold cells, "**TT**", "**I**", are spaces by now (extract_tasks); a star left
            # at a cell's edge, "***TT***" or an italic "*TT*", is no part of the cell either)
            cells.append((idx, line.text.strip("* ") if line.text[:1] == "*" else line.text))
    consumed: set[int] = set()
    k = 0
    n = len(cells)
    while k < n:
        if not _STT_CELL.fullmatch(cells[k][1]):
            k += 1
            continue
        header: list[str] = []
        j = k + 1
        while j < n and len(header) < 8 and len(cells[j][1]) <= 60 and not _STT.match(cells[j][1]) and \
                not _SECTION_CELL.match(cells[j][1]):
            header.append(cells[j][1])
            j += 1
        roles: dict[str, int] = {}
        # "Nội dung thực hiện | Cơ quan chủ trì | …": where a column is named "chủ trì", "thực hiện" names the task
        named_lead = any(_HEAD_CHU_TRI.search(h) for h in header)
        for ci, h in enumerate(header):
            if "task" not in roles and _HEAD_TASK.match(h) and not _HEAD_SUP.search(h):
                roles["task"] = ci  # "Nội dung thực hiện", "Nhiệm vụ thực hiện": the work, not who does it
            elif "sup" not in roles and _HEAD_SUP.search(h):
                roles["sup"] = ci
            elif "lead" not in roles and (_HEAD_LEAD.search(h) or lead_header(h)) and not _HEAD_TIME.search(h) and \
                    (not named_lead or _HEAD_CHU_TRI.search(h) or not _HEAD_TASK.search(h)):
                roles["lead"] = ci
            elif "time" not in roles and _HEAD_TIME.search(h):
                roles["time"] = ci
            elif "task" not in roles and _HEAD_TASK.search(h):
                roles["task"] = ci
        if "task" not in roles:  # "Tỉnh kiến nghị | Thông tin đề xuất | Bộ phụ trách …": the row's request
            roles.update(("task", ci) for ci, h in enumerate(header) if ci not in roles.values() and what_header(h))
        if not roles and len(header) >= 3 and not any(what_header(h) or lead_header(h) for h in header):
            # "TT | Đơn vị khai thác | Khu vực | Số giấy phép | Trữ lượng": a register, not a task table; its cells
            # ("Công ty Cổ phần đầu tư khoáng sản …") name holders of licences, never units given duties
            j = _register_rows(cells, j, len(header), consumed)
            k = j
            continue
        if "lead" not in roles or "task" not in roles:
            k = j
            continue
        ncols = len(header)
        # no time column: the rows take the limit the body sets for the annex ("(Phụ lục kèm theo), hoàn thành …")
        umbrella = annex_limit([ln.text for ln in lines[:cells[k][0]]], ex.issued) if "time" not in roles else None
        for hc in range(k, j):
            consumed.add(cells[hc][0])
        misses = 0
        while j < n and misses < 4:
            cell = cells[j][1]
            if not _STT.match(cell):
                if _SECTION_CELL.match(cell) or (cell.isupper() and len(cell) < 200):
                    consumed.add(cells[j][0])
                    j += 1
                    continue
                misses += 1
                j += 1
                continue
            misses = 0
            # the row's cells run until the next row number or section heading (empty cells leave no line)
            q = j + 1
            while q < n and q - j <= ncols + 3:
                c = cells[q][1]
                if q - j > 1 and (_STT.match(c) or _SECTION_CELL.match(c) or _TABLE_CLOSED.match(c) or
                                  (q - j > ncols and _SENTENCE_CELL.fullmatch(c))):
                    break  # (the last row ends at the table: the closing text, Nơi nhận, signature are no cells)
                q += 1
            row = [c for _, c in cells[j + 1: q]]
            row_idx = [i for i, _ in cells[j: q]]
            if len(row) < 2:
                j = q
                continue
            row = _align_row(row, ncols, roles)
            task_cell = row[roles["task"]]
            lead_cell = row[roles["lead"]]
            sup_cell = row[roles["sup"]] if "sup" in roles else ""
            time_cell = row[roles["time"]] if "time" in roles else ""
            if not lead_cell or not task_cell:
                j = q
                continue
            support: list[str] = []
            for part in re.split(r"\s*;\s*", sup_cell):
                if not part.strip():
                    continue
                support += _cell_units(part)
            dl = (find_deadline(time_cell, ex.issued, cell=True) if time_cell else None) or umbrella
            task = ExtractedTask(
                lead=lead_cell.strip(" .;"), support=_split_support(support), action=_clean_action(task_cell),
                deadline=dl.date if dl else None, deadline_text=dl.text if dl else None,
                # the row's cells kept apart by a tab (the page shows " | "): joined by spaces, "Câu gốc" ran them together
                recurrence=dl.recurrence if dl else None, sentence="\t".join(c for _, c in cells[j: q]),
                span=_row_span(lines, row_idx))
            ex._add(task)
            consumed.update(row_idx)
            j = q
        k = j
    return consumed


def _register_rows(cells: list[tuple[int, str]], j: int, ncols: int, consumed: set[int]) -> int:
    """Walk the numbered rows of a register table from cell `j`, marking their lines used; return where it ends."""
    misses = 0
    while j < len(cells) and misses < 4:
        cell = cells[j][1]
        if not _STT.match(cell):
            if _SECTION_CELL.match(cell) or (cell.isupper() and len(cell) < 200) or \
                    (cell.strip("* ") and not re.search(r"[^\W\d_]{2}", cell)):
                consumed.add(cells[j][0])  # a section heading, or a cell of figures only (a group's total)
            else:
                misses += 1
            j += 1
            continue
        misses = 0
        q = j + 1
        while q < len(cells) and q - j <= ncols + 1:
            c = cells[q][1]
            if q - j > 1 and (_STT.match(c) or _SECTION_CELL.match(c)):
                break
            if len(c) > 300 or re.search(r"[.;:]\s*$", c) and len(c) > 120:
                break  # a sentence: the table has ended and the body goes on
            q += 1
        consumed.update(i for i, _ in cells[j: q])
        j = q
    return j


# "(iv) Chủ đầu tư … hoàn thành trong năm 2027": an item of its own (numbered "(i)" … "(iv)"), whose time is its own
# even when its unit is not recognised, never the time of the item before
_ROMAN_ITEM = re.compile(_BRACKETED_ROMAN + r"\s", re.IGNORECASE)


# what follows a task table and is never one of its cells: the recipients, the signature block, the closing lines
# ("Trên đây là …", "Yêu cầu các sở, ngành … thực hiện."); a row's cells stop there
_TABLE_CLOSED = re.compile(r"(?:Nơi\s+nhận|NƠI\s+NHẬN|(?:KT|TM|TL|TUQ|Q)\s*\.\s*[A-ZĐ]{2}|\(?\s*Đã\s+ký|Trên\s+đây\s+là|"
                           r"(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+BAN|BỘ\s+TRƯỞNG)\s*$)")
# a whole sentence (a capital, six words or more, a full stop) after a row that already holds its cells
_SENTENCE_CELL = re.compile(rf"[{UPPER}][^\t]*?(?:\s+\S+){{5,}}\.")
_SECTION_CELL = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])(?:\s*[.)]|\s*$|\s+[A-ZĐ" + UPPER + r"])")


def _cell_units(part: str) -> list[str]:
    """Units named in a table cell: recognised ones, and the rest as written (never dropped)."""
    out: list[str] = []
    k = 0
    while k < len(part):
        um = match_units(part, k, support=True)
        if um.ok:
            out += um.units
            k = um.end
            m_sp = re.compile(r"\s+").match(part, k)
            if m_sp and match_unit(part, m_sp.end(), support=True).ok:
                k = m_sp.end()
                continue
            m_tail = re.compile(r"[^,;]*").match(part, k)
            tail = m_tail.group(0) if m_tail else ""
            if tail.strip(" ."):
                out[-1] = (out[-1] + tail).strip(" .")
            k += len(tail)
        else:
            m_item = re.compile(r"[^,;]*").match(part, k)
            item = m_item.group(0) if m_item else ""
            if item.strip(" ."):
                out.append(item.strip(" ."))
            k += max(len(item), 1)
        m_sep = re.compile(r"[\s,;]*(?:và\s+)?").match(part, k)
        k = m_sep.end() if m_sep and m_sep.end() > k else k + (0 if k >= len(part) else 1)
    return out


def _align_row(row: list[str], ncols: int, roles: dict[str, int]) -> list[str]:
    """Cells of one row (after the number) laid out as the header says; empty cells leave no line in the text,
    and a long task may have been cut in several cells."""
    want = ncols
    cells = list(row)
    t, lead = roles["task"], roles["lead"]
    if lead == t + 1 and len(cells) > lead and not match_units(cells[lead], 0).ok:
        # the task text ran over several cells: the lead column starts at the first cell naming a unit
        at = next((i for i in range(lead + 1, len(cells)) if match_units(cells[i], 0).ok), None)
        if at is not None:
            cells = cells[:t] + [" ".join(cells[t:at])] + cells[at:]
    if len(cells) > want:
        # extra cells: the task text was split; merge the cells before the lead cell
        lead_at = next((i for i in range(1, len(cells)) if match_units(cells[i], 0).ok), roles["lead"])
        extra = len(cells) - want
        t = roles["task"]
        if lead_at > t + 1:
            merge = min(extra, lead_at - t - 1)
            cells = cells[:t] + [" ".join(cells[t:t + merge + 1])] + cells[t + merge + 1:]
        cells = cells[:want]
    if len(cells) < want:
        # missing cells: keep task and lead, put what looks like a time into the time column
        out = [""] * want
        out[roles["task"]] = cells[0] if cells else ""
        rest = cells[1:]
        if rest:
            out[roles["lead"]] = rest.pop(0)
        at = time_cell_at(rest) if "time" in roles else None
        if at is not None:
            out[roles["time"]] = rest.pop(at)
        if "sup" in roles and rest and match_units(rest[0], 0, support=True).ok:
            out[roles["sup"]] = rest.pop(0)
        return out
    return cells


def _row_span(lines: list[_Line], idxs: list[int]) -> tuple[int, int] | None:
    if not idxs:
        return None
    first, last = lines[idxs[0]], lines[idxs[-1]]
    return (first.span(0, len(first.text))[0], last.span(0, len(last.text))[1])


_PIPE = re.compile(r"\|")


_FOOTNOTE = re.compile(r"\[\d{1,3}\]|Lưu\s+trữ\s+bản\s+gốc")
_ENCYCLOPEDIA_NOTES = 30


def _is_encyclopedia(text: str) -> bool:
    """An article with dozens of numbered footnotes or archive references: reference reading, not a directive."""
    if "[" not in text and "Lưu trữ" not in text or _NUMBER_LINE.search(text[:1500]):
        return False  # a consolidated text ("Số: 94/VBHN-…") has footnotes too, and is an official document
    n = 0
    for _ in _FOOTNOTE.finditer(text):
        n += 1
        if n >= _ENCYCLOPEDIA_NOTES:
            return True
    return False


# the document's own act is no duty: the issuer "ban hành kế hoạch như sau:", a reply that closes "Cục X trả lời để
# Ban Y được biết./."
_OWN_ACT = re.compile(r"^(?:ban\s+hành\s+(?:kế\s+hoạch|chỉ\s+thị|hướng\s+dẫn|thông\s+báo|công\s+văn|quy\s+chế)"
                      r"(?:\s+[^,;.:]{0,80}?)?\s+(?:như\s+sau|với\s+(?:các\s+)?nội\s+dung\s+sau)"
                      r"|(?:trả\s+lời|phúc\s+đáp|thông\s+tin)\s+(?:để|cho)\s+[^;.]{2,160}?\s+(?:được\s+)?biết(?:\s*,?\s*(?:và\s+)?thực\s+hiện)?)\s*[:.]?\s*$",
                      re.IGNORECASE)
# "yêu cầu các Bộ, ngành, nhất là Bộ X theo chức năng, nhiệm vụ tập trung …": the duty is after the units stressed
_EMPHASIS = re.compile(r"^(?:nhất\s+là|đặc\s+biệt\s+là)\s+(?P<units>[^;.]{2,240}?)\s*,?\s+"
                       r"(?=theo\s+chức\s+năng|(?:cần|phải|khẩn\s+trương|chủ\s+động|tập\s+trung|tiếp\s+tục|kịp\s+thời|"
                       r"có\s+trách\s+nhiệm)\s)"
                       r"(?:theo\s+chức\s+năng(?:\s*,\s*nhiệm\s+vụ)?(?:\s*,\s*(?:thẩm\s+quyền|quyền\s+hạn))?"
                       r"(?:\s+được\s+giao)?(?:\s+của\s+mình)?\s*,?\s*)?(?:(?:cần\s+phải|cần|phải)\s+)?")


# a lead-in whose duty is only "the following" ("… tập trung thực hiện các nhiệm vụ trọng tâm, cụ thể như sau:"): its
# items are the duties; after a duty of its own (", trong đó tập trung một số nhiệm vụ sau:") it is cut off
_WHAT_FOLLOWS = (r"(?:các|những|một\s+số)\s+(?:nhiệm\s+vụ|nội\s+dung|giải\s+pháp|công\s+việc|biện\s+pháp)[^;:.]{0,80}?"
                 r"(?:\s*,\s*cụ\s+thể)?\s+(?:như\s+sau|sau\s+đây|sau)\s*:?\s*$")
_LEADIN_ONLY = re.compile(r"^(?![^;:]*trong\s+đó)[^;:]{0,160}?" + _WHAT_FOLLOWS)
_LEADIN_TAIL = re.compile(r"\s*,\s*trong\s+đó\s+(?:tập\s+trung\s+|chú\s+trọng\s+|lưu\s+ý\s+)?(?:vào\s+)?(?:thực\s+hiện\s+)?"
                          + _WHAT_FOLLOWS)


# a Party body told to lead and direct a state body that chủ trì the work: "Giao Đảng ủy UBND huyện lãnh đạo, chỉ đạo
# Phòng X chủ trì, phối hợp với …"
_PARTY_BODY = re.compile(r"(?:Ban\s+cán\s+sự\s+[Đđ]ảng|Đảng\s+đoàn|Đảng\s+[uủ]ỷ?y|Đảng\s+úy|Chi\s+bộ|Cấp\s+ủy)(?!\w)")
_DIRECTS_CHAIR = re.compile(r"(?:lãnh\s+đạo\s*,\s*|lãnh\s+đạo\s+và\s+)?chỉ\s+đạo\s+(?P<unit>.+?)\s+chủ\s+trì(?:\s*,?\s*(?P<rest>.*))?$")


_TITLE_AT = re.compile(TITLES)


def _one_body_leaders(tasks: list[ExtractedTask]) -> None:
    """"Đồng chí Bộ trưởng Bộ Y tế, Thứ trưởng Bộ Y tế phụ trách lĩnh vực tiếp tục …": the head and a deputy of one
    body lead its duty together: the body's head names it (one unit, one inbox), not two units."""
    for t in tasks:
        if ", " not in t.lead:
            continue
        first, _, second = t.lead.partition(", ")
        m1, m2 = _TITLE_AT.match(first), _TITLE_AT.match(second)
        if m1 is None or m2 is None or "," in second:
            continue
        body = first[m1.end():].strip()
        if len(body) >= 5 and second[m2.end():].startswith(body):
            t.lead = first


def _party_directs_lead(tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """The Party leads through the state body's Party organisation; the department named as chủ trì does the work and
    is whose inbox it reaches (play14: a district office's leader moved each such duty to the department and dropped
    the "lãnh đạo, chỉ đạo" task as merged). One task: the department, the duty, its partners and time."""
    out: list[ExtractedTask] = []
    i = 0
    while i < len(tasks):
        t = tasks[i]
        m = _DIRECTS_CHAIR.match(t.action) if _PARTY_BODY.match(t.lead) else None
        um = match_units(m.group("unit"), 0) if m is not None else None
        if m is None or um is None or not um.ok or um.end < len(m.group("unit")):
            out.append(t)
            i += 1
            continue
        nxt = tasks[i + 1] if i + 1 < len(tasks) else None
        if not (m.group("rest") or "").strip() and nxt is not None and nxt.lead == t.lead and nxt.span == t.span:
            # "… chủ trì, phối hợp với Z hoàn thành …" was read as a second duty of the Party body: the same duty
            nxt.lead = m.group("unit")
            out.append(nxt)
            i += 2
            continue
        if (m.group("rest") or "").strip():
            t.lead, t.action = m.group("unit"), m.group("rest").strip(" ,")
        out.append(t)
        i += 1
    return out


def _own_act_and_emphasis(tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """Drop the document's own act; after a lead's stressed units ("…, nhất là Bộ X") comes the duty, not them."""
    kept: list[ExtractedTask] = []
    for k, t in enumerate(tasks):
        if _OWN_ACT.match(t.action):
            continue
        if _LEADIN_ONLY.match(t.action) and t.span is not None and any(
                u.span is not None and u.span[0] >= t.span[1] for u in tasks[k + 1:k + 4]):
            continue  # its items were read as duties (when they were not, the lead-in still routes the document)
        tail = _LEADIN_TAIL.search(t.action)
        if tail and tail.start() >= 20:
            t.action = t.action[:tail.start()]
        if t.support and t.action.startswith("để ") and len(t.action.split()) >= 4:
            t.action = t.action[3:]  # "chủ trì, phối hợp với Sở B để làm rõ …": the duty is what follows "để"
        m = _EMPHASIS.match(t.action)
        if m and len(t.action) - m.end() >= 8:
            t.action = t.action[m.end():]  # the lead as written already names them ("các Bộ, ngành")
        kept.append(t)
    return kept


def extract_tasks(text: str, issued_date: str | None = None) -> list[ExtractedTask]:
    """Every unit the text tells to act, as ExtractedTask (lead, support, action, deadline, recurrence, sentence)."""
    if not text or not text.strip():
        return []
    issued_date = own_iso_date(text, issued_date)  # "trong 10 ngày", "trước ngày 15/6" count from the text's own date
    if _is_encyclopedia(text):
        return []  # an encyclopedia article (footnotes "[12]", "Lưu trữ bản gốc …") tells no office to act
    apart = unglue(text)
    if apart is not None:
        # "tậptrung", "Bộ Kếhoạch": read with the spaces put back, reported as written
        tasks = extract_tasks(apart.text, issued_date)
        for t in tasks:
            # phrases are looked up whitespace-normalised (a table cell's tab is a space there)
            t.sentence, t.lead, t.action = (" ".join(x.split()) for x in (t.sentence, t.lead, t.action))
            t.support = [" ".join(x.split()) for x in t.support]
            near = apart.where(t.sentence)
            t.sentence = apart.phrase(t.sentence, near) or t.sentence
            t.lead = apart.phrase(t.lead, near) or t.lead
            t.support = [apart.phrase(x, near) or x for x in t.support]
            t.action = apart.phrase(t.action, near) or t.action
            t.deadline_text = apart.phrase(t.deadline_text, near)
            if t.span is not None:
                t.span = (apart.offset(t.span[0]), apart.offset(t.span[1]))
        return tasks
    original = text
    if "|" in text:
        # a table flattened with pipes ("1 | Rà soát … | Sở Công Thương | Quý III/2025 |") is read as tab-separated
        # cells; one character for one, so every offset stays the same
        text = _PIPE.sub("\t", text)
    bold = "**" in text
    if bold:
        # "**2. Giao Sở Nội vụ**": bold marks of a page copied as Markdown hide an item's number; read as spaces, two
        # characters for two, so every offset stays the same (the phrases are given back as written below)
        text = text.replace("**", "  ")
    lines = _logical_lines(text)
    tasks = _Extractor(text, issued_date).run(lines)
    annex_time(text, tasks, issued_date)  # "… (Phụ lục kèm theo), hoàn thành trước ngày …": the annex's rows
    time_label(text, tasks, issued_date)  # "- Trước ngày 20/5/2026: UBND các xã …": a timetable line's label
    apply_time_frames(text, tasks, issued_date)  # "2. Thời gian …: từ … đến …" before the duties it governs
    campaign_windows(text, tasks, issued_date)  # "… trong Tháng hành động" named before with its window
    head_time(tasks, issued_date)  # "… đề nghị trong năm 2026, Sở X cần …; …": the time said before the unit
    closing_time_frame(text, tasks, issued_date)  # "… Thời gian tổ chức các hoạt động từ … đến …" after the duties
    opening_time_frame(text, tasks, issued_date)  # "Đợt thi đua … phát động từ nay đến ngày … Theo đó, <units> …"
    time_of_the_list(tasks)  # "- Sở A …; - Sở B … Yêu cầu các đơn vị hoàn thành trước ngày …"
    inline_lead_in_time(tasks, issued_date)  # "… hoàn thành trước ngày 30/6/2026: Sở A …; Sở B …" in one sentence
    lead_in_time(text, tasks, issued_date)  # "…, hoàn thành trước ngày 30/6/2026:\n- Sở A …\n- Sở B …"
    named_item_time(text, tasks, issued_date)  # "… theo thời gian được nêu tại khoản 1": item 1's time
    reply_time(text, tasks, issued_date)  # "… Văn bản trả lời gửi về Bộ … trước ngày …": a letter's closing
    section_time(text, tasks, issued_date)  # "I. NHIỆM VỤ … TRONG THÁNG 12/2025": the section's own period
    event_day(text, tasks, issued_date)  # "Thời gian: Buổi sáng, ngày 18/4/2026": the day of the visit it is for
    tasks = times_in_lead(tasks, issued_date)  # "Sở A (trước ngày …) và Sở B (trước ngày …) báo cáo …"
    time_after_lead(tasks, issued_date)  # "UBND các xã từ nay đến ngày … phải …": the time is no part of the name
    tasks = split_in_which(tasks, issued_date)  # "…, trong đó Sở B thẩm định … trước ngày …": B's own part
    tasks = split_timed_duties(tasks, issued_date)  # "…, trong quý I hoàn thành …": the next duty, with its time
    support_out_of_lead(tasks)  # "Báo tỉnh Phối hợp Ban Dân tộc …": the lead ends at "phối hợp"
    roles_in_brackets(tasks)  # "Sở A (chủ trì), Sở B (phối hợp) …": the roles in brackets
    no_self_support(tasks)  # (the lead repeated in its own partner list)
    no_bare_kind(tasks)  # ("cơ quan" alone: no body named)
    tasks = _own_act_and_emphasis(tasks)  # "… ban hành kế hoạch như sau:", "…, nhất là Bộ X cần …"
    # "Thực hiện các nhiệm vụ khác khi được Trưởng ban phân công": a member's catch-all, nothing to follow up
    tasks = [t for t in tasks if "khác" not in t.action or not _OTHER_DUTIES.match(t.action)]
    # "Lực lượng được tăng cường quân số, tổ chức tuần tra …": what was done to a force, no unit acting (rules36)
    tasks = [t for t in tasks if not t.lead or not _PASSIVE_LEAD.search(t.lead)]
    tasks = _said_once(tasks)  # a page that repeats a request under its photo gives the duty once (rules36)
    # "Các lực lượng tham gia ứng trực gồm: Dân quân phường, …": who takes part, listed; no duty given (rules36)
    tasks = [t for t in tasks if "gồm" not in t.action or not _WHO_TAKES_PART.match(t.action)]
    tasks = _party_directs_lead(tasks)  # "Giao Đảng ủy UBND huyện lãnh đạo, chỉ đạo Phòng X chủ trì …": Phòng X leads
    _one_body_leaders(tasks)  # "Bộ trưởng Bộ Y tế, Thứ trưởng Bộ Y tế phụ trách lĩnh vực …": the ministry's head
    tasks = not_duties(text, tasks)  # "… gửi Sở X tổng hợp./.", "<issuer> được giao …" (services/…/letters.py)
    moved_deadline_work(text, tasks, issued_date)  # "điều chỉnh thời hạn <work> …: giao Sở X hoàn thành trước ngày …"
    if len(lines) > 1 and _DATELINE.match(lines[1].text) and not _ENDS_SENTENCE.search(lines[0].text) and \
            lines[0].parts and lines[1].parts:
        # a news headline repeats what the story below says: only the story's tasks count
        story_at = lines[1].parts[0][0]
        told = [t for t in tasks if t.span is None or t.span[0] >= story_at]
        if told:
            tasks = told
    if text is not original:
        for t in tasks:
            if t.span is not None and t.span[1] > t.span[0]:
                t.sentence = " ".join(original[t.span[0]:t.span[1]].split())  # the source as written, pipes and all
            for attr in ("action", "lead", "deadline_text"):
                value = getattr(t, attr)
                if not value or ("\t" not in value and not (bold and " " in value)):
                    continue
                # a cell boundary inside one phrase: the text as written, pipe and all (one character for one)
                p_v = re.compile(r"\s+".join(re.escape(w) for w in value.split(" ")))
                m_v = (p_v.search(text, t.span[0]) if t.span is not None else None) or p_v.search(text)
                if m_v is not None and "\t" not in value:
                    setattr(t, attr, " ".join(original[m_v.start():m_v.end()].split()))  # bold marks inside, as written
                    continue
                setattr(t, attr, " ".join(original[m_v.start():m_v.end()].split(" ")) if m_v else value.replace("\t", " "))
    for t in tasks:
        t.confidence, t.review_reasons = appraise(t)
        t.lead_units = routing_units(t.lead)  # "Giám đốc Sở Y tế": Sở Y tế's inbox
        t.support_units = [u for s in t.support for u in routing_units(s)]
    return tasks


# Speed, the same matches: patterns searched along sentences get a first-character test (services/vntext/fastre.py)
guard_patterns(globals(), (
    "_STT_HEAD", "_OPEN_END", "_SENT_TO", "_ITEM_BASIS", "_TRIGGER", "_AUTHORITY_BEFORE", "_HEADING_VERB", "_AUTHORITY", "_NUMBER_LINE", "_BARE_SUBJECT", "_NAME_BREAK", "_LAST_TRIGGER", "_CONTACT",
))
