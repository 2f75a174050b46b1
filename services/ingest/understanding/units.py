"""The units a directive names: the directory itself (canonical names, aliases) is services.vntext.units."""
from __future__ import annotations

import re
from functools import lru_cache

from services.ingest.understanding.task_units import JOINT_OFFICE, TITLE_RE, bare_head, match_units
from services.vntext.units import (
    UnitDirectory,
    canonical_name,
    canonical_unit,
    directory,
    fold_unit,
    is_known_unit,
)

__all__ = ["UnitDirectory", "canonical_name", "canonical_unit", "directory", "expand_units", "fold_unit",
           "is_known_unit", "routing_units", "unit_of_office"]


def expand_units(phrase: str) -> list[str]:
    """The units a phrase names, each by its canonical name: 'Các Sở: XD, KH&ĐT, TN&MT' -> three departments,
    'Sở Y tế, UBND các huyện' -> two. A phrase that names no recognisable unit comes back whole."""
    return list(_expand_units(phrase))  # a copy: callers may change their list


@lru_cache(maxsize=16384)
def _expand_units(phrase: str) -> tuple[str, ...]:
    return tuple(_expand_units_uncached(phrase))


def _expand_units_uncached(phrase: str) -> list[str]:
    text = re.sub(r"\s+", " ", phrase).strip(" ,;:.")
    if not text:
        return []
    out: list[str] = []
    k = 0
    head = ""  # the head of the last unit named ("Sở" of "Sở GTVT"), carried to bare names after it
    while k < len(text):
        officers = _head_and_deputies(text, k)
        if officers is not None:
            if officers[0] not in out:
                out.append(officers[0])
            k = officers[1]
            continue
        um = match_units(text, k, support=True)
        if not um.ok:
            carried = _carried_head(text, k, head)
            if carried is None:
                break
            name, k = carried
            if name not in out:
                out.append(name)
            continue
        one = _one_office(text, k) or _name_goes_on(text, k, um.end, um.units)
        if one is not None:
            name, k = one
            if name not in out:
                out.append(name)
            continue
        head = _head_of(text[k:um.end])
        for u in um.units:
            c = canonical_name(u)
            if c and c not in out:
                out.append(c)
        m = re.compile(r"[\s,;]*(?:và\s+)?").match(text, um.end)
        k = m.end() if m and m.end() > um.end else len(text)
        if k == um.end:
            break
    if not out or k < len(text) * 0.8:
        whole = canonical_name(text)
        return [whole] if not out else out
    return out


_PIECE = re.compile(r"([^,;]+?)\s*(?:[,;]\s*|\s+và\s+|$)")


def _head_of(written: str) -> str:
    """The factored head a named unit starts with ("Sở GTVT" -> "Sở"), or ''."""
    for h in directory().factored:
        if written.startswith(h + " "):
            return h
    return ""


def _carried_head(text: str, k: int, head: str) -> tuple[str, int] | None:
    """'Sở GTVT, TC, XD' (a Nơi nhận line): a bare name after a headed unit, read under that head when head + name is
    a unit the directory knows ("Sở TC" = Sở Tài chính). The canonical name and where the next piece starts."""
    if not head:
        return None
    m = _PIECE.match(text, k)
    if not m or len(m.group(1)) > 40:
        return None
    name = canonical_name(f"{head} {m.group(1).strip()}")
    if not name or not is_known_unit(name):
        return None
    return name, (m.end() if m.end() > k else len(text))


_CHUNK_END = re.compile(r"\s*[,;]\s*|$")



def _chunk(text: str, k: int, at: int, ends: re.Pattern[str] = _CHUNK_END) -> tuple[str, int]:
    """The name from k to the next end after ``at`` (a comma or semicolon by default), and where the next name
    starts."""
    m = ends.search(text, at)
    end, nxt = (m.start(), m.end()) if m else (len(text), len(text))
    return canonical_name(text[k:end]) or text[k:end], nxt


def _one_office(text: str, k: int) -> tuple[str, int] | None:
    """A joint office ("Văn phòng HĐND và UBND huyện") read as one unit, with where the next name starts."""
    m = JOINT_OFFICE.match(text, k)
    return _chunk(text, k, m.end()) if m else None


def _head_and_deputies(text: str, k: int) -> tuple[str, int] | None:
    """A head and the deputies of one body ("Giám đốc, các Phó Giám đốc Sở …", "Chủ tịch, các PCT UBND …": the body
    is named once, at the end) read as one recipient — not the head's bare title —, with where the next starts."""
    m = _HEAD_AND_DEPUTIES.match(text, k)
    return _chunk(text, k, m.end()) if m else None


_HEAD_AND_DEPUTIES = re.compile(r"(?:Chủ\s+tịch|Giám\s+đốc|Trưởng\s+ban|Bí\s+thư|Cục\s+trưởng|Viện\s+trưởng|"
                                r"Chánh\s+án|Chánh\s+Văn\s+phòng)\s*(?:,|và)\s*(?:các\s+)?(?:Phó\s+|P(?=CT|GĐ|BT))",
                                re.IGNORECASE)


