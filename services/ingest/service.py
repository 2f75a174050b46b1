"""The ingest service: accept uploads, run the pipeline, answer questions about stored documents.

Functions take a Session and never commit: the request or task boundary does (services.core.db). What follows a
change is an event (`document.stored`, `document.processed` …) whose reactions are declared in services/wiring.py;
tasks run only after the commit.
"""
from __future__ import annotations

import logging
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from sqlalchemy import Select, event, func, insert, inspect, or_, select, update
from sqlalchemy.orm import Session, selectinload

from services.core.auth.policy import Scope, effective_access_units, level_after_reading, level_of_stamp
from services.core.auth.units import canonical_name, unit_key
from services.core.config import get_settings
from services.core.errors import IngestError, NeedsOCR, VanbanError
from services.core.events import emit
from services.core.storage import OriginalStore, sha256_hex
from services.ingest import identity
from services.ingest.models import (
    Citation,
    Document,
    DocumentStatus,
    DocumentTask,
    DocumentUnit,
    new_id,
    utcnow,
)
from services.ingest.ocr.schedule import schedule_ocr
from services.ingest.understanding.version import UNDERSTANDING_VERSION

log = logging.getLogger("vanban.ingest")

SUPPORTED_EXTENSIONS = {".docx", ".pdf", ".txt", ".text", ".html", ".htm", ".xml", ".edxml", ".doc"}
PIPELINE_VERSION = 1


def number_key(number: str | None) -> str | None:
    """'317/TB–UBND ' → '317/TB-UBND': the form used to link citations to documents."""
    from services.ingest.understanding.references import number_key as key

    return key(unicodedata.normalize("NFC", number)) or None if number else None


def store() -> OriginalStore:
    return OriginalStore(get_settings().originals_dir)


