"""Findings of the sixth attack (batches across documents and the moments between states): one test each, against
the real application on SQLite and/or real PostgreSQL. Each failed before its fix. Invented notices."""
from __future__ import annotations

import threading
from typing import Any

import pytest

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")


@BOTH
def test_a_sync_batch_never_writes_an_access_read_before_a_clerk_raised_it(client: Any) -> None:
    """A batch of `briefing.sync_documents` reads the views of its documents first, then syncs them one by one. A
    clerk raises one of them to Mật and commits in between (briefing's copy follows in her transaction): the batch
    then wrote the level it had read, Thường, over briefing's copy — the unit's inbox and the reports showed the
    task of a Mật document to staff of clearance Thường until the re-queued sync ran (behind the workers' backlog).
    The batch must copy the access as it stands when it writes (PostgreSQL: concurrent transactions)."""
    from helpers.briefing import confirm_all, fast_headers, inbox, ingest, unit_ids
    from helpers.notices import notice_text
    from security.test_findings import held_queue
    from sqlalchemy import select

    from services.briefing.models import TrackedDocument
    from services.briefing.sync import sync_documents
    from services.core.db import savepoint, session_factory

    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    head0 = fast_headers("unit_head", "Sở Y tế", 0, "syt-thuong")
    doc = ingest(client, "tb-61.txt", notice_text("61/TB-UBND", "14/03/2009", [
        "Giao Sở Y tế chủ trì rà soát kho thuốc dự trữ kinhkho61, hoàn thành trước ngày 15/4/2009."]).encode(),
        clerk)
    confirm_all(client, clerk, doc)
    wait_idle(60)
    unit = unit_ids(client, clerk)["Sở Y tế"]
    assert [t["document"]["id"] for t in inbox(client, unit, head0)["items"]] == [doc]

    read, raised = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def batch() -> None:
        try:
            with session_factory()() as session:
                def each(_document_id: str, sync: Any) -> None:
                    read.set()  # the views are read
                    raised.wait(3)  # the clerk's change commits meanwhile (with the fix, it waits for this batch)
                    with savepoint(session):
                        sync()

                sync_documents(session, [doc], each)
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    def clerk_raises() -> None:
        try:
            r = client.patch(f"/documents/{doc}/access", json={"level": 1}, headers=clerk)
            assert r.status_code == 200, r.text
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            raised.set()

    with held_queue():  # the sync the clerk's change queues again waits behind other work
        t_batch = threading.Thread(target=batch)
        t_batch.start()
        assert read.wait(30)
        t_clerk = threading.Thread(target=clerk_raises)
        t_clerk.start()
        t_batch.join(60)
        t_clerk.join(60)
        assert not errors, errors
        with session_factory()() as session:
            level = session.scalar(select(TrackedDocument.level).where(TrackedDocument.document_id == doc))
        assert level == 1
        assert inbox(client, unit, head0)["items"] == []
    wait_idle(60)
    assert inbox(client, unit, head0)["items"] == []


