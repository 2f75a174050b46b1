"""Breaks found by playing a week at a province after the 2025 reorganisation (two-level local government: no
districts; Sở Tài chính has taken in Sở Kế hoạch và Đầu tư, Sở Nông nghiệp và Môi trường and Sở Khoa học và Công nghệ
are the merged departments; communes and wards as recipients), on a fresh instance, as the văn thư, the leader, three
departments and a commune would. The browser half is tests/e2e/browser/test_web_play324.py; here the HTTP half, each
break written as the user said it."""
from __future__ import annotations

from typing import Any

import pytest
from fixtures.builders import make_docx
from helpers.briefing import error_code, fast_headers, inbox, ingest, ok, unit_ids
from helpers.notices import directive_2024
from helpers.registry import register
from helpers.web import csrf_of, ui_login

from services.core.dispatch import wait_idle

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


def test_a_task_for_every_commune_goes_to_each_commune_of_the_directory(anon_client: Any) -> None:
    """UBND xã Hưng Nguyên: "'UBND các xã, phường chủ động bố trí trụ sở làm việc' never reached us." Văn thư: "to
    send it I had to split it by hand, typing each commune — five parts at most — for a province of 130 communes and
    wards." The review page offers to give it to each commune and ward of the directory, one task each, sent at once;
    the province's departments get nothing of it."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-324g")
    xa = fast_headers("unit_staff", unit="UBND xã Hưng Nguyên", clearance=0, username="cv-xa-324g")
    phuong = fast_headers("unit_staff", unit="UBND phường Vinh Phú", clearance=0, username="cv-phuong-324g")
    khcn = fast_headers("unit_staff", unit="Sở Khoa học và Công nghệ", clearance=0, username="cv-khcn-324g")
    with session_factory()() as session:
        accounts.create_user(session, "vanthu-web-324g", "mat-khau-play-324", "clerk", None, 1)
        session.commit()
    doc = ingest(web, "tb-405.docx", communes_notice(), clerk, DOCX)
    [communes] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"]
                  if t["document"]["id"] == doc and "bố trí trụ sở" in t["action"]]
    web.follow_redirects = True
    assert ui_login(web, "vanthu-web-324g", "mat-khau-play-324").status_code == 200
    page = web.get("/ui/review")
    assert "Giao cho từng xã, phường (2 đơn vị trong danh mục)" in page.text
    done = web.post(f"/ui/tasks/{communes['id']}/to-each", data={"csrf": csrf_of(page.text)})
    assert "Đã giao nhiệm vụ cho từng đơn vị: 2 xã, phường trong danh mục" in done.text, done.text[:3000]
    units = unit_ids(web, clerk)
    for unit, headers in (("Ủy ban nhân dân xã Hưng Nguyên", xa), ("Ủy ban nhân dân phường Vinh Phú", phuong)):
        mine = [t for t in inbox(web, units[unit], headers)["items"] if t["document"]["id"] == doc]
        assert [(t["lead"], t["action"]) for t in mine] == [(unit, communes["action"])], mine
    assert not [t for t in inbox(web, units["Sở Khoa học và Công nghệ"], khcn)["items"] if "bố trí trụ sở" in t["action"]]
    assert not [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["id"] == communes["id"]]


def test_a_letter_the_leader_routed_leaves_nothing_to_name_in_the_review_queue(anon_client: Any) -> None:
    """Văn thư: "the leader had already routed the Bộ's letter to Sở Nông nghiệp và Môi trường (bút phê), yet the
    review queue still asked me to name a unit for 'UBND các tỉnh, thành phố' — had I named Sở Nông nghiệp và Môi
    trường, it would have had the task twice." The routing answers the proposal of a general addressee: it leaves
    the queue, dismissed with the leader's units as the reason; the department has the one routed task."""
    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-324d")
    leader = fast_headers("leader", clearance=2, username="pct-324d")
    nn = fast_headers("unit_staff", unit="Sở Nông nghiệp và Môi trường", clearance=0, username="cv-nn-324d")
    entry = ok(register(web, clerk, "cv-8123.docx", ministry_letter(), sender="Bộ Nông nghiệp và Môi trường"), 201)
    wait_idle(120)
    doc = entry["document_id"]
    [proposal] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert "các tỉnh, thành phố" in proposal["lead"], proposal
    ok(web.post(f"/registry/incoming/{entry['id']}/routing", headers=leader, json={
        "instruction": "Giao Sở Nông nghiệp và Môi trường chủ trì tham mưu báo cáo Bộ trước ngày 16/12/2026.",
        "due_date": "2026-12-16", "lead": ["Sở Nông nghiệp và Môi trường"]}), 201)
    assert not [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    history = ok(web.get(f"/tasks/{proposal['id']}", headers=clerk))
    assert history["state"] == "dismissed", history
    assert any("Sở Nông nghiệp và Môi trường" in (e["text"] or "") for e in history["history"]), history["history"]
    units = unit_ids(web, clerk)
    mine = [t for t in inbox(web, units["Sở Nông nghiệp và Môi trường"], nn)["items"] if t["document"]["id"] == doc]
    assert [t["origin"] for t in mine] == ["instruction"], mine


@pytest.mark.postgres  # the rows naming the unit must all move before it goes: PostgreSQL checks every foreign key
@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_merged_department_takes_its_routed_letters_and_meetings_along(anon_client: Any, db_backend: str) -> None:
    """Quản trị: "Sở Kế hoạch và Đầu tư joins Sở Tài chính — but the leader had routed the Bộ's letter to it (bút phê)
    and next Monday's giao ban lists both; there was no way to merge them on the units page." Merged on the unit's
    page (the web form over HTTP), the routed letter's task and the meeting follow Sở Tài chính (the meeting lists it
    once); the account of the merged unit's officer is Sở Tài chính's; merging a unit into itself is refused in words."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-324c")
    leader = fast_headers("leader", clearance=2, username="pct-324c")
    tc = fast_headers("unit_staff", unit="Sở Tài chính", clearance=0, username="cv-tc-324c")
    kh = fast_headers("unit_staff", unit="Sở Kế hoạch và Đầu tư", clearance=0, username="cv-kh-324c")
    with session_factory()() as session:
        accounts.create_user(session, "quantri-324", "mat-khau-play-324", "admin", None, 3)
        session.commit()
    entry = ok(register(web, clerk, "cv-8123.docx", ministry_letter(), sender="Bộ Nông nghiệp và Môi trường",
                        doc_number="8123/BNNMT-KHTC", doc_date="2026-11-30"), 201)
    wait_idle(120)
    routing = ok(web.post(f"/registry/incoming/{entry['id']}/routing", headers=leader, json={
        "instruction": "Giao Sở Kế hoạch và Đầu tư chủ trì, Sở Tài chính phối hợp tổng hợp, báo cáo trước 15/12/2026.",
        "due_date": "2026-12-15", "lead": ["Sở Kế hoạch và Đầu tư"], "support": ["Sở Tài chính"]}), 201)
    [task_id] = {u["task_id"] for u in routing["units"] if u["role"] == "lead"}
    units = unit_ids(web, clerk)
    kh_id, tc_id = units["Sở Kế hoạch và Đầu tư"], units["Sở Tài chính"]
    meeting = ok(web.post("/meetings", headers=leader, json={"title": "Giao ban tuần 50", "meeting_date": "2026-12-14",
                                                             "unit_ids": [kh_id, tc_id]}), 201)

    assert ui_login(web, "quantri-324", "mat-khau-play-324").status_code in (200, 303)
    page = web.get(f"/ui/admin/units/{kh_id}")
    assert "Gộp vào đơn vị khác" in page.text
    r = web.post(f"/ui/admin/units/{kh_id}/merge", data={"csrf": csrf_of(page.text), "into": kh_id},
                 follow_redirects=True)
    assert "không gộp một đơn vị vào chính nó" in r.text
    r = web.post(f"/ui/admin/units/{kh_id}/merge", data={"csrf": csrf_of(page.text), "into": tc_id},
                 follow_redirects=True)
    assert "Đã gộp “Sở Kế hoạch và Đầu tư” vào Sở Tài chính" in r.text, r.text[:3000]

    assert "Sở Kế hoạch và Đầu tư" not in unit_ids(web, clerk)
    mine = {t["id"]: t for t in inbox(web, tc_id, kh)["items"]}  # the merged unit's officer: Sở Tài chính's inbox
    assert mine[task_id]["lead"] == "Sở Tài chính" and mine[task_id]["support"] == [], mine[task_id]
    assert task_id in {t["id"] for t in inbox(web, tc_id, tc)["items"]}
    detail = ok(web.get(f"/registry/incoming/{entry['id']}", headers=clerk))
    assert {u["unit_id"] for r in detail["routings"] for u in r["units"]} == {tc_id}, detail["routings"]
    attending = ok(web.get(f"/meetings/{meeting['id']}", headers=leader))
    assert attending["unit_ids"] == [tc_id], attending


def test_a_commune_sending_its_completion_report_again_is_told_it_is_recorded(anon_client: Any) -> None:
    """UBND xã Hưng Nguyên: "the connection dropped after 'Báo cáo hoàn thành' with the file; sent again, it said
    'Không thể thực hiện thao tác này khi nhiệm vụ ở trạng thái “completion_reported”' — an error, in English code."
    The same report again (same day done, words, file) is the report already recorded; a different act on a
    reported task is refused with the state in Vietnamese. The leader's answers repeated are recorded once too,
    and a task its unit reported done reads 100% in the report, not the last progress figure."""
    import base64

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-324e")
    xa = fast_headers("unit_staff", unit="UBND xã Hưng Nguyên", clearance=0, username="cv-xa-324e")
    doc = ingest(web, "tb-406.docx", make_docx(
        ["Chủ tịch UBND tỉnh kết luận như sau:",
         "Giao UBND xã Hưng Nguyên chủ trì hoàn thành bồi thường, giải phóng mặt bằng dự án đường ven sông Lam, báo "
         "cáo UBND tỉnh trước ngày 20/12/2026."],
        header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 406/TB-UBND"],
        header_right=[*NATION, "Nghệ An, ngày 02 tháng 12 năm 2026"],
        title=["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh về dự án đường ven sông Lam"]), clerk, DOCX)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    leader = fast_headers("leader", clearance=2, username="pct-324e")
    ok(web.post(f"/tasks/{task['id']}/extension", headers=xa,
                json={"new_deadline": "2026-12-30", "reason": "Còn 3 hộ chưa nhận tiền bồi thường."}))
    for _ in range(2):  # the leader's second click on 'Đồng ý gia hạn': the approval already recorded
        approved = ok(web.post(f"/tasks/{task['id']}/extension/approve", headers=leader, json={"note": "Đồng ý."}))
    assert approved["deadline"] == "2026-12-30" and approved["original_deadline"] == "2026-12-20", approved
    assert [e["kind"] for e in approved["history"]].count("extension_approved") == 1
    report = {"completed_on": "2026-12-05", "text": "Đã chi trả bồi thường cho 37 hộ, bàn giao mặt bằng.",
              "attachments": [{"filename": "bien-ban-ban-giao.txt", "content_type": "text/plain",
                               "content_base64": base64.b64encode("Biên bản bàn giao mặt bằng".encode()).decode()}]}
    first = ok(web.post(f"/tasks/{task['id']}/complete", headers=xa, json=report))
    again = ok(web.post(f"/tasks/{task['id']}/complete", headers=xa, json=report))
    assert [e["kind"] for e in again["history"]].count("completion_reported") == 1, again["history"]
    # lãnh đạo at the giao ban: "'Đơn vị báo cáo hoàn thành, chờ xác nhận' — and beside it 'Tiến độ 0%'"
    lines = ok(web.get("/reports/progress", headers=leader))["in_progress"]
    [reported] = [ln for ln in lines if ln["id"] == task["id"]]
    assert reported["completion_reported_on"] == "2026-12-05" and reported["progress_percent"] == 100, reported
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    with session_factory()() as session:
        accounts.create_user(session, "pct-web-324e", "mat-khau-play-324", "leader", None, 2)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "pct-web-324e", "mat-khau-play-324").status_code == 200
    page = web.get(f"/ui/tasks/{task['id']}").text
    assert "100%" in page and "(đơn vị báo cáo hoàn thành, chờ lãnh đạo xác nhận)" in page, page[:3000]
    assert again["state"] == first["state"] == "completion_reported"
    other = web.post(f"/tasks/{task['id']}/complete", headers=xa, json={**report, "text": "Báo cáo khác."})
    assert error_code(other, 409) == "invalid_state"
    assert "“Đã báo cáo hoàn thành”" in other.json()["error"]["message"], other.json()

    # lãnh đạo: "I clicked 'Trả lại báo cáo' twice, the second said 'Đơn vị chưa báo cáo hoàn thành nhiệm vụ này'; then
    # 'Xác nhận hoàn thành' twice, and again it said the unit had not reported — but it had, and I had accepted it"
    back = {"note": "Thiếu biên bản bàn giao có xác nhận của chủ đầu tư."}
    for _ in range(2):
        returned = ok(web.post(f"/tasks/{task['id']}/return", headers=leader, json=back))
    assert [e["kind"] for e in returned["history"]].count("completion_returned") == 1
    ok(web.post(f"/tasks/{task['id']}/complete", headers=xa, json={**report, "text": "Bổ sung biên bản bàn giao."}))
    for _ in range(2):
        accepted = ok(web.post(f"/tasks/{task['id']}/accept", headers=leader, json={"note": "Đạt yêu cầu."}))
    assert accepted["state"] == "completed" and accepted["completed_on"] == "2026-12-05", accepted
    assert [e["kind"] for e in accepted["history"]].count("completion_accepted") == 1
    assert error_code(web.post(f"/tasks/{task['id']}/return", headers=leader, json=back), 409) == "not_reported"



def test_a_task_for_a_department_that_no_longer_exists_is_said_to_reach_nobody(anon_client: Any) -> None:
    """Văn thư (an office set up after the 2025 merger, no Sở Kế hoạch và Đầu tư in it): "the 2024 chỉ thị gives
    'Sở Kế hoạch và Đầu tư' a task due 31/12; I pressed Xác nhận, it said 'Đã xác nhận nhiệm vụ' — and the task sat
    in the inbox of a unit with nobody in it." Confirming names the units nobody receives the task in (no account,
    e-mail or webhook) and says what to do; given to Sở Tài chính instead, nothing is said."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-324f")
    fast_headers("unit_staff", unit="Sở Tài chính", clearance=0, username="cv-tc-324f")
    with session_factory()() as session:
        accounts.create_user(session, "vanthu-web-324f", "mat-khau-play-324", "clerk", None, 1)
        session.commit()
    doc = ingest(web, "ct-15-2024.docx", directive_2024(), clerk, DOCX)
    queue = {t["lead"]: t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc}
    assert set(queue) == {"Sở Kế hoạch và Đầu tư", "Sở Tài chính"}, queue
    sent = ok(web.post(f"/tasks/{queue['Sở Tài chính']['id']}/confirm", headers=clerk))
    assert sent["unreached_units"] == [] and sent["uncleared_units"] == [], sent
    web.follow_redirects = True
    assert ui_login(web, "vanthu-web-324f", "mat-khau-play-324").status_code == 200
    page = web.get("/ui/review")
    kh = queue["Sở Kế hoạch và Đầu tư"]
    done = web.post(f"/ui/tasks/{kh['id']}/confirm", data={"csrf": csrf_of(page.text)})
    assert ("Đã xác nhận nhiệm vụ. Lưu ý: “Sở Kế hoạch và Đầu tư” chưa có tài khoản, thư điện tử hay webhook nào nên "
            "chưa ai nhận được nhiệm vụ") in done.text, done.text[:3000]
    edited = ok(web.patch(f"/tasks/{kh['id']}", headers=clerk, json={"lead": "Sở Tài chính", "support": []}))
    assert edited["lead"] == "Sở Tài chính" and edited["unreached_units"] == [], edited


def ok_list(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 200, r.text
    return list(r.json())
