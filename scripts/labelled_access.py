"""What the scripts that print misses may read of the labelled data, in one place (COMMON rules, issue 11).

Training files are read item by item; the held-out third (its ids in scripts/holdout-ids.txt) and the score-only
labelled sets are only ever scored (`make score-split`, `make score-pages`), never printed: `training_rows` refuses
them. `load_scorer` loads ../shared/tools/score_extraction.py, whose unit matching the misses are counted with.
The model trainers (scripts/train_assign.py, train_tagger.py) take their files on the command line of
`trainer_arguments`, read them through `labelled_documents` (the same guard, and each file's sha256 for the model
card), cut them into cross-validation folds with `document_folds`, and sum a fold's tally with `figures`.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent

# the held-out third, the whole train file that holds it, and every score-only labelled set (data/labelled/README.md:
# "directives-pages", "directives-notices", "directives-whole", "directives-whole2" … "directives-whole7" and any later
# one; their training halves end in "-train")
SCORE_ONLY = re.compile(r"train-holdout\.jsonl|directives-train\.jsonl|directives-(?:pages|notices|whole\d*)\.jsonl")


def load_scorer(shared: Path) -> ModuleType:
    """The shared scorer module (split_units, same_unit …)."""
    spec = importlib.util.spec_from_file_location("scorer", shared / "tools" / "score_extraction.py")
    assert spec and spec.loader
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    return sc


def held_out_ids() -> set[str]:
    return {x.strip() for x in (ROOT / "scripts" / "holdout-ids.txt").read_text().splitlines() if x.strip()}


def training_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, row) of a training file; a score-only file or a held-out item stops the script."""
    if SCORE_ONLY.fullmatch(path.name):
        raise SystemExit(f"refusing a score-only file: {path}")
    held = held_out_ids()
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        row = json.loads(line)
        rid = row.get("id") or row.get("file")
        if rid in held:
            raise SystemExit("refusing a held-out item")
        yield rid or str(i), row


def trainer_arguments(doc: str | None, out: Path, folds: int) -> argparse.ArgumentParser:
    """A model trainer's command line: the training files, ../shared (the scorer), where the card goes, the folds
    and the margin the model must win by to be switched on."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=out)
    ap.add_argument("--folds", type=int, default=folds)
    ap.add_argument("--margin", type=float, default=0.005)
    return ap


def labelled_documents(files: Sequence[Path]) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, str]]]:
    """A trainer's documents: ("file:id", row) of every row with labelled tasks, and each file's name and sha256 for
    the model card. Every file is checked before any is read: a score-only file or held-out item stops the script."""
    for path in files:
        if SCORE_ONLY.fullmatch(path.name):
            raise SystemExit(f"refusing a score-only file: {path}")
    docs: list[tuple[str, dict[str, Any]]] = []
    card_files = []
    for path in files:
        card_files.append({"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
        docs += [(f"{path.name}:{rid}", row) for rid, row in training_rows(path) if "tasks" in row]
    return docs, card_files


T = TypeVar("T")


def document_folds(docs: Sequence[T], folds: int, seed: int, ident: Callable[[T], str]) -> list[list[T]]:
    """Cross-validation folds over whole documents: sorted by ident, shuffled with the fixed seed, dealt in turn."""
    order = sorted(docs, key=ident)
    random.Random(seed).shuffle(order)
    return [order[k::folds] for k in range(folds)]


def figures(scorer: ModuleType, tally: Any) -> dict[str, Any]:
    """The card's figures of one scorer tally: the three F1s, deadline accuracy, their objective and the counts."""
    lead = scorer.f1(tally.get("lead_hit"), tally.get("lead_gold"), tally.get("lead_pred"))[2]
    sup = scorer.f1(tally.get("sup_hit"), tally.get("sup_gold"), tally.get("sup_pred"))[2]
    units = scorer.f1(tally.get("ulead_hit"), tally.get("ulead_gold"), tally.get("ulead_pred"))[2]
    dl = tally.get("deadline_hit") / tally.get("deadline_gold") if tally.get("deadline_gold") else 0.0
    return {"lead_f1": round(lead, 4), "lead_units_f1": round(units, 4), "support_f1": round(sup, 4),
            "deadline_acc": round(dl, 4), "objective": round((lead + units + sup) / 3, 4),
            "leads": f"{int(tally.get('lead_hit'))}/{int(tally.get('lead_pred'))} of {int(tally.get('lead_gold'))}",
            "supports": f"{int(tally.get('sup_hit'))}/{int(tally.get('sup_pred'))} of {int(tally.get('sup_gold'))}"}