def clean_filename(name: str | None) -> str:
    """A file's name as its sender wrote it (a mailed attachment, a multipart upload, a folder from elsewhere), without
    what a name must not carry: a path, control characters (terminal escapes reaching the operator's `vanban`
    output), direction marks (U+202E: "bien-ban<U+202E>fdp.exe" reads "bien-banexe.pdf") and other invisible format
    characters; a space of another kind is a space (SECURITY.md 87)."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(c if c.isprintable() else " " if unicodedata.category(c) == "Zs" else ""
                   for c in unicodedata.normalize("NFC", base))
    return base.strip()[:255] or "document"


@dataclass
class UploadOutcome:
    filename: str
    document: Document | None = None
    duplicate: bool = False
    error: VanbanError | None = None


def check_upload(filename: str, data: bytes) -> None:
    """Refuse at the door what can never be a document: nothing is stored for these."""
    settings = get_settings()
    if len(data) == 0:
        raise IngestError("empty_file", f"Tệp “{filename}” rỗng (0 byte): hãy kiểm tra lại tệp rồi tải lên lại.",
                          http_status=422)
    if len(data) > settings.max_upload_bytes:
        mb = settings.max_upload_bytes / (1024 * 1024)
        raise IngestError("too_large", f"Tệp “{filename}” vượt quá dung lượng cho phép ({mb:.0f} MB): hãy giảm "
                          "dung lượng (ví dụ quét lại ở độ phân giải thấp hơn) rồi tải lên lại.",
                          http_status=413)
    ext = PurePath(filename).suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise IngestError(
            "unsupported_type",
            f"Định dạng tệp “{ext or filename}” không được hỗ trợ. Hãy gửi DOCX, PDF, TXT, HTML hoặc edXML.",
            http_status=415,
        )


MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",
}


def media_type_of(data: bytes) -> str:
    """The type an original is served with, from its sniffed content — never the uploader's word. HTML, XML and
    anything unknown are served as bytes (application/octet-stream)."""
    from services.ingest.parsers.sniff import content_kind

    return MEDIA_TYPES.get(content_kind(data[:1024 * 1024]), "application/octet-stream")


def accept_upload(session: Session, filename: str, data: bytes, content_type: str | None = None,
                  source: str = "upload", process: bool = True, *, uploaded_by: str | None = None,
                  level: int = 3, visible: Any = None, declared_by: str | None = None) -> UploadOutcome:
    """Store the original (content-addressed) and create the document row, or return the existing one.

    The new document is provisional at `level` (the uploader's declared level, else the most restrictive one they
    may set): only the uploader and clerks see it until extraction has read its stamp. The same bytes already
    stored as a document the uploader may see (`visible`, a clause of `visible_clause`) are a duplicate; a copy
    the uploader may not see is not mentioned — the upload becomes a document of its own (the bytes are stored
    once), so that nothing about the hidden one leaks and nothing of this upload is lost.

    Only flushes: the caller's unit of work commits. `document.stored` is emitted (→ `ingest.process`,
    services/wiring.py) unless `process=False`. Many files at once: `accept_uploads`.
    """
    del content_type  # the uploader's type is not trusted: the type is sniffed from the bytes
    return accept_uploads(session, [(filename, data)], source, process, uploaded_by=uploaded_by, level=level,
                          visible=visible, declared_by=declared_by)[0]


def accept_uploads(session: Session, files: list[tuple[str | None, bytes]], source: str = "upload",
                   process: bool = True, *, uploaded_by: str | None = None, level: int = 3, visible: Any = None,
                   declared_by: str | None = None) -> list[UploadOutcome]:
    """`accept_upload` for several files of one unit of work, in order, one outcome each: one SELECT finds the
    stored copies of all of them and one flush writes the new rows (one INSERT). A file refused at the door
    (`check_upload`) has its error in its outcome and does not stop the others; the same bytes twice in `files`
    answer as they would one upload after the other (a duplicate of the first, if the uploader may see it). Only
    flushes."""
    outcomes: list[UploadOutcome] = []
    digests: dict[int, str] = {}
    for i, (name, data) in enumerate(files):
        filename = clean_filename(name)
        outcomes.append(UploadOutcome(filename))
        try:
            check_upload(filename, data)
        except VanbanError as exc:
            outcomes[i].error = exc
            continue
        digests[i] = sha256_hex(data)
    if not digests:
        return outcomes
    same = select(Document).where(Document.sha256.in_(sorted(set(digests.values())))) \
        .order_by(Document.created_at, Document.id)
    found: dict[str, Document] = {}
    for doc in session.scalars(same.where(visible) if visible is not None else same):
        found.setdefault(doc.sha256, doc)  # the earliest copy the uploader may see
    level = max(0, min(3, level))
    new: list[Document] = []
    for i, digest in digests.items():
        existing = found.get(digest)
        if existing is None and any(d.sha256 == digest for d in new):  # the same bytes earlier in this upload: a
            session.add_all(new)  # duplicate of that one if the uploader may see it (as one file after the other)
            session.flush()
            one = same.where(Document.sha256 == digest).limit(1)
            existing = session.scalar(one.where(visible) if visible is not None else one)
        if existing is not None:
            outcomes[i].document, outcomes[i].duplicate = existing, True
            continue
        data = files[i][1]
        store().put(data)
        doc = Document(id=new_id(), sha256=digest, filename=outcomes[i].filename, content_type=media_type_of(data),
                       size_bytes=len(data), source=source, status=DocumentStatus.queued, provisional=True,
                       uploaded_by=uploaded_by, level=level, access_set_by=declared_by)
        outcomes[i].document = doc
        new.append(doc)
    session.add_all(new)
    session.flush()  # one INSERT for the new rows; their ids and defaults are set
    for doc in new:
        if process:
            emit(session, "document.stored", doc.id)
        log.info("accepted %s as %s (%d bytes)", doc.filename, doc.id, doc.size_bytes)
    return outcomes


def mark_for_reprocess(session: Session, document_id: str) -> Document | None:
    doc = session.get(Document, document_id)
    if doc is None:
        return None
    doc.status = DocumentStatus.queued
    doc.error_code = None
    doc.error_message = None
    emit(session, "document.reprocess", document_id, True)
    return doc


def resume_after_interruption(session: Session, document_id: str, recheck: bool = False) -> bool:
    """A file that an earlier, interrupted `vanban ingest` had stored: a document it left `queued` or `extracting`
    lost its follow-up with that process and is announced again; a finished one is left as it is (its follow-ups
    ran, or wait in the outbox), unless `recheck` (that run died without keeping them): then they are announced
    again (idempotent: indexing, tracked tasks). True when the earlier run had finished it (failed and needs-OCR
    documents included: processing them again is the clerk's decision, POST /documents/{id}/reprocess)."""
    doc = session.get(Document, document_id)
    if doc is None:
        return False
    if doc.status in (DocumentStatus.queued, DocumentStatus.extracting):
        doc.status = DocumentStatus.queued
        emit(session, "document.stored", document_id)
        return False
    if doc.status == DocumentStatus.done and recheck:
        emit(session, "document.processed", document_id)
    return True


# --- the pipeline (ingest.process) -------------------------------------------------------------------------


@dataclass
class ProcessResult:
    document_id: str
    status: str
    changed: bool
    error_code: str | None = None
    linked: list[str] = field(default_factory=list)


def _follow_up(session: Session, document_id: str, done: bool) -> None:
    """Say what came of it (services/wiring.py decides who follows), in the same transaction as the result."""
    emit(session, "document.processed" if done else "document.failed", document_id)


def start_processing(session: Session, document_id: str, force: bool = False) -> ProcessResult | None:
    """The first step of `ingest.process`, a unit of work of its own: the document becomes `extracting` (visible
    to everyone while the work runs). Returns the answer when there is nothing to do, else None."""
    doc = session.get(Document, document_id)
    if doc is None:
        return ProcessResult(document_id, "missing", False)
    if doc.status in (DocumentStatus.done, DocumentStatus.failed, DocumentStatus.needs_ocr) and not force:
        return ProcessResult(document_id, doc.status, False)
    doc.status = DocumentStatus.extracting
    doc.attempts = (doc.attempts or 0) + 1
    return None


def read_original(sha256: str, filename: str) -> tuple[Any, Any] | BaseException | None:
    """Parse and understand a stored original outside any transaction (a batch reads its documents before its one
    write): (ParsedDocument, DocumentInfo), or the error reading it raised (kept to be recorded by
    `finish_processing`), or None for what the write step reads itself (edXML: it stores its attachments)."""
    from services.ingest import prepare
    from services.ingest.parsers import parse_document
    from services.ingest.understanding import understand

    try:
        data = store().get(sha256)
        if _is_edxml(filename, data):
            return None
        ready = prepare.take(sha256)  # read ahead by a bulk import's worker processes
        if ready is not None:
            return ready
        parsed = parse_document(data, filename, max_bytes=get_settings().max_upload_bytes)
        return parsed, understand(parsed.text)
    except (VanbanError, FileNotFoundError) as exc:
        return exc


def finish_processing(session: Session, document_id: str, follow_up: bool = True,
                      ready: tuple[Any, Any] | BaseException | None = None, held: bool = False) -> ProcessResult:
    """The second step, a unit of work of its own: extract, repair and understand the document, then write the
    whole result at once — text, metadata, citations and tasks — so that nothing is ever half-written. `ready`:
    what `read_original` gave for it (a batch reads first, then writes all its documents in one transaction).
    `held`: the document was read by `hold_documents` at the start of this unit of work (not read again here)."""
    doc = session.get(Document, document_id)
    if doc is None:
        return ProcessResult(document_id, "missing", False)
    from services.ingest.parsers import parse_document
    from services.ingest.understanding import understand

    settings = get_settings()
    edxml_extra: dict[str, Any] | None = None
    try:
        if isinstance(ready, BaseException):
            raise ready
        if ready is not None:
            parsed, info = ready
        else:
            data = store().get(doc.sha256)
            if _is_edxml(doc.filename, data):
                parsed, info, edxml_extra = _understand_edxml(data, settings.max_upload_bytes)
            else:
                from services.ingest import prepare

                taken = prepare.take(doc.sha256)  # read ahead by a bulk import's worker processes
                if taken is not None:
                    parsed, info = taken
                else:
                    parsed = parse_document(data, doc.filename, max_bytes=settings.max_upload_bytes)
                    info = understand(parsed.text)
    except NeedsOCR as exc:
        if schedule_ocr(session, doc):  # Tesseract installed: the OCR queue reads the scan
            return ProcessResult(document_id, doc.status, True)
        _finish_without_text(doc, DocumentStatus.needs_ocr, exc.code, exc.message)
        if follow_up:
            _follow_up(session, document_id, False)
        return ProcessResult(document_id, doc.status, True, exc.code)
    except VanbanError as exc:
        _finish_without_text(doc, DocumentStatus.failed, exc.code, exc.message)
        if follow_up:
            _follow_up(session, document_id, False)
        log.info("document %s failed: %s", document_id, exc.code)
        return ProcessResult(document_id, doc.status, True, exc.code)
    except FileNotFoundError:
        _finish_without_text(doc, DocumentStatus.failed, "original_missing",
                             "Không tìm thấy tệp gốc trong kho lưu trữ.")
        if follow_up:
            _follow_up(session, document_id, False)
        return ProcessResult(document_id, doc.status, True, "original_missing")

    # the file is read (seconds, a long PDF): what a clerk set meanwhile is read again under a lock, and written over
    # by no one until this commits (SECURITY.md, finding 28)
    if not held:
        hold_document(session, doc)
    if edxml_extra is not None:
        doc.extra = {**(doc.extra or {}), **edxml_extra}
    if parsed.scanned_pages:  # a mixed PDF: some pages are scans without text
        if schedule_ocr(session, doc):
            return ProcessResult(document_id, doc.status, True)
    plan = identity.prepare(session, doc, info.number, info.issuer, _iso(info.issued_date), parsed.text,
                            visible_clause)  # reads only: the write transaction below stays short
    first_reading = not doc.text
    doc.format = parsed.format
    doc.pages = parsed.pages
    doc.text = parsed.text
    doc.legacy_encoding = parsed.encoding if parsed.encoding in ("tcvn3", "vni") else None
    # the row's own columns are all set before its first flush (in apply_understanding): one UPDATE of the
    # document, not one per step (its status, its identity key — register sets the same again)
    doc.status = DocumentStatus.done
    doc.error_code = None
    doc.error_message = None
    doc.processed_at = utcnow()
    doc.identity_key = plan.ident.key
    cited = apply_understanding(session, doc, info, first_reading)
    linked = link_citations(session, doc, cited)
    # another file of a registered document: no second set of tasks (decided above, before the first write)
    identity.register(session, doc, plan, set_units, follow_up)
    if follow_up:
        _follow_up(session, document_id, True)
    return ProcessResult(document_id, doc.status, True, linked=linked)


# an invented notice: it runs the readers' first calls (modules, compiled patterns, the unit directory) at start-up
_WARM_UP_TEXT = """ỦY BAN NHÂN DÂN TỈNH MẪU
Số: 1/TB-UBND
Mẫu, ngày 2 tháng 3 năm 2025
THÔNG BÁO
Kết luận của Chủ tịch về việc thử nghiệm
1. Giao Sở Thử nghiệm chủ trì, phối hợp với Sở Mẫu hoàn thành trước ngày 30/4/2025.
Nơi nhận:
- Như trên;
CHỦ TỊCH
Người Thử"""


def warm_up() -> None:
    """Load the parsers and understanding before the first document comes in (a server's, a worker's start): their
    modules, compiled patterns and memos cost ~0.3 s CPU once per process, which the first upload would otherwise
    pay. Pure: an invented text, no database, no file."""
    from services.ingest.parsers import docx_parser  # noqa: F401 - loaded, not used here
    from services.ingest.understanding import understand

    understand(_WARM_UP_TEXT)


def hold_documents(session: Session, document_ids: list[str]) -> dict[str, Document]:
    """`hold_document` for the documents a unit of work is about to write, before it writes any (the pipeline's write
    step, after their files were read): ONE statement reads them as they stand now and keeps them so until it ends —
    PostgreSQL: SELECT … FOR UPDATE, in id order; SQLite: the database's write lock taken first (BEGIN IMMEDIATE),
    then the SELECT. {id: document} of those that exist; the session holds them (`session.get` reads no more)."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    session.flush()
    from services.core.db import begin_write

    begin_write(session)
    stmt = select(Document).where(Document.id.in_(ids)).order_by(Document.id) \
        .execution_options(populate_existing=True)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return {doc.id: doc for doc in session.scalars(stmt)}


def hold_document(session: Session, doc: Document) -> None:
    """Read `doc` again as it stands now and keep it so until this unit of work ends, before writing its access from
    what it holds: a change committed since it was loaded (a clerk's PATCH /access while the file was read) is
    never written over with the older values. PostgreSQL: SELECT … FOR UPDATE; SQLite (one writer): a write that
    takes the database's write lock first (its SELECTs alone run outside any transaction)."""
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.refresh(doc, with_for_update=True)
        return
    session.execute(update(Document).where(Document.id == doc.id)
                    .values(attempts=Document.attempts, updated_at=Document.updated_at)  # changes nothing
                    .execution_options(synchronize_session=False))
    session.refresh(doc)


def _is_edxml(filename: str, data: bytes) -> bool:
    from services.ingest.parsers.edxml import looks_like_edxml

    return filename.lower().endswith((".edxml", ".xml")) or looks_like_edxml(data)


def _understand_edxml(data: bytes, max_bytes: int) -> tuple[Any, Any, dict[str, Any]]:
    """edXML: header → metadata directly; attachments through the normal parsers (originals kept too)."""
    from services.ingest.parsers import ParsedDocument, parse_document
    from services.ingest.parsers.edxml import header_metadata, parse_edxml
    from services.ingest.understanding import Signer, understand

    msg = parse_edxml(data, max_attachment_bytes=max_bytes)
    texts = [msg.content] if msg.content else []
    attachments: list[dict[str, Any]] = []
    pages = 0
    for att in msg.attachments:
        digest = store().put(att.data)
        entry: dict[str, Any] = {"name": att.name, "sha256": digest, "size": len(att.data)}
        try:
            part = parse_document(att.data, att.name, max_bytes=max_bytes)
            texts.append(part.text)
            pages += part.pages or 0
            entry["status"] = "done"
        except VanbanError as exc:
            entry.update(status="failed", error_code=exc.code, error_message=exc.message)
        attachments.append(entry)
    from services.vntext.repair import repair_text

    text = repair_text("\n\n".join(t for t in texts if t)).text
    if not text.strip():
        raise IngestError("empty_text", "Gói tin edXML không có nội dung hay tệp đính kèm nào đọc được.")
    info = understand(text)
    head = header_metadata(msg)
    for key in ("number", "doc_type", "issuer", "issued_date", "place", "subject"):
        if head.get(key):
            setattr(info, key, head[key])
    if msg.signer_name or msg.signer_title:
        info.signer = Signer(name=msg.signer_name, title=msg.signer_title, authority=msg.signer_authority)
    if msg.recipients:
        info.recipients = list(dict.fromkeys([*msg.recipients, *info.recipients]))
    parsed = ParsedDocument(text=text, format="edxml", pages=pages or None, encoding=None, warnings=[])
    extra = {"edxml": {"due_date": msg.due_date, "steering_type": msg.steering_type, "other": msg.other},
             "attachments": attachments}
    return parsed, info, extra


def _finish_without_text(doc: Document, status: str, code: str, message: str) -> None:
    doc.status = status
    doc.error_code = code
    doc.error_message = message
    doc.processed_at = utcnow()


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def apply_understanding(session: Session, doc: Document, info: Any, first_reading: bool = False) -> list[str]:
    """Copy what `understand` found onto the document, replacing earlier citations and tasks. `first_reading`: no
    text of it was ever read before (a failed or needs-OCR document read at last): a level a clerk set meanwhile was
    set without the stamp, and is a floor the stamp can raise (SECURITY.md 30); it has no citations nor tasks yet
    (they are only ever written with its text). Returns the ids of the documents in the store it cites, in order."""
    doc.number = info.number
    doc.number_key = number_key(info.number)
    doc.doc_type = info.doc_type
    doc.issuer = info.issuer
    doc.issued_date = _iso(info.issued_date)
    doc.place = info.place
    doc.subject = info.subject
    doc.signer_name = info.signer.name if info.signer else None
    doc.signer_title = info.signer.title if info.signer else None
    doc.signer_authority = info.signer.authority if info.signer else None
    doc.recipients = list(info.recipients)
    doc.confidentiality = info.confidentiality
    stamped = level_of_stamp(info.confidentiality)
    # the stamp decides the first reading; reprocessing never lowers a known level (e.g. a copy's inherited one)
    declassified = (doc.extra or {}).get("declassified") or {}
    doc.level = level_after_reading(doc.level, stamped, doc.provisional or first_reading, bool(doc.access_set_by),
                                    declassified.get("from") if isinstance(declassified, dict) else None)
    doc.provisional = False
    doc.urgency = info.urgency
    doc.understanding_version = UNDERSTANDING_VERSION  # `vanban reprocess --stale` re-reads the older ones
    _replace_children(session, doc, ("citations", "tasks"), existing=not first_reading)
    seen: set[str] = set()
    own = doc.number_key
    citations: list[dict[str, Any]] = []
    for ref in info.references:
        key = number_key(ref.number)
        if not key or key in seen or key == own:
            continue
        seen.add(key)
        citations.append({"document_id": doc.id, "position": len(citations), "number": ref.number, "number_key": key,
                          "doc_type": ref.doc_type, "issued_date": _iso(ref.issued_date), "cited_document_id": None})
    tasks = [{"document_id": doc.id, "position": i, "lead": task.lead[:512], "support": list(task.support),
              "action": task.action, "deadline": _iso(task.deadline),
              "deadline_text": (task.deadline_text or None) and task.deadline_text[:512],
              "recurrence": task.recurrence, "sentence": task.sentence,
              "confidence": getattr(task, "confidence", None),
              "lead_units": _units_of(task, "lead"), "support_units": _units_of(task, "support")}
             for i, task in enumerate(info.tasks)]
    if citations:  # what it cites and is in the store already: linked as the rows are written
        targets = dict(session.execute(
            select(Document.number_key, Document.id).where(Document.number_key.in_(list(seen)), Document.id != doc.id)
        ).all())
        for c in citations:
            c["cited_document_id"] = targets.get(c["number_key"])
        session.execute(insert(_CITATIONS), citations)
    if tasks:
        session.execute(insert(_TASKS), tasks)
    assigned = [u for t in tasks for u in [*t["lead_units"], *t["support_units"]] if u]
    set_units(session, doc, assigned=assigned, addressed=_addressed(info.recipients))
    return [c["cited_document_id"] for c in citations if c["cited_document_id"] is not None]


def _replace_children(session: Session, doc: Document, names: tuple[str, ...], existing: bool = True) -> None:
    """Delete a document's rows of these relationships (citations, tasks, units) with one statement each, the rows
    to come being written by Core inserts (executemany) rather than one ORM object each. What the session holds of
    the old rows leaves it (a later row reusing an id — SQLite reuses the highest rowid — is never mistaken for the
    old one), and the collections are read again from the database when next used. `existing` False: it has none of
    these rows (its first reading), no DELETE is sent."""
    from sqlalchemy import delete

    session.flush()  # what is pending (the document's own changes, rows added to its collections) is written first
    loaded = inspect(doc).dict
    for name in names:
        for child in loaded.get(name) or ():
            if child in session:
                session.expunge(child)
    session.expire(doc, list(names))
    for name in names if existing else ():
        model = _CHILDREN[name]
        session.execute(delete(model.__table__).where(model.__table__.c.document_id == doc.id))


_CHILDREN: dict[str, Any] = {"citations": Citation, "tasks": DocumentTask, "units": DocumentUnit}
_CITATIONS, _TASKS, _UNITS = Citation.__table__, DocumentTask.__table__, DocumentUnit.__table__


def _addressed(recipients: list[str]) -> list[str]:
    """Recipients as units ("Các Sở: XD, TC" → two departments; an edXML header's names come as written)."""
    from services.ingest.understanding.units import expand_units

    return [u for name in recipients for u in expand_units(name)]


def _units_of(task: Any, role: str) -> list[str]:
    """The canonical units a task names as lead or support ("Các Sở: XD, TC" → two departments): what routing,
    access and the inboxes use; the written names stay on the task (`lead`, `support`)."""
    units = [u for u in (getattr(task, f"{role}_units", None) or []) if u and u.strip()]
    if not units:
        written = [task.lead] if role == "lead" else list(task.support)
        units = [canonical_name(w) for w in written if w and w.strip()]
    out: list[str] = []
    for u in units:
        if unit_key(u) not in {unit_key(o) for o in out}:
            out.append(u[:512])
    return out


def set_units(session: Session, doc: Document, *, assigned: list[str] | None = None,
              addressed: list[str] | None = None, audience_units: list[str] | None = None) -> None:
    """Replace the given relations of document↔unit, then recompute the effective `access` units (written by Core
    statements; search and briefing are told, `document.access_changed`, when the rows change)."""
    if doc.id is None:
        session.flush()
    if "units" in inspect(doc).dict:  # loaded (maybe changed in memory): as the session holds them
        old = [(du.relation, du.unit_key, du.unit_name) for du in doc.units]
    else:  # as rows, without an ORM object each
        old = [tuple(r) for r in session.execute(select(_UNITS.c.relation, _UNITS.c.unit_key, _UNITS.c.unit_name)
                                                  .where(_UNITS.c.document_id == doc.id).order_by(_UNITS.c.id))]
    current: dict[str, dict[str, str]] = {}
    for relation, key, name in old:
        current.setdefault(relation, {})[key] = name
    before = sorted(old)
    for relation, names in (("assigned", assigned), ("addressed", addressed), ("audience", audience_units)):
        if names is None:
            continue
        current[relation] = {}
        for name in names:
            key = unit_key(name)
            if key and len(key) <= 255:
                current[relation].setdefault(key, canonical_name(name)[:255])
    access = effective_access_units(doc.audience, list(current.get("audience", {})),
                                    list(current.get("assigned", {})), list(current.get("addressed", {})))
    if set(current.get("access", {})) - set(access):  # a unit loses the document: search must know at once
        doc.access_changed_at = utcnow()
    names_by_key = {k: v for rel in current.values() for k, v in rel.items()}
    current["access"] = {k: names_by_key[k] for k in access}
    rows = [{"document_id": doc.id, "relation": relation, "unit_key": key, "unit_name": name}
            for relation, units in current.items() for key, name in units.items()]
    if sorted((r["relation"], r["unit_key"], r["unit_name"]) for r in rows) == before:
        return  # the same rows: nothing to write, nobody to tell
    _replace_children(session, doc, ("units",), existing=bool(old))  # none before (a first reading): no DELETE
    if rows:
        session.execute(insert(_UNITS), rows)
    emit(session, "document.access_changed", doc.id)  # search and briefing follow (services/wiring.py)


@event.listens_for(Document, "before_update")
def _mark_tightened(_mapper: Any, _connection: Any, doc: Document) -> None:
    """Whatever raises a level or changes an audience — a clerk, reprocessing reading a stamp, a copy recognised and
    raised to its registered document (identity) — marks the document as tightened in the same UPDATE, so that
    search stops trusting its index entry (totals, facets, statistics) until it is re-indexed (SECURITY.md 29)."""
    state = inspect(doc)
    level, audience = state.attrs.level.history, state.attrs.audience.history
    raised = bool(level.added and level.deleted and (level.added[0] or 0) > (level.deleted[0] or 0))
    if raised or bool(audience.added and audience.deleted and audience.added[0] != audience.deleted[0]):
        doc.access_changed_at = utcnow()


def hidden_document(scope: Scope, document_id: Any) -> Any:
    """``document_id`` (a column of another record, e.g. an audit event's object) names a document the scope may not
    see."""
    from sqlalchemy import exists, not_

    return exists().where(Document.id == document_id, not_(visible_clause(scope)))


def visible_clause(scope: Scope) -> Any:
    """The access policy's scope as a SQL WHERE over documents (applied inside the query, before paging)."""
    from sqlalchemy import and_, exists, false, true

    clauses = [Document.level <= scope.max_level]
    if not scope.sees_provisional:  # level not known yet: the uploader (and clerks) only
        if scope.user_id:
            clauses.append(or_(Document.provisional.is_(False), Document.uploaded_by == scope.user_id))
        else:
            clauses.append(Document.provisional.is_(False))
    if scope.public_only:
        clauses.append(Document.audience == "public")
    elif scope.unit_keys is not None:
        if scope.unit_keys:
            has_unit = exists().where(DocumentUnit.document_id == Document.id, DocumentUnit.relation == "access",
                                      DocumentUnit.unit_key.in_(sorted(scope.unit_keys)))
            clauses.append(or_(Document.audience == "public", has_unit))
        else:
            clauses.append(Document.audience == "public")
    return and_(true(), *clauses) if clauses else false()


def recently_hidden_ids(session: Session, scope: Scope, since: datetime, limit: int | None = 5000) -> list[str]:
    """Documents whose access changed since `since` and that `scope` may not see now (the database decides): a
    search excludes them inside the engine query, so totals, facets and hits never count a document whose
    tightening the index has not caught up with yet. `limit` None: all of them (the hourly catch-up)."""
    from sqlalchemy import not_

    # newest changes first: past the limit (a mass reprocess), the ones the index is least likely to have caught up
    # with are the ones kept
    return list(session.scalars(select(Document.id).where(Document.access_changed_at >= since,
                                                          not_(visible_clause(scope)))
                                .order_by(Document.access_changed_at.desc()).limit(limit)))


def page_access(session: Session, scope: Scope, ids: list[str], since: datetime,
                limit: int = 5000) -> tuple[set[str], list[str]]:
    """Search's two reads of the database in ONE query (the source of truth, read after the engine answered): which
    of a page's ``ids`` ``scope`` may see (``visible_ids``), and the documents whose access changed since ``since``
    that ``scope`` may not see now (``recently_hidden_ids``)."""
    visible: set[str] = set()
    hidden: list[str] = []
    for doc_id, kind in session.execute(_page_access_stmt(scope, limit), {"ids": ids, "since": since}):
        if kind:
            visible.add(doc_id)
        else:
            hidden.append(doc_id)
    return visible, hidden


@lru_cache(maxsize=1024)
def _page_access_stmt(scope: Scope, limit: int) -> Any:
    """The statement of ``page_access`` for one scope, built once (its construction cost more than running it); the
    page's ids and the time are bound parameters."""
    from sqlalchemy import bindparam, literal, not_, union_all

    hidden = (select(Document.id, literal(0).label("kind"))
              .where(Document.access_changed_at >= bindparam("since"), not_(visible_clause(scope)))
              .order_by(Document.access_changed_at.desc()).limit(limit).subquery())  # newest first, as above
    return union_all(select(hidden.c.id, hidden.c.kind),
                     select(Document.id, literal(1).label("kind"))
                     .where(Document.id.in_(bindparam("ids", expanding=True)), visible_clause(scope)))


def set_access(session: Session, doc: Document, *, level: int | None, audience: str | None,
               audience_units: list[str] | None, by: str) -> Document:
    """A clerk sets the confidentiality level and audience; it then survives reprocessing. The level is known
    from now on (no longer provisional — unless the stamp is still to be read: then it is a floor) and the label
    follows it (1 → "Mật" …)."""
    from services.core.auth.models import LEVEL_NAMES

    if (level is not None and level != doc.level) or (audience is not None and audience != doc.audience) \
            or audience_units is not None:
        doc.access_changed_at = utcnow()  # see recently_hidden_ids: search stops trusting the index for it
    if level is not None:
        extra = dict(doc.extra or {})
        if level < doc.level:  # a leader's declassification: the stamps it covered do not raise it again (60)
            extra["declassified"] = {"from": max(doc.level, int((extra.get("declassified") or {}).get("from") or 0)),
                                     "to": level, "by": by}
        elif level > doc.level:
            extra.pop("declassified", None)
        if extra != (doc.extra or {}):
            doc.extra = extra
        doc.level = level
        doc.confidentiality = LEVEL_NAMES[level] if level > 0 else None
        # a level set while the stamp is still to be read (queued, extracting, OCR running) is a floor the stamp can
        # raise, like a level declared at upload: no one declassifies a secret nobody has read
        doc.provisional = doc.provisional and doc.status in (DocumentStatus.queued, DocumentStatus.extracting)
    if audience is not None:
        doc.audience = audience
    doc.access_set_by = by
    set_units(session, doc, audience_units=audience_units)
    identity.follow_access(session, doc, set_units)  # its copies in other files are never less secret than it
    return doc


def link_citations(session: Session, doc: Document, linked: list[str] | None = None) -> list[str]:
    """Link citations both ways: what this document cites (linked as `apply_understanding` writes its citations: what
    it returned, `linked`, else read here), and earlier documents that cite it. Returns the ids of the documents it
    cites that are in the store."""
    session.flush()
    if linked is None:
        linked = list(session.scalars(select(Citation.cited_document_id).where(
            Citation.document_id == doc.id, Citation.cited_document_id.is_not(None)).order_by(Citation.position)))
    if doc.number_key:
        session.execute(
            update(Citation)
            .where(Citation.number_key == doc.number_key, Citation.document_id != doc.id)
            .values(cited_document_id=doc.id)
        )
    return linked


# --- queries -------------------------------------------------------------------------------------------------


@dataclass
class DocumentFilter:
    status: str | None = None
    doc_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q_number: str | None = None


def list_documents(session: Session, flt: DocumentFilter, offset: int, limit: int,
                   visible: Any = None) -> tuple[int, list[Document]]:
    stmt: Select[tuple[Document]] = select(Document)
    if flt.status:
        stmt = stmt.where(Document.status == flt.status)
    if flt.doc_type:
        stmt = stmt.where(func.lower(Document.doc_type) == flt.doc_type.lower())
    if flt.date_from:
        stmt = stmt.where(Document.issued_date >= flt.date_from)
    if flt.date_to:
        stmt = stmt.where(Document.issued_date <= flt.date_to)
    if flt.q_number:
        key = number_key(flt.q_number)
        stmt = stmt.where(or_(Document.number_key == key, Document.filename == flt.q_number))
    if visible is not None:
        stmt = stmt.where(visible)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Document.created_at.desc(), Document.id).offset(offset).limit(limit)
    ).all()
    return total, list(rows)


