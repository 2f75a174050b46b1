"""Enqueue Celery tasks — only ever after the commit of the change they follow.

- `enqueue(name, *args, session=s)` inside a unit of work: with a broker the message is written to the outbox in
  the same transaction (services.core.outbox) and relayed after the commit; in-process, the task is scheduled when
  the session commits and dropped if it rolls back.
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
_AFTER_COMMIT = "vanban_after_commit"


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


def _known(name: str) -> bool:
    from services.core.celery_app import celery_app

    if name in celery_app.tasks:
        return True
    log.debug("no task %s in this build; skipped", name)
    return False


def _submit(name: str, args: tuple[Any, ...], request_id: str | None) -> None:
    future = _in_process().submit(run_task, name, *args, request_id=request_id)
    with _lock:
        _pending.add(future)
    future.add_done_callback(_discard)


def enqueue(name: str, *args: Any, session: Session | None = None) -> None:
    if not _known(name):
        return
    rid = request_id_var.get()
    broker = bool(get_settings().broker_url)
    if session is not None:
        if broker:
            from services.core import outbox

            outbox.add(session, name, list(args), rid)
        session.info.setdefault(_AFTER_COMMIT, []).append((name, args, rid, broker))
        return
    if broker:
        from services.core import outbox
        from services.core.db import session_factory

        with session_factory()() as s:
            outbox.add(s, name, list(args), rid)
            s.commit()
        outbox.kick()
    else:
        _submit(name, args, rid)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_AFTER_COMMIT, None)
    if not pending:
        return
    kick = False
    for name, args, rid, broker in pending:
        if broker:
            kick = True
        else:
            _submit(name, args, rid)
    if kick:
        from services.core import outbox

        outbox.kick()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


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
