"""Paging parameters shared by every listing: bounded, so that a huge offset is a 422, never a database overflow.

Routers use `Offset` and `Limit` (or `limit_param(default, maximum)`):

    def list_things(offset: Offset = 0, limit: Limit = 50) -> Page[Thing]: ...

The request guard (services/core/guard.py) refuses `offset` above MAX_OFFSET on every route as well.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

MAX_OFFSET = 1_000_000
MAX_LIMIT = 500

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Rows to skip (at most {MAX_OFFSET})")]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page (at most 200)")]


def limit_param(maximum: int = 200) -> Any:
    """A `limit` query parameter with its own maximum, e.g. `limit: limit_param(500) = 100`."""
    return Annotated[int, Query(ge=1, le=min(maximum, MAX_LIMIT), description=f"Rows per page (at most {maximum})")]
