"""Eighteenth attack (SECURITY.md 85–): the moments between states around the newest doors — the search suggest, a
huge file in a folder read by `vanban ingest DIR` or the watched folder. Each test failed on the code before its
fix, or (marked "checked, held") keeps a property found sound. Invented notices."""
from __future__ import annotations

import os
import time
import tracemalloc
from typing import Any

import pytest

LIMIT = 1 << 20  # VANBAN_MAX_UPLOAD_BYTES in the huge-file test (1 MB), the sparse file 64 times as large


def _sparse(path: Any, size: int) -> None:
    """A file of ``size`` bytes that takes no room on the disk (truncate -s): what anyone may leave in a folder."""
    with open(path, "wb") as f:
        f.truncate(size)


def _peak(fn: Any) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_huge_file_in_a_folder_is_refused_without_being_read_whole(
        client: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """SECURITY.md 85. `vanban ingest DIR` and the watched folder read a file whole before asking its size: a sparse
    file (`truncate -s 100G scan.pdf`: no room on the disk, a few bytes in a zip) left in a folder received from
    elsewhere, or in the scanner's share, was read into memory — the import or the intake poller killed, and the
    poller, meeting the file again at every poll, never got past it. A file is now read up to one byte beyond the
    upload limit (then refused as too large, with its message, like an upload); the other files are imported."""
    from services.cli import _collect
    from services.core.config import reset_settings
    from services.core.dispatch import wait_idle
    from services.ingest.runner import ingest_paths
    from services.registry import intake
    from services.search.service import index_documents

    monkeypatch.setenv("VANBAN_MAX_UPLOAD_BYTES", str(LIMIT))
    reset_settings()
    root = tmp_path / "ho-so-huyen"
    root.mkdir()
    (root / "cv-918.txt").write_text("Công văn số 918 về việc kiểm kê kho khokiemke918\n", encoding="utf-8")
    _sparse(root / "ban-quet.pdf", 64 * LIMIT)
    report, peak = _peak(lambda: ingest_paths([root / "ban-quet.pdf"], index_documents))
    assert peak < 8 * LIMIT, f"ingest DIR held {peak / LIMIT:.0f} MB for a file of 64 MB on the disk"
    assert report.new == 0 and report.failed == 1, report
    [(name, code, _msg)] = report.failures
    assert os.path.basename(name) == "ban-quet.pdf" and code == "too_large", report.failures
    report = ingest_paths(_collect([root]), index_documents)  # the whole folder: the other files go in
    wait_idle(60)
    assert report.new == 1 and report.failed == 1, report
    assert client.get("/search", params={"q": "khokiemke918"}).json()["total"] == 1  # control

    watch = tmp_path / "nhan"
    watch.mkdir()
    monkeypatch.setenv("VANBAN_REGISTRY_WATCH_DIR", str(watch))
    _sparse(watch / "ban-quet.pdf", 64 * LIMIT)
    past = time.time() - 10
    os.utime(watch / "ban-quet.pdf", (past, past))
    counts, peak = _peak(intake.poll_folder)
    assert counts == {"registered": 0, "failed": 1}, counts
    assert peak < 8 * LIMIT, f"the watched folder held {peak / LIMIT:.0f} MB for a file of 64 MB on the disk"
    assert not (watch / "ban-quet.pdf").exists()  # moved to loi/ with its note: the next poll goes on
    assert "too_large" in (watch / "loi" / "ban-quet.pdf.loi.txt").read_text(encoding="utf-8")


def _notice(number: int, day: int, subject: str, unit: str = "Sở Nội vụ") -> bytes:
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {number}/TB-UBND\nNghệ An, ngày {day:02d} tháng 11 năm 2026\n\n"
            f"THÔNG BÁO\n{subject}\n\n1. Giao {unit} chủ trì kiểm kê kho lưu trữ, hoàn thành trước ngày "
            f"30/12/2030.\n\nNơi nhận:\n- {unit};\n- Lưu: VT.\n").encode()


