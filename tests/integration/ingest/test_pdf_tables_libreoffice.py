"""A DOCX task table printed to PDF by LibreOffice (the Debian package; deploy/local/tools.txt) reads back as one
tab-separated line per row, as the DOCX itself does: LibreOffice sets the table column by column with no gap
between the rows, so the rows are found by the heights where every column's cell starts. (Known limit: where
pdfminer groups a long paragraph right under the table into a column's box, the table is laid out as before.)"""
from __future__ import annotations

from pathlib import Path

from fixtures.builders import make_docx
from helpers.pdf_check import to_pdf

from services.ingest.parsers.pdf import extract_pdf

TABLE = [["Số", "Việc cần làm", "Bên làm chính", "Bên cùng làm", "Hạn chót"],
         ["1", "Dọn kho lưu trữ tầng hai và lập danh sách hồ sơ cũ", "Phòng Hành chính",
          "Phòng Kế toán và Phòng Tổng hợp", "Trước ngày 15/3/2027"],
         ["2", "Sửa mái nhà xe", "Tổ Bảo vệ", "Phòng Quản trị, Tổ Điện nước", "Tháng 4/2027"],
         ["3", "Mua sắm bàn ghế phòng họp nhỏ", "Phòng Quản trị", "Phòng Kế toán", "Quý II/2027"]]


def test_a_table_printed_by_libreoffice_gives_one_tab_joined_line_per_row(tmp_path: Path) -> None:
    before = "Đoạn mở đầu."
    after = "Phần kết"
    pdf = to_pdf({"bang.docx": make_docx([before, TABLE, after])}, tmp_path)["bang.docx"]
    text = extract_pdf(pdf.read_bytes()).text
    lines = [ln for ln in text.split("\n") if ln.strip()]
    rows = ["\t".join(r) for r in TABLE]
    for row in rows:
        assert row in lines, (row, text)
    idx = [lines.index(before), *(lines.index(r) for r in rows), lines.index(after)]
    assert idx == sorted(idx) and idx[-1] - idx[0] == len(rows) + 1, text
