"""repair_text: newlines, controls, NFC, legacy detection/conversion, mojibake; never harms proper Unicode."""
from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.vntext import detect_legacy, encode_legacy, fix_mojibake, repair_text, syllables
from services.vntext.syllable import RIMES, TONE_MARKS, VIETNAMESE_LETTERS, split_tone, with_tone

DIRECTIVE = (
    "Thực hiện Quyết định số 317/QĐ-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân "
    "tỉnh yêu cầu các sở, ban, ngành nghiêm túc triển khai thực hiện các nội dung sau:\n"
    "1. Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Xây dựng và các đơn vị liên quan kiểm tra việc "
    "quản lý đất đai, báo cáo kết quả trước ngày 30 tháng 11 năm 2024.\n"
    "2. Sở Giao thông vận tải khẩn trương rà soát hệ thống đường giao thông, bảo đảm an toàn cho người dân."
)
HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def _tcvn3(text: str) -> str:
    """Encode as typed in .VnTime: toned capitals (which the font lacks) are typed as small letters."""
    lowered = "".join(c.lower() if c.isupper() and unicodedata.decomposition(c) and c not in "ĂÂÊÔƠƯĐ" else c
                      for c in text)
    return encode_legacy(lowered, "tcvn3")


def _as_typed_in_tcvn3(text: str) -> str:
    return "".join(c.lower() if c.isupper() and unicodedata.decomposition(c) and c not in "ĂÂÊÔƠƯĐ" else c
                   for c in text)


# ---------------------------------------------------------------------------------------------------------------
# Basics
def test_plain_text_unchanged() -> None:
    r = repair_text(DIRECTIVE)
    assert r.text == DIRECTIVE and not r.changed and r.legacy_encoding is None


def test_empty() -> None:
    assert repair_text("") == repair_text("")
    assert repair_text("").text == "" and not repair_text("").changed


def test_nfd_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", DIRECTIVE)
    r = repair_text(nfd)
    assert r.text == DIRECTIVE and r.changed and r.legacy_encoding is None


def test_newlines() -> None:
    assert repair_text("a\r\nb\rc\nd").text == "a\nb\nc\nd"
    assert repair_text("trang 1\x0ctrang 2\x0bx").text == "trang 1\ntrang 2\nx"


def test_control_characters_dropped_tab_kept() -> None:
    r = repair_text("Quyết\x00 định\x07\tsố\x1b 12\x7f\x85")
    assert r.text == "Quyết định\tsố 12" and r.changed


def test_format_characters_kept() -> None:
    # Soft hyphens and direction marks are not control characters: published text keeps them.
    text = "ch\xadưa công bố, tr\xadường hợp\u200e"
    assert repair_text(text).text == text


def test_stray_legacy_residue_in_unicode_text_untouched() -> None:
    text = "Việc gia hạn tạm giam được quy định nh¬ư sau:\na) Đối với tội phạm ít nghiêm trọng"
    assert repair_text(text).text == text


def test_eth_for_d_stroke_untouched() -> None:
    text = "khoản 1 Ðiều 40 của Bộ luật này"
    assert repair_text(text).text == text


# ---------------------------------------------------------------------------------------------------------------
# Legacy fonts
def test_tcvn3_document_detected_and_converted() -> None:
    original = _as_typed_in_tcvn3(DIRECTIVE)
    legacy = encode_legacy(original, "tcvn3")
    assert detect_legacy(legacy) == "tcvn3"
    r = repair_text(legacy)
    assert r.legacy_encoding == "tcvn3" and r.changed
    assert r.text == original


def test_vni_document_detected_and_converted() -> None:
    legacy = encode_legacy(HEADER + "\n" + DIRECTIVE, "vni")
    assert detect_legacy(legacy) == "vni"
    r = repair_text(legacy)
    assert r.legacy_encoding == "vni" and r.text == HEADER + "\n" + DIRECTIVE


