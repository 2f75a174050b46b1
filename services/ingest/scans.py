"""The OCR step of the ingest pipeline: a scan found by `ingest.process` is handed to `ingest.ocr` (its own queue).

    schedule_ocr(session, doc) -> bool                 (schedule.py) called by ingest.process where it found a scan
    run_ocr(document_id, force=False, follow_up=True)  the body of the `ingest.ocr` task

The document stays `extracting` while OCR runs; its progress is on the document (`extra["ocr"]`: state, pages_done,
pages_total, then confidence and the derived text layer's sha256). The original is never touched: the text layer is
a derived file in the same content-addressed store. When the text is read, the document is understood, committed
`done` and followed up (search.index, briefing.sync_document) exactly like a born-digital one. The task is
idempotent: a finished document is left alone; a text layer of this engine version already in the store is reused
instead of reading the pages again (a task killed after OCR redoes only the cheap part).
"""
from __future__ import annotations

import logging
import time
from typing import Any

from services.core.db import session_scope
from services.core.errors import NeedsOCR, VanbanError
from services.ingest import service
from services.ingest.models import Document, DocumentStatus, utcnow
from services.ingest.ocr import ENGINE_VERSION, NO_TEXT, ocr_pdf
from services.ingest.ocr.schedule import ocr_state, set_ocr_state

log = logging.getLogger("vanban.ingest.ocr")

TASK = "ingest.ocr"

QUEUE = "ocr"


def _progress(document_id: str) -> Any:
    """A callback that records pages done / total on the document, each in its own short unit of work."""
    def report(done: int, total: int) -> None:
        with session_scope() as s:
            doc = s.get(Document, document_id)
            if doc is None:
                return
            # `extra` is written back whole: read it held, never over a mark committed since (a recall: SECURITY.md 98)
            service.hold_document(s, doc)
            set_ocr_state(doc, state="running", pages_done=done, pages_total=total)
    return report


def _load_layer(state: dict[str, Any]) -> tuple[str, float, int] | None:
    import json

    digest = state.get("text_layer")
    if not digest or state.get("version") != ENGINE_VERSION or not service.store().exists(digest):
        return None
    layer = json.loads(service.store().get(digest).decode("utf-8"))
    return str(layer["text"]), float(layer.get("confidence") or 0.0), int(layer.get("pages") or 0)


def run_ocr(document_id: str, force: bool = False, follow_up: bool = True) -> dict[str, object]:
    """Read a scanned document by OCR, then understand, commit and follow it up like any other document."""
    with session_scope() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            return {"document_id": document_id, "status": "missing", "changed": False}
        state = ocr_state(doc)
        if not force and (doc.status != DocumentStatus.extracting or state.get("state") == "done"):
            return {"document_id": document_id, "status": doc.status, "changed": False}
        sha256 = doc.sha256
    # OCR runs outside any transaction: minutes of work must not hold a database connection or lock
    started = time.perf_counter()
    layer = _load_layer(state)
    digest = state.get("text_layer") if layer else None
    try:
        if layer is None:
            data = service.store().get(sha256)
            result = ocr_pdf(data, progress=_progress(document_id))
            digest = service.store().put(result.text_layer())
            text, confidence, pages, ocr_pages = result.text, result.confidence, result.pages, len(result.ocr_pages)
        else:
            text, confidence, pages = layer
            ocr_pages = int(state.get("pages_total") or 0)
        if not any(ch.isalnum() for ch in text):
            raise NeedsOCR(NO_TEXT)
        from services.ingest.understanding import understand

        info = understand(text)
    except (VanbanError, FileNotFoundError) as exc:
        code = exc.code if isinstance(exc, VanbanError) else "original_missing"
        message = exc.message if isinstance(exc, VanbanError) else "Không tìm thấy tệp gốc trong kho lưu trữ."
        status = DocumentStatus.needs_ocr if isinstance(exc, NeedsOCR) else DocumentStatus.failed
        with session_scope() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                return {"document_id": document_id, "status": "missing", "changed": False}
            service.hold_document(session, doc)  # as `_progress` (SECURITY.md 98)
            doc.status, doc.error_code, doc.error_message = status, code, message
            doc.processed_at = utcnow()
            set_ocr_state(doc, state="failed")
            if follow_up:
                service._follow_up(session, document_id, False)
        log.info("OCR of %s failed: %s", document_id, code)
        return {"document_id": document_id, "status": status, "changed": True, "error_code": code}

    with session_scope() as session:  # the whole result at once: nothing half-written
        doc = session.get(Document, document_id)
        if doc is None:
            return {"document_id": document_id, "status": "missing", "changed": False}
        service.hold_document(session, doc)  # a clerk's change made meanwhile is read, never written over
        from services.ingest import identity

        plan = identity.prepare(session, doc, info.number, info.issuer, service._iso(info.issued_date), text,
                                service.visible_clause)  # reads only, before the first write
        first_reading = not doc.text
        doc.format = "pdf"
        doc.pages = pages or doc.pages
        doc.text = text
        doc.legacy_encoding = None
        service.apply_understanding(session, doc, info, first_reading)
        set_ocr_state(doc, state="done", pages_done=ocr_pages, pages_total=ocr_pages, confidence=round(confidence, 3),
                   text_layer=digest, version=ENGINE_VERSION, seconds=round(time.perf_counter() - started, 2))
        doc.status = DocumentStatus.done
        doc.error_code = None
        doc.error_message = None
        doc.processed_at = utcnow()
        service.link_citations(session, doc)
        # a re-scan of a registered document: no second set of tasks
        identity.register(session, doc, plan, service.set_units, follow_up)
        if follow_up:
            service._follow_up(session, document_id, True)
    log.info("OCR of %s done: %d pages, confidence %.2f", document_id, ocr_pages, confidence)
    return {"document_id": document_id, "status": "done", "changed": True, "confidence": round(confidence, 3)}
