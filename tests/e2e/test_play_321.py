"""Breaks found by playing a new week on a live instance (`vanban serve`, a fresh data dir): the clerk registers a
thông báo kết luận (DOCX) with tasks for three departments, a kế hoạch (PDF) with a task table, a district's scanned
letter (OCR), a Mật công văn and the same notice again by e-mail; the leader reviews the tasks and asks for next
Monday's giao ban pack; the departments work on their tasks — one reports progress with a file, one asks for more
time, one says the task is not theirs; a second letter cites the notice and moves a deadline. Each break is written
down as the user said it, with the HTTP (and web form) path that failed."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from helpers.briefing import error_code, fast_headers, ingest, ok
from helpers.notices import notice_text
from helpers.web import csrf_of, ui_login
from tests_support import office_today

PASSWORD = "mat-khau-play-321"


def _account(username: str, role: str, unit: str | None = None, clearance: int = 0) -> None:
    from services.core.auth import service as accounts
    from services.core.db import session_factory

    with session_factory()() as session:
        accounts.create_user(session, username, PASSWORD, role, unit, clearance)
        session.commit()


def _sent(web: Any, clerk: dict[str, str], doc: str) -> dict[str, dict[str, Any]]:
    """The clerk confirms every proposal of the document: {lead: task}."""
    return {t["lead"]: ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
            for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc}


def test_a_department_returns_a_task_that_is_not_its_own(anon_client: Any) -> None:
    """Sở Tài nguyên và Môi trường: "the plan gave us 'xây dựng bản đồ cảnh báo ngập lụt', which is Sở Nông
    nghiệp's (Chi cục Thủy lợi) — the task page lets us acknowledge, report progress, ask for time or report it
    done, nothing to say 'this is not ours'; it sits in our inbox as ours and counts against us at the giao ban."
    The lead unit returns the task with its reason (trả lại nhiệm vụ): it leaves the unit's inbox and the counts,
    goes back to the clerk's review queue saying who returned it and why, and the clerk gives it to the right unit."""
    web = anon_client
    day = office_today()
    due = (day + timedelta(days=60)).strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "kh-521.txt", notice_text("521/KH-UBND", day.strftime("%d/%m/%Y"), [
        f"Giao Sở Tài nguyên và Môi trường chủ trì xây dựng bản đồ cảnh báo ngập lụt các huyện miền núi, hoàn thành "
        f"trước ngày {due}."]).encode(), clerk)
    [task] = _sent(web, clerk, doc).values()
    _account("cv-tnmt-321", "unit_staff", "Sở Tài nguyên và Môi trường")
    web.follow_redirects = True
    assert ui_login(web, "cv-tnmt-321", PASSWORD).status_code == 200
    page = web.get(f"/ui/tasks/{task['id']}").text
    assert f'action="/ui/tasks/{task["id"]}/decline"' in page and "Trả lại nhiệm vụ" in page
    # a reason is needed: the form refuses an empty one in Vietnamese, the task stays in the inbox
    refused = web.post(f"/ui/tasks/{task['id']}/decline", data={"csrf": csrf_of(page), "reason": " "}).text
    assert "lý do" in refused.lower()
    reason = "Nhiệm vụ thuộc chức năng của Sở Nông nghiệp và Phát triển nông thôn (Chi cục Thủy lợi)."
    done = web.post(f"/ui/tasks/{task['id']}/decline", data={"csrf": csrf_of(refused), "reason": reason}).text
    assert "Đã trả lại nhiệm vụ" in done
    staff = fast_headers("unit_staff", unit="Sở Tài nguyên và Môi trường", clearance=0, username="cv-tnmt-api")
    assert ok(web.get("/tasks", headers=staff))["total"] == 0  # out of the unit's inbox
    # … and out of the counts: the report does not hold it against the unit
    assert ok(web.get("/reports/progress", headers=clerk))["in_progress"] == []
    [back] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["id"] == task["id"]]
    assert back["needs_review"] and back["sent_at"] is None, back
    assert any("Sở Tài nguyên và Môi trường trả lại" in r and reason.rstrip(".") in r for r in back["review_reasons"]), back
    # the clerk gives it to the right department: it reaches that unit's inbox
    fixed = ok(web.patch(f"/tasks/{task['id']}", headers=clerk,
                         json={"lead": "Sở Nông nghiệp và Phát triển nông thôn"}))
    assert fixed["sent_at"] and fixed["lead"] == "Sở Nông nghiệp và Phát triển nông thôn"
    agri = fast_headers("unit_staff", unit="Sở Nông nghiệp và Phát triển nông thôn", clearance=0, username="cv-nn")
    assert [t["id"] for t in ok(web.get("/tasks", headers=agri))["items"]] == [task["id"]]
    assert ok(web.get("/tasks", headers=staff))["total"] == 0
    history = [(e["kind"], e["text"]) for e in ok(web.get(f"/tasks/{task['id']}", headers=clerk))["history"]]
    assert ("declined", reason) in history, history
    # a second return of the same task (a retry) is refused in words: it is no longer the unit's
    assert error_code(web.post(f"/tasks/{task['id']}/decline", headers=staff, json={"reason": reason}), 403)


