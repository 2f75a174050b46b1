"""The pure briefing domain: QĐ 42 categories, due soon, recurrence, pack and report assembly."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.briefing import domain
from services.briefing.domain import Category, DirectiveFact, Recurrence, TaskFact, UnitRef

D = date


def test_categories() -> None:
    assert domain.category(D(2008, 11, 30), D(2008, 11, 30), D(2008, 12, 1)) is Category.completed_on_time
    assert domain.category(D(2008, 11, 30), D(2008, 12, 5), D(2008, 12, 10)) is Category.completed_late
    assert domain.category(D(2008, 11, 30), None, D(2008, 11, 30)) is Category.in_progress
    assert domain.category(D(2008, 11, 30), None, D(2008, 12, 1)) is Category.overdue
    assert domain.category(None, None, D(2030, 1, 1)) is Category.in_progress
    assert domain.category(None, D(2008, 1, 1), D(2008, 1, 1)) is Category.completed_on_time
    # a completion after `as_of` is not known yet on `as_of`
    assert domain.category(D(2008, 11, 30), D(2008, 12, 5), D(2008, 12, 1)) is Category.overdue
    assert domain.days_late(D(2008, 11, 30), D(2008, 12, 5), D(2008, 12, 10)) == 5
    assert domain.days_late(D(2008, 10, 31), None, D(2008, 12, 10)) == 40
    assert domain.days_late(D(2008, 12, 31), None, D(2008, 12, 10)) == 0


def test_due_soon_window() -> None:
    assert domain.is_due_soon(D(2008, 12, 15), None, D(2008, 12, 10), 5)
    assert not domain.is_due_soon(D(2008, 12, 16), None, D(2008, 12, 10), 5)
    assert not domain.is_due_soon(D(2008, 12, 9), None, D(2008, 12, 10), 5)  # overdue, not "soon"
    assert not domain.is_due_soon(D(2008, 12, 12), D(2008, 12, 1), D(2008, 12, 10), 5)
    assert not domain.is_due_soon(None, None, D(2008, 12, 10), 5)


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@settings(max_examples=200, deadline=None)
@given(deadline=st.none() | dates, completed=st.none() | dates, as_of=dates)
def test_categories_partition_and_agree_with_days_late(deadline: date | None, completed: date | None,
                                                       as_of: date) -> None:
    cat = domain.category(deadline, completed, as_of)
    late = domain.days_late(deadline, completed, as_of)
    assert (cat in (Category.completed_late, Category.overdue)) == (late > 0)
    done = completed is not None and completed <= as_of
    assert (cat in (Category.completed_on_time, Category.completed_late)) == done
    if domain.is_due_soon(deadline, completed, as_of, 7):
        assert cat is Category.in_progress


def test_recurrence() -> None:
    assert domain.parse_recurrence("hằng tháng") == Recurrence("month")
    assert domain.parse_recurrence("vào ngày 25 hằng tháng") == Recurrence("month", 1, 25)
    assert domain.parse_recurrence("thứ Năm hằng tuần") == Recurrence("week")
    assert domain.parse_recurrence("hằng quý") == Recurrence("month", 3)
    assert domain.parse_recurrence("Định kỳ 6 tháng") == Recurrence("month", 6)
    assert domain.parse_recurrence("hàng năm") == Recurrence("year")
    assert domain.parse_recurrence("năm 2024 và các năm tiếp theo") == Recurrence("year")
    assert domain.parse_recurrence("thường xuyên") is None
    assert domain.parse_recurrence(None) is None
    assert domain.next_occurrence(Recurrence("month", 1, 31), D(2009, 1, 31)) == D(2009, 2, 28)
    assert domain.next_occurrence(Recurrence("month", 1, 31), D(2009, 2, 28)) == D(2009, 3, 31)
    assert domain.next_occurrence(Recurrence("week"), D(2008, 10, 16)) == D(2008, 10, 23)
    assert domain.next_occurrence(Recurrence("month", 3), D(2008, 11, 30)) == D(2009, 2, 28)
    assert domain.next_occurrence(Recurrence("year"), D(2008, 2, 29)) == D(2009, 2, 28)
    assert domain.first_occurrence(Recurrence("month", 1, 25), D(2008, 11, 5)) == D(2008, 11, 25)
    assert domain.first_occurrence(Recurrence("month", 1, 25), D(2008, 11, 26)) == D(2008, 12, 25)


@settings(max_examples=100, deadline=None)
@given(start=dates, every=st.integers(1, 12), dom=st.none() | st.integers(1, 31))
def test_next_occurrence_moves_forward(start: date, every: int, dom: int | None) -> None:
    rec = Recurrence("month", every, dom)
    nxt = domain.next_occurrence(rec, start)
    assert nxt > start and (nxt - start) <= timedelta(days=31 * every + 31)


XD, KH, TN, CA = (UnitRef("xd", "Sở Xây dựng"), UnitRef("kh", "Sở Kế hoạch và Đầu tư"),
                  UnitRef("tn", "Sở Tài nguyên và Môi trường"), UnitRef("ca", "Công an tỉnh"))


TB317_DAY = D(2008, 10, 7)


def fact(tid: str, unit: UnitRef, deadline: date | None, completed: date | None = None,
         assigned: date = TB317_DAY) -> TaskFact:
    return TaskFact(tid, "tb317", "317/TB-UBND", f"việc {tid}", unit.id, unit.name, assigned, deadline, completed)


TASKS = [fact("1", XD, D(2008, 11, 30), D(2008, 12, 5)), fact("2", KH, D(2008, 10, 31)),
         fact("3", TN, D(2008, 12, 31)), fact("4", CA, D(2008, 12, 15)),
         fact("5", XD, D(2008, 9, 30), D(2008, 9, 25), assigned=D(2008, 9, 1)),
         fact("6", KH, D(2009, 1, 31), assigned=D(2008, 12, 20))]
DIRECTIVES = [DirectiveFact("tb317", "317/TB-UBND", "Thông báo", "Kết luận", D(2008, 10, 7),
                            frozenset({"xd", "kh", "tn", "ca"})),
              DirectiveFact("old", "200/TB-UBND", "Thông báo", "Cũ", D(2008, 9, 1), frozenset({"xd"}))]


def test_pack_for_the_meeting_of_13_october() -> None:
    pack = domain.assemble_pack(D(2008, 10, 13), D(2008, 10, 6), D(2008, 11, 3), D(2008, 10, 13),
                                [XD, KH, TN, CA], TASKS, DIRECTIVES)
    by = {s.unit.id: s for s in pack.units}
    assert [s.unit.name for s in pack.units] == sorted(u.name for u in (XD, KH, TN, CA))
    assert [t.id for t in by["xd"].assigned_since] == ["1"]  # task 5 was assigned before the last meeting
    assert [t.id for t in by["kh"].due_before_next] == ["2"]  # due 31/10, next meeting 3/11
    assert by["tn"].due_before_next == [] and by["kh"].overdue == []
    assert [d.number for d in by["ca"].directives] == ["317/TB-UBND"]
    assert by["xd"].completed_on_time == []  # task 5 was completed before the previous meeting
    assert (pack.totals.total, pack.totals.completed_on_time, pack.totals.in_progress) == (5, 1, 4)
    assert "6" not in {t.id for s in pack.units for t in s.assigned_since}  # assigned after as_of


def test_pack_later_shows_late_and_overdue() -> None:
    pack = domain.assemble_pack(D(2008, 12, 8), D(2008, 10, 13), D(2008, 12, 22), D(2008, 12, 10),
                                [XD, KH, TN, CA], TASKS, DIRECTIVES)
    by = {s.unit.id: s for s in pack.units}
    assert [(t.id, t.days_late) for t in by["xd"].completed_late] == [("1", 5)]
    assert [(t.id, t.days_late) for t in by["kh"].overdue] == [("2", 40)]
    assert [t.id for t in by["ca"].due_before_next] == ["4"]
    assert [t.id for t in by["tn"].due_before_next] == []
    assert by["xd"].assigned_since == [] and by["xd"].directives == []
    c = by["xd"].counts
    assert (c.total, c.completed_on_time, c.completed_late, c.completion_rate, c.on_time_rate) == (2, 1, 1, 100.0,
                                                                                                   50.0)


def test_report() -> None:
    report = domain.assemble_report(D(2008, 12, 10), D(2008, 10, 1), None, [XD, KH, TN, CA], TASKS)
    t = report.totals
    assert (t.total, t.completed_on_time, t.completed_late, t.in_progress, t.overdue) == (4, 0, 1, 2, 1)
    assert t.completion_rate == 25.0
    assert [x.id for x in report.by_category[Category.completed_late]] == ["1"]
    assert [x.id for x in report.by_category[Category.overdue]] == ["2"]
    assert [x.id for x in report.by_category[Category.in_progress]] == ["4", "3"]  # by deadline
    assert [u.unit.id for u in report.units] == ["ca", "kh", "tn", "xd"]
    everything = domain.assemble_report(D(2008, 12, 31), None, None, [XD, KH, TN, CA], TASKS)
    assert everything.totals.total == 6 and everything.date_to == D(2008, 12, 31)


def test_state_table_allows_only_the_listed_changes() -> None:
    from services.briefing.domain import ACTORS, Action, State, next_state

    assert set(ACTORS) == set(Action)  # every action says who may do it
    assert next_state("open", Action.acknowledge) is State.acknowledged
    assert next_state("acknowledged", Action.report_completion) is State.completion_reported
    assert next_state("completion_reported", Action.accept_completion) is State.completed
    assert next_state("completion_reported", Action.return_completion) is State.in_progress
    assert next_state("in_progress", Action.contribute) is State.in_progress  # never moves the lead's task
    for action in Action:  # nothing changes a completed task (but a leader reopening it), nor one no longer followed
        for closed in ("completed", "dismissed", "split", "merged", "recalled"):
            if (closed, action) != ("completed", Action.reopen):
                assert next_state(closed, action) is None, (closed, action)
    # a task accepted as done that was not: a leader reopens it (mở lại), and only a completed one
    assert next_state("completed", Action.reopen) is State.in_progress and ACTORS[Action.reopen] == "leader"
    assert [s for s in State if next_state(s, Action.reopen) is not None] == [State.completed]
    assert next_state("open", Action.accept_completion) is None  # only a reported completion is accepted
    assert next_state("completion_reported", Action.request_extension) is None
    assert ACTORS[Action.acknowledge] == ACTORS[Action.report_completion] == "lead"
    assert ACTORS[Action.contribute] == "support" and ACTORS[Action.reassign] == "leader"
    # the document is recalled (thu hồi): every task still followed stops, whatever its state; a completed one stays
    for state in ("open", "acknowledged", "in_progress", "completion_reported"):
        assert next_state(state, Action.recall) is State.recalled
    assert next_state("completed", Action.recall) is None and ACTORS[Action.recall] == "editor"


def test_status_and_extension_rules() -> None:
    from services.briefing.domain import extension_refusal, next_review, status_of

    assert status_of("dismissed", D(2008, 11, 30), None, D(2009, 1, 1), sent=False) == "dismissed"  # never "overdue"
    # a task sent, then no longer to be done (kết thúc: `workflow.end`), is "ended", not a rejected proposal
    assert status_of("dismissed", D(2008, 11, 30), None, D(2009, 1, 1)) == "ended"
    assert status_of("recalled", D(2008, 11, 30), None, D(2009, 1, 1)) == "recalled"
    assert status_of("open", D(2008, 11, 30), None, D(2009, 1, 1)) == "overdue"
    assert status_of("open", D(2008, 11, 30), None, D(2009, 1, 1), sent=False) == "proposed"
    assert status_of("completed", D(2008, 11, 30), D(2008, 12, 5), D(2009, 1, 1)) == "completed_late"
    # QĐ 42/2014: an extension is asked on or before the deadline, for a later date
    assert extension_refusal(D(2008, 11, 30), D(2008, 11, 30), D(2008, 12, 15)) is None
    assert extension_refusal(D(2008, 11, 30), D(2008, 12, 1), D(2008, 12, 15)) == "deadline_passed"
    assert extension_refusal(D(2008, 11, 30), D(2008, 11, 1), D(2008, 11, 30)) == "not_later"
    assert extension_refusal(None, D(2008, 11, 1), D(2008, 11, 30)) == "no_deadline"
    # a task with no deadline nor recurrence is reviewed periodically
    assert next_review(None, None, D(2008, 10, 7), 30) == D(2008, 11, 6)
    assert next_review(D(2008, 11, 30), None, D(2008, 10, 7), 30) is None
    assert next_review(None, "hằng tháng", D(2008, 10, 7), 30) is None


def test_deadline_history_in_words() -> None:
    from services.briefing.domain import DeadlineChange, deadline_text

    changes = [DeadlineChange("extension", D(2008, 11, 30), D(2008, 12, 15), D(2008, 11, 20)),
               DeadlineChange("reassignment", D(2008, 12, 15), D(2009, 1, 31), D(2008, 12, 20), 5)]
    assert deadline_text(D(2008, 11, 30), changes) == ("30/11/2008; gia hạn đến 15/12/2008; giao lại đến 31/01/2009 "
                                                       "(đã quá hạn 5 ngày)")
    assert deadline_text(None, []) == "—"


def test_every_commune_and_ward_is_each_of_the_directory() -> None:
    """'UBND các xã, phường' names the kinds of place whose people's committees get the task, one each (play 324)."""
    from services.briefing.domain import every_local_body_kinds, is_local_body_of

    assert every_local_body_kinds("UBND các xã, phường") == ("xã", "phường")
    assert every_local_body_kinds("Ủy ban nhân dân các xã, phường, đặc khu trên địa bàn tỉnh") == ("xã", "phường",
                                                                                                   "đặc khu")
    assert every_local_body_kinds("Các sở, ngành") == () and every_local_body_kinds("UBND xã Hưng Lộc") == ()
    assert is_local_body_of("Ủy ban nhân dân phường Trường Vinh", ("xã", "phường"))
    assert not is_local_body_of("Ủy ban nhân dân tỉnh Nghệ An", ("xã", "phường"))
    assert not is_local_body_of("Ủy ban nhân dân huyện Thanh Chương", ("xã", "phường"))


