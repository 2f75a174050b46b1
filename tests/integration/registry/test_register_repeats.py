"""A document that came twice (the Word file uploaded, its signed PDF by e-mail) is one line of the printed sổ đến
and one letter counted — but only when its earlier line is among those printed or counted: a monthly export, or a
count of a period, whose first line falls outside it prints and counts the second arrival (noted "trùng văn bản số
đến N"), so no số đến disappears (SQLite)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from services.core.auth.policy import Scope
from services.core.db import session_factory
from services.ingest.models import Document
from services.registry.exports import register_counts, register_rows
from services.registry.models import IncomingEntry, Register

ALL = Scope(max_level=3, unit_keys=None)
OFFICE = "van phong ubnd tinh"


def _book(session: object) -> Register:
    reg = Register(kind="incoming", office_key=OFFICE, office_name="Văn phòng UBND tỉnh", year=2026, code="DEN",
                   name="Sổ đăng ký văn bản đến")
    session.add(reg)  # type: ignore[attr-defined]
    word = Document(id="doc-word", sha256="a" * 64, filename="cv-512.docx", size_bytes=10, status="done")
    signed = Document(id="doc-pdf", sha256="b" * 64, filename="cv-512-ky-so.pdf", size_bytes=10, status="done",
                      duplicate_of="doc-word")
    session.add_all([word, signed])  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    for number, day, doc, channel in ((1, date(2026, 1, 30), "doc-word", "upload"),
                                      (2, date(2026, 2, 2), "doc-pdf", "email")):
        session.add(IncomingEntry(register_id=reg.id, number=number, received_on=day,  # type: ignore[attr-defined]
                                  received_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
                                  sender="Sở Xây dựng", doc_number="512/SXD-QLN", doc_date=date(2026, 1, 29),
                                  doc_type="Công văn", subject="V/v cải tạo chung cư cũ", document_id=doc,
                                  channel=channel, created_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC)))
    session.flush()  # type: ignore[attr-defined]
    return reg


def test_the_second_arrival_is_printed_when_its_first_line_is_not(instance: Path) -> None:
    with session_factory()() as session:
        reg = _book(session)
        _, year = register_rows(session, ALL, reg, None, None)
        assert [r[1] for r in year] == ["1"]
        assert "số đến 2" in year[0][8]
        _, february = register_rows(session, ALL, reg, date(2026, 2, 1), date(2026, 2, 28))
        assert [r[1] for r in february] == ["2"]
        assert "Trùng văn bản số đến 1" in february[0][8]


def test_the_second_arrival_counts_when_its_first_line_is_outside_the_period(instance: Path) -> None:
    with session_factory()() as session:
        _book(session)
        assert register_counts(session, ALL, date(2026, 1, 1), date(2026, 2, 28), OFFICE).received == 1
        assert register_counts(session, ALL, date(2026, 2, 1), date(2026, 2, 28), OFFICE).received == 1
        assert register_counts(session, ALL, date(2026, 1, 1), date(2026, 1, 31), OFFICE).received == 1