def test_a_retried_extension_request_is_recorded_once(anon_client: Any) -> None:
    """Sở Giao thông vận tải: "the page hung when we sent the extension request, so we sent it again: the task's
    history now shows two identical requests, and the leader asked which one to answer." The same request again
    (same new deadline, same reason) while it waits changes nothing; a different one replaces it, as the page says."""
    web = anon_client
    day = office_today()
    due, asked = day + timedelta(days=30), day + timedelta(days=75)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    doc = ingest(web, "tb-523.txt", notice_text("523/TB-UBND", day.strftime("%d/%m/%Y"), [
        "Giao Sở Giao thông vận tải chủ trì khắc phục các điểm sạt lở trên Quốc lộ 48, hoàn thành trước ngày "
        f"{due.strftime('%d/%m/%Y')}."]).encode(), clerk)
    [task] = _sent(web, clerk, doc).values()
    staff = fast_headers("unit_staff", unit="Sở Giao thông vận tải", clearance=0, username="cv-gt-323")
    body = {"new_deadline": asked.isoformat(), "reason": "Mưa kéo dài, chưa thể thi công gia cố mái taluy."}
    for _ in range(2):
        ok(web.post(f"/tasks/{task['id']}/extension", headers=staff, json=body))
    kinds = [e["kind"] for e in ok(web.get(f"/tasks/{task['id']}", headers=clerk))["history"]]
    assert kinds.count("extension_requested") == 1, kinds
    later = {**body, "new_deadline": (asked + timedelta(days=10)).isoformat()}
    after = ok(web.post(f"/tasks/{task['id']}/extension", headers=staff, json=later))
    assert after["extension_requested_to"] == later["new_deadline"]
    assert [e["kind"] for e in after["history"]].count("extension_requested") == 2


def test_the_mailbox_does_not_count_a_letter_already_in_the_register_as_registered(anon_client: Any) -> None:
    """Văn thư: "I put the notice in the sổ đến from the file, then the same notice came by e-mail. 'Nhận ngay'
    answered 'registered: 1' — I looked for the new line and there is none (rightly: it is the same file)." The
    intake says the attachment was already in the register, and registers nothing."""
    import imaplib

    from helpers.registry import DOCX, imap_folder, letter, mail_with_attachments, register

    from services.core.config import reset_settings
    from services.core.dispatch import wait_idle

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    data = letter("1525/UBND-NN", sender="UBND HUYỆN QUỲ CHÂU", subject="Về việc hỗ trợ khắc phục sạt lở đất")
    ok(register(web, clerk, "cv-1525.docx", data, sender="UBND huyện Quỳ Châu"), 201)
    wait_idle(120)
    try:
        with pytest.MonkeyPatch.context() as mp, imap_folder(mp) as (conn, name):
            mail = mail_with_attachments("UBND huyện Quỳ Châu <vt@quychau.example>", "Gửi Công văn 1525/UBND-NN",
                                         [("cv-1525.docx", data, DOCX)])
            assert conn.append(name, "", imaplib.Time2Internaldate(0), mail)[0] == "OK"
            reset_settings()
            got = ok(web.post("/registry/intake/run", headers=clerk))["mailbox"]
    finally:
        reset_settings()  # the settings of the environment as it was
    assert got["registered"] == 0 and got["already_registered"] == 1, got
    assert ok(web.get("/registry/incoming", headers=clerk))["total"] == 1


