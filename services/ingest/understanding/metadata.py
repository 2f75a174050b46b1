"""Metadata of a Vietnamese official document (thể thức văn bản, Nghị định 30/2020/NĐ-CP).

`extract_metadata(text)` reads what the layout of an official document puts in fixed places:
- the header (left column): the issuing body, one or two levels ("BỘ TÀI CHÍNH / CỤC THUẾ");
- "Số: 317/TB-UBND" (number and notation), the place-and-date line ("Hà Nội, ngày 05 tháng 01 năm 2020");
- the title in capitals ("QUYẾT ĐỊNH") and the subject under it, or the "V/v …" line of a công văn;
- the stamps "MẬT" / "KHẨN" near the header;
- "Kính gửi: …" and the "Nơi nhận:" list; the signature block (TM./KT./TL./TUQ./Q., title, name);
- the documents it cites (see references.py).

Texts arrive with their tables flattened ("|"), lines broken in the middle of words and phrases, spaces lost
("CHÁNH VĂN PHÒNGThái Hữu Phép"), so the rules work on a prepared copy of the text where those artefacts are
undone. Pure function, no framework.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from services.ingest.understanding.dates import iso_date
from services.ingest.understanding.doctypes import ISSUER_CODES, TITLE_TYPES, type_from_code, type_from_title
from services.ingest.understanding.model import DocumentInfo, Signer
from services.ingest.understanding.references import (
    NUMBER_PATTERN,
    NUMBER_RE,
    clean_number,
    code_segments,
    find_references,
    type_of_number,
)
from services.ingest.understanding.task_units import match_unit, match_units
from services.vntext.fold import fold
from services.vntext.letters import UPPER
from services.vntext.tones import normalize_old_tones as normalize_tone

_UP = UPPER
_LO = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

# ----------------------------------------------------------------------------------------------------------
# Preparing the text


# The national motto (in capitals, old or new tone placement) and the Party's; the slogan under them.
# Two patterns, each starting with its literal word (the re module then searches for that word quickly); neither
# can match inside the other, so two passes find what one alternation would.
_MOTTO_STATE_RE = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM")
_MOTTO_PARTY_RE = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
_SLOGAN_RE = re.compile(r"Độc\s+[lL]ập\s*[-–—]\s*Tự\s+[dD]o\s*[-–—]\s*Hạnh\s+[pP]húc")  # "Độc Lập - Tự Do …" too
_MOTTOS = frozenset({"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"})
_MOTTO_FIRST = ("C", "c", "Đ", "đ")
_MOTTO_DASH = re.compile(r"\s*[-–—]\s*")


def _is_motto(line: str) -> bool:
    # every motto starts with C or Đ, and neither tone placement nor the dash pattern changes a first letter that is
    # not one of them into one (speed: the pre-test spares the work on other lines)
    return len(line) < 60 and line[:1] in _MOTTO_FIRST and _MOTTO_DASH.sub(" - ", normalize_tone(line).upper()) in _MOTTOS


# "[-_*=–—…~]{3,}|\.{5,}" written to start with one character class, which the re module scans for quickly
_DECOR_RE = re.compile(r"[-_*=–—…~.](?:(?<=[-_*=–—…~])[-_*=–—…~]{2,}|(?<=\.)\.{4,})")
# three capitals, then a capitalised word: the line break goes between them (sub with r"\1\n"); written to start
# with a character class rather than a look-behind, which the re module would try at every position; the class written
# three times rather than "{3}" (a repeat first is tried at every position too; a class first is skipped to)
_GLUED_RE = re.compile(rf"([{_UP}][{_UP}][{_UP}])(?=[{_UP}][{_LO}]{{2,}}(?:\s|$))")
# Cells of a flattened signature block run together: "TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG". Vietnamese
# syllables are separated by spaces, so a capital letter straight before one of these starts is a lost line break.
_GLUED_TITLE_RE = re.compile(
    rf"([{_UP}])(?=(?:TM|KT|TL|TUQ)\.\s|(?:PHÓ|THỨ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|CHỦ NHIỆM|CHÁNH VĂN PHÒNG|BỘ TRƯỞNG|"
    rf"GIÁM ĐỐC|CỤC TRƯỞNG|TRƯỞNG BAN)(?=\s|$|\())"
)
# Table columns: a tab run, or four spaces or more. Two passes, each starting with a literal: tab runs first (they take
# the spaces after them), then the runs of spaces left — the same cuts as one pass of r"\t[ \t]*| {4,}".
_TAB_RUN_RE = re.compile(r"\t[ \t]*")
_SPACE_RUN_RE = re.compile(r"    +")
# "Số: 12/UBND-VP Hà Nội, ngày …" (two header cells on one line): the number ends its cell.
_NUMBER_THEN_TEXT_RE = re.compile(r"(?m)^([ \t]*(?:Số|SỐ)[ \t]*[:.]?[ \t]*" + NUMBER_PATTERN + r")[ \t]+(?=\S)")
_SO_WORD_RE = re.compile(r"S(?:ố|Ố)")


def _number_then_text(t: str) -> str:
    """`_NUMBER_THEN_TEXT_RE.sub(…)`, trying only the lines where "Số"/"SỐ" comes first (a line start looked for at
    every position is slow): the same matches, in the same order."""
    out: list[str] = []
    last = 0
    for m_so in _SO_WORD_RE.finditer(t):
        ls = t.rfind("\n", 0, m_so.start()) + 1
        if ls < last or t[ls:m_so.start()].strip(" \t"):
            continue  # inside the last match, or not the first word of its line
        m = _NUMBER_THEN_TEXT_RE.match(t, ls)
        if m is not None:
            out += [t[last:ls], m.group(1), "\n"]
            last = m.end()
    return "".join(out) + t[last:] if out else t
_SIGNED_RE = re.compile(r"(\((?:Đã|đã|ĐÃ)\s*(?:ký|KÝ)\)|\[daky\]|\(Đã ký và đóng dấu\))")


def _prepare(text: str) -> list[str]:
    """Lines of the text with table pipes, decorations and glued words undone (for layout rules only)."""
    t = text.replace("\r\n", "\n").replace("\r", "\n")
    t = t.replace("|", "\n").replace("\u00a0", " ")
    if "\t" in t:
        t = _TAB_RUN_RE.sub("\n", t)
    if "    " in t:
        t = _SPACE_RUN_RE.sub("\n", t)
    if "Số" in t or "SỐ" in t:
        if "Số:" in t or "SỐ:" in t:
            t = _glued_number(t)  # = _GLUED_NUMBER_RE.sub(r"\1 ", t), faster
        t = _number_then_text(t)
    t = _DECOR_RE.sub("\n", t)
    if "CỘNG" in t:
        t = _MOTTO_STATE_RE.sub(_own_line, t)
    if "ĐẢNG" in t:
        t = _MOTTO_PARTY_RE.sub(_own_line, t)
    if "Độc" in t:
        t = _SLOGAN_RE.sub(_own_line, t)
    t = _signed_own_lines(t)
    t = _GLUED_RE.sub("\\1\n", t)
    t = _GLUED_TITLE_RE.sub("\\1\n", t)  # consuming the capital before (a lookbehind at every position is slower)
    raws = t.split("\n")
    if "  " not in t and not _hash_first(t) and "".join(raws).isprintable():
        # only single ASCII spaces, no line starting with "#": stripping the spaces is all (speed; the same lines)
        stripped = [raw.strip(" ") for raw in raws]
    else:
        stripped = [raw.strip(" ").lstrip("#").strip() if "  " not in raw and raw.isprintable()
                    else " ".join(raw.split()).lstrip("#").strip() for raw in raws]
    # _split_caps_then_name splits only a line of at most 150 characters that starts with a capital, and only when
    # its first word is in capitals or starts with no letter (a line is single-spaced here)
    split = [i for i, line in enumerate(stripped) if line[:1].isupper() and len(line) <= 150
             and (line.partition(" ")[0].isupper() or not line[0].isalpha())]
    pieces = {i: p for i in split if len(p := _split_caps_then_name(stripped[i])) != 1}
    if not pieces:
        return stripped
    lines: list[str] = []
    for i, line in enumerate(stripped):
        if i in pieces:
            lines.extend(pieces[i])
        else:
            lines.append(line)
    return lines


def _signed_own_lines(t: str) -> str:
    """`_SIGNED_RE.sub(lambda m: "\\n" + m.group(1) + "\\n", t)`: each "(Đã ký)" / "[daky]" on a line of its own, the
    pattern tried only at the "(" and "[" of the text (every match starts with one, and str.find finds them faster than
    the pattern's own search): the same matches, in the same order."""
    out: list[str] = []
    last = 0
    for k in sorted(_places(t, "(") + _places(t, "[")):
        if k < last:
            continue  # inside the last match
        m = _SIGNED_RE.match(t, k)
        if m is not None:
            out += [t[last:k], "\n", m.group(1), "\n"]
            last = m.end()
    return "".join(out) + t[last:] if out else t


def _places(t: str, ch: str) -> list[int]:
    """Where `ch` occurs in `t`."""
    out: list[int] = []
    k = t.find(ch)
    while k >= 0:
        out.append(k)
        k = t.find(ch, k + 1)
    return out


def _hash_first(t: str) -> bool:
    """Whether a line of `t` starts with "#" after spaces (the only lines where _prepare's lstrip("#") does anything)."""
    k = t.find("#")
    while k >= 0:
        if not t[t.rfind("\n", 0, k) + 1:k].strip(" "):
            return True
        k = t.find("#", k + 1)
    return False


def _own_line(m: re.Match[str]) -> str:
    return "\n" + " ".join(m.group(0).split()) + "\n"


def _letters(s: str) -> list[str]:
    return [c for c in s if c.isalpha()]


def _is_caps(line: str) -> bool:
    """All letters in capitals (at least two letters)."""
    if not line.isupper():
        return False
    seen = 0
    for c in line:  # stops at the second letter
        if c.isalpha():
            seen += 1
            if seen == 2:
                return True
    return False


def _is_name_word(w: str) -> bool:
    return len(w) >= 1 and w[0].isupper() and (len(w) == 1 or w[1:].isalpha() and w[1:].islower())


_RANK_RE = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)|GS\.|PGS\.|TS\.|ThS\.|BS\.|KS\.|CN\.|LS\.|NGƯT\.?|NGND\.?|"
    r"Bác sĩ|Tiến sĩ|Thạc sĩ|Đồng chí|Ông|Bà)\s*",
)


