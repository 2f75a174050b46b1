"""Vietnamese letters, tones and syllable structure (pure, no I/O).

A written syllable is onset + rime + one tone mark.  The tone is carried by one vowel letter; the six tones are
numbered ``0`` ngang (none), ``1`` huyền (grave), ``2`` hỏi (hook above), ``3`` ngã (tilde), ``4`` sắc (acute),
``5`` nặng (dot below).
"""
from __future__ import annotations

import unicodedata
from typing import Final

NGANG, HUYEN, HOI, NGA, SAC, NANG = range(6)

#: Combining mark of each tone, indexed by tone number.
TONE_MARKS: Final[tuple[str, ...]] = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

#: Lower-case vowel letters without tone (the vowel "bases").
BASE_VOWELS: Final[str] = "aăâeêioôơuưy"

_TONED: dict[str, tuple[str, int]] = {}  # toned char -> (base char, tone), both cases
_COMPOSE: dict[tuple[str, int], str] = {}  # (base char, tone) -> toned char, both cases

for _base in BASE_VOWELS + BASE_VOWELS.upper():
    for _tone, _mark in enumerate(TONE_MARKS):
        _ch = unicodedata.normalize("NFC", _base + _mark)
        assert len(_ch) == 1, (_base, _tone)
        _TONED[_ch] = (_base, _tone)
        _COMPOSE[(_base, _tone)] = _ch

#: Every lower-case letter of the Vietnamese alphabet, toned vowels included (plus f j w z, used in loan words).
VIETNAMESE_LOWER: Final[str] = "".join(sorted({c.lower() for c in _TONED} | set("bcdđghklmnpqrstvxfjwz")))
#: Both cases.
VIETNAMESE_LETTERS: Final[str] = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()


#: Letters (and combining tone marks) only Unicode Vietnamese has: ă đ ĩ ũ ơ ư and the U+1EA0 block.  Text typed
#: in a legacy font never contains them, and Vietnamese text in Unicode almost always does.
UNICODE_ONLY: Final[frozenset[str]] = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) >= 0x100) | frozenset(
    "\u0300\u0301\u0303\u0309\u0323"
)


def split_tone(ch: str) -> tuple[str, int]:
    """Return (toneless letter, tone) for a vowel letter, or (ch, 0) for anything else. Case is kept."""
    return _TONED.get(ch, (ch, NGANG))


def with_tone(base: str, tone: int) -> str:
    """Put ``tone`` on the toneless vowel ``base`` (either case); other letters come back unchanged."""
    return _COMPOSE.get((base, tone), base)


def is_vowel(ch: str) -> bool:
    return ch in _TONED


_ONSETS: Final[tuple[str, ...]] = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)


def _rimes() -> frozenset[str]:
    open_rimes = (
        "a ai ao au ay âu ây e eo ê êu i ia iu iêu o oa oai oao oay oe oeo oi ô ôi ơ ơi u ua uây uê uêu ui "
        "uôi uơ uy uya uyu ư ưa ưi ưu ươi ươu y yêu"
    ).split()
    closed: dict[str, str] = {
        "a": "c ch m n ng nh p t", "ă": "c m n ng p t", "â": "c m n ng p t", "e": "c m n ng p t",
        "ê": "c ch m n ng nh p t", "i": "c ch m n nh p t", "o": "c m n ng p t", "ô": "c m n ng p t",
        "ơ": "m n p t", "u": "c m n ng p t", "ư": "c m n ng t", "y": "t",
        "oa": "c ch m n ng nh p t", "oă": "c m n ng t", "oe": "m n t", "oo": "c ng", "uâ": "n ng t",
        "uê": "ch n nh", "uy": "ch n nh p t", "iê": "c m n ng p t", "yê": "m n t", "uô": "c m n ng t",
        "ươ": "c m n ng p t", "uyê": "n t",
    }
    rimes = set(open_rimes)
    for nucleus, finals in closed.items():
        rimes.update(nucleus + f for f in finals.split())
    return frozenset(rimes)


RIMES: Final[frozenset[str]] = _rimes()
_STOP_FINALS: Final[tuple[str, ...]] = ("c", "ch", "p", "t")


def parse_syllable(word: str) -> tuple[str, str, int] | None:
    """Split a lower- or mixed-case word into (onset, rime, tone), lower-cased and toneless, or None if the word is
    not a well-formed Vietnamese syllable (at most one tone mark, a known onset and rime, stop finals only with
    sắc or nặng)."""
    tone = NGANG
    bare: list[str] = []
    for ch in unicodedata.normalize("NFC", word).lower():
        base, t = split_tone(ch)
        if t:
            if tone:
                return None
            tone = t
        bare.append(base)
    s = "".join(bare)
    if not s or not s.isalpha():
        return None
    candidates: list[tuple[str, str]] = [("", s)]
    for onset in _ONSETS:
        if s.startswith(onset) and len(s) > len(onset):
            candidates.append((onset, s[len(onset):]))
            if onset == "gi":  # "gìn", "giếng": the i also belongs to the rime
                candidates.append(("g", s[1:]))
            break
    for onset, rime in candidates:
        if onset == "qu" and rime.startswith("u"):
            continue
        if rime not in RIMES and not (onset == "qu" and "u" + rime in RIMES):
            continue
        if rime.endswith(_STOP_FINALS) and tone not in (SAC, NANG):
            continue
        return onset, rime, tone
    return None


def is_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC or not) is a well-formed Vietnamese syllable."""
    return parse_syllable(word) is not None
