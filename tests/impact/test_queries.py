"""Workgroup pages keep a flat number of queries as records grow (10 vs 1,000 of each kind)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def _grow(*, workgroup, metrics, user, n: int) -> None:
    from workshift.impact.models import (
        AdoptedPractice,
        MetricReading,
        Obstacle,
        Opportunity,
        Practice,
        PracticeUse,
        Reflection,
        Slice,
    )

    today = dt.date.today()
    adopted = AdoptedPractice.objects.get_or_create(
        workgroup=workgroup, practice=Practice.objects.filter(starter=True).first()
    )[0]
    MetricReading.objects.bulk_create(
        [
            MetricReading(
                workgroup=workgroup,
                metric=metrics["promise" if i % 2 else "days"],
                on=today - dt.timedelta(days=i // 2),
                value=70 + (i % 7),
                flag="above_limit" if i % 50 == 0 else "",
            )
            for i in range(n)
        ]
    )
    Obstacle.objects.bulk_create(
        [
            Obstacle(
                workgroup=workgroup,
                title=f"Obstacle {i}",
                kind="systemic",
                due_date=today - dt.timedelta(days=i % 9),
                raised_by=user,
            )
            for i in range(n)
        ]
    )
    Reflection.objects.bulk_create(
        [
            Reflection(
                workgroup=workgroup,
                kind="after",
                happened=f"Happened {i}",
                author=user,
                written_on=today - dt.timedelta(days=i),
            )
            for i in range(n)
        ]
    )
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                workgroup=workgroup,
                title=f"Opportunity {i}",
                value=1 + i % 5,
                confidence=0.5,
                effort=1 + i % 3,
                raised_by=user,
            )
            for i in range(n)
        ]
    )
    Slice.objects.bulk_create(
        [
            Slice(
                workgroup=workgroup,
                title=f"Slice {i}",
                hypothesis="h",
                metric=metrics["promise"],
                start=today - dt.timedelta(days=i),
                end=today + dt.timedelta(days=3),
            )
            for i in range(n)
        ]
    )
    PracticeUse.objects.bulk_create(
        [
            PracticeUse(adopted=adopted, used_on=today - dt.timedelta(days=i), by=user)
            for i in range(n)
        ]
    )


PAGES = [
    "workgroup",
    "obstacles",
    "reflections",
    "opportunities",
    "slices",
    "readings",
    "practices",
    "metric_chart",
]


def _count(client, name: str, workgroup, metrics) -> int:
    args = [workgroup.pk, metrics["promise"].pk] if name == "metric_chart" else [workgroup.pk]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"impact:{name}", args=args))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_workgroup_pages_keep_a_flat_query_count(
    client_for, groups, metrics, users, name: str
) -> None:
    client = client_for("member")
    small, large = groups["a"], groups["b"]
    _grow(workgroup=small, metrics=metrics, user=users["member"], n=10)
    _grow(workgroup=large, metrics=metrics, user=users["member"], n=1000)
    from workshift.conditions.models import WorkgroupMember

    WorkgroupMember.objects.create(workgroup=large, person=users["member"].person)
    assert _count(client, name, small, metrics) == _count(client, name, large, metrics)


def test_the_pilot_overview_keeps_a_flat_query_count(
    client_for, groups, metrics, users, pilot
) -> None:
    from workshift.conditions.models import Workgroup

    client = client_for("lead")
    _grow(workgroup=groups["a"], metrics=metrics, user=users["member"], n=10)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("impact:pilot", args=[pilot.pk]))
    for i in range(20):
        _grow(
            workgroup=Workgroup.objects.create(pilot=pilot, name=f"Group {i}"),
            metrics=metrics,
            user=users["member"],
            n=50,
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("impact:pilot", args=[pilot.pk]))
    assert b"Group 19" in response.content
    assert len(after.captured_queries) == len(before.captured_queries)
