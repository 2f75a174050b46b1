"""Vietnamese text analysis shared by every search engine.

Both engines receive *pre-analysed* text: this module turns a document or a query into lists of tokens, and the
engines index them as whitespace-separated strings in separate fields, so the embedded index (tantivy) and
Elasticsearch see exactly the same tokens and no engine-side analysis plug-in is needed.

Token streams (all lower case):

- ``syl``      syllables, NFC with normalised tone placement ("hoà" and "hòa" are the same token)
- ``fold``     the same syllables with diacritics removed ("đ" → "d")
- ``bi``       syllable bigrams joined by "_" ("quyết_định")
- ``fold_bi``  folded bigrams ("quyet_dinh")
- ``abbr``     abbreviation concept keys: "UBND" and "Ủy ban nhân dân" both yield "ubnd"

Abbreviations work both ways because documents and queries are mapped to the same concept keys.
"""
from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import Any

from services.vntext.fold import FOLD_TABLE, fold, strip_diacritics
from services.vntext.tones import normalize_syllable_tone

__all__ = [
    "ABBREVIATIONS",
    "AnalyzedText",
    "Token",
    "analyze",
    "analyze_fields",
    "bigrams",
    "expand_abbreviations",
    "fold",
    "key_of",
    "normalize",
    "normalize_tones",
    "strip_diacritics",
    "tokenize",
    "tokens_with_offsets",
]

# --------------------------------------------------------------------------------------------------------------
# Diacritics folding and tone placement: services.vntext (one fold for the whole project; its translation table is
# the hot path of indexing).
# --------------------------------------------------------------------------------------------------------------

_FOLD_TABLE = FOLD_TABLE  # the same table under its former name here (search's highlighter reads it)
_HAS_TONE_RE = re.compile("[\u0300\u0301\u0303\u0309\u0323àáãảạằắẵẳặầấẫẩậèéẽẻẹềếễểệìíĩỉịòóõỏọồốỗổộờớỡởợùúũủụừứữửựỳýỹỷỵ]",
                          re.IGNORECASE)


@lru_cache(maxsize=65536)
def _normalize_syllable(word: str) -> str:
    return normalize_syllable_tone(unicodedata.normalize("NFC", word))


_WORD_RE = re.compile(r"[^\W\d_]+")


def normalize_tones(text: str) -> str:
    """Put every tone mark on the vowel that carries it in the classic orthography ("hoà" → "hòa")."""
    return _WORD_RE.sub(lambda m: _normalize_syllable(m.group(0)) if _HAS_TONE_RE.search(m.group(0)) else m.group(0),
                        text)


# Compound abbreviations written in several ways are rewritten to one surface form before tokenising.
_COMPOUNDS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"\bL[ĐD]\s*[-–—]?\s*TB\s*(?:&|và|-)\s*XH\b", re.IGNORECASE),
     lambda m: "LĐTB&XH" if m.group(0)[1] in "Đđ" else "LDTB&XH"),
    (re.compile(r"\bVH\s*[,-]?\s*TT\s*(?:&|và|-)\s*DL\b", re.IGNORECASE), "VHTT&DL"),
    (re.compile(r"\b(TT|KH|TN|GD|NN)\s*&\s*(TT|ĐT|DT|MT|PTNT)\b", re.IGNORECASE), r"\1&\2"),
]
_COMPOUND_HINT_RE = re.compile(r"&|\b(?:L[ĐD]|VH)\b", re.IGNORECASE)
_STRAY_MARK_RE = re.compile("[\u0300-\u036f]")
_ODD_CHARS_RE = re.compile("[–—‐‑−\u00a0\u200b]")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " ", "\u200b": ""})


# the letters that match "L", "Đ", "D", "V" and "H" case-insensitively (_COMPOUND_HINT_RE) are these ASCII pairs and đ
_MAYBE_COMPOUND_RE = re.compile("[Ll][ĐđDd]|[Vv][Hh]")
_MAYBE_COMPOUND_PAIRS = tuple(a + b for a in "Ll" for b in "ĐđDd") + tuple(a + b for a in "Vv" for b in "Hh")
_ODD_OR_STRAY_RE = re.compile("[–—‐‑−\u00a0\u200b\u0300-\u036f]")  # _ODD_CHARS_RE or _STRAY_MARK_RE: one scan


