"""What other services may use of the registry: its read model (register counts, recalled documents).

Everything else under services.registry is private to it (the import-linter contracts in pyproject.toml enforce
this); no other service reads the registry's tables.
"""
from __future__ import annotations

from services.registry.domain import RegisterCounts
from services.registry.exports import register_counts
from services.registry.readmodel import (
    hidden_incoming,
    hidden_outgoing,
    hidden_register,
    move_unit,
    recalled_document_ids,
)

__all__ = ["RegisterCounts", "hidden_incoming", "hidden_outgoing", "hidden_register", "move_unit",
           "recalled_document_ids", "register_counts"]
