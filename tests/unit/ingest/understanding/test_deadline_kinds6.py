"""Deadlines by kind (issue 11, deadlines on unseen text): each kind tested on invented wording, never on a line of
the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.deadlines import find_deadline, time_cell_at
from services.ingest.understanding.tasks import extract_tasks


def _deadlines(text: str, issued: str | None = "2025-03-10") -> list[tuple[str, str | None]]:
    return [(t.lead, t.deadline) for t in extract_tasks(text, issued)]


# -- a task table whose rows leave cells empty: the time is the cell that reads as a time ---------------------------

_TABLE = """PHỤ LỤC

NHIỆM VỤ CỦA CÁC CƠ QUAN

TT

Nội dung công việc

Cơ quan chủ trì

Cơ quan phối hợp

Thời gian hoàn thành

Sản phẩm

Kinh phí

1

Rà soát danh mục thủ tục hành chính về đất đai trên địa bàn tỉnh.

Sở Nông nghiệp và Môi trường

Các sở, ngành, UBND cấp xã

Quý III/2026

Báo cáo rà soát

Ngân sách tỉnh

2

Xây dựng phần mềm quản lý hồ sơ địa chính dùng chung.

Trung tâm Công nghệ thông tin tỉnh

Sở Tài chính

Năm 2026 - 2027

Phần mềm

3

Đào tạo cán bộ cấp xã sử dụng phần mềm quản lý hồ sơ.

Sở Nội vụ

Các sở, ngành

Quý I/2027

