"""The directory of Vietnamese public bodies (đơn vị): canonical names, aliases and abbreviations.

Used by ingest (the units a directive names), auth (a user's unit key) and search (the unit facet), so it sits
below all of them. The data lives in ``units.json`` next to this module (a province may edit it: add its boards, centres, aliases).
It is read once. ``canonical_unit`` maps an abbreviation or alias to the canonical name; an unknown unit is kept
as written, never dropped.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from .fold import fold
from .tones import normalize_old_tones

_CATEGORIES = ("provincial_departments", "ministries", "central_agencies")

# Abbreviations that may stand anywhere inside a unit name.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bubnd\b", "ủy ban nhân dân"),
    (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bmttq\b", "mặt trận tổ quốc"),
    (r"\btp\b\.?", "thành phố"),
)


@dataclass(frozen=True)
class UnitDirectory:
    canonical: dict[str, str]  # folded name or alias -> canonical name
    names: tuple[str, ...]  # every canonical name and alias, longest first
    factored: dict[str, tuple[str, ...]]  # head ("Sở") -> names after the head ("Tài chính", ...)


@lru_cache(maxsize=16384)  # pure; the same names are folded again and again
def fold_unit(name: str) -> str:
    """A comparison key: NFC, lower case, 'Uỷ' = 'Ủy', abbreviations expanded, spacing and punctuation unified."""
    s = unicodedata.normalize("NFC", name).lower().replace("uỷ", "ủy").replace("hoá", "hóa").replace("toà", "tòa")
    for pattern, full in _ABBREVIATIONS:
        s = re.sub(pattern, full, s)
    s = re.sub(r"\s*&\s*", " và ", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _load_raw() -> dict[str, Any]:
    data = resources.files("services.vntext").joinpath("units.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(data)
    return loaded


@cache
def directory() -> UnitDirectory:
    raw = _load_raw()
    canonical: dict[str, str] = {}
    names: set[str] = set()
    factored: dict[str, set[str]] = {}
    heads = [str(h) for h in raw.get("factored_heads", [])]
    for category in _CATEGORIES:
        for entry in raw.get(category, []):
            name = str(entry["name"])
            for written in [name, *[str(a) for a in entry.get("aliases", [])]]:
                canonical.setdefault(fold_unit(written), name)
                names.add(written)
                for head in heads:
                    if written.startswith(head + " "):
                        rest = written[len(head) + 1:]
                        if not re.search(r"\b(tỉnh|thành phố)$", rest):
                            factored.setdefault(head, set()).add(rest)
    return UnitDirectory(
        canonical=canonical,
        names=tuple(sorted(names, key=lambda n: (-len(n), n))),
        factored={h: tuple(sorted(v, key=lambda n: (-len(n), n))) for h, v in factored.items()},
    )


def canonical_unit(name: str) -> str:
    """The canonical name of a unit ('Sở TN&MT' -> 'Sở Tài nguyên và Môi trường', 'UBND tỉnh Nghệ An' -> 'Ủy ban nhân
    dân tỉnh Nghệ An'); see canonical_name."""
    return canonical_name(name)


def is_known_unit(name: str) -> bool:
    return fold_unit(name) in directory().canonical


# A collective that names no unit: "các cơ quan, đơn vị", "các địa phương", "các đơn vị nêu trên", "Các sở, ban, ngành
# tỉnh", "Sở, ban, ngành" (without "Các": two kinds at least), "Các đơn vị trực thuộc", "Các sở, ban, ngành thuộc UBND
# tỉnh", "… trên địa bàn tỉnh", "… cấp tỉnh" (SECURITY.md 101, 131)
_COLLECTIVE_KIND = r"(?:cơ\s+quan|đơn\s+vị|địa\s+phương|ngành|cấp|đoàn\s+thể|ban|phòng|sở)"
_COLLECTIVE_LEVEL = r"(?:tỉnh|huyện|xã|thành\s+phố|thị\s+xã|quận|phường)"
_COLLECTIVE_COUNCIL = r"(?:UBND|HĐND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân)"
COLLECTIVE_VAGUE = re.compile(
    r"^(?:(?:các|những)\s+(?:cơ\s+quan|đơn\s+vị|địa\s+phương|ngành|cấp|sở|bộ|tỉnh|huyện|xã|trường|cá\s+nhân|tổ\s+chức|"
    r"doanh\s+nghiệp|phòng|ban)(?:(?:\s*,\s*|\s+)" + _COLLECTIVE_KIND + r")*"
    r"|(?:sở|cơ\s+quan|đơn\s+vị|ban|ngành|phòng)(?:(?:\s*,\s*|\s+)" + _COLLECTIVE_KIND + r")+)"
    # where they stand: "tỉnh", "thuộc (UBND) tỉnh", "trên địa bàn tỉnh", "cấp huyện", "trực thuộc (UBND tỉnh)"
    r"(?:\s+(?:(?:thuộc\s+(?:" + _COLLECTIVE_COUNCIL + r"\s+)?|trên\s+địa\s+bàn\s+|cấp\s+|trong\s+)?"
    + _COLLECTIVE_LEVEL + r"|trên\s+địa\s+bàn|chuyên\s+môn|"
    r"trực\s+thuộc(?:\s+(?:" + _COLLECTIVE_COUNCIL + r"|sở|" + _COLLECTIVE_LEVEL + r"))*))*"
    r"(?:\s+(?:liên\s+quan|có\s+liên\s+quan|trên|nêu\s+trên|chức\s+năng|"
    r"được\s+giao(?:\s+(?:nhiệm\s+vụ|chủ\s+trì|thực\s+hiện))?(?:\s+(?:tại|ở)\s+(?:Kế\s+hoạch|Thông\s+báo)\s+này)?))?$",
    re.IGNORECASE)


def is_collective(name: str) -> bool:
    """A collective that names no unit ("Các sở, ngành liên quan", "các cơ quan, đơn vị", "UBND các huyện, thành
    phố, thị xã", "Các sở, ban, ngành, UBND các huyện"): never a unit of the directory, nor an inbox a task can
    reach — nor an account's unit (SECURITY.md 101)."""
    parts = _COLLECTIVE_PARTS.split(_HEADS_OF.sub("", " ".join(name.split()), count=1))
    return all(COLLECTIVE_VAGUE.match(p) or _LOCAL_BODIES.match(p) for p in parts)


# the local bodies of every place of a kind: "UBND các huyện, thành phố, thị xã", "Ủy ban nhân dân các xã, phường",
# and a ministry's "UBND các tỉnh, thành phố trực thuộc Trung ương" (every province: the office itself is one of them)
_COLLECTIVE_PLACE = r"(?:tỉnh|huyện|quận|thành\s+phố|thị\s+xã|xã|phường|thị\s+trấn|đặc\s+khu)"
_LOCAL_BODIES = re.compile(rf"^(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|HĐND|Hội\s+đồng\s+nhân\s+dân)\s+"
                           rf"(?:các|những)\s+{_COLLECTIVE_PLACE}(?:\s*(?:,|và)\s*{_COLLECTIVE_PLACE})*"
                           rf"(?:\s+(?:liên\s+quan|trên\s+địa\s+bàn(?:\s+tỉnh)?|trong\s+tỉnh|trực\s+thuộc\s+Trung\s+ương))?$",
                           re.IGNORECASE)
# several collectives in one name: "Các sở, ban, ngành, UBND các huyện, thành phố, thị xã"
_COLLECTIVE_PARTS = re.compile(r"\s*(?:,|;|\svà)\s+(?=(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+)?"
                               r"(?:các|những)\s)", re.IGNORECASE)


# the heads of a collective are no unit either: "Thủ trưởng các sở, ngành", "Lãnh đạo các cơ quan, đơn vị"
_HEADS_OF = re.compile(r"^(?:Thủ\s+trưởng|Lãnh\s+đạo|Người\s+đứng\s+đầu|Giám\s+đốc|Chủ\s+tịch)\s+(?=(?:các|những)\s)",
                       re.IGNORECASE)


def _folded(pattern: re.Pattern[str], *changes: tuple[str, str]) -> re.Pattern[str]:
    """A collective's pattern over folded text (no diacritics, lower case), its separators made as loose as the unit
    key is (which drops punctuation): each change must apply, so the pattern above cannot drift from it unseen."""
    folded = fold(pattern.pattern)
    for old, new in changes:
        if old not in folded:
            raise ValueError(f"collective pattern changed: {old!r} not found")
        folded = folded.replace(old, new)
    return re.compile(folded, re.IGNORECASE)


_F_VAGUE = _folded(COLLECTIVE_VAGUE, (r"\s*,\s*", r"[\s,]+"))
_F_LOCAL_BODIES = _folded(_LOCAL_BODIES, (r"\s*(?:,|va)\s*", r"(?:\s*,?\s*va\s+|[\s,]+)"))
_F_PARTS = _folded(_COLLECTIVE_PARTS, (r"\s*(?:,|;|\sva)\s+", r"(?:(?:\s*,|\sva)\s+|\s+(?=(?:ubnd|uy\s+ban)\s))"))
_F_HEADS_OF = _folded(_HEADS_OF)


def collective_unit_name(name: str) -> bool:
    """A collective (`is_collective`) in any spelling that gives it the same unit key — without diacritics ("Cac so,
    ban, nganh"), decomposed, with invisible characters, other punctuation or none ("Các sở ban ngành", "Các sở – ban
    – ngành.") — and not a unit the shared directory knows: never a unit of the directory, another name of one, an
    account's unit or an internal recipient, since such a unit would read every document addressed to the
    collective (SECURITY.md 101, 110, 116)."""
    if is_known_unit(name):
        return False
    if is_collective(name):
        return True
    text = " ".join(re.sub(r"[^\w,]+|_", " ", fold(unicodedata.normalize("NFC", name))).split()).strip(" ,")
    if _folded_collective(text):
        return True
    # the place it stands in, named: "Các sở, ban, ngành tỉnh Nghệ An", "… thành phố Vinh", "… của tỉnh Nghệ An",
    # "… TP Vinh", "Các sở, ngành Nghệ An" (SECURITY.md 142, 144)
    return _placed_collective(text, 2)


# a place named at the end: "(của|thuộc|trên địa bàn) (UBND) tỉnh|thành phố|TP|huyện|… <one to four words>", taken
# off only to ask whether what stands before it is a collective — "Sở Tài chính tỉnh Nghệ An" is "Sở Tài chính", no
# collective; a bare place name ("Các sở, ngành Nghệ An", one to three words) only after a collective opening with
# "các"/"những" (no unit of the directory opens so)
_F_PLACE_TAIL = re.compile(r"\s+(?:(?:cua|thuoc|tren\s+dia\s+ban|truc\s+thuoc)\s+)?"
                           r"(?:(?:ubnd|uy\s+ban\s+nhan\s+dan|hdnd|hoi\s+dong\s+nhan\s+dan)\s+)?"
                           r"(?:tinh|thanh\s+pho|tp|huyen|thi\s+xa|tx|quan|xa|phuong|thi\s+tran|dac\s+khu)"
                           r"(?:\s+[^\W\d_]+){1,4}", re.IGNORECASE)
_F_BARE_PLACE = re.compile(r"(?:\s+[^\W\d_]+){1,3}", re.IGNORECASE)
_F_COLLECTIVE_HEAD = re.compile(r"^(?:(?:ubnd|uy\s+ban\s+nhan\s+dan|hdnd|hoi\s+dong\s+nhan\s+dan)\s+)?(?:cac|nhung)\s",
                                re.IGNORECASE)


def _placed_collective(text: str, places: int) -> bool:
    """`text` (folded) is a collective, followed by at most `places` places it stands in."""
    if _folded_collective(text):
        return True
    if places == 0:
        return False
    for cut in re.finditer(r"\s", text):
        head, tail = text[:cut.start()].rstrip(" ,"), text[cut.start():]
        if _F_PLACE_TAIL.fullmatch(tail) and _placed_collective(head, places - 1):
            return True
        if (_F_BARE_PLACE.fullmatch(tail) and _F_COLLECTIVE_HEAD.match(_F_HEADS_OF.sub("", head, count=1))
                and _folded_collective(head)):
            return True
    return False


def _folded_collective(text: str) -> bool:
    """`text` (folded as `collective_unit_name` folds it) is a collective, or several."""
    parts = _F_PARTS.split(_F_HEADS_OF.sub("", text, count=1))
    return bool(text) and all(_F_VAGUE.match(p) or _F_LOCAL_BODIES.match(p) for p in parts)


@dataclass(frozen=True)
class Merger:
    """A unit the 2025 reorganisation merged into another: `name` no longer exists since `on` (ISO date)."""

    name: str
    into: str
    on: str


@cache
def _mergers() -> dict[str, Merger]:
    raw = _load_raw()
    out: dict[str, Merger] = {}
    for category in _CATEGORIES:
        for entry in raw.get(category, []):
            if entry.get("merged_into"):
                out[str(entry["name"])] = Merger(str(entry["name"]), str(entry["merged_into"]), str(entry["merged_on"]))
    return out


def merged_into(name: str) -> Merger | None:
    """The unit that took this one in ('Sở KH&ĐT' -> Sở Tài chính since 2025-03-01), or None: a clerk reading a task
    for a unit that no longer exists is told where its work went."""
    canonical = directory().canonical.get(fold_unit(name))
    return _mergers().get(canonical) if canonical else None


# Abbreviations that open an administrative body's name, spelled out in the canonical name.
_LEADING_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:UBND|Ủy\s*ban\s+ND|UB\s*ND)(?=\s|$)", re.IGNORECASE), "Ủy ban nhân dân"),
    (re.compile(r"^HĐND(?=\s|$)", re.IGNORECASE), "Hội đồng nhân dân"),
    (re.compile(r"^(?:UBMTTQ|Ủy\s+ban\s+MTTQ)(?:\s+VN)?(?=\s|$)", re.IGNORECASE), "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    (re.compile(r"^BCH(?=\s|$)"), "Bộ Chỉ huy"),
)
_INNER_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=\s)(?:TP\.?|Tp\.?)(?=\s)"), "thành phố"),
    (re.compile(r"(?<=\s)TX\.?(?=\s)"), "thị xã"),
    (re.compile(r"(?<=\s)TT\.(?=\s)"), "thị trấn"),
)
_PLACE_WORD = re.compile(r"(?<!\w)(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+(\w+(?:\s+\w+){0,3})$")
_PARTY_PLACE = re.compile(r"(?<!\w)(?:tỉnh|huyện|thành|thị|đảng|quận)\s+(ủy|uỷ)\s+(\w+(?:\s+\w+){0,3})$",
                          re.IGNORECASE)
