"""Celery tasks of the ingest service ("ingest.<verb>"): ids in, reload, idempotent."""
from __future__ import annotations

import logging
from contextlib import nullcontext

from sqlalchemy.orm import Session

from services.core.celery_app import TRANSIENT, vanban_task
from services.core.db import session_scope

log = logging.getLogger("vanban.ingest.tasks")


@vanban_task("ingest.process")
def process(self, document_id: str, force: bool = False) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Extract, repair and understand a stored document; then ask search to index it."""
    return run_process(document_id, force)


@vanban_task("ingest.process_many")
def process_many(self, document_ids: list[str], force: bool = False) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """`ingest.process` of many documents at once (in-process batches, services.core.dispatch): read each, then
    write them all in one unit of work; a document that fails fails alone."""
    return run_process_many(document_ids, force)


@vanban_task("ingest.ocr", queue="ocr")
def ocr(self, document_id: str, force: bool = False) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Read a scan by OCR (Tesseract, Vietnamese), then understand it and ask search and briefing to follow.
    Runs on its own queue ("ocr"): minutes of OCR never hold up the born-digital documents behind them."""
    from services.ingest.scans import run_ocr

    try:
        return run_ocr(document_id, force=force)
    except TRANSIENT:
        raise
    except Exception:
        log.exception("ingest.ocr failed unexpectedly for %s", document_id)
        _mark_internal_error(document_id)
        raise


def run_process(document_id: str, force: bool = False, follow_up: bool = True) -> dict[str, object]:
    """The body of `ingest.process`: two units of work — `extracting` (visible while the work runs), then the whole
    result at once; between them, outside any transaction, the original is parsed and understood (as a batch does,
    `run_process_many`): the write step then reads and holds the document in one statement (`hold_documents`).
    `follow_up=False` emits no event (a caller that follows up itself)."""
    from services.ingest.models import Document
    from services.ingest.service import finish_processing, hold_documents, read_original, start_processing

    try:
        with session_scope() as session:
            early = start_processing(session, document_id, force=force)
            if early is None:
                doc = session.get(Document, document_id)
                assert doc is not None
                source = (doc.sha256, doc.filename)
        if early is not None:
            return {"document_id": document_id, "status": early.status, "changed": early.changed,
                    "error_code": early.error_code}
        ready = read_original(*source)
        with session_scope() as session:
            # kept: the session holds its objects weakly; an edXML package (None: read in the write step, with its
            # attachments) is held once read, as before, not while its attachments are parsed
            held = hold_documents(session, [document_id]) if ready is not None else {}
            result = finish_processing(session, document_id, follow_up=follow_up, ready=ready,
                                       held=document_id in held)
    except TRANSIENT:
        _requeue_state(document_id)
        raise
    except Exception:
        log.exception("ingest.process failed unexpectedly for %s", document_id)
        _mark_internal_error(document_id)
        raise
    log.info("processed %s: %s%s", document_id, result.status,
             f" ({result.error_code})" if result.error_code else "")
    return {"document_id": document_id, "status": result.status, "changed": result.changed,
            "error_code": result.error_code}


