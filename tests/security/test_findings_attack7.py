"""Findings of the seventh attack (the moments between states): one test each, against the real application. Each
failed before its fix. Invented notices."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.core.dispatch import wait_idle


def _search(client: Any, headers: dict[str, str], q: str, **params: Any) -> dict[str, Any]:
    r = client.get("/search", params={"q": q, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


@pytest.mark.parametrize("engine_name", ["tantivy", "es"])
def test_a_reindex_never_puts_back_an_access_read_before_a_tightening(
        engine_name: str, client: Any, users: Any, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    """`vanban reindex` reads the documents from the database batch by batch and writes what it read: into the live
    index (embedded) or into a new index behind which the alias moves at the end (Elasticsearch). A clerk raising a
    public notice to Mật while the reindex runs is indexed at once (`search.index`) — and then written over by the
    batch read before her change (embedded), or written into the old index the alias leaves (Elasticsearch). The
    index kept the notice at Thường and public for good: a day later (when finding 7 stops distrusting the
    tightening) every Thường user's totals, facets and ranking statistics counted it again."""
    from helpers.briefing import fast_headers, ok
    from sqlalchemy import update

    from services.core.config import get_settings
    from services.core.db import session_factory
    from services.ingest.models import Document
    from services.search import service

    if engine_name == "es":
        monkeypatch.setenv("VANBAN_ELASTICSEARCH_URL", request.getfixturevalue("elasticsearch_url"))
        get_settings.cache_clear()
    clerk = fast_headers("clerk", clearance=3, username="vanthu7")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt7")
    notice = ("UỶ BAN NHÂN DÂN TỈNH\nSố: {n}/TB-UBND\nNghệ An, ngày 0{d} tháng 3 năm 2011\n\nTHÔNG BÁO\n"
              "Về kiểm kê kho vật tư kinhreindex34 đợt {d}\n")
    docs = []
    for n, d in ((341, 1), (342, 2)):
        r = client.post("/documents", headers=clerk,
                        files=[("files", (f"tb{n}.txt", notice.format(n=n, d=d).encode(), "text/plain"))])
        assert r.status_code == 202, r.text
        docs.append(r.json()["items"][0]["document_id"])
    wait_idle(60)
    engine = service.get_engine()
    try:
        for doc in docs:
            ok(client.patch(f"/documents/{doc}/access", headers=clerk, json={"audience": "public"}))
        wait_idle(60)
        assert _search(client, staff, "kinhreindex34")["total"] == 2
        secret = docs[0]

        real = service._done_views

        def raised_meanwhile(after: str | None, batch_size: int) -> Any:
            """The reindex's batches; the clerk raises the notice once the first batch is read, before it is
            written (her change is indexed at once, as the task worker does)."""
            for i, batch in enumerate(real(after, batch_size)):
                if i == 0:
                    ok(client.patch(f"/documents/{secret}/access", headers=clerk, json={"level": 1}))
                    wait_idle(60)
                yield batch

        monkeypatch.setattr(service, "_done_views", raised_meanwhile)
        service.reindex_all(batch_size=200, resume=False)
        engine.refresh()
        body = _search(client, staff, "kinhreindex34")
        assert body["total"] == 1 and [h["document_id"] for h in body["hits"]] == [docs[1]], body
        # a day later: finding 7 no longer distrusts the tightening; the index must hold it by itself
        with session_factory()() as session:
            session.execute(update(Document).where(Document.id == secret)
                            .values(access_changed_at=datetime.now(UTC) - timedelta(days=2)))
            session.commit()
        for offset in (0, 1):  # whichever page the notice is not on: it is not counted there either
            body = _search(client, staff, "kinhreindex34", limit=1, offset=offset)
            assert body["total"] == 1, body
            assert sum(body["facets"]["year"].values()) == 1, body["facets"]
    finally:
        if engine_name == "es":
            engine.delete_all()  # type: ignore[attr-defined]


