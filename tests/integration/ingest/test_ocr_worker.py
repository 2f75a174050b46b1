"""A real `vanban worker` on real Redis and PostgreSQL takes the OCR of a scan from its own queue ("ocr")."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from integration.test_celery_worker import broker_instance, start_worker, stop  # noqa: F401 - the fixture
from tests_support import wait_for

from services.ingest.ocr import ocr_ready

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.mark.skipif(not ocr_ready(), reason="tesseract-ocr-vie is not installed (test_ocr_scans fails in CI then)")
def test_worker_on_the_default_queue_also_reads_scans_from_the_ocr_queue(broker_instance: dict[str, str],  # noqa: F811
                                                                         tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from integration.ingest.test_ocr_scans import notice_pdf, scan_of

    from services.app import create_app
    from services.core.celery_app import celery_app

    assert celery_app.amqp.router.route({}, "ingest.ocr")["queue"].name == "ocr"
    scan = scan_of(notice_pdf())
    log = tmp_path / "worker.log"
    worker = start_worker(broker_instance, log)
    try:
        with TestClient(create_app()) as client:
            from tests_support import Users

            client.headers.update(Users().headers("clerk", clearance=3))
            r = client.post("/documents", files=[("files", ("ban-quet.pdf", scan, "application/pdf"))])
            assert r.status_code == 202, r.text
            doc_id = r.json()["items"][0]["document_id"]

            def finished() -> dict[str, Any] | None:
                doc = client.get(f"/documents/{doc_id}").json()
                return doc if doc["status"] in ("done", "failed", "needs_ocr") else None

            doc = wait_for(finished, timeout=180, what=f"the worker to OCR {doc_id}; log: {log}")
            assert doc["status"] == "done", doc
            assert doc["ocr"]["state"] == "done" and doc["number"] == "86/TB-UBND"
    finally:
        stop(worker)
    text = log.read_text(errors="replace")
    assert "ingest.ocr" in text and "ocr" in text
