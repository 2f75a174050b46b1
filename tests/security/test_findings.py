"""One test per finding of the attack on the instance (issue 13), over HTTP against the real application.

Each of these failed on the code before the fix (see the note in the commit/report).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from services.core.dispatch import wait_idle
from services.core.pagination import Limit, Offset

SECRET = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nTUYỆT MẬT\nSố: 77/TB-UBND\nNghệ An, ngày 02 tháng 10 năm 2024\n\n"
          "THÔNG BÁO\nKết luận về phương án bí mật kiemtra77\n\nGiao Sở Xây dựng chủ trì, phối hợp với Sở Y tế "
          "triển khai, hoàn thành trước ngày 30/11/2024.\n")
PLAIN = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 78/TB-UBND\nNghệ An, ngày 03 tháng 10 năm 2024\n\nTHÔNG BÁO\n"
         "Kết luận về chuyển đổi số congkhai78\n\nGiao Sở Xây dựng chủ trì triển khai, hoàn thành trước ngày "
         "30/11/2024.\n")


@contextmanager
def held_queue() -> Iterator[threading.Event]:
    """Keep the in-process task worker busy: what is uploaded meanwhile stays `queued` (a real moment between
    states, as when the workers are behind)."""
    from services.core.dispatch import _in_process

    gate = threading.Event()
    started = threading.Event()

    def block() -> None:
        started.set()
        gate.wait(120)

    _in_process().submit(block)
    started.wait(30)
    try:
        yield gate
    finally:
        gate.set()


def upload(client: Any, headers: dict[str, str], name: str, data: bytes, **form: Any) -> dict[str, Any]:
    r = client.post("/documents", headers=headers, files=[("files", (name, data, "text/plain"))],
                    data={k: str(v) for k, v in form.items()})
    assert r.status_code == 202, r.text
    return dict(r.json())


def status(client: Any, doc_id: str, headers: dict[str, str]) -> int:
    return int(client.get(f"/documents/{doc_id}", headers=headers).status_code)


# --- 1. provisional secrecy ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("db_backend")
def test_a_secret_document_is_hidden_while_queued_and_after(anon_client: Any, users: Any) -> None:
    clerk = users.headers("clerk", clearance=3, username="vanthu")
    other_clerk = users.headers("clerk", clearance=3, username="vanthu2")
    leader0 = users.headers("leader", clearance=0, username="lanhdao0")
    staff = users.headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="syd")
    with held_queue():
        doc_id = upload(anon_client, clerk, "mat.txt", SECRET.encode())["items"][0]["document_id"]
        assert anon_client.get(f"/documents/{doc_id}", headers=clerk).json()["status"] == "queued"
        for who in (leader0, staff):
            for path in ("", "/original", "/citations", "/similar"):
                assert anon_client.get(f"/documents/{doc_id}{path}", headers=who).status_code == 404, path
            assert anon_client.get("/documents", headers=who).json()["total"] == 0
        assert status(anon_client, doc_id, clerk) == 200  # the uploader
        assert status(anon_client, doc_id, other_clerk) == 200  # clerks handle incoming mail
    wait_idle(60)
    doc = anon_client.get(f"/documents/{doc_id}", headers=clerk).json()
    assert doc["status"] == "done" and doc["level"] == 3
    assert status(anon_client, doc_id, leader0) == 404


@pytest.mark.usefixtures("db_backend")
def test_a_failed_secret_document_stays_restricted_and_reprocessing_does_not_reopen_it(
        anon_client: Any, users: Any) -> None:
    clerk = users.headers("clerk", clearance=2, username="vanthu")
    leader = users.headers("leader", clearance=3, username="lanhdao")
    staff = users.headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="syd")
    corrupt = b"PK\x03\x04" + SECRET.encode() + b"\x00" * 64  # a broken DOCX stamped TUYỆT MẬT
    doc_id = upload(anon_client, clerk, "hong.docx", corrupt)["items"][0]["document_id"]
    wait_idle(60)
    doc = anon_client.get(f"/documents/{doc_id}", headers=clerk).json()
    assert doc["status"] == "failed" and doc["level"] == 2  # the uploader's clearance: the most it may set
    for who in (leader, staff):
        assert anon_client.get(f"/documents/{doc_id}/original", headers=who).status_code == 404
    with held_queue():
        assert anon_client.post(f"/documents/{doc_id}/reprocess", headers=clerk).status_code == 202
        for who in (leader, staff):
            assert status(anon_client, doc_id, who) == 404
    wait_idle(60)
    for who in (leader, staff):
        assert status(anon_client, doc_id, who) == 404


def test_a_declared_level_is_a_floor_the_stamp_can_raise(client: Any, users: Any) -> None:
    clerk = users.headers("clerk", clearance=3, username="vanthu")
    leader1 = users.headers("leader", clearance=1, username="lanhdao1")
    plain = upload(client, clerk, "a.txt", PLAIN.encode(), level=1)["items"][0]["document_id"]
    stamped = upload(client, clerk, "b.txt", SECRET.encode(), level=1)["items"][0]["document_id"]
    wait_idle(60)
    assert client.get(f"/documents/{plain}").json()["level"] == 1
    assert client.get(f"/documents/{stamped}").json()["level"] == 3
    assert status(client, plain, leader1) == 200 and status(client, stamped, leader1) == 404
    r = client.post("/documents", headers=leader1 | {}, files=[("files", ("c.txt", b"x", "text/plain"))])
    assert r.status_code == 403  # leaders do not upload
    r = client.post("/documents", headers=users.headers("clerk", clearance=1, username="vt1"),
                    files=[("files", ("c.txt", PLAIN.encode() + b"!", "text/plain"))], data={"level": "3"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


# --- 3. bodies: refused before they are read -------------------------------------------------------------------


class Receiver:
    """An ASGI receive() that streams `total` bytes in chunks and counts what the application pulled."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total, self.chunk, self.sent = total, chunk, 0

    async def __call__(self) -> dict[str, Any]:
        if self.sent >= self.total:
            return {"type": "http.disconnect"}
        n = min(self.chunk, self.total - self.sent)
        self.sent += n
        return {"type": "http.request", "body": b"x" * n, "more_body": self.sent < self.total}


