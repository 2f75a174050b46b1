"""Born-digital PDFs at the speed of their text layer: pdfminer.six where its layout analysis earns its cost, PDFium's
text layer (pypdfium2, ≈ 20–35× faster) for the pages after the first.

The first page holds the two-column header (issuer and number | motto and place/date) that pdfminer's boxes order;
pdfminer always reads it, but lays out only its top band: the header block and the lines down to the first gap
wider than its grouping reaches once CHECK_LINES lines are in (_top_cut, from PDFium's bands), and PDFium reads the
page below it (_join_top) — a document of one page too. pdfminer interprets the page's content stream only until the
band is read (the first character below the cut after those above it, _may_stop: PDFium sees no character at the
cut and no image or form on the page), PDFium's characters showing that none above the cut came later
(_stopped_band_ok); else the characters below are measured to the stream's end. The band checks the reader as the
whole page did; where the cut is not clean or the band differs, pdfminer reads the whole page. Every other page is read by
PDFium: its lines (PDFium's own line breaks, cut where pdfminer cuts a line — a gap at a space wider than
LAParams.char_margin, as in a stretched justified line —, boxes from the font's ascent and descent as pdfminer
measures them, two spaces where pdfminer writes two — word spacing wider than its word margin: the layout measures
the document's character width by the lines' lengths) are grouped into text boxes by pdfminer's own
group_textlines (LAParams.line_margin, and its order) and then laid out by the very same code as pdfminer's
(pdf_parser: bands and columns, reading order, reflow). A page falls back to pdfminer automatically where the result
could differ: runs of spaces, a wide gap not at a space, characters without a Unicode mapping, rotated pages, pages
without text (scans), two lines whose grouping into a box turns on less than PDFium's edges can be trusted to
(_unsure_grouping) or a line's being full in the layout does (unsure_full_lines: judged on PDFium's lines before
pdfminer runs, so that pdfminer reads such pages in its one pass with the first page; judged again after, a page
doubtful only then gets a second pass), or PDFium failing on the file; a document whose checking page PDFium reads
differently from pdfminer is read by pdfminer throughout (read_pdf_pages_fast).
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Any

from .pdf_parser import (
    FULL_LINE_CHARS,
    LAPARAMS,
    PdfLine,
    PdfPages,
    has_first_line_indents,
    order_boxes,
    page_text,
    read_pdf_pages,
    typical_char_width,
)

log = logging.getLogger(__name__)

LINE_MARGIN = float(LAPARAMS["line_margin"])
_BAD_CHARS = frozenset("\ufffd\ufffe\uffff\x00")
_ASCII_ALNUM = re.compile("[0-9A-Za-z]")


@dataclass
class _Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    e0: float = 0.0  # how far x0 may lie from pdfminer's (PDFium's advances, summed from the line's start)
    e1: float = 0.0  # and x1

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class _Box:
    lines: list[_Line]
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0


class _Calls:
    """PDFium's text calls as bare C function pointers (the library's own, taken by address): no argument types, the
    page passed as a void pointer and the outputs as pointers made once — about half the cost of a call through the
    typed bindings, which convert every argument. Only ints and ready-made pointers are ever passed to them."""

    def __init__(self) -> None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        def bare(fn: Any, restype: Any = ctypes.c_int) -> Any:
            call = ctypes.CFUNCTYPE(restype)(ctypes.cast(fn, ctypes.c_void_p).value)
            call.argtypes = None  # the arguments are passed as they are: C ints and the pointers below
            return call

        self.loose_box = bare(pdfium_c.FPDFText_GetLooseCharBox)  # (page, index, FS_RECTF*) -> bool
        self.origin = bare(pdfium_c.FPDFText_GetCharOrigin)  # (page, index, double* x, double* y) -> bool
        self.is_generated = bare(pdfium_c.FPDFText_IsGenerated)  # (page, index) -> 1, 0 or -1
        self.font_size = bare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)  # (page, index) -> points
        self.count_rects = bare(pdfium_c.FPDFText_CountRects)  # (page, start, count) -> rectangles or -1
        self.get_rect = bare(pdfium_c.FPDFText_GetRect)  # (page, index, double* l, t, r, b) -> bool


_CALLS: list[_Calls] = []


def _calls() -> _Calls:
    if not _CALLS:
        _CALLS.append(_Calls())
    return _CALLS[0]


class _CharBoxes:
    """PDFium's loose character boxes (left, bottom, right, top) and origins, read by the bare calls (_Calls) into
    one reused rectangle and one reused pair of doubles: the same values as PdfTextPage.get_charbox(i, loose=True)
    and FPDFText_GetCharOrigin through the typed bindings, for a fraction of their cost."""

    def __init__(self, textpage: Any) -> None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        calls = _calls()
        self.textpage = textpage  # kept alive (and open) while its address is used
        self.raw = textpage.raw
        self.page = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        self.fn = calls.loose_box
        self.rect = pdfium_c.FS_RECTF()
        self.rect_p = ctypes.pointer(self.rect)
        self._origin_fn = calls.origin
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._xy = (ctypes.pointer(self._x), ctypes.pointer(self._y))
        self._generated = calls.is_generated
        self._font_size = calls.font_size
        self._count_rects = calls.count_rects
        self._get_rect = calls.get_rect
        self._ltrb = [ctypes.c_double() for _ in range(4)]
        self._ltrb_p = [ctypes.pointer(v) for v in self._ltrb]

    def origin(self, index: int) -> float:
        """The x of the character's origin: where pdfminer's box of it starts (its box ends an advance later)."""
        if not self._origin_fn(self.page, index, *self._xy):
            raise ValueError(f"no origin for character {index}")
        return self._x.value

    def end(self, index: int, text: str) -> float:
        """The x where pdfminer's box of character `index` ends: its origin plus its advance. PDFium's loose box of a
        glyph that overhangs its advance ("Ử", "ư", "k", "V") reaches further; the advance's end is where PDFium
        puts the origin of the character it generates after it (the line break) or of the space that follows it, and
        for the page's last character its font's width. Where that is not plausibly this character's end, the loose
        box's right edge."""
        right = self(index)[2]
        start = self.origin(index)
        nxt = index + 1
        if nxt < len(text) and text[nxt] in " \r":
            try:
                end = self.origin(nxt)
            except ValueError:
                return right
        else:  # the page's last character: its advance from its font (as PDFium sets the characters that follow)
            end = start + self._advance(index)
        return end if start + 0.5 * (right - start) <= end < right else right

    def generated(self, index: int) -> bool:
        """PDFium generated the character (a space or a line break with no glyph in the PDF)."""
        return bool(self._generated(self.page, index))

    def font_size(self, index: int) -> float:
        """The character's font size in points, as PDFium reports it (0 where it has none)."""
        return float(self._font_size(self.page, index))

    def rects(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """PDFium's text rectangles (left, bottom, right, top) of the characters start..start+count-1, one per text
        object (PdfTextPage.count_rects and get_rect), where there are two or more (else an empty list: one rectangle
        has no gap to check)."""
        n = self._count_rects(self.page, start, count)
        if n == -1:
            raise ValueError("no rectangles")
        if n <= 1:
            return []  # one text object: no gap between rectangles to check
        left, top, right, bottom = self._ltrb
        out = []
        for k in range(n):
            if not self._get_rect(self.page, k, *self._ltrb_p):
                raise ValueError(f"no rectangle {k}")
            out.append((left.value, bottom.value, right.value, top.value))
        return out

    def _advance(self, index: int) -> float:
        import ctypes

        import pypdfium2.raw as pdfium_c

        obj = pdfium_c.FPDFText_GetTextObject(self.raw, index)
        size, width = ctypes.c_float(), ctypes.c_float()
        if not obj or not pdfium_c.FPDFTextObj_GetFontSize(obj, size):
            return 0.0
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        unicode = pdfium_c.FPDFText_GetUnicode(self.raw, index)
        if not font or not pdfium_c.FPDFFont_GetGlyphWidth(font, unicode, size.value, width):
            return 0.0
        return float(width.value)

    def __call__(self, index: int) -> tuple[float, float, float, float]:
        r = self.rect
        if not self.fn(self.page, index, self.rect_p):
            raise ValueError(f"no box for character {index}")
        return (r.left, r.bottom, r.right, r.top)


def _page_raw_lines(textpage: Any) -> list[_Line] | None:
    """PDFium's lines of one page, cut where pdfminer cuts them (a justified line stretched wider than pdfminer's
    char_margin at a space becomes two lines, as pdfminer makes it), or None where the page should go to pdfminer."""
    charbox = _CharBoxes(textpage)
    n = textpage.count_chars()
    if n <= 0:
        return None
    text = textpage.get_text_range(0, n)
    if len(text) != n or not _BAD_CHARS.isdisjoint(text):
        return None
    generated = charbox.generated
    lines: list[_Line] = []
    start = 0
    for part in text.split("\r\n"):
        stripped = part.strip()
        if stripped:
            i0 = start + (len(part) - len(part.lstrip()))
            i1 = start + len(part.rstrip()) - 1
            # the font's ascent and descent, as pdfminer measures a line: PDFium's loose box of a letter with marks
            # ("Ổ", "Á") reaches higher, that of a plain Latin letter or digit is the font's; the pieces of a cut line
            # share it, as their characters share pdfminer's (the same font: the same height, to the last bit)
            plain = _ASCII_ALNUM.search(stripped, 0, 40)  # the first ASCII letter or digit of its first 40 characters
            ybox = charbox(i0 + plain.start()) if plain is not None else charbox(i0)
            wide: list[int] = []
            cuts = _cuts(charbox, generated, text, i0, i1, wide, ybox[3] - ybox[1])
            if cuts is None:
                return None
            rects = charbox.rects(i0, i1 - i0 + 1)
            if len(rects) > 1:
                rects.sort(key=lambda r: r[0])
                height = max(r[3] - r[1] for r in rects)
                gaps = [(charbox(a)[2], charbox(b)[0]) for a, b in cuts]
                for a, b in zip(rects, rects[1:], strict=False):
                    if b[3] < a[1] or b[1] > a[3]:
                        return None  # two lines in one
                    if b[0] - a[2] > 2.0 * height and not any(g0 < b[0] and a[2] < g1 for g0, g1 in gaps):
                        return None  # a gap wide enough for pdfminer to cut the line, not at a space we measured
            piece_start = i0
            for end_at, next_at in [*cuts, (i1, i1 + 1)]:
                piece = _piece(charbox, text, piece_start, end_at, ybox, wide, i0)
                if piece is not None:
                    lines.append(piece)
                piece_start = next_at
        start += len(part) + 2
    return lines


def _piece(charbox: Any, text: str, i0: int, i1: int, ybox: tuple[float, float, float, float],
           wide: list[int], line_start: int) -> _Line | None:
    """The line pdfminer makes of the characters i0..i1 (its box spans them all, a space at either end included):
    from the first character's origin to the end of the last one's advance, as pdfminer's boxes span a glyph. Its
    text has two spaces where pdfminer writes two (`wide`: the spaces followed by word spacing wider than its word
    margin), as pdfminer's lines have them: the layout measures a character's width by the text's length. Its edges'
    error bounds: DRIFT_EM of the font size per advance from the line's first character (`line_start`)."""
    inside = [k for k in wide if i0 < k < i1]
    if inside:
        bounds = [i0, *(k + 1 for k in inside), i1 + 1]
        stripped = " ".join(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)).strip()
    else:
        stripped = text[i0:i1 + 1].strip()
    if not stripped:
        return None  # a lone space: pdfminer drops a line with no text
    per_glyph = DRIFT_EM * (ybox[3] - ybox[1])
    return _Line(stripped, charbox.origin(i0), ybox[1], charbox.end(i1, text), ybox[3],
                 (i0 - line_start) * per_glyph, (i1 + 1 - line_start) * per_glyph)


