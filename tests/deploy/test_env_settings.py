"""Every VANBAN_ variable the code reads is documented in deploy/.env.example; every name the deploy files set is
one the code reads (no typos), and the values parse with the real settings classes."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from deploy_support import DEPLOY, parse_env_file


def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("VANBAN_"):
            monkeypatch.delenv(name)


def _same(got: object, value: str) -> bool:
    if isinstance(got, bool):
        return got is (value.lower() in ("1", "true", "yes", "on"))
    if isinstance(got, int | float):
        return got == float(value)
    if isinstance(got, Path):
        return got == Path(value)
    return got == value


def test_every_variable_the_code_reads_is_in_env_example(env_vars, env_example) -> None:
    active, commented = env_example
    missing = sorted(set(env_vars) - set(active) - commented)
    assert not missing, f"add to deploy/.env.example: {[(m, env_vars[m]) for m in missing]}"


def test_env_example_names_are_known(env_vars, env_example) -> None:
    active, commented = env_example
    unknown = sorted(n for n in {*active, *commented} if n.startswith("VANBAN_") and n not in env_vars)
    assert not unknown, f"deploy/.env.example sets variables no code reads (typo?): {unknown}"


def test_jwt_secret_is_set_once_for_every_service(env_example) -> None:
    active, _ = env_example
    assert active.get("VANBAN_JWT_SECRET"), "VANBAN_JWT_SECRET must be set (shared by every service)"
    # a placeholder the entrypoint refuses, so nobody runs with it by accident
    assert active["VANBAN_JWT_SECRET"].startswith("CHANGE-ME")
    for name in ("VANBAN_DATABASE_URL", "VANBAN_BROKER_URL", "VANBAN_ELASTICSEARCH_URL"):
        assert active.get(name), f"{name} must be set for the split services"


def test_env_example_values_parse_with_the_settings(settings_classes, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_env(monkeypatch)
    active, _ = parse_env_file(DEPLOY / ".env.example")
    for cls in settings_classes:
        s: Any = cls(_env_file=str(DEPLOY / ".env.example"))
        for name, value in active.items():
            field = name.removeprefix("VANBAN_").lower()
            if name.startswith("VANBAN_") and field in cls.model_fields:
                got = getattr(s, field)
                assert _same(got, value), f"{name}={value!r} read as {got!r}"


def test_database_url_matches_the_postgres_service(env_example, compose) -> None:
    from sqlalchemy.engine import make_url

    active, _ = env_example
    url = make_url(active["VANBAN_DATABASE_URL"])
    assert url.drivername == "postgresql+psycopg"
    assert url.host == "postgres" and url.host in compose["services"]
    assert url.username == active["POSTGRES_USER"] and url.password == active["POSTGRES_PASSWORD"]
    assert url.database == active["POSTGRES_DB"]
    assert active["VANBAN_BROKER_URL"].startswith("redis://redis:") and "redis" in compose["services"]
    assert active["VANBAN_ELASTICSEARCH_URL"] == "http://elasticsearch:9200" and "elasticsearch" in compose["services"]


def _k8s_env(k8s_docs) -> tuple[dict[str, str], dict[str, str]]:
    config = next(d for _, d in k8s_docs if d["kind"] == "ConfigMap")
    secret = next(d for _, d in k8s_docs if d["kind"] == "Secret")
    return config["data"], secret["stringData"]


def test_k8s_config_and_secret_names_are_known(env_vars, k8s_docs) -> None:
    data, secret = _k8s_env(k8s_docs)
    unknown = sorted(n for n in {*data, *secret} if n not in env_vars)
    assert not unknown, f"k8s ConfigMap/Secret set variables no code reads (typo?): {unknown}"
    assert not set(data) & set(secret)
    for name in ("VANBAN_DATABASE_URL", "VANBAN_BROKER_URL", "VANBAN_ELASTICSEARCH_URL", "VANBAN_JWT_SECRET",
                 "VANBAN_ADMIN_PASSWORD"):
        assert name in secret, f"{name} belongs in the Secret"
    assert not any("PASSWORD" in n or "SECRET" in n for n in data), "secrets in the ConfigMap"


def test_k8s_covers_what_compose_sets(env_example, k8s_docs) -> None:
    active, _ = env_example
    data, secret = _k8s_env(k8s_docs)
    missing = sorted(n for n in active if n.startswith("VANBAN_") and n not in data and n not in secret)
    assert not missing, f"set in .env.example but not in the k8s ConfigMap/Secret: {missing}"


def test_k8s_values_parse_with_the_settings(settings_classes, k8s_docs, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_env(monkeypatch)
    data, secret = _k8s_env(k8s_docs)
    for name, value in {**data, **secret}.items():
        assert isinstance(value, str), f"{name}: ConfigMap/Secret values must be strings"
        monkeypatch.setenv(name, value)
    for cls in settings_classes:
        cls(_env_file=None)  # raises on a value of the wrong type
