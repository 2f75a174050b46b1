"""The review queue's reasons for a task whose lead the office's own directory has (play14: a district office)."""
from __future__ import annotations

from services.briefing.api import _reasons
from services.briefing.models import Task
from services.ingest.public import LEAD_NOT_IN_DIRECTORY, LEAD_NOT_SPECIFIC

ACTION = "xác minh đơn tố cáo về sai phạm trong cấp giấy chứng nhận quyền sử dụng đất tại xã Thanh Hà"


def _task(lead: str, unit_id: str | None) -> Task:
    return Task(lead_name=lead, lead_unit_id=unit_id, action=ACTION, sentence=f"Giao {lead} chủ trì {ACTION}.",
                deadline=None)


def test_a_body_named_by_its_level_in_the_office_s_own_directory_is_not_said_to_be_unspecific() -> None:
    assert LEAD_NOT_SPECIFIC in _reasons(_task("Công an huyện", None), [], None)  # whose district's? say so
    reasons = _reasons(_task("Công an huyện", "unit-police"), [], None)  # the office's own district police
    assert LEAD_NOT_SPECIFIC not in reasons and LEAD_NOT_IN_DIRECTORY not in reasons
