"""HTTP API of the search service: search, similar documents, citations, suggestions."""
from __future__ import annotations

import inspect
from datetime import date
from functools import wraps
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from services.core.auth.deps import CurrentCredentials, CurrentScope, principal_of
from services.core.auth.policy import scope_for
from services.core.schemas import ErrorResponse
from services.core.web import SessionDep, end_unit_here, error_response, not_found
from services.ingest import public as ingest
from services.search.engine import Hit, SearchError, SearchQuery
from services.search.errors import SearchApiError
from services.search.schemas import CitationLink, CitationsResponse, HitOut, SearchResponse, SuggestResponse
from services.search.service import access_filter, search_fresh, similar_fresh, suggest_fresh

router = APIRouter(tags=["search"])

SEARCH_PARAMS = frozenset({"q", "type", "issuer", "unit", "year", "date_from", "date_to", "has_open_tasks", "sort",
                           "offset", "limit"})


async def search_error_response(_: Request, exc: Exception) -> JSONResponse:
    """SearchError as an HTTP answer (the app installs it): an unreachable engine is 503, bad input 422."""
    assert isinstance(exc, SearchError)
    if exc.code in ("search.backend_error", "search.index_busy"):
        return error_response(503, "search_unavailable",
                              "Máy tìm kiếm tạm thời không truy cập được; vui lòng thử lại sau ít phút.")
    return error_response(422, exc.code.replace("search.", "search_"), exc.message)


def _hit(h: Hit, rank: int) -> HitOut:
    """``score`` is derived from the rank alone (1/rank): raw engine scores depend on index statistics that count
    documents the user may not see, so they are never shown."""
    return HitOut(document_id=h.id, filename=h.filename, score=round(1.0 / rank, 6), number=h.number,
                  doc_type=h.doc_type, issuer=h.issuer, issued_date=h.issued_date, subject=h.subject,
                  highlights=list(h.highlights), recalled=h.recalled)


async def known_filters_only(request: Request) -> None:
    """Pure (no I/O): on the event loop, no threadpool round trip."""
    unknown = sorted(set(request.query_params) - SEARCH_PARAMS)
    if unknown:
        raise SearchApiError.search_unknown_filter(filters=', '.join(unknown))


def search(
    scope: CurrentScope,
    session: SessionDep,
    q: Annotated[str, Query(max_length=1000, description="The query")] = "",
    doc_type: Annotated[list[str] | None, Query(alias="type", description="Loại văn bản")] = None,
    issuer: Annotated[list[str] | None, Query(description="Cơ quan ban hành")] = None,
    unit: Annotated[list[str] | None, Query(description="Đơn vị được giao / nhận")] = None,
    year: Annotated[list[int] | None, Query(description="Năm ban hành")] = None,
    date_from: Annotated[date | None, Query()] = None,
    date_to: Annotated[date | None, Query()] = None,
    has_open_tasks: Annotated[bool | None, Query()] = None,
    sort: Annotated[Literal["relevance", "date"], Query()] = "relevance",
    offset: Annotated[int, Query(ge=0, le=10000)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SearchResponse:
    bad = [y for y in year or [] if not 1 <= y <= 9999]
    if bad:
        raise SearchApiError.search_invalid_year(year=bad[0])
    result = search_fresh(session, scope, SearchQuery(
        q=q, doc_types=doc_type or [], issuers=issuer or [], units=unit or [], years=year or [],
        date_from=date_from, date_to=date_to, has_open_tasks=has_open_tasks, sort=sort, offset=offset, limit=limit,
        access=access_filter(scope),
    ))
    return SearchResponse(total=result.total, offset=offset, limit=limit,
                          hits=[_hit(h, offset + i + 1) for i, h in enumerate(result.hits)], facets=result.facets)


@router.get("/search", response_model=SearchResponse, summary="Full-text search",
            description='Vietnamese with or without diacritics; abbreviations (UBND, Sở TT&TT, QĐ); document numbers '
            'in any spelling ("317/TB-UBND", "317 tb ubnd"); "a phrase", -exclude, OR, field:value '
            "(type:, issuer:, unit:, number:, year:).",
            responses={401: {"model": ErrorResponse}, 422: {"model": ErrorResponse},
                       503: {"model": ErrorResponse, "description": "Search engine unreachable"}},
            dependencies=[Depends(known_filters_only)])
@wraps(search)  # the parameters of ``search`` (but its scope: see below) and its operation id
def search_route(request: Request, credentials: CurrentCredentials, **kwargs: Any) -> Response:
    """``search`` (the pages call it) served as the JSON FastAPI would make of its SearchResponse, built just now,
    without validating it again on one more threadpool round trip (the response_model still documents it).  The
    caller is read from the database here, in this worker thread, as the first step (``principal_of``: what the
    ``CurrentScope`` dependency does in a worker thread of its own, one round trip more), and the request's
    read-only unit of work ends here once the page is built (no round trip after it either)."""
    scope = scope_for(principal_of(request, kwargs["session"], credentials))
    page = search(scope, **kwargs)
    end_unit_here(kwargs["session"])
    return Response(page.model_dump_json(), media_type="application/json")


search_route.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
     inspect.Parameter("credentials", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=CurrentCredentials),
     *(p for p in inspect.signature(search).parameters.values() if p.name != "scope")],
    return_annotation=Response)