def exists_hidden(session: Session, document_id: str) -> bool:
    """Whether a document the caller could not see exists (for the audit log of denied reads only)."""
    return session.scalar(select(Document.id).where(Document.id == document_id[:64])) is not None


def get_document(session: Session, document_id: str, visible: Any = None) -> Document | None:
    stmt = select(Document).where(Document.id == document_id).options(
        selectinload(Document.citations), selectinload(Document.tasks), selectinload(Document.units)
    )
    if visible is not None:
        stmt = stmt.where(visible)
    return session.scalar(stmt)


def visible_ids(session: Session, ids: list[str], visible: Any) -> set[str]:
    if not ids:
        return set()
    return set(session.scalars(select(Document.id).where(Document.id.in_(ids), visible)))


def status_counts(session: Session, unclassified_only: bool = False) -> dict[str, int]:
    """Documents by state; `unclassified_only`: of known level Thường only (for /metrics: no count of secrets)."""
    stmt = select(Document.status, func.count()).group_by(Document.status)
    if unclassified_only:
        stmt = stmt.where(Document.level == 0, Document.provisional.is_(False))
    return {s: n for s, n in session.execute(stmt)}


def cited_by(session: Session, document_id: str, visible: Any = None) -> list[Document]:
    stmt = (select(Document).join(Citation, Citation.document_id == Document.id)
            .where(Citation.cited_document_id == document_id).order_by(Document.issued_date))
    if visible is not None:
        stmt = stmt.where(visible)
    return list(session.scalars(stmt))


