"""The leak suite: generated users against a corpus covering every level × audience × unit, over HTTP, on both
search engines. No endpoint may return, count, suggest or highlight a document outside the access policy.

The corpus also holds documents caught between states — queued, extracting, failed, being reprocessed, and with
an access change in flight (the task worker is held busy while the suite runs, so these moments last) — and the
side channels are probed: totals and facets, duplicate-upload answers, /metrics, meetings and their conclusions.

The oracle below states the rule on its own (it does not call services.core.auth.policy), so a bug in the policy
module cannot hide itself.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
CASES = {"n": 0, "exhaustive": 0}
ENGINES_RUN: set[str] = set()
COUNT_NAME = "leak suite (generated user × document × endpoint cases, both engines)"


def count(kind: str, n: int = 1) -> None:
    """Count cases; the total is printed in the run's summary (tests/conftest.py)."""
    from security.case_counts import COUNTS

    CASES[kind] += n
    COUNTS[COUNT_NAME] = CASES["n"] + CASES["exhaustive"]


@dataclass
class Doc:
    id: str
    n: int
    number: str
    marker: str
    level: int
    audience: str
    access_keys: set[str]
    state: str = "done"
    provisional: bool = False
    uploaded_by: str | None = None
    data: bytes = b""
    before: tuple[int, str] | None = None  # (level, audience) before an access change still in flight


@dataclass(frozen=True)
class User:
    role: str
    unit: str | None
    clearance: int
    user_id: str
    headers: tuple[tuple[str, str], ...]

    @property
    def h(self) -> dict[str, str]:
        return dict(self.headers)


def fold(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFC", s).lower().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", s)).strip()


def oracle(role: str, unit: str | None, clearance: int, doc: Doc, user_id: str | None = None,
           level: int | None = None, audience: str | None = None) -> bool:
    """The rule, stated independently: clearance bounds the level; a document whose level is not known yet
    (provisional) is seen by its uploader and the clerks only; admin/clerk/leader see all audiences; unit roles see
    public documents and those whose access units include their own unit."""
    level = doc.level if level is None else level
    audience = doc.audience if audience is None else audience
    if level > clearance:
        return False
    if doc.provisional and role not in ("admin", "clerk") and not (user_id and user_id == doc.uploaded_by):
        return False
    if role in ("admin", "clerk", "leader"):
        return True
    if audience == "public":
        return True
    return unit is not None and fold(unit) in doc.access_keys


def search_may_show(user: User, doc: Doc) -> bool:
    """What the search index may still show: the policy, or — for an access change still in flight, whose
    re-indexing task is waiting — what the policy allowed before (the index catching up is the search service's
    own test; every database read path is checked against the new access here)."""
    if oracle(user.role, user.unit, user.clearance, doc, user.user_id):
        return True
    return doc.before is not None and oracle(user.role, user.unit, user.clearance, doc, user.user_id,
                                             level=doc.before[0], audience=doc.before[1])


_HASH: list[str] = []


def make_user(role: str, unit: str | None, clearance: int, username: str) -> User:
    """An account and its access token (one password hash for all: this suite is about access, not passwords)."""
    from services.core.auth import service
    from services.core.auth.models import User as Account
    from services.core.auth.secrets_store import hash_password
    from services.core.db import session_factory

    if not _HASH:
        _HASH.append(hash_password("mat-khau-123"))
    with session_factory()() as session:
        u = service.ensure_unit(session, unit) if unit else None
        account = Account(username=username, password_hash=_HASH[0], role=role, unit_id=u.id if u else None,
                          clearance=clearance)
        session.add(account)
        session.commit()
        session.refresh(account)
        token, _ = service._access_token(account)
        return User(role, unit, clearance, account.id, (("Authorization", f"Bearer {token}"),))


def all_users() -> list[User]:
    users = []
    for clearance in LEVELS:
        for role in ("admin", "clerk", "leader"):
            users.append(make_user(role, None, clearance, f"{role}-c{clearance}"))
        for k, unit in enumerate(UNITS):
            for role in ("unit_head", "unit_staff"):
                users.append(make_user(role, unit, clearance, f"{role}-{k}-c{clearance}"))
    return users


