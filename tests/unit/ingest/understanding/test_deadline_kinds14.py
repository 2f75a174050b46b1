"""Deadlines by kind, rules14 (issue 11): a time said before the unit, a time-limit sentence after the duty, a window
named with its activity, "ngày … tháng sau". Invented wording, never a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.deadlines import find_deadline
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-05-04") -> list[tuple[str, str | None, str | None]]:
    return [(t.lead, t.deadline, t.deadline_text) for t in extract_tasks(text, issued)]


def test_time_at_the_head_of_the_sentence_governs_every_duty_of_its_unit() -> None:
    got = _tasks("Phó Chủ tịch UBND tỉnh đề nghị trong năm 2026, Sở Công Thương cần rà soát các chợ đầu mối; "
                 "tăng cường kiểm tra giá cả thị trường.")
    assert [d for _, d, _ in got] == ["2026-12-31", "2026-12-31"]
    assert {lead for lead, _, _ in got} == {"Sở Công Thương"}


def test_a_time_closing_another_units_duty_is_not_given_to_the_next_unit() -> None:
    got = dict((lead, d) for lead, d, _ in _tasks(
        "UBND tỉnh giao Sở Tài chính thẩm định kinh phí trước ngày 20/6/2026; Sở Xây dựng rà soát thiết kế mẫu nhà văn hóa."))
    assert got["Sở Tài chính"] == "2026-06-20"
    assert got.get("Sở Xây dựng") is None


def test_a_time_limit_sentence_after_the_duty_names_the_sending() -> None:
    got = _tasks("Bộ Nội vụ đề nghị UBND các tỉnh tổng hợp số liệu về đội ngũ công chức cấp xã. "
                 "Thời hạn cuối cùng để gửi báo cáo là ngày 15/7/2026.")
    assert got and all(d == "2026-07-15" for _, d, _ in got)
    assert find_deadline("Hạn chót để nộp hồ sơ là ngày 02/8/2026", "2026-05-04").date == "2026-08-02"


def test_a_window_named_by_its_activity_governs_the_whole_series() -> None:
    got = _tasks("UBND huyện giao Phòng Văn hóa và Thông tin tổ chức hội thi ảnh đẹp quê hương; xây dựng tập san kỷ niệm "
                 "ngày thành lập huyện. Thời gian tổ chức các hoạt động diễn ra từ tháng 6/2026 đến tháng 11/2026.")
    assert len(got) == 2 and all(d == "2026-11-30" for _, d, _ in got)


def test_a_day_of_the_following_month_keeps_its_words_and_no_date() -> None:
    dl = find_deadline("các xã gửi báo cáo tiến độ về Phòng Nông nghiệp trước ngày 5 tháng sau", "2026-05-04")
    assert dl is not None and dl.date is None and dl.text == "trước ngày 5 tháng sau"
    dl2 = find_deadline("tổng hợp gửi Sở chậm nhất ngày 10 của tháng tiếp theo", "2026-05-04")
    assert dl2 is not None and dl2.date is None and dl2.text.endswith("tháng tiếp theo")


def test_a_quarter_with_no_year_is_the_next_such_quarter_after_the_document_date() -> None:
    assert find_deadline("Phòng Kinh tế hoàn thành việc kiểm kê kho trong quý III", "2026-05-04").date == "2026-09-30"
    assert find_deadline("xong trong quý I", "2026-05-04").date == "2027-03-31"
    assert find_deadline("đưa công trình vào sử dụng trước quý IV", "2026-05-04").date == "2026-09-30"
    # the period a report is about is no time limit
    assert find_deadline("Trạm Y tế báo cáo số lượt khám bệnh trong quý II", "2026-05-04") is None


def test_a_day_and_month_with_the_year_in_words_and_a_last_day_said_as_hạn_cuối() -> None:
    assert find_deadline("nộp hồ sơ về Sở trước ngày 12/3 năm 2027", "2026-05-04").date == "2027-03-12"
    dl = find_deadline("các trường gửi danh sách, hạn cuối ngày 18/9/2026", "2026-05-04")
    assert dl is not None and dl.date == "2026-09-18"


def test_a_table_cell_spanning_years_ends_with_its_last_year() -> None:
    dl = find_deadline("2027 - 2029", None, cell=True)
    assert dl is not None and dl.date == "2029-12-31" and dl.text == "2027 - 2029"
    assert find_deadline("2027", None, cell=True).date == "2027-12-31"


def test_the_year_in_a_cited_documents_title_is_no_time_limit() -> None:
    text = ("tiếp tục quán triệt Chỉ thị số 07-CT/TU ngày 02/3/2026 của Ban Thường vụ Tỉnh ủy về công tác "
            "phòng chống thiên tai năm 2026")
    assert find_deadline(text, "2026-05-04") is None
    assert find_deadline("tập trung thu ngân sách năm 2026", "2026-05-04").date == "2026-12-31"


def test_a_day_of_a_year_named_by_the_work_has_no_calendar_date() -> None:
    dl = find_deadline("lập báo cáo tổng kết trước ngày 20 tháng 9 năm cuối của giai đoạn", "2026-05-04")
    assert dl is not None and dl.date is None and dl.text.startswith("trước ngày 20 tháng 9 năm cuối")


def test_the_time_just_before_the_unit_not_an_earlier_one_of_the_same_sentence() -> None:
    got = _tasks("Tại hội nghị tổng kết công tác năm 2025 của Cục Thống kê tỉnh, Giám đốc Sở Tài chính ghi nhận kết quả "
                 "của Cục Thống kê tỉnh trong năm 2025, đồng thời đề nghị trong năm 2026, Cục Thống kê tỉnh cần "
                 "chuẩn hóa cơ sở dữ liệu doanh nghiệp; tăng cường kiểm tra số liệu báo cáo.", issued=None)
    assert got and all(d == "2026-12-31" for _, d, _ in got)


def test_a_closing_time_sentence_governs_the_duties_before_it_past_a_photo_caption() -> None:
    text = ("Chiều 12/3, UBND huyện họp triển khai kế hoạch kỷ niệm ngày thành lập huyện. Theo kế hoạch, UBND huyện "
            "giao Phòng Văn hóa và Thông tin tổ chức hội thi ảnh đẹp quê hương; xây dựng tập san kỷ niệm.\n\n"
            "Ông Trần Văn Bình – Trưởng Phòng Nội vụ phát biểu tại cuộc họp.\n\n"
            "Thời gian tổ chức các hoạt động diễn ra từ tháng 4/2026 đến tháng 9/2026.")
    got = _tasks(text, issued="2026-03-12")
    assert got and all(d == "2026-09-30" for _, d, _ in got)


def test_a_plan_period_already_past_is_no_time_limit() -> None:
    text = ("UBND tỉnh giao Thanh tra tỉnh tổng hợp kết quả thanh tra việc quản lý đất đai. "
            "Thời gian thanh tra từ năm 2021 đến năm 2024.")
    got = _tasks(text, issued="2026-03-12")
    assert got and all(d is None for _, d, _ in got)


def test_a_date_whose_year_follows_another_separator() -> None:
    assert find_deadline("nhận hồ sơ từ ngày 3 đến ngày 5.8-2026", "2026-05-04").date == "2026-08-05"
    assert find_deadline("nộp trước ngày 5.8-2026", "2026-05-04").date == "2026-08-05"


def test_units_named_again_as_a_whole_give_the_time_of_the_list() -> None:
    text = ("Ngày 04/5/2026, UBND tỉnh yêu cầu:\n- Sở Giao thông vận tải kiểm tra tải trọng xe trên tuyến đê;\n"
            "- Công an tỉnh xử lý xe quá khổ trên tuyến đê.\n"
            "Yêu cầu các đơn vị hoàn thành, báo cáo kết quả về UBND tỉnh trước ngày 10/6/2026.")
    got = {lead: d for lead, d, _ in _tasks(text)}
    assert got["Sở Giao thông vận tải"] == "2026-06-10" and got["Công an tỉnh"] == "2026-06-10"


def test_the_end_of_a_past_period_looked_into_is_no_time_limit() -> None:
    assert find_deadline("rà soát các hợp đồng ký từ ngày 01/01/2021 đến ngày 31/12/2025", "2026-05-04") is None
    dl = find_deadline("rà soát các hợp đồng ký từ ngày 01/01/2021 đến ngày 31/12/2025, báo cáo trước ngày 30/6/2026",
                       "2026-05-04")
    assert dl is not None and dl.date == "2026-06-30"


def test_a_time_said_of_one_of_two_units_with_riêng_is_that_units_only() -> None:
    got = _tasks("UBND tỉnh giao Sở Tài chính và Sở Xây dựng rà soát định mức chi phí quản lý dự án; riêng Sở Xây dựng "
                 "hoàn thành trước ngày 15/8/2026.")
    dated = [(lead, d) for lead, d, _ in got if d]
    assert dated == [("Sở Xây dựng", "2026-08-15")]
    assert any("Sở Tài chính" in lead and d is None for lead, d, _ in got)


def test_the_time_line_right_after_a_single_duty_is_its_own_not_the_previous_sections() -> None:
    text = ("II. NHIỆM VỤ\n1. Chuẩn hóa dữ liệu\n- Sở Tư pháp chuẩn hóa dữ liệu hộ tịch.\n- Sở Nội vụ chuẩn hóa dữ liệu "
            "cán bộ, công chức.\n- Thời gian thực hiện: Quý III/2026.\n2. Kết nối\n- Sở Khoa học và Công nghệ kết nối "
            "cơ sở dữ liệu với cổng dịch vụ công.\n- Thời gian hoàn thành: trước ngày 15/12/2026.\n")
    got = {lead: d for lead, d, _ in _tasks(text)}
    assert got["Sở Tư pháp"] == "2026-09-30" and got["Sở Nội vụ"] == "2026-09-30"
    assert got["Sở Khoa học và Công nghệ"] == "2026-12-15"


def test_a_lead_in_with_a_time_governs_the_listed_items() -> None:
    text = ("Ngày 04/5/2026, UBND tỉnh yêu cầu các đơn vị thực hiện các việc sau, hoàn thành trước ngày 20/6/2026:\n"
            "- Sở Tư pháp rà soát quy chế phối hợp liên ngành;\n"
            "- Sở Nội vụ rà soát vị trí việc làm của các đơn vị sự nghiệp.")
    got = {lead: d for lead, d, _ in _tasks(text)}
    assert got["Sở Tư pháp"] == "2026-06-20" and got["Sở Nội vụ"] == "2026-06-20"
    # a lead-in citing a document's date gives no time
    cited = ("Thực hiện Công văn số 15/BNV ngày 02/5/2026 của Bộ Nội vụ, UBND tỉnh yêu cầu:\n"
             "- Sở Nội vụ rà soát vị trí việc làm của các đơn vị sự nghiệp.")
    assert [d for _, d, _ in _tasks(cited)] == [None]


def test_an_event_time_at_the_head_of_the_sentence_keeps_its_words() -> None:
    got = _tasks("Ngay sau khi có kết quả xét nghiệm, Trung tâm Kiểm soát bệnh tật tỉnh báo cáo Sở Y tế.")
    assert got == [("Trung tâm Kiểm soát bệnh tật tỉnh", None, "Ngay sau khi có kết quả xét nghiệm")]
    got2 = _tasks("Trước Tết Nguyên đán, Sở Công Thương kiểm tra việc dự trữ hàng hóa thiết yếu.")
    assert [(d, dt) for _, d, dt in got2] == [(None, "Trước Tết Nguyên đán")]


def test_a_duty_naming_a_stated_time_frame_by_its_activity_takes_that_frame() -> None:
    text = ("KẾ HOẠCH\nTổ chức chương trình tặng sách cho thư viện trường học\n"
            "1. Thời gian:\n+ Thời gian vận động: Từ ngày 01/6/2026 – 30/6/2026.\n"
            "+ Thời gian trao tặng: Trước ngày 15/7/2026.\n"
            "2. Tổ chức thực hiện\n"
            "Đoàn Thanh niên các trường học tổ chức quyên góp sách trong thời gian vận động.\n")
    got = [(lead, d) for lead, d, _ in _tasks(text, issued="2026-05-20")]
    assert got and got[0][1] == "2026-06-30"
