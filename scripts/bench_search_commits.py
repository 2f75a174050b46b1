#!/usr/bin/env python3
"""Searching while the index changes (the embedded engine): CPU per search right after a commit of one changed
document, as a unit user — the documents list page (no query, newest first) and the second page of a query — beside
the same searches with nothing committed since (both cached) and the raw floor of the query.

    PYTHONPATH=$PWD .venv/bin/python scripts/bench_search_commits.py --index /tmp/bench/tantivy-100000 [--rounds 40]

The index is copied to a temporary directory first (the script writes to it) and must be the bench's
(scripts/bench_search.py): the changed documents are its first ones, re-indexed with their open-tasks flag turned
(a real change: totals and facets of a filter on it move).  The services package comes from PYTHONPATH (else this
tree), so two trees can be timed alternately on the same index: each round runs every search once.  CPU is the
process's (the facet thread's too).
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(HERE.parent))


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_search_c", HERE / "bench_search.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    spec.loader.exec_module(mod)
    sys.path[:] = path  # the bench puts this tree first; keep PYTHONPATH's services
    return mod


def _pct(values: list[float], p: int) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, round(p / 100 * (len(v) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=40)
    args = ap.parse_args()

    from services.core.auth.units import unit_key
    from services.search.engine import AccessFilter, SearchQuery
    from services.search.tantivy_engine import TantivyEngine

    bench = _bench()
    corpus = bench.Corpus(2000)
    corpus.load()
    user = AccessFilter(max_level=1, units=[unit_key(bench.USER_UNIT)])
    words = " ".join(corpus.pool[7].subject.split()[:2]) if corpus.pool[7].subject else "kế hoạch"
    searches = {"list_page": SearchQuery(q="", access=user),
                "query_page2": SearchQuery(q=words, access=user, offset=10)}
    work = Path(tempfile.mkdtemp(prefix="vanban-bench-commits-"))
    try:
        shutil.copytree(args.index, work / "index")
        engine = TantivyEngine(work / "index")
        floor = bench.floor_query(engine, searches["query_page2"])
        searcher = engine._index.searcher()
        for q in searches.values():
            engine.search(q)
        rows: dict[str, list[float]] = {f"{k}_{m}": [] for k in searches for m in ("after_commit", "unchanged")}
        rows["floor"] = []
        for r in range(args.rounds):
            d = corpus.pool[r % len(corpus.pool)]  # another document each round (an upsert equal to one made
            engine.index([dataclasses.replace(d, has_open_tasks=not d.has_open_tasks)])  # lately is skipped)
            engine.refresh()
            for moment in ("after_commit", "unchanged"):
                for name, q in searches.items():
                    t = time.process_time()
                    engine.search(q)
                    rows[f"{name}_{moment}"].append(1000 * (time.process_time() - t))
            t = time.process_time()
            searcher.search(floor, bench.floor_k(searches["query_page2"]), count=True)
            rows["floor"].append(1000 * (time.process_time() - t))
        docs = engine.count()
        engine.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out: dict[str, Any] = {"docs": docs, "rounds": args.rounds,
                           "query": words, "load_avg": round(os.getloadavg()[0], 2)}
    for k, v in rows.items():
        out[f"{k}_cpu_p50_ms"] = round(statistics.median(v), 2)
        out[f"{k}_cpu_p95_ms"] = round(_pct(v, 95), 2)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
