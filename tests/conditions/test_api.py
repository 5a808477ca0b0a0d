"""The Create phase over the REST API."""

from __future__ import annotations

import json

import pytest

from workshift.conditions.models import Expectations, Workgroup, WorkgroupMember

API = "/api"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_api_requires_authentication(client, pilot) -> None:
    response = client.get(f"{API}/pilots/{pilot.pk}/capacity")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(("role", "expected"), [("lead", 200), ("member", 403), ("outsider", 404)])
def test_capacity_is_for_leads(client_for, pilot, role, expected) -> None:
    assert client_for(role).get(f"{API}/pilots/{pilot.pk}/capacity").status_code == expected


def test_a_formation_runs_scores_and_confirms_over_the_api(
    client_for, pilot, volunteers, immediate_tasks
) -> None:
    client = client_for("lead")
    started = _post(
        client,
        f"{API}/pilots/{pilot.pk}/formations",
        {
            "groups": 4,
            "min_size": 6,
            "max_size": 6,
            "weights": {"discipline": 1, "skills": 1},
            "seconds": 0.3,
        },
    )
    assert started.status_code == 202, started.content
    run = started.json()
    assert run["status"] == "done" and run["formation_version"] == 1
    assignment = dict(zip(run["result"]["people"], run["result"]["assignment"], strict=True))
    scored = _post(
        client,
        f"{API}/pilots/{pilot.pk}/formation-runs/{run['id']}/score",
        {"assignment": assignment},
    )
    assert scored.json()["score"] == pytest.approx(run["result"]["score"])
    confirmed = _post(
        client,
        f"{API}/pilots/{pilot.pk}/formation-runs/{run['id']}/confirm",
        {"assignment": assignment, "expected_version": 1},
    )
    assert confirmed.status_code == 200 and confirmed.json()["formation_version"] == 2
    again = _post(
        client,
        f"{API}/pilots/{pilot.pk}/formation-runs/{run['id']}/confirm",
        {"assignment": assignment, "expected_version": 1},
    )
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    groups = client.get(f"{API}/pilots/{pilot.pk}/workgroups").json()
    assert len(groups) == 4 and sum(len(g["member_ids"]) for g in groups) == 24


def test_an_infeasible_formation_answers_with_the_engines_message(
    client_for, pilot, volunteers, engine_message
) -> None:
    response = _post(
        client_for("lead"),
        f"{API}/pilots/{pilot.pk}/formations",
        {
            "people": [p.pk for p in volunteers["selected"][:20]],
            "groups": 4,
            "min_size": 6,
            "max_size": 8,
            "weights": {"discipline": 1},
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "infeasible"
    assert body["message"] == engine_message(n=20, groups=4, min_size=6, max_size=8)


def test_it_rejects_group_sizes_outside_the_rules(client_for, pilot, volunteers) -> None:
    response = _post(
        client_for("lead"),
        f"{API}/pilots/{pilot.pk}/formations",
        {"groups": 2, "min_size": 1, "max_size": 30, "weights": {"discipline": 1}},
    )
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "The request has invalid fields.",
        "errors": [
            {"field": "min_size", "message": "Must be 3 to 15."},
            {"field": "max_size", "message": "Must be 3 to 15."},
        ],
    }
    # the smallest group above the largest is named at the largest
    response = _post(
        client_for("lead"),
        f"{API}/pilots/{pilot.pk}/formations",
        {"groups": 2, "min_size": 8, "max_size": 6, "weights": {"discipline": 1}},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "max_size", "message": "The largest group cannot be smaller than the smallest."}
    ]


def test_members_see_only_their_own_workgroup_and_acknowledge(client_for, pilot, org) -> None:
    mine = Workgroup.objects.create(pilot=pilot, name="Mine")
    WorkgroupMember.objects.create(workgroup=mine, person=org["people"]["member"])
    other = Workgroup.objects.create(pilot=pilot, name="Other")
    client = client_for("member")
    assert [g["name"] for g in client.get(f"{API}/pilots/{pilot.pk}/workgroups").json()] == ["Mine"]
    assert client.get(f"{API}/workgroups/{other.pk}").status_code == 404
    expectations = Expectations.objects.create(pilot=pilot, new_expectations="New value.")
    response = client.post(f"{API}/pilots/{pilot.pk}/expectations/{expectations.pk}/acknowledge")
    assert (
        response.status_code == 200 and response.json()["person_id"] == org["people"]["member"].pk
    )


def test_applications_list_is_paginated_for_the_lead(client_for, pilot, volunteers) -> None:
    body = client_for("lead").get(f"{API}/pilots/{pilot.pk}/applications").json()
    assert body["count"] == 40 and len(body["items"]) == 40
