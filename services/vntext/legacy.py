"""Legacy 8-bit Vietnamese encodings: TCVN3 (ABC, TCVN 5712:1993 VN3) and VNI (VNI-Win).

Text typed in these fonts reaches us as the Windows-1252 characters of its bytes (Word and most converters store
the byte values of an "ANSI" font as Latin-1/cp1252 characters).  Both tables only use bytes >= 0xA1 (TCVN3) and
>= 0xC0 (VNI), where cp1252 and Latin-1 agree, so a table keyed by the character ``chr(byte)`` is exact.

* TCVN3 (fonts ``.VnTime``, ``.VnArial`` …) is single-byte: one code point per Vietnamese letter, lower case only
  (plus the seven capitals Ă Â Ê Ô Ơ Ư Đ).  The "H" fonts (``.VnTimeH``, ``.VnArialH`` …) draw every code point as
  a capital, so their text is converted and then upper-cased (encoding name ``"tcvn3h"``).
* VNI (fonts ``VNI-Times``, ``VNI-Helve`` …) writes a vowel letter followed by a mark character (``a`` + ``ù`` = á,
  ``a`` + ``á`` = ấ, ``a`` + ``é`` = ắ), with separate single characters for ơ ư đ and the toned i's and ỵ.

The tables are generated from the layout of the standards (tone order, byte positions) rather than typed out letter
by letter, and are checked by round-trip tests.
"""
from __future__ import annotations

import re
from typing import Final

from .syllable import BASE_VOWELS, HOI, HUYEN, NANG, NGA, SAC, UNICODE_ONLY, split_tone, with_tone

TCVN3: Final = "tcvn3"
TCVN3_UPPER: Final = "tcvn3h"
VNI: Final = "vni"
ENCODINGS: Final[tuple[str, ...]] = (TCVN3, TCVN3_UPPER, VNI)

# ---------------------------------------------------------------------------------------------------------------
# TCVN3 (VN3): byte -> Unicode.  For each vowel the five toned forms are stored in the order
# huyền, hỏi, ngã, sắc, nặng (e.g. à B5, ả B6, ã B7, á B8, ạ B9).
_TCVN3_TONE_ORDER: Final = (HUYEN, HOI, NGA, SAC, NANG)
_TCVN3_TONED_BYTES: Final[dict[str, tuple[int, int, int, int, int]]] = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN_BYTES: Final[dict[str, int]] = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
}


def _tcvn3_decode_table() -> dict[str, str]:
    table = {chr(b): u for u, b in _TCVN3_PLAIN_BYTES.items()}
    for base, codes in _TCVN3_TONED_BYTES.items():
        for tone, code in zip(_TCVN3_TONE_ORDER, codes, strict=True):
            table[chr(code)] = with_tone(base, tone)
    assert len(table) == 7 * 2 + 12 * 5
    return table


TCVN3_DECODE: Final[dict[str, str]] = _tcvn3_decode_table()
TCVN3_ENCODE: Final[dict[str, str]] = {u: c for c, u in TCVN3_DECODE.items()}
_TCVN3_TRANS: Final = str.maketrans(TCVN3_DECODE)