CHAR_MARGIN = float(LAPARAMS["char_margin"])
HALF_MARGIN = 0.5 * CHAR_MARGIN
WORD_MARGIN = float(LAPARAMS["word_margin"])


def _cuts(charbox: Any, generated: Any, text: str, i0: int, i1: int, wide: list[int],
          height: float) -> list[tuple[int, int]] | None:
    """Where pdfminer cuts the line i0..i1: (last index of a piece, first index of the next) at every gap around a
    space wider than char_margin times the wider of the two characters (a stretched justified line, a tab stop).
    A space PDFium generated (no glyph) is no character for pdfminer: the gap is between its neighbours. Glyphs
    without a space between them are set by their advances: only the spaces (word spacing) are measured. PDFium's
    box of a glyph that overhangs its advance ("J", a capital with a mark) is wider than pdfminer's: a gap too close
    to the limit to tell (SLACK) sends the page to pdfminer (None), as do runs of spaces.

    Also appends to `wide` the spaces (glyphs, not generated) after which the next character starts further than
    pdfminer's word margin (word_margin times the wider of its width and the line's `height`, the font size): a
    stretched justified line's word spacing, where pdfminer writes a second space. Only the document's typical
    character width counts the spaces (layout_text): a gap at a hair from the margin (a producer that spaces its
    words by exactly a tenth of an em: a thousandth of a point either side on a whole document) is judged by PDFium's
    figures, not sent to pdfminer — one line more or less with two spaces does not move the median."""
    cuts: list[tuple[int, int]] = []
    word_gap = WORD_MARGIN * height
    # the loop's common case inline (most spaces: two boxes read, no cut): the same calls and the same arithmetic
    # as charbox(k - 1), charbox(k + 1), without a method call, a cache or a tuple per character
    box_fn, page, rect, rect_p = charbox.fn, charbox.page, charbox.rect, charbox.rect_p
    k = text.find(" ", i0 + 1)
    while 0 < k < i1:
        if text[k - 1] == " " or text[k + 1] == " ":
            return None  # runs of spaces: not measured here
        if not box_fn(page, k - 1, rect_p):
            raise ValueError(f"no box for character {k - 1}")
        b_left, b_right = rect.left, rect.right
        if not box_fn(page, k + 1, rect_p):
            raise ValueError(f"no box for character {k + 1}")
        a_left, a_right = rect.left, rect.right
        w_b, w_a = b_right - b_left, a_right - a_left
        narrow = w_a if w_a < w_b else w_b  # min(w_b, w_a)
        if a_left - b_right < HALF_MARGIN * narrow:
            # the whole gap, space included, is far narrower than any cut needs; the word spacing after the space
            if not box_fn(page, k, rect_p):
                raise ValueError(f"no box for character {k}")
            margin = word_gap if height > w_a else WORD_MARGIN * w_a
            excess = a_left - rect.right - margin
            if excess > -1.0:  # near or past it: from the next character's origin (its box may start before it)
                excess = charbox.origin(k + 1) - rect.right - margin
            if excess > 0.0 and not generated(k):
                wide.append(k)
        elif generated(k):
            cut = _wider(a_left - b_right, w_b, w_a)
            if cut is None:
                return None
            if cut:
                cuts.append((k - 1, k + 1))
        else:
            # pdfminer's boxes, from the origins: PDFium's box of a glyph that overhangs its advance ("J", a capital
            # with a mark) is wider. The letter before the space ends where the space starts (no word spacing before
            # a space); the letter after it is as wide as its advance to the next letter of its word
            o_before, o_space, o_after = charbox.origin(k - 1), charbox.origin(k), charbox.origin(k + 1)
            space = charbox(k)
            width = max(space[2] - space[0], 0.0)
            w_before = o_space - o_before
            w_after = (charbox.origin(k + 2) - o_after if k + 2 <= i1 and text[k + 2] != " "
                       else charbox.end(k + 1, text) - o_after)
            # every figure here is an origin or an advance: PDFium's differ from pdfminer's only by its widths
            # table, whole thousandths of the font size where pdfminer keeps the PDF's fractions
            slack = _measured_slack(charbox.font_size(k))
            gap_before = _wider(0.0, width, w_before, slack)
            gap_after = _wider(o_after - (o_space + width), width, w_after, slack)
            if gap_before is None or gap_after is None:
                return None
            if not (gap_before or gap_after):
                if o_after - (o_space + width) > WORD_MARGIN * max(height, w_after):
                    wide.append(k)
            if gap_before and gap_after:
                cuts.append((k - 1, k + 1))  # the space alone between two gaps: a line pdfminer drops
            elif gap_before:
                cuts.append((k - 1, k))
            elif gap_after:
                cuts.append((k, k + 1))
        k = text.find(" ", k + 1)
    return cuts