def call_asgi(app: Any, method: str, path: str, headers: dict[str, str], receiver: Receiver) -> tuple[int, bytes]:
    import asyncio

    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "scheme": "http", "server": ("testserver", 80), "client": ("203.0.113.9", 5000),
             "http_version": "1.1", "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    asyncio.run(app(scope, receiver, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return int(start["status"]), body


@pytest.fixture
def app(instance: Any) -> Any:
    from tests_support import shared_app

    return shared_app()


def test_unauthenticated_bodies_are_refused_before_they_are_read(app: Any) -> None:
    for path, ctype in (("/documents", "multipart/form-data; boundary=x"), ("/tasks", "application/json"),
                        ("/meetings", "application/json")):
        big = Receiver(80 * 1024 * 1024)
        code, _ = call_asgi(app, "POST", path, {"content-type": ctype, "content-length": str(big.total)}, big)
        assert code in (401, 413) and big.sent == 0, (path, code, big.sent)
        streamed = Receiver(80 * 1024 * 1024)  # no Content-Length: chunked
        code, _ = call_asgi(app, "POST", path, {"content-type": ctype, "transfer-encoding": "chunked"}, streamed)
        assert code == 401 and streamed.sent == 0, (path, code, streamed.sent)
    forged = Receiver(10 * 1024 * 1024)
    code, _ = call_asgi(app, "POST", "/documents", {"authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA",
                                                    "transfer-encoding": "chunked"}, forged)
    assert code == 401 and forged.sent == 0


