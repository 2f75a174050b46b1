"""services.search.plan: the engine-neutral query tree (ranking and filters decided once for both engines)."""
from __future__ import annotations

import math
from datetime import date

import pytest

from services.search.engine import AccessFilter, SearchQuery
from services.search.ir import Bool, Const, MatchAll, MatchNone, Node, Phrase, Range, Term, Terms
from services.search.plan import (
    W_BI,
    W_FOLD,
    W_FOLD_BI,
    W_SYL,
    access_node,
    plan_search,
    plan_similar,
    plan_suggest,
    rerank,
    select_similar_terms,
)


def walk(node: Node) -> list[Node]:
    out = [node]
    if isinstance(node, Bool):
        for n in (*node.must, *node.should, *node.must_not, *node.filter):
            out.extend(walk(n))
    if isinstance(node, Const):
        out.extend(walk(node.node))
    return out


def test_word_matches_accented_and_folded_with_accented_higher() -> None:
    plan = plan_search(SearchQuery(q="nhiệm"))
    assert isinstance(plan.query, Bool)
    nodes = walk(plan.query)
    assert Const(Term("syl", "nhiệm"), W_SYL) in nodes and Const(Term("fold", "nhiem"), W_FOLD) in nodes
    assert W_SYL > W_FOLD


def test_short_queries_require_every_word_long_ones_a_share() -> None:
    short = plan_search(SearchQuery(q="giao nhiệm vụ")).query
    assert isinstance(short, Bool) and isinstance(short.must[0], Bool) and len(short.must[0].must) == 3
    long = plan_search(SearchQuery(q="người nghiện ma túy từ đủ mười tám tuổi trở lên")).query
    core = long.must[0]
    assert isinstance(core, Bool) and not core.must and core.min_should is not None
    assert 1 <= core.min_should < len(core.should)


def test_bigram_boosts_are_optional() -> None:
    q = plan_search(SearchQuery(q="ma túy")).query
    assert isinstance(q, Bool)
    assert Const(Term("bi", "ma_túy"), W_BI) in q.should
    assert Const(Term("syl", "túy"), W_SYL) in q.should  # the accented bonus is optional too
    assert Const(Term("fold_bi", "ma_tuy"), W_FOLD_BI) in q.should
    assert q.min_should == 0


def test_number_gets_constant_keyword_boost_and_phrase_fallback() -> None:
    nodes = walk(plan_search(SearchQuery(q="tb-ubnd 317")).query)
    assert any(isinstance(n, Const) and n.node == Term("num", "317/tb-ubnd") for n in nodes)
    assert Phrase("fold", ("317", "tb", "ubnd")) in nodes


def test_weights_come_from_the_visible_statistics_only() -> None:
    """Every scoring clause is a constant weighted by the idf the stats callable reports (the visible set), and a
    rarer word weighs more; the rerank stage knows each word's and folded bigram's weight."""
    seen: list[list[tuple[str, str]]] = []

    def stats(keys: list[tuple[str, str]]) -> tuple[int, dict[tuple[str, str], int]]:
        seen.append(keys)
        return 100, {("fold", "alpha"): 50, ("fold", "beta"): 2, ("fold_bi", "alpha_beta"): 1}

    plan = plan_search(SearchQuery(q="alpha beta"), stats)
    assert seen and ("fold_bi", "alpha_beta") in seen[0]
    weights = dict(plan.rerank)
    assert weights["beta"] > weights["alpha"] > 0
    assert weights["alpha  beta"] == pytest.approx(W_FOLD_BI * math.log(1 + 99.5 / 1.5))
    assert not [n for n in walk(plan.query) if isinstance(n, Term) and n.boost != 1.0]


def test_rerank_uses_term_frequency_and_breaks_ties_by_id() -> None:
    plan = plan_search(SearchQuery(q="alpha"))
    cands = [(1.0, "b", "alpha x y z"), (1.0, "a", "alpha x y z"), (1.0, "c", "alpha alpha alpha x"),
             (0.5, "d", None)]
    assert [i for _, i in rerank(plan, cands)] == ["c", "a", "b", "d"]


def test_filters_and_exclusions() -> None:
    sq = SearchQuery(q="kết luận -xây type:QĐ year:2024", doc_types=["Thông báo"], issuers=["UBND tỉnh"],
                     units=["Sở TN&MT"], date_from=date(2024, 1, 1), date_to=date(2024, 6, 30),
                     has_open_tasks=True)
    q = plan_search(sq).query
    assert isinstance(q, Bool)
    f = q.filter
    assert Terms("type_key", ("thong bao",)) in f
    assert Terms("issuer_key", ("uy ban nhan dan tinh",)) in f
    assert Terms("unit_key", ("so tai nguyen va moi truong",)) in f
    assert Range("date_int", 20240101, 20240630) in f
    assert Range("open", 1, 1) in f
    assert Terms("type_key", ("quyet dinh",)) in f
    assert Range("date_int", 20240101, 20241231) in f
    assert len(q.must_not) == 1


