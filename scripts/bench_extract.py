#!/usr/bin/env python3
"""Extraction benchmark: `understand` (metadata + tasks) in-process over ../shared/data/corpus-2025.

Reads every .txt of the corpus once, then runs the extractor over all of them on one core and prints documents per
second and MB of text per second, next to a floor measured in the same run on the same texts (one pass of a plain
word regex over the text: what merely touching every character with the re module costs), as a ratio. Prints
figures; asserts nothing. The issue's target is >= 5 MB of text per second per core.

The machine is shared: it prints the load average before and after, the best and the median round, and CPU time
(steadier than wall time when other processes compete for the cores). Compare two trees back to back, run the same
way (e.g. `nice -n 5`), with --rounds 3 or more.

    python scripts/bench_extract.py [--texts ../shared/data/corpus-2025] [--rounds 3] [--profile]

"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.ingest.understanding import understand  # noqa: E402

_WORD = re.compile(r"\w+")


def run(texts: list[str]) -> int:
    n = 0
    for t in texts:
        n += len(understand(t).tasks)
    return n


def floor(texts: list[str]) -> int:
    return sum(len(_WORD.findall(t)) for t in texts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared" / "data" / "corpus-2025")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print the 30 functions with the most own time (cProfile)")
    args = ap.parse_args()

    files = sorted(args.texts.glob("*.txt"))
    if not files:
        print(f"no .txt files under {args.texts}", file=sys.stderr)
        return 1
    texts = [f.read_text(encoding="utf-8") for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    run(texts[:5])  # warm-up: unit directory, compiled patterns

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run(texts)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        return 0

    load_before = os.getloadavg()[0]
    walls: list[float] = []
    cpus: list[float] = []
    tasks = 0
    for _ in range(max(1, args.rounds)):
        t0, c0 = time.perf_counter(), time.process_time()
        tasks = run(texts)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)  # CPU time: steadier than wall time on a shared machine
    best, cpu = min(walls), min(cpus)
    cpu_med = statistics.median(cpus)
    fbest = float("inf")
    for _ in range(max(1, args.rounds)):
        t0 = time.perf_counter()
        floor(texts)
        fbest = min(fbest, time.perf_counter() - t0)
    print(f"corpus: {len(texts)} documents, {mb:.2f} MB of text (UTF-8), {tasks} tasks found")
    print(f"extract: {best:.2f} s  {len(texts) / best:.1f} docs/s  {mb / best:.2f} MB/s per core "
          f"(CPU time {cpu:.2f} s: {len(texts) / cpu:.1f} docs/s, {mb / cpu:.2f} MB/s)")
    print(f"floor (one \\w+ regex pass): {fbest:.3f} s  {mb / fbest:.1f} MB/s  -> extraction costs "
          f"{best / fbest:.0f}x the floor")
    print(f"CPU time per round: {' '.join(f'{c:.2f}' for c in cpus)} s; median {cpu_med:.2f} s: "
          f"{len(texts) / cpu_med:.1f} docs/s, {mb / cpu_med:.2f} MB/s; load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
