"""The unit's message that its head handed its part of a task to an officer (phân công xử lý, fix20): the officer and
the head's note for an ordinary document; for a classified one, as every other task message, no content — neither
the task, nor the document, nor who handles it, nor the note."""
from __future__ import annotations

from datetime import date

from services.briefing.models import Task, TrackedDocument
from services.briefing.notify import compose
from services.core.auth.models import Unit

UNIT = Unit(id="u-xd", key="so xay dung", name="Sở Xây dựng")
NOTE = "Đồng chí tổng hợp số liệu các xã, trình trước hai ngày."


def _task() -> Task:
    return Task(id="t-1", action="Rà soát quỹ đất phát triển nhà ở xã hội", lead_name="Sở Xây dựng",
                deadline=date(2026, 12, 20))


def _doc(level: int) -> TrackedDocument:
    return TrackedDocument(document_id="d-1", number="55/TB-UBND", subject="Kết luận giao ban", level=level)


def test_the_unit_reads_whom_its_head_handed_the_task_to() -> None:
    subject, body, payload = compose("handler_assigned", _task(), _doc(0), UNIT, note=NOTE, handler="Nguyễn Văn An")
    assert "phân công cán bộ xử lý" in subject and "55/TB-UBND" in subject
    assert "- Cán bộ được phân công xử lý: Nguyễn Văn An" in body and f"- Ý kiến của lãnh đạo đơn vị: {NOTE}" in body
    assert "Được phân công cho tôi" in body and "Rà soát quỹ đất" in body
    assert payload["handler"] == "Nguyễn Văn An" and payload["note"] == NOTE and payload["task_id"] == "t-1"


def test_a_classified_task_s_message_names_nothing() -> None:
    subject, body, payload = compose("handler_assigned", _task(), _doc(1), UNIT, note=NOTE, handler="Nguyễn Văn An")
    for secret in ("55/TB-UBND", "Rà soát", "Nguyễn Văn An", NOTE, "Kết luận giao ban"):
        assert secret not in subject + body + str(payload), secret
    # the mail says where to look (ui20: no raw task id in the text); the webhook's payload keeps the id
    assert "độ mật" in body and "“Nhiệm vụ đơn vị”" in body and "t-1" not in body and payload == {"event": "handler_assigned", "task_id": "t-1",
                                                              "unit_id": "u-xd", "unit": "Sở Xây dựng"}
