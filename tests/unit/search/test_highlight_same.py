"""services.search.highlight._matches gives exactly what its former, slower version gave (kept here verbatim as
the reference): random Vietnamese texts with and without diacritics, in any case, random folded and exact terms."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from services.search import highlight as hl
from services.search.analysis import fold, normalize


@dataclass(frozen=True)
class _OldMatch:
    text: str
    start: int
    end: int


def _old_matches(text: str, terms: set[str], exact: set[str] | frozenset[str] = frozenset(),
                 want_fragments: int = hl.MAX_FRAGMENTS) -> list[_OldMatch]:
    targets = sorted({t for t in terms if t} | {f for t in exact if (f := fold(t))})
    if not targets:
        return []
    cap = 2 * want_fragments + 2
    found: list[_OldMatch] = []
    lowered = text.lower()
    fast = len(lowered) == len(text) and not hl._STRAY_MARK_RE.search(text)
    for target in targets:
        n = 0
        for m in (hl._lower_pattern(target).finditer(lowered) if fast else hl._term_pattern(target).finditer(text)):
            token = text[m.start():m.end()] if fast else m.group(0)
            f = hl._fold_match(token)
            if f in terms or hl._exact_ok(token, f, terms, exact):
                found.append(_OldMatch(f, m.start(), m.end()))
                n += 1
                if n >= cap or m.start() > hl.SCAN_CHARS:
                    break
    found.sort(key=lambda h: (h.start, -h.end))
    out: list[_OldMatch] = []
    end = -1
    for h in found:
        if h.start >= end:
            out.append(h)
            end = h.end
    return out[:hl.MAX_MATCHES]


# invented syllables, accented and not, some that fold alike ("so"/"sở"/"số"), some with "&" and digits
SYLLABLES = ["quyết", "quyet", "định", "dinh", "Sở", "số", "so", "SỐ", "tài", "tai", "chính", "CHÍNH", "ngân",
             "sách", "đất", "dat", "Đất", "tt&tt", "tt", "ubnd", "UBND", "năm", "2025", "18/ct", "hà", "hạ", "ha",
             "tĩnh", "tinh", "thủy", "thuỷ", "hoà", "hòa", "ă", "ư", "ơ", "e\u0301", "o\u0302\u0301", "a\u0323",
             "x\u0301", "İ", "ß", "ﬁ", "çong", "ñgan", "ḍat", "ṭinh", "Ç", "ħ", "_", "-", ",", ".", "(", "<b>", "&", "\n"]
words = st.sampled_from(SYLLABLES) | st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậđèẻẽéẹ"
                                                     "ềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐÀÁẠ&_0123456789çñḍṭǹ",
                                            min_size=1, max_size=6)
texts = st.lists(words, max_size=80).map(" ".join)
query_words = st.lists(st.sampled_from(SYLLABLES[:30]) | words, min_size=0, max_size=5)


def _spec(ws: list[str], accented: list[str]) -> tuple[set[str], set[str]]:
    return {fold(w) for w in ws if fold(w)}, {normalize(w).lower() for w in accented}


def _same(text: str, terms: set[str], exact: set[str], want: int = hl.MAX_FRAGMENTS) -> None:
    text = unicodedata.normalize("NFC", text)
    old = [(m.text, m.start, m.end) for m in _old_matches(text, terms, exact, want)]
    new = [(m.text, m.start, m.end) for m in hl._matches(text, terms, exact, want)]
    assert new == old


@settings(max_examples=400, deadline=None)
@given(texts, query_words, st.lists(st.sampled_from(SYLLABLES[:30]), max_size=3), st.integers(1, 4))
def test_matches_are_the_former_ones(text: str, ws: list[str], accented: list[str], want: int) -> None:
    terms, exact = _spec(ws, accented)
    _same(text, terms, exact, want)
    _same(text.upper(), terms, exact, want)
    _same(unicodedata.normalize("NFD", text), terms, exact, want)


@settings(max_examples=60, deadline=None)
@given(texts, query_words)
def test_long_texts_past_the_scan_limits_are_the_former_ones(text: str, ws: list[str]) -> None:
    terms, exact = _spec(ws, [])
    long = (text + " ") * (1 + hl.SCAN_CHARS // max(1, len(text) + 1))
    _same(long[:hl.MAX_CHARS], terms | {"so"}, exact | {"số"})


def test_the_longer_overlapping_match_wins_as_before() -> None:
    text = "tt&tt và tt, TT&TT; Sở số so"
    for terms, exact in (({"tt&tt", "tt"}, set()), ({"so"}, {"sở"}), ({"tt", "so"}, {"số"})):
        _same(text, terms, exact)
        assert hl._matches(text, terms, exact)  # the case is not empty


@given(st.text(alphabet=st.characters(min_codepoint=0x2B0, max_codepoint=0x3FF) | st.characters(
    blacklist_categories=()) | st.sampled_from(["\u0300", "\u036f", "\u0370", "\u02ff", "ệ", "a"])))
@settings(max_examples=500, deadline=None)
def test_stray_mark_check_by_bytes_agrees_with_the_regex(text: str) -> None:
    """The byte test for combining marks answers as the regex over the characters does (surrogates included)."""
    assert hl._stray_marks(text) == bool(hl._STRAY_MARK_RE.search(text))


@st.composite
def _windows(draw: st.DrawFn) -> tuple[str, int, int, list[hl._Match]]:
    """A text (markup characters, white space, the two control characters the renderer uses), a window and
    ordered matches in it, the first one possibly running past the window's end (as highlight makes them)."""
    text = draw(st.text(alphabet=st.sampled_from(list("aĐố &<>\"'\n\t\x00\x01…")), min_size=1, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=10, unique=True)))
    start, end = cuts[0], cuts[-1]
    inside = [hl._Match("x", a, b) for a, b in zip(cuts[1:-1:2], cuts[2:-1:2], strict=False)]
    if inside and draw(st.booleans()):
        end = max(start, inside[-1].end - 1)
    return text, start, end, inside


@settings(max_examples=500, deadline=None)
@given(_windows())
def test_a_window_escaped_once_renders_as_escaped_piece_by_piece(w: tuple[str, int, int, list[hl._Match]]) -> None:
    """_render (the window escaped in one call, the tags as control characters) gives the string of the former
    rendering, which escapes every piece (kept as _render_parts, used when the window holds a control character)."""
    text, start, end, inside = w
    assert hl._render(text, start, end, inside) == hl._render_parts(text, start, end, inside)


def test_a_window_with_markup_and_a_control_character_renders_as_before() -> None:
    text = "a <b> & \"c\" 'd' \x00 e"
    inside = [hl._Match("b", 3, 4), hl._Match("c", 10, 11)]
    assert hl._render(text, 0, len(text), inside) == hl._render_parts(text, 0, len(text), inside)
    assert hl._render(text, 0, 8, inside[:1]) == "a &lt;<mark>b</mark>&gt; &amp; …"
