#!/usr/bin/env python3
"""Load test: N concurrent clients uploading and searching on loopback for a fixed time.

Starts `vanban serve` on a fresh instance (the embedded default, or the real services the environment configures:
VANBAN_DATABASE_URL, VANBAN_BROKER_URL with --workers, VANBAN_ELASTICSEARCH_URL), then runs the clients, then
checks that every uploaded document ends searchable by its number. Prints throughput, latency percentiles and
errors. Bounded in time and count; talks only to 127.0.0.1.

    python scripts/load_test.py --clients 8 --seconds 30 [--workers 1]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


WORDS = ["chuyển đổi số", "quy hoạch", "đầu tư công", "phòng cháy", "giải phóng mặt bằng", "dịch vụ công",
         "nông thôn mới", "an toàn thực phẩm"]
UNITS = ["Sở Xây dựng", "Sở Tài chính", "Sở Y tế", "Công an tỉnh", "Sở Nông nghiệp và Môi trường"]


def document(n: int) -> bytes:
    rng = random.Random(n)
    w, u1, u2 = rng.choice(WORDS), rng.choice(UNITS), rng.choice(UNITS)
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {n}/TB-UBND\nNghệ An, ngày {1 + n % 28:02d} tháng 10 năm 2025\n\n"
            f"THÔNG BÁO\nKết luận về {w} (lần {n})\n\nGiao {u1} chủ trì, phối hợp với {u2} triển khai {w}, "
            f"báo cáo UBND tỉnh trước ngày 30/11/2025.\n").encode()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--upload-share", type=float, default=0.3, help="fraction of requests that are uploads")
    ap.add_argument("--workers", type=int, default=0, help="Celery workers to start (needs VANBAN_BROKER_URL)")
    ap.add_argument("--max-requests", type=int, default=100_000)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="vanban-load-")
    env = dict(os.environ, VANBAN_DATA_DIR=str(Path(tmp) / "instance"), VANBAN_LOG_LEVEL="WARNING",
               VANBAN_ADMIN_PASSWORD="load-test-password", VANBAN_JWT_SECRET="load-test-secret-0123456789abcdef")
    vanban = str(Path(sys.executable).with_name("vanban"))
    port = free_port()
    procs = [subprocess.Popen([vanban, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)]
    for _ in range(args.workers):
        procs.append(subprocess.Popen([vanban, "worker", "--concurrency", "1"], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(300):
                try:
                    if c.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            token = c.post("/auth/token", data={"username": "admin", "password": "load-test-password"}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        lat: dict[str, list[float]] = {"upload": [], "search": []}
        errors: list[str] = []
        uploaded: dict[int, str] = {}
        counter = iter(range(10_000, 10_000 + args.max_requests))
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=base, timeout=60, headers=headers) as c:
                while time.monotonic() < stop_at:
                    with lock:
                        n = next(counter, None)
                    if n is None:
                        return
                    t = time.perf_counter()
                    try:
                        if rng.random() < args.upload_share:
                            r = c.post("/documents", files=[("files", (f"tb{n}.txt", document(n), "text/plain"))])
                            kind = "upload"
                            if r.status_code == 202:
                                with lock:
                                    uploaded[n] = r.json()["items"][0]["document_id"]
                        else:
                            q = rng.choice(WORDS + ["ubnd", "so xay dung", "quyet dinh"])
                            r = c.get("/search", params={"q": q, "limit": 10})
                            kind = "search"
                        if r.status_code >= 400:
                            errors.append(f"{kind} {r.status_code} {r.text[:120]}")
                    except httpx.HTTPError as exc:
                        kind = "error"
                        errors.append(repr(exc))
                    if kind in lat:
                        lat[kind].append(time.perf_counter() - t)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - t0

        # every uploaded document must end searchable by its number
        pending = dict(uploaded)
        settle0 = time.perf_counter()
        with httpx.Client(base_url=base, timeout=60, headers=headers) as c:
            deadline = time.monotonic() + 600
            while pending and time.monotonic() < deadline:
                for n, doc_id in list(pending.items()):
                    r = c.get("/search", params={"q": f"{n}/TB-UBND", "limit": 3})
                    if r.status_code == 200 and any(h["document_id"] == doc_id for h in r.json()["hits"]):
                        del pending[n]
                if pending:
                    time.sleep(0.5)
        settle = time.perf_counter() - settle0
        total = len(lat["upload"]) + len(lat["search"])
        summary = {
            "clients": args.clients, "seconds": round(elapsed, 1), "requests": total,
            "throughput_rps": round(total / elapsed, 1),
            "uploads": len(lat["upload"]), "searches": len(lat["search"]),
            "upload_p50_ms": round(pct(lat["upload"], 50), 1), "upload_p95_ms": round(pct(lat["upload"], 95), 1),
            "search_p50_ms": round(pct(lat["search"], 50), 1), "search_p95_ms": round(pct(lat["search"], 95), 1),
            "search_mean_ms": round(1000 * statistics.mean(lat["search"]), 1) if lat["search"] else None,
            "errors": len(errors), "uploaded": len(uploaded), "searchable_after": len(uploaded) - len(pending),
            "settle_seconds": round(settle, 1),
        }
        for e in errors[:5]:
            print("error:", e, file=sys.stderr)
        print(" ".join(f"{k}={v}" for k, v in summary.items()))
        print(json.dumps(summary))
        return 0 if not errors and not pending else 1
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    sys.exit(main())
