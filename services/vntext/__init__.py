"""Pure Vietnamese text handling: repair (NFC, legacy fonts, mojibake), tone placement, folding, syllables."""
from __future__ import annotations

from .fold import fold, strip_diacritics, syllables
from .legacy import convert_legacy, encode_legacy, font_encoding
from .repair import RepairResult, detect_legacy, fix_mojibake, repair_text
from .syllable import is_syllable
from .tones import normalize_tones

__all__ = [
    "RepairResult",
    "convert_legacy",
    "detect_legacy",
    "encode_legacy",
    "fix_mojibake",
    "fold",
    "font_encoding",
    "is_syllable",
    "normalize_tones",
    "repair_text",
    "strip_diacritics",
    "syllables",
]
