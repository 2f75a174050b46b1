"""One way in: the same notice through every door — HTTP upload, `vanban ingest`, the watched folder, an edXML
package in the folder — ends the same way: processed, searchable by its number, the same proposed tasks (and, with
send-on-extraction, the same tasks sent to the same units). Each door gets a fresh instance."""
from __future__ import annotations

import base64
import os
import time
from pathlib import Path
from typing import Any

import pytest
from helpers.briefing import fast_headers
from helpers.notices import tb317_docx

DOORS = ("upload", "cli", "folder", "edxml-folder")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _edxml(attachment: bytes) -> bytes:
    """A minimal edXML package (QCVN 102:2016) carrying the notice as its attachment."""
    enc = base64.b64encode(attachment).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLHeader><edXML:MessageHeader>
  <edXML:From><edXML:OrganName>UBND tỉnh Nghệ An</edXML:OrganName></edXML:From>
  <edXML:To><edXML:OrganName>Sở Xây dựng</edXML:OrganName></edXML:To>
 </edXML:MessageHeader></edXML:edXMLHeader>
 <edXML:AttachmentEncoded><edXML:Attachment>
  <edXML:ContentId>1</edXML:ContentId><edXML:AttachmentName>tb317.docx</edXML:AttachmentName>
  <edXML:ContentType>{DOCX_TYPE}</edXML:ContentType>
  <edXML:ContentTransferEncoded>base64</edXML:ContentTransferEncoded><edXML:EncodedContent>{enc}</edXML:EncodedContent>
 </edXML:Attachment></edXML:AttachmentEncoded>
</edXML:edXMLEnvelope>""".encode()


def _fresh_instance(root: Path, migrated_sqlite: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import shutil

    from tests_support import _reset_process_state

    data_dir = root / "instance"
    data_dir.mkdir(parents=True)
    shutil.copy(migrated_sqlite, data_dir / "vanban.db")
    monkeypatch.setenv("VANBAN_DATA_DIR", str(data_dir))
    monkeypatch.setenv("VANBAN_INDEX_PREFIX", f"vanban-doors-{os.getpid()}-{root.name}")
    _reset_process_state()
    return data_dir


def _through(door: str, root: Path, data: bytes, client: Any, clerk: dict[str, str],
             monkeypatch: pytest.MonkeyPatch) -> None:
    if door == "upload":
        r = client.post("/documents", files=[("files", ("tb317.docx", data, DOCX_TYPE))], headers=clerk)
        assert r.status_code == 202, r.text
    elif door == "cli":
        from typer.testing import CliRunner

        from services.cli import app

        path = root / "tb317.docx"
        path.write_bytes(data)
        result = CliRunner().invoke(app, ["ingest", str(path)])
        assert result.exit_code == 0, result.output
    else:
        from services.core.config import reset_settings
        from services.registry.intake import poll_folder

        watch = root / "nhan"
        watch.mkdir()
        monkeypatch.setenv("VANBAN_REGISTRY_WATCH_DIR", str(watch))
        reset_settings()
        path = watch / ("tb317.edxml" if door == "edxml-folder" else "tb317.docx")
        path.write_bytes(_edxml(data) if door == "edxml-folder" else data)
        past = time.time() - 10
        os.utime(path, (past, past))
        assert poll_folder() == {"registered": 1, "failed": 0}


def _end_state(client: Any, admin: dict[str, str]) -> dict[str, Any]:
    from services.core.dispatch import wait_idle
    from services.search.service import flush

    wait_idle(180)
    flush()
    docs = client.get("/documents", headers=admin).json()["items"]
    assert len(docs) == 1, docs
    doc = client.get(f"/documents/{docs[0]['id']}", headers=admin).json()
    hits = client.get("/search", params={"q": doc["number"] or "-"}, headers=admin).json()
    tasks = client.get("/tasks", params={"document_id": doc["id"], "limit": 200}, headers=admin).json()["items"]
    review = client.get("/tasks/review", params={"limit": 200}, headers=admin).json()["items"]
    return {
        "status": doc["status"], "number": doc["number"], "doc_type": doc["doc_type"],
        "searchable": [h["document_id"] for h in hits["hits"]][:1] == [doc["id"]],
        "tasks": sorted((t["lead"], tuple(sorted(t["support"])), t["action"], t["deadline"], t["state"],
                         t["confirmed"], bool(t["sent_at"])) for t in tasks),
        "review": sorted((t["lead"], t["action"]) for t in review),
    }


@pytest.mark.parametrize("send_on", ["confirmation", "extraction"])
def test_every_door_ends_the_same(tmp_path: Path, migrated_sqlite: Path, monkeypatch: pytest.MonkeyPatch,
                                  send_on: str) -> None:
    from fastapi.testclient import TestClient

    from services.app import create_app

    for var in ("VANBAN_DATABASE_URL", "VANBAN_BROKER_URL", "VANBAN_ELASTICSEARCH_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", send_on)
    data = tb317_docx()
    states: dict[str, dict[str, Any]] = {}
    try:
        for door in DOORS:
            root = tmp_path / door
            _fresh_instance(root, migrated_sqlite, monkeypatch)
            with TestClient(create_app()) as client:
                admin = fast_headers("admin", username="quantri")
                clerk = fast_headers("clerk", username="vanthu")
                _through(door, root, data, client, clerk, monkeypatch)
                states[door] = _end_state(client, admin)
    finally:
        from tests_support import _reset_process_state

        from services.core.dispatch import wait_idle

        wait_idle(60)
        _reset_process_state()
    first = states["upload"]
    assert first["status"] == "done" and first["number"] == "317/TB-UBND" and first["searchable"], first
    assert first["tasks"], "the notice assigns tasks"
    if send_on == "confirmation":
        assert {t[4:] for t in first["tasks"]} == {("open", False, False)} and len(first["review"]) == len(first["tasks"])
    else:
        assert all(t[6] for t in first["tasks"]) and first["review"] == []
    for door in DOORS[1:]:
        assert states[door] == first, (door, states[door], first)