def test_issuing_a_replacement_never_recalls_a_document_the_clerk_may_no_longer_see(client: Any) -> None:
    """Thay thế: a draft names the outgoing document it replaces (checked against the drafter's scope), and issuing
    it recalls that document. Between the draft and the issue the old document's stamp was raised to Mật (a
    leader's decision, its line in the sổ đi follows it — finding 12); a clerk of clearance Thường, who sees the
    new draft but no longer the old document, issued the replacement: the Mật document was recalled by someone who
    may not see it (its recipients' lines marked "Thu hồi" by her), only the tasks she could see were recalled, and
    the draft's answer kept naming the hidden document's id. The issue is refused with a clear message, and the
    draft does not show the id of a document the viewer may not see."""
    from helpers.briefing import error_code, fast_headers, ok
    from helpers.registry import DOCX, reply_draft

    clerk3 = fast_headers("clerk", clearance=3, username="vanthu-mat")
    clerk0 = fast_headers("clerk", clearance=0, username="vanthu-thuong")
    leader = fast_headers("leader", clearance=3, username="lanhdao-mat")
    head = fast_headers("unit_head", "Sở Xây dựng", 3, "truong-xd")

    def draft(replaces: str | None = None) -> str:
        data = {"doc_type": "Công văn", "subject": "Về việc thẩm định dự án kinhthaythe35", "drafting_unit_code": "KT",
                "internal_recipients": ["Sở Xây dựng"], "level": "0"}
        if replaces:
            data["replaces_id"] = replaces
        return str(ok(client.post("/registry/outgoing", headers=clerk3, data=data,
                                  files={"file": ("du-thao.docx", reply_draft(), DOCX)}), 201)["id"])

    def step(out: str, action: str, who: dict[str, str]) -> Any:
        return client.post(f"/registry/outgoing/{out}/{action}", headers=who,
                           json={"signer_title": "PHÓ CHỦ TỊCH"} if action == "sign" else None)

    old = draft()
    for action, who in (("submit", clerk3), ("sign", leader), ("number", clerk3), ("issue", clerk3),
                        ("send", clerk3)):
        ok(step(old, action, who))
    wait_idle(60)
    new = draft(replaces=old)
    old_doc = ok(client.get(f"/registry/outgoing/{old}", headers=clerk3))["document_id"]
    ok(client.patch(f"/documents/{old_doc}/access", headers=leader, json={"level": 1}))  # its stamp says Mật
    wait_idle(60)
    assert client.get(f"/registry/outgoing/{old}", headers=clerk0).status_code == 404
    seen = ok(client.get(f"/registry/outgoing/{new}", headers=clerk0))
    assert old not in str(seen), seen  # the draft names no id of a document she may not see
    assert ok(client.get(f"/registry/outgoing/{new}", headers=clerk3))["replaces_id"] == old
    for action, who in (("submit", clerk0), ("sign", leader), ("number", clerk0)):
        ok(step(new, action, who))
    assert error_code(step(new, "issue", clerk0), 403) == "replaced_not_visible"
    assert ok(client.get(f"/registry/outgoing/{old}", headers=clerk3))["state"] == "sent"
    assert ok(client.get(f"/registry/outgoing/{new}", headers=clerk3))["state"] == "numbered"
    lines = ok(client.get("/registry/incoming", headers=head))["items"]
    assert [line["state"] for line in lines] != [] and all(line["state"] != "recalled" for line in lines), lines
    # a clerk who may see both issues it: the old one is recalled as before
    ok(step(new, "issue", clerk3))
    assert ok(client.get(f"/registry/outgoing/{old}", headers=clerk3))["state"] == "recalled"


