"""The scale fixture grows the demo organization in proportion (here to 2,500 people; the bench uses
100,000) with the same shape: units, pilots, workgroups, cells, readings, counts, obstacles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from workshift.accounts.demo import DEMO_PASSWORD
from workshift.demo import demo_load
from workshift.demo_scale import ScalePlan, demo_scale


def test_the_plan_for_100000_people_is_the_one_the_benchmarks_use() -> None:
    plan = ScalePlan.for_people(100_000)
    assert (plan.units, plan.pilots, plan.workgroups, plan.cell_people) == (2000, 20, 60, 600)
    assert (plan.metrics, plan.weeks, plan.collaborations) == (40, 52, 5_000_000)
    assert (plan.obstacles, plan.reflections) == (2000, 2000)


@pytest.mark.django_db
def test_the_demo_grows_to_the_planned_shape_and_its_pages_still_work() -> None:
    from workshift.conditions.models import CellMember, Workgroup
    from workshift.impact.models import MetricReading, Obstacle, Reflection
    from workshift.insights.models import CollaborationCount
    from workshift.people.models import OrgUnit, Person
    from workshift.pilots.models import Metric, Pilot

    demo_load(seed=2026, today=dt.date(2026, 11, 23))
    before = {"obstacles": Obstacle.objects.count(), "counts": CollaborationCount.objects.count()}
    plan = ScalePlan.for_people(2500)
    added = demo_scale(people=2500)
    running = Pilot.objects.get(status="running")
    assert Person.objects.count() == 2500 and OrgUnit.objects.count() == plan.units
    assert Pilot.objects.count() == 20
    assert Workgroup.objects.filter(pilot=running).count() == 60
    assert CellMember.objects.filter(cell__pilot=running).count() == 600
    assert Metric.objects.filter(pilot=running).count() == 40
    assert MetricReading.objects.count() >= added["metrics"] * 3 * 52
    assert Obstacle.objects.count() - before["obstacles"] == plan.obstacles
    assert Reflection.objects.count() >= plan.reflections
    assert CollaborationCount.objects.count() - before["counts"] == plan.collaborations
    # every count joins two different people, the lower id first
    assert not CollaborationCount.objects.filter(person_a_id__gte=models_f("person_b_id")).exists()
    # new rows got ids from the sequences: the next record saves normally
    OrgUnit.objects.create(code="AFTER", name="After the scale load")
    client = Client()
    assert client.login(username="champion", password=DEMO_PASSWORD)
    assert client.get(reverse("insights:dashboard", args=[running.pk])).status_code == 200
    assert client.get(reverse("people:list") + "?q=smith").status_code == 200


def models_f(name: str):
    from django.db.models import F

    return F(name)