_LOCALITY_TAIL = re.compile(r"\s+(?:tỉnh|thành\s+phố|TP\.?)\s+[^\W\d_][\w\s]{1,40}$")


_POLITE = re.compile(r"^(?:[Qq]uý|QUÝ)\s+(?=\w)")
# a body named in full after "Quý": its head, then at least one more word ("Quý Sở" alone stays: the letter's addressee)
_NAMED_BODY = re.compile(r"^(?:UBND|Ủy ban|Uỷ ban|Sở|Ban|Bộ|Cục|Chi cục|Tổng cục|Văn phòng|Trung tâm|Công an)\s+\w")


def _sentence_case(name: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN' -> 'Ủy ban nhân dân tỉnh Nghệ An' (place names keep their capitals)."""
    low = name.lower()
    low = low[:1].upper() + low[1:]
    m = _PARTY_PLACE.search(low) or _PLACE_WORD.search(low)  # "TỈNH ỦY NGHỆ AN" → "Tỉnh ủy Nghệ An"
    if m:
        place = " ".join(w[:1].upper() + w[1:] for w in m.group(2).split())
        low = low[:m.start(2)] + place
    return low


@lru_cache(maxsize=16384)  # pure (the directory is read once); the same names come back in every document
def canonical_name(name: str) -> str:
    """One spelling per unit or issuer, so that the same body is one entry in lists and facets.

    'UBND tỉnh Nghệ An', 'Uỷ ban nhân dân tỉnh Nghệ An' and 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN' all give 'Ủy ban nhân
    dân tỉnh Nghệ An'; 'Sở TN&MT' gives 'Sở Tài nguyên và Môi trường' (the directory); 'Sở TN&MT tỉnh Gia Lai' gives
    'Sở Tài nguyên và Môi trường tỉnh Gia Lai'. Pure; an unknown name keeps its words.
    """
    written = normalize_old_tones(re.sub(r"\s+", " ", name)).strip(" ,;:.-–")
    if not written:
        return written
    known = directory().canonical.get(fold_unit(written))
    if known is not None:
        return known
    polite = _POLITE.match(written)  # "Quý Sở Xây dựng" (đề nghị Quý Sở …): the courtesy word is no part of the name
    if polite is not None and (directory().canonical.get(fold_unit(written[polite.end():])) is not None
                               or _NAMED_BODY.match(written[polite.end():])):
        return canonical_name(written[polite.end():])
    if written.isupper() and len(written) > 6 and " " in written:
        written = _sentence_case(written)
    for pattern, full in _LEADING_ABBREVIATIONS:
        written = pattern.sub(full, written, count=1)
    for pattern, full in _INNER_ABBREVIATIONS:
        written = pattern.sub(full, written)
    written = re.sub(r"^[Uu]ỷ\s*ban", "Ủy ban", written)
    m_tail = _LOCALITY_TAIL.search(written)
    if m_tail and m_tail.start() > 0:
        head = directory().canonical.get(fold_unit(written[:m_tail.start()]))
        if head is not None:
            return head + written[m_tail.start():]
    return written
