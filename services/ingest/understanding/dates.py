"""The one ISO-date helper of the extraction rules (and of the edXML header)."""
from __future__ import annotations

from datetime import date


def iso_date(year: int, month: int, day: int) -> str | None:
    """'YYYY-MM-DD', or None for a date that does not exist (31/11, 30/2, month 13)."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
