"""The sổ văn bản đến over HTTP (SQLite and real PostgreSQL), and gap-free numbers under parallel clients on
PostgreSQL."""
from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from briefing.support import fast_headers
from registry.support import DOCX, error_code, letter, ok, register

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")


@BOTH
def test_registration_numbers_registers_and_access(client: Any) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    data = letter("101/STC-QLG", extra="một")
    first = ok(register(client, clerk, "cv-1.docx", data, sender="Sở Tài chính",
                        doc_number="101/STC-QLG", doc_date="2026-12-02", subject="Về việc mua sắm thiết bị",
                        urgency="urgent", pages=2, copies=1), 201)
    second = ok(register(client, clerk, "cv-2.docx", letter("102/STC-QLG", extra="hai"), sender="Sở Tài chính"), 201)
    secret = ok(register(client, clerk, "cv-3.docx", letter("7/STC-M", extra="ba"), level=1, urgency="flash"), 201)
    assert (first["number"], second["number"]) == (1, 2)
    assert first["register_id"] == second["register_id"] and "văn bản đến" in first["register_name"]
    assert secret["number"] == 1 and secret["register_id"] != first["register_id"] and "mật" in secret["register_name"]
    assert first["urgency"] == "urgent" and first["pages"] == 2 and first["doc_date"] == "2026-12-02"
    assert first["state"] == "registered" and first["channel"] == "upload" and first["registered_by"] == "vanthu"
    # the same file again is the same document: refused, with the number it already has
    r = register(client, clerk, "lai.docx", data)
    assert error_code(r, 409) == "already_registered" and "số đến 1" in r.json()["error"]["message"]
    # a secret line makes its document secret: the same policy hides it
    wait_idle(60)
    low = fast_headers("leader", clearance=0, username="ld0")
    assert client.get(f"/documents/{secret['document_id']}", headers=low).status_code == 404
    listed = ok(client.get("/registry/incoming", headers=low))
    assert [e["number"] for e in listed["items"]] == [1, 2] and listed["total"] == 2
    assert client.get(f"/registry/incoming/{secret['id']}", headers=low).status_code == 404
    assert {r["code"] for r in ok(client.get("/registry/registers", headers=low))} == {"thuong"}
    assert {r["code"] for r in ok(client.get("/registry/registers", headers=clerk))} == {"thuong", "mat"}
    detail = ok(client.get(f"/registry/incoming/{first['id']}", headers=clerk))
    assert detail["document"]["status"] == "done" and detail["document"]["number"] == "101/STC-QLG"
    # roles: unit staff read no register and register nothing; leaders do not register
    staff = fast_headers("unit_staff", "Sở Xây dựng", 0, "xd1")
    assert error_code(client.get("/registry/incoming", headers=staff), 403) == "forbidden"
    r = register(client, fast_headers("leader", clearance=3, username="ld3"), "x.docx", letter("1/X", extra="x"))
    assert error_code(r, 403) == "forbidden"
    # bad input: a clear error, nothing registered
    r = client.post("/registry/incoming", headers=clerk, files={"file": ("a.exe", b"MZ\x90", "application/x-msdos")})
    assert error_code(r, 415) == "unsupported_type"
    assert ok(client.get("/registry/incoming", headers=clerk))["total"] == 3


def _parallel_registrations(url: str, clients: int, each: int) -> list[tuple[str, int]]:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from services.registry.incoming import IncomingData, register_incoming

    engine = create_engine(url, pool_size=clients, max_overflow=0)
    got: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(i: int) -> None:
        try:
            start.wait()
            for j in range(each):
                with Session(engine) as session:
                    level = 1 if (i + j) % 4 == 0 else 0
                    entry, _ = register_incoming(session, f"c{i}", IncomingData(sender=f"client {i}", level=level,
                                                                               subject=f"{i}-{j}"), None, "upload")
                    if j % 5 == 4:  # a clerk gives up half-way: the number goes back, no gap
                        session.rollback()
                        continue
                    session.commit()
                    with lock:
                        got.append((entry.register_id, entry.number))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    engine.dispose()
    assert not errors, errors
    return got


@pytest.mark.postgres
@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_parallel_clients_get_gap_free_numbers_on_postgres(instance: Any, db_backend: str) -> None:
    from services.core.config import get_settings

    clients, each = 8, 15
    got = _parallel_registrations(get_settings().effective_database_url, clients, each)
    by_register: dict[str, list[int]] = {}
    for reg, n in got:
        by_register.setdefault(reg, []).append(n)
    assert len(by_register) == 2  # ordinary and secret
    committed = clients * each - clients * (each // 5)
    assert sum(len(v) for v in by_register.values()) == committed
    for numbers in by_register.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))  # no duplicate, no gap


def test_the_register_follows_the_local_calendar_year() -> None:
    from services.registry.domain import local_date

    assert local_date(datetime(2025, 12, 31, 17, 30, tzinfo=UTC)).year == 2026  # 00:30 on 1 January in Hà Nội
    assert local_date(datetime(2025, 12, 31, 16, 59, tzinfo=UTC)).year == 2025


def test_an_edxml_package_fills_its_register_line(client: Any) -> None:
    from datetime import date

    from services.registry.edxml_writer import EdxmlDocument, EdxmlFile, write_document

    package = write_document(EdxmlDocument(
        organ_name="Bộ Xây dựng", organ_id="BXD", code_number="1234", code_notation="BXD-KTXD", doc_type="Công văn",
        subject="Về việc hướng dẫn thẩm định thiết kế", promulgation_date=date(2026, 11, 28), urgency="very_urgent",
        to=["UBND tỉnh Nghệ An"], attachments=[EdxmlFile("cv.docx", letter("1234/BXD-KTXD", extra="gói tin"), DOCX)]))
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    r = client.post("/registry/incoming", headers=clerk, files={"file": ("goi-tin.edxml", package, "application/xml")})
    line = ok(r, 201)
    assert line["sender"] == "Bộ Xây dựng" and line["doc_number"] == "1234/BXD-KTXD"
    assert line["doc_date"] == "2026-11-28" and line["doc_type"] == "Công văn"
    assert line["subject"] == "Về việc hướng dẫn thẩm định thiết kế" and line["urgency"] == "very_urgent"
    wait_idle(60)
    assert ok(client.get(f"/documents/{line['document_id']}", headers=clerk))["number"] == "1234/BXD-KTXD"


def test_parallel_clients_on_sqlite_are_retried_not_failed(instance: Any) -> None:
    """SQLite has one writer: a registration that loses the race is run again (db.retrying), never half-done."""
    from services.core.db import retrying, session_scope
    from services.registry.incoming import IncomingData, register_incoming

    numbers: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def client(i: int) -> None:
        try:
            barrier.wait()
            for j in range(5):
                with session_scope() as session:  # the boundary commits what `retrying` ran last
                    entry = retrying(session, lambda s=session, j=j: register_incoming(
                        s, f"c{i}", IncomingData(subject=f"{i}-{j}"), None, "upload")[0])
                    number = entry.number
                numbers.append(number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert sorted(numbers) == list(range(1, 31))
