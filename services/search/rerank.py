"""Stage 3 of the ranking: a learned reordering of the rescored head, for questions in natural language.

Stage 1 (the engine) ranks by idf constants, stage 2 (``services.search.plan.rerank``) rescores its first
RERANK_DEPTH candidates with BM25; this stage reorders the first STAGE_DEPTH of them (never adds, drops or moves a
document into or out of them) with a linear model over cheap features of each candidate's stored folded
tokens (subject + text, as indexed), of which only the first SCAN_CHARS characters are read (the stage-2 score
covers the whole document; the bound keeps the stage at a few milliseconds on long documents):

- ``bm25``     the stage-2 score over the best of the head;
- ``bigram``   share of the query's consecutive word pairs' weight found as pairs;
- ``lead_bi``  share of the query's pairs' weight found as pairs in the lead (the first LEAD_TOKENS: the subject,
               the article's heading);
- ``prf``      pseudo-relevance feedback (RM3-like): share of the weight of the expansion terms drawn from the
               best PRF_DOCS candidates that the document has.

Computed too, but left out of the model by the backward elimination of ``make train-rank`` (adding any of them
back does not raise the cross-validated mrr@10; chosen inside each fold instead, ``lead_laws`` is kept in all five): ``cover`` (share of the query words' weight in the document), ``lead`` (the same in the
lead), ``win`` (proximity: the best share of the weightiest query words inside any window of WINDOW_TOKENS) and
``lead_laws`` (the lead's query words
weighted by their idf over the 18,064 articles of the 208 laws in ../shared/data/laws, ``rerank_laws_idf.json``,
built by ``make train-rank``).  A feature the model does not use costs nothing when it costs anything.

Nothing here looks outside the candidates and fixed files: the word weights are the plan's (idf over the documents
the user may see) or the laws' (a static file), the expansion terms come from candidates the user may see, and the
scores shown are the head's own stage-2 scores handed out again in the new order, so neither the order nor a score
can depend on a hidden document.  A query with bare digits ("công văn 317 về …") keeps its stage-2 first in place
(it may be the document so numbered).

The model (``rerank_model.json``: feature means, spreads and weights, with the figures it reached) is trained
by ``make train-rank`` (scripts/train_rank.py) from the ALQAC train questions and cross-validated there.  The
stage applies to queries of at least MIN_TERMS plain words (no number, phrase or field syntax): short queries,
document numbers and exact-diacritic preferences keep the order of stages 1–2.
"""
from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

__all__ = [
    "FEATURES",
    "MODEL_PATH",
    "Model",
    "QueryTerms",
    "best_window",
    "coverage",
    "features",
    "load_model",
    "pinned_of",
    "prf_terms",
    "query_terms",
    "reorder",
    "pair_coverage",
    "scan",
    "spaced_pair_coverage",
    "second_stage",
]

log = logging.getLogger("vanban.search")

MODEL_PATH = Path(__file__).with_name("rerank_model.json")
MIN_TERMS = 5  # distinct plain query words before the stage applies
STAGE_DEPTH = 15  # the first candidates of the stage-2 head reordered (on ALQAC 15 rank as well as 20, at 3/4 of
# the cost; 10 lose 0.006 of mrr@10); the rest of the head keeps its stage-2 order below them
SCAN_CHARS = 4_000  # the features read the first characters of each candidate (≈ 800 syllables: the cost bound)
LEAD_TOKENS = 30  # the lead: subject / heading
WINDOW_TOKENS = 15  # proximity window
PROX_TERMS = 8  # the weightiest query words whose proximity is measured
PRF_DOCS = 3
PRF_TOKENS = 300  # tokens of each of the best candidates read for feedback terms
PRF_TERMS = 20

FEATURES = ("bm25", "cover", "bigram", "lead", "win", "prf", "lead_bi", "lead_laws")
LAWS_IDF_PATH = Path(__file__).with_name("rerank_laws_idf.json")
_laws: dict[str, float] = {}


