"""Reading the office's own list of units (briefing/unit_import.read_rows): CSV as Excel saves it (UTF-8 with BOM,
semicolons), a title row above the header, blank rows, other names split on ";" — and the clear refusals."""
from __future__ import annotations

import io

import pytest

from services.briefing.unit_import import read_rows
from services.core.errors import VanbanError


def test_csv_saved_by_excel_with_a_title_row_above_the_header() -> None:
    data = ("DANH MỤC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ;;;\n"
            "Tên đơn vị;Tên khác;Thư điện tử;Sáp nhập vào\n"
            "UBND phường Bến Thủy Mới; Phường Bến Thủy Mới ;  benthuy@example.vn;\n"
            ";;;\n"
            "UBND xã Cửa Lò Cũ;;;UBND phường Bến Thủy Mới\n").encode("utf-8-sig")
    rows = read_rows("xa.csv", data)
    assert [(r.line, r.name, r.aliases, r.email, r.merged_into) for r in rows] == [
        (3, "UBND phường Bến Thủy Mới", ["Phường Bến Thủy Mới"], "benthuy@example.vn", ""),
        (5, "UBND xã Cửa Lò Cũ", [], "", "UBND phường Bến Thủy Mới")]


def test_excel_workbook_and_headers_without_diacritics() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Ten don vi", "Sap nhap vao"])
    wb.active.append(["UBND xã Hòa Sơn", None])
    buf = io.BytesIO()
    wb.save(buf)
    [row] = read_rows("xa.xlsx", buf.getvalue())
    assert (row.line, row.name, row.merged_into) == (2, "UBND xã Hòa Sơn", "")


@pytest.mark.parametrize(("data", "code"), [
    (b"", "unit_file_unreadable"),
    ("Đơn vị cấp trên,Ghi chú\nUBND tỉnh,\n".encode(), "unit_file_no_header"),
    (b"Ten don vi\n\n", "unit_file_empty"),
    ("Tên đơn vị\nUBND xã Hòa Sơn\n".encode("utf-16"), "unit_file_not_utf8"),  # Excel's "Unicode text"
    (b"PK\x03\x04 not a workbook", "unit_file_unreadable"),
])
def test_a_file_that_cannot_be_loaded_says_why(data: bytes, code: str) -> None:
    with pytest.raises(VanbanError) as err:
        read_rows("danh-muc.csv", data)
    assert err.value.code == code and err.value.message


def test_a_file_too_large_says_it_exceeds_the_limit() -> None:
    from services.briefing.unit_import import MAX_BYTES

    with pytest.raises(VanbanError) as err:
        read_rows("danh-muc.csv", b"x" * (MAX_BYTES + 1))
    assert err.value.code == "unit_file_too_large" and "vượt quá 2 MB" in err.value.message


def test_too_many_rows_says_which_limit_and_what_to_do() -> None:
    """A sheet past 20,000 rows (Excel counts formatted empty rows) is not "more than 5000 lines": the message says
    what was counted and how to fix it; a file of more than 5,000 units says to split it."""
    import openpyxl

    from services.briefing.unit_import import MAX_SHEET_ROWS

    wb = openpyxl.Workbook()
    wb.active.append(["Tên đơn vị"])
    wb.active.append(["UBND xã Hòa Sơn Tây"])
    wb.active.cell(row=MAX_SHEET_ROWS + 5, column=1).number_format = "@"  # a formatted empty row far down
    wb.active.cell(row=MAX_SHEET_ROWS + 5, column=1).value = ""
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(VanbanError) as err:
        read_rows("xa.xlsx", buf.getvalue())
    assert err.value.code == "unit_sheet_too_many_rows"
    assert err.value.message == ("Trang tính có hơn 20.000 dòng (kể cả dòng trống đã định dạng): xóa các dòng trống "
                                 "ở cuối trang tính hoặc lưu thành CSV rồi tải lên lại.")
    with pytest.raises(VanbanError) as err:
        read_rows("xa.csv", ("Tên đơn vị\n" + "".join(f"UBND xã Số {i}\n" for i in range(5001))).encode())
    assert err.value.code == "unit_file_too_many_rows"
    assert err.value.message == "Tệp có hơn 5.000 đơn vị: chia thành nhiều tệp, mỗi tệp tối đa 5.000 đơn vị."
