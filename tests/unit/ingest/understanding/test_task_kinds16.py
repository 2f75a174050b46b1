"""Kinds of missed leads read from whole training documents (issue 11, session 16, `rules16`): each kind tested on
invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, list[str]]]:
    return [(t.lead, t.action, list(t.support)) for t in extract_tasks(text, issued)]


# -- a numbered heading that describes its units at length before the colon ---------------------------------------------

def test_a_long_described_unit_heading_leads_its_lettered_items() -> None:
    text = ("Bộ trưởng Bộ Nông nghiệp chỉ thị:\n"
            "1. Các phòng chuyên môn về thủy lợi của các Sở, cơ quan trực thuộc tỉnh (sau đây gọi là Sở, ngành) và "
            "các Chi cục Kiểm lâm của các huyện, thị xã (sau đây gọi là cấp huyện):\n"
            "a) Rà soát toàn bộ hồ chứa nước nhỏ trên địa bàn; lập danh sách hồ xung yếu.\n"
            "b) Tổ chức diễn tập phương án xả lũ trước mùa mưa.\n")
    got = _tasks(text)
    assert len(got) == 3
    assert all(lead.startswith("Các phòng chuyên môn về thủy lợi của các Sở") for lead, _, _ in got)
    assert all("các Chi cục Kiểm lâm" in lead for lead, _, _ in got)
    assert got[0][1].startswith("Rà soát toàn bộ hồ") and got[2][1].startswith("Tổ chức diễn tập")


def test_units_described_by_what_they_supply_lead_the_duties_after_the_colon() -> None:
    text = ("Bộ trưởng chỉ thị:\n"
            "2. Các tổ chức, doanh nghiệp:\n"
            "a) Các doanh nghiệp cung cấp thiết bị y tế: Niêm yết giá bán công khai tại cửa hàng; báo cáo giá nhập "
            "khẩu về Sở Y tế hằng tháng.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Các doanh nghiệp cung cấp thiết bị y tế"] * 2
    assert got[0][1].startswith("Niêm yết giá bán")


def test_two_institutes_before_a_colon_without_a_number_lead_the_duties() -> None:
    text = ("Bộ trưởng chỉ thị:\n"
            "Viện Nghiên cứu hải sản và nuôi trồng ven biển, Trung tâm Quan trắc môi trường biển (CQTB): Cử cán bộ "
            "hướng dẫn các tỉnh lấy mẫu nước; Phối hợp với Vụ Khoa học cập nhật bản đồ vùng nuôi.\n")
    got = _tasks(text)
    assert len(got) == 2
    assert got[0][0] == ("Viện Nghiên cứu hải sản và nuôi trồng ven biển, Trung tâm Quan trắc môi trường biển")
    assert got[1][2] == ["Vụ Khoa học"]


def test_a_heading_that_carries_a_duty_is_not_a_unit_description() -> None:
    text = ("Bộ trưởng chỉ thị:\n"
            "1. Sở Xây dựng chủ trì thực hiện các nội dung sau:\n"
            "a) Rà soát quy hoạch các khu dân cư.\n")
    got = _tasks(text)
    assert got and all(lead == "Sở Xây dựng" for lead, _, _ in got)


# -- a collective named with its field's acronym: "các hiệp hội CNTT" --------------------------------------------------

def test_a_collective_keeps_the_acronym_of_its_field() -> None:
    um = match_units("Các hiệp hội DN tổ chức hội thảo.", 0)
    assert um.ok and um.units == ["Các hiệp hội DN"]


def test_a_collective_with_an_acronym_as_subject_leads_its_semicolon_series() -> None:
    text = ("Bộ trưởng chỉ thị:\n"
            "3. Các hội nghề nghiệp:\n"
            "a) Các hiệp hội KHKT tổ chức tọa đàm chuyên đề cho hội viên; hỗ trợ các trường nghề biên soạn giáo trình; "
            "thúc đẩy hợp tác với các hội nước ngoài.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Các hiệp hội KHKT"] * 3


# -- "Chủ trì, phối hợp với …" at the head of a semicolon series: the partners help with every duty ---------------------

def test_partners_named_with_chu_tri_help_every_duty_of_the_series() -> None:
    text = ("Giám đốc Sở chỉ thị:\n"
            "a) Phòng Quản lý giá:\n"
            "- Chủ trì, phối hợp với Chi cục Quản lý thị trường và các phòng liên quan kiểm tra niêm yết giá; "
            "Tổng hợp danh sách cơ sở vi phạm; Đề xuất hình thức xử lý;\n"
            "- Theo dõi việc thực hiện chỉ thị.\n")
    got = _tasks(text)
    assert len(got) == 4
    assert all(sup == ["Chi cục Quản lý thị trường", "các phòng liên quan"] for _, _, sup in got[:3])
    assert got[3][2] == []  # the next dash is another duty, with no partner named


def test_a_duty_of_the_series_that_names_its_own_partner_keeps_only_it() -> None:
    text = ("Giám đốc Sở chỉ thị:\n"
            "a) Phòng Quản lý giá: Chủ trì, phối hợp với Chi cục Thuế kiểm tra hóa đơn bán lẻ; phối hợp với Công an "
            "huyện xử lý các điểm bán hàng giả.\n")
    got = _tasks(text)
    assert got[0][2] == ["Chi cục Thuế"] and got[1][2] == ["Công an huyện"]


def test_the_press_and_the_media_are_one_partner() -> None:
    um = match_units("các cơ quan báo chí, truyền thông đưa tin kịp thời", 0, support=True)
    assert um.ok and um.units == ["các cơ quan báo chí, truyền thông"]


# -- "các đồng chí Giám đốc Sở" in a ministry's letter: the directors the letter is addressed to -------------------------

_LETTER = ("BỘ Y TẾ\nSố: 45/BYT-KH\nV/v rà soát giường bệnh năm 2027\n"
           "Kính gửi: Giám đốc Sở Y tế các tỉnh, thành phố trực thuộc Trung ương\n"
           "Để kịp tổng hợp nhu cầu, Bộ Y tế đề nghị các đồng chí Giám đốc Sở chỉ đạo các bệnh viện tuyến huyện rà "
           "soát số giường thực kê, gửi báo cáo về Bộ trước ngày 20/9/2027.\n"
           "Nơi nhận:\n- Như trên;\n- Lưu: VT.")


def test_directors_named_by_title_alone_are_the_addressed_directors() -> None:
    got = _tasks(_LETTER)
    assert [lead for lead, _, _ in got] == ["Giám đốc Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"]


def test_a_title_alone_that_the_kinh_gui_list_does_not_name_stays_as_written() -> None:
    got = _tasks(_LETTER.replace("các đồng chí Giám đốc Sở", "các đồng chí Hiệu trưởng trường"))
    assert got and got[0][0] != "Giám đốc Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"


# -- a party letter: "1- Các đồng chí bí thư …; trưởng các sở, ban, ngành:" and its dashes -------------------------------

_PARTY = ("Ban Thường vụ Huyện ủy yêu cầu:\n"
          "1- Các đồng chí bí thư thị ủy, thành ủy; bí thư chi bộ cơ quan; trưởng các phòng, ban, ngành huyện:\n"
          "- Phải phổ biến kế hoạch đại hội đến toàn thể đảng viên.\n"
          "- Sau đại hội, phải kịp thời kiện toàn các chức danh còn thiếu; báo cáo kết quả về Ban Tổ chức Huyện ủy.\n"
          "2- Giao Văn phòng Huyện ủy theo dõi, đôn đốc việc thực hiện.\n")


def test_party_titles_in_lower_case_name_the_heads_of_their_bodies() -> None:
    s = "Các đồng chí bí thư chi bộ; trưởng các phòng, ban, ngành huyện tổ chức quán triệt."
    um = match_units(s, s.index("trưởng"))
    assert um.ok and um.units == ["trưởng các phòng, ban, ngành huyện"]
    # (not a rank in a list of allowances: "cấp trưởng các hội", "Phó bí thư đảng ủy cấp trên cơ sở")
    s2 = "Nhóm 4 gồm cấp trưởng các hội do Nhà nước giao nhiệm vụ."
    assert not match_units(s2, s2.index("trưởng")).ok
    um = match_units("Các đồng chí bí thư chi bộ thôn chủ động rà soát.", 0)
    assert um.ok and um.units[0].startswith("Các đồng chí bí thư chi bộ")


def test_a_joint_heading_numbered_with_a_dash_leads_each_dash_below() -> None:
    got = _tasks(_PARTY)
    joint = ("Các đồng chí bí thư thị ủy, thành ủy; bí thư chi bộ cơ quan; trưởng các phòng, ban, ngành huyện")
    assert [lead for lead, _, _ in got] == [joint, joint, joint, "Văn phòng Huyện ủy"]


def test_an_item_opening_with_its_occasion_is_the_headings_duty() -> None:
    got = _tasks(_PARTY)
    assert got[1][1].startswith("kịp thời kiện toàn các chức danh")  # "Sau đại hội, phải" is the occasion
    assert got[2][1].startswith("báo cáo kết quả về Ban Tổ chức")


# -- a reminder letter: the earlier assignment it quotes is history, only the renewed request is a task -----------------

_REMINDER = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 901/VPCP-NN\nV/v đôn đốc xây dựng đề án\n"
             "Kính gửi: Bộ Nông nghiệp và Môi trường\n"
             "Tại công văn số 455/VPCP-NN ngày 03 tháng 02 năm 2027, Phó Thủ tướng đã giao Bộ Nông nghiệp và Môi "
             "trường xây dựng đề án phục hồi rừng ngập mặn, trình Thủ tướng Chính phủ trước ngày 30 tháng 4 năm 2027.\n"
             "Phó Thủ tướng yêu cầu Bộ Nông nghiệp và Môi trường khẩn trương hoàn thành đề án, trình Thủ tướng Chính phủ "
             "trước ngày 15 tháng 7 năm 2027.\n"
             "Nơi nhận:\n- Như trên;\n- Lưu: VT.")


def test_an_earlier_assignment_quoted_by_its_number_is_no_task() -> None:
    got = extract_tasks(_REMINDER, "2027-06-20")
    assert len(got) == 1 and got[0].deadline == "2027-07-15"


def test_an_earlier_letter_reported_by_its_date_is_no_task() -> None:
    text = _REMINDER.replace("Tại công văn số 455/VPCP-NN ngày 03 tháng 02 năm 2027, Phó Thủ tướng đã giao",
                             "Ngày 03 tháng 02 năm 2027, Văn phòng Chính phủ có văn bản số 455/VPCP-NN yêu cầu")
    got = extract_tasks(text, "2027-06-20")
    assert len(got) == 1 and got[0].deadline == "2027-07-15"


def test_a_news_report_of_a_dated_letter_still_gives_its_task() -> None:
    text = ("Ngày 03/02/2027, UBND tỉnh có văn bản số 455/UBND-NN yêu cầu Sở Nông nghiệp và Môi trường kiểm tra các "
            "đê bao trước ngày 15/3/2027.")
    got = extract_tasks(text, None)
    assert [t.lead for t in got] == ["Sở Nông nghiệp và Môi trường"]


# -- a scanned notice whose own number is illegible, citing a decree: still a notice with duties -------------------------

def test_a_letter_read_as_a_decree_from_the_decree_it_cites_keeps_its_duties() -> None:
    from services.ingest.understanding import understand

    text = ("UBND TỈNH BẮC NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nBAN QUẢN LÝ KCN Độc lập - Tự do - Hạnh phúc\n"
            "Số: J7“TB-KCN | Bắc Ninh, ngày #4 tháng 3] năm 2013\nTHÔNG BẢO\n\nVề việc nội quy lao động\n\n"
            "Kính gửi: Công ty TNHH Hoa Sen Việt Nam\n\n"
            "- Căn cứ Thông tư số 47/2015/TT-BLĐTBXH ngày 16/11/2015 của Bộ Lao động hướng dẫn thực hiện một số\n"
            "điều của Nghị định\nsố 05/2015/NĐ-CP của Chính phủ về hợp đồng lao động;\n\n"
            "Ban Quản lý thông báo như sau:\n"
            "1. Nội quy lao động của Công ty đã được xây dựng đúng quy định.\n"
            "2. Đề nghị Công ty TNHH Hoa Sen Việt Nam niêm yết nội quy tại nơi làm việc. Đồng thời tổ chức phổ biến "
            "nội quy cho người lao động.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    info = understand(text)
    assert info.doc_type == "Thông báo"  # (the own number is illegible; the cited decree's number is no own number)
    assert [t.lead for t in info.tasks] == ["Công ty TNHH Hoa Sen Việt Nam"] * 2


# -- a corporation's name runs to its end: "Tổng công ty Bưu điện Việt Nam", not "… Bưu"; "cần" after it is the modal -----

def test_the_post_office_corporation_is_named_whole() -> None:
    um = match_units("Tổng công ty Bưu điện Việt Nam phối hợp chi trả lương hưu.", 0)
    assert um.ok and um.units == ["Tổng công ty Bưu điện Việt Nam"]


def test_the_modal_after_a_place_name_ends_the_name() -> None:
    um = match_units("Công ty Thủy lợi Bắc Nam cần kiểm tra các cống.", 0)
    assert um.ok and um.units == ["Công ty Thủy lợi Bắc Nam"]
    assert match_units("Cục Hậu cần chủ trì kiểm kê.", 0).units == ["Cục Hậu cần"]


# -- a long Kính gửi list on one line (a legal portal's table cell) -------------------------------------------------------

def test_a_long_addressee_line_is_still_the_addressees() -> None:
    names = "; ".join(f"- Sở Y tế tỉnh {p}" for p in ("Hưng Yên", "Hòa Bình", "Thanh Hóa", "Quảng Trị", "Ninh Thuận",
                                                         "Hậu Giang", "Tây Ninh", "Bến Tre"))
    text = ("| BỘ Y TẾ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
            f"| Kính gửi: | {names}. |\n|---|---|\n\n"
            "Ngày 16/8/2026 Bộ Y tế đã có Công văn số 33/BYT-KH gửi Tổng công ty Dược Việt Nam về việc cung ứng "
            "thuốc và đề nghị Tổng công ty Dược Việt Nam cần có giải pháp bảo đảm nguồn thuốc.\n\n"
            "Đề nghị Quý Sở khẩn trương rà soát số thuốc tồn kho.\n")
    got = _tasks(text)
    assert len(got) == 1  # the earlier letter to the corporation is history
    assert got[0][0].startswith("Sở Y tế tỉnh Hưng Yên, Sở Y tế tỉnh Hòa Bình") and got[0][0].endswith("Bến Tre")


# -- "Sở X, cơ quan chuyên môn về …, chịu trách nhiệm chủ trì phối hợp với …:" — the unit's role in apposition ------------

def test_a_units_role_in_apposition_does_not_hide_its_duty_or_partners() -> None:
    text = ("Sở Công Thương, cơ quan chuyên môn trong lĩnh vực năng lượng chịu trách nhiệm chủ trì phối hợp với các sở, "
            "ban, ngành rà soát quy hoạch lưới điện nông thôn.")
    got = _tasks(text)
    assert got == [("Sở Công Thương", "rà soát quy hoạch lưới điện nông thôn", ["các sở, ban, ngành"])]


def test_the_partners_of_an_umbrella_with_an_apposition_help_each_dash() -> None:
    text = ("UBND tỉnh yêu cầu:\n2. Hoàn thiện thể chế:\n\n"
            "Sở Công Thương, cơ quan chuyên môn trong lĩnh vực năng lượng chịu trách nhiệm chủ trì phối hợp với các "
            "sở, ban, ngành tham mưu cho UBND tỉnh ban hành các văn bản sau:\n\n"
            "- Xây dựng quy chế quản lý lưới điện nông thôn.\n\n- Ban hành định mức hỗ trợ điện mặt trời áp mái.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Sở Công Thương"] * 2
    assert all(sup == ["các sở, ban, ngành"] for _, _, sup in got)


# -- the closing of a chỉ thị: a statement of importance and the closing formula are no duties ---------------------------

_CLOSING = ("Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh:\n\n"
            "1. Rà soát các cơ sở dạy nghề chưa đạt chuẩn trên địa bàn.\n\n"
            "2. Định kỳ hằng năm gửi báo cáo về Bộ Nội vụ về việc dạy nghề cho thanh niên nông thôn.\n\n"
            "Phát triển dạy nghề cho thanh niên nông thôn là nhiệm vụ trọng tâm, thể hiện sự quan tâm của Nhà nước. "
            "Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh thực hiện nghiêm túc, hiệu quả Chỉ thị này.")


def test_a_statement_of_importance_and_the_closing_formula_add_no_duty() -> None:
    got = _tasks(_CLOSING)
    assert [action[:12] for _, action, _ in got] == ["Rà soát các ", "Định kỳ hằng"]


def test_regarding_a_duty_as_the_main_one_is_still_the_duty() -> None:
    got = _tasks("UBND các xã tăng cường tuần tra bảo vệ rừng và coi đây là nhiệm vụ trọng tâm trong mùa khô.")
    assert len(got) == 1 and got[0][0] == "UBND các xã"


# -- dated milestones under a lettered duty: "Chậm nhất đến ngày …, bảo đảm …" --------------------------------------------

def test_dated_milestones_under_a_duty_are_the_headings_dated_duties() -> None:
    text = ("Bộ trưởng chỉ thị:\n1. Các trung tâm kiểm soát bệnh tật tỉnh:\n"
            "a) Triển khai sổ tiêm chủng điện tử tại các điểm tiêm:\n"
            "Chậm nhất đến ngày 30/6/2027, bảo đảm 100% điểm tiêm dùng sổ điện tử.\n"
            "Chậm nhất đến ngày 31/12/2027, bảo đảm 90% trẻ em có mã tiêm chủng.\n"
            "b) Báo cáo kết quả về Cục Y tế dự phòng.\n")
    got = extract_tasks(text, "2027-01-15")
    dated = [(t.lead, t.deadline) for t in got if t.deadline]
    assert dated == [("Các trung tâm kiểm soát bệnh tật tỉnh", "2027-06-30"),
                     ("Các trung tâm kiểm soát bệnh tật tỉnh", "2027-12-31")]