# --- the read model other services use (typed, no table access outside ingest) ------------------------------


def cited_documents(session: Session, document_ids: list[str]) -> dict[str, list[str]]:
    """The documents in the store each of these documents cites: {document id: [cited document ids]} (one query)."""
    out: dict[str, list[str]] = defaultdict(list)
    if document_ids:
        for doc_id, cited in session.execute(
                select(Citation.document_id, Citation.cited_document_id).where(
                    Citation.document_id.in_(sorted(set(document_ids))), Citation.cited_document_id.isnot(None))
                .order_by(Citation.document_id, Citation.position)):
            out[doc_id].append(cited)
    return dict(out)


@dataclass
class TaskView:
    position: int
    lead: str
    support: list[str]
    action: str
    deadline: date | None
    deadline_text: str | None
    recurrence: str | None
    sentence: str
    confidence: float | None = None
    lead_units: list[str] = field(default_factory=list)
    support_units: list[str] = field(default_factory=list)


@dataclass
class DocumentView:
    id: str
    filename: str
    status: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: date | None
    subject: str | None
    text: str
    recipients: list[str]
    confidentiality: str | None
    level: int
    audience: str
    access_units: list[str]  # unit keys that may see it besides all-audience roles
    assigned_units: list[str]  # unit names assigned tasks
    addressed_units: list[str]
    updated_at: datetime | None
    tasks: list[TaskView]
    cites: list[str]  # document ids this document cites (in the store)
    duplicate_of: str | None = None  # another file of this registered document: no second set of tasks
    supersedes: str | None = None  # a clerk decided this is a new version of that document
    superseded_by: str | None = None  # … and this one was replaced by that new version: its work is retired
    recalled: bool = False  # the office that issued it recalled it (thu hồi, the registry): its work is retired


