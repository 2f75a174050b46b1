"""Thông báo 317/TB-UBND played by the five people who live it — the clerk (văn thư), the leader, Sở Xây dựng,
Sở Y tế and Công an tỉnh — through the CLI (`vanban ingest`) and HTTP, end to end:

1. every unit a task names (lead or cooperating, extracted or added by hand) sees it, and the document it needs;
2. `vanban ingest` creates the tracked tasks an upload creates;
3. only the lead acknowledges and completes; each cooperating unit reports its own part, seen by lead and leader;
4. QĐ 42/2014: extensions before the deadline only, re-assignment by a leader with a reason; the original deadline,
   every extension and the days late stay in the record and every export;
5. proposals reach no inbox and cannot be completed until the clerk confirms them (review queue);
6. a dismissed task is never overdue; a task with no deadline gets a review date;
7. the pack and the report print right (LibreOffice → PDF), carry the secrecy mark when secret, and export to XLSX;
plus meetings under the access policy and unit names from extraction kept as proposals.
"""
from __future__ import annotations

import base64
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.briefing import error_code, fast_headers, ingest, ok
from helpers.docx_check import all_text, open_docx
from helpers.notices import notice_text, tb317_docx
from helpers.pdf_check import check_printed_layout, to_pdf
from openpyxl import load_workbook

