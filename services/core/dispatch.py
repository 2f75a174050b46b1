"""Enqueue Celery tasks — only ever after the commit of the change they follow.

- `enqueue(name, *args, session=s)` inside a unit of work: with a broker the message is written to the outbox in
  the same transaction (services.core.outbox) and relayed after the commit; in-process, the task is scheduled when
  the session commits (services.core.db.after_commit) and dropped if it rolls back.
- `enqueue(name, *args)` with no session, for callers whose change is already committed (tasks chaining tasks).

In-process mode (the embedded default) runs tasks on one background thread (SQLite has one writer) through
`Task.apply`, so retries, idempotency and error handling are the same code paths as on a real worker. A task already
waiting in that queue with the same name and arguments is not queued twice (it has not started: when it runs it
reloads, and sees the change that asked for it again). `interrupt()` (Ctrl-C) cancels what has not started and
keeps it in the outbox table for `resume_saved()` of the next run: the process stops after the one task running.

Batches across documents (in-process): a task whose name has a batch form (`install_batches`, declared by the wiring
table: `ingest.process` → `ingest.process_many` …) takes, when it starts, every task of the same name and the same
further arguments still waiting in the queue, and runs them as ONE call of the batch form with the list of ids —
one unit of work, one index add, one sync for the lot. The tasks taken are marked and do nothing when their turn
comes. Only state-based, idempotent tasks have a batch form (each reloads and does what the current state asks), so
running a waiting task a little earlier, with the others, ends in the same state. The first stage's batch (ingest)
runs the waiting follow-ups of the batches before it first (sync, then index), so that what is done becomes
searchable batch by batch during a long import.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from services.core.config import get_settings
from services.core.observability import request_id_var

log = logging.getLogger("vanban.dispatch")

_executor: ThreadPoolExecutor | None = None
_pending: dict[Future[Any], Any] = {}  # submitted, not finished: future → its _Entry
_queued: dict[tuple[str, str], Future[Any]] = {}  # submitted, not started: (name, repr(args)) → its future
_lock = threading.RLock()
_stopping = threading.Event()  # interrupt(): nothing new starts in this process; what is asked is saved instead
_ENQUEUED = "vanban_enqueued"
_ran: Counter[str] = Counter()  # in-process tasks started in this process, by name (`ran()`)
_batches: dict[str, tuple[str, int]] = {}  # task name → (its batch form taking a list of ids, most ids per call)


class _Entry:
    """One in-process task submitted: `taken` once a batch of the same name has run it with the others."""

    __slots__ = ("args", "key", "name", "request_id", "taken")

    def __init__(self, key: tuple[str, str], name: str, args: tuple[Any, ...], request_id: str | None) -> None:
        self.key, self.name, self.args, self.request_id, self.taken = key, name, args, request_id, False


_entries: dict[tuple[str, str], _Entry] = {}  # waiting, not started: key → entry (the batch looks here)


def install_batches(batches: dict[str, tuple[str, int]]) -> None:
    """Declare the batch forms: {task name: (batch task name, most ids per call)}. The batch task takes the list of
    the tasks' first arguments, then their further arguments (the same for the whole batch)."""
    for name, (batch, _size) in batches.items():
        _check(name)
        _check(batch)
    _batches.clear()
    _batches.update(batches)


def _in_process() -> ThreadPoolExecutor:
    global _executor  # noqa: PLW0603
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


def _start(entry: _Entry) -> Any:
    with _lock:
        if _entries.get(entry.key) is entry:
            _queued.pop(entry.key, None)
            del _entries[entry.key]
        if entry.taken:  # run already, with a batch of the same name
            return None
    if _stopping.is_set():  # interrupted between its cancellation and its start: saved by interrupt()
        return None
    if entry.name not in _batches or not entry.args:
        with _lock:
            _ran[entry.name] += 1
        return run_task(entry.name, *entry.args, request_id=entry.request_id)
    names = list(_batches)
    if entry.name == names[0]:
        # the first stage (ingest) runs the follow-ups of its earlier batches first, in their declared order (sync,
        # then index): a bulk import's documents become searchable and reach the inboxes batch by batch, within about
        # a batch's time of being done, not once every file of the run is processed
        for later in names[1:]:
            with _lock:
                waiting = next((e for e in _entries.values() if e.name == later and e.args and not e.taken), None)
                if waiting is not None:
                    waiting.taken = True
                    _queued.pop(waiting.key, None)
                    del _entries[waiting.key]
            if waiting is not None:
                _run_batch(waiting)
    return _run_batch(entry)


