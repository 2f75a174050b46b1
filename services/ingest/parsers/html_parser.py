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
        return codecs.lookup(m.group(1).decode("ascii", "ignore")).name
    except LookupError:
        return None


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


class _Renderer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, s: str | None, pre: bool) -> None:
        if s:
            self.parts.append(s if pre else _WS.sub(" ", s))

    def walk(self, el: Any, pre: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment, processing instruction, entity
            return
        tag = tag.lower().split("}")[-1]
        if tag in DROP or _hidden(el):
            return
        is_pre = pre or tag in ("pre", "textarea", "listing", "plaintext")
        if tag == "br":
            self.parts.append("\n")
            return
        if tag in BLOCK:
            self.parts.append("\n")
        elif tag in CELL:
            self.parts.append("\t")
        self.text(el.text, is_pre)
        for child in el:
            self.walk(child, is_pre)
            self.text(child.tail, is_pre)
        if tag in BLOCK:
            self.parts.append("\n")

    def result(self) -> str:
        raw = "".join(self.parts)
        lines = []
        for line in raw.split("\n"):
            line = re.sub(r" *\t *", "\t", line).strip(" ").strip("\t").strip(" ")
            lines.append(line)
        # block boundaries and line breaks give one newline; blank lines carry no meaning in HTML
        return "\n".join(ln for ln in lines if ln).strip()


def extract_html(data: bytes) -> HtmlResult:
    """Visible text of an HTML page. Raises IngestError undecodable_text / empty_text."""
    import lxml.etree
    import lxml.html

    text, encoding, warnings = decode_html(data)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise _errors.empty_text("HTML")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise _errors.empty_text("HTML") from exc
    renderer = _Renderer()
    renderer.walk(root)
    return HtmlResult(renderer.result(), encoding, warnings)
