"""The SQL side agrees with the pure domain, and the migration matches the models (SQLite and PostgreSQL)."""
from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.briefing import domain, service
from services.briefing.models import Task, TrackedDocument
from services.core.auth.policy import Scope
from services.core.db import session_factory

pytestmark = pytest.mark.usefixtures("db_backend")

ALL = Scope(max_level=3, unit_keys=None)
BASE = date(2008, 11, 20)


def test_status_filters_in_sql_agree_with_the_domain(instance: Any) -> None:
    deadlines = [None, BASE - timedelta(days=10), BASE, BASE + timedelta(days=3), BASE + timedelta(days=30)]
    completions = [None, BASE - timedelta(days=12), BASE - timedelta(days=1), BASE, BASE + timedelta(days=2)]
    expected: dict[str, tuple[date | None, date | None]] = {}
    with session_factory()() as session:
        session.add(TrackedDocument(document_id="d", number="1/TB", issued_date=date(2008, 10, 1)))
        session.flush()
        for i, (dl, done, reported) in enumerate(itertools.product(deadlines, completions, (False, True))):
            state = "completed" if done and not reported else ("completion_reported" if done else "in_progress")
            t = Task(id=f"t{i:03d}", document_id="d", lead_name="Sở Y tế", action=f"việc {i}", deadline=dl,
                     assigned_on=date(2008, 10, 1), state=state, sent_at=datetime(2008, 10, 1, tzinfo=UTC),
                     completed_on=done if state == "completed" else None,
                     completion_reported_on=done if state == "completion_reported" else None)
            session.add(t)
            expected[t.id] = (dl, done if state == "completed" else None)
        session.commit()
    for as_of in (BASE - timedelta(days=11), BASE, BASE + timedelta(days=1), BASE + timedelta(days=60)):
        for status in [*[c.value for c in domain.Category], "due_soon", "completed"]:
            with session_factory()() as session:
                total, rows = service.list_tasks(session, ALL, service.TaskFilter(status=status), as_of, 0, 500)
            got = {t.id for t in rows}
            if status == "due_soon":
                want = {i for i, (dl, c) in expected.items() if domain.is_due_soon(dl, c, as_of, 5)}
            elif status == "completed":
                want = {i for i, (dl, c) in expected.items()
                        if domain.category(dl, c, as_of) in (domain.Category.completed_on_time,
                                                             domain.Category.completed_late)}
            else:
                want = {i for i, (dl, c) in expected.items() if domain.category(dl, c, as_of).value == status}
            assert got == want, (status, as_of)
            assert total == len(want)


def test_pagination(instance: Any) -> None:
    with session_factory()() as session:
        session.add(TrackedDocument(document_id="d", number="1/TB", issued_date=date(2008, 10, 1)))
        session.flush()
        for i in range(7):
            session.add(Task(id=f"p{i}", document_id="d", lead_name="x", action=str(i), assigned_on=BASE,
                             deadline=BASE + timedelta(days=i), state="open"))
        session.commit()
        total, first = service.list_tasks(session, ALL, service.TaskFilter(), BASE, 0, 3)
        _, rest = service.list_tasks(session, ALL, service.TaskFilter(), BASE, 3, 10)
    assert total == 7 and [t.id for t in first + rest] == [f"p{i}" for i in range(7)]


