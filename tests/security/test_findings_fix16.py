"""SECURITY.md 110 (fix16, found by review15): a collective name ("Các sở, ban, ngành") made a unit by a leader's
routing with `new_units`, then merged into a real unit, became that unit's former name — and its staff read every
notice addressed to the collective. Routing, the unit directory's merge and names now refuse a collective; the
collectives made before the fix are listed to the administrator with what to do. Each test failed on the code before
its fix. SQLite and PostgreSQL."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.usefixtures("db_backend")

COLLECTIVE = "Các sở, ban, ngành"
OFFICER_UNIT = "Sở Y tế"


def _notice(number: int, unit: str, word: str) -> bytes:
    return (f"ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {number}/TB-UBND\nNghệ An, ngày 12 tháng 11 năm 2026\n\nTHÔNG BÁO\n"
            f"Kết luận về việc {word}\n\n1. Giao {unit} chủ trì thực hiện {word}, hoàn thành trước ngày "
            f"30/12/2030.\n\nNơi nhận:\n- {unit};\n- Lưu: VT.\n").encode()


def _collective_message() -> str:
    from services.briefing.errors import BriefingError

    return BriefingError.collective_unit(name=COLLECTIVE).message


def _unit_of(name: str) -> Any:
    from sqlalchemy import select

    from services.core.auth.models import Unit
    from services.core.auth.units import unit_key
    from services.core.db import session_factory

    with session_factory()() as session:
        return session.scalar(select(Unit).where(Unit.key == unit_key(name)))


def test_routing_with_new_units_refuses_a_collective_and_writes_nothing(client: Any) -> None:
    """A leader's routing naming "Các sở, ban, ngành" with "add new units" ticked answered 201 and the collective
    became a unit of the directory. Now: 422 `collective_unit` (briefing's message), no unit, no routing, the line
    still "registered", the document's access unchanged — and a Sở Y tế officer does not read the notice addressed
    to the collective."""
    from helpers.briefing import fast_headers, ingest
    from helpers.registry import letter, ok, register

    from services.core.dispatch import wait_idle

    clerk = fast_headers("clerk", clearance=3, username="vanthu-fix16a")
    leader = fast_headers("leader", clearance=3, username="chutich-fix16a")
    officer = fast_headers("unit_staff", OFFICER_UNIT, 0, "cv-yte-fix16a")
    notice = ingest(client, "tb-961.txt", _notice(961, COLLECTIVE, "tiemchung961"), clerk)
    entry = ok(register(client, clerk, "cv-961.docx", letter("961/STC-QLG", extra="tập hợp961"),
                        sender="Sở Tài chính", subject="Về việc rà soát danh mục thiết bị"), 201)
    wait_idle(60)
    before = ok(client.get(f"/documents/{entry['document_id']}", headers=clerk))
    assert client.get(f"/documents/{notice}", headers=officer).status_code == 404
    for field in ("lead", "support", "info"):
        body = {"instruction": "Giao các đơn vị nghiên cứu, tham mưu.", "lead": [OFFICER_UNIT], field: [COLLECTIVE],
                "new_units": True}
        if field == "lead":
            body["lead"] = [COLLECTIVE]
        r = client.post(f"/registry/incoming/{entry['id']}/routing", headers=leader, json=body)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "collective_unit", r.text
        assert r.json()["error"]["message"] == _collective_message()
    assert _unit_of(COLLECTIVE) is None
    line = ok(client.get(f"/registry/incoming/{entry['id']}", headers=clerk))
    assert line["state"] == "registered" and line["routings"] == [], line
    after = ok(client.get(f"/documents/{entry['document_id']}", headers=clerk))
    assert after.get("access") == before.get("access") and after.get("units") == before.get("units")
    # a real unit new to the directory is still added when the leader says so
    body = {"instruction": "Giao Ban Quản lý dự án kho961 chủ trì.", "lead": ["Ban Quản lý dự án kho961"],
            "new_units": True}
    ok(client.post(f"/registry/incoming/{entry['id']}/routing", headers=leader, json=body), 201)
    assert _unit_of("Ban Quản lý dự án kho961") is not None
    assert client.get(f"/documents/{notice}", headers=officer).status_code == 404


def test_a_collective_never_becomes_a_former_name_by_a_merge_or_a_name(client: Any) -> None:
    """A stray "unit" named by a collective (made before the fix) merged into Sở Y tế made the collective Sở Y tế's
    former name, and Sở Y tế's officer read the notice addressed to it (404 before the merge, 200 after). Now the
    merge is refused (the collective as the source, a collective among the source's other names, a collective as
    the target), as are a collective added as another name, a rename to a collective, and a new unit so named —
    nothing written, and the officer never reads the notice."""
    from helpers.briefing import fast_headers, ingest
    from sqlalchemy import select

    from services.briefing import unit_directory
    from services.core.auth.models import Unit, UnitAlias
    from services.core.auth.policy import LOCAL_ADMIN
    from services.core.auth.units import unit_key
    from services.core.db import session_factory
    from services.core.dispatch import wait_idle
    from services.core.errors import VanbanError
    from services.registry import public as registry
    from services.vntext.units import fold_unit

    clerk = fast_headers("clerk", clearance=3, username="vanthu-fix16b")
    officer = fast_headers("unit_staff", OFFICER_UNIT, 0, "cv-yte-fix16b")
    notice = ingest(client, "tb-962.txt", _notice(962, COLLECTIVE, "phongdich962"), clerk)
    wait_idle(60)
    assert client.get(f"/documents/{notice}", headers=officer).status_code == 404

    def refused(action: Any) -> None:
        with session_factory()() as session:
            with pytest.raises(VanbanError) as caught:
                action(session)
            session.rollback()
        assert caught.value.code == "collective_unit_name", caught.value.code
        assert caught.value.http_status == 422

    with session_factory()() as session:  # what a routing made before this fix: the collective as a unit
        session.add(Unit(key=unit_key(COLLECTIVE), name=COLLECTIVE))
        session.add(Unit(key=unit_key("Ban Quản lý kho962"), name="Ban Quản lý kho962"))
        session.commit()

    def units(session: Any) -> tuple[Any, Any, Any]:
        one = session.scalar(select(Unit).where(Unit.name == COLLECTIVE))
        health = session.scalar(select(Unit).where(Unit.name == OFFICER_UNIT))
        other = session.scalar(select(Unit).where(Unit.name == "Ban Quản lý kho962"))
        return one, health, other

    refused(lambda s: unit_directory.merge_unit(s, LOCAL_ADMIN, units(s)[0], units(s)[1], (registry.move_unit,)))
    refused(lambda s: unit_directory.merge_unit(s, LOCAL_ADMIN, units(s)[1], units(s)[0], (registry.move_unit,)))
    refused(lambda s: unit_directory.add_alias(s, LOCAL_ADMIN, units(s)[1], COLLECTIVE))
    refused(lambda s: unit_directory.add_alias(s, LOCAL_ADMIN, units(s)[1], "UBND các huyện, thành phố, thị xã"))
    refused(lambda s: unit_directory.rename_unit(s, LOCAL_ADMIN, units(s)[2], "Các cơ quan, đơn vị liên quan"))
    # review16: the collective "unit" renamed keeps its key — its staff would still read what is addressed to all
    refused(lambda s: unit_directory.rename_unit(s, LOCAL_ADMIN, units(s)[0], "Ban Tổng hợp962"))
    refused(lambda s: unit_directory.add_unit(s, LOCAL_ADMIN, "Các sở, ngành liên quan"))
    with session_factory()() as session:  # a collective other name the source carries from before the fix
        other = units(session)[2]
        session.add(UnitAlias(unit_id=other.id, name="Các cơ quan, đơn vị", folded=fold_unit("Các cơ quan, đơn vị"),
                              kind="alias", created_by="cu"))
        session.commit()
    refused(lambda s: unit_directory.merge_unit(s, LOCAL_ADMIN, units(s)[2], units(s)[1], (registry.move_unit,)))
    with session_factory()() as session:
        one, health, other = units(session)
        assert one is not None and other is not None  # nothing merged, nothing deleted
        assert [a.name for a in unit_directory.aliases_of(session, [health.id])[health.id]] == []
    wait_idle(60)
    assert client.get(f"/documents/{notice}", headers=officer).status_code == 404


def test_collectives_made_before_the_fix_are_listed_to_the_administrator(anon_client: Any) -> None:
    """A collective unit and a collective other name written before the fix are not deleted or renamed behind the
    administrator's back: the units page lists them, each with what to do (in Vietnamese); a real unit and its real
    other name are not listed."""
    from helpers.briefing import fast_headers
    from helpers.web import csrf_of
    from sqlalchemy import select

    from services.briefing import unit_directory
    from services.core.auth import service
    from services.core.auth.models import Unit, UnitAlias
    from services.core.auth.units import unit_key
    from services.core.db import session_factory
    from services.vntext.units import fold_unit

    fast_headers("unit_staff", COLLECTIVE, 0, "cv-tapthe-fix16c")  # an account placed in the collective "unit"
    with session_factory()() as session:
        health = service.ensure_unit(session, OFFICER_UNIT)
        for name in ("UBND các xã, phường", "Trung tâm Kiểm soát bệnh tật kho963"):
            session.add(UnitAlias(unit_id=health.id, name=name, folded=fold_unit(name), kind="former_name",
                                  created_by="cu"))
        session.commit()
    with session_factory()() as session:
        found = unit_directory.collective_names(session)
        by_name = {c.name: c for c in found}
        assert set(by_name) == {COLLECTIVE, "UBND các xã, phường"}, by_name
        assert by_name[COLLECTIVE].alias_id is None and by_name[COLLECTIVE].staff == 1
        assert by_name["UBND các xã, phường"].unit_name == OFFICER_UNIT
        assert by_name["UBND các xã, phường"].alias_id is not None
        assert all(c.advice for c in found)
        assert session.scalar(select(Unit).where(Unit.key == unit_key(COLLECTIVE))) is not None  # kept as it was
    web = anon_client
    with session_factory()() as session:
        service.create_user(session, "quantri-fix16c", "mat-khau-fix16-123", "admin", None, 3)
        session.commit()
    form = web.get("/ui/login")
    r = web.post("/ui/login", data={"username": "quantri-fix16c", "password": "mat-khau-fix16-123",
                              "csrf": csrf_of(form.text), "next": "/ui/admin/units"},
                 follow_redirects=True)
    assert r.status_code == 200, r.text[:300]
    page = web.get("/ui/admin/units").text
    assert "Tên chung đang là đơn vị hoặc tên khác" in page
    assert f"“{COLLECTIVE}”" in page and "“UBND các xã, phường”" in page
    assert "bỏ tên khác này" in page and "chuyển 1 tài khoản" in page
    assert "“Trung tâm Kiểm soát bệnh tật kho963”" not in page
