"""The embedded engine's facets and totals, cached per match (the query, its filters, the user's access filter and
the ids it excludes) and carried over commits: reused when nothing changed, updated by exactly the documents this
process changed (counted in both generations), aggregated again otherwise — and at every moment equal to what a
fresh aggregation of the same generation counts.  A document hidden from a unit user leaves its facets and total on
the very next search, and comes back as soon as it is shown again.  (Invented wording.)"""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import services.search.tantivy_engine as te
from services.search.engine import AccessFilter, IndexDoc, SearchQuery, SearchResult
from services.search.tantivy_engine import TantivyEngine

from .conftest import D

UNIT = AccessFilter(max_level=1, units=["Phòng Tài chính - Kế hoạch"])
DOCS: list[IndexDoc] = [
    D(f"kh{i}", f"Kế hoạch tu bổ đê bao xã ven sông năm {2019 + i % 4}; Phòng Tài chính - Kế hoạch thẩm định dự toán.",
      number=f"{40 + i}/KH-UBND", doc_type=("Kế hoạch", "Công văn", "Báo cáo")[i % 3], issuer="UBND huyện Nghi Lộc",
      issued_date=date(2019 + i % 4, 5, 2), subject=f"Tu bổ đê bao xã ven sông, đợt {i + 1}",
      units=["Phòng Tài chính - Kế hoạch"], audience="units" if i % 2 else "public",
      audience_units=["Phòng Tài chính - Kế hoạch"] if i % 2 else [])
    for i in range(8)
]


@pytest.fixture
def aggregations(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How the facets were made: ``full`` (an aggregation over the whole match), ``delta`` (over the changed
    documents only, then run in the new generation and in the one the cached counts describe)."""
    calls = {"full": 0, "delta": 0}
    aggs = TantivyEngine._facet_aggs

    def counted(size: int = te.FACET_SIZE * 4) -> dict[str, Any]:
        calls["delta" if size == te._DELTA_BUCKETS else "full"] += 1
        return aggs(size)

    monkeypatch.setattr(TantivyEngine, "_facet_aggs", staticmethod(counted))
    return calls


def _fresh(eng: TantivyEngine, q: SearchQuery) -> SearchResult:
    """The same search with nothing cached."""
    saved = dict(eng._facet_cache)
    eng._facet_cache.clear()
    try:
        return eng.search(q)
    finally:
        eng._facet_cache.clear()
        eng._facet_cache.update(saved)


def _same_as_fresh(eng: TantivyEngine, q: SearchQuery) -> SearchResult:
    got = eng.search(q)
    want = _fresh(eng, q)
    assert (got.total, got.facets, [h.id for h in got.hits]) == (want.total, want.facets, [h.id for h in want.hits])
    return got


def test_facets_follow_every_commit_of_this_process(tmp_path: Path, aggregations: dict[str, int]) -> None:
    eng = TantivyEngine(tmp_path / "index")
    try:
        docs = list(DOCS)
        eng.index(docs)
        eng.refresh()
        queries = [SearchQuery(q="đê bao", access=UNIT), SearchQuery(q="", access=UNIT),  # the list page
                   SearchQuery(q="tu bo de", doc_types=["Kế hoạch", "Công văn"], access=UNIT, offset=2, limit=2),
                   SearchQuery(q="đê bao")]  # an admin
        first = [_same_as_fresh(eng, q) for q in queries]
        assert first[0].total == 8 and first[0].facets["type"] == {"Kế hoạch": 3, "Công văn": 3, "Báo cáo": 2}

        # a reload with nothing committed: every cached count reused as it is
        aggregations.update(full=0, delta=0)
        eng.refresh()
        assert [eng.search(q).facets for q in queries] == [r.facets for r in first]
        assert aggregations == {"full": 0, "delta": 0}

        # kh1 made Tối mật (committed): the very next search leaves it out of the unit user's total and facets,
        # updated by that document alone
        docs[1] = dataclasses.replace(docs[1], level=2)
        eng.index([docs[1]])
        eng.refresh()
        aggregations.update(full=0, delta=0)
        hidden = eng.search(queries[0])
        assert hidden.total == 7 and "kh1" not in [h.id for h in hidden.hits]
        assert hidden.facets["type"]["Công văn"] == 2 and hidden.facets["year"]["2020"] == 1
        assert aggregations == {"full": 0, "delta": 1}
        assert eng.search(queries[3]).total == 8  # the admin still sees it
        for q in queries:
            _same_as_fresh(eng, q)

        # shown again, a document removed and a new one of a new year, committed together
        docs[1] = DOCS[1]
        eng.index([docs[1], D("kh9", "Kế hoạch tu bổ đê bao năm 2024.", doc_type="Tờ trình",
                              issued_date=date(2024, 1, 3), audience="public")])
        eng.remove("kh4")
        eng.refresh()
        aggregations.update(full=0, delta=0)
        shown = _same_as_fresh(eng, queries[0])
        assert shown.total == 8 and shown.facets["year"]["2024"] == 1 and shown.facets["type"]["Tờ trình"] == 1
        assert shown.facets["type"]["Công văn"] == 2  # kh4 (a Công văn) gone
        for q in queries:
            _same_as_fresh(eng, q)
    finally:
        eng.close()


def test_excluded_ids_or_another_scope_never_reuse_facets(tmp_path: Path) -> None:
    """The moment between the database and the index: an id the service excludes is another entry, counted anew."""
    eng = TantivyEngine(tmp_path / "index")
    try:
        eng.index(DOCS)
        eng.refresh()
        q = SearchQuery(q="đê bao", access=UNIT)
        assert eng.search(q).total == 8
        moment = eng.search(dataclasses.replace(q, exclude_ids=["kh3"]))
        assert moment.total == 7 and moment.facets["type"]["Kế hoạch"] == 2 and moment.facets["year"]["2022"] == 1
        public = eng.search(dataclasses.replace(q, access=AccessFilter(max_level=0, public_only=True)))
        assert public.total == 4 and sum(public.facets["type"].values()) == 4
    finally:
        eng.close()


def test_a_change_unknown_to_this_process_aggregates_again(tmp_path: Path, aggregations: dict[str, int]) -> None:
    """Another process's commit (or a batch too large to follow) is never taken for a known change."""
    path = tmp_path / "index"
    eng = TantivyEngine(path)
    try:
        eng.index(DOCS)
        eng.refresh()
        eng.close()  # the writer lock given back: another process may write
        eng = TantivyEngine(path)
        q = SearchQuery(q="đê bao", access=UNIT)
        assert eng.search(q).total == 8
        other = TantivyEngine(path)
        try:
            other.index([dataclasses.replace(DOCS[3], level=3)])
        finally:
            other.close()
        aggregations.update(full=0, delta=0)
        got = eng.search(q)
        assert got.total == 7 and aggregations == {"full": 1, "delta": 0}
    finally:
        eng.close()
