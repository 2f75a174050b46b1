"""The learned stage 3 (services.search.rerank) on both engines: it reorders the hits the user may see and nothing
else — the same documents, totals and facets as the first stages alone, every hit visible, consistent pages —
and documents the user may not see move neither its order nor its scores."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from services.search import rerank
from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery
from services.search.plan import RERANK_DEPTH

from .conftest import CORPUS, D

Q = "cán bộ xã đi công tác vùng cao được thanh toán chế độ công tác phí như thế nào"
Q_PLAIN = "can bo xa di cong tac vung cao duoc thanh toan che do cong tac phi nhu the nao"

# invented documents on one theme, with every kind of access
THEME: list[IndexDoc] = [
    D("ct1", "Quy định chế độ công tác phí cho cán bộ xã đi công tác vùng cao: được thanh toán tiền tàu xe và "
      "phụ cấp lưu trú theo ngày.", subject="Chế độ công tác phí vùng cao", audience="public"),
    D("ct2", "Cán bộ các phòng báo cáo kết quả công tác tháng. Chế độ nghỉ phép thực hiện theo quy định; việc "
      "thanh toán tiền điện thoại do văn phòng xã tổng hợp như thế nào sẽ có hướng dẫn.",
      audience="units", audience_units=["Sở Tài chính"]),
    D("ct3", "Văn bản mật về thanh toán công tác phí vùng cao của cán bộ xã biên giới.", level=2,
      audience="public"),
    D("ct4", "Sở Nội vụ hướng dẫn chế độ đối với cán bộ, công chức cấp xã công tác ở vùng cao, vùng sâu; công tác "
      "phí được thanh toán theo thực tế.", audience="units", audience_units=["Sở Nội vụ"]),
    D("ct5", "Thông báo lịch công tác của lãnh đạo xã tuần này; cán bộ đi vùng cao đăng ký xe với văn phòng.",
      audience="public"),
    D("ct6", "Kế hoạch tập huấn cán bộ xã về thanh toán, quyết toán kinh phí; chế độ công tác phí áp dụng như "
      "năm trước.", audience="units", audience_units=["Sở Tài chính", "Sở Nội vụ"]),
    D("ct7", "Hỏi đáp: cán bộ xã đi công tác được thanh toán những khoản nào? Trả lời: tiền tàu xe, phụ cấp lưu "
      "trú, tiền thuê phòng nghỉ theo chế độ công tác phí.", audience="public"),
]
UNIT = "Sở Tài chính"
ACCESSES = [None, AccessFilter(max_level=0, units=[UNIT]), AccessFilter(max_level=3, public_only=True),
            AccessFilter(max_level=1, units=["Sở Nội vụ"])]


def _visible(doc: IndexDoc, access: AccessFilter | None) -> bool:
    if access is None:
        return True
    if doc.level > access.max_level:
        return False
    if access.public_only:
        return doc.audience == "public"
    return doc.audience == "public" or bool(set(doc.audience_units) & set(access.units or []))


@pytest.fixture
def themed(fresh_engine: SearchEngine) -> Iterator[SearchEngine]:
    fresh_engine.index([*CORPUS, *THEME])
    fresh_engine.refresh()
    yield fresh_engine


def _run(engine: SearchEngine, q: str, access: AccessFilter | None, stage3: bool, **kw: Any) -> Any:
    old = rerank.enabled
    rerank.enabled = stage3
    try:
        return engine.search(SearchQuery(q=q, access=access, **kw))
    finally:
        rerank.enabled = old


@pytest.mark.parametrize("q", [Q, Q_PLAIN])
def test_stage_three_reorders_only_the_hits_the_user_may_see(themed: SearchEngine, q: str) -> None:
    by_id = {d.id: d for d in [*CORPUS, *THEME]}
    for access in ACCESSES:
        seen: list[list[tuple[float, str, str]]] = []
        rerank.recorder = lambda plan, head: seen.append(head)  # noqa: B023 - used within this iteration
        try:
            themed.search(SearchQuery(q=q, access=access, limit=RERANK_DEPTH, facets=False, highlight=False))
        finally:
            rerank.recorder = None
        assert seen and len(seen[0]) >= 2  # the stage did see this query's head
        assert all(_visible(by_id[i], access) for _, i, _ in seen[0])  # … made only of visible documents
        off = _run(themed, q, access, False, limit=RERANK_DEPTH)
        on = _run(themed, q, access, True, limit=RERANK_DEPTH)
        assert sorted(h.id for h in on.hits) == sorted(h.id for h in off.hits)  # nothing added, nothing dropped
        assert on.total == off.total and on.facets == off.facets
        assert all(_visible(by_id[h.id], access) for h in on.hits)
        assert [h.score for h in on.hits] == sorted((h.score for h in off.hits), reverse=True)
        pages = [_run(themed, q, access, True, offset=o, limit=3).hits for o in (0, 3, 6)]
        assert [h.id for p in pages for h in p] == [h.id for h in on.hits][:9]  # pages agree, no repeats


def test_hidden_documents_move_neither_the_order_nor_the_scores(fresh_engine: SearchEngine) -> None:
    access = AccessFilter(max_level=0, units=[UNIT])
    fresh_engine.index([*CORPUS, *THEME])
    fresh_engine.refresh()
    before = [(h.id, h.score) for h in fresh_engine.search(SearchQuery(q=Q, access=access, limit=RERANK_DEPTH)).hits]
    hidden = [replace(d, id=f"hidden_{d.id}", level=3, audience="units", audience_units=["Văn phòng Tỉnh ủy"],
                      text=f"{d.text} {Q}") for d in THEME]  # copies the user may not see, matching even better
    fresh_engine.index(hidden)
    fresh_engine.refresh()
    after = [(h.id, h.score) for h in fresh_engine.search(SearchQuery(q=Q, access=access, limit=RERANK_DEPTH)).hits]
    assert after == before
    assert any(h.id.startswith("hidden_") for h in fresh_engine.search(SearchQuery(q=Q, limit=RERANK_DEPTH)).hits)