def test_migration_matches_the_models(instance: Any) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from services.core.db import Base, get_engine
    from services.models import import_all_models

    import_all_models()
    with get_engine().connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() is not None
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "briefing_" in repr(d)] == []


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=False)
def test_migration_downgrades_and_upgrades_again(tmp_path: Any, migrated_sqlite: Any, db_backend: str) -> None:
    import shutil

    from alembic import command
    from sqlalchemy import create_engine, inspect

    from services.core.migrate import alembic_config

    path = tmp_path / "round-trip.db"
    shutil.copy(migrated_sqlite, path)
    url = f"sqlite:///{path}"
    command.downgrade(alembic_config(url), "0002")
    engine = create_engine(url)
    assert not [t for t in inspect(engine).get_table_names() if t.startswith("briefing_")]
    engine.dispose()
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)
    assert {"briefing_tasks", "briefing_meetings", "briefing_notifications"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_pages_counts_and_first_lines_agree_with_the_full_pack_and_report(instance: Any) -> None:
    """`pack_view` and `report_view` (what the pages show: counts in SQL, the first lines) give exactly the numbers
    and the leading lines of `build_pack` and `build_report` (every task loaded), for every scope."""
    import random

    from services.briefing.models import Meeting, MeetingUnit, TaskUnit, TrackedDocumentAccess
    from services.core.auth.models import Unit

    rnd = random.Random(7)
    names = ["Sở Alpha", "Sở Beta", "Ban Gamma", "Cục Delta"]
    with session_factory()() as session:
        units = [Unit(id=f"u{i}", key=f"don vi {i}", name=n) for i, n in enumerate(names)]
        session.add_all(units)
        session.flush()
        for d in range(30):
            level, audience = rnd.choice([0, 0, 1, 2]), rnd.choice(["internal", "public", "units"])
            doc = TrackedDocument(document_id=f"d{d:02d}", number=rnd.choice([f"{d}/TB", None, f"{d % 5}/QĐ"]),
                                  doc_type="Thông báo", subject=f"văn bản {d}", level=level, audience=audience,
                                  issued_date=BASE - timedelta(days=rnd.randint(0, 60)))
            session.add(doc)
            session.flush()
            if audience == "units":
                session.add(TrackedDocumentAccess(document_id=doc.document_id, unit_key=rnd.choice(units).key))
            for k in range(rnd.randint(1, 5)):
                lead, support = rnd.sample(units, 2)
                deadline = rnd.choice([None, BASE + timedelta(days=rnd.randint(-40, 40))])
                done = rnd.random() < 0.4
                completed = (deadline or BASE) + timedelta(days=rnd.randint(-10, 10)) if done else None
                task = Task(id=f"t{d:02d}{k}", document_id=doc.document_id, lead_name=lead.name, lead_unit_id=lead.id,
                            action=f"việc {d}-{k}", deadline=deadline, state="completed" if done else "in_progress",
                            completed_on=completed, assigned_on=BASE - timedelta(days=rnd.randint(0, 70)),
                            sent_at=None if rnd.random() < 0.1 else datetime(2008, 9, 1, tzinfo=UTC))
                session.add(task)
                session.flush()
                session.add_all([TaskUnit(task_id=task.id, unit_id=lead.id, unit_key=lead.key, name=lead.name,
                                          role="lead"),
                                 TaskUnit(task_id=task.id, unit_id=support.id, unit_key=support.key,
                                          name=support.name, role="support")])
        first = Meeting(id="m1", title="Giao ban kỳ trước", meeting_date=BASE - timedelta(days=21),
                        conclusion_document_id="d03")
        second = Meeting(id="m2", title="Giao ban", meeting_date=BASE, previous_id="m1")
        second.units = [MeetingUnit(unit_id="u0"), MeetingUnit(unit_id="u2")]
        everyone = Meeting(id="m3", title="Giao ban toàn tỉnh", meeting_date=BASE + timedelta(days=7), previous_id="m2")
        session.add_all([first, second, everyone])
        session.commit()
    scopes = [ALL, Scope(max_level=1, unit_keys=None), Scope(max_level=3, unit_keys=frozenset({"don vi 1"})),
              Scope(max_level=0, unit_keys=frozenset({"don vi 2"}))]
    with session_factory()() as session:
        for scope, as_of in zip(scopes, (BASE - timedelta(days=30), BASE, BASE + timedelta(days=20), BASE), strict=True):
            for date_from, date_to, unit in ((None, None, None), (BASE - timedelta(days=40), None, None),
                                             (None, BASE - timedelta(days=5), "u1")):
                full = service.build_report(session, scope, as_of, date_from, date_to, unit)
                view = service.report_view(session, scope, as_of, date_from, date_to, unit, limit=3)
                assert (view.totals, view.level, view.date_to) == (full.totals, full.level, full.date_to)
                assert [(u.unit, u.counts) for u in view.units] == [(u.unit, u.counts) for u in full.units]
                for cat in domain.Category:
                    assert view.lines[cat.value] == full.by_category[cat][:3], (scope, as_of, cat)
            for meeting_id in ("m1", "m2", "m3"):
                meeting = session.get(Meeting, meeting_id)
                assert meeting is not None
                full_pack = service.build_pack(session, scope, meeting, as_of)
                shown = service.pack_view(session, scope, meeting, as_of, limit=2)
                assert (shown.totals, shown.level, shown.previous_conclusion, shown.registers) == \
                    (full_pack.totals, full_pack.level, full_pack.previous_conclusion, full_pack.registers)
                assert [s.unit for s in shown.units] == [s.unit for s in full_pack.units]
                for s, f in zip(shown.units, full_pack.units, strict=True):
                    assert s.counts == f.counts
                    for name in ("overdue", "due_before_next", "assigned_since", "completed_late",
                                 "completed_on_time"):
                        assert (s.sizes[name], s.lists[name]) == (len(getattr(f, name)), getattr(f, name)[:2]), name
                    assert s.directive_count == len(f.directives)
                    assert [d.document_id for d in s.directives] == [d.document_id for d in f.directives[:2]]
            # an inbox (counts and the first rows of each status in one pass) lists what `list_tasks` does, through the
            # same policy: per status, the same number and the same leading tasks, for every unit and role
            groups = ("overdue", "due_soon", "in_progress_later")
            for unit_id, role in itertools.product(("u0", "u1", "u2", "u3"), (None, "lead", "support")):
                flt = service.TaskFilter(unit_id=unit_id, role=role, sent=True)
                counts, first = service.inbox_overview(session, scope, flt, as_of, groups, 2)
                assert counts == service.task_counts(session, scope, flt, as_of)
                for status in (*groups, *(c.value for c in domain.Category)):
                    total, rows = service.list_tasks(session, scope, service.TaskFilter(
                        unit_id=unit_id, role=role, sent=True, status=status), as_of, 0, 2)
                    if status in groups:
                        assert [t.id for t in first[status]] == [t.id for t in rows], (scope, unit_id, status)
                    if status != "in_progress_later":
                        assert counts[status] == total, (scope, unit_id, role, status)


def test_review_queue_pages_in_order(instance: Any) -> None:
    """The review queue is read as tasks with a deadline, then those without (two ordered reads of its partial
    index): every page is the same as one sort of every proposal would give."""
    with session_factory()() as session:
        session.add(TrackedDocument(document_id="d", number="1/TB", issued_date=date(2008, 10, 1)))
        session.flush()
        for i in range(11):
            session.add(Task(id=f"q{i:02d}", document_id="d", lead_name="x", action=str(i), assigned_on=BASE,
                             position=i, deadline=None if i % 3 == 0 else BASE + timedelta(days=10 - i), state="open"))
        session.add(Task(id="sent", document_id="d", lead_name="x", action="s", assigned_on=BASE, state="open",
                         deadline=BASE, sent_at=datetime(2008, 10, 2, tzinfo=UTC)))
        session.commit()
        flt = service.TaskFilter(sent=False)
        want = sorted((f"q{i:02d}" for i in range(11)),
                      key=lambda t: (int(t[1:]) % 3 == 0, 10 - int(t[1:]) if int(t[1:]) % 3 else 0, int(t[1:])))
        for size in (1, 3, 4, 7, 11, 20):
            got: list[str] = []
            for offset in range(0, 14, size):
                total, rows = service.list_tasks(session, ALL, flt, BASE, offset, size)
                assert total == 11
                got += [t.id for t in rows]
            assert got == want, size


def test_review_queue_lists_the_doubtful_first_and_pages_stably(instance: Any) -> None:
    """Văn thư: "the review queue lists proposals by document; the doubtful ones (flagged for review, low confidence)
    should come first so I check them first." The proposals under the review threshold come first, each part in
    the queue's order (deadline, none last); every page is the same as one sort of every proposal would give."""
    from services.ingest.public import REVIEW_BELOW

    with session_factory()() as session:
        for d in ("a", "b"):
            session.add(TrackedDocument(document_id=d, number=f"{d}/CT-UBND", issued_date=date(2008, 10, 1)))
        session.flush()
        conf = {}
        for i in range(12):
            conf[f"r{i:02d}"] = (REVIEW_BELOW - 0.2) if i % 4 == 1 else (None if i == 6 else 0.95)
            session.add(Task(id=f"r{i:02d}", document_id="ab"[i % 2], lead_name="x", action=str(i), assigned_on=BASE,
                             position=i, deadline=None if i % 5 == 0 else BASE + timedelta(days=12 - i),
                             confidence=conf[f"r{i:02d}"], state="open"))
        session.commit()
        flt = service.TaskFilter(sent=False)

        def key(t: str) -> tuple[bool, bool, int, int]:
            i = int(t[1:])
            c = conf[t]
            return (not (c is not None and c < REVIEW_BELOW), i % 5 == 0, 12 - i if i % 5 else 0, i)

        want = sorted(conf, key=key)
        assert want[:3] == ["r09", "r01", "r05"]  # the three doubtful, by deadline (none last)
        for size in (1, 2, 3, 5, 12, 20):
            got: list[str] = []
            for offset in range(0, 15, size):
                total, rows = service.list_tasks(session, ALL, flt, BASE, offset, size)
                assert total == 12
                got += [t.id for t in rows]
            assert got == want, size


def test_a_new_duty_of_a_notice_citing_an_earlier_one_is_not_the_task_followed_there(instance: Any) -> None:
    """A notice citing an earlier one gives Sở Y tế new work with "tiếp tục thực hiện" (invented wording): it is not
    Sở Y tế's task on the earlier notice, held back and to be merged; work named as the task given there is (play
    327's review)."""
    from services.briefing.queries import amended_tasks

    sent = datetime(2008, 10, 1, tzinfo=UTC)
    with session_factory()() as session:
        session.add_all([TrackedDocument(document_id="tb901", number="901/TB-UBND", issued_date=date(2008, 10, 1)),
                         TrackedDocument(document_id="tb902", number="902/TB-UBND", issued_date=BASE,
                                         subject="Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng")])
        session.flush()
        followed = Task(id="vaccines", document_id="tb901", lead_name="Sở Y tế", lead_unit_key="so y te",
                        action="chủ trì tổ chức tiêm chủng mở rộng đợt bổ sung tại các xã vùng cao",
                        assigned_on=date(2008, 10, 1), state="in_progress", sent_at=sent)
        food = "Tiếp theo Thông báo số 901/TB-UBND, Sở Y tế tiếp tục thực hiện kiểm tra an toàn thực phẩm dịp Tết."
        new = Task(id="food", document_id="tb902", lead_name="Sở Y tế", lead_unit_key="so y te", sentence=food,
                   action="tiếp tục thực hiện kiểm tra an toàn thực phẩm dịp Tết", assigned_on=BASE, state="open")
        said = ("Tiếp tục thực hiện nhiệm vụ tại Thông báo số 901/TB-UBND: Sở Y tế hoàn thành việc bảo đảm nhân lực "
                "cho các điểm tiêm tại vùng sâu trước ngày 30/12.")
        carried = Task(id="carried", document_id="tb902", lead_name="Sở Y tế", lead_unit_key="so y te", sentence=said,
                       action="hoàn thành việc bảo đảm nhân lực cho các điểm tiêm tại vùng sâu", assigned_on=BASE,
                       state="open", position=1)
        session.add_all([followed, new, carried])
        session.flush()
        found = amended_tasks(session, [new, carried], {"tb902": ["tb901"]}, ALL)
    assert {k: v.id for k, v in found.items()} == {"carried": "vaccines"}


def test_wording_carries_only_the_task_of_the_paper_it_names(instance: Any) -> None:
    """"Tiếp tục thực hiện các nhiệm vụ theo Kết luận số 40-KL/TU" in a notice citing Thông báo 901 carries nothing of
    Sở Nội vụ's task there, nor does a duty to watch over overdue work ("theo dõi, đôn đốc … đã quá hạn"); naming
    Thông báo 901 does (invented wording; review16)."""
    from services.briefing.queries import amended_tasks

    sent = datetime(2008, 10, 1, tzinfo=UTC)
    with session_factory()() as session:
        session.add_all([TrackedDocument(document_id="tb901", number="901/TB-UBND", issued_date=date(2008, 10, 1)),
                         TrackedDocument(document_id="tb903", number="903/TB-UBND", issued_date=BASE)])
        session.flush()
        unit = {"lead_name": "Sở Nội vụ", "lead_unit_key": "so noi vu"}
        session.add(Task(id="staff", document_id="tb901", action="rà soát, sắp xếp biên chế các đơn vị sự nghiệp",
                         assigned_on=date(2008, 10, 1), state="in_progress", sent_at=sent, **unit))
        said = {"party": "Sở Nội vụ tiếp tục thực hiện các nhiệm vụ được giao theo Kết luận số 40-KL/TU.",
                "plan": "Sở Nội vụ tiếp tục thực hiện các nhiệm vụ theo Kế hoạch 55 của Bộ Nội vụ.",
                "watch": "Sở Nội vụ theo dõi, đôn đốc các sở hoàn thành các nhiệm vụ đã quá hạn.",
                "named": "Sở Nội vụ tiếp tục thực hiện nhiệm vụ được giao tại Thông báo số 901/TB-UBND."}
        proposals = [Task(id=k, document_id="tb903", sentence=v, action=v, assigned_on=BASE, state="open",
                          position=i, **unit) for i, (k, v) in enumerate(said.items())]
        session.add_all(proposals)
        session.flush()
        found = amended_tasks(session, proposals, {"tb903": ["tb901"]}, ALL)
    assert {k: v.id for k, v in found.items()} == {"named": "staff"}