def laws_idf() -> dict[str, float]:
    """Folded syllable → idf over the laws' articles; "" → the weight of a syllable the laws never use twice
    (without the file every word weighs 1)."""
    if not _laws:
        try:
            idf = json.loads(LAWS_IDF_PATH.read_text(encoding="utf-8"))["idf"]
        except FileNotFoundError:
            idf = {}
        _laws.update(idf)
        _laws[""] = max(idf.values(), default=1.0)
    return _laws


@dataclass(frozen=True)
class QueryTerms:
    unigrams: tuple[tuple[str, float], ...]  # folded word, weight (idf over the visible documents)
    bigrams: tuple[tuple[str, float], ...]  # "a b", weight

    @property
    def words(self) -> frozenset[str]:
        return frozenset(t for t, _ in self.unigrams)


def query_terms(rerank_terms: Sequence[tuple[str, float]]) -> QueryTerms:
    """The plan's rescoring terms (folded word, or a folded pair written "a  b") → distinct words and pairs with
    their largest weight."""
    uni: dict[str, float] = {}
    bi: dict[str, float] = {}
    for t, w in rerank_terms:
        parts = t.split()
        if len(parts) == 1:
            uni[parts[0]] = max(w, uni.get(parts[0], 0.0))
        elif len(parts) == 2:
            key = " ".join(parts)
            bi[key] = max(w, bi.get(key, 0.0))
    return QueryTerms(tuple(uni.items()), tuple(bi.items()))


def scan(tok: str, chars: int | None = None) -> list[str]:
    """The tokens of the first ``chars`` (SCAN_CHARS) characters of a token string (the features' cost bound)."""
    chars = SCAN_CHARS if chars is None else chars
    if len(tok) > chars:
        cut = tok.rfind(" ", 0, chars)
        tok = tok[:cut if cut > 0 else chars]
    return tok.split()


def coverage(present: set[str] | frozenset[str], terms: Sequence[tuple[str, float]]) -> float:
    """Share of the terms' weight among the ``present`` tokens."""
    total = sum(w for _, w in terms)
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms if t in present) / total


def pair_coverage(hits: Sequence[tuple[int, str]], pairs: Sequence[tuple[str, float]]) -> float:
    """Share of the pairs' weight ("a b") found as adjacent tokens, from the query-word ``hits`` (position, word)
    in position order."""
    total = sum(w for _, w in pairs)
    if total <= 0:
        return 0.0
    weight = dict(pairs)
    found = {f"{a} {b}" for (i, a), (j, b) in zip(hits, hits[1:], strict=False) if j == i + 1}
    return sum(weight[p] for p in found if p in weight) / total


def spaced_pair_coverage(spaced: str, pairs: Sequence[tuple[str, float]]) -> float:
    """``pair_coverage`` from the token string itself, single-spaced with a space at each end (" a b … "): a pair
    "a b" stands side by side exactly where " a b " is a substring (a search in C, no position list)."""
    total = sum(w for _, w in pairs)
    if total <= 0:
        return 0.0
    return sum(w for p, w in pairs if f" {p} " in spaced) / total


def best_window(hits: Sequence[tuple[int, str]], terms: Sequence[tuple[str, float]],
                width: int | None = None) -> float:
    """Proximity: the largest share of the terms' weight whose words all occur within ``width`` (WINDOW_TOKENS)
    consecutive tokens (each word counted once), from the ``hits`` (position, word) in position order."""
    width = WINDOW_TOKENS if width is None else width
    total = sum(w for _, w in terms)
    weight = dict(terms)
    hits = [h for h in hits if h[1] in weight]
    if total <= 0 or not hits:
        return 0.0
    best = cur = 0.0
    counts: dict[str, int] = {}
    lo = 0
    for pos, word in hits:
        if counts.get(word, 0) == 0:
            cur += weight[word]
        counts[word] = counts.get(word, 0) + 1
        while pos - hits[lo][0] >= width:
            old = hits[lo][1]
            counts[old] -= 1
            if counts[old] == 0:
                cur -= weight[old]
            lo += 1
        best = max(best, cur)
    return best / total


