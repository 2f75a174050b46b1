"""Reading the whole-document sets of data/labelled for their shape tests (tests/unit/data): the rows of a file,
the checks every set shares (a row's fields, a task's fields and dates), the split rule's digit.

Only shapes: no label's wording is read or copied here."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

LABELLED = Path(__file__).resolve().parents[2] / "data" / "labelled"
FIELDS = ["id", "source_url", "text", "issuing_doc", "issued_date", "tasks", "note"]
TASK_FIELDS = {"lead", "support", "action", "deadline", "deadline_text", "recurring"}


def rows(name: str) -> list[dict[str, Any]]:
    """The documents of data/labelled/`name` (none when the file is absent)."""
    path = LABELLED / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def norm(text: str) -> str:
    """NFC, white space folded: how a label is found as a span of its document's text."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def iso(value: str | None) -> bool:
    """Whether `value` is absent or a calendar date written as YYYY-MM-DD."""
    if value is None:
        return True
    try:
        return datetime.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def split_digit(source_url: str, seed: str = "") -> str:
    """The first hex digit of sha1(`seed`:`source_url`) (of the address alone without a seed): the split rule fixed
    before labelling, which puts a document in the training or the score-only file."""
    return hashlib.sha1((f"{seed}:{source_url}" if seed else source_url).encode("utf-8")).hexdigest()[0]


def check_row(row: dict[str, Any]) -> None:
    """The fields every labelled document has, in order, with a text of whole-document length and its date."""
    assert list(row) == FIELDS, row.get("id")
    assert 1000 <= len(row["text"]) <= 25000, row["id"]
    assert iso(row["issued_date"]), row["id"]
    assert isinstance(row["tasks"], list) and isinstance(row["note"], str) and row["note"], row["id"]


def check_task(row_id: str, task: dict[str, Any]) -> None:
    """A labelled task's fields: a lead and an action, its supporting units as names, a deadline that is a date and
    comes with the phrase that gives it."""
    assert set(task) == TASK_FIELDS, row_id
    assert task["lead"].strip() and task["action"].strip(), row_id
    assert isinstance(task["support"], list) and all(isinstance(s, str) and s.strip() for s in task["support"]), row_id
    assert iso(task["deadline"]), (row_id, task["deadline"])
    assert task["deadline"] is None or task["deadline_text"], (row_id, "a date needs its phrase")


def check_unique(names: list[str]) -> None:
    """No id and no source address twice across the files `names` (the halves of one split)."""
    every = [row for name in names for row in rows(name)]
    assert len({r["id"] for r in every}) == len(every)
    assert len({r["source_url"] for r in every}) == len(every)
