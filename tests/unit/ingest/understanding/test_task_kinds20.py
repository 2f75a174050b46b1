"""Kinds of missed leads and duty boundaries in whole documents (issue 11, session `rules20`): each kind tested on
invented wording, never on a line of the labelled data."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str, issued: str | None = "2026-03-02") -> list[tuple[str, str, str | None]]:
    return [(t.lead, t.action, t.deadline) for t in extract_tasks(text, issued)]


# -- points numbered "(i)", "(ii)", "(iii)" (lower-case Roman numerals), each naming its unit as the subject ----------

def test_points_numbered_with_small_roman_numerals_are_items() -> None:
    text = ("b) Để hoàn thành các mốc tiến độ còn lại, đề nghị:\n"
            "(i) Tổng công ty Cấp nước Sài Gòn báo cáo Ủy ban nhân dân tỉnh về tiến độ lắp đặt trạm bơm.\n"
            "(ii) Ủy ban nhân dân huyện Cát Tiên chỉ đạo các xã bàn giao mặt bằng trong tháng 12 năm 2026.\n"
            "(iii) Giao Sở Công Thương chỉ đạo Công ty Điện lực ký hợp đồng đấu nối.\n"
            "(iv) Bộ Xây dựng hướng dẫn chủ đầu tư các thủ tục cần thiết.\n")
    got = _tasks(text)
    assert [(lead, action.split()[:2], dl) for lead, action, dl in got] == [
        ("Tổng công ty Cấp nước Sài Gòn", ["báo", "cáo"], None),
        ("Ủy ban nhân dân huyện Cát Tiên", ["chỉ", "đạo"], "2026-12-31"),
        ("Sở Công Thương", ["chỉ", "đạo"], None),
        ("Bộ Xây dựng", ["hướng", "dẫn"], None),
    ]


def test_a_bracketed_small_roman_numeral_inside_a_sentence_is_no_item() -> None:
    text = "Giao Sở Tài chính chủ trì rà soát các khoản chi (i) thường xuyên và (ii) đầu tư, báo cáo trước ngày 10/5/2026.\n"
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == ["Sở Tài chính"]
    assert "(ii) đầu tư" in got[0][1]


# -- dashed duties under a numbered item that names its unit as the subject ------------------------------------------

def test_dashed_duties_under_a_numbered_item_go_on_with_its_unit() -> None:
    text = ("Yêu cầu các cơ quan liên quan thực hiện một số nội dung sau:\n"
            "(1) Sở Giao thông vận tải chỉ đạo Ban Quản lý dự án đẩy nhanh thi công cầu Bến Đá, hoàn thành trước ngày "
            "15 tháng 12 năm 2026.\n"
            "- Chỉ đạo các nhà thầu bố trí đủ nhân lực, máy móc thi công ba ca.\n"
            "- Chủ trì, phối hợp với Sở Tài chính hoàn thiện hồ sơ thanh toán khối lượng.\n"
            "(2) Công an tỉnh hướng dẫn chủ đầu tư hoàn thiện hồ sơ phòng cháy.\n"
            "- Kiểm tra điều kiện an toàn trước khi đưa cầu vào sử dụng.\n")
    got = extract_tasks(text, "2026-03-02")
    assert [(t.lead, t.action.split()[0]) for t in got] == [
        ("Sở Giao thông vận tải", "chỉ"),
        ("Sở Giao thông vận tải", "Chỉ"),
        ("Sở Giao thông vận tải", "hoàn"),
        ("Công an tỉnh", "hướng"),
        ("Công an tỉnh", "Kiểm"),
    ]
    assert got[2].support == ["Sở Tài chính"]


def test_dashed_items_that_name_their_own_units_keep_them() -> None:
    text = ("Ủy ban nhân dân tỉnh yêu cầu:\n"
            "1. Sở Nông nghiệp và Môi trường tổng hợp thiệt hại do mưa lũ.\n"
            "- Ủy ban nhân dân các xã báo cáo số hộ bị ảnh hưởng.\n"
            "- Công an tỉnh bảo đảm an ninh trật tự tại vùng lũ.\n")
    got = _tasks(text)
    assert [lead for lead, _, _ in got] == [
        "Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã", "Công an tỉnh"]
