"""scripts/check_constant_rebinding.py (run by `make lint`): a module that binds the same top-level constant twice
is refused — the later binding silently replaces the first for the functions written above it too."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[3]


def _script() -> ModuleType:
    if "check_constant_rebinding" in sys.modules:
        return sys.modules["check_constant_rebinding"]
    spec = importlib.util.spec_from_file_location("check_constant_rebinding",
                                                  ROOT / "scripts" / "check_constant_rebinding.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_constant_rebinding"] = module
    spec.loader.exec_module(module)
    return module


def test_a_pattern_bound_again_further_down_is_found() -> None:
    source = ("import re\n_STOP = re.compile('[.]')\n\ndef cut(s):\n    return _STOP.split(s)\n\n"
              "_STOP = re.compile('[;]')\nLIMIT: int = 3\nLIMIT: int = 4\n(A, _B) = (1, 2)\n_B = 5\n")
    assert _script().rebindings(source) == [("_STOP", 2, 7), ("LIMIT", 8, 9), ("_B", 10, 11)]


def test_branches_augmented_assignments_and_lower_case_names_are_not_rebindings() -> None:
    source = ("import sys\nif sys.platform == 'win32':\n    SEP = '\\\\'\nelse:\n    SEP = '/'\n"
              "WORDS = ['a']\nWORDS += ['b']\nlogger = 1\nlogger = 2\nLIMIT: int\nLIMIT = 3\n")
    assert _script().rebindings(source) == []


def test_the_repository_binds_no_constant_twice() -> None:
    found = [(str(f), hit) for root in ("services", "scripts") for f in sorted((ROOT / root).rglob("*.py"))
             for hit in _script().rebindings(f.read_text(encoding="utf-8"), str(f))]
    assert found == []
