"""Snippets with matches in <mark>, computed in Python so both engines highlight identically.

The text is HTML-escaped; only our own <mark>…</mark> tags are markup.  Matching is diacritic-insensitive on
syllables (the query terms are folded), so "quyet dinh" marks "quyết định".
"""
from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from services.search.analysis import TOKEN_RE, fold

FRAGMENT_CHARS = 200
MAX_FRAGMENTS = 3


def highlight(texts: Iterable[str | None], terms: set[str], max_fragments: int = MAX_FRAGMENTS,
              fragment_chars: int = FRAGMENT_CHARS) -> list[str]:
    """Up to ``max_fragments`` fragments containing matched terms, best (most distinct matches) first."""
    if not terms:
        return []
    candidates: list[tuple[int, int, int, str]] = []  # (-distinct, order, -count, html)
    order = 0
    for text in texts:
        if not text:
            continue
        text = unicodedata.normalize("NFC", text)
        hits = _matches(text, terms)
        if not hits:
            continue
        used_until = -1
        i = 0
        while i < len(hits):
            first = hits[i]
            if first.start < used_until:
                i += 1
                continue
            start = max(0, first.start - fragment_chars // 4)
            # start at a word boundary
            if start > 0:
                sp = text.rfind(" ", 0, start)
                start = sp + 1 if sp >= 0 and first.start - sp < fragment_chars // 2 else start
            end = min(len(text), start + fragment_chars)
            if end < len(text):
                sp = text.rfind(" ", start, end)
                end = sp if sp > first.end else end
            inside = [h for h in hits[i:] if h.start >= start and h.end <= end]
            parts: list[str] = ["…" if start > 0 else ""]
            pos = start
            for h in inside:
                parts.append(html.escape(text[pos:h.start], quote=True))
                parts.append("<mark>" + html.escape(text[h.start:h.end], quote=True) + "</mark>")
                pos = h.end
            parts.append(html.escape(text[pos:end], quote=True))
            parts.append("…" if end < len(text) else "")
            fragment = " ".join("".join(parts).split())
            distinct = len({h.text for h in inside})
            candidates.append((-distinct, order, -len(inside), fragment))
            order += 1
            used_until = end
            i += len(inside) or 1
            if order > 50:
                break
    candidates.sort(key=lambda c: (c[0], c[2], c[1]))
    return [c[3] for c in candidates[:max_fragments]]


@dataclass(frozen=True)
class _Match:
    text: str  # folded token
    start: int
    end: int


def _matches(text: str, terms: set[str]) -> list[_Match]:
    folded = fold(text)
    if len(folded) == len(text):  # fast path: fold the whole text once, offsets unchanged
        return [_Match(m.group(0), m.start(), m.end()) for m in TOKEN_RE.finditer(folded) if m.group(0) in terms]
    out: list[_Match] = []
    for m in TOKEN_RE.finditer(text):
        f = fold(m.group(0))
        if f in terms:
            out.append(_Match(f, m.start(), m.end()))
    return out
