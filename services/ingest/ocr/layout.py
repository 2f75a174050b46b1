"""Tesseract's words → the lines and boxes the PDF parser lays out (services.ingest.parsers.pdf_parser).

Tesseract reads a two-column header as one line ("VĂN PHÒNG CHÍNH PHỦ      CỘNG HÒA XÃ HỘI …"). Its lines are cut
at wide gaps into segments; segments stacked in one column at line spacing form a box, as pdfminer's text boxes do;
the boxes then go through the same reading order (bands, columns) and reflow as a born-digital PDF, in PDF points
with y going up, so that the understanding sees the same layout whatever the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.ingest.parsers.pdf_parser import PdfLine, order_boxes

from .engine import Word

_ALNUM = re.compile(r"[^\W_]")


@dataclass
class Segment:
    words: list[Word]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    def __post_init__(self) -> None:
        self.x0 = min(w.left for w in self.words)
        self.x1 = max(w.right for w in self.words)
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return _line_height(self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Box:
    segments: list[Segment] = field(default_factory=list)
    # PDF-point extent (y up), what order_boxes reads
    x0: float = 0.0
    x1: float = 0.0
    y0: float = 0.0
    y1: float = 0.0


def keep_word(w: Word) -> bool:
    """Stamp, signature and speckle noise comes out as low-confidence punctuation: drop it."""
    if not _ALNUM.search(w.text):
        return w.conf >= 60 and len(w.text) <= 3
    return w.conf >= 15


def _line_height(words: list[Word]) -> float:
    hs = sorted(w.height for w in words if _ALNUM.search(w.text)) or sorted(w.height for w in words)
    return float(hs[len(hs) // 2])


def segments_of(words: list[Word]) -> list[Segment]:
    """Tesseract's lines, cut where the gap between two words is wider than three line heights."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        if keep_word(w):
            lines.setdefault((w.block, w.par, w.line), []).append(w)
    out: list[Segment] = []
    for ws in lines.values():
        ws.sort(key=lambda w: w.left)
        height = _line_height(ws)
        current = [ws[0]]
        for prev, w in zip(ws, ws[1:], strict=False):
            if w.left - prev.right > 3.0 * height:
                out.append(Segment(current))
                current = []
            current.append(w)
        out.append(Segment(current))
    return out


def boxes_of(segments: list[Segment]) -> list[Box]:
    """Segments stacked in one column at line spacing (overlapping horizontally, less than a line height apart)
    form one box."""
    boxes: list[Box] = []
    for seg in sorted(segments, key=lambda s: (s.top, s.x0)):
        best: Box | None = None
        for box in boxes:
            last = box.segments[-1]
            gap = seg.top - last.bottom
            overlap = min(last.x1, seg.x1) - max(last.x0, seg.x0)
            height = max(last.height, seg.height)
            if -0.5 * height <= gap <= 1.0 * height and overlap > 0:
                best = box
        if best is None:
            boxes.append(Box([seg]))
        else:
            best.segments.append(seg)
    return boxes


def page_lines(words: list[Word], page_height_px: int, dpi: int, box_counter: list[int]) -> list[PdfLine]:
    """One page's lines in reading order, in PDF points (what pdf_parser.layout_text takes)."""
    scale = 72.0 / dpi
    boxes = boxes_of(segments_of(words))
    for box in boxes:
        box.x0 = min(s.x0 for s in box.segments) * scale
        box.x1 = max(s.x1 for s in box.segments) * scale
        box.y1 = (page_height_px - min(s.top for s in box.segments)) * scale
        box.y0 = (page_height_px - max(s.bottom for s in box.segments)) * scale
    lines: list[PdfLine] = []
    for band_no, band in enumerate(order_boxes(boxes)):
        for col_no, column in enumerate(band):
            for box in column:
                box_counter[0] += 1
                for seg in box.segments:
                    lines.append(PdfLine(seg.text, seg.x0 * scale, seg.x1 * scale, box_counter[0],
                                         (page_height_px - seg.bottom) * scale, (page_height_px - seg.top) * scale,
                                         band=band_no, col=col_no, band_cols=len(band)))
    return lines


def confidence(words: list[Word]) -> tuple[float, int]:
    """Mean confidence (0–1) of the kept words, weighted by their length, and how many characters it covers."""
    total = chars = 0.0
    for w in words:
        if keep_word(w):
            n = len(w.text)
            total += w.conf * n
            chars += n
    return (total / chars / 100.0 if chars else 0.0), int(chars)
