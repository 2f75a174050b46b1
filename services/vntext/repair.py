"""Repair extracted Vietnamese text: newlines, control characters, NFC, mis-decoded UTF-8 and legacy fonts.

Proper Unicode Vietnamese is never changed beyond NFC and newline normalisation: legacy and mojibake repairs only
happen when the text (or a line of it) has the tell-tale characters of the broken form *and* the repaired form reads
as Vietnamese syllables while the original does not.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from .legacy import TCVN3, TCVN3_DECODE, VNI, convert_legacy
from .syllable import UNICODE_ONLY, VIETNAMESE_LETTERS, is_syllable

__all__ = ["RepairResult", "detect_legacy", "fix_mojibake", "repair_text"]


@dataclass
class RepairResult:
    text: str
    changed: bool
    legacy_encoding: str | None = None  # "tcvn3" | "vni" when a legacy conversion happened


# ---------------------------------------------------------------------------------------------------------------
# Statistics
_VN_LATIN1: Final = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) < 0x100)
# Letters only proper Unicode Vietnamese has (outside Latin-1): ă đ ĩ ũ ơ ư and the U+1EA0.. block.
_TCVN3_CHARS: Final = frozenset(TCVN3_DECODE)
_VNI_CHARS: Final = frozenset("ùøûõïâáàåãäêéèúüëíìæóòîôöñ" + "ùøûõïâáàåãäêéèúüëíìæóòîôöñ".upper())
# Characters of the legacy forms that ordinary Vietnamese (or English) text does not use as letters.
_TCVN3_STRONG: Final = frozenset(c for c in _TCVN3_CHARS if c not in _VN_LATIN1)
_VNI_STRONG: Final = frozenset(c for c in _VNI_CHARS if c not in _VN_LATIN1)
_TCVN3_STRONG_RE: Final = re.compile("[" + re.escape("".join(sorted(_TCVN3_STRONG))) + "]")
_VNI_STRONG_RE: Final = re.compile("[" + re.escape("".join(sorted(_VNI_STRONG))) + "]")
_ANY_STRONG_RE: Final = re.compile("[" + re.escape("".join(sorted(_TCVN3_STRONG | _VNI_STRONG))) + "]")
_UNICODE_ONLY_RE: Final = re.compile("[" + re.escape("".join(sorted(UNICODE_ONLY))) + "]")
_LEGACY_TOKEN: Final = re.compile(r"(?:[^\W\d_]|[\u00a1-\u00bf\u00d7\u00f7])+")


@dataclass(frozen=True)
class _Stats:
    candidates: int  # tokens containing a character of the legacy table
    strong: int  # ... of which are strong evidence (see _stats)
    unicode_vn: int  # tokens with letters only proper Unicode Vietnamese has
    valid_before: int  # candidate tokens that are Vietnamese syllables as they stand
    valid_after: int  # candidate tokens that are Vietnamese syllables once converted


def _stats(text: str, encoding: str, min_candidates: int) -> _Stats | None:
    """Token statistics of ``text`` read as ``encoding``; None as soon as it cannot pass :func:`_looks_legacy`
    (the syllable checks, the costly part, only run for plausible text).

    A candidate token is "strong" evidence when it has a character proper Vietnamese does not use (® ¬ ø ï ñ …)
    or when converting it yields a letter only Unicode Vietnamese has (VNI "naêm" → "năm", "choáng" → "chống").
    """
    chars, strong_chars, strong_re = (
        (_TCVN3_CHARS, _TCVN3_STRONG, _TCVN3_STRONG_RE) if encoding == TCVN3 else (_VNI_CHARS, _VNI_STRONG, _VNI_STRONG_RE)
    )
    if not strong_re.search(text):
        return None
    limit = len(text) // 100 + 10
    for i, _m in enumerate(_UNICODE_ONLY_RE.finditer(text)):
        if i >= limit:
            return None  # cheap bound: plenty of letters only Unicode Vietnamese has
    candidates: list[str] = []
    unicode_vn = 0
    for m in _LEGACY_TOKEN.finditer(text):
        tok = m.group(0)
        if any(c in UNICODE_ONLY for c in tok):
            unicode_vn += 1
        elif any(c in chars for c in tok):
            candidates.append(tok)
    n = len(candidates)
    if n < min_candidates or unicode_vn > 0.02 * n:
        return None
    converted = [convert_legacy(tok, encoding, keep_unicode=False) for tok in candidates]
    strong = sum(
        any(c in strong_chars for c in tok) or any(c in UNICODE_ONLY for c in conv)
        for tok, conv in zip(candidates, converted, strict=True)
    )
    if strong < 0.3 * n:
        return None
    before = sum(is_syllable(tok) for tok in candidates)
    after = sum(is_syllable(conv) for conv in converted)
    return _Stats(n, strong, unicode_vn, before, after)


def _looks_legacy(st: _Stats, min_candidates: int) -> bool:
    """Enough candidates, (almost) no Unicode-only letters, strong evidence, and the converted tokens read as
    Vietnamese syllables while the tokens as they stand mostly do not.  Many legacy words happen to be valid
    Unicode words too (TCVN3 "phóc", VNI "choáng"), so overwhelming evidence allows more of those."""
    n = st.candidates
    if n < min_candidates or st.unicode_vn > 0.02 * n or st.strong < 0.3 * n:
        return False
    if st.valid_after < 0.85 * n or st.valid_after - st.valid_before < 2:
        return False
    return st.valid_before <= 0.4 * n or (
        st.strong >= 0.6 * n and st.valid_before <= 0.6 * n and st.valid_after >= 0.95 * n
    )


def detect_legacy(text: str) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when ``text`` as a whole reads as Vietnamese typed in that legacy font, else None."""
    text = unicodedata.normalize("NFC", text)
    best: tuple[int, str] | None = None
    for enc in (TCVN3, VNI):
        st = _stats(text, enc, 3)
        if st is not None and _looks_legacy(st, 3) and (best is None or st.valid_after > best[0]):
            best = (st.valid_after, enc)
    return best[1] if best else None


