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


def test_the_first_page_is_read_by_pdfminer_only_in_its_top_band_with_the_same_lines() -> None:
    """pdfminer lays out the first page only down to a gap below the header and CHECK_LINES lines: those lines are
    exactly its lines of the whole page (text, edges, boxes), the rest of the page is PDFium's, the text the same."""
    from services.ingest.parsers.pdf_fast import CHECK_LINES, _top_cut, pdfium_page_lines
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    pdf = make_pdf(long_body(4))
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        head = pdfium_page_lines(doc[0], [0])
    finally:
        doc.close()
    assert head is not None
    top = _top_cut(head)
    assert top is not None
    cut, need = top
    whole = read_pdf_pages(pdf).lines[0]
    band = read_pdf_pages(pdf, above={0: cut})
    assert band.band_gaps[0] > need
    def key(lines: list[PdfLine]) -> list[tuple[str, float, float, float, float]]:
        return [(ln.text, ln.x0, ln.x1, ln.y0, ln.y1) for ln in lines]
    above = [ln for ln in whole if ln.y0 > cut]
    assert len(above) >= CHECK_LINES and len(above) < len(whole)
    assert key(band.lines[0]) == key(above)
    read, _ = read_pdf_pages_fast(pdf)
    assert key(read.lines[0][: len(above)]) == key(above)  # pdfminer's own lines above the cut
    assert all(ln.box >= 1_000_000 for ln in read.lines[0][len(above):])  # PDFium's below it (its box numbers)
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def interleaved_pdf() -> bytes:
    """Two pages of invented lines; the first page's stream draws a top line, then a line near the bottom, then the
    other top lines: the characters above any cut come in two runs."""
    import io

    from fixtures.builders import _register_fonts
    from reportlab.pdfgen import canvas

    regular, _ = _register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    for page in range(2):
        rows = list(range(36))
        if page == 0:
            rows = [0, 35, *range(1, 35)]
        for row in rows:
            c.setFont(regular, 12)
            gap = 30 if row >= 12 else 0  # a wide gap after the twelfth line
            c.drawString(90, 780 - 16 * row - gap, f"Dòng thử số {row + 1} của trang {page + 1} về lịch trực ban")
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_first_page_whose_top_lines_come_in_two_runs_is_read_whole_by_pdfminer() -> None:
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    pdf = interleaved_pdf()
    cut = 780 - 16 * 11 - 20  # in the wide gap
    assert read_pdf_pages(pdf, above={0: cut}).band_gaps[0] == float("-inf")  # not a clean cut
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert fast_pages == 1  # the second page is still PDFium's
    assert [ln.text for ln in read.lines[0]] == [ln.text for ln in read_pdf_pages(pdf).lines[0]]
    assert all(ln.box < 1_000_000 for ln in read.lines[0])  # the whole first page is pdfminer's
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text
