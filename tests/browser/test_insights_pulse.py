"""A member answers the pulse; the champion sees results with the small group hidden; a coach asks who can help."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def pulse_pilot(pilot: Any, org: dict[str, Any]) -> Any:
    from workshift.conditions.models import Workgroup, WorkgroupMember
    from workshift.insights.models import PULSE_FIELDS
    from workshift.insights.services import collaboration_import, pulse_answer, pulse_round_create
    from workshift.people.models import OrgUnit, Person

    col = org["units"]["CC-COL"]
    north = Workgroup.objects.create(pilot=pilot, name="North", coach=org["people"]["coach"])
    south = Workgroup.objects.create(pilot=pilot, name="South")
    people = [
        Person.objects.create(
            employee_id=f"P{i:03d}",
            first_name=f"Pat{i}",
            last_name="Specialist",
            unit=col,
            job_title="Collections Specialist",
        )
        for i in range(10)
    ]
    WorkgroupMember.objects.create(workgroup=north, person=org["people"]["member"])
    for person in people[:6]:
        WorkgroupMember.objects.create(workgroup=north, person=person)
    for person in people[6:]:
        WorkgroupMember.objects.create(workgroup=south, person=person)
    today = dt.date.today()
    pulse_round = pulse_round_create(
        pilot=pilot, opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=5)
    )
    for i, person in enumerate(people):
        pulse_answer(
            pulse_round=pulse_round,
            person=person,
            answers={f: 2 + i % 4 for f in PULSE_FIELDS},
            comment="More time with customers helps." if i == 0 else "",
        )
    data = OrgUnit.objects.create(code="DATA", name="Data and Analytics", parent=org["units"]["HQ"])
    Person.objects.create(
        employee_id="D001",
        first_name="Dana",
        last_name="Data",
        unit=data,
        job_title="Data Analyst",
        skills=["churn modelling", "python"],
    )
    lines = ["person,other_person,count,period"] + [
        f"{a.employee_id},{b.employee_id},12,2026-10"
        for a, b in zip(people, people[1:], strict=False)
    ]
    collaboration_import(text="\n".join(lines), source_name="counts.csv", user=None)
    return {"pilot": pilot, "round": pulse_round, "north": north}


def test_a_member_answers_and_the_champion_sees_only_safe_groups(
    page, live_server, login, shot, pulse_pilot
) -> None:
    pilot = pulse_pilot["pilot"]
    login("max", PASSWORD)
    page.goto(f"{live_server.url}/insights/pilots/{pilot.pk}/pulse/")
    page.get_by_role("link", name="Answer now (2 minutes)").click()
    shot("insights-pulse-answer")
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_text("your answers are in").is_visible()
    assert page.get_by_text("You answered").is_visible()

    login("carl", PASSWORD)
    page.goto(f"{live_server.url}/insights/pilots/{pilot.pk}/pulse/")
    assert page.locator("td", has_text="Whole pilot").is_visible()
    assert (
        "Workgroup South (fewer than 5 respondents)"
        in page.get_by_test_id("suppressed").inner_text()
    )
    shot("insights-pulse-results")


def test_a_coach_asks_who_can_help_and_reads_why(
    page, live_server, login, shot, pulse_pilot
) -> None:
    pilot = pulse_pilot["pilot"]
    login("cora", PASSWORD)
    page.goto(f"{live_server.url}/insights/pilots/{pilot.pk}/connections/")
    page.fill("#id_q", "We cannot tell which customers will churn after a missed payment.")
    page.select_option("#id_workgroup", label="North")
    page.get_by_role("button", name="Suggest people").click()
    first = page.get_by_test_id("suggestions").locator("li").first
    assert "Dana Data" in first.inner_text()
    assert "Why:" in first.inner_text()
    shot("insights-who-can-help")

    login("carl", PASSWORD)
    page.goto(f"{live_server.url}/insights/pilots/{pilot.pk}/connections/")
    assert page.get_by_role("heading", name="Units that never talk").is_visible()
    shot("insights-connections-champion")
