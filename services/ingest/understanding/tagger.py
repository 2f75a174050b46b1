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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from services.ingest.understanding.assign_model import card as assign_card
from services.ingest.understanding.assign_model import features as assign_features
from services.ingest.understanding.assign_model import probability as assign_probability
from services.ingest.understanding.assign_model import segments as assign_segments
from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.model_card import read_card, switched_off
from services.ingest.understanding.units import expand_units
from services.vntext.fold import FOLD_TABLE
from services.vntext.units import directory, fold_unit

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "tagger.crfsuite"
CARD_PATH = MODEL_DIR / "tagger.json"

LABELS = ("O", "B-LEAD", "I-LEAD", "B-SUP", "I-SUP", "B-DUTY")

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
# a sentence ends at . ! ? before a capital (or a list marker); ';' stays inside (a semicolon series is one context)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ\-–+•\d])")
_NOI_NHAN = re.compile(r"^\s*(?:Nơi\s+nhận|NƠI\s+NHẬN)\b")
_KINH_GUI = re.compile(r"^\s*(?:Kính\s+gửi|KÍNH\s+GỬI)\b")
_LIST_ITEM = re.compile(r"^\s*(?:[-–+•*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[IVX]{1,5}\.)\s*")
_HEADER_LINE = re.compile(r"^\s*(?:Số\s*:|CỘNG\s+HÒA|CỘNG\s+HOÀ|Độc\s+lập|V/v\b|[^a-zà-ỹ]*$)")
_DATE_LINE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")

# folded cue words: a sentence without any of them carries no duty worth tagging (speed: most sentences are skipped)
_CUES = ("giao", "chu tri", "phoi hop", "de nghi", "yeu cau", "trach nhiem", "khan truong", "tham muu", "trien khai",
         "to chuc", "thuc hien", "chi dao", "huong dan", "kiem tra", "bao cao", "ra soat", "xay dung", "can ",
         "phai ", "tap trung", "theo doi", "don doc", "chu dong", "tiep tuc", "nghien cuu")
_CUE_RE = re.compile("|".join(re.escape(c) for c in _CUES))
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
    """One sentence (or list item) of the text that may carry a task: its offsets and tokens (offsets in the text)."""

    start: int
    end: int
    tokens: tuple[tuple[int, int], ...]
    item: bool  # starts a dashed / numbered / lettered item
    heading: bool  # the line ends with ':' (a lead-in to a list)


@dataclass(frozen=True)
class Span:
    kind: str  # "LEAD" or "SUP"
    start: int  # offsets in the text
    end: int
    prob: float  # mean marginal probability of its tags


