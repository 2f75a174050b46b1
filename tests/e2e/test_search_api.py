"""The search API over HTTP: numbers, no-diacritics, facets, and "has open tasks" following briefing."""
from __future__ import annotations

from typing import Any

from services.core.dispatch import wait_idle

NOTICE = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 317/TB-UBND\nNghệ An, ngày 07 tháng 10 năm 2008\n\nTHÔNG BÁO\n"
          "Kết luận về cổng thông tin điện tử\n\nGiao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính đẩy nhanh dự án "
          "cổng thông tin điện tử, hoàn thành trước ngày 30/11/2008.\n")


def ids(r: Any) -> list[str]:
    assert r.status_code == 200, r.text
    return [h["document_id"] for h in r.json()["hits"]]


def test_search_numbers_accents_facets_and_open_tasks(client: Any) -> None:
    doc_id = client.post("/documents", files=[("files", ("tb.txt", NOTICE.encode(), "text/plain"))]
                         ).json()["items"][0]["document_id"]
    wait_idle(60)
    for q in ("317/TB-UBND", "317 tb ubnd", "tb-ubnd 317", "317/TB–UBND", "cong thong tin dien tu",
              "cổng thông tin điện tử", "UBND"):
        assert ids(client.get("/search", params={"q": q})) == [doc_id], q
    body = client.get("/search", params={"q": "cổng thông tin"}).json()
    assert body["facets"]["type"] == {"Thông báo": 1}
    assert any("<mark>" in h for h in body["hits"][0]["highlights"])
    assert ids(client.get("/search", params={"q": "cổng", "has_open_tasks": "true"})) == [doc_id]
    assert ids(client.get("/search", params={"q": "cổng", "has_open_tasks": "false"})) == []
    tasks = client.get("/tasks", params={"document_id": doc_id}).json()
    items = tasks["items"] if isinstance(tasks, dict) else tasks
    assert items, tasks
    for task in items:
        r = client.post(f"/tasks/{task['id']}/dismiss", json={"note": "không theo dõi"})
        assert r.status_code == 200, r.text
    wait_idle(60)
    assert ids(client.get("/search", params={"q": "cổng", "has_open_tasks": "false"})) == [doc_id]
    assert ids(client.get("/search", params={"q": "cổng", "has_open_tasks": "true"})) == []
