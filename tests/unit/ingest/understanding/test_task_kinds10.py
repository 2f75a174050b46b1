"""extract_tasks: kinds of miss inside sentences where a rule already fires (issue 11, session 10: duty splitting and
which unit leads), each tested on invented variants, never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _pairs(text: str, issued: str | None = "2025-03-10") -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text, issued)]


# -- the local bodies in the plural: "UBND các địa phương", "Công an các địa phương" -------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("UBND các địa phương tổng hợp kết quả", "UBND các địa phương"),
    ("Chủ tịch Ủy ban nhân dân các địa phương chỉ đạo rà soát", "Chủ tịch Ủy ban nhân dân các địa phương"),
    ("Công an các địa phương tăng cường tuần tra", "Công an các địa phương"),
    ("Sở Y tế các địa phương bố trí đủ thuốc", "Sở Y tế các địa phương"),
])
def test_local_bodies_in_the_plural_are_one_name(text: str, name: str) -> None:
    um = match_units(text, 0)
    assert um.ok and text[um.start:um.end] == name


def test_a_follow_on_sentence_with_its_own_plural_local_subject_leads_itself() -> None:
    text = ("UBND tỉnh yêu cầu Sở Nội vụ và Chủ tịch UBND các địa phương hoàn thành việc rà soát biên chế. "
            "Đồng thời, UBND các địa phương gửi danh sách về Sở Nội vụ.")
    assert _pairs(text) == [
        ("Sở Nội vụ và Chủ tịch UBND các địa phương", "hoàn thành việc rà soát biên chế"),
        ("UBND các địa phương", "gửi danh sách về Sở Nội vụ"),
    ]


# -- a dash after a full stop inside a paragraph opens the next item of the same unit --------------------------------

@pytest.mark.parametrize("dash", ["-", "–", "+"])
def test_an_inline_dash_after_a_full_stop_is_a_new_duty(dash: str) -> None:
    text = (f"Sở Giáo dục và Đào tạo chỉ đạo các trường kiểm tra bếp ăn bán trú. {dash} Tuyên truyền cho học sinh "
            "rửa tay trước khi ăn. Sở Công Thương kiểm tra các chợ đầu mối.")
    assert _pairs(text) == [
        ("Sở Giáo dục và Đào tạo", "chỉ đạo các trường kiểm tra bếp ăn bán trú"),
        ("Sở Giáo dục và Đào tạo", "Tuyên truyền cho học sinh rửa tay trước khi ăn"),
        ("Sở Công Thương", "kiểm tra các chợ đầu mối"),
    ]


def test_a_dash_inside_a_sentence_is_not_a_cut() -> None:
    leads = [lead for lead, _ in _pairs("Giao Sở Xây dựng kiểm tra tuyến đường Vinh - Cửa Lò trong tháng 4/2025.")]
    assert leads == ["Sở Xây dựng"]


# -- "Riêng X …" / "Còn X …": the unit set apart goes straight on to its duty --------------------------------------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Riêng UBND huyện Mường Lát khẩn trương hoàn thiện hồ sơ quy hoạch.", "UBND huyện Mường Lát",
     "khẩn trương hoàn thiện hồ sơ quy hoạch"),
    ("Còn Sở Tài chính bố trí kinh phí cho các hoạt động trên.", "Sở Tài chính", "bố trí kinh phí cho các hoạt động trên"),
    ("Riêng các trường vùng cao tổ chức đón học sinh sớm hơn một tuần.", "các trường vùng cao",
     "tổ chức đón học sinh sớm hơn một tuần"),
])
def test_a_unit_set_apart_leads_its_duty(text: str, lead: str, action: str) -> None:
    assert _pairs(text) == [(lead, action)]


def test_a_unit_set_apart_after_a_series_keeps_its_own_duties() -> None:
    text = ("UBND tỉnh yêu cầu UBND các huyện lập hồ sơ đất đai; gửi hồ sơ về Sở Tài nguyên và Môi trường trước ngày "
            "20/3/2025. Riêng UBND huyện Kỳ Sơn hoàn thiện hồ sơ; gửi về Sở trước ngày 25/3/2025.")
    got = [(t.lead, t.deadline) for t in extract_tasks(text, "2025-03-10")]
    assert got == [("UBND các huyện", None), ("UBND các huyện", "2025-03-20"),
                   ("UBND huyện Kỳ Sơn", None), ("UBND huyện Kỳ Sơn", "2025-03-25")]


# -- the people who do the work, named by what they are: "đội ngũ …", "tập thể cán bộ …", "bộ phận …" ---------------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Tại buổi làm việc, đồng chí Bí thư Tỉnh ủy đề nghị tập thể cán bộ Ban Tuyên giáo tiếp tục đổi mới nội dung "
     "tuyên truyền.", "tập thể cán bộ Ban Tuyên giáo", "tiếp tục đổi mới nội dung tuyên truyền"),
    ("Trong quá trình tiếp nhận hồ sơ, bộ phận một cửa cần hướng dẫn đầy đủ cho người dân.", "bộ phận một cửa",
     "hướng dẫn đầy đủ cho người dân"),
    ("Chủ tịch UBND huyện yêu cầu đội ngũ y tế thôn bản phải theo dõi sát các ca sốt.", "đội ngũ y tế thôn bản",
     "theo dõi sát các ca sốt"),
])
def test_the_people_who_do_the_work_lead(text: str, lead: str, action: str) -> None:
    assert _pairs(text) == [(lead, action)]


def test_a_series_of_duties_of_such_a_group_is_split() -> None:
    text = ("Bí thư Huyện ủy đề nghị đội ngũ báo cáo viên, tuyên truyền viên của huyện cần chủ động nắm bắt dư luận "
            "xã hội; phát hiện, báo cáo kịp thời những vấn đề phức tạp; nỗ lực hoàn thành nhiệm vụ được giao.")
    assert _pairs(text) == [
        ("đội ngũ báo cáo viên, tuyên truyền viên của huyện", "chủ động nắm bắt dư luận xã hội"),
        ("đội ngũ báo cáo viên, tuyên truyền viên của huyện", "phát hiện, báo cáo kịp thời những vấn đề phức tạp"),
        ("đội ngũ báo cáo viên, tuyên truyền viên của huyện", "nỗ lực hoàn thành nhiệm vụ được giao"),
    ]


def test_a_group_that_is_to_be_trained_is_not_asked_to_act() -> None:
    assert _pairs("Đội ngũ giáo viên cần được bồi dưỡng thường xuyên.") == []


# -- a semicolon series whose later duties start with less common verbs ----------------------------------------------

def test_a_semicolon_series_with_less_common_verbs_is_split() -> None:
    text = ("UBND huyện yêu cầu các xã chủ động tổ chức các hoạt động hưởng ứng chiến dịch; in ấn và phát tờ rơi tại "
            "các khu dân cư; chỉnh trang khuôn viên nhà văn hóa thôn.")
    assert [a for _, a in _pairs(text)] == [
        "chủ động tổ chức các hoạt động hưởng ứng chiến dịch", "in ấn và phát tờ rơi tại các khu dân cư",
        "chỉnh trang khuôn viên nhà văn hóa thôn"]


def test_a_semicolon_series_of_objects_stays_one_duty() -> None:
    text = "Sở Y tế kiểm tra an toàn thực phẩm tại các bếp ăn tập thể; các cơ sở chế biến; các chợ đầu mối."
    assert len(_pairs(text)) == 1


# -- a document that goes on instructing: "Văn bản này cũng lưu ý …", "Công điện còn chỉ đạo …" ----------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Công văn cũng lưu ý UBND các huyện rà soát danh sách hộ nghèo.", "UBND các huyện"),
    ("Công điện còn chỉ đạo Sở Công Thương kiểm tra giá xăng dầu.", "Sở Công Thương"),
    ("Văn bản này cũng lưu ý các thành viên Chính phủ bố trí thời gian dự họp đầy đủ.", "các thành viên Chính phủ"),
])
def test_a_document_that_goes_on_instructing_names_the_unit(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


def test_a_follow_on_after_such_an_instruction_keeps_the_unit() -> None:
    text = ("Văn bản này cũng lưu ý các thành viên Hội đồng bố trí thời gian để dự họp đầy đủ. Đồng thời, chủ động "
            "chuẩn bị các báo cáo được phân công.")
    assert _pairs(text) == [("các thành viên Hội đồng", "bố trí thời gian để dự họp đầy đủ"),
                            ("các thành viên Hội đồng", "chủ động chuẩn bị các báo cáo được phân công")]


def test_a_plain_mention_of_a_note_is_not_an_instruction() -> None:
    assert _pairs("Báo cáo lưu ý các chỉ tiêu chưa đạt trong quý I.") == []


# -- heads named in lower case inside a sentence stand for their unit ------------------------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Giám đốc Sở Giáo dục và Đào tạo yêu cầu hiệu trưởng các trường trung học phổ thông tổ chức tiếp nhận học sinh "
     "trúng tuyển.", "hiệu trưởng các trường trung học phổ thông"),
    ("Tổng cục Thuế yêu cầu cục trưởng các cục thuế phải chỉ đạo các phòng đôn đốc thu nợ.", "cục trưởng các cục thuế"),
])
def test_a_head_named_in_lower_case_leads(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


# -- "Theo đó, …, đồng thời …": each duty of a follow-on sentence is a task ------------------------------------------

def test_each_duty_of_a_follow_on_sentence_is_a_task() -> None:
    text = ("Tổng cục yêu cầu Cục Quản lý thị trường các tỉnh tăng cường kiểm tra hàng hóa. Theo đó, tập trung kiểm tra "
            "các cơ sở sản xuất bánh kẹo, đồng thời ngăn chặn tình trạng buôn lậu đồ chơi.")
    assert _pairs(text) == [
        ("Cục Quản lý thị trường các tỉnh", "tăng cường kiểm tra hàng hóa"),
        ("Cục Quản lý thị trường các tỉnh", "tập trung kiểm tra các cơ sở sản xuất bánh kẹo"),
        ("Cục Quản lý thị trường các tỉnh", "ngăn chặn tình trạng buôn lậu đồ chơi"),
    ]


# -- a basis set off by commas ends at the comma before the duty's verb ---------------------------------------------

@pytest.mark.parametrize(("text", "action"), [
    ("Chủ tịch UBND tỉnh giao Sở Nông nghiệp và Môi trường, trên cơ sở phương án ứng phó với lũ quét đã được phê "
     "duyệt, hướng dẫn UBND các xã rà soát khu vực nguy hiểm.", "hướng dẫn UBND các xã rà soát khu vực nguy hiểm"),
    ("UBND tỉnh giao Sở Tài chính, căn cứ đề xuất của các sở, tổng hợp dự toán trình UBND tỉnh.",
     "tổng hợp dự toán trình UBND tỉnh"),
    ("UBND huyện giao Phòng Kinh tế, căn cứ vào kế hoạch phát triển sản xuất đã được duyệt, tham mưu phân bổ "
     "giống lúa cho các xã.", "tham mưu phân bổ giống lúa cho các xã"),
])
def test_a_basis_set_off_by_commas_is_not_the_duty(text: str, action: str) -> None:
    assert [a for _, a in _pairs(text)] == [action]


# -- a unit named by its letters, in the plural of its local branches -----------------------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Cục CSGT yêu cầu CSGT 63 tỉnh, thành phố tăng cường tuần tra trên các tuyến quốc lộ.", "CSGT 63 tỉnh, thành phố"),
    ("Bộ Công an yêu cầu PCCC các địa phương kiểm tra các chung cư mini.", "PCCC các địa phương"),
])
def test_a_unit_by_its_letters_in_the_plural_leads(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


# -- a news report that units were urged ("đã/đang/vừa đôn đốc X …") gives X the work --------------------------------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Bộ Nội vụ đã đôn đốc các bộ, cơ quan ngang bộ thực hiện báo cáo về biên chế.", "các bộ, cơ quan ngang bộ",
     "thực hiện báo cáo về biên chế"),
    ("Ban Quản lý dự án đang đôn đốc các nhà thầu thi công đẩy nhanh tiến độ mặt đường.", "các nhà thầu thi công",
     "đẩy nhanh tiến độ mặt đường"),
])
def test_units_reported_as_urged_lead(text: str, lead: str, action: str) -> None:
    assert _pairs(text) == [(lead, action)]


def test_a_unit_assigned_to_urge_others_keeps_the_duty() -> None:
    assert [lead for lead, _ in _pairs("Sở Y tế chủ trì, đôn đốc các bệnh viện thực hiện nghiêm quy chế chuyên môn.")] \
        == ["Sở Y tế"]


# -- the units asked, after a time phrase or named by their kind or one word -----------------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Thứ trưởng ghi nhận kết quả của Tổng cục, đồng thời đề nghị trong năm 2025, Tổng cục cần tập trung hoàn thiện "
     "thể chế.", "Tổng cục"),
    ("Đồng chí Bí thư nhấn mạnh trong 6 tháng cuối năm Mặt trận và các đoàn thể cần tập trung củng cố tổ chức hội.",
     "Mặt trận và các đoàn thể"),
    ("Thứ trưởng yêu cầu Vinaconex cần tăng cường kiểm tra chất lượng mặt đường.", "Vinaconex"),
    ("Chủ tịch UBND tỉnh yêu cầu: Thời gian tới, 3 lực lượng Công an, Quân sự, Biên phòng tiếp tục duy trì chế độ "
     "giao ban.", "3 lực lượng Công an, Quân sự, Biên phòng"),
    ("Đồng thời, các doanh nghiệp kinh doanh xăng dầu được đề nghị chú trọng chia sẻ nguồn cung cho các đại lý.",
     "các doanh nghiệp kinh doanh xăng dầu"),
])
def test_the_units_asked_are_found_past_the_wording_around_them(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


@pytest.mark.parametrize("text", [
    "Bộ trưởng yêu cầu Việc cần làm ngay là rà soát lại quy trình.",
    "Thủ tướng yêu cầu Những gì cần làm phải làm ngay.",
])
def test_a_capitalised_common_word_after_a_request_is_no_unit(text: str) -> None:
    assert _pairs(text) == []


# -- what the same unit does when the work is done: "Kết thúc kiểm tra, báo cáo …" ---------------------------------

@pytest.mark.parametrize("opener", ["Kết thúc kiểm tra", "Sau khi kết thúc đợt kiểm tra", "Sau khi hoàn thành"])
def test_reporting_when_done_is_the_same_units_duty(opener: str) -> None:
    text = (f"UBND tỉnh giao Sở Nội vụ chủ trì thành lập đoàn kiểm tra; tổ chức kiểm tra tại các cơ quan theo kế hoạch. "
            f"{opener}, báo cáo kết quả về UBND tỉnh.")
    assert _pairs(text)[-1] == ("Sở Nội vụ", "báo cáo kết quả về UBND tỉnh")


def test_local_government_within_the_province_leads() -> None:
    text = "Chính quyền các địa phương trong tỉnh có nhiệm vụ rà soát, thống kê các điểm có nguy cơ sạt lở."
    assert _pairs(text) == [("Chính quyền các địa phương trong tỉnh", "rà soát, thống kê các điểm có nguy cơ sạt lở")]


# -- the units named in what an adviser proposes, or in what a dossier asks, are not given the work here ------------

def test_units_the_adviser_proposes_to_instruct_are_not_the_lead() -> None:
    text = ("Giao Thanh tra tỉnh tổ chức tập huấn nghiệp vụ thanh tra. Tham mưu UBND tỉnh chỉ đạo các cơ quan, đơn vị "
            "xử lý những nội dung thuộc thẩm quyền; tổng hợp kết quả thanh tra báo cáo Thanh tra Chính phủ.")
    assert [lead for lead, _ in _pairs(text)] == ["Thanh tra tỉnh"] * 3


@pytest.mark.parametrize(("text", "lead"), [
    ("Sở Tài chính tham mưu UBND tỉnh giao Sở Xây dựng làm đầu mối quản lý dự án.", "Sở Tài chính"),
    ("Sở Nội vụ trình UBND tỉnh giao chỉ tiêu biên chế cho các huyện.", "Sở Nội vụ"),
])
def test_the_adviser_leads_its_proposal(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


def test_what_a_dossier_asks_for_is_not_a_task() -> None:
    text = "Ủy ban nhân dân cấp tỉnh gửi hồ sơ khoa học đề nghị UNESCO ghi danh di sản văn hóa phi vật thể."
    assert all(lead != "UNESCO" for lead, _ in _pairs(text))


# -- a letter sent to units about a duty ("gửi X về tăng cường …", "truyền đạt ý kiến chỉ đạo … về …") ---------------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Bộ Y tế vừa có công văn gửi Chủ tịch UBND các tỉnh, thành phố trực thuộc Trung ương về tăng cường phòng, chống "
     "dịch sốt xuất huyết.", "Chủ tịch UBND các tỉnh, thành phố trực thuộc Trung ương",
     "tăng cường phòng, chống dịch sốt xuất huyết"),
    ("Văn phòng Chính phủ vừa có văn bản gửi Bộ trưởng Bộ Công Thương và Chủ tịch Hội đồng thành viên Tập đoàn Điện "
     "lực Việt Nam truyền đạt ý kiến chỉ đạo của Phó Thủ tướng về bảo đảm cung ứng điện mùa khô.",
     "Bộ trưởng Bộ Công Thương và Chủ tịch Hội đồng thành viên Tập đoàn Điện lực Việt Nam",
     "bảo đảm cung ứng điện mùa khô"),
])
def test_a_letter_about_a_duty_gives_it_to_those_it_is_sent_to(text: str, lead: str, action: str) -> None:
    assert _pairs(text) == [(lead, action)]


def test_a_letter_about_a_result_is_no_task() -> None:
    assert _pairs("UBND tỉnh vừa có văn bản gửi Sở Tài chính về kết quả kiểm tra ngân sách năm 2024.") == []


# -- the Front and its member organisations ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("MTTQ các cấp và tổ chức thành viên đẩy mạnh tuyên truyền", "MTTQ các cấp và tổ chức thành viên"),
    ("UBMTTQ huyện tổ chức hội nghị", "UBMTTQ huyện"),
    ("Hội đồng thành viên các Tập đoàn kinh tế, Tổng công ty nhà nước báo cáo",
     "Hội đồng thành viên các Tập đoàn kinh tế, Tổng công ty nhà nước"),
])
def test_front_and_boards_are_names(text: str, name: str) -> None:
    um = match_units(text, 0)
    assert um.ok and text[um.start:um.end] == name


# -- a report due by a date after ';' is its own duty --------------------------------------------------------------

def test_a_report_due_by_a_date_after_a_semicolon_is_its_own_duty() -> None:
    text = ("UBND tỉnh yêu cầu các sở, ngành, địa phương: tăng cường công tác tuyên truyền; kiểm tra, xử lý nghiêm các "
            "trường hợp vi phạm; báo cáo kết quả về UBND tỉnh trước ngày 30/6/2025.")
    got = [(t.action, t.deadline) for t in extract_tasks(text, "2025-03-10")]
    assert got[-2:] == [("kiểm tra, xử lý nghiêm các trường hợp vi phạm", None),
                        ("báo cáo kết quả về UBND tỉnh", "2025-06-30")]


def test_finishing_by_a_date_after_a_semicolon_is_the_deadline_of_the_duty_before() -> None:
    got = [(t.action, t.deadline) for t in extract_tasks("Giao Sở Y tế kiểm tra các cơ sở; hoàn thành trước ngày "
                                                         "30/6/2025.", "2025-03-10")]
    assert got == [("kiểm tra các cơ sở", "2025-06-30")]


# -- "Sở cũng cần …" after a sentence naming the department: the same department ----------------------------------

def test_the_department_named_again_by_its_kind_is_the_one_just_named() -> None:
    text = ("Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Giao thông vận tải khẩn trương khắc phục sự cố sạt lở. Sở cũng cần "
            "rà soát các tuyến đường có nguy cơ sạt lở.")
    assert _pairs(text) == [("Giám đốc Sở Giao thông vận tải", "khẩn trương khắc phục sự cố sạt lở"),
                            ("Giám đốc Sở Giao thông vận tải", "rà soát các tuyến đường có nguy cơ sạt lở")]


def test_the_issuer_named_by_its_kind_undertaking_work_is_not_a_duty() -> None:
    text = "Bộ Tài chính đề nghị Sở Tài chính các tỉnh rà soát nợ đọng. Bộ cũng sẽ tổng hợp báo cáo Chính phủ."
    assert [lead for lead, _ in _pairs(text)] == ["Sở Tài chính các tỉnh"]


# -- "Về phía ngành y tế, … yêu cầu …": the sector or group put first is the one asked -------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Về phía ngành y tế, Chủ tịch UBND tỉnh yêu cầu tổ chức tốt việc khám chữa bệnh cho người dân.", "ngành y tế"),
    ("Về phía các doanh nghiệp, Bộ trưởng đề nghị chủ động nguồn hàng dịp Tết.", "các doanh nghiệp"),
    ("Về phía các TCTD, Phó Thống đốc yêu cầu nghiêm túc thực hiện các quy định về cho vay.", "các TCTD"),
])
def test_the_group_put_first_is_the_one_asked(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


# -- names cut short: a plural head before a capitalised name, "các Vụ, Cục", regional branches --------------------

@pytest.mark.parametrize(("text", "name"), [
    ("các Cục Quản lý đường bộ tăng cường kiểm tra", "các Cục Quản lý đường bộ"),
    ("các Ban Quản lý dự án khẩn trương bàn giao mặt bằng", "các Ban Quản lý dự án"),
    ("các Vụ, Cục chức năng kiểm tra an toàn thực phẩm", "các Vụ, Cục chức năng"),
    ("Kiểm toán nhà nước khu vực II kiểm toán ngân sách", "Kiểm toán nhà nước khu vực II"),
])
def test_a_name_ends_where_the_name_ends(text: str, name: str) -> None:
    um = match_units(text, 0)
    assert um.ok and text[um.start:um.end] == name


def test_a_plural_of_departments_without_a_colon_is_factored() -> None:
    [task] = extract_tasks("UBND tỉnh yêu cầu các Sở Y tế, Giáo dục và Đào tạo kiểm tra bếp ăn bán trú.", None)
    assert task.lead_units == ["Sở Y tế", "Sở Giáo dục và Đào tạo"] and task.action == "kiểm tra bếp ăn bán trú"


def test_cases_of_violation_are_not_a_unit() -> None:
    assert _pairs("Công an tỉnh xử lý các vụ vi phạm giao thông.") == [("Công an tỉnh",
                                                                       "xử lý các vụ vi phạm giao thông")]


# -- heads of many bodies told to instruct their own units keep the duty; mass organisations in lower case ----------

def test_heads_of_many_bodies_told_to_instruct_keep_the_duty() -> None:
    text = ("Chủ tịch UBND tỉnh yêu cầu Giám đốc Công an tỉnh chỉ đạo lực lượng chức năng tăng cường tuần tra. Đồng "
            "thời, Chủ tịch UBND các huyện chỉ đạo UBND các xã rà soát các hộ dân.")
    assert [lead for lead, _ in _pairs(text)] == ["Giám đốc Công an tỉnh", "Chủ tịch UBND các huyện"]


def test_the_provincial_chairman_instructing_a_department_gives_it_the_work() -> None:
    assert _pairs("Chủ tịch UBND tỉnh chỉ đạo Sở Y tế kiểm tra các bệnh viện.") == [("Sở Y tế",
                                                                                    "kiểm tra các bệnh viện")]


@pytest.mark.parametrize(("text", "lead"), [
    ("Hội Liên hiệp Phụ nữ tỉnh yêu cầu hội phụ nữ các cấp tăng cường tuyên truyền, vận động hội viên.",
     "hội phụ nữ các cấp"),
    ("Huyện ủy đề nghị hội cựu chiến binh xã phối hợp giữ gìn an ninh trật tự.", "hội cựu chiến binh xã"),
])
def test_mass_organisations_in_lower_case_lead(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


# -- openers before the unit: "Theo kế hoạch, để …, X …", "Trong thời gian tới X …" (comma left out) -----------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Theo kế hoạch, để kỷ niệm 20 năm thành lập huyện, UBND huyện sẽ chỉ đạo các ngành tập trung tuyên truyền.",
     "UBND huyện"),
    ("Trong thời gian tới UBND phường sẽ tiếp tục chỉ đạo ra quân xử lý vi phạm trật tự đô thị.", "UBND phường"),
    ("Theo chỉ đạo của Chủ tịch UBND tỉnh, Sở Y tế khẩn trương kiểm tra các bệnh viện.", "Sở Y tế"),
])
def test_the_unit_after_an_opener_leads(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


def test_work_reported_after_an_opener_is_no_task() -> None:
    assert _pairs("Theo báo cáo, Sở Y tế đã tổ chức 30 lớp tập huấn.") == []


# -- "các đồng chí Ban Chỉ đạo …" and a spirit asked for before the duty -----------------------------------------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Đề nghị các đồng chí Ban Chỉ đạo với tinh thần trách nhiệm cao nhất, bám sát nhiệm vụ được phân công.",
     "các đồng chí Ban Chỉ đạo", "bám sát nhiệm vụ được phân công"),
    ("UBND tỉnh yêu cầu các đồng chí Thường trực Hội đồng nghiêm túc thực hiện.", "các đồng chí Thường trực Hội đồng",
     "nghiêm túc thực hiện"),
    ("Giao Sở Xây dựng với quyết tâm cao nhất, hoàn thành dự án trước Tết.", "Sở Xây dựng", "hoàn thành dự án"),  # "trước Tết" is its deadline phrase
])
def test_comrades_of_a_body_and_the_spirit_asked_for(text: str, lead: str, action: str) -> None:
    assert _pairs(text) == [(lead, action)]


# -- a công điện's addressees are followed straight by what they must do; regions end a plural's name ---------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Thủ tướng Chính phủ đã có công điện gửi các tỉnh, thành phố khu vực miền Trung, cùng các bộ, ngành, tập trung "
     "theo dõi chặt chẽ diễn biến mưa lũ.", "các tỉnh, thành phố khu vực miền Trung, cùng các bộ, ngành"),
    ("Ban Chỉ đạo quốc gia đã có công điện gửi UBND các tỉnh Bắc Bộ, chủ động triển khai các biện pháp ứng phó rét "
     "đậm.", "UBND các tỉnh Bắc Bộ"),
])
def test_the_addressees_of_a_cong_dien_lead(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


def test_a_plain_letter_sent_with_a_comma_is_not_a_request() -> None:
    assert _pairs("Bộ Y tế đã gửi công văn cho các Sở Y tế, tổng hợp số liệu tiêm chủng.") == []


def test_a_board_named_in_lower_case_after_a_recurring_time_leads() -> None:
    text = ("Bộ Tài chính đề nghị định kỳ hàng tháng (trước ngày 25 của tháng báo cáo), hội đồng thành viên các Tập đoàn "
            "kinh tế, Tổng công ty nhà nước báo cáo tình hình cổ phần hóa doanh nghiệp.")
    assert _pairs(text) == [("hội đồng thành viên các Tập đoàn kinh tế, Tổng công ty nhà nước",
                             "báo cáo tình hình cổ phần hóa doanh nghiệp")]


# -- another unit joined by "và" or ", còn" with its own duty is its own task; a list of objects is not cut -----------

@pytest.mark.parametrize(("text", "want"), [
    ("UBND tỉnh yêu cầu Sở Y tế rà soát danh sách cơ sở khám bệnh và Sở Tài chính bố trí kinh phí mua vắc xin.",
     [("Sở Y tế", "rà soát danh sách cơ sở khám bệnh"), ("Sở Tài chính", "bố trí kinh phí mua vắc xin")]),
    ("Sở Nông nghiệp và Môi trường theo dõi sát tình hình, còn UBND các huyện chỉ đạo các xã thu hoạch lúa.",
     [("Sở Nông nghiệp và Môi trường", "theo dõi sát tình hình"), ("UBND các huyện", "chỉ đạo các xã thu hoạch lúa")]),
])
def test_another_unit_joined_with_its_own_duty(text: str, want: list[tuple[str, str]]) -> None:
    assert _pairs(text) == want


def test_units_urged_in_a_list_joined_by_va_are_not_cut() -> None:
    text = ("Bộ Công an theo dõi, đôn đốc các bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh triển khai thực "
            "hiện Kế hoạch.")
    assert [lead for lead, _ in _pairs(text)] == ["Bộ Công an"]


# -- party groups inside bodies and a body that leads ("lãnh đạo") its force --------------------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Đảng đoàn HĐND tỉnh, Ban cán sự đảng UBND tỉnh lãnh đạo, chỉ đạo thể chế hóa các chủ trương của Nghị quyết.",
     "Đảng đoàn HĐND tỉnh, Ban cán sự đảng UBND tỉnh"),
    ("Giao Đảng ủy Công an tỉnh lãnh đạo lực lượng công an đấu tranh phòng chống tội phạm.", "Đảng ủy Công an tỉnh"),
])
def test_party_groups_lead(text: str, lead: str) -> None:
    assert [lead2 for lead2, _ in _pairs(text)] == [lead]


# -- the issuer named again before its next request; a role before the unit -------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("UBND tỉnh yêu cầu Sở Tài nguyên và Môi trường tăng cường kiểm tra; đồng thời UBND tỉnh cũng đề nghị Bộ Tài "
     "nguyên và Môi trường hỗ trợ kỹ thuật.",
     [("Sở Tài nguyên và Môi trường", "tăng cường kiểm tra"), ("Bộ Tài nguyên và Môi trường", "hỗ trợ kỹ thuật")]),
    ("Thủ tướng yêu cầu Bộ Y tế chỉ đạo các bệnh viện; Thủ tướng cũng giao Bộ Tài chính bảo đảm kinh phí.",
     [("Bộ Y tế", "chỉ đạo các bệnh viện"), ("Bộ Tài chính", "bảo đảm kinh phí")]),
    ("Với vai trò cơ quan thường trực, Sở Nội vụ tổng hợp kết quả báo cáo UBND tỉnh.",
     [("Sở Nội vụ", "tổng hợp kết quả báo cáo UBND tỉnh")]),
])
def test_the_issuer_named_again_and_a_role_before_the_unit(text: str, want: list[tuple[str, str]]) -> None:
    assert _pairs(text) == want


# -- a long basis before the duty: "các thành viên căn cứ chức năng, nhiệm vụ …, nhiệm vụ được phân công bám sát …" --

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Theo đó, các thành viên căn cứ chức năng, nhiệm vụ của cơ quan, đơn vị, nhiệm vụ được phân công bám sát chỉ đạo "
     "của Huyện ủy.", "các thành viên", "bám sát chỉ đạo của Huyện ủy"),
    ("Các sở, ngành căn cứ chức năng, nhiệm vụ được giao chủ động triển khai các nội dung của Kế hoạch.",
     "Các sở, ngành", "chủ động triển khai các nội dung của Kế hoạch"),
])
def test_a_long_basis_before_the_duty_is_not_the_duty(text: str, lead: str, action: str) -> None:
    assert _pairs(text) == [(lead, action)]


def test_a_name_goes_on_into_the_plural_of_its_levels() -> None:
    text = ("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các ngành, các cấp tăng cường trực ban, theo dõi sát "
            "diễn biến mưa lũ.")
    assert _pairs(text) == [("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các ngành, các cấp",
                             "tăng cường trực ban, theo dõi sát diễn biến mưa lũ")]


# -- what a body also does ("X còn ra quân …") in a news report of its plans ---------------------------------------

def test_what_a_body_also_does_is_its_duty() -> None:
    text = "Cùng với đó, Tỉnh đoàn còn ra quân dọn vệ sinh môi trường; tổ chức chương trình tri ân các gia đình chính sách."
    assert _pairs(text) == [("Tỉnh đoàn", "ra quân dọn vệ sinh môi trường"),
                            ("Tỉnh đoàn", "tổ chức chương trình tri ân các gia đình chính sách")]


@pytest.mark.parametrize("text", [
    "Các địa phương còn chủ quan trong phòng chống dịch.",
    "Sở Y tế còn chậm triển khai các biện pháp.",
    "UBND huyện còn tồn tại nhiều hạn chế.",
])
def test_what_a_body_still_lacks_is_no_duty(text: str) -> None:
    assert _pairs(text) == []


def test_a_topic_in_lower_case_after_theo_do_comes_before_the_unit() -> None:
    assert _pairs("Theo đó, đối với hồ sơ tồn đọng, các huyện khẩn trương giải quyết dứt điểm.") == [
        ("các huyện", "khẩn trương giải quyết dứt điểm")]
