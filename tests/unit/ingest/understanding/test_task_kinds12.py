"""Kinds of missed deadlines and duties read from new real documents (issue 11, session 12, `rules12`): each kind
tested on invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.parsers import parse_document
from services.ingest.understanding import understand
from services.ingest.understanding.tasks import extract_tasks
from tests.fixtures.builders import make_docx


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- a unit heading with its duties on the same line: the item's next sentences go on with them -----------------------

def test_time_sentence_after_an_inline_unit_heading_governs_its_duties() -> None:
    text = ("3. Sở Văn hóa và Thể thao: rà soát các di tích xuống cấp; lập danh mục cần tu bổ. "
            "Thời gian hoàn thành trước ngày 15/4/2026.")
    assert _tasks(text) == [
        ("Sở Văn hóa và Thể thao", "rà soát các di tích xuống cấp", "2026-04-15"),
        ("Sở Văn hóa và Thể thao", "lập danh mục cần tu bổ", "2026-04-15"),
    ]


def test_time_sentence_inside_a_dashed_item_under_a_unit_heading() -> None:
    text = ("2. Ban Quản lý các khu công nghiệp:\n"
            "- Kiểm tra hệ thống xử lý nước thải tập trung. Hoàn thành trước ngày 30/5/2026.\n"
            "- Đôn đốc các doanh nghiệp đấu nối nước thải.")
    got = _tasks(text)
    assert got[0] == ("Ban Quản lý các khu công nghiệp", "Kiểm tra hệ thống xử lý nước thải tập trung", "2026-05-30")
    assert got[1][2] is None  # the next item states no time of its own


def test_second_sentence_of_an_item_under_a_unit_heading_is_a_duty_of_that_unit() -> None:
    text = ("1. Sở Công Thương: theo dõi sát diễn biến giá xăng dầu trên địa bàn. "
            "Kiểm tra việc niêm yết giá tại các cửa hàng bán lẻ.")
    assert [(lead, action) for lead, action, _ in _tasks(text)] == [
        ("Sở Công Thương", "theo dõi sát diễn biến giá xăng dầu trên địa bàn"),
        ("Sở Công Thương", "Kiểm tra việc niêm yết giá tại các cửa hàng bán lẻ"),
    ]


# -- a semicolon series closed by an item that only says when it is done -------------------------------------------

def test_series_closed_by_a_completion_item_shares_its_time_limit() -> None:
    text = ("Giao Sở Nội vụ rà soát vị trí việc làm của các đơn vị; đề xuất phương án bố trí biên chế; "
            "hoàn thành trước ngày 28/4/2026.")
    assert _tasks(text) == [
        ("Sở Nội vụ", "rà soát vị trí việc làm của các đơn vị", "2026-04-28"),
        ("Sở Nội vụ", "đề xuất phương án bố trí biên chế", "2026-04-28"),
    ]


def test_series_of_several_units_closed_by_a_completion_item_dates_every_unit() -> None:
    """Sở Tài chính: "the notice said 'Sở Tài chính thẩm định …; Sở Xây dựng hướng dẫn …; hoàn thành trước ngày …'
    and only Sở Xây dựng got the date; ours came with none." """
    text = ("Sở Lao động - Thương binh và Xã hội rà soát danh sách hộ nghèo; Sở Y tế cấp thẻ bảo hiểm y tế cho "
            "các hộ mới; hoàn thành trước ngày 20/5/2026.")
    assert _tasks(text) == [
        ("Sở Lao động - Thương binh và Xã hội", "rà soát danh sách hộ nghèo", "2026-05-20"),
        ("Sở Y tế", "cấp thẻ bảo hiểm y tế cho các hộ mới", "2026-05-20"),
    ]
    # a unit with a time of its own keeps it, and the closing time is then only the last unit's
    text = ("Sở Lao động - Thương binh và Xã hội rà soát danh sách hộ nghèo trước ngày 10/5/2026; Sở Y tế cấp thẻ bảo "
            "hiểm y tế cho các hộ mới; hoàn thành trước ngày 20/5/2026.")
    assert [d for _, _, d in _tasks(text)] == ["2026-05-10", "2026-05-20"]


def test_completion_item_with_its_own_words_is_trimmed_from_the_duty() -> None:
    text = ("Giao Sở Tư pháp rà soát các văn bản hết hiệu lực; lập danh mục đề nghị bãi bỏ; "
            "thời gian hoàn thành: chậm nhất ngày 05/5/2026.")
    assert [action for _, action, _ in _tasks(text)] == [
        "rà soát các văn bản hết hiệu lực", "lập danh mục đề nghị bãi bỏ"]
    assert {d for _, _, d in _tasks(text)} == {"2026-05-05"}


