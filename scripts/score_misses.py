#!/usr/bin/env python3
"""List the tune part's misses task by task, to sort them into kinds (never the held-out part).

    .venv/bin/python scripts/score_misses.py [--shared ../shared] [--max-tasks 40]

Runs the extractor in-process over .cache/split/train-tune.jsonl (made by scripts/split_labels.py) and prints, per
item, each gold task whose lead unit has no predicted task (MISS), each predicted task with no gold lead (EXTRA) and
each deadline that differs (DL). Items listed in scripts/holdout-ids.txt and the score-only files are refused
(scripts/labelled_access.py), so the held-out third and the score-only sets stay unread.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--file", type=Path, default=ROOT / ".cache" / "split" / "train-tune.jsonl")
    ap.add_argument("--max-tasks", type=int, default=40, help="skip items with more gold tasks (long plans)")
    args = ap.parse_args()
    from scripts.labelled_access import load_scorer, training_rows
    from services.ingest.understanding import understand

    sc = load_scorer(args.shared)
    for _rid, row in training_rows(args.file):
        gold = row.get("tasks") or []
        if len(gold) > args.max_tasks:
            continue
        pred = understand(row["text"]).to_contract()["tasks"]
        out = []
        used: set[int] = set()
        for g in gold:
            units = sc.split_units(g["lead"])
            hit = next((j for j, p in enumerate(pred) if j not in used and any(
                sc.same_unit(u, x) for u in units for x in sc.split_units(p.get("lead") or ""))), None)
            if hit is None:
                out.append(f"  MISS lead={g['lead']!r} action={g['action'][:110]!r} dl={g.get('deadline')}")
            else:
                used.add(hit)
                if g.get("deadline") and pred[hit].get("deadline") != g["deadline"]:
                    out.append(f"  DL   lead={g['lead']!r} gold={g['deadline']} ({g.get('deadline_text')}) "
                               f"pred={pred[hit].get('deadline')} ({pred[hit].get('deadline_text')})")
        for j, p in enumerate(pred):
            if j not in used:
                out.append(f"  EXTRA lead={p.get('lead')!r} action={(p.get('action') or '')[:110]!r}")
        if out:
            print(f"{row['id']} ({len(gold)} gold, {len(pred)} pred)")
            print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
