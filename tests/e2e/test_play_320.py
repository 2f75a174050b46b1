"""Breaks found by playing a short week after the session's merges (a conclusion notice with numbered sections, a
kế hoạch with a task table as DOCX and as its PDF, a công văn to three departments), uploaded together through the
upload page and read as the clerk, the leader and two departments. Each is written down as the user said it."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from helpers.briefing import error_code, fast_headers, ingest, ok
from helpers.notices import notice_text
from helpers.web import ui_login
from tests_support import office_today

PASSWORD = "mat-khau-play-320"


def test_the_units_given_the_duties_above_are_no_new_unit(anon_client: Any) -> None:
    """Văn thư: "the kế hoạch ends 'Các sở, ngành được giao nhiệm vụ chủ động triển khai, định kỳ báo cáo kết quả về
    Văn phòng UBND tỉnh' — the review page offered it as a task ready to send, with 'Các sở, ngành được giao nhiệm
    vụ' as its lead and as a new unit for the directory." It names the departments given the duties above, not a
    unit: a collective, not offered as a unit, and a task led by it waits for the clerk to name the units."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=45)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "kh-318.txt", notice_text("318/KH-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Y tế chủ trì, phối hợp với Sở Tư pháp khảo sát nhu cầu chuyển đổi số tại các bệnh viện tuyến "
        f"huyện, hoàn thành trước ngày {due}.",
        "Các sở, ngành được giao nhiệm vụ chủ động triển khai, định kỳ báo cáo kết quả về Văn phòng UBND "
        "tỉnh."]).encode(), clerk)
    proposed = [p["name"] for p in web.get("/units/proposals", headers=clerk).json()]
    assert not [p for p in proposed if "được giao" in p], proposed
    tasks = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    collective = [t for t in tasks if "được giao" in t["lead"]]
    assert [t["lead"] for t in tasks if t not in collective] == ["Sở Y tế"], tasks
    for t in collective:
        assert t["needs_review"], t
        assert error_code(web.post(f"/tasks/{t['id']}/confirm", headers=clerk), 422) == "collective_unit"
    units = [u["name"] for u in web.get("/units", headers=clerk).json()]
    assert not [u for u in units if "được giao" in u], units


def test_a_task_that_cannot_be_confirmed_is_not_shown_as_ready(anon_client: Any) -> None:
    """Văn thư: "'Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Xây dựng và UBND các huyện kiểm tra hiện trạng
    phòng học tạm' was on the review page like any task ready to go — no 'Cần văn thư xem xét' — and 'Xác nhận'
    answered that 'Ủy ban nhân dân các huyện' is a general name." A task naming a collective among its cooperating
    units waits for the clerk, and says which name is to be made specific, before the clerk presses 'Xác nhận'."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=50)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-452.txt", notice_text("452/TB-UBND", day.strftime("%d/%m/%Y"), [
        "Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Xây dựng và UBND các huyện kiểm tra hiện trạng phòng học "
        f"tạm, báo cáo kết quả chậm nhất ngày {due}."]).encode(), clerk)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["lead"] == "Sở Giáo dục và Đào tạo" and "Sở Xây dựng" in task["support"], task
    assert task["needs_review"], task
    assert any("Ủy ban nhân dân các huyện" in r for r in task["review_reasons"]), task["review_reasons"]
    # the review page says why in words, and does not call a sure reading 'chưa chắc chắn'
    from services.core.auth import service as accounts
    from services.core.db import session_factory
    from services.ingest.public import REVIEW_BELOW

    with session_factory()() as session:
        accounts.create_user(session, "vanthu-320", PASSWORD, "clerk", None, 1)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "vanthu-320", PASSWORD).status_code == 200
    page = web.get("/ui/review").text
    [note] = re.findall(r'<p class="small late needs-review">(.*?)</p>', page, re.S)
    assert ("“Ủy ban nhân dân các huyện” là tên chung: xác nhận thì nhiệm vụ vẫn ghi “Ủy ban nhân dân các huyện” phối "
            "hợp nhưng không đến hộp nhiệm vụ nào") in " ".join(note.split()), note  # cooperating only (play 325)
    assert ("chưa chắc chắn" in note) == (task["confidence"] < REVIEW_BELOW), (note, task["confidence"])
    # (rules32) the general name is among the cooperating units only: 'Xác nhận' sends the task to its lead and
    # Sở Xây dựng; the districts stay on it as written, never a unit of the directory
    sent = ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    assert sent["sent_at"] and "Ủy ban nhân dân các huyện" in sent["support"], sent
    assert not [u for u in web.get("/units", headers=clerk).json() if "các huyện" in u["name"]]


_KH_TABLE = [["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
             ["1", "Khảo sát nhu cầu chuyển đổi số tại các bệnh viện tuyến huyện", "Sở Y tế",
              "Sở Thông tin và Truyền thông", "Trước ngày 31/01/2027"],
             ["2", "Xây dựng quy chế kết nối dữ liệu hồ sơ sức khỏe điện tử", "Sở Thông tin và Truyền thông",
              "Sở Y tế, Sở Tư pháp", "Quý II/2027"],
             ["3", "Bố trí kinh phí thực hiện kế hoạch", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Tháng 3/2027"]]


def test_the_pdf_of_a_plan_gives_the_same_tasks_as_its_docx(anon_client: Any) -> None:
    """Văn thư: "the kế hoạch came as a PDF only this time (the DOCX went to another office): its four-row task
    table gave no task at all — only the closing 'Các sở, ngành được giao nhiệm vụ …' line. The same plan as DOCX
    gives one task per row." The PDF of a plan gives the rows of its task table as tasks, like its DOCX."""
    from fixtures.builders import make_pdf

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    body = ["Thực hiện chỉ đạo của UBND tỉnh, UBND tỉnh ban hành Kế hoạch triển khai năm 2027 như sau:",
            "II. NHIỆM VỤ CỤ THỂ", _KH_TABLE]
    doc = ingest(web, "kh-318.pdf", make_pdf(
        body, header_left=["UBND TỈNH THANH HÓA", "Số: 318/KH-UBND"],
        header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                      "Thanh Hóa, ngày 05 tháng 12 năm 2026"],
        title=["KẾ HOẠCH", "Triển khai chuyển đổi số trong lĩnh vực y tế năm 2027"]), clerk, "application/pdf")
    tasks = {t["lead"]: t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc}
    assert sorted(tasks) == ["Sở Thông tin và Truyền thông", "Sở Tài chính", "Sở Y tế"], sorted(tasks)
    assert tasks["Sở Thông tin và Truyền thông"]["support"] == ["Sở Y tế", "Sở Tư pháp"]
    assert tasks["Sở Y tế"]["deadline"] == "2027-01-31"
