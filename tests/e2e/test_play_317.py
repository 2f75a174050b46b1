"""Breaks found by playing 317/TB-UBND as its users on a live instance (clerk, leader and office, three
departments), each written down as the user said it, with the HTTP (and web form) path that failed."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from helpers.briefing import error_code, fast_headers, ingest, ok
from helpers.notices import notice_text
from helpers.web import csrf_of as _csrf
from helpers.web import ui_login

PASSWORD = "mat-khau-play-317"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_clerk_typing_a_deadline_before_the_notice_date_is_told_so(anon_client: Any) -> None:
    """Văn thư: "I typed 01/01/2020 instead of 30/12/2026 in Sửa, it said 'Đã lưu và xác nhận' and Sở KH&ĐT got
    a task six years late the moment it arrived." A typed deadline before the day the task was given is refused
    with a precise code, over the API and on the review page; the proposal stays as it was."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-317.txt", notice_text("317/TB-UBND", "02/12/2026", [
        "Giao Sở Kế hoạch và Đầu tư thẩm định chủ trương đầu tư các dự án nhà ở xã hội, hoàn thành trước ngày "
        "30/12/2026."]).encode(), clerk)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    tid = task["id"]
    r = web.patch(f"/tasks/{tid}", headers=clerk, json={"deadline": "2020-01-01"})
    assert error_code(r, 422) == "invalid_deadline"
    assert "01/01/2020" in r.json()["error"]["message"] and "02/12/2026" in r.json()["error"]["message"]
    for bad in ({"parts": [{"action": "a", "lead": "Sở Xây dựng", "deadline": "2026-11-01"},
                           {"action": "b", "lead": "Sở Xây dựng", "deadline": "2026-12-20"}]},):
        assert error_code(web.post(f"/tasks/{tid}/split", headers=clerk, json=bad), 422) == "invalid_deadline"
    r = web.post("/tasks", headers=clerk, json={"document_id": doc, "action": "báo cáo", "lead": "Sở Tài chính",
                                                "deadline": "2026-12-01"})
    assert error_code(r, 422) == "invalid_deadline"
    # the same on the review page, in Vietnamese, and the proposal is untouched
    with session_factory()() as session:
        accounts.create_user(session, "vanthu", PASSWORD, "clerk", None, 1)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "vanthu", PASSWORD).status_code == 200
    page = web.get("/ui/review")
    r = web.post(f"/ui/tasks/{tid}/edit", data={"csrf": _csrf(page.text), "action": task["action"],
                                                "lead": "Sở Kế hoạch và Đầu tư", "deadline": "01/01/2020"})
    assert "không được trước ngày giao nhiệm vụ" in r.text and "Đã lưu và xác nhận" not in r.text
    after = ok(web.get(f"/tasks/{tid}", headers=clerk))
    assert after["deadline"] == "2026-12-30" and not after["confirmed"] and after["sent_at"] is None
    # a right correction goes through
    fixed = ok(web.patch(f"/tasks/{tid}", headers=clerk, json={"deadline": "2027-01-15"}))
    assert fixed["deadline"] == "2027-01-15" and fixed["confirmed"]


def test_a_unit_sending_a_bad_form_reads_vietnamese_and_which_field(client: Any) -> None:
    """Sở Xây dựng: "I sent a progress report with nothing in it and got 'text: Field required'; 160 % said 'Input
    should be less than or equal to 100'; an extension to 31/12/2026 said 'invalid character in year'." Each
    refused field is named, with why in Vietnamese and as a machine type."""
    checks = [
        ("/auth/token", None, {"username": "ab"}, {"password": "missing"}),
        ("/tasks", {"document_id": "x", "lead": "Sở Xây dựng", "deadline": "31/12/2026"}, None,
         {"action": "missing", "deadline": "date_from_datetime_parsing"}),
    ]
    for path, body, form, expected in checks:
        r = client.post(path, json=body) if body is not None else client.post(path, data=form)
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        assert error["code"] == "invalid_request"
        assert {f["field"]: f["type"] for f in error["fields"]} == expected
        for english in ("Field required", "Input should", "String should", "invalid character"):
            assert english not in error["message"], error["message"]
    r = client.post("/tasks", json={"document_id": "x", "lead": "Sở Xây dựng", "action": "a",
                                    "deadline": "31/12/2026"})
    assert r.json()["error"]["message"] == "Yêu cầu không hợp lệ — deadline: phải là ngày dạng yyyy-mm-dd"
    r = client.post("/users", json={"username": "x", "password": "ngan", "role": "boss"})
    message = r.json()["error"]["message"]
    assert "username: phải có ít nhất 3 ký tự" in message and "password: phải có ít nhất 8 ký tự" in message
    assert "role: không đúng định dạng" in message
    # Văn thư: "Loại bỏ with no body said 'Yêu cầu không hợp lệ — : thiếu'": a missing body is named as such
    r = client.post("/tasks/00000000-0000-0000-0000-000000000000/dismiss")
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "Yêu cầu không hợp lệ — nội dung JSON của yêu cầu: thiếu, bắt buộc phải có"


