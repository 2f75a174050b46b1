"""Shape of labels8's whole-document sets of data/labelled: schema, dates, spans, the fixed split rule.

Only shapes are checked; no label is copied here. The score-only file is never read while writing rules: this test
reads its fields' types and checks that labels are spans of the text, not their wording.
"""

from __future__ import annotations

import re

import pytest
from helpers.labelled import LABELLED, check_row, check_task, check_unique, norm, rows, split_digit

# the split rule, fixed before labelling: first hex digit of sha1("labels8:" + source_url)
SEED = "labels8"
FILES = {"directives-whole3-train.jsonl": "01234567", "directives-whole3.jsonl": "89abcdef"}


def test_at_least_one_file_has_documents() -> None:
    assert any(rows(name) for name in FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_have_the_shared_schema_and_labels_are_spans(name: str) -> None:
    for row in rows(name):
        check_row(row)
        assert re.fullmatch(r"w3-\d{3}", row["id"])
        assert row["source_url"].startswith("https://")
        text = norm(row["text"])
        for task in row["tasks"]:
            check_task(row["id"], task)
            for key in ("lead", "action", "deadline_text", "recurring"):
                assert task[key] is None or norm(task[key]) in text, (row["id"], key)


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_document_sits_where_the_split_rule_puts_it(name: str) -> None:
    for row in rows(name):
        digit = split_digit(row["source_url"], SEED)
        assert digit in FILES[name], (row["id"], digit)


def test_ids_and_sources_are_unique_across_both_files() -> None:
    check_unique(sorted(FILES))


def test_no_source_is_reused_from_the_other_labelled_sets() -> None:
    mine = {row["source_url"] for name in FILES for row in rows(name)}
    others = {
        row.get("source_url")
        for path in sorted(LABELLED.glob("*.jsonl"))
        if path.name not in FILES
        for row in rows(path.name)
    }
    assert not mine & others
