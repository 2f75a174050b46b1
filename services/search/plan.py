"""SearchQuery → engine-neutral query tree (services.search.ir).  Ranking lives here, once, for both engines.

Per query word: the diacritic-folded syllable (``fold``, W_FOLD) is required, the accented syllable (``syl``,
W_SYL) is an optional bonus, so an exact-diacritic match outranks a folded one and a query typed without accents
still matches.  Consecutive words add bigram bonuses (``bi``/``fold_bi``; runs break at abbreviations, so no
written form is favoured).  Abbreviations match their concept key (``abbr``), which documents carry for both the
short and the full form.
A document number matches the ``num`` keyword with a large constant score (the numbered document first), or its
parts as a phrase (documents citing it).  Up to SHORT_QUERY words are all required; longer queries require
a share of them that falls from 70% (5 words) to MIN_SHOULD_RATIO (7 words and more) and rank by BM25;
words in more than COMMON_RATIO of the documents then only score (they do not restrict the match).

Every plan also has a match-only twin (``Plan.match``) that selects exactly the same documents without the
scoring bonuses: engines use it for totals and facets.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.search.analysis import fold, key_of, key_tokens, tokenize
from services.search.engine import AccessFilter, SearchQuery
from services.search.ir import Bool, Const, MatchAll, MatchNone, Node, Phrase, Range, Term, Terms
from services.search.numbers import find_numbers, parse_number
from services.search.query import Clause, ParsedQuery, parse_query

W_SYL = 1.0
W_FOLD = 0.7
W_BI = 0.6
W_FOLD_BI = 1.0
W_ABBR = W_SYL + W_FOLD  # a concept counts like a word written with its accents
NUM_BOOST = 50.0
NUM_PART_BOOST = 40.0
NUM_DIGITS_BOOST = 30.0
SHORT_QUERY = 4
MIN_SHOULD_RATIO = 0.25
MIN_SHOULD_STEP = 0.3  # the required share falls by this much per word beyond SHORT_QUERY
COMMON_RATIO = 0.25  # a word in more than this share of documents does not restrict the match
COMMON_MIN_DOCS = 1000
STOP_RATIO = 0.5  # long queries leave out words found in more than this share of documents
ALL_COMMON_RATIO = 0.6  # share of words required when every word of a long query is common
COMMON_SCORE = True
COMMON_ACCENT = True


@dataclass
class Plan:
    query: Node  # ranks and matches
    match: Node  # matches exactly the same documents, cheaper (no scoring terms): totals and facets
    parsed: ParsedQuery
    has_text: bool  # False: filters only (no relevance to rank by)


def _phrase_or_term(field: str, tokens: tuple[str, ...], boost: float) -> Node:
    if len(tokens) == 1:
        return Term(field, tokens[0], boost)
    return Phrase(field, tokens, boost)


def _alts(*nodes: Node) -> Node:
    """Nodes as alternatives, deduplicated (a query word without accents equals its folded form)."""
    seen: list[Node] = []
    for n in nodes:
        if n not in seen:
            seen.append(n)
    return seen[0] if len(seen) == 1 else Bool(should=tuple(seen))


def _number_parts(c: Clause) -> Node:
    """A document whose own number has the clause's digits and every code group ("TB 317" → 317/TB-UBND)."""
    digits, groups = c.tokens[0], c.tokens[1:]
    if c.key.count("/") == 2:  # with a year: digits, year, groups
        groups = c.tokens[2:]
    return Bool(must=tuple(Term("num", t) for t in dict.fromkeys((digits, *groups))))


def _is_bare_number(c: Clause) -> bool:
    return c.kind == "word" and c.tokens[0].isdigit() and len(c.tokens[0]) <= 6