def _maybe_compound(text: str) -> bool:
    """A cheap superset of _COMPOUND_HINT_RE without "&": whether the text holds one of the twelve pairs
    _MAYBE_COMPOUND_RE matches, by substring search (twelve memchr-driven scans of a real text take half the time
    of the regex's one, which has no literal to skip to)."""
    return any(pair in text for pair in _MAYBE_COMPOUND_PAIRS)


def _prepare(text: str) -> str:
    """NFC, dashes, stray combining marks, compound abbreviations — everything except tone placement."""
    text = unicodedata.normalize("NFC", text)
    if _ODD_OR_STRAY_RE.search(text):  # rare
        if _ODD_CHARS_RE.search(text):
            text = text.translate(_DASHES)
        if _STRAY_MARK_RE.search(text):  # marks NFC could not attach to a letter
            text = _STRAY_MARK_RE.sub("", text)
    if ("&" in text or _maybe_compound(text)) and _COMPOUND_HINT_RE.search(text):
        for pattern, repl in _COMPOUNDS:
            text = pattern.sub(repl, text)
    return text


def normalize(text: str) -> str:
    """NFC, tone placement, dashes and known compound abbreviations normalised (same length not guaranteed)."""
    return normalize_tones(_prepare(text))


# --------------------------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*(?:&[^\W_](?:[^\W_]|[\u0300-\u036f])*)*")
_TOKEN_RE = re.compile(r"[^\W_]+(?:&[^\W_]+)*")  # after _prepare: no stray combining marks left
_NORM_CACHE: dict[str, str] = {}
_FOLD_CACHE: dict[str, str] = {}
_CACHE_MAX = 500_000


def _norm_token(raw: str) -> str:
    out = _NORM_CACHE.get(raw)
    if out is None:
        if len(_NORM_CACHE) > _CACHE_MAX:
            _NORM_CACHE.clear()
        out = _NORM_CACHE[raw] = normalize_tones(raw) if _HAS_TONE_RE.search(raw) else raw
    return out


def fold_token(token: str) -> str:
    """``fold`` for a token that is already NFC and lower case (cached: the hot path of indexing)."""
    out = _FOLD_CACHE.get(token)
    if out is None:
        if len(_FOLD_CACHE) > _CACHE_MAX:
            _FOLD_CACHE.clear()
        out = _FOLD_CACHE[token] = token.translate(FOLD_TABLE)
    return out


# Characters that only ever separate tokens (not letters, digits, "&" nor "_"), the most frequent in real text first:
# replacing them by spaces leaves the tokens unchanged, and most words are then runs of letters and digits alone.
_SEPARATORS = (",", ".", ";", ")", "(", ":", "-", "|", "/", '"', "]", "[", "…", "%", "#", "^", "“", "”")


def _raw_tokens(prepared: str) -> list[str]:
    """``_TOKEN_RE.findall(prepared)``, faster: a token never spans white space, so the regex runs only on the
    words (white-space separated, the common separators blanked) that are not all letters and digits — a word
    that is (``str.isalnum``: the regex's ``[^\\W_]``) is one token."""
    for sep in _SEPARATORS:
        if sep in prepared:
            prepared = prepared.replace(sep, " ")
    words = prepared.split()
    alnum = list(map(str.isalnum, words))
    if all(alnum):
        return words
    for i in reversed(list(compress(range(len(words)), map(operator.not_, alnum)))):  # few: spliced in place
        words[i:i + 1] = _TOKEN_RE.findall(words[i])
    return words


