"""Kinds of missed leads (issue 11, session 25, `rules25`): each kind tested on invented wording, never on a line of the
labelled data."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- a sentence that ends in an acronym ("… dự án ODA. Sở X …") ends there ---------------------------------------------

def test_a_sentence_ending_in_an_acronym_is_cut_there_and_the_next_unit_leads_its_own_duty() -> None:
    text = ("Chủ tịch UBND tỉnh yêu cầu Sở Tài chính rà soát nguồn vốn đối ứng của các dự án ODA. Sở Xây dựng khẩn "
            "trương hoàn thiện hồ sơ thiết kế cầu Hòa Lộc.")
    got = _tasks(text)
    assert [(lead, action) for lead, action, _ in got] == [
        ("Sở Tài chính", "rà soát nguồn vốn đối ứng của các dự án ODA"),
        ("Sở Xây dựng", "khẩn trương hoàn thiện hồ sơ thiết kế cầu Hòa Lộc")]


def test_a_topic_unit_after_a_sentence_ending_in_an_acronym_gets_its_request() -> None:
    text = ("Phó Chủ tịch cũng yêu cầu các phòng chuyên môn nghiên cứu cơ chế hỗ trợ liên quan đến hoạt động OCOP. "
            "Về phía các hợp tác xã, Phó Chủ tịch yêu cầu chủ động đăng ký sản phẩm dự thi.")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["các phòng chuyên môn", "các hợp tác xã"]
    assert got[0][1].endswith("hoạt động OCOP")
    assert got[1][1].startswith("chủ động đăng ký")


def test_an_abbreviation_with_its_stop_and_a_roman_numeral_do_not_end_the_sentence() -> None:
    got = _tasks("Giao Sở Công Thương kiểm tra các cửa hàng xăng dầu tại TP. Vinh và báo cáo kết quả trước ngày 15/4/2026.")
    assert len(got) == 1 and "TP. Vinh" in got[0][1] and got[0][2] == "2026-04-15"
    got = _tasks("Đề nghị Hội Nông dân tỉnh chuẩn bị các nội dung phục vụ Đại hội khóa XII. Thời gian xong trước ngày "
                 "30/4/2026.")
    assert [lead for lead, _, _ in got] == ["Hội Nông dân tỉnh"]


# -- a timetable: dated steps after the text's own date are the duties of the units that open them -------------------

_TIMETABLE = ("Ngày 10/7, Giám đốc Sở Nội vụ cho biết lịch tuyển dụng viên chức năm nay như sau.\n"
              "Ngày 18/7, Trung tâm Dịch vụ việc làm tỉnh tiến hành tiếp nhận hồ sơ dự tuyển. Theo Sở Nội vụ, ngày "
              "25/7, Trung tâm Y tế huyện tổ chức kiểm tra sức khỏe các thí sinh. Ngày 5/8, các bệnh viện tuyến huyện "
              "hoàn tất việc ký hợp đồng với người trúng tuyển.\n")


def test_the_dated_steps_of_a_timetable_are_duties_of_their_units() -> None:
    got = _tasks(_TIMETABLE, None)
    assert [(lead, action.split()[0]) for lead, action, _ in got] == [
        ("Trung tâm Dịch vụ việc làm tỉnh", "tiến"), ("Trung tâm Y tế huyện", "tổ"),
        ("các bệnh viện tuyến huyện", "hoàn")]


def test_a_dated_step_after_the_issue_date_counts_and_news_of_past_days_does_not() -> None:
    plan = ("Ngày 20/5/2026, Sở Y tế tổ chức tập huấn cho các trạm y tế. Ngày 25/5/2026, Trung tâm Kiểm soát bệnh tật "
            "tỉnh triển khai tiêm bổ sung tại các xã vùng cao.")
    assert [lead for lead, _, _ in _tasks(plan, "2026-05-12")] == ["Sở Y tế", "Trung tâm Kiểm soát bệnh tật tỉnh"]
    # the same steps dated before the text was written are what happened, not duties
    assert _tasks(plan, "2026-06-30") == []
    # told as done ("đã"), or a single dated sentence, is news
    news = ("Ngày 3/4, UBND huyện họp thường kỳ. Ngày 5/4, Sở Y tế đã tổ chức tập huấn cho các trạm y tế. Ngày 8/4, "
            "Trung tâm Y tế huyện đã triển khai tiêm bổ sung.")
    assert _tasks(news, None) == []
    assert _tasks("Ngày 3/4, UBND huyện họp. Ngày 9/4, Sở Y tế tổ chức tập huấn cho các trạm y tế.", None) == []


# -- "X sẽ …": what a body named by its kind will do is its duty ----------------------------------------------------

def test_a_mass_organisation_in_lower_case_that_will_act_leads_its_duty() -> None:
    got = _tasks("Theo đó, các cấp hội cựu chiến binh trong tỉnh sẽ tổ chức các hoạt động tri ân phù hợp với địa "
                 "phương.")
    assert [(lead, action.split()[0]) for lead, action, _ in got] == [
        ("các cấp hội cựu chiến binh trong tỉnh", "tổ")]
    got = _tasks("Các cấp hội nông dân sẽ triển khai mô hình sản xuất an toàn.")
    assert [lead for lead, _, _ in got] == ["Các cấp hội nông dân"]


def test_what_a_body_will_suffer_or_do_as_a_consequence_is_no_duty() -> None:
    assert _tasks("Chính quyền địa phương sẽ bị xử lý nếu để xảy ra vi phạm.") == []
    assert _tasks("Nhà đầu tư sẽ được hưởng ưu đãi theo quy định.") == []
    assert _tasks("Trường hợp nhà thầu chậm tiến độ, chủ đầu tư sẽ đánh giá năng lực nhà thầu để xử lý theo hợp đồng.") \
        == []


# -- a leader named with the offices held instructs units: the units instructed lead ----------------------------------

def test_units_instructed_by_a_leader_named_with_several_offices_lead() -> None:
    got = _tasks("Đồng chí Nguyễn Thị Hoa – Phó Bí thư Huyện ủy, Chủ tịch Ủy ban MTTQ huyện, Trưởng ban Dân vận "
                 "Huyện ủy chỉ đạo các tổ chức chính trị - xã hội huyện chủ động rà soát, kiện toàn bộ máy.")
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [
        ("các tổ chức chính trị - xã hội huyện", ["chủ", "động"])]


def test_a_title_without_a_person_s_name_keeps_the_director_s_own_duty() -> None:
    got = _tasks("Giám đốc Sở Y tế chỉ đạo Trung tâm Kiểm soát bệnh tật tỉnh tăng cường giám sát dịch.")
    assert [lead for lead, _, _ in got] == ["Giám đốc Sở Y tế"]


# -- "chính quyền <unit>": the local government of a body named after it is that body -------------------------------

def test_the_government_of_a_named_body_asked_or_with_a_duty_word_leads() -> None:
    got = _tasks("Chủ tịch UBND thị xã đề nghị chính quyền UBND các phường tăng cường kiểm tra trật tự đô thị; xử lý "
                 "dứt điểm việc lấn chiếm vỉa hè.")
    assert [(lead, action.split()[0]) for lead, action, _ in got] == [
        ("chính quyền UBND các phường", "tăng"), ("chính quyền UBND các phường", "xử")]
    got = _tasks("Chính quyền xã Tân Phú khẩn trương rà soát danh sách hộ nghèo.")
    assert [lead for lead, _, _ in got] == ["Chính quyền xã Tân Phú"]


def test_a_news_item_on_a_commune_s_practice_gives_no_duty() -> None:
    text = ("Cấp ủy, chính quyền xã Tân Phú thường xuyên kiểm tra, giám sát việc sử dụng đất ở các thôn. Nhờ vậy, các "
            "vi phạm mới đều được xử lý kịp thời.")
    assert _tasks(text) == []


# -- the unit asked is whoever the subject-first grammar reads as a unit acting ----------------------------------------

def test_units_described_by_place_or_trade_after_a_request_lead() -> None:
    got = _tasks("Yêu cầu các trường học trong huyện tổ chức dạy bù cho học sinh trước ngày 30/5/2026.")
    assert [(lead, action.split()[0], dl) for lead, action, dl in got] == [
        ("các trường học trong huyện", "tổ", "2026-05-30")]
    got = _tasks("Đề nghị các đơn vị thi công trên tuyến khẩn trương hoàn trả mặt bằng cho người dân.")
    assert [lead for lead, _, _ in got] == ["các đơn vị thi công trên tuyến"]


# -- a news item's report of a letter: "X vừa có văn bản gửi Y yêu cầu …" gives Y the duty --------------------------------

def test_a_unit_told_to_send_a_letter_keeps_that_duty() -> None:
    got = _tasks("Chiều 12/4, UBND tỉnh họp bàn phương án phòng cháy tại các chợ. Theo đó, Sở Công Thương có văn bản gửi "
                 "các ban quản lý chợ yêu cầu rà soát hệ thống điện.")
    assert [(lead, action.split()[:3]) for lead, action, _ in got] == [("Sở Công Thương", ["có", "văn", "bản"])]


def test_the_addressees_described_by_their_trade_and_those_listed_after_gom() -> None:
    got = _tasks("Bộ Nông nghiệp và Môi trường vừa có văn bản gửi các doanh nghiệp sản xuất, kinh doanh và nhập khẩu "
                 "phân bón yêu cầu bảo đảm nguồn cung cho vụ Đông Xuân.")
    assert [lead for lead, _, _ in got] == ["các doanh nghiệp sản xuất, kinh doanh và nhập khẩu phân bón"]
    got = _tasks("Văn bản được gửi tới các bộ, ngành, đơn vị gồm Bộ Xây dựng, Bộ Tài chính, UBND các tỉnh đề nghị "
                 "phối hợp tháo gỡ vướng mắc về mặt bằng.")
    assert [lead for lead, _, _ in got] == ["Bộ Xây dựng, Bộ Tài chính, UBND các tỉnh"]


# -- a hard-wrapped line that ends in a request word goes on with the units asked -------------------------------------

def test_a_request_word_at_the_end_of_a_wrapped_line_joins_the_units_on_the_next() -> None:
    text = ("c) Đề nghị\n"
            "UBND tỉnh chỉ đạo các sở, ngành liên quan giải quyết dứt điểm những kiến nghị của cử tri về các hạng mục sau:\n"
            "- Chỉ đạo Sở Xây dựng hoàn thành thẩm định thiết kế cầu Khe Lau trước ngày 15/10/2026.\n"
            "- Sớm khởi công xây dựng trường mầm non xã Tân Minh.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["UBND tỉnh", "UBND tỉnh"]
    assert got[0][2] == "2026-10-15"


# -- in a news item, a head of a body instructing its units reports their duty ------------------------------------------

def test_in_a_news_item_the_units_a_director_instructs_lead_and_the_next_speech_is_no_duty_of_theirs() -> None:
    text = ("Sáng 3/3, Bộ Chỉ huy Quân sự tỉnh ra quân huấn luyện năm 2026.\n\n"
            "Thực hiện chỉ đạo của Bộ Quốc phòng, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh chỉ đạo các đơn vị duy trì "
            "nghiêm chế độ trực sẵn sàng chiến đấu, bảo đảm an toàn tuyệt đối.\n\n"
            "Phát biểu tại buổi lễ, Chủ tịch UBND tỉnh biểu dương tinh thần của cán bộ, chiến sĩ.\n")
    got = _tasks(text, None)
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [("các đơn vị", ["duy", "trì"])]


def test_in_a_directive_the_director_keeps_the_duty_of_instructing() -> None:
    text = "Giám đốc Sở Y tế chỉ đạo các bệnh viện tuyến huyện bố trí đủ giường bệnh, thuốc và vật tư y tế.\n"
    assert [lead for lead, _, _ in _tasks(text)] == ["Giám đốc Sở Y tế"]


# -- lower-case bodies after a request: a time phrase without its comma, mass organisations at named levels ----------

def test_plural_units_in_lower_case_after_a_time_phrase_without_a_comma_are_asked() -> None:
    got = _tasks("Tại hội nghị, Chủ tịch UBND huyện đề nghị thời gian tới các xã, thị trấn cần tiếp tục rà soát danh "
                 "sách hộ cận nghèo.")
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [("các xã, thị trấn", ["tiếp", "tục"])]


def test_mass_organisations_and_unions_named_in_lower_case_with_their_levels_are_asked() -> None:
    got = _tasks("Tỉnh hội đề nghị hội nông dân các huyện, thị xã tổ chức tập huấn kỹ thuật cho hội viên.")
    assert [lead for lead, _, _ in got] == ["hội nông dân các huyện, thị xã"]
    got = _tasks("Liên đoàn Lao động tỉnh yêu cầu công đoàn cơ sở các trường học thăm hỏi đoàn viên khó khăn dịp Tết.")
    assert [lead for lead, _, _ in got] == ["công đoàn cơ sở các trường học"]


# -- "Về phía <sector>, cần …": the sector put first, then a modal and its duty ----------------------------------------

def test_a_sector_as_topic_then_a_modal_gives_it_the_duty() -> None:
    got = _tasks("Về phía ngành giáo dục, cần chủ động rà soát cơ sở vật chất trước năm học mới.")
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [("ngành giáo dục", ["chủ", "động"])]
    got = _tasks("Về phía các TCTD, cần tiếp tục cơ cấu lại nợ cho khách hàng bị thiệt hại do bão.")
    assert [lead for lead, _, _ in got] == ["các TCTD"]


def test_a_topic_that_is_no_unit_or_a_report_gives_no_duty() -> None:
    assert _tasks("Về phía doanh nghiệp, đã có nhiều chuyển biến tích cực trong năm qua.") == []
    assert _tasks("Đối với các trường hợp vi phạm, phải xử lý nghiêm theo quy định.") == []


# -- a party committee's board with its kind in lower case --------------------------------------------------------------

def test_a_party_board_written_in_lower_case_is_a_unit_asked_or_acting() -> None:
    got = _tasks("Đồng chí Bí thư Huyện ủy giao nhiệm vụ cho Ủy ban kiểm tra Huyện ủy giám sát việc khắc phục hạn chế "
                 "sau kiểm tra.")
    assert [(lead, action.split()[:2]) for lead, action, _ in got] == [("Ủy ban kiểm tra Huyện ủy", ["giám", "sát"])]
    got = _tasks("Ban dân vận Tỉnh ủy chủ trì hướng dẫn các huyện tổ chức Ngày hội Đại đoàn kết toàn dân tộc.")
    assert [lead for lead, _, _ in got] == ["Ban dân vận Tỉnh ủy"]

