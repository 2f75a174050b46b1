"""Deadlines by kind, rules17 (issue 11, whole documents): a year inside the purpose of a duty, the year of figures or an
inventory, the half-year a report is about, a day typed with the letter l, a closing time sentence after a wrapped
line or in a long document. Invented wording, never a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.deadlines import find_deadline
from services.ingest.understanding.tasks import extract_tasks


def test_a_year_in_the_purpose_after_the_duty_is_not_its_time_limit() -> None:
    assert find_deadline("Ban Quản lý dự án khẩn trương lập và hoàn thiện hồ sơ mời thầu các gói thầu còn lại, đưa các "
                         "công trình vào sử dụng, bảo đảm tăng tỷ lệ giải ngân vốn đầu tư công năm 2026 của huyện",
                         "2026-05-04") is None
    assert find_deadline("lập dự toán đầy đủ các khoản chi, có thuyết minh rõ ràng làm căn cứ phân bổ dự toán ngân sách "
                         "năm 2027", "2026-07-01") is None
    # the duty itself, or a purpose that finishes the work, keeps the year
    assert find_deadline("bảo đảm thu ngân sách năm 2026", "2026-05-04").date == "2026-12-31"
    assert find_deadline("triển khai đồng bộ các giải pháp để hoàn thành kế hoạch năm 2026", "2026-05-04").date == \
        "2026-12-31"
    assert find_deadline("Hoàn thành vượt mức các chỉ tiêu đề ra nhằm góp phần phát triển kinh tế - xã hội năm 2026",
                         "2026-05-04").date == "2026-12-31"


def test_the_year_of_figures_or_an_inventory_is_the_period_they_describe() -> None:
    assert find_deadline("tổng hợp số liệu kiểm kê rừng năm 2026 của các xã, gửi Sở Nông nghiệp và Môi trường",
                         "2026-05-04") is None
    assert find_deadline("lập bản đồ hiện trạng sử dụng đất năm 2026 của huyện", "2026-05-04") is None
    # a dated cue still gives the time limit of the same work
    assert find_deadline("tổng hợp số liệu kiểm kê rừng năm 2026, gửi về Sở trước ngày 15/01/2027",
                         "2026-05-04").date == "2027-01-15"


def test_the_half_year_a_report_is_about_is_not_its_time_limit() -> None:
    assert find_deadline("báo cáo tình hình vệ sinh an toàn thực phẩm trên địa bàn 6 tháng đầu năm 2026",
                         "2026-05-04") is None
    # nor is the year of that half-year (or of "9 tháng năm …") a time limit of its own
    assert find_deadline("lập báo cáo quyết toán 9 tháng năm 2026 của đơn vị", "2026-05-04") is None
    assert find_deadline("hoàn thành việc cấp giấy chứng nhận trong 6 tháng đầu năm 2026", "2026-05-04").date == \
        "2026-06-30"


def test_a_day_typed_with_the_letter_l_reads_as_one() -> None:
    dl = find_deadline("các phòng gửi báo cáo về Văn phòng trước ngày l5 tháng 3 năm 2026.", "2026-02-02")
    assert dl is not None and dl.date == "2026-03-15"
    assert dl.text == "trước ngày l5 tháng 3 năm 2026"  # the phrase as written
    assert find_deadline("nộp hồ sơ trước ngày l0/4/2026", "2026-02-02").date == "2026-04-10"
    assert find_deadline("ngày lễ 30/4 và 1/5", "2026-02-02") is None  # a word, not a digit


def test_a_closing_time_sentence_wrapped_over_two_lines_with_its_purpose_after_it() -> None:
    got = extract_tasks(
        "Phòng Tài chính - Kế hoạch đề nghị Phòng Giáo dục và Đào tạo, Phòng Y tế báo cáo kết quả giao dự toán\n"
        "năm 2026 cho các đơn vị trực thuộc.\n\n"
        "Báo cáo và quyết định giao dự toán của các đơn vị gửi về Phòng Tài chính - Kế hoạch bằng văn bản và bản\n"
        "điện tử. Thời hạn trước ngày l5 tháng 02 năm\n"
        "2026 để tổng hợp báo cáo Chủ tịch UBND huyện.\n", "2026-01-20")
    assert got and got[0].deadline == "2026-02-15"


def test_a_closing_time_sentence_in_a_long_document_is_the_time_of_the_duty_just_before_it() -> None:
    filler = ("Năm qua, công tác cải cách hành chính của huyện có nhiều chuyển biến, thủ tục được rút gọn, người dân "
              "hài lòng hơn với sự phục vụ của các cơ quan. ") * 20
    text = (filler + "\n\nUBND huyện giao Phòng Nội vụ rà soát, thống kê các thủ tục hành chính còn chồng chéo.\n\n" +
            filler + "\n\nUBND huyện đề nghị Phòng Tư pháp tổng hợp ý kiến góp ý dự thảo quy chế phối hợp của các xã. "
            "Thời gian trước ngày 20/6/2026.\n")
    assert len(text) > 3000
    got = {t.lead: t.deadline for t in extract_tasks(text, "2026-05-04")}
    assert got["Phòng Tư pháp"] == "2026-06-20"
    assert got["Phòng Nội vụ"] is None  # far above, another duty: not its time


def test_an_event_deadline_whose_day_is_given_in_brackets_is_that_day() -> None:
    dl = find_deadline("Lễ ra quân cần được tổ chức trước hoặc trong ngày khai mạc Tuần lễ (ngày 15/5/2026).", "2026-05-04")
    assert dl is not None and dl.date == "2026-05-15"
    assert dl.text == "trước hoặc trong ngày khai mạc Tuần lễ (ngày 15/5/2026)"
    assert find_deadline("hoàn thành sửa chữa phòng học trước Lễ khai giảng năm học mới (ngày 05/9/2026)",
                         "2026-05-04").date == "2026-09-05"
    # with no bracketed day the event keeps its words and no date; a bracketed date of a cited paper is no deadline
    no_day = find_deadline("hoàn thành sửa chữa phòng học trước khai giảng năm học mới", "2026-05-04")
    assert no_day is not None and no_day.date is None
    assert find_deadline("Thực hiện Quyết định của UBND tỉnh (ngày 05/3/2026) về phòng cháy", "2026-05-04") is None


def test_a_bare_year_in_the_sentence_or_paragraph_after_a_duty_is_not_its_time_limit() -> None:
    same_line = extract_tasks("Chủ tịch UBND huyện yêu cầu Phòng Nông nghiệp hướng dẫn bà con gieo cấy đúng lịch thời vụ. "
                              "Năm 2026 cũng là năm đầu tiên huyện thực hiện chương trình nông thôn mới nâng cao.",
                              "2026-03-02")
    assert same_line and same_line[0].deadline is None
    next_paragraph = extract_tasks("Thường trực HĐND huyện đề nghị UBND huyện tiếp tục chỉ đạo giải quyết dứt điểm các kiến "
                                   "nghị của cử tri.\nThường trực HĐND huyện cũng đã cho ý kiến vào dự thảo Chương trình "
                                   "giám sát năm 2026 của HĐND huyện.", "2026-03-02")
    assert next_paragraph and next_paragraph[0].deadline is None
    # a real time limit in the next sentence still closes the duty
    dated = extract_tasks("UBND huyện giao Phòng Nông nghiệp rà soát diện tích lúa bị thiệt hại. Yêu cầu hoàn thành "
                          "trước ngày 15/3/2026.", "2026-03-02")
    assert dated and dated[0].deadline == "2026-03-15"