SLACK = 0.05  # share of the limit (plus a quarter point) within which a gap is too close to it to tell


def _measured_slack(font_size: float) -> float | None:
    """How far a gap measured from origins and advances may lie from pdfminer's: PDFium keeps a font's widths in
    whole thousandths of an em (pdfminer the PDF's own fractions), so each advance may be short by up to a
    thousandth of the font size — the limit by CHAR_MARGIN of them, the gap by two —, plus float rounding. None
    (the general slack) where PDFium gives no size."""
    if not 0.0 < font_size < 1000.0:
        return None
    return (CHAR_MARGIN + 2.0) * font_size / 1000.0 + 0.01


def _wider(gap: float, width_a: float, width_b: float, slack: float | None = None) -> bool | None:
    """pdfminer's cut: the gap reaches char_margin times the wider character; None where too close to tell
    (within `slack` points of the limit; by default SLACK of it plus a quarter point)."""
    limit = CHAR_MARGIN * max(width_a, width_b)
    if slack is None:
        slack = SLACK * limit + 0.25
    if gap >= limit + slack:
        return True
    if gap < limit - slack:
        return False
    return None


def group_lines(lines: list[_Line], bbox: tuple[float, float, float, float]) -> list[_Box]:
    """Text boxes of the lines exactly as pdfminer groups them: its own LTLayoutContainer.group_textlines run on
    the lines (its neighbour rule, LAParams.line_margin, and its order: a box's lines top to bottom, lines at the
    same height — the pieces of a cut line — in the order pdfminer's plane gives them), `bbox` the page's."""
    from pdfminer.layout import LAParams, LTLayoutContainer

    if len({ln.y1 for ln in lines}) == len(lines):
        return _group_rows(lines)  # the same boxes, found faster (bisection on the heights)
    items = [_PlaneLine(ln) for ln in lines]
    out: list[_Box] = []
    for box in LTLayoutContainer(bbox).group_textlines(LAParams(**LAPARAMS), items):
        in_box = [m.line for m in sorted(box, key=lambda m: -m.y1)]  # LTTextBoxHorizontal.analyze's order
        out.append(_Box(in_box, min(m.x0 for m in in_box), min(m.y0 for m in in_box),
                        max(m.x1 for m in in_box), max(m.y1 for m in in_box)))
    return out


