"""The demo pilot shows six weeks of activity: readings, slices, reflections, obstacles in every state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(db):
    from workshift.demo import demo_load

    return demo_load(seed=2026, today=TODAY)


def test_the_demo_pilot_shows_six_weeks_of_activity(demo) -> None:
    """One load (it takes a few seconds), every check."""
    check_readings(demo)
    check_obstacles(demo)
    check_slices_and_reflections(demo)
    check_pages(demo)


def check_readings(demo) -> None:
    from workshift.impact.models import MetricReading

    readings = MetricReading.objects.filter(workgroup__in=demo.data["impact_workgroups"])
    dates = readings.order_by("on").values_list("on", flat=True)
    assert (dates.last() - dates.first()).days >= 7 * 6
    assert readings.filter(on__gte=TODAY - dt.timedelta(weeks=6)).count() >= 2 * 3 * 6
    assert readings.exclude(flag="").exists()


def check_obstacles(demo) -> None:
    from workshift.impact.models import Obstacle

    obstacles = Obstacle.objects.filter(workgroup__in=demo.data["impact_workgroups"])
    assert set(obstacles.values_list("status", flat=True)) == {
        "open",
        "workaround",
        "resolved",
        "declined",
    }
    open_ones = obstacles.filter(status="open")
    assert set(open_ones.values_list("level", flat=True)) >= {"coach", "lead", "champion"}
    assert (
        open_ones.filter(due_date__lt=TODAY).exists()
        and open_ones.filter(due_date__gte=TODAY).exists()
    )
    assert all(o.answer for o in obstacles.exclude(status="open"))


def check_slices_and_reflections(demo) -> None:
    from workshift.impact.models import Reflection, Slice

    groups = demo.data["impact_workgroups"]
    assert set(Slice.objects.filter(workgroup__in=groups).values_list("stage", flat=True)) >= {
        "seek",
        "act",
        "done",
    }
    assert Reflection.objects.filter(workgroup=groups[0]).count() >= 6
    assert set(Reflection.objects.values_list("kind", flat=True)) == {
        "before",
        "during",
        "after",
        "outside",
    }


def check_pages(demo) -> None:
    from workshift.accounts.models import User

    group = demo.data["impact_workgroups"][0]
    for username in ("member", "coach", "lead", "champion", "manager"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("impact:workgroup", args=[group.pk])).status_code == 200, username
        assert client.get(reverse("impact:pilot", args=[group.pilot_id])).status_code == 200, (
            username
        )
    champion = Client()
    champion.force_login(User.objects.get(username="champion"))
    assert (
        b"overdue"
        in champion.get(
            reverse("impact:pilot_obstacles", args=[group.pilot_id]) + "?overdue=1"
        ).content
    )
