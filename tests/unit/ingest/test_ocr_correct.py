"""OCR post-correction rules (services.ingest.ocr.correct): pure, on invented examples of each kind of OCR error."""
from __future__ import annotations

import pytest

from services.ingest.ocr.correct import (
    correct_dates,
    correct_numbers,
    correct_phrases,
    post_correct,
    repair_number,
    split_code,
)


@pytest.mark.parametrize(("raw", "fixed"), [
    ("2417UBNDVX", "2417/UBND-VX"),  # both strokes lost, split at a known issuer code
    ("73l2024lQĐUBND", "73/2024/QĐ-UBND"),  # slashes read as "l"
    ("73|2024|QĐ-UBND", "73/2024/QĐ-UBND"),  # slashes read as "|"
    ("905 / SYT ~ NVY", "905/SYT-NVY"),  # spaces around strokes, dash read as "~"
    ("88NQHĐND", "88/NQ-HĐND"),
    ("61QDUBND", "61/QĐ-UBND"),  # "Đ" read as "D" where a code never has a plain D
    ("512024QĐUBND", "51/2024/QĐ-UBND"),  # the year glued between number and a legal document's code
    ("4120VPCP_TH", "4120/VPCP-TH"),  # dash read as "_"
    ("14/CĐ-TTg", "14/CĐ-TTg"),  # already right: unchanged
    ("7/2023/TT-BTC", "7/2023/TT-BTC"),
    ("23-KL/TU", "23-KL/TU"),  # party form: left alone
    ("Tờ trình", "Tờ trình"),  # not a number at all
])
def test_repair_number(raw: str, fixed: str) -> None:
    assert repair_number(raw) == fixed


def test_split_code_only_at_known_codes() -> None:
    assert split_code("VPCPTH") == ["VPCP", "TH"]
    assert split_code("TTg") == ["TTg"]  # the lower-case g is part of the code, not a new segment
    assert split_code("XYZ") == ["XYZ"]  # unknown: whole


def test_header_number_line_is_repaired_and_the_rest_kept() -> None:
    text = "SỞ Y TẾ\nSố:905SYTNVY `\nV/v tăng cường phòng bệnh"
    out = correct_numbers(text)
    assert out.splitlines()[1].startswith("Số: 905/SYT-NVY")
    assert out.splitlines()[0] == "SỞ Y TẾ" and out.splitlines()[2] == "V/v tăng cường phòng bệnh"


def test_numbers_in_running_text_only_where_glued_to_a_known_code() -> None:
    text = "thực hiện văn bản số 512SYTNVY và Nghị định số 15/2021/NĐ-CP; số 5 người; số 2024"
    out = correct_numbers(text)
    assert "số 512/SYT-NVY" in out
    assert "số 15/2021/NĐ-CP" in out and "số 5 người" in out and out.endswith("số 2024")


@pytest.mark.parametrize(("raw", "fixed"), [
    ("Cần Thơ, ngảy 0l thảng 3 nãm 2O24", "Cần Thơ, ngày 01 tháng 3 năm 2024"),
    ("Huế, ngay 9 thang 12 nam 2023", "Huế, ngày 9 tháng 12 năm 2023"),
    ("Ngày 15tháng 6năm 2022, Sở đã", "Ngày 15 tháng 6 năm 2022, Sở đã"),
    ("ngày 2 1 tháng 7 năm 2 024", "ngày 21 tháng 7 năm 2024"),  # digits split by a speck
])
def test_date_line(raw: str, fixed: str) -> None:
    assert correct_dates(raw) == fixed


def test_date_line_leaves_impossible_dates_alone() -> None:
    assert correct_dates("ngảy 40 thảng 13 nãm 2024") == "ngảy 40 thảng 13 nãm 2024"


def test_phrases_get_their_marks_back_and_keep_their_case() -> None:
    assert correct_phrases("UY BAN NHÂN DẢN HUYỆN") == "ỦY BAN NHÂN DÂN HUYỆN"
    assert correct_phrases("Quyêt định này có hiệu lực") == "Quyết định này có hiệu lực"
    assert correct_phrases("KT. CHU TICH\nPHÓ CHỦ TICH") == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert correct_phrases("Nơi nhân:\n- Như trên;") == "Nơi nhận:\n- Như trên;"


def test_phrases_leave_other_words_alone() -> None:
    text = "từ đó, các bên tự đo đạc lại"  # "từ đó" folds like "Tự do" but is another phrase; single words untouched
    assert correct_phrases(text) == text


def test_unit_names_from_a_directory() -> None:
    units = ["Sở Giáo dục và Đào tạo", "Ban Quản lý các khu công nghiệp"]
    out = correct_phrases("Giao Sở Giáo dục và Đảo tạo chủ tri, phối hơp với Ban Quan lý các khu công nghiệp", units)
    assert out == "Giao Sở Giáo dục và Đào tạo chủ trì, phối hợp với Ban Quản lý các khu công nghiệp"


def test_post_correct_runs_every_rule() -> None:
    text = "UY BAN NHÂN DÂN TỈNH\nSố:61QDUBND\nĐà Lạt, ngảy 3 thảng 4 nãm 2024\nQUYÊT ĐỊNH"
    assert post_correct(text) == "ỦY BAN NHÂN DÂN TỈNH\nSố: 61/QĐ-UBND\nĐà Lạt, ngày 3 tháng 4 năm 2024\nQUYẾT ĐỊNH"
