"""What every part of the briefing service shares: roles, today's date in Việt Nam, the history of a task."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any

from services.briefing.domain import State
from services.briefing.errors import BriefingError
from services.briefing.models import (
    Task,
    TaskEvent,
)
from services.briefing.permissions import EDITOR_ROLES, LEADER_ROLES, UNIT_ROLES  # noqa: F401  (one copy, re-exported)
from services.briefing.permissions import check_role as _check_role  # noqa: F401
from services.core.auth.policy import Principal
from services.core.clock import OFFICE_TZ, office_today
from services.core.errors import VanbanError
from services.core.web import not_found

log = logging.getLogger("vanban.briefing")



LOCAL_TZ = OFFICE_TZ  # (services/core/clock.py holds the one copy)


def today() -> date:
    """Today in Việt Nam (deadlines are local dates)."""
    return office_today()


def task_not_found() -> VanbanError:
    return not_found("Nhiệm vụ")



# --- history ------------------------------------------------------------------------------------------------------


SYSTEM_USERNAME = "hệ thống"  # the author of events no account made (extraction, the scheduler)


def _event(task: Task, principal: Principal | None, kind: str, text: str | None = None,
           detail: dict[str, Any] | None = None) -> TaskEvent:
    ev = TaskEvent(user_id=principal.user_id if principal else None,
                   username=principal.username if principal else SYSTEM_USERNAME, kind=kind, text=text,
                   detail=detail or {})
    task.events.append(ev)
    return ev



def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None



def _not_closed(task: Task) -> None:
    if task.state == State.completed:
        raise BriefingError.task_completed()


