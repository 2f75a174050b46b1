"""Search engine API shared by the embedded index (tantivy) and Elasticsearch.

Both engines index the same pre-analysed fields (services.search.schema), translate the same engine-neutral query
plan (services.search.plan → services.search.ir) and highlight in Python (services.search.highlight), so they
return the same documents in the same order for the same query.

- ``IndexDoc``       what callers index (upsert by ``id``).
- ``AccessFilter``   confidentiality; applied INSIDE every engine query (totals, facets, highlights, suggest and
                     similar never see hidden documents).  ``None`` means "sees everything".
                     A document is visible when ``level <= max_level`` and
                     - ``public_only``: its audience is "public";
                     - else if ``units`` is a list: its audience is "public", or its audience_units intersect
                       ``units`` (unit names are compared by ``analysis.key_of``, so "Sở TN&MT" equals
                       "Sở Tài nguyên và Môi trường").  "internal" grants nothing by itself: callers index the
                       effective access units (services.core.auth.policy.effective_access_units) as
                       audience_units;
                     - else (``units is None``): any audience.
- ``SearchQuery``    ``q`` uses the syntax of services.search.query ("phrase", -exclude, OR, type:, issuer:, unit:,
                     number:, year:).  List filters are OR within a list, AND across lists.  ``sort="relevance"``
                     with no text falls back to newest first.  Facets count the filtered, visible result set.
                     Hits are served up to offset+limit ≤ MAX_RESULT_WINDOW (10 000); totals are always exact.
- ``SearchResult``   ``facets`` = {"type": {...}, "issuer": {...}, "year": {...}, "unit": {...}} (top 50 each,
                     count desc then value).
- ``open_engine``    (services.search.engines) Elasticsearch when a URL is given, else tantivy under
                     ``data_dir / "index"``.

Beyond the first sketch: ``SearchEngine.close()``; ``similar``/``suggest`` default to 10 results and no access
filter; engines raise ``SearchError(code, message)`` (codes ``search.invalid_document``, ``search.index_busy``,
``search.index_failed``, ``search.backend_error``; messages in Vietnamese); ``index`` validates the whole batch
before writing (tantivy commits it atomically; ES needs ``refresh()`` to make it searchable — tantivy's
``index`` is searchable on return); ``suggest`` completes, by whole syllables with or without diacritics, a kind
of document, a unit of the directory, then a document's number (or its code), subject (or kind and subject) or
unit (newest first; services.search.plan.suggest_all).
Ranking, syntax and analysis: services.search.plan, .query, .analysis, .numbers.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol, runtime_checkable

__all__ = [
    "AccessFilter",
    "FACET_NAMES",
    "FACET_SIZE",
    "Hit",
    "IndexDoc",
    "SearchEngine",
    "SearchError",
    "SearchQuery",
    "SearchResult",
    "facets_from_buckets",
    "stored_hit",
    "window",
]

FACET_NAMES = ("type", "issuer", "year", "unit")
MAX_RESULT_WINDOW = 10_000  # hits beyond offset+limit > this are not returned (totals stay exact)
FACET_SIZE = 50
AUDIENCES = ("public", "internal", "units")


class SearchError(Exception):
    """Raised by engines for invalid input or an unreachable backend."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class IndexDoc:
    id: str
    filename: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_date: date | None
    subject: str | None
    text: str
    units: list[str] = field(default_factory=list)  # units assigned tasks or addressed
    has_open_tasks: bool = False
    level: int = 0  # 0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật
    audience: str = "internal"  # "public" | "internal" | "units"
    audience_units: list[str] = field(default_factory=list)
    recalled: bool = False  # thu hồi by the office that issued it (services.registry), shown on the hits


@dataclass
class AccessFilter:
    max_level: int
    public_only: bool = False
    units: list[str] | None = None


@dataclass
class SearchQuery:
    q: str = ""
    doc_types: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    has_open_tasks: bool | None = None
    exclude_ids: list[str] = field(default_factory=list)  # never returned nor counted (e.g. access changed)
    sort: Literal["relevance", "date"] = "relevance"
    offset: int = 0
    limit: int = 10
    facets: bool = True
    highlight: bool = True
    access: AccessFilter | None = None


@dataclass
class Hit:
    id: str
    filename: str
    score: float
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: date | None = None
    subject: str | None = None
    highlights: list[str] = field(default_factory=list)  # HTML-safe: text escaped, matches in <mark>
    recalled: bool = False


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@runtime_checkable
class SearchEngine(Protocol):
    def index(self, docs: Sequence[IndexDoc]) -> None: ...  # upsert by id (bulk)

    def remove(self, doc_id: str) -> None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def similar(self, doc_id: str, limit: int = 10, access: AccessFilter | None = None,
                exclude_ids: Sequence[str] = ()) -> list[Hit]: ...  # exclude_ids: neither hits nor statistics

    def suggest(self, prefix: str, limit: int = 10, access: AccessFilter | None = None) -> list[str]: ...

    def refresh(self) -> None: ...  # make indexed docs searchable now

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def reindex(self, docs: Iterable[IndexDoc]) -> int: ...  # rebuild; readers keep the old index until the swap

    def close(self) -> None: ...


def window(query: SearchQuery) -> tuple[int, int]:
    """(offset, limit) clamped to MAX_RESULT_WINDOW, the same in every engine."""
    offset = min(max(0, int(query.offset)), MAX_RESULT_WINDOW)
    limit = max(0, min(int(query.limit), MAX_RESULT_WINDOW - offset))
    return offset, limit


def facets_from_buckets(aggregations: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Terms aggregations ({name: {"buckets": [{"key", "doc_count"}]}}, the shape both engines return) → the top
    FACET_SIZE values of every facet, count desc then value."""
    out: dict[str, dict[str, int]] = {}
    for name in FACET_NAMES:
        buckets = aggregations.get(name, {}).get("buckets", [])
        pairs = sorted(((str(b["key"]), int(b["doc_count"])) for b in buckets), key=lambda kv: (-kv[1], kv[0]))
        out[name] = dict(pairs[:FACET_SIZE])
    return out


def stored_hit(d: dict[str, Any], score: float | None, highlights: list[str] | None = None, *,
               issuer_field: str = "issuer") -> Hit:
    """A hit from an engine's stored fields (services.search.schema.stored)."""
    return Hit(
        id=d["id"], filename=d["filename"], score=float(score or 0.0), number=d.get("number"),
        doc_type=d.get("doc_type"), issuer=d.get(issuer_field),
        issued_date=date.fromisoformat(d["issued_date"]) if d.get("issued_date") else None,
        subject=d.get("subject"), highlights=highlights or [], recalled=bool(d.get("recalled")),
    )
