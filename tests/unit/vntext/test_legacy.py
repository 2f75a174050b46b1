"""TCVN3 / VNI tables, conversion, encoding and font names."""
from __future__ import annotations

import unicodedata

import pytest

from services.vntext import convert_legacy, encode_legacy, font_encoding
from services.vntext.legacy import TCVN3_DECODE, VNI_DECODE, VNI_ENCODE
from services.vntext.syllable import VIETNAMESE_LOWER

PHRASES = [
    "Ủy ban nhân dân",
    "Quyết định",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "nghiêm túc",
    "thực hiện",
    "đường",
    "Sở Tài nguyên và Môi trường",
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "khuỷu tay, ngoằn ngoèo, quỳnh, giữ gìn, thuở, người, chuyển, hoàn, khuya",
]

# Published legacy strings (classic examples in converter documentation), typed here as the standard gives them.
KNOWN_TCVN3 = [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("TiÕng ViÖt rÊt hay", "Tiếng Việt rất hay"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("B¸t X¸t", "Bát Xát"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),
    ("QuyÕt ®Þnh", "Quyết định"),
    ("Së Tµi nguyªn vµ M«i tr\xadêng", "Sở Tài nguyên và Môi trường"),
]
KNOWN_VNI = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Tieáng Vieät raát hay", "Tiếng Việt rất hay"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("UÛY BAN NHAÂN DAÂN", "ỦY BAN NHÂN DÂN"),
    ("ñöôøng", "đường"),
]


@pytest.mark.parametrize(("legacy", "unicode"), KNOWN_TCVN3)
def test_known_tcvn3(legacy: str, unicode: str) -> None:
    assert convert_legacy(legacy, "tcvn3") == unicode
    assert encode_legacy(unicode, "tcvn3") == legacy


@pytest.mark.parametrize(("legacy", "unicode"), KNOWN_VNI)
def test_known_vni(legacy: str, unicode: str) -> None:
    assert convert_legacy(legacy, "vni") == unicode
    assert encode_legacy(unicode, "vni") == legacy


def test_tcvn3_table_layout() -> None:
    # 12 vowels x 5 tones + 7 capitals + 7 small letters, all at bytes 0xA1-0xFE.
    assert len(TCVN3_DECODE) == 74
    assert all(0xA1 <= ord(c) <= 0xFE for c in TCVN3_DECODE)
    assert len(set(TCVN3_DECODE.values())) == 74
    # Spot checks against TCVN 5712:1993 (VN3) byte positions.
    expected = {0xA7: "Đ", 0xAE: "đ", 0xAD: "ư", 0xAC: "ơ", 0xB5: "à", 0xB8: "á", 0xB9: "ạ", 0xC6: "ặ", 0xCA: "ấ",
                0xD0: "é", 0xD5: "ế", 0xDC: "ĩ", 0xDE: "ị", 0xE3: "ó", 0xE8: "ố", 0xEE: "ợ", 0xF1: "ủ", 0xF9: "ự",
                0xFD: "ý", 0xFE: "ỵ", 0xA1: "Ă", 0xA6: "Ư"}
    for byte, letter in expected.items():
        assert TCVN3_DECODE[chr(byte)] == letter


def test_tcvn3_unused_bytes_pass_through() -> None:
    for byte in (0xA0, 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xBA, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xCD, 0xD9, 0xDA,
                 0xDB, 0xE0, 0xF0, 0xFF):
        assert convert_legacy(chr(byte), "tcvn3") == chr(byte)


def test_every_lowercase_letter_round_trips() -> None:
    for ch in VIETNAMESE_LOWER:
        for enc in ("tcvn3", "vni"):
            assert convert_legacy(encode_legacy(ch, enc), enc) == ch, (ch, enc)


def test_every_capital_round_trips_in_vni_and_h_fonts() -> None:
    for ch in VIETNAMESE_LOWER.upper():
        assert convert_legacy(encode_legacy(ch, "vni"), "vni") == ch
        assert convert_legacy(encode_legacy(ch, "tcvn3h"), "tcvn3h") == ch


