#!/usr/bin/env python3
"""Train the statistical tagger beside the rules (services/ingest/understanding/tagger.py) — `make train-tagger`.

Reads ONLY the training files given (the tune part of directives-train written by scripts/split_labels.py, never
its held-out third; the repository's training sets; the dev files). For each document it runs the rules, cuts the
candidate sentences, aligns the labelled leads and supports to their tokens (BIO gold; a labelled unit that is not
found verbatim near its duty is left untagged) and builds the features (the rules' own spans among them).

Then K-fold cross-validation over the documents (fixed seed): for each fold a CRF is trained on the other folds,
the held fold's documents are tagged and every combination in the grid (add / remove / support thresholds) is
scored with the shared scorer against the labels, beside the rules alone. The combination with the best mean of
lead_f1, lead_units_f1 and support_f1 is kept if it beats the rules alone by at least --margin; otherwise the card
ships the tagger switched off. Finally a CRF is trained on all documents and saved with its card (training files,
their hashes, the date, the CV figures):

    python scripts/train_tagger.py --shared ../shared FILE.jsonl...
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["VANBAN_TAGGER"] = "off"  # the rules alone: their output is a feature and the baseline

from scripts import labelled_access as la  # noqa: E402
from services.ingest.understanding import _ADDRESSED, _NORMATIVE, understand  # noqa: E402
from services.ingest.understanding import tagger as tg  # noqa: E402
from services.ingest.understanding.model import ExtractedTask  # noqa: E402
from services.ingest.understanding.model_card import write_card  # noqa: E402

SEED = 20261207
FOLDS = 5
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
GRID_ADD = (None, 0.5, 0.6, 0.7, 0.8, 0.9)
GRID_REMOVE = (None, 0.02, 0.05, 0.1)
GRID_SUPPORT = (None, 0.5, 0.7, 0.9)


@dataclass
class Doc:
    ident: str
    text: str
    gold: list[dict[str, Any]]
    rules: list[ExtractedTask]
    normative: bool = False  # a law or decree: understand() never asks the tagger about it
    segs: list[tg.Segment] = field(default_factory=list)
    feats: list[list[list[str]]] = field(default_factory=list)
    labels: list[list[str]] = field(default_factory=list)


def gold_labels(text: str, seg: tg.Segment, gold: list[dict[str, Any]], scorer: Any) -> list[str]:
    """BIO gold of one segment: each labelled lead (and support) found verbatim in it (as whole phrase, or each of its
    units) is tagged; a lead is only looked for in a segment that holds the beginning of its duty's action."""
    labels = ["O"] * len(seg.tokens)
    seg_fold = tg.fold_word(text[seg.start:seg.end])
    seg_fold = " ".join(tg._TOKEN.findall(seg_fold))
    for task in gold:
        action = " ".join(tg._TOKEN.findall(tg.fold_word(task.get("action") or "")))
        words = action.split()
        probe = " ".join(words[:4]) if len(words) >= 2 else action
        if not probe or probe not in seg_fold:
            continue
        for phrase, kind in [(task["lead"], "LEAD"), *((s, "SUP") for s in task.get("support") or [])]:
            pieces = [phrase]
            where = tg._locate(text, seg, phrase) if phrase else None
            if where is None:
                pieces = scorer.split_units(phrase or "")
            for piece in pieces:
                w = where if piece is phrase else tg._locate(text, seg, piece)
                if w is None:
                    continue
                a, b = w
                if any(x != "O" for x in labels[a:b]):
                    continue
                labels[a] = f"B-{kind}"
                for j in range(a + 1, b):
                    labels[j] = f"I-{kind}"
    return labels


def load(files: list[Path], scorer: Any, rule_features: bool = True) -> tuple[list[Doc], list[dict[str, str]]]:
    docs: list[Doc] = []
    rows, card_files = la.labelled_documents(files)
    for ident, row in rows:
        text = row["text"]
        info = understand(text)
        docs.append(Doc(ident, text, row["tasks"], info.tasks,
                        info.doc_type in _NORMATIVE and not _ADDRESSED.search(text, 0, 4000)))
    for d in docs:
        d.segs = tg.segments(d.text)
        for seg in d.segs:
            rl, rs = tg.rule_marks(d.text, seg, d.rules if rule_features else [])
            d.feats.append(tg.features(d.text, seg, rl, rs))
            d.labels.append(gold_labels(d.text, seg, d.gold, scorer))
    return docs, card_files


