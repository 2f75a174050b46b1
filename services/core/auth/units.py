"""Unit keys: the folded canonical name that ties a user's unit to the units named in documents."""
from __future__ import annotations

import re


def _fold(text: str) -> str:
    from services.vntext import fold

    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(text))).strip()


def canonical_name(name: str) -> str:
    try:
        from services.ingest.understanding.units import canonical_unit
    except ImportError:  # the directory is optional for keys
        return name.strip()
    return canonical_unit(name)


def unit_key(name: str) -> str:
    """'Sở TN&MT' and 'Sở Tài nguyên và Môi trường' give the same key (via the unit directory)."""
    return _fold(canonical_name(name))
