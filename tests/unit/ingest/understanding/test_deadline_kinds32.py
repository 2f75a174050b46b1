"""Deadlines by kind, rules32 (issue 11, read on corpus-2025 as a clerk would): "hằng năm" / "mỗi tháng" that name the
period of a plan, a budget, a resolution or a rate a duty refers to are no schedule of the duty — a clerk does not
make the task recur. Invented wording, never a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.deadlines import find_deadline, parse_deadline


def test_the_yearly_plan_or_resolution_a_duty_follows_does_not_make_it_recur() -> None:
    assert find_deadline("mở rộng mạng lưới thu gom rác thải nhằm đạt tỷ lệ thu gom theo Nghị quyết hằng năm của Hội "
                         "đồng nhân dân huyện", "2026-03-02") is None
    assert find_deadline("cấp phát biểu mẫu thống kê cho các xã theo kế hoạch hàng năm của từng phòng chuyên môn",
                         "2026-03-02") is None


def test_a_medium_term_and_yearly_plan_is_the_kind_of_plan_not_a_schedule() -> None:
    assert find_deadline("tham mưu UBND huyện xây dựng phương án phân bổ kế hoạch vốn trung hạn, hằng năm cho các "
                         "công trình thủy lợi", "2026-03-02") is None
    assert find_deadline("lồng ghép nội dung chuyển đổi số vào các chương trình, kế hoạch trung hạn và hàng năm của "
                         "ngành", "2026-03-02") is None
    assert find_deadline("đưa chỉ tiêu giảm nghèo vào Kế hoạch phát triển kinh tế - xã hội hằng năm của xã",
                         "2026-03-02") is None


def test_a_rate_per_month_is_a_target_not_a_schedule() -> None:
    assert find_deadline("đẩy nhanh tiến độ thi công (phấn đấu khối lượng mỗi tháng đạt ít nhất 15%), bảo đảm an toàn "
                         "lao động", "2026-03-02") is None


def test_a_duty_done_every_year_still_recurs() -> None:
    # the duty itself is yearly: its report, its plan made each year, a dated report each year
    assert parse_deadline("định kỳ hằng năm báo cáo kết quả về Sở Nội vụ", "2026-03-02")[2] == "định kỳ hằng năm"
    assert parse_deadline("xây dựng kế hoạch chi tiết hằng năm, gửi Phòng Tài chính", "2026-03-02")[2] == "hằng năm"
    assert parse_deadline("báo cáo kết quả về UBND huyện trước ngày 20/11 hằng năm", "2026-03-02")[2] is not None
    assert parse_deadline("tổng hợp báo cáo hằng tháng về Văn phòng", "2026-03-02")[2] == "hằng tháng"
