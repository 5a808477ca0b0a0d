"""The space's attention list: what needs the group now, read from its open work."""

from __future__ import annotations

import datetime as dt

import pytest

from workshift.impact.models import Obstacle
from workshift.impact.selectors import attention_for

pytestmark = pytest.mark.django_db


def test_at_most_five_overdue_obstacles_are_named_earliest_first(groups, users) -> None:
    today = dt.date.today()
    for days in (9, 1, 7, 3, 5, 2, 8):
        Obstacle.objects.create(
            workgroup=groups["a"],
            title=f"Late by {days}",
            kind="management",
            due_date=today - dt.timedelta(days=days),
            raised_by=users["member"],
        )
    Obstacle.objects.create(
        workgroup=groups["a"],
        title="Answered already",
        kind="management",
        due_date=today - dt.timedelta(days=20),
        status="resolved",
        raised_by=users["member"],
    )
    Obstacle.objects.create(
        workgroup=groups["a"],
        title="Not due yet",
        kind="management",
        due_date=today + dt.timedelta(days=2),
        raised_by=users["member"],
    )

    items = attention_for(workgroup=groups["a"], summaries=[], today=today)

    named = [i.text.split("“")[1].split("”")[0] for i in items if i.kind == "obstacle"]
    assert named == ["Late by 9", "Late by 8", "Late by 7", "Late by 5", "Late by 3"]
