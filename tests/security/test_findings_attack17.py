"""Seventeenth attack (SECURITY.md 80–): the newest doors — a unit merged into another on the admin's units page,
a task given to each commune and ward, leaders' decisions sent again. Each test failed on the code before its fix,
or (marked "checked, held") keeps a property found sound."""
from __future__ import annotations

import re
from typing import Any

A_NAME = "Ban Quản lý dự án Hạ tầng kho926"
A_TYPED = "Ban Quan ly du an Ha tang kho926"  # the same name typed without diacritics (a clerk's quick entry)
B_NAME = "Ban Quản lý dự án Giao thông kho926"


def _notice(number: int, unit: str, word: str, secret: bool = False) -> bytes:
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n{'MẬT' + chr(10) if secret else ''}Số: {number}/TB-UBND\n"
            f"Nghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\nKết luận về việc {word}\n\n1. Giao {unit} chủ trì "
            f"thực hiện {word}, hoàn thành trước ngày 30/12/2030.\n\nNơi nhận:\n- {unit};\n- Lưu: VT.\n").encode()


def _flash(html: str) -> list[str]:
    return re.findall(r'class="flash[^>]*>([^<]*)', html)


def test_a_merged_units_name_in_any_spelling_reaches_the_unit_it_joined_and_no_new_one(anon_client: Any) -> None:
    """SECURITY.md 80. A unit's key is its folded name, so a document a clerk opened to it by a name typed without
    diacritics reached it. Merged into another unit, the unit's row (its key) left the directory while its names
    became the other's former names — matched as written, diacritics and all: the name typed without diacritics
    still gave the old key, which no unit held any more. The receiving unit and the merged unit's own staff lost
    the document (list, search), and an account created later for that spelling made a NEW unit with the old key —
    which read every document still keyed to the merged unit. A merged unit's key now reaches the unit it joined,
    in every spelling. Also checked (held): the merged unit's Mật notice follows its staff (cleared) and stays out
    of sight of the receiving unit's staff of clearance Thường."""
    from helpers.briefing import fast_headers, ingest, ok

    from services.briefing import unit_directory
    from services.core.auth.models import Unit, User
    from services.core.auth.policy import LOCAL_ADMIN
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.registry import public as registry

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau17a")
    a_staff = fast_headers("unit_staff", unit=A_NAME, clearance=1, username="cv-a-dau17a")
    b_staff = fast_headers("unit_staff", unit=B_NAME, clearance=0, username="cv-b-dau17a")
    own = ingest(web, "tb-926.txt", _notice(926, A_NAME, "dodac926"), clerk)
    secret = ingest(web, "tb-927.txt", _notice(927, A_NAME, "kiemke926", secret=True), clerk)
    typed = ingest(web, "tb-928.txt", _notice(928, "Sở Y tế", "vattu926"), clerk)
    ok(web.patch(f"/documents/{typed}/access", headers=clerk, json={"audience": "units", "units": [A_TYPED]}))
    r = web.post("/documents", headers=clerk, data={"level": "0"}, files=[("files", ("scan-926.pdf", b"%PDF-1.7\n1 0 obj<<>>\nhong",
                                                                "application/pdf"))])
    assert r.status_code == 202, r.text
    broken = r.json()["items"][0]["document_id"]  # a failed file the clerk opened to the unit (never tracked)
    wait_idle(60)
    assert ok(web.get(f"/documents/{broken}", headers=clerk))["status"] == "failed"
    ok(web.patch(f"/documents/{broken}/access", headers=clerk, json={"level": 0, "audience": "units",
                                                                     "units": [A_NAME]}))
    wait_idle(60)

    def sight(headers: dict[str, str]) -> dict[str, set[str]]:
        docs = {d["id"] for d in ok(web.get("/documents", headers=headers, params={"limit": 200}))["items"]}
        hits = {h["document_id"] for w in ("dodac926", "kiemke926", "vattu926")
                for h in ok(web.get("/search", headers=headers, params={"q": w}))["hits"]}
        return {"docs": docs & {own, secret, typed, broken}, "hits": hits}

    assert sight(a_staff) == {"docs": {own, secret, typed, broken}, "hits": {own, secret, typed}}, sight(a_staff)
    assert sight(b_staff) == {"docs": set(), "hits": set()}, sight(b_staff)
    with session_factory()() as session:
        a = session.query(Unit).filter(Unit.name == A_NAME).one()
        b = session.query(Unit).filter(Unit.name == B_NAME).one()
        unit_directory.merge_unit(session, LOCAL_ADMIN, a, b, (registry.move_unit,))
        session.commit()
    wait_idle(60)
    assert sight(a_staff) == {"docs": {own, secret, typed, broken}, "hits": {own, secret, typed}}, sight(a_staff)
    assert sight(b_staff) == {"docs": {own, typed, broken}, "hits": {own, typed}}, sight(b_staff)  # Mật: clearance 0
    newcomer = fast_headers("unit_staff", unit=A_TYPED, clearance=1, username="cv-new-dau17a")
    with session_factory()() as session:
        unit = session.query(User).filter(User.username == "cv-new-dau17a").one().unit
        assert unit.name == B_NAME, unit.name  # the old name in any spelling is the unit it joined, not a new one
    assert sight(newcomer) == sight(a_staff)


