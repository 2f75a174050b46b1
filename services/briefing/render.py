"""DOCX exports laid out as Nghị định 30/2020/NĐ-CP requires: pure functions from domain results to bytes.

Header table of two columns (cơ quan chủ quản / cơ quan ban hành and số, ký hiệu on the left; Quốc hiệu, Tiêu ngữ
and địa danh, ngày tháng năm on the right), Times New Roman 14 (13 in tables), A4 with the decree's margins,
numbered sections (I., II. …), tables, then nơi nhận and the signature block.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from services.briefing.domain import CATEGORY_LABELS, Category, Counts, Pack, Report, TaskLine

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Header:
    """The parts of the header and the closing of an administrative document."""

    parent_body: str  # cơ quan chủ quản, e.g. "UBND TỈNH NGHỆ AN"
    body: str  # cơ quan ban hành, e.g. "VĂN PHÒNG"
    number: str  # "Số:      /BC-VP"
    place: str  # địa danh
    issued: date
    kind: str  # BÁO CÁO
    subject: str  # trích yếu
    recipients: Sequence[str] = ()  # kính gửi
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"
    signer_name: str = ""
    copies: Sequence[str] = field(default_factory=lambda: ["- Như trên;", "- Lưu: VT."])


def vn_date_line(place: str, d: date) -> str:
    """'Nghệ An, ngày 07 tháng 10 năm 2008' (days below 10 and months 1, 2 take a leading zero)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def vn_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Drop characters XML cannot hold (control characters from user input), which python-docx refuses."""
    return _XML_INCOMPATIBLE.sub("", text)


def _font(run, size: int, bold: bool = False, italic: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(container, text: str = "", size: int = BODY_PT, bold: bool = False, italic: bool = False,  # type: ignore[no-untyped-def]
          align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False, space_after: int = 6):
    p = container.add_paragraph()
    if text:
        _font(p.add_run(_clean(text)), size, bold, italic)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Mm(10)
    return p


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _new_document(h: Header) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)

    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(left.paragraphs[0].add_run(_clean(h.parent_body.upper())), TABLE_PT)
    _para(left, h.body.upper(), TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _para(left, h.number, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run(_clean(NATIONAL_TITLE)), TABLE_PT, bold=True)
    _para(right, MOTTO, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _para(right, vn_date_line(h.place, h.issued), BODY_PT, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
          space_after=0)

    _para(doc, "", space_after=6)
    _para(doc, h.kind.upper(), BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, h.subject, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    if h.recipients:
        if len(h.recipients) == 1:
            _para(doc, f"Kính gửi: {h.recipients[0]}.", BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
        else:
            _para(doc, "Kính gửi:", BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
            for i, r in enumerate(h.recipients):
                end = "." if i == len(h.recipients) - 1 else ";"
                _para(doc, f"- {r}{end}", BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
            _para(doc, "", space_after=6)
    return doc


def _closing(doc: DocxDocument, h: Header) -> None:
    _para(doc, "", space_after=6)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _font(left.paragraphs[0].add_run(_clean("Nơi nhận:")), 12, bold=True, italic=True)
    for c in h.copies:
        _para(left, c, 11, space_after=0)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run(_clean(h.signer_title.upper())), BODY_PT, bold=True)
    for _ in range(3):
        _para(right, "", space_after=0)
    if h.signer_name:
        _para(right, h.signer_name, BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _table(doc: DocxDocument, headings: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[int]) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, w in zip(table.rows[0].cells, headings, widths_mm, strict=True):
        cell.width = Mm(w)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(_clean(text)), TABLE_PT, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text, w in zip(cells, row, widths_mm, strict=True):
            cell.width = Mm(w)
            _font(cell.paragraphs[0].add_run(_clean(text)), TABLE_PT)
    _para(doc, "", space_after=6)


def _counts_row(label: str, c: Counts) -> list[str]:
    return [label, str(c.total), str(c.completed_on_time), str(c.completed_late), str(c.in_progress),
            str(c.overdue), f"{c.completion_rate:.1f}".replace(".", ",")]


COUNT_HEADINGS = ["Đơn vị", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn",
                  "Quá hạn", "Tỷ lệ hoàn thành (%)"]
COUNT_WIDTHS = [45, 17, 22, 22, 22, 17, 20]


def _task_rows(lines: Sequence[TaskLine], with_late: bool = False) -> list[list[str]]:
    rows = []
    for i, ln in enumerate(lines, 1):
        row = [str(i), ln.action, ln.lead_name, ln.document_number or "", vn_date(ln.deadline)]
        if with_late:
            row.append(f"{ln.days_late}")
        rows.append(row)
    return rows


def _task_table(doc: DocxDocument, lines: Sequence[TaskLine], with_late: bool = False) -> None:
    if not lines:
        _para(doc, "Không có.", BODY_PT, italic=True, indent=True)
        return
    headings = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Văn bản giao", "Thời hạn"]
    widths = [10, 75, 35, 25, 22]
    if with_late:
        headings.append("Số ngày quá hạn")
        widths = [10, 65, 32, 23, 20, 17]
    _table(doc, headings, _task_rows(lines, with_late), widths)


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _heading(doc: DocxDocument, n: int, text: str) -> None:
    _para(doc, f"{ROMAN[n - 1]}. {text.upper()}", BODY_PT, bold=True, space_after=6)


def _sub(doc: DocxDocument, label: str, text: str) -> None:
    _para(doc, f"{label}. {text}", BODY_PT, bold=True, indent=True, space_after=6)


def _save(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_pack(pack: Pack, header: Header, meeting_title: str, chair: str | None) -> bytes:
    """Tài liệu giao ban: per unit, what was assigned, completed, overdue and due; totals and rates."""
    doc = _new_document(header)
    _heading(doc, 1, "Thông tin chung")
    _para(doc, f"Cuộc họp: {meeting_title}; ngày họp {vn_date(pack.meeting_date)}"
          + (f"; chủ trì: {chair}." if chair else "."), indent=True)
    since = f"từ sau cuộc họp ngày {vn_date(pack.previous_date)}" if pack.previous_date else "từ trước đến nay"
    _para(doc, f"Số liệu tính đến ngày {vn_date(pack.as_of)}; nhiệm vụ được giao {since}; kỳ họp tiếp theo ngày "
          f"{vn_date(pack.next_date)}.", indent=True)
    _heading(doc, 2, "Tình hình thực hiện nhiệm vụ theo đơn vị")
    for i, s in enumerate(pack.units, 1):
        _sub(doc, str(i), s.unit.name)
        _para(doc, f"{i}.1. Nhiệm vụ được giao từ kỳ họp trước ({len(s.assigned_since)})", BODY_PT, italic=True)
        _task_table(doc, s.assigned_since)
        done = s.completed_on_time + s.completed_late
        _para(doc, f"{i}.2. Nhiệm vụ đã hoàn thành ({len(s.completed_on_time)} đúng hạn, "
              f"{len(s.completed_late)} quá hạn)", BODY_PT, italic=True)
        _task_table(doc, done, with_late=bool(s.completed_late))
        _para(doc, f"{i}.3. Nhiệm vụ quá hạn chưa hoàn thành ({len(s.overdue)})", BODY_PT, italic=True)
        _task_table(doc, s.overdue, with_late=True)
        _para(doc, f"{i}.4. Nhiệm vụ đến hạn trước kỳ họp sau ({len(s.due_before_next)})", BODY_PT, italic=True)
        _task_table(doc, s.due_before_next)
        _para(doc, f"{i}.5. Văn bản chỉ đạo ban hành từ kỳ họp trước ({len(s.directives)})", BODY_PT, italic=True)
        if s.directives:
            _table(doc, ["TT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu"],
                   [[str(k), d.number or "", vn_date(d.issued_date), d.subject or ""]
                    for k, d in enumerate(s.directives, 1)], [10, 35, 27, 95])
        else:
            _para(doc, "Không có.", BODY_PT, italic=True, indent=True)
    n = 3
    if pack.previous_conclusion:
        _heading(doc, n, "Kết quả thực hiện kết luận kỳ họp trước")
        _task_table(doc, pack.previous_conclusion, with_late=True)
        n += 1
    _heading(doc, n, "Tổng hợp tỷ lệ hoàn thành nhiệm vụ")
    rows = [_counts_row(s.unit.name, s.counts) for s in pack.units]
    rows.append(_counts_row("Tổng cộng", pack.totals))
    _table(doc, COUNT_HEADINGS, rows, COUNT_WIDTHS)
    _closing(doc, header)
    return _save(doc)


def render_report(report: Report, header: Header) -> bytes:
    """Báo cáo tình hình thực hiện nhiệm vụ (the categories of QĐ 42/2014/QĐ-TTg)."""
    doc = _new_document(header)
    t = report.totals
    period = (f"từ ngày {vn_date(report.date_from)} đến ngày {vn_date(report.date_to)}" if report.date_from
              else f"đến ngày {vn_date(report.date_to)}")
    _heading(doc, 1, "Tình hình chung")
    _para(doc, f"Tổng số nhiệm vụ được giao {period}: {t.total} nhiệm vụ; số liệu tính đến ngày "
          f"{vn_date(report.as_of)}.", indent=True)
    for cat in Category:
        _para(doc, f"- {CATEGORY_LABELS[cat]}: {getattr(t, cat.value)} nhiệm vụ.", indent=True, space_after=2)
    _para(doc, f"Tỷ lệ hoàn thành: {t.completion_rate:.1f}%".replace(".", ",")
          + f"; tỷ lệ hoàn thành đúng hạn: {t.on_time_rate:.1f}%.".replace(".", ",", 1), indent=True)
    _heading(doc, 2, "Kết quả thực hiện theo đơn vị")
    rows = [_counts_row(u.unit.name, u.counts) for u in report.units]
    rows.append(_counts_row("Tổng cộng", t))
    _table(doc, COUNT_HEADINGS, rows, COUNT_WIDTHS)
    _heading(doc, 3, "Chi tiết nhiệm vụ")
    order = [Category.overdue, Category.completed_late, Category.in_progress, Category.completed_on_time]
    for i, cat in enumerate(order, 1):
        lines = report.by_category[cat]
        _sub(doc, str(i), f"{CATEGORY_LABELS[cat]} ({len(lines)})")
        _task_table(doc, lines, with_late=cat in (Category.overdue, Category.completed_late))
    _heading(doc, 4, "Đề xuất, kiến nghị")
    if t.overdue:
        _para(doc, f"Đề nghị các đơn vị khẩn trương hoàn thành {t.overdue} nhiệm vụ quá hạn, báo cáo kết quả "
              "về cơ quan giao nhiệm vụ.", indent=True)
    else:
        _para(doc, "Không có nhiệm vụ quá hạn.", indent=True)
    _closing(doc, header)
    return _save(doc)
