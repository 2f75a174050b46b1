"""The embedded engine's visible statistics (document count and frequencies within the access filter), cached per
(access scope, term) with the searcher generation each count describes: exactly the documents the user may see,
counted from the documents themselves; a repeated term is not counted again; another scope or other excluded ids
never reuse a count; across a commit a count is reused only when nothing changed, updated by exactly the documents
this process changed, or counted again — at every moment between two states (a tightening committed, another
process's commit, a writer opened after it, an older searcher still finishing, a rollback, a large batch)."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

import services.search.tantivy_engine as te
from services.search.engine import AccessFilter, IndexDoc
from services.search.plan import stats_node
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

        # a visible document holding "tinh" becomes Tối mật: after the commit the cached counts are not reused as
        # they were (updated by the changed document, or counted again)
        docs[j] = dataclasses.replace(docs[j], level=2)
        eng.index([docs[j]])
        eng.refresh()
        counted.clear()
        after = stats(FINANCE)
        assert after == expected(docs, FINANCE) and counted
        assert after[0] == first[0] - 1 and after[1][("fold", "tinh")] == first[1][("fold", "tinh")] - 1
    finally:
        eng.close()


PUBLIC = AccessFilter(max_level=3, public_only=True)
SCOPES = [(FINANCE, ()), (BUILDING, ()), (PUBLIC, ()), (FINANCE, ("tb317", "qd45"))]


def _check(eng: TantivyEngine, docs: list[IndexDoc]) -> None:
    """Every scope's statistics, from the current searcher (cached or not), equal the documents' own count."""
    searcher, gen = eng._searcher()
    for access, exclude in SCOPES:
        want = expected([d for d in docs if d.id not in exclude], access)
        assert eng._stats(searcher, gen, access, KEYS, exclude) == want, (access, exclude)


def _tighten(docs: list[IndexDoc], access: AccessFilter = FINANCE) -> tuple[int, IndexDoc]:
    """A document the scope sees (one holding "tinh" first), made Tối mật."""
    seen = [n for n, d in enumerate(docs) if visible(d, access) and d.level < 2]
    j = next((n for n in seen if "tinh" in to_fields(docs[n])["fold"].split()), seen[0])
    docs[j] = dataclasses.replace(docs[j], level=2)
    return j, docs[j]


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Every count is updated by the changed documents when it can be (even a rare term), and the ways a count is
    made are counted: ``full`` (counted again inside the scope), ``delta`` (the changed documents only)."""
    monkeypatch.setattr(te, "STATS_DELTA_MIN_DF", 0)
    calls = {"full": 0, "delta": 0}
    counts_in, counts_among = TantivyEngine._counts_in, TantivyEngine._counts_among

    def full(self: TantivyEngine, *a: Any) -> Any:
        calls["full"] += 1
        return counts_in(self, *a)

    def delta(self: TantivyEngine, *a: Any) -> Any:
        calls["delta"] += 1
        return counts_among(self, *a)

    monkeypatch.setattr(TantivyEngine, "_counts_in", full)
    monkeypatch.setattr(TantivyEngine, "_counts_among", delta)
    return calls


def test_counts_follow_every_commit_of_this_process(tmp_path: Path, counting: dict[str, int]) -> None:
    eng = TantivyEngine(tmp_path / "index")
    try:
        docs = list(CORPUS)
        eng.index(docs)
        eng.refresh()
        _check(eng, docs)
        # a reload with nothing committed: every count reused as it is
        counting.update(full=0, delta=0)
        eng.refresh()
        _check(eng, docs)
        assert counting == {"full": 0, "delta": 0}
        # a tightening committed: the very next searcher's counts leave the document out, updated by it alone
        j, _ = _tighten(docs)
        eng.index([docs[j]])
        eng.refresh()
        _check(eng, docs)
        assert counting["delta"] and not counting["full"]
        # a loosening (a hidden document made public), a removal and a new document, committed together
        k = next(n for n, d in enumerate(docs) if not visible(d, FINANCE))
        docs[k] = dataclasses.replace(docs[k], level=0, audience="public")
        gone = docs.pop(next(n for n, d in enumerate(docs) if visible(d, BUILDING) and n != k))
        docs.append(dataclasses.replace(CORPUS[0], id="moi1", audience_units=["so-tai-chinh"], audience="units"))
        eng.index([docs[k], docs[-1]])
        eng.remove(gone.id)
        eng.refresh()
        _check(eng, docs)
    finally:
        eng.close()


