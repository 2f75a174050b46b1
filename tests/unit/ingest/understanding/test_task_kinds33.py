"""Session rules33 (issue 11): kinds of duty sentences that gave no task, found on unlabelled 2025 text
(scripts/find_untasked_duties.py) and in the training misses of commune/ward pages — each rule in invented wording."""
from __future__ import annotations

from services.ingest.understanding import understand
from services.ingest.understanding.task_units import TITLE_RE
from services.ingest.understanding.tasks import extract_tasks
from services.ingest.understanding.units import routing_units


def _duties(text: str) -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text)]


def test_the_government_given_a_duty_with_its_basis_set_off_by_commas() -> None:
    # a standing committee's resolution: "Giao Chính phủ, căn cứ vào …, <duty>" — the basis sits between the body and
    # its duty (it worked for a department, not for the Government, whose name was read only before a space)
    text = ("2. Giao Chính phủ, căn cứ vào Nghị quyết này và Đề án số 211/ĐA-CP ngày 12 tháng 4 năm 2026 của Chính "
            "phủ, tổ chức việc đo đạc lại diện tích các đơn vị hành chính mới và công bố kết quả trước ngày 31 tháng 8 "
            "năm 2026; đồng thời, khẩn trương hoàn thiện hồ sơ địa giới theo quy định.")
    tasks = extract_tasks(text)
    assert [(t.lead, t.action) for t in tasks] == [
        ("Chính phủ", "tổ chức việc đo đạc lại diện tích các đơn vị hành chính mới và công bố kết quả"),
        ("Chính phủ", "khẩn trương hoàn thiện hồ sơ địa giới theo quy định"),
    ]
    assert tasks[0].deadline == "2026-08-31"


def test_two_high_bodies_and_a_basis_before_their_duty() -> None:
    assert _duties("Giao Chính phủ, Thủ tướng Chính phủ, căn cứ tình hình thực tế, chỉ đạo các bộ rà soát định mức "
                   "chi thường xuyên.") == [
        ("Chính phủ, Thủ tướng Chính phủ", "chỉ đạo các bộ rà soát định mức chi thường xuyên")]


def test_the_government_named_before_its_duty_is_read_as_before() -> None:
    assert _duties("Giao Chính phủ tổ chức tổng kết việc thi hành Luật trong năm 2026.") == [
        ("Chính phủ", "tổ chức tổng kết việc thi hành Luật")]


_LETTER_UP = """SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG
Số: 418/SNNMT-KH
V/v kết quả khắc phục sạt lở bờ sông

Kính gửi: Ủy ban nhân dân tỉnh.

Sở Nông nghiệp và Môi trường báo cáo Ủy ban nhân dân tỉnh kết quả khắc phục sạt lở bờ sông tại các xã ven sông và
đề xuất bố trí kinh phí dự phòng năm 2026. Sở Nông nghiệp và Môi trường sẽ tiếp tục theo dõi, tổng hợp tình hình.
Kính đề nghị Ủy ban nhân dân tỉnh chỉ đạo Sở Tài chính thẩm định dự toán kinh phí, báo cáo trước ngày 20/3/2026.
"""


def test_the_writer_of_a_letter_up_to_the_province_is_never_its_lead() -> None:
    # what the department did, will do and proposes is its own part; the committee it writes to decides
    leads = [t.lead for t in understand(_LETTER_UP).tasks]
    assert "Sở Nông nghiệp và Môi trường" not in leads
    assert leads == ["Ủy ban nhân dân tỉnh"]


def test_the_writer_of_a_letter_down_keeps_its_own_duty() -> None:
    text = _LETTER_UP.replace("Kính gửi: Ủy ban nhân dân tỉnh.", "Kính gửi: Ủy ban nhân dân các xã, phường.")
    text = text.replace("Kính đề nghị Ủy ban nhân dân tỉnh chỉ đạo Sở Tài chính thẩm định dự toán kinh phí",
                        "Đề nghị Ủy ban nhân dân các xã, phường rà soát các điểm sạt lở")
    leads = [t.lead for t in understand(text).tasks]
    assert "Sở Nông nghiệp và Môi trường" in leads


