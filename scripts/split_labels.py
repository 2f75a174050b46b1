#!/usr/bin/env python3
"""Split ../shared/data/directives-train.jsonl into a tuning part and an untouched held-out third.

The held-out third is chosen at random with the fixed seed below, over the sorted ids, so the split is the same on
every machine. The ids (never the labels) are written to scripts/holdout-ids.txt; the two parts are written for
the scorer to .cache/split/ (gitignored):

    .venv/bin/python scripts/split_labels.py
    .venv/bin/python ../shared/tools/score_extraction.py .cache/split/train-tune.jsonl
    .venv/bin/python ../shared/tools/score_extraction.py .cache/split/train-holdout.jsonl

Rules are written against the tune part and the dev files only; the held-out part is only ever scored.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SEED = 20261206
FRACTION = 1 / 3
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent.parent / "shared" / "data" / "directives-train.jsonl"


def holdout_ids(ids: list[str], seed: int = SEED) -> list[str]:
    """The held-out ids: a random third of the sorted ids, drawn with a fixed seed."""
    ordered = sorted(set(ids))
    k = round(len(ordered) * FRACTION)
    return sorted(random.Random(seed).sample(ordered, k))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=ROOT / ".cache" / "split")
    ap.add_argument("--ids-file", type=Path, default=ROOT / "scripts" / "holdout-ids.txt")
    args = ap.parse_args()

    lines = [line for line in args.source.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [json.loads(line)["id"] for line in lines]
    held = set(holdout_ids(ids))
    if args.ids_file.exists():
        recorded = {x.strip() for x in args.ids_file.read_text(encoding="utf-8").splitlines() if x.strip()}
        if recorded != held:
            raise SystemExit(f"{args.ids_file} does not match the split drawn with seed {SEED}")
    else:
        args.ids_file.write_text("".join(f"{i}\n" for i in sorted(held)), encoding="utf-8")
    args.out.mkdir(parents=True, exist_ok=True)
    tune = [line for line, i in zip(lines, ids, strict=True) if i not in held]
    hold = [line for line, i in zip(lines, ids, strict=True) if i in held]
    (args.out / "train-tune.jsonl").write_text("".join(x + "\n" for x in tune), encoding="utf-8")
    (args.out / "train-holdout.jsonl").write_text("".join(x + "\n" for x in hold), encoding="utf-8")
    print(f"seed={SEED} items={len(lines)} tune={len(tune)} holdout={len(hold)} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
