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