def prf_terms(top: Sequence[tuple[float, list[str]]], head_sets: Sequence[set[str]], exclude: frozenset[str],
              n_terms: int = PRF_TERMS) -> list[tuple[str, float]]:
    """RM3-like expansion terms from the best candidates ``top`` ((score, tokens)): p(t|d) weighted by the
    candidates' scores, times an idf over the head (``head_sets``: each candidate's tokens); the query's own words,
    digits and one-letter tokens left out."""
    if not top:
        return []
    s_max = max(s for s, _ in top) or 1.0
    rel: Counter[str] = Counter()
    for s, toks in top:
        if not toks:
            continue
        pd = max(s, 0.0) / s_max / len(toks)
        for t, c in Counter(toks).items():
            rel[t] += pd * c
    df: Counter[str] = Counter()
    for hs in head_sets:
        df.update(hs)
    n = len(head_sets)
    scored: list[tuple[float, str]] = []
    for t, p in rel.items():
        if t in exclude or len(t) < 2 or t.isdigit():
            continue
        idf = math.log((n + 1) / (df[t] + 0.5))
        if idf > 0:
            scored.append((p * idf, t))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [(t, w) for w, t in scored[:n_terms]]


def features(terms: QueryTerms, head: Sequence[tuple[float, str, str]],
             wanted: Collection[str] = FEATURES) -> list[list[float]]:
    """One row of FEATURES per candidate of ``head`` ((stage-2 score, id, folded tokens), best first); the features
    not ``wanted`` (not in the model) are left at 0 when they cost anything."""
    s_max = max((s for s, _, _ in head), default=0.0)
    words = {*terms.words, *(w for p, _ in terms.bigrams for w in p.split())}  # pairs may hold left-out words
    li = laws_idf() if "lead_laws" in wanted else {"": 1.0}
    lterms = [(t, li.get(t, li[""])) for t in sorted(terms.words)]
    prox = sorted(terms.unigrams, key=lambda tw: (-tw[1], tw[0]))[:PROX_TERMS]
    toks_of = [scan(tok) for _, _, tok in head]
    sets = [set(toks) for toks in toks_of]
    expansion = prf_terms([(s, toks[:PRF_TOKENS]) for (s, _, _), toks in zip(head[:PRF_DOCS], toks_of, strict=False)],
                          sets, terms.words)
    rows: list[list[float]] = []
    for (s, _, _), toks, tset in zip(head, toks_of, sets, strict=True):
        if "win" in wanted:  # proximity reads the query words' positions (found at C speed)
            hits = [(i, toks[i]) for i in compress(range(len(toks)), map(words.__contains__, toks))] \
                if not tset.isdisjoint(words) else []
            bigram = pair_coverage(hits, terms.bigrams)
            lead_bi = pair_coverage([h for h in hits if h[0] < LEAD_TOKENS], terms.bigrams)
            win = best_window(hits, prox)
        else:  # the pairs alone: which stand side by side, by substring search in the tokens
            bigram = spaced_pair_coverage(f" {' '.join(toks)} ", terms.bigrams)
            lead_bi = spaced_pair_coverage(f" {' '.join(toks[:LEAD_TOKENS])} ", terms.bigrams)
            win = 0.0
        rows.append([
            s / s_max if s_max > 0 else 0.0,
            coverage(tset, terms.unigrams),
            bigram,
            coverage(lead := set(toks[:LEAD_TOKENS]), terms.unigrams),
            win,
            coverage(tset, expansion),
            lead_bi,
            coverage(lead, lterms) if "lead_laws" in wanted else 0.0,
        ])
    return rows


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]

    def score(self, row: Sequence[float]) -> float:
        return sum(w * (x - m) / s for w, x, m, s in zip(self.weights, row, self.mean, self.scale, strict=True))

    def columns(self) -> list[int]:
        return [FEATURES.index(f) for f in self.features]

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Model:
        return cls(tuple(d["features"]), tuple(map(float, d["mean"])), tuple(map(float, d["scale"])),
                   tuple(map(float, d["weights"])))


