"""DOCX and XLSX exports laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) requires: pure functions from domain
results to bytes.

Header table of two columns (cơ quan chủ quản / cơ quan ban hành, số, ký hiệu and the secrecy mark on the left;
Quốc hiệu, Tiêu ngữ and địa danh, ngày tháng năm on the right), Times New Roman 14 (12–13 in tables), A4 with the
decree's margins, page numbers centred at the top from page 2, numbered sections (I., II. …), tables whose grid
carries the real column widths (Word and LibreOffice lay out by `tblGrid`), then nơi nhận and the signature block
(chức vụ, họ tên). The XLSX files hold the same tables for offices to sort and filter.
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

from services.briefing.domain import (
    CATEGORY_LABELS,
    Category,
    Contribution,
    Counts,
    DeadlineChange,
    Pack,
    Report,
    TaskLine,
)
from services.core.spreadsheet import print_with_header, save_as_text, xml_text

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
TASK_TABLE_PT = 12  # the wide task tables: seven columns on 165 mm
TEXT_WIDTH_MM = 165  # A4 210 mm minus the margins 30 + 15
SECRECY_MARKS = {1: "MẬT", 2: "TỐI MẬT", 3: "TUYỆT MẬT"}
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
    level: int = 0  # the highest secrecy level of the content: the mark (dấu chỉ độ mật) under the number


def vn_date_line(place: str, d: date) -> str:
    """'Nghệ An, ngày 07 tháng 10 năm 2008' (days below 10 and months 1, 2 take a leading zero)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def vn_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


# the place in a body's name ("HUYỆN THANH CHƯƠNG" of "UBND HUYỆN THANH CHƯƠNG"); a line of the header's left column
# holds about 18 capitals at 13 pt: a longer name wraps, and it must not wrap inside the place ("… THANH / CHƯƠNG")
_PLACE = re.compile(r"(?<!\S)(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+\S.*$")
_HEADER_LINE_CAPITALS = 18


def _unbroken_place(name: str) -> str:
    """A body's name in capitals whose place is kept on one line when the name needs two ("UBND" / "HUYỆN THANH
    CHƯƠNG"): the place's spaces are no-break spaces."""
    name = " ".join(name.upper().split())
    place = _PLACE.search(name)
    if len(name) <= _HEADER_LINE_CAPITALS or place is None or place.start() == 0:
        return name
    return name[:place.start()] + place.group(0).replace(" ", "\u00a0")


def _clean(text: str) -> str:
    """Drop characters XML cannot hold (control characters from user input), which python-docx refuses."""
    return xml_text(text)


def _font(run, size: int, bold: bool = False, italic: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _all_scripts_font(run._element.get_or_add_rPr())


def _all_scripts_font(rpr) -> None:  # type: ignore[no-untyped-def]
    """FONT for every script of a run's or style's properties (Latin, East Asian, complex): Vietnamese letters are
    not all "ascii" to Word."""
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


def _twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def _set_widths(table, widths_mm: Sequence[float], cell_margin_mm: float | None = None) -> None:  # type: ignore[no-untyped-def]
    """Real column widths: the grid (what Word and LibreOffice lay out by), a fixed layout, the table width and
    every cell. python-docx writes equal `gridCol`s; cell widths alone are ignored by LibreOffice."""
    tbl = table._tbl
    grid = tbl.tblGrid
    cols = grid.findall(qn("w:gridCol"))
    for col, w in zip(cols, widths_mm, strict=True):
        col.set(qn("w:w"), _twips(w))
    tbl_pr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblCellMar"):
        old = tbl_pr.find(qn(tag))
        if old is not None:
            tbl_pr.remove(old)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), _twips(sum(widths_mm)))
    tbl_w.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(tbl_w)
    tbl_pr.append(layout)
    if cell_margin_mm is not None:
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), _twips(cell_margin_mm))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tbl_pr.append(mar)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def _page_numbers(doc: DocxDocument) -> None:
    """NĐ 30/2020: page numbers in Arabic figures, centred in the top margin, from the second page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _font(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = "2"
            run._r.append(t)


def _boxed(paragraph) -> None:  # type: ignore[no-untyped-def]
    """A border around the paragraph (the secrecy mark is printed in a frame)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "8")
        el.set(qn("w:space"), "1")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    ppr.append(borders)


