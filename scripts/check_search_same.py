#!/usr/bin/env python3
"""Same searches, same answers: run the bench's query set against an existing tantivy index and write every
answer (total, hit ids, scores, highlights, facets) as JSON lines, to diff the output of two trees of the code.

    PYTHONPATH=/tmp/base-tree python scripts/check_search_same.py --index /tmp/search5-bench/tantivy-100000 \\
        --queries 300 --out /tmp/base.jsonl
    python scripts/check_search_same.py --index ... --out /tmp/new.jsonl && cmp /tmp/base.jsonl /tmp/new.jsonl

Each query runs twice: as the bench's unit user (clearance Mật, one unit) and as an admin (no access filter).
The queries are drawn from the first ``--pool`` documents of the bench corpus (the first documents of the
100k index).  ``--repeat`` passes then time the searches: CPU ms per search (process time, this thread's
engine work; the facet thread's CPU too) printed on stderr, so two trees can be timed alternately.
The services package comes from PYTHONPATH (else this tree); the query set always from this tree's bench.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(HERE.parent))


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_search_q", HERE / "bench_search.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    spec.loader.exec_module(mod)
    sys.path[:] = path  # the bench puts this tree first; keep PYTHONPATH's services
    return mod


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--pool", type=int, default=2000)
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path)
    ap.add_argument("--repeat", type=int, default=0, help="timed passes after the written one")
    args = ap.parse_args()

    import services.search.tantivy_engine as te  # before the bench, which puts this tree first on sys.path

    bench: object = _bench()
    bench.SHARED = args.shared  # type: ignore[attr-defined]

    corpus = bench.Corpus(args.pool)  # type: ignore[attr-defined]
    corpus.load()
    queries = bench.query_set(corpus.pool, args.queries)  # type: ignore[attr-defined]
    engine = te.TantivyEngine(args.index)
    admin = None  # an admin: no access filter, every document
    runs = []
    for kind, q in queries:
        runs.append((kind, "user", q))
        runs.append((kind, "admin", dataclasses.replace(q, access=admin)))
    if args.out:
        with args.out.open("w", encoding="utf-8") as f:
            for i, (kind, who, q) in enumerate(runs):
                r = engine.search(q)
                f.write(json.dumps({"i": i, "kind": kind, "as": who, "q": q.q, "total": r.total,
                                    "hits": [[h.id, h.score, h.highlights] for h in r.hits],
                                    "facets": r.facets}, ensure_ascii=False, sort_keys=True) + "\n")
        print(json.dumps({"module": te.__file__, "searches": len(runs), "out": str(args.out)}), file=sys.stderr)
    for _ in range(args.repeat):
        engine._facet_cache.clear()
        c0, t0 = time.process_time(), time.perf_counter()
        for _, _, q in runs:
            engine.search(q)
            engine._facet_cache.clear()
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        print(json.dumps({"module": te.__file__, "searches": len(runs),
                          "cpu_ms_per_search": round(1000 * cpu / len(runs), 3),
                          "wall_ms_per_search": round(1000 * wall / len(runs), 3),
                          "load_avg": round(os.getloadavg()[0], 2)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
