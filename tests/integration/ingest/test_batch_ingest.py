"""Ingest batched across documents (embedded, in-process tasks): many documents are started in one unit of work and
written in one more, synced and indexed together — and a bad file in the batch fails alone, with its code, its
original kept, while the others end done, searchable and in the inboxes. On SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fixtures.builders import make_docx_from_text, make_pdf_from_text, truncate
from sqlalchemy import event

NOTICE = """{stamp}ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
Số: {n}/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thử Nghiệm, ngày 0{d} tháng 4 năm 2025

THÔNG BÁO
Về việc sắp xếp phòng đọc đợt {n}

Giao Sở Văn hóa chủ trì, phối hợp với Sở Tài chính hoàn thành việc sắp xếp phòng đọc đợt {n} trước ngày 30/7/2025.
"""


def files() -> list[tuple[str, bytes]]:
    out = []
    for i in range(1, 6):
        text = NOTICE.format(stamp="MẬT\n" if i == 3 else "", n=810 + i, d=i)
        out.append((f"tb-{i}.docx", make_docx_from_text(text)) if i % 2 else (f"tb-{i}.pdf", make_pdf_from_text(text)))
    bad = truncate(make_pdf_from_text(NOTICE.format(stamp="", n=899, d=9)), 0.4)  # a real PDF cut short
    out.insert(2, ("hong.pdf", bad))
    return out


def count_commits(engine: Any) -> tuple[list[int], Any]:
    commits = [0]

    def on_commit(_conn: Any) -> None:
        commits[0] += 1

    event.listen(engine, "commit", on_commit)
    return commits, on_commit


def test_a_batch_writes_once_and_a_bad_file_fails_alone(db_backend: str, instance: Path, client: Any,
                                                         users: Any) -> None:
    from sqlalchemy import select

    from services.core.db import session_factory, session_scope
    from services.core.dispatch import wait_idle
    from services.ingest import service
    from services.ingest.models import Document
    from services.ingest.tasks import run_process_many

    with session_scope() as session:  # stored, not yet processed: the batch takes them all
        ids = {name: service.accept_upload(session, name, data, source="cli", process=False).document.id  # type: ignore[union-attr]
               for name, data in files()}
    engine = session_factory()().get_bind()
    commits, listener = count_commits(engine)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()[:3]))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        result = run_process_many(list(ids.values()))
    finally:
        event.remove(engine, "commit", listener)
        event.remove(engine, "before_cursor_execute", seen)
    assert commits[0] == 2, commits  # the batch starts in one unit of work and writes in one, whatever its size
    # a first reading has no units, citations nor tasks to replace: they are inserted, nothing is deleted first
    assert statements.count("INSERT INTO document_units") >= 5
    assert not any(s.startswith("DELETE FROM document_") for s in statements), statements
    assert result["error_codes"] == {ids["hong.pdf"]: "corrupt_pdf"}, result
    wait_idle(60)

    with session_scope() as session:
        rows = {d.filename: d for d in session.scalars(select(Document))}
        bad = rows["hong.pdf"]
        assert (bad.status, bad.error_code) == ("failed", "corrupt_pdf") and bad.error_message
        assert service.store().get(bad.sha256) == dict(files())["hong.pdf"]  # the original kept, byte for byte
        assert {n: d.status for n, d in rows.items() if n != "hong.pdf"} == dict.fromkeys(
            [f"tb-{i}.{'docx' if i % 2 else 'pdf'}" for i in range(1, 6)], "done")
        assert rows["tb-3.docx"].level == 1 and not rows["tb-3.docx"].provisional  # the stamp read in the batch
        assert all(rows[f"tb-{i}.{'docx' if i % 2 else 'pdf'}"].number == f"{810 + i}/TB-UBND" for i in range(1, 6))

    found = client.get("/search", params={"q": "sắp xếp phòng đọc", "limit": 50}).json()
    assert {h["document_id"] for h in found["hits"]} == {i for n, i in ids.items() if n != "hong.pdf"}
    for name, doc_id in ids.items():  # each document's task in the inboxes once; none for the bad file
        tasks = client.get("/tasks", params={"document_id": doc_id, "limit": 50}).json()
        assert tasks["total"] == (0 if name == "hong.pdf" else 1), (name, tasks)

    # the Mật document is seen by no one without the clearance, in the list, the search and the inbox
    staff = users.headers("unit_staff", unit="Sở Văn hóa", clearance=0)
    listed = client.get("/documents", params={"limit": 50}, headers=staff).json()
    searched = client.get("/search", params={"q": "phòng đọc", "limit": 50}, headers=staff).json()
    assert ids["tb-3.docx"] not in {d["id"] for d in listed["items"]} | {h["document_id"] for h in searched["hits"]}
    assert "813/TB" not in str(searched) + str(listed)
    inbox = client.get("/tasks", params={"limit": 50}, headers=staff).json()
    assert all(t.get("document_id") != ids["tb-3.docx"] for t in inbox["items"]) and "813/TB" not in str(inbox)


def test_an_upload_burst_runs_as_batches(db_backend: str, instance: Path, client: Any) -> None:
    """Files uploaded while the task thread is busy: the `ingest.process` tasks waiting run as one batch
    (ingest.process_many), and every document ends as one processed alone would."""
    import threading

    from services.core import dispatch

    busy = threading.Event()
    dispatch._in_process().submit(busy.wait, 30)  # the one task thread is at work on something else
    before = dispatch.ran()
    r = client.post("/documents", files=[("files", (name, data)) for name, data in files()])
    assert r.status_code == 202, r.text
    names = {item["document_id"]: item["filename"] for item in r.json()["items"]}
    busy.set()
    dispatch.wait_idle(60)
    done = {k: v - before.get(k, 0) for k, v in dispatch.ran().items()}
    assert done.get("ingest.process") == len(names) == 6, done  # every document processed once
    assert done.get("ingest.process_many") == 1, done  # in one batch
    for doc_id, name in names.items():
        doc = client.get(f"/documents/{doc_id}").json()
        assert doc["status"] == ("failed" if name == "hong.pdf" else "done"), (name, doc["status"])
        if name == "hong.pdf":
            assert doc["error_code"] == "corrupt_pdf"


def test_an_unexpected_error_outside_the_documents_fails_each_unfinished_one(db_backend: str, instance: Path,
                                                                             monkeypatch: Any) -> None:
    """A fault in the batch's own write step (here: its commit), outside every document's savepoint, undoes the
    write; each document of the batch then fails alone with `internal_error` and its original kept, as
    `ingest.process` does — none stays `extracting` with its task already taken."""
    import pytest
    from sqlalchemy import select

    from services.core.db import session_scope
    from services.ingest import service
    from services.ingest import tasks as ingest_tasks
    from services.ingest.models import Document

    good = [(n, d) for n, d in files() if n != "hong.pdf"][:3]
    with session_scope() as session:
        ids = [service.accept_upload(session, n, d, source="cli", process=False).document.id  # type: ignore[union-attr]
               for n, d in good]
    real_scope, calls = ingest_tasks.session_scope, [0]

    class _FailingCommit:  # the second unit of work of the batch (the write) fails as it commits
        def __enter__(self) -> Any:
            self.inner = real_scope()
            return self.inner.__enter__()

        def __exit__(self, *exc: Any) -> Any:
            if exc[0] is None:
                self.inner.__exit__(RuntimeError, RuntimeError("commit refused"), None)
                raise RuntimeError("commit refused")
            return self.inner.__exit__(*exc)

    def scope() -> Any:
        calls[0] += 1
        return _FailingCommit() if calls[0] == 2 else real_scope()

    monkeypatch.setattr(ingest_tasks, "session_scope", scope)
    with pytest.raises(RuntimeError):
        ingest_tasks.run_process_many(ids)
    monkeypatch.setattr(ingest_tasks, "session_scope", real_scope)

    with session_scope() as session:
        rows = list(session.scalars(select(Document).where(Document.id.in_(ids))))
        assert {(d.status, d.error_code) for d in rows} == {("failed", "internal_error")}, rows
        assert all(d.error_message for d in rows)
        assert {service.store().get(d.sha256) for d in rows} == {data for _, data in good}  # originals kept
        assert not any(d.number for d in rows)  # nothing of the undone write is left


def test_one_document_the_index_rejects_does_not_keep_its_batch_unsearchable(db_backend: str, instance: Path,
                                                                             client: Any, users: Any,
                                                                             monkeypatch: Any) -> None:
    """`search.index_many` (the embedded batch of `search.index`): when one document cannot be indexed for good,
    the others of the batch are indexed one at a time and become searchable; only that document's task fails."""
    from services.core.db import session_scope
    from services.core.dispatch import run_task, wait_idle
    from services.ingest import service
    from services.ingest.tasks import run_process_many
    from services.search import service as search_service

    good = [(n, d) for n, d in files() if n != "hong.pdf"][:3]
    with session_scope() as session:
        ids = [service.accept_upload(session, n, d, source="cli", process=False).document.id  # type: ignore[union-attr]
               for n, d in good]
    run_process_many(ids)
    wait_idle(60)
    for doc_id in ids:
        search_service.get_engine().remove(doc_id)
    search_service.get_engine().refresh()
    assert client.get("/search", params={"q": "sắp xếp phòng đọc", "limit": 50}).json()["hits"] == []

    real = search_service.to_index_doc

    def rejecting(view: Any, *args: Any) -> Any:
        if view.id == ids[0]:
            raise ValueError("a document the index cannot take")
        return real(view, *args)

    monkeypatch.setattr(search_service, "to_index_doc", rejecting)
    run_task("search.index_many", ids)  # fails for ids[0] only (logged)
    search_service.get_engine().refresh()
    found = client.get("/search", params={"q": "sắp xếp phòng đọc", "limit": 50}).json()
    assert {h["document_id"] for h in found["hits"]} == set(ids[1:])


