"""`vanban reprocess` after an upgrade of the understanding rules, on the embedded default: the documents read by an
older version are read again in batches — a confidential level known before is never lowered, and every decision a
clerk made on their tasks (confirmed, edited, rejected, split, merged) stays as the clerk left it, although the new
rules read those tasks differently; run again, it has nothing left to do (resumable, idempotent). One instance for
the whole module: one scenario, step by step."""
from __future__ import annotations

from typing import Any

import pytest
from helpers.briefing import fast_headers, ingest, ok
from helpers.notices import notice_text
from typer.testing import CliRunner

from services.cli import app
from services.core.dispatch import wait_idle
from services.ingest.understanding.version import UNDERSTANDING_VERSION

ITEMS = [
    "Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm tại các chợ đầu mối, hoàn thành trước ngày 20/11/2025.",
    "Giao Sở Giáo dục và Đào tạo tổng hợp tình hình thi đua của các trường, hoàn thành trước ngày 25/11/2025.",
    "Giao Sở Giao thông vận tải chủ trì sửa chữa cầu Bến Thủy, hoàn thành trước ngày 30/12/2025.",
    "Giao Sở Nội vụ chủ trì rà soát biên chế các đơn vị sự nghiệp, hoàn thành trước ngày 15/12/2025.",
    "Giao Sở Tài chính chủ trì thẩm định dự toán mua sắm thiết bị y tế, hoàn thành trước ngày 10/12/2025.",
    "Giao Sở Xây dựng chủ trì thẩm định thiết kế nhà thi đấu tỉnh, hoàn thành trước ngày 12/12/2025.",
    "Giao Sở Công Thương chủ trì kiểm tra giá xăng dầu trên địa bàn, hoàn thành trước ngày 05/12/2025.",
]
NEW_WORDING = " theo kế hoạch"  # what the "new rules" read further into every action


def _documents(ids: list[str]) -> dict[str, Any]:
    from sqlalchemy import select

    from services.core.db import session_factory
    from services.ingest.models import Document

    with session_factory()() as session:
        return {d.id: (d.understanding_version, d.level, d.status)
                for d in session.scalars(select(Document).where(Document.id.in_(ids)))}


def _set(ids: list[str], **values: Any) -> None:
    """As the database holds documents read before this version (or left by an interrupted run)."""
    from sqlalchemy import update

    from services.core.db import session_scope
    from services.ingest.models import Document

    with session_scope() as session:
        session.execute(update(Document).where(Document.id.in_(ids)).values(**values))


def _tasks(client: Any, clerk: dict[str, str], doc: str) -> list[dict[str, Any]]:
    r = client.get("/tasks", params={"document_id": doc, "limit": 100, "include_inactive": True}, headers=clerk)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def _tasks_by_id(client: Any, clerk: dict[str, str], ids: list[str]) -> dict[str, dict[str, Any]]:
    return {i: ok(client.get(f"/tasks/{i}", headers=clerk)) for i in ids}


