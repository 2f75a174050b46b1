"""The leader recalls (thu hồi) a công văn from its page while one outside recipient cannot be told: the page must not
flash "Đã thu hồi văn bản." as if every recipient knew — it warns how many outside recipients were not told and what
the office can do (there is no "Gửi lại" for a recall notice: tell them another way, or ask the technical staff), and
the recipient's row says the same, not "kiểm tra nơi gửi edXML" alone (fix22, on 7cbcbd4's send warning)."""
from __future__ import annotations

import html
import re
import socket
from typing import Any

import pytest
from helpers.briefing import fast_headers
from helpers.registry import DOCX, ok, reply_draft
from helpers.web import csrf_of, ui_login

PASSWORD = "mat-khau-thuhoi-123"
FLASH = re.compile(r'<div class="flash (\w+)"[^>]*>(.*?)</div>', re.S)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_recall_whose_notice_reached_no_outside_recipient_warns(
        anon_client: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.auth import service
    from services.core.db import session_factory

    with session_factory()() as session:
        service.create_user(session, "lanhdao-thuhoi", PASSWORD, "leader", None, 3)
        session.commit()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-api-th")
    leader = fast_headers("leader", clearance=3, username="chutich-api-th")
    out = ok(anon_client.post("/registry/outgoing", headers=clerk,
                              files={"file": ("du-thao.docx", reply_draft("thu hồi"), DOCX)},
                              data={"doc_type": "Công văn", "subject": "Về việc báo cáo kết quả thẩm định",
                                    "external_recipients": ["Bộ Xây dựng", "Bộ Tài chính"]}), 201)
    monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_DIR", str(tmp_path / "outbox"))
    for action, who in (("submit", clerk), ("sign", leader), ("number", clerk), ("issue", clerk), ("send", clerk)):
        ok(anon_client.post(f"/registry/outgoing/{out['id']}/{action}", headers=who, json=None))

    # the exchange endpoint does not answer when the recall notices go out: nothing listens on that port
    monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_URL", f"http://127.0.0.1:{_free_port()}/edxml")
    anon_client.follow_redirects = True
    ui_login(anon_client, "lanhdao-thuhoi", PASSWORD)
    page = anon_client.get(f"/ui/registry/outgoing/{out['id']}")
    assert page.status_code == 200, page.text[:300]
    recalled = anon_client.post(f"/ui/registry/outgoing/{out['id']}/recall",
                                data={"csrf": csrf_of(page.text), "reason": "Sai số liệu tại mục 2."})
    kind, message = FLASH.search(recalled.text).groups()  # type: ignore[union-attr]
    message = html.unescape(message)
    assert kind == "warn" and "chưa báo được cho 2 nơi nhận" in message, (kind, message)
    assert "bằng cách khác" in message and "bộ phận kỹ thuật" in message and "Gửi lại" not in message, message
    assert "Đã thu hồi văn bản." not in message
    body = ok(anon_client.get(f"/registry/outgoing/{out['id']}", headers=clerk))
    assert body["state"] == "recalled"
    for d in body["deliveries"]:
        assert d["recall_notified_at"] is None and "bằng cách khác" in d["error"], d
        assert "Gửi lại" not in d["error"].split("Chi tiết kỹ thuật")[0], d
