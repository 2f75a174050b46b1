"""The hourly catch-up of tightenings (SECURITY.md 88, 102) indexes again only what changed since the last catch-up
that completed: a mass tightening is indexed again once, not at every hour of its day (each batch a commit that
drops the engine's caches) — and a tightening made after it, whose own re-indexing gave up, is still caught, as is
everything when a catch-up failed part-way. Invented notices."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest


def _notice(number: int, word: str) -> bytes:
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {number}/TB-UBND\nNghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\n"
            f"Kết luận về việc {word}\n\n1. Giao Sở Y tế chủ trì kiểm kê {word}, hoàn thành trước ngày 30/12/2030.\n\n"
            "Nơi nhận:\n- Sở Y tế;\n- Lưu: VT.\n").encode()


def _changed_ago(doc_ids: list[str], minutes: int) -> None:
    from sqlalchemy import update

    from services.core.db import session_factory
    from services.ingest.models import Document

    with session_factory()() as session:
        session.execute(update(Document).where(Document.id.in_(doc_ids))
                        .values(access_changed_at=datetime.now(UTC) - timedelta(minutes=minutes)))
        session.commit()


def test_a_second_catch_up_indexes_only_what_tightened_since(anon_client: Any, monkeypatch: Any) -> None:
    from helpers.briefing import fast_headers, ingest, ok

    from services.search import service as search

    clerk = fast_headers("clerk", clearance=3, username="vanthu-catchup")
    ids = [ingest(anon_client, f"tb-71{i}.txt", _notice(710 + i, f"khocatchup{i}"), clerk) for i in range(3)]
    for doc_id in ids[:2]:  # public notices raised to Mật an hour and a half ago (a mass re-reading), before the
        # margin a catch-up reads again (CATCH_UP_MARGIN, an hour)
        ok(anon_client.patch(f"/documents/{doc_id}/access", headers=clerk, json={"level": 1, "audience": "public"}))
    _changed_ago(ids[:2], 90)
    indexed: list[str] = []
    monkeypatch.setattr(search, "index_documents", lambda batch: indexed.extend(batch))
    assert search.catch_up_tightened() == 2 and sorted(indexed) == sorted(ids[:2])
    indexed.clear()
    assert search.catch_up_tightened() == 0 and indexed == []  # nothing stale: nothing indexed again

    # a tightening after it whose own `search.index` gave up: the next catch-up takes it, and only it
    ok(anon_client.patch(f"/documents/{ids[2]}/access", headers=clerk, json={"level": 1, "audience": "public"}))
    assert search.catch_up_tightened() == 1 and indexed == [ids[2]]

    # a catch-up that failed part-way records nothing: the next takes again all it took
    before = search._caught_up_until()
    assert before is not None

    def failing(batch: list[str]) -> None:
        raise search.SearchError("search.unavailable", "Máy tìm kiếm không trả lời.")

    monkeypatch.setattr(search, "index_documents", failing)
    with pytest.raises(search.SearchError):
        search.catch_up_tightened()
    assert search._caught_up_until() == before
