"""Background work of the Create phase (run by `workshift worker`)."""

from __future__ import annotations

from django_tasks import task

from workshift.conditions.services.runs import formation_execute


@task()
def formation_run_task(run_id: int) -> str:
    """Form workgroups or cells for a stored FormationRun; the page polls its progress."""
    return formation_execute(run_id=run_id).status
