#!/usr/bin/env python3
"""Would ranking in two stages pay on the embedded engine?  Measured on an existing bench index, query by query.

    PYTHONPATH=$PWD .venv/bin/python scripts/bench_search_stages.py --index /tmp/bench/tantivy-100000 \\
        [--queries 300] [--pool 2000] [--k 50,100,150,200] [--variant plain|pairs|noaccents]

For each relevance query of the bench (scripts/bench_search.py query_set, as its unit user), CPU ms (this thread)
of: ``one_pass`` — the whole plan in one tantivy search for the 25 candidates of stage 2 today (what the engine
does); ``floor`` — the bench's raw floor; ``stage1_K`` — the cheaper stage-1 query for its best K candidates;
``stage2_K`` — the whole plan's scores of those K only: one search led by the union of their ids, every scoring
clause of the plan an optional clause chained on it (each its own required-optional pair: no union of the bonus
terms, whose window refills read their whole postings), the cheapest restriction found (a term set of ids, or the
whole plan as one clause beside the ids, cost more); the ids are read untimed.  ``two_stage_K`` = stage1 + stage2.

Fidelity: ``lower_top10_K`` — the share of queries whose ten best whole-plan scores among the K candidates fall
below the ten best over every match (a document the whole plan ranks in the top 10 is outside the candidates and
no document of equal score replaces it): the regression the stages would bring.

Stage 1 variants: ``plain`` — the required words (and a long query's common words) by BM25 with the plan's visible
idf (tantivy's BM25 boosted by weight/idf, so its idf is divided out), without the bonuses (exact diacritics, word
pairs); ``pairs`` — plus the folded word pairs by BM25; ``noaccents`` — the whole plan but for the exact-diacritic
bonuses (syllables and accented pairs).  Figures at 100k (issue 15): the message of the commit adding this script.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(HERE.parent))


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_search_st", HERE / "bench_search.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    spec.loader.exec_module(mod)
    sys.path[:] = path
    return mod


def cpu_ms(fn: Callable[[], object], reps: int = 3) -> float:
    """The best of ``reps`` thread-CPU times of ``fn`` (the machine is shared)."""
    best = math.inf
    for _ in range(reps):
        t = time.thread_time()
        fn()
        best = min(best, time.thread_time() - t)
    return 1000 * best


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(p / 100 * len(s)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--pool", type=int, default=2000)
    ap.add_argument("--k", default="50,100,150,200")
    ap.add_argument("--variant", choices=["plain", "pairs", "noaccents"], default="plain")
    ap.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    args = ap.parse_args()
    ks = [int(k) for k in args.k.split(",")]

    from tantivy import Occur, Query

    import services.search.tantivy_engine as te
    from services.search.ir import Bool, Const, Node, Term
    from services.search.plan import plan_search

    bench = _bench()
    bench.SHARED = args.shared
    corpus = bench.Corpus(args.pool)
    corpus.load()
    queries = bench.query_set(corpus.pool, args.queries)
    engine = te.TantivyEngine(args.index)
    searcher, gen = engine._searcher()
    n_all = int(searcher.num_docs)

    def bm25(node: Node) -> Node:
        """Word and concept constants (W·idf over the visible documents) → tantivy's BM25 boosted by W·idf/idf."""
        if isinstance(node, Const) and isinstance(node.node, Term) and node.node.field in ("fold", "abbr"):
            t = node.node
            df = int(searcher.doc_freq(t.field, t.value))
            idf = math.log(1 + (max(n_all, df) - df + 0.5) / (df + 0.5)) if df else 1.0
            return Term(t.field, t.value, node.score / idf)
        if isinstance(node, Bool):
            return Bool(must=tuple(bm25(n) for n in node.must), should=tuple(bm25(n) for n in node.should),
                        must_not=node.must_not, filter=node.filter, min_should=node.min_should, boost=node.boost)
        return node

    def bonus(node: Node, fields: tuple[str, ...]) -> bool:
        return isinstance(node, Const) and isinstance(node.node, Term) and node.node.field in fields

    def stage1(plan: Any) -> Node:
        q = plan.query
        if args.variant == "noaccents":
            should = tuple(n for n in q.should if not bonus(n, ("syl", "bi")))
            return Bool(must=q.must, should=should, filter=q.filter, must_not=q.must_not, min_should=0)
        drop = ("syl", "bi", "fold_bi") if args.variant == "plain" else ("syl", "bi")
        should = tuple(bm25(n) for n in q.should if not bonus(n, drop))
        return Bool(must=tuple(bm25(n) for n in q.must), should=should, filter=q.filter, must_not=q.must_not,
                    min_should=0)

    def leaves(node: Node, out: list[Node]) -> list[Node]:
        if isinstance(node, Bool):
            for n in (*node.must, *node.should):
                leaves(n, out)
        else:
            out.append(node)
        return out

    def stage2(plan: Any, ids: list[str]) -> Query:
        among = Query.const_score_query(Query.boolean_query(
            [(Occur.Should, Query.term_query(engine.schema, "id", i)) for i in ids]), 0.0)
        q = among
        for leaf in leaves(Bool(must=plan.query.must, should=plan.query.should), []):
            q = Query.boolean_query([(Occur.Must, q), (Occur.Should, engine._q(leaf))])
        return q

    times: dict[str, list[float]] = {}
    lower = dict.fromkeys(ks, 0)
    n = 0
    for _, sq in queries:
        if not sq.q or sq.sort == "date":
            continue
        plan = plan_search(sq, lambda keys, sq=sq: engine._stats(searcher, gen, sq.access, keys, sq.exclude_ids))
        if not plan.has_text:
            continue
        n += 1
        whole = engine._q(plan.query)
        first = engine._q(stage1(plan))
        floor = bench.floor_query(engine, sq)
        times.setdefault("one_pass", []).append(cpu_ms(lambda w=whole: searcher.search(w, 25, count=False)))
        times.setdefault("floor", []).append(cpu_ms(lambda f=floor: searcher.search(f, 25, count=True)))
        best = [round(float(s), 4) for s, _ in searcher.search(whole, 10, count=False).hits]
        ranked = searcher.search(first, max(ks), count=False).hits
        all_ids = [str(searcher.doc(a).get_first("id")) for _, a in ranked]  # untimed
        for k in ks:
            ids = all_ids[:k]
            if not ids:
                continue
            t1 = cpu_ms(lambda k=k, q1=first: searcher.search(q1, k, count=False))
            t2 = cpu_ms(lambda ids=ids, p=plan: searcher.search(stage2(p, ids), len(ids) + 8, count=False))
            times.setdefault(f"stage1_{k}", []).append(t1)
            times.setdefault(f"stage2_{k}", []).append(t2)
            times.setdefault(f"two_stage_{k}", []).append(t1 + t2)
            restricted = Query.boolean_query([(Occur.Must, whole), (Occur.Must, Query.const_score_query(
                Query.boolean_query([(Occur.Should, Query.term_query(engine.schema, "id", i)) for i in ids]), 0.0))])
            got = [round(float(s), 4) for s, _ in searcher.search(restricted, 10, count=False).hits]
            lower[k] += got != best
    out: dict[str, Any] = {"variant": args.variant, "queries": n, "docs": n_all,
                           "load_avg": round(os.getloadavg()[0], 1)}
    out.update({f"{name}_p50_p95_ms": [round(statistics.median(v), 2), round(pct(v, 95), 2)]
                for name, v in times.items()})
    out.update({f"lower_top10_{k}": round(lower[k] / max(1, n), 3) for k in ks})
    print(json.dumps(out))
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
