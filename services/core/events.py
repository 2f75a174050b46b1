"""Events and their reactions: what follows what, declared in one table (services/wiring.py, the app layer).

A service says what happened — `emit(session, "document.processed", document_id)` — and knows nothing of who
reacts. Changes of watched rows (a briefing task changed, a notification queued) are events too, declared by a
`Watch` in the same table instead of a hook in the feature. Before the unit of work commits, its events are
drained: a reaction is either a task name (enqueued in the same transaction — outbox — and run after the commit) or
a function run in the same transaction (a read model that must never lag behind). An unknown event or task name is
an error, at installation and at emission.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from services.core.db import EVENTS_PENDING

Handler = Callable[..., None]  # handler(session, *args), run in the emitting transaction


@dataclass(frozen=True)
class Together:
    """A function reaction run ONCE for all the events of its name drained together, in the same transaction:
    `handler(session, [args, …])`, the arguments in the order the events were recorded — a read model that follows a
    batch of documents (a batch's commit) in a few queries, not a few per document."""
    handler: Callable[[Session, list[tuple[Any, ...]]], None]


Reaction = str | Handler | Together


class UnknownEvent(LookupError):
    """An event no wiring table declares (a typo, or a feature emitting what nobody wired)."""


@dataclass(frozen=True)
class Watch:
    """Rows of `model` inserted, updated (any of `attrs`, or any attribute when empty) or deleted → `event`, with
    `args(row)` as its arguments (rows whose args are None are ignored)."""
    model: type
    event: str
    args: Callable[[Any], tuple[Any, ...] | None]
    attrs: tuple[str, ...] = ()
    on_insert: bool = True
    on_update: bool = True
    on_delete: bool = True


_lock = threading.Lock()
_reactions: dict[str, tuple[Reaction, ...]] = {}
_watches: tuple[Watch, ...] = ()
_PENDING = EVENTS_PENDING


def install(reactions: Mapping[str, Sequence[Reaction]], watches: Iterable[Watch] = ()) -> None:
    """Install the wiring table (replacing an earlier one). Every task name must be a registered task."""
    from services.core.celery_app import celery_app

    table = {name: tuple(rs) for name, rs in reactions.items()}
    for name, rs in table.items():
        for r in rs:
            if isinstance(r, str) and r not in celery_app.tasks:
                from services.core.dispatch import UnknownTask

                raise UnknownTask(f"event {name!r} reacts with task {r!r}, which no module registers")
    ws = tuple(watches)
    for w in ws:
        if w.event not in table:
            raise UnknownEvent(f"watch of {w.model.__name__} emits {w.event!r}, which the table does not declare")
    global _reactions, _watches
    with _lock:
        _reactions, _watches = table, ws


def reactions() -> dict[str, tuple[Reaction, ...]]:
    _ensure_installed()
    return dict(_reactions)


_load_tried = False


def _ensure_installed() -> None:
    global _load_tried
    if not _reactions and not _load_tried:  # the Celery app loads the task modules and the wiring table
        _load_tried = True
        import services.core.celery_app  # noqa: F401  (configure_celery runs at its import: services.wiring)

        if not _reactions:
            from services.core.celery_app import configure_celery

            configure_celery()


def emit(session: Session, name: str, *args: Any) -> None:
    """Record that `name` happened in this unit of work; its reactions run before the commit (once per name and
    arguments)."""
    _ensure_installed()
    if name not in _reactions:
        raise UnknownEvent(f"no event named {name!r} in the wiring table")
    pending: dict[tuple[str, tuple[Any, ...]], None] = session.info.setdefault(_PENDING, {})
    pending[(name, args)] = None


def drain(session: Session) -> None:
    """Run the reactions of the events recorded so far (and of those they cause) in this transaction."""
    done: set[tuple[str, tuple[Any, ...]]] = session.info.setdefault("vanban_events_done", set())
    for _ in range(20):
        session.flush()  # the watches see the last changes
        pending: dict[tuple[str, tuple[Any, ...]], None] = session.info.get(_PENDING) or {}
        todo = [k for k in pending if k not in done]
        pending.clear()
        if not todo:
            return
        together: dict[Together, list[tuple[Any, ...]]] = {}
        for key in todo:
            done.add(key)
            name, args = key
            for reaction in _reactions[name]:
                if isinstance(reaction, str):
                    from services.core.dispatch import enqueue

                    enqueue(reaction, *args, session=session)
                elif isinstance(reaction, Together):
                    together.setdefault(reaction, []).append(args)
                else:
                    reaction(session, *args)
        for batch, calls in together.items():  # once for the round's events of its name
            batch.handler(session, calls)
    raise RuntimeError("events keep causing events: a cycle in the wiring table?")


def _changed(obj: Any, attrs: tuple[str, ...]) -> bool:
    """Whether a net change of the row touches `attrs` (all its attributes when empty). Only the attributes set since
    the row was loaded (its state's committed_state) can have one: the others are not asked for their history — a
    flush of thousands of dirty rows (a document's tasks sent at once) asked each of its ~30 attributes."""
    state = inspect(obj)
    touched = state.committed_state
    if not touched:
        return False
    return any(state.attrs[a].history.has_changes() for a in (attrs or list(touched)) if a in touched)


@event.listens_for(Session, "before_flush")
def _watch_rows(session: Session, _ctx: object, _instances: object) -> None:
    if not _reactions:  # a process whose first write comes before any emit: load the table now
        _ensure_installed()
    if not _watches:
        return
    for w in _watches:
        rows: list[Any] = []
        if w.on_insert:
            rows += [o for o in session.new if isinstance(o, w.model)]
        if w.on_update:
            rows += [o for o in session.dirty if isinstance(o, w.model) and _changed(o, w.attrs)]
        if w.on_delete:
            rows += [o for o in session.deleted if isinstance(o, w.model)]
        for row in rows:
            args = w.args(row)
            if args is not None:
                emit(session, w.event, *args)


@event.listens_for(Session, "before_commit")
def _drain_before_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint's release is not the end of the unit of work
        drain(session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.info.pop(_PENDING, None)
    session.info.pop("vanban_events_done", None)