def clause_node(c: Clause) -> Node:
    """The required part of a clause: folded forms (a syllable implies its folded form, so this matches every
    document the clause can match).  The accented bonus is separate (``accent_boosts``) and optional.

    A number matches the document that bears it (its full key: NUM_BOOST; its digits and code groups:
    NUM_PART_BOOST) before the documents citing it (the folded phrase); bare digits ("317") match the
    document numbered so (NUM_DIGITS_BOOST) before the texts that mention them."""
    if _is_bare_number(c):
        digits = c.tokens[0].lstrip("0") or "0"
        return _alts(Const(Term("num", digits), NUM_DIGITS_BOOST), Term("fold", c.folded[0], W_FOLD))
    if c.kind == "word":
        return Term("fold", c.folded[0], W_FOLD)
    if c.kind == "phrase":
        return Phrase("fold", c.folded, W_FOLD)
    if c.kind == "concept":
        # the concept key matches the abbreviation and the full form alike, written with or without accents
        return Term("abbr", c.key, W_ABBR)
    return _alts(Const(Term("num", c.key), NUM_BOOST), Const(_number_parts(c), NUM_PART_BOOST),
                 _phrase_or_term("fold", c.folded, W_FOLD))


def accent_boosts(c: Clause) -> list[Node]:
    """Optional bonus when the document has the clause's syllables with the user's exact diacritics (for a phrase,
    adjacency is already required through the folded phrase: per-syllable terms are enough and much cheaper)."""
    if c.kind in ("word", "phrase"):
        return [Term("syl", t, W_SYL) for t in c.tokens]
    return []


def match_node(c: Clause) -> Node:
    """Matches the same documents as ``clause_node(c)``, unweighted."""
    if _is_bare_number(c):
        return _alts(Term("num", c.tokens[0].lstrip("0") or "0"), Term("fold", c.folded[0]))
    if c.kind == "word":
        return Term("fold", c.folded[0])
    if c.kind == "phrase":
        return Phrase("fold", c.folded)
    if c.kind == "concept":
        return Term("abbr", c.key)
    return _alts(Term("num", c.key), _number_parts(c), _phrase_or_term("fold", c.folded, 1.0))


def access_node(access: AccessFilter | None) -> Node | None:
    """The engine filter of an access scope.  Safe on its own: a unit user sees "public" documents and those whose
    ``aud_units`` (the effective access units the caller indexed) include one of its units — whatever the audience
    ("internal" grants nothing by itself; see services.core.auth.policy.effective_access_units)."""
    if access is None:
        return None
    parts: list[Node] = [Range("level", None, int(access.max_level))]
    if access.public_only:
        parts.append(Terms("audience", ("public",)))
    elif access.units is not None:
        keys = tuple(dict.fromkeys(key_of(u) for u in access.units if u.strip()))
        alts: list[Node] = [Terms("audience", ("public",))]
        if keys:
            alts.append(Terms("aud_units", keys))
        parts.append(Bool(should=tuple(alts)) if len(alts) > 1 else alts[0])
    return parts[0] if len(parts) == 1 else Bool(filter=tuple(parts))


def _number_filter(value: str) -> Node:
    v = value.strip()
    if v.isdigit():
        return Terms("num", (v.lstrip("0") or "0",))
    n = parse_number(v)
    if n is None:
        found = find_numbers(v)
        n = found[0] if found else None
    if n is not None:
        return Terms("num", (n.key,))
    return Terms("num", (fold("".join(v.split())),))


def _year_filter(value: str) -> Node:
    v = value.strip()
    if v.isdigit() and len(v) == 4:
        y = int(v)
        return Range("date_int", y * 10000 + 101, y * 10000 + 1231)
    return MatchNone()  # not a year: nothing was issued then


def _years_filter(years: list[int]) -> Node:
    valid = [y for y in dict.fromkeys(int(y) for y in years) if 1 <= y <= 9999]
    ranges: list[Node] = [Range("date_int", y * 10000 + 101, y * 10000 + 1231) for y in valid]
    if not ranges:
        return MatchNone()
    return ranges[0] if len(ranges) == 1 else Bool(should=tuple(ranges), min_should=1)


