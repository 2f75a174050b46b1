"""Snippets with matches in <mark>, computed in Python so both engines highlight identically.

The text is HTML-escaped; only our own <mark>…</mark> tags are markup.  ``terms`` (folded) match a syllable
whatever its diacritics, so "quyet dinh" marks "quyết định"; ``exact`` terms (what the user typed WITH diacritics,
tone placement normalised) mark only that spelling, so "Sở" marks "Sở" and never "số".
A long text is not folded as a whole: it is read in chunks of CHUNK_CHARS (folded, then an ASCII regex in C) until
MAX_MATCHES matches, or every term was seen often enough.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from services.search.analysis import TOKEN_RE, fold, normalize

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


CHUNK_CHARS = 4000
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
    """Matches in ``text`` (NFC), read chunk by chunk (each folded once, then an ASCII regex in C); stops at
    MAX_MATCHES, or once every term was seen often enough, so a long text is not folded as a whole."""
    targets = frozenset(terms) | frozenset(fold(t) for t in exact)
    pattern = _pattern(targets)
    out: list[_Match] = []
    seen: set[str] = set()
    pos, n = 0, len(text)
    while pos < n and len(out) < MAX_MATCHES:
        end = min(n, pos + CHUNK_CHARS)
        if end < n:  # end the chunk at a space so no token is cut
            sp = text.rfind(" ", pos + CHUNK_CHARS // 2, end)
            end = sp if sp > pos else end
        chunk = text[pos:end]
        folded = fold(chunk)
        if len(folded) == len(chunk):  # offsets unchanged
            for m in pattern.finditer(folded):
                f = m.group(0)
                a, b = m.span()
                if f in terms or _exact_ok(chunk[a:b], f, terms, exact):
                    out.append(_Match(f, pos + a, pos + b))
                    seen.add(f)
                    if len(out) >= MAX_MATCHES:
                        break
        else:  # marks NFC could not attach: token by token
            for m in TOKEN_RE.finditer(chunk):
                f = fold(m.group(0))
                if f in targets and _exact_ok(m.group(0), f, terms, exact):
                    out.append(_Match(f, pos + m.start(), pos + m.end()))
                    seen.add(f)
        pos = end
        if len(seen) == len(targets) and len(out) >= want_fragments * len(targets):
            break
    return out
    for m in TOKEN_RE.finditer(text):  # marks NFC could not attach: token by token
        f = fold(m.group(0))
        if f in targets and _exact_ok(m.group(0), f, terms, exact):
            out.append(_Match(f, m.start(), m.end()))
            if len(out) >= MAX_MATCHES:
                break
    return out
