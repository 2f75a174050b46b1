"""The office day through HTTP, on real PostgreSQL and a real IMAP server: an e-mail with two attachments arrives,
both are registered with consecutive số đến, the leader routes one to Sở Xây dựng (a task in its inbox), the clerk
drafts a reply, the leader signs, it gets the next outgoing number, is sent as edXML and to an internal unit, then
recalled."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.briefing import fast_headers, inbox, unit_ids
from helpers.registry import (
    DOCX,
    imap_connect,
    imap_settings,
    letter,
    mail_with_attachments,
    ok,
    reply_draft,
    seen_flags,
)

from services.core.dispatch import wait_idle


@pytest.fixture
def day(client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    cfg = imap_settings()
    name = f"vanban-day-{uuid.uuid4().hex[:8]}"
    conn = imap_connect(cfg)
    assert conn.create(name)[0] == "OK"
    for var, value in (("HOST", cfg["host"]), ("PORT", cfg["port"]), ("USER", cfg["user"]),
                       ("PASSWORD", cfg["password"]), ("MAILBOX", name)):
        monkeypatch.setenv(f"VANBAN_IMAP_{var}", value)
    monkeypatch.setenv("VANBAN_IMAP_SSL", "0")
    monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_DIR", str(tmp_path / "outbox"))
    yield {"conn": conn, "mailbox": name, "outbox": tmp_path / "outbox",
           "clerk": fast_headers("clerk", clearance=3, username="vanthu"),
           "leader": fast_headers("leader", clearance=3, username="chutich"),
           "xd": fast_headers("unit_head", "Sở Xây dựng", 0, "truongxd")}
    conn.select("INBOX")
    conn.delete(name)
    conn.logout()


@pytest.mark.postgres
@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_the_office_day(client: Any, day: dict[str, Any], db_backend: str) -> None:
    from services.ingest.parsers.edxml import parse_edxml

    clerk, leader, xd = day["clerk"], day["leader"], day["xd"]
    mail = mail_with_attachments("Sở Tài chính <vanthu@stc.example>", "Hồ sơ thẩm định dự án trụ sở",
                                 [("cv-88.docx", letter("88/STC-ĐT", extra="ngày làm việc một"), DOCX),
                                  ("phu-luc.docx", letter("89/STC-ĐT", extra="ngày làm việc hai"), DOCX)])
    assert day["conn"].append(day["mailbox"], "", None, mail)[0] == "OK"

    # the worker's poll, run now through HTTP by the clerk
    assert ok(client.post("/registry/intake/run", headers=clerk))["mailbox"]["registered"] == 2
    assert seen_flags(day["conn"], day["mailbox"]) == [True]
    lines = ok(client.get("/registry/incoming", headers=clerk))["items"]
    assert [e["number"] for e in lines] == [1, 2]
    assert {e["sender"] for e in lines} == {"Sở Tài chính <vanthu@stc.example>"}
    # the mail's subject is in each line's note; each letter's trích yếu is what was read of it (test_play_323)
    assert {e["subject"] for e in lines} == {None} and all("Hồ sơ thẩm định dự án trụ sở" in e["note"] for e in lines)
    wait_idle(120)

    # the leader routes the first to Sở Xây dựng
    routing = ok(client.post(f"/registry/incoming/{lines[0]['id']}/routing", headers=leader, json={
        "instruction": "Giao Sở Xây dựng chủ trì thẩm định, báo cáo UBND tỉnh trước ngày 25/12/2026.",
        "due_date": "2026-12-25", "lead": ["Sở Xây dựng"]}), 201)
    task_id = routing["units"][0]["task_id"]
    units = unit_ids(client, clerk)
    tasks = inbox(client, units["Sở Xây dựng"], xd)["items"]
    assert [t["origin"] for t in tasks if t["id"] == task_id] == ["instruction"]

    # the clerk drafts the reply, the leader signs, it gets the next number of the outgoing register
    out = ok(client.post("/registry/outgoing", headers=clerk, files={"file": ("tra-loi.docx", reply_draft("ngày"),
                                                                              DOCX)},
                         data={"doc_type": "Công văn", "subject": "Về việc thẩm định dự án trụ sở",
                               "drafting_unit_code": "KT", "in_reply_to": lines[0]["id"],
                               "internal_recipients": ["Sở Xây dựng"], "external_recipients": ["Bộ Tài chính"]}), 201)
    before = {r["id"]: r["last_number"] for r in ok(client.get("/registry/registers?kind=outgoing", headers=clerk))}
    ok(client.post(f"/registry/outgoing/{out['id']}/submit", headers=clerk))
    ok(client.post(f"/registry/outgoing/{out['id']}/sign", headers=leader, json={"signer_title": "PHÓ CHỦ TỊCH"}))
    numbered = ok(client.post(f"/registry/outgoing/{out['id']}/number", headers=clerk))
    assert numbered["number"] == before.get(numbered["register_id"], 0) + 1
    assert numbered["full_number"] == f"{numbered['number']:02d}/UBND-KT"
    ok(client.post(f"/registry/outgoing/{out['id']}/issue", headers=clerk))
    sent = ok(client.post(f"/registry/outgoing/{out['id']}/send", headers=clerk))
    status = {d["recipient"]: d for d in sent["deliveries"]}
    assert status["Bộ Tài chính"]["status"] == "sent" and status["Sở Xây dựng"]["status"] == "delivered"
    assert parse_edxml(Path(status["Bộ Tài chính"]["target"]).read_bytes()).number == numbered["full_number"]
    xd_register = ok(client.get("/registry/incoming", headers=xd))["items"]
    assert [e["doc_number"] for e in xd_register] == [numbered["full_number"]]

    # then recalled
    recalled = ok(client.post(f"/registry/outgoing/{out['id']}/recall", headers=leader,
                              json={"reason": "Ban hành nhầm phụ lục"}))
    assert recalled["state"] == "recalled"
    assert {d["status"] for d in recalled["deliveries"]} == {"recalled"}
    assert ok(client.get("/registry/incoming", headers=xd))["items"][0]["state"] == "recalled"
    assert ok(client.get("/registry/outgoing?state=recalled", headers=clerk))["total"] == 1
