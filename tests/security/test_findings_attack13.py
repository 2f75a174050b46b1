"""Thirteenth attack: the moments between states, and three items noted before and now decided (SECURITY.md 58+).
Invented notices."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from helpers.briefing import fast_headers, ingest, ok, unit_ids
from tests_support import office_today


def _two_tasks(day: date, due: date, mark: str = "") -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n" + mark + "Số: 713/TB-UBND\n"
            f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n"
            "Kết luận về việc chuẩn bị mùa mưa bão khobai713\n\n"
            "1. Giao Sở Xây dựng chủ trì, phối hợp với Sở Giao thông vận tải kiểm tra các công trình khobai713, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n"
            "2. Giao Sở Tài chính chủ trì bố trí kinh phí dự phòng khobai713, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n").encode()


def _sent(web: Any, clerk: dict[str, str], doc: str) -> dict[str, dict[str, Any]]:
    """The clerk confirms the document's proposals: {lead unit: task}."""
    tasks = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
             for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    return {t["lead"]: t for t in tasks}


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_unit_taken_off_a_task_no_longer_reads_the_document(db_backend: str, anon_client: Any) -> None:
    """SECURITY.md 58. A clerk gives the second task of a notice to Sở Nội vụ by mistake (the notice is `internal`:
    naming the unit opens the notice to it), then gives it back to Sở Tài chính. Sở Nội vụ read the notice, its
    tasks and found it in search for good: the units a task named by hand were only ever added to the notice's
    readers. Now it reads nothing of it once it is off the task (positive control: while it is on it, it reads)."""
    from services.core.dispatch import wait_idle

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau13a")
    nv = fast_headers("unit_staff", unit="Sở Nội vụ", clearance=0, username="cv-nv-dau13a")
    doc = ingest(web, "tb-713.txt", _two_tasks(day, day + timedelta(days=20)), clerk)
    task = _sent(web, clerk, doc)["Sở Tài chính"]
    assert web.get(f"/documents/{doc}", headers=nv).status_code == 404
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Nội vụ"}))
    wait_idle(60)
    assert web.get(f"/documents/{doc}", headers=nv).status_code == 200  # control: named, it reads the notice
    assert "khobai713" in web.get("/search", params={"q": "khobai713"}, headers=nv).text
    ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Tài chính"}))
    wait_idle(60)
    assert web.get(f"/documents/{doc}", headers=nv).status_code == 404
    assert web.get(f"/tasks/{task['id']}", headers=nv).status_code == 404
    assert "khobai713" not in web.get("/search", params={"q": "khobai713"}, headers=nv).text
    assert doc not in web.get("/documents", headers=nv).text
    # the units the notice names keep it (extraction's, and the one given the task back)
    for unit in ("Sở Tài chính", "Sở Xây dựng", "Sở Giao thông vận tải"):
        other = fast_headers("unit_staff", unit=unit, clearance=0, username=f"cv-{len(unit)}-{unit[-3:]}-dau13a")
        assert web.get(f"/documents/{doc}", headers=other).status_code == 200, unit


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_task_report_is_read_by_its_lead_and_the_leaders_not_by_every_unit_of_the_notice(
        db_backend: str, anon_client: Any) -> None:
    """SECURITY.md 59 (noted in the seventh attack, now decided). A notice gives Sở Xây dựng a task with Sở Giao
    thông vận tải cooperating, and Sở Tài chính another. Sở Tài chính reports its budget gap with a file; Sở Giao
    thông vận tải its part. Every unit of the notice read every report — the other task's words, its files, its
    history — on the task page, the pack of a giao ban they attend and the download. Now: the lead unit and the
    leaders read every report of their task; a cooperating unit the lead's and its own; a unit not on the task
    none (it still reads the task itself: text, units, deadline, state)."""
    import base64

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau13b")
    leader = fast_headers("leader", clearance=1, username="pct-dau13b")
    tc = fast_headers("unit_head", unit="Sở Tài chính", clearance=0, username="gd-tc-dau13b")
    xd = fast_headers("unit_staff", unit="Sở Xây dựng", clearance=0, username="cv-xd-dau13b")
    gt = fast_headers("unit_staff", unit="Sở Giao thông vận tải", clearance=0, username="cv-gt-dau13b")
    doc = ingest(web, "tb-713.txt", _two_tasks(day, day + timedelta(days=20)), clerk)
    tasks = _sent(web, clerk, doc)
    t_xd, t_tc = tasks["Sở Xây dựng"], tasks["Sở Tài chính"]
    assert t_xd["support"] == ["Sở Giao thông vận tải"], t_xd
    note = "Ngân sách bimat713 còn thiếu 4 tỷ"
    sheet = base64.b64encode("Bảng kinh phí bimat713\n".encode()).decode()
    ok(web.post(f"/tasks/{t_tc['id']}/progress", headers=tc, json={
        "text": note, "percent": 30, "attachments": [{"filename": "kinh-phi.txt", "content_type": "text/plain",
                                                      "content_base64": sheet}]}))
    ok(web.post(f"/tasks/{t_tc['id']}/extension", headers=tc, json={
        "new_deadline": (day + timedelta(days=40)).isoformat(), "reason": "Chờ bimat713 bổ sung"}))
    ok(web.post(f"/tasks/{t_xd['id']}/progress", headers=gt, json={"text": "Phần giao thông: cầu yeu713 hỏng",
                                                                   "percent": 50, "attachments": []}))
    ok(web.post(f"/tasks/{t_xd['id']}/progress", headers=xd, json={"text": "Đã kiểm tra chinh713 xong 3 công trình",
                                                                   "percent": 40, "attachments": []}))
    detail = ok(web.get(f"/tasks/{t_tc['id']}", headers=leader))
    [sha] = [a["sha256"] for e in detail["history"] for a in (e["detail"].get("attachments") or [])]
    ids = unit_ids(web, leader)
    meeting = ok(web.post("/meetings", headers=leader, json={
        "title": "Giao ban mưa bão", "level": 0, "meeting_date": (day + timedelta(days=1)).isoformat(),
        "unit_ids": [ids[u] for u in ("Sở Xây dựng", "Sở Tài chính", "Sở Giao thông vận tải")]}), 201)

    def reads(headers: dict[str, str]) -> str:
        out = [web.get(f"/tasks/{t['id']}", headers=headers).text for t in (t_xd, t_tc)]
        out.append(web.get(f"/meetings/{meeting['id']}/pack", headers=headers).text)
        return "\n".join(out)

    # the leaders and the lead read every report of their task (positive controls)
    seen = reads(leader)
    for words in ("bimat713", "yeu713", "chinh713"):
        assert words in seen, words
    assert "bimat713" in web.get(f"/tasks/{t_tc['id']}", headers=tc).text
    assert web.get(f"/tasks/{t_tc['id']}/attachments/{sha}", headers=tc).status_code == 200
    lead = web.get(f"/tasks/{t_xd['id']}", headers=xd).text
    assert "yeu713" in lead and "chinh713" in lead
    # Sở Xây dựng is not on Sở Tài chính's task: it reads the task, none of its reports
    other = ok(web.get(f"/tasks/{t_tc['id']}", headers=xd))
    assert other["action"] and other["lead"] == "Sở Tài chính"
    assert "bimat713" not in reads(xd)
    assert web.get(f"/tasks/{t_tc['id']}/attachments/{sha}", headers=xd).status_code == 404
    outside = ok(web.get(f"/tasks/{t_xd['id']}", headers=tc))  # Sở Tài chính is not on Sở Xây dựng's task
    assert outside["progress_note"] is None and "chinh713" not in str(outside) and "yeu713" not in str(outside)
    [coop_row] = [u for u in outside["units"] if u["role"] == "support"]
    assert (coop_row["progress_percent"], coop_row["progress_at"], coop_row["attachments"]) == (0, None, [])
    # Sở Giao thông vận tải cooperates on Sở Xây dựng's task: the lead's report and its own, not Sở Tài chính's
    coop = reads(gt)
    assert "chinh713" in coop and "yeu713" in coop
    assert "bimat713" not in coop
    assert web.get(f"/tasks/{t_tc['id']}/attachments/{sha}", headers=gt).status_code == 404


