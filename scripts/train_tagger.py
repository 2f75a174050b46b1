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
os.environ["VANBAN_TAGGER"] = "off"
os.environ["VANBAN_ASSIGN"] = "off"  # the rules alone: their output is a feature and the baseline

from scripts import labelled_access as la  # noqa: E402
from scripts import train_assign as ta  # noqa: E402
from services.ingest.understanding import _ADDRESSED, _NORMATIVE, understand  # noqa: E402
from services.ingest.understanding import assign_model as am  # noqa: E402
from services.ingest.understanding import tagger as tg  # noqa: E402
from services.ingest.understanding.model import ExtractedTask  # noqa: E402
from services.ingest.understanding.model_card import write_card  # noqa: E402

SEED = 20261207
FOLDS = 5
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
GRID_ADD = (0.5, 0.6, 0.7, 0.8, 0.9)
GRID_GATE = (None, 0.3, 0.5, 0.7, 0.9)  # the assign model's sentence probability an addition needs (None: any)
GRID_REMOVE = (0.02, 0.05, 0.1)
GRID_SUPPORT = (0.5, 0.7, 0.9)
GRID_SPLIT = (0.3, 0.5, 0.7, 0.9)


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
        # the duty's start: the first token of its action (its first words found in the segment), unless a unit
        start = tg._locate(text, seg, " ".join(words[:4])) if len(words) >= 2 else None
        if start is not None and labels[start[0]] == "O":
            labels[start[0]] = "B-DUTY"
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


def gate_data(docs: list[Doc]) -> list[Any]:
    """The assign model's documents (its sentences, features and gold), for a per-fold gate (scripts/train_assign.py)."""
    out = []
    for d in docs:
        ad = ta.Doc(d.ident, d.text, d.gold, d.rules, None, d.normative)
        ad.segs = am.segments(d.text)
        ad.feats = [am.features(ad.segs, k) for k in range(len(ad.segs))]
        ad.labels, _ = ta.align(ad)
        out.append(ad)
    return out


def gates_of(segs: list[tg.Segment], weights: dict[str, float]) -> list[float]:
    """The gate of each segment with one fold's assign weights, read as at run time (tagger.gate_probability)."""
    return [tg.gate_probability(weights, seg) for seg in segs]


def part_grid() -> list[tg.Combination]:
    """Each part alone, at each of its thresholds."""
    grid = [tg.Combination()]
    grid += [tg.Combination(add=a, anchored=an, gate=g) for a in GRID_ADD for an in (False, True) for g in GRID_GATE]
    grid += [tg.Combination(remove=r) for r in GRID_REMOVE]
    grid += [tg.Combination(support=x) for x in GRID_SUPPORT]
    grid += [tg.Combination(split=x) for x in GRID_SPLIT]
    return grid


def joint_grid(best: dict[str, tg.Combination]) -> list[tg.Combination]:
    """Every union of the parts' best settings (those that beat the rules alone on their own)."""
    parts = list(best.items())
    out = []
    for n in range(2, len(parts) + 1):
        for chosen in itertools.combinations(parts, n):
            kw: dict[str, Any] = {}
            for _, c in chosen:
                kw.update({k: v for k, v in c.__dict__.items() if v not in (None, False)})
            out.append(tg.Combination(**kw))
    return out


