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

Ranking never uses the engine's own statistics (issue 13 point 2: BM25's document frequencies, document count and
average length count documents the user may not see, so a hidden document could reorder two visible hits).  Every
scoring clause is a constant whose weight comes from the statistics of the documents the user may see
(``Stats``: visible document count and document frequencies, computed inside the access filter): a word weighs
W·idf_visible, a bigram W·idf_visible of the folded bigram, an accented syllable W_SYL·idf of its folded form.  The
engine ranks by these constants (stage 1, no term frequency); then ``rerank`` rescores the top RERANK_DEPTH (20)
candidates in Python with BM25 over the visible statistics: each word's constant becomes W·idf·tf_norm, with the
term frequency and length read from the candidate's stored folded tokens and the average length of the
candidates themselves (a leak-free pivot: the candidates are chosen by visible statistics only).  Ties break by
id.  Nothing in the order depends on a document the user cannot see.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from services.ingest.public import DOC_KINDS
from services.search.analysis import analyze, fold, key_of, key_tokens, tokenize
from services.search.engine import AccessFilter, SearchQuery
from services.search.ir import Bool, Const, MatchAll, MatchNone, Node, Phrase, Range, Term, Terms
from services.search.numbers import find_numbers, parse_number
from services.search.query import Clause, ParsedQuery, parse_query
from services.search.rerank import second_stage
from services.search.units import UNIT_HEADS, canonical_units, local_units, suggest_units

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


K1 = 1.2
B = 0.75
RERANK_DEPTH = 20  # candidates rescored with term frequencies (stage 2); beyond them, the stage-1 order (on ALQAC
# 20 ranks as well as 40: mrr@10 0.891/0.883 with and without diacritics, at half the stored documents read)
FEW_TERMS = 16  # rerank: up to this many terms are summed in their own order, more as words then pairs
RERANK_MARGIN = 5  # extra candidates fetched so that ties at the cut are broken by id, not by engine order


@dataclass
class Plan:
    query: Node  # ranks and matches
    match: Node  # matches exactly the same documents, cheaper (no scoring terms): totals and facets
    parsed: ParsedQuery
    has_text: bool  # False: filters only (no relevance to rank by)
    rerank: tuple[tuple[str, float], ...] = ()  # (folded word or bigram, constant weight) rescored by tf
    quiet: frozenset[str] = frozenset()  # folded words left out of a long query (in most documents): not marked

    def highlight_spec(self) -> tuple[set[str], set[str]]:
        """The parsed query's highlight terms without the words the plan left out (both engines alike)."""
        terms, exact = self.parsed.highlight_spec()
        if not self.quiet:
            return terms, exact
        return terms - self.quiet, {e for e in exact if fold(e) not in self.quiet}


# visible-document statistics for a list of (field, token): (number of documents, document frequency of each)
Stats = Callable[[list[tuple[str, str]]], tuple[int, dict[tuple[str, str], int]]]


class Weights:
    """idf over the documents the user may see (``stats``); 1.0 for every word without statistics."""

    def __init__(self, n_docs: int | None = None, dfs: dict[tuple[str, str], int] | None = None) -> None:
        self.n_docs = n_docs
        self.dfs = dfs or {}

    def idf(self, field: str, token: str) -> float:
        if self.n_docs is None:
            return 1.0
        df = min(self.dfs.get((field, token), 0), self.n_docs)
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def fold(self, token: str) -> float:
        return self.idf("fold", fold(token))


_UNIT = Weights()


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


def _number_year(c: Clause) -> int | None:
    return int(c.tokens[1]) if c.key.count("/") == 2 else None


def _number_texts(c: Clause) -> list[tuple[str, ...]]:
    """The folded token runs a text citing the number holds: its parts; without the year when the query has one
    ("512/2024/QĐ-UBND" is cited "512/QĐ-UBND" too); as typed when glued ("512TB-UBND")."""
    out = [c.folded]
    if _number_year(c) is not None:
        out.append((c.folded[0], *c.folded[2:]))
    if c.alt:
        out.append(c.alt)
    return out