def text_for(n: int, level: int, lead: str, support: str, cites: str | None) -> str:
    cite = f"Căn cứ Thông báo số {cites} của UBND tỉnh;\n" if cites else ""
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n{STAMP[level]}Số: {n}/TB-UBND\n"
            f"Nghệ An, ngày {1 + n % 27:02d} tháng 10 năm 2024\n\nTHÔNG BÁO\nKết luận về chuyển đổi số lần {n}\n\n"
            f"{cite}Giao {lead} chủ trì, phối hợp với {support} triển khai chuyển đổi số matma{n}x, "
            f"hoàn thành trước ngày 30/11/2024.\n")


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from fastapi.testclient import TestClient
    from tests_support import Users, _reset_process_state

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
        for d in docs:
            d.data = text_for(d.n, *[(lv, lead, sup) for m, lv, _a, lead, sup in plan if m == d.n][0],
                              f"{d.n - 1}/TB-UBND" if d.n > 101 else None).encode()
        with held_worker() as gate:
            between_states(client, docs, admin, plan, ids)
            yield {"client": client, "docs": docs, "users": users, "engine": request.param, "gate": gate,
                   "population": all_users()}
    _reset_process_state()
    mp.undo()


@contextmanager
def held_worker() -> Iterator[threading.Event]:
    """Keep the in-process task worker busy: every task enqueued meanwhile waits (documents stay queued,
    reprocessing stays pending, index updates of an access change stay in flight)."""
    from services.core.dispatch import _in_process, wait_idle

    wait_idle(300)
    gate, started = threading.Event(), threading.Event()

    def block() -> None:
        started.set()
        gate.wait(900)

    _in_process().submit(block)
    assert started.wait(60)
    try:
        yield gate
    finally:
        gate.set()
        wait_idle(300)


def between_states(client: Any, docs: list[Doc], admin: dict[str, str], plan: list[Any], ids: dict[int, str]) -> None:
    """Add documents caught between states, with the worker held (see held_worker)."""
    from services.core.db import session_factory
    from services.ingest.models import Document

    uploader = make_user("clerk", None, 2, "uploader-c2")
    n = 200
    for level in LEVELS:  # queued, stamped at every level, uploaded by a clerk of clearance 2: provisional at 2
        n += 1
        data = text_for(n, level, UNITS[level], UNITS[(level + 1) % 4], None).encode()
        r = client.post("/documents", headers=uploader.h, files=[("files", (f"q{n}.txt", data, "text/plain"))])
        assert r.status_code == 202, r.text
        docs.append(Doc(r.json()["items"][0]["document_id"], n, f"{n}/TB-UBND", f"matma{n}x", 2, "internal", set(),
                        "queued", True, uploader.user_id, data))
    n += 1  # declared at upload: provisional at the declared level
    data = text_for(n, 0, UNITS[0], UNITS[1], None).encode()
    r = client.post("/documents", headers=admin, files=[("files", (f"q{n}.txt", data, "text/plain"))],
                    data={"level": "1"})
    admin_id = client.get("/auth/me", headers=admin).json()["user_id"]
    docs.append(Doc(r.json()["items"][0]["document_id"], n, f"{n}/TB-UBND", f"matma{n}x", 1, "internal", set(),
                    "queued", True, admin_id, data))
    with session_factory()() as session:  # the first unit of work of ingest.process: `extracting`
        session.get(Document, docs[-2].id).status = "extracting"  # type: ignore[union-attr]
        session.commit()
    docs[-2].state = "extracting"
    # failed: broken DOCX files stamped at every level (processed before the worker was held? no: they wait too,
    # so they are made to fail by the pipeline after the suite; here their state is `queued` with a broken body)
    for level in LEVELS:
        n += 1
        data = b"PK\x03\x04" + text_for(n, level, UNITS[level], UNITS[0], None).encode() + b"\x00" * 32
        r = client.post("/documents", headers=uploader.h, files=[("files", (f"f{n}.docx", data, "application/zip"))])
        doc_id = r.json()["items"][0]["document_id"]
        from services.ingest.tasks import run_process

        assert run_process(doc_id, follow_up=False)["status"] == "failed"  # run now (the worker is held): it fails
        docs.append(Doc(doc_id, n, f"{n}/TB-UBND", f"matma{n}x", 2, "internal", set(), "failed", True,
                        uploader.user_id, data))
    # reprocessing: done documents queued again (their access holds), and a failed one (still provisional)
    for d in [next(x for x in docs if x.level == lv and x.state == "done") for lv in LEVELS] + [docs[-1]]:
        assert client.post(f"/documents/{d.id}/reprocess", headers=admin).status_code == 202
        d.state = "reprocessing"
    # an access change in flight: tightened in the database, its re-indexing task waiting
    for d in [next(x for x in docs if x.level == 0 and x.audience == "public" and x.state == "done"),
              next(x for x in docs if x.level == 1 and x.audience == "internal" and x.state == "done")]:
        r = client.patch(f"/documents/{d.id}/access", json={"level": d.level + 2}, headers=admin)
        assert r.status_code == 200, r.text
        d.before = (d.level, d.audience)
        d.level += 2
    assert {d.state for d in docs} >= {"done", "queued", "extracting", "failed", "reprocessing"}


