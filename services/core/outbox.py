"""Transactional outbox: a task to run is written in the same transaction as the change that causes it.

With a broker, a relay sends unsent messages to Celery and marks them sent; if Redis is down, messages wait in the
database and go out when it is back — nothing accepted is lost. A message may be sent twice (crash between send and
mark): tasks are idempotent, so that is harmless.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.core.db import Base, session_factory, session_scope

log = logging.getLogger("vanban.outbox")


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task: Mapped[str] = mapped_column(String(128), nullable=False)
    args: Mapped[list[Any]] = mapped_column(JSON, default=list)
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


def add(session: Session, task: str, args: list[Any], request_id: str | None) -> None:
    session.add(OutboxMessage(task=task, args=args, request_id=request_id))


def relay(limit: int = 200) -> int:
    """Send unsent messages to the broker, oldest first. Returns how many were sent; stops at the first failure."""
    from services.core.celery_app import celery_app

    sent = 0
    with session_scope() as session:  # one unit of work: what was sent is marked sent
        stmt = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id).limit(limit)
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = list(session.scalars(stmt))
        for row in rows:
            try:
                celery_app.send_task(row.task, args=list(row.args or []),
                                     headers={"request_id": row.request_id} if row.request_id else None)
            except Exception as exc:  # broker down: keep it for later
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:500]
                log.warning("outbox: broker unavailable (%s); %d message(s) wait", type(exc).__name__,
                            len(rows) - sent)
                break
            row.sent_at = datetime.now(UTC)
            row.attempts += 1
            sent += 1
    return sent


def unsent_first_args(session: Session, task: str) -> set[str]:
    """The first argument (an id) of every message of `task` still waiting in the outbox (the broker away): work
    already asked for, that a second request of the same must not ask for again."""
    rows = session.scalars(select(OutboxMessage.args).where(OutboxMessage.sent_at.is_(None), OutboxMessage.task == task))
    return {str(args[0]) for args in rows if args}


def unsent_count() -> int:
    with session_factory()() as session:
        return session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None))) or 0


def queue_depths() -> dict[str, int]:
    from services.core.config import get_settings

    depths = {"outbox_unsent": unsent_count()}
    url = get_settings().broker_url
    if url and url.startswith("redis"):
        import redis

        depths["broker"] = int(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).llen("vanban"))
    return depths


_relay_thread: threading.Thread | None = None
_wake = threading.Event()
_stop = threading.Event()
_lock = threading.Lock()


def kick() -> None:
    """Ask the relay to run now (starting it on first use)."""
    global _relay_thread
    with _lock:
        if _relay_thread is None or not _relay_thread.is_alive():
            _relay_thread = threading.Thread(target=_loop, name="vanban-outbox", daemon=True)
            _relay_thread.start()
    _wake.set()


def stop(timeout: float = 5.0) -> None:
    """Stop the relay thread of this process (tests, shutdown); the next kick starts a new one."""
    global _relay_thread
    with _lock:
        thread, _relay_thread = _relay_thread, None
    if thread is not None and thread.is_alive():
        _stop.set()
        _wake.set()
        thread.join(timeout)
    _stop.clear()


def _loop() -> None:
    backoff = 1.0
    while not _stop.is_set():
        _wake.wait(timeout=backoff)
        _wake.clear()
        if _stop.is_set():
            return
        try:
            relay()
            backoff = 1.0 if unsent_count() == 0 else min(backoff * 2, 15.0)
        except Exception:  # database away: try again later
            log.warning("outbox relay failed; retrying", exc_info=True)
            backoff = min(backoff * 2, 15.0)
        time.sleep(0.05)
