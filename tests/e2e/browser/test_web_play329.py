"""The end of a quarter (play 329), played in Chromium as its users click: Sở Y tế asks for more time on the task's
page and the leader grants a different date there (before, "Đồng ý gia hạn" could only give the unit's date); the
head of Sở Xây dựng hands a task to a specialist whose account the administrator then closes, and reads on the task
and in his inbox that it came back to the unit (before, the page still named the specialist); the leader's office
reads the quarter's report — with its "Được gia hạn, giao lại" column — and downloads it; what is not built (a PDF
of the pack, an in-unit approval of a report, per-person visibility inside a unit) is said where a user looks for
it. The HTTP half is tests/e2e/test_play_329.py. Screenshots 110-116 go to the test output. One server for the
module."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from helpers.notices import notice_text
from tests_support import office_today

XD, YT = "Sở Xây dựng", "Sở Y tế"


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def flash(page: Any) -> str:
    return str(page.locator(".flash").inner_text())


def test_the_quarter_ends_in_the_browser(live: Any, login: Any, shots_dir: Path) -> None:
    import docx

    from services.core.dispatch import wait_idle

    day = office_today()
    issued = day - timedelta(days=30)
    q_start = date(issued.year, (issued.month - 1) // 3 * 3 + 1, 1)
    live.create_user("vanthu", "clerk", clearance=1)
    live.create_user("ct", "leader", clearance=2)
    live.create_user("cvp", "leader", clearance=1)
    live.create_user("quantri", "admin", clearance=3)
    live.create_user("gd-yt", "unit_head", YT)
    live.create_user("gd-xd", "unit_head", XD)
    live.create_user("cv-xd", "unit_staff", XD)
    live.create_user("cv2-xd", "unit_staff", XD)
    text = notice_text("331/TB-UBND", vn(issued), [
        f"Giao {YT} chủ trì xây dựng kế hoạch tiêm chủng mở rộng năm sau, hoàn thành trước ngày "
        f"{vn(day + timedelta(days=5))}.",
        f"Giao {XD} chủ trì rà soát quy hoạch các khu tái định cư, hoàn thành trước ngày "
        f"{vn(day + timedelta(days=20))}."])
    with httpx.Client(base_url=live.url, headers=live.token("vanthu"), timeout=60) as api:
        r = api.post("/documents", files=[("files", ("tb-331.txt", text.encode(), "text/plain"))])
        assert r.status_code == 202, r.text
        wait_idle(120)
        for t in api.get("/tasks/review").json()["items"]:
            assert api.post(f"/tasks/{t['id']}/confirm").status_code == 200

    # Giám đốc Sở Y tế: the vaccines come late — asks for a month, with the reason
    yt = login("gd-yt")
    yt.goto(f"{live.url}/ui/inbox")
    go(yt, yt.get_by_role("link", name="xây dựng kế hoạch tiêm chủng").first)
    task_page = yt.url
    asked, granted = day + timedelta(days=30), day + timedelta(days=20)
    yt.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill(vn(asked))
    yt.get_by_label("Lý do", exact=True).fill("Chờ Bộ Y tế phân bổ vắc xin đợt 2.")
    go(yt, yt.get_by_role("button", name="Gửi đề nghị"))
    assert flash(yt) == "Đã gửi đề nghị gia hạn.", flash(yt)

    # Lãnh đạo: "I give them until the 20th, not a month" — before, the page offered only 'Đồng ý' (the unit's date)
    # or 'Giao thời hạn mới', which answered nothing to the request and printed as a re-assignment
    leader = login("ct")
    leader.goto(task_page)
    leader.get_by_label("Gia hạn đến ngày (để trống: theo đề nghị của đơn vị)").fill(vn(granted))
    leader.get_by_label("Ý kiến (không bắt buộc)").first.fill("Đồng ý đến ngày 20, không quá.")
    leader.screenshot(path=str(shots_dir / "110-leader-grants-other-date.png"), full_page=True)
    go(leader, leader.get_by_role("button", name="Đồng ý gia hạn"))
    assert flash(leader) == f"Đã đồng ý gia hạn đến ngày {vn(granted)}.", flash(leader)
    # the department sees the answer: the new deadline, and both dates in the history
    yt.goto(task_page)
    meta = yt.locator("dl.meta").inner_text()
    assert vn(granted) in meta and f"ban đầu {vn(day + timedelta(days=5))}" in meta, meta
    history = yt.locator(".history").inner_text()
    assert f"Thời hạn mới {vn(granted)} (đơn vị đề nghị đến {vn(asked)})" in history, history
    yt.screenshot(path=str(shots_dir / "111-unit-reads-answer.png"), full_page=True)

    # Giám đốc Sở Xây dựng hands the resettlement review to cv-xd; at quarter end the administrator closes cv-xd's
    # account (he left the Sở)
    head = login("gd-xd")
    head.goto(f"{live.url}/ui/inbox")
    go(head, head.get_by_role("link", name="rà soát quy hoạch các khu tái định cư").first)
    xd_task = head.url
    head.locator("#assign-handler").get_by_label("Cán bộ xử lý").select_option("cv-xd")
    go(head, head.locator("#assign-handler").get_by_role("button", name="Phân công"))
    assert head.locator("dd.handler").inner_text() == "cv-xd"
    admin = login("quantri")
    admin.on("dialog", lambda d: d.accept())  # "Khóa tài khoản cv-xd? …"
    admin.goto(f"{live.url}/ui/admin/users/cv-xd")
    go(admin, admin.get_by_role("button", name="Khóa tài khoản"))
    assert "Đã khóa" in admin.locator("dl").first.inner_text()
    # "the task still said 'Cán bộ xử lý: cv-xd' — nothing told me it was ours again": the task and the inbox say so
    head.goto(xd_task)
    left = head.locator("dd.handler-left").inner_text()
    assert left.startswith("cv-xd không còn xử lý") and "chờ lãnh đạo đơn vị phân công cán bộ khác" in left, left
    assert head.locator("dd.handler").count() == 0 and head.locator("#assign-handler").count() == 1
    head.screenshot(path=str(shots_dir / "112-head-reads-specialist-left.png"), full_page=True)
    head.goto(f"{live.url}/ui/inbox")
    row = head.locator("table.tasks tbody tr").filter(has_text="tái định cư")
    assert "cv-xd không còn xử lý: chờ phân công cán bộ khác" in row.inner_text(), row.inner_text()

    # another officer of the Sở: what is not built is said where she looks — everyone of the unit reads its tasks;
    # a report goes out at once, with no step where the head approves it first
    cv2 = login("cv2-xd")
    cv2.goto(f"{live.url}/ui/inbox")
    assert "Mọi cán bộ của đơn vị đều xem được" in cv2.locator("#unit-visibility").inner_text()
    cv2.goto(xd_task)
    assert "chưa có bước lãnh đạo đơn vị duyệt" in cv2.locator("#no-draft").inner_text()
    cv2.screenshot(path=str(shots_dir / "113-officer-reads-what-is-not-built.png"), full_page=True)

    # Văn phòng UBND tỉnh: the quarter's report on screen, then its DOCX
    office = login("cvp")
    office.goto(f"{live.url}/ui/report")
    office.get_by_label("Giao từ ngày").fill(vn(q_start))
    go(office, office.get_by_role("button", name="Xem"))
    table = office.locator("table.num")
    assert "Được gia hạn, giao lại" in table.locator("thead").inner_text()
    yt_cells = table.locator("tbody tr").filter(has_text=YT).locator("td").all_inner_texts()
    assert yt_cells[:6] == ["1", "0", "0", "1", "0", "1"], yt_cells
    assert "Chưa có bản PDF" in office.locator("#no-pdf").inner_text()
    office.screenshot(path=str(shots_dir / "114-quarter-report.png"), full_page=True)
    with office.expect_download() as got:
        office.get_by_role("button", name="Tải báo cáo (DOCX)").click()
    path = shots_dir / f"115-{got.value.suggested_filename}"
    got.value.save_as(path)
    printed = docx.Document(str(path))
    counts = next(t for t in printed.tables if t.rows[0].cells[0].text == "Đơn vị")
    assert [c.text for c in counts.rows[0].cells][6] == "Được gia hạn, giao lại"
    body = "\n".join(c.text for t in printed.tables for r in t.rows for c in r.cells)
    assert f"Lý do gia hạn đến {vn(granted)}: Chờ Bộ Y tế phân bổ vắc xin đợt 2." in body, body[-2000:]

    # the giao ban page: the same column, and where the PDF would be, what to do instead
    with httpx.Client(base_url=live.url, headers=live.token("cvp"), timeout=60) as api:
        meeting = api.post("/meetings", json={"title": "Giao ban cuối quý", "meeting_date": day.isoformat()}).json()
    office.goto(f"{live.url}/ui/meetings/{meeting['id']}")
    assert "Được gia hạn, giao lại" in office.locator("table.num thead").first.inner_text()
    assert "Lưu thành PDF" in office.locator("#no-pdf").inner_text()
    office.screenshot(path=str(shots_dir / "116-pack-page.png"), full_page=True)
