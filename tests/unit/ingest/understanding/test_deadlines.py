"""Deadlines as Vietnamese directives write them (own sentences, not the labelled set)."""
from __future__ import annotations

import pytest

from services.ingest.understanding.deadlines import find_deadline, parse_deadline


@pytest.mark.parametrize(
    ("text", "iso", "written"),
    [
        ("báo cáo UBND tỉnh trước ngày 10/12/2023.", "2023-12-10", "trước ngày 10/12/2023"),
        ("gửi Sở Tài chính trước ngày 15-3-2011 để tổng hợp", "2011-03-15", "trước ngày 15-3-2011"),
        ("hoàn thành trước ngày 20.7.2020", "2020-07-20", "trước ngày 20.7.2020"),
        ("gửi về Văn phòng trước 14 giờ, ngày 05/12/2017", "2017-12-05", "trước 14 giờ, ngày 05/12/2017"),
        ("báo cáo Chủ tịch trước 16h00 ngày 09/01/2025", "2025-01-09", "trước 16h00 ngày 09/01/2025"),
        ("trình Thủ tướng trước ngày 05 tháng 3 năm 2024", "2024-03-05", "trước ngày 05 tháng 3 năm 2024"),
        ("chậm nhất ngày 31/10/2025 phải hoàn thành", "2025-10-31", "chậm nhất ngày 31/10/2025"),
        ("gửi kết quả trướcngày 30/9/2024", "2024-09-30", "trướcngày 30/9/2024"),
    ],
)
def test_calendar_dates(text: str, iso: str, written: str) -> None:
    assert parse_deadline(text, None) == (iso, written, None)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("hoàn thành trong tháng 6/2011", "2011-06-30"),
        ("tổ chức thực hiện trong tháng 2 năm 2024", "2024-02-29"),
        ("trình Chính phủ quý II năm 2014", "2014-06-30"),
        ("hoàn thành trong Quý IV/2025", "2025-12-31"),
        ("Quí III-2026", "2026-09-30"),
        ("tổng kết 6 tháng đầu năm 2024", "2024-06-30"),
        ("sơ kết vào năm 2008", "2008-12-31"),
        ("hoàn thành trong năm 2026", "2026-12-31"),
    ],
)
def test_periods_end_on_their_last_day(text: str, iso: str) -> None:
    assert parse_deadline(text, None)[0] == iso


def test_date_without_year_is_the_next_one_after_the_document() -> None:
    assert parse_deadline("báo cáo trước ngày 15/11", "2024-10-02")[0] == "2024-11-15"
    assert parse_deadline("báo cáo trước ngày 15/01", "2024-10-02")[0] == "2025-01-15"
    assert parse_deadline("báo cáo trước ngày 15/11", None) == (None, "trước ngày 15/11", None)


def test_impossible_date_keeps_its_text() -> None:
    assert parse_deadline("báo cáo kết quả trước ngày 31.11 để tổng hợp", "2023-10-01") == (None, "trước ngày 31.11", None)
    assert parse_deadline("trước ngày 30/02/2024", None) == (None, "trước ngày 30/02/2024", None)


@pytest.mark.parametrize(
    "text",
    [
        "trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này",
        "trong 30 ngày kể từ ngày Quyết định có hiệu lực",
        "ngay sau khi có kết quả kiểm tra",
    ],
)
def test_relative_deadlines_have_text_but_no_date(text: str) -> None:
    iso, written, recurrence = parse_deadline(f"báo cáo UBND tỉnh {text}.", "2025-05-01")
    assert iso is None and recurrence is None
    assert written is not None and written in text


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("định kỳ hằng tháng báo cáo kết quả", "định kỳ hằng tháng"),
        ("báo cáo vào ngày 15 hàng tháng", "ngày 15 hàng tháng"),
        ("giao ban vào thứ Năm hằng tuần", "thứ Năm hằng tuần"),
        ("tổng hợp, báo cáo hằng quý", "hằng quý"),
        ("tổ chức sơ kết hằng năm", "hằng năm"),
    ],
)
def test_recurring_duties(text: str, recurrence: str) -> None:
    iso, _, rec = parse_deadline(text, "2025-01-01")
    assert iso is None
    assert rec is not None and recurrence in rec


