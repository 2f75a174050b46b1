"""User query syntax → engine-neutral ``ParsedQuery``.

Syntax (what users of search boxes expect):
- words: ``quyết định giao nhiệm vụ`` (diacritics optional; abbreviations either way: ``UBND`` ↔ ``Ủy ban nhân dân``)
- ``"a phrase"`` (straight or curly quotes)
- ``-word`` / ``-"a phrase"`` / ``-type:x`` excludes
- ``a OR b`` (upper-case OR, or ``|``): alternatives
- ``field:value`` / ``field:"value with spaces"`` for type (loai), issuer (coquan), unit (donvi), number (so),
  year (nam)
- document numbers in any usual form: ``317/TB-UBND``, ``317 TB UBND``, ``tb-ubnd 317``, glued ``317TB-UBND``,
  ``TB317``; ``số 317`` / ``so 317`` marks bare digits as a number (the word "số" is then not searched for)
- dates ``30/11``, ``30/11/2024``, ``30-11-2024`` are a phrase of their parts, never document numbers; a bare
  year-like number ("2024") is a word unless marked with "số"
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from services.ingest.public import DOC_KINDS
from services.search.analysis import find_abbreviations, fold, key_of, tokenize
from services.search.numbers import DocNumber, find_numbers, year_like

__all__ = ["FIELD_ALIASES", "Clause", "ParsedQuery", "parse_query"]

FIELD_ALIASES = {
    "type": "type", "loai": "type", "loại": "type",
    "issuer": "issuer", "coquan": "issuer", "cq": "issuer",
    "unit": "unit", "donvi": "unit", "đơnvị": "unit",
    "number": "number", "so": "number", "số": "number", "num": "number",
    "year": "year", "nam": "year", "năm": "year",
}


@dataclass(frozen=True)
class Clause:
    kind: Literal["word", "phrase", "concept", "number", "type"]
    tokens: tuple[str, ...]  # normalised lower-case tokens as written (number: folded parts in canonical order)
    key: str = ""  # concept key (abbreviation), number key, or type: the kind's key (analysis.key_of)
    alt: tuple[str, ...] = ()  # number: its folded tokens as typed when they differ ("512tb", "ubnd"): glued forms
    marked: bool = False  # bare digits written after "số" ("số 512"): a document number even when year-like

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(t) for t in self.tokens)

    @property
    def bare_number(self) -> bool:
        """Bare digits that may be a document's number ("317", "số 2024"); a year-like "2024" is not one."""
        return (self.kind == "word" and self.tokens[0].isdigit() and len(self.tokens[0]) <= 6
                and (self.marked or not year_like(self.tokens[0])))


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # AND over groups, OR within a group
    excluded: list[Clause] = field(default_factory=list)
    segments: list[list[str]] = field(default_factory=list)  # free-text token runs (bigram boosts)
    fields: dict[str, list[str]] = field(default_factory=dict)
    excluded_fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def highlight_terms(self) -> set[str]:
        """Folded tokens worth marking in a snippet whatever their diacritics: words typed without diacritics,
        numbers, abbreviations with their full forms."""
        return self.highlight_spec()[0]

    def highlight_spec(self) -> tuple[set[str], set[str]]:
        """(folded terms marked whatever their diacritics, terms marked only with the diacritics typed)."""
        from services.search.analysis import ABBREVIATIONS

        out: set[str] = set()
        exact: set[str] = set()
        for group in self.groups:
            for c in group:
                if c.kind == "type":
                    continue  # its words are marked by the clause it is the alternative of
                if c.kind in ("word", "phrase"):
                    for t, f in zip(c.tokens, c.folded, strict=True):
                        (exact if t != f else out).add(t if t != f else f)
                    continue
                out.update(c.folded)
                out.update(c.alt)
                if c.kind == "concept":
                    out.add(c.key)
                    out.update(fold(ABBREVIATIONS[c.key]).split())
                    out.discard("va")
        return out, exact


_LEXER = re.compile(
    r"""
    (?P<neg>-)?
    (?:
        (?P<field>[^\W\d_]+):(?:["“”](?P<fval_q>[^"“”]*)["“”]?|(?P<fval>\S+))
      | ["“”](?P<phrase>[^"“”]*)["“”]?
      | (?P<word>\S+)
    )
    """,
    re.VERBOSE,
)


