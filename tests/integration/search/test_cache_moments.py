"""Cached answers never outlive an access change, at the moment it happens (issue 15: facets cached per query and
generation, statistics per access scope, on both engines).  A unit user pages through one query (the second page
reuses what the first computed); then the document is hidden — first only in the database (the service passes it in
``exclude_ids`` until the index catches up), then in the index — and at each moment neither the hits, the total, the
facets, the highlights nor the suggestions show it.  (Invented wording.)"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.search.engine import AccessFilter, SearchEngine, SearchQuery

from .conftest import D

UNIT = AccessFilter(max_level=1, units=["Sở Tài chính"])
DOCS = [D(f"cv{i}", f"Hướng dẫn quyết toán kinh phí sửa chữa trụ sở năm {2020 + i}; gửi Sở Tài chính thẩm định.",
          number=f"{100 + i}/STC-QLNS", doc_type="Công văn" if i % 2 else "Hướng dẫn", issuer="Sở Tài chính",
          issued_date=date(2020 + i, 3, 1), subject=f"Quyết toán kinh phí sửa chữa trụ sở năm {2020 + i}",
          audience="units", audience_units=["Sở Tài chính"]) for i in range(6)]


def _seen(engine: SearchEngine, q: SearchQuery) -> tuple[int, list[str], dict[str, dict[str, int]], str]:
    first, second = engine.search(q), engine.search(replace(q, offset=3, limit=3))
    assert second.facets == first.facets and second.total == first.total  # the next page: the same counts
    marks = " ".join(m for h in (*first.hits, *second.hits) for m in h.highlights)
    return first.total, [h.id for h in (*first.hits, *second.hits)], first.facets, marks


def test_a_document_hidden_at_this_moment_leaves_every_cached_answer(fresh_engine: SearchEngine) -> None:
    e = fresh_engine
    e.index(DOCS)
    e.refresh()
    q = SearchQuery(q="quyết toán kinh phí sửa chữa", limit=3, access=UNIT)
    total, ids, facets, marks = _seen(e, q)
    assert total == 6 and set(ids) == {d.id for d in DOCS} and facets["year"]["2025"] == 1
    assert "2025" in marks and "105/STC-QLNS" in e.suggest("105", 10, UNIT)  # cv5's snippet, its number

    # the database says cv5 is Tối mật now; the index does not know yet: the service excludes it
    moment = replace(q, exclude_ids=["cv5"])
    total, ids, facets, marks = _seen(e, moment)
    assert total == 5 and "cv5" not in ids and "2025" not in facets["year"]
    assert sum(facets["type"].values()) == 5 and "2025" not in marks

    # the index catches up (the same process re-indexes it): no exclusion needed any more, nothing cached shows it
    e.index([replace(DOCS[5], level=2, audience="units", audience_units=["Sở Tài chính"])])
    e.refresh()
    total, ids, facets, marks = _seen(e, q)
    assert total == 5 and "cv5" not in ids and "2025" not in facets["year"] and "2025" not in marks
    assert "105/STC-QLNS" not in e.suggest("105", 10, UNIT)
    # and access given back: it is counted again at once (the cache holds no stale "hidden" either)
    e.index([DOCS[5]])
    e.refresh()
    assert _seen(e, q)[0] == 6
