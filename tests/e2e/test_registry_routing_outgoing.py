"""Routing (bút phê) into the units' inboxes, and the outgoing workflow: numbers, ký hiệu, edXML, internal delivery,
recall — over HTTP on SQLite and real PostgreSQL; outgoing numbers under parallel clients on PostgreSQL."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.briefing import fast_headers, inbox, unit_ids, webhook_receiver
from helpers.registry import DOCX, error_code, letter, ok, register, reply_draft

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")


@pytest.fixture
def office(client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_DIR", str(tmp_path / "outbox"))
    return {"clerk": fast_headers("clerk", clearance=3, username="vanthu"),
            "leader": fast_headers("leader", clearance=3, username="chutich"),
            "xd": fast_headers("unit_head", "Sở Xây dựng", 0, "truongxd"),
            "tc": fast_headers("unit_staff", "Sở Tài chính", 0, "cvtc"),
            "nv": fast_headers("unit_staff", "Sở Nội vụ", 0, "cvnv"),
            "outbox": tmp_path / "outbox"}


@pytest.fixture
def hooks() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A local HTTP receiver for the units' webhooks (briefing's notifications)."""
    with webhook_receiver() as receiver:
        yield receiver


def draft(client: Any, headers: dict[str, str], data: bytes, **fields: Any) -> dict[str, Any]:
    form: dict[str, Any] = {"doc_type": "Công văn", "subject": "Về việc thẩm định hồ sơ mua sắm thiết bị", **fields}
    return ok(client.post("/registry/outgoing", headers=headers, files={"file": ("du-thao.docx", data, DOCX)},
                          data=form), 201)


def search_hit(client: Any, headers: dict[str, str], document_id: str) -> dict[str, Any]:
    hits = ok(client.get("/search", params={"q": "01/UBND-KT"}, headers=headers))["hits"]
    return next(h for h in hits if h["document_id"] == document_id)


def act(client: Any, headers: dict[str, str], out_id: str, action: str, body: Any = None, status: int = 200) -> Any:
    r = client.post(f"/registry/outgoing/{out_id}/{action}", headers=headers, json=body)
    return ok(r, status) if status < 400 else error_code(r, status)


@BOTH
def test_routing_puts_a_task_in_the_lead_units_inbox(client: Any, office: dict[str, Any]) -> None:
    entry = ok(register(client, office["clerk"], "cv.docx", letter("55/STC-QLG", extra="định tuyến"),
                        sender="Sở Tài chính", subject="Về việc mua sắm thiết bị"), 201)
    wait_idle(60)
    body = {"instruction": "Giao Sở Xây dựng chủ trì, Sở Tài chính phối hợp thẩm định, báo cáo trước 20/12.",
            "due_date": "2026-12-20", "lead": ["Sở Xây dựng"], "support": ["Sở Tài chính"], "info": ["Sở Nội vụ"]}
    # only a leader gives the instruction
    assert error_code(client.post(f"/registry/incoming/{entry['id']}/routing", headers=office["clerk"], json=body),
                      403) == "forbidden"
    routing = ok(client.post(f"/registry/incoming/{entry['id']}/routing", headers=office["leader"], json=body), 201)
    roles = {u["unit_name"]: (u["role"], u["task_id"]) for u in routing["units"]}
    assert roles["Sở Xây dựng"][0] == "lead" and roles["Sở Xây dựng"][1]
    assert roles["Sở Tài chính"] == ("support", None) and roles["Sở Nội vụ"] == ("info", None)
    units = unit_ids(client, office["clerk"])
    tasks = inbox(client, units["Sở Xây dựng"], office["xd"])["items"]
    mine = [t for t in tasks if t["id"] == roles["Sở Xây dựng"][1]]
    assert mine and mine[0]["origin"] == "instruction" and mine[0]["deadline"] == "2026-12-20"
    assert mine[0]["action"] == body["instruction"] and mine[0]["support"] == ["Sở Tài chính"]
    assert mine[0]["document"]["id"] == entry["document_id"]
    assert any(t["id"] == mine[0]["id"] for t in inbox(client, units["Sở Tài chính"], office["tc"])["items"])
    # the unit for information sees the document, not a task
    assert client.get(f"/documents/{entry['document_id']}", headers=office["nv"]).status_code == 200
    assert all(t["id"] != mine[0]["id"] for t in inbox(client, units["Sở Nội vụ"], office["nv"])["items"])
    line = ok(client.get(f"/registry/incoming/{entry['id']}", headers=office["clerk"]))
    assert line["state"] == "routed" and line["routings"][0]["by_username"] == "chutich"
    assert ok(client.post(f"/registry/incoming/{entry['id']}/handled", headers=office["clerk"]))["state"] == "handled"


