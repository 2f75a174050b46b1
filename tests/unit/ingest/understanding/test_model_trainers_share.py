"""What the two model trainers (scripts/train_assign.py, train_tagger.py) share: one reader of the labelled files
(scripts/labelled_access.py: the score-only guard, the card's file hashes, the folds) and one model card
(services/ingest/understanding/model_card.py). Invented rows only."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from services.ingest.understanding import assign_model as am
from services.ingest.understanding import tagger as tg
from services.ingest.understanding.model_card import read_card, switched_off, write_card

ROOT = Path(__file__).resolve().parents[4]
if str(ROOT) not in sys.path:  # the trainers import `scripts.labelled_access` the same way (their own sys.path line)
    sys.path.insert(0, str(ROOT))

from scripts import labelled_access as la  # noqa: E402


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def _invented(path: Path) -> Path:
    rows = [{"id": "inv-1", "text": "Giao Phòng Tư pháp chủ trì rà soát hồ sơ trước ngày 30/6/2026.",
             "tasks": [{"lead": "Phòng Tư pháp", "support": [], "action": "rà soát hồ sơ"}]},
            {"id": "inv-2", "text": "Trạm Thú y đã tiêm phòng đạt 95% kế hoạch."},  # no labels: not a document
            {"text": "Đề nghị Trạm Thú y báo cáo kết quả tiêm phòng.",
             "tasks": [{"lead": "Trạm Thú y", "support": [], "action": "báo cáo kết quả tiêm phòng"}]}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["directives-pages.jsonl", "directives-whole4.jsonl", "directives-notices.jsonl",
                                  "train-holdout.jsonl", "directives-train.jsonl"])
def test_both_trainers_refuse_a_score_only_file_before_reading_any(tmp_path: Path, name: str) -> None:
    first = tmp_path / "invented-train.jsonl"
    first.write_text("{not json\n", encoding="utf-8")  # read before the guard, it would fail another way
    bad = _invented(tmp_path / name)
    with pytest.raises(SystemExit, match="score-only"):
        _script("train_assign").load([first, bad])
    with pytest.raises(SystemExit, match="score-only"):
        _script("train_tagger").load([first, bad], None)


def test_the_reader_gives_labelled_rows_with_their_file_and_the_files_hashes(tmp_path: Path) -> None:
    path = _invented(tmp_path / "invented-train.jsonl")
    docs, files = la.labelled_documents([path])
    # the row without labels is skipped; a row without an id is named by its line (blank lines counted)
    assert [ident for ident, _ in docs] == ["invented-train.jsonl:inv-1", "invented-train.jsonl:4"]
    assert files == [{"file": "invented-train.jsonl", "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}]
    tagger_docs, tagger_files = _script("train_tagger").load([path], None)
    assign_docs, assign_files, gold, aligned = _script("train_assign").load([path])
    assert [d.ident for d in tagger_docs] == [d.ident for d in assign_docs] == [i for i, _ in docs]
    assert tagger_files == assign_files == files and gold == 2


def test_folds_are_whole_documents_dealt_the_same_every_time() -> None:
    docs = [f"doc{i:02d}" for i in range(23)]
    folds = la.document_folds(docs, 5, 20261207, lambda d: d)
    assert sorted(d for f in folds for d in f) == docs and [len(f) for f in folds] == [5, 5, 5, 4, 4]
    assert la.document_folds(list(reversed(docs)), 5, 20261207, lambda d: d) == folds
    assert la.document_folds(docs, 5, 1, lambda d: d) != folds


def test_a_card_keeps_its_held_out_figures_and_a_missing_card_reads_as_off(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "models" / "some.json"
    assert read_card(path) == {}
    write_card(path, {"enabled": False, "trained": "2026-12-07", "held_out": {}})
    assert read_card(path) == {"enabled": False, "trained": "2026-12-07", "held_out": {}}
    card = read_card(path)
    card["held_out"] = {"lead_f1": 0.61}  # filled in by hand after the decision
    path.write_text(json.dumps(card), encoding="utf-8")
    write_card(path, {"enabled": True, "trained": "2026-12-08", "held_out": {}})
    assert read_card(path) == {"enabled": True, "trained": "2026-12-08", "held_out": {"lead_f1": 0.61}}
    path.write_text("{not json", encoding="utf-8")
    assert read_card(path) == {}
    for value, off in (("off", True), ("No", True), ("0", True), ("on", False), ("", False)):
        monkeypatch.setenv("VANBAN_SOME_MODEL", value)
        assert switched_off("VANBAN_SOME_MODEL") is off
    assert am.card.__wrapped__() == read_card(am.CARD_PATH) and tg.card.__wrapped__() == read_card(tg.CARD_PATH)
