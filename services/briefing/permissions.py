"""Who may do what in briefing — declared once here, used on the routes as dependencies.

Role-only rules are decided here, before the endpoint runs: an editor (clerk, leader) confirms, edits, splits, merges
and dismisses proposals; a leader decides extensions, re-assigns and accepts or returns completions; unit staff act
on their own unit's tasks. Which unit a task names (lead or cooperating) depends on the task: the workflow checks it
against `domain.ACTORS` once the task is loaded. What a caller may *see* is the one access policy
(services.core.auth.policy) applied inside every query.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from services.briefing.domain import ACTORS, Action
from services.core.auth.deps import CurrentPrincipal
from services.core.auth.policy import Principal
from services.core.auth.service import forbidden

UNIT_ROLES = frozenset({"unit_head", "unit_staff"})
LEADER_ROLES = frozenset({"admin", "leader"})
EDITOR_ROLES = frozenset({"admin", "clerk", "leader"})
ADMIN_ROLES = frozenset({"admin"})
INBOX_ROLES = UNIT_ROLES | EDITOR_ROLES

# the roles behind each kind of actor of domain.ACTORS, and what a refused caller is told
ACTOR_ROLES: dict[str, tuple[frozenset[str], str]] = {
    "editor": (EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xác nhận, sửa, tách, gộp nhiệm vụ."),
    "leader": (LEADER_ROLES, "Chỉ lãnh đạo mới thực hiện được thao tác này."),
    "lead": (UNIT_ROLES | ADMIN_ROLES, "Chỉ cán bộ của đơn vị được giao mới thực hiện được thao tác này."),
    "support": (UNIT_ROLES | ADMIN_ROLES, "Chỉ cán bộ của đơn vị được giao mới thực hiện được thao tác này."),
    "head": (frozenset({"unit_head"}), "Chỉ lãnh đạo đơn vị được giao nhiệm vụ (trưởng đơn vị) mới phân công cán bộ "
                                       "xử lý."),
}
EDITOR_MESSAGE = ACTOR_ROLES["editor"][1]


def roles_for(action: Action) -> frozenset[str]:
    return ACTOR_ROLES[ACTORS[action]][0]


def check_role(principal: Principal, roles: frozenset[str], message: str) -> None:
    if principal.role not in roles:
        raise forbidden(message)


def may(action: Action) -> Callable[[Principal], Principal]:
    """The route's dependency for a step of the task workflow: the roles of ACTORS[action]."""
    roles, message = ACTOR_ROLES[ACTORS[action]]

    def check(principal: CurrentPrincipal) -> Principal:
        check_role(principal, roles, message)
        return principal

    check.__name__ = f"may_{action.value}"
    return check


def _roles(roles: frozenset[str], message: str | None = None) -> Callable[[Principal], Principal]:
    def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise forbidden(message) if message else forbidden()
        return principal

    return check


def check_inbox_access(principal: Principal, unit_id: str) -> None:
    """Unit roles open only their own unit's inbox."""
    if principal.role in UNIT_ROLES and principal.unit_id != unit_id:
        raise forbidden("Bạn chỉ được xem nhiệm vụ của đơn vị mình.")
    if principal.role not in INBOX_ROLES:
        raise forbidden()


def own_unit(principal: Principal, unit_id: str | None) -> str | None:
    """The unit a list or report covers: unit roles see their own unit only (asking for another is refused)."""
    if principal.role not in UNIT_ROLES:
        return unit_id
    if unit_id and unit_id != principal.unit_id:
        check_inbox_access(principal, unit_id)
    return principal.unit_id or "-"


def sees_webhooks(principal: Principal) -> bool:
    """A unit's webhook address is a credential (whoever holds it posts into the unit's channel): administrators only
    (SECURITY.md, 39)."""
    return principal.role in ADMIN_ROLES


def issues_as_unit(principal: Principal) -> bool:
    """A unit's own export is issued by the unit (its header and signature), the office's by the office."""
    return principal.role in UNIT_ROLES and bool(principal.unit_name)


# --- the routes' dependencies -------------------------------------------------------------------------------------------
MayEdit = Annotated[Principal, Depends(may(Action.edit))]
MayConfirm = Annotated[Principal, Depends(may(Action.confirm))]
MayDismiss = Annotated[Principal, Depends(may(Action.dismiss))]
MaySplit = Annotated[Principal, Depends(may(Action.split_up))]
MayMerge = Annotated[Principal, Depends(may(Action.merge))]
MayAcknowledge = Annotated[Principal, Depends(may(Action.acknowledge))]
MayRequestExtension = Annotated[Principal, Depends(may(Action.request_extension))]
MayDecideExtension = Annotated[Principal, Depends(may(Action.decide_extension))]
MayReassign = Annotated[Principal, Depends(may(Action.reassign))]
MayPostProgress = Annotated[Principal, Depends(may(Action.progress))]  # the lead's progress or a cooperating unit's part
MayReportCompletion = Annotated[Principal, Depends(may(Action.report_completion))]
MayAcceptCompletion = Annotated[Principal, Depends(may(Action.accept_completion))]
MayReturnCompletion = Annotated[Principal, Depends(may(Action.return_completion))]
MayDecline = Annotated[Principal, Depends(may(Action.decline))]
MayReopen = Annotated[Principal, Depends(may(Action.reopen))]
MayEnd = Annotated[Principal, Depends(may(Action.end))]
MayCarryOver = Annotated[Principal, Depends(may(Action.carry_over))]
MayAssign = Annotated[Principal, Depends(may(Action.assign))]
MayAddTask = Annotated[Principal, Depends(_roles(EDITOR_ROLES, EDITOR_MESSAGE))]
MayReview = Annotated[Principal, Depends(_roles(EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xem các đề xuất chờ "
                                                               "xác nhận."))]
MaySeeProposedUnits = Annotated[Principal, Depends(_roles(EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới xem các đơn "
                                                                        "vị được đề xuất."))]
MayAcceptUnit = Annotated[Principal, Depends(_roles(EDITOR_ROLES, "Chỉ văn thư hoặc lãnh đạo mới chấp nhận đơn vị "
                                                                  "mới."))]
MayScheduleMeetings = Annotated[Principal, Depends(_roles(EDITOR_ROLES, EDITOR_MESSAGE))]
Admin = Annotated[Principal, Depends(_roles(ADMIN_ROLES))]
