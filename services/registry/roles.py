"""Who may do what in the registry — declared once here, used on the routes as dependencies.

What a caller may *see* is still the one access policy (services.core.auth.policy): every query of this service
filters by the policy's Scope (clearance, and for unit roles their own unit) inside the SQL.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.core.auth.deps import CurrentPrincipal, require_roles
from services.core.auth.policy import Principal
from services.core.auth.service import forbidden

OFFICE_ROLES = ("admin", "clerk", "leader")
UNIT_ROLES = ("unit_head", "unit_staff")

READ_REGISTERS = (*OFFICE_ROLES, "unit_head")  # a unit head reads the sổ đến of his own unit
REGISTER_INCOMING = ("admin", "clerk")  # vào sổ văn bản đến
ROUTE = ("admin", "leader")  # bút phê, chuyển xử lý
MARK_HANDLED = ("admin", "clerk", "leader")
DRAFT = ("admin", "clerk", "leader")  # soạn dự thảo, trình ký
SIGN = ("admin", "leader")  # ký ban hành
NUMBER_AND_SEND = ("admin", "clerk")  # cấp số, phát hành, gửi
RECALL = ("admin", "leader")  # thu hồi
EXPORT = OFFICE_ROLES
INTAKE = ("admin", "clerk")  # run the intake channels now

# the steps of an outgoing document (POST /registry/outgoing/{id}/{action})
ACTIONS: dict[str, tuple[str, ...]] = {
    "submit": DRAFT, "cancel": DRAFT, "sign": SIGN, "number": NUMBER_AND_SEND, "issue": NUMBER_AND_SEND,
    "send": NUMBER_AND_SEND, "recall": RECALL,
}


def may_take_action(action: str, principal: CurrentPrincipal) -> Principal:
    """The route's dependency for the workflow steps: the roles of ACTIONS[action]."""
    if principal.role not in ACTIONS.get(action, ()):
        raise forbidden()
    return principal


MayReadRegisters = Annotated[Principal, Depends(require_roles(*READ_REGISTERS))]
MayRegister = Annotated[Principal, Depends(require_roles(*REGISTER_INCOMING))]
MayRoute = Annotated[Principal, Depends(require_roles(*ROUTE))]
MayMarkHandled = Annotated[Principal, Depends(require_roles(*MARK_HANDLED))]
MayDraft = Annotated[Principal, Depends(require_roles(*DRAFT))]
MayReadOutgoing = Annotated[Principal, Depends(require_roles(*OFFICE_ROLES))]
MayExport = Annotated[Principal, Depends(require_roles(*EXPORT))]
MayRunIntake = Annotated[Principal, Depends(require_roles(*INTAKE))]
