"""The insights API follows the page rules and answers in JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from workshift.insights.models import PULSE_FIELDS, PilotReport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role,status", [("champion", 200), ("member", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_pulse_results_follow_the_page_rules(pilot, crew, open_round, client_for, role, status):
    assert client_for(role).get(f"/api/pilots/{pilot.pk}/pulse").status_code == status


def test_pulse_results_hide_a_group_below_the_minimum(pilot, crew, open_round, answer, client_for):
    for person in crew["south"].members.all():
        answer(open_round, person)
    body = client_for("champion").get(f"/api/pilots/{pilot.pk}/pulse").json()
    assert body[0]["respondents"] == 4 and body[0]["shown"] == []
    assert body[0]["suppressed"][0]["reason"].startswith("fewer than")


def test_a_member_answers_the_pulse_and_bad_values_get_a_json_422(
    pilot, crew, open_round, client_for
):
    client = client_for("member")
    bad = client.post(
        f"/api/pulse/{open_round.pk}/answers",
        {**{f: 3 for f in PULSE_FIELDS}, "safety": 0},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "safety"
    good = client.post(
        f"/api/pulse/{open_round.pk}/answers",
        {f: 3 for f in PULSE_FIELDS},
        content_type="application/json",
    )
    assert good.status_code == 201
    again = client.post(
        f"/api/pulse/{open_round.pk}/answers",
        {f: 3 for f in PULSE_FIELDS},
        content_type="application/json",
    )
    assert again.status_code == 422 and "already" in again.json()["message"]


def test_stories_are_created_and_shared_through_consent(pilot, crew, client_for, org):
    payload = {
        "title": "T",
        "before": "b",
        "what_happened": "w",
        "after": "a",
        "author_consents": True,
        "involved_ids": [org["people"]["coach"].pk],
    }
    created = client_for("member").post(
        f"/api/pilots/{pilot.pk}/stories", payload, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["shared"] is False
    story_id = created.json()["id"]
    assert client_for("manager").get(f"/api/pilots/{pilot.pk}/stories").json()["items"] == []
    consent = client_for("coach").post(
        f"/api/stories/{story_id}/consent", {"consent": True}, content_type="application/json"
    )
    assert consent.status_code == 200 and consent.json()["shared"] is True
    assert (
        client_for("manager")
        .post(
            f"/api/stories/{story_id}/consent", {"consent": True}, content_type="application/json"
        )
        .status_code
        == 403
    )
    outsider = client_for("outsider").post(
        f"/api/pilots/{pilot.pk}/stories", payload, content_type="application/json"
    )
    assert outsider.status_code == 404
    stranger = {**payload, "involved_ids": [org["people"]["outsider"].pk]}
    assert (
        client_for("member")
        .post(f"/api/pilots/{pilot.pk}/stories", stranger, content_type="application/json")
        .status_code
        == 422
    )


def test_collaboration_import_over_the_api_is_all_or_nothing(org, users, client_for):
    bad = client_for("lead").post(
        "/api/collaboration",
        {"csv": "person,other_person,count,period\nT0004,X,1,2026-10\n"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "import_rejected"
    assert "row 2" in bad.json()["errors"][0]["field"]
    assert (
        client_for("member")
        .post("/api/collaboration", {"csv": ""}, content_type="application/json")
        .status_code
        == 403
    )
    good = client_for("lead").post(
        "/api/collaboration",
        {"csv": "person,other_person,count,period\nT0004,T0005,1,2026-10\n"},
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["rows"] == 1


def test_helpers_say_why(pilot, crew, client_for, org):
    from workshift.people.models import Person

    Person.objects.create(
        employee_id="Q1",
        first_name="Quinn",
        last_name="Query",
        unit=org["units"]["FIN"],
        job_title="Analyst",
        skills=["sql", "churn modelling"],
    )
    body = (
        client_for("coach").get(f"/api/pilots/{pilot.pk}/helpers", {"q": "churn modelling"}).json()
    )
    assert body[0]["name"] == "Quinn Query" and "churn modelling" in body[0]["why"]


def test_reports_are_for_overseers(pilot, users, client_for):
    report = PilotReport.objects.create(
        pilot=pilot, requested_by=users["lead"], as_of=dt.date.today()
    )
    assert client_for("lead").get(f"/api/pilots/{pilot.pk}/reports").status_code == 200
    assert client_for("member").get(f"/api/pilots/{pilot.pk}/reports").status_code == 403
    assert client_for("outsider").get(f"/api/reports/{report.pk}").status_code == 404
    assert client_for("lead").get(f"/api/reports/{report.pk}/pdf").status_code == 409
    assert client_for("anonymous").get(f"/api/reports/{report.pk}").status_code == 401


@pytest.mark.parametrize(
    "role,status", [("champion", 200), ("coach", 200), ("outsider", 404), ("anonymous", 401)]
)
def test_the_dashboard_endpoint_follows_the_page_rules(pilot, crew, client_for, role, status):
    response = client_for(role).get(f"/api/pilots/{pilot.pk}/dashboard")
    assert response.status_code == status
    if status == 200:
        assert {w["name"] for w in response.json()["workgroups"]} >= {"North"}


def test_the_dashboard_endpoint_filters_by_a_visible_workgroup_only(pilot, crew, client_for):
    body = (
        client_for("champion")
        .get(f"/api/pilots/{pilot.pk}/dashboard", {"workgroup_id": crew["south"].pk})
        .json()
    )
    assert [w["name"] for w in body["workgroups"]] == ["South"]
    assert (
        client_for("member")
        .get(f"/api/pilots/{pilot.pk}/dashboard", {"workgroup_id": crew["south"].pk})
        .status_code
        == 404
    )


def test_scale_next_is_for_overseers(pilot, client_for):
    assert client_for("lead").get(f"/api/pilots/{pilot.pk}/scale-next").status_code == 200
    assert client_for("member").get(f"/api/pilots/{pilot.pk}/scale-next").status_code == 403