def test_an_overdue_task_page_does_not_offer_an_extension_it_would_refuse(anon_client: Any) -> None:
    """Sở Kế hoạch và Đầu tư: "the task page of our overdue task offered 'Đề nghị gia hạn'; I filled it in and was
    told it is too late." Past the deadline (QĐ 42/2014) the page says why and points to the leader's re-assignment;
    a task still in time keeps the form; a task without a deadline has nothing to extend."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-317.txt", notice_text("317/TB-UBND", "02/12/2008", [
        "Giao Sở Kế hoạch và Đầu tư thẩm định chủ trương đầu tư các dự án nhà ở xã hội, hoàn thành trước ngày "
        "30/12/2008.",
        "Giao Sở Kế hoạch và Đầu tư tổng hợp danh mục dự án kêu gọi đầu tư, hoàn thành trước ngày 30/12/2099.",
        "Giao Sở Kế hoạch và Đầu tư theo dõi, đôn đốc các chủ đầu tư."]).encode(), clerk)
    queue = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    by_deadline = {t["deadline"]: ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk)) for t in queue}
    assert by_deadline["2008-12-30"]["status"] == "overdue", by_deadline.keys()
    with session_factory()() as session:
        accounts.create_user(session, "cv-kh", PASSWORD, "unit_staff", "Sở Kế hoạch và Đầu tư", 0)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "cv-kh", PASSWORD).status_code == 200
    late = web.get(f"/ui/tasks/{by_deadline['2008-12-30']['id']}").text
    assert "/extension\"" not in late and 'id="no-extension"' in late and "giao lại thời hạn mới" in late
    in_time = web.get(f"/ui/tasks/{by_deadline['2099-12-30']['id']}").text
    assert "/extension\"" in in_time and 'id="no-extension"' not in in_time
    if None in by_deadline:  # "theo dõi, đôn đốc": no deadline, a review date instead
        assert "/extension\"" not in web.get(f"/ui/tasks/{by_deadline[None]['id']}").text


def test_clerk_is_told_when_a_secret_task_reaches_a_unit_nobody_there_may_read(anon_client: Any) -> None:
    """Sở Xây dựng: "the leader asked us at giao ban about 45/TB-UBND (Mật); it never appeared in our inbox" — none
    of its accounts is cleared for Mật, and the clerk who confirmed it was told nothing. Confirming (or editing) a
    task of a secret document now names the units with no account cleared for its level, over the API and on the
    review page; the document stays hidden from them."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    with session_factory()() as session:
        accounts.create_user(session, "vanthu", PASSWORD, "clerk", None, 1)
        accounts.create_user(session, "gd-xd", PASSWORD, "unit_head", "Sở Xây dựng", 0)
        accounts.create_user(session, "gd-tc", PASSWORD, "unit_head", "Sở Tài chính", 1)
        session.commit()
    doc = ingest(web, "tb-45.txt", notice_text("45/TB-UBND", "03/12/2026", [
        "Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát phương án bảo vệ công trình trọng điểm, báo "
        "cáo trước ngày 20/12/2026.",
        "Giao Sở Tài chính bố trí kinh phí bảo vệ công trình trọng điểm, hoàn thành trước ngày 25/12/2026."]).encode(),
        clerk)
    ok(web.patch(f"/documents/{doc}/access", json={"level": 1}, headers=clerk))
    wait_idle()
    queue = {t["lead"]: t for t in ok(web.get("/tasks/review", headers=clerk))["items"]
             if t["document"]["id"] == doc}
    sent = ok(web.post(f"/tasks/{queue['Sở Xây dựng']['id']}/confirm", headers=clerk))
    assert sent["uncleared_units"] == ["Sở Xây dựng"]  # Sở Tài chính, cooperating, has a Mật account
    # on the review page the clerk reads it in the confirmation
    web.follow_redirects = True
    assert ui_login(web, "vanthu", PASSWORD).status_code == 200
    page = web.get("/ui/review")
    done = web.post(f"/ui/tasks/{queue['Sở Tài chính']['id']}/confirm", data={"csrf": _csrf(page.text)})
    assert "Đã xác nhận nhiệm vụ." in done.text and "chưa có tài khoản nào" not in done.text  # all cleared
    tc = queue["Sở Tài chính"]
    edited = web.post(f"/ui/tasks/{tc['id']}/edit", data={"csrf": _csrf(done.text), "action": tc["action"],
                                                          "lead": "Sở Tài chính", "support": "Sở Xây dựng",
                                                          "deadline": "25/12/2026"})
    assert "Đã lưu và xác nhận nhiệm vụ. Lưu ý: văn bản có độ mật; “Sở Xây dựng” chưa có tài khoản nào" in edited.text
    assert ok(web.get(f"/tasks/{tc['id']}", headers=clerk))["support"] == ["Sở Xây dựng"]
    # what the unit sees has not changed: nothing of the Mật document
    xd = fast_headers("unit_staff", "Sở Xây dựng", 0, "cv-xd")
    assert ok(web.get("/tasks", headers=xd))["total"] == 0
    assert web.get(f"/documents/{doc}", headers=xd).status_code == 404


