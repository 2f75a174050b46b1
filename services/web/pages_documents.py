"""Search, documents, the document page, upload and access (secrecy and audience).

Thin: each page calls the API's own route functions (ingest, search) with the user's principal and scope. Routes
called directly skip FastAPI's role dependencies, so every role check is repeated here with `need`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from services.briefing import service as briefing
from services.core.auth.policy import Scope
from services.core.db import refused
from services.core.errors import VanbanError
from services.ingest import api as ingest_api
from services.ingest.models import DocumentStatus
from services.ingest.schemas import AccessUpdate
from services.search import api as search_api
from services.search import service as search_service
from services.search.engine import SearchError, SearchQuery
from services.web.deps import CLERKS, SessionDep, User, checked_form, need, scope, text
from services.web.render import flash, page, redirect, url
from services.web.settings import get_web_settings

router = APIRouter()
FACET_LIMIT = 12


def _facet_links(facets: dict[str, dict[str, int]], name: str, selected: list[str]) -> list[dict[str, Any]]:
    values = facets.get(name) or {}
    out = [{"value": v, "count": n, "on": v in selected} for v, n in list(values.items())[:FACET_LIMIT]]
    for v in selected:  # a selected value always shows, to be unselected
        if v not in values:
            out.append({"value": v, "count": 0, "on": True})
    return out


def _level_counts(session: Any, base: SearchQuery, sc: Scope) -> list[dict[str, Any]]:
    """The secrecy facet: how many results at each ceiling (Thường only, up to Mật, …), never above the user's
    clearance; counted with the narrowed access filter (and checked against the database like any search), so
    hidden documents are never counted."""
    out = []
    for level in range(0, sc.max_level + 1):
        narrowed = replace(sc, max_level=level)
        q = replace(base, offset=0, limit=0, facets=False, highlight=False,
                    access=search_service.access_filter(narrowed))
        out.append({"level": level, "count": search_service.search_fresh(session, narrowed, q).total})
    return out


@router.get("/search")
def search_page(request: Request, session: SessionDep, me: User, q: str = "", type: list[str] | None = None,  # noqa: A002
                issuer: list[str] | None = None, unit: list[str] | None = None, year: str = "",
                level: str = "", sort: str = "relevance", page_no: int = 1) -> Response:
    size = get_web_settings().web_page_size
    sc = scope(me)
    page_no = max(1, min(page_no, 10_000 // size))
    sort = sort if sort in ("relevance", "date") else "relevance"
    if not (year.isdigit() and len(year) == 4):
        year = ""
    ceiling = int(level) if level.isdigit() and int(level) <= sc.max_level else None
    narrowed = replace(sc, max_level=ceiling) if ceiling is not None else sc
    ctx: dict[str, Any] = {"q": q, "types": type or [], "issuers": issuer or [], "units": unit or [], "year": year,
                           "level": "" if ceiling is None else str(ceiling), "sort": sort, "page_no": page_no,
                           "size": size, "result": None, "error": None}
    try:
        years = [int(year)] if year else None
        result = search_api.search(narrowed, session, q=q[:1000], doc_type=type, issuer=issuer, unit=unit,
                                   year=years, date_from=None, date_to=None, has_open_tasks=None,
                                   sort=sort,  # type: ignore[arg-type]
                                   offset=(page_no - 1) * size, limit=size)
        base = SearchQuery(q=q[:1000], doc_types=type or [], issuers=issuer or [], units=unit or [],
                           years=years or [])
        ctx["result"] = result
        ctx["facets"] = {name: _facet_links(result.facets, name, sel) for name, sel in
                         (("type", type or []), ("issuer", issuer or []), ("unit", unit or []),
                          ("year", [year] if year else []))}
        ctx["levels"] = _level_counts(session, base, sc)
        ctx["pages"] = max(1, min((result.total + size - 1) // size, 10_000 // size))
    except SearchError as exc:
        ctx["error"] = exc.message
    except VanbanError as exc:
        ctx["error"] = exc.message
    return page(request, "search.html", me, **ctx)


@router.get("/suggest")
def suggest(session: SessionDep, me: User, q: str = "") -> JSONResponse:
    """Suggestions for the search box (numbers, subjects), through the same access filter as the API."""
    q = q.strip()[:200]
    if not q:
        return JSONResponse({"suggestions": []})
    try:
        out = search_api.suggest(q, scope(me), session, limit=8)
    except SearchError:
        return JSONResponse({"suggestions": []})
    return JSONResponse({"suggestions": out.suggestions})


@router.get("/documents")
def documents_page(request: Request, session: SessionDep, me: User, status: str = "", type: str = "",  # noqa: A002
                   page_no: int = 1) -> Response:
    size = get_web_settings().web_page_size
    page_no = max(1, min(page_no, 50_000))
    st = DocumentStatus(status) if status in DocumentStatus.__members__.values() else None
    result = ingest_api.list_documents(session, scope(me), status=st, doc_type=type or None, date_from=None,
                                       date_to=None, number=None, offset=(page_no - 1) * size, limit=size)
    return page(request, "documents.html", me, result=result, status=st.value if st else "", type=type,
                page_no=page_no, pages=max(1, (result.total + size - 1) // size),
                statuses=[s.value for s in DocumentStatus], copy_of=_copies(session, me, result.items))


def _copies(session: Session, me: User, items: list[Any]) -> dict[str, str]:
    """{copy: registered document} for the listed copies whose registered document the viewer may see: two identical
    lines would otherwise read as two documents."""
    from services.ingest import service as ingest
    from services.ingest.identity import registered_copies

    return registered_copies(session, [d.id for d in items], ingest.visible_clause(scope(me)))


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str, session: SessionDep, me: User) -> Response:
    sc = scope(me)
    doc = ingest_api.get_document(document_id, session, me, sc, request)  # 404 unless visible; audited
    cites = search_api.citations(document_id, session, sc)
    similar_error = None
    try:
        similar = search_api.similar(document_id, session, sc, limit=5)
    except (SearchError, VanbanError):
        similar, similar_error = [], "Không lấy được văn bản tương tự (máy tìm kiếm tạm thời không truy cập được)."
    from services.briefing import api as briefing_api

    tasks = briefing_api.list_tasks(session, me, sc, document_id=document_id, unit_id=None, status=None,
                                    state=None, due_from=None, due_to=None, confirmed=None, as_of=None, offset=0,
                                    limit=200)
    access_units: list[str] = []
    if me.role in CLERKS:
        from services.ingest import service as ingest

        row = ingest.get_document(session, document_id)
        access_units = sorted(u.unit_name for u in (row.units if row else []) if u.relation == "audience")
    return page(request, "document.html", me, doc=doc, cites=cites, similar=similar, similar_error=similar_error,
                tasks=tasks, access_units=access_units, can_edit_access=me.role in CLERKS)


@router.get("/documents/{document_id}/original")
def document_original(request: Request, document_id: str, session: SessionDep, me: User) -> Response:
    return ingest_api.get_original(document_id, session, me, scope(me), request)  # audited like the API


def _decide(request: Request, session: Session, document_id: str, action: Callable[[], object], done: str,
            invalid: str | None = None, caveat: Callable[[], str | None] | None = None) -> Response:
    """Run a clerk's decision on a document; flash its outcome (``invalid`` when the form does not validate, the
    error's own message when refused; ``caveat`` adds what the decision costs, as a warning) and go back to the
    document."""
    try:
        action()
        note = caveat() if caveat is not None else None
        flash(request, f"{done} {note}" if note else done, "warn" if note else "ok")
    except ValidationError:
        if invalid is None:
            raise
        refused(session)
        flash(request, invalid, "error")
    except VanbanError as exc:
        refused(session)
        flash(request, exc.message, "error")
    return redirect(url(f"/documents/{document_id}"))


@router.post("/documents/{document_id}/access")
async def document_access(request: Request, document_id: str, session: SessionDep, me: User) -> Response:
    form = await checked_form(request, me)
    need(me, *CLERKS)
    units = [u.strip() for u in text(form, "units").replace(";", "\n").splitlines() if u.strip()]
    level = text(form, "level")

    def run() -> None:
        body = AccessUpdate(level=int(level) if level.isdigit() else None, audience=text(form, "audience") or None,
                            units=units)
        ingest_api.set_access(document_id, body, session, me, scope(me), request)

    def unread() -> str | None:
        losing = briefing.units_losing_open_tasks(session, document_id, int(level)) if level.isdigit() else []
        if not losing:
            return None
        return (f"Lưu ý: “{'”, “'.join(losing)}” đang có nhiệm vụ chưa hoàn thành của văn bản này nhưng chưa có tài "
                "khoản nào được phép đọc văn bản ở độ mật này, nên không còn thấy nhiệm vụ — đề nghị quản trị cấp "
                "quyền.")

    return _decide(request, session, document_id, run, "Đã cập nhật độ mật và phạm vi truy cập.",
                   invalid="Độ mật hoặc phạm vi truy cập không hợp lệ.", caveat=unread)


@router.post("/documents/{document_id}/supersede")
async def document_supersede(request: Request, document_id: str, session: SessionDep, me: User) -> Response:
    """The clerk's decision on a recognised copy: a new version replaces the registered document's tasks."""
    form = await checked_form(request, me)
    need(me, "admin", "clerk", "leader")
    from services.ingest.schemas import SupersedeRequest

    return _decide(request, session, document_id,
                   lambda: ingest_api.supersede(document_id, SupersedeRequest(replaces=text(form, "replaces")), session,
                                                me, scope(me), request),
                   "Đã thay thế văn bản cũ: các nhiệm vụ cũ được thu hồi, nhiệm vụ mới chờ xác nhận.",
                   invalid="Yêu cầu không hợp lệ.")


@router.post("/documents/{document_id}/distinct")
async def document_distinct(request: Request, document_id: str, session: SessionDep, me: User) -> Response:
    """The clerk's decision: not a copy; its tasks are proposed."""
    await checked_form(request, me)
    need(me, "admin", "clerk", "leader")
    return _decide(request, session, document_id,
                   lambda: ingest_api.distinct(document_id, session, me, scope(me), request),
                   "Đã ghi nhận đây là văn bản riêng; các nhiệm vụ được đề xuất để xác nhận.")


