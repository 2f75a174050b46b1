#!/usr/bin/env python3
"""Equality check for extraction speed work: the extractor's whole output, before and after, must be identical.

Runs `understand` over the input texts of the dev files (../shared/data/*-dev*.jsonl), directives-train, the
repository's labelled passages (data/labelled/*.jsonl) and the .txt files of corpus-2025, and writes one canonical
JSON line per text (every field of the document, tasks with spans and confidences; the labels of the labelled files
are never read). `--against FILE` compares with a saved run
and prints the first differences; exit status 1 when anything differs.

    python scripts/check_extract_same.py --out /tmp/before.jsonl
    python scripts/check_extract_same.py --out /tmp/after.jsonl --against /tmp/before.jsonl

`--laws N` adds every k-th law of ../shared/data/laws (N of them, the first 200,000 characters of each): long
normative texts, tables and numbering the directives do not have.

"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.ingest.understanding import understand  # noqa: E402


def _data_dir() -> Path:
    for cand in (ROOT.parent / "shared" / "data", ROOT.parents[1] / "shared" / "data", ROOT.parents[2] / "shared" / "data"):
        if cand.is_dir():
            return cand
    raise SystemExit("../shared/data not found")


def inputs(data: Path, laws: int = 0) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for f in sorted([*data.glob("*-dev*.jsonl"), data / "directives-train.jsonl"]):
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                out.append((f"{f.name}:{i}", json.loads(line)["text"]))  # the text only, never the labels
    for f in sorted((ROOT / "data" / "labelled").glob("*.jsonl")):  # the repository's own labelled passages
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                out.append((f"labelled/{f.name}:{i}", json.loads(line)["text"]))
    for f in sorted((data / "corpus-2025").glob("*.txt")):
        out.append((f"corpus-2025/{f.name}", f.read_text(encoding="utf-8")))
    law_files = sorted((data / "laws").glob("*.txt"))
    if laws > 0 and law_files:
        step = max(1, len(law_files) // laws)
        for f in law_files[::step][:laws]:
            out.append((f"laws/{f.name}", f.read_text(encoding="utf-8")[:200_000]))
    return out


def _run(texts: list[tuple[str, str]]) -> list[str]:
    lines = []
    for key, text in texts:
        doc = asdict(understand(text))
        doc.pop("text")
        lines.append(json.dumps({"id": key, "document": doc}, ensure_ascii=False, sort_keys=True))
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--against", type=Path, default=None)
    ap.add_argument("--laws", type=int, default=0, help="also N laws of ../shared/data/laws (evenly spaced)")
    args = ap.parse_args()
    texts = inputs(args.data or _data_dir(), args.laws)
    lines = _run(texts)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} texts -> {args.out}")
    if args.against is None:
        return 0
    old = args.against.read_text(encoding="utf-8").splitlines()
    diffs = [(a, b) for a, b in zip(old, lines, strict=False) if a != b]
    if len(old) != len(lines):
        print(f"DIFFERENT: {len(old)} texts before, {len(lines)} now")
        return 1
    for a, b in diffs[:5]:
        print("- " + a[:2000])
        print("+ " + b[:2000])
    print(f"{'IDENTICAL' if not diffs else 'DIFFERENT'}: {len(diffs)} of {len(lines)} texts differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