def test_the_clerk_corrects_a_field_typed_wrong_in_the_incoming_register(anon_client: Any) -> None:
    """Văn thư: "I typed the notice's date as 30/11 — it is 01/12 — and its number without the '-UBND'. The sổ đến
    page has no way to correct a line: the printed sổ and the giao ban figures will carry my typo for the year."
    A clerk corrects the fields of a line (its số đến stays, the change is audited: who, when, from what to what);
    a value that is no date is refused in Vietnamese and nothing is changed."""
    from helpers.registry import letter, register

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    entry = ok(register(web, clerk, "tb-527.docx", letter("527/TB-UBND", sender="UBND TỈNH NGHỆ AN"),
                        sender="UBND tỉnh Nghệ An", doc_number="527/TB", doc_date="2026-11-30"), 201)
    _account("vanthu-327", "clerk", clearance=1)
    web.follow_redirects = True
    assert ui_login(web, "vanthu-327", PASSWORD).status_code == 200
    page = web.get(f"/ui/registry/incoming/{entry['id']}").text
    assert f'action="/ui/registry/incoming/{entry["id"]}/edit"' in page and "Sửa thông tin vào sổ" in page
    form = {"csrf": csrf_of(page), "sender": "UBND tỉnh Nghệ An", "doc_number": "527/TB-UBND",
            "doc_date": "31/02/2026", "doc_type": "", "subject": "", "urgency": "normal", "pages": "", "copies": ""}
    answer = web.post(f"/ui/registry/incoming/{entry['id']}/edit", data=form)
    refused = answer.text
    assert answer.status_code == 422 and "Ngày" in refused and "không hợp lệ" in refused, refused[:2000]
    assert 'value="527/TB-UBND"' in refused and 'value="31/02/2026"' in refused  # what was typed is kept
    assert ok(web.get(f"/registry/incoming/{entry['id']}", headers=clerk))["doc_number"] == "527/TB"
    done = web.post(f"/ui/registry/incoming/{entry['id']}/edit",
                    data={**form, "csrf": csrf_of(refused), "doc_date": "01/12/2026"}).text
    assert "Đã sửa thông tin vào sổ." in done
    after = ok(web.get(f"/registry/incoming/{entry['id']}", headers=clerk))
    assert (after["number"], after["doc_number"], after["doc_date"]) == (entry["number"], "527/TB-UBND",
                                                                         "2026-12-01")
    # over the API too; a unit's staff may not
    fixed = ok(web.patch(f"/registry/incoming/{entry['id']}", headers=clerk, json={"subject": "Kết luận giao ban"}))
    assert fixed["subject"] == "Kết luận giao ban" and fixed["doc_number"] == "527/TB-UBND"
    staff = fast_headers("unit_staff", unit="Sở Tài chính", clearance=0, username="cv-tc-327")
    assert web.patch(f"/registry/incoming/{entry['id']}", headers=staff, json={"subject": "x"}).status_code in (403, 404)
    audit = ok(web.get("/audit", headers=fast_headers("admin", username="qt-327"), params={"limit": 200}))
    changes = [a["detail"]["changed"] for a in audit["items"]
               if a.get("object_id") == entry["id"] and "changed" in (a.get("detail") or {})]
    assert {"doc_date": ["2026-11-30", "2026-12-01"], "doc_number": ["527/TB", "527/TB-UBND"]} in changes, changes
    assert re.search(r"527/TB-UBND", web.get("/ui/registry/incoming").text)