def test_the_pdf_copy_of_317_is_recognised_as_already_registered(client: Any, tmp_path: Path) -> None:
    """Văn thư: "I uploaded the signed PDF of 317 (the DOCX exported to PDF) after the DOCX: it did not say
    'đã được đăng ký', it has no number, and its text reads 'K t lu n c a Phó Ch t ch UBND t nh'." LibreOffice
    draws the letters its font lacks (Ủ, Ộ, ố …) from a fallback font after the line; they are put back in their
    words (services/ingest/parsers/pdf_parser.py, restore_glyph_order)."""
    from helpers.notices import tb317_docx
    from helpers.pdf_check import to_pdf

    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    docx = tb317_docx()
    first = ingest(client, "thong-bao-317.docx", docx, clerk, DOCX)
    pdf = to_pdf({"thong-bao-317.docx": docx}, tmp_path)["thong-bao-317.docx"].read_bytes()
    copy = ok(client.get(f"/documents/{ingest(client, 'thong-bao-317.pdf', pdf, clerk, 'application/pdf')}",
                         headers=clerk))
    assert "Kết luận của Phó Chủ tịch UBND tỉnh" in copy["text"], copy["text"][:300]
    assert copy["number"] == "317/TB-UBND"
    assert copy["registered_as"] and copy["registered_as"]["document_id"] == first
    # the upload page, following the file, says so too (it said "Đã xử lý: 317/TB-UBND." as for a new document)
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    with session_factory()() as session:
        accounts.create_user(session, "vanthu", PASSWORD, "clerk", None, 1)
        session.commit()
    client.follow_redirects = True
    assert ui_login(client, "vanthu", PASSWORD).status_code == 200
    status = client.get(f"/ui/documents/{copy['id']}/status", headers={"Accept": "application/json"}).json()
    assert status["status"] == "done" and status["registered"] == copy["registered_as"]["message"]
    assert client.get(f"/ui/documents/{first}/status").json()["registered"] is None


