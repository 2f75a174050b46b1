"""Deadlines by kind, rules21 (issue 11): whole-document shapes where the time of a duty is written apart from it.
Invented wording, never a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.deadlines import find_deadline
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-05-04") -> list[tuple[str, str | None, str | None]]:
    return [(t.lead, t.deadline, t.deadline_text) for t in extract_tasks(text, issued)]


def test_a_task_table_in_bold_markdown_cells_gives_each_row_its_completion_time() -> None:
    # a portal page converted to Markdown: cells between "|" lines, the header and section rows in bold
    cells = ["**STT**", "**Nội dung thực\nhiện**", "**Đơn vị chủ trì**", "**Đơn vị phối hợp**", "**Thời gian hoàn\nthành**",
             "|", "**I**", "**RÀ SOÁT VÀ KIỆN TOÀN**", "|",
             "1", "Rà soát quy chế phối hợp cứu hộ\ntrên các tuyến sông", "Sở Giao thông vận tải", "Công an tỉnh",
             "Trước ngày\n20/9/2026", "|",
             "2", "Bổ sung trang thiết bị cho các đội\nxung kích cấp xã", "UBND cấp xã", "Sở Tài chính", "2026"]
    text = "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n|\n" + "\n|\n".join(cells) + "\n"
    got = _tasks(text)
    assert ("Sở Giao thông vận tải", "2026-09-20", "Trước ngày 20/9/2026") in got
    assert ("UBND cấp xã", "2026-12-31", "2026") in got


def test_a_scanned_quarter_numeral_with_the_letter_l_for_i_is_still_that_quarter() -> None:
    dl = find_deadline("Ban Chỉ huy Quân sự huyện tập huấn cho dân quân xã, thời gian hoàn thành trong quí lII năm 2026",
                       "2026-05-04")
    assert dl is not None and dl.date == "2026-09-30" and dl.text == "trong quí lII năm 2026"
    assert find_deadline("đưa bến xe mới vào khai thác trong Quý lV/2026", "2026-05-04").date == "2026-12-31"
    assert find_deadline("báo cáo quý lớn nhất của năm", "2026-05-04") is None


_PLAN = "ỦY BAN NHÂN DÂN\nHUYỆN MINH SƠN\nSố: 77/KH-UBND\nMinh Sơn, ngày 04 tháng 5 năm 2026\nKẾ HOẠCH\nKiểm kê rừng trồng\n"


def test_a_timetable_line_gives_its_label_as_the_time_of_the_duty_after_the_colon() -> None:
    got = _tasks(_PLAN + "III. TIẾN ĐỘ\n- Trước ngày 25/5/2026: UBND các xã lập danh sách chủ rừng.\n"
                 "- Từ ngày 02/6 đến ngày 20/6/2026: Hạt Kiểm lâm kiểm tra thực địa các lô rừng.\n"
                 "Bước 3 (trong tháng 7/2026): Phòng Nông nghiệp tổng hợp kết quả, báo cáo UBND huyện.\n")
    assert ("UBND các xã", "2026-05-25", "Trước ngày 25/5/2026") in got
    assert ("Hạt Kiểm lâm", "2026-06-20", "Từ ngày 02/6 đến ngày 20/6/2026") in got
    assert ("Phòng Nông nghiệp", "2026-07-31", "trong tháng 7/2026") in got


def test_a_label_naming_a_document_is_no_time() -> None:
    got = _tasks(_PLAN + "- Thực hiện Kế hoạch số 15/KH-UBND ngày 02/3/2026: UBND các xã lập danh sách chủ rừng.\n")
    assert got and all(d is None for _, d, _ in got)


def test_a_closing_request_to_the_units_named_again_dates_every_duty_listed_before_it() -> None:
    got = dict((lead, d) for lead, d, _ in _tasks(
        _PLAN + "IV. TỔ CHỨC THỰC HIỆN\n1. Hạt Kiểm lâm hướng dẫn nghiệp vụ kiểm kê cho các xã.\n"
        "2. Phòng Tài chính - Kế hoạch bố trí kinh phí kiểm kê.\n"
        "Yêu cầu các cơ quan, đơn vị, UBND các xã triển khai thực hiện, hoàn thành trước ngày 31/7/2026.\n"))
    assert got["Hạt Kiểm lâm"] == "2026-07-31"
    assert got["Phòng Tài chính - Kế hoạch"] == "2026-07-31"


_DUTIES = ("IV. TỔ CHỨC THỰC HIỆN\n1. Hạt Kiểm lâm hướng dẫn các xã đo đạc lô rừng.\n"
           "2. UBND các xã lập sổ theo dõi rừng trồng.\n")


def test_a_time_section_heading_with_its_time_on_the_next_line_governs_the_duties_after_it() -> None:
    got = _tasks(_PLAN + "III. THỜI GIAN THỰC HIỆN\nTừ ngày 01/6/2026 đến ngày 31/8/2026.\n" + _DUTIES)
    assert len(got) == 2 and all(d == "2026-08-31" for _, d, _ in got)
    got2 = _tasks(_PLAN + "3. Thời gian thực hiện:\nKế hoạch được triển khai trong quý III/2026.\n" + _DUTIES)
    assert len(got2) == 2 and all(d == "2026-09-30" for _, d, _ in got2)


def test_a_time_section_placed_after_every_duty_is_the_plans_time_too() -> None:
    got = _tasks(_PLAN + _DUTIES + "V. THỜI GIAN THỰC HIỆN\nTrong tháng 9/2026.\n")
    assert len(got) == 2 and all(d == "2026-09-30" for _, d, _ in got)


def test_a_time_heading_followed_by_a_sentence_about_something_else_gives_no_time() -> None:
    got = _tasks(_PLAN + "III. THỜI GIAN THỰC HIỆN\nNgày 15/3/2026, UBND huyện đã họp với các xã về việc kiểm kê.\n"
                 + _DUTIES)
    assert len(got) == 2 and all(d is None for _, d, _ in got)


def test_each_unit_of_a_joint_lead_with_its_own_bracketed_time_gets_its_own_task() -> None:
    got = _tasks("Đề nghị Sở Công Thương (trước ngày 12/6/2026) và Sở Xây dựng (trước ngày 26/6/2026) gửi báo cáo "
                 "kiểm tra an toàn điện về Văn phòng UBND tỉnh.")
    assert ("Sở Công Thương", "2026-06-12", "trước ngày 12/6/2026") in got
    assert ("Sở Xây dựng", "2026-06-26", "trước ngày 26/6/2026") in got
    # a bracket that is no time leaves the lead as it was
    got2 = _tasks("Đề nghị Sở Công Thương (cơ quan thường trực) và Sở Xây dựng gửi báo cáo về Văn phòng UBND tỉnh.")
    assert all(d is None for _, d, _ in got2)


def test_days_of_one_month_listed_or_ranged_end_on_the_last_day() -> None:
    assert find_deadline("tổ chức hội thao trong các ngày 15, 16/6/2026", "2026-05-04").date == "2026-06-16"
    assert find_deadline("tổ chức kiểm tra chéo vào ngày 22 và 23/7/2026", "2026-05-04").date == "2026-07-23"
    assert find_deadline("tập huấn cho cán bộ thôn từ 01-05/6/2026", "2026-05-04").date == "2026-06-05"
    # days already past when the document was written are what happened, not a time limit
    assert find_deadline("đoàn đã làm việc trong các ngày 10, 11/3/2026", "2026-05-04") is None


def test_this_year_and_this_month_are_the_documents_own() -> None:
    dl = find_deadline("Phòng Nội vụ hoàn thành việc số hóa hồ sơ trong năm nay", "2026-05-04")
    assert dl is not None and dl.date == "2026-12-31" and dl.text == "trong năm nay"
    assert find_deadline("gửi danh sách về Sở trong tháng này", "2026-05-04").date == "2026-05-31"
    assert find_deadline("các xã rà soát xong từ nay đến cuối năm nay", "2026-05-04").date == "2026-12-31"
    # the year-end session is an event of every year, not this year's time limit
    assert find_deadline("báo cáo Hội đồng nhân dân tại kỳ họp thường lệ cuối năm", "2026-05-04") is None
    assert find_deadline("báo cáo về Sở tới ngày 19/6/2026", "2026-05-04").date == "2026-06-19"


def test_a_list_of_quarters_of_one_year_ends_with_its_last_quarter() -> None:
    assert find_deadline("nâng cấp phần mềm một cửa trong quý III, IV/2026", "2026-05-04").date == "2026-12-31"
    assert find_deadline("hoàn thành cắm mốc trong quý II và quý III năm 2026", "2026-05-04").date == "2026-09-30"
    assert find_deadline("triển khai trong quý II/2026", "2026-05-04").date == "2026-06-30"


_NOTICE = "ỦY BAN NHÂN DÂN\nTỈNH MINH SƠN\nSố: 31/TB-UBND\nMinh Sơn, ngày 04 tháng 5 năm 2026\nTHÔNG BÁO\nKết luận của Chủ tịch\n"


def test_a_time_line_closing_an_item_is_that_items_time_not_the_next_items() -> None:
    got = _tasks(_NOTICE + "2. Giao Sở Xây dựng:\na) Rà soát hồ sơ các khu tái định cư;\nb) Hướng dẫn chủ đầu tư lập dự toán.\n"
                 "Thời gian hoàn thành: trước ngày 30/6/2026.\n3. Giao Sở Tài chính thẩm định dự toán kinh phí.\n")
    assert [d for lead, d, _ in got if lead == "Sở Xây dựng"] == ["2026-06-30", "2026-06-30"]
    assert [d for lead, d, _ in got if lead == "Sở Tài chính"] == [None]


def test_a_lead_in_with_a_time_dates_the_units_duties_after_its_colon_in_the_same_sentence() -> None:
    got = dict((lead, d) for lead, d, _ in _tasks(
        _NOTICE + "Chủ tịch UBND tỉnh yêu cầu các đơn vị sau hoàn thành trước ngày 20/6/2026: Sở Xây dựng rà soát hồ sơ "
        "các khu tái định cư; Sở Tài chính thẩm định dự toán kinh phí; UBND các huyện bàn giao mặt bằng sạch.\n"))
    assert got.get("Sở Tài chính") == "2026-06-20" and got.get("UBND các huyện") == "2026-06-20"


def test_a_closing_report_date_dates_the_listed_duties_that_have_no_time_of_their_own() -> None:
    got = _tasks(_NOTICE + "Chủ tịch UBND tỉnh yêu cầu:\n- Sở Xây dựng rà soát hồ sơ các khu tái định cư, hoàn thành trong "
                 "tháng 6/2026.\n- Sở Tài chính thẩm định dự toán kinh phí.\n"
                 "Các đơn vị báo cáo kết quả về UBND tỉnh trước ngày 15/7/2026.\n")
    assert ("Sở Xây dựng", "2026-06-30", "trong tháng 6/2026") in got
    assert [d for lead, d, _ in got if lead == "Sở Tài chính"] == ["2026-07-15"]


def test_the_time_of_an_item_numbered_in_brackets_is_never_the_time_of_the_item_before() -> None:
    got = _tasks(_NOTICE + "b) Để dự án sớm hoàn thành, đề nghị:\n"
                 "(i) Giao Sở Giao thông vận tải hướng dẫn nhà thầu các thủ tục cần thiết.\n"
                 "(ii) Nhà thầu thi công bố trí thêm mũi thi công, hoàn thành thảm nhựa trong tháng 10 năm 2026.\n")
    assert [d for lead, d, _ in got if lead == "Sở Giao thông vận tải"] == [None]


_LETTER = ("BỘ VĂN HÓA\nSố: 88/BVH-KH\nV/v đề xuất danh mục di tích\nHà Nội, ngày 04 tháng 5 năm 2026\n"
           "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố\n")


def test_a_letters_closing_sentence_on_the_reply_dates_every_request_before_it() -> None:
    got = _tasks(_LETTER + "Bộ Văn hóa đề nghị Ủy ban nhân dân các tỉnh, thành phố triển khai một số nội dung sau:\n"
                 "1. Sở Văn hóa các tỉnh rà soát danh mục di tích cần tu bổ khẩn cấp.\n"
                 "Văn bản trả lời đề nghị gửi về Bộ Văn hóa (qua Cục Di sản; điện thoại: 024.3943.8888) trước ngày "
                 "19/6/2026.\nTrân trọng./.\n")
    assert got and all(d == "2026-06-19" for _, d, _ in got)


def test_a_time_the_body_gives_for_the_annexs_list_dates_each_row_of_the_annex() -> None:
    body = (_LETTER + "Bộ Văn hóa đề nghị các tỉnh, thành phố xử lý các kiến nghị của cử tri theo danh mục (Phụ lục kèm "
            "theo), hoàn thành trước ngày 20/6/2026.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n|\n**PHỤ LỤC**\n"
            "DANH MỤC KIẾN NGHỊ\n|\n**TT**\n|\n**Nội dung kiến nghị**\n|\n**Đơn vị chủ trì xử lý**\n|\n|\n1\n|\n"
            "Tu bổ đình làng bị xuống cấp\n|\nỦy ban nhân dân tỉnh Nam Định\n|\n|\n2\n|\nCấp kinh phí chống sét "
            "cho tháp cổ\n|\nỦy ban nhân dân tỉnh Bình Định\n")
    got = dict((lead, d) for lead, d, _ in _tasks(body))
    assert got.get("Ủy ban nhân dân tỉnh Nam Định") == "2026-06-20"
    assert got.get("Ủy ban nhân dân tỉnh Bình Định") == "2026-06-20"


def test_a_dated_limit_joined_to_a_recurring_report_keeps_its_date() -> None:
    dl = find_deadline("báo cáo kết quả về Bộ trước Thứ Năm ngày 04/6/2026 và tại các báo cáo định kỳ hằng tuần",
                       "2026-05-04")
    assert dl is not None and dl.date == "2026-06-04"


def test_a_duty_that_runs_to_the_time_set_in_another_item_has_that_items_time() -> None:
    got = dict((lead, (d, t)) for lead, d, t in _tasks(
        _NOTICE + "1. Yêu cầu các hợp tác xã nông nghiệp hoàn thành đại hội thành viên chậm nhất ngày 15/9/2026.\n"
        "2. Giao Liên minh Hợp tác xã tỉnh hướng dẫn các hợp tác xã hoàn thành đại hội theo thời gian được nêu tại "
        "khoản 1.\n"))
    assert got["Liên minh Hợp tác xã tỉnh"] == ("2026-09-15", "theo thời gian được nêu tại khoản 1")


def test_a_card_line_holding_the_lead_and_the_time_fields_gives_both() -> None:
    got = _tasks(_PLAN + "II. NỘI DUNG\n1. Tổ chức lễ ra quân trồng rừng\n"
                 "- Đơn vị chủ trì: Hạt Kiểm lâm; thời gian hoàn thành: trước ngày 15/6/2026.\n")
    assert ("Hạt Kiểm lâm", "2026-06-15", "trước ngày 15/6/2026") in got