_VIEW_COLUMNS = (Document.id, Document.filename, Document.status, Document.number, Document.doc_type,
                 Document.issuer, Document.issued_date, Document.subject, Document.text, Document.recipients,
                 Document.confidentiality, Document.level, Document.audience, Document.updated_at,
                 Document.duplicate_of, Document.extra)
_TASK_COLUMNS = (DocumentTask.position, DocumentTask.lead, DocumentTask.support, DocumentTask.action,
                 DocumentTask.deadline, DocumentTask.deadline_text, DocumentTask.recurrence, DocumentTask.sentence,
                 DocumentTask.confidence, DocumentTask.lead_units, DocumentTask.support_units)


def document_view(session: Session, document_id: str) -> DocumentView | None:
    """The read model, read as rows (no ORM objects: search and briefing read it for every processed document)."""
    return document_views(session, [document_id]).get(document_id)


def document_views(session: Session, document_ids: list[str]) -> dict[str, DocumentView]:
    """``document_view`` of many documents in four queries (a reindex reads a million this way, not one by one);
    ids without a document are absent."""
    if not document_ids:
        return {}
    docs = session.execute(select(*_VIEW_COLUMNS).where(Document.id.in_(document_ids))).all()
    units: dict[str, list[Any]] = defaultdict(list)
    for u in session.execute(select(DocumentUnit.document_id, DocumentUnit.relation, DocumentUnit.unit_key,
                                    DocumentUnit.unit_name)
                             .where(DocumentUnit.document_id.in_(document_ids)).order_by(DocumentUnit.id)):
        units[u.document_id].append(u)
    tasks: dict[str, list[Any]] = defaultdict(list)
    for t in session.execute(select(DocumentTask.document_id, *_TASK_COLUMNS)
                             .where(DocumentTask.document_id.in_(document_ids)).order_by(DocumentTask.position)):
        tasks[t.document_id].append(t)
    cites: dict[str, list[str]] = defaultdict(list)
    for c in session.execute(select(Citation.document_id, Citation.cited_document_id)
                             .where(Citation.document_id.in_(document_ids), Citation.cited_document_id.is_not(None))
                             .order_by(Citation.position)):
        cites[c.document_id].append(c.cited_document_id)
    return {doc.id: _view(doc, units[doc.id], tasks[doc.id], cites[doc.id]) for doc in docs}