CITING = """ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
Số: 950/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thử Nghiệm, ngày 20 tháng 4 năm 2025

KẾ HOẠCH
Triển khai Thông báo số 812/TB-UBND ngày 02/4/2025 của Ủy ban nhân dân tỉnh

Căn cứ Thông báo số 812/TB-UBND ngày 02/4/2025 của Ủy ban nhân dân tỉnh về việc sắp xếp phòng đọc;
Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng bố trí kinh phí sắp xếp phòng đọc trước ngày 15/8/2025.
"""


def test_one_document_twice_in_a_batch_is_registered_once_and_reprocessing_writes_no_row_twice(
        db_backend: str, instance: Path, client: Any) -> None:
    """The same document as DOCX and as PDF in one batch, the later file read first: the earlier file is the
    registered one, the other its copy (no second set of tasks); a plan citing it, in the same batch, is linked to it.
    Processing the batch again writes each document's tasks, citations, units and fingerprint bands once."""
    from sqlalchemy import func, select

    from services.core.db import session_scope
    from services.core.dispatch import wait_idle
    from services.ingest import service
    from services.ingest.models import Citation, Document, DocumentFingerprint, DocumentTask, DocumentUnit
    from services.ingest.tasks import run_process_many

    notice = NOTICE.format(stamp="", n=812, d=2) + "\n".join(
        f"Phòng đọc số {k} được sắp xếp lại theo thứ tự mới, có sổ theo dõi riêng." for k in range(1, 12))
    with session_scope() as session:
        ids = {name: service.accept_upload(session, name, data, source="cli", process=False).document.id  # type: ignore[union-attr]
               for name, data in (("tb.docx", make_docx_from_text(notice)), ("tb.pdf", make_pdf_from_text(notice)),
                                  ("kh.docx", make_docx_from_text(CITING)))}
    order = [ids["tb.pdf"], ids["kh.docx"], ids["tb.docx"]]  # the copy is read before the registered file

    def rows() -> dict[str, Any]:
        with session_scope() as session:
            docs = {d.filename: (d.status, d.duplicate_of, d.identity_key) for d in session.scalars(select(Document))}
            counts = {m.__name__: dict(session.execute(select(m.document_id, func.count()).group_by(m.document_id))
                                       .all()) for m in (DocumentTask, Citation, DocumentUnit, DocumentFingerprint)}
            cited = list(session.scalars(select(Citation.cited_document_id).where(Citation.document_id == ids["kh.docx"])))
        return {"docs": docs, "counts": counts, "cited": cited}

    run_process_many(order)
    wait_idle(60)
    first = rows()
    assert {n: s for n, (s, _, _) in first["docs"].items()} == dict.fromkeys(ids, "done")
    assert first["docs"]["tb.docx"][1] is None and first["docs"]["tb.pdf"][1] == ids["tb.docx"], first["docs"]
    assert first["docs"]["kh.docx"][1] is None
    assert first["cited"] and set(first["cited"]) <= {ids["tb.docx"], ids["tb.pdf"]}, first["cited"]
    assert first["counts"]["DocumentTask"].get(ids["kh.docx"]) == 1
    assert first["counts"]["DocumentFingerprint"].get(ids["tb.docx"]) == 16
    tasks = {name: client.get("/tasks", params={"document_id": i, "limit": 50}).json()["total"]
             for name, i in ids.items()}
    assert tasks == {"tb.docx": 1, "tb.pdf": 0, "kh.docx": 1}, tasks  # the copy adds no task to the inboxes

    run_process_many(order, force=True)
    wait_idle(60)
    again = rows()
    assert again["counts"] == first["counts"] and again["docs"] == first["docs"], (first, again)
    assert set(again["cited"]) <= {ids["tb.docx"], ids["tb.pdf"]} and len(again["cited"]) == len(first["cited"])
