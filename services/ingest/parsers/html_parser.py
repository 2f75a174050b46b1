"""HTML text extraction with lxml: scripts, styles, comments and hidden elements dropped; blocks become lines and
table cells tab-separated."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

from . import _errors
from .txt_parser import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_CELL_WS = re.compile(r" *\t[ \t]*")

DROP = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "canvas", "head", "title", "meta", "link", "base", "audio", "video", "source", "track", "map", "select",
    "button", "input", "textarea", "option", "datalist", "dialog",
}
BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
    "tr", "ul", "menu",
}
CELL = {"td", "th"}


@dataclass
class HtmlResult:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii", "ignore")).name
    except LookupError:
        return None
    return re.sub(r"^cp(125\d)$", r"windows-\1", name)  # the names the text decoder reports


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """Decode per BOM, then <meta charset>, then UTF-8, then the text decoder's legacy guesses."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        d = decode_text(data)
        return d.text, d.encoding, d.warnings
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, []
        except (UnicodeDecodeError, LookupError):
            pass
    d = decode_text(data)
    warn = list(d.warnings)
    if declared and d.encoding != declared:
        warn.append(f"Trang HTML khai báo bảng mã {declared} nhưng nội dung là {d.encoding}.")
    return d.text, d.encoding, warn


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None:
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def render(root: Any) -> str:
    """Visible text of a parsed tree: block elements on their own lines, table cells separated by tabs."""
    import lxml.etree

    parts: list[str] = []
    append = parts.append
    skip_depth = 0  # > 0 inside a dropped or hidden element
    pre_depth = 0
    ws = _WS.sub
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):
            if event == "end" and skip_depth == 0 and el.tail:  # a comment's or PI's tail is text
                append(el.tail if pre_depth else ws(" ", el.tail))
            continue
        tag = tag.lower()
        if event == "start":
            if skip_depth or tag in DROP or _hidden(el):
                skip_depth += 1
                continue
            if tag in ("pre", "listing", "plaintext"):
                pre_depth += 1
            if tag == "br":
                append("\n")
            elif tag in BLOCK:
                append("\n")
            elif tag in CELL:
                append("\t")
            if el.text:
                append(el.text if pre_depth else ws(" ", el.text))
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth:
                    continue
            else:
                if tag in BLOCK:
                    append("\n")
                if tag in ("pre", "listing", "plaintext"):
                    pre_depth -= 1
            if el.tail:
                append(el.tail if pre_depth else ws(" ", el.tail))
    lines = []
    for line in "".join(parts).split("\n"):
        line = _CELL_WS.sub("\t", line).strip(" \t")
        if line:
            lines.append(line)
    return "\n".join(lines)


def extract_html(data: bytes) -> HtmlResult:
    """Visible text of an HTML page. Raises IngestError undecodable_text / empty_text."""
    import lxml.etree

    text, encoding, warnings = decode_html(data)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise _errors.empty_text("HTML")
    parser = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml.etree.fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise _errors.empty_text("HTML") from exc
    if root is None:
        raise _errors.empty_text("HTML")
    return HtmlResult(render(root), encoding, warnings)