def test_a_merged_units_staff_keep_their_session_but_not_their_api_keys(anon_client: Any) -> None:
    """SECURITY.md 82. A change of an account's unit ends its API keys (38): a key is made for what the account did
    then — a script reading one unit's documents. The merge moved the merged unit's staff by one UPDATE, outside
    that rule: an officer's read key of Sở A went on working and read every internal document of the unit it
    joined, and no account's change was in the audit log. The merge now ends the moved accounts' keys and audits
    each account's change; their sessions (which read the unit of now on every request) go on."""
    from helpers.briefing import fast_headers, ingest, ok

    from services.briefing import unit_directory
    from services.core.auth.models import AuditEvent, Unit, User
    from services.core.auth.policy import LOCAL_ADMIN
    from services.core.db import session_factory
    from services.registry import public as registry

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau17b")
    a_name, b_name = "Ban Quản lý dự án Thủy lợi kho929", "Ban Quản lý dự án Dân dụng kho929"
    a_staff = fast_headers("unit_staff", unit=a_name, clearance=0, username="cv-a-dau17b")
    fast_headers("unit_staff", unit=b_name, clearance=0, username="cv-b-dau17b")
    b_doc = ingest(web, "tb-929.txt", _notice(929, b_name, "kenhmuong929"), clerk)
    key = ok(web.post("/auth/api-keys", headers=a_staff, json={"name": "báo cáo tuần", "scopes": ["read"]}), 201)
    by_key = {"X-API-Key": key["key"]}
    assert b_doc not in {d["id"] for d in ok(web.get("/documents", headers=by_key))["items"]}  # control
    with session_factory()() as session:
        a = session.query(Unit).filter(Unit.name == a_name).one()
        b = session.query(Unit).filter(Unit.name == b_name).one()
        unit_directory.merge_unit(session, LOCAL_ADMIN, a, b, (registry.move_unit,))
        session.commit()
        moved = session.query(User).filter(User.username == "cv-a-dau17b").one()
        logged = [e.detail for e in session.query(AuditEvent).filter(AuditEvent.object_type == "user",
                                                                     AuditEvent.object_id == moved.id)]
    assert web.get("/documents", headers=by_key).status_code == 401
    assert b_doc in {d["id"] for d in ok(web.get("/documents", headers=a_staff))["items"]}  # her session goes on
    assert {"unit": [a_name, b_name]} in logged, logged


