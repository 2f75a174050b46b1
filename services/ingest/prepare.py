"""Bulk import on every core: parsing and understanding (pure, CPU-bound) run ahead in worker processes, one per
core, while the one database writer — the in-process task thread, SQLite has one writer — stores the results.

`vanban ingest` (embedded) starts the pool, hands each newly stored file to it (`prefetch`), and `ingest.process`
takes the result (`take`) instead of parsing and understanding in its own thread; a file the pool did not read
(not handed over, edXML, an error of any kind, the pool stopped) is read in the task as always, so errors are raised
and recorded by the one code path they always take. Nothing here writes: the pool only computes.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

log = logging.getLogger("vanban.ingest.prepare")

_pool: ProcessPoolExecutor | None = None
_ahead: dict[str, Future[Any]] = {}
_taken: set[str] = set()  # asked for before it was handed over (the task was quicker): not to be read ahead
_lock = threading.Lock()


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def start(workers: int) -> bool:
    """Start `workers` worker processes (spawned: the parent's threads and database connections stay its own).
    False, and nothing started, for fewer than two."""
    global _pool  # noqa: PLW0603
    if workers < 2:
        return False
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    return True


def prefetch(sha256: str, data: bytes, filename: str, max_bytes: int) -> None:
    """Read `data` ahead in a worker (no-op without a pool)."""
    with _lock:
        if _pool is None or sha256 in _ahead:
            return
        if sha256 in _taken:
            _taken.discard(sha256)
            return
        try:
            _ahead[sha256] = _pool.submit(_read, data, filename, max_bytes)
        except RuntimeError:  # the pool is shutting down: the task reads it
            return


def take(sha256: str) -> tuple[Any, Any] | None:
    """The (ParsedDocument, DocumentInfo) read ahead for these bytes, waiting for it if needed; None when the pool
    did not read them (the caller reads them itself)."""
    with _lock:
        future = _ahead.pop(sha256, None)
        if future is None:
            if _pool is not None:
                _taken.add(sha256)
            return None
    try:
        result: tuple[Any, Any] | None = future.result()
    except Exception:  # noqa: BLE001 - cancelled, a worker died: the caller reads the file itself
        log.debug("read-ahead of %s failed; read in the task", sha256, exc_info=True)
        return None
    return result


def stop(wait: bool = False) -> None:
    """Stop the workers; what they had not started is read by the tasks themselves. `wait`: until they have
    exited (the end of a run, with nothing left for them)."""
    global _pool  # noqa: PLW0603
    with _lock:
        pool, _pool = _pool, None
        futures = list(_ahead.values())
        _ahead.clear()
        _taken.clear()
    for f in futures:
        f.cancel()
    if pool is not None:
        pool.shutdown(wait=wait, cancel_futures=True)


def _read(data: bytes, filename: str, max_bytes: int) -> tuple[Any, Any] | None:
    """In a worker: parse and understand, or None for anything but an ordinary document (edXML, errors)."""
    from services.ingest.parsers import parse_document
    from services.ingest.parsers.edxml import looks_like_edxml
    from services.ingest.understanding import understand

    if filename.lower().endswith((".edxml", ".xml")) or looks_like_edxml(data):
        return None
    try:
        parsed = parse_document(data, filename, max_bytes=max_bytes)
        if parsed.scanned_pages:
            return None
        return parsed, understand(parsed.text)
    except Exception:  # noqa: BLE001 - the task reads it again and records the error its own way
        return None
