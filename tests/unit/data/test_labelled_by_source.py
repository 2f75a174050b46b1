"""Shape of the labelled sets split by SOURCE (labels10's whole5, labels12's whole6, labels13's whole7, labels14's whole8 … labels17's whole11 in
data/labelled): schema, dates, spans, the split rule fixed before labelling (a web site or a GitHub repository never
sits on both sides), no source shared with any other labelled set or ../shared/data, and the score-only file refused by
the scripts that print misses.

Only shapes are checked; no label is copied here. The score-only files are never read while writing rules: these
tests read their fields' types and check that labels are spans of the text, not their wording.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from helpers.labelled import FIELDS, LABELLED, check_task, iso, norm, rows

SHARED_DATA = Path("/work/shared/data")


@dataclass(frozen=True)
class SourceSplit:
    train: str
    score: str
    seed: str  # the split rule: first hex digit of sha1(seed + ':' + source) in `train_digits` → training
    ids: str  # the ids' pattern
    shortest: int  # the shortest text kept (whole5: documents; whole6 also holds page excerpts)
    train_digits: str = "0123456"  # whole8: 0-7 (about half the sources score-only)


SETS = [
    SourceSplit("directives-whole5-train.jsonl", "directives-whole5.jsonl", "labels10", r"w5-\d{3}", 200),
    SourceSplit("directives-whole6-train.jsonl", "directives-whole6.jsonl", "labels12", r"w6-\d{3}", 100),
    SourceSplit("directives-whole7-train.jsonl", "directives-whole7.jsonl", "labels13", r"w7-\d{3}", 100),
    SourceSplit("directives-whole8-train.jsonl", "directives-whole8.jsonl", "labels14", r"w8-\d{3}", 100, "01234567"),
    SourceSplit("directives-whole9-train.jsonl", "directives-whole9.jsonl", "labels15", r"w9-\d{3}", 100, "01234567"),
    SourceSplit("directives-whole10-train.jsonl", "directives-whole10.jsonl", "labels16", r"w10-\d{3}", 100, "01234567"),
    SourceSplit("directives-whole11-train.jsonl", "directives-whole11.jsonl", "labels17", r"w11-\d{3}", 100, "01234567"),
]


def source(url: str) -> str:
    """A document's source: the GitHub repository it was read from, else the web site (host without 'www.')."""
    repo = re.match(r"https?://github\.com/([^/]+/[^/]+)", url)
    if repo:
        return "github:" + repo.group(1)
    host = re.match(r"https?://(?:www\.)?([^/]+)", url)
    assert host, url
    return host.group(1).lower()


def side(split: SourceSplit, url: str) -> str:
    digit = hashlib.sha1((split.seed + ":" + source(url)).encode("utf-8")).hexdigest()[0]
    return split.train if digit in split.train_digits else split.score


@pytest.fixture(params=SETS, ids=lambda s: s.score.removesuffix(".jsonl"))
def split(request: pytest.FixtureRequest) -> SourceSplit:
    return request.param  # type: ignore[no-any-return]


def test_both_files_have_documents(split: SourceSplit) -> None:
    assert rows(split.train) and rows(split.score)


def test_rows_have_the_shared_schema_and_labels_are_spans(split: SourceSplit) -> None:
    for name in (split.train, split.score):
        for row in rows(name):
            assert list(row) == FIELDS, row["id"]
            assert re.fullmatch(split.ids, row["id"])
            assert split.shortest <= len(row["text"]) <= 25000, row["id"]
            assert iso(row["issued_date"]) and row["note"], row["id"]
            text = norm(row["text"])
            for task in row["tasks"]:
                check_task(row["id"], task)
                for key in ("lead", "action", "deadline_text", "recurring"):
                    assert task[key] is None or norm(task[key]) in text, (row["id"], key)
                for unit in task["support"]:
                    assert norm(unit) in text, (row["id"], "support")


def test_each_document_sits_where_the_split_rule_puts_it(split: SourceSplit) -> None:
    for name in (split.train, split.score):
        for row in rows(name):
            assert side(split, row["source_url"]) == name, row["id"]


def test_no_source_is_on_both_sides_and_ids_are_unique(split: SourceSplit) -> None:
    train = {source(r["source_url"]) for r in rows(split.train)}
    score = {source(r["source_url"]) for r in rows(split.score)}
    assert not train & score
    every = rows(split.train) + rows(split.score)
    assert len({r["id"] for r in every}) == len(every)
    assert len({r["source_url"] for r in every}) == len(every)


def test_no_source_is_shared_with_other_labelled_sets_or_the_shared_data(split: SourceSplit) -> None:
    mine = {source(r["source_url"]) for name in (split.train, split.score) for r in rows(name)}
    others: set[str] = set()
    paths = [p for p in sorted(LABELLED.glob("*.jsonl")) if p.name not in (split.train, split.score)]
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


def test_the_score_only_file_is_refused_by_the_miss_printing_scripts(split: SourceSplit) -> None:
    access = labelled_access()
    assert access.SCORE_ONLY.fullmatch(split.score) and not access.SCORE_ONLY.fullmatch(split.train)
    with pytest.raises(SystemExit):
        next(access.training_rows(LABELLED / split.score))
    assert re.fullmatch(split.ids, next(access.training_rows(LABELLED / split.train))[0])