@BOTH
def test_outgoing_from_draft_to_recall(client: Any, office: dict[str, Any],
                                       hooks: tuple[str, list[dict[str, Any]]]) -> None:
    from services.ingest.parsers.edxml import parse_edxml

    clerk, leader = office["clerk"], office["leader"]
    ok(client.get("/units", headers=clerk))
    out = draft(client, clerk, reply_draft("thứ nhất"), drafting_unit_code="KT",
                internal_recipients=["Sở Xây dựng"], external_recipients=["Bộ Tài chính"], urgency="urgent")
    assert out["state"] == "draft" and out["full_number"] is None
    assert act(client, clerk, out["id"], "number", status=409) == "invalid_transition"  # not signed yet
    assert act(client, clerk, out["id"], "submit")["state"] == "submitted"
    assert act(client, clerk, out["id"], "sign", {"signer_title": "PHÓ CHỦ TỊCH"}, status=403) == "forbidden"
    signed = act(client, leader, out["id"], "sign", {"signer_name": "Lê Văn Bình", "signer_title": "PHÓ CHỦ TỊCH"})
    assert signed["state"] == "signed" and signed["signer_name"] == "Lê Văn Bình"
    numbered = act(client, clerk, out["id"], "number")
    assert numbered["full_number"] == "01/UBND-KT" and numbered["state"] == "numbered"
    assert act(client, clerk, out["id"], "cancel", status=409) == "invalid_transition"  # a number is never freed
    # a thông báo gets the next number of the same register, with its own ký hiệu; a cancelled draft takes none
    tb = draft(client, clerk, reply_draft("thứ hai"), doc_type="Thông báo", subject="Kết luận cuộc họp")
    dropped = draft(client, clerk, reply_draft("thứ ba"))
    assert act(client, clerk, dropped["id"], "cancel")["state"] == "cancelled"
    act(client, clerk, tb["id"], "submit")
    act(client, leader, tb["id"], "sign")
    assert act(client, clerk, tb["id"], "number")["full_number"] == "02/TB-UBND"

    issued = act(client, clerk, out["id"], "issue")
    assert issued["state"] == "issued" and issued["document_id"]
    sent = act(client, clerk, out["id"], "send")
    assert sent["state"] == "sent"
    status = {d["recipient"]: d for d in sent["deliveries"]}
    assert status["Sở Xây dựng"]["status"] == "delivered" and status["Sở Xây dựng"]["internal"] is True
    assert status["Bộ Tài chính"]["status"] == "sent"
    package = Path(status["Bộ Tài chính"]["target"])
    assert package.parent == office["outbox"]
    msg = parse_edxml(package.read_bytes())
    assert msg.number == "01/UBND-KT" and msg.doc_type == "Công văn" and set(msg.recipients) == {"Sở Xây dựng", "Bộ Tài chính"}
    assert msg.signer_name == "Lê Văn Bình" and msg.attachments[0].name == "du-thao.docx"
    assert msg.attachments[0].data[:2] == b"PK"
    # the history: who did what
    actions = [(e["action"], e["username"]) for e in sent["events"]]
    assert actions == [("draft", "vanthu"), ("submit", "vanthu"), ("sign", "chutich"), ("number", "vanthu"),
                       ("issue", "vanthu"), ("send", "vanthu")]
    wait_idle(120)
    doc = ok(client.get(f"/documents/{issued['document_id']}", headers=clerk))
    assert doc["status"] == "done" and doc["number"] == "01/UBND-KT"
    assert search_hit(client, clerk, issued["document_id"])["recalled"] is False
    # the internal unit: a line in its own sổ đến, and it sees the document and the task it is given
    xd_lines = ok(client.get("/registry/incoming", headers=office["xd"]))
    assert xd_lines["total"] == 1 and xd_lines["items"][0]["doc_number"] == "01/UBND-KT"
    assert xd_lines["items"][0]["channel"] == "internal"
    assert client.get(f"/documents/{issued['document_id']}", headers=office["xd"]).status_code == 200
    units = unit_ids(client, clerk)
    # the task the document gives is a proposal until the clerk confirms it (briefing); then it is in the inbox
    [proposal] = ok(client.get("/tasks", params={"document_id": issued["document_id"]}, headers=clerk))["items"]
    assert proposal["lead"] == "Sở Xây dựng"
    ok(client.post(f"/tasks/{proposal['id']}/confirm", headers=clerk))
    assert any(t["document"]["id"] == issued["document_id"]
               for t in inbox(client, units["Sở Xây dựng"], office["xd"])["items"])

    base, received = hooks
    ok(client.put(f"/units/{units['Sở Xây dựng']}/contacts", json={"email": None, "webhook_url": f"{base}/sxd"}))

    # recall: recipients told, tasks marked recalled (their units told), register lines marked
    assert act(client, leader, out["id"], "recall", {"reason": " "}, status=422) == "reason_required"
    recalled = act(client, leader, out["id"], "recall", {"reason": "Sai thời hạn báo cáo"})
    assert recalled["state"] == "recalled" and recalled["recall_reason"] == "Sai thời hạn báo cáo"
    assert {d["status"] for d in recalled["deliveries"]} == {"recalled"}
    notices = sorted(p.name for p in office["outbox"].iterdir() if p.name.startswith("thu-hoi-"))
    assert len(notices) == 1 and b"Sai th" in (office["outbox"] / notices[0]).read_bytes()
    assert ok(client.get("/registry/incoming", headers=office["xd"]))["items"][0]["state"] == "recalled"
    assert not any(t["document"]["id"] == issued["document_id"]
                   for t in inbox(client, units["Sở Xây dựng"], office["xd"])["items"])
    task = ok(client.get(f"/tasks/{proposal['id']}", headers=clerk))
    assert task["state"] == "recalled" and task["status"] == "recalled"  # no longer followed, never overdue
    assert task["history"][-1]["kind"] == "recalled" and "Sai thời hạn báo cáo" in task["history"][-1]["text"]
    assert task["history"][-1]["username"] == "chutich"
    assert act(client, clerk, out["id"], "send", status=409) == "invalid_transition"
    wait_idle(60)
    told = [r for r in received if r["event"] == "recalled"]
    assert [(r["path"], r["task_id"]) for r in told] == [("/sxd", proposal["id"])]
    assert "Sai thời hạn báo cáo" in told[0]["note"] and told[0]["document_number"] == "01/UBND-KT"
    assert search_hit(client, clerk, issued["document_id"])["recalled"] is True  # search shows it recalled

    # replacement (thay thế): issuing the new one recalls the one it replaces
    act(client, clerk, tb["id"], "issue")
    new = draft(client, clerk, reply_draft("thay thế"), doc_type="Thông báo", subject="Kết luận cuộc họp (thay thế)",
                replaces_id=tb["id"])
    for action, who in (("submit", clerk), ("sign", leader), ("number", clerk)):
        act(client, who, new["id"], action)
    assert act(client, clerk, new["id"], "issue")["full_number"] == "03/TB-UBND"
    old = ok(client.get(f"/registry/outgoing/{tb['id']}", headers=clerk))
    assert old["state"] == "recalled" and "03/TB-UBND" in old["recall_reason"]


