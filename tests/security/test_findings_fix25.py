"""fix25 (review20 on main's merged work): a unit head's note on a hand-over read by the unit's uncleared staff
(SECURITY.md 136). Failed on the code before its fix. Invented names and notices."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from helpers.briefing import fast_headers, ingest, ok
from tests_support import office_today

YT = "Sở Y tế"


def _notice(number: str, day: date, due: date, stamp: str = "MẬT\n") -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n" + stamp + f"Số: {number}/TB-UBND\n"
            f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n"
            f"Kết luận về phương án didoi{number} kho hóa chất\n\nGiao {YT} chủ trì lập phương án didoi{number}, "
            f"hoàn thành trước ngày {due.strftime('%d/%m/%Y')}.\n\nNơi nhận:\n- {YT};\n- Lưu: VT.\n").encode()


def test_a_heads_note_on_a_hand_over_names_no_mat_notice_to_the_units_staff(client: Any) -> None:
    """SECURITY.md 136 (hand-over). The unit's head, cleared for Mật, hands the unit's part to an officer with a
    note "Làm theo Thông báo số 744/TB-UBND" (a Mật notice): the history showed the note as written to the unit's
    other officer of clearance Thường (API and page). A hand-over's note is now a reason (`REASON_EVENTS`)."""
    from helpers.briefing import confirm_all
    from sqlalchemy import select

    from services.briefing.models import Notification
    from services.core.auth.models import Unit
    from services.core.db import session_factory

    web = client
    day = office_today()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-f25s")
    head = fast_headers("unit_head", unit=YT, clearance=1, username="gd-yt-f25s")
    fast_headers("unit_staff", unit=YT, clearance=1, username="cv1-yt-f25s")
    other = fast_headers("unit_staff", unit=YT, clearance=0, username="cv2-yt-f25s")
    secret = ingest(web, "tb-744.txt", _notice("744", day, day + timedelta(days=30)), clerk)
    assert ok(web.get(f"/documents/{secret}", headers=clerk))["level"] == 1
    plain = ingest(web, "tb-745.txt", _notice("745", day, day + timedelta(days=20), stamp=""), clerk)
    [task] = confirm_all(web, clerk, plain)
    with session_factory()() as session:  # the unit's webhook (no SMTP in tests): what the unit is told
        unit = session.scalar(select(Unit).where(Unit.name == YT))
        unit.webhook_url = f"http://127.0.0.1:9/{unit.id}"  # never reached: queued only
        session.commit()
    url = f"/tasks/{task['id']}"
    ok(web.post(f"{url}/handler", headers=head,
                json={"username": "cv1-yt-f25s", "note": "Làm theo Thông báo số 744/TB-UBND về kho hóa chất."}))

    def notes(headers: dict[str, str]) -> str:
        return str([e["text"] for e in ok(web.get(url, headers=headers))["history"] if e["kind"] == "handler_assigned"])

    assert "744/TB-UBND" in notes(head)  # as written, to whoever is cleared for the notice
    seen = notes(other)
    assert "744/TB-UBND" not in seen and "Theo văn bản chỉ đạo mới." in seen, seen
    page = web.get(f"/ui/tasks/{task['id']}", headers=other)
    assert page.status_code == 200 and "744/TB-UBND" not in page.text
    with session_factory()() as session:  # the unit's mailbox, read by anyone of the unit
        told = [(n.body, str(n.payload)) for n in session.scalars(select(Notification).where(
            Notification.task_id == task["id"], Notification.kind == "handler_assigned"))]
    assert told and "744/TB-UBND" not in str(told), told


