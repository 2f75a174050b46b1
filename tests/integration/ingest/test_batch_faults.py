"""Faults inside a batch stay inside their item (found in review): `vanban ingest` stores up to 16 files in one unit
of work — an unexpected error storing one of them must not undo the others; briefing's batch sync — an error outside
its documents' savepoints must not leave the whole batch out of the inboxes. Embedded, SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fixtures.builders import make_docx_from_text

NOTICE = """ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
Số: {n}/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thử Nghiệm, ngày 0{d} tháng 5 năm 2025

THÔNG BÁO
Về việc kiểm tra sổ sách bàn giao đợt {n}

Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hoàn thành kiểm tra sổ sách bàn giao đợt {n} trước ngày 30/9/2025.
"""


def notices(root: Path, count: int) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(1, count + 1):
        path = root / f"tb-{i}.docx"
        path.write_bytes(make_docx_from_text(NOTICE.format(n=720 + i, d=i)))
        out.append(path)
    return out


def test_an_unexpected_error_storing_one_file_fails_that_file_alone(db_backend: str, instance: Path, client: Any,
                                                                    monkeypatch: Any) -> None:
    from services.core.dispatch import wait_idle
    from services.ingest import runner, service
    from services.search.service import index_documents

    files = notices(instance.parent / "archive", 4)
    real = service.accept_upload

    def faulty(session: Any, filename: str, data: bytes, *args: Any, **kwargs: Any) -> Any:
        if filename == "tb-3.docx":
            raise RuntimeError("the store refused this one")  # not a VanbanError: a fault, not a bad file
        return real(session, filename, data, *args, **kwargs)

    monkeypatch.setattr(service, "accept_upload", faulty)
    report = runner.ingest_paths(files, index_documents, timeout=60)
    wait_idle(60)
    assert (report.new, report.failed, report.done) == (3, 1, 3), report
    assert [(Path(f).name, code) for f, code, _ in report.failures] == [("tb-3.docx", "store_failed")], report
    assert all(message for _, _, message in report.failures)
    docs = client.get("/documents", params={"limit": 50}).json()
    assert sorted(d["filename"] for d in docs["items"]) == ["tb-1.docx", "tb-2.docx", "tb-4.docx"]
    assert {d["status"] for d in docs["items"]} == {"done"}
    found = client.get("/search", params={"q": "kiểm tra sổ sách bàn giao", "limit": 50}).json()
    assert found["total"] == 3, found

    monkeypatch.setattr(service, "accept_upload", real)  # run again: the file that failed is stored, none twice
    again = runner.ingest_paths(files, index_documents, timeout=60)
    wait_idle(60)
    assert (again.new, again.duplicates, again.failed) == (1, 3, 0), again
    assert client.get("/documents", params={"limit": 50}).json()["total"] == 4


def test_an_error_outside_the_documents_savepoints_syncs_the_batch_one_document_at_a_time(
        db_backend: str, instance: Path, client: Any, monkeypatch: Any) -> None:
    """The batch's own read fails (here: the views of all its documents at once): the batch is then synced one
    document at a time, so every document still reaches the inboxes."""
    import threading

    from services.briefing import sync as briefing_sync
    from services.core import dispatch
    from services.core.db import session_scope
    from services.ingest import service
    from services.ingest.tasks import run_process_many

    with session_scope() as session:
        ids = [service.accept_upload(session, p.name, p.read_bytes(), source="cli", process=False).document.id  # type: ignore[union-attr]
               for p in notices(instance.parent / "in", 3)]
    real_views, batches = briefing_sync.document_views, []

    def views_of_one_only(session: Any, document_ids: list[str]) -> Any:
        if len(document_ids) > 1:
            batches.append(len(document_ids))
            raise RuntimeError("the batch read failed")
        return real_views(session, document_ids)

    monkeypatch.setattr(briefing_sync, "document_views", views_of_one_only)
    busy = threading.Event()
    dispatch._in_process().submit(busy.wait, 30)  # the task thread is busy: the three syncs wait, then run as one batch
    run_process_many(ids)
    busy.set()
    dispatch.wait_idle(60)
    assert batches == [3], batches
    for doc_id in ids:
        tasks = client.get("/tasks", params={"document_id": doc_id, "limit": 50}).json()
        assert tasks["total"] == 1, (doc_id, tasks)


def test_one_document_whose_write_fails_is_written_alone_and_the_others_whole(
        db_backend: str, instance: Path, client: Any, monkeypatch: Any) -> None:
    """A batch writes its documents in one go (no savepoint each); when one document's write fails unexpectedly, the
    whole is undone and written again with each document in a savepoint of its own: that one fails alone
    (`internal_error`, its original kept), the others end done, searchable and in the inboxes — in two commits, as a
    batch that nothing failed in."""
    from sqlalchemy import event, select

    from services.core.db import session_factory, session_scope
    from services.core.dispatch import wait_idle
    from services.ingest import identity, service
    from services.ingest.models import Document
    from services.ingest.tasks import run_process_many

    paths = notices(instance.parent / "in", 3)
    with session_scope() as session:
        ids = [service.accept_upload(session, p.name, p.read_bytes(), source="cli", process=False).document.id  # type: ignore[union-attr]
               for p in paths]
    real_register, writes = identity.register, []

    def register(session: Any, doc: Any, *args: Any, **kw: Any) -> Any:
        writes.append(doc.id)
        if doc.id == ids[1]:
            raise RuntimeError("an unforeseen fault writing this document")
        return real_register(session, doc, *args, **kw)

    monkeypatch.setattr(identity, "register", register)
    engine = session_factory()().get_bind()
    commits = [0]

    def on_commit(_conn: Any) -> None:
        commits[0] += 1

    event.listen(engine, "commit", on_commit)
    try:
        result = run_process_many(ids)
    finally:
        event.remove(engine, "commit", on_commit)
    monkeypatch.setattr(identity, "register", real_register)
    assert writes == [ids[0], ids[1], ids[0], ids[1], ids[2]], writes  # in one go, then each alone
    assert commits[0] == 2, commits
    assert result["error_codes"] == {ids[1]: "internal_error"}, result
    wait_idle(60)

    with session_scope() as session:
        rows = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(ids)))}
        assert (rows[ids[1]].status, rows[ids[1]].error_code) == ("failed", "internal_error")
        assert service.store().get(rows[ids[1]].sha256) == paths[1].read_bytes()  # the original kept
        assert not rows[ids[1]].number  # nothing of its undone write is left
        assert [rows[i].status for i in (ids[0], ids[2])] == ["done", "done"]
    found = client.get("/search", params={"q": "kiểm tra sổ sách bàn giao", "limit": 50}).json()
    assert {h["document_id"] for h in found["hits"]} == {ids[0], ids[2]}, found
    for doc_id in ids:
        tasks = client.get("/tasks", params={"document_id": doc_id, "limit": 50}).json()
        assert tasks["total"] == (0 if doc_id == ids[1] else 1), (doc_id, tasks)


def test_one_document_whose_sync_fails_leaves_the_others_of_its_batch_in_the_inboxes(
        db_backend: str, instance: Path, client: Any, monkeypatch: Any) -> None:
    """Briefing syncs a batch in one go (no savepoint each); when one document's sync fails, the whole is undone and
    synced again with each document in a savepoint of its own: the others reach the inboxes, that one does not."""
    import threading

    from services.briefing import sync as briefing_sync
    from services.core import dispatch
    from services.core.db import session_scope
    from services.ingest import service
    from services.ingest.tasks import run_process_many

    with session_scope() as session:
        ids = [service.accept_upload(session, p.name, p.read_bytes(), source="cli", process=False).document.id  # type: ignore[union-attr]
               for p in notices(instance.parent / "in", 3)]
    real_sync, synced = briefing_sync.sync_document, []

    def sync_document(session: Any, document_id: str, *args: Any, **kw: Any) -> Any:
        synced.append(document_id)
        if document_id == ids[1]:
            raise RuntimeError("an unforeseen fault syncing this document")
        return real_sync(session, document_id, *args, **kw)

    monkeypatch.setattr(briefing_sync, "sync_document", sync_document)
    busy = threading.Event()
    dispatch._in_process().submit(busy.wait, 30)  # the task thread is busy: the three syncs wait, then run as one batch
    run_process_many(ids)
    busy.set()
    dispatch.wait_idle(60)
    assert synced == [ids[0], ids[1], *ids], synced  # in one go, then each alone
    for doc_id in ids:
        tasks = client.get("/tasks", params={"document_id": doc_id, "limit": 50}).json()
        assert tasks["total"] == (0 if doc_id == ids[1] else 1), (doc_id, tasks)
