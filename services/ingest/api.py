"""HTTP API of the ingest service: upload, list, read, download, reprocess."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from services.core.auth.deps import CurrentPrincipal, CurrentScope, client_of, require_roles
from services.core.auth.policy import Principal, may_change_level, provisional_level, scope_for
from services.core.auth.service import audit
from services.core.config import get_settings
from services.core.dispatch import enqueue
from services.core.errors import VanbanError
from services.core.schemas import ErrorResponse, Page
from services.core.web import get_session, not_found
from services.ingest import service
from services.ingest.models import DocumentStatus
from services.ingest.schemas import AccessUpdate, DocumentDetail, DocumentSummary, SignerOut, UploadItem, UploadResponse

router = APIRouter(tags=["ingest"])

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse, "description": "Not logged in"},
    403: {"model": ErrorResponse, "description": "Not allowed for this role"},
    404: {"model": ErrorResponse, "description": "No such document, or not visible to you"},
    422: {"model": ErrorResponse, "description": "Invalid request"},
}
Clerk = Annotated[Principal, Depends(require_roles("admin", "clerk"))]
AccessSetter = Annotated[Principal, Depends(require_roles("admin", "clerk", "leader"))]


def _not_found_audited(session: Session, principal: Principal, document_id: str,
                       request: Request | None) -> VanbanError:
    """404 — the same answer as a missing id — and, when the document exists, a `denied` event in the audit log."""
    if service.exists_hidden(session, document_id):
        audit(session, principal, "denied", "document", document_id[:64],
              {"path": request.url.path[:200] if request else None},
              client=client_of(request) if request else None)
        session.commit()
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
    session: Annotated[Session, Depends(get_session)],
    principal: Clerk,
    scope: CurrentScope = None,  # type: ignore[assignment]  # direct callers (the web pages) may leave it out
    level: Annotated[int | None, Form(ge=0, le=3, description="Declared level (0 Thường … 3 Tuyệt mật); "
                                      "default: your clearance until the stamp is read")] = None,
) -> UploadResponse | JSONResponse:
    scope = scope or scope_for(principal)
    settings = get_settings()
    if len(files) > settings.max_files_per_upload:
        raise VanbanError("too_many_files", f"Mỗi lần chỉ gửi tối đa {settings.max_files_per_upload} tệp.",
                          http_status=422)
    if level is not None and level > principal.clearance:
        raise VanbanError("forbidden", "Không thể đặt độ mật cao hơn mức được phép của bạn.", http_status=403)
    visible = service.visible_clause(scope)
    outcomes = []
    for upload in files:
        data = await upload.read(settings.max_upload_bytes + 1)
        outcomes.append(service.accept_upload(
            session, upload.filename or "document", data, upload.content_type, uploaded_by=principal.user_id,
            level=provisional_level(principal.clearance, level), visible=visible,
            declared_by=principal.username if level is not None else None))
    for o in outcomes:
        if o.document is not None and not o.duplicate:
            audit(session, principal, "change", "document", o.document.id, {"uploaded": o.filename})
    session.commit()
    from services.ingest.identity import registered_message

    items = [
        UploadItem(filename=o.filename, document_id=o.document.id if o.document else None,
                   status=o.document.status if o.document else None, duplicate=o.duplicate,
                   message=registered_message(o.document) if o.duplicate and o.document else None,
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
    session: Annotated[Session, Depends(get_session)],
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
    if doc.signer_name or doc.signer_title or doc.signer_authority:
        out.signer = SignerOut(name=doc.signer_name, title=doc.signer_title, authority=doc.signer_authority)
    return out


@router.get("/documents/{document_id}", response_model=DocumentDetail, summary="One document: metadata, text, "
            "status, error, citations and tasks", responses=ERRORS)
def get_document(document_id: str, session: Annotated[Session, Depends(get_session)], principal: CurrentPrincipal,
                 scope: CurrentScope, request: Request) -> DocumentDetail:
    visible = service.visible_clause(scope)
    doc = service.get_document(session, document_id, visible)
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    from services.ingest.identity_api import annotate

    out = annotate(session, doc, _detail(doc), visible)  # "already registered as …", for this viewer only
    # a cited document the user may not see is named by its number only
    shown = service.visible_ids(session, [c.cited_document_id for c in out.citations if c.cited_document_id], visible)
    for c in out.citations:
        if c.cited_document_id not in shown:
            c.cited_document_id = None
    audit(session, principal, "view", "document", document_id, client=client_of(request))
    session.commit()
    return out


@router.get("/documents/{document_id}/original", summary="Download the original file, byte for byte",
            response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS})
def get_original(document_id: str, session: Annotated[Session, Depends(get_session)], principal: CurrentPrincipal,
                 scope: CurrentScope, request: Request) -> Response:
    doc = service.get_document(session, document_id, service.visible_clause(scope))
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    audit(session, principal, "download", "document", document_id, client=client_of(request))
    session.commit()
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
def reprocess(document_id: str, session: Annotated[Session, Depends(get_session)], principal: Clerk,
              scope: CurrentScope) -> DocumentSummary:
    if service.get_document(session, document_id, service.visible_clause(scope)) is None:
        raise not_found()
    doc = service.mark_for_reprocess(session, document_id)
    if doc is None:
        raise not_found()
    audit(session, principal, "change", "document", document_id, {"reprocess": True})
    enqueue("ingest.process", document_id, True, session=session)
    session.commit()
    return DocumentSummary.model_validate(doc)


def _briefing_follows_now(session: Session, document_id: str) -> None:
    """The briefing read model copies a document's access: bring it up to date in this same transaction, so that a
    tightened document leaves /tasks, inboxes and meetings at the commit (the queued task does it again, idempotent)."""
    try:
        from services.briefing.service import sync_document
    except ImportError:  # an ingest-only deployment without the briefing package
        return
    session.flush()
    sync_document(session, document_id)


@router.patch("/documents/{document_id}/access", response_model=DocumentDetail,
              summary="Set confidentiality level and audience (clerk)",
              description="Level 0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật; audience public (also on the e-portal "
              "feed), internal (all-audience roles plus the units addressed or assigned), or units (only the listed "
              "units plus all-audience roles). Survives reprocessing. Clerks set and raise levels; lowering one "
              "(declassification) needs a leader and is audited.", responses=ERRORS)
def set_access(document_id: str, body: AccessUpdate, session: Annotated[Session, Depends(get_session)],
               principal: AccessSetter, scope: CurrentScope,
               request: Request = None) -> DocumentDetail:  # type: ignore[assignment]  # None: a direct caller
    doc = service.get_document(session, document_id, service.visible_clause(scope))
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    if body.level is not None and body.level > principal.clearance:
        raise VanbanError("forbidden", "Không thể đặt độ mật cao hơn mức được phép của bạn.", http_status=403)
    before = {"level": doc.level, "audience": doc.audience, "provisional": doc.provisional}
    if body.level is not None and not may_change_level(principal.role, doc.level, body.level):
        audit(session, principal, "denied", "document", document_id,
              {"declassify": [doc.level, body.level]}, client=client_of(request) if request else None)
        session.commit()
        raise VanbanError("declassify_needs_leader",
                          "Hạ độ mật của văn bản cần lãnh đạo quyết định.", http_status=403)
    service.set_access(session, doc, level=body.level, audience=body.audience, audience_units=body.units,
                       by=principal.username)
    detail = {**body.model_dump(exclude_none=True), "before": before}
    if body.level is not None and body.level < before["level"]:
        detail["declassified"] = [before["level"], body.level]
    audit(session, principal, "change", "document", document_id, detail,
          client=client_of(request) if request else None)
    _briefing_follows_now(session, document_id)
    enqueue("search.index", document_id, session=session)
    enqueue("briefing.sync_document", document_id, session=session)
    session.commit()
    return _detail(doc)


from services.ingest.identity_api import router as _identity_router  # noqa: E402  (supersede, distinct)

router.include_router(_identity_router)