Lớp tập huấn
"""


def test_a_table_row_without_its_last_cells_keeps_its_time() -> None:
    got = _deadlines(_TABLE)
    assert ("Trung tâm Công nghệ thông tin tỉnh", "2027-12-31") in got
    assert ("Sở Nội vụ", "2027-03-31") in got
    assert ("Sở Nông nghiệp và Môi trường", "2026-09-30") in got


@pytest.mark.parametrize(("cells", "at"), [
    (["Sở Tài chính", "Quý II/2026", "Báo cáo"], 1),
    (["Sở Tài chính", "Báo cáo", "Năm 2026"], 2),
    (["Sở Tài chính", "Năm 2025 - 2026", "Nghị quyết", "Thường xuyên"], 3),  # a time last: the row ends with it
    (["Sở Tài chính", "Báo cáo", "Ngân sách tỉnh"], None),
    ([], None),
])
def test_the_time_cell_of_a_row(cells: list[str], at: int | None) -> None:
    assert time_cell_at(cells) == at


# -- a time frame stated as an item of its own before the assignments governs them ---------------------------------

@pytest.mark.parametrize("head", ["Thời gian lấy ý kiến", "Thời gian thực hiện", "Thời hạn hoàn thành"])
def test_a_time_frame_line_before_the_assignments_holds_for_them(head: str) -> None:
    text = (f"THÔNG BÁO\n1. {head}: từ ngày 02/6/2025 đến ngày 25/6/2025.\n2. Giao:\n"
            "- Phòng Tư pháp huyện tiếp nhận, tổng hợp các ý kiến góp ý của nhân dân.\n"
            "- UBND các xã niêm yết công khai dự thảo tại trụ sở và nhà văn hóa các thôn.")
    assert _deadlines(text) == [("Phòng Tư pháp huyện", "2025-06-25"), ("UBND các xã", "2025-06-25")]


def test_a_duty_with_its_own_time_keeps_it_under_a_time_frame() -> None:
    text = ("1. Thời gian thực hiện: từ ngày 02/6/2025 đến ngày 25/6/2025.\n2. Giao:\n"
            "- Phòng Tư pháp huyện tổng hợp các ý kiến góp ý, báo cáo trước ngày 28/6/2025.\n"
            "- UBND các xã niêm yết công khai dự thảo tại trụ sở.")
    assert _deadlines(text) == [("Phòng Tư pháp huyện", "2025-06-28"), ("UBND các xã", "2025-06-25")]


def test_a_duty_that_names_the_time_frame_again_runs_in_it() -> None:
    text = ("1. Thời gian góp ý: từ ngày 02/6/2025 đến ngày 25/6/2025.\n"
            "2. Trong thời gian góp ý nêu trên, các phòng, ban chuyên môn huyện gửi ý kiến bằng văn bản về Phòng Tư "
            "pháp huyện để tổng hợp.")
    got = extract_tasks(text, "2025-05-30")
    assert [(t.deadline, t.deadline_text) for t in got] == [("2025-06-25", "Trong thời gian góp ý nêu trên")]


@pytest.mark.parametrize("line", [
    "c) Thời hạn trình phê duyệt: trước ngày 15 tháng 8",  # no year: a standing rule of a regulation, every year
    "Thời hạn nộp báo cáo: trước ngày 20/12/2024. Tuy nhiên đến nay nhiều đơn vị vẫn chưa nộp.",  # a report
])
def test_a_time_line_that_is_a_rule_or_a_report_governs_nothing(line: str) -> None:
    text = f"{line}\nGiao Sở Nội vụ đôn đốc các đơn vị nộp báo cáo đúng quy định."
    assert _deadlines(text, "2025-01-06") == [("Sở Nội vụ", None)]


# -- the time of the plan or event itself, said after the duties, holds for every duty just listed -----------------

@pytest.mark.parametrize("closing", [
    "Kế hoạch được thực hiện từ ngày 01/9/2025 đến hết ngày 30/9/2025.",
    "Hội thi diễn ra từ ngày 20/9/2025 đến ngày 30/9/2025.",
    "Đợt cao điểm được triển khai từ ngày 01/9 đến ngày 30/9/2025.",
])
def test_the_plan_time_after_the_duties_holds_for_all(closing: str) -> None:
    text = ("Phòng Văn hóa huyện chủ trì xây dựng thể lệ, UBND các xã cử đội tham gia và bố trí kinh phí. " + closing)
    got = _deadlines(text)
    assert len(got) >= 2 and all(d == "2025-09-30" for _, d in got)


# -- "Hoàn thành trước ngày …" as a paragraph of its own is the time limit of the duty just assigned ----------------

@pytest.mark.parametrize("after", ["Hoàn thành trước ngày 30/6/2025.", "Xong trước ngày 30/6/2025.",
                                   "Hoàn thành chậm nhất ngày 30/6/2025."])
def test_a_completion_paragraph_is_the_time_limit_not_a_duty(after: str) -> None:
    text = f"Giao Sở Tài chính rà soát nguồn vốn đầu tư công còn lại.\n{after}"
    assert _deadlines(text) == [("Sở Tài chính", "2025-06-30")]


# -- a year naming the plan a duty comments on is not its deadline ---------------------------------------------------

@pytest.mark.parametrize("duty", [
    "Giao UBND các xã cho ý kiến bằng văn bản đối với Kế hoạch sử dụng đất năm 2026 của huyện.",
    "Giao Phòng Tài chính huyện lấy ý kiến các xã về dự toán ngân sách năm 2026.",
])
def test_the_year_of_a_plan_commented_on_is_no_deadline(duty: str) -> None:
    assert [d for _, d in _deadlines(duty)] == [None]


# -- a time said between the unit and its verb is the duty's time, not part of the unit's name ----------------------

@pytest.mark.parametrize(("text", "iso", "recurrence"), [
    ("Đề nghị Sở Tư pháp trước ngày 12/5/2025 gửi dự thảo về Văn phòng UBND tỉnh.", "2025-05-12", None),
    ("Đề nghị Sở Tư pháp trước 16 giờ ngày 12/5/2025 gửi dự thảo về Văn phòng UBND tỉnh.", "2025-05-12", None),
    ("Giao Sở Tư pháp chậm nhất ngày 12/5/2025 gửi dự thảo về Văn phòng UBND tỉnh.", "2025-05-12", None),
    ("Giao Sở Tư pháp hằng quý tổng hợp kết quả gửi Văn phòng UBND tỉnh.", None, "hằng quý"),
])
def test_a_time_before_the_verb_belongs_to_the_duty(text: str, iso: str | None, recurrence: str | None) -> None:
    got = extract_tasks(text, "2025-03-10")
    assert [(t.lead, t.deadline, t.recurrence) for t in got] == [("Sở Tư pháp", iso, recurrence)]
    assert not got[0].action.startswith(("trước", "chậm"))


def test_a_unit_described_up_to_its_verb_is_still_one_name() -> None:
    got = extract_tasks("Giao các doanh nghiệp kinh doanh xăng dầu thực hiện nghiêm việc niêm yết giá.", "2025-03-10")
    assert [t.lead for t in got] == ["các doanh nghiệp kinh doanh xăng dầu"]


# -- a time-limit word says what the date is: no cue word needed -----------------------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("Thời hạn hoàn thành là ngày 15/8/2025.", "2025-08-15"),
    ("Hạn cuối là ngày 15/8/2025.", "2025-08-15"),
    ("Thời hạn: 15/8/2025", "2025-08-15"),
    ("Thời gian thực hiện: tháng 8/2025.", "2025-08-31"),
    ("thời hạn nộp hồ sơ là ngày 15/8/2025", "2025-08-15"),
])
def test_a_time_limit_word_gives_the_date(text: str, iso: str) -> None:
    found = find_deadline(text, "2025-03-10")
    assert found is not None and found.date == iso


@pytest.mark.parametrize("text", ["thời hạn là 30 ngày", "Thời gian thực hiện: 30 ngày kể từ ngày ký"])
def test_a_time_limit_word_with_a_length_gives_no_date(text: str) -> None:
    found = find_deadline(text, "2025-03-10")
    assert found is None or found.date is None


# -- a sentence that only gives a time limit holds for every duty of the sentence before ----------------------------

@pytest.mark.parametrize("after", ["Yêu cầu hoàn thành trước ngày 15/8/2025.", "Tất cả phải xong trước ngày 15/8/2025.",
                                   "Hạn cuối là ngày 15/8/2025.", "Thời gian thực hiện: tháng 8/2025."])
def test_a_bare_time_limit_after_a_series_holds_for_all(after: str) -> None:
    text = ("UBND tỉnh giao Sở Giao thông vận tải rà soát các điểm đen tai nạn giao thông; Công an tỉnh tăng cường "
            "tuần tra kiểm soát trên các tuyến quốc lộ. " + after)
    got = _deadlines(text)
    assert [lead for lead, _ in got] == ["Sở Giao thông vận tải", "Công an tỉnh"]
    assert {d for _, d in got} == {"2025-08-15" if "15/8" in after else "2025-08-31"}


def test_a_time_limit_of_one_named_duty_stays_with_the_last() -> None:
    text = ("UBND tỉnh giao Sở Giao thông vận tải rà soát các điểm đen tai nạn giao thông; Công an tỉnh tăng cường "
            "tuần tra kiểm soát trên các tuyến quốc lộ. Kết quả tuần tra báo cáo về UBND tỉnh trước ngày 15/8/2025.")
    got = _deadlines(text)
    assert got[0] == ("Sở Giao thông vận tải", None)


# -- an event's deadline keeps its phrase and no date ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "phrase"), [
    ("Giao Sở Nội vụ hoàn thiện hồ sơ trước khi trình Thường trực HĐND tỉnh cho ý kiến.",
     "trước khi trình Thường trực HĐND tỉnh cho ý kiến"),
    ("Giao Sở Nội vụ báo cáo UBND tỉnh trước kỳ họp cuối năm của HĐND tỉnh.", "trước kỳ họp cuối năm của HĐND tỉnh"),
    ("Giao Sở Công Thương bảo đảm nguồn hàng trước Tết Nguyên đán.", "trước Tết Nguyên đán"),
    ("Giao Sở Xây dựng gia cố các công trình trước mùa mưa bão năm 2026.", "trước mùa mưa bão năm 2026"),
    ("Giao Sở Giáo dục và Đào tạo sửa chữa phòng học trước khai giảng năm học mới.",
     "trước khai giảng năm học mới"),
])
def test_an_event_deadline_keeps_its_phrase_without_a_date(text: str, phrase: str) -> None:
    got = extract_tasks(text, "2026-03-10")
    assert [(t.deadline, t.deadline_text) for t in got] == [(None, phrase)]


# -- "muộn nhất" is "chậm nhất"; "(hoàn thành) trước tháng 9" ends with August -------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("hoàn thành muộn nhất ngày 15/8/2025", "2025-08-15"),
    ("hoàn thành trước tháng 9/2025", "2025-08-31"),
    ("trước tháng 9/2025", "2025-08-31"),
    ("hoàn thành trước năm 2026", "2025-12-31"),
    ("trình UBND tỉnh trong ngày 15/8/2025", "2025-08-15"),  # done within that day
    ("trình UBND tỉnh ngay trong ngày 15/8/2025", "2025-08-15"),
    ("triển khai thực hiện từ năm 2025 đến năm 2027", "2027-12-31"),  # a window of years ends with its last
    ("triển khai thực hiện từ tháng 3/2025 đến tháng 6/2025", "2025-06-30"),
])
def test_latest_and_before_a_period(text: str, iso: str) -> None:
    found = find_deadline(text, "2025-03-10")
    assert found is not None and found.date == iso


# -- a paragraph that sets stages after the duties: they are done when the last stage is ----------------------------

def test_stages_after_the_duties_end_with_the_last() -> None:
    text = ("Ban Thường vụ giao Hội Cựu chiến binh tỉnh chuẩn bị tốt nội dung, nhân sự đại hội.\n"
            "Đại hội cấp cơ sở hoàn thành trong quý II năm 2026 và đại hội cấp tỉnh hoàn thành trong quý III năm 2026.")
    assert _deadlines(text, "2026-01-15") == [("Hội Cựu chiến binh tỉnh", "2026-09-30")]


def test_one_time_after_the_duties_is_kept() -> None:
    text = ("Ban Thường vụ giao Hội Cựu chiến binh tỉnh chuẩn bị tốt nội dung, nhân sự đại hội.\n"
            "Đại hội cấp tỉnh hoàn thành trong quý III năm 2026.")
    assert _deadlines(text, "2026-01-15") == [("Hội Cựu chiến binh tỉnh", "2026-09-30")]


# -- a short passage about one piece of work: its time frame holds for the duty that carries it out ------------------

def test_the_time_frame_of_the_work_said_before_holds_for_its_duty() -> None:
    text = ("Dự án cải tạo chợ trung tâm xã An Phú do UBND xã làm chủ đầu tư, vốn ngân sách huyện hỗ trợ, thời gian "
            "thực hiện trong năm 2026 - 2027.\nChủ tịch UBND huyện giao UBND xã An Phú phối hợp với các đơn vị liên quan "
            "tổ chức triển khai thực hiện theo quy định.")
    assert _deadlines(text, "2026-02-02") == [("UBND xã An Phú", "2027-12-31")]



# -- a duty done "trong" a campaign named earlier with its window runs to the window's end --------------------------

@pytest.mark.parametrize("head", ["Tháng hành động vì an toàn thực phẩm", "Chiến dịch tiêm chủng mùa hè"])
def test_a_duty_in_a_campaign_runs_to_its_window(head: str) -> None:
    text = (f"UBND tỉnh ban hành Kế hoạch triển khai {head} năm 2026 (từ ngày 15/4/2026 - 15/5/2026).\n"
            f"UBND tỉnh giao Sở Y tế phối hợp với Đài Phát thanh và Truyền hình tỉnh tuyên truyền trên các phương tiện "
            f"thông tin đại chúng trong {head} năm 2026.")
    assert _deadlines(text, "2026-04-01") == [("Sở Y tế", "2026-05-15")]


def test_a_duty_about_a_campaign_not_done_in_it_gets_no_window() -> None:
    text = ("UBND tỉnh ban hành Kế hoạch triển khai Tháng hành động vì an toàn thực phẩm năm 2026 (từ ngày 15/4/2026 - "
            "15/5/2026).\nUBND tỉnh giao Sở Y tế hướng dẫn các huyện xây dựng kế hoạch tổ chức Tháng hành động vì an "
            "toàn thực phẩm.")
    assert _deadlines(text, "2026-04-01") == [("Sở Y tế", None)]


# -- ", trong đó Sở B … trước ngày …": the deadline belongs to the part given to one of the two units ---------------

@pytest.mark.parametrize("joint", ["trong đó", "trong đó,"])
def test_a_deadline_of_one_units_part_is_that_units(joint: str) -> None:
    text = (f"Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát nhu cầu mua sắm trang thiết bị y tế, {joint} "
            "Sở Tài chính thẩm định nguồn kinh phí trước ngày 20/5/2026.")
    got = extract_tasks(text, "2026-03-10")
    assert [(t.lead, t.deadline) for t in got] == [("Sở Y tế", None), ("Sở Tài chính", "2026-05-20")]
    assert got[1].action == "thẩm định nguồn kinh phí"


def test_in_which_without_a_unit_is_part_of_the_duty() -> None:
    text = ("Giao Sở Y tế rà soát nhu cầu mua sắm trang thiết bị y tế, trong đó ưu tiên tuyến xã, hoàn thành trước ngày "
            "20/5/2026.")
    assert _deadlines(text, "2026-03-10") == [("Sở Y tế", "2026-05-20")]


def test_a_window_of_years_already_past_is_the_period_looked_into() -> None:
    found = find_deadline("thanh tra việc chấp hành pháp luật từ năm 2020 đến năm 2024", "2025-03-10")
    assert found is None or found.date is None