def test_vni_table_is_a_bijection() -> None:
    assert len(VNI_ENCODE) == 2 * 12 * 6 + 2
    assert len(set(VNI_ENCODE.values())) == len(VNI_ENCODE)
    assert all(all(0x41 <= ord(c) <= 0xFF for c in v) for v in VNI_ENCODE.values())
    assert VNI_DECODE["oâ"] == "ô" and VNI_DECODE["ô"] == "ơ" and VNI_DECODE["ö"] == "ư" and VNI_DECODE["ñ"] == "đ"


@pytest.mark.parametrize("phrase", PHRASES)
def test_vni_round_trip(phrase: str) -> None:
    assert convert_legacy(encode_legacy(phrase, "vni"), "vni") == phrase


@pytest.mark.parametrize("phrase", PHRASES)
def test_tcvn3h_round_trip_upper(phrase: str) -> None:
    assert convert_legacy(encode_legacy(phrase, "tcvn3h"), "tcvn3h") == phrase.upper()


@pytest.mark.parametrize("phrase", [p for p in PHRASES if not p.startswith(("Ủy", "ỦY"))])
def test_tcvn3_round_trip(phrase: str) -> None:
    assert convert_legacy(encode_legacy(phrase, "tcvn3"), "tcvn3") == phrase


def test_tcvn3_cannot_encode_toned_capitals() -> None:
    with pytest.raises(ValueError, match="Ủ"):
        encode_legacy("Ủy ban", "tcvn3")


def test_tcvn3_words_typed_in_capitals_become_capitals() -> None:
    # Toned capitals do not exist in .VnTime: "QUYÕT" is QUYẾT typed with the capital code points missing.
    assert convert_legacy("QUYÕT §ÞNH", "tcvn3") == "QUYẾT ĐỊNH"
    assert convert_legacy("CéNG HßA", "tcvn3") == "CỘNG HÒA"
    # A single capital letter (sentence start) stays a sentence-case word.
    assert convert_legacy("Sè", "tcvn3") == "Số"


def test_h_fonts_upper_everything() -> None:
    assert convert_legacy("quyÕt ®Þnh", "tcvn3h") == "QUYẾT ĐỊNH"


def test_convert_output_is_nfc_and_plain_ascii_unchanged() -> None:
    out = convert_legacy("Céng hßa 2024/Q§-UBND", "tcvn3")
    assert unicodedata.is_normalized("NFC", out)
    for enc in ("tcvn3", "tcvn3h", "vni"):
        text = "Van ban so 12/2024" if enc != "tcvn3h" else "VAN BAN SO 12/2024"
        assert convert_legacy(text, enc) == text


def test_vni_mark_case_follows_base() -> None:
    assert convert_legacy("Vieät", "vni") == "Việt"
    assert convert_legacy("VIEÄT", "vni") == "VIỆT"
    assert convert_legacy("Aù", "vni") == "Á"


def test_unknown_encoding() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert_legacy("x", "viscii")
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        encode_legacy("x", "viscii")


@pytest.mark.parametrize(
    ("font", "encoding"),
    [
        (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3h"), (".VnArial", "tcvn3"), (".VnArialH", "tcvn3h"),
        (".VnCentury Schoolbook", "tcvn3"), (".VnCentury SchoolbookH", "tcvn3h"), (".VnArial NarrowH", "tcvn3h"),
        (".VnBook-Antiqua", "tcvn3"), (".VnBook-AntiquaH", "tcvn3h"), (".VnTimeH Bold", "tcvn3h"),
        (" .vntime ", "tcvn3"), ("VNI-Times", "vni"), ("VNI-Helve", "vni"), ("VNI-Helve-Condense", "vni"),
        ("vni-times", "vni"), ("Times New Roman", None), ("Arial", None), ("", None), (None, None),
        ("Vni", None), ("VnTime", None),
    ],
)
def test_font_encoding(font: str | None, encoding: str | None) -> None:
    assert font_encoding(font) == encoding


def test_unicode_run_in_legacy_font_kept() -> None:
    # Pasted Unicode text keeps its .VnTime/VNI-Times font name: converting it would garble it.
    for text in ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Quyết định", "đường"):
        for enc in ("tcvn3", "tcvn3h", "vni"):
            assert convert_legacy(text, enc) == text
    assert convert_legacy("Cộng hòa", "tcvn3", keep_unicode=False) == "Cộng hũa"
