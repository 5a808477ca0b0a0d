"""Fixtures of the Create phase: a demo-like pool of volunteers for the test pilot."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

DISCIPLINES = ["collections", "collections", "collections", "quality", "customer care"]
SHIFTS = ["day", "day", "evening", "flex"]
SKILLS = ["negotiation", "empathy", "excel", "sql", "lean", "coaching", "customer research", "facilitation"]


@pytest.fixture
def immediate_tasks(settings: Any) -> Any:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    return settings


@pytest.fixture
def volunteers(pilot: Any, org: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """40 people of Collections applied to a closed call; 24 selected (the member among them)."""
    from workshift.conditions import services
    from workshift.conditions.models import Application
    from workshift.people.models import Person

    rng = random.Random(5)
    col = org["units"]["CC-COL"]
    today = dt.date.today()
    people = [org["people"]["member"]]
    for i in range(39):
        start = today - dt.timedelta(days=rng.randint(100, 8000))
        people.append(Person.objects.create(
            employee_id=f"V{i:04d}", first_name=f"Vol{i}", last_name=rng.choice(["Silva", "Chen", "Okafor", "Novak"]),
            email=f"vol{i}@example.com", unit=col, job_title="Collections Specialist", start_date=start,
            skills=sorted(set(rng.sample(SKILLS, k=rng.randint(1, 3)))),
            attributes={"discipline": rng.choice(DISCIPLINES), "shift": rng.choice(SHIFTS),
                        "languages": "; ".join(["English"] + ([rng.choice(["Spanish", "Polish", "Arabic"])] if rng.random() < 0.4 else []))},
        ))
    call = services.volunteer_call_create(pilot=pilot, title="Join a workgroup", message="Help customers stay.",
                                          places=24, deadline=today - dt.timedelta(days=1), ask_attributes=["shift"])
    apps = [Application.objects.create(call=call, person=p, why="It matters.", problem="Failed plans.",
                                       availability="Full time") for p in people]
    for a in apps[:24]:
        services.application_decide(application=a, status="selected", reason="Available", user=users["lead"])
    return {"call": call, "people": people, "selected": people[:24], "applications": apps}


@pytest.fixture
def workgroup_settings(volunteers: dict[str, Any]) -> dict[str, Any]:
    from workshift.conditions import services

    settings = services.formation_defaults(kind="workgroups", people=volunteers["selected"])
    settings["seconds"] = 0.3
    return settings


@pytest.fixture
def done_run(pilot: Any, users: dict[str, Any], workgroup_settings: dict[str, Any], immediate_tasks: Any) -> Any:
    from workshift.conditions import services

    return services.formation_start(pilot=pilot, kind="workgroups", settings=workgroup_settings, user=users["lead"])


@pytest.fixture
def engine_message() -> Any:
    """What the engine itself says about impossible sizes (tests pin that its words reach the lead)."""
    from workshift.engine.grouping import GroupBounds, InfeasibleGrouping, random_assignment

    def message(*, n: int, groups: int, min_size: int, max_size: int) -> str:
        with pytest.raises(InfeasibleGrouping) as refused:
            random_assignment(groups=[GroupBounds(min_size=min_size, max_size=max_size)] * groups, n=n, seed=0)
        return str(refused.value)

    return message