def tokenize(text: str) -> list[str]:
    """Lower-case syllable tokens of normalised text ("Sở TT&TT" → ["sở", "tt&tt"])."""
    raw = _raw_tokens(_prepare(text).lower())
    out = list(map(_NORM_CACHE.get, raw))  # C speed; the few tokens not cached yet are normalised below
    if None in out:
        out = [t if t is not None else _norm_token(r) for t, r in zip(out, raw, strict=True)]
    return out  # type: ignore[return-value]


@dataclass(frozen=True)
class Token:
    text: str  # normalised lower-case token
    start: int  # offsets in the ORIGINAL string
    end: int


def tokens_with_offsets(text: str) -> list[Token]:
    """Tokens with offsets into the original text (used for highlighting)."""
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        out.append(Token(normalize(m.group(0)).lower(), m.start(), m.end()))
    return out


def bigrams(tokens: Sequence[str]) -> list[str]:
    return list(map("_".join, zip(tokens, tokens[1:], strict=False)))


# --------------------------------------------------------------------------------------------------------------
# Abbreviations
# --------------------------------------------------------------------------------------------------------------

# concept key (folded abbreviation) -> full form.  Keys are what users type; the full form is what is written.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân",
    "hdnd": "hội đồng nhân dân",
    "tt&tt": "thông tin và truyền thông",
    "kh&dt": "kế hoạch và đầu tư",
    "tn&mt": "tài nguyên và môi trường",
    "nn&ptnt": "nông nghiệp và phát triển nông thôn",
    "gd&dt": "giáo dục và đào tạo",
    "ldtb&xh": "lao động thương binh và xã hội",
    "vhtt&dl": "văn hóa thể thao và du lịch",
    "gtvt": "giao thông vận tải",
    "khcn": "khoa học và công nghệ",
    "cntt": "công nghệ thông tin",
    "mttq": "mặt trận tổ quốc",
    "bch": "ban chấp hành",
    "tw": "trung ương",
    "vpcp": "văn phòng chính phủ",
    "ttg": "thủ tướng",
    "cp": "chính phủ",
    "qd": "quyết định",
    "tb": "thông báo",
    "nd": "nghị định",
    "nq": "nghị quyết",
    "tt": "thông tư",
    "ct": "chỉ thị",
    "kh": "kế hoạch",
    "cv": "công văn",
    "bc": "báo cáo",
    "tp": "thành phố",
    "atgt": "an toàn giao thông",
    "pccc": "phòng cháy chữa cháy",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "qsdd": "quyền sử dụng đất",
    "gcn": "giấy chứng nhận",
    "ndt": "nhà đầu tư",
}

_ABBR_FULL_FOLDED: dict[str, tuple[str, ...]] = {k: tuple(fold(v).split()) for k, v in ABBREVIATIONS.items()}
# first folded syllable of a full form -> [(folded syllables, key)], longest first
_FULL_INDEX: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _k, _full in sorted(_ABBR_FULL_FOLDED.items(), key=lambda kv: -len(kv[1])):
    _FULL_INDEX.setdefault(_full[0], []).append((_full, _k))


_ABBR_STARTS = frozenset(_FULL_INDEX) | frozenset(_ABBR_FULL_FOLDED)


@dataclass(frozen=True)
class AbbrMatch:
    key: str
    start: int  # token index range [start, end)
    end: int
    written_short: bool  # the abbreviation itself was written (else the full form)


def find_abbreviations(folded: Sequence[str]) -> list[AbbrMatch]:
    """Abbreviations and full forms in a folded token sequence (greedy, longest full form first)."""
    return _scan_abbreviations(folded, [i for i, t in enumerate(folded) if t in _ABBR_STARTS])


def _scan_abbreviations(folded: Sequence[str], starts: Iterable[int]) -> list[AbbrMatch]:
    """The greedy scan of `find_abbreviations` from the given candidate positions (ascending): a full form
    (longest first) or a written abbreviation at each, skipping positions inside the last match."""
    out: list[AbbrMatch] = []
    end = 0
    for i in starts:
        if i < end:
            continue
        tok = folded[i]
        for full, key in _FULL_INDEX.get(tok, ()):
            m = len(full)
            if tuple(folded[i:i + m]) == full:
                out.append(AbbrMatch(key, i, i + m, False))
                end = i + m
                break
        else:
            if tok in _ABBR_FULL_FOLDED:
                out.append(AbbrMatch(tok, i, i + 1, True))
                end = i + 1
    return out


