"""Twentieth attack (SECURITY.md 96–): the doors and moments added last session — the units' list loaded from a file
on /ui/admin/units (preview, then load), the recall mark on the document, the report's "Kính gửi" — and the notes
left by the nineteenth attack. Each test failed on the code before its fix, or (marked "checked, held") keeps a
property found sound. Invented names and notices."""
from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest

from services.core.errors import VanbanError

SHEET = "xl/worksheets/sheet1.xml"


def _workbook(rows: list[list[str]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, member: str, change: Any) -> bytes:
    """The workbook with one member's XML changed (what a hand-made file can say that Excel never writes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, change(body) if info.filename == member else body)
    return out.getvalue()


def test_a_small_workbook_declaring_a_huge_sheet_is_read_within_bounds() -> None:
    """SECURITY.md 96 (1). The units' file is read with openpyxl's read-only reader, which pads every row to the
    sheet's declared dimension and yields an empty row for every row number skipped: a file of a few kilobytes
    declaring A1:XFD1048576 had each row made 16,384 cells wide, and one cell at row 1,048,576 made a million rows —
    all kept in a list before the 5,000-row limit was checked (17 billion cells: the worker's memory, then the
    server). Columns past the file's own are not read, and no row past the limit."""
    from services.briefing.unit_import import MAX_COLUMNS, _cells, read_rows

    wide = _rewrite(_workbook([["Tên đơn vị", "Thư điện tử"], ["UBND xã Hòa Sơn Đông", "hoasondong@example.vn"]]),
                    SHEET, lambda b: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD20"', b))
    cells = _cells("xa.xlsx", wide)
    assert max(len(r) for r in cells) <= MAX_COLUMNS, max(len(r) for r in cells)
    [row] = read_rows("xa.xlsx", wide)
    assert (row.name, row.email) == ("UBND xã Hòa Sơn Đông", "hoasondong@example.vn")

    def far_row(body: bytes) -> bytes:
        body = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1048576"', body)
        return body.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>UBND x\xc3\xa3 '
                                              b'Cu\xe1\xbb\x91i</t></is></c></row></sheetData>')

    with pytest.raises(VanbanError) as refused:
        read_rows("xa.xlsx", _rewrite(_workbook([["Tên đơn vị"], ["UBND xã Hòa Sơn Tây"]]), SHEET, far_row))
    assert refused.value.code == "unit_file_too_many_rows", refused.value.code


def test_a_zip_bomb_posing_as_the_units_list_is_refused_before_it_is_unpacked() -> None:
    """SECURITY.md 96 (2). The 2 MB limit was checked on the compressed file only: XML of repeated characters packs
    a thousand to one, so a 2 MB workbook unpacked to gigabytes of shared strings or cells in the server's memory
    (openpyxl reads the shared strings whole when it opens the workbook). The sizes the archive declares for its
    parts (which the unpacking never exceeds) are now checked first. And a CSV cell longer than Python's csv limit
    was a server error; it is refused as a file that cannot be read."""
    from services.briefing.unit_import import read_rows

    name = "UBND xã " + "A" * (24 * 1024 * 1024)  # 24 MB of one letter: a few tens of kilobytes packed
    bomb = _rewrite(_workbook([["Tên đơn vị"], ["UBND xã Hòa Sơn Bắc"]]), SHEET,
                    lambda b: b.replace(b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
                                        + name.encode() + b"</t></is></c></row></sheetData>"))
    assert len(bomb) < 200_000
    with pytest.raises(VanbanError) as refused:
        read_rows("xa.xlsx", bomb)
    assert refused.value.code == "unit_file_unpacked_too_large", refused.value.code
    assert "khi giải nén" in refused.value.message

    with pytest.raises(VanbanError) as refused:
        read_rows("xa.csv", ("Tên đơn vị\n\"" + "A" * 200_000 + "\"\n").encode())
    assert refused.value.code == "unit_file_unreadable", refused.value.code
