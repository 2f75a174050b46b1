"""Helpers shared by tests (importable because tests/conftest.py puts tests/ on sys.path).

Import them as ``from tests_support import ...`` — never ``from conftest import ...``: under
``--import-mode=importlib`` a bare ``conftest`` is whichever conftest.py's folder is first on sys.path
(tests/deploy/conftest.py once the deploy tests have loaded), so it breaks as soon as another folder is collected
first. tests/unit/test_test_layout.py keeps it that way.

Parallel runs (pytest-xdist, ``make test`` runs ``-n 2``): every resource a test shares with other processes is made
per worker here or per process/test in the fixtures — see DEVELOPERS.md, "Tests in parallel".
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from services.core.clock import office_today  # noqa: F401  (re-exported for the tests)

T = TypeVar("T")

REQUIRE = os.environ.get("VANBAN_REQUIRE_SERVICES") == "1"

# office_today (imported above, from the product's one copy): today as the office counts it (Asia/Ho_Chi_Minh), the
# day the product dates reports, removals and overdue days by. Never ``date.today()`` in a test: that is the
# machine's day (UTC in CI), a day behind from 17:00 to 24:00 UTC, and a test comparing the two fails only in those
# hours (tests/unit/test_test_layout.py keeps it out).


def wait_for(check: Callable[[], T | None], timeout: float = 30, interval: float = 0.2, what: str = "condition") -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def service_url(var: str, what: str) -> str:
    """The URL of a real service from the environment; skipped without it, a FAILURE when VANBAN_REQUIRE_SERVICES=1
    (CI must never pass by skipping)."""
    url = os.environ.get(var)
    if url:
        return url
    if REQUIRE:
        pytest.fail(f"{what} is required (VANBAN_REQUIRE_SERVICES=1) but {var} is not set", pytrace=False)
    pytest.skip(f"{what} not configured: set {var} (see deploy/local/README.md)")


# --- parallel workers (pytest-xdist) -----------------------------------------------------------------------------

def worker_id() -> str:
    """"gw0", "gw1" … under pytest-xdist, "main" in a plain run."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def worker_index() -> int:
    """0, 1 … for xdist's workers; 0 in a plain run (which never runs beside a worker of the same run)."""
    wid = worker_id()
    return int(wid[2:]) if wid.startswith("gw") and wid[2:].isdigit() else 0


def redis_db_url(redis_url: str) -> str:
    """``redis_url`` pointed at this worker's own Redis database (1 + the worker's index; 0 is left to the services'
    other users), for the tests that run a real Celery broker: they flush it when they start and never see another
    worker's queues. Tests of one worker run one after another, and each stops its Celery workers when it ends."""
    import redis

    db = 1 + worker_index()
    available = int(redis.Redis.from_url(redis_url).config_get("databases")["databases"])
    if db >= available:
        pytest.fail(f"Redis has {available} databases; xdist worker {worker_id()} would need database {db}: run "
                    f"fewer workers (make test uses -n 2)", pytrace=False)
    return redis_url.rsplit("/", 1)[0] + f"/{db}"


# --- databases and process state ---------------------------------------------------------------------------------

def truncate_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"))]
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _reset_process_state() -> None:
    from services.core.config import reset_settings
    from services.core.db import dispose_engines
    from services.core.outbox import stop as stop_relay

    stop_relay()
    reset_settings()
    dispose_engines()
    from services.core.celery_app import configure_celery

    configure_celery()
    try:
        from services.search.service import forget_engines
    except ImportError:  # search not built
        return
    forget_engines()



class Users:
    """Creates accounts in the instance and hands out Authorization headers for them."""

    def __init__(self) -> None:
        self.count = 0

    def headers(self, role: str = "admin", unit: str | None = None, clearance: int = 3,
                username: str | None = None) -> dict[str, str]:
        from services.core.auth import service
        from services.core.db import session_factory

        self.count += 1
        with session_factory()() as session:
            user = service.create_user(session, username or f"{role}{self.count}", "mat-khau-123", role, unit,
                                       clearance)
            session.commit()
            token, _ = service._access_token(user)
        return {"Authorization": f"Bearer {token}"}


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
