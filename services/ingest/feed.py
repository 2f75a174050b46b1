"""The public feed for the provincial e-portal: public documents only, no login (JSON and Atom)."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from services.core.auth.policy import scope_for
from services.core.config import get_settings
from services.core.schemas import ErrorResponse
from services.core.web import SessionDep, not_found
from services.ingest import service
from services.ingest.models import Document

router = APIRouter(prefix="/public", tags=["public feed"])
VIETNAM = timezone(timedelta(hours=7))


class FeedItem(BaseModel):
    id: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: str | None
    subject: str | None
    filename: str
    updated_at: datetime
    url: str = Field(description="The document on the e-portal (public base URL + /public/documents/{id})")


class Feed(BaseModel):
    title: str
    updated: datetime
    items: list[FeedItem]


def _public(session: Session, limit: int) -> list[Document]:
    flt = service.DocumentFilter(status="done")
    _, rows = service.list_documents(session, flt, 0, limit, service.visible_clause(scope_for(None)))
    return rows


def base_url() -> str:
    """The configured public base URL (VANBAN_PUBLIC_BASE_URL) — never the request's Host header."""
    return get_settings().public_base_url.rstrip("/")


def document_url(d: Document) -> str:
    return f"{base_url()}/public/documents/{d.id}"


def document_date(d: Document) -> datetime:
    """When the document was issued (midnight, Vietnam time), else when it was processed or received."""
    if d.issued_date:
        return datetime.combine(d.issued_date, time(0, 0), tzinfo=VIETNAM)
    moment = d.processed_at or d.created_at
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _item(d: Document) -> FeedItem:
    return FeedItem(id=d.id, number=d.number, doc_type=d.doc_type, issuer=d.issuer,
                    issued_date=d.issued_date.isoformat() if d.issued_date else None, subject=d.subject,
                    filename=d.filename, updated_at=document_date(d), url=document_url(d))


def _one_public(session: Session, document_id: str) -> Document:
    flt = service.DocumentFilter(status="done")
    doc = service.get_document(session, document_id, service.visible_clause(scope_for(None)))
    if doc is None or doc.status != flt.status:
        raise not_found()
    return doc


@router.get("/documents/{document_id}", response_model=FeedItem, summary="One public document (no login)",
            responses={404: {"model": ErrorResponse}})
def public_document(document_id: str, session: SessionDep) -> FeedItem:
    return _item(_one_public(session, document_id))


@router.get("/documents/{document_id}/original", summary="The original of a public document (no login)",
            response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}, 404: {"model": ErrorResponse}})
def public_original(document_id: str, session: SessionDep) -> Response:
    from urllib.parse import quote

    doc = _one_public(session, document_id)
    data = service.store().get(doc.sha256)
    return Response(content=data, media_type=service.media_type_of(data),
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(doc.filename)}"})


@router.get("/feed.json", response_model=Feed, summary="Public documents (JSON feed, no login)")
def feed_json(session: SessionDep,
              limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Feed:
    rows = _public(session, limit)
    updated = max((document_date(r) for r in rows), default=datetime.now(UTC))
    return Feed(title="Văn bản công khai", updated=updated, items=[_item(r) for r in rows])


@router.get("/feed.atom", summary="Public documents (Atom feed, no login)", response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}})
def feed_atom(session: SessionDep,
              limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    rows = _public(session, limit)
    updated = max((document_date(r) for r in rows), default=datetime.now(UTC))
    base = base_url()
    entries = []
    for r in rows:
        title = " ".join(x for x in (r.doc_type, r.number, r.subject) if x) or r.filename
        url = escape(document_url(r), {'"': "&quot;"})
        entries.append(
            f"<entry><id>urn:uuid:{r.id}</id><title>{escape(title)}</title>"
            f"<updated>{document_date(r).isoformat()}</updated>"
            f"<summary>{escape(r.subject or '')}</summary>"
            f'<link rel="alternate" type="application/json" href="{url}"/>'
            f'<link rel="enclosure" href="{url}/original"/>'
            f"<author><name>{escape(r.issuer or 'vanban')}</name></author></entry>")
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           f"<id>{escape(base)}/public/feed.atom</id><title>Văn bản công khai</title>"
           f'<link rel="self" href="{escape(base)}/public/feed.atom"/>'
           f"<updated>{updated.isoformat()}</updated>" + "".join(entries) + "</feed>")
    return Response(content=xml, media_type="application/atom+xml; charset=utf-8")
