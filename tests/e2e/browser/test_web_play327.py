"""A new cycle (play 327), played in Chromium as its users click: the văn thư takes in the week's thông báo kết luận
and confirms its tasks; a department reports a task done and the leader accepts it — then learns it was not done and
reopens it on the task's page (before, a completed task's page offered nothing: "Nhiệm vụ đã hoàn thành." and no
way back); the department finds it again in its inbox, overdue, with the leader's reason; the văn thư ends a task a
later conclusion ends (kết thúc nhiệm vụ — no page could) and joins the task it carries forward to the one followed;
the leader reads her
overview and a task on a phone (390×844); a công văn whose one task was done is recalled (thu hồi) and each user
opens its page, its task and search. The HTTP half is tests/e2e/test_play_327.py. Screenshots 90-97 go to the test
output. One server for the module."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from fixtures.builders import make_docx
from tests_support import office_today

NATION = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
YT, XD, GD = "Sở Y tế", "Sở Xây dựng", "Sở Giáo dục và Đào tạo"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PHONE = (390, 844)


def vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def go(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def flash(page: Any) -> str:
    return " ".join(page.locator(".flash").all_inner_texts())


def fits(page: Any) -> bool:
    """Nothing wider than the window (no sideways scrolling on a phone)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def reachable(page: Any, target: Any) -> bool:
    """The control is shown, inside the window's width once scrolled to, and big enough for a finger."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    width = page.viewport_size["width"]
    return bool(box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1 and box["height"] >= 24)


def notice(day: date) -> bytes:
    """Thông báo 201/TB-UBND (invented): the week's giao ban conclusions, three departments."""
    body = ["Chủ tịch UBND tỉnh kết luận như sau:",
            f"1. Giao {XD} chủ trì kiểm định chất lượng các cầu yếu trên tuyến tỉnh lộ, hoàn thành trước ngày "
            f"{vn(day - timedelta(days=2))}.",
            f"2. Giao {YT} chủ trì tổ chức tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao, hoàn thành trước ngày "
            f"{vn(day + timedelta(days=3))}.",
            f"3. Giao {GD} chủ trì tổ chức hội thi giáo viên dạy giỏi cấp tỉnh, hoàn thành trước ngày "
            f"{vn(day + timedelta(days=30))}.",
            "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./."]
    start = day - timedelta(days=10)
    return make_docx(body, header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 201/TB-UBND"],
                     header_right=[*NATION, f"Nghệ An, ngày {start.day:02d} tháng {start.month:02d} năm {start.year}"],
                     title=["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tuần"],
                     signer=["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Nguyễn Văn Hòa"],
                     recipients=["Nơi nhận:", f"- {XD};", f"- {YT};", f"- {GD};", "- Lưu: VT."])


