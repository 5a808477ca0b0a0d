"""Background work: a killed worker's task ends failed with a message; two workers never share a task."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tests.core.cli_env import WORKSHIFT

REPO = Path(__file__).resolve().parents[2]


def _stale(task_id: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id).update(
        started_at=timezone.now() - dt.timedelta(hours=1)
    )


def test_a_people_import_whose_worker_is_gone_ends_failed_and_the_page_says_why(
    client_for: Any, org: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from workshift.core.workers import tasks_lost_recover
    from workshift.people.import_jobs import people_import_job_run
    from workshift.people.models import ImportJob

    # given an import a worker claimed and then stopped beating for (no heartbeat at all)
    job = ImportJob.objects.create(
        created_by=None, file=b"employee_id\n", file_name="big.csv", status="checking", total=1
    )
    result = people_import_job_run.enqueue(job_id=job.pk)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker-that-was-killed")
    _stale(row.pk)
    # when a worker starts (or beats) and looks for lost tasks
    recovered = tasks_lost_recover()
    # then the task is failed, not running, and the import job says what happened
    assert recovered == [str(row.pk)]
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == "workshift.core.workers.WorkerLost"
    job.refresh_from_db()
    assert job.status == "failed"
    assert "background worker running this stopped" in job.message
    page = client_for("administrator").get(f"/people/import/{job.pk}/")
    assert "background worker running this stopped" in page.content.decode()


def test_a_task_whose_worker_still_runs_is_left_alone(org: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from tests.core.worker_tasks import sleep_long
    from workshift.core.workers import tasks_lost_recover, worker_heartbeat_beat

    # given a task claimed by a live worker (this very process) that beat long ago
    worker_heartbeat_beat(worker_id="alive-here")
    from workshift.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update(last_seen=timezone.now() - dt.timedelta(hours=1))
    result = sleep_long.enqueue(seconds=1)
    DBTaskResult.objects.get(pk=result.id).claim("alive-here")
    _stale(result.id)
    # then it keeps running: on this host the process table decides
    assert tasks_lost_recover() == []
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"


def test_a_formation_run_and_a_report_surface_a_lost_worker(pilot: Any, client_for: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from workshift.conditions.models import FormationRun
    from workshift.conditions.tasks import formation_run_task
    from workshift.core.workers import tasks_lost_recover
    from workshift.insights.models import PilotReport
    from workshift.insights.tasks import report_generate_task

    run = FormationRun.objects.create(pilot=pilot, kind="workgroups", status="running")
    report = PilotReport.objects.create(pilot=pilot, as_of=dt.date.today(), status="running")
    for result in (
        formation_run_task.enqueue(run_id=run.pk),
        report_generate_task.enqueue(report.pk),
    ):
        DBTaskResult.objects.get(pk=result.id).claim("gone")
        _stale(result.id)
    assert len(tasks_lost_recover()) == 2
    run.refresh_from_db()
    report.refresh_from_db()
    assert (run.status, report.status) == ("failed", "failed")
    assert "background worker running this stopped" in run.error
    assert "background worker running this stopped" in report.error
    page = client_for("lead").get(f"/conditions/pilots/{pilot.pk}/runs/{run.pk}/").content.decode()
    assert "The formation stopped." in page
    assert "background worker running this stopped" in page


# ----------------------------------------------------------------- real worker processes


def _worker_env() -> dict[str, str]:
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        WORKSHIFT_DEMO="1",
        PYTHONPATH=str(REPO),
        WORKSHIFT_WORKER_POLL_SECONDS="0.1",
        WORKSHIFT_WORKER_HEARTBEAT_SECONDS="1",
        WORKSHIFT_WORKER_LOST_SECONDS="2",
    )
    env.pop("WORKSHIFT_TASKS_IMMEDIATE", None)
    return env


def _wait(condition: Any, what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def workers(transactional_db: Any) -> Iterator[list[subprocess.Popen[bytes]]]:
    if connection.vendor != "postgresql":
        pytest.skip(
            "worker processes need a database shared between processes: "
            "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>"
        )
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _start_worker(started: list[subprocess.Popen[bytes]], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    process = subprocess.Popen(
        [WORKSHIFT, "worker"], env=_worker_env(), stdout=handle, stderr=subprocess.STDOUT
    )
    started.append(process)
    return process


def _heartbeats() -> int:
    from workshift.core.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.count()


def test_two_workers_on_postgresql_run_each_task_exactly_once(
    workers: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    from django_tasks_db.models import DBTaskResult

    from tests.core.worker_tasks import record_run
    from workshift.core.models import AuditEntry

    # given two real `workshift worker` processes, both up and polling
    first = _start_worker(workers, tmp_path / "w1.log")
    second = _start_worker(workers, tmp_path / "w2.log")
    _wait(lambda: _heartbeats() == 2, "both workers to start")
    # when 60 tasks are queued at once
    count = 60
    ids = [record_run.enqueue(number=n).id for n in range(count)]
    _wait(
        lambda: DBTaskResult.objects.filter(pk__in=ids, status="SUCCESSFUL").count() == count,
        "every task to finish",
    )
    # then each task ran exactly once, claimed by exactly one worker
    runs = list(
        AuditEntry.objects.filter(model="tests.run").values_list("object_id", "object_repr")
    )
    assert sorted(int(n) for n, _ in runs) == list(range(count))
    results = DBTaskResult.objects.filter(pk__in=ids)
    assert all(len(r.worker_ids) == 1 for r in results)
    # and both workers took part, so the claims really competed
    assert {pid for _, pid in runs} == {str(first.pid), str(second.pid)}


def test_a_task_of_a_killed_worker_ends_failed_not_running(
    workers: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    from django_tasks_db.models import DBTaskResult

    from tests.core.worker_tasks import sleep_long

    # given a worker in the middle of a long task
    doomed = _start_worker(workers, tmp_path / "doomed.log")
    result = sleep_long.enqueue(seconds=600)
    _wait(lambda: DBTaskResult.objects.get(pk=result.id).status == "RUNNING", "the task to start")
    # when the worker is killed with SIGKILL (no chance to clean up)
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    # and another worker starts
    _start_worker(workers, tmp_path / "next.log")
    # then the task ends failed with a message, instead of running forever
    _wait(lambda: DBTaskResult.objects.get(pk=result.id).status != "RUNNING", "the recovery")
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert "background worker running this stopped" in row.traceback
