#!/usr/bin/env python3
"""OCR benchmark: seconds per page per core of vanban's OCR pipeline next to bare `tesseract` on the same page images.

The floor is the bare command line, `tesseract PAGE.png stdout -l vie` (one thread, OMP_THREAD_LIMIT=1), on the very
page images the pipeline renders. The pipeline is services.ingest.ocr.ocr_pdf on the PDF: rendering (pypdfium2),
straightening, Tesseract, layout, post-correction and repair. Figures are CPU seconds (this process and its
children), which is what a core spends whatever else the machine runs; wall seconds are printed beside them. The
floor and the pipeline alternate document by document; the pipeline's one-time start (imports, the unit directory's
patterns) is done before the clock starts, as in a running worker.
Prints figures; asserts nothing.

    python scripts/bench_ocr.py [--pages 8] [PDF ...]     # default: the first documents of ../shared/data/scans-dev ($SHARED)
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Stages:
    """CPU seconds (this process and its children) spent in each stage of the pipeline, by wrapping the functions
    that do them (microseconds of overhead per call). A stage's time excludes the stages called inside it (the
    header re-read's Tesseract call is counted as Tesseract); what no wrapped function covers is "other"."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._inner: list[float] = []  # per open stage: the time of the stages nested in it

    def wrap(self, owner: object, name: str, stage: str | None = None,
             pick: Callable[..., str] | None = None) -> None:
        func = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            label = pick(*args, **kwargs) if pick else (stage or name)
            self._inner.append(0.0)
            c0 = cpu()
            try:
                return func(*args, **kwargs)
            finally:
                spent = cpu() - c0
                inner = self._inner.pop()
                if self._inner:
                    self._inner[-1] += spent
                self.cpu[label] = self.cpu.get(label, 0.0) + spent - inner
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, name, timed)

    def install(self) -> None:
        import services.ingest.ocr as ocr
        from services.ingest.ocr import correct, layout, preprocess
        from services.ingest.parsers import _text, pdf_limits, pdf_parser

        self.wrap(pdf_limits, "check_pdf_streams", "pdf checks + pdfminer text layer")
        self.wrap(pdf_parser, "read_pdf_pages", "pdf checks + pdfminer text layer")
        self.wrap(ocr, "render_page", "render (pypdfium2)")
        self.wrap(preprocess, "straighten", "straighten (skew estimate + rotate)")
        self.wrap(ocr, "prepare_page", "write the page image (TIFF)")
        self.wrap(ocr, "run_tsv_pages", "tesseract: pages (one call per batch)")
        self.wrap(ocr, "run_tsv", pick=lambda *a, psm=3, **k: "tesseract: a page turned upright" if psm == 3
                  else "tesseract: header lines re-read (psm 6)")
        self.wrap(ocr, "detect_rotation", "tesseract: osd")
        self.wrap(ocr, "reread_weak_lines", "header re-read: crops, canvas")
        self.wrap(layout, "page_lines", "layout (words → lines)")
        self.wrap(pdf_parser, "layout_text", "layout_text (reading order, reflow)")
        self.wrap(correct, "post_correct", "post-correction")
        self.wrap(_text, "finish", "repair (finish)")

    def report(self, total: float, pages: int) -> None:
        print("per stage (CPU s/page, calls):")
        rest = total
        for label, sec in sorted(self.cpu.items(), key=lambda kv: -kv[1]):
            rest -= sec
            print(f"  {label:42s} {sec / pages:6.3f}  ({self.calls[label]})")
        print(f"  {'other (image saves, confidence, glue)':42s} {rest / pages:6.3f}")