def _view(doc: Any, units: list[Any], tasks: list[Any], cites: list[str]) -> DocumentView:
    return DocumentView(
        id=doc.id, filename=doc.filename, status=doc.status, number=doc.number, doc_type=doc.doc_type,
        issuer=doc.issuer, issued_date=doc.issued_date, subject=doc.subject, text=doc.text or "",
        recipients=list(doc.recipients or []), confidentiality=doc.confidentiality, level=doc.level,
        audience=doc.audience, access_units=[u.unit_key for u in units if u.relation == "access"],
        assigned_units=[u.unit_name for u in units if u.relation == "assigned"],
        addressed_units=[u.unit_name for u in units if u.relation == "addressed"], updated_at=doc.updated_at,
        tasks=[TaskView(t.position, t.lead, list(t.support or []), t.action, t.deadline, t.deadline_text,
                        t.recurrence, t.sentence, t.confidence, list(t.lead_units or []),
                        list(t.support_units or [])) for t in tasks],
        cites=list(cites), duplicate_of=doc.duplicate_of, supersedes=(doc.extra or {}).get("supersedes"),
        superseded_by=(doc.extra or {}).get("superseded_by"), recalled=bool((doc.extra or {}).get("recalled")),
    )


def mark_recalled(session: Session, document_id: str, at: datetime, reason: str | None = None) -> None:
    """The office that issued the document recalled it (thu hồi; the registry's `outgoing.recall`): a fact of the
    document, kept over reprocessing (`extra`), that briefing reads on its view — a later reading proposes no task
    of it, even when none of its tasks was open to recall (SECURITY.md 90) — and the document's page and search
    show, with the reason (`document.recalled`: search re-indexes it even when no task of it changed). Flush only;
    the caller commits."""
    doc = session.get(Document, document_id)
    if doc is None:
        return
    hold_document(session, doc)  # `extra` as it stands: OCR's bookkeeping committed meanwhile is kept (SECURITY.md 98)
    if (doc.extra or {}).get("recalled"):
        return
    doc.extra = {**(doc.extra or {}), "recalled": {"at": at.isoformat(), "reason": reason}}
    session.flush()
    emit(session, "document.recalled", document_id)


