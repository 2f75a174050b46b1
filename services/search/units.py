"""Units as search shows them: canonical names from the unit directory (services.vntext.units).

Documents name their recipients as written ("TC", "Sở TT&TT", "Các Sở: XD, KH&ĐT, TN&MT", "CVP, PVP CN UBND tỉnh").
The unit facet and the unit filter use canonical names only: a written name is expanded (factored lists) and
canonicalised through the directory's public functions; what is still not a unit name (a bare code, a list, a
person's title) is left out of the facet — it stays searchable as text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from services.core.auth.units import office_generation, office_unit
from services.ingest.public import expand_units, match_units
from services.search.analysis import fold, key_of, tokenize
from services.vntext.units import canonical_unit, directory, is_known_unit

__all__ = ["UNIT_HEADS", "canonical_issuer", "canonical_units", "local_units", "unit_names", "suggest_units"]

# first syllables of a unit's name (folded): "Ủy ban nhân dân huyện X", "Công an tỉnh", "Trung tâm …"
UNIT_HEADS = frozenset(
    """so ban bo uy ubnd hdnd cong trung van phong chi cuc tong hoi dai truong benh kho thanh bao ngan lien doan
    tinh huyen thi xa thanh quan vien toa hoc mat""".split()
)
_LIST_RE = re.compile(r"[:;,]|\bcác\b", re.IGNORECASE)


def _expand(name: str) -> list[str]:
    """A written name → the units it names (factored lists expanded by the understanding's matcher). A name going
    on past a shorter directory name ("Ban Quản lý dự án … công trình giao thông tỉnh") stays whole, as the
    understanding keeps it for the inboxes."""
    try:
        whole = expand_units(name)
        if len(whole) == 1 and key_of(whole[0]) == key_of(name):
            return whole
        found = [u for u in match_units(name, 0).units if u]
    except Exception:  # noqa: BLE001 - a matcher failure must not stop indexing; the name stays as written
        found = []
    return found or [name]


_CODE_RE = re.compile(r"(?<![^\W_])[A-ZĐ&]{2,8}(?![^\W_])")
_WHOLE_WORD_CODES = frozenset({"UBND", "HĐND", "HDND", "MTTQ"})


def _looks_like_unit(name: str) -> bool:
    """A well-formed unit name outside the directory ("UBND huyện Kỳ Sơn"): a unit head, no list, no bare codes
    ("Sở XD" is an abbreviation the directory did not resolve, not a name to show)."""
    toks = [fold(t) for t in tokenize(name)]
    if len(toks) < 2 or toks[0] not in UNIT_HEADS or _LIST_RE.search(name):
        return False
    return all(c in _WHOLE_WORD_CODES for c in _CODE_RE.findall(name))


def _canonical(name: str) -> tuple[str, ...]:
    return _canonical_at(name, office_generation())


@lru_cache(maxsize=16384)  # per generation of the office's own names (edited by an admin)
def _canonical_at(name: str, _generation: int) -> tuple[str, ...]:
    written = " ".join(name.split())
    if not written:
        return ()
    office = office_unit(written)  # a name this office gave a unit: the unit's name as the office writes it
    if office is not None:
        return (office.name,)
    if is_known_unit(written):
        return (canonical_unit(written),)
    out: list[str] = []
    for part in _expand(written):
        part = " ".join(part.split())
        if is_known_unit(part):
            out.append(canonical_unit(part))
            continue
        # a local unit outside the directory: one spelling whatever the document wrote ("UBND huyện X", "ỦY BAN
        # NHÂN DÂN HUYỆN X", "Uỷ ban nhân dân huyện X" → "Ủy ban nhân dân huyện X")
        spelled = " ".join(canonical_unit(part).split())
        if is_known_unit(spelled) or _looks_like_unit(spelled):
            out.append(spelled)
    return tuple(dict.fromkeys(out))


def canonical_issuer(name: str | None) -> str | None:
    """The issuer as the facet shows it: one spelling per body ("UBND tỉnh X", "ỦY BAN NHÂN DÂN TỈNH X" and
    "Uỷ ban nhân dân tỉnh X" are "Ủy ban nhân dân tỉnh X"); a name that is not a unit's stays as written."""
    written = " ".join((name or "").split())
    if not written:
        return None
    return " ".join(canonical_unit(written).split()) or written


def canonical_units(names: Iterable[str]) -> list[str]:
    """Canonical unit names named by ``names`` (deduplicated by key, in order); non-units are left out."""
    out: dict[str, str] = {}
    for n in names:
        for c in _canonical(n or ""):
            out.setdefault(key_of(c), c)
    return list(out.values())


def local_units(units: Iterable[str]) -> list[str]:
    """The canonical units the directory does not list (a district's "Phòng Tài chính - Kế hoạch", the office's own
    names): suggest finds them in the documents that name them; the directory's own come from ``suggest_units``."""
    return [u for u in units if not is_known_unit(u)]


@lru_cache(maxsize=1)
def unit_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every canonical unit name of the directory with the folded syllables of the name and of its aliases."""
    by_name: dict[str, list[tuple[str, ...]]] = {}
    for written in directory().names:
        name = canonical_unit(written)
        by_name.setdefault(name, []).append(tuple(fold(t) for t in tokenize(written)))
        by_name[name].append(tuple(fold(t) for t in tokenize(name)))
    return tuple((n, tuple(" ".join(v) for v in dict.fromkeys(vs))) for n, vs in sorted(by_name.items()))


def suggest_units(prefix: str, limit: int) -> list[str]:
    """Directory units whose name (or alias) continues the typed whole syllables, accent-insensitive: units whose
    name starts with them first, then those where they start a later syllable; exact diacritics before folded."""
    typed = tokenize(prefix)
    want = " ".join(fold(t) for t in typed)
    if not want or limit <= 0:
        return []
    exact = set(typed)
    scored: list[tuple[int, int, int, str]] = []
    for name, variants in unit_names():
        best: int | None = None
        for v in variants:
            padded = f" {v} "
            if padded.startswith(f" {want} "):
                best = 0
                break
            if f" {want} " in padded:
                best = 1 if best is None else best
        if best is None:
            continue
        accents = sum(1 for t in tokenize(name) if t in exact)  # syllables written as the user wrote them
        scored.append((best, -accents, len(name), name))
    scored.sort()
    return [s[3] for s in scored[:limit]]
