"""Case counts that the security suites report; tests/conftest.py prints them at the end of every run."""
from __future__ import annotations

COUNTS: dict[str, int] = {}
