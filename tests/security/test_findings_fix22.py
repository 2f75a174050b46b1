"""SECURITY.md 131 (fix22): the commonest spellings of a collective ("Các sở, ban, ngành tỉnh", "… thuộc UBND tỉnh",
"… trên địa bàn tỉnh", "… cấp tỉnh", "Sở, ban, ngành", "Các đơn vị trực thuộc") passed for a unit: extraction
makes the first a plan's lead, and a clerk's accept of that proposal added it to the directory — a unit whose staff
would read every notice addressed to all departments. The accept is now refused (422 `collective_unit`), nothing is
written, and the task's lead stays the collective's name."""
from __future__ import annotations

from typing import Any

from helpers.briefing import fast_headers, ingest, ok
from helpers.notices import notice_text
from tests_support import office_today

SPELLINGS = ("Các sở, ban, ngành tỉnh", "các sở ban ngành tỉnh", "Các sở, ban, ngành thuộc UBND tỉnh",
             "Các sở, ban, ngành trên địa bàn tỉnh", "Các sở, ban, ngành cấp tỉnh", "Sở, ban, ngành",
             "Các đơn vị trực thuộc")


def _units(web: Any, headers: dict[str, str]) -> set[str]:
    r = web.get("/units", headers=headers)
    assert r.status_code == 200, r.text
    return {u["name"] for u in r.json()}


def test_a_clerk_cannot_accept_a_collective_in_its_common_spellings(anon_client: Any) -> None:
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-f22c")
    plan = notice_text("903/KH-UBND", office_today().strftime("%d/%m/%Y"), [
        "Các sở, ban, ngành tỉnh chủ trì triển khai kế hoạch chuyển đổi số năm 2026."], subject="Kế hoạch chuyển đổi số")
    doc = ingest(web, "kh-903.txt", plan.encode(), clerk)
    before = _units(web, clerk)
    for name in SPELLINGS:
        r = web.post("/units/proposals/accept", headers=clerk, json={"name": name})
        assert r.status_code == 422 and r.json()["error"]["code"] == "collective_unit", (name, r.text)
    assert _units(web, clerk) == before
    items = ok(web.get("/tasks", headers=clerk, params={"document_id": doc}))["items"]
    assert items and all(t.get("lead_unit_id") is None for t in items), items
    # a real unit new to the directory is still accepted
    ok(web.post("/units/proposals/accept", headers=clerk, json={"name": "Ban Quản lý dự án chuyển đổi số903"}))
    assert "Ban Quản lý dự án chuyển đổi số903" in _units(web, clerk)
