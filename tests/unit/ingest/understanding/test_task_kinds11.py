"""extract_tasks: kinds of miss found by reading unlabelled 2025 documents as a clerk would (issue 11, session 11),
each tested on invented variants, never on a line of the labelled data or of the corpus."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _pairs(text: str, issued: str | None = "2025-03-10") -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text, issued)]


# -- the document's own act is no duty ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Để chủ động ứng phó với dịch sốt xuất huyết, UBND huyện ban hành kế hoạch như sau:\n"
    "1. Phòng Y tế theo dõi tình hình dịch trên địa bàn.",
    "Nhằm bảo đảm an toàn giao thông dịp lễ, UBND tỉnh ban hành kế hoạch với các nội dung sau:\n"
    "1. Phòng Y tế theo dõi tình hình dịch trên địa bàn.",
])
def test_the_issuer_issuing_this_plan_is_not_a_duty(text: str) -> None:
    pairs = _pairs(text)
    assert all(not action.startswith("ban hành") for _, action in pairs)
    assert any(lead == "Phòng Y tế" and action.startswith("theo dõi") for lead, action in pairs)


@pytest.mark.parametrize("text", [
    "Chi cục Hải quan trả lời để Công ty TNHH Minh Phát được biết./.",
    "Sở Tài chính trả lời để Hội Doanh nhân trẻ huyện biết và thực hiện./.",
    "Cục Thuế trả lời cho Ban Quản lý các khu công nghiệp được biết.",
])
def test_a_reply_that_closes_for_information_is_not_a_duty(text: str) -> None:
    assert _pairs(text) == []


def test_a_reply_that_also_asks_for_work_keeps_the_request() -> None:
    text = "Sở Xây dựng đề nghị Phòng Kinh tế huyện rà soát hồ sơ cấp phép và báo cáo trước ngày 20/3/2025."
    assert _pairs(text)[0][0] == "Phòng Kinh tế huyện"


# -- units stressed after the lead ("…, nhất là Bộ X"): the duty is after them, the lead stays as written -----------

@pytest.mark.parametrize(("text", "lead", "action"), [
    ("Thủ tướng yêu cầu các bộ, ngành liên quan, nhất là Bộ Công Thương theo chức năng, nhiệm vụ được giao "
     "tập trung bảo đảm nguồn cung xăng dầu.",
     "các bộ, ngành liên quan", "tập trung bảo đảm nguồn cung xăng dầu"),
    ("UBND tỉnh yêu cầu các sở, ngành, đặc biệt là Sở Y tế cần khẩn trương bổ sung thuốc cho các trạm y tế.",
     "các sở, ngành", "khẩn trương bổ sung thuốc cho các trạm y tế"),
    ("Đề nghị các chủ đầu tư, nhất là Ban Quản lý dự án giao thông phải đẩy nhanh tiến độ giải ngân.",
     "các chủ đầu tư", "đẩy nhanh tiến độ giải ngân"),
])
def test_the_duty_comes_after_the_units_stressed(text: str, lead: str, action: str) -> None:
    tasks = extract_tasks(text, "2025-03-10")
    assert tasks
    assert tasks[0].lead == lead
    assert tasks[0].action.rstrip(".") == action


def test_a_stress_inside_the_duty_is_left_alone() -> None:
    text = "UBND tỉnh yêu cầu Sở Nông nghiệp và Môi trường kiểm tra các hồ chứa, nhất là các hồ xung yếu."
    tasks = extract_tasks(text, "2025-03-10")
    assert tasks[0].lead == "Sở Nông nghiệp và Môi trường"
    assert "nhất là các hồ xung yếu" in tasks[0].action


# -- a lead-in whose duty is only "the following" is no duty of its own when its items are read --------------------

@pytest.mark.parametrize("leadin", [
    "UBND huyện yêu cầu Trưởng các phòng, ban chuyên môn và Chủ tịch UBND các xã tập trung thực hiện các nhiệm vụ "
    "trọng tâm, cụ thể như sau:",
    "Chủ tịch UBND tỉnh đề nghị Giám đốc các sở nâng cao trách nhiệm, tập trung thực hiện các nội dung sau:",
    "UBND tỉnh yêu cầu Thủ trưởng các sở, ngành khẩn trương chỉ đạo, tổ chức thực hiện nghiêm, kịp thời các nhiệm vụ, "
    "giải pháp về chuyển đổi số sau đây:",
])
def test_a_lead_in_to_its_items_is_no_duty(leadin: str) -> None:
    text = leadin + "\n1. Sở Tư pháp rà soát các quy trình nội bộ.\n2. Sở Nội vụ kiểm tra kỷ luật công vụ tại bộ phận một cửa."
    pairs = _pairs(text)
    assert [lead for lead, _ in pairs] == ["Sở Tư pháp", "Sở Nội vụ"]


def test_a_lead_in_with_no_item_read_still_routes_the_document() -> None:
    text = "UBND tỉnh yêu cầu Sở Giáo dục và Đào tạo tập trung thực hiện các nhiệm vụ sau:"
    assert [lead for lead, _ in _pairs(text)] == ["Sở Giáo dục và Đào tạo"]


def test_a_duty_that_goes_on_to_its_items_keeps_its_own_part() -> None:
    text = ("Thủ tướng yêu cầu Chủ tịch UBND các tỉnh ven biển tập trung khắc phục nhanh hậu quả của đợt triều cường, "
            "trong đó tập trung một số nhiệm vụ cụ thể sau:\n"
            "1. Chủ tịch UBND các tỉnh ven biển:\na) Tổ chức sơ tán người dân khỏi vùng trũng thấp.\n"
            "2. Bộ Quốc phòng bố trí lực lượng cứu hộ.")
    tasks = extract_tasks(text, "2025-03-10")
    assert tasks[0].action.rstrip(".") == "tập trung khắc phục nhanh hậu quả của đợt triều cường"
    assert [t.lead for t in tasks[1:]] == ["Chủ tịch UBND các tỉnh ven biển", "Bộ Quốc phòng"]


# -- the firms of a trade are one name: "các doanh nghiệp viễn thông", "các đơn vị cấp nước" ------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Các doanh nghiệp viễn thông bảo đảm thông tin liên lạc thông suốt trong mùa mưa lũ.", "Các doanh nghiệp viễn thông"),
    ("Các đơn vị cấp nước sạch trên địa bàn huyện có trách nhiệm kiểm tra chất lượng nước định kỳ.",
     "Các đơn vị cấp nước sạch trên địa bàn huyện"),
    ("Các công ty xăng dầu phải duy trì đủ hàng dự trữ tại các cửa hàng.", "Các công ty xăng dầu"),
    ("UBND tỉnh yêu cầu các doanh nghiệp bưu chính, viễn thông (VNPT, Viettel): bảo đảm chuyển phát công văn kịp thời.",
     "các doanh nghiệp bưu chính"),
])
def test_the_firms_of_a_trade_are_one_name(text: str, lead: str) -> None:
    tasks = extract_tasks(text, "2025-03-10")
    assert tasks and tasks[0].lead.startswith(lead)


def test_a_unit_that_supplies_water_as_its_duty_is_left_alone() -> None:
    text = "UBND xã cấp nước sinh hoạt cho các hộ bị ngập trước ngày 20/3/2025."
    tasks = extract_tasks(text, "2025-03-10")
    assert tasks[0].lead == "UBND xã" and tasks[0].action.startswith("cấp nước")


# -- a recurring report's day, in a clause after a comma or "và", is no one-off date and cuts nothing ----------------

@pytest.mark.parametrize("text", [
    "Các phòng chuyên môn tăng cường kiểm tra việc thực hiện Kế hoạch này, định kỳ hằng năm báo cáo kết quả về "
    "Sở Văn hóa và Thể thao chậm nhất ngày 10 tháng 12.",
    "Các phòng chuyên môn xây dựng kế hoạch chi tiết hằng năm và định kỳ báo cáo kết quả thực hiện trước ngày 10/12 "
    "về Sở Văn hóa và Thể thao để tổng hợp.",
])
def test_a_recurring_reports_day_after_a_comma_or_and_is_recurring(text: str) -> None:
    tasks = extract_tasks(text, "2025-03-10")
    assert all(t.action.strip() not in ("Thể thao", "Thể thao chậm nhất ngày 10 tháng 12") for t in tasks)
    report = [t for t in tasks if "báo cáo" in t.action]
    assert len(report) == 1
    assert report[0].deadline is None and report[0].recurrence and report[0].deadline_text


def test_a_one_off_date_after_a_comma_stays_a_date() -> None:
    text = "Sở Nội vụ rà soát biên chế, báo cáo UBND tỉnh trước ngày 15/4/2025."
    tasks = extract_tasks(text, "2025-03-10")
    assert [t.deadline for t in tasks] == ["2025-04-15"]


# -- a council's oversight line names its standing body, committees, delegate groups and delegates as one lead -------
# (of a resolution named by its number: a resolution's own closing clause "… giám sát việc thực hiện Nghị quyết này" is no
# task since rules28, test_task_kinds28)

@pytest.mark.parametrize(("text", "lead"), [
    ("Giao Thường trực Hội đồng nhân dân tỉnh, các Ban Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại biểu "
     "Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết số 15/2025/NQ-HĐND.",
     "Thường trực Hội đồng nhân dân tỉnh, các Ban Hội đồng nhân dân tỉnh, các Tổ đại biểu và đại biểu "
     "Hội đồng nhân dân tỉnh"),
    ("Giao Thường trực HĐND huyện, các Ban của HĐND huyện, các Tổ đại biểu, đại biểu HĐND huyện "
     "giám sát chặt chẽ việc triển khai Nghị quyết.",
     "Thường trực HĐND huyện, các Ban của HĐND huyện, các Tổ đại biểu, đại biểu HĐND huyện"),
    ("Giao Thường trực Hội đồng nhân dân Thành phố, các Ban Hội đồng nhân dân Thành phố, các Tổ đại biểu và các đại "
     "biểu Hội đồng nhân dân Thành phố, Hội đồng nhân dân cấp xã có trách nhiệm giám sát việc thực hiện Nghị quyết "
     "số 15/2025/NQ-HĐND.",
     "Thường trực Hội đồng nhân dân Thành phố, các Ban Hội đồng nhân dân Thành phố, các Tổ đại biểu và các đại biểu "
     "Hội đồng nhân dân Thành phố, Hội đồng nhân dân cấp xã"),
])
def test_a_councils_oversight_line_is_one_lead(text: str, lead: str) -> None:
    tasks = extract_tasks(text, "2025-03-10")
    assert [t.lead for t in tasks] == [lead]
    assert tasks[0].action.startswith("giám sát") or tasks[0].action.startswith("có trách nhiệm giám sát")


# -- "chủ trì, phối hợp với B để <verb>": the duty is what follows "để" --------------------------------------------

@pytest.mark.parametrize(("text", "action"), [
    ("Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính để rà soát nhu cầu vốn của các dự án chuyển tiếp.",
     "rà soát nhu cầu vốn của các dự án chuyển tiếp"),
    ("Đề nghị UBND huyện chủ trì, phối hợp với Ban Quản lý dự án để làm rõ phương án giải phóng mặt bằng.",
     "làm rõ phương án giải phóng mặt bằng"),
])
def test_the_duty_after_support_is_what_follows_de(text: str, action: str) -> None:
    tasks = extract_tasks(text, "2025-03-10")
    assert tasks[0].support and tasks[0].action.rstrip(".") == action


def test_a_purpose_without_support_is_left_alone() -> None:
    text = "Sở Tư pháp rà soát văn bản để bảo đảm thống nhất với luật mới."
    assert _pairs(text)[0][1].startswith("rà soát văn bản")


# -- "các Sở, ban, ngành, đơn vị thuộc Thành phố": the name goes on to what the units belong to ---------------------

@pytest.mark.parametrize(("text", "support"), [
    ("Sở Nội vụ chủ trì, phối hợp với các sở, ngành, đơn vị thuộc Thành phố xây dựng cơ sở dữ liệu cán bộ.",
     "các sở, ngành, đơn vị thuộc Thành phố"),
    ("Sở Xây dựng chủ trì, phối hợp với các đơn vị cấp nước thuộc phạm vi quản lý lập phương án thay thế nguồn nước.",
     "các đơn vị cấp nước thuộc phạm vi quản lý"),
])
def test_units_belonging_to_the_city_are_one_name(text: str, support: str) -> None:
    tasks = extract_tasks(text, "2025-03-10")
    assert support in tasks[0].support
    assert not tasks[0].action.startswith("thuộc")


def test_organisations_after_a_comma_are_not_the_verb_said_again() -> None:
    text = ("Sở Nội vụ tổ chức các hoạt động vinh danh, khen thưởng doanh nghiệp, tổ chức có thành tích trong phong trào "
            "thi đua.")
    assert len(extract_tasks(text, "2025-03-10")) == 1