def _year_node(year: int) -> Node:
    return Range("date_int", year * 10000 + 101, year * 10000 + 1231)


def _number_node(c: Clause, w: Weights | None) -> Node:
    """The document bearing the number first — its full key (NUM_BOOST), or its digits and code groups issued in
    the year the query names (NUM_BOOST: numbers restart every year, "512/2024/QĐ-UBND" is the 512/QĐ-UBND of
    2024), or its digits and code groups (NUM_PART_BOOST) — then the texts citing it (folded phrases)."""
    year = _number_year(c)
    dated = Bool(must=(_number_parts(c),), filter=(_year_node(year),)) if year is not None else None
    if w is None:
        return _alts(Term("num", c.key), _number_parts(c), *((dated,) if dated else ()),
                     *(_phrase_or_term("fold", t, 1.0) for t in _number_texts(c)))
    return _alts(Const(Term("num", c.key), NUM_BOOST), *((Const(dated, NUM_BOOST),) if dated else ()),
                 Const(_number_parts(c), NUM_PART_BOOST),
                 *(Const(_phrase_or_term("fold", t, 1.0), W_FOLD * sum(w.fold(x) for x in t))
                   for t in _number_texts(c)))


def _is_bare_number(c: Clause) -> bool:
    return c.bare_number


def clause_node(c: Clause, w: Weights = _UNIT) -> Node:
    """The required part of a clause: folded forms (a syllable implies its folded form, so this matches every
    document the clause can match).  The accented bonus is separate (``accent_boosts``) and optional.

    A number matches the document that bears it (its full key: NUM_BOOST; its digits and code groups:
    NUM_PART_BOOST) before the documents citing it (the folded phrase); bare digits ("317") match the
    document numbered so (NUM_DIGITS_BOOST) before the texts that mention them; digits marked by "số" ("số 2031",
    a number that is also a year) rank the texts that write "số 2031" (citing it) before those that only mention
    2031 (a year, a count), and never a number of the year 2031 ("12/2031/NĐ-CP": its year is no digits term)."""
    if _is_bare_number(c):
        digits, n = c.tokens[0].lstrip("0") or "0", c.folded[0]
        cited = (Const(Phrase("fold", ("so", n)), W_FOLD * (w.fold("so") + w.fold(n))),) if c.marked else ()
        return _alts(Const(Term("num", digits), NUM_DIGITS_BOOST), *cited, Const(Term("fold", n), W_FOLD * w.fold(n)))
    if c.kind == "word":
        return Const(Term("fold", c.folded[0]), W_FOLD * w.fold(c.folded[0]))
    if c.kind == "phrase":
        return Const(Phrase("fold", c.folded), W_FOLD * sum(w.fold(t) for t in c.folded))
    if c.kind == "concept":
        # the concept key matches the abbreviation and the full form alike, written with or without accents
        return Const(Term("abbr", c.key), W_ABBR * w.idf("abbr", c.key))
    if c.kind == "type":  # a kind before a number: the document's type, weighed as its words would be
        return Const(Terms("type_key", (c.key,)), W_FOLD * sum(w.fold(t) for t in c.folded))
    return _number_node(c, w)


def accent_boosts(c: Clause, w: Weights = _UNIT) -> list[Node]:
    """Optional bonus when the document has the clause's syllables with the user's exact diacritics (for a phrase,
    adjacency is already required through the folded phrase: per-syllable terms are enough and much cheaper)."""
    if c.kind in ("word", "phrase"):
        return [Const(Term("syl", t), W_SYL * w.fold(t)) for t in c.tokens]
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
    if c.kind == "type":
        return Terms("type_key", (c.key,))
    return _number_node(c, None)