def main() -> int:
    ap = la.trainer_arguments(__doc__, tg.MODEL_DIR, FOLDS)
    ap.add_argument("--no-rule-features", dest="rule_features", action="store_false",
                    help="train without the rules' own spans among the features")
    args = ap.parse_args()
    scorer = la.load_scorer(args.shared)
    docs, card_files = load(args.files, scorer, args.rule_features)
    n_spans = sum(lab.startswith("B-") and lab != "B-DUTY" for d in docs for y in d.labels for lab in y)
    n_duty = sum(lab == "B-DUTY" for d in docs for y in d.labels for lab in y)
    n_gold = sum(len(d.gold) for d in docs)
    print(f"{len(docs)} documents, {sum(len(d.segs) for d in docs)} segments, {n_spans} gold lead/support spans and "
          f"{n_duty} duty starts (of {n_gold} labelled tasks) aligned", flush=True)
    gdocs = {ad.ident: ad for ad in gate_data(docs)}

    folds = la.document_folds(docs, args.folds, SEED, lambda d: d.ident)
    tagged: dict[str, Any] = {}
    gates: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, held in enumerate(folds):
            rest = [d for j, f in enumerate(folds) if j != k for d in f]
            model = Path(tmp) / f"fold{k}.crfsuite"
            train(rest, model)
            tagged.update(predict(model, held, args.rule_features))
            weights = ta.fit([gdocs[d.ident] for d in rest])
            for d in held:
                gates[d.ident] = gates_of(tagged[d.ident][0], weights)
            print(f"fold {k + 1}/{args.folds} done", flush=True)

    def score(grid: list[tg.Combination]) -> dict[tg.Combination, dict[str, Any]]:
        tallies = {c: scorer.Tally() for c in grid}
        for d in docs:
            segs, tg_out = tagged[d.ident]
            seen: dict[tuple[Any, ...], dict[str, float]] = {}  # most combinations leave a document as it was
            for c in grid:
                tasks = d.rules if d.normative else tg.apply(d.text, segs, tg_out, _copy(d.rules), c, gates[d.ident])
                key = tuple((t.lead, tuple(t.support), t.deadline) for t in tasks)
                if key not in seen:
                    one = scorer.Tally()
                    pred = [{"lead": t.lead, "support": t.support, "deadline": t.deadline} for t in tasks]
                    scorer.score_tasks(d.gold, pred, one, [])
                    seen[key] = one.c
                for name, n in seen[key].items():
                    tallies[c].add(name, n)
        return {c: la.figures(scorer, t) for c, t in tallies.items()}

    results = score(part_grid())
    rules_alone = results[tg.Combination()]
    alone: dict[str, Any] = {}
    best_parts: dict[str, tg.Combination] = {}
    for part in ("add", "remove", "support", "split"):
        cands = [c for c in results if getattr(c, part) is not None]
        b = max(cands, key=lambda c: (results[c]["objective"], -(c.gate or 0)))
        alone[part] = {**_describe(b), **results[b]}
        if results[b]["objective"] > rules_alone["objective"]:
            best_parts[part] = b
    results.update(score(joint_grid(best_parts)))
    ranked = sorted(results, key=lambda c: (-results[c]["objective"], _parts(c)))
    print("rules alone (CV):", rules_alone)
    for c in ranked[:10]:
        print(f"  {_describe(c)}: {results[c]}")
    for part, fig in alone.items():
        print(f"  best {part} alone: {fig}")
    candidate = next(c for c in ranked if not c.off)
    best = ranked[0]
    enabled = results[best]["objective"] >= rules_alone["objective"] + args.margin and not best.off

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
        "duty_starts_aligned": f"{n_duty} of {n_gold}",
        "enabled": enabled,
        "combination": _describe(best) if enabled else _describe(tg.Combination()),
        "candidate": _describe(candidate),
        "cv": {"rules_alone": rules_alone, "rules_and_candidate": results[candidate], "each_part_alone": alone,
               "top": [{**_describe(c), **results[c]} for c in ranked[:10]]},
        "held_out": {},  # filled in by hand from the scorer on the score-only sets once the design is fixed
    }
    write_card(args.out / "tagger.json", card)
    size = (args.out / "tagger.crfsuite").stat().st_size
    print(f"model {size / 1e6:.2f} MB, enabled={enabled}, combination={card['combination']}, candidate={card['candidate']}")
    return 0


def _parts(c: tg.Combination) -> int:
    return sum(x is not None for x in (c.add, c.remove, c.support, c.split))


def _describe(c: tg.Combination) -> dict[str, Any]:
    return {"add": c.add, "anchored": c.anchored, "gate": c.gate, "remove": c.remove, "support": c.support,
            "split": c.split}


if __name__ == "__main__":
    sys.exit(main())
