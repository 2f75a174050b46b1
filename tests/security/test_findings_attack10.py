"""Tenth attack (a review of the session's merges): the moments a document's first briefing sync — its access units,
task units and first events now written by one INSERT per table after the flush — meets a clerk's or leader's
change, checked over HTTP on both databases (SECURITY.md, 53: checked and sound). Invented notices."""
from __future__ import annotations

import threading
from typing import Any

import pytest


def _briefing_rows(document_id: str) -> tuple[list[Any], list[str], list[Any], list[str]]:
    """(document level and audience, its access units) as ingest holds them and as briefing's copy holds them."""
    from sqlalchemy import text as sql

    from services.core.db import session_factory

    with session_factory()() as s:
        doc = list(s.execute(sql("SELECT level, audience FROM documents WHERE id = :i"), {"i": document_id}).one())
        units = sorted(s.scalars(sql("SELECT unit_key FROM document_units WHERE document_id = :i AND relation = "
                                     "'access'"), {"i": document_id}))
        copy = list(s.execute(sql("SELECT level, audience FROM briefing_documents WHERE document_id = :i"),
                              {"i": document_id}).one())
        access = sorted(s.scalars(sql("SELECT unit_key FROM briefing_document_access WHERE document_id = :i"),
                                  {"i": document_id}))
    return doc, units, copy, access


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_change_of_access_during_a_documents_first_sync_is_what_briefing_keeps(
        db_backend: str, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first sync writes briefing's copy, then its access units, task units and events by Core INSERTs after the
    flush. A leader raising the notice to Mật and restricting it to another unit while that sync is between its
    writes and its commit (tasks sent at extraction) waits for it (the sync holds the document: FOR SHARE on
    PostgreSQL, the write lock on SQLite) and then makes briefing's copy follow, in the same transaction — read here
    before the sync its change asks for runs: no task of it reaches the unit it names, at Thường or after the
    restriction, at any moment."""
    from helpers.briefing import fast_headers, ok, unit_ids
    from helpers.locks import until_blocked_or_done
    from helpers.notices import notice_text

    import services.briefing.sync as sync
    from services.core.dispatch import wait_idle

    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")
    clerk = fast_headers("clerk", clearance=3, username="vanthu-dau10")
    leader = fast_headers("leader", clearance=3, username="lanhdao-dau10")
    staff0 = fast_headers("unit_staff", "Sở Y tế", 0, "syt0-dau10")
    staff1 = fast_headers("unit_staff", "Sở Y tế", 1, "syt1-dau10")
    fast_headers("unit_staff", "Sở Tài chính", 1, "stc-dau10")
    notice = notice_text("53/TB-UBND", "19/03/2011", [
        "Giao Sở Y tế chủ trì kiểm tra kho vắc xin kinhdau53, hoàn thành trước ngày 25/4/2011."])
    written, go_on = threading.Event(), threading.Event()
    real = sync._NewRows.write

    def write_then_wait(self: Any, session: Any) -> None:
        real(self, session)
        if self.units and not written.is_set():  # the first sync's rows are written, not committed
            written.set()
            go_on.wait(30)

    monkeypatch.setattr(sync._NewRows, "write", write_then_wait)
    later, real_many = threading.Event(), sync.sync_documents
    calls: list[Any] = []

    def later_ones_wait(session: Any, document_ids: Any, each: Any) -> None:
        calls.append(document_ids)
        if len(calls) > 1:  # the sync the change asks for waits until the state between is read
            later.wait(30)
        real_many(session, document_ids, each)

    monkeypatch.setattr(sync, "sync_documents", later_ones_wait)
    r = client.post("/documents", files=[("files", ("tb-53.txt", notice.encode(), "text/plain"))], headers=clerk)
    assert r.status_code == 202, r.text
    doc = r.json()["items"][0]["document_id"]
    answers: list[Any] = []
    change = threading.Thread(target=lambda: answers.append(client.patch(
        f"/documents/{doc}/access", headers=leader,
        json={"level": 1, "audience": "units", "units": ["Sở Tài chính"]})))
    try:
        assert written.wait(60)
        change.start()
        until_blocked_or_done(change, db_backend)  # it waits for the sync to commit
        go_on.set()
        change.join(60)
        ok(answers[0])
        assert _briefing_rows(doc) == ([1, "units"], ["so tai chinh"], [1, "units"], ["so tai chinh"])
    finally:
        go_on.set()
        later.set()
        if change.ident is not None:
            change.join(60)
    wait_idle(60)
    assert _briefing_rows(doc) == ([1, "units"], ["so tai chinh"], [1, "units"], ["so tai chinh"])
    tasks = ok(client.get("/tasks", headers=clerk, params={"document_id": doc}))["items"]
    assert tasks and all(t["sent_at"] for t in tasks), tasks  # sent at extraction: what the units would read
    unit = unit_ids(client, clerk)["Sở Y tế"]
    for staff in (staff0, staff1):
        seen = [client.get(f"/units/{unit}/tasks", headers=staff).text, client.get("/tasks", headers=staff).text,
                client.get(f"/documents/{doc}", headers=staff).text]
        assert "kinhdau53" not in "".join(seen), seen
        assert all(client.get(f"/tasks/{t['id']}", headers=staff).status_code == 404 for t in tasks)


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_copy_decided_distinct_gets_its_first_proposals_within_the_access_it_inherited(
        db_backend: str, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy's first sync makes briefing's copy without tasks; a clerk's 'distinct' then syncs it again with all its
    proposals new — the new one-INSERT path with an existing briefing copy (its access by the old path). The tasks
    stay within the access the copy inherited (Mật, restricted to another unit than the one they name)."""
    from helpers.briefing import fast_headers, ingest, ok, unit_ids
    from helpers.notices import notice_text

    from services.core.dispatch import wait_idle

    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")
    clerk = fast_headers("clerk", clearance=3, username="vanthu-rieng10")
    leader = fast_headers("leader", clearance=3, username="lanhdao-rieng10")
    staff = fast_headers("unit_staff", "Sở Y tế", 1, "syt-rieng10")
    notice = notice_text("54/TB-UBND", "19/03/2011", [
        "Giao Sở Y tế chủ trì rà soát sổ sách kinhrieng54, hoàn thành trước ngày 25/4/2011."])
    registered = ingest(client, "tb-54.txt", notice.encode(), clerk)
    ok(client.patch(f"/documents/{registered}/access", headers=leader,
                    json={"level": 1, "audience": "units", "units": ["Sở Tài chính"]}))
    wait_idle(60)
    copy = ingest(client, "tb-54-ban-sao.txt", (notice + "\n(Bản sao)\n").encode(), clerk)
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == registered
    assert ok(client.get("/tasks", headers=clerk, params={"document_id": copy}))["total"] == 0
    ok(client.post(f"/documents/{copy}/distinct", headers=clerk))
    wait_idle(60)
    tasks = ok(client.get("/tasks", headers=clerk, params={"document_id": copy}))["items"]
    assert tasks and all(t["sent_at"] for t in tasks), tasks
    assert _briefing_rows(copy) == ([1, "units"], ["so tai chinh"], [1, "units"], ["so tai chinh"])
    unit = unit_ids(client, clerk)["Sở Y tế"]
    seen = [client.get(f"/units/{unit}/tasks", headers=staff).text, client.get("/tasks", headers=staff).text,
            client.get("/search", headers=staff, params={"q": "kinhrieng54"}).text]
    assert "kinhrieng54" not in "".join(seen), seen
    assert all(client.get(f"/tasks/{t['id']}", headers=staff).status_code == 404 for t in tasks)