def access_node(access: AccessFilter | None) -> Node | None:
    """The engine filter of an access scope.  Safe on its own: a unit user sees "public" documents and those whose
    ``aud_units`` (the effective access units the caller indexed) include one of its units — whatever the audience
    ("internal" grants nothing by itself; see services.core.auth.policy.effective_access_units)."""
    if access is None:
        return None
    return _access_node(int(access.max_level), bool(access.public_only),
                        None if access.units is None else tuple(access.units))


@lru_cache(maxsize=1024)
def _access_node(max_level: int, public_only: bool, units: tuple[str, ...] | None) -> Node:
    """``access_node`` of one access key, built once (a pure function of the key: levels and unit names)."""
    parts: list[Node] = [Range("level", None, max_level)]
    if public_only:
        parts.append(Terms("audience", ("public",)))
    elif units is not None:
        keys = tuple(dict.fromkeys(key_of(u) for u in units if u.strip()))
        alts: list[Node] = [Terms("audience", ("public",))]
        if keys:
            alts.append(Terms("aud_units", keys))
        parts.append(Bool(should=tuple(alts)) if len(alts) > 1 else alts[0])
    return parts[0] if len(parts) == 1 else Bool(filter=tuple(parts))


def stats_node(access: AccessFilter | None, exclude_ids: Sequence[str] = ()) -> Node | None:
    """The documents whose statistics weigh a query: those the access filter admits, less the ids the query excludes
    (documents whose access was tightened and whose index entry is not updated yet: they are out of the hits, the
    totals and the facets, and must not move the order of the hits either)."""
    acc = access_node(access)
    if not exclude_ids:
        return acc
    return Bool(must=() if acc else (MatchAll(),), filter=(acc,) if acc else (),
                must_not=(Terms("id", tuple(dict.fromkeys(exclude_ids))),))


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


def stat_keys(parsed: ParsedQuery) -> list[tuple[str, str]]:
    """Every (field, token) whose visible document frequency weighs a clause: folded words, concept keys."""
    keys: set[tuple[str, str]] = set()
    for group in parsed.groups:
        for c in group:
            if c.kind == "concept":
                keys.add(("abbr", c.key))
            else:
                keys.update(("fold", f) for f in (*c.folded, *c.alt))
    for run in parsed.segments:
        folded = [fold(t) for t in run]
        keys.update(("fold", f) for f in folded)
        keys.update(("fold_bi", f"{a}_{b}") for a, b in zip(folded, folded[1:], strict=False))
    return sorted(keys)


def weights_of(parsed: ParsedQuery, stats: Stats | None) -> Weights:
    if stats is None or not parsed.groups:
        return _UNIT
    n_docs, dfs = stats(stat_keys(parsed))
    return Weights(n_docs, dfs)


