"""Enqueue Celery tasks — only ever after the commit of the change they follow.

- `enqueue(name, *args, session=s)` inside a unit of work: with a broker the message is written to the outbox in
  the same transaction (services.core.outbox) and relayed after the commit; in-process, the task is scheduled when
  the session commits (services.core.db.after_commit) and dropped if it rolls back.
- `enqueue(name, *args)` with no session, for callers whose change is already committed (tasks chaining tasks).

In-process mode (the embedded default) runs tasks on one background thread (SQLite has one writer) through
`Task.apply`, so retries, idempotency and error handling are the same code paths as on a real worker.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from services.core.config import get_settings
from services.core.observability import request_id_var

log = logging.getLogger("vanban.dispatch")

_executor: ThreadPoolExecutor | None = None
_pending: set[Future[Any]] = set()
_lock = threading.Lock()
_ENQUEUED = "vanban_enqueued"


def _in_process() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vanban-task")
        return _executor


def run_task(name: str, *args: Any, request_id: str | None = None) -> Any:
    """Run a task synchronously in this process (embedded mode, CLI)."""
    from services.core.celery_app import celery_app

    token = request_id_var.set(request_id) if request_id else None
    try:
        result = celery_app.tasks[name].apply(args=list(args))
        if result.failed():
            log.error("task %s%r failed: %s", name, args, result.result)
        return result.result
    finally:
        if token is not None:
            request_id_var.reset(token)


class UnknownTask(LookupError):
    """A task name no module of this build registers: a typo in a reaction, never silently skipped."""


def _check(name: str) -> None:
    from services.core.celery_app import celery_app

    if name not in celery_app.tasks:
        raise UnknownTask(f"no task named {name!r} in this build")


def _submit(name: str, args: tuple[Any, ...], request_id: str | None) -> None:
    future = _in_process().submit(run_task, name, *args, request_id=request_id)
    with _lock:
        _pending.add(future)
    future.add_done_callback(_discard)


def enqueue(name: str, *args: Any, session: Session | None = None) -> None:
    """Run task `name` after the commit of `session`'s unit of work (the same name and arguments once per unit of
    work); with a broker, its outbox row is written in that same transaction. An unknown name is an error."""
    _check(name)
    rid = request_id_var.get()
    broker = bool(get_settings().broker_url)
    if session is not None:
        seen = session.info.setdefault(_ENQUEUED, set())
        key = (name, repr(args))
        if key in seen:
            return
        seen.add(key)
        from services.core.db import after_commit

        if broker:
            from services.core import outbox

            outbox.add(session, name, list(args), rid)
            after_commit(session, outbox.kick)
        else:
            after_commit(session, lambda: _submit(name, args, rid))
        after_commit(session, lambda: session.info.pop(_ENQUEUED, None))
        return
    if broker:
        from services.core import outbox
        from services.core.db import session_scope

        with session_scope() as s:
            outbox.add(s, name, list(args), rid)
        outbox.kick()
    else:
        _submit(name, args, rid)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_ENQUEUED, None)


def _discard(future: Future[Any]) -> None:
    with _lock:
        _pending.discard(future)


def wait_idle(timeout: float | None = 300) -> None:
    """Wait until every in-process task (and the tasks they enqueued) has finished."""
    import time

    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        with _lock:
            pending = list(_pending)
        if not pending:
            return
        for f in pending:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            f.exception(timeout=remaining)


def pending_count() -> int:
    with _lock:
        return len(_pending)