def visible_ids(docs: list[Doc], user: User) -> set[str]:
    return {d.id for d in docs if oracle(user.role, user.unit, user.clearance, d, user.user_id)}


def pick(corpus: dict[str, Any], role: str, unit: str | None, clearance: int) -> User:
    unit = None if role in ("admin", "clerk", "leader") else unit or UNITS[0]
    return next(u for u in corpus["population"] if (u.role, u.unit, u.clearance) == (role, unit, clearance))


def in_feed(d: Doc) -> bool:
    return d.audience == "public" and d.level == 0 and not d.provisional and d.state == "done"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(role=st.sampled_from(ROLES), unit=st.sampled_from([*UNITS, None]), clearance=st.sampled_from(LEVELS),
       word=st.sampled_from(["chuyển đổi số", "chuyen doi so", "thông báo", "Sở Xây dựng", "UBND", "matma"]),
       probe=st.integers(min_value=0, max_value=63))
def test_no_endpoint_leaks(corpus: dict[str, Any], role: str, unit: str | None, clearance: int, word: str,
                           probe: int) -> None:
    count("n")
    client, docs = corpus["client"], corpus["docs"]
    user = pick(corpus, role, unit, clearance)
    headers = user.h
    allowed = visible_ids(docs, user)
    searchable = {d.id for d in docs if search_may_show(user, d)}
    hidden = [d for d in docs if d.id not in allowed]
    by_id = {d.id: d for d in docs}
    who = f"{user.role}/{user.unit}/{user.clearance}"

    def no_secret(payload: str, permitted: set[str] = allowed) -> None:
        for d in hidden:
            if d.id in permitted:
                continue
            assert d.id not in payload, f"{who} sees hidden {d.number} ({d.state})"
            assert d.marker not in payload, f"{who} sees text of hidden {d.number} ({d.state})"

    # lists and totals
    listing = client.get("/documents", params={"limit": 200}, headers=headers).json()
    assert {i["id"] for i in listing["items"]} == allowed
    assert listing["total"] == len(allowed)

    # search: hits, totals, facets, highlights
    res = client.get("/search", params={"q": word, "limit": 100}, headers=headers)
    assert res.status_code == 200, res.text
    body = res.json()
    hit_ids = {h["document_id"] for h in body["hits"]}
    assert hit_ids <= searchable
    assert body["total"] == len(body["hits"])
    for facet, counts in body["facets"].items():
        if facet in ("type", "year"):
            assert sum(counts.values()) <= body["total"], facet
    no_secret(res.text, searchable)
    admin_view = client.get("/search", params={"q": word, "limit": 100},
                            headers=pick(corpus, "admin", None, 3).h).json()
    admin_hits = {h["document_id"] for h in admin_view["hits"]}
    assert admin_hits & allowed <= hit_ids <= admin_hits & searchable  # filtered inside, not truncated

    # exact numbers and suggestions
    target = docs[probe % len(docs)]
    num = client.get("/search", params={"q": target.number}, headers=headers).json()
    if target.id not in searchable:
        assert target.id not in {h["document_id"] for h in num["hits"]}
    sug = client.get("/suggest", params={"q": str(target.n)}, headers=headers)
    assert sug.status_code == 200
    for d in hidden:
        if d.id not in searchable:
            assert d.number not in sug.json()["suggestions"]

    # the public feed needs no login and shows public documents of level Thường only
    feed = client.get("/public/feed.json").json()
    assert {i["id"] for i in feed["items"]} == {d.id for d in docs if in_feed(d)}
    atom = client.get("/public/feed.atom").text
    for d in docs:
        assert (d.id in atom) == in_feed(d)

    # one document through every per-document endpoint
    paths = ["", "/original", "/citations"] + (["/similar"] if target.state in ("done", "reprocessing") else [])
    for path in paths:
        r = client.get(f"/documents/{target.id}{path}", headers=headers)
        assert r.status_code == (200 if target.id in allowed else 404), (path, target.state, r.text)
        if r.status_code == 200 and path not in ("/original", "/similar"):
            no_secret(r.text)
    if target.id in allowed:
        cit = client.get(f"/documents/{target.id}/citations", headers=headers).json()
        for link in cit["cites"] + cit["cited_by"]:
            assert link["document_id"] is None or link["document_id"] in allowed
        if "/similar" in paths:
            for h in client.get(f"/documents/{target.id}/similar", headers=headers).json():
                assert h["document_id"] in searchable and h["document_id"] in by_id


