"""Tone-mark placement normalisation, for search keys (stored text keeps what was written).

Vietnamese writes the tone of an open ``oa``/``oe``/``uy`` syllable in two ways: on the first vowel ("hòa", "khỏe",
"thủy", "Ủy ban") or on the second ("hoà", "khoẻ", "thuỷ", "Uỷ ban").  Search keys use one form consistently:
the tone goes on the first vowel, the placement used by most official documents ("Cộng hòa", "Ủy ban nhân dân").

Placement rules, per syllable:

1. a vowel with a diacritic (ă â ê ô ơ ư) carries the tone; in ươ/uyê/iê/uô it is the second one (người, chuyển);
2. otherwise, with a final consonant, the last vowel of the cluster (hoàng, hoạch, quỳnh, toán);
3. otherwise three vowels: the middle one (ngoái, khuỷu, ngoẹo); two vowels: the first (hòa, thủy, của, mía);
4. "qu" and "gi" are onsets when a vowel follows (quý, già, giữ).

Words that are not well-formed Vietnamese syllables are left as they are.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Final

from .syllable import is_syllable, is_vowel, split_tone, with_tone

__all__ = ["normalize_tones", "normalize_syllable_tone"]

_WORD: Final = re.compile(r"[^\W\d_]+")
_MODIFIED: Final = frozenset("ăâêôơư")


def _target(bare: str) -> int | None:
    """Index of the vowel that should carry the tone in the lower-case toneless syllable ``bare``."""
    n = len(bare)
    start = 0
    if bare.startswith(("qu", "gi")) and n > 2 and is_vowel(bare[2]):
        start = 2
    while start < n and not is_vowel(bare[start]):
        start += 1
    end = start
    while end < n and is_vowel(bare[end]):
        end += 1
    cluster = bare[start:end]
    if not cluster:
        return None
    modified = [i for i, c in enumerate(cluster) if c in _MODIFIED]
    if modified:
        return start + modified[-1]
    if end < n:  # final consonant
        return end - 1
    if len(cluster) == 3:
        return start + 1
    return start


def normalize_syllable_tone(word: str) -> str:
    """Move the tone mark of one NFC syllable to its normalised place; anything else comes back unchanged."""
    toned = [i for i, c in enumerate(word) if split_tone(c)[1]]
    if len(toned) != 1 or not is_syllable(word):
        return word
    src = toned[0]
    base, tone = split_tone(word[src])
    bare = word[:src] + base + word[src + 1:]
    dst = _target(bare.lower())
    if dst is None or dst == src:
        return word
    return bare[:dst] + with_tone(bare[dst], tone) + bare[dst + 1:]


def normalize_tones(text: str) -> str:
    """Normalise tone-mark placement in every syllable of ``text`` (NFC in and out, case kept)."""
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda m: normalize_syllable_tone(m.group(0)), text)


# The old placement on -oa/-oe/-uy written in names ("hoà", "Uỷ"), mapped by a table: cheap, for short names.
_OLD_TONE_PAIRS: tuple[tuple[str, str], ...] = tuple({
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
    "OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA",
    "UỲ": "ÙY", "UÝ": "ÚY", "UỶ": "ỦY", "UỸ": "ŨY", "UỴ": "ỤY",
    "Uỷ": "Ủy", "Oà": "Òa",
}.items())

_OLD_TONE_MAP = dict(_OLD_TONE_PAIRS)
# the leading look-ahead lets the re module skip to an o/u at once (a look-behind first is tried at every position)
_OLD_TONE_RE = re.compile(r"(?=[oOuU])(?<![qQ])(" + "|".join(_OLD_TONE_MAP) + r")(?![^\W\d_])")


def normalize_old_tones(s: str) -> str:
    """NFC, with the old tone placement on -oa/-oe/-uy mapped to the new one ("hoà" -> "hòa", "uỷ" -> "ủy")."""
    if s.isascii():
        return s  # NFC already, and every old placement has a non-ASCII letter
    s = unicodedata.normalize("NFC", s)
    return _OLD_TONE_RE.sub(_old_tone, s)


def _old_tone(m: re.Match[str]) -> str:
    return _OLD_TONE_MAP[m.group(1)]
