#!/usr/bin/env python3
"""Same ingest, same results: compare what two runs of `scripts/bench_ingest.py` (two trees of the code, the same
files: `--cache`) left behind — the database rows (`--keep-db`) and the search and inbox answers (`--keep-answers`).

Rows: every table an upload writes (documents, their tasks, units, citations, fingerprints; briefing's copy, its
access units, tasks, task units and events; the outbox and the audit log), with random ids mapped to the uploaded
file names (tasks: their document and source key), times and user ids left out; child rows also in id order within
their parent (the order readers see). Answers: totals, facets, the hits and their fields when a page holds them all,
each document's tasks as the inboxes list them; not scores nor the order of equal scores (tantivy's statistics count
a re-indexed document's old copy until a merge drops it, which depends on batch timing: two runs of the same tree
differ there too). Prints what differs; exit status 1 when anything does.

    PYTHONPATH=/tmp/base python scripts/bench_ingest.py --cache /tmp/c.pkl --keep-db /tmp/a.db --keep-answers /tmp/a.jsonl
    python scripts/bench_ingest.py --cache /tmp/c.pkl --keep-db /tmp/b.db --keep-answers /tmp/b.jsonl
    python scripts/check_ingest_same.py /tmp/a.db /tmp/b.db --answers /tmp/a.jsonl /tmp/b.jsonl
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from typing import Any

SKIP = {"id", "created_at", "updated_at", "processed_at", "synced_at", "at", "sent_at", "access_changed_at",
        "review_on", "uploaded_by", "user_id"}
TABLES = ["documents", "document_tasks", "document_units", "document_citations", "document_fingerprints",
          "briefing_documents", "briefing_document_access", "briefing_tasks", "briefing_task_units",
          "briefing_task_events", "outbox", "audit_events"]
ORDERED = (("briefing_task_units", "task_id"), ("briefing_document_access", "document_id"),
           ("briefing_task_events", "task_id"), ("document_units", "document_id"))


def _map_ids(value: Any, docs: dict[str, str]) -> Any:
    """A JSON value with every string that is a document's id replaced by that document's file name."""
    if isinstance(value, dict):
        return {k: _map_ids(v, docs) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_ids(v, docs) for v in value]
    return docs.get(value, value) if isinstance(value, str) else value


def _rows(path: str) -> tuple[dict[str, list[str] | None], dict[str, dict[str, list[str]]]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    docs = {r["id"]: f"{r['filename']}#{r['sha256'][:12]}" for r in con.execute("SELECT id, filename, sha256 FROM documents")}
    users = {r["id"] for r in con.execute("SELECT id FROM users")}
    tasks = {r["id"]: f"{docs.get(r['document_id'])}|{r['source_key']}"
             for r in con.execute("SELECT id, document_id, source_key FROM briefing_tasks")}

    def norm(row: sqlite3.Row) -> str:
        out: dict[str, Any] = {}
        for k in row.keys():  # noqa: SIM118 - sqlite3.Row
            v = row[k]
            if k in SKIP:
                continue
            if k in ("document_id", "duplicate_of", "cited_document_id", "object_id") and v is not None:
                v = "user" if v in users else docs.get(v, f"?{v}")
            if k == "task_id" and v is not None:
                v = tasks.get(v, "?")
            if k == "extra" and v:  # ids of other documents inside it (identity's "registered", versions' links)
                v = _map_ids(json.loads(v), docs)
            out[k] = v
        return json.dumps(out, sort_keys=True, ensure_ascii=False, default=str)

    rows: dict[str, list[str] | None] = {}
    for table in TABLES:
        try:
            rows[table] = sorted(norm(r) for r in con.execute(f"SELECT * FROM {table}"))  # noqa: S608 - fixed names
        except sqlite3.OperationalError:
            rows[table] = None
    order: dict[str, dict[str, list[str]]] = {}
    for table, parent in ORDERED:
        if rows[table] is None:  # absent from this database: said, and compared, above
            continue
        seq: dict[str, list[str]] = {}
        for r in con.execute(f"SELECT * FROM {table} ORDER BY id"):  # noqa: S608 - fixed names
            key = tasks.get(r[parent]) if parent == "task_id" else docs.get(r[parent])
            seq.setdefault(str(key), []).append(norm(r))
        order[table] = seq
    con.close()
    return rows, order


def _answer(line: str) -> dict[str, Any]:
    r = json.loads(line)
    if "tasks" in r:
        t = r["tasks"]
        items = t.get("items", []) if isinstance(t, dict) else t
        return {"doc": r["doc"], "tasks": sorted(json.dumps(i, sort_keys=True, ensure_ascii=False) for i in items),
                "tasks_total": t.get("total") if isinstance(t, dict) else None}
    a = dict(r["answer"])
    hits = a.pop("hits", [])
    whole = (a.get("total") or 0) <= len(hits)
    return {"doc": r["doc"], "q": r["q"], "total": a.get("total"),
            "rest": json.dumps({k: v for k, v in a.items() if k != "total"}, sort_keys=True, ensure_ascii=False),
            "hits": sorted(json.dumps({k: v for k, v in h.items() if k not in ("score", "highlights")},
                                      sort_keys=True, ensure_ascii=False) for h in hits) if whole else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db_a")
    ap.add_argument("db_b")
    ap.add_argument("--answers", nargs=2, metavar=("A.jsonl", "B.jsonl"))
    args = ap.parse_args()
    same = True
    (a, ao), (b, bo) = _rows(args.db_a), _rows(args.db_b)
    for table in TABLES:
        ra, rb = a[table], b[table]
        if ra is None or rb is None:  # absent from both (an older schema): nothing to compare; from one: a difference
            same &= ra is None and rb is None
            print(f"{table}: absent in {'A' if ra is None else ''}{'B' if rb is None else ''}")
            continue
        ok = ra == rb
        same &= ok
        print(f"{table}: {len(ra)} vs {len(rb)} rows, {'identical' if ok else 'DIFFERENT'}")
        if not ok:
            for row in sorted(set(ra) - set(rb))[:2]:
                print(f"  only A: {row[:300]}")
            for row in sorted(set(rb) - set(ra))[:2]:
                print(f"  only B: {row[:300]}")
    for table, _ in ORDERED:
        ok = ao.get(table) == bo.get(table)
        same &= ok
        print(f"{table} in id order within each parent: {'identical' if ok else 'DIFFERENT'}")
    if args.answers:
        with open(args.answers[0], encoding="utf-8") as fa, open(args.answers[1], encoding="utf-8") as fb:
            xa, xb = [_answer(x) for x in fa], [_answer(x) for x in fb]
        bad = [i for i, (x, y) in enumerate(zip(xa, xb, strict=False)) if x != y] + (
            [min(len(xa), len(xb))] if len(xa) != len(xb) else [])
        same &= not bad
        print(f"answers: {len(xa)} vs {len(xb)}, {len(bad)} differ" + (f" (first: line {bad[0] + 1})" if bad else ""))
    print("identical" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