def _run_batch(entry: _Entry) -> Any:
    """Run `entry` with every task of its name and further arguments waiting (up to the batch form's size)."""
    name, args = entry.name, entry.args
    batch, size = _batches[name]
    ids = [args[0]]
    with _lock:
        for other in list(_entries.values()):
            if len(ids) >= size:
                break
            if other.name == name and other.args and other.args[1:] == args[1:] and not other.taken:
                other.taken = True
                ids.append(other.args[0])
                _queued.pop(other.key, None)
                del _entries[other.key]
        _ran[name] += len(ids)
        if len(ids) > 1:
            _ran[batch] += 1
    if len(ids) > 1:
        return run_task(batch, ids, *args[1:], request_id=entry.request_id)
    return run_task(name, *args, request_id=entry.request_id)


def _submit(name: str, args: tuple[Any, ...], request_id: str | None) -> None:
    if _stopping.is_set():
        _save([(name, args, request_id)])
        return
    key = (name, repr(args))
    with _lock:
        if key in _queued:  # the same task waits, not started: it will see this change too
            return
        entry = _Entry(key, name, args, request_id)
        future = _in_process().submit(_start, entry)
        _queued[key] = future
        _entries[key] = entry
        _pending[future] = entry
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
        _pending.pop(future, None)


def _save(tasks: list[tuple[str, tuple[Any, ...], str | None]]) -> None:
    """Keep tasks that will not run in this process in the outbox table, unsent: `resume_saved` runs them."""
    if not tasks:
        return
    from services.core import outbox
    from services.core.db import session_scope

    with session_scope() as session:
        for name, args, rid in tasks:
            outbox.add(session, name, list(args), rid)


def interrupt() -> int:
    global _executor
    """Ctrl-C of an embedded process: cancel the in-process tasks not started yet and keep them (outbox table) for
    the next run; whatever is asked from now on is kept the same way. The task running now finishes (its unit of
    work commits or rolls back whole), so the process can exit within that one task. Returns how many were kept."""
    _stopping.set()
    cancelled: list[tuple[str, tuple[Any, ...], str | None]] = []
    with _lock:
        for future, entry in list(_pending.items()):
            if future.cancel():
                if not entry.taken:  # a task a batch already ran is done, not kept
                    cancelled.append((entry.name, entry.args, entry.request_id))
                _pending.pop(future, None)
        _queued.clear()
        _entries.clear()
        executor, _executor = _executor, None
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)
    _save(cancelled)
    if cancelled:
        log.warning("interrupted: %d task(s) kept for the next run", len(cancelled))
    return len(cancelled)


def resume_saved(limit: int = 100_000) -> int:
    """Embedded mode: run (in-process) the tasks an interrupted run kept in the outbox table. With a broker the
    outbox relay sends them: nothing to do here. Returns how many were queued."""
    _stopping.clear()
    if get_settings().broker_url:
        return 0
    from datetime import UTC, datetime

    from sqlalchemy import select

    from services.core.db import session_scope
    from services.core.outbox import OutboxMessage

    with session_scope() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                                    .order_by(OutboxMessage.id).limit(limit)))
        saved = [(r.task, tuple(r.args or ()), r.request_id) for r in rows]
        now = datetime.now(UTC)
        for r in rows:
            r.sent_at = now
            r.attempts = (r.attempts or 0) + 1
    for name, args, rid in saved:
        _submit(name, args, rid)
    return len(saved)


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


def ran() -> dict[str, int]:
    """How many in-process tasks of each name this process has started (a resumed run can be checked for the
    work it did not redo); a task run in a batch counts under its own name, and the batch once under its batch
    form's."""
    with _lock:
        return dict(_ran)


def pending_count() -> int:
    with _lock:
        return len(_pending)
