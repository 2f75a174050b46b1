"""The administrator edits the office's unit names in Chromium: the names extraction read from Thông báo 317/TB-UBND
are accepted as a new unit or as another name of a unit already there; a unit is renamed (the old name stays, so old
documents still reach it), one is added by hand, an alias added and removed; the audit log says it in words; a clerk
cannot open the page. Screenshots 40-45 go to the test output."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.notices import tb317_docx


def shot(page: Any, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def go(page: Any, target: Any) -> None:
    """Click a link or a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def flash(page: Any) -> str:
    return str(page.locator(".flash").inner_text())


def test_admin_edits_unit_names_in_the_browser(live: Any, login: Any, shots_dir: Path) -> None:
    import httpx

    from services.core.dispatch import wait_idle

    live.create_user("vanthu", "clerk", clearance=3)
    live.create_user("cv-xaydung", "unit_staff", "Sở Xây dựng")
    live.create_user("quantri", "admin", clearance=3)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    r = httpx.post(f"{live.url}/documents", headers=live.token("vanthu"), timeout=60,
                   files=[("files", ("thong-bao-317.docx", tb317_docx(), docx))])
    assert r.status_code == 202, r.text
    wait_idle(60)  # processed and synced: the names extraction read are proposals

    admin = login("quantri")
    admin.goto(f"{live.url}/ui/admin/units")
    proposals = admin.locator("ul.proposals > li")
    assert proposals.filter(has_text="Sở Kế hoạch và Đầu tư").count() == 1
    assert proposals.filter(has_text="Sở Tài chính").count() == 1
    shot(admin, shots_dir, "40-admin-units-proposals")

    # a proposed name becomes a unit of the directory
    go(admin, proposals.filter(has_text="Sở Tài chính").get_by_role("button", name="Thêm thành đơn vị mới"))
    assert "Đã thêm đơn vị “Sở Tài chính” vào danh mục" in flash(admin)
    # another is a former name of that unit (the 2025 merger): its tasks go to Sở Tài chính
    kh = admin.locator("ul.proposals > li").filter(has_text="Sở Kế hoạch và Đầu tư")
    kh.get_by_label("Đơn vị có tên khác là Sở Kế hoạch và Đầu tư").select_option(label="Sở Tài chính")
    go(admin, kh.get_by_role("button", name="Ghi là tên khác"))
    assert "Đã ghi “Sở Kế hoạch và Đầu tư” là tên khác của Sở Tài chính" in flash(admin)
    assert admin.locator("ul.proposals > li").filter(has_text="Sở Kế hoạch và Đầu tư").count() == 0
    row = admin.locator("table.units tbody tr").filter(has_text="Sở Tài chính")
    assert "Sở Kế hoạch và Đầu tư" in row.inner_text()
    shot(admin, shots_dir, "41-admin-units-accepted")

    # rename a unit: Sở Thông tin và Truyền thông, accepted, becomes Sở Khoa học và Công nghệ; the old name stays
    tt = admin.locator("ul.proposals > li").filter(has_text="Sở Thông tin và Truyền thông")
    go(admin, tt.get_by_role("button", name="Thêm thành đơn vị mới"))
    go(admin, admin.get_by_role("link", name="Sở Thông tin và Truyền thông", exact=True))
    admin.get_by_label("Tên mới").fill("Sở Khoa học và Công nghệ")
    go(admin, admin.get_by_role("button", name="Đổi tên"))
    assert "Đã đổi tên đơn vị" in flash(admin)
    assert admin.locator("h1").inner_text() == "Sở Khoa học và Công nghệ"
    aliases = admin.locator("ul.aliases").inner_text()
    assert "Sở Thông tin và Truyền thông" in aliases and "tên cũ" in aliases
    assert "quantri thêm ngày" in aliases and "/20" in aliases  # dd/mm/yyyy
    shot(admin, shots_dir, "42-admin-unit-renamed")

    # a unit added by hand, with an alias added and removed again
    admin.goto(f"{live.url}/ui/admin/units")
    admin.get_by_label("Tên đơn vị", exact=True).fill("Ban Quản lý Khu kinh tế Đông Nam")
    admin.get_by_label("Thư điện tử (không bắt buộc)").fill("bqlkkt@example.gov.vn")
    go(admin, admin.get_by_role("button", name="Thêm đơn vị"))
    assert "Đã thêm đơn vị “Ban Quản lý Khu kinh tế Đông Nam” vào danh mục" in flash(admin)
    assert "bqlkkt@example.gov.vn" in admin.locator("dl.meta").inner_text()
    admin.get_by_label("Thêm tên khác hoặc tên viết tắt").fill("BQL KKT Đông Nam")
    go(admin, admin.get_by_role("button", name="Thêm tên khác"))
    assert "Đã thêm tên khác" in flash(admin)
    assert "BQL KKT Đông Nam" in admin.locator("ul.aliases").inner_text()
    shot(admin, shots_dir, "43-admin-unit-added")
    admin.get_by_label("Thêm tên khác hoặc tên viết tắt").fill("Sở Tài chính")  # another unit's name: refused
    go(admin, admin.get_by_role("button", name="Thêm tên khác"))
    assert ("Tên “Sở Tài chính” đang dùng cho đơn vị “Sở Tài chính”; mỗi tên chỉ dùng cho một đơn vị."
            in admin.locator(".flash.error").inner_text())
    shot(admin, shots_dir, "44-admin-unit-refused")
    admin.once("dialog", lambda d: d.accept())
    go(admin, admin.get_by_role("button", name="Bỏ tên khác BQL KKT Đông Nam"))
    assert "Đã bỏ tên khác của đơn vị." in flash(admin)
    assert admin.locator("ul.aliases").count() == 0

    # the audit log in words
    admin.goto(f"{live.url}/ui/admin/audit")
    log = admin.locator("table").inner_text()
    for words in ("thêm đơn vị", "tên cũ", "tên mới", "thêm tên khác", "bỏ tên khác"):
        assert words in log, words
    shot(admin, shots_dir, "45-admin-audit-units")

    # only an administrator
    clerk = login("vanthu")
    clerk.goto(f"{live.url}/ui/admin/units")
    assert "không dành cho vai trò của bạn" in clerk.locator("main").inner_text()
    assert clerk.locator("form[action$='/admin/units']").count() == 0
