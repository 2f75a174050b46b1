"""Thông báo 317/TB-UBND replayed in Chromium on today's merged main (play 330), as each of its users clicks: the
văn thư uploads the notice (DOCX, then its PDF: already registered) and reads the proposed tasks (units written as
headings without a colon over their items: the right leads, no junk); the leader confirms them (sent); Sở Xây dựng
(lead) reports and asks for more time, Sở Thông tin và Truyền thông (cooperating) reports its part, Sở Tài nguyên và
Môi trường returns its task, Sở Y tế (given nothing) sees nothing; the leader grants another date; the office reads
and prints the report and the giao ban pack (DOCX/XLSX read with python-docx and openpyxl); the leader on a phone.

The break found: the task Sở Tài nguyên và Môi trường returned was in the report (play20) but nowhere in the giao ban
pack — not on its page, DOCX, Excel nor JSON — though the meeting is where it is given to another unit. One server
for the module; screenshots 120-125 go to the test output."""
from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fixtures.builders import make_docx
from tests_support import office_today

XD, TT, KH, TN, YT = ("Sở Xây dựng", "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư",
                      "Sở Tài nguyên và Môi trường", "Sở Y tế")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def vn(d: Any) -> str:
    return d.strftime("%d/%m/%Y")


def flash(page: Any) -> str:
    return " ".join(page.locator(".flash").all_inner_texts())


def notice(day: Any) -> bytes:
    d1, d2, d3 = day + timedelta(days=25), day + timedelta(days=10), day + timedelta(days=40)
    body = [
        "Ngày 03 tháng 12, đồng chí Phó Chủ tịch UBND tỉnh đã chủ trì buổi làm việc với các sở, ngành về tình hình "
        "triển khai các dự án công nghệ thông tin của tỉnh. Phó Chủ tịch UBND tỉnh kết luận như sau:",
        "Dự án Cổng thông tin điện tử tỉnh là dự án trọng điểm, cần đẩy nhanh tiến độ để sớm đưa vào sử dụng.",
        "Để triển khai, giao nhiệm vụ cụ thể như sau",
        "1. Sở Xây dựng",
        f"- Chủ trì, phối hợp với {TT} hoàn thiện hồ sơ thiết kế, đẩy nhanh tiến độ thi công hạ tầng dự án Cổng thông "
        f"tin điện tử tỉnh, hoàn thành trước ngày {vn(d1)}.",
        "2. Sở Kế hoạch và Đầu tư",
        f"- Chủ trì, phối hợp với Sở Tài chính thẩm định và bố trí vốn cho dự án cung cấp dịch vụ công trực tuyến, "
        f"báo cáo UBND tỉnh trước ngày {vn(d2)}.",
        "3. Sở Tài nguyên và Môi trường",
        f"- Xây dựng cơ sở dữ liệu đất đai phục vụ dịch vụ công trực tuyến, hoàn thành trước ngày {vn(d3)}.",
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
    ]
    return make_docx(body, header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 317/TB-UBND"],
                     header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                   f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"],
                     title=["THÔNG BÁO", "Kết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc về các dự án công "
                            "nghệ thông tin"],
                     recipients=["Nơi nhận:", f"- {XD};", f"- {KH};", f"- {TN};", f"- {TT};", "- Sở Tài chính;",
                                 "- Lưu: VT."])


