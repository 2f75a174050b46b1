"""The search service: keeps the index in step with the store and answers queries.

The database (owned by ingest) is the source of truth; this service reads documents only through the ingest
service's typed read model (`document_view`) and can always rebuild the index from it.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services.briefing import public as briefing
from services.core.auth.policy import PUBLIC_SCOPE, Scope
from services.core.config import get_settings
from services.core.db import session_factory
from services.ingest import public as ingest
from services.search.engine import (
    AccessFilter,
    Hit,
    IndexDoc,
    SearchEngine,
    SearchError,
    SearchQuery,
    SearchResult,
)
from services.search.engines import open_engine

log = logging.getLogger("vanban.search")

_engines: dict[tuple[str, str | None, str], SearchEngine] = {}
_lock = threading.Lock()


def get_engine() -> SearchEngine:
    s = get_settings()
    key = (str(s.index_dir.resolve()), s.elasticsearch_url, s.index_prefix)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            s.data_dir.mkdir(parents=True, exist_ok=True)
            engine = open_engine(s.data_dir, s.elasticsearch_url, s.index_prefix)
            _engines[key] = engine
        return engine


def forget_engines() -> None:
    with _lock:
        for engine in _engines.values():
            close = getattr(engine, "close", None)
            if close:
                close()
        _engines.clear()


def to_index_doc(view: ingest.DocumentView, open_tasks: int | None = None) -> IndexDoc:
    """The index's copy of a document; "recalled" (thu hồi) is the document's own mark (ingest.mark_recalled, which
    the registry's recall sets), so every hit and every reindex reads it from one place."""
    units: list[str] = []
    for u in [*view.assigned_units, *view.addressed_units]:
        if u and u not in units:
            units.append(u)
    return IndexDoc(
        id=view.id, filename=view.filename, number=view.number, doc_type=view.doc_type, issuer=view.issuer,
        issued_date=view.issued_date, subject=view.subject, text=view.text, units=units,
        # the engine's filter lets unit users see "public" documents and those whose audience_units include
        # their unit: every non-public document is handed over as "units" with its effective access units
        has_open_tasks=bool(view.tasks) if open_tasks is None else open_tasks > 0, level=view.level,
        audience="public" if view.audience == "public" else "units", audience_units=list(view.access_units),
        recalled=view.recalled,
    )


def access_filter(scope: Scope) -> AccessFilter | None:
    """The access policy's scope as the engine's filter (applied inside the engine query)."""
    if scope.sees_all_audiences and scope.max_level >= 3:
        return None
    return AccessFilter(max_level=scope.max_level, public_only=scope.public_only,
                        units=None if scope.unit_keys is None else sorted(scope.unit_keys))


def _open_tasks(session: Any, document_id: str) -> int | None:
    """Tracked tasks still open, from briefing's read model (None before briefing has seen the document)."""
    return briefing.open_task_count(session, document_id)


def _views(ids: Iterable[str]) -> Iterator[tuple[str, ingest.DocumentView | None, int | None]]:
    """The documents with their open tasks, read in a few queries for the whole batch."""
    ids = list(dict.fromkeys(ids))
    with session_factory()() as session:
        views = ingest.document_views(session, ids)
        open_tasks = briefing.open_task_counts(session, ids)
    for doc_id in ids:
        yield doc_id, views.get(doc_id), open_tasks.get(doc_id)


def index_documents(ids: Sequence[str], now: bool = True, engine: SearchEngine | None = None) -> int:
    """Index (or remove) the given documents according to their current state; idempotent.  ``now``: searchable
    on return (one commit for the batch); else near-real-time (the tasks: batched commits, see _schedule_flush)."""
    engine = engine or get_engine()
    batch: list[IndexDoc] = []
    removed = 0
    for doc_id, view, open_tasks in _views(ids):
        if view is None or view.status != "done" or view.duplicate_of:
            # a copy of a registered document (its PDF beside the DOCX, a re-scan) is found as that document, once:
            # it may be seen by no one who may not see the registered one (identity.follow_access)
            engine.remove(doc_id)
            removed += 1
        else:
            batch.append(to_index_doc(view, open_tasks))
    if batch:
        engine.index(batch)
    if now:
        engine.refresh()
    else:
        _schedule_flush()
    return len(batch)


_flush_scheduled = threading.Event()


def _schedule_flush() -> None:
    """Near-real-time: no commit per document.  Under a broker, the engine commits by batch and time on its own
    (tantivy: within COMMIT_INTERVAL_S; Elasticsearch: its refresh interval).  In-process, one ``search.flush``
    task queued behind the tasks already waiting makes everything searchable when the queue drains, so
    ``wait_idle`` (the CLI, tests) returns only once what it waited for is searchable."""
    if get_settings().broker_url or _flush_scheduled.is_set():
        return
    from services.core.dispatch import enqueue

    _flush_scheduled.set()
    try:
        enqueue("search.flush")
    except Exception:  # noqa: BLE001 - the engine's own timer still commits
        _flush_scheduled.clear()
        raise


def flush() -> None:
    _flush_scheduled.clear()
    get_engine().refresh()


def remove_document(doc_id: str) -> None:
    get_engine().remove(doc_id)
    _schedule_flush()


REINDEX_CHECKPOINT = 5000  # documents between two saved checkpoints of a resumable reindex
# a reindex reads every document again that changed since it started, less this (a change written, not yet committed)
REINDEX_CATCH_UP_MARGIN = timedelta(minutes=10)


def _state_path() -> Path:
    return get_settings().data_dir / "reindex-state.json"


def _done_views(after: str | None, batch_size: int) -> Iterator[list[IndexDoc]]:
    """Batches of the documents to index, in id order, after ``after``."""
    while True:
        with session_factory()() as session:  # a few queries per batch, not a few per document
            ids = ingest.done_document_ids(session, after, batch_size, copies=False)
            views = ingest.document_views(session, ids)
            open_tasks = briefing.open_task_counts(session, ids)
        if not ids:
            return
        yield [to_index_doc(views[i], open_tasks[i]) for i in ids if i in views]
        after = ids[-1]


def _done_ids() -> set[str]:
    with session_factory()() as session:
        return set(ingest.done_document_ids(session, None, 10**9, copies=False))


def reindex_all(progress: Callable[[int], None] | None = None, batch_size: int = 200,
                resume: bool = True, *, engine: SearchEngine | None = None,
                source: Callable[[str | None], Iterable[list[IndexDoc]]] | None = None,
                state_path: Path | None = None, all_ids: Callable[[], set[str]] | None = None) -> int:
    """Rebuild the whole index from the database, resumably: progress is checkpointed every REINDEX_CHECKPOINT
    documents in ``<data_dir>/reindex-state.json``, and an interrupted run continues from there (``resume``).

    - Elasticsearch: into a new index beside the live one; the alias is swapped only once it is complete (never
      pointing at a half-built index).
    - Embedded: documents are upserted into the live index (each one is there, old or new, at every moment), then
      those the database no longer has are removed.
    Returns the number of documents indexed (including those of the interrupted run).

    Documents that changed while it ran (an access tightened, a reprocessing) were read before their change and
    written after their own re-indexing (embedded), or re-indexed into the index the alias leaves (Elasticsearch):
    once the rebuilt index is live, every document whose row changed since the reindex started (less
    REINDEX_CATCH_UP_MARGIN) is read again and indexed — or removed — as it stands (SECURITY.md, finding 34).

    The database is the source by default; ``source(after)`` (batches of documents in a fixed order after the id
    ``after``), ``all_ids`` (every id the index must end with), ``engine`` and ``state_path`` replace it (the
    benchmark rebuilds a generated corpus of 1M documents with this same code)."""
    engine = engine or get_engine()
    path = state_path or _state_path()
    batches = source or (lambda after: _done_views(after, batch_size))
    state: dict[str, Any] = {}
    if resume and path.exists():
        try:
            state = json.loads(path.read_text())
        except (OSError, ValueError):
            state = {}
    es = hasattr(engine, "begin_build")
    if not resume and path.exists():  # starting over: drop what an interrupted build left beside the live index
        try:
            old = json.loads(path.read_text()).get("index")
        except (OSError, ValueError):
            old = None
        if es and old and engine.build_exists(old) and old not in engine._indices():
            engine.es.indices.delete(index=old, ignore_unavailable=True)
    if state.get("engine") != ("es" if es else "tantivy") or (es and not engine.build_exists(state.get("index", ""))):
        state = {}
    if not state:
        state = {"engine": "es" if es else "tantivy", "after": None, "count": 0,
                 "started": datetime.now(UTC).isoformat()}
        if es:
            state["index"] = engine.begin_build()
    elif progress and state["count"]:
        log.info("reindex resumed after %s (%d documents already indexed)", state["after"], state["count"])
        progress(int(state["count"]))

    def save() -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(path)

    since = 0
    bulk = getattr(engine, "bulk", None)  # tantivy: commits at the checkpoints, not every half second
    with bulk() if bulk is not None else nullcontext():
        for docs in batches(state["after"]):
            if not docs:
                continue
            if es:
                engine.build_into(state["index"], docs)
            else:
                engine.index(docs)
            state["after"] = docs[-1].id
            state["count"] += len(docs)
            since += len(docs)
            if since >= REINDEX_CHECKPOINT:
                if not es:
                    engine.refresh()  # committed before the checkpoint says so
                save()
                since = 0
                log.info("reindex: %d documents indexed (checkpoint after %s)", state["count"], state["after"])
            if progress:
                progress(len(docs))
    if es:
        # the alias moves only to a complete index: one that holds every document counted into it (a build index
        # that lost documents — deleted by hand, a node restored from an old snapshot — is refused, the old index
        # stays live, and the state is kept so the operator sees where it stood)
        built = engine.build_count(state["index"])
        if built < state["count"]:
            raise SearchError("search.reindex_incomplete",
                              f"Chỉ mục mới {state['index']} chỉ có {built}/{state['count']} văn bản: giữ nguyên chỉ "
                              "mục đang dùng; chạy lại `vanban reindex --restart`.")
        engine.finish_build(state["index"])
    else:
        engine.refresh()
        keep = (all_ids or _done_ids)()
        # every document of the database was upserted: the index holds exactly those unless it has more (stale
        # ids to find and remove; reading every id of a large index costs minutes, so only then)
        stale = [i for i in engine.ids() if i not in keep] if engine.count() != len(keep) else []
        for doc_id in stale:
            engine.remove(doc_id)
        engine.refresh()
    if source is None:  # the database: what changed while the documents were read
        _catch_up(engine, datetime.fromisoformat(state.get("started") or datetime.now(UTC).isoformat()))
    path.unlink(missing_ok=True)
    return int(state["count"])


def _catch_up(engine: SearchEngine, started: datetime, batch_size: int = 500) -> None:
    """After a reindex: the documents changed since it started, indexed (or removed) as they stand now."""
    with session_factory()() as session:
        ids = ingest.changed_document_ids(session, started - REINDEX_CATCH_UP_MARGIN)
    for i in range(0, len(ids), batch_size):
        index_documents(ids[i:i + batch_size], now=True, engine=engine)
    if ids:
        log.info("reindex: %d document(s) changed while it ran, indexed again", len(ids))


def seed_reindex_from_live(engine: Any, state_path: Path, after: str, count: int) -> None:
    """Elasticsearch: start a resumable reindex from a copy of the live index (``begin_build_from_live``) as if an
    interrupted build had reached ``count`` documents up to the id ``after``; ``reindex_all(resume=True)`` then
    sends only the rest and moves the alias when the whole is built.  Only for a source whose first ``count``
    documents are exactly what the live index holds (the benchmark's corpora: the first k of any corpus are the
    corpus of k) — a production reindex rebuilds from the database instead."""
    index = engine.begin_build_from_live()
    state = {"engine": "es", "after": after, "count": count, "index": index}
    tmp = state_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state))
    tmp.replace(state_path)


