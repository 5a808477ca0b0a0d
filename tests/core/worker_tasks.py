"""Tasks that only the worker tests enqueue: each run leaves a row that says which worker ran it."""

from __future__ import annotations

import os
import time

from django_tasks import task


@task()
def record_run(number: int) -> int:
    from workshift.core.models import AuditEntry

    time.sleep(0.05)
    AuditEntry.objects.create(
        action="create", model="tests.run", object_id=str(number), object_repr=str(os.getpid())
    )
    return number


@task()
def sleep_long(seconds: float) -> None:
    time.sleep(seconds)
