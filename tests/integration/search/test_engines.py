"""Engine-specific guarantees: persistence and locking (tantivy), alias layout (Elasticsearch), zero-downtime
reindex (both), and the service-requirement rule of the test suite itself."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.search.analysis import key_of
from services.search.engine import IndexDoc, SearchEngine, SearchQuery
from services.search.engines import open_engine
from services.search.tantivy_engine import SCHEMA_VERSION, TantivyEngine

from .conftest import CORPUS, D, es_url_or_skip


def test_missing_elasticsearch_fails_loudly_when_services_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VANBAN_TEST_ELASTICSEARCH_URL", raising=False)
    monkeypatch.setenv("VANBAN_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="VANBAN_TEST_ELASTICSEARCH_URL"):
        es_url_or_skip()
    monkeypatch.setenv("VANBAN_REQUIRE_SERVICES", "0")
    with pytest.raises(pytest.skip.Exception):
        es_url_or_skip()


def test_open_engine_defaults_to_tantivy_under_data_dir(tmp_path: Path) -> None:
    eng = open_engine(tmp_path, None)
    assert isinstance(eng, TantivyEngine) and eng.path == tmp_path / "index"
    eng.index(CORPUS[:2])
    eng.close()
    again = open_engine(tmp_path, None)  # persisted, searchable after reopening
    assert again.count() == 2
    assert [h.id for h in again.search(SearchQuery(q="317/TB-UBND")).hits][:1] == ["tb317"]


def test_index_in_an_older_layout_is_recreated(tmp_path: Path) -> None:
    eng = TantivyEngine(tmp_path / "index")
    eng.index(CORPUS[:2])
    eng.close()  # committed, writer released
    (tmp_path / "index" / "vanban-schema-version").write_text("vanban-search-0")
    fresh = TantivyEngine(tmp_path / "index")
    assert fresh.count() == 0
    assert (tmp_path / "index" / "vanban-schema-version").read_text() == SCHEMA_VERSION


def test_two_engines_on_one_directory_take_turns(tmp_path: Path) -> None:
    a, b = TantivyEngine(tmp_path / "i"), TantivyEngine(tmp_path / "i")
    a.index(CORPUS[:2])
    b.index(CORPUS[2:4])  # waits until ``a`` commits and releases the writer (idle)
    b.refresh()
    a.refresh()
    assert a.count() == b.count() == 4


def test_cached_visible_statistics_and_facets_never_outlive_an_access_change_by_another_process(tmp_path: Path) -> None:
    from dataclasses import replace

    from services.search.engine import AccessFilter

    unit = AccessFilter(max_level=0, units=["Sở Tài chính"])
    docs = [D(f"v{i}", f"ngân sách chi thường xuyên năm {2020 + i} " + "kinh phí " * i, audience="public",
              doc_type="Công văn") for i in range(6)]
    reader, writer = TantivyEngine(tmp_path / "i"), TantivyEngine(tmp_path / "i")
    writer.index(docs)
    writer.refresh()
    query = SearchQuery(q="ngân sách kinh phí", access=unit)

    def ranking(engine: TantivyEngine) -> list[tuple[str, float]]:
        return [(h.id, round(h.score, 9)) for h in engine.search(query).hits]

    before = ranking(reader)  # the reader's visible counts are now cached
    assert len(before) == 5  # v0 lacks "kinh phí"
    writer.index([replace(docs[5], audience="units", audience_units=["Sở Xây dựng"])])  # v5 hidden from the unit
    writer.close()  # committed by the other engine (another process would do the same)
    after = ranking(reader)
    fresh = TantivyEngine(tmp_path / "i")
    assert "v5" not in dict(after)
    assert after == ranking(fresh)  # weights from the new visible counts, not the cached ones
    assert after != [(i, s) for i, s in before if i != "v5"]  # (the hidden document did weigh before)
    # facets: the next page of the same query reuses them within a generation, never across one
    page2 = replace(query, offset=1, limit=1)
    assert reader.search(page2).facets["type"] == reader.search(query).facets["type"] == {"Công văn": 4}
    fresh.index([replace(docs[4], audience="units", audience_units=["Sở Xây dựng"])])
    fresh.close()
    assert reader.search(page2).facets["type"] == {"Công văn": 3}


def test_writes_are_committed_by_batch_and_time_not_per_document(tmp_path: Path) -> None:
    """Near-real-time: each ``index`` returns without a commit; the committer makes them searchable together
    within COMMIT_INTERVAL_S (issue: one commit + merge wait + reload per document)."""
    import time

    from services.search import tantivy_engine

    eng = TantivyEngine(tmp_path / "i")
    commits: list[int] = []
    real = eng._commit_locked

    def counting() -> None:
        if eng.pending():
            commits.append(eng.pending())
        real()

    eng._commit_locked = counting  # type: ignore[method-assign]
    started = time.monotonic()
    for d in CORPUS:
        eng.index([d])
    deadline = started + tantivy_engine.COMMIT_INTERVAL_S + 2.0
    while eng.count() < len(CORPUS) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert eng.count() == len(CORPUS)  # searchable within about a second, without refresh()
    assert len(commits) < len(CORPUS) and sum(commits) == len(CORPUS)
    eng.close()


def test_bulk_writes_commit_by_size_or_at_the_end_not_by_time(tmp_path: Path) -> None:
    """A reindex or a benchmark writes in ``bulk()``: no commit every half second (a stalled writer, many small
    segments), but what ``refresh()`` commits is searchable and the end of the block commits the rest."""
    import time

    from services.search import tantivy_engine

    eng = TantivyEngine(tmp_path / "i")
    with eng.bulk():
        eng.index(CORPUS[:2])
        time.sleep(tantivy_engine.COMMIT_INTERVAL_S * 3)
        assert eng.count() == 0 and eng.pending() == 2  # not committed by time
        eng.refresh()
        assert eng.count() == 2
        eng.index(CORPUS[2:])
    assert eng.pending() == 0 and eng.count() == len(CORPUS)
    eng.close()


def test_the_level_filter_beside_other_clauses_admits_exactly_the_levels_allowed(tmp_path: Path) -> None:
    """tantivy runs "level ≤ m" as an exclusion of the higher levels when another clause is required: every
    clearance, with and without text, with and without units, sees exactly what the policy allows."""
    from services.search.engine import AccessFilter

    docs = [D(f"l{level}{aud[0]}", "kế hoạch phòng chống thiên tai", doc_type="Kế hoạch", level=level, audience=aud,
              audience_units=["so noi vu"] if aud == "units" else [])
            for level in range(4) for aud in ("public", "units")]
    eng = TantivyEngine(tmp_path / "i")
    eng.index(docs)
    eng.refresh()
    for max_level in range(4):
        for units in (None, ["Sở Nội vụ"], ["Sở Y tế"]):
            access = AccessFilter(max_level=max_level, units=units)
            want = {d.id for d in docs if d.level <= max_level
                    and (units is None or d.audience == "public" or (units == ["Sở Nội vụ"]))}
            for q in ("phòng chống", ""):
                res = eng.search(SearchQuery(q=q, access=access, limit=50))
                assert {h.id for h in res.hits} == want and res.total == len(want), (max_level, units, q)
                assert sum(res.facets["type"].values()) == len(want)
    eng.close()


def test_limit_zero_gives_totals_only(tmp_path: Path) -> None:
    eng = TantivyEngine(tmp_path / "i")
    eng.index(CORPUS)
    eng.refresh()
    res = eng.search(SearchQuery(q="UBND", limit=0))
    assert res.hits == [] and res.total > 0 and res.facets["type"]


@pytest.fixture(params=["tantivy", pytest.param("es", marks=pytest.mark.elasticsearch)])
def loaded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    from .conftest import make_engine

    eng, done = make_engine(request.param, tmp_path)
    eng.index(CORPUS)
    eng.refresh()
    try:
        yield eng
    finally:
        done()


def test_reindex_keeps_serving_the_old_index_until_the_swap(loaded: SearchEngine) -> None:
    seen_during: list[int] = []

    def docs() -> Iterator[IndexDoc]:
        for i in range(30):
            if i == 15:
                loaded.refresh()
                seen_during.append(loaded.search(SearchQuery(q="317/TB-UBND", facets=False)).total)
                seen_during.append(loaded.count())
            yield D(f"new{i}", f"Văn bản mới số {i} về chăn nuôi gia súc.")

    assert loaded.reindex(docs()) == 30
    loaded.refresh()
    assert seen_during == [2, len(CORPUS)]  # the number and its citation, all old documents, mid-rebuild
    assert loaded.count() == 30
    assert loaded.search(SearchQuery(q="317/TB-UBND")).total == 0
    assert loaded.search(SearchQuery(q="chăn nuôi gia súc")).total == 30


def test_totals_equal_the_documents_returned(loaded: SearchEngine) -> None:
    for q in ["quyết định giao nhiệm vụ", "quyet dinh", "UBND tỉnh Nghệ An năm 2024 kế hoạch", '"ma túy" OR thuế',
              "Kỳ Sơn -ngân", "", "type:TB"]:
        res = loaded.search(SearchQuery(q=q, limit=100))
        assert res.total == len(res.hits), q


@pytest.mark.elasticsearch
def test_elasticsearch_layout(tmp_path: Path) -> None:
    from elasticsearch import Elasticsearch

    from services.search.es_engine import ElasticsearchEngine

    url = es_url_or_skip()
    prefix = f"vanban-test-layout-{os.getpid()}"
    eng = ElasticsearchEngine(url, index_prefix=prefix)
    es = Elasticsearch(url)
    try:
        eng.index(CORPUS[:3])
        alias = f"{prefix}-documents"
        (first,) = es.indices.get_alias(name=alias).keys()
        assert first.startswith(alias + "-")
        assert es.indices.exists_index_template(name=alias)
        mapping = es.indices.get_mapping(index=alias)[first]["mappings"]
        assert mapping["properties"]["syl"]["analyzer"] == "whitespace"
        assert mapping["properties"]["type"]["type"] == "keyword"
        eng.reindex(CORPUS)
        (second,) = es.indices.get_alias(name=alias).keys()
        assert second != first and not es.indices.exists(index=first)
        eng.refresh()
        assert eng.count() == len(CORPUS)
    finally:
        eng.delete_all()
        eng.close()
        es.close()
    left = Elasticsearch(url).indices.get(index=f"{prefix}-documents*", expand_wildcards="all")
    assert dict(left) == {}


def test_failed_reindex_changes_nothing_and_releases_the_writer(loaded: SearchEngine) -> None:
    def broken() -> Iterator[IndexDoc]:
        yield D("other", "Văn bản khác.")
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        loaded.reindex(broken())
    loaded.refresh()
    assert loaded.count() == len(CORPUS)
    assert loaded.search(SearchQuery(q="Văn bản khác")).total == 0
    loaded.remove(CORPUS[0].id)  # the writer is free again
    loaded.refresh()
    assert loaded.count() == len(CORPUS) - 1


def test_visible_statistics_counted_in_one_pass_are_the_visible_documents(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The visible document frequencies of many terms come from one aggregation over the user's documents (long
    queries); they equal the documents the policy lets the user see that hold each term — never a hidden one —
    for every clearance, unit and excluded id, and the counts taken one term at a time."""
    import services.search.tantivy_engine as te
    from services.search.engine import AccessFilter

    words = ["kho lưu trữ", "hồ sơ đất đai", "kiểm kê", "kho"]
    docs = [D(f"s{i}", f"{words[i % 4]} {words[(i // 4) % 4]} năm {2000 + i}", level=i % 4,
              audience="public" if i % 3 == 0 else "units", audience_units=[["so noi vu"], ["so y te"]][i % 2])
            for i in range(48)]
    eng = TantivyEngine(tmp_path / "i")
    eng.index(docs)
    eng.refresh()
    keys = [("fold", "kho"), ("fold", "luu"), ("fold_bi", "luu_tru"), ("fold", "dat"), ("fold_bi", "ho_so"),
            ("fold", "kiem"), ("fold", "khong")]

    def holds(d: IndexDoc, field: str, token: str) -> bool:
        from services.search.analysis import fold

        folded = fold(d.text).split()
        grams = folded if field == "fold" else [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)]
        return token in grams

    for max_level in range(4):
        for units in (None, ["Sở Nội vụ"], ["Sở Y tế"]):
            for exclude in ((), ("s0", "s5")):
                access = AccessFilter(max_level=max_level, units=units)
                visible = [d for d in docs if d.level <= max_level and d.id not in exclude
                           and (units is None or d.audience == "public" or d.audience_units[0] == key_of(units[0]))]
                want = {k: sum(holds(d, *k) for d in visible) for k in keys}
                got = {}
                for threshold in (0, 10**9):  # one pass, then one count per term
                    monkeypatch.setattr(te, "AGG_MIN_POSTINGS", threshold)
                    searcher, gen = eng._searcher()
                    eng._stats_gen, eng._stats_cache = -1, {}
                    got[threshold] = eng._stats(searcher, gen, access, keys, exclude)
                assert got[0] == got[10**9] == (len(visible), want), (max_level, units, exclude)
    assert want[("fold", "kho")] > 0 and want[("fold", "khong")] == 0
    eng.close()
