"""OCR of scanned PDFs with Tesseract's Vietnamese model.

    ocr_ready() -> bool                       Tesseract and the `vie` model are installed
    ocr_pdf(data, progress=…) -> OcrResult    the text of a scanned (or partly scanned) PDF

Pages that have a text layer are read by pdfminer as usual; image-only pages are rendered with pypdfium2
(DEFAULT_DPI), straightened (small skew), read by `tesseract -l vie` (one thread; one process for up to
PAGES_PER_CALL pages, so that the model is loaded once, not once per page), turned upright and read again
when the first reading is poor and orientation detection (osd) says the page is rotated. Tesseract's words are
laid out like a born-digital PDF's lines (layout.py), the text is post-corrected (correct.py) and repaired like any
other. The original bytes are never changed.
"""
from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import LANG, Word, detect_rotation, ocr_failed, run_tsv, run_tsv_pages, tesseract_ready

__all__ = ["DEFAULT_DPI", "NO_TEXT", "OcrPage", "OcrResult", "ocr_pdf", "ocr_ready"]

log = logging.getLogger("vanban.ingest.ocr")

DEFAULT_DPI = 300
ENGINE_VERSION = 1  # bump when the reading changes: a stored text layer of another version is read again
NO_TEXT = ("Tệp không có lớp văn bản và nhận dạng ký tự (OCR) không đọc được chữ nào trên các trang. "
           "Tệp gốc vẫn được lưu; hãy gửi bản quét rõ hơn.")
LOW_CONFIDENCE = 0.6  # below this (or with almost no text) a page may be rotated: ask osd


def ocr_ready() -> bool:
    """Tesseract and its Vietnamese model (tesseract-ocr-vie) are installed on this machine."""
    return tesseract_ready(LANG)


@dataclass
class OcrPage:
    index: int
    confidence: float
    chars: int
    rotated: int = 0  # degrees clockwise applied before reading
    skew: float = 0.0  # degrees the page was straightened by
    seconds: float = 0.0
    lines: list[dict[str, Any]] = field(default_factory=list)  # the text layer: text and box (PDF points)


@dataclass
class OcrResult:
    text: str  # repaired, post-corrected, laid out like a born-digital PDF's text
    pages: int
    ocr_pages: list[OcrPage]
    confidence: float  # mean word confidence of the OCR'd pages (0–1), weighted by characters
    warnings: list[str] = field(default_factory=list)

    def text_layer(self) -> bytes:
        """The derived file kept in the store: the text and, per OCR'd page, its lines with their boxes."""
        doc = {"engine": f"tesseract-{LANG}", "version": ENGINE_VERSION, "confidence": round(self.confidence, 4),
               "pages": self.pages, "text": self.text,
               "ocr_pages": [{"page": p.index + 1, "confidence": round(p.confidence, 4), "rotated": p.rotated,
                              "skew": p.skew, "lines": p.lines} for p in self.ocr_pages]}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")


Progress = Callable[[int, int], None]


# the pages of one file read by OCR (about 3 s each): a PDF of a few kilobytes may hold 3,000 pages drawing one image,
# and anyone may mail one — hours of the OCR queue, ahead of the office's own scans (SECURITY.md 75)
MAX_OCR_PAGES = 300
MAX_PAGE_PIXELS = 40_000_000  # A2 at 300 dpi (35 million); a larger page is read at a lower resolution


def page_dpi(width_pt: float, height_pt: float, dpi: int) -> int:
    """The resolution a page is read at: `dpi`, lowered so that the page's image holds at most MAX_PAGE_PIXELS. A PDF
    of a kilobyte may declare a page of 200 × 200 inches (60,000 pixels a side at 300 dpi: 3.6 GB held by the worker,
    and as much written for Tesseract) — SECURITY.md 75."""
    inches = max(width_pt, 1.0) * max(height_pt, 1.0) / (72.0 * 72.0)
    return max(1, min(dpi, int((MAX_PAGE_PIXELS / inches) ** 0.5)))


