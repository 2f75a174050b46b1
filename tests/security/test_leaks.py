"""The leak suite: generated users against a corpus covering every level × audience × unit, over HTTP, on both
search engines. No endpoint may return, count, suggest or highlight a document outside the access policy.

The oracle below states the rule on its own (it does not call services.core.auth.policy), so a bug in the policy
module cannot hide itself.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

UNITS = ["Sở Xây dựng", "Sở Tài chính", "Công an tỉnh", "Sở Y tế"]
ROLES = ["admin", "clerk", "leader", "unit_head", "unit_staff"]
LEVELS = [0, 1, 2, 3]
AUDIENCES = ["public", "internal", "units"]
STAMP = {0: "", 1: "MẬT\n", 2: "TỐI MẬT\n", 3: "TUYỆT MẬT\n"}
CASES = {"n": 0}


@dataclass
class Doc:
    id: str
    n: int
    number: str
    marker: str
    level: int
    audience: str
    access_keys: set[str]


def fold(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFC", s).lower().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", s)).strip()


def oracle(role: str, unit: str | None, clearance: int, doc: Doc) -> bool:
    """The rule, stated independently: clearance bounds the level; admin/clerk/leader see all audiences;
    unit roles see public documents and those whose access units include their own unit."""
    if doc.level > clearance:
        return False
    if role in ("admin", "clerk", "leader"):
        return True
    if doc.audience == "public":
        return True
    return unit is not None and fold(unit) in doc.access_keys


def text_for(n: int, level: int, lead: str, support: str, cites: str | None) -> str:
    cite = f"Căn cứ Thông báo số {cites} của UBND tỉnh;\n" if cites else ""
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n{STAMP[level]}Số: {n}/TB-UBND\n"
            f"Nghệ An, ngày {1 + n % 27:02d} tháng 10 năm 2024\n\nTHÔNG BÁO\nKết luận về chuyển đổi số lần {n}\n\n"
            f"{cite}Giao {lead} chủ trì, phối hợp với {support} triển khai chuyển đổi số matma{n}x, "
            f"hoàn thành trước ngày 30/11/2024.\n")


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from conftest import Users, _reset_process_state
    from fastapi.testclient import TestClient

    mp = pytest.MonkeyPatch()
    data_dir = tmp_path_factory.mktemp("leaks") / "instance"
    mp.setenv("VANBAN_DATA_DIR", str(data_dir))
    for var in ("VANBAN_DATABASE_URL", "VANBAN_BROKER_URL", "VANBAN_ELASTICSEARCH_URL"):
        mp.delenv(var, raising=False)
    if request.param == "elasticsearch":
        mp.setenv("VANBAN_ELASTICSEARCH_URL", request.getfixturevalue("elasticsearch_url"))
    mp.setenv("VANBAN_INDEX_PREFIX", f"vanban-leaks-{os.getpid()}")
    _reset_process_state()
    from services.core.dispatch import wait_idle
    from services.core.migrate import upgrade

    upgrade()
    from services.app import create_app

    with TestClient(create_app()) as client:
        users = Users()
        admin = users.headers("admin", clearance=3, username="root")
        docs: list[Doc] = []
        n = 100
        ids: dict[int, str] = {}
        plan = []
        for level in LEVELS:
            for audience in AUDIENCES:
                for k in range(2):
                    n += 1
                    lead, support = UNITS[(n + k) % 4], UNITS[(n + k + 1) % 4]
                    plan.append((n, level, audience, lead, support))
        for n, level, _audience, lead, support in plan:
            cites = f"{n - 1}/TB-UBND" if n > 101 else None
            r = client.post("/documents", headers=admin,
                            files=[("files", (f"tb{n}.txt", text_for(n, level, lead, support, cites).encode(),
                                              "text/plain"))])
            assert r.status_code == 202, r.text
            ids[n] = r.json()["items"][0]["document_id"]
        wait_idle(300)
        for n, level, audience, _lead, _support in plan:
            body: dict[str, Any] = {"level": level, "audience": audience}
            if audience == "units":
                body["units"] = [UNITS[n % 4]]
            r = client.patch(f"/documents/{ids[n]}/access", json=body, headers=admin)
            assert r.status_code == 200, r.text
        wait_idle(300)
        from services.core.db import session_factory
        from services.ingest.models import DocumentUnit

        with session_factory()() as session:
            for n, level, audience, _, _ in plan:
                keys = {u.unit_key for u in session.query(DocumentUnit).filter_by(document_id=ids[n], relation="access")}
                docs.append(Doc(ids[n], n, f"{n}/TB-UBND", f"matma{n}x", level, audience, keys))
        # the corpus must really exercise unit access: internal documents name their units
        assert sum(1 for d in docs if d.audience == "internal" and d.access_keys) >= 6
        yield {"client": client, "docs": docs, "users": users, "engine": request.param}
    _reset_process_state()
    mp.undo()


def visible_ids(docs: list[Doc], role: str, unit: str | None, clearance: int) -> set[str]:
    return {d.id for d in docs if oracle(role, unit, clearance, d)}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(role=st.sampled_from(ROLES), unit=st.sampled_from([*UNITS, None]), clearance=st.sampled_from(LEVELS),
       word=st.sampled_from(["chuyển đổi số", "chuyen doi so", "thông báo", "Sở Xây dựng", "UBND", "matma"]),
       probe=st.integers(min_value=0, max_value=23))
def test_no_endpoint_leaks(corpus: dict[str, Any], role: str, unit: str | None, clearance: int, word: str,
                           probe: int) -> None:
    if role in ("unit_head", "unit_staff") and unit is None:
        unit = UNITS[0]
    CASES["n"] += 1
    client, docs = corpus["client"], corpus["docs"]
    accounts = corpus.setdefault("accounts", {})
    if (role, unit, clearance) not in accounts:
        accounts[(role, unit, clearance)] = corpus["users"].headers(role, unit=unit, clearance=clearance)
    headers = accounts[(role, unit, clearance)]
    allowed = visible_ids(docs, role, unit, clearance)
    hidden = [d for d in docs if d.id not in allowed]
    by_id = {d.id: d for d in docs}

    def no_secret(payload: str) -> None:
        for d in hidden:
            assert d.id not in payload, f"{role}/{unit}/{clearance} sees hidden {d.number}"
            assert d.marker not in payload, f"{role}/{unit}/{clearance} sees text of hidden {d.number}"

    # lists and totals
    listing = client.get("/documents", params={"limit": 200}, headers=headers).json()
    assert {i["id"] for i in listing["items"]} == allowed
    assert listing["total"] == len(allowed)

    # search: hits, totals, facets, highlights
    res = client.get("/search", params={"q": word, "limit": 100}, headers=headers)
    assert res.status_code == 200, res.text
    body = res.json()
    hit_ids = {h["document_id"] for h in body["hits"]}
    assert hit_ids <= allowed
    assert body["total"] == len(body["hits"])
    for facet, counts in body["facets"].items():
        if facet in ("type", "year"):
            assert sum(counts.values()) <= body["total"], facet
    no_secret(res.text)
    admin_view = client.get("/search", params={"q": word, "limit": 100},
                            headers=corpus.setdefault("admin", corpus["users"].headers("admin", clearance=3))).json()
    assert hit_ids == {h["document_id"] for h in admin_view["hits"]} & allowed  # filtered inside, not truncated

    # exact numbers and suggestions
    target = docs[probe]
    num = client.get("/search", params={"q": target.number}, headers=headers).json()
    if target.id not in allowed:
        assert target.id not in {h["document_id"] for h in num["hits"]}
    sug = client.get("/suggest", params={"q": str(target.n)}, headers=headers)
    assert sug.status_code == 200
    for d in hidden:
        assert d.number not in sug.json()["suggestions"]

    # the public feed needs no login and shows public documents of level Thường only
    feed = client.get("/public/feed.json").json()
    assert {i["id"] for i in feed["items"]} == {d.id for d in docs if d.audience == "public" and d.level == 0}
    atom = client.get("/public/feed.atom").text
    for d in docs:
        assert (d.id in atom) == (d.audience == "public" and d.level == 0)

    # one document through every per-document endpoint
    for path in ("", "/original", "/similar", "/citations"):
        r = client.get(f"/documents/{target.id}{path}", headers=headers)
        assert r.status_code == (200 if target.id in allowed else 404), (path, r.text)
        if r.status_code == 200 and path != "/original":
            no_secret(r.text)
    if target.id in allowed:
        cit = client.get(f"/documents/{target.id}/citations", headers=headers).json()
        for link in cit["cites"] + cit["cited_by"]:
            assert link["document_id"] is None or link["document_id"] in allowed
        for h in client.get(f"/documents/{target.id}/similar", headers=headers).json():
            assert h["document_id"] in allowed and h["document_id"] in by_id


def test_report_cases() -> None:
    """Prints how many generated cases the leak suite ran (visible with -s or -rA)."""
    print(f"leak suite: {CASES['n']} generated user×query cases")
    assert CASES["n"] > 0