def _strip_rank(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _RANK_RE.sub("", s).strip()
    return s


# Common Vietnamese family names: only used to tell a name typed in capitals from a title line.
_SURNAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào lâm mai trịnh tạ đoàn cao hà "
    "lương tô chu tăng phùng lưu quách thái kiều nông triệu tống châu hứa la khúc âu mạc thân vương trương "
    "nghiêm giang lò quan đàm lại từ hầu kim doãn bạch lục chế khổng".split()
)


def _is_caps_name(line: str) -> bool:
    words = _strip_rank(line).split()
    return (2 <= len(words) <= 5 and _is_caps(line) and all(w.isalpha() for w in words)
            and normalize_tone(words[0].lower()) in _SURNAMES and not _TITLE_START.match(normalize_tone(line))
            and not _AUTH_PREFIX.match(line))


def _is_person_name(s: str) -> bool:
    words = _strip_rank(s).split()
    return 2 <= len(words) <= 6 and all(_is_name_word(w) for w in words) and sum(len(w) > 1 for w in words) >= 2


_TITLE_START = re.compile(
    r"^(?:PHÓ|CHỦ TỊCH|CHỦ NHIỆM|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|"
    r"TRƯỞNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CHÁNH|VIỆN TRƯỞNG|HIỆU TRƯỞNG|BÍ THƯ|TỔNG BÍ THƯ|THỐNG ĐỐC|"
    r"TỔNG KIỂM TOÁN|KIỂM TOÁN TRƯỞNG|ỦY VIÊN|TỔNG THƯ KÝ|THƯ KÝ|ĐỘI TRƯỞNG|TỔNG THANH TRA|CHỦ NHIỆM|"
    r"HIỆU PHÓ|GIÁM ĐỐC|TỔNG BIÊN TẬP|NGƯỜI KÝ|CHỦ TỌA|THƯỜNG TRỰC|TỔNG ĐỘI TRƯỞNG|TƯ LỆNH|CHÍNH ỦY)\b"
)
_AUTH_PREFIX = re.compile(r"^(?:(?:TM|KT|TL|TUQ|K/T|T/M|T/L)(?:\s*\.|(?=\s|$))|Q\.|(?:T\.M|K\.T|T\.L)\.?)")


def _split_caps_then_name(line: str) -> list[str]:
    """'KT. CHỦ TỊCH PHÓ CHỦ TỊCH Hồ Đức Phớc' (a flattened signature) -> title lines and the name."""
    if not line or len(line) > 150 or not line[:1].isupper() or _is_caps(line):
        return [line]
    words = line.split()
    i = 0
    while i < len(words) and _is_caps(words[i]) or (i < len(words) and not _letters(words[i])):
        i += 1
    if i == 0 or i == len(words):
        return [line]
    head, tail = " ".join(words[:i]), " ".join(words[i:])
    if (_TITLE_START.search(head) or _AUTH_PREFIX.match(head) or re.search(r"\b(?:TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC)$", head)) \
            and _is_person_name(tail):
        return [head, tail]
    return [line]


# ----------------------------------------------------------------------------------------------------------
# Number, place and date

_NUMBER_LINE_RE = re.compile(
    r"(?:^|\|)[ \t#*]*(?:(?:Bộ\s+luật|BỘ\s+LUẬT|Luật|LUẬT|Pháp\s+lệnh|PHÁP\s+LỆNH|Lệnh|LỆNH)\s+)?"
    r"(?:Số|SỐ|số)(?:\s*/\s*[Kk]ý\s+hiệu|\s+hiệu)?[ \t]*[:.]?\s*(" + NUMBER_PATTERN + ")",
    re.MULTILINE,
)

# A "số …" that continues a wrapped citation ("V/v thực hiện Nghị định\nsố 114/2002/NĐ-CP …", "Căn cứ Luật …\nsố
# 72/2025/QH15;") is a cited document's number, never the document's own: the line before ends with a document
# type or a citing word, or opens a subject / "Căn cứ" / "Thực hiện" sentence that is not finished.
_CITING_TAIL = re.compile(
    r"(?:nghi dinh|quyet dinh|thong tu(?: lien tich)?|luat|bo luat|nghi quyet|chi thi|cong van|cong dien|van ban|"
    r"ke hoach|thong bao|phap lenh|lenh|huong dan|to trinh|bao cao|quy dinh|ket luan|can cu|thuc hien|theo|tai|"
    r"cua|va|kem theo)$"
)
_CITING_HEAD = re.compile(r"^(?:v/v|ve viec|can cu|thuc hien|theo|trien khai|kinh gui)\b")
# After the number, what only a citation says: its date in figures, "của" its issuer, "về" its subject.
_CITED_AFTER = re.compile(r"^[ \t]*(?:,[ \t]*)?(?:ngày[ \t]*\d{1,2}[ \t]*[/.\-][ \t]*\d{1,2}[ \t]*[/.\-]|của\b|về\b)")


def _is_citation(src: str, m: re.Match[str]) -> bool:
    """Whether a "Số …" match is a cited document's number rather than the header's own "Số: …"."""
    kw = re.search(r"(?:Số|SỐ|số)", m.group(0))
    assert kw is not None
    start = m.start() + kw.start()
    colon = re.match(r"(?:Số|SỐ|số)(?:\s*/\s*[Kk]ý\s+hiệu|\s+hiệu)?[ \t]*:", src[start:start + 40]) is not None
    if colon:
        return False
    if _CITED_AFTER.match(src, m.end()):
        return True
    if src[start:start + 2] != "số":
        return False
    # the previous non-empty line (or what precedes a pipe on this one)
    line_start = src.rfind("\n", 0, start) + 1
    before = src[line_start:start].strip(" \t|#*")
    if not before:
        prev_end = line_start - 1
        while prev_end > 0:
            prev_start = src.rfind("\n", 0, prev_end) + 1
            before = src[prev_start:prev_end].split("|")[0].strip()
            if before:
                break
            prev_end = prev_start - 1
    if not before or before.endswith((";", ".", ":")):
        return False
    f = fold(before).lower()
    return bool(_CITING_TAIL.search(f) or _CITING_HEAD.match(f))


