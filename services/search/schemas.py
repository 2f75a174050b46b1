"""API schemas of the search service."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class HitOut(BaseModel):
    document_id: str
    filename: str
    score: float
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: date | None = None
    subject: str | None = None
    highlights: list[str] = Field(default_factory=list, description="HTML-safe fragments; matches in <mark>")
    recalled: bool = Field(False, description="The document was recalled (thu hồi) by the office that issued it")


class SearchResponse(BaseModel):
    total: int = Field(description="Documents matching, among those the user may see")
    offset: int
    limit: int
    hits: list[HitOut]
    facets: dict[str, dict[str, int]] = Field(default_factory=dict,
                                              description="Counts by type, issuer, year and unit")


class CitationLink(BaseModel):
    number: str
    document_id: str | None = None
    doc_type: str | None = None
    issued_date: date | None = None
    subject: str | None = None


class CitationsResponse(BaseModel):
    document_id: str
    cites: list[CitationLink] = Field(description="Documents this one cites (căn cứ …)")
    cited_by: list[CitationLink] = Field(description="Stored documents that cite this one")


class SuggestResponse(BaseModel):
    suggestions: list[str]
