"""Two worker processes sending notifications at the same time on PostgreSQL: each (notification, channel) row
goes out once — a row is claimed for the time it is being sent, and the other process skips it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests_support import office_today

ROWS = 40
SENDER = """
import os, sys, time
from services.briefing.notify import send_pending
go = sys.argv[1]
while not os.path.exists(go):
    time.sleep(0.005)
print(send_pending())
"""


@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_two_processes_send_each_notification_once(instance: Path, db_backend: str, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from services.briefing.models import Notification, Task, TaskUnit, TrackedDocument
    from services.core.auth.models import Unit
    from services.core.db import session_scope

    received: Counter[int] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(0.03)  # a receiver that takes its time: both senders are busy at once
            with lock:
                received[int(body["n"])] += 1
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        with session_scope() as session:
            unit = Unit(key="so thu nghiem gui tin", name="Sở Thử nghiệm Gửi tin", webhook_url=url)
            session.add(unit)
            # an ordinary document with a sent task for the unit: each message still may be told at sending time
            session.add(TrackedDocument(document_id="two-senders-doc", number="12/TB-UBND", level=0,
                                        audience="internal"))
            session.flush()
            task = Task(document_id="two-senders-doc", lead_unit_id=unit.id, lead_unit_key=unit.key,
                        lead_name=unit.name, action="Báo cáo", assigned_on=office_today(), sent_at=datetime.now(UTC))
            task.units.append(TaskUnit(unit_id=unit.id, unit_key=unit.key, name=unit.name, role="lead"))
            session.add(task)
            session.flush()
            for n in range(ROWS):
                session.add(Notification(dedupe_key=f"two-senders-{n}", task_id=task.id, unit_id=unit.id,
                                         kind="new_task",
                                         channel="webhook", target=url, subject=f"Tin {n}", body=f"Tin {n}",
                                         payload={"n": n}))
        go = tmp_path / "go"
        env = {**os.environ, "VANBAN_LOG_LEVEL": "WARNING"}
        senders = [subprocess.Popen([sys.executable, "-c", SENDER, str(go)], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(2)]
        time.sleep(0.5)
        go.write_text("go")
        outs = [p.communicate(timeout=120) for p in senders]
        assert all(p.returncode == 0 for p in senders), outs
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(received) == list(range(ROWS)), received
    assert set(received.values()) == {1}, {n: c for n, c in received.items() if c > 1}  # never twice
    with session_scope() as session:
        rows = list(session.scalars(select(Notification)))
    assert all(r.sent_at is not None and r.claimed_at is None and r.attempts == 1 for r in rows)
