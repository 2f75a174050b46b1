"""The fast PDF reader (pdfminer for the first page's top band, PDFium's text layer for the rest) gives pdfminer's
text."""
from __future__ import annotations

from typing import Any

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


def test_pdfminer_stops_interpreting_the_first_page_once_its_top_band_is_read(monkeypatch: Any) -> None:
    """With `stop`, pdfminer interprets the first page's content stream only down to the first character below the
    cut after the band (the rest neither tokenised nor measured): the band's lines are those of the whole page
    above the cut, and the fast reader's text is pdfminer's."""
    import pypdfium2 as pdfium

    from services.ingest.parsers import pdf_fast
    from services.ingest.parsers.pdf_fast import _top_cut, pdfium_page_lines
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    pdf = make_pdf(long_body(4))
    doc = pdfium.PdfDocument(pdf)
    try:
        head = pdfium_page_lines(doc[0], [0])
    finally:
        doc.close()
    assert head is not None
    top = _top_cut(head)
    assert top is not None
    cut = top[0]
    measured = read_pdf_pages(pdf, above={0: cut})
    stopped = read_pdf_pages(pdf, above={0: cut}, stop=frozenset({0}))
    band = stopped.bands[0]
    assert band.stopped and band.clean and not measured.bands[0].stopped
    assert len(band.edges) < len(measured.bands[0].edges) // 2  # most of the page's characters never interpreted
    def key(lines: list[PdfLine]) -> list[tuple[str, float, float, float, float]]:
        return [(ln.text, ln.x0, ln.x1, ln.y0, ln.y1) for ln in lines]
    assert key(stopped.lines[0]) == key(measured.lines[0])
    assert band.low_read == measured.bands[0].low_read
    assert stopped.images[0] == measured.images[0] == 0

    stops: list[frozenset[int]] = []
    read_pages = pdf_fast.read_pdf_pages

    def recorded(data: bytes, skip: frozenset[int] = frozenset(), above: Any = None,
                 stop: frozenset[int] = frozenset()) -> Any:
        stops.append(stop)
        return read_pages(data, skip=skip, above=above, stop=stop)

    monkeypatch.setattr(pdf_fast, "read_pdf_pages", recorded)
    read, _ = read_pdf_pages_fast(pdf)
    assert stops == [frozenset({0})]  # one pdfminer pass, stopped at the band
    assert all(ln.box >= 1_000_000 for ln in read.lines[0][len(stopped.lines[0]):])  # PDFium's below the band
    monkeypatch.undo()
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def test_a_one_page_document_is_read_by_pdfminer_in_its_top_band_only() -> None:
    """A document of one page (most notices and letters): pdfminer reads its top band, the stream stopped there, and
    PDFium the rest of the page, as for the first page of a longer one — the same text as pdfminer's alone."""
    pdf = make_pdf(long_body(1)[:3])
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert read.pages == 1 and fast_pages == 0
    assert read.bands[0].stopped
    mined = [ln for ln in read.lines[0] if ln.box < 1_000_000]
    assert len(mined) >= 8 and len(read.lines[0]) > len(mined)  # the band pdfminer's, the lines below it PDFium's
    assert read.lines[0][: len(mined)] == mined
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def test_pdfium_must_see_nothing_at_the_cut_and_no_figure_for_pdfminer_to_stop() -> None:
    """The stop is allowed from PDFium's characters: none whose box (its loose box, no higher than the page's tallest
    line above its bottom: a capital with stacked marks reaches above its font size) lies within TOLERANCE of the
    cut, and no image or form object on the page."""
    from services.ingest.parsers.pdf_fast import _may_stop, _PageChars

    def chars(boxes: list[tuple[float, float]], figures: int = 0) -> _PageChars:
        return _PageChars([b for b, _ in boxes], [t for _, t in boxes], ["Ề"] * len(boxes), figures)

    cut, tallest = 500.0, 13.0
    clear = [(520.0, 533.0), (470.0, 483.0)]
    assert _may_stop(chars(clear), cut, tallest)
    assert not _may_stop(chars(clear, figures=1), cut, tallest)  # an image: pdfminer counts it on the whole page
    assert not _may_stop(chars([*clear, (490.0, 503.0)]), cut, tallest)  # across the cut
    assert not _may_stop(chars([*clear, (500.3, 513.3)]), cut, tallest)  # within TOLERANCE of it
    assert _may_stop(chars([*clear, (485.0, 501.0)]), cut, tallest)  # stacked marks: loose top above, font box not
    assert not _may_stop(chars([*clear, (487.0, 501.0)]), cut, tallest)  # a font box that reaches the cut


