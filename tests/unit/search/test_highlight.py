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
