"""PDF text extraction with pdfminer.six: reading order kept for the two-column header, hard-wrapped lines rejoined."""
from __future__ import annotations

import io
import logging
import re
import warnings as pywarnings
from dataclasses import dataclass, field
from typing import Any

from . import _errors

MAX_PAGES = 3000

# char_margin 2.0 keeps the two header columns apart (the gap between them is far wider than two characters);
# boxes_flow=None skips pdfminer's hierarchical box grouping: order_boxes() puts boxes in reading order itself
# (bands of side-by-side boxes), which keeps the header's left column before its right one; all_texts=True also
# reads text drawn inside form XObjects.
LAPARAMS: dict[str, Any] = {"line_overlap": 0.5, "char_margin": 2.0, "line_margin": 0.5, "word_margin": 0.1,
                            "boxes_flow": None, "detect_vertical": False, "all_texts": True}

FULL_LINE_CHARS = 3  # a line ending within this many characters of the right edge runs to the margin (reflow)
_SENTENCE_END = re.compile(r"[.!?:;…»”\"')\]]$")
_SENTENCE_END_CHARS = frozenset(".!?:;…»”\"')]")


def _ends_sentence(s: str) -> bool:
    """_SENTENCE_END.search(s), from the last character (the search tries every position of a growing paragraph):
    `$` also matches before a final newline."""
    if s.endswith("\n"):
        s = s[:-1]
    return s[-1:] in _SENTENCE_END_CHARS  # "" (an empty text) is not in it


_LIST_START = re.compile(
    r"^([-–—+•*▪●]\s|\d+(\.\d+)*[.)/]\s|[a-zđ][).]\s|\([a-zđ\d]{1,3}\)\s|[IVXLC]+[.)]\s|Điều\s+\d+[a-zđ]?\.|Chương\s+[IVXLC\d]+\s*$"
    r"|Mục\s+\d+\.?\s*$|Phần\s+(thứ\s+)?\w+\s*$)"
)
_LINKING_WORDS = frozenset({"VÀ", "CỦA", "VỀ", "CHO", "TẠI", "TRONG", "VỚI", "THEO", "CÁC", "NHỮNG", "ĐỐI", "TRÊN"})
_SPACES = re.compile(r"[ \u00a0]{2,}")
_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_CID = re.compile(r"\(cid:\d+\)")


def _motto_key(s: str) -> str:
    return " ".join(s.upper().replace("HOÀ", "HÒA").split())


@dataclass
class PdfLine:
    text: str
    x0: float
    x1: float
    box: int
    y0: float = 0.0
    y1: float = 0.0
    band: int = 0  # the band of side-by-side boxes the line belongs to (page-wide numbering)
    col: int = 0  # its column inside the band
    band_cols: int = 1  # how many columns the band has
    x1_err: float = 0.0  # how far x1 may lie from pdfminer's (PDFium's lines: pdf_fast; pdfminer's own: 0)


@dataclass
class PdfResult:
    text: str
    pages: int
    warnings: list[str] = field(default_factory=list)
    scanned_pages: list[int] = field(default_factory=list)  # pages that are images without text (OCR reads them)


def _gap_ok(prev: PdfLine, line: PdfLine) -> bool:
    """The next line follows at ordinary line spacing (no paragraph spacing in between)."""
    height = max(prev.y1 - prev.y0, 1.0)
    return 0 <= prev.y0 - line.y1 < 0.6 * height


def has_first_line_indents(lines: list[PdfLine], left_edge: float, char_width: float) -> bool:
    """Paragraphs start with an indent: many lines begin 2-12 characters right of the margin, and far more start
    at the margin."""
    indented = at_margin = 0
    for ln in lines:
        offset = ln.x0 - left_edge
        if offset <= 1.5 * char_width:
            at_margin += 1
        elif 2 * char_width <= offset <= 12 * char_width:
            indented += 1
    return indented >= 3 and at_margin >= indented


