"""Twelfth attack (a review of play10's merge): the lead unit told how its deadline request was answered
(`ext_refused`, `ext_approved`, `new_deadline`, with the leader's words) — for a Mật notice and for a unit that lost
sight of the notice meanwhile (SECURITY.md, 56: checked and sound). Invented notices."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from helpers.briefing import fast_headers, ingest, ok
from tests_support import office_today


def _notice(day: date, due: date) -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nMẬT\nSố: 612/TB-UBND\n"
            f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n"
            "Kết luận về phương án dichuyen612 khu quân sự\n\nGiao Sở Xây dựng chủ trì lập phương án dichuyen612, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n").encode()


def _told(task_id: str) -> list[Any]:
    from sqlalchemy import select

    from services.briefing.models import Notification
    from services.core.db import session_factory

    with session_factory()() as session:
        return [(n.kind, n.subject, n.body, dict(n.payload or {})) for n in session.scalars(
            select(Notification).where(Notification.task_id == task_id).order_by(Notification.created_at))]


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_the_answer_to_a_deadline_request_on_a_mat_notice_carries_no_content_nor_reaches_a_unit_taken_out(
        db_backend: str, anon_client: Any) -> None:
    """A Mật notice gives Sở Xây dựng a task; its head asks for more time; the leader refuses (with words naming the
    notice's matter), approves the next request, gives a new deadline. Each message the unit gets has no number, no
    subject, no task text and not the leader's words — only the invitation to log in. Then the leader restricts the
    notice to another unit: a new deadline given after that queues nothing for Sở Xây dựng."""
    from sqlalchemy import select

    from services.core.auth.models import Unit
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    due, asked = day + timedelta(days=20), day + timedelta(days=35)
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau12")
    leader = fast_headers("leader", clearance=2, username="pct-dau12")
    head = fast_headers("unit_head", unit="Sở Xây dựng", clearance=1, username="gd-xd-dau12")
    doc = ingest(web, "tb-612-mat.txt", _notice(day, due), clerk)
    assert ok(web.get(f"/documents/{doc}", headers=clerk))["level"] == 1
    [task] = [ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
              for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    assert task["lead"] == "Sở Xây dựng", task
    with session_factory()() as session:
        session.scalar(select(Unit).where(Unit.name == "Sở Xây dựng")).webhook_url = "https://hooks.example.org/xd"
        session.commit()

    def ask() -> None:
        ok(web.post(f"/tasks/{task['id']}/extension", headers=head,
                    json={"new_deadline": asked.isoformat(), "reason": "Chờ ý kiến đơn vị quân đội."}))

    ask()
    ok(web.post(f"/tasks/{task['id']}/extension/refuse", headers=leader,
                json={"note": "Phương án dichuyen612 phải xong đúng hạn."}))
    ask()
    ok(web.post(f"/tasks/{task['id']}/extension/approve", headers=leader, json={"note": "Đồng ý dichuyen612."}))
    ok(web.post(f"/tasks/{task['id']}/reassign", headers=leader,
                json={"new_deadline": (asked + timedelta(days=10)).isoformat(), "reason": "Thêm dichuyen612."}))
    told = _told(task["id"])
    assert [k for k, *_ in told] == ["ext_refused", "ext_approved", "new_deadline"], told
    for kind, subject, body, payload in told:
        text = f"{subject}\n{body}\n{payload}"
        for hidden in ("dichuyen612", "612/TB", "quân sự", "Sở Xây dựng chủ trì"):
            assert hidden not in text, (kind, hidden, text)
        assert "độ mật" in body, body  # positive control: the classified form, not an empty message

    ok(web.patch(f"/documents/{doc}/access", headers=leader,
                 json={"audience": "units", "audience_units": ["Sở Tài chính"]}))
    from services.core.dispatch import wait_idle

    wait_idle(120)
    assert web.get(f"/tasks/{task['id']}", headers=head).status_code == 404
    ok(web.post(f"/tasks/{task['id']}/reassign", headers=leader,
                json={"new_deadline": (asked + timedelta(days=20)).isoformat(), "reason": "Lần nữa."}))
    assert len(_told(task["id"])) == 3, _told(task["id"])


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_a_failed_file_held_at_mat_shows_its_mark_in_the_list_and_only_to_whom_it_may(
        db_backend: str, anon_client: Any) -> None:
    """A clerk of clearance 2 uploads a scan she declares Mật; it cannot be read (a broken PDF), so its stamp is never
    read and it stays provisional. Clerks below Mật, a leader and a unit head never see it (list, page, count);
    the clerks who do read 'Chưa xác định độ mật' in the list *and* that it is held at Mật — in the line itself, not
    only in a tooltip (a list printed or read on a phone has no tooltip; SECURITY.md 56)."""
    from helpers.web import ui_login

    from services.core.auth import service as accounts
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle

    web = anon_client
    clerk2 = fast_headers("clerk", clearance=2, username="vanthu2-dau12")
    r = web.post("/documents", headers=clerk2, data={"level": "1"},
                 files=[("files", ("ban-chup-mat-hongxyz.pdf", b"%PDF-1.7\n1 0 obj<<>>\nhong roi", "application/pdf"))])
    assert r.status_code == 202, r.text
    doc_id = r.json()["items"][0]["document_id"]
    wait_idle(120)
    got = ok(web.get(f"/documents/{doc_id}", headers=clerk2))
    assert got["status"] == "failed" and got["level"] == 1 and got["provisional"], got
    for role, unit, clearance in (("clerk", None, 0), ("leader", None, 3), ("unit_head", "Sở Xây dựng", 3)):
        other = fast_headers(role, unit=unit, clearance=clearance, username=f"{role}{clearance}-dau12b")
        assert web.get(f"/documents/{doc_id}", headers=other).status_code == 404, role
        assert "hongxyz" not in web.get("/documents", headers=other).text, role

    with session_factory()() as session:
        accounts.create_user(session, "vanthu1-dau12ui", "mat-khau-dau12", "clerk", None, 1)
        session.commit()
    web.follow_redirects = True
    assert ui_login(web, "vanthu1-dau12ui", "mat-khau-dau12").status_code == 200
    page = web.get("/ui/documents").text
    row = page[page.index(f'/documents/{doc_id}"'):]
    row = row[:row.index("</td>")]
    assert "Chưa xác định độ mật" in row, row
    visible = "".join(part.split(">", 1)[-1] for part in row.split("<"))  # the text, without attributes
    assert "Mật" in visible.replace("Chưa xác định độ mật", ""), row


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_the_incoming_register_page_fills_a_short_line_only_with_what_the_reader_may_see(
        db_backend: str, anon_client: Any) -> None:
    """A clerk of clearance 1 registers a công văn with only its sender; the file's stamp reads MẬT. The sổ đến page
    now completes a short line from what was read from the file: a clerk of clearance 0 reads neither the line nor
    the file's number and trích yếu; the clerk of clearance 1 reads them (positive control)."""
    from helpers.registry import register
    from helpers.web import ui_login

    from services.core.auth import service as accounts
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from tests.fixtures.builders import make_docx

    web = anon_client
    clerk1 = fast_headers("clerk", clearance=1, username="vanthu1-dau12")
    data = make_docx(["Sở đề nghị Ủy ban nhân dân tỉnh cho ý kiến về phương án dichuyen733 kho đạn./."],
                     header_left=["UBND TỈNH NGHỆ AN", "SỞ XÂY DỰNG", "Số: 733/SXD-KH", "MẬT",
                                  "V/v phương án dichuyen733 kho đạn"],
                     header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                   "Nghệ An, ngày 02 tháng 12 năm 2026"],
                     title=[], signer=["GIÁM ĐỐC", "", "Trần Văn Bình"], recipients=["Nơi nhận:", "- Lưu: VT."])
    entry = ok(register(web, clerk1, "cv-733.docx", data, sender="Sở Xây dựng"), 201)
    wait_idle(120)
    doc = ok(web.get(f"/documents/{entry['document_id']}", headers=clerk1))
    assert doc["status"] == "done" and doc["level"] == 1 and doc["number"] == "733/SXD-KH", doc

    with session_factory()() as session:
        for name, clearance in (("vanthu0-dau12s", 0), ("vanthu1-dau12s", 1)):
            accounts.create_user(session, name, "mat-khau-dau12", "clerk", None, clearance)
        session.commit()
    web.follow_redirects = True
    pages = {}
    for name in ("vanthu0-dau12s", "vanthu1-dau12s"):
        web.cookies.clear()
        assert ui_login(web, name, "mat-khau-dau12").status_code == 200
        pages[name] = web.get("/ui/registry/incoming").text
    assert "dichuyen733" in pages["vanthu1-dau12s"] and "733/SXD-KH" in pages["vanthu1-dau12s"]
    for hidden in ("dichuyen733", "733/SXD", entry["id"]):
        assert hidden not in pages["vanthu0-dau12s"], hidden


