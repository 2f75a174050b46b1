"""The SQL side agrees with the pure domain, and the migration matches the models (SQLite and PostgreSQL)."""
from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.briefing import domain, service
from services.briefing.models import Task, TrackedDocument
from services.core.auth.policy import Scope
from services.core.db import session_factory

pytestmark = pytest.mark.usefixtures("db_backend")

ALL = Scope(max_level=3, unit_keys=None)
BASE = date(2008, 11, 20)


def test_status_filters_in_sql_agree_with_the_domain(instance: Any) -> None:
    deadlines = [None, BASE - timedelta(days=10), BASE, BASE + timedelta(days=3), BASE + timedelta(days=30)]
    completions = [None, BASE - timedelta(days=12), BASE - timedelta(days=1), BASE, BASE + timedelta(days=2)]
    expected: dict[str, tuple[date | None, date | None]] = {}
    with session_factory()() as session:
        session.add(TrackedDocument(document_id="d", number="1/TB", issued_date=date(2008, 10, 1)))
        session.flush()
        for i, (dl, done, reported) in enumerate(itertools.product(deadlines, completions, (False, True))):
            state = "completed" if done and not reported else ("completion_reported" if done else "in_progress")
            t = Task(id=f"t{i:03d}", document_id="d", lead_name="Sở Y tế", action=f"việc {i}", deadline=dl,
                     assigned_on=date(2008, 10, 1), state=state, sent_at=datetime(2008, 10, 1, tzinfo=UTC),
                     completed_on=done if state == "completed" else None,
                     completion_reported_on=done if state == "completion_reported" else None)
            session.add(t)
            expected[t.id] = (dl, done if state == "completed" else None)
        session.commit()
    for as_of in (BASE - timedelta(days=11), BASE, BASE + timedelta(days=1), BASE + timedelta(days=60)):
        for status in [*[c.value for c in domain.Category], "due_soon", "completed"]:
            with session_factory()() as session:
                total, rows = service.list_tasks(session, ALL, service.TaskFilter(status=status), as_of, 0, 500)
            got = {t.id for t in rows}
            if status == "due_soon":
                want = {i for i, (dl, c) in expected.items() if domain.is_due_soon(dl, c, as_of, 5)}
            elif status == "completed":
                want = {i for i, (dl, c) in expected.items()
                        if domain.category(dl, c, as_of) in (domain.Category.completed_on_time,
                                                             domain.Category.completed_late)}
            else:
                want = {i for i, (dl, c) in expected.items() if domain.category(dl, c, as_of).value == status}
            assert got == want, (status, as_of)
            assert total == len(want)


def test_pagination(instance: Any) -> None:
    with session_factory()() as session:
        session.add(TrackedDocument(document_id="d", number="1/TB", issued_date=date(2008, 10, 1)))
        session.flush()
        for i in range(7):
            session.add(Task(id=f"p{i}", document_id="d", lead_name="x", action=str(i), assigned_on=BASE,
                             deadline=BASE + timedelta(days=i), state="open"))
        session.commit()
        total, first = service.list_tasks(session, ALL, service.TaskFilter(), BASE, 0, 3)
        _, rest = service.list_tasks(session, ALL, service.TaskFilter(), BASE, 3, 10)
    assert total == 7 and [t.id for t in first + rest] == [f"p{i}" for i in range(7)]


def test_migration_matches_the_models(instance: Any) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from services.core.db import Base, get_engine
    from services.models import import_all_models

    import_all_models()
    with get_engine().connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() is not None
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "briefing_" in repr(d)] == []


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=False)
def test_migration_downgrades_and_upgrades_again(tmp_path: Any, migrated_sqlite: Any, db_backend: str) -> None:
    import shutil

    from alembic import command
    from sqlalchemy import create_engine, inspect

    from services.core.migrate import alembic_config

    path = tmp_path / "round-trip.db"
    shutil.copy(migrated_sqlite, path)
    url = f"sqlite:///{path}"
    command.downgrade(alembic_config(url), "0002")
    engine = create_engine(url)
    assert not [t for t in inspect(engine).get_table_names() if t.startswith("briefing_")]
    engine.dispose()
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)
    assert {"briefing_tasks", "briefing_meetings", "briefing_notifications"} <= set(inspect(engine).get_table_names())
    engine.dispose()