# a day and month, with or without the year: "30/11", "30/11/2024", "30-11-2024", "30.11.2024"
_DATE = re.compile(r"(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}))?(?![\w/]|[.-]\d)")
_SO_WORDS = frozenset({"số", "so"})


def _dates(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATE.finditer(text)
            if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(3)) <= 12]


def _glued(tokens: tuple[str, ...]) -> bool:
    return any(any(ch.isdigit() for ch in t) and any(ch.isalpha() for ch in t) for t in tokens)


def _clauses_of_text(text: str) -> tuple[list[Clause], list[list[str]]]:
    """Free text → clauses (numbers, dates, abbreviation concepts, words) and its token runs for bigram boosts.

    Runs break at abbreviations: "UBND tỉnh" and "Ủy ban nhân dân tỉnh" must rank alike, so no bigram may favour
    one written form."""
    clauses: list[Clause] = []
    runs: list[list[str]] = []
    run: list[str] = []
    pos = 0
    pieces: list[tuple[str, DocNumber | tuple[str, ...] | str]] = []
    spans: list[tuple[int, int, DocNumber | None]] = [(n.start, n.end, n) for n in find_numbers(text)]
    for a, b in _dates(text):
        if all(b <= s or a >= e for s, e, _ in spans):
            spans.append((a, b, None))
    for a, b, n in sorted(spans, key=lambda x: x[0]):
        pieces.append(("text", text[pos:a]))
        pieces.append(("number", n) if n is not None else ("date", tuple(tokenize(text[a:b]))))
        pos = b
    pieces.append(("text", text[pos:]))
    for k, (kind, value) in enumerate(pieces):
        if kind in ("number", "date"):
            if isinstance(value, DocNumber):
                typed = tuple(fold(t) for t in tokenize(text[value.start:value.end]))
                clauses.append(Clause("number", tuple(value.parts), value.key, alt=typed if _glued(typed) else ()))
            else:
                assert isinstance(value, tuple)
                clauses.append(Clause("phrase", value))
            runs.append(run)
            run = []
            continue
        assert isinstance(value, str)
        toks = tokenize(value)
        # "số 512", "so 512/TB": the word "số" only says that a number follows (it is left out, and breaks the run)
        before_number = k + 1 < len(pieces) and pieces[k + 1][0] == "number"
        parts: list[list[tuple[str, bool]]] = [[]]  # (token, marked as a number) runs between left-out "số"
        for i, t in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if t.lower() in _SO_WORDS and (nxt is None and before_number
                                           or nxt is not None and nxt.isdigit() and len(nxt) <= 6):
                parts.append([])
                continue
            parts[-1].append((t, i > 0 and toks[i - 1].lower() in _SO_WORDS and t.isdigit()))
        for n_part, part in enumerate(parts):
            if n_part:
                runs.append(run)
                run = []
            words = [t for t, _ in part]
            folded = [fold(t) for t in words]
            i = 0
            for m in find_abbreviations(folded):
                clauses.extend(Clause("word", (t,), marked=mk) for t, mk in part[i:m.start])
                clauses.append(Clause("concept", tuple(words[m.start:m.end]), m.key))
                runs.append(run + words[i:m.start])
                run = []
                i = m.end
            clauses.extend(Clause("word", (t,), marked=mk) for t, mk in part[i:])
            run.extend(words[i:])
    runs.append(run)
    return clauses, [r for r in runs if len(r) > 1]


def parse_query(q: str) -> ParsedQuery:
    out = ParsedQuery()
    items: list[Clause | str] = []  # clauses and "OR" markers, in order
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            clauses, runs = _clauses_of_text(" ".join(buffer))
            items.extend(clauses)
            out.segments.extend(runs)
            buffer.clear()

    for m in _LEXER.finditer(q):
        neg = bool(m.group("neg"))
        fname = m.group("field")
        if fname is not None and fold(fname).lower() in FIELD_ALIASES or (fname and fname.lower() in FIELD_ALIASES):
            name = FIELD_ALIASES.get(fname.lower()) or FIELD_ALIASES[fold(fname).lower()]
            value = (m.group("fval_q") if m.group("fval_q") is not None else m.group("fval") or "").strip()
            if value:
                if name == "year" and not (value.isdigit() and len(value) == 4):
                    from services.search.engine import SearchError

                    raise SearchError("search.invalid_query",
                                      f"Năm không hợp lệ: “{value[:20]}” — hãy viết bốn chữ số, ví dụ year:2024.")
                flush()
                (out.excluded_fields if neg else out.fields).setdefault(name, []).append(value)
            continue
        if m.group("phrase") is not None:
            flush()
            toks = tuple(tokenize(m.group("phrase")))
            if not toks:
                continue
            clause = Clause("phrase" if len(toks) > 1 else "word", toks)
            if neg:
                out.excluded.append(clause)
            else:
                items.append(clause)
            continue
        word = m.group(0) if fname is not None else m.group("word")
        if word in ("OR", "|", "HOẶC"):
            flush()
            items.append("OR")
            continue
        if neg and word and not word.startswith("-"):
            flush()
            clauses, _ = _clauses_of_text(word)
            out.excluded.extend(clauses)
            continue
        buffer.append(m.group(0))
    flush()

    # OR markers merge their neighbours into one group of alternatives
    pending_or = False
    for item in items:
        if item == "OR":
            pending_or = bool(out.groups)
            continue
        assert isinstance(item, Clause)
        if pending_or:
            out.groups[-1].append(item)
        else:
            out.groups.append([item])
        pending_or = False
    _kinds_before_numbers(out.groups)
    return out


