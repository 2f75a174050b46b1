"""Breaks found by playing a week at a province after the 2025 reorganisation (two-level local government: no
districts; Sở Tài chính has taken in Sở Kế hoạch và Đầu tư, Sở Nông nghiệp và Môi trường and Sở Khoa học và Công nghệ
are the merged departments; communes and wards as recipients), on a fresh instance, as the văn thư, the leader, three
departments and a commune would. The browser half is tests/e2e/browser/test_web_play324.py; here the HTTP half, each
break written as the user said it."""
from __future__ import annotations

from typing import Any

from fixtures.builders import make_docx
from helpers.briefing import error_code, fast_headers, ingest, ok

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NATION = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def ministry_letter() -> bytes:
    """A Bộ's công văn to every province, asking for a report before a date (invented)."""
    body = ["Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
            "Để tổng hợp báo cáo Chính phủ về kết quả sắp xếp, xử lý tài sản công là trụ sở làm việc sau khi sắp xếp "
            "đơn vị hành chính, Bộ Nông nghiệp và Môi trường đề nghị UBND các tỉnh, thành phố chỉ đạo cơ quan chuyên "
            "môn tổng hợp, báo cáo kết quả sắp xếp trụ sở dôi dư trên địa bàn, gửi về Bộ Nông nghiệp và Môi trường "
            "trước ngày 18/12/2026 để tổng hợp.", "Trân trọng./."]
    return make_docx(body, header_left=["BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG", "Số: 8123/BNNMT-KHTC",
                                        "V/v báo cáo kết quả sắp xếp trụ sở dôi dư"],
                     header_right=[*NATION, "Hà Nội, ngày 30 tháng 11 năm 2026"], title=[],
                     signer=["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "", "Phạm Văn Nam"],
                     recipients=["Nơi nhận:", "- Như trên;", "- Lưu: VT, KHTC."])


def communes_notice() -> bytes:
    body = ["Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:",
            "1. Giao Sở Khoa học và Công nghệ chủ trì triển khai nền tảng họp trực tuyến đến 100% xã, phường, hoàn "
            "thành trước ngày 31/12/2026.",
            "2. UBND các xã, phường chủ động bố trí trụ sở làm việc, bảo đảm điều kiện phục vụ người dân, doanh "
            "nghiệp.", "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./."]
    return make_docx(body, header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 405/TB-UBND"],
                     header_right=[*NATION, "Nghệ An, ngày 02 tháng 12 năm 2026"],
                     title=["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh về sắp xếp trụ sở dôi dư"],
                     recipients=["Nơi nhận:", "- Sở Khoa học và Công nghệ;", "- UBND các xã, phường;", "- Lưu: VT."])


def test_a_ministrys_every_province_is_no_unit_and_no_line_of_the_pack(anon_client: Any) -> None:
    """Văn thư: "the Bộ's công văn asks 'UBND các tỉnh, thành phố' to report by 18/12 — the review page offered
    'Ủy ban nhân dân các tỉnh, thành phố' as a new unit, I pressed Xác nhận, it said 'Đã xác nhận nhiệm vụ', and the
    giao ban pack had a line for a unit nobody works in." Every province is a collective (the province itself is one
    of them): not proposed as a unit, and confirming its task asks for the department that will do it; named so,
    it goes out."""
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-324")
    doc = ingest(web, "cv-8123.docx", ministry_letter(), clerk, DOCX)
    proposed = [p["name"] for p in ok_list(web.get("/units/proposals", headers=clerk))]
    assert not [p for p in proposed if "các tỉnh" in p], proposed
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["needs_review"] and "các tỉnh, thành phố" in task["lead"], task
    assert any("là tên chung" in r for r in task["review_reasons"]), task["review_reasons"]
    r = web.post(f"/tasks/{task['id']}/confirm", headers=clerk)
    assert error_code(r, 422) == "collective_unit"
    assert "các tỉnh, thành phố" in r.json()["error"]["message"]
    assert not [u for u in ok_list(web.get("/units", headers=clerk)) if "các tỉnh" in u["name"]]
    # the clerk names the department that prepares the report: the task goes out to it
    sent = ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Nông nghiệp và Môi trường"}))
    sent = ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    assert sent["lead"] == "Sở Nông nghiệp và Môi trường" and sent["sent_at"], sent


def test_a_task_led_by_every_commune_says_it_is_a_general_name(anon_client: Any) -> None:
    """Văn thư: "'UBND các xã, phường chủ động bố trí trụ sở' waits with 'Đơn vị chủ trì chưa có trong danh mục' —
    so I looked for the button to add it to the directory; as a cooperating unit the same name says 'là tên chung'."
    A lead that is a general name is said to be one, as a cooperating unit's is, not 'not in the directory'."""
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-324b")
    doc = ingest(web, "tb-405.docx", communes_notice(), clerk, DOCX)
    tasks = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    [communes] = [t for t in tasks if "bố trí trụ sở" in t["action"]]
    assert communes["review_reasons"] == ["“Ủy ban nhân dân các xã, phường” là tên chung, cần nêu đơn vị cụ thể"], \
        communes["review_reasons"]


def ok_list(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 200, r.text
    return list(r.json())
