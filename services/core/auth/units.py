"""Unit keys: the folded canonical name that ties a user's unit to the units named in documents."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from services.vntext import fold, normalize_tones
from services.vntext.units import canonical_unit


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(text))).strip()


@lru_cache(maxsize=16384)  # pure (the unit directory ships with the code): ingest and briefing ask for the same names
def canonical_name(name: str) -> str:
    return canonical_unit(name)


@lru_cache(maxsize=16384)
def unit_key(name: str) -> str:
    """'Sở TN&MT' and 'Sở Tài nguyên và Môi trường' give the same key (via the unit directory)."""
    return _fold(canonical_name(name))


def spelling(name: str) -> str:
    """The name as written, diacritics kept (tone placement normalised, case and punctuation ignored)."""
    text = normalize_tones(unicodedata.normalize("NFC", canonical_name(name))).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def same_unit(a: str, b: str) -> bool:
    """Two names with one key are one unit only if they are spelled alike, or one of them is written without
    diacritics (an unaccented spelling of the other). 'Anh Sơn' and 'Ánh Sơn' fold to one key but are two units."""
    if unit_key(a) != unit_key(b):
        return False
    sa, sb = spelling(a), spelling(b)
    return sa == sb or not has_diacritics(sa) or not has_diacritics(sb)