def _group_rows(lines: list[_Line]) -> list[_Box]:
    """pdfminer's grouping of text lines into boxes (LTLayoutContainer.group_textlines, find_neighbors) for a page
    whose lines all lie at different heights (no two pieces of a row: the order inside a box is the heights')."""
    boxes: dict[int, list[int]] = {}
    # only lines whose bottom lies within reach can be neighbours: found by bisection on the bottoms, then taken in
    # their original order (the same result as comparing every pair); the edges read once into lists
    x0s = [ln.x0 for ln in lines]
    x1s = [ln.x1 for ln in lines]
    bottoms = [ln.y0 for ln in lines]
    tops = [ln.y1 for ln in lines]
    heights = [ln.y1 - ln.y0 for ln in lines]
    by_y0 = sorted(range(len(lines)), key=bottoms.__getitem__)
    y0s = [bottoms[k] for k in by_y0]
    tallest = max(heights, default=0.0)
    for i in range(len(lines)):
        x0, x1, y0, y1, height = x0s[i], x1s[i], bottoms[i], tops[i], heights[i]
        d = LINE_MARGIN * height
        members = [i]
        lo = bisect_left(y0s, y0 - d - tallest - 1.0)
        hi = bisect_right(y0s, y1 + d + 1.0)
        for j in sorted(by_y0[lo:hi]):  # the line itself too: its earlier box merges into this one
            ox0, ox1 = x0s[j], x1s[j]
            if ox1 < x0 or ox0 > x1 or tops[j] < y0 - d or bottoms[j] > y1 + d:
                continue
            if abs(heights[j] - height) > d:
                continue
            # _aligned: left edges, right edges or centres within d
            if not (abs(x0 - ox0) <= d or abs(x1 - ox1) <= d or abs((x0 + x1) / 2 - (ox0 + ox1) / 2) <= d):
                continue
            members.append(j)
            if j in boxes:
                members.extend(boxes.pop(j))
        box = list(dict.fromkeys(members))
        for k in box:
            boxes[k] = box
    out: list[_Box] = []
    seen: set[int] = set()
    for i in range(len(lines)):
        box_ids = boxes.get(i)
        if box_ids is None or id(box_ids) in seen:
            continue
        seen.add(id(box_ids))
        in_box = sorted((lines[k] for k in box_ids), key=lambda ln: -ln.y1)
        out.append(_Box(in_box, min(m.x0 for m in in_box), min(m.y0 for m in in_box),
                        max(m.x1 for m in in_box), max(m.y1 for m in in_box)))
    return out


DRIFT_EM = 0.0012  # of the font size per advance: PDFium's widths are whole thousandths of an em (see _unsure_grouping)
Y_SLACK = 0.01  # points: PDFium's line heights are pdfminer's (the font's ascent and descent) to a few thousandths


