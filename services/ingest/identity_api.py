"""HTTP API of document identity: a clerk's decision on a copy ("a new version replaces the old one" or "not the
same document"), and what a viewer is told about a file that is another copy of a registered document."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from services.core.auth.deps import CurrentScope, client_of, require_roles
from services.core.auth.policy import Principal
from services.core.auth.service import audit
from services.core.errors import VanbanError
from services.core.schemas import ErrorResponse
from services.core.web import get_session
from services.ingest import identity, service
from services.ingest.models import Document, DocumentStatus
from services.ingest.schemas import DocumentDetail, RegisteredAs, SupersedeRequest

router = APIRouter(tags=["ingest"])
ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse, "description": "Not logged in"},
    403: {"model": ErrorResponse, "description": "Only a clerk, a leader or an administrator decides"},
    404: {"model": ErrorResponse, "description": "No such document, or not visible to you"},
    409: {"model": ErrorResponse, "description": "Not processed yet, or already replaced"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    422: {"model": ErrorResponse, "description": "Invalid request"},
}
Decider = Annotated[Principal, Depends(require_roles("admin", "clerk", "leader"))]


def annotate(session: Session, doc: Document, out: DocumentDetail, visible: Any) -> DocumentDetail:
    """Fill `registered_as`, `supersedes`, `superseded_by` for this viewer: each only when the viewer may see the
    other document (otherwise nothing — not its id, not its number)."""
    found = identity.registered_as(session, doc, visible)
    out.registered_as = RegisteredAs(**found) if found else None
    links = identity.version_links(session, doc, visible)
    out.supersedes, out.superseded_by = links["supersedes"], links["superseded_by"]
    return out


def _visible_document(session: Session, principal: Principal, scope: Any, document_id: str,
                      request: Request) -> Document:
    from services.ingest.api import _not_found_audited

    doc = service.get_document(session, document_id, service.visible_clause(scope))
    if doc is None:
        raise _not_found_audited(session, principal, document_id, request)
    return doc


def _briefing_sync(session: Session, document_id: str) -> None:
    try:
        from services.briefing.service import sync_document
    except ImportError:  # an ingest-only deployment
        return
    session.flush()
    sync_document(session, document_id)


def _detail(session: Session, doc: Document, scope: Any) -> DocumentDetail:
    from services.ingest.api import _detail as detail

    session.refresh(doc)
    return annotate(session, doc, detail(doc), service.visible_clause(scope))


@router.post("/documents/{document_id}/supersede", response_model=DocumentDetail,
             summary="A clerk's decision: this document is a new version of a registered one",
             description="The old document's open tasks are retired (proposals dismissed, tasks already sent recalled "
             "with the reason, the units told) and this document's tasks are proposed. Both documents must be "
             "visible to you; audited on both.", responses=ERRORS)
def supersede(document_id: str, body: SupersedeRequest, session: Annotated[Session, Depends(get_session)],
              principal: Decider, scope: CurrentScope, request: Request) -> DocumentDetail:
    new = _visible_document(session, principal, scope, document_id, request)
    old = _visible_document(session, principal, scope, body.replaces, request)
    if new.status != DocumentStatus.done or old.status != DocumentStatus.done:
        raise VanbanError("identity_not_ready", "Văn bản chưa xử lý xong; hãy chờ rồi thử lại.", http_status=409)
    identity.supersede(session, new, old)
    retired: list[str] = []
    try:
        from services.briefing.sync import retire_superseded
    except ImportError:
        pass
    else:
        retired = retire_superseded(session, principal, old.id, new.id, new.number)
    _briefing_sync(session, new.id)
    client = client_of(request)
    audit(session, principal, "change", "document", new.id, {"supersedes": old.id}, client=client)
    audit(session, principal, "change", "document", old.id, {"superseded_by": new.id, "retired_tasks": retired},
          client=client)
    from services.core.dispatch import enqueue

    enqueue("search.index", new.id, session=session)
    enqueue("briefing.sync_document", new.id, session=session)
    session.commit()
    return _detail(session, new, scope)


@router.post("/documents/{document_id}/distinct", response_model=DocumentDetail,
             summary="A clerk's decision: this document is not a copy of the one it was recognised as",
             description="It is registered in its own right and its tasks are proposed; the decision stands over "
             "reprocessing. Audited.", responses=ERRORS)
def distinct(document_id: str, session: Annotated[Session, Depends(get_session)], principal: Decider,
             scope: CurrentScope, request: Request) -> DocumentDetail:
    doc = _visible_document(session, principal, scope, document_id, request)
    was = doc.duplicate_of
    identity.mark_distinct(session, doc)
    _briefing_sync(session, doc.id)
    audit(session, principal, "change", "document", doc.id, {"distinct_from": was}, client=client_of(request))
    from services.core.dispatch import enqueue

    enqueue("search.index", doc.id, session=session)
    enqueue("briefing.sync_document", doc.id, session=session)
    session.commit()
    return _detail(session, doc, scope)
