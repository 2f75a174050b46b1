"""Post-correction of OCR text where Tesseract is known to fail on Vietnamese official documents.

Pure functions over text, no I/O. Each rule is general (a kind of OCR error), never a fix for one document:

- document numbers: the slash and the dash of "Số: 11520/VPCP-CN" are thin strokes that OCR drops or reads as
  "l", "I", "|", "~" or "_" ("Số:11520VPCPCN"); the code is split again at the known codes of document types and
  issuing bodies ("VPCPCN" → "VPCP-CN", "QĐUBND" → "QĐ-UBND");
- the place-and-date line "ngày … tháng … năm …": misread tone marks ("ngảy", "thảng", "nãm"), digits read as
  letters ("l8", "2O25"), digits glued to the words;
- the diacritics of frequent administrative phrases ("Quyêt định", "UY BAN NHÂN DẢN", "Nơi nhân");
- unit names compared without diacritics against the unit directory ("Sở Tài chỉnh" → "Sở Tài chính").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from services.vntext.fold import fold

__all__ = [
    "ADMIN_PHRASES",
    "correct_dates",
    "correct_numbers",
    "correct_phrases",
    "phrase_corrector",
    "post_correct",
    "repair_number",
    "split_code",
]

# Codes of document types (Nghị định 30/2020/NĐ-CP, Phụ lục III) and of issuing bodies that start the code part of
# a number. A code glued to what follows is split after the longest of these.
TYPE_CODES: frozenset[str] = frozenset({
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ",
    "GUQ", "GM", "GGT", "PG", "PC", "PB", "NĐ", "TTLT", "TT", "KL", "VBHN", "CV", "SY",
})
ISSUER_CODES: frozenset[str] = frozenset({
    "UBND", "HĐND", "VPCP", "CP", "TTg", "VPQH", "QH", "UBTVQH", "TANDTC", "VKSNDTC", "KTNN", "TTCP", "NHNN",
    "BQP", "BCA", "BNG", "BNV", "BTP", "BTC", "BCT", "BXD", "BYT", "BGDĐT", "BKHCN", "BKHĐT", "BNNMT", "BNN",
    "BTNMT", "BLĐTBXH", "BVHTTDL", "BTTTT", "BDTTG", "UBDT", "TW", "TU", "HU", "VPUB", "VP", "STC", "SYT",
    "SXD", "SNV", "STP", "SCT", "SGDĐT", "SKHĐT", "SNNMT", "SVHTTDL", "SKHCN", "CAT", "BHXH", "MTTQ", "TLĐ",
})
# types whose numbers carry the year ("48/2025/QĐ-UBND", "127/2025/TT-BQP")
_LEGAL_TYPES: frozenset[str] = frozenset({"QĐ", "NQ", "NĐ", "TT", "TTLT", "CT"})
_KNOWN_CODES: tuple[str, ...] = tuple(sorted(TYPE_CODES | ISSUER_CODES, key=lambda c: (-len(c), c)))
# "Đ" read as "D" where a real code never has a plain D.
_D_FOR_Đ: dict[str, str] = {"QD": "QĐ", "ND": "NĐ", "BGDDT": "BGDĐT", "BKHDT": "BKHĐT", "HDND": "HĐND"}

_SLASHLIKE = "/|\\lI"
_DASHLIKE = "-‐‑‒–—―~_"
_LETTERS = "A-Za-zĐđ"
# what follows "Số" in a header: digits, an optional year, then the code, with the strokes lost or misread
_RAW_NUMBER = re.compile(
    rf"(?P<num>\d{{1,6}})\s*[{re.escape(_SLASHLIKE)}]?\s*"
    rf"(?:(?P<year>(?:19|20)\d{{2}})\s*[{re.escape(_SLASHLIKE)}]?\s*)?"
    rf"(?P<code>[A-ZĐ][{_LETTERS}]*(?:\s*[{re.escape(_DASHLIKE)}/]\s*[A-ZĐ][{_LETTERS}]*)*)"
)


def split_code(part: str) -> list[str]:
    """Split one dash-less part of a number's code at the known codes: "VPCPNN" → ["VPCP", "NN"],
    "QĐUBND" → ["QĐ", "UBND"]; a part that is a known code, or starts with none, comes back whole."""
    part = _D_FOR_Đ.get(part, part)
    if part in TYPE_CODES or part in ISSUER_CODES:
        return [part]
    for code in _KNOWN_CODES:
        fixed = _D_FOR_Đ.get(part[: len(code)], part[: len(code)])
        if fixed == code and len(part) > len(code):
            rest = part[len(code):]
            if not rest[0].isupper():
                continue  # "TTg" is not "TT" + "g"
            return [code, *split_code(rest)]
    return [part]


def repair_number(raw: str) -> str:
    """A number and notation as OCR read it → its written form: "11520VPCPCN" → "11520/VPCP-CN",
    "48l2025lQĐUBND" → "48/2025/QĐ-UBND", "12 / UBND ~ KT" → "12/UBND-KT". Unrecognisable input comes back as is."""
    m = _RAW_NUMBER.fullmatch(raw.strip())
    if m is None:
        return raw
    groups = re.split(r"\s*/\s*", m.group("code"))
    code_groups: list[str] = []
    for group in groups:
        parts: list[str] = []
        for piece in re.split(rf"\s*[{re.escape(_DASHLIKE)}]\s*", group):
            if piece:
                parts.extend(split_code(piece))
        code_groups.append("-".join(parts))
    num, year = m.group("num"), m.group("year")
    first_type = code_groups[0].split("-")[0] in _LEGAL_TYPES
    if year is None and first_type and len(num) >= 5 and re.search(r"(?:19|20)\d{2}$", num):
        num, year = num[:-4], num[-4:]  # "482025QĐUBND": both slashes lost around the year of a legal document
    head = num + ("/" + year if year else "")
    return head + "/" + "/".join(code_groups)


# "Số" as OCR reads it at the start of a header line, then the number up to the next wide gap or the line's end
_HEADER_NUMBER = re.compile(
    r"(?m)^(?P<lead>[ \t]*(?:Số|SỐ|Sô|Sỗ|Sổ|Só|Sồ|Sọ|So)[ \t]*[:;.,]?[ \t]*)"
    rf"(?P<raw>\d{{1,6}}[ \t]*[{re.escape(_SLASHLIKE)}]?[ \t]*(?:(?:19|20)\d{{2}}[ \t]*[{re.escape(_SLASHLIKE)}]?[ \t]*)?"
    rf"[A-ZĐ][{_LETTERS}]*(?:[ \t]*[{re.escape(_DASHLIKE)}/][ \t]*[A-ZĐ][{_LETTERS}]*)*)"
)
# "số 6902VPCP-KSTT" in running text: only where the slash is plainly missing (digits glued to a known code)
_BODY_NUMBER = re.compile(
    rf"(?<=\bsố )(?P<raw>\d{{1,6}}(?:/(?:19|20)\d{{2}}/?)?[A-ZĐ][{_LETTERS}]*(?:[{re.escape(_DASHLIKE)}][A-ZĐ][{_LETTERS}]*)*)(?![\w/])"
)


def correct_numbers(text: str) -> str:
    """Repair the number after "Số:" at the start of a line, and numbers glued to their code after "số" in the text."""
    def header(m: re.Match[str]) -> str:
        lead = m.group("lead")
        lead = "Số: " if not lead.strip().isupper() or lead.strip() in ("Số", "So") else "SỐ: "
        return lead + repair_number(m.group("raw"))

    def body(m: re.Match[str]) -> str:
        raw = m.group("raw")
        code = re.sub(r"^\d+(?:/(?:19|20)\d{2})?", "", raw)
        if code.startswith("/") or not code.startswith((*_KNOWN_CODES, *_D_FOR_Đ)):
            return raw  # the slash is there, or the letters are no known code
        return repair_number(raw)

    text = _HEADER_NUMBER.sub(header, text)
    return _BODY_NUMBER.sub(body, text)


# --- "ngày … tháng … năm …" --------------------------------------------------------------------------------------

_DIGITISH = r"0-9OoIl|!\]"
_NGAY = r"(?P<ngay>[nN][gG][aAàÀảẢãÃáÁạẠăâ][yYýÝỳỲ])"
_THANG = r"(?P<thang>[tT][hH][aAàÀảẢãÃáÁạẠăâ][nN][gG])"
_NAM = r"(?P<nam>[nN][aAàÀảẢãÃáÁạẠăĂằẰẳẲẵẴắẮặẶâÂầẦẩẨẫẪấẤậẬ][mM])"
_DATE_WORDS = re.compile(
    _NGAY + rf"[ \t]*(?P<d>[{_DIGITISH}]{{1,2}}(?:[ \t]?[{_DIGITISH}])?)[ \t]*[,.]?[ \t]*"
    + _THANG + rf"[ \t]*(?P<m>[{_DIGITISH}]{{1,2}}(?:[ \t]?[{_DIGITISH}])?)[ \t]*[,.]?[ \t]*"
    + _NAM + rf"[ \t]*(?P<y>[{_DIGITISH}](?:[ \t]?[{_DIGITISH}]){{3}})(?![0-9])"
)
_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "!": "1", "]": "1"})


def _digits(s: str) -> str:
    return re.sub(r"[ \t]", "", s).translate(_DIGIT_FOR)


def correct_dates(text: str) -> str:
    """"Hà Nội, ngảy l8 thảng 11 nãm 2O25" → "Hà Nội, ngày 18 tháng 11 năm 2025"; only where the result is a real
    day (1–31), month (1–12) and year (1900–2099), so ordinary words are never touched."""
    def fix(m: re.Match[str]) -> str:
        d, mo, y = _digits(m.group("d")), _digits(m.group("m")), _digits(m.group("y"))
        if not (d.isdigit() and mo.isdigit() and y.isdigit()):
            return m.group(0)
        if not (1 <= int(d) <= 31 and 1 <= int(mo) <= 12 and 1900 <= int(y) <= 2099):
            return m.group(0)
        caps = m.group("ngay")[0].isupper()
        return f"{'Ngày' if caps else 'ngày'} {d} tháng {mo} năm {y}"

    return _DATE_WORDS.sub(fix, text)


# --- phrases compared without diacritics ------------------------------------------------------------------------

# Frequent phrases of official documents whose tone marks OCR misreads. Only phrases of two syllables or more:
# a single syllable without its marks stands for too many words.
ADMIN_PHRASES: tuple[str, ...] = (
    "Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc", "Độc lập", "Hạnh phúc", "Ủy ban nhân dân", "Hội đồng nhân dân",
    "Chủ tịch", "Phó Chủ tịch", "Thủ tướng", "Phó Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Giám đốc",
    "Phó Giám đốc", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Cục trưởng", "Phó Cục trưởng", "Tổng cục trưởng",
    "Chính phủ", "Văn phòng", "Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Thông báo", "Công văn",
    "Công điện", "Chỉ thị", "Kế hoạch", "Báo cáo", "Tờ trình", "Hướng dẫn", "Kết luận", "Kính gửi", "Nơi nhận",
    "Căn cứ", "Theo đề nghị", "Như trên", "chịu trách nhiệm", "tổ chức", "thực hiện", "chủ trì",
    "phối hợp", "các cơ quan", "có liên quan", "đơn vị", "địa phương", "nhân dân", "Luật Tổ chức",
    "chính quyền địa phương", "ban hành", "hiệu lực", "kể từ ngày", "Về việc", "thành phố", "Nội vụ", "Tài chính", "Tư pháp", "Xây dựng", "Y tế", "Công Thương", "Giáo dục và Đào tạo",
    "Nông nghiệp và Môi trường", "Khoa học và Công nghệ", "Văn hóa, Thể thao và Du lịch", "Quốc phòng",
    "Công an", "Ngoại giao", "Dân tộc và Tôn giáo", "Ngân hàng Nhà nước", "Thanh tra", "Kiểm toán Nhà nước",
    "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "KT. BỘ TRƯỞNG", "TL. BỘ TRƯỞNG",
    "KT. GIÁM ĐỐC", "KT. CỤC TRƯỞNG", "TUQ. BỘ TRƯỞNG", "KT. CHÁNH VĂN PHÒNG",
)

_WORD_CHARS = r"[^\W_]"


class PhraseCorrector:
    """Replaces every diacritics-insensitive occurrence of a known phrase by its written form (in the case of the
    occurrence: capitals stay capitals). Built once per phrase list."""

    def __init__(self, phrases: Iterable[str]) -> None:
        by_key: dict[str, str] = {}
        for p in phrases:
            p = unicodedata.normalize("NFC", p.strip())
            if len(p.split()) < 2 and "." not in p:
                continue
            key = fold(p)
            if len(key) != len(p):
                continue
            by_key.setdefault(key, p)
        self.by_key = by_key
        keys = sorted(by_key, key=lambda k: (-len(k), k))
        body = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
        self.pattern = re.compile(rf"(?<!{_WORD_CHARS})(?:{body})(?!{_WORD_CHARS})") if keys else None

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        text = unicodedata.normalize("NFC", text)
        folded = fold(text)
        if len(folded) != len(text):  # a character without a one-to-one fold: work line by line
            return "\n".join(self._line(ln) for ln in text.split("\n"))
        return self._apply(text, folded)

    def _line(self, line: str) -> str:
        folded = fold(line)
        return self._apply(line, folded) if len(folded) == len(line) else line

    def _apply(self, text: str, folded: str) -> str:
        assert self.pattern is not None
        out: list[str] = []
        last = 0
        for m in self.pattern.finditer(folded):
            written = text[m.start():m.end()]
            canon = self.by_key.get(" ".join(m.group(0).split()))
            if canon is None or "\n" in written:
                continue
            letters = canon.replace(" ", "")
            # only the marks change: each character keeps the case it was written in, spacing is kept
            chars = iter(letters)
            rebuilt = "".join(ch if ch.isspace() else _same_case(next(chars), ch) for ch in written)
            if rebuilt != written:
                out.append(text[last:m.start()])
                out.append(rebuilt)
                last = m.end()
        out.append(text[last:])
        return "".join(out)


def _same_case(canon: str, written: str) -> str:
    return canon.upper() if written.isupper() else canon.lower() if written.islower() else canon


@cache
def phrase_corrector(extra: tuple[str, ...] = ()) -> PhraseCorrector:
    return PhraseCorrector((*ADMIN_PHRASES, *extra))


def correct_phrases(text: str, unit_names: Iterable[str] = ()) -> str:
    """Frequent administrative phrases and the given unit names, written with their diacritics again."""
    return phrase_corrector(tuple(sorted(set(unit_names))))(text)


def post_correct(text: str, unit_names: Iterable[str] = ()) -> str:
    """Every rule, in order: phrases and unit names, the date line, document numbers."""
    text = correct_phrases(text, unit_names)
    text = correct_dates(text)
    return correct_numbers(text)
