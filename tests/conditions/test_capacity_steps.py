"""The capacity plan page leads a lead through its three steps, one open form at a time, and
costs the same number of queries whatever the size of the plan."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conditions.conftest import capacity_step_form
from workshift.conditions import services
from workshift.conditions.models import CapacityParticipant
from workshift.people.models import Person


def _url(pilot, query: str = "") -> str:
    return reverse("conditions:capacity", args=[pilot.pk]) + query


def _open_steps(html: str) -> list[str]:
    return re.findall(r'<details class="ws-step[^"]*" id="step-(\d)" open>', html)


def test_a_new_pilot_opens_on_adding_participants(client_for, pilot) -> None:
    response = client_for("lead").get(_url(pilot))
    html = response.content.decode()
    steps = response.context["steps"]
    assert [s.current for s in steps] == [True, False, False]
    assert "Step 1 of 3: Add the participants" in html
    assert _open_steps(html) == ["1"]
    assert html.count('data-testid="primary-action"') == 1
    assert 'href="#step-1" data-testid="primary-action">Add a participant' in html


def test_with_a_participant_handing_off_tasks_becomes_the_step(client_for, pilot, org) -> None:
    # given a participant with nothing freed yet
    services.capacity_participant_add(pilot=pilot, person=org["people"]["member"])
    # when the lead opens the plan
    response = client_for("lead").get(_url(pilot))
    # then step 1 is done, with what was done, and step 2 is the one open form
    html = response.content.decode()
    first, second, _third = response.context["steps"]
    assert first.done and first.summary == "1 participant"
    assert second.current and not second.done
    assert not response.context["steps"][2].done  # nothing to check before any task is handed off
    assert "Step 2 of 3: Free their time" in html
    assert _open_steps(html) == ["2"]


def test_each_form_reaches_the_page_once_as_its_steps_form(client_for, pilot) -> None:
    response = client_for("lead").get(_url(pilot))
    assert [key for key in response.context.keys() if key.endswith("_form")] == []
    assert [(s.key, type(s.form).__name__) for s in response.context["steps"]] == [
        ("participant", "ParticipantForm"),
        ("task", "CapacityTaskForm"),
        ("receiver", "ReceiverForm"),
    ]


def test_a_step_can_be_opened_by_its_link(client_for, pilot, org) -> None:
    services.capacity_participant_add(pilot=pilot, person=org["people"]["member"])
    html = client_for("lead").get(_url(pilot, "?step=1")).content.decode()
    assert _open_steps(html) == ["1"]
    assert 'aria-current="step" data-step="1"' in html


def test_a_participants_row_links_to_handing_off_their_tasks(client_for, pilot, org) -> None:
    row = services.capacity_participant_add(pilot=pilot, person=org["people"]["member"])
    html = client_for("lead").get(_url(pilot)).content.decode()
    assert f"?step=2&amp;participant={row.pk}#step-2" in html
    response = client_for("lead").get(_url(pilot, f"?step=2&participant={row.pk}"))
    assert capacity_step_form(response, "task")["participant"].value() == str(row.pk)


def test_a_refused_form_reopens_its_step_with_the_message_and_the_input(
    client_for, pilot, org
) -> None:
    # given a plan that needs its tasks (step 2)
    services.capacity_participant_add(pilot=pilot, person=org["people"]["member"])
    receiver = org["colleagues"][0]
    # when the lead records a load above the allowed 200%
    response = client_for("lead").post(
        _url(pilot), {"form": "receiver", "person": receiver.pk, "baseline_load": "250"}
    )
    # then step 3 is the open one, the error sits next to its field, and the input is kept
    assert response.status_code == 400
    html = response.content.decode()
    assert _open_steps(html) == ["3"]
    assert "Step 3 of 3: Check who takes the work" in html
    form = capacity_step_form(response, "receiver")
    assert form.errors["baseline_load"]
    assert (
        'id="id_load_baseline_load_error">Ensure this value is less than or equal to 200.' in html
    )
    assert 'name="baseline_load" value="250"' in html
    assert form["baseline_load"].value() == "250"
    assert form["person"].value() == str(receiver.pk)


def test_a_complete_plan_says_so_and_keeps_handing_off_open(client_for, pilot, org) -> None:
    row = services.capacity_participant_add(pilot=pilot, person=org["people"]["member"])
    services.capacity_task_add(participant=row, name="Inbound queue", share=80, method="buy")
    response = client_for("lead").get(_url(pilot))
    html = response.content.decode()
    assert all(s.done for s in response.context["steps"])
    assert response.context["current"] is None
    assert "All 3 steps done" in html
    assert _open_steps(html) == ["2"]


def _add_participants(*, pilot, org, n: int, offset: int) -> None:
    receivers = org["colleagues"][:3]
    for i in range(n):
        person = Person.objects.create(
            employee_id=f"S{offset + i}",
            first_name="Sam",
            last_name=f"{offset + i:04d}",
            unit=org["units"]["CC-COL"],
        )
        row = services.capacity_participant_add(pilot=pilot, person=person)
        services.capacity_task_add(
            participant=row,
            name="Queue",
            share=40,
            method="borrow",
            receiver=receivers[i % len(receivers)],
            note="late shift",
        )
        services.capacity_task_add(participant=row, name="Reports", share=20, method="simplify")


def test_the_page_makes_the_same_number_of_queries_with_few_and_many_rows(
    client_for, pilot, org
) -> None:
    client = client_for("lead")
    _add_participants(pilot=pilot, org=org, n=3, offset=0)
    client.get(_url(pilot))  # the session and the user are loaded once
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(pilot)).status_code == 200
    _add_participants(pilot=pilot, org=org, n=120, offset=100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(pilot))
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_it_shows_one_page_of_participants_at_a_time(client_for, pilot, org) -> None:
    from workshift.conditions.views.capacity import PARTICIPANTS_PER_PAGE

    _add_participants(pilot=pilot, org=org, n=PARTICIPANTS_PER_PAGE + 3, offset=0)
    client = client_for("lead")
    first = client.get(_url(pilot)).content.decode()
    assert first.count("data-person=") == PARTICIPANTS_PER_PAGE
    assert f"Page 1 of 2 · {PARTICIPANTS_PER_PAGE + 3} in all" in first
    last = client.get(_url(pilot, "?page=2")).content.decode()
    assert last.count("data-person=") == 3
    # the export still holds every participant
    csv = client.get(_url(pilot, "?format=csv")).content.decode()
    assert csv.count("\nS") == 2 * (PARTICIPANTS_PER_PAGE + 3)


def test_removing_a_task_from_the_page_posts_to_its_own_address(client_for, pilot, org) -> None:
    row = services.capacity_participant_add(pilot=pilot, person=org["people"]["member"])
    task = services.capacity_task_add(participant=row, name="Queue", share=30, method="buy")
    client = client_for("lead")
    html = client.get(_url(pilot)).content.decode()
    delete = reverse("conditions:capacity_task_delete", args=[pilot.pk, task.pk])
    exception = reverse("conditions:capacity_exception", args=[pilot.pk, row.pk])
    assert f'action="{delete}"' in html and f'action="{exception}"' in html
    assert client.post(delete).status_code == 302
    assert not CapacityParticipant.objects.get(pk=row.pk).tasks.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("coach", 403), ("member", 403), ("manager", 403), ("outsider", 404)]
)
def test_others_cannot_post_a_step(client_for, pilot, org, role, status) -> None:
    response = client_for(role).post(
        _url(pilot), {"form": "participant", "person": org["people"]["member"].pk}
    )
    assert response.status_code == status
    assert not CapacityParticipant.objects.filter(pilot=pilot).exists()


def test_anonymous_is_sent_to_log_in_and_other_methods_are_refused(client_for, pilot) -> None:
    response = client_for("anonymous").get(_url(pilot, "?step=2"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for("lead").put(_url(pilot)).status_code == 405
