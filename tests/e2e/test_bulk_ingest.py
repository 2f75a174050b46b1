"""`vanban ingest DIR` on a folder: batches, interrupted and run again, continues without doing anything twice."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixtures.builders import make_docx_from_text, make_pdf_from_text
from typer.testing import CliRunner

from services.cli import app
from services.core.dispatch import wait_idle

NOTICE = """ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
Số: {n}/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thử Nghiệm, ngày 0{d} tháng 3 năm 2025

THÔNG BÁO
Về việc kiểm kê kho lưu trữ đợt {n}

Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hoàn thành việc kiểm kê kho lưu trữ đợt {n} trước ngày 30/6/2025.
"""


def folder(root: Path) -> list[Path]:
    root.mkdir()
    files = []
    for i in range(1, 7):
        text = NOTICE.format(n=700 + i, d=i)
        if i % 3 == 0:
            path, data = root / f"tb-{i}.docx", make_docx_from_text(text)
        elif i % 3 == 1:
            path, data = root / f"tb-{i}.pdf", make_pdf_from_text(text)
        else:
            path, data = root / f"tb-{i}.txt", text.encode("utf-8")
        path.write_bytes(data)
        files.append(path)
    (root / "sub").mkdir()
    (root / "sub" / "copy-of-1.pdf").write_bytes(files[0].read_bytes())  # the same bytes under another name
    (root / "sub" / "empty.txt").write_bytes(b"")
    return files


def test_interrupted_bulk_ingest_continues_where_it_stopped(client: Any, tmp_path: Path) -> None:
    from sqlalchemy import select

    from services.core.db import session_scope
    from services.ingest.models import Document, DocumentStatus
    from services.ingest.runner import ingest_paths
    from services.search.service import index_documents

    root = tmp_path / "archive"
    folder(root)

    seen = [0]

    def stop_after_three(n: int) -> None:
        seen[0] += n
        if seen[0] >= 3:
            raise KeyboardInterrupt  # as Ctrl-C half-way through the run

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(sorted(root.rglob("*.*")), index_documents, progress=stop_after_three)
    wait_idle(60)
    # as if the process had died before it processed one of them: its follow-up is lost with the process
    with session_scope() as session:
        lost = session.scalars(select(Document).where(Document.filename == "tb-2.txt")).one()
        lost.status = DocumentStatus.queued
    with session_scope() as session:  # Ctrl-C stopped the run: what it had not started waits for the next one
        finished = len(session.scalars(select(Document.id).where(Document.status == DocumentStatus.done)).all())

    result = CliRunner().invoke(app, ["ingest", str(root)])
    wait_idle(60)
    out = result.output
    assert result.exit_code == 1, out  # the empty file is refused, with its reason
    assert f"8 tệp: 0 mới, 7 trùng ({finished + 1} đã nhập trước đó), 6 đã xử lý" in out, out  # + the copy
    assert "empty.txt: [empty_file]" in out, out
    docs = client.get("/documents", params={"limit": 50}).json()
    assert docs["total"] == 6  # one document per distinct content, never two
    assert {d["status"] for d in docs["items"]} == {"done"}
    search = client.get("/search", params={"q": "kiểm kê kho lưu trữ", "limit": 50}).json()
    assert search["total"] == 6
    for d in docs["items"]:  # each document's task is tracked once, whichever run followed it up
        tasks = client.get("/tasks", params={"document_id": d["id"], "limit": 50}).json()
        assert tasks["total"] == 1, (d["filename"], tasks)

    from services.core.dispatch import ran

    before = ran()
    again = CliRunner().invoke(app, ["ingest", str(root)])
    wait_idle(60)
    assert "8 tệp: 0 mới, 7 trùng (7 đã nhập trước đó)" in again.output, again.output
    redone = {k: v - before.get(k, 0) for k, v in ran().items() if v != before.get(k, 0)}
    assert set(redone) <= {"search.flush"}, redone  # finished documents are skipped: nothing announced again

    # an earlier run that died without ending (its marker left, its process gone) lost its in-process follow-ups:
    # then the finished documents' follow-ups are announced again (idempotent), once
    from services.core.config import get_settings

    runs = get_settings().data_dir / "ingest-runs"
    (runs / "999999999.run").write_text("0")
    before = ran()
    third = CliRunner().invoke(app, ["ingest", str(root)])
    wait_idle(60)
    assert "8 tệp: 0 mới, 7 trùng (7 đã nhập trước đó)" in third.output, third.output
    assert ran().get("briefing.sync_document", 0) - before.get("briefing.sync_document", 0) == 6
    assert not list(runs.glob("*.run"))
    for d in docs["items"]:
        tasks = client.get("/tasks", params={"document_id": d["id"], "limit": 50}).json()
        assert tasks["total"] == 1, (d["filename"], tasks)


def test_worker_processes_read_ahead_the_same_result(client: Any, tmp_path: Path) -> None:
    """The read-ahead pool (real spawned processes) gives what the task would have read itself; a bulk run with it
    ends with every document done, searchable and followed up once."""
    from services.core.config import get_settings
    from services.core.storage import sha256_hex
    from services.ingest import prepare
    from services.ingest.parsers import parse_document
    from services.ingest.runner import ingest_paths
    from services.ingest.understanding import understand
    from services.search.service import index_documents

    root = tmp_path / "archive"
    files = folder(root)
    docx = next(p for p in files if p.suffix == ".docx")
    data = docx.read_bytes()
    max_bytes = get_settings().max_upload_bytes
    assert prepare.start(2)
    try:
        prepare.prefetch(sha256_hex(data), data, docx.name, max_bytes)
        ahead = prepare.take(sha256_hex(data))
        assert ahead is not None
        parsed = parse_document(data, docx.name, max_bytes=max_bytes)
        assert ahead[0] == parsed and ahead[1] == understand(parsed.text)
        assert prepare.take(sha256_hex(data)) is None  # taken once
        empty = b""
        prepare.prefetch(sha256_hex(empty), empty, "empty.txt", max_bytes)
        assert prepare.take(sha256_hex(empty)) is None  # an error: the task reads it and records it its own way
    finally:
        prepare.stop(wait=True)

    report = ingest_paths(sorted(root.rglob("*.*")), index_documents, workers=2, read_ahead_min=1)
    wait_idle(60)
    assert (report.new, report.done, report.failed) == (6, 6, 1)
    assert client.get("/search", params={"q": "kiểm kê kho lưu trữ", "limit": 50}).json()["total"] == 6
    for doc_id in set(report.document_ids):
        assert client.get("/tasks", params={"document_id": doc_id, "limit": 50}).json()["total"] == 1
