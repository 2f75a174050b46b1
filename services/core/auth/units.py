"""Unit keys: the folded canonical name that ties a user's unit to the units named in documents."""
from __future__ import annotations

import re
import unicodedata


def _fold(text: str) -> str:
    s = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def canonical_name(name: str) -> str:
    try:
        from services.ingest.understanding.units import canonical_unit
    except ImportError:  # the directory is optional for keys
        return name.strip()
    return canonical_unit(name)


def unit_key(name: str) -> str:
    """'Sở TN&MT' and 'Sở Tài nguyên và Môi trường' give the same key (via the unit directory)."""
    return _fold(canonical_name(name))