def test_oversized_bodies_are_cut_off_per_route(app: Any, users: Any) -> None:
    from services.core.config import get_settings

    headers = users.headers("admin", clearance=3, username="quantri") | {"content-type": "application/json"}
    s = get_settings()
    declared = Receiver(60 * 1024 * 1024)
    code, body = call_asgi(app, "POST", "/tasks", headers | {"content-length": str(declared.total)}, declared)
    assert code == 413 and declared.sent == 0 and b"too_large" in body
    streamed = Receiver(60 * 1024 * 1024)
    code, body = call_asgi(app, "POST", "/tasks", headers | {"transfer-encoding": "chunked"}, streamed)
    assert code == 413 and b"too_large" in body
    assert streamed.sent <= s.max_json_bytes + streamed.chunk  # stopped right after the limit
    upload_limit = min(s.max_request_bytes, (s.max_upload_bytes + 64 * 1024) * s.max_files_per_upload)
    huge = Receiver(upload_limit + 1)
    code, _ = call_asgi(app, "POST", "/documents", headers | {"content-length": str(huge.total),
                                                               "content-type": "multipart/form-data; boundary=x"},
                        huge)
    assert code == 413 and huge.sent == 0


def test_nginx_bounds_bodies_like_the_services() -> None:
    import re
    from pathlib import Path

    from services.core.config import Settings

    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    s = Settings()

    def mib(opening: str) -> int:
        block = conf[conf.index(opening):]
        block = block[:block.index("}")]
        m = re.search(r"client_max_body_size\s+(\d+)m;", block)
        assert m, opening
        return int(m.group(1)) * 1024 * 1024

    assert mib("location = /ingest/documents {") == s.max_request_bytes
    assert mib("location /ingest/ {") == s.max_json_bytes
    assert mib("location ~ ^/briefing/tasks/[^/]+/(progress|complete)$ {") == s.max_report_bytes
    assert mib("location /briefing/ {") == s.max_json_bytes
    assert mib("location /search/ {") == s.max_json_bytes


# --- 4. a duplicate of a hidden document -----------------------------------------------------------------------


@pytest.mark.usefixtures("db_backend")
def test_a_duplicate_of_a_hidden_document_is_a_new_upload(client: Any, users: Any) -> None:
    top = users.headers("clerk", clearance=3, username="vanthu3")
    low = users.headers("clerk", clearance=0, username="vanthu0")
    data = SECRET.encode()
    hidden = upload(client, top, "a.txt", data)["items"][0]["document_id"]
    wait_idle(60)
    assert status(client, hidden, low) == 404
    with held_queue():
        answer = upload(client, low, "b.txt", data)
        assert answer["accepted"] == 1 and answer["duplicates"] == 0
        item = answer["items"][0]
        assert item["duplicate"] is False and item["document_id"] != hidden and hidden not in str(answer)
        mine = item["document_id"]
        assert status(client, mine, low) == 200  # the uploader follows its upload until its level is known
    wait_idle(60)
    # nothing lost: the second copy is a document of its own, at the level its stamp gives it
    own = client.get(f"/documents/{mine}").json()
    assert own["status"] == "done" and own["level"] == 3 and own["filename"] == "b.txt"
    assert status(client, mine, low) == 404
    # a duplicate the uploader may see is still answered as one
    again = upload(client, top, "c.txt", data)["items"][0]
    assert again["duplicate"] is True and again["document_id"] in (hidden, mine)


# --- 6. /metrics --------------------------------------------------------------------------------------------


