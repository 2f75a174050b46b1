#!/usr/bin/env python3
"""Search latency benchmark: a synthetic corpus of government documents and a mixed query set.

    .venv/bin/python scripts/bench_search.py [--docs 100000] [--engine tantivy|es] [--es-url URL]
                                             [--dir /tmp/vanban-bench] [--queries 400]

Builds (or reuses, when the directory already holds that many documents) an index of ``--docs`` generated
documents — numbers, types, issuers, dates, units, confidentiality and audiences, text assembled from Vietnamese
administrative sentences (plus the ALQAC law corpus when ../shared is present) — then runs a mixed query set as
the API would (facets and highlights on, an access filter on most queries): document numbers in every form,
short and long queries with and without diacritics, abbreviations, phrases, exclusions, field:value, filters,
date sort.  Prints p50/p95/p99 per category and overall.  Target: overall p95 ≤ 50 ms at 100k documents
(embedded engine).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.search.analysis import strip_diacritics  # noqa: E402
from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery  # noqa: E402

ALQAC = Path(__file__).resolve().parents[2] / "shared" / "data" / "retrieval" / "alqac23_law.json"

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
SENTENCES = [
    "Giao {u} chủ trì, phối hợp với {v} nghiên cứu, đề xuất UBND tỉnh xem xét theo quy định, hoàn thành trước ngày {d}.",
    "{u} khẩn trương rà soát, tổng hợp kết quả thực hiện nhiệm vụ được giao, báo cáo UBND tỉnh trước ngày {d}.",
    "Yêu cầu {u} tăng cường công tác kiểm tra, giám sát việc quản lý, sử dụng đất đai trên địa bàn.",
    "Đồng ý chủ trương đầu tư dự án xây dựng công trình hạ tầng kỹ thuật khu đô thị mới.",
    "{u} tham mưu UBND tỉnh ban hành quyết định giao dự toán ngân sách nhà nước năm {y}.",
    "Thực hiện Kế hoạch chuyển đổi số, {u} triển khai các nền tảng số phục vụ người dân và doanh nghiệp.",
    "Tăng cường công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ tại các khu dân cư, cơ sở sản xuất.",
    "Đẩy mạnh cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm {y}.",
    "Tổ chức tuyên truyền, phổ biến, giáo dục pháp luật về phòng, chống ma túy trong trường học.",
    "{u} phối hợp với UBND các huyện, thành phố, thị xã hướng dẫn thủ tục giải phóng mặt bằng.",
    "Kiểm tra việc chấp hành quy định về an toàn thực phẩm, an toàn giao thông trong dịp Tết Nguyên đán.",
    "Báo cáo tình hình kinh tế - xã hội quý {q} năm {y} và nhiệm vụ, giải pháp trọng tâm thời gian tới.",
    "Rà soát hồ sơ, thủ tục cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân.",
    "Triển khai thực hiện Nghị định số {n}/{y}/NĐ-CP của Chính phủ và Thông tư số {m}/{y}/TT-BTC.",
    "Thực hiện Thông báo kết luận số {n}/TB-UBND ngày {d} của Chủ tịch UBND tỉnh.",
    "Đảm bảo tiến độ giải ngân vốn đầu tư công, xử lý dứt điểm các vướng mắc trong bồi thường, tái định cư.",
    "Công tác bảo vệ môi trường, xử lý chất thải rắn sinh hoạt và nước thải đô thị còn nhiều hạn chế.",
    "Chuẩn bị nội dung phục vụ kỳ họp thứ {q} HĐND tỉnh khóa XVIII, nhiệm kỳ 2021 - 2026.",
]
SUBJECTS = ["Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với {u}",
            "Về việc giao nhiệm vụ thực hiện kế hoạch chuyển đổi số năm {y}",
            "Kế hoạch phòng cháy, chữa cháy năm {y}", "Về dự toán ngân sách năm {y}",
            "Báo cáo kết quả thực hiện nhiệm vụ quý {q} năm {y}",
            "Chỉ thị về tăng cường quản lý đất đai", "Về việc triển khai công tác cải cách hành chính",
            "Quyết định phê duyệt chủ trương đầu tư dự án", "Về tăng cường công tác phòng, chống ma túy",
            "Về việc giải phóng mặt bằng dự án đường giao thông", "Kế hoạch tổ chức kỳ họp HĐND tỉnh"]


def generate(n: int, seed: int = 7) -> list[IndexDoc]:
    rnd = random.Random(seed)
    extra: list[str] = []
    if ALQAC.exists():
        for law in json.loads(ALQAC.read_text(encoding="utf-8")):
            for art in law["articles"]:
                extra.extend(s.strip() + "." for s in art["text"].split(".") if 40 < len(s.strip()) < 300)
    docs: list[IndexDoc] = []
    start = date(2015, 1, 1)
    for i in range(n):
        dtype, tcode = rnd.choice(TYPES)
        issuer, icode = rnd.choice(ISSUERS)
        num = rnd.randint(1, 3000)
        number = f"{num}/{tcode}-{icode}" if tcode else f"{num}/{icode}-{rnd.choice(['KT', 'TH', 'NC', 'VX'])}"
        d = start + timedelta(days=rnd.randint(0, 3900))
        units = rnd.sample(UNITS, rnd.randint(1, 4))

        def fill(s: str, units: list[str] = units, d: date = d) -> str:
            return s.format(u=rnd.choice(units), v=rnd.choice(UNITS), d=f"{rnd.randint(1, 28)}/{rnd.randint(1, 12)}/{d.year}",
                            y=d.year, q=rnd.randint(1, 4), n=rnd.randint(1, 300), m=rnd.randint(1, 99))

        if extra:  # varied legal vocabulary, a few administrative sentences
            body = [fill(rnd.choice(SENTENCES)) for _ in range(rnd.randint(1, 3))] + rnd.sample(extra, rnd.randint(4, 12))
        else:
            body = [fill(rnd.choice(SENTENCES)) for _ in range(rnd.randint(4, 14))]
        rnd.shuffle(body)
        level = rnd.choices([0, 1, 2, 3], [85, 10, 4, 1])[0]
        audience = rnd.choices(["internal", "public", "units"], [60, 30, 10])[0]
        docs.append(IndexDoc(
            id=f"d{i}", filename=f"d{i}.docx", number=number, doc_type=dtype, issuer=issuer, issued_date=d,
            subject=fill(rnd.choice(SUBJECTS)), text=" ".join(body), units=units, has_open_tasks=rnd.random() < .3,
            level=level, audience=audience, audience_units=rnd.sample(UNITS, 2) if audience == "units" else []))
    return docs


def query_set(docs: list[IndexDoc], n: int, seed: int = 11) -> list[tuple[str, SearchQuery]]:
    rnd = random.Random(seed)
    user = AccessFilter(max_level=1, units=["Sở Tài chính", "Sở Xây dựng"])
    short = ["quyết định giao nhiệm vụ", "ngân sách", "chuyển đổi số", "phòng cháy chữa cháy", "đất đai",
             "giải phóng mặt bằng", "ma túy", "cải cách hành chính", "đầu tư công", "an toàn thực phẩm",
             "UBND tỉnh", "Sở TN&MT", "Sở Thông tin và Truyền thông", "kết luận Chủ tịch", "kỳ họp HĐND"]
    long = ["giao sở xây dựng chủ trì phối hợp với sở tài chính rà soát",
            "báo cáo tình hình kinh tế xã hội quý 3 và nhiệm vụ giải pháp trọng tâm",
            "tăng cường công tác kiểm tra giám sát việc quản lý sử dụng đất đai trên địa bàn",
            "người nghiện ma túy bị áp dụng biện pháp xử lý hành chính đưa vào cơ sở cai nghiện bắt buộc",
            "thủ tục cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình cá nhân"]
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
            text = rnd.choice(short)
            q = SearchQuery(q=strip_diacritics(text) if kind == "short_nd" else text, access=user)
        elif kind in ("long", "long_nd"):
            text = rnd.choice(long)
            q = SearchQuery(q=strip_diacritics(text) if kind == "long_nd" else text, access=user)
        elif kind == "phrase":
            q = SearchQuery(q=f'"{rnd.choice(short)}"', access=user)
        elif kind == "syntax":
            q = SearchQuery(q=rnd.choice(['ngân sách -"chuyển đổi" type:QĐ', "đất đai OR mặt bằng year:2020",
                                          'issuer:"UBND tỉnh Nghệ An" kết luận', "unit:TN&MT kiểm tra"]),
                            access=user)
        elif kind == "filters":
            q = SearchQuery(q=rnd.choice(short), doc_types=["Quyết định", "Thông báo"], units=[rnd.choice(UNITS)],
                            date_from=date(2019, 1, 1), has_open_tasks=True, access=user)
        else:
            q = SearchQuery(q="", sort="date", issuers=[rnd.choice(ISSUERS)[0]], access=user,
                            offset=rnd.choice([0, 10, 20]))
        out.append((kind, q))
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def index_bytes(args: argparse.Namespace, engine: SearchEngine) -> int:
    if args.engine == "tantivy":
        return sum(p.stat().st_size for p in (args.dir / f"tantivy-{args.docs}").rglob("*") if p.is_file())
    es = getattr(engine, "es", None)
    if es is None:
        return 0
    stats = es.indices.stats(index=f"vanban-bench-{args.docs}*", metric="store")
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


def http_phase(args: argparse.Namespace, queries: list[tuple[str, SearchQuery]]) -> dict[str, object]:
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
        env.update(VANBAN_ELASTICSEARCH_URL=args.es_url, VANBAN_INDEX_PREFIX=f"vanban-bench-{args.docs}")
    vanban = str(Path(sys.executable).with_name("vanban"))
    subprocess.run([vanban, "user", "add", "chuyenvien", "--role", "unit_staff", "--unit", "Sở Tài chính",
                    "--clearance", "1", "--password", "bench-password"], env=env, check=True,
                   capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([vanban, "serve", "--service", "search", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
            for _ in range(600):
                try:
                    if c.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            tok = c.post("/auth/token", data={"username": "chuyenvien", "password": "bench-password"}).json()
            c.headers["Authorization"] = f"Bearer {tok['access_token']}"
            for _, q in queries[:20]:
                c.get("/search", params=http_params(q))
            lat = []
            for _, q in queries:
                t = time.perf_counter()
                r = c.get("/search", params=http_params(q))
                lat.append(1000 * (time.perf_counter() - t))
                r.raise_for_status()
    finally:
        server.terminate()
        server.wait(20)
    return {"engine": args.engine, "through": "HTTP GET /search", "queries": len(lat),
            "http_p50_ms": round(statistics.median(lat), 1), "http_p95_ms": round(pct(lat, 95), 1),
            "http_p99_ms": round(pct(lat, 99), 1), "load_avg": round(os.getloadavg()[0], 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--engine", choices=["tantivy", "es"], default="tantivy")
    ap.add_argument("--es-url", default="http://127.0.0.1:59200")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/vanban-bench"))
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--keep", action="store_true", help="keep the Elasticsearch index")
    ap.add_argument("--no-http", action="store_true", help="skip the measurement through the HTTP API")
    args = ap.parse_args()

    engine: SearchEngine
    if args.engine == "es":
        from services.search.es_engine import ElasticsearchEngine

        engine = ElasticsearchEngine(args.es_url, index_prefix=f"vanban-bench-{args.docs}")
    else:
        from services.search.tantivy_engine import TantivyEngine

        engine = TantivyEngine(args.dir / f"tantivy-{args.docs}")
    t0 = time.perf_counter()
    docs = generate(args.docs)
    print(json.dumps({"generated": len(docs), "s": round(time.perf_counter() - t0, 1)}), flush=True)
    if engine.count() != len(docs):
        t0 = time.perf_counter()
        engine.clear()
        for i in range(0, len(docs), 2000):
            engine.index(docs[i:i + 2000])
        engine.refresh()
        dt = time.perf_counter() - t0
        print(json.dumps({"indexed": engine.count(), "s": round(dt, 1), "docs_per_s": round(len(docs) / dt)}),
              flush=True)
    queries = query_set(docs, args.queries)
    for _, q in queries[:20]:  # warm-up
        engine.search(q)
    times: dict[str, list[float]] = {}
    totals = []
    cpu: list[float] = []
    for kind, q in queries:
        t = time.perf_counter()
        c = time.process_time()
        res = engine.search(q)
        cpu.append(1000 * (time.process_time() - c))
        times.setdefault(kind, []).append(1000 * (time.perf_counter() - t))
        totals.append(res.total)
    every = [x for xs in times.values() for x in xs]
    for kind, xs in sorted(times.items()):
        print(json.dumps({"kind": kind, "n": len(xs), "p50_ms": round(statistics.median(xs), 1),
                          "p95_ms": round(pct(xs, 95), 1), "max_ms": round(max(xs), 1)}))
    summary = {"engine": args.engine, "docs": engine.count(), "queries": len(every),
               "p50_ms": round(statistics.median(every), 1), "p95_ms": round(pct(every, 95), 1),
               "p99_ms": round(pct(every, 99), 1),
               "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": round(pct(cpu, 95), 1),
               "load_avg": round(os.getloadavg()[0], 1), "mean_total_hits": round(statistics.mean(totals))}
    t = time.perf_counter()
    for d in docs[:50]:
        engine.similar(d.id, 10, AccessFilter(max_level=1))
    summary["similar_ms"] = round(1000 * (time.perf_counter() - t) / 50, 1)
    t = time.perf_counter()
    for p in ["quyết", "ke hoach", "317", "về việc giao", "bao cao ket"] * 10:
        engine.suggest(p, 10, AccessFilter(max_level=1))
    summary["suggest_ms"] = round(1000 * (time.perf_counter() - t) / 50, 1)
    summary["index_mb"] = round(index_bytes(args, engine) / 2**20, 1)
    print(json.dumps(summary), flush=True)
    if not args.no_http:
        engine_p50 = summary["p50_ms"]
        engine.close() if args.engine == "tantivy" else None
        http = http_phase(args, queries)
        http["overhead_p50_x"] = round(http["http_p50_ms"] / engine_p50, 2) if engine_p50 else None
        print(json.dumps(http), flush=True)
        if args.engine == "tantivy":
            return 0
    if args.engine == "es" and not args.keep:
        engine.delete_all()  # type: ignore[attr-defined]
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