def document_recall(session: Session, document_id: str) -> dict[str, Any] | None:
    """When and why the document was recalled (thu hồi; `mark_recalled`), None if it was not (nor a document)."""
    return recall_of(session.get(Document, document_id))


def recalled_among(session: Session, ids: Iterable[str]) -> set[str]:
    """Which of these documents were recalled (thu hồi; `mark_recalled`) — for lists that print many at once."""
    wanted, found = sorted(set(ids)), set[str]()
    for i in range(0, len(wanted), 500):
        for doc_id, extra in session.execute(select(Document.id, Document.extra)
                                             .where(Document.id.in_(wanted[i:i + 500]))):
            if isinstance((extra or {}).get("recalled"), dict):
                found.add(doc_id)
    return found


def recall_of(doc: Any) -> dict[str, Any] | None:
    """When and why the document was recalled (thu hồi), as `mark_recalled` recorded it; None if it was not. A
    recall recorded before the reason was kept (migration 0012) has none."""
    mark = (doc.extra or {}).get("recalled") if doc is not None else None
    return {"at": mark.get("at"), "reason": mark.get("reason")} if isinstance(mark, dict) else None


def done_document_ids(session: Session, after: str | None = None, batch: int = 500, copies: bool = True) -> list[str]:
    """Processed documents in id order after ``after``; ``copies=False`` leaves out the copies of a registered
    document (another file of it: the DOCX beside its PDF, a re-scan), which search does not list apart."""
    stmt = select(Document.id).where(Document.status == DocumentStatus.done).order_by(Document.id).limit(batch)
    if not copies:
        stmt = stmt.where(Document.duplicate_of.is_(None))
    if after:
        stmt = stmt.where(Document.id > after)
    return list(session.scalars(stmt))


def changed_document_ids(session: Session, since: datetime) -> list[str]:
    """Documents whose row changed at or after ``since`` (any state): what a reindex that read them earlier must read
    again (an access changed meanwhile, a reprocessing, a document removed from the index)."""
    return list(session.scalars(select(Document.id).where(
        or_(Document.updated_at >= since, Document.access_changed_at >= since)).order_by(Document.id)))


def count_done(session: Session) -> int:
    return session.scalar(select(func.count()).where(Document.status == DocumentStatus.done)) or 0
