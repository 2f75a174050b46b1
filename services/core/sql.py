"""Small query helpers shared by the services."""
from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

S = TypeVar("S", bound=Select[Any])


def in_range(stmt: S, column: Any, low: Any | None, high: Any | None) -> S:
    """``stmt`` limited to ``low <= column <= high``; a bound that is None (or empty) is no limit."""
    if low:
        stmt = stmt.where(column >= low)
    if high:
        stmt = stmt.where(column <= high)
    return stmt