def test_a_first_page_whose_top_lines_come_in_two_runs_stops_early_and_is_then_read_whole() -> None:
    """pdfminer stopping at the first character below the cut would miss the second run of the top lines: PDFium's
    characters above the cut are not the ones read, and pdfminer reads the whole first page."""
    import pypdfium2 as pdfium

    from services.ingest.parsers.pdf_fast import _page_chars, _stopped_band_ok, pdfium_page_lines
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    pdf = interleaved_pdf()
    cut = 780 - 16 * 11 - 20  # in the wide gap
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        head = pdfium_page_lines(page, [0])
        textpage = page.get_textpage()
        try:
            chars = _page_chars(page, textpage)
        finally:
            textpage.close()
    finally:
        doc.close()
    assert head is not None
    stopped = read_pdf_pages(pdf, above={0: cut}, stop=frozenset({0}))
    assert stopped.bands[0].stopped and [ln.text for ln in stopped.lines[0]] == [head[0].text]  # the first run only
    assert _stopped_band_ok(stopped, head, cut, chars) is None
    read, _ = read_pdf_pages_fast(pdf)
    assert all(ln.box < 1_000_000 for ln in read.lines[0])  # the whole first page is pdfminer's
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


def table_rows_pdf(char_width: float = 7.2) -> bytes:
    """A report of invented wording: justified paragraphs set with wide word spacing (a long hyphenated name does not
    fit, so the line is stretched: pdfminer writes two spaces between its words, PDFium one), a gridded table, then
    one-line rows of cells typed with '|' whose right ends sweep, a twentieth of a point apart, across the place where
    the layout tells a full line (it runs to within three characters of the right margin: joined to the next row)
    from a short one (a row of its own)."""
    import random

    from fixtures.builders import _register_fonts
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, _ = _register_fonts()
    rng = random.Random(3)
    words = " ".join(BODY).split()
    body: list = []
    for _ in range(30):
        body.append(" ".join(w if rng.random() < 0.8 else "Ủy-ban-nhân-dân"
                             for w in words[: 40 + rng.randrange(30)]))
    body.append([["TT", "Đơn vị", "Nhiệm vụ"], ["1", "Phòng Văn hóa", "Rà soát di tích"], ["2", "Đội Quản lý",
                                                                                        "Kiểm tra định kỳ"]])
    units = ["Phòng Văn hóa và Thông tin", "Ban Quản lý dự án", "Trung tâm Y tế huyện", "Kho bạc Nhà nước huyện"]
    vocab = sorted(set(words))
    start, right = 91.04 + 28.35, 532.58  # a paragraph's first line: left margin and frame padding, 1 cm indent
    for i in range(16):
        target = right - 3 * char_width - 1.0 + 2.0 * i / 16
        row = f"| {i + 1} | {units[i % len(units)]} |"
        filler = iter(words)
        while start + stringWidth(row, regular, 13) < target - 60:
            row = row[:-2] + " " + next(filler) + " |"
        best = min((abs(start + stringWidth(f"{row[:-2]} {a} {b} |", regular, 13) - target), a, b)
                   for a in vocab for b in vocab)
        body.append(f"{row[:-2]} {best[1]} {best[2]} |")
    return make_pdf(body)


def test_a_table_report_with_stretched_lines_reads_as_pdfminer_reads_it() -> None:
    """The layout measures the document's character width by the lines' length in characters: pdfminer's lines of a
    stretched justified line have two spaces between words, so PDFium's lines carry them too (the fast reader read
    every such line with one: a width 4% wider, and rows typed with '|' ending near the margin were joined)."""
    pdf = table_rows_pdf()
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert fast_pages >= read.pages // 2  # PDFium still reads half the pages: not passing by falling back
    assert any("  " in ln.text for page in read.lines[1:] for ln in page if ln.box >= 1_000_000)
    fast, slow = extract_pdf(pdf, fast=True).text, extract_pdf(pdf, fast=False).text
    assert "| 1 | Phòng Văn hóa và Thông tin" in slow and "\t" in slow  # the rows, and the grid table's cells
    assert fast == slow


def test_a_box_that_turns_on_less_than_pdfiums_drift_is_left_to_pdfminer() -> None:
    """PDFium's advances are whole thousandths of an em: at the end of a line of dots its right edge lies up to a
    point short of pdfminer's. Two lines whose right edges are that close to pdfminer's alignment limit
    (line_margin times the height) might be one box for one reader and two for the other: unsure; clearly aligned
    or clearly apart: sure."""
    from services.ingest.parsers.pdf_fast import DRIFT_EM, LINE_MARGIN, _Line, _unsure_grouping

    d = LINE_MARGIN * 13.0

    def pair(word_end: float) -> list[_Line]:
        return [_Line("lượng", 410.0, 226.8, word_end, 239.8, 0.2, 0.3),  # a word after 16 others on its line
                _Line("." * 90, 91.0, 209.9, 458.0, 222.9, 0.0, 90 * DRIFT_EM * 13.0)]

    assert _unsure_grouping(pair(458.0 - d + 0.05))  # aligned by a hair: PDFium's end of the dots may be a point off
    assert _unsure_grouping(pair(458.0 - d - 0.05))  # apart by a hair
    assert not _unsure_grouping(pair(458.0 - d + 3.0))  # aligned whatever the drift
    assert not _unsure_grouping(pair(458.0 - d - 3.0))  # apart whatever the drift
    assert not _unsure_grouping([_Line("lượng", 410.0, 526.8, 451.5, 539.8, 0.2, 0.3), *pair(458.0)[1:]])  # far above


