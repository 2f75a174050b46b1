"""The unit-of-work rules, checked on the source: only the boundary commits, and reactions are declared, never
guessed (an unknown event or task name is an error)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[3] / "services"

# the only places that may call `.commit()`, and why
BOUNDARY = {
    "core/db.py": "the unit of work itself: session_scope and finish() (the request session uses finish())",
    "core/migrations/env.py": "Alembic's own connection, outside any unit of work",
    "search/tantivy_engine.py": "the search index writer's commit, not a database session",
}


def _calls(path: Path, attr: str) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attr]


def test_only_the_boundary_commits() -> None:
    offenders = []
    for path in sorted(SERVICES.rglob("*.py")):
        rel = path.relative_to(SERVICES).as_posix()
        if rel in BOUNDARY:
            continue
        offenders += [f"services/{rel}:{line}" for line in _calls(path, "commit")]
    assert not offenders, ("commit only at the boundary (services/core/db.py: session_scope, the request session); "
                           "services and endpoints flush. Found: " + ", ".join(offenders))


def test_the_allowed_boundary_files_exist() -> None:
    """The allow-list names real files (a moved boundary must be named again, not silently widened)."""
    for rel in BOUNDARY:
        assert (SERVICES / rel).is_file(), rel
        assert _calls(SERVICES / rel, "commit"), f"{rel} no longer commits: drop it from the allow-list"


def test_savepoints_only_through_the_helper() -> None:
    """`begin_nested` directly would skip what `db.savepoint` adds (SQLite's BEGIN, after-commit steps undone)."""
    offenders = [f"services/{p.relative_to(SERVICES).as_posix()}:{line}" for p in sorted(SERVICES.rglob("*.py"))
                 if p.relative_to(SERVICES).as_posix() != "core/db.py" for line in _calls(p, "begin_nested")]
    assert not offenders, offenders


def test_request_sessions_use_the_function_scoped_dependency() -> None:
    """`Depends(get_session)` (FastAPI's request scope) would commit after the response has been sent."""
    offenders = []
    for path in sorted(SERVICES.rglob("*.py")):
        if "Depends(get_session" in path.read_text(encoding="utf-8") and path.name != "web.py":
            offenders.append(str(path.relative_to(SERVICES)))
    assert not offenders, offenders


def test_the_wiring_table_names_only_registered_tasks() -> None:
    from services.core.celery_app import celery_app
    from services.wiring import REACTIONS

    names = {r for rs in REACTIONS.values() for r in rs if isinstance(r, str)}
    assert names and names <= set(celery_app.tasks)
    assert {"document.stored", "document.processed", "task.changed", "document.access_changed"} <= set(REACTIONS)


def test_an_unknown_event_is_an_error() -> None:
    from sqlalchemy.orm import Session

    from services.core.events import UnknownEvent, emit

    with Session() as session, pytest.raises(UnknownEvent):
        emit(session, "document.procesed", "x")  # a typo is not silently dropped


def test_an_unknown_task_is_an_error() -> None:
    from sqlalchemy.orm import Session

    from services.core.dispatch import UnknownTask, enqueue

    with pytest.raises(UnknownTask):
        enqueue("search.indx", "x")
    with Session() as session, pytest.raises(UnknownTask):
        enqueue("search.indx", "x", session=session)


def test_a_table_naming_an_unknown_task_or_event_is_refused() -> None:
    from services import wiring
    from services.core import events
    from services.core.dispatch import UnknownTask

    try:
        with pytest.raises(UnknownTask):
            events.install({"document.processed": ("search.indx",)})
        with pytest.raises(events.UnknownEvent):
            events.install({"document.processed": ("search.index",)},
                           [events.Watch(object, "task.changd", lambda row: (row,))])
    finally:
        wiring.install()
    assert events.reactions()["document.processed"] == ("briefing.sync_document", "search.index")


def test_a_together_reaction_runs_once_for_the_events_drained_together() -> None:
    """A function reaction declared `Together` is called once per drain with every event's arguments, in the order
    they were recorded (the same event twice counts once), in the emitting transaction."""
    from sqlalchemy.orm import Session

    from services import wiring
    from services.core import events

    calls: list[list[tuple[object, ...]]] = []
    try:
        events.install({"document.access_changed": (events.Together(lambda _s, args: calls.append(list(args))),)})
        with Session() as session:
            for document_id in ("d1", "d2", "d1", "d3"):
                events.emit(session, "document.access_changed", document_id)
            events.drain(session)
    finally:
        wiring.install()
    assert calls == [[("d1",), ("d2",), ("d3",)]]
