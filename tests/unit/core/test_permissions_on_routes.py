""""Who may do X" is declared on the route: every state-changing route of ingest, briefing and registry depends on
its service's permissions module, and no endpoint branches on roles itself."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest

SERVICES = Path(__file__).resolve().parents[3] / "services"
PERMISSIONS = {"ingest": "services.ingest.permissions", "briefing": "services.briefing.permissions",
               "registry": "services.registry.roles"}


def _dependencies(dependant: Any) -> list[Any]:
    out = []
    for dep in dependant.dependencies:
        out.append(dep.call)
        out += _dependencies(dep)
    return out


def _permission_calls(module_name: str) -> set[Any]:
    """The dependencies the permissions module declares: its Annotated aliases' Depends(...) and its functions."""
    import importlib

    calls: set[Any] = set()
    for value in vars(importlib.import_module(module_name)).values():
        for meta in getattr(value, "__metadata__", ()):
            if getattr(meta, "dependency", None) is not None:
                calls.add(meta.dependency)
        if inspect.isfunction(value) and value.__module__ == module_name:
            calls.add(value)
    return calls


@pytest.mark.parametrize("service", sorted(PERMISSIONS))
def test_every_state_changing_route_declares_who_may(service: str) -> None:
    from fastapi.routing import APIRoute

    from services.app import create_app

    module = __import__(f"services.{service}.api", fromlist=["router"])
    declared = _permission_calls(PERMISSIONS[service])
    assert declared
    missing = []
    for route in create_app().routes:
        if not isinstance(route, APIRoute) or route.endpoint.__module__ != module.__name__:
            continue
        if not set(route.methods) & {"POST", "PUT", "PATCH", "DELETE"}:
            continue
        calls = _dependencies(route.dependant)
        if not declared & set(calls):
            missing.append(f"{sorted(route.methods)} {route.path}")
    assert not missing, f"routes of {service} without a permission dependency: {missing}"


@pytest.mark.parametrize("service", sorted(PERMISSIONS))
def test_no_role_branches_in_endpoints(service: str) -> None:
    tree = ast.parse((SERVICES / service / "api.py").read_text(encoding="utf-8"))
    found = [f"services/{service}/api.py:{node.lineno}" for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "role"
             and isinstance(node.value, ast.Name) and node.value.id == "principal"]
    assert not found, f"decide roles in the permissions module, not in the endpoint: {found}"