def test_an_older_searcher_finishing_after_a_commit_never_replaces_a_newer_count(tmp_path: Path,
                                                                                 counting: dict[str, int]) -> None:
    eng = TantivyEngine(tmp_path / "index")
    try:
        docs = list(CORPUS)
        eng.index(docs)
        eng.refresh()
        before = list(docs)
        old, old_gen = eng._searcher()
        eng._stats(old, old_gen, FINANCE, KEYS)
        eng.index([docs[_tighten(docs)[0]]])
        eng.refresh()
        new, new_gen = eng._searcher()
        assert new_gen > old_gen
        assert eng._stats(new, new_gen, FINANCE, KEYS) == expected(docs, FINANCE)
        # the search that began before the commit ends now: its own state's counts, and the cache keeps the newer
        assert eng._stats(old, old_gen, FINANCE, KEYS) == expected(before, FINANCE)
        assert {g for g, _ in eng._stats_cache[stats_node(FINANCE)].values()} == {new_gen}
        assert eng._stats(new, new_gen, FINANCE, KEYS) == expected(docs, FINANCE)
        # the other order: the old searcher first after the commit, then the new one
        eng._stats_cache = {}
        eng._stats(old, old_gen, BUILDING, KEYS)
        assert eng._stats(new, new_gen, BUILDING, KEYS) == expected(docs, BUILDING)
    finally:
        eng.close()


def test_another_process_commit_is_never_taken_for_this_process_change(tmp_path: Path,
                                                                       counting: dict[str, int]) -> None:
    eng = TantivyEngine(tmp_path / "index")
    try:
        docs = list(CORPUS)
        eng.index(docs)
        eng.refresh()
        eng.close()  # the writer lock given back (another process may write)
        eng = TantivyEngine(tmp_path / "index")
        _check(eng, docs)
        other = TantivyEngine(tmp_path / "index")
        try:
            # another process tightens a document and commits; then this one, without having searched since,
            # opens its writer on that newer state, changes another document and commits
            other.index([docs[_tighten(docs)[0]]])
            other.close()
            j, _ = _tighten(docs, BUILDING)
            eng.index([docs[j]])
            eng.refresh()
            counting.update(full=0, delta=0)
            _check(eng, docs)  # both changes, not only this process's own
            assert counting["full"]
            # and a commit of the other process seen by a search (meta.json changed): counted again
            other = TantivyEngine(tmp_path / "index")
            eng.close()
            eng = TantivyEngine(tmp_path / "index")
            _check(eng, docs)
            other.index([docs[_tighten(docs, PUBLIC)[0]]])
            other.close()
            _check(eng, docs)
        finally:
            other.close()
    finally:
        eng.close()


def test_a_rollback_or_a_large_batch_never_moves_a_count_wrongly(tmp_path: Path, counting: dict[str, int],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    eng = TantivyEngine(tmp_path / "index")
    try:
        docs = list(CORPUS)
        eng.index(docs)
        eng.refresh()
        _check(eng, docs)
        # a change written, then rolled back (never committed): the counts stay those of the documents
        dropped = list(docs)
        eng.index([dropped[_tighten(dropped)[0]]])
        with eng._lock:
            eng._rollback_locked()
        eng.index([docs[_tighten(docs, BUILDING)[0]]])
        eng.refresh()
        _check(eng, docs)
        # more documents changed at once than a count is updated for: counted again
        monkeypatch.setattr(te, "STATS_DELTA_IDS", 2)
        changed = [n for n, d in enumerate(docs) if d.level < 2][:3]
        for n in changed:
            docs[n] = dataclasses.replace(docs[n], level=2)
        eng.index([docs[n] for n in changed])
        eng.refresh()
        counting.update(full=0, delta=0)
        _check(eng, docs)
        assert counting["full"] and not counting["delta"]
        # clear and reindex: counted again
        eng.reindex(docs[1:])
        _check(eng, docs[1:])
    finally:
        eng.close()