def common_groups(parsed: ParsedQuery, w: Weights) -> tuple[set[int], set[int], bool]:
    """Indexes of groups too common to restrict the match (they still score), like Lucene's common-terms query.

    Only for longer queries (short ones require every word) on indexes of at least COMMON_MIN_DOCS documents,
    and never all groups: a query of common words only (third value True) requires ALL_COMMON_RATIO of them,
    since no single one of them discriminates.  Words in more than STOP_RATIO of the documents (first value) are
    left out altogether: their weight is negligible and their postings are the longest."""
    if w.n_docs is None or len(parsed.groups) <= SHORT_QUERY:
        return set(), set(), False
    keys = {i: k for i, g in enumerate(parsed.groups) if (k := _stat_term(g)) is not None}
    if not keys:
        return set(), set(), False
    n_docs, dfs = w.n_docs, w.dfs
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
              all_common: bool = False, w: Weights = _UNIT) -> tuple[Node | None, Node | None, list[Node]]:
    """(required core, the same core for matching only, optional boosts) for the free-text part."""
    if not parsed.groups:
        return None, None, []
    common = common or set()
    stop = stop or set()
    required = [g for i, g in enumerate(parsed.groups) if i not in common and i not in stop]
    n = len(parsed.groups)
    core = _core([_alts(*(clause_node(c, w) for c in g)) for g in required], n, all_common)
    core_match = _core([_alts(*(match_node(c) for c in g)) for g in required], n, all_common)
    boosts: list[Node] = []
    seen: set[Node] = set()
    if COMMON_SCORE:
        for i in sorted(common):  # common words score but do not restrict
            boosts.extend(clause_node(c, w) for c in parsed.groups[i])
    for gi, group in enumerate(parsed.groups):
        if gi in stop or (gi in common and not COMMON_ACCENT):
            continue
        for c in group:
            for b in accent_boosts(c, w):
                if b not in seen:
                    seen.add(b)
                    boosts.append(b)
    for run in parsed.segments:
        folded = [fold(t) for t in run]
        for i in range(len(run) - 1):
            pair = w.idf("fold_bi", f"{folded[i]}_{folded[i + 1]}")
            for node in (Const(Term("bi", f"{run[i]}_{run[i + 1]}"), W_BI * pair),
                         Const(Term("fold_bi", f"{folded[i]}_{folded[i + 1]}"), W_FOLD_BI * pair)):
                if node not in seen:
                    seen.add(node)
                    boosts.append(node)
    return core, core_match, boosts


def _rerank_terms(node: Node, out: list[tuple[str, float]]) -> None:
    """The scoring word and folded-bigram constants of a tree (what ``rerank`` rescales by term frequency), as
    the pattern they make in the double-spaced token string."""
    if isinstance(node, Const):
        if isinstance(node.node, Term) and node.node.field in ("fold", "fold_bi"):
            out.append((node.node.value.replace("_", "  "), node.score))
    elif isinstance(node, Bool):
        for n in (*node.must, *node.should):
            _rerank_terms(n, out)


def plan_search(sq: SearchQuery, stats: Stats | None = None) -> Plan:
    """``stats``: the visible documents' statistics (weights, and very common words that score without
    restricting the match); without them every word weighs alike (unit tests)."""
    parsed = parse_query(sq.q or "")
    filters, exclusions = filters_of(sq, parsed)
    w = weights_of(parsed, stats)
    stop, common, all_common = common_groups(parsed, w)
    core, core_match, boosts = text_node(parsed, stop, common, all_common, w=w)
    if core is None or core_match is None:
        node: Node = Bool(must=(MatchAll(),), filter=tuple(filters), must_not=tuple(exclusions))
        return Plan(node, node, parsed, False)
    node = Bool(must=(core,), should=tuple(boosts), filter=tuple(filters), must_not=tuple(exclusions), min_should=0)
    match = Bool(filter=(core_match, *filters), must_not=tuple(exclusions))
    terms: list[tuple[str, float]] = []
    _rerank_terms(node, terms)
    kept = {f for i, g in enumerate(parsed.groups) if i not in stop for c in g for f in c.folded}
    quiet = frozenset(f for i in stop for c in parsed.groups[i] for f in c.folded) - kept
    return Plan(node, match, parsed, True, tuple(terms), quiet)


