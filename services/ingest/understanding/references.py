"""Document numbers (số, ký hiệu) and the documents a text cites.

A number and notation (Nghị định 30/2020/NĐ-CP, Điều 8; Luật Ban hành văn bản QPPL) looks like
"317/TB-UBND" (administrative), "87/2025/QĐ-UBND" (legal, with the year), "1234/UBND-KT" (công văn: no type
code) or "66-NQ/TW" (Party documents). Real texts break them over lines and put spaces around the dash or the
slash ("7475/VPCP- NN", "3783/QĐ-\\nUBND", "9476 /BNNMT-CNTY"); `clean_number` removes that whitespace.
"""
from __future__ import annotations

import re

from services.ingest.understanding.dates import iso_date
from services.ingest.understanding.doctypes import CODE_TO_TYPE, DOC_TYPES
from services.ingest.understanding.model import Reference
from services.vntext.fastre import guard_patterns

# One segment of the code: "QĐ", "UBND", "TTr", "V.I", "QH15", "BKHĐT".
_SEG = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:\.[A-Z0-9]+)*"
# A segment after a dash that is set apart by spaces must be in capitals ("VPCP- NN", "CTK - CSCL").
_CAPSEG = r"[A-ZĐ][A-ZĐ0-9]+(?:\.[A-Z0-9]+)*"
_DASH = r"[-\u2010-\u2015]"
_DASH_RE = re.compile(_DASH)
_NUM = r"\d{1,6}[a-z]?(?:\.\d{1,3})?"

NUMBER_PATTERN = (
    r"(?:(?<=số)|(?<=Số)|(?<![\w/.,:\-\u2010-\u2015]))"
    r"(?:"
    rf"{_NUM}(?:[ \t]?/[ \t]?(?:19|20)\d{{2}})?\s?/[ \t]?{_SEG}"
    rf"(?:{_DASH}{_SEG}|[ \t]?{_DASH}\s?{_CAPSEG}|[ \t]?&[ \t]?{_SEG})*(?:/{_CAPSEG}(?:{_DASH}{_SEG})*)?"
    r"|"
    rf"{_NUM}{_DASH}{_SEG}/{_SEG}(?:{_DASH}{_SEG})*"
    r")"
    r"(?!\w)"
)
_NUM_REST = r"\d{0,5}[a-z]?(?:\.\d{1,3})?"  # _NUM after its first digit
# NUMBER_PATTERN written to start with its first digit (the re module then skips straight to digits): the
# look-behinds move one character on, over that digit
NUMBER_RE = re.compile(
    r"\d(?:(?<=số\d)|(?<=Số\d)|(?<![\w/.,:\-\u2010-\u2015]\d))"
    r"(?:"
    rf"{_NUM_REST}(?:[ \t]?/[ \t]?(?:19|20)\d{{2}})?\s?/[ \t]?{_SEG}"
    rf"(?:{_DASH}{_SEG}|[ \t]?{_DASH}\s?{_CAPSEG}|[ \t]?&[ \t]?{_SEG})*(?:/{_CAPSEG}(?:{_DASH}{_SEG})*)?"
    r"|"
    rf"{_NUM_REST}{_DASH}{_SEG}/{_SEG}(?:{_DASH}{_SEG})*"
    r")"
    r"(?!\w)"
)

