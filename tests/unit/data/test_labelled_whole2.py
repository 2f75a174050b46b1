"""Shape of labels7's whole-document sets of data/labelled: schema, dates, spans, the fixed split rule.

Only shapes are checked; no label is copied here. The score-only file is never read while writing rules: this test
reads its fields' types and checks that labels are spans of the text, not their wording.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pytest

LABELLED = Path(__file__).resolve().parents[3] / "data" / "labelled"
# the split rule, fixed before labelling: first hex digit of sha1("labels7:" + source_url)
SEED = "labels7"
FILES = {"directives-whole2-train.jsonl": "01234567", "directives-whole2.jsonl": "89abcdef"}
FIELDS = ["id", "source_url", "text", "issuing_doc", "issued_date", "tasks", "note"]
TASK_FIELDS = {"lead", "support", "action", "deadline", "deadline_text", "recurring"}


def _rows(name: str) -> list[dict]:
    path = LABELLED / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _iso(value: str | None) -> bool:
    if value is None:
        return True
    try:
        return datetime.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def test_at_least_one_file_has_documents() -> None:
    assert any(_rows(name) for name in FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_have_the_shared_schema_and_labels_are_spans(name: str) -> None:
    for row in _rows(name):
        assert list(row) == FIELDS, row.get("id")
        assert re.fullmatch(r"w2-\d{3}", row["id"])
        assert row["source_url"].startswith("https://")
        assert 1000 <= len(row["text"]) <= 25000, row["id"]
        assert _iso(row["issued_date"]), row["id"]
        assert isinstance(row["note"], str) and row["note"]
        text = _norm(row["text"])
        for task in row["tasks"]:
            assert set(task) == TASK_FIELDS, row["id"]
            assert task["lead"].strip() and task["action"].strip(), row["id"]
            assert _iso(task["deadline"]), (row["id"], task["deadline"])
            assert task["deadline"] is None or task["deadline_text"], (row["id"], "a date needs its phrase")
            for key in ("lead", "action", "deadline_text", "recurring"):
                assert task[key] is None or _norm(task[key]) in text, (row["id"], key)
            assert isinstance(task["support"], list) and all(isinstance(s, str) and s.strip() for s in task["support"])


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_document_sits_where_the_split_rule_puts_it(name: str) -> None:
    for row in _rows(name):
        digit = hashlib.sha1(f"{SEED}:{row['source_url']}".encode()).hexdigest()[0]
        assert digit in FILES[name], (row["id"], digit)


def test_ids_and_sources_are_unique_across_both_files() -> None:
    rows = [row for name in FILES for row in _rows(name)]
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["source_url"] for r in rows}) == len(rows)
