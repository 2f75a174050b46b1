#!/usr/bin/env python3
"""Train and cross-validate the learned reordering stage (services/search/rerank.py) on ALQAC train questions.

    .venv/bin/python scripts/train_rank.py [--engines tantivy,es] [--es-url URL] [--save] [--ablation]
        [--laws ../shared/data/laws]
        [--corpus ../shared/data/retrieval/alqac23_law.json] [--queries ../shared/data/retrieval/alqac23_train.json]

For each engine: indexes every article (as scripts/eval_retrieval.py), runs every question with and without
diacritics through the real engine with the stage switched to "record" (it then sees exactly the head it would
reorder, and the engine's order is the first stage's), computes the features and fits a linear pairwise-logistic
model (numpy).  Figures:

- ``first``  the current first stages (engine + BM25 rescoring), nothing fitted;
- ``oof``    5-fold cross-validation by question (fixed seed, both spellings of a question in the same fold): each
             question ranked by a model that never saw it — the figure to compare;
- ``in``     the model trained on every question, ranked on those same questions (optimistic);
- ``nested`` (``--nested``) the features too chosen inside each outer fold: the figure of the whole procedure.

The features are chosen by backward elimination (``--features auto``, the default): from all of them, leave out
the one whose absence gives the best 5-fold mrr@10 (both spellings), as long as it does not fall.

Fold models and the shipped model are trained on the first engine's candidates only; the other engine is ranked
with them.  ``--ablation`` repeats the cross-validation without each feature in turn (and with each feature left
out); ``--nested`` selects the features by backward elimination inside each outer fold (the honest figure for the
selection itself).  ``--save`` writes the model
trained on every question to services/search/rerank_model.json together with the figures reached; ``--laws DIR``
first rebuilds services/search/rerank_laws_idf.json (syllable idf over the laws' articles, no label involved).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_retrieval import SHARED, load, strip_diacritics  # noqa: E402

from services.search import rerank  # noqa: E402
from services.search.engine import IndexDoc, SearchEngine, SearchQuery  # noqa: E402

SEED = 20261206
FOLDS = 5
L2 = 1.0
K = 10
COST_QUERIES = 40  # questions run over --cost-texts (whole documents make stage 2 slow: the bound keeps it minutes)


def laws_statistics(laws_dir: Path) -> dict[str, Any]:
    """Idf of every folded syllable over the articles ("Điều N") of the laws in ``laws_dir`` (those used in at least
    two articles): the legal-domain weights of the ``lead_laws`` feature."""
    import math
    import re
    import unicodedata
    from collections import Counter

    from services.search.analysis import analyze

    df: Counter[str] = Counter()
    n = 0
    for path in sorted(laws_dir.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
        for article in re.split(r"\n\s*Điều\s+\d+", text):
            toks = set(analyze([article]).fold)
            if len(toks) >= 5:
                n += 1
                df.update(toks)
    idf = {t: round(math.log(1 + (n - d + 0.5) / (d + 0.5)), 3) for t, d in sorted(df.items()) if d >= 2}
    return {"about": f"idf of folded syllables over {n} articles of {laws_dir.name}/ (scripts/train_rank.py --laws)",
            "articles": n, "idf": idf}


def collect(engine_name: str, es_url: str, corpus: Path, queries_path: Path,
            texts: list[Path] | None = None, max_queries: int | None = None,
            spellings: tuple[bool, ...] = (False, True)) -> list[dict[str, Any]]:
    """One record per (question, spelling): the engine's top K, and the head the stage would reorder.  ``texts``:
    index the .txt files of these folders instead of the articles (whole real documents: the cost on long texts)."""
    docs, by_id, queries = load(corpus, queries_path)
    if texts:
        docs = [IndexDoc(id=p.stem, filename=p.name, number=None, doc_type=None, issuer=None, issued_date=None,
                         subject=None, text=p.read_text(encoding="utf-8", errors="replace"))
                for folder in texts for p in sorted(folder.glob("*.txt"))]
        by_id = {d.id: (d.id, "") for d in docs}
    records: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        engine: SearchEngine
        if engine_name == "es":
            from services.search.es_engine import ElasticsearchEngine

            engine = ElasticsearchEngine(es_url, index_prefix=f"vanban-rank-{uuid.uuid4().hex[:8]}")
        else:
            from services.search.tantivy_engine import TantivyEngine

            engine = TantivyEngine(Path(tmp) / "index")
        try:
            engine.index(docs)
            engine.refresh()
            seen: list[tuple[Any, list[tuple[float, str, str]]]] = []
            rerank.recorder = lambda plan, head: seen.append((plan, head))
            for qid, q, relevant in queries[:max_queries]:
                for nd in spellings:
                    seen.clear()
                    t0 = time.process_time()
                    res = engine.search(SearchQuery(q=strip_diacritics(q) if nd else q, limit=K, facets=False,
                                                    highlight=False))
                    cpu = time.process_time() - t0
                    rec: dict[str, Any] = {"qid": qid, "nd": nd, "relevant": sorted(map(list, relevant)),
                                           "hits": [list(by_id[h.id]) for h in res.hits], "engine_cpu_s": cpu}
                    if seen:
                        plan, head = seen[-1]
                        rec["terms"] = [list(t) for t in plan.rerank]
                        rec["pinned"] = rerank.pinned_of(plan)
                        rec["head"] = [[s, list(by_id[i]), tok] for s, i, tok in head]
                    records.append(rec)
        finally:
            rerank.recorder = None
            if engine_name == "es":
                engine.delete_all()  # type: ignore[attr-defined]
            engine.close()
    return records


def cost(records: list[dict[str, Any]], model: rerank.Model) -> dict[str, Any]:
    """CPU per query of the stage (features + model over the recorded heads; best of 5 runs each) beside that of the
    engine's whole search (stages 1–2, one run) in the same process."""
    stage: list[float] = []
    for r in records:
        if "head" not in r:
            continue
        terms = rerank.query_terms([(t, w) for t, w in r["terms"]])
        head = [(s, str(i), tok) for i, (s, _, tok) in enumerate(r["head"])]
        best = float("inf")
        for _ in range(5):
            t0 = time.process_time()
            rerank.reorder(model, terms, head, r.get("pinned", 0))
            best = min(best, time.process_time() - t0)
        stage.append(1000 * best)
    engine = sorted(1000 * r["engine_cpu_s"] for r in records)
    stage.sort()

    def pct(xs: list[float], p: float) -> float:
        return round(xs[min(len(xs) - 1, int(p * len(xs)))], 2) if xs else 0.0

    chars = [len(tok) for r in records for _, _, tok in r.get("head", [])]
    return {"stage_cpu_ms_p50": pct(stage, 0.5), "stage_cpu_ms_p95": pct(stage, 0.95),
            "engine_cpu_ms_p50": pct(engine, 0.5), "engine_cpu_ms_p95": pct(engine, 0.95),
            "candidates": round(sum(len(r.get("head", [])) for r in records) / max(1, len(records)), 1),
            "mean_candidate_chars": int(sum(chars) / max(1, len(chars)))}


