"""`briefing.sync_document` of a document with hundreds of proposals, on SQLite and PostgreSQL: set-based — the SQL
statements it issues do not grow with the number of tasks (a re-read that changes every proposal is a few DELETEs
and INSERTs, an unchanged re-sync writes nothing), and its decisions are those of the row-by-row sync: what people
decided stays and is not proposed again, every proposal has its units and one "proposed" event, sent ones reach the
inboxes, and the index is told that the document's tasks changed."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func, select

from services.briefing import service
from services.briefing.models import Task, TaskEvent, TaskUnit
from services.core import events
from services.core.auth.policy import Principal
from services.core.db import get_engine, session_factory
from services.ingest.service import DocumentView, TaskView

pytestmark = pytest.mark.usefixtures("db_backend")

CLERK = Principal(user_id=None, username="vanthu", role="clerk", clearance=3)
N = 300


def _view(wording: str) -> DocumentView:
    tasks = [TaskView(i, "Sở Xây dựng", ["Sở Tài chính"], f"{wording} khu dân cư số {i}", date(2031, 5, 20), None,
                      None, f"Giao Sở Xây dựng {wording} khu dân cư số {i}.") for i in range(N)]
    return DocumentView(id="doc-many", filename="kl.txt", status="done", number="88/TB-UBND", doc_type="Thông báo",
                        issuer="UBND tỉnh Hà Tĩnh", issued_date=date(2031, 4, 2), subject="Kết luận", text="…",
                        recipients=[], confidentiality=None, level=0, audience="internal",
                        access_units=["so xay dung", "so tai chinh"], assigned_units=[], addressed_units=[],
                        updated_at=None, tasks=tasks, cites=[])


@contextmanager
def statements() -> Iterator[Counter[str]]:
    """The statements sent to the database meanwhile, by verb and table ("UPDATE briefing_tasks")."""
    seen: Counter[str] = Counter()

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        words = statement.split()
        verb = words[0].upper()
        table = next((w for p, w in zip(words, words[1:], strict=False) if p.upper() in ("FROM", "INTO", "UPDATE")),
                     "")
        seen[f"{verb} {table.strip(chr(34))}"] += 1

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _sync(told: list[bool] | None = None) -> service.SyncResult:
    with session_factory()() as session:
        result = service.sync_document(session, "doc-many")
        if told is not None:
            told.append(("task.changed", ("doc-many",)) in (session.info.get(events._PENDING) or {}))
        session.commit()
    return result


def _rows() -> tuple[int, int, int, int]:
    with session_factory()() as session:
        return (session.scalar(select(func.count()).select_from(Task)) or 0,
                session.scalar(select(func.count()).select_from(Task).where(Task.sent_at.isnot(None))) or 0,
                session.scalar(select(func.count()).select_from(TaskUnit)) or 0,
                session.scalar(select(func.count()).select_from(TaskEvent)) or 0)


def test_hundreds_of_proposals_sync_in_a_bounded_number_of_statements(instance: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    current = {"doc-many": _view("rà soát quy hoạch")}
    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")
    monkeypatch.setattr("services.briefing.sync.document_view", lambda _s, doc_id: current.get(doc_id))

    with statements() as first:
        created = _sync()
    assert len(created.created) == N
    assert _rows() == (N, N, 2 * N, N)  # sent, a lead and a cooperating unit, one "proposed" event each
    assert sum(first.values()) < 60, first

    with statements() as unchanged:
        again = _sync()
    assert again.created == [] and again.removed == 0 and again.updated == N
    assert unchanged["UPDATE briefing_tasks"] == 0 and unchanged["UPDATE briefing_task_units"] == 0, unchanged
    assert _rows() == (N, N, 2 * N, N)

    # a clerk dismisses one proposal; the next reading words every duty otherwise (every key new)
    with session_factory()() as session:
        rejected = session.scalars(select(Task).where(Task.position == 7)).one()
        service.dismiss(session, CLERK, rejected, "trùng nhiệm vụ đã giao")
        session.commit()
    current["doc-many"] = replace(_view("kiểm tra hồ sơ"), tasks=[
        replace(t, sentence=f"Giao Sở Xây dựng rà soát quy hoạch khu dân cư số {t.position}.")
        for t in _view("kiểm tra hồ sơ").tasks])
    told: list[bool] = []
    with statements() as reread:
        changed = _sync(told)
    assert len(changed.created) == N - 1 and changed.removed == N - 1  # the dismissed duty is not proposed again
    assert told == [True]  # the index hears of it (search.index), as the watch of changed rows would say
    assert sum(reread.values()) < 60, reread
    assert _rows() == (N, N, 2 * N, (N - 1) + 2)  # the dismissed task and its history stay (proposed, dismissed)
    with session_factory()() as session:
        kept = session.get(Task, rejected.id)
        assert kept is not None and kept.state == "dismissed"
        gone = session.scalars(select(Task.id).where(Task.action.like("rà soát%"), Task.id != rejected.id)).all()
        assert gone == []


def _rows_of(document_ids: list[str]) -> list[tuple[Any, ...]]:
    with session_factory()() as session:
        return sorted((t.document_id, t.source_key, t.lead_name, t.action, tuple(sorted(u.unit_key for u in t.units)),
                       tuple(e.kind for e in t.events)) for t in session.scalars(
            select(Task).where(Task.document_id.in_(document_ids))))


@pytest.mark.parametrize("together", [True, False])
def test_a_batch_synced_in_one_go_writes_its_new_rows_once(instance: Any, monkeypatch: pytest.MonkeyPatch,
                                                            together: bool) -> None:
    from services.briefing.sync import sync_documents

    views = {f"doc-{k}": replace(_view(f"kiểm tra công trình {k}"), id=f"doc-{k}", number=f"{k}/TB-UBND",
                                 tasks=_view(f"kiểm tra công trình {k}").tasks[:3]) for k in range(5)}
    monkeypatch.setattr("services.briefing.sync.document_views", lambda _s, ids: {i: views[i] for i in ids})
    results: list[service.SyncResult] = []
    with statements() as seen, session_factory()() as session:
        sync_documents(session, list(views), lambda _d, sync: results.append(sync()), together=together)
        session.commit()
    assert [len(r.created) for r in results] == [3] * 5
    inserts = {k: v for k, v in seen.items() if k.startswith("INSERT")}
    if together:  # one INSERT per table for the batch
        assert inserts == {"INSERT briefing_documents": 1, "INSERT briefing_document_access": 1,
                           "INSERT briefing_tasks": 1, "INSERT briefing_task_units": 1,
                           "INSERT briefing_task_events": 1}, inserts
    else:  # one per document
        assert all(n == 5 for n in inserts.values()) and len(inserts) == 5, inserts
    rows = _rows_of(list(views))
    assert len(rows) == 15
    assert all(units == ("so tai chinh", "so xay dung") and kinds == ("proposed",) for *_, units, kinds in rows)