def test_317_played_as_each_user(live: Any, login: Any, shots_dir: Path, tmp_path: Path) -> None:
    import docx
    import httpx
    import openpyxl
    from helpers.pdf_check import to_pdf

    from services.core.dispatch import wait_idle

    day = office_today()
    issued = day - timedelta(days=2)
    for name, role, unit, lvl in (("vanthu", "clerk", None, 1), ("pct", "leader", None, 2), ("cvp", "leader", None, 1),
                                  ("gd-xd", "unit_head", XD, 0), ("cv-tt", "unit_staff", TT, 0),
                                  ("cv-tn", "unit_staff", TN, 0), ("cv-yt", "unit_staff", YT, 0)):
        live.create_user(name, role, unit, lvl)
    data = notice(issued)
    pdf = to_pdf({"tb-317.docx": data}, tmp_path)["tb-317.docx"].read_bytes()

    # 1. văn thư: the DOCX, then the signed PDF of the same notice — told it is already registered
    clerk = login("vanthu")
    clerk.goto(f"{live.url}/ui/upload")
    clerk.get_by_label("Chọn tệp").set_input_files([{"name": "tb-317.docx", "mimeType": DOCX, "buffer": data}])
    clerk.locator("#upload-list li.ok").filter(has_text="tb-317.docx").get_by_role("link", name="Xem văn bản").wait_for()
    wait_idle(120)
    clerk.get_by_label("Chọn tệp").set_input_files([{"name": "tb-317.pdf", "mimeType": "application/pdf",
                                                     "buffer": pdf}])
    copy = clerk.locator("#upload-list li").filter(has_text="tb-317.pdf").filter(has_text="đã được đăng ký")
    copy.wait_for()
    assert "317/TB-UBND" in copy.inner_text() and "không tạo thêm nhiệm vụ" in copy.inner_text()
    clerk.screenshot(path=str(shots_dir / "120-upload-317.png"), full_page=True)
    wait_idle(120)
    clerk.goto(f"{live.url}/ui/review")
    items = clerk.locator("li.review-task")
    texts = items.all_inner_texts()
    assert len(texts) == 3, "\n---\n".join(texts)  # the three units' items, no junk line
    for words, lead in (("hoàn thiện hồ sơ thiết kế", XD), ("thẩm định và bố trí vốn", KH),
                        ("cơ sở dữ liệu đất đai", TN)):
        [seen] = [t for t in texts if words in t]
        assert f"Chủ trì: {lead}" in seen, seen
    assert f"Phối hợp: {TT}" in next(t for t in texts if "hồ sơ thiết kế" in t)
    clerk.screenshot(path=str(shots_dir / "121-review-317.png"), full_page=True)

    # 2. lãnh đạo confirms the three (they go out)
    leader = login("pct")
    leader.goto(f"{live.url}/ui/review")
    for words in ("hoàn thiện hồ sơ thiết kế", "thẩm định và bố trí vốn", "cơ sở dữ liệu đất đai"):
        go(leader, leader.locator("li.review-task").filter(has_text=words).get_by_role("button", name="Xác nhận",
                                                                                        exact=True))
        assert flash(leader).startswith("Đã xác nhận nhiệm vụ."), flash(leader)

    # 3. the departments: the lead reports and asks for more time; the cooperating unit reports its part; Sở Tài
    # nguyên và Môi trường returns its task; Sở Y tế, given nothing, sees nothing
    xd = login("gd-xd")
    xd.goto(f"{live.url}/ui/inbox")
    go(xd, xd.get_by_role("link", name="hoàn thiện hồ sơ thiết kế").first)
    xd_task = xd.url
    go(xd, xd.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    xd.get_by_label("Tình hình thực hiện").fill("Đã hoàn thiện 70% hồ sơ thiết kế; đang thẩm tra.")
    xd.get_by_label("Tỷ lệ hoàn thành (%)").fill("40")
    go(xd, xd.get_by_role("button", name="Gửi báo cáo"))
    assert flash(xd) == "Đã gửi báo cáo tiến độ.", flash(xd)
    asked, granted = day + timedelta(days=45), day + timedelta(days=35)
    xd.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill(vn(asked))
    xd.get_by_label("Lý do", exact=True).fill("Chờ Sở TT&TT thống nhất phương án kết nối.")
    go(xd, xd.get_by_role("button", name="Gửi đề nghị"))
    assert flash(xd) == "Đã gửi đề nghị gia hạn.", flash(xd)
    tt = login("cv-tt")
    tt.goto(f"{live.url}/ui/inbox")
    go(tt, tt.get_by_role("link", name="hoàn thiện hồ sơ thiết kế").first)
    tt.get_by_label("Tình hình thực hiện").fill("Đã gửi Sở Xây dựng yêu cầu kỹ thuật kết nối.")
    go(tt, tt.get_by_role("button", name="Gửi báo cáo"))
    assert flash(tt) == "Đã gửi báo cáo tiến độ.", flash(tt)
    tn = login("cv-tn")
    tn.goto(f"{live.url}/ui/inbox")
    go(tn, tn.get_by_role("link", name="cơ sở dữ liệu đất đai").first)
    why = "Không thuộc chức năng; đề nghị giao Sở Khoa học và Công nghệ."
    tn.get_by_label("Lý do (nên giao đơn vị nào)").fill(why)
    go(tn, tn.get_by_role("button", name="Trả lại nhiệm vụ"))
    assert flash(tn).startswith("Đã trả lại nhiệm vụ"), flash(tn)
    assert tn.get_by_role("link", name="cơ sở dữ liệu đất đai").count() == 0
    yt = login("cv-yt")
    yt.goto(f"{live.url}/ui/inbox")
    assert "317/TB-UBND" not in yt.locator("main").inner_text()
    yt.goto(xd_task)
    assert "không có quyền xem" in yt.locator("main").inner_text()

    # 4. lãnh đạo grants a shorter date than asked
    leader.goto(xd_task)
    assert f"{TT} (đã báo cáo phần việc" in leader.locator("dl.meta").inner_text()
    leader.get_by_label("Gia hạn đến ngày (để trống: theo đề nghị của đơn vị)").fill(vn(granted))
    go(leader, leader.get_by_role("button", name="Đồng ý gia hạn"))
    assert flash(leader) == f"Đã đồng ý gia hạn đến ngày {vn(granted)}.", flash(leader)

    # 5. Văn phòng: the quarter's report (the returned task apart), then the giao ban pack — where the returned task
    # is given to another unit: before, the pack did not have it anywhere
    office = login("cvp")
    office.goto(f"{live.url}/ui/report")
    office.get_by_label("Giao từ ngày").fill(vn(date(issued.year, (issued.month - 1) // 3 * 3 + 1, 1)))
    go(office, office.get_by_role("button", name="Xem"))
    xd_cells = office.locator("table.num tbody tr").filter(has_text=XD).locator("td").all_inner_texts()
    assert xd_cells[:6] == ["1", "0", "0", "1", "0", "1"], xd_cells
    assert why.rstrip(".") in office.locator("ul.returned").inner_text()
    with office.expect_download() as got:
        office.get_by_role("button", name="Tải báo cáo (DOCX)").click()
    printed = docx.Document(io.BytesIO(Path(got.value.path()).read_bytes()))
    cells = "\n".join(c.text for t in printed.tables for r in t.rows for c in r.cells)
    assert f"Lý do gia hạn đến {vn(granted)}: Chờ Sở TT&TT thống nhất phương án kết nối." in cells
    assert f"{TT} (phối hợp): Đã gửi Sở Xây dựng yêu cầu kỹ thuật kết nối." in cells

    office.goto(f"{live.url}/ui/meetings")
    office.get_by_label("Tên cuộc họp").fill("Giao ban công nghệ thông tin")
    office.get_by_label("Ngày họp (dd/mm/yyyy)").fill(vn(day + timedelta(days=1)))
    go(office, office.get_by_role("button", name="Lên lịch"))
    meeting_url = office.url
    returned = office.locator("#pack-returned")
    assert returned.count() == 1, "the returned task is not in the giao ban pack"
    assert "cơ sở dữ liệu đất đai" in returned.inner_text() and why.rstrip(".") in returned.inner_text()
    office.screenshot(path=str(shots_dir / "122-pack-returned.png"), full_page=True)
    files = {}
    for link in ("Tải tài liệu giao ban (DOCX)", "Bảng tính (Excel)"):
        with office.expect_download() as got:
            office.get_by_role("link", name=link).click()
        files[Path(got.value.suggested_filename).suffix] = Path(got.value.path()).read_bytes()
    pack = docx.Document(io.BytesIO(files[".docx"]))
    assert any("trả lại, chờ giao đơn vị khác (1)" in p.text.lower() for p in pack.paragraphs)
    cells = "\n".join(c.text for t in pack.tables for r in t.rows for c in r.cells)
    assert "Xây dựng cơ sở dữ liệu đất đai" in cells and why in cells
    assert f"Lý do gia hạn đến {vn(granted)}" in cells
    sheet = openpyxl.load_workbook(io.BytesIO(files[".xlsx"]))["Nhiệm vụ"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[1] == "Đơn vị trả lại, chờ giao đơn vị khác"]
    assert len(rows) == 1 and rows[0][3] == "Xây dựng cơ sở dữ liệu đất đai phục vụ dịch vụ công trực tuyến", rows
    meeting_id = meeting_url.rsplit("/", 1)[-1]
    with httpx.Client(base_url=live.url, headers=live.token("cvp"), timeout=60) as api:
        [line] = api.get(f"/meetings/{meeting_id}/pack").json()["returned"]
    assert line["status"] == "returned" and line["lead"] == TN, line
    office.emulate_media(media="print")
    assert office.locator("#pack-returned").is_visible()
    office.pdf(path=str(shots_dir / "123-pack-printed.pdf"), format="A4")

    # 6. lãnh đạo on a phone (390×844): the overview, the pack, the task — no sideways scrolling
    phone = login("pct", viewport=(390, 844))
    for i, url in enumerate((f"{live.url}/ui/leader", meeting_url, xd_task)):
        phone.goto(url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, url
        phone.screenshot(path=str(shots_dir / f"12{4 + i}-phone.png"), full_page=True)
