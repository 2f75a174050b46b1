"""The briefing API over HTTP, on SQLite and on real PostgreSQL: inboxes, access, follow-up with history,
people's decisions surviving reprocessing, meetings."""
from __future__ import annotations

from typing import Any

import pytest
from helpers.briefing import confirm_all, error_code, fast_headers, inbox, ingest, ok, unit_ids
from helpers.docx_check import all_text, open_docx
from helpers.notices import notice_text

from services.core.dispatch import wait_idle

BOTH = pytest.mark.usefixtures("db_backend")  # SQLite and PostgreSQL where SQL matters; SQLite elsewhere

ITEMS = [
    "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra an toàn thực phẩm, báo cáo UBND tỉnh trước ngày "
    "20/11/2008.",
    "Giao Sở Giáo dục và Đào tạo tổng hợp tình hình thi đua, báo cáo UBND tỉnh vào ngày 25 hằng tháng.",
    "Giao Sở Giao thông vận tải chủ trì sửa chữa Quốc lộ 1A đoạn qua thành phố Vinh, hoàn thành trước ngày "
    "30/12/2008.",
]


@pytest.fixture
def setup(client: Any) -> dict[str, Any]:
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    doc_id = ingest(client, "tb-12.txt", notice_text("12/TB-UBND", "05/11/2008", ITEMS).encode(), clerk)
    assert confirm_all(client, clerk, doc_id)
    units = unit_ids(client, clerk)
    return {"clerk": clerk, "doc": doc_id, "units": units,
            "yte": fast_headers("unit_staff", "Sở Y tế", 0, "yte1"),
            "gd": fast_headers("unit_staff", "Sở Giáo dục và Đào tạo", 0, "gd1"),
            "tc": fast_headers("unit_staff", "Sở Tài chính", 0, "tc1"),
            "leader": fast_headers("leader", clearance=3, username="lanhdao")}


def test_every_endpoint_needs_login(anon_client: Any) -> None:
    for path in ("/units", "/units/x/tasks", "/tasks", "/tasks/x", "/meetings", "/meetings/x/pack",
                 "/meetings/x/pack.docx", "/reports/progress", "/reports/progress.docx"):
        assert anon_client.get(path).status_code == 401, path
    assert anon_client.post("/tasks/x/acknowledge").status_code == 401
    assert anon_client.post("/meetings", json={"title": "x", "meeting_date": "2008-10-13"}).status_code == 401