def test_a_report_due_last_does_not_date_the_duties_before_it() -> None:
    # the time belongs to the report only (the labelling convention): the series is not closed by a time item
    text = "Giao Sở Nội vụ rà soát vị trí việc làm; báo cáo UBND tỉnh trước ngày 28/4/2026."
    assert [d for _, _, d in _tasks(text)] == [None, "2026-04-28"]


# -- a time said between a unit and its verb, with no assigning word ------------------------------------------------

def test_time_between_subject_and_verb_without_assigning_word() -> None:
    text = ("1. Giao Sở Xây dựng kiểm tra các công trình.\n"
            "2. Sở Tài chính trước ngày 20/4/2026 gửi báo cáo quyết toán về UBND tỉnh.\n"
            "3. UBND các xã hằng tháng báo cáo tiến độ giải ngân.")
    got = [(t.lead, t.deadline, t.recurrence) for t in extract_tasks(text, "2026-03-02")]
    assert ("Sở Tài chính", "2026-04-20", None) in got
    assert ("UBND các xã", None, "hằng tháng") in got


# -- the next sentence names its own actor: its time limit is that actor's duty, not the duty before ----------------

def test_a_project_role_with_a_plain_verb_and_a_time_limit_is_its_own_task() -> None:
    text = ("UBND các huyện phê duyệt kết quả đo đạc địa chính. "
            "Đơn vị tư vấn bàn giao bản đồ số về Sở Nông nghiệp và Môi trường trước ngày 10/6/2026.")
    assert _tasks(text) == [
        ("UBND các huyện", "phê duyệt kết quả đo đạc địa chính", None),
        ("Đơn vị tư vấn", "bàn giao bản đồ số về Sở Nông nghiệp và Môi trường", "2026-06-10"),
    ]


def test_a_project_role_stating_a_principle_without_a_date_is_no_task() -> None:
    assert _tasks("Nhà đầu tư thực hiện dự án theo đúng quy hoạch được duyệt.") == []


# -- a time frame named by its activity, far from the duty that names that activity ---------------------------------

def test_time_frame_named_by_its_activity_dates_the_duty_naming_it() -> None:
    filler = "\n".join(f"- Nội dung tuyên truyền số {i}: giới thiệu gương người tốt việc tốt ở khu dân cư." for i in range(30))
    text = ("1. Thời gian\n- Thời gian quyên góp sách vở: trước ngày 20/8/2026.\n" + filler + "\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Ban Chấp hành Đoàn phường\n- Tổ chức quyên góp sách vở cho học sinh vùng lũ.\n"
            "- Tổng hợp kết quả chương trình.")
    got = _tasks(text, "2026-07-01")
    assert ("Ban Chấp hành Đoàn phường", "Tổ chức quyên góp sách vở cho học sinh vùng lũ", "2026-08-20") in got
    assert ("Ban Chấp hành Đoàn phường", "Tổng hợp kết quả chương trình", None) in got


# -- a factored list of corporations: each name runs over its lower-case words -------------------------------------

def test_factored_corporations_keep_their_whole_names() -> None:
    text = ("Đề nghị các Tập đoàn: Điện lực Việt Nam, Dầu khí Quốc gia Việt Nam khẩn trương rà soát các dự án "
            "nguồn điện, hoàn thành trong tháng 9 năm 2026.")
    [task] = extract_tasks(text, "2026-03-02")
    assert task.lead == "các Tập đoàn: Điện lực Việt Nam, Dầu khí Quốc gia Việt Nam"
    assert task.action == "khẩn trương rà soát các dự án nguồn điện"
    assert task.deadline == "2026-09-30"


def test_factored_corporations_stop_at_the_verb() -> None:
    [task] = extract_tasks("Giao các Tổng công ty: Điện lực miền Bắc, Điện lực miền Nam tổ chức kiểm tra lưới điện.",
                           "2026-03-02")
    assert task.lead == "các Tổng công ty: Điện lực miền Bắc, Điện lực miền Nam"
    assert task.action == "tổ chức kiểm tra lưới điện"


# -- a real DOCX task table whose "Nội dung" cell holds several paragraphs ------------------------------------------