def _new_document(h: Header) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _all_scripts_font(normal.element.get_or_add_rPr())

    _page_numbers(doc)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _set_widths(table, [65, 100], cell_margin_mm=1)
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(left.paragraphs[0].add_run(_clean(_unbroken_place(h.parent_body))), TABLE_PT)
    _para(left, h.body.upper(), TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _para(left, h.number, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    if h.level in SECRECY_MARKS:
        mark = _para(left, SECRECY_MARKS[h.level], TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                     space_after=0)
        mark.paragraph_format.space_before = Pt(6)
        mark.paragraph_format.left_indent = Mm(18)
        mark.paragraph_format.right_indent = Mm(18)
        _boxed(mark)
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
    _set_widths(table, [75, 90], cell_margin_mm=1)
    _keep_row_whole(table.rows[0])  # the signer's title and name on one page
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


Cell = str | Sequence[str]  # one paragraph, or several (lines that must not run into each other)


def _row_flag(row, tag: str) -> None:  # type: ignore[no-untyped-def]
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    _row_flag(row, "w:tblHeader")


def _keep_row_whole(row) -> None:  # type: ignore[no-untyped-def]
    """A row is never cut by a page break (a task's document number alone at the top of the next page)."""
    _row_flag(row, "w:cantSplit")


def _table(doc: DocxDocument, headings: Sequence[str], rows: Sequence[Sequence[Cell]], widths_mm: Sequence[float],
           size: int = TABLE_PT, centred: Sequence[int] = ()) -> None:
    assert abs(sum(widths_mm) - TEXT_WIDTH_MM) < 0.5, widths_mm
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(_clean(text)), size, bold=True)
    _repeat_header(table.rows[0])
    _keep_row_whole(table.rows[0])
    if len(doc.paragraphs):
        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # its title stays with the table
    for row in rows:
        added = table.add_row()
        _keep_row_whole(added)
        cells = added.cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            parts = [value] if isinstance(value, str) else list(value) or [""]
            for k, part in enumerate(parts):
                p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                if part:
                    _font(p.add_run(_clean(part)), size, italic=k > 0 and i == 1)
                if i in centred:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_widths(table, widths_mm, cell_margin_mm=1.2)
    _para(doc, "", space_after=6)


def _counts_row(label: str, c: Counts) -> list[str]:
    return [label, str(c.total), str(c.completed_on_time), str(c.completed_late), str(c.in_progress),
            str(c.overdue), str(c.extended), f"{c.completion_rate:.1f}".replace(".", ",")]


COUNT_HEADINGS = ["Đơn vị", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn",
                  "Quá hạn", "Được gia hạn, giao lại", "Tỷ lệ hoàn thành (%)"]
COUNT_WIDTHS = [33, 15, 19, 19, 21, 17, 21, 20]
TASK_HEADINGS = ["TT", "Nội dung nhiệm vụ (văn bản giao)", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
                 "Tiến độ", "Quá hạn (ngày)"]
TASK_WIDTHS = [10, 47, 25, 25, 26, 17, 15]


URGENCIES = [("normal", "Thường"), ("urgent", "Khẩn"), ("very_urgent", "Thượng khẩn"), ("flash", "Hỏa tốc")]
REGISTER_HEADINGS = ["Văn bản", "Tổng số", *(label for _, label in URGENCIES)]
REGISTER_WIDTHS = [55, 22, 22, 22, 22, 22]


def register_rows(pack: Pack) -> list[list[str]]:
    """The "Văn bản đến / đi" table: received, issued, received and still unhandled — by urgency."""
    r = pack.registers
    if r is None:
        return []
    return [[label, str(total), *(str(by.get(u, 0)) for u, _ in URGENCIES)]
            for label, total, by in (("Văn bản đến", r.received, r.received_by_urgency),
                                     ("Văn bản đi", r.issued, r.issued_by_urgency),
                                     ("Văn bản đến chưa giải quyết", r.unhandled, r.unhandled_by_urgency))]


def deadline_lines(ln: TaskLine) -> list[str]:
    """The original deadline, then each extension and re-assignment — never only the last one — and the day the
    task was completed."""
    out = [vn_date(ln.original_deadline or ln.deadline)]
    for c in ln.extensions:
        if c.kind == "reassignment":
            out += ["giao lại đến", vn_date(c.to_date)]
            if c.days_late:
                out.append(f"(đã quá hạn {c.days_late} ngày)")
        else:
            out += ["gia hạn đến", vn_date(c.to_date)]
    if ln.extension_requested_to is not None:
        out += ["đơn vị đề nghị gia hạn đến", vn_date(ln.extension_requested_to), "(chờ lãnh đạo duyệt)"]
    if ln.completed_on is not None:
        out += ["hoàn thành", vn_date(ln.completed_on)]
    return out


def change_reason(c: DeadlineChange) -> str:
    """Why a task was given more time, as the report prints it beside its dates."""
    what = "giao lại" if c.kind == "reassignment" else "gia hạn"
    return f"Lý do {what} đến {vn_date(c.to_date)}: {(c.reason or '').rstrip(' .')}."


def contribution_text(c: Contribution) -> str:
    role = f"thôi phối hợp từ ngày {vn_date(c.removed_on)}" if c.removed_on else "phối hợp"
    # a unit that reported in words without a percent: no '0%' beside its words, as if nothing were done
    shown = f"{role}, {c.percent}%" if c.percent or not c.note else role
    return f"{c.unit} ({shown})" + (f": {c.note}" if c.note else "")


def _task_rows(lines: Sequence[TaskLine]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for i, ln in enumerate(lines, 1):
        content = [ln.action]
        if ln.document_number:
            content.append(f"({ln.document_number})")
        if ln.progress_note:
            content.append(f"Tình hình thực hiện: {ln.progress_note}")
        content += [contribution_text(c) for c in ln.contributions]
        content += [change_reason(c) for c in ln.extensions if c.reason]
        if ln.reported_on is not None:
            content.append(reported_text(ln))
        if ln.ended_on is not None:
            content.append(ended_text(ln))
        if ln.returned_note:
            content.append(f"{ln.returned_note.rstrip(' .')}.")
        rows.append([str(i), content, ln.lead_name, "; ".join(ln.support_names) or "—", deadline_lines(ln),
                     "Đã kết thúc" if ln.ended_on else f"{ln.progress_percent}%",
                     str(ln.days_late) if ln.days_late else "—"])
    return rows


def _nothing(doc: DocxDocument) -> None:
    """"Không có." under a caption: the two print on one page (never a caption alone at a page's foot)."""
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    _para(doc, "Không có.", BODY_PT, italic=True, indent=True)


def _task_table(doc: DocxDocument, lines: Sequence[TaskLine], with_late: bool = False) -> None:
    if not lines:
        _nothing(doc)
        return
    _table(doc, TASK_HEADINGS, _task_rows(lines), TASK_WIDTHS, size=TASK_TABLE_PT, centred=(0, 4, 5, 6))


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _heading(doc: DocxDocument, n: int, text: str) -> None:
    heading = _para(doc, f"{ROMAN[n - 1]}. {text.upper()}", BODY_PT, bold=True, space_after=6)
    heading.paragraph_format.keep_with_next = True  # printed on the page of what follows it


def _sub(doc: DocxDocument, label: str, text: str, caption: str | None = None) -> None:
    """A numbered sub-heading; `caption` (the first list's title) goes in the same paragraph, on the next line:
    LibreOffice keeps one paragraph with the table that follows, not a chain of two."""
    sub = _para(doc, f"{label}. {text}", BODY_PT, bold=True, indent=True, space_after=6)
    sub.paragraph_format.keep_with_next = True
    if caption:
        sub.runs[-1].add_break()
        _font(sub.add_run(_clean(caption)), BODY_PT, italic=True)


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
        _sub(doc, str(i), s.unit.name, f"{i}.1. Nhiệm vụ được giao từ kỳ họp trước ({len(s.assigned_since)})")
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
                    for k, d in enumerate(s.directives, 1)], [10, 38, 28, 89], centred=(0, 2))
        else:
            _nothing(doc)
    n = 3
    if pack.previous_conclusion:
        _heading(doc, n, "Kết quả thực hiện kết luận kỳ họp trước")
        _task_table(doc, pack.previous_conclusion, with_late=True)
        n += 1
    if pack.ended:  # no longer to be done: said, with the day and why — not gone without a word
        _heading(doc, n, "Nhiệm vụ đã kết thúc từ kỳ họp trước")
        _task_table(doc, pack.ended)
        n += 1
    if pack.registers is not None:
        r = pack.registers
        _heading(doc, n, "Văn bản đến / đi")
        _para(doc, f"Từ ngày {vn_date(r.date_from)} đến ngày {vn_date(r.date_to)}.", indent=True)
        _table(doc, REGISTER_HEADINGS, register_rows(pack), REGISTER_WIDTHS, centred=(1, 2, 3, 4, 5))
        n += 1
    _heading(doc, n, "Tổng hợp tỷ lệ hoàn thành nhiệm vụ")
    rows = [_counts_row(s.unit.name, s.counts) for s in pack.units]
    rows.append(_counts_row("Tổng cộng", pack.totals))
    _table(doc, COUNT_HEADINGS, rows, COUNT_WIDTHS, centred=(1, 2, 3, 4, 5, 6, 7))
    _closing(doc, header)
    return _save(doc)


