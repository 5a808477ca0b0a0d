"""Who may see and change what in the Create phase: every page for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workshift.conditions.models import Expectations, Workgroup, WorkgroupMember

ROLES = ["administrator", "lead", "champion", "coach", "member", "manager", "outsider", "anonymous"]


@pytest.fixture
def group(pilot, org):
    wg = Workgroup.objects.create(pilot=pilot, name="Second chances", coach=org["people"]["coach"])
    WorkgroupMember.objects.create(workgroup=wg, person=org["people"]["member"])
    return wg


def _pages(pilot, group, org):
    return {
        "overview": (
            reverse("conditions:overview", args=[pilot.pk]),
            {"administrator", "lead", "champion", "coach", "member", "manager"},
        ),
        "capacity": (
            reverse("conditions:capacity", args=[pilot.pk]),
            {"administrator", "lead", "champion"},
        ),
        "call": (
            reverse("conditions:call", args=[pilot.pk]),
            {"administrator", "lead", "champion"},
        ),
        "formation": (
            reverse("conditions:formation", args=[pilot.pk, "workgroups"]),
            {"administrator", "lead", "champion"},
        ),
        "cells": (
            reverse("conditions:formation", args=[pilot.pk, "cells"]),
            {"administrator", "lead", "champion"},
        ),
        "expectations": (
            reverse("conditions:expectations", args=[pilot.pk]),
            {"administrator", "lead", "champion"},
        ),
        "communities": (
            reverse("conditions:communities", args=[pilot.pk]),
            {"administrator", "lead", "champion", "coach", "member", "manager"},
        ),
        "coach": (
            reverse("conditions:coach", args=[pilot.pk, org["people"]["coach"].pk]),
            {"administrator", "lead", "champion", "coach"},
        ),
        "workgroup": (
            reverse("conditions:workgroup", args=[group.pk]),
            {"administrator", "lead", "champion", "coach", "member", "manager"},
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "overview",
        "capacity",
        "call",
        "formation",
        "cells",
        "expectations",
        "communities",
        "coach",
        "workgroup",
    ],
)
def test_each_page_answers_each_role_as_intended(client_for, pilot, group, org, role, name) -> None:
    url, allowed = _pages(pilot, group, org)[name]
    response = client_for(role).get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
    if role == "outsider":
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["overview", "coaches", "workgroup"])
def test_read_only_pages_refuse_other_methods(client_for, pilot, group, name) -> None:
    url = {
        "overview": reverse("conditions:overview", args=[pilot.pk]),
        "coaches": reverse("conditions:coaches", args=[pilot.pk]),
        "workgroup": reverse("conditions:workgroup", args=[group.pk]),
    }[name]
    assert client_for("lead").post(url).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        "capacity_exception",
        "capacity_task_delete",
        "application_decide",
        "run_confirm",
        "run_rescore",
        "acknowledge",
    ],
)
def test_actions_refuse_get(client_for, pilot, name) -> None:
    url = reverse(f"conditions:{name}", args=[pilot.pk, 1])
    assert client_for("lead").get(url).status_code == 405


def test_a_coach_edits_their_own_checklist_but_not_anothers(client_for, pilot, group, org) -> None:
    client = client_for("coach")
    # the coaches page takes a coach straight to their own checklist
    assert client.get(reverse("conditions:coaches", args=[pilot.pk]))["Location"] == reverse(
        "conditions:coach", args=[pilot.pk, org["people"]["coach"].pk]
    )
    response = client.post(
        reverse("conditions:coach", args=[pilot.pk, org["people"]["coach"].pk]),
        {
            "form": "checklist",
            "expectations": "Explained the vision.",
            "expectations_date": "2026-01-10",
            "edit_version": 1,
        },
    )
    assert response.status_code == 302
    assert group.coach.coach_checklists.get().expectations == "Explained the vision."
    assert (
        client.get(
            reverse("conditions:coach", args=[pilot.pk, org["people"]["manager"].pk])
        ).status_code
        == 404
    )


def test_a_checklist_saved_by_someone_else_meanwhile_is_not_overwritten(
    client_for, pilot, group, org
) -> None:
    url = reverse("conditions:coach", args=[pilot.pk, org["people"]["coach"].pk])
    client_for("coach").get(url)
    client_for("lead").post(
        url, {"form": "checklist", "focus": "Retention at 90 days", "edit_version": 1}
    )
    response = client_for("coach").post(
        url, {"form": "checklist", "focus": "Something else", "edit_version": 1}
    )
    assert response.status_code == 400 and b"Someone else saved" in response.content
    assert response.context["form"]["focus"].value() == "Something else"
    assert group.coach.coach_checklists.get().focus == "Retention at 90 days"


def test_a_coach_keeps_a_dated_log(client_for, pilot, group, org) -> None:
    url = reverse("conditions:coach", args=[pilot.pk, org["people"]["coach"].pk])
    client_for("coach").post(
        url,
        {
            "form": "log",
            "date": "2026-02-01",
            "workgroup": group.pk,
            "note": "First question chosen.",
        },
    )
    page = client_for("lead").get(url)
    assert b"First question chosen." in page.content


def test_a_member_acknowledges_the_expectations_once_with_the_date(
    client_for, pilot, group, org
) -> None:
    expectations = Expectations.objects.create(
        pilot=pilot,
        new_expectations="Find new value.",
        may=["Call customers"],
        may_not=["Waive fees"],
    )
    client = client_for("member")
    page = client.get(reverse("conditions:overview", args=[pilot.pk]))
    assert b">Acknowledge</button>" in page.content and b"Waive fees" in page.content
    response = client.post(reverse("conditions:acknowledge", args=[pilot.pk, expectations.pk]))
    assert response.status_code == 302
    ack = expectations.acknowledgements.get()
    assert ack.person == org["people"]["member"] and ack.acknowledged_on is not None
    assert (
        b"You acknowledged these"
        in client.get(reverse("conditions:overview", args=[pilot.pk])).content
    )


def test_a_member_cannot_acknowledge_another_workgroups_expectations(
    client_for, pilot, group, org
) -> None:
    other = Workgroup.objects.create(pilot=pilot, name="Other")
    expectations = Expectations.objects.create(pilot=pilot, workgroup=other, new_expectations="x")
    assert (
        client_for("member")
        .post(reverse("conditions:acknowledge", args=[pilot.pk, expectations.pk]))
        .status_code
        == 404
    )


def test_the_lead_saves_guardrails_as_lists(client_for, pilot, group) -> None:
    response = client_for("lead").post(
        reverse("conditions:expectations", args=[pilot.pk]),
        {
            "workgroup": group.pk,
            "new_expectations": "New value.",
            "may": "Call customers\n- Offer plans\n",
            "may_not": "Waive fees",
            "no_penalty": "No penalty.",
        },
    )
    assert response.status_code == 302
    e = Expectations.objects.get(workgroup=group)
    assert e.may == ["Call customers", "Offer plans"] and e.may_not == ["Waive fees"]


def test_expectations_saved_by_someone_else_meanwhile_are_not_overwritten(
    client_for, pilot, group
) -> None:
    url = reverse("conditions:expectations", args=[pilot.pk])
    data = {"workgroup": group.pk, "new_expectations": "First.", "no_penalty": "None."}
    assert client_for("lead").post(url, data).status_code == 302
    assert (
        client_for("champion")
        .post(url, {**data, "new_expectations": "Second.", "edit_version": 1})
        .status_code
        == 302
    )
    # a save based on version 1 (now 2) is refused, and the champion's text stays
    response = client_for("lead").post(
        url, {**data, "new_expectations": "Third.", "edit_version": 1}
    )
    assert response.status_code == 400 and b"Someone else saved" in response.content
    assert response.context["form"]["new_expectations"].value() == "Third."
    assert Expectations.objects.get(workgroup=group).new_expectations == "Second."


def test_the_overview_is_a_checklist_with_progress_for_the_lead(client_for, pilot, group) -> None:
    response = client_for("lead").get(reverse("conditions:overview", args=[pilot.pk]))
    steps = response.context["steps"]
    assert [s.title for s in steps][:3] == [
        "Free capacity",
        "Call for volunteers",
        "Form workgroups",
    ]
    assert response.context["done"] == sum(s.done for s in steps) >= 1
    assert b"Checklist of the phase" in response.content


def test_a_community_is_created_by_the_lead_and_seen_by_members(
    client_for, pilot, group, org
) -> None:
    client_for("lead").post(
        reverse("conditions:communities", args=[pilot.pk]),
        {
            "name": "Customer hardship",
            "topic": "Job loss and illness",
            "members": [org["people"]["member"].pk],
        },
    )
    page = client_for("member").get(reverse("conditions:communities", args=[pilot.pk]))
    assert b"Customer hardship" in page.content
    assert (
        client_for("member")
        .post(reverse("conditions:communities", args=[pilot.pk]), {"name": "x", "topic": "y"})
        .status_code
        == 403
    )


@pytest.mark.parametrize("role", ROLES)
def test_one_workgroup_is_opened_exactly_when_it_is_among_the_visible_ones(
    role, pilot, group, org, users
) -> None:
    """`workgroup_for_user` decides on one row what `workgroups_visible_to` decides on the table."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from workshift.conditions.access import workgroup_for_user, workgroups_visible_to

    other = Workgroup.objects.create(pilot=pilot, name="Elsewhere")  # no coach, no members
    user = AnonymousUser() if role == "anonymous" else users[role]
    visible = set(workgroups_visible_to(user=user).values_list("pk", flat=True))
    opened = set()
    for workgroup in (group, other):
        try:
            workgroup_for_user(user=user, pk=workgroup.pk)
        except Http404:
            continue
        opened.add(workgroup.pk)
    assert opened == visible & {group.pk, other.pk}
    assert (group.pk in opened) == (role not in ("outsider", "anonymous"))