def test_tcvn3_header_in_capitals() -> None:
    legacy = _tcvn3(HEADER)  # caps lock on in .VnTime: "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM"
    assert legacy.startswith("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM")
    r = repair_text(legacy + "\n" + _tcvn3(DIRECTIVE))
    assert r.legacy_encoding == "tcvn3"
    assert r.text.splitlines()[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_legacy_line_in_unicode_document() -> None:
    line = "Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Xây dựng kiểm tra việc quản lý đất đai."
    text = DIRECTIVE + "\n" + encode_legacy(line, "tcvn3") + "\n" + HEADER
    r = repair_text(text)
    assert r.text == DIRECTIVE + "\n" + line + "\n" + HEADER
    assert r.legacy_encoding == "tcvn3"
    text = HEADER + "\n" + encode_legacy(line, "vni")
    assert repair_text(text).text == HEADER + "\n" + line


@pytest.mark.parametrize(
    "text",
    [
        "The committee approved the budget for 2024 and asked all departments to report by 30 November.",
        "Copyright © 2024 ACME® Corporation. Price: £5, ¥300, 20 °C ± 2, 5 × 3 ÷ 2, § 4, ¶ 2.",
        "Le Général de Gaulle et la décolonisation de l'Indochine française, à Genève, déjà vu, Île-de-France.",
        "Die Größe der Wärmepumpe für Köln und München; Borås, Västergötland; Encyclopædia; Bensaïd; Niño.",
        "Tôi là ai, và có thể làm gì? Cô ấy đã đến.",
        "Hà Nội, ngày 15 tháng 3 năm 2024 · Số: 12/UBND-KT · Kính gửi: Sở Tài chính",
        "µ: Hiệu suất chu trình bơm - phát; rd = DF × rd,F + DD × rd,D",
        "Tên: Nguyễn Văn A; Email: a@b.vn; ® ™ © « » ¿ ¡",
    ],
)
def test_no_false_legacy_detection(text: str) -> None:
    assert detect_legacy(text) is None
    assert repair_text(text).text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("text", ["", "abc", "UBND tinh Quang Ngai", "12/2024/QD-UBND", "\n\n"])
def test_detect_legacy_nothing_to_detect(text: str) -> None:
    assert detect_legacy(text) is None


def test_short_ambiguous_legacy_left_alone() -> None:
    # "Tù dùng" is also good Unicode Vietnamese: too little evidence to convert text with no font information.
    assert repair_text("Tù dùng").text == "Tù dùng"


def test_windows_1258_decoded_text_untouched() -> None:
    # Windows-1258 spells tones as combining marks after a base letter (ô + U+0323 for ộ).
    def cp1258_form(text: str) -> str:
        out = []
        for ch in text:
            base, tone = split_tone(ch)
            out.append(base + TONE_MARKS[tone])
        return "".join(out)

    decoded = cp1258_form(DIRECTIVE).encode("cp1258").decode("cp1258")
    assert decoded != DIRECTIVE
    assert detect_legacy(decoded) is None
    assert repair_text(decoded).text == DIRECTIVE


# ---------------------------------------------------------------------------------------------------------------
# Mojibake
def test_mojibake_cp1252() -> None:
    broken = DIRECTIVE.encode("utf-8").decode("cp1252", errors="ignore")  # the 5 undefined bytes would be lost
    assert "Quyáº¿t" in broken
    fixed = fix_mojibake("Quyáº¿t Ä‘á»‹nh sá»‘ 12 cá»§a á»¦y ban nhÃ¢n dÃ¢n")
    assert fixed == "Quyết định số 12 của Ủy ban nhân dân"


def test_mojibake_latin1_with_c1_controls() -> None:
    broken = DIRECTIVE.encode("utf-8").decode("latin-1")
    r = repair_text(broken)
    assert r.text == DIRECTIVE and r.legacy_encoding is None


def test_mojibake_windows_undefined_bytes() -> None:
    # Windows maps cp1252's undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) to the C1 code points.
    text = "về Điều người"
    broken = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
    assert repair_text(broken).text == text


def test_mojibake_partial_and_double() -> None:
    assert repair_text("Giao Sá»Ÿ TÃ\xa0i chÃ\xadnh chá»§ trì thực hiện").text == "Giao Sở Tài chính chủ trì thực hiện"
    twice = "Quyết định của Ủy ban".encode().decode("cp1252").encode().decode("cp1252")
    assert repair_text(twice).text == "Quyết định của Ủy ban"


def test_mojibake_not_fired_on_latin_text() -> None:
    for text in ["Ã la carte", "Â© 2024 façade", "Copyright Â© Ã‰cole", "naïve café crème brûlée", "Ä‘ alone"]:
        assert fix_mojibake(text) == text


# ---------------------------------------------------------------------------------------------------------------
# Properties
_ALPHABET = VIETNAMESE_LETTERS + "0123456789 .,;:-/()\"'\n\t?!%"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_vietnamese_unicode_never_changed(text: str) -> None:
    r = repair_text(text)
    assert r.text == unicodedata.normalize("NFC", text)
    assert r.legacy_encoding is None


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=200).map(lambda s: unicodedata.normalize("NFD", s)))
def test_nfd_vietnamese_only_normalised(text: str) -> None:
    assert repair_text(text).text == unicodedata.normalize("NFC", text)


