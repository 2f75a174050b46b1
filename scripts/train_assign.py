#!/usr/bin/env python3
"""Train the sentence-level "is this an assignment?" model beside the rules (services/ingest/understanding/
assign_model.py) — `make train-assign`.

Reads ONLY the training files given (the tune part of directives-train written by scripts/split_labels.py, never its
held-out third; the repository's *-train and extra sets; the dev files). Each text is cut into the extractor's own
sentences; a sentence is positive when a labelled task's action starts in it (its first words found there, accents
and case aside), or when it is the line right before such a sentence and names the task's lead (a unit heading over
its items). The count of labelled tasks that could be aligned is printed and written in the card.

Then 5-fold cross-validation by DOCUMENT (fixed seed): for each fold a logistic regression (numpy, Newton's method
with an L2 penalty: deterministic) is trained on the other folds, the held fold's sentences get their probabilities,
and every combination of the grid (add / lead_from / remove) is scored with the shared scorer against the labels,
beside the rules alone. The combination with the best mean of lead_f1, lead_units_f1 and support_f1 ships ON only
if it beats the rules alone by at least --margin without lowering deadline_acc; otherwise the card ships the model
OFF with its figures. Finally the model is trained on all documents and saved with its card (weights, training files
and their sha256, the date, the CV figures):

    python scripts/train_assign.py --shared ../shared FILE.jsonl...
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["VANBAN_ASSIGN"] = "off"  # the rules alone: the baseline the combination is applied to
os.environ["VANBAN_TAGGER"] = "off"

from scripts import labelled_access as la  # noqa: E402
from services.ingest.understanding import _ADDRESSED, _NORMATIVE, understand  # noqa: E402
from services.ingest.understanding import assign_model as am  # noqa: E402
from services.ingest.understanding.model import ExtractedTask  # noqa: E402
from services.ingest.understanding.model_card import write_card  # noqa: E402
from services.vntext.fold import FOLD_TABLE  # noqa: E402

SEED = 20261207
FOLDS = 5
L2 = 1.0
GRID_ADD = (None, 0.5, 0.6, 0.7, 0.8, 0.9)
GRID_LEAD_FROM = ("unit", "unit+list")
GRID_REMOVE = (None, 0.02, 0.05, 0.1, 0.2)
_W = re.compile(r"[^\W_]+")


@dataclass
class Doc:
    ident: str
    text: str
    gold: list[dict[str, Any]]
    rules: list[ExtractedTask]
    issued: str | None
    normative: bool
    segs: list[am.Segment] = field(default_factory=list)
    feats: list[list[str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)


def _fw(s: str) -> list[str]:
    return _W.findall(s.translate(FOLD_TABLE).lower())


def _probes(action: str) -> list[str]:
    w = _fw(action)
    if len(w) < 2:
        return [" ".join(w)] if w else []
    out = [" ".join(w[:4])]
    if len(w) >= 5:
        out.append(" ".join(w[1:5]))
    if len(w) >= 6:
        out.append(" ".join(w[-4:]))
    return out


def align(doc: Doc) -> tuple[list[int], int]:
    """Gold labels of the document's sentences and the number of labelled tasks aligned to one."""
    folded = [" " + " ".join(_fw(s.text)) + " " for s in doc.segs]
    labels = [0] * len(doc.segs)
    aligned = 0
    for task in doc.gold:
        hit = None
        for probe in _probes(task.get("action") or ""):
            if not probe:
                continue
            cands = [k for k, f in enumerate(folded) if f" {probe} " in f and doc.segs[k].zone != "noi_nhan"]
            if cands:
                lead = " " + " ".join(_fw(task.get("lead") or "")) + " "
                with_lead = [k for k in cands if lead.strip() and lead in folded[k]]
                hit = (with_lead or cands)[0]
                break
        if hit is None:
            lead = " " + " ".join(_fw(task.get("lead") or "")) + " "
            if lead.strip():
                # an action paraphrased by the labeller: the sentence naming the lead that holds a duty word
                cands = [k for k, f in enumerate(folded) if lead in f and doc.segs[k].zone == "body"]
                if len(cands) == 1:
                    hit = cands[0]
        if hit is None:
            continue
        aligned += 1
        labels[hit] = 1
        if hit > 0:
            lead = " " + " ".join(_fw(task.get("lead") or "")) + " "
            prev = hit - 1
            if lead.strip() and lead in folded[prev] and doc.segs[prev].text.rstrip().endswith(":"):
                labels[prev] = 1  # "1. Sở Y tế:" over its items: the unit heading carries the lead
    return labels, aligned