def test_filters_only_query_is_match_all_sorted_by_date() -> None:
    plan = plan_search(SearchQuery(q="type:QĐ"))
    assert not plan.has_text
    assert isinstance(plan.query, Bool) and plan.query.must == (MatchAll(),)


def test_access_filter_is_inside_every_query() -> None:
    acc = AccessFilter(max_level=1, units=["Sở Tài chính"])
    node = access_node(acc)
    assert node is not None
    for q in (plan_search(SearchQuery(q="x", access=acc)).query, plan_search(SearchQuery(access=acc)).query,
              plan_similar([("fold", "x", 1.0)], "d1", acc), plan_suggest("x", acc)):
        assert isinstance(q, Bool) and node in q.filter
    assert access_node(None) is None


def test_access_variants() -> None:
    assert access_node(AccessFilter(max_level=0)) == Range("level", None, 0)
    pub = access_node(AccessFilter(max_level=3, public_only=True, units=["x"]))
    assert isinstance(pub, Bool) and Terms("audience", ("public",)) in pub.filter
    units = access_node(AccessFilter(max_level=3, units=["Sở TN&MT"]))
    assert isinstance(units, Bool)
    (alts,) = [n for n in units.filter if isinstance(n, Bool)]
    assert Terms("aud_units", ("so tai nguyen va moi truong",)) in alts.should
    none = access_node(AccessFilter(max_level=3, units=[]))
    assert isinstance(none, Bool) and Terms("audience", ("public",)) in none.filter


def test_unit_filter_is_safe_on_its_own_internal_grants_nothing() -> None:
    """A unit user sees "public" documents and those indexed with its unit among the access units; an "internal"
    audience alone never widens that (the review finding: every indexed "internal" document was visible)."""
    for acc in (AccessFilter(max_level=3, units=["Sở Tài chính"]), AccessFilter(max_level=3, units=[])):
        node = access_node(acc)
        assert all(not (isinstance(n, Terms) and "internal" in n.values) for n in walk(node))  # type: ignore[arg-type]


def test_bare_digits_and_partial_numbers_boost_the_numbered_document() -> None:
    nodes = walk(plan_search(SearchQuery(q="317")).query)
    assert any(isinstance(n, Const) and n.node == Term("num", "317") for n in nodes)
    nodes = walk(plan_search(SearchQuery(q="TB 317")).query)
    assert any(isinstance(n, Const) and n.node == Bool(must=(Term("num", "317"), Term("num", "tb"))) for n in nodes)


def test_year_list_filter_and_excluded_ids() -> None:
    q = plan_search(SearchQuery(q="x", years=[2009], exclude_ids=["d1", "d2"])).query
    assert isinstance(q, Bool)
    assert Range("date_int", 20090101, 20091231) in q.filter
    assert Terms("id", ("d1", "d2")) in q.must_not
    from services.search.plan import _year_filter, _years_filter

    assert _year_filter("abc") == MatchNone() and _years_filter([12345678]) == MatchNone()  # never an engine error


def test_similar_terms_selection() -> None:
    fields = {"fold": ["dat", "dat", "dai", "la", "hiem"]}
    dfs = {("fold", "dat"): 3, ("fold", "dai"): 5, ("fold", "la"): 90, ("fold", "hiem"): 1}
    sel = select_similar_terms(fields, dfs, 100)
    assert [t for _, t, _ in sel] == ["dat", "dai"]  # too common and unique terms left out
    assert sel[0][2] == 1.0 and 0 < sel[1][2] < 1


def test_rerank_counts_alike_by_substring_and_by_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.search import plan as plan_module

    plan = plan_search(SearchQuery(q="alpha beta gamma"))
    cands = [(2.0, "a", "alpha beta x alpha beta gamma"), (2.0, "b", "beta alpha gamma gamma y"),
             (1.5, "c", "alphabeta beta"), (1.0, "d", "gamma")]
    by_substring = rerank(plan, cands)
    monkeypatch.setattr(plan_module, "FEW_TERMS", 0)
    by_pass = rerank(plan, cands)
    assert [i for _, i in by_pass] == [i for _, i in by_substring]
    assert [s for s, _ in by_pass] == pytest.approx([s for s, _ in by_substring])
    assert [i for _, i in by_substring][0] == "a"


