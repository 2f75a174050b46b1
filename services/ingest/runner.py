"""Bulk ingest of files from disk (`vanban ingest DIR`): store, process, index and follow up, by batches; resumable.

A province's archive is tens of thousands of files. Embedded (no broker), the files are taken in batches of
`batch`: each file is stored and processed in this process, then the batch's documents are followed up (briefing's
tracked tasks, as an upload makes them) and indexed together (one index commit per batch, not per document), and the
batch's content hashes are appended to a checkpoint (`<data_dir>/ingest-checkpoint.txt`). Interrupted anywhere and
run again, the same command continues: a file whose bytes are already a document is not stored again (same hash),
is processed only if it had not finished, and is followed up and indexed only if its batch had not reached the
checkpoint. With a broker, workers do the work and this waits for them.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from services.core.config import get_settings
from services.core.db import session_factory
from services.core.storage import sha256_hex
from services.ingest import service
from services.ingest.models import Document, DocumentStatus

log = logging.getLogger("vanban.ingest.bulk")

CHECKPOINT_NAME = "ingest-checkpoint.txt"
BATCH = 200


@dataclass
class IngestReport:
    new: int = 0
    duplicates: int = 0
    done: int = 0
    failed: int = 0
    needs_ocr: int = 0
    indexed: int = 0
    skipped: int = 0  # already ingested, followed up and indexed by an earlier (interrupted) run
    seconds: float = 0.0
    document_ids: list[str] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)


class Checkpoint:
    """Content hashes of the files whose documents are processed, followed up and indexed (append-only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        if path.exists():
            self.done = {line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip()}

    def add(self, digests: Iterable[str]) -> None:
        new = [d for d in digests if d not in self.done]
        if not new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="ascii") as f:
            f.write("".join(d + "\n" for d in new))
        self.done.update(new)


@dataclass
class _Item:
    path: str
    digest: str
    document_id: str


def ingest_paths(files: Sequence[Path], progress: Callable[[int], None] | None = None,
                 timeout: float = 600.0, batch: int = BATCH, checkpoint: Path | None = None) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    if get_settings().embedded_tasks:
        _ingest_embedded(files, report, progress, batch,
                         Checkpoint(checkpoint or get_settings().data_dir / CHECKPOINT_NAME))
    else:
        _ingest_with_workers(files, report, progress, timeout)
    report.seconds = time.perf_counter() - started
    return report


def _read(path: Path, report: IngestReport) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        report.failures.append((str(path), "unreadable", f"Không đọc được tệp: {exc.strerror}"))
        report.failed += 1
        return None


def _ingest_embedded(files: Sequence[Path], report: IngestReport, progress: Callable[[int], None] | None,
                     batch: int, checkpoint: Checkpoint) -> None:
    from services.ingest.tasks import run_process

    Session = session_factory()
    pending: list[_Item] = []
    for path in files:
        data = _read(path, report)
        if data is None:
            if progress:
                progress(1)
            continue
        digest = sha256_hex(data)
        with Session() as session:
            outcome = service.accept_upload(session, path.name, data, source="cli", process=False)
        if outcome.error is not None or outcome.document is None:
            err = outcome.error
            report.failures.append((str(path), err.code if err else "error", err.message if err else ""))
            report.failed += 1
            if progress:
                progress(1)
            continue
        doc = outcome.document
        report.document_ids.append(doc.id)
        if outcome.duplicate:
            report.duplicates += 1
        else:
            report.new += 1
        if outcome.duplicate and digest in checkpoint.done and doc.status not in (DocumentStatus.queued,
                                                                                  DocumentStatus.extracting):
            report.skipped += 1
            _count_status(report, str(path), doc.status, doc.error_code, doc.error_message)
            if progress:
                progress(1)
            continue
        if doc.status in (DocumentStatus.queued, DocumentStatus.extracting):
            run_process(doc.id, follow_up=False)
        pending.append(_Item(str(path), digest, doc.id))
        if progress:
            progress(1)
        if len(pending) >= batch:
            _finish_batch(pending, report, checkpoint)
            pending = []
    if pending:
        _finish_batch(pending, report, checkpoint)