def _upload(web: Any, headers: dict[str, str], name: str, text: str) -> str:
    from services.core.dispatch import wait_idle

    r = web.post("/documents", files=[("files", (name, text.encode(), "text/plain"))], headers=headers)
    assert r.status_code == 202, r.text
    wait_idle(120)
    return str(r.json()["items"][0]["document_id"])


DRAFT = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 761/TB-UBND\nNghệ An, ngày 05 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
         "Kết luận về phương án giaima761 kho lưu trữ\n\nGiao Sở Xây dựng chủ trì triển khai, hoàn thành trước ngày "
         "30/12/2025.\n")


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_leaders_declassification_stands_when_a_copy_it_knew_is_read_again(
        db_backend: str, anon_client: Any) -> None:
    """SECURITY.md 60 (noted in the eleventh attack, now decided). A notice's unstamped draft is registered; its signed
    scan stamped MẬT raises it to Mật (finding 55); a leader, cleared for it, declassifies the notice (Thường). A
    clerk then reprocesses the scan — the same stamp read again — and the notice went back to Mật: the leader's
    decision was overruled by a machine reading nothing new. Now the stamp a leader declassified over stands lowered;
    a copy stamped higher than the level the leader lowered from (TỐI MẬT, new information) still raises it."""
    from helpers.briefing import fast_headers

    web = anon_client
    clerk = fast_headers("clerk", clearance=3, username="vanthu-dau13c")
    leader = fast_headers("leader", clearance=3, username="ct-dau13c")
    staff0 = fast_headers("unit_staff", "Sở Xây dựng", 0, "syd0-dau13c")
    registered = _upload(web, clerk, "tb-761.txt", DRAFT)
    copy = _upload(web, clerk, "tb-761-scan.txt", DRAFT.replace("Số: 761", "MẬT\nSố: 761"))
    assert ok(web.get(f"/documents/{copy}", headers=clerk))["registered_as"]["document_id"] == registered
    assert ok(web.get(f"/documents/{registered}", headers=clerk))["level"] == 1
    ok(web.patch(f"/documents/{registered}/access", headers=leader, json={"level": 0}))
    assert ok(web.get(f"/documents/{registered}", headers=staff0))["level"] == 0

    assert web.post(f"/documents/{copy}/reprocess", headers=clerk).status_code == 202
    from services.core.dispatch import wait_idle

    wait_idle(120)
    again = ok(web.get(f"/documents/{copy}", headers=clerk))
    assert again["status"] == "done" and again["registered_as"]["document_id"] == registered, again
    assert ok(web.get(f"/documents/{registered}", headers=clerk))["level"] == 0
    assert web.get(f"/documents/{registered}", headers=staff0).status_code == 200
    # the copy itself keeps its own stamp: declassifying the notice decided nothing about that file
    assert again["level"] == 1 and web.get(f"/documents/{copy}", headers=staff0).status_code == 404

    # a stamp above what the leader decided over is new: it raises the notice (the safe side, finding 55)
    _upload(web, clerk, "tb-761-toi-mat.txt", DRAFT.replace("Số: 761", "TỐI MẬT\nSố: 761"))
    assert ok(web.get(f"/documents/{registered}", headers=clerk))["level"] == 2
    assert web.get(f"/documents/{registered}", headers=staff0).status_code == 404


