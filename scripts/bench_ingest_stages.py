#!/usr/bin/env python3
"""Where an ingested document's CPU goes, stage by stage, in one process (embedded: SQLite, tantivy, in-process tasks).

The same corpus as scripts/bench_ingest.py (DOCX and PDF built from ../shared/data/corpus-2025), through the same door
and wiring as an upload (`accept_upload` → document.stored → ingest.process → search.index, briefing.sync_document …),
minus HTTP. Each stage's CPU is measured on the thread that runs it (time.thread_time):

    store     accept_upload: hash, content-addressed write, the document row, its commit (main thread)
    parse     services.ingest.parsers.parse_document (inside ingest.process)
    understand services.ingest.understanding.understand (another helper's area: shown apart)
    db        the rest of ingest.process: reading the original, identity, the result's rows, commits, outbox/wiring
    <task>    every follow-up task by name (search.index, briefing.sync_document, briefing.send_notifications …)
    other     process CPU not on those (the index's committer thread, merges, the interpreter)

Next to the floor measured in the same run on the same files, before and after the pipeline (the lower counts: load
moves it by a quarter between runs): bare python-docx, bare pdfminer.six, PDFium's text layer (pypdfium2). Prints ms
per document per stage and ratios to the floor; `--profile FILE` also writes a cProfile of the task thread and the
main thread (pstats). Prints figures; asserts nothing.

    python scripts/bench_ingest_stages.py [--docs 30] [--texts DIR] [--formats docx,pdf] [--profile /tmp/p.prof]
        [--settle-heap]  (gc.freeze after the warm-up, as the server does; the collector's ms/doc is printed either way)
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))


BATCH_OF = {"search.index_many": "search.index", "briefing.sync_documents": "briefing.sync_document"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", default=str(ROOT.parent / "shared" / "data" / "corpus-2025"))
    ap.add_argument("--docs", type=int, default=30, help="documents per format")
    ap.add_argument("--formats", default="docx,pdf")
    ap.add_argument("--profile", help="write a cProfile (pstats) of the whole run here")
    ap.add_argument("--cache", metavar="FILE", help="keep the built files here and reuse them (bench_ingest.py --cache)")
    ap.add_argument("--sql", action="store_true",
                    help="also count the SQL statements per document by stage and kind (SELECT/INSERT/UPDATE … table)")
    ap.add_argument("--sql-log", metavar="FILE", help="with --sql: write every statement here, with its stage")
    ap.add_argument("--settle-heap", action="store_true",
                    help="after the warm-up, set what start-up built out of the garbage collector's sight as `vanban "
                         "serve` and the worker do (gc.freeze); without it a full collection in the measured window "
                         "walks the whole start-up heap (some 0.2 s here), which the server never pays")
    args = ap.parse_args()
    folder = Path(args.texts)
    if not folder.is_dir():
        print(f"no texts at {folder}: pass --texts DIR with .txt documents", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="vanban-stages-")
    for k in [k for k in os.environ if k.startswith("VANBAN_")]:
        del os.environ[k]
    os.environ.update(VANBAN_DATA_DIR=str(Path(tmp) / "instance"), VANBAN_LOG_LEVEL="WARNING")

    from bench_ingest import bare_docx, bare_pdf, bare_pdfium, corpus_for

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    corpus = corpus_for(texts, args.docs, args.cache)
    formats = args.formats.split(",")

    import services.ingest.parsers as parsers
    import services.ingest.understanding as understanding
    from services.core import dispatch
    from services.core.celery_app import configure_celery
    from services.core.db import session_scope
    from services.core.migrate import upgrade
    from services.ingest import service
    from services.search.service import flush

    upgrade()
    configure_celery()
    import services.app  # noqa: F401  (loads every task module and installs the wiring table, as a server does)

    cpu: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    profiler = cProfile.Profile() if args.profile else None
    measuring = threading.Event()  # the profile covers the measured run only, not the warm-up's imports and caches
    local = threading.local()

    def timed(stage: str, fn):  # noqa: ANN001, ANN202
        def wrapper(*a, **kw):  # noqa: ANN002, ANN003, ANN202
            t = time.thread_time()
            try:
                return fn(*a, **kw)
            finally:
                spent = time.thread_time() - t
                cpu[stage] += spent
                calls[stage] += 1
                local.inner = getattr(local, "inner", 0.0) + spent
        return wrapper

    parsers.parse_document = timed("parse", parsers.parse_document)
    understanding.understand = timed("understand", understanding.understand)
    run_task = dispatch.run_task

    def task_wrapper(name, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        local.inner = 0.0
        profiling = profiler is not None and measuring.is_set()
        if profiling:
            profiler.enable()
        t = time.thread_time()
        try:
            return run_task(name, *a, **kw)
        finally:
            if profiling:
                profiler.disable()
            spent = time.thread_time() - t
            ingest = name in ("ingest.process", "ingest.process_many")  # the batch form: many documents a call
            key = "db" if ingest else BATCH_OF.get(name, name)
            cpu[key] += spent - (local.inner if ingest else 0.0)
            calls[name] += 1

    dispatch.run_task = task_wrapper

    statements: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sql_log = None
    if args.sql:
        import re

        from sqlalchemy import event

        from services.core.db import get_engine

        stage_of = threading.local()
        # open for the whole run, closed at its end
        sql_log = open(args.sql_log, "w", encoding="utf-8") if args.sql_log else None  # noqa: SIM115
        table_re = re.compile(r"\b(?:FROM|INTO|UPDATE)\s+\"?(\w+)", re.IGNORECASE)

        @event.listens_for(get_engine(), "before_cursor_execute")
        def _count(_conn, _cursor, statement, _params, _context, _many):  # noqa: ANN001, ANN202
            verb = statement.lstrip().split(None, 1)[0].upper()
            table = table_re.search(statement)
            statements[getattr(stage_of, "name", "store")][f"{verb} {table.group(1) if table else ''}".strip()] += 1
            if sql_log is not None:
                flat = " ".join(statement.split())  # its head and its tail (the WHERE): a long column list cut out
                flat = flat if len(flat) <= 400 else f"{flat[:120]} … {flat[-280:]}"
                sql_log.write(f"{getattr(stage_of, 'name', 'store')}\t{flat}\n")

        run_counted = dispatch.run_task

        def counted(name, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
            stage_of.name = BATCH_OF.get(name, name).replace("ingest.process_many", "ingest.process")
            try:
                return run_counted(name, *a, **kw)
            finally:
                stage_of.name = "store"

        dispatch.run_task = counted

    def floors() -> dict[str, float]:
        bare: dict[str, float] = defaultdict(float)
        for fmt, _, data, _ in corpus:
            if fmt not in formats:
                continue
            t = time.process_time()
            (bare_docx if fmt == "docx" else bare_pdf)(data)
            bare[fmt] += time.process_time() - t
            if fmt == "pdf":
                t = time.process_time()
                bare_pdfium(data)
                bare["pdfium"] += time.process_time() - t
        return bare

    bare = floors()  # measured again after the pipeline: the lower of the two is the floor (load moves both)

    from fixtures.builders import make_docx_from_text, make_pdf_from_text

    warm = texts[-1] + "\nVăn bản khởi động, không tính vào số đo."
    for name, data in (("warm.docx", make_docx_from_text(warm)), ("warm.pdf", make_pdf_from_text(warm))):
        with session_scope() as session:  # imports, caches, the index writer: not counted
            service.accept_upload(session, name, data, source="cli")
    dispatch.wait_idle(600)
    flush()

    gc_seen = {"collections": [0, 0, 0], "cpu_s": [0.0, 0.0, 0.0], "at": 0.0}

    def gc_watch(phase: str, info: dict[str, int]) -> None:  # the collector's CPU in the measured window
        if not measuring.is_set():
            return
        if phase == "start":
            gc_seen["at"] = time.thread_time()
        else:
            gc_seen["collections"][info["generation"]] += 1
            gc_seen["cpu_s"][info["generation"]] += time.thread_time() - gc_seen["at"]

    if args.settle_heap:
        from services.cli import _settle_heap

        _settle_heap()
    gc.callbacks.append(gc_watch)
    results = {}
    measuring.set()
    for fmt in formats:
        files = [(name, data, pages) for f, name, data, pages in corpus if f == fmt]
        cpu.clear()
        calls.clear()
        statements.clear()
        gc_seen["collections"], gc_seen["cpu_s"] = [0, 0, 0], [0.0, 0.0, 0.0]
        p0 = time.process_time()
        w0 = time.perf_counter()
        for name, data, _ in files:
            if profiler:
                profiler.enable()
            t = time.thread_time()
            with session_scope() as session:
                service.accept_upload(session, name, data, source="cli")
            cpu["store"] += time.thread_time() - t
            if profiler:
                profiler.disable()
        dispatch.wait_idle(600)
        flush()
        total = time.process_time() - p0
        wall = time.perf_counter() - w0
        known = sum(cpu.values())
        cpu["other"] = max(0.0, total - known)
        n = len(files)
        pages = sum(p for _, _, p in files)
        floor = bare[fmt]
        results[fmt] = {
            "docs": n, "pages": pages, "wall_s": round(wall, 2), "cpu_s": round(total, 2),
            "docs_per_cpu_s": round(n / total, 2), "pages_per_cpu_s": round(pages / total, 1),
            "floor_cpu_s": round(floor, 3), "ratio_to_floor": round(total / floor, 2),
            "ratio_without_understanding": round((total - cpu["understand"]) / floor, 2),
            "ms_per_doc": {k: round(1000 * v / n, 1) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])},
            "calls": dict(calls),
            "gc_collections": list(gc_seen["collections"]),
            "gc_ms_per_doc": round(1000 * sum(gc_seen["cpu_s"]) / n, 1),
        }
        if args.sql:
            results[fmt]["sql_per_doc"] = {
                stage: {k: round(v / n, 2) for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])}
                for stage, kinds in sorted(statements.items())}
        if fmt == "pdf":
            results[fmt]["floor_pdfium_cpu_s"] = round(bare["pdfium"], 3)
            results[fmt]["ratio_to_pdfium"] = round(total / bare["pdfium"], 2)
    again = floors()
    for fmt, r in results.items():
        for key, name in ((fmt, "floor_cpu_s"), ("pdfium", "floor_pdfium_cpu_s")):
            if key == "pdfium" and fmt != "pdf":
                continue
            r[f"{name}_before_after"] = [round(bare[key], 3), round(again[key], 3)]
            r[name] = round(min(bare[key], again[key]), 3)
        total, floor = r["cpu_s"], r["floor_cpu_s"]
        r["ratio_to_floor"] = round(total / floor, 2)
        r["ratio_without_understanding"] = round((total - r["ms_per_doc"].get("understand", 0.0) * r["docs"] / 1000)
                                                 / floor, 2)
        if fmt == "pdf":
            r["ratio_to_pdfium"] = round(total / r["floor_pdfium_cpu_s"], 2)
    load = os.getloadavg()
    for fmt, r in results.items():
        stages = ", ".join(f"{k} {v}" for k, v in r["ms_per_doc"].items())
        extra = f"; PDFium text layer {r['floor_pdfium_cpu_s']} s ({r['ratio_to_pdfium']}×)" if fmt == "pdf" else ""
        print(f"{fmt}: {r['docs']} docs / {r['pages']} pages, CPU {r['cpu_s']} s → {r['docs_per_cpu_s']} docs/s, "
              f"{r['pages_per_cpu_s']} pages/s per core; floor (bare {'python-docx' if fmt == 'docx' else 'pdfminer'}) "
              f"{r['floor_cpu_s']} s (the lower of {r['floor_cpu_s_before_after']}, before and after): "
              f"{r['ratio_to_floor']}× ({r['ratio_without_understanding']}× without "
              f"understanding){extra}\n  ms/doc: {stages}\n  garbage collector (inside the stages): {r['gc_ms_per_doc']} "
              f"ms/doc, collections by generation {r['gc_collections']}")
        for stage, kinds in r.get("sql_per_doc", {}).items():
            print(f"  SQL per doc, {stage}: {round(sum(kinds.values()), 1)} — "
                  + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if sql_log is not None:
        sql_log.close()
    if profiler:
        profiler.dump_stats(args.profile)
    print(json.dumps({"results": results, "load": load}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