def render_page(pdf: Any, index: int, dpi: int) -> Any:
    """One page as an 8-bit grey PIL image at `dpi` (at most; see page_dpi). Its `info["dpi"]` says which."""
    page = pdf[index]
    try:
        dpi = page_dpi(*page.get_size(), dpi)
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        image = bitmap.to_pil()
    finally:
        page.close()
    image = image.convert("L") if image.mode != "L" else image
    image.info["dpi"] = (dpi, dpi)
    return image


# The page images handed to Tesseract: uncompressed TIFF. Writing a PNG costs Python about 0.19 s per 300-dpi page and
# Tesseract decodes it again; Leptonica reads a PGM a byte at a time (0.2–0.3 s more CPU per page than the same
# pixels as a TIFF, read by libtiff in strips). Same pixels, same words (the TSV is byte-identical).
IMAGE_SUFFIX = ".tif"


def prepare_page(image: Any, path: Path, *, deskew: bool = True) -> tuple[Any, float]:
    """Straighten a page image (when skewed enough to matter) and write it where Tesseract reads it (`path`, .tif:
    an uncompressed TIFF, IMAGE_SUFFIX). Returns the image and the skew."""
    from .preprocess import straighten

    skew = 0.0
    if deskew:
        image, skew = straighten(image)
    image.save(path)
    return image, skew


def finish_page(image: Any, path: Path, words: list[Word], dpi: int, *, skew: float = 0.0,
                header: bool = False) -> tuple[list[Word], OcrPage, int]:
    """A page's first reading (`words`, of the image at `path`) completed: if the reading is poor, turn the page
    upright (osd) and read it again; on the first page (`header`), re-read the weak lines of the header block one
    by one. `image` is the page image, or None to open it from `path` when it is needed.
    Returns the words, the page's figures and the height in pixels of the image the words refer to."""
    from PIL import Image

    from .layout import confidence

    started = time.process_time()
    conf, chars = confidence(words)
    rotated = 0
    if conf < LOW_CONFIDENCE or chars < 40:
        angle, osd_conf = detect_rotation(path, dpi)
        if angle in (90, 180, 270) and osd_conf >= 1.5:
            if image is None:
                image = Image.open(path)
            turned = image.rotate(-angle, expand=True)
            turned.save(path)
            words2 = run_tsv(path, dpi)
            conf2, chars2 = confidence(words2)
            if conf2 * max(chars2, 1) > conf * max(chars, 1):
                words, conf, chars, rotated, image = words2, conf2, chars2, angle, turned
    if header:
        if image is None:
            image = Image.open(path)
        words = reread_weak_lines(words, image, path.parent, dpi)
        conf, chars = confidence(words)
    if image is None:
        with Image.open(path) as stored:  # reads the TIFF header only
            height = int(stored.height)
    else:
        height = int(image.height)
    page = OcrPage(index=0, confidence=conf, chars=chars, rotated=rotated, skew=round(skew, 2),
                   seconds=time.process_time() - started)
    return words, page, height


def read_page(image: Any, workdir: Path, dpi: int, *, deskew: bool = True,
              header: bool = False) -> tuple[list[Word], OcrPage, int]:
    """OCR one page image alone: straighten, read, and if the reading is poor, turn upright (osd) and read again; on
    the first page (`header`), re-read the weak lines of the header block one by one.
    Returns the words, the page's figures and the height in pixels of the image the words refer to."""
    started = time.process_time()
    path = workdir / f"page{IMAGE_SUFFIX}"
    image, skew = prepare_page(image, path, deskew=deskew)
    words, page, height = finish_page(image, path, run_tsv(path, dpi), dpi, skew=skew, header=header)
    page.seconds = time.process_time() - started
    return words, page, height


PAGES_PER_CALL = 8  # pages read by one Tesseract process: one model load for all; progress is said after each batch


HEADER_SHARE = 0.4  # the header block: the top of the first page (issuer, number, motto, place and date, title)
WEAK = 50.0  # a word read with less confidence than this is doubtful
MAX_REREADS = 8


