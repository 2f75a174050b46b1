"""Snippets with matches in <mark>, computed in Python so both engines highlight identically.

The text is HTML-escaped; only our own <mark>…</mark> tags are markup.  ``terms`` (folded) match a syllable
whatever its diacritics, so "quyet dinh" marks "quyết định"; ``exact`` terms (what the user typed WITH diacritics,
tone placement normalised) mark only that spelling, so "Sở" marks "Sở" and never "số".
The text is never folded: the folded terms become one regex whose letters match every accented form, run in C over
the original text and stopped after MAX_MATCHES matches, or once every term was seen often enough.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from services.search.analysis import _FOLD_TABLE, fold, normalize

FRAGMENT_CHARS = 200
MAX_FRAGMENTS = 3
MAX_CHARS = 30_000  # snippets come from the beginning of very long documents


def highlight(texts: Iterable[str | None], terms: set[str], max_fragments: int = MAX_FRAGMENTS,
              fragment_chars: int = FRAGMENT_CHARS, exact: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Up to ``max_fragments`` fragments containing matched terms, best (most distinct matches) first."""
    if not terms and not exact:
        return []
    # choose windows first (cheap: offsets only), render the best few
    windows: list[tuple[int, int, int, int, int, str, list[_Match]]] = []  # (-distinct, -count, order, ...)
    order = 0
    for text in texts:
        if not text:
            continue
        text = unicodedata.normalize("NFC", text[:MAX_CHARS])
        hits = _matches(text, terms, exact, max_fragments)
        i = 0
        while i < len(hits) and order < MAX_WINDOWS:
            first = hits[i]
            start = max(0, first.start - fragment_chars // 4)
            if start > 0:  # start at a word boundary
                sp = text.rfind(" ", 0, start)
                start = sp + 1 if sp >= 0 and first.start - sp < fragment_chars // 2 else start
            end = min(len(text), start + fragment_chars)
            if end < len(text):
                sp = text.rfind(" ", start, end)
                end = sp if sp > first.end else end
            j = i
            while j < len(hits) and hits[j].end <= end:
                j += 1
            inside = hits[i:j] or [first]
            windows.append((-len({h.text for h in inside}), -len(inside), order, start, end, text, inside))
            order += 1
            i = max(j, i + 1)
    windows.sort(key=lambda w: (w[0], w[1], w[2]))
    return [_render(text, start, end, inside) for _, _, _, start, end, text, inside in windows[:max_fragments]]


MAX_WINDOWS = 200


_OPEN, _CLOSE = "\x00", "\x01"  # stand for <mark> and </mark> while a window is escaped in one call


def _render(text: str, start: int, end: int, inside: list[_Match]) -> str:
    """The window text[start:end] escaped, its matches in <mark>, whitespace collapsed.  Built with a control
    character for each tag and escaped once (html.escape maps character by character, and neither control
    character is whitespace or escaped), unless the window itself holds one of them."""
    window = text[start:max(end, inside[-1].end)] if inside else text[start:end]
    if _OPEN not in window and _CLOSE not in window:
        parts = ["…" if start > 0 else ""]
        pos = start
        for h in inside:
            parts += (text[pos:h.start], _OPEN, text[h.start:h.end], _CLOSE)
            pos = h.end
        parts += (text[pos:end], "…" if end < len(text) else "")
        out = html.escape("".join(parts), quote=True).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
        return " ".join(out.split())
    return _render_parts(text, start, end, inside)


def _render_parts(text: str, start: int, end: int, inside: list[_Match]) -> str:
    parts: list[str] = ["…" if start > 0 else ""]
    pos = start
    for h in inside:
        parts.append(html.escape(text[pos:h.start], quote=True))
        parts.append("<mark>" + html.escape(text[h.start:h.end], quote=True) + "</mark>")
        pos = h.end
    parts.append(html.escape(text[pos:end], quote=True))
    parts.append("…" if end < len(text) else "")
    return " ".join("".join(parts).split())


class _Match(NamedTuple):
    """A match: its folded token and its span in the text (a named tuple: made by the thousand per page)."""

    text: str  # folded token
    start: int
    end: int


def _build_variants() -> dict[str, str]:
    """Folded lower-case character → a regex class of every character that folds to it (any case, any mark)."""
    out: dict[str, set[str]] = {}
    for cp, base in _FOLD_TABLE.items():
        if base:
            out.setdefault(base.lower(), set()).add(chr(cp))
    for c in "abcdefghijklmnopqrstuvwxyz":
        out.setdefault(c, set()).update((c, c.upper()))
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in out.items()}


_VARIANTS = _build_variants()
_MARKS = "[\u0300-\u036f]*"
_STRAY_MARK_RE = re.compile("[\u0300-\u036f]")


def _lower_variants() -> dict[str, str]:
    """The classes of ``_VARIANTS`` for LOWER-CASED text: each class without the characters lower() removes, so a
    pattern is half as long and compiles several times faster."""
    out: dict[str, str] = {}
    for k, cls in _VARIANTS.items():
        chars = sorted({c.lower() for c in cls[1:-1] if len(c.lower()) == 1})
        out[k] = "[" + "".join(chars) + "]"
    return out


_LOWER_VARIANTS = _lower_variants()


