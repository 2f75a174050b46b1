"""schemathesis against the merged OpenAPI, anonymous and authenticated: no 5xx, no undocumented status code.

(schemathesis' own pytest plugin does not run under this pytest version, so each operation is driven here with
its hypothesis strategy.)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance


def _operations() -> list[str]:
    from services.app import create_app

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
    return sorted(op.ok().label for op in schema.get_all_operations())


OPERATIONS = _operations()
_SCHEMA: list[Any] = []


def _operation(label: str) -> Any:
    """The operation in the merged OpenAPI of the tests' shared app (tests/conftest.py shared_app): the schema is
    loaded once for the module, not once per test (each test still runs on its own fresh instance)."""
    if not _SCHEMA:
        from tests_support import shared_app

        _SCHEMA.append(schemathesis.openapi.from_asgi("/openapi.json", shared_app()))
    return next(op.ok() for op in _SCHEMA[0].get_all_operations() if op.ok().label == label)
CASES = {"n": 0, "server_errors": 0}


def _count(server_error: bool) -> None:
    from security.case_counts import COUNTS

    CASES["n"] += 1
    CASES["server_errors"] += int(server_error)
    COUNTS[f"schemathesis over {len(OPERATIONS)} operations (anonymous and authenticated)"] = CASES["n"]


@pytest.mark.parametrize("authenticated", [False, True], ids=["anonymous", "authenticated"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_operation(instance: Path, label: str, authenticated: bool) -> None:
    from tests_support import Users

    operation = _operation(label)
    headers = Users().headers("admin", clearance=3, username="fuzzadmin") if authenticated else {}

    @given(case=operation.as_strategy())
    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              derandomize=True)  # reproducible in CI; widen locally with more examples
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        _count(response.status_code >= 500)
        case.validate_response(response, checks=[not_a_server_error, status_code_conformance])

    run()


def test_report_cases() -> None:
    """How many generated requests ran, and that none was answered with a server error."""
    print(f"schemathesis: {CASES['n']} cases over {len(OPERATIONS)} operations, {CASES['server_errors']} server errors")
    assert CASES["n"] > 0 and CASES["server_errors"] == 0