@pytest.mark.parametrize("db_backend", ["sqlite", "postgres"], indirect=True)
def test_the_reports_cooperating_tasks_count_and_name_only_what_the_reader_may_see(
        db_backend: str, anon_client: Any) -> None:
    """A Mật notice and an ordinary one each give Sở Xây dựng a task with UBND huyện Yên Thành cooperating. On the
    report page the district's clearance-0 officer, and a clearance-0 leader choosing the district, count and read
    only the ordinary task under 'Đơn vị phối hợp thực hiện'; the district's clearance-1 head reads both (control)."""
    import re

    from helpers.web import ui_login

    from services.core.auth import service as accounts
    from services.core.db import session_factory

    web = anon_client
    day = office_today()
    due = day + timedelta(days=30)
    clerk = fast_headers("clerk", clearance=1, username="vanthu1-dau12r")
    secret = _notice(day, due).decode().replace(
        "Giao Sở Xây dựng chủ trì lập", "Giao Sở Xây dựng chủ trì, phối hợp với UBND huyện Yên Thành rà soát")
    plain = secret.replace("MẬT\n", "").replace("612/TB", "613/TB").replace("dichuyen612", "congkhai613")
    docs = [ingest(web, name, text.encode(), clerk) for name, text in (("tb-612.txt", secret), ("tb-613.txt", plain))]
    sent = {}
    for t in ok(web.get("/tasks/review", headers=clerk))["items"]:
        if t["document"]["id"] in docs:
            sent[t["document"]["id"]] = ok(web.post(f"/tasks/{t['id']}/confirm", headers=clerk))
    assert len(sent) == 2 and all(t["support"] == ["Ủy ban nhân dân huyện Yên Thành"] for t in sent.values()), sent
    with session_factory()() as session:
        for name, role, unit, clearance in (("cv0-yt-dau12", "unit_staff", "UBND huyện Yên Thành", 0),
                                            ("ct1-yt-dau12", "unit_head", "UBND huyện Yên Thành", 1),
                                            ("pct0-dau12", "leader", None, 0)):
            accounts.create_user(session, name, "mat-khau-dau12", role, unit, clearance)
        session.commit()
    district = ok(web.get(f"/tasks/{sent[docs[1]]['id']}", headers=clerk))
    [district_id] = [u["unit_id"] for u in district["units"] if u["role"] == "support"]
    web.follow_redirects = True
    pages = {}
    for name, path in (("cv0-yt-dau12", "/ui/report"), ("ct1-yt-dau12", "/ui/report"),
                       ("pct0-dau12", f"/ui/report?unit={district_id}")):
        web.cookies.clear()
        assert ui_login(web, name, "mat-khau-dau12").status_code == 200
        pages[name] = web.get(path).text
    secret_id, plain_id = sent[docs[0]]["id"], sent[docs[1]]["id"]
    assert "Đơn vị phối hợp thực hiện (2)" in pages["ct1-yt-dau12"] and secret_id in pages["ct1-yt-dau12"]
    for name in ("cv0-yt-dau12", "pct0-dau12"):
        page = pages[name]
        assert "Đơn vị phối hợp thực hiện (1)" in page and plain_id in page, name
        for hidden in (secret_id, "dichuyen612", "612/TB", docs[0]):
            assert hidden not in page, (name, hidden)
        assert not re.search(r"Tổng cộng</t[hd]>\s*<td[^>]*>[1-9]", page), name