def test_docx_task_table_with_multi_paragraph_cells_keeps_every_row_and_its_time() -> None:
    table = [
        ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
        ["1", "Rà soát hệ thống đèn tín hiệu giao thông.\nThay thế các cột đèn hư hỏng.", "Sở Xây dựng",
         "Công an tỉnh", "Quý III/2026"],
        ["2", "Kiểm tra tải trọng xe trên các tuyến tỉnh lộ", "Công an tỉnh", "Sở Xây dựng", "Tháng 8/2026"],
        ["3", "Tuyên truyền an toàn giao thông trong trường học.\nTổ chức cuộc thi vẽ tranh.",
         "Sở Giáo dục và Đào tạo", "UBND các xã", "Năm 2026"],
    ]
    data = make_docx(["KẾ HOẠCH", "Bảo đảm trật tự an toàn giao thông năm 2026", "III. NHIỆM VỤ CỤ THỂ", table])
    info = understand(parse_document(data, "ke-hoach.docx").text)
    got = {(t.lead, t.deadline) for t in info.tasks}
    assert {("Sở Xây dựng", "2026-09-30"), ("Công an tỉnh", "2026-08-31"),
            ("Sở Giáo dục và Đào tạo", "2026-12-31")} <= got


def test_upper_case_section_heading_is_not_wrapped_into_the_assignment_after_it() -> None:
    # short lines (a DOCX's cells and headings) make the usual line length small: the heading looked like a wrap
    short = "\n".join(["TT", "Nội dung", "Chủ trì", "Thời gian", "1", "Vẽ bản đồ", "Sở Xây dựng", "Năm 2026"])
    text = short + "\n\nIV. TỔ CHỨC THỰC HIỆN\nGiao Sở Tư pháp theo dõi, đôn đốc thực hiện Kế hoạch này."
    assert ("Sở Tư pháp", "theo dõi, đôn đốc thực hiện Kế hoạch này", None) in _tasks(text)


# -- a decision that issues a regulation: the regulation's standing competences are no tasks ---------------------

_DECISION = """QUYẾT ĐỊNH
Ban hành Quy định về quản lý các điểm truy cập Internet công cộng trên địa bàn tỉnh
ỦY BAN NHÂN DÂN TỈNH
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo quyết định này “Quy định về quản lý các điểm truy cập Internet công cộng trên địa bàn tỉnh”.
Điều 2. Giao Sở Khoa học và Công nghệ hướng dẫn, kiểm tra việc thực hiện Quyết định này.

QUY ĐỊNH
Về quản lý các điểm truy cập Internet công cộng
Điều 5. Trách nhiệm của các cơ quan
1. Công an tỉnh kiểm tra, xử lý các hành vi vi phạm tại các điểm truy cập.
2. Ủy ban nhân dân cấp xã thống kê các điểm truy cập trên địa bàn.
"""


def test_regulation_issued_in_quotes_and_lower_case_is_not_read_for_tasks() -> None:
    assert [lead for lead, _, _ in _tasks(_DECISION)] == ["Sở Khoa học và Công nghệ"]


def test_decision_titled_quy_dinh_still_gives_its_own_articles() -> None:
    text = ("QUYẾT ĐỊNH\nQUY ĐỊNH VỀ PHÒNG CHỐNG CHÁY RỪNG TRÊN ĐỊA BÀN TỈNH\nBan hành kèm theo Quyết định này "
            "“Quy định về phòng chống cháy rừng”.\nQUYẾT ĐỊNH:\nĐiều 3. Giao Sở Nông nghiệp và Môi trường hướng dẫn, "
            "kiểm tra việc thực hiện quy định về phòng chống cháy rừng.")
    assert [lead for lead, _, _ in _tasks(text)] == ["Sở Nông nghiệp và Môi trường"]


def test_next_sentence_opening_a_series_keeps_its_date_for_its_own_duty() -> None:
    text = ("1. Giao Sở Tài chính rà soát các khoản thu ngân sách được giao. Xây dựng phương án điều hành thu "
            "từ nay đến hết năm 2026; đề xuất giải pháp chống thất thu.")
    assert _tasks(text) == [
        ("Sở Tài chính", "rà soát các khoản thu ngân sách được giao", None),
        ("Sở Tài chính", "Xây dựng phương án điều hành thu", "2026-12-31"),
        ("Sở Tài chính", "đề xuất giải pháp chống thất thu", None),
    ]


def test_next_sentence_that_only_asks_for_completion_still_dates_the_duty_before() -> None:
    text = "Giao Sở Y tế kiểm tra các cơ sở dược. Yêu cầu hoàn thành, gửi báo cáo trước ngày 28/4/2026."
    assert _tasks(text) == [("Sở Y tế", "kiểm tra các cơ sở dược", "2026-04-28")]