def reread_weak_lines(words: list[Word], image: Any, workdir: Path, dpi: int) -> list[Word]:
    """Re-read, each line apart from its neighbours, the parts of header lines that hold a doubtful word.

    The header's number line sits beside the rule drawn under the motto ("Số: 12/UBND-VP" next to "--------"); read
    as one text line with it, the number comes out with almost no confidence or as garbage. Alone, it reads clean.
    The doubtful parts are cut out and stacked, well apart, on one white image read in a single Tesseract call (one
    model load, not one per line). A part is replaced when the second reading is surer; a part that is doubtful both
    times is dropped as noise."""
    from PIL import Image

    from .layout import keep_word, line_parts

    limit = image.height * HEADER_SHARE
    out: list[Word] = []
    todo: list[tuple[list[Word], tuple[int, int, int, int]]] = []
    for part, height in line_parts(words):
        top = min(w.top for w in part)
        doubtful = any(w.conf < WEAK for w in part if any(ch.isalnum() for ch in w.text))
        if top > limit or not doubtful or len(todo) >= MAX_REREADS:
            out.extend(part)
            continue
        pad = int(0.35 * height) + 2
        box = (max(0, min(w.left for w in part) - pad), max(0, top - pad),
               min(image.width, max(w.right for w in part) + pad), min(image.height, max(w.bottom for w in part) + pad))
        todo.append((part, box))
    if not todo:
        return out
    gap = 40
    width = max(x1 - x0 for _, (x0, _, x1, _) in todo) + 2 * gap
    height = sum(y1 - y0 for _, (_, y0, _, y1) in todo) + gap * (len(todo) + 1)
    canvas = Image.new("L", (width, height), 255)
    offsets: list[int] = []
    y = gap
    for _, (x0, y0, x1, y1) in todo:
        canvas.paste(image.crop((x0, y0, x1, y1)), (gap, y))
        offsets.append(y)
        y += (y1 - y0) + gap
    path = workdir / f"lines{IMAGE_SUFFIX}"
    canvas.save(path)
    again_by_part: list[list[Word]] = [[] for _ in todo]
    for w in run_tsv(path, dpi, psm=6):
        centre = w.top + w.height / 2
        for k, ((part, (x0, y0, _, y1)), oy) in enumerate(zip(todo, offsets, strict=True)):
            if oy - gap / 2 <= centre < oy + (y1 - y0) + gap / 2:
                first = part[0]
                moved = Word(w.text, w.left - gap + x0, w.top - oy + y0, w.width, w.height, w.conf,
                             first.block, first.par, first.line)
                if keep_word(moved):
                    again_by_part[k].append(moved)
                break
    for (part, _), again in zip(todo, again_by_part, strict=True):
        sure_before, sure_after = _mean_conf(part), _mean_conf(again)
        if sure_after >= WEAK and sure_after > sure_before:
            out.extend(again)
        elif sure_before >= WEAK:
            out.extend(part)
        # doubtful both times: noise (a rule, a stamp's edge), dropped
    return out


def _mean_conf(words: list[Word]) -> float:
    texts = [w for w in words if any(ch.isalnum() for ch in w.text)]
    return sum(w.conf * len(w.text) for w in texts) / max(1, sum(len(w.text) for w in texts))


