"""Elasticsearch engine: same fields, same query plan, same highlights as the embedded engine.

Layout: an index template ``{prefix}-documents`` matching ``{prefix}-documents-*``; versioned indices
``{prefix}-documents-<utc timestamp>`` behind the alias ``{prefix}-documents`` (every read and write goes through
the alias).  Text is analysed in Python (services.search.analysis), so the mapping only needs the built-in
``whitespace`` analyzer and keyword/integer fields — no analysis plug-ins.  ``reindex`` builds a new index, then
swaps the alias atomically and deletes the old index: searches never see an empty or half-built index.
(Documents indexed through the alias while a reindex runs land in the old index and are dropped with it: reindex
from the source of truth after such writes, or pause writers.)
"""
from __future__ import annotations

import logging
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.exceptions import GeneralAvailabilityWarning

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
from services.search.schema import (
    FACET_FIELDS,
    INT_FIELDS,
    KEYWORD_FIELDS,
    POSITION_FIELDS,
    STORED_FIELDS,
    TEXT_FIELDS,
    stored,
    to_fields,
)

log = logging.getLogger(__name__)

TEMPLATE_VERSION = 3  # 2: the folded tokens are kept in _source (stage-2 ranking reads term frequencies);
# 3: what is indexed changed (search14: a number's year is no bare term of the number field; the suggest field holds
# document kinds and unit names missing from the directory) — an index built before answers the old way until
# `vanban reindex`, which /readyz and the start-up log say (content_behind)
RECALLED_MAPPING = {"type": "boolean", "index": False, "doc_values": False}
BULK_CHUNK = 500
FORCE_MERGE_SEGMENTS = 1  # a reindexed index is merged to this many segments before the alias moves to it


def mappings() -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        props[name] = {"type": "text", "analyzer": "whitespace",
                       "index_options": "positions" if name in POSITION_FIELDS else "freqs"}
    for name in KEYWORD_FIELDS:
        props[name] = {"type": "keyword"}
    for name in FACET_FIELDS.values():
        props[name] = {"type": "keyword"}
    for name in INT_FIELDS:
        props[name] = {"type": "integer"}
    stored_only = {"filename": {"type": "keyword", "index": False, "doc_values": False},
                   "number": {"type": "keyword", "index": False, "doc_values": False},
                   "doc_type": {"type": "keyword", "index": False, "doc_values": False},
                   "issuer_name": {"type": "keyword", "index": False, "doc_values": False},
                   "issued_date": {"type": "date", "index": False, "doc_values": False},
                   "subject": {"type": "text", "index": False},
                   "text": {"type": "text", "index": False},
                   "units": {"type": "keyword", "index": False, "doc_values": False},
                   "recalled": RECALLED_MAPPING}
    props.update(stored_only)
    return {
        "dynamic": "strict",
        "_source": {"excludes": [f for f in TEXT_FIELDS if f != "fold"]},
        "_meta": {"vanban_template_version": TEMPLATE_VERSION},
        "properties": props,
    }


def settings() -> dict[str, Any]:
    return {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s",
            "index": {"similarity": {"default": {"type": "BM25", "k1": 1.2, "b": 0.75}}}}


_ENSURE_LOCK = threading.Lock()


