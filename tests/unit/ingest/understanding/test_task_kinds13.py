"""Kinds of missed deadlines and units read from new whole documents (issue 11, session 13, `rules13`): each kind
tested on invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding import understand
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- "Báo cáo của các cơ quan, đơn vị gửi về … trước ngày …" after what each unit must report ---------------------------

def test_time_for_the_reports_of_all_units_dates_each_report_just_asked_for() -> None:
    text = ("Văn phòng UBND tỉnh đề nghị các đơn vị báo cáo các nội dung sau:\n"
            "1. Sở Xây dựng báo cáo tiến độ cấp phép xây dựng nhà ở xã hội.\n"
            "2. Sở Tài chính báo cáo tình hình bố trí vốn cho các dự án nhà ở xã hội.\n"
            "Báo cáo của các đơn vị gửi về UBND tỉnh trước ngày 20/3/2026 để tổng hợp.")
    got = _tasks(text)
    assert [(lead, dl) for lead, _, dl in got] == [("Sở Xây dựng", "2026-03-20"), ("Sở Tài chính", "2026-03-20")]


def test_reports_of_all_units_is_no_task_of_a_collective() -> None:
    text = ("1. Sở Y tế báo cáo số ca mắc sốt xuất huyết trong quý I.\n"
            "2. Sở Giáo dục và Đào tạo báo cáo công tác vệ sinh trường học.\n"
            "Báo cáo của các cơ quan nêu trên phải gửi về Văn phòng UBND tỉnh chậm nhất ngày 05/4/2026.")
    got = _tasks(text)
    assert {lead for lead, _, _ in got} == {"Sở Y tế", "Sở Giáo dục và Đào tạo"}
    assert all(dl == "2026-04-05" for _, _, dl in got)


def test_reports_of_all_units_leaves_a_duty_that_is_not_a_report() -> None:
    text = ("1. Sở Nội vụ rà soát biên chế các đơn vị sự nghiệp.\n"
            "2. Sở Tài chính báo cáo dự toán kinh phí tinh giản.\n"
            "Báo cáo của các đơn vị gửi về UBND tỉnh trước ngày 10/4/2026.")
    got = dict((lead, dl) for lead, _, dl in _tasks(text))
    assert got.get("Sở Nội vụ") is None  # the review is no report: the reports' time is not its own
    assert "Sở Tài chính" in got


# -- "các Sở, cơ quan trực thuộc UBND tỉnh": the body they belong to ends the unit's name -----------------------------

def test_units_under_the_provincial_committee_keep_it_in_their_name() -> None:
    info = understand("Sở Tài chính đề nghị Thủ trưởng các Sở, cơ quan trực thuộc UBND tỉnh, Chủ tịch UBND các huyện "
                      "rà soát danh mục tài sản công dôi dư.")
    assert [t.lead for t in info.tasks] == ["Thủ trưởng các Sở, cơ quan trực thuộc UBND tỉnh, Chủ tịch UBND các huyện"]
    assert info.tasks[0].action == "rà soát danh mục tài sản công dôi dư"


def test_owner_of_the_units_is_not_routed_a_task() -> None:
    info = understand("Đề nghị Giám đốc các đơn vị trực thuộc Ủy ban nhân dân tỉnh kiểm kê tài sản trước ngày 30/6/2026.")
    t = info.tasks[0]
    assert t.lead == "Giám đốc các đơn vị trực thuộc Ủy ban nhân dân tỉnh"
    assert t.deadline == "2026-06-30"
    assert "Ủy ban nhân dân tỉnh" not in t.lead_units  # the committee the units belong to is not told to act


# -- a council's supervision programme: what the council itself will examine is no unit's duty -------------------------

def test_council_supervision_agenda_gives_no_tasks_but_its_assignments_do() -> None:
    text = ("Điều 1. Chương trình giám sát năm 2027 của Hội đồng nhân dân huyện gồm các nội dung sau:\n"
            "1. Hội đồng nhân dân huyện giám sát tại các kỳ họp:\n"
            "a) Xem xét báo cáo của Ủy ban nhân dân huyện về thu, chi ngân sách;\n"
            "b) Giám sát hoạt động của Tòa án nhân dân huyện theo quy định.\n"
            "2. Giám sát chuyên đề:\n"
            "- Giám sát việc cấp giấy chứng nhận quyền sử dụng đất trên địa bàn huyện.\n"
            "Điều 2. Giao Thường trực Hội đồng nhân dân huyện xây dựng kế hoạch thực hiện Chương trình giám sát.")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Thường trực Hội đồng nhân dân huyện"]
    assert not any("giám sát tại" in lead for lead, _, _ in got)  # the heading's words are no unit


def test_unit_heading_that_is_no_council_agenda_still_heads_its_duties() -> None:
    text = ("1. Ủy ban nhân dân huyện:\n"
            "- Giám sát việc thu hồi đất tại dự án khu dân cư mới.\n"
            "- Báo cáo kết quả trước ngày 30/9/2026.")
    assert [lead for lead, _, _ in _tasks(text)][:1] == ["Ủy ban nhân dân huyện"]


# -- a room written in lower case before its abbreviation ("phối hợp với phòng CNTT") ----------------------------------

def test_lower_case_room_with_its_abbreviation_is_a_whole_support_unit() -> None:
    info = understand("Giao Trung tâm Hội nghị tỉnh chủ trì, phối hợp với phòng QTTB chuẩn bị hội trường trước ngày "
                      "10/3/2026.")
    t = info.tasks[0]
    assert t.lead == "Trung tâm Hội nghị tỉnh"
    assert t.support == ["phòng QTTB"]
    assert t.action == "chuẩn bị hội trường"  # the abbreviation no longer opens the duty


def test_wrapped_office_name_and_roman_numbers_are_no_room() -> None:
    from services.ingest.understanding.task_units import match_units

    for text in ("phòng UBND tỉnh theo dõi việc thực hiện", "phòng III tổ chức huấn luyện"):
        assert not match_units(text, 0).ok  # "Văn\nphòng UBND tỉnh" broken at a line; "Quốc phòng III"


# -- who attends a meeting or a training ("- Thành phần: …") is no duty ----------------------------------------------

def test_attendees_line_gives_no_task() -> None:
    text = ("1. Sở Nội vụ: chuẩn bị tài liệu hội nghị tập huấn.\n"
            "- Thành phần: lãnh đạo Sở; Phòng HCTH, các phòng khác cử 01 lãnh đạo và 01 chuyên viên.\n"
            "- Địa điểm: hội trường tầng 3.")
    assert [lead for lead, _, _ in _tasks(text)] == ["Sở Nội vụ"]


# -- "bộ phận một cửa": a section of an office is its own unit, not a ministry ("bộ") ----------------------------------

def test_office_section_is_one_unit_not_a_ministry() -> None:
    from services.ingest.understanding.units import expand_units

    info = understand("Giao bộ phận tiếp nhận và trả kết quả xã hướng dẫn người dân nộp hồ sơ trực tuyến.")
    assert info.tasks[0].lead == "bộ phận tiếp nhận và trả kết quả xã"
    assert info.tasks[0].lead_units == ["bộ phận tiếp nhận và trả kết quả xã"]
    assert expand_units("các bộ, ngành") == ["các bộ, ngành"]  # the ministries in the plural stay as they were


def test_office_sections_in_a_list_of_units_stay_in_the_lead() -> None:
    info = understand("Đề nghị các đơn vị, bộ phận chủ động chuẩn bị tài liệu cho kỳ họp thứ hai.")
    t = info.tasks[0]
    assert t.lead == "các đơn vị, bộ phận"
    assert t.action == "chủ động chuẩn bị tài liệu cho kỳ họp thứ hai"
    assert "bộ" not in [u.lower() for u in t.lead_units]  # never a ministry called "bộ"


# -- "chỉ đạo Sở A phối hợp với Sở B …": the units the directed one works with support the duty -----------------------

def test_units_the_directed_body_works_with_are_support() -> None:
    info = understand("Đề nghị UBND huyện chỉ đạo Phòng Kinh tế phối hợp với Trạm Thú y huyện hướng dẫn tiêm phòng cho đàn gia "
                      "súc trước ngày 15/4/2026.")
    t = info.tasks[0]
    assert t.lead == "UBND huyện"
    assert t.support == ["Trạm Thú y huyện"]
    assert t.deadline == "2026-04-15"


def test_directing_without_a_partner_names_no_support() -> None:
    info = understand("Đề nghị UBND huyện chỉ đạo Phòng Kinh tế kiểm tra các cơ sở giết mổ gia súc.")
    assert info.tasks[0].support == []


# -- a plan's task card whose unit field reads "Đơn vị chủ trì thực hiện:" ---------------------------------------------

def test_card_with_unit_field_named_chu_tri_thuc_hien() -> None:
    text = ("II. NỘI DUNG THỰC HIỆN\n\n"
            "- Số hóa hồ sơ đất đai các xã vùng cao:\n\n"
            "Đơn vị chủ trì thực hiện: Sở Nông nghiệp và Môi trường.\n\n"
            "Đơn vị phối hợp thực hiện: UBND các xã, Văn phòng Đăng ký đất đai.\n"
            "Thời gian thực hiện: Quý IV/2026.")
    got = [(t.lead, t.support, t.deadline) for t in extract_tasks(text, "2026-03-02")]
    assert got == [("Sở Nông nghiệp và Môi trường", ["UBND các xã", "Văn phòng Đăng ký đất đai"], "2026-12-31")]


def test_second_sentence_of_a_card_opened_by_dong_thoi_is_its_own_duty() -> None:
    text = ("II. NỘI DUNG THỰC HIỆN\n\n"
            "- Lập chuyên trang hỏi đáp pháp luật trên cổng thông tin của tỉnh. Đồng thời, cập nhật thường xuyên các "
            "văn bản mới ban hành.\n\n"
            "Đơn vị chủ trì: Sở Tư pháp.\n"
            "Thời gian thực hiện: Quý III/2026.")
    got = [(t.lead, t.action, t.deadline) for t in extract_tasks(text, "2026-03-02")]
    assert got == [
        ("Sở Tư pháp", "Lập chuyên trang hỏi đáp pháp luật trên cổng thông tin của tỉnh", "2026-09-30"),
        ("Sở Tư pháp", "cập nhật thường xuyên các văn bản mới ban hành", "2026-09-30"),
    ]
