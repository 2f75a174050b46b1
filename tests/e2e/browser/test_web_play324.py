"""A week at a province after the 2025 reorganisation, played in Chromium: Sở Kế hoạch và Đầu tư still has its
staff and an open task from a 2024 chỉ thị when the administrator merges it into Sở Tài chính (sáp nhập) on the units
page. Before, the page had no way to do it — renaming it to Sở Tài chính and adding its name to Sở Tài chính were
both refused ("mỗi tên chỉ dùng cho một đơn vị") — so the task stayed in a dead unit's inbox, at the giao ban under
a unit that no longer exists. Now its tasks, its staff, its documents' access and its names follow the unit it
joined; a document naming it afterwards reaches Sở Tài chính. Screenshots 60-63 and the printed pack (64) go to the test output."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fixtures.builders import make_docx
from helpers.notices import directive_2024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NATION = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"]
KH, TC = "Sở Kế hoạch và Đầu tư", "Sở Tài chính"



def letter_to_the_old_name() -> bytes:
    body = ["Để chuẩn bị kỳ họp HĐND tỉnh cuối năm, UBND tỉnh yêu cầu:",
            "Giao Sở KH&ĐT chủ trì rà soát danh mục dự án khởi công mới năm 2027, báo cáo UBND tỉnh trước ngày "
            "28/12/2026."]
    return make_docx(body, header_left=[*HEAD, "Số: 6120/UBND-KT", "V/v chuẩn bị kỳ họp HĐND tỉnh"],
                     header_right=[*NATION, "Nghệ An, ngày 04 tháng 12 năm 2026"], title=[],
                     signer=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Trần Văn Bình"],
                     recipients=["Nơi nhận:", f"- {KH};", "- Lưu: VT."])


def invitation_for_the_department() -> bytes:
    """Addressed to Sở Kế hoạch và Đầu tư alone, for information: no task."""
    body = ["Văn phòng UBND tỉnh trân trọng kính mời lãnh đạo Sở Kế hoạch và Đầu tư dự buổi làm việc với Đoàn công tác "
            "của Bộ Tài chính về tình hình thu hút đầu tư nước ngoài, vào lúc 14 giờ 00 ngày 16/12/2026 tại Phòng họp "
            "số 2, trụ sở UBND tỉnh."]
    return make_docx(body, header_left=["UBND TỈNH NGHỆ AN", "VĂN PHÒNG", "Số: 977/GM-VP"],
                     header_right=[*NATION, "Nghệ An, ngày 03 tháng 12 năm 2026"],
                     title=["GIẤY MỜI", "Làm việc với Đoàn công tác của Bộ Tài chính"],
                     signer=["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "", "Hồ Thị Vân"],
                     recipients=["Nơi nhận:", f"- {KH};", "- Lưu: VT."])


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def upload(live: Any, name: str, data: bytes) -> None:
    import httpx

    from services.core.dispatch import wait_idle

    r = httpx.post(f"{live.url}/documents", headers=live.token("vanthu"), timeout=60,
                   files=[("files", (name, data, DOCX))])
    assert r.status_code == 202, r.text
    wait_idle(60)


def test_admin_merges_a_department_and_its_work_follows(live: Any, login: Any, shots_dir: Path) -> None:
    live.create_user("vanthu", "clerk", clearance=1)
    live.create_user("quantri", "admin", clearance=3)
    live.create_user("pct", "leader", clearance=2)
    live.create_user("cv-khdt", "unit_staff", KH)
    live.create_user("cv-taichinh", "unit_staff", TC)
    live.create_user("cv-khcn", "unit_staff", "Sở Khoa học và Công nghệ")
    upload(live, "ct-15-2024.docx", directive_2024())
    upload(live, "gm-977.docx", invitation_for_the_department())

    clerk = login("vanthu")
    clerk.goto(f"{live.url}/ui/review")
    item = clerk.locator("li.review-task").filter(has_text="đánh giá giữa kỳ kế hoạch đầu tư công")
    assert f"Chủ trì: {KH} · Phối hợp: {TC}" in item.inner_text()
    go(clerk, item.get_by_role("button", name="Xác nhận", exact=True))
    assert "Đã xác nhận nhiệm vụ" in clerk.locator(".flash").inner_text()
    kh = login("cv-khdt")
    kh.goto(f"{live.url}/ui/inbox")
    assert kh.get_by_role("link", name="tổng hợp, đánh giá giữa kỳ kế hoạch đầu tư công").count() == 1
    kh.goto(f"{live.url}/ui/search?q=thu hút đầu tư nước ngoài")
    assert "977/GM-VP" in kh.locator("main").inner_text()

    # mid-week: Sở Kế hoạch và Đầu tư joins Sở Tài chính
    admin = login("quantri")
    admin.goto(f"{live.url}/ui/admin/units")
    go(admin, admin.get_by_role("link", name=KH, exact=True))
    admin.get_by_label("Đơn vị tiếp nhận (sáp nhập)").select_option(label=TC)
    admin.once("dialog", lambda d: d.accept())
    go(admin, admin.get_by_role("button", name="Gộp đơn vị"))
    assert f"Đã gộp “{KH}” vào {TC}" in admin.locator(".flash").inner_text()
    assert admin.locator("h1").inner_text() == TC
    assert KH in admin.locator("ul.aliases").inner_text() and "tên cũ" in admin.locator("ul.aliases").inner_text()
    admin.screenshot(path=str(shots_dir / "60-admin-unit-merged.png"), full_page=True)
    admin.goto(f"{live.url}/ui/admin/units")
    assert admin.get_by_role("link", name=KH, exact=True).count() == 0
    admin.goto(f"{live.url}/ui/admin/users")
    assert TC in admin.locator("tr").filter(has_text="cv-khdt").inner_text()
    admin.goto(f"{live.url}/ui/admin/audit")
    assert f"gộp đơn vị: {KH}; vào đơn vị: {TC}" in admin.locator("table").inner_text()

    # the officer of the merged unit keeps sight of the work, now Sở Tài chính's; the task is not its own partner
    kh.goto(f"{live.url}/ui/inbox")
    assert kh.locator("h1").inner_text() == f"Nhiệm vụ của {TC}"
    row = kh.locator("tr").filter(has_text="tổng hợp, đánh giá giữa kỳ kế hoạch đầu tư công")
    assert TC in row.inner_text() and KH not in row.inner_text() and f"Phối hợp: {TC}" not in row.inner_text()
    kh.screenshot(path=str(shots_dir / "61-inbox-after-merge.png"), full_page=True)
    kh.goto(f"{live.url}/ui/search?q=thu hút đầu tư nước ngoài")  # the invitation addressed to it, with no task
    assert "977/GM-VP" in kh.locator("main").inner_text()
    tc = login("cv-taichinh")
    tc.goto(f"{live.url}/ui/search?q=đầu tư công")
    facets = tc.locator("main").inner_text()
    assert "15/CT-UBND" in facets and KH not in facets.split("Độ mật")[0], facets
    other = login("cv-khcn")  # a department outside the merger gains nothing
    other.goto(f"{live.url}/ui/search?q=đầu tư công")
    assert "15/CT-UBND" not in other.locator("main").inner_text()

    # a letter still written to the old name reaches Sở Tài chính
    upload(live, "cv-6120.docx", letter_to_the_old_name())
    clerk.goto(f"{live.url}/ui/review")
    item = clerk.locator("li.review-task").filter(has_text="khởi công mới năm 2027")
    assert f"Chủ trì: {TC}" in item.inner_text(), item.inner_text()
    assert clerk.get_by_role("button", name="Thêm vào danh mục").count() == 0
    go(clerk, item.get_by_role("button", name="Xác nhận", exact=True))
    assert "Đã xác nhận nhiệm vụ" in clerk.locator(".flash").inner_text()
    clerk.screenshot(path=str(shots_dir / "62-review-old-name.png"), full_page=True)

    # the giao ban pack has no line for the unit that is gone
    leader = login("pct")
    leader.goto(f"{live.url}/ui/meetings")
    leader.get_by_label("Tên cuộc họp").fill("Giao ban UBND tỉnh tuần 50")
    leader.get_by_label("Ngày họp (dd/mm/yyyy)").fill("14/12/2026")
    go(leader, leader.get_by_role("button", name="Lên lịch"))
    summary = leader.locator("table").first.inner_text()
    assert TC in summary and KH not in summary, summary
    leader.screenshot(path=str(shots_dir / "63-pack-after-merge.png"), full_page=True)
    # printed on A4 (lãnh đạo: "'15/CT-' on one line and 'UBND' on the next — I read it as two documents"): a
    # document's number stays on one line, and the page does not grow sideways
    leader.set_viewport_size({"width": 794, "height": 1123})
    leader.emulate_media(media="print")
    numbers = leader.locator("td[data-label='Văn bản'] a")
    lines = {n.inner_text(): n.evaluate("e => e.getClientRects().length") for n in numbers.all()}
    assert lines == {"15/CT-UBND": 1, "6120/UBND-KT": 1}, lines
    assert leader.evaluate("document.documentElement.scrollWidth") <= 794
    leader.pdf(path=str(shots_dir / "64-pack-after-merge.pdf"), format="A4")
