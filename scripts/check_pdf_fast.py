#!/usr/bin/env python3
"""Does the fast PDF reader give the same text as pdfminer alone? corpus-2025 rendered to PDF, both ways.

Each text of ../shared/data/corpus-2025 (or --texts DIR) becomes a PDF (tests/fixtures/builders.make_pdf_from_text:
the header table, justified hard-wrapped body, many pages), or with --libreoffice a DOCX (make_docx_from_text, set in
DejaVu Serif: this machine's Liberation Serif lacks the Vietnamese letters with two marks, and LibreOffice would set
them in a fallback font) rendered to PDF by LibreOffice (soffice --headless --convert-to pdf); --pdfs DIR reads PDFs
already made. Each PDF is read by pdfminer.six alone and by the fast reader (pdfminer for the first page, PDFium's
text layer for the other pages where it gives the same text, pdfminer where it might not, and for the whole document
where the page that checks the reader differs). Prints how many documents come out identical, the pages each reader
took, the time each way, and the first difference of any document that differs. Page by page too: each page's lines
as pdfminer alone reads them and as the fast reader gives them (who read it: PDFium, pdfminer, or pdfminer's top
band of the first page with PDFium below it), each laid out alone by the same code; prints how many pages differ, by
reader, and how (the first differing line of each, up to --show), and how each first page was read: pdfminer's top
band with the content stream interpreted only down to the band, the band with the whole stream measured (why not
stopped), or the whole page (why). Prints figures; asserts nothing.

    python scripts/check_pdf_fast.py [--texts DIR] [--limit N] [--libreoffice | --pdfs DIR]
"""
from __future__ import annotations

import argparse
import difflib
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _refont(docx: bytes, font: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(b"Times New Roman", font.encode())
            z.writestr(item, data)
    return out.getvalue()


def libreoffice_pdfs(files: list[Path], font: str = "DejaVu Serif") -> Iterator[tuple[str, bytes]]:
    from fixtures.builders import make_docx_from_text

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "docx", Path(tmp) / "pdf"
        src.mkdir()
        for f in files:
            (src / f"{f.stem}.docx").write_bytes(_refont(make_docx_from_text(f.read_text(encoding="utf-8")), font))
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", str(out), *sorted(str(p) for p in src.glob("*.docx"))],
                       check=True, capture_output=True, timeout=3600)
        for f in files:
            pdf = out / f"{f.stem}.pdf"
            if pdf.exists():
                yield f.name, pdf.read_bytes()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", default=str(ROOT.parent / "shared" / "data" / "corpus-2025"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--libreoffice", action="store_true", help="render the texts to PDF with LibreOffice")
    ap.add_argument("--pdfs", help="read the PDFs in this folder instead")
    ap.add_argument("--show", type=int, default=5, help="differences shown (documents, and pages)")
    args = ap.parse_args()
    from fixtures.builders import make_pdf_from_text

    from services.ingest.parsers.pdf import extract_pdf
    from services.ingest.parsers.pdf_parser import read_pdf_pages

    files = sorted(Path(args.texts).glob("*.txt"))[: args.limit or None]
    pdfs: Iterator[tuple[str, bytes]]
    if args.pdfs:
        found = sorted(Path(args.pdfs).glob("*.pdf"))[: args.limit or None]
        pdfs = ((p.name, p.read_bytes()) for p in found)
        if not found:
            print(f"no PDFs at {args.pdfs}", file=sys.stderr)
            return 2
    elif not files:
        print(f"no texts at {args.texts}", file=sys.stderr)
        return 2
    elif args.libreoffice:
        pdfs = libreoffice_pdfs(files)
    else:
        pdfs = ((f.name, make_pdf_from_text(f.read_text(encoding="utf-8"))) for f in files)
    routes: dict[str, int] = {}  # how the fast reader read each first page (first_page_route)
    same = pages = fast_pages = 0
    t_slow = t_fast = 0.0
    diffs: list[tuple[str, str]] = []
    by_page: dict[str, list[int]] = {}  # reader → [pages, pages differing]; "diffs" → the differences, as text
    n = 0
    for name, pdf in pdfs:
        n += 1
        t = time.perf_counter()
        slow = extract_pdf(pdf, fast=False)
        t_slow += time.perf_counter() - t
        t = time.perf_counter()
        fast = extract_pdf(pdf, fast=True)
        t_fast += time.perf_counter() - t
        route, (read_fast, n_fast) = first_page_route(pdf)
        routes[route] = routes.get(route, 0) + 1
        compare_pages(name, read_pdf_pages(pdf), read_fast, by_page)
        pages += slow.pages
        fast_pages += n_fast
        if slow.text == fast.text:
            same += 1
        else:
            diff = "\n".join(list(difflib.unified_diff(slow.text.splitlines(), fast.text.splitlines(), "pdfminer",
                                                       "fast", n=0, lineterm=""))[2:8])
            diffs.append((name, diff))
    print(f"{n} documents, {pages} pages: identical text {same}/{n}; "
          f"PDFium read {fast_pages} pages, pdfminer {pages - fast_pages}")
    print(f"pdfminer alone {pages / t_slow:.0f} pages/s; fast reader {pages / t_fast:.0f} pages/s "
          f"({t_slow / t_fast:.1f}× faster)")
    for name, diff in diffs[: args.show]:
        print(f"--- {name}\n{diff}")
    shown = by_page.pop("diffs", [])
    print("pages by reader (pages, of which differ from pdfminer alone): "
          + "; ".join(f"{who} {n}, {d} differ" for who, (n, d) in sorted(by_page.items())))
    for line in shown[: args.show]:
        print(line)
    print("first pages: " + "; ".join(f"{who} {k}" for who, k in sorted(routes.items(), key=lambda r: -r[1])))
    return 0


