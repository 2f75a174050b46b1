"""The resumable reindex fed from another source than the database (the 1M benchmark uses it): interrupted, the
live index is untouched (Elasticsearch: the alias stays on the complete old index), resumed it continues after the
checkpoint, and the alias moves only to a build index that holds every document counted into it."""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.search import service
from services.search.engine import IndexDoc, SearchError, SearchQuery
from tests.integration.search.conftest import ENGINES, D, es_url_or_skip

NEW = [D(f"n{i:02d}", f"văn bản mới số {i} về quy hoạch đô thị", subject=f"Văn bản mới {i}") for i in range(9)]
OLD = [D("old1", "văn bản cũ về quy hoạch đô thị"), D("old2", "văn bản cũ thứ hai về quy hoạch")]


def _source(after: str | None) -> Iterator[list[IndexDoc]]:
    """One document per batch, in id order, after ``after``."""
    for doc in NEW:
        if after is None or doc.id > after:
            yield [doc]


def _open(engine_name: str, tmp_path: Path) -> Any:
    if engine_name == "es":
        from services.search.es_engine import ElasticsearchEngine

        return ElasticsearchEngine(es_url_or_skip(), index_prefix=f"vanban-test-{uuid.uuid4().hex[:8]}")
    from services.search.tantivy_engine import TantivyEngine

    return TantivyEngine(tmp_path / "index")


def _total(engine: Any, q: str) -> int:
    engine.refresh()
    return engine.search(SearchQuery(q=q, facets=False, highlight=False)).total


def _interrupt_after(n: int) -> Any:
    seen: list[int] = []

    def progress(k: int) -> None:
        seen.append(k)
        if sum(seen) >= n:
            raise KeyboardInterrupt

    return progress


@pytest.mark.parametrize("engine_name", ENGINES)
def test_an_interrupted_reindex_resumes_after_its_checkpoint_and_swaps_only_when_complete(
        engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _open(engine_name, tmp_path)
    state = tmp_path / "reindex-state.json"
    ids = {d.id for d in NEW}
    try:
        engine.index(OLD)
        assert _total(engine, "cũ") == 2
        monkeypatch.setattr(service, "REINDEX_CHECKPOINT", 3)
        with pytest.raises(KeyboardInterrupt):
            service.reindex_all(progress=_interrupt_after(5), engine=engine, source=_source, state_path=state,
                                all_ids=lambda: ids)
        saved = json.loads(state.read_text())
        assert saved["count"] == 3 and saved["after"] == "n02"  # the last checkpoint, not the 5 sent
        if engine_name == "es":  # the alias still on the complete old index: nothing of the new one is seen
            assert _total(engine, "cũ") == 2 and _total(engine, "mới") == 0
            assert saved["index"] not in engine._indices()
        resumed: list[int] = []
        n = service.reindex_all(progress=resumed.append, engine=engine, source=_source, state_path=state,
                                all_ids=lambda: ids)
        assert n == 9 and resumed[0] == 3 and sum(resumed) == 9  # continued after the checkpoint
        assert not state.exists()
        assert _total(engine, "mới") == 9 and _total(engine, "cũ") == 0 and engine.count() == 9
        if engine_name == "es":
            assert engine._indices() == [saved["index"]]  # the alias on the new index, the old one dropped
            segments = engine.es.indices.segments(index=saved["index"])["indices"][saved["index"]]["shards"]["0"]
            assert sum(len(copy["segments"]) for copy in segments) == 1  # merged before the alias moved
            assert not engine.es.indices.exists(index=f"{engine.alias}-initial")
    finally:
        if engine_name == "es":
            engine.delete_all()
        engine.close()


@pytest.mark.elasticsearch
def test_the_alias_never_moves_to_a_build_index_missing_documents(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _open("es", tmp_path)
    state = tmp_path / "reindex-state.json"
    try:
        engine.index(OLD)
        monkeypatch.setattr(service, "REINDEX_CHECKPOINT", 3)
        with pytest.raises(KeyboardInterrupt):
            service.reindex_all(progress=_interrupt_after(4), engine=engine, source=_source, state_path=state)
        build = json.loads(state.read_text())["index"]
        engine.es.delete(index=build, id="n01", refresh=True)  # a document the checkpoint counted is lost
        with pytest.raises(SearchError) as err:
            service.reindex_all(engine=engine, source=_source, state_path=state)
        assert err.value.code == "search.reindex_incomplete" and "8/9" in str(err.value)
        assert build not in engine._indices() and _total(engine, "cũ") == 2  # the old index stays live
        assert state.exists()
        n = service.reindex_all(engine=engine, source=_source, state_path=state, resume=False)  # --restart
        assert n == 9 and _total(engine, "mới") == 9 and _total(engine, "cũ") == 0
        assert not engine.es.indices.exists(index=build)  # the incomplete build was dropped by the restart
    finally:
        engine.delete_all()
        engine.close()


@pytest.mark.elasticsearch
def test_a_build_seeded_from_the_live_index_sends_only_the_rest_and_swaps_when_complete(tmp_path: Path) -> None:
    """The 1M benchmark grows a finished smaller build: the live index (the first documents of the source) is
    cloned into the build, only the documents after it are sent, the alias moves when the whole is built, and the
    live index stays searchable and writable throughout."""
    engine = _open("es", tmp_path)
    state = tmp_path / "reindex-state.json"
    ids = {d.id for d in NEW}
    try:
        service.reindex_all(engine=engine, source=lambda after: iter([NEW[:4]] if after is None else []),
                            state_path=state)
        live = engine._indices()
        assert engine.count() == 4 and _total(engine, "mới") == 4
        service.seed_reindex_from_live(engine, state, "n03", 4)
        saved = json.loads(state.read_text())
        assert saved["count"] == 4 and saved["after"] == "n03" and saved["index"] not in live
        assert engine.build_count(saved["index"]) == 4  # the clone holds the live documents, analysed fields kept
        assert engine.es.cluster.health(index=saved["index"])["status"] == "green"  # no replica on one node
        assert engine._indices() == live and _total(engine, "mới") == 4  # the live index still serves alone
        engine.index([D("w1", "văn bản ghi vào chỉ mục đang dùng sau khi sao chép")])  # and is writable again
        engine.remove("w1")
        sent: list[int] = []
        n = service.reindex_all(progress=sent.append, engine=engine, source=_source, state_path=state,
                                all_ids=lambda: ids)
        assert n == 9 and sent == [4, 1, 1, 1, 1, 1]  # resumed at 4, then only n04..n08 sent
        assert engine._indices() == [saved["index"]] and not any(engine.es.indices.exists(index=i) for i in live)
        assert _total(engine, "mới") == 9 and engine.count() == 9
        assert engine.search(SearchQuery(q="quy hoạch đô thị số 2", facets=False, highlight=False)).hits
    finally:
        engine.delete_all()
        engine.close()