RETURNED_LABEL = "Đơn vị trả lại, chờ giao đơn vị khác"


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
    if report.returned:
        _para(doc, f"- {RETURNED_LABEL} (không tính vào các số trên): {len(report.returned)} nhiệm vụ.", indent=True,
              space_after=2)
    _para(doc, f"Tỷ lệ hoàn thành: {t.completion_rate:.1f}%".replace(".", ",")
          + f"; tỷ lệ hoàn thành đúng hạn: {t.on_time_rate:.1f}%.".replace(".", ",", 1), indent=True)
    _heading(doc, 2, "Kết quả thực hiện theo đơn vị")
    rows = [_counts_row(u.unit.name, u.counts) for u in report.units]
    rows.append(_counts_row("Tổng cộng", t))
    _table(doc, COUNT_HEADINGS, rows, COUNT_WIDTHS, centred=(1, 2, 3, 4, 5, 6, 7))
    _heading(doc, 3, "Chi tiết nhiệm vụ")
    order = [Category.overdue, Category.completed_late, Category.in_progress, Category.completed_on_time]
    for i, cat in enumerate(order, 1):
        lines = report.by_category[cat]
        _sub(doc, str(i), f"{CATEGORY_LABELS[cat]} ({len(lines)})")
        _task_table(doc, lines, with_late=cat in (Category.overdue, Category.completed_late))
    if report.returned:
        _sub(doc, str(len(order) + 1), f"{RETURNED_LABEL} ({len(report.returned)})")
        _task_table(doc, report.returned)
    _heading(doc, 4, "Đề xuất, kiến nghị")
    if t.overdue:
        _para(doc, f"Đề nghị các đơn vị khẩn trương hoàn thành {t.overdue} nhiệm vụ quá hạn, báo cáo kết quả "
              "về cơ quan giao nhiệm vụ.", indent=True)
    else:
        _para(doc, "Không có nhiệm vụ quá hạn.", indent=True)
    _closing(doc, header)
    return _save(doc)


