"""The seed scenario through the pages, in Chromium: the clerk uploads Thông báo 317/TB-UBND by drag and drop and
confirms its tasks; Sở Xây dựng acknowledges its task and reports progress with a file, then asks for an extension;
Công an tỉnh sees only its own task; Sở Thông tin và Truyền thông sees the two it cooperates on; the leader approves
the extension, schedules the giao ban and downloads the pack as DOCX. A screenshot of every page goes to the test
output."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers.notices import tb317_docx


def shot(page: Any, shots: Path, name: str, full: bool = True) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=full)


def go(page: Any, target: Any) -> None:
    """Click a link or a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def drop_files(page: Any, selector: str, files: list[tuple[str, bytes, str]]) -> None:
    """A real drop event with a DataTransfer holding the files (what the browser sends when a user drops)."""
    import base64

    payload = [{"name": n, "b64": base64.b64encode(d).decode(), "type": t} for n, d, t in files]
    page.evaluate("""([selector, files]) => {
        const dt = new DataTransfer();
        for (const f of files) {
            const bytes = Uint8Array.from(atob(f.b64), c => c.charCodeAt(0));
            dt.items.add(new File([bytes], f.name, {type: f.type}));
        }
        const zone = document.querySelector(selector);
        zone.dispatchEvent(new DragEvent('dragenter', {dataTransfer: dt, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", [selector, payload])


def test_seed_scenario_in_the_browser(live: Any, login: Any, browser: Any, shots_dir: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import pkgutil

    import services.briefing
    from services.core.dispatch import wait_idle

    # the scenario happens in 2008: "today" is 20/11/2008 for the briefing service (the server runs in this process)
    for mod in pkgutil.iter_modules(services.briefing.__path__):
        module = importlib.import_module(f"services.briefing.{mod.name}")
        if callable(getattr(module, "today", None)):
            monkeypatch.setattr(module, "today", lambda: date(2008, 11, 20))

    live.create_user("vanthu", "clerk", clearance=3)
    live.create_user("lanhdao", "leader", clearance=3)
    live.create_user("cv-xaydung", "unit_staff", "Sở Xây dựng")
    live.create_user("cv-congan", "unit_staff", "Công an tỉnh")
    live.create_user("cv-tttt", "unit_staff", "Sở Thông tin và Truyền thông")
    live.create_user("quantri", "admin", clearance=3)

    # --- the login form answers a wrong password in Vietnamese ----------------------------------------------------
    anon_ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    first = anon_ctx.new_page()
    first.goto(f"{live.url}/ui/documents")
    assert "/ui/login?next=" in first.url
    first.get_by_label("Tên đăng nhập").fill("vanthu")
    first.get_by_label("Mật khẩu").fill("sai-mat-khau")
    go(first, first.get_by_role("button", name="Đăng nhập"))
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in first.locator("[role=alert]").inner_text()
    shot(first, shots_dir, "00-login")
    anon_ctx.close()

    # --- the clerk uploads by drag and drop: the notice, and a file that is refused in Vietnamese ---------------
    clerk = login("vanthu")
    assert clerk.url.endswith("/ui/review")
    clerk.goto(f"{live.url}/ui/upload")
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    notice = tb317_docx()
    posts: list[str] = []
    clerk.on("request", lambda r: posts.append(r.url) if r.method == "POST" and r.url.endswith("/ui/upload") else None)
    drop_files(clerk, "#dropzone", [("thong-bao-317.docx", notice, docx),
                                    ("bang-luong.exe", b"MZ\x90\x00 not a document", "application/octet-stream")])
    rows = clerk.locator("#upload-list li")
    ok_row = rows.filter(has_text="thong-bao-317.docx")
    bad_row = rows.filter(has_text="bang-luong.exe")
    bad_row.and_(clerk.locator("li.error")).wait_for()
    assert "không được hỗ trợ" in bad_row.inner_text()
    ok_row.filter(has_text="Đã xử lý: 317/TB-UBND").wait_for(timeout=60_000)
    assert ok_row.locator("progress").evaluate("e => e.value") == 100
    assert len(posts) == 1  # the files dropped together go in one request, each with its own row and result
    shot(clerk, shots_dir, "01-upload")
    wait_idle(60)  # briefing has synced the tasks

    # --- the review queue: four proposals; the clerk moves one deadline and confirms the rest -------------------
    clerk.goto(f"{live.url}/ui/review")
    tasks = clerk.locator("li.review-task")
    assert tasks.count() == 4, clerk.content()
    shot(clerk, shots_dir, "02-review")
    kh = tasks.filter(has_text="dịch vụ công trực tuyến, báo cáo")
    kh.get_by_text("Sửa", exact=True).click()
    kh.get_by_label("Thời hạn (dd/mm/yyyy)").first.fill("05/11/2008")
    kh.get_by_label("Đơn vị phối hợp 2").fill("Văn phòng UBND tỉnh")
    shot(clerk, shots_dir, "03-review-edit")
    go(clerk, kh.get_by_role("button", name="Lưu và xác nhận"))
    clerk.wait_for_load_state()
    assert "Đã lưu và xác nhận nhiệm vụ." in clerk.locator(".flash").inner_text()
    while clerk.locator("li.review-task").count():
        go(clerk, clerk.locator("li.review-task").first.get_by_role("button", name="Xác nhận"))
    assert "Không có nhiệm vụ nào chờ duyệt." in clerk.content()

    # the document page: metadata, text, tasks, and the original byte for byte
    clerk.goto(f"{live.url}/ui/search?q=cong+thong+tin+dien+tu")
    hit = clerk.locator("li.hit").first
    assert "317/TB-UBND" in hit.inner_text()
    assert hit.locator(".snippet mark").count() > 0  # highlights without accents in the query
    assert "Thông báo" in clerk.locator("[data-facet=type]").inner_text()
    shot(clerk, shots_dir, "04-search")
    go(clerk, hit.get_by_role("link", name="317/TB-UBND"))
    clerk.wait_for_load_state()
    assert "UBND tỉnh" in clerk.locator("dl.meta").inner_text()
    assert "07/10/2008" in clerk.locator("dl.meta").inner_text()
    assert clerk.locator("table.tasks tbody tr").count() == 4
    assert "05/11/2008" in clerk.locator("table.tasks").inner_text()
    shot(clerk, shots_dir, "05-document")
    with clerk.expect_download() as dl:
        clerk.get_by_role("link", name="thong-bao-317.docx").click()
    assert Path(dl.value.path()).read_bytes() == notice

    # --- Sở Xây dựng: its inbox, acknowledge, progress with a file, ask for an extension --------------------------
    xd = login("cv-xaydung")
    assert xd.url.endswith("/ui/inbox")
    assert "Nhiệm vụ của Sở Xây dựng" in xd.locator("h1").inner_text()
    rows = xd.locator("table.tasks tbody tr")
    assert rows.count() == 1 and "Cổng thông tin điện tử" in rows.first.inner_text()
    assert "Đang thực hiện trong hạn (1)" in xd.locator("[data-status=in_progress] h2").inner_text()
    assert "Quá hạn chưa hoàn thành (0)" in xd.locator("[data-status=overdue] h2").inner_text()
    shot(xd, shots_dir, "06-inbox-xaydung")
    go(xd, rows.first.get_by_role("link").first)
    go(xd, xd.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    assert "Đã tiếp nhận nhiệm vụ." in xd.locator(".flash").inner_text()
    report = tmp_path / "ho-so-thiet-ke.txt"
    report.write_text("Hồ sơ thiết kế đã hoàn thiện.\n", encoding="utf-8")
    xd.get_by_label("Tình hình thực hiện").fill("Đã hoàn thiện hồ sơ thiết kế, đang thi công hạ tầng.")
    xd.get_by_label("Tỷ lệ hoàn thành (%)").fill("60")
    xd.get_by_label("Tệp đính kèm (không bắt buộc)").set_input_files(str(report))
    go(xd, xd.get_by_role("button", name="Gửi báo cáo"))
    assert "Đã gửi báo cáo tiến độ." in xd.locator(".flash").inner_text()
    history = xd.locator("ol.history").inner_text()
    assert "Báo cáo tiến độ" in history and "Tiếp nhận" in history and "60%" in history
    with xd.expect_download() as dl:
        xd.get_by_role("link", name="ho-so-thiet-ke.txt").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == "Hồ sơ thiết kế đã hoàn thiện.\n"
    # a date that is not a date gets a Vietnamese message, nothing changes
    xd.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill("31/02/2009")
    xd.get_by_label("Lý do", exact=True).fill("Chờ vốn")
    go(xd, xd.get_by_role("button", name="Gửi đề nghị"))
    assert "hãy nhập theo dạng dd/mm/yyyy" in xd.locator(".flash.error").inner_text()
    assert xd.get_by_label("Lý do", exact=True).input_value() == "Chờ vốn"  # what was typed is kept after the refusal
    xd.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill("31/01/2009")
    xd.get_by_label("Lý do", exact=True).fill("Chờ bố trí vốn đợt 2.")
    go(xd, xd.get_by_role("button", name="Gửi đề nghị"))
    assert "Đã gửi đề nghị gia hạn." in xd.locator(".flash").inner_text()
    assert "đến 31/01/2009" in xd.locator("dl.meta").inner_text()
    shot(xd, shots_dir, "07-task-xaydung")
    # the inbox on a phone
    phone = login("cv-xaydung", viewport=(390, 844))
    shot(phone, shots_dir, "08-inbox-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling

    # --- Công an tỉnh sees its own task only; Sở TT&TT sees the two it cooperates on ------------------------------
    ca = login("cv-congan")
    text = ca.locator("main").inner_text()
    assert ca.locator("table.tasks tbody tr").count() == 1 and "an toàn thông tin" in text
    for other in ("Cổng thông tin điện tử tỉnh, hoàn", "cơ sở dữ liệu đất đai", "thẩm định và bố trí vốn"):
        assert other not in text
    shot(ca, shots_dir, "09-inbox-congan")
    go(ca, ca.get_by_role("link", name="Phối hợp"))
    assert ca.locator("table.tasks tbody tr").count() == 0
    tttt = login("cv-tttt")
    go(tttt, tttt.get_by_role("link", name="Phối hợp"))
    assert tttt.locator("table.tasks tbody tr").count() == 2
    # a cooperating unit reports its part; it does not acknowledge (tiếp nhận) the lead unit's task
    go(tttt, tttt.locator("table.tasks tbody tr").filter(has_text="an toàn thông tin").get_by_role("link").first)
    assert tttt.get_by_role("button", name="Tiếp nhận nhiệm vụ").count() == 0
    assert "Báo cáo phần việc phối hợp" in tttt.locator("aside").inner_text()
    tttt.get_by_label("Tình hình thực hiện").fill("Đã rà soát phương án an toàn thông tin cho Cổng.")
    go(tttt, tttt.get_by_role("button", name="Gửi báo cáo"))
    assert "Đơn vị phối hợp báo cáo" in tttt.locator("ol.history").inner_text()
    tttt.goto(f"{live.url}/ui/inbox")
    go(tttt, tttt.get_by_role("link", name="Chủ trì"))
    assert tttt.locator("table.tasks tbody tr").count() == 0

    # --- the leader: approves the extension, schedules the giao ban, sees and downloads the pack ------------------
    lead = login("lanhdao")
    assert lead.url.endswith("/ui/leader")
    ext = lead.locator("#extensions table.tasks tbody tr")
    assert ext.count() == 1 and "31/01/2009" in ext.inner_text()
    shot(lead, shots_dir, "10-leader")
    go(lead, ext.get_by_role("link").first)
    go(lead, lead.get_by_role("button", name="Đồng ý gia hạn"))
    assert "Đã đồng ý gia hạn đến ngày 31/01/2009." in lead.locator(".flash").inner_text()
    meta = lead.locator("dl.meta").inner_text()
    assert "31/01/2009" in meta and "ban đầu 30/11/2008" in meta
    assert "Đồng ý gia hạn" in lead.locator("ol.history").inner_text()

    lead.goto(f"{live.url}/ui/meetings")
    lead.get_by_label("Tên cuộc họp").fill("Giao ban UBND tỉnh ngày 13/10/2008")
    lead.get_by_label("Ngày họp (dd/mm/yyyy)").fill("13/10/2008")
    lead.get_by_label("Người chủ trì").fill("Phó Chủ tịch UBND tỉnh")
    lead.get_by_label("Ngày họp kỳ sau (dd/mm/yyyy, không bắt buộc)").fill("03/11/2008")
    for name in ("Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Công an tỉnh"):
        lead.get_by_label(name, exact=True).check()
    shot(lead, shots_dir, "11-meetings")
    go(lead, lead.get_by_role("button", name="Lên lịch"))
    lead.wait_for_load_state()
    assert re.search(r"/ui/meetings/[0-9a-f-]{36}$", lead.url), lead.url
    lead.get_by_label("Tình hình đến ngày (dd/mm/yyyy)").fill("13/10/2008")
    go(lead, lead.get_by_role("button", name="Xem"))
    lead.wait_for_load_state()
    total = lead.locator("tr.total").inner_text().split()
    assert total[:3] == ["Tổng", "cộng", "4"], total
    shot(lead, shots_dir, "12-pack")
    with lead.expect_download() as dl:
        lead.get_by_role("link", name="Tải tài liệu giao ban (DOCX)").click()
    assert dl.value.suggested_filename == "tai-lieu-giao-ban-2008-10-13.docx"
    from docx import Document

    doc = Document(io.BytesIO(Path(dl.value.path()).read_bytes()))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Giao ban UBND tỉnh ngày 13/10/2008" in body and "Sở Xây dựng" in body
    # the progress report across units, on screen and as DOCX
    go(lead, lead.get_by_role("link", name="Báo cáo", exact=True))
    lead.get_by_label("Đến ngày").fill("10/12/2008")
    go(lead, lead.get_by_role("button", name="Xem"))
    assert lead.locator("tr.total").inner_text().split()[:3] == ["Tổng", "cộng", "4"]
    report_text = lead.locator("main").inner_text()  # on 10/12/2008 only Sở Kế hoạch và Đầu tư is late
    assert "Quá hạn chưa hoàn thành (1)" in report_text and "Đang thực hiện trong hạn (3)" in report_text
    shot(lead, shots_dir, "12b-report")
    with lead.expect_download() as dl:
        lead.get_by_role("button", name="Tải báo cáo (DOCX)").click()
    assert dl.value.suggested_filename == "bao-cao-tinh-hinh-thuc-hien-nhiem-vu-2008-12-10.docx"
    # an overdue task cannot be extended: the leader gives it a new deadline
    lead.goto(f"{live.url}/ui/leader")
    go(lead, lead.locator("#overdue table.tasks tbody tr").filter(has_text="thẩm định").get_by_role("link").first)
    lead.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill("15/12/2008")
    lead.get_by_label("Lý do giao lại").fill("Chờ kết quả thẩm định vốn của Bộ.")
    go(lead, lead.get_by_role("button", name="Giao lại"))
    assert "Đã giao lại thời hạn mới." in lead.locator(".flash").inner_text()
    assert "15/12/2008" in lead.locator("dl.meta").inner_text()

    # --- the administrator: accounts, units, the audit log of all this -------------------------------------------
    admin = login("quantri")
    assert admin.locator("table tbody tr").filter(has_text="cv-xaydung").count() == 1
    shot(admin, shots_dir, "13-admin-users")
    # disabling an account ends its open session at once
    admin.once("dialog", lambda d: d.accept())
    go(admin, admin.get_by_role("button", name="Khóa tài khoản cv-congan"))
    assert "Đã khóa tài khoản “cv-congan”." in admin.locator(".flash").inner_text()
    ca.goto(f"{live.url}/ui/inbox")
    assert "/ui/login" in ca.url
    admin.goto(f"{live.url}/ui/admin/units")
    assert admin.locator("th", has_text="Công an tỉnh").count() == 1
    shot(admin, shots_dir, "14-admin-units")
    admin.goto(f"{live.url}/ui/admin/audit?action=export")
    assert "lanhdao" in admin.locator("table").inner_text()
    shot(admin, shots_dir, "15-admin-audit")