def featurize(records: list[dict[str, Any]]) -> None:
    for r in records:
        if "head" in r:
            terms = rerank.query_terms([(t, w) for t, w in r["terms"]])
            head = [(s, str(i), tok) for i, (s, _, tok) in enumerate(r["head"])]
            r["X"] = np.array(rerank.features(terms, head), dtype=float)
            rel = {tuple(a) for a in r["relevant"]}
            r["y"] = np.array([1.0 if tuple(a) in rel else 0.0 for _, a, _ in r["head"]])


def fit(records: list[dict[str, Any]], cols: list[int]) -> rerank.Model:
    """Pairwise logistic regression (relevant above non-relevant in the same head), each query weighing alike."""
    rows = np.vstack([r["X"][:, cols] for r in records if "X" in r])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    diffs, weights = [], []
    for r in records:
        if "X" not in r or r["y"].sum() == 0 or r["y"].sum() == len(r["y"]):
            continue
        Z = (r["X"][:, cols] - mean) / scale
        pos, neg = Z[r["y"] > 0], Z[r["y"] == 0]
        d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, len(cols))
        diffs.append(d)
        weights.append(np.full(len(d), 1.0 / len(d)))
    D, W = np.vstack(diffs), np.concatenate(weights)
    w = np.zeros(len(cols))
    for _ in range(200):  # Newton steps on a convex loss
        m = D @ w
        p = 1.0 / (1.0 + np.exp(m))  # σ(-m)
        grad = -(D * (W * p)[:, None]).sum(axis=0) + L2 * w / len(records)
        hess = (D * (W * p * (1 - p))[:, None]).T @ D + (L2 / len(records)) * np.eye(len(cols))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    names = tuple(rerank.FEATURES[c] for c in cols)
    return rerank.Model(names, tuple(map(float, mean)), tuple(map(float, scale)), tuple(map(float, w)))


def ranked(r: dict[str, Any], model: rerank.Model | None) -> list[tuple[str, str]]:
    if model is None or "X" not in r:
        return [tuple(a) for a in r["hits"]]
    cols = model.columns()
    pinned = r.get("pinned", 0)
    order = [*range(pinned), *sorted(range(pinned, len(r["head"])), key=lambda i: (-model.score(r["X"][i, cols]), i))]
    return [tuple(r["head"][i][1]) for i in order][:K]


