"""services.search.query: the search-box syntax."""
from __future__ import annotations

import pytest

from services.search.analysis import key_of
from services.search.query import Clause, parse_query


def kinds(q: str) -> list[list[tuple[str, tuple[str, ...]]]]:
    return [[(c.kind, c.tokens) for c in g] for g in parse_query(q).groups]


def test_words_and_abbreviation_concepts() -> None:
    p = parse_query("quyết định giao nhiệm vụ")
    assert [g[0].kind for g in p.groups] == ["concept", "word", "word", "word"]
    assert p.groups[0][0].key == "qd"
    assert p.segments == [["giao", "nhiệm", "vụ"]]  # bigram runs break at abbreviations


def test_abbreviation_written_short_or_long_is_the_same_concept() -> None:
    short = parse_query("UBND tỉnh").groups[0][0]
    long = parse_query("Ủy ban nhân dân tỉnh").groups[0][0]
    assert short.kind == long.kind == "concept" and short.key == long.key == "ubnd"


def test_phrase_and_exclusions() -> None:
    p = parse_query('"giao nhiệm vụ" -"xây dựng" -tài')
    assert [(c.kind, c.tokens) for g in p.groups for c in g] == [("phrase", ("giao", "nhiệm", "vụ"))]
    assert [(c.kind, c.tokens) for c in p.excluded] == [("phrase", ("xây", "dựng")), ("word", ("tài",))]


def test_curly_quotes_and_unterminated_phrase() -> None:
    assert kinds("“kết luận”") == [[("phrase", ("kết", "luận"))]]
    assert kinds('"kết luận') == [[("phrase", ("kết", "luận"))]]


def test_or_makes_alternatives() -> None:
    assert kinds("xây OR dựng nhà") == [[("word", ("xây",)), ("word", ("dựng",))], [("word", ("nhà",))]]
    assert len(kinds('"a b" OR "c d"')) == 1
    assert kinds("OR nhà") == [[("word", ("nhà",))]]  # a leading OR is ignored
    assert len(kinds("nhà | cửa")) == 1


def test_field_values() -> None:
    p = parse_query('type:QĐ issuer:"UBND tỉnh Nghệ An" unit:Sở-Xây-dựng number:317/TB-UBND year:2024 nam:2023 -loai:"Công văn"')
    assert p.fields == {"type": ["QĐ"], "issuer": ["UBND tỉnh Nghệ An"], "unit": ["Sở-Xây-dựng"],
                        "number": ["317/TB-UBND"], "year": ["2024", "2023"]}
    assert p.excluded_fields == {"type": ["Công văn"]}
    assert p.groups == []


def test_unknown_field_is_text() -> None:
    assert kinds("foo:bar") == [[("word", ("foo",))], [("word", ("bar",))]]


def test_numbers_in_queries() -> None:
    for q in ["317/TB-UBND", "317 TB UBND", "tb-ubnd 317", "317/TB–UBND"]:
        (group,) = parse_query(q).groups
        assert group == [Clause("number", ("317", "tb", "ubnd"), "317/tb-ubnd")]
    p = parse_query("kết luận 317 TB UBND về xây dựng")
    assert [g[0].kind for g in p.groups] == ["word", "word", "number", "word", "word", "word"]


def test_highlight_terms_are_folded_and_include_full_forms() -> None:
    terms, exact = parse_query("UBND quyết giao").highlight_spec()
    assert {"ubnd", "uy", "ban", "nhan", "dan", "giao"} <= terms
    assert exact == {"quyết"}  # typed with diacritics: only that spelling is marked


def test_empty_query() -> None:
    assert parse_query("").is_empty and parse_query("  - ").is_empty


def test_glued_number_keeps_its_typed_tokens() -> None:
    (group,) = parse_query("641QĐ-UBND").groups
    assert group == [Clause("number", ("641", "qd", "ubnd"), "641/qd-ubnd", alt=("641qd", "ubnd"))]
    (group,) = parse_query("TB641").groups
    assert group[0].key == "641/tb" and group[0].alt == ("tb641",)
    assert parse_query("641/TB-UBND").groups[0][0].alt == ()  # written with separators: the parts are the text


@pytest.mark.parametrize("q", ["số 641", "so 641", "Số 641", "SỐ 641"])
def test_so_marks_bare_digits_as_a_number_and_is_not_searched(q: str) -> None:
    (group,) = parse_query(q).groups
    assert group == [Clause("word", ("641",), marked=True)] and group[0].bare_number


