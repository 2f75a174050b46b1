#!/usr/bin/env python3
"""Registry numbering benchmark on real PostgreSQL: register lines of the sổ văn bản đến with 1 and with N parallel
clients, print lines/s for each and their ratio (the floor is the single client, measured in the same run), and
check that the numbers came out without a gap or a duplicate. Prints figures; asserts only the numbers' integrity.

    python scripts/bench_registry.py [--url postgresql+psycopg://…] [--lines 400] [--clients 8]
    (default URL: $VANBAN_TEST_POSTGRES_URL, as exported by `eval "$(deploy/local/services.sh env)"`)
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run(url: str, lines: int, clients: int) -> tuple[float, list[int]]:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from services.registry.incoming import IncomingData, register_incoming

    engine = create_engine(url, pool_size=clients, max_overflow=0)
    numbers: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(n: int) -> None:
        barrier.wait()
        for i in range(n):
            with Session(engine) as session:
                entry, _ = register_incoming(session, "bench", IncomingData(sender="Sở thử nghiệm", subject=str(i)),
                                             None, "upload", office_key=f"bench-{clients}",
                                             office_name="Văn phòng thử nghiệm")
                session.commit()
                with lock:
                    numbers.append(entry.number)

    per = [lines // clients + (1 if i < lines % clients else 0) for i in range(clients)]
    threads = [threading.Thread(target=client, args=(n,)) for n in per]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    engine.dispose()
    return elapsed, numbers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=os.environ.get("VANBAN_TEST_POSTGRES_URL"))
    ap.add_argument("--lines", type=int, default=400)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    if not args.url:
        sys.exit("no PostgreSQL: pass --url or eval \"$(deploy/local/services.sh env)\"")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    os.environ.setdefault("VANBAN_DATA_DIR", tempfile.mkdtemp(prefix="bench-registry-"))
    name = f"vanban_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        from services.core.migrate import upgrade

        upgrade(url)
        results = {}
        for clients in (1, args.clients):
            elapsed, numbers = run(url, args.lines, clients)
            ok = sorted(numbers) == list(range(1, args.lines + 1))
            results[clients] = args.lines / elapsed
            print(f"{clients:>2} client(s): {args.lines} lines in {elapsed:.2f} s = {results[clients]:.0f} lines/s; "
                  f"numbers 1..{args.lines} without gap or duplicate: {'yes' if ok else 'NO'}")
            if not ok:
                sys.exit(1)
        print(f"ratio {args.clients} clients / 1 client: {results[args.clients] / results[1]:.2f} "
              "(the counter's row lock serialises numbering; the rest of each transaction runs in parallel)")
    finally:
        from services.core.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
