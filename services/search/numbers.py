"""Document numbers (số ký hiệu) as first-class search keys.

"317/TB-UBND", "317 TB UBND", "tb-ubnd 317", "317/TB–UBND" and, glued as clerks type them in a hurry, "317TB-UBND",
"TB317" and "317TBUBND" (a glued code is cut into known codes) all have the key "317/tb-ubnd".  A year-like
number joined to a one-group code by a space only ("kế hoạch 2024 UBND tỉnh", "UBND 2024") is not a document
number; with two groups it is ("2041 NQ STTTT").
A number with a year, "43/2019/NĐ-CP", has the key "43/2019/nd-cp" and the reduced key "43/nd-cp", so a query
without the year finds it too.  The ``num`` field of a document holds its keys and parts (see ``number_terms``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from services.search.analysis import fold

__all__ = ["DocNumber", "find_numbers", "number_terms", "parse_number", "split_code", "year_like"]

# Codes commonly written in numbers; whitespace-separated groups ("317 tb ubnd") are accepted when upper case or
# one of these (folded).
KNOWN_CODES = frozenset(
    """tb qd nd tt ct kh cv bc nq ubnd hdnd ttg cp qh ttlt btc bnv bca bqp byt bgddt bxd btnmt bct bkhdt bnnptnt
    btttt bldtbxh bvhttdl bgtvt btp vpcp vp stc snv sxd stnmt skhdt stttt sgddt syt kt th tckt hc tccb kgvx nc
    tcht ktn ktth vx xd dt gd ns tw hd ubmttq bch tnmt gtvt tc ttr gm""".split()
)

_LETTER = r"[^\W\d_]"
_GROUP = rf"{_LETTER}[^\W_]*(?:&[^\W_]+)*"
_DASH = r"[-–—‐‑/]"
_SEP = rf"(?:\s*{_DASH}\s*|\s+)"
_CODE = rf"{_GROUP}(?:{_SEP}{_GROUP}){{0,4}}"
# digits [/year] then a code: "317/TB-UBND", "317 TB UBND", "43/2019/NĐ-CP"
_DIGITS_FIRST = re.compile(rf"(?<![\w/.])(\d{{1,6}})(?:\s*/\s*(\d{{4}}))?(?:{_SEP}|(?<=\d)(?={_LETTER}{{2}}))({_CODE})")
# code then digits: "tb-ubnd 317", "QĐ-UBND số 12"
_CODE_FIRST = re.compile(rf"(?<![\w/])({_CODE})\s+(?:số\s+)?(\d{{1,6}})(?![\w/])", re.IGNORECASE)
# code glued to the digits: "TB317", "QĐ-UBND317"
_CODE_GLUED = re.compile(rf"(?<![\w/])((?:{_LETTER}+(?:&{_LETTER}+)*{_DASH})*{_LETTER}{{2,}})(\d{{1,6}})(?![\w/])")
_GROUP_RE = re.compile(_GROUP)
_SO_RE = re.compile(r"(?:số|so)\s*$", re.IGNORECASE)

@dataclass(frozen=True)
class DocNumber:
    digits: str  # without leading zeros
    year: str | None
    groups: tuple[str, ...]  # folded lower-case code groups, e.g. ("tb", "ubnd")
    start: int = 0  # span in the parsed text
    end: int = 0

    @property
    def code(self) -> str:
        return "-".join(self.groups)

    @property
    def key(self) -> str:
        return f"{self.digits}/{self.year}/{self.code}" if self.year else f"{self.digits}/{self.code}"

    @property
    def reduced_key(self) -> str:
        return f"{self.digits}/{self.code}"

    @property
    def parts(self) -> list[str]:
        """Folded tokens as they appear in text: digits, year, code groups."""
        out = [self.digits] + ([self.year] if self.year else [])
        out.extend(self.groups)
        return out


def _looks_like_code(group: str) -> bool:
    f = fold(group)
    return f in KNOWN_CODES or (group.upper() == group and any(c.isalpha() for c in group))


def _groups(code: str, offset: int) -> list[tuple[str, int, int, str]]:
    """(group, start, end, separator-before) for each group of a code."""
    out: list[tuple[str, int, int, str]] = []
    prev = 0
    for m in _GROUP_RE.finditer(code):
        out.append((m.group(0), offset + m.start(), offset + m.end(), code[prev:m.start()]))
        prev = m.end()
    return out


def _accept(groups: list[tuple[str, int, int, str]], first_sep: str) -> list[tuple[str, int, int, str]]:
    """Keep groups joined all by dashes, or all by whitespace (then each must look like a code)."""
    kept: list[tuple[str, int, int, str]] = []
    mode: str | None = None
    for i, (g, a, b, sep) in enumerate(groups):
        sep = first_sep if i == 0 else sep
        is_dash = re.search(_DASH, sep) is not None
        if i > 0:
            this = "dash" if is_dash else "space"
            if mode is None:
                mode = this
            elif mode != this:
                break
        if is_dash or (i > 0 and mode == "dash"):
            ok = True
        else:
            ok = _looks_like_code(g)
        if not ok:
            break
        kept.append((g, a, b, sep))
    return kept


def _digits(s: str) -> str:
    return s.lstrip("0") or "0"


def year_like(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2100


def split_code(group: str) -> tuple[str, ...] | None:
    """A folded code group as known codes: itself when known, else its cut into two or more known codes of at
    least two letters each ("tbubnd" → tb, ubnd; the shortest cut), None when there is none."""
    if group in KNOWN_CODES:
        return (group,)
    best: list[tuple[str, ...] | None] = [None] * (len(group) + 1)
    best[0] = ()
    for i in range(2, len(group) + 1):
        for j in range(0, i - 1):
            prev = best[j]
            if prev is not None and group[j:i] in KNOWN_CODES and (
                    best[i] is None or len(prev) + 1 < len(best[i] or ())):
                best[i] = (*prev, group[j:i])
    cut = best[len(group)]
    return cut if cut and len(cut) > 1 else None


def _folded_groups(kept: list[tuple[str, int, int, str]], glued: int | None) -> tuple[str, ...] | None:
    """Folded code groups; the group at index ``glued`` (written against the digits) must be known or cut into
    known codes (None otherwise: "500MW", "covid19" are no numbers); an unknown group of a number written with
    separators that cuts into known codes is cut too ("317/TBUBND")."""
    out: list[str] = []
    for i, (g, _, _, _) in enumerate(kept):
        f = fold(g)
        cut = split_code(f)
        if i == glued and cut is None:
            return None
        out.extend(cut if cut is not None else (f,))
    return tuple(out)


def find_numbers(text: str) -> list[DocNumber]:
    """Document numbers written in free text (queries): every accepted form, non-overlapping, in order."""
    found: list[DocNumber] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def marked(at: int) -> bool:  # "số" written just before
        return _SO_RE.search(text, 0, at) is not None

    for m in _DIGITS_FIRST.finditer(text):
        digits, year = m.group(1), m.group(2)
        sep = text[m.end(2) if year else m.end(1):m.start(3)]
        kept = _accept(_groups(m.group(3), m.start(3)), sep)
        if not kept:
            continue
        if not year and sep.strip() == "" and sep and year_like(digits) and len(kept) < 2 and not marked(m.start()):
            continue  # "kế hoạch 2024 UBND tỉnh": a year, not number 2024 ("2041 NQ STTTT" is one)
        groups = _folded_groups(kept, 0 if not sep else None)
        if groups is None:
            continue
        end = kept[-1][2]
        found.append(DocNumber(_digits(digits), year, groups, m.start(), end))
        taken.append((m.start(), end))
    for m in _CODE_GLUED.finditer(text):
        if not free(m.start(), m.end()):
            continue
        groups_raw = _groups(m.group(1), m.start(1))
        kept = _accept(groups_raw, "")
        if len(kept) != len(groups_raw):
            continue
        groups = _folded_groups(kept, len(kept) - 1)
        if groups is None:
            continue
        found.append(DocNumber(_digits(m.group(2)), None, groups, m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _CODE_FIRST.finditer(text):
        groups_raw = _groups(m.group(1), m.start(1))
        if len(groups_raw) > 1 and fold(groups_raw[-1][0]) == "so":
            groups_raw = groups_raw[:-1]  # "QĐ-UBND số 12"
        # keep the longest tail of groups that reads as a code ("văn bản TB UBND 317" → TB UBND)
        best: list[tuple[str, int, int, str]] = []
        for i in range(len(groups_raw)):
            tail = groups_raw[i:]
            kept = _accept(tail, "")
            if len(kept) == len(tail):
                best = kept
                break
        if not best or fold(best[-1][0]) == "so":
            continue
        if year_like(m.group(2)) and len(best) < 2 and not marked(m.start(2)):
            continue  # "UBND 2024": a year ("NQ-STTTT 2041" is a number)
        start = best[0][1]
        if not free(start, m.end()):
            continue
        groups = _folded_groups(best, None)
        assert groups is not None
        found.append(DocNumber(_digits(m.group(2)), None, groups, start, m.end()))
        taken.append((start, m.end()))
    found.sort(key=lambda n: n.start)
    return found


_SO_PREFIX_RE = re.compile(r"^\s*(?:số|so)\s*[:.]?\s*", re.IGNORECASE)
_OWN_NUMBER_RE = re.compile(rf"(\d{{1,6}})\s*(?:/\s*(\d{{4}})\s*)?{_DASH}?\s*(.*)")
_GROUP_SPLIT_RE = re.compile(rf"\s*{_DASH}\s*|\s+")


def parse_number(number: str) -> DocNumber | None:
    """Parse a document's own number (as written after "Số:"); None when it has no digits-and-code shape."""
    text = _SO_PREFIX_RE.sub("", number.strip())
    m = _OWN_NUMBER_RE.fullmatch(text)
    if m and m.group(3):
        groups = [g for g in _GROUP_SPLIT_RE.split(m.group(3)) if g]
        if groups and all(_GROUP_RE.fullmatch(g) for g in groups):
            return DocNumber(_digits(m.group(1)), m.group(2), tuple(fold(g) for g in groups), 0, len(number))
    nums = find_numbers(text)
    return nums[0] if len(nums) == 1 else None


def number_terms(number: str | None) -> list[str]:
    """Tokens of the ``num`` keyword field: full key, reduced key, digits, code and code groups (the year only
    inside the full key)."""
    if not number or not number.strip():
        return []
    n = parse_number(number)
    if n is None:
        raw = re.sub(r"\s+", "", fold(number))
        return [raw] if raw else []
    # (not the year alone: "số 2031" asks for the document numbered 2031, not for every number of the year 2031)
    out = [n.key, n.reduced_key, n.digits, n.code, *n.groups]
    seen: dict[str, None] = {}
    for t in out:
        seen.setdefault(t, None)
    return list(seen)