GENUINE = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 781/TB-UBND\nNghệ An, ngày 06 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
           "Kết luận về phương án thatsu781 phòng chống lũ\n\nGiao Sở Xây dựng chủ trì gia cố đê thatsu781, hoàn thành "
           "trước ngày 30/12/2025.\n")
FORGED = ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 781/TB-UBND\nNghệ An, ngày 06 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
          "Kết luận về việc tạm dừng giamao781\n\nGiao Sở Xây dựng tạm dừng mọi công việc giamao781.\n")


def _mail(text: str, results: list[str]) -> bytes:
    """A mail as the office's server hands it over: its Authentication-Results first (the newest header on top)."""
    from email.message import EmailMessage

    msg = EmailMessage()
    for value in results:
        msg["Authentication-Results"] = value
    msg["From"] = "Văn phòng UBND tỉnh <vanphong@nghean.gov.vn>"
    msg["To"] = "vanthu@ubnd.example"
    msg["Subject"] = "Gửi thông báo kết luận"
    msg["Message-ID"] = f"<{len(text)}-{len(results)}@mail.example>"
    msg.set_content("Kính gửi các cơ quan.")
    msg.add_attachment(text.encode(), maintype="text", subtype="plain", filename="tb-781.txt")
    return bytes(msg)


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("verified", [False, True])
def test_a_forged_mail_does_not_make_the_genuine_notice_its_copy(
        db_backend: str, anon_client: Any, monkeypatch: pytest.MonkeyPatch, verified: bool) -> None:
    """SECURITY.md 61 (noted in the tenth attack, now decided). Anyone on the Internet can write to the intake
    mailbox with the office's own name as sender, attaching a forged notice with the number, issuer and date of a
    notice about to come. It was registered first, so the genuine notice, uploaded by the clerk after it, became its
    copy: no tasks proposed, not indexed, the units told nothing — the forgery stood in its place. A sender is
    trusted only when the office's own mail server vouches for it (Authentication-Results of
    VANBAN_IMAP_TRUSTED_AUTHSERV_ID: DMARC pass, or DKIM/SPF pass aligned with the From domain); a file from a mail
    it does not vouch for never becomes the registered document of a file from a trusted door, and its register line
    says the sender is not verified. Control (verified=True): a vouched-for mail is the registered document as
    before, and the clerk's file becomes its copy."""
    from sqlalchemy import select

    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.registry.intake import register_message
    from services.registry.models import IncomingEntry

    monkeypatch.setenv("VANBAN_IMAP_TRUSTED_AUTHSERV_ID", "mx.ubnd.example")
    web = anon_client
    clerk = fast_headers("clerk", clearance=3, username="vanthu-dau13d")
    results = ("mx.ubnd.example; dkim=pass header.d=nghean.gov.vn header.s=s1; spf=pass "
               "smtp.mailfrom=vanphong@nghean.gov.vn; dmarc=pass header.from=nghean.gov.vn")
    # the office's server found no valid signature; the forger added headers of her own claiming a pass — one naming
    # another server, one naming the office's server below its real one (only the topmost of the office's counts)
    forged = ["mx.ubnd.example; dkim=none; spf=softfail smtp.mailfrom=vanphong@nghean.gov.vn; dmarc=fail "
              "header.from=nghean.gov.vn", "evil.example; dmarc=pass header.from=nghean.gov.vn",
              "mx.ubnd.example; dmarc=pass header.from=nghean.gov.vn"]
    raw = _mail(GENUINE, [results]) if verified else _mail(FORGED, forged)
    assert register_message(raw, "uid-1")["registered"] == 1
    wait_idle(120)
    with session_factory()() as session:
        [line] = session.scalars(select(IncomingEntry).where(IncomingEntry.channel == "email")).all()
        mailed, note = line.document_id, line.note or ""
    assert ("chưa được xác thực" in note) is (not verified), note
    genuine = _upload(web, clerk, "tb-781-ban-chinh.txt", GENUINE + "\nNơi nhận:\n- Sở Xây dựng;\n- Lưu: VT.\n")
    got = ok(web.get(f"/documents/{genuine}", headers=clerk))
    if verified:
        assert (got["registered_as"] or {}).get("document_id") == mailed, got
        return
    assert got["registered_as"] is None, got
    assert any(t["document"]["id"] == genuine for t in ok(web.get("/tasks/review", headers=clerk))["items"])
    hits = ok(web.get("/search", headers=clerk, params={"q": "thatsu781"}))
    assert [h["document_id"] for h in hits["hits"]] == [genuine], hits


