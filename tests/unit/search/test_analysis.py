"""services.search.analysis: normalisation, folding, tokens, bigrams, abbreviations, facet keys."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.search.analysis import (
    ABBREVIATIONS,
    analyze,
    bigrams,
    expand_abbreviations,
    find_abbreviations,
    fold,
    key_of,
    normalize,
    normalize_tones,
    strip_diacritics,
    tokenize,
)

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


@pytest.mark.parametrize(("old", "new"), [
    ("hoà", "hòa"), ("thuỷ", "thủy"), ("Uỷ", "Ủy"), ("khoẻ", "khỏe"), ("hoá", "hóa"), ("HOÀ", "HÒA"),
])
def test_tone_placement_variants_are_the_same_token(old: str, new: str) -> None:
    assert normalize_tones(old) == normalize_tones(new)
    assert tokenize(old) == tokenize(new)


@pytest.mark.parametrize("word", ["người", "quyết", "định", "giữa", "gì", "quả", "của", "ngoài", "thuở", "tiến",
                                  "khuỷu", "nghiêng", "Nghệ"])
def test_correct_words_are_unchanged(word: str) -> None:
    assert normalize_tones(word) == word


def test_decomposed_input_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Quyết định")
    assert tokenize(nfd) == ["quyết", "định"]


def test_fold_strips_diacritics_and_d_bar() -> None:
    assert strip_diacritics("Đồng Tháp, Quyết định") == "Dong Thap, Quyet dinh"
    assert fold("ĐẮK LẮK") == "dak lak"


def test_tokenize_keeps_ampersand_abbreviations_and_splits_numbers() -> None:
    assert tokenize("Sở TT&TT; 317/TB–UBND, ngày 7/10/2008") == [
        "sở", "tt&tt", "317", "tb", "ubnd", "ngày", "7", "10", "2008"]


def test_compound_abbreviation_spellings_unify() -> None:
    assert tokenize("Sở LĐ-TB&XH") == tokenize("Sở LĐTB&XH") == ["sở", "lđtb&xh"]
    assert tokenize("Sở TT & TT") == ["sở", "tt&tt"]


def test_bigrams() -> None:
    assert bigrams(["quyết", "định", "giao"]) == ["quyết_định", "định_giao"]
    assert bigrams(["một"]) == []


def test_abbreviations_found_in_both_forms() -> None:
    short = [m.key for m in find_abbreviations([fold(t) for t in tokenize("UBND tỉnh, Sở TN&MT, HĐND")])]
    long = [m.key for m in find_abbreviations([fold(t) for t in tokenize(
        "Ủy ban nhân dân tỉnh, Sở Tài nguyên và Môi trường, Hội đồng nhân dân")])]
    assert short == long == ["ubnd", "tn&mt", "hdnd"]


@pytest.mark.parametrize(("short", "long"), [
    ("QĐ", "quyết định"), ("TB", "thông báo"), ("TTg", "Thủ tướng"), ("CP", "Chính phủ"), ("NĐ", "nghị định"),
    ("TT", "thông tư"), ("KH&ĐT", "Kế hoạch và Đầu tư"), ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("GD&ĐT", "Giáo dục và Đào tạo"), ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
    ("TT&TT", "Thông tin và Truyền thông"),
])
def test_abbreviation_table_both_ways(short: str, long: str) -> None:
    assert analyze([short]).abbr == analyze([long]).abbr != []


def test_every_abbreviation_key_is_its_own_folded_token() -> None:
    for key in ABBREVIATIONS:
        assert fold(key) == key and " " not in key


def test_expand_abbreviations() -> None:
    assert expand_abbreviations(["so", "tt&tt"]) == ["so", "thong", "tin", "va", "truyen", "thong"]


def test_key_of_equates_abbreviated_and_full_names() -> None:
    assert key_of("UBND tỉnh Nghệ An") == key_of("Ủy ban nhân dân tỉnh Nghệ An") == key_of("uy ban nhan dan tinh nghe an")
    assert key_of("Sở TN&MT") == key_of("Sở Tài nguyên và Môi trường")
    assert key_of("QĐ") == key_of("Quyết định")


def test_analyze_fields_line_up() -> None:
    a = analyze(["Quyết định giao nhiệm vụ", None, "UBND tỉnh"])
    assert a.syl == ["quyết", "định", "giao", "nhiệm", "vụ", "ubnd", "tỉnh"]
    assert a.fold == ["quyet", "dinh", "giao", "nhiem", "vu", "ubnd", "tinh"]
    assert "vụ_ubnd" not in a.bi  # bigrams stay inside a part
    assert a.fold_bi[0] == "quyet_dinh"
    assert a.abbr == ["qd", "ubnd"]
    fields = a.as_fields()
    assert all(" " not in t for v in fields.values() for t in v.split(" "))


@given(st.text(alphabet=VIET + VIET.upper() + " ,.-/&\u0301\u0300", max_size=60))
def test_properties(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once  # idempotent
    toks = tokenize(text)
    assert all(t == t.lower() and t.strip() == t and t for t in toks)
    assert [fold(t) for t in toks] == tokenize(fold(text))  # folding commutes with tokenising
    assert fold(fold(text)) == fold(text)
    assert fold(text).isascii() or not all(c in VIET + VIET.upper() + " ,.-/&" for c in text)


@given(st.text(alphabet=VIET, min_size=1, max_size=8))
def test_fold_of_token_is_ascii(word: str) -> None:
    assert all(fold(t).isascii() for t in tokenize(word))


# the fast paths of indexing give exactly what the plain regex scans give
_TEXT_CHARS = st.sampled_from([*VIET, *VIET.upper(), *"0123456789 ,.;:()-/|&_\"[]…%#“”\u0301\u0323\u00a0–\n\t",
                               "UBND", "TT&TT", "thông tin", "truyền thông", "Ủy ban nhân dân", "kế hoạch", "đầu tư"])


@given(st.lists(_TEXT_CHARS, max_size=80).map("".join))
def test_fast_tokenizer_equals_the_token_regex(text: str) -> None:
    from services.search.analysis import _TOKEN_RE, _norm_token, _prepare

    assert tokenize(text) == [_norm_token(t) for t in _TOKEN_RE.findall(_prepare(text).lower())]


_ABBR_WORDS = st.sampled_from(["ủy", "ban", "nhân", "dân", "ubnd", "thông", "tin", "và", "truyền", "tư", "báo",
                               "kế", "hoạch", "đầu", "tt", "kh&đt", "hội", "đồng", "cp", "chính", "phủ", "nhà",
                               "bảo", "hiểm", "xã", "y", "tế", "văn", "phòng", "tỉnh", "của"])


@given(st.lists(_ABBR_WORDS, max_size=40))
def test_abbreviation_scan_equals_the_regex_and_the_greedy_scan(words: list[str]) -> None:
    from services.search.analysis import _abbreviation_keys_fast, _abbreviation_keys_re, abbreviation_keys

    folded = [fold(t) for t in tokenize(" ".join(words))]
    expected = _abbreviation_keys_re(folded)
    assert abbreviation_keys(folded) == expected == [m.key for m in find_abbreviations(folded)]
    assert abbreviation_keys(folded, bigrams(folded)) == expected
    assert _abbreviation_keys_fast(folded) == expected
    assert analyze([" ".join(words)]).abbr == expected


@given(st.lists(st.one_of(st.none(), st.lists(_TEXT_CHARS, max_size=30).map("".join)), max_size=4))
def test_analyze_fields_equals_analyze_as_fields(parts: list[str | None]) -> None:
    from services.search.analysis import analyze_fields

    assert analyze_fields(parts) == analyze(parts).as_fields()
    assert analyze_fields(parts, "x_") == analyze(parts).as_fields("x_")


# what analyze_fields must analyse exactly as analyze: every kind of white space, runs of spaces, letters whose lower case or fold is unusual, compound abbreviations spread over several words
_ODD_PIECES = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u200b", "\u2003", "İ", "Σ", "ς", "ﬂ", "ð",
                               "LĐ - TB & XH", "lđtb&xh", "VH, TT & DL", "vh‐tt‐dl", "TN & MT", "ld", "Vh", "ǅ",
                               "hoà", "HOÀ", "thuỷ", "123/QĐ-UBND", "(2025),"])


@given(st.lists(st.one_of(_TEXT_CHARS, _ODD_PIECES), max_size=60).map("".join),
       st.lists(st.one_of(_TEXT_CHARS, _ODD_PIECES), max_size=20).map("".join))
def test_analyze_fields_equals_analyze_on_odd_pieces(text: str, subject: str) -> None:
    from services.search.analysis import (
        _COMPOUND_HINT_RE,
        _MAYBE_COMPOUND_RE,
        _maybe_compound,
        _prepare,
        analyze_fields,
    )

    expected = analyze([subject, text]).as_fields()
    assert analyze_fields([subject, text]) == expected
    assert " ".join(tokenize(subject) + tokenize(text)) == expected["syl"]
    for t in (text, subject, _prepare(text)):  # the cheap gate never hides a compound spelling
        assert not _COMPOUND_HINT_RE.search(t) or "&" in t or _maybe_compound(t)
        assert _maybe_compound(t) == (_MAYBE_COMPOUND_RE.search(t) is not None)  # the pairs are the regex's


@given(st.lists(st.sampled_from(["a", "bé", "tt&tt", "12", "đ", "x_y"]), min_size=2, max_size=30))
def test_bigram_string_equals_joined_bigrams(tokens: list[str]) -> None:
    from services.search.analysis import _bigram_string

    assert _bigram_string(tokens) == " ".join(bigrams(tokens))