def rerank(plan: Plan, candidates: list[tuple[float, str, str | None]]) -> list[tuple[float, str]]:
    """Stage 2: (stage-1 score, id, stored folded tokens) in any order → (score, id), best first.

    The first RERANK_DEPTH candidates by (stage-1 score desc, id) are rescored: each matched word's constant
    W·idf becomes W·idf·tf(k1+1)/(tf + k1(1 - b + b·len/avglen)) (BM25 over the visible statistics; ``avglen``
    is the candidates' mean length).  The rest keep their stage-1 order below them.  A candidate without stored
    tokens (an index built before they were stored) keeps its stage-1 score."""
    ordered = sorted(candidates, key=lambda c: (-c[0], c[1]))
    head, tail = ordered[:RERANK_DEPTH], ordered[RERANK_DEPTH:]
    if not plan.rerank or not head:
        return [(s, i) for s, i, _ in ordered]
    lengths = [tok.count(" ") + 1 if tok else 0 for _, _, tok in head]
    known = [n for n, (_, _, tok) in zip(lengths, head, strict=True) if tok]
    avg = (sum(known) / len(known)) if known else 1.0
    unigrams = [(t, w) for t, w in plan.rerank if " " not in t]
    pairs = [(tuple(t.split()), w) for t, w in plan.rerank if " " in t]
    words = frozenset(t for t, _ in unigrams) | frozenset(x for p, _ in pairs for x in p)
    # a few terms: C-speed substring counts; many (long queries): the same counts, summed in the order of the pass
    # over the tokens (words, then pairs: the same floating-point sum), read by substring search too — it costs a
    # fifth less at 20 to 30 terms — unless the two would differ: a pair of one repeated word ("a a a" holds two of
    # them, one without overlap) or a term of other than two tokens, counted in the pass
    few_terms = len(plan.rerank) <= FEW_TERMS
    by_pass = not few_terms and any(len(p) != 2 or p[0] == p[1] for p, _ in pairs)
    few = [] if by_pass else _substring_patterns(
        plan.rerank if few_terms else [*unigrams, *((t, w) for t, w in plan.rerank if " " in t)])
    rescored: list[tuple[float, str]] = []
    for (s1, doc_id, tok), dl in zip(head, lengths, strict=True):
        if not tok:
            rescored.append((s1, doc_id))
            continue
        found: list[tuple[int, float]]
        if not by_pass:
            found = _substring_counts(tok, few)
        else:  # one pass over the tokens, counting at the query words' positions only
            found = _pass_counts(tok.split(), unigrams, pairs, words)
        norm = K1 * (1 - B + B * dl / max(avg, 1.0))
        score = s1 + sum(w * (tf * (K1 + 1) / (tf + norm) - 1.0) for tf, w in found if tf)
        rescored.append((score, doc_id))
    rescored.sort(key=lambda x: (-x[0], x[1]))
    rescored = second_stage(plan, rescored, {i: tok for _, i, tok in head})  # stage 3: reorders the head only
    return rescored + [(s, i) for s, i, _ in tail]


def _substring_patterns(terms: Sequence[tuple[str, float]]) -> list[tuple[str, str | None, str, float]]:
    """For each rescored term (a folded word, or a pair written "a  b"): its pattern in the single-spaced token
    string, the pattern whose presence means two of its occurrences there overlap (None: always counted in the
    double-spaced string), its pattern in the double-spaced string, and its weight."""
    out: list[tuple[str, str | None, str, float]] = []
    for t, w in terms:
        parts = t.split()
        if len(parts) == 1:
            a = parts[0]
            out.append((f" {a} ", f" {a} {a} ", f" {t} ", w))
        elif len(parts) == 2 and parts[0] != parts[1]:
            a, b = parts
            out.append((f" {a} {b} ", f" {a} {b} {a} {b} ", f" {t} ", w))
        else:
            out.append(("", None, f" {t} ", w))
    return out


def _substring_counts(tok: str, patterns: Sequence[tuple[str, str | None, str, float]]) -> list[tuple[int, float]]:
    """(count, weight) of each term: its non-overlapping occurrences in the double-spaced token string, where every
    token has spaces of its own (what stage 2 counts: a word's term frequency, a pair's occurrences).  Counted in
    the single-spaced string instead — no copy of the document, half the bytes read — whenever that gives the same
    number: always when the term is absent (no occurrence in either), else when no two of its occurrences there
    overlap (they share a space only as " t t " or " a b a b "; a pair of one repeated word always takes the
    double-spaced string)."""
    spaced = f" {tok} "
    doubled: str | None = None
    out: list[tuple[int, float]] = []
    for single, overlap, double, w in patterns:
        if overlap is not None:
            n = spaced.count(single)
            if not n or overlap not in spaced:
                out.append((n, w))
                continue
        if doubled is None:
            doubled = f" {tok.replace(' ', '  ')} "
        out.append((doubled.count(double), w))
    return out


