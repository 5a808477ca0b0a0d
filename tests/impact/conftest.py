"""Fixtures of the Act-for-impact tests: two workgroups (A with max, B without), metrics, one record of each kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def metrics(pilot: Any) -> dict[str, Any]:
    from workshift.pilots.models import Metric

    top = Metric.objects.create(
        pilot=pilot,
        level="business",
        name="Customers retained after a collection event",
        unit="%",
        direction="up",
        cadence="monthly",
        baseline=62,
        target=70,
    )
    return {
        "business": top,
        "promise": Metric.objects.create(
            pilot=pilot,
            parent=top,
            level="frontline",
            name="Promise kept rate",
            unit="%",
            direction="up",
            cadence="weekly",
            baseline=70,
            target=78,
        ),
        "days": Metric.objects.create(
            pilot=pilot,
            parent=top,
            level="frontline",
            name="Days to first contact",
            unit="days",
            direction="down",
            cadence="weekly",
            baseline=6,
            target=3,
        ),
    }


@pytest.fixture
def groups(pilot: Any, org: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """Workgroup A: coach Cora, members Max and two colleagues. Workgroup B: two other colleagues, no coach login."""
    from workshift.conditions.models import Cell, CellMember, Workgroup, WorkgroupMember

    people = org["people"]
    colleagues = org["colleagues"]
    a = Workgroup.objects.create(pilot=pilot, name="Keep them talking", coach=people["coach"])
    b = Workgroup.objects.create(pilot=pilot, name="Second chances", coach=colleagues[3])
    for person in (people["member"], colleagues[0], colleagues[1]):
        WorkgroupMember.objects.create(workgroup=a, person=person)
    for person in (colleagues[2], colleagues[3]):
        WorkgroupMember.objects.create(workgroup=b, person=person)
    cell = Cell.objects.create(pilot=pilot, name="Cell North")
    CellMember.objects.create(cell=cell, person=people["member"])
    return {"a": a, "b": b}


@pytest.fixture
def baseline_readings(groups: dict[str, Any], metrics: dict[str, Any]) -> list[Any]:
    """Eight steady weekly readings of the promise-kept rate in workgroup A, ending a week ago."""
    from workshift.impact.models import MetricReading
    from workshift.impact.services import readings_reflag

    today = dt.date.today()
    values = [70, 71, 69, 70, 72, 70, 69, 71]
    rows = [
        MetricReading.objects.create(
            workgroup=groups["a"],
            metric=metrics["promise"],
            on=today - dt.timedelta(weeks=len(values) - i),
            value=v,
        )
        for i, v in enumerate(values)
    ]
    readings_reflag(workgroup_id=groups["a"].pk, metric_id=metrics["promise"].pk)
    return rows


def make_records(*, workgroup: Any, metric: Any, user: Any) -> dict[str, int]:
    """One record of each kind in the workgroup; returns {kind: pk}."""
    from workshift.impact import services
    from workshift.impact.models import Opportunity, Practice, Reflection, SpinOffProposal

    adopted = services.practices_adopt(
        workgroup=workgroup, practices=Practice.objects.filter(starter=True)
    )[0]
    opportunity = Opportunity.objects.create(
        workgroup=workgroup, title="Customers miss the letter", raised_by=user
    )
    proposal = SpinOffProposal.objects.create(
        opportunity=opportunity, name="Letters group", rationale="Big enough.", proposed_by=user
    )
    today = dt.date.today()
    piece = services.slice_start(
        workgroup=workgroup,
        opportunity=opportunity,
        title="Call before the letter",
        hypothesis="h",
        metric=metric,
        expected_change="+3",
        start=today,
        end=today + dt.timedelta(days=14),
    )
    reflection = Reflection.objects.create(
        workgroup=workgroup, kind="after", happened="It worked", author=user
    )
    obstacle = services.obstacle_raise(
        workgroup=workgroup, user=user, title="No access to CRM notes", kind="systemic"
    )
    reading = services.reading_record(
        workgroup=workgroup, metric=metric, on=today, value=5, user=user
    )
    return {
        "workgroup": workgroup.pk,
        "adopted": adopted.pk,
        "opportunity": opportunity.pk,
        "proposal": proposal.pk,
        "slice": piece.pk,
        "reflection": reflection.pk,
        "obstacle": obstacle.pk,
        "reading": reading.pk,
        "metric": metric.pk,
    }


@pytest.fixture
def records_b(
    groups: dict[str, Any], metrics: dict[str, Any], users: dict[str, Any]
) -> dict[str, int]:
    return make_records(workgroup=groups["b"], metric=metrics["promise"], user=users["lead"])


@pytest.fixture
def records_a(
    groups: dict[str, Any], metrics: dict[str, Any], users: dict[str, Any]
) -> dict[str, int]:
    return make_records(workgroup=groups["a"], metric=metrics["promise"], user=users["member"])
