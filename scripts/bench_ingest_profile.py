#!/usr/bin/env python3
"""Where the SERVER's time goes in `scripts/bench_ingest.py --server-profile DIR`: the collapsed stacks py-spy
recorded (every thread, 250 samples/s) sorted into the stages of an upload's way to "searchable and in the inboxes".

The samples are of the thread holding the GIL (py-spy --gil): wall time, not CPU — on a loaded machine a thread
descheduled while it holds the GIL is counted on, so read them as shares of the server's Python work; the CPU
figures are the benchmarks' (bench_ingest.py: the server process; bench_ingest_stages.py: each stage's thread time).
A sample whose innermost frame waits (a condition, the event loop's select, an idle task queue, a sleep) is left
out. The first stage whose pattern is in a stack wins (the list runs from the most specific to the most general).
Prints ms per document per stage, per format; asserts nothing.

    python scripts/bench_ingest_profile.py DIR [--docs 40] [--rate 250]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

WAITING = ("Condition.wait", "EpollSelector.select", "_worker (concurrent/futures/thread.py:81)", "Event.wait",
           "sleep (", "Thread.join", "_wait_for_tstate_lock", "Lock.acquire")

# (stage, patterns): the first stage one of whose patterns is a substring of a frame of the stack
STAGES: list[tuple[str, tuple[str, ...]]] = [
    # the benchmark's own polling (its requests: list, one document, search, inbox) — taken out by the benchmark
    ("bench polls: handlers", ("list_documents (services/ingest/api", "get_document (services/ingest/api",
                               "list_tasks (services/briefing/api", "search (services/search/api",
                               "search_documents (services/search/api")),
    # the upload request
    ("upload: multipart parsing", ("formparsers", "python_multipart", "multipart/multipart")),
    ("upload: hash + store original", ("sha256_hex", "OriginalStore.put")),
    ("upload: register (row, audit, savepoint)", ("accept_upload", "upload_documents")),
    ("request: auth (token, principal)", ("current_principal", "credential_verifies", "principal_from")),
    ("request: commit + hand-off", ("get_session (services/core/web",)),
    ("request: framework (uvicorn, middleware, routing, JSON)", ("uvicorn/", "starlette/", "fastapi/", "h11",
                                                                 "anyio/", "asyncio/")),
    # the in-process task thread
    ("task: parse", ("parse_document (services/ingest/parsers",)),
    ("task: understand", ("understand (services/ingest/understanding/__init__",)),
    ("task: ingest db: read original", ("OriginalStore.get",)),
    ("task: ingest db: security re-read (hold_document)", ("hold_document",)),
    ("task: ingest db: identity", ("services/ingest/identity.py",)),
    ("task: ingest db: write result", ("apply_understanding", "link_citations", "set_units")),
    ("task: ingest db: start (extracting)", ("start_processing",)),
    ("task: ingest db: commit + outbox/wiring", ("session_scope", "do_commit", "after_commit")),
    ("task: ingest db: other", ("run_process", "process_many", "finish_processing")),
    ("task: briefing sync", ("services/briefing/",)),
    ("task: search flush (commit, reload)", ("flush (services/search", "TantivyEngine.refresh")),
    ("task: search index (read model, analysis, add)", ("services/search/",)),
    ("task: dispatch", ("services/core/dispatch",)),
    ("search commit thread", ("_commit_loop", "_commit_locked", "TantivyEngine._reload")),
]


def classify(stack: str) -> str:
    for stage, patterns in STAGES:
        if any(p in stack for p in patterns):
            return stage
    return "other"


def read(path: Path, rate: float) -> tuple[Counter[str], float]:
    seconds: Counter[str] = Counter()
    waiting = 0.0
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        frames = stack.split(";")
        if any(w in frames[-1] for w in WAITING):
            waiting += int(n) / rate
            continue
        seconds[classify(stack)] += int(n) / rate
    return seconds, waiting


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--docs", type=int, default=40, help="documents per format in that run")
    ap.add_argument("--rate", type=float, default=250)
    args = ap.parse_args()
    for path in sorted(Path(args.folder).glob("*.txt")):
        seconds, waiting = read(path, args.rate)
        total = sum(seconds.values())
        print(f"{path.stem}: {total:.2f} s of threads running or in a call ({1000 * total / args.docs:.1f} ms/doc), "
              f"{waiting:.2f} s waiting (left out)")
        order = [s for s, _ in STAGES] + ["other"]
        for stage in order:
            if seconds.get(stage):
                print(f"  {stage:58s} {1000 * seconds[stage] / args.docs:7.1f} ms/doc  "
                      f"{100 * seconds[stage] / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
