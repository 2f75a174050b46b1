#!/usr/bin/env python3
"""Retrieval quality of the search engines on an ALQAC-format benchmark, straight through the engine API.

    .venv/bin/python scripts/eval_retrieval.py [--engine tantivy|es] [--es-url URL]
        [--corpus ../shared/data/retrieval/alqac23_law.json] [--queries ../shared/data/retrieval/alqac23_train.json]
        [--as-unit [--hidden-copies]]

Indexes every article as one document ("<law id> - Điều <n>. <text>", as ../shared/tools/score_retrieval.py writes
it), runs every question with and without diacritics and prints Hit@1, Hit@10, MRR@10 and Recall@10 with the
same definitions as the shared scorer.  Elasticsearch runs use a throw-away index prefix, deleted afterwards.

``--as-unit`` searches as a clearance-0 user of one unit that may see every article (the ranking then uses the
statistics of the visible documents, computed inside the access filter); ``--hidden-copies`` also indexes every
article a second time as a Tuyệt mật document of another unit: the figures must not move (issue 13 point 2).
Each spelling is measured with the first stages alone (``stage3: false``) and with the learned reordering of
services/search/rerank.py (``stage3: true``, the model shipped; its cross-validated figures: scripts/train_rank.py).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import unicodedata
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.search import rerank  # noqa: E402
from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery  # noqa: E402

UNIT = "Sở Tư pháp"

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "retrieval"


def strip_diacritics(s: str) -> str:  # the scorer's definition, on purpose not ours
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def load(corpus: Path, queries: Path) -> tuple[list[IndexDoc], dict[str, tuple[str, str]], list[tuple[str, str, set]]]:
    laws = json.loads(corpus.read_text(encoding="utf-8"))
    docs: list[IndexDoc] = []
    by_id: dict[str, tuple[str, str]] = {}
    for li, law in enumerate(laws):
        for art in law["articles"]:
            doc_id = f"l{li:03d}_a{art['id']}"
            docs.append(IndexDoc(id=doc_id, filename=f"{doc_id}.txt", number=None, doc_type=None, issuer=None,
                                 issued_date=None, subject=None, text=f"{law['id']} - Điều {art['id']}. {art['text']}",
                                 units=[]))
            by_id[doc_id] = (law["id"], str(art["id"]))
    rows = json.loads(queries.read_text(encoding="utf-8"))
    qs = []
    for r in rows:
        text = r.get("text") or r.get("statement")
        rel = r.get("relevant_articles") or r.get("legal_passages") or []
        if text and rel:
            qs.append((r.get("question_id") or r.get("example_id"), text,
                       {(a["law_id"], str(a["article_id"])) for a in rel}))
    return docs, by_id, qs


def evaluate(engine: SearchEngine, by_id: dict[str, tuple[str, str]], queries: list, no_diacritics: bool,
             k: int = 10, access: AccessFilter | None = None) -> dict[str, float]:
    hit1 = hitk = mrr = recall = 0.0
    t0 = time.perf_counter()
    for _, q, relevant in queries:
        res = engine.search(SearchQuery(q=strip_diacritics(q) if no_diacritics else q, limit=k, facets=False,
                                        highlight=False, access=access))
        ranked = [by_id.get(h.id) for h in res.hits][:k]
        ranks = [i for i, a in enumerate(ranked) if a in relevant]
        hit1 += 1 if ranks and ranks[0] == 0 else 0
        hitk += 1 if ranks else 0
        mrr += 1 / (ranks[0] + 1) if ranks else 0
        recall += len({ranked[i] for i in ranks}) / len(relevant)
    n = len(queries)
    return {"no_diacritics": no_diacritics, "hit@1": round(hit1 / n, 3), f"hit@{k}": round(hitk / n, 3),
            f"mrr@{k}": round(mrr / n, 3), f"recall@{k}": round(recall / n, 3),
            "ms_per_query": round(1000 * (time.perf_counter() - t0) / n, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", choices=["tantivy", "es"], default="tantivy")
    ap.add_argument("--es-url", default="http://127.0.0.1:59200")
    ap.add_argument("--corpus", type=Path, default=SHARED / "alqac23_law.json")
    ap.add_argument("--queries", type=Path, default=SHARED / "alqac23_train.json")
    ap.add_argument("--as-unit", action="store_true", help="search as a clearance-0 user of one unit")
    ap.add_argument("--hidden-copies", action="store_true", help="with --as-unit: add a hidden copy of each article")
    args = ap.parse_args()
    docs, by_id, queries = load(args.corpus, args.queries)
    access = None
    if args.as_unit:
        access = AccessFilter(max_level=0, units=[UNIT])
        for d in docs:
            d.audience, d.audience_units = "units", [UNIT]
        if args.hidden_copies:
            docs += [IndexDoc(id=f"hidden_{d.id}", filename=d.filename, number=None, doc_type=None, issuer=None,
                              issued_date=None, subject=None, text=d.text, level=3, audience="units",
                              audience_units=["Sở Nội vụ"]) for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        engine: SearchEngine
        if args.engine == "es":
            from services.search.es_engine import ElasticsearchEngine

            engine = ElasticsearchEngine(args.es_url, index_prefix=f"vanban-eval-{uuid.uuid4().hex[:8]}")
        else:
            from services.search.tantivy_engine import TantivyEngine

            engine = TantivyEngine(Path(tmp) / "index")
        try:
            t0 = time.perf_counter()
            engine.index(docs)
            engine.refresh()
            print(json.dumps({"engine": args.engine, "documents": engine.count(), "queries": len(queries),
                              "as_unit": args.as_unit, "hidden_copies": args.hidden_copies,
                              "index_s": round(time.perf_counter() - t0, 1)}))
            for nd in (False, True):
                for learned in (False, True):  # the first stages alone, then with the learned stage 3
                    rerank.enabled = learned
                    print(json.dumps({"engine": args.engine, "stage3": learned,
                                      **evaluate(engine, by_id, queries, nd, access=access)}))
                rerank.enabled = True
        finally:
            if args.engine == "es":
                engine.delete_all()  # type: ignore[attr-defined]
            engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
