"""Snippets with matches in <mark>, computed in Python so both engines highlight identically.

The text is HTML-escaped; only our own <mark>…</mark> tags are markup.  Matching is diacritic-insensitive on
syllables (the query terms are folded), so "quyet dinh" marks "quyết định".
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from services.search.analysis import TOKEN_RE, fold

FRAGMENT_CHARS = 200
MAX_FRAGMENTS = 3
MAX_CHARS = 30_000  # snippets come from the beginning of very long documents


def highlight(texts: Iterable[str | None], terms: set[str], max_fragments: int = MAX_FRAGMENTS,
              fragment_chars: int = FRAGMENT_CHARS) -> list[str]:
    """Up to ``max_fragments`` fragments containing matched terms, best (most distinct matches) first."""
    if not terms:
        return []
    # choose windows first (cheap: offsets only), render the best few
    windows: list[tuple[int, int, int, int, int, str, list[_Match]]] = []  # (-distinct, -count, order, ...)
    order = 0
    for text in texts:
        if not text:
            continue
        text = unicodedata.normalize("NFC", text[:MAX_CHARS])
        hits = _matches(text, terms)
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


def _render(text: str, start: int, end: int, inside: list[_Match]) -> str:
    parts: list[str] = ["…" if start > 0 else ""]
    pos = start
    for h in inside:
        parts.append(html.escape(text[pos:h.start], quote=True))
        parts.append("<mark>" + html.escape(text[h.start:h.end], quote=True) + "</mark>")
        pos = h.end
    parts.append(html.escape(text[pos:end], quote=True))
    parts.append("…" if end < len(text) else "")
    return " ".join("".join(parts).split())


@dataclass(frozen=True)
class _Match:
    text: str  # folded token
    start: int
    end: int


@lru_cache(maxsize=256)
def _pattern(terms: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])")


def _matches(text: str, terms: set[str]) -> list[_Match]:
    folded = fold(text)
    if len(folded) == len(text):  # fast path: fold the whole text once, offsets unchanged, regex in C
        return [_Match(m.group(0), m.start(), m.end()) for m in _pattern(frozenset(terms)).finditer(folded)]
    out: list[_Match] = []
    for m in TOKEN_RE.finditer(text):
        f = fold(m.group(0))
        if f in terms:
            out.append(_Match(f, m.start(), m.end()))
    return out