_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:được\s+)?(?:ban\s+hành\s+)?ngày\s*(\d{1,2})\s*(?:[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
    r"|tháng\s*(\d{1,2})\s*năm\s*(\d{4}))"
)

# Type names as they are written before a number in running text ("Căn cứ Nghị định số …").
_TYPE_WORDS = sorted({name for name, _ in DOC_TYPES} | {"Văn bản"}, key=len, reverse=True)
_TYPE_BEFORE = re.compile(
    r"(?i)(" + "|".join(re.escape(t) for t in _TYPE_WORDS) + r")(?:\s+[\w()]+){0,3}?\s*(?:số|số hiệu)?\s*:?\s*$"
)


_FORM_BEFORE = re.compile(r"(?i)(?:mẫu|biểu|tờ\s+khai|mã|phụ\s+lục|ký\s+hiệu\s+mẫu)(?:\s+số)?\s*:?\s*$")
# searched along a window before every number: a first-character test in front, the same matches
guard_patterns(globals(), ("_TYPE_BEFORE", "_FORM_BEFORE"))


def clean_number(raw: str) -> str:
    """The number as written, without the whitespace that line breaks and sloppy typing put inside it."""
    return _SPACES.sub("", raw)


def number_key(number: str) -> str:
    """Comparison key: no whitespace, en/em dashes as '-', upper case."""
    return _DASH_RE.sub("-", clean_number(number)).upper()


def code_segments(number: str) -> list[str]:
    """'87/2025/QĐ-UBND' -> ['QĐ', 'UBND']; '66-NQ/TW' -> ['NQ', 'TW']; '1234/UBND-KT' -> ['UBND', 'KT']."""
    n = _DASH_RE.sub("-", clean_number(number))
    party = re.match(r"^\d+[a-z]?(?:\.\d+)?-([^/]+)/(.+)$", n)
    if party:
        return [party.group(1)] + [s for s in re.split(r"[-&]", party.group(2)) if s]
    parts = n.split("/")
    tail = [p for p in parts[1:] if not re.fullmatch(r"(?:19|20)\d{2}", p)]
    code = "/".join(tail)
    return [s for s in re.split(r"[-&/]", code) if s]


def type_of_number(number: str) -> str | None:
    """The type its code names ('QĐ' -> 'Quyết định'); 'Công văn' when the code has no type; None if unknown."""
    segs = code_segments(number)
    if not segs:
        return None
    first = segs[0]
    t = CODE_TO_TYPE.get(first) or CODE_TO_TYPE.get(first.upper())
    if t:
        return t
    if len(segs) >= 2:
        return "Công văn"
    return None


def date_after(text: str, pos: int) -> str | None:
    """An ISO date written right after position `pos` ("… ngày 05/3/2020", "… ngày 5 tháng 3 năm 2020")."""
    m = _DATE_AFTER.match(text, pos, min(len(text), pos + 60))
    if not m:
        return None
    day = int(m.group(1))
    if m.group(2):
        return iso_date(int(m.group(3)), int(m.group(2)), day)
    return iso_date(int(m.group(5)), int(m.group(4)), day)


_CLAUSE_END = re.compile(r"[;.\n](?=\s)")
_SPACES = re.compile(r"\s+")


def _type_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 60):start]
    window = _CLAUSE_END.split(window)[-1]
    m = _TYPE_BEFORE.search(_SPACES.sub(" ", window))
    if not m:
        return None
    word = m.group(1).lower()
    for name, _ in DOC_TYPES:
        if name.lower() == word:
            return name
    return None


_DIGIT = re.compile(r"\d")


def number_matches(text: str) -> list[re.Match[str]]:
    """The matches of `NUMBER_RE.finditer(text)`, tried only at the digits just before a slash (every number holds
    one; a digit test at every character of the text was most of the cost).

    A match is at least one digit, then before its first slash either at most 11 more characters (the number, a
    letter, ".1", a space: branch one) or no white space at all (the number, a dash and a code segment: branch two).
    So for the slash at `k`, a match whose first slash it is starts after the slash before it and at or after
    min(k - 12, the last ASCII space before k + 1) (an earlier place would hold white space); every digit there is
    tried in order, as the re module would try it, and a match after it is looked for from the next slash on."""
    out: list[re.Match[str]] = []
    pos = 0  # where the next match may start (the end of the last one)
    prev = -1  # the slash before
    k = text.find("/")
    while k >= 0:
        lo = pos if pos > prev else prev + 1
        if lo < k:
            w = min(k - 12, text.rfind(" ", lo, k) + 1)
            for d in _DIGIT.finditer(text, w if w > lo else lo, k):
                m = NUMBER_RE.match(text, d.start())
                if m is not None:
                    out.append(m)
                    pos = m.end()
                    break
        prev = k
        k = text.find("/", k + 1)
    return out


def find_references(text: str, exclude: str | None = None) -> list[Reference]:
    """Every document number cited in `text`, once each, in order of first mention (minus `exclude`)."""
    skip = number_key(exclude) if exclude else None
    seen: set[str] = set()
    out: list[Reference] = []
    for m in number_matches(text):
        if _FORM_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue  # a form's code ("Mẫu số 01/TK-TNCN"), not a document
        number = clean_number(m.group(0))
        key = number_key(number)
        if key == skip or key in seen:
            continue
        seen.add(key)
        doc_type = _type_before(text, m.start())
        if doc_type is None or doc_type == "Văn bản":
            doc_type = type_of_number(number)
        out.append(Reference(number=number, doc_type=doc_type, issued_date=date_after(text, m.end()),
                             span=(m.start(), m.end())))
    return out


def citations_of(references: list[Reference], own_number: str | None) -> list[dict[str, str | None]]:
    """The cited documents as the API stores them (`citations`): each number once, never the document's own, with
    its type and ISO date when the text gives them."""
    own = number_key(own_number) if own_number else None
    seen: set[str] = set()
    out: list[dict[str, str | None]] = []
    for r in references:
        key = number_key(r.number)
        if not key or key == own or key in seen:
            continue
        seen.add(key)
        out.append({"number": r.number, "doc_type": r.doc_type, "issued_date": r.issued_date})
    return out
