"""Reading an exported DOCX back with python-docx, and checking the NĐ 30/2020 layout."""
from __future__ import annotations

import io
import re
from typing import Any

from docx import Document


def open_docx(data: bytes) -> Any:
    assert data[:2] == b"PK"
    return Document(io.BytesIO(data))


def all_text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def table_rows(table: Any) -> list[list[str]]:
    return [[c.text.strip() for c in row.cells] for row in table.rows]


def find_table(doc: Any, first_heading: str) -> list[list[str]]:
    for t in doc.tables:
        rows = table_rows(t)
        if rows and rows[0] and rows[0][0] == first_heading and len(rows[0]) > 2:
            return rows
    raise AssertionError(f"no table starting with {first_heading!r}")


def check_nd30_layout(doc: Any, place_date: str, issuing_body: str) -> None:
    """Header table, Quốc hiệu and Tiêu ngữ, place and date, Times New Roman 13–14 in the body, numbered sections."""
    header = doc.tables[0]
    assert len(header.columns) == 2
    left, right = (c.text for c in header.rows[0].cells)
    assert issuing_body.upper() in left and re.search(r"Số:\s*/", left)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert place_date in right
    body_runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert body_runs
    for run in body_runs:
        assert run.font.name == "Times New Roman", run.text
        assert run.font.size is not None and 13 <= run.font.size.pt <= 14, (run.text, run.font.size)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        if run.text.strip():
                            assert run.font.name == "Times New Roman"
    assert doc.styles["Normal"].font.name == "Times New Roman"
    headings = [p.text for p in doc.paragraphs if re.match(r"^[IVX]+\. ", p.text)]
    assert len(headings) >= 3 and headings[0].startswith("I. ") and headings[1].startswith("II. ")
