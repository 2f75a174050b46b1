"""Any query string is answered (never an exception), and totals always equal the hits when all fit."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.search.engine import AccessFilter, SearchQuery
from services.search.tantivy_engine import TantivyEngine

from .conftest import CORPUS

_ENGINE = TantivyEngine(None)
_ENGINE.index(CORPUS)

ALPHABET = "aăâđêôơưáàảãạ AUBNDTTQĐ0123456789/-–&\"':()|*?\\~^!+<>{}[]\u0000\u0301ORnotype:issuer:year:unit:number:"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=st.text(alphabet=ALPHABET, max_size=40), level=st.integers(0, 3), offset=st.integers(0, 20),
       limit=st.integers(0, 30), sort=st.sampled_from(["relevance", "date"]))
def test_any_query_is_answered(q: str, level: int, offset: int, limit: int, sort: str) -> None:
    res = _ENGINE.search(SearchQuery(q=q, offset=offset, limit=limit, sort=sort,  # type: ignore[arg-type]
                                     access=AccessFilter(max_level=level)))
    assert res.total >= len(res.hits) and len(res.hits) <= limit
    if offset == 0 and limit >= len(CORPUS):
        assert res.total == len(res.hits)
    assert all(h.id in {d.id for d in CORPUS if d.level <= level} for h in res.hits)
    _ENGINE.suggest(q, 5, AccessFilter(max_level=level))
