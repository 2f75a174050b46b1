"""Search-key folding: lower case, tone placement, no diacritics, syllable tokens."""
from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["FOLD_TABLE", "fold", "fold_key", "strip_diacritics", "syllables"]

_SYLLABLE: Final = re.compile(r"[^\W_]+")


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics (U+00C0–U+1FFF, the whole Vietnamese range) → their bare letter; đ/Đ and the
    eth often typed for it (ð/Ð) → d/D, whose stroke is not a combining mark; stray combining marks → nothing."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"}
    for cp in range(0xC0, 0x2000):
        ch = chr(cp)
        stripped = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if stripped != ch and len(stripped) == 1 and stripped.isascii():
            table[cp] = stripped
    for cp in range(0x300, 0x370):
        table[cp] = ""
    return table


#: The translation table behind strip_diacritics, for callers that fold NFC tokens in a hot loop.
FOLD_TABLE: Final = _fold_table()


def strip_diacritics(text: str) -> str:
    """Remove every diacritic (tone marks, ă â ê ô ơ ư, đ → d), keeping case: "Quyết định" → "Quyet dinh"."""
    return unicodedata.normalize("NFC", text).translate(FOLD_TABLE)


def fold(text: str) -> str:
    """No-diacritics search key: NFC, lower case, diacritics stripped, đ → d (tone placement cannot matter)."""
    return strip_diacritics(text).lower()


def fold_key(text: str) -> str:
    """``fold`` with white space collapsed and trimmed: a comparison key for names and phrases."""
    return " ".join(fold(text).split())


def syllables(text: str) -> list[str]:
    """Split Vietnamese text into syllable tokens: runs of letters and digits (NFC); punctuation separates."""
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text))