_NOISY = VIETNAMESE_LETTERS + "".join(map(chr, range(0x80, 0x100))) + "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ \n\r\t\x00\x0c.,"


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=120), st.text(alphabet=_NOISY, max_size=120)))
def test_idempotent_on_any_text(text: str) -> None:
    once = repair_text(text).text
    assert repair_text(once).text == once
    assert not repair_text(once).changed


_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "s", "t", "th", "tr", "v", "x"]
_RIMES = sorted(RIMES)


@st.composite
def _syllable(draw: st.DrawFn) -> str:
    onset = draw(st.sampled_from(_ONSETS))
    rime = draw(st.sampled_from(_RIMES))
    stop = rime.endswith(("c", "ch", "p", "t"))
    tone = draw(st.sampled_from([4, 5] if stop else [0, 1, 2, 3, 4, 5]))
    # put the tone on the last vowel letter (placement does not matter for encodings)
    idx = max(i for i, c in enumerate(rime) if c in "aăâeêioôơuưy")
    word = onset + rime[:idx] + with_tone(rime[idx], tone) + rime[idx + 1:]
    if draw(st.booleans()) and draw(st.booleans()):
        word = word[0].upper() + word[1:]
    return word


@settings(max_examples=40, deadline=None)
@given(st.lists(_syllable(), min_size=1, max_size=40).map(" ".join))
def test_legacy_round_trip_when_detected(text: str) -> None:
    for enc, source in (("vni", text), ("tcvn3", _as_typed_in_tcvn3(text))):
        legacy = encode_legacy(source, enc)
        r = repair_text(legacy)
        if r.legacy_encoding is not None:
            assert r.legacy_encoding == enc
            assert r.text == source
        else:
            assert r.text == legacy  # not detected: left exactly as it was


_VOCABULARY = sorted(set(syllables(DIRECTIVE + " " + HEADER + " " + " ".join(
    "Ủy ban nhân dân tỉnh Quảng Ngãi đề nghị Giám đốc các sở, thủ trưởng cơ quan, đơn vị khẩn trương triển khai "
    "kế hoạch phòng chống thiên tai, bảo đảm an ninh trật tự, tuyên truyền phổ biến giáo dục pháp luật, giải quyết "
    "kiến nghị của cử tri, xử lý nghiêm vi phạm, tổng hợp báo cáo kết quả thực hiện về Văn phòng".split()))))


_SENTENCE_CASE = [w for w in _VOCABULARY if not (len(w) > 1 and w.isupper())]


def test_detection_on_random_sentences() -> None:
    rng = random.Random(20241130)
    for enc in ("vni", "tcvn3"):
        for _ in range(100):
            # words in capitals are left out: TCVN3 typists lose toned capitals (checked separately above)
            source = " ".join(rng.choice(_SENTENCE_CASE) for _ in range(rng.randint(12, 30)))
            if enc == "tcvn3":
                source = _as_typed_in_tcvn3(source)
            r = repair_text(encode_legacy(source, enc))
            assert (r.legacy_encoding, r.text) == (enc, source)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([*_VOCABULARY, ",", ".", "\n", "-", "(", ")"]), max_size=60).map(" ".join))
def test_unicode_sentences_never_changed(text: str) -> None:
    assert repair_text(text).text == text


# ---------------------------------------------------------------------------------------------------------------
# Real data: ../shared/data (absent from a user's clone)
SHARED_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


def _shared_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted(SHARED_DATA.glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                row = json.loads(line)
                if isinstance(row.get("text"), str):
                    texts.append((f"{path.name}:{i + 1}", row["text"]))
    for sub in ("corpus-2025", "laws"):
        for path in sorted((SHARED_DATA / sub).iterdir()):
            if path.is_file():
                texts.append((f"{sub}/{path.name}", path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not present (only on the project machine)")
def test_shared_data_unchanged_beyond_nfc() -> None:
    texts = _shared_texts()
    assert len(texts) > 300
    changed = []
    n_changed = 0
    for name, text in texts:
        r = repair_text(text)
        n_changed += r.changed
        if not r.changed:
            continue  # identical: nothing beyond NFC and newlines changed (the laws in NFD must change, below)
        expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        if r.text != expected or r.legacy_encoding is not None:
            changed.append(name)
    assert changed == []
    assert n_changed > 0  # some laws are in NFD
