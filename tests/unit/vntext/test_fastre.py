"""first_char_guard: the guarded pattern finds exactly the matches of the pattern as written."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.ingest.understanding import confidence, deadlines, references, tasks
from services.vntext.fastre import GUARDED, first_char_guard, first_chars

PIECES = [
    " ", "\n", ",", ".", ":", ";", "(", ")", "1", "15/11/2025", " năm 2025", "tháng 6", "quý II", "Quý IV-2025",
    "trước ngày ", "giao ", "Giao ", "yêu cầu ", "Đề nghị ", "đề nghị ", "chỉ đạo", "Sở Y tế", "UBND tỉnh", "Bộ ",
    "Chủ tịch ", "Thủ tướng Chính phủ", "gửi ", "văn bản", "Công văn số ", "Quyết định", "mẫu số ", "hằng năm",
    "6 tháng đầu năm", "cuối năm", "khi có", "Số: ", "Kính gửi", "Các ", "các ", "với", "Điện thoại", "x", "ư",
]
texts = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(PIECES), max_size=25).map("".join))


def _spans(p: re.Pattern[str], s: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in p.finditer(s)]


def test_the_modules_guard_what_they_name() -> None:
    modules = {module for module, _ in GUARDED}
    assert {confidence.__name__, deadlines.__name__, references.__name__, tasks.__name__} <= modules
    assert references._TYPE_BEFORE.pattern.startswith("(?i)(?=[")


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_guarded_module_patterns_find_the_same_matches(text: str) -> None:
    for original, guarded in GUARDED.values():
        assert _spans(guarded, text) == _spans(original, text)
        for k in range(0, len(text) + 1, 4):
            a, b = original.match(text, k), guarded.match(text, k)
            assert (a.span() if a else None) == (b.span() if b else None)


def test_first_chars_of_invented_patterns() -> None:
    assert first_chars(re.compile(r"(?<!\w)(?:[Gg]iao|yêu\s+cầu)")) == "[Ggy]"
    assert first_chars(re.compile(r"(?:a|b)?c")) == "[abc]"
    assert first_chars(re.compile(r"x*")) is None  # may match the empty string: no test in front
    assert first_chars(re.compile(r"(?i:a)b")) is None  # inline flags: left alone
    p = re.compile(r"(?<![\d/])(?:ngày|tháng)\s+\d+")
    assert first_char_guard(p).pattern == "(?=[nt])" + p.pattern
    literal = re.compile(r"Nơi\s+nhận")
    assert first_char_guard(literal) is literal  # the re module already searches for its literal start
