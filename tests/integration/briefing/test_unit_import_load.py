"""Loading the office's list of units (briefing/unit_import.plan/load) on SQLite: one row per name — a merge row's
old name included —, rows resolved against the directory as it was before the load (a later row never follows what
an earlier one wrote), a new unit's other names checked against the names other units own, with the row's number."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from services.briefing import unit_directory
from services.briefing.unit_import import Row, load, plan
from services.core.auth.models import Unit
from services.core.auth.policy import Principal
from services.core.auth.units import unit_key
from services.core.db import session_factory
from services.core.errors import VanbanError

ADMIN = Principal(user_id=None, username="quantri", role="admin", clearance=3)
# invented names
OLD = "UBND xã Sông Trà"
NEW_B = "UBND xã Trà Bồng Tây"
NEW_C = "UBND xã Trà Bồng Đông"
OTHER = "UBND phường Hòa Khánh Nam"


def _unit(session: object, name: str) -> Unit:
    return unit_directory.add_unit(session, ADMIN, name)  # type: ignore[arg-type]


def test_an_old_name_merged_into_two_units_is_refused_with_the_row(instance: Path) -> None:
    with session_factory()() as session:
        _unit(session, OLD), _unit(session, NEW_B), _unit(session, NEW_C)
        session.commit()
        rows = [Row(2, OLD, merged_into=NEW_B), Row(3, OLD, merged_into=NEW_C)]
        done = plan(session, rows)
        assert [(r.line, r.error) for r in done.errors] == [
            (3, f"Tên “{OLD}” đã có ở dòng 2; mỗi đơn vị một dòng.")]
        with pytest.raises(VanbanError) as refused:
            load(session, ADMIN, rows)
        assert refused.value.code == "unit_file_has_errors"


def test_the_same_merge_row_twice_names_the_row(instance: Path) -> None:
    with session_factory()() as session:
        _unit(session, OLD), _unit(session, NEW_B)
        session.commit()
        done = plan(session, [Row(2, OLD, merged_into=NEW_B), Row(3, OLD, merged_into=NEW_B)])
        assert [(r.line, r.error) for r in done.errors] == [
            (3, f"Tên “{OLD}” đã có ở dòng 2; mỗi đơn vị một dòng.")]


def test_a_name_row_and_a_merge_row_of_the_same_name_conflict(instance: Path) -> None:
    with session_factory()() as session:
        _unit(session, NEW_B)
        session.commit()
        done = plan(session, [Row(2, OLD), Row(3, OLD, merged_into=NEW_B)])
        assert [r.line for r in done.errors] == [3]


def test_merge_into_a_unit_another_row_merges_away_is_refused(instance: Path) -> None:
    with session_factory()() as session:
        _unit(session, OLD), _unit(session, NEW_B), _unit(session, NEW_C)
        session.commit()
        done = plan(session, [Row(2, NEW_B, merged_into=NEW_C), Row(3, OLD, merged_into=NEW_B)])
        assert [r.line for r in done.errors] == [3]
        assert "dòng 2" in done.errors[0].error


def test_a_new_units_other_name_owned_by_another_unit_is_refused_in_the_preview(instance: Path) -> None:
    with session_factory()() as session:
        _unit(session, OTHER)
        session.commit()
        done = plan(session, [Row(2, NEW_B, aliases=[OTHER])])
        assert [(r.line, r.change) for r in done.errors] == [(2, "")]
        assert OTHER in done.errors[0].error


def test_load_merges_adds_and_records_a_former_name_and_again_changes_nothing(instance: Path) -> None:
    with session_factory()() as session:
        old = _unit(session, OLD)
        old_id = old.id
        session.commit()
        rows = [Row(2, NEW_B, aliases=["Xã Trà Bồng Tây"], email="trabongtay@example.vn"),
                Row(3, OLD, merged_into=NEW_B), Row(4, "UBND xã Trà Lâm", merged_into=NEW_B)]
        done = load(session, ADMIN, rows)
        session.commit()
        assert [r.change for r in done.rows] == ["add", "merge", "merge"]
        b = session.scalar(select(Unit).where(Unit.key == unit_key(NEW_B)))
        assert b is not None and b.email == "trabongtay@example.vn"
        assert session.get(Unit, old_id) is None
        assert {unit_key(n) for n in ("Xã Trà Bồng Tây", OLD, "UBND xã Trà Lâm")} == {b.key}
        kinds = sorted(a.kind for a in unit_directory.aliases_of(session, [b.id])[b.id])
        assert kinds == ["alias", "former_name", "former_name"]
        again = plan(session, [Row(r.line, r.name, r.aliases, r.email, r.merged_into) for r in rows])
        assert [(r.change, r.error) for r in again.rows] == [("same", ""), ("same", ""), ("same", "")]


def test_a_former_name_merged_elsewhere_later_is_refused(instance: Path) -> None:
    """A was merged into B by an earlier file; a file saying A → C names B's former name, not B: refused rather
    than moving all of B into C."""
    with session_factory()() as session:
        old, b = _unit(session, OLD), _unit(session, NEW_B)
        _unit(session, NEW_C)
        unit_directory.merge_unit(session, ADMIN, old, b)
        session.commit()
        done = plan(session, [Row(2, OLD, merged_into=NEW_C)])
        assert [r.line for r in done.errors] == [2]
        assert "Trà Bồng Tây" in done.errors[0].error


def test_tasks_withdrawn_long_ago_stay_out_of_the_recent_list_after_a_merge(instance: Path) -> None:
    """`recently_recalled` reads the moment of recall (its event), not the task's last change: a merge moving the
    tasks to their new unit (a bulk update that refreshes updated_at) does not bring back months-old recalls."""
    from datetime import UTC, datetime, timedelta

    from services.briefing import service
    from services.briefing.models import Task, TaskEvent, TaskUnit, TrackedDocument
    from services.core.auth.policy import Scope

    now = datetime.now(UTC)
    with session_factory()() as session:
        old, b = _unit(session, OLD), _unit(session, NEW_B)
        session.add(TrackedDocument(document_id="d1", number="1/TB-UBND"))
        session.flush()
        for tid, ago in (("long-ago", 90), ("last-week", 7)):
            task = Task(id=tid, document_id="d1", lead_name=old.name, lead_unit_key=old.key, lead_unit_id=old.id,
                        action=f"Rà soát hồ sơ {tid}", state="recalled", assigned_on=(now - timedelta(days=120)).date(),
                        sent_at=now - timedelta(days=120), updated_at=now - timedelta(days=ago))
            task.units.append(TaskUnit(unit_key=old.key, unit_id=old.id, name=old.name, role="lead"))
            task.events.append(TaskEvent(kind="recalled", at=now - timedelta(days=ago), text="Văn bản bị thu hồi"))
            session.add(task)
        session.commit()
        unit_directory.merge_unit(session, ADMIN, old, b)
        session.commit()
        shown = service.recently_recalled(session, Scope(max_level=3, unit_keys=None), b.id, now - timedelta(days=30))
        assert [t.id for t in shown] == ["last-week"]


def test_an_email_row_goes_through_the_contacts_path_and_keeps_the_webhook(instance: Path) -> None:
    from services.core.auth.models import AuditEvent

    with session_factory()() as session:
        b = unit_directory.add_unit(session, ADMIN, NEW_B, webhook_url="https://hooks.example.vn/tra-bong")
        session.commit()
        done = load(session, ADMIN, [Row(2, NEW_B, email="trabongtay@example.vn")])
        session.commit()
        assert [r.change for r in done.rows] == ["update"]
        assert (b.email, b.webhook_url) == ("trabongtay@example.vn", "https://hooks.example.vn/tra-bong")
        last = session.scalars(select(AuditEvent).where(AuditEvent.object_id == b.id).order_by(AuditEvent.id.desc())).first()
        assert last is not None and last.detail == {"email": "trabongtay@example.vn"}


def test_the_preview_says_a_unit_cannot_merge_into_itself_and_an_email_change(instance: Path) -> None:
    with session_factory()() as session:
        _unit(session, NEW_B)
        session.commit()
        done = plan(session, [Row(2, OLD, merged_into=OLD), Row(3, NEW_B, email="trabongtay@example.vn")])
        assert done.rows[0].error == "Không thể sáp nhập một đơn vị vào chính nó."
        assert done.rows[1].action.endswith("đổi thư điện tử thành trabongtay@example.vn")
