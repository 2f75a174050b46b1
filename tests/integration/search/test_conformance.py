"""Conformance: the embedded engine and Elasticsearch behave the same (same corpus, same queries, same answers)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery, SearchResult

from .conftest import BY_ID, CORPUS, D, make_engine

PUBLIC = {d.id for d in CORPUS if d.audience == "public"}
ALL = {d.id for d in CORPUS}


def search(engine: SearchEngine, q: str = "", **kw: object) -> SearchResult:
    kw.setdefault("limit", 50)
    return engine.search(SearchQuery(q=q, **kw))  # type: ignore[arg-type]


def ids(res: SearchResult) -> list[str]:
    return [h.id for h in res.hits]


# ------------------------------------------------------------------------------------------------ numbers
@pytest.mark.parametrize("q", ["317/TB-UBND", "317 TB UBND", "tb-ubnd 317", "317/TB–UBND", "317/tb-ubnd",
                               "TB-UBND số 317"])
def test_number_in_every_form_puts_the_document_first(engine: SearchEngine, q: str) -> None:
    res = search(engine, q)
    assert ids(res)[0] == "tb317"
    assert "qd1234" in ids(res)  # cites it


@pytest.mark.parametrize("q", ["43/2019/NĐ-CP", "43/NĐ-CP", "43/2019/nd-cp", "nđ-cp 43"])
def test_number_with_or_without_year(engine: SearchEngine, q: str) -> None:
    assert ids(search(engine, q))[0] == "nd43"


def test_number_field_matches_only_the_numbered_document(engine: SearchEngine) -> None:
    assert ids(search(engine, "number:317/TB-UBND")) == ["tb317"]
    assert set(ids(search(engine, "number:317"))) == {"tb317"}


# ------------------------------------------------------------------------------------------------ diacritics
def test_query_without_diacritics_finds_accented_documents(engine: SearchEngine) -> None:
    got = ids(search(engine, "quyet dinh giao nhiem vu"))
    assert {"qd1234", "tb99", "ascii7"} <= set(got)


def test_exact_diacritics_rank_higher(engine: SearchEngine) -> None:
    got = ids(search(engine, "quyết định giao nhiệm vụ"))
    assert "ascii7" in got and got.index("qd1234") < got.index("ascii7")


def test_folded_ambiguity_resolved_by_bigrams(engine: SearchEngine) -> None:
    assert ids(search(engine, "ma tuy"))[0] == "kh20"
    assert ids(search(engine, "ma so thue"))[0] == "tb21"


@pytest.mark.parametrize("q", ["hòa giải", "hoà giải", "thủy lợi", "thuỷ lợi", "HOÀ GIẢI"])
def test_tone_placement_variants(engine: SearchEngine, q: str) -> None:
    assert ids(search(engine, q)) == ["bc156"]


# ------------------------------------------------------------------------------------------------ abbreviations
@pytest.mark.parametrize(("q", "expected"), [
    ("UBND tỉnh ban hành", "qd1234"),  # written "Ủy ban nhân dân"
    ("Ủy ban nhân dân tỉnh làm việc", "tb317"),  # written "UBND"
    ("Sở TT&TT chủ trì", "qd1234"),  # written in full
    ("Sở Thông tin và Truyền thông tuyên truyền", "kh45"),  # written "Sở TT&TT"
    ("Sở LĐ-TB&XH", "kh20"),
    ("Lao động Thương binh và Xã hội", "kh20"),
    ("Bộ Giáo dục và Đào tạo", "nd43"),
    ("TTg quản lý đất đai", "ct12"),
    ("Thông báo kết luận", "tb317"),
])
def test_abbreviations_both_ways(engine: SearchEngine, q: str, expected: str) -> None:
    assert ids(search(engine, q))[0] == expected


# ------------------------------------------------------------------------------------------------ syntax
def test_phrase(engine: SearchEngine) -> None:
    assert set(ids(search(engine, '"giao nhiệm vụ"'))) == {"qd1234", "tb99", "ascii7"}
    assert ids(search(engine, '"nhiệm vụ giao"')) == []


def test_exclusion(engine: SearchEngine) -> None:
    got = set(ids(search(engine, "quyết định -chuyển")))
    assert "qd1234" not in got and "tb99" in got
    assert ids(search(engine, "Kỳ Sơn -ngân")) == ["tb99"]
    assert "tb99" not in ids(search(engine, 'Kỳ Sơn -"nhân sự"'))


def test_or(engine: SearchEngine) -> None:
    assert set(ids(search(engine, '"ngân sách" OR "cai nghiện"'))) == {"cv88", "kh20"}
    assert set(ids(search(engine, "thuế OR thủy"))) == {"tb21", "bc156"}


@pytest.mark.parametrize(("q", "expected"), [
    ("type:QĐ", {"qd1234", "ascii7"}),
    ('type:"Quyết định"', {"qd1234", "ascii7"}),
    ("loai:quyet-dinh", {"qd1234", "ascii7"}),  # keys ignore accents, case and punctuation
    ('issuer:"Ủy ban nhân dân tỉnh Nghệ An" year:2008', {"tb317"}),
    ('issuer:"Chính phủ"', {"nd43", "ct12"}),
    ('unit:"Sở Xây dựng"', {"tb317"}),
    ('unit:"Sở Thông tin và Truyền thông"', {"qd1234", "kh45"}),
    ("unit:TT&TT", {"qd1234", "kh45"}),
    ("year:2024", {"qd1234", "kh45", "tb99", "cv88"}),
    ('year:2024 -type:"Thông báo"', {"qd1234", "kh45", "cv88"}),
    ("quyết định year:2024", {"qd1234", "tb99", "cv88"}),
])
def test_field_values(engine: SearchEngine, q: str, expected: set[str]) -> None:
    assert set(ids(search(engine, q))) == expected


# ------------------------------------------------------------------------------------------------ filters
def test_structured_filters(engine: SearchEngine) -> None:
    assert set(ids(search(engine, doc_types=["Thông báo"]))) == {"tb317", "tb99", "tb21"}
    assert set(ids(search(engine, doc_types=["Chỉ thị", "Nghị định"]))) == {"ct12", "nd43"}
    nghe_an = set(ids(search(engine, issuers=["UBND tỉnh Nghệ An"])))
    assert "qd1234" in nghe_an and "tb317" in nghe_an and "nd43" not in nghe_an
    assert set(ids(search(engine, units=["Sở Tài chính"]))) == {"tb317", "cv88"}
    assert set(ids(search(engine, date_from=date(2024, 5, 1), date_to=date(2024, 6, 30)))) == {"kh45", "tb99"}
    assert set(ids(search(engine, has_open_tasks=True))) == {"tb317", "qd1234"}
    assert set(ids(search(engine, "quyết định", has_open_tasks=False, date_from=date(2024, 1, 1)))) == {
        "tb99", "cv88"}


def test_facet_counts(engine: SearchEngine) -> None:
    f = search(engine).facets
    assert f["type"] == {"Thông báo": 3, "Kế hoạch": 2, "Quyết định": 2, "Báo cáo": 1, "Chỉ thị": 1,
                         "Công văn": 1, "Nghị định": 1}
    assert f["year"]["2024"] == 4 and f["year"]["2023"] == 3
    assert f["unit"]["Sở Tài chính"] == 2
    assert f["issuer"]["Ủy ban nhân dân tỉnh Nghệ An"] == 8  # seven "UBND tỉnh …" and one spelled out: one entry
    assert "UBND tỉnh Nghệ An" not in f["issuer"]
    assert list(f["type"])[0] == "Thông báo"  # count desc, then value
    f2 = search(engine, "quyết định").facets
    assert sum(f2["type"].values()) == search(engine, "quyết định").total


# ------------------------------------------------------------------------------------------------ highlights
def test_highlights_are_html_safe(engine: SearchEngine) -> None:
    (hit,) = search(engine, "kết quả hoà giải").hits
    assert hit.id == "bc156" and hit.highlights
    joined = " ".join(hit.highlights)
    assert "<mark>kết</mark> <mark>quả</mark>" in joined and "<mark>hoà</mark> <mark>giải</mark>" in joined
    assert "&lt;script&gt;" in joined and "&amp;" in joined
    assert re.sub(r"</?mark>", "", joined).count("<") == 0


def test_highlights_without_diacritics_and_abbreviations(engine: SearchEngine) -> None:
    hit = search(engine, "uy ban nhan dan tinh ban hanh").hits[0]
    assert hit.id == "qd1234"
    assert "<mark>Ủy</mark> <mark>ban</mark> <mark>nhân</mark> <mark>dân</mark>" in " ".join(hit.highlights)
    hit = search(engine, "UBND làm việc").hits[0]
    assert hit.id == "tb317" and "<mark>UBND</mark>" in " ".join(hit.highlights)


def test_no_highlights_when_not_asked(engine: SearchEngine) -> None:
    assert all(not h.highlights for h in search(engine, "quyết định", highlight=False).hits)


# ------------------------------------------------------------------------------------------------ access
LOW = AccessFilter(max_level=0)


def test_access_hides_confidential_documents_everywhere(engine: SearchEngine) -> None:
    assert set(ids(search(engine, "Kỳ Sơn", access=LOW))) == {"cv88"}
    res = search(engine, access=LOW, limit=100)
    assert res.total == len(ALL) - 1 and "tb99" not in ids(res)
    assert "Sở Nội vụ" not in res.facets["unit"] and res.facets["type"]["Thông báo"] == 2
    res = search(engine, "quyết định giao nhiệm vụ", access=LOW)
    assert "tb99" not in ids(res) and res.total == len(res.hits)
    assert all("nhân sự" not in h for hit in res.hits for h in hit.highlights)
    assert search(engine, "99/TB-UBND", access=LOW).total == 0
    assert search(engine, "number:99/TB-UBND", access=LOW).total == 0
    assert "tb99" in ids(search(engine, "Kỳ Sơn", access=AccessFilter(max_level=2)))


def test_access_applies_to_suggest_and_similar(engine: SearchEngine) -> None:
    secret = "Thông báo mật về công tác nhân sự Kỳ Sơn"
    assert secret in engine.suggest("thông báo", 10, None)
    assert secret not in engine.suggest("thông báo", 10, LOW)
    assert engine.suggest("99/TB", 10, LOW) == []
    assert engine.similar("tb99", 10, LOW) == []
    assert engine.similar("tb99", 10, None) != []
    assert all(h.id != "tb99" for h in engine.similar("cv88", 10, LOW))


def test_audience_rules(engine: SearchEngine) -> None:
    assert set(ids(search(engine, access=AccessFilter(max_level=3, public_only=True)))) == PUBLIC
    assert "cv88" not in ids(search(engine, access=AccessFilter(max_level=3, units=["Sở Xây dựng"])))
    assert "cv88" not in ids(search(engine, access=AccessFilter(max_level=3, units=[])))
    assert "cv88" in ids(search(engine, access=AccessFilter(max_level=3, units=["Sở Tài chính", "Sở Nội vụ"])))
    assert "cv88" in ids(search(engine, access=AccessFilter(max_level=3, units=None)))
    pub = search(engine, "ngân sách", access=AccessFilter(max_level=3, public_only=True))
    assert pub.total == 0 and pub.facets["type"] == {}


# ------------------------------------------------------------------------------------------------ paging, sort
def test_pagination_is_stable_and_complete(engine: SearchEngine) -> None:
    full = search(engine, sort="date", limit=100)
    pages: list[str] = []
    for offset in range(0, full.total, 4):
        page = search(engine, sort="date", offset=offset, limit=4)
        assert page.total == full.total
        pages.extend(ids(page))
    assert pages == ids(full) and len(set(pages)) == len(ALL)
    rel_full = search(engine, "UBND", limit=100)
    rel_pages = ids(search(engine, "UBND", limit=3)) + ids(search(engine, "UBND", offset=3, limit=100))
    assert rel_pages == ids(rel_full)
    assert search(engine, "UBND", offset=1000).hits == []


def test_sort_by_date(engine: SearchEngine) -> None:
    hits = search(engine, "UBND", sort="date").hits
    dates = [h.issued_date for h in hits]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert search(engine, "type:QĐ").hits[0].id == "qd1234"  # filters only: newest first


def test_hit_fields(engine: SearchEngine) -> None:
    hit = search(engine, "317/TB-UBND").hits[0]
    d = BY_ID["tb317"]
    assert (hit.filename, hit.number, hit.doc_type, hit.issuer, hit.issued_date, hit.subject) == (
        d.filename, d.number, d.doc_type, d.issuer, d.issued_date, d.subject)
    assert hit.score > 0


# ------------------------------------------------------------------------------------------------ suggest, similar
def test_suggest(engine: SearchEngine) -> None:
    assert engine.suggest("317", 5, None) == ["317/TB-UBND"]
    assert engine.suggest("ke hoach phong", 5, None) == ["Kế hoạch phòng cháy chữa cháy năm 2024",
                                                         "Kế hoạch phòng, chống ma túy năm 2023"]
    assert engine.suggest("", 5, None) == []
    assert len(engine.suggest("thông", 1, None)) == 1


def test_similar(engine: SearchEngine) -> None:
    hits = engine.similar("kh45", 5, None)
    assert hits and all(h.id != "kh45" for h in hits)
    assert engine.similar("missing", 5, None) == []


def test_count(engine: SearchEngine) -> None:
    assert engine.count() == len(CORPUS)


# ------------------------------------------------------------------------------------------------ writes
def test_upsert_remove_reindex_clear(fresh_engine: SearchEngine) -> None:
    eng = fresh_engine
    eng.index(CORPUS[:3])
    eng.refresh()
    assert eng.count() == 3
    changed = D("tb317", "Nội dung mới hoàn toàn về chăn nuôi.", number="317/TB-UBND", doc_type="Thông báo")
    eng.index([changed])
    eng.refresh()
    assert eng.count() == 3
    assert ids(eng.search(SearchQuery(q="chăn nuôi"))) == ["tb317"]
    assert eng.search(SearchQuery(q="Sở Xây dựng")).total == 0
    eng.remove("tb317")
    eng.remove("never-indexed")
    eng.refresh()
    assert eng.count() == 2 and eng.search(SearchQuery(q="317/TB-UBND")).hits[:1] != ["tb317"]
    assert eng.reindex(iter(CORPUS)) == len(CORPUS)
    eng.refresh()
    assert eng.count() == len(CORPUS) and ids(eng.search(SearchQuery(q="317 TB UBND")))[0] == "tb317"
    eng.clear()
    eng.refresh()
    assert eng.count() == 0 and eng.search(SearchQuery(q="UBND")).total == 0


def test_invalid_document_is_rejected_before_writing(fresh_engine: SearchEngine) -> None:
    from services.search.engine import SearchError

    bad = IndexDoc(id="x", filename="x", number=None, doc_type=None, issuer=None, issued_date=None, subject=None,
                   text="x", units=[], audience="everyone")
    with pytest.raises(SearchError) as err:
        fresh_engine.index([CORPUS[0], bad])
    assert err.value.code == "search.invalid_document"
    fresh_engine.refresh()
    assert fresh_engine.count() == 0


# ------------------------------------------------------------------------------------------------ same answers
QUERIES = [
    SearchQuery(q="quyết định giao nhiệm vụ"), SearchQuery(q="quyet dinh giao nhiem vu"),
    SearchQuery(q="UBND tỉnh Nghệ An"), SearchQuery(q="317 TB UBND"), SearchQuery(q="Sở TT&TT"),
    SearchQuery(q='"phòng cháy chữa cháy"'), SearchQuery(q="đất đai -Kỳ"), SearchQuery(q="type:TB"),
    SearchQuery(q="kế hoạch năm 2024 phòng cháy", access=LOW), SearchQuery(q="ngân sách OR ma túy"),
    SearchQuery(q="", sort="date", offset=2, limit=5, access=AccessFilter(max_level=1, units=["Sở Nội vụ"])),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SearchEngine, SearchEngine]]:
    tan, done_t = make_engine("tantivy", tmp_path_factory.mktemp("both"))
    es, done_e = make_engine("es", Path("."))
    try:
        for e in (tan, es):
            e.index(CORPUS)
            e.refresh()
        yield tan, es
    finally:
        done_t()
        done_e()


@pytest.mark.elasticsearch
@pytest.mark.parametrize("query", QUERIES, ids=[q.q or "filters" for q in QUERIES])
def test_engines_give_the_same_answers(both: tuple[SearchEngine, SearchEngine], query: SearchQuery) -> None:
    a, b = (e.search(query) for e in both)
    assert a.total == b.total
    assert ids(a) == ids(b)
    assert a.facets == b.facets
    assert [h.highlights for h in a.hits] == [h.highlights for h in b.hits]
    for ha, hb in zip(a.hits, b.hits, strict=True):
        assert ha.score == pytest.approx(hb.score, rel=0.1, abs=1e-6)


@pytest.mark.elasticsearch
def test_engines_suggest_and_similar_alike(both: tuple[SearchEngine, SearchEngine]) -> None:
    a, b = both
    for prefix in ("thông báo", "ke hoach", "317", "quyết định giao"):
        assert a.suggest(prefix, 5, None) == b.suggest(prefix, 5, None)
    for doc_id in ("kh45", "qd1234", "tb317"):
        assert [h.id for h in a.similar(doc_id, 3, LOW)] == [h.id for h in b.similar(doc_id, 3, LOW)]


LONG = "Ủy ban nhân dân tỉnh giao Sở Xây dựng chủ trì phối hợp rà soát quy hoạch"


def test_common_words_score_without_restricting(engine: SearchEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.search import plan

    baseline = search(engine, LONG)
    monkeypatch.setattr(plan, "COMMON_MIN_DOCS", 1)  # the corpus is tiny: let the index statistics decide
    res = search(engine, LONG)
    assert ids(res)[0] == ids(baseline)[0] == "tb317"
    assert res.total == len(res.hits)


@pytest.mark.elasticsearch
def test_engines_agree_on_common_words(both: tuple[SearchEngine, SearchEngine], monkeypatch: pytest.MonkeyPatch) -> None:
    from services.search import plan

    monkeypatch.setattr(plan, "COMMON_MIN_DOCS", 1)
    a, b = (e.search(SearchQuery(q=LONG)) for e in both)
    assert (a.total, ids(a), a.facets) == (b.total, ids(b), b.facets)


def test_deep_pages_are_clamped_alike(engine: SearchEngine) -> None:
    res = search(engine, "UBND", offset=9_995, limit=50)
    assert res.hits == [] and res.total == search(engine, "UBND").total
    assert search(engine, "UBND", offset=20_000).hits == []
