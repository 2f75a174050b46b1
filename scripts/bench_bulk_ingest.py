#!/usr/bin/env python3
"""Bulk import benchmark: `vanban ingest DIR` on a folder of mixed files, in documents per hour.

Builds N distinct files (DOCX, PDF and TXT, 1–6 pages) from the real 2025 documents in ../shared/data/corpus-2025
(each a variant: its own number and one sentence of its own, so that no two have the same bytes), runs
`vanban ingest DIR` on a fresh embedded instance (SQLite, tantivy, in-process tasks), interrupts it (SIGINT, as
Ctrl-C) after --interrupt-after seconds, runs the same command again to the end, and prints documents/hour (wall
and per core: CPU seconds of the ingest processes), the files the second run skipped as already done, and what is
searchable at the end. Prints figures; asserts nothing.

    python scripts/bench_bulk_ingest.py [--files 1000] [--interrupt-after 20] [--texts ../shared/data/corpus-2025]
        [--workers N] [--fast-build [--pdf-renders K]]   (--fast-build: 1,000 files in a minute or two; see build_fast)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.builders import make_docx_from_text, make_pdf_from_text  # noqa: E402


def variant(text: str, i: int) -> str:
    """The document with its own number and an added sentence: distinct bytes, the same kind of content."""
    text = re.sub(r"Số:\s*\d+", f"Số: {1000 + i}", text, count=1)
    lines = text.split("\n")
    lines.insert(min(len(lines), 12), f"Văn bản này được lưu trữ theo hồ sơ số {i} của kho lưu trữ cơ quan.")
    return "\n".join(lines)


def build(folder: Path, texts: list[str], n: int, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    kinds = {"docx": 0, "pdf": 0, "txt": 0}
    for i in range(n):
        base = texts[i % len(texts)]
        text = variant(base, i)
        for _ in range(rng.choice([0, 0, 0, 1, 2])):  # 1–6 pages
            text += "\n" + base.split("\n", 8)[-1]
        kind = ("docx", "pdf", "txt", "docx", "pdf")[i % 5]
        sub = folder / f"{2015 + i % 10}" / f"thang-{1 + i % 12:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        if kind == "docx":
            data = make_docx_from_text(text)
        elif kind == "pdf":
            data = make_pdf_from_text(text)
        else:
            data = text.encode("utf-8")
        (sub / f"vb-{i:05d}.{kind}").write_bytes(data)
        kinds[kind] += 1
    return kinds


def build_fast(folder: Path, texts: list[str], n: int, pdf_renders: int = 0) -> dict[str, int]:
    """The same kind of archive for a large N in minutes, not hours — 60% DOCX, 30% PDF, 10% TXT, 1–3 bodies long,
    every file its own sentence and, where the text's number has digits, its own number (a 1,000-file run: 724 registered documents and 276 other files of one — texts whose number has no digits share it and their text, and `vanban ingest` records them as such, parsed and understood in full, no second set of tasks): DOCX copied from one render per text
    with placeholders, the two values written into word/document.xml of each copy (a zip rewrite, ~5 ms, where a
    render costs ~100 ms); TXT written directly; PDF rendered one per file (~120 ms each: 300 for 1,000 files).
    `pdf_renders` > 0 caps the PDF renders (for 10,000+ files): the further PDF files are copies of a render told
    apart by a trailing PDF comment — the same text, which `vanban ingest` records as another file of the registered
    document (parsed and understood in full, no second set of tasks)."""
    import io
    import zipfile

    docx = [make_docx_from_text(_padded(variant(t, 7777777), k % 3)) for k, t in enumerate(texts)]  # № 7778777
    renders: list[bytes] = []
    kinds = {"docx": 0, "pdf": 0, "txt": 0}
    for i in range(n):
        sub = folder / f"{2015 + i % 10}" / f"thang-{1 + i % 12:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        slot = i % 10
        if slot < 6:
            src = zipfile.ZipFile(io.BytesIO(docx[i % len(docx)]))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
                for item in src.infolist():
                    data = src.read(item.filename)
                    if item.filename == "word/document.xml":
                        data = data.replace(b"7778777", str(1000 + i).encode()).replace(b"7777777", str(i).encode())
                    z.writestr(item, data)
            (sub / f"vb-{i:05d}.docx").write_bytes(out.getvalue())
            kinds["docx"] += 1
        elif slot < 9:
            if not pdf_renders or len(renders) < pdf_renders:
                renders.append(make_pdf_from_text(_padded(variant(texts[(i // 10 + slot) % len(texts)], i),
                                                          (i // 10) % 3)))
                data = renders[-1]
            else:
                data = renders[i % len(renders)] + f"\n%vb-{i:05d}\n".encode()
            (sub / f"vb-{i:05d}.pdf").write_bytes(data)
            kinds["pdf"] += 1
        else:
            text = _padded(variant(texts[(i // 10 + 3) % len(texts)], i), (i // 10) % 3)
            (sub / f"vb-{i:05d}.txt").write_bytes(text.encode("utf-8"))
            kinds["txt"] += 1
    return kinds


def _padded(text: str, repeats: int) -> str:
    body = text.split("\n", 8)[-1]
    return text + "".join("\n" + body for _ in range(repeats))


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_ingest(folder: Path, env: dict[str, str], interrupt_after: float | None,
               workers: int = 0) -> tuple[float, float, str, bool]:
    """(wall seconds, CPU seconds, summary line, interrupted)."""
    cmd = [str(Path(sys.executable).with_name("vanban")), "ingest", str(folder), "--workers", str(workers)]
    cpu0 = children_cpu()
    start = time.perf_counter()
    # SIGINT as a terminal's Ctrl-C: a benchmark started in the background inherits SIGINT ignored (a shell without
    # job control does that), and Python then installs no KeyboardInterrupt handler — the signal would be lost
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    interrupted = False
    try:
        out, err = proc.communicate(timeout=interrupt_after)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT)
        interrupted = True
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    summary = next((ln for ln in out.splitlines() if " tệp: " in ln), (err.strip().splitlines() or [""])[-1])
    return wall, children_cpu() - cpu0, summary, interrupted


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", default=str(ROOT.parent / "shared" / "data" / "corpus-2025"))
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--interrupt-after", type=float, default=20.0, help="seconds; 0: no interruption")
    ap.add_argument("--workers", type=int, default=0, help="vanban ingest --workers (0: one per core)")
    ap.add_argument("--fast-build", action="store_true",
                    help="build_fast: DOCX from templates, PDF rendered one per file, TXT (1,000 files in ~1-2 min)")
    ap.add_argument("--pdf-renders", type=int, default=0, metavar="K",
                    help="with --fast-build: at most K PDF renders, the further PDF files copies of them (0: no cap)")
    args = ap.parse_args()
    folder = Path(args.texts)
    if not folder.is_dir():
        print(f"no texts at {folder}: pass --texts DIR with .txt documents", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        t0 = time.perf_counter()
        kinds = (build_fast(archive, texts, args.files, args.pdf_renders) if args.fast_build
                 else build(archive, texts, args.files))
        print(f"built {args.files} files {kinds} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        env = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN_")}
        env.update(VANBAN_DATA_DIR=str(Path(tmp) / "instance"), VANBAN_LOG_LEVEL="WARNING")
        runs = []
        first = run_ingest(archive, env, args.interrupt_after or None, args.workers)
        runs.append(first)
        print(f"run 1: {first[0]:.1f} s wall, {first[1]:.1f} s CPU{' (interrupted)' if first[3] else ''}: "
              f"{first[2]}", file=sys.stderr)
        if first[3]:
            second = run_ingest(archive, env, None, args.workers)
            runs.append(second)
            print(f"run 2: {second[0]:.1f} s wall, {second[1]:.1f} s CPU: {second[2]}", file=sys.stderr)
        search = subprocess.run([str(Path(sys.executable).with_name("vanban")), "search", "--jsonl"],
                                env=env, input='{"id": "all", "q": ""}\n', capture_output=True, text=True)
        try:
            searchable = json.loads(search.stdout.splitlines()[-1]).get("total")
        except (ValueError, IndexError):
            searchable = None
    wall = sum(r[0] for r in runs)
    cpu = sum(r[1] for r in runs)
    result = {"files": args.files, "workers": args.workers, "load": [round(x, 2) for x in os.getloadavg()], "kinds": kinds, "runs": len(runs), "interrupted_first": first[3],
              "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
              "docs_per_hour_wall": round(args.files / wall * 3600), "docs_per_hour_per_core": round(args.files / cpu * 3600),
              "searchable_at_end": searchable, "last_summary": runs[-1][2]}
    print(f"{args.files} mixed files ({kinds}): {result['docs_per_hour_wall']} documents/hour wall, "
          f"{result['docs_per_hour_per_core']} per core ({wall:.0f} s wall, {cpu:.0f} s CPU over {len(runs)} run(s)"
          f"{', the first interrupted by SIGINT and resumed' if first[3] else ''}); searchable at the end: {searchable}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