@router.post("/documents/{document_id}/reprocess")
async def document_reprocess(request: Request, document_id: str, session: SessionDep, me: User) -> Response:
    await checked_form(request, me)
    need(me, *CLERKS)
    return _decide(request, session, document_id, lambda: ingest_api.reprocess(document_id, session, me, scope(me)),
                   "Đã đưa văn bản vào hàng chờ để trích xuất lại; các nhiệm vụ đã xác nhận được giữ nguyên.")


@router.get("/upload")
def upload_page(request: Request, me: User) -> Response:
    need(me, *CLERKS)
    from services.core.config import get_settings

    s = get_settings()
    return page(request, "upload.html", me, max_bytes=s.max_upload_bytes, max_files=s.max_files_per_upload,
                items=None)


@router.post("/upload")
async def upload(request: Request, session: SessionDep, me: User) -> Response:
    """The files a clerk picked, in one request — from the page's script (JSON: one item per file, in order, each
    with its own result) or from the plain form (the page again)."""
    form = await checked_form(request, me)
    need(me, *CLERKS)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
    wants_json = "application/json" in request.headers.get("accept", "")
    if not files:
        err = {"filename": "", "error_code": "no_file", "error_message": "Chưa chọn tệp nào để tải lên."}
        if wants_json:
            return JSONResponse({"items": [err]}, status_code=422)
        flash(request, err["error_message"], "error")
        return redirect(url("/upload"))
    try:
        result = await ingest_api.upload_documents(files, session, me, scope(me), None)  # type: ignore[arg-type]
    except VanbanError as exc:
        refused(session)
        items = [{"filename": "", "error_code": exc.code, "error_message": exc.message}]
        if wants_json:
            return JSONResponse({"items": items}, status_code=exc.http_status)
        return page(request, "upload.html", me, status_code=exc.http_status, items=items, max_bytes=0, max_files=0)
    if isinstance(result, JSONResponse):  # every file refused: the API's answer carries the items
        import json

        body = json.loads(bytes(result.body))
        items = body.get("items", [])
        status = result.status_code
    else:
        items = [i.model_dump() for i in result.items]
        status = 200
    if wants_json:
        return JSONResponse({"items": items}, status_code=status)
    from services.core.config import get_settings

    s = get_settings()
    return page(request, "upload.html", me, status_code=status, items=items, max_bytes=s.max_upload_bytes,
                max_files=s.max_files_per_upload)


@router.get("/documents/{document_id}/status")
def document_status(request: Request, document_id: str, session: SessionDep, me: User) -> JSONResponse:
    """Processing state for the upload page (polled); 404 unless visible."""
    from services.core.web import not_found
    from services.ingest import service as ingest

    doc = ingest.get_document(session, document_id, ingest.visible_clause(scope(me)))
    if doc is None:
        raise not_found()
    from services.ingest.identity import registered_as
    from services.web.render import DOC_STATUS_LABELS

    found = registered_as(session, doc, ingest.visible_clause(scope(me))) if doc.status == "done" else None
    return JSONResponse({"status": doc.status, "label": DOC_STATUS_LABELS.get(doc.status, doc.status),
                         "error_message": doc.error_message, "number": doc.number,
                         "registered": found["message"] if found else None})
