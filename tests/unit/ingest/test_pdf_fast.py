"""The fast PDF reader (pdfminer for the first page, PDFium's text layer for the rest) gives pdfminer's text."""
from __future__ import annotations

from fixtures.builders import BODY, make_pdf

from services.ingest.parsers.pdf import extract_pdf
from services.ingest.parsers.pdf_fast import read_pdf_pages_fast, same_lines
from services.ingest.parsers.pdf_parser import PdfLine


def long_body(n: int) -> list[str]:
    return [f"{i + 1}. {p}" for i, p in enumerate(BODY * n)]


def test_pages_after_the_first_come_from_pdfium_with_the_same_text() -> None:
    pdf = make_pdf(long_body(10), page_numbers=True)
    read, fast_pages = read_pdf_pages_fast(pdf)
    # PDFium read some pages; pdfminer the first (the header) and the second (which checks PDFium's lines)
    assert read.pages >= 4 and fast_pages >= 1
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def test_a_page_with_side_by_side_columns_is_laid_out_as_pdfminer_lays_it_out() -> None:
    table = [["Đơn vị", "Nhiệm vụ", "Thời hạn"], ["Sở Y tế", "Kiểm tra an toàn thực phẩm", "30/11/2024"]] * 12
    pdf = make_pdf([*long_body(3), table, *long_body(1)])
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert fast_pages == read.pages - 1  # the table's page too: its cells are pdfminer's boxes of the same lines
    assert "\t" in extract_pdf(pdf, fast=True).text  # a row of cells: one tab-separated line
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def test_the_checking_page_must_give_pdfminers_words_edges_and_boxes() -> None:
    def page(*specs: tuple[str, float, int]) -> list[PdfLine]:
        return [PdfLine(text, 90.0, x1, box, 700.0 - 14 * i, 712.0 - 14 * i) for i, (text, x1, box) in enumerate(specs)]

    theirs = page(("Điều  1.  Phạm vi điều chỉnh", 500.0, 1), ("và đối tượng áp dụng", 300.0, 1), ("Điều 2.", 150.0, 2))
    assert same_lines(page(("Điều 1. Phạm vi điều chỉnh", 500.3, 1), ("và đối tượng áp dụng", 300.0, 1),
                           ("Điều 2.", 150.0, 2)), theirs)  # spacing and a fraction of a point aside
    assert not same_lines(page(("Điều 1. Phạm vi điều chỉnh", 501.0, 1), ("và đối tượng áp dụng", 300.0, 1),
                               ("Điều 2.", 150.0, 2)), theirs)  # an edge a point away: boxes may group otherwise
    assert not same_lines(page(("Điều 1. Phạm vi điều chỉnh", 500.0, 1), ("và đối tượng áp dụng", 300.0, 2),
                               ("Điều 2.", 150.0, 3)), theirs)  # other boxes: the reflow would differ
    assert not same_lines(page(("Điều 1. Phạm vi điều chỉnh", 500.0, 1), ("và đối tượng", 300.0, 1),
                               ("Điều 2.", 150.0, 2)), theirs)


def stretched_pdf(pages: int = 3) -> bytes:
    """Pages of a left-aligned paragraph where every fourth line is set with a word spacing of 30 points (as a
    justified line stretched across the column), drawn with reportlab's canvas."""
    import io

    from fixtures.builders import _register_fonts
    from reportlab.pdfgen import canvas

    regular, _ = _register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    words = BODY[0].split()
    for _page in range(pages):
        for row in range(40):
            line = " ".join(words[(row * 7) % max(len(words) - 7, 1):][:7])
            text = c.beginText(90, 780 - 16 * row)
            text.setFont(regular, 12)
            text.setWordSpace(30 if row % 4 == 1 else 0)
            text.textLine(line)
            c.drawText(text)
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_justified_line_stretched_at_its_spaces_is_cut_as_pdfminer_cuts_it() -> None:
    """A line stretched by justification (a long address does not fit on it) has word gaps wider than pdfminer's
    char_margin: pdfminer makes several lines of it, and so does the fast reader — the page is not sent to pdfminer."""
    pdf = stretched_pdf()
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert read.pages == 3 and fast_pages == 2
    cut = [ln for page in read.lines[1:] for ln in page if sum(1 for other in page if other.y1 == ln.y1) > 1]
    assert cut  # pieces of one printed line, each a line of its own as in pdfminer
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def overhanging_pdf(pages: int = 3) -> bytes:
    """Pages of capitals whose lines end in a letter whose glyph reaches past its advance (the horn of "Ử", "Ư"),
    drawn with reportlab's canvas at 13 points (a title's size)."""
    import io

    from fixtures.builders import _register_fonts
    from reportlab.pdfgen import canvas

    regular, _ = _register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    ends = ["SỬ", "THỬ", "CỬ", "BỬU", "MƯ"]
    for _page in range(pages):
        for row in range(36):
            text = c.beginText(90, 780 - 18 * row)
            text.setFont(regular, 13)
            text.textLine(f"KẾ HOẠCH {row + 1} VỀ VIỆC QUẢN LÝ, CẬP NHẬT, KHAI THÁC, {ends[row % len(ends)]}")
            c.drawText(text)
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_line_ending_in_an_overhanging_letter_ends_where_pdfminer_ends_it() -> None:
    """pdfminer's box of a letter spans its advance; PDFium's loose box of "Ử" reaches past it (the horn): the line's
    right edge is the advance's end, so the checking page is pdfminer's and the other pages stay PDFium's."""
    import pypdfium2 as pdfium

    from services.ingest.parsers.pdf_fast import pdfium_page_lines
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    pdf = overhanging_pdf()
    theirs = read_pdf_pages(pdf).lines[1]
    doc = pdfium.PdfDocument(pdf)
    try:
        ours = pdfium_page_lines(doc[1], [0])
    finally:
        doc.close()
    assert ours is not None and len(ours) == len(theirs) == 36
    assert max(abs(a.x1 - b.x1) for a, b in zip(ours, theirs, strict=True)) < 0.5
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert read.pages == 3 and fast_pages == 2
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def near_limit_pdf(margin: float, pages: int = 3) -> bytes:
    """Pages whose lines are stretched at their spaces by word spacing `margin` points either side of pdfminer's
    cut (char_margin times the wider of the space and the letter after it), alternately wider and narrower."""
    import io

    from fixtures.builders import _register_fonts
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from services.ingest.parsers.pdf_fast import CHAR_MARGIN

    regular, _ = _register_fonts()
    limit = CHAR_MARGIN * max(stringWidth(" ", regular, 12), stringWidth("n", regular, 12))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    for _page in range(pages):
        for row in range(40):
            text = c.beginText(90, 780 - 16 * row)
            text.setFont(regular, 12)
            text.setWordSpace(limit + (margin if row % 2 else -margin))
            text.textLine("nông nghiệp nông thôn")
            c.drawText(text)
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_gap_a_fraction_of_a_point_from_the_cut_is_judged_as_pdfminer_judges_it() -> None:
    """PDFium's advances differ from pdfminer's by at most a few thousandths of the font size: a gap 0.15 pt either
    side of pdfminer's limit is cut (or not) as pdfminer cuts it, without sending the page to pdfminer."""
    pdf = near_limit_pdf(0.15)
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert read.pages == 3 and fast_pages == 2
    rows = {ln.y1 for ln in read.lines[1]}
    assert len(read.lines[1]) > len(rows)  # the wider rows are cut into pieces, the narrower not
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text
