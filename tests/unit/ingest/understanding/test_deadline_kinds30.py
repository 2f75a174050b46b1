"""Deadlines and cooperating units that hold on unseen documents (session rules30, issue 11): the hour and weekday
written inside a date, the day figures stand at ("tính đến ngày …") that is no time limit, a half-year without its
year, a time that opens the next duty after a comma ("…, trong quý II hoàn thành …"), a dated sentence that gives a
duty of its own, and roles written in brackets ("Sở A (chủ trì), Sở B (phối hợp)"). Invented wording only, never a
labelled line."""
from __future__ import annotations

import pytest

from services.ingest.understanding.deadlines import find_deadline
from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str = "2025-03-15") -> list[tuple[str, str, str | None, str | None]]:
    return [(t.lead, t.action, t.deadline, t.deadline_text) for t in extract_tasks(text, issued)]


@pytest.mark.parametrize(("phrase", "iso"), [
    ("vào lúc 14h30 ngày thứ Hai 12/5/2025", "2025-05-12"),
    ("trước 8 giờ ngày thứ Tư, 14/5/2025", "2025-05-14"),
    ("chậm nhất vào ngày chủ nhật 18/5/2025", "2025-05-18"),
])
def test_the_hour_and_the_weekday_inside_a_date_are_part_of_it(phrase: str, iso: str) -> None:
    got = _tasks(f"Các trường mầm non tổ chức diễn tập phòng cháy tại trường {phrase}.")
    assert got == [("Các trường mầm non", "tổ chức diễn tập phòng cháy tại trường", iso, phrase)]


@pytest.mark.parametrize("status", ["tính đến ngày 31/3/2025", "tính đến hết ngày 31/3/2025", "Tính đến ngày 31/3/2025"])
def test_the_day_figures_stand_at_is_no_time_limit(status: str) -> None:
    assert find_deadline(f"tổng hợp số hộ nghèo {status}", "2025-03-15") is None
    # the report's own time limit beside it is still read
    dl = find_deadline(f"báo cáo số hộ nghèo {status} về Sở Nội vụ trước ngày 10/4/2025", "2025-03-15")
    assert dl is not None and dl.date == "2025-04-10"


@pytest.mark.parametrize(("phrase", "iso"), [("trong 6 tháng cuối năm", "2025-12-31"), ("trong sáu tháng đầu năm", "2025-06-30"),
                                             ("hoàn thành trong 6 tháng đầu năm", "2025-06-30")])
def test_a_half_year_without_its_year_is_the_documents_year(phrase: str, iso: str) -> None:
    dl = find_deadline(f"rà soát các cơ sở lưu trú {phrase}", "2025-03-15")
    assert dl is not None and dl.date == iso
    # the half-year reported on is not a time limit, nor a school year's half
    assert find_deadline("gửi báo cáo kết quả 6 tháng đầu năm", "2025-03-15") is None
    assert find_deadline("đánh giá chất lượng 6 tháng đầu năm học", "2025-03-15") is None


def test_a_time_after_a_comma_opens_the_next_duty_with_that_time() -> None:
    text = ("Giao Phòng Văn hóa và Thông tin huyện đẩy mạnh quảng bá điểm du lịch cộng đồng, trong quý II năm 2025 "
            "hoàn thành bộ bản đồ số các điểm tham quan, 6 tháng cuối năm hoàn thành việc số hóa hiện vật bảo tàng.")
    assert _tasks(text) == [
        ("Phòng Văn hóa và Thông tin huyện", "đẩy mạnh quảng bá điểm du lịch cộng đồng", None, None),
        ("Phòng Văn hóa và Thông tin huyện", "hoàn thành bộ bản đồ số các điểm tham quan", "2025-06-30",
         "trong quý II năm 2025"),
        ("Phòng Văn hóa và Thông tin huyện", "hoàn thành việc số hóa hiện vật bảo tàng", "2025-12-31",
         "6 tháng cuối năm"),
    ]


def test_a_duty_that_only_ends_with_its_time_stays_one() -> None:
    got = _tasks("Giao Sở Y tế kiểm tra các cơ sở bán lẻ thuốc, hoàn thành trước ngày 30/6/2025.")
    assert got == [("Sở Y tế", "kiểm tra các cơ sở bán lẻ thuốc", "2025-06-30", "trước ngày 30/6/2025")]


def test_a_dated_sentence_with_a_duty_of_its_own_is_not_the_time_of_the_duty_before() -> None:
    text = ("Giao Sở Xây dựng rà soát các trụ sở xã dôi dư sau sắp xếp. Đối với các nhà văn hóa thôn đã xây xong, từ nay "
            "đến hết ngày 20/6/2025 phải tổ chức bàn giao cho các xã quản lý.")
    assert _tasks(text)[0] == ("Sở Xây dựng", "rà soát các trụ sở xã dôi dư sau sắp xếp", None, None)
    # a sentence that only winds the duty up still gives it its time
    text2 = "Giao Sở Xây dựng rà soát các trụ sở xã dôi dư sau sắp xếp. Yêu cầu hoàn thành trước ngày 20/6/2025."
    assert _tasks(text2)[0][2] == "2025-06-20"


@pytest.mark.parametrize("written", [
    "Giao Sở Nội vụ (chủ trì), Sở Tài chính, Sở Tư pháp (phối hợp) tham mưu phương án sắp xếp các hội đặc thù.",
    "Sở Nội vụ (chủ trì), Sở Tài chính và Sở Tư pháp tham mưu phương án sắp xếp các hội đặc thù.",
])
def test_roles_written_in_brackets_give_the_lead_and_its_partners(written: str) -> None:
    got = extract_tasks(written, "2025-03-15")
    assert [(t.lead, t.support, t.action) for t in got] == [
        ("Sở Nội vụ", ["Sở Tài chính", "Sở Tư pháp"], "tham mưu phương án sắp xếp các hội đặc thù")]