def metrics(records: list[dict[str, Any]], model_of) -> dict[str, float]:
    hit1 = hitk = mrr = recall = 0.0
    for r in records:
        rel = {tuple(a) for a in r["relevant"]}
        top = ranked(r, model_of(r))
        ranks = [i for i, a in enumerate(top) if a in rel]
        hit1 += 1 if ranks and ranks[0] == 0 else 0
        hitk += 1 if ranks else 0
        mrr += 1 / (ranks[0] + 1) if ranks else 0
        recall += len({top[i] for i in ranks}) / len(rel)
    n = len(records) or 1
    return {"hit@1": round(hit1 / n, 3), f"hit@{K}": round(hitk / n, 3), f"mrr@{K}": round(mrr / n, 3),
            f"recall@{K}": round(recall / n, 3)}


def folds_of(qids: list[str], seed: int = SEED) -> dict[str, int]:
    order = sorted(set(qids))
    random.Random(seed).shuffle(order)
    return {q: i % FOLDS for i, q in enumerate(order)}


def _cv_mrr(train: list[dict[str, Any]], cols: list[int], seed: int) -> float:
    """Mean out-of-fold mrr@K over both spellings, folds by question with ``seed``."""
    fold = folds_of([r["qid"] for r in train], seed)
    models = {f: fit([r for r in train if fold[r["qid"]] != f], cols) for f in range(FOLDS)}
    return metrics(train, lambda r: models[fold[r["qid"]]])[f"mrr@{K}"]


def eliminate(train: list[dict[str, Any]], seed: int) -> list[int]:
    """Backward elimination from every feature: leave out the feature whose absence gives the best cross-validated
    mrr@K, as long as that is not below the current set's ("bm25" always kept)."""
    cols = list(range(len(rerank.FEATURES)))
    best = _cv_mrr(train, cols, seed)
    while len(cols) > 1:
        trials = [(_cv_mrr(train, [x for x in cols if x != c], seed), c) for c in cols if rerank.FEATURES[c] != "bm25"]
        score, drop = max(trials, key=lambda t: (t[0], -t[1]))
        if score < best:
            break
        best, cols = score, [x for x in cols if x != drop]
    return cols


