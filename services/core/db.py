"""Database engine and sessions: SQLite by default, PostgreSQL by VANBAN_DATABASE_URL."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from services.core.config import get_settings

log = logging.getLogger("vanban.db")
T = TypeVar("T")


class Base(DeclarativeBase):
    pass


_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_factories: dict[str, sessionmaker[Session]] = {}


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().effective_database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            _engines[url] = engine
            _factories[url] = sessionmaker(engine, expire_on_commit=False)
        return engine


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    url = url or get_settings().effective_database_url
    get_engine(url)
    return _factories[url]


# --- the unit of work ------------------------------------------------------------------------------------------------
# A request or a task commits once, at its boundary: `session_scope()` (tasks, CLI, intake) and the request session
# (services.core.web.get_session) are the only places that commit. Everything else only flushes. What must happen
# after the commit (enqueue a task in-process, move a file, flag an e-mail) is registered with `after_commit`.

_AFTER_COMMIT = "vanban_after_commit"
_KEEP_ON_ERROR = "vanban_keep_on_error"
EVENTS_PENDING = "vanban_events"  # services.core.events: emitted, not yet reacted to


def after_commit(session: Session, action: Callable[[], object]) -> None:
    """Run `action` once this unit of work has committed (never if it rolls back)."""
    session.info.setdefault(_AFTER_COMMIT, []).append(action)


def keep_on_error(session: Session) -> None:
    """What this unit of work holds is a fact to keep although it ends in a refusal (`VanbanError`): a denied read
    audited, a failed login counted. The boundary then commits instead of rolling back. Call it right before the
    raise."""
    session.info[_KEEP_ON_ERROR] = True


def refused(session: Session) -> None:
    """A refusal was caught and answered (a page shows its message): undo what the refused step did — unless it
    marked itself `keep_on_error`, then its record stays and the boundary commits it with the rest."""
    if not session.info.pop(_KEEP_ON_ERROR, False):
        session.rollback()


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the outer transaction has not committed yet
        return
    actions = session.info.pop(_AFTER_COMMIT, None)
    session.info.pop(_KEEP_ON_ERROR, None)
    for action in actions or ():
        try:
            action()
        except Exception:  # the change is committed; an after-commit step failing must not undo the answer
            log.exception("after-commit step failed")


@event.listens_for(Session, "after_rollback")
def _forget_after_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # the outer transaction (see `savepoint` for a nested one)
        session.info.pop(_AFTER_COMMIT, None)


def finish(session: Session, error: BaseException | None) -> None:
    """End a unit of work: commit on success, roll back on error — or commit a refusal marked `keep_on_error`."""
    from services.core.errors import VanbanError

    if error is None or (isinstance(error, VanbanError) and session.info.pop(_KEEP_ON_ERROR, False)):
        session.commit()
    else:
        session.rollback()


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commit on success, roll back on error."""
    session = session_factory()()
    try:
        yield session
    except BaseException as exc:
        try:
            finish(session, exc)
        finally:
            session.close()
        raise
    try:
        finish(session, None)
    finally:
        session.close()


def begin_write(session: Session) -> None:
    """SQLite: begin the unit of work's transaction now, IMMEDIATE (the database's write lock), when it has not begun
    yet — as the write it is for would, but before the reads that decide that write: a deferred transaction would read
    a snapshot that a concurrent writer can make stale ("database is locked" at the first write, with no wait), and
    pysqlite alone runs SELECTs outside any transaction. What is read from then on stays as read until the commit.
    PostgreSQL: nothing (its reads lock what they must, FOR UPDATE)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    connection = session.connection()
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """A part of the unit of work that may fail alone (one file of a multi-file upload): on error its changes and
    its after-commit steps are undone, the rest of the unit of work stays (SAVEPOINT, on SQLite and PostgreSQL)."""
    actions = session.info.setdefault(_AFTER_COMMIT, [])
    mark = len(actions)
    events = dict(session.info.get(EVENTS_PENDING) or {})
    # pysqlite begins a transaction only at the first write: a SAVEPOINT before it would open the transaction itself,
    # and its RELEASE would commit
    begin_write(session)
    nested = session.begin_nested()
    try:
        yield
        session.flush()
    except BaseException:
        nested.rollback()
        del session.info.setdefault(_AFTER_COMMIT, [])[mark:]
        session.info[EVENTS_PENDING] = events  # what the failed part emitted is forgotten too
        raise
    if nested.is_active:
        nested.commit()


def retrying(session: Session, work: Callable[[], T], attempts: int = 8) -> T:
    """Run `work` and flush; when SQLite answers two writers racing with "database is locked" (PostgreSQL waits on
    the row lock instead), roll the unit of work back and run `work` again. The boundary commits as usual."""
    for attempt in range(attempts):
        try:
            result = work()
            session.flush()
            return result
        except OperationalError:
            session.rollback()
            if attempt == attempts - 1 or session.get_bind().dialect.name != "sqlite":
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def dispose_engines() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _factories.clear()
