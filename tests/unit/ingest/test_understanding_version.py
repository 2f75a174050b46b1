"""Which reading a document has: the version logic of `vanban reprocess` and /readyz, and the rule that keeps a task
people decided from being proposed again when an upgrade reads its sentence otherwise (invented wording)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, select
from sqlalchemy.dialects import sqlite

from services.briefing.sync import _decided_elsewhere, _sentence_key
from services.core.auth.units import unit_key
from services.ingest.reread import Selection, stale_clause
from services.ingest.understanding.version import UNDERSTANDING_VERSION, is_stale


def test_older_and_unrecorded_readings_are_stale_newer_ones_are_not() -> None:
    assert isinstance(UNDERSTANDING_VERSION, int) and UNDERSTANDING_VERSION >= 1
    assert is_stale(None)  # read before versions were recorded
    assert is_stale(UNDERSTANDING_VERSION - 1)
    assert not is_stale(UNDERSTANDING_VERSION)
    assert not is_stale(UNDERSTANDING_VERSION + 1)  # a newer release's reading, then a rollback: not undone
    assert is_stale(3, current=4) and not is_stale(4, current=4)


def _where(clause: object) -> str:
    from services.ingest.models import Document

    stmt = select(Document.id).where(clause)  # type: ignore[arg-type]
    return str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def test_the_selection_is_the_same_rule_in_sql() -> None:
    """The SQL of a selection, run on a table of documents with each kind of reading: exactly the stale ones with a
    reading (done, or queued/extracting again by an interrupted run); all of them with --all; --since cuts by the
    day of ingest."""
    from services.core.db import Base
    from services.ingest.models import Document
    from services.models import import_all_models

    import_all_models()
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[Document.__table__])
    rows = {  # id: (version, status, text, created)
        "old-null": (None, "done", "x", date(2025, 1, 5)), "old-0": (UNDERSTANDING_VERSION - 1, "done", "x",
                                                                      date(2025, 3, 1)),
        "now": (UNDERSTANDING_VERSION, "done", "x", date(2025, 3, 1)),
        "newer": (UNDERSTANDING_VERSION + 1, "done", "x", date(2025, 3, 1)),
        "left-queued": (None, "queued", "x", date(2025, 3, 1)),  # an interrupted run queued it
        "first-read": (None, "queued", None, date(2025, 3, 1)),  # never read yet: its first reading will do
        "failed": (None, "failed", "x", date(2025, 3, 1)), "scan": (None, "needs_ocr", None, date(2025, 3, 1)),
    }
    from datetime import datetime

    with engine.begin() as conn:
        conn.execute(Document.__table__.insert(), [
            {"id": i, "sha256": i, "filename": f"{i}.txt", "size_bytes": 1, "understanding_version": v, "status": s,
             "text": t, "created_at": datetime.combine(c, datetime.min.time()), "level": 0, "audience": "internal",
             "provisional": False, "attempts": 0, "recipients": [], "extra": {}}
            for i, (v, s, t, c) in rows.items()])

    def ids(clause: object) -> set[str]:
        with engine.connect() as conn:
            return set(conn.scalars(select(Document.id).where(clause)))  # type: ignore[arg-type]

    assert ids(Selection().clause()) == {"old-null", "old-0", "left-queued"}
    assert ids(Selection(everything=True).clause()) == {"old-null", "old-0", "now", "newer", "left-queued"}
    assert ids(Selection(since=date(2025, 2, 1)).clause()) == {"old-0", "left-queued"}
    assert ids(stale_clause(current=UNDERSTANDING_VERSION + 2)) >= {"now", "newer"}
    assert "understanding_version IS NULL" in _where(stale_clause())


def test_a_decided_task_is_not_proposed_again_when_the_new_rules_read_its_sentence_otherwise() -> None:
    sentence = "Giao Sở Văn hóa và Thể thao, Sở Du lịch chủ trì tổ chức lễ hội hoa ban, hoàn thành trước ngày 1/3/2026."
    culture, tourism = unit_key("Sở Văn hóa và Thể thao"), unit_key("Sở Du lịch")
    uncut = unit_key("Sở Văn hóa và Thể thao, Sở Du lịch")
    s = _sentence_key(sentence)
    assert _sentence_key("  Giao  SỞ a\n b ") == "giao sở a b"
    # the same lead, its action read further: the decided task stands for it — once
    decided = {s: {culture: 1}}
    assert _decided_elsewhere(decided, {s: {culture}}, sentence, "Sở Văn hóa và Thể thao")
    assert not _decided_elsewhere(decided, {s: {culture}}, sentence, "Sở Văn hóa và Thể thao")  # a second duty of it
    # the lead cut otherwise now (an uncut name read as two units): the decision covers both
    both = {s: {culture, tourism}}
    assert _decided_elsewhere({s: {uncut: 1}}, both, sentence, "Sở Văn hóa và Thể thao")
    assert _decided_elsewhere({s: {uncut: 1}}, both, sentence, "Sở Du lịch")
    # two leads of one sentence, one decided (say rejected), the other's name read otherwise: only its own lead
    assert not _decided_elsewhere({s: {culture: 1}}, both, sentence, "Sở Du lịch")
    # another sentence, or no decision: proposed as read
    assert not _decided_elsewhere({s: {culture: 1}}, {"khác": {culture}}, "Một câu khác.", "Sở Văn hóa và Thể thao")
    assert not _decided_elsewhere({}, both, sentence, "Sở Du lịch")