def test_the_audit_log_shows_an_administrator_nothing_above_her_clearance(client: Any) -> None:
    """The audit log (`GET /audit`, admin) showed every event to every administrator, whatever her clearance: the file
    name of a Tối mật upload, the title of a Tối mật giao ban meeting, the số and register of a secret sổ đến line —
    each hidden from her everywhere else (an administrator of clearance Thường is one of the users the leak suite
    checks) — and also of a document raised to Mật after it was uploaded. Events about an object above her
    clearance are now left out of her log (and of its total), as of the object's level now."""
    from helpers.briefing import fast_headers, ok
    from helpers.registry import letter, register

    clerk = fast_headers("clerk", clearance=3, username="vanthu-audit")
    leader = fast_headers("leader", clearance=3, username="lanhdao-audit")
    admin0 = fast_headers("admin", clearance=0, username="quantri-thuong")
    admin3 = fast_headers("admin", clearance=3, username="quantri-mat")

    def upload(name: str, level: int | None) -> str:
        r = client.post("/documents", headers=clerk, data={} if level is None else {"level": str(level)},
                        files=[("files", (name, f"Thông báo về {name}".encode(), "text/plain"))])
        assert r.status_code == 202, r.text
        return str(r.json()["items"][0]["document_id"])

    secret = upload("ke-hoach-kinhaudit36-toi-mat.txt", 2)
    later = upload("phuong-an-kinhaudit36-sau-nang-mat.txt", None)
    plain = upload("lich-kinhaudit36-thuong.txt", None)
    wait_idle(60)
    ok(client.patch(f"/documents/{later}/access", headers=leader, json={"level": 1}))
    ok(client.post("/meetings", headers=leader, json={"title": "Giao ban kinhaudit36 tối mật", "level": 2,
                                                      "meeting_date": "2026-12-10"}), 201)
    ok(client.post("/meetings", headers=leader, json={"title": "Giao ban kinhaudit36 thường", "level": 0,
                                                      "meeting_date": "2026-12-11"}), 201)
    line = ok(register(client, clerk, "cv-mat.docx", letter("77/STC-KH", extra="kinhaudit36"), level=1,
                       sender="SỞ TÀI CHÍNH", doc_number="77/STC-KH"), 201)
    wait_idle(60)

    def log(headers: dict[str, str]) -> dict[str, Any]:
        return ok(client.get("/audit", headers=headers, params={"limit": 500}))

    everything = log(admin3)
    assert "toi-mat.txt" in str(everything) and "tối mật" in str(everything)  # the auditor of full clearance
    shown = log(admin0)
    text = str(shown["items"])
    assert "lich-kinhaudit36-thuong.txt" in text and "Giao ban kinhaudit36 thường" in text
    for hidden in ("toi-mat.txt", "sau-nang-mat.txt", "tối mật", secret, later, line["id"]):
        assert hidden not in text, hidden
    assert shown["total"] == len(shown["items"]) < everything["total"]
    assert plain in text


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_copy_recognised_while_its_registered_document_is_raised_takes_the_new_level(
        client: Any, db_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another file of a registered document is recognised while processing (finding 11) and raised to the registered
    document's level, read just before the copy is written. A leader raising the registered notice to Tối mật
    commits before processing does (PostgreSQL: his transaction locks the notice, processing had locked only the
    copy): his change makes the notice's copies follow (`follow_access`), but this one was not a copy yet, and
    processing then committed the level it had read, Thường. The copy — the same text — stayed readable at
    Thường by the units it names."""
    import threading

    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text
    from sqlalchemy import text as sql

    import services.ingest.identity as identity
    from services.core.db import session_factory

    clerk = fast_headers("clerk", clearance=3, username="vanthu-ban-sao")
    leader = fast_headers("leader", clearance=3, username="lanhdao-ban-sao")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt-ban-sao")
    notice = notice_text("37/TB-UBND", "14/03/2011", [
        "Giao Sở Y tế chủ trì kiểm tra kho vắc xin kinhbansao37, hoàn thành trước ngày 15/4/2011."])
    registered = ingest(client, "tb-37.txt", notice.encode(), clerk)
    assert client.get(f"/documents/{registered}", headers=staff).status_code == 200

    marked, go_on = threading.Event(), threading.Event()
    real_mark = identity._mark

    def mark_then_wait(*args: Any, **kwargs: Any) -> Any:
        handed = real_mark(*args, **kwargs)  # the copy holds the level read for the notice; processing has not committed
        marked.set()
        go_on.wait(60)
        return handed

    monkeypatch.setattr(identity, "_mark", mark_then_wait)
    r = client.post("/documents", headers=clerk,
                    files=[("files", ("tb-37-ban-sao.txt", (notice + "\n(Bản sao)\n").encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    copy = r.json()["items"][0]["document_id"]
    answers: list[Any] = []
    raising = threading.Thread(target=lambda: answers.append(
        client.patch(f"/documents/{registered}/access", headers=leader, json={"level": 2})))
    try:
        assert marked.wait(60)
        raising.start()

        def waits_for_a_lock() -> bool:  # the leader's change waits for processing's commit
            with session_factory()() as session:
                return bool(session.scalar(sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                                               "'Lock' AND datname = current_database()")))

        for _ in range(600):  # until it committed, or waits for processing (at most 30 s)
            raising.join(0.05)
            if not raising.is_alive() or waits_for_a_lock():
                break
    finally:
        go_on.set()
        if raising.ident is not None:
            raising.join(60)
    assert not raising.is_alive()
    ok(answers[0])
    wait_idle(60)
    seen = ok(client.get(f"/documents/{copy}", headers=clerk))
    assert seen["registered_as"]["document_id"] == registered, seen
    assert seen["level"] == 2, seen
    assert client.get(f"/documents/{copy}", headers=staff).status_code == 404


def test_a_change_of_unit_or_role_ends_the_accounts_api_keys(client: Any) -> None:
    """A department's staff member makes an API key for her unit's intranet connector. The administrator moves her to
    another department (or makes her a clerk): her sessions end ("a change of role, clearance or unit bumps the token
    version"), but the key stayed live and took her new rights at each call — the connector left behind in the old
    department read the new department's documents (or every audience, as a clerk). A change of role, clearance or
    unit now ends the account's API keys too; the owner makes new ones for what she does now."""
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text

    clerk = fast_headers("clerk", clearance=3, username="vanthu-khoa")
    admin = fast_headers("admin", clearance=3, username="quantri-khoa")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "nv-khoa2")
    doc = ingest(client, "tb-38.txt", notice_text("38/TB-UBND", "14/03/2011", [
        "Giao Sở Tài chính chủ trì rà soát dự toán kinhkhoa38, hoàn thành trước ngày 15/4/2011."]).encode(), clerk)

    def key_of(headers: dict[str, str]) -> dict[str, str]:
        made = ok(client.post("/auth/api-keys", headers=headers, json={"name": "cong-ket-noi"}), 201)
        return {"X-API-Key": made["key"]}

    key = key_of(fast_headers("unit_staff", "Sở Y tế", 0, "nv-khoa3"))
    assert client.get(f"/documents/{doc}", headers=key).status_code == 404  # addressed to Sở Tài chính only
    ok(client.patch("/users/nv-khoa3", headers=admin, json={"unit": "Sở Tài chính"}))
    assert client.get(f"/documents/{doc}", headers=key).status_code == 401
    assert client.get("/documents", headers=key).status_code == 401
    key2 = key_of(staff)  # a role change too
    ok(client.patch("/users/nv-khoa2", headers=admin, json={"role": "clerk"}))
    assert client.get(f"/documents/{doc}", headers=key2).status_code == 401


# every route taking the id of something that has a level, with a body that passes validation
ID_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/documents/{d}", None), ("GET", "/documents/{d}/original", None),
    ("POST", "/documents/{d}/reprocess", None), ("PATCH", "/documents/{d}/access", {"level": 3}),
    ("POST", "/documents/{d}/supersede", {"replaces": "{d}"}), ("POST", "/documents/{d}/distinct", None),
    ("GET", "/documents/{d}/similar", None), ("GET", "/documents/{d}/citations", None),
    ("GET", "/public/documents/{d}", None), ("GET", "/tasks/{t}", None), ("PATCH", "/tasks/{t}", {"action": "x"}),
    ("POST", "/tasks/{t}/confirm", None), ("POST", "/tasks/{t}/dismiss", None),
    ("POST", "/tasks/{t}/split", {"parts": []}), ("POST", "/tasks/{t}/acknowledge", None),
    ("POST", "/tasks/{t}/progress", {"text": "x"}), ("GET", "/tasks/{t}/attachments/{s}", None),
    ("POST", "/tasks/{t}/extension", {"new_deadline": "2030-01-01", "reason": "x"}),
    ("POST", "/tasks/{t}/extension/approve", None),
    ("POST", "/tasks/{t}/reassign", {"new_deadline": "2030-01-01", "reason": "x"}),
    ("POST", "/tasks/{t}/complete", None), ("POST", "/tasks/{t}/accept", None),
    ("POST", "/tasks/{t}/return", {"note": "x"}), ("POST", "/tasks/{t}/decline", {"reason": "x"}),
    ("POST", "/tasks", {"document_id": "{d}", "action": "x", "lead": "Sở Y tế"}),
    ("POST", "/tasks/merge", {"task_ids": ["{t}", "{t}"]}), ("GET", "/meetings/{m}", None),
    ("GET", "/meetings/{m}/pack", None), ("GET", "/meetings/{m}/pack.docx", None),
    ("PUT", "/meetings/{m}/conclusion", {"document_id": "{d}"}), ("GET", "/registry/incoming/{i}", None),
    ("POST", "/registry/incoming/{i}/routing", {"instruction": "x", "lead": ["Sở Y tế"]}),
    ("POST", "/registry/incoming/{i}/handled", None), ("PATCH", "/registry/incoming/{i}", {"subject": "x"}),
    ("GET", "/registry/incoming/{i}/signatures", None),
    ("GET", "/registry/outgoing/{o}", None), ("POST", "/registry/outgoing/{o}/submit", None),
    ("POST", "/registry/outgoing/{o}/sign", None), ("POST", "/registry/outgoing/{o}/recall", {"reason": "x"}),
    ("GET", "/registry/registers/{r}/export", None),
]


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        for k, v in ids.items():
            value = value.replace("{" + k + "}", v)
        return value
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def test_a_hidden_id_is_answered_as_a_missing_one_on_every_route(client: Any) -> None:
    """Checked and sound (kept as a sweep): a Tối mật notice with a task and a unit's attached file (raised after
    the task was sent), a Tối mật meeting, a secret sổ đến line and register, a Tối mật draft in the sổ đi — for a
    clerk and a leader of clearance Thường and a unit head of the unit the task names, every route taking one of
    their ids answers exactly as for an id that does not exist (status, code and message): no route tells a hidden
    thing from a missing one, whatever it would do to it."""
    import uuid

    from helpers.briefing import confirm_all, fast_headers, ingest, ok
    from helpers.notices import notice_text
    from helpers.registry import DOCX, letter, register, reply_draft

    clerk = fast_headers("clerk", clearance=3, username="vanthu-quet")
    leader = fast_headers("leader", clearance=3, username="lanhdao-quet")
    doc = ingest(client, "tb-39.txt", notice_text("39/TB-UBND", "14/03/2011", [
        "Giao Sở Y tế chủ trì kiểm tra kho kinhquet39, hoàn thành trước ngày 15/4/2011."]).encode(), clerk)
    [task] = confirm_all(client, clerk, doc)
    ok(client.post(f"/tasks/{task['id']}/progress", headers=fast_headers("unit_head", "Sở Y tế", 3, "truong-quet"),
                   json={"text": "Đã kiểm tra", "percent": 10, "attachments": [
                       {"filename": "bao-cao.txt", "content_type": "text/plain", "content_base64": "eGluIGNoYW8="}]}))
    sha = ok(client.get(f"/tasks/{task['id']}", headers=clerk))["history"][-1]["detail"]["attachments"][0]["sha256"]
    ok(client.patch(f"/documents/{doc}/access", headers=leader, json={"level": 2}))
    meeting = ok(client.post("/meetings", headers=leader, json={"title": "Giao ban quét", "level": 2,
                                                               "meeting_date": "2026-12-10"}), 201)["id"]
    line = ok(register(client, clerk, "cv-quet.docx", letter("39/STC", extra="kinhquet39"), level=2,
                       sender="SỞ TÀI CHÍNH", doc_number="39/STC"), 201)
    draft = ok(client.post("/registry/outgoing", headers=clerk, files={"file": ("du-thao.docx", reply_draft(), DOCX)},
                           data={"doc_type": "Công văn", "subject": "Về việc quét", "drafting_unit_code": "KT",
                                 "internal_recipients": ["Sở Y tế"], "level": "2"}), 201)["id"]
    wait_idle(60)
    real = {"d": doc, "t": task["id"], "s": sha, "m": meeting, "i": line["id"], "o": draft, "r": line["register_id"]}
    missing = {k: (sha if k == "s" else str(uuid.uuid4())) for k in real}
    assert client.get(f"/documents/{doc}", headers=clerk).status_code == 200  # the sweep would see a difference
    cases = 0
    for who in (fast_headers("clerk", clearance=0, username="vanthu-quet0"),
                fast_headers("leader", clearance=0, username="lanhdao-quet0"),
                fast_headers("unit_head", "Sở Y tế", 0, "truong-quet0")):
        for method, path, body in ID_ROUTES:
            answers = []
            for ids in (real, missing):
                r = client.request(method, _fill(path, ids), headers=who, json=_fill(body, ids))
                error = r.json().get("error") if "json" in r.headers.get("content-type", "") else None
                answers.append((r.status_code, error))
            assert answers[0] == answers[1], (method, path, answers)
            cases += 1
    assert cases == 3 * len(ID_ROUTES)