def _is_lower_start(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
        if not ch.isspace() and ch not in "(\"'“":
            return False
    return False


def reflow(lines: list[PdfLine], right_edge: float, char_width: float, left_edge: float = 0.0,
           indented: bool = False) -> list[str]:
    """Join hard-wrapped lines back into paragraphs.

    A line is joined to the next when it does not end a sentence and the next starts lower-case (and no list
    item); also when the line runs to the right margin (a justified, wrapped line) in the same box or directly
    above, and the next does not start a list item, an article or a heading. A full line ending a clause (";" ":")
    continues into a lower-case line. In documents whose paragraphs have a first-line indent (`indented`), a full
    line ending a sentence continues into a line that starts at the margin. Capital headings wrapped after a comma
    or a linking word, and the national motto wrapped in a narrow column, are joined too.
    """
    out: list[str] = []
    current = ""
    prev: PdfLine | None = None
    for line in lines:
        text = _SPACES.sub(" ", line.text.strip())
        if not text:
            continue
        if prev is None or not current:
            current = text
            prev = line
            continue
        ends = _ends_sentence(current)
        same_box = line.box == prev.box
        # a wrapped body line spans the text column: from the left margin (or a first-line indent) to the right
        full = prev.x1 >= right_edge - FULL_LINE_CHARS * char_width and prev.x0 <= left_edge + 8 * char_width
        full = full and not current.isupper()
        # the next box continues this paragraph: directly below, not indented further
        height = max(prev.y1 - prev.y0, 1.0)
        below = 0 <= prev.y0 - line.y1 < 0.8 * height and line.x0 <= prev.x0 + char_width
        starts_item = bool(_LIST_START.match(text))
        lower = _is_lower_start(text) and not starts_item
        if not ends:
            join = lower or ((same_box or below) and full and not starts_item and not text.isupper())
        else:
            # a full line ending a clause (";", ":", ",") and a lower-case continuation: the sentence goes on
            join = lower and full and (same_box or below) and current[-1] in ";:,"
            if not join and indented and full and (same_box or below) and not starts_item and not text.isupper():
                # a new sentence on an unindented line: the paragraph goes on (new paragraphs are indented)
                join = line.x0 <= left_edge + 1.5 * char_width and _gap_ok(prev, line)
        if not join and (same_box or below) and current.isupper() and text.isupper() and not starts_item:
            # a heading wrapped after a comma or a linking word ("BỘ KHOA HỌC VÀ" / "CÔNG NGHỆ")
            last = current.split()[-1] if current.split() else ""
            join = current.endswith(",") or last in _LINKING_WORDS
        if not join and same_box and _MOTTO.startswith(_motto_key(current + " " + text)):
            join = True  # the national motto wrapped in a narrow header column
        if join:
            current = current + " " + text
        else:
            out.append(current)
            current = text
        prev = line
    if current:
        out.append(current)
    return out


def _collect_boxes(layout: Any, boxes: list[Any]) -> None:
    from pdfminer.layout import LTFigure, LTTextBox, LTTextLine

    for obj in layout:
        if isinstance(obj, (LTTextBox, LTTextLine)):
            boxes.append(obj)
        elif isinstance(obj, LTFigure):  # text drawn inside form XObjects (all_texts=True analyses it)
            _collect_boxes(obj, boxes)


def _x_overlap(a: list[float], b_x0: float, b_x1: float) -> bool:
    return min(a[1], b_x1) - max(a[0], b_x0) > 0


def order_boxes(boxes: list[Any]) -> list[list[list[Any]]]:
    """Reading order of a page's text boxes: bands of vertically overlapping boxes, top to bottom; inside a band,
    columns (boxes overlapping horizontally) left to right, each top to bottom. A two-column header (issuer and
    number | motto and place/date) is one band: the whole left column comes before the whole right column,
    whatever their heights; a table row is one band with a column per cell."""
    bands: list[list[Any]] = []
    bottom = 0.0
    for box in sorted(boxes, key=lambda b: (-b.y1, b.x0)):
        overlap = 0.25 * min(box.y1 - box.y0, 12.0)
        if bands and box.y1 - overlap > bottom:
            bands[-1].append(box)
            bottom = min(bottom, box.y0)
        else:
            bands.append([box])
            bottom = box.y0
    out: list[list[list[Any]]] = []
    for band in bands:
        columns: list[tuple[list[float], list[Any]]] = []
        for box in sorted(band, key=lambda b: b.x0):
            for extent, members in columns:
                if _x_overlap(extent, box.x0, box.x1):
                    members.append(box)
                    extent[0], extent[1] = min(extent[0], box.x0), max(extent[1], box.x1)
                    break
            else:
                columns.append(([box.x0, box.x1], [box]))
        out.append([sorted(members, key=lambda b: -b.y1) for _, members in columns])
    return out


def _page_lines(layout: Any, box_counter: list[int]) -> list[PdfLine]:
    from pdfminer.layout import LTTextLine

    boxes: list[Any] = []
    _collect_boxes(layout, boxes)
    lines: list[PdfLine] = []
    for band_no, band in enumerate(order_boxes(boxes)):
        for col_no, column in enumerate(band):
            for box in column:
                box_counter[0] += 1
                members = [box] if isinstance(box, LTTextLine) else [ln for ln in box if isinstance(ln, LTTextLine)]
                for ln in members:
                    lines.append(PdfLine(ln.get_text().rstrip("\n"), ln.x0, ln.x1, box_counter[0], ln.y0, ln.y1,
                                         band=band_no, col=col_no, band_cols=len(band)))
    return lines


TABLE_MIN_COLS = 3  # fewer side-by-side columns are the header and signature blocks, not a table
TABLE_TOLERANCE = 3.0  # points: how far a cell's left edge may lie from its column's


def _band_starts(band: list[PdfLine]) -> list[float]:
    starts: dict[int, float] = {}
    for ln in band:
        starts[ln.col] = min(starts.get(ln.col, ln.x0), ln.x0)
    return [x for _, x in sorted(starts.items())]


def _fits(band: list[PdfLine], starts: list[float]) -> bool:
    """Every line of the band starts at one of the columns' left edges."""
    return all(any(abs(ln.x0 - x) <= TABLE_TOLERANCE for x in starts) for ln in band)


def _table_runs(lines: list[PdfLine]) -> dict[int, tuple[int, int, list[float], list[float] | None]]:
    """The tables of a page: runs of side-by-side bands that share one column structure — at least two bands
    whose (three or more) columns start at the same x positions. The side-by-side bands right below them whose
    every line starts at one of those positions (a row with an empty cell) belong to the table too, and so do the
    bands right above them, each close below the one before, whose lines all start there (a header row whose cells
    ran together or wrapped), if they start at two or more of the columns. Maps the index of a table's first line
    to the index after its last, the index of its first line below the header, the columns' left edges and, for a
    table set column by column in one band (_column_tops), its rows' top edges."""
    bands: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and lines[j].band == lines[i].band and lines[j].band_cols == lines[i].band_cols:
            j += 1
        bands.append((i, j))
        i = j

    def top(b: int) -> float:
        return max(ln.y1 for ln in lines[bands[b][0]:bands[b][1]])

    def bottom(b: int) -> float:
        return min(ln.y0 for ln in lines[bands[b][0]:bands[b][1]])

    def height(b: int) -> float:
        return max(ln.y1 - ln.y0 for ln in lines[bands[b][0]:bands[b][1]])

    found: dict[int, tuple[int, int, list[float], list[float] | None]] = {}
    last_end = 0  # the band after the last table found
    b = 0
    while b < len(bands):
        i, j = bands[b]
        starts = _band_starts(lines[i:j])
        if lines[i].band_cols < TABLE_MIN_COLS or len(starts) != lines[i].band_cols:
            b += 1
            continue
        e = b + 1
        while e < len(bands) and lines[bands[e][0]].band_cols > 1:
            band = lines[bands[e][0]:bands[e][1]]
            other = _band_starts(band)
            same = len(other) == len(starts) and all(
                abs(x - y) <= TABLE_TOLERANCE for x, y in zip(other, starts, strict=True))
            if not same and not (e - b >= 2 and len(other) < len(starts) and _fits(band, starts)
                                 and 0 <= bottom(e - 1) - top(e) <= 1.5 * height(e)):
                break
            e += 1
        tops = None
        if e - b < 2:
            tops = _column_tops(lines[i:j])
            if tops is None:
                b += 1
                continue
            e = b + 1
        s = b
        while s - 1 >= last_end and _fits(lines[bands[s - 1][0]:bands[s - 1][1]], starts) \
                and 0 <= bottom(s - 1) - top(s) <= (1.5 if s == b else 0.5) * height(s - 1):
            s -= 1
        head = lines[bands[s][0]:bands[b][0]]
        if len({min(range(len(starts)), key=lambda k: abs(starts[k] - ln.x0)) for ln in head}) < 2:
            s = b  # a line above at one column's edge: no header row
        found[bands[s][0]] = (bands[e - 1][1], bands[b][0], starts, tops)
        last_end = e
        b = e
    return found


def _cut_line(ln: PdfLine, starts: list[float]) -> list[tuple[int, str]]:
    """A line's text by column: a line running over the next column's left edge (two header cells set too close
    together to be told apart) is cut at the word nearest to that edge, measured by the line's average glyph
    width."""
    text = ln.text.strip()
    col = min(range(len(starts)), key=lambda k: abs(starts[k] - ln.x0))
    pieces: list[tuple[int, str]] = []
    x0 = ln.x0
    width = (ln.x1 - ln.x0) / max(len(text), 1)
    while col + 1 < len(starts) and ln.x1 > starts[col + 1] + TABLE_TOLERANCE and text:
        at = (starts[col + 1] - x0) / width
        spaces = [m.start() for m in re.finditer(" ", text)]
        if not spaces:
            break
        cut = min(spaces, key=lambda k: abs(k + 0.5 - at))
        pieces.append((col, text[:cut].strip()))
        x0 += (cut + 1) * width
        text = text[cut + 1:].strip()
        col += 1
    pieces.append((col, text))
    return pieces


def _table_rows(lines: list[PdfLine], starts: list[float], whole: bool = False) -> list[str]:
    """A table's rows (one a band, or all the lines one row if `whole`: the header), each one line of
    tab-separated cells (as a DOCX table gives them): a cell wrapped over several lines is joined with spaces."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and (whole or lines[j].band == lines[i].band):
            j += 1
        cells: list[list[str]] = [[] for _ in starts]
        for ln in sorted(lines[i:j], key=lambda ln: (-ln.y1, ln.x0)):
            for col, piece in _cut_line(ln, starts):
                if piece:
                    cells[col].append(_SPACES.sub(" ", piece))
        out.append("\t".join(" ".join(c) for c in cells))
        i = j
    return out


def _column_tops(band: list[PdfLine]) -> list[float] | None:
    """The rows of a table laid out column by column (one box a column, no gap between the rows, as LibreOffice
    sets a DOCX table): three or more columns, each starting at one x, and rows whose first lines stand at the same
    height in every column — the heights of the first column's lines, three or more (lines above the first are the
    header's, wrapped). Gives the rows' top edges, or None where the band is not such a table (a cell left empty,
    a first column that wraps)."""
    if band[0].band_cols < TABLE_MIN_COLS:
        return None
    starts = _band_starts(band)
    if len(starts) != band[0].band_cols or not _fits(band, starts):
        return None
    first = [ln for ln in band if ln.col == 0]
    tops = sorted({round(ln.y1, 1) for ln in first}, reverse=True)
    if len(tops) < 3 or len(tops) != len(first):
        return None
    for col in range(1, len(starts)):
        have = [ln.y1 for ln in band if ln.col == col]
        if not all(any(abs(y - t) <= 1.0 for y in have) for t in tops):
            return None
    return tops


def page_text(lines: list[PdfLine], right_edge: float, char_width: float, left_edge: float,
              indented: bool) -> list[str]:
    """The paragraphs of one page. Single-column bands flow into each other (reflow); a band of side-by-side
    columns is reflowed column by column: one paragraph per column gives one tab-separated line (a table row),
    otherwise the columns follow each other (the header: issuer and number, then motto and date), set apart by
    blank lines."""
    out: list[str] = []
    stream: list[PdfLine] = []
    tables = _table_runs(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in tables:
            j, body, starts, tops = tables[i]
            if stream:
                out.extend(reflow(stream, right_edge, char_width, left_edge, indented))
                stream = []
            if tops is None:
                if body > i:
                    out.extend(_table_rows(lines[i:body], starts, whole=True))
                out.extend(_table_rows(lines[body:j], starts))
            else:
                edges = [t + 1.0 for t in tops]
                head = lines[i:body] + [ln for ln in lines[body:j] if ln.y1 > edges[0]]
                if head:
                    out.extend(_table_rows(head, starts, whole=True))
                for k, edge in enumerate(edges):
                    below = edges[k + 1] if k + 1 < len(edges) else float("-inf")
                    out.extend(_table_rows([ln for ln in lines[body:j] if edge >= ln.y1 > below], starts,
                                           whole=True))
            i = j
            continue
        if line.band_cols == 1:
            stream.append(line)
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].band == line.band and lines[j].band_cols > 1:
            j += 1
        if stream:
            out.extend(reflow(stream, right_edge, char_width, left_edge, indented))
            stream = []
        columns: dict[int, list[PdfLine]] = {}
        for ln in lines[i:j]:
            columns.setdefault(ln.col, []).append(ln)
        paras = [reflow(col, right_edge, char_width, left_edge, False) for _, col in sorted(columns.items())]
        paras = [p for p in paras if p]
        if paras and all(len(p) == 1 for p in paras) and len(paras) > 1:
            out.append("\t".join(p[0] for p in paras))
        else:
            out.append("")
            for p in paras:
                out.extend(p)
            out.append("")
        i = j
    if stream:
        out.extend(reflow(stream, right_edge, char_width, left_edge, indented))
    return out


def _has_letters(lines: list[PdfLine], n: int) -> bool:
    """At least n letters or digits on these lines (stops counting there)."""
    count = 0
    for ln in lines:
        count += sum(ch.isalnum() for ch in ln.text)
        if count >= n:
            return True
    return False


@dataclass
class PdfPages:
    """What pdfminer read of a PDF, page by page, before the pages are laid out as text."""
    lines: list[list[PdfLine]]  # each page's lines in reading order
    pages: int
    images: list[int]  # image and figure objects per page
    warnings: list[str] = field(default_factory=list)
    # pages read only above a height (read_pdf_pages `above`): the clear gap between the lowest character read and
    # the highest one left out, in points (-inf where the cut is not clean: see _TopBand)
    band_gaps: dict[int, float] = field(default_factory=dict)
    # the same pages' bands (_TopBand): what was read above the cut, and whether the reading stopped there (`stop`)
    bands: dict[int, Any] = field(default_factory=dict)

    def scanned_pages(self) -> list[int]:
        """Indexes of the pages that hold an image and (next to) no text: scans to be read by OCR."""
        out = []
        for i, (lines, images) in enumerate(zip(self.lines, self.images, strict=True)):
            if images and not _has_letters(lines, 20):
                out.append(i)
        return out


def _touching(a: Any, b: Any) -> bool:
    """b is the glyph right after a in the same word: same line box, no gap between them."""
    return (abs(a.y0 - b.y0) < 0.05 and abs(a.y1 - b.y1) < 0.05
            and -0.5 < b.x0 - a.x1 < 0.15 * max(a.size, b.size))


def _revisits_a_line(objs: list[Any]) -> bool:
    """Does the stream come back to a line box it had left? (Never in a plain single-column page.)"""
    seen: set[tuple[float, float]] = set()
    last = None
    raw_y0 = raw_y1 = None  # the previous character's own edges: the same edges make the same key (most characters)
    for obj in objs:
        y0 = getattr(obj, "y0", None)
        if y0 is None or not hasattr(obj, "fontname"):
            continue
        y1 = obj.y1
        if y0 == raw_y0 and y1 == raw_y1:
            continue
        raw_y0, raw_y1 = y0, y1
        key = (round(y0, 1), round(y1, 1))
        if key != last:
            if key in seen:
                return True
            seen.add(key)
            last = key
    return False


def restore_glyph_order(objs: list[Any], revisits: bool | None = None) -> list[Any]:
    """Put back in its word a glyph drawn after its line (LibreOffice draws a letter its font lacks — Ủ, Ộ, ố … —
    from a fallback font once the line is done): pdfminer groups characters in stream order, so such a glyph
    became a line of its own and the words read "K t lu n". A character is moved only when it does not follow
    the character before it in the stream, and an earlier character of the same line box touches it. `revisits`:
    whether the page's whole stream comes back to a line box (_revisits_a_line), where `objs` is only a part of it."""
    from pdfminer.layout import LTChar

    if not (_revisits_a_line(objs) if revisits is None else revisits):
        return objs
    out: list[Any] = []
    by_line: dict[tuple[float, float], list[Any]] = {}
    prev: Any = None
    for obj in objs:
        if not isinstance(obj, LTChar):
            out.append(obj)
            continue
        same = by_line.setdefault((round(obj.y0, 1), round(obj.y1, 1)), [])
        if same and not (prev is not None and _touching(prev, obj)):
            left = next((c for c in reversed(same) if _touching(c, obj)), None)
            right = None if left is not None else next((c for c in same if _touching(obj, c)), None)
            target = left if left is not None and left is not prev else right
            if target is not None:
                out.insert(out.index(target) + (1 if target is left else 0), obj)
                same.append(obj)
                continue  # the stream goes on where it was: prev stays the character drawn before this one
        out.append(obj)
        same.append(obj)
        prev = obj
    return out


@dataclass
class _CharEdges:
    """A character's bottom and top as pdfminer's LTChar has them (for _revisits_a_line)."""
    y0: float
    y1: float
    fontname: str = ""


class _BandDone(Exception):
    """The top band of a page read with `stop` is complete: the rest of its content stream is not interpreted."""


class _TopBand:
    """Reading a page only above a height `cut`: the characters drawn on the page itself (not inside a form
    XObject) whose box (pdfminer's LTChar box, computed the same way) lies wholly above the cut are made and laid
    out; the others are only measured (their advance moves the pen as before). The part read is what pdfminer makes
    of the whole page, restricted to it, when the characters above the cut come as one run in the stream (pdfminer
    groups characters into lines in stream order: no left-out character between two read ones), none crosses the
    cut, nothing is drawn inside a form XObject, and the gap between the two parts is wider than any line or box
    grouping reaches (checked by the caller on `gap`). Where the stream would come back to a line box, glyphs are
    put back in order as for the whole page (restore_glyph_order with the whole stream's answer)."""

    def __init__(self, cut: float, stop: bool = False) -> None:
        self.cut = cut
        self.clean = True
        self.started = self.ended = False
        self.low_read = float("inf")  # the lowest bottom of a character read
        self.high_left = float("-inf")  # the highest top of a character left out
        self.edges: list[_CharEdges] = []  # every character of the page, in stream order (up to a stop)
        self.read: list[str] = []  # the text of the characters read, in stream order
        # `stop`: the page's content stream is interpreted only until the first character below the cut after those
        # above it (the rest of the stream neither tokenised nor measured); `stopped`: it was. Whether nothing above
        # the cut or across it comes later, the gap to the characters below and the page's images are then the
        # caller's to check from another reader (pdf_fast._join_top, from PDFium's characters)
        self.stop = stop
        self.stopped = False

    def gap(self) -> float:
        if not self.clean or not self.started:
            return float("-inf")
        return self.low_read - self.high_left


_PageFound: Any = None


def _page_found_class() -> Any:
    from pdfminer.pdfpage import PDFPage

    class PageFound(PDFPage):
        """A page as PDFPage.create_pages finds it (the page tree walked, the same pages in the same order), its
        PDFPage built only for a page that is read: a skipped page's resources and contents are never resolved."""

        def __init__(self, doc: Any, pageid: Any, attrs: Any, label: Any) -> None:  # noqa: D107 - no super: deferred
            self.found = (doc, pageid, attrs, label)

    return PageFound


def read_pdf_pages(data: bytes, skip: frozenset[int] = frozenset(), above: dict[int, float] | None = None,
                   stop: frozenset[int] = frozenset()) -> PdfPages:
    """The lines of every page of a PDF (pdfminer layout analysis), except the pages in `skip` (0-based; they come
    back empty, unanalysed, for another reader to fill). `above`: pages read only above a height (page index →
    y in points; see _TopBand), with the gap between the parts in PdfPages.band_gaps and the bands in
    PdfPages.bands; `stop`: those of them whose content stream is interpreted only until the band is read (the
    first character below the cut after those above it; _TopBand.stop). Raises IngestError encrypted_pdf /
    corrupt_pdf."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTImage, LTPage
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException
    from pdfminer.utils import apply_matrix_rect

    global _PageFound
    if _PageFound is None:
        _PageFound = _page_found_class()
    warn: list[str] = []
    # the trailer (or an xref stream's dictionary) points to an encryption dictionary
    has_encrypt = re.search(rb"/Encrypt\s*(\d+\s+\d+\s+R|<<)", data) is not None
    pdfminer_log = logging.getLogger("pdfminer")
    if pdfminer_log.level == logging.NOTSET:  # pdfminer warns a lot on damaged files; unless configured, quiet it
        pdfminer_log.setLevel(logging.ERROR)
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")
            parser = PDFParser(io.BytesIO(data))
            try:
                document = PDFDocument(parser)
            except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
                raise _errors.encrypted_pdf() from exc
            except Exception as exc:
                if has_encrypt:  # an encryption pdfminer cannot handle: still a password-protected file
                    raise _errors.encrypted_pdf() from exc
                raise
            if document.encryption is not None:
                warn.append("Tệp PDF có mã hóa nhưng không đặt mật khẩu mở; đã đọc được nội dung.")
            rsrc = PDFResourceManager(caching=True)
            class _Aggregator(PDFPageAggregator):
                band: _TopBand | None = None

                def end_page(self, page: Any) -> None:
                    band = self.band
                    revisits = None if band is None else _revisits_a_line(band.edges)
                    objs = self.cur_item._objs
                    if band is not None and band.stopped and not revisits \
                            and any(a is not b for a, b in zip(restore_glyph_order(objs, True), objs, strict=True)):
                        band.clean = False  # the band's glyphs would move if the stream's rest came back to a line
                    self.cur_item._objs = restore_glyph_order(objs, revisits)
                    super().end_page(page)

            class _BandAggregator(_Aggregator):
                """The same, reading some pages only above a height (`band`, set per page)."""

                def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float,
                                cid: int, ncs: Any, graphicstate: Any) -> float:
                    band = self.band
                    if band is None:
                        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
                    if not isinstance(self.cur_item, LTPage) or font.is_vertical():
                        band.clean = False  # inside a form XObject, or vertical writing: not measured here
                        return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
                    # LTChar's box, computed as LTChar computes it
                    adv = font.char_width(cid) * fontsize * scaling
                    descent = font.get_descent() * fontsize
                    _, y0, _, y1 = apply_matrix_rect(matrix, (0, descent + rise, adv, descent + rise + fontsize))
                    if y1 < y0:
                        y0, y1 = y1, y0
                    band.edges.append(_CharEdges(y0, y1, "-"))
                    if y0 > band.cut:
                        if band.ended:
                            band.clean = False  # a second run of characters above the cut
                        band.started = True
                        band.low_read = min(band.low_read, y0)
                        item_adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
                        last = self.cur_item._objs[-1]
                        if not isinstance(last, LTChar) or (last.y0, last.y1) != (y0, y1):
                            band.clean = False  # not the box measured here
                        else:
                            band.read.append(last.get_text())
                        return item_adv
                    if band.started:
                        band.ended = True
                    if y1 >= band.cut:
                        band.clean = False  # a character across the cut
                    band.high_left = max(band.high_left, y1)
                    if band.ended and band.stop:
                        band.stopped = True
                        raise _BandDone
                    return adv

            device = (_BandAggregator if above else _Aggregator)(rsrc, laparams=LAParams(**LAPARAMS))
            interpreter = PDFPageInterpreter(rsrc, device)
            all_lines: list[list[PdfLine]] = []
            images: list[int] = []
            pages = 0
            counter = [0]
            band_gaps: dict[int, float] = {}
            bands: dict[int, _TopBand] = {}
            for found in _PageFound.create_pages(document):
                pages += 1
                if pages > MAX_PAGES:
                    warn.append(f"Tệp có hơn {MAX_PAGES} trang; chỉ đọc {MAX_PAGES} trang đầu.")
                    pages = MAX_PAGES
                    break
                if pages - 1 in skip:
                    all_lines.append([])
                    images.append(0)
                    continue
                cut = above.get(pages - 1) if above else None
                device.band = None if cut is None else _TopBand(cut, stop=pages - 1 in stop)
                try:
                    pdfpage = PDFPage(*found.found)
                    try:
                        interpreter.process_page(pdfpage)
                    except _BandDone:
                        device.end_page(pdfpage)  # the band is laid out as the whole page's reading would be
                finally:
                    band, device.band = device.band, None
                if band is not None:
                    band_gaps[pages - 1] = band.gap()
                    bands[pages - 1] = band
                layout = device.get_result()
                page_lines = _page_lines(layout, counter)
                images.append(sum(1 for o in layout if isinstance(o, LTImage) or type(o).__name__ == "LTFigure"))
                all_lines.append(page_lines)
    except _errors.IngestError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise _errors.encrypted_pdf() from exc
    except (PSException, ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, OSError,
            AssertionError, RecursionError, ZeroDivisionError, OverflowError) as exc:
        raise _errors.corrupt_pdf(detail=f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # pdfminer raises many kinds on hostile input
        raise _errors.corrupt_pdf(detail=f"{type(exc).__name__}: {exc}") from exc

    if pages == 0:
        raise _errors.corrupt_pdf(detail="no pages")
    return PdfPages(all_lines, pages, images, warn, band_gaps, bands)


def typical_char_width(lines: list[PdfLine]) -> float:
    """The document's character width: the median, over its lines of more than 10 characters, of width per character
    (the layout's unit: a line is full within FULL_LINE_CHARS of the right edge, …)."""
    widths = [(ln.x1 - ln.x0) / max(len(ln.text.strip()), 1) for ln in lines if len(ln.text.strip()) > 10]
    return sorted(widths)[len(widths) // 2] if widths else 5.0


def layout_text(all_lines: list[list[PdfLine]]) -> tuple[str, int]:
    """The text of a document from its pages' lines (pdfminer's, or OCR's in the same page coordinates): page
    numbers and running lines set aside, hard-wrapped lines joined, header columns in order. Returns the text and
    the number of unmapped glyphs dropped. Changes the lines in place."""
    # glyphs without a Unicode mapping come out as "(cid:123)": drop them, and say so
    cids = 0
    for page_lines in all_lines:
        for ln in page_lines:
            if "(cid:" in ln.text:
                ln.text, n = _CID.subn("", ln.text)
                cids += n
    running_head, running_foot = strip_running_lines(all_lines)
    flat = [ln for page in all_lines for ln in page]
    if not any(ch.isalnum() for ln in flat for ch in ln.text):
        return "", cids
    char_width = typical_char_width(flat)
    out_pages: list[str] = []
    body = [ln for ln in flat if ln.band_cols == 1]
    indented = bool(body) and has_first_line_indents(body, min(ln.x0 for ln in body), char_width)
    for page_lines in all_lines:
        if not page_lines:
            out_pages.append("")
            continue
        right_edge = max(ln.x1 for ln in page_lines)
        left_edge = min(ln.x0 for ln in page_lines)
        out_pages.append("\n".join(page_text(page_lines, right_edge, char_width, left_edge, indented)))
    text = _join_pages(out_pages)
    if running_head:
        text = "\n".join(running_head) + "\n" + text
    if running_foot:
        text = text + "\n" + "\n".join(running_foot)
    return text, cids


_PAGE_NUMBER = re.compile(r"^[\s\-–—.]*(trang|page)?\s*\d{1,4}(\s*(/|trên|of)\s*\d{1,4})?[\s\-–—.]*$", re.IGNORECASE)


def _edge_lines(page: list[PdfLine], k: int = 2) -> tuple[list[PdfLine], list[PdfLine]]:
    """Up to k lines at the top and at the bottom of a page that stand apart from the text (a gap of more than a
    line height towards the page's middle): where page numbers and running headers/footers sit."""
    by_y = sorted(page, key=lambda ln: -ln.y1)
    if len(by_y) < 2:
        return [], []

    def apart(upper: PdfLine, lower: PdfLine, ref: PdfLine) -> bool:
        return upper.y0 - lower.y1 > 1.0 * max(ref.y1 - ref.y0, 1.0)

    top: list[PdfLine] = []
    for i in range(min(k, len(by_y) - 1)):
        if apart(by_y[i], by_y[i + 1], by_y[i]):
            top = by_y[: i + 1]
    bottom: list[PdfLine] = []
    for i in range(min(k, len(by_y) - 1)):
        j = len(by_y) - 1 - i
        if apart(by_y[j - 1], by_y[j], by_y[j]):
            bottom = by_y[j:]
    return top, bottom


def strip_running_lines(pages: list[list[PdfLine]]) -> tuple[list[str], list[str]]:
    """Remove page numbers and running headers/footers (the same line, digits aside, at the top or bottom of at
    least 3 pages and half of them) from the pages, in place. Returns the running header and footer texts, to be
    kept once at the start and the end of the text, as for DOCX."""
    def key(ln: PdfLine) -> str:
        return re.sub(r"\d+", "#", " ".join(ln.text.split()))

    counts: dict[tuple[str, str], int] = {}
    for page in pages:
        top, bottom = _edge_lines(page)
        for where, group in (("top", top), ("bottom", bottom)):
            for k in {key(ln) for ln in group}:
                counts[(where, k)] = counts.get((where, k), 0) + 1
    threshold = max(3, (len(pages) + 1) // 2)
    running = {wk for wk, n in counts.items() if n >= threshold and wk[1].strip("#- ")}
    head: list[str] = []
    foot: list[str] = []
    for page in pages:
        top, bottom = _edge_lines(page)
        drop: set[int] = set()
        for where, group in (("top", top), ("bottom", bottom)):
            for ln in group:
                if _PAGE_NUMBER.match(ln.text.strip()):
                    drop.add(id(ln))
                elif (where, key(ln)) in running:
                    drop.add(id(ln))
                    text = " ".join(ln.text.split())
                    target = head if where == "top" else foot
                    if text not in target and not any(key(ln) == re.sub(r"\d+", "#", t) for t in target):
                        target.append(text)
        if drop:
            page[:] = [ln for ln in page if id(ln) not in drop]
    return head, foot


def _join_pages(pages: list[str]) -> str:
    """Join page texts; a paragraph cut by a page break (no sentence end, next page starts lower-case) is rejoined."""
    # the text so far always ends with its last (stripped) page: its end is that page's, and nothing to strip
    parts: list[str] = []
    last = ""
    for page in pages:
        page = page.strip()
        if not page:
            continue
        if parts:
            joined = not _ends_sentence(last) and _is_lower_start(page) and not _LIST_START.match(page)
            parts.append(" " if joined else "\n")
        parts.append(page)
        last = page
    return "".join(parts)
