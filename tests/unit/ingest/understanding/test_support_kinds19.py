"""Support (phối hợp) units by kind, session rules19 (issue 11: support recall on whole documents). Each kind is tested
on invented wording, never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str) -> list[tuple[str, list[str]]]:
    return [(t.lead, t.support) for t in extract_tasks(text, "2025-03-10")]


# -- a plan's annex task table as a Markdown conversion of a portal page writes it: one cell per line run, a "|" line
# between cells, bold header cells; "Nội dung thực hiện" is the task column when another column is named "chủ trì" ----

_MARKDOWN_TABLE = """**PHỤ LỤC**
DANH MỤC NHIỆM VỤ THỰC HIỆN KẾ HOẠCH
|
**STT**
|
**Nội dung thực
hiện**
|
**Đơn vị chủ trì**
|
**Đơn vị phối hợp**
|
**Thời gian hoàn
thành**
|
|
**I**
|
**CÔNG TÁC TUYÊN TRUYỀN**
|
|
1
|
Biên soạn tài liệu hỏi đáp về phòng cháy
trong khu dân cư
|
Công an tỉnh
|
Sở Văn hóa, Thể thao và Du lịch; các cơ quan
báo chí
|
Trước ngày 15/5/2025
|
|
2
|
Tập huấn kỹ năng thoát nạn cho học sinh
|
Sở Giáo dục và Đào tạo
|
Công an tỉnh; UBND các huyện
|
Tháng 6/2025
|"""


def test_a_markdown_task_table_gives_each_row_with_its_support_column() -> None:
    tasks = extract_tasks(_MARKDOWN_TABLE, "2025-03-10")
    got = [(t.lead, t.support, t.deadline) for t in tasks]
    assert got == [
        ("Công an tỉnh", ["Sở Văn hóa, Thể thao và Du lịch", "các cơ quan báo chí"], "2025-05-15"),
        ("Sở Giáo dục và Đào tạo", ["Công an tỉnh", "UBND các huyện"], "2025-06-30"),
    ]
    assert tasks[0].action.startswith("Biên soạn tài liệu hỏi đáp")


def test_a_plain_task_table_whose_task_column_says_thuc_hien_still_reads_its_lead_column() -> None:
    text = ("STT\nNội dung thực hiện\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian\n"
            "1\nKiểm tra an toàn đập thủy lợi\nSở Nông nghiệp và Môi trường\nUBND các xã\nQuý II/2025\n")
    assert _tasks(text) == [("Sở Nông nghiệp và Môi trường", ["UBND các xã"])]


# -- "phối hợp (với)" after any word of the duty names its partners: "tham mưu phối hợp với", "tổng hợp phối hợp với",
# "… hoặc phối hợp với", "kế hoạch phối hợp cụ thể với", "cán bộ phối hợp phòng CNTT" ---------------------------------

@pytest.mark.parametrize(("duty", "partners"), [
    ("tham mưu phối hợp với Sở Tài chính lập dự toán sửa chữa trụ sở", ["Sở Tài chính"]),
    ("tiếp nhận, tổng hợp phối hợp với các cơ quan, đơn vị có liên quan trả lời kiến nghị của cử tri",
     ["các cơ quan, đơn vị có liên quan"]),
    ("thẩm định hồ sơ hoặc phối hợp với Sở Tư pháp thẩm định hồ sơ đăng ký", ["Sở Tư pháp"]),
    ("bố trí lực lượng phối hợp cùng với Công an xã giữ trật tự", ["Công an xã"]),
    ("xây dựng kế hoạch phối hợp cụ thể với các Bộ, ngành trung ương để đào tạo nghề cho thanh niên",
     ["các Bộ, ngành trung ương"]),
    ("cử cán bộ kỹ thuật phối hợp phòng CNTT kiểm tra đường truyền hội nghị", ["phòng CNTT"]),
    ("hướng dẫn các trạm y tế phối hợp chặt chẽ với các cơ quan liên quan thuộc Bộ Công an, Bộ Quốc phòng xác minh",
     ["Bộ Công an", "Bộ Quốc phòng"]),
])
def test_cooperation_inside_a_duty_names_its_partners(duty: str, partners: list[str]) -> None:
    assert _tasks(f"Giao Sở Nội vụ {duty}.") == [("Sở Nội vụ", partners)]


def test_the_rules_of_cooperation_agreed_with_a_body_name_no_partner() -> None:
    text = "Giao Thanh tra tỉnh thực hiện nghiêm quy chế phối hợp với Ủy ban kiểm tra Tỉnh ủy."
    assert _tasks(text) == [("Thanh tra tỉnh", [])]


# -- partners' names end where the name ends: "Trung tâm Chuyển đổi số …" (not at "số"), "Công an phường, xã, đặc khu"
# (one service at several levels), "các lực lượng liên ngành Công an, Quân đội" ----------------------------------------

@pytest.mark.parametrize(("partners", "units"), [
    ("Trung tâm Chuyển đổi số tỉnh và Công an tỉnh", ["Trung tâm Chuyển đổi số tỉnh", "Công an tỉnh"]),
    ("Trung tâm Đổi mới sáng tạo tỉnh, các doanh nghiệp", ["Trung tâm Đổi mới sáng tạo tỉnh", "các doanh nghiệp"]),
    ("Công an phường, xã, thị trấn", ["Công an phường, xã, thị trấn"]),
    ("các lực lượng liên ngành Công an, Quân đội", ["các lực lượng liên ngành Công an, Quân đội"]),
])
def test_a_partner_name_is_read_whole(partners: str, units: list[str]) -> None:
    text = f"Giao UBND các xã, phường chủ trì, phối hợp với {partners} rà soát dữ liệu dân cư trên địa bàn."
    assert _tasks(text) == [("UBND các xã, phường", units)]


# -- a service or mass organisation named by its branch alone is a partner: "phối hợp với Thanh tra, Công an và Quản lý
# thị trường tại các xã", "với Đoàn thanh niên cùng cấp" (the local one of the place the duty is in) ------------------

@pytest.mark.parametrize(("partners", "units"), [
    ("Thanh tra, Công an và Quản lý thị trường tại các xã", ["Thanh tra", "Công an", "Quản lý thị trường"]),
    ("Đoàn thanh niên cùng cấp", ["Đoàn thanh niên cùng cấp"]),
    ("Kiểm lâm, Quân sự", ["Kiểm lâm", "Quân sự"]),
])
def test_a_service_named_by_its_branch_is_a_partner(partners: str, units: list[str]) -> None:
    text = f"Giao UBND các huyện chủ trì, phối hợp với {partners} kiểm tra việc khai thác cát trái phép."
    assert _tasks(text) == [("UBND các huyện", units)]


def test_a_branch_name_is_no_lead_on_its_own() -> None:
    assert _tasks("Công an tổ chức tuần tra khu vực chợ đêm.") == []


def test_a_partner_name_ends_at_its_place_before_the_next_duty() -> None:
    text = ("Giao Sở Nội vụ chủ trì, phối hợp với Trung tâm Chuyển đổi số tỉnh xây dựng, đề xuất phương án lưu trữ "
            "hồ sơ điện tử.")
    assert _tasks(text)[0] == ("Sở Nội vụ", ["Trung tâm Chuyển đổi số tỉnh"])


def test_the_level_above_is_no_partner() -> None:
    text = "Giao UBND các xã bố trí kinh phí tuyên truyền hoặc phối hợp với cấp trên để bảo đảm nguồn lực."
    assert _tasks(text) == [("UBND các xã", [])]


# -- a line that names who chairs the items below and who helps, then a colon: "3. Giao Sở A chủ trì, phối hợp với
# Sở B:", "Sở A chủ trì, phối hợp các đơn vị liên quan có trách nhiệm:" — the chair leads each item, the partners help
# with every item that names none of its own (before: no task at all) ---------------------------------------------

@pytest.mark.parametrize("lead_in", [
    "3. Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính:",
    "3. Sở Công Thương chủ trì, phối hợp các đơn vị liên quan có trách nhiệm:",
    "3. UBND tỉnh giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính thực hiện các nội dung sau:",
])
def test_a_chair_and_partners_lead_in_holds_for_the_items(lead_in: str) -> None:
    text = (f"{lead_in}\n"
            "a) Kiểm tra giá xăng dầu tại các cửa hàng.\n"
            "b) Đề xuất phương án bình ổn giá; phối hợp với Cục Thuế tỉnh kiểm tra hóa đơn.\n"
            "4. Giao Sở Y tế kiểm tra an toàn thực phẩm.")
    got = _tasks(text)
    partners = ["các đơn vị liên quan"] if "các đơn vị" in lead_in else ["Sở Tài chính"]
    assert got == [("Sở Công Thương", partners), ("Sở Công Thương", partners), ("Sở Công Thương", ["Cục Thuế tỉnh"]),
                   ("Sở Y tế", [])]


def test_a_chair_alone_leads_the_items() -> None:
    text = "2. Giao Công an tỉnh chủ trì:\n- Tuần tra các tuyến đường ven biển.\n- Xử lý vi phạm về nồng độ cồn."
    assert _tasks(text) == [("Công an tỉnh", []), ("Công an tỉnh", [])]


def test_the_lead_repeated_in_its_own_partner_column_is_no_partner() -> None:
    text = ("STT\nNhiệm vụ\nĐơn vị chủ trì\nĐơn vị phối hợp\nThời gian\n"
            "1\nLập quỹ phòng chống thiên tai\nSở Tài chính\nSở Tài chính và các cơ quan liên quan\nNăm 2025\n")
    assert _tasks(text) == [("Sở Tài chính", ["các cơ quan liên quan"])]


@pytest.mark.parametrize(("partners", "units"), [
    ("Cảnh sát giao thông, cảnh sát trật tự", ["Cảnh sát giao thông", "cảnh sát trật tự"]),
    ("lực lượng Cảnh sát cơ động", ["lực lượng Cảnh sát cơ động"]),
    ("các cơ quan quản lý nhà nước có liên quan", ["các cơ quan quản lý nhà nước có liên quan"]),
])
def test_police_forces_and_state_management_bodies_are_partners(partners: str, units: list[str]) -> None:
    text = f"Giao Sở Giao thông vận tải chủ trì, phối hợp với {partners} kiểm tra xe quá tải trên quốc lộ."
    assert _tasks(text) == [("Sở Giao thông vận tải", units)]


# -- "phối hợp" then a plural or the local government, no "với": "phối hợp các địa phương giám sát …", "phối hợp chính
# quyền cơ sở bảo đảm …"; research institutes and network operators in the plural are partners; "các lực lượng" alone
# names no body ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("duty", "partners"), [
    ("phối hợp các địa phương giám sát dịch sốt xuất huyết", ["các địa phương"]),
    ("phối hợp chính quyền cơ sở bảo đảm an toàn lưới điện", ["chính quyền cơ sở"]),
    ("phối hợp chặt chẽ với các nhà mạng xây dựng lộ trình phủ sóng", ["các nhà mạng"]),
    ("phối hợp với các Viện nghiên cứu chuyển giao giống lúa mới", ["các Viện nghiên cứu"]),
    ("phối hợp các hoạt động truyền thông về phòng dịch", []),
    ("đoàn kết, phối hợp các lực lượng bảo vệ rừng", []),
])
def test_partners_named_right_after_phoi_hop(duty: str, partners: list[str]) -> None:
    assert _tasks(f"Giao Sở Nội vụ {duty}.") == [("Sở Nội vụ", partners)]


def test_research_as_a_duty_after_partners_is_no_part_of_their_name() -> None:
    text = "Giao Bộ Tài chính chủ trì, phối hợp với các cơ quan liên quan nghiên cứu giải pháp kiểm soát giá."
    assert _tasks(text) == [("Bộ Tài chính", ["các cơ quan liên quan"])]


@pytest.mark.parametrize("advised", ["Ủy ban nhân dân tỉnh", "UBND tỉnh", "Chủ tịch UBND tỉnh"])
def test_the_body_advised_is_the_one_that_cooperates(advised: str) -> None:
    text = f"Giao Sở Du lịch tham mưu {advised} phối hợp với các bộ, ngành trung ương xây dựng đề án phát triển du lịch."
    assert _tasks(text) == [("Sở Du lịch", [])]


@pytest.mark.parametrize("misread", ["phói hợp", "phôi hợp", "phổi hợp"])
def test_a_scans_misread_phoi_hop_still_names_the_partners(misread: str) -> None:
    text = f"Giao Ban Chỉ huy Quân sự huyện trực tiếp tham mưu {misread} với Phòng Nội vụ, Hội Cựu chiến binh huyện xác minh."
    assert _tasks(text) == [("Ban Chỉ huy Quân sự huyện", ["Phòng Nội vụ", "Hội Cựu chiến binh huyện"])]


def test_the_polices_own_forces_are_not_its_partners() -> None:
    text = ("Giao Công an tỉnh chỉ đạo lực lượng Cảnh sát giao thông phối hợp với cảnh sát trật tự, cảnh sát cơ động "
            "tuần tra trên các tuyến quốc lộ.")
    assert _tasks(text) == [("Công an tỉnh", [])]
