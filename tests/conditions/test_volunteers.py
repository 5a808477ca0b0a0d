"""The volunteer call: a public form with an unguessable link, selection with reasons, counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from workshift.conditions import services
from workshift.conditions.models import Application, VolunteerCall


@pytest.fixture
def open_call(pilot):
    return services.volunteer_call_create(
        pilot=pilot,
        title="Join a workgroup",
        message="Help customers stay.",
        places=24,
        deadline=dt.date.today() + dt.timedelta(days=7),
        ask_attributes=["discipline"],
    )


def _answers(**overrides):
    data = {
        "employee_id": "C0001",
        "email": "",
        "why": "Customers leave after one bad month.",
        "problem": "Plans that fail in month two.",
        "availability": "Full time from March",
    }
    data.update(overrides)
    return data


def test_a_person_applies_without_an_account(org, open_call) -> None:
    org["colleagues"][1].email = "col1@example.com"
    org["colleagues"][1].save()
    response = Client().post(
        reverse("conditions:apply", args=[open_call.token]),
        _answers(employee_id="c0001", email="COL1@example.com", attr_discipline="collections"),
    )
    assert response.status_code == 200 and b"Thank you" in response.content
    application = Application.objects.get()
    assert application.person == org["colleagues"][1]
    assert application.answers == {"discipline": "collections"}
    assert b"rank" not in response.content.lower()


def test_it_refuses_missing_answers_at_the_fields_and_keeps_what_was_typed(org, open_call) -> None:
    response = Client().post(
        reverse("conditions:apply", args=[open_call.token]),
        _answers(employee_id="T0005", email="max@example.com", why="", problem=""),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"why", "problem"}
    assert b'id="id_why_error"' in response.content
    assert form["availability"].value() == "Full time from March"
    assert form["employee_id"].value() == "T0005"
    assert Application.objects.count() == 0


def test_it_refuses_an_employee_id_that_does_not_match_the_email(org, open_call) -> None:
    response = Client().post(
        reverse("conditions:apply", args=[open_call.token]),
        _answers(employee_id="T0005", email="someone@example.com"),
    )
    assert response.status_code == 400
    assert "do not match anyone" in response.context["form"].errors["employee_id"][0]
    assert Application.objects.count() == 0


def test_the_call_is_closed_after_the_deadline(org, open_call) -> None:
    VolunteerCall.objects.filter(pk=open_call.pk).update(
        deadline=dt.date.today() - dt.timedelta(days=1)
    )
    response = Client().post(
        reverse("conditions:apply", args=[open_call.token]),
        _answers(employee_id="T0005", email="max@example.com"),
    )
    assert b"This call closed" in response.content
    assert Application.objects.count() == 0


def test_an_unknown_link_is_not_found(db) -> None:
    assert Client().get(reverse("conditions:apply", args=["not-a-token"])).status_code == 404


def test_the_link_is_unguessable(open_call) -> None:
    assert len(open_call.token) >= 32


def test_the_lead_sees_applications_against_places_and_selects_with_a_reason(
    client_for, pilot, volunteers, users
) -> None:
    client = client_for("lead")
    response = client.get(reverse("conditions:call", args=[pilot.pk]))
    assert response.status_code == 200
    assert (
        response.context["count"],
        response.context["selected"],
        response.context["call"].places,
    ) == (40, 24, 24)
    application = volunteers["applications"][30]
    url = reverse("conditions:application_decide", args=[pilot.pk, application.pk])
    # a decision without a reason is refused, with a message naming the field
    refused = client.post(url, {"status": "selected", "reason": ""}, follow=True)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert [str(m) for m in refused.context["messages"]] == [
        f"{application.person}: Reason: Record the reason for this decision."
    ]
    client.post(url, {"status": "selected", "reason": "Speaks Polish; few in the pool do."})
    application.refresh_from_db()
    assert application.status == "selected" and application.decided_by == users["lead"]
    assert application.decision_reason == "Speaks Polish; few in the pool do."


def test_applications_export_as_csv_and_sort(client_for, pilot, volunteers) -> None:
    client = client_for("lead")
    csv = client.get(reverse("conditions:call", args=[pilot.pk]) + "?format=csv").content.decode()
    assert len(csv.strip().splitlines()) == 41
    page = client.get(reverse("conditions:call", args=[pilot.pk]) + "?sort=-status&status=selected")
    assert page.context["page"].paginator.count == 24


def test_the_lead_opens_a_call(client_for, pilot) -> None:
    response = client_for("lead").post(
        reverse("conditions:call", args=[pilot.pk]),
        {
            "title": "Join",
            "message": "Why",
            "places": 30,
            "deadline": "2030-01-31",
            "ask_attributes": ["discipline"],
        },
    )
    assert response.status_code == 302
    call = VolunteerCall.objects.get()
    assert call.places == 30 and call.ask_attributes == ["discipline"] and call.token


def test_it_refuses_a_call_with_too_many_places_and_keeps_the_input(client_for, pilot) -> None:
    response = client_for("lead").post(
        reverse("conditions:call", args=[pilot.pk]),
        {"title": "Join", "message": "Why", "places": 500, "deadline": "2030-01-31"},
    )
    assert response.status_code == 400
    assert "15-60 volunteers" in response.context["form"].errors["places"][0]
    assert response.context["form"]["title"].value() == "Join"


def test_a_call_saved_by_someone_else_meanwhile_is_not_overwritten(
    client_for, pilot, open_call
) -> None:
    url = reverse("conditions:call", args=[pilot.pk])
    data = {"title": "Join", "message": "Why", "places": 24, "deadline": "2030-01-31"}
    assert client_for("lead").post(url, {**data, "edit_version": 1}).status_code == 302
    # a save based on version 1 (now 2) is refused and the second editor's input stays
    response = client_for("administrator").post(
        url, {**data, "title": "Another title", "edit_version": 1}
    )
    assert response.status_code == 400 and b"Someone else saved" in response.content
    assert response.context["form"]["title"].value() == "Another title"
    open_call.refresh_from_db()
    assert open_call.title == "Join" and open_call.version == 2


@pytest.mark.parametrize(
    ("role", "expected"),
    [("lead", 200), ("administrator", 200), ("coach", 403), ("member", 403), ("outsider", 404)],
)
def test_only_leads_see_the_applications(client_for, pilot, volunteers, role, expected) -> None:
    assert client_for(role).get(reverse("conditions:call", args=[pilot.pk])).status_code == expected


def test_the_public_page_offers_each_distinct_answer_once_in_flat_queries(
    org, open_call, django_assert_max_num_queries
) -> None:
    from workshift.people.models import Person

    def add(n: int, start: int) -> None:
        Person.objects.bulk_create(
            Person(
                employee_id=f"Q{start + i:04d}",
                first_name="Q",
                last_name=f"Person {start + i}",
                unit=org["units"]["CC-COL"],
                attributes={"discipline": ["quality", "sales"][i % 2], "langs": ["en", "fr"]},
            )
            for i in range(n)
        )

    url = reverse("conditions:apply", args=[open_call.token])
    open_call.ask_attributes = ["discipline", "langs"]
    open_call.save()
    add(5, 0)
    with django_assert_max_num_queries(10) as few:
        response = Client().get(url)
    form = response.context["form"]
    # then each value of the entry point's people is offered once, sorted; lists offer none
    assert [c for c, _ in form.fields["attr_discipline"].choices if c] == [
        "collections",
        "quality",
        "sales",
    ]
    assert [c for c, _ in form.fields["attr_langs"].choices if c] == []
    # and two hundred more people cost no more queries
    add(200, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert Client().get(url).status_code == 200
