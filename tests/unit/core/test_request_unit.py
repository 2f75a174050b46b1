"""The request's unit of work (services.core.web.get_session) ended by the endpoint itself (``end_unit_here``): its
work is committed at that point, in that thread, and the dependency then has nothing left to run — no threadpool
round trip, no second commit, and an error raised afterwards undoes nothing that was committed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from sqlalchemy import text

from services.core import web
from services.core.db import session_scope


def _count_hops(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    hops: list[Any] = []
    real = anyio.to_thread.run_sync

    async def counting(fn: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(fn)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(web.anyio.to_thread, "run_sync", counting)
    return hops


def _rows() -> list[str]:
    with session_scope() as s:
        return [r[0] for r in s.execute(text("SELECT v FROM unit_probe ORDER BY v"))]


def test_a_unit_ended_by_the_endpoint_is_committed_once_without_a_round_trip(
        instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with session_scope() as s:
        s.execute(text("CREATE TABLE unit_probe (v TEXT)"))
    hops = _count_hops(monkeypatch)

    async def request(end_here: bool, fail_after: bool) -> None:
        gen = web.get_session()
        session = await gen.__anext__()
        session.execute(text("INSERT INTO unit_probe (v) VALUES (:v)"), {"v": f"{end_here}-{fail_after}"})
        if end_here:
            web.end_unit_here(session)
            assert not session.in_transaction()
            web.end_unit_here(session)  # a second call finds nothing to end
        if fail_after:
            with pytest.raises(RuntimeError):
                await gen.athrow(RuntimeError("after the page was built"))
        else:
            with pytest.raises(StopAsyncIteration):
                await gen.__anext__()

    anyio.run(request, True, False)
    assert hops == []  # nothing left for the dependency to do
    anyio.run(request, True, True)
    assert hops == []  # committed before the error: nothing to roll back
    anyio.run(request, False, False)
    assert len(hops) == 1  # the dependency ends the unit in a worker thread, as before
    anyio.run(request, False, True)
    assert len(hops) == 2  # and rolls it back on error
    assert _rows() == ["False-False", "True-False", "True-True"]
