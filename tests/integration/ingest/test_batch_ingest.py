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
    try:
        result = run_process_many(list(ids.values()))
    finally:
        event.remove(engine, "commit", listener)
    assert commits[0] == 2, commits  # the batch starts in one unit of work and writes in one, whatever its size
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
