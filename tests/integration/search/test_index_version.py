"""An Elasticsearch index built by an older vanban (what is indexed changed since: TEMPLATE_VERSION) keeps answering
the old way until `vanban reindex`; the engine says so (content_behind, in /readyz and the start-up log) and a reindex
clears it. The embedded index rebuilds itself when opened, so it is never behind."""
from __future__ import annotations

import uuid
from pathlib import Path

from services.search.es_engine import TEMPLATE_VERSION, ElasticsearchEngine
from services.search.tantivy_engine import TantivyEngine
from tests.integration.search.conftest import D, es_url_or_skip


def test_an_index_built_by_an_older_version_is_said_to_need_a_reindex_until_it_has_one() -> None:
    url = es_url_or_skip()
    prefix = f"vanban-test-{uuid.uuid4().hex[:8]}"
    first = ElasticsearchEngine(url, index_prefix=prefix)
    try:
        first.index([D("a1", "văn bản về quy hoạch đô thị")])
        first.refresh()
        assert first.content_behind() is False
        # the index as an older vanban left it: its mapping stamped with the version before this one
        first.es.indices.put_mapping(index=first.alias, meta={"vanban_template_version": TEMPLATE_VERSION - 1})
        later = ElasticsearchEngine(url, index_prefix=prefix)  # the upgraded process starting
        assert later.content_behind() is True
        assert later.count() == 1  # still answers meanwhile
        later.reindex([D("a1", "văn bản về quy hoạch đô thị")])
        later.refresh()
        assert later.content_behind() is False and later.count() == 1
    finally:
        first.delete_all()


def test_the_embedded_index_is_never_behind(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "index")
    try:
        engine.index([D("a1", "văn bản về quy hoạch đô thị")])
        assert engine.content_behind() is False
    finally:
        engine.close()
