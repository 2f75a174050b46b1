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