def test_the_giao_ban_page_marks_secret_content_as_its_docx_does(anon_client: Any) -> None:
    """Văn phòng: "the pack on screen listed 45/TB-UBND (Mật) among the ordinary lines, with no mark; only the
    DOCX said MẬT — we nearly projected it in the meeting room." The page says the pack holds Mật content, and the
    line carries its level."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    leader = fast_headers("leader", clearance=3, username="pct-api")
    doc = ingest(web, "tb-45.txt", notice_text("45/TB-UBND", "03/12/2026", [
        "Giao Sở Xây dựng rà soát phương án bảo vệ công trình trọng điểm, báo cáo trước ngày 20/12/2099."]).encode(),
        clerk)
    ok(web.patch(f"/documents/{doc}/access", json={"level": 1}, headers=clerk))
    wait_idle()
    for t in ok(web.get("/tasks/review", headers=clerk))["items"]:
        ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
    meeting = ok(web.post("/meetings", headers=leader, json={"title": "Giao ban tuần 49",
                                                            "meeting_date": "2026-12-07"}), 201)
    with session_factory()() as session:
        accounts.create_user(session, "pct-ubnd", PASSWORD, "leader", None, 3)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "pct-ubnd", PASSWORD).status_code == 200
    html = web.get(f"/ui/meetings/{meeting['id']}").text
    assert 'id="pack-level"' in html and "Tài liệu có nội dung mật" in html
    assert re.search(r"45/TB-UBND</a> <span class=\"badge lvl-1\">Mật</span>", html)


def test_a_notice_whose_body_opens_without_a_date_keeps_its_subject_short(client: Any) -> None:
    """Văn thư: "Thông báo 45/TB-UBND (Mật) shows as its trích yếu the title, then 'Chủ tịch UBND tỉnh kết luận như
    sau: 1. Giao Sở Tài chính …' — the whole body — in the review queue, the list and every search hit." The body's
    opening ("… như sau:") and its first numbered item are not the title."""
    from fixtures.builders import make_docx

    clerk = fast_headers("clerk", clearance=1, username="vanthu-subject")
    data = make_docx(["Chủ tịch UBND tỉnh kết luận như sau:",
                      "1. Giao Sở Tài chính chủ trì rà soát các khoản vay của dự án cầu Bến Thủy 3, báo cáo UBND tỉnh "
                      "trước ngày 25/12/2026."],
                     title=["THÔNG BÁO", "Kết luận về khoản vay dự án cầu Bến Thủy 3"],
                     header_left=["UBND TỈNH NGHỆ AN", "Số: 45/TB-UBND", "MẬT"],
                     header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                   "Nghệ An, ngày 06 tháng 12 năm 2026"],
                     recipients=["Nơi nhận:", "- Sở Tài chính;", "- Lưu: VT."])
    doc = ok(client.get(f"/documents/{ingest(client, 'tb-45.docx', data, clerk, DOCX)}", headers=clerk))
    assert doc["number"] == "45/TB-UBND" and doc["level"] == 1
    assert doc["subject"] == "Kết luận về khoản vay dự án cầu Bến Thủy 3"


def test_search_lists_the_ban_the_notice_addressed_not_a_shorter_one(client: Any) -> None:
    """Chánh Văn phòng: "Searching 317, the Đơn vị list offers 'Ban Quản lý dự án đầu tư xây dựng tỉnh' — a Ban the
    notice never names — and not 'Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh', which it does."
    The unit facet keeps a name that goes on past a shorter directory name whole, as the inboxes do."""
    clerk = fast_headers("clerk", clearance=1, username="vanthu-facet")
    text = notice_text("317/TB-UBND", "06/12/2026", [
        "Giao Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh khẩn trương hoàn thiện thủ tục giải "
        "phóng mặt bằng, hoàn thành trước ngày 15/01/2027."]) + (
        "Nơi nhận:\n- Sở GTVT, TC, XD;\n- Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh;\n- Lưu: VT.\n")
    ingest(client, "tb-317.txt", text.encode(), clerk)
    units = ok(client.get("/search", params={"q": "317"}, headers=clerk))["facets"]["unit"]
    assert "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh" in units, units
    assert "Ban Quản lý dự án đầu tư xây dựng tỉnh" not in units, units
    assert {"Sở Giao thông vận tải", "Sở Tài chính", "Sở Xây dựng"} <= set(units), units


def test_a_collective_lead_is_no_unit_to_add_nor_to_confirm(client: Any) -> None:
    """Văn thư: "Under 'Tên đơn vị mới' the review page offered to add 'Các sở, ngành liên quan' to the directory,
    and confirming the task made it a unit — an inbox nobody reads; no department got the task." A collective is not
    proposed as a unit, cannot be accepted as one, and confirming a task it leads says to name the units first."""
    clerk = fast_headers("clerk", clearance=1, username="vanthu-collective")
    doc = ingest(client, "tb-318.txt", notice_text("318/TB-UBND", "06/12/2026", [
        "Các sở, ngành liên quan khẩn trương đẩy nhanh giải ngân vốn đầu tư công trong tháng 12/2026.",
        "Giao Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh hoàn thiện thủ tục giải phóng mặt bằng, "
        "hoàn thành trước ngày 15/01/2027."]).encode(), clerk)
    names = [p["name"] for p in client.get("/units/proposals", headers=clerk).json()]
    assert "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh" in names, names  # a real new unit stays
    assert not [n for n in names if n.lower().startswith("các ")], names
    r = client.post("/units/proposals/accept", headers=clerk, json={"name": "Các sở, ngành liên quan"})
    assert error_code(r, 422) == "collective_unit"
    [task] = [t for t in ok(client.get("/tasks/review", headers=clerk))["items"]
              if t["document"]["id"] == doc and t["lead"].startswith("Các")]
    # the review queue says so before the clerk tries
    assert task["needs_review"] and "Đơn vị chủ trì chung chung, không nêu đơn vị nào" in task["review_reasons"]
    r = client.post(f"/tasks/{task['id']}/confirm", headers=clerk)
    assert error_code(r, 422) == "collective_unit"
    assert "“Các sở, ngành liên quan” là tên chung, không phải một đơn vị" in r.json()["error"]["message"]
    assert not ok(client.get(f"/tasks/{task['id']}", headers=clerk))["confirmed"]
    units = [u["name"] for u in client.get("/units", headers=clerk).json()]
    assert "Các sở, ngành liên quan" not in units
    # named, it goes through
    fixed = ok(client.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Tài chính"}))
    assert fixed["confirmed"] and fixed["lead"] == "Sở Tài chính"


def test_a_cooperating_list_written_sgtvt_tc_reaches_both_departments(client: Any) -> None:
    """Sở Tài chính: "Thông báo 318 says 'phối hợp với Sở GTVT, TC kiểm tra chất lượng công trình' and the task is
    not in our inbox; Sở Xây dựng's page reads 'TC kiểm tra chất lượng…'." A bare code after a headed unit in a
    cooperating list is read under that head, as on a Nơi nhận line."""
    clerk = fast_headers("clerk", clearance=1, username="vanthu-codes")
    doc = ingest(client, "tb-318.txt", notice_text("318/TB-UBND", "06/12/2026", [
        "Giao Sở Xây dựng chủ trì, phối hợp với Sở GTVT, TC kiểm tra chất lượng công trình cầu Bến Thủy 3, hoàn "
        "thành trước ngày 30/12/2026."]).encode(), clerk)
    [task] = [t for t in ok(client.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["lead"] == "Sở Xây dựng"
    assert set(task["support"]) == {"Sở Giao thông vận tải", "Sở Tài chính"}, task
    assert task["action"].startswith("kiểm tra chất lượng công trình"), task["action"]


def test_the_review_queue_does_not_call_a_peoples_committee_a_non_state_body(client: Any) -> None:
    """Văn thư: "For 'UBND huyện Hưng Nguyên thực hiện nghiêm túc' the review queue says 'Chủ trì không phải cơ quan
    nhà nước' — the district People's Committee is the state." The stored lead is the written-out name ("Ủy ban nhân
    dân huyện …"): "nhân dân" in a state body's name is not "the people"; a company still is no state body."""
    clerk = fast_headers("clerk", clearance=1, username="vanthu-reasons")
    doc = ingest(client, "tb-319.txt", notice_text("319/TB-UBND", "06/12/2026", [
        "UBND huyện Hưng Nguyên thực hiện nghiêm túc.",
        "Công ty Điện lực Nghệ An thực hiện nghiêm túc."]).encode(), clerk)
    tasks = {t["lead"]: t for t in ok(client.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc}
    district = tasks["Ủy ban nhân dân huyện Hưng Nguyên"]
    assert district["needs_review"] and district["review_reasons"], district
    assert "Chủ trì không phải cơ quan nhà nước" not in district["review_reasons"]
    company = next(t for lead, t in tasks.items() if lead.startswith("Công ty"))
    assert "Chủ trì không phải cơ quan nhà nước" in company["review_reasons"]


def test_the_giao_ban_pack_says_a_completion_is_reported_and_a_deadline_was_extended(anon_client: Any) -> None:
    """Lãnh đạo: "UBND huyện Nghi Lộc reported the task done on 07/12, yet the giao ban page and the DOCX showed it
    in progress, 'Hoàn thành' empty, nothing about the report waiting for me; and on the page Sở Xây dựng's task
    read 15/01/2027 as if given so — the DOCX said 20/12/2026, gia hạn đến 15/01/2027 — and Sở Tài chính's part (60 %)
    was only in the DOCX." The pack (JSON, DOCX, page) says the completion is reported and awaits acceptance; the
    page shows the deadline history, the unit's note and each cooperating unit's report as the DOCX does."""
    import io
    from datetime import timedelta

    import docx

    from services.briefing.common import today
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    day = today()  # the office's day (Việt Nam), as the service dates a completion and the pack
    later = (day + timedelta(days=20)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    leader = fast_headers("leader", clearance=2, username="pct-api")
    doc = ingest(web, "tb-342.txt", notice_text("342/TB-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát đơn giá vật liệu xây dựng, hoàn thành trước "
        f"ngày {later}.",
        f"Giao UBND huyện Nghi Lộc đẩy nhanh giải phóng mặt bằng Khu công nghiệp Thọ Lộc, hoàn thành trước ngày "
        f"{later}."]).encode(), clerk)
    tasks = {t["lead"]: ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
             for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc}
    review, clearing = tasks["Sở Xây dựng"], next(t for lead, t in tasks.items() if "Nghi Lộc" in lead)
    district = fast_headers("unit_staff", unit=clearing["lead"], clearance=0, username="cv-nghiloc")
    ok(web.post(f"/tasks/{clearing['id']}/progress", headers=district,
                json={"text": "Đã bàn giao 45/48 ha mặt bằng.", "percent": 100}))
    ok(web.post(f"/tasks/{clearing['id']}/complete", headers=district,
                json={"completed_on": day.isoformat(), "text": "Hoàn thành, đã bàn giao cho chủ đầu tư."}))
    finance = fast_headers("unit_staff", unit="Sở Tài chính", clearance=0, username="cv-taichinh")
    ok(web.post(f"/tasks/{review['id']}/progress", headers=finance,
                json={"text": "Đã gửi số liệu đơn giá quý IV.", "percent": 60}))
    builder = fast_headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="cv-xaydung")
    extended = (day + timedelta(days=40))
    ok(web.post(f"/tasks/{review['id']}/extension", headers=builder,
                json={"new_deadline": extended.isoformat(), "reason": "Chờ số liệu giá tháng 12."}))
    ok(web.post(f"/tasks/{review['id']}/extension/approve", headers=leader, json={}))
    meeting = ok(web.post("/meetings", headers=leader, json={"title": "Giao ban xây dựng cơ bản",
                                                            "meeting_date": (day + timedelta(days=3)).isoformat()}),
                 201)
    pack = ok(web.get(f"/meetings/{meeting['id']}/pack", headers=leader))
    lines = [ln for u in pack["units"] for ln in u["assigned_since"]]
    by_id = {ln["id"]: ln for ln in lines}
    assert by_id[clearing["id"]]["completion_reported_on"] == day.isoformat()
    assert by_id[clearing["id"]]["completed_on"] is None and by_id[review["id"]]["completion_reported_on"] is None
    r = web.get(f"/meetings/{meeting['id']}/pack.docx", headers=leader)
    text = "\n".join(c.text for t in docx.Document(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells)
    assert f"Đã báo cáo hoàn thành ngày {day.strftime('%d/%m/%Y')}, chờ lãnh đạo xác nhận" in text
    with session_factory()() as session:
        accounts.create_user(session, "pct-ubnd", PASSWORD, "leader", None, 2)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "pct-ubnd", PASSWORD).status_code == 200
    html = web.get(f"/ui/meetings/{meeting['id']}").text
    assert f"Đơn vị báo cáo hoàn thành ngày {day.strftime('%d/%m/%Y')}, chờ xác nhận" in html
    assert f"{later}; gia hạn đến {extended.strftime('%d/%m/%Y')}" in html
    assert "Sở Tài chính (phối hợp, 60%): Đã gửi số liệu đơn giá quý IV." in html
    assert "Tình hình thực hiện: Đã bàn giao 45/48 ha mặt bằng." in html
    report = web.get("/ui/report").text  # the leader's report reads the same
    assert f"Đơn vị báo cáo hoàn thành ngày {day.strftime('%d/%m/%Y')}, chờ xác nhận" in report
    assert f"{later}; gia hạn đến {extended.strftime('%d/%m/%Y')}" in report