@lru_cache(maxsize=8192)
def _term_pattern(term: str) -> re.Pattern[str]:
    """A folded term as a regex over the ORIGINAL (NFC) text: each letter matches all its accented forms (and a
    mark NFC could not attach), so the text is never folded.  One pattern per term, cached: compiling these
    classes costs far more than scanning a page of text, and the words of a language recur."""
    body = "".join(_VARIANTS.get(c, re.escape(c)) + _MARKS for c in term)
    # a leading look-ahead on the possible first characters lets the scan skip most positions cheaply
    first = _VARIANTS.get(term[0], re.escape(term[0])).strip("[]")
    return re.compile(rf"(?=[{first}])(?<![^\W_]){body}(?![^\W_])")


@lru_cache(maxsize=16384)
def _lower_pattern(term: str) -> re.Pattern[str]:
    """``_term_pattern`` for lower-cased text without stray combining marks (the usual case): the same matches,
    at a fraction of the compile and scan cost."""
    first = _LOWER_VARIANTS.get(term[0], re.escape(term[0]))
    body = "".join(_LOWER_VARIANTS.get(c, re.escape(c)) for c in term[1:])
    # the first character's class leads (the regex engine then skips non-candidates in C); the word boundary
    # before it is checked after it, on the two characters behind
    return re.compile(rf"(?s){first}(?<![^\W_].){body}(?![^\W_])")


# the characters besides k itself in the class of a folded letter k: when the text holds none of them, a term
# starting with k is looked for with k itself leading (a literal the regex engine finds several times faster than a
# class), the same matches
_OTHERS: dict[str, tuple[str, ...]] = {k: tuple(c for c in cls[1:-1] if c != k) for k, cls in _LOWER_VARIANTS.items()
                                       if k in cls[1:-1] and len(k) == 1}


@lru_cache(maxsize=16384)
def _literal_pattern(term: str) -> re.Pattern[str]:
    """``_lower_pattern`` with the term's first letter itself instead of its class (for texts without the others)."""
    body = "".join(_LOWER_VARIANTS.get(c, re.escape(c)) for c in term[1:])
    return re.compile(rf"(?s){re.escape(term[0])}(?<![^\W_].){body}(?![^\W_])")


def _scan_pattern(target: str, lowered: str, absent: dict[str, bool]) -> re.Pattern[str]:
    others = _OTHERS.get(target[0])
    if others is None:
        return _lower_pattern(target)
    plain = absent.get(target[0])
    if plain is None:
        plain = absent[target[0]] = not any(c in lowered for c in others)
    return _literal_pattern(target) if plain else _lower_pattern(target)


_FOLDED: dict[str, str] = {}


def _fold_match(token: str) -> str:
    out = _FOLDED.get(token)
    if out is None:
        if len(_FOLDED) > 100_000:
            _FOLDED.clear()
        out = _FOLDED[token] = fold(token)
    return out


SCAN_CHARS = 10_000  # past this, a long text is read on only until a few matches were found
MAX_MATCHES = 120  # the best windows are among the first matches: common query words match everywhere
_NORM: dict[str, str] = {}


def _exact_ok(token: str, folded: str, terms: set[str], exact: set[str] | frozenset[str]) -> bool:
    if folded in terms:
        return True
    if not exact:
        return False
    norm = _NORM.get(token)
    if norm is None:
        if len(_NORM) > 100_000:
            _NORM.clear()
        norm = _NORM[token] = normalize(token).lower()
    return norm in exact


def _matches(text: str, terms: set[str], exact: set[str] | frozenset[str] = frozenset(),
             want_fragments: int = MAX_FRAGMENTS) -> list[_Match]:
    """Matches in ``text`` (NFC), in order: each term's accent-insensitive regex over the original text, read
    lazily — a term stops after its share of MAX_MATCHES, or once found far into a long text — so a long text is
    neither folded nor read whole."""
    # the exact words folded through the cache (once per query word, not per hit)
    targets = sorted({t for t in terms if t} | {f for t in exact if (f := _fold_match(t))})
    if not targets:
        return []
    cap = 2 * want_fragments + 2
    found: list[tuple[int, int, str]] = []  # (start, -end, folded token)
    # lower-cased text keeps every offset when no character changes length and no stray mark is left
    lowered = text.lower()
    fast = len(lowered) == len(text) and not _stray_marks(text)
    folded_of, append = _FOLDED.get, found.append
    absent: dict[str, bool] = {}  # first letter → the text holds none of its class's other characters
    for target in targets:
        n = 0
        for m in (_scan_pattern(target, lowered, absent).finditer(lowered) if fast
                  else _term_pattern(target).finditer(text)):
            s, e = m.span()
            token = text[s:e]
            f = folded_of(token)
            if f is None:
                f = _fold_match(token)
            if f in terms or _exact_ok(token, f, terms, exact):
                append((s, -e, f))
                n += 1
                if n >= cap or s > SCAN_CHARS:
                    break  # enough of this term, or far into a long text
    found.sort(key=_SPAN)  # stable: equal spans keep the order of the targets
    out: list[_Match] = []
    end = -1
    for s, neg_e, f in found:  # "tt" inside "tt&tt": the longer match wins
        if s >= end:
            end = -neg_e
            out.append(_Match(f, s, end))
            if len(out) == MAX_MATCHES:
                break
    return out


_SPAN = itemgetter(0, 1)


def _stray_marks(text: str) -> bool:
    """Whether the text holds a combining mark (U+0300–U+036F, left by NFC where no letter takes it).  In UTF-8
    every character of U+0300–U+037F, and no other, starts with the byte CC or CD: two byte searches (memchr)
    answer for almost every text, several times faster than the regex over its characters, which decides the
    rest."""
    raw = text.encode("utf-8", "surrogatepass")
    return (b"\xcc" in raw or b"\xcd" in raw) and _STRAY_MARK_RE.search(text) is not None