# --- XLSX: the same tables, for sorting and filtering ------------------------------------------------------------

XLSX_TASK_HEADINGS = ["TT", "Đơn vị (mục)", "Văn bản giao", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
                      "Thời hạn ban đầu", "Thời hạn hiện tại", "Gia hạn, giao lại", "Ngày hoàn thành", "Tình trạng",
                      "Báo cáo hoàn thành", "Số ngày quá hạn", "Tiến độ (%)", "Tình hình thực hiện", "Đơn vị phối hợp báo cáo", "Độ mật"]
XLSX_COUNT_HEADINGS = COUNT_HEADINGS


def _sheet(wb, title: str, headings: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int],  # type: ignore[no-untyped-def]
           mark: str | None, caption: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    thin = Side(style="thin")
    top = 1
    if mark:
        ws.cell(row=1, column=1, value=mark).font = Font(name=FONT, bold=True, size=13)
        top = 2
    ws.cell(row=top, column=1, value=caption).font = Font(name=FONT, bold=True, size=13)
    head = top + 1
    for j, h in enumerate(headings, 1):
        c = ws.cell(row=head, column=j, value=h)
        c.font = Font(name=FONT, bold=True, size=12)
        c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        ws.column_dimensions[get_column_letter(j)].width = widths[j - 1]
    for i, row in enumerate(rows, head + 1):
        for j, value in enumerate(row, 1):
            c = ws.cell(row=i, column=j, value=_clean(value) if isinstance(value, str) else value)
            c.font = Font(name=FONT, size=12)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if isinstance(value, date):
                c.number_format = "DD/MM/YYYY"
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    print_with_header(ws, head)
    last = get_column_letter(len(headings))
    ws.auto_filter.ref = f"A{head}:{last}{max(head, head + len(rows))}"