@pytest.mark.parametrize(("results", "sender", "vouched"), [
    (["mx.ubnd.example; dmarc=pass header.from=nghean.gov.vn"], "vanphong@nghean.gov.vn", True),
    (["mx.ubnd.example; dkim=pass header.d=nghean.gov.vn"], "vanthu@so.nghean.gov.vn", True),
    (["MX.UBND.EXAMPLE 1; spf=pass (ok) smtp.mailfrom=a@nghean.gov.vn"], "vanphong@nghean.gov.vn", True),
    # a forger's own domain signs well, but it is not the From domain (nor a lookalike's parent)
    (["mx.ubnd.example; dkim=pass header.d=gia-mao.example; spf=pass smtp.mailfrom=x@gia-mao.example"],
     "vanphong@nghean.gov.vn", False),
    (["mx.ubnd.example; dkim=pass header.d=evilnghean.gov.vn"], "vanphong@nghean.gov.vn", False),
    (["mx.ubnd.example; dmarc=fail", "mx.ubnd.example; dmarc=pass"], "vanphong@nghean.gov.vn", False),
    (["relay.example; dmarc=pass header.from=nghean.gov.vn"], "vanphong@nghean.gov.vn", False),
    ([], "vanphong@nghean.gov.vn", False),
    (["mx.ubnd.example; dmarc=pass header.from=nghean.gov.vn"], "a@nghean.gov.vn, b@nghean.gov.vn", False),
])
def test_only_the_offices_mail_server_vouches_for_a_sender(results: list[str], sender: str, vouched: bool) -> None:
    """SECURITY.md 61: the topmost Authentication-Results of the configured server decides; alignment with From."""
    from email.message import EmailMessage

    from services.registry.intake import sender_verified

    msg = EmailMessage()
    for value in results:
        msg["Authentication-Results"] = value
    msg["From"] = sender
    assert sender_verified(msg, "mx.ubnd.example") is vouched
    assert sender_verified(msg, None) is False


