# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""Surges on the workload view: who would go over 100% before it starts, a rebalancing that keeps
the frontline's freed time, exceptions, and the shortfall when no plan exists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)


def _plan(client, pilot, groups, hours: float) -> object:
    today = dt.date.today()
    return client.post(
        reverse("leadership:surge_new", args=[pilot.pk]),
        {
            "name": "Year-end peak",
            "starts_on": (today + dt.timedelta(days=14)).isoformat(),
            "ends_on": (today + dt.timedelta(days=42)).isoformat(),
            "extra_hours": hours,
            "workgroup": groups["a"].pk,
        },
    )


def test_a_lead_sees_who_would_go_over_and_a_plan_that_keeps_freed_time(
    client_for, pilot, freed, org
) -> None:
    from workshift.leadership.models import Surge
    from workshift.leadership.selectors import surge_preview

    cora = org["people"]["coach"]
    client = client_for("lead")
    # the workload view offers to plan a surge
    workload = client.get(reverse("insights:connections", args=[pilot.pk])).content.decode()
    assert "Plan a surge" in workload and "No surge planned." in workload
    response = _plan(client, pilot, freed, 6)
    surge = Surge.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/surges/{surge.pk}/")
    page = client.get(response["Location"]).content.decode()
    # an even split puts 2 h on each of the three freed members: 40 + 2 = 42 h, 105%
    assert page.count('text-danger fw-semibold">105%') == 3
    assert "eat into freed pilot time" in page
    preview = surge_preview(surge=surge)
    assert preview.plan is not None and preview.plan.moved_hours == pytest.approx(6)
    # the coach, the only one with spare room (85% of 40 h taken), takes all 6 h: 100%
    assert preview.plan.final == {cora.pk: pytest.approx(6)}
    by_key = {p.key: p for p in preview.people}
    for key, hours in preview.plan.final.items():
        assert by_key[key].protected == 0, "no freed time is used without an exception"
        assert by_key[key].percent(hours) <= 100 + 1e-9
    # the workload view lists the surge with what the plan avoids
    workload = client.get(reverse("insights:connections", args=[pilot.pk])).content.decode()
    assert "Year-end peak" in workload and "3 would go over 100% with an even split" in workload


def test_a_recorded_exception_lets_the_surge_use_some_freed_time(
    client_for, pilot, freed, org
) -> None:
    from workshift.leadership.models import Surge, SurgeException
    from workshift.leadership.selectors import surge_preview

    client = client_for("lead")
    _plan(client, pilot, freed, 9)
    surge = Surge.objects.get()
    url = reverse("leadership:surge", args=[surge.pk])
    assert surge_preview(surge=surge).error is not None  # 9 h > the coach's 6 h of room
    # a reason is required; nothing is written without one
    bad = client.post(url, {"person": org["people"]["member"].pk, "hours": 2, "reason": ""})
    assert bad.status_code == 200 and "This field is required." in bad.content.decode()
    assert not SurgeException.objects.exists()
    client.post(
        url, {"person": org["people"]["member"].pk, "hours": 4, "reason": "Max asked for it."}
    )
    plan = surge_preview(surge=surge).plan
    # with 4 h of his freed time open, Max keeps his 3 h share; the coach takes the other two 3 h
    assert plan is not None
    assert plan.final == {
        org["people"]["member"].pk: pytest.approx(3),
        org["people"]["coach"].pk: pytest.approx(6),
    }
    assert "Max asked for it." in client.get(url).content.decode()
    # a manager reads the surge but cannot record an exception
    assert client_for("manager").get(url).status_code == 200
    assert (
        client_for("manager")
        .post(url, {"person": org["people"]["member"].pk, "hours": 9, "reason": "x"})
        .status_code
        == 403
    )


def test_an_impossible_surge_names_the_shortfall_in_hours(client_for, pilot, freed) -> None:
    from workshift.leadership.models import Surge

    client = client_for("lead")
    _plan(client, pilot, freed, 400)
    surge = Surge.objects.get()
    page = client.get(reverse("leadership:surge", args=[surge.pk])).content.decode()
    assert "No plan keeps everyone at or under 100%." in page
    assert "short by" in page and "hours a week" in page
    api = client.get(f"/api/surges/{surge.pk}/plan").json()
    assert api["feasible"] is False and api["shortfall_hours"] > 0
    assert f"short by {api['shortfall_hours']:.1f} hours a week" in api["message"]


def test_a_surge_with_bad_dates_is_refused_next_to_the_field(client_for, pilot, freed) -> None:
    from workshift.leadership.models import Surge

    today = dt.date.today()
    response = client_for("lead").post(
        reverse("leadership:surge_new", args=[pilot.pk]),
        {
            "name": "Backwards",
            "starts_on": today.isoformat(),
            "ends_on": (today - dt.timedelta(days=1)).isoformat(),
            "extra_hours": 10,
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "The surge ends before it starts." in text
    assert "Choose either the workgroup or the unit the surge hits." in text
    assert not Surge.objects.exists()


def test_the_surge_form_offers_the_teams_of_the_entry_point_only(pilot, org) -> None:
    from workshift.leadership.forms import SurgeForm
    from workshift.people.access import unit_subtree_ids
    from workshift.people.models import OrgUnit

    assert pilot.entry_unit_id is not None
    offered = set(SurgeForm(pilot=pilot).fields["unit"].queryset.values_list("pk", flat=True))
    assert offered == set(unit_subtree_ids(root_id=pilot.entry_unit_id))
    assert offered < set(OrgUnit.objects.values_list("pk", flat=True))


def test_an_exception_offers_exactly_the_people_whose_time_the_plan_protects(
    client_for, pilot, freed, org
) -> None:
    from workshift.leadership.models import Surge
    from workshift.leadership.selectors import surge_freed_people, surge_preview

    _plan(client_for("lead"), pilot, freed, 6)
    surge = Surge.objects.get()
    protected = {p.key for p in surge_preview(surge=surge).people if p.protected > 0}
    assert protected  # the fixture frees some members' time
    assert {p.pk for p in surge_freed_people(surge=surge)} == protected
