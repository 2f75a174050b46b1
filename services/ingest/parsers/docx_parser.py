"""DOCX text extraction: body paragraphs and tables in document order, headers/footers, legacy fonts converted.

The zip container is checked first (member count, declared sizes, compression ratios) and the XML parts are
decompressed by us with a cap (media is never decompressed). The package is then read from those parts as python-docx
reads it — the main document found through the package relationships and checked by its content type, every part it
reaches present and typed, the parts python-docx parses parsed by the same lxml parser (blank text removed, no
entities) — without re-zipping the parts and opening them again (`_Package`: the same elements, the same errors).
"""
from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from services.vntext import convert_legacy, font_encoding

from . import _errors
from .sniff import MAX_ZIP_MEMBERS, zip_declared_entries

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

# the tags compared in the walks, built once (an f-string is formatted again at every evaluation)
_MC_AlternateContent = f"{MC}AlternateContent"
_MC_Choice = f"{MC}Choice"
_MC_Fallback = f"{MC}Fallback"
_W_abstractNum = f"{W}abstractNum"
_W_abstractNumId = f"{W}abstractNumId"
_W_ascii = f"{W}ascii"
_W_basedOn = f"{W}basedOn"
_W_body = f"{W}body"
_W_br = f"{W}br"
_W_cr = f"{W}cr"
_W_cs = f"{W}cs"
_W_customXml = f"{W}customXml"
_W_default = f"{W}default"
_W_del = f"{W}del"
_W_drawing = f"{W}drawing"
_W_footerReference = f"{W}footerReference"
_W_hAnsi = f"{W}hAnsi"
_W_headerReference = f"{W}headerReference"
_W_ilvl = f"{W}ilvl"
_W_ins = f"{W}ins"
_W_lvl = f"{W}lvl"
_W_lvlOverride = f"{W}lvlOverride"
_W_lvlText = f"{W}lvlText"
_W_moveFrom = f"{W}moveFrom"
_W_moveTo = f"{W}moveTo"
_W_noBreakHyphen = f"{W}noBreakHyphen"
_W_num = f"{W}num"
_W_numFmt = f"{W}numFmt"
_W_numId = f"{W}numId"
_W_numPr = f"{W}numPr"
_W_object = f"{W}object"
_W_p = f"{W}p"
_W_pPr = f"{W}pPr"
_W_pStyle = f"{W}pStyle"
_W_pict = f"{W}pict"
_W_ptab = f"{W}ptab"
_W_r = f"{W}r"
_W_rFonts = f"{W}rFonts"
_W_rPr = f"{W}rPr"
_W_rStyle = f"{W}rStyle"
_W_sdt = f"{W}sdt"
_W_sdtContent = f"{W}sdtContent"
_W_sectPr = f"{W}sectPr"
_W_start = f"{W}start"
_W_startOverride = f"{W}startOverride"
_W_style = f"{W}style"
_W_styleId = f"{W}styleId"
_W_t = f"{W}t"
_W_tab = f"{W}tab"
_W_tbl = f"{W}tbl"
_W_tc = f"{W}tc"
_W_tr = f"{W}tr"
_W_txbxContent = f"{W}txbxContent"
_W_type = f"{W}type"
_W_val = f"{W}val"
_W_vanish = f"{W}vanish"

# zip safety limits
MAX_MEMBERS = MAX_ZIP_MEMBERS
MAX_TOTAL_UNCOMPRESSED = 512 * 1024 * 1024  # declared, all members
MAX_XML_UNCOMPRESSED = 256 * 1024 * 1024  # actually decompressed, XML parts
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_MIN_SIZE
RATIO_MIN_SIZE = 4 * 1024 * 1024

_MAIN_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAIN_CTS = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*</(?:\w+:)?Pages>")
_WORDS = re.compile(rb"<(?:\w+:)?Words>\s*(\d+)\s*</(?:\w+:)?Words>")


@dataclass
class DocxResult:
    text: str
    pages: int | None
    encoding: str | None
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- zip checks


