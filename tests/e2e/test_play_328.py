"""Breaks found by playing a new cycle (play 328) as its users on one fresh instance — the HTTP half; the browser half
(the head of a department handing a task to a specialist on the task page, the specialist's own list, another
officer of the unit) is tests/e2e/browser/test_web_play328.py. Played: a ministry's công văn asking the province to
report by a date, registered by the văn thư; the province's own công văn giao việc citing it, drafted, signed,
numbered, issued and sent through the sổ văn bản đi (Sở Xây dựng chủ trì, Sở Tài chính và UBND các xã, phường phối
hợp); inside Sở Xây dựng the Giám đốc hands the task to a chuyên viên, who reports; Sở Tài chính sends its part to
the lead; the office follows its own duty to the Bộ and reads what each department did; the task is reported done,
accepted, then reopened; next week's giao ban pack after a task was ended (kết thúc). Each break is written as the
user said it, next to the step where it happened. One instance for the module (one test)."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from helpers.briefing import error_code, fast_headers, inbox, ingest, ok, unit_ids
from helpers.notices import notice_text
from helpers.web import ui_login
from tests_support import office_today

XD, TC = "Sở Xây dựng", "Sở Tài chính"


def test_a_department_hands_the_task_to_its_specialist(anon_client: Any) -> None:
    web = anon_client
    day = office_today()
    due = day + timedelta(days=10)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-328")
    leader = fast_headers("leader", clearance=2, username="pct-328")
    head_xd = fast_headers("unit_head", unit=XD, clearance=0, username="gd-xd-328")
    cv_xd = fast_headers("unit_staff", unit=XD, clearance=0, username="cv-xd-328")
    cv2_xd = fast_headers("unit_staff", unit=XD, clearance=0, username="cv2-xd-328")
    head_tc = fast_headers("unit_head", unit=TC, clearance=0, username="gd-tc-328")
    cv_tc = fast_headers("unit_staff", unit=TC, clearance=0, username="cv-tc-328")
    units = unit_ids(web, clerk)

    # Văn thư: the ministry's letter, registered; the office's own duty to it — the province's report to the Bộ by
    # its date — is followed as a task of Văn phòng UBND tỉnh (the proposal named "Ủy ban nhân dân các tỉnh", no unit)
    report_due = day + timedelta(days=18)
    ministry = (f"BỘ XÂY DỰNG\nSố: 5120/BXD-QLN\nV/v báo cáo kết quả thực hiện Đề án nhà ở xã hội năm 2026\n"
                f"Hà Nội, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\n"
                "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n\nBộ Xây dựng đề nghị Ủy ban "
                "nhân dân các tỉnh, thành phố báo cáo kết quả thực hiện Đề án nhà ở xã hội năm 2026 trên địa bàn, gửi "
                f"về Bộ Xây dựng trước ngày {report_due.strftime('%d/%m/%Y')}.\n").encode()
    ministry_id = ingest(web, "cv-5120-bxd.txt", ministry, clerk)
    upward = ok(web.post("/tasks", headers=clerk, json={
        "document_id": ministry_id, "lead": "Văn phòng UBND tỉnh", "deadline": report_due.isoformat(),
        "action": "Tổng hợp, báo cáo Bộ Xây dựng kết quả thực hiện Đề án nhà ở xã hội năm 2026"}), 201)

    letter = notice_text("7001/UBND-KT", day.strftime("%d/%m/%Y"), [
        f"Giao {XD} chủ trì, phối hợp với {TC} tổng hợp, báo cáo kết quả thực hiện Đề án nhà ở xã hội năm 2026 trên "
        f"địa bàn tỉnh, tham mưu UBND tỉnh báo cáo Bộ Xây dựng; gửi báo cáo về UBND tỉnh trước ngày "
        f"{due.strftime('%d/%m/%Y')}."], subject="V/v triển khai Công văn số 5120/BXD-QLN của Bộ Xây dựng")
    doc = ingest(web, "cv-7001.txt", letter.encode(), clerk)
    proposal = next(t for t in ok(web.get("/tasks/review", headers=clerk))["items"]
                    if t["document"]["id"] == doc and t["lead"] == XD)

    # Văn thư: "the one sentence came out as two tasks (the report, and sending it to the province), so I merged
    # them — the merged task's 'Trích từ văn bản' then quoted the whole sentence twice, one after the other." Two
    # duties read from one sentence: the merged task quotes it once.
    split = web.post(f"/tasks/{proposal['id']}/split", headers=clerk, json={"parts": [
        {"action": "tổng hợp, báo cáo kết quả thực hiện Đề án nhà ở xã hội năm 2026", "lead": XD, "support": [TC]},
        {"action": "gửi báo cáo về UBND tỉnh", "lead": XD, "support": [TC], "deadline": due.isoformat()}]})
    assert split.status_code == 201, split.text
    parts = split.json()
    task = ok(web.post("/tasks/merge", headers=clerk, json={"task_ids": [p["id"] for p in parts]}), 201)
    assert task["sentence"] == proposal["sentence"], task["sentence"]
    tid = task["id"]
    assert task["sent_at"] and task["lead"] == XD and TC in task["support"], task

    # Giám đốc Sở Xây dựng: "I hand the task to a chuyên viên (phân công xử lý) — the product had no such step: every
    # officer of the Sở saw every task and anyone could report for the Sở." Now the head of a unit named on the task
    # hands the unit's part to one of its officers: the history and the audit log say who and when, the officer finds
    # it in his own list, other officers no longer report on it, and the head stays answerable (he still may).
    assert error_code(web.post(f"/tasks/{tid}/handler", headers=cv_xd, json={"username": "cv-xd-328"}), 403)
    assert error_code(web.post(f"/tasks/{tid}/handler", headers=head_xd, json={"username": "cv-tc-328"}),
                      422) == "handler_not_in_unit"  # an officer of another unit
    handed = ok(web.post(f"/tasks/{tid}/handler", headers=head_xd,
                         json={"username": "cv-xd-328", "note": "Đồng chí soạn báo cáo, trình trước hai ngày."}))
    lead_row = next(u for u in handed["units"] if u["role"] == "lead")
    assert lead_row["handler"] == "cv-xd-328", handed["units"]
    assert handed["state"] == "acknowledged", handed["state"]  # giving it out is receiving it (tiếp nhận)
    events = [e["kind"] for e in handed["history"]]
    again = ok(web.post(f"/tasks/{tid}/handler", headers=head_xd, json={"username": "cv-xd-328"}))
    assert [e["kind"] for e in again["history"]] == events  # a second click records nothing more
    audit = ok(web.get("/audit", headers=fast_headers("admin", username="qt-328"),
                       params={"object_type": "task", "object_id": tid}))
    assert [a["detail"].get("handler") for a in audit["items"] if a["detail"].get("handler")] == ["cv-xd-328"], audit

    mine = inbox(web, units[XD], cv_xd, mine="true")
    assert [t["id"] for t in mine["items"]] == [tid], mine
    assert inbox(web, units[XD], cv2_xd, mine="true")["items"] == []
    assert [t["id"] for t in inbox(web, units[XD], cv2_xd)["items"]] == [tid]  # the unit's list: still every task
    refused = web.post(f"/tasks/{tid}/progress", headers=cv2_xd, json={"text": "Đã tổng hợp xong.", "percent": 50})
    assert error_code(refused, 403) == "forbidden" and "cv-xd-328" in refused.json()["error"]["message"]
    ok(web.post(f"/tasks/{tid}/progress", headers=cv_xd, json={"text": "Đã có số liệu 9/12 xã.", "percent": 40}))
    ok(web.post(f"/tasks/{tid}/progress", headers=head_xd, json={"text": "Đã có số liệu 12/12 xã.", "percent": 60}))

    # Sở Tài chính (cooperating): its head hands the Sở's own part to its specialist, who sends it to the lead — not
    # to the leader; Sở Xây dựng's specialist reads it on the task as he writes the report.
    ok(web.post(f"/tasks/{tid}/handler", headers=head_tc, json={"username": "cv-tc-328"}))
    part = "Số liệu giải ngân vốn 12 dự án nhà ở xã hội: 1.250 tỷ đồng (62%)."
    ok(web.post(f"/tasks/{tid}/progress", headers=cv_tc, json={"text": part, "percent": 100}))
    seen = ok(web.get(f"/tasks/{tid}", headers=cv_xd))
    tc_row = next(u for u in seen["units"] if u["name"] == TC)
    assert tc_row["progress_note"] == part and tc_row["handler"] == "cv-tc-328", tc_row

    # Văn phòng UBND tỉnh: "the Bộ's letter is our task, due on its date; the province's công văn passed it to the
    # Sở — on our task's page we saw only '01/UBND-KT' under 'Văn bản sau dẫn chiếu', and had to open it, then each
    # task, to know what Sở Xây dựng and Sở Tài chính had sent before writing to the Bộ." The page now lists, under
    # the later document, the tasks it gave: who leads, status, progress, and which cooperating unit has reported.
    ui_login(web, "pct-328", "mat-khau-123")
    page = web.get(f"/ui/tasks/{upward['id']}").text
    assert "7001/UBND-KT" in page and 'class="plain small later-tasks"' in page, page[-4000:]
    later = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('class="plain small later-tasks"')[1].split("</ul>")[0]))
    assert f"{XD} chủ trì: Đang thực hiện trong hạn · 60%" in later and f"{TC} đã báo cáo phần việc (100%)" in later, later

    # The specialist reports it done; the leader accepts, then learns a commune's figures were missing and reopens
    # it. Leftover of play 327: does the specialist it was handed to see it again? It is back in his own list,
    # followed, and he reports again.
    ok(web.post(f"/tasks/{tid}/complete", headers=cv_xd, json={"text": "Báo cáo số 88/BC-SXD đã gửi UBND tỉnh."}))
    ok(web.post(f"/tasks/{tid}/accept", headers=leader, json={}))
    ok(web.post(f"/tasks/{tid}/reopen", headers=leader, json={"reason": "Thiếu số liệu của xã Mường Lống."}))
    back = inbox(web, units[XD], cv_xd, mine="true")["items"]
    assert [(t["id"], t["state"]) for t in back] == [(tid, "in_progress")], back
    ok(web.post(f"/tasks/{tid}/progress", headers=cv_xd, json={"text": "Bổ sung số liệu xã Mường Lống.",
                                                                  "percent": 90}))
    assert error_code(web.post(f"/tasks/{tid}/complete", headers=cv2_xd, json={}), 403)

    # --- the next giao ban: the leader's office prints the pack ---------------------------------------------------
    # Lãnh đạo: "last week's conclusion (TB 7003) gave Sở Tài chính a task; the province's later letter ended it, and
    # this week's pack simply no longer has it — not under 'kết luận kỳ trước', not anywhere: I cannot tell a task
    # ended from one forgotten." Tasks ended (kết thúc) since the previous meeting are listed apart, with the day and
    # the reason, on the page, in the API and in the DOCX and Excel — never counted as done nor overdue.
    import io

    import docx
    import openpyxl

    office = fast_headers("leader", clearance=1, username="cvp-328")
    last = ok(web.post("/meetings", headers=office, json={"title": "Giao ban tuần trước",
                                                          "meeting_date": (day - timedelta(days=7)).isoformat()}), 201)
    tb = notice_text("7003/TB-UBND", (day - timedelta(days=6)).strftime("%d/%m/%Y"), [
        f"Giao {TC} chủ trì tham mưu bố trí vốn đối ứng dự án nhà ở xã hội khu công nghiệp Hoàng Mai, hoàn thành "
        f"trước ngày {due.strftime('%d/%m/%Y')}."])
    tb_id = ingest(web, "tb-7003.txt", tb.encode(), clerk)
    ok(web.put(f"/meetings/{last['id']}/conclusion", headers=office, json={"document_id": tb_id}))
    [funding] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
                 for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == tb_id]
    why = "Theo Công văn số 7010/UBND-KT: vốn đối ứng đã bố trí trong kế hoạch đầu tư công năm sau."
    ok(web.post(f"/tasks/{funding['id']}/end", headers=clerk, json={"reason": why}))
    this = ok(web.post("/meetings", headers=office, json={"title": "Giao ban tuần này", "meeting_date": day.isoformat(),
                                                          "previous_id": last["id"]}), 201)
    pack = ok(web.get(f"/meetings/{this['id']}/pack", headers=office))
    assert [(t["id"], t["status"], t["ended_reason"]) for t in pack["ended"]] == [(funding["id"], "ended", why)], pack
    assert funding["id"] not in {t["id"] for t in pack["previous_conclusion"]}
    assert pack["totals"]["overdue"] == 0
    ui_login(web, "cvp-328", "mat-khau-123")
    html = web.get(f"/ui/meetings/{this['id']}").text
    assert 'id="pack-ended"' in html and why in html and "Đã kết thúc" in html, html[-3000:]
    printed = docx.Document(io.BytesIO(web.get(f"/meetings/{this['id']}/pack.docx", headers=office).content))
    cells = [c.text for t in printed.tables for row in t.rows for c in row.cells]
    assert any("NHIỆM VỤ ĐÃ KẾT THÚC" in p.text for p in printed.paragraphs), [p.text for p in printed.paragraphs]
    assert any(why in c and "Đã kết thúc ngày" in c for c in cells), cells
    sheet = openpyxl.load_workbook(io.BytesIO(web.get(f"/meetings/{this['id']}/pack.xlsx", headers=office).content))
    rows = [r for r in sheet["Nhiệm vụ"].iter_rows(values_only=True) if r and r[0] and str(r[0]).isdigit()]
    ended = [r for r in rows if r[3] and "vốn đối ứng" in r[3]]
    assert [r[10] for r in ended] == ["Đã kết thúc"] and why in ended[0][14], rows