_FOLDED_TITLES = {fold(name).lower(): name for _, name in TITLE_TYPES}


def _ocr_title(line: str) -> str | None:
    """A title line alone whose letters are a type name with a misread accent ("THÔNG BẢO", "QUYÉT ĐỊNH" on a scan)."""
    s = re.sub(r"\s+", " ", line).strip(" #*:.")
    if not s or not _is_caps(s) or len(s) > 30:
        return None
    return _FOLDED_TITLES.get(fold(s).lower())


# The header's "Số" line whose figure is illegible on a scan ("Số: J7“TB-KCN", "Số: #2 /QĐ-UBND"): its type code.
_ILLEGIBLE_NUMBER_RE = re.compile(
    r"^[ \t|]*(?:Số|SỐ)[ \t]*[:.]?[ \t]*[^\s/|]{0,8}[ \t]*[/“”\"'][ \t]*(?P<code>[A-ZĐ]{1,5})[ \t]*[-–]", re.MULTILINE
)


def _code_of_illegible_number(lines: list[str], limit: int) -> str | None:
    for ln in lines[:limit]:
        m = _ILLEGIBLE_NUMBER_RE.match(ln) if ln else None
        if m:
            return type_from_code(m.group("code"))
    return None


# A law or a resolution of an elected body carries the date it was passed in its closing line ("Nghị quyết này được
# Ủy ban Thường vụ Quốc hội … thông qua ngày 16 tháng 6 năm 2025."); a portal copy often drops the header's date.
_PASSED_ON_RE = re.compile(
    r"(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết)\s+này\s+(?:đã\s+)?được\s+[^.\n]{0,240}?thông\s+qua\s+"
    r"(?:vào\s+)?ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})"
)
# Types that only one body issues (Nghị định 30/2020/NĐ-CP; Luật 80/2015/QH13): the issuer when no header names it.
_SOLE_ISSUER = {"Nghị định": "Chính phủ", "Luật": "Quốc hội", "Bộ luật": "Quốc hội",
                "Pháp lệnh": "Ủy ban Thường vụ Quốc hội"}


def _passed_on(src: str) -> str | None:
    found = list(_PASSED_ON_RE.finditer(src))
    m = found[-1] if found else None  # the last one: the closing line (an earlier one may quote another text)
    return iso_date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


# The number line of a document numbered at registration: "Số:", "Số:      /TB-UBND", "Số:   - KH/ĐTN".
_BLANK_NUMBER_RE = re.compile(
    r"^(?:Số|SỐ)[ \t]*[:.;]?[ \t]*(?:[-–.…]*[ \t]*/?[ \t]*[A-ZĐ]{1,6}(?:[ \t]*[-/–][ \t]*[A-ZĐ0-9]+)+)?[ \t]*$"
)
# A line that is only such a code ("/TB-UBND", "- KH/ĐTN") once the wide gap after "Số:" has split the line.
_CODE_ONLY_RE = re.compile(r"^[-–.…]*[ \t]*(?:/[ \t]*[A-ZĐ]{1,6}|[A-ZĐ]{1,6}[ \t]*/)(?:[ \t]*[-/–]?[ \t]*[A-ZĐ0-9]+)*$")


_BARE_HEADS = frozenset({"Ủy ban nhân dân", "Hội đồng nhân dân"})


def _own_number_match(src: str) -> re.Match[str] | None:
    """The header's own "Số: …" within the header part of the text, skipping cited numbers."""
    end = _header_chars(src)
    if ":" in src[:end]:
        # "Số:7 /GM-UBND" (a scan glues the figure to the colon): read it as "Số: 7 /GM-UBND"
        head = _glued_number(src[:end])  # = _GLUED_NUMBER_RE.sub(r"\1 ", src[:end]), faster
        src, end = head + src[end:], len(head)
    for m in _NUMBER_LINE_RE.finditer(src, 0, end):
        if not _is_citation(src, m):
            return m
    return None


_GLUED_NUMBER_RE = re.compile(r"(?m)((?:^|\|)[ \t]*(?:Số|SỐ)[ \t]*:)(?=\d)")
_GLUED_NUMBER_WORD = re.compile(r"S(?:ố|Ố)[ \t]*:(?=\d)")


def _glued_number(t: str) -> str:
    """`_GLUED_NUMBER_RE.sub(r"\1 ", t)`, looking only at "Số:"/"SỐ:" before a digit (a line start tried at every
    position is slow): a space after the colon where only spaces and tabs stand between the word and the line's start
    or a "|" (the same places)."""
    out: list[str] = []
    last = 0
    for m in _GLUED_NUMBER_WORD.finditer(t):
        k = m.start()
        b = max(t.rfind("\n", 0, k), t.rfind("|", 0, k)) + 1
        if t[b:k].strip(" \t"):
            continue
        out += [t[last:m.end()], " "]
        last = m.end()
    return "".join(out) + t[last:] if out else t


_PLACE_WORD = rf"(?:[{_UP}][{_LO}{_UP}.]*|phố|xã|trấn|thị|[-–])"
_DATE_LINE_RE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:(?:[ \t]*\n[ \t]*|[ \t]+){_PLACE_WORD}){{0,6}})?[ \t]*\n?[ \t]*,?\s*"
    r"[Nn]gày\s*(?P<d>\d{1,2})\s*(?:tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})|[/.\-]\s*(?P<m2>\d{1,2})\s*"
    r"[/.\-]\s*(?P<y2>\d{4}))",
    re.MULTILINE,
)


def _header_chars(src: str, lines: int = 60) -> int:
    """Where the header part of the text ends at the latest: after `lines` non-empty lines (or 5000 characters)."""
    count, pos = 0, 0
    while count < lines and pos < len(src) and pos < 5000:
        nxt = src.find("\n", pos)
        if nxt < 0:
            return len(src)
        if src[pos:nxt].strip():
            count += 1
        pos = nxt + 1
    return max(pos, min(len(src), 600))


@dataclass
class _DateLine:
    place: str | None
    iso: str | None
    line: int


def _find_date_line(lines: list[str], limit: int) -> _DateLine | None:
    for i in range(min(limit, len(lines))):
        ln = lines[i]
        if not ln or len(ln) > 200:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        nxt2 = lines[i + 2] if i + 2 < len(lines) else ""
        if "gày" not in ln and not ("gày" in nxt and len(ln) < 40) and not (
                "gày" in nxt2 and len(ln) < 40 and len(nxt) < 40):
            continue
        block = "\n".join(x for x in lines[i:i + 4] if len(x) <= 200)
        m = _DATE_LINE_RE.match(block)
        if not m:
            continue
        place = m.group("place")
        if place:
            place = re.sub(r"\s+", " ", place).strip(" ,")
            if fold(place) in {"can cu", "theo", "ngay"} or len(place) > 40:
                continue
        else:
            # A date line with no place: only "ngày … tháng … năm …" on a line of its own.
            rest = block[m.end():m.end() + 3]
            if rest.strip() and not rest.startswith("\n"):
                continue
        if m.group("m"):
            iso = iso_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        else:
            iso = iso_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d")))
        if iso is None:
            continue
        return _DateLine(place or None, iso, i)
    return None


# ----------------------------------------------------------------------------------------------------------
# Issuer

