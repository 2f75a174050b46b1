"""The learned stage 3 (services.search.rerank): its feature functions on invented folded Vietnamese text, the
reordering (a permutation of the head, scores handed out again), when it applies, and the shipped model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.search import rerank
from services.search.engine import SearchQuery
from services.search.plan import plan_search

# invented folded token strings (subject + text, as the engines store them)
HEADING = "quy dinh ve che do cong tac phi cua can bo xa khi di cong tac vung cao"
SCATTERED = ("can bo phai bao cao hang thang ve cong viec va xa hoi trong khi do che do nghi phep duoc tinh rieng "
             "theo quy dinh cua co quan tai chinh tinh")
UNRELATED = "ke hoach trong cay xanh tren dia ban thanh pho nam nay giao cac phuong thuc hien"


def test_query_terms_keep_words_and_pairs_with_their_largest_weight() -> None:
    t = rerank.query_terms([("che", 1.0), ("do", 0.2), ("che  do", 2.0), ("che", 1.5), ("a  b  c", 9.0)])
    assert dict(t.unigrams) == {"che": 1.5, "do": 0.2}
    assert dict(t.bigrams) == {"che do": 2.0}  # a triple is no pair: left out
    assert t.words == frozenset({"che", "do"})


def test_scan_cuts_at_a_token_boundary() -> None:
    assert rerank.scan("mot hai ba bon", 9) == ["mot", "hai"]
    assert rerank.scan("mot hai", 100) == ["mot", "hai"]


def test_coverage_is_the_share_of_weight_present() -> None:
    present = set(HEADING.split())
    assert rerank.coverage(present, [("cong", 1.0), ("tac", 1.0), ("phi", 2.0)]) == 1.0
    assert rerank.coverage(present, [("cong", 1.0), ("xanh", 3.0)]) == 0.25
    assert rerank.coverage(present, []) == 0.0


def test_pair_coverage_needs_adjacent_words() -> None:
    toks = HEADING.split()
    words = {"che", "do", "can", "cao"}
    hits = [(i, t) for i, t in enumerate(toks) if t in words]
    assert rerank.pair_coverage(hits, [("che do", 1.0)]) == 1.0
    assert rerank.pair_coverage(hits, [("che do", 1.0), ("can cao", 1.0)]) == 0.5  # both words there, not adjacent


def test_pairs_found_in_the_token_string_are_those_of_the_position_list() -> None:
    pairs = [("che do", 1.0), ("can cao", 2.0), ("cong tac", 0.5), ("do cong", 0.25), ("xanh tren", 4.0)]
    words = {w for p, _ in pairs for w in p.split()}
    for text in (HEADING, SCATTERED, UNRELATED, "che do che do", "do che", ""):
        toks = text.split()
        for lead in (len(toks), 5):
            hits = [(i, t) for i, t in enumerate(toks) if t in words and i < lead]
            assert rerank.spaced_pair_coverage(f" {' '.join(toks[:lead])} ", pairs) == pytest.approx(
                rerank.pair_coverage(hits, pairs), abs=1e-12)
    assert rerank.spaced_pair_coverage(f" {HEADING} ", [("che do", 1.0), ("can cao", 1.0)]) == 0.5
    assert rerank.spaced_pair_coverage(" chede do ", [("che do", 1.0)]) == 0.0  # whole tokens only


def test_features_without_proximity_match_those_with_it() -> None:
    terms = rerank.query_terms([("che", 1.0), ("do", 1.0), ("cong", 1.0), ("tac", 1.0), ("phi", 2.0),
                                ("che  do", 1.0), ("cong  tac", 1.0), ("tac  phi", 0.5)])
    head = [(4.0, "a", SCATTERED), (3.0, "b", HEADING), (1.0, "c", UNRELATED)]
    every = rerank.features(terms, head)
    used = rerank.features(terms, head, ("bm25", "bigram", "prf", "lead_bi"))
    win = rerank.FEATURES.index("win")
    for full, cheap in zip(every, used, strict=True):
        assert cheap[win] == 0.0
        assert [x for i, x in enumerate(cheap) if i != win and rerank.FEATURES[i] != "lead_laws"] == pytest.approx(
            [x for i, x in enumerate(full) if i != win and rerank.FEATURES[i] != "lead_laws"], abs=1e-12)


def test_best_window_prefers_words_close_together() -> None:
    terms = [("che", 1.0), ("do", 1.0), ("cong", 1.0), ("tac", 1.0)]

    def window(text: str, width: int) -> float:
        toks = text.split()
        return rerank.best_window([(i, t) for i, t in enumerate(toks) if t in dict(terms)], terms, width)

    assert window(HEADING, 6) == 1.0  # "che do cong tac" within six tokens
    spread = "che " + "x " * 20 + "do " + "y " * 20 + "cong tac"
    assert window(spread, 6) == 0.5  # only "cong tac" fit in one window
    assert window(spread, 100) == 1.0
    assert window(UNRELATED, 6) == 0.0


def test_feedback_terms_come_from_the_best_candidates_and_skip_the_query() -> None:
    top = [(3.0, "phu cap cong tac phi vung cao".split()), (2.0, "phu cap luu tru vung cao".split())]
    head_sets = [set(t) for _, t in top] + [set(UNRELATED.split())]
    terms = dict(rerank.prf_terms(top, head_sets, frozenset({"cong", "tac"})))
    assert "cong" not in terms and "tac" not in terms
    assert {"phu", "cap", "vung", "cao"} <= set(terms)
    assert terms["phi"] > terms["luu"]  # each in one candidate: the better one's words weigh more
    assert terms["phu"] > terms["luu"]  # in both of the best candidates, against one
    assert rerank.prf_terms([], head_sets, frozenset()) == []


def test_features_have_one_row_per_candidate_in_range() -> None:
    terms = rerank.query_terms([("che", 1.0), ("do", 1.0), ("cong", 1.0), ("tac", 1.0), ("phi", 2.0),
                                ("che  do", 1.0), ("cong  tac", 1.0)])
    head = [(4.0, "a", SCATTERED), (3.0, "b", HEADING), (1.0, "c", UNRELATED)]
    rows = rerank.features(terms, head)
    assert len(rows) == 3 and all(len(r) == len(rerank.FEATURES) for r in rows)
    assert all(0.0 <= x <= 1.0 for r in rows for x in r)
    f = {name: [r[i] for r in rows] for i, name in enumerate(rerank.FEATURES)}
    assert f["bm25"] == [1.0, 0.75, 0.25]
    assert f["cover"][1] == 1.0 > f["cover"][0] and f["cover"][2] == 0.0
    assert f["lead"][1] == 1.0 and f["win"][1] > f["win"][0] and f["bigram"][1] == 1.0


def _model(weights: dict[str, float]) -> rerank.Model:
    n = len(rerank.FEATURES)
    return rerank.Model(rerank.FEATURES, (0.0,) * n, (1.0,) * n, tuple(weights.get(f, 0.0) for f in rerank.FEATURES))


def test_reorder_is_a_permutation_with_the_heads_own_scores() -> None:
    terms = rerank.query_terms([("che", 1.0), ("do", 1.0), ("cong", 1.0), ("tac", 1.0), ("phi", 2.0)])
    head = [(4.0, "a", SCATTERED), (3.0, "b", HEADING), (1.0, "c", UNRELATED)]
    out = rerank.reorder(_model({"lead": 1.0, "win": 1.0}), terms, head)
    assert [i for _, i in out] == ["b", "a", "c"]
    assert [s for s, _ in out] == [4.0, 3.0, 1.0]  # no new score: the head's own, in descending order
    same = rerank.reorder(_model({"bm25": 1.0}), terms, head)
    assert [i for _, i in same] == ["a", "b", "c"]


def test_model_round_trips_through_json() -> None:
    m = _model({"bm25": 2.0, "lead": 0.5})
    assert rerank.Model.from_json(json.loads(json.dumps(m.to_json()))) == m


def test_the_shipped_model_loads_with_its_cross_validated_figures() -> None:
    d = json.loads(rerank.MODEL_PATH.read_text(encoding="utf-8"))
    model = rerank.load_model()
    assert model is not None and set(model.features) <= set(rerank.FEATURES)
    assert len(model.weights) == len(model.features) == len(model.mean) == len(model.scale)
    assert all("oof" in row and "first" in row for row in d["figures"].values())


QUESTION = "Cán bộ xã đi công tác vùng cao được hưởng chế độ công tác phí như thế nào"


@pytest.mark.parametrize(("q", "applies"), [
    (QUESTION, True),
    ("can bo xa di cong tac vung cao duoc huong che do cong tac phi", True),  # typed without accents
    ("công tác phí", False),  # short: stages 1–2 decide
    ("317/TB-UBND về chế độ công tác phí cán bộ xã", False),  # a document number
    ('"công tác phí" cán bộ xã vùng cao được hưởng', False),  # a quoted phrase
    ("chế độ công tác phí cán bộ xã type:\"Quyết định\"", False),  # field syntax
])
def test_the_stage_applies_to_plain_questions_only(q: str, applies: bool) -> None:
    plan = plan_search(SearchQuery(q=q))
    assert rerank.applies(plan, rerank.query_terms(plan.rerank)) is applies


def test_second_stage_only_reorders_and_is_skipped_when_tokens_are_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_search(SearchQuery(q=QUESTION))
    ranked = [(4.0, "a"), (3.0, "b"), (1.0, "c")]
    tokens = {"a": SCATTERED, "b": HEADING, "c": UNRELATED}
    monkeypatch.setattr(rerank, "load_model", lambda path=None: _model({"lead": 1.0, "win": 1.0}))
    out = rerank.second_stage(plan, ranked, tokens)
    assert [i for _, i in out] == ["b", "a", "c"]
    assert [s for s, _ in out] == [s for s, _ in ranked]  # the same scores, in the same descending order
    assert rerank.second_stage(plan, ranked, {**tokens, "c": None}) == ranked  # an index without stored tokens
    monkeypatch.setattr(rerank, "enabled", False)
    assert rerank.second_stage(plan, ranked, tokens) == ranked


def test_bare_digits_keep_the_stage_two_first_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_search(SearchQuery(q="công văn 317 về chế độ công tác phí cán bộ xã vùng cao"))
    assert rerank.applies(plan, rerank.query_terms(plan.rerank)) and rerank.pinned_of(plan) == 1
    assert rerank.pinned_of(plan_search(SearchQuery(q=QUESTION))) == 0
    monkeypatch.setattr(rerank, "load_model", lambda path=None: _model({"lead_bi": 1.0, "bigram": 1.0}))
    ranked = [(40.0, "numbered"), (4.0, "a"), (3.0, "b")]
    tokens = {"numbered": UNRELATED, "a": SCATTERED, "b": HEADING}
    out = rerank.second_stage(plan, ranked, tokens)
    assert [i for _, i in out] == ["numbered", "b", "a"]  # the rest is reordered, the first stays


def test_only_the_first_stage_depth_candidates_move(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_search(SearchQuery(q=QUESTION))
    monkeypatch.setattr(rerank, "STAGE_DEPTH", 2)
    monkeypatch.setattr(rerank, "load_model", lambda path=None: _model({"lead_bi": 1.0, "bigram": 1.0}))
    ranked = [(4.0, "a"), (3.0, "b"), (2.0, "c"), (1.0, "d")]
    tokens = {"a": SCATTERED, "b": HEADING, "c": HEADING, "d": HEADING}
    assert [i for _, i in rerank.second_stage(plan, ranked, tokens)] == ["b", "a", "c", "d"]


@pytest.mark.parametrize("content", ["{not json", '{"model": {"features": ["bm25", "telepathy"], "mean": [0, 0], '
                                     '"scale": [1, 1], "weights": [1, 1]}}', '{"model": {"features": []}}',
                                     '{"other": 1}'])
def test_an_unusable_model_file_skips_the_stage_instead_of_failing_search(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    assert rerank.load_model(path) is None
    assert rerank.load_model(tmp_path / "missing.json") is None
