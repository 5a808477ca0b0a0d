"""The formation page chooses people and coaches through pickers: however large the pool, the
page lists only the people chosen, and each picker finds only the people its field accepts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conditions.test_formation import _form_data
from workshift.conditions.models import Application, FormationRun, Workgroup, WorkgroupMember
from workshift.people.models import Person


def _option_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'role="option"[^>]*data-id="(\d+)"', html)]


def _more_selected(volunteers: dict[str, Any], count: int, prefix: str = "Crowd") -> list[Person]:
    """`count` more people selected in the pilot's call."""
    unit = volunteers["people"][0].unit
    people = Person.objects.bulk_create(
        Person(
            employee_id=f"P-{prefix}{i:05d}",
            first_name=f"{prefix}{i}",
            last_name="Pooled",
            unit=unit,
            job_title="Collections Specialist",
        )
        for i in range(count)
    )
    Application.objects.bulk_create(
        Application(call=volunteers["call"], person=p, status=Application.Status.SELECTED)
        for p in people
    )
    return people


def _supervisors(org: dict[str, Any], count: int, prefix: str = "Sup") -> list[Person]:
    return Person.objects.bulk_create(
        Person(
            employee_id=f"S-{prefix}{i:05d}",
            first_name=f"{prefix}{i}",
            last_name="Visor",
            unit=org["units"]["CC-COL"],
            job_title="Team Supervisor",
        )
        for i in range(count)
    )


def _url(pilot: Any, kind: str = "workgroups") -> str:
    return reverse("conditions:formation", args=[pilot.pk, kind])


# ------------------------------------------------------------------ the page


def test_the_page_offers_everyone_in_the_pool_without_listing_anyone(
    client_for, pilot, org, volunteers
) -> None:
    # given 60 selected volunteers and 61 people who could coach
    pool = [*volunteers["selected"], *_more_selected(volunteers, 36)]
    coaches = [org["people"]["coach"], *_supervisors(org, 60)]
    # when the lead opens the formation page
    response = client_for("lead").get(_url(pilot))
    html = response.content.decode()
    # then "everyone" is the default, counted, and nobody of the pool or the coaches is listed
    assert response.status_code == 200
    assert "Everyone selected in the volunteer call (60 people)" in html
    assert re.search(r'<input type="checkbox" name="everyone"[^>]*checked', html)
    assert [p.full_name for p in pool + coaches if p.full_name in html] == []
    assert "<option" not in html.split('id="id_coaches"')[1].split("</form>")[0]
    people_url = reverse("conditions:formation_people", args=[pilot.pk, "workgroups"])
    assert people_url in html and reverse("conditions:coach_candidates", args=[pilot.pk]) in html


def test_posting_everyone_groups_the_whole_pool(
    client_for, pilot, volunteers, workgroup_settings
) -> None:
    data = _form_data(workgroup_settings, everyone="on")
    del data["people"]
    response = client_for("lead").post(_url(pilot), data)
    assert response.status_code == 302
    run = FormationRun.objects.get()
    assert run.formation_settings.people == tuple(sorted(p.pk for p in volunteers["selected"]))


def test_posting_chosen_people_groups_only_them(
    client_for, pilot, volunteers, workgroup_settings
) -> None:
    chosen = [p.pk for p in volunteers["selected"][:20]]
    data = _form_data(workgroup_settings, people=chosen, min_size=5, max_size=5)
    response = client_for("lead").post(_url(pilot), data)
    assert response.status_code == 302
    assert FormationRun.objects.get().formation_settings.people == tuple(sorted(chosen))


def test_a_person_outside_the_pool_is_refused_next_to_the_field(
    client_for, pilot, volunteers, workgroup_settings
) -> None:
    # given an applicant who was not selected
    not_selected = volunteers["people"][30]
    data = _form_data(workgroup_settings)
    data["people"] = [*data["people"][:19], str(not_selected.pk)]
    # when the lead posts them among the chosen people
    response = client_for("lead").post(_url(pilot), data)
    # then nothing runs and the error stands under the people
    assert response.status_code == 400 and not FormationRun.objects.exists()
    error = response.context["form"].errors["people"][0]
    assert f"{not_selected.pk} is not one of the available choices" in error
    html = response.content.decode()
    people_part = html.split('id="id_everyone"')[1].split('id="id_groups"')[0]
    assert "is not one of the available choices" in people_part


def test_neither_everyone_nor_anybody_chosen_is_refused(
    client_for, pilot, volunteers, workgroup_settings
) -> None:
    data = _form_data(workgroup_settings)
    del data["people"]
    response = client_for("lead").post(_url(pilot), data)
    assert response.status_code == 400
    assert "Choose the people to group" in response.context["form"].errors["people"][0]


def test_a_refused_post_keeps_every_chosen_person_and_names_only_a_page_of_them(
    client_for, pilot, volunteers, workgroup_settings
) -> None:
    # given 24 chosen people and a malformed constraint
    extra = _more_selected(volunteers, 30)
    data = _form_data(workgroup_settings, apart="E-NOBODY, V0001")
    response = client_for("lead").post(_url(pilot), data)
    html = response.content.decode()
    # then all 24 stay chosen (by id), at most 20 by name, and nobody else is listed
    assert response.status_code == 400
    assert sorted(int(x) for x in re.findall(r'name="people" value="(\d+)"', html)) == sorted(
        workgroup_settings.people
    )
    assert html.count("ws-picker-chip") == 21 and "and 4 more" in html
    assert [p.full_name for p in extra if p.full_name in html] == []


