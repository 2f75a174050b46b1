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

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
SHARED_DATA = ROOT.parent / "shared" / "data"

REQUIRE = os.environ.get("VANBAN_REQUIRE_SERVICES") == "1"
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


def service_url(var: str, what: str) -> str:
    url = os.environ.get(var)
    if url:
        return url
    if REQUIRE:
        pytest.fail(f"{what} is required (VANBAN_REQUIRE_SERVICES=1) but {var} is not set", pytrace=False)
    pytest.skip(f"{what} not configured: set {var} (see deploy/local/README.md)")


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



def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the case counts the security suites kept (tests/security/case_counts.py), when they ran."""
    counts = getattr(sys.modules.get("security.case_counts"), "COUNTS", {})
    for name, count in counts.items():
        terminalreporter.write_line(f"{name}: {count} cases")
