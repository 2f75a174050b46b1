"""The embedded engine's visible statistics (document count and frequencies within the access filter), cached per
(access scope, term) for one searcher generation: exactly the documents the user may see, counted from the
documents themselves; a repeated term is not counted again; another scope, other excluded ids or a commit never
reuse a count."""
from __future__ import annotations

import dataclasses

from services.search.engine import AccessFilter
from services.search.schema import to_fields
from services.search.tantivy_engine import TantivyEngine

from .conftest import CORPUS
from .test_es_statistics import FINANCE, KEYS, expected, visible

BUILDING = AccessFilter(max_level=0, units=["Sở Xây dựng"])


def test_visible_statistics_are_cached_per_scope_and_generation_and_follow_an_access_change() -> None:
    eng = TantivyEngine(None)
    counted: list[object] = []
    count = eng._count

    def spy(searcher: object, node: object) -> int:
        counted.append(node)
        return count(searcher, node)  # type: ignore[arg-type]

    eng._count = spy  # type: ignore[method-assign]

    def stats(access: AccessFilter, exclude: tuple[str, ...] = ()) -> tuple[int, dict[tuple[str, str], int]]:
        searcher, gen = eng._searcher()
        return eng._stats(searcher, gen, access, KEYS, exclude)

    try:
        docs = list(CORPUS)
        eng.index(docs)
        eng.refresh()
        first = stats(FINANCE)
        assert first == expected(docs, FINANCE)
        assert 0 < first[0] < len(docs) and first[1][("fold", "tinh")] > 0
        assert first[1][("fold", "khongcotrongkho")] == 0
        assert counted  # counted from the documents
        counted.clear()
        assert stats(FINANCE) == first and not counted  # asked again in the same generation: nothing counted

        # another scope in the same generation: its own counts, never the first scope's cached ones
        other = stats(BUILDING)
        assert other == expected(docs, BUILDING) and other != first and counted
        # excluded ids (an access tightening not re-indexed yet) are part of the scope too
        j = next(n for n, d in enumerate(docs) if visible(d, FINANCE) and "tinh" in to_fields(d)["fold"].split())
        excluded = stats(FINANCE, (docs[j].id,))
        assert excluded == expected([d for n, d in enumerate(docs) if n != j], FINANCE) != first
        assert stats(FINANCE) == first

        # a visible document holding "tinh" becomes Tối mật: after the commit the cached counts are not reused
        docs[j] = dataclasses.replace(docs[j], level=2)
        eng.index([docs[j]])
        eng.refresh()
        counted.clear()
        after = stats(FINANCE)
        assert after == expected(docs, FINANCE) and counted
        assert after[0] == first[0] - 1 and after[1][("fold", "tinh")] == first[1][("fold", "tinh")] - 1
    finally:
        eng.close()