def _unsure_grouping(lines: list[_Line]) -> bool:
    """Whether pdfminer could group these lines into boxes differently: two lines whose neighbourhood (find_neighbors:
    within line_margin times the height above or below, overlapping across, the same height, left edges, right edges
    or centres within that margin) turns on a gap closer to the limit than PDFium's edges can be trusted. PDFium's
    advances are whole thousandths of an em where pdfminer keeps the PDF's fractions, so an edge drifts from
    pdfminer's along a run of glyphs — up to about a point at the end of a line of dots (a form's blank), 0.3–0.5 at
    the end of a justified line. The error of an edge (_Line.e0, e1): DRIFT_EM of the font size for each advance
    from the line's first character (measured on corpus-2025: at most 0.0009 — DejaVu's '.' is 317.87 thousandths in
    the PDF, 317 in PDFium). A page where the decision differs at the near and at the far end of that error goes to
    pdfminer (0.9% of corpus-2025's pages)."""
    x0s = [ln.x0 for ln in lines]
    x1s = [ln.x1 for ln in lines]
    bottoms = [ln.y0 for ln in lines]
    tops = [ln.y1 for ln in lines]
    heights = [ln.y1 - ln.y0 for ln in lines]
    errs = [(ln.e0, ln.e1) for ln in lines]
    by_y0 = sorted(range(len(lines)), key=bottoms.__getitem__)
    y0s = [bottoms[k] for k in by_y0]
    tallest = max(heights, default=0.0)
    for i in range(len(lines)):
        x0, x1, y0, y1, height = x0s[i], x1s[i], bottoms[i], tops[i], heights[i]
        d = LINE_MARGIN * height
        e0, e1 = errs[i]
        lo = bisect_left(y0s, y0 - d - tallest - 1.0 - Y_SLACK)
        hi = bisect_right(y0s, y1 + d + 1.0 + Y_SLACK)
        for j in by_y0[lo:hi]:
            if j == i:
                continue
            ox0, ox1 = x0s[j], x1s[j]
            f0, f1 = errs[j]
            if tops[j] < y0 - d - Y_SLACK or bottoms[j] > y1 + d + Y_SLACK or abs(heights[j] - height) > d + Y_SLACK:
                continue  # not neighbours, whatever the edges
            if ox1 + f1 + e0 < x0 or ox0 - f0 - e1 > x1:
                continue  # apart across, whatever the drift
            # neighbours for sure (every test passed with the edges at their worst), or not for sure
            sure = (tops[j] >= y0 - d + Y_SLACK and bottoms[j] <= y1 + d - Y_SLACK
                    and abs(heights[j] - height) <= d - Y_SLACK
                    and ox1 - f1 - e0 >= x0 and ox0 + f0 + e1 <= x1
                    and (abs(x0 - ox0) <= d - e0 - f0 or abs(x1 - ox1) <= d - e1 - f1
                         or abs((x0 + x1) - (ox0 + ox1)) / 2 <= d - (e0 + e1 + f0 + f1) / 2))
            if sure:
                continue
            if (abs(x0 - ox0) > d + e0 + f0 and abs(x1 - ox1) > d + e1 + f1
                    and abs((x0 + x1) - (ox0 + ox1)) / 2 > d + (e0 + e1 + f0 + f1) / 2):
                continue  # aligned in no way, whatever the drift
            return True
    return False


def _plane_line_class() -> Any:
    from pdfminer.layout import LTTextLineHorizontal

    class PlaneLine(LTTextLineHorizontal):
        """One of our lines as pdfminer's grouping sees a text line: its box and its text."""

        def __init__(self, line: _Line) -> None:
            super().__init__(float(LAPARAMS["word_margin"]))
            self.set_bbox((line.x0, line.y0, line.x1, line.y1))
            self.line = line

        def get_text(self) -> str:
            return self.line.text

    return PlaneLine


class _PlaneLineFactory:
    cls: Any = None

    def __call__(self, line: _Line) -> Any:
        if self.cls is None:
            self.cls = _plane_line_class()
        return self.cls(line)


_PlaneLine = _PlaneLineFactory()


@dataclass
class _PageChars:
    """Every character of a page as PDFium has it (pdfium_page_lines `chars`): the glyphs' loose boxes' bottoms and
    tops and their text (spaces PDFium generated and line breaks left out), and how many image and form objects the
    page draws (pdfminer's figures)."""
    bottoms: list[float]
    tops: list[float]
    text: list[str]
    figures: int


def _page_chars(page: Any, textpage: Any) -> _PageChars:
    import pypdfium2.raw as pdfium_c

    charbox = _CharBoxes(textpage)
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n > 0 else ""
    box_fn, raw, rect, rect_p = charbox.fn, charbox.page, charbox.rect, charbox.rect_p
    generated = charbox.generated
    bottoms: list[float] = []
    tops: list[float] = []
    chars: list[str] = []
    for i, ch in enumerate(text):
        if ch in "\r\n" or (ch.isspace() and generated(i)):
            continue
        if not box_fn(raw, i, rect_p):
            raise ValueError(f"no box for character {i}")
        bottoms.append(rect.bottom)
        tops.append(rect.top)
        chars.append(ch)
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM)
    figures = sum(1 for k in range(pdfium_c.FPDFPage_CountObjects(page.raw))
                  if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, k)) in kinds)
    return _PageChars(bottoms, tops, chars, figures)


