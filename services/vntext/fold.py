"""Search-key folding: lower case, tone placement, no diacritics, syllable tokens."""
from __future__ import annotations

import re
import unicodedata
from typing import Final

from .tones import normalize_tones

__all__ = ["fold", "strip_diacritics", "syllables"]

# Letters whose stroke is not a combining mark (NFD keeps them whole).  Ð/ð (eth) are often typed for Đ/đ.
_STROKES: Final = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_SYLLABLE: Final = re.compile(r"[^\W_]+")


def strip_diacritics(text: str) -> str:
    """Remove every diacritic (tone marks, ă â ê ô ơ ư, đ → d), keeping case; NFC out."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKES))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold(text: str) -> str:
    """No-diacritics search key: NFC, lower case, normalised tones, diacritics stripped, đ → d."""
    return strip_diacritics(normalize_tones(unicodedata.normalize("NFC", text).lower()))


def syllables(text: str) -> list[str]:
    """Split Vietnamese text into syllable tokens: runs of letters and digits (NFC); punctuation separates."""
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text))