_ABBR_RE = re.compile(
    "(?<![^ ])(?:" + "|".join(re.escape(" ".join(f)) for f in sorted(
        {*(full for full in _ABBR_FULL_FOLDED.values()), *((k,) for k in _ABBR_FULL_FOLDED)},
        key=lambda f: (-len(f), f))) + ")(?![^ ])")
_ABBR_OF: dict[str, str] = {**{k: k for k in _ABBR_FULL_FOLDED}, **{" ".join(f): k for k, f in _ABBR_FULL_FOLDED.items()}}


# the first two syllables of every full form (all have at least two), joined as in the folded bigrams
_FULL_HEADS = frozenset(f"{full[0]}_{full[1]}" for full in _ABBR_FULL_FOLDED.values())
_ABBR_KEYS = frozenset(_ABBR_FULL_FOLDED)


def _abbreviation_keys_re(folded: Sequence[str]) -> list[str]:
    """The concept keys of ``find_abbreviations(folded)``, in order (one regex pass over the joined tokens): the
    reference ``abbreviation_keys`` is checked against."""
    if _ABBR_STARTS.isdisjoint(folded):
        return []
    return [_ABBR_OF[m] for m in _ABBR_RE.findall(" ".join(folded))]


def abbreviation_keys(folded: Sequence[str], fold_bi: Sequence[str] | None = None) -> list[str]:
    """The concept keys of ``find_abbreviations(folded)``, in order.  ``fold_bi``: the folded bigrams of the same
    tokens when the caller has them: only a token that is a key, or starts a bigram that starts a full form, can
    start a match (found at C speed), so the greedy scan visits a handful of positions, not every token."""
    if len(folded) < 2:
        return [folded[0]] if folded and folded[0] in _ABBR_KEYS else []
    if fold_bi is None:
        fold_bi = list(map("_".join, zip(folded, folded[1:], strict=False)))
    starts = list(compress(range(len(fold_bi)), map(_FULL_HEADS.__contains__, fold_bi)))
    if not _ABBR_KEYS.isdisjoint(folded):
        starts = sorted({*starts, *compress(range(len(folded)), map(_ABBR_KEYS.__contains__, folded))})
    return [m.key for m in _scan_abbreviations(folded, starts)]


def expand_abbreviations(tokens: Sequence[str]) -> list[str]:
    """Replace abbreviation tokens by the syllables of their full form (folded input and output)."""
    out: list[str] = []
    for t in tokens:
        full = _ABBR_FULL_FOLDED.get(t)
        out.extend(full if full else (t,))
    return out


@lru_cache(maxsize=65536)
def key_of(value: str) -> str:
    """Exact-match key for facet values (type, issuer, unit): abbreviations expanded, folded, lower case.

    "UBND tỉnh Nghệ An" and "Ủy ban nhân dân tỉnh Nghệ An" share the key "uy ban nhan dan tinh nghe an".
    """
    return " ".join(expand_abbreviations([fold(t) for t in tokenize(value)]))


@lru_cache(maxsize=65536)
def _key_tokens(value: str) -> tuple[str, ...]:
    return tuple(expand_abbreviations([fold(t) for t in tokenize(value)]))


def key_tokens(value: str) -> list[str]:
    """Folded tokens with abbreviations expanded (the ``*_tok`` fields used by field:value queries)."""
    return list(_key_tokens(value))


# --------------------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------------------


@dataclass
class AnalyzedText:
    syl: list[str] = field(default_factory=list)
    fold: list[str] = field(default_factory=list)
    bi: list[str] = field(default_factory=list)
    fold_bi: list[str] = field(default_factory=list)
    abbr: list[str] = field(default_factory=list)

    def as_fields(self, prefix: str = "") -> dict[str, str]:
        return {
            f"{prefix}syl": " ".join(self.syl),
            f"{prefix}fold": " ".join(self.fold),
            f"{prefix}bi": " ".join(self.bi),
            f"{prefix}fold_bi": " ".join(self.fold_bi),
            f"{prefix}abbr": " ".join(self.abbr),
        }