@pytest.mark.parametrize("engine_name", ["tantivy", "es"])
def test_a_document_tightened_and_not_yet_reindexed_takes_no_place_among_the_suggestions(
        engine_name: str, request: Any, anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 86. The suggest box reads the newest documents matching what is typed (SUGGEST_CANDIDATES, 50)
    inside the user's access filter, then drops those the database no longer lets her see (a tightening whose
    re-indexing is in flight) — after the cut: a notice just restricted to another unit took one of the places and
    pushed out an older visible document's suggestion, so what a unit officer was offered told that a document she
    may no longer see matches her words (the rule of search, finding 7: never filtered after paging). Now the
    documents tightened lately that she may not see, and any stale candidate, are excluded inside the engine query,
    as in search: the suggestions are those of the index re-built. (Four candidates here instead of fifty: the same
    cut with fewer notices.)"""
    from helpers.briefing import fast_headers, ingest, ok

    from services.core.config import get_settings
    from services.core.dispatch import wait_idle
    from services.search import es_engine, service, tantivy_engine

    if engine_name == "es":
        monkeypatch.setenv("VANBAN_ELASTICSEARCH_URL", request.getfixturevalue("elasticsearch_url"))
        get_settings.cache_clear()
    monkeypatch.setattr(tantivy_engine, "SUGGEST_CANDIDATES", 4)
    monkeypatch.setattr(es_engine, "SUGGEST_CANDIDATES", 4)
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau18b")
    nv = fast_headers("unit_staff", unit="Sở Nội vụ", clearance=0, username="cv-nv-dau18b")
    same = "Kết luận về việc kiểm kê kho goiy918"
    ingest(web, "b.txt", _notice(930, 2, same + " đợt hai"), clerk)  # the oldest: fifth of five
    for n in range(3):
        ingest(web, f"a{n}.txt", _notice(931 + n, 10 + n, same), clerk)
    secret = ingest(web, "h.txt", _notice(935, 20, same), clerk)  # the newest
    wait_idle(60)

    def offered() -> list[str]:
        return list(ok(web.get("/suggest", params={"q": "kiem ke kho goiy918", "limit": 20}, headers=nv))
                    ["suggestions"])

    assert not any("đợt hai" in s for s in offered()), offered()  # control: five candidates, four read
    real = service.index_documents
    monkeypatch.setattr(service, "index_documents", lambda *a, **k: 0)  # its re-indexing in flight
    ok(web.patch(f"/documents/{secret}/access", headers=clerk, json={"audience": "units", "units": ["Sở Tài chính"]}))
    wait_idle(60)
    assert web.get(f"/documents/{secret}", headers=nv).status_code == 404
    in_flight = offered()
    monkeypatch.setattr(service, "index_documents", real)
    real([secret])
    assert offered() == in_flight, (offered(), in_flight)
    assert any("đợt hai" in s for s in in_flight), in_flight  # the fifth visible one: nothing took its place


def test_a_files_name_carries_no_control_or_direction_characters(client: Any, tmp_path: Any) -> None:
    """SECURITY.md 87. A file's name is its sender's to write — a mailed attachment, a multipart upload, a name in a
    folder received from elsewhere — and was kept as written but for NUL: a right-to-left override made
    "bien-ban‮fdp.exe.txt" read "bien-bantxt.exe.pdf" in every list (the clerk downloads what she takes for a PDF),
    and terminal escapes in a name reached the operator's terminal through `vanban ingest` (a failure's line could be
    erased and the summary rewritten: "\\x1b[2K\\r" — 0 lỗi) and `vanban search`. Names are cleaned at the door now
    (controls and direction marks dropped, other spaces made spaces), and the CLI shows any such character of a
    path it read as an escape."""
    from typer.testing import CliRunner

    from services.cli import app
    from services.core.dispatch import wait_idle

    r = client.post("/documents", files=[("files", ("bien\x1b[31m-ban\u202efdp.exe.txt", b"Bien ban kiem ke tenfile918",
                                                    "text/plain"))])
    assert r.status_code == 202, r.text
    doc = r.json()["items"][0]["document_id"]
    wait_idle(60)
    name = client.get(f"/documents/{doc}").json()["filename"]
    assert name == "bien[31m-banfdp.exe.txt", repr(name)
    assert {h["filename"] for h in client.get("/search", params={"q": "tenfile918"}).json()["hits"]} == {name}

    root = tmp_path / "ho-so"
    root.mkdir()
    (root / "cv-918\x1b[2K\r  (không có lỗi).pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>\nhong")  # fails: unreadable PDF
    result = CliRunner().invoke(app, ["ingest", str(root)])
    wait_idle(60)
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output and "\r" not in result.output, repr(result.output)
    assert "cv-918\\x1b[2K\\r  (không có lỗi).pdf" in result.output, result.output  # the operator reads what it is


def test_a_tightening_whose_reindexing_was_lost_is_caught_up_before_search_trusts_the_index_again(
        anon_client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 88. Search distrusts a tightening's index entry for a day (finding 7: excluded from totals, facets
    and statistics while `search.index` catches up). That task gives up after its retries — about an hour and a half
    of Elasticsearch away or refusing writes (a full disk's read-only block, a long maintenance) — and nothing ever
    indexed the document again: a day later every user who had lost it counted it again in totals and facets (and
    ranking statistics) at its old access, until someone ran `vanban reindex`. The scheduler (beat) now re-indexes,
    every hour, the documents whose access changed within that day (`search.catch_up`), so the index has caught up
    long before the distrust ends."""
    from datetime import UTC, datetime, timedelta

    from helpers.briefing import fast_headers, ingest, ok
    from sqlalchemy import update

    from services.core.celery_app import celery_app
    from services.core.db import session_scope
    from services.core.dispatch import wait_idle
    from services.ingest.models import Document
    from services.search import service

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau18d")
    nv = fast_headers("unit_staff", unit="Sở Nội vụ", clearance=0, username="cv-nv-dau18d")
    ingest(web, "a.txt", _notice(940, 4, "Kết luận về việc kiểm kê kho batkip918"), clerk)
    later = ingest(web, "b.txt", _notice(941, 3, "Kết luận về việc kiểm kê kho batkip918 đợt hai"), clerk)

    def seen() -> tuple[int, Any]:  # a page of one, the newest: the other is counted, not shown
        found = ok(web.get("/search", params={"q": "batkip918", "sort": "date", "limit": 1}, headers=nv))
        return found["total"], found.get("facets")

    before = seen()
    assert before[0] == 2, before
    real = service.index_documents
    monkeypatch.setattr(service, "index_documents", lambda *a, **k: 0)  # its search.index gave up
    ok(web.patch(f"/documents/{later}/access", headers=clerk, json={"audience": "units", "units": ["Sở Tài chính"]}))
    wait_idle(60)
    monkeypatch.setattr(service, "index_documents", real)
    assert seen()[0] == 1  # within the day: distrusted (finding 7)
    scheduled = [e["task"] for e in celery_app.conf.beat_schedule.values() if e["task"].startswith("search.")]
    assert scheduled, celery_app.conf.beat_schedule  # the scheduler catches the index up
    for name in scheduled:
        celery_app.tasks[name].apply().get()
    with session_scope() as session:  # a day later: search trusts the index again
        session.execute(update(Document).where(Document.id == later)
                        .values(access_changed_at=datetime.now(UTC) - timedelta(days=2)))
    total, facets = seen()
    assert total == 1 and all(n <= 1 for f in (facets or {}).values() for n in f.values()), (total, facets)
    assert web.get(f"/documents/{later}", headers=nv).status_code == 404
