"""Breaks found by playing a chỉ thị of the Chủ tịch UBND tỉnh (and play8's leftovers) as its users on a live
instance: clerk, leader and departments, each written down as the user said it, with the HTTP path that failed."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

from helpers.briefing import fast_headers, ingest, ok
from helpers.notices import notice_text
from tests_support import office_today

PASSWORD = "mat-khau-play-318"


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert m, html[:300]
    return m.group(1)


def _units(session: Any, name: str) -> Any:
    from sqlalchemy import select

    from services.core.auth.models import Unit
    from services.core.auth.units import unit_key

    return session.scalar(select(Unit).where(Unit.key == unit_key(name)))


def test_a_cooperating_unit_taken_off_a_task_is_told_and_its_report_stays_in_the_pack(anon_client: Any) -> None:
    """Sở Xây dựng: "we were removed from the task as cooperating unit and nobody told us; and our cooperating
    report vanished from the giao ban pack." Taking a unit off a task already sent writes it on the history (with
    the report it had given), queues a message to the unit ('Đơn vị không còn được giao nhiệm vụ'), and the pack
    keeps its report, marked as from a unit no longer on the task."""
    import docx
    from sqlalchemy import select

    from services.briefing.models import Notification
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    later = (day + timedelta(days=20)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    leader = fast_headers("leader", clearance=2, username="pct-api")
    doc = ingest(web, "tb-77.txt", notice_text("77/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Giao thông vận tải chủ trì, phối hợp với Sở Xây dựng khảo sát tuyến đường ven biển, hoàn thành "
        f"trước ngày {later}."]).encode(), clerk)
    [task] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
              for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["support"] == ["Sở Xây dựng"], task
    builder = fast_headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="cv-xd-318")
    ok(web.post(f"/tasks/{task['id']}/progress", headers=builder,
                json={"text": "Đã gửi hồ sơ địa chất đoạn Km5–Km12.", "percent": 40}))
    with session_factory()() as session:
        _units(session, "Sở Xây dựng").webhook_url = "https://hooks.example.org/so-xay-dung"
        session.commit()
    with session_factory()() as session:
        accounts.create_user(session, "vanthu-318", PASSWORD, "clerk", None, 1)
        session.commit()
    web.follow_redirects = True
    form = web.get("/ui/login")
    assert web.post("/ui/login", data={"username": "vanthu-318", "password": PASSWORD,
                                       "csrf": _csrf(form.text)}).status_code == 200
    page = web.get(f"/ui/tasks/{task['id']}")
    done = web.post(f"/ui/tasks/{task['id']}/edit", data={
        "csrf": _csrf(page.text), "action": task["action"], "lead": task["lead"], "support": "",
        "deadline": date.fromisoformat(task["deadline"]).strftime("%d/%m/%Y"), "back": f"/ui/tasks/{task['id']}"})
    assert "“Sở Xây dựng” không còn được giao nhiệm vụ này: đơn vị được thông báo" in done.text
    assert ok(web.get("/tasks", headers=builder))["total"] == 0  # out of its inbox, as asked
    history = ok(web.get(f"/tasks/{task['id']}", headers=leader))["history"]
    [gone] = [e for e in history if e["kind"] == "unit_removed"]
    assert gone["text"] == "Sở Xây dựng"
    with session_factory()() as session:
        [told] = session.scalars(select(Notification).where(Notification.kind == "unassigned")).all()
        assert "Đơn vị không còn được giao nhiệm vụ" in told.subject and "77/TB-UBND" in told.subject
        assert "không còn là đơn vị phối hợp của nhiệm vụ này" in told.body
    meeting = ok(web.post("/meetings", headers=leader, json={"title": "Giao ban giao thông",
                                                            "meeting_date": (day + timedelta(days=3)).isoformat()}),
                 201)
    pack = ok(web.get(f"/meetings/{meeting['id']}/pack", headers=leader))
    [line] = [ln for u in pack["units"] for ln in u["assigned_since"] if ln["id"] == task["id"]]
    assert line["contributions"] == [{"unit": "Sở Xây dựng", "percent": 40,
                                      "note": "Đã gửi hồ sơ địa chất đoạn Km5–Km12.", "removed_on": day.isoformat()}]
    r = web.get(f"/meetings/{meeting['id']}/pack.docx", headers=leader)
    text = "\n".join(c.text for t in docx.Document(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells)
    assert (f"Sở Xây dựng (thôi phối hợp từ ngày {day.strftime('%d/%m/%Y')}, 40%): Đã gửi hồ sơ địa chất "
            "đoạn Km5–Km12.") in text
    # Lãnh đạo: "the history says 'Sửa · vanthu' and not what was changed": each correction names what it changed
    page = web.get(f"/ui/tasks/{task['id']}").text
    assert '<div class="small change">Phối hợp: Sở Xây dựng → không có</div>' in page
    assert "Không còn giao cho đơn vị" in page
    # named again: the pack shows its report of now (none yet), not the one from before it was taken off
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"support": ["Sở Xây dựng"]}))
    pack = ok(web.get(f"/meetings/{meeting['id']}/pack", headers=leader))
    [line] = [ln for u in pack["units"] for ln in u["assigned_since"] if ln["id"] == task["id"]]
    assert line["contributions"] == []


def test_the_excel_export_says_a_completion_awaits_the_leader_and_still_filters_by_status(anon_client: Any) -> None:
    """Lãnh đạo: "in the Excel export the 'Tình trạng' column doesn't show that a unit reported completion and it
    awaits my confirmation." Its own column ('Báo cáo hoàn thành') says so, beside 'Tình trạng', which keeps the
    category the sheet is filtered by (and the counts use)."""
    from openpyxl import load_workbook

    web = anon_client
    day = office_today()
    later = (day + timedelta(days=20)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    leader = fast_headers("leader", clearance=2, username="pct-api")
    doc = ingest(web, "tb-78.txt", notice_text("78/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Nông nghiệp và Phát triển nông thôn kiểm tra hệ thống đê bao vùng trũng, hoàn thành trước ngày "
        f"{later}.",
        f"Giao Sở Tài nguyên và Môi trường cập nhật bản đồ ngập lụt, hoàn thành trước ngày {later}."]).encode(), clerk)
    tasks = {t["lead"]: ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
             for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc}
    farm = next(t for lead, t in tasks.items() if "Nông nghiệp" in lead)
    staff = fast_headers("unit_staff", unit=farm["lead"], clearance=0, username="cv-nn-318")
    ok(web.post(f"/tasks/{farm['id']}/complete", headers=staff,
                json={"completed_on": day.isoformat(), "text": "Đã kiểm tra 12 tuyến đê bao."}))
    r = web.get("/reports/progress.xlsx", headers=leader)
    assert r.status_code == 200, r.text
    ws = load_workbook(io.BytesIO(r.content))["Nhiệm vụ"]
    top = int(ws.auto_filter.ref.split(":")[0][1:])  # the headings' row (a secrecy mark may come first)
    head = [c.value for c in ws[top]]
    rows = [dict(zip(head, [c.value for c in row], strict=True)) for row in ws.iter_rows(min_row=top + 1)]
    by_doc = {r["Đơn vị chủ trì"]: r for r in rows if r["Văn bản giao"] == "78/TB-UBND"}
    reported = by_doc[farm["lead"]]
    assert reported["Tình trạng"] == "Đang thực hiện trong hạn"  # the category, as the filter has it
    assert reported["Báo cáo hoàn thành"] == (f"Đã báo cáo hoàn thành ngày {day.strftime('%d/%m/%Y')}, chờ lãnh đạo "
                                             "xác nhận")
    other = next(r for lead, r in by_doc.items() if lead != farm["lead"])
    assert other["Tình trạng"] == "Đang thực hiện trong hạn" and not other["Báo cáo hoàn thành"]
    # the API's filter by status still finds the reported task among those in progress
    listed = ok(web.get("/tasks", headers=leader, params={"status": "in_progress", "document_id": doc}))
    assert farm["id"] in {t["id"] for t in listed["items"]}


def test_a_task_with_no_deadline_tells_the_unit_when_to_report_next(anon_client: Any) -> None:
    """Sở Giáo dục và Đào tạo: "our task 'Chỉ đạo các trường học … theo dõi sức khỏe học sinh' says 'Thời hạn: Không
    có'; nobody told us when to report on it" — the system keeps a review date (theo dõi, đôn đốc) the unit never
    saw. The inbox and the task page say 'Kỳ báo cáo tiếp theo: …', the date the API gives as review_on."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "ct-27.txt", notice_text("27/CT-UBND", day.strftime("%d/%m/%Y"), [
        "Giao Sở Giáo dục và Đào tạo chỉ đạo các trường học theo dõi sức khỏe học sinh trong mùa đông xuân."]).encode(),
        clerk)
    [task] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
              for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["deadline"] is None and task["review_on"], task
    shown = date.fromisoformat(task["review_on"]).strftime("%d/%m/%Y")
    with session_factory()() as session:
        accounts.create_user(session, "cv-gd-318", PASSWORD, "unit_staff", "Sở Giáo dục và Đào tạo", 0)
        session.commit()
    web.follow_redirects = True
    form = web.get("/ui/login")
    assert web.post("/ui/login", data={"username": "cv-gd-318", "password": PASSWORD,
                                       "csrf": _csrf(form.text)}).status_code == 200
    assert f"Kỳ báo cáo tiếp theo: {shown}" in web.get("/ui/inbox").text
    assert f"Kỳ báo cáo tiếp theo: {shown}" in web.get(f"/ui/tasks/{task['id']}").text