def _field_filter(name: str, value: str) -> Node:
    if name == "type":
        return Terms("type_key", (key_of(value),))
    if name == "issuer":
        return _phrase_or_term("issuer_tok", tuple(key_tokens(value)) or ("\u0000",), 1.0)
    if name == "unit":
        return _phrase_or_term("unit_tok", tuple(key_tokens(value)) or ("\u0000",), 1.0)
    if name == "number":
        return _number_filter(value)
    return _year_filter(value)


def filters_of(sq: SearchQuery, parsed: ParsedQuery) -> tuple[list[Node], list[Node]]:
    """(filters, exclusions) from the structured filters, field:value syntax and the access filter."""
    filters: list[Node] = []
    if sq.doc_types:
        filters.append(Terms("type_key", tuple(dict.fromkeys(key_of(t) for t in sq.doc_types))))
    if sq.issuers:
        filters.append(Terms("issuer_key", tuple(dict.fromkeys(key_of(t) for t in sq.issuers))))
    if sq.units:
        filters.append(Terms("unit_key", tuple(dict.fromkeys(key_of(t) for t in sq.units))))
    if sq.years:
        filters.append(_years_filter(sq.years))
    if sq.date_from or sq.date_to:
        lo = sq.date_from.year * 10000 + sq.date_from.month * 100 + sq.date_from.day if sq.date_from else 1
        hi = sq.date_to.year * 10000 + sq.date_to.month * 100 + sq.date_to.day if sq.date_to else None
        filters.append(Range("date_int", lo, hi))
    if sq.has_open_tasks is not None:
        filters.append(Range("open", int(sq.has_open_tasks), int(sq.has_open_tasks)))
    for name, values in parsed.fields.items():
        filters.extend(_field_filter(name, v) for v in values)
    acc = access_node(sq.access)
    if acc is not None:
        filters.append(acc)
    exclusions: list[Node] = [match_node(c) for c in parsed.excluded]
    if sq.exclude_ids:
        exclusions.append(Terms("id", tuple(dict.fromkeys(sq.exclude_ids))))
    for name, values in parsed.excluded_fields.items():
        exclusions.extend(_field_filter(name, v) for v in values)
    return filters, exclusions


def _core(groups: list[Node], query_groups: int, all_common: bool = False) -> Node:
    """Short queries (by the user's word count) require every group; longer ones a share of them."""
    n = len(groups)
    if query_groups <= SHORT_QUERY or n == 1:
        return groups[0] if n == 1 else Bool(must=tuple(groups))
    ratio = max(MIN_SHOULD_RATIO, 1.0 - MIN_SHOULD_STEP * (query_groups - SHORT_QUERY))
    if all_common:
        ratio = max(ratio, ALL_COMMON_RATIO)
    return Bool(should=tuple(groups), min_should=max(1, math.ceil(n * ratio)))


# index statistics for a list of (field, token): (number of documents, document frequency of each)
Stats = Callable[[list[tuple[str, str]]], tuple[int, dict[tuple[str, str], int]]]


def _stat_term(group: list[Clause]) -> tuple[str, str] | None:
    """The (field, token) whose document frequency decides whether a group is common (single words/concepts)."""
    if len(group) != 1:
        return None
    c = group[0]
    if c.kind == "word":
        return ("fold", c.folded[0])
    if c.kind == "concept":
        return ("abbr", c.key)
    return None