# --- reads that trust the index only as far as the database agrees ----------------------------------------------
FRESH_RETRIES = 3


ACCESS_LAG_WINDOW = timedelta(days=1)  # how far back a tightening is distrusted in the index (reindex takes ~1 s)


HIDDEN_MAX = 5000  # recently hidden documents excluded inside the engine query (more: the page check catches them)
HINTS_MAX = 4096  # scopes whose last recently-hidden list this process remembers (a guess, see search_fresh)
_hidden_hint: dict[Scope, tuple[str, ...]] = {}


# a change stamped before a catch-up read the database and committed after it (a long transaction, another
# host's clock behind): stamps are the writer's clock at the statement, not at commit (review16) — an hour, so each
# hourly run reads about two hours again, never the whole day
CATCH_UP_MARGIN = timedelta(hours=1)


def _catch_up_path() -> Path:
    return get_settings().data_dir / "search-catch-up.json"


def _index_identity() -> str:
    s = get_settings()
    return json.dumps([str(s.index_dir.resolve()), s.elasticsearch_url, s.index_prefix])


def _caught_up_until() -> datetime | None:
    """When the last complete catch-up of this index read the database (every tightening stamped before it, less
    CATCH_UP_MARGIN, is in the index as it then stood); None when unknown — another index, no run yet, unreadable,
    or anything but this index's object with a time and its zone (`[]`, `null`, a time without zone: SECURITY.md
    112 — else every hourly run failed on it)."""
    try:
        state = json.loads(_catch_up_path().read_text())
        if not isinstance(state, dict) or state.get("index") != _index_identity():
            return None
        read_at = datetime.fromisoformat(state["read_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return read_at if read_at.utcoffset() is not None else None


def _record_caught_up(read_at: datetime) -> None:
    path = _catch_up_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # thread ids repeat across processes
    tmp.write_text(json.dumps({"index": _index_identity(), "read_at": read_at.isoformat()}))
    tmp.replace(path)


def catch_up_tightened() -> int:
    """Index again the documents whose access changed within ACCESS_LAG_WINDOW, as they stand (the scheduler, every
    hour): a tightening whose `search.index` gave up — the engine away longer than the task's retries — is in the
    index before search stops distrusting it (SECURITY.md 88). Those no one lost are left: a public document of
    level Thường is seen by everyone whatever its entry says. Every one, not the HIDDEN_MAX newest a search
    excludes: past them, an older stale entry would stay stale for good (SECURITY.md 102). Only those changed since
    the last catch-up that completed read the database (less CATCH_UP_MARGIN; `<data_dir>/search-catch-up.json`,
    kept per index): the ones before were indexed by it as they stand, and a later change stamps them again — so a
    mass tightening is indexed again once, not at every hour of its day. A run that fails part-way records nothing:
    the next takes the whole window again."""
    read_at = datetime.now(UTC)
    since = read_at - ACCESS_LAG_WINDOW
    done = _caught_up_until()
    if done is not None and done <= read_at:
        since = max(since, done - CATCH_UP_MARGIN)
    with session_factory()() as session:
        ids = ingest.recently_hidden_ids(session, PUBLIC_SCOPE, since, None)
    for i in range(0, len(ids), 500):
        index_documents(ids[i:i + 500])
    _record_caught_up(read_at)
    return len(ids)


def _guard_query(session: Any, scope: Scope, ids: list[str]) -> tuple[set[str], list[str]]:
    """The database's answer for a page, in one query: the ``ids`` the user may not see (stale in the index), and
    the documents tightened lately that the user may no longer see."""
    visible, hidden = ingest.page_access(session, scope, ids, datetime.now(UTC) - ACCESS_LAG_WINDOW, HIDDEN_MAX)
    return set(ids) - visible, hidden


def _same_hidden(now: list[str], used: list[str]) -> bool:
    """Whether a search excluding ``used`` excluded what the database says (``now``); beyond HIDDEN_MAX, any
    HIDDEN_MAX of them are excluded (the rest, if on the page, are caught as stale)."""
    return set(now) == set(used) or min(len(now), len(used)) >= HIDDEN_MAX


def _remember_hidden(scope: Scope, hidden: list[str]) -> None:
    if len(_hidden_hint) >= HINTS_MAX:
        _hidden_hint.clear()
    _hidden_hint[scope] = tuple(hidden)


def search_fresh(session: Any, scope: Scope, query: SearchQuery) -> SearchResult:
    """Search, then check the page's hits against the database in the same request: a hit the database no longer
    lets the user see (access tightened, not yet reindexed) is excluded inside the engine query and the search is
    run again, so hits, total and facets are computed without it (never filtered after paging).

    Documents tightened lately that the user may no longer see are excluded inside the engine query too, so even
    totals and facets off this page never include them while their re-indexing is in flight.  Which they are is
    read from the database AFTER the engine answered, in the same query as the page's check; the first search
    excludes this process's last answer for the same scope (``_hidden_hint``, a guess that saves a query), and a
    result is returned only if the exclusion it was computed with equals what the database says now — otherwise the
    search runs again with the database's answer.  So the hint never decides what a user sees: a change made by any
    process is obeyed by the very next request."""
    engine = get_engine()
    base = list(query.exclude_ids)
    hidden = list(_hidden_hint.get(scope, ()))
    stale: list[str] = []
    result = SearchResult(total=0, hits=[], facets={})
    for _ in range(FRESH_RETRIES + 1):
        excluded = base + hidden + stale
        result = engine.search(replace(query, exclude_ids=excluded) if excluded != base else query)
        new_stale, now_hidden = _guard_query(session, scope, [h.id for h in result.hits])
        same_hidden = _same_hidden(now_hidden, hidden)
        if not same_hidden:
            _remember_hidden(scope, now_hidden)
            hidden = now_hidden
        if same_hidden and not new_stale:
            return result
        if new_stale:
            log.warning("search index behind the database for %d document(s): excluded until reindexed",
                        len(new_stale))
            stale.extend(sorted(new_stale - set(stale)))
    # still behind after several rounds: show nothing rather than something hidden
    return SearchResult(total=0, hits=[], facets={k: {} for k in result.facets})


def similar_fresh(session: Any, scope: Scope, doc_id: str, limit: int) -> list[Hit]:
    """``similar`` with its hits checked against the database (stale ones dropped: the list has no total); documents
    tightened lately that the user may no longer see are left out of the term choice and the hits, as in search
    (this process's last list for the scope first, run again with the database's when they differ)."""
    engine = get_engine()
    hidden = list(_hidden_hint.get(scope, ()))
    hits = engine.similar(doc_id, limit + 5, access_filter(scope), hidden)
    stale, now_hidden = _guard_query(session, scope, [h.id for h in hits])
    if not _same_hidden(now_hidden, hidden):
        _remember_hidden(scope, now_hidden)
        hits = engine.similar(doc_id, limit + 5, access_filter(scope), now_hidden)
        stale, _ = _guard_query(session, scope, [h.id for h in hits])
    return [h for h in hits if h.id not in stale][:limit]


def suggest_fresh(session: Any, scope: Scope, prefix: str, limit: int) -> list[str]:
    """Suggestions from the unit directory and the visible documents, the candidates checked against the database
    (a document whose access was tightened, not yet reindexed, suggests nothing). As in search, what the database
    hides is excluded INSIDE the engine query, never dropped from the newest candidates after the cut: a hidden
    document must not take the place of a visible one (SECURITY.md 86)."""
    from services.search.plan import suggest_all

    engine = get_engine()
    access = access_filter(scope)
    hidden = list(_hidden_hint.get(scope, ()))
    stale: list[str] = []
    for _ in range(FRESH_RETRIES + 1):
        candidates = engine.suggest_candidates(prefix, access, hidden + stale)  # type: ignore[attr-defined]
        new_stale, now_hidden = _guard_query(session, scope, [str(c.get("id")) for c in candidates])
        same_hidden = _same_hidden(now_hidden, hidden)
        if not same_hidden:
            _remember_hidden(scope, now_hidden)
            hidden = now_hidden
        if same_hidden and not new_stale:
            return suggest_all(prefix, candidates, limit)
        stale.extend(sorted(new_stale - set(stale)))
    return suggest_all(prefix, [], limit)  # still behind after several rounds: the directory's and the kinds only
