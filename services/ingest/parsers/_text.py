"""Shared text helpers: final clean-up through repair_text, and a plausibility score for Vietnamese text."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from services.vntext.repair import repair_text
from services.vntext.syllable import is_syllable

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\ufffe]")
_TRAILING_WS = re.compile(r"[ \t\u00a0]+\n")
_MANY_BLANKS = re.compile(r"\n{3,}")


@lru_cache(maxsize=1)
def vietnamese_letters() -> frozenset[str]:
    """Every letter of the Vietnamese alphabet (both cases, all tone marks), plus f, j, w, z."""
    bases = "aăâeêioôơuưy"
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    out = set("abcdefghijklmnopqrstuvwxyzđ")
    for b in bases:
        for t in tones:
            out.add(unicodedata.normalize("NFC", b + t))
    out |= {c.upper() for c in out}
    return frozenset(out)


def vietnamese_score(text: str) -> float:
    """The share of letters in `text` that belong to the Vietnamese alphabet (1.0 for clean Vietnamese or English)."""
    letters = vietnamese_letters()
    total = good = 0
    for ch in unicodedata.normalize("NFC", text):
        if ch.isalpha() or unicodedata.category(ch) in ("Mn", "So", "Sk", "Co") or ch in "¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷":
            total += 1
            if ch in letters:
                good += 1
    return good / total if total else 1.0


_WORD = re.compile(r"[^\W\d_]+")


def syllable_score(text: str) -> float:
    """The share of words with non-ASCII letters that are well-formed Vietnamese syllables (1.0 if there are none).

    Uses services.vntext.syllable.is_syllable.
    """
    valid = invalid = 0
    for m in _WORD.finditer(unicodedata.normalize("NFC", text)):
        w = m.group(0)
        if w.isascii():
            continue
        if is_syllable(w):
            valid += 1
        else:
            invalid += 1
    return valid / (valid + invalid) if valid + invalid else 1.0


def plausibility(text: str) -> float:
    """How much `text` reads as Vietnamese: letters of the alphabet × well-formed syllables (0..1)."""
    return vietnamese_score(text) * syllable_score(text)


def control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\x0b\x0c\x1a") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(text) if bad >= 4 else 0.0  # a stray control character or two is not binary


def tidy(text: str) -> str:
    """Unify newlines, drop invisible controls, trailing spaces and runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")  # Word's manual line break, page break
    text = _CONTROL.sub("", text)
    text = text.replace("\u00a0", " ")
    # what _TRAILING_WS.sub("\n", …) and _MANY_BLANKS.sub("\n\n", …) do, at several times their speed (a character
    # class scanned by the regex engine at every position): spaces and tabs end no line, three newlines or more are two
    # (the last line's trailing blanks go with strip() below either way)
    if " \n" in text or "\t\n" in text:
        text = "\n".join([line.rstrip(" \t") for line in text.split("\n")])
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def finish(text: str) -> tuple[str, str | None]:
    """Repair the extracted text (services.vntext.repair.repair_text: NFC, tone marks, legacy encodings) and tidy it.

    Returns the text and the legacy encoding repair_text detected, if any.
    """
    result = repair_text(tidy(text))
    out = tidy(unicodedata.normalize("NFC", result.text))
    return out, getattr(result, "legacy_encoding", None)
