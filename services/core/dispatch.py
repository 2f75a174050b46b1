"""Enqueue Celery tasks after the commit: to the broker, or in-process on the embedded default.

In-process mode runs tasks on one background thread (SQLite has one writer) through `Task.apply`, so retries,
idempotency and error handling are the same code paths as on a real worker.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from services.core.config import get_settings

log = logging.getLogger("vanban.dispatch")

_executor: ThreadPoolExecutor | None = None
_pending: set[Future[Any]] = set()
_lock = threading.Lock()


def _in_process() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vanban-task")
        return _executor


def run_task(name: str, *args: Any) -> Any:
    """Run a task synchronously in this process (embedded mode, CLI)."""
    from services.core.celery_app import celery_app

    result = celery_app.tasks[name].apply(args=list(args))
    if result.failed():
        log.error("task %s%r failed: %s", name, args, result.result)
    return result.result


def enqueue(name: str, *args: Any) -> None:
    """Send a task by name. Call only after the database commit that the task will read."""
    from services.core.celery_app import celery_app

    if name not in celery_app.tasks:
        log.debug("no task %s in this build; skipped", name)
        return
    settings = get_settings()
    if settings.broker_url:
        celery_app.send_task(name, args=list(args))
        return
    future = _in_process().submit(run_task, name, *args)
    with _lock:
        _pending.add(future)
    future.add_done_callback(lambda f: _discard(f))


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
