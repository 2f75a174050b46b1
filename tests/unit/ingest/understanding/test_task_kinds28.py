"""Duties missed on whole documents (session rules28, issue 11): a duty sentence after a unit's duty that ends with its
own time limit is a new duty with that time; openers before the unit that acts ("tùy vào …,", "Dự kiến,"); a body
named by its kind alone; a plan card that lists its works before naming who does them; a numbered letter reported as
sent; a resolution's own execution clause is no task. Invented wording only, never a labelled line."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str) -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, "2024-03-10")]


@pytest.mark.parametrize("tail", ["; thời gian hoàn thành trong quý III năm 2024", ", hoàn thành trước ngày 30/9/2024",
                                  "; thời hạn hoàn thành: trước ngày 30/9/2024"])
def test_a_next_duty_with_its_own_time_limit_is_a_duty_of_its_own(tail: str) -> None:
    text = ("Ban Chỉ huy quân sự huyện phối hợp với Phòng Nội vụ thành lập tổ xác minh các thông tin còn thiếu. "
            f"Khẩn trương tổ chức bồi dưỡng cho cán bộ cấp xã về cách lập sơ đồ vị trí{tail}. "
            "Tổng hợp kết quả thực hiện của cơ sở, tham mưu Ủy ban nhân dân huyện khen thưởng kịp thời.")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Ban Chỉ huy quân sự huyện"] * 3
    assert got[0][2] is None  # the time is not the first duty's
    assert got[1][1].startswith("Khẩn trương tổ chức bồi dưỡng cho cán bộ cấp xã")
    assert got[1][2] == "2024-09-30"


@pytest.mark.parametrize("second", ["Hoàn thành trước ngày 30/9/2024.", "Yêu cầu hoàn thành, gửi báo cáo trước ngày 30/9/2024.",
                                    "Tổ chức thực hiện xong trước ngày 30/9/2024."])
def test_a_sentence_that_only_says_when_is_the_time_limit_of_the_duty_before(second: str) -> None:
    got = _tasks(f"Giao Sở Tài chính rà soát các khoản chi thường xuyên của các đơn vị dự toán. {second}")
    assert got == [("Sở Tài chính", "rà soát các khoản chi thường xuyên của các đơn vị dự toán", "2024-09-30")]


@pytest.mark.parametrize("opener", [
    "Theo đó, tùy vào điều kiện thực tiễn của từng địa phương, đơn vị, ",
    "Tùy theo tình hình thực tế, ",
    "Theo đó, tùy thuộc vào nguồn lực được giao, ",
])
def test_the_leeway_left_to_each_unit_comes_before_the_unit_that_acts(opener: str) -> None:
    text = ("Đợt thi đua được Hội Nông dân tỉnh phát động từ nay đến hết năm 2024. "
            f"{opener}Hội Nông dân các huyện sẽ triển khai các mô hình sản xuất phù hợp.")
    assert [(lead, action) for lead, action, _ in _tasks(text)] == [
        ("Hội Nông dân các huyện", "triển khai các mô hình sản xuất phù hợp")]


def test_a_plan_announced_with_its_month_is_a_duty_with_that_time() -> None:
    text = ("Đầu tuần sau, văn bản hướng dẫn sẽ được gửi tới các địa phương. "
            "Dự kiến, trong tháng 10/2024, Sở Giáo dục và Đào tạo sẽ công bố đề thi tham khảo các môn thi.")
    assert _tasks(text) == [("Sở Giáo dục và Đào tạo", "công bố đề thi tham khảo các môn thi", "2024-10-31")]


def test_a_body_named_by_its_kind_alone_is_the_one_of_that_kind_named_before() -> None:
    text = ("III. TỔ CHỨC THỰC HIỆN\n"
            "- Sau khi Hiệp hội Du lịch công bố kết quả khảo sát năm 2024, giao Trung tâm Xúc tiến Đầu tư tỉnh chủ trì, "
            "phối hợp với các đơn vị liên quan tham mưu UBND tỉnh ban hành kế hoạch quảng bá năm 2025.\n"
            "- Căn cứ thỏa thuận hợp tác với Hiệp hội, giao Trung tâm chủ trì phối hợp với Hiệp hội Du lịch tỉnh tham mưu "
            "UBND tỉnh tổ chức hội nghị giới thiệu sản phẩm du lịch.\n")
    got = extract_tasks(text, "2024-03-10")
    assert [t.lead for t in got] == ["Trung tâm Xúc tiến Đầu tư tỉnh"] * 2
    assert got[1].action == "tham mưu UBND tỉnh tổ chức hội nghị giới thiệu sản phẩm du lịch"
    assert got[1].support == ["Hiệp hội Du lịch tỉnh"]


def test_a_plan_card_listing_its_works_before_naming_who_does_them() -> None:
    text = ("KẾ HOẠCH\nTriển khai thi hành Luật Đo lường\n\nII. NHIỆM VỤ\n"
            "4. Kiểm tra việc thi hành Luật\n- Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n"
            "5. Tổ chức các nội dung hỗ trợ thi hành Luật\n"
            "- Các nội dung hỗ trợ thi hành Luật bao gồm:\n"
            "+ Hướng dẫn áp dụng các văn bản quy định chi tiết thi hành Luật;\n"
            "+ Tổ chức tiếp nhận và xử lý kiến nghị của tổ chức, cá nhân;\n"
            "+ Rà soát, cập nhật hệ thống cơ sở dữ liệu đo lường.\n"
            "- Cơ quan thực hiện: Các sở, ngành có liên quan theo chức năng, nhiệm vụ được giao.\n"
            "6. Tổng kết thi hành Luật\n")
    got = [(t.lead, t.action) for t in extract_tasks(text, "2025-06-10")]
    assert got == [("Sở Khoa học và Công nghệ", "Kiểm tra việc thi hành Luật"),
                   ("Các sở, ngành có liên quan", "Hướng dẫn áp dụng các văn bản quy định chi tiết thi hành Luật"),
                   ("Các sở, ngành có liên quan", "Tổ chức tiếp nhận và xử lý kiến nghị của tổ chức, cá nhân"),
                   ("Các sở, ngành có liên quan", "Rà soát, cập nhật hệ thống cơ sở dữ liệu đo lường")]


def test_a_card_whose_listed_works_name_no_unit_gives_no_task() -> None:
    text = ("KẾ HOẠCH\nTuyên truyền pháp luật năm 2025\n\nII. NỘI DUNG\n"
            "1. Tuyên truyền trên báo chí\n- Các nội dung tuyên truyền gồm:\n"
            "+ Phổ biến các quy định mới về giao thông;\n+ Giới thiệu các mô hình tốt.\n"
            "2. Tổ chức hội thi\n")
    assert extract_tasks(text, "2025-06-10") == []


def test_a_numbered_letter_reported_as_sent_gives_its_subject_to_those_it_is_sent_to() -> None:
    text = ("Ngày 12/8/2024, Văn phòng Chính phủ có văn bản 5120/VPCP-NN gửi Bộ trưởng Bộ Nông nghiệp và Phát triển "
            "nông thôn truyền đạt ý kiến chỉ đạo của Phó Thủ tướng về bảo đảm an toàn hồ đập trong mùa mưa lũ.")
    assert [(t.lead, t.action) for t in extract_tasks(text, None)] == [
        ("Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn", "bảo đảm an toàn hồ đập trong mùa mưa lũ")]


def test_a_numbered_letter_written_with_capitals_and_a_date_first() -> None:
    text = ("Ngày 28/4, Bộ Y tế có Công văn số 2598/BYT-DP gửi UBND các tỉnh, thành phố trực thuộc Trung ương về việc "
            "tăng cường công tác phòng, chống dịch trong dịp nghỉ lễ.")
    assert [(t.lead, t.action) for t in extract_tasks(text, None)] == [
        ("UBND các tỉnh, thành phố trực thuộc Trung ương", "tăng cường công tác phòng, chống dịch trong dịp nghỉ lễ")]


def test_a_resolutions_own_execution_clause_is_no_task() -> None:
    text = ("NGHỊ QUYẾT\nVề mức hỗ trợ học phí năm học 2025 - 2026\n"
            "Điều 1. Quy định mức hỗ trợ học phí cho học sinh trên địa bàn tỉnh.\n"
            "Điều 2. Tổ chức thực hiện\n"
            "1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết.\n"
            "2. Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ đại biểu và đại biểu Hội đồng nhân "
            "dân tỉnh giám sát việc thực hiện Nghị quyết này theo quy định của pháp luật.\n")
    assert extract_tasks(text, "2025-07-10") == []


def test_a_resolution_named_by_its_number_is_still_a_duty() -> None:
    got = extract_tasks("Giao Sở Giáo dục và Đào tạo tổ chức thực hiện Nghị quyết số 12/2025/NQ-HĐND, báo cáo kết quả "
                        "trước ngày 30/9/2025.", "2025-07-10")
    assert [t.lead for t in got] == ["Sở Giáo dục và Đào tạo"]
