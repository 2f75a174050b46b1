"""Kinds of missed leads on passages (issue 11, session 24, `rules24`): each kind tested on invented wording, never on a
line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text, issued)]


# -- a factored list without "các": "giao Bộ: Tài chính, Xây dựng, Nội vụ chủ trì …" ------------------------------------

def test_a_factored_ministry_list_without_cac_gives_the_ministries_their_task() -> None:
    got = _tasks("Thủ tướng Chính phủ giao Bộ: Tài chính, Xây dựng, Nội vụ chủ trì nghiên cứu kiến nghị của tỉnh về "
                 "cơ chế quản lý bến cảng.")
    assert [lead for lead, _ in got] == ["Bộ: Tài chính, Xây dựng, Nội vụ"]
    assert got[0][1].startswith("nghiên cứu kiến nghị")


def test_a_factored_department_list_without_cac_gives_its_task() -> None:
    got = _tasks("UBND tỉnh giao Sở: Tài chính, Xây dựng chủ trì thẩm định phương án giá nhà ở xã hội.")
    assert [lead for lead, _ in got] == ["Sở: Tài chính, Xây dựng"]


def test_a_factored_list_in_the_noi_nhan_gives_no_task() -> None:
    text = ("UBND tỉnh giao Sở Xây dựng chủ trì thẩm định phương án giá nhà ở xã hội.\n"
            "Nơi nhận:\n- Bộ: Tài chính, Xây dựng;\n- Lưu: VT.\n")
    assert [lead for lead, _ in _tasks(text)] == ["Sở Xây dựng"]


# -- a dated span ahead before the units: "Từ ngày 10/8 đến hết ngày 20/8/2026, các cơ quan … ra quân …" ------------------

def test_a_dated_span_before_the_units_keeps_their_duty() -> None:
    got = _tasks("Theo đó, từ ngày 7/9 đến hết ngày 18/9/2026, các cơ quan, đơn vị, các thôn đồng loạt ra quân "
                 "khơi thông cống rãnh, thu gom rác thải.")
    assert [lead for lead, _ in got] == ["các cơ quan, đơn vị, các thôn"]
    assert got[0][1].startswith("đồng loạt ra quân khơi thông")


def test_a_dated_span_without_the_link_word_keeps_the_duty_too() -> None:
    got = _tasks("Từ ngày 7/9 đến 18/9/2026, các trường học rà soát cơ sở vật chất trước năm học mới.")
    assert [lead for lead, _ in got] == ["các trường học"]


def test_a_dated_span_reporting_work_done_gives_no_task() -> None:
    assert _tasks("Từ ngày 7/9 đến 18/9/2026, các cơ quan, đơn vị đã ra quân khơi thông được 40 tuyến cống.") == []
    assert _tasks("Từ ngày 7/9 đến 18/9/2026, Sở Y tế đã tổ chức 12 lớp tập huấn cho nhân viên y tế thôn.") == []
    assert _tasks("Từ ngày 7/9 đến 18/9/2026, Sở Y tế tổ chức 12 lớp tập huấn, đạt 100% kế hoạch.") == []


def test_a_span_up_to_now_is_the_past_and_gives_no_task() -> None:
    assert _tasks("Từ ngày 1/1 đến nay, các cơ quan, đơn vị đồng loạt ra quân khơi thông cống rãnh.") == []


# -- party and mass-organisation bodies at one level: "Cấp ủy, chính quyền các thôn …", "các cấp hội … trong huyện …" ---

def test_party_and_government_of_the_villages_with_a_duty_word_lead_their_task() -> None:
    got = _tasks("Cấp ủy, Chính quyền các thôn khẩn trương kiểm tra, nhắc nhở chủ lồng bè đưa người về nơi an toàn.")
    assert [lead for lead, _ in got] == ["Cấp ủy, Chính quyền các thôn"]


def test_grassroots_party_committees_with_a_modal_lead_their_task() -> None:
    got = _tasks("Cấp ủy cơ sở cần tăng cường sinh hoạt chuyên đề về đạo đức công vụ.")
    assert got == [("Cấp ủy cơ sở", "tăng cường sinh hoạt chuyên đề về đạo đức công vụ")]


def test_all_levels_of_a_mass_organisation_within_the_district_lead_their_task() -> None:
    got = _tasks("Các cấp hội nông dân trong huyện tập trung vận động hội viên chuyển đổi giống lúa chịu mặn.")
    assert [lead for lead, _ in got] == ["Các cấp hội nông dân trong huyện"]
    got = _tasks("Các cấp hội LHPN trong tỉnh cần đẩy mạnh phong trào tiết kiệm vì phụ nữ nghèo.")
    assert [lead for lead, _ in got] == ["Các cấp hội LHPN trong tỉnh"]


def test_those_bodies_reporting_work_done_give_no_task() -> None:
    assert _tasks("Cấp ủy, chính quyền các thôn đã kiểm tra, nhắc nhở 35 chủ lồng bè.") == []
    assert _tasks("Các cấp hội nông dân trong huyện đã vận động 300 hội viên chuyển đổi giống lúa.") == []


# -- the standing agency of a board asked with others: "yêu cầu cơ quan Thường trực Ban … huyện, Thủ trưởng …" --------------

def test_the_standing_agency_of_a_board_leads_with_the_others_asked() -> None:
    got = _tasks("Chủ tịch UBND huyện yêu cầu cơ quan Thường trực Ban Chỉ đạo phòng chống thiên tai huyện, Thủ trưởng "
                 "các cơ quan, đơn vị và UBND các xã tổ chức trực ban nghiêm túc trong những ngày mưa lũ.")
    assert len(got) == 1 and got[0][0].startswith("cơ quan Thường trực Ban Chỉ đạo phòng chống thiên tai huyện")
    assert got[0][1].startswith("tổ chức trực ban")


def test_a_standing_agency_reporting_what_it_did_gives_no_task() -> None:
    assert _tasks("Cơ quan thường trực Ban Chỉ đạo giảm nghèo tỉnh đã tổng hợp 120 hồ sơ hộ cận nghèo.") == []


# -- a causal link before the units: "Do vậy, UBND các xã …", "Bởi vậy, …", "Chính vì vậy, …" ---------------------------------

def test_a_causal_link_before_the_units_keeps_their_duty() -> None:
    assert _tasks("Do vậy, UBND các phường rà soát lại danh sách hộ nghèo trước kỳ xét duyệt.") == [
        ("UBND các phường", "rà soát lại danh sách hộ nghèo trước kỳ xét duyệt")]
    assert [lead for lead, _ in _tasks("Bởi vậy, các phòng chuyên môn cần cập nhật số liệu hằng tuần.")] == [
        "các phòng chuyên môn"]
    assert [lead for lead, _ in _tasks("Chính vì vậy, Sở Công Thương cần kiểm tra giá phân bón.")] == ["Sở Công Thương"]


def test_a_causal_link_before_work_done_or_a_fact_gives_no_task() -> None:
    assert _tasks("Do vậy, Sở Công Thương đã kiểm tra giá phân bón tại 30 cửa hàng.") == []
    assert _tasks("Bởi vậy, nhiều hộ dân vùng ven biển chưa được hỗ trợ kịp thời.") == []


# -- a board's name cut at a word read as a verb: "Ban quản lý chợ cần …", "Ban Chỉ đạo giảm nghèo tỉnh có trách nhiệm …" ---

def test_a_board_s_name_runs_on_to_the_duty_word() -> None:
    got = _tasks("Các trường học, trạm y tế, Ban quản lý chợ cần có phương án kê gác tài sản khi có mưa lũ.")
    assert got == [("Các trường học, trạm y tế, Ban quản lý chợ", "có phương án kê gác tài sản khi có mưa lũ")]
    got = _tasks("Ban Chỉ đạo giảm nghèo tỉnh có trách nhiệm tổng hợp danh sách hộ cận nghèo.")
    assert [lead for lead, _ in got] == ["Ban Chỉ đạo giảm nghèo tỉnh"]


def test_a_board_directing_others_keeps_its_own_name() -> None:
    got = _tasks("Ban Chỉ đạo chỉ đạo các xã phải hoàn thành việc rà soát hộ nghèo.")
    assert [lead for lead, _ in got] == ["Ban Chỉ đạo"]
    assert got[0][1].startswith("chỉ đạo các xã")


# -- neighbourhoods and hamlets as the units asked: "Các khu phố …", "Các xóm, khu dân cư …", "Các Trường học, Trạm y tế …" -

def test_neighbourhoods_and_hamlets_lead_their_duty() -> None:
    assert [lead for lead, _ in _tasks("Các khu phố cần lập danh sách hộ dân ở nơi trũng thấp.")] == ["Các khu phố"]
    assert [lead for lead, _ in _tasks("Các xóm, khu dân cư tổ chức tổng vệ sinh vào sáng Chủ nhật.")] == [
        "Các xóm, khu dân cư"]
    assert [lead for lead, _ in _tasks("Các Trường học, Trạm y tế cần kê cao tài liệu, thiết bị khi có lũ.")] == [
        "Các Trường học, Trạm y tế"]


def test_neighbourhoods_reporting_work_done_or_listed_as_recipients_give_no_task() -> None:
    assert _tasks("Các khu phố đã tổ chức tổng vệ sinh vào sáng Chủ nhật.") == []
    assert _tasks("Nơi nhận:\n- Các khu phố;\n- Lưu: VT.\n") == []


# -- the kind said before a unit's name: "Đơn vị Trung tâm Y tế huyện thực hiện …" --------------------------------------------

def test_the_kind_before_a_named_unit_is_no_part_of_the_lead() -> None:
    assert _tasks("Đơn vị Trung tâm Y tế huyện thực hiện phun thuốc khử khuẩn tại các điểm bầu cử.") == [
        ("Trung tâm Y tế huyện", "thực hiện phun thuốc khử khuẩn tại các điểm bầu cử")]


def test_the_kind_before_a_named_unit_reporting_or_speaking_gives_no_task() -> None:
    assert _tasks("Đơn vị Trung tâm Y tế huyện đã phun thuốc khử khuẩn tại 12 điểm bầu cử.") == []
    assert _tasks("Cơ quan Công an huyện cho biết đã bắt giữ 3 đối tượng.") == []
