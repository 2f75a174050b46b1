"""`briefing.sync_document` on SQLite and PostgreSQL: idempotent; extraction proposes, people decide; the document's
access follows; briefing reads documents only through `document_view`."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from services.briefing import service
from services.briefing.models import Task, TaskEvent
from services.core.auth.policy import Principal, Scope
from services.core.db import session_factory
from services.ingest.service import DocumentView, TaskView

pytestmark = pytest.mark.usefixtures("db_backend")

CLERK = Principal(user_id=None, username="vanthu", role="clerk", clearance=3)
ALL = Scope(max_level=3, unit_keys=None)


def task_view(pos: int, lead: str, action: str, deadline: date | None, support: list[str] | None = None,
              recurrence: str | None = None) -> TaskView:
    return TaskView(pos, lead, support or [], action, deadline, None, recurrence, f"Giao {lead} {action}.")


A = task_view(0, "Sở Y tế", "kiểm tra an toàn thực phẩm", date(2008, 11, 20), ["Sở Tài chính"])
B = task_view(1, "Sở Giao thông vận tải", "sửa chữa Quốc lộ 1A", date(2008, 12, 30))
C = task_view(2, "Sở Công Thương", "kiểm tra thị trường", date(2008, 12, 15))
VIEW = DocumentView(id="doc-1", filename="tb.txt", status="done", number="12/TB-UBND", doc_type="Thông báo",
                    issuer="UBND tỉnh Nghệ An", issued_date=date(2008, 11, 5), subject="Kết luận", text="…",
                    recipients=[], confidentiality=None, level=0, audience="internal",
                    access_units=["so y te", "so tai chinh", "so giao thong van tai"], assigned_units=[],
                    addressed_units=[], updated_at=None, tasks=[A, B], cites=[])


@pytest.fixture
def views(instance: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, DocumentView | None]:
    current: dict[str, DocumentView | None] = {"doc-1": VIEW}
    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")  # these tests are about sync, not the review
    monkeypatch.setattr("services.briefing.sync.document_view", lambda _s, doc_id: current.get(doc_id))
    return current


def sync(doc_id: str = "doc-1") -> service.SyncResult:
    with session_factory()() as session:
        result = service.sync_document(session, doc_id)
        session.commit()
    return result


def tasks(scope: Scope = ALL) -> dict[str, Task]:
    with session_factory()() as session:
        _, rows = service.list_tasks(session, scope, service.TaskFilter(), date(2008, 11, 10), 0, 100)
        return {t.lead_name: t for t in rows}


def act(fn: Any, task_id: str, *args: Any) -> None:
    with session_factory()() as session:
        fn(session, CLERK, service.get_task(session, ALL, task_id), *args)
        session.commit()


def test_idempotent(views: dict[str, DocumentView | None]) -> None:
    first = sync()
    assert len(first.created) == 2
    before = tasks()
    assert set(before) == {"Sở Y tế", "Sở Giao thông vận tải"}
    assert before["Sở Y tế"].support_names == ["Sở Tài chính"]
    again = sync()
    assert again.created == [] and again.removed == 0
    assert {n: t.id for n, t in tasks().items()} == {n: t.id for n, t in before.items()}
    with session_factory()() as session:
        assert session.query(TaskEvent).count() == 2  # one "proposed" each, not more


def test_unconfirmed_proposals_follow_extraction(views: dict[str, DocumentView | None]) -> None:
    sync()
    old = tasks()
    views["doc-1"] = replace(VIEW, tasks=[replace(A, deadline=date(2008, 11, 25)), C])
    result = sync()
    now = tasks()
    assert set(now) == {"Sở Y tế", "Sở Công Thương"} and result.removed == 1 and len(result.created) == 1
    assert now["Sở Y tế"].id == old["Sở Y tế"].id and now["Sở Y tế"].deadline == date(2008, 11, 25)


def test_people_decisions_survive(views: dict[str, DocumentView | None]) -> None:
    sync()
    old = tasks()
    act(service.edit, old["Sở Y tế"].id, {"deadline": date(2008, 11, 28)})
    act(service.confirm, old["Sở Giao thông vận tải"].id)
    # extraction now proposes A with another deadline and has lost B
    views["doc-1"] = replace(VIEW, tasks=[replace(A, deadline=date(2008, 11, 21))])
    sync()
    now = tasks()
    assert set(now) == {"Sở Y tế", "Sở Giao thông vận tải"}
    assert now["Sở Y tế"].deadline == date(2008, 11, 28)  # the clerk's deadline, not extraction's
    # a dismissed proposal does not come back
    # (a task already sent: dismissing it ends it, which takes a reason for its unit — fix18)
    act(service.dismiss, now["Sở Giao thông vận tải"].id, "Trùng nhiệm vụ đã giao.")
    views["doc-1"] = VIEW
    sync()
    assert set(tasks()) == {"Sở Y tế"}


def test_unit_activity_pins_a_proposal(views: dict[str, DocumentView | None]) -> None:
    sync()
    yte = tasks()["Sở Y tế"]
    unit = Principal(user_id=None, username="cv", role="unit_staff", clearance=0,
                     unit_id=yte.lead_unit_id, unit_key="so y te")
    with session_factory()() as session:
        service.acknowledge(session, unit, service.get_task(session, ALL, yte.id))
        session.commit()
    views["doc-1"] = replace(VIEW, tasks=[B])
    sync()
    assert "Sở Y tế" in tasks()  # acknowledged by its unit: kept


def test_access_follows_the_document(views: dict[str, DocumentView | None]) -> None:
    sync()
    yte_scope = Scope(max_level=0, unit_keys=frozenset({"so y te"}))
    assert set(tasks(yte_scope)) == {"Sở Y tế", "Sở Giao thông vận tải"}
    views["doc-1"] = replace(VIEW, level=1)
    sync()
    assert tasks(yte_scope) == {}
    assert set(tasks(Scope(max_level=1, unit_keys=frozenset({"so y te"})))) == {"Sở Y tế", "Sở Giao thông vận tải"}
    views["doc-1"] = replace(VIEW, audience="units", access_units=["so cong thuong"])
    sync()
    assert tasks(yte_scope) == {}
    assert set(tasks(Scope(max_level=0, unit_keys=frozenset({"so cong thuong"})))) == {"Sở Y tế",
                                                                                       "Sở Giao thông vận tải"}
    views["doc-1"] = replace(VIEW, audience="public", access_units=[])
    sync()
    assert len(tasks(Scope(max_level=0, unit_keys=frozenset()))) == 2
    assert len(tasks(Scope(max_level=0, unit_keys=frozenset(), public_only=True))) == 2
    views["doc-1"] = replace(VIEW, audience="internal", access_units=[])
    sync()
    assert tasks(Scope(max_level=0, unit_keys=frozenset(), public_only=True)) == {}
    # a unit the task names sees that task (not the others) even when the document lists no unit
    assert set(tasks(Scope(max_level=3, unit_keys=frozenset({"so y te"})))) == {"Sở Y tế"}
    assert tasks(Scope(max_level=3, unit_keys=frozenset({"so cong thuong"}))) == {}


def test_document_being_reprocessed_or_gone(views: dict[str, DocumentView | None]) -> None:
    sync()
    ids = {t.id for t in tasks().values()}
    views["doc-1"] = replace(VIEW, status="extracting", tasks=[], level=2)
    sync()
    assert {t.id for t in tasks().values()} == ids  # tasks kept while extraction runs …
    assert tasks(Scope(max_level=1, unit_keys=None)) == {}  # … but the new access applies at once
    act(service.confirm, next(iter(ids)))
    views["doc-1"] = None
    result = sync()
    assert result.present is False and result.removed == 1
    assert tasks() == {}  # the document is gone: its tasks leave every list
    with session_factory()() as session:
        assert session.query(Task).count() == 1  # the confirmed one is kept, with its history


def test_recurring_duty_first_occurrence(views: dict[str, DocumentView | None]) -> None:
    monthly = task_view(0, "Sở Giáo dục và Đào tạo", "báo cáo tình hình thi đua", None, recurrence="ngày 25 hằng tháng")
    views["doc-1"] = replace(VIEW, tasks=[monthly])
    sync()
    assert tasks()["Sở Giáo dục và Đào tạo"].deadline == date(2008, 11, 25)


def test_missing_document_is_a_no_op(views: dict[str, DocumentView | None]) -> None:
    assert sync("khong-co").present is False
    assert tasks() == {}


def test_proposals_wait_for_the_clerk_and_names_stay_proposals(views: dict[str, DocumentView | None],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.auth.models import Unit

    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "confirmation")
    sync()
    yte_scope = Scope(max_level=0, unit_keys=frozenset({"so y te"}))
    assert tasks(yte_scope) == {}  # not sent: no inbox sees a proposal
    assert set(tasks()) == {"Sở Y tế", "Sở Giao thông vận tải"}  # the clerk does
    with session_factory()() as session:
        assert session.query(Unit).count() == 0  # extraction's names are proposals, not directory entries
        full = service.unit_proposals(session, CLERK, ALL)
        assert {p.name for p in full} == {"Sở Y tế", "Sở Tài chính", "Sở Giao thông vận tải"}
        for cap in (0, 1, 5):  # counted up to the cap, the same names in the same order
            assert [(p.key, p.name, p.tasks, p.more) for p in service.unit_proposals(session, CLERK, ALL, cap)] == \
                [(p.key, p.name, min(p.tasks, cap), p.tasks > cap) for p in full]
    act(service.confirm, tasks()["Sở Y tế"].id)
    assert set(tasks(yte_scope)) == {"Sở Y tế"}
    with session_factory()() as session:
        names = {u.name for u in session.query(Unit)}
        assert names == {"Sở Y tế", "Sở Tài chính"}  # confirming the task accepted its units
        assert {p.name for p in service.unit_proposals(session, CLERK, ALL)} == {"Sở Giao thông vận tải"}
        service.accept_unit(session, CLERK, "Sở Giao thông vận tải")
        session.commit()
    with session_factory()() as session:
        gt = next(t for t in session.query(Task) if t.lead_name == "Sở Giao thông vận tải")
        assert gt.lead_unit_id is not None and gt.sent_at is None  # in the directory, still awaiting review
