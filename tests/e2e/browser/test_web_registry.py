"""The văn thư's registers through the pages, in Chromium: the clerk registers an incoming letter (số đến 1), a
wrong date is answered in Vietnamese, the register prints as DOCX; the leader routes the letter to Sở Xây dựng
(a task in its inbox) and marks it handled; the clerk drafts the reply, the leader signs it, the clerk numbers,
issues and sends it (01/UBND-KT); the head of Sở Xây dựng sees its own sổ đến with the reply, and not the office's
sổ đi. A screenshot of every page goes to the test output."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from helpers.registry import DOCX, letter, reply_draft


def shot(page: Any, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def flash(page: Any) -> str:
    return str(page.locator(".flash").inner_text())


def test_registers_in_the_browser(live: Any, login: Any, shots_dir: Path) -> None:
    from docx import Document

    from services.core.dispatch import wait_idle

    live.create_user("vanthu", "clerk", clearance=3)
    live.create_user("lanhdao", "leader", clearance=3)
    live.create_user("tp-xaydung", "unit_head", "Sở Xây dựng")

    # --- the clerk registers an incoming letter ----------------------------------------------------------------
    clerk = login("vanthu")
    clerk.goto(f"{live.url}/ui/registry")
    assert "Chưa có sổ nào" in clerk.locator("main").inner_text()
    go(clerk, clerk.get_by_role("link", name="Vào sổ văn bản đến").first)
    form = clerk.locator("form.form-grid")
    form.get_by_label("Tệp văn bản").set_input_files(
        files=[{"name": "cv-55.docx", "mimeType": DOCX, "buffer": letter("55/STC-QLG", extra="giao diện")}])
    form.get_by_label("Tác giả (cơ quan gửi)").fill("Sở Tài chính")
    form.get_by_label("Số, ký hiệu").fill("55/STC-QLG")
    form.get_by_label("Ngày tháng văn bản (dd/mm/yyyy)").fill("31/02/2026")  # not a date: nothing is registered
    form.get_by_label("Trích yếu nội dung").fill("Về việc rà soát hồ sơ mua sắm thiết bị")
    go(clerk, form.get_by_role("button", name="Vào sổ"))
    assert "hãy nhập theo dạng dd/mm/yyyy" in clerk.locator(".flash.error").inner_text()
    form = clerk.locator("form.form-grid")
    form.get_by_label("Tệp văn bản").set_input_files(
        files=[{"name": "cv-55.docx", "mimeType": DOCX, "buffer": letter("55/STC-QLG", extra="giao diện")}])
    form.get_by_label("Tác giả (cơ quan gửi)").fill("Sở Tài chính")
    form.get_by_label("Số, ký hiệu").fill("55/STC-QLG")
    form.get_by_label("Ngày tháng văn bản (dd/mm/yyyy)").fill("02/12/2026")
    form.get_by_label("Trích yếu nội dung").fill("Về việc rà soát hồ sơ mua sắm thiết bị")
    form.get_by_label("Độ khẩn").select_option(label="Khẩn")
    shot(clerk, shots_dir, "30-registry-incoming-new")
    go(clerk, form.get_by_role("button", name="Vào sổ"))
    assert "Đã vào sổ: số đến 1" in flash(clerk), clerk.content()[:3000]
    meta = clerk.locator("dl.meta").inner_text()
    assert "55/STC-QLG" in meta and "02/12/2026" in meta and "Khẩn" in meta
    entry_url = clerk.url
    wait_idle(60)

    clerk.goto(f"{live.url}/ui/registry")
    row = clerk.locator("table.registers tbody tr").filter(has_text="Sổ đăng ký văn bản đến")
    assert row.count() == 1 and row.locator("td.n").inner_text().strip() == "1"
    shot(clerk, shots_dir, "31-registry")
    with clerk.expect_download() as dl:
        row.get_by_role("link", name="DOCX").click()
    printed = Document(io.BytesIO(Path(dl.value.path()).read_bytes()))
    cells = " ".join(c.text for t in printed.tables for r in t.rows for c in r.cells)
    assert "55/STC-QLG" in cells and "Sở Tài chính" in cells
    go(clerk, row.locator("th a"))
    lines = clerk.locator("table.register-lines tbody tr")
    assert lines.count() == 1 and "02/12/2026" in lines.first.inner_text()
    shot(clerk, shots_dir, "32-registry-incoming")
    assert clerk.locator("form[action$='/routing']").count() == 0  # the clerk does not route

    # --- the leader routes it to Sở Xây dựng and marks it handled --------------------------------------------------
    lead = login("lanhdao")
    lead.goto(entry_url)
    lead.get_by_label("Ý kiến chỉ đạo").fill("Giao Sở Xây dựng chủ trì thẩm định, báo cáo trước 20/12/2026.")
    lead.get_by_label("Hạn xử lý (dd/mm/yyyy, không bắt buộc)").fill("20/12/2026")
    lead.get_by_label("Đơn vị chủ trì").fill("Sở Xây dựng")
    go(lead, lead.get_by_role("button", name="Chuyển xử lý"))
    assert "Đã chuyển văn bản đến các đơn vị xử lý." in flash(lead)
    routed = lead.locator("ol.history").inner_text()
    assert "Chủ trì: Sở Xây dựng" in routed and "20/12/2026" in routed
    shot(lead, shots_dir, "33-registry-entry")
    go(lead, lead.get_by_role("button", name="Đánh dấu đã giải quyết"))
    assert "Đã giải quyết" in lead.locator("dl.meta").inner_text()

    # --- the clerk drafts the reply; the leader signs; the clerk numbers, issues and sends ------------------------
    clerk.goto(entry_url)
    go(clerk, clerk.get_by_role("link", name="Soạn văn bản đi trả lời văn bản này"))
    form = clerk.locator("form.form-grid")
    form.get_by_label("Tệp dự thảo (DOCX hoặc PDF)").set_input_files(
        files=[{"name": "du-thao.docx", "mimeType": DOCX, "buffer": reply_draft("giao diện")}])
    form.get_by_label("Loại văn bản").select_option("Công văn")
    form.get_by_label("Đơn vị soạn thảo (ký hiệu, cho công văn)").fill("KT")
    form.get_by_label("Trích yếu nội dung").fill("Về việc thẩm định hồ sơ mua sắm thiết bị")
    form.get_by_label("Nơi nhận trong cơ quan 1").fill("Sở Xây dựng")
    shot(clerk, shots_dir, "34-registry-outgoing-new")
    go(clerk, form.get_by_role("button", name="Tạo dự thảo"))
    assert "Đã tạo dự thảo văn bản đi." in flash(clerk)
    out_url = clerk.url
    assert clerk.get_by_role("button", name="Ký ban hành").count() == 0  # signing is the leader's
    go(clerk, clerk.get_by_role("button", name="Trình ký"))
    lead.goto(out_url)
    lead.get_by_label("Họ tên người ký").fill("Lê Văn Bình")
    lead.get_by_label("Chức vụ").fill("PHÓ CHỦ TỊCH")
    go(lead, lead.get_by_role("button", name="Ký ban hành"))
    assert "Đã ký ban hành văn bản." in flash(lead)
    clerk.goto(out_url)
    go(clerk, clerk.get_by_role("button", name="Cấp số"))
    assert "01/UBND-KT" in clerk.locator("h1").inner_text()
    go(clerk, clerk.get_by_role("button", name="Phát hành"))
    assert "Đã phát hành" in clerk.locator("dl.meta").inner_text(), flash(clerk)
    go(clerk, clerk.get_by_role("button", name="Gửi"))
    assert "Đã gửi văn bản đến nơi nhận." in flash(clerk)
    history = clerk.locator("ol.history").inner_text()
    for step in ("Tạo dự thảo", "Trình ký", "Ký", "Cấp số", "Phát hành", "Gửi"):
        assert step in history
    shot(clerk, shots_dir, "35-registry-outgoing-detail")
    clerk.goto(f"{live.url}/ui/registry/outgoing")
    assert "01/UBND-KT" in clerk.locator("table.register-lines").inner_text()
    shot(clerk, shots_dir, "36-registry-outgoing")
    wait_idle(60)

    # --- the head of Sở Xây dựng: its own sổ đến holds the reply; the office's sổ đi is not for it ----------------
    head = login("tp-xaydung")
    head.goto(f"{live.url}/ui/registry")
    names = head.locator("table.registers tbody").inner_text()
    assert "Sổ đăng ký văn bản đến" in names and "văn bản đi" not in names
    head.goto(f"{live.url}/ui/registry/incoming")
    own = head.locator("table.register-lines tbody").inner_text()
    assert "01/UBND-KT" in own and "55/STC-QLG" not in own
    phone = login("tp-xaydung", viewport=(390, 844))  # the unit's sổ đến on a phone: no sideways scrolling
    phone.goto(f"{live.url}/ui/registry/incoming")
    assert "01/UBND-KT" in phone.locator("table.register-lines").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(phone, shots_dir, "36b-registry-incoming-phone")
    head.goto(f"{live.url}/ui/registry/outgoing")
    assert "không dành cho vai trò của bạn" in head.locator("main").inner_text()
    head.goto(entry_url)  # the office's line, by its address
    assert head.locator("dl.meta").count() == 0

    # --- the administrator: a unit's aliases and contacts, an account's rights, the audit log in Vietnamese ------
    live.create_user("quantri", "admin", clearance=3)
    admin = login("quantri")
    admin.goto(f"{live.url}/ui/admin/units?q=xay+dung")
    row = admin.locator("table.units tbody tr").filter(has_text="Sở Xây dựng")
    assert row.count() == 1
    row.get_by_label("Thư điện tử của Sở Xây dựng").fill("soxaydung@example.gov.vn")
    go(admin, row.get_by_role("button", name="Lưu thông tin liên hệ của Sở Xây dựng"))
    assert "Đã lưu thông tin liên hệ của đơn vị." in flash(admin)
    admin.goto(f"{live.url}/ui/admin/units?q=xay+dung")
    assert admin.get_by_label("Thư điện tử của Sở Xây dựng").input_value() == "soxaydung@example.gov.vn"
    shot(admin, shots_dir, "37-admin-units")
    admin.goto(f"{live.url}/ui/admin/users")
    go(admin, admin.get_by_role("link", name="tp-xaydung"))
    admin.get_by_label("Được xem văn bản đến mức").select_option(label="Mật")
    go(admin, admin.get_by_role("button", name="Lưu tài khoản"))
    assert "Đã lưu tài khoản “tp-xaydung”." in flash(admin)
    assert "Mật" in admin.locator("dl.meta").inner_text()
    head.goto(f"{live.url}/ui/registry")  # a change of rights ends the account's sessions
    assert "/ui/login" in head.url
    admin.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill("ngan")
    admin.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").evaluate("e => e.removeAttribute('minlength')")
    go(admin, admin.get_by_role("button", name="Đặt mật khẩu"))
    assert "Mật khẩu mới" in admin.locator(".flash.error").inner_text()
    shot(admin, shots_dir, "38-admin-user")
    admin.goto(f"{live.url}/ui/admin/audit?object_id=&action=change")
    log = admin.locator("table").inner_text()
    assert "Văn bản đi" in log and "Tài khoản" in log and "mức được xem" in log
    shot(admin, shots_dir, "39-admin-audit")
