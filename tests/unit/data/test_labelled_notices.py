"""Shape of the labelled whole-document sets of data/labelled (labels6): schema, dates, the fixed split rule.

Only shapes are checked; no label is copied here. The score-only file is never read while writing rules: this test
reads its fields' types, not its wording.
"""

from __future__ import annotations

import re

import pytest
from helpers.labelled import check_row, check_task, check_unique, rows, split_digit

# the split rule, fixed before labelling: first hex digit of sha1(source_url), 0-7 training, 8-f score-only
FILES = {"directives-notices-train.jsonl": "01234567", "directives-notices.jsonl": "89abcdef"}


def test_training_file_exists_and_is_not_empty() -> None:
    assert rows("directives-notices-train.jsonl"), "the training file must hold at least one document"


@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_have_the_shared_schema(name: str) -> None:
    for row in rows(name):
        check_row(row)
        assert re.fullmatch(r"nt-\d{3}", row["id"])
        assert row["source_url"].startswith(("http://", "https://"))
        for task in row["tasks"]:
            check_task(row["id"], task)


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_document_sits_where_the_split_rule_puts_it(name: str) -> None:
    for row in rows(name):
        digit = split_digit(row["source_url"])
        assert digit in FILES[name], (row["id"], digit)


def test_ids_and_sources_are_unique_across_both_files() -> None:
    check_unique(sorted(FILES))
