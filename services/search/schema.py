"""The indexed fields, identical in both engines, and the conversion of an IndexDoc into them.

Pre-analysed text fields (whitespace-separated tokens, see services.search.analysis):
    syl, fold           subject + text syllables (positions: phrases)
    bi, fold_bi, abbr   bigrams and abbreviation concepts (frequencies only)
    num                 number keys and parts (services.search.numbers.number_terms)
    issuer_tok, unit_tok  folded, abbreviation-expanded tokens for issuer:/unit: phrase queries
    sugg                folded tokens of the number, of the kind and subject, of each local unit: suggest
Keyword fields (exact):  id, type_key, issuer_key, unit_key, aud_units, audience
Facet values (display):   type, issuer, year, unit
Integers:                 date_int (yyyymmdd, 0 when unknown), level, open (0/1)
Stored / _source:         id, filename, number, doc_type, issuer, issued_date (ISO), subject, text, units, recalled
"""
from __future__ import annotations

from datetime import date
from typing import Any

from services.search.analysis import analyze_fields, fold, key_of, key_tokens, tokenize
from services.search.engine import AUDIENCES, IndexDoc, SearchError
from services.search.numbers import number_terms
from services.search.units import canonical_issuer, canonical_units, local_units

TEXT_FIELDS = ("syl", "fold", "bi", "fold_bi", "abbr", "num", "issuer_tok", "unit_tok", "sugg")
POSITION_FIELDS = ("syl", "fold", "issuer_tok", "unit_tok", "sugg")
KEYWORD_FIELDS = ("id", "type_key", "issuer_key", "unit_key", "aud_units", "audience")
FACET_FIELDS = {"type": "type", "issuer": "issuer", "year": "year", "unit": "unit"}
INT_FIELDS = ("date_int", "level", "open")
STORED_FIELDS = ("id", "filename", "number", "doc_type", "issuer", "issued_date", "subject", "text", "units")
VALUE_SEPARATOR = " ¦ "  # between values of a multi-valued tokenised field: phrases never cross it


def date_int(d: date | None) -> int:
    return d.year * 10000 + d.month * 100 + d.day if d else 0


def validate(doc: IndexDoc) -> None:
    if not doc.id:
        raise SearchError("search.invalid_document", "Văn bản thiếu mã định danh (id).")
    if doc.audience not in AUDIENCES:
        raise SearchError("search.invalid_document", f"Phạm vi truy cập không hợp lệ: {doc.audience!r}.")
    if not 0 <= int(doc.level) <= 3:
        raise SearchError("search.invalid_document", f"Độ mật không hợp lệ: {doc.level!r}.")


def to_fields(doc: IndexDoc) -> dict[str, Any]:
    """Field name → str (tokens or keyword), list[str] (multi-valued keyword) or int."""
    validate(doc)
    body = analyze_fields([doc.subject, doc.text])
    written = [u for u in dict.fromkeys(u.strip() for u in doc.units) if u]
    units = canonical_units(written)  # facet and filter: canonical names only
    searchable = list(dict.fromkeys([*units, *written]))
    # suggest: the number; the kind and subject; the units the directory lacks (a district's own offices: the
    # directory's units are suggested from the directory itself)
    sugg = VALUE_SEPARATOR.join(" ".join(fold(t) for t in tokenize(p)) for p in (
        doc.number or "", " ".join(p for p in (doc.doc_type, doc.subject) if p), *local_units(units)))
    issuer = canonical_issuer(doc.issuer)  # facet: one entry per body however the document spelled it
    out: dict[str, Any] = {
        **body,
        "num": " ".join(number_terms(doc.number)),
        "issuer_tok": " ".join(key_tokens(doc.issuer or "")),
        "unit_tok": VALUE_SEPARATOR.join(" ".join(key_tokens(u)) for u in searchable),
        "sugg": sugg,
        "id": doc.id,
        "type_key": [key_of(doc.doc_type)] if doc.doc_type else [],
        "issuer_key": list(dict.fromkeys(key_of(i) for i in (doc.issuer, issuer) if i)),
        "unit_key": list(dict.fromkeys(key_of(u) for u in units)),
        "aud_units": list(dict.fromkeys(key_of(u) for u in doc.audience_units if u.strip())),
        "audience": [doc.audience],
        "type": [doc.doc_type] if doc.doc_type else [],
        "issuer": [issuer] if issuer else [],
        "year": [str(doc.issued_date.year)] if doc.issued_date else [],
        "unit": units,
        "date_int": date_int(doc.issued_date),
        "level": int(doc.level),
        "open": 1 if doc.has_open_tasks else 0,
    }
    return out


def stored(doc: IndexDoc) -> dict[str, Any]:
    return {
        "id": doc.id,
        "filename": doc.filename,
        "number": doc.number,
        "doc_type": doc.doc_type,
        "issuer": doc.issuer,
        "issued_date": doc.issued_date.isoformat() if doc.issued_date else None,
        "subject": doc.subject,
        "text": doc.text,
        "units": list(doc.units),
        "recalled": bool(doc.recalled),
    }
