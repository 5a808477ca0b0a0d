"""Background workers that die: their tasks end failed with a message, never "running" forever.

Each `workshift worker` writes a heartbeat row every WORKER_HEARTBEAT_SECONDS. A task
that is running under a worker whose heartbeat is older than WORKER_LOST_SECONDS
(or missing) belongs to a worker that was killed: at every worker's start and on
every heartbeat, `tasks_lost_recover` marks such tasks failed and tells the app
that owns the task (a people import, a formation run, a report) so that the page
shows what happened. django-tasks-db claims each task with SELECT ... FOR UPDATE
SKIP LOCKED, so two workers never run the same task.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

logger = logging.getLogger("workshift.workers")

LostTaskHandler = Callable[..., None]
_handlers: dict[str, LostTaskHandler] = {}


class WorkerLost(RuntimeError):
    """Stored as the failure of a task whose worker stopped while running it."""


def register_lost_task_handler(task_path: str, handler: LostTaskHandler) -> None:
    """`handler(message=..., **task_kwargs)` runs when a task of `task_path` is found abandoned."""
    _handlers[task_path] = handler


def worker_id_new() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{secrets.token_hex(6)}"[:64]


def worker_heartbeat_beat(*, worker_id: str) -> None:
    from workshift.core.models import WorkerHeartbeat

    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=now,
            last_seen=now,
        )


def worker_heartbeat_end(*, worker_id: str) -> None:
    from workshift.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _lost_message(worker_id: str, last_seen: dt.datetime | None) -> str:
    seen = (
        f"last seen {timezone.localtime(last_seen):%Y-%m-%d %H:%M:%S %Z}"
        if last_seen
        else "no longer running"
    )
    return (
        f"The background worker running this stopped ({seen}) before it finished; "
        "nothing it was doing was saved. Start it again."
    )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_lost(heartbeat: Any, *, cutoff: dt.datetime, started_at: dt.datetime | None) -> bool:
    """Gone: no heartbeat (after a grace period), a dead process on this host, or a stale heartbeat."""
    if heartbeat is None:
        return started_at is None or started_at < cutoff
    if heartbeat.hostname == socket.gethostname()[:255]:
        # on this host the process table decides (a worker busy in a long SQLite write may beat late)
        return not _process_alive(heartbeat.pid)
    return bool(heartbeat.last_seen < cutoff)


def tasks_lost_recover(*, now: dt.datetime | None = None) -> list[str]:
    """Mark failed every running task whose worker stopped; returns their ids."""
    from django_tasks_db.models import DBTaskResult

    from workshift.core.models import WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.WORKER_LOST_SECONDS)
    running = list(
        DBTaskResult.objects.filter(status="RUNNING").values_list("id", "worker_ids", "started_at")
    )
    if not running:
        return []
    heartbeats = {h.worker_id: h for h in WorkerHeartbeat.objects.all()}
    recovered = []
    for task_id, worker_ids, started_at in running:
        worker_id = worker_ids[-1] if worker_ids else ""
        heartbeat = heartbeats.get(worker_id)
        if not _worker_lost(heartbeat, cutoff=cutoff, started_at=started_at):
            continue
        with transaction.atomic():
            task = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=task_id, status="RUNNING")
                .first()
            )
            if task is None or (task.worker_ids and task.worker_ids[-1] != worker_id):
                continue
            message = _lost_message(worker_id, heartbeat.last_seen if heartbeat else None)
            task.set_failed(WorkerLost(message))
            handler = _handlers.get(task.task_path)
            if handler is not None:
                arguments = task.args_kwargs or {}
                handler(
                    *(arguments.get("args") or []),
                    message=message,
                    **(arguments.get("kwargs") or {}),
                )
        logger.warning("task %s failed: its worker %s stopped", task_id, worker_id)
        recovered.append(str(task_id))
    return recovered


def heartbeats_prune(*, now: dt.datetime | None = None) -> None:
    """Forget workers not seen for a day."""
    from workshift.core.models import WorkerHeartbeat

    now = now or timezone.now()
    WorkerHeartbeat.objects.filter(last_seen__lt=now - dt.timedelta(days=1)).delete()


class HeartbeatThread(threading.Thread):
    """Beats for one worker and recovers lost tasks, until stopped."""

    def __init__(self, *, worker_id: str) -> None:
        super().__init__(name="workshift-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                close_old_connections()
                worker_heartbeat_beat(worker_id=self.worker_id)
                tasks_lost_recover()
                heartbeats_prune()
            except Exception:  # a database hiccup must not stop the heartbeat for good
                logger.exception("worker heartbeat failed")
            finally:
                connection.close()

    def stop(self) -> None:
        self.stopped.set()


def worker_run(*, batch: bool = False, worker_id: str | None = None) -> None:
    """Run the django-tasks database worker with a heartbeat and lost-task recovery."""
    from django.core.management import call_command

    worker_id = worker_id or worker_id_new()
    worker_heartbeat_beat(worker_id=worker_id)
    for task_id in tasks_lost_recover():
        print(f"Task {task_id} was left running by a stopped worker; marked failed.", flush=True)
    from workshift.core.rendered import rendered_charts_prune

    rendered_charts_prune()  # charts and page parts nobody has needed for a month
    beat = HeartbeatThread(worker_id=worker_id)
    beat.start()
    args: list[Any] = [
        "--worker-id",
        worker_id,
        "--interval",
        str(settings.WORKER_POLL_SECONDS),
        "--no-reload",
    ]
    try:
        call_command("db_worker", *args, *(["--batch"] if batch else []), verbosity=1)
    finally:
        beat.stop()
        beat.join(timeout=5)
        worker_heartbeat_end(worker_id=worker_id)
