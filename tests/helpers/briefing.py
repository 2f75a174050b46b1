"""HTTP helpers for the briefing end-to-end tests, and the units' ends of a notification: a local webhook receiver,
a local SMTP server (up or down) and the units' contacts."""
from __future__ import annotations

import email
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from services.core.dispatch import wait_idle


def ingest(client: Any, name: str, data: bytes, clerk: dict[str, str], content_type: str = "text/plain") -> str:
    """Upload as a clerk, wait for processing and the briefing sync, return the document id."""
    r = client.post("/documents", files=[("files", (name, data, content_type))], headers=clerk)
    assert r.status_code == 202, r.text
    doc_id = r.json()["items"][0]["document_id"]
    wait_idle(120)
    doc = client.get(f"/documents/{doc_id}", headers=clerk).json()
    assert doc["status"] == "done", doc
    return str(doc_id)


def confirm_all(client: Any, clerk: dict[str, str], document_id: str | None = None) -> list[dict[str, Any]]:
    """The clerk goes through the review queue and confirms the proposals (of one document): they are sent."""
    queue = client.get("/tasks/review", headers=clerk, params={"limit": 200})
    assert queue.status_code == 200, queue.text
    done = []
    for t in queue.json()["items"]:
        if document_id is None or t["document"]["id"] == document_id:
            r = client.post(f"/tasks/{t['id']}/confirm", headers=clerk)
            assert r.status_code == 200, r.text
            assert r.json()["sent_at"] and r.json()["confirmed"], r.text
            done.append(r.json())
    return done


def unit_ids(client: Any, headers: dict[str, str]) -> dict[str, str]:
    r = client.get("/units", headers=headers)
    assert r.status_code == 200, r.text
    return {u["name"]: u["id"] for u in r.json()}


def inbox(client: Any, unit_id: str, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    r = client.get(f"/units/{unit_id}/tasks", headers=headers, params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


def ok(r: Any, status: int = 200) -> dict[str, Any]:
    assert r.status_code == status, r.text
    return dict(r.json())


def error_code(r: Any, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]["message"], body
    return str(body["error"]["code"])


_HASH: list[str] = []


def fast_headers(role: str = "admin", unit: str | None = None, clearance: int = 3,
                 username: str | None = None) -> dict[str, str]:
    """Like the `users` fixture's headers, without hashing a password for every account (one hash, reused):
    these tests are about briefing, the password path is tested with authentication."""
    from services.core.auth import service
    from services.core.auth.models import User
    from services.core.auth.secrets_store import hash_password
    from services.core.db import session_factory

    if not _HASH:
        _HASH.append(hash_password("mat-khau-123"))
    with session_factory()() as session:
        u = service.ensure_unit(session, unit) if unit else None
        user = User(username=username or f"{role}-{len(_HASH)}", password_hash=_HASH[0], role=role,
                    unit_id=u.id if u else None, clearance=clearance)
        _HASH.append(_HASH[0])
        session.add(user)
        session.commit()
        session.refresh(user)
        token, _ = service._access_token(user)
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A local HTTP receiver for the units' webhooks: its base URL, and every JSON body posted (with its path)."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, **json.loads(body.decode("utf-8"))})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


# --- a real local SMTP server (aiosmtpd) for the units' e-mails -------------------------------------------------------


class Mailbox:
    """What the local SMTP server received: each message with its envelope recipients (X-Rcpt)."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        msg["X-Rcpt"] = ",".join(envelope.rcpt_tos)
        self.messages.append(msg)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, addr: str) -> list[tuple[str, str]]:
        return [(str(m["Subject"]), m.get_content()) for m in self.messages if addr in str(m["X-Rcpt"])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mail_server_down(monkeypatch: Any) -> None:
    """The office's mail server is down: VANBAN_SMTP_* points at a port nobody listens on, e-mails wait in the
    outbox."""
    monkeypatch.setenv("VANBAN_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("VANBAN_SMTP_PORT", str(free_port()))


@contextmanager
def mail_server(monkeypatch: Any) -> Iterator[Mailbox]:
    """The office's mail server is up: a local aiosmtpd on a free port, VANBAN_SMTP_HOST/PORT pointing at it, and
    the mailbox of what it received; stopped on leaving."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("VANBAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("VANBAN_SMTP_PORT", str(port))
        yield box
    finally:
        controller.stop()


def set_contacts(client: Any, name: str, email_: str | None, webhook: str | None) -> str:
    """The unit's e-mail address and webhook (the unit made if new); its id."""
    from services.core.auth.service import ensure_unit
    from services.core.db import session_factory

    with session_factory()() as session:
        unit_id = ensure_unit(session, name).id
        session.commit()
    ok(client.put(f"/units/{unit_id}/contacts", json={"email": email_, "webhook_url": webhook}))
    return unit_id


def tasks_waiting_in_the_outbox(client: Any, monkeypatch: Any, clerk: dict[str, str], units: dict[str, str],
                                number: str, day: str, items: list[str]) -> tuple[str, list[dict[str, Any]]]:
    """The mail server is down while the clerk registers a notice (its number, date and task items) and confirms its
    tasks: each unit's new-task e-mail (units: name -> e-mail address) waits in the outbox. The notice's id and its
    tasks."""
    from helpers.notices import notice_text

    mail_server_down(monkeypatch)
    for unit, address in units.items():
        set_contacts(client, unit, address, None)
    doc = ingest(client, f"tb-{number.split('/')[0]}.txt", notice_text(number, day, items).encode(), clerk)
    tasks = confirm_all(client, clerk, doc)
    wait_idle(60)
    return doc, tasks
