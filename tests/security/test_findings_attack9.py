"""Findings of the ninth attack (a review of the last two sessions' changes): one test each, against the real
application. Each failed before its fix. Invented notices."""
from __future__ import annotations

from typing import Any

import pytest


def test_accepting_a_units_name_again_shows_no_webhook_address(client: Any) -> None:
    """A unit's webhook address is shown to administrators only (finding 39), but accepting a proposed unit name
    (`POST /units/proposals/accept`, clerks and leaders) answers the unit it lands on — and a name the directory
    already holds lands on that unit: a clerk posting "Sở Y tế" got Sở Y tế's webhook address. The answer now
    passes through the same decision as the unit list (`permissions.sees_webhooks`)."""
    from helpers.briefing import fast_headers, ok, unit_ids

    admin = fast_headers("admin", clearance=3, username="quantri-hook9")
    fast_headers("unit_staff", "Sở Y tế", 0, "nv-hook9")  # the unit is in the directory
    hook = "https://93.184.216.34/hooks/bi-mat-kinhhook47"
    unit = unit_ids(client, admin)["Sở Y tế"]
    ok(client.put(f"/units/{unit}/contacts", headers=admin, json={"email": "syt@example.vn", "webhook_url": hook}))
    for role in ("clerk", "leader"):
        who = fast_headers(role, clearance=3, username=f"{role}-hook9")
        got = ok(client.post("/units/proposals/accept", headers=who, json={"name": "Sở Y tế"}))
        assert got["id"] == unit and got["webhook_url"] is None, got
        assert "kinhhook47" not in str(got)
    assert ok(client.post("/units/proposals/accept", headers=admin, json={"name": "Sở Y tế"}))["webhook_url"] == hook


def test_a_copy_stays_a_copy_when_its_uploader_may_no_longer_see_the_registered_document(client: Any) -> None:
    """A copy is recognised among the documents its uploader may see (finding 11) and follows the registered document
    from then on (`follow_access`). Reprocessing looked for the match again among what the uploader sees *now*: the
    clerk who had uploaded both files, her clearance since lowered, no longer saw the registered notice (raised to
    Mật meanwhile), so the copy was registered in its own right — indexed, and followed by no one. The notice raised
    again, to Tối mật, left its other file at Mật: the same text readable by the Mật-cleared staff of the units it
    names. A link already made stands over the uploader's scope (it tells the uploader nothing: she sees neither)."""
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text

    from services.core.dispatch import wait_idle

    admin = fast_headers("admin", clearance=3, username="quantri-ban9")
    uploader = fast_headers("clerk", clearance=3, username="vanthu-ban9")
    clerk = fast_headers("clerk", clearance=3, username="vanthu2-ban9")
    leader = fast_headers("leader", clearance=3, username="lanhdao-ban9")
    staff = fast_headers("unit_staff", "Sở Y tế", 1, "syt-ban9")
    notice = notice_text("48/TB-UBND", "16/03/2011", [
        "Giao Sở Y tế chủ trì rà soát kho thuốc kinhban48, hoàn thành trước ngày 20/4/2011."])
    registered = ingest(client, "tb-48.txt", notice.encode(), uploader)
    copy = ingest(client, "tb-48-ban-sao.txt", (notice + "\n(Bản sao)\n").encode(), uploader)
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == registered
    ok(client.patch(f"/documents/{registered}/access", headers=leader, json={"level": 1}))
    wait_idle(60)
    assert ok(client.get(f"/documents/{copy}", headers=staff))["level"] == 1  # Mật: the staff are cleared for it
    ok(client.patch("/users/vanthu-ban9", headers=admin, json={"clearance": 0}))  # she sees neither file now

    ok(client.post(f"/documents/{copy}/reprocess", headers=clerk), 202)  # e.g. everything after an upgrade
    wait_idle(120)
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == registered
    ok(client.patch(f"/documents/{registered}/access", headers=leader, json={"level": 2}))
    wait_idle(60)
    assert client.get(f"/documents/{registered}", headers=staff).status_code == 404
    assert client.get(f"/documents/{copy}", headers=staff).status_code == 404
    assert "kinhban48" not in str(client.get("/search", headers=staff, params={"q": "kinhban48"}).json())


@pytest.mark.parametrize(("db_backend", "engine_name"), [("sqlite", "tantivy"), ("postgres", "es")],
                         indirect=["db_backend"])
