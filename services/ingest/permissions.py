"""Who may do what in ingest — declared once here, used on the routes as dependencies.

Clerks (and administrators) upload and reprocess; clerks and leaders set a document's level and audience and decide
what a recognised copy is (a new version replacing the old one's tasks, or not the same document); nobody
declares a level above their own clearance; lowering a level (declassification) is a leader's decision
(services.core.auth.policy.may_change_level, which needs the document's current level). What a caller may *see* is
the one access policy, applied inside every query.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.core.auth.deps import require_roles
from services.core.auth.policy import Principal, may_change_level
from services.ingest.errors import IngestApiError

UPLOAD = ("admin", "clerk")
REPROCESS = ("admin", "clerk")
SET_ACCESS = ("admin", "clerk", "leader")
DECIDE_IDENTITY = ("admin", "clerk", "leader")  # a copy: a new version (supersede), or not the same document

MayUpload = Annotated[Principal, Depends(require_roles(*UPLOAD))]
MayReprocess = Annotated[Principal, Depends(require_roles(*REPROCESS))]
MaySetAccess = Annotated[Principal, Depends(require_roles(*SET_ACCESS))]
MayDecideIdentity = Annotated[Principal, Depends(require_roles(*DECIDE_IDENTITY))]


def check_declared_level(principal: Principal, level: int | None) -> None:
    """Nobody declares a level above their own clearance."""
    if level is not None and level > principal.clearance:
        raise IngestApiError.forbidden()


def may_set_level(principal: Principal, current: int, new: int) -> bool:
    """Raising or keeping a level: any access setter; lowering it (declassification): a leader (or admin)."""
    return may_change_level(principal.role, current, new)
