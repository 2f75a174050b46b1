"""From extraction to the inboxes: each task carries its confidence and sentence through the API and the review
queue; an unsure task waits for the clerk even when proposals are sent at extraction; a duty led by "các Sở: XD, TC"
reaches each department once, and each named unit reads the document. SQLite and PostgreSQL; invented notices."""
from __future__ import annotations

from typing import Any

import pytest
from helpers.briefing import fast_headers, inbox, ingest, ok, unit_ids
from helpers.notices import notice_text

from services.ingest.public import REVIEW_BELOW

BOTH = pytest.mark.usefixtures("db_backend")

CLEAR = ("Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm tại các bếp ăn tập thể khu công nghiệp, báo cáo UBND "
         "tỉnh trước ngày 20/6/2010.")
# an unknown company with a number in its name: the extractor is unsure of this lead
DOUBTFUL = "Giao Công ty TNHH Minh Phát 2024 khắc phục sự cố lưới điện."
FACTORED = ("Giao các Sở: XD, TC chủ trì, phối hợp với Sở Xây dựng và UBND TP Vinh kiểm tra chất lượng công trình nhà "
            "văn hóa các xã, hoàn thành trước ngày 30/7/2010.")


def _clerk_page(client: Any, path: str) -> str:
    """A clerk's page through the web interface (login with a password, then the page)."""
    from fastapi.testclient import TestClient
    from helpers.web import ui_login

    from services.app import create_app
    from services.core.auth import service as auth
    from services.core.db import session_factory

    with session_factory()() as session:
        auth.create_user(session, "vanthu-web", "mat-khau-web-123", "clerk", None, 3)
        session.commit()
    del client
    with TestClient(create_app()) as web:
        ui_login(web, "vanthu-web", "mat-khau-web-123", "/ui/")
        return str(web.get(path).text)


@BOTH
def test_unsure_tasks_wait_for_the_clerk_even_when_sent_at_extraction(client: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    fast_headers("unit_staff", "Sở Y tế", 0, "yte1")
    doc_id = ingest(client, "tb-9.txt", notice_text("9/TB-UBND", "02/06/2010", [CLEAR, DOUBTFUL]).encode(), clerk)

    extracted = ok(client.get(f"/documents/{doc_id}", headers=clerk))["tasks"]
    assert len(extracted) == 2
    for t in extracted:  # the API shows the confidence, the sentence and the decision it implies
        assert 0 < t["confidence"] <= 1 and t["sentence"] and t["needs_review"] == (t["confidence"] < REVIEW_BELOW)
    assert [t["needs_review"] for t in extracted] == [False, True]
    assert extracted[0]["lead_units"] == ["Sở Y tế"]

    sent = ok(client.get("/tasks", headers=clerk, params={"document_id": doc_id}))["items"]
    waiting = [t for t in ok(client.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc_id]
    assert [t["lead"] for t in sent if t["sent_at"]] == ["Sở Y tế"]
    assert [(t["lead"], t["needs_review"], t["sent_at"]) for t in waiting] == [
        ("Công ty TNHH Minh Phát 2024", True, None)]
    assert waiting[0]["confidence"] < REVIEW_BELOW and waiting[0]["sentence"].startswith("Giao Công ty TNHH Minh Phát")
    # with the reasons a clerk reads, the same in the document's view and in the queue; a sure task has none to show
    assert "Tên đơn vị chủ trì có chữ số" in waiting[0]["review_reasons"]
    assert extracted[1]["review_reasons"] == waiting[0]["review_reasons"] and not extracted[0]["review_reasons"]
    # the review page says why it waits, with the sentence it came from
    page = _clerk_page(client, "/ui/review")
    assert "Cần văn thư xem xét" in page and "Tên đơn vị chủ trì có chữ số" in page and "Câu gốc: “Giao Công ty TNHH Minh Phát 2024" in page
    # the clerk confirms it: then it is sent like any other
    r = ok(client.post(f"/tasks/{waiting[0]['id']}/confirm", headers=clerk))
    assert r["sent_at"] and r["needs_review"] is False


@BOTH
def test_a_factored_lead_reaches_each_department_once(client: Any) -> None:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    xd = fast_headers("unit_staff", "Sở Xây dựng", 0, "xd1")
    tc = fast_headers("unit_staff", "Sở Tài chính", 0, "tc1")
    vinh = fast_headers("unit_staff", "Ủy ban nhân dân thành phố Vinh", 0, "vinh1")
    yte = fast_headers("unit_staff", "Sở Y tế", 0, "yte1")
    doc_id = ingest(client, "tb-11.txt", notice_text("11/TB-UBND", "02/07/2010", [FACTORED]).encode(), clerk)
    [task] = ok(client.get(f"/documents/{doc_id}", headers=clerk))["tasks"]
    assert task["lead_units"] == ["Sở Xây dựng", "Sở Tài chính"]
    assert task["support_units"] == ["Sở Xây dựng", "Ủy ban nhân dân thành phố Vinh"]

    waiting = [t for t in ok(client.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc_id]
    assert sorted(t["lead"] for t in waiting) == ["Sở Tài chính", "Sở Xây dựng"]  # one proposal per lead
    for t in waiting:
        names = [u["name"] for u in t["units"]]
        assert len(names) == len(set(names)), names  # a lead is not also listed as supporting
        ok(client.post(f"/tasks/{t['id']}/confirm", headers=clerk))

    units = unit_ids(client, clerk)
    for headers, name, roles in ((xd, "Sở Xây dựng", ["lead"]), (tc, "Sở Tài chính", ["lead"]),
                                 (vinh, "Ủy ban nhân dân thành phố Vinh", ["support", "support"])):
        rows = inbox(client, units[name], headers)["items"]
        assert sorted(t["my_role"] for t in rows) == roles, (name, rows)
        assert len({t["id"] for t in rows}) == len(rows)
        assert ok(client.get(f"/documents/{doc_id}", headers=headers))["id"] == doc_id  # reads the document
    assert client.get(f"/documents/{doc_id}", headers=yte).status_code == 404  # not named: not shown