def _pass_counts(toks: list[str], unigrams: list[tuple[str, float]], pairs: list[tuple[tuple[str, ...], float]],
                 words: frozenset[str]) -> list[tuple[int, float]]:
    """(term frequency, weight) of the unigrams present, then of the adjacent pairs present, in their order —
    the counts of ``Counter(toks)`` and ``Counter(zip(toks, toks[1:]))``, read only where a query word stands (found
    at C speed), so a long document costs no tuple per token."""
    at = list(compress(range(len(toks)), map(words.__contains__, toks)))
    counts = Counter(map(toks.__getitem__, at))
    found = [(counts[t], w) for t, w in unigrams if t in counts]
    if pairs and at:
        last = len(toks) - 1
        pair_counts = Counter((toks[i], toks[i + 1]) for i in at if i < last)
        found.extend((pair_counts[p], w) for p, w in pairs if p in pair_counts)
    return found


def plan_find(doc_id: str, access: AccessFilter | None) -> Node:
    """The one document ``doc_id`` when the user may see it."""
    acc = access_node(access)
    return Bool(must=(Terms("id", (doc_id,)),), filter=(acc,) if acc else ())


def similar_terms(doc: dict[str, Any],
                  stats: Callable[[list[tuple[str, str]]], tuple[int, dict[tuple[str, str], int]]],
                  ) -> list[tuple[str, str, float]]:
    """The weighted terms of more-like-this for a stored document; ``stats(keys)`` gives the engine's visible
    document count and frequencies of the candidate terms."""
    body = analyze([doc.get("subject"), (doc.get("text") or "")[:MLT_MAX_CHARS]])
    fields = {"fold": body.fold, "fold_bi": body.fold_bi}
    n_docs, dfs = stats(similar_candidates(fields))
    return select_similar_terms(fields, dfs, n_docs)


def plan_similar(weighted: list[tuple[str, str, float]], doc_id: str, access: AccessFilter | None,
                 exclude_ids: Sequence[str] = ()) -> Node:
    """More-like-this from (field, token, weight) chosen by the engine-neutral term selection.  Each term scores
    its weight (a constant: the engine's own index statistics, which count documents the user may not see, take
    no part in the order). ``exclude_ids``: documents left out (a tightening not re-indexed yet)."""
    acc = access_node(access)
    should = tuple(Const(Term(f, t), w) for f, t, w in weighted)
    return Bool(should=should, must_not=(Terms("id", tuple(dict.fromkeys((doc_id, *exclude_ids)))),),
                filter=(acc,) if acc else (), min_should=1)


def plan_suggest(prefix: str, access: AccessFilter | None, exclude_ids: Sequence[str] = ()) -> Node | None:
    """Documents whose number, or kind and subject, contain the typed WHOLE syllables in order (folded:
    accent-insensitive; "Sở" never completes to "soát"). ``exclude_ids``: left out inside the query (a tightening
    not re-indexed yet), so they take no place among the newest candidates."""
    toks = tuple(fold(t) for t in tokenize(prefix))
    if not toks:
        return None
    acc = access_node(access)
    return Bool(must=(_phrase_or_term("sugg", toks, 1.0),), filter=(acc,) if acc else (),
                must_not=(Terms("id", tuple(dict.fromkeys(exclude_ids))),) if exclude_ids else ())


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
    """Kinds of document the typed syllables start ("thong" → "Thông báo", "Thông tư" …), units of the directory
    (they name who to search for), then numbers and subjects of documents."""
    if limit <= 0:
        return []
    return list(dict.fromkeys([*suggest_kinds(prefix), *suggest_units(prefix, limit),
                               *suggestions(prefix, docs, limit)]))[:limit]


