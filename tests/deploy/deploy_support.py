"""Helpers for the deploy/ checks: files, parsed YAML, the VANBAN_ variables the code reads. Offline, fast."""
from __future__ import annotations

import ast
import functools
import importlib
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"

# The roles deploy/entrypoint.sh accepts (the brief of issue 7, plus `all` and `healthcheck`).
SERVICE_ROLES = ("ingest", "search", "briefing")
ROLES = {*SERVICE_ROLES, "all", "worker", "beat", "migrate", "healthcheck"}


def load_yaml_docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def parse_env_file(path: Path) -> tuple[dict[str, str], set[str]]:
    """(active NAME=value lines, names only mentioned in commented-out `# NAME=value` lines)."""
    active: dict[str, str] = {}
    commented: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^#\s*([A-Z][A-Z0-9_]*)=", line)
        if m:
            commented.add(m.group(1))
            continue
        if line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep, f"{path.name}: not NAME=value: {raw!r}"
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f"{path.name}: bad name {name!r}"
        assert name not in active, f"{path.name}: {name} set twice"
        active[name] = value
    return active, commented


@functools.cache
def _sources() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple((p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted((ROOT / "services").rglob("*.py")))


@functools.cache
def settings_classes_found() -> list[type]:
    """Every pydantic-settings class under services/ (found by reading the source, then imported)."""
    found: list[type] = []
    for path, tree in _sources():
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(
                    (isinstance(b, ast.Name) and b.id == "BaseSettings")
                    or (isinstance(b, ast.Attribute) and b.attr == "BaseSettings") for b in node.bases):
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                found.append(getattr(importlib.import_module(module), node.name))
    return found


def _literal_env_names() -> set[str]:
    """VANBAN_* names the code reads directly (os.environ.get("VANBAN_ADMIN_PASSWORD"), …)."""
    names: set[str] = set()
    for _, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"VANBAN_[A-Z0-9_]+", node.value):
                names.add(node.value)
    return names


def code_env_vars() -> dict[str, str]:
    """VANBAN_* variable → where it is read: every settings field, and every literal name."""
    out: dict[str, str] = {}
    for cls in settings_classes_found():
        prefix = cls.model_config.get("env_prefix", "")
        assert prefix == "VANBAN_", f"{cls.__module__}.{cls.__name__} has env_prefix {prefix!r}"
        for field in cls.model_fields:
            out[f"{prefix}{field}".upper()] = f"{cls.__module__}.{cls.__name__}.{field}"
    for name in _literal_env_names():
        out.setdefault(name, "services/ (os.environ)")
    return out