def test_a_ministry_writing_to_a_province_is_not_the_lead_of_its_own_follow_up() -> None:
    text = ("BỘ XÂY DỰNG\nSố: 901/BXD-KTXD\n\nKính gửi: Ủy ban nhân dân tỉnh Gia Lai.\n\nBộ Xây dựng đề nghị Ủy ban "
            "nhân dân tỉnh chỉ đạo Sở Xây dựng rà soát đơn giá nhân công, gửi về Bộ trước ngày 15/4/2026. Bộ Xây dựng "
            "sẽ tổng hợp, báo cáo Thủ tướng Chính phủ.\n")
    assert [t.lead for t in understand(text).tasks] == ["Ủy ban nhân dân tỉnh"]


def test_the_heads_of_a_communes_villages_and_street_groups_asked_to_act() -> None:
    # a commune page: "yêu cầu Trưởng thôn …", "các đồng chí Bí thư Chi bộ, Tổ trưởng Tổ dân phố …"
    assert _duties("Đồng chí Chủ tịch UBND xã yêu cầu Trưởng thôn vận động người dân dọn vệ sinh kênh mương.") == [
        ("Trưởng thôn", "vận động người dân dọn vệ sinh kênh mương")]
    assert _duties("Đồng chí Bí thư Đảng ủy phường yêu cầu Bí thư Chi bộ, Tổ trưởng Tổ dân phố vận động các hộ ở "
                   "vùng trũng di chuyển tài sản lên cao.") == [
        ("Bí thư Chi bộ, Tổ trưởng Tổ dân phố", "vận động các hộ ở vùng trũng di chuyển tài sản lên cao")]
    assert _duties("Đề nghị các Tổ dân phố rà soát số hộ chưa đóng góp quỹ phòng chống thiên tai.") == [
        ("các Tổ dân phố", "rà soát số hộ chưa đóng góp quỹ phòng chống thiên tai")]
    assert _duties("Yêu cầu Trưởng các ấp lập danh sách hộ nuôi gia cầm.") == [
        ("Trưởng các ấp", "lập danh sách hộ nuôi gia cầm")]


def test_a_village_head_routes_to_the_village_named() -> None:
    assert routing_units("Trưởng thôn Đông Hòa") == ["Thôn Đông Hòa"]
    assert routing_units("Trưởng ấp 3") == ["Ấp 3"]
    assert routing_units("Bí thư Chi bộ, Tổ trưởng Tổ dân phố") == ["Chi bộ", "Tổ dân phố"]
    assert routing_units("Trưởng thôn") == ["Trưởng thôn"]  # no village named: the title as written


def test_a_village_head_named_in_news_is_no_duty() -> None:
    assert _duties("Ông Lê Văn Bình, Trưởng thôn Tây cho biết người dân đã di dời hết.") == []


def test_the_title_reader_is_public() -> None:
    m = TITLE_RE.match("Giám đốc Sở Tư pháp")
    assert m is not None and m.group(0) == "Giám đốc "


def test_provinces_named_one_by_one_after_their_level_lead_together() -> None:
    assert _duties("3. Đẩy nhanh chuẩn bị đầu tư\n\na) Các tỉnh Hà Giang, Tuyên Quang, Lào Cai khẩn trương hoàn thiện "
                   "hồ sơ đề xuất dự án cao tốc, hoàn thành trong quý I/2026.\n") == [
        ("Các tỉnh Hà Giang, Tuyên Quang, Lào Cai", "khẩn trương hoàn thiện hồ sơ đề xuất dự án cao tốc")]
    assert _duties("Đề nghị các xã Phú Lộc và Phú Hòa rà soát các hộ chưa có nhà vệ sinh.") == [
        ("các xã Phú Lộc và Phú Hòa", "rà soát các hộ chưa có nhà vệ sinh")]
    # a region after the level is still one body of places ("các tỉnh Tây Nguyên"), as before
    assert _duties("Các tỉnh Tây Bắc chủ động phương án phòng chống rét cho gia súc.") == [
        ("Các tỉnh Tây Bắc", "chủ động phương án phòng chống rét cho gia súc")]


def test_a_unit_with_its_role_said_before_its_duty() -> None:
    assert _duties("Sở Nội vụ với vai trò là cơ quan thường trực Hội đồng Thi đua, chủ trì tổng hợp danh sách đề nghị "
                   "khen thưởng, trình UBND tỉnh trước ngày 10/1/2027.") == [
        ("Sở Nội vụ", "tổng hợp danh sách đề nghị khen thưởng, trình UBND tỉnh")]