_KIND_KEYS = {" ".join(fold(t) for t in tokenize(k)): key_of(k) for k in DOC_KINDS}


def _kind_key(group: list[Clause]) -> str | None:
    """The kind's key when the group is a kind's words alone ("công văn", "thong bao"), else None."""
    if len(group) != 1:
        return None
    c = group[0]
    return _KIND_KEYS.get(" ".join(c.folded)) if c.kind in ("word", "phrase", "concept") else None


_KIND_WORDS = sorted({len(k.split()) for k in _KIND_KEYS if " " in k}, reverse=True)  # 3, 2: words of a kind


def _word(group: list[Clause]) -> bool:
    return len(group) == 1 and group[0].kind == "word" and not group[0].bare_number


def _join_kind_words(groups: list[list[Clause]]) -> bool:
    """A kind no abbreviation names, typed as separate words just before or after bare digits ("tờ trình 45",
    "45 to trinh", "giấy mời số 12"), becomes one phrase, so it can name the numbered document's type ("thông báo",
    "kế hoạch" are one concept already).  True when a kind was joined."""
    numbered = [i for i, g in enumerate(groups) if len(g) == 1 and g[0].bare_number]
    spans = {(i - n, n) for i in numbered for n in _KIND_WORDS if i - n >= 0}  # ending just before the digits
    spans |= {(i + 1, n) for i in numbered for n in _KIND_WORDS}  # just after them
    joined = False
    for start, n in sorted(spans, key=lambda sn: (-sn[0], -sn[1])):  # from the end: a join moves no span to come
        span = groups[start:start + n]
        if len(span) == n and all(_word(g) for g in span) and " ".join(g[0].folded[0] for g in span) in _KIND_KEYS:
            groups[start:start + n] = [[Clause("phrase", tuple(g[0].tokens[0] for g in span))]]
            joined = True
    return joined


def _kinds_before_numbers(groups: list[list[Clause]]) -> None:
    """A kind written with a number names the numbered document's type: its text need not say "công văn" — the
    kind's words OR the document's type.  The kind just before a number ("công văn số 2031", "quyết định
    88/QĐ-UBND", "thông báo 317"); else, when the query has one number, the kind just after it ("317 thông báo")
    or the kind that opens the query ("thông báo kết luận 317").  One kind per number, never a kind far from it in
    the middle of other words (that one is a word of the subject)."""
    if _name_kinds(groups):
        return
    joined = [list(g) for g in groups]  # a kind of several words typed as words, when no other kind was named
    if _join_kind_words(joined) and _name_kinds(joined):
        groups[:] = joined


def _name_kinds(groups: list[list[Clause]]) -> bool:
    """``_kinds_before_numbers`` on the groups as they are; True when a kind was named."""
    numbered = [i for i, g in enumerate(groups) if len(g) == 1 and (g[0].kind == "number" or g[0].bare_number)]
    named = False
    for i in numbered:
        key = _kind_key(groups[i - 1]) if i > 0 else None
        if key:
            groups[i - 1].append(Clause("type", groups[i - 1][0].tokens, key))
            named = True
    if named or len(numbered) != 1:
        return named
    n = numbered[0]
    for i in (n + 1, 0):
        key = _kind_key(groups[i]) if i != n and i < len(groups) else None
        if key:
            groups[i].append(Clause("type", groups[i][0].tokens, key))
            return True
    return False