def pdfium_page_lines(page: Any, box_counter: list[int], columns: bool = True,
                      chars: list[_PageChars] | None = None) -> list[PdfLine] | None:
    """One page's lines in reading order from PDFium, or None where pdfminer must read the page. `columns`: side-by-side
    boxes are laid out as pdfminer's are (bands, columns left to right: the boxes are pdfminer's own grouping of the
    same lines), else such a page goes to pdfminer. `chars`: the page's characters (_PageChars) are appended to it."""
    if page.get_rotation() % 360:
        return None
    textpage = page.get_textpage()
    try:
        raw = _page_raw_lines(textpage)
        if chars is not None and raw:
            chars.append(_page_chars(page, textpage))
    finally:
        textpage.close()
    if not raw:
        return None
    if _unsure_grouping(raw):
        return None  # a box of pdfminer's could turn on less than PDFium's edges can be trusted to
    width, height = page.get_size()
    bands = order_boxes(group_lines(raw, (0.0, 0.0, float(width), float(height))))
    if not columns and any(len(band) > 1 for band in bands):
        return None  # side-by-side boxes: pdfminer's own boxes decide the columns
    out: list[PdfLine] = []
    for band_no, band in enumerate(bands):
        for col_no, column in enumerate(band):
            for box in column:
                box_counter[0] += 1
                for ln in box.lines:
                    out.append(PdfLine(ln.text, ln.x0, ln.x1, box_counter[0], ln.y0, ln.y1, band=band_no,
                                       col=col_no, band_cols=len(band), x1_err=ln.e1))
    return out


CHECK_LINES = 8
TOLERANCE = 0.5  # points: how far a line's edges may lie from pdfminer's on the page that checks the reader


def same_lines(ours: list[PdfLine], theirs: list[PdfLine]) -> bool:
    """PDFium's lines of a page are pdfminer's: the same words, edges within TOLERANCE, the same boxes."""
    if len(ours) != len(theirs):
        return False
    for a, b in zip(ours, theirs, strict=True):
        if a.text.split() != b.text.split():  # spacing aside: the layout collapses runs of spaces
            return False
        if max(abs(a.x0 - b.x0), abs(a.x1 - b.x1), abs(a.y0 - b.y0), abs(a.y1 - b.y1)) > TOLERANCE:
            return False
    def breaks(lines: list[PdfLine]) -> list[bool]:
        return [p.box != q.box or p.band != q.band for p, q in zip(lines, lines[1:], strict=False)]
    return breaks(ours) == breaks(theirs)


CHAR_WIDTH_ERR = 0.002  # share of the character width by which the two readers' figures may differ (measured: 0.1%)


def unsure_full_lines(pages: list[list[PdfLine]]) -> frozenset[int]:
    """The pages of PDFium's lines where the layout's test of a full line (reflow: the line ends within
    FULL_LINE_CHARS characters of the page's right edge, and is joined to the next) turns on less than the lines'
    right edges can be trusted to (x1_err: PDFium's advances, see _unsure_grouping) — the line's own, the right
    edge's, and the character width's (CHAR_WIDTH_ERR) — and the page's text is not the same with such lines set
    clearly full and clearly short (most such lines end a paragraph either way)."""
    measured = [ln for page in pages for ln in page]
    char_width = typical_char_width(measured)
    body = [ln for ln in measured if ln.band_cols == 1]
    indented = bool(body) and has_first_line_indents(body, min(ln.x0 for ln in body), char_width)
    out = set()
    for i, page in enumerate(pages):
        if not page or not any(ln.x1_err for ln in page):
            continue
        right = max(ln.x1 for ln in page)
        edge_err = max(ln.x1_err for ln in page if ln.x1 >= right - 2 * ln.x1_err - 0.01)
        limit = right - FULL_LINE_CHARS * char_width
        slack = edge_err + FULL_LINE_CHARS * CHAR_WIDTH_ERR * char_width + 0.01
        near = [k for k, ln in enumerate(page) if abs(ln.x1 - limit) <= ln.x1_err + slack]
        if not near:
            continue
        left = min(ln.x0 for ln in page)
        texts = []
        for side in (1.0, -1.0):
            lines = [replace(ln) for ln in page]
            for k in near:
                lines[k].x1 = limit + side * (lines[k].x1_err + slack + 0.01)
            texts.append(page_text(lines, right, char_width, left, indented))
        if texts[0] != texts[1]:
            out.add(i)
    return frozenset(out)


def read_pdf_pages_fast(data: bytes, first: int = 1) -> tuple[PdfPages, int]:
    """Like pdf_parser.read_pdf_pages, with the pages after the first `first` read by PDFium where that gives the
    same text (_read_fast); the pages where a line's being full could turn on PDFium's error (unsure_full_lines)
    are read by pdfminer. Returns the pages and how many of them PDFium read (wholly or below the first page's top
    band)."""
    read, n = _read_fast(data, first)
    if not n and not any(ln.x1_err for ln in (read.lines[0] if read.lines else ())):
        return read, n  # every line pdfminer's
    # the doubtful pages were judged on PDFium's lines before pdfminer's one pass and read by it there (_read_fast);
    # judged again on the lines as they came out, a page doubtful only now (rare) is read in a second pass
    unsure = unsure_full_lines(read.lines)
    if unsure:
        again = read_pdf_pages(data, skip=frozenset(range(read.pages)) - unsure)
        for i in unsure:
            if i < len(again.lines):
                read.lines[i], read.images[i] = again.lines[i], again.images[i]
        n -= sum(1 for i in unsure if i != 0)
    return read, n


