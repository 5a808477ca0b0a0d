"""Background work of the Create phase (run by `workshift worker`)."""

from __future__ import annotations

from django_tasks import task

from workshift.conditions.models import FormationRun
from workshift.conditions.services.runs import formation_execute


@task()
def formation_run_task(run_id: int) -> str:
    """Form workgroups or cells for a stored FormationRun; the page polls its progress."""
    return formation_execute(run_id=run_id).status


def formation_run_lost(*, run_id: int, message: str) -> None:
    """The worker forming these groups stopped: the run shows it failed, with why."""
    FormationRun.objects.filter(
        pk=run_id, status__in=[FormationRun.Status.QUEUED, FormationRun.Status.RUNNING]
    ).update(status=FormationRun.Status.FAILED, error=message, result={"worker_lost": True})