def test_reprocess_rereads_old_documents_and_keeps_access_and_the_clerks_decisions(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    runner = CliRunner()
    doc = ingest(client, "tb-41.txt", notice_text("41/TB-UBND", "03/11/2025", ITEMS).encode(), clerk)
    secret = ingest(client, "tb-42.txt", notice_text("42/TB-UBND", "04/11/2025", ITEMS[:1]).encode(), clerk)
    copied = ingest(client, "tb-43.txt", notice_text("43/TB-UBND", "05/11/2025", ITEMS[1:2]).encode(), clerk)
    current = ingest(client, "tb-44.txt", notice_text("44/TB-UBND", "06/11/2025", ITEMS[2:3]).encode(), clerk)
    every = [doc, secret, copied, current]
    assert {v for v, _, _ in _documents(every).values()} == {UNDERSTANDING_VERSION}  # set by each reading

    # the clerk's decisions on the proposals of the notice, one of each kind (one left to the extraction)
    tasks = {t["lead"]: t for t in _tasks(client, clerk, doc)}
    assert len(tasks) == 7, sorted(tasks)
    confirmed = ok(client.post(f"/tasks/{tasks['Sở Y tế']['id']}/confirm", headers=clerk))
    edited = ok(client.patch(f"/tasks/{tasks['Sở Giáo dục và Đào tạo']['id']}", headers=clerk,
                             json={"action": "tổng hợp thi đua khối trường học"}))
    rejected = ok(client.post(f"/tasks/{tasks['Sở Giao thông vận tải']['id']}/dismiss", headers=clerk,
                              json={"note": "Đã giao ở văn bản khác."}))
    parts = client.post(f"/tasks/{tasks['Sở Nội vụ']['id']}/split", headers=clerk, json={"parts": [
        {"action": "rà soát biên chế khối y tế", "lead": "Sở Nội vụ", "deadline": "2025-12-10"},
        {"action": "rà soát biên chế khối giáo dục", "lead": "Sở Nội vụ", "deadline": "2025-12-15"}]})
    assert parts.status_code == 201, parts.text
    merged = client.post("/tasks/merge", headers=clerk,
                         json={"task_ids": [tasks["Sở Tài chính"]["id"], tasks["Sở Xây dựng"]["id"]]})
    assert merged.status_code == 201, merged.text
    decided = [confirmed["id"], edited["id"], rejected["id"], tasks["Sở Nội vụ"]["id"], tasks["Sở Tài chính"]["id"],
               tasks["Sở Xây dựng"]["id"], merged.json()["id"], *[p["id"] for p in parts.json()]]
    before = _tasks_by_id(client, clerk, decided)
    wait_idle(60)

    # access known before the upgrade: a clerk's level, and one raised without a clerk (a copy's inherited level)
    ok(client.patch(f"/documents/{secret}/access", headers=clerk, json={"level": 2}))
    wait_idle(60)
    _set([copied], level=1)
    # the first three were read by an older version; the fourth already by this one
    _set([doc, secret, copied], understanding_version=None)

    # /readyz says it (documents of known level Thường only: anyone may ask it), and what to run
    ready = client.get("/readyz").json()
    assert ready["understanding"] == "1 văn bản được đọc bằng phiên bản cũ, chạy `vanban reprocess --stale`", ready

    dry = runner.invoke(app, ["reprocess", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"3 văn bản sẽ được đọc lại bằng phiên bản {UNDERSTANDING_VERSION} (3 bản chưa ghi phiên bản)" in dry.output
    assert {d: v for d, (v, _, _) in _documents(every).items()} == {doc: None, secret: None, copied: None,
                                                                     current: UNDERSTANDING_VERSION}  # nothing changed
    future = runner.invoke(app, ["reprocess", "--since", "2999-01-01", "--dry-run"])
    assert future.exit_code == 0 and future.output.startswith("0 văn bản sẽ được đọc lại"), future.output
    bad = runner.invoke(app, ["reprocess", "--since", "03/11/2025"])
    assert bad.exit_code == 2 and "không hợp lệ" in bad.output, bad.output

    # the upgrade: the new rules read every task's action a little further
    import services.ingest.understanding as understanding

    older = understanding.understand

    def newer(text: str) -> Any:
        info = older(text)
        for t in info.tasks:
            t.action = (t.action or t.sentence) + NEW_WORDING
        return info

    monkeypatch.setattr(understanding, "understand", newer)
    result = runner.invoke(app, ["reprocess", "--stale", "--batch", "2"])  # two batches
    wait_idle(60)
    assert result.exit_code == 0, result.output
    assert f"3 văn bản đã được đọc lại bằng phiên bản {UNDERSTANDING_VERSION}; còn 0" in result.output, result.output
    after = _documents(every)
    assert {v for v, _, _ in after.values()} == {UNDERSTANDING_VERSION}
    assert {d: (lv, st) for d, (_, lv, st) in after.items()} == {doc: (0, "done"), secret: (2, "done"),
                                                                 copied: (1, "done"), current: (0, "done")}

    # every decision stays as the clerk left it: the same tasks, states, actions, units and deadlines
    now = _tasks_by_id(client, clerk, decided)
    for task_id, was in before.items():
        for field in ("state", "action", "lead", "support", "deadline", "confirmed", "origin", "parent_id"):
            assert now[task_id][field] == was[field], (field, was, now[task_id])
    assert now[rejected["id"]]["state"] == "dismissed"
    assert now[tasks["Sở Nội vụ"]["id"]]["state"] == "split"
    assert {now[tasks["Sở Tài chính"]["id"]]["state"], now[tasks["Sở Xây dựng"]["id"]]["state"]} == {"merged"}
    # … and no proposal comes back beside them: only the task nobody decided follows the new reading
    listed = _tasks(client, clerk, doc)
    followed = [t for t in listed if t["id"] not in decided]
    assert [(t["lead"], t["action"].endswith(NEW_WORDING), t["origin"]) for t in followed] == \
        [("Sở Công Thương", True, "extracted")], listed
    assert not any(t["action"].endswith(NEW_WORDING) for t in now.values())

    # run again: nothing left (idempotent); an interrupted run's document, left queued, is picked up (resumable)
    again = runner.invoke(app, ["reprocess"])
    assert again.exit_code == 0 and again.output.startswith("0 văn bản đã được đọc lại"), again.output
    since = runner.invoke(app, ["reprocess", "--since", "2000-01-01", "--dry-run"])  # any version: all four
    assert since.output.startswith(f"4 văn bản sẽ được đọc lại bằng phiên bản {UNDERSTANDING_VERSION} (4 bản phiên"), \
        since.output
    stale_since = runner.invoke(app, ["reprocess", "--stale", "--since", "2000-01-01", "--dry-run"])
    assert stale_since.output.startswith("0 văn bản sẽ được đọc lại"), stale_since.output
    _set([copied], understanding_version=None, status="queued")
    resumed = runner.invoke(app, ["reprocess"])
    wait_idle(60)
    assert resumed.exit_code == 0 and resumed.output.startswith("1 văn bản đã được đọc lại"), resumed.output
    assert _documents([copied])[copied] == (UNDERSTANDING_VERSION, 1, "done")
    assert client.get("/readyz").json()["understanding"] == "ok"