def _read_fast(data: bytes, first: int = 1) -> tuple[PdfPages, int]:
    """Like pdf_parser.read_pdf_pages, with the pages after the first `first` read by PDFium where that gives the
    same text. Returns the pages and how many of them PDFium read.

    The document checks the reader first: PDFium's lines of the first page (which pdfminer reads anyway) must be
    pdfminer's (same_lines); where they are not, pdfminer also reads one page PDFium read, and PDFium's other pages
    are used only if that page's lines are pdfminer's — a producer whose fonts PDFium measures
    differently from pdfminer (box edges, line grouping) is read by pdfminer throughout."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - PDFium refuses the file: pdfminer reads (or reports) it all
        return read_pdf_pages(data), 0
    fast: dict[int, list[PdfLine]] = {}
    counter = [1_000_000]
    head: list[PdfLine] | None = None  # PDFium's lines of the first page, which pdfminer reads anyway
    head_chars: list[_PageChars] = []  # and its characters (where pdfminer may stop reading it: _may_stop)
    try:
        if first == 1:
            page = pdf[0]
            try:
                head = pdfium_page_lines(page, counter, columns=True, chars=head_chars)
            except Exception:  # noqa: BLE001 - then another page checks the reader
                head = None
            finally:
                page.close()
        for i in range(first, len(pdf)):
            page = pdf[i]
            try:
                lines = pdfium_page_lines(page, counter)
            except Exception:  # noqa: BLE001 - a page PDFium cannot read: pdfminer reads it
                lines = None
            finally:
                page.close()
            if lines is not None:
                fast[i] = lines
    finally:
        pdf.close()
    doubtful = _doubtful_before(head, fast) if first == 1 else frozenset()
    for i in doubtful:
        fast.pop(i, None)  # pdfminer reads them in its one pass below
    if head is not None and len(head) >= CHECK_LINES:
        # the first page checks the reader when PDFium's lines of it are pdfminer's: no page is read twice
        top = None if 0 in doubtful else _top_cut(head)
        if top is not None:
            chars = head_chars[0] if head_chars and STOP_AT_BAND else None
            tallest = max(ln.y1 - ln.y0 for ln in head)
            stop = frozenset({0}) if chars is not None and _may_stop(chars, top[0], tallest) else frozenset()
            read = read_pdf_pages(data, skip=frozenset(fast), above={0: top[0]}, stop=stop)
            if _join_top(read, head, *top, chars=chars):
                for i, lines in fast.items():
                    if i < len(read.lines):
                        read.lines[i] = lines
                return read, sum(1 for i in fast if i < len(read.lines))
            # the top band did not check the reader: pdfminer reads the whole first page, as below
            whole = read_pdf_pages(data, skip=frozenset(range(read.pages)) - {0})
            read.lines[0], read.images[0] = whole.lines[0], whole.images[0]
        elif not fast:
            return read_pdf_pages(data), 0
        else:
            read = read_pdf_pages(data, skip=frozenset(fast))
        if not fast:
            return read, 0  # the whole first page is pdfminer's, and no other page PDFium's
        if read.lines and same_lines(head, read.lines[0]):
            for i, lines in fast.items():
                if i < len(read.lines):
                    read.lines[i] = lines
            return read, sum(1 for i in fast if i < len(read.lines))
        return _checked_by_another_page(data, fast, read)
    if not fast:
        return read_pdf_pages(data), 0
    check = _checking_page(fast)
    read = read_pdf_pages(data, skip=frozenset(fast) - {check})
    return _settle(data, fast, read, check)


def _doubtful_before(head: list[PdfLine] | None, fast: dict[int, list[PdfLine]]) -> frozenset[int]:
    """The pages whose text could turn on a line's being full (unsure_full_lines), judged on PDFium's lines before
    pdfminer reads anything — the first page's too (`head`: below its top band the lines are PDFium's; pdfminer's
    lines of it lie within TOLERANCE of them where it checks the reader, and the character width's own error is in
    the rule's slack) —, so that pdfminer reads them in its one pass. 0 among them: pdfminer reads the whole first
    page, not only its top band."""
    if not fast and head is None:
        return frozenset()
    pages: list[list[PdfLine]] = [[] for _ in range(max(fast, default=0) + 1)]
    if head is not None:
        pages[0] = head
    for i, lines in fast.items():
        pages[i] = lines
    return unsure_full_lines(pages)


def _top_cut(head: list[PdfLine]) -> tuple[float, float] | None:
    """Where pdfminer may stop reading the first page, and the least gap the cut needs: (y, gap). The cut lies in the
    widest-enough gap between two of PDFium's bands (order_boxes) below the first CHECK_LINES lines — the header
    block (issuer and number | motto, place and date) and what follows it down to there —, in the middle of a gap
    wider than pdfminer's grouping reaches: line_margin times the tallest line (find_neighbors), PDFium's edges
    allowed TOLERANCE from pdfminer's on both sides. None where there is no such gap (pdfminer reads the page)."""
    tallest = max(ln.y1 - ln.y0 for ln in head)
    need = LINE_MARGIN * (tallest + 2 * TOLERANCE) + 0.5
    bands: dict[int, list[PdfLine]] = {}
    for ln in head:
        bands.setdefault(ln.band, []).append(ln)
    order = sorted(bands)
    seen = 0
    low = float("inf")
    for k, band in enumerate(order[:-1]):
        seen += len(bands[band])
        low = min(low, min(ln.y0 for ln in bands[band]))
        if seen < CHECK_LINES:
            continue
        high = max(ln.y1 for b in order[k + 1:] for ln in bands[b])
        if low - high > need:
            return (low + high) / 2, need
    return None


STOP_AT_BAND = True  # pdfminer stops interpreting the first page once its top band is read (_may_stop)


