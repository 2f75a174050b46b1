"""Schemas shared by the services' APIs."""
from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorBody(BaseModel):
    code: str = Field(description="Machine code, e.g. `corrupt_pdf`")
    message: str = Field(description="Message for the user, in Vietnamese")


class ErrorResponse(BaseModel):
    error: ErrorBody


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Number of items matching the filters")
    offset: int
    limit: int
    items: list[T]
