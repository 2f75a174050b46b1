"""The card of a model trained beside the rules (assign_model.py, tagger.py): the JSON in ``models/`` that holds its
figures, the data it was trained on (file names and sha256), the date, and whether it is switched on.

``read_card`` is what run time reads (a missing or unreadable card reads as ``{}``: the model stays off);
``write_card`` is what the training scripts write, keeping the held-out figures the previous card was given by hand;
``switched_off`` reads the environment switch (VANBAN_ASSIGN, VANBAN_TAGGER) that turns a model off whatever its card
says.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def read_card(path: Path) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded


def write_card(path: Path, card: dict[str, Any]) -> None:
    """Write ``card`` to ``path``; its ``held_out`` figures are those of the card already there, if any (they are
    filled in by hand from ``make score-split score-pages`` after the decision, never by training)."""
    if path.is_file():
        card["held_out"] = json.loads(path.read_text(encoding="utf-8")).get("held_out", {})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def switched_off(variable: str) -> bool:
    return os.environ.get(variable, "").lower() in ("off", "0", "false", "no")