def test_metrics_need_the_token_and_count_no_secret_document(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import reset_settings

    upload(client, {}, "mat.txt", SECRET.encode())
    upload(client, {}, "thuong.txt", PLAIN.encode())
    wait_idle(60)
    anonymous = client.get("/metrics", headers={"Authorization": ""})
    assert anonymous.status_code == 403  # not loopback, no token configured
    monkeypatch.setenv("VANBAN_METRICS_TOKEN", "bi-mat-giam-sat")
    reset_settings()
    assert client.get("/metrics", headers={"Authorization": "Bearer sai"}).status_code == 401
    text = client.get("/metrics", headers={"Authorization": "Bearer bi-mat-giam-sat"}).text
    assert 'vanban_documents{status="done"} 1.0' in text  # the Tuyệt mật one is not counted


# --- 8. login throttling -----------------------------------------------------------------------------------------


def login(client: Any, username: str, password: str = "mat-khau-123", **headers: str) -> Any:
    return client.post("/auth/token", data={"username": username, "password": password}, headers=headers)


def test_failed_logins_never_lock_out_a_known_device(anon_client: Any, users: Any) -> None:
    users.headers("admin", username="quantri")
    device = login(anon_client, "quantri").json()["device_token"]
    assert device
    anon_client.cookies.clear()
    for _ in range(8):  # someone else guesses the administrator's password
        assert login(anon_client, "quantri", "doan-mo").status_code in (401, 429)
    blocked = login(anon_client, "quantri")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    ok = login(anon_client, "quantri", **{"X-Device-Token": device})
    assert ok.status_code == 200, ok.text
    anon_client.cookies.set("vanban_device", device, path="/auth")
    assert login(anon_client, "quantri").status_code == 200  # the cookie works as well
    # a known device that guesses is throttled on its own
    for _ in range(5):
        login(anon_client, "quantri", "sai", **{"X-Device-Token": device})
    assert login(anon_client, "quantri", **{"X-Device-Token": device}).status_code == 429


def test_one_password_across_many_accounts_is_slowed_by_client(anon_client: Any, users: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_LOGIN_MAX_CLIENT_FAILURES", "6")
    reset_settings()
    codes = [login(anon_client, f"nguoi{i}", "123456").status_code for i in range(10)]
    assert codes[:6] == [401] * 6 and set(codes[6:]) == {429}


def test_failures_are_pruned_audited_and_usernames_capped(anon_client: Any, users: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import func, select

    from services.core.auth.models import AuditEvent, LoginFailure
    from services.core.db import session_factory

    with session_factory()() as session:
        old = datetime.now(UTC) - timedelta(days=2)
        session.add_all([LoginFailure(username=f"cu{i}", client="198.51.100.7", at=old) for i in range(50)])
        session.commit()
    assert login(anon_client, "khongco", "sai").status_code == 401
    r = login(anon_client, "a" * 5000, "sai")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    with session_factory()() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 1
        failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
        assert [e.detail["username"] for e in failed] == ["khongco"]


# --- 9. errors and types ---------------------------------------------------------------------------------------


def test_bad_year_filters_are_a_clear_422(client: Any) -> None:
    for q in ("year:abc", "year:12345", "nam:abc", "năm:20x4"):
        r = client.get("/search", params={"q": q})
        assert r.status_code == 422, (q, r.text)
        assert r.json()["error"]["message"]
    assert client.get("/search", params={"q": "year:2024"}).status_code == 200


def test_huge_offsets_are_a_clear_422(client: Any) -> None:
    unit = client.get("/units").json()
    unit_id = unit[0]["id"] if unit else "x"
    for path in ("/tasks", "/meetings", f"/units/{unit_id}/tasks", "/documents", "/audit"):
        r = client.get(path, params={"offset": 10**30})
        assert r.status_code == 422, (path, r.text)
        assert r.json()["error"]["code"] == "invalid_request"


def test_originals_are_served_with_their_sniffed_type_and_nosniff(client: Any) -> None:
    html = b"<html><body><script>alert(1)</script>Th\xc3\xb4ng b\xc3\xa1o</body></html>"
    r = client.post("/documents", files=[("files", ("trang.html", html, "text/html"))])
    doc_id = r.json()["items"][0]["document_id"]
    r = client.post("/documents", files=[("files", ("a.txt", PLAIN.encode(), "image/svg+xml"))])
    txt_id = r.json()["items"][0]["document_id"]
    wait_idle(60)
    original = client.get(f"/documents/{doc_id}/original")
    assert original.headers["content-type"] == "application/octet-stream"
    assert original.headers["x-content-type-options"] == "nosniff"
    assert client.get(f"/documents/{txt_id}/original").headers["content-type"].startswith("text/plain")
    for path in ("/healthz", "/documents", "/nowhere"):
        assert client.get(path).headers["x-content-type-options"] == "nosniff", path


def test_downloads_of_active_types_are_served_as_bytes(anon_client: Any) -> None:
    """Any download (e.g. a task attachment declared text/html or image/svg+xml) leaves as octet-stream."""
    from fastapi import FastAPI
    from fastapi.responses import Response
    from fastapi.testclient import TestClient

    from services.core.guard import RequestGuard

    app = FastAPI()

    @app.get("/f/{kind}")
    def f(kind: str) -> Response:
        return Response(b"<svg onload=alert(1)>", media_type={"svg": "image/svg+xml", "html": "text/html",
                                                              "pdf": "application/pdf"}[kind],
                        headers={"Content-Disposition": "attachment; filename=x"})

    app.add_middleware(RequestGuard)
    with TestClient(app) as c:
        assert c.get("/f/svg").headers["content-type"] == "application/octet-stream"
        assert c.get("/f/html").headers["content-type"] == "application/octet-stream"
        assert c.get("/f/pdf").headers["content-type"] == "application/pdf"


# --- 10 and 12.6: the feed, the Mật label ----------------------------------------------------------------------


def test_the_atom_feed_uses_the_configured_base_and_links_the_document(client: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_PUBLIC_BASE_URL", "https://congbao.nghean.gov.vn/vanban")
    reset_settings()
    doc_id = upload(client, {}, "a.txt", PLAIN.encode())["items"][0]["document_id"]
    wait_idle(60)
    assert client.patch(f"/documents/{doc_id}/access", json={"audience": "public"}).status_code == 200
    atom = client.get("/public/feed.atom", headers={"Host": "ke-gian.example"}).text
    assert "ke-gian.example" not in atom
    assert f'href="https://congbao.nghean.gov.vn/vanban/public/documents/{doc_id}"' in atom
    assert "feed.json#" not in atom
    assert "<updated>2024-10-03T00:00:00+07:00</updated>" in atom  # the document's date
    public = client.get(f"/public/documents/{doc_id}", headers={"Authorization": ""})
    assert public.status_code == 200 and public.json()["number"] == "78/TB-UBND"
    assert client.get(f"/public/documents/{doc_id}/original", headers={"Authorization": ""}).content == \
        PLAIN.encode()


def test_setting_level_one_sets_the_label(client: Any) -> None:
    doc_id = upload(client, {}, "a.txt", PLAIN.encode())["items"][0]["document_id"]
    wait_idle(60)
    r = client.patch(f"/documents/{doc_id}/access", json={"level": 1})
    assert r.json()["confidentiality"] == "Mật" and r.json()["level"] == 1
    assert client.patch(f"/documents/{doc_id}/access", json={"level": 2}).json()["confidentiality"] == "Tối mật"


# --- review list -----------------------------------------------------------------------------------------------


def test_declassification_needs_a_leader_and_is_audited(client: Any, users: Any) -> None:
    clerk = users.headers("clerk", clearance=3, username="vanthu")
    leader = users.headers("leader", clearance=3, username="lanhdao")
    doc_id = upload(client, clerk, "a.txt", SECRET.encode())["items"][0]["document_id"]
    wait_idle(60)
    r = client.patch(f"/documents/{doc_id}/access", json={"level": 0, "audience": "public"}, headers=clerk)
    assert r.status_code == 403 and r.json()["error"]["code"] == "declassify_needs_leader"
    assert client.get("/public/feed.json").json()["items"] == []
    assert client.patch(f"/documents/{doc_id}/access", json={"level": 3}, headers=clerk).status_code == 200
    r = client.patch(f"/documents/{doc_id}/access", json={"level": 0}, headers=leader)
    assert r.status_code == 200 and r.json()["level"] == 0
    events = client.get("/audit", params={"object_id": doc_id}).json()["items"]
    assert any(e["detail"].get("declassified") == [3, 0] and e["username"] == "lanhdao" for e in events)
    assert any(e["action"] == "denied" and e["username"] == "vanthu" for e in events)


def test_access_tokens_die_at_logout_and_with_their_family(anon_client: Any, users: Any) -> None:
    users.headers("clerk", username="vanthu")
    pair = login(anon_client, "vanthu").json()
    bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    assert anon_client.get("/auth/me", headers=bearer).status_code == 200
    assert anon_client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]}).status_code == 204
    assert anon_client.get("/auth/me", headers=bearer).status_code == 401
    # a replayed refresh token revokes the family: the access tokens of that family die too
    pair = login(anon_client, "vanthu").json()
    rotated = anon_client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).json()
    assert anon_client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401
    assert anon_client.get("/auth/me", headers={"Authorization": f"Bearer {rotated['access_token']}"}
                           ).status_code == 401