def _name_goes_on(text: str, k: int, end: int, units: list[str]) -> tuple[str, int] | None:
    """A unit whose name goes on past the directory's shorter name ("Ban Quản lý dự án đầu tư xây dựng công trình
    giao thông tỉnh" is not "Ban Quản lý dự án đầu tư xây dựng"; "Trung tâm Chuyển đổi số Thành phố" is not "Trung tâm
    Chuyển đổi"): the whole name, to the next comma, semicolon or bracket. A name ends where the name ends, not at the
    first words the directory knows. Only for one named unit (not a collective, "các sở, ngành …"), and not when
    what follows qualifies it ("… trong phạm vi …", "… có liên quan", "… theo chức năng").
    """
    if len(units) != 1 or end >= len(text) or _NAMED.match(text, k) is None or any(c in text[k:end] for c in ",;("):
        return None
    if _GOES_ON.match(text, end) is None:
        return None
    return _chunk(text, k, end, _NAME_END)


_NAMED = re.compile(r"(?:Trung\s+tâm|Bộ(?!\s+phận)|Cục|Chi\s+cục|Tổng\s+cục|Vụ|Ban|Ủy\s+ban|Uỷ\s+ban|Sở|Phòng|Văn\s+phòng|Viện|"
                    r"Bệnh\s+viện|Trường|Đài|Báo|Hội|Quỹ|Kho\s+bạc|Thanh\s+tra|Công\s+an|Tập\s+đoàn|"
                    r"Tổng\s+công\s+ty|Công\s+ty|Cảng\s+vụ|Đội|Hạt|Trạm)\s+\S")
_GOES_ON = re.compile(r"\s+(?!(?:và|hoặc|với|cùng|trong|theo|có|liên\s+quan|được|đến|từ|tại|về|để|nơi|khi|phải|cần|"
                      r"chủ\s+trì|phối\s+hợp|thực\s+hiện|các|những)(?!\w))(?=\w)", re.IGNORECASE)
_NAME_END = re.compile(r"\s*[,;(/]\s*|\s*[-–]\s*(?=(?:Bộ|Ủy|Uỷ|UBND|Sở|Tổng\s+cục)\s)|$")  # "… - Bộ Tư pháp": its ministry


# a title that holds the kind of the unit its holder heads: "Chánh Văn phòng UBND tỉnh" heads the Văn phòng, "Trưởng
# phòng Tài chính - Kế hoạch" the Phòng, "Trưởng Công an xã" the Công an
_TITLE_OF_KIND = re.compile(r"(?:Chánh|[Tt]rưởng)\s+(?P<kind>[Vv]ăn\s+phòng|[Tt]hanh\s+tra|[Cc]ông\s+an|[Bb]an|[Pp]hòng)\s+$")
# titles that are bodies, or people of a body, rather than the head of the unit named after them
# a commune's village or street group after its head's title: "Trưởng thôn Đông Hòa" heads "Thôn Đông Hòa"
_VILLAGE = re.compile(r"(?:thôn|ấp|bản|xóm|khu\s+phố|[Tt]ổ\s+dân\s+phố)\s+(?:số\s+)?[\dA-ZĐ]")
_NOT_A_HEAD = re.compile(r"(?:[Cc]ác\s+)?(?:[Đđ]ồng\s*chí\s+)?(?:[Bb]an\s+[Tt]hường\s+vụ|[UuỦủ]ỷ?y?\s+viên|thành\s+viên|trong|"
                         r"cấp)")


def unit_of_office(name: str) -> str:
    """The unit an office holder heads, for routing (issue 11: a person-in-office stands for the unit they head):
    "Giám đốc Sở Y tế" -> "Sở Y tế", "Chủ tịch UBND các xã, phường" -> "Ủy ban nhân dân các xã, phường" (a collective,
    as written without the title), "Chánh Văn phòng UBND tỉnh" -> "Văn phòng Ủy ban nhân dân tỉnh". A title with no
    unit named after it, or a name that is no title, comes back as it is."""
    m = TITLE_RE.match(name)
    if m is None or _NOT_A_HEAD.match(name, 0, m.end()):
        return name
    k = m.end()
    kind = _TITLE_OF_KIND.search(name, 0, k)
    rest = name[k:]
    if kind is not None:  # "Trưởng phòng Tài chính": "Phòng Tài chính"
        rest = name[kind.start("kind")].upper() + name[kind.start("kind") + 1:]
    if _VILLAGE.match(rest):
        return rest[:1].upper() + rest[1:]  # "Trưởng thôn Đông Hòa": the village (no directory holds villages)
    if not rest[:1].isalpha() or len(rest.split()) < 2 or bare_head(rest):
        return name  # "Giám đốc Sở", "Lãnh đạo phòng", "Hiệu trưởng trường": no unit named
    um = match_units(rest, 0, support=True)
    if not um.ok or len(um.units) != 1 or rest[um.end:].strip(" ,.;"):
        return name
    return canonical_name(rest) or name


def routing_units(phrase: str) -> list[str]:
    """The units a lead or support phrase routes to: its units (`expand_units`), an office holder as the unit they
    head."""
    out: list[str] = []
    for u in expand_units(phrase):
        r = unit_of_office(u)
        if r not in out:
            out.append(r)
    return out
