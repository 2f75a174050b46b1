#!/usr/bin/env python3
"""Ingest benchmark: DOCX and PDF built from real 2025 documents, through the whole pipeline over HTTP.

Builds a realistic corpus (header table, 1–20 pages) from ../shared/data/corpus-2025 (or from any folder of .txt
given with --texts), starts `vanban serve` on a fresh embedded instance, uploads every file over HTTP and stops the
clock when every document is done, searchable (found by GET /search) and has its tasks in the inboxes (GET /tasks),
not merely "done" while indexing and the briefing sync are still queued. The end of processing is watched in the
instance's SQLite file, read-only (`--poll-done db`, the default: the server does nothing for it); each document is
then read once over HTTP, and search and the inboxes are polled over HTTP until they have them all. Prints PDF pages/s and DOCX docs/s, per core
(CPU seconds of the server process, which runs the in-process tasks) and per wall second, next to the bare parsing
libraries (python-docx; pdfminer.six and PDFium's text layer, pypdfium2) on the same files in this process, with the
ratio pipeline / bare parse. The server CPU that the benchmark's own polling costs (status, search and inbox requests
every 0.1 s) is measured on the idle server at the end of the same run and taken out ("pipeline CPU"); the raw figure
is printed too. Prints figures; asserts nothing.

    python scripts/bench_ingest.py [--docs 60] [--texts ../shared/data/corpus-2025] [--files-per-request 1]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.builders import make_docx_from_text, make_pdf_from_text  # noqa: E402


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bare_docx(data: bytes) -> int:
    import docx

    d = docx.Document(io.BytesIO(data))
    n = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def bare_pdf(data: bytes) -> int:
    from pdfminer.high_level import extract_text

    return len(extract_text(io.BytesIO(data)))


def bare_pdfium(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    n = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            n += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return n


def pdf_pages(data: bytes) -> int:
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))


def build_corpus(texts: list[str], n: int, seed: int = 7) -> list[tuple[str, str, bytes, int]]:
    """(format, name, bytes, pages): each text is repeated to reach a target of 1–20 pages. The DOCX and the PDF
    files come from different texts (the other half of the folder): the same document in both formats would be one
    registered document (services.ingest.identity), whose second file makes no tasks."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        target_pages = rng.choice([1, 1, 2, 3, 4, 6, 8, 12, 20])
        for fmt, base in (("pdf", texts[i % len(texts)]), ("docx", texts[(i + len(texts) // 2) % len(texts)])):
            text = base
            pdf = make_pdf_from_text(text)
            pages = pdf_pages(pdf)
            while pages < target_pages and len(text) < 400_000:
                body = base.split("\n", 8)[-1]
                text = text + "\n" + body
                pdf = make_pdf_from_text(text)
                pages = pdf_pages(pdf)
            data = pdf if fmt == "pdf" else make_docx_from_text(text)
            out.append((fmt, f"doc{i:04d}.{fmt}", data, pages))
    return out


def corpus_for(texts: list[str], n: int, cache: str | None) -> list[tuple[str, str, bytes, int]]:
    """`build_corpus`, or the files a run with the same texts and count kept in `cache` (a pickle; building takes a
    minute on a loaded machine, and back-to-back runs must upload the same bytes)."""
    import hashlib
    import pickle

    if not cache:
        return build_corpus(texts, n)
    key = hashlib.sha256("\x00".join([str(n), *texts]).encode()).hexdigest()
    path = Path(cache)
    if path.exists():
        stored_key, corpus = pickle.loads(path.read_bytes())  # noqa: S301 - a file this script wrote
        if stored_key == key:
            return list(corpus)
    corpus = build_corpus(texts, n)
    path.write_bytes(pickle.dumps((key, corpus)))
    return corpus


POLL_S = 0.1  # the server CPU of these polls is measured at the end and taken out of the pipeline's figure
POLLS: dict[str, int] = {"documents": 0, "search": 0, "tasks": 0, "document": 0}


def _count(client: httpx.Client, status: str) -> int:
    POLLS["documents"] += 1
    return int(client.get("/documents", params={"status": status, "limit": 1}).json()["total"])


def poll_costs(client: httpx.Client, pid: int, sample_id: str, n: int = 60) -> dict[str, float]:
    """Server CPU seconds of one request of each kind the benchmark polls with, on the idle server."""
    kinds = {
        "documents": lambda: client.get("/documents", params={"status": "done", "limit": 1}),
        "search": lambda: client.get("/search", params={"q": "", "limit": 1}),
        "tasks": lambda: client.get("/tasks", params={"document_id": sample_id, "limit": 1}),
        "document": lambda: client.get(f"/documents/{sample_id}"),
    }
    out = {}
    for kind, call in kinds.items():
        call()
        cpu0 = process_cpu(pid)
        for _ in range(n):
            call()
        out[kind] = (process_cpu(pid) - cpu0) / n
    return out


def _finished_in_db(db: Path, ids: list[str]) -> int:
    """How many of `ids` have left queued/extracting, read from the instance's SQLite file (read-only, WAL: the
    server does no work for it)."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        marks = ",".join("?" * len(ids))
        return int(con.execute(f"SELECT count(*) FROM documents WHERE id IN ({marks}) "  # noqa: S608 - placeholders
                               "AND status NOT IN ('queued', 'extracting')", ids).fetchone()[0])
    finally:
        con.close()


def wait_done(client: httpx.Client, ids: list[str], before: int,
              db: Path | None = None) -> tuple[dict[str, int], float, int]:
    """Poll until every document has left queued/extracting — the database file when `db` is given (no server CPU),
    else the list API (three count requests per round); then read each document once over HTTP:
    {id: number of tasks, or -1 if it did not end done}, the time, and how many of them search lists (done, and
    not another file of a registered document: search lists the registered one only)."""
    if db is not None:
        while _finished_in_db(db, ids) < len(ids):
            time.sleep(POLL_S)
    else:
        while sum(_count(client, s) for s in ("done", "failed", "needs_ocr")) < before + len(ids):
            time.sleep(POLL_S)
    finished = time.perf_counter()
    out: dict[str, int] = {}
    listed = 0
    for doc_id in ids:
        POLLS["document"] += 1
        doc = client.get(f"/documents/{doc_id}").json()
        if doc["status"] != "done":
            out[doc_id] = -1
        else:  # another file of a registered document has no tasks of its own (none to wait for in the inboxes)
            out[doc_id] = 0 if doc.get("registered_as") else len(doc.get("tasks") or [])
            listed += 0 if doc.get("registered_as") else 1
    return out, finished, listed


def wait_searchable(client: httpx.Client, total: int, timeout: float = 300) -> float:
    """Poll the search API until it finds `total` documents (an empty query matches every document)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        POLLS["search"] += 1
        if client.get("/search", params={"q": "", "limit": 1}).json()["total"] >= total:
            break
        time.sleep(POLL_S)
    return time.perf_counter()


def wait_inboxes(client: httpx.Client, expected: dict[str, int], timeout: float = 300) -> float:
    """Poll the briefing API until every document that has tasks has them tracked (in its units' inboxes)."""
    pending = set(expected)
    deadline = time.perf_counter() + timeout
    while pending and time.perf_counter() < deadline:
        for doc_id in list(pending):
            POLLS["tasks"] += 1
            if client.get("/tasks", params={"document_id": doc_id, "limit": 1}).json()["total"] > 0:
                pending.discard(doc_id)
        if pending:
            time.sleep(2 * POLL_S)
    return time.perf_counter()


def task_runs(client: httpx.Client) -> dict[str, int]:
    """Tasks run so far by name (/metrics, read from loopback): how the in-process queue batched the uploads
    (`ingest.process_many` once per batch, `ingest.process` once per document that ran alone)."""
    out: dict[str, int] = {}
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("vanban_tasks_total{"):
            name = line.split('task="', 1)[1].split('"', 1)[0]
            out[name] = out.get(name, 0) + int(float(line.rsplit(" ", 1)[1]))
    return out


def keep_answers(client: httpx.Client, names_of: dict[str, str], out: str) -> None:
    """The answers two runs of different code must share: for each document, a search by its number and one by
    words of its subject (total, hits by file name, scores, facets), and its tasks as the inboxes list them."""
    def named(value: object) -> object:  # random ids → the uploaded file names
        if isinstance(value, str):
            for doc_id, name in names_of.items():
                value = value.replace(doc_id, name)
            return value
        if isinstance(value, list):
            return [named(v) for v in value]
        if isinstance(value, dict):
            return {k: named(v) for k, v in value.items() if k not in ("id", "task_id", "took_ms", "created_at",
                                                                        "updated_at", "sent_at", "synced_at")}
        return value

    with open(out, "w", encoding="utf-8") as f:
        for doc_id, name in sorted(names_of.items(), key=lambda kv: kv[1]):
            doc = client.get(f"/documents/{doc_id}").json()
            queries = [doc.get("number") or "", " ".join((doc.get("subject") or "").split()[:4])]
            for q in queries:
                answer = client.get("/search", params={"q": q, "limit": 20}).json()
                f.write(json.dumps({"doc": name, "q": q, "answer": named(answer)}, ensure_ascii=False,
                                   sort_keys=True) + "\n")
            tasks = client.get("/tasks", params={"document_id": doc_id, "limit": 200}).json()
            f.write(json.dumps({"doc": name, "tasks": named(tasks)}, ensure_ascii=False, sort_keys=True) + "\n")


def _spy(pid: int, folder: str, fmt: str) -> subprocess.Popen[bytes]:
    """py-spy sampling the server until SIGINT (the thread holding the GIL: Python CPU); collapsed stacks in
    folder/fmt.txt."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).with_name("py-spy")
    if not exe.exists():
        sys.exit("--server-profile needs py-spy in this environment: pip install py-spy")
    spy = subprocess.Popen([str(exe), "record", "--pid", str(pid), "--threads", "--gil",
                            "--format", "raw", "--rate", "250", "--output", str(Path(folder) / f"{fmt}.txt")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached before the clock starts
    return spy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", default=str(ROOT.parent / "shared" / "data" / "corpus-2025"))
    ap.add_argument("--docs", type=int, default=60, help="documents per format")
    ap.add_argument("--formats", default="docx,pdf", help="docx,pdf or one of them")
    ap.add_argument("--files-per-request", type=int, default=1, metavar="N",
                    help="files per upload request (the upload page sends the files a clerk picks in one request)")
    ap.add_argument("--poll", type=float, default=0.1, help="seconds between two polls of the benchmark")
    ap.add_argument("--poll-done", choices=("db", "http"), default="db",
                    help="how the end of processing is watched: the instance's SQLite file, read-only (no server CPU, "
                    "the default), or the list API (its cost taken out as the other polls)")
    ap.add_argument("--cache", metavar="FILE", help="keep the built files here and reuse them (same texts and --docs)")
    ap.add_argument("--keep-db", metavar="FILE", help="copy the instance's SQLite database here at the end (to compare "
                    "two runs' rows)")
    ap.add_argument("--keep-answers", metavar="FILE", help="write the search answers (totals, hits by file name, "
                    "facets) and the inboxes' tasks of the run here, as JSON lines, to compare two runs")
    ap.add_argument("--server-profile", metavar="DIR",
                    help="record the server with py-spy (if installed) during each format's run: DIR/<format>.txt, "
                    "collapsed stacks by thread (the figures of a profiled run are not the benchmark's)")
    args = ap.parse_args()
    global POLL_S  # noqa: PLW0603
    POLL_S = args.poll
    folder = Path(args.texts)
    if not folder.is_dir():
        print(f"no texts at {folder}: pass --texts DIR with .txt documents", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    t0 = time.perf_counter()
    corpus = corpus_for(texts, args.docs, args.cache)
    print(f"built {len(corpus)} files in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    bare: dict[str, float] = {"docx": 0.0, "pdf": 0.0, "pdfium": 0.0}
    for fmt, _, data, _ in corpus:
        t = time.process_time()
        (bare_docx if fmt == "docx" else bare_pdf)(data)
        bare[fmt] += time.process_time() - t
        if fmt == "pdf":
            t = time.process_time()
            bare_pdfium(data)
            bare["pdfium"] += time.process_time() - t

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN_")}
        env.update(VANBAN_DATA_DIR=str(Path(tmp) / "instance"), VANBAN_LOG_LEVEL="WARNING",
                   VANBAN_ADMIN_PASSWORD="bench-password")
        server = subprocess.Popen([str(Path(sys.executable).with_name("vanban")), "serve", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=120) as client:
                for _ in range(1200):
                    try:
                        if client.get("/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                start_cpu = process_cpu(server.pid)  # migrations, app, warm-up: paid once per server, not per document
                token = client.post("/auth/token", data={"username": "admin", "password": "bench-password"})
                client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
                names_of: dict[str, str] = {}
                searchable_before = client.get("/search", params={"q": "", "limit": 1}).json()["total"]
                finished_before = 0
                for fmt in args.formats.split(","):
                    files = [(name, data, pages) for f, name, data, pages in corpus if f == fmt]
                    polls0 = dict(POLLS)
                    spy = _spy(server.pid, args.server_profile, fmt) if args.server_profile else None
                    runs0 = task_runs(client)
                    cpu0 = process_cpu(server.pid)
                    start = time.perf_counter()
                    ids = []
                    step = max(1, args.files_per_request)
                    for k in range(0, len(files), step):
                        chunk = files[k:k + step]
                        r = client.post("/documents", files=[("files", (name, data)) for name, data, _ in chunk])
                        r.raise_for_status()
                        for (name, _, _), item in zip(chunk, r.json()["items"], strict=True):
                            ids.append(item["document_id"])
                            names_of[ids[-1]] = name
                    db = Path(tmp) / "instance" / "vanban.db" if args.poll_done == "db" else None
                    statuses, done_at, listed = wait_done(client, ids, finished_before, db)
                    finished_before += len(ids)
                    done_s = done_at - start
                    tasks_expected = {i: n for i, n in statuses.items() if n > 0}
                    # the copies of registered documents (the same text in another file) are not listed: waiting for
                    # them ran into the poll's timeout (300 s) and counted its polls as the server's
                    searchable_at = wait_searchable(client, searchable_before + listed)
                    searchable_before += listed
                    inbox_at = wait_inboxes(client, tasks_expected)
                    elapsed = max(searchable_at, inbox_at) - start
                    raw_cpu = process_cpu(server.pid) - cpu0
                    runs = task_runs(client)
                    if spy is not None:
                        spy.send_signal(2)  # py-spy writes its file on SIGINT
                        spy.wait(60)
                    pages = sum(p for _, _, p in files)
                    results[fmt] = {
                        "docs": len(files), "pages": pages, "files_per_request": step, "seconds_to_done": round(done_s, 2),
                        "seconds_to_searchable_and_inboxes": round(elapsed, 2), "server_cpu_raw_s": round(raw_cpu, 2),
                        "polls": {k: POLLS[k] - polls0[k] for k in POLLS},
                        "docs_per_s": round(len(files) / elapsed, 2), "pages_per_s": round(pages / elapsed, 1),
                        "bare_library_cpu_s": round(bare[fmt], 2),
                        "done": sum(1 for s in statuses.values() if s >= 0),
                        "task_calls": {k: v - runs0.get(k, 0) for k, v in runs.items() if v - runs0.get(k, 0)},
                    }
                    if fmt == "pdf":
                        results[fmt]["bare_pdfium_cpu_s"] = round(bare["pdfium"], 2)
                costs = poll_costs(client, server.pid, ids[0])
                if args.keep_answers:
                    keep_answers(client, names_of, args.keep_answers)
                if args.keep_db:
                    import sqlite3

                    src = sqlite3.connect(f"file:{Path(tmp) / 'instance' / 'vanban.db'}?mode=ro", uri=True)
                    dst = sqlite3.connect(args.keep_db)
                    src.backup(dst)
                    dst.close()
                    src.close()
        finally:
            server.terminate()
            server.wait(20)
    for fmt, r in results.items():
        polls_cpu = sum(costs[k] * n for k, n in r["polls"].items())
        cpu = max(r["server_cpu_raw_s"] - polls_cpu, 1e-6)
        r.update(poll_cpu_s=round(polls_cpu, 2), pipeline_cpu_s=round(cpu, 2),
                 docs_per_cpu_s=round(r["docs"] / cpu, 2), pages_per_cpu_s=round(r["pages"] / cpu, 1),
                 pipeline_to_bare_ratio=round(cpu / r["bare_library_cpu_s"], 2) if r["bare_library_cpu_s"] else None)
        if fmt == "pdf":
            r["pipeline_to_bare_pdfium_ratio"] = round(cpu / r["bare_pdfium_cpu_s"], 2)
            unit = f"{r['pages_per_cpu_s']} PDF pages/s per core"
            bare_txt = (f"bare parse pdfminer {r['bare_library_cpu_s']} s CPU (ratio {r['pipeline_to_bare_ratio']}×), "
                        f"PDFium text layer {r['bare_pdfium_cpu_s']} s (ratio {r['pipeline_to_bare_pdfium_ratio']}×)")
        else:
            unit = f"{r['docs_per_cpu_s']} DOCX docs/s per core"
            bare_txt = f"bare parse python-docx {r['bare_library_cpu_s']} s CPU (ratio {r['pipeline_to_bare_ratio']}×)"
        print(f"{fmt:5s} {r['docs']} docs / {r['pages']} pages: done in {r['seconds_to_done']} s, searchable and in "
              f"the inboxes in {r['seconds_to_searchable_and_inboxes']} s ({r['docs_per_s']} docs/s, "
              f"{r['pages_per_s']} pages/s wall); pipeline CPU {r['pipeline_cpu_s']} s (server {r['server_cpu_raw_s']} s "
              f"less {r['poll_cpu_s']} s of this benchmark's polls): {unit}; {bare_txt}; done {r['done']}/{r['docs']}; "
              f"task calls {r['task_calls']}")
    print(f"server start-up (to /healthz, before the clock): {start_cpu:.2f} s CPU")
    results["server_start_cpu_s"] = round(start_cpu, 2)  # type: ignore[assignment]
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