def first_page_route(pdf: bytes) -> tuple[str, object]:
    """read_pdf_pages_fast(pdf), and how it read the first page: pdfminer's top band with its stream interpreted only
    down to the band ("band, stopped"), the band with the whole stream measured (and why not stopped), or the whole
    page by pdfminer (and why)."""
    from services.ingest.parsers import pdf_fast

    seen: dict[str, object] = {}
    real_may, real_join, real_ok = pdf_fast._may_stop, pdf_fast._join_top, pdf_fast._stopped_band_ok

    def may(chars: object, cut: float, tallest: float) -> bool:
        ok = real_may(chars, cut, tallest)  # type: ignore[arg-type]
        seen["not stopped"] = "" if ok else ("an image or form on the page" if chars.figures  # type: ignore[attr-defined]
                                             else "a character at the cut")
        return ok

    def stopped_ok(read: object, head: object, cut: float, chars: object) -> object:
        gap = real_ok(read, head, cut, chars)  # type: ignore[arg-type]
        band = read.bands.get(0)  # type: ignore[attr-defined]
        if band is not None and band.stopped and gap is None:
            seen["refused"] = "stream left the band and came back" if band.clean else "cut not clean"
        return gap

    def join(read: object, head: object, cut: float, need: float, chars: object = None) -> bool:
        ok = real_join(read, head, cut, need, chars=chars)  # type: ignore[arg-type]
        band = read.bands.get(0)  # type: ignore[attr-defined]
        seen["join"] = (ok, bool(band is not None and band.stopped))
        return ok

    pdf_fast._may_stop, pdf_fast._join_top, pdf_fast._stopped_band_ok = may, join, stopped_ok  # type: ignore[assignment]
    try:
        result = pdf_fast.read_pdf_pages_fast(pdf)
    finally:
        pdf_fast._may_stop, pdf_fast._join_top, pdf_fast._stopped_band_ok = real_may, real_join, real_ok
    if "join" not in seen:
        return "whole page (no top band: one page, PDFium's lines unsure or too few, no gap for a cut)", result
    joined, stopped = seen["join"]  # type: ignore[misc]
    if joined:
        return ("band, stopped" if stopped else f"band, whole stream ({seen.get('not stopped')})"), result
    why = seen.get("refused") or "band's lines not pdfminer's, or gap too narrow"
    return f"whole page ({why})", result


def compare_pages(name: str, slow: object, fast: object, by_page: dict[str, list]) -> None:  # type: ignore[type-arg]
    """Each page of `fast` (read_pdf_pages_fast) against the same page of `slow` (pdfminer alone): the page's lines
    laid out alone (layout_text of that page only, on copies), counted by who read the page."""
    import copy

    from services.ingest.parsers.pdf_parser import layout_text

    for i, (mine, theirs) in enumerate(zip(fast.lines, slow.lines, strict=False)):  # type: ignore[attr-defined]
        from_pdfium = sum(1 for ln in mine if ln.box >= 1_000_000)  # PDFium's boxes are numbered from a million
        who = "pdfminer" if not from_pdfium else "PDFium" if from_pdfium == len(mine) else "top band + PDFium"
        a = layout_text([copy.deepcopy(theirs)])[0]
        b = layout_text([copy.deepcopy(mine)])[0]
        tally = by_page.setdefault(who, [0, 0])
        tally[0] += 1
        if a != b:
            tally[1] += 1
            la, lb = a.splitlines(), b.splitlines()
            first = next((k for k, (x, y) in enumerate(zip(la, lb, strict=False)) if x != y), min(len(la), len(lb)))
            got = (la[first: first + 1], lb[first: first + 1])
            by_page.setdefault("diffs", []).append(  # type: ignore[arg-type]
                f"--- {name} page {i + 1} ({who}), line {first + 1}: pdfminer {got[0]!r} | fast {got[1]!r}")


if __name__ == "__main__":
    sys.exit(main())
