"""The mailbox poller fetches no message larger than it may hold (SECURITY.md 99); a message whose size the server
did not say is left unread too — but counted and told apart from one too large: nothing says it is large, and the
registry clerk is told to open the mailbox for a different reason (invented server answers)."""
from __future__ import annotations

from typing import Any

from services.registry import intake
from services.registry.settings import RegistrySettings


class _Server:
    """An IMAP server with three unread messages: one small, one too large, one whose size it does not give."""

    sizes = {b"1": b"1 (UID 1 RFC822.SIZE 2048)", b"2": b"2 (UID 2 RFC822.SIZE 999999999)", b"3": b"3 (UID 3)"}
    fetched: list[str] = []

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        pass

    def login(self, *_args: Any) -> tuple[str, list[bytes]]:
        return "OK", [b""]

    def select(self, *_args: Any) -> tuple[str, list[bytes]]:
        return "OK", [b"3"]

    def uid(self, command: str, *args: Any) -> tuple[str, list[Any]]:
        if command == "SEARCH":
            return "OK", [b"1 2 3"]
        if command == "FETCH" and args[1] == "(RFC822.SIZE)":
            return "OK", [self.sizes[args[0].encode()]]
        if command == "FETCH":
            self.fetched.append(args[0])
            return "OK", [None]  # nothing to register: what matters is what was fetched
        return "OK", [b""]

    def logout(self) -> None:
        pass


def test_a_message_of_unknown_size_is_left_unread_and_counted_apart(monkeypatch: Any) -> None:
    monkeypatch.setattr(intake.imaplib, "IMAP4", _Server)
    monkeypatch.setattr(intake, "largest_message", lambda: 10 * 1024 * 1024)
    counts = intake.poll_mailbox(RegistrySettings(imap_host="mail.example", imap_ssl=False))
    assert _Server.fetched == ["1"]
    assert (counts["too_large"], counts["size_unknown"]) == (1, 1)


def test_the_registry_page_says_which_messages_were_left_and_why() -> None:
    from services.web.pages_registry import _intake_said

    folder = {"registered": 0, "failed": 0}
    mail = {"registered": 0, "already_registered": 0, "failed": 0, "too_large": 1, "size_unknown": 2}
    said = _intake_said(folder, mail)
    assert "1 thư quá lớn nên không được đọc" in said
    assert ("2 thư chưa được đọc vì máy chủ thư không cho biết dung lượng (để lại chưa đọc trong hộp thư): mở hộp thư "
            "để xem và tải tệp lên nếu cần.") in said