def test_the_previous_conclusion_lists_the_tasks_it_carried_forward() -> None:
    """A conclusion notice that carries earlier tasks forward ("tiếp tục thực hiện nhiệm vụ tại Thông báo số …"):
    the next pack's "previous conclusion" lists them with the notice's own tasks (play 327)."""
    from dataclasses import replace

    tasks = [*TASKS, replace(fact("7", TN, D(2008, 12, 30), assigned=D(2008, 10, 14)), document_id="tb400")]
    alone = domain.assemble_pack(D(2008, 12, 8), D(2008, 10, 13), D(2008, 12, 22), D(2008, 12, 10),
                                 [XD, KH, TN, CA], tasks, DIRECTIVES, "tb400")
    carried = domain.assemble_pack(D(2008, 12, 8), D(2008, 10, 13), D(2008, 12, 22), D(2008, 12, 10),
                                   [XD, KH, TN, CA], tasks, DIRECTIVES, "tb400", frozenset({"2"}))
    assert [t.id for t in alone.previous_conclusion] == ["7"]
    assert sorted(t.id for t in carried.previous_conclusion) == ["2", "7"]


def test_carry_forward_wording_of_a_later_notice() -> None:
    """How a conclusion notice carries earlier work forward, in invented wording; a plan that merely 'implements' an
    earlier notice with new work does not."""
    from services.briefing.models import Task
    from services.briefing.queries import _carries

    cited = ["12/TB-UBND", "9/TB-UBND", "77/UBND-KT"]  # the numbers of the cited documents whose task is followed

    def said(sentence: str) -> bool:
        return _carries(Task(action=sentence, sentence=sentence), cited)

    assert said("Tiếp tục thực hiện nhiệm vụ tại Thông báo số 12/TB-UBND: giao Sở Công Thương hoàn thành trước 5/1.")
    assert said("Đề nghị Sở Tư pháp hoàn thành nhiệm vụ rà soát văn bản tại Thông báo số 9/TB-UBND đã quá hạn.")
    assert said("Sở Du lịch khẩn trương hoàn thành nhiệm vụ được giao tại Công văn số 77/UBND-KT.")
    assert said("Sở Xây dựng khẩn trương hoàn thành nhiệm vụ lập quy hoạch chung đô thị đã quá hạn.")  # names no paper
    # the paper it names must be the cited one: work given by another paper is not the unit's task there
    assert not said("Sở Nội vụ tiếp tục thực hiện các nhiệm vụ được giao theo Kết luận số 40-KL/TU, báo cáo trước "
                    "20/12.")
    assert not said("Sở Y tế tiếp tục thực hiện các nhiệm vụ theo Kế hoạch 55 của Bộ Y tế.")
    assert not said("Các sở tiếp tục thực hiện nhiệm vụ theo Chương trình công tác năm 2027.")
    assert not said("Tiếp tục thực hiện nhiệm vụ tại Thông báo số 112/TB-UBND.")  # not 12/TB-UBND
    # a duty to watch over others' overdue work is new work, not a task carried forward
    assert not said("Văn phòng UBND tỉnh theo dõi, đôn đốc các sở hoàn thành các nhiệm vụ đã quá hạn.")
    # "tiếp tục", "khẩn trương" alone say how to do work, not which: a new duty in a notice that cites an earlier one
    # is not the unit's task on it (the same work is `_same_work`'s to tell) — play 327's review
    assert not said("Tiếp theo Thông báo số 901/TB-UBND, Sở Y tế tiếp tục thực hiện kiểm tra an toàn thực phẩm dịp "
                    "Tết Nguyên đán.")
    assert not said("Sở Nội vụ khẩn trương hoàn thành việc sắp xếp biên chế, báo cáo trước ngày 20/12.")
    assert not said("Giao Sở Du lịch tiếp tục triển khai chương trình kích cầu du lịch nội địa.")
    assert not said("Thực hiện Thông báo số 12/TB-UBND, giao Sở Công Thương xây dựng kế hoạch bình ổn giá.")
    assert not said("Giao Sở Y tế giải quyết dứt điểm các hồ sơ đã quá hạn, hoàn thành trước ngày 30/12.")