def test_a_date_repeated_every_year_is_recurring() -> None:
    iso, written, rec = parse_deadline("báo cáo trước ngày 15 tháng 12 hàng năm", None)
    assert iso is None and rec == "hàng năm" and written == "trước ngày 15 tháng 12 hàng năm"


def test_dates_of_cited_documents_are_not_deadlines() -> None:
    assert parse_deadline("thực hiện Công văn số 4847/BYT-DP ngày 19/8/2024 của Bộ Y tế", None) == (None, None, None)
    assert parse_deadline("theo Nghị định số 80/2021/NĐ-CP", None) == (None, None, None)


def test_table_cells_need_no_cue_word() -> None:
    cell = find_deadline("Quý IV năm 2025", None, cell=True)
    assert cell is not None and cell.date == "2025-12-31"
    cell = find_deadline("30/6/2026", None, cell=True)
    assert cell is not None and cell.date == "2026-06-30"
    cell = find_deadline("Năm 2026", None, cell=True)
    assert cell is not None and cell.date == "2026-12-31"
    cell = find_deadline("Thường xuyên", None, cell=True)
    assert cell is not None and cell.date is None and cell.recurrence == "Thường xuyên"


def test_span_points_at_the_phrase() -> None:
    text = "tổng hợp, báo cáo trước ngày 20/11/2025 để xem xét"
    found = find_deadline(text, None)
    assert found is not None and text[found.start:found.end] == "trước ngày 20/11/2025"


def test_a_duty_about_one_years_plan_is_due_by_the_end_of_that_year() -> None:
    assert parse_deadline("phấn đấu hoàn thành dự toán thu ngân sách năm 2026", "2026-02-01")[0] == "2026-12-31"
    assert parse_deadline("rà soát các dự án từ năm 2020", "2026-02-01") == (None, None, None)
    assert parse_deadline("thực hiện kế hoạch năm 2021 - 2025", "2026-02-01")[0] is None
    assert parse_deadline("khắc phục tồn tại của năm 2025", "2026-02-01") == (None, None, None)


def test_the_year_of_a_cited_documents_date_is_not_a_deadline() -> None:
    assert parse_deadline("thực hiện Công điện số 12/CĐ-TTg ngày 22 tháng 8 năm 2026", "2026-09-01") == (None, None, None)


def test_a_month_range_and_the_end_of_the_year() -> None:
    assert parse_deadline("kiểm kê đất đai trong thời gian từ tháng 8-12/2026", "2026-07-01")[0] == "2026-12-31"
    assert parse_deadline("đẩy nhanh giải ngân, phấn đấu cuối năm đạt 100% kế hoạch", "2026-07-01")[0] == "2026-12-31"
    assert parse_deadline("phấn đấu cuối năm đạt kế hoạch", None) == (None, None, None)


def test_a_window_ends_on_its_last_day() -> None:
    d = find_deadline("tổ chức ra quân từ ngày 01/4 đến ngày 30/4/2026", "2026-03-01")
    assert d is not None and d.date == "2026-04-30" and d.text == "từ ngày 01/4 đến ngày 30/4/2026"
    d = find_deadline("kiểm tra thị trường từ nay đến hết ngày 20/9/2026", "2026-08-01")
    assert d is not None and d.date == "2026-09-20"
    d = find_deadline("thời gian thực hiện trong năm 2026 - 2027", "2026-01-10")
    assert d is not None and d.date == "2027-12-31"


def test_a_month_without_a_year_is_the_next_such_month() -> None:
    d = find_deadline("hoàn thành trong tháng 10", "2026-03-01")
    assert d is not None and d.date == "2026-10-31"
    d = find_deadline("hoàn thành trong tháng 2", "2026-11-20")
    assert d is not None and d.date == "2027-02-28"


