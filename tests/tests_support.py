"""Small helpers for tests (importable because conftest puts tests/ on sys.path)."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def wait_for(check: Callable[[], T | None], timeout: float = 30, interval: float = 0.2, what: str = "condition") -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


_APP: list[Any] = []


def shared_app() -> Any:
    """The application of `create_app()`, made once per test process and reused by every test client.

    The app holds no state of its own (settings, database engines, search engines and the task worker are read
    per request and reset per test by `instance`), but FastAPI builds every route's validators on an app's first
    request (about a second of CPU per app), which a fresh app per test paid in every test with a client. Each
    test still gets its own TestClient (its own cookies, its own lifespan start and stop). Tests about the app's
    construction call create_app() themselves."""
    if not _APP:
        from services.app import create_app

        _APP.append(create_app())
    return _APP[0]
