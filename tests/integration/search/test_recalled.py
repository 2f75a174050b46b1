"""A document recalled (thu hồi) by the office that issued it is marked so on its hits, in both engines."""
from __future__ import annotations

from dataclasses import replace

from services.search.engine import SearchEngine, SearchQuery

from .conftest import CORPUS


def test_recalled_flag_is_stored_and_returned(fresh_engine: SearchEngine) -> None:
    recalled, kept = replace(CORPUS[0], recalled=True), CORPUS[1]
    fresh_engine.index([recalled, kept])
    fresh_engine.refresh()
    hits = fresh_engine.search(SearchQuery(limit=10)).hits
    assert {h.id: h.recalled for h in hits} == {recalled.id: True, kept.id: False}
    # re-indexed once no longer recalled (the flag follows the registry, not the first write)
    fresh_engine.index([replace(recalled, recalled=False)])
    fresh_engine.refresh()
    assert not any(h.recalled for h in fresh_engine.search(SearchQuery(limit=10)).hits)
