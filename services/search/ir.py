"""Engine-neutral query tree.  services.search.plan builds it; each engine translates it.

Semantics (identical in both engines):
- ``Bool``: all ``must`` match and score; all ``filter`` match without scoring; no ``must_not`` matches;
  ``should`` clauses score, and at least ``min_should`` of them must match.  ``min_should=None`` means
  "1 if there is no must/filter, else 0" (the Lucene/tantivy default).
- ``Term``/``Phrase``/``PhrasePrefix`` are over pre-analysed tokens (never analysed again by the engine).
- ``Terms`` matches any of the values (a filter; constant score).
- ``Range`` is inclusive over an integer field.
- ``Const`` scores its matches with a constant.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Terms:
    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    field: str
    tokens: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class PhrasePrefix:
    field: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    field: str
    gte: int | None = None
    lte: int | None = None


@dataclass(frozen=True)
class Const:
    node: Node
    score: float


@dataclass(frozen=True)
class MatchAll:
    pass


@dataclass(frozen=True)
class MatchNone:
    pass


@dataclass(frozen=True)
class Bool:
    must: tuple[Node, ...] = ()
    should: tuple[Node, ...] = ()
    must_not: tuple[Node, ...] = ()
    filter: tuple[Node, ...] = ()
    min_should: int | None = None
    boost: float = 1.0

    def effective_min_should(self) -> int:
        if self.min_should is not None:
            return self.min_should
        return 1 if self.should and not self.must and not self.filter else 0


Node = Union[Term, Terms, Phrase, PhrasePrefix, Range, Const, MatchAll, MatchNone, Bool]  # noqa: UP007