def analyze(parts: Iterable[str | None]) -> AnalyzedText:
    """Analyse text parts (e.g. subject and body).  Bigrams do not cross part boundaries."""
    out = AnalyzedText()
    for part in parts:
        if not part:
            continue
        syl = tokenize(part)
        folded = list(map(_FOLD_CACHE.get, syl))
        if None in folded:
            folded = [f if f is not None else fold_token(t) for f, t in zip(folded, syl, strict=True)]
        out.syl.extend(syl)
        out.fold.extend(folded)  # type: ignore[arg-type]
        out.bi.extend(map("_".join, zip(syl, syl[1:], strict=False)))
        fold_bi = list(map("_".join, zip(folded, folded[1:], strict=False)))  # type: ignore[arg-type]
        out.fold_bi.extend(fold_bi)
        out.abbr.extend(abbreviation_keys(folded, fold_bi))  # type: ignore[arg-type]
    return out


def _bigram_string(tokens: list[str]) -> str:
    """``" ".join(bigrams(tokens))`` for two tokens or more, without a string per bigram: the tokens, "_" and " "
    laid out by slice assignment and joined once (half the time of joining each pair)."""
    n = len(tokens)
    parts = ["_"] * (4 * n - 5)  # a _ b ␣ b _ c ␣ … _ z
    parts[0::4] = tokens[:-1]
    parts[2::4] = tokens[1:]
    parts[3::4] = [" "] * (n - 2)
    return "".join(parts)


_HEAD_PAIRS = frozenset((full[0], full[1]) for full in _ABBR_FULL_FOLDED.values())


def _abbreviation_keys_fast(folded: list[str]) -> list[str]:
    """``abbreviation_keys(folded)`` without the folded bigram list: the positions where a token is a key or the
    first syllable of a full form are found at C speed, and only those whose next token is the full form's second
    syllable (or that are a key) start the greedy scan — the candidates of ``abbreviation_keys``, so the same
    matches."""
    if _ABBR_STARTS.isdisjoint(folded):
        return []
    last = len(folded) - 1
    starts = [i for i in compress(range(len(folded)), map(_ABBR_STARTS.__contains__, folded))
              if folded[i] in _ABBR_KEYS or (i < last and (folded[i], folded[i + 1]) in _HEAD_PAIRS)]
    return [m.key for m in _scan_abbreviations(folded, starts)] if starts else []


def analyze_fields(parts: Iterable[str | None], prefix: str = "") -> dict[str, str]:
    """``analyze(parts).as_fields(prefix)`` without the intermediate token lists (the indexing hot path): each
    part's fields are joined once, and the parts' strings then joined, skipping the empty ones."""
    syl_s: list[str] = []
    fold_s: list[str] = []
    bi_s: list[str] = []
    fold_bi_s: list[str] = []
    abbr: list[str] = []
    for part in parts:
        if not part:
            continue
        syl = tokenize(part)
        if not syl:
            continue
        folded = list(map(_FOLD_CACHE.get, syl))  # C speed; the few tokens not cached yet are folded below
        if None in folded:
            folded = [f if f is not None else fold_token(t) for f, t in zip(folded, syl, strict=True)]
        syl_s.append(" ".join(syl))
        fold_s.append(" ".join(folded))
        if len(syl) > 1:
            bi_s.append(_bigram_string(syl))
            fold_bi_s.append(_bigram_string(folded))
        abbr.extend(_abbreviation_keys_fast(folded))
    return {
        f"{prefix}syl": " ".join(syl_s),
        f"{prefix}fold": " ".join(fold_s),
        f"{prefix}bi": " ".join(bi_s),
        f"{prefix}fold_bi": " ".join(fold_bi_s),
        f"{prefix}abbr": " ".join(abbr),
    }