_LEVEL_HEADS = (
    "ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND", "BỘ CHỈ HUY", "BỘ", "TỔNG CỤC", "CHI CỤC", "CỤC", "SỞ",
    "VĂN PHÒNG", "BAN", "TRUNG TÂM", "PHÒNG", "THANH TRA", "KHO BẠC", "BẢO HIỂM XÃ HỘI", "CÔNG AN", "TÒA ÁN",
    "VIỆN KIỂM SÁT", "VIỆN", "HỌC VIỆN", "TRƯỜNG ĐẠI HỌC", "TRƯỜNG CAO ĐẲNG", "TRƯỜNG TRUNG HỌC", "TRƯỜNG THPT",
    "BỆNH VIỆN", "ĐẢNG ỦY", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "NGÂN HÀNG", "KIỂM TOÁN",
    "TẬP ĐOÀN", "TỔNG CÔNG TY", "CÔNG TY", "THUẾ", "HẢI QUAN", "MẶT TRẬN", "LIÊN ĐOÀN", "ỦY BAN", "ĐẠI HỌC",
    "BỘ TƯ LỆNH", "QUÂN KHU",
)
# Heads that start a lower level even inside one flattened header line ("BỘ TÀI CHÍNH CỤC THUẾ").
_INLINE_HEADS = ("TỔNG CỤC", "CHI CỤC", "CỤC", "SỞ", "VĂN PHÒNG")
_LOCALITY_RE = re.compile(r"\b(TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ|PHƯỜNG|ĐẶC KHU)\s+(?!ỦY\b|UỶ\b)(.+)$")
_HEAD_CASE = {
    "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân", "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân", "UBND": "UBND", "HĐND": "HĐND",
    "THỦ TƯỚNG": "Thủ tướng", "CHÍNH PHỦ": "Chính phủ", "QUỐC HỘI": "Quốc hội", "VĂN PHÒNG": "Văn phòng",
    "TỔNG CỤC": "Tổng cục", "CHI CỤC": "Chi cục", "BAN CHẤP HÀNH": "Ban Chấp hành", "ỦY BAN": "Ủy ban",
    "BỘ CHỈ HUY": "Bộ Chỉ huy", "TRUNG TÂM": "Trung tâm", "KHO BẠC": "Kho bạc", "CÔNG AN": "Công an",
    "TÒA ÁN": "Tòa án", "VIỆN KIỂM SÁT": "Viện kiểm sát", "TỔNG CÔNG TY": "Tổng công ty", "CÔNG TY": "Công ty",
    "CHỦ TỊCH NƯỚC": "Chủ tịch nước", "CHỦ TỊCH ỦY BAN NHÂN DÂN": "Chủ tịch Ủy ban nhân dân",
    "ĐẢNG ỦY": "Đảng ủy", "ĐẢNG UỶ": "Đảng ủy",
}
# A Party committee named by its place (cấp ủy: tỉnh ủy, thành ủy, huyện ủy, quận ủy, thị ủy).
_PARTY_COMMITTEE_RE = re.compile(r"^(TỈNH|THÀNH|HUYỆN|QUẬN|THỊ)\s+(?:ỦY|UỶ)(?:\s+(.+))?$")
_PROPER = {
    "CHÍNH PHỦ": "Chính phủ", "QUỐC HỘI": "Quốc hội", "TRUNG ƯƠNG": "Trung ương", "VIỆT NAM": "Việt Nam",
    "NHÀ NƯỚC": "Nhà nước", "MẶT TRẬN TỔ QUỐC": "Mặt trận Tổ quốc", "ĐẢNG": "Đảng",
}


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


# A Vietnamese syllable in capitals: an initial consonant (cluster), vowels, a final consonant. A word of capitals
# that is none ("UBND", "HĐND", "MTTQ", "KH&CN", "TTHC") is an abbreviation and keeps its capitals
# ("VĂN PHÒNG HĐND VÀ UBND HUYỆN …" -> "Văn phòng HĐND và UBND huyện …", not "Hđnd", "Ubnd").
_VOWELS = "AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_SYLLABLE = re.compile(rf"(?:NGH|NG|NH|CH|GH|GI|KH|PH|QU|TH|TR|[BCDĐGHKLMNPQRSTVX])?[{_VOWELS}]{{1,3}}"
                       r"(?:NG|NH|CH|[CMNPT])?")


def _is_abbreviation(word: str) -> bool:
    w = word.rstrip(",.;:")
    return len(w) >= 2 and w.isupper() and w.replace("&", "").isalpha() and not _SYLLABLE.fullmatch(w)