def _repair_legacy_lines(text: str) -> tuple[str, str | None]:
    """Convert whole text, or failing that single lines, detected as legacy-encoded."""
    if not _ANY_STRONG_RE.search(text):
        return text, None
    enc = detect_legacy(text)
    if enc is not None:
        return convert_legacy(text, enc, keep_unicode=False), enc
    parts: list[str] = []
    found: str | None = None
    pos = 0
    for m in _ANY_STRONG_RE.finditer(text):
        if m.start() < pos:
            continue  # inside a line already looked at
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        line = text[start:end]
        for enc in (TCVN3, VNI):
            st = _stats(line, enc, 4)
            if st is not None and _looks_legacy(st, 4) and st.unicode_vn == 0 and (
                st.valid_before <= 0.2 * st.candidates
                or st.strong >= 0.8 * st.candidates and st.valid_after == st.candidates
            ):
                parts.append(text[pos:start])
                parts.append(convert_legacy(line, enc, keep_unicode=False))
                pos = end
                found = found or enc
                break
        else:
            parts.append(text[pos:end])
            pos = end
    parts.append(text[pos:])
    return "".join(parts), found


# ---------------------------------------------------------------------------------------------------------------
# Mojibake: UTF-8 bytes decoded as cp1252 (or Latin-1)
def _cp1252_bytes() -> dict[str, int]:
    table: dict[str, int] = {}
    for b in range(0x80, 0x100):
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
        table.setdefault(chr(b), b)  # Latin-1 reading, and the 5 bytes cp1252 leaves undefined
    return table


_TO_BYTE: Final = _cp1252_bytes()
_MOJIBAKE_RUN: Final = re.compile("[" + "".join(re.escape(c) for c in sorted(_TO_BYTE)) + "]{2,}")
# A UTF-8 lead byte (read as cp1252/Latin-1) followed by a continuation byte: the signature of mojibake.
_CONTINUATION: Final = "".join(re.escape(c) for c, b in sorted(_TO_BYTE.items()) if b < 0xC0)
_MOJIBAKE_HINT: Final = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")


def _decode_run(m: re.Match[str]) -> str:
    run = m.group(0)
    data = bytes(_TO_BYTE[c] for c in run)
    out: list[str] = []
    i = 0
    while i < len(data):
        b = data[i]
        size = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if size and i + size <= len(data):
            try:
                out.append(data[i:i + size].decode("utf-8"))
                i += size
                continue
            except UnicodeDecodeError:
                pass
        out.append(run[i])
        i += 1
    return "".join(out)


_ASCII_PUNCT: Final = "".join(chr(c) for c in range(0x21, 0x80) if not chr(c).isalnum())
def _vietnamese_score(words: list[str]) -> tuple[int, int]:
    """(valid, invalid) counts over the words that have non-ASCII letters."""
    valid = invalid = 0
    for raw in words:
        word = unicodedata.normalize("NFC", raw).strip(_ASCII_PUNCT)
        if not any(c.isalpha() and not c.isascii() for c in word):
            continue
        if is_syllable(word):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


