"""Waiting until a request thread is blocked on a row lock — the moment between two states a race test needs.

On PostgreSQL the wait is observable (pg_stat_activity); SQLite's busy wait happens inside the library and is not, so
there the helper can only give the thread time to reach it."""
from __future__ import annotations

import threading


def waits_for_a_lock() -> bool:
    """Some session of this database is waiting for a lock (PostgreSQL only)."""
    from sqlalchemy import text as sql

    from services.core.db import session_factory

    with session_factory()() as session:
        return bool(session.scalar(sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                       "AND datname = current_database()")))


def until_blocked_or_done(thread: threading.Thread, backend: str, timeout: float = 30.0,
                          sqlite_grace: float = 1.5) -> None:
    """Return once `thread` waits for a lock or has finished (PostgreSQL: at most `timeout` seconds); on SQLite after
    `sqlite_grace` seconds or when it finished."""
    if backend != "postgres":
        thread.join(sqlite_grace)
        return
    for _ in range(int(timeout / 0.05)):
        thread.join(0.05)
        if not thread.is_alive() or waits_for_a_lock():
            return
