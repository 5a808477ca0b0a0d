"""The champion opens the dashboard, filters by workgroup and downloads the pilot report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import PASSWORD

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture
def lively_pilot(pilot: Any, org: dict[str, Any]) -> Any:
    from workshift.conditions.models import Workgroup, WorkgroupMember
    from workshift.insights.models import PULSE_FIELDS
    from workshift.insights.services import pulse_answer, pulse_round_create, story_create
    from workshift.people.models import Person
    from workshift.pilots.models import Metric

    col = org["units"]["CC-COL"]
    north = Workgroup.objects.create(pilot=pilot, name="North", coach=org["people"]["coach"])
    south = Workgroup.objects.create(pilot=pilot, name="South")
    people = [
        Person.objects.create(
            employee_id=f"B{i:03d}",
            first_name=f"Bea{i}",
            last_name="Specialist",
            unit=col,
            job_title="Collections Specialist",
        )
        for i in range(12)
    ]
    for person in people[:7]:
        WorkgroupMember.objects.create(workgroup=north, person=person)
    for person in people[7:]:
        WorkgroupMember.objects.create(workgroup=south, person=person)
    metric = Metric.objects.create(
        pilot=pilot,
        level="frontline",
        name="Customers kept after a missed payment",
        unit="%",
        direction="up",
        cadence="weekly",
        baseline=61,
        target=70,
    )
    today = dt.date.today()
    from workshift.impact.models import MetricReading, Obstacle

    for week, value in enumerate([60, 62, 63, 66]):
        for group, shift in ((north, 1.0), (south, -1.0)):
            MetricReading.objects.create(
                workgroup=group,
                metric=metric,
                value=value + shift,
                on=today - dt.timedelta(weeks=4 - week),
            )
    Obstacle.objects.create(
        workgroup=north,
        title="No access to payment history",
        kind="systemic",
        due_date=today - dt.timedelta(days=2),
    )
    for weeks in (4, 2, 0):
        pulse_round = pulse_round_create(
            pilot=pilot,
            opens_on=today - dt.timedelta(weeks=weeks),
            closes_on=today - dt.timedelta(weeks=weeks) + dt.timedelta(days=5),
        )
        for i, person in enumerate(people):
            pulse_answer(
                pulse_round=pulse_round,
                person=person,
                answers={f: 2 + (i + weeks) % 4 for f in PULSE_FIELDS},
                today=pulse_round.opens_on,
            )
    story_create(
        pilot=pilot,
        author=people[0],
        title="North found the hardship pattern",
        before="Calls bounced.",
        what_happened="We asked why.",
        after="One owner per case.",
        workgroup=north,
        author_consents=True,
    )
    story_create(
        pilot=pilot,
        author=people[8],
        title="South rewrote the reminder",
        before="Ignored letters.",
        what_happened="We asked customers.",
        after="Earlier calls.",
        workgroup=south,
        author_consents=True,
    )
    return {"pilot": pilot, "north": north}


def test_the_champion_filters_the_dashboard_and_downloads_the_report(
    page, live_server, login, shot, lively_pilot, settings, tmp_path, csp_violations
) -> None:
    settings.TASKS = IMMEDIATE
    pilot = lively_pilot["pilot"]
    login("carl", PASSWORD)
    page.goto(f"{live_server.url}/insights/pilots/{pilot.pk}/")
    assert page.get_by_role("heading", name="Results on the metrics that matter").is_visible()
    assert page.get_by_text("North found the hardship pattern").is_visible()
    assert page.get_by_text("South rewrote the reminder").is_visible()
    assert (
        page.locator(".ws-svg-chart svg").count() == 2
    )  # the metric from its readings, and the pulse
    assert page.get_by_text("No access to payment history").is_visible()
    shot("insights-dashboard-champion")

    # filter by workgroup: only North's story remains and the pulse follows the group
    page.select_option("#filter-workgroup", label="Workgroup North")
    page.wait_for_url(lambda url: "workgroup=" in url)
    assert csp_violations() == []
    assert page.get_by_text("North found the hardship pattern").is_visible()
    assert page.get_by_text("South rewrote the reminder").count() == 0
    assert page.get_by_role("heading", name="Pulse: workgroup North").is_visible()
    shot("insights-dashboard-filtered")

    # write the report and download it
    page.get_by_role("link", name="Pilot report").click()
    page.get_by_role("button", name="Write a report now").click()
    download_link = page.get_by_role("link", name="Download PDF")
    download_link.wait_for(timeout=60_000)
    shot("insights-reports")
    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / "report.pdf"
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename.endswith(".pdf")
