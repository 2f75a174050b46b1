#!/usr/bin/env python3
"""OCR benchmark: seconds per page per core of vanban's OCR pipeline next to bare `tesseract` on the same page images.

The floor is the bare command line, `tesseract PAGE.png stdout -l vie` (one thread, OMP_THREAD_LIMIT=1), on the very
page images the pipeline renders. The pipeline is services.ingest.ocr.ocr_pdf on the PDF: rendering (pypdfium2),
straightening, Tesseract, layout, post-correction and repair. Figures are CPU seconds (this process and its
children), which is what a core spends whatever else the machine runs; wall seconds are printed beside them. The
floor and the pipeline alternate document by document; the pipeline's one-time start (imports, the unit directory's
patterns) is done before the clock starts, as in a running worker.
Prints figures; asserts nothing.

    python scripts/bench_ocr.py [--pages 8] [PDF ...]     # default: the first documents of ../shared/data/scans-dev
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def sample_pdfs(paths: list[str], pages: int) -> list[bytes]:
    """Whole scanned documents (as an office receives them: the header on the first page only), taken in order until
    they hold at least `pages` pages: the given PDFs, else ../shared/data/scans-dev, else a generated scan."""
    import pypdfium2 as pdfium

    sources = [Path(p).read_bytes() for p in paths]
    if not sources:
        folder = ROOT.parent / "shared" / "data" / "scans-dev"
        sources = [p.read_bytes() for p in sorted(folder.glob("*.pdf"))]
    if not sources:
        from integration.test_ocr_scans import notice_pdf, scan_of

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
    # floor and pipeline alternate document by document, so that a change in the machine's load hits both alike
    floor_cpu = floor_wall = pipe_cpu = pipe_wall = 0.0
    confidences = []
    images: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, data in enumerate(pdfs):
            doc = pdfium.PdfDocument(data)
            paths = []
            for i in range(len(doc)):
                path = Path(tmp) / f"doc{k}-page{i}.png"
                render_page(doc, i, dpi).save(path, compress_level=1)
                paths.append(path)
            images.extend(paths)
            c0, w0 = cpu(), time.perf_counter()
            for path in paths:
                subprocess.run(["tesseract", str(path), "stdout", "-l", "vie"], env=env, check=True,
                               capture_output=True)
            floor_cpu, floor_wall = floor_cpu + cpu() - c0, floor_wall + time.perf_counter() - w0
            c0, w0 = cpu(), time.perf_counter()
            confidences.append(ocr_pdf(data, dpi=dpi).confidence)
            pipe_cpu, pipe_wall = pipe_cpu + cpu() - c0, pipe_wall + time.perf_counter() - w0
    n = len(images)
    print(f"{len(pdfs)} documents, {n} pages at {dpi} dpi, one core each")
    print(f"bare tesseract (floor): {floor_cpu / n:.2f} s/page/core (wall {floor_wall / n:.2f} s/page)")
    print(f"vanban OCR pipeline:    {pipe_cpu / n:.2f} s/page/core (wall {pipe_wall / n:.2f} s/page), "
          f"mean confidence {sum(confidences) / len(confidences):.2f}")
    print(f"ratio pipeline/floor:   {pipe_cpu / floor_cpu:.2f}× (target ≤ 1.2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
