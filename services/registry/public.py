"""What other services may use of the registry: its read model (register counts, hidden register lines for
audit records, a unit merged away); a recall is marked on the document itself (ingest.mark_recalled).

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
)

__all__ = ["RegisterCounts", "hidden_incoming", "hidden_outgoing", "hidden_register", "move_unit",
           "register_counts"]
