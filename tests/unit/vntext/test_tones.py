"""normalize_tones: one tone placement for search keys (hòa, thủy, khỏe, ủy)."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.vntext import normalize_tones, strip_diacritics
from services.vntext.syllable import VIETNAMESE_LETTERS, split_tone


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("hoà", "hòa"), ("hoá", "hóa"), ("hoả", "hỏa"), ("hoã", "hõa"), ("hoạ", "họa"),
        ("thuỷ", "thủy"), ("thuý", "thúy"), ("luỹ", "lũy"), ("tuỳ", "tùy"), ("huỵ", "hụy"),
        ("khoẻ", "khỏe"), ("toè", "tòe"), ("xoè", "xòe"), ("loẹ", "lọe"),
        ("uỷ", "ủy"), ("Uỷ ban", "Ủy ban"), ("UỶ BAN", "ỦY BAN"), ("Hoà Bình", "Hòa Bình"),
        ("Khánh Hoà", "Khánh Hòa"), ("Cộng hoà", "Cộng hòa"), ("thoả thuận", "thỏa thuận"),
        ("hóa", "hóa"), ("thủy", "thủy"), ("khỏe", "khỏe"), ("ủy", "ủy"),
        # misplaced tones in closed syllables and with gi/qu onsets go to their only right place
        ("hòang", "hoàng"), ("tóan", "toán"), ("gìa", "già"), ("qùa", "quà"), ("ngừơi", "người"), ("thủơ", "thuở"),
    ],
)
def test_moves_tone(written: str, normalised: str) -> None:
    assert normalize_tones(written) == normalised


@pytest.mark.parametrize(
    "word",
    [
        "quý", "quỳnh", "quả", "quốc", "quyết", "quyền", "giữ", "gìn", "già", "giếng", "hoàng", "hoạch", "hoàn",
        "toán", "thuở", "khuya", "người", "chuyển", "thuế", "huệ", "khuỷu", "ngoái", "ngoẹo", "ngoằn", "mía",
        "của", "lửa", "mùa", "tuổi", "yêu", "yến", "ươm", "nguyễn", "Nguyễn", "ĐƯỜNG", "Quyết", "QUYẾT",
        "huỵch", "khoắng", "xoong", "ai", "ở", "ý",
    ],
)
def test_keeps_correct_placement(word: str) -> None:
    assert normalize_tones(word) == word


@pytest.mark.parametrize("text", ["UBND", "317/TB-UBND", "email@example.com", "café", "naïve", "2024", "", "x"])
def test_non_vietnamese_untouched(text: str) -> None:
    assert normalize_tones(text) == text


def test_two_tone_marks_left_alone() -> None:
    assert normalize_tones("hoàá") == "hoàá"


def test_sentence() -> None:
    assert normalize_tones("Uỷ ban nhân dân tỉnh Khánh Hoà giao Sở Y tế đảm bảo sức khoẻ, thuỷ lợi.") == (
        "Ủy ban nhân dân tỉnh Khánh Hòa giao Sở Y tế đảm bảo sức khỏe, thủy lợi."
    )


def test_nfc_in_and_out() -> None:
    out = normalize_tones(unicodedata.normalize("NFD", "Uỷ ban hoà giải"))
    assert out == "Ủy ban hòa giải" and unicodedata.is_normalized("NFC", out)


_TEXT = st.text(alphabet=VIETNAMESE_LETTERS + " ,.-\n", max_size=80)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_properties(text: str) -> None:
    out = normalize_tones(text)
    nfc = unicodedata.normalize("NFC", text)
    assert normalize_tones(out) == out  # idempotent
    assert len(out) == len(nfc)
    assert strip_diacritics(out) == strip_diacritics(nfc)  # only tone marks move
    assert [c.isupper() for c in out] == [c.isupper() for c in nfc]  # case kept per position
    assert sorted(split_tone(c)[1] for c in out) == sorted(split_tone(c)[1] for c in nfc)
