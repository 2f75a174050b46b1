"""Session rules31 (issue 11): duties and leads in the forms the rules did not read — each rule in invented wording."""
from __future__ import annotations

from services.ingest.understanding.deadline_scope import lead_in_deadline
from services.ingest.understanding.tasks import extract_tasks


def test_a_semicolon_inside_a_lead_in_does_not_end_its_sentence() -> None:
    # "đã tiếp nhận" qualifies the files: the sentence sets the time of the items below (before the fix the module's
    # second _SENTENCE_END, the annex's clause end, cut it at ";" and dropped the time as a report of the past)
    line = ("Trong tháng 9/2026, các xã rà soát lại các hồ sơ đã tiếp nhận; các phòng chuyên môn của huyện thực hiện "
            "các việc sau")
    dl = lead_in_deadline(line, "2026-08-01")
    assert dl is not None and dl.date == "2026-09-30"


def test_a_sentence_reporting_the_past_still_frames_nothing() -> None:
    line = "Trong năm 2026, công tác cải cách hành chính đã có chuyển biến rõ. Các sở tiếp tục thực hiện"
    assert lead_in_deadline(line, "2026-03-01") is None


def _duties(text: str) -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text)]


def test_a_unit_heading_then_a_paragraph_that_opens_with_the_remit_and_what_else_it_rests_on() -> None:
    # "16. Các sở, ban, ngành\n\nCăn cứ chức năng, nhiệm vụ được giao và Kế hoạch này, xây dựng …": the heading's unit
    text = ("KẾ HOẠCH\n\nIII. TỔ CHỨC THỰC HIỆN\n\n1. Các sở, ban, ngành tỉnh\n\nCăn cứ chức năng, nhiệm vụ được giao và "
            "Kế hoạch này, xây dựng kế hoạch cụ thể và tổ chức triển khai thực hiện.\n\n2. Ủy ban nhân dân các xã, "
            "phường\n\nCăn cứ vào chức năng, nhiệm vụ của đơn vị, rà soát các điểm nóng về môi trường; tuyên truyền "
            "người dân phân loại rác tại nguồn.\n\n3. Trung tâm Y tế huyện\n\nCăn cứ chức năng, nhiệm vụ và quyền hạn, "
            "chỉ đạo các trạm y tế lập danh sách người cao tuổi.\n")
    assert _duties(text) == [
        ("Các sở, ban, ngành tỉnh", "xây dựng kế hoạch cụ thể và tổ chức triển khai thực hiện"),
        ("Ủy ban nhân dân các xã, phường", "rà soát các điểm nóng về môi trường"),
        ("Ủy ban nhân dân các xã, phường", "tuyên truyền người dân phân loại rác tại nguồn"),
        ("Trung tâm Y tế huyện", "chỉ đạo các trạm y tế lập danh sách người cao tuổi"),
    ]


def test_the_remit_written_without_its_comma_before_the_items_verb() -> None:
    text = ("KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n1. Phòng Văn hóa và Thông tin huyện:\n\na) Theo chức năng, nhiệm vụ công bố "
            "công khai lịch tiếp công dân, danh mục thủ tục hành chính; hướng dẫn người dân nộp hồ sơ trực tuyến.\n\n"
            "2. Đài Truyền thanh xã: Theo chức năng, nhiệm vụ tăng cường đưa tin về lịch tiêm chủng.\n")
    assert _duties(text) == [
        ("Phòng Văn hóa và Thông tin huyện", "công bố công khai lịch tiếp công dân, danh mục thủ tục hành chính"),
        ("Phòng Văn hóa và Thông tin huyện", "hướng dẫn người dân nộp hồ sơ trực tuyến"),
        ("Đài Truyền thanh xã", "tăng cường đưa tin về lịch tiêm chủng"),
    ]


def test_a_remit_that_names_the_work_itself_is_no_basis_to_skip() -> None:
    # the part before the comma holds the duty's verb ("… nhiệm vụ công bố …, …"): not read as "remit, then the duty"
    from services.ingest.understanding.tasks import _ITEM_BASIS
    m = _ITEM_BASIS.match("Theo chức năng, nhiệm vụ công bố công khai các thủ tục, thông tin quy hoạch, cơ chế.")
    assert m is not None and m.group(0) == "Theo chức năng, "


def test_a_field_of_work_named_inside_a_series_of_duties_is_one_more_duty() -> None:
    text = ("Giao Phòng Y tế huyện rà soát danh sách trẻ em chưa tiêm chủng; kiểm tra việc bảo quản vắc xin; công tác "
            "phòng, chống sốt xuất huyết trong mùa mưa; công tác truyền thông về tiêm chủng.")
    assert [a for _, a in _duties(text)] == [
        "rà soát danh sách trẻ em chưa tiêm chủng",
        "kiểm tra việc bảo quản vắc xin",
        "công tác phòng, chống sốt xuất huyết trong mùa mưa",
        "công tác truyền thông về tiêm chủng",
    ]


