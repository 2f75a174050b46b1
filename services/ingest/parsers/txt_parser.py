"""Plain-text decoding: BOMs, UTF-8, UTF-16 without BOM, then legacy 8-bit Vietnamese (windows-1258, TCVN3, VNI)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from services.vntext import convert_legacy, repair_text

from . import _errors
from ._text import control_ratio, plausibility, vietnamese_score

_BOMS: list[tuple[bytes, str, str]] = [
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
]

PLAUSIBLE = 0.95  # plausibility (letters × syllables) for windows-1258 to be accepted outright
MAX_CONTROL_RATIO = 0.02


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _check_not_binary(text: str, encoding: str) -> None:
    if "\x00" in text:
        raise _errors.undecodable_text(detail=f"NUL characters after decoding as {encoding}")
    if control_ratio(text[:200000]) > MAX_CONTROL_RATIO:
        raise _errors.undecodable_text(detail=f"too many control characters after decoding as {encoding}")


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _legacy_candidates(data: bytes) -> list[tuple[str, str]]:
    """(encoding, text) guesses for 8-bit data: windows-1258, and TCVN3/VNI through the repair functions."""
    out: list[tuple[str, str]] = []
    try:
        out.append(("windows-1258", unicodedata.normalize("NFC", data.decode("cp1258"))))
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    for enc in ("tcvn3", "vni"):
        source = latin
        if enc == "vni":
            source = data.decode("cp1252", errors="ignore") if _cp1252_ok(data) else latin
        try:
            out.append((enc, convert_legacy(source, enc)))
        except Exception:  # the converter must not break decoding
            continue
    return out


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _nearly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes (a file cut mid-character, a stray byte): keep it, replacing those bytes."""
    if b"\x00" in data:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if bad and multibyte >= 20 * bad:
        _check_not_binary(text, "utf-8")
        return Decoded(text.replace("\ufffd", ""), "utf-8",
                       [f"Tệp UTF-8 có {bad} byte lỗi; các byte này đã bị bỏ qua."])
    return None


def decode_text(data: bytes) -> Decoded:
    """Decode the bytes of a text file. Raises IngestError undecodable_text for binary or undecodable data."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
                warnings: list[str] = []
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(codec, errors="replace")
                warnings = [f"Một số ký tự không hợp lệ theo bảng mã {name.upper()} đã được thay thế."]
            _check_not_binary(text, name)
            return Decoded(text, name, warnings)

    # UTF-16 without a BOM first: ASCII text in UTF-16 is also valid (NUL-laden) UTF-8
    guess = _utf16_guess(data)
    if guess:
        try:
            text = data[: len(data) - (len(data) % 2)].decode(guess)
        except UnicodeDecodeError:
            text = ""
        if text and vietnamese_score(text[:20000]) > 0.8:
            _check_not_binary(text, guess)
            return Decoded(text, guess)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_not_binary(text, "utf-8")
        return Decoded(text, "utf-8")

    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly

    if b"\x00" in data:
        raise _errors.undecodable_text(detail="NUL bytes in 8-bit content")
    sample = data[:200000]
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 11, 12, 13, 26))
    if ctrl >= 4 and ctrl / max(len(sample), 1) > MAX_CONTROL_RATIO:
        raise _errors.undecodable_text(detail="binary content (control bytes)")

    candidates = _legacy_candidates(data)
    scored = [(plausibility(t[:50000]), i, enc, t) for i, (enc, t) in enumerate(candidates)]
    if scored:
        best = max(scored, key=lambda s: (s[0], -s[1]))
        cp1258 = next((s for s in scored if s[2] == "windows-1258"), None)
        if cp1258 and cp1258[0] >= PLAUSIBLE and cp1258[0] >= best[0] - 0.01:
            return Decoded(cp1258[3], "windows-1258")
        if best[0] >= 0.9:
            warn = [] if best[2] == "windows-1258" else [
                f"Tệp văn bản dùng bảng mã cũ {best[2].upper()}; đã chuyển sang Unicode."]
            return Decoded(best[3], best[2], warn)

    # TCVN3 / VNI bytes read as Latin-1: repair_text's statistics convert them (see parse_document)
    latin = data.decode("latin-1")
    repaired = repair_text(latin)
    if repaired.legacy_encoding:
        family = "tcvn3" if repaired.legacy_encoding.startswith("tcvn3") else repaired.legacy_encoding
        return Decoded(latin, family, [f"Tệp văn bản dùng bảng mã cũ {family.upper()}; đã chuyển sang Unicode."])
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except Exception:
        match = None
    if match is not None:
        text = str(match)
        if plausibility(text[:50000]) >= 0.9 and control_ratio(text[:50000]) <= MAX_CONTROL_RATIO:
            return Decoded(text, match.encoding, [f"Bảng mã được đoán là {match.encoding}; cần kiểm tra lại nội dung."])
    if scored and max(s[0] for s in scored) >= 0.6:
        best = max(scored, key=lambda s: (s[0], -s[1]))
        return Decoded(best[3], best[2], ["Không chắc chắn về bảng mã của tệp văn bản; cần kiểm tra lại nội dung."])
    raise _errors.undecodable_text(detail="no encoding gives plausible Vietnamese text")
