"""Three kinds of extraction fault a user met while playing a week of work (issue 11, session `rules23`), each tested
as a general rule on invented wording, with the cases that must not change: a bare "hoàn thành trước ngày …" is the
time limit of the duty before it, not a duty; a time said in a sentence that reports the past frames no later duty;
the closing execution and courtesy formulas of a document are no tasks."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-11-02") -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- R1: ", hoàn thành trước ngày …" with no object of its own closes the duty before it ----------------------------

@pytest.mark.parametrize("text, action, deadline", [
    ("Giao Ủy ban nhân dân huyện Kim Bôi chủ trì, phối hợp với Sở Tài chính hoàn thành việc đo đạc, lập phương án đền "
     "bù, hoàn thành trước ngày 15/01/2027.", "hoàn thành việc đo đạc, lập phương án đền bù", "2027-01-15"),
    ("Giao Phòng Kinh tế hoàn thành hồ sơ đề xuất chủ trương đầu tư cầu Suối Đá, xong trước ngày 10/02/2027.",
     "hoàn thành hồ sơ đề xuất chủ trương đầu tư cầu Suối Đá", "2027-02-10"),
    ("Giao Sở Y tế hoàn thành việc thẩm định các phòng khám tư nhân, hoàn thành dứt điểm trước ngày 30/4/2027.",
     "hoàn thành việc thẩm định các phòng khám tư nhân", "2027-04-30"),
    ("Giao Sở Xây dựng kiểm tra chất lượng các chung cư cũ; hoàn thành dứt điểm trước ngày 30/3/2027.",
     "kiểm tra chất lượng các chung cư cũ", "2027-03-30"),
])
def test_a_bare_completion_is_the_time_limit_of_the_duty_before(text: str, action: str, deadline: str) -> None:
    got = _tasks(text)
    assert len(got) == 1, got
    assert got[0][1] == action
    assert got[0][2] == deadline


def test_completing_a_named_second_work_is_still_a_second_duty() -> None:
    text = ("Giao Sở Y tế hoàn thành việc kiểm tra các nhà thuốc tư nhân, hoàn thành việc cấp chứng chỉ hành nghề "
            "trước ngày 30/4/2027.")
    got = _tasks(text)
    assert [(a, d) for _, a, d in got] == [
        ("hoàn thành việc kiểm tra các nhà thuốc tư nhân", None),
        ("hoàn thành việc cấp chứng chỉ hành nghề", "2027-04-30"),
    ]


def test_reporting_back_after_a_semicolon_stays_a_duty_of_its_own() -> None:
    text = "Giao Sở Công Thương rà soát các kho chứa khí hóa lỏng; báo cáo kết quả về UBND tỉnh trước ngày 15/5/2027."
    got = _tasks(text)
    assert [(lead, a, d) for lead, a, d in got] == [
        ("Sở Công Thương", "rà soát các kho chứa khí hóa lỏng", None),
        ("Sở Công Thương", "báo cáo kết quả về UBND tỉnh", "2027-05-15"),
    ]


# -- R2: a time in a sentence that reports the past is no time frame for the duties after it -------------------------

@pytest.mark.parametrize("report", [
    "Trong năm 2026, công tác chuyển đổi số trên địa bàn huyện đã có chuyển biến rõ nét.",
    "Năm 2026, tình hình sạt lở bờ sông trên địa bàn diễn biến phức tạp.",
    "Trong quý III/2026, số vụ vi phạm an toàn thực phẩm tăng 12% so với cùng kỳ.",
])
def test_a_report_of_the_past_gives_no_time_to_later_duties(report: str) -> None:
    for joint in (" ", "\n"):
        text = (report + joint + "Để khắc phục tồn tại, Chủ tịch UBND huyện yêu cầu:\n"
                "1. Phòng Văn hóa rà soát danh sách các điểm truy cập công cộng.\n"
                "2. Công an huyện kiểm tra các cơ sở kinh doanh trò chơi điện tử.\n")
        got = _tasks(text)
        assert [lead for lead, _, _ in got] == ["Phòng Văn hóa", "Công an huyện"], (joint, got)
        assert [d for _, _, d in got] == [None, None], (joint, got)


@pytest.mark.parametrize("frame, deadline", [
    ("Trong năm 2026, các phòng, ban tập trung thực hiện các nhiệm vụ sau:", "2026-12-31"),
    ("Trong quý I/2027, các phòng, ban tập trung hoàn thành các nhiệm vụ sau:", "2027-03-31"),
    ("Thời gian thực hiện: trong năm 2027.\nGiao nhiệm vụ như sau:", "2027-12-31"),
])
def test_a_real_time_frame_still_governs_the_duties_below(frame: str, deadline: str) -> None:
    text = (frame + "\n- Phòng Văn hóa rà soát danh sách các điểm truy cập công cộng.\n"
            "- Công an huyện kiểm tra các cơ sở kinh doanh trò chơi điện tử.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Phòng Văn hóa", "Công an huyện"], got
    assert [d for _, _, d in got] == [deadline, deadline], got


# -- R3: the closing execution clause and a letter's courtesy are no tasks ------------------------------------------

@pytest.mark.parametrize("closing", [
    "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị có liên quan tổ chức thực hiện nghiêm Thông báo này./.",
    "Đề nghị các phòng, ban, ngành thuộc huyện khẩn trương triển khai, thực hiện có hiệu quả các nội dung trên./.",
    "Ủy ban nhân dân huyện yêu cầu Chủ tịch UBND các xã chỉ đạo thực hiện nghiêm Kế hoạch này./.",
    "Đề nghị Ban Chỉ huy phòng, chống thiên tai các huyện quan tâm tổ chức thực hiện./.",
    "Yêu cầu Phòng Nội vụ, Phòng Y tế và Công an huyện khẩn trương tổ chức thực hiện.",
])
def test_a_closing_execution_clause_gives_no_task(closing: str) -> None:
    text = "Giao Phòng Tài chính - Kế hoạch rà soát dự toán chi thường xuyên năm 2027.\n" + closing + "\n"
    got = _tasks(text)
    assert [(lead, a, d) for lead, a, d in got] == [("Phòng Tài chính - Kế hoạch", "rà soát dự toán chi thường xuyên",
                                                      "2027-12-31")], got


@pytest.mark.parametrize("courtesy", [
    "Trường Tiểu học Hòa Lạc kính đề nghị Ủy ban nhân dân xã quan tâm, giúp đỡ./.",
    "Hội Nông dân huyện kính đề nghị Ủy ban nhân dân huyện quan tâm, tạo điều kiện./.",
])
def test_a_letters_courtesy_gives_no_task(courtesy: str) -> None:
    assert _tasks(courtesy) == []


def test_a_closing_duty_with_content_stays_a_task() -> None:
    text = ("Giao Phòng Tài chính - Kế hoạch rà soát dự toán chi thường xuyên năm 2027.\n"
            "Yêu cầu các phòng, ban báo cáo kết quả thực hiện về Ủy ban nhân dân huyện trước ngày 30/6/2027.\n"
            "Đề nghị các xã thực hiện nghiêm túc các nội dung trên, hoàn thành trước ngày 20/5/2027.\n")
    got = _tasks(text)
    assert [(lead, d) for lead, _, d in got] == [
        ("Phòng Tài chính - Kế hoạch", "2027-12-31"),
        ("các phòng, ban", "2027-06-30"),
        ("các xã", "2027-05-20"),
    ]


def test_one_unit_charged_with_carrying_out_the_plan_stays_a_task() -> None:
    got = _tasks("Giao Sở Du lịch chủ trì tổ chức triển khai thực hiện Kế hoạch này.\n")
    assert [lead for lead, _, _ in got] == ["Sở Du lịch"]
    # (a request with content said up to the deciding body, "Kính đề nghị Ủy ban nhân dân tỉnh quan tâm, bố trí kinh
    # phí …", is a request up, no task in any inbox: rules27, services/ingest/understanding/letters.py)
    got = _tasks("Kính đề nghị Ủy ban nhân dân tỉnh quan tâm, bố trí kinh phí sửa chữa trạm bơm Cầu Ngang./.\n")
    assert got == []
    got = _tasks("Đề nghị Ủy ban nhân dân huyện bố trí kinh phí sửa chữa trạm bơm Cầu Ngang trước mùa mưa./.\n")
    assert len(got) == 1 and "bố trí kinh phí" in got[0][1]


def test_a_lead_in_that_asks_everyone_to_carry_out_the_points_below_still_leads_them() -> None:
    text = ("Theo đó, UBND huyện yêu cầu các phòng, ban, UBND các xã triển khai thực hiện các nội dung:\n\n"
            "Tập trung rà soát các công trình thủy lợi xuống cấp.\n\n"
            "Tăng cường biện pháp phòng, chống dịch bệnh trên đàn gia cầm./.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["các phòng, ban, UBND các xã"] * 2, got
    assert [a.split()[0] for _, a, _ in got] == ["Tập", "Tăng"]


def test_a_sentence_going_on_after_the_execution_clause_keeps_its_units() -> None:
    text = ("Giao Sở Xây dựng rà soát hệ thống chiếu sáng công cộng.\n"
            "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện. Định kỳ hằng quý gửi báo cáo kết quả về Sở "
            "Xây dựng để tổng hợp.\n")
    got = _tasks(text)
    assert [(lead, a.split()[0]) for lead, a, _ in got] == [("Sở Xây dựng", "rà"), ("các cơ quan, đơn vị", "Định")], got


def test_one_unit_told_to_carry_it_out_stays_a_task() -> None:
    got = _tasks("Giao Phòng Kinh tế rà soát các chợ nông thôn.\nYêu cầu Phòng Tư pháp khẩn trương tổ chức thực hiện.\n")
    assert [lead for lead, _, _ in got] == ["Phòng Kinh tế", "Phòng Tư pháp"]
