"""Fixtures for the deploy/ checks (helpers in deploy_support.py, importable from these tests)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deploy_support import DEPLOY, K8S, code_env_vars, load_yaml_docs, parse_env_file, settings_classes_found  # noqa: E402


@pytest.fixture(scope="session")
def settings_classes() -> list[type]:
    return settings_classes_found()


@pytest.fixture(scope="session")
def env_vars() -> dict[str, str]:
    names = code_env_vars()
    assert "VANBAN_DATABASE_URL" in names and "VANBAN_JWT_SECRET" in names  # the discovery works
    return names


@pytest.fixture(scope="session")
def env_example() -> tuple[dict[str, str], set[str]]:
    return parse_env_file(DEPLOY / ".env.example")


@pytest.fixture(scope="session")
def compose() -> dict[str, Any]:
    docs = load_yaml_docs(DEPLOY / "compose.yaml")
    assert len(docs) == 1
    return docs[0]


@pytest.fixture(scope="session")
def k8s_docs() -> list[tuple[str, dict[str, Any]]]:
    docs = [(p.name, d) for p in sorted(K8S.glob("*.yaml")) for d in load_yaml_docs(p)]
    assert docs, "no manifests in deploy/k8s"
    return docs
