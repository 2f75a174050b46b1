"""Shape of the whole-document sets of data/labelled made by labels7 (whole2), labels8 (whole3) and labels9 (whole4): schema, dates,
spans, each set's fixed split rule, and no source reused from another labelled set.

Only shapes are checked; no label is copied here. The score-only files are never read while writing rules: this test
reads their fields' types and checks that labels are spans of the text, not their wording.
"""

from __future__ import annotations

import re

import pytest
from helpers.labelled import LABELLED, check_row, check_task, check_unique, norm, rows, split_digit

# each set's split rule, fixed before labelling: first hex digit of sha1(seed + ":" + source_url)
SETS = {
    "whole2": ("labels7", "w2", {"directives-whole2-train.jsonl": "01234567", "directives-whole2.jsonl": "89abcdef"}),
    "whole3": ("labels8", "w3", {"directives-whole3-train.jsonl": "01234567", "directives-whole3.jsonl": "89abcdef"}),
    "whole4": ("labels9", "w4", {"directives-whole4-train.jsonl": "01234567", "directives-whole4.jsonl": "89abcdef"}),
}
FILE_SETS = [(s, name) for s, (_, _, files) in SETS.items() for name in sorted(files)]


@pytest.mark.parametrize("labelled_set", sorted(SETS))
def test_at_least_one_file_has_documents(labelled_set: str) -> None:
    assert any(rows(name) for name in SETS[labelled_set][2])


@pytest.mark.parametrize(("labelled_set", "name"), FILE_SETS)
def test_rows_have_the_shared_schema_and_labels_are_spans(labelled_set: str, name: str) -> None:
    prefix = SETS[labelled_set][1]
    for row in rows(name):
        check_row(row)
        assert re.fullmatch(rf"{prefix}-\d{{3}}", row["id"])
        assert row["source_url"].startswith("https://")
        text = norm(row["text"])
        for task in row["tasks"]:
            check_task(row["id"], task)
            for key in ("lead", "action", "deadline_text", "recurring"):
                assert task[key] is None or norm(task[key]) in text, (row["id"], key)


@pytest.mark.parametrize(("labelled_set", "name"), FILE_SETS)
def test_each_document_sits_where_the_split_rule_puts_it(labelled_set: str, name: str) -> None:
    seed, _, files = SETS[labelled_set]
    for row in rows(name):
        digit = split_digit(row["source_url"], seed)
        assert digit in files[name], (row["id"], digit)


@pytest.mark.parametrize("labelled_set", sorted(SETS))
def test_ids_and_sources_are_unique_across_both_files(labelled_set: str) -> None:
    check_unique(sorted(SETS[labelled_set][2]))


@pytest.mark.parametrize("labelled_set", sorted(SETS))
def test_no_source_is_reused_from_the_other_labelled_sets(labelled_set: str) -> None:
    files = SETS[labelled_set][2]
    mine = {row["source_url"] for name in files for row in rows(name)}
    others = {row.get("source_url") for path in sorted(LABELLED.glob("*.jsonl")) if path.name not in files
              for row in rows(path.name)}
    assert not mine & others
