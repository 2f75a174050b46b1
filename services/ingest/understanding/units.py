"""The directory of units (đơn vị) that directives assign tasks to.

The data lives in ``units.json`` next to this module (a province may edit it: add its boards, centres, aliases).
It is read once. ``canonical_unit`` maps an abbreviation or alias to the canonical name; an unknown unit is kept
as written, never dropped.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

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


def fold_unit(name: str) -> str:
    """A comparison key: NFC, lower case, 'Uỷ' = 'Ủy', abbreviations expanded, spacing and punctuation unified."""
    s = unicodedata.normalize("NFC", name).lower().replace("uỷ", "ủy").replace("hoá", "hóa").replace("toà", "tòa")
    for pattern, full in _ABBREVIATIONS:
        s = re.sub(pattern, full, s)
    s = re.sub(r"\s*&\s*", " và ", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _load_raw() -> dict[str, Any]:
    data = resources.files("services.ingest.understanding").joinpath("units.json").read_text(encoding="utf-8")
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
    """The canonical name of a unit ('Sở TN&MT' -> 'Sở Tài nguyên và Môi trường'); unknown names come back as written
    (whitespace tidied)."""
    written = re.sub(r"\s+", " ", name).strip()
    if not written:
        return written
    return directory().canonical.get(fold_unit(written), written)


def is_known_unit(name: str) -> bool:
    return fold_unit(name) in directory().canonical
