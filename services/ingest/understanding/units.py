"""The units a directive names: the directory itself (canonical names, aliases) is services.vntext.units."""
from __future__ import annotations

import re
from functools import lru_cache

from services.ingest.understanding.task_units import match_units
from services.vntext.units import (
    UnitDirectory,
    canonical_name,
    canonical_unit,
    directory,
    fold_unit,
    is_known_unit,
)

__all__ = ["UnitDirectory", "canonical_name", "canonical_unit", "directory", "expand_units", "fold_unit",
           "is_known_unit"]


def expand_units(phrase: str) -> list[str]:
    """The units a phrase names, each by its canonical name: 'Các Sở: XD, KH&ĐT, TN&MT' -> three departments,
    'Sở Y tế, UBND các huyện' -> two. A phrase that names no recognisable unit comes back whole."""
    return list(_expand_units(phrase))  # a copy: callers may change their list


@lru_cache(maxsize=16384)
def _expand_units(phrase: str) -> tuple[str, ...]:
    return tuple(_expand_units_uncached(phrase))


def _expand_units_uncached(phrase: str) -> list[str]:
    text = re.sub(r"\s+", " ", phrase).strip(" ,;:.")
    if not text:
        return []
    out: list[str] = []
    k = 0
    head = ""  # the head of the last unit named ("Sở" of "Sở GTVT"), carried to bare names after it
    while k < len(text):
        um = match_units(text, k, support=True)
        if not um.ok:
            carried = _carried_head(text, k, head)
            if carried is None:
                break
            name, k = carried
            if name not in out:
                out.append(name)
            continue
        head = _head_of(text[k:um.end])
        for u in um.units:
            c = canonical_name(u)
            if c and c not in out:
                out.append(c)
        m = re.compile(r"[\s,;]*(?:và\s+)?").match(text, um.end)
        k = m.end() if m and m.end() > um.end else len(text)
        if k == um.end:
            break
    if not out or k < len(text) * 0.8:
        whole = canonical_name(text)
        return [whole] if not out else out
    return out


_PIECE = re.compile(r"([^,;]+?)\s*(?:[,;]\s*|\s+và\s+|$)")


def _head_of(written: str) -> str:
    """The factored head a named unit starts with ("Sở GTVT" -> "Sở"), or ''."""
    for h in directory().factored:
        if written.startswith(h + " "):
            return h
    return ""


def _carried_head(text: str, k: int, head: str) -> tuple[str, int] | None:
    """'Sở GTVT, TC, XD' (a Nơi nhận line): a bare name after a headed unit, read under that head when head + name is
    a unit the directory knows ("Sở TC" = Sở Tài chính). The canonical name and where the next piece starts."""
    if not head:
        return None
    m = _PIECE.match(text, k)
    if not m or len(m.group(1)) > 40:
        return None
    name = canonical_name(f"{head} {m.group(1).strip()}")
    if not name or not is_known_unit(name):
        return None
    return name, (m.end() if m.end() > k else len(text))