def test_a_copy_arriving_while_its_registered_document_is_read_again_is_recognised(
        db_backend: str, engine_name: str, client: Any, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    """A copy is looked for among processed documents (`status == done`). A registered notice being read again —
    queued or extracting for a reprocessing, or left `failed` by one (its original unreadable for a while) — keeps its
    text, level and identity, but was no candidate: another file of it processed meanwhile was registered in its own
    right, at its own level, indexed and followed by no one. The notice raised to Mật by a leader was readable at
    Thường through that file by the staff of the units it names (and with two workers, the file processed while the
    notice's reprocessing ran stayed so for good: neither reading saw the other done). A document read before is a
    candidate under the identity it was read with."""
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text

    from services.core.config import get_settings
    from services.core.dispatch import wait_idle
    from services.ingest.service import store

    if engine_name == "es":
        monkeypatch.setenv("VANBAN_ELASTICSEARCH_URL", request.getfixturevalue("elasticsearch_url"))
        get_settings.cache_clear()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-doc9")
    leader = fast_headers("leader", clearance=3, username="lanhdao-doc9")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt-doc9")
    notice = notice_text("49/TB-UBND", "17/03/2011", [
        "Giao Sở Y tế chủ trì kiểm kê trang thiết bị kinhdoc49, hoàn thành trước ngày 22/4/2011."])
    registered = ingest(client, "tb-49.txt", notice.encode(), clerk)
    ok(client.patch(f"/documents/{registered}/access", headers=leader, json={"level": 1}))
    original = store().path_for(ok(client.get(f"/documents/{registered}", headers=clerk))["sha256"])
    aside = original.with_name(original.name + ".aside")
    original.rename(aside)  # the share holding the originals is away for a while: the reprocessing fails
    try:
        ok(client.post(f"/documents/{registered}/reprocess", headers=clerk), 202)
        wait_idle(60)
        assert ok(client.get(f"/documents/{registered}", headers=clerk))["status"] == "failed"
        copy = ingest(client, "tb-49-ban-sao.txt", (notice + "\n(Bản sao)\n").encode(), clerk)
    finally:
        aside.rename(original)
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == registered
    assert client.get(f"/documents/{copy}", headers=staff).status_code == 404
    assert "kinhdoc49" not in str(client.get("/search", headers=staff, params={"q": "kinhdoc49"}).json())


def test_a_secret_meetings_page_carries_its_mark_when_printed(client: Any) -> None:
    """The giao ban pack is printed from its page now (Ctrl+P shows the content only). Its DOCX and Excel carry the
    meeting's own level as well as the content's (`max(pack.level, meeting.level)`), but the page showed the mark of
    the tasks it lists only: a Mật meeting whose listed tasks were Thường printed with no mark at all — a Mật paper
    without its "MẬT". The page's level is the meeting's and the content's, like the exports."""
    from helpers.briefing import ok
    from helpers.web import ui_login

    from services.core.auth import service
    from services.core.db import session_factory

    with session_factory()() as session:
        service.create_user(session, "lanhdao-in9", "mat-khau-in-123", "leader", None, 3)
        session.commit()
    me = ui_login(client, "lanhdao-in9", "mat-khau-in-123", "/ui/me", follow_redirects=True)
    assert me.status_code == 200, me.text[:300]
    meeting = ok(client.post("/meetings", json={"title": "Giao ban kinhin50", "meeting_date": "2026-12-10",
                                                "level": 1}), 201)
    page = client.get(f"/ui/meetings/{meeting['id']}")
    assert page.status_code == 200 and "kinhin50" in page.text, page.text[:300]
    assert 'id="pack-level"' in page.text and "lvl-1" in page.text, page.text


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_copy_following_its_registered_document_keeps_a_level_raised_meanwhile(
        client: Any, db_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Raising a registered notice makes its copies follow (`follow_access`): each copy read, then raised to the
    notice's level if below it. The copies were read without a lock (PostgreSQL): a clerk raising the copy itself to
    Tối mật, committed between that read and the write, was written over with the notice's Mật — decided from the
    level read before her change. The copy's Tối mật text was readable at Mật. The copies are now read as they stand
    and held until the change commits (her change waits for it, then applies)."""
    import threading

    from helpers.briefing import fast_headers, ingest, ok
    from helpers.locks import until_blocked_or_done
    from helpers.notices import notice_text

    import services.ingest.identity as identity
    from services.core.dispatch import wait_idle

    clerk = fast_headers("clerk", clearance=3, username="vanthu-theo9")
    leader = fast_headers("leader", clearance=3, username="lanhdao-theo9")
    staff = fast_headers("unit_staff", "Sở Y tế", 1, "syt-theo9")
    notice = notice_text("51/TB-UBND", "18/03/2011", [
        "Giao Sở Y tế chủ trì rà soát hồ sơ kinhtheo51, hoàn thành trước ngày 25/4/2011."])
    registered = ingest(client, "tb-51.txt", notice.encode(), clerk)
    copy = ingest(client, "tb-51-ban-sao.txt", (notice + "\n(Bản sao)\n").encode(), clerk)
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == registered

    read, go_on = threading.Event(), threading.Event()
    real = identity._inherit_access

    def read_then_wait(session: Any, doc: Any, reg: Any, set_units: Any) -> None:
        if doc.id == copy and not read.is_set():  # the copy is read; the notice's change has not committed
            read.set()
            go_on.wait(60)
        real(session, doc, reg, set_units)

    monkeypatch.setattr(identity, "_inherit_access", read_then_wait)
    answers: list[Any] = []
    raising = threading.Thread(target=lambda: answers.append(
        client.patch(f"/documents/{registered}/access", headers=leader, json={"level": 1})))
    raising.start()
    own: list[Any] = []
    secret = threading.Thread(target=lambda: own.append(
        client.patch(f"/documents/{copy}/access", headers=clerk, json={"level": 2})))
    try:
        assert read.wait(60)
        secret.start()

        until_blocked_or_done(secret, db_backend)  # her change committed, or waits for the notice's
    finally:
        go_on.set()
        raising.join(60)
        if secret.ident is not None:
            secret.join(60)
    ok(answers[0])
    ok(own[0])
    wait_idle(60)
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["level"] == 2
    assert client.get(f"/documents/{copy}", headers=staff).status_code == 404
