"""scripts/score_confidence.py on a tiny invented labelled file: right, junk, extra and late predictions, the missed
gold task, the flag's share/precision/recall and the AUROC (the product's unit matching: no ../shared needed)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[4]


def _script() -> ModuleType:
    if "score_confidence" in sys.modules:
        return sys.modules["score_confidence"]
    spec = importlib.util.spec_from_file_location("score_confidence", ROOT / "scripts" / "score_confidence.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_confidence"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


ROWS = [
    {"id": "a", "text": "Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, hoàn thành trước "
                        "ngày 30/6/2025.",
     "tasks": [{"lead": "Sở Y tế", "support": [], "action": "kiểm tra an toàn thực phẩm", "deadline": "2025-06-30"}]},
    # the extractor's lead is not the gold one: a junk prediction, and the gold task is missed
    {"id": "b", "text": "Giao Sở Tài chính thẩm định dự toán kinh phí sửa chữa trụ sở làm việc của các phòng.",
     "tasks": [{"lead": "Sở Xây dựng", "support": [], "action": "thẩm định dự toán", "deadline": None}]},
    # the right lead with another deadline than the gold one
    {"id": "c", "text": "Giao Sở Công Thương kiểm tra việc niêm yết giá tại các chợ đầu mối, hoàn thành trước ngày "
                        "15/7/2025.",
     "tasks": [{"lead": "Sở Công Thương", "support": [], "action": "kiểm tra niêm yết giá", "deadline": "2025-07-31"}]},
]


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Path]:
    path = tmp_path_factory.mktemp("labels") / "invented.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    return _script(), path


def _run(module: ModuleType, path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    assert module.main([str(path), "--shared", str(path.parent / "no-shared"), "--json", *extra]) == 0
    out = json.loads(capsys.readouterr().out.splitlines()[-1])
    return dict(out[path.name])


def test_each_prediction_is_judged_and_the_missed_gold_tasks_counted(figures: tuple[ModuleType, Path],
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    module, path = figures
    s = _run(module, path, capsys, "--below", "1.0")  # everything flagged
    assert s["predictions"] == 3 and s["right"] == 1
    assert s["wrong_by_kind"] == {"junk": 1, "extra": 0, "deadline": 1}
    assert s["flag_share"] == 1.0 and s["flag_precision"] == round(2 / 3, 3) and s["flag_recall"] == 1.0
    assert s["gold_tasks"] == 3 and s["missed_share"] == round(1 / 3, 3)
    assert sum(b["n"] for b in s["buckets"]) == 3  # type: ignore[attr-defined]
    nothing = _run(module, path, capsys, "--below", "0.0")
    assert nothing["flag_share"] == 0.0 and nothing["flag_precision"] is None and nothing["flag_recall"] == 0.0


def test_judge_takes_the_gold_task_with_the_same_deadline_first_and_counts_extras() -> None:
    module = _script()
    sc = module.load_scorer(Path("/no/shared"))
    gold = [{"lead": "Sở Y tế", "deadline": "2025-05-01"}, {"lead": "Sở Y tế", "deadline": "2025-06-01"}]
    pred = [{"lead": "Sở Y tế", "deadline": "2025-06-01", "confidence": 0.9},
            {"lead": "Sở Y tế", "deadline": "2025-05-01", "confidence": 0.9},
            {"lead": "Sở Y tế", "deadline": None, "confidence": 0.5}]
    judged, missed = module.judge(gold, pred, sc)
    assert [(j.right, j.why) for j in judged] == [(True, ""), (True, ""), (False, "extra")] and missed == 0


def test_auroc_counts_ties_as_half() -> None:
    module = _script()
    judged = [module.Judged(0.9, True), module.Judged(0.8, True), module.Judged(0.5, False), module.Judged(0.8, False)]
    assert module.auroc(judged) == pytest.approx(3.5 / 4)
    assert module.auroc([module.Judged(0.9, True)]) is None


def test_details_refuse_the_held_out_files(figures: tuple[ModuleType, Path], tmp_path: Path) -> None:
    module, path = figures
    held = tmp_path / "directives-pages.jsonl"
    held.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SystemExit, match="held-out"):
        module.main([str(held), "--shared", str(tmp_path), "--details"])
