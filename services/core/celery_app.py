"""The Celery application shared by every service.

With VANBAN_BROKER_URL (redis://…) tasks go to the broker and a separate `vanban worker` runs them.
Without it (the embedded default) `services.core.dispatch` runs the very same task functions in-process.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from celery import Celery
from sqlalchemy.exc import DBAPIError, OperationalError

from services.core.config import get_settings
from services.core.errors import TransientError
from services.core.observability import TASK_FAILURES, TASKS_RUN, request_id_var

WIRING_MODULE = "services.wiring"
TASK_MODULES = ["services.ingest.tasks", "services.search.tasks", "services.briefing.tasks", "services.registry.tasks"]

celery_app = Celery("vanban")


def _drop_connection_pools() -> None:
    """Forget broker connections made under an earlier configuration (the broker URL may have changed)."""
    pool = getattr(celery_app, "_pool", None)
    if pool is not None:
        try:
            pool.force_close_all()
        except Exception:  # noqa: BLE001 - closing a dead pool must not fail configuration
            pass
        celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


#: Failures worth retrying: the database, the broker or a peer briefly away.
TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, DBAPIError, TransientError, ConnectionError,
                                              TimeoutError)


def vanban_task(name: str, *, max_retries: int = 6, **options: Any) -> Callable[[Callable[..., Any]], Any]:
    """The task decorator of every service: bound, acknowledged late (a task lost with its worker runs again), and
    retried on TRANSIENT errors with exponential backoff (2 s doubling up to 120 s, with jitter) — tasks take ids,
    reload and are idempotent, so a retry is safe. ``options`` go to Celery (``queue="ocr"`` …)."""
    return celery_app.task(name=name, bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=2,
                           retry_backoff_max=120, retry_jitter=True, max_retries=max_retries, **options)


def configure_celery() -> Celery:
    settings = get_settings()
    if celery_app.conf.get("broker_url") != (settings.broker_url or "memory://"):
        _drop_connection_pools()
    celery_app.conf.update(
        broker_url=settings.broker_url or "memory://",
        result_backend=settings.result_backend,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="vanban",
        # OCR of scans takes seconds per page: its own queue, so that it never starves normal ingest
        task_routes={"ingest.ocr": {"queue": "ocr"}},  # OCR_QUEUE
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.broker_visibility_timeout,
            # sweep for messages of dead workers often enough to honour the visibility timeout
            "unacked_restore_interval": max(1, min(10, settings.broker_visibility_timeout // 2)),
            "unacked_restore_throttle": 1,
            "socket_timeout": 10,
            "socket_connect_timeout": 5,
        },
        # a publish fails fast when the broker is away: the outbox keeps the message and retries
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        worker_hijack_root_logger=False,
        task_ignore_result=settings.result_backend is None,
        timezone="Asia/Ho_Chi_Minh",
        enable_utc=True,
    )
    # every process (API, worker, CLI, tests) runs the same tasks and the same wiring table: loaded by name, since
    # core imports no feature (the names are the one place core knows them)
    for module in TASK_MODULES:
        importlib.import_module(module)
    importlib.import_module(WIRING_MODULE).install()  # what follows what (app layer), once its tasks are registered
    return celery_app


configure_celery()


# --- request ids and metrics across the task boundary ------------------------------------------------------------
from celery.signals import task_failure, task_postrun, task_prerun  # noqa: E402

_tokens: dict[str, object] = {}


@task_prerun.connect
def _carry_request_id(task_id: str | None = None, task: object = None, **_: object) -> None:
    request = getattr(task, "request", None)
    rid = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")
    if rid and task_id and not getattr(request, "is_eager", False):
        _tokens[task_id] = request_id_var.set(rid)


@task_postrun.connect
def _count_task(task_id: str | None = None, task: object = None, state: str | None = None, **_: object) -> None:
    TASKS_RUN.labels(getattr(task, "name", "?"), state or "?").inc()
    token = _tokens.pop(task_id or "", None)
    if token is not None:
        request_id_var.reset(token)  # type: ignore[arg-type]


@task_failure.connect
def _count_failure(sender: object = None, **_: object) -> None:
    TASK_FAILURES.labels(getattr(sender, "name", "?")).inc()


from celery.signals import worker_process_init  # noqa: E402


@worker_process_init.connect
def _fresh_db_pool(**_: object) -> None:
    """A forked worker process must not reuse the parent's database connections."""
    from services.core import db

    for engine in list(db._engines.values()):
        engine.dispose(close=False)


from celery.signals import celeryd_after_setup  # noqa: E402

OCR_QUEUE = "ocr"


@celeryd_after_setup.connect
def _also_consume_ocr(sender: object = None, instance: object = None, **_: object) -> None:
    """A worker that takes the document tasks (the default queue) also takes OCR of scans from their own queue: the
    broker serves the two queues in turn, so born-digital documents never wait behind a batch of scans. Workers
    started with `--queues ocr` alone add OCR capacity; the beat worker (its own queue) takes neither."""
    app = getattr(instance, "app", None)
    if app is None:
        return
    queues = app.amqp.queues
    if app.conf.task_default_queue in queues.consume_from and OCR_QUEUE not in queues.consume_from:
        queues.select_add(OCR_QUEUE)
