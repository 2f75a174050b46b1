"""Document numbers and cited documents (services/ingest/understanding/references.py)."""
from __future__ import annotations

import pytest

from services.ingest.understanding.references import (
    NUMBER_RE,
    clean_number,
    code_segments,
    find_references,
    number_key,
    type_of_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theo Thông báo số 215/TB-UBND ngày 2/3/2024", "215/TB-UBND"),
        ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", "30/2020/NĐ-CP"),
        ("Công văn số 1234/UBND-KT của Ủy ban", "1234/UBND-KT"),
        ("Kết luận số 121-KL/TW của Bộ Chính trị", "121-KL/TW"),
        ("văn bản số 7475/VPCP- NN ngày", "7475/VPCP-NN"),
        ("văn bản số 2273/CTK - CSCL ngày", "2273/CTK-CSCL"),
        ("Quyết định số 3783/QĐ-\nUBND ngày", "3783/QĐ-UBND"),
        ("công văn số 9476 /BNNMT-CNTY", "9476/BNNMT-CNTY"),
        ("Tờ trình số 88/TTr-SNV ngày", "88/TTr-SNV"),
        ("Thông báo số 12/TB-VPCP-V.I", "12/TB-VPCP-V.I"),
        ("Luật Đất đai số 31/2024/QH15", "31/2024/QH15"),
        ("Nghị quyết số 30c/NQ-CP", "30c/NQ-CP"),
        ("văn bản số 103/BKH-KTĐP &LT", "103/BKH-KTĐP&LT"),
    ],
)
def test_number_forms(text: str, expected: str) -> None:
    m = NUMBER_RE.search(text)
    assert m is not None
    assert clean_number(m.group(0)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ngày 24/11/2025 và 1/4 ngày làm việc",
        "đường dây nóng (028) 3930 3279",
        "mã hồ sơ 220725-11",
        "Km 12+500 - Km 15+300",
        "công văn số 107/2025 ngày 05/11/2025",  # no code: not a number and notation
    ],
)
def test_not_numbers(text: str) -> None:
    assert NUMBER_RE.search(text) is None


def test_number_stops_before_following_word() -> None:
    m = NUMBER_RE.search("Số: 45/UBND - Sở Tài chính")
    assert m is not None and clean_number(m.group(0)) == "45/UBND"


def test_en_dash_is_kept_but_keys_match() -> None:
    m = NUMBER_RE.search("Số: 317/TB–UBND")
    assert m is not None
    assert clean_number(m.group(0)) == "317/TB–UBND"
    assert number_key("317/TB–UBND") == number_key("317/TB-UBND")


@pytest.mark.parametrize(
    ("number", "segments", "doc_type"),
    [
        ("87/2025/QĐ-UBND", ["QĐ", "UBND"], "Quyết định"),
        ("12/CĐ-TTg", ["CĐ", "TTg"], "Công điện"),
        ("1234/UBND-KT", ["UBND", "KT"], "Công văn"),
        ("66-NQ/TW", ["NQ", "TW"], "Nghị quyết"),
        ("05/2024/TTLT-BTC-BNV", ["TTLT", "BTC", "BNV"], "Thông tư liên tịch"),
        ("45/KH-UBND", ["KH", "UBND"], "Kế hoạch"),
        ("17/TTr-SYT", ["TTr", "SYT"], "Tờ trình"),
    ],
)
def test_type_of_number(number: str, segments: list[str], doc_type: str) -> None:
    assert code_segments(number) == segments
    assert type_of_number(number) == doc_type


def test_find_references_with_type_and_date() -> None:
    text = (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;\n"
        "Thực hiện Quyết định 43/QĐ-TTg ngày 12 tháng 01 năm 2024 của Thủ tướng Chính phủ;\n"
        "Xét đề nghị của Sở Nội vụ tại Tờ trình số 88/TTr-SNV ngày 2/2/2024;\n"
        "Phúc đáp công văn số 1234/UBND-KT, Sở có ý kiến như sau (nhắc lại Nghị định 30/2020/NĐ-CP)."
    )
    refs = find_references(text, exclude="77/SNV-VP")
    assert [r.number for r in refs] == ["30/2020/NĐ-CP", "43/QĐ-TTg", "88/TTr-SNV", "1234/UBND-KT"]
    by_number = {r.number: r for r in refs}
    assert by_number["30/2020/NĐ-CP"].doc_type == "Nghị định"
    assert by_number["30/2020/NĐ-CP"].issued_date == "2020-03-05"
    assert by_number["43/QĐ-TTg"].doc_type == "Quyết định"
    assert by_number["43/QĐ-TTg"].issued_date == "2024-01-12"
    assert by_number["88/TTr-SNV"].doc_type == "Tờ trình"
    assert by_number["1234/UBND-KT"].doc_type == "Công văn"
    assert by_number["1234/UBND-KT"].issued_date is None
    span = by_number["43/QĐ-TTg"].span
    assert span is not None and text[span[0]:span[1]] == "43/QĐ-TTg"


def test_find_references_excludes_own_number_whatever_the_spacing() -> None:
    text = "Số: 512/BYT-KCB\nV/v thực hiện Công văn số 88/KCB-NV.\n(Kèm theo văn bản số 512/BYT- KCB)"
    assert [r.number for r in find_references(text, exclude="512/BYT-KCB")] == ["88/KCB-NV"]


def test_impossible_date_is_not_reported() -> None:
    refs = find_references("theo Kế hoạch số 15/KH-UBND ngày 31/11/2024")
    assert refs[0].number == "15/KH-UBND" and refs[0].issued_date is None


def test_numbers_glued_to_so_and_sizes_are_told_apart() -> None:
    assert [r.number for r in find_references("tại văn bảnsố3248/TTr-UBND ngày 08/9/2008")] == ["3248/TTr-UBND"]
    assert find_references("in trên khổ giấy A3/A0 hoặc A4") == []
    assert [r.number for r in find_references("Công điện 75/CCHC/TW của Trung ương")] == ["75/CCHC/TW"]
