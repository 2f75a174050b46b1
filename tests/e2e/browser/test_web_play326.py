"""A new month at a province (play 326), played in Chromium as its users click: the văn thư takes in a kế hoạch whose
tasks are a table, in PDF, and confirms them; the leader's office (Văn phòng UBND tỉnh) corrects a deadline and a
lead before confirming; a department asks for more time (gia hạn) and the leader grants it; a task reported done is
sent back by the leader; the monthly report (báo cáo tháng) and the giao ban pack, read with the real libraries.
Each break is written next to the step where it happened; screenshots 80-89 go to the test output. One server for
the module."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fixtures.builders import make_docx, make_pdf
from tests_support import office_today

NATION = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
YT, XD, GD = "Sở Y tế", "Sở Xây dựng", "Sở Giáo dục và Đào tạo"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def plan_pdf(day: date, rows: list[list[str]]) -> bytes:
    """Kế hoạch 88/KH-UBND (invented): its tasks are a table — content, lead, cooperating units, deadline."""
    body: list[Any] = [
        "Thực hiện chỉ đạo của Bộ Y tế về phòng, chống dịch bệnh mùa đông xuân, UBND tỉnh ban hành Kế hoạch phòng, "
        "chống dịch bệnh truyền nhiễm tại các trường học như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU", "Chủ động phòng, chống dịch bệnh, không để dịch lây lan trong trường học.",
        "II. NHIỆM VỤ CỤ THỂ",
        [["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành"], *rows],
        "III. TỔ CHỨC THỰC HIỆN",
        "Các sở, ngành theo chức năng, nhiệm vụ triển khai thực hiện, báo cáo kết quả về UBND tỉnh (qua Sở Y tế)."]
    return make_pdf(body, header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 88/KH-UBND"],
                    header_right=[*NATION, f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"],
                    title=["KẾ HOẠCH", "Phòng, chống dịch bệnh truyền nhiễm trong trường học mùa đông xuân"],
                    signer=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Trần Văn Bình"],
                    recipients=["Nơi nhận:", f"- {YT};", f"- {GD};", f"- {XD};", "- Lưu: VT."])


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def flash(page: Any) -> str:
    return " ".join(page.locator(".flash").all_inner_texts())


def test_a_month_played_in_the_browser(live: Any, login: Any, shots_dir: Path) -> None:
    from services.core.dispatch import wait_idle

    day = office_today()
    live.create_user("vanthu", "clerk", clearance=1)
    live.create_user("pct", "leader", clearance=2)
    live.create_user("cvp", "leader", clearance=1)  # Văn phòng UBND tỉnh: checks the tasks before they go out
    live.create_user("cv-yt", "unit_staff", YT)
    live.create_user("cv-gd", "unit_staff", GD)

    # 1. văn thư: Kế hoạch 88 in PDF, its tasks a table of three rows; one is due already (a week ago)
    screening, drill, repair = (day + timedelta(days=20), day - timedelta(days=7), day + timedelta(days=45))
    rows = [["1", "Tổ chức khám sàng lọc sức khỏe cho học sinh các trường mầm non, tiểu học", YT, GD, vn(screening)],
            ["2", "Tổ chức diễn tập phòng, chống dịch tại các trường trung học phổ thông", GD, YT, vn(drill)],
            ["3", "Rà soát, sửa chữa nhà vệ sinh, công trình nước sạch tại các điểm trường", GD, XD, vn(repair)]]
    clerk = login("vanthu")
    clerk.goto(f"{live.url}/ui/upload")
    clerk.get_by_label("Chọn tệp").set_input_files([{"name": "kh-88.pdf", "mimeType": "application/pdf",
                                                     "buffer": plan_pdf(day - timedelta(days=25), rows)}])
    clerk.locator("#upload-list li.ok").filter(has_text="kh-88.pdf").get_by_role("link", name="Xem văn bản").wait_for()
    wait_idle(120)
    clerk.goto(f"{live.url}/ui/review")
    clerk.screenshot(path=str(shots_dir / "80-review-kh88.png"), full_page=True)
    items = clerk.locator("li.review-task")
    texts = items.all_inner_texts()
    # (understanding, reported: "Các sở, ngành theo chức năng, nhiệm vụ triển khai thực hiện, báo cáo kết quả …" of
    # section III is proposed as a fourth task, lead "Các sở, ngành" — flagged for review; the clerk removes it)
    assert len(texts) in (3, 4), "\n---\n".join(texts)
    generic = items.filter(has_text="Các sở, ngành theo chức năng")
    if len(texts) == 4:
        assert "Đơn vị chủ trì chung chung" in generic.inner_text()
        generic.locator("summary", has_text="Loại bỏ").click()
        go(clerk, generic.get_by_role("button", name="Loại bỏ đề xuất"))
    for words, lead, due in (("khám sàng lọc", YT, screening), ("diễn tập", GD, drill), ("nhà vệ sinh", GD, repair)):
        [seen] = [t for t in texts if words in t]
        assert lead in seen and vn(due) in seen, seen
    item = items.filter(has_text="khám sàng lọc")
    go(clerk, item.get_by_role("button", name="Xác nhận", exact=True))
    assert "Đã xác nhận nhiệm vụ" in flash(clerk), flash(clerk)

    # 2. Văn phòng UBND tỉnh: the repairs are Sở Xây dựng's to lead (schools' buildings), by the end of next month;
    # the drill's date is a typo of the plan (it was meant a week from now) — both corrected, then confirmed
    office = login("cvp")
    office.goto(f"{live.url}/ui/review")
    item = office.locator("li.review-task").filter(has_text="nhà vệ sinh")
    item.locator("summary", has_text="Sửa").click()
    new_repair = day + timedelta(days=60)
    item.get_by_label("Đơn vị chủ trì").fill(XD)
    item.get_by_label("Thời hạn (dd/mm/yyyy)").fill(vn(new_repair))
    go(office, item.get_by_role("button", name="Lưu và xác nhận"))
    said = flash(office)
    assert "lỗi" not in said.lower() and "xác nhận" in said.lower(), said
    office.screenshot(path=str(shots_dir / "81-office-edited.png"), full_page=True)
    item = office.locator("li.review-task").filter(has_text="diễn tập")
    go(office, item.get_by_role("button", name="Xác nhận", exact=True))
    assert "Đã xác nhận nhiệm vụ" in flash(office), flash(office)

    # 3. chuyên viên Sở Y tế: the screening needs the district hospitals' teams, free only later — asks for 15 more
    # days; the leader grants it on the task's page
    yt = login("cv-yt")
    yt.goto(f"{live.url}/ui/inbox")
    go(yt, yt.get_by_role("link", name="Tổ chức khám sàng lọc sức khỏe").first)
    task_page = yt.url
    go(yt, yt.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    later = screening + timedelta(days=15)
    yt.get_by_label("Thời hạn mới (dd/mm/yyyy)").fill(vn(later))
    yt.get_by_label("Lý do", exact=True).fill("Các đội y tế lưu động của bệnh viện huyện bận chiến dịch tiêm chủng.")
    go(yt, yt.get_by_role("button", name="Gửi đề nghị"))
    assert "lỗi" not in flash(yt).lower(), flash(yt)
    leader = login("pct")
    leader.goto(task_page)
    go(leader, leader.get_by_role("button", name="Đồng ý gia hạn"))
    assert "lỗi" not in flash(leader).lower(), flash(leader)
    yt.goto(task_page)
    meta = yt.locator("dl.meta").inner_text()
    assert vn(later) in meta and f"ban đầu {vn(screening)}" in meta, meta
    yt.screenshot(path=str(shots_dir / "82-extended.png"), full_page=True)

    # 4. chuyên viên Sở GD&ĐT: the drill (overdue a week) reported done; the leader sends the report back — only
    # two of the five schools drilled — and the department sees why
    gd = login("cv-gd")
    gd.goto(f"{live.url}/ui/inbox")
    go(gd, gd.get_by_role("link", name="Tổ chức diễn tập phòng, chống dịch").first)
    drill_page = gd.url
    go(gd, gd.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    gd.get_by_label("Ngày hoàn thành (dd/mm/yyyy)").fill(vn(day))
    gd.get_by_label("Kết quả", exact=True).fill("Đã tổ chức diễn tập tại trường THPT Huỳnh Thúc Kháng và THPT Lê Viết "
                                                "Thuật.")
    go(gd, gd.get_by_role("button", name="Báo cáo hoàn thành"))
    assert flash(gd) == "Đã báo cáo hoàn thành nhiệm vụ.", flash(gd)
    leader.goto(drill_page)
    leader.get_by_label("Lý do trả lại").fill("Mới diễn tập 2/5 trường; đề nghị hoàn thành 3 trường còn lại.")
    go(leader, leader.get_by_role("button", name="Trả lại báo cáo"))
    assert "lỗi" not in flash(leader).lower(), flash(leader)
    gd.goto(drill_page)
    page_text = gd.locator("main").inner_text()
    assert "Mới diễn tập 2/5 trường" in page_text, page_text[:2000]
    gd.screenshot(path=str(shots_dir / "83-returned.png"), full_page=True)

    # 5. lãnh đạo: the month's report (báo cáo tháng) to the province, on screen, DOCX and Excel
    leader.goto(f"{live.url}/ui/report")
    leader.screenshot(path=str(shots_dir / "84-report.png"), full_page=True)
    files = {}
    for link in ("Tải báo cáo (DOCX)", "Bảng tính (Excel)"):
        with leader.expect_download() as got:
            leader.get_by_role("button" if "DOCX" in link else "link", name=link).click()
        path = shots_dir / f"85-{got.value.suggested_filename}"
        got.value.save_as(path)
        files[path.suffix] = path
    import docx
    import openpyxl

    report = docx.Document(str(files[".docx"]))
    tables = [t for t in report.tables if t.rows[0].cells[0].text == "TT"]
    assert tables and all(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.xpath("./w:tblHeader")
                          for t in tables)  # the header row repeats on each printed page
    rows_of = {r.cells[1].text.split("\n")[0]: [c.text for c in r.cells] for t in tables for r in t.rows[1:]}
    drill_row = rows_of["Tổ chức diễn tập phòng, chống dịch tại các trường trung học phổ thông"]
    assert drill_row[6] == "7", drill_row  # overdue, by its days
    screening_row = rows_of["Tổ chức khám sàng lọc sức khỏe cho học sinh các trường mầm non, tiểu học"]
    assert f"gia hạn đến\n{vn(later)}" in screening_row[4] and vn(screening) in screening_row[4], screening_row
    repair_row = rows_of["Rà soát, sửa chữa nhà vệ sinh, công trình nước sạch tại các điểm trường"]
    # Văn phòng: "the report says Sở Xây dựng leads the repairs — and cooperates with itself: 'Sở Xây dựng | Sở
    # Xây dựng'." Made the lead by an edit, a unit leaves the cooperating units (one role per unit), and the
    # deadline corrected before the task went out is its deadline, not an extension.
    assert repair_row[2:5] == [XD, "—", vn(new_repair)], repair_row
    sheet = openpyxl.load_workbook(files[".xlsx"])["Nhiệm vụ"]
    assert sheet.print_title_rows, "the Excel report's header row is not repeated on each printed page"
    by_task = {r[3]: r for r in sheet.iter_rows(min_row=3, values_only=True) if r[3]}
    assert by_task["Tổ chức khám sàng lọc sức khỏe cho học sinh các trường mầm non, tiểu học"][8] == \
        f"Gia hạn đến {vn(later)} — lý do: Các đội y tế lưu động của bệnh viện huyện bận chiến dịch tiêm chủng"
    assert by_task["Rà soát, sửa chữa nhà vệ sinh, công trình nước sạch tại các điểm trường"][5] in (None, "")

    # 6. văn thư and lãnh đạo: Công văn on measles vaccination, sent to Sở Y tế (lead) and Sở GD&ĐT (cooperating);
    # its task confirmed and acknowledged — then withdrawn (thu hồi): the age group was wrong
    clerk.goto(f"{live.url}/ui/registry/outgoing/new")
    form = clerk.locator("form.form-grid")
    form.get_by_label("Tệp dự thảo (DOCX hoặc PDF)").set_input_files(files=[{
        "name": "cv-tiem-soi.docx", "mimeType": DOCX, "buffer": make_docx(
            [f"UBND tỉnh giao {YT} chủ trì, phối hợp với {GD} tổ chức tiêm bổ sung vắc xin sởi cho trẻ từ 1 đến 5 "
             f"tuổi tại các trường mầm non, hoàn thành trước ngày {vn(day + timedelta(days=30))}."],
            header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số:     /UBND-VX", "V/v tiêm bổ sung vắc xin sởi"],
            header_right=[*NATION, f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"], title=[],
            signer=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Trần Văn Bình"],
            recipients=["Nơi nhận:", f"- {YT};", f"- {GD};", "- Lưu: VT."])}])
    form.get_by_label("Loại văn bản").select_option("Công văn")
    form.get_by_label("Đơn vị soạn thảo (ký hiệu, cho công văn)").fill("VX")
    form.get_by_label("Trích yếu nội dung").fill("V/v tiêm bổ sung vắc xin sởi")
    form.get_by_label("Nơi nhận trong cơ quan 1").fill(YT)
    form.get_by_label("Nơi nhận trong cơ quan 2").fill(GD)
    go(clerk, form.get_by_role("button", name="Tạo dự thảo"))
    out_url = clerk.url
    go(clerk, clerk.get_by_role("button", name="Trình ký"))
    leader.goto(out_url)
    leader.get_by_label("Họ tên người ký").fill("Trần Văn Bình")
    leader.get_by_label("Chức vụ").fill("PHÓ CHỦ TỊCH")
    go(leader, leader.get_by_role("button", name="Ký ban hành"))
    clerk.goto(out_url)
    for step in ("Cấp số", "Phát hành", "Gửi"):
        go(clerk, clerk.get_by_role("button", name=step))
        assert "lỗi" not in flash(clerk).lower(), (step, flash(clerk))
    wait_idle(120)
    clerk.goto(f"{live.url}/ui/review")
    item = clerk.locator("li.review-task").filter(has_text="vắc xin sởi")
    go(clerk, item.get_by_role("button", name="Xác nhận", exact=True))
    assert "Đã xác nhận nhiệm vụ" in flash(clerk), flash(clerk)
    yt.goto(f"{live.url}/ui/inbox")
    go(yt, yt.get_by_role("link", name="tiêm bổ sung vắc xin sởi").first)
    measles_page = yt.url
    go(yt, yt.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    leader.goto(out_url)
    leader.get_by_label("Lý do thu hồi").fill("Sai độ tuổi tiêm: đúng là trẻ từ 1 đến 10 tuổi; sẽ ban hành văn bản khác.")
    go(leader, leader.get_by_role("button", name="Thu hồi"))
    assert "lỗi" not in flash(leader).lower(), flash(leader)
    wait_idle(60)
    # Chuyên viên Sở Y tế and Sở GD&ĐT: "the task page of the withdrawn công văn still offered 'Báo cáo tiến độ',
    # 'Đề nghị gia hạn', 'Báo cáo hoàn thành' — I typed a report and got an error; and 'Tình trạng: Thu hồi · Thu
    # hồi' was all it said." The page says the task is no longer to be done and why, and offers nothing to report.
    # ... "and the task just vanished from our list: nobody knew whether to stop." The inbox lists the unit's tasks
    # withdrawn in the last 30 days, with the reason, below its groups.
    for who in (yt, gd):
        who.goto(f"{live.url}/ui/inbox")
        gone = who.locator("#g-recalled").inner_text()
        assert "tiêm bổ sung vắc xin sởi" in gone and "Sai độ tuổi tiêm" in gone, gone
        assert "vắc xin sởi" not in who.locator("section.group[data-status]").all_inner_texts().__str__()
    for who in (yt, gd):
        who.goto(measles_page)
        side = who.locator("aside").inner_text()
        assert "Nhiệm vụ không còn phải thực hiện" in side and "Sai độ tuổi tiêm" in side, side
        assert who.get_by_role("button", name="Gửi báo cáo").count() == 0, side
        assert who.get_by_role("button", name="Báo cáo hoàn thành").count() == 0, side
        assert "Thu hồi · Thu hồi" not in who.locator("dl.meta").inner_text()
    yt.screenshot(path=str(shots_dir / "86-recalled.png"), full_page=True)

    # 7. lãnh đạo: Monday's giao ban pack — the withdrawn task is not in it, the extended deadline reads as extended,
    # the overdue drill by its days
    monday = day + timedelta(days=(7 - day.weekday()) or 7)
    leader.goto(f"{live.url}/ui/meetings")
    leader.get_by_label("Tên cuộc họp").fill("Giao ban UBND tỉnh đầu tuần")
    leader.get_by_label("Ngày họp (dd/mm/yyyy)").fill(vn(monday))
    go(leader, leader.get_by_role("button", name="Lên lịch"))
    leader.screenshot(path=str(shots_dir / "87-pack.png"), full_page=True)
    with leader.expect_download() as got:
        leader.get_by_role("link", name="Tải tài liệu giao ban (DOCX)").click()
    path = shots_dir / f"88-{got.value.suggested_filename}"
    got.value.save_as(path)
    pack = docx.Document(str(path))
    cells = {r.cells[1].text.split("\n")[0]: [c.text for c in r.cells] for t in pack.tables
             if t.rows[0].cells[0].text == "TT" for r in t.rows[1:]}
    assert not [k for k in cells if "vắc xin sởi" in k], cells
    assert cells["Tổ chức diễn tập phòng, chống dịch tại các trường trung học phổ thông"][6] == "7"
    assert cells["Tổ chức khám sàng lọc sức khỏe cho học sinh các trường mầm non, tiểu học"][4] == \
        f"{vn(screening)}\ngia hạn đến\n{vn(later)}"

    # 8. chuyên viên Sở Y tế: the unit's own monthly report up to the province (DOCX), issued by the unit.
    # "The report had no 'Kính gửi' — the page has no field for it (only the API) — and its Nơi nhận said 'Như
    # trên', above nothing." The page asks for the Kính gửi line; without one, the Nơi nhận has no "Như trên".
    yt.goto(f"{live.url}/ui/report")
    yt.get_by_label("Kính gửi (không bắt buộc)").fill("UBND tỉnh Nghệ An")
    with yt.expect_download() as got:
        yt.get_by_role("button", name="Tải báo cáo (DOCX)").click()
    path = shots_dir / f"89-so-y-te-{got.value.suggested_filename}"
    got.value.save_as(path)
    own = docx.Document(str(path))
    head = own.tables[0].rows[0].cells[0].text
    assert "SỞ Y TẾ" in head and "VĂN PHÒNG" not in head, head
    assert "Kính gửi: UBND tỉnh Nghệ An." in [p.text for p in own.paragraphs]
    assert "Như trên" in own.tables[-1].rows[0].cells[0].text
    office_sign = report.tables[-1].rows[0].cells[0].text  # the leader's report of step 5, to nobody named
    assert "Nơi nhận" in office_sign and "Như trên" not in office_sign, office_sign

    # 9. quản trị: the communes after July 2025 loaded from the office's own list (Excel saves CSV with a BOM and
    # semicolons), previewed, then loaded — in the browser, the file picked as an officer picks it
    live.create_user("quantri", "admin", clearance=3)
    admin = login("quantri")
    admin.goto(f"{live.url}/ui/admin/units")
    listing = ("Tên đơn vị;Tên khác;Thư điện tử;Sáp nhập vào\n"
               "UBND phường Vinh Phú;Phường Vinh Phú;vinhphu@nghean.example;\n"
               "UBND xã Nghi Phong;;;UBND phường Vinh Phú\n").encode("utf-8-sig")
    admin.get_by_label("Tệp danh mục (Excel hoặc CSV)").set_input_files(
        [{"name": "danh-muc-xa-phuong.csv", "mimeType": "text/csv", "buffer": listing}])
    go(admin, admin.get_by_role("button", name="Xem trước"))
    results = admin.locator("table.unit-import tbody tr").all_inner_texts()
    assert len(results) == 2 and "Thêm đơn vị mới" in results[0] and "tên cũ của" in results[1], results
    admin.screenshot(path=str(shots_dir / "89-units-preview.png"), full_page=True)
    go(admin, admin.get_by_role("button", name="Nạp danh mục (2 dòng)"))
    assert "thêm 1 đơn vị, cập nhật 0, ghi 1 sáp nhập" in flash(admin), flash(admin)
    assert "Phú" in admin.locator("table.units").inner_text()
