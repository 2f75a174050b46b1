"""Twenty-third attack (SECURITY.md 134–): the moments between states on the surfaces attacked least — the upgrade
of the understanding rules (`vanban reprocess --stale` on a live system), deadline extensions and a task's change of
lead, the counts and exports built from many rows — as a clerk, a leader's office, unit heads and staff of a lead and
a cooperating unit (one uncleared), a department given nothing and an administrator of lower clearance. Each test
failed on the code before its fix, or (marked "checked, held") keeps a property found sound. Invented names and
notices."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from helpers.briefing import fast_headers, ingest, ok
from tests_support import office_today

from services.core.dispatch import wait_idle

YT, XD = "Sở Y tế", "Sở Xây dựng"


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _notice(number: str, day: date, due: date, stamp: str = "MẬT\n") -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n" + stamp + f"Số: {number}/TB-UBND\n"
            f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n"
            f"Kết luận về phương án didoi{number} kho vật liệu nổ\n\nGiao {YT} chủ trì lập phương án didoi{number}, "
            f"hoàn thành trước ngày {_vn(due)}.\n\nNơi nhận:\n- {YT};\n- Lưu: VT.\n").encode()


@pytest.fixture
def older_rules(monkeypatch: Any) -> Any:
    """The understanding rules of the release before: they did not read this kind of stamp (the reading records the
    version before this one). Undone by calling the returned function — the upgrade."""
    import services.ingest.service as ingest_service
    import services.ingest.understanding as understanding
    from services.ingest.understanding.version import UNDERSTANDING_VERSION

    real = understanding.understand
    monkeypatch.setattr(understanding, "understand", lambda text: replace(real(text), confidentiality=None))
    monkeypatch.setattr(ingest_service, "UNDERSTANDING_VERSION", UNDERSTANDING_VERSION - 1)

    def upgrade() -> None:
        monkeypatch.setattr(understanding, "understand", real)
        monkeypatch.setattr(ingest_service, "UNDERSTANDING_VERSION", UNDERSTANDING_VERSION)

    return upgrade


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_a_stamp_the_new_rules_read_raises_a_document_a_clerk_had_restricted(db_backend: str, anon_client: Any,
                                                                            older_rules: Any) -> None:
    """SECURITY.md 134. The older rules missed a notice's "MẬT": it was read Thường, and the clerk restricted it to
    the department it concerns (PATCH /access: the audience only, the level as read). The upgrade's `vanban reprocess
    --stale` read the stamp at last, but "a level a clerk set after reading stands" kept the notice at Thường — a
    clerk had declassified a Mật notice without anyone deciding so, and the department's uncleared officer read it
    (document, search) for good. Only a leader's declassification covering the stamp stands (`stamp_raises`, 60)."""
    from services.ingest import reread

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-a23a")
    officer = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a23a")
    doc_id = ingest(web, "tb-701.txt", _notice("701", day, day + timedelta(days=20)), clerk)
    assert ok(web.get(f"/documents/{doc_id}", headers=clerk))["level"] == 0  # the older rules: no stamp read
    ok(web.patch(f"/documents/{doc_id}/access", headers=clerk, json={"audience": "units", "units": [YT]}))
    assert web.get(f"/documents/{doc_id}", headers=officer).status_code == 200  # Thường, for Sở Y tế: as decided

    older_rules()  # the upgrade: this release reads the stamp
    queued = reread.reread(reread.Selection())
    assert queued.documents >= 1
    wait_idle(120)

    doc = ok(web.get(f"/documents/{doc_id}", headers=clerk))
    assert (doc["status"], doc["level"]) == ("done", 1), doc
    assert web.get(f"/documents/{doc_id}", headers=officer).status_code == 404
    found = ok(web.get("/search", headers=officer, params={"q": "didoi701"}))
    assert found["total"] == 0 and found["hits"] == [], found
    # the clerk's restriction stands beside the stamp: a cleared officer of another unit still reads nothing
    other = fast_headers("unit_staff", unit=XD, clearance=3, username="cv-xd-a23a")
    assert web.get(f"/documents/{doc_id}", headers=other).status_code == 404


def test_checked_held_a_leaders_declassification_stands_over_the_new_rules(anon_client: Any,
                                                                           older_rules: Any) -> None:
    """SECURITY.md 134 (checked, held): a leader lowered the Mật notice to Thường (recorded, 60); the upgrade's
    re-reading of the same stamp raises it no more — only a higher stamp would."""
    from services.ingest import reread

    older_rules()  # this one is read by the current rules from the start
    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-a23b")
    leader = fast_headers("leader", clearance=3, username="pct-a23b")
    officer = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a23b")
    doc_id = ingest(web, "tb-702.txt", _notice("702", day, day + timedelta(days=20)), clerk)
    assert ok(web.get(f"/documents/{doc_id}", headers=clerk))["level"] == 1
    ok(web.patch(f"/documents/{doc_id}/access", headers=leader, json={"level": 0}))
    assert reread.reread(reread.Selection(everything=True)).documents >= 1
    wait_idle(120)
    assert ok(web.get(f"/documents/{doc_id}", headers=clerk))["level"] == 0
    assert web.get(f"/documents/{doc_id}", headers=officer).status_code == 200


def test_the_audit_log_shows_no_step_on_a_task_above_the_administrators_clearance(anon_client: Any) -> None:
    """SECURITY.md 135. The task steps added late write the audit log about the task itself (object `task`): an end
    with its reason, a reopening with its reason, a hand-over with the officer's name. Finding 36 leaves out of an
    administrator's log the events about an object above her clearance — documents, meetings, register lines, a
    report's file — but `task` was not among them: an administrator of clearance Thường read, for a task of a Mật
    notice, the task's id, who ended it and the words of the reason ("… di dời kho vật liệu nổ …"), and counted
    it in the log's total. Such events now follow the task's document, as a report's file does (`hidden_task`)."""
    from helpers.briefing import confirm_all

    web = anon_client
    day = office_today()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-a23c")
    head = fast_headers("unit_head", unit=YT, clearance=3, username="gd-yt-a23c")
    fast_headers("unit_staff", unit=YT, clearance=3, username="cv-yt-a23c")
    admin0 = fast_headers("admin", clearance=0, username="quantri-a23c0")
    admin3 = fast_headers("admin", clearance=3, username="quantri-a23c3")
    doc_id = ingest(web, "tb-703.txt", _notice("703", day, day + timedelta(days=20)), clerk)
    assert ok(web.get(f"/documents/{doc_id}", headers=clerk))["level"] == 1
    [task] = confirm_all(web, clerk, doc_id)
    ok(web.post(f"/tasks/{task['id']}/handler", headers=head, json={"username": "cv-yt-a23c"}))
    ok(web.post(f"/tasks/{task['id']}/end", headers=clerk,
                json={"reason": "Dừng di dời kho vật liệu nổ didoi703 theo chỉ đạo mới."}))

    def log(headers: dict[str, str], **params: Any) -> dict[str, Any]:
        return ok(web.get("/audit", headers=headers, params={"limit": 500, **params}))

    assert "didoi703" in str(log(admin3)["items"])  # the auditor of full clearance reads them
    assert log(admin3, object_id=task["id"])["total"] == 2
    shown = log(admin0)
    assert task["id"] not in str(shown["items"]) and "didoi703" not in str(shown["items"]), shown
    assert log(admin0, object_id=task["id"])["total"] == 0


def test_a_leaders_reason_for_a_new_deadline_names_no_mat_notice_to_the_unit(client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 136 (130's rule on the doors of a deadline). A leader's free text to the lead unit — the reason of
    a re-assignment ("giao lại", a new deadline), the answer to an extension request, a reopening or a returned
    completion, the unit's own request for more time or its return of the task — was shown as written: "Giao lại theo Thông báo số 704/TB-UBND" named a Mật notice, by number, to the
    unit's officer of clearance Thường on the task's history and deadline record (API and page), and the unit's
    mailbox read it in the e-mail. 130 had closed this for the reason of an end only. Every such reason now reads as
    130's: neutral words to a reader not cleared for a notice it names (`access.reason_seen`)."""
    from helpers.briefing import confirm_all, mail_server_down, set_contacts
    from sqlalchemy import select

    from services.briefing.models import Notification
    from services.core.db import session_factory

    web = client
    day = office_today()
    mail_server_down(monkeypatch)
    set_contacts(web, YT, "so-y-te@example.vn", None)
    clerk = fast_headers("clerk", clearance=3, username="vanthu-a23d")
    leader = fast_headers("leader", clearance=3, username="pct-a23d")
    officer = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a23d")
    head = fast_headers("unit_head", unit=YT, clearance=1, username="gd-yt-a23d")
    secret = ingest(web, "tb-704.txt", _notice("704", day, day + timedelta(days=30)), clerk)
    assert ok(web.get(f"/documents/{secret}", headers=clerk))["level"] == 1
    plain = ingest(web, "tb-705.txt", _notice("705", day, day + timedelta(days=20), stamp=""), clerk)
    [task] = confirm_all(web, clerk, plain)
    url = f"/tasks/{task['id']}"
    because = "Giao lại theo Thông báo số 704/TB-UBND về kho vật liệu nổ."
    ok(web.post(f"{url}/reassign", headers=leader, json={"new_deadline": (day + timedelta(days=40)).isoformat(),
                                                         "reason": because}))
    ok(web.post(f"{url}/extension", headers=head, json={"new_deadline": (day + timedelta(days=60)).isoformat(),
                                                        "reason": "Chờ hướng dẫn tại 704/TB-UBND."}))
    assert "704/TB-UBND" not in str(ok(web.get(url, headers=officer))["extension_reason"])  # the head's, cleared
    ok(web.post(f"{url}/extension/refuse", headers=leader, json={"note": "Thực hiện theo 704/TB-UBND, không gia hạn."}))
    wait_idle(60)

    def texts(headers: dict[str, str]) -> str:
        t = ok(web.get(url, headers=headers))
        return str([e["text"] for e in t["history"]]) + str([c.get("reason") for c in t["deadline_changes"]])

    assert texts(leader).count("704/TB-UBND") == 4  # as written, to whoever is cleared for the notice
    seen = texts(officer)
    assert "704/TB-UBND" not in seen and "Theo văn bản chỉ đạo mới." in seen, seen
    page = web.get(f"/ui/tasks/{task['id']}", headers=officer)
    assert page.status_code == 200 and "704/TB-UBND" not in page.text
    with session_factory()() as session:
        told = [(n.kind, n.body, str(n.payload)) for n in session.scalars(
            select(Notification).where(Notification.task_id == task["id"]))]
    assert {k for k, _, _ in told} >= {"new_deadline", "ext_refused"}, told
    assert "704/TB-UBND" not in str(told), told
    # the unit's head returns the task (trả lại) saying why: the clerk of clearance Thường reads the reason in the
    # review queue and the history without the Mật notice's number
    clerk0 = fast_headers("clerk", clearance=0, username="vanthu0-a23d")
    ok(web.post(f"{url}/decline", headers=head, json={"reason": "Đã giao Sở Xây dựng tại 704/TB-UBND."}))
    returned = ok(web.get(url, headers=clerk0))
    assert returned["review_reasons"] and "704/TB-UBND" not in str(returned), returned
    assert "704/TB-UBND" in str(ok(web.get(url, headers=clerk))["review_reasons"])  # the clerk cleared for it


def test_a_reason_waiting_in_the_outbox_names_no_notice_raised_meanwhile(client: Any, monkeypatch: Any) -> None:
    """SECURITY.md 137 (the moment between states of 130 and 136). A unit's message waits in the outbox (the mail
    server down) with the leader's words: "Kết thúc theo Thông báo số 706/TB-UBND", an ordinary notice when the task
    was ended. A clerk then raises that notice to Mật (its stamp read late, a register line). The message left as
    queued: the unit's mailbox, read by its uncleared staff, got the number of a notice now Mật. At sending, a
    message of an ordinary task reads its reason again as the unit's mailbox may (`reason_seen`), as the message of a
    task raised meanwhile is sent in the classified form (14)."""
    from helpers.briefing import confirm_all, mail_server, mail_server_down, set_contacts

    from services.core.dispatch import run_task

    web = client
    day = office_today()
    mail_server_down(monkeypatch)
    set_contacts(web, YT, "syt-a23e@example.vn", None)
    clerk = fast_headers("clerk", clearance=3, username="vanthu-a23e")
    later = ingest(web, "tb-706.txt", _notice("706", day, day + timedelta(days=30), stamp=""), clerk)
    plain = ingest(web, "tb-707.txt", _notice("707", day, day + timedelta(days=20), stamp=""), clerk)
    [task] = confirm_all(web, clerk, plain)
    ok(web.post(f"/tasks/{task['id']}/end", headers=clerk,
                json={"reason": "Kết thúc theo Thông báo số 706/TB-UBND về kho vật liệu nổ."}))
    wait_idle(60)
    ok(web.patch(f"/documents/{later}/access", headers=clerk, json={"level": 1}))
    wait_idle(60)
    with mail_server(monkeypatch) as box:
        run_task("briefing.send_notifications")
        told = box.to("syt-a23e@example.vn")
    ended = [body for subject, body in told if "kết thúc" in subject.lower()]
    assert ended, told  # the end is told (control)
    assert all("706/TB-UBND" not in body for body in ended), ended


def test_the_reports_printed_reasons_name_no_mat_notice_to_the_unit(client: Any) -> None:
    """SECURITY.md 136 on play20's exports (found when merging). The progress report's DOCX and Excel print, beside
    each extension or re-assignment, why it was given — to whoever reads the lead unit's reports, which includes the
    unit's officer of clearance Thường. A leader's reason naming a Mật notice was printed as written there while the
    API and the page already read it through `access.reason_seen`."""
    import io

    import openpyxl
    from helpers.briefing import confirm_all
    from helpers.docx_check import all_text, open_docx

    web = client
    day = office_today()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-a23e")
    leader = fast_headers("leader", clearance=3, username="pct-a23e")
    officer = fast_headers("unit_staff", unit=YT, clearance=0, username="cv-yt-a23e")
    ingest(web, "tb-714.txt", _notice("714", day, day + timedelta(days=30)), clerk)
    plain = ingest(web, "tb-715.txt", _notice("715", day, day + timedelta(days=20), stamp=""), clerk)
    [task] = confirm_all(web, clerk, plain)
    because = "Giao lại theo Thông báo số 714/TB-UBND về kho vật liệu nổ."
    ok(web.post(f"/tasks/{task['id']}/reassign", headers=leader,
                json={"new_deadline": (day + timedelta(days=40)).isoformat(), "reason": because}))
    wait_idle(60)
    since = {"date_from": (day - timedelta(days=1)).isoformat()}
    for who, shown in ((leader, True), (officer, False)):
        docx = all_text(open_docx(web.get("/reports/progress.docx", headers=who, params=since).content))
        book = openpyxl.load_workbook(io.BytesIO(web.get("/reports/progress.xlsx", headers=who, params=since).content))
        cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
        assert "kho vật liệu" in docx or "Theo văn bản chỉ đạo mới" in docx, docx[:2000]  # the reason is printed
        assert ("714/TB-UBND" in docx) is shown and ("714/TB-UBND" in cells) is shown, (who, docx[:3000])