def test_every_user_document_and_endpoint(corpus: dict[str, Any]) -> None:
    """Exhaustive: every generated user × every document × every read path, each pair counted as a case.

    The lists (documents, search, tasks, the public feed) are read over HTTP once per user and checked for every
    document. The per-document routes (GET /documents/{id}, /original, /citations, /similar, reprocess, access)
    all open the document through one query, `ingest.service.get_document(session, id, visible_clause(scope))`:
    that query is run in-process for every pair (cheap), and the routes themselves over HTTP for a sample of
    pairs (one visible and one hidden document per user, when there are).
    """
    from services.core.auth.policy import scope_for
    from services.core.auth.service import principal_from_access_token
    from services.core.db import session_factory
    from services.ingest import service as ingest

    client, docs = corpus["client"], corpus["docs"]
    cases = 0
    feed = {i["id"] for i in client.get("/public/feed.json", params={"limit": 200}).json()["items"]}
    with session_factory()() as session:
        for user in corpus["population"]:
            headers = user.h
            allowed = visible_ids(docs, user)
            principal = principal_from_access_token(session, headers["Authorization"].split(" ", 1)[1])
            visible = ingest.visible_clause(scope_for(principal))
            listed = {i["id"] for i in client.get("/documents", params={"limit": 200},
                                                    headers=headers).json()["items"]}
            found = client.get("/search", params={"q": "thông báo", "limit": 100}, headers=headers)
            assert found.status_code == 200, found.text
            hits = {h["document_id"] for h in found.json()["hits"]}
            tasks = client.get("/tasks", params={"limit": 200}, headers=headers)
            assert tasks.status_code == 200, tasks.text
            task_docs = {str(t["document"]["id"]) for t in tasks.json()["items"] if isinstance(t.get("document"), dict)}
            for d in docs:
                may = d.id in allowed
                who = f"{user.role}/{user.unit}/{user.clearance} × {d.number} ({d.state}, level {d.level})"
                assert (ingest.get_document(session, d.id, visible) is not None) == may, f"get_document: {who}"
                assert (d.id in listed) == may, f"/documents: {who}"
                assert d.id not in hits or search_may_show(user, d), f"/search: {who}"
                assert d.id not in task_docs or may, f"/tasks: {who}"
                assert (d.id in feed) == in_feed(d), f"feed: {who}"
                cases += 5
            sample = [next((d for d in docs if d.id in allowed), None), next((d for d in docs if d.id not in allowed),
                                                                               None)]
            for d in (x for x in sample if x is not None):
                for path in ("", "/original", "/citations"):
                    r = client.get(f"/documents/{d.id}{path}", headers=headers)
                    assert r.status_code == (200 if d.id in allowed else 404), (path, user, d.number)
                    cases += 1
    count("exhaustive", cases)
    ENGINES_RUN.add(corpus["engine"])


