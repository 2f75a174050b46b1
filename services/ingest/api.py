"""HTTP API of the ingest service: upload, list, read, download, reprocess."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from services.core.config import get_settings
from services.core.dispatch import enqueue
from services.core.errors import VanbanError
from services.core.schemas import ErrorResponse, Page
from services.core.web import get_session, not_found
from services.ingest import service
from services.ingest.models import DocumentStatus
from services.ingest.schemas import DocumentDetail, DocumentSummary, UploadItem, UploadResponse

router = APIRouter(tags=["ingest"])

ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse, "description": "No such document"},
    422: {"model": ErrorResponse, "description": "Invalid request"},
}


@router.post(
    "/documents",
    status_code=202,
    response_model=UploadResponse,
    summary="Upload one or many documents",
    description="Stores each original (content-addressed: the same file twice is one document) and queues it for "
    "extraction. Answers at once; follow `status` on GET /documents/{id}.",
    responses={413: {"model": ErrorResponse}, 415: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
async def upload_documents(
    files: Annotated[list[UploadFile], File(description="DOCX, PDF, TXT, HTML or edXML files")],
    session: Annotated[Session, Depends(get_session)],
) -> UploadResponse | JSONResponse:
    settings = get_settings()
    if len(files) > settings.max_files_per_upload:
        raise VanbanError("too_many_files", f"Mỗi lần chỉ gửi tối đa {settings.max_files_per_upload} tệp.",
                          http_status=422)
    outcomes = []
    for upload in files:
        data = await upload.read(settings.max_upload_bytes + 1)
        outcomes.append(service.accept_upload(session, upload.filename or "document", data, upload.content_type))
    for o in outcomes:  # after each row's commit
        if o.document is not None and not o.duplicate:
            enqueue("ingest.process", o.document.id)
    items = [
        UploadItem(filename=o.filename, document_id=o.document.id if o.document else None,
                   status=o.document.status if o.document else None, duplicate=o.duplicate,
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
    status: Annotated[DocumentStatus | None, Query(description="Processing state")] = None,
    doc_type: Annotated[str | None, Query(alias="type", description="Loại văn bản, e.g. Quyết định")] = None,
    date_from: Annotated[date | None, Query(description="Issued on or after")] = None,
    date_to: Annotated[date | None, Query(description="Issued on or before")] = None,
    number: Annotated[str | None, Query(description="Exact số ký hiệu")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Page[DocumentSummary]:
    flt = service.DocumentFilter(status=status.value if status else None, doc_type=doc_type, date_from=date_from,
                                 date_to=date_to, q_number=number)
    total, rows = service.list_documents(session, flt, offset, limit)
    return Page[DocumentSummary](total=total, offset=offset, limit=limit,
                                 items=[DocumentSummary.model_validate(r) for r in rows])


def _detail(doc: service.Document) -> DocumentDetail:
    out = DocumentDetail.model_validate(doc)
    if doc.signer_name or doc.signer_title or doc.signer_authority:
        out.signer = {"name": doc.signer_name, "title": doc.signer_title,  # type: ignore[assignment]
                      "authority": doc.signer_authority}
    return out


@router.get("/documents/{document_id}", response_model=DocumentDetail, summary="One document: metadata, text, "
            "status, error, citations and tasks", responses=ERRORS)
def get_document(document_id: str, session: Annotated[Session, Depends(get_session)]) -> DocumentDetail:
    doc = service.get_document(session, document_id)
    if doc is None:
        raise not_found()
    return _detail(doc)


@router.get("/documents/{document_id}/original", summary="Download the original file, byte for byte",
            response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS})
def get_original(document_id: str, session: Annotated[Session, Depends(get_session)]) -> Response:
    doc = service.get_document(session, document_id)
    if doc is None:
        raise not_found()
    from urllib.parse import quote

    data = service.store().get(doc.sha256)
    return Response(
        content=data,
        media_type=doc.content_type or "application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(doc.filename)}",
                 "ETag": f'"{doc.sha256}"'},
    )


@router.post("/documents/{document_id}/reprocess", status_code=202, response_model=DocumentSummary,
             summary="Run extraction again (e.g. after an upgrade); replaces metadata, citations and tasks",
             responses=ERRORS)
def reprocess(document_id: str, session: Annotated[Session, Depends(get_session)]) -> DocumentSummary:
    doc = service.mark_for_reprocess(session, document_id)
    if doc is None:
        raise not_found()
    session.commit()
    enqueue("ingest.process", document_id, True)
    return DocumentSummary.model_validate(doc)
