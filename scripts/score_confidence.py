#!/usr/bin/env python3
"""Does the extractor's confidence separate the tasks it gets wrong? Scores it against labelled sets.

    .venv/bin/python scripts/score_confidence.py [--shared ../shared] [--below 0.6] FILE.jsonl...

Runs the extractor in-process over each labelled file (the ``directives-*.jsonl`` shape: ``text`` and ``tasks``) and
matches every PREDICTED task to the gold tasks of its document as ../shared/tools/score_extraction.py does (its
``split_units`` and ``same_unit``: units match after case, diacritics, titles and abbreviations are set aside). Each
prediction is then right or wrong:

- ``junk``: no gold task of the document has its lead (a wrong lead or a task that is not one);
- ``extra``: its lead leads a gold task, but every such gold task is already taken by another prediction (a duty cut
  in two, or repeated);
- ``deadline``: the gold task has a deadline and the prediction has another one or none.

Printed per file and for all files together: per confidence bucket (0.1 wide) the count and the precision (share
right); the AUROC of confidence against right; with the review threshold (``REVIEW_BELOW``, or ``--below``) the share
of predictions flagged, the flag's precision (flagged that are wrong) and recall (wrong ones flagged); and the share
of gold tasks MISSED — the extractor did not propose them, so no confidence can flag them.

Only aggregate figures are printed. ``--details`` also lists each wrong prediction with its reasons, for designing
on training sets; it refuses the held-out ids (scripts/holdout-ids.txt) and the held-out files (train-holdout,
directives-pages, directives-whole).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Scorer = ModuleType | SimpleNamespace  # anything with split_units(phrase) and same_unit(a, b)


def load_scorer(shared: Path) -> Scorer:
    """The shared scorer as a module, for its unit matching (``split_units``, ``same_unit``).

    Without ../shared (a user's clone), the product's own matching: units split by ``expand_units`` and compared by
    their canonical key (``unit_key``), which is stricter than the shared scorer's near matches.
    """
    path = shared / "tools" / "score_extraction.py"
    if not path.is_file():
        from services.core.auth.units import unit_key
        from services.ingest.understanding.units import expand_units

        print(f"no {path}: units matched by the product's canonical keys", file=sys.stderr)
        return SimpleNamespace(split_units=lambda phrase: expand_units(phrase) or [phrase],
                               same_unit=lambda a, b: bool(a.strip()) and unit_key(a) == unit_key(b))
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Judged:
    """One predicted task: its confidence, whether it is right, and why not."""

    confidence: float
    right: bool
    why: str = ""  # "junk", "extra", "deadline" when wrong
    lead: str = ""
    reasons: list[str] = field(default_factory=list)


def judge(gold: list[dict[str, Any]], pred: list[dict[str, Any]], sc: Scorer) -> tuple[list[Judged], int]:
    """Label each predicted task of one document right or wrong; also count the gold tasks no prediction took.

    A prediction takes a gold task whose lead shares a unit with its own; a gold task with the same deadline is taken
    first (one pass over all predictions), then any gold task of that lead, so two duties of one unit with two
    deadlines are matched to the predictions that carry them.
    """
    gold_units = [sc.split_units(g.get("lead") or "") for g in gold]
    pred_units = [sc.split_units(p.get("lead") or "") for p in pred]

    def leads(i: int, j: int) -> bool:
        return any(sc.same_unit(u, x) for u in gold_units[i] for x in pred_units[j])

    taken: dict[int, int] = {}  # prediction -> gold
    used: set[int] = set()
    for same_deadline in (True, False):
        for j, p in enumerate(pred):
            if j in taken:
                continue
            for i, g in enumerate(gold):
                if i in used or not leads(i, j):
                    continue
                if same_deadline and (g.get("deadline") or None) != (p.get("deadline") or None):
                    continue
                taken[j] = i
                used.add(i)
                break
    out: list[Judged] = []
    for j, p in enumerate(pred):
        conf = float(p.get("confidence") or 0.0)
        why = ""
        if j not in taken:
            why = "extra" if any(leads(i, j) for i in range(len(gold))) else "junk"
        else:
            g = gold[taken[j]]
            if g.get("deadline") and p.get("deadline") != g["deadline"]:
                why = "deadline"
        out.append(Judged(conf, not why, why, p.get("lead") or "", list(p.get("review_reasons") or [])))
    return out, len(gold) - len(used)


def auroc(judged: list[Judged]) -> float | None:
    """Probability that a right prediction has a higher confidence than a wrong one (ties count half)."""
    right = sorted(j.confidence for j in judged if j.right)
    wrong = sorted(j.confidence for j in judged if not j.right)
    if not right or not wrong:
        return None
    import bisect

    total = 0.0
    for c in right:
        below = bisect.bisect_left(wrong, c)
        ties = bisect.bisect_right(wrong, c) - below
        total += below + ties / 2
    return total / (len(right) * len(wrong))


def summary(judged: list[Judged], missed: int, gold: int, below: float) -> dict[str, Any]:
    """The figures of one set: buckets, AUROC, the flag's share, precision and recall, the missed gold tasks."""
    n = len(judged)
    wrong = [j for j in judged if not j.right]
    flagged = [j for j in judged if j.confidence < below]
    flagged_wrong = [j for j in flagged if not j.right]
    buckets = []
    for b in range(10):
        lo, hi = b / 10, (b + 1) / 10
        inside = [j for j in judged if lo <= j.confidence < hi or (b == 9 and j.confidence >= 1.0)]
        if inside:
            buckets.append({"bucket": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                            "precision": round(sum(j.right for j in inside) / len(inside), 3)})
    roc = auroc(judged)
    return {
        "predictions": n,
        "right": n - len(wrong),
        "precision": round((n - len(wrong)) / n, 3) if n else None,
        "wrong_by_kind": {k: sum(j.why == k for j in wrong) for k in ("junk", "extra", "deadline")},
        "auroc": round(roc, 3) if roc is not None else None,
        "below": below,
        "flag_share": round(len(flagged) / n, 3) if n else None,
        "flag_precision": round(len(flagged_wrong) / len(flagged), 3) if flagged else None,
        "flag_recall": round(len(flagged_wrong) / len(wrong), 3) if wrong else None,
        "gold_tasks": gold,
        "missed_share": round(missed / gold, 3) if gold else None,
        "buckets": buckets,
    }


def score_file(path: Path, sc: Scorer, held: set[str],
               details: bool) -> tuple[list[Judged], int, int, list[str]]:
    from scripts.labelled_access import SCORE_ONLY
    from services.ingest.understanding import understand

    if details and SCORE_ONLY.fullmatch(path.name):  # the one list of score-only files (directives-notices too)
        raise SystemExit(f"refusing --details on a held-out file: {path.name}")
    judged: list[Judged] = []
    missed = gold_n = 0
    log: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "tasks" not in row:
            continue
        ident = row.get("id") or row.get("file") or ""
        if details and ident in held:
            raise SystemExit("refusing --details on a held-out item")
        pred = understand(row["text"]).to_contract()["tasks"]
        got, miss = judge(row["tasks"], pred, sc)
        judged += got
        missed += miss
        gold_n += len(row["tasks"])
        if details:
            for j, p in zip(got, pred, strict=True):
                mark = "ok " if j.right else f"BAD {j.why}"
                log.append(f"{ident}\t{j.confidence:.2f}\t{mark}\t{p.get('lead')!r}\t{(p.get('action') or '')[:90]!r}"
                           f"\t{'; '.join(j.reasons)}")
    return judged, missed, gold_n, log


def print_summary(name: str, s: dict[str, Any]) -> None:
    print(f"== {name}: {s['predictions']} predictions, precision {s['precision']}, wrong {s['wrong_by_kind']}")
    for b in s["buckets"]:
        print(f"   {b['bucket']}  n={b['n']:4d}  precision={b['precision']:.3f}")
    print(f"   auroc={s['auroc']}  below={s['below']}  flag_share={s['flag_share']}  "
          f"flag_precision={s['flag_precision']}  flag_recall={s['flag_recall']}")
    print(f"   gold tasks {s['gold_tasks']}, missed {s['missed_share']} (never proposed, so never flagged)")


def main(argv: list[str] | None = None) -> int:
    from services.ingest.understanding.model import REVIEW_BELOW

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--below", type=float, default=REVIEW_BELOW, help="review threshold (default REVIEW_BELOW)")
    ap.add_argument("--details", action="store_true", help="list each prediction (training sets only)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    sc = load_scorer(args.shared)
    ids_file = ROOT / "scripts" / "holdout-ids.txt"
    held = {x.strip() for x in ids_file.read_text().splitlines() if x.strip()} if args.details else set()
    every: list[Judged] = []
    missed_all = gold_all = 0
    result: dict[str, Any] = {}
    for path in args.files:
        judged, missed, gold_n, log = score_file(path, sc, held, args.details)
        every += judged
        missed_all += missed
        gold_all += gold_n
        result[path.name] = summary(judged, missed, gold_n, args.below)
        if log:
            print("\n".join(log))
    if len(args.files) > 1:
        result["all"] = summary(every, missed_all, gold_all, args.below)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for name, s in result.items():
            print_summary(name, s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
