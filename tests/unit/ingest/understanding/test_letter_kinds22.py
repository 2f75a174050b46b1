"""Letters by kind, session rules22 (issue 11: the addressee leads, the sending formula and the issuer's background are
not duties). Each kind is tested on invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.letters import sending_formula
from services.ingest.understanding.tasks import extract_tasks


def _leads(text: str) -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text, "2025-05-02")]


def test_the_closing_sending_formula_is_not_a_task() -> None:
    text = """VĂN PHÒNG UBND HUYỆN MINH KHÊ
Kính gửi: Phòng Văn hóa và Thông tin huyện
Qua xem xét, đề nghị Phòng Văn hóa và Thông tin huyện chỉnh sửa dự thảo quy chế theo ý kiến của các xã.
Văn phòng UBND huyện gửi Phòng Văn hóa và Thông tin huyện tổng hợp./.
"""
    assert [lead for lead, _ in _leads(text)] == ["Phòng Văn hóa và Thông tin huyện"]


def test_sending_formula_wordings() -> None:
    for action in ("gửi Sở Nội vụ tổng hợp./.", "gửi các đơn vị biết, thực hiện.", "trân trọng gửi Quý cơ quan để biết"):
        assert sending_formula(action), action
    # a duty to send something, with what is sent or where it goes, stays a duty
    for action in ("gửi báo cáo về Sở Nội vụ trước ngày 10/6/2025", "gửi về Sở Tài chính để tổng hợp",
                   "gửi Sở Tài chính thẩm định trước khi trình UBND tỉnh",
                   "gửi ý kiến bằng văn bản về Phòng Tư pháp để tổng hợp"):
        assert not sending_formula(action), action


def test_the_press_of_the_centre_is_one_addressee_that_leads() -> None:
    text = ("Sở Du lịch đề nghị Hội Nhà báo tỉnh, các cơ quan báo chí của Trung ương chỉ đạo phóng viên thông tin "
            "kịp thời về mùa lễ hội.")
    assert _leads(text) == [("Hội Nhà báo tỉnh, các cơ quan báo chí của Trung ương",
                             "chỉ đạo phóng viên thông tin kịp thời về mùa lễ hội")]


def test_the_issuers_own_background_assignment_is_not_a_task() -> None:
    text = """SỞ TƯ PHÁP
Kính gửi: Hội Luật gia tỉnh
1. Để thi hành Luật Hòa giải, Sở Tư pháp được giao xây dựng tài liệu bồi dưỡng hòa giải viên ở cơ sở.
2. Sở Tư pháp đề nghị Hội Luật gia tỉnh cử chuyên gia góp ý tài liệu trước ngày 20/5/2025.
"""
    leads = [lead for lead, _ in _leads(text)]
    assert leads == ["Hội Luật gia tỉnh"]


def test_a_unit_given_a_duty_in_the_issuers_plan_keeps_it() -> None:
    text = """ỦY BAN NHÂN DÂN TỈNH HÀ LAM
1. Sở Tư pháp được giao chủ trì xây dựng tài liệu bồi dưỡng hòa giải viên, hoàn thành trong quý III/2025.
"""
    assert [lead for lead, _ in _leads(text)] == ["Sở Tư pháp"]


# -- a party conclusion converted from Word: its item numbers are bold ("**3.**"), a party committee is given a duty

def test_bold_item_numbers_start_new_duties_and_a_party_committee_leads() -> None:
    text = ("**2.** Yêu cầu các huyện uỷ rà soát lại quy chế làm việc,\nbảo đảm đúng quy định.\n"
            "**3.** Giao Đảng uỷ Khối các cơ quan tỉnh lãnh đạo, chỉ đạo các chi bộ\ntrực thuộc phối hợp với Ban "
            "Tổ chức Tỉnh uỷ kiện toàn cấp uỷ.\n*4.* Giao Ban Tuyên giáo Tỉnh uỷ theo dõi\nviệc thực hiện.\n")
    assert [t.lead for t in extract_tasks(text, "2025-05-02")] == [
        "các huyện uỷ", "Đảng uỷ Khối các cơ quan tỉnh", "Ban Tuyên giáo Tỉnh uỷ"]


def test_bold_lettered_items_under_a_chair_are_its_duties() -> None:
    text = ("**3.** Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính thực hiện các nội dung sau:\n"
            "**a)** Rà soát quy hoạch các khu dân cư;\n**b)** Kiểm tra việc cấp phép xây dựng.\n")
    got = [(t.lead, t.support, t.action) for t in extract_tasks(text, "2025-05-02")]
    assert got == [("Sở Xây dựng", ["Sở Tài chính"], "Rà soát quy hoạch các khu dân cư"),
                   ("Sở Xây dựng", ["Sở Tài chính"], "Kiểm tra việc cấp phép xây dựng")]


def test_a_bold_numbered_unit_heading_leads_its_dashes() -> None:
    text = "**1. Sở Y tế**\n- Chủ trì, phối hợp với Sở Tài chính rà soát hồ sơ.\n**2. Sở Tài chính**\n- Bố trí kinh phí.\n"
    assert [(t.lead, t.support) for t in extract_tasks(text, "2025-05-02")] == [
        ("Sở Y tế", ["Sở Tài chính"]), ("Sở Tài chính", [])]


def test_a_kind_then_its_units_named_in_full_is_one_joint_lead() -> None:
    text = ("Yêu cầu các hội: Hội Làm vườn, Hiệp hội Chè Tân Cương và Hội Sinh vật cảnh tổ chức đại hội trước ngày "
            "30/6/2025.")
    got = extract_tasks(text, "2025-05-02")
    assert [(t.lead_units, t.deadline) for t in got] == [
        (["Hội Làm vườn", "Hiệp hội Chè Tân Cương", "Hội Sinh vật cảnh"], "2025-06-30")]


def test_the_comrade_addressed_by_title_is_the_addressee_of_the_kinh_gui_line() -> None:
    text = ("Kính gửi: Đồng chí Giám đốc Sở Tài chính\n"
            "Ủy ban nhân dân tỉnh đề nghị đồng chí Giám đốc Sở chỉ đạo bố trí kinh phí cho các xã vùng lũ.\n")
    assert [t.lead for t in extract_tasks(text, "2025-05-02")] == ["Giám đốc Sở Tài chính"]
