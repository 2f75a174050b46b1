"""The clerk sends a công văn from its page (the web form) while one outside recipient cannot be reached: the page must
not say "Đã gửi văn bản đến nơi nhận." as if all went out — it warns how many recipients are still unreached and what
to do (review17 on ui20's wording); once the resend reaches them, it says the plain done message."""
from __future__ import annotations

import html
import re
import socket
from typing import Any

import pytest
from helpers.briefing import fast_headers
from helpers.registry import DOCX, ok, reply_draft
from helpers.web import csrf_of, ui_login

PASSWORD = "mat-khau-gui-123"
FLASH = re.compile(r'<div class="flash (\w+)"[^>]*>(.*?)</div>', re.S)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_send_with_an_unreachable_recipient_warns_and_the_resend_says_done(
        anon_client: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.auth import service
    from services.core.db import session_factory

    with session_factory()() as session:
        service.create_user(session, "vanthu-gui", PASSWORD, "clerk", None, 3)
        session.commit()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-api")
    leader = fast_headers("leader", clearance=3, username="chutich-api")
    out = ok(anon_client.post("/registry/outgoing", headers=clerk,
                              files={"file": ("du-thao.docx", reply_draft("gửi ra ngoài"), DOCX)},
                              data={"doc_type": "Công văn", "subject": "Về việc báo cáo kết quả thẩm định",
                                    "external_recipients": ["Bộ Xây dựng", "Bộ Tài chính"]}), 201)
    for action, who in (("submit", clerk), ("sign", leader), ("number", clerk), ("issue", clerk)):
        ok(anon_client.post(f"/registry/outgoing/{out['id']}/{action}", headers=who, json=None))

    # the exchange endpoint does not answer: nothing listens on that port
    monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_URL", f"http://127.0.0.1:{_free_port()}/edxml")
    anon_client.follow_redirects = True
    ui_login(anon_client, "vanthu-gui", PASSWORD)
    page = anon_client.get(f"/ui/registry/outgoing/{out['id']}")
    assert page.status_code == 200, page.text[:300]
    sent = anon_client.post(f"/ui/registry/outgoing/{out['id']}/send", data={"csrf": csrf_of(page.text)})
    kind, message = FLASH.search(sent.text).groups()  # type: ignore[union-attr]
    message = html.unescape(message)
    assert kind == "warn" and "2 nơi nhận chưa gửi được" in message and "Gửi lại" in message, (kind, message)
    assert "Đã gửi văn bản đến nơi nhận." not in message

    # the endpoint is back (the files' outbox): the resend reaches both and says so plainly
    monkeypatch.delenv("VANBAN_REGISTRY_OUTBOX_URL")
    monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_DIR", str(tmp_path / "outbox"))
    again = anon_client.post(f"/ui/registry/outgoing/{out['id']}/send", data={"csrf": csrf_of(sent.text)})
    kind, message = FLASH.search(again.text).groups()  # type: ignore[union-attr]
    assert kind == "ok" and html.unescape(message) == "Đã gửi văn bản đến nơi nhận.", (kind, message)
    deliveries = ok(anon_client.get(f"/registry/outgoing/{out['id']}", headers=clerk))["deliveries"]
    assert {d["recipient"]: d["status"] for d in deliveries} == {"Bộ Xây dựng": "sent", "Bộ Tài chính": "sent"}
