"""Bulk ingest of files from disk (`vanban ingest`): store, process, index, and wait until searchable.

The same door as an upload: files are stored by `accept_upload` (which emits `document.stored`) STORE_BATCH at a
time in one unit of work, each file in a savepoint of its own (a file that fails is reported alone); what follows
(processing, OCR, indexing, tracked tasks) is the wiring table's (services/wiring.py), run by the workers or,
embedded, by the in-process task thread — there the waiting tasks run as batches across documents (one transaction
to write a batch of documents, one sync and one index call for it: services.core.dispatch). Then it waits.

Resumable: run again after an interruption (Ctrl-C, a crash), the same command stores nothing twice (a file whose
bytes are already a document is that document) and processes again only what had not finished. Ctrl-C stops within
the one task running: the in-process tasks not started are kept (services.core.dispatch.interrupt, outbox table) and
the next run starts with them (`resume_saved`); a document left `queued` or `extracting` is announced again. A
finished document costs the next run one lookup: its follow-ups (indexing, tracked tasks) ran or were kept — unless
an earlier run died without saying so (killed, power cut: its marker under <data_dir>/ingest-runs stays), then the
finished documents' follow-ups are announced again, as they are idempotent. `skipped` counts the files already done
by an earlier run."""
from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from services.core.config import get_settings
from services.core.db import session_factory, session_scope
from services.core.storage import LinkedFile, read_own_file
from services.ingest import prepare, service
from services.ingest.errors import IngestApiError
from services.ingest.models import Document, DocumentStatus

log = logging.getLogger("vanban.ingest.runner")


@dataclass
class IngestReport:
    new: int = 0
    duplicates: int = 0
    done: int = 0
    failed: int = 0
    needs_ocr: int = 0
    indexed: int = 0
    seconds: float = 0.0
    document_ids: list[str] = field(default_factory=list)
    skipped: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    # another file of an already registered document (services.ingest.identity): (file, registered document id)
    copies: list[tuple[str, str]] = field(default_factory=list)


def ingest_paths(files: Sequence[Path], index_documents: Callable[[list[str]], int],
                 progress: Callable[[int], None] | None = None,
                 timeout: float = 600.0, index_batch: int = 500, workers: int = 1,
                 read_ahead_min: int = 50) -> IngestReport:
    """``index_documents`` makes a batch of processed documents searchable (the caller, which knows the search
    service, passes it: ingest does not import search). ``workers`` > 1 (embedded): that many worker processes
    parse and understand the files ahead of the one database writer (services.ingest.prepare), for a run of at
    least ``read_ahead_min`` files (starting the processes costs more than a few files)."""

    started = time.perf_counter()
    report = IngestReport()
    embedded = get_settings().embedded_tasks
    marker, recheck = _mark_run() if embedded else (None, False)
    read_ahead = embedded and len(files) >= read_ahead_min and prepare.start(workers)
    try:
        if embedded:
            from services.core.dispatch import resume_saved

            resume_saved()  # what an interrupted run had not started
        _ingest(files, index_documents, progress, timeout, index_batch, report, embedded, recheck, read_ahead)
    except KeyboardInterrupt:
        prepare.stop()
        if embedded:  # stop within the task running; keep what was not started for the next run
            from services.core.dispatch import interrupt

            interrupt()
        if marker is not None:
            marker.unlink(missing_ok=True)
        raise
    prepare.stop(wait=True)
    if marker is not None:
        marker.unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report


def _mark_run() -> tuple[Path, bool]:
    """This run's marker, and whether an earlier embedded run died without ending (its marker left behind, its
    process gone): then its in-process follow-ups were lost and finished documents must be announced again."""
    runs = get_settings().data_dir / "ingest-runs"
    runs.mkdir(parents=True, exist_ok=True)
    unclean = False
    for old in runs.glob("*.run"):
        try:
            os.kill(int(old.stem), 0)
            continue  # a run still going (another process): not ours to judge
        except ProcessLookupError:
            unclean = True
        except (ValueError, PermissionError):
            continue
        with contextlib.suppress(OSError):
            old.unlink()
    marker = runs / f"{os.getpid()}.run"
    marker.write_text(str(time.time()))
    return marker, unclean