@BOTH
def test_inboxes_follow_the_documents_and_the_access_policy(client: Any, setup: dict[str, Any]) -> None:
    units = setup["units"]
    yte = inbox(client, units["Sở Y tế"], setup["yte"])
    assert yte["total"] == 1
    task = yte["items"][0]
    assert task["lead"] == "Sở Y tế" and task["support"] == ["Sở Tài chính"]
    assert task["deadline"] == "2008-11-20" and task["assigned_on"] == "2008-11-05"
    assert task["document"]["number"] == "12/TB-UBND" and task["confirmed"] is True
    assert task["state"] == "open" and task["origin"] == "extracted"
    # the supporting unit sees it too, with its role
    tc = inbox(client, units["Sở Tài chính"], setup["tc"])
    assert [t["id"] for t in tc["items"]] == [task["id"]]
    assert inbox(client, units["Sở Tài chính"], setup["tc"], role="lead")["total"] == 0
    assert task["my_role"] == "lead" and tc["items"][0]["my_role"] == "support"
    # a recurring duty gets its first occurrence
    gd = inbox(client, units["Sở Giáo dục và Đào tạo"], setup["gd"])["items"][0]
    assert gd["recurrence"] and gd["deadline"] == "2008-11-25"
    # the due window
    everyone = client.get("/tasks", params={"due_from": "2008-11-21", "due_to": "2008-12-31"}).json()
    assert sorted(t["deadline"] for t in everyone["items"]) == ["2008-11-25", "2008-12-30"]
    assert inbox(client, units["Sở Y tế"], setup["yte"], due_to="2008-11-19")["total"] == 0
    assert inbox(client, units["Sở Y tế"], setup["yte"], status="due_soon", as_of="2008-11-16")["total"] == 1
    assert inbox(client, units["Sở Y tế"], setup["yte"], status="due_soon", as_of="2008-11-14")["total"] == 0
    # running the sync again changes nothing
    from services.core.dispatch import enqueue

    enqueue("briefing.sync_document", setup["doc"])
    wait_idle(60)
    assert inbox(client, units["Sở Y tế"], setup["yte"])["items"][0]["id"] == task["id"]
    assert client.get("/tasks", params={"document_id": setup["doc"]}).json()["total"] == 3

    # unit staff open only their own inbox
    r = client.get(f"/units/{units['Sở Giáo dục và Đào tạo']}/tasks", headers=setup["yte"])
    assert error_code(r, 403) == "forbidden"
    assert error_code(client.get("/units/khong-co/tasks"), 404) == "not_found"
    # /tasks for a unit role is its own inbox whatever it asks
    mine = ok(client.get("/tasks", headers=setup["yte"]))
    assert mine["total"] == 1 and mine["items"][0]["lead"] == "Sở Y tế"
    assert client.get("/tasks", headers=setup["yte"],
                      params={"unit_id": units["Sở Giáo dục và Đào tạo"]}).status_code == 403
    # /units lists only their unit
    assert [u["name"] for u in ok_list(client.get("/units", headers=setup["yte"]))] == ["Sở Y tế"]

    # confidential and restricted documents stay hidden
    clerk, doc = setup["clerk"], setup["doc"]
    task_id = inbox(client, units["Sở Y tế"], setup["yte"])["items"][0]["id"]
    # Mật: a unit staff member with clearance 0 no longer sees it, anywhere
    ok(client.patch(f"/documents/{doc}/access", json={"level": 1}, headers=clerk))
    wait_idle(60)
    assert inbox(client, units["Sở Y tế"], setup["yte"])["total"] == 0
    assert client.get(f"/tasks/{task_id}", headers=setup["yte"]).status_code == 404
    assert client.post(f"/tasks/{task_id}/acknowledge", headers=setup["yte"]).status_code == 404
    cleared = fast_headers("unit_staff", "Sở Y tế", 1, "yte-mat")
    assert inbox(client, units["Sở Y tế"], cleared)["total"] == 1
    # audience restricted to other units: even the assigned unit's staff no longer see it
    ok(client.patch(f"/documents/{doc}/access", json={"level": 0, "audience": "units",  # lowering: a leader
                                                       "units": ["Sở Giáo dục và Đào tạo"]}, headers=setup["leader"]))
    wait_idle(60)
    assert inbox(client, units["Sở Y tế"], cleared)["total"] == 0
    assert inbox(client, units["Sở Giáo dục và Đào tạo"], setup["gd"])["total"] == 1
    # leaders see everything up to their clearance; the pagination total counts only visible tasks
    low_leader = fast_headers("leader", clearance=0, username="ld0")
    assert client.get("/tasks", headers=low_leader).json()["total"] == 3
    ok(client.patch(f"/documents/{doc}/access", json={"level": 2}, headers=clerk))
    wait_idle(60)
    assert client.get("/tasks", headers=low_leader).json()["total"] == 0
    assert client.get("/tasks", headers=setup["leader"]).json()["total"] == 3


