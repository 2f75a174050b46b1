"""Celery tasks of the ingest service ("ingest.<verb>"): ids in, reload, idempotent."""
from __future__ import annotations

import logging

from services.core.celery_app import TRANSIENT, vanban_task
from services.core.db import session_scope

log = logging.getLogger("vanban.ingest.tasks")


@vanban_task("ingest.process")
def process(self, document_id: str, force: bool = False) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Extract, repair and understand a stored document; then ask search to index it."""
    return run_process(document_id, force)


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
    result at once. `follow_up=False` emits no event (a caller that follows up itself)."""
    from services.ingest.service import finish_processing, start_processing

    try:
        with session_scope() as session:
            early = start_processing(session, document_id, force=force)
        if early is not None:
            return {"document_id": document_id, "status": early.status, "changed": early.changed,
                    "error_code": early.error_code}
        with session_scope() as session:
            result = finish_processing(session, document_id, follow_up=follow_up)
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


def _mark_internal_error(document_id: str) -> None:
    from services.ingest.models import Document

    with session_scope() as session:
        doc = session.get(Document, document_id)
        if doc is not None:
            doc.status = "failed"
            doc.error_code = "internal_error"
            doc.error_message = "Lỗi hệ thống khi xử lý tệp. Tệp gốc vẫn được lưu; hãy thử xử lý lại."
