"""Fourteenth attack: the moments between this session's changes — ingest15's batch written in one go and redone with
a savepoint per document, play12's decline and sổ đến correction, search12's visible statistics kept across commits
(SECURITY.md 63). Each probe held; each is kept here as a regression test. Invented notices."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixtures.builders import make_docx_from_text
from tests_support import office_today

SECRET = """ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
MẬT
Số: {n}/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thử Nghiệm, ngày 0{d} tháng 5 năm 2025

THÔNG BÁO
Về việc rà soát kho lưu trữ biên giới đợt {n}

Giao Sở Nội vụ chủ trì rà soát kho lưu trữ biên giới đợt {n} trước ngày 30/9/2025.
"""


def test_nothing_of_a_confidential_document_shows_between_a_failed_batch_write_and_its_redo(
        db_backend: str, instance: Path, client: Any, monkeypatch: Any) -> None:
    """A batch holding a MẬT notice and a file whose write fails: the first attempt (in one go) writes the notice
    and is undone; at the moment the broken file fails, nothing of the notice is committed (still `extracting`, no
    level change, no task, no outbox message), nothing is searchable; after the redo it is MẬT, hidden from a unit
    user, and the broken file failed alone."""
    from sqlalchemy import func, select

    from services.briefing.models import Task
    from services.core.db import session_factory, session_scope
    from services.core.dispatch import wait_idle
    from services.ingest import identity, service
    from services.ingest.models import Document
    from services.ingest.tasks import run_process_many

    root = instance.parent / "in"
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in (1, 2):
        path = root / f"mat-{i}.docx"
        path.write_bytes(make_docx_from_text(SECRET.format(n=830 + i, d=i)))
        paths.append(path)
    with session_scope() as session:
        ids = [service.accept_upload(session, p.name, p.read_bytes(), source="cli", process=False).document.id  # type: ignore[union-attr]
               for p in paths]
    real_register = identity.register
    seen: list[dict[str, Any]] = []

    def register(session: Any, doc: Any, *args: Any, **kw: Any) -> Any:
        if doc.id == ids[1]:
            if not seen:  # the first attempt, in one go: the notice written, not committed
                other = session_factory()()
                try:
                    row = other.get(Document, ids[0])
                    tasks = other.scalar(select(func.count()).select_from(Task).where(Task.document_id == ids[0]))
                    seen.append({"status": row.status if row else None, "level": row.level if row else None,
                                 "tasks": tasks})
                finally:
                    other.close()
                seen[-1]["hits"] = client.get("/search", params={"q": "rà soát kho lưu trữ biên giới"}).json()["total"]
            raise RuntimeError("an unforeseen fault writing this document")
        return real_register(session, doc, *args, **kw)

    monkeypatch.setattr(identity, "register", register)
    result = run_process_many(ids)
    monkeypatch.setattr(identity, "register", real_register)
    assert seen and seen[0]["status"] == "extracting" and seen[0]["tasks"] == 0 and seen[0]["hits"] == 0, seen
    assert result["error_codes"] == {ids[1]: "internal_error"}, result
    wait_idle(60)
    with session_scope() as session:
        row = session.get(Document, ids[0])
        assert row is not None and row.status == "done" and row.level >= 1, (row.status, row.level)
    found = client.get("/search", params={"q": "rà soát kho lưu trữ biên giới"}).json()
    assert {h["document_id"] for h in found["hits"]} == {ids[0]}, found


def _two_tasks(day: Any, due: Any) -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 714/TB-UBND\n"
            f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n"
            "Kết luận về việc chuẩn bị mùa khô khodong714\n\n"
            "1. Giao Sở Xây dựng chủ trì, phối hợp với Sở Giao thông vận tải kiểm tra các hồ chứa khodong714, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n"
            "2. Giao Sở Tài chính chủ trì bố trí kinh phí chống hạn khodong714, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n").encode()


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_unit_that_returned_a_task_reads_none_of_its_reports_once_another_unit_has_it(
        db_backend: str, anon_client: Any) -> None:
    """Probe of play12's decline against SECURITY.md 59: Sở Xây dựng leads a task with Sở Giao thông vận tải
    cooperating; the cooperating unit reports with a file, Sở Xây dựng returns the task (not its remit), the clerk
    gives it to Sở Nội vụ, which reports. Sở Xây dựng still reads the notice (the text names it) and the task itself,
    but none of the reports — the cooperating unit's, its file, nor the new lead's; a return of a task it no longer
    leads is refused. Held (a regression test)."""
    import base64
    from datetime import timedelta

    from helpers.briefing import fast_headers, ingest, ok

    from services.core.dispatch import wait_idle

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau14a")
    xd = fast_headers("unit_head", unit="Sở Xây dựng", clearance=0, username="gd-xd-dau14a")
    gt = fast_headers("unit_staff", unit="Sở Giao thông vận tải", clearance=0, username="cv-gt-dau14a")
    nv = fast_headers("unit_head", unit="Sở Nội vụ", clearance=0, username="gd-nv-dau14a")
    doc = ingest(web, "tb-714.txt", _two_tasks(day, day + timedelta(days=20)), clerk)
    [task] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
              for t in ok(web.get("/tasks/review", headers=clerk))["items"]
              if t["document"]["id"] == doc and t["lead"] == "Sở Xây dựng"]
    sheet = base64.b64encode("Danh sách hồ yeu714\n".encode()).decode()
    ok(web.post(f"/tasks/{task['id']}/progress", headers=gt, json={
        "text": "Phần giao thông: đập yeu714 thấm", "percent": 20,
        "attachments": [{"filename": "ho.txt", "content_type": "text/plain", "content_base64": sheet}]}))
    detail = ok(web.get(f"/tasks/{task['id']}", headers=xd))
    assert "yeu714" in str(detail)  # control: the lead reads the cooperating unit's report
    [sha] = [a["sha256"] for e in detail["history"] for a in (e["detail"].get("attachments") or [])]
    ok(web.post(f"/tasks/{task['id']}/decline", headers=xd, json={"reason": "Không thuộc chức năng của Sở"}))
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Nội vụ"}))
    ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    wait_idle(60)
    ok(web.post(f"/tasks/{task['id']}/progress", headers=nv, json={"text": "Sở Nội vụ: nhân sự moi714",
                                                                   "percent": 10, "attachments": []}))
    assert web.get(f"/documents/{doc}", headers=xd).status_code == 200  # the notice names it
    seen = web.get(f"/tasks/{task['id']}", headers=xd)
    assert seen.status_code == 200 and "yeu714" not in seen.text and "moi714" not in seen.text, seen.text
    assert web.get(f"/tasks/{task['id']}/attachments/{sha}", headers=xd).status_code == 404
    assert web.post(f"/tasks/{task['id']}/decline", headers=xd, json={"reason": "lại"}).status_code in (403, 404, 409)
    now = ok(web.get(f"/tasks/{task['id']}", headers=nv))  # control: the new lead reads its task's reports
    assert "moi714" in str(now)


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_correction_of_a_register_line_never_moves_its_level_file_number_or_register(
        db_backend: str, anon_client: Any) -> None:
    """Probe of play12's PATCH /registry/incoming/{id}: a clerk sends, beside a subject, the level, the file, the
    số đến and the register of a secret line (and of another line): only the subject changes; a clerk of clearance
    Thường cannot correct the secret line (404, unchanged). Held (a regression test)."""
    from helpers.briefing import fast_headers, ok

    from services.core.dispatch import wait_idle

    web = anon_client
    top = fast_headers("clerk", clearance=3, username="vanthu3-dau14c")
    low = fast_headers("clerk", clearance=0, username="vanthu0-dau14c")
    text = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nMẬT\nSố: 92/TB-UBND\nNghệ An, ngày 03 tháng 10 năm 2024\n\nTHÔNG BÁO\n"
            "Kết luận về phương án kinhmat92\n")
    plain = text.replace("MẬT\n", "").replace("92/TB", "93/TB").replace("kinhmat92", "congkhai93")
    secret = ok(web.post("/registry/incoming", headers=top, data={
        "sender": "UBND tỉnh Nghệ An", "doc_number": "92/TB-UBND", "doc_date": "2024-10-03",
        "subject": "Phương án kinhmat92", "level": "1"}, files={"file": ("mat.txt", text.encode(), "text/plain")}), 201)
    other = ok(web.post("/registry/incoming", headers=top, data={
        "sender": "UBND tỉnh Nghệ An", "doc_number": "93/TB-UBND", "doc_date": "2024-10-03",
        "subject": "Phương án congkhai93"}, files={"file": ("tb.txt", plain.encode(), "text/plain")}), 201)
    wait_idle(60)
    assert secret["level"] == 1 and secret["register_id"] != other["register_id"], (secret, other)
    r = web.patch(f"/registry/incoming/{secret['id']}", headers=low, json={"subject": "đổi"})
    assert r.status_code == 404, r.text
    changed = ok(web.patch(f"/registry/incoming/{secret['id']}", headers=top, json={
        "subject": "Phương án kinhmat92 (sửa)", "level": 0, "document_id": other["document_id"],
        "number": other["number"], "register_id": other["register_id"], "channel": "email", "state": "handled"}))
    keep = ("level", "document_id", "number", "register_id", "channel", "state")
    assert {k: changed[k] for k in keep} == {k: secret[k] for k in keep}, changed
    assert changed["subject"] == "Phương án kinhmat92 (sửa)"
    assert web.get(f"/registry/incoming/{secret['id']}", headers=low).status_code == 404
    assert "kinhmat92" not in web.get("/registry/incoming", headers=low).text


def _notice(n: int, lead: str, words: str) -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n" f"Số: {n}/TB-UBND\nNghệ An, ngày 02 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
            f"Kết luận về việc {words}\n\n1. Giao {lead} chủ trì rà soát {words}, hoàn thành trước ngày 30/12/2025.\n"
            ).encode()


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_unit_taken_off_a_task_finds_the_same_order_totals_facets_and_suggestions_as_before(
        db_backend: str, anon_client: Any) -> None:
    """Probe of search12's visible statistics kept across commits against SECURITY.md 58: Sở Nội vụ searches while
    a notice is hidden from it, then while a clerk has named it on one of its tasks (the notice counts in its
    statistics: the order moves — the positive control), then after the clerk took it off again. The order, scores,
    totals, facets and suggestions are those it had before: nothing of the counts made while it read the notice
    survives its being taken off. Held (a regression test)."""
    from helpers.briefing import fast_headers, ingest, ok

    from services.core.dispatch import wait_idle

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau14d")
    nv = fast_headers("unit_staff", unit="Sở Nội vụ", clearance=0, username="cv-nv-dau14d")
    ingest(web, "v1.txt", _notice(801, "Sở Nội vụ", "kho hoanga714 hoanga714 hoangb714 một"), clerk)
    ingest(web, "v2.txt", _notice(802, "Sở Nội vụ", "kho hoanga714 hoangb714 hoangb714 hai"), clerk)
    ingest(web, "v3.txt", _notice(803, "Sở Nội vụ", "kho hoangb714 ba"), clerk)
    hidden = ingest(web, "d.txt", _notice(804, "Sở Tài chính", "kho hoanga714 hoanga714 hoangb714 bốn") +
                    "2. Giao Sở Xây dựng chủ trì sửa kho hoanga714, hoàn thành trước ngày 30/12/2025.\n".encode(),
                    clerk)
    assert web.get(f"/documents/{hidden}", headers=nv).status_code == 404

    def looks() -> dict[str, Any]:
        found = ok(web.get("/search", params={"q": "hoanga714 hoangb714", "limit": 20}, headers=nv))
        return {"hits": [(h["document_id"], h.get("score")) for h in found["hits"]], "total": found["total"],
                "facets": found.get("facets"),
                "suggest": web.get("/suggest", params={"q": "hoang"}, headers=nv).text}

    before = looks()
    assert before["total"] == 2 and "Not Found" not in before["suggest"], before
    [task] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
              for t in ok(web.get("/tasks/review", headers=clerk))["items"]
              if t["document"]["id"] == hidden and t["lead"] == "Sở Xây dựng"]
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Nội vụ"}))
    wait_idle(60)
    named = looks()
    assert named["total"] == 3 and hidden in [h for h, _ in named["hits"]], named  # control: it reads the notice
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Xây dựng"}))
    wait_idle(60)
    assert web.get(f"/documents/{hidden}", headers=nv).status_code == 404
    assert looks() == before