@BOTH
def test_follow_up_with_history_and_recurrence(client: Any, setup: dict[str, Any]) -> None:
    units, yte, leader = setup["units"], setup["yte"], setup["leader"]
    tid = inbox(client, units["Sở Y tế"], yte)["items"][0]["id"]
    assert ok(client.post(f"/tasks/{tid}/acknowledge", headers=yte))["state"] == "acknowledged"
    # the supporting unit reports its own part, but does not acknowledge, complete nor ask for an extension
    assert error_code(client.post(f"/tasks/{tid}/acknowledge", headers=setup["tc"]), 403) == "forbidden"
    part = ok(client.post(f"/tasks/{tid}/progress", json={"text": "Sở Tài chính đã bố trí kinh phí.", "percent": 100},
                          headers=setup["tc"]))
    assert part["progress_percent"] == 0  # a cooperating unit never sets the lead's progress
    assert [(u["name"], u["progress_percent"]) for u in part["units"] if u["role"] == "support"] == [
        ("Sở Tài chính", 100)]
    assert error_code(client.post(f"/tasks/{tid}/complete", json={}, headers=setup["tc"]), 403) == "forbidden"
    # another unit may not touch it at all
    assert client.post(f"/tasks/{tid}/progress", json={"text": "x"}, headers=setup["gd"]).status_code == 403
    import base64

    att = {"filename": "bien-ban-kiem-tra.txt", "content_base64": base64.b64encode("Biên bản".encode()).decode(),
           "content_type": "text/plain"}
    t = ok(client.post(f"/tasks/{tid}/progress", json={"text": "Đã kiểm tra 12 cơ sở.", "percent": 40,
                                                          "attachments": [att]}, headers=yte))
    assert t["progress_percent"] == 40 and t["state"] == "in_progress"
    sha = t["history"][-1]["detail"]["attachments"][0]["sha256"]
    r = client.get(f"/tasks/{tid}/attachments/{sha}", headers=yte)
    assert r.status_code == 200 and r.content == "Biên bản".encode()
    # extension: asked before the deadline only (QĐ 42/2014); this one's passed long ago
    r = client.post(f"/tasks/{tid}/extension", json={"new_deadline": "2008-11-30", "reason": "Chờ kết quả."},
                    headers=yte)
    assert error_code(r, 409) == "extension_too_late"
    # completion: reported, returned with a reason, reported again, accepted
    t = ok(client.post(f"/tasks/{tid}/complete", json={"completed_on": "2008-11-28", "text": "Xong."}, headers=yte))
    assert t["state"] == "completion_reported" and t["completed_on"] is None
    t = ok(client.post(f"/tasks/{tid}/return", json={"note": "Thiếu số liệu huyện Quỳnh Lưu."}, headers=leader))
    assert t["state"] == "in_progress"
    ok(client.post(f"/tasks/{tid}/complete", json={"completed_on": "2008-12-02"}, headers=yte))
    assert client.post(f"/tasks/{tid}/accept", json={}, headers=yte).status_code == 403
    t = ok(client.post(f"/tasks/{tid}/accept", json={}, headers=leader))
    assert t["state"] == "completed" and t["completed_on"] == "2008-12-02" and t["status"] == "completed_late"
    assert t["days_late"] == 12 and t["original_deadline"] == "2008-11-20"
    kinds = [(e["kind"], e["username"]) for e in t["history"]]
    assert kinds == [("proposed", "hệ thống"), ("confirmed", "vanthu"), ("acknowledged", "yte1"),
                     ("contribution", "tc1"), ("progress", "yte1"),
                     ("completion_reported", "yte1"), ("completion_returned", "lanhdao"),
                     ("completion_reported", "yte1"), ("completion_accepted", "lanhdao")]
    assert all(e["at"] for e in t["history"])
    assert error_code(client.post(f"/tasks/{tid}/progress", json={"text": "x"}, headers=yte), 409) == "task_completed"
    # status filters, evaluated in SQL before paging
    y = units["Sở Y tế"]
    assert inbox(client, y, yte, status="completed_late")["total"] == 1
    assert inbox(client, y, yte, status="completed_late", as_of="2008-12-01")["total"] == 0
    assert inbox(client, y, yte, status="overdue", as_of="2008-11-21")["total"] == 1

    # a recurring task creates its next occurrence when completed
    gd = setup["gd"]
    gd_unit = units["Sở Giáo dục và Đào tạo"]
    tid = inbox(client, gd_unit, gd)["items"][0]["id"]
    ok(client.post(f"/tasks/{tid}/complete", json={"completed_on": "2008-11-24"}, headers=gd))
    ok(client.post(f"/tasks/{tid}/accept", json={}, headers=leader))
    items = inbox(client, gd_unit, gd)["items"]
    assert [(t["deadline"], t["state"]) for t in items] == [("2008-11-25", "completed"), ("2008-12-25", "open")]
    assert items[1]["origin"] == "recurrence" and items[1]["parent_id"] == tid