def _xlsx_task_rows(groups: Sequence[tuple[str, Sequence[TaskLine]]]) -> list[list[object]]:
    rows: list[list[object]] = []
    n = 0
    for label, lines in groups:
        for ln in lines:
            n += 1
            changes = "; ".join([*((("Giao lại đến " if c.kind == "reassignment" else "Gia hạn đến ")
                                   + vn_date(c.to_date) + (f" (đã quá hạn {c.days_late} ngày)" if c.days_late else "")
                                   + (f" — lý do: {c.reason.rstrip(' .')}" if c.reason else ""))
                                  for c in ln.extensions),
                                 *([f"Đơn vị đề nghị gia hạn đến {vn_date(ln.extension_requested_to)} (chờ lãnh đạo "
                                    "duyệt)"] if ln.extension_requested_to else [])])
            rows.append([n, label, ln.document_number or "", ln.action, ln.lead_name, "; ".join(ln.support_names),
                         ln.original_deadline or ln.deadline, ln.deadline, changes, ln.completed_on,
                         "Đã kết thúc" if ln.ended_on else "Đơn vị trả lại" if ln.returned_note
                         else CATEGORY_LABELS[ln.category], reported_text(ln),
                         ln.days_late, ln.progress_percent,
                         "; ".join(x for x in (ln.progress_note, ended_text(ln), ln.returned_note) if x),
                         "; ".join(contribution_text(c) for c in ln.contributions), SECRECY_MARKS.get(ln.level, "")])
    return rows


XLSX_TASK_WIDTHS = [5, 28, 16, 60, 26, 30, 13, 13, 30, 13, 24, 30, 10, 10, 40, 40, 10]