def test_the_direction_carried_out_named_before_the_unit_that_acts() -> None:
    # "Thực hiện chỉ đạo của …, <unit> <verb> …": a basis before the subject, as "Căn cứ …, …" and "Để …, …"
    assert _duties("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Trung tâm Y tế huyện tổ chức tiêm vắc xin sởi cho trẻ "
                   "em trong tháng 5/2026.") == [("Trung tâm Y tế huyện", "tổ chức tiêm vắc xin sởi cho trẻ em")]
    assert _duties("Thực hiện Kế hoạch số 45/KH-UBND ngày 2/3/2026 của UBND huyện, Chủ tịch UBND xã Hòa Lợi sẽ tổ chức "
                   "đối thoại với thanh niên vào ngày 26/3/2026.") == [
        ("Chủ tịch UBND xã Hòa Lợi", "tổ chức đối thoại với thanh niên")]
    # what a body did is no duty, after the basis as anywhere
    assert _duties("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Trung tâm Y tế huyện đã tổ chức 12 điểm tiêm.") == []


def test_an_item_under_a_unit_heading_whose_basis_holds_commas() -> None:
    text = ("III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Tài chính\n\na) Trên cơ sở dự toán của các sở, ngành, địa phương, chủ trì "
            "thẩm định, tham mưu UBND tỉnh bố trí kinh phí thực hiện.\n\nb) Hướng dẫn các đơn vị quyết toán kinh phí.\n")
    assert _duties(text) == [
        ("Sở Tài chính", "thẩm định, tham mưu UBND tỉnh bố trí kinh phí thực hiện"),
        ("Sở Tài chính", "Hướng dẫn các đơn vị quyết toán kinh phí"),
    ]


def test_a_basis_that_holds_another_bodys_own_clause_gives_the_heading_unit_nothing() -> None:
    text = ("II. NHIỆM VỤ\n\n1. Sở Y tế\n\n- Hướng dẫn các trạm y tế ghi chép sổ sách.\n\n- Căn cứ kết quả thí điểm, "
            "trong năm 2026 Bộ sẽ tổng kết, đánh giá những ưu điểm, nhược điểm của mô hình.\n")
    assert _duties(text) == [("Sở Y tế", "Hướng dẫn các trạm y tế ghi chép sổ sách")]


def test_a_commune_named_by_its_level_alone_after_an_opener_says_what_it_will_do() -> None:
    # a commune's own page: "Để đạt mục tiêu này, xã sẽ …" (as "Quận sẽ …" at the start of a sentence)
    assert _duties("Để đạt tỷ lệ bao phủ bảo hiểm y tế trên 95%, xã sẽ đẩy mạnh tuyên truyền trực tiếp tại các thôn.") == [
        ("xã", "đẩy mạnh tuyên truyền trực tiếp tại các thôn")]
    assert _duties("Thời gian tới, phường sẽ tập trung chỉnh trang các tuyến phố chính.") == [
        ("phường", "tập trung chỉnh trang các tuyến phố chính")]
    # what will be done for the commune, or by others in it, is no duty of the commune
    assert _duties("Kinh phí của xã sẽ được bố trí từ ngân sách tỉnh.") == []
    assert _duties("Người dân trong phường sẽ được hỗ trợ chi phí.") == []


def test_a_communes_specialised_sections_asked_to_act() -> None:
    # two-level local government: a commune's work is done by its "bộ phận chuyên môn"
    assert _duties("Chủ tịch UBND phường yêu cầu các bộ phận chuyên môn khẩn trương giải quyết hồ sơ đất đai tồn "
                   "đọng.") == [("các bộ phận chuyên môn", "khẩn trương giải quyết hồ sơ đất đai tồn đọng")]
    assert _duties("Giao Trạm Y tế phối hợp với các bộ phận chức năng kiểm tra các cơ sở kinh doanh thực phẩm.") == [
        ("Trạm Y tế", "kiểm tra các cơ sở kinh doanh thực phẩm")]
    # "các bộ phận" of anything else is no unit
    assert _duties("Chính sách tác động khác nhau đến các bộ phận dân cư trong xã.") == []


def test_the_ones_in_charge_then_the_basis_of_their_duty() -> None:
    assert _duties("Đồng chí Chủ tịch đề nghị các bộ phận chuyên môn, các cá nhân phụ trách trên cơ sở kế hoạch đã giao, "
                   "bám sát tiến độ giải ngân vốn đầu tư công.") == [
        ("các bộ phận chuyên môn, các cá nhân phụ trách", "bám sát tiến độ giải ngân vốn đầu tư công")]
