"""What the scripts that print misses may read of the labelled data, in one place (COMMON rules, issue 11).

Training files are read item by item; the held-out third (its ids in scripts/holdout-ids.txt) and the score-only
labelled sets are only ever scored (`make score-split`, `make score-pages`), never printed: `training_rows` refuses
them. `load_scorer` loads ../shared/tools/score_extraction.py, whose unit matching the misses are counted with.
"""
from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# the held-out third, the whole train file that holds it, and every score-only labelled set (data/labelled/README.md:
# "directives-pages", "directives-notices", "directives-whole", "directives-whole2" … "directives-whole6" and any later
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
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rid = row.get("id") or row.get("file")
        if rid in held:
            raise SystemExit("refusing a held-out item")
        yield rid, row
