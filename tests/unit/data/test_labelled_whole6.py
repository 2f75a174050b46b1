"""Shape of labels12's set of data/labelled (whole6): schema, dates, spans, the split rule by SOURCE (a web site or a
GitHub repository never sits on both sides), no source shared with any earlier labelled set or ../shared/data, and the
score-only file refused by the scripts that print misses.

Only shapes are checked; no label is copied here. The score-only file is never read while writing rules: this test
reads its fields' types and checks that labels are spans of the text, not their wording.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from helpers.labelled import FIELDS, LABELLED, check_task, iso, norm, rows

TRAIN, SCORE = "directives-whole6-train.jsonl", "directives-whole6.jsonl"
SHARED_DATA = Path("/work/shared/data")


def source(url: str) -> str:
    """A document's source: the GitHub repository it was read from, else the web site (host without 'www.')."""
    repo = re.match(r"https?://github\.com/([^/]+/[^/]+)", url)
    if repo:
        return "github:" + repo.group(1)
    host = re.match(r"https?://(?:www\.)?([^/]+)", url)
    assert host, url
    return host.group(1).lower()


def side(url: str) -> str:
    """The split rule fixed before labelling: first hex digit of sha1('labels12:' + source) 0-6 → training."""
    digit = hashlib.sha1(("labels12:" + source(url)).encode("utf-8")).hexdigest()[0]
    return TRAIN if digit in "0123456" else SCORE


def test_both_files_have_documents() -> None:
    assert rows(TRAIN) and rows(SCORE)


def test_rows_have_the_shared_schema_and_labels_are_spans() -> None:
    for name in (TRAIN, SCORE):
        for row in rows(name):
            assert list(row) == FIELDS, row["id"]
            assert re.fullmatch(r"w6-\d{3}", row["id"])
            assert 100 <= len(row["text"]) <= 25000, row["id"]
            assert iso(row["issued_date"]) and row["note"], row["id"]
            text = norm(row["text"])
            for task in row["tasks"]:
                check_task(row["id"], task)
                for key in ("lead", "action", "deadline_text", "recurring"):
                    assert task[key] is None or norm(task[key]) in text, (row["id"], key)
                for unit in task["support"]:
                    assert norm(unit) in text, (row["id"], "support")


def test_each_document_sits_where_the_split_rule_puts_it() -> None:
    for name in (TRAIN, SCORE):
        for row in rows(name):
            assert side(row["source_url"]) == name, row["id"]


def test_no_source_is_on_both_sides_and_ids_are_unique() -> None:
    train = {source(r["source_url"]) for r in rows(TRAIN)}
    score = {source(r["source_url"]) for r in rows(SCORE)}
    assert not train & score
    every = rows(TRAIN) + rows(SCORE)
    assert len({r["id"] for r in every}) == len(every)
    assert len({r["source_url"] for r in every}) == len(every)


def test_no_source_is_shared_with_earlier_labelled_sets_or_the_shared_data() -> None:
    mine = {source(r["source_url"]) for name in (TRAIN, SCORE) for r in rows(name)}
    others: set[str] = set()
    paths = [p for p in sorted(LABELLED.glob("*.jsonl")) if p.name not in (TRAIN, SCORE)]
    paths += sorted(SHARED_DATA.glob("*.jsonl")) if SHARED_DATA.exists() else []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            url = json.loads(line).get("source_url") if line.strip() else None
            if url and re.match(r"https?://", url):
                others.add(source(url))
    assert not mine & others


def labelled_access() -> ModuleType:
    """scripts/labelled_access.py, the one place that says which labelled files the miss-printing scripts may read."""
    spec = importlib.util.spec_from_file_location("labelled_access", LABELLED.parents[1] / "scripts" / "labelled_access.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_score_only_file_is_refused_by_the_miss_printing_scripts() -> None:
    access = labelled_access()
    assert access.SCORE_ONLY.fullmatch(SCORE) and not access.SCORE_ONLY.fullmatch(TRAIN)
    with pytest.raises(SystemExit):
        next(access.training_rows(LABELLED / SCORE))
    assert next(access.training_rows(LABELLED / TRAIN))[0].startswith("w6-")
