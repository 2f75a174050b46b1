"""The test suite's own rules that keep it runnable in any order and in parallel (DEVELOPERS.md, Tests)."""
from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_test_imports_a_conftest_by_its_bare_name() -> None:
    """`from conftest import X` picks whichever conftest.py's folder is first on sys.path (tests/deploy's once the
    deploy tests have loaded): shared helpers are imported from tests_support instead."""
    pattern = re.compile(r"^\s*(from\s+conftest\s+import|import\s+conftest\b)", re.MULTILINE)
    offenders = [str(p.relative_to(TESTS)) for p in sorted(TESTS.rglob("*.py")) if pattern.search(p.read_text())]
    assert offenders == []
    assert any(TESTS.rglob("conftest.py"))  # the scan sees the tree


def test_helpers_shared_by_conftest_are_importable_from_tests_support() -> None:
    import tests_support

    for name in ("REQUIRE", "Users", "_reset_process_state", "service_url", "truncate_postgres", "shared_app",
                 "wait_for", "redis_db_url", "worker_index"):
        assert hasattr(tests_support, name), name


def test_no_test_takes_the_machines_day_for_the_offices() -> None:
    """The product dates by the office's day (Asia/Ho_Chi_Minh); `date.today()` is the machine's (UTC in CI), a day
    behind from 17:00 to 24:00 UTC — a test comparing the two passed all day and failed in the evening.
    tests_support.office_today() is the office's day."""
    pattern = re.compile(r"\bdate\.today\(\)")
    here = Path(__file__).resolve()
    offenders = [str(p.relative_to(TESTS)) for p in sorted(TESTS.rglob("*.py"))
                 if p != here and p.name != "tests_support.py" and pattern.search(p.read_text())]
    assert offenders == []