def _ingest(files: Sequence[Path], index_documents: Callable[[list[str]], int],
            progress: Callable[[int], None] | None, timeout: float, index_batch: int, report: IngestReport,
            embedded: bool, recheck: bool, read_ahead: bool = False) -> None:
    names: dict[str, str] = {}
    resumed: dict[str, bool] = {}  # the same bytes twice in the folder: one document, resumed once
    for start in range(0, len(files), STORE_BATCH):
        with session_scope() as session:  # a batch of files stored in one unit of work, each in a savepoint
            for path in files[start:start + STORE_BATCH]:
                _store_one(session, path, names, resumed, report, progress, recheck, read_ahead)
    _wait_for_workers(report.document_ids, timeout * max(1, len(report.document_ids)) ** 0.5, progress)
    if embedded:  # the follow-ups (index, tracked tasks) run on the in-process task thread: let them end
        from services.core.dispatch import wait_idle

        wait_idle(timeout)

    with session_factory()() as session:
        rows = session.execute(
            select(Document.id, Document.status, Document.error_code, Document.error_message, Document.duplicate_of)
            .where(Document.id.in_(report.document_ids))
        ).all() if report.document_ids else []
    done_ids = []
    for doc_id, status, code, message, registered in rows:
        if status == DocumentStatus.done:
            report.done += 1
            done_ids.append(doc_id)
            if registered:
                report.copies.append((names.get(doc_id, doc_id), registered))
        elif status == DocumentStatus.needs_ocr:
            report.needs_ocr += 1
            report.failures.append((names.get(doc_id, doc_id), code or "needs_ocr", message or ""))
        else:
            report.failed += 1
            report.failures.append((names.get(doc_id, doc_id), code or status, message or "chưa xử lý xong"))
    if embedded:  # indexed by their follow-ups (this run's, or kept and resumed, or an earlier run's): the CLI
        report.indexed = len(done_ids)  # commits the index (search.flush) before it answers
        return
    for i in range(0, len(done_ids), index_batch):  # searchable when this returns (the index commits now)
        report.indexed += index_documents(done_ids[i:i + index_batch])


STORE_BATCH = 16  # files stored per unit of work (their processing is batched too: services.core.dispatch)


def _store_one(session: Session, path: Path, names: dict[str, str], resumed: dict[str, bool],
               report: IngestReport, progress: Callable[[int], None] | None, recheck: bool, read_ahead: bool) -> None:
    """One file of a batch: stored (or recognised as an earlier run's) in its own savepoint of the batch's unit of
    work; a file that cannot be read or stored is reported alone."""
    from services.core.db import savepoint

    def failed(code: str, message: str) -> None:
        report.failures.append((str(path), code, message))
        report.failed += 1
        if progress:
            progress(1)

    try:
        data = read_own_file(path, get_settings().max_upload_bytes)  # a larger one: too_large, unread
    except LinkedFile:  # a folder from elsewhere may hold links to the server's own files (SECURITY.md 66)
        err = IngestApiError.link_refused(filename=path.name)
        failed(err.code, err.message)
        return
    except OSError as exc:
        failed("unreadable", f"Không đọc được tệp: {exc.strerror}")
        return
    try:
        with savepoint(session):
            outcome = service.accept_upload(session, path.name, data, source="cli")
    except (OperationalError, InterfaceError):
        raise  # the database itself is away: the batch's unit of work cannot commit; the next run resumes
    except Exception:  # noqa: BLE001 - a fault storing this file: undone by its savepoint, the others stay
        log.exception("vanban ingest: storing %s failed", path)
        err = IngestApiError.store_failed(filename=path.name)
        failed(err.code, err.message)
        return
    if outcome.error is not None or outcome.document is None:
        err = outcome.error
        failed(err.code if err else "error", err.message if err else "")
        return
    doc_id = outcome.document.id
    names[doc_id] = str(path)
    report.document_ids.append(doc_id)
    if outcome.duplicate:
        report.duplicates += 1
        if doc_id not in resumed:  # an earlier run's document: finish what that run may have left
            try:
                with savepoint(session):
                    resumed[doc_id] = service.resume_after_interruption(session, doc_id, recheck=recheck)
            except (OperationalError, InterfaceError):
                raise
            except Exception:  # noqa: BLE001 - this file alone: reported, the next run resumes it
                log.exception("vanban ingest: resuming %s failed", path)
                report.document_ids.pop()
                report.duplicates -= 1
                err = IngestApiError.store_failed(filename=path.name)
                failed(err.code, err.message)
                return
        if resumed[doc_id]:
            report.skipped += 1
    else:
        report.new += 1
        if read_ahead:
            prepare.prefetch(outcome.document.sha256, data, outcome.document.filename,
                             get_settings().max_upload_bytes)


def _wait_for_workers(ids: list[str], timeout: float, progress: Callable[[int], None] | None) -> None:
    """Workers (or the in-process task thread) do the work: poll until every document has left queued/extracting.
    Two files with the same bytes are one document: the progress counts files, the wait counts documents."""
    Session = session_factory()
    deadline = time.monotonic() + timeout
    files_of = Counter(ids)
    finished: set[str] = set()
    pause = 0.2 if len(files_of) <= 1000 else 1.0  # a large run: fewer polls, off the task thread's back
    while time.monotonic() < deadline:
        waiting = [i for i in files_of if i not in finished]  # only what is not finished yet is asked about
        with Session() as session:
            rows = [row for k in range(0, len(waiting), 5000) for row in session.execute(
                select(Document.id, Document.status).where(Document.id.in_(waiting[k:k + 5000])))]
        now_done = {i for i, s in rows if s not in (DocumentStatus.queued, DocumentStatus.extracting)}
        if progress and now_done:
            progress(sum(files_of[i] for i in now_done))
        finished |= now_done
        if len(finished) == len(files_of):
            return
        time.sleep(pause)