def _number_in_parallel(url: str, ids: list[str], clients: int) -> list[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from services.core.auth.policy import LOCAL_ADMIN, scope_for
    from services.registry import outgoing

    engine = create_engine(url, pool_size=clients, max_overflow=0)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def worker(chunk: list[str]) -> None:
        try:
            barrier.wait()
            for out_id in chunk:
                with Session(engine) as session:
                    out = outgoing.get_outgoing(session, scope_for(LOCAL_ADMIN), out_id)
                    outgoing.number(session, LOCAL_ADMIN, out)
                    session.commit()
                    with lock:
                        numbers.append(str(out.full_number))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(ids[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    engine.dispose()
    assert not errors, errors
    return numbers


@pytest.mark.postgres
@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_parallel_numbering_never_gives_a_number_twice(instance: Any, db_backend: str) -> None:
    from services.core.auth.policy import LOCAL_ADMIN, scope_for
    from services.core.config import get_settings
    from services.core.db import session_factory
    from services.registry import outgoing

    content = reply_draft("song song")
    ids = []
    with session_factory()() as session:
        for i in range(40):
            out = outgoing.create_draft(session, LOCAL_ADMIN, scope_for(LOCAL_ADMIN), outgoing.DraftData(
                doc_type="Thông báo" if i % 2 else "Công văn", subject=f"Văn bản {i}"), "a.docx", content, DOCX)
            for action in ("submit", "sign"):
                out.state = outgoing.domain.next_state(out.state, action).value
            ids.append(out.id)
        session.commit()
    numbers = _number_in_parallel(get_settings().effective_database_url, ids, 6)
    assert len(numbers) == 40 and len(set(numbers)) == 40
    assert sorted(int(n.split("/")[0]) for n in numbers) == list(range(1, 41))


def test_packages_posted_to_an_endpoint_with_status_per_recipient(client: Any, office: dict[str, Any],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The edXML exchange endpoint (a real HTTP server on loopback) refuses one recipient's package first: that
    delivery is `failed` with the reason, the others `sent`; sending again delivers only what failed."""
    import http.server

    from services.ingest.parsers.edxml import parse_edxml

    received: list[tuple[str, bytes]] = []
    refused: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            name = self.headers["X-Edxml-Name"]
            if name.endswith("-bo-noi-vu.edxml") and not refused:  # the first package for Bộ Nội vụ
                refused.append(name)
                self.send_response(503)
                self.end_headers()
                return
            received.append((self.headers["X-Edxml-Name"], body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_URL", f"http://127.0.0.1:{server.server_address[1]}/edxml")
        clerk, leader = office["clerk"], office["leader"]
        out = draft(client, clerk, reply_draft("gửi trục"), doc_type="Thông báo", subject="Lịch tiếp công dân",
                    external_recipients=["Bộ Tư pháp", "Bộ Nội vụ"])
        for action, who in (("submit", clerk), ("sign", leader), ("number", clerk), ("issue", clerk)):
            act(client, who, out["id"], action)
        first = {d["recipient"]: d for d in act(client, clerk, out["id"], "send")["deliveries"]}
        assert first["Bộ Tư pháp"]["status"] == "sent" and first["Bộ Nội vụ"]["status"] == "failed"
        assert "503" in first["Bộ Nội vụ"]["error"]
        again = {d["recipient"]: d for d in act(client, clerk, out["id"], "send")["deliveries"]}
        assert again["Bộ Nội vụ"]["status"] == "sent" and again["Bộ Nội vụ"]["attempts"] == 2
        assert again["Bộ Tư pháp"]["attempts"] == 1  # not sent twice
        posted = [body for _, body in received]
        assert len(posted) == 2 and len(refused) == 1 and {parse_edxml(b).number for b in posted} == {"01/TB-UBND"}
    finally:
        server.shutdown()
