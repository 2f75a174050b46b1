"""The level a document takes when its stamp is read (services/core/auth/policy.py, SECURITY.md 20, 30, 60, 134): a
re-reading never lowers a level; a stamp above it raises it, whoever set the level or audience before — unless a
leader's declassification covered that stamp."""
from __future__ import annotations

from services.core.auth.policy import level_after_reading


def test_a_first_reading_is_decided_by_the_stamp_a_set_level_is_a_floor() -> None:
    assert level_after_reading(3, 0, provisional=True, set_by_clerk=False) == 0  # the uploader's clearance: a guess
    assert level_after_reading(0, 1, provisional=True, set_by_clerk=True) == 1
    assert level_after_reading(2, 1, provisional=True, set_by_clerk=True) == 2


def test_a_re_reading_never_lowers_a_level() -> None:
    assert level_after_reading(2, 0, provisional=False, set_by_clerk=False) == 2
    assert level_after_reading(2, 1, provisional=False, set_by_clerk=True) == 2


def test_a_stamp_read_at_last_raises_a_level_someone_set_before() -> None:
    """134: a clerk's audience (or a declared level) was set on a reading that had not seen the stamp."""
    assert level_after_reading(0, 1, provisional=False, set_by_clerk=True) == 1
    assert level_after_reading(1, 2, provisional=False, set_by_clerk=True, declassified_from=None) == 2


def test_a_leaders_declassification_stands_over_the_stamp_it_covered() -> None:
    assert level_after_reading(0, 1, provisional=False, set_by_clerk=True, declassified_from=1) == 0
    assert level_after_reading(0, 2, provisional=False, set_by_clerk=True, declassified_from=2) == 0
    assert level_after_reading(0, 3, provisional=False, set_by_clerk=True, declassified_from=1) == 3  # a new stamp