def test_event_name_year_is_not_a_deadline() -> None:
    from services.ingest.understanding.deadlines import find_deadline
    assert find_deadline("tổ chức Ngày hội Văn hóa các dân tộc năm 2027 tại xã", "2026-05-01") is None
    assert find_deadline("đẩy mạnh giải ngân kế hoạch vốn năm 2027", "2026-05-01") is not None


@pytest.mark.parametrize(
    "text",
    [
        # the year names the plan, report or law the duty is about, not when it is due
        "báo cáo tình hình thực hiện kế hoạch vốn đầu tư năm 2026 theo yêu cầu của Bộ Tài chính",
        "xây dựng và hoàn thiện dự toán chi thường xuyên năm 2027 của đơn vị",
        "hoàn thiện hồ sơ Quy hoạch chung xây dựng đô thị năm 2026 của thị trấn",
        "thực hiện theo quy định của Luật Đất đai năm 2024 và các văn bản hướng dẫn",
        # an event whose name carries a comma ("phòng, chống") is still an event's name
        "hưởng ứng Tháng hành động quốc gia phòng, chống ma túy năm 2026 tại trường học",
    ],
)
def test_a_year_naming_the_subject_is_not_a_deadline(text: str) -> None:
    assert parse_deadline(text, "2026-01-15")[0] is None


def test_a_year_to_achieve_stays_a_deadline() -> None:
    # "giải ngân … năm 2026": the result must be reached within the year
    assert parse_deadline("quyết tâm giải ngân 100% kế hoạch vốn năm 2026", "2026-03-01")[0] == "2026-12-31"


def test_minutes_written_with_an_apostrophe() -> None:
    # "11 giờ 30’" (a typographic apostrophe for the minutes) is still an hour before the date
    assert parse_deadline("gửi hồ sơ về Sở Công Thương trước 11 giờ 30’ ngày 14/9/2026 để tổng hợp", "2026-09-01") == (
        "2026-09-14", "trước 11 giờ 30’ ngày 14/9/2026", None)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # several months named: the work runs until the end of the last one
        ("tổ chức kiểm tra trong tháng 10 và tháng 11/2026", "2026-11-30"),
        ("tổ chức kiểm tra trong các tháng 10, 11/2026", "2026-11-30"),
        ("tổ chức kiểm tra từ tháng 9 đến tháng 11/2026", "2026-11-30"),
    ],
)
def test_months_listed_end_with_the_last_month(text: str, iso: str) -> None:
    assert parse_deadline(text, "2026-06-01")[0] == iso


def test_a_time_field_after_a_dashed_list_holds_for_every_item() -> None:
    from services.ingest.understanding.tasks import extract_tasks

    text = ("UBND huyện yêu cầu:\n- Phòng Kinh tế rà soát các cơ sở kinh doanh xăng dầu.\n"
            "- Công an huyện kiểm tra việc chấp hành quy định phòng cháy.\n"
            "Thời gian hoàn thành: trước ngày 15/10/2026.")
    tasks = extract_tasks(text, issued_date="2026-09-01")
    assert [t.deadline for t in tasks] == ["2026-10-15", "2026-10-15"]


def test_a_window_already_past_is_the_period_looked_into() -> None:
    # "thanh tra … từ 01/01/2020 đến 31/12/2025" written in 2026: the period inspected, not a time limit
    assert parse_deadline("thanh tra việc quản lý đất đai từ 01/01/2020 đến 31/12/2025", "2026-03-01")[0] is None
    assert parse_deadline("kiểm tra từ ngày 01/4 đến ngày 30/4/2026", "2026-03-01")[0] == "2026-04-30"


@pytest.mark.parametrize("gap", [" ", "  ", "\n", "\t"])
def test_a_window_after_thoi_gian_is_read_whatever_the_space_inside_it(gap: str) -> None:
    """The window rule's cheap pre-check (rules42) looked for "hời gian" with one space while its pattern allows any
    whitespace: a direct caller with two spaces or a wrapped line got no deadline (review20)."""
    found = find_deadline(f"Sở Công Thương kiểm tra thị trường trong thời{gap}gian 05/12 - 25/12/2025.", "2025-12-01")
    assert found is not None and found.date == "2025-12-25"
