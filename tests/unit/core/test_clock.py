"""The office's day (services/core/clock.py): Việt Nam's calendar, whatever the machine's time zone."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from services.core.clock import office_date


def test_an_evening_in_utc_is_already_tomorrow_at_the_office() -> None:
    assert office_date(datetime(2026, 12, 7, 17, 30, tzinfo=UTC)) == date(2026, 12, 8)
    assert office_date(datetime(2026, 12, 7, 16, 59, tzinfo=UTC)) == date(2026, 12, 7)


def test_an_instant_in_another_zone_and_a_naive_local_time() -> None:
    assert office_date(datetime(2026, 12, 31, 20, 0, tzinfo=timezone(timedelta(hours=-5)))) == date(2027, 1, 1)
    assert office_date(datetime(2026, 12, 31, 23, 0)) == date(2026, 12, 31)  # naive: already the office's time
