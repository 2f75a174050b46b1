"""Tesseract, called directly (TSV out): no Python binding to build. One `tesseract` process reads several page
images at once (a list file): loading the Vietnamese model costs about a quarter of a second of CPU, a tenth of a
page's reading, and is paid once per call, not once per page; each page is read exactly as it is alone.

Each call is limited to one thread (OMP_THREAD_LIMIT=1): pages are the unit of parallelism, and a shared machine
is not flooded by OpenMP threads.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from services.core.errors import IngestError

LANG = "vie"
TIMEOUT_S = 300  # one page; a hostile image must not hold a worker forever


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float  # 0–100
    block: int
    par: int
    line: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def tesseract_binary() -> str | None:
    return shutil.which(os.environ.get("VANBAN_TESSERACT", "tesseract"))


@cache
def available_languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(ln.strip() for ln in out.stdout.splitlines()[1:] if ln.strip())


def tesseract_ready(lang: str = LANG) -> bool:
    """Tesseract and its Vietnamese model are installed."""
    binary = tesseract_binary()
    return binary is not None and lang in available_languages(binary)


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def ocr_failed(detail: str) -> IngestError:
    return IngestError("ocr_failed", "Không nhận dạng được chữ trên bản quét (OCR lỗi). Tệp gốc vẫn được lưu; "
                       "hãy thử xử lý lại hoặc gửi bản quét rõ hơn.", detail=detail[:500])


def _tesseract(args: list[str], timeout: float) -> str:
    binary = tesseract_binary()
    if binary is None:
        raise ocr_failed("tesseract not installed")
    try:
        out = subprocess.run([binary, *args], capture_output=True, timeout=timeout, env=_env(), check=False)
    except subprocess.TimeoutExpired as exc:
        raise ocr_failed(f"tesseract timed out after {timeout:.0f} s") from exc
    except OSError as exc:
        raise ocr_failed(f"tesseract: {exc}") from exc
    if out.returncode != 0:
        raise ocr_failed(f"tesseract exit {out.returncode}: {out.stderr.decode('utf-8', 'replace')[-300:]}")
    return out.stdout.decode("utf-8", "replace")


def run_tsv(image: Path, dpi: int, lang: str = LANG, psm: int = 3) -> list[Word]:
    """The words Tesseract reads on one page image, with their boxes and confidences."""
    return parse_tsv(_tesseract([str(image), "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"],
                                TIMEOUT_S))


def run_tsv_pages(images: list[Path], dpi: int, lang: str = LANG, psm: int = 3) -> list[list[Word]]:
    """The words of each of several page images (all at `dpi`), read by one Tesseract process: the same words as
    run_tsv on each image alone, with one model load instead of one per page."""
    if len(images) == 1:
        return [run_tsv(images[0], dpi, lang, psm)]
    listing = images[0].with_name(images[0].stem + "-pages.txt")
    listing.write_text("".join(f"{path}\n" for path in images), encoding="utf-8")
    tsv = _tesseract([str(listing), "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"],
                     TIMEOUT_S * len(images))
    pages: list[list[Word]] = [[] for _ in images]
    for page_no, words in _split_pages(tsv).items():
        if 1 <= page_no <= len(images):
            pages[page_no - 1] = words
    return pages


def _split_pages(tsv: str) -> dict[int, list[Word]]:
    """A multi-page TSV (column 2 = the page, from 1) → each page's words."""
    rows: dict[int, list[str]] = {}
    for row in tsv.splitlines():
        cols = row.split("\t", 2)
        if len(cols) > 2 and cols[1].isdigit():
            rows.setdefault(int(cols[1]), []).append(row)
    return {page: parse_tsv("\n" + "\n".join(lines)) for page, lines in rows.items()}


def parse_tsv(tsv: str) -> list[Word]:
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        try:
            words.append(Word(text, int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]), float(cols[10]),
                              int(cols[2]), int(cols[3]), int(cols[4])))
        except ValueError:
            continue
    return words


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_rotation(image: Path, dpi: int) -> tuple[int, float]:
    """Tesseract's orientation detection (osd): the clockwise rotation that makes the page upright, and its
    confidence. (0, 0.0) when it cannot tell."""
    binary = tesseract_binary()
    if binary is None or "osd" not in available_languages(binary):
        return 0, 0.0
    cmd = [binary, str(image), "stdout", "--psm", "0", "--dpi", str(dpi), "-l", "osd"]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, env=_env(), check=False)
    except (OSError, subprocess.SubprocessError):
        return 0, 0.0
    text = out.stdout.decode("utf-8", "replace")
    rot, conf = _ROTATE.search(text), _CONF.search(text)
    return (int(rot.group(1)) if rot else 0), (float(conf.group(1)) if conf else 0.0)
