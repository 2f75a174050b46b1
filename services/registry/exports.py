"""The registers as printed (NĐ 30/2020, Phụ lục IV: mẫu sổ đăng ký văn bản đến / đi), DOCX and Excel, and the counts
for the giao ban pack (`register_counts`, which briefing may call)."""
from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.core.auth.policy import Scope
from services.core.spreadsheet import print_with_header, save_as_text, xml_text
from services.core.sql import in_range
from services.core.web import not_found
from services.registry import domain
from services.registry.errors import RegistryError
from services.registry.incoming import document_facts, repeated_lines, second_arrival_note, visible_entries
from services.registry.models import IncomingEntry, OutgoingDocument, Register
from services.registry.outgoing import visible_outgoing

INCOMING_COLUMNS = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
                    "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú"]
OUTGOING_COLUMNS = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký",
                    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ghi chú"]


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _urgency_note(urgency: str, level: int) -> str:
    marks = [domain.URGENCY_LABELS.get(domain.Urgency(urgency), ""), domain.LEVEL_LABELS[level] if level else ""]
    return ", ".join(m for m in marks if m)


def register_rows(session: Session, scope: Scope, reg: Register, date_from: date | None,
                  date_to: date | None) -> tuple[list[str], list[list[str]]]:
    """The register's lines in the columns of Phụ lục IV, through the access policy."""
    if reg.kind == "incoming":
        stmt = in_range(select(IncomingEntry).where(IncomingEntry.register_id == reg.id, visible_entries(scope)),
                          IncomingEntry.received_on, date_from, date_to)
        rows = []
        lines = list(session.scalars(stmt.order_by(IncomingEntry.number)))
        # one document, one line: the second arrival noted on the first — when the first is printed here; a line
        # whose first is not (an earlier month, another register) is printed, noted as a repeat: no số đến is lost
        printed = {e.id for e in lines}
        found = repeated_lines(session, scope, lines)
        repeats = {k: v for k, v in found.items() if v.id in printed}
        elsewhere = {k: v for k, v in found.items() if v.id not in printed}
        arrivals: dict[str, list[str]] = {}
        for e in lines:
            if e.id in repeats:
                arrivals.setdefault(repeats[e.id].id, []).append(second_arrival_note(e))
            elif e.id in elsewhere:
                arrivals.setdefault(e.id, []).append(f"Trùng văn bản số đến {elsewhere[e.id].number}")
        for e in lines:
            if e.id in repeats:
                continue
            read = document_facts(session, scope, e.document_id) if not (e.sender and e.doc_number and e.doc_date and
                                                                  e.subject) else {}
            sender = e.sender or read.get("issuer") or ""
            number, doc_date = e.doc_number or read.get("number") or "", e.doc_date or read.get("issued_date")
            doc_type, subject = e.doc_type or read.get("doc_type") or "", e.subject or read.get("subject") or ""
            units = [f"{u.unit_name}" for r in e.routings for u in r.units if u.role != "info"]
            note = "; ".join(x for x in (_urgency_note(e.urgency, e.level),
                                         "Đã thu hồi" if e.state == "recalled" else "", e.note or "",
                                         *arrivals.get(e.id, [])) if x)
            rows.append([_d(e.received_on), str(e.number), sender, number, _d(doc_date),
                         " — ".join(x for x in (doc_type, subject) if x), ", ".join(units), "", note])
        return INCOMING_COLUMNS, rows
    stmt2 = in_range(select(OutgoingDocument).where(OutgoingDocument.register_id == reg.id, visible_outgoing(scope)),
                       OutgoingDocument.issued_on, date_from, date_to)
    rows = []
    for o in session.scalars(stmt2.order_by(OutgoingDocument.number)):
        note = "; ".join(x for x in (_urgency_note(o.urgency, o.level),
                                     f"Đã thu hồi: {o.recall_reason}" if o.state == "recalled" else "") if x)
        rows.append([o.full_number or "", _d(o.issued_on), f"{o.doc_type} — {o.subject}",
                     " ".join(x for x in (o.signer_title or "", o.signer_name or "") if x),
                     ", ".join(r["name"] for r in o.recipients), "Lưu: VT", str(o.copies or ""), note])
    return OUTGOING_COLUMNS, rows


