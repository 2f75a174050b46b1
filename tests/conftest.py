"""Shared fixtures: a fresh instance per test, on SQLite and (when provided) real PostgreSQL.

Real services come from the environment (`.ci/run` exports them; `deploy/local/services.sh env` prints them):
VANBAN_TEST_POSTGRES_URL, VANBAN_TEST_REDIS_URL, VANBAN_TEST_ELASTICSEARCH_URL. Without one, tests that need it are
skipped — unless VANBAN_REQUIRE_SERVICES=1, where a missing service FAILS the test: CI must never pass by skipping.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

# the shared helpers live in tests/tests_support.py; imported here too for the fixtures below
from tests_support import REQUIRE, Users, _reset_process_state, service_url, truncate_postgres  # noqa: E402, F401

SHARED_DATA = ROOT.parent / "shared" / "data"

# the webhook receivers of the notification tests listen on loopback, which production refuses by default
# (services/core/outbound.py); the tests of that refusal set the setting back themselves
os.environ.setdefault("VANBAN_ALLOW_PRIVATE_WEBHOOKS", "true")


def _cheap_password_hashing() -> None:
    """Hash the tests' passwords with the cheapest argon2id parameters, in this test process only.

    Production hashes with argon2's defaults (64 MiB, 3 passes, 4 lanes: ~0.25 s of CPU per hash or check), which
    the suite paid for every account it made and every login: minutes in all. Hashes record their own parameters,
    so a password set here still checks anywhere. tests/unit/core/test_password_cost.py proves that
    services/core/auth/secrets_store.py, loaded afresh, still hashes with the production parameters, and that a
    login against a production-cost hash works. `vanban serve`/`vanban worker` subprocesses keep the production
    cost (they do not load this file)."""
    from argon2 import PasswordHasher

    from services.core.auth import secrets_store

    secrets_store._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


_cheap_password_hashing()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = service_url("VANBAN_TEST_POSTGRES_URL", "PostgreSQL")
    _check_postgres(url)
    return url


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = service_url("VANBAN_TEST_REDIS_URL", "Redis")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"Redis at {url} is not reachable: {exc}", pytrace=False)
    return url


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    url = service_url("VANBAN_TEST_ELASTICSEARCH_URL", "Elasticsearch")
    import httpx

    try:
        httpx.get(url, timeout=5).raise_for_status()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"Elasticsearch at {url} is not reachable: {exc}", pytrace=False)
    return url


def _check_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL at {url} is not reachable: {exc}", pytrace=False)


def reset_postgres(url: str) -> None:
    """Empty the test database: drop and recreate the public schema."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test starts from a copy (same schema, no migration cost)."""
    from services.core.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "vanban.db"
    upgrade(f"sqlite:///{path}")
    from services.core.db import dispose_engines

    dispose_engines()
    return path


@pytest.fixture(scope="session")
def migrated_postgres(postgres_url: str) -> Iterator[str]:
    """A database of this test run alone (created beside the configured one), migrated once; tests truncate."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from services.core.db import dispose_engines
    from services.core.migrate import upgrade

    name = f"vanban_t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    dispose_engines()
    yield url
    dispose_engines()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_backend(request: pytest.FixtureRequest) -> str:
    """Parametrise a test over both databases."""
    if request.param == "postgres":
        request.getfixturevalue("postgres_url")
    return str(request.param)


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A fresh embedded instance (data dir, migrated database) for one test.

    Uses PostgreSQL when the test also asks for `db_backend` and it is "postgres".
    """
    data_dir = tmp_path / "instance"
    monkeypatch.setenv("VANBAN_DATA_DIR", str(data_dir))
    for var in ("VANBAN_DATABASE_URL", "VANBAN_BROKER_URL", "VANBAN_ELASTICSEARCH_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("VANBAN_INDEX_PREFIX", f"vanban-test-{os.getpid()}-{abs(hash(request.node.nodeid)) % 10**8}")
    backend = request.getfixturevalue("db_backend") if "db_backend" in request.fixturenames else "sqlite"
    if backend == "postgres":
        url = request.getfixturevalue("migrated_postgres")
        truncate_postgres(url)
        monkeypatch.setenv("VANBAN_DATABASE_URL", url)
    else:
        import shutil

        data_dir.mkdir(parents=True)
        shutil.copy(request.getfixturevalue("migrated_sqlite"), data_dir / "vanban.db")
    _reset_process_state()
    yield data_dir
    from services.core.dispatch import wait_idle

    wait_idle(60)
    _reset_process_state()


@pytest.fixture
def users(instance: Path) -> Users:
    return Users()


@pytest.fixture
def anon_client(instance: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient
    from tests_support import shared_app

    with TestClient(shared_app()) as c:
        yield c


@pytest.fixture
def client(anon_client: object, users: Users) -> object:
    """A client logged in as an administrator with full clearance (the clerk's and leader's views are tested
    separately in the access tests)."""
    anon_client.headers.update(users.headers("admin", clearance=3, username="quantri"))  # type: ignore[attr-defined]
    return anon_client


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this checkout (a user's clone has none)")
    return SHARED_DATA


# --- parallel runs: pytest-xdist (`make test` runs `-n 2 --dist loadgroup`; DEVELOPERS.md, "Tests in parallel") ----

# Folders in the order their modules are handed to the workers: the long modules (the leak suite, the fuzzing, the
# fault injection, the browser and subprocess scenarios) start first, the many short unit and deploy tests fill the end,
# so that neither worker waits alone on a long module at the end of the run.
_XDIST_ORDER = {"security": 0, "faults": 1, "e2e": 2, "integration": 3, "deploy": 4, "unit": 5}


def _xdist_group(item: pytest.Item) -> str:
    """A test module is one unit of work: its module-scoped fixtures (a leak corpus, a loaded search engine, a
    browser) are built once, on one worker, and tests that read what an earlier test of the module left in the
    process (the case counters of the security suites) see it."""
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):  # a plain run keeps its order and needs no groups
        return
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_xdist_group(item)))

    def rank(item: pytest.Item) -> int:
        parts = item.nodeid.split("/")
        return _XDIST_ORDER.get(parts[1] if len(parts) > 2 and parts[0] == "tests" else "", len(_XDIST_ORDER))

    items.sort(key=rank)  # stable: a module's tests keep their order


_WORKER_COUNTS: dict[str, int] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker hands its security case counts to the controller, which prints their sum."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["case_counts"] = dict(
            getattr(sys.modules.get("security.case_counts"), "COUNTS", {}))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    for name, count in (getattr(node, "workeroutput", None) or {}).get("case_counts", {}).items():
        _WORKER_COUNTS[name] = _WORKER_COUNTS.get(name, 0) + int(count)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the case counts the security suites kept (tests/security/case_counts.py), when they ran (summed over
    the xdist workers in a parallel run)."""
    counts = dict(getattr(sys.modules.get("security.case_counts"), "COUNTS", {}))
    for name, count in _WORKER_COUNTS.items():
        counts[name] = counts.get(name, 0) + count
    for name, count in counts.items():
        terminalreporter.write_line(f"{name}: {count} cases")
