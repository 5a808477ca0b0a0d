"""The capacity plan page and the rule that a pilot runs only with 75% freed (or a recorded exception)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conditions.conftest import capacity_step_form
from workshift.conditions import services
from workshift.conditions.models import CapacityParticipant, CapacityTask
from workshift.pilots.services import StatusChangeBlocked, pilot_set_status


@pytest.fixture
def plan(pilot, org):
    """Max freed 80%, a colleague freed 60%; one receiver pushed to 110%."""
    member, colleagues = org["people"]["member"], org["colleagues"]
    receiver, other = colleagues[2], colleagues[3]
    services.capacity_receiver_set(pilot=pilot, person=receiver, baseline_load=70)
    services.capacity_receiver_set(pilot=pilot, person=other, baseline_load=10)
    max_row = services.capacity_participant_add(pilot=pilot, person=member)
    col_row = services.capacity_participant_add(pilot=pilot, person=colleagues[0])
    services.capacity_task_add(
        participant=max_row, name="Inbound queue", share=40, method="borrow", receiver=receiver
    )
    services.capacity_task_add(participant=max_row, name="Reminder calls", share=40, method="build")
    services.capacity_task_add(
        participant=col_row, name="Arrears report", share=10, method="simplify"
    )
    services.capacity_task_add(
        participant=col_row, name="Plan paperwork", share=50, method="borrow", receiver=other
    )
    return {"member": max_row, "colleague": col_row, "receiver": receiver, "other": other}


def test_the_page_flags_an_overloaded_receiver_and_participants_below_75(
    client_for, pilot, plan
) -> None:
    response = client_for("lead").get(reverse("conditions:capacity", args=[pilot.pk]))
    assert response.status_code == 200
    overview = response.context["overview"]
    assert [r.person for r in overview.overloaded] == [plan["receiver"]]
    assert [r.person for r in overview.below] == [plan["colleague"].person]
    assert b"Overburdened" in response.content and b"would be at 110%" in response.content
    assert b"below 75%" in response.content


def test_the_page_suggests_consolidating_onto_someone_with_room(client_for, pilot, plan) -> None:
    response = client_for("lead").get(reverse("conditions:capacity", args=[pilot.pk]))
    lines = response.context["overview"].suggestion_lines
    assert any("Inbound queue" in line and str(plan["other"]) in line for line in lines)


def test_the_pilot_cannot_run_until_everyone_has_75_percent_or_an_exception(
    pilot, plan, users
) -> None:
    pilot.status = "preparing"
    pilot.save()
    with pytest.raises(StatusChangeBlocked) as blocked:
        pilot_set_status(pilot=pilot, status="running")
    assert "Colleague0" in str(blocked.value) and "75%" in str(blocked.value)
    # when the lead records an explicit exception
    services.capacity_exception_record(
        participant=plan["colleague"], reason="Starts full time in week 3.", user=users["lead"]
    )
    assert pilot_set_status(pilot=pilot, status="running").status == "running"


def test_an_exception_is_visible_to_everyone_in_the_pilot(client_for, pilot, plan, users) -> None:
    client_for("lead").post(
        reverse("conditions:capacity_exception", args=[pilot.pk, plan["colleague"].pk]),
        {"reason": "Starts full time in week 3."},
    )
    assert CapacityParticipant.objects.get(pk=plan["colleague"].pk).exception_by == users["lead"]
    response = client_for("member").get(reverse("conditions:overview", args=[pilot.pk]))
    assert b"Starts full time in week 3." in response.content


def test_it_refuses_a_borrowed_task_without_a_receiver_and_keeps_the_input(
    client_for, pilot, plan
) -> None:
    response = client_for("lead").post(
        reverse("conditions:capacity", args=[pilot.pk]),
        {
            "form": "task",
            "participant": plan["colleague"].pk,
            "name": "Late shift queue",
            "share": 20,
            "method": "borrow",
        },
    )
    assert response.status_code == 400
    form = capacity_step_form(response, "task")
    assert "choose who" in form.errors["receiver"][0]
    assert form["name"].value() == "Late shift queue"
    assert not CapacityTask.objects.filter(name="Late shift queue").exists()


def test_it_refuses_handing_work_to_another_participant(client_for, pilot, plan) -> None:
    response = client_for("lead").post(
        reverse("conditions:capacity", args=[pilot.pk]),
        {
            "form": "task",
            "participant": plan["colleague"].pk,
            "name": "Queue",
            "share": 20,
            "method": "borrow",
            "receiver": plan["member"].person.pk,
        },
    )
    assert "takes part in the pilot" in capacity_step_form(response, "task").errors["receiver"][0]


def test_it_adds_a_task_and_exports_the_plan(client_for, pilot, plan) -> None:
    client = client_for("champion")
    response = client.post(
        reverse("conditions:capacity", args=[pilot.pk]),
        {
            "form": "task",
            "participant": plan["colleague"].pk,
            "name": "Callbacks",
            "share": 15,
            "method": "relax",
        },
    )
    assert response.status_code == 302
    csv = client.get(
        reverse("conditions:capacity", args=[pilot.pk]) + "?format=csv"
    ).content.decode()
    assert (
        "Callbacks" in csv
        and "metric relaxed" in csv
        and csv.splitlines()[0].startswith("employee_id")
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lead", 200),
        ("champion", 200),
        ("administrator", 200),
        ("coach", 403),
        ("member", 403),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("query", ["", "?step=3"])
def test_only_leads_champions_and_administrators_see_the_capacity_plan(
    client_for, pilot, role, expected, query
) -> None:
    url = reverse("conditions:capacity", args=[pilot.pk]) + query
    assert client_for(role).get(url).status_code == expected


def test_capacity_page_query_count_stays_flat(
    client_for, pilot, org, django_assert_max_num_queries
) -> None:
    from workshift.people.models import Person

    def add(n, offset):
        for i in range(n):
            p = Person.objects.create(
                employee_id=f"Q{offset + i}",
                first_name="Q",
                last_name=str(i),
                unit=org["units"]["CC-COL"],
            )
            row = services.capacity_participant_add(pilot=pilot, person=p)
            services.capacity_task_add(
                participant=row, name="t", share=80, method="borrow", receiver=org["colleagues"][0]
            )

    client = client_for("lead")
    add(5, 0)
    with django_assert_max_num_queries(40):
        client.get(reverse("conditions:capacity", args=[pilot.pk]))
    add(60, 100)
    with django_assert_max_num_queries(40):
        client.get(reverse("conditions:capacity", args=[pilot.pk]))


def test_the_dashboards_totals_match_the_capacity_overview(plan, pilot) -> None:
    from workshift.conditions.selectors import capacity_overview, capacity_totals

    overview = capacity_overview(pilot=pilot)
    totals = capacity_totals(pilot=pilot)
    assert totals.freed == {row.person.pk: row.freed for row in overview.participants}
    assert totals.below_target == len(overview.below) > 0
    assert totals.overloaded_receivers == len(overview.overloaded) > 0