def test_a_renamed_units_new_name_typed_without_diacritics_reaches_it(anon_client: Any) -> None:
    """SECURITY.md 80, the same gap on a rename: a unit keeps its key when renamed, so its new name typed without
    diacritics folded to a key no unit held — a document opened to that spelling reached nobody, and an account
    made for it got a new unit holding that key. It now reaches the renamed unit."""
    from services.briefing import unit_directory
    from services.core.auth import service as accounts
    from services.core.auth.policy import LOCAL_ADMIN
    from services.core.auth.units import unit_key
    from services.core.db import session_factory

    with session_factory()() as session:
        unit = accounts.ensure_unit(session, "Ban Quản lý dự án Đê điều kho931")
        unit_directory.rename_unit(session, LOCAL_ADMIN, unit, "Ban Quản lý dự án Phòng chống thiên tai kho931")
        session.commit()
        key = unit.key
    with session_factory()() as session:
        assert unit_key("Ban Quan ly du an Phong chong thien tai kho931") == key
        assert accounts.ensure_unit(session, "Ban quan ly du an phong chong thien tai kho931").key == key
        assert unit_key("Ban Quan ly du an De dieu kho931") == key  # control: the former name


def test_giving_a_task_to_each_commune_is_declared_for_the_clerks_and_leaders(anon_client: Any) -> None:
    """SECURITY.md 83 (low, hardening). `POST /ui/tasks/{id}/to-each` took any signed-in account: a unit user's post
    read the task under a row lock (FOR UPDATE on PostgreSQL) and the whole directory before the split refused her
    role. Who may give a task to each commune is now declared on the route, before anything is read; the task is
    untouched either way. Checked, held: the CSRF token is required; a clerk who may not see the task's document
    (clearance Thường, a Mật notice) is answered as for a missing task."""
    from e2e.test_web_http import make_user, web_login
    from helpers.briefing import fast_headers, ingest, ok
    from helpers.web import csrf_of

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau17c")
    unit = "Sở Công Thương"
    doc = ingest(web, "tb-932.txt", _notice(932, unit, "chobuon932"), clerk)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    secret = ingest(web, "tb-933.txt", _notice(933, "UBND các xã, phường", "khobac933", secret=True), clerk)
    [hidden] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == secret]

    make_user("cv-ct-dau17c", "unit_head", unit, clearance=0)
    web.cookies.clear()
    assert web_login(web, "cv-ct-dau17c").status_code == 303
    token = csrf_of(web.get("/ui/inbox").text)
    r = web.post(f"/ui/tasks/{task['id']}/to-each", data={"csrf": token, "back": "/ui/inbox"})
    assert _flash(r.text) == ["Trang này không dành cho vai trò của bạn."], _flash(r.text)  # was the split's rule
    assert web.post(f"/ui/tasks/{task['id']}/to-each", data={}).status_code == 403  # no CSRF token
    assert ok(web.get(f"/tasks/{task['id']}", headers=clerk))["state"] == "open"

    make_user("vanthu-dau17d", "clerk", clearance=0)
    web.cookies.clear()
    assert web_login(web, "vanthu-dau17d").status_code == 303
    token = csrf_of(web.get("/ui/review").text)
    answers = [web.post(f"/ui/tasks/{task_id}/to-each", data={"csrf": token}, follow_redirects=True)
               for task_id in (hidden["id"], "0" * 8 + hidden["id"][8:])]
    assert answers[0].status_code == answers[1].status_code == 200
    assert _flash(answers[0].text) == _flash(answers[1].text) == ["Nhiệm vụ không tồn tại hoặc bạn không có quyền xem."]
    assert ok(web.get(f"/tasks/{hidden['id']}", headers=clerk))["state"] == hidden["state"]


