"""Inside a department (play 328), played in Chromium as its people click: the province's công văn giao việc reaches
Sở Xây dựng; its Giám đốc (unit_head) opens the task and hands it to a chuyên viên (phân công xử lý — before, the
page had no such step and every officer of the Sở acted for it); the chuyên viên finds it under "Được phân công cho
tôi" and reports; another officer of the Sở reads who handles it and is offered no report form. The HTTP half is
tests/e2e/test_play_328.py. Screenshots 100-103 go to the test output. One server for the module."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from helpers.notices import notice_text
from tests_support import office_today

XD, TC = "Sở Xây dựng", "Sở Tài chính"


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def test_the_head_hands_the_task_to_a_specialist(live: Any, login: Any, shots_dir: Path) -> None:
    from services.core.dispatch import wait_idle

    day = office_today()
    live.create_user("vanthu", "clerk", clearance=1)
    live.create_user("gd-xd", "unit_head", XD)
    live.create_user("cv-xd", "unit_staff", XD)
    live.create_user("cv2-xd", "unit_staff", XD)
    live.create_user("cv-tc", "unit_staff", TC)
    clerk = live.token("vanthu")
    due = (day + timedelta(days=10)).strftime("%d/%m/%Y")
    letter = notice_text("7002/UBND-KT", day.strftime("%d/%m/%Y"), [
        f"Giao {XD} chủ trì, phối hợp với {TC} rà soát quỹ đất dành cho nhà ở xã hội tại các khu công nghiệp, báo "
        f"cáo UBND tỉnh trước ngày {due}."], subject="V/v rà soát quỹ đất nhà ở xã hội")
    with httpx.Client(base_url=live.url, headers=clerk, timeout=60) as api:
        r = api.post("/documents", files=[("files", ("cv-7002.txt", letter.encode(), "text/plain"))])
        assert r.status_code == 202, r.text
        wait_idle(120)
        for t in api.get("/tasks/review").json()["items"]:
            assert api.post(f"/tasks/{t['id']}/confirm").status_code == 200

    # Giám đốc Sở Xây dựng: his inbox, the task, "Phân công cán bộ xử lý" → cv-xd
    head = login("gd-xd")
    head.goto(f"{live.url}/ui/inbox")
    go(head, head.get_by_role("link", name="rà soát quỹ đất").first)
    form = head.locator("#assign-handler")
    form.get_by_label("Cán bộ xử lý").select_option("cv-xd")
    form.get_by_label("Ý kiến giao việc (không bắt buộc)").fill("Đồng chí chủ trì rà soát, trình dự thảo báo cáo.")
    go(head, form.get_by_role("button", name="Phân công"))
    assert "Đã phân công cán bộ xử lý" in head.locator(".flash").inner_text()
    assert head.locator("dd.handler").inner_text() == "cv-xd"
    assert "Lãnh đạo đơn vị phân công cán bộ xử lý" in head.locator(".history").inner_text()
    head.screenshot(path=str(shots_dir / "100-head-hands-task.png"), full_page=True)

    # the chuyên viên: "Được phân công cho tôi" lists it; he reports from the task page
    cv = login("cv-xd", viewport=(390, 844))
    cv.goto(f"{live.url}/ui/inbox")
    go(cv, cv.locator("#tab-mine"))
    rows = cv.locator("table.tasks tbody tr")
    assert rows.count() == 1 and "rà soát quỹ đất" in rows.first.inner_text()
    assert "Cán bộ xử lý" in rows.first.inner_text()
    cv.screenshot(path=str(shots_dir / "101-specialist-own-list.png"), full_page=True)
    go(cv, rows.first.get_by_role("link", name="rà soát quỹ đất"))
    cv.get_by_label("Tình hình thực hiện").fill("Đã rà soát 5/7 khu công nghiệp.")
    cv.get_by_label("Tỷ lệ hoàn thành (%)").fill("70")
    go(cv, cv.get_by_role("button", name="Gửi báo cáo"))
    assert "Đã gửi báo cáo tiến độ" in cv.locator(".flash").inner_text()
    cv.screenshot(path=str(shots_dir / "102-specialist-reports.png"), full_page=True)

    # another officer of the Sở: the unit's list still has it, the task says who handles it, no report form
    other = login("cv2-xd")
    other.goto(f"{live.url}/ui/inbox")
    assert other.locator("#tab-mine").count() == 1
    go(other, other.get_by_role("link", name="rà soát quỹ đất").first)
    assert "cv-xd" in other.locator("#handled-by-other").inner_text()
    assert other.get_by_role("button", name="Gửi báo cáo").count() == 0
    other.screenshot(path=str(shots_dir / "103-other-officer.png"), full_page=True)
    go(other, other.get_by_role("link", name="Nhiệm vụ").first)
    go(other, other.locator("#tab-mine"))
    assert other.locator("table.tasks tbody tr").count() == 0
