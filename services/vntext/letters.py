"""Letter classes for regular expressions over Vietnamese text."""
from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["UPPER"]


def _upper_class() -> str:
    chars = [chr(c) for c in range(0x41, 0x5B)]
    chars += [chr(c) for c in range(0xC0, 0x1F00) if chr(c).isupper() and unicodedata.category(chr(c)) == "Lu"]
    return "".join(re.escape(c) for c in chars)


#: The body of a character class of every upper-case Latin letter, Vietnamese ones included: ``rf"[{UPPER}]"``.
UPPER: Final = _upper_class()