def _may_stop(chars: _PageChars, cut: float, tallest: float) -> bool:
    """pdfminer may stop interpreting the first page at the first character below `cut` after those above it
    (read_pdf_pages `stop`): PDFium finds no character within TOLERANCE of the cut (none across it, as pdfminer's
    reading of the whole page checks) and no image or form object on the page (pdfminer's figures: images counted,
    text inside forms left to pdfminer's whole reading). A character's box is PDFium's loose box, its top no higher
    than the page's `tallest` line above its bottom: pdfminer's box of a glyph spans its font size from the font's
    descent (the loose box's bottom), while PDFium's loose box of a capital with stacked marks ("Ề", "Ẩ") reaches a
    fifth of an em higher. Whether the characters read are all those above the cut is checked after the reading
    (_join_top)."""
    if chars.figures:
        return False
    low, high = cut - TOLERANCE, cut + TOLERANCE
    reach = tallest + TOLERANCE
    return not any(b <= high and t >= low and b + reach >= low
                   for b, t in zip(chars.bottoms, chars.tops, strict=True))


def _stopped_band_ok(read: PdfPages, head: list[PdfLine], cut: float, chars: _PageChars | None) -> float | None:
    """Where pdfminer stopped reading the first page at its band: the gap between the parts (pdfminer's lowest
    character read, and the highest top of a line below the cut — PDFium's, or of a character pdfminer measured
    before the band), provided the characters pdfminer read are PDFium's characters above the cut, spaces aside
    (none above the cut came after the stop: no second run); else None. PDFium's tops lie within TOLERANCE of
    pdfminer's where the band checks the reader, and the gap the cut needs (_top_cut) allows for that."""
    band = read.bands.get(0)
    if band is None or not band.stopped:
        return read.band_gaps.get(0, float("-inf"))
    if chars is None or not band.clean:
        return None
    mined = sorted(ch for piece in band.read for ch in piece if not ch.isspace())
    pdfium = sorted(ch for ch, b in zip(chars.text, chars.bottoms, strict=True) if b > cut and not ch.isspace())
    if mined != pdfium:
        return None
    below = [ln.y1 for ln in head if ln.y1 < cut]
    return band.low_read - max([band.high_left, *below])


def _join_top(read: PdfPages, head: list[PdfLine], cut: float, need: float, chars: _PageChars | None = None) -> bool:
    """`read` holds pdfminer's lines of the first page above `cut` (read_pdf_pages `above`): where the cut was clean
    (one run of characters above it, none across it, a gap wider than `need` and than line_margin times pdfminer's
    tallest line there) and PDFium's lines above the cut are pdfminer's (same_lines, at least CHECK_LINES of them),
    the page becomes pdfminer's lines above the cut and PDFium's below it (their bands numbered after pdfminer's,
    as pdfminer numbers the bands of a whole page), and True; else False and `read` is left for a whole reading.
    Where pdfminer stopped at the band (`stop`), what it did not see is checked from PDFium's `chars`
    (_stopped_band_ok)."""
    mined = read.lines[0] if read.lines else []
    if not mined:
        return False
    gap = _stopped_band_ok(read, head, cut, chars)
    if gap is None:
        return False
    tallest = max(ln.y1 - ln.y0 for ln in mined)
    if gap <= need or gap <= LINE_MARGIN * tallest + 0.5:
        return False
    above = [ln for ln in head if ln.y0 > cut]
    below = [ln for ln in head if ln.y1 < cut]
    if len(above) + len(below) != len(head) or len(above) < CHECK_LINES or not same_lines(above, mined):
        return False
    if below:
        shift = max(ln.band for ln in mined) + 1 - min(ln.band for ln in below)
        for ln in below:
            ln.band += shift
    read.lines[0] = mined + below
    return True


def _checked_by_another_page(data: bytes, fast: dict[int, list[PdfLine]], read: PdfPages) -> tuple[PdfPages, int]:
    """The first page did not check the reader (`read`: pdfminer's pages except those PDFium read): pdfminer reads
    one more page of PDFium's, the checking page as above, and the rest of PDFium's pages only where it differs."""
    check = _checking_page(fast)
    one = read_pdf_pages(data, skip=frozenset(range(read.pages)) - {check})
    if check < len(one.lines):
        read.lines[check], read.images[check] = one.lines[check], one.images[check]
    return _settle(data, fast, read, check)


def _checking_page(fast: dict[int, list[PdfLine]]) -> int:
    """The shortest of PDFium's pages with at least CHECK_LINES lines (pdfminer's cost follows the characters; a page
    of a few lines would prove little), else the first."""
    sized = [(sum(len(ln.text) for ln in lines), i) for i, lines in fast.items() if len(lines) >= CHECK_LINES]
    return min(sized)[1] if sized else min(fast)


def _settle(data: bytes, fast: dict[int, list[PdfLine]], read: PdfPages, check: int) -> tuple[PdfPages, int]:
    """`read` holds pdfminer's reading of page `check`: where PDFium's lines of it are the same, PDFium's other pages
    are kept; else pdfminer reads them too. Returns the pages and how many came from PDFium."""
    if check < len(read.lines) and not same_lines(fast[check], read.lines[check]):
        log.debug("PDFium's lines differ from pdfminer's on page %d: pdfminer reads the whole document", check + 1)
        rest = read_pdf_pages(data, skip=frozenset(range(read.pages)) - frozenset(fast) | {check})
        for i in fast:
            if i != check and i < len(read.lines):
                read.lines[i], read.images[i] = rest.lines[i], rest.images[i]
        return read, 0
    for i, lines in fast.items():
        if i < len(read.lines) and i != check:
            read.lines[i] = lines
    return read, sum(1 for i in fast if i < len(read.lines) and i != check)