def test_a_hand_over_message_whose_claim_lapsed_is_withdrawn_by_the_next(client: Any) -> None:
    """SECURITY.md 141 (fix23's withdrawal). The head hands the part to An, then to Bình: An's message, not sent yet,
    is withdrawn — but not if a sender had claimed it, though that sender died (its claim older than the lease):
    the next send claims it again and the unit is told An still holds it. A claim is now taken as the sender takes it
    (`notify.CLAIM_LEASE`); a live claim (being sent now) is left to its sender."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from services.briefing.models import Notification
    from services.briefing.notify import CLAIM_LEASE
    from services.core.auth.models import Unit
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle

    web = client
    day = office_today()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-f25c")
    head = fast_headers("unit_head", unit=YT, clearance=0, username="gd-yt-f25c")
    for n in (1, 2, 3):
        fast_headers("unit_staff", unit=YT, clearance=0, username=f"cv{n}-yt-f25c")
    with session_factory()() as session:  # the unit's webhook (no SMTP in tests): what the unit is told
        unit = session.scalar(select(Unit).where(Unit.name == YT))
        unit.webhook_url = f"http://127.0.0.1:9/{unit.id}"  # never reached: queued only
        session.commit()
    plain = ingest(web, "tb-746.txt", _notice("746", day, day + timedelta(days=20), stamp=""), clerk)
    from helpers.briefing import confirm_all

    [task] = confirm_all(web, clerk, plain)
    wait_idle(60)
    url = f"/tasks/{task['id']}/handler"

    def messages() -> list[tuple[str, str | None]]:
        with session_factory()() as session:
            return [(n.payload["handler"], n.last_error) for n in session.scalars(
                select(Notification).where(Notification.task_id == task["id"],
                                           Notification.kind == "handler_assigned").order_by(Notification.id))]

    def claim_last(ago: timedelta) -> None:
        with session_factory()() as session:
            row = session.scalars(select(Notification).where(Notification.task_id == task["id"],
                                                             Notification.kind == "handler_assigned")
                                  .order_by(Notification.id.desc())).first()
            row.claimed_at = datetime.now(UTC) - ago
            session.commit()

    ok(web.post(url, headers=head, json={"username": "cv1-yt-f25c"}))
    claim_last(CLAIM_LEASE + timedelta(minutes=5))  # its sender died mid-send
    ok(web.post(url, headers=head, json={"username": "cv2-yt-f25c"}))
    first, second = messages()
    assert first[0] == "cv1-yt-f25c" and (first[1] or "").startswith("withdrawn"), first
    claim_last(timedelta(seconds=5))  # being sent now: its sender decides
    ok(web.post(url, headers=head, json={"username": "cv3-yt-f25c"}))
    _, second, third = messages()
    assert second[0] == "cv2-yt-f25c" and not (second[1] or "").startswith("withdrawn"), second
    assert third[0] == "cv3-yt-f25c" and not (third[1] or "").startswith("withdrawn"), third


def test_a_file_named_only_in_rfc5987_form_is_not_called_not_utf8(client: Any) -> None:
    """SECURITY.md 143 (fix25). A PDF sent as a part named only `filename*=UTF-8''…` was refused as text that is not
    UTF-8 (`body_not_utf8`: the guard took it for a field). It is a file to the guard; the framework, which reads no
    such name (RFC 7578 forbids it), takes it for a field, and the answer now says the file needs its plain name —
    nothing written either way."""
    from helpers.briefing import error_code

    clerk = fast_headers("clerk", clearance=1, username="vanthu-f25u")
    before = ok(client.get("/documents", headers=clerk))["total"]
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>>\n\x89\xff\x00\n%%EOF\n"
    body = (b"------f25\r\nContent-Disposition: form-data; name=\"files\"; filename*=UTF-8''b%C3%A1o-c%C3%A1o.pdf\r\n"
            b"Content-Type: application/pdf\r\n\r\n" + pdf + b"\r\n------f25--\r\n")
    r = client.post("/documents", headers={**clerk, "content-type": "multipart/form-data; boundary=----f25"},
                    content=body)
    assert error_code(r, 422) == "invalid_request", r.text
    assert 'filename="…"' in r.json()["error"]["message"] and "UploadFile" not in r.text, r.text
    assert ok(client.get("/documents", headers=clerk))["total"] == before
