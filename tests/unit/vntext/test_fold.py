"""fold, strip_diacritics, syllables; syllable structure."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.vntext import fold, is_syllable, strip_diacritics, syllables
from services.vntext.syllable import VIETNAMESE_LETTERS, parse_syllable, split_tone, with_tone


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Quyết định", "quyet dinh"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("ỦY BAN NHÂN DÂN", "uy ban nhan dan"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", "cong hoa xa hoi chu nghia viet nam"),
        ("Độc lập - Tự do - Hạnh phúc", "doc lap - tu do - hanh phuc"),
        ("Sở Tài nguyên và Môi trường", "so tai nguyen va moi truong"),
        ("đường", "duong"),
        ("Ðiều 40", "dieu 40"),
        ("Số 317/TB-UBND", "so 317/tb-ubnd"),
    ],
)
def test_fold(text: str, key: str) -> None:
    assert fold(text) == key


def test_fold_tone_styles_meet() -> None:
    assert fold("Uỷ ban, hoà giải, thuỷ lợi") == fold("Ủy ban, hòa giải, thủy lợi") == "uy ban, hoa giai, thuy loi"


def test_fold_nfd_input() -> None:
    assert fold(unicodedata.normalize("NFD", "Thừa Thiên Huế")) == "thua thien hue"


def test_strip_diacritics_keeps_case() -> None:
    assert strip_diacritics("Đường Quốc lộ 1A, ĐỒNG THÁP") == "Duong Quoc lo 1A, DONG THAP"
    assert strip_diacritics("Ðiều") == "Dieu"
    assert strip_diacritics("façade naïve") == "facade naive"
    assert strip_diacritics("") == ""


def test_syllables() -> None:
    assert syllables("Quyết định số 317/QĐ-UBND, ngày 15/3/2024.") == [
        "Quyết", "định", "số", "317", "QĐ", "UBND", "ngày", "15", "3", "2024",
    ]
    assert syllables(unicodedata.normalize("NFD", "Hà Nội")) == ["Hà", "Nội"]
    assert syllables("  \n ") == []
    assert syllables("a_b") == ["a", "b"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=VIETNAMESE_LETTERS + " .,-0123456789", max_size=80))
def test_fold_properties(text: str) -> None:
    key = fold(text)
    assert key.isascii()
    assert key == key.lower()
    assert fold(key) == key
    assert len(syllables(text)) == len(syllables(key))


# --- syllable structure ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "word",
    ["Quyết", "định", "nghiêng", "giữ", "gìn", "quỳnh", "khuya", "khuỷu", "người", "thuở", "oẳn", "xoong",
     "huỵch", "ĐƯỜNG", "a", "ý", "yêu", "chuyện", "nghĩa", "giếng", "quạ"],
)
def test_valid_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    ["QuyÕt", "®Þnh", "Coäng", "document", "with", "cãc", "càt", "hoàá", "UBND", "", "abc1", "qu", "ngh"],
)
def test_invalid_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_parse_syllable_parts() -> None:
    assert parse_syllable("Nghiệp") == ("ngh", "iêp", 5)
    assert parse_syllable("quý") == ("qu", "y", 4)
    assert parse_syllable("gìn") == ("g", "in", 1)
    assert parse_syllable("giữ") == ("gi", "ư", 3)


def test_tone_helpers() -> None:
    assert split_tone("Ặ") == ("Ă", 5)
    assert split_tone("b") == ("b", 0)
    assert with_tone("ơ", 4) == "ớ"
    assert with_tone("b", 4) == "b"


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ,.ðÐ0123456789", max_size=60))
def test_strip_diacritics_table_equals_decomposition(text: str) -> None:
    """The translation table (the hot path of indexing) gives what decomposing and dropping the marks gives."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    expected = bare.translate(str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}))
    assert strip_diacritics(text) == expected
    assert strip_diacritics(unicodedata.normalize("NFD", text)) == expected  # decomposed input too