def test_a_run_of_some_of_the_pool_comes_back_with_those_people_chosen(
    client_for, pilot, volunteers, workgroup_settings
) -> None:
    chosen = volunteers["selected"][:6]
    run = FormationRun.objects.create(
        pilot=pilot,
        kind="workgroups",
        settings=workgroup_settings.replace(people=tuple(p.pk for p in chosen)).to_json(),
        status="failed",
        error="No.",
    )
    response = client_for("lead").get(_url(pilot) + f"?from_run={run.pk}")
    html = response.content.decode()
    assert response.context["form"].initial["everyone"] is False
    assert not re.search(r'<input type="checkbox" name="everyone"[^>]*checked', html)
    assert all(p.full_name in html for p in chosen)
    assert [p.full_name for p in volunteers["selected"][6:] if p.full_name in html] == []


def test_coaches_are_kept_in_the_order_chosen_and_outsiders_refused(
    client_for, pilot, org, volunteers, workgroup_settings
) -> None:
    supervisors = _supervisors(org, 4)
    order = [supervisors[2], supervisors[0], supervisors[3], supervisors[1]]
    data = _form_data(workgroup_settings, coaches=[p.pk for p in order])
    response = client_for("lead").post(_url(pilot), data)
    assert response.status_code == 302
    assert FormationRun.objects.get().formation_settings.coaches == tuple(p.pk for p in order)
    # a specialist cannot coach
    data["coaches"] = [p.pk for p in order[:3]] + [org["people"]["member"].pk]
    response = client_for("lead").post(_url(pilot), data)
    assert response.status_code == 400
    assert "is not one of the available choices" in response.context["form"].errors["coaches"][0]
    # a refused post shows the coaches chosen, in their order
    html = response.content.decode()
    shown = [int(x) for x in re.findall(r'name="coaches" value="(\d+)"', html)]
    assert shown == [p.pk for p in order[:3]]


# ------------------------------------------------------------------ the searches


def test_the_people_search_finds_only_the_pool_of_the_kind(
    client_for, pilot, org, volunteers
) -> None:
    client = client_for("lead")
    url = reverse("conditions:formation_people", args=[pilot.pk, "workgroups"])
    selected, not_selected = volunteers["people"][1], volunteers["people"][30]
    assert _option_ids(client.get(url, {"q": selected.employee_id}).content.decode()) == [
        selected.pk
    ]
    assert _option_ids(client.get(url, {"q": not_selected.employee_id}).content.decode()) == []
    found = _option_ids(client.get(url, {"q": "vol"}).content.decode())
    assert found and set(found) <= {p.pk for p in volunteers["selected"]}
    assert _option_ids(client.get(url, {"q": "otto"}).content.decode()) == []
    # cells group the workgroup members
    cells = reverse("conditions:formation_people", args=[pilot.pk, "cells"])
    assert _option_ids(client.get(cells, {"q": selected.employee_id}).content.decode()) == []
    group = Workgroup.objects.create(pilot=pilot, name="North")
    WorkgroupMember.objects.create(workgroup=group, person=selected)
    assert _option_ids(client.get(cells, {"q": selected.employee_id}).content.decode()) == [
        selected.pk
    ]


def test_the_coach_search_finds_only_people_who_can_coach(
    client_for, pilot, org, volunteers
) -> None:
    client = client_for("lead")
    url = reverse("conditions:coach_candidates", args=[pilot.pk])
    supervisors = _supervisors(org, 3)
    assert _option_ids(client.get(url, {"q": "cora"}).content.decode()) == [
        org["people"]["coach"].pk
    ]
    assert set(_option_ids(client.get(url, {"q": "visor"}).content.decode())) == {
        p.pk for p in supervisors
    }
    assert _option_ids(client.get(url, {"q": "max"}).content.decode()) == []
    assert _option_ids(client.get(url, {"q": "otto"}).content.decode()) == []


@pytest.mark.parametrize("name", ["formation_people", "coach_candidates"])
@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 200), ("champion", 200), ("coach", 403), ("member", 403), ("outsider", 404)],
)
def test_the_searches_answer_each_role_as_the_formation_page_does(
    client_for, pilot, volunteers, name, role, status
) -> None:
    args = [pilot.pk, "workgroups"] if name == "formation_people" else [pilot.pk]
    url = reverse(f"conditions:{name}", args=args)
    assert client_for(role).get(url, {"q": "vol"}).status_code == status
    assert client_for(role).get(_url(pilot)).status_code == status


def test_the_people_search_refuses_an_unknown_kind(client_for, pilot) -> None:
    url = reverse("conditions:formation_people", args=[pilot.pk, "teams"])
    assert client_for("lead").get(url, {"q": "vol"}).status_code == 404


def _queries(client: Any, url: str, query: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url, {"q": query}).content.decode()
    return len(_option_ids(html)), len(ctx.captured_queries)


def test_the_searches_ask_the_database_as_often_for_100_people_as_for_10(
    client_for, pilot, org, volunteers
) -> None:
    client = client_for("lead")
    people_url = reverse("conditions:formation_people", args=[pilot.pk, "workgroups"])
    coach_url = reverse("conditions:coach_candidates", args=[pilot.pk])
    _more_selected(volunteers, 10, prefix="Zed")
    _supervisors(org, 10, prefix="Zed")
    found_small, people_small = _queries(client, people_url, "zed")
    _, coaches_small = _queries(client, coach_url, "zed")
    _more_selected(volunteers, 90, prefix="Zorro")
    _supervisors(org, 90, prefix="Zorro")
    found_big, people_big = _queries(client, people_url, "z")
    _, coaches_big = _queries(client, coach_url, "z")
    assert (found_small, found_big) == (10, 20)
    assert people_small == people_big and coaches_small == coaches_big