def load(files: list[Path]) -> tuple[list[Doc], list[dict[str, str]], int, int]:
    docs: list[Doc] = []
    rows, card_files = la.labelled_documents(files)
    for ident, row in rows:
        text = row["text"]
        info = understand(text)
        docs.append(Doc(ident, text, row["tasks"], info.tasks, info.issued_date,
                        info.doc_type in _NORMATIVE and not _ADDRESSED.search(text, 0, 4000)))
    gold_n = aligned_n = 0
    for d in docs:
        d.segs = am.segments(d.text)
        d.feats = [am.features(d.segs, k) for k in range(len(d.segs))]
        d.labels, a = align(d)
        gold_n += len(d.gold)
        aligned_n += a
    return docs, card_files, gold_n, aligned_n


def fit(docs: list[Doc], l2: float = L2) -> dict[str, float]:
    """Logistic regression by Newton's method (L2 penalty, bias unpenalised): deterministic."""
    names = sorted({f for d in docs for fs in d.feats for f in fs})
    index = {n: i for i, n in enumerate(names)}
    rows = [fs for d in docs for fs in d.feats]
    y = np.array([lab for d in docs for lab in d.labels], dtype=float)
    x = np.zeros((len(rows), len(names)))
    for r, fs in enumerate(rows):
        for f in fs:
            x[r, index[f]] = 1.0
    w = np.zeros(len(names))
    pen = np.full(len(names), l2)
    pen[index["bias"]] = 0.0
    for _ in range(50):
        z = np.clip(x @ w, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        grad = x.T @ (p - y) + pen * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(pen + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.max(np.abs(step))) < 1e-7:
            break
    return {n: round(float(w[i]), 4) for i, n in enumerate(names)}


def _copy(tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    return [ExtractedTask(**{**t.__dict__, "support": list(t.support)}) for t in tasks]


def auroc(ps: list[float], ys: list[int]) -> float:
    pairs = sorted(zip(ps, ys, strict=True))
    pos = sum(ys)
    neg = len(ys) - pos
    if not pos or not neg:
        return 0.0
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg = (i + j + 1) / 2  # ranks i+1 .. j
        rank_sum += avg * sum(y for _, y in pairs[i:j])
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def main() -> int:
    ap = la.trainer_arguments(__doc__, am.CARD_PATH, FOLDS)
    args = ap.parse_args()
    scorer = la.load_scorer(args.shared)
    docs, card_files, gold_n, aligned_n = load(args.files)
    print("loaded", flush=True)
    n_seg = sum(len(d.segs) for d in docs)
    n_pos = sum(sum(d.labels) for d in docs)
    print(f"{len(docs)} documents, {n_seg} sentences ({n_pos} positive), {aligned_n} of {gold_n} labelled tasks "
          "aligned", flush=True)

    folds = la.document_folds(docs, args.folds, SEED, lambda d: d.ident)
    grid = [am.Combination(a, lf, r, st) for a, lf, r, st in itertools.product(GRID_ADD, GRID_LEAD_FROM, GRID_REMOVE,
                                                                             (False, True))
            if a is not None or (lf == "unit" and not st)]
    tallies = {c: scorer.Tally() for c in grid}
    cv_p: list[float] = []
    cv_y: list[int] = []
    changes: dict[am.Combination, list[int]] = {c: [0, 0] for c in grid}
    for k, held in enumerate(folds):
        rest = [d for j, f in enumerate(folds) if j != k for d in f]
        weights = fit(rest)
        for d in held:
            probs = [am.probability(weights, fs) for fs in d.feats]
            cv_p += probs
            cv_y += d.labels
            scored: dict[tuple[tuple[str, tuple[str, ...], str | None], ...], dict[str, float]] = {}
            for c in grid:
                tasks = d.rules if d.normative else am.apply(d.text, d.segs, probs, _copy(d.rules), c, d.issued)
                changes[c][0] += sum(1 for t in tasks if am.REVIEW_REASON in t.review_reasons)
                changes[c][1] += len(d.rules) - sum(1 for t in tasks if am.REVIEW_REASON not in t.review_reasons)
                key = tuple((t.lead, tuple(t.support), t.deadline) for t in tasks)
                if key not in scored:  # (most combinations leave a document as the rules had it: scored once)
                    one = scorer.Tally()
                    pred = [{"lead": t.lead, "support": t.support, "deadline": t.deadline} for t in tasks]
                    scorer.score_tasks(d.gold, pred, one, [])
                    scored[key] = dict(one.c)
                for name, n in scored[key].items():
                    tallies[c].add(name, n)
        print(f"fold {k + 1}/{args.folds} done", flush=True)
    results = {c: {**la.figures(scorer, t), "added": changes[c][0], "removed": changes[c][1]} for c, t in tallies.items()}
    base = am.Combination()
    rules_alone = results[base]
    ranked = sorted(grid, key=lambda c: (-results[c]["objective"], (c.add is not None) + (c.remove is not None)))
    best = ranked[0]
    enabled = (not best.off and results[best]["objective"] >= rules_alone["objective"] + args.margin
               and results[best]["deadline_acc"] >= rules_alone["deadline_acc"])
    tp = sum(1 for p, y in zip(cv_p, cv_y, strict=True) if p >= 0.5 and y)
    pp = sum(1 for p in cv_p if p >= 0.5)
    classifier = {"auroc": round(auroc(cv_p, cv_y), 4), "precision@0.5": round(tp / pp, 4) if pp else 0.0,
                  "recall@0.5": round(tp / sum(cv_y), 4) if cv_y else 0.0}
    print("classifier (CV, sentences):", classifier)
    print("rules alone (CV):", rules_alone)
    for c in ranked[:10]:
        print(f"  add={c.add} lead_from={c.lead_from} strict={c.strict} remove={c.remove}: {results[c]}")
    alone = {}
    for part in ("add", "remove"):
        cands = [c for c in grid if getattr(c, part) is not None and getattr(c, "remove" if part == "add" else "add") is None]
        b = max(cands, key=lambda c: results[c]["objective"])
        alone[part] = {"add": b.add, "lead_from": b.lead_from, "strict": b.strict, "remove": b.remove, **results[b]}
        print(f"best {part} alone:", alone[part])
    by_threshold = {f"add={c.add} lead_from={c.lead_from} strict={c.strict} remove={c.remove}": results[c] for c in grid}

    weights = fit(docs)
    card = {
        "kind": "logistic regression over named sentence features (services/ingest/understanding/assign_model.py); "
                "Newton's method, L2 penalty " + str(L2),
        "seed": SEED,
        "folds": args.folds,
        "trained": dt.date.today().isoformat(),
        "training_files": card_files,
        "documents": len(docs),
        "sentences": n_seg,
        "positive_sentences": n_pos,
        "labelled_tasks": gold_n,
        "labelled_tasks_aligned": aligned_n,
        "enabled": enabled,
        "combination": {"add": best.add, "lead_from": best.lead_from, "remove": best.remove, "strict": best.strict}
        if enabled else {"add": None, "lead_from": "unit", "remove": None, "strict": False},
        "cv": {"classifier": classifier, "rules_alone": rules_alone, "best": {"add": best.add, "lead_from": best.lead_from,
               "strict": best.strict, "remove": best.remove, **results[best]}, "each_part_alone": alone, "grid": by_threshold},
        "held_out": {},  # filled in by hand from `make score-split score-pages` with the model forced on, after the decision
        "weights": weights,
    }
    write_card(args.out, card)
    print(f"card {args.out} ({args.out.stat().st_size / 1e3:.1f} kB), enabled={enabled}, combination={card['combination']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