def sample_pdfs(paths: list[str], pages: int) -> list[bytes]:
    """Whole scanned documents (as an office receives them: the header on the first page only), taken in order until
    they hold at least `pages` pages: the given PDFs, else ../shared/data/scans-dev, else a generated scan."""
    import pypdfium2 as pdfium

    sources = [Path(p).read_bytes() for p in paths]
    if not sources:
        # ../shared beside the checkout (a worktree one level deeper: ../../shared), or $SHARED
        shared = [Path(os.environ["SHARED"])] if os.environ.get("SHARED") else []
        for base in [*shared, ROOT.parent / "shared", ROOT.parent.parent / "shared"]:
            sources = [p.read_bytes() for p in sorted((base / "data" / "scans-dev").glob("*.pdf"))]
            if sources:
                break
    if not sources:
        from integration.ingest.test_ocr_scans import notice_pdf, scan_of

        sources = [scan_of(notice_pdf())]
    out: list[bytes] = []
    total = 0
    for data in sources:
        if total >= pages:
            break
        out.append(data)
        total += len(pdfium.PdfDocument(data))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*")
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--dpi", type=int, default=None)
    ap.add_argument("--floor-format", choices=("png", "tif"), default="png",
                    help="the page images bare tesseract reads (png: as saved by a user; tif: uncompressed, as the "
                         "pipeline hands them)")
    ap.add_argument("--batched-floor", action="store_true",
                    help="also time bare tesseract reading each document's pages in one call (a list file): the "
                         "floor for the model load paid once per document, as the pipeline does")
    args = ap.parse_args()

    import pypdfium2 as pdfium

    from services.ingest.ocr import DEFAULT_DPI, ocr_pdf, ocr_ready, render_page

    if not ocr_ready():
        print("tesseract with the Vietnamese model is not installed", file=sys.stderr)
        return 2
    dpi = args.dpi or DEFAULT_DPI
    pdfs = sample_pdfs(args.pdfs, args.pages)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    # what a worker process does once, not per page: imports, the unit directory's phrase patterns
    import numpy  # noqa: F401
    from PIL import Image  # noqa: F401

    from services.ingest.ocr import _directory_names
    from services.ingest.ocr.correct import post_correct
    from services.ingest.parsers.pdf_fast import read_pdf_pages_fast  # noqa: F401

    post_correct("Số: 1/UBND-VP", _directory_names())
    stages = Stages()
    stages.install()
    # floor and pipeline alternate document by document, so that a change in the machine's load hits both alike
    floor_cpu = floor_wall = pipe_cpu = pipe_wall = batched_cpu = 0.0
    confidences = []
    images: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, data in enumerate(pdfs):
            doc = pdfium.PdfDocument(data)
            paths = []
            for i in range(len(doc)):
                path = Path(tmp) / f"doc{k}-page{i}.{args.floor_format}"
                render_page(doc, i, dpi).save(path, **({"compress_level": 1} if args.floor_format == "png" else {}))
                paths.append(path)
            images.extend(paths)
            c0, w0 = cpu(), time.perf_counter()
            for path in paths:
                subprocess.run(["tesseract", str(path), "stdout", "-l", "vie"], env=env, check=True,
                               capture_output=True)
            floor_cpu, floor_wall = floor_cpu + cpu() - c0, floor_wall + time.perf_counter() - w0
            if args.batched_floor:
                listing = Path(tmp) / f"doc{k}.txt"
                listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
                c0 = cpu()
                subprocess.run(["tesseract", str(listing), "stdout", "-l", "vie"], env=env, check=True,
                               capture_output=True)
                batched_cpu += cpu() - c0
            c0, w0 = cpu(), time.perf_counter()
            confidences.append(ocr_pdf(data, dpi=dpi).confidence)
            pipe_cpu, pipe_wall = pipe_cpu + cpu() - c0, pipe_wall + time.perf_counter() - w0
    n = len(images)
    print(f"{len(pdfs)} documents, {n} pages at {dpi} dpi, one core each")
    print(f"bare tesseract (floor, {args.floor_format}): {floor_cpu / n:.2f} s/page/core (wall {floor_wall / n:.2f} s/page)")
    if args.batched_floor:
        print(f"bare tesseract, one call per document: {batched_cpu / n:.2f} s/page/core "
              f"(pipeline/that: {pipe_cpu / batched_cpu:.2f}×)")
    print(f"vanban OCR pipeline:    {pipe_cpu / n:.2f} s/page/core (wall {pipe_wall / n:.2f} s/page), "
          f"mean confidence {sum(confidences) / len(confidences):.2f}")
    print(f"ratio pipeline/floor:   {pipe_cpu / floor_cpu:.2f}× (target ≤ 1.2×), load {os.getloadavg()[0]:.1f}")
    stages.report(pipe_cpu, n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
