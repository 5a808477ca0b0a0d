"""The planning endpoints of the Act-for-impact API: charter, practices, evaluation and slices."""

from __future__ import annotations

import json

import pytest


def _put(client, url: str, body: dict):
    return client.put(url, json.dumps(body), content_type="application/json")


def _post(client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_member_commits_to_a_shared_outcome_over_the_api(client_for, groups, metrics) -> None:
    url = f"/api/workgroups/{groups['a'].pk}/charter"
    body = {
        "shared_outcome": "Customers who fall behind stay with us and trust us more",
        "metric_id": metrics["business"].pk,
        "powerful_question": "What would make a missed payment the start of a better relationship?",
    }
    response = _put(client_for("member"), url, body)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    assert client_for("coach").get(url).json()["powerful_question"].startswith("What would make")


def test_the_api_refuses_an_outcome_that_is_the_metric_itself(client_for, groups, metrics) -> None:
    response = _put(
        client_for("member"),
        f"/api/workgroups/{groups['a'].pk}/charter",
        {"shared_outcome": metrics["business"].name, "metric_id": metrics["business"].pk},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "shared_outcome"


def test_a_stale_charter_edit_gets_409_and_keeps_the_first(client_for, groups, metrics) -> None:
    url = f"/api/workgroups/{groups['a'].pk}/charter"
    body = {"shared_outcome": "First outcome wording", "metric_id": metrics["business"].pk}
    assert _put(client_for("member"), url, body).status_code == 200
    assert (
        _put(
            client_for("coach"), url, body | {"shared_outcome": "Second", "edit_version": 1}
        ).status_code
        == 200
    )
    stale = _put(client_for("member"), url, body | {"shared_outcome": "Third", "edit_version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert client_for("member").get(url).json()["shared_outcome"] == "Second"


def test_a_member_adopts_practices_and_an_unknown_one_is_refused(client_for, groups) -> None:
    from workshift.impact.models import Practice

    starters = list(Practice.objects.filter(starter=True).values_list("pk", flat=True)[:3])
    url = f"/api/workgroups/{groups['a'].pk}/practices"
    response = _post(client_for("member"), url, {"practice_ids": starters})
    assert response.status_code == 201 and len(response.json()) == 3
    assert {row["practice_id"] for row in client_for("member").get(url).json()} == set(starters)
    assert _post(client_for("member"), url, {"practice_ids": [999999]}).status_code == 422


def test_the_workgroup_evaluates_an_opportunity_and_starts_a_slice_from_it(
    client_for, groups, metrics
) -> None:
    member = client_for("member")
    captured = _post(
        member,
        f"/api/workgroups/{groups['a'].pk}/opportunities",
        {"title": "Hardship calls come too late"},
    )
    assert captured.status_code == 201
    opportunity_id = captured.json()["id"]
    evaluated = _post(
        member,
        f"/api/opportunities/{opportunity_id}/evaluation",
        {"value": 4, "confidence": 0.75, "effort": 2, "metric_id": metrics["promise"].pk},
    )
    assert evaluated.status_code == 200, evaluated.content
    assert evaluated.json()["status"] == "evaluated"
    started = _post(
        member,
        f"/api/workgroups/{groups['a'].pk}/slices",
        {
            "title": "Call on day 3",
            "hypothesis": "Earlier calls keep more promises",
            "metric_id": metrics["promise"].pk,
            "expected_change": "+3 points",
            "start": "2026-11-01",
            "end": "2026-11-21",
            "opportunity_id": opportunity_id,
        },
    )
    assert started.status_code == 201, started.content
    assert started.json()["stage"] == "seek" and started.json()["opportunity_id"] == opportunity_id


def test_a_slice_longer_than_eight_weeks_is_refused_at_the_end_field(
    client_for, groups, metrics
) -> None:
    response = _post(
        client_for("member"),
        f"/api/workgroups/{groups['a'].pk}/slices",
        {
            "title": "Too big",
            "hypothesis": "h",
            "metric_id": metrics["promise"].pk,
            "expected_change": "+1",
            "start": "2026-01-01",
            "end": "2026-06-01",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "end"


def test_a_metric_of_another_pilot_is_refused_naming_the_payload_field(
    client_for, groups, metrics
) -> None:
    """The form's `metric` is the payload's `metric_id`: the error names what the client sent."""
    response = _post(
        client_for("member"),
        f"/api/workgroups/{groups['a'].pk}/slices",
        {
            "title": "Elsewhere",
            "hypothesis": "h",
            "metric_id": 999_999,
            "expected_change": "+1",
            "start": "2026-01-01",
            "end": "2026-01-20",
        },
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["metric_id"]


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/api/workgroups/{b}/charter"),
        ("put", "/api/workgroups/{b}/charter"),
        ("get", "/api/workgroups/{b}/practices"),
        ("post", "/api/workgroups/{b}/practices"),
        ("post", "/api/workgroups/{b}/slices"),
    ],
)
def test_a_member_of_a_gets_404_on_the_planning_endpoints_of_b(
    client_for, groups, metrics, method, path
) -> None:
    url = path.format(b=groups["b"].pk)
    body = {
        "practice_ids": [1],
        "shared_outcome": "x",
        "metric_id": metrics["business"].pk,
        "title": "t",
        "hypothesis": "h",
        "expected_change": "c",
        "start": "2026-01-01",
        "end": "2026-01-10",
    }
    client = client_for("member")
    response = (
        getattr(client, method)(url, json.dumps(body), content_type="application/json")
        if method != "get"
        else client.get(url)
    )
    assert response.status_code == 404


def test_a_manager_reads_the_charter_but_may_not_change_it(client_for, groups, metrics) -> None:
    url = f"/api/workgroups/{groups['a'].pk}/charter"
    assert client_for("manager").get(url).status_code == 200
    body = {"shared_outcome": "Anything", "metric_id": metrics["business"].pk}
    assert _put(client_for("manager"), url, body).status_code == 403