def test_people_decide_and_their_decisions_survive_reprocessing(client: Any, setup: dict[str, Any]) -> None:
    clerk, doc, units = setup["clerk"], setup["doc"], setup["units"]
    tasks = {t["lead"]: t for t in client.get("/tasks", params={"document_id": doc}).json()["items"]}
    yte, gd, gt = tasks["Sở Y tế"], tasks["Sở Giáo dục và Đào tạo"], tasks["Sở Giao thông vận tải"]
    # unit staff cannot decide
    assert client.patch(f"/tasks/{yte['id']}", json={"deadline": "2008-11-25"}, headers=setup["yte"]).status_code \
        == 403
    # once confirmed and sent, the deadline moves only by extension or a leader's re-assignment
    r = client.patch(f"/tasks/{yte['id']}", json={"deadline": "2008-11-25"}, headers=clerk)
    assert error_code(r, 409) == "deadline_locked"
    edited = ok(client.patch(f"/tasks/{yte['id']}", json={"support": []}, headers=clerk))
    assert edited["confirmed"] and edited["deadline"] == "2008-11-20" and edited["support"] == []
    assert edited["history"][-1]["detail"]["before"]["support"] == ["Sở Tài chính"]
    parts = client.post(f"/tasks/{gt['id']}/split", headers=clerk, json={"parts": [
        {"action": "khảo sát, lập dự toán sửa chữa", "lead": "Sở Giao thông vận tải", "deadline": "2008-11-30"},
        {"action": "thi công sửa chữa", "lead": "Sở Giao thông vận tải", "support": ["UBND thành phố Vinh"],
         "deadline": "2008-12-30"}]})
    assert parts.status_code == 201, parts.text
    assert len(parts.json()) == 2
    # the task was sent: dismissing it is not silent to its unit — it is ended (kết thúc), with a reason, the unit
    # told, and lists call it "ended", not "dismissed" (a rejected proposal's word) (play 327's review)
    assert error_code(client.post(f"/tasks/{gd['id']}/dismiss", json={}, headers=clerk), 422) == "reason_required"
    dismissed = ok(client.post(f"/tasks/{gd['id']}/dismiss", json={"note": "Không phải nhiệm vụ."}, headers=clerk))
    assert dismissed["state"] == "dismissed" and dismissed["status"] == "ended"  # never "overdue"
    assert (dismissed["history"][-1]["kind"], dismissed["history"][-1]["text"]) == ("ended", "Không phải nhiệm vụ.")
    assert dismissed["days_late"] == 0
    added = client.post("/tasks", headers=clerk, json={"document_id": doc, "action": "báo cáo kết quả",
                                                        "lead": "Sở Tài chính", "deadline": "2008-12-15"})
    assert added.status_code == 201 and added.json()["origin"] == "manual"
    ok(client.post("/tasks", headers=clerk, json={"document_id": doc, "action": "rà soát biên chế",
                                                   "lead": "Sở Nội vụ"}), 201)
    noivu = fast_headers("unit_staff", "Sở Nội vụ", 0, "nv1")
    assert client.get(f"/documents/{doc}", headers=noivu).status_code == 200  # the unit a person named reads it
    # reprocessing: extraction proposes the same three tasks again; people's decisions stay
    ok(client.post(f"/documents/{doc}/reprocess", headers=clerk), 202)
    wait_idle(120)
    after = client.get("/tasks", params={"document_id": doc}, headers=clerk).json()["items"]
    assert sorted((t["lead"], t["deadline"], t["origin"]) for t in after) == sorted([
        ("Sở Y tế", "2008-11-20", "extracted"), ("Sở Giao thông vận tải", "2008-11-30", "split"),
        ("Sở Giao thông vận tải", "2008-12-30", "split"), ("Sở Tài chính", "2008-12-15", "manual"),
        ("Sở Nội vụ", None, "manual")])
    assert inbox(client, units["Sở Giáo dục và Đào tạo"], setup["gd"])["total"] == 0
    assert client.get(f"/documents/{doc}", headers=noivu).status_code == 200  # … after reprocessing too
    # merge two of them
    split_ids = [t["id"] for t in after if t["origin"] == "split"]
    merged = client.post("/tasks/merge", headers=clerk, json={"task_ids": split_ids})
    assert merged.status_code == 201, merged.text
    m = merged.json()
    assert m["origin"] == "merged" and m["deadline"] == "2008-11-30" and "Ủy ban nhân dân thành phố Vinh" in m["support"]  # canonical name
    assert client.get("/tasks", params={"document_id": doc}, headers=clerk).json()["total"] == 4


