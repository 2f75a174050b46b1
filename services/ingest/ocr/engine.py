"""Tesseract, called directly (one `tesseract` process per page image, TSV out): no Python binding to build.

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


def run_tsv(image: Path, dpi: int, lang: str = LANG, psm: int = 3) -> list[Word]:
    """The words Tesseract reads on one page image, with their boxes and confidences."""
    binary = tesseract_binary()
    if binary is None:
        raise ocr_failed("tesseract not installed")
    cmd = [binary, str(image), "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, env=_env(), check=False)
    except subprocess.TimeoutExpired as exc:
        raise ocr_failed(f"tesseract timed out after {TIMEOUT_S} s") from exc
    except OSError as exc:
        raise ocr_failed(f"tesseract: {exc}") from exc
    if out.returncode != 0:
        raise ocr_failed(f"tesseract exit {out.returncode}: {out.stderr.decode('utf-8', 'replace')[-300:]}")
    return parse_tsv(out.stdout.decode("utf-8", "replace"))


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
