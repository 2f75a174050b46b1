"""A recurring duty's first deadline, as a clerk counts it (play8: "định kỳ hằng quý báo cáo …" in a kế hoạch issued in
May got its first deadline three months later; the clerk expects the end of the current quarter)."""
from __future__ import annotations

from datetime import date as D

from services.briefing import domain


def test_a_series_of_periods_is_first_due_at_the_end_of_the_current_period() -> None:
    quarterly = domain.parse_recurrence("định kỳ hằng quý")
    assert quarterly is not None
    assert domain.first_occurrence(quarterly, D(2026, 5, 4)) == D(2026, 6, 30)
    assert domain.first_occurrence(quarterly, D(2026, 10, 1)) == D(2026, 12, 31)
    assert domain.first_occurrence(domain.parse_recurrence("hằng tháng"), D(2026, 2, 10)) == D(2026, 2, 28)
    assert domain.first_occurrence(domain.parse_recurrence("định kỳ 6 tháng"), D(2026, 8, 20)) == D(2026, 12, 31)
    assert domain.first_occurrence(domain.parse_recurrence("hằng năm"), D(2026, 3, 2)) == D(2026, 12, 31)
    # a named day and a week keep their own count
    assert domain.first_occurrence(domain.parse_recurrence("ngày 20 hằng tháng"), D(2026, 5, 4)) == D(2026, 5, 20)
    assert domain.first_occurrence(domain.parse_recurrence("thứ Sáu hằng tuần"), D(2026, 5, 4)) == D(2026, 5, 11)


def test_the_next_occurrence_of_a_period_series_stays_at_the_periods_end() -> None:
    quarterly = domain.parse_recurrence("hằng quý")
    assert quarterly is not None
    due = domain.first_occurrence(quarterly, D(2026, 5, 4))
    series = [due]
    for _ in range(4):
        due = domain.next_occurrence(quarterly, due)
        series.append(due)
    assert series == [D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31), D(2027, 3, 31), D(2027, 6, 30)]
    monthly = domain.parse_recurrence("hằng tháng")
    assert domain.next_occurrence(monthly, D(2026, 4, 30)) == D(2026, 5, 31)
