"""Syllables glued together by a bad conversion ("tậptrung", "Bộ Kếhoạch", "nhân dâncác"): read apart, reported as
written.

Some published texts lost the space between two syllables here and there (an HTML export, a PDF copy). The rules
read words, so such a text is read with the spaces put back (a glued word is one that is not a Vietnamese syllable
but splits into two that are), and what the rules report is mapped back to the text as written, so every span
still comes from the text. A text with fewer than three glued words is read as it is (a place name such as "Prông"
is not a reason to touch anything).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

from services.vntext.syllable import is_syllable

_WORD = re.compile(r"[^\W\d_]{4,}")
_MIN_GLUED = 3
_PROBE = 20000  # characters looked at first: a text without glued words there is read as it is


@lru_cache(maxsize=65536)
def _split(word: str) -> int:
    """Where a glued word splits into two syllables; 0 when it is a syllable, a loan word or no such split exists."""
    if word.isascii():
        return 0
    low = word.lower()
    if is_syllable(low):
        return 0
    for k in range(len(low) - 1, 0, -1):  # the longest first syllable first
        if is_syllable(low[:k]) and is_syllable(low[k:]):
            return k
    return 0


def _cuts(text: str, limit: int | None = None) -> list[int]:
    out: list[int] = []
    for m in _WORD.finditer(text, 0, len(text) if limit is None else min(len(text), limit)):
        k = _split(m.group(0))
        if k:
            out.append(m.start() + k)
    return out


class Unglued:
    """The text with spaces put back, and the way back to the text as written."""

    def __init__(self, text: str, cuts: list[int]) -> None:
        self.original = text
        parts: list[str] = []
        last = 0
        for c in cuts:
            parts += [text[last:c], " "]
            last = c
        parts.append(text[last:])
        self.text = "".join(parts)
        self._spaces = [c + r for r, c in enumerate(cuts)]  # where the inserted spaces sit in self.text
        self._norm_orig = " ".join(text.split())
        # index in the whitespace-normalised spaced text -> index in the whitespace-normalised original: by the
        # inserted spaces' places (_marks) where every cut lies between two non-space characters, else one by one
        marks = _marks(text, cuts)
        self._marks: list[int] = []
        self._back: list[int] | None = None
        if marks is not None:
            self._norm_text, self._marks = marks
        else:
            self._norm_text = " ".join(self.text.split())
            back = _back_fast(text, cuts, self._norm_text) if "\0" not in text else None
            self._back = back if back is not None else _back_slow(self._norm_text, self._norm_orig)

    def _back_at(self, k: int) -> int:
        if self._back is not None:
            return self._back[k]
        return k - bisect.bisect_left(self._marks, k)  # = _back_fast's list at k (see _marks)

    def offset(self, k: int) -> int:
        """An offset of the spaced text as an offset of the original."""
        return k - bisect.bisect_left(self._spaces, k)

    def phrase(self, s: str | None, near: int = 0) -> str | None:
        """A (whitespace-normalised) phrase of the spaced text as written in the original."""
        if not s:
            return s
        a = self._norm_text.find(s, near)
        if a < 0:
            a = self._norm_text.find(s)
        if a < 0:
            return s
        b = a + len(s)
        return self._norm_orig[self._back_at(a):self._back_at(b - 1) + 1]

    def where(self, s: str) -> int:
        k = self._norm_text.find(s)
        return max(k, 0)


# Whitespace-separated pieces known to hold no glued word (a word of _WORD never holds white space, so it lies inside
# one piece, and the words of a text are those of its pieces): most pieces of a new text were seen in earlier texts.
_CLEAN: set[str] = set()
_CLEAN_MAX = 100_000


def _glued_in(piece: str) -> int:
    return sum(1 for w in _WORD.findall(piece) if _split(w))


def _glued_count(text: str, limit: int) -> int:
    """How many glued words the first `limit` characters hold (the same count as len(_cuts(text, limit))), each
    distinct piece between white space looked at once (splitting at white space costs less than the word pattern)."""
    pieces = text[:limit].split()
    if _CLEAN.issuperset(pieces):
        return 0  # every piece seen clean before (no set of the pieces to build: the common case in a running worker)
    glued: dict[str, int] = {}
    for piece in set(pieces).difference(_CLEAN):
        n = _glued_in(piece)
        if n:
            glued[piece] = n
        elif len(_CLEAN) < _CLEAN_MAX:
            _CLEAN.add(piece)
    if not glued:
        return 0
    counts = Counter(pieces)
    return sum(n * counts[piece] for piece, n in glued.items())


def _back_slow(norm_text: str, norm_orig: str) -> list[int]:
    back: list[int] = []
    j = 0
    for ch in norm_text:
        if j < len(norm_orig) and norm_orig[j] == ch:
            back.append(j)
            j += 1
        else:
            back.append(j)  # an inserted space: it stands where the glued word goes on
    return back


def _marked(text: str, cuts: list[int]) -> str:
    """The text with "\0" inserted at each cut, whitespace-normalised (one copy for _marks and _back_fast)."""
    parts: list[str] = []
    last = 0
    for c in cuts:
        parts += [text[last:c], "\0"]
        last = c
    parts.append(text[last:])
    return " ".join("".join(parts).split())


def _marks(text: str, cuts: list[int]) -> tuple[str, list[int]] | None:
    """The whitespace-normalised spaced text and where its inserted spaces sit, without building the spaced text
    twice nor a list entry per character. Each cut must lie between two characters that are not white space (and
    after the cut before it): then the inserted spaces are single spaces between words, whitespace normalisation keeps
    them, and the normalised text is the normalised text marked with "\0" at the cuts, each "\0" a space. _back_fast
    maps index k to k minus the marks before k, which is what `Unglued._back_at` computes. None otherwise (or when
    the text holds "\0")."""
    if "\0" in text:
        return None
    last = 0
    for c in cuts:
        if c <= last or c >= len(text) or text[c - 1].isspace() or text[c].isspace():
            return None
        last = c
    marked = _marked(text, cuts)
    places: list[int] = []
    at = marked.find("\0")
    while at >= 0:
        places.append(at)
        at = marked.find("\0", at + 1)
    return marked.replace("\0", " "), places


def _back_fast(text: str, cuts: list[int], norm_text: str) -> list[int] | None:
    """What _back_slow computes, by ranges: a cut lies inside a word (letters on both sides), so whitespace
    normalisation keeps every inserted space, and each character of the spaced text maps to its index minus the
    inserted spaces before it (an inserted space to the character after it). None when that does not hold."""
    marked = _marked(text, cuts)
    if marked.replace("\0", " ") != norm_text:
        return None
    back: list[int] = []
    prev = shift = 0
    at = marked.find("\0")
    while at >= 0:
        back.extend(range(prev - shift, at - shift))
        back.append(at - shift)
        shift += 1
        prev = at + 1
        at = marked.find("\0", prev)
    back.extend(range(prev - shift, len(marked) - shift))
    return back


def unglue(text: str) -> Unglued | None:
    """The text read apart, or None when it has (almost) no glued words."""
    if _glued_count(text, _PROBE) < _MIN_GLUED:
        return None
    cuts = _cuts(text)
    return Unglued(text, cuts) if len(cuts) >= _MIN_GLUED else None
