"""services.search.query: the search-box syntax."""
from __future__ import annotations

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
