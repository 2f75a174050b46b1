"""Who may do what in the registry — declared once here, used on the routes as dependencies.

What a caller may *see* is still the one access policy (services.core.auth.policy): every query of this service
filters by the policy's Scope (clearance, and for unit roles their own unit) inside the SQL.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.core.auth.deps import require_roles
from services.core.auth.policy import Principal

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

MayReadRegisters = Annotated[Principal, Depends(require_roles(*READ_REGISTERS))]
MayRegister = Annotated[Principal, Depends(require_roles(*REGISTER_INCOMING))]
MayRoute = Annotated[Principal, Depends(require_roles(*ROUTE))]
MayMarkHandled = Annotated[Principal, Depends(require_roles(*MARK_HANDLED))]
MayDraft = Annotated[Principal, Depends(require_roles(*DRAFT))]
MaySign = Annotated[Principal, Depends(require_roles(*SIGN))]
MayNumberAndSend = Annotated[Principal, Depends(require_roles(*NUMBER_AND_SEND))]
MayRecall = Annotated[Principal, Depends(require_roles(*RECALL))]
MayReadOutgoing = Annotated[Principal, Depends(require_roles(*OFFICE_ROLES))]
MayExport = Annotated[Principal, Depends(require_roles(*EXPORT))]
MayRunIntake = Annotated[Principal, Depends(require_roles(*INTAKE))]
