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
    while k < len(text):
        um = match_units(text, k, support=True)
        if not um.ok:
            break
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
