#!/usr/bin/env python3
"""List the support (phối hợp) misses and false supports of TRAINING files, document by document, to sort into kinds.

    PYTHONPATH=$PWD .venv/bin/python scripts/support_misses.py FILE.jsonl... [--shared ../shared]

Runs the extractor in-process and matches support units as the scorer does (a bag of units per document, one per
task that names it). Prints, per item, each gold support unit no predicted task carries (MISS, with its gold task's
lead and action) and each predicted one no gold task carries (FALSE, with the predicted task's lead, action and
sentence). Score-only files (the held-out third and the score-only labelled sets) are refused: they are only ever
scored, never read.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    from scripts.labelled_access import load_scorer, training_rows
    from services.ingest.understanding import understand

    sc = load_scorer(args.shared)
    n_miss = n_false = 0
    for path in args.files:
        for rid, row in training_rows(path):
            gold = row.get("tasks") or []
            pred = understand(row["text"]).to_contract()["tasks"]
            g_sup = [(u, t) for t in gold for s in t.get("support", []) for u in sc.split_units(s)]
            p_sup = [(u, t) for t in pred for s in (t.get("support") or []) for u in sc.split_units(s)]
            used: set[int] = set()
            misses = []
            for u, t in g_sup:
                j = next((j for j, (x, _) in enumerate(p_sup) if j not in used and sc.same_unit(u, x)), None)
                if j is None:
                    misses.append((u, t))
                else:
                    used.add(j)
            falses = [(u, t) for j, (u, t) in enumerate(p_sup) if j not in used]
            if not misses and not falses:
                continue
            n_miss += len(misses)
            n_false += len(falses)
            print(f"== {path.name} {rid} (gold {len(g_sup)}, pred {len(p_sup)})")
            for u, t in misses:
                print(f"  MISS  {u!r}  lead={t['lead']!r} action={t['action'][:140]!r}")
            for u, t in falses:
                sent = " ".join((t.get("sentence") or "").split())
                print(f"  FALSE {u!r}  lead={t.get('lead')!r} action={(t.get('action') or '')[:100]!r}\n"
                      f"        sentence={sent[:260]!r}")
    print(f"# misses {n_miss}, false supports {n_false}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
