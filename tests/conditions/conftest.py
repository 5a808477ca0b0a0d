"""Fixtures of the Create phase: settings and runs over the pool of volunteers (tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest


def capacity_step_form(response: Any, key: str) -> Any:
    """The form of the capacity plan's step `key` (participant, task, receiver), as the page got it."""
    return next(step.form for step in response.context["steps"] if step.key == key)


@pytest.fixture
def workgroup_settings(volunteers: dict[str, Any]) -> Any:
    from workshift.conditions import services

    return services.formation_defaults(kind="workgroups", people=volunteers["selected"]).replace(
        seconds=0.3
    )


@pytest.fixture
def done_run(
    pilot: Any, users: dict[str, Any], workgroup_settings: dict[str, Any], immediate_tasks: Any
) -> Any:
    from workshift.conditions import enqueue, services

    return services.formation_start(
        pilot=pilot,
        kind="workgroups",
        settings=workgroup_settings,
        user=users["lead"],
        enqueue=enqueue.formation_run,
    )


@pytest.fixture
def engine_message() -> Any:
    """What the engine itself says about impossible sizes (tests pin that its words reach the lead)."""
    from workshift.engine.grouping import GroupBounds, InfeasibleGrouping, random_assignment

    def message(*, n: int, groups: int, min_size: int, max_size: int) -> str:
        with pytest.raises(InfeasibleGrouping) as refused:
            random_assignment(
                groups=[GroupBounds(min_size=min_size, max_size=max_size)] * groups, n=n, seed=0
            )
        return str(refused.value)

    return message
