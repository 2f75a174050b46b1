"""OCR of scanned PDFs with Tesseract's Vietnamese model.

    ocr_ready() -> bool                       Tesseract and the `vie` model are installed
    ocr_pdf(data, progress=…) -> OcrResult    the text of a scanned (or partly scanned) PDF

Pages that have a text layer are read by pdfminer as usual; image-only pages are rendered with pypdfium2
(DEFAULT_DPI), straightened (small skew), read by `tesseract -l vie` (one process per page, one thread each),
turned upright and read again when the first reading is poor and orientation detection (osd) says the page is
rotated. Tesseract's words are laid out like a born-digital PDF's lines (layout.py), the text is post-corrected
(correct.py) and repaired like any other. The original bytes are never changed.
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

from .engine import LANG, Word, detect_rotation, ocr_failed, run_tsv, tesseract_ready

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


def render_page(pdf: Any, index: int, dpi: int) -> Any:
    """One page as an 8-bit grey PIL image at `dpi`."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        image = bitmap.to_pil()
    finally:
        page.close()
    return image.convert("L") if image.mode != "L" else image


def read_page(image: Any, workdir: Path, dpi: int, *, deskew: bool = True) -> tuple[list[Word], OcrPage, int]:
    """OCR one page image: straighten, read, and if the reading is poor, turn upright (osd) and read again.
    Returns the words, the page's figures and the height in pixels of the image the words refer to."""
    from .preprocess import straighten

    started = time.process_time()
    skew = 0.0
    if deskew:
        image, skew = straighten(image)
    path = workdir / "page.png"
    image.save(path, compress_level=1)
    words = run_tsv(path, dpi)
    from .layout import confidence

    conf, chars = confidence(words)
    rotated = 0
    if conf < LOW_CONFIDENCE or chars < 40:
        angle, osd_conf = detect_rotation(path, dpi)
        if angle in (90, 180, 270) and osd_conf >= 1.5:
            turned = image.rotate(-angle, expand=True)
            turned.save(path, compress_level=1)
            words2 = run_tsv(path, dpi)
            conf2, chars2 = confidence(words2)
            if conf2 * max(chars2, 1) > conf * max(chars, 1):
                words, conf, chars, rotated, image = words2, conf2, chars2, angle, turned
    page = OcrPage(index=0, confidence=conf, chars=chars, rotated=rotated, skew=round(skew, 2),
                   seconds=time.process_time() - started)
    return words, page, int(image.height)


def ocr_pdf(data: bytes, *, dpi: int = DEFAULT_DPI, progress: Progress | None = None, deskew: bool = True,
            unit_names: tuple[str, ...] | None = None) -> OcrResult:
    """The text of a scanned or partly scanned PDF. Pages with a text layer keep it; image-only pages are OCR'd.

    Raises IngestError (corrupt_pdf, encrypted_pdf, ocr_failed). `progress(done, total)` is called after each OCR'd
    page (and once with done=0 before the first)."""
    import pypdfium2 as pdfium

    from services.ingest.parsers._text import finish
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    from .correct import post_correct
    from .layout import page_lines

    read = read_pdf_pages(data)
    todo = read.scanned_pages()
    if not todo:  # no image-only page, yet no usable text (e.g. glyphs without Unicode): read every page
        todo = [i for i, lines in enumerate(read.lines) if not any(ch.isalnum() for ln in lines for ch in ln.text)]
    if not todo:
        todo = list(range(read.pages))
    if progress:
        progress(0, len(todo))
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium refuses what pdfminer accepted: still a clear error
        raise ocr_failed(f"pdfium: {type(exc).__name__}: {exc}") from exc
    pages: list[OcrPage] = []
    counter = [10_000]
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
            for done, index in enumerate(todo, start=1):
                if index >= len(pdf):
                    continue
                image = render_page(pdf, index, dpi)
                words, page, height = read_page(image, Path(tmp), dpi, deskew=deskew)
                page.index = index
                lines = page_lines(words, height, dpi, counter)
                page.lines = [{"text": ln.text, "bbox": [round(ln.x0, 1), round(ln.y0, 1), round(ln.x1, 1),
                                                         round(ln.y1, 1)]} for ln in lines]
                read.lines[index] = lines
                pages.append(page)
                if progress:
                    progress(done, len(todo))
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
    if conf < LOW_CONFIDENCE:
        warnings.append("Bản quét khó đọc: kết quả nhận dạng chữ có thể sai nhiều, nên kiểm tra lại.")
    return OcrResult(text=text, pages=read.pages, ocr_pages=pages, confidence=conf, warnings=warnings)


def _directory_names() -> tuple[str, ...]:
    """Unit names from the unit directory (the understanding's public API), for the diacritics repair."""
    from services.ingest.understanding.units import directory

    return tuple(n for n in directory().names if len(n.split()) >= 2 and not n.isupper())
