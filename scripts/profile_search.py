#!/usr/bin/env python3
"""Where one page of search goes (tantivy, as the bench's unit user): every tantivy call with its time, and the
Python time between them, beside the raw tantivy floor for the same folded terms on the same index.

    PYTHONPATH=$PWD .venv/bin/python scripts/profile_search.py --index /tmp/bench/tantivy-100000 [--queries 200]
        [--pool 2000] [--facet-cache]

The queries are the bench's (scripts/bench_search.py query_set over the first ``--pool`` documents of the bench
corpus): pages of 10 hits with highlights and facets.  Each search runs once to warm, then once measured.  All
times are CPU (the machine is shared): the search's process time (the facet thread's too), each tantivy call's and
each stage's thread time.  Printed per query kind and overall (means, ms a query): ``calls`` (tantivy calls),
``tantivy_ms`` (their time, the facet aggregation on its own thread included), ``n_*``/``ms_*`` per call (search,
aggregate, doc, doc_freq, …), ``python_ms`` (the rest: query building, access filter, boosts, statistics, rerank,
highlight, facet post-processing, hits), ``stage_*`` (parts of it; ``stage_build_query`` counts nested calls
again), ``json_ms`` (the page as the API serialises it), ``floor_ms`` (the bench's floor query on the same index)
and the ratios ``x_floor_p50``/``x_floor_p95`` over the searches with text.  The facet cache is emptied before
every measured search unless asked not to (``--facet-cache``: a user paging through one query).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(HERE.parent))


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_search_p", HERE / "bench_search.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    spec.loader.exec_module(mod)
    sys.path[:] = path
    return mod


class Tally:
    """Tantivy calls of one search: name → [count, seconds] (any thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def add(self, name: str, dt: float) -> None:
        with self.lock:
            c = self.calls[name]
            c[0] += 1
            c[1] += dt


class CountingSearcher:
    """A tantivy.Searcher whose calls are counted and timed."""

    def __init__(self, inner: Any, tally: Tally) -> None:
        self._inner, self._tally = inner, tally

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def call(*a: Any, **kw: Any) -> Any:
            t = time.thread_time()
            try:
                return attr(*a, **kw)
            finally:
                self._tally.add(name, time.thread_time() - t)
        return call


class Timed:
    """Wall time of named module/class functions (nested calls counted once per stage)."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = defaultdict(float)
        self.saved: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, attr: str, stage: str) -> None:
        if attr not in owner.__dict__:
            return
        fn = owner.__dict__[attr]
        inner = fn.__func__ if isinstance(fn, staticmethod) else fn
        ms = self.ms

        def timed(*a: Any, **kw: Any) -> Any:
            t = time.thread_time()
            try:
                return inner(*a, **kw)
            finally:
                ms[stage] += 1000 * (time.thread_time() - t)
        self.saved.append((owner, attr, fn))
        setattr(owner, attr, staticmethod(timed) if isinstance(fn, staticmethod) else timed)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--pool", type=int, default=2000)
    ap.add_argument("--facet-cache", action="store_true", help="keep the facet cache between searches")
    args = ap.parse_args()

    import services.search.tantivy_engine as te
    from services.search.api import _hit
    from services.search.schemas import SearchResponse

    bench = _bench()
    corpus = bench.Corpus(args.pool)
    corpus.load()
    queries = [(k, q) for k, q in bench.query_set(corpus.pool, args.queries)]
    engine = te.TantivyEngine(args.index)
    tally = Tally()
    real = engine._searcher

    def counted() -> tuple[Any, int]:
        s, gen = real()
        return CountingSearcher(s, tally), gen
    engine._searcher = counted  # type: ignore[method-assign]
    timed = Timed()
    plan_mod = sys.modules["services.search.plan"]
    timed.wrap(te, "plan_search", "plan_incl_stats")
    timed.wrap(te.TantivyEngine, "_stats", "stats")
    timed.wrap(te.TantivyEngine, "_q", "build_query")
    timed.wrap(te.TantivyEngine, "_reranked", "rerank_incl_doc")
    timed.wrap(plan_mod, "second_stage", "stage3")
    timed.wrap(te, "highlight", "highlight")
    timed.wrap(te, "_present", "highlight")
    timed.wrap(te.TantivyEngine, "_stored", "stored_json")
    timed.wrap(te.TantivyEngine, "_hit", "hits")
    timed.wrap(te, "facets_from_buckets", "facet_post")
    floor_searcher = engine._index.searcher()

    rows: dict[str, list[dict[str, float]]] = defaultdict(list)
    for kind, q in queries:
        engine.search(q)  # warm (patterns, statistics of this scope)
        if not args.facet_cache:
            engine._facet_cache.clear()
        tally.calls.clear()
        timed.ms.clear()
        t = time.process_time()
        res = engine.search(q)
        total = 1000 * (time.process_time() - t)
        t = time.thread_time()
        SearchResponse(total=res.total, offset=q.offset, limit=q.limit, facets=res.facets,
                       hits=[_hit(h, q.offset + i + 1) for i, h in enumerate(res.hits)]).model_dump_json()
        jms = 1000 * (time.thread_time() - t)
        tms = 1000 * sum(v[1] for v in tally.calls.values())
        row: dict[str, float] = {"total_ms": total, "calls": sum(v[0] for v in tally.calls.values()),
                                 "tantivy_ms": tms, "python_ms": max(0.0, total - tms), "json_ms": jms}
        for name, (n, s) in tally.calls.items():
            row[f"n_{name}"] = n
            row[f"ms_{name}"] = 1000 * s
        for stage, ms in timed.ms.items():
            row[f"stage_{stage}"] = ms
        if q.q:
            fq, k = bench.floor_query(engine, q), bench.floor_k(q)
            floor_searcher.search(fq, k, count=True)
            t = time.process_time()
            floor_searcher.search(fq, k, count=True)
            row["floor_ms"] = 1000 * (time.process_time() - t)
        rows[kind].append(row)

    def summary(rs: list[dict[str, float]]) -> dict[str, Any]:
        keys = sorted({k for r in rs for k in r})
        out: dict[str, Any] = {"n": len(rs)}
        for k in keys:
            vals = [r.get(k, 0.0) for r in rs]
            out[k] = round(statistics.mean(vals), 3)
        tot = sorted(r["total_ms"] for r in rs)
        out["p50_ms"] = round(statistics.median(tot), 2)
        out["p95_ms"] = round(tot[min(len(tot) - 1, round(0.95 * (len(tot) - 1)))], 2)
        fl = sorted(r["floor_ms"] for r in rs if "floor_ms" in r)
        if fl:
            out["floor_p50_ms"] = round(statistics.median(fl), 3)
            out["floor_p95_ms"] = round(fl[min(len(fl) - 1, round(0.95 * (len(fl) - 1)))], 3)
            text = sorted(r["total_ms"] for r in rs if "floor_ms" in r)  # the same searches as the floor's
            out["x_floor_p50"] = round(statistics.median(text) / max(1e-6, out["floor_p50_ms"]), 2)
            out["x_floor_p95"] = round(text[min(len(text) - 1, round(0.95 * (len(text) - 1)))]
                                       / max(1e-6, out["floor_p95_ms"]), 2)
        return out

    for kind in sorted(rows):
        print(json.dumps({"kind": kind, **summary(rows[kind])}))
    every = [r for rs in rows.values() for r in rs]
    print(json.dumps({"all": True, "docs": engine.count(), "load_avg": round(os.getloadavg()[0], 2),
                      **summary(every)}))
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