def test_a_message_waiting_in_the_outbox_is_withdrawn_when_its_unit_is_taken_off_the_task(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """SECURITY.md 62. 'New task' waits in the outbox for Sở Y tế (mail server down). The clerk corrects the task:
    Sở Nội vụ leads it, not Sở Y tế. When the mail server is back, Sở Y tế was still sent 'Nhiệm vụ mới được giao'
    with the task's text and deadline — a task no longer its own, which its staff then cannot open or report on
    (the notice is addressed to it, so the notice itself stays open to it). A waiting message goes only to a unit
    still named on its task; the 'no longer your task' message it was queued goes (positive control)."""
    from helpers.briefing import mail_server, tasks_waiting_in_the_outbox

    from services.core.dispatch import run_task, wait_idle

    clerk = fast_headers("clerk", username="vanthu-dau13e")
    items = ["Giao Sở Y tế chủ trì rà soát kho thuốc dự trữ khothuoc762, báo cáo trước ngày 20/11/2030."]
    _, [task] = tasks_waiting_in_the_outbox(client, monkeypatch, clerk, {"Sở Y tế": "syt@nghean.gov.vn",
                                                                         "Sở Nội vụ": "snv@nghean.gov.vn"},
                                            "762/TB-UBND", "05/11/2026", items)
    ok(client.patch(f"/tasks/{task['id']}", headers=clerk, json={"lead": "Sở Nội vụ"}))
    wait_idle(60)
    with mail_server(monkeypatch) as box:
        run_task("briefing.send_notifications")
        to_yte = box.to("syt@nghean.gov.vn")
        assert to_yte, "control: Sở Y tế is told the task is no longer its own"
        assert all("Nhiệm vụ mới được giao" not in subject for subject, _ in to_yte), to_yte
        assert any("không còn được giao" in subject for subject, _ in to_yte), to_yte


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_forged_mail_does_not_stop_the_clerk_registering_the_genuine_package(
        db_backend: str, anon_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """SECURITY.md 61, the sổ đến's own check: an edXML package says its sender, number and date before it is read,
    and the registry recognised "the same document again" by them among everything stored. A forged package mailed
    first (sender, number and date of a công văn of Bộ Xây dựng about to come) made the clerk's registration of the
    genuine one a 409 already_registered — the genuine letter could not be registered at all (and the same package
    arriving by mail was dropped). The forgery is not taken for it any more: the genuine one gets its line."""
    from datetime import date

    from helpers.registry import letter, register

    from services.core.dispatch import wait_idle
    from services.registry.edxml_writer import EdxmlDocument, EdxmlFile, write_document
    from services.registry.intake import register_message

    def package(extra: str) -> bytes:
        return write_document(EdxmlDocument(
            organ_name="Bộ Xây dựng", organ_id="BXD", code_number="7811", code_notation="BXD-KTXD",
            doc_type="Công văn", subject="Về việc hướng dẫn thẩm định", promulgation_date=date(2026, 11, 28),
            urgency="normal", to=["UBND tỉnh Nghệ An"],
            attachments=[EdxmlFile("cv.docx", letter("7811/BXD-KTXD", extra=extra), DOCX)]))

    monkeypatch.setenv("VANBAN_IMAP_TRUSTED_AUTHSERV_ID", "mx.ubnd.example")
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Authentication-Results"] = "mx.ubnd.example; dkim=none; dmarc=fail header.from=moc.gov.vn"
    msg["From"] = "Bộ Xây dựng <vanthu@moc.gov.vn>"
    msg["Subject"] = "Công văn 7811"
    msg["Message-ID"] = "<gia-mao-7811@mail.example>"
    msg.set_content("Kính gửi.")
    msg.add_attachment(package("tạm dừng giamao7811"), maintype="application", subtype="xml",
                       filename="goi-tin.edxml")
    assert register_message(bytes(msg), "uid-7811")["registered"] == 1
    wait_idle(120)
    clerk = fast_headers("clerk", clearance=3, username="vanthu-dau13f")
    r = register(anon_client, clerk, "goi-tin-that.edxml", package("hướng dẫn thatsu7811"))
    assert r.status_code == 201, r.text
    assert r.json()["doc_number"] == "7811/BXD-KTXD"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