def test_a_letter_asking_quy_so_reaches_that_department(client: Any) -> None:
    """Văn thư: "Công văn 4518/UBND-CN says 'Đề nghị Quý Sở Xây dựng khẩn trương kiểm định 12 cầu yếu …'; the task
    came out led by 'Quý Sở Xây dựng', not flagged, and 'Quý Sở Xây dựng' was offered as a new unit — confirmed as
    is, Sở Xây dựng never got it." "Quý" is the courtesy of the letter, not part of the department's name."""
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    letter = ("UBND TỈNH NGHỆ AN\nSố: 4518/UBND-CN\nV/v kiểm định cầu yếu trên các tuyến đường tỉnh\n"
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNghệ An, ngày 03 tháng 12 năm 2026\n\n"
              "Kính gửi:\n- Sở Xây dựng;\n- UBND huyện Nghi Lộc.\n\n"
              "UBND tỉnh có ý kiến như sau:\n"
              "1. Đề nghị Quý Sở Xây dựng khẩn trương kiểm định 12 cầu yếu trên tuyến ĐT.534, lập phương n sửa chữa, "
              "báo cáo UBND tỉnh trước ngày 22/12/2026.\n"
              "2. UBND huyện Nghi Lộc phối hợp với Quý Sở Xây dựng cắm biển hạn chế tải trọng tại các cầu yếu trên địa bàn, hoàn thành "
              "trước ngày 15/12/2026.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT, CN.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
              "Lê Hồng Vinh\n")
    doc = ingest(client, "cv-4518.txt", letter.encode(), clerk)
    tasks = [t for t in ok(client.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    leads = {t["lead"] for t in tasks}
    assert leads == {"Sở Xây dựng", "Ủy ban nhân dân huyện Nghi Lộc"}, leads
    assert [t["support"] for t in tasks if t["lead"] != "Sở Xây dựng"] == [["Sở Xây dựng"]]
    names = [p["name"] for p in client.get("/units/proposals", headers=clerk).json()]
    assert not any(n.startswith("Quý") for n in names), names
    builder = fast_headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="cv-xaydung")
    for t in tasks:
        ok(client.post(f"/tasks/{t['id']}/confirm", headers=clerk))
    inbox = ok(client.get("/tasks", headers=builder))["items"]
    mine = {t["action"][:21]: t["my_role"] for t in inbox if t["document"]["id"] == doc}
    assert mine == {"khẩn trương kiểm định": "lead", "cắm biển hạn chế tải ": "support"}, mine


def test_a_recurring_report_says_so_in_review_and_in_the_inbox(anon_client: Any) -> None:
    """Văn thư and Sở Xây dựng: "'định kỳ hằng quý báo cáo …' showed in Duyệt as 'Thời hạn: 05/03/2027' and in our
    inbox as one date, like a one-off task; only the task's own page said it repeats." The review line and the inbox
    row say 'Định kỳ: …' as the task page does."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-351.txt", notice_text("351/TB-UBND", "05/12/2026", [
        "Giao Sở Xây dựng định kỳ hằng quý báo cáo UBND tỉnh kết quả phát triển nhà ở xã hội.",
        "Giao Sở Xây dựng thẩm định thiết kế nhà ở xã hội Nghi Phú, hoàn thành trước ngày 25/12/2026."]).encode(),
        clerk)
    with session_factory()() as session:
        accounts.create_user(session, "vanthu", PASSWORD, "clerk", None, 1)
        accounts.create_user(session, "cv-xaydung", PASSWORD, "unit_staff", "Sở Xây dựng", 0)
        session.commit()
    web.follow_redirects = True

    def login(name: str) -> None:
        web.cookies.clear()
        form = web.get("/ui/login")
        assert web.post("/ui/login", data={"username": name, "password": PASSWORD,
                                           "csrf": _csrf(form.text)}).status_code == 200

    login("vanthu")
    review = web.get("/ui/review").text
    # Văn thư (play9): "it reads 'Định kỳ: định kỳ hằng quý'": the label's words are not said twice
    assert review.count("<strong>Định kỳ:</strong> hằng quý") == 1 and "Định kỳ:</strong> định kỳ" not in review
    for t in ok(web.get("/tasks/review", headers=clerk))["items"]:
        if t["document"]["id"] == doc:
            ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
    login("cv-xaydung")
    inbox = web.get("/ui/inbox").text
    assert inbox.count("Định kỳ: hằng quý") == 1 and "Định kỳ: định kỳ" not in inbox and "thẩm định thiết kế nhà ở xã hội" in inbox


def test_making_a_document_secret_says_which_units_lose_their_open_tasks(anon_client: Any) -> None:
    """Văn thư: "I marked 342/TB-UBND Mật on its page; it said 'Đã cập nhật độ mật' and nothing else — the next
    morning Sở Tài chính and UBND huyện Nghi Lộc had empty inboxes and still owed the work." Raising the level says
    which units with an open task have no account cleared for it; a unit with one is not named."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-342.txt", notice_text("342/TB-UBND", "04/12/2026", [
        "Giao Sở Tài chính thẩm định quyết toán dự án đường Nghi Thạch - Nghi Khánh, hoàn thành trước ngày "
        "25/12/2026.",
        "Giao UBND huyện Nghi Lộc đẩy nhanh giải phóng mặt bằng Khu công nghiệp Thọ Lộc, hoàn thành trước ngày "
        "15/12/2026.",
        "Giao Sở Xây dựng rà soát đơn giá vật liệu xây dựng, hoàn thành trước ngày 20/12/2026."]).encode(), clerk)
    for t in ok(web.get("/tasks/review", headers=clerk))["items"]:
        if t["document"]["id"] == doc:
            ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
    with session_factory()() as session:
        accounts.create_user(session, "vanthu", PASSWORD, "clerk", None, 1)
        accounts.create_user(session, "tp-xaydung", PASSWORD, "unit_head", "Sở Xây dựng", 1)  # cleared for Mật
        accounts.create_user(session, "cv-taichinh", PASSWORD, "unit_staff", "Sở Tài chính", 0)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "vanthu", PASSWORD).status_code == 200
    page = web.get(f"/ui/documents/{doc}")
    r = web.post(f"/ui/documents/{doc}/access", data={"csrf": _csrf(page.text), "level": "1",
                                                     "audience": "internal", "units": ""})
    assert r.status_code == 200
    flash = re.search(r'class="flash[^"]*"[^>]*>(.*?)</', r.text, re.S)
    assert flash, r.text[:500]
    message = flash.group(1)
    assert "Đã cập nhật độ mật và phạm vi truy cập." in message
    assert "“Sở Tài chính”, “Ủy ban nhân dân huyện Nghi Lộc” đang có nhiệm vụ chưa hoàn thành" in message, message
    assert "Sở Xây dựng" not in message
    assert ok(web.get(f"/documents/{doc}", headers=clerk))["level"] == 1