def test_side_channels(corpus: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Duplicate answers, metrics and totals say nothing of hidden documents."""
    from services.core.config import reset_settings

    client, docs = corpus["client"], corpus["docs"]
    # a duplicate upload of a hidden document is a new upload, with no id of the hidden one
    all_ids = {d.id for d in docs}
    for clearance in (0, 1):
        clerk = pick(corpus, "clerk", None, clearance)
        for d in [x for x in docs if x.state == "done" and x.level > clearance][:3]:
            r = client.post("/documents", headers=clerk.h, files=[("files", (f"dup{d.n}.txt", d.data, "text/plain"))])
            assert r.status_code == 202, r.text
            item = r.json()["items"][0]
            visible = visible_ids(docs, clerk)
            assert not any(x.id in r.text for x in docs if x.id not in visible), (clearance, d.number)
            if item["duplicate"]:  # the same bytes, as a document this clerk may see (e.g. a colleague's copy)
                assert item["document_id"] in visible
            else:
                assert item["document_id"] not in all_ids
                docs.append(Doc(item["document_id"], d.n, d.number, d.marker, clearance, "internal", set(),
                                "queued", True, clerk.user_id, d.data))
                all_ids.add(item["document_id"])
            count("exhaustive")
    # a duplicate of a visible document is answered as one
    clerk3 = pick(corpus, "clerk", None, 3)
    seen = next(x for x in docs if x.state == "done" and x.level == 0)
    r = client.post("/documents", headers=clerk3.h, files=[("files", ("lai.txt", seen.data, "text/plain"))])
    assert r.json()["items"][0] == {**r.json()["items"][0], "duplicate": True, "document_id": seen.id}
    # /metrics: behind its token, and counting documents of known level Thường only
    monkeypatch.setenv("VANBAN_METRICS_TOKEN", "giam-sat")
    reset_settings()
    assert client.get("/metrics").status_code == 401
    metrics = client.get("/metrics", headers={"Authorization": "Bearer giam-sat"}).text
    counted = sum(float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
                  if line.startswith("vanban_documents{"))
    from services.core.db import session_factory
    from services.ingest.models import Document

    with session_factory()() as session:
        unclassified = session.query(Document).filter(Document.level == 0, Document.provisional.is_(False)).count()
        total = session.query(Document).count()
    assert counted == unclassified < total
    count("exhaustive")


def test_meetings_follow_the_policy(corpus: dict[str, Any]) -> None:
    """Meetings at every level × audience × attending unit: each user lists, opens and exports exactly those the
    policy allows (404 otherwise, as for a missing id), and sees a meeting's conclusion only if it may see that
    document."""
    client, docs = corpus["client"], corpus["docs"]
    admin = pick(corpus, "admin", None, 3)
    unit_ids = {u["name"]: u["id"] for u in client.get("/units", headers=admin.h).json()}
    secret_conclusion = next(d for d in docs if d.state == "done" and d.level == 2)
    meetings = []
    for level in LEVELS:
        for audience in ("public", "internal"):
            for unit in (UNITS[0], UNITS[2]):
                title = f"Giao ban mức {level} {audience} {unit}"
                r = client.post("/meetings", headers=admin.h, json={
                    "title": title, "level": level, "audience": audience, "meeting_date": "2026-12-01",
                    "unit_ids": [unit_ids[unit]], "series": f"leak-{level}-{audience}-{unit}"})
                assert r.status_code == 201, r.text
                m = r.json()
                if level >= 2:  # its conclusion is a Tối mật notice
                    assert client.put(f"/meetings/{m['id']}/conclusion", headers=admin.h,
                                      json={"document_id": secret_conclusion.id}).status_code == 200
                meetings.append((m["id"], title, level, audience, unit))
    cases = 0
    for user in corpus["population"]:
        listed = client.get("/meetings", params={"limit": 200}, headers=user.h)
        assert listed.status_code == 200, listed.text
        shown = {m["id"]: m for m in listed.json()["items"]}
        sees_conclusion = secret_conclusion.id in visible_ids(docs, user)
        for mid, title, level, audience, unit in meetings:
            may = level <= user.clearance and (user.role in ("admin", "clerk", "leader") or audience == "public"
                                               or user.unit == unit)
            who = f"{user.role}/{user.unit}/{user.clearance} × {title}"
            assert (mid in shown) == may, f"/meetings: {who}"
            if not may:
                assert title not in listed.text, who
            one = client.get(f"/meetings/{mid}", headers=user.h)
            assert one.status_code == (200 if may else 404), who
            if may and level >= 2:
                assert (one.json()["conclusion_document_id"] == secret_conclusion.id) == sees_conclusion, who
            if not sees_conclusion:
                assert secret_conclusion.id not in one.text and secret_conclusion.id not in listed.text, who
            cases += 2
        # the packs of a sample, as JSON
        for mid, title, *_ in meetings[::7]:
            may = mid in shown
            r = client.get(f"/meetings/{mid}/pack", headers=user.h)
            assert r.status_code == (200 if may else 404), (user.role, user.unit, user.clearance, title)
            cases += 1
    count("exhaustive", cases)


def test_report_cases() -> None:
    """Prints how many generated cases the leak suite ran (also in the run's summary, see tests/conftest.py)."""
    total = CASES["n"] + CASES["exhaustive"]
    print(f"leak suite: {CASES['n']} generated user×query cases, {CASES['exhaustive']} user×document×endpoint "
          f"cases; {total} in all")
    assert CASES["exhaustive"] > 0
    if len(ENGINES_RUN) == 2:  # CI: both engines
        assert total >= 10_000, total
