"""Queue the Create phase's background work: the one place outside the worker that imports tasks.

Services never import tasks (tasks import services); pages, the API and the CLI hand
`formation_run` to `services.formation_start` to have a stored run queued.
"""

from __future__ import annotations

from workshift.conditions.tasks import formation_run_task


def formation_run(run_id: int) -> None:
    """Queue a stored FormationRun for the worker."""
    formation_run_task.enqueue(run_id=run_id)
