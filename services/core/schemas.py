"""Schemas shared by the services' APIs."""
from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class FieldError(BaseModel):
    field: str = Field(description="The field refused, e.g. `deadline` or `parts.0.lead`")
    type: str = Field(description="Why, as a machine code: `missing`, `date_parsing`, `less_than_equal` …")


class ErrorBody(BaseModel):
    code: str = Field(description="Machine code, e.g. `corrupt_pdf`")
    message: str = Field(description="Message for the user, in Vietnamese")
    fields: list[FieldError] | None = Field(None, description="For `invalid_request`: each field refused and why")


class ErrorResponse(BaseModel):
    error: ErrorBody


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Number of items matching the filters")
    offset: int
    limit: int
    items: list[T]