def test_so_before_a_written_number_is_left_out_and_breaks_the_run() -> None:
    assert kinds("số 641/TB") == [[("number", ("641", "tb"))]]
    p = parse_query("tờ trình số 88 sửa chữa")
    assert [[(c.kind, " ".join(c.tokens)) for c in g] for g in p.groups] == [
        [("phrase", "tờ trình"), ("type", "tờ trình")], [("word", "88")], [("word", "sửa")], [("word", "chữa")]]
    assert p.segments == [["tờ", "trình"], ["88", "sửa", "chữa"]]
    assert kinds("so sánh số liệu") == [[("word", ("so",))], [("word", ("sánh",))], [("word", ("số",))],
                                       [("word", ("liệu",))]]


def test_year_like_digits_are_a_word_unless_marked() -> None:
    (group,) = parse_query("2031").groups
    assert not group[0].bare_number
    assert parse_query("so 2031").groups[0][0].bare_number
    assert parse_query("641").groups[0][0].bare_number


@pytest.mark.parametrize(("q", "tokens"), [("15/12", ("15", "12")), ("15/12/2031", ("15", "12", "2031")),
                                           ("15-12-2031", ("15", "12", "2031")), ("15.12.2031", ("15", "12", "2031"))])
def test_dates_are_phrases_not_numbers(q: str, tokens: tuple[str, ...]) -> None:
    assert kinds(f"họp ngày {q}") == [[("word", ("họp",))], [("word", ("ngày",))], [("phrase", tokens)]]


def test_not_a_date_stays_digits() -> None:
    assert kinds("641/2031") == [[("word", ("641",))], [("word", ("2031",))]]
    assert kinds("45/13") == [[("word", ("45",))], [("word", ("13",))]]


def test_a_kind_before_a_number_is_its_words_or_the_type() -> None:
    for q in ("công văn số 2031", "Quyết định 88/QĐ-UBND", "thông báo 317", "luật số 12"):
        kinds = [c.kind for c in parse_query(q).groups[0]]
        assert kinds[-1] == "type" and len(kinds) == 2, (q, kinds)
    assert [c.key for c in parse_query("cong van so 2031").groups[0]][-1] == key_of("Công văn")
    # not before a number, nor before a year written alone: the words as typed
    for q in ("công văn hướng dẫn", "kế hoạch 2024", "số công văn 2031"):
        assert all(c.kind != "type" for g in parse_query(q).groups for c in g), q


def test_a_kind_after_the_number_or_opening_the_query_is_its_words_or_the_type() -> None:
    for q, at in (("317 thông báo", 1), ("317 thong bao", 1), ("thông báo kết luận 317", 0),
                  ("cong van ve hoi cho so 88", 0), ("88/QĐ-UBND quyết định", 1)):
        groups = parse_query(q).groups
        assert [c.kind for c in groups[at]][-1] == "type", (q, groups)
        assert sum(c.kind == "type" for g in groups for c in g) == 1, q
    # a kind amid other words, a query with two numbers, or no number at all: the words as typed
    for q in ("kết luận thông báo về 317", "317 và 318 thông báo", "317 về kết luận thông báo", "thông báo kết luận",
              "317 và 318 tờ trình", "tờ trình về đề án", "trình 45", "tờ trình nạo vét kênh 45"):
        assert all(c.kind != "type" for g in parse_query(q).groups for c in g), q
        assert all(c.kind != "phrase" for g in parse_query(q).groups for c in g), q
    # "Kết luận" just after the number is that kind (its words, or the type); "thông báo" beyond it is a word
    groups = parse_query("317 kết luận thông báo").groups
    assert [[c.kind for c in g] for g in groups] == [["word"], ["phrase", "type"], ["concept"]], groups


@pytest.mark.parametrize(("q", "at"), [("tờ trình 45", 0), ("to trinh so 45", 0), ("45 tờ trình", 1),
                                       ("giấy giới thiệu 12", 0)])
def test_a_kind_of_several_words_no_abbreviation_names_is_joined_beside_digits(q: str, at: int) -> None:
    """ "Tờ trình", "giấy giới thiệu" are kinds no abbreviation names: typed as words just before or after bare
    digits they are one phrase, or the numbered document's type."""
    groups = parse_query(q).groups
    assert [c.kind for c in groups[at]] == ["phrase", "type"], groups
    assert sum(c.kind == "type" for g in groups for c in g) == 1
