#!/usr/bin/env python3
"""Fail when a module binds the same top-level constant name (UPPER or _UPPER) twice.

A second `_SENTENCE_END = re.compile(…)` further down a module silently replaces the first for every function, the
ones written above it included (deadline_scope.py had this: `lead_in_deadline` ran with the annex's pattern). ruff
has no rule for it: F811 covers functions, classes and imports redefined, not an assignment rebinding a name, and
mypy accepts a second assignment of the same type. This script is run by `make lint`.

    python scripts/check_constant_rebinding.py services scripts tests

Only statements of the module body count (an `if`/`try` at top level that binds a name in each branch is one choice,
not a rebinding); an augmented assignment (`X += …`) extends the name, it does not rebind it.
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

_CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")


def _bound_names(stmt: ast.stmt) -> list[str]:
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        targets = [stmt.target]
    names: list[str] = []
    while targets:
        t = targets.pop()
        if isinstance(t, ast.Name):
            names.append(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            targets.extend(t.elts)
        elif isinstance(t, ast.Starred):
            targets.append(t.value)
    return names


def rebindings(source: str, filename: str = "<module>") -> list[tuple[str, int, int]]:
    """(name, first line, later line) for every constant name the module body binds again."""
    first: dict[str, int] = {}
    found: list[tuple[str, int, int]] = []
    for stmt in ast.parse(source, filename).body:
        for name in _bound_names(stmt):
            if _CONSTANT.fullmatch(name) is None:
                continue
            if name in first:
                found.append((name, first[name], stmt.lineno))
            else:
                first[name] = stmt.lineno
    return found


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("services"), Path("scripts"), Path("tests")]
    bad = 0
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for f in files:
            for name, line, again in rebindings(f.read_text(encoding="utf-8"), str(f)):
                print(f"{f}:{again}: {name} is bound again (first at line {line}); the later binding replaces it "
                      "for the whole module — give each its own name")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