def test_the_same_work_in_other_words() -> None:
    """A later notice names a followed task's work without "tiếp tục" (its clause after the colon read alone): the
    same work by its words; new work of the same department, or a task about something else, is not (play 327)."""
    from services.briefing.queries import _same_work

    followed = "chủ trì tổ chức tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao"
    assert _same_work("hoàn thành tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao", followed)
    assert not _same_work("kiểm tra việc bảo quản vắc xin tại các trạm y tế xã", followed)
    assert not _same_work("lập kế hoạch cải tạo, xây dựng lại các chung cư cũ nguy hiểm",
                          "kiểm tra, đánh giá an toàn các chung cư cũ trên địa bàn thành phố Vinh")


def test_the_review_queue_names_the_task_the_unit_is_doing() -> None:
    """The note on a proposal that carries a followed task forward reads naturally: "Sở Y tế đang thực hiện nhiệm vụ
    “…” (đang theo dõi)", not "Sở Y tế đang được theo dõi nhiệm vụ …" (play 327's review)."""
    from services.briefing.models import Task, TrackedDocument
    from services.briefing.queries import amendment_note

    cited = Task(action="xây dựng phương án cấp cứu ngoại viện", lead_name="Sở Y tế", deadline=D(2026, 12, 4),
                 document=TrackedDocument(document_id="a", number="101/TB-UBND", doc_type="Thông báo"))
    said = "Sở Y tế khẩn trương hoàn thành nhiệm vụ xây dựng phương án cấp cứu ngoại viện đã quá hạn."
    note = amendment_note(cited, Task(action=said, sentence=said, document=TrackedDocument(document_id="b")))
    assert note.startswith("Nhiệm vụ tiếp tục thực hiện: Sở Y tế đang thực hiện nhiệm vụ “xây dựng phương án cấp "
                           "cứu ngoại viện”, hạn 04/12/2026, tại Thông báo số 101/TB-UBND (đang theo dõi) — "), note
    assert "được theo dõi nhiệm vụ" not in note
