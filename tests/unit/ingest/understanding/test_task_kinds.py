"""extract_tasks by kind of sentence (issue 11): each rule is tested on several invented variants (other units,
provinces, word orders and list styles), never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.tasks import extract_tasks


def _leads(text: str, issued: str | None = "2025-03-10") -> list[str]:
    return [t.lead for t in extract_tasks(text, issued)]


# -- a unit name ends where the name ends, not at the first word the directory knows --------------------------------

@pytest.mark.parametrize(("sentence", "unit"), [
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh phối hợp với nhà thầu đẩy nhanh tiến độ.",
     "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh"),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh chủ trì lập hồ sơ mời thầu.",
     "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh"),
    ("Cục Quản lý đầu tư xây dựng hướng dẫn các chủ đầu tư thực hiện thủ tục quyết toán.",
     "Cục Quản lý đầu tư xây dựng"),
    ("Trung tâm Công nghệ thông tin tỉnh phối hợp với các đơn vị kiểm tra hệ thống.", "Trung tâm Công nghệ thông tin tỉnh"),
])
def test_unit_name_runs_to_its_end(sentence: str, unit: str) -> None:
    assert match_units(sentence, 0).units == [unit]
    assert _leads(sentence) == [unit]


@pytest.mark.parametrize("text", [
    "Cục Kinh tế xây dựng nhận được Công văn số 55/SXD ngày 02/3/2025 của Sở Xây dựng tỉnh Quảng Trị.",
    "Cục Quản lý đầu tư xây dựng đã nhận được văn bản của Quý Sở về định mức dự toán.",
    "Trung tâm Phát triển quỹ đất xây dựng trân trọng cảm ơn sự phối hợp của các đơn vị.",
])
def test_a_senders_report_of_what_it_received_is_no_task(text: str) -> None:
    assert extract_tasks(text, "2025-03-10") == []
    stop = min(text.index(w) for w in (" nhận", " đã", " trân") if w in text)
    assert match_units(text, 0).end <= stop


# -- "Trên cơ sở đó, nếu thấy cần thiết, <unit> …": a condition before the unit that acts ---------------------------

@pytest.mark.parametrize(("text", "lead"), [
    ("Kính gửi: Sở Xây dựng tỉnh Quảng Trị.\n\nVề vấn đề này, Cục có ý kiến như sau: việc áp dụng định mức thực hiện "
     "theo Thông tư số 12/2021/TT-BXD. Trên cơ sở đó, nếu thấy cần thiết, Sở Xây dựng tổ chức hướng dẫn các chủ đầu "
     "tư áp dụng thống nhất.", "Sở Xây dựng"),
    ("Việc điều chỉnh giá hợp đồng thực hiện theo Nghị định số 35/2023/NĐ-CP. Trên cơ sở đó, nếu cần thiết, UBND huyện "
     "Gio Linh chỉ đạo chủ đầu tư rà soát lại các hợp đồng đã ký.", "UBND huyện Gio Linh"),
    ("Nếu thấy cần thiết, Sở Tài chính tham mưu UBND tỉnh điều chỉnh dự toán năm 2025.", "Sở Tài chính"),
    ("Căn cứ kết quả kiểm tra, trong trường hợp phát hiện sai phạm, Thanh tra tỉnh lập biên bản, xử lý theo quy định.",
     "Thanh tra tỉnh"),
])
def test_condition_before_the_unit(text: str, lead: str) -> None:
    assert _leads(text) == [lead]


@pytest.mark.parametrize("number", ["12/2021/TT-BXD", "45/QĐ-UBND", "7/CĐ-TTg", "101/KH-SYT"])
def test_a_document_number_ends_a_sentence(number: str) -> None:
    text = (f"Việc thanh toán thực hiện theo văn bản số {number}. Sở Tài chính hướng dẫn các đơn vị lập hồ sơ "
            "thanh toán trước ngày 30/4/2025.")
    [task] = extract_tasks(text, "2025-03-10")
    assert task.lead == "Sở Tài chính" and task.deadline == "2025-04-30"
    assert task.sentence.startswith("Sở Tài chính")


# -- activity cards: a "Hoạt động N:" heading, then "Nội dung / Đơn vị chủ trì / Đơn vị phối hợp / Thời gian" lines --

def test_activity_cards_with_dashed_fields() -> None:
    text = ("Hoạt động 1: Tổ chức hội thi tuyên truyền pháp luật\n"
            "- Nội dung: Tổ chức hội thi tìm hiểu pháp luật cho đoàn viên, thanh niên.\n"
            "- Đơn vị chủ trì: Tỉnh đoàn\n- Đơn vị phối hợp: Sở Tư pháp, Sở Giáo dục và Đào tạo\n- Thời gian: Quý III/2025\n\n"
            "Hoạt động 2: Biên soạn tài liệu\n- Nội dung: Biên soạn tài liệu hỏi đáp pháp luật về giao thông.\n"
            "- Đơn vị chủ trì: Công an tỉnh\n- Đơn vị phối hợp: Sở Xây dựng\n- Thời gian: Tháng 6/2025\n")
    first, second = extract_tasks(text, "2025-03-10")
    assert (first.lead, first.support, first.deadline) == (
        "Tỉnh đoàn", ["Sở Tư pháp", "Sở Giáo dục và Đào tạo"], "2025-09-30")
    assert first.action.startswith("Tổ chức hội thi tìm hiểu pháp luật")
    assert (second.lead, second.support, second.deadline) == ("Công an tỉnh", ["Sở Xây dựng"], "2025-06-30")


def test_activity_cards_with_bare_field_lines_and_no_content_field() -> None:
    text = ("Nhiệm vụ 1: Rà soát, cập nhật cơ sở dữ liệu đất đai\n"
            "Đơn vị chủ trì: Sở Nông nghiệp và Môi trường\n"
            "Đơn vị phối hợp: UBND các huyện, thành phố\n"
            "Thời gian hoàn thành: trước ngày 30/9/2025\n"
            "Nhiệm vụ 2: Số hóa hồ sơ địa chính\n"
            "Đơn vị chủ trì: Văn phòng Đăng ký đất đai\n"
            "Thời gian hoàn thành: Năm 2026\n")
    first, second = extract_tasks(text, "2025-03-10")
    assert (first.lead, first.action, first.deadline) == (
        "Sở Nông nghiệp và Môi trường", "Rà soát, cập nhật cơ sở dữ liệu đất đai", "2025-09-30")
    assert first.support == ["UBND các huyện, thành phố"]
    assert (second.lead, second.action, second.deadline) == (
        "Văn phòng Đăng ký đất đai", "Số hóa hồ sơ địa chính", "2026-12-31")