@router.get("/documents/{document_id}/similar", response_model=list[HitOut], summary="Documents like this one",
            responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
def similar(document_id: str, session: SessionDep, scope: CurrentScope,
            limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[HitOut]:
    if ingest.get_document(session, document_id, ingest.visible_clause(scope)) is None:
        raise not_found()
    return [_hit(h, i + 1) for i, h in enumerate(similar_fresh(session, scope, document_id, limit))]


@router.get("/documents/{document_id}/citations", response_model=CitationsResponse,
            summary="What this document cites, and what cites it",
            responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})
def citations(document_id: str, session: SessionDep,
              scope: CurrentScope) -> CitationsResponse:
    visible = ingest.visible_clause(scope)
    doc = ingest.get_document(session, document_id, visible)
    if doc is None:
        raise not_found()
    cited_ids = [c.cited_document_id for c in doc.citations if c.cited_document_id]
    shown = {d.id: d for d in (ingest.get_document(session, i, visible) for i in cited_ids) if d is not None}
    cites = []
    for c in doc.citations:  # a cited document the user may not see is named by its number only
        target = shown.get(c.cited_document_id or "")
        cites.append(CitationLink(number=c.number, document_id=target.id if target else None, doc_type=c.doc_type,
                                  issued_date=c.issued_date, subject=target.subject if target else None))
    return CitationsResponse(document_id=document_id, cites=cites,
                             cited_by=later_documents(session, document_id, visible))


def later_documents(session: Any, document_id: str, visible: Any) -> list[CitationLink]:
    """The documents citing this one that the viewer may read (`visible`: the policy's WHERE) — also for a task page
    whose viewer sees the task by briefing's rule (a unit named on it) without reading its document (SECURITY.md
    93): nothing of that document is shown, only documents she reads anyway."""
    return [CitationLink(number=d.number or d.filename, document_id=d.id, doc_type=d.doc_type,
                         issued_date=d.issued_date, subject=d.subject)
            for d in ingest.cited_by(session, document_id, visible)]


@router.get("/suggest", response_model=SuggestResponse, summary="Suggestions as you type: numbers, units, subjects",
            responses={401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
def suggest(q: Annotated[str, Query(min_length=1, max_length=200)], scope: CurrentScope,
            session: SessionDep,
            limit: Annotated[int, Query(ge=1, le=20)] = 8) -> SuggestResponse:
    return SuggestResponse(suggestions=suggest_fresh(session, scope, q, limit))
