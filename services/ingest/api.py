"""HTTP API of the ingest service: upload, list, read, download, reprocess."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from services.core.auth.deps import CurrentPrincipal, CurrentScope, client_of
from services.core.auth.policy import Principal, provisional_level, scope_for, seen_wherever
from services.core.auth.service import audit, audit_many
from services.core.config import get_settings
from services.core.db import keep_on_error, savepoint
from services.core.errors import VanbanError
from services.core.events import emit
from services.core.schemas import ErrorResponse, Page
from services.core.web import SessionDep, not_found
from services.ingest import identity, service
from services.ingest.errors import IngestApiError
from services.ingest.models import DocumentStatus
from services.ingest.permissions import (
    MayDecideIdentity,
    MayReprocess,
    MaySetAccess,
    MayUpload,
    check_declared_level,
    may_set_level,
)
from services.ingest.schemas import (
    AccessUpdate,
    DocumentDetail,
    DocumentSummary,
    RecalledOut,
    RegisteredAs,
    SignerOut,
    SupersedeRequest,
    UploadItem,
    UploadResponse,
)

router = APIRouter(tags=["ingest"])

UPLOAD_BATCH_BYTES = 16 * 1024 * 1024  # files registered together (one SELECT, one INSERT): held in memory at once

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse, "description": "Not logged in"},
    403: {"model": ErrorResponse, "description": "Not allowed for this role"},
    404: {"model": ErrorResponse, "description": "No such document, or not visible to you"},
    422: {"model": ErrorResponse, "description": "Invalid request"},
}


def _not_found_audited(session: Session, principal: Principal, document_id: str,
                       request: Request | None) -> VanbanError:
    """404 — the same answer as a missing id — and, when the document exists, a `denied` event in the audit log."""
    if service.exists_hidden(session, document_id):
        audit(session, principal, "denied", "document", document_id[:64],
              {"path": request.url.path[:200] if request else None},
              client=client_of(request) if request else None)
        keep_on_error(session)  # the refusal is recorded although the request ends in a 404
    return not_found()


@router.post(
    "/documents",
    status_code=202,
    response_model=UploadResponse,
    summary="Upload one or many documents",
    description="Stores each original (content-addressed: the same file twice is one document) and queues it for "
    "extraction. Answers at once; follow `status` on GET /documents/{id}. Until extraction has read the stamp "
    "(Mật, Tối mật, Tuyệt mật) a document is provisional: at the declared `level`, else at your clearance, and "
    "visible to you and the clerks only; a document that fails extraction stays so until a clerk sets its access.",
    responses={**ERRORS, 413: {"model": ErrorResponse}, 415: {"model": ErrorResponse}},
)
async def upload_documents(
    files: Annotated[list[UploadFile], File(description="DOCX, PDF, TXT, HTML or edXML files")],
    session: SessionDep,
    principal: MayUpload,
    scope: CurrentScope = None,  # type: ignore[assignment]  # direct callers (the web pages) may leave it out
    level: Annotated[int | None, Form(ge=0, le=3, description="Declared level (0 Thường … 3 Tuyệt mật); "
                                      "default: your clearance until the stamp is read")] = None,
) -> UploadResponse | JSONResponse:
    scope = scope or scope_for(principal)
    settings = get_settings()
    if len(files) > settings.max_files_per_upload:
        raise IngestApiError.too_many_files(max_files=settings.max_files_per_upload)
    check_declared_level(principal, level)
    visible = service.visible_clause(scope)

    def register(batch: list[tuple[str | None, bytes]]) -> list[service.UploadOutcome]:
        found = service.accept_uploads(
            session, batch, uploaded_by=principal.user_id, level=provisional_level(principal.clearance, level),
            visible=visible, declared_by=principal.username if level is not None else None)
        audit_many(session, principal, "change", "document",
                   [(o.document.id, {"uploaded": o.filename}) for o in found if o.document is not None and not o.duplicate])
        return found

    def register_all(batch: list[tuple[str | None, bytes]]) -> None:
        try:
            with savepoint(session):  # the files of a batch at once: one SELECT, one INSERT per table
                done = register(batch)
        except VanbanError:  # one file failed where no check foresaw it: each alone, so that the others stay
            done = []
            for name, data in batch:
                try:
                    with savepoint(session):
                        one = register([(name, data)])
                except VanbanError as exc:
                    one = [service.UploadOutcome(service.clean_filename(name), error=exc)]
                done += one
        outcomes.extend(done)

    outcomes: list[service.UploadOutcome] = []
    batch: list[tuple[str | None, bytes]] = []
    # the database work (and hashing, storing) runs on a worker thread, not the event loop: the other requests go on
    # meanwhile, also while SQLite's write lock is waited for (the task thread may be writing a batch)
    for upload in files:  # batches of up to UPLOAD_BATCH_BYTES: a large upload is not held in memory at once
        batch.append((upload.filename, await upload.read(settings.max_upload_bytes + 1)))
        if sum(len(data) for _, data in batch) >= UPLOAD_BATCH_BYTES:
            await run_in_threadpool(register_all, batch)
            batch = []
    if batch:
        await run_in_threadpool(register_all, batch)
    items = [
        UploadItem(filename=o.filename, document_id=o.document.id if o.document else None,
                   status=o.document.status if o.document else None, duplicate=o.duplicate,
                   message=identity.registered_message(o.document) if o.duplicate and o.document else None,
                   error_code=o.error.code if o.error else None, error_message=o.error.message if o.error else None)
        for o in outcomes
    ]
    if all(o.error is not None for o in outcomes):
        first = outcomes[0].error
        assert first is not None
        return JSONResponse(status_code=first.http_status,
                            content={"error": {"code": first.code, "message": first.message},
                                     "items": [i.model_dump() for i in items]})
    return UploadResponse(
        accepted=sum(1 for o in outcomes if o.document is not None and not o.duplicate),
        duplicates=sum(1 for o in outcomes if o.duplicate),
        rejected=sum(1 for o in outcomes if o.error is not None),
        items=items,
    )


@router.get("/documents", response_model=Page[DocumentSummary], summary="List documents", responses=ERRORS)
def list_documents(
    session: SessionDep,
    scope: CurrentScope,
    status: Annotated[DocumentStatus | None, Query(description="Processing state")] = None,
    doc_type: Annotated[str | None, Query(alias="type", description="Loại văn bản, e.g. Quyết định")] = None,
    date_from: Annotated[date | None, Query(description="Issued on or after")] = None,
    date_to: Annotated[date | None, Query(description="Issued on or before")] = None,
    number: Annotated[str | None, Query(description="Exact số ký hiệu")] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Page[DocumentSummary]:
    flt = service.DocumentFilter(status=status.value if status else None, doc_type=doc_type, date_from=date_from,
                                 date_to=date_to, q_number=number)
    total, rows = service.list_documents(session, flt, offset, limit, service.visible_clause(scope))
    return Page[DocumentSummary](total=total, offset=offset, limit=limit,
                                 items=[DocumentSummary.model_validate(r) for r in rows])


def _detail(doc: service.Document) -> DocumentDetail:
    out = DocumentDetail.model_validate(doc)
    recall = service.recall_of(doc)
    out.recalled = RecalledOut(**recall) if recall else None
    if doc.signer_name or doc.signer_title or doc.signer_authority:
        out.signer = SignerOut(name=doc.signer_name, title=doc.signer_title, authority=doc.signer_authority)
    return out


@router.get("/documents/{document_id}", response_model=DocumentDetail, summary="One document: metadata, text, "
            "status, error, citations and tasks", responses=ERRORS)
def get_document(document_id: str, session: SessionDep, principal: CurrentPrincipal,
                 scope: CurrentScope, request: Request) -> DocumentDetail:
    visible = service.visible_clause(scope)
    doc = service.get_document(session, document_id, visible)
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    out = _annotate(session, doc, _detail(doc), visible)  # "already registered as …", for this viewer only
    # a cited document the user may not see is named by its number only
    shown = service.visible_ids(session, [c.cited_document_id for c in out.citations if c.cited_document_id], visible)
    for c in out.citations:
        if c.cited_document_id not in shown:
            c.cited_document_id = None
    audit(session, principal, "view", "document", document_id, client=client_of(request))
    return out


@router.get("/documents/{document_id}/original", summary="Download the original file, byte for byte",
            response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS})
def get_original(document_id: str, session: SessionDep, principal: CurrentPrincipal,
                 scope: CurrentScope, request: Request) -> Response:
    doc = service.get_document(session, document_id, service.visible_clause(scope))
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    audit(session, principal, "download", "document", document_id, client=client_of(request))
    from urllib.parse import quote

    data = service.store().get(doc.sha256)
    return Response(
        content=data,
        media_type=service.media_type_of(data),  # sniffed from the bytes, never the uploader's type
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(doc.filename)}",
                 "ETag": f'"{doc.sha256}"'},
    )


@router.post("/documents/{document_id}/reprocess", status_code=202, response_model=DocumentSummary,
             summary="Run extraction again (e.g. after an upgrade); replaces metadata, citations and tasks",
             responses=ERRORS)
def reprocess(document_id: str, session: SessionDep, principal: MayReprocess,
              scope: CurrentScope) -> DocumentSummary:
    if service.get_document(session, document_id, service.visible_clause(scope)) is None:
        raise not_found()
    doc = service.mark_for_reprocess(session, document_id)
    if doc is None:
        raise not_found()
    audit(session, principal, "change", "document", document_id, {"reprocess": True})
    return DocumentSummary.model_validate(doc)


@router.patch("/documents/{document_id}/access", response_model=DocumentDetail,
              summary="Set confidentiality level and audience (clerk)",
              description="Level 0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật; audience public (also on the e-portal "
              "feed), internal (all-audience roles plus the units addressed or assigned), or units (only the listed "
              "units plus all-audience roles). Survives reprocessing. Clerks set and raise levels; lowering one "
              "(declassification) needs a leader and is audited.", responses=ERRORS)
def set_access(document_id: str, body: AccessUpdate, session: SessionDep,
               principal: MaySetAccess, scope: CurrentScope,
               request: Request = None) -> DocumentDetail:  # type: ignore[assignment]  # None: a direct caller
    doc = service.get_document(session, document_id, service.visible_clause(scope))
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    service.hold_document(session, doc)  # decided on the document as it stands (processing may be writing it)
    if not service.visible_ids(session, [document_id], service.visible_clause(scope)):
        raise _not_found_audited(session, principal, document_id, request)
    check_declared_level(principal, body.level)
    before = {"level": doc.level, "audience": doc.audience, "provisional": doc.provisional}
    if body.level is not None and not may_set_level(principal, doc.level, body.level):
        audit(session, principal, "denied", "document", document_id,
              {"declassify": [doc.level, body.level]}, client=client_of(request) if request else None)
        keep_on_error(session)  # the refusal is recorded
        raise IngestApiError.declassify_needs_leader()
    service.set_access(session, doc, level=body.level, audience=body.audience, audience_units=body.units,
                       by=principal.username)
    detail = {**body.model_dump(exclude_none=True), "before": before}
    if body.level is not None and body.level < before["level"]:
        detail["declassified"] = [before["level"], body.level]
    audit(session, principal, "change", "document", document_id, detail,
          client=client_of(request) if request else None)
    # `document.access_changed` (services/wiring.py): briefing's copy follows in this transaction, search after it
    return _detail(doc)



# --- identity: another file of a registered document, and the clerk's decision on it --------------------------------


def _annotate(session: Session, doc: service.Document, out: DocumentDetail, visible: Any) -> DocumentDetail:
    """Fill `registered_as`, `supersedes`, `superseded_by` for this viewer: each only when the viewer may see the
    other document (otherwise nothing — not its id, not its number)."""
    found = identity.registered_as(session, doc, visible)
    out.registered_as = RegisteredAs(**found) if found else None
    links = identity.version_links(session, doc, visible)
    out.supersedes, out.superseded_by = links["supersedes"], links["superseded_by"]
    return out


IDENTITY_ERRORS: dict[int | str, dict[str, object]] = {
    **ERRORS, 403: {"model": ErrorResponse, "description": "Only a clerk, a leader or an administrator decides"},
    409: {"model": ErrorResponse, "description": "Not processed yet, or already replaced"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
}


def _visible_or_404(session: Session, principal: Principal, scope: Any, document_id: str,
                    request: Request | None) -> service.Document:
    doc = service.get_document(session, document_id, service.visible_clause(scope))
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    return doc


def _held_visible(session: Session, principal: Principal, scope: Any, document_ids: list[str],
                  request: Request | None) -> list[service.Document]:
    """The documents a decision writes, held as they stand (`hold_documents`) and still visible: their `extra` is
    written back whole — never over a mark committed since it was read (a recall: SECURITY.md 98), and a second
    decision on the same document waits for the first and reads it."""
    service.hold_documents(session, document_ids)
    return [_visible_or_404(session, principal, scope, i, request) for i in document_ids]


@router.post("/documents/{document_id}/supersede", response_model=DocumentDetail,
             summary="A clerk's decision: this document is a new version of a registered one",
             description="The old document's open tasks are retired (proposals dismissed, tasks already sent recalled "
             "with the reason, the units told) and this document's tasks are proposed. Both documents must be "
             "visible to you; audited on both.", responses=IDENTITY_ERRORS)
def supersede(document_id: str, body: SupersedeRequest, session: SessionDep, principal: MayDecideIdentity,
              scope: CurrentScope, request: Request = None) -> DocumentDetail:  # type: ignore[assignment]
    new = _visible_or_404(session, principal, scope, document_id, request)
    old = _visible_or_404(session, principal, scope, body.replaces, request)
    new, old = _held_visible(session, principal, scope, [new.id, old.id], request)
    if new.status != DocumentStatus.done or old.status != DocumentStatus.done:
        raise IngestApiError.identity_not_ready()
    identity.supersede(session, new, old)
    # briefing retires the old tasks in this unit of work (their units are told why: the new version is named only
    # if all who see the old one may see it); the new version is followed like a processed document
    def access(d: service.Document) -> tuple[int, str, set[str]]:
        return d.level, d.audience, {u.unit_key for u in d.units if u.relation == "access"}

    named = seen_wherever(*access(new), *access(old))
    emit(session, "document.superseded", old.id, new.id if named else None, new.number if named else None,
         principal)
    emit(session, "document.processed", new.id)
    client = client_of(request) if request else None
    audit(session, principal, "change", "document", new.id, {"supersedes": old.id}, client=client)
    audit(session, principal, "change", "document", old.id, {"superseded_by": new.id}, client=client)
    return _annotate(session, new, _detail(new), service.visible_clause(scope))


@router.post("/documents/{document_id}/distinct", response_model=DocumentDetail,
             summary="A clerk's decision: this document is not a copy of the one it was recognised as",
             description="It is registered in its own right and its tasks are proposed; the decision stands over "
             "reprocessing. Audited.", responses=IDENTITY_ERRORS)
def distinct(document_id: str, session: SessionDep, principal: MayDecideIdentity, scope: CurrentScope,
             request: Request = None) -> DocumentDetail:  # type: ignore[assignment]
    doc = _visible_or_404(session, principal, scope, document_id, request)
    [doc] = _held_visible(session, principal, scope, [doc.id], request)
    identity.mark_distinct(session, doc)
    emit(session, "document.processed", doc.id)
    audit(session, principal, "change", "document", doc.id, {"distinct": True},
          client=client_of(request) if request else None)
    return _annotate(session, doc, _detail(doc), service.visible_clause(scope))