def test_the_giao_ban_pack_says_which_unit_asks_for_more_time(anon_client: Any) -> None:
    """Lãnh đạo: "Sở Giao thông vận tải asked on Tuesday to move the landslide repairs from 15/01 to 28/02. The pack
    for Monday's giao ban shows 15/01/2027 and 0% — nothing says a request is waiting, which is exactly what we
    decide at the meeting." The pack (JSON, page, DOCX, Excel) says the unit asks for a new deadline and that it
    waits for the leader; once decided, it shows the extension as before."""
    import io

    import docx
    import openpyxl

    web = anon_client
    day = office_today()
    due, asked = day + timedelta(days=40), day + timedelta(days=80)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    leader = fast_headers("leader", clearance=2, username="pct-api")
    doc = ingest(web, "tb-529.txt", notice_text("529/TB-UBND", day.strftime("%d/%m/%Y"), [
        "Giao Sở Giao thông vận tải chủ trì khắc phục các điểm sạt lở trên Quốc lộ 48, hoàn thành trước ngày "
        f"{due.strftime('%d/%m/%Y')}."]).encode(), clerk)
    [task] = _sent(web, clerk, doc).values()
    staff = fast_headers("unit_staff", unit="Sở Giao thông vận tải", clearance=0, username="cv-gt-329")
    ok(web.post(f"/tasks/{task['id']}/extension", headers=staff,
                json={"new_deadline": asked.isoformat(), "reason": "Mưa kéo dài, chưa thể thi công."}))
    meeting = ok(web.post("/meetings", headers=leader, json={
        "title": "Giao ban khắc phục hậu quả mưa lũ", "meeting_date": (day + timedelta(days=7)).isoformat(),
        "unit_ids": [task["lead_unit_id"]]}), 201)
    pack = ok(web.get(f"/meetings/{meeting['id']}/pack", headers=leader))
    [line] = [ln for u in pack["units"] for ln in u["assigned_since"]]
    assert line["extension_requested_to"] == asked.isoformat(), line
    said = f"đề nghị gia hạn đến {asked.strftime('%d/%m/%Y')}"
    text = "\n".join(c.text for t in docx.Document(io.BytesIO(web.get(f"/meetings/{meeting['id']}/pack.docx",
                                                                       headers=leader).content)).tables
                     for r in t.rows for c in r.cells)
    text = " ".join(text.split())  # the narrow Thời hạn column puts each part on its own line
    assert said in text and "chờ lãnh đạo duyệt" in text, text[-1500:]
    book = openpyxl.load_workbook(io.BytesIO(web.get(f"/meetings/{meeting['id']}/pack.xlsx", headers=leader).content))
    cells = [str(c.value) for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert any(said in c.lower() for c in cells), cells[:60]
    _account("pct-329", "leader", clearance=2)
    web.follow_redirects = True
    assert ui_login(web, "pct-329", PASSWORD).status_code == 200
    assert said in web.get(f"/ui/meetings/{meeting['id']}").text.lower()
    # decided: the request is no longer waiting, the extension reads as one
    ok(web.post(f"/tasks/{task['id']}/extension/approve", headers=leader, json={}))
    pack = ok(web.get(f"/meetings/{meeting['id']}/pack", headers=leader))
    [line] = [ln for u in pack["units"] for ln in u["assigned_since"]]
    assert line["extension_requested_to"] is None and f"gia hạn đến {asked.strftime('%d/%m/%Y')}" in line[
        "deadline_text"], line


def test_a_letter_moving_a_deadline_is_not_offered_as_a_second_task(anon_client: Any,
                                                                    monkeypatch: Any) -> None:
    """Văn thư: "Công văn 1532 'Thực hiện Thông báo số 531/TB-UBND … đồng ý điều chỉnh thời hạn … giao Sở Giao thông
    vận tải chủ trì hoàn thành trước ngày …' came in; the review page offered 'hoàn thành' as a new task for Sở
    GTVT, ready to confirm like any other — confirmed, the department would have the same work twice. (With sending
    on extraction it went out by itself.)" A proposal whose letter cites a directive in which the same lead unit
    already has a task being followed waits for the clerk, saying which task it may change."""
    from services.core.config import reset_settings

    monkeypatch.setenv("VANBAN_BRIEFING_SEND_ON", "extraction")
    reset_settings()
    web = anon_client
    day = office_today()
    due, later = day + timedelta(days=40), day + timedelta(days=80)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    first = ingest(web, "tb-531.txt", notice_text("531/TB-UBND", day.strftime("%d/%m/%Y"), [
        "Giao Sở Giao thông vận tải chủ trì khắc phục các điểm sạt lở trên Quốc lộ 48, hoàn thành trước ngày "
        f"{due.strftime('%d/%m/%Y')}."]).encode(), clerk)
    [task] = [t for t in ok(web.get("/tasks", headers=clerk))["items"] if t["document"]["id"] == first]
    assert task["sent_at"], task  # sent on extraction
    letter = (f"UỶ BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 1532/UBND-NN\nV/v điều chỉnh thời hạn khắc phục sạt lở\n"
              f"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
              f"Nghệ An, ngày {day.strftime('%d')} tháng {day.strftime('%m')} năm {day.year}\n\n"
              f"Thực hiện Thông báo số 531/TB-UBND ngày {day.strftime('%d/%m/%Y')} của UBND tỉnh; xét đề nghị của "
              f"Sở Giao thông vận tải, Chủ tịch UBND tỉnh có ý kiến như sau:\n"
              f"Đồng ý điều chỉnh thời hạn khắc phục các điểm sạt lở trên Quốc lộ 48 tại Thông báo số 531/TB-UBND: "
              f"giao Sở Giao thông vận tải chủ trì hoàn thành trước ngày {later.strftime('%d/%m/%Y')}.\n")
    second = ingest(web, "cv-1532.txt", letter.encode(), clerk)
    proposals = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == second]
    assert proposals, ok(web.get(f"/documents/{second}", headers=clerk))["tasks"]
    for p in proposals:
        assert p["lead"] == "Sở Giao thông vận tải" and p["sent_at"] is None and p["needs_review"], p
        assert any("531/TB-UBND" in r and "đã có nhiệm vụ" in r for r in p["review_reasons"]), p["review_reasons"]
    gt = fast_headers("unit_staff", unit="Sở Giao thông vận tải", clearance=0, username="cv-gt-331")
    assert [t["id"] for t in ok(web.get("/tasks", headers=gt))["items"]] == [task["id"]]
    # a kế hoạch carrying out the notice gives the same department new work: that is sent as usual
    plan = ingest(web, "kh-534.txt", notice_text("534/KH-UBND", day.strftime("%d/%m/%Y"), [
        f"Thực hiện Thông báo số 531/TB-UBND ngày {day.strftime('%d/%m/%Y')} của UBND tỉnh, giao Sở Giao thông vận "
        f"tải chủ trì lắp đặt biển cảnh báo tại các điểm sạt lở, hoàn thành trước ngày {due.strftime('%d/%m/%Y')}."],
        subject="Kế hoạch khắc phục hậu quả mưa lũ").encode(), clerk)
    assert first in [c["document_id"] for c in ok(web.get(f"/documents/{plan}/citations", headers=clerk))["cites"]]
    sent = [t for t in ok(web.get("/tasks", headers=gt))["items"] if t["document"]["id"] == plan]
    assert len(sent) == 1 and "biển cảnh báo" in sent[0]["action"], sent


