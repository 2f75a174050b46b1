"""Findings of the eighth attack (a review of the day's changes): one test each, against the real application. Each
failed before its fix. Invented notices."""
from __future__ import annotations

from typing import Any

import pytest

from services.core.dispatch import wait_idle


def test_a_client_cannot_grow_the_metrics_by_inventing_methods(anon_client: Any) -> None:
    """Every request is counted in the latency histogram under its method, route and status — before any credential
    is checked (the request-context middleware is outermost). The method was the client's own token: each new one
    ("ZZQ0", "ZZQ1", …) made a new series, kept for the life of the process and written into every /metrics
    scrape, so an anonymous client grew the server's memory and the scrape without bound. Methods outside the
    standard ones are counted together as OTHER."""
    from services.core.observability import REQUEST_LATENCY

    def series() -> set[tuple[str, ...]]:
        return set(REQUEST_LATENCY._metrics)  # the label sets the process keeps

    before = series()
    for i in range(12):
        r = anon_client.request(f"ZZQ{i}", "/healthz")
        assert r.status_code == 405
    assert anon_client.get("/healthz").status_code == 200
    new = series() - before
    assert {labels[0] for labels in new} <= {"GET", "OTHER"}, sorted(new)
    assert ("OTHER", "/healthz", "405") in series()


def test_a_copy_of_a_copy_follows_the_document_it_copies(client: Any) -> None:
    """Two files of a notice are registered (the first) and recognised (the second, a copy of the first). A third file
    of the same notice, received earlier but processed later (a scan whose OCR ran long, an e-mail intake held up),
    makes the first one a copy of itself (the earlier one is the registered document) — but the second file still
    pointed at the first, now a copy too: raising the registered notice to Tối mật raised the first file
    (`follow_access` follows direct copies) and left the second at Thường, the same text readable by the units it
    names. A document that becomes a copy hands its own copies over to the one it copies."""
    from datetime import timedelta

    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text
    from sqlalchemy import update

    from services.core.db import session_factory
    from services.ingest.models import Document

    clerk = fast_headers("clerk", clearance=3, username="vanthu-chuoi")
    leader = fast_headers("leader", clearance=3, username="lanhdao-chuoi")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt-chuoi")
    notice = notice_text("42/TB-UBND", "14/03/2011", [
        "Giao Sở Y tế chủ trì kiểm tra kho vắc xin kinhchuoi42, hoàn thành trước ngày 15/4/2011."])
    first = ingest(client, "tb-42.txt", notice.encode(), clerk)
    second = ingest(client, "tb-42-ban-sao.txt", (notice + "\n(Bản sao)\n").encode(), clerk)
    assert ok(client.get(f"/documents/{second}", headers=clerk))["registered_as"]["document_id"] == first
    earliest = ingest(client, "tb-42-ban-luu.txt", (notice + "\n(Bản lưu)\n").encode(), clerk)
    with session_factory()() as session:  # received before the first, processed after it
        born = session.get(Document, first).created_at
        session.execute(update(Document).where(Document.id == earliest).values(created_at=born - timedelta(hours=1)))
        session.commit()
    ok(client.post(f"/documents/{earliest}/reprocess", headers=clerk), 202)
    wait_idle(120)
    assert ok(client.get(f"/documents/{first}", headers=clerk))["registered_as"]["document_id"] == earliest
    assert client.get(f"/documents/{second}", headers=staff).status_code == 200

    ok(client.patch(f"/documents/{earliest}/access", headers=leader, json={"level": 2}))
    wait_idle(60)
    for name, doc in (("earliest", earliest), ("first", first), ("second", second)):
        assert client.get(f"/documents/{doc}", headers=staff).status_code == 404, name
        assert ok(client.get(f"/documents/{doc}", headers=clerk))["level"] == 2, name
    assert ok(client.get(f"/documents/{second}", headers=clerk))["registered_as"]["document_id"] == earliest