def check_zip(zf: zipfile.ZipFile) -> None:
    """Reject zip bombs from the central directory alone: too many members, huge declared sizes, extreme ratios."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _errors.zip_bomb(detail=f"{len(infos)} members")
    if any(info.flag_bits & 0x1 for info in infos):
        raise _errors.encrypted_docx()
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _errors.zip_bomb(
                detail=f"{info.filename}: {info.file_size} bytes from {info.compress_size} (ratio > {MAX_RATIO})"
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _errors.zip_bomb(detail=f"declared uncompressed total {total} bytes")


def _is_xml_part(name: str) -> bool:
    low = name.lower()
    return low.endswith((".xml", ".rels")) or low == "[content_types].xml"


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Decompress one member, never producing more than its declared size or the remaining budget."""
    limit = min(info.file_size, budget)
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 16)
            if not chunk:
                break
            out += chunk
            if len(out) > limit:
                raise _errors.zip_bomb(detail=f"{info.filename}: expands beyond {limit} bytes")
    return bytes(out)


def safe_package(data: bytes) -> tuple[dict[str, bytes], bytes]:
    """Check and decompress the DOCX's XML parts; return them and a rebuilt (stored, media-free) package."""
    parts = read_parts(data)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for name, blob in parts.items():
            out.writestr(name, blob)
    return parts, buf.getvalue()


def read_parts(data: bytes) -> dict[str, bytes]:
    """Check the DOCX's zip and decompress its XML parts (capped); media, fonts and embeddings are named, not read."""
    declared = zip_declared_entries(data)
    if declared is not None and declared > MAX_MEMBERS:
        raise _errors.zip_bomb(detail=f"{declared} members declared")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, UnicodeDecodeError) as exc:
        raise _errors.corrupt_docx(detail=f"zip: {exc}") from exc
    with zf:
        check_zip(zf)
        parts: dict[str, bytes] = {}
        budget = MAX_XML_UNCOMPRESSED
        try:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                if not _is_xml_part(info.filename):
                    parts[info.filename] = b""  # media, fonts, embeddings: not needed for text
                    continue
                blob = _read_capped(zf, info, budget)
                budget -= len(blob)
                if _DTD.search(blob[:65536]):
                    raise _errors.corrupt_docx(detail=f"{info.filename}: DTD/entity declarations are not allowed")
                parts[info.filename] = blob
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error) as exc:
            raise _errors.corrupt_docx(detail=f"zip member: {exc}") from exc
    if "[Content_Types].xml" not in parts:
        raise _errors.corrupt_docx(detail="no [Content_Types].xml: not an OOXML package")
    ct = parts.get("[Content_Types].xml", b"")
    for other in _OTHER_MAIN_CTS:
        ct = ct.replace(other, _MAIN_CT)
    if ct:
        parts["[Content_Types].xml"] = ct
    return parts


# ---------------------------------------------------------------- fonts


def _rfonts_name(rpr: Any) -> str | None:
    if rpr is None:
        return None
    rf = rpr.find(_W_rFonts)
    if rf is None:
        return None
    # non-ASCII characters (where legacy fonts put their letters) use hAnsi; then ascii
    name = rf.get(_W_hAnsi) or rf.get(_W_ascii) or rf.get(_W_cs)
    return str(name) if name else None


