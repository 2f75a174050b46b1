"""A statistical tagger beside the rules: a CRF (python-crfsuite) over the tokens of each sentence that can carry a
task, predicting BIO tags for the LEAD (chủ trì) and SUPPORT (phối hợp) spans.

The rules stay the backbone; the tagger only proposes, through a small combination whose thresholds were chosen by
cross-validation on the training files (scripts/train_tagger.py, ``make train-tagger``) and recorded in the model's
card (``models/tagger.json``):

- ``add``: a sentence with a duty word in which the rules found no task, where the tagger reads a lead with
  probability ≥ the threshold, gets a task for that lead (marked for a clerk's review: it comes from no rule);
- ``remove``: a rule's task whose lead the tagger gives a probability below the threshold is dropped;
- ``support``: a rule's task with no supporting unit gets the tagger's support spans of its sentence above the
  threshold.

A threshold of ``null`` switches that part off; ``"enabled": false`` in the card (or VANBAN_TAGGER=off) switches the
whole tagger off. Without the model file (or python-crfsuite), extraction is the rules' alone. The model is loaded
once, lazily. Every span is a slice of the text; the header, the Kính gửi list and the Nơi nhận list are never tagged.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from services.ingest.understanding import assign_model as am
from services.ingest.understanding.assign_model import card as assign_card
from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.model_card import read_card, switched_off
from services.ingest.understanding.task_units import bare_head, match_units
from services.ingest.understanding.tasks import (
    _DECIDES,
    _DIFFICULTY,
    _EXECUTION,
    _ISSUES_REGULATION,
    _NARRATIVE,
    _NOTICE,
    _OTHER_DUTIES,
    _REGULATION_HEAD,
    _RESOLUTION_EXECUTION,
    _RESULT,
    _SECURITY,
    _closing_formula,
    _Line,
    _logical_lines,
    _sentence_cuts,
)
from services.ingest.understanding.units import expand_units
from services.vntext.fold import FOLD_TABLE
from services.vntext.units import directory, fold_unit

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "tagger.crfsuite"
CARD_PATH = MODEL_DIR / "tagger.json"

LABELS = ("O", "B-LEAD", "I-LEAD", "B-SUP", "I-SUP", "B-DUTY")

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")

# folded cue words: a sentence without any of them carries no duty worth tagging (speed: most sentences are skipped)
_CUES = ("giao", "chu tri", "phoi hop", "de nghi", "yeu cau", "trach nhiem", "khan truong", "tham muu", "trien khai",
         "to chuc", "thuc hien", "chi dao", "huong dan", "kiem tra", "bao cao", "ra soat", "xay dung", "can ",
         "phai ", "tap trung", "theo doi", "don doc", "chu dong", "tiep tuc", "nghien cuu")
_CUE_RE = re.compile("|".join(re.escape(c).replace(r"\ ", r"\s+") for c in _CUES))  # (a line may wrap in a cue)
_TRIGGERS = {"giao": "giao", "chu tri": "chutri", "phoi hop": "phoihop", "de nghi": "denghi", "yeu cau": "yeucau",
             "chiu trach nhiem": "trachnhiem", "co trach nhiem": "trachnhiem", "khan truong": "khantruong",
             "tham muu": "thammuu", "chu dong": "chudong", "can": "can", "phai": "phai", "tap trung": "taptrung",
             "chi dao": "chidao", "quan ly": "quanly", "tiep tuc": "tieptuc", "theo doi": "theodoi"}
_HEADS = frozenset({"so", "ubnd", "uy", "ban", "phong", "cuc", "bo", "vu", "van", "trung", "chi", "tong", "cong",
                    "hoi", "doan", "dai", "bao", "kho", "ngan", "truong", "vien", "toa", "quy", "dang",
                    "tinh", "thanh", "huyen", "xa", "phuong", "hdnd", "mttq", "lien", "canh", "bch",
                    "bql", "tap", "to", "giam", "chu", "thu", "lanh", "dong", "cac", "nha", "don"})
_TITLE_WORDS = frozenset({"giam", "chu", "tich", "thu", "truong", "pho", "lanh", "dao", "dong", "chi", "bi", "chanh"})


def fold_word(word: str) -> str:
    return word.translate(FOLD_TABLE).lower()


@dataclass(frozen=True)
class Segment:
    """One sentence of the body that may carry a task, cut as the rules cut it (their logical lines and sentence
    splitter): its offsets and tokens (offsets in the text), and what the assign model reads of it and of the sentence
    before it (``gate``: the gate's features)."""

    start: int
    end: int
    tokens: tuple[tuple[int, int], ...]
    item: bool  # starts a dashed / numbered / lettered item
    heading: bool  # ends with ':' (a lead-in to a list)
    gate: tuple[am.Segment, ...] = ()  # (the sentence before, if any, then this one) as the assign model reads them
    place: str | None = None  # the assign model's place feature ("pos<0.1", "pos_mid", "pos>0.9"), None in short texts


@dataclass(frozen=True)
class Span:
    kind: str  # "LEAD" or "SUP"
    start: int  # offsets in the text
    end: int
    prob: float  # mean marginal probability of its tags


def _zones(text: str, lines: Sequence[_Line]) -> list[str]:
    """The zone of each logical line, as the assign model reads it ("header", "kinh_gui", "body", "noi_nhan",
    "annex"), the Kính gửi list held on while its lines are items or short lines without a full stop; and, as the
    rules read it, "regulation" from the Quy định / Quy chế a Quyết định issues to the end (a standing allocation of
    competences: the rules read no duty there)."""
    out: list[str] = []
    zone = "header"
    for li, line in enumerate(lines):
        full = line.text
        if not full.strip() or zone == "regulation":
            out.append(zone)
            continue
        if full[:3] == "QUY" and _REGULATION_HEAD.match(full) and line.parts[0][1].isupper() and \
                _ISSUES_REGULATION.search(text, 0, 5000) and _DECIDES.search(text, 0, line.parts[0][0]):
            zone = "regulation"
            out.append(zone)
            continue
        upper = not any(c.islower() for c in full)
        if zone == "noi_nhan" and (am._ANNEX.match(full) or "\t" in full or "|" in full or len(full) > 150):
            zone = "annex"
        if zone != "noi_nhan":
            if am._NOI_NHAN.match(full):
                zone = "noi_nhan"
            elif am._KINH_GUI.match(full):
                zone = "kinh_gui"
            elif zone == "header":
                if not (upper or am._HEADER.search(full) or li < 2 and len(full) < 80 and full.rstrip()[-1:] not in ".;:"):
                    zone = "body"
            elif zone == "kinh_gui" and not (line.marker is not None or len(full) < 60 and not full.endswith(".")):
                zone = "body"
        out.append(zone)
    return out


# a signature or a proxy's formula ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Thay mặt Thủ tướng Chính phủ, …"): who
# signs or speaks for whom, never a unit given work
_SIGNATURE = re.compile(r"^(?:(?:TM|KT|TL|TUQ|Q)\s*\.|Thay\s+mặt\b|THAY\s+MẶT\b)")
# an oversight or supervision clause ("Thường trực HĐND, các Ban … giám sát việc thực hiện", "giao … theo dõi, đôn
# đốc", "Thay mặt … theo dõi và chỉ đạo các Bộ"): standing oversight, not a duty to follow up in an inbox
_OVERSIGHT = re.compile(r"^(?:(?:trong|theo)\s+(?:phạm\s+vi|chức\s+năng)[^;.]{0,80}?\s)?(?:(?:thường\s+xuyên|tiếp\s+tục)\s+)?"
                        r"(?:giám\s+sát|theo\s+dõi|đôn\s+đốc)(?!\w)", re.IGNORECASE)
# "Sở X quyết định …", "UBND cấp xã quyết định …": a competence to decide (a Quy định's allocation), not a duty to do
_COMPETENCE = re.compile(r"^quyết\s+định\s+(?!số\b)", re.IGNORECASE)
# a decision's bases ("Căn cứ …", "Xét Tờ trình … đề nghị …") and a request restated before its answer ("Về đề nghị Bộ X
# …: …"): the rules read no duty in them
_BASIS = re.compile(r"^(?:Căn\s+cứ|Xét|Về\s+(?:đề\s+nghị|kiến\s+nghị))\s")
# an encyclopedia's reference marks ("… than.[92][93]"): a web page's text, not a directive
_CITATION = re.compile(r"\[\d{1,3}\]")


def rules_reject_sentence(sentence: str) -> bool:
    """The rules' own reasons to read no task in the sentence (tasks.py: a closing or execution clause, a difficulty
    to report, a notice's closing, a handling note for secret papers, a dated narrative, a question), with a
    signature or proxy formula, a decision's bases, a request restated and an encyclopedia's reference marks."""
    s = sentence.strip()
    low = s.lower()
    return bool(s.endswith("?") or _SIGNATURE.match(s) or _BASIS.match(s) or _CITATION.search(s) or _NARRATIVE.match(s)
                or "mật" in low and _SECURITY.search(low) or _EXECUTION.search(s) or _DIFFICULTY.search(s)
                or "hông báo" in s and _NOTICE.search(s))


def rules_reject_task(task: ExtractedTask) -> bool:
    """The rules' own reasons to drop a task (a closing formula, a resolution's execution clause, a member's catch-all,
    a result reported), with an oversight clause, a competence to decide and a lead that is a proxy's formula."""
    action = task.action.strip()
    return bool(len(action) < 4 or _closing_formula(task) or _RESOLUTION_EXECUTION.fullmatch(action)
                or _OTHER_DUTIES.match(action) or _RESULT.search(action) or _OVERSIGHT.match(action) or _COMPETENCE.match(action)
                or _SIGNATURE.match(task.lead))


def segments(text: str, max_tokens: int = 160, keep: Callable[[int, int, bool], bool] | None = None,
             accept: Callable[[Segment], bool] | None = None) -> list[Segment]:
    """The sentences of the body (the rules' logical lines cut by their sentence splitter; never the header, the Kính
    gửi list, the Nơi nhận list or what follows it) that have a duty cue, tokenised (offsets in the text); with
    `keep`, only those it accepts: keep(start, end, whole_line) is asked first of each line, then of each sentence;
    with `accept`, only those it accepts, asked before they are tokenised (its segment has no tokens yet)."""
    lines = _logical_lines(text)
    zones = _zones(text, lines)
    many = len(lines) >= 10
    folded = text.translate(FOLD_TABLE).lower()
    if len(folded) != len(text):  # (a combining mark folds to nothing: fold each piece by itself)
        def has_cue(a: int, b: int) -> bool:
            return _CUE_RE.search(fold_word(text[a:b])) is not None
    else:
        def has_cue(a: int, b: int) -> bool:
            return _CUE_RE.search(folded, a, b) is not None
    out: list[Segment] = []
    cut_memo: dict[int, list[am.Segment]] = {}

    def sentences(li: int) -> list[am.Segment]:
        """The sentences of logical line li as the assign model reads them (memo)."""
        got = cut_memo.get(li)
        if got is None:
            line = lines[li]
            full = line.text
            upper = not any(c.islower() for c in full)
            body = full[line.body_at:]
            cuts = [0, *(m.end() for m in _sentence_cuts(body)), len(body)]
            got = []
            for k in range(len(cuts) - 1):
                x, y = cuts[k], cuts[k + 1]
                piece = body[x:y].strip()
                if len(piece) < 2:
                    continue
                x += len(body[x:y]) - len(body[x:y].lstrip())
                st, en = line.span(line.body_at + x, line.body_at + x + len(piece))
                got.append(am.Segment(st, en, piece, li, k == 0, line.marker if k == 0 else None, zones[li], upper))
            cut_memo[li] = got
        return got

    for li, line in enumerate(lines):
        if zones[li] != "body" or not line.parts:
            continue
        la, lb = line.parts[0][0], line.parts[-1][0] + len(line.parts[-1][1])
        if not has_cue(la, lb) or keep is not None and not keep(la, lb, True):
            continue
        sents = sentences(li)
        for k, sent in enumerate(sents):
            if not has_cue(sent.start, sent.end) or keep is not None and not keep(sent.start, sent.end, False):
                continue
            prev: am.Segment | None = sents[k - 1] if k else None
            j = li - 1
            while prev is None and j >= 0:
                if lines[j].parts:
                    before = sentences(j)
                    prev = before[-1] if before else None
                    break
                j -= 1
            place = None
            if many:
                pos = li / len(lines)
                place = "pos<0.1" if pos < 0.1 else "pos>0.9" if pos > 0.9 else "pos_mid"
            seg = Segment(sent.start, sent.end, (), sent.first and sent.marker is not None,
                          sent.text.rstrip().endswith(":"), (*((prev,) if prev else ()), sent), place)
            if accept is not None and not accept(seg):
                continue
            # (the tokens of the original: the line's text differs from it only by its white space)
            toks = tuple((m.start(), m.end()) for m in _TOKEN.finditer(text, sent.start, sent.end))[:max_tokens]
            if len(toks) >= 3:
                out.append(replace(seg, start=toks[0][0], end=toks[-1][1], tokens=toks))
    return out


def gate_probability(weights: dict[str, float], seg: Segment) -> float:
    """The assign model's probability that the segment assigns work (its features read from the sentence and the one
    before it; the place in the text by its logical line)."""
    if not seg.gate:
        return 0.0
    feats = am.features(seg.gate, len(seg.gate) - 1)
    if seg.place is not None:
        feats.append(seg.place)
    return am.probability(weights, feats)


@cache
def _unit_prefixes() -> dict[tuple[str, ...], bool]:
    """Folded token sequences of the directory's names (and their prefixes -> False, whole names -> True)."""
    table: dict[tuple[str, ...], bool] = {}
    for name in directory().canonical:
        words = tuple(fold_word(w) for w in _TOKEN.findall(fold_unit(name)))
        if not words or len(words) > 12:
            continue
        for k in range(1, len(words)):
            table.setdefault(words[:k], False)
        table[words] = True
    return table


def _directory_marks(words: Sequence[str]) -> list[str]:
    """B/I marks of the longest directory names found in the folded words."""
    table = _unit_prefixes()
    marks = ["O"] * len(words)
    i = 0
    while i < len(words):
        best = 0
        k = 1
        while i + k <= len(words):
            hit = table.get(tuple(words[i:i + k]))
            if hit is None:
                break
            if hit:
                best = k
            k += 1
        if best:
            marks[i] = "B"
            for j in range(i + 1, i + best):
                marks[j] = "I"
            i += best
        else:
            i += 1
    return marks


def _locate(text: str, seg: Segment, phrase: str) -> tuple[int, int] | None:
    """Token indices [a, b) of phrase inside the segment (whitespace-insensitive), or None."""
    words = [fold_word(w) for w in _TOKEN.findall(phrase)]
    if not words:
        return None
    seg_words = [fold_word(text[s:e]) for s, e in seg.tokens]
    n = len(words)
    for i in range(len(seg_words) - n + 1):
        if seg_words[i] == words[0] and seg_words[i:i + n] == words:
            return i, i + n
    return None


def rule_marks(text: str, seg: Segment, tasks: Sequence[ExtractedTask]) -> tuple[list[str], list[str]]:
    """The rules' own lead and support spans in the segment, as B/I marks (features)."""
    lead = ["O"] * len(seg.tokens)
    sup = ["O"] * len(seg.tokens)
    for t in tasks:
        if t.span is None or t.span[1] <= seg.start or t.span[0] >= seg.end:
            continue
        for phrase, marks in [(t.lead, lead), *((s, sup) for s in t.support)]:
            where = _locate(text, seg, phrase) if phrase else None
            if where is None:
                continue
            a, b = where
            marks[a] = "B"
            for j in range(a + 1, b):
                marks[j] = "I"
    return lead, sup


def features(text: str, seg: Segment, rl: Sequence[str], rs: Sequence[str]) -> list[list[str]]:
    """One list of CRF features per token (fixed order): word identity folded and as written, casing, unit
    directory, unit-head and title words, trigger words, list position, the rules' lead/support marks."""
    raw = [text[s:e] for s, e in seg.tokens]
    words = [fold_word(w) for w in raw]
    dmarks = _directory_marks(words)
    n = len(words)
    trig = [""] * n
    for i in range(n):
        for size in (3, 2, 1):
            key = " ".join(words[i:i + size])
            if len(words[i:i + size]) == size and key in _TRIGGERS:
                for j in range(i, i + size):
                    trig[j] = _TRIGGERS[key]
                break
    shapes = ["U" if r.isupper() else "T" if r[:1].isupper() else "d" if r.isdigit() else "p" if not r[:1].isalnum()
              else "l" for r in raw]
    # the context features of each position, built once (fixed order: -2, -1, +1, +2)
    ctx: list[list[list[str]]] = []
    for d in (-2, -1, 1, 2):
        pad = [f"w{d}=<{'s' if d < 0 else 'e'}>"]
        cols = [[f"w{d}={words[j]}", f"dir{d}={dmarks[j]}", f"rl{d}={rl[j]}", *((f"trig{d}={trig[j]}",) if trig[j] else ())]
                for j in range(n)]
        ctx.append([cols[i + d] if 0 <= i + d < n else pad for i in range(n)])
    item = seg.item
    heading = seg.heading
    since_semi = 0
    after_trigger = ""
    out: list[list[str]] = []
    for i in range(n):
        w = words[i]
        if w in (";", ":"):
            since_semi = 0
        f = ["b", "w=" + w, "s=" + shapes[i], "dir=" + dmarks[i], "rl=" + rl[i], "rs=" + rs[i],
             f"pos={min(i, 6)}", f"semi={min(since_semi, 4)}"]
        if w in _HEADS:
            f.append("head")
        if w in _TITLE_WORDS:
            f.append("title")
        if trig[i]:
            f.append("trig=" + trig[i])
        if after_trigger:
            f.append("aft=" + after_trigger)
        if i == 0 and item:
            f.append("item")
        if heading:
            f.append("heading")
        for c in ctx:
            f.extend(c[i])
        if i + 1 < n:
            f.append(f"bi={w}|{words[i + 1]}")
        if trig[i]:
            after_trigger = trig[i]
        since_semi += 1
        out.append(f)
    return out


def decode(seg: Segment, labels: Sequence[str], probs: Sequence[float]) -> list[Span]:
    """BIO labels (with each label's marginal probability) into spans of the text: an I- without its B- opens one."""
    spans: list[Span] = []
    kind: str | None = None
    a = 0
    acc: list[float] = []

    def close(upto: int) -> None:
        if kind is not None:
            spans.append(Span(kind, seg.tokens[a][0], seg.tokens[upto - 1][1], sum(acc) / len(acc)))

    for i, lab in enumerate(labels):
        tag, _, k = lab.partition("-")
        if tag == "B" or (tag == "I" and k != kind):
            close(i)
            kind, a, acc = k, i, [probs[i]]
        elif tag == "I":
            acc.append(probs[i])
        else:
            close(i)
            kind, acc = None, []
    close(len(labels))
    return spans


# ---- the model at run time ------------------------------------------------------------------------------------------

@cache
def card() -> dict[str, Any]:
    return read_card(CARD_PATH)


@cache
def _tagger() -> Any:
    """The CRF, loaded once; None when the model file or python-crfsuite is missing (rules alone)."""
    if not MODEL_PATH.is_file():
        return None
    try:
        import pycrfsuite
    except ImportError:
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


def tag_segment(tagger: Any, feats: list[list[str]]) -> tuple[list[str], list[float]]:
    labels: list[str] = list(tagger.tag(feats))
    # (only the tags of a span are read: an "O" needs no marginal — speed)
    probs = [float(tagger.marginal(lab, i)) if lab != "O" else 1.0 for i, lab in enumerate(labels)]
    return labels, probs


def lead_probability(tagger: Any, seg: Segment, where: tuple[int, int]) -> float:
    """The tagger's mean probability that the tokens [a, b) are a lead (B-LEAD then I-LEAD) — after tag()."""
    a, b = where
    ps = [float(tagger.marginal("B-LEAD" if i == a else "I-LEAD", i)) for i in range(a, b)]
    return sum(ps) / len(ps)


@dataclass(frozen=True)
class Combination:
    add: float | None = None  # add a task for a tagged lead with probability >= add, in a sentence with no rule task
    remove: float | None = None  # drop a rule task whose lead the tagger gives a probability < remove
    support: float | None = None  # add tagged support spans (probability >= support) to a rule task with none
    anchored: bool = False  # an added lead must open its sentence (the subject) or be named right after the request
    split: float | None = None  # a duty start (B-DUTY, probability >= split) inside a rule task's action: two duties
    gate: float | None = None  # an added lead only in a sentence the assign model reads as assigning (p >= gate)

    @property
    def off(self) -> bool:
        return self.add is None and self.remove is None and self.support is None and self.split is None


_REVIEW = "Đề xuất của mô hình thống kê, không có quy tắc nào xác nhận: cần văn thư kiểm tra"
_DUTY = ("giao", "chu tri", "de nghi", "yeu cau", "trach nhiem", "khan truong", "tham muu", "can ", "phai ",
         "tap trung", "chu dong", "trien khai", "to chuc", "thuc hien")
_DUTY_RE = re.compile("|".join(re.escape(c).replace(r"\ ", r"\s+") for c in _DUTY))
_ACTION_LEAD = re.compile(r"^[\s,:;\-–]*(?:(?:có|chịu)\s+trách\s+nhiệm|chủ\s+trì|được\s+giao)?[\s,:;\-–]*")


# what may stand before a lead that opens its duty: a list marker, a request word (giao, đề nghị, yêu cầu) and "các"
_OPENING = re.compile(r"^[\s\-–+•*.)(\d]*(?:[a-zđ][.)]\s*)?(?:(?:[Gg]iao|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Cc]hỉ\s+đạo)"
                      r"(?:\s+(?:cho|đối\s+với))?\s*:?\s*)?$")


def _anchored(text: str, seg: Segment, start: int) -> bool:
    """The lead at `start` opens its sentence or item (the subject), or follows the request word that opens it."""
    return start - seg.start < 40 and _OPENING.match(text[seg.start:start]) is not None


_JOINER = re.compile(r"\s*(?:,|;)?\s*(?:và|cùng)?\s*")


def _joint(leads: Sequence[Span], text: str) -> list[Span]:
    """Tagged leads separated only by a comma or "và" ("Sở A, Sở B và UBND các huyện") are one joint lead, as the
    labels write them: one span from the first to the last, its probability the lowest of them."""
    out: list[Span] = []
    for s in leads:
        if out and _JOINER.fullmatch(text[out[-1].end:s.start]):
            last = out[-1]
            out[-1] = Span(last.kind, last.start, s.end, min(last.prob, s.prob))
        else:
            out.append(s)
    return out


def _named(sentence: str, base: int, lead: Span) -> Span | None:
    """The tagged lead when the rules' unit finder reads a unit at its start inside it; None when it reads none, or
    a bare head ("Sở", "Ủy ban"): a phrase that names no body is no lead; nor a name followed by a competence or an
    oversight, even when the tagged lead runs on past it. (Cross-validated: taking the unit finder's
    own reading of the name instead, which may run past the tagged span, loses more right leads than it gains.)"""
    um = match_units(sentence[:lead.end - base], lead.start - base)
    if not um.ok or bare_head(um.units[0]):
        return None
    after = sentence[um.end:].lstrip(" ,")
    if _COMPETENCE.match(after) or _OVERSIGHT.match(after):
        return None  # the name, then its competence or oversight ("Ủy ban nhân dân cấp xã quyết định thu hồi …")
    return lead


def apply(text: str, segs: Sequence[Segment], tagged: Sequence[tuple[list[str], list[float], list[float | None]]],
          tasks: list[ExtractedTask], combo: Combination, gates: Sequence[float] | None = None) -> list[ExtractedTask]:
    """The combination over the tagged segments: `tagged` gives, per segment, its labels, their marginals and the
    tagger's lead probability of each rule task's lead in it (in the order of `tasks`; None when not located);
    `gates`, per segment, the assign model's probability that it assigns work (for ``combo.gate``)."""
    if combo.off:
        return tasks
    out = list(tasks)  # the rules' tasks (index for index), then the additions
    drop: set[int] = set()
    cuts: dict[int, set[int]] = {}  # rule task -> offsets where the tagger starts another duty inside its action
    for j, (seg, (labels, probs, rule_probs)) in enumerate(zip(segs, tagged, strict=True)):
        spans = decode(seg, labels, probs)
        in_seg = [k for k, t in enumerate(tasks) if t.span is not None and t.span[0] < seg.end and t.span[1] > seg.start]
        if combo.remove is not None:
            for k, p in zip(in_seg, rule_probs, strict=True):
                if p is not None and p < combo.remove:
                    drop.add(k)
        if combo.support is not None:
            sup_spans = [s for s in spans if s.kind == "SUP" and s.prob >= combo.support]
            for k in in_seg:
                t = tasks[k]
                if not t.support and sup_spans:
                    support = [text[s.start:s.end] for s in sup_spans if text[s.start:s.end] != t.lead]
                    out[k] = replace(out[k], support=support, support_units=[u for x in support for u in expand_units(x)])
        if combo.split is not None and in_seg:
            for k, at in _duty_cuts(text, tasks, in_seg, [s.start for s in spans if s.kind == "DUTY" and s.prob >= combo.split]):
                cuts.setdefault(k, set()).add(at)
        if combo.add is not None and not in_seg:
            if gates is not None and combo.gate is not None and gates[j] < combo.gate:
                continue
            sentence = text[seg.start:seg.end]
            if not _DUTY_RE.search(fold_word(sentence)) or rules_reject_sentence(sentence):
                continue
            leads = _joint([s for s in spans if s.kind == "LEAD" and s.prob >= combo.add and
                            (not combo.anchored or _anchored(text, seg, s.start))], text)
            if not leads:
                continue
            sups = [text[s.start:s.end] for s in spans if s.kind == "SUP" and s.prob >= combo.add]
            leads = [x for x in (_named(sentence, seg.start, s) for s in leads) if x is not None]
            for i, s in enumerate(leads):
                stop = leads[i + 1].start if i + 1 < len(leads) else seg.end
                action = text[s.end:stop]
                action = action[_ACTION_LEAD.match(action).end():].strip(" ,;:.") if action else ""  # type: ignore[union-attr]
                task = ExtractedTask(
                    lead=text[s.start:s.end], support=list(sups), action=" ".join(action.split()),
                    sentence=" ".join(sentence.split()), span=(seg.start, seg.end),
                    confidence=round(min(0.6, s.prob * 0.6), 2), review_reasons=[_REVIEW],
                    lead_units=expand_units(text[s.start:s.end]), support_units=[u for x in sups for u in expand_units(x)])
                if not rules_reject_task(task) and not any(t.lead == task.lead and t.action == task.action for t in out):
                    out.append(task)  # (a paragraph repeated in the text gives its duty once)
    if not cuts and not drop:
        return out
    return [*_split(text, [(k, t) for k, t in enumerate(out[:len(tasks)]) if k not in drop], cuts), *out[len(tasks):]]


_CUT_NEAR = 25  # a duty start this close (characters) to a rule task's action start is that task's own


def _action_at(text: str, t: ExtractedTask) -> tuple[int, int] | None:
    """Offsets of a task's action in the text (inside its sentence), or None when it is not a slice of it."""
    if t.span is None or len(t.action) < 8:
        return None
    a = text.find(t.action, t.span[0], t.span[1] + 1)
    return (a, a + len(t.action)) if a >= 0 else None


def _duty_cuts(text: str, tasks: Sequence[ExtractedTask], in_seg: Sequence[int], starts: Sequence[int]
               ) -> list[tuple[int, int]]:
    """(rule task, offset) for each tagged duty start that falls well inside one rule task's action and near no
    rule task's own start: the rules read one duty where the tagger reads two ("…; B …" in a semicolon series)."""
    acts = {k: w for k in in_seg if (w := _action_at(text, tasks[k])) is not None}
    out: list[tuple[int, int]] = []
    for at in starts:
        if any(abs(at - a) <= _CUT_NEAR for a, _ in acts.values()):
            continue
        inside = [k for k, (a, b) in acts.items() if a + _CUT_NEAR < at < b - _CUT_NEAR]
        if inside:
            out.append((max(inside, key=lambda k: acts[k][0]), at))
    return out


_SPLIT_REVIEW = "Mô hình thống kê tách thành nhiệm vụ riêng, không có quy tắc nào xác nhận: cần văn thư kiểm tra"


def _split(text: str, out: Sequence[tuple[int, ExtractedTask]], cuts: dict[int, set[int]]) -> list[ExtractedTask]:
    """Each rule task in `cuts` becomes one task per duty: its action cut at the tagged starts; the pieces after the
    first keep its lead, support and deadline and go to a clerk's review."""
    result: list[ExtractedTask] = []
    for k, t in out:
        where = _action_at(text, t) if k in cuts else None
        if where is None:
            result.append(t)
            continue
        a, b = where
        bounds = [a, *sorted(cuts[k]), b]
        pieces = [text[x:y].strip(" ,;:.\n") for x, y in zip(bounds, bounds[1:], strict=False)]
        if any(len(p) < 4 for p in pieces):
            result.append(t)
            continue
        result.append(replace(t, action=pieces[0]))
        for p in pieces[1:]:
            result.append(replace(t, action=p, support=list(t.support), confidence=round(min(t.confidence, 0.6), 2),
                                  review_reasons=[*t.review_reasons, _SPLIT_REVIEW]))
    return result


def _overlapping(tasks: Sequence[ExtractedTask], start: int, end: int) -> list[ExtractedTask]:
    return [t for t in tasks if t.span is not None and t.span[0] < end and t.span[1] > start]


def _needed(text: str, start: int, end: int, tasks: Sequence[ExtractedTask], combo: Combination | None) -> bool:
    """Does the combination look at the segment text[start:end] at all? (speed: most sentences are never tagged)"""
    if combo is None:
        return True
    in_seg = _overlapping(tasks, start, end)
    if not in_seg:
        return combo.add is not None and _DUTY_RE.search(fold_word(text[start:end])) is not None
    return (combo.remove is not None or combo.split is not None
            or combo.support is not None and any(not t.support for t in in_seg))


def run_tagger(tagger: Any, text: str, tasks: Sequence[ExtractedTask], combo: Combination | None = None,
               rule_features: bool = True, segs: list[Segment] | None = None
               ) -> tuple[list[Segment], list[tuple[list[str], list[float], list[float | None]]]]:
    """Tag the candidate segments the combination looks at (all of them when `combo` is None); with each, the
    tagger's lead probability of each rule task's lead in it. `rule_features=False`: a model trained without the
    rules' spans among its features."""
    if segs is None:
        segs = segments(text, keep=lambda a, b, whole: whole or _needed(text, a, b, tasks, combo)) if combo is not None else segments(text)
    tagged: list[tuple[list[str], list[float], list[float | None]]] = []
    for seg in segs:
        in_seg = _overlapping(tasks, seg.start, seg.end)
        rl, rs = rule_marks(text, seg, in_seg if rule_features else ())
        labels, probs = tag_segment(tagger, features(text, seg, rl, rs))
        rule_probs: list[float | None] = []
        for t in in_seg:
            where = _locate(text, seg, t.lead) if t.lead else None
            rule_probs.append(lead_probability(tagger, seg, where) if where else None)
        tagged.append((labels, probs, rule_probs))
    return segs, tagged


def chosen() -> Combination:
    """The combination in use: the card's (``combination``, when the card says ``enabled``); with VANBAN_TAGGER=on,
    the best one cross-validation found (``candidate``) even if it did not earn its place; off when
    VANBAN_TAGGER=off, the model file is missing or python-crfsuite is not installed."""
    c = card()
    if switched_off("VANBAN_TAGGER") or not MODEL_PATH.is_file():
        return Combination()
    if os.environ.get("VANBAN_TAGGER", "").lower() in ("on", "1", "true", "yes"):
        picked = c.get("candidate") or {}
    elif c.get("enabled"):
        picked = c.get("combination") or {}
    else:
        return Combination()
    return Combination(picked.get("add"), picked.get("remove"), picked.get("support"), bool(picked.get("anchored")),
                       picked.get("split"), picked.get("gate"))


def combine(text: str, tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """The rules' tasks, with the tagger's additions, splits and removals (the combination in use); the rules' tasks
    unchanged (nothing computed) when the tagger is off or missing."""
    combo = chosen()
    if combo.off:
        return tasks
    tagger = _tagger()
    if tagger is None:
        return tasks
    merged: list[list[int]] = []  # the text the rules' tasks cover: their sentences, joined where they meet
    for a, b in sorted(t.span for t in tasks if t.span is not None):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def untasked(a: int, b: int) -> bool:
        i = bisect_right(starts, b - 1) - 1  # the last covered stretch that starts before b
        return i < 0 or merged[i][1] <= a

    def covered(a: int, b: int) -> bool:
        i = bisect_right(starts, a) - 1
        return i >= 0 and merged[i][1] >= b

    only_add = combo.remove is None and combo.split is None and combo.support is None
    folded = text.translate(FOLD_TABLE).lower()
    same = len(folded) == len(text)  # (a combining mark folds to nothing: then each piece is folded by itself)

    def keep(a: int, b: int, whole: bool) -> bool:
        if not only_add:
            return whole or _needed(text, a, b, tasks, combo)
        # (the cheap tests first: speed; apply() makes the same tests again)
        if whole:
            return not covered(a, b)
        if not untasked(a, b):
            return False
        duty = _DUTY_RE.search(folded, a, b) if same else _DUTY_RE.search(fold_word(text[a:b]))
        return duty is not None and not rules_reject_sentence(text[a:b])

    gated = combo.gate is not None and combo.add is not None
    gate = combo.gate or 0.0
    weights = dict(assign_card().get("weights") or {}) if gated else {}
    passed: list[float] = []

    def accept(seg: Segment) -> bool:
        """The gate first: a segment with no rule task that the assign model does not read as assigning is not
        tokenised nor tagged."""
        p = gate_probability(weights, seg) if untasked(seg.start, seg.end) else 1.0
        passed.append(p)
        return p >= gate

    segs = segments(text, keep=keep, accept=accept if gated else None)
    gates = None
    if gated:
        gates = [gate_probability(weights, s) if untasked(s.start, s.end) else 1.0 for s in segs] \
            if len(segs) != sum(p >= gate for p in passed) else [p for p in passed if p >= gate]
    segs, tagged = run_tagger(tagger, text, tasks, combo, rule_features=card().get("rule_features", True), segs=segs)
    return apply(text, segs, tagged, tasks, combo, gates)
