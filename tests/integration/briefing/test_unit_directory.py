"""The office's own unit names, edited on the admin's pages (SQLite and PostgreSQL): add a unit, rename it (the old
name stays an alias), add and remove aliases, accept a proposed name as a new unit or as another name of a unit —
every change a POST with the CSRF token, refused to anyone but an administrator, audited in words — and the unit
matching (`unit_key`, `canonical_name`) sees each change at once."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from helpers.web import csrf_of

from services.core.db import session_factory

pytestmark = pytest.mark.usefixtures("db_backend")

PASSWORD = "mat-khau-don-vi-123"
PROPOSED = "Ban Quản lý dự án công trình Hòa Lạc"  # invented
FOUND = "Ban Thẩm định Hòa Lạc"  # invented


def login(client: Any, username: str, role: str, unit: str | None = None) -> str:
    from services.core.auth import service

    with session_factory()() as session:
        service.create_user(session, username, PASSWORD, role, unit, 3)
        session.commit()
    client.cookies.clear()
    form = client.get("/ui/login")
    r = client.post("/ui/login", data={"username": username, "password": PASSWORD, "csrf": csrf_of(form.text),
                                       "next": "/ui/me"}, follow_redirects=True)
    assert r.status_code == 200, r.text[:300]
    return csrf_of(r.text)


def post(client: Any, path: str, **data: str) -> str:
    """A form sent; the page it leads to (with the outcome's message)."""
    r = client.post(path, data=data, follow_redirects=True)
    assert r.status_code == 200, r.text[:300]
    return str(r.text)


def proposed_task(name: str, doc: str) -> str:
    """A sent task whose lead is a name extraction found (a proposal: no unit yet)."""
    from services.briefing.models import Task, TaskUnit, TrackedDocument
    from services.core.auth.units import canonical_name, unit_key

    with session_factory()() as session:
        session.add(TrackedDocument(document_id=doc, number=f"{doc}/TB-UBND", issued_date=date(2026, 3, 2)))
        session.flush()
        key = unit_key(name)
        task = Task(id=f"task-{doc}", document_id=doc, lead_name=canonical_name(name), lead_unit_key=key,
                    action="Hoàn thiện hồ sơ dự án", assigned_on=date(2026, 3, 2), state="open",
                    sent_at=datetime(2026, 3, 2, tzinfo=UTC))
        task.units.append(TaskUnit(unit_key=key, unit_id=None, name=canonical_name(name), role="lead"))
        session.add(task)
        session.commit()
        return task.id


def unit_named(name: str) -> Any:
    from sqlalchemy import select

    from services.core.auth.models import Unit

    with session_factory()() as session:
        return session.scalar(select(Unit).where(Unit.name == name))


def test_admin_edits_unit_names_and_matching_follows(anon_client: Any) -> None:
    from services.briefing.models import Task, TaskUnit
    from services.core.auth.units import canonical_name, unit_key

    web = anon_client
    first = proposed_task(PROPOSED, "d1")
    second = proposed_task(FOUND, "d2")
    csrf = login(web, "quantri", "admin")
    page = web.get("/ui/admin/units")
    assert PROPOSED in page.text and "Thêm thành đơn vị mới" in page.text and "(1 nhiệm vụ)" in page.text

    # --- add a unit; a POST without the token changes nothing -----------------------------------------------
    assert web.post("/ui/admin/units", data={"name": "Sở Xây dựng"}).status_code == 403
    assert unit_named("Sở Xây dựng") is None
    r = web.post("/ui/admin/units", data={"name": "Sở Xây dựng", "email": "sxd@example.gov.vn", "csrf": csrf},
                 follow_redirects=False)
    unit = unit_named("Sở Xây dựng")
    assert unit is not None and unit.added_by == "quantri" and unit.email == "sxd@example.gov.vn"
    assert r.status_code == 303 and r.headers["location"] == f"/ui/admin/units/{unit.id}"
    refused = post(web, "/ui/admin/units", name="SỞ XÂY DỰNG", csrf=csrf)
    assert "Tên “SỞ XÂY DỰNG” đã có trong danh mục (đơn vị “Sở Xây dựng”)" in refused

    # --- rename: the key stays, the old name is kept as an alias ---------------------------------------------
    assert "Đã đổi tên đơn vị" in post(web, f"/ui/admin/units/{unit.id}/rename", name="Sở Xây dựng và Quy hoạch",
                                        csrf=csrf)
    assert unit_named("Sở Xây dựng") is None and unit_named("Sở Xây dựng và Quy hoạch").key == unit.key
    assert unit_key("Sở Xây dựng") == unit_key("Sở Xây dựng và Quy hoạch") == unit.key
    assert canonical_name("Sở Xây dựng") == "Sở Xây dựng và Quy hoạch"  # old documents show the new name
    unit_page = web.get(f"/ui/admin/units/{unit.id}").text
    assert "Sở Xây dựng" in unit_page and "tên cũ" in unit_page

    # --- an alias; another unit's name is refused ------------------------------------------------------------
    web.post(f"/ui/admin/units/{unit.id}/aliases", data={"alias": "Sở XD-QH", "csrf": csrf})
    assert unit_key("Sở XD-QH") == unit.key and unit_key("sở xd-qh") == unit.key
    from services.search.units import canonical_units

    assert canonical_units(["Sở XD-QH", "Sở Xây dựng"]) == ["Sở Xây dựng và Quy hoạch"]  # the unit facet too
    web.post("/ui/admin/units", data={"name": "Sở Tài chính", "csrf": csrf})
    assert "đang dùng cho đơn vị “Sở Tài chính”" in post(web, f"/ui/admin/units/{unit.id}/aliases",
                                                         alias="Sở Tài chính", csrf=csrf)
    assert unit_key("Sở Tài chính") != unit.key

    # --- a proposed name: another name of the unit (its task reaches the unit), or a new unit ---------------
    assert "tên khác của Sở Xây dựng và Quy hoạch" in post(web, "/ui/admin/units/proposals/accept", name=PROPOSED,
                                                           unit_id=unit.id, csrf=csrf)
    assert unit_key(PROPOSED) == unit.key
    web.post("/ui/admin/units/proposals/accept", data={"name": FOUND, "csrf": csrf})
    found = unit_named(FOUND)
    assert found is not None
    with session_factory()() as session:
        t1, t2 = session.get(Task, first), session.get(Task, second)
        assert (t1.lead_unit_id, t1.lead_unit_key, t1.lead_name) == (unit.id, unit.key, "Sở Xây dựng và Quy hoạch")
        assert [(u.unit_id, u.unit_key) for u in session.query(TaskUnit).filter_by(task_id=first)] == [
            (unit.id, unit.key)]
        assert t2.lead_unit_id == found.id
    from services.briefing import service
    from services.core.auth.policy import Scope

    with session_factory()() as session:
        total, _ = service.list_tasks(session, Scope(max_level=3, unit_keys=None),
                                      service.TaskFilter(unit_id=unit.id), date(2026, 3, 10), 0, 10)
    assert total == 1  # in the unit's inbox
    assert PROPOSED not in web.get("/ui/admin/units").text.split("Tên khác, viết tắt")[0]  # no longer proposed

    # --- remove an alias: new documents naming it no longer reach the unit ------------------------------------
    from services.core.auth.models import UnitAlias

    with session_factory()() as session:
        alias_id = session.query(UnitAlias).filter_by(name="Sở XD-QH").one().id
    assert "Đã bỏ tên khác" in post(web, f"/ui/admin/units/{unit.id}/aliases/{alias_id}/remove", csrf=csrf)
    assert unit_key("Sở XD-QH") != unit.key and unit_key("Sở Xây dựng") == unit.key

    # --- the audit log says it in words ----------------------------------------------------------------------
    audit = web.get("/ui/admin/audit").text
    for words in ("thêm đơn vị", "tên mới", "thêm tên khác", "bỏ tên khác"):
        assert words in audit, words

    # --- only an administrator: a clerk's POST (with its own token) is refused and changes nothing --------------
    clerk = login(web, "vanthu", "clerk")
    assert web.post(f"/ui/admin/units/{unit.id}/rename", data={"name": "Tên khác hẳn", "csrf": clerk}).status_code == 403
    assert web.post(f"/ui/admin/units/{unit.id}/aliases", data={"alias": "XDQH", "csrf": clerk}).status_code == 403
    assert web.get(f"/ui/admin/units/{unit.id}").status_code == 403
    assert unit_named("Sở Xây dựng và Quy hoạch") is not None and unit_key("XDQH") != unit.key
