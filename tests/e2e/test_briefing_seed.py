"""The seed scenario end to end over HTTP: Thông báo 317/TB-UBND of UBND tỉnh Nghệ An (07/10/2008) as a real DOCX
→ each department's inbox → the pack for the giao ban of 13/10/2008 → one task completed late, one overdue → the
progress report to the province and to the ministry shows exactly that (JSON and DOCX)."""
from __future__ import annotations

from typing import Any

import pytest
from helpers.briefing import confirm_all, fast_headers, inbox, ingest, ok, unit_ids
from helpers.docx_check import all_text, check_nd30_layout, find_table, open_docx
from helpers.notices import DEPARTMENTS, tb317_docx

pytestmark = pytest.mark.usefixtures("db_backend")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_seed_scenario(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_BRIEFING_ORG_PARENT", "UBND TỈNH NGHỆ AN")
    monkeypatch.setenv("VANBAN_BRIEFING_ORG_NAME", "VĂN PHÒNG")
    monkeypatch.setenv("VANBAN_BRIEFING_PLACE", "Nghệ An")
    clerk = fast_headers("clerk", username="vanthu")
    leader = fast_headers("leader", username="pct-ubnd")
    doc_id = ingest(client, "thong-bao-317.docx", tb317_docx(), clerk, DOCX)
    confirm_all(client, clerk, doc_id)
    units = unit_ids(client, clerk)
    staff = {name: fast_headers("unit_staff", name, 0, f"cv{i}") for i, name in enumerate(DEPARTMENTS)}

    # each department sees its own task in its inbox
    expected = {"Sở Xây dựng": ("2008-11-30", "Cổng thông tin điện tử"),
                "Sở Kế hoạch và Đầu tư": ("2008-10-31", "dịch vụ công trực tuyến"),
                "Sở Tài nguyên và Môi trường": ("2008-12-31", "cơ sở dữ liệu đất đai"),
                "Công an tỉnh": ("2008-12-15", "an toàn thông tin")}
    task_of: dict[str, str] = {}
    for name, (deadline, words) in expected.items():
        box = inbox(client, units[name], staff[name], role="lead")
        assert box["total"] == 1, (name, box)
        t = box["items"][0]
        assert t["deadline"] == deadline and words in t["action"], t
        assert t["document"]["number"] == "317/TB-UBND" and t["document"]["issued_date"] == "2008-10-07"
        task_of[name] = t["id"]
        # and nobody else's
        other = next(n for n in DEPARTMENTS if n != name)
        assert client.get(f"/units/{units[other]}/tasks", headers=staff[name]).status_code == 403
    # no task for the project allowed to lag, nor for anyone else
    everything = ok(client.get("/tasks", params={"document_id": doc_id}, headers=leader))
    assert sorted(t["lead"] for t in everything["items"]) == sorted(DEPARTMENTS)
    assert not any("quản lý văn bản" in t["action"] for t in everything["items"])
    # the cooperating department sees the two tasks it supports
    stttt = fast_headers("unit_staff", "Sở Thông tin và Truyền thông", 0, "cv-tttt")
    assert inbox(client, units["Sở Thông tin và Truyền thông"], stttt, role="support")["total"] == 2

    # the giao ban of 13/10/2008
    meeting = ok(client.post("/meetings", headers=clerk, json={
        "title": "Giao ban UBND tỉnh ngày 13/10/2008", "meeting_date": "2008-10-13",
        "chair": "Phó Chủ tịch UBND tỉnh", "unit_ids": [units[n] for n in DEPARTMENTS],
        "next_date": "2008-11-03"}), 201)
    pack = ok(client.get(f"/meetings/{meeting['id']}/pack", params={"as_of": "2008-10-13"}, headers=leader))
    by_unit = {u["unit"]["name"]: u for u in pack["units"]}
    assert set(by_unit) == set(DEPARTMENTS)
    for name in DEPARTMENTS:
        section = by_unit[name]
        assert [t["id"] for t in section["assigned_since"]] == [task_of[name]]
        assert [d["number"] for d in section["directives"]] == ["317/TB-UBND"]
        assert section["overdue"] == [] and section["completed_late"] == []
    assert [t["id"] for t in by_unit["Sở Kế hoạch và Đầu tư"]["due_before_next"]] == [task_of["Sở Kế hoạch và Đầu tư"]]
    assert pack["totals"] == {"total": 4, "completed_on_time": 0, "completed_late": 0, "in_progress": 4,
                              "overdue": 0, "extended": 0, "completion_rate": 0.0, "on_time_rate": 0.0}
    r = client.get(f"/meetings/{meeting['id']}/pack.docx", params={"as_of": "2008-10-13"}, headers=leader)
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    doc = open_docx(r.content)
    check_nd30_layout(doc, "Nghệ An, ngày 13 tháng 10 năm 2008", "VĂN PHÒNG")
    text = all_text(doc)
    assert "UBND TỈNH NGHỆ AN" in text and "Giao ban UBND tỉnh ngày 13/10/2008" in text
    for name in DEPARTMENTS:
        assert name in text
    assert find_table(doc, "Đơn vị")[-1] == ["Tổng cộng", "4", "0", "0", "4", "0", "0", "0,0"]

    # Sở Xây dựng finishes five days late; Sở Kế hoạch và Đầu tư lets its deadline pass
    xd = task_of["Sở Xây dựng"]
    ok(client.post(f"/tasks/{xd}/acknowledge", headers=staff["Sở Xây dựng"]))
    ok(client.post(f"/tasks/{xd}/progress", json={"text": "Đã hoàn thiện hồ sơ thiết kế.", "percent": 60},
                   headers=staff["Sở Xây dựng"]))
    ok(client.post(f"/tasks/{xd}/complete", json={"completed_on": "2008-12-05", "text": "Đã hoàn thành."},
                   headers=staff["Sở Xây dựng"]))
    ok(client.post(f"/tasks/{xd}/accept", json={"note": "Đồng ý."}, headers=leader))

    report = ok(client.get("/reports/progress", params={"as_of": "2008-12-10"}, headers=leader))
    assert report["totals"] == {"total": 4, "completed_on_time": 0, "completed_late": 1, "in_progress": 2,
                                "overdue": 1, "extended": 0, "completion_rate": 25.0,
                                "on_time_rate": 0.0}
    assert [(t["id"], t["days_late"], t["completed_on"]) for t in report["completed_late"]] == [(xd, 5, "2008-12-05")]
    kh = task_of["Sở Kế hoạch và Đầu tư"]
    assert [(t["id"], t["days_late"]) for t in report["overdue"]] == [(kh, 40)]
    assert {t["id"] for t in report["in_progress"]} == {task_of["Sở Tài nguyên và Môi trường"],
                                                        task_of["Công an tỉnh"]}
    assert report["completed_on_time"] == []
    # the lagging unit's own report covers only its own task
    mine = ok(client.get("/reports/progress", params={"as_of": "2008-12-10"}, headers=staff["Sở Kế hoạch và Đầu tư"]))
    assert mine["totals"]["total"] == 1 and mine["totals"]["overdue"] == 1

    for recipient in ("UBND tỉnh Nghệ An", "Bộ Thông tin và Truyền thông"):
        r = client.get("/reports/progress.docx", params={"as_of": "2008-12-10", "recipient": recipient},
                       headers=leader)
        assert r.status_code == 200, r.text
        doc = open_docx(r.content)
        check_nd30_layout(doc, "Nghệ An, ngày 10 tháng 12 năm 2008", "VĂN PHÒNG")
        text = all_text(doc)
        assert f"Kính gửi: {recipient}." in text
        assert "Đã hoàn thành nhưng quá hạn: 1 nhiệm vụ." in text and "Quá hạn chưa hoàn thành: 1 nhiệm vụ." in text
        assert "Đang thực hiện trong hạn: 2 nhiệm vụ." in text and "Đã hoàn thành đúng hạn: 0 nhiệm vụ." in text
        rows = find_table(doc, "Đơn vị")
        assert rows[-1] == ["Tổng cộng", "4", "0", "1", "2", "1", "0", "25,0"]
        assert ["Sở Xây dựng", "1", "0", "1", "0", "0", "0", "100,0"] in rows
        assert ["Sở Kế hoạch và Đầu tư", "1", "0", "0", "0", "1", "0", "0,0"] in rows

    # the pack for the meeting, seen later, shows the same
    later = ok(client.get(f"/meetings/{meeting['id']}/pack", params={"as_of": "2008-12-10"}, headers=leader))
    by_unit = {u["unit"]["name"]: u for u in later["units"]}
    assert [(t["id"], t["days_late"]) for t in by_unit["Sở Xây dựng"]["completed_late"]] == [(xd, 5)]
    assert [(t["id"], t["days_late"]) for t in by_unit["Sở Kế hoạch và Đầu tư"]["overdue"]] == [(kh, 40)]
    # every export was audited
    audit = ok(client.get("/audit", params={"action": "export", "limit": 50}))
    exported = sorted((e["object_type"], e["detail"]["format"]) for e in audit["items"])
    assert exported == sorted([("meeting_pack", "json")] * 2 + [("meeting_pack", "docx")]
                              + [("progress_report", "json")] * 2 + [("progress_report", "docx")] * 2)