class _Styles:
    """Font names of styles, resolved through basedOn, and the document default font."""

    def __init__(self, styles_el: Any) -> None:
        self.based_on: dict[str, str] = {}
        self.own_font: dict[str, str] = {}
        self.own_num: dict[str, tuple[str, int]] = {}
        self.para_style_run: dict[str, str] = {}
        self.default_para: str | None = None
        self.default_font: str | None = None
        self._cache: dict[str, str | None] = {}
        if styles_el is None:
            return
        defaults = styles_el.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_font = _rfonts_name(defaults)
        for st in styles_el.findall(_W_style):
            sid = st.get(_W_styleId)
            if not sid:
                continue
            based = st.find(_W_basedOn)
            if based is not None and based.get(_W_val):
                self.based_on[sid] = based.get(_W_val)
            name = _rfonts_name(st.find(_W_rPr))
            if name:
                self.own_font[sid] = name
            if st.get(_W_type) == "paragraph" and st.get(_W_default) in ("1", "true", "on"):
                self.default_para = sid
            num_pr = st.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                nid = num_pr.find(_W_numId)
                lvl = num_pr.find(_W_ilvl)
                if nid is not None:
                    self.own_num[sid] = (str(nid.get(_W_val)), int(lvl.get(_W_val) or 0) if lvl is not None else 0)

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph style gives its paragraphs, through basedOn."""
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.own_num:
                return self.own_num[sid]
            sid = self.based_on.get(sid)
        return None

    def font(self, style_id: str | None) -> str | None:
        if not style_id:
            return None
        if style_id in self._cache:
            return self._cache[style_id]
        seen: set[str] = set()
        sid: str | None = style_id
        found: str | None = None
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.own_font:
                found = self.own_font[sid]
                break
            sid = self.based_on.get(sid)
        self._cache[style_id] = found
        return found


# ---------------------------------------------------------------- list numbering


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                       (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Labels of automatically numbered paragraphs ("1.", "a)", "II.", "-"), which are not in the run text."""

    def __init__(self, numbering_el: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId -> ilvl -> (start, fmt, text)
        self.num_abstract: dict[str, str] = {}
        self.restart: set[str] = set()
        self.start_override: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int | None]] = {}
        if numbering_el is None:
            return
        for ab in numbering_el.findall(_W_abstractNum):
            aid = str(ab.get(_W_abstractNumId))
            lv: dict[int, tuple[int, str, str]] = {}
            for lvl in ab.findall(_W_lvl):
                ilvl = int(lvl.get(_W_ilvl) or 0)
                start = lvl.find(_W_start)
                fmt = lvl.find(_W_numFmt)
                text = lvl.find(_W_lvlText)
                lv[ilvl] = (
                    int(start.get(_W_val) or 1) if start is not None else 1,
                    str(fmt.get(_W_val)) if fmt is not None else "decimal",
                    str(text.get(_W_val) or "") if text is not None else "",
                )
            self.levels[aid] = lv
        for num in numbering_el.findall(_W_num):
            nid = str(num.get(_W_numId))
            ab_ref = num.find(_W_abstractNumId)
            if ab_ref is not None:
                self.num_abstract[nid] = str(ab_ref.get(_W_val))
            for ov in num.findall(_W_lvlOverride):
                so = ov.find(_W_startOverride)
                if so is not None:
                    self.restart.add(nid)
                    self.start_override[(nid, int(ov.get(_W_ilvl) or 0))] = int(so.get(_W_val) or 1)

    def label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_abstract.get(num_id)
        if aid is None or num_id == "0":
            return ""
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        key = num_id if num_id in self.restart else aid
        counters = self.counters.setdefault(key, [None] * 10)
        ilvl = min(ilvl, 9)

        def start_of(level: int) -> int:
            return self.start_override.get((num_id, level), levels.get(level, (1, "decimal", ""))[0])

        current = counters[ilvl]
        counters[ilvl] = start_of(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        start, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return text if text in ("-", "+", "–", "•", "*", "o") else "-"

        def sub(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            value = counters[level] if 0 <= level < 10 and counters[level] is not None else start_of(level)
            lvl_fmt = levels.get(level, (1, "decimal", ""))[1]
            return format_number(int(value or 1), lvl_fmt)

        return re.sub(r"%(\d)", sub, text)


# ---------------------------------------------------------------- text walk


class _Extractor:
    def __init__(self, styles: _Styles, numbering: _Numbering | None = None) -> None:
        self.styles = styles
        self.numbering = numbering or _Numbering(None)
        self.font_encoding = font_encoding
        self.convert: Callable[[str, str], str] | None = convert_legacy
        self.enc_cache: dict[str | None, str | None] = {}
        self.converted: Counter[str] = Counter()
        self.legacy_fonts: Counter[str] = Counter()
        self.unconverted = 0

    def encoding_of(self, font: str | None) -> str | None:
        if font not in self.enc_cache:
            try:
                self.enc_cache[font] = self.font_encoding(font) if font else None
            except Exception:  # a colleague's function must not break parsing
                self.enc_cache[font] = None
        return self.enc_cache[font]

    # blocks ---------------------------------------------------------------
    def blocks(self, container: Any) -> list[str]:
        """Lines of a body / cell / header: paragraphs and tables in document order."""
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == _W_p:
                text, extra = self.paragraph(child)
                lines.append(text)
                lines.extend(extra)
            elif tag == _W_tbl:
                lines.extend(self.table(child))
            elif tag in (_W_sdt, _W_customXml):
                content = child.find(_W_sdtContent) if tag == _W_sdt else child
                if content is not None:
                    lines.extend(self.blocks(content))
            elif tag == _MC_AlternateContent:
                choice = child.find(_MC_Choice)
                if choice is not None:
                    lines.extend(self.blocks(choice))
            elif tag in (_W_ins, _W_moveTo):
                lines.extend(self.blocks(child))
        return lines

    def table(self, tbl: Any) -> list[str]:
        """A table row by row: a row of one-line cells as cells joined by tabs, otherwise cell after cell,
        each cell's paragraphs on their own lines (keeps a two-column header's columns readable)."""
        lines: list[str] = []
        for tr in self._rows(tbl):
            cells = [self._cell_lines(tc) for tc in self._cells(tr)]
            cells = [[ln for ln in c if ln.strip()] for c in cells]
            if all(len(c) <= 1 for c in cells):
                row = "\t".join(c[0].strip() if c else "" for c in cells).strip("\t")
                if row.strip():
                    lines.append(row)
            else:
                for c in cells:
                    lines.extend(c)
                    # a blank line ends each cell: the next cell (a task table's unit or time column) is not read
                    # as the wrapped end of this one
                    lines.append("")
        lines.append("")
        return lines

    def _children(self, parent: Any, tag: str) -> Iterable[Any]:
        """The ``tag`` children of a table or row, also those wrapped in content controls (sdt, customXml)."""
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag in (_W_sdt, _W_customXml):
                content = child.find(_W_sdtContent) if child.tag == _W_sdt else child
                if content is not None:
                    yield from self._children(content, tag)

    def _rows(self, tbl: Any) -> Iterable[Any]:
        return self._children(tbl, _W_tr)

    def _cells(self, tr: Any) -> Iterable[Any]:
        return self._children(tr, _W_tc)

    def _cell_lines(self, tc: Any) -> list[str]:
        out: list[str] = []
        for ln in self.blocks(tc):
            out.extend(ln.split("\n"))
        return out

    # paragraphs -----------------------------------------------------------
    def paragraph(self, p: Any) -> tuple[str, list[str]]:
        ppr = p.find(_W_pPr)
        pstyle = None
        if ppr is not None:
            ps = ppr.find(_W_pStyle)
            if ps is not None:
                pstyle = ps.get(_W_val)
        para_font = self.styles.font(pstyle or self.styles.default_para) or self.styles.default_font
        segments: list[tuple[str, str | None]] = []
        extra: list[str] = []
        self._walk_inline(p, para_font, segments, extra)
        text = self._join(segments)
        numbered = self._num_pr(ppr, pstyle)
        if numbered is not None and text.strip():
            label = self.numbering.label(*numbered)
            if label:
                text = f"{label} {text.lstrip()}"
        return text, extra

    def _num_pr(self, ppr: Any, pstyle: str | None) -> tuple[str, int] | None:
        num_pr = ppr.find(_W_numPr) if ppr is not None else None
        style_num = self.styles.numbering(pstyle) if pstyle else None
        if num_pr is None:
            return style_num
        nid = num_pr.find(_W_numId)
        lvl = num_pr.find(_W_ilvl)
        num_id = str(nid.get(_W_val)) if nid is not None else (style_num[0] if style_num else None)
        ilvl = int(lvl.get(_W_val) or 0) if lvl is not None else (style_num[1] if style_num else 0)
        if not num_id or num_id == "0":
            return None
        return num_id, ilvl

    def _walk_inline(self, el: Any, para_font: str | None, segments: list[tuple[str, str | None]], extra: list[str]) -> None:
        for child in el:
            tag = child.tag
            if tag == _W_r:
                self._run(child, para_font, segments, extra)
            elif tag in (_W_pPr, _W_rPr, _W_del, _W_moveFrom, _W_sectPr):
                continue
            elif tag == _MC_AlternateContent:
                choice = child.find(_MC_Choice)
                if choice is not None:
                    self._walk_inline(choice, para_font, segments, extra)
            elif tag == _W_txbxContent:
                extra.extend(self.blocks(child))
            elif isinstance(tag, str):
                self._walk_inline(child, para_font, segments, extra)

    def _run(self, r: Any, para_font: str | None, segments: list[tuple[str, str | None]], extra: list[str]) -> None:
        rpr = r.find(_W_rPr)
        if rpr is not None:
            vanish = rpr.find(_W_vanish)
            if vanish is not None and vanish.get(_W_val) not in ("0", "false", "off"):
                return  # hidden text
        font = _rfonts_name(rpr)
        if font is None and rpr is not None:
            rs = rpr.find(_W_rStyle)
            if rs is not None:
                font = self.styles.font(rs.get(_W_val))
        font = font or para_font
        enc = self.encoding_of(font)
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _W_t:
                parts.append(child.text or "")
            elif tag == _W_tab or tag == _W_ptab:
                parts.append("\t")
            elif tag in (_W_br, _W_cr):
                parts.append("\n")
            elif tag == _W_noBreakHyphen:
                parts.append("-")
            elif tag in (_W_drawing, _W_pict, _MC_AlternateContent, _W_object):
                for tx in child.iter(_W_txbxContent):
                    if any(a.tag == _MC_Fallback for a in tx.iterancestors()):
                        continue
                    extra.extend(self.blocks(tx))
        text = "".join(parts)
        if text:
            if enc:
                self.legacy_fonts[font or ""] += 1
            segments.append((text, enc))

    def _join(self, segments: list[tuple[str, str | None]]) -> str:
        out: list[str] = []
        i = 0
        while i < len(segments):
            text, enc = segments[i]
            j = i + 1
            while j < len(segments) and segments[j][1] == enc:
                text += segments[j][0]
                j += 1
            if enc:
                if self.convert is not None:
                    try:
                        text = self.convert(text, enc)
                        self.converted[enc] += len(text)
                    except Exception:
                        self.unconverted += 1
                else:
                    self.unconverted += 1
            out.append(text)
            i = j
        return "".join(out)


def _header_footer_parts(document: _Package) -> tuple[list[Any], list[Any]]:
    """The header and footer parts the sections name (each once, in the order the sections name them)."""
    headers: list[Any] = []
    footers: list[Any] = []
    seen: set[str] = set()
    body = document.body
    if body is None:
        return headers, footers
    for sect in body.iter(_W_sectPr):
        for ref in sect:
            if ref.tag not in (_W_headerReference, _W_footerReference):
                continue
            rid = ref.get(R_ID)
            partname = document.related(rid) if rid else None
            if partname is None or partname in seen:
                continue
            seen.add(partname)
            (headers if ref.tag == _W_headerReference else footers).append(document.element(partname))
    return headers, footers


# ---------------------------------------------------------------- the package, read as python-docx reads it

_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# the content types of the parts python-docx parses as it opens a package (docx/__init__.py: its XmlPart classes)
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_PARSED_CTS = frozenset({
    "application/vnd.openxmlformats-package.core-properties+xml", f"{_CT}comments+xml", _MAIN_CT.decode(),
    f"{_CT}footer+xml", f"{_CT}header+xml", f"{_CT}numbering+xml", f"{_CT}settings+xml", f"{_CT}styles+xml",
})
_XML_PARSER: Any = None


def _parse_xml(blob: bytes) -> Any:
    """python-docx's parser (docx.oxml.parser.oxml_parser): blank text removed, entities never resolved."""
    global _XML_PARSER  # noqa: PLW0603
    from lxml import etree

    if _XML_PARSER is None:
        _XML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return etree.fromstring(blob, _XML_PARSER)


# --- styles parts, read once per distinct content ---------------------------------------------------------------
# An office's files come from a few templates whose styles part (tens to hundreds of KB: every latent style) is the
# same bytes from file to file; parsing it and reading its fonts was half the time of a DOCX's parse. What one styles
# part gives is kept by a digest of its bytes: the same bytes give the same parsed element (read only, never changed
# by the reader) and the same `_Styles`; bytes that fail to parse are parsed again each time and fail the same way.
_STYLES_CT = f"{_CT}styles+xml"
STYLES_KEPT = 8  # an office's templates; a parsed styles part is a few MB at most
_styles_lock = threading.Lock()
_styles_parsed: OrderedDict[bytes, Any] = OrderedDict()  # digest of a styles part → its element
_styles_read: dict[int, tuple[Any, _Styles]] = {}  # id() of a kept element → (the element, its _Styles)


def _parse_styles(blob: bytes) -> Any:
    """`_parse_xml` of a styles part, kept by the digest of its bytes (the last STYLES_KEPT distinct ones)."""
    digest = hashlib.blake2b(blob, digest_size=16).digest()
    with _styles_lock:
        element = _styles_parsed.get(digest)
        if element is not None:
            _styles_parsed.move_to_end(digest)
            return element
    element = _parse_xml(blob)  # raises as python-docx would, nothing kept
    with _styles_lock:
        _styles_parsed[digest] = element
        while len(_styles_parsed) > STYLES_KEPT:
            _, old = _styles_parsed.popitem(last=False)
            _styles_read.pop(id(old), None)
    return element


def _styles_of(element: Any) -> _Styles:
    """`_Styles(element)`, built once for an element `_parse_styles` keeps (its font memo is shared: the same
    answers); a `_Styles` that raises is not kept."""
    with _styles_lock:
        found = _styles_read.get(id(element))
        if found is not None and found[0] is element:
            return found[1]
    styles = _Styles(element)
    with _styles_lock:
        if element is not None and any(e is element for e in _styles_parsed.values()):
            _styles_read[id(element)] = (element, styles)
    return styles


def _ext(partname: str) -> str:
    """'/word/document.xml' → 'xml' (lower case), as python-docx's PackURI.ext is looked up."""
    import posixpath

    return posixpath.splitext(partname)[1].lstrip(".").lower()


def _rels_name(partname: str) -> str:
    """'/word/document.xml' → 'word/_rels/document.xml.rels'; the package ('/') → '_rels/.rels'."""
    folder, _, name = partname.rpartition("/")
    return f"{folder}/_rels/{name}.rels".lstrip("/")


class _Package:
    """The package python-docx would open from these parts (docx.Document): its relationships walked from the package
    down (every internal target present, with a content type from [Content_Types].xml, as python-docx loads it), the
    parts python-docx parses parsed, the main document's content type checked. Raises KeyError / ValueError where
    python-docx raises them, so that a broken package is the same `corrupt_docx`."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        import posixpath

        self._parts = parts
        types = _parse_xml(parts["[Content_Types].xml"])
        defaults = {(d.get("Extension") or "").lower(): d.get("ContentType") for d in types.iter(f"{_CT_NS}Default")}
        overrides = {(o.get("PartName") or "").lower(): o.get("ContentType") for o in types.iter(f"{_CT_NS}Override")}
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}  # partname → rId → (type, target partname)
        self._elements: dict[str, Any] = {}
        todo = ["/"]
        while todo:
            source = todo.pop()
            rels: dict[str, tuple[str, str]] = {}
            blob = parts.get(_rels_name(source))
            if blob:
                base = "/" if source == "/" else posixpath.dirname(source)
                for rel in _parse_xml(blob).iter(f"{_RELS_NS}Relationship"):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = posixpath.normpath(posixpath.join(base, rel.get("Target") or ""))
                    target = "/" + target.lstrip("/")
                    rels[rel.get("Id") or ""] = (rel.get("Type") or "", target)
            self._rels[source] = rels
            for _kind, target in rels.values():
                if target in self._rels or target in todo:
                    continue
                if target[1:] not in parts:
                    raise KeyError(f"There is no item named '{target[1:]}' in the archive")
                content_type = overrides.get(target.lower()) or defaults.get(_ext(target))
                if content_type is None:
                    raise KeyError(f"no content type for partname '{target}' in [Content_Types].xml")
                if content_type == _STYLES_CT:
                    self._elements[target] = _parse_styles(parts[target[1:]])
                elif content_type in _PARSED_CTS:
                    self._elements[target] = _parse_xml(parts[target[1:]])
                todo.append(target)
        main = next((t for kind, t in self._rels["/"].values() if kind == f"{_RT}officeDocument"), None)
        if main is None:
            raise KeyError("no relationship of type 'officeDocument' in collection")
        content_type = overrides.get(main.lower()) or defaults.get(_ext(main))
        if content_type != _MAIN_CT.decode():
            raise ValueError(f"file is not a Word file, content type is '{content_type}'")
        self._main = main
        self.body = self._elements[main].find(_W_body)
        styles = self._related_by(f"{_RT}styles")
        if styles is None:  # python-docx then uses its default styles part
            from docx.parts.styles import StylesPart

            self.styles = _parse_styles(StylesPart._default_styles_xml())  # noqa: SLF001
        else:
            self.styles = self._elements.get(styles)
        numbering = self._related_by(f"{_RT}numbering")
        self.numbering = self._elements.get(numbering) if numbering else None

    def _related_by(self, kind: str) -> str | None:
        return next((t for k, t in self._rels[self._main].values() if k == kind), None)

    def related(self, rid: str) -> str | None:
        """The part the main document names `rid` (None: no such relationship)."""
        found = self._rels[self._main].get(rid)
        return found[1] if found else None

    def element(self, partname: str) -> Any:
        element = self._elements.get(partname)
        if element is None:  # a part of another type named by a header reference: python-docx loads it as XML
            element = self._elements[partname] = _parse_xml(self._parts[partname[1:]])
        return element


def extract_docx(data: bytes) -> DocxResult:
    """Text of a DOCX (see the module docstring). Raises IngestError zip_bomb / corrupt_docx."""
    parts = read_parts(data)
    try:
        try:
            document = _Package(parts)
        except (KeyError, ValueError, AttributeError, TypeError) as exc:
            raise _errors.corrupt_docx(detail=f"python-docx: {exc}") from exc
        except Exception as exc:  # lxml XMLSyntaxError and friends
            raise _errors.corrupt_docx(detail=f"python-docx: {type(exc).__name__}: {exc}") from exc

        ex = _Extractor(_styles_of(document.styles), _Numbering(document.numbering))
        headers, footers = _header_footer_parts(document)
        head_lines: list[str] = []
        seen_text: set[str] = set()
        for element in headers:
            block = "\n".join(ex.blocks(element)).strip()
            if block and block not in seen_text:
                seen_text.add(block)
                head_lines.append(block)
        foot_lines: list[str] = []
        for element in footers:
            block = "\n".join(ex.blocks(element)).strip()
            if block and block not in seen_text:
                seen_text.add(block)
                foot_lines.append(block)
        body = ex.blocks(document.body)
    except _errors.IngestError:
        raise
    except Exception as exc:
        raise _errors.corrupt_docx(detail=f"{type(exc).__name__}: {exc}") from exc

    chunks = []
    if head_lines:
        chunks.append("\n".join(head_lines))
    chunks.append("\n".join(body))
    if foot_lines:
        chunks.append("\n".join(foot_lines))
    text = "\n\n".join(chunks)

    warnings: list[str] = []
    encoding: str | None = None
    if ex.converted:
        # report the encoding family: "tcvn3h" (capitals fonts such as .VnTimeH) is TCVN3
        encoding = ex.converted.most_common(1)[0][0]
        encoding = "tcvn3" if encoding.startswith("tcvn3") else encoding
        fonts = ", ".join(sorted(f for f in ex.legacy_fonts if f))
        warnings.append(f"Đã chuyển văn bản dùng phông chữ cũ ({fonts}; bảng mã {encoding.upper()}) sang Unicode.")
    if ex.unconverted:
        warnings.append("Có đoạn dùng phông chữ cũ (TCVN3/VNI) chưa chuyển được sang Unicode.")
    pages = None
    app = parts.get("docProps/app.xml")
    if app:
        m = _PAGES.search(app)
        words = _WORDS.search(app)
        # Word keeps <Pages> up to date; generators copy a template's stale "1 page, 0 words": ignore that
        stale = words is not None and int(words.group(1)) == 0 and len(text.split()) > 50
        if m and int(m.group(1)) > 0 and not stale:
            pages = int(m.group(1))
    if pages is None:
        pages = estimate_pages(parts.get("word/document.xml", b""), text)
    return DocxResult(text=text, pages=pages, encoding=encoding, warnings=warnings)


# an A4 page in the official layout (13-14 pt Times New Roman, margins 3/2 cm): ~90 characters a line, ~32 lines
CHARS_PER_LINE = 90
LINES_PER_PAGE = 32


def estimate_pages(document_xml: bytes, text: str) -> int:
    """Pages when Word did not record them: the page breaks Word rendered last time (lastRenderedPageBreak) plus
    explicit page breaks, else the paragraphs laid out at CHARS_PER_LINE and LINES_PER_PAGE."""
    rendered = document_xml.count(b"<w:lastRenderedPageBreak/>")
    explicit = len(re.findall(rb'<w:br [^>]*w:type="page"', document_xml))
    if rendered or explicit:
        return rendered + explicit + 1
    lines = sum(max(1, -(-len(p) // CHARS_PER_LINE)) for p in text.split("\n"))
    return max(1, -(-lines // LINES_PER_PAGE))
