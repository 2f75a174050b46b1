"""Authentication over HTTP: login, rotation, replay, revocation, API keys, throttling, bad tokens, audit."""
from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

PASSWORD = "mat-khau-123"


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/auth/token", data={"username": username, "password": password})


@pytest.fixture
def staff(anon_client: Any, users: Any) -> dict[str, str]:
    users.headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="nhanvien")
    r = login(anon_client, "nhanvien")
    assert r.status_code == 200, r.text
    return r.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_login_and_me(anon_client: Any, staff: dict[str, str]) -> None:
    me = anon_client.get("/auth/me", headers=bearer(staff["access_token"]))
    assert me.status_code == 200
    assert me.json()["username"] == "nhanvien"
    assert me.json()["role"] == "unit_staff"
    assert me.json()["unit_name"] == "Sở Xây dựng"


def test_wrong_password_and_throttling(anon_client: Any, users: Any) -> None:
    users.headers("clerk", username="vanthu")
    for _ in range(5):
        r = login(anon_client, "vanthu", "sai-mat-khau")
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "invalid_credentials"
    r = login(anon_client, "vanthu")  # even the right password is refused while throttled
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "too_many_attempts"


def test_unknown_user_looks_like_a_wrong_password(anon_client: Any) -> None:
    r = login(anon_client, "khongco")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "invalid_credentials"


@pytest.mark.usefixtures("db_backend")
def test_refresh_rotates_and_replay_revokes_the_family(anon_client: Any, staff: dict[str, str]) -> None:
    first = staff["refresh_token"]
    r = anon_client.post("/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200
    second = r.json()["refresh_token"]
    assert second != first
    # the spent token comes back: a copy was stolen, so the whole family is revoked
    replay = anon_client.post("/auth/refresh", json={"refresh_token": first})
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "invalid_refresh_token"
    assert anon_client.post("/auth/refresh", json={"refresh_token": second}).status_code == 401


def test_logout_revokes_refresh(anon_client: Any, staff: dict[str, str]) -> None:
    assert anon_client.post("/auth/logout", json={"refresh_token": staff["refresh_token"]}).status_code == 204
    assert anon_client.post("/auth/refresh", json={"refresh_token": staff["refresh_token"]}).status_code == 401


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def _b64(obj: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj, default=str).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("case", ["expired", "forged", "alg_none", "wrong_audience", "garbage", "refresh_as_access"])
def test_bad_tokens_are_refused(anon_client: Any, staff: dict[str, str], case: str) -> None:
    from services.core.auth.secrets_store import jwt_secret

    claims = _claims(staff["access_token"])
    now = datetime.now(UTC)
    if case == "expired":
        token = jwt.encode({**claims, "iat": now - timedelta(hours=2), "nbf": now - timedelta(hours=2),
                            "exp": now - timedelta(hours=1)}, jwt_secret(), algorithm="HS256")
    elif case == "forged":
        token = jwt.encode({**claims, "role": "admin"}, "not-the-secret-key-of-this-instance", algorithm="HS256")
    elif case == "alg_none":
        token = _b64({"alg": "none", "typ": "JWT"}) + "." + _b64({**claims, "role": "admin"}) + "."
    elif case == "wrong_audience":
        token = jwt.encode({**claims, "aud": "another-app"}, jwt_secret(), algorithm="HS256")
    elif case == "refresh_as_access":
        token = staff["refresh_token"]
    else:
        token = "abc.def.ghi"
    r = anon_client.get("/auth/me", headers=bearer(token))
    assert r.status_code == 401, case
    assert r.json()["error"]["code"] == "invalid_token"


def test_disabled_user_token_stops_working(anon_client: Any, users: Any, staff: dict[str, str]) -> None:
    admin = users.headers("admin", username="quantri2")
    assert anon_client.get("/auth/me", headers=bearer(staff["access_token"])).status_code == 200
    r = anon_client.post("/users/nhanvien/disable", headers=admin)
    assert r.status_code == 200 and r.json()["disabled"] is True
    assert anon_client.get("/auth/me", headers=bearer(staff["access_token"])).status_code == 401
    assert anon_client.post("/auth/refresh", json={"refresh_token": staff["refresh_token"]}).status_code == 401
    assert login(anon_client, "nhanvien").status_code == 401


def test_api_keys(anon_client: Any, staff: dict[str, str]) -> None:
    created = anon_client.post("/auth/api-keys", json={"name": "script"}, headers=bearer(staff["access_token"]))
    assert created.status_code == 201
    key = created.json()["key"]
    me = anon_client.get("/auth/me", headers={"X-API-Key": key})
    assert me.status_code == 200 and me.json()["username"] == "nhanvien"
    assert anon_client.delete(f"/auth/api-keys/{created.json()['id']}",
                              headers=bearer(staff["access_token"])).status_code == 204
    assert anon_client.get("/auth/me", headers={"X-API-Key": key}).status_code == 401
    assert anon_client.get("/auth/me", headers={"X-API-Key": "vbk_invented"}).status_code == 401


def test_admin_endpoints_need_admin(anon_client: Any, staff: dict[str, str]) -> None:
    for path in ("/users", "/audit"):
        assert anon_client.get(path, headers=bearer(staff["access_token"])).status_code == 403
        assert anon_client.get(path).status_code == 401


@pytest.mark.usefixtures("db_backend")
def test_audit_log_records_views_and_is_append_only(client: Any) -> None:
    from sqlalchemy import text

    from services.core.db import get_engine
    from services.core.dispatch import wait_idle

    doc_id = client.post("/documents", files=[("files", ("a.txt", "Sở Xây dựng".encode(), "text/plain"))]
                         ).json()["items"][0]["document_id"]
    wait_idle(60)
    client.get(f"/documents/{doc_id}")
    client.get(f"/documents/{doc_id}/original")
    events = client.get("/audit", params={"object_id": doc_id}).json()["items"]
    assert [e["action"] for e in events] == ["download", "view", "change"]
    assert all(e["username"] == "quantri" for e in events)
    with pytest.raises(Exception, match="append-only"):
        with get_engine().begin() as conn:
            conn.execute(text("DELETE FROM audit_events"))
    with pytest.raises(Exception, match="append-only"):
        with get_engine().begin() as conn:
            conn.execute(text("UPDATE audit_events SET action = 'x'"))