def common_groups(parsed: ParsedQuery, stats: Stats | None) -> tuple[set[int], set[int], bool]:
    """Indexes of groups too common to restrict the match (they still score), like Lucene's common-terms query.

    Only for longer queries (short ones require every word) on indexes of at least COMMON_MIN_DOCS documents,
    and never all groups: a query of common words only (third value True) requires ALL_COMMON_RATIO of them,
    since no single one of them discriminates.  Words in more than STOP_RATIO of the documents (first value) are
    left out altogether: their weight is negligible and their postings are the longest."""
    if stats is None or len(parsed.groups) <= SHORT_QUERY:
        return set(), set(), False
    keys = {i: k for i, g in enumerate(parsed.groups) if (k := _stat_term(g)) is not None}
    if not keys:
        return set(), set(), False
    n_docs, dfs = stats(sorted(set(keys.values())))
    if n_docs < COMMON_MIN_DOCS:
        return set(), set(), False
    stop = {i for i, k in keys.items() if dfs.get(k, 0) > STOP_RATIO * n_docs}
    if len(stop) >= len(parsed.groups) - 1:
        stop = set()
    common = {i for i, k in keys.items() if dfs.get(k, 0) > COMMON_RATIO * n_docs} - stop
    if len(common) + len(stop) == len(parsed.groups):
        return stop, set(), True
    return stop, common, False


def text_node(parsed: ParsedQuery, stop: set[int] | None = None, common: set[int] | None = None,
              all_common: bool = False) -> tuple[Node | None, Node | None, list[Node]]:
    """(required core, the same core for matching only, optional boosts) for the free-text part."""
    if not parsed.groups:
        return None, None, []
    common = common or set()
    stop = stop or set()
    required = [g for i, g in enumerate(parsed.groups) if i not in common and i not in stop]
    n = len(parsed.groups)
    core = _core([_alts(*(clause_node(c) for c in g)) for g in required], n, all_common)
    core_match = _core([_alts(*(match_node(c) for c in g)) for g in required], n, all_common)
    boosts: list[Node] = []
    seen: set[Node] = set()
    if COMMON_SCORE:
        for i in sorted(common):  # common words score but do not restrict
            boosts.extend(clause_node(c) for c in parsed.groups[i])
    for gi, group in enumerate(parsed.groups):
        if gi in stop or (gi in common and not COMMON_ACCENT):
            continue
        for c in group:
            for b in accent_boosts(c):
                if b not in seen:
                    seen.add(b)
                    boosts.append(b)
    for run in parsed.segments:
        folded = [fold(t) for t in run]
        for i in range(len(run) - 1):
            for node in (Term("bi", f"{run[i]}_{run[i + 1]}", W_BI),
                         Term("fold_bi", f"{folded[i]}_{folded[i + 1]}", W_FOLD_BI)):
                if node not in seen:
                    seen.add(node)
                    boosts.append(node)
    return core, core_match, boosts


def plan_search(sq: SearchQuery, stats: Stats | None = None) -> Plan:
    """``stats`` (the engine's index statistics) let very common words score without restricting the match."""
    parsed = parse_query(sq.q or "")
    filters, exclusions = filters_of(sq, parsed)
    core, core_match, boosts = text_node(parsed, *common_groups(parsed, stats))
    if core is None or core_match is None:
        node: Node = Bool(must=(MatchAll(),), filter=tuple(filters), must_not=tuple(exclusions))
        return Plan(node, node, parsed, False)
    node = Bool(must=(core,), should=tuple(boosts), filter=tuple(filters), must_not=tuple(exclusions), min_should=0)
    match = Bool(filter=(core_match, *filters), must_not=tuple(exclusions))
    return Plan(node, match, parsed, True)


def plan_similar(weighted: list[tuple[str, str, float]], doc_id: str, access: AccessFilter | None) -> Node:
    """More-like-this from (field, token, weight) chosen by the engine-neutral term selection.  Each term scores
    its weight (a constant: the engine's own index statistics, which count documents the user may not see, take
    no part in the order)."""
    acc = access_node(access)
    should = tuple(Const(Term(f, t), w) for f, t, w in weighted)
    return Bool(should=should, must_not=(Terms("id", (doc_id,)),), filter=(acc,) if acc else (), min_should=1)