def test_api_keys_expire_have_scopes_and_cannot_mint_keys(anon_client: Any, users: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from services.core.auth.models import ApiKey
    from services.core.db import session_factory

    headers = users.headers("clerk", clearance=3, username="vanthu")
    read = anon_client.post("/auth/api-keys", json={"name": "doc"}, headers=headers).json()
    assert read["scopes"] == ["read"] and read["expires_at"]
    key = {"X-API-Key": read["key"]}
    assert anon_client.get("/documents", headers=key).status_code == 200
    r = anon_client.post("/documents", headers=key, files=[("files", ("a.txt", PLAIN.encode(), "text/plain"))])
    assert r.status_code == 403 and r.json()["error"]["code"] == "insufficient_scope"
    write = anon_client.post("/auth/api-keys", json={"name": "ghi", "scopes": ["read", "write"]},
                             headers=headers).json()
    assert anon_client.post("/auth/api-keys", json={"name": "con"},
                            headers={"X-API-Key": write["key"]}).status_code == 403
    with session_factory()() as session:
        row = session.get(ApiKey, write["id"])
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    assert anon_client.get("/documents", headers={"X-API-Key": write["key"]}).status_code == 401


def test_accounts_can_be_changed_and_every_change_is_audited(anon_client: Any, users: Any) -> None:
    admin = users.headers("admin", username="quantri")
    users.headers("unit_staff", unit="Sở Y tế", clearance=0, username="nv")
    pair = login(anon_client, "nv").json()
    mine = {"Authorization": f"Bearer {pair['access_token']}"}
    r = anon_client.post("/auth/password", json={"current_password": "sai", "new_password": "mat-khau-moi-1"},
                         headers=mine)
    assert r.status_code == 403
    r = anon_client.post("/auth/password", json={"current_password": "mat-khau-123",
                                                 "new_password": "mat-khau-moi-1"}, headers=mine)
    assert r.status_code == 204
    assert anon_client.get("/auth/me", headers=mine).status_code == 401  # log in again
    assert login(anon_client, "nv", "mat-khau-moi-1").status_code == 200
    r = anon_client.patch("/users/nv", json={"role": "unit_head", "clearance": 1}, headers=admin)
    assert r.status_code == 200 and r.json()["clearance"] == 1 and r.json()["role"] == "unit_head"
    assert anon_client.post("/users/nv/disable", headers=admin).status_code == 200
    assert login(anon_client, "nv", "mat-khau-moi-1").status_code == 401
    assert anon_client.post("/users/nv/enable", headers=admin).json()["disabled"] is False
    assert login(anon_client, "nv", "mat-khau-moi-1").status_code == 200
    assert anon_client.patch("/users/nv", json={"clearance": 3}, headers=mine).status_code in (401, 403)
    events = anon_client.get("/audit", params={"limit": 500}, headers=admin).json()["items"]
    details = [e["detail"] for e in events if e["action"] == "change" and e["object_type"] == "user"]
    assert {"password_changed": True} in details and {"disabled": False} in details
    assert any(d.get("clearance") == [0, 1] and d.get("role") == ["unit_staff", "unit_head"] for d in details)
    assert any(e["action"] == "password_change_failed" for e in events)


def test_denied_reads_are_audited(client: Any, users: Any) -> None:
    doc_id = upload(client, {}, "a.txt", SECRET.encode())["items"][0]["document_id"]
    wait_idle(60)
    low = users.headers("leader", clearance=0, username="lanhdao0")
    assert client.get(f"/documents/{doc_id}/original", headers=low).status_code == 404
    assert client.get("/documents/khong-co", headers=low).status_code == 404
    events = client.get("/audit", params={"action": "denied"}).json()["items"]
    assert [(e["username"], e["object_id"]) for e in events] == [("lanhdao0", doc_id)]


def test_the_first_admin_password_is_never_printed(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                                   instance: Any) -> None:
    from services.core.auth.bootstrap import ensure_first_admin, first_admin_notice

    monkeypatch.delenv("VANBAN_ADMIN_PASSWORD", raising=False)
    first = ensure_first_admin()
    assert first is not None
    notice = first_admin_notice(first, "127.0.0.1", 8000)
    assert first[1] not in notice and first[2] in notice


def test_x_forwarded_for_is_believed_from_trusted_proxies_only(anon_client: Any, users: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import reset_settings
    from services.core.guard import client_address

    assert client_address("10.0.0.5", "1.2.3.4", "") == "10.0.0.5"
    assert client_address("10.0.0.5", "1.2.3.4, 10.0.0.9", "10.0.0.0/8") == "1.2.3.4"
    assert client_address("198.51.100.1", "1.2.3.4", "10.0.0.0/8") == "198.51.100.1"
    assert client_address("10.0.0.5", "garbage", "10.0.0.0/8") == "10.0.0.5"
    # over HTTP: an untrusted peer cannot choose the address its failures are counted under
    monkeypatch.setenv("VANBAN_LOGIN_MAX_CLIENT_FAILURES", "3")
    reset_settings()
    codes = [login(anon_client, f"x{i}", "sai", **{"X-Forwarded-For": f"203.0.113.{i}"}).status_code
             for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_outbound_urls_to_internal_addresses_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.errors import VanbanError
    from services.core.outbound import safe_outbound_url

    for url in ("http://127.0.0.1:8000/x", "http://localhost/x", "http://169.254.169.254/latest/meta-data",
                "http://10.1.2.3/", "http://192.168.1.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
                "http://0.0.0.0/", "http://100.64.0.1/", "http://metadata.google.internal/", "ftp://example.com/",
                "http://user:pw@93.184.216.34/", "http://2130706433/"):
        with pytest.raises(VanbanError) as exc:
            safe_outbound_url(url, allow_private=False)
        assert exc.value.code == "unsafe_url", url
    assert safe_outbound_url("https://93.184.216.34/hook") == "https://93.184.216.34/hook"
    assert safe_outbound_url("http://127.0.0.1:9/x", allow_private=True) == "http://127.0.0.1:9/x"


def test_a_units_webhook_to_an_internal_address_is_refused(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_ALLOW_PRIVATE_WEBHOOKS", "false")
    reset_settings()
    created = client.post("/users", json={"username": "xd-hook", "password": "mat-khau-123", "role": "unit_staff",
                                          "unit": "Sở Xây dựng"})
    assert created.status_code == 201, created.text
    unit_id = created.json()["unit_id"]
    for url in ("http://169.254.169.254/latest/meta-data", "http://127.0.0.1:6379/", "http://10.0.0.5/hook"):
        r = client.put(f"/units/{unit_id}/contacts", json={"email": None, "webhook_url": url})
        assert r.status_code in (400, 422) and r.json()["error"]["code"] == "unsafe_url", r.text
    saved = client.put(f"/units/{unit_id}/contacts", json={"email": None, "webhook_url": "https://93.184.216.34/h"})
    assert saved.status_code == 200 and saved.json()["webhook_url"] == "https://93.184.216.34/h"
    monkeypatch.undo()
    reset_settings()


def test_units_whose_names_fold_alike_are_not_merged(client: Any) -> None:
    first = client.post("/users", json={"username": "tp-anhson", "password": "mat-khau-123", "role": "unit_staff",
                                        "unit": "Phòng Tư pháp huyện Anh Sơn"})
    assert first.status_code == 201, first.text
    other = client.post("/users", json={"username": "tp-anhson2", "password": "mat-khau-123", "role": "unit_staff",
                                        "unit": "Phòng Tư pháp huyện Ánh Sơn"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "unit_key_conflict"
    same = client.post("/users", json={"username": "tp-anhson3", "password": "mat-khau-123", "role": "unit_staff",
                                       "unit": "PHÒNG TƯ PHÁP HUYỆN ANH SƠN"})
    assert same.status_code == 201 and same.json()["unit_id"] == first.json()["unit_id"]
    plain = client.post("/users", json={"username": "tp-anhson4", "password": "mat-khau-123", "role": "unit_staff",
                                        "unit": "Phong Tu phap huyen Anh Son"})  # written without diacritics
    assert plain.status_code == 201 and plain.json()["unit_id"] == first.json()["unit_id"]


def test_attachment_types_come_from_an_allow_list_checked_against_the_bytes() -> None:
    from services.core.content_types import attachment_type
    from services.core.errors import VanbanError

    assert attachment_type("text/html", b"<html><script>x</script>") == "application/octet-stream"
    assert attachment_type("image/svg+xml", b"<svg onload=alert(1)/>") == "application/octet-stream"
    assert attachment_type("application/pdf", b"<html>not a pdf") == "application/octet-stream"
    assert attachment_type("application/pdf", b"%PDF-1.7\n...") == "application/pdf"
    assert attachment_type("text/plain; charset=utf-8", "Báo cáo tiến độ".encode()) == "text/plain"
    assert attachment_type("image/png", b"\x89PNG\r\n\x1a\n....") == "image/png"
    with pytest.raises(VanbanError) as exc:
        attachment_type("text/html", b"<p>x</p>", "bao-cao.html", strict=True)
    assert exc.value.http_status == 415 and exc.value.code == "unsupported_attachment_type"


def test_shared_paging_parameters_bound_the_offset() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from services.core.web import install_error_handlers

    app = FastAPI()
    install_error_handlers(app)

    @app.get("/rows")
    def rows(offset: Offset = 0, limit: Limit = 50) -> dict[str, int]:
        return {"offset": offset, "limit": limit}

    with TestClient(app) as c:
        assert c.get("/rows", params={"offset": 10}).json() == {"offset": 10, "limit": 50}
        for bad in ({"offset": 10**30}, {"offset": -1}, {"limit": 0}, {"limit": 10**6}):
            r = c.get("/rows", params=bad)
            assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request", bad


@pytest.mark.usefixtures("db_backend")
def test_tightening_access_reaches_the_tasks_in_the_same_transaction(client: Any, users: Any) -> None:
    doc_id = upload(client, {}, "a.txt", PLAIN.encode())["items"][0]["document_id"]
    wait_idle(60)
    leader0 = users.headers("leader", clearance=0, username="lanhdao0")
    assert any(t["document"]["id"] == doc_id for t in client.get("/tasks", headers=leader0).json()["items"])
    with held_queue():  # the follow-up tasks of the change wait: only the change's own transaction counts
        assert client.patch(f"/documents/{doc_id}/access", json={"level": 2}).status_code == 200
        assert client.get("/tasks", headers=leader0).json()["total"] == 0
        assert status(client, doc_id, leader0) == 404


def test_the_policy_states_provisional_and_unit_rules_on_its_own() -> None:
    from services.core.auth.policy import (
        Principal,
        can_see,
        may_change_level,
        provisional_level,
        scope_for,
        unit_filter,
    )

    clerk = scope_for(Principal("u1", "vt", "clerk", 2))
    leader = scope_for(Principal("u2", "ld", "leader", 3))
    staff = scope_for(Principal("u3", "nv", "unit_staff", 3, unit_key="so y te"))
    assert can_see(clerk, 2, "internal", set(), provisional=True, uploaded_by="u9")
    assert not can_see(leader, 0, "public", set(), provisional=True, uploaded_by="u9")
    assert can_see(staff, 1, "internal", {"so y te"}, provisional=True, uploaded_by="u3")  # the uploader
    assert not can_see(staff, 0, "internal", set())  # "internal" alone opens nothing to a unit role
    assert unit_filter(staff) == ("so y te",) and unit_filter(leader) is None
    assert unit_filter(scope_for(None)) == ()
    assert provisional_level(2) == 2 and provisional_level(2, 1) == 1 and provisional_level(1, 3) == 1
    assert may_change_level("clerk", 1, 2) and not may_change_level("clerk", 2, 1)
    assert may_change_level("leader", 3, 0) and may_change_level("admin", 3, 0)
