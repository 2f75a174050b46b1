"""Embedded search engine on tantivy (the default; no server).

The index lives in ``<data_dir>/index``.  Near-real-time writes: ``index``/``remove`` add to a writer this process
keeps open, and a committer thread commits by batch and time — at most COMMIT_INTERVAL_S after the first pending
change, or at once when MAX_PENDING documents wait — then reloads the readers; ``refresh()`` commits now.  Never one
commit per document, and merges run in the background (no merge wait on the write path).  The writer (and its
lock) is released after IDLE_RELEASE_S without writes, so another process (the CLI, a second worker) can write;
pending changes are committed on ``close()`` and at interpreter exit.  ``reindex`` deletes and re-adds everything
in ONE commit: searchers keep the old generation until the new one is committed (no downtime, no half-built
index).
"""
from __future__ import annotations

import atexit
import hashlib
import json
import logging
import re
import shutil
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Order, Query

from services.search.analysis import fold
from services.search.engine import (
    FACET_NAMES,
    FACET_SIZE,
    AccessFilter,
    Hit,
    IndexDoc,
    SearchError,
    SearchQuery,
    SearchResult,
    facets_from_buckets,
    stored_hit,
    window,
)
from services.search.highlight import highlight
from services.search.ir import Bool, Const, MatchAll, MatchNone, Node, Phrase, PhrasePrefix, Range, Term, Terms
from services.search.plan import (
    RERANK_DEPTH,
    RERANK_MARGIN,
    SUGGEST_CANDIDATES,
    plan_find,
    plan_search,
    plan_similar,
    plan_suggest,
    rerank,
    similar_terms,
    stats_node,
    suggest_all,
)
from services.search.schema import FACET_FIELDS, INT_FIELDS, KEYWORD_FIELDS, POSITION_FIELDS, stored, to_fields

log = logging.getLogger(__name__)

SCHEMA_VERSION = "vanban-search-3"  # 2: the folded tokens are stored (stage-2 ranking reads term frequencies);
# 3: suggest reads the kind with the subject; a number's year is no bare digits term in ``num``
_VERSION_FILE = "vanban-schema-version"
RECREATED: set[str] = set()  # index directories emptied in this process because their layout was older
WRITER_HEAP = 256_000_000
LOCK_WAIT_S = 60.0
COMMIT_INTERVAL_S = 0.5  # a document is searchable at most this long after ``index`` returns
MAX_PENDING = 2000  # commit at once when this many changes wait
BULK_PENDING = 50_000  # in bulk mode (``bulk()``: reindex, benchmarks) commit only this often, or on refresh()
IDLE_RELEASE_S = 1.0  # release the writer lock after this long without writes
FACET_CACHE_SIZE = 256
FILTER_CACHE_SIZE = 1024  # distinct filter clauses kept built (access filters, kinds, units, dates)
STATS_CACHE_MAX = 200_000  # visible document frequencies kept (all access filters and generations together)
STATS_DELTA_IDS = 64  # a commit of more documents than this ends the cached statistics (counted again)
STATS_DELTA_MIN_DF = 2_000  # a term in fewer documents is counted again; a longer posting list is updated
DELTA_KEYS = 20  # keys per search of the changed documents (scores 2^0…2^19: exact sums in a float32)
SEARCHERS_KEPT = 32  # the searchers of the last generations, to update a cached count by the documents changed since
INDEXED_MEMO_TTL_S = 120.0  # an upsert identical to one this process added this recently is skipped
INDEXED_MEMO_SIZE = 50_000
AGG_MIN_POSTINGS = 20_000  # visible statistics: terms with more postings than this together are counted in one pass
_TOTAL = "_total"  # the match count in the facet aggregation (not a facet name)
_PLAIN_TOKEN = re.compile(r"[0-9a-z_]+")  # tokens the query parser reads back as exactly one term

_open_engines: weakref.WeakSet[TantivyEngine] = weakref.WeakSet()


@atexit.register
def _flush_at_exit() -> None:
    for engine in list(_open_engines):
        try:
            engine.close()
        except Exception:  # noqa: BLE001 - exiting anyway; reindex restores what was not committed
            log.exception("search index: pending changes not committed at exit")


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in ("syl", "fold", "bi", "fold_bi", "abbr", "num", "issuer_tok", "unit_tok", "sugg"):
        sb.add_text_field(name, tokenizer_name="whitespace", stored=name == "fold",
                          index_option="position" if name in POSITION_FIELDS else "freq")
    for name in KEYWORD_FIELDS:
        if name != "id":
            sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in FACET_FIELDS.values():
        sb.add_text_field(f"f_{name}", tokenizer_name="raw", index_option="basic", fast=True)
    for name in INT_FIELDS:
        sb.add_integer_field(name, indexed=True, fast=True)
    sb.add_bytes_field("doc", stored=True)
    return sb.build()


def _present(tokens: Any, terms: set[str], exact: set[str],
             keys: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None = None) -> tuple[set[str], set[str]]:
    """The highlight terms that occur in a document's stored folded tokens (the others are not looked for in
    its text); all of them when the tokens are not stored.  ``keys``: ``_present_keys(terms, exact)``, made once
    per query (not folded again for every hit)."""
    if tokens is None:
        return terms, exact
    spaced = f" {tokens} "
    t_keys, e_keys = keys if keys is not None else _present_keys(terms, exact)
    return {t for t, k in t_keys if k in spaced}, {e for e, k in e_keys if k in spaced}