def nested(by_engine: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Feature selection inside the cross-validation: for each outer fold, ``eliminate`` on the other questions
    only (inner folds with another seed), then the fold's questions ranked by a model of the features it chose —
    figures that owe nothing to choosing the features on the same questions."""
    train = next(iter(by_engine.values()))
    fold = folds_of([r["qid"] for r in train])
    chosen: dict[int, list[int]] = {}
    models: dict[int, rerank.Model] = {}
    for f in range(FOLDS):
        rest = [r for r in train if fold[r["qid"]] != f]
        chosen[f] = eliminate(rest, SEED + 1 + f)
        models[f] = fit(rest, chosen[f])
    out: dict[str, Any] = {"features": {f: [rerank.FEATURES[c] for c in cols] for f, cols in chosen.items()}}
    print(json.dumps({"nested_features": out["features"]}))
    for eng, records in by_engine.items():
        for nd in (False, True):
            rs = [r for r in records if r["nd"] == nd]
            row = {"first": metrics(rs, lambda r: None), "oof": metrics(rs, lambda r: models[fold[r["qid"]]])}
            out[f"{eng}/{'no_diacritics' if nd else 'diacritics'}"] = row
            print(json.dumps({"set": "nested", "engine": eng, "no_diacritics": nd, **row}))
    return out


def cross_validate(train: list[dict[str, Any]], cols: list[int]) -> dict[int, rerank.Model]:
    fold = folds_of([r["qid"] for r in train])
    return {f: fit([r for r in train if fold[r["qid"]] != f], cols) for f in range(FOLDS)}


def report(name: str, by_engine: dict[str, list[dict[str, Any]]], cols: list[int],
           models: dict[int, rerank.Model], full: rerank.Model, quiet: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for eng, records in by_engine.items():
        fold = folds_of([r["qid"] for r in records])
        for nd in (False, True):
            rs = [r for r in records if r["nd"] == nd]
            row = {"first": metrics(rs, lambda r: None),
                   "oof": metrics(rs, lambda r, fold=fold: models[fold[r["qid"]]]),
                   "in": metrics(rs, lambda r: full)}
            out[f"{eng}/{'no_diacritics' if nd else 'diacritics'}"] = row
            if not quiet:
                print(json.dumps({"set": name, "engine": eng, "no_diacritics": nd, **row}, ensure_ascii=False))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", default="tantivy")
    ap.add_argument("--es-url", default="http://127.0.0.1:59200")
    ap.add_argument("--corpus", type=Path, default=SHARED / "alqac23_law.json")
    ap.add_argument("--queries", type=Path, default=SHARED / "alqac23_train.json")
    ap.add_argument("--features", default="auto",
                    help="comma-separated, or 'auto': backward elimination over every question (seed SEED)")
    ap.add_argument("--laws", type=Path, help="rebuild the laws' syllable statistics from this folder first")
    ap.add_argument("--cost-texts", type=Path, action="append", default=[],
                    help="also measure the stage's cost on whole documents (.txt files of this folder; repeatable)")
    ap.add_argument("--ablation", action="store_true")
    ap.add_argument("--nested", action="store_true", help="also select the features inside each outer fold")
    ap.add_argument("--save", action="store_true")
    args = ap.parse_args()
    if args.laws:
        stats = laws_statistics(args.laws)
        rerank.LAWS_IDF_PATH.write_text(json.dumps(stats, ensure_ascii=False) + "\n", encoding="utf-8")
        rerank._laws.clear()
        print(json.dumps({"laws_articles": stats["articles"], "syllables": len(stats["idf"])}))
    by_engine: dict[str, list[dict[str, Any]]] = {}
    for eng in args.engines.split(","):
        t0 = time.perf_counter()
        by_engine[eng] = collect(eng, args.es_url, args.corpus, args.queries)
        t1 = time.perf_counter()
        featurize(by_engine[eng])
        t2 = time.perf_counter()
        n_head = sum(len(r["head"]) for r in by_engine[eng] if "head" in r)
        print(json.dumps({"engine": eng, "records": len(by_engine[eng]),
                          "stage_applies": sum("head" in r for r in by_engine[eng]),
                          "collect_s": round(t1 - t0, 1),
                          "features_ms_per_query": round(1000 * (t2 - t1) / max(1, len(by_engine[eng])), 2),
                          "candidates_per_query": round(n_head / max(1, len(by_engine[eng])), 1)}))
    train = next(iter(by_engine.values()))
    if args.features == "auto":
        cols = eliminate(train, SEED)
        print(json.dumps({"selected_features": [rerank.FEATURES[c] for c in cols]}))
    else:
        cols = [rerank.FEATURES.index(f) for f in args.features.split(",")]
    models = cross_validate(train, cols)
    full = fit(train, cols)
    print(json.dumps({"model": full.to_json()}))
    figures = report("all", by_engine, cols, models, full)
    ablation: list[dict[str, Any]] = []
    if args.ablation:
        base = figures
        for c in cols:
            rest = [x for x in cols if x != c]
            fig = report(f"-{rerank.FEATURES[c]}", by_engine, rest, cross_validate(train, rest), fit(train, rest),
                         quiet=True)
            mrr = {k: v["oof"][f"mrr@{K}"] for k, v in fig.items()}
            delta = {k: round(v["oof"][f"mrr@{K}"] - base[k]["oof"][f"mrr@{K}"], 3) for k, v in fig.items()}
            ablation.append({"without": rerank.FEATURES[c], "oof_mrr": mrr, "change": delta})
            print(json.dumps(ablation[-1]))
        for c in [x for x in range(len(rerank.FEATURES)) if x not in cols]:
            more = [*cols, c]
            fig = report(f"+{rerank.FEATURES[c]}", by_engine, more, cross_validate(train, more), fit(train, more),
                         quiet=True)
            mrr = {k: v["oof"][f"mrr@{K}"] for k, v in fig.items()}
            delta = {k: round(v["oof"][f"mrr@{K}"] - base[k]["oof"][f"mrr@{K}"], 3) for k, v in fig.items()}
            ablation.append({"with": rerank.FEATURES[c], "oof_mrr": mrr, "change": delta})
            print(json.dumps(ablation[-1]))
    nested_figures = nested(by_engine) if args.nested else None
    for eng, records in by_engine.items():
        print(json.dumps({"cost": eng, "corpus": "alqac articles", **cost(records, full)}))
    if args.cost_texts:
        eng = next(iter(by_engine))
        records = collect(eng, args.es_url, args.corpus, args.queries, texts=args.cost_texts,
                          max_queries=COST_QUERIES, spellings=(False,))
        print(json.dumps({"cost": eng, "corpus": "+".join(f.name for f in args.cost_texts), **cost(records, full)}))
    if args.save:
        rerank.MODEL_PATH.write_text(json.dumps({
            "about": "services/search/rerank.py stage 3, trained by `make train-rank` (scripts/train_rank.py) on "
                     "the ALQAC train questions; figures: first stages, 5-fold out-of-fold, in-sample",
            "seed": SEED, "folds": FOLDS, "l2": L2, "figures": figures, "nested": nested_figures, "ablation": ablation,
            "model": full.to_json()},
            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"saved {rerank.MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
