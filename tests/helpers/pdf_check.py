"""Render an exported DOCX with LibreOffice headless (the Debian package; deploy/local/tools.txt) and read the PDF's
text layout back with pdftotext -layout: what an office prints, checked as text."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


def require_tools() -> None:
    from tests_support import REQUIRE

    missing = [t for t in ("soffice", "pdftotext") if shutil.which(t) is None]
    if missing:
        if REQUIRE:
            pytest.fail(f"{', '.join(missing)} required (VANBAN_REQUIRE_SERVICES=1): deploy/local/tools.sh",
                        pytrace=False)
        pytest.skip(f"{', '.join(missing)} not installed (deploy/local/tools.txt)")


def to_pdf(files: dict[str, bytes], workdir: Path) -> dict[str, Path]:
    """Convert every file in one LibreOffice run (its own profile: safe beside other runs)."""
    require_tools()
    workdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        p = workdir / name
        p.write_bytes(data)
        paths.append(str(p))
    profile = (workdir / "lo-profile").resolve().as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(workdir), *paths], check=True, capture_output=True, timeout=180)
    out = {name: workdir / (Path(name).stem + ".pdf") for name in files}
    for name, pdf in out.items():
        assert pdf.exists() and pdf.stat().st_size > 0, name
    return out


def pdf_pages(pdf: Path, layout: bool = True) -> list[str]:
    """The pages' text: `layout` keeps the columns where they print; without it, each cell reads in order."""
    text = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"], check=True,
                          capture_output=True, timeout=60).stdout.decode("utf-8")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def docx_dates(doc: Any) -> list[str]:
    from helpers.docx_check import all_text

    return DATE.findall(all_text(doc))


def table_headers(doc: Any) -> list[str]:
    """The header-row texts of every bordered table (not the header or signature layout tables)."""
    out = []
    for t in doc.tables:
        if t.style is not None and t.style.name == "Table Grid":
            out += [c.text for c in t.rows[0].cells]
    return out


def grid_widths(doc: Any) -> list[list[int]]:
    from docx.oxml.ns import qn

    return [[int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))] for t in doc.tables]


def check_printed_layout(doc: Any, pdf: Path) -> list[str]:
    """No date split over two lines; every word of every table heading whole (each column at least as wide as its
    heading's longest word); real, unequal grid widths filling the 165 mm text width; page numbers from page 2.
    Returns the pages' text."""
    pages = pdf_pages(pdf)
    text = "\n".join(pdf_pages(pdf, layout=False))  # reading order: a word or date broken by a narrow column
    tokens = set(re.findall(r"[^\s]+", text))     # shows as two tokens on two lines
    # dates: as many whole dates in the print as in the document, and no broken ones at a line end
    assert len(DATE.findall(text)) >= len(docx_dates(doc)), (DATE.findall(text), docx_dates(doc))
    broken = [t for t in re.findall(r"[^\s()]+", text)
              if re.fullmatch(r"\d{1,2}/(\d{1,2}/?)?\d{0,3}|/?\d{1,4}", t) and "/" in t]
    assert not broken, broken  # a piece of a date: the rest went to the next line
    for heading in table_headers(doc):
        for word in heading.split():
            # a column narrower than its heading breaks a word over two lines (a glyph from a fallback font may
            # come out with a space inside the word: that is not a line break)
            pattern = " ?".join(re.escape(ch) for ch in word)
            assert word in tokens or re.search(rf"(?<!\S){pattern}(?!\S)", text), (heading, word)
    for widths in grid_widths(doc):
        assert abs(sum(widths) - round(165 / 25.4 * 1440)) <= len(widths), widths  # the A4 text width
        if len(widths) > 2:
            assert len(set(widths)) > 1, widths  # not python-docx's equal columns
    for n, page in enumerate(pages[1:], 2):
        first = next((ln.strip() for ln in page.splitlines() if ln.strip()), "")
        assert first == str(n), (n, first)
    return pages
