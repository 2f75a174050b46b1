"""The confidence of an extracted task and the clerk's reasons: one test per signal (invented wording)."""
from __future__ import annotations

import pytest

from services.ingest.understanding import confidence as c
from services.ingest.understanding.confidence import appraise, assess, review_reasons
from services.ingest.understanding.model import REVIEW_BELOW, ExtractedTask
from services.ingest.understanding.tasks import extract_tasks

ACTION = "thẩm định dự toán kinh phí sửa chữa trụ sở làm việc của các phòng chuyên môn"


def _task(lead: str = "Sở Tài chính", action: str = ACTION, sentence: str | None = None,
          deadline: str | None = "2025-06-30") -> ExtractedTask:
    return ExtractedTask(lead=lead, action=action, sentence=sentence or f"Giao {lead} {action}.", deadline=deadline)


def test_a_clear_assignment_to_a_known_department_with_a_deadline_has_no_doubt() -> None:
    score, reasons = appraise(_task())
    assert reasons == [] and score >= 0.9 and score >= REVIEW_BELOW
    assert assess(_task()) == score


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("lead", "Trung tâm Khuyến nông Hòa Vang Mới", c.LEAD_UNKNOWN[1]),  # a named unit the directory does not know
    ("lead", "UBND tỉnh", c.LEAD_BARE[1]),  # which province's?
    ("lead", "Sở", c.LEAD_BARE[1]),
    ("lead", "các cơ quan, đơn vị liên quan", c.LEAD_VAGUE[1]),  # names no unit
    ("lead", "Tổ công tác số 5", c.LEAD_DIGITS[1]),
    ("lead", "Công ty Cổ phần Cấp nước Hồng Lam", c.LEAD_NON_STATE[1]),
    ("action", "rà soát hồ sơ đất đai của xã", c.ACTION_SHORT[1]),
    ("action", "rà soát hồ sơ", c.ACTION_BARE[1]),
    ("action", "báo cáo Ủy ban nhân dân tỉnh", c.ACTION_REPORT[1]),  # only reports back
    ("action", "nghiêm túc triển khai thực hiện văn bản chỉ đạo nói trên của cấp trên", c.ACTION_GENERIC[1]),
    ("action", "xây dựng kế hoạch thực hiện năm 2025 với các nội dung cụ thể như sau:", c.ACTION_LIST[1]),
])
def test_each_doubt_lowers_the_confidence_and_says_why(field: str, value: str, reason: str) -> None:
    score, reasons = appraise(_task(**{field: value}))
    assert reason in reasons
    assert score < appraise(_task())[0]


@pytest.mark.parametrize("action", [
    "Triển khai phần mềm quản lý hồ sơ người có công tại các xã, phường",  # a named duty that starts like one
    "Thực hiện kiểm kê đất đai định kỳ năm 2025 trên toàn địa bàn huyện",
])
def test_a_named_duty_that_starts_with_a_generic_verb_is_not_called_generic(action: str) -> None:
    """Văn thư: "a task table's row 'Triển khai chữ ký số cho cán bộ cấp xã' was doubted as 'thực hiện chung
    chung' — it says exactly what to do." Only the verb with nothing after it, or with what another text names
    ("thực hiện tốt Kế hoạch này"), is generic."""
    assert c.ACTION_GENERIC[1] not in appraise(_task(action=action))[1]
    assert c.ACTION_GENERIC[1] in appraise(_task(action="tổ chức thực hiện"))[1]
    assert c.ACTION_GENERIC[1] in appraise(_task(action="thực hiện tốt các nội dung của Kế hoạch này"))[1]


@pytest.mark.parametrize("sentence", [
    f"Vừa qua, Sở Tài chính {ACTION}.",
    f"Sở Tài chính đã {ACTION} trong tháng trước.",
])
def test_a_sentence_that_tells_what_was_done_is_doubted(sentence: str) -> None:
    score, reasons = appraise(_task(sentence=sentence))
    assert reasons == [c.SENTENCE_DONE[1]] and score < appraise(_task())[0]


def test_a_deadline_raises_the_confidence_and_doubts_add_up() -> None:
    assert appraise(_task())[0] > appraise(_task(deadline=None))[0]
    one = appraise(_task(lead="UBND tỉnh"))
    two = appraise(_task(lead="UBND tỉnh", action="báo cáo kết quả"))
    assert len(two[1]) > len(one[1]) and two[0] < one[0] < REVIEW_BELOW  # a bare body is flagged for review
    assert all(0.05 <= appraise(_task(lead=x, action=y))[0] <= 0.99
               for x in ("", "các đơn vị 12") for y in ("", "báo cáo:"))


def test_the_extractor_carries_the_confidence_and_the_reasons_to_its_output() -> None:
    [unsure] = extract_tasks("Giao UBND tỉnh báo cáo kết quả.")
    assert unsure.needs_review and unsure.review_reasons == review_reasons(
        unsure.lead, unsure.action, unsure.sentence, unsure.deadline)
    assert c.LEAD_BARE[1] in unsure.review_reasons
    [sure] = extract_tasks(f"Giao Sở Tài chính chủ trì {ACTION}, hoàn thành trước ngày 30/6/2025.")
    assert not sure.needs_review and sure.review_reasons == []
