#!/usr/bin/env python3
"""Sort the deadline misses of TRAINING files into kinds, gold task by gold task, matched as the scorer does.

    PYTHONPATH=$PWD .venv/bin/python scripts/deadline_misses.py FILE.jsonl... [--shared ../shared] [-v]

Per file, counts of the gold tasks with a date: hit, NOLEAD (no predicted task of that lead: a lead miss, not a
deadline one), MISSED (the lead's tasks carry no date), WRONGDATE (another date), WRONGDUTY (the date went to a task
of another lead); of those without one: SPURIOUS (every task of the lead carries a date, the scorer's count); and of
the phrases only (relative, event, recurring — not in deadline_acc): TEXT_MISSED, RECUR. `-v` prints each miss with
the gold and predicted phrases. Score-only files (the held-out third and the score-only labelled sets) are refused
(scripts/labelled_access.py): they are only ever scored, never read.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    from scripts.labelled_access import load_scorer, training_rows
    from services.ingest.understanding import understand

    sc = load_scorer(args.shared)
    total: Counter[str] = Counter()
    for path in args.files:
        c: Counter[str] = Counter()
        for rid, row in training_rows(path):
            pred = understand(row["text"]).to_contract()["tasks"]
            out = []
            for g in row.get("tasks") or []:
                units = sc.split_units(g["lead"])
                cands = [p for p in pred if any(sc.same_unit(u, x) for u in units
                                                for x in sc.split_units(p.get("lead") or ""))]
                shown = [(p.get("deadline"), p.get("deadline_text"), (p.get("action") or "")[:60]) for p in cands][:4]
                if g.get("deadline"):
                    c["gold"] += 1
                    if not cands:
                        kind = "NOLEAD"
                    elif any(p.get("deadline") == g["deadline"] for p in cands):
                        c["hit"] += 1
                        continue
                    elif any(p.get("deadline") == g["deadline"] for p in pred):
                        kind = "WRONGDUTY"
                    else:
                        kind = "MISSED" if all(not p.get("deadline") for p in cands) else "WRONGDATE"
                elif cands and all(p.get("deadline") for p in cands) and not g.get("recurring") \
                        and not g.get("deadline_text"):
                    kind = "SPURIOUS"
                elif cands and g.get("recurring") and not any(p.get("recurrence") for p in cands):
                    kind = "RECUR"
                elif cands and g.get("deadline_text") and not any(p.get("deadline_text") for p in cands):
                    kind = "TEXT_MISSED"
                else:
                    continue
                c[kind] += 1
                out.append(f"  {kind} lead={g['lead']!r} gold={g.get('deadline')} ({g.get('deadline_text')!r}, "
                           f"{g.get('recurring')!r}) action={g['action'][:100]!r}\n      pred={shown}")
            if out and args.verbose:
                print(f"== {path.name} {rid}\n" + "\n".join(out))
        print(path.name, dict(c))
        total.update(c)
    print("TOTAL", dict(total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
