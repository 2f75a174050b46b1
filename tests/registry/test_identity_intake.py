"""The same incoming document in another file: the sổ đến gives it one line, the store one document with its tasks.
SQLite and real PostgreSQL; invented letters."""
from __future__ import annotations

from typing import Any

import pytest
from briefing.support import fast_headers
from registry.support import error_code, letter, ok, register

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")


@BOTH
def test_another_file_of_a_registered_letter_gets_no_second_line(client: Any) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    fields = {"sender": "Sở Tài chính", "doc_number": "55/STC-QLG", "doc_date": "2026-12-02"}
    first = ok(register(client, clerk, "cv-55.docx", letter("55/STC-QLG", extra="bàn họp"), **fields), 201)
    wait_idle(60)
    # a scan of the same letter sent again, other bytes, the same number, sender and date: refused before storing
    again = register(client, clerk, "cv-55-scan.docx", letter("55/STC-QLG", extra="bàn  họp"), **fields)
    assert error_code(again, 409) == "already_registered"
    assert f"số đến {first['number']}" in again.json()["error"]["message"]
    # the sender left out: a line is written, and once read the document is recognised as the registered one
    copy = ok(register(client, clerk, "cv-55-email.docx", letter("55/STC-QLG", extra="bàn họp."),
                       doc_number="55/STC-QLG"), 201)
    wait_idle(60)
    seen = ok(client.get(f"/documents/{copy['document_id']}", headers=clerk))
    assert seen["registered_as"]["document_id"] == first["document_id"]
    # another letter of the same sender, day and number series is another document
    other = ok(register(client, clerk, "cv-56.docx", letter("56/STC-QLG", extra="máy chiếu"),
                        **{**fields, "doc_number": "56/STC-QLG"}), 201)
    assert other["number"] == copy["number"] + 1