def test_a_later_time_without_its_year_takes_the_year_said_just_before() -> None:
    text = ("Trung tâm Văn hóa tỉnh đẩy mạnh sưu tầm tư liệu, trong quý I năm 2026 hoàn thành hồ sơ khoa học di tích, "
            "6 tháng đầu năm hoàn thành việc trình công nhận.")
    got = extract_tasks(text)  # (no date of its own: the year comes from the time said before)
    assert [(t.action, t.deadline) for t in got][1:] == [("hoàn thành hồ sơ khoa học di tích", "2026-03-31"),
                                                         ("hoàn thành việc trình công nhận", "2026-06-30")]


def test_a_time_note_in_brackets_leaves_the_action_whole() -> None:
    got = _tasks("Giao Sở Tài chính tham mưu bố trí kinh phí diễn tập (hoàn thành trước ngày 30/4/2025).")
    assert got == [("Sở Tài chính", "tham mưu bố trí kinh phí diễn tập", "2025-04-30", "trước ngày 30/4/2025")]


def test_the_closing_summary_names_the_plans_year_not_a_time_limit() -> None:
    text = ("KẾ HOẠCH\nTruyền thông về chuyển đổi số năm 2025\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Khoa học và Công nghệ\n"
            "- Chủ trì hướng dẫn các cơ quan triển khai kế hoạch.\n2. Ủy ban nhân dân cấp xã\n"
            "- Xây dựng kế hoạch truyền thông trên địa bàn.\n- Tổng hợp, báo cáo tình hình thực hiện.\n\n"
            "Trên đây là Kế hoạch truyền thông về chuyển đổi số trên địa bàn tỉnh năm 2025. Trong quá trình thực hiện, "
            "nếu có vướng mắc, đề nghị các cơ quan, đơn vị phản ánh về Sở Khoa học và Công nghệ./.")
    assert [dl for _, _, dl, _ in _tasks(text)] == [None, None, None]


@pytest.mark.parametrize(("heading", "iso"), [
    ("I. NHỮNG VIỆC CẦN LÀM NGAY TRONG THÁNG 5/2025", "2025-05-31"),
    ("II. Nhiệm vụ trọng tâm quý III năm 2025", "2025-09-30"),
    ("II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025", "2025-12-31"),
])
def test_a_section_heading_with_its_period_times_the_duties_under_it(heading: str, iso: str) -> None:
    text = (f"{heading}\n1. Sở Xây dựng hoàn thiện hồ sơ quy hoạch phân khu.\n"
            "2. Sở Tài chính thẩm định phương án giá đất, hoàn thành trước ngày 20/4/2025.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ theo dõi, đôn đốc việc thực hiện.")
    got = _tasks(text)
    assert [(lead, dl) for lead, _, dl, _ in got] == [("Sở Xây dựng", iso), ("Sở Tài chính", "2025-04-20"),
                                                       ("Sở Nội vụ", None)]


@pytest.mark.parametrize("heading", ["II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2025", "II. NHIỆM VỤ TRỌNG TÂM NĂM 2025"])
def test_a_heading_of_results_or_of_a_whole_year_times_nothing(heading: str) -> None:
    text = f"{heading}\n1. Sở Xây dựng hoàn thiện hồ sơ quy hoạch phân khu.\n2. Sở Tài chính thẩm định phương án giá đất."
    assert all(dl is None for _, _, dl, _ in _tasks(text))


def test_a_year_said_first_is_the_time_of_the_units_work() -> None:
    # (which sentences are a body's plan is rules29's "a year after the text's own"; the time is that year's end)
    text = "Năm 2027, Hội Cựu chiến binh tỉnh tiếp tục vận động hội viên phát triển kinh tế; nhân rộng mô hình tự quản."
    got = _tasks(text, "2026-12-10")
    assert got == [("Hội Cựu chiến binh tỉnh", "tiếp tục vận động hội viên phát triển kinh tế", "2027-12-31", "Năm 2027"),
                   ("Hội Cựu chiến binh tỉnh", "nhân rộng mô hình tự quản", "2027-12-31", "Năm 2027")]
    # a year of work already done is told, not assigned
    assert _tasks("Năm 2025, Hội Cựu chiến binh tỉnh đã vận động hội viên phát triển kinh tế.", "2026-01-10") == []


def test_a_force_followed_by_its_place_is_a_partner_of_its_own() -> None:
    text = ("Giao Bộ Chỉ huy Quân sự tỉnh chỉ đạo các đơn vị đóng quân gần rừng phối hợp với lực lượng Kiểm lâm, Công an "
            "thành phố Hòa Bình, chính quyền địa phương tham gia chữa cháy rừng.")
    got = extract_tasks(text, "2025-03-15")
    assert got[0].support == ["lực lượng Kiểm lâm", "Công an thành phố Hòa Bình", "chính quyền địa phương"]
    # the forces named one by one stay one partner
    got2 = extract_tasks("Giao Ủy ban nhân dân huyện phối hợp với các lực lượng Công an, Kiểm lâm tuần tra rừng đầu nguồn.",
                         "2025-03-15")
    assert got2[0].support == ["các lực lượng Công an, Kiểm lâm"]
