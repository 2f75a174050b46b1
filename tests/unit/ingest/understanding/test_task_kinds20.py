"""Kinds of missed leads and duty boundaries in whole documents (issue 11, session `rules20`): each kind tested on
invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- points numbered "(i)", "(ii)", "(iii)" (lower-case Roman numerals), each naming its unit as the subject ----------

def test_points_numbered_with_small_roman_numerals_are_items() -> None:
    text = ("b) Để hoàn thành các mốc tiến độ còn lại, đề nghị:\n"
            "(i) Tổng công ty Cấp nước Sài Gòn báo cáo Ủy ban nhân dân tỉnh về tiến độ lắp đặt trạm bơm.\n"
            "(ii) Ủy ban nhân dân huyện Cát Tiên chỉ đạo các xã bàn giao mặt bằng trong tháng 12 năm 2026.\n"
            "(iii) Giao Sở Công Thương chỉ đạo Công ty Điện lực ký hợp đồng đấu nối.\n"
            "(iv) Bộ Xây dựng hướng dẫn chủ đầu tư các thủ tục cần thiết.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2], dl) for lead, action, dl in got] == [
        ("Tổng công ty Cấp nước Sài Gòn", ["báo", "cáo"], None),
        ("Ủy ban nhân dân huyện Cát Tiên", ["chỉ", "đạo"], "2026-12-31"),
        ("Sở Công Thương", ["chỉ", "đạo"], None),
        ("Bộ Xây dựng", ["hướng", "dẫn"], None),
    ]


def test_a_bracketed_small_roman_numeral_inside_a_sentence_is_no_item() -> None:
    text = "Giao Sở Tài chính chủ trì rà soát các khoản chi (i) thường xuyên và (ii) đầu tư, báo cáo trước ngày 10/5/2026.\n"
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Sở Tài chính"]
    assert "(ii) đầu tư" in got[0][1]


# -- dashed duties under a numbered item that names its unit as the subject ------------------------------------------

def test_dashed_duties_under_a_numbered_item_go_on_with_its_unit() -> None:
    text = ("Yêu cầu các cơ quan liên quan thực hiện một số nội dung sau:\n"
            "(1) Sở Giao thông vận tải chỉ đạo Ban Quản lý dự án đẩy nhanh thi công cầu Bến Đá, hoàn thành trước ngày "
            "15 tháng 12 năm 2026.\n"
            "- Chỉ đạo các nhà thầu bố trí đủ nhân lực, máy móc thi công ba ca.\n"
            "- Chủ trì, phối hợp với Sở Tài chính hoàn thiện hồ sơ thanh toán khối lượng.\n"
            "(2) Công an tỉnh hướng dẫn chủ đầu tư hoàn thiện hồ sơ phòng cháy.\n"
            "- Kiểm tra điều kiện an toàn trước khi đưa cầu vào sử dụng.\n")
    got = extract_tasks(text, "2026-03-02")
    assert [(t.lead, t.action.split()[0]) for t in got] == [
        ("Sở Giao thông vận tải", "chỉ"),
        ("Sở Giao thông vận tải", "Chỉ"),
        ("Sở Giao thông vận tải", "hoàn"),
        ("Công an tỉnh", "hướng"),
        ("Công an tỉnh", "Kiểm"),
    ]
    assert got[2].support == ["Sở Tài chính"]


def test_dashed_items_that_name_their_own_units_keep_them() -> None:
    text = ("Ủy ban nhân dân tỉnh yêu cầu:\n"
            "1. Sở Nông nghiệp và Môi trường tổng hợp thiệt hại do mưa lũ.\n"
            "- Ủy ban nhân dân các xã báo cáo số hộ bị ảnh hưởng.\n"
            "- Công an tỉnh bảo đảm an ninh trật tự tại vùng lũ.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == [
        "Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã", "Công an tỉnh"]


# -- a name whose two fields are joined by a hyphen with no spaces ("Công nghiệp-Năng lượng") --------------------------

def test_a_hyphen_with_no_spaces_inside_a_corporation_s_name_does_not_end_it() -> None:
    text = "Đề nghị:\n(i) Tập đoàn Cao su-Hóa chất miền Trung báo cáo Bộ Công Thương về thời gian khánh thành nhà máy.\n"
    got = _tasks(text)
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [
        ("Tập đoàn Cao su-Hóa chất miền Trung", ["báo", "cáo"])]


def test_an_abbreviated_pair_and_a_dash_before_the_next_unit_stay_as_they_were() -> None:
    got = _tasks("Giao Sở GD-ĐT chủ trì tổ chức kỳ thi tuyển sinh lớp 10 năm học 2026-2027.\n")
    assert [lead for lead, _, _ in got] == ["Sở GD-ĐT"]


# -- a role set off by its scope before its verb: "Chủ đầu tư, trong phạm vi trách nhiệm của mình, khẩn trương …" --

def test_a_role_whose_scope_is_set_off_by_commas_still_leads_its_duty() -> None:
    text = ("2. Chủ đầu tư, trong phạm vi trách nhiệm của mình, khẩn trương hoàn thành đường gom phía tây "
            "trong tháng 10 năm 2026.\n"
            "3. Nhà thầu thi công, theo phạm vi hợp đồng, chịu trách nhiệm bảo hành mặt đường.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2], dl) for lead, action, dl in got] == [
        ("Chủ đầu tư", ["khẩn", "trương"], "2026-10-31"),
        ("Nhà thầu thi công", ["bảo", "hành"], None),
    ]


def test_a_scope_phrase_not_followed_by_a_duty_gives_no_task() -> None:
    assert _tasks("2. Chủ đầu tư, trong phạm vi dự án, là nơi có nhiều hộ dân sinh sống.\n") == []


# -- bold marks of a page copied as Markdown ("**2. Giao Sở Nội vụ**") --------------------------------------------------

def test_bold_marks_around_a_numbered_heading_do_not_hide_its_number() -> None:
    text = ("Chủ tịch Ủy ban nhân dân tỉnh chỉ đạo như sau:\n"
            "**1. Giao Sở Nội vụ**\n"
            "- Hướng dẫn các cơ quan cập nhật hồ sơ cán bộ **trước ngày 10 tháng 12 năm 2026**.\n"
            "- Tham mưu Ủy ban nhân dân tỉnh đánh giá trách nhiệm người đứng đầu.\n"
            "**2. Giao Sở Tài chính**\n"
            "- Bố trí kinh phí nâng cấp phần mềm quản lý hồ sơ.\n")
    got = extract_tasks(text, "2026-11-20")
    assert [(t.lead, t.action.split()[0], t.deadline) for t in got] == [
        ("Sở Nội vụ", "Hướng", "2026-12-10"),
        ("Sở Nội vụ", "Tham", None),
        ("Sở Tài chính", "Bố", None),
    ]
    for t in got:  # every phrase is still one of the text as written
        assert t.span is not None and " ".join(text[t.span[0]:t.span[1]].split()) == t.sentence
        assert " ".join(t.action.split()) in " ".join(text.split())


def test_bold_marks_inside_a_joint_heading_stay_in_the_lead_as_written() -> None:
    text = ("**1. Giao thủ trưởng các cơ quan chuyên môn,** **các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân "
            "tỉnh**\n"
            "- Rà soát hồ sơ cán bộ, công chức, viên chức của cơ quan, đơn vị mình.\n")
    got = _tasks(text)
    assert len(got) == 1
    lead = got[0][0]
    assert lead.startswith("thủ trưởng các cơ quan chuyên môn,") and lead.endswith("thuộc Ủy ban nhân dân tỉnh")
    assert lead in " ".join(text.split())
    assert got[0][1].startswith("Rà soát hồ sơ")


# -- collectives of the public sector named in full --------------------------------------------------------------------

def test_public_service_units_and_other_administrative_bodies_are_named_in_full() -> None:
    from services.ingest.understanding.task_units import match_units
    s = "các cơ quan hành chính khác, các đơn vị sự nghiệp công lập thuộc UBND huyện báo cáo"
    m = match_units(s, 0)
    assert m.units == ["các cơ quan hành chính khác", "các đơn vị sự nghiệp công lập thuộc UBND huyện"]
    assert s[m.end:].strip() == "báo cáo"


# -- a plan's task table whose duty column is headed "Nội dung thực hiện" -----------------------------------------------

def test_a_task_table_headed_noi_dung_thuc_hien_gives_one_task_per_row() -> None:
    text = ("PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
            "TT\tNội dung thực hiện\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
            "1\tXây dựng quy chế phối hợp cứu hộ trên sông\tSở Xây dựng\tCông an tỉnh\tTrước ngày 30/9/2026\n"
            "2\tTập huấn lực lượng xung kích các xã\tBộ Chỉ huy Quân sự tỉnh\tỦy ban nhân dân các xã\tQuý IV/2026\n")
    got = extract_tasks(text, "2026-05-04")
    assert [(t.lead, t.action.split()[0], t.deadline, t.support) for t in got] == [
        ("Sở Xây dựng", "Xây", "2026-09-30", ["Công an tỉnh"]),
        ("Bộ Chỉ huy Quân sự tỉnh", "Tập", "2026-12-31", ["Ủy ban nhân dân các xã"]),
    ]


def test_a_table_cut_one_cell_per_paragraph_between_pipes_is_still_read() -> None:
    text = ("|\n**TT**\n|\n**Nội dung thực hiện**\n|\n**Cơ quan chủ trì**\n|\n**Cơ quan phối hợp**\n|\n"
            "**Thời gian hoàn thành**\n|\n|\n1\n|\nXây dựng quy chế phối hợp cứu hộ\ntrên sông\n|\nSở Xây dựng\n|\n"
            "Công an tỉnh\n|\nTrước ngày\n30/9/2026\n|\n|\n")
    got = extract_tasks(text, "2026-05-04")
    assert [(t.lead, t.action, t.deadline) for t in got] == [
        ("Sở Xây dựng", "Xây dựng quy chế phối hợp cứu hộ trên sông", "2026-09-30")]


def test_a_numbered_heading_that_describes_its_units_leads_the_dashed_duties_below() -> None:
    text = ("5. Các chủ đầu tư xây dựng và\nkinh doanh hạ tầng cụm công nghiệp\n\n"
            "- Tạo điều kiện về mặt bằng cho việc lắp đặt trạm thu phát sóng.\n\n"
            "- Báo cáo kết quả triển khai về Sở Khoa học và Công nghệ.\n"
            "6. Các phòng ban tham gia tập huấn\n"
            "- Bố trí cán bộ tham dự đầy đủ các lớp.\n")
    got = _tasks(text)
    assert [(lead, action.split()[0]) for lead, action, _ in got] == [
        ("Các chủ đầu tư xây dựng và kinh doanh hạ tầng cụm công nghiệp", "Tạo"),
        ("Các chủ đầu tư xây dựng và kinh doanh hạ tầng cụm công nghiệp", "Báo"),
        ("Các phòng ban tham gia tập huấn", "Bố"),
    ]


def test_a_glued_hyphen_before_another_body_does_not_join_the_two() -> None:
    from services.ingest.understanding.task_units import match_units
    s = "Cục Quản lý thị trường-Bộ Công Thương;"
    assert match_units(s, 0).units == ["Cục Quản lý thị trường"]


# -- persons in office: a deputy named by the field in their charge -----------------------------------------------------

def test_a_deputy_named_by_the_field_in_their_charge_shares_the_duties() -> None:
    text = ("(2) Đồng chí Giám đốc Sở Xây dựng, Phó Giám đốc Sở Xây dựng phụ trách lĩnh vực tiếp tục theo dõi sát "
            "tiến độ; trực tiếp chỉ đạo kiểm tra chất lượng công trình; kịp thời báo cáo cấp có thẩm quyền.\n")
    got = _tasks(text)
    assert [action.split()[:2] for _, action, _ in got] == [["tiếp", "tục"], ["trực", "tiếp"], ["kịp", "thời"]]
    # (rules29: the head and the deputy of one body are one lead, named by the head — one unit, one inbox; the one
    # such labelled training item keeps the head only)
    assert {lead for lead, _, _ in got} == {"Đồng chí Giám đốc Sở Xây dựng"}


# -- a letter's addressees called together: "đề nghị Quý cơ quan, đơn vị …" -------------------------------------------

def test_the_courtesy_form_for_several_kinds_of_addressee_names_the_kinh_gui_units() -> None:
    text = ("Kính gửi:\n- Sở Nông nghiệp và Môi trường;\n- Công an tỉnh.\n"
            "Để chủ động phòng cháy rừng mùa khô, Ủy ban nhân dân tỉnh đề nghị Quý cơ quan, đơn vị thực hiện "
            "các nội dung sau:\n"
            "1. Tăng cường tuần tra các khu rừng có nguy cơ cháy cao.\n"
            "2. Rà soát phương án chữa cháy rừng, hoàn thành trước ngày 30/3/2026.\n")
    got = _tasks(text)
    assert [(lead, action.split()[0], dl) for lead, action, dl in got] == [
        ("Sở Nông nghiệp và Môi trường, Công an tỉnh", "Tăng", None),
        ("Sở Nông nghiệp và Môi trường, Công an tỉnh", "Rà", "2026-03-30"),
    ]


def test_the_courtesy_form_without_a_kinh_gui_line_stays_as_written() -> None:
    got = _tasks("Đề nghị Quý cơ quan, đơn vị rà soát phương án chữa cháy rừng trước ngày 30/3/2026.\n")
    assert [lead for lead, _, _ in got] == ["Quý cơ quan, đơn vị"]


# -- "theo chức năng, nhiệm vụ, thẩm quyền quy định" between the units and their verb ---------------------------------

def test_units_acting_within_their_competence_as_prescribed_lead_the_items_below() -> None:
    text = ("5. Để siết chặt quản lý các dự án sau cấp phép, các sở, ngành, Ủy ban nhân dân cấp xã theo chức năng, "
            "nhiệm vụ, thẩm quyền quy định triển khai thực hiện những nội dung sau:\n"
            "a) Định kỳ kiểm tra tiến độ góp vốn của nhà đầu tư.\n"
            "b) Thu hồi chủ trương đối với dự án chậm tiến độ quá 24 tháng.\n")
    got = _tasks(text)
    assert [(lead, action.split()[0]) for lead, action, _ in got] == [
        ("các sở, ngành, Ủy ban nhân dân cấp xã", "Định"),
        ("các sở, ngành, Ủy ban nhân dân cấp xã", "Thu"),
    ]


# -- a people's committee told to direct its departments in a notice it did not write ----------------------------------

def test_a_committee_that_did_not_write_the_notice_leads_the_direction_it_is_told_to_give() -> None:
    text = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 600/TB-VPCP\nTHÔNG BÁO\n"
            "Kết luận của Phó Thủ tướng tại buổi làm việc với lãnh đạo tỉnh Quảng Trị\n"
            "Phó Thủ tướng kết luận như sau:\n"
            "Ủy ban nhân dân Tỉnh chỉ đạo các sở, ngành hướng dẫn chính quyền cấp xã tháo gỡ vướng mắc về đất đai; "
            "tiếp tục điều động cán bộ cấp tỉnh về cấp xã.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [
        ("Ủy ban nhân dân Tỉnh", ["chỉ", "đạo"]), ("Ủy ban nhân dân Tỉnh", ["tiếp", "tục"])]


def test_the_committee_s_own_letter_still_gives_the_directed_departments() -> None:
    text = ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nSố: 12/UBND-TH\n"
            "Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành hướng dẫn chính quyền cấp xã tháo gỡ vướng mắc về đất đai.\n")
    assert [lead for lead, _, _ in _tasks(text)] == ["các sở, ngành"]


# -- a unit's role in the plan before its duty: "Là cơ quan thường trực …, giúp …" --------------------------------------

def test_a_role_stated_before_the_duty_under_a_unit_heading_does_not_hide_the_duty() -> None:
    text = ("II. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp\n\n"
            "Là cơ quan thường trực của Ban Chỉ đạo, giúp Trưởng Ban Chỉ đạo kiểm tra việc thực hiện kế hoạch.\n\n"
            "2. Ban Thường vụ Đoàn xã\n- Là đơn vị thường trực tổ chức chương trình.\n- Tổ chức hội thu quà tặng.\n")
    got = _tasks(text)
    assert [(lead, action.split()[0]) for lead, action, _ in got] == [
        ("Sở Tư pháp", "giúp"), ("Ban Thường vụ Đoàn xã", "Tổ")]


# -- "số" (digital) inside a name: "Trung tâm Chuyển đổi số tỉnh" --------------------------------------------------------

def test_a_digital_transformation_centre_is_named_in_full() -> None:
    from services.ingest.understanding.task_units import match_units
    s = "Trung tâm Chuyển đổi số tỉnh và các cơ quan liên quan bảo đảm hạ tầng"
    assert match_units(s, 0, support=True).units == ["Trung tâm Chuyển đổi số tỉnh", "các cơ quan liên quan"]
    got = _tasks("Giao Sở Nội vụ phối hợp với Trung tâm Dữ liệu số tỉnh cập nhật hồ sơ cán bộ, công chức.\n")
    assert got[0][0] == "Sở Nội vụ" and got[0][1].startswith("cập nhật hồ sơ")


def test_digitising_is_no_word_of_a_name() -> None:
    from services.ingest.understanding.task_units import match_units
    assert match_units("Trung tâm Công nghệ số hóa tài liệu lưu trữ", 0).units == ["Trung tâm Công nghệ"]


# -- conclusions of a working session: the province named by its kind ("Tỉnh chủ động …") ------------------------------

_SESSION = ("VĂN PHÒNG CHÍNH PHỦ\nTHÔNG BÁO\nKết luận của Phó Thủ tướng tại buổi làm việc với lãnh đạo tỉnh Quảng Trị\n"
            "Phó Thủ tướng kết luận như sau:\nI. ĐÁNH GIÁ CHUNG\nTỉnh đã đạt nhiều kết quả quan trọng.\n"
            "II. NHIỆM VỤ THỜI GIAN TỚI\n")


def test_the_province_named_by_its_kind_in_its_own_working_session_is_the_host() -> None:
    text = _SESSION + ("1. Trên cơ sở quy định về biên chế, Tỉnh chủ động kiện toàn tổ chức bộ máy các cơ quan.\n"
                       "2. Tỉnh cần rà soát quy hoạch; tiếp tục cải thiện môi trường đầu tư.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [
        ("tỉnh Quảng Trị", ["chủ", "động"]), ("tỉnh Quảng Trị", ["rà", "soát"]), ("tỉnh Quảng Trị", ["tiếp", "tục"])]


def test_the_host_ends_with_its_line_and_its_party_committee_stays_itself() -> None:
    got = _tasks(_SESSION + "1. Tỉnh ủy lãnh đạo công tác cán bộ chặt chẽ.\n")
    assert [lead for lead, _, _ in got] == ["Tỉnh ủy"]


def test_a_locality_ends_a_centre_s_name_before_the_duty_verb() -> None:
    from services.ingest.understanding.task_units import match_units
    assert match_units("Trung tâm Công nghệ thông tin Thành phố xây dựng, đề xuất phương án", 0).units == [
        "Trung tâm Công nghệ thông tin Thành phố"]
    assert match_units("Ban Quản lý dự án đầu tư xây dựng tỉnh chủ trì", 0).units == [
        "Ban Quản lý dự án đầu tư xây dựng tỉnh"]


def test_a_focal_point_that_leads_with_partners_is_read_as_before() -> None:
    text = ("1. Sở Khoa học và Công nghệ\n"
            "a) Là cơ quan đầu mối, chủ trì, phối hợp với các sở, ngành tham mưu Ủy ban nhân dân tỉnh triển khai kế "
            "hoạch; tổ chức theo dõi, đánh giá kết quả chuyển đổi số của doanh nghiệp.\n")
    got = extract_tasks(text, "2026-03-02")
    assert [(t.lead, t.action.split()[0], t.support) for t in got] == [
        ("Sở Khoa học và Công nghệ", "tham", ["các sở, ngành"]), ("Sở Khoa học và Công nghệ", "tổ", [])]


# -- "…; trong quá trình thi công bảo đảm …": a duty of a semicolon series after its occasion, with no comma ----------

def test_a_duty_after_its_occasion_in_a_semicolon_series_is_its_own() -> None:
    text = ("2. Nhà thầu thi công khẩn trương hoàn thành mặt đường trong tháng 10 năm 2026; trong quá trình thi công "
            "bảo đảm an toàn giao thông cho người dân.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [
        ("Nhà thầu thi công", ["khẩn", "trương"]), ("Nhà thầu thi công", ["bảo", "đảm"])]


def test_an_occasion_with_no_duty_verb_stays_with_the_duty_before() -> None:
    got = _tasks("Giao Sở Xây dựng kiểm tra các công trình; trong quá trình kiểm tra các hạng mục và hồ sơ.\n")
    assert len(got) == 1 and got[0][1].endswith("các hạng mục và hồ sơ")


# -- the units a lead urges or guides are one list, not new subjects ----------------------------------------------------

def test_units_urged_by_the_lead_stay_the_object_of_its_duty() -> None:
    text = ("2. Sở Tư pháp có trách nhiệm theo dõi, hướng dẫn, đôn đốc các sở, ngành, Ủy ban nhân dân các xã, phường "
            "triển khai thực hiện; tổng hợp báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện Kế hoạch.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [
        ("Sở Tư pháp", ["theo", "dõi,"]), ("Sở Tư pháp", ["tổng", "hợp"])]


# -- precision: a count of communes is no unit acting ------------------------------------------------------------------

def test_a_count_of_communes_formed_by_a_merger_is_no_task() -> None:
    text = ("Điều 1. Sắp xếp các đơn vị hành chính cấp xã của tỉnh Bình An.\n"
            "Sau khi sắp xếp, tỉnh Bình An có 80 đơn vị hành chính cấp xã, gồm 60 xã và 20 phường; trong đó có 58 xã, "
            "20 phường hình thành sau sắp xếp quy định tại Điều này và 02 xã không thực hiện sắp xếp.\n")
    assert _tasks(text) == []