def test_a_unit_reports_done_with_its_result_file(anon_client: Any) -> None:
    """UBND huyện Nghi Lộc: "'Báo cáo hoàn thành' had no place for the file — our signed report on the cleared land
    had to go as a separate progress report, and the leader accepting the completion did not see it." The completion
    carries its files (API and the task page); the leader downloads them from the completion itself."""
    import base64

    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    leader = fast_headers("leader", clearance=1, username="pct-api")
    doc = ingest(web, "tb-342.txt", notice_text("342/TB-UBND", "04/12/2026", [
        "Giao UBND huyện Nghi Lộc đẩy nhanh giải phóng mặt bằng Khu công nghiệp Thọ Lộc, hoàn thành trước ngày "
        "15/12/2099.",
        "Giao UBND huyện Nghi Lộc lập phương n tái định cư xã Nghi Yên, hoàn thành trước ngày 30/12/2099."]).encode(),
        clerk)
    tasks = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
             for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    by_action = {t["action"][:11]: t["id"] for t in tasks}
    assert set(by_action) == {"đẩy nhanh g", "lập phương "}, by_action
    district = fast_headers("unit_staff", unit=tasks[0]["lead"], clearance=0, username="cv-nghiloc-api")
    pdf = b"%PDF-1.4\n% bao cao ket qua GPMB\n"
    done = ok(web.post(f"/tasks/{by_action['đẩy nhanh g']}/complete", headers=district, json={
        "text": "Đã bàn giao 48/48 ha.", "attachments": [
            {"filename": "Báo cáo kết quả GPMB.pdf", "content_type": "application/pdf",
             "content_base64": base64.b64encode(pdf).decode()}]}))
    [event] = [e for e in done["history"] if e["kind"] == "completion_reported"]
    [meta] = event["detail"]["attachments"]
    assert meta["filename"] == "Báo cáo kết quả GPMB.pdf" and meta["size"] == len(pdf)
    r = web.get(f"/tasks/{done['id']}/attachments/{meta['sha256']}", headers=leader)
    assert r.status_code == 200 and r.content == pdf
    bad = web.post(f"/tasks/{by_action['lập phương ']}/complete", headers=district,
                   json={"attachments": [{"filename": "x.pdf", "content_base64": "không phải base64"}]})
    assert error_code(bad, 422) == "invalid_attachment"
    assert ok(web.get(f"/tasks/{by_action['lập phương ']}", headers=district))["state"] != "completion_reported"
    # the same on the task page: the completion form takes the file
    with session_factory()() as session:
        accounts.create_user(session, "cv-nghiloc", PASSWORD, "unit_staff", tasks[0]["lead"], 0)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "cv-nghiloc", PASSWORD).status_code == 200
    page = web.get(f"/ui/tasks/{by_action['lập phương ']}")
    assert 'id="c-files"' in page.text
    r = web.post(f"/ui/tasks/{by_action['lập phương ']}/complete",
                 data={"csrf": _csrf(page.text), "completed_on": "", "text": "Phương án đã trình UBND tỉnh."},
                 files=[("files", ("Phương án tái định cư.pdf", pdf, "application/pdf"))])
    assert "Đã báo cáo hoàn thành nhiệm vụ." in r.text and "Phương án tái định cư.pdf" in r.text
    after = ok(web.get(f"/tasks/{by_action['lập phương ']}", headers=leader))
    assert after["state"] == "completion_reported"
    [event] = [e for e in after["history"] if e["kind"] == "completion_reported"]
    assert [a["filename"] for a in event["detail"]["attachments"]] == ["Phương án tái định cư.pdf"]