def test_pass_counts_equal_full_counters() -> None:
    """The long-query path counts only at the query words' positions: the same counts as counting every token
    and every adjacent pair (repeated words and pairs such as "a a a" included)."""
    import random
    from collections import Counter

    from services.search.plan import _pass_counts

    rnd = random.Random(3)
    vocab = ["a", "b", "c", "d", "e", "f"]
    unigrams = [("a", 1.0), ("c", 0.5), ("z", 2.0)]
    pairs = [(("a", "a"), 0.7), (("a", "b"), 0.3), (("c", "d"), 0.2), (("z", "a"), 0.1)]
    words = frozenset(["a", "c", "z", "b", "d"])
    for _ in range(200):
        toks = [rnd.choice(vocab) for _ in range(rnd.randint(0, 40))]
        counts, bigrams = Counter(toks), Counter(zip(toks, toks[1:], strict=False))
        want = [(counts[t], w) for t, w in unigrams if t in counts]
        want += [(bigrams[p], w) for p, w in pairs if p in bigrams]
        assert _pass_counts(toks, unigrams, pairs, words) == want


def test_many_terms_count_by_substring_exactly_as_the_pass() -> None:
    """A long query's terms (words, then pairs of two different words) read by substring search give the pass's
    counts in the pass's order, zeros aside: the same sum to the last bit."""
    import random

    from services.search.plan import _pass_counts, _substring_counts, _substring_patterns

    rnd = random.Random(7)
    vocab = ["a", "b", "c", "d", "e", "f"]
    unigrams = [("a", 1.0), ("c", 0.5), ("z", 2.0), ("b", 0.25)]
    pairs = [(("a", "b"), 0.3), (("c", "d"), 0.2), (("z", "a"), 0.1), (("b", "a"), 0.7)]
    words = frozenset(x for t, _ in unigrams for x in t) | frozenset(x for p, _ in pairs for x in p)
    patterns = _substring_patterns([*unigrams, *((f"{a}  {b}", w) for (a, b), w in pairs)])
    for _ in range(500):
        toks = [rnd.choice(vocab) for _ in range(rnd.randint(0, 40))]
        by_substring = [(n, w) for n, w in _substring_counts(" ".join(toks), patterns) if n]
        assert by_substring == [(n, w) for n, w in _pass_counts(toks, unigrams, pairs, words) if n]


def test_substring_counts_equal_the_double_spaced_counts() -> None:
    """Stage 2's few-term counts, read from the single-spaced tokens where that is exact, are the counts of the
    double-spaced string (repeated words, repeated pairs "a b a b", pairs of one word "a a a", odd spacing)."""
    import random

    from services.search.plan import _substring_counts, _substring_patterns

    rnd = random.Random(5)
    vocab = ["a", "b", "ab", "c", "a_b"]
    terms = [("a", 1.0), ("b", 0.5), ("ab", 0.25), ("z", 2.0), ("a  b", 0.7), ("a  a", 0.3), ("b  a", 0.2),
             ("c  c", 0.1), ("a  b  c", 0.4)]
    patterns = _substring_patterns(terms)
    for _ in range(2000):
        toks = [rnd.choice(vocab) for _ in range(rnd.randint(0, 30))]
        tok = "".join(t + rnd.choice([" ", " ", " ", "  ", "\n"]) for t in toks).rstrip(" ")
        doubled = f" {tok.replace(' ', '  ')} "
        assert _substring_counts(tok, patterns) == [(doubled.count(f" {t} "), w) for t, w in terms], tok


def test_a_year_like_number_boosts_no_numbered_document_unless_marked() -> None:
    nums = [n for n in walk(plan_search(SearchQuery(q="2031")).query) if isinstance(n, Term) and n.field == "num"]
    assert nums == []
    nodes = walk(plan_search(SearchQuery(q="số 2031")).query)
    assert any(isinstance(n, Const) and n.node == Term("num", "2031") for n in nodes)
    assert not any(isinstance(n, Term) and n.field == "num" for n in walk(plan_search(SearchQuery(q="30/11")).query))


def test_number_with_a_year_prefers_the_one_issued_that_year_and_finds_citations_without_it() -> None:
    plan = plan_search(SearchQuery(q="641/2031/QĐ-UBND"))
    nodes = walk(plan.query)
    dated = Bool(must=(Bool(must=(Term("num", "641"), Term("num", "qd"), Term("num", "ubnd"))),),
                 filter=(Range("date_int", 20310101, 20311231),))
    assert any(isinstance(n, Const) and n.node == dated for n in nodes)
    assert Phrase("fold", ("641", "qd", "ubnd")) in nodes  # cited without the year
    assert dated in walk(plan.match)


def test_glued_number_matches_its_typed_tokens() -> None:
    plan = plan_search(SearchQuery(q="641QĐ-UBND"))
    assert Phrase("fold", ("641qd", "ubnd")) in walk(plan.query)
    assert Phrase("fold", ("641qd", "ubnd")) in walk(plan.match)