def _title(reg: Register, date_from: date | None, date_to: date | None) -> tuple[str, str]:
    period = f"Từ ngày {_d(date_from) or '01/01/' + str(reg.year)} đến ngày {_d(date_to) or '31/12/' + str(reg.year)}"
    return reg.name.upper(), period


def to_docx(reg: Register, columns: list[str], rows: list[list[str]], date_from: date | None,
            date_to: date | None) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    head = doc.add_paragraph(reg.office_name.upper())
    head.runs[0].bold = True
    title, period = _title(reg, date_from, date_to)
    p = doc.add_paragraph(title)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.runs[0].bold = True
    p.runs[0].font.size = Pt(14)
    q = doc.add_paragraph(period)
    q.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = xml_text(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_xlsx(reg: Register, columns: list[str], rows: list[list[str]], date_from: date | None,
            date_to: date | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ đến" if reg.kind == "incoming" else "Sổ đi"
    title, period = _title(reg, date_from, date_to)
    ws.append([reg.office_name.upper()])
    ws.append([title])
    ws.append([period])
    ws.append(columns)
    ws["A2"].font = Font(bold=True, size=14)
    thin = Side(style="thin")
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([xml_text(text) for text in row])
    for i, width in enumerate([12, 12, 24, 16, 12, 50, 28, 12, 24][:len(columns)]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    print_with_header(ws, 4)
    return save_as_text(wb)  # an e-mail subject starting with "=" stays text


def export_register(session: Session, scope: Scope, register_id: str, fmt: str, date_from: date | None,
                    date_to: date | None) -> tuple[Register, bytes]:
    reg = session.get(Register, register_id)
    if reg is None or reg.min_level > scope.max_level or (
            scope.unit_keys is not None and (reg.office_key not in scope.unit_keys or reg.kind != "incoming")):
        raise not_found("Sổ")
    if date_from and date_to and date_to < date_from:
        raise RegistryError.invalid_period()
    columns, rows = register_rows(session, scope, reg, date_from, date_to)
    render = to_docx if fmt == "docx" else to_xlsx
    return reg, render(reg, columns, rows, date_from, date_to)


def register_counts(session: Session, scope: Scope, date_from: date, date_to: date,
                    office_key: str | None = None) -> domain.RegisterCounts:
    """Received and issued in [date_from, date_to], by urgency, and what was received and is not yet handled — for the
    giao ban pack. Through the access policy: a caller counts only what it may see."""
    from services.registry.registers import office

    office_key = office_key or office()[0]
    facts: list[domain.EntryFact] = []
    incoming = list(session.scalars(
        select(IncomingEntry).join(Register, Register.id == IncomingEntry.register_id)
        .where(Register.office_key == office_key, IncomingEntry.received_on >= date_from,
               IncomingEntry.received_on <= date_to, IncomingEntry.state != "recalled", visible_entries(scope))))
    counted = {e.id for e in incoming}  # a document that came by two doors counts once: its first line, when counted
    repeats = {k for k, v in repeated_lines(session, scope, incoming).items() if v.id in counted}
    for e in incoming:
        if e.id not in repeats:
            facts.append(domain.EntryFact("incoming", e.received_on, domain.Urgency(e.urgency), e.state == "handled"))
    issued = session.execute(
        select(OutgoingDocument.issued_on, OutgoingDocument.urgency)
        .where(OutgoingDocument.issued_on >= date_from, OutgoingDocument.issued_on <= date_to,
               OutgoingDocument.state.in_(["issued", "sent", "recalled"]), visible_outgoing(scope)))
    for day, urgency in issued:
        facts.append(domain.EntryFact("outgoing", day, domain.Urgency(urgency), True))
    return domain.count_entries(facts, date_from, date_to)