def test_meetings(client: Any, setup: dict[str, Any]) -> None:
    units, clerk = setup["units"], setup["clerk"]
    assert client.post("/meetings", headers=setup["yte"], json={"title": "x", "meeting_date": "2008-11-10"}) \
        .status_code == 403
    first = ok(client.post("/meetings", headers=clerk, json={
        "title": "Giao ban tháng 11/2008", "meeting_date": "2008-11-03", "chair": "Chủ tịch UBND tỉnh",
        "unit_ids": [units["Sở Y tế"]]}), 201)
    second = ok(client.post("/meetings", headers=clerk, json={
        "title": "Giao ban tháng 12/2008", "meeting_date": "2008-12-01", "chair": "Chủ tịch UBND tỉnh",
        "unit_ids": [units["Sở Y tế"], units["Sở Giáo dục và Đào tạo"]], "next_date": "2009-01-05"}), 201)
    assert second["previous_id"] == first["id"]
    assert client.get("/meetings").json()["total"] == 2
    pack = ok(client.get(f"/meetings/{second['id']}/pack", params={"as_of": "2008-12-01"}))
    assert pack["previous_meeting_date"] == "2008-11-03" and pack["next_meeting_date"] == "2009-01-05"
    by_unit = {u["unit"]["name"]: u for u in pack["units"]}
    assert set(by_unit) == {"Sở Y tế", "Sở Giáo dục và Đào tạo"}
    assert [t["deadline"] for t in by_unit["Sở Y tế"]["overdue"]] == ["2008-11-20"]
    assert by_unit["Sở Y tế"]["overdue"][0]["days_late"] == 11
    assert [d["number"] for d in by_unit["Sở Y tế"]["directives"]] == ["12/TB-UBND"]
    assert [t["deadline"] for t in by_unit["Sở Giáo dục và Đào tạo"]["overdue"]] == ["2008-11-25"]
    assert pack["totals"]["total"] == 2 and pack["totals"]["overdue"] == 2
    assert pack["previous_conclusion"] == []
    # the first meeting's conclusion notice is 12/TB-UBND: its tasks are reviewed at the second, whoever leads them
    conclusion = f"/meetings/{first['id']}/conclusion"
    assert client.put(conclusion, json={"document_id": setup["doc"]}, headers=setup["yte"]).status_code == 403
    assert error_code(client.put(conclusion, json={"document_id": "khong-co"}, headers=clerk), 404) == "not_found"
    assert ok(client.put(conclusion, json={"document_id": setup["doc"]}, headers=clerk))["conclusion_document_id"] \
        == setup["doc"]
    pack = ok(client.get(f"/meetings/{second['id']}/pack", params={"as_of": "2008-12-01"}))
    assert sorted(t["lead"] for t in pack["previous_conclusion"]) == ["Sở Giao thông vận tải", "Sở Giáo dục và Đào tạo",
                                                                       "Sở Y tế"]
    text = all_text(open_docx(client.get(f"/meetings/{second['id']}/pack.docx",
                                         params={"as_of": "2008-12-01"}).content))
    assert "KẾT QUẢ THỰC HIỆN KẾT LUẬN KỲ HỌP TRƯỚC" in text and "Quốc lộ 1A" in text
    assert error_code(client.get("/meetings/khong-co/pack"), 404) == "not_found"