def _finish_batch(items: list[_Item], report: IngestReport, checkpoint: Checkpoint) -> None:
    """Follow up and index a batch of processed documents, make them searchable (one commit), then checkpoint."""
    from services.core.dispatch import run_task
    from services.search.service import index_documents

    with session_factory()() as session:
        rows = {r[0]: r for r in session.execute(
            select(Document.id, Document.status, Document.error_code, Document.error_message)
            .where(Document.id.in_([i.document_id for i in items]))).all()}
    done_ids: list[str] = []
    for item in items:
        row = rows.get(item.document_id)
        status, code, message = (row[1], row[2], row[3]) if row else ("missing", None, None)
        _count_status(report, item.path, status, code, message)
        if status == DocumentStatus.done:
            done_ids.append(item.document_id)
    for doc_id in done_ids:  # tracked tasks, as for an upload (the follow-up `run_process(follow_up=False)` skipped)
        run_task("briefing.sync_document", doc_id)
    if done_ids:
        report.indexed += index_documents(done_ids, now=True)  # searchable: one commit for the batch
    # not done (failed, scans waiting for OCR): nothing to follow up; the hash is recorded so that a re-run does not
    # try again what reprocessing (POST /documents/{id}/reprocess) is for
    checkpoint.add(i.digest for i in items if rows.get(i.document_id) is not None
                   and rows[i.document_id][1] not in (DocumentStatus.queued, DocumentStatus.extracting))


def _count_status(report: IngestReport, path: str, status: str, code: str | None, message: str | None) -> None:
    if status == DocumentStatus.done:
        report.done += 1
    elif status == DocumentStatus.needs_ocr:
        report.needs_ocr += 1
        report.failures.append((path, code or "needs_ocr", message or ""))
    else:
        report.failed += 1
        report.failures.append((path, code or status, message or "chưa xử lý xong"))


def _ingest_with_workers(files: Sequence[Path], report: IngestReport, progress: Callable[[int], None] | None,
                         timeout: float) -> None:
    """With a broker, workers process, index and follow up (the upload's own path): store, then wait for them."""
    names: dict[str, str] = {}
    Session = session_factory()
    for path in files:
        data = _read(path, report)
        if data is None:
            continue
        with Session() as session:
            outcome = service.accept_upload(session, path.name, data, source="cli", process=True)
        if outcome.error is not None or outcome.document is None:
            err = outcome.error
            report.failures.append((str(path), err.code if err else "error", err.message if err else ""))
            report.failed += 1
            continue
        names[outcome.document.id] = str(path)
        report.document_ids.append(outcome.document.id)
        if outcome.duplicate:
            report.duplicates += 1
        else:
            report.new += 1
    if progress and len(files) > len(report.document_ids):
        progress(len(files) - len(report.document_ids))
    ids = report.document_ids
    _wait_for_workers(ids, timeout * max(1, len(ids)) ** 0.5, progress)
    with Session() as session:
        rows = session.execute(
            select(Document.id, Document.status, Document.error_code, Document.error_message)
            .where(Document.id.in_(ids))).all() if ids else []
    done_ids = []
    for doc_id, status, code, message in rows:
        _count_status(report, names.get(doc_id, doc_id), status, code, message)
        if status == DocumentStatus.done:
            done_ids.append(doc_id)
    from services.search.service import index_documents

    for i in range(0, len(done_ids), 500):  # searchable on return, whatever the workers' index commits
        report.indexed += index_documents(done_ids[i:i + 500])


def _wait_for_workers(ids: list[str], timeout: float, progress: Callable[[int], None] | None) -> None:
    """With a broker, workers do the work: poll until every document has left queued/extracting."""
    Session = session_factory()
    deadline = time.monotonic() + timeout
    finished: set[str] = set()
    while time.monotonic() < deadline:
        with Session() as session:
            rows = session.execute(select(Document.id, Document.status).where(Document.id.in_(ids))).all()
        now_done = {i for i, s in rows if s not in (DocumentStatus.queued, DocumentStatus.extracting)}
        if progress and len(now_done) > len(finished):
            progress(len(now_done - finished))
        finished = now_done
        if len(finished) == len(ids):
            return
        time.sleep(0.2)
