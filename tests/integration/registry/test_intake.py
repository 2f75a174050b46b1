"""Intake channels through the same pipeline: an IMAP mailbox on a real dovecot (attachments registered with sender
and subject, the message flagged \\Seen only after the commit), and a watched folder."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.registry import (
    DOCX,
    imap_folder,
    imap_settings,
    letter,
    mail_with_attachments,
    seen_flags,
)


@pytest.fixture
def mailbox(instance: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A fresh folder of the test account, set as the intake mailbox of this instance."""
    with imap_folder(monkeypatch) as (conn, name):
        yield {"conn": conn, "name": name, **imap_settings()}


def _entries() -> list[Any]:
    from sqlalchemy import select

    from services.core.db import session_factory
    from services.registry.models import IncomingEntry

    with session_factory()() as session:
        return list(session.scalars(select(IncomingEntry).order_by(IncomingEntry.number)))


def test_mail_attachments_are_registered_and_the_message_marked_read_after(mailbox: dict[str, Any],
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import reset_settings
    from services.core.db import dispose_engines
    from services.registry.intake import poll_mailbox

    conn, name = mailbox["conn"], mailbox["name"]
    two = mail_with_attachments("Sở Tài chính <vanthu@stc.example>", "Gửi hồ sơ mua sắm thiết bị",
                                [("cv-101.docx", letter("101/STC", extra="thư một"), DOCX),
                                 ("bang-ke.docx", letter("102/STC", extra="thư hai"), DOCX),
                                 ("virus.exe", b"MZ\x90\x00", "application/octet-stream")])
    old = mail_with_attachments("Sở Nội vụ <nv@snv.example>", "Đã đọc", [("cu.docx", letter("9/SNV", extra="cũ"), DOCX)])
    assert conn.append(name, "", None, two)[0] == "OK"
    assert conn.append(name, "(\\Seen)", None, old)[0] == "OK"

    # the database is away: nothing registered, the message stays unread for the next poll
    import os

    good_url = os.environ.get("VANBAN_DATABASE_URL")
    monkeypatch.setenv("VANBAN_DATABASE_URL", "postgresql+psycopg://x:y@127.0.0.1:9/none?connect_timeout=2")
    reset_settings()
    dispose_engines()
    assert poll_mailbox() == {"messages": 1, "registered": 0, "already_registered": 0, "skipped": 0, "failed": 1,
                             "too_large": 0, "size_unknown": 0}
    assert seen_flags(conn, name) == [False, True]
    if good_url:
        monkeypatch.setenv("VANBAN_DATABASE_URL", good_url)
    else:
        monkeypatch.delenv("VANBAN_DATABASE_URL")
    reset_settings()
    dispose_engines()

    from services.core.dispatch import run_task

    # the worker's periodic task (the same Celery task the beat schedule sends)
    assert run_task("registry.poll_intake")["mailbox"] == {"messages": 1, "registered": 2, "already_registered": 0,
                                                           "skipped": 1, "failed": 0, "too_large": 0,
                                                           "size_unknown": 0}
    assert seen_flags(conn, name) == [True, True]
    entries = _entries()
    assert [e.number for e in entries] == [1, 2]  # consecutive số đến
    assert {e.sender for e in entries} == {"Sở Tài chính <vanthu@stc.example>"}
    assert {e.channel for e in entries} == {"email"}
    # the mail's subject is the note's, not each file's trích yếu (what was read of the file is shown: test_play_323)
    assert {e.subject for e in entries} == {None} and all("Gửi hồ sơ mua sắm thiết bị" in e.note for e in entries)
    # polling again registers nothing new
    assert poll_mailbox()["messages"] == 0 and len(_entries()) == 2


def test_watched_folder(instance: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.dispatch import wait_idle
    from services.registry.intake import poll_folder

    watch = tmp_path / "nhan"
    watch.mkdir()
    monkeypatch.setenv("VANBAN_REGISTRY_WATCH_DIR", str(watch))
    (watch / "cv-5.docx").write_bytes(letter("5/SXD", extra="thư mục"))
    (watch / "hong.pdf").write_bytes(b"%PDF-1.4 cut")
    (watch / "anh.exe").write_bytes(b"MZ")
    (watch / ".dang-chep.docx").write_bytes(b"partial")
    past = time.time() - 10
    for p in watch.iterdir():
        import os

        os.utime(p, (past, past))
    counts = poll_folder()
    assert counts == {"registered": 2, "failed": 1}  # a broken PDF is registered (kept, state failed); .exe refused
    assert sorted(p.name for p in (watch / "da-vao-so").iterdir()) == ["0001-cv-5.docx", "0002-hong.pdf"]
    assert "unsupported_type" in (watch / "loi" / "anh.exe.loi.txt").read_text(encoding="utf-8")
    assert (watch / ".dang-chep.docx").exists()
    wait_idle(60)
    entries = _entries()
    assert [e.channel for e in entries] == ["folder", "folder"]
    # the same file dropped again is the same document: its line is not written twice
    (watch / "lai.docx").write_bytes((watch / "da-vao-so" / "0001-cv-5.docx").read_bytes())
    os.utime(watch / "lai.docx", (past, past))
    assert poll_folder() == {"registered": 1, "failed": 0}
    assert len(_entries()) == 2
