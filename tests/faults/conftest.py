"""The `stack` of the fault tests: one instance on the real services, each behind a TCP proxy (faults_proxy)."""
from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from faults_proxy import FlakyProxy, Stack, target, via


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_postgres: str, redis_url: str,
          elasticsearch_url: str) -> Iterator[Stack]:
    import redis
    from tests_support import _reset_process_state, redis_db_url, truncate_postgres

    truncate_postgres(migrated_postgres)
    broker_db = redis_db_url(redis_url)
    redis.Redis.from_url(broker_db).flushdb()
    proxies = {
        "redis": FlakyProxy(*target(redis_url)).up(),
        "postgres": FlakyProxy(*target(migrated_postgres)).up(),
        "es": FlakyProxy(*target(elasticsearch_url)).up(),
    }
    env = {
        "VANBAN_DATA_DIR": str(tmp_path / "instance"),
        "VANBAN_DATABASE_URL": via(migrated_postgres, proxies["postgres"]),
        "VANBAN_BROKER_URL": via(broker_db, proxies["redis"]),
        "VANBAN_ELASTICSEARCH_URL": via(elasticsearch_url, proxies["es"]),
        "VANBAN_INDEX_PREFIX": f"vanban-faults-{os.getpid()}-{tmp_path.name[-12:].lower()}",
        "VANBAN_BROKER_VISIBILITY_TIMEOUT": "4",
        "VANBAN_JWT_SECRET": "faults-test-secret-faults-test-secret",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    _reset_process_state()
    s = Stack(env, tmp_path, proxies)
    yield s
    for w in s.workers:  # a warm shutdown first; a worker still waiting on a cut service after 30 s is killed, so it
        try:  # never outlives its test and holds locks in the next test's database (CI, session 17: a deadlock there)
            s.kill(w, signal.SIGTERM)
        except subprocess.TimeoutExpired:
            s.kill(w, signal.SIGKILL)
    for p in proxies.values():
        p.down()
    try:
        from services.search.service import get_engine

        get_engine().clear()
    except Exception:  # noqa: BLE001
        pass
    _reset_process_state()