def test_tasks_of_a_secret_document_carry_its_level_in_lists_and_on_their_page(anon_client: Any) -> None:
    """Lãnh đạo: "the follow-up page listed the overdue tasks of 355/TB-UBND (Mật) like any other, and the task's
    own page did not say Mật either — I had it on the meeting-room screen." Every task list (leader, inbox, review)
    and the task page mark the document's level; an ordinary document's tasks carry no mark."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    secret = ingest(web, "tb-355.txt", notice_text("355/TB-UBND", "10/11/2026", [
        "Giao Sở Xây dựng rà soát hồ sơ an toàn đập thủy điện Bản Vẽ, hoàn thành trước ngày 20/11/2026."]).encode(),
        clerk)
    ok(web.patch(f"/documents/{secret}/access", json={"level": 1}, headers=clerk))
    plain = ingest(web, "tb-356.txt", notice_text("356/TB-UBND", "10/11/2026", [
        "Giao Sở Xây dựng kiểm tra chất lượng nhà ở xã hội Nghi Phú, hoàn thành trước ngày 25/11/2026."]).encode(),
        clerk)
    queue = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] in (secret, plain)]
    assert {t["document"]["number"]: t["document"]["level"] for t in queue} == {"355/TB-UBND": 1, "356/TB-UBND": 0}
    with session_factory()() as session:
        accounts.create_user(session, "pct-ubnd", PASSWORD, "leader", None, 1)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "pct-ubnd", PASSWORD).status_code == 200
    review = web.get("/ui/review").text
    assert re.search(r"355/TB-UBND</a> <span class=\"badge lvl-1\">Mật</span>", review)
    for t in queue:
        ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
    leader = web.get("/ui/leader").text
    assert re.search(r"355/TB-UBND</a> <span class=\"badge lvl-1\">Mật</span>", leader)
    assert not re.search(r"356/TB-UBND</a> <span class=\"badge", leader)
    task = next(t for t in queue if t["document"]["id"] == secret)
    assert 'id="task-level">Mật</span>' in web.get(f"/ui/tasks/{task['id']}").text


def test_a_tasks_history_names_people_and_their_unit_not_logins(anon_client: Any) -> None:
    """Lãnh đạo: "the history of the task read 'Tiếp nhận · cv-xd', 'Xác nhận · vanthu' — who is cv-xd?" Each act
    names the person (their full name, else the login) and their unit; the login stays in the API."""
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-357.txt", notice_text("357/TB-UBND", "04/12/2026", [
        "Giao Sở Xây dựng kiểm tra an toàn chung cư cũ trên địa bàn thành phố Vinh, hoàn thành trước ngày "
        "30/12/2099."]).encode(), clerk)
    [task] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
              for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    with session_factory()() as session:
        accounts.create_user(session, "cv-xd", PASSWORD, "unit_staff", "Sở Xây dựng", 0, full_name="Trần Văn Nam")
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "cv-xd", PASSWORD).status_code == 200
    page = web.get(f"/ui/tasks/{task['id']}")
    r = web.post(f"/ui/tasks/{task['id']}/acknowledge", data={"csrf": _csrf(page.text)})
    assert "<strong>Tiếp nhận</strong> · Trần Văn Nam (Sở Xây dựng)" in r.text, r.text[-3000:]
    assert "<strong>Xác nhận</strong> · vanthu-api" in r.text  # an account without a full name or unit: its login
    detail = ok(web.get(f"/tasks/{task['id']}", headers=clerk))
    [ack] = [e for e in detail["history"] if e["kind"] == "acknowledged"]
    assert ack["username"] == "cv-xd" and ack["by"] == "Trần Văn Nam (Sở Xây dựng)"
