#!/usr/bin/env python3
"""Search latency benchmark on real text, against the raw tantivy floor measured in the same run.

    .venv/bin/python scripts/bench_search.py [--docs 20000] [--engine tantivy|es] [--es-url URL]
                                             [--dir /tmp/vanban-bench] [--queries 400] [--no-http]
                                             [--resume] [--es-prefix P] [--keep] [--via-reindex] [--split]
                                             [--http-only] [--server-profile DIR] [--commit-every K]

At 1M documents see docs/scale-1m.md: the corpus is streamed (a pool of ≤100k documents kept for the queries),
Elasticsearch is built by the resumable reindex (progress bar; Ctrl-C, then --resume continues after the last
checkpoint; the alias moves only to the complete, merged index; --resume with no build under way grows the live
index of a smaller run: it is cloned into the build, and only the documents after it are sent).

Corpus: documents cut from real texts — ../shared/data/corpus-2025 (whole 2025 documents) and ../shared/data/laws
(whole laws) — as contiguous spans of realistic, varied length (log-normal, median ≈ 2,500 characters, up to
20,000), with numbers, types, issuers, dates, units, confidentiality levels and audiences as the service indexes
them.  Queries: document numbers in every written form, short and long spans of the real text with and without
diacritics, phrases, syntax, filters, date sort; pages of 10 hits with highlights and facets, as the API serves
them, as a unit user (access filter on every query).

Prints, per category and overall: engine p50/p95/p99 and the raw-tantivy floor on the SAME index for the SAME
folded terms (a plain boolean query over the ``fold`` field with count, fetching as many hits as the engine: 25
for a reranked page, else offset+limit; no access filter, boosts, facets, highlights), and their ratio (target ≤ 2×);
the mean time of each stage of a search (``stages_ms_per_query``: plan with the visible statistics, the statistics
alone, rerank, highlight, hits; facets beside); the indexing rate (documents/s, through ``engine.index``, batches of
500); then the same queries through HTTP GET /search as a unit user (target p95 ≤ 20 ms) and as an admin, with
the documents' access rows in the instance's database (the API checks each page against it), the server's CPU per
request (all its threads, from /proc: what a request costs whatever the load; compare the engine's cpu_p50/p95) and
the server's memory, and a digest of the answers (``--http-only``: this part alone; ``--server-profile DIR``: py-spy samples of the server).  Elasticsearch: the floor is the same folded terms as a bare query (no access filter, boosts, facets,
highlights, sources); the node's heap, segments and resident size; ``--split``: where a search's time goes, part by
part (``es_split``).  The node's request cache (it answers repeated size-0 requests) is emptied after every warm-up
and before every measured pass.  ``--commit-every K`` (tantivy): one document re-indexed and committed before every
K-th measured search (untimed), as when this process ingests while users search.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import statistics
import sys
import time
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.search.analysis import strip_diacritics  # noqa: E402
from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED.is_dir():  # a helper worktree: /work/wt/<name>/scripts → /work/shared
    SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"

TYPES = [("Thông báo", "TB"), ("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Báo cáo", "BC"), ("Chỉ thị", "CT"),
         ("Công văn", ""), ("Tờ trình", "TTr"), ("Nghị quyết", "NQ")]
ISSUERS = [("UBND tỉnh Nghệ An", "UBND"), ("Ủy ban nhân dân tỉnh Hà Tĩnh", "UBND"), ("Sở Tài chính", "STC"),
           ("Sở Xây dựng", "SXD"), ("Sở Tài nguyên và Môi trường", "STNMT"), ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
           ("Sở Thông tin và Truyền thông", "STTTT"), ("HĐND tỉnh Nghệ An", "HĐND"), ("Văn phòng UBND tỉnh", "VP"),
           ("Sở Giáo dục và Đào tạo", "SGDĐT"), ("Sở Y tế", "SYT"), ("Công an tỉnh", "CAT")]
UNITS = ["Sở Xây dựng", "Sở Tài chính", "Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư", "Sở Y tế",
         "Sở Giáo dục và Đào tạo", "Sở Thông tin và Truyền thông", "Sở Nội vụ", "Sở Tư pháp", "Công an tỉnh",
         "Sở Nông nghiệp và Phát triển nông thôn", "Sở Lao động - Thương binh và Xã hội", "Sở Công Thương",
         "Sở Giao thông vận tải", "Sở Văn hóa, Thể thao và Du lịch", "Thanh tra tỉnh", "Ban Dân tộc",
         "UBND thành phố Vinh", "UBND huyện Kỳ Sơn", "UBND thị xã Cửa Lò"]
USER_UNIT = "Sở Tài chính"


def sources() -> list[str]:
    texts = []
    for folder in ("corpus-2025", "laws"):
        for f in sorted((SHARED / folder).glob("*.txt")):
            t = unicodedata.normalize("NFC", f.read_text(encoding="utf-8", errors="replace"))
            texts.append(" ".join(t.split()))
    if not texts:
        raise SystemExit(f"no real texts under {SHARED} (corpus-2025, laws)")
    return texts


def _subject(rnd: random.Random, span: str) -> str:
    words = span.split()
    i = rnd.randrange(0, max(1, len(words) - 12))
    return " ".join(words[i:i + rnd.randint(6, 14)]).strip(" ,.;:")


def generate(n: int, seed: int = 7) -> list[IndexDoc]:
    return list(iter_docs(n, seed))


def iter_docs(n: int, seed: int = 7) -> Iterator[IndexDoc]:
    """The corpus one document at a time (the first k of n are the corpus of k: an index of k can grow to n)."""
    from services.core.auth.units import unit_key

    rnd = random.Random(seed)
    texts = sources()
    weights = [len(t) for t in texts]
    start = date(2008, 1, 1)
    for i in range(n):
        src = rnd.choices(texts, weights)[0]
        length = int(min(20_000, max(300, rnd.lognormvariate(7.8, 0.8))))  # median ≈ 2,450 characters
        a = rnd.randrange(0, max(1, len(src) - length))
        a = src.find(" ", a) + 1 if a else 0
        span = src[a:a + length]
        dtype, tcode = rnd.choice(TYPES)
        issuer, icode = rnd.choice(ISSUERS)
        num = rnd.randint(1, 3000)
        number = f"{num}/{tcode}-{icode}" if tcode else f"{num}/{icode}-{rnd.choice(['KT', 'TH', 'NC', 'VX'])}"
        d = start + timedelta(days=rnd.randint(0, 6500))
        units = rnd.sample(UNITS, rnd.randint(1, 4))
        level = rnd.choices([0, 1, 2, 3], [85, 10, 4, 1])[0]
        public = rnd.random() < 0.3
        access_units = [] if public else (units if rnd.random() < 0.85 else rnd.sample(UNITS, 2))
        yield IndexDoc(
            id=f"d{i}", filename=f"d{i}.docx", number=number, doc_type=dtype, issuer=issuer, issued_date=d,
            subject=_subject(rnd, span), text=span, units=units, has_open_tasks=rnd.random() < .3, level=level,
            audience="public" if public else "units", audience_units=[unit_key(u) for u in access_units])


POOL = 100_000  # documents kept in memory to draw queries from (every k-th one above this size)


class Corpus:
    """The corpus of ``n`` documents streamed (1M documents of real text are ~6 GB as Python objects): keeps every
    ``step``-th document (all of them up to POOL: the queries of a smaller run are unchanged) to draw queries from,
    and each document's access row (id, level, audience, units) for the HTTP phase's database."""

    def __init__(self, n: int, seed: int = 7) -> None:
        self.n, self.seed = n, seed
        self.step = max(1, -(-n // POOL))
        self.pool: list[IndexDoc] = []
        self.rows: list[tuple[str, str, int, str, tuple[str, ...]]] = []
        self.chars = 0
        self.read = False

    def stream(self, start: int = 0) -> Iterator[IndexDoc]:
        """Every document from ``start`` on (the ones before are read too, for the pool and the rows)."""
        for i, d in enumerate(iter_docs(self.n, self.seed)):
            if not self.read:
                if i % self.step == 0:
                    self.pool.append(d)
                self.rows.append((d.id, d.filename, d.level, d.audience, tuple(d.audience_units)))
                self.chars += len(d.text)
            if i >= start:
                yield d
        self.read = True

    def batches(self, start: int, size: int) -> Iterator[list[IndexDoc]]:
        batch: list[IndexDoc] = []
        for d in self.stream(start):
            batch.append(d)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def load(self) -> None:
        if not self.read:
            for _ in self.stream(self.n):
                pass


def _span(rnd: random.Random, docs: list[IndexDoc], lo: int, hi: int) -> str:
    words = [w for w in rnd.choice(docs).text.split() if any(c.isalpha() for c in w)]
    i = rnd.randrange(0, max(1, len(words) - hi))
    return " ".join(w.strip(",.;:()\"“”") for w in words[i:i + rnd.randint(lo, hi)])


def query_set(docs: list[IndexDoc], n: int, seed: int = 11) -> list[tuple[str, SearchQuery]]:
    from services.core.auth.units import unit_key

    rnd = random.Random(seed)
    user = AccessFilter(max_level=1, units=[unit_key(USER_UNIT)])
    out: list[tuple[str, SearchQuery]] = []
    for _ in range(n):
        kind = rnd.choice(["number", "short", "short_nd", "long", "long_nd", "phrase", "syntax", "filters", "date"])
        d = rnd.choice(docs)
        if kind == "number":
            assert d.number
            forms = [d.number, d.number.replace("/", " ").replace("-", " "),
                     f"{d.number.split('/', 1)[1].lower()} {d.number.split('/')[0]}"]
            q = SearchQuery(q=rnd.choice(forms), access=user)
        elif kind in ("short", "short_nd"):
            text = _span(rnd, docs, 2, 4)
            q = SearchQuery(q=strip_diacritics(text) if kind == "short_nd" else text, access=user)
        elif kind in ("long", "long_nd"):
            text = _span(rnd, docs, 8, 16)
            q = SearchQuery(q=strip_diacritics(text) if kind == "long_nd" else text, access=user)
        elif kind == "phrase":
            q = SearchQuery(q=f'"{_span(rnd, docs, 2, 3)}"', access=user)
        elif kind == "syntax":
            q = SearchQuery(q=rnd.choice([f'{_span(rnd, docs, 1, 2)} -"{_span(rnd, docs, 1, 1)}" type:QĐ',
                                          f"{_span(rnd, docs, 1, 2)} OR {_span(rnd, docs, 1, 2)} year:2020",
                                          f'issuer:"UBND tỉnh Nghệ An" {_span(rnd, docs, 1, 2)}',
                                          f"unit:TN&MT {_span(rnd, docs, 1, 2)}"]), access=user)
        elif kind == "filters":
            q = SearchQuery(q=_span(rnd, docs, 1, 3), doc_types=["Quyết định", "Thông báo"],
                            units=[rnd.choice(UNITS)], date_from=date(2015, 1, 1), has_open_tasks=True, access=user)
        else:
            q = SearchQuery(q="", sort="date", issuers=[rnd.choice(ISSUERS)[0]], access=user,
                            offset=rnd.choice([0, 10, 20]))
        out.append((kind, q))
    return out


def floor_words(q: SearchQuery) -> list[str]:
    from services.search.analysis import fold, tokenize

    words = [fold(t) for t in tokenize(q.q.replace("type:QĐ", "").replace("year:2020", ""))]
    return [w for w in dict.fromkeys(words) if w not in ("or", "issuer", "unit")]


def floor_query(engine: Any, q: SearchQuery) -> Any:
    """The raw tantivy floor for a query: its folded words as plain term queries on ``fold`` (all required up to
    four words, else any), no access filter, no boosts."""
    import tantivy

    words = floor_words(q)
    if not words:
        return tantivy.Query.all_query()
    occur = tantivy.Occur.Must if len(words) <= 4 else tantivy.Occur.Should
    return tantivy.Query.boolean_query([(occur, tantivy.Query.term_query(engine.schema, "fold", w)) for w in words])


def es_floor_query(q: SearchQuery) -> dict[str, Any]:
    """The same floor as a bare Elasticsearch query: the folded words as term queries on ``fold`` (all required up
    to four, else any), no access filter, boosts, facets, highlights or stored fields."""
    words = floor_words(q)
    if not words:
        return {"match_all": {}}
    clauses = [{"term": {"fold": w}} for w in words]
    return {"bool": {"must": clauses}} if len(words) <= 4 else {"bool": {"should": clauses}}


def floor_k(q: SearchQuery) -> int:
    """The floor fetches as many hits as the engine does for the query: offset+limit, and the reranked head
    (RERANK_DEPTH + RERANK_MARGIN candidates) for a relevance page within it."""
    from services.search.plan import RERANK_DEPTH, RERANK_MARGIN

    k = q.offset + q.limit
    if q.sort != "date" and q.offset < RERANK_DEPTH:
        k = max(k, RERANK_DEPTH + RERANK_MARGIN)
    return k


class Stages:
    """Per-stage wall time of engine.search (tantivy), by wrapping the functions it calls: parse + plan (with the
    visible statistics), visible statistics alone, stage-1 search, stage-2 rerank (with the stored documents it
    reads), highlighting, stored documents → hits (serialisation); facets run on another thread and are timed
    separately (their aggregation over the same match) by ``facets_ms``."""

    NAMES = ("plan", "stats", "rerank", "highlight", "hits")

    def __init__(self) -> None:
        import services.search.tantivy_engine as te

        self.te = te
        self.ms: dict[str, float] = dict.fromkeys(self.NAMES, 0.0)
        self.saved: list[tuple[Any, str, Any]] = []
        self._wrap(te, "plan_search", "plan")
        self._wrap(te.TantivyEngine, "_stats", "stats")
        self._wrap(te.TantivyEngine, "_reranked", "rerank")
        self._wrap(te, "highlight", "highlight")
        self._wrap(te.TantivyEngine, "_hit", "hits")
        self._wrap(te.TantivyEngine, "_stored", "hits")

    def _wrap(self, owner: Any, attr: str, stage: str) -> None:
        fn = owner.__dict__[attr]
        inner = fn.__func__ if isinstance(fn, staticmethod) else fn

        def timed(*a: Any, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return inner(*a, **kw)
            finally:
                self.ms[stage] += 1000 * (time.perf_counter() - t)

        self.saved.append((owner, attr, fn))
        setattr(owner, attr, staticmethod(timed) if isinstance(fn, staticmethod) else timed)

    def restore(self) -> None:
        for owner, attr, fn in reversed(self.saved):
            setattr(owner, attr, fn)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def index_bytes(args: argparse.Namespace, engine: SearchEngine) -> int:
    if args.engine == "tantivy":
        return sum(p.stat().st_size for p in (args.dir / f"tantivy-{args.docs}").rglob("*") if p.is_file())
    es = getattr(engine, "es", None)
    if es is None:
        return 0
    stats = es.indices.stats(index=f"{args.es_prefix}-documents", metric="store")
    return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])


def http_params(q: SearchQuery) -> dict[str, object]:
    params: dict[str, object] = {"q": q.q, "limit": q.limit, "offset": q.offset, "sort": q.sort}
    if q.doc_types:
        params["type"] = q.doc_types
    if q.issuers:
        params["issuer"] = q.issuers
    if q.units:
        params["unit"] = q.units
    if q.date_from:
        params["date_from"] = q.date_from.isoformat()
    if q.has_open_tasks is not None:
        params["has_open_tasks"] = str(q.has_open_tasks).lower()
    return params


def populate_db(db: Path, rows: list[tuple[str, str, int, str, tuple[str, ...]]]) -> None:
    """The documents' rows and access units in the instance's database (the API checks every page against it)."""
    import sqlite3
    from datetime import UTC, datetime

    now = datetime.now(UTC).isoformat(sep=" ")
    con = sqlite3.connect(db)
    cols = {r[1]: r for r in con.execute("PRAGMA table_info(documents)")}
    row = {"sha256": None, "filename": None, "size_bytes": 1, "source": "cli", "status": "done", "attempts": 0,
           "recipients": "[]", "extra": "{}", "created_at": now, "updated_at": now, "level": 0,
           "audience": "units", "id": None}
    names = [c for c in row if c in cols]
    con.executemany(f"INSERT INTO documents ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                    ([{**row, "id": doc_id, "sha256": f"{i:064x}", "filename": filename, "level": level,
                       "audience": audience}[c] for c in names]
                     for i, (doc_id, filename, level, audience, _) in enumerate(rows)))
    con.executemany("INSERT INTO document_units (document_id, relation, unit_key, unit_name) VALUES (?, ?, ?, ?)",
                    ((doc_id, "access", k, k) for doc_id, _, _, _, units in rows for k in units))
    con.commit()
    con.close()


def http_phase(args: argparse.Namespace, queries: list[tuple[str, SearchQuery]],
               rows: list[tuple[str, str, int, str, tuple[str, ...]]]) -> dict[str, object]:
    """The same queries through `vanban serve --service search` over loopback HTTP, as a unit user with
    clearance Mật (the access filter the engine phase used)."""
    import socket
    import subprocess
    import tempfile

    import httpx

    tmp = Path(tempfile.mkdtemp(prefix="vanban-bench-http-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN_")}
    env.update(VANBAN_DATA_DIR=str(tmp), VANBAN_LOG_LEVEL="WARNING", VANBAN_ADMIN_PASSWORD="bench-password")
    if args.engine == "tantivy":
        (tmp / "index").symlink_to(args.dir / f"tantivy-{args.docs}")
    else:
        env.update(VANBAN_ELASTICSEARCH_URL=args.es_url, VANBAN_INDEX_PREFIX=args.es_prefix)
    vanban = str(Path(sys.executable).with_name("vanban"))
    subprocess.run([vanban, "user", "add", "chuyenvien", "--role", "unit_staff", "--unit", USER_UNIT,
                    "--clearance", "1", "--password", "bench-password"], env=env, check=True,
                   capture_output=True)
    subprocess.run([vanban, "user", "add", "quantri", "--role", "admin", "--clearance", "3", "--password",
                    "bench-password"], env=env, check=True, capture_output=True)  # sees every document
    populate_db(tmp / "vanban.db", rows)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([vanban, "serve", "--service", "search", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    es = None
    if args.engine == "es":
        from elasticsearch import Elasticsearch

        es = Elasticsearch(args.es_url, request_timeout=60)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
            for _ in range(600):
                try:
                    if c.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            out: dict[str, object] = {"engine": args.engine, "through": "HTTP GET /search", "queries": len(queries)}
            for who, prefix in (("chuyenvien", "http"), ("quantri", "admin_http")):  # a unit user, then an admin
                tok = c.post("/auth/token", data={"username": who, "password": "bench-password"}).json()
                c.headers["Authorization"] = f"Bearer {tok['access_token']}"
                for _, q in queries[:20]:
                    c.get("/search", params=http_params(q))
                if es is not None:
                    clear_request_cache(es, f"{args.es_prefix}-documents")
                lat, server_cpu = [], []
                bodies = hashlib.sha256()  # the answers themselves: two trees of the code must give the same
                spy = _spy(server.pid, args.server_profile / f"{prefix}.txt") if args.server_profile else None
                for _, q in queries:
                    c0 = proc_cpu_ns(server.pid)
                    t = time.perf_counter()
                    r = c.get("/search", params=http_params(q))
                    lat.append(1000 * (time.perf_counter() - t))
                    server_cpu.append((proc_cpu_ns(server.pid) - c0) / 1e6)
                    r.raise_for_status()
                    bodies.update(r.content)
                if spy is not None:
                    spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
                    spy.wait(60)
                # the server's CPU per request (all its threads): what the request costs, whatever the load
                out.update({f"{prefix}_p50_ms": round(statistics.median(lat), 1),
                            f"{prefix}_p95_ms": round(pct(lat, 95), 1), f"{prefix}_p99_ms": round(pct(lat, 99), 1),
                            f"{prefix}_server_cpu_p50_ms": round(statistics.median(server_cpu), 2),
                            f"{prefix}_server_cpu_p95_ms": round(pct(server_cpu, 95), 2),
                            f"{prefix}_load_avg": round(os.getloadavg()[0], 1),
                            f"{prefix}_bodies_sha256": bodies.hexdigest()[:16]})
            out.update(server_rss_mb=proc_mb(server.pid, "VmRSS"), server_peak_rss_mb=proc_mb(server.pid, "VmHWM"),
                       server_rss_anon_mb=proc_mb(server.pid, "RssAnon"),
                       server_rss_file_mb=proc_mb(server.pid, "RssFile"))
    finally:
        server.terminate()
        server.wait(20)
        if es is not None:
            es.close()
        shutil.rmtree(tmp, ignore_errors=True)  # the instance's database (the index itself is kept in --dir)
    out["load_avg"] = round(os.getloadavg()[0], 1)
    return out


def proc_cpu_ns(pid: int) -> int:
    """CPU time run so far by every thread of a process, in ns (Linux /proc/PID/task/*/schedstat: the first
    field of each), precise enough to time one request (utime/stime count 10 ms ticks)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            continue  # a thread that just ended
    return total


def _spy(pid: int, out: Path) -> Any:
    """py-spy sampling the server until SIGINT (raw collapsed stacks, the thread holding the GIL)."""
    import subprocess

    exe = Path(sys.executable).with_name("py-spy")
    if not exe.exists():
        sys.exit("--server-profile needs py-spy in this environment: pip install py-spy")
    out.parent.mkdir(parents=True, exist_ok=True)
    spy = subprocess.Popen([str(exe), "record", "--pid", str(pid), "--threads", "--gil", "--format", "raw",
                            "--rate", "250", "--output", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached before the clock starts
    return spy


def proc_mb(pid: int, field: str) -> int | None:
    """A memory figure of a process from /proc (Linux), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        return None
    return None


class EsStages(Stages):
    """The same for Elasticsearch: plan (with the visible statistics, one aggregation request over the user's
    documents), the statistics alone, rerank, highlighting; the rest is the ranked request itself (with its facet
    aggregations and the candidates' sources) and the hits."""

    NAMES = ("plan", "stats", "rerank", "highlight")

    def __init__(self) -> None:
        import services.search.es_engine as ee

        self.ms = dict.fromkeys(self.NAMES, 0.0)
        self.saved = []
        self._wrap(ee, "plan_search", "plan")
        self._wrap(ee.ElasticsearchEngine, "_visible_stats", "stats")
        self._wrap(ee, "rerank", "rerank")
        self._wrap(ee, "highlight", "highlight")


class _Recorder:
    """Wraps an Elasticsearch client's ``search`` and ``msearch`` to keep each request, its wall time and the
    node's ``took``."""

    def __init__(self, es: Any) -> None:
        self.es, self.inner = es, (es.search, es.msearch)
        self.calls: list[tuple[str, dict[str, Any], float, int]] = []

        def wrap(kind: str, fn: Any) -> Any:
            def call(**kw: Any) -> Any:
                t = time.perf_counter()
                res = fn(**kw)
                self.calls.append((kind, kw, 1000 * (time.perf_counter() - t), int(res.get("took", 0))))
                return res
            return call

        es.search, es.msearch = wrap("search", es.search), wrap("msearch", es.msearch)

    def restore(self) -> None:
        self.es.search, self.es.msearch = self.inner


def clear_request_cache(es: Any, index: str) -> None:
    """Empty the node's shard request cache (size-0 requests — the visible statistics, the count and facets — are
    cached by their body): a measured pass that repeats queries (the first 20 were the warm-up; the HTTP passes
    repeat the engine's) must not read the answers of an earlier pass."""
    es.indices.clear_cache(index=index, request=True)


def _profile_ms(res: Any) -> dict[str, float]:
    """The node's own split of one profiled search (ms): query (matching and scoring), collectors (the top hits,
    the count), aggregations, fetch (the sources)."""
    shard = res["profile"]["shards"][0]
    search = shard["searches"][0]
    return {"query": sum(q["time_in_nanos"] for q in search["query"]) / 1e6,
            "collector": sum(c["time_in_nanos"] for c in search.get("collector", [])) / 1e6,
            "aggs": sum(a["time_in_nanos"] for a in shard.get("aggregations", [])) / 1e6,
            "fetch": shard.get("fetch", {}).get("time_in_nanos", 0) / 1e6}


def es_split(engine: Any, queries: list[tuple[str, SearchQuery]]) -> dict[str, Any]:
    """Where an Elasticsearch search's time goes, split in one pass (each text query: the engine's search with its
    requests recorded, then its requests replayed part by part, the request cache off, interleaved so that every
    part meets the same load).  Per part, mean / p50 / p95 wall ms:

    - ``search``: the engine's whole search; ``stats_request`` (the visible statistics: a count per term) and ``ranked_request`` (the
      ranked hits with, in the same round trip, the count and facets): wall, ``*_took`` (the node's own time) and
      ``*_client`` (wall − took: HTTP, JSON both ways, the client's queueing); ``python``: the search less its
      requests (plan, rerank, highlight, hits);
    - replays: ``rank`` (the ranked hits alone, no count), ``rank_bare`` (without ``_source``: matching and scoring;
      ``sources`` = rank − rank_bare), ``count_facets`` (the size-0 count with the facets), ``count`` (without the
      facets; ``facets`` = count_facets − count; ``facet_unit``: the unit facet alone, less the count), ``before`` (the pre-msearch shape: one request with the exact
      count, the facets and the sources);
    - ``profile_*``: the node's profiler on the ranked hits and on the count with facets."""
    parts: dict[str, list[float]] = {}

    def add(name: str, ms: float) -> None:
        parts.setdefault(name, []).append(ms)

    def timed(body: dict[str, Any]) -> tuple[float, Any]:
        t = time.perf_counter()
        res = engine.es.search(index=engine.alias, request_cache=False, **body)
        return 1000 * (time.perf_counter() - t), res

    clear_request_cache(engine.es, engine.alias)
    for _, q in queries:
        if not q.q:
            continue
        rec = _Recorder(engine.es)
        t = time.perf_counter()
        try:
            engine.search(q)
        finally:
            rec.restore()
        total = 1000 * (time.perf_counter() - t)
        add("search", total)
        requests = 0.0
        rank: dict[str, Any] = {}
        counting: dict[str, Any] = {}
        for kind, kw, wall, took in rec.calls:
            bodies = kw["searches"][1::2] if kind == "msearch" else [kw]
            name = "ranked_request" if any(b.get("size") for b in bodies) else "stats_request"
            add(name, wall)
            add(f"{name}_took", took)
            add(f"{name}_client", wall - took)
            requests += wall
            if kind == "msearch" and name == "ranked_request":
                rank, counting = kw["searches"][1], kw["searches"][3]
            elif name == "ranked_request":
                rank = {k: v for k, v in kw.items() if k != "index"}
        add("python", total - requests)
        if not rank:
            continue
        w_rank, res = timed(rank)
        add("rank", w_rank)
        w_bare = timed({**rank, "_source": False})[0]
        add("rank_bare", w_bare)
        add("sources", w_rank - w_bare)
        for k, v in _profile_ms(timed({**rank, "profile": True})[1]).items():
            add(f"profile_rank_{k}", v)
        if counting:
            w_cf = timed(counting)[0]
            add("count_facets", w_cf)
            w_c = timed({k: v for k, v in counting.items() if k != "aggs"})[0]
            add("count", w_c)
            add("facets", w_cf - w_c)
            # the multi-valued unit facet alone (its per-document cost is the largest of the four)
            add("facet_unit", timed({**counting, "aggs": {"unit": counting["aggs"]["unit"]}})[0] - w_c)
            add("before", timed({**rank, "track_total_hits": True, "aggs": counting["aggs"]})[0])
            for k, v in _profile_ms(timed({**counting, "profile": True})[1]).items():
                add(f"profile_count_{k}", v)
    return {k: {"mean": round(statistics.mean(v), 2), "p50": round(statistics.median(v), 2),
                "p95": round(pct(v, 95), 2), "n": len(v)} for k, v in parts.items()}


def es_stage_times(engine: Any, queries: list[tuple[str, SearchQuery]]) -> dict[str, float]:
    """Mean wall ms per query of each stage of an Elasticsearch search (a second pass over the text queries)."""
    text = [q for _, q in queries if q.q]
    clear_request_cache(engine.es, engine.alias)
    stages = EsStages()
    try:
        t = time.perf_counter()
        for q in text:
            engine.search(q)
        total = 1000 * (time.perf_counter() - t)
    finally:
        stages.restore()
    out = {k: round(v / len(text), 2) for k, v in stages.ms.items()}
    out["ranked_request_and_rest"] = round((total - sum(stages.ms.values()) + stages.ms["stats"]) / len(text), 2)
    out["plan_incl_stats"] = out.pop("plan")
    out["search"] = round(total / len(text), 2)
    return out


def stage_times(engine: Any, queries: list[tuple[str, SearchQuery]]) -> dict[str, float]:
    """Mean wall ms per query of each stage (a second pass over the text queries, timers on), plus the whole
    search and the facet aggregation of the same match on its own (it runs beside the ranking in the engine)."""
    from services.search.plan import plan_search

    text = [q for _, q in queries if q.q]
    engine._stats_gen, engine._stats_cache, engine._facet_cache = -1, {}, {}  # as cold as the first pass
    stages = Stages()
    try:
        t = time.perf_counter()
        for q in text:
            engine.search(q)
        total = 1000 * (time.perf_counter() - t)
    finally:
        stages.restore()
    searcher, gen = engine._searcher()
    t = time.perf_counter()
    for q in text:
        plan = plan_search(q, lambda keys, q=q: engine._stats(searcher, gen, q.access, keys))
        searcher.aggregate(engine._q(plan.match), engine._facet_aggs())
    facets = 1000 * (time.perf_counter() - t)
    out = {k: round(v / len(text), 2) for k, v in stages.ms.items()}
    out["stage1_and_rest"] = round((total - sum(stages.ms.values()) + stages.ms["stats"]) / len(text), 2)
    out["plan_incl_stats"] = out.pop("plan")
    out.update(search=round(total / len(text), 2), facets_beside=round(facets / len(text), 2))
    return out


def es_cpu_ms(engine: Any) -> int:
    """CPU of the Elasticsearch node(s) so far (0 for the embedded engine)."""
    es = getattr(engine, "es", None)
    if es is None:
        return 0
    nodes = es.nodes.stats(metric="process")["nodes"].values()
    return sum(int(n["process"]["cpu"]["total_in_millis"]) for n in nodes)


def es_memory(engine: Any) -> dict[str, Any]:
    """The Elasticsearch node's heap (used, max), its segments' memory and its resident size (a local node)."""
    out: dict[str, Any] = {}
    for node_id, n in engine.es.nodes.stats(metric="jvm,indices")["nodes"].items():
        mem = n["jvm"]["mem"]
        out.update(es_heap_used_mb=round(mem["heap_used_in_bytes"] / 2**20),
                   es_heap_max_mb=round(mem["heap_max_in_bytes"] / 2**20),
                   es_segments=n["indices"]["segments"]["count"])
        info = engine.es.nodes.info(node_id=node_id, metric="process")["nodes"][node_id]
        pid = info.get("process", {}).get("id")
        if pid:
            out.update(es_rss_mb=proc_mb(int(pid), "VmRSS"), es_peak_rss_mb=proc_mb(int(pid), "VmHWM"))
        break
    return out


def build_via_reindex(args: argparse.Namespace, engine: Any, corpus: Corpus) -> int:
    """The index built by the resumable reindex (``vanban reindex``'s code, fed from the corpus instead of the
    database), with a progress bar; an interrupted build (Ctrl-C) continues with --resume.  Elasticsearch: into a
    new index beside the live one, the alias swapped only when it is complete.  Returns where it started."""
    from tqdm import tqdm

    from services.search.service import reindex_all

    state = args.dir / (f"reindex-es-{args.es_prefix}.json" if args.engine == "es" else
                        f"reindex-tantivy-{args.docs}.json")
    start = 0
    have = engine.count()  # Elasticsearch: through the alias, the live index
    if args.engine == "es" and args.resume and not state.exists() and 0 < have < args.docs:
        # grow a finished smaller build (the first k documents of the corpus): its index is cloned into the new
        # build (seconds, hard links), and only the documents after it are analysed and sent
        from services.search.service import seed_reindex_from_live

        seed_reindex_from_live(engine, state, f"d{have - 1}", have)
        print(json.dumps({"seeded_from_live": have, "state": str(state)}), flush=True)
    if args.resume and state.exists():
        after = json.loads(state.read_text()).get("after")
        start = int(after[1:]) + 1 if after else 0

    def source(after: str | None) -> Iterator[list[IndexDoc]]:
        return corpus.batches(int(after[1:]) + 1 if after else 0, 500)

    args.dir.mkdir(parents=True, exist_ok=True)
    with tqdm(total=args.docs, desc=f"reindex {args.engine}", unit="vb", mininterval=10, file=sys.stderr) as bar:
        reindex_all(progress=bar.update, resume=args.resume, engine=engine, source=source, state_path=state,
                    all_ids=lambda: {f"d{i}" for i in range(args.docs)})
    return start


def main() -> int:
    # Ctrl-C (SIGINT) interrupts a build even when the shell started the bench in the background (`… &` in a
    # script ignores SIGINT in the child): the reindex then stops at a batch boundary, resumable with --resume
    signal.signal(signal.SIGINT, signal.default_int_handler)
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--engine", choices=["tantivy", "es"], default="tantivy")
    ap.add_argument("--es-url", default="http://127.0.0.1:59200")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/vanban-bench"))
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--keep", action="store_true", help="keep the Elasticsearch index")
    ap.add_argument("--es-prefix", help="the Elasticsearch index prefix (default vanban-bench-DOCS); an interrupted "
                                        "build of a larger corpus can be finished at a smaller --docs with --resume "
                                        "and the same prefix (the first k documents of any corpus are the corpus "
                                        "of k)")
    ap.add_argument("--no-http", action="store_true", help="skip the measurement through the HTTP API")
    ap.add_argument("--http-only", action="store_true", help="only the measurement through the HTTP API")
    ap.add_argument("--server-profile", type=Path, metavar="DIR",
                    help="record the server with py-spy during each HTTP pass: DIR/http.txt, DIR/admin_http.txt "
                         "(raw collapsed stacks)")
    ap.add_argument("--resume", action="store_true",
                    help="tantivy: keep the documents already in the index (the first ones of this corpus) and add "
                         "the rest (grow a 100k index to 250k, or continue an interrupted build); Elasticsearch "
                         "(always built by the resumable reindex): continue the interrupted build, or, with no build "
                         "under way, grow the live index of a smaller --docs (cloned into the new build)")
    ap.add_argument("--split", action="store_true",
                    help="Elasticsearch: also print where a search's time goes, part by part (es_split)")
    ap.add_argument("--commit-every", type=int, default=0, metavar="K",
                    help="tantivy: before every K-th measured search, re-index one document and commit (untimed): "
                         "searches while this process ingests (the visible statistics carried over commits)")
    ap.add_argument("--via-reindex", action="store_true",
                    help="tantivy: build through the resumable reindex (services.search.service.reindex_all)")
    args = ap.parse_args()

    engine: Any
    if args.engine == "es":
        from services.search.es_engine import ElasticsearchEngine

        args.es_prefix = args.es_prefix or f"vanban-bench-{args.docs}"
        engine = ElasticsearchEngine(args.es_url, index_prefix=args.es_prefix)
    else:
        from services.search.tantivy_engine import TantivyEngine

        engine = TantivyEngine(args.dir / f"tantivy-{args.docs}")
    corpus = Corpus(args.docs)
    have = engine.count()
    if have != args.docs:
        t0, c0, es_cpu0 = time.perf_counter(), time.process_time(), es_cpu_ms(engine)
        if args.engine == "es" or args.via_reindex:
            start = build_via_reindex(args, engine, corpus)
        else:
            # --resume: the index holds the first documents of this same corpus (a smaller run's index copied
            # here, or an interrupted build: commits every 20,000 documents, in order), only the rest is added
            start = have if args.resume and have < args.docs else 0
            if not start:
                engine.clear()
                engine.refresh()
            with engine.bulk():
                for i, batch in enumerate(corpus.batches(start, 500)):
                    engine.index(batch)
                    done = start + 500 * (i + 1)
                    if done % 20_000 == 0:
                        engine.refresh()
                        print(json.dumps({"indexed": done, "s": round(time.perf_counter() - t0, 1),
                                          "load_avg": round(os.getloadavg()[0], 1)}), flush=True)
        engine.refresh()
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        added = args.docs - start
        row = {"indexed": engine.count(), "added": added, "s": round(dt, 1), "docs_per_s": round(added / dt),
               "docs_per_cpu_s": round(added / cpu), "load_avg": round(os.getloadavg()[0], 1)}
        if args.engine == "es":  # the server's CPU too: the bench process only analyses and sends
            es_cpu = (es_cpu_ms(engine) - es_cpu0) / 1000
            row.update(es_cpu_s=round(es_cpu), docs_per_cpu_s_with_es=round(added / (cpu + es_cpu)))
        print(json.dumps(row), flush=True)
    t0 = time.perf_counter()
    corpus.load()
    docs = corpus.pool
    print(json.dumps({"generated": args.docs, "pool": len(docs),
                      "median_chars": sorted(len(d.text) for d in docs)[len(docs) // 2],
                      "mb": round(corpus.chars / 2**20, 1), "s": round(time.perf_counter() - t0, 1)}), flush=True)
    queries = query_set(docs, args.queries)
    if args.http_only:
        engine.close()
        print(json.dumps(http_phase(args, queries, corpus.rows)), flush=True)
        return 0
    for _, q in queries[:20]:  # warm-up
        engine.search(q)
    if args.engine == "es":
        clear_request_cache(engine.es, engine.alias)
    times: dict[str, list[float]] = {}
    floors: dict[str, list[float]] = {}
    totals = []
    searcher = engine._index.searcher() if args.engine == "tantivy" else None
    cpu: list[float] = []
    floor_cpu: list[float] = []
    rewrite = iter(docs[len(docs) // 2:])  # documents re-indexed (identical content) by --commit-every
    for i, (kind, q) in enumerate(queries):
        if args.commit_every and args.engine == "tantivy" and i % args.commit_every == 0:
            engine.index([next(rewrite)])
            engine.refresh()
            searcher = engine._index.searcher()
        t, c = time.perf_counter(), time.process_time()
        res = engine.search(q)
        times.setdefault(kind, []).append(1000 * (time.perf_counter() - t))
        if q.q:
            cpu.append(1000 * (time.process_time() - c))
        totals.append(res.total)
        if searcher is not None and q.q:
            fq = floor_query(engine, q)
            k = floor_k(q)
            t, c = time.perf_counter(), time.process_time()
            searcher.search(fq, k, count=True)
            floors.setdefault(kind, []).append(1000 * (time.perf_counter() - t))
            floor_cpu.append(1000 * (time.process_time() - c))
        elif args.engine == "es" and q.q:  # the raw Elasticsearch floor, through the same client
            body = es_floor_query(q)
            t, c = time.perf_counter(), time.process_time()
            engine.es.search(index=engine.alias, query=body, size=floor_k(q), track_total_hits=True, _source=False)
            floors.setdefault(kind, []).append(1000 * (time.perf_counter() - t))
            floor_cpu.append(1000 * (time.process_time() - c))
    every = [x for xs in times.values() for x in xs]
    with_text = [x for k, xs in times.items() if k in floors for x in xs]
    floor_all = [x for xs in floors.values() for x in xs]
    for kind, xs in sorted(times.items()):
        row = {"kind": kind, "n": len(xs), "p50_ms": round(statistics.median(xs), 2), "p95_ms": round(pct(xs, 95), 2)}
        if kind in floors:
            fl = floors[kind]
            row.update(floor_p50_ms=round(statistics.median(fl), 2), floor_p95_ms=round(pct(fl, 95), 2),
                       x_p50=round(statistics.median(xs) / max(1e-6, statistics.median(fl)), 2))
        print(json.dumps(row))
    summary: dict[str, Any] = {
        "engine": args.engine, "docs": engine.count(), "queries": len(every),
        "p50_ms": round(statistics.median(every), 2), "p95_ms": round(pct(every, 95), 2),
        "p99_ms": round(pct(every, 99), 2), "load_avg": round(os.getloadavg()[0], 1),
        "commit_every": args.commit_every,
        "mean_total_hits": round(statistics.mean(totals))}
    if floor_all:
        summary.update(text_p50_ms=round(statistics.median(with_text), 2), text_p95_ms=round(pct(with_text, 95), 2),
                       floor_p50_ms=round(statistics.median(floor_all), 2), floor_p95_ms=round(pct(floor_all, 95), 2))
        summary["x_floor_p50"] = round(summary["text_p50_ms"] / max(1e-6, summary["floor_p50_ms"]), 2)
        summary["x_floor_p95"] = round(summary["text_p95_ms"] / max(1e-6, summary["floor_p95_ms"]), 2)
        # CPU time (all threads of this process): steadier than wall time on a shared, loaded machine
        summary.update(cpu_p50_ms=round(statistics.median(cpu), 2), cpu_p95_ms=round(pct(cpu, 95), 2),
                       floor_cpu_p50_ms=round(statistics.median(floor_cpu), 2),
                       floor_cpu_p95_ms=round(pct(floor_cpu, 95), 2))
    if args.engine == "tantivy":
        summary["stages_ms_per_query"] = stage_times(engine, queries)
    else:
        summary["stages_ms_per_query"] = es_stage_times(engine, queries)
        if args.split:
            print(json.dumps({"split_ms": es_split(engine, queries), "load_avg": round(os.getloadavg()[0], 1)}),
                  flush=True)
    user = AccessFilter(max_level=1, units=[USER_UNIT])
    t = time.perf_counter()
    for d in docs[:30]:
        engine.similar(d.id, 10, user)
    summary["similar_ms"] = round(1000 * (time.perf_counter() - t) / 30, 1)
    t = time.perf_counter()
    for p in ["quyết", "ke hoach", "317", "về việc giao", "Sở Xây", "cong an"] * 5:
        engine.suggest(p, 10, user)
    summary["suggest_ms"] = round(1000 * (time.perf_counter() - t) / 30, 1)
    summary["index_mb"] = round(index_bytes(args, engine) / 2**20, 1)
    # peak memory of this process: the generated corpus (Python strings) plus the engine (tantivy's readers)
    summary["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    # now, split: Python objects and the engine's heap (anonymous) vs the index's mapped pages (file-backed,
    # reclaimable page cache: a 7 GB tantivy index at 1M counts gigabytes of RSS that are not the process's own)
    summary.update(rss_anon_mb=proc_mb(os.getpid(), "RssAnon"), rss_file_mb=proc_mb(os.getpid(), "RssFile"))
    if args.engine == "es":
        summary.update(es_memory(engine))
    print(json.dumps(summary), flush=True)
    if not args.no_http:
        engine_p50 = summary["p50_ms"]
        if args.engine == "tantivy":
            engine.close()
        http = http_phase(args, queries, corpus.rows)
        http["overhead_p50_x"] = round(float(http["http_p50_ms"]) / engine_p50, 2) if engine_p50 else None
        print(json.dumps(http), flush=True)
        if args.engine == "tantivy":
            return 0
    if args.engine == "es" and not args.keep:
        engine.delete_all()
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
