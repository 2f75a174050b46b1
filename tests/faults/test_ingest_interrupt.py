"""Ctrl-C in an embedded `vanban ingest`: the process stops within the task it is running (in embedded mode one
batch of at most BATCHES["ingest.process"] documents, written in one unit of work), not after the whole queue; what
it had not started is kept, and the same command run again finishes everything once."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fixtures.builders import make_docx_from_text
from tests_support import wait_for

from services.wiring import BATCHES

FILES = 60
BATCH = BATCHES["ingest.process"][1]  # documents written together by one running task
NOTICE = """ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
Số: {n}/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thử Nghiệm, ngày {d} tháng 4 năm 2025

THÔNG BÁO
Về việc rà soát hồ sơ lưu trữ đợt {n}

Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hoàn thành việc rà soát hồ sơ lưu trữ đợt {n} trước ngày 30/9/2025.
"""
FILLER = "Hồ sơ số {k} của đợt {n} được lập danh mục, ghi rõ thời hạn bảo quản và nơi lưu giữ bản gốc."


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    if not db.exists():
        return []
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    except sqlite3.OperationalError:  # being created
        return []
    try:
        return con.execute(sql).fetchall()
    except sqlite3.OperationalError:  # the schema is not there yet
        return []
    finally:
        con.close()


def _done(db: Path) -> int:
    rows = _rows(db, "select count(*) from documents where status = 'done'")
    return int(rows[0][0]) if rows else 0


def test_ctrl_c_stops_promptly_and_the_next_run_finishes(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(FILES):
        n = 800 + i
        body = "\n".join(FILLER.format(k=k, n=n) for k in range(15))
        (archive / f"tb-{n}.docx").write_bytes(make_docx_from_text(NOTICE.format(n=n, d=1 + i % 28) + body))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN_")}
    env.update(VANBAN_DATA_DIR=str(tmp_path / "instance"), VANBAN_LOG_LEVEL="WARNING")
    db = tmp_path / "instance" / "vanban.db"
    cmd = [str(Path(sys.executable).with_name("vanban")), "ingest", str(archive)]

    # as at a terminal: Ctrl-C is not ignored in the child even if this test runs as a background job (which starts
    # with SIGINT ignored, and children inherit it)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_for(lambda: _done(db) >= 2, timeout=120, interval=0.05, what="two documents processed")
        at_signal = _done(db)
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=60)
        stopped_in = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, (out, err)
    assert "Đã dừng" in err, err
    assert stopped_in < 10, stopped_in  # the queue it had not started is not worked through first
    done = _done(db)
    assert done <= at_signal + BATCH and done < FILES, (at_signal, done)  # at most the batch that was running
    kept = _rows(db, "select count(*) from outbox where sent_at is null")[0][0]
    assert kept > 0  # what it had not started waits for the next run
    assert not list((tmp_path / "instance" / "ingest-runs").glob("*.run"))  # it ended knowingly: no recheck

    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, (again.stdout, again.stderr)
    assert f"{FILES} tệp: " in again.stdout and f"({done} đã nhập trước đó)" in again.stdout, again.stdout
    assert f"{FILES} đã xử lý" in again.stdout, again.stdout
    assert _done(db) == FILES
    assert _rows(db, "select count(*) from outbox where sent_at is null")[0][0] == 0
    per_doc = dict(_rows(db, "select document_id, count(*) from briefing_tasks group by document_id"))
    assert len(per_doc) == FILES and set(per_doc.values()) == {1}, per_doc  # each followed up once
