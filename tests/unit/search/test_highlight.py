"""services.search.highlight: HTML-safe snippets, diacritic-insensitive marks."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from services.search.highlight import highlight


def test_marks_matches_regardless_of_diacritics() -> None:
    (frag,) = highlight(["Ủy ban quyết định giao nhiệm vụ cho Sở."], {"quyet", "dinh"})
    assert "<mark>quyết</mark> <mark>định</mark>" in frag


def test_text_is_escaped() -> None:
    (frag,) = highlight(['<script>alert("x")</script> & ngân sách <b>'], {"ngan", "sach"})
    assert "<script>" not in frag and "<b>" not in frag
    assert "&lt;script&gt;" in frag and "&amp;" in frag
    assert "<mark>ngân</mark> <mark>sách</mark>" in frag


def test_no_terms_or_no_match() -> None:
    assert highlight(["abc"], set()) == []
    assert highlight(["abc"], {"xyz"}) == []
    assert highlight([None, ""], {"x"}) == []


def test_long_text_gives_bounded_fragments_best_first() -> None:
    text = ("lorem " * 100) + "ngân " + ("ipsum " * 100) + "ngân sách " + ("dolor " * 100)
    frags = highlight([text], {"ngan", "sach"})
    assert 1 <= len(frags) <= 3
    assert "<mark>sách</mark>" in frags[0]
    assert all(len(re.sub("<[^>]+>", "", f)) < 260 for f in frags)


@given(st.text(max_size=300))
def test_only_mark_tags_survive(text: str) -> None:
    for frag in highlight([text + " ngân"], {"ngan"}):
        assert re.sub(r"</?mark>", "", frag).count("<") == 0


def test_accented_query_terms_mark_only_their_spelling() -> None:
    """q=Sở Xây dựng must not mark "số" in "Tờ trình số 72"; a term typed without accents marks every spelling."""
    text = "Tờ trình số 72 của Sở Xây dựng; sổ sách. Sở xây dựng lại."
    joined = " ".join(highlight([text], set(), exact={"sở", "xây", "dựng"}))
    assert "<mark>Sở</mark> <mark>Xây</mark> <mark>dựng</mark>" in joined
    assert "<mark>số</mark>" not in joined and "<mark>sổ</mark>" not in joined
    joined = " ".join(highlight([text], {"so"}))
    assert "<mark>số</mark>" in joined and "<mark>Sở</mark>" in joined


def test_long_text_is_never_folded_whole() -> None:
    from services.search import highlight as hl

    text = "ngân sách " * 50 + "x " * 200_000
    calls: list[int] = []
    real = hl.fold
    hl.fold = lambda s: (calls.append(len(s)), real(s))[1]  # type: ignore[assignment]
    try:
        assert highlight([text], {"ngan", "sach"})
    finally:
        hl.fold = real  # type: ignore[assignment]
    assert sum(calls) < 200  # the matched tokens only, not the 30 000 characters read


def test_folded_terms_match_every_case_and_mark_in_the_original_text() -> None:
    text = "ĐIỀU 3. Đất đai thuộc sở hữu toàn dân; dat dai được quản lý. Điều khoản."
    joined = " ".join(highlight([text], {"dat", "dai", "dieu"}))
    for word in ("ĐIỀU", "Đất", "đai", "dat", "dai", "Điều"):
        assert f"<mark>{word}</mark>" in joined
    assert "<mark>khoản</mark>" not in joined and "<mark>Điều</mark> khoản" in joined


def test_a_mark_nfc_cannot_attach_does_not_break_the_word() -> None:
    text = "Ngân sa\u0301ch nhà nước năm sau"  # "á" written as a + combining acute: NFC composes it
    assert "<mark>sách</mark>" in " ".join(highlight([text], {"sach"}))
    odd = "Ngân sạ\u0301ch nhà nước"  # a second tone mark NFC cannot attach
    assert "<mark>sạ\u0301ch</mark>" in " ".join(highlight([odd], {"sach"}))


def test_overlapping_terms_mark_the_longer_match_once() -> None:
    joined = " ".join(highlight(["Sở TT&TT và Sở TT tỉnh"], {"tt&tt", "tt"}))
    assert "<mark>TT&amp;TT</mark>" in joined and "<mark>TT</mark> tỉnh" in joined
