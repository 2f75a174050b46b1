"""Cooperating units and office holders as a clerk meets them in 2025 documents (rules32, issue 11): "phối hợp với
UBND các xã, phường" held the clerk's 'Xác nhận' back ("là tên chung"), and a task "Giám đốc Sở Tư pháp chủ trì"
went to a proposed unit "Giám đốc Sở Tư pháp" instead of the department's inbox."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from helpers.briefing import fast_headers, inbox, ingest, ok, unit_ids
from helpers.notices import notice_text
from tests_support import office_today


def test_an_office_holder_leads_for_the_department_and_a_general_partner_holds_nothing_back(anon_client: Any) -> None:
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=40)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-r32")
    tp = fast_headers("unit_staff", unit="Sở Tư pháp", clearance=0, username="cv-tp-r32")
    doc = ingest(web, "tb-532.txt", notice_text("532/TB-UBND", day.strftime("%d/%m/%Y"), [
        "Giao Giám đốc Sở Tư pháp chủ trì, phối hợp với Chủ tịch UBND các xã, phường niêm yết công khai danh mục thủ "
        f"tục hành chính tại Bộ phận Một cửa, hoàn thành trước ngày {due}."]).encode(), clerk)
    proposed = [p["name"] for p in ok_list(web.get("/units/proposals", headers=clerk))]
    assert not [p for p in proposed if "Giám đốc" in p or "Chủ tịch" in p or "các xã" in p], proposed
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["lead"] == "Sở Tư pháp", task  # the department the office holder heads
    sent = ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    assert sent["sent_at"], sent
    units = unit_ids(web, clerk)
    mine = [t for t in inbox(web, units["Sở Tư pháp"], tp)["items"] if t["document"]["id"] == doc]
    assert [t["id"] for t in mine] == [task["id"]], mine
    # the communes stay on the task as written; editing it makes no unit of them either
    edited = ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"action": sent["action"] + " "}))
    assert any("các xã, phường" in s for s in edited["support"]), edited
    assert not [u for u in unit_ids(web, clerk) if "các xã" in u or "Chủ tịch" in u or "Giám đốc" in u]


def ok_list(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 200, r.text
    return list(r.json())