def test_a_cycle_played_in_the_browser(live: Any, login: Any, shots_dir: Path) -> None:
    from services.core.dispatch import wait_idle

    day = office_today()
    live.create_user("vanthu", "clerk", clearance=1)
    live.create_user("pct", "leader", clearance=2)
    live.create_user("cv-xd", "unit_staff", XD)
    live.create_user("cv-yt", "unit_staff", YT)

    # 1. văn thư: the week's notice uploaded, its three tasks confirmed
    clerk = login("vanthu")
    clerk.goto(f"{live.url}/ui/upload")
    clerk.get_by_label("Chọn tệp").set_input_files([{"name": "tb-201.docx", "mimeType": DOCX,
                                                     "buffer": notice(day)}])
    clerk.locator("#upload-list li.ok").filter(has_text="tb-201.docx").get_by_role("link", name="Xem văn bản").wait_for()
    wait_idle(120)
    for words in ("cầu yếu", "tiêm chủng", "hội thi"):
        clerk.goto(f"{live.url}/ui/review")
        item = clerk.locator("li.review-task").filter(has_text=words)
        go(clerk, item.get_by_role("button", name="Xác nhận", exact=True))
        assert "Đã xác nhận nhiệm vụ" in flash(clerk), (words, flash(clerk))

    # 2. chuyên viên Sở Xây dựng: the bridges reported done (late); the leader accepts
    xd = login("cv-xd")
    xd.goto(f"{live.url}/ui/inbox")
    go(xd, xd.get_by_role("link", name="kiểm định chất lượng các cầu yếu").first)
    bridges = xd.url
    go(xd, xd.get_by_role("button", name="Tiếp nhận nhiệm vụ"))
    xd.get_by_label("Tình hình thực hiện").fill("Đã kiểm định 3/7 cầu.")
    xd.get_by_label("Tỷ lệ hoàn thành (%)").fill("40")
    go(xd, xd.get_by_role("button", name="Gửi báo cáo"))
    xd.get_by_label("Ngày hoàn thành (dd/mm/yyyy)").fill(vn(day))
    xd.get_by_label("Kết quả", exact=True).fill("Đã kiểm định xong các cầu yếu trên tỉnh lộ.")
    go(xd, xd.get_by_role("button", name="Báo cáo hoàn thành"))
    leader = login("pct")
    leader.goto(bridges)
    go(leader, leader.get_by_role("button", name="Xác nhận hoàn thành"))
    assert "lỗi" not in flash(leader).lower(), flash(leader)

    # 3. lãnh đạo: the inspection team says only 3 of the 7 bridges were inspected. Before, the page said "Nhiệm vụ đã
    # hoàn thành." and offered nothing. Now she reopens it with the reason; the department is told and sees it again
    reason = "Đoàn kiểm tra xác nhận mới kiểm định 3/7 cầu; đề nghị hoàn thành 4 cầu còn lại."
    leader.locator("#reopen summary").click()
    leader.get_by_label("Lý do mở lại (việc gì chưa hoàn thành)").fill(reason)
    go(leader, leader.get_by_role("button", name="Mở lại nhiệm vụ"))
    assert "Đã mở lại nhiệm vụ" in flash(leader), flash(leader)
    leader.screenshot(path=str(shots_dir / "91-reopened.png"), full_page=True)
    xd.goto(f"{live.url}/ui/inbox")
    overdue = xd.locator("section.group[data-status='overdue']").inner_text()
    assert "kiểm định chất lượng các cầu yếu" in overdue, overdue
    xd.goto(bridges)
    history = xd.locator("ol.history").inner_text()
    assert "Mở lại nhiệm vụ (chưa hoàn thành)" in history and reason in history, history
    progress = xd.locator("dl.meta").inner_text()
    assert "40%" in progress and "Hoàn thành\nngày" not in progress, progress  # the progress before "done"
    assert xd.get_by_role("button", name="Báo cáo hoàn thành").count() == 1
    xd.screenshot(path=str(shots_dir / "92-reopened-department.png"), full_page=True)

    # 3a. văn thư: the next giao ban's conclusion (TB 215) carries Sở Y tế's vaccination forward with a later
    # deadline and ends Sở GD&ĐT's contest. Before, the review queue proposed the vaccination again as new work,
    # with no word of the task Sở Y tế was doing (its clause after "…tại Thông báo số 201/TB-UBND:" read alone, with
    # none of the words "tiếp tục"); now the same work is recognised by its words and one click joins the two
    later = day + timedelta(days=12)
    tb215 = make_docx([
        "Chủ tịch UBND tỉnh kết luận như sau:",
        f"1. Tiếp tục thực hiện nhiệm vụ tại Thông báo số 201/TB-UBND: {YT} hoàn thành tiêm chủng mở rộng đợt bổ "
        f"sung tại các xã vùng cao trước ngày {vn(later)}.",
        f"2. Kết thúc nhiệm vụ giao {GD} tổ chức hội thi giáo viên dạy giỏi cấp tỉnh tại Thông báo số 201/TB-UBND.",
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./."],
        header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 215/TB-UBND"],
        header_right=[*NATION, f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"],
        title=["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tuần"],
        signer=["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Nguyễn Văn Hòa"],
        recipients=["Nơi nhận:", f"- {YT};", f"- {GD};", "- Lưu: VT."])
    clerk.goto(f"{live.url}/ui/upload")
    clerk.get_by_label("Chọn tệp").set_input_files([{"name": "tb-215.docx", "mimeType": DOCX, "buffer": tb215}])
    clerk.locator("#upload-list li.ok").filter(has_text="tb-215.docx").get_by_role("link", name="Xem văn bản").wait_for()
    wait_idle(120)
    clerk.goto(f"{live.url}/ui/review")
    item = clerk.locator("li.review-task").filter(has_text="201/TB-UBND").filter(has_text=YT)
    note = item.locator(".needs-review").inner_text()
    assert f"Nhiệm vụ tiếp tục thực hiện: {YT} đang được theo dõi nhiệm vụ" in note, note
    clerk.screenshot(path=str(shots_dir / "90-carry-forward.png"), full_page=True)
    go(clerk, item.get_by_role("button", name="Gộp vào nhiệm vụ đang theo dõi"))
    assert "Đã gộp vào nhiệm vụ đang theo dõi" in flash(clerk), flash(clerk)
    yt_inbox = login("cv-yt")
    yt_inbox.goto(f"{live.url}/ui/inbox")
    listed = yt_inbox.locator("section.group[data-status]").all_inner_texts()
    assert str(listed).count("tiêm chủng mở rộng") == 1 and vn(later) in str(listed), listed

    # 3b. văn thư: the same conclusion ends Sở Giáo dục's contest ("Kết thúc nhiệm vụ …"). Before, its page had no way
    # to; now "Kết thúc nhiệm vụ" with the reason — the department reads it under the withdrawn tasks of its inbox
    live.create_user("cv-gd", "unit_staff", GD)
    clerk.goto(f"{live.url}/ui/inbox")
    gd = login("cv-gd")
    gd.goto(f"{live.url}/ui/inbox")
    go(gd, gd.get_by_role("link", name="hội thi giáo viên dạy giỏi").first)
    contest = gd.url
    clerk.goto(contest)
    clerk.locator("#end summary").click()
    ended = "Theo Thông báo số 215/TB-UBND: hội thi lùi sang năm học sau, kết thúc nhiệm vụ."  # TB 215, item 2
    clerk.get_by_label("Lý do kết thúc (theo văn bản nào)").fill(ended)
    go(clerk, clerk.get_by_role("button", name="Kết thúc nhiệm vụ"))
    assert "Đã kết thúc nhiệm vụ" in flash(clerk), flash(clerk)
    gd.goto(f"{live.url}/ui/inbox")
    gone = gd.locator("#g-recalled").inner_text()
    assert "hội thi giáo viên dạy giỏi" in gone and "lùi sang năm học sau" in gone, gone
    gd.goto(contest)
    side = gd.locator("aside").inner_text()
    assert "Nhiệm vụ không còn phải thực hiện" in side and "lùi sang năm học sau" in side, side
    assert gd.get_by_role("button", name="Gửi báo cáo").count() == 0, side
    # (first shown "Tình trạng: Đã loại" — a rejected proposal's word — and "nhiệm vụ..": it reads "Đã kết thúc")
    assert gd.locator("dl.meta dd").first.inner_text() == "Đã kết thúc" and ".." not in side
    gd.screenshot(path=str(shots_dir / "97-ended.png"), full_page=True)

    # 4. lãnh đạo on her phone (390×844): her overview and the overdue task, readable, its buttons within reach
    phone = login("pct", viewport=PHONE)
    phone.goto(f"{live.url}/ui/leader")
    assert fits(phone), "the leader's overview is wider than the phone"
    phone.screenshot(path=str(shots_dir / "93-phone-leader.png"), full_page=True)
    go(phone, phone.get_by_role("link", name="kiểm định chất lượng các cầu yếu").first)
    assert fits(phone), "the task page is wider than the phone"
    assert reachable(phone, phone.get_by_role("button", name="Giao lại"))
    phone.screenshot(path=str(shots_dir / "94-phone-task.png"), full_page=True)

    # 5. a công văn to Sở Y tế, its one task done and accepted, then recalled (thu hồi) — through the API (the
    # outgoing pages were played in 326); then each user opens it
    clerk_h, leader_h, yt_h = live.token("vanthu"), live.token("pct"), live.token("cv-yt")
    api = httpx.Client(base_url=live.url, timeout=60)
    letter = make_docx([f"UBND tỉnh giao {YT} chủ trì kiểm tra việc bảo quản vắc xin tại các trạm y tế xã, báo cáo "
                        f"kết quả trước ngày {vn(day + timedelta(days=20))}."],
                       header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số:     /UBND-VX", "V/v bảo quản vắc xin"],
                       header_right=[*NATION, f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"],
                       title=[], signer=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Trần Văn Bình"],
                       recipients=["Nơi nhận:", f"- {YT};", "- Lưu: VT."])
    r = api.post("/registry/outgoing", headers=clerk_h, files={"file": ("du-thao.docx", letter, DOCX)},
                 data={"doc_type": "Công văn", "subject": "V/v kiểm tra bảo quản vắc xin", "drafting_unit_code": "VX",
                       "internal_recipients": [YT]})
    assert r.status_code == 201, r.text
    out = r.json()
    for who, step in ((clerk_h, "submit"), (leader_h, "sign"), (clerk_h, "number"), (clerk_h, "issue"),
                      (clerk_h, "send")):
        r = api.post(f"/registry/outgoing/{out['id']}/{step}", headers=who, json={})
        assert r.status_code == 200, (step, r.text)
    wait_idle(120)
    doc_id = r.json()["document_id"]
    [task] = api.get("/tasks", headers=clerk_h, params={"document_id": doc_id}).json()["items"]
    for who, step, body in ((clerk_h, "confirm", None), (yt_h, "acknowledge", None),
                            (yt_h, "complete", {"completed_on": day.isoformat(), "text": "Đã kiểm tra 40 trạm."}),
                            (leader_h, "accept", {})):
        r = api.post(f"/tasks/{task['id']}/{step}", headers=who, json=body)
        assert r.status_code == 200, (step, r.text)
    why = "Sai đối tượng: việc bảo quản vắc xin do Trung tâm Kiểm soát bệnh tật tỉnh thực hiện."
    r = api.post(f"/registry/outgoing/{out['id']}/recall", headers=leader_h, json={"reason": why})
    assert r.status_code == 200, r.text
    wait_idle(60)
    # Chuyên viên Sở Y tế: "its page said nothing of the recall, and search neither: I nearly filed our report
    # under a withdrawn công văn." The document page, the task page and the search hit say so, with the reason.
    yt = login("cv-yt")
    yt.goto(f"{live.url}/ui/documents/{doc_id}")
    said = yt.locator("#doc-recalled").inner_text()
    assert "Văn bản đã bị thu hồi" in said and why in said, said
    yt.screenshot(path=str(shots_dir / "95-recalled-document.png"), full_page=True)
    yt.goto(f"{live.url}/ui/tasks/{task['id']}")
    said = yt.locator("#doc-recalled").inner_text()
    assert "Văn bản giao nhiệm vụ đã bị thu hồi" in said and why in said, said
    yt.goto(f"{live.url}/ui/search?q=bảo quản vắc xin trạm y tế")
    hit = yt.locator("li.hit").filter(has_text="bảo quản vắc xin").first.inner_text()
    assert "Đã thu hồi" in hit, hit
    yt.screenshot(path=str(shots_dir / "96-recalled-search.png"), full_page=True)
    # the leader may not reopen a task of a recalled document: the page offers no "Mở lại"
    leader.goto(f"{live.url}/ui/tasks/{task['id']}")
    assert leader.locator("#reopen").count() == 0 and leader.locator("#doc-recalled").count() == 1
    api.close()
