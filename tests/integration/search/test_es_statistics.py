"""Elasticsearch's visible statistics (one count per term within the access filter, in one msearch round trip,
each count kept by the node's request cache): exactly the documents the user may see, counted from the documents
themselves, and never an answer cached before an access change."""
from __future__ import annotations

import dataclasses
import uuid

import pytest

from services.search.engine import AccessFilter, IndexDoc
from services.search.plan import access_node
from services.search.schema import to_fields

from .conftest import CORPUS, es_url_or_skip

pytestmark = pytest.mark.elasticsearch

FINANCE = AccessFilter(max_level=1, units=["Sở Tài chính"])
KEYS = [("fold", "quyet"), ("fold", "ky"), ("fold", "tinh"), ("syl", "tỉnh"), ("fold", "khongcotrongkho")]


def visible(doc: IndexDoc, access: AccessFilter) -> bool:
    """The rule of services.search.plan.access_node, stated on the document itself."""
    from services.search.analysis import key_of

    if doc.level > access.max_level:
        return False
    return doc.audience == "public" or bool({key_of(u) for u in doc.audience_units}
                                            & {key_of(u) for u in access.units or []})


def expected(docs: list[IndexDoc], access: AccessFilter) -> tuple[int, dict[tuple[str, str], int]]:
    seen = [to_fields(d) for d in docs if visible(d, access)]
    return len(seen), {(f, t): sum(t in fields[f].split() for fields in seen) for f, t in KEYS}


def test_visible_statistics_count_the_visible_documents_and_follow_an_access_change() -> None:
    from services.search.es_engine import ElasticsearchEngine

    eng = ElasticsearchEngine(es_url_or_skip(), index_prefix=f"vanban-test-{uuid.uuid4().hex[:10]}")
    try:
        docs = list(CORPUS)
        eng.index(docs)
        eng.refresh()
        assert access_node(FINANCE) is not None
        first = eng._visible_stats(FINANCE, KEYS)
        assert first == expected(docs, FINANCE)
        assert 0 < first[0] < len(docs)  # the filter hides some documents and admits others
        assert first[1][("fold", "tinh")] > 0 and first[1][("fold", "khongcotrongkho")] == 0
        assert eng._visible_stats(FINANCE, KEYS) == first  # asked again: the same (from the request cache)

        # a visible document holding "tinh" becomes Tối mật (level 2): after the refresh the cached counts are not reused
        i = next(n for n, d in enumerate(docs) if visible(d, FINANCE) and "tinh" in to_fields(d)["fold"].split())
        docs[i] = dataclasses.replace(docs[i], level=2)
        eng.index([docs[i]])
        eng.refresh()
        after = eng._visible_stats(FINANCE, KEYS)
        assert after == expected(docs, FINANCE)
        assert after[0] == first[0] - 1 and after[1][("fold", "tinh")] == first[1][("fold", "tinh")] - 1

        # a document the query excludes (an access tightening not re-indexed yet) counts for nothing either
        j = next(n for n, d in enumerate(docs) if visible(d, FINANCE) and "tinh" in to_fields(d)["fold"].split())
        excluded = eng._visible_stats(FINANCE, KEYS, exclude=[docs[j].id])
        assert excluded == expected([d for n, d in enumerate(docs) if n != j], FINANCE)
    finally:
        eng.delete_all()
        eng.close()