def train(docs: list[Doc], path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for d in docs:
        for f, y in zip(d.feats, d.labels, strict=True):
            trainer.append(f, y)
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(path))


def predict(model: Path, docs: list[Doc], rule_features: bool = True) -> dict[str, Any]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    out = {}
    for d in docs:
        out[d.ident] = tg.run_tagger(tagger, d.text, d.rules, rule_features=rule_features)
    return out


def _copy(tasks: list[ExtractedTask]) -> list[ExtractedTask]:
    return [ExtractedTask(**{**t.__dict__, "support": list(t.support)}) for t in tasks]


def main() -> int:
    ap = la.trainer_arguments(__doc__, tg.MODEL_DIR, FOLDS)
    ap.add_argument("--no-rule-features", dest="rule_features", action="store_false",
                    help="train without the rules' own spans among the features")
    args = ap.parse_args()
    scorer = la.load_scorer(args.shared)
    docs, card_files = load(args.files, scorer, args.rule_features)
    n_spans = sum(lab.startswith("B-") for d in docs for y in d.labels for lab in y)
    print(f"{len(docs)} documents, {sum(len(d.segs) for d in docs)} segments, {n_spans} gold spans aligned", flush=True)

    folds = la.document_folds(docs, args.folds, SEED, lambda d: d.ident)
    grid = [tg.Combination(a, r, s, an) for a, r, s, an in itertools.product(GRID_ADD, GRID_REMOVE, GRID_SUPPORT, (False, True))
            if a is not None or not an]
    tallies = {c: scorer.Tally() for c in grid}
    with tempfile.TemporaryDirectory() as tmp:
        for k, held in enumerate(folds):
            rest = [d for j, f in enumerate(folds) if j != k for d in f]
            model = Path(tmp) / f"fold{k}.crfsuite"
            train(rest, model)
            tagged = predict(model, held, args.rule_features)
            for d in held:
                segs, tg_out = tagged[d.ident]
                for c in grid:
                    tasks = d.rules if d.normative else tg.apply(d.text, segs, tg_out, _copy(d.rules), c)
                    pred = [{"lead": t.lead, "support": t.support, "deadline": t.deadline} for t in tasks]
                    scorer.score_tasks(d.gold, pred, tallies[c], [])
            print(f"fold {k + 1}/{args.folds} done", flush=True)
    results = {c: la.figures(scorer, t) for c, t in tallies.items()}
    rules_alone = results[tg.Combination()]
    ranked = sorted(grid, key=lambda c: (-results[c]["objective"], sum(x is not None for x in (c.add, c.remove, c.support))))
    best = ranked[0]
    enabled = results[best]["objective"] >= rules_alone["objective"] + args.margin and not best.off
    print("rules alone (CV):", rules_alone)
    for c in ranked[:8]:
        print(f"  add={c.add} anchored={c.anchored} remove={c.remove} support={c.support}: {results[c]}")
    # the best of each part alone, for the card (what each part does by itself)
    alone = {}
    for part in ("add", "remove", "support"):
        cands = [c for c in grid if getattr(c, part) is not None and
                 all(getattr(c, p) is None for p in ("add", "remove", "support") if p != part)]
        b = max(cands, key=lambda c: results[c]["objective"])
        alone[part] = {"threshold": getattr(b, part), "anchored": b.anchored, **results[b]}

    args.out.mkdir(parents=True, exist_ok=True)
    train(docs, args.out / "tagger.crfsuite")
    card = {
        "model": "tagger.crfsuite",
        "kind": "CRF (python-crfsuite, L-BFGS) over the tokens of candidate sentences; labels " + ", ".join(tg.LABELS),
        "params": CRF_PARAMS,
        "seed": SEED,
        "rule_features": args.rule_features,
        "folds": args.folds,
        "trained": dt.date.today().isoformat(),
        "training_files": card_files,
        "documents": len(docs),
        "gold_spans_aligned": n_spans,
        "enabled": enabled,
        "combination": {"add": best.add, "remove": best.remove, "support": best.support, "anchored": best.anchored}
        if enabled else {"add": None, "remove": None, "support": None, "anchored": False},
        "cv": {"rules_alone": rules_alone, "rules_and_tagger": results[best], "each_part_alone": alone},
        "held_out": {},  # filled in by hand from `make score-split score-pages` once the design is fixed
    }
    write_card(args.out / "tagger.json", card)
    size = (args.out / "tagger.crfsuite").stat().st_size
    print(f"model {size / 1e6:.2f} MB, enabled={enabled}, combination={card['combination']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