@BOTH
def test_processing_never_writes_over_an_access_set_while_it_read_the_file(
        client: Any, db_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ingest.process` loads the document, reads its file (seconds for a long PDF) and writes the result in the
    same unit of work. A clerk who restricts the document meanwhile (Tuyệt mật, only Sở Tài chính: she knows the
    letter before the stamp is read) commits first; the result was then written from the document as loaded before
    her change: the level fell to the stamp's (none: Thường) and the units the tasks name (Sở Y tế) were added to
    its readers — Sở Y tế's staff of clearance Thường read a document restricted to another unit at Tuyệt mật."""
    from helpers.briefing import fast_headers, ok
    from helpers.notices import notice_text

    import services.ingest.parsers as parsers

    reading, changed = threading.Event(), threading.Event()
    real_parse = parsers.parse_document

    def slow_parse(*args: Any, **kwargs: Any) -> Any:  # a long file: the clerk acts while it is read
        reading.set()
        changed.wait(5)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(parsers, "parse_document", slow_parse)
    uploader = fast_headers("clerk", clearance=2, username="vanthu2")
    clerk = fast_headers("clerk", clearance=3, username="vanthu3")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt1")
    fast_headers("unit_staff", "Sở Tài chính", 3, "stc1")
    text = notice_text("62/TB-UBND", "14/03/2009", [
        "Giao Sở Y tế chủ trì kiểm kê kho vật tư kinhkiem62, hoàn thành trước ngày 15/4/2009."])
    r = client.post("/documents", files=[("files", ("tb-62.txt", text.encode(), "text/plain"))], headers=uploader)
    assert r.status_code == 202, r.text
    doc = r.json()["items"][0]["document_id"]
    try:
        assert reading.wait(60)
        ok(client.patch(f"/documents/{doc}/access", headers=clerk,
                        json={"level": 3, "audience": "units", "units": ["Sở Tài chính"]}))
    finally:
        changed.set()
    wait_idle(120)
    seen = ok(client.get(f"/documents/{doc}", headers=clerk))
    assert seen["status"] == "done" and seen["level"] == 3 and seen["audience"] == "units", seen
    assert client.get(f"/documents/{doc}", headers=staff).status_code == 404
    listing = client.get("/documents", headers=staff, params={"limit": 200})
    assert doc not in listing.text
    found = client.get("/search", headers=staff, params={"q": "kinhkiem62"})
    assert found.status_code == 200 and found.json()["total"] == 0, found.text


@BOTH
def test_totals_never_count_a_document_raised_by_reprocessing_before_it_is_reindexed(client: Any) -> None:
    """A clerk of clearance Thường uploads an unstamped copy of a Mật notice she may not see: it stays an ordinary
    Thường document (finding 11). She is promoted (Mật) and the copy is reprocessed: it is now recognised and raised
    to Mật. Until its re-indexing runs (the workers behind), a leader of clearance Thường searching its words saw no
    hit on the page — the page is checked against the database — but the total (and the facets) off the page still
    counted it: the level was raised without marking the document as recently tightened (finding 7)."""
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.notices import notice_text
    from security.test_findings import held_queue

    from services.core.dispatch import run_task

    items = ["Giao Sở Y tế chủ trì rà soát phương án sơ tán bí mật kinhmat63, hoàn thành trước ngày 15/4/2009."]
    text = notice_text("63/TB-UBND", "14/03/2009", items)
    top = fast_headers("clerk", clearance=3, username="vanthu3")
    low = fast_headers("clerk", clearance=0, username="vanthu0")
    leader0 = fast_headers("leader", clearance=0, username="lanhdao0")
    secret = ingest(client, "tb-63-mat.txt", text.replace("Số: 63/TB-UBND\n", "Số: 63/TB-UBND\nMẬT\n").encode(),
                    top)
    copy = ingest(client, "ban-sao-63.txt", (text + "\n").encode(), low)
    assert ok(client.get(f"/documents/{copy}", headers=top))["level"] == 0  # she could not see the Mật one
    ok(client.patch("/users/vanthu0", json={"clearance": 1}))

    def total() -> int:
        r = client.get("/search", headers=leader0, params={"q": "kinhmat63", "offset": 5, "limit": 1})
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert total() == 1
    with held_queue():  # its re-indexing waits behind other work
        run_task("ingest.process", copy, True)  # reprocessed (after an upgrade): recognised, raised to Mật
        assert ok(client.get(f"/documents/{copy}", headers=top))["level"] == 1
        assert secret != copy and total() == 0
    wait_idle(120)
    assert total() == 0


@BOTH
def test_ocr_never_writes_over_an_access_set_while_it_wrote_the_text(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same moment for a scan: `ingest.ocr` reads the pages outside any transaction, then loads the document,
    looks for the registered document it may copy (a few queries) and writes the result from the document as loaded.
    A clerk's restriction committed in between (Tuyệt mật, Sở Tài chính only) was written over: level of the stamp
    (none) and the units its tasks name added to its readers. (The pages' text comes from a text layer this engine
    version already stored — a task killed after OCR redoes only the cheap part — so no Tesseract run is needed.)"""
    import json

    from helpers.briefing import fast_headers, ok
    from helpers.notices import notice_text
    from security.test_findings import held_queue

    import services.ingest.identity as identity
    from services.core.db import session_factory
    from services.ingest.models import Document, DocumentStatus
    from services.ingest.ocr import ENGINE_VERSION
    from services.ingest.ocr.schedule import set_ocr_state
    from services.ingest.scans import run_ocr
    from services.ingest.service import store

    uploader = fast_headers("clerk", clearance=2, username="vanthu2")
    clerk = fast_headers("clerk", clearance=3, username="vanthu3")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt1")
    text = notice_text("64/TB-UBND", "14/03/2009", [
        "Giao Sở Y tế chủ trì kiểm kê kho vật tư kinhquet64, hoàn thành trước ngày 15/4/2009."])
    errors: list[BaseException] = []
    real_prepare = identity.prepare

    def clerk_restricts() -> None:
        try:
            ok(client.patch(f"/documents/{doc}/access", headers=clerk,
                            json={"level": 3, "audience": "units", "units": ["Sở Tài chính"]}))
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    threads: list[threading.Thread] = []

    def prepare_meanwhile(*args: Any, **kwargs: Any) -> Any:  # the clerk's change commits during the write
        t = threading.Thread(target=clerk_restricts)
        threads.append(t)
        t.start()
        t.join(3)  # with the fix the change waits for this write
        return real_prepare(*args, **kwargs)

    with held_queue():  # the upload's own processing waits: the document is handed to OCR by hand below
        r = client.post("/documents", files=[("files", ("scan-64.pdf", b"%PDF-1.4 scan", "application/pdf"))],
                        headers=uploader)
        assert r.status_code == 202, r.text
        doc = r.json()["items"][0]["document_id"]
        layer = store().put(json.dumps({"text": text, "confidence": 0.9, "pages": 1}).encode())
        with session_factory()() as session:
            row = session.get(Document, doc)
            assert row is not None
            row.status = DocumentStatus.extracting
            set_ocr_state(row, state="running", text_layer=layer, version=ENGINE_VERSION, pages_total=1)
            session.commit()
        monkeypatch.setattr(identity, "prepare", prepare_meanwhile)
        assert run_ocr(doc)["status"] == "done"
        monkeypatch.setattr(identity, "prepare", real_prepare)
        for t in threads:  # the clerk's request ends before the test goes on (never left running at teardown)
            t.join(60)
            assert not t.is_alive(), "the clerk's change never finished"
    wait_idle(120)
    assert not errors, errors
    seen = ok(client.get(f"/documents/{doc}", headers=clerk))
    assert seen["status"] == "done" and seen["level"] == 3 and seen["audience"] == "units", seen
    assert client.get(f"/documents/{doc}", headers=staff).status_code == 404


def test_a_stamp_read_at_last_raises_a_level_a_clerk_set_on_an_unread_scan(
        client: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """A scan arrives while Tesseract is not installed: `needs_ocr`, its stamp unread, provisional (declared Thường
    at upload). A clerk of clearance Thường opens it to everyone (Thường, public: on the e-portal feed) so the units
    can read the image. Tesseract is installed and the scan is reprocessed: OCR reads "MẬT". The clerk's level
    stood ("a level a clerk set after reading stands") — but nobody had read the stamp: a clerk had declassified a
    Mật document, which only a leader may do. A level set while the stamp was never read is a floor the stamp can
    raise (as while queued or extracting, finding 15)."""
    import json

    from fixtures.builders import make_scanned_pdf
    from helpers.briefing import fast_headers, ok
    from helpers.notices import notice_text

    from services.core.db import session_factory
    from services.ingest.models import Document
    from services.ingest.ocr import ENGINE_VERSION
    from services.ingest.ocr.schedule import set_ocr_state
    from services.ingest.service import store

    clerk0 = fast_headers("clerk", clearance=0, username="vanthu0")
    clerk3 = fast_headers("clerk", clearance=3, username="vanthu3")
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "syt1")
    monkeypatch.setenv("VANBAN_TESSERACT", str(tmp_path / "no-tesseract"))
    r = client.post("/documents", files=[("files", ("quet-65.pdf", make_scanned_pdf(), "application/pdf"))],
                    data={"level": "0"}, headers=clerk0)
    assert r.status_code == 202, r.text
    doc = r.json()["items"][0]["document_id"]
    wait_idle(60)
    assert ok(client.get(f"/documents/{doc}", headers=clerk0))["status"] == "needs_ocr"
    ok(client.patch(f"/documents/{doc}/access", headers=clerk0, json={"level": 0, "audience": "public"}))
    assert client.get(f"/documents/{doc}", headers=staff).status_code == 200  # opened: the image only
    monkeypatch.delenv("VANBAN_TESSERACT")  # Tesseract installed; its reading of the pages (stored as a text layer
    text = notice_text("65/TB-UBND", "14/03/2009", [  # of this engine version, so that no OCR runs here)
        "Giao Sở Y tế chủ trì rà soát phương án sơ tán kinhquet65, hoàn thành trước ngày 15/4/2009."])
    text = text.replace("Số: 65/TB-UBND\n", "Số: 65/TB-UBND\nMẬT\n")
    layer = store().put(json.dumps({"text": text, "confidence": 0.9, "pages": 1}).encode())
    with session_factory()() as session:
        row = session.get(Document, doc)
        assert row is not None
        set_ocr_state(row, state="failed", text_layer=layer, version=ENGINE_VERSION, pages_total=1)
        session.commit()
    ok(client.post(f"/documents/{doc}/reprocess", headers=clerk3), 202)
    wait_idle(120)
    seen = ok(client.get(f"/documents/{doc}", headers=clerk3))
    assert seen["status"] == "done" and seen["number"] == "65/TB-UBND", seen
    assert seen["level"] == 1, seen
    assert client.get(f"/documents/{doc}", headers=staff).status_code == 404
    assert client.get(f"/documents/{doc}", headers=clerk0).status_code == 404
    assert client.get(f"/public/documents/{doc}").status_code == 404  # off the e-portal feed
    found = client.get("/search", headers=staff, params={"q": "kinhquet65"})
    assert found.status_code == 200 and found.json()["total"] == 0, found.text


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_sending_a_task_never_writes_over_a_restriction_committed_meanwhile(
        client: Any, db_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clerk names Sở Xây dựng on a proposal and confirms it: sending it tells ingest the document is assigned to
    that unit too (`_publish_assigned`), which writes the document's units from the document as loaded. Another
    clerk restricting the document to Sở Tài chính commits in between: her list was written over with the units of
    the `internal` audience read before — Sở Y tế and Sở Xây dựng's staff read a document restricted to another
    unit."""
    from helpers.briefing import fast_headers, ok
    from helpers.notices import notice_text

    import services.briefing.sync as sync

    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    other = fast_headers("clerk", clearance=3, username="vanthu-khac")
    staff = {u: fast_headers("unit_staff", u, 0, f"nv-{i}") for i, u in enumerate(("Sở Y tế", "Sở Xây dựng"))}
    from helpers.briefing import ingest

    doc = ingest(client, "tb-66.txt", notice_text("66/TB-UBND", "14/03/2009", [
        "Giao Sở Y tế chủ trì kiểm tra kho vật tư kinhkho66, hoàn thành trước ngày 15/4/2009."]).encode(), clerk)
    task = ok(client.get("/tasks/review", headers=clerk, params={"limit": 50}))["items"][0]
    errors: list[BaseException] = []
    real_set_units = sync.set_units

    def restrict() -> None:
        try:
            ok(client.patch(f"/documents/{doc}/access", headers=other,
                            json={"audience": "units", "units": ["Sở Tài chính"]}))
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    threads: list[threading.Thread] = []

    def set_units_meanwhile(*args: Any, **kwargs: Any) -> Any:
        t = threading.Thread(target=restrict)
        threads.append(t)
        t.start()
        t.join(3)  # with the fix the restriction waits for this commit
        return real_set_units(*args, **kwargs)

    monkeypatch.setattr(sync, "set_units", set_units_meanwhile)
    ok(client.patch(f"/tasks/{task['id']}", headers=clerk, json={"support": ["Sở Xây dựng"]}))
    monkeypatch.setattr(sync, "set_units", real_set_units)
    for t in threads:  # the restriction's request ends before the test goes on (never left running at teardown)
        t.join(60)
        assert not t.is_alive(), "the restriction never finished"
    wait_idle(60)
    assert not errors, errors
    assert ok(client.get(f"/documents/{doc}", headers=clerk))["audience"] == "units"
    for who in staff.values():
        assert client.get(f"/documents/{doc}", headers=who).status_code == 404


def test_an_index_write_is_not_skipped_after_another_process_wrote_the_document(tmp_path: Any) -> None:
    """Two task workers share the tantivy index. Worker A indexes a notice at Mật; a leader declassifies it and
    worker B indexes it at Thường; a clerk raises it to Mật again within two minutes and the task lands on worker A
    — which skipped the write: "identical to what this process added" (its memo), while the index held B's Thường
    entry. The tightening stays unindexed (after a day no longer excluded: counted in totals and facets at
    Thường). A write is skipped only while no other process committed since."""
    from integration.search.conftest import D

    from services.search.engine import AccessFilter, SearchQuery
    from services.search.tantivy_engine import TantivyEngine

    a, b = TantivyEngine(tmp_path / "index"), TantivyEngine(tmp_path / "index")
    try:
        def doc(level: int) -> Any:
            return D("tb67", "Phương án sơ tán kinhmat67 của tỉnh", audience="public", level=level)

        def seen_at_thuong(engine: Any) -> int:
            q = SearchQuery(q="kinhmat67", limit=10, access=AccessFilter(max_level=0, units=[]))
            return int(engine.search(q).total)

        a.index([doc(1)])
        a.refresh()  # A gives the writer lock back once idle (a second); B waits for it
        b.index([doc(0)])
        b.refresh()
        a.index([doc(1)])
        a.refresh()
        assert seen_at_thuong(a) == 0
    finally:
        a.close()
        b.close()


def test_api_answers_and_downloads_are_never_stored_by_a_browser_or_proxy(client: Any) -> None:
    """A department's staff member downloads a confidential notice's original and opens its JSON on a shared office
    computer. Later his clearance is lowered: the copy a browser or a proxy cache kept must not outlive his access.
    Every API answer — documents, search, the original file, errors — says `Cache-Control: no-store`."""
    from helpers.briefing import fast_headers, ingest
    from helpers.notices import notice_text

    clerk = fast_headers("clerk", clearance=1, username="vanthu-cache")
    text = notice_text("33/TB-UBND", "14/03/2009", ["Giao Sở Y tế chủ trì rà soát phương án khocache33."])
    doc = ingest(client, "tb-33.txt", text.encode(), clerk)
    for path, params in ((f"/documents/{doc}", None), (f"/documents/{doc}/original", None),
                         ("/search", {"q": "khocache33"}), ("/documents/khong-co", None)):
        answer = client.get(path, headers=clerk, params=params)
        assert answer.headers.get("cache-control") == "no-store", (path, answer.status_code, answer.headers)
    assert client.get(f"/documents/{doc}/original", headers=clerk).content == text.encode()