def _typed_match(typed: list[str], toks: list[str], at: int) -> bool:
    """The syllables typed with diacritics are written so at ``at`` ("Sở" typed: "số" is not what the user wrote);
    those typed without match any."""
    return all(t == fold(t) or toks[at + i] == t for i, t in enumerate(typed))


def suggest_kinds(prefix: str) -> list[str]:
    """The kinds of document whose name starts with the typed whole syllables, accent-insensitive (shortest
    first)."""
    typed = tokenize(prefix)
    want = [fold(t) for t in typed]
    if not want:
        return []
    out: list[tuple[int, int, str]] = []
    for i, kind in enumerate(DOC_KINDS):
        toks = tokenize(kind)
        if [fold(t) for t in toks][:len(want)] == want and _typed_match(typed, toks, 0):
            out.append((len(toks), i, kind))
    return [k for _, _, k in sorted(out)]


def _kind_and_subject(kind: str, subject: str) -> str:
    """ "Thông báo" + "Kết luận của Chủ tịch …" → "Thông báo kết luận của Chủ tịch …" (a subject opening with a
    name — "Sở Xây dựng …", "UBND …", "Nghệ An …" — keeps its capital)."""
    toks = subject.split()
    first = toks[0] if toks else ""
    if (len(toks) > 1 and first[:1].isupper() and first[1:].islower() and toks[1][:1].islower()
            and fold(first).lower() not in UNIT_HEADS):
        subject = first[:1].lower() + subject[1:]
    return f"{kind} {subject}".strip()


def suggestions(prefix: str, docs: list[dict[str, Any]], limit: int) -> list[str]:
    """Completion strings from candidate documents (newest first): the number when the typed syllables are in it
    ("317", "TB-UBND"), else the subject, or the kind and the subject ("thong bao ket luan" → "Thông báo kết luận
    của …"); and the units they name ("phong tai chinh" → "Phòng Tài chính - Kế hoạch", a district's office the
    directory does not list).  Syllables typed with diacritics must match them exactly (the candidates matched
    accent-insensitively).  Numbers the typed syllables start first, then units and subjects (with their kind) they
    start, then the rest."""
    typed = tokenize(prefix)
    want = [fold(t) for t in typed]
    numbers: list[str] = []
    units: list[str] = []
    starts: list[str] = []
    codes: list[str] = []
    inside: list[str] = []

    def where(toks: list[str], folded: list[str]) -> int:
        at = _contains(folded, want)
        return at if at >= 0 and _typed_match(typed, toks, at) else -1

    for d in docs:
        for unit in local_units(canonical_units(d.get("units") or [])):
            at = where(*_syllables(unit))
            if at >= 0:
                (units if at == 0 else inside).append(unit)
        number = d.get("number") or ""
        at = where(*_syllables(number)) if number else -1
        if at >= 0:
            (numbers if at == 0 else codes).append(number)
            continue
        subject = d.get("subject") or ""
        stoks = tokenize(subject)
        sfold = [fold(t) for t in stoks]
        at = where(stoks, sfold)
        if at >= 0:
            (starts if at == 0 else inside).append(subject)
            continue
        kind = d.get("doc_type") or ""
        ktoks, kfold = _syllables(kind)
        at = where([*ktoks, *stoks], [*kfold, *sfold]) if ktoks and stoks else -1
        if 0 <= at < len(ktoks):  # the typed syllables begin in the kind
            (starts if at == 0 else inside).append(_kind_and_subject(kind, subject))
    return list(dict.fromkeys([*numbers, *units, *starts, *codes, *inside]))[:limit]


@lru_cache(maxsize=4096)
def _syllables(name: str) -> tuple[list[str], list[str]]:
    """A short name's syllables and their folded forms (units, kinds, numbers recur from document to document)."""
    toks = tokenize(name)
    return toks, [fold(t) for t in toks]
