"""Thông báo 318/TB-UBND played in Chromium: the clerk's review queue does not offer "Các sở, ngành liên quan" as a
new unit and, asked to confirm a task it leads, says in Vietnamese to name the units first; the task written
"phối hợp với Sở GTVT, TC" reaches Sở Tài chính, read on a phone. Screenshots 50-51 go to the test output."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.notices import notice_text


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def test_clerk_names_units_before_a_collective_task_goes_out(live: Any, login: Any, shots_dir: Path) -> None:
    import httpx

    from services.core.dispatch import wait_idle

    live.create_user("vanthu", "clerk", clearance=1)
    live.create_user("cv-taichinh", "unit_staff", "Sở Tài chính")
    text = notice_text("318/TB-UBND", "06/12/2026", [
        "Các sở, ngành liên quan khẩn trương đẩy nhanh giải ngân vốn đầu tư công trong tháng 12/2026.",
        "Giao Sở Xây dựng chủ trì, phối hợp với Sở GTVT, TC kiểm tra chất lượng công trình cầu Bến Thủy 3, hoàn thành "
        "trước ngày 30/12/2026."])
    r = httpx.post(f"{live.url}/documents", headers=live.token("vanthu"), timeout=60,
                   files=[("files", ("tb-318.txt", text.encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    wait_idle(60)

    clerk = login("vanthu")
    clerk.goto(f"{live.url}/ui/review")
    assert "Các sở, ngành liên quan" not in clerk.locator("#proposals-h + p + ul").inner_text()
    vague = clerk.locator("li.review-task").filter(has_text="khẩn trương đẩy nhanh giải ngân")
    assert "Cần văn thư xem xét" in vague.inner_text() and "Đơn vị chủ trì chung chung" in vague.inner_text()
    go(clerk, vague.get_by_role("button", name="Xác nhận", exact=True))
    assert "“Các sở, ngành liên quan” là tên chung, không phải một đơn vị" in clerk.locator(".flash").inner_text()
    assert clerk.locator("li.review-task").filter(has_text="khẩn trương đẩy nhanh giải ngân").count() == 1
    clerk.screenshot(path=str(shots_dir / "50-review-collective.png"), full_page=True)
    quality = clerk.locator("li.review-task").filter(has_text="Bến Thủy 3")
    assert "Phối hợp: Sở Giao thông vận tải, Sở Tài chính" in quality.inner_text()
    go(clerk, quality.get_by_role("button", name="Xác nhận", exact=True))
    assert "Đã xác nhận nhiệm vụ" in clerk.locator(".flash").inner_text()

    phone = login("cv-taichinh", viewport=(390, 844))
    phone.goto(f"{live.url}/ui/inbox")
    row = phone.get_by_role("link", name="kiểm tra chất lượng công trình cầu Bến Thủy 3")
    assert row.count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    phone.screenshot(path=str(shots_dir / "51-inbox-support-phone.png"), full_page=True)

    # the clerk schedules the giao ban and prints its page: the content only, not the menu, forms or buttons
    clerk.goto(f"{live.url}/ui/meetings")
    clerk.get_by_label("Tên cuộc họp").fill("Giao ban tuần 49")
    clerk.get_by_label("Ngày họp (dd/mm/yyyy)").fill("08/12/2026")
    go(clerk, clerk.get_by_role("button", name="Lên lịch"))
    assert clerk.locator("header.top").is_visible() and clerk.locator("main form").first.is_visible()
    clerk.emulate_media(media="print")
    assert not clerk.locator("header.top").is_visible()
    assert not clerk.get_by_role("link", name="Tải tài liệu giao ban (DOCX)").is_visible()
    assert not clerk.locator("main form").first.is_visible()
    assert clerk.get_by_role("heading", name="Tổng hợp đến ngày").is_visible()
    assert clerk.locator("table").filter(has_text="Sở Xây dựng").first.is_visible()
    clerk.pdf(path=str(shots_dir / "52-meeting-printed.pdf"), format="A4")
