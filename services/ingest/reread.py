"""Re-reading documents after an upgrade of the understanding rules (`vanban reprocess`, /readyz's hint).

Each document records the version of the rules that read it (`understanding_version`, set by
`service.apply_understanding`; the constant: understanding/version.py). The documents read by an older version are
queued again through the one door of POST /documents/{id}/reprocess — `service.mark_for_reprocess`, the event
`document.reprocess` → ingest.process (force), services/wiring.py — so a bulk re-reading ends exactly as one
document's would: a confidential level known before is never lowered (policy.level_after_reading) and the tasks a
clerk confirmed, edited, rejected, split or merged stay as the clerk left them (briefing's stable proposal keys:
only untouched proposals follow the new reading).

Only documents with a reading are candidates (text kept, and done — or queued/extracting again by an earlier,
interrupted re-reading, so that running the command again picks them up); a document that failed or waits for OCR
has no reading to renew (reprocessing it is the clerk's decision, one at a time).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from services.core.auth.service import audit
from services.core.db import session_scope
from services.core.outbox import unsent_first_args
from services.ingest.models import Document, DocumentStatus
from services.ingest.ocr import ENGINE_VERSION
from services.ingest.ocr.schedule import ocr_state, set_ocr_state
from services.ingest.service import hold_document, mark_for_reprocess
from services.ingest.understanding.version import UNDERSTANDING_VERSION

_READ = (DocumentStatus.done, DocumentStatus.queued, DocumentStatus.extracting)


def stale_clause(current: int = UNDERSTANDING_VERSION) -> Any:
    """Documents read by a version of the rules older than `current` (or before versions were recorded)."""
    return or_(Document.understanding_version.is_(None), Document.understanding_version < current)


@dataclass(frozen=True)
class Selection:
    """Which documents a run re-reads: the stale ones (default), or all those with a reading (`everything`); only
    those ingested on or after `since` when given."""

    everything: bool = False
    since: date | None = None

    def clause(self) -> Any:
        parts = [Document.text.is_not(None), Document.status.in_([s.value for s in _READ])]
        if not self.everything:
            parts.append(stale_clause())
        if self.since is not None:
            parts.append(Document.created_at >= datetime.combine(self.since, time.min))
        return and_(*parts)


def count_selected(session: Session, selection: Selection) -> int:
    return session.scalar(select(func.count()).select_from(Document).where(selection.clause())) or 0


def count_stale(session: Session, unclassified_only: bool = False) -> int:
    """How many documents were read by an older version of the rules. `unclassified_only`: of known level Thường
    only — what /readyz, which anyone may ask, says (as /metrics: no count of secrets); `vanban reprocess --dry-run`
    counts them all."""
    stmt = select(func.count()).select_from(Document).where(Selection().clause())
    if unclassified_only:
        stmt = stmt.where(Document.level == 0, Document.provisional.is_(False))
    return session.scalar(stmt) or 0


def versions_selected(session: Session, selection: Selection) -> dict[int | None, int]:
    """{version (None: before versions were recorded): documents} of a selection, for a dry run's summary."""
    stmt = select(Document.understanding_version, func.count()).where(selection.clause()) \
        .group_by(Document.understanding_version)
    return {v: n for v, n in session.execute(stmt)}


def next_batch(session: Session, selection: Selection, after: str | None, size: int) -> list[str]:
    """The next `size` ids of the selection after `after`, in id order: a run moves forward through the ids, so it
    ends even when a document does not reach the current version (its original is gone, it waits for OCR)."""
    stmt = select(Document.id).where(selection.clause()).order_by(Document.id).limit(size)
    if after is not None:
        stmt = stmt.where(Document.id > after)
    return list(session.scalars(stmt))


@dataclass
class Queued:
    """What a run queued: `documents`, of which `from_layer` scans are read again from their kept text layer (the
    derived file OCR wrote), without running OCR again."""

    documents: int = 0
    from_layer: int = 0
    waiting: int = 0  # already queued by an earlier run, their reading still waiting in the outbox (broker away)


def queue_rereading(session: Session, document_ids: list[str], via: str = "cli", ocr: bool = False) -> Queued:
    """Queue these documents for reading again, each as POST /documents/{id}/reprocess does (audited the same way).
    A scan is read again from the text layer OCR kept (same OCR engine version) — minutes of Tesseract per scan
    saved — unless `ocr`: then its layer is set aside and OCR runs again. Only flushes: the caller's unit of work
    commits, and the reading runs after it (outbox)."""
    out = Queued()
    for document_id in document_ids:
        doc = session.get(Document, document_id)
        if doc is None:
            continue
        layer = ocr_state(doc).get("text_layer")
        if layer and ocr:
            hold_document(session, doc)  # `extra` is written back whole: never over a recall's mark (SECURITY.md 98)
            set_ocr_state(doc, text_layer=None)
        elif layer and ocr_state(doc).get("version") == ENGINE_VERSION:
            out.from_layer += 1
        mark_for_reprocess(session, document_id)
        audit(session, None, "change", "document", document_id,
              {"reprocess": True, "via": via, "understanding_version": UNDERSTANDING_VERSION,
               **({"ocr": True} if ocr and layer else {})})
        out.documents += 1
    return out


def reread(selection: Selection, batch: int = 100, progress: Callable[[int, Queued], object] | None = None,
           after_batch: Callable[[], object] | None = None, ocr: bool = False) -> Queued:
    """Queue the selection for reading again, `batch` documents per unit of work, in id order; `after_batch` runs
    once each batch is committed (the embedded default waits there for its reading, so memory stays flat), then
    `progress(n, queued so far)`. Returns how many were queued (and how many scans of them are read from their kept
    text layer; `ocr`: none, every scan is OCRed again). Interrupted, a run loses nothing: what it queued is read (or waits
    in the outbox), and running it again with the stale selection takes up what was not read yet."""
    queued, after = Queued(), None
    while True:
        with session_scope() as session:
            ids = next_batch(session, selection, after, max(1, batch))
            if not ids:
                return queued
            # an earlier run's reading of a document still waits in the outbox (the broker was away): asking again
            # would read it twice once the broker is back — it is counted as waiting, not queued again
            asked = unsent_first_args(session, "ingest.process")
            done = queue_rereading(session, [i for i in ids if i not in asked], ocr=ocr)
            queued = Queued(queued.documents + done.documents, queued.from_layer + done.from_layer,
                            queued.waiting + sum(1 for i in ids if i in asked))
        after = ids[-1]
        if after_batch is not None:
            after_batch()
        if progress is not None:
            progress(len(ids), queued)
