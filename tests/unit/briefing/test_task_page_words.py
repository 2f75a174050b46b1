"""What a task's page says of a task no longer followed, rendered from its template (services/web/templates/task.html)
with the fields the page reads: the recall of its document in the words of the task's own state, an ended task as
ended, by whom (play 327's review)."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace as NS
from typing import Any

import pytest

from services.briefing import domain

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _page(state: str, history: list[NS], recalled: bool = False) -> str:
    from services.web.render import ENV

    deadline = date(2026, 12, 10)
    task = NS(id="t1", action="tham mưu phân bổ kinh phí sửa chữa trường học", sentence="", state=state,
              status=domain.status_of(state, deadline, None, date(2026, 12, 5)), lead="Sở Tài chính", support=[],
              units=[], deadline=deadline, original_deadline=deadline, days_late=0, due_soon=False, recurrence=None,
              review_on=None, review_due=False, assigned_on=date(2026, 11, 1), sent_at=AT, progress_percent=0,
              completion_reported_on=None, completed_on=None, extension_requested_to=None, extension_reason=None,
              deadline_changes=[], history=history, document=NS(id="d1", doc_type="Thông báo", number="101/TB-UBND",
                                                                level=0, subject=""))
    ctx: dict[str, Any] = {
        "task": task, "me": NS(role="unit_staff", username="cv-tc", unit_name="Sở Tài chính"), "csrf": "x",
        "flash": [], "path": "/ui/tasks/t1", "request": None, "unit_names": {}, "is_unit_member": True,
        "is_lead": True, "units": [], "is_leader": False, "is_editor": False, "today": date(2026, 12, 5),
        "cited_by": [], "doc_recall": NS(at=AT, reason="Ban hành nhầm.") if recalled else None}
    html = ENV.get_template("task.html").render(ctx)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _event(kind: str, text: str | None, by: str | None = None) -> NS:
    return NS(kind=kind, text=text, by=by, username="vanthu-1", at=AT, detail={})


@pytest.mark.parametrize("state", ["dismissed", "split", "merged"])
def test_a_recalled_documents_task_not_done_is_not_said_to_be_done(state: str) -> None:
    words = _page(state, [_event("proposed", None)], recalled=True)
    assert "Văn bản giao nhiệm vụ đã bị thu hồi" in words
    assert "Nhiệm vụ đã hoàn thành trước khi văn bản bị thu hồi" not in words


def test_an_ended_task_says_who_ended_it() -> None:
    ended = _event("ended", "Theo Thông báo số 115/TB-UBND: đã bố trí trong dự toán năm sau.",
                   by="Lê Thị Hoa (Văn phòng UBND tỉnh)")
    words = _page("dismissed", [_event("confirmed", None), ended])
    assert "Tình trạng Đã kết thúc" in words and "Đã loại" not in words
    assert ("Nhiệm vụ không còn phải thực hiện: Lê Thị Hoa (Văn phòng UBND tỉnh) đã kết thúc nhiệm vụ — Theo Thông "
            "báo số 115/TB-UBND: đã bố trí trong dự toán năm sau.") in words
    assert "lãnh đạo kết luận" not in words


def test_a_list_calls_an_ended_task_ended() -> None:
    """Lists (inbox, a document's tasks, search by state) read the task's status: an ended task is "Đã kết thúc",
    never "Đã loại" — the word of a proposal people rejected."""
    from services.web.render import ENV

    row = NS(id="t1", action="tham mưu phân bổ kinh phí", support=[], lead="Sở Tài chính", deadline=None,
             days_late=0, recurrence=None, review_on=None, review_due=False, extension_requested_to=None,
             state="dismissed", status=domain.status_of("dismissed", None, None, date(2026, 12, 5)), due_soon=False,
             progress_percent=0, completion_reported_on=None, document=NS(id="d1", number="101/TB-UBND", level=0))
    words = " ".join(re.sub(r"<[^>]+>", " ", str(ENV.get_template("macros.html").module.task_table([row]))).split())
    assert "Đã kết thúc" in words and "Đã loại" not in words, words
