"""The office's clock: Việt Nam's time zone and the calendar day in it — one copy for every service.

Deadlines, registers (numbers run per local calendar year), overdue days and the dates shown to users are the
office's (Asia/Ho_Chi_Minh), never the machine's: a server on UTC is a day behind from 17:00 to 24:00 UTC.
Pure (no I/O), so the domain modules may use it."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def office_today() -> date:
    """Today in Việt Nam."""
    return datetime.now(OFFICE_TZ).date()


def office_date(moment: datetime) -> date:
    """The calendar day in Việt Nam of an instant (a naive datetime is taken as already local)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(OFFICE_TZ).date()
