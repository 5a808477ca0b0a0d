"""Insights fixtures: a pilot with two workgroups of people who can answer a pulse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def crew(org: dict[str, Any], pilot: Any) -> dict[str, Any]:
    """Workgroup North (max + 7 specialists, coached by cora) and workgroup South (4 specialists)."""
    from workshift.conditions.models import Workgroup, WorkgroupMember
    from workshift.people.models import Person

    col = org["units"]["CC-COL"]
    specialists = [
        Person.objects.create(
            employee_id=f"S{i:03d}",
            first_name=f"Spec{i}",
            last_name="Ialist",
            unit=col,
            job_title="Collections Specialist",
            skills=["collections", "negotiation"],
        )
        for i in range(11)
    ]
    north = Workgroup.objects.create(pilot=pilot, name="North", coach=org["people"]["coach"])
    south = Workgroup.objects.create(pilot=pilot, name="South")
    for person in [org["people"]["member"], *specialists[:7]]:
        WorkgroupMember.objects.create(workgroup=north, person=person)
    for person in specialists[7:]:
        WorkgroupMember.objects.create(workgroup=south, person=person)
    return {"north": north, "south": south, "specialists": specialists}


@pytest.fixture
def open_round(pilot: Any) -> Any:
    from workshift.insights.services import pulse_round_create

    today = dt.date.today()
    return pulse_round_create(
        pilot=pilot, opens_on=today - dt.timedelta(days=2), closes_on=today + dt.timedelta(days=4)
    )


@pytest.fixture
def answer() -> Any:
    from workshift.insights.models import PULSE_FIELDS
    from workshift.insights.services import pulse_answer

    def give(pulse_round: Any, person: Any, value: int = 4, comment: str = "") -> Any:
        return pulse_answer(
            pulse_round=pulse_round,
            person=person,
            answers={f: value for f in PULSE_FIELDS},
            comment=comment,
        )

    return give
