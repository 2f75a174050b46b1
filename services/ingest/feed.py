"""The public feed for the provincial e-portal: public documents only, no login (JSON and Atom)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from services.core.auth.policy import scope_for
from services.core.web import get_session
from services.ingest import service
from services.ingest.models import Document

router = APIRouter(prefix="/public", tags=["public feed"])


class FeedItem(BaseModel):
    id: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: str | None
    subject: str | None
    filename: str
    updated_at: datetime


class Feed(BaseModel):
    title: str
    updated: datetime
    items: list[FeedItem]


def _public(session: Session, limit: int) -> list[Document]:
    flt = service.DocumentFilter(status="done")
    _, rows = service.list_documents(session, flt, 0, limit, service.visible_clause(scope_for(None)))
    return rows


def _item(d: Document) -> FeedItem:
    return FeedItem(id=d.id, number=d.number, doc_type=d.doc_type, issuer=d.issuer,
                    issued_date=d.issued_date.isoformat() if d.issued_date else None, subject=d.subject,
                    filename=d.filename, updated_at=d.updated_at)


@router.get("/feed.json", response_model=Feed, summary="Public documents (JSON feed, no login)")
def feed_json(session: Annotated[Session, Depends(get_session)],
              limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Feed:
    rows = _public(session, limit)
    updated = max((r.updated_at for r in rows), default=datetime.now(UTC))
    return Feed(title="Văn bản công khai", updated=updated, items=[_item(r) for r in rows])


@router.get("/feed.atom", summary="Public documents (Atom feed, no login)", response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}})
def feed_atom(request: Request, session: Annotated[Session, Depends(get_session)],
              limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    rows = _public(session, limit)
    updated = max((r.updated_at for r in rows), default=datetime.now(UTC))
    base = str(request.base_url).rstrip("/")
    entries = []
    for r in rows:
        title = " ".join(x for x in (r.doc_type, r.number, r.subject) if x) or r.filename
        entries.append(
            f"<entry><id>urn:uuid:{r.id}</id><title>{escape(title)}</title>"
            f"<updated>{r.updated_at.isoformat()}</updated>"
            f"<summary>{escape(r.subject or '')}</summary>"
            f'<link href="{escape(base)}/public/feed.json#{r.id}"/>'
            f"<author><name>{escape(r.issuer or 'vanban')}</name></author></entry>")
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           f"<id>{escape(base)}/public/feed.atom</id><title>Văn bản công khai</title>"
           f"<updated>{updated.isoformat()}</updated>" + "".join(entries) + "</feed>")
    return Response(content=xml, media_type="application/atom+xml; charset=utf-8")