def test_a_merge_chain_carries_every_name_and_key_to_the_last_unit(anon_client: Any) -> None:
    """SECURITY.md 84 (1), checked and held: A merged into B, then B into C — A's and B's names, in every spelling,
    reach C; A is gone (no cycle back into it: its name is C now), and no account made for A's name founds a unit."""
    from services.briefing import unit_directory
    from services.core.auth import service as accounts
    from services.core.auth.models import Unit
    from services.core.auth.policy import LOCAL_ADMIN
    from services.core.auth.units import unit_key
    from services.core.db import session_factory
    from services.registry import public as registry

    names = ("Ban Quản lý dự án Cấp nước kho934", "Ban Quản lý dự án Nông thôn kho934",
             "Ban Quản lý dự án Tổng hợp kho934")
    with session_factory()() as session:
        a, b, c = (accounts.ensure_unit(session, n) for n in names)
        session.commit()
        unit_directory.merge_unit(session, LOCAL_ADMIN, a, b, (registry.move_unit,))
        session.commit()
        unit_directory.merge_unit(session, LOCAL_ADMIN, session.get(Unit, b.id), c, (registry.move_unit,))
        session.commit()
        c_key = c.key
    with session_factory()() as session:
        assert {unit_key(n) for n in (*names, "Ban Quan ly du an Cap nuoc kho934", "Ban quan ly du an Nong thon kho934")} \
            == {c_key}
        assert accounts.ensure_unit(session, "Ban Quan ly du an Cap nuoc kho934").key == c_key
        assert session.query(Unit).filter(Unit.name.in_(names[:2])).count() == 0


def test_a_decision_sent_again_by_another_account_is_not_the_recorded_one(anon_client: Any) -> None:
    """SECURITY.md 84 (4), checked and held: a retry is recognised only as the same account's same words — another
    officer of the unit sending the same completion report, another leader sending the same acceptance or return,
    or the unit's officer posting the leader's decision, is answered as any other request in that state (the role
    check first), and the history holds each decision once."""
    from helpers.briefing import error_code, fast_headers, ingest, ok

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-dau17e")
    unit = "Sở Xây dựng"
    staff = fast_headers("unit_staff", unit=unit, clearance=0, username="cv-xd-dau17e")
    other_staff = fast_headers("unit_staff", unit=unit, clearance=0, username="cv-xd2-dau17e")
    leader = fast_headers("leader", clearance=2, username="pct-dau17e")
    other_leader = fast_headers("leader", clearance=2, username="ct-dau17e")
    doc = ingest(web, "tb-935.txt", _notice(935, unit, "nhatam935"), clerk)
    [task] = [t for t in ok(web.get("/tasks/review", headers=clerk))["items"] if t["document"]["id"] == doc]
    ok(web.post(f"/tasks/{task['id']}/confirm", headers=clerk))
    report = {"completed_on": "2026-12-01", "text": "Đã hoàn thành kiểm tra nhà tạm."}
    ok(web.post(f"/tasks/{task['id']}/complete", headers=staff, json=report))
    assert error_code(web.post(f"/tasks/{task['id']}/complete", headers=other_staff, json=report), 409) \
        == "invalid_state"
    back = {"note": "Bổ sung danh sách hộ."}
    ok(web.post(f"/tasks/{task['id']}/return", headers=leader, json=back))
    assert error_code(web.post(f"/tasks/{task['id']}/return", headers=other_leader, json=back), 409) == "not_reported"
    assert web.post(f"/tasks/{task['id']}/return", headers=staff, json=back).status_code == 403
    ok(web.post(f"/tasks/{task['id']}/complete", headers=staff, json={**report, "text": "Đã bổ sung danh sách."}))
    accept = {"note": "Đạt yêu cầu."}
    ok(web.post(f"/tasks/{task['id']}/accept", headers=leader, json=accept))
    assert web.post(f"/tasks/{task['id']}/accept", headers=staff, json=accept).status_code == 403
    assert web.post(f"/tasks/{task['id']}/accept", headers=other_leader, json=accept).status_code == 409
    history = ok(web.get(f"/tasks/{task['id']}", headers=leader))["history"]
    assert [e["kind"] for e in history].count("completion_accepted") == 1
    assert [e["kind"] for e in history].count("completion_returned") == 1