def _present_keys(terms: set[str], exact: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Each highlight term with the spaced folded token ``_present`` looks for."""
    return [(t, f" {t} ") for t in terms], [(e, f" {fold(e)} ") for e in exact]


def _opstamp(meta: bytes | None) -> int | None:
    """The opstamp of a committed state (meta.json): every commit, of any process, raises it; merges keep it."""
    if meta is None:
        return None
    try:
        op = json.loads(meta).get("opstamp")
    except (ValueError, AttributeError):
        return None
    return op if isinstance(op, int) else None


MAX_LEVEL = 3  # Tuyệt mật


def _low_levels(node: Node) -> bool:
    """``level ≤ m`` (m < MAX_LEVEL): a range that excludes only the highest, rarest levels."""
    return (isinstance(node, Range) and node.field == "level" and (node.gte is None or node.gte <= 0)
            and node.lte is not None and 0 <= node.lte < MAX_LEVEL)


_DELTA_BUCKETS = 100_000  # the values of a few changed documents: all of them, in one aggregation


@dataclass(frozen=True)
class _Facets:
    """Every value's count of each facet of one match in generation ``gen``, and the total.  ``complete``: the
    aggregation returned every value (else only the top ones: not updated across generations)."""

    gen: int
    counts: dict[str, dict[str, int]]
    total: int
    complete: bool

    @classmethod
    def of(cls, gen: int, aggs: dict[str, Any]) -> _Facets:
        counts = {name: {str(b["key"]): int(b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])}
                  for name in FACET_NAMES}
        complete = all(not aggs.get(name, {}).get("sum_other_doc_count") for name in FACET_NAMES)
        return cls(gen, counts, int(aggs[_TOTAL]["value"]), complete)

    def moved(self, gen: int, now: _Facets, before: _Facets) -> _Facets:
        """These counts, plus ``now`` less ``before`` (the changed documents in the match in each generation)."""
        counts: dict[str, dict[str, int]] = {}
        for name in FACET_NAMES:
            values = dict(self.counts[name])
            for key, n in now.counts[name].items():
                values[key] = values.get(key, 0) + n
            for key, n in before.counts[name].items():
                values[key] = values.get(key, 0) - n
            counts[name] = {k: n for k, n in values.items() if n > 0}
        return _Facets(gen, counts, self.total + now.total - before.total, True)

    def top(self) -> dict[str, dict[str, int]]:
        """The top FACET_SIZE values of every facet, count desc then value (what the engines return)."""
        return facets_from_buckets({name: {"buckets": [{"key": k, "doc_count": n} for k, n in values.items()]}
                                    for name, values in self.counts.items()})


class TantivyEngine:
    def __init__(self, path: Path | None) -> None:
        """``path=None`` keeps the index in memory (tests)."""
        self.path = Path(path) if path is not None else None
        self.schema = build_schema()
        self._lock = threading.RLock()
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="vanban-search")
        self._index = self._open()
        self._writer_obj: tantivy.IndexWriter | None = None
        self._pending = 0  # changes added since the last commit
        self._first_pending = 0.0
        self._bulk = 0  # depth of ``bulk()`` contexts: no commit by time, fewer and larger segments
        self._last_write = 0.0
        self._wake = threading.Condition(self._lock)
        self._closed = False
        self._committer: threading.Thread | None = None
        # readers reload only here (_searcher, commits): the generation number then names exactly one set of
        # committed segments, and statistics cached under it can never describe another state of the index
        self._read_lock = threading.Lock()
        self._gen = 0
        self._meta_sig: bytes | None = None
        self._index.config_reader(reload_policy="Manual")
        # visible statistics survive commits (see _stats): each generation records which documents changed since
        # the one before (None: not known — another process wrote, a large batch, clear, reindex), the searchers
        # of the last generations are kept, and the opstamp of the loaded state tells this process's commits and
        # segment merges (no change) from anyone else's
        self._searchers: OrderedDict[int, tantivy.Searcher] = OrderedDict()
        self._changes: dict[int, frozenset[str] | None] = {}
        self._opstamp: int | None = None  # of the committed state the current generation loaded
        self._touched: set[str] | None = set()  # ids written since the last commit (None: too many, or all)
        self._writer_synced = False  # the open writer started from the state this process loaded
        self._stats_cache: dict[Any, dict[Any, tuple[int, int]]] = {}  # scope → key → (generation, count)
        self._stats_size = 0
        # facets of a match (which includes the access filter and the excluded ids): every value's count and the
        # total, with the generation they describe; carried over commits like the statistics (``_facets``)
        self._facet_cache: dict[Node, _Facets] = {}
        self._filters: dict[Node, Query] = {}  # filter clause → its tantivy query (``_filter_q``)
        # id → (digest of the IndexDoc, when) of what this process added: the follow-ups of one change (ingest,
        # then briefing's task sync) often ask to index the same content twice; the second costs no analysis
        self._indexed: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        _open_engines.add(self)

    # ---------------------------------------------------------------- storage
    def _open(self) -> tantivy.Index:
        if self.path is None:
            return tantivy.Index(self.schema)
        self.path.mkdir(parents=True, exist_ok=True)
        version_file = self.path / _VERSION_FILE
        current = version_file.read_text().strip() if version_file.exists() else None
        if current != SCHEMA_VERSION and any(p.name != _VERSION_FILE for p in self.path.iterdir()):
            # derived data in an older layout: start afresh (reindex from the database restores it)
            log.warning("search index at %s has schema %r, expected %r: recreating it", self.path, current,
                        SCHEMA_VERSION)
            for p in self.path.iterdir():
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            RECREATED.add(str(self.path))
        index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        version_file.write_text(SCHEMA_VERSION)
        return index

    def _meta(self) -> bytes | None:
        """The committed state on disk (tantivy rewrites meta.json, with its opstamp, on every commit)."""
        if self.path is None:
            return None
        try:
            return (self.path / "meta.json").read_bytes()
        except OSError:
            return None

    def _reload(self, own: tuple[int, frozenset[str] | None] | None = None) -> None:
        """Load the committed segments (this process's commits and other processes') as a new generation.
        ``own``: this process's commit just made (its opstamp, the ids it changed)."""
        with self._read_lock:
            self._load(self._meta(), own)

    def _load(self, before: bytes | None, own: tuple[int, frozenset[str] | None] | None = None) -> None:
        """Reload (read lock held; ``before``: meta.json read just before) and record what changed: the ids of
        ``own`` when the state loaded is exactly that commit on top of the previous generation's state (meta.json
        the same before and after the reload, its opstamp the commit's, the writer opened on the loaded state);
        nothing when no commit happened since (the same opstamp: merges at most); else unknown."""
        self._index.reload()
        after = self._meta()
        self._meta_sig = after
        changes: frozenset[str] | None = None
        if self.path is None:  # in memory: no other process, no merge changes anything
            changes = own[1] if own is not None else frozenset()
            self._writer_synced = True
        elif before == after and after is not None:
            op = _opstamp(after)
            if op is not None and op == self._opstamp:
                changes = frozenset()
            elif op is not None and own is not None and op == own[0] and self._writer_synced:
                changes = own[1]
            if own is not None:
                self._writer_synced = op is not None and op == own[0]
            self._opstamp = op
        else:
            self._opstamp = None
            if own is not None:
                self._writer_synced = False
        self._gen += 1
        self._changes[self._gen] = changes
        self._changes.pop(self._gen - SEARCHERS_KEPT - 1, None)
        if changes is None:  # no count can be carried over this generation: the old searchers serve nothing
            self._searchers.clear()
        self._searchers[self._gen] = self._index.searcher()
        while len(self._searchers) > SEARCHERS_KEPT:
            self._searchers.popitem(last=False)

    def _searcher(self) -> tuple[tantivy.Searcher, int]:
        """The current searcher and its generation; reloads first when another process committed (meta.json)."""
        with self._read_lock:
            sig = self._meta()
            if sig != self._meta_sig or not self._searchers:
                if sig != self._meta_sig:
                    self._indexed = OrderedDict()  # another process wrote: what this one added may be overwritten
                self._load(sig)
            return self._searchers[self._gen], self._gen

    def _writer(self) -> tantivy.IndexWriter:
        deadline = time.monotonic() + LOCK_WAIT_S
        delay = 0.05
        while True:
            try:
                return self._index.writer(WRITER_HEAP, 1)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise SearchError("search.index_busy", "Chỉ mục tìm kiếm đang bận, vui lòng thử lại.") from exc
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    # ---------------------------------------------------------------- writer, commits
    def _writer_open(self) -> tantivy.IndexWriter:
        """The process's writer (lock held by the caller), opened on demand; starts the committer."""
        if self._writer_obj is None:
            self._writer_obj = self._writer()
            # the lock is ours from here: a writer opened on a state another process committed after the one
            # loaded here would let that process's changes pass for this one's (meta.json before the reload)
            op = _opstamp(self._meta())
            self._writer_synced = self.path is None or (op is not None and op == self._opstamp)
        if self._committer is None or not self._committer.is_alive():
            self._committer = threading.Thread(target=self._commit_loop, name="vanban-search-commit", daemon=True)
            self._committer.start()
        return self._writer_obj

    def _changed(self, n: int) -> None:
        now = time.monotonic()
        if not self._pending:
            self._first_pending = now
        self._pending += n
        self._last_write = now
        if self._pending >= (BULK_PENDING if self._bulk else MAX_PENDING):
            self._commit_locked()
        else:
            self._wake.notify_all()

    def _commit_locked(self) -> None:
        if self._writer_obj is None:
            return
        if self._pending:
            op = self._writer_obj.commit()
            self._pending = 0
            self._reload(self._committed(op))

    def _committed(self, op: int) -> tuple[int, frozenset[str] | None]:
        """A commit's opstamp and the ids it changed (None: too many to carry counts over, or all)."""
        touched, self._touched = self._touched, set()
        return op, (frozenset(touched) if touched is not None and len(touched) <= STATS_DELTA_IDS else None)

    def _release_locked(self) -> None:
        """Commit what is pending and give the writer lock back (merges finish first)."""
        if self._writer_obj is None:
            return
        writer, self._writer_obj = self._writer_obj, None
        own = None
        try:
            if self._pending:
                own = self._committed(writer.commit())
                self._pending = 0
        finally:
            writer.wait_merging_threads()
        self._reload(own)
        with self._read_lock:  # idle: the old searchers would keep merged-away segments on disk
            while len(self._searchers) > 1:
                self._searchers.popitem(last=False)

    def _commit_loop(self) -> None:
        with self._lock:
            while not self._closed and self._writer_obj is not None:
                now = time.monotonic()
                if self._pending and self._bulk:  # committed by size, refresh() or the end of the bulk
                    self._wake.wait(COMMIT_INTERVAL_S)
                    continue
                if self._pending:
                    due = self._first_pending + COMMIT_INTERVAL_S
                    if now >= due:
                        try:
                            self._commit_locked()
                        except Exception:  # noqa: BLE001 - keep committing later; the changes stay pending
                            log.exception("search index commit failed")
                            self._wake.wait(1.0)
                        continue
                    self._wake.wait(due - now)
                    continue
                idle = self._last_write + IDLE_RELEASE_S
                if now >= idle:
                    self._release_locked()
                    return
                self._wake.wait(idle - now)

    def _rollback_locked(self) -> None:
        """Drop uncommitted changes and release the writer lock: nothing half-written becomes visible."""
        writer, self._writer_obj = self._writer_obj, None
        self._pending = 0
        self._touched = set()  # nothing of it is committed
        self._indexed.clear()
        if writer is not None:
            self._abandon(writer)

    @staticmethod
    def _abandon(writer: tantivy.IndexWriter) -> None:
        try:
            writer.rollback()
        finally:
            writer.wait_merging_threads()

    def _document(self, doc: IndexDoc) -> tantivy.Document:
        """The tantivy document of ``doc``: built in one call from a dict of value lists (a third of the time of a
        call per value), typed by the schema."""
        values: dict[str, list[Any]] = {}
        for name, value in to_fields(doc).items():
            if name in INT_FIELDS:
                values[name] = [int(value)]
            elif name in FACET_FIELDS:
                if value:
                    values[f"f_{name}"] = list(value)
            elif isinstance(value, list):
                if value:
                    values[name] = value
            elif value:
                values[name] = [value]
        values["doc"] = [json.dumps(stored(doc), ensure_ascii=False).encode()]
        return tantivy.Document.from_dict(values, self.schema)

    # ---------------------------------------------------------------- writes
    @staticmethod
    def _digest(doc: IndexDoc) -> bytes:
        return hashlib.blake2b(repr(doc).encode(), digest_size=16).digest()

    def _unchanged(self, doc: IndexDoc, digest: bytes, now: float) -> bool:
        seen = self._indexed.get(doc.id)
        return seen is not None and seen[0] == digest and now - seen[1] < INDEXED_MEMO_TTL_S

    def index(self, docs: Sequence[IndexDoc]) -> None:
        """Upsert; searchable within COMMIT_INTERVAL_S (or at once after ``refresh()``). A document identical to
        the one this process added for its id (within INDEXED_MEMO_TTL_S) is not analysed nor written again."""
        if not docs:
            return
        now = time.monotonic()
        if self._writer_obj is None and self._meta() != self._meta_sig:
            # another process committed since this one last read: its writes may have replaced what this one added,
            # so nothing is skipped as "already indexed" (a tightening skipped stays unindexed: SECURITY.md 32)
            self._indexed = OrderedDict()
        digests = [self._digest(doc) for doc in docs]
        todo = [(doc, dg) for doc, dg in zip(docs, digests, strict=True) if not self._unchanged(doc, dg, now)]
        if not todo:
            return
        prepared = [(doc.id, dg, self._document(doc)) for doc, dg in todo]  # validate everything before writing
        with self._lock:
            writer = self._writer_open()
            try:
                for doc_id, _, d in prepared:
                    if self._touched is not None:
                        self._touched.add(doc_id)
                    writer.delete_documents_by_term("id", doc_id)
                    writer.add_document(d)
            except BaseException:
                self._rollback_locked()
                raise
            for doc_id, dg, _ in prepared:
                self._indexed[doc_id] = (dg, now)
                self._indexed.move_to_end(doc_id)
            while len(self._indexed) > INDEXED_MEMO_SIZE:
                self._indexed.popitem(last=False)
            self._changed(len(prepared))

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many writes in a row (a reindex, a benchmark): commits by size (BULK_PENDING) or ``refresh()`` instead of
        every COMMIT_INTERVAL_S, so the writer is not stalled by a commit every half second and the index is
        written in fewer, larger segments (less merging).  What is pending is committed when the block ends."""
        with self._lock:
            self._bulk += 1
        try:
            yield
        finally:
            with self._lock:
                self._bulk -= 1
                if not self._bulk:
                    self._commit_locked()
                    self._wake.notify_all()

    def remove(self, doc_id: str) -> None:
        with self._lock:
            self._indexed.pop(doc_id, None)
            writer = self._writer_open()
            if self._touched is not None:
                self._touched.add(doc_id)
            writer.delete_documents_by_term("id", doc_id)
            self._changed(1)

    def clear(self) -> None:
        with self._lock:
            self._indexed.clear()
            writer = self._writer_open()
            self._touched = None
            writer.delete_all_documents()
            self._changed(1)
            self._commit_locked()

    def reindex(self, docs: Iterable[IndexDoc]) -> int:
        n = 0
        with self._lock:
            self._commit_locked()  # what was indexed before stays committed
            self._indexed.clear()
            writer = self._writer_open()
            self._touched = None
            try:
                writer.delete_all_documents()
                for doc in docs:
                    writer.add_document(self._document(doc))
                    n += 1
            except BaseException:
                self._rollback_locked()
                raise
            self._changed(n + 1)
            self._commit_locked()
        return n

    def ids(self) -> Iterator[str]:
        """Every indexed id (a resumed reindex removes those the database no longer has)."""
        searcher, _ = self._searcher()
        n = int(searcher.num_docs)
        if not n:
            return
        for _, addr in searcher.search(Query.all_query(), n, count=False).hits:
            yield str(searcher.doc(addr).get_first("id"))

    def refresh(self) -> None:
        """Commit pending changes now and reload (what other processes committed becomes visible too)."""
        with self._lock:
            self._commit_locked()
        with self._read_lock:
            sig = self._meta()
            if sig != self._meta_sig or not self._searchers:  # the same meta.json: the state already loaded
                self._load(sig)

    def pending(self) -> int:
        return self._pending

    def count(self) -> int:
        return int(self._searcher()[0].num_docs)

    def content_behind(self) -> bool:
        """Never: an index of an older SCHEMA_VERSION is rebuilt from the database when opened."""
        return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._release_locked()
            self._wake.notify_all()
        self._pool.shutdown(wait=False)

    # ---------------------------------------------------------------- queries
    def _q(self, node: Node) -> Query:
        s = self.schema
        if isinstance(node, Term):
            q = Query.term_query(s, node.field, node.value)
            return q if node.boost == 1.0 else Query.boost_query(q, node.boost)
        if isinstance(node, Terms):
            if len(node.values) == 1:
                return Query.const_score_query(Query.term_query(s, node.field, node.values[0]), 1.0)
            if len(node.values) <= 16:  # a lazy union beats building the term-set bitset over the whole index
                union = Query.boolean_query([(Occur.Should, Query.term_query(s, node.field, v)) for v in node.values])
                return Query.const_score_query(union, 1.0)
            return Query.term_set_query(s, node.field, list(node.values))
        if isinstance(node, Phrase):
            q = Query.phrase_query(s, node.field, list(node.tokens))
            return q if node.boost == 1.0 else Query.boost_query(q, node.boost)
        if isinstance(node, PhrasePrefix):
            return Query.phrase_prefix_query(s, node.field, list(node.tokens))
        if isinstance(node, Range):
            return Query.range_query(s, node.field, tantivy.FieldType.Integer, node.gte, node.lte)
        if isinstance(node, Const):
            return Query.const_score_query(self._q(node.node), node.score)
        if isinstance(node, MatchAll):
            return Query.all_query()
        if isinstance(node, MatchNone):
            return Query.empty_query()
        if isinstance(node, Bool):
            subs: list[tuple[Occur, Query]] = []
            subs.extend((Occur.Must, self._q(n)) for n in node.must)
            filters = [n for n in node.filter if not _low_levels(n)]
            if len(filters) < len(node.filter) and (node.must or filters):
                # "level ≤ m" (the access filter) beside a required clause: excluding the few higher levels skips
                # through their short posting lists, where the range would read the level column of every candidate
                # one lazy term per excluded level: a term set builds a bitset over the whole index on every query
                # (≈ 0.3 ms, ten times the count of a rare word inside the access filter)
                for n in node.filter:
                    if isinstance(n, Range) and _low_levels(n) and n.lte is not None:
                        subs.extend((Occur.MustNot, Query.term_query(s, "level", lvl))
                                    for lvl in range(n.lte + 1, MAX_LEVEL + 1))
            else:
                filters = list(node.filter)
            subs.extend((Occur.Must, self._filter_q(n)) for n in filters)
            subs.extend((Occur.Should, self._q(n)) for n in node.should)
            subs.extend((Occur.MustNot, self._q(n)) for n in node.must_not)
            msm = node.effective_min_should()
            if not node.must and not node.filter and not node.should:
                return Query.empty_query()
            q = Query.boolean_query(subs, msm if msm > 0 and node.should else None)
            return q if node.boost == 1.0 else Query.boost_query(q, node.boost)
        raise TypeError(f"unknown query node {node!r}")

    def _filter_q(self, node: Node) -> Query:
        """A filter clause (scores 0), built once per distinct filter: the access filter of a user (its levels and
        units), a kind, a unit, a date range.  Safe to keep: a query is only the terms to look up, never a result —
        each search evaluates it on that search's own generation, so a document whose access changed is matched by
        what the index says of it now."""
        q = self._filters.get(node)
        if q is None:
            if len(self._filters) >= FILTER_CACHE_SIZE:
                self._filters = {}
            q = self._filters[node] = Query.const_score_query(self._q(node), 0.0)
        return q

    @staticmethod
    def _stored(searcher: tantivy.Searcher, addr: Any) -> dict[str, Any]:
        doc = addr if isinstance(addr, tantivy.Document) else searcher.doc(addr)
        raw: Any = doc.get_first("doc")
        out: dict[str, Any] = json.loads(bytes(raw).decode())
        return out

    @staticmethod
    def _hit(d: dict[str, Any], score: float, highlights: list[str] | None = None) -> Hit:
        return stored_hit(d, score, highlights)

    def _count(self, searcher: tantivy.Searcher, node: Node) -> int:
        return int(searcher.search(self._q(node), 1, count=True).count or 0)

    def _stats(self, searcher: tantivy.Searcher, gen: int, access: AccessFilter | None,
               keys: list[tuple[str, str]], exclude: Sequence[str] = ()) -> tuple[int, dict[tuple[str, str], int]]:
        """Document count and frequencies among the documents the user may see (a hidden document moves
        neither); the whole index's statistics for a user who sees everything.

        Cached per access scope, each count with the generation of the searcher it describes (``gen``), and carried
        over commits: in a later generation a count is used as it is when no document changed since (a reload with
        nothing committed, segment merges), updated when a few known documents changed — this process's commits
        since, each of at most STATS_DELTA_IDS documents: plus those of them holding the term inside the scope in
        this generation, less the same in the generation it was counted in (that searcher is kept) — and counted
        again otherwise (another process wrote, a larger batch, clear, reindex, a count older than the searchers
        kept, a rare term).  So a count always describes exactly the documents this searcher shows: an access
        change is a commit of the changed document, which the update counts out (or in) at once.
        ``exclude``: ids the query excludes (a tightening not re-indexed yet) count neither."""
        acc = stats_node(access, exclude)
        if acc is None:
            return int(searcher.num_docs), {(f, t): int(searcher.doc_freq(f, t)) for f, t in keys}
        cache = self._stats_cache.setdefault(acc, {})
        got: dict[Any, int] = {}
        stale: dict[int, tuple[frozenset[str], list[Any]]] = {}  # generation counted in → (changed ids, keys)
        recount: list[Any] = []
        for key in (None, *dict.fromkeys(keys)):  # None: the number of visible documents
            entry = cache.get(key)
            if entry is not None and entry[0] == gen:
                got[key] = entry[1]
                continue
            if entry is not None and entry[0] < gen:
                changed = self._changed_between(entry[0], gen)
                if changed is not None and not changed:
                    got[key] = entry[1]
                    continue
                if changed is not None and entry[0] in self._searchers and (
                        key is None or searcher.doc_freq(*key) >= STATS_DELTA_MIN_DF):
                    stale.setdefault(entry[0], (changed, []))[1].append(key)
                    continue
            recount.append(key)
        for old_gen, (changed, stale_keys) in stale.items():
            old = self._searchers.get(old_gen)
            if old is None:
                recount.extend(stale_keys)
                continue
            # the changed ids lead the intersection (a lazy union of single postings), the scope filters them
            within = Bool(must=(Bool(should=tuple(Term("id", i) for i in sorted(changed))),), filter=(acc,))
            now, before = self._counts_among(searcher, within, stale_keys), self._counts_among(old, within, stale_keys)
            for key in stale_keys:
                entry = cache.get(key)
                if now is None or before is None or entry is None or entry[0] != old_gen:
                    recount.append(key)  # (replaced meanwhile by another thread: counted)
                else:
                    got[key] = entry[1] + now[key] - before[key]
        if None in recount:
            got[None] = self._count(searcher, acc)
        terms = [k for k in recount if k is not None]
        if terms:
            got.update(self._counts_in(searcher, acc, terms))
        if self._stats_size > STATS_CACHE_MAX:
            with self._read_lock:
                self._stats_cache, self._stats_size = {}, 0
                cache = self._stats_cache.setdefault(acc, {})
        for key, value in got.items():
            entry = cache.get(key)
            if entry is None:
                self._stats_size += 1
            if entry is None or entry[0] < gen:  # an older searcher still finishing never replaces a newer count
                cache[key] = (gen, value)
        return got[None], {k: got[k] for k in keys}

    def _changed_between(self, old: int, new: int) -> frozenset[str] | None:
        """The ids changed from generation ``old`` to ``new`` (None: not known, or too many to update counts)."""
        if new - old > SEARCHERS_KEPT:
            return None
        out: set[str] = set()
        for g in range(old + 1, new + 1):
            changes = self._changes.get(g)
            if changes is None:
                return None
            out |= changes
        return frozenset(out) if len(out) <= STATS_DELTA_IDS else None

    def _counts_among(self, searcher: tantivy.Searcher, within: Node, keys: list[Any]) -> dict[Any, int] | None:
        """The documents of ``within`` (a few changed ones inside the scope) holding each key (None: all of them),
        in one searcher's generation: one search per DELTA_KEYS keys, each key a constant score 2^i, so a hit's
        score (a sum of distinct powers of two, exact in a float32) says which keys the document holds.  None when
        ``within`` holds more documents than expected (counted again instead)."""
        terms = [k for k in keys if k is not None]
        base = Query.const_score_query(self._q(within), 0.0)
        limit = 2 * STATS_DELTA_IDS
        out: dict[Any, int] = {}
        for i in range(0, max(len(terms), 1), DELTA_KEYS):
            chunk = terms[i:i + DELTA_KEYS]
            q = Query.boolean_query([(Occur.Must, base), *(
                (Occur.Should, Query.const_score_query(Query.term_query(self.schema, f, t), float(1 << b)))
                for b, (f, t) in enumerate(chunk))])
            res = searcher.search(q, limit, count=True)
            if int(res.count or 0) >= limit:
                return None
            out[None] = int(res.count or 0)
            bits = [int(score) for score, _ in res.hits]
            out.update({k: sum(1 for v in bits if v >> b & 1) for b, k in enumerate(chunk)})
        return out

    def _counts_in(self, searcher: tantivy.Searcher, acc: Node, keys: list[tuple[str, str]]
                   ) -> dict[tuple[str, str], int]:
        """The number of documents of ``acc`` holding each key, counted."""
        # a term no document has is in no visible one either: nothing to count
        total = {k: int(searcher.doc_freq(*k)) for k in keys}
        counted = {k: 0 for k, df in total.items() if not df}
        todo = [k for k, df in total.items() if df]
        many = [k for k in todo if _PLAIN_TOKEN.fullmatch(k[1])]
        if len(many) > 1 and sum(total[k] for k in many) >= AGG_MIN_POSTINGS:
            # one pass over the visible documents counts them all (a filter bucket per term), about a third of
            # the CPU of one intersection per term once their postings are long: a long query's ~20 terms
            counted.update(self._counts_in_one_pass(searcher, acc, many))
            todo = [k for k in todo if k not in counted]
        if len(todo) > 1:  # the counts run side by side (tantivy releases the GIL): a long query has ~20 of them
            counted.update(zip(todo, self._pool.map(
                lambda k: self._count(searcher, Bool(must=(Term(*k),), filter=(acc,))), todo), strict=True))
        elif todo:
            counted[todo[0]] = self._count(searcher, Bool(must=(Term(*todo[0]),), filter=(acc,)))
        return counted

    def _counts_in_one_pass(self, searcher: tantivy.Searcher, acc: Node,
                            keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """The number of documents of ``acc`` holding each (field, token) of ``keys``, from one aggregation over
        ``acc`` with a filter bucket per term (the same counts as ``_count`` of term ∧ ``acc``, one at a time).
        The tokens are plain (``_PLAIN_TOKEN``), so the quoted query string is exactly the one-term query."""
        aggs = {f"t{i}": {"filter": f'{field}:"{token}"'} for i, (field, token) in enumerate(keys)}
        res = searcher.aggregate(self._q(acc), aggs)
        return {key: int(res[f"t{i}"]["doc_count"]) for i, key in enumerate(keys)}

    def search(self, query: SearchQuery) -> SearchResult:
        searcher, gen = self._searcher()

        def stats(keys: list[tuple[str, str]]) -> tuple[int, dict[tuple[str, str], int]]:
            return self._stats(searcher, gen, query.access, keys, query.exclude_ids)

        plan = plan_search(query, stats)
        offset, limit = window(query)
        by_date = query.sort == "date" or not plan.has_text
        # facets come from one aggregation over the match-only query, run on another thread while this one ranks
        # (tantivy releases the GIL); it counts the total too (else the ranking pass, which visits every match)
        pending: Future[dict[str, Any]] | None = None
        known: _Facets | None = None
        if query.facets:
            known = self._facets(searcher, gen, plan.match)  # the same match before (paging, the list page)
            if known is None:
                pending = self._pool.submit(searcher.aggregate, self._q(plan.match), self._facet_aggs())
        hits: list[Hit] = []
        total = 0
        # with the facets aggregated, their pass counts the matches too ("_total"): the ranking pass then does not
        count = pending is None and known is None
        if known is not None:
            total = known.total
        if not limit and count:
            total = self._count(searcher, plan.match)
        elif limit:
            page: list[tuple[float, Any, str | None]]  # (score, address or stored document, its folded tokens)
            if by_date:  # the match alone (no scoring clauses): the same documents, by date
                res: Any = searcher.search(self._q(plan.match), limit, count=count, order_by_field="date_int",
                                           offset=offset, order=Order.Desc)
                page = [(0.0, addr, None) for _, addr in res.hits]
            elif offset >= RERANK_DEPTH:  # below the rescored head: the stage-1 order
                res = searcher.search(self._q(plan.query), limit, count=count, offset=offset)
                page = [(sc, addr, None) for sc, addr in res.hits]
            else:
                res = searcher.search(self._q(plan.query), max(RERANK_DEPTH + RERANK_MARGIN, offset + limit),
                                      count=count)
                hits_in = res.hits
                if offset + limit <= RERANK_DEPTH and len(hits_in) > RERANK_DEPTH:
                    # the page lies in the rescored head: candidates scoring below the RERANK_DEPTH-th can neither
                    # enter it nor be shown, so their stored documents are not read (those tied with it are: ids
                    # break the tie)
                    cut = sorted((float(sc) for sc, _ in hits_in), reverse=True)[RERANK_DEPTH - 1]
                    hits_in = [h for h in hits_in if float(h[0]) >= cut]
                page = self._reranked(searcher, plan, hits_in)[offset:offset + limit]
            if count:
                total = int(res.count or 0)
            terms, exact = plan.highlight_spec() if query.highlight else (set(), set())
            keys = _present_keys(terms, exact)
            for key, ref, tok in page:
                doc = ref if isinstance(ref, tantivy.Document) else searcher.doc(ref)
                d = self._stored(searcher, doc)
                hl: list[str] = []
                if terms or exact:
                    # the tokens stage 2 already read (not converted from the stored document a second time)
                    t_in, e_in = _present(tok if tok is not None else doc.get_first("fold"), terms, exact, keys)
                    hl = highlight([d.get("text") or d.get("subject")], t_in, exact=e_in) if t_in or e_in else []
                hits.append(self._hit(d, key, hl))
        if pending is not None:
            known = _Facets.of(gen, pending.result())
            self._keep_facets(plan.match, known)
        if known is not None:
            total = known.total
        facets = known.top() if known is not None else {}
        return SearchResult(total=total, hits=hits, facets=facets)

    def _keep_facets(self, match: Node, facets: _Facets) -> None:
        cache = self._facet_cache
        old = cache.get(match)
        if old is not None and old.gen > facets.gen:  # an older searcher still finishing never replaces newer counts
            return
        cache.pop(match, None)
        while len(cache) >= FACET_CACHE_SIZE:
            try:
                del cache[next(iter(cache))]  # the oldest (an entry carried over a commit is inserted anew)
            except (KeyError, StopIteration, RuntimeError):  # emptied by another thread meanwhile
                break
        cache[match] = facets

    def _facets(self, searcher: tantivy.Searcher, gen: int, match: Node) -> _Facets | None:
        """The facets and total of ``match`` in generation ``gen`` from the cache, when it holds them for this
        generation, or for an earlier one since which no document changed (a reload with nothing committed,
        merges), or a few known ones — this process's commits, at most STATS_DELTA_IDS documents in all, with the
        searcher of that generation kept: each count plus those of the changed documents inside the match now, less
        the same in that generation (one aggregation over those few documents in each searcher).  None (aggregated
        again) otherwise: another process wrote, a larger batch, clear, reindex, a facet with more values than one
        aggregation returns.  So the counts always describe exactly the documents this searcher shows: an access
        change is a commit of the changed document, which the update counts out (or in) at once; ids a query
        excludes are part of ``match``, a different entry."""
        entry = self._facet_cache.get(match)
        if entry is None or entry.gen > gen:
            return None
        if entry.gen == gen:
            return entry
        changed = self._changed_between(entry.gen, gen)
        if changed is None or not entry.complete:
            return None
        if changed:
            old = self._searchers.get(entry.gen)
            if old is None:
                return None
            within = self._q(Bool(must=(Bool(should=tuple(Term("id", i) for i in sorted(changed))),),
                                  filter=(match,)))
            aggs = self._facet_aggs(size=_DELTA_BUCKETS)
            now = _Facets.of(gen, searcher.aggregate(within, aggs))
            before = _Facets.of(entry.gen, old.aggregate(within, aggs))
            if not (now.complete and before.complete):
                return None
            entry = entry.moved(gen, now, before)
        else:
            entry = _Facets(gen, entry.counts, entry.total, entry.complete)
        self._keep_facets(match, entry)
        return entry

    @staticmethod
    def _reranked(searcher: tantivy.Searcher, plan: Any,
                  hits: list[tuple[float, Any]]) -> list[tuple[float, Any, str | None]]:
        """Stage 2 (services.search.plan.rerank) over the stage-1 hits: (score, stored document, its folded tokens),
        best first."""
        by_id: dict[str, tuple[Any, str | None]] = {}
        cands: list[tuple[float, str, str | None]] = []
        for s1, addr in hits:
            doc = searcher.doc(addr)
            doc_id = str(doc.get_first("id"))
            raw = doc.get_first("fold")
            tok = str(raw) if raw is not None else None
            by_id[doc_id] = (doc, tok)
            cands.append((float(s1), doc_id, tok))
        return [(s, *by_id[i]) for s, i in rerank(plan, cands)]

    @staticmethod
    def _facet_aggs(size: int = FACET_SIZE * 4) -> dict[str, Any]:
        """The facets' terms aggregations, and the number of matches (every document has exactly one ``date_int``,
        0 when undated: its value count is the count of the match; the ranking pass then need not count)."""
        aggs: dict[str, Any] = {name: {"terms": {"field": f"f_{FACET_FIELDS[name]}", "size": size}}
                                for name in FACET_NAMES}
        aggs[_TOTAL] = {"value_count": {"field": "date_int"}}
        return aggs

    def _find(self, searcher: tantivy.Searcher, doc_id: str, access: AccessFilter | None) -> Any | None:
        res = searcher.search(self._q(plan_find(doc_id, access)), 1, count=False)
        return res.hits[0][1] if res.hits else None

    def similar(self, doc_id: str, limit: int = 10, access: AccessFilter | None = None,
                exclude_ids: Sequence[str] = ()) -> list[Hit]:
        searcher, gen = self._searcher()
        addr = self._find(searcher, doc_id, access)
        if addr is None:
            return []
        d = self._stored(searcher, addr)
        weighted = similar_terms(d, lambda keys: self._stats(searcher, gen, access, keys, exclude_ids))
        if not weighted:
            return []
        res = searcher.search(self._q(plan_similar(weighted, doc_id, access, exclude_ids)), max(0, int(limit)),
                              count=False)
        return [self._hit(self._stored(searcher, a), s) for s, a in res.hits]

    def suggest_candidates(self, prefix: str, access: AccessFilter | None = None,
                           exclude_ids: Sequence[str] = ()) -> list[dict[str, Any]]:
        """The newest visible documents whose number, kind and subject, or a unit contain the typed syllables."""
        node = plan_suggest(prefix, access, exclude_ids)
        if node is None:
            return []
        searcher, _ = self._searcher()
        res = searcher.search(self._q(node), SUGGEST_CANDIDATES, count=False, order_by_field="date_int",
                              order=Order.Desc)
        return [self._stored(searcher, a) for _, a in res.hits]

    def suggest(self, prefix: str, limit: int = 10, access: AccessFilter | None = None) -> list[str]:
        if limit <= 0:
            return []
        return suggest_all(prefix, self.suggest_candidates(prefix, access), limit)