# ---------------------------------------------------------------------------------------------------------------
# VNI: lower-case mark characters (the capitals use the upper-case forms of the same letters).
_VNI_TONE: Final[dict[int, str]] = {SAC: "ù", HUYEN: "ø", HOI: "û", NGA: "õ", NANG: "ï"}
_VNI_CIRCUMFLEX: Final[dict[int, str]] = {0: "â", SAC: "á", HUYEN: "à", HOI: "å", NGA: "ã", NANG: "ä"}
_VNI_BREVE: Final[dict[int, str]] = {0: "ê", SAC: "é", HUYEN: "è", HOI: "ú", NGA: "ü", NANG: "ë"}
# Letters that VNI writes as one character: toned i, ỵ, and the bases of ơ ư đ.
_VNI_SINGLE: Final[dict[str, str]] = {"í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î", "ơ": "ô", "ư": "ö", "đ": "ñ"}
# Base letter written before the mark, per toneless Vietnamese vowel.
_VNI_BASE: Final[dict[str, tuple[str, dict[int, str]]]] = {
    "a": ("a", _VNI_TONE), "ă": ("a", _VNI_BREVE), "â": ("a", _VNI_CIRCUMFLEX),
    "e": ("e", _VNI_TONE), "ê": ("e", _VNI_CIRCUMFLEX),
    "o": ("o", _VNI_TONE), "ô": ("o", _VNI_CIRCUMFLEX), "ơ": ("ô", _VNI_TONE),
    "u": ("u", _VNI_TONE), "ư": ("ö", _VNI_TONE), "y": ("y", _VNI_TONE), "i": ("i", {}),
}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Unicode letter -> VNI string, VNI string -> Unicode letter), both cases."""
    encode: dict[str, str] = {}
    for vowel in BASE_VOWELS:
        base, marks = _VNI_BASE[vowel]
        for tone in range(6):
            uni = with_tone(vowel, tone)
            if uni in _VNI_SINGLE:
                encode[uni] = _VNI_SINGLE[uni]
            elif tone == 0 and vowel not in "ăâêô":
                encode[uni] = base
            else:
                encode[uni] = base + marks[tone]
    encode["đ"] = "ñ"
    encode.update({u.upper(): v.upper() for u, v in list(encode.items())})
    decode = {v: u for u, v in encode.items() if v != u}
    return encode, decode


VNI_ENCODE, VNI_DECODE = _vni_tables()
_VNI_BASES: Final = "aeoyuôöAEOYUÔÖ"
_VNI_MARKS: Final = "ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË"
_VNI_PAIR: Final = re.compile(f"[{_VNI_BASES}][{_VNI_MARKS}]")
_VNI_SINGLE_RE: Final = re.compile("[íìæóòîôöñÍÌÆÓÒÎÔÖÑ]")


def _vni_pair(m: re.Match[str]) -> str:
    pair = m.group(0)
    if pair in VNI_DECODE:
        return VNI_DECODE[pair]
    # Mark typed in the other case than its base letter (seen in hand-edited text): follow the base letter.
    base, mark = pair[0], pair[1]
    fixed = base + (mark.upper() if base.isupper() else mark.lower())
    if fixed in VNI_DECODE:
        return VNI_DECODE[fixed]
    return _VNI_SINGLE_RE.sub(_vni_single, pair)


def _vni_single(m: re.Match[str]) -> str:
    return VNI_DECODE.get(m.group(0), m.group(0))


def _decode_vni(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _VNI_PAIR.finditer(text):
        out.append(_VNI_SINGLE_RE.sub(_vni_single, text[pos:m.start()]))
        out.append(_vni_pair(m))
        pos = m.end()
    out.append(_VNI_SINGLE_RE.sub(_vni_single, text[pos:]))
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------------
_WORD: Final = re.compile(r"[^\W\d_]+")



def _upper_shouting_words(text: str) -> str:
    """TCVN3 has no toned capitals: a word typed in capitals (QUYÕT → QUYếT) gets its converted letters upper-cased
    when at least two of its ASCII letters are capitals and none is lower case.  A word with a single capital ASCII
    letter (X· → Xã) is upper-cased when a neighbouring word on the same line is such a word."""
    words = list(_WORD.finditer(text))
    kinds: list[int] = []  # 2 = shouting, 1 = ambiguous single capital, 0 = other
    for m in words:
        word = m.group(0)
        ascii_letters = [c for c in word if c.isascii()]
        if ascii_letters and all(c.isupper() for c in ascii_letters) and not word.isupper():
            kinds.append(2 if len(ascii_letters) >= 2 else 1)
        else:
            kinds.append(0)  # includes all-ASCII abbreviations (UBND), which say nothing about their neighbours
    out: list[str] = []
    pos = 0
    for i, m in enumerate(words):
        if kinds[i] == 0:
            continue
        shout = kinds[i] == 2
        if not shout:
            for j in (i - 1, i + 1):
                if 0 <= j < len(words) and kinds[j] == 2:
                    lo, hi = sorted((words[j].start(), m.start()))
                    if "\n" not in text[lo:hi]:
                        shout = True
        if shout:
            out.append(text[pos:m.start()])
            out.append(m.group(0).upper())
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def convert_legacy(text: str, encoding: str, *, keep_unicode: bool = True) -> str:
    """Convert text typed in a legacy Vietnamese font to Unicode (NFC).

    ``encoding`` is ``"tcvn3"`` (.VnTime …), ``"tcvn3h"`` (.VnTimeH … capitals fonts: the result is upper-cased) or
    ``"vni"`` (VNI-Times …), as returned by :func:`font_encoding` or :func:`detect_legacy`.

    Documents often carry Unicode text in runs still formatted with a legacy font (pasted text keeps the font
    name).  With ``keep_unicode`` (the default) text that has a letter only Unicode Vietnamese has (ă đ ơ ư ộ …,
    which no legacy font text contains) is returned unchanged.
    """
    enc = encoding.lower()
    if enc not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r} (expected one of {', '.join(ENCODINGS)})")
    if keep_unicode and any(c in UNICODE_ONLY for c in text):
        return text
    if enc == TCVN3:
        return _upper_shouting_words(text.translate(_TCVN3_TRANS))
    if enc == TCVN3_UPPER:
        return text.translate(_TCVN3_TRANS).upper()
    return _decode_vni(text)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode → legacy font text (the inverse of :func:`convert_legacy`; used to build fixtures and tests).

    TCVN3 cannot write toned capitals: with ``"tcvn3"`` they raise ``ValueError``; ``"tcvn3h"`` writes any text as
    it would be typed in an H font (lower-case code points, shown as capitals).
    """
    enc = encoding.lower()
    if enc in (TCVN3, TCVN3_UPPER):
        src = text.lower() if enc == TCVN3_UPPER else text
        out: list[str] = []
        for ch in src:
            if ch in TCVN3_ENCODE:
                out.append(TCVN3_ENCODE[ch])
            elif split_tone(ch)[1] or ch in "ĂÂÊÔƠƯĐ" and ch not in TCVN3_ENCODE:
                raise ValueError(f"TCVN3 cannot encode {ch!r}")
            else:
                out.append(ch)
        return "".join(out)
    if enc == VNI:
        return "".join(VNI_ENCODE.get(ch, ch) for ch in text)
    raise ValueError(f"unknown legacy encoding {encoding!r} (expected one of {', '.join(ENCODINGS)})")


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a DOCX/Word font implies: ``"tcvn3"`` for ABC fonts (.VnTime, .VnArial …),
    ``"tcvn3h"`` for their capitals variants (.VnTimeH, .VnArialH …), ``"vni"`` for VNI fonts (VNI-Times,
    VNI-Helve …), None for anything else (Unicode fonts)."""
    if not font_name:
        return None
    name = font_name.strip()
    low = name.lower()
    if low.startswith(("vni-", "vni ", "vni_")):
        return VNI
    if low.startswith(".vn"):
        # The capitals fonts end in "H" (.VnTimeH, .VnArial NarrowH, .VnBook-AntiquaH), ignoring style suffixes.
        core = re.sub(r"[\s,-]+(bold|italic|regular|b|i|bi)$", "", name, flags=re.IGNORECASE)
        return TCVN3_UPPER if core.endswith("H") else TCVN3
    return None