def dotted_form_pdf() -> bytes:
    """A form of invented wording over three pages: a word at the end of a line, and under it a line of dots whose end
    lies a fraction of a point past pdfminer's alignment limit (pdfminer: two boxes) where PDFium, which measures the
    dots a point shorter, would put both in one box."""
    import io

    from fixtures.builders import _register_fonts
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    regular, _ = _register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    dots = "." * 88
    dots_end = 91.0 + stringWidth(dots, regular, 13)
    for _page in range(3):
        for row in range(20):
            y = 780 - 36 * row
            c.setFont(regular, 13)
            c.drawString(119.4, y, f"{row + 1}. Số lượng hàng hóa kiểm kê tại kho số {row + 1}:")
            word = "lượng"
            c.drawString(dots_end - 0.5 * 13 - 0.4 - stringWidth(word, regular, 13), y - 16.9, word)
            c.drawString(91.0, y - 16.9 - 16.9, dots)
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_form_whose_boxes_turn_on_a_fraction_of_a_point_is_read_by_pdfminer_there() -> None:
    pdf = dotted_form_pdf()
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert read.pages == 3 and fast_pages == 0  # the pages after the first: unsure, so pdfminer's
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text


def test_a_line_ending_at_a_hair_from_full_is_left_to_pdfminer() -> None:
    """The layout joins a line to the next where it runs to within three characters of the right edge (reflow's
    full line): a PDFium line ending closer to that limit than its right edge can be trusted (x1_err), and whose
    being full changes the page's text (a row joined to the next row or not), sends its page to pdfminer; pdfminer's
    own lines (no error), lines clearly short or clearly full, and a last line (nothing to join) do not."""
    from services.ingest.parsers.pdf_fast import unsure_full_lines

    def page(end: float, err: float = 0.4) -> list[PdfLine]:
        body = [PdfLine("Các phòng, ban chuyên môn thuộc huyện rà soát hồ sơ", 91.0, 532.5, 1, 700.0 - 16 * i,
                        713.0 - 16 * i, x1_err=err) for i in range(6)]
        return [*body, PdfLine("| 4 | Phòng Văn hóa và Thông tin | Rà soát |", 119.4, end, 2, 590.0, 603.0, x1_err=err),
                PdfLine("| 5 | Ban Quản lý dự án | Kiểm tra |", 119.4, 400.0, 2, 574.0, 587.0, x1_err=err)]

    cw = (532.5 - 91.0) / len("Các phòng, ban chuyên môn thuộc huyện rà soát hồ sơ")
    limit = 532.5 - 3 * cw
    assert unsure_full_lines([page(limit + 0.3), page(limit - 0.3)]) == {0, 1}
    assert unsure_full_lines([page(limit + 5.0), page(limit - 5.0)]) == frozenset()
    assert unsure_full_lines([page(limit + 0.3, err=0.0)]) == frozenset()  # pdfminer's lines: its own figures
    assert unsure_full_lines([page(limit + 0.3)[:-1]]) == frozenset()  # the row is the page's last line


def test_a_page_doubtful_before_pdfminer_runs_is_read_in_its_one_pass(monkeypatch: Any) -> None:
    """A page whose text could turn on a line's being full is found on PDFium's lines before pdfminer reads anything
    and read by pdfminer in the same pass as the first page: the document is opened by pdfminer once, not twice."""
    from services.ingest.parsers import pdf_fast

    pdf = make_pdf(long_body(10), page_numbers=True)
    judged = pdf_fast.unsure_full_lines

    def doubtful_third_page(pages: list[list[PdfLine]]) -> frozenset[int]:
        # the third page doubtful while its lines are PDFium's (an edge with an error), as a near-full line makes it
        third = pages[2] if len(pages) > 2 else []
        return judged(pages) | ({2} if any(ln.x1_err for ln in third) else frozenset())

    passes: list[frozenset[int]] = []
    read_pages = pdf_fast.read_pdf_pages

    def counted(data: bytes, skip: frozenset[int] = frozenset(), above: Any = None,
                stop: frozenset[int] = frozenset()) -> Any:
        passes.append(skip)
        return read_pages(data, skip=skip, above=above, stop=stop)

    monkeypatch.setattr(pdf_fast, "unsure_full_lines", doubtful_third_page)
    monkeypatch.setattr(pdf_fast, "read_pdf_pages", counted)
    read, fast_pages = read_pdf_pages_fast(pdf)
    assert len(passes) == 1 and 2 not in passes[0]  # one pdfminer pass, which read the third page
    assert read.pages >= 4 and fast_pages == read.pages - 2  # every page but the first and the third: PDFium's
    assert not any(ln.x1_err for ln in read.lines[2])  # pdfminer's lines
    monkeypatch.undo()
    assert extract_pdf(pdf, fast=True).text == extract_pdf(pdf, fast=False).text