def test_the_audit_log_names_no_document_above_the_administrators_clearance(client: Any) -> None:
    """Finding 36 leaves out of an administrator's log the events about an object above her clearance. An event about
    an object she may see can still name another document in its detail: a Thường giao ban whose conclusion is a
    Tối mật notice (`conclusion_document_id`), a new version and the one it replaces (`supersedes`,
    `superseded_by`, once one of them is raised). The log of an administrator of clearance Thường gave her those
    ids, which every other answer keeps from her (findings 5 and 11). Such an id is shown as null to her."""
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text

    clerk = fast_headers("clerk", clearance=3, username="vanthu-nhatky")
    leader = fast_headers("leader", clearance=3, username="lanhdao-nhatky")
    admin0 = fast_headers("admin", clearance=0, username="quantri-nhatky0")
    admin3 = fast_headers("admin", clearance=3, username="quantri-nhatky3")
    r = client.post("/documents", headers=clerk, data={"level": "2"},
                    files=[("files", ("kl-toi-mat.txt", notice_text("43/TB-UBND", "02/03/2011", [
                        "Giao Sở Y tế kiểm tra kinhnhatky43."]).encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    secret = r.json()["items"][0]["document_id"]
    old = ingest(client, "tb-44.txt", notice_text("44/TB-UBND", "03/03/2011", [
        "Giao Sở Y tế kiểm tra kinhnhatky44."]).encode(), clerk)
    new = ingest(client, "tb-44-moi.txt", notice_text("45/TB-UBND", "04/03/2011", [
        "Giao Sở Y tế kiểm tra lại kinhnhatky44."]).encode(), clerk)
    meeting = ok(client.post("/meetings", headers=leader, json={"title": "Giao ban kinhnhatky thường", "level": 0,
                                                                 "meeting_date": "2026-12-12"}), 201)
    ok(client.put(f"/meetings/{meeting['id']}/conclusion", headers=leader, json={"document_id": secret}))
    ok(client.post(f"/documents/{new}/supersede", headers=clerk, json={"replaces": old}))
    ok(client.patch(f"/documents/{old}/access", headers=leader, json={"level": 1}))
    wait_idle(60)

    def log(headers: dict[str, str]) -> str:
        return str(ok(client.get("/audit", headers=headers, params={"limit": 500}))["items"])

    everything = log(admin3)
    assert secret in everything and old in everything  # the auditor of full clearance reads them
    shown = log(admin0)
    assert meeting["id"] in shown and new in shown  # the events she may see are there
    for hidden in (secret, old):
        assert hidden not in shown, hidden


def test_a_registered_document_raised_by_reprocessing_raises_its_copies(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A notice and another file of it were read without their "MẬT" stamp (an earlier version's reading: a missed
    text layer, a stamp pattern not known yet) and kept at Thường, the second as a copy of the first. Reprocessing
    the notice reads its stamp and raises it to Mật (reprocessing only ever raises a level, finding 20) — but its
    copies follow a clerk's access change only (`set_access` → `follow_access`), not processing: the copy, the same
    text, stayed readable at Thường by the units it names. Processing a registered document now makes its copies
    follow too."""
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text

    from services.core.auth import policy
    from services.ingest import service as ingest_service

    clerk = fast_headers("clerk", clearance=3, username="vanthu-dau-mat")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt-dau-mat")
    notice = "MẬT\n" + notice_text("46/TB-UBND", "05/03/2011", [
        "Giao Sở Y tế chủ trì kiểm tra kho vắc xin kinhdaumat46, hoàn thành trước ngày 15/4/2011."])
    with monkeypatch.context() as m:
        for module in (ingest_service, policy):  # the earlier reading: no stamp read
            m.setattr(module, "level_of_stamp", lambda _stamp: 0)
        registered = ingest(client, "tb-46.txt", notice.encode(), clerk)
        copy = ingest(client, "tb-46-ban-sao.txt", (notice + "\n(Bản sao)\n").encode(), clerk)
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == registered
    assert client.get(f"/documents/{copy}", headers=staff).status_code == 200
    ok(client.post(f"/documents/{registered}/reprocess", headers=clerk), 202)
    wait_idle(120)
    assert ok(client.get(f"/documents/{registered}", headers=clerk))["level"] == 1
    assert ok(client.get(f"/documents/{copy}", headers=clerk))["level"] == 1
    for doc in (registered, copy):
        assert client.get(f"/documents/{doc}", headers=staff).status_code == 404, doc
