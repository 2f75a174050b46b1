"""Kinds of missed leads and junk tasks read from the training data (issue 11, session 15, `rules15`): each kind
tested on invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, list[str]]]:
    return [(t.lead, t.action, list(t.support)) for t in extract_tasks(text, issued)]


# -- a person-in-office whose title names the kind of unit: "Trưởng phòng Tài chính - Kế hoạch" ------------------------

def test_head_of_a_room_named_after_the_title_is_the_room() -> None:
    s = "Trưởng phòng Tài nguyên và Môi trường huyện chủ trì kiểm tra các bãi tập kết cát."
    um = match_units(s, 0)
    assert um.ok and um.units == ["Trưởng phòng Tài nguyên và Môi trường huyện"]


def test_head_of_a_board_named_after_the_title_is_the_board() -> None:
    um = match_units("Phó Trưởng ban Dân vận Huyện ủy tham mưu tổ chức hội nghị.", 0)
    assert um.ok and um.units == ["Phó Trưởng ban Dân vận Huyện ủy"]


def test_a_person_named_after_the_title_is_no_unit() -> None:
    assert not match_units("Trưởng phòng Lê Thị Hoa cho biết sẽ kiểm tra.", 0).ok


def test_heads_as_subject_of_a_semicolon_series_lead_each_duty() -> None:
    text = ("Trưởng phòng Kinh tế - Hạ tầng, Thủ trưởng các đơn vị trực thuộc phối hợp với các cơ quan liên quan "
            "rà soát hiện trạng các tuyến đường; phải chủ động đề xuất phương án sửa chữa; bố trí lực lượng trực "
            "trong mùa mưa bão.")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Trưởng phòng Kinh tế - Hạ tầng, Thủ trưởng các đơn vị trực thuộc"] * 3
    assert got[0][1].startswith("rà soát hiện trạng") and got[0][2] == ["các cơ quan liên quan"]
    assert got[2][1].startswith("bố trí lực lượng")


def test_units_belonging_to_the_issuing_department_keep_it_in_their_name() -> None:
    um = match_units("Thủ trưởng các phòng thuộc Sở tổ chức quán triệt kế hoạch.", 0)
    assert um.ok and um.units == ["Thủ trưởng các phòng thuộc Sở"]


# -- "1. Đồng chí <chức vụ> - <vị trí trong ban>: nhiệm vụ; nhiệm vụ" in "Tổ chức thực hiện" ------------------------------

_ROSTER = (
    "III. TỔ CHỨC THỰC HIỆN\n"
    "1. Đồng chí Phó Chủ tịch UBND phường - Trưởng tiểu ban: Phụ trách chung, chịu trách nhiệm trước Ban chỉ đạo "
    "về toàn bộ công việc; chủ động kiểm tra tiến độ chuẩn bị hội trường; kịp thời báo cáo những vướng mắc với "
    "Trưởng ban.\n"
    "2. Đồng chí Trưởng Ban tổ chức Đảng ủy - Phó Trưởng tiểu ban thường trực: Chỉ đạo chuẩn bị tài liệu phục vụ "
    "hội nghị. Đôn đốc các thành viên hoàn thành phần việc được giao.\n"
    "3. Đồng chí Phó Giám đốc Trung tâm dịch vụ nông nghiệp - Ủy viên: Chuẩn bị phương tiện đưa đón đại biểu.\n"
)


def test_comrades_listed_by_office_lead_their_duties() -> None:
    got = _tasks(_ROSTER)
    leads = [lead for lead, _, _ in got]
    assert leads.count("Đồng chí Phó Chủ tịch UBND phường - Trưởng tiểu ban") == 2
    assert leads.count("Đồng chí Trưởng Ban tổ chức Đảng ủy - Phó Trưởng tiểu ban thường trực") == 2
    assert "Đồng chí Phó Giám đốc Trung tâm dịch vụ nông nghiệp - Ủy viên" in leads


def test_overall_charge_is_a_role_not_a_duty() -> None:
    actions = [action for _, action, _ in _tasks(_ROSTER)]
    assert not any(a.startswith(("Phụ trách chung", "chịu trách nhiệm trước")) for a in actions)
    assert any(a.startswith("chủ động kiểm tra tiến độ") for a in actions)


def test_a_comrade_in_running_text_is_not_a_heading() -> None:
    text = "Đồng chí Chủ tịch UBND xã đã chủ trì buổi làm việc: các thôn báo cáo tình hình sản xuất vụ đông."
    assert all(not lead.startswith("Đồng chí") for lead, _, _ in _tasks(text))


# -- the steps of an internal procedure table ("Bước 3 | Trưởng phòng … | 0,5 ngày làm việc") are no tasks --------------

def test_procedure_steps_are_not_tasks_but_the_decision_above_them_is() -> None:
    text = ("Điều 2. Sở Nội vụ chủ trì niêm yết công khai quy trình tại Bộ phận một cửa.\n"
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH\n"
            "Bước 1\n"
            "Tiếp nhận hồ sơ, chuyển Phòng Công chức\n"
            "Công chức một cửa\n"
            "0,5 ngày làm việc\n"
            "Bước 2\n"
            "Trưởng phòng Công chức - Viên chức xem xét hồ sơ, trình Lãnh đạo Sở ký duyệt văn bản\n"
            "Trưởng phòng Công chức - Viên chức\n"
            "01 ngày làm việc\n"
            "Bước 3\n"
            "Lãnh đạo Sở ký duyệt văn bản trả kết quả\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Sở Nội vụ"]


# -- a unit's list of duties goes on across a paragraph describing the duty, and after "Tuy nhiên," -------------------

def test_a_period_paragraph_does_not_end_the_units_duties() -> None:
    text = ("Chủ tịch UBND huyện giao Phòng Nội vụ kiểm tra công tác lưu trữ tại các xã.\n\n"
            "Thời kỳ kiểm tra từ năm 2021 đến năm 2025.\n\n"
            "Tổng hợp kết quả kiểm tra, báo cáo UBND huyện theo quy định.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Phòng Nội vụ", "Phòng Nội vụ"]
    assert got[1][1].startswith("Tổng hợp kết quả kiểm tra")


def test_a_period_paragraph_is_no_time_limit_of_the_duty() -> None:
    text = ("Giao Thanh tra huyện thanh tra việc quản lý đất công tại các xã.\n"
            "Thời kỳ thanh tra từ 01/01/2020 đến 31/12/2024.\n")
    got = extract_tasks(text, "2026-03-02")
    assert [(t.lead, t.deadline) for t in got] == [("Thanh tra huyện", None)]


def test_however_opening_a_paragraph_goes_on_with_the_same_unit() -> None:
    text = ("Chi cục Hải quan cửa khẩu kiểm tra chặt chẽ hàng hóa tạm nhập, tái xuất.\n"
            "Tuy nhiên, phải bảo đảm thông quan nhanh hàng hóa thiết yếu. Phối hợp chặt chẽ với bộ đội Biên phòng "
            "trong tuần tra kiểm soát đường mòn, lối mở.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Chi cục Hải quan cửa khẩu"] * 3
    assert got[1][1].startswith("phải bảo đảm thông quan")  # the linking word is not part of the duty
    assert got[2][2] == ["bộ đội Biên phòng"]


def test_however_after_a_paragraph_with_no_duty_starts_nothing() -> None:
    text = ("Sở Công Thương kiểm tra các cửa hàng xăng dầu.\n"
            "Thị trường xăng dầu tuần qua cơ bản ổn định.\n"
            "Tuy nhiên, giá bán lẻ còn biến động ở một số địa phương.\n")
    assert [lead for lead, _, _ in _tasks(text)] == ["Sở Công Thương"]


# -- a law, decree, circular or consolidated text allocates standing competences: no tasks for an inbox ---------------

_DECREE_HEAD = ("CHÍNH PHỦ\nSố: 45/2026/NĐ-CP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                "Hà Nội, ngày 02 tháng 3 năm 2026\nNGHỊ ĐỊNH\nQuy định chi tiết về quản lý bến thủy nội địa\n")


def test_a_decrees_standing_competences_are_no_tasks() -> None:
    from services.ingest.understanding import understand

    text = _DECREE_HEAD + (
        "Điều 5. Thẩm quyền cấp phép\n"
        "1. Ủy ban nhân dân cấp tỉnh cấp giấy phép hoạt động bến thủy nội địa trên địa bàn.\n"
        "2. Sở Xây dựng thẩm định hồ sơ trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ.\n"
        "Điều 6. Trách nhiệm kiểm tra\n"
        "Ủy ban nhân dân cấp xã có trách nhiệm kiểm tra, xử lý bến hoạt động không phép.\n")
    assert understand(text).tasks == []


def test_a_dated_duty_in_a_decree_stays_for_review() -> None:
    from services.ingest.understanding import understand

    text = _DECREE_HEAD + (
        "Điều 5. Thẩm quyền cấp phép\n"
        "Ủy ban nhân dân cấp tỉnh cấp giấy phép hoạt động bến thủy nội địa trên địa bàn.\n"
        "Điều 20. Tổ chức thực hiện\n"
        "Bộ Xây dựng ban hành mẫu giấy phép thống nhất trước ngày 30 tháng 6 năm 2026.\n")
    got = understand(text).tasks
    assert [(t.lead, t.deadline) for t in got] == [("Bộ Xây dựng", "2026-06-30")]
    assert got[0].confidence < 0.8  # a clerk looks at it first


# -- the market's actors a directive tells to act -------------------------------------------------------------------

def test_banks_shops_and_household_businesses_are_units() -> None:
    for phrase in ("các ngân hàng thương mại", "các chi nhánh ngân hàng nước ngoài", "các cửa hàng xăng dầu",
                   "các hộ kinh doanh", "các cơ sở sản xuất, kinh doanh", "các cấp hội", "các phòng khám"):
        um = match_units(f"{phrase} phải báo cáo số liệu.", 0)
        assert um.ok and um.units == [phrase], phrase


def test_a_market_actor_asked_in_the_passive_leads() -> None:
    text = "Đồng thời, các cửa hàng xăng dầu được đề nghị niêm yết giá bán công khai tại cửa hàng."
    assert [lead for lead, _, _ in _tasks(text)] == ["các cửa hàng xăng dầu"]


def test_turning_a_resolution_into_a_plan_is_a_duty() -> None:
    got = _tasks("Các chi bộ trực thuộc cụ thể hóa Nghị quyết thành chương trình hành động của đơn vị.")
    assert [(lead, action[:12]) for lead, action, _ in got] == [("Các chi bộ trực thuộc", "cụ thể hóa N")]


def test_a_headed_items_duty_mentioning_tasks_given_is_its_own_duty() -> None:
    text = ("g) Bộ Công Thương rà soát nguồn cung phân bón, báo cáo Thủ tướng trước ngày 15 tháng 4 năm 2026.\n"
            "h) Các bộ, ngành, địa phương: rà soát, hoàn thành các nhiệm vụ được giao, hoàn thành trong tháng 4 năm 2026.\n")
    got = extract_tasks(text, "2026-03-02")
    assert [(t.lead, t.deadline) for t in got] == [("Bộ Công Thương", "2026-04-15"),
                                                   ("Các bộ, ngành, địa phương", "2026-04-30")]


# -- unit names: "bầu cử" is a noun inside a name; a document the unit acts on ends its name --------------------------

def test_an_election_council_is_named_whole_in_a_support_list() -> None:
    text = ("Sở Nội vụ phối hợp với Văn phòng Hội đồng bầu cử quốc gia, Sở Y tế và các cơ quan liên quan "
            "hướng dẫn công tác chuẩn bị tại các khu vực bỏ phiếu.")
    got = _tasks(text)
    assert got == [("Sở Nội vụ", "hướng dẫn công tác chuẩn bị tại các khu vực bỏ phiếu",
                    ["Văn phòng Hội đồng bầu cử quốc gia", "Sở Y tế", "các cơ quan liên quan"])]


def test_a_plan_the_unit_draws_up_is_not_part_of_its_name() -> None:
    got = _tasks("Ban Thường trực Ủy ban MTTQ Việt Nam xã xây dựng Kế hoạch giám sát công tác bầu cử.")
    assert [(lead, action) for lead, action, _ in got] == [
        ("Ban Thường trực Ủy ban MTTQ Việt Nam xã", "xây dựng Kế hoạch giám sát công tác bầu cử")]


# -- "Đối với Đảng ủy - UBND các xã": the party committee and the people's committee of a place lead together ----------

def test_party_and_peoples_committee_heading_leads_its_items() -> None:
    text = ("3. Nhiệm vụ thời gian tới\n"
            "3.1. Đối với Đảng ủy - UBND các xã, thị trấn\n"
            "- Tăng cường lãnh đạo các ban, ngành xã tổ chức đánh giá kết quả, báo cáo UBND huyện trước ngày 15/6/2026.\n"
            "- Tiếp tục chỉ đạo phát huy vai trò của các đoàn thể trong công tác tuyên truyền.\n"
            "3.2. Đối với Ban Chỉ huy quân sự huyện\n"
            "- Giúp UBND huyện theo dõi, hướng dẫn các xã triển khai thực hiện.\n")
    got = extract_tasks(text, "2026-03-02")
    assert [(t.lead, t.deadline) for t in got] == [("Đảng ủy - UBND các xã, thị trấn", "2026-06-15"),
                                                   ("Đảng ủy - UBND các xã, thị trấn", None),
                                                   ("Ban Chỉ huy quân sự huyện", None)]


def test_youth_union_association_and_pioneer_bases_are_one_unit() -> None:
    text = ("2. Các cơ sở Đoàn, Hội, Đội:\n"
            "- Đẩy mạnh tuyên truyền thu hút đoàn viên tham gia chương trình.\n"
            "- Triển khai thăm hỏi, tặng quà cho các gia đình chính sách.\n")
    assert [lead for lead, _, _ in _tasks(text)] == ["Các cơ sở Đoàn, Hội, Đội"] * 2
    um = match_units("Các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh chủ động giám sát.", 0)
    assert um.units[-1].endswith("Hội đồng nhân dân tỉnh")  # a council is no "Hội" of that list
