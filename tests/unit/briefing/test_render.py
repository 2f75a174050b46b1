"""DOCX exports, opened back with python-docx: NĐ 30/2020 layout and what they say."""
from __future__ import annotations

from datetime import date

from helpers.docx_check import all_text, check_nd30_layout, find_table, open_docx

from services.briefing import domain, render
from services.briefing.domain import DirectiveFact, TaskFact, UnitRef

D = date
XD, KH = UnitRef("xd", "Sở Xây dựng"), UnitRef("kh", "Sở Kế hoạch và Đầu tư")
TASKS = [TaskFact("1", "d", "317/TB-UBND", "đẩy nhanh tiến độ dự án Cổng thông tin điện tử tỉnh", "xd",
                  "Sở Xây dựng", D(2008, 10, 7), D(2008, 11, 30), D(2008, 12, 5)),
         TaskFact("2", "d", "317/TB-UBND", "bố trí vốn cho dự án dịch vụ công trực tuyến", "kh",
                  "Sở Kế hoạch và Đầu tư", D(2008, 10, 7), D(2008, 10, 31), None)]


def header(kind: str, recipients: list[str]) -> render.Header:
    return render.Header(parent_body="UBND tỉnh Nghệ An", body="Văn phòng", number="Số:       /BC-VP",
                         place="Nghệ An", issued=D(2008, 12, 10), kind=kind,
                         subject="Tình hình thực hiện nhiệm vụ được giao", recipients=recipients)


def test_date_line() -> None:
    assert render.vn_date_line("Nghệ An", D(2008, 10, 7)) == "Nghệ An, ngày 07 tháng 10 năm 2008"
    assert render.vn_date_line("Hà Nội", D(2024, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2024"
    assert render.vn_date_line("", D(2024, 3, 15)) == "Ngày 15 tháng 3 năm 2024"


def test_report_docx() -> None:
    report = domain.assemble_report(D(2008, 12, 10), None, None, [XD, KH], TASKS)
    doc = open_docx(render.render_report(report, header("Báo cáo", ["UBND tỉnh Nghệ An",
                                                                     "Bộ Thông tin và Truyền thông"])))
    check_nd30_layout(doc, "Nghệ An, ngày 10 tháng 12 năm 2008", "Văn phòng")
    text = all_text(doc)
    assert "BÁO CÁO" in text and "Kính gửi:" in text and "- Bộ Thông tin và Truyền thông." in text
    rows = find_table(doc, "Đơn vị")
    assert rows[-1] == ["Tổng cộng", "2", "0", "1", "0", "1", "0", "50,0"]
    assert ["Sở Kế hoạch và Đầu tư", "1", "0", "0", "0", "1", "0", "0,0"] in rows
    overdue = next(r for r in find_rows(doc) if "bố trí vốn" in r[1])
    assert overdue[-1] == "40" and overdue[4] == "31/10/2008"
    assert "Nơi nhận:" in text


def find_rows(doc) -> list[list[str]]:  # type: ignore[no-untyped-def]
    from helpers.docx_check import table_rows

    return [r for t in doc.tables for r in table_rows(t)]


def test_pack_docx() -> None:
    pack = domain.assemble_pack(D(2008, 10, 13), None, D(2008, 11, 3), D(2008, 10, 13), [XD, KH], TASKS,
                                [DirectiveFact("d", "317/TB-UBND", "Thông báo", "Kết luận về các dự án CNTT",
                                               D(2008, 10, 7), frozenset({"xd", "kh"}))])
    doc = open_docx(render.render_pack(pack, header("Tài liệu", []), "Giao ban tháng 10/2008",
                                       "Phó Chủ tịch UBND tỉnh"))
    check_nd30_layout(doc, "Nghệ An, ngày 10 tháng 12 năm 2008", "Văn phòng")
    text = all_text(doc)
    assert "Giao ban tháng 10/2008" in text and "Phó Chủ tịch UBND tỉnh" in text
    assert "1. Sở Kế hoạch và Đầu tư" in text and "2. Sở Xây dựng" in text
    assert "Kết luận về các dự án CNTT" in text and "317/TB-UBND" in text
    assert find_table(doc, "Đơn vị")[-1][:2] == ["Tổng cộng", "2"]


def test_control_characters_from_users_never_break_the_docx() -> None:
    """schemathesis found `recipient=%1B` crashing the report: XML cannot hold control characters."""
    from services.briefing.render import _clean

    assert _clean("Bộ\x1b Tài chính\x00\x0c") == "Bộ Tài chính"
    assert _clean("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"