def ok_list(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 200, r.text
    return list(r.json())


@BOTH
def test_packs_reports_and_exports_count_only_visible_tasks(client: Any) -> None:
    clerk = fast_headers("clerk", username="vanthu")
    docs = {}
    for number, item in (("30/TB-UBND", "Giao Sở Y tế chủ trì tổ chức tiêm chủng mở rộng, hoàn thành trước ngày "
                                        "20/11/2008."),
                         ("31/TB-UBND", "Giao Sở Y tế chủ trì điều tra vụ ngộ độc tập thể, báo cáo trước ngày "
                                        "21/11/2008."),
                         ("32/TB-UBND", "Giao Sở Y tế chủ trì phương án phòng chống dịch cúm gia cầm, hoàn thành "
                                        "trước ngày 22/11/2008.")):
        docs[number] = ingest(client, f"{number[:2]}.txt", notice_text(number, "05/11/2008", [item]).encode(), clerk)
    confirm_all(client, clerk)
    ok(client.patch(f"/documents/{docs['31/TB-UBND']}/access", json={"audience": "units", "units": ["Sở Tư pháp"]},
                    headers=clerk))
    ok(client.patch(f"/documents/{docs['32/TB-UBND']}/access", json={"level": 2}, headers=clerk))
    wait_idle(60)
    units = unit_ids(client, clerk)
    meeting = ok(client.post("/meetings", headers=clerk, json={
        "title": "Giao ban tháng 11/2008", "meeting_date": "2008-11-10", "unit_ids": [units["Sở Y tế"]]}), 201)
    viewers = {"unit_staff": (fast_headers("unit_staff", "Sở Y tế", 0, "yte"), {"30/TB-UBND"}),
               "leader_mat": (fast_headers("leader", clearance=1, username="ld1"), {"30/TB-UBND", "31/TB-UBND"}),
               "leader_all": (fast_headers("leader", clearance=3, username="ld3"), set(docs))}
    for who, (headers, visible) in viewers.items():
        pack = ok(client.get(f"/meetings/{meeting['id']}/pack", params={"as_of": "2008-11-25"}, headers=headers))
        [section] = pack["units"]
        assert {t["document_number"] for t in section["overdue"]} == visible, who
        assert {d["number"] for d in section["directives"]} == visible, who
        assert pack["totals"]["total"] == len(visible), who
        report = ok(client.get("/reports/progress", params={"as_of": "2008-11-25"}, headers=headers))
        assert {t["document_number"] for t in report["overdue"]} == visible, who
        assert report["totals"]["overdue"] == len(visible), who
        box = inbox(client, units["Sở Y tế"], headers, status="overdue", as_of="2008-11-25", limit=1)
        assert box["total"] == len(visible), who  # counted in SQL, before paging
        for path in (f"/meetings/{meeting['id']}/pack.docx", "/reports/progress.docx"):
            r = client.get(path, params={"as_of": "2008-11-25"}, headers=headers)
            assert r.status_code == 200, r.text
            text = all_text(open_docx(r.content))
            for number in docs:
                assert (number in text) == (number in visible), (who, path, number)
            assert ("ngộ độc" in text) == ("31/TB-UBND" in visible)
            assert ("cúm gia cầm" in text) == ("32/TB-UBND" in visible)


@BOTH
def test_tightened_access_leaves_the_task_lists_in_the_same_transaction(client: Any, setup: dict[str, Any],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13 point 7 for briefing: no window in which a tightened document's tasks are still listed."""
    from services.core import dispatch

    units, yte, clerk = setup["units"], setup["yte"], setup["clerk"]
    tid = inbox(client, units["Sở Y tế"], yte)["items"][0]["id"]
    enqueue = dispatch.enqueue
    monkeypatch.setattr(dispatch, "enqueue", lambda name, *args, **kw: None if name == "briefing.sync_document"
                        else enqueue(name, *args, **kw))
    ok(client.patch(f"/documents/{setup['doc']}/access", json={"level": 1}, headers=clerk))
    # no sync ran (it is switched off): the copy followed at the commit of the change itself
    assert inbox(client, units["Sở Y tế"], yte)["total"] == 0
    assert client.get(f"/tasks/{tid}", headers=yte).status_code == 404
    leader = setup["leader"]  # lowering a level is a leader's decision
    ok(client.patch(f"/documents/{setup['doc']}/access", json={"level": 0, "audience": "units",
                                                                "units": ["Sở Tư pháp"]}, headers=leader))
    assert inbox(client, units["Sở Y tế"], yte)["total"] == 0
    ok(client.patch(f"/documents/{setup['doc']}/access", json={"audience": "internal"}, headers=leader))
    assert inbox(client, units["Sở Y tế"], yte)["total"] == 1
