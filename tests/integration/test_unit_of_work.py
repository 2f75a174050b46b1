"""The unit of work on SQLite and real PostgreSQL: one commit at the boundary, a savepoint per part that may fail
alone, outbox rows in the same transaction as the change that causes them, tasks only after the commit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _doc_text(n: int) -> str:
    return (f"ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM\nSố: {n}/TB-UBND\nThử nghiệm, ngày 1 tháng 3 năm 2024\n"
            f"THÔNG BÁO\nVề việc thử đơn vị công việc số {n}\nGiao Sở Thử nghiệm chủ trì thực hiện.\n")


@pytest.fixture
def broker_outbox(instance: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Broker mode without sending anything: messages stay in the outbox, where the test reads them."""
    from services.core import outbox
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_BROKER_URL", "redis://127.0.0.1:1/0")  # never contacted: the relay is held
    reset_settings()
    kicks: list[int] = []
    monkeypatch.setattr(outbox, "kick", lambda: kicks.append(1))
    yield kicks
    monkeypatch.delenv("VANBAN_BROKER_URL")
    reset_settings()


def _outbox() -> list[tuple[str, list[Any]]]:
    from sqlalchemy import select

    from services.core.db import session_factory
    from services.core.outbox import OutboxMessage

    with session_factory()() as s:
        return [(m.task, list(m.args)) for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_a_failed_part_leaves_the_others_and_its_messages_go_too(db_backend: str, broker_outbox: list[int]) -> None:
    from sqlalchemy import select

    from services.core.db import savepoint, session_factory, session_scope
    from services.ingest.models import Document
    from services.ingest.service import accept_upload

    ids: dict[str, str] = {}
    with session_scope() as session:
        for name in ("a", "b", "c"):
            try:
                with savepoint(session):
                    outcome = accept_upload(session, f"{name}.txt", _doc_text(ord(name)).encode())
                    assert outcome.document is not None
                    ids[name] = outcome.document.id
                    if name == "b":
                        raise RuntimeError("the disk of file b fails")
            except RuntimeError:
                pass
        # nothing is visible to another session before the boundary commits, and nothing is sent
        with session_factory()() as other:
            assert other.scalars(select(Document.id)).all() == []
        assert _outbox() == [] and broker_outbox == []
    with session_factory()() as other:
        assert set(other.scalars(select(Document.id))) == {ids["a"], ids["c"]}
    # the outbox rows were written with the documents; file b's message went with file b
    assert _outbox() == [("ingest.process", [ids["a"]]), ("ingest.process", [ids["c"]])]
    assert broker_outbox  # relayed only after the commit


def test_an_error_rolls_back_the_change_and_its_messages(db_backend: str, broker_outbox: list[int]) -> None:
    from sqlalchemy import select

    from services.core.db import session_factory, session_scope
    from services.ingest.models import Document
    from services.ingest.service import accept_upload

    with pytest.raises(RuntimeError), session_scope() as session:
        assert accept_upload(session, "x.txt", _doc_text(7).encode()).document is not None
        raise RuntimeError("later in the same request")
    with session_factory()() as other:
        assert other.scalars(select(Document.id)).all() == []
    assert _outbox() == [] and broker_outbox == []


def test_a_refusal_marked_to_keep_is_committed_alone(db_backend: str, instance: Path) -> None:
    """A denied read is audited although the request answers 404; any other error rolls everything back."""
    from sqlalchemy import select

    from services.core.auth.models import AuditEvent
    from services.core.auth.service import audit
    from services.core.db import keep_on_error, session_factory, session_scope
    from services.core.errors import VanbanError

    with pytest.raises(VanbanError), session_scope() as session:
        audit(session, None, "denied", "document", "d1")
        keep_on_error(session)
        raise VanbanError("not_found", "Không có.", http_status=404)
    with pytest.raises(VanbanError), session_scope() as session:
        audit(session, None, "denied", "document", "d2")
        raise VanbanError("not_found", "Không có.", http_status=404)
    with session_factory()() as s:
        assert list(s.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "denied"))) == ["d1"]


def test_extracting_is_visible_while_the_document_is_processed(db_backend: str, instance: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline's two units of work: `extracting` is committed before the work, the result after it."""
    from services.core.db import session_factory, session_scope
    from services.ingest import service
    from services.ingest.models import Document
    from services.ingest.tasks import run_process

    with session_scope() as session:
        doc_id = service.accept_upload(session, "v.txt", _doc_text(9).encode(), process=False).document.id  # type: ignore[union-attr]
    seen: list[str] = []
    finish = service.finish_processing

    def spy(session: Any, document_id: str, follow_up: bool = True, **kw: Any) -> Any:
        with session_factory()() as other:  # another session, while the work runs
            seen.append(other.get(Document, document_id).status)  # type: ignore[union-attr]
        return finish(session, document_id, follow_up, **kw)

    monkeypatch.setattr(service, "finish_processing", spy)
    assert run_process(doc_id, follow_up=False)["status"] == "done"
    assert seen == ["extracting"]


def test_a_message_queued_in_a_failed_part_is_queued_again_by_a_later_part(db_backend: str,
                                                                          broker_outbox: list[int]) -> None:
    # the failed part's outbox row is rolled back with it: the same message asked for later in the unit of work must
    # be written then, not skipped as "already queued" (attack14's note, SECURITY.md 63)
    from services.core.db import savepoint, session_scope
    from services.core.dispatch import enqueue

    with session_scope() as session:
        try:
            with savepoint(session):
                enqueue("ingest.process", "doc-x", session=session)
                raise RuntimeError("this part fails")
        except RuntimeError:
            pass
        with savepoint(session):
            enqueue("ingest.process", "doc-x", session=session)
    assert _outbox() == [("ingest.process", ["doc-x"])]