def test_a_units_webhook_address_is_shown_to_administrators_only(client: Any) -> None:
    """A unit's webhook address is a credential: whoever holds it posts into the unit's channel (a chat room's incoming
    hook carries its secret in the URL). Only an administrator sets it, but `GET /units` showed it to every clerk,
    leader and unit staff member — anyone could post a forged "Nhiệm vụ mới được giao" into another department's
    channel. It is now answered to administrators only (the e-mail address stays visible)."""
    from helpers.briefing import fast_headers, ok, unit_ids

    admin = fast_headers("admin", clearance=3, username="quantri-hook")
    clerk = fast_headers("clerk", clearance=3, username="vanthu-hook")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "nv-hook")
    unit = unit_ids(client, admin)["Sở Y tế"]
    hook = "https://93.184.216.34/hooks/bi-mat-kinhhook40"
    ok(client.put(f"/units/{unit}/contacts", headers=admin, json={"email": "syt@example.vn", "webhook_url": hook}))
    for who in (clerk, staff):
        listed = client.get("/units", headers=who).json()
        mine = [u for u in listed if u["id"] == unit]
        assert mine and mine[0]["email"] == "syt@example.vn" and mine[0]["webhook_url"] is None, listed
        assert "kinhhook40" not in str(listed)
    assert any(u["webhook_url"] == hook for u in client.get("/units", headers=admin).json())