def test_a_refused_registration_keeps_what_the_clerk_typed(anon_client: Any) -> None:
    """Văn thư: "I filled in the whole 'Vào sổ văn bản đến' form — sender, number, trích yếu, độ khẩn — and typed the
    date as 31/11/2026. The page came back empty with 'Ngày … không hợp lệ': everything I typed was gone." A refused
    registration shows the form again with what was typed and says which field to correct (the file, which a browser
    never fills in again, is asked for again); nothing is written to the register."""
    from helpers.registry import DOCX, letter

    web = anon_client
    _account("vanthu-333", "clerk", clearance=1)
    web.follow_redirects = True
    assert ui_login(web, "vanthu-333", PASSWORD).status_code == 200
    form = web.get("/ui/registry/incoming/new").text
    typed = {"csrf": csrf_of(form), "sender": "UBND huyện Quỳ Châu", "doc_number": "1533/UBND-NN",
             "doc_date": "31/11/2026", "doc_type": "Công văn", "subject": "Về việc hỗ trợ khắc phục sạt lở đất",
             "urgency": "urgent", "level": "0", "pages": "3", "copies": ""}
    r = web.post("/ui/registry/incoming", data=typed, files={"file": ("cv-1533.docx", letter("1533/UBND-NN"), DOCX)})
    assert r.status_code == 422, r.status_code
    assert "Ngày tháng văn bản không hợp lệ" in r.text or "không hợp lệ" in r.text
    assert "chọn lại tệp" in r.text
    for name in ("sender", "doc_number", "doc_date", "subject", "pages"):
        assert typed[name] in r.text, name
    assert re.search(r'<option value="urgent" selected>', r.text)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-api")
    assert ok(web.get("/registry/incoming", headers=clerk))["total"] == 0