def run_process_many(document_ids: list[str], force: bool = False) -> dict[str, object]:
    """The body of `ingest.process_many`: three steps instead of two units of work per document —
    1. one unit of work: every document that has work to do becomes `extracting` (as `ingest.process` does);
    2. outside any transaction: each original is parsed and understood (or taken from the read-ahead workers);
    3. one unit of work: every result is written — at once, and should that fail, again with each document in a
       savepoint of its own, so that one that fails (its own clear error code, or an unexpected error:
       `internal_error`) is recorded alone, its original kept, while the others are written whole; their
       follow-ups (outbox rows) are in the same transaction.
    Idempotent as `ingest.process`: a document already finished is left as it is (unless `force`)."""
    from sqlalchemy import select

    from services.core.db import savepoint
    from services.ingest.models import Document
    from services.ingest.service import finish_processing, hold_documents, read_original, start_processing

    results: dict[str, str] = {}
    todo: dict[str, tuple[str, str]] = {}  # id → (sha256, filename)
    ids = list(dict.fromkeys(document_ids))
    try:
        with session_scope() as session:
            found = list(session.scalars(select(Document).where(Document.id.in_(ids))))  # in one SELECT, held below
            for document_id in ids:
                early = start_processing(session, document_id, force=force)
                if early is not None:
                    results[document_id] = early.status
                    continue
                doc = session.get(Document, document_id)
                assert doc is not None
                todo[document_id] = (doc.sha256, doc.filename)
            del found
        read: dict[str, object] = {}
        broken: set[str] = set()
        for document_id, (sha256, filename) in todo.items():
            try:
                read[document_id] = read_original(sha256, filename)
            except Exception:  # noqa: BLE001 - a parser's bug: this document fails alone (internal_error)
                log.exception("ingest.process failed unexpectedly for %s", document_id)
                broken.add(document_id)
        codes: dict[str, str | None] = {}

        def write(alone: bool) -> None:
            with session_scope() as session:
                # the batch's documents read and held in one statement, as they stand now (a clerk's change made
                # while the files were read is read, never written over), not one read and one re-read each
                held = hold_documents(session, [d for d in todo if d not in broken])
                for document_id in todo:
                    if document_id not in broken:
                        try:
                            with savepoint(session) if alone else nullcontext():
                                result = finish_processing(session, document_id, ready=read.get(document_id),  # type: ignore[arg-type]
                                                           held=document_id in held)
                            results[document_id] = result.status
                            codes[document_id] = result.error_code
                            continue
                        except TRANSIENT:
                            raise
                        except Exception as exc:  # noqa: BLE001 - this document's write failed: undone, recorded alone
                            if not alone:
                                raise _WriteFailed(document_id) from exc
                            log.exception("ingest.process failed unexpectedly for %s", document_id)
                    _internal_error(session, document_id)
                    results[document_id] = "failed"
                    codes[document_id] = "internal_error"

        # every document written in one go (no SAVEPOINT and RELEASE each); should a document's write fail, the whole
        # is undone and written again, each document in a savepoint of its own (the one at fault then fails alone)
        try:
            write(alone=False)
        except _WriteFailed:  # a document's own write (an error outside them, as its commit, is not retried)
            log.warning("ingest.process_many: the batch of %d could not be written at once; each document alone",
                        len(todo), exc_info=True)
            codes.clear()
            write(alone=True)
    except TRANSIENT:
        for document_id in todo:
            _requeue_state(document_id)
        raise
    except Exception:
        # outside every document's savepoint (the batch's own unit of work, its commit, a reaction at commit): what
        # was written is undone, so each document this batch had not finished fails alone, as `ingest.process`
        # does — never left `extracting` with its task already taken
        log.exception("ingest.process_many failed unexpectedly for %d documents", len(ids))
        for document_id in ids:
            _mark_internal_error(document_id, only_unfinished=True)
        raise
    log.info("processed %d documents in one batch", len(ids))
    return {"documents": len(ids), "statuses": results, "error_codes": {k: v for k, v in codes.items() if v}}


class _WriteFailed(Exception):
    """A document's write failed in a batch written in one go (without a savepoint each): the batch is undone."""


def _internal_error(session: Session, document_id: str) -> None:
    """Record an unexpected failure of one document (in the caller's unit of work): failed, original kept."""
    from services.core.events import emit
    from services.ingest.models import Document

    doc = session.get(Document, document_id)
    if doc is not None:
        doc.status = "failed"
        doc.error_code = "internal_error"
        doc.error_message = INTERNAL_ERROR_MESSAGE
        emit(session, "document.failed", document_id)


INTERNAL_ERROR_MESSAGE = ("Lỗi hệ thống khi xử lý tệp. Tệp gốc vẫn được lưu; văn thư bấm “Trích xuất lại” trên trang "
                          "văn bản để xử lý lại.")


def _requeue_state(document_id: str) -> None:
    """A transient failure: put the document back to `queued` so that it never hangs in `extracting`."""
    from services.ingest.models import Document

    try:
        with session_scope() as session:
            doc = session.get(Document, document_id)
            if doc is not None and doc.status == "extracting":
                doc.status = "queued"
    except Exception:  # the database itself may be the transient failure
        log.warning("could not reset %s to queued", document_id)


def _mark_internal_error(document_id: str, only_unfinished: bool = False) -> None:
    """`failed` + `internal_error` in a unit of work of its own (the original is kept). ``only_unfinished``: a
    document a batch had not finished (still `queued` or `extracting`); one already done or failed is left."""
    from services.ingest.models import Document

    with session_scope() as session:
        doc = session.get(Document, document_id)
        if doc is not None and (not only_unfinished or doc.status in ("queued", "extracting")):
            doc.status = "failed"
            doc.error_code = "internal_error"
            doc.error_message = INTERNAL_ERROR_MESSAGE