def case_org(name: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN' -> 'Ủy ban nhân dân tỉnh Nghệ An'; 'BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH' ->
    'Bộ Văn hóa, Thể thao và Du lịch'. Names already in mixed case are returned as written."""
    name = re.sub(r"\s+", " ", name).strip(" ,;:.-")
    if not _is_caps(name):
        return name
    place = ""
    loc = _LOCALITY_RE.search(name)
    if loc and loc.start() > 0:
        kind = loc.group(1).rstrip(".")
        kind = "thành phố" if kind in {"TP", "THÀNH PHỐ"} else kind.lower()
        place = " " + kind + " " + " ".join(_cap(w) for w in loc.group(2).split())
        name = name[:loc.start()].strip()
    party = _PARTY_COMMITTEE_RE.match(name)
    if party:
        # Cấp ủy of a place: "HUYỆN ỦY THANH CHƯƠNG" -> "Huyện ủy Thanh Chương" (the rest is the place's own name).
        # A place name has a few words of letters; whatever runs on after it (a bad scan) is not cased as a name.
        words = (party.group(2) or "").split()
        named = len(words) <= 4 and all(w.isalpha() for w in words)
        head = _cap(party.group(1)) + " ủy"
        return (head + "".join(" " + (_cap(w) if named else w.lower()) for w in words) + place).strip()
    out = ""
    rest = name
    for head in sorted(_HEAD_CASE, key=len, reverse=True):
        if rest == head or rest.startswith(head + " "):
            out, rest = _HEAD_CASE[head], rest[len(head):].strip()
            break
    else:
        first, _, rest = rest.partition(" ")
        out = _cap(first)
    if rest:
        for proper, cased in _PROPER.items():
            rest = re.sub(rf"\b{proper}\b", cased.upper().replace(" ", "\u0001"), rest)
        words = rest.split(" ")
        cased_words: list[str] = []
        capital_next = True
        for w in words:
            proper_word = "\u0001" in w or w.upper() in {"ĐẢNG"}
            if proper_word:
                key = w.replace("\u0001", " ").rstrip(",")
                cw = next((v for k, v in _PROPER.items() if k == key), _cap(key)) + ("," if w.endswith(",") else "")
            elif w in {"VÀ", "-", "&"}:
                cw = w.lower() if w == "VÀ" else w
            elif _is_abbreviation(w):
                cw = w
            elif capital_next:
                cw = _cap(w)
            else:
                cw = w.lower()
            cased_words.append(cw)
            capital_next = w.endswith(",") or w in {"VÀ", "-", "&"}
        out = out + " " + " ".join(cased_words)
    return (out + place).strip()


def _header_levels(lines: list[str]) -> list[str]:
    """Split the issuer lines of the header into levels ('BỘ TÀI CHÍNH', 'CỤC THUẾ')."""
    levels: list[str] = []
    for line in lines:
        line = normalize_tone(line).strip(" ;")
        if not line:
            continue
        starts_level = len(line.split()) >= 2 and any(line == h or line.startswith(h + " ") for h in _LEVEL_HEADS)
        if levels and starts_level and _complete(levels[-1]):
            levels.append(line)
        elif levels:
            levels[-1] = levels[-1] + " " + line
        else:
            levels.append(line)
    out: list[str] = []
    for level in levels:
        out.extend(_split_inline(level))
    return out


def _complete(level: str) -> bool:
    words = level.split()
    if len(words) < 2 or words[-1] in {"VÀ", "CỦA", "-", "&", "TỔNG", "CHI", "ỦY", "UỶ"} or level.endswith((",", "-")):
        return False
    return level not in {"ỦY BAN", "UỶ BAN", "HỘI ĐỒNG", "VĂN PHÒNG", "BAN CHẤP", "ỦY BAN NHÂN", "HỘI ĐỒNG NHÂN"}


def _split_inline(level: str) -> list[str]:
    for head in _INLINE_HEADS:
        for m in re.finditer(rf"(?<=\s){head}(?=\s|$)", level):
            before, after = level[:m.start()].strip(), level[m.start():].strip()
            if before.endswith("TỔNG") or not _complete(before):
                continue
            if head == "VĂN PHÒNG" and after != "VĂN PHÒNG":
                continue
            return _split_inline(before) + [after]
    return [level]


def _issuer_from_levels(levels: list[str]) -> str | None:
    levels = [lv for lv in levels if _letters(lv)]
    if not levels:
        return None
    last = levels[-1]
    if last in {"VĂN PHÒNG", "BAN", "THƯỜNG TRỰC"} and len(levels) >= 2:
        return _cap(last.lower()) + " " + case_org(levels[-2])
    issuer = case_org(last)
    if len(levels) >= 2 and not _LOCALITY_RE.search(last) and not last.startswith(("BỘ ", "CỤC ", "TỔNG CỤC ")):
        loc = _LOCALITY_RE.search(levels[-2])
        if loc and (fold(loc.group(2)) not in fold(issuer)):
            issuer = issuer + " " + case_org("X " + loc.group(0)).split(" ", 1)[1]
    return issuer


_PERSON_TITLE_RE = re.compile(
    r"^(?:BỘ TRƯỞNG|CHỦ TỊCH|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CHÁNH VĂN PHÒNG|"
    r"TRƯỞNG BAN|THỐNG ĐỐC|TỔNG KIỂM TOÁN|VIỆN TRƯỞNG|HIỆU TRƯỞNG|CHÁNH ÁN|TỔNG THANH TRA)\s+(.+)$"
)
_COLLECTIVE_RE = re.compile(
    r"^(?:CHÍNH PHỦ|THỦ TƯỚNG CHÍNH PHỦ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|CHỦ TỊCH NƯỚC|"
    r"(?:ỦY BAN|HỘI ĐỒNG) NHÂN DÂN(?: .+)?|BAN (?:BÍ THƯ|CHẤP HÀNH).*|BỘ CHÍNH TRỊ)$"
)


def _authority_issuer(line: str) -> str | None:
    """'BỘ TRƯỞNG BỘ TƯ PHÁP' -> 'Bộ Tư pháp'; 'CHÍNH PHỦ' -> 'Chính phủ' (the line above 'Căn cứ …')."""
    s = normalize_tone(re.sub(r"\s+(?:điện|ĐIỆN)\s*:?$", "", line).strip(" :"))
    if not _is_caps(s):
        return None
    if _COLLECTIVE_RE.match(s):
        return case_org(s)
    m = _PERSON_TITLE_RE.match(s)
    if m:
        return case_org(m.group(1))
    return None


def _issuer_from_signature(signer: Signer, place: str | None) -> str | None:
    """'TM. CHÍNH PHỦ' -> 'Chính phủ'; 'TM. ỦY BAN NHÂN DÂN' signed in 'Gia Lai' -> 'Ủy ban nhân dân Gia Lai'."""
    first = (signer.authority or "").split(" / ")[0]
    m = re.match(r"^(?:TM|T/M|T\.M)\s*\.?\s*(.+)$", first)
    if not m:
        return None
    org = normalize_tone(m.group(1)).strip(" ,.")
    if not _is_caps(org):
        return None
    if org in {"ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"}:
        return case_org(org) + " " + place if place else None
    return case_org(org)


# ----------------------------------------------------------------------------------------------------------
# Signature block

_SIGN_MARKER = re.compile(r"^(?:\(?(?:Đã|đã|ĐÃ)\s*(?:ký|KÝ)\)?|\[daky\]|\(Ký[^)]*\)|\(Chữ ký số\)|\(ký\)|\(Đã ký và đóng dấu\))$")


def _title_case(title: str) -> str:
    words = title.lower().split()
    if not words:
        return title
    words[0] = _cap(words[0])
    if words[0] == "Phó" and len(words) > 1:
        words[1] = _cap(words[1])
    return " ".join(words)


@dataclass
class _Candidate:
    line: int
    signer: Signer


def _caps_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of lines in capitals of at most 90 characters, in order. Only a line that passes
    str.isupper (the first test of _is_caps) can start one, so the other lines are skipped at once (speed)."""
    out: list[tuple[int, int]] = []
    n = len(lines)
    j = 0  # where the last block ended
    for i in [k for k, ln in enumerate(lines) if ln.isupper()]:
        if i < j or not _is_caps(lines[i]) or len(lines[i]) > 90:
            continue
        j = i
        while j < n and lines[j] and _is_caps(lines[j]) and len(lines[j]) <= 90:
            j += 1
        out.append((i, j))
    return out


def _signature_candidates(lines: list[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    n = len(lines)
    for i, j in _caps_blocks(lines):
        block = lines[i:j]
        if any(_AUTH_PREFIX.match(b) or _TITLE_START.match(normalize_tone(b)) for b in block) \
                or _TITLE_START.match(normalize_tone(" ".join(block))):
            k = j
            while k < n and (not lines[k] or _SIGN_MARKER.match(lines[k])) and k - j < 10:
                k += 1
            name_parts: list[str] = []
            while k < n and lines[k] and len(name_parts) < 3:
                cand = " ".join(name_parts + [lines[k]])
                words = _strip_rank(cand).split()
                if all(_is_name_word(w) for w in words) and len(words) <= 6:
                    name_parts.append(lines[k])
                    k += 1
                else:
                    break
            name = _strip_rank(" ".join(name_parts))
            if _is_person_name(name):
                title, authority = _split_block(block)
                out.append(_Candidate(i, Signer(name=name, title=title, authority=authority)))
            elif not name_parts and k < n and _is_caps_name(lines[k]):
                title, authority = _split_block(block)
                out.append(_Candidate(i, Signer(name=_strip_rank(lines[k]), title=title, authority=authority)))
            elif len(block) >= 2 and _is_caps_name(block[-1]) and (
                    _AUTH_PREFIX.match(block[-2]) or _TITLE_START.match(normalize_tone(block[-2]))):
                # The name typed in capitals, as the last line of the block.
                title, authority = _split_block(block[:-1])
                out.append(_Candidate(i, Signer(name=_strip_rank(block[-1]), title=title, authority=authority)))
    return out


def _split_block(block: list[str]) -> tuple[str | None, str | None]:
    """['TM. ỦY BAN', 'NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] -> ('Phó Chủ tịch', 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH')."""
    title_at = None
    for idx in range(len(block) - 1, -1, -1):
        b = block[idx]
        if _AUTH_PREFIX.match(b):
            break
        if _TITLE_START.match(normalize_tone(b)):
            title_at = idx
            break
    if title_at is None:
        # Only authority lines. A flattened block ("KT. BỘ TRƯỞNG THỨ TRƯỞNG") ends with the title on the same line;
        # "KT. CHỦ TỊCH" alone is its own title.
        segs = _segments([p for b in block for p in _INNER_PREFIX.split(b) if p.strip()])
        last = segs[-1] if segs else ""
        m = _AUTH_PREFIX.match(last)
        if m is None:
            return _title_case(" ".join(block)), None
        if m:
            for t in _INNER_TITLE.finditer(last, m.end() + 1):
                if t.start() <= m.end() + 1 or last[:t.start()].rstrip().endswith(","):
                    continue
                head, title = last[:t.start()].strip(), last[t.start():].strip()
                segs[-1] = head
                return _title_case(title), " / ".join(segs)
        title = _AUTH_PREFIX.sub("", last).strip(" .,")
        return (_title_case(title) if title else None), (" / ".join(segs) or None)
    title = " ".join(block[title_at:])
    segs = _segments(block[:title_at])
    return _title_case(title), (" / ".join(segs) or None)


_INNER_PREFIX = re.compile(r"\s+(?=(?:TM|KT|TL|TUQ|K/T|T/M|T/L)\.?\s)")
_INNER_TITLE = re.compile(
    r"(?<=\s)(?:PHÓ|THỨ TRƯỞNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|GIÁM ĐỐC|CỤC TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|"
    r"BỘ TRƯỞNG|CHỦ NHIỆM|VIỆN TRƯỞNG|HIỆU TRƯỞNG|TỔNG GIÁM ĐỐC|CHI CỤC TRƯỞNG|CHÁNH THANH TRA)\b"
)


def _segments(lines: list[str]) -> list[str]:
    segs: list[str] = []
    for b in lines:
        if _AUTH_PREFIX.match(b) or not segs:
            segs.append(b)
        else:
            segs[-1] = segs[-1] + " " + b
    return [re.sub(r"\s+", " ", s).strip() for s in segs]


def _choose_signer(lines: list[str], noi_nhan: int | None) -> Signer | None:
    cands = _signature_candidates(lines)
    if not cands:
        return None
    if noi_nhan is not None:
        after = [c for c in cands if 0 < c.line - noi_nhan <= 60]
        if after:
            return after[0].signer
        before = [c for c in cands if 0 < noi_nhan - c.line <= 25]
        if before:
            return before[-1].signer
    end = next((i for i, ln in enumerate(lines) if ln.endswith("/.")), None)  # "./." ends with "/." too
    if end is not None:
        after = [c for c in cands if c.line > end]
        if after:
            return after[0].signer
    return cands[0].signer


# ----------------------------------------------------------------------------------------------------------
# Recipients

_NOI_NHAN_RE = re.compile(r"^Nơi\s*nhận\s*:?\s*(.*)$", re.IGNORECASE)
_KINH_GUI_RE = re.compile(r"^Kính\s*gửi\s*:?\s*(.*)$", re.IGNORECASE)


def _clean_item(item: str) -> str | None:
    s = re.sub(r"\s+", " ", item).strip(" -–;,.+:")
    s = re.sub(r"\s*\((?:để|đ/c|b/c|p/h|t/h|thay|báo cáo|biết|thực hiện|phối hợp|chỉ đạo)[^)]*\)\s*$", "", s,
               flags=re.IGNORECASE).strip(" ;,.")
    if not s or len(s) < 2:
        return None
    f = fold(s)
    if f.startswith(("nhu tren", "nhu dieu", "luu", "nhu khoan", "nhu kinh gui")):
        return None
    return s


_ITEM_BREAK = re.compile(r";\s*|\n\s*[-–+•]\s*")
_INLINE_DASH = re.compile(r"(?:^|\s)([-–•])\s+(?=[A-ZĐÀ-Ỹ])")
# what opens a recipient of its own after a dash, never the second field of a unit's name
_ITEM_OPENER = re.compile(r"(?:Lưu|Như|Đ/c|Đồng\s+chí|Các|Thường\s+trực|Chủ\s+tịch|Phó)(?!\w)")


def _dash_items(part: str) -> list[str]:
    """Items written on one line with dashes between them ("- Sở A - Sở B"). A dash inside a unit's name joins two
    fields of it ("Phòng Tài chính - Kế hoạch", "Sở Lao động - Thương binh và Xã hội") and does not cut it: the
    unit matcher reads the name on over that dash, and no unit's name starts after it."""
    out: list[str] = []
    start = 0
    for m in _INLINE_DASH.finditer(part):
        if m.group(1) != "•" and not _ITEM_OPENER.match(part, m.end()) and not match_unit(part, m.end()).ok:
            item = part[start:]
            at = start + len(item) - len(item.lstrip(" -–"))
            if match_units(part, at).end > m.end():
                continue
        out.append(part[start:m.start()])
        start = m.end()
    out.append(part[start:])
    return out


def _split_items(text: str) -> list[str]:
    parts = [item for part in _ITEM_BREAK.split(text) for item in _dash_items(part)]
    out = []
    for p in parts:
        c = _clean_item(p)
        if c:
            out.append(c)
    return out


def _list_after(lines: list[str], start: int, first: str, stop_caps: bool) -> list[str]:
    """Items of a dashed list that starts at lines[start] (after 'Kính gửi:' / 'Nơi nhận:')."""
    chunks: list[str] = [first] if first else []
    in_list = bool(first)
    k = start + 1
    blank = 0
    while k < len(lines) and k - start < 40:
        ln = lines[k]
        if not ln:
            blank += 1
            if in_list and blank >= 1 and k + 1 < len(lines) and not lines[k + 1].startswith(("-", "–", "+")):
                break
            k += 1
            continue
        blank = 0
        if stop_caps and _is_caps(ln):
            break
        if ln.startswith(("-", "–", "+", "•")):
            chunks.append("\n- " + ln.lstrip("-–+• "))
            in_list = True
        elif ln.startswith("(") and chunks:
            chunks.append(" " + ln)
        elif in_list and chunks and not chunks[-1].rstrip().endswith((";", ".")):
            chunks.append(" " + ln)
        elif not in_list and not chunks:
            chunks.append(ln)
            in_list = True
        elif chunks and chunks[-1].rstrip().endswith(";") and ln[:1].isupper() and len(ln) < 100:
            chunks.append("\n- " + ln)  # undashed list, one unit a line
        else:
            break
        k += 1
    return _split_items("".join(chunks))


def _recipients(lines: list[str], header_end: int) -> tuple[list[str], int | None]:
    out: list[str] = []
    noi_idx = None
    for i, ln in enumerate(lines[:max(header_end + 40, 80)]):
        m = _KINH_GUI_RE.match(ln) if ln.startswith(("K", "k", "\u212a")) else None  # K in any case (Kelvin sign too)
        if m:
            first = m.group(1)
            if first and not first.startswith("-"):
                # Same-line addressee, perhaps wrapped onto one short line.
                items = _split_items(first)
                nxt = lines[i + 1] if i + 1 < len(lines) else ""
                if items and not first.rstrip().endswith((".", ";")) and nxt and not nxt.startswith("(") \
                        and not _is_caps(nxt) and (len(nxt.split()) <= 3 or nxt[0].islower() and len(nxt) < 80):
                    items[-1] = items[-1] + " " + nxt.strip(" .;")
                out.extend(items)
            else:
                out.extend(_list_after(lines, i, first, stop_caps=False))
            break
    for i in range(len(lines) - 1, -1, -1):
        ln = lines[i]
        if not ln.startswith(("N", "n")):
            continue  # neither "Nơi nhận" (any case) nor "Nơi" alone (speed: the same lines match)
        m = _NOI_NHAN_RE.match(ln)
        if not m and ln == "Nơi" and i + 1 < len(lines) and lines[i + 1].lower().startswith("nhận"):
            m = _NOI_NHAN_RE.match("Nơi " + lines[i + 1])
            if m:
                noi_idx = i
                out.extend(x for x in _list_after(lines, i + 1, m.group(1), stop_caps=True) if x not in out)
                break
        if m:
            noi_idx = i
            out.extend(x for x in _list_after(lines, i, m.group(1), stop_caps=True) if x not in out)
            break
    return out, noi_idx


# ----------------------------------------------------------------------------------------------------------
# Title and subject

_SUBJECT_STOP = re.compile(
    r"^(?:Căn\s*cứ|Kính\s*gửi|Ngày\s+\d|Trong\s+(?:các\s+)?ngày|Thực\s+hiện|Điều\s+\d|Theo\s+đề\s+nghị|Xét\s|"
    r"Chương\s+[IVX\d]|Phần\s+[IVX\d]|Sáng\s+ngày|Chiều\s+ngày|Vừa\s+qua|Nhằm|Để\s|CĂN\s+CỨ|KÍNH\s+GỬI|"
    r"Trả\s+lời|Phúc\s+đáp|Tiếp\s+theo|Hiện\s+nay|Thời\s+gian\s+qua|Sau\s+khi|Qua\s|Nơi\s*nhận|"
    # "Thông báo này thay thế Thông báo số 98/TB-UBND …", "(Thay thế Quyết định số …)": which document this one replaces
    # or amends, a sentence of the body under the subject, never words of the subject (rules34)
    r"\(?(?:Thay\s+thế|THAY\s+THẾ)\s|(?:Thông\s+báo|Quyết\s+định|Văn\s+bản|Công\s+văn|Kế\s+hoạch|Chỉ\s+thị|"
    r"Công\s+điện|Hướng\s+dẫn|Báo\s+cáo|Tờ\s+trình|Nghị\s+quyết)\s+này\s+(?:thay\s+thế|sửa\s+đổi|bổ\s+sung|đính\s+chính))",
)


_VV_RE = re.compile(r"^(?:[Vv]/[Vv]\s*[:.]?|Về\s+việc\s*:)\s*(.*)$")


# the body's opening under a title: "Chủ tịch UBND tỉnh kết luận như sau:", "1. Giao Sở …", a sentence that opens a
# list or table ("UBND huyện ban hành Kế hoạch …:"), a row of a table (cells by tabs; "TT Nhiệm vụ …"), or an assignment ("Giao …",
# "Yêu cầu …", "Đề nghị …") — a title's next line never is one of these
_BODY_START = re.compile(r"^(?:.*\b(?:như\s+sau|sau\s+đây)\s*:\s*$|\d{1,2}[.)]\s+\S|.*:\s*$|.*\t|"
                         r"(?:Giao|Yêu\s+cầu|Đề\s+nghị)\s|S?TT(?:\s|$))")


_HARD_STOP = re.compile(r"^(?:Căn\s*cứ|Kính\s*gửi|Ngày\s+\d|Điều\s+\d|Chương\s+[IVX\d]|CĂN\s+CỨ|KÍNH\s+GỬI|Nơi\s*nhận)")


def _is_authority_line(line: str) -> bool:
    s = normalize_tone(re.sub(r"\s+(?:điện|ĐIỆN)\s*:?$", "", line).strip(" :"))
    return _is_caps(s) and bool(_PERSON_TITLE_RE.match(s) or _COLLECTIVE_RE.match(s) or s.startswith("THỦ TƯỚNG"))


def _subject_after(lines: list[str], start: int, first: str) -> str | None:
    parts: list[str] = [first] if first else []
    all_caps = _is_caps(first) if first else None
    k = start + 1
    while k < len(lines) and k - start <= 10:
        ln = lines[k]
        if not ln:
            if parts:
                break
            k += 1
            continue
        if _is_stamp_line(ln):  # "MẬT", "HỎA TỐC", "Độ mật: Mật" under the V/v line: the stamp, not the subject
            if parts:
                break
            k += 1
            continue
        stop = _HARD_STOP if not parts else _SUBJECT_STOP  # "KẾ HOẠCH\nThực hiện Nghị quyết …" is a title
        if stop.match(ln) or ln.startswith(("Số", "V/v", "Kính")) or (parts and _BODY_START.match(ln)) or (
                len(ln) < 120 and "ngày" in ln and _DATE_LINE_RE.match(ln)):
            break
        if _is_authority_line(ln) and not all(_is_caps(x) for x in lines[k + 1:k + 3]):
            break
        caps = _is_caps(ln)
        if all_caps is None:
            all_caps = caps
        elif all_caps and not caps:
            break
        parts.append(ln)
        k += 1
    s = re.sub(r"\s+", " ", " ".join(parts)).strip(" .;:")
    if not first and parts and _SUBJECT_STOP.match(parts[0]) and len(s) > 300:
        return None  # the body's first sentence, not a title
    return s or None


# ----------------------------------------------------------------------------------------------------------
# The catalogue line some portals append ("Công văn 6278/BVHTTDL-VP … ngày 20/11/2025 do Bộ … ban hành")

_CATALOGUE_RE = re.compile(
    r"^(?P<type>[A-ZĐÀ-Ỹ][^\d\n]{2,30}?)\s+(?P<num>" + NUMBER_PATTERN + r")(?P<rest>.*?)\s+do\s+(?P<issuer>[^\n]{3,120}?)"
    r"\s+ban\s+hành\s*$",
)


@dataclass
class _Catalogue:
    doc_type: str | None
    number: str
    issued_date: str | None
    issuer: str
    subject: str | None


# line breaks str.splitlines knows besides "\n"
_OTHER_BREAKS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_OTHER_BREAK_CHARS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _lines_with(text: str, word: str) -> list[str]:
    """`[line for line in text.splitlines() if word in line]`, reading only the lines around the word."""
    if word not in text:
        return []
    if any(c in text for c in _OTHER_BREAK_CHARS):  # = _OTHER_BREAKS.search(text), nine fast substring tests
        return [line for line in text.splitlines() if word in line]
    out: list[str] = []
    k = text.find(word)
    while k >= 0:
        start = text.rfind("\n", 0, k) + 1
        end = text.find("\n", k)
        end = len(text) if end < 0 else end
        out.append(text[start:end])
        k = text.find(word, end)
    return out


def _catalogue(text: str) -> _Catalogue | None:
    best = None
    matches = (_CATALOGUE_RE.match(line) for line in _lines_with(text, "ban hành") if 20 < len(line) < 600)
    for m in (x for x in matches if x is not None):
        doc_type = type_from_title(m.group("type").upper())
        if doc_type is None:
            continue
        d = re.search(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", m.group("rest"))
        issuer = m.group("issuer").strip()
        issuer = re.sub(r"^(?:Bộ trưởng|Chủ tịch|Cục trưởng|Giám đốc|Tổng cục trưởng|Thống đốc)\s+(?=[A-ZĐÀ-Ỹ])", "",
                        issuer)
        subject = re.sub(r"^\s*(?:năm\s+\d{4}|ngày\s+\d{1,2}/\d{1,2}/\d{4})\s*", "", m.group("rest")).strip()
        best = _Catalogue(doc_type, clean_number(m.group("num")),
                          iso_date(int(d.group(3)), int(d.group(2)), int(d.group(1))) if d else None, issuer,
                          subject or None)
        if best.issued_date:
            return best
    return best


# ----------------------------------------------------------------------------------------------------------
# Stamps

_CONF = {"MẬT": "Mật", "TỐI MẬT": "Tối mật", "TUYỆT MẬT": "Tuyệt mật"}
_URG = {"KHẨN": "Khẩn", "THƯỢNG KHẨN": "Thượng khẩn", "HỎA TỐC": "Hỏa tốc", "HỎA TỐC HẸN GIỜ": "Hỏa tốc"}


_STAMP_SEP = re.compile(r"[\s.:!*]+")
_STAMP_LINE = re.compile(r"^Độ\s+(mật|khẩn)\s*:\s*(.+)$", re.IGNORECASE)


def _is_stamp_line(ln: str) -> bool:
    """A line that is only a độ mật / độ khẩn stamp ("MẬT", "HỎA TỐC", "Độ mật: Mật")."""
    if _STAMP_LINE.match(ln):
        return True
    if not _is_caps(ln):
        return False
    s = normalize_tone(_STAMP_SEP.sub(" ", normalize_tone(ln)).strip().upper())
    return s in _CONF or s in _URG


def _stamps(lines: list[str], limit: int) -> tuple[str | None, str | None]:
    conf = urg = None
    for ln in lines[:limit]:
        if not _is_caps(ln):
            m = _STAMP_LINE.match(ln)
            if m:
                val = normalize_tone(m.group(2).strip(" .").upper())
                if m.group(1).lower() == "mật" and val in _CONF:
                    conf = conf or _CONF[val]
                elif val in _URG:
                    urg = urg or _URG[val]
            continue
        s = normalize_tone(_STAMP_SEP.sub(" ", normalize_tone(ln)).strip().upper())
        if s in _CONF and conf is None:
            conf = _CONF[s]
        elif s in _URG and urg is None:
            urg = _URG[s]
    return conf, urg


# ----------------------------------------------------------------------------------------------------------


def _as_written(key: str, phrase: str, src: str) -> bool:
    """`key in "".join(src.split())` (key: `phrase` without its white space), without building that copy of the
    whole text: a phrase found as it is is there; otherwise its characters with any white space between them."""
    if not key or (phrase in src and "".join(phrase.split()) == key):
        return True
    # the first characters by a pattern (white space allowed between them), the rest by a walk from there; every
    # start is tried (from a given start the pattern matches at most one way: white space, then the next character)
    head = re.compile(r"\s*".join(map(re.escape, key[:12])))
    rest = key[12:]
    n = len(src)
    m = head.search(src)
    while m is not None:
        i = m.end()
        for ch in rest:
            while i < n and src[i].isspace():
                i += 1
            if i >= n or src[i] != ch:
                break
            i += 1
        else:
            return True
        m = head.search(src, m.start() + 1)
    return False


def _head_limit(lines: list[str]) -> int:
    """After the 71st non-empty line (or the last non-empty one): `nonempty[min(len(nonempty) - 1, 70)] + 1` of the
    non-empty lines' indexes, 0 when there is none, without listing them all."""
    seen = 0
    last = -1
    for i, ln in enumerate(lines):
        if ln:
            last = i
            seen += 1
            if seen == 71:
                break
    return last + 1


def extract_metadata(text: str) -> DocumentInfo:
    """Number, type, issuer, date, place, subject, signer, recipients, references and stamps of a document."""
    info = DocumentInfo(text=text)
    if not text or not text.strip():
        return info
    src = unicodedata.normalize("NFC", text)
    lines = _prepare(src)
    n = len(lines)
    head_limit = _head_limit(lines)

    # Number
    m_num = _own_number_match(src)
    number: str | None = None
    if m_num:
        number = clean_number(m_num.group(1))
    catalogue = _catalogue(src)
    if number is None and catalogue is not None:
        number = catalogue.number
    info.number = number

    # Locate the header lines
    motto = next((i for i in range(min(n, head_limit)) if lines[i] and _is_motto(lines[i])
                  and not lines[i].startswith("Độc")), None)
    num_line = None
    if number and m_num is not None:
        key = "".join(number.split())
        for i in range(min(n, head_limit)):
            if re.match(r"^\W*(?:\w+\s+){0,2}(?:Số|SỐ|số)\b", lines[i]) and \
                    key in "".join((lines[i] + (lines[i + 1] if i + 1 < n else "")).split()):
                num_line = i
                break
    if num_line is None and number is None:
        # "Số:      /TB-UBND": a number left blank until registration still marks the header's number line
        num_line = next((i for i in range(min(n, 20)) if lines[i] and _BLANK_NUMBER_RE.match(lines[i])), None)
    date_line = _find_date_line(lines, head_limit)
    if date_line:
        info.issued_date = date_line.iso
        info.place = date_line.place
    elif catalogue is not None:
        info.issued_date = catalogue.issued_date

    # Issuer: capitals above the motto (or above the number / date when the motto is missing)
    anchors = [x for x in (motto, num_line, date_line.line if date_line else None) if x is not None]
    header_end = max(anchors) if anchors else 0
    issuer_lines: list[str] = []
    if anchors:
        top = min(anchors)
        end = max(a for a in anchors if a <= top + 12)
        if num_line is not None and num_line > 0:
            end = min(end, num_line)  # the issuer is always above the number
        zone = range(0, end)
        for i in zone:
            ln = lines[i]
            if not ln or _is_motto(ln):
                continue
            if number and re.sub(r"\s+", "", ln) in number:
                continue
            if _CODE_ONLY_RE.match(ln):
                continue  # "/KH-MTTQ-BTT", "- KH/ĐTN": the code of a blank number, on a line of its own
            if _is_caps(ln) and not NUMBER_RE.search(ln) and not ln[0].isdigit() and ln.upper() not in _CONF \
                    and ln.upper() not in _URG:
                if ln.startswith(("SỐ", "V/V")) or type_from_title(ln):
                    continue
                issuer_lines.append(ln)
            elif issuer_lines and any(c.islower() for c in ln):
                # Text above the header (portal junk) resets; real headers are contiguous capitals.
                if i < top:
                    issuer_lines = []
        if len(issuer_lines) > 6:
            issuer_lines = issuer_lines[-6:]
    issuer = _issuer_from_levels(_header_levels(issuer_lines)) if issuer_lines else None

    # Title, type and subject
    type_line = None
    title_type = None
    search_from = (header_end + 1) if anchors else 0
    for i in range(search_from, min(n, search_from + 25)):
        ln = lines[i]
        if not ln:
            continue
        if _SUBJECT_STOP.match(ln) and not ln.upper().startswith("THỰC HIỆN"):
            break
        if _is_caps(ln.split(":")[0]) or _is_caps(ln):
            cand = ln
            t = type_from_title(cand) or _ocr_title(cand)
            if t is None and i + 1 < n and _is_caps(lines[i + 1] or "x"):
                cand = ln + " " + lines[i + 1]
                t = type_from_title(cand)
                if t is not None and not type_from_title(ln):
                    # "QUYẾT\nĐỊNH": the title is broken over two lines
                    lines[i + 1] = cand
                    i += 1
                    ln = cand
            if t is not None and not ln.rstrip().endswith(":"):
                title_type, type_line = t, i
                break
    vv_subject = None
    for i in range(search_from if anchors else 0, min(n, head_limit)):
        m = _VV_RE.match(lines[i])
        if m:
            vv_subject = _subject_after(lines, i, m.group(1))
            if type_line is None or i < type_line + 3:
                break
    if vv_subject is None and anchors:
        for i in range(0, header_end + 1):
            m = _VV_RE.match(lines[i])
            if m:
                vv_subject = _subject_after(lines, i, m.group(1))
                break

    doc_type = title_type
    if number and type_of_number(number) == "Văn bản hợp nhất":
        doc_type = "Văn bản hợp nhất"  # a consolidated text keeps the title of the text it consolidates
    if doc_type is None and vv_subject is not None:
        doc_type = "Công văn"
    if doc_type is None and catalogue is not None and catalogue.number == number and num_line is None:
        # No header at all: the catalogue line names the type in words, which beats guessing from the code.
        doc_type = catalogue.doc_type
    if doc_type is None and number:
        doc_type = type_of_number(number)
    if doc_type is None and number is None:
        doc_type = _code_of_illegible_number(lines, min(n, 25))
    info.doc_type = doc_type

    if type_line is not None:
        t_line = lines[type_line]
        rest = re.sub(r"\s+", " ", t_line).strip()
        rest = rest[len(doc_type or ""):].strip(" :") if doc_type and fold(rest).startswith(fold(doc_type)) else ""
        subject = _subject_after(lines, type_line, rest)
        if subject and _VV_RE.match(subject):
            subject = _VV_RE.sub(r"\1", subject)
        info.subject = subject or vv_subject
    else:
        info.subject = vv_subject
    if info.subject is None and catalogue is not None and catalogue.number == number and num_line is None:
        info.subject = catalogue.subject

    # Issuer fallbacks: the authority line above "Căn cứ", the code in the number, the portal catalogue line
    if issuer is None or issuer in _BARE_HEADS:
        # (a bare "Ủy ban nhân dân" whose locality line the flattened header lost is completed by the authority
        # line "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN" above "Căn cứ", when that line names the same body with its locality)
        start = type_line if type_line is not None else search_from
        for i in range(start, min(n, start + 20)):
            if lines[i] and _SUBJECT_STOP.match(lines[i]):
                break
            a = _authority_issuer(lines[i]) if lines[i] else None
            if a and (issuer is None or (a.startswith(issuer + " ") and len(a.split()) > len(issuer.split()) + 1)):
                issuer = a
                break
    if issuer is None and number:
        segs = code_segments(number)
        for seg in segs[:2]:
            if type_from_code(seg) and seg != segs[-1]:
                continue
            code = re.sub(r"\d+$", "", seg.upper())
            if code in ISSUER_CODES:
                issuer = ISSUER_CODES[code]
                break
    if issuer is None and catalogue is not None:
        issuer = catalogue.issuer
    if issuer is None and doc_type in _SOLE_ISSUER:
        issuer = _SOLE_ISSUER[doc_type]

    # Recipients and signer
    recipients, noi_idx = _recipients(lines, header_end)
    info.recipients = recipients
    info.signer = _choose_signer(lines, noi_idx)
    if issuer is None and info.signer is not None:
        issuer = _issuer_from_signature(info.signer, info.place)
    info.issuer = issuer

    # What is reported "as written" must be found in the text (whitespace aside): layout repairs (pipes, glued
    # words) may join pieces that were never one phrase.
    if info.subject is not None and (sum(c.isalpha() for c in info.subject) < 2
                                     or not _as_written("".join(info.subject.split()), info.subject, src)):
        info.subject = None
    if info.number is not None and not _as_written("".join(info.number.split()), info.number, src):
        info.number = None
    if info.signer is not None and not _as_written((info.signer.name or "").replace(" ", ""), info.signer.name or "",
                                                    src):
        info.signer = None

    if info.issued_date is None and doc_type in {"Luật", "Bộ luật", "Pháp lệnh", "Nghị quyết"}:
        info.issued_date = _passed_on(src)

    info.confidentiality, info.urgency = _stamps(lines, max(header_end + 8, 15))
    info.references = find_references(src, exclude=number)
    return info
