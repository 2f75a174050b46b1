#!/usr/bin/env python3
"""Does the fast PDF reader give the same text as pdfminer alone? corpus-2025 rendered to PDF, both ways.

Each text of ../shared/data/corpus-2025 (or --texts DIR) becomes a PDF (tests/fixtures/builders.make_pdf_from_text:
the header table, justified hard-wrapped body, many pages); the PDF is read by pdfminer.six alone and by the fast
reader (pdfminer for the first page, PDFium's text layer for the other pages where it gives the same text, pdfminer
where it might not). Prints how many documents come out identical, the pages each reader took, the time each way,
and the first difference of any document that differs. Prints figures; asserts nothing.

    python scripts/check_pdf_fast.py [--texts DIR] [--limit N]
"""
from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", default=str(ROOT.parent / "shared" / "data" / "corpus-2025"))
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    from fixtures.builders import make_pdf_from_text

    from services.ingest.parsers.pdf import extract_pdf
    from services.ingest.parsers.pdf_fast import read_pdf_pages_fast

    files = sorted(Path(args.texts).glob("*.txt"))[: args.limit or None]
    if not files:
        print(f"no texts at {args.texts}", file=sys.stderr)
        return 2
    same = pages = fast_pages = 0
    t_slow = t_fast = 0.0
    diffs: list[tuple[str, str]] = []
    for f in files:
        pdf = make_pdf_from_text(f.read_text(encoding="utf-8"))
        t = time.perf_counter()
        slow = extract_pdf(pdf, fast=False)
        t_slow += time.perf_counter() - t
        t = time.perf_counter()
        fast = extract_pdf(pdf, fast=True)
        t_fast += time.perf_counter() - t
        _, n_fast = read_pdf_pages_fast(pdf)
        pages += slow.pages
        fast_pages += n_fast
        if slow.text == fast.text:
            same += 1
        else:
            diff = "\n".join(list(difflib.unified_diff(slow.text.splitlines(), fast.text.splitlines(), "pdfminer",
                                                       "fast", n=0, lineterm=""))[2:8])
            diffs.append((f.name, diff))
    print(f"{len(files)} documents, {pages} pages: identical text {same}/{len(files)}; "
          f"PDFium read {fast_pages} pages, pdfminer {pages - fast_pages}")
    print(f"pdfminer alone {pages / t_slow:.0f} pages/s; fast reader {pages / t_fast:.0f} pages/s "
          f"({t_slow / t_fast:.1f}× faster)")
    for name, diff in diffs[:5]:
        print(f"--- {name}\n{diff}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
