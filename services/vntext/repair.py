"""Placeholder: Vietnamese text repair (to be implemented)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass
class RepairResult:
    text: str
    changed: bool
    legacy_encoding: str | None = None


def repair_text(text: str) -> RepairResult:
    out = unicodedata.normalize("NFC", text)
    return RepairResult(out, out != text, None)