def ocr_pdf(data: bytes, *, dpi: int = DEFAULT_DPI, progress: Progress | None = None, deskew: bool = True,
            unit_names: tuple[str, ...] | None = None) -> OcrResult:
    """The text of a scanned or partly scanned PDF. Pages with a text layer keep it; image-only pages are OCR'd.

    Raises IngestError (corrupt_pdf, encrypted_pdf, ocr_failed). `progress(done, total)` is called after each OCR'd
    page (as each batch of PAGES_PER_CALL pages is read; and once with done=0 before the first)."""
    import pypdfium2 as pdfium

    from services.ingest.parsers._text import finish
    from services.ingest.parsers.pdf_limits import check_pdf_streams
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    from .correct import post_correct
    from .layout import page_lines

    check_pdf_streams(data)  # before any reader decodes it (SECURITY.md 74)
    read = read_pdf_pages(data)
    todo = read.scanned_pages()
    if not todo:  # no image-only page, yet no usable text (e.g. glyphs without Unicode): read every page
        todo = [i for i, lines in enumerate(read.lines) if not any(ch.isalnum() for ln in lines for ch in ln.text)]
    if not todo:
        todo = list(range(read.pages))
    skipped = len(todo) - MAX_OCR_PAGES
    todo = todo[:MAX_OCR_PAGES]
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium refuses what pdfminer accepted: still a clear error
        raise ocr_failed(f"pdfium: {type(exc).__name__}: {exc}") from exc
    todo = [index for index in todo if index < len(pdf)]
    if progress:
        progress(0, len(todo))
    pages: list[OcrPage] = []
    counter = [10_000]
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
            for start in range(0, len(todo), PAGES_PER_CALL):
                # rendered, straightened and written; only the first page's image is kept in memory (the header
                # re-read crops it), the others are opened again from their file if ever needed
                batch: list[tuple[int, Any, Path, int, float, float]] = []
                for index in todo[start:start + PAGES_PER_CALL]:
                    started = time.process_time()
                    image = render_page(pdf, index, dpi)
                    at = int(image.info["dpi"][0])  # lower than `dpi` for an oversized page
                    path = Path(tmp) / f"page{index}{IMAGE_SUFFIX}"
                    image, skew = prepare_page(image, path, deskew=deskew)
                    batch.append((index, image if index == 0 else None, path, at, skew,
                                  time.process_time() - started))
                    del image
                words_of: dict[int, list[Word]] = {}
                for at in sorted({b[3] for b in batch}):  # one call per resolution (one, but for an oversized page)
                    same = [b for b in batch if b[3] == at]
                    for b, words in zip(same, run_tsv_pages([b[2] for b in same], at), strict=True):
                        words_of[b[0]] = words
                for index, kept, path, at, skew, seconds in batch:
                    words, page, height = finish_page(kept, path, words_of[index], at, skew=skew,
                                                      header=index == 0)
                    page.index = index
                    page.seconds += seconds
                    lines = page_lines(words, height, at, counter)
                    page.lines = [{"text": ln.text, "bbox": [round(ln.x0, 1), round(ln.y0, 1), round(ln.x1, 1),
                                                             round(ln.y1, 1)]} for ln in lines]
                    read.lines[index] = lines
                    pages.append(page)
                    if progress:
                        progress(len(pages), len(todo))
                batch.clear()
    finally:
        pdf.close()

    from services.ingest.parsers.pdf_parser import layout_text

    raw, _ = layout_text(read.lines)
    if unit_names is None:
        unit_names = _directory_names()
    text, _legacy = finish(post_correct(raw, unit_names))
    chars = sum(p.chars for p in pages)
    conf = sum(p.confidence * p.chars for p in pages) / chars if chars else 0.0
    warnings = list(read.warnings)
    warnings.append(f"Đã nhận dạng chữ (OCR) {len(pages)}/{read.pages} trang; độ tin cậy trung bình {conf:.0%}.")
    if skipped > 0:
        warnings.append(f"Chỉ nhận dạng chữ {MAX_OCR_PAGES} trang quét đầu tiên; {skipped} trang sau không được đọc.")
    if conf < LOW_CONFIDENCE:
        warnings.append("Bản quét khó đọc: kết quả nhận dạng chữ có thể sai nhiều, nên kiểm tra lại.")
    return OcrResult(text=text, pages=read.pages, ocr_pages=pages, confidence=conf, warnings=warnings)


def _directory_names() -> tuple[str, ...]:
    """Unit names from the unit directory (the understanding's public API), for the diacritics repair."""
    from services.vntext.units import directory

    return tuple(n for n in directory().names if len(n.split()) >= 2 and not n.isupper())
