"""`vanban backup` then `vanban restore` into a new instance: same documents, same originals, searchable again."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from services.core.dispatch import wait_idle


def vanban(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("vanban")
    base = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN_")}
    return subprocess.run([str(exe), *args], env={**base, **env}, capture_output=True, text=True, timeout=300)


@pytest.mark.usefixtures("db_backend")
def test_backup_and_restore_round_trip(client: Any, instance: Path, tmp_path: Path) -> None:
    text = "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 317/TB-UBND\nGiao Sở Xây dựng chủ trì rà soát quy hoạch.\n"
    r = client.post("/documents", files=[("files", ("tb317.txt", text.encode(), "text/plain"))])
    doc_id = r.json()["items"][0]["document_id"]
    wait_idle(60)
    before = client.get(f"/documents/{doc_id}").json()
    env = {k: v for k, v in os.environ.items() if k.startswith("VANBAN_")}
    archive = tmp_path / "backup.tar.gz"
    out = vanban("backup", str(archive), env=env)
    assert out.returncode == 0, out.stderr
    assert "1 originals" in out.stdout

    target = {k: v for k, v in env.items() if k not in ("VANBAN_DATABASE_URL",)}
    target["VANBAN_DATA_DIR"] = str(tmp_path / "restored")
    restored = vanban("restore", str(archive), env=target)
    assert restored.returncode == 0, restored.stderr
    assert "1 documents indexed" in restored.stdout
    again = vanban("restore", str(archive), env=target)  # never over existing data by accident
    assert again.returncode == 1 and "not empty" in again.stderr

    found = vanban("search", "317/TB-UBND", env=target)
    assert "tb317.txt" in found.stdout
    import sqlite3

    db = sqlite3.connect(tmp_path / "restored" / "vanban.db")
    row = db.execute("SELECT filename, sha256, text, status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    assert row == (before["filename"], before["sha256"], before["text"], "done")
    assert db.execute("SELECT count(*) FROM document_tasks WHERE document_id = ?", (doc_id,)).fetchone()[0] == len(
        before["tasks"])
    original = next((tmp_path / "restored" / "originals").rglob(before["sha256"]))
    assert original.read_bytes() == text.encode()
