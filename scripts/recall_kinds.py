#!/usr/bin/env python3
"""Sort every missed gold lead of the TRAINING sets into kinds (issue 11, session rules39) — never a score-only set.

    PYTHONPATH=$PWD .venv/bin/python scripts/recall_kinds.py [--shared ../shared] [--list a,b,c,d] [FILES...]

Without FILES it reads every training file of COMMON.md (the tune part of directives-train, directives-extra, the
notices and whole2…whole10 training halves, the four dev files). A score-only file or a held-out item stops the
script (scripts/labelled_access.py).

Missed leads are counted the way the shared scorer counts them: its greedy match of gold lead units to predicted lead
units over the whole document. Each gold task with an unmatched lead unit is placed by where its action sits in the
(whitespace-normalised) text, and put in one kind:

  a  no predicted task from that place at all (no predicted action and no predicted sentence covers it)
  b  the duty swallowed into a neighbouring predicted task whose lead was already counted for another gold duty
     (same unit: two duties merged into one task; other unit: a boundary miss)
  c  a predicted task there whose lead is wrong (sub-kind: cut short, partner taken as lead, issuer, other unit)
  d  other (the gold action is not found in the text, …)

`--list a` prints the missed duties of kind a (training texts only) to read them as a clerk would.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TRAINING = [
    ROOT / ".cache" / "split" / "train-tune.jsonl",
    ROOT / "data" / "labelled" / "directives-extra.jsonl",
    ROOT / "data" / "labelled" / "directives-notices-train.jsonl",
    *(ROOT / "data" / "labelled" / f"directives-whole{k}-train.jsonl" for k in range(2, 11)),
]
DEV = ["directives-dev.jsonl", "letters-dev.jsonl", "fulldocs-dev.jsonl"]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def _locate(text: str, phrase: str, start: int = 0) -> tuple[int, int] | None:
    """Where a phrase (or its first 40 characters) sits in the text."""
    phrase = _norm(phrase)
    if not phrase:
        return None
    for probe in (phrase, phrase[:40], phrase[:20]):
        if len(probe) < 8 and probe != phrase:
            break
        i = text.find(probe, start)
        if i < 0:
            i = text.find(probe)
        if i >= 0:
            return i, i + len(phrase)
    return None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def classify(sc: Any, text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[str, str,
                                                                                                      dict[str, Any]]]:
    """(kind, sub-kind, gold task) of each gold task with a lead unit the scorer's match leaves unmatched."""
    text = _norm(text)
    gold_units = [(gi, u) for gi, g in enumerate(gold) for u in sc.split_units(g["lead"])]
    pred_units = [(pj, u) for pj, p in enumerate(pred) for u in sc.split_units(p.get("lead") or "")]
    used: set[int] = set()
    matched_gold: dict[int, int] = {}   # gold unit index -> pred unit index
    for k, (_gi, gu) in enumerate(gold_units):
        for m, (_pj, pu) in enumerate(pred_units):
            if m not in used and sc.same_unit(gu, pu):
                used.add(m)
                matched_gold[k] = m
                break
    # a predicted task "counts for" a gold task when one of its lead units matched one of that gold task's units
    pred_used_by: dict[int, set[int]] = {}
    for k, m in matched_gold.items():
        pred_used_by.setdefault(pred_units[m][0], set()).add(gold_units[k][0])
    pred_where: list[tuple[int, int] | None] = []
    for p in pred:
        where = _locate(text, p.get("action") or "")
        span = _locate(text, p.get("sentence") or "")
        pred_where.append(where or span)
    pred_sent = [_locate(text, p.get("sentence") or "") for p in pred]
    out = []
    missed_tasks = sorted({gold_units[k][0] for k in range(len(gold_units)) if k not in matched_gold})
    for gi in missed_tasks:
        g = gold[gi]
        loc = _locate(text, g.get("action") or "")
        if loc is None:
            out.append(("d", "action not in text", g))
            continue
        near_action = [j for j, w in enumerate(pred_where) if w and _overlap(w, loc) >= min(10, loc[1] - loc[0])]
        near_sentence = [j for j, w in enumerate(pred_sent) if w and _overlap(w, loc) >= min(10, loc[1] - loc[0])]
        if not near_action and not near_sentence:
            out.append(("a", "no task from that place", g))
            continue
        units = sc.split_units(g["lead"])
        same_lead = [j for j in near_action + near_sentence
                     if any(sc.same_unit(u, x) for u in units for x in sc.split_units(pred[j].get("lead") or ""))]
        if same_lead:
            out.append(("b", "merged into a task of the same lead", g))
            continue
        taken = [j for j in near_action if pred_used_by.get(j, set()) - {gi}]
        free = [j for j in near_action if not (pred_used_by.get(j, set()) - {gi})]
        if free:
            p_lead = _norm(pred[free[0]].get("lead") or "")
            g_lead = _norm(g["lead"])
            supports = [u for s in g.get("support") or [] for u in sc.split_units(s)]
            if p_lead and p_lead.lower() in g_lead.lower():
                sub = "lead cut short"
            elif any(sc.same_unit(s, x) for s in supports for x in sc.split_units(p_lead)):
                sub = "partner taken as lead"
            elif re.match(r"(?i)(ủy|uỷ) ban nhân dân|ubnd|thủ tướng|chính phủ|ban thường vụ|tỉnh ủy|tỉnh uỷ", p_lead) \
                    and not re.match(r"(?i)(ủy|uỷ) ban nhân dân|ubnd", g_lead):
                sub = "issuer or body above taken as lead"
            elif re.match(r"(?i)(đồng chí|ông|bà|chủ tịch|giám đốc|trưởng|phó)", p_lead):
                sub = "a person taken as lead"
            else:
                sub = "another unit as lead"
            out.append(("c", sub, g))
        elif taken:
            out.append(("b", "swallowed into another unit's task", g))
        else:
            out.append(("a", "sentence gave tasks, none covers this duty", g))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--shared", type=Path, default=next(
        (p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.exists()), ROOT.parent / "shared"))
    ap.add_argument("--list", default="", help="kinds whose missed duties to print, e.g. a,c")
    args = ap.parse_args()
    from scripts.labelled_access import SCORE_ONLY, load_scorer, training_rows
    from services.ingest.understanding import understand

    files = args.files or [*TRAINING, *(args.shared / "data" / n for n in DEV)]
    for path in files:   # every file checked before any is read
        if SCORE_ONLY.fullmatch(path.name):
            raise SystemExit(f"refusing a score-only file: {path}")
    sc = load_scorer(args.shared)
    show = set(filter(None, args.list.split(",")))
    total: Counter[str] = Counter()
    subs: Counter[str] = Counter()
    print(f"{'set':34} {'gold':>5} {'missed':>6} {'a':>4} {'b':>4} {'c':>4} {'d':>4}")
    for path in files:
        if not path.exists():
            continue
        kinds: Counter[str] = Counter()
        n_gold = 0
        for rid, row in training_rows(path):
            gold = row.get("tasks") or []
            n_gold += sum(len(sc.split_units(g["lead"])) for g in gold)
            if not gold:
                continue
            pred = understand(row["text"]).to_contract()["tasks"]
            for kind, sub, g in classify(sc, row["text"], gold, pred):
                kinds[kind] += 1
                subs[f"{kind}: {sub}"] += 1
                if kind in show:
                    print(f"  [{kind}] {path.name}:{rid} lead={g['lead']!r} ({sub}) action={_norm(g['action'])[:140]!r}")
        total += kinds
        total["gold"] += n_gold
        missed = sum(kinds[k] for k in "abcd")
        print(f"{path.name:34} {n_gold:5} {missed:6} {kinds['a']:4} {kinds['b']:4} {kinds['c']:4} {kinds['d']:4}")
    missed = sum(total[k] for k in "abcd")
    print(f"{'ALL':34} {total['gold']:5} {missed:6} {total['a']:4} {total['b']:4} {total['c']:4} {total['d']:4}")
    for key, n in subs.most_common():
        print(f"  {n:4}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