def _body_lines(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each line that may carry a task: not the header block, the Kính gửi list or the Nơi nhận
    list (and nothing after it)."""
    pos = 0
    in_kinh_gui = False
    n = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        n += 1
        stripped = raw.strip()
        if not stripped:
            in_kinh_gui = False
            continue
        if _NOI_NHAN.match(raw):
            return
        if _KINH_GUI.match(raw):
            in_kinh_gui = True
            continue
        if in_kinh_gui:
            if stripped[0] in "-–+•" or len(stripped) < 60 and not stripped.endswith("."):
                continue
            in_kinh_gui = False
        if n <= 14 and (_HEADER_LINE.match(raw) or _DATE_LINE.search(raw) and len(stripped) < 80):
            continue
        yield start, end


def segments(text: str, max_tokens: int = 160, keep: Callable[[int, int], bool] | None = None) -> list[Segment]:
    """The sentences of the body that have a duty cue, tokenised (offsets in the text); with `keep`, only those
    whose (start, end) it accepts."""
    out: list[Segment] = []
    for ls, le in _body_lines(text):
        line = text[ls:le]
        heading = line.rstrip().endswith(":")
        cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(line)), len(line)]
        for i in range(len(cuts) - 1):
            a, b = cuts[i], cuts[i + 1]
            piece = line[a:b]
            if not _CUE_RE.search(fold_word(piece)):
                continue
            if keep is not None and not keep(ls + a, ls + b):
                continue
            toks = tuple((ls + a + m.start(), ls + a + m.end()) for m in _TOKEN.finditer(piece))
            if len(toks) < 3:
                continue
            toks = toks[:max_tokens]
            out.append(Segment(toks[0][0], toks[-1][1], toks, bool(_LIST_ITEM.match(piece)) if i == 0 or a else False,
                               heading and i == len(cuts) - 2))
    return out


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
    probs = [float(tagger.marginal(lab, i)) for i, lab in enumerate(labels)]
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
_DUTY_RE = re.compile("|".join(re.escape(c) for c in _DUTY))
_ACTION_LEAD = re.compile(r"^[\s,:;\-–]*(?:(?:có|chịu)\s+trách\s+nhiệm|chủ\s+trì|được\s+giao)?[\s,:;\-–]*")


# what may stand before a lead that opens its duty: a list marker, a request word (giao, đề nghị, yêu cầu) and "các"
_OPENING = re.compile(r"^[\s\-–+•*.)(\d]*(?:[a-zđ][.)]\s*)?(?:(?:[Gg]iao|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Cc]hỉ\s+đạo)"
                      r"(?:\s+(?:cho|đối\s+với))?\s*:?\s*)?$")


def _anchored(text: str, seg: Segment, start: int) -> bool:
    """The lead at `start` opens its sentence or item (the subject), or follows the request word that opens it."""
    return start - seg.start < 40 and _OPENING.match(text[seg.start:start]) is not None


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
            if not _DUTY_RE.search(fold_word(text[seg.start:seg.end])):
                continue
            leads = [s for s in spans if s.kind == "LEAD" and s.prob >= combo.add and
                     (not combo.anchored or _anchored(text, seg, s.start))]
            if not leads:
                continue
            sups = [text[s.start:s.end] for s in spans if s.kind == "SUP" and s.prob >= combo.add]
            for i, s in enumerate(leads):
                stop = leads[i + 1].start if i + 1 < len(leads) else seg.end
                action = text[s.end:stop]
                action = action[_ACTION_LEAD.match(action).end():].strip(" ,;:.") if action else ""  # type: ignore[union-attr]
                out.append(ExtractedTask(
                    lead=text[s.start:s.end], support=list(sups), action=action,
                    sentence=" ".join(text[seg.start:seg.end].split()), span=(seg.start, seg.end),
                    confidence=round(min(0.6, s.prob * 0.6), 2), review_reasons=[_REVIEW],
                    lead_units=expand_units(text[s.start:s.end]), support_units=[u for x in sups for u in expand_units(x)]))
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
        segs = segments(text, keep=lambda a, b: _needed(text, a, b, tasks, combo)) if combo is not None else segments(text)
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


def gate_probabilities(text: str, segs: Sequence[Segment], weights: dict[str, float]) -> list[float]:
    """Per tagger segment, the assign model's highest probability over its sentences that overlap it (0 for none);
    only those sentences are scored (speed: the model's features are most of its cost)."""
    asegs = assign_segments(text)
    starts = [a.start for a in asegs]
    memo: dict[int, float] = {}
    out: list[float] = []
    for seg in segs:
        best = 0.0
        k = max(0, bisect_right(starts, seg.start) - 1)
        while k < len(asegs) and asegs[k].start < seg.end:
            if asegs[k].end > seg.start:
                if k not in memo:
                    memo[k] = assign_probability(weights, assign_features(asegs, k))
                best = max(best, memo[k])
            k += 1
        out.append(best)
    return out


def combine(text: str, tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    """The rules' tasks, with the tagger's additions, splits and removals (the combination in use); the rules' tasks
    unchanged (nothing computed) when the tagger is off or missing."""
    combo = chosen()
    if combo.off:
        return tasks
    tagger = _tagger()
    if tagger is None:
        return tasks
    segs = segments(text, keep=lambda a, b: _needed(text, a, b, tasks, combo))
    gates = None
    if combo.gate is not None and combo.add is not None:
        # the gate first: a segment with no rule task that the assign model does not read as assigning is not tagged
        gate = combo.gate
        probs = gate_probabilities(text, segs, dict(assign_card().get("weights") or {}))
        kept = [(s, p) for s, p in zip(segs, probs, strict=True) if p >= gate or _overlapping(tasks, s.start, s.end)]
        segs, gates = [s for s, _ in kept], [p for _, p in kept]
    segs, tagged = run_tagger(tagger, text, tasks, combo, rule_features=card().get("rule_features", True), segs=segs)
    return apply(text, segs, tagged, tasks, combo, gates)