from services.core.dispatch import wait_idle

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def inbox_rows(client: Any, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    r = client.get("/tasks", headers=headers, params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def cli_ingest(path: Path) -> str:
    from typer.testing import CliRunner

    from services.cli import app

    result = CliRunner().invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    return str(result.output)


@pytest.mark.usefixtures("db_backend")
def test_317_as_five_people_live_it(client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    db_backend: str) -> None:
    for var, value in {"ORG_PARENT": "UBND TỈNH NGHỆ AN", "ORG_NAME": "VĂN PHÒNG", "PLACE": "Nghệ An",
                       "SIGNER_TITLE": "KT. CHÁNH VĂN PHÒNG", "SIGNER_NAME": "Lê Văn Thành"}.items():
        monkeypatch.setenv(f"VANBAN_BRIEFING_{var}", value)
    from services.briefing.common import today as office_today

    today = office_today()  # the office's day in Việt Nam (UTC+7), as the product counts days late
    clerk = fast_headers("clerk", clearance=1, username="vanthu")
    leader = fast_headers("leader", clearance=3, username="pct-ubnd")
    xd = fast_headers("unit_staff", "Sở Xây dựng", 0, "cv-xd")
    yt = fast_headers("unit_staff", "Sở Y tế", 0, "cv-yt")
    ca = fast_headers("unit_staff", "Công an tỉnh", 0, "cv-ca")

    # --- 2. the clerk brings 317/TB-UBND in by the CLI: tracked tasks, as an upload makes them ------------------
    src = tmp_path / "thong-bao-317.docx"
    src.write_bytes(tb317_docx())
    out = cli_ingest(src)
    assert "1 mới" in out and "1 đã xử lý" in out, out
    # --- 5. … as proposals in the clerk's review queue; no inbox has them; nobody can complete them ---------------
    queue = ok(client.get("/tasks/review", headers=clerk))
    assert queue["total"] == 4 and {t["document"]["number"] for t in queue["items"]} == {"317/TB-UBND"}
    doc_id = queue["items"][0]["document"]["id"]
    task_of = {t["lead"]: t for t in queue["items"]}
    assert set(task_of) == {"Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Công an tỉnh"}
    assert all(t["sent_at"] is None and not t["confirmed"] for t in task_of.values())
    assert {(t["status"], t["days_late"]) for t in task_of.values()} == {("proposed", 0)}  # not assigned yet
    assert ok(client.get("/tasks", headers=leader, params={"status": "overdue"}))["total"] == 0
    assert inbox_rows(client, xd) == [] and inbox_rows(client, ca) == []
    t_xd = task_of["Sở Xây dựng"]["id"]
    assert client.get(f"/tasks/{t_xd}", headers=xd).status_code == 404
    assert error_code(client.post(f"/tasks/{t_xd}/accept", json={}, headers=leader), 409) == "task_not_confirmed"
    assert error_code(client.post(f"/tasks/{t_xd}/complete", json={}, headers=xd), 404) == "not_found"
    assert error_code(client.get("/tasks/review", headers=xd), 403) == "forbidden"
    # issue 11: names only extraction found are proposals, not units of the directory (nor facets) yet
    directory = {u["name"] for u in ok_list(client.get("/units", headers=clerk))}
    assert "Sở Kế hoạch và Đầu tư" not in directory and "Sở Xây dựng" in directory
    proposals = {p["name"] for p in ok_list(client.get("/units/proposals", headers=clerk))}
    assert {"Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông",
            "Sở Tài chính"} <= proposals and "Sở Xây dựng" not in proposals
    # an HTTP upload of another notice ends in the same state: proposals in the queue
    other = ingest(client, "tb-18.txt", notice_text("18/TB-UBND", "20/10/2008", [
        "Giao Sở Y tế chủ trì kiểm tra công tác phòng, chống dịch bệnh, hoàn thành trước ngày 30/11/2008."]).encode(),
        clerk)
    assert [t["lead"] for t in ok(client.get("/tasks/review", headers=clerk, params={"limit": 200}))["items"]
            if t["document"]["id"] == other] == ["Sở Y tế"]

    # the clerk confirms the four tasks of 317: sent; their units join the directory
    for t in task_of.values():
        sent = ok(client.post(f"/tasks/{t['id']}/confirm", headers=clerk))
        assert sent["sent_at"] and sent["confirmed"]
    assert ok(client.get("/tasks/review", headers=clerk))["total"] == 1  # 18/TB-UBND still waits
    assert "Sở Kế hoạch và Đầu tư" in {u["name"] for u in ok_list(client.get("/units", headers=clerk))}

    # --- 1. every named unit sees its task; 3. the inbox says whether it leads or cooperates -------------------
    [row] = inbox_rows(client, xd)
    assert row["id"] == t_xd and row["my_role"] == "lead" and row["deadline"] == "2008-11-30"
    [row] = inbox_rows(client, ca)
    t_ca = row["id"]
    assert row["my_role"] == "lead" and row["deadline"] == "2008-12-15"
    assert inbox_rows(client, yt) == []
    # a unit neither named nor addressed sees neither the tasks nor the document …
    assert client.get(f"/tasks/{t_ca}", headers=yt).status_code == 404
    assert client.get(f"/documents/{doc_id}", headers=yt).status_code == 404
    # … until the clerk assigns a task by hand to Sở Y tế, Công an tỉnh cooperating: both see it, and the document
    due = today + timedelta(days=20)
    manual = ok(client.post("/tasks", headers=clerk, json={
        "document_id": doc_id, "action": "bảo đảm y tế cho các điểm cung cấp dịch vụ công trực tuyến",
        "lead": "Sở Y tế", "support": ["Công an tỉnh"], "deadline": due.isoformat()}), 201)
    t_yt = manual["id"]
    assert [(r["id"], r["my_role"]) for r in inbox_rows(client, yt)] == [(t_yt, "lead")]
    assert sorted((r["id"], r["my_role"]) for r in inbox_rows(client, ca)) == sorted([(t_ca, "lead"),
                                                                                      (t_yt, "support")])
    assert ok(client.get(f"/tasks/{t_yt}", headers=yt))["lead"] == "Sở Y tế"
    assert ok(client.get(f"/documents/{doc_id}", headers=yt))["number"] == "317/TB-UBND"
    # … and a unit added as cooperating by an edit
    ok(client.patch(f"/tasks/{t_xd}", headers=clerk, json={"support": ["Sở Thông tin và Truyền thông", "Sở Y tế"]}))
    assert {(r["id"], r["my_role"]) for r in inbox_rows(client, yt)} == {(t_yt, "lead"), (t_xd, "support")}
    units = {u["name"]: u["id"] for u in ok_list(client.get("/units", headers=clerk))}
    box = ok(client.get(f"/units/{units['Sở Y tế']}/tasks", headers=yt, params={"role": "support"}))
    assert [r["id"] for r in box["items"]] == [t_xd]

    # --- 3. lead and cooperating roles ----------------------------------------------------------------------
    assert error_code(client.post(f"/tasks/{t_yt}/acknowledge", headers=ca), 403) == "forbidden"
    assert error_code(client.post(f"/tasks/{t_yt}/complete", json={}, headers=ca), 403) == "forbidden"
    assert error_code(client.post(f"/tasks/{t_yt}/extension", headers=ca, json={
        "new_deadline": (due + timedelta(days=5)).isoformat(), "reason": "x"}), 403) == "forbidden"
    ack = ok(client.post(f"/tasks/{t_yt}/acknowledge", headers=yt))
    assert ack["state"] == "acknowledged"
    ok(client.post(f"/tasks/{t_yt}/progress", headers=yt, json={"text": "Đã bố trí 12 tổ y tế.", "percent": 30}))
    report_file = {"filename": "phuong-an-an-ninh.txt", "content_type": "text/plain",
                   "content_base64": base64.b64encode("Phương án bảo đảm an ninh".encode()).decode()}
    part = ok(client.post(f"/tasks/{t_yt}/progress", headers=ca, json={
        "text": "Đã bố trí lực lượng bảo vệ các điểm.", "percent": 100, "attachments": [report_file]}))
    assert part["progress_percent"] == 30 and part["state"] == "in_progress"  # the lead's progress stands
    for who in (yt, leader):
        seen = ok(client.get(f"/tasks/{t_yt}", headers=who))
        coop = next(u for u in seen["units"] if u["role"] == "support")
        assert (coop["name"], coop["progress_percent"], coop["progress_note"]) == (
            "Công an tỉnh", 100, "Đã bố trí lực lượng bảo vệ các điểm.")
        assert coop["attachments"][0]["filename"] == "phuong-an-an-ninh.txt"
        sha = coop["attachments"][0]["sha256"]
        assert client.get(f"/tasks/{t_yt}/attachments/{sha}", headers=who).content == "Phương án bảo đảm an ninh" \
            .encode()

    # --- 4. QĐ 42/2014: extension before the deadline; after it, overdue unless a leader re-assigns -------------
    new_due = due + timedelta(days=10)
    ok(client.post(f"/tasks/{t_yt}/extension", headers=yt, json={"new_deadline": new_due.isoformat(),
                                                                  "reason": "Chờ kết quả xét nghiệm."}))
    assert error_code(client.post(f"/tasks/{t_yt}/extension/approve", json={}, headers=clerk), 403) == "forbidden"
    ext = ok(client.post(f"/tasks/{t_yt}/extension/approve", json={"note": "Đồng ý."}, headers=leader))
    assert ext["deadline"] == new_due.isoformat() and ext["original_deadline"] == due.isoformat()
    assert [(c["kind"], c["from"], c["to"]) for c in ext["deadline_changes"]] == [
        ("extension", due.isoformat(), new_due.isoformat())]
    # Công an tỉnh's 317 task is long past its deadline: no extension; overdue until the leader re-assigns it
    r = client.post(f"/tasks/{t_ca}/extension", headers=ca, json={
        "new_deadline": (today + timedelta(days=30)).isoformat(), "reason": "Chưa kịp."})
    assert error_code(r, 409) == "extension_too_late"
    assert ok(client.get(f"/tasks/{t_ca}", headers=ca))["status"] == "overdue"
    assert error_code(client.patch(f"/tasks/{t_ca}", headers=clerk, json={"deadline": today.isoformat()}), 409) \
        == "deadline_locked"
    assert client.post(f"/tasks/{t_ca}/reassign", headers=clerk, json={
        "new_deadline": (today + timedelta(days=30)).isoformat(), "reason": "x"}).status_code == 403
    late_so_far = (today - date(2008, 12, 15)).days
    re_ca = ok(client.post(f"/tasks/{t_ca}/reassign", headers=leader, json={
        "new_deadline": (today + timedelta(days=30)).isoformat(),
        "reason": "Giao lại do thay đổi phương án kỹ thuật."}))
    assert re_ca["status"] == "in_progress" and re_ca["original_deadline"] == "2008-12-15"
    assert [(c["kind"], c["days_late"], c["reason"]) for c in re_ca["deadline_changes"]] == [
        ("reassignment", late_so_far, "Giao lại do thay đổi phương án kỹ thuật.")]
    # Sở Xây dựng finishes five days late: only the lead reports, only a leader accepts
    ok(client.post(f"/tasks/{t_xd}/acknowledge", headers=xd))
    ok(client.post(f"/tasks/{t_xd}/progress", headers=xd, json={"text": "Đã hoàn thiện hồ sơ thiết kế.",
                                                                "percent": 60}))
    assert error_code(client.post(f"/tasks/{t_xd}/complete", json={}, headers=yt), 403) == "forbidden"
    ok(client.post(f"/tasks/{t_xd}/complete", json={"completed_on": "2008-12-05", "text": "Đã xong."}, headers=xd))
    done = ok(client.post(f"/tasks/{t_xd}/accept", json={"note": "Đồng ý."}, headers=leader))
    assert (done["status"], done["days_late"]) == ("completed_late", 5)
    # Sở Y tế finishes within the extended deadline
    ok(client.post(f"/tasks/{t_yt}/complete", json={"text": "Hoàn thành."}, headers=yt))
    assert ok(client.post(f"/tasks/{t_yt}/accept", json={}, headers=leader))["status"] == "completed_on_time"

    # --- 6. a dismissed task is never overdue; no deadline → a review date ----------------------------------------
    t_tn = task_of["Sở Tài nguyên và Môi trường"]["id"]
    gone = ok(client.post(f"/tasks/{t_tn}/dismiss", json={"note": "Đã giao tại văn bản khác."}, headers=clerk))
    # (sent to its unit: dismissing it ends it, the unit told — "ended", not a rejected proposal's "dismissed")
    assert (gone["status"], gone["days_late"], gone["due_soon"]) == ("ended", 0, False)
    watch = ok(client.post("/tasks", headers=clerk, json={
        "document_id": doc_id, "action": "theo dõi, đôn đốc tiến độ các dự án công nghệ thông tin", "lead": "Sở Y tế"}),
        201)
    review_on = date.fromisoformat(watch["review_on"])
    assert watch["deadline"] is None and review_on == today + timedelta(days=30) and not watch["review_due"]
    due_list = inbox_rows(client, yt, status="review_due", as_of=review_on.isoformat())
    assert [r["id"] for r in due_list] == [watch["id"]] and due_list[0]["review_due"]
    reported = ok(client.post(f"/tasks/{watch['id']}/progress", headers=yt,
                              json={"text": "Đã đôn đốc các chủ đầu tư."}))
    assert reported["review_on"] == (review_on + timedelta(days=30)).isoformat()  # this period's check answered
    assert inbox_rows(client, yt, status="review_due", as_of=review_on.isoformat()) == []

    # --- meetings under the policy (issue 13 point 5) -----------------------------------------------------------
    secret_doc = ingest(client, "tb-19.txt", notice_text("19/TB-UBND", "25/10/2008", [
        "Giao Công an tỉnh chủ trì rà soát phương án bảo vệ mục tiêu trọng điểm, hoàn thành trước ngày "
        "15/11/2008."]).encode(), clerk)
    ok(client.patch(f"/documents/{secret_doc}/access", json={"level": 1}))  # the administrator
    wait_idle(60)
    ids = {t["document"]["id"]: t["id"] for t in ok(client.get("/tasks/review", headers=leader))["items"]}
    ok(client.post(f"/tasks/{ids[secret_doc]}/confirm", headers=leader))
    meeting = ok(client.post("/meetings", headers=clerk, json={
        "title": "Giao ban UBND tỉnh ngày 13/10/2008", "meeting_date": "2008-10-13", "chair": "Phó Chủ tịch UBND tỉnh",
        "unit_ids": [units[n] for n in ("Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Công an tỉnh", "Sở Y tế")],
        "next_date": "2008-11-03"}), 201)
    hidden = ok(client.post("/meetings", headers=leader, json={
        "title": "Họp chuyên đề an ninh (TỐI MẬT)", "meeting_date": "2008-10-20", "series": "an-ninh", "level": 2,
        "chair": "Chủ tịch UBND tỉnh", "unit_ids": [units["Công an tỉnh"]]}), 201)
    ok(client.put(f"/meetings/{hidden['id']}/conclusion", json={"document_id": secret_doc}, headers=leader))
    for who in (xd, yt, ca, clerk):
        listed = ok(client.get("/meetings", headers=who))
        assert hidden["id"] not in {m["id"] for m in listed["items"]} and "TỐI MẬT" not in str(listed)
        assert client.get(f"/meetings/{hidden['id']}", headers=who).status_code == 404
        assert client.get(f"/meetings/{hidden['id']}/pack", headers=who).status_code == 404
    # Sở Y tế attends the giao ban; a unit that does not attend would not see it
    assert meeting["id"] in {m["id"] for m in ok(client.get("/meetings", headers=yt))["items"]}
    # relinking a conclusion needs access to both documents: the clerk (Mật clearance 1) cannot move the
    # leader's link away from a document she may not see … nor link one
    ok(client.patch(f"/documents/{secret_doc}/access", json={"level": 2}))  # the administrator
    wait_idle(60)
    assert client.put(f"/meetings/{meeting['id']}/conclusion", json={"document_id": secret_doc},
                      headers=clerk).status_code == 404
    ok(client.put(f"/meetings/{meeting['id']}/conclusion", json={"document_id": secret_doc}, headers=leader))
    assert client.put(f"/meetings/{meeting['id']}/conclusion", json={"document_id": doc_id},
                      headers=clerk).status_code == 404
    assert ok(client.get(f"/meetings/{meeting['id']}", headers=clerk))["conclusion_document_id"] is None
    ok(client.put(f"/meetings/{meeting['id']}/conclusion", json={"document_id": None}, headers=leader))
    ok(client.patch(f"/documents/{secret_doc}/access", json={"level": 1}))  # the administrator
    wait_idle(60)

    # --- 4 and 7: every export keeps the original deadline, every extension and the lateness -----------------------
    as_of = today.isoformat()
    pack = ok(client.get(f"/meetings/{meeting['id']}/pack", params={"as_of": as_of}, headers=leader))
    lines = {ln["id"]: ln for u in pack["units"] for k in ("assigned_since", "completed_on_time", "completed_late",
                                                           "overdue", "due_before_next") for ln in u[k]}
    assert lines[t_xd]["days_late"] == 5 and lines[t_xd]["support"] == ["Sở Thông tin và Truyền thông", "Sở Y tế"]
    assert lines[t_xd]["progress_note"] == "Đã hoàn thiện hồ sơ thiết kế."
    assert lines[t_ca]["original_deadline"] == "2008-12-15" and lines[t_ca]["extensions"][0]["days_late"] == \
        late_so_far
    assert "giao lại đến" in lines[t_ca]["deadline_text"]
    assert t_tn not in lines and pack["level"] == 1  # the Mật task of 19/TB-UBND is in the leader's pack
    report = ok(client.get("/reports/progress", params={"as_of": as_of}, headers=leader))
    by_id = {ln["id"]: ln for k in ("completed_on_time", "completed_late", "in_progress", "overdue")
             for ln in report[k]}
    assert by_id[t_yt]["original_deadline"] == due.isoformat() and by_id[t_yt]["deadline"] == new_due.isoformat()
    assert [e["kind"] for e in by_id[t_yt]["extensions"]] == ["extension"]
    assert by_id[t_yt]["contributions"] == [{"unit": "Công an tỉnh", "percent": 100,
                                             "note": "Đã bố trí lực lượng bảo vệ các điểm.", "removed_on": None}]
    assert t_tn not in by_id and report["level"] == 1
    # the unit's own report: nothing secret, no mark
    assert ok(client.get("/reports/progress", params={"as_of": as_of}, headers=yt))["level"] == 0

    files = {}
    for name, path in (("pack.docx", f"/meetings/{meeting['id']}/pack.docx"), ("report.docx", "/reports/progress.docx")):
        r = client.get(path, params={"as_of": as_of, "recipient": "UBND tỉnh Nghệ An"}, headers=leader)
        assert r.status_code == 200, r.text
        files[name] = r.content
        text = all_text(open_docx(r.content))
        assert "MẬT" in text and "UBND TỈNH NGHỆ AN" in text and "KT. CHÁNH VĂN PHÒNG" in text
        assert "Lê Văn Thành" in text and "Sở Thông tin và Truyền thông; Sở Y tế" in text
        assert "gia hạn đến" in text and "giao lại đến" in text and f"(đã quá hạn {late_so_far} ngày)" in text
        assert "Tình hình thực hiện: Đã hoàn thiện hồ sơ thiết kế." in text
        assert "Công an tỉnh (phối hợp, 100%): Đã bố trí lực lượng bảo vệ các điểm." in text
    unit_docx = client.get("/reports/progress.docx", params={"as_of": as_of}, headers=yt)
    assert unit_docx.status_code == 200 and "MẬT" not in all_text(open_docx(unit_docx.content)).split("CỘNG HÒA")[0]
    if db_backend == "sqlite":  # the print does not depend on the database: rendered once
        pdfs = to_pdf(files, tmp_path / "print")
        for name, data in files.items():
            pages = check_printed_layout(open_docx(data), pdfs[name])
            assert "MẬT" in pages[0] and "Nghệ An, ngày" in pages[0]
    for path in (f"/meetings/{meeting['id']}/pack.xlsx", "/reports/progress.xlsx"):
        r = client.get(path, params={"as_of": as_of}, headers=leader)
        assert r.status_code == 200 and r.headers["content-type"] == XLSX, r.text
        wb = load_workbook(io.BytesIO(r.content))
        ws = wb["Nhiệm vụ"]
        assert ws["A1"].value == "MẬT"
        head = [c.value for c in ws[3]]
        rows = [dict(zip(head, [c.value for c in row], strict=True)) for row in ws.iter_rows(min_row=4)]
        ca_row = next(x for x in rows if x["Đơn vị chủ trì"] == "Công an tỉnh" and x["Văn bản giao"] == "317/TB-UBND")
        assert ca_row["Thời hạn ban đầu"].date() == date(2008, 12, 15)
        assert ca_row["Gia hạn, giao lại"].startswith("Giao lại đến")


def ok_list(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 200, r.text
    return list(r.json())
