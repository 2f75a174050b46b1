"""Shape of the labelled whole-document sets of data/labelled (labels6): schema, dates, the fixed split rule.

Only shapes are checked; no label is copied here. The score-only file is never read while writing rules: this test
reads its fields' types, not its wording.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path

import pytest

LABELLED = Path(__file__).resolve().parents[3] / "data" / "labelled"
FILES = {"directives-notices-train.jsonl": range(0, 8), "directives-notices.jsonl": range(8, 16)}
FIELDS = ["id", "source_url", "text", "issuing_doc", "issued_date", "tasks", "note"]
TASK_FIELDS = {"lead", "support", "action", "deadline", "deadline_text", "recurring"}


def _rows(name: str) -> list[dict]:
    path = LABELLED / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _iso(value: str | None) -> bool:
    if value is None:
        return True
    try:
        return datetime.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def test_training_file_exists_and_is_not_empty() -> None:
    assert _rows("directives-notices-train.jsonl"), "the training file must hold at least one document"


@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_have_the_shared_schema(name: str) -> None:
    for row in _rows(name):
        assert list(row) == FIELDS, row.get("id")
        assert re.fullmatch(r"nt-\d{3}", row["id"])
        assert row["source_url"].startswith(("http://", "https://"))
        assert 1000 <= len(row["text"]) <= 25000, row["id"]
        assert _iso(row["issued_date"]), row["id"]
        assert isinstance(row["tasks"], list) and isinstance(row["note"], str) and row["note"]
        for task in row["tasks"]:
            assert set(task) == TASK_FIELDS, row["id"]
            assert task["lead"].strip() and task["action"].strip(), row["id"]
            assert isinstance(task["support"], list) and all(isinstance(s, str) and s.strip() for s in task["support"])
            assert _iso(task["deadline"]), (row["id"], task["deadline"])
            assert task["deadline"] is None or task["deadline_text"], (row["id"], "a date needs its phrase")


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_document_sits_where_the_split_rule_puts_it(name: str) -> None:
    for row in _rows(name):
        digit = int(hashlib.sha1(row["source_url"].encode("utf-8")).hexdigest()[0], 16)
        assert digit in FILES[name], (row["id"], digit)


def test_ids_and_sources_are_unique_across_both_files() -> None:
    rows = [row for name in FILES for row in _rows(name)]
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["source_url"] for r in rows}) == len(rows)
