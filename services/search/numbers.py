"""Document numbers (số ký hiệu) as first-class search keys.

"317/TB-UBND", "317 TB UBND", "tb-ubnd 317" and "317/TB–UBND" all have the key "317/tb-ubnd".
A number with a year, "43/2019/NĐ-CP", has the key "43/2019/nd-cp" and the reduced key "43/nd-cp", so a query
without the year finds it too.  The ``num`` field of a document holds its keys and parts (see ``number_terms``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from services.search.analysis import fold

__all__ = ["DocNumber", "find_numbers", "number_terms", "parse_number"]

# Codes commonly written in numbers; whitespace-separated groups ("317 tb ubnd") are accepted when upper case or
# one of these (folded).
KNOWN_CODES = frozenset(
    """tb qd nd tt ct kh cv bc nq ubnd hdnd ttg cp qh ttlt btc bnv bca bqp byt bgddt bxd btnmt bct bkhdt bnnptnt
    btttt bldtbxh bvhttdl bgtvt btp vpcp vp stc snv sxd stnmt skhdt stttt sgddt syt kt th tckt hc tccb kgvx nc
    tcht ktn ktth vx xd dt gd ns tw hd ubmttq bch tnmt gtvt tc""".split()
)

_LETTER = r"[^\W\d_]"
_GROUP = rf"{_LETTER}[^\W_]*(?:&[^\W_]+)*"
_DASH = r"[-–—‐‑/]"
_SEP = rf"(?:\s*{_DASH}\s*|\s+)"
_CODE = rf"{_GROUP}(?:{_SEP}{_GROUP}){{0,4}}"
# digits [/year] then a code: "317/TB-UBND", "317 TB UBND", "43/2019/NĐ-CP"
_DIGITS_FIRST = re.compile(rf"(?<![\w/.])(\d{{1,6}})(?:\s*/\s*(\d{{4}}))?{_SEP}({_CODE})")
# code then digits: "tb-ubnd 317", "QĐ-UBND số 12"
_CODE_FIRST = re.compile(rf"(?<![\w/])({_CODE})\s+(?:số\s+)?(\d{{1,6}})(?![\w/])", re.IGNORECASE)
_GROUP_RE = re.compile(_GROUP)

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


def find_numbers(text: str) -> list[DocNumber]:
    """Document numbers written in free text (queries): every accepted form, non-overlapping, in order."""
    found: list[DocNumber] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _DIGITS_FIRST.finditer(text):
        digits, year = m.group(1), m.group(2)
        sep = text[m.end(2) if year else m.end(1):m.start(3)]
        kept = _accept(_groups(m.group(3), m.start(3)), sep)
        if not kept:
            continue
        end = kept[-1][2]
        found.append(DocNumber(_digits(digits), year, tuple(fold(g[0]) for g in kept), m.start(), end))
        taken.append((m.start(), end))
    for m in _CODE_FIRST.finditer(text):
        groups = _groups(m.group(1), m.start(1))
        if len(groups) > 1 and fold(groups[-1][0]) == "so":
            groups = groups[:-1]  # "QĐ-UBND số 12"
        # keep the longest tail of groups that reads as a code ("văn bản TB UBND 317" → TB UBND)
        best: list[tuple[str, int, int, str]] = []
        for i in range(len(groups)):
            tail = groups[i:]
            kept = _accept(tail, "")
            if len(kept) == len(tail):
                best = kept
                break
        if not best or fold(best[-1][0]) == "so":
            continue
        start = best[0][1]
        if not free(start, m.end()):
            continue
        found.append(DocNumber(_digits(m.group(2)), None, tuple(fold(g[0]) for g in best), start, m.end()))
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
    """Tokens of the ``num`` keyword field: full key, reduced key, digits, code and code groups."""
    if not number or not number.strip():
        return []
    n = parse_number(number)
    if n is None:
        raw = re.sub(r"\s+", "", fold(number))
        return [raw] if raw else []
    out = [n.key, n.reduced_key, n.digits, n.code, *n.groups]
    if n.year:
        out.append(n.year)
    seen: dict[str, None] = {}
    for t in out:
        seen.setdefault(t, None)
    return list(seen)