def ended_text(ln: TaskLine) -> str:
    """A task ended (kết thúc): the day and the reason, as printed."""
    if ln.ended_on is None:
        return ""
    return f"Đã kết thúc ngày {vn_date(ln.ended_on)}" + (f": {ln.ended_reason}" if ln.ended_reason else "")


def reported_text(ln: TaskLine) -> str:
    """A completion the unit reported that awaits the leader (its own column: 'Tình trạng' keeps the category, which
    the sheet's filter and the counts use)."""
    if ln.reported_on is None:
        return ""
    return f"Đã báo cáo hoàn thành ngày {vn_date(ln.reported_on)}, chờ lãnh đạo xác nhận"
XLSX_COUNT_WIDTHS = [32, 10, 14, 14, 16, 10, 14, 14]


def _xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]], Sequence[int], str]],
          level: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, headings, rows, widths, caption in sheets:
        _sheet(wb, title, headings, rows, widths, SECRECY_MARKS.get(level), caption)
    return save_as_text(wb)  # a unit's note starting with "=" stays text


def _xlsx_counts(rows: Sequence[tuple[str, Counts]]) -> list[list[object]]:
    return [[label, c.total, c.completed_on_time, c.completed_late, c.in_progress, c.overdue, c.extended,
             c.completion_rate] for label, c in rows]


def xlsx_report(report: Report, title: str) -> bytes:
    order = [Category.overdue, Category.completed_late, Category.in_progress, Category.completed_on_time]
    counts = _xlsx_counts([(u.unit.name, u.counts) for u in report.units] + [("Tổng cộng", report.totals)])
    tasks = _xlsx_task_rows([(CATEGORY_LABELS[c], report.by_category[c]) for c in order]
                            + [(RETURNED_LABEL, report.returned)])
    caption = f"{title} — số liệu tính đến ngày {vn_date(report.as_of)}"
    return _xlsx([("Tổng hợp", COUNT_HEADINGS, counts, XLSX_COUNT_WIDTHS, caption),
                  ("Nhiệm vụ", XLSX_TASK_HEADINGS, tasks, XLSX_TASK_WIDTHS, caption)], report.level)


def xlsx_pack(pack: Pack, title: str) -> bytes:
    counts = _xlsx_counts([(s.unit.name, s.counts) for s in pack.units] + [("Tổng cộng", pack.totals)])
    groups: list[tuple[str, Sequence[TaskLine]]] = []
    for s in pack.units:
        groups += [(f"{s.unit.name}: được giao từ kỳ trước", s.assigned_since),
                   (f"{s.unit.name}: đã hoàn thành", s.completed_on_time + s.completed_late),
                   (f"{s.unit.name}: quá hạn", s.overdue),
                   (f"{s.unit.name}: đến hạn trước kỳ sau", s.due_before_next)]
    if pack.previous_conclusion:
        groups.append(("Kết luận kỳ họp trước", pack.previous_conclusion))
    if pack.ended:
        groups.append(("Đã kết thúc từ kỳ trước", pack.ended))
    caption = f"{title} — số liệu tính đến ngày {vn_date(pack.as_of)}"
    sheets: list[tuple[str, Sequence[str], Sequence[Sequence[object]], Sequence[int], str]] = [
        ("Tổng hợp", COUNT_HEADINGS, counts, XLSX_COUNT_WIDTHS, caption),
        ("Nhiệm vụ", XLSX_TASK_HEADINGS, _xlsx_task_rows(groups), XLSX_TASK_WIDTHS, caption)]
    if pack.registers is not None:
        period = (f"{title} — văn bản đến / đi từ ngày {vn_date(pack.registers.date_from)} đến ngày "
                  f"{vn_date(pack.registers.date_to)}")
        rows = [[row[0], *(int(x) for x in row[1:])] for row in register_rows(pack)]
        sheets.append(("Văn bản đến, đi", REGISTER_HEADINGS, rows, [30, 10, 10, 10, 14, 10], period))
    return _xlsx(sheets, pack.level)
