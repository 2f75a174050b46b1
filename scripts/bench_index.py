#!/usr/bin/env python3
"""Indexing rate of the embedded (tantivy) engine on real text, against tantivy alone in the same run.

    nice .venv/bin/python scripts/bench_index.py [--docs 20000] [--batch 500]

Corpus: the documents of scripts/bench_search.py (spans of ../shared/data/corpus-2025 and the laws, median
≈ 2,500 characters), generated with the same seed.  Three phases, each into a fresh temporary index:

- ``analysis``: the Python side alone (``TantivyEngine._document``: analysis, fields, the tantivy Document), CPU;
- ``engine``:   ``engine.index`` in batches inside ``engine.bulk()``, then ``refresh()`` — what a reindex does;
- ``floor``:    tantivy alone adding the same pre-built Documents (one writer, as the engine opens it) and committing.

Prints documents/s (wall) and documents per CPU-second of the whole process (tantivy's indexing threads included),
with the load average: the machine is shared, so compare the ratios of back-to-back runs.  For the engine also the
CPU of the Python thread and of tantivy's threads apart: they overlap (tantivy indexes a batch in its own threads
while Python analyses the next), so on two free cores the rate is bounded by the busier one
(``docs_per_s_on_2_free_cores``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import generate  # noqa: E402

from services.search.tantivy_engine import WRITER_HEAP, TantivyEngine  # noqa: E402


def _load() -> float:
    return round(os.getloadavg()[0], 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--skip-floor", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = generate(args.docs)
    print(json.dumps({"generated": len(docs), "mb": round(sum(len(d.text) for d in docs) / 2**20, 1),
                      "s": round(time.perf_counter() - t0, 1), "load_avg": _load()}), flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="vanban-bench-index-"))
    out: dict[str, object] = {"docs": len(docs), "load_avg_start": _load()}
    try:
        engine = TantivyEngine(tmp / "engine")
        # the engine: analysis + tantivy, as a reindex runs it
        w0, c0, m0 = time.perf_counter(), time.process_time(), time.thread_time()
        with engine.bulk():
            for i in range(0, len(docs), args.batch):
                engine.index(docs[i:i + args.batch])
        engine.refresh()
        wall, cpu, main_cpu = time.perf_counter() - w0, time.process_time() - c0, time.thread_time() - m0
        assert engine.count() == len(docs), engine.count()
        # the Python thread (analysis, documents handed to tantivy) and tantivy's own threads run side by side:
        # on two free cores the run takes as long as the busier of the two (the machine is shared, so the wall
        # time above is mostly waiting for a core)
        out["engine"] = {"docs_per_s": round(len(docs) / wall), "docs_per_cpu_s": round(len(docs) / cpu),
                         "s": round(wall, 1), "python_thread_cpu_s": round(main_cpu, 1),
                         "tantivy_threads_cpu_s": round(cpu - main_cpu, 1),
                         "docs_per_s_on_2_free_cores": round(len(docs) / max(main_cpu, cpu - main_cpu)),
                         "load_avg": _load()}
        # the Python side alone
        c0 = time.process_time()
        prepared = [engine._document(d) for d in docs]
        cpu = time.process_time() - c0
        out["analysis"] = {"ms_per_doc_cpu": round(cpu * 1000 / len(docs), 3), "docs_per_cpu_s": round(len(docs) / cpu)}
        engine.close()
        if not args.skip_floor:
            # tantivy alone on the same pre-analysed documents
            floor = TantivyEngine(tmp / "floor")
            index = floor._index
            w0, c0 = time.perf_counter(), time.process_time()
            writer = index.writer(WRITER_HEAP, 1)
            for d in prepared:
                writer.add_document(d)
            writer.commit()
            writer.wait_merging_threads()
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            out["floor"] = {"docs_per_s": round(len(docs) / wall), "docs_per_cpu_s": round(len(docs) / cpu),
                            "s": round(wall, 1)}
            floor.close()
            e, f = out["engine"], out["floor"]
            out["engine_over_floor_cpu"] = round(f["docs_per_cpu_s"] / e["docs_per_cpu_s"], 2)  # type: ignore[index]
        out["load_avg_end"] = _load()
        print(json.dumps(out), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