_SPACE: Final = " \t\n\r\x0b\x0c"


def _hinted_words(text: str) -> list[tuple[int, int]]:
    """Spans of the words (split on ASCII white space only, so mojibake pieces like "Sá»Ÿ" or "TÃ\xa0i" stay one
    word) that contain a lead character followed by a continuation character."""
    spans: list[tuple[int, int]] = []
    end = -1
    for m in _CONTINUATION_RE.finditer(text):
        i = m.start()
        if i < end or not i or not "\u00c2" <= text[i - 1] <= "\u00f4":
            continue
        start = i
        while start > 0 and text[start - 1] not in _SPACE:
            start -= 1
        end = i
        while end < len(text) and text[end] not in _SPACE:
            end += 1
        spans.append((start, end))
    return spans


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text mis-decoded as cp1252/Latin-1 ("Quyáº¿t Ä‘á»‹nh" → "Quyết định"), also when only parts
    of the text are affected or it happened twice.  Text comes back unchanged unless the fix re-decodes byte
    sequences cleanly and yields more valid Vietnamese syllables and no more invalid words."""
    spans = _hinted_words(text)
    if not spans:
        return text
    words = [text[a:b] for a, b in spans]
    v0, i0 = _vietnamese_score(words)
    best, best_score = words, (v0, -i0)
    layer = words
    for _ in range(3):  # mojibake of mojibake: try a few layers, keep the best
        decoded = [_MOJIBAKE_RUN.sub(_decode_run, w) for w in layer]
        if decoded == layer:
            break
        layer = decoded
        v1, i1 = _vietnamese_score(layer)
        if v1 > v0 and i1 <= i0 and (v1, -i1) > best_score:
            best, best_score = layer, (v1, -i1)
    if best is words:
        return text
    out: list[str] = []
    pos = 0
    for (a, b), word in zip(spans, best, strict=True):
        out.append(text[pos:a])
        out.append(word)
        pos = b
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------------
_C0_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_C1_CONTROL: Final = re.compile(r"[\x80-\x9f]")


# Anything that may need more than NFC: control characters, legacy-only characters, a mojibake byte pair.
_CONTROL_OR_STRONG: Final = re.compile(
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f" + re.escape("".join(sorted(_TCVN3_STRONG | _VNI_STRONG))) + "]"
)
_CONTINUATION_RE: Final = re.compile(f"[{_CONTINUATION}]")


def _has_mojibake_hint(text: str) -> bool:
    # Same as _MOJIBAKE_HINT.search, but scanning for the rarer second character first is much faster.
    return any(m.start() and "\u00c2" <= text[m.start() - 1] <= "\u00f4" for m in _CONTINUATION_RE.finditer(text))


def _repair_once(text: str) -> tuple[str, str | None, bool]:
    """One repair pass: (text, legacy encoding, whether the result is known to be a fixed point)."""
    out = text.replace("\r\n", "\n").replace("\r", "\n")
    nfc = unicodedata.normalize("NFC", out)
    if not _CONTROL_OR_STRONG.search(nfc) and not _has_mojibake_hint(nfc):
        # The common case: nothing but NFC and newlines to do, and nothing suspect left for another pass.
        return nfc, None, True
    out = _C0_CONTROL.sub("", nfc.replace("\x0b", "\n").replace("\x0c", "\n"))
    out = fix_mojibake(out)  # before dropping C1 controls: Latin-1 mojibake carries them
    out = _C1_CONTROL.sub("", out)
    if out != nfc:
        out = unicodedata.normalize("NFC", out)
    out, encoding = _repair_legacy_lines(out)
    if encoding is not None:
        out = unicodedata.normalize("NFC", out)
    return out, encoding, False


def repair_text(text: str) -> RepairResult:
    """Repair extracted text: CRLF/CR, vertical tab and form feed become LF; other control characters are dropped
    (tab and LF kept); mis-decoded UTF-8 is fixed; NFC; text typed in legacy TCVN3/VNI fonts is converted.

    Proper Unicode Vietnamese only gets NFC and newline normalisation.  The result is a fixed point: repairing it
    again changes nothing.
    """
    out, encoding, fixed = _repair_once(text)
    for _ in range(2):  # a repair can expose another (e.g. a control character hiding a mojibake pair)
        if fixed:
            break
        again, enc, fixed = _repair_once(out)
        if again == out:
            break
        out, encoding = again, encoding or enc
    return RepairResult(out, out != text, encoding)
