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

    python scripts/check_search_same.py --diff /tmp/base.jsonl /tmp/new.jsonl

compares two outputs answer by answer: how many differ in their top-10 ids, totals, facet counts, scores and
highlights (exit 1 when the top-10 ids, totals or facets differ), with the first few differences.
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


def diff(a: Path, b: Path, show: int = 5) -> int:
    """Answer-by-answer comparison of two outputs of this script (same query set)."""
    rows_a = [json.loads(line) for line in a.open(encoding="utf-8")]
    rows_b = [json.loads(line) for line in b.open(encoding="utf-8")]
    if len(rows_a) != len(rows_b):
        print(json.dumps({"error": "different query sets", "a": len(rows_a), "b": len(rows_b)}))
        return 1
    parts = {"top10_ids": lambda r: [h[0] for h in r["hits"][:10]], "total": lambda r: r["total"],
             "facets": lambda r: r["facets"], "scores": lambda r: [h[1] for h in r["hits"]],
             "highlights": lambda r: [h[2] for h in r["hits"]]}
    counts = dict.fromkeys(parts, 0)
    shown = 0
    for ra, rb in zip(rows_a, rows_b, strict=True):
        for name, get in parts.items():
            if get(ra) != get(rb):
                counts[name] += 1
                if shown < show and name in ("top10_ids", "total", "facets"):
                    shown += 1
                    print(json.dumps({"i": ra["i"], "q": ra["q"], "as": ra["as"], "differs": name,
                                      "a": get(ra), "b": get(rb)}, ensure_ascii=False)[:600])
    print(json.dumps({"answers": len(rows_a), "differ": counts}))
    return int(bool(counts["top10_ids"] or counts["total"] or counts["facets"]))


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--diff":
        return diff(Path(sys.argv[2]), Path(sys.argv[3]))
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