def test_objects_listed_after_one_verb_and_travel_costs_stay_with_their_duty() -> None:
    # no duty's verb before them: the listed fields are what is inspected, not duties of their own
    assert len(_duties("Giao Sở Xây dựng kiểm tra các nội dung: hồ sơ thiết kế; công tác nghiệm thu; việc quản lý "
                       "chất lượng vật liệu.")) == 1
    assert len(_duties("Yêu cầu Phòng Nội vụ xây dựng kế hoạch đào tạo; công tác thi đua, khen thưởng năm 2027.")) == 1
    # "công tác phí" (travel costs) is no field of work
    assert [a for _, a in _duties("Giao Văn phòng UBND huyện rà soát các khoản chi; tổng hợp dự toán năm 2027; "
                                  "công tác phí của cán bộ đi cơ sở.")] == [
        "rà soát các khoản chi", "tổng hợp dự toán năm 2027; công tác phí của cán bộ đi cơ sở"]


def test_the_merged_provincial_press_agency_is_one_unit() -> None:
    # 2025: a province's newspaper and radio-television merged as "Báo và Phát thanh, Truyền hình <tỉnh>"
    text = ("KẾ HOẠCH\n\nIV. TỔ CHỨC THỰC HIỆN\n\n3. Báo và Phát thanh, Truyền hình Hà Giang\n\nPhối hợp với các sở, "
            "ngành đẩy mạnh tuyên truyền về phòng, chống ma túy; mở chuyên mục hỏi đáp pháp luật.\n\n4. Sở Tư pháp, "
            "Báo và Phát thanh - Truyền hình tỉnh đăng tải các văn bản mới ban hành.\n")
    assert _duties(text) == [
        ("Báo và Phát thanh, Truyền hình Hà Giang", "đẩy mạnh tuyên truyền về phòng, chống ma túy"),
        ("Báo và Phát thanh, Truyền hình Hà Giang", "mở chuyên mục hỏi đáp pháp luật"),
        ("Sở Tư pháp, Báo và Phát thanh - Truyền hình tỉnh", "đăng tải các văn bản mới ban hành"),
    ]
    from services.ingest.understanding.units import canonical_name
    assert canonical_name("Báo và Phát thanh truyền hình tỉnh") == "Báo và Phát thanh, Truyền hình tỉnh"


def test_units_an_item_asks_inside_its_own_duty_are_not_charged_by_the_document() -> None:
    # "6. Sở Y tế / a) Kiểm tra …; nếu …, phải hướng dẫn, yêu cầu các đơn vị …": Sở Y tế's duties, not the units'
    text = ("KẾ HOẠCH\n\nIV. TỔ CHỨC THỰC HIỆN\n\n6. Sở Y tế\n\na) Thường xuyên kiểm tra chất lượng nước sạch tại các "
            "nhà máy nước; nếu không đạt chuẩn, phải hướng dẫn, yêu cầu các đơn vị cấp nước khắc phục kịp thời.\n\n"
            "b) Hướng dẫn các xã xử lý nước giếng.\n")
    assert [lead for lead, _ in _duties(text)] == ["Sở Y tế"] * 3
    # an item that opens with the request itself ("a) Yêu cầu các đơn vị …") still charges the units it names
    text = ("KẾ HOẠCH\n\nIV. TỔ CHỨC THỰC HIỆN\n\n6. Sở Y tế\n\na) Yêu cầu các đơn vị cấp nước khắc phục kịp thời các "
            "sự cố.\n")
    leads = [lead for lead, _ in _duties(text)]
    assert len(leads) == 1 and leads[0].startswith("các đơn vị")


def test_an_item_that_opens_with_a_hoa_verb_of_improvement_is_a_duty() -> None:
    text = ("KẾ HOẠCH\n\nIV. TỔ CHỨC THỰC HIỆN\n\n2. Sở Khoa học và Công nghệ\n\na) Tối ưu hóa cổng dịch vụ công của "
            "tỉnh, bảo đảm hoạt động thông suốt.\n\nb) Đa dạng hoá hình thức tiếp nhận phản ánh của người dân; hiện đại "
            "hóa kho lưu trữ hồ sơ điện tử.\n")
    assert [a for _, a in _duties(text)] == [
        "Tối ưu hóa cổng dịch vụ công của tỉnh, bảo đảm hoạt động thông suốt",
        "Đa dạng hoá hình thức tiếp nhận phản ánh của người dân",
        "hiện đại hóa kho lưu trữ hồ sơ điện tử",
    ]


def test_a_card_that_names_who_does_its_titles_work_replaces_the_titles_collective() -> None:
    text = ("KẾ HOẠCH\n\nII. NỘI DUNG\n\n1. Trên cơ sở tài liệu của Bộ, các cơ quan, đơn vị tổ chức tập huấn về Luật "
            "Đo lường cho cán bộ cấp xã.\n\n- Cơ quan thực hiện: Sở Khoa học và Công nghệ; Sở Tư pháp.\n\n- Cơ quan "
            "phối hợp: Ủy ban nhân dân các xã, phường.\n\n- Thời gian thực hiện: Quý III năm 2026.\n")
    tasks = extract_tasks(text, "2026-05-04")
    assert [(t.lead, t.action, t.deadline) for t in tasks] == [
        ("Sở Khoa học và Công nghệ; Sở Tư pháp", "tổ chức tập huấn về Luật Đo lường cho cán bộ cấp xã", "2026-09-30")]
    assert tasks[0].support == ["Ủy ban nhân dân các xã, phường"]
