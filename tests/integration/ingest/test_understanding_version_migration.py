"""Migration 0011_ops19_understanding_version on SQLite and real PostgreSQL: a database at 0010 holding documents
upgrades with their reading unrecorded (NULL: older, `vanban reprocess --stale` re-reads them), the column and its
index match the model, and it downgrades back to 0010 and up again."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

REVISION = "0011_ops19_understanding_version"


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of this test alone (PostgreSQL: created beside the configured one, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.db'}"
        return
    base = request.getfixturevalue("postgres_url")
    name = f"vanban_m_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        from services.core.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_keeps_documents_with_their_reading_unrecorded_and_downgrades(empty_database: str) -> None:
    from alembic import command

    from services.core.migrate import alembic_config

    url = empty_database
    command.upgrade(alembic_config(url), "0010")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:  # a document read before versions were recorded
            conn.execute(text(
                "INSERT INTO documents (id, sha256, filename, size_bytes, source, status, level, audience, provisional, "
                "recipients, extra, created_at, updated_at, attempts) VALUES ('d1', 'ab', 'tb.txt', 3, 'cli', 'done', 0, "
                "'internal', false, '[]', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
        command.upgrade(alembic_config(url), REVISION)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == REVISION
            assert conn.execute(text("SELECT id, understanding_version FROM documents")).all() == [("d1", None)]
        columns = {c["name"]: c for c in inspect(engine).get_columns("documents")}
        assert columns["understanding_version"]["nullable"]
        assert "ix_documents_understanding_version" in {i["name"] for i in inspect(engine).get_indexes("documents")}
        with engine.begin() as conn:
            conn.execute(text("UPDATE documents SET understanding_version = 1"))
        command.downgrade(alembic_config(url), "0010")
        engine.dispose()
        assert "understanding_version" not in {c["name"] for c in inspect(engine).get_columns("documents")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT id FROM documents")).scalars().all() == ["d1"]  # nothing else lost
        command.upgrade(alembic_config(url), "head")
        engine.dispose()
        assert "understanding_version" in {c["name"] for c in inspect(engine).get_columns("documents")}
    finally:
        engine.dispose()


def test_the_column_matches_the_model(instance: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from services.core.db import Base, get_engine
    from services.models import import_all_models

    import_all_models()
    with get_engine().connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "understanding_version" in repr(d)] == []


def test_0012_marks_the_documents_the_registry_recalled(empty_database: str) -> None:
    """0012_fix15_recalled_documents: a document recalled (thu hồi) before the recall was marked on the document gets
    the mark from the registry's outgoing line (briefing then proposes no task of it on a later reading, SECURITY.md
    90); a document whose line is only issued stays unmarked, and the rest of `extra` is kept."""
    import json

    from alembic import command

    from services.core.migrate import alembic_config

    url = empty_database
    command.upgrade(alembic_config(url), REVISION)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for doc, extra in (("d1", '{"ocr": {"pages": 2}}'), ("d2", "{}")):
                conn.execute(text(
                    "INSERT INTO documents (id, sha256, filename, size_bytes, source, status, level, audience, "
                    "provisional, recipients, extra, created_at, updated_at, attempts) VALUES "
                    f"('{doc}', '{doc}', 'tb.txt', 3, 'cli', 'done', 0, 'internal', false, '[]', '{extra}', "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
            for out, doc, state in (("o1", "d1", "recalled"), ("o2", "d2", "issued")):
                conn.execute(text(
                    "INSERT INTO registry_outgoing (id, state, doc_type, subject, urgency, level, recipients, "
                    "file_sha256, filename, document_id, recalled_at, created_at, updated_at) VALUES "
                    f"('{out}', '{state}', 'Thông báo', 's', 'normal', 0, '[]', 'ab', 'tb.txt', '{doc}', "
                    f"{'CURRENT_TIMESTAMP' if state == 'recalled' else 'NULL'}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        command.upgrade(alembic_config(url), "0012_fix15_recalled_documents")
        with engine.connect() as conn:
            rows = {i: (e if isinstance(e, dict) else json.loads(e))
                    for i, e in conn.execute(text("SELECT id, extra FROM documents"))}
        assert rows["d1"]["ocr"] == {"pages": 2} and rows["d1"]["recalled"]["at"], rows
        assert rows["d2"] == {}, rows
        command.downgrade(alembic_config(url), REVISION)
        command.upgrade(alembic_config(url), "head")  # again: nothing twice, nothing lost
    finally:
        engine.dispose()