def plan_suggest(prefix: str, access: AccessFilter | None) -> Node | None:
    """Documents whose number or subject contains the typed WHOLE syllables in order (folded: accent-insensitive;
    "Sở" never completes to "soát")."""
    toks = tuple(fold(t) for t in tokenize(prefix))
    if not toks:
        return None
    acc = access_node(access)
    return Bool(must=(_phrase_or_term("sugg", toks, 1.0),), filter=(acc,) if acc else ())


SIMILAR_CANDIDATES = 80


def similar_candidates(fields: dict[str, list[str]], max_terms: int = SIMILAR_CANDIDATES) -> list[tuple[str, str]]:
    """The document's most frequent terms (per field), the only ones whose statistics are looked up."""
    scored: list[tuple[int, str, str]] = []
    for fname, tokens in fields.items():
        tf: dict[str, int] = {}
        for t in tokens:
            if len(t) > 1:
                tf[t] = tf.get(t, 0) + 1
        scored.extend((-f, fname, t) for t, f in tf.items())
    scored.sort()
    return [(f, t) for _, f, t in scored[:max_terms]]


def select_similar_terms(fields: dict[str, list[str]], doc_freq: dict[tuple[str, str], int], n_docs: int,
                         max_terms: int = 25) -> list[tuple[str, str, float]]:
    """Top tf·idf terms of a document (per field), weighted by idf: the neutral more-like-this."""
    scored: list[tuple[float, str, str]] = []
    for fname, tokens in fields.items():
        tf: dict[str, int] = {}
        for t in tokens:
            tf[t] = tf.get(t, 0) + 1
        for t, f in tf.items():
            df = doc_freq.get((fname, t), 0)
            if df < 2 or df > n_docs * 0.5:  # unique to the document, or too common
                continue
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            scored.append((f * idf, fname, t))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    top = scored[:max_terms]
    if not top:
        return []
    best = top[0][0]
    return [(f, t, round(s / best, 4)) for s, f, t in top]


MLT_MAX_CHARS = 20_000  # similar(): analyse at most this much of the source text
SUGGEST_CANDIDATES = 50  # suggest(): newest matching documents considered


def _contains(seq: list[str], sub: list[str]) -> int:
    """Index of the first occurrence of ``sub`` in ``seq`` (-1 when absent)."""
    n = len(sub)
    for i in range(len(seq) - n + 1):
        if seq[i:i + n] == sub:
            return i
    return -1


def suggest_all(prefix: str, docs: list[dict[str, Any]], limit: int) -> list[str]:
    """Units of the directory first (they name who to search for), then numbers and subjects of documents."""
    from services.search.units import suggest_units

    if limit <= 0:
        return []
    return list(dict.fromkeys([*suggest_units(prefix, limit), *suggestions(prefix, docs, limit)]))[:limit]


def suggestions(prefix: str, docs: list[dict[str, Any]], limit: int) -> list[str]:
    """Completion strings from candidate documents (newest first): the number when the typed syllables start it,
    else the subject.  Syllables typed with diacritics must match them exactly in the subject (the candidates
    matched accent-insensitively); numbers first, then subjects that start with the typed syllables."""
    typed = tokenize(prefix)
    want = [fold(t) for t in typed]
    accented = [t != f for t, f in zip(typed, want, strict=True)]
    numbers: list[str] = []
    starts: list[str] = []
    inside: list[str] = []
    for d in docs:
        number = d.get("number") or ""
        if number and [fold(t) for t in tokenize(number)][:len(want)] == want:
            numbers.append(number)
            continue
        subject = d.get("subject") or ""
        stoks = tokenize(subject)
        at = _contains([fold(t) for t in stoks], want)
        if at < 0:
            continue
        if any(a and stoks[at + i] != typed[i] for i, a in enumerate(accented)):
            continue  # "Sở" typed: "số" is not what the user wrote
        (starts if at == 0 else inside).append(subject)
    return list(dict.fromkeys([*numbers, *starts, *inside]))[:limit]
