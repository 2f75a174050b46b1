"""What the registry tells other services (typed calls, no table access from outside)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.registry import domain
from services.registry.models import OutgoingDocument


def recalled_document_ids(session: Session, ids: list[str]) -> set[str]:
    """For search: which of these documents were recalled by this office (the hook search needs)."""
    if not ids:
        return set()
    return set(session.scalars(select(OutgoingDocument.document_id).where(
        OutgoingDocument.document_id.in_(ids), OutgoingDocument.state == domain.OutState.recalled.value)))