def test_a_meetings_pack_names_no_meeting_above_the_viewers_clearance(client: Any) -> None:
    """Giao ban meetings follow one another in a series: a new meeting takes the latest earlier one of its series as
    its previous meeting, and its pack runs from that meeting's date to the next one's. Both were looked up among
    every meeting: a leader of clearance Thường scheduling the next giao ban got the id of the Tối mật meeting held
    before it (`previous_id`) and its date (`previous_meeting_date` of the pack; a Tối mật meeting after it gave
    `next_meeting_date`), and naming a meeting id as `previous_id` answered differently for a hidden meeting than for
    a missing one — with its date found by trying dates (`previous_meeting_not_earlier`). The previous and next
    meetings are now those the viewer may see."""
    from helpers.briefing import error_code, fast_headers, ok

    leader3 = fast_headers("leader", clearance=3, username="lanhdao-hop3")
    leader0 = fast_headers("leader", clearance=0, username="lanhdao-hop0")

    def meeting(headers: dict[str, str], title: str, day: str, level: int, **more: Any) -> dict[str, Any]:
        return ok(client.post("/meetings", headers=headers, json={"title": title, "meeting_date": day, "level": level,
                                                                   **more}), 201)

    seen = meeting(leader3, "Giao ban tháng 11", "2026-11-05", 0)
    secret = meeting(leader3, "Giao ban kinhhop41 tối mật", "2026-11-20", 2)
    mine = meeting(leader0, "Giao ban tháng 12", "2026-12-03", 0)
    meeting(leader3, "Giao ban kinhhop41 tối mật sau", "2026-12-12", 2)
    assert mine["previous_id"] == seen["id"], mine  # the latest earlier meeting she may see
    pack = ok(client.get(f"/meetings/{mine['id']}/pack", headers=leader0))
    assert pack["previous_meeting_date"] == "2026-11-05" and pack["next_meeting_date"] != "2026-12-12", pack
    assert secret["id"] not in str(pack) and "2026-11-20" not in str(pack)
    full = ok(client.get(f"/meetings/{mine['id']}/pack", headers=leader3))  # a viewer who may see it
    assert full["previous_meeting_date"] == "2026-11-05" and full["next_meeting_date"] == "2026-12-12", full
    # naming the hidden meeting as the previous one answers as for a meeting that does not exist
    import uuid

    codes = {error_code(client.post("/meetings", headers=leader0, json={
        "title": "x", "meeting_date": day, "level": 0, "previous_id": previous}), 404)
        for previous in (secret["id"], str(uuid.uuid4())) for day in ("2026-11-10", "2026-12-20")}
    assert len(codes) == 1, codes