class ElasticsearchEngine:
    def __init__(self, url: str, index_prefix: str = "vanban", client: Elasticsearch | None = None) -> None:
        self.url = url
        self.prefix = index_prefix
        self.alias = f"{index_prefix}-documents"
        self.es = client or Elasticsearch(url, request_timeout=60, retry_on_timeout=True, max_retries=2)
        self._ready = False

    # ---------------------------------------------------------------- layout
    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (ApiError, TransportError) as exc:
            raise SearchError("search.backend_error", f"Lỗi Elasticsearch: {exc}") from exc

    def _new_index_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"

    def ensure(self) -> None:
        """Template, and a first index behind the alias, if missing (idempotent, safe to race)."""
        if self._ready:
            return
        with _ENSURE_LOCK:
            if not self._ready:
                self._ensure()

    def _ensure(self) -> None:
        self._call(self.es.indices.put_index_template, name=self.alias, index_patterns=[f"{self.alias}-*"],
                   template={"settings": settings(), "mappings": mappings()}, priority=100,
                   meta={"vanban_template_version": TEMPLATE_VERSION})
        if not self.es.indices.exists_alias(name=self.alias):
            # a fixed name for the first index: processes that race here all create the same index, and all
            # but one get resource_already_exists (a timestamped name would give the alias two write indices)
            name = f"{self.alias}-initial"
            try:
                self.es.indices.create(index=name, aliases={self.alias: {"is_write_index": True}})
            except ApiError as exc:
                if "resource_already_exists" not in str(exc):
                    raise SearchError("search.backend_error", f"Lỗi Elasticsearch: {exc}") from exc
            self.es.cluster.health(index=self.alias, wait_for_status="yellow", timeout="30s")
        # a field added since an index was created (adding one to a strict mapping is allowed, and idempotent)
        self._call(self.es.indices.put_mapping, index=self.alias, properties={"recalled": RECALLED_MAPPING})
        self._ready = True
        if self.content_behind():
            log.warning("search index %s was built by an older vanban (template version < %s): run `vanban reindex`",
                        self.alias, TEMPLATE_VERSION)

    def _indices(self) -> list[str]:
        try:
            return sorted(self.es.indices.get_alias(name=self.alias).keys())
        except NotFoundError:
            return []

    def delete_all(self) -> None:
        """Drop every index and the template of this prefix (tests, evaluation)."""
        for name in self.es.indices.get(index=f"{self.alias}-*", expand_wildcards="all").keys():
            self.es.indices.delete(index=name, ignore_unavailable=True)
        try:
            self.es.indices.delete_index_template(name=self.alias)
        except NotFoundError:
            pass
        self._ready = False

    # ---------------------------------------------------------------- writes
    @staticmethod
    def _source(doc: IndexDoc) -> dict[str, Any]:
        src = to_fields(doc)
        st = stored(doc)
        src.update({"filename": st["filename"], "number": st["number"], "doc_type": st["doc_type"],
                    "issuer_name": st["issuer"], "issued_date": st["issued_date"], "subject": st["subject"],
                    "text": st["text"], "units": st["units"], "recalled": st["recalled"]})
        return src

    def _actions(self, docs: Iterable[IndexDoc], index: str) -> Iterator[dict[str, Any]]:
        for doc in docs:
            yield {"_op_type": "index", "_index": index, "_id": doc.id, "_source": self._source(doc)}

    def _bulk_sources(self, sources: list[tuple[str, dict[str, Any]]], index: str) -> int:
        actions = ({"_op_type": "index", "_index": index, "_id": i, "_source": src} for i, src in sources)
        return self._bulk_actions(actions)

    def _bulk(self, docs: Iterable[IndexDoc], index: str) -> int:
        return self._bulk_actions(self._actions(docs, index))

    def _bulk_actions(self, actions: Iterable[dict[str, Any]]) -> int:
        ok = 0
        try:
            for success, info in helpers.streaming_bulk(self.es, actions, chunk_size=BULK_CHUNK,
                                                        raise_on_error=False, max_retries=3):
                if not success:
                    raise SearchError("search.index_failed", f"Không lập chỉ mục được văn bản: {info}")
                ok += 1
        except (ApiError, TransportError) as exc:
            raise SearchError("search.backend_error", f"Lỗi Elasticsearch: {exc}") from exc
        return ok

    def index(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        self.ensure()
        sources = [(doc.id, self._source(doc)) for doc in docs]  # analyse and validate everything before writing
        self._bulk_sources(sources, self.alias)

    def remove(self, doc_id: str) -> None:
        self.ensure()
        try:
            self.es.delete(index=self.alias, id=doc_id)
        except NotFoundError:
            pass

    def refresh(self) -> None:
        self.ensure()
        self._call(self.es.indices.refresh, index=self.alias)

    def count(self) -> int:
        self.ensure()
        return int(self._call(self.es.count, index=self.alias)["count"])

    def content_behind(self) -> bool:
        """The index behind the alias was built by an older version of what is indexed (its mapping's
        ``vanban_template_version`` is below TEMPLATE_VERSION): searches answer the old way until ``vanban reindex``."""
        self.ensure()
        mappings = self._call(self.es.indices.get_mapping, index=self.alias)
        versions = [int((body.get("mappings") or {}).get("_meta", {}).get("vanban_template_version", 0))
                    for body in dict(mappings).values()]
        return bool(versions) and min(versions) < TEMPLATE_VERSION

    def clear(self) -> None:
        self.reindex([])

    def reindex(self, docs: Iterable[IndexDoc]) -> int:
        """Build a new index, then swap the alias atomically and delete the old index."""
        new = self.begin_build()
        try:
            n = self.build_into(new, docs)
        except BaseException:
            self.es.indices.delete(index=new, ignore_unavailable=True)
            raise
        self.finish_build(new)
        return n

    # a reindex in steps, resumable (services.search.service.reindex_all): begin, fill, finish
    def begin_build(self) -> str:
        """A new, empty index beside the live one (not behind the alias)."""
        self.ensure()
        new = self._new_index_name()
        self._call(self.es.indices.create, index=new, settings={"refresh_interval": "-1"})
        self.es.cluster.health(index=new, wait_for_status="yellow", timeout="30s")
        return new

    def begin_build_from_live(self) -> str:
        """A build index that starts as a copy of the live one: ``_clone`` hard-links its segments (seconds at any
        size, no disk until they diverge), mappings and analysed fields included — what ``_reindex`` cannot do
        here, the analysed token fields being left out of ``_source``.  A larger build continues from it instead of
        sending the documents the live index already holds again (the 1M benchmark grows 129k this way).  The live
        index is write-blocked for the seconds of the clone (Elasticsearch requires it), and unblocked after."""
        self.ensure()
        live = self._indices()
        if len(live) != 1:
            raise SearchError("search.reindex_seed", f"Bí danh {self.alias} phải trỏ đúng một chỉ mục, đang trỏ "
                                                     f"{len(live)}: không sao chép được chỉ mục đang dùng.")
        new = self._new_index_name()
        # a clone does not inherit the replica count (it would get 1: a yellow index on one node)
        replicas = self._call(self.es.indices.get_settings, index=live[0], name="index.number_of_replicas")
        replicas = replicas[live[0]]["settings"]["index"]["number_of_replicas"]
        self._call(self.es.indices.put_settings, index=live[0], settings={"index.blocks.write": True})
        try:
            self._call(self.es.indices.clone, index=live[0], target=new,
                       settings={"index.blocks.write": None, "index.refresh_interval": "-1",
                                 "index.number_of_replicas": replicas})
            self.es.cluster.health(index=new, wait_for_status="yellow", timeout="120s")
        finally:
            self._call(self.es.indices.put_settings, index=live[0], settings={"index.blocks.write": None})
        return new

    def build_exists(self, name: str) -> bool:
        return bool(name.startswith(f"{self.alias}-") and self.es.indices.exists(index=name))

    def build_into(self, name: str, docs: Iterable[IndexDoc]) -> int:
        return self._bulk(docs, name)

    def build_count(self, name: str) -> int:
        """Documents in a build index (made visible first: it is built with refreshes off)."""
        self._call(self.es.indices.refresh, index=name)
        return int(self._call(self.es.count, index=name)["count"])

    def force_merge(self, name: str, poll_s: float = 2.0) -> None:
        """Merge an index built in bulk into one segment, waiting for the merge (a task, polled: at 1M documents it
        takes minutes, longer than a request may wait).  Besides searching one segment instead of dozens, the
        merge drops ``_recovery_source``: with ``_source`` filtered (the analysed fields are not kept), every
        document is stored a second time, whole, until a merge prunes it — 55% of a freshly built index."""
        task = self._call(self.es.indices.forcemerge, index=name, max_num_segments=FORCE_MERGE_SEGMENTS,
                          wait_for_completion=False)["task"]
        while True:
            with warnings.catch_warnings():  # the tasks API is "technical preview" (stable since 2.x)
                warnings.simplefilter("ignore", GeneralAvailabilityWarning)
                done = self._call(self.es.tasks.get, task_id=task).get("completed")
            if done:
                return
            time.sleep(poll_s)

    def finish_build(self, new: str) -> None:
        """Merge the built index, make it searchable, then point the alias at it (one atomic action) and drop the
        old one.  Searches use the old index until the alias moves."""
        self.force_merge(new)
        self._call(self.es.indices.put_settings, index=new, settings={"refresh_interval": "1s"})
        self._call(self.es.indices.refresh, index=new)
        old = [i for i in self._indices() if i != new]
        actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        actions.append({"add": {"index": new, "alias": self.alias, "is_write_index": True}})
        self._call(self.es.indices.update_aliases, actions=actions)
        for i in old:
            self.es.indices.delete(index=i, ignore_unavailable=True)

    def close(self) -> None:
        self.es.close()

    # ---------------------------------------------------------------- queries
    def _q(self, node: Node) -> dict[str, Any]:
        if isinstance(node, Term):
            return {"term": {node.field: {"value": node.value, "boost": node.boost}}}
        if isinstance(node, Terms):
            return {"terms": {node.field: list(node.values)}}
        if isinstance(node, Phrase):
            return {"match_phrase": {node.field: {"query": " ".join(node.tokens), "boost": node.boost}}}
        if isinstance(node, PhrasePrefix):
            return {"match_phrase_prefix": {node.field: {"query": " ".join(node.tokens), "max_expansions": 50}}}
        if isinstance(node, Range):
            r: dict[str, int] = {}
            if node.gte is not None:
                r["gte"] = node.gte
            if node.lte is not None:
                r["lte"] = node.lte
            return {"range": {node.field: r}}
        if isinstance(node, Const):
            return {"constant_score": {"filter": self._q(node.node), "boost": node.score}}
        if isinstance(node, MatchAll):
            return {"match_all": {}}
        if isinstance(node, MatchNone):
            return {"match_none": {}}
        if isinstance(node, Bool):
            if not node.must and not node.filter and not node.should:
                return {"match_none": {}}
            b: dict[str, Any] = {}
            if node.must:
                b["must"] = [self._q(n) for n in node.must]
            if node.filter:
                b["filter"] = [self._q(n) for n in node.filter]
            if node.should:
                b["should"] = [self._q(n) for n in node.should]
                b["minimum_should_match"] = node.effective_min_should()
            if node.must_not:
                b["must_not"] = [self._q(n) for n in node.must_not]
            if node.boost != 1.0:
                b["boost"] = node.boost
            return {"bool": b}
        raise TypeError(f"unknown query node {node!r}")

    @staticmethod
    def _hit(src: dict[str, Any], score: float | None, highlights: list[str] | None = None) -> Hit:
        return stored_hit(src, score, highlights, issuer_field="issuer_name")

    _SOURCE = [f for f in STORED_FIELDS if f != "issuer"] + ["issuer_name", "recalled"]

    def _visible_stats(self, access: AccessFilter | None, keys: list[tuple[str, str]],
                       exclude: Sequence[str] = ()) -> tuple[int, dict[tuple[str, str], int]]:
        """Document count and frequencies among the documents the user may see (a hidden document moves
        neither; nor does one the query excludes, a tightening not re-indexed yet), in one round trip; the whole
        index's statistics for a user who sees everything."""
        acc = stats_node(access, exclude)
        if acc is None:
            return self._stats(keys)
        # one count per term (size 0: matching only), all in one msearch round trip, not one request with a filter
        # aggregation per term: those run document by document over every visible document (≈ 400k of 1M, 69 ms
        # p50 / 314 ms p95 at 1M), a count of the term's postings within the access filter leapfrogs (14 / 32 ms,
        # the same numbers: docs/scale-1m.md).  Each count is also cached on its own by the node's request cache
        # (keyed by its body — this access scope — and dropped at the next refresh that changed the index): the
        # visible total is the same for every query of a scope, and words recur across queries.
        q = self._q(acc)
        searches: list[dict[str, Any]] = [{"index": self.alias}, {"query": q, "size": 0, "track_total_hits": True}]
        for f, t in keys:
            searches += [{"index": self.alias},
                         {"query": {"bool": {"filter": [q, {"term": {f: t}}]}}, "size": 0, "track_total_hits": True}]
        counts = [int(part["hits"]["total"]["value"]) for part in self._msearch(searches)]
        return counts[0], dict(zip(keys, counts[1:], strict=True))

    def _msearch(self, searches: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The answers of an msearch, in order; a failed part fails the whole (as a failed search would)."""
        parts: list[dict[str, Any]] = self._call(self.es.msearch, searches=searches)["responses"]
        for part in parts:
            if "error" in part:
                raise SearchError("search.backend_error", f"Lỗi Elasticsearch: {part['error']}")
        return parts

    def search(self, query: SearchQuery) -> SearchResult:
        self.ensure()
        plan = plan_search(query, lambda keys: self._visible_stats(query.access, keys, query.exclude_ids))
        by_date = query.sort == "date" or not plan.has_text
        offset, limit = window(query)
        staged = not by_date and offset < RERANK_DEPTH and limit > 0
        q = self._q(plan.query)
        body: dict[str, Any] = {
            "query": q,
            "from": 0 if staged else offset,
            "size": max(RERANK_DEPTH + RERANK_MARGIN, offset + limit) if staged else limit,
            # a reranked page reads its candidates' folded tokens and, for the page, their stored fields: both in
            # this one request (a second request for the page's sources cost a round trip per search, ~40 ms on
            # a loaded node, more than the 15 extra sources' bytes)
            "_source": self._SOURCE + ["fold"] if staged else self._SOURCE,
        }
        if by_date:
            body["sort"] = [{"date_int": {"order": "desc"}}]
        if query.facets:
            # the exact total and the facets in a size-0 request beside the ranked one, in the same round trip
            # (msearch; the node runs both at once): the ranked request then need not count every match, so
            # Lucene skips the documents that cannot enter the top hits (block-max WAND, numeric sort skipping),
            # and the counting request needs no scores (the optional bonus clauses drop out).  Same query, so the
            # same hits, total and facets; the size-0 request is cacheable by the node's request cache (keyed by
            # the whole body, the access filter included, dropped at the next refresh that changed the index):
            # the next page of the same query reuses it.  At 1M documents: docs/scale-1m.md.
            count = {"query": q, "size": 0, "track_total_hits": True,
                     "aggs": {name: {"terms": {"field": FACET_FIELDS[name], "size": FACET_SIZE * 4,
                                               "shard_size": FACET_SIZE * 8}} for name in FACET_NAMES}}
            res, counted = self._msearch([{"index": self.alias}, {**body, "track_total_hits": False},
                                          {"index": self.alias}, count])
            total = int(counted["hits"]["total"]["value"])
            facets = facets_from_buckets(counted.get("aggregations", {}))
        else:
            res = self._call(self.es.search, index=self.alias, **body, track_total_hits=True)
            total, facets = int(res["hits"]["total"]["value"]), {}
        page: list[tuple[float, dict[str, Any]]]
        if staged:  # stage 2 (services.search.plan.rerank), then the page's documents
            cands = [(float(h.get("_score") or 0.0), str(h["_source"]["id"]), h["_source"].pop("fold", None))
                     for h in res["hits"]["hits"]]
            ranked = rerank(plan, cands)[offset:offset + limit]
            sources = {str(h["_source"]["id"]): h["_source"] for h in res["hits"]["hits"]}
            page = [(sc, sources[i]) for sc, i in ranked if i in sources]
        else:
            page = [(0.0 if by_date else float(h.get("_score") or 0.0), h["_source"]) for h in res["hits"]["hits"]]
        terms, exact = plan.highlight_spec() if query.highlight else (set(), set())
        hits = []
        for score, src in page:
            hl = highlight([src.get("text") or src.get("subject")], terms, exact=exact) if terms or exact else []
            hits.append(self._hit(src, score, hl))
        return SearchResult(total=total, hits=hits, facets=facets)

    def _find(self, doc_id: str, access: AccessFilter | None) -> dict[str, Any] | None:
        res = self._call(self.es.search, index=self.alias, query=self._q(plan_find(doc_id, access)), size=1,
                         _source=self._SOURCE)
        hits = res["hits"]["hits"]
        return hits[0]["_source"] if hits else None

    def _stats(self, keys: list[tuple[str, str]]) -> tuple[int, dict[tuple[str, str], int]]:
        """Live document count and document frequencies (the neutral plan's common-word decision)."""
        fields: dict[str, list[str]] = {}
        for f, t in keys:
            fields.setdefault(f, []).append(t)
        return self.count(), self._doc_freqs(fields)

    def _doc_freqs(self, fields: dict[str, list[str]]) -> dict[tuple[str, str], int]:
        res = self._call(self.es.termvectors, index=self.alias,
                         doc={f: " ".join(toks) for f, toks in fields.items()}, fields=list(fields),
                         term_statistics=True, field_statistics=False, positions=False, offsets=False,
                         payloads=False)
        out: dict[tuple[str, str], int] = {}
        for f, tv in res.get("term_vectors", {}).items():
            for t, info in tv.get("terms", {}).items():
                out[(f, t)] = int(info.get("doc_freq", 0))
        return out

    def similar(self, doc_id: str, limit: int = 10, access: AccessFilter | None = None,
                exclude_ids: Sequence[str] = ()) -> list[Hit]:
        self.ensure()
        src = self._find(doc_id, access)
        if src is None:
            return []
        weighted = similar_terms(src, lambda keys: self._visible_stats(access, keys, exclude_ids))
        if not weighted:
            return []
        res = self._call(self.es.search, index=self.alias,
                         query=self._q(plan_similar(weighted, doc_id, access, exclude_ids)),
                         size=max(0, int(limit)), _source=self._SOURCE)
        return [self._hit(h["_source"], h.get("_score")) for h in res["hits"]["hits"]]

    def suggest_candidates(self, prefix: str, access: AccessFilter | None = None,
                           exclude_ids: Sequence[str] = ()) -> list[dict[str, Any]]:
        """The newest visible documents whose number, kind and subject, or a unit contain the typed syllables."""
        self.ensure()
        node = plan_suggest(prefix, access, exclude_ids)
        if node is None:
            return []
        res = self._call(self.es.search, index=self.alias, query=self._q(node), size=SUGGEST_CANDIDATES,
                         sort=[{"date_int": {"order": "desc"}}], _source=["id", "number", "doc_type", "subject", "units"])
        return [h["_source"] for h in res["hits"]["hits"]]

    def suggest(self, prefix: str, limit: int = 10, access: AccessFilter | None = None) -> list[str]:
        if limit <= 0:
            return []
        return suggest_all(prefix, self.suggest_candidates(prefix, access), limit)


def wait_for(url: str, timeout_s: float = 30.0) -> bool:
    """True once the cluster answers a health request (the root endpoint may be disabled)."""
    es = Elasticsearch(url, request_timeout=5)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            es.cluster.health(timeout="5s")
            return True
        except Exception:  # noqa: BLE001 - any failure means "not yet"
            time.sleep(0.5)
    return False