_model_cache: dict[str, Model | None] = {}


def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The shipped model; None (the stage is then skipped, with a warning in the log) when the file is missing,
    unreadable or names a feature this code does not compute — search never fails for it."""
    key = str(path)
    if key not in _model_cache:
        model: Model | None = None
        try:
            model = Model.from_json(json.loads(path.read_text(encoding="utf-8"))["model"])
            if not model.features or any(f not in FEATURES for f in model.features) or not (
                    len(model.features) == len(model.mean) == len(model.scale) == len(model.weights)):
                raise ValueError(f"features {model.features!r}")
        except FileNotFoundError:
            model = None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("search stage 3 skipped: %s is not a usable model (%s)", path.name, exc)
            model = None
        _model_cache[key] = model
    return _model_cache[key]


def reorder(model: Model, terms: QueryTerms, head: Sequence[tuple[float, str, str]],
            pinned: int = 0) -> list[tuple[float, str]]:
    """``head`` ((score, id, tokens), best first) reordered by the model, its first ``pinned`` candidates kept in
    place; the scores handed out are the head's own, in descending order (ties by the previous order)."""
    rows = features(terms, head, model.features)
    cols = model.columns()
    keyed = [(-model.score([r[c] for c in cols]), i) for i, r in enumerate(rows) if i >= pinned]
    keyed.sort()
    order = [*range(min(pinned, len(head))), *(i for _, i in keyed)]
    scores = sorted((s for s, _, _ in head), reverse=True)
    return [(scores[n], head[i][1]) for n, i in enumerate(order)]


def pinned_of(plan: Any) -> int:
    """1 when the query holds bare digits ("công văn 317 về …"): the stage-2 first, which may be the document so
    numbered (services.search.plan's NUM_DIGITS_BOOST), keeps its place."""
    return int(any(c.bare_number for g in plan.parsed.groups for c in g))


# (plan, head) observer for scripts/train_rank.py: sees exactly what the stage sees; the stage is then skipped
Recorder = Callable[[Any, list[tuple[float, str, str]]], None]
recorder: Recorder | None = None
enabled = True  # scripts/eval_retrieval.py --stages compares with the first stages alone in the same run


def applies(plan: Any, terms: QueryTerms) -> bool:
    """Plain questions only: every clause a word or an abbreviation concept (or the type a kind before bare digits
    names, beside its words), no field syntax, enough words."""
    parsed = plan.parsed
    if parsed.fields or parsed.excluded or parsed.excluded_fields:
        return False
    if any(c.kind not in ("word", "concept", "type") for g in parsed.groups for c in g):
        return False
    return len(terms.unigrams) >= MIN_TERMS


def second_stage(plan: Any, ranked: list[tuple[float, str]], tokens: dict[str, str | None]) -> list[tuple[float, str]]:
    """The plug-in point (called by plan.rerank on the rescored head, best first): its first STAGE_DEPTH reordered by
    the model when the query is a plain question and each of them has its stored tokens; else unchanged."""
    if len(ranked) < 2 or not (enabled or recorder):
        return ranked
    terms = query_terms(plan.rerank)
    if not applies(plan, terms):
        return ranked
    head: list[tuple[float, str, str]] = []
    for s, doc_id in ranked[:STAGE_DEPTH]:
        tok = tokens.get(doc_id)
        if not tok:
            return ranked
        head.append((s, doc_id, tok))
    if recorder is not None:
        recorder(plan, head)
        return ranked
    model = load_model()
    if model is None:
        return ranked
    return reorder(model, terms, head, pinned_of(plan)) + ranked[STAGE_DEPTH:]
