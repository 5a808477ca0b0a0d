# ruff: noqa: F811  (fixtures imported from tests.impact.conftest are used as parameters)
"""Playbooks in the browser: a coach follows "your next step" and sees it tick itself off; the lead
edits the default playbook and a new pilot gets the new version while the running one keeps its own."""

from __future__ import annotations

import datetime as dt
import urllib.request

from tests.conftest import PASSWORD
from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)


def _coach_ready(pilot, groups, org) -> None:
    """The coach's Recognize and Create steps are done in the pilot's data, and the group has a
    shared outcome: the next step is the first reflection."""
    from workshift.conditions.models import CoachChecklist, Expectations
    from workshift.impact.models import WorkgroupCharter

    today = dt.date.today()
    CoachChecklist.objects.create(
        pilot=pilot,
        coach=org["people"]["coach"],
        **{part: "Agreed with the lead." for part in CoachChecklist.PARTS},
        **{f"{part}_date": today for part in CoachChecklist.PARTS},
    )
    Expectations.objects.create(pilot=pilot, new_expectations="New value, not task execution.")
    WorkgroupCharter.objects.create(
        workgroup=groups["a"], shared_outcome="Customers who fall behind stay with us."
    )


def test_a_coach_follows_the_next_step_and_the_lead_versions_the_playbook(
    page, live_server, login, shot, pilot, groups, metrics, org
) -> None:
    from workshift.leadership.models import StepTick
    from workshift.pilots.models import Pilot

    _coach_ready(pilot, groups, org)
    # the server's first request loads every URL module (charts, API); on a busy machine that
    # alone can outlast the browser's navigation timeout, so load them before the browser starts
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=180).close()

    # as the coach: the home page says what to do next
    login("cora", PASSWORD)
    page.goto(f"{live_server.url}/")
    next_step = page.locator("[data-testid=next-step]").first
    assert "Write the first reflection with your group" in next_step.inner_text()
    shot("leadership-01-home-next-step")
    # the pilot page says the same
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/")
    assert (
        "Write the first reflection with your group"
        in page.locator("[data-testid=next-step]").inner_text()
    )
    # follow the link: it opens the reflection form of the coach's own workgroup
    page.get_by_role("link", name="Write the first reflection with your group").click()
    assert f"/impact/workgroups/{groups['a'].pk}/reflections/new/" in page.url
    page.fill("#id_happened", "We called payday customers first and kept more promises.")
    page.get_by_role("button", name="Save the reflection").click()
    page.wait_for_url(lambda url: url.endswith("/reflections/"))

    # the step is ticked off from the pilot's data, without touching the checklist
    page.goto(f"{live_server.url}/")
    assert (
        "Write the first reflection"
        not in page.locator("[data-testid=next-step]").first.inner_text()
    )
    assert (
        "Answer the first obstacle raised to you"
        in page.locator("[data-testid=next-step]").first.inner_text()
    )
    page.goto(f"{live_server.url}/leadership/pilots/{pilot.pk}/playbook/")
    step = page.locator("[data-testid=step][data-key=coach-reflection]")
    assert step.get_attribute("data-done") == "1"
    assert "the pilot's data shows it" in step.inner_text()
    assert not StepTick.objects.exists()
    shot("leadership-02-coach-playbook")

    # as the lead: reword a coach step in the default playbook and publish it
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/leadership/playbooks/")
    shot("leadership-03-default-playbooks")
    page.get_by_role("link", name="Reword Know the frontline metrics").click()
    page.fill("#id_title", "Learn the frontline metrics by heart")
    page.get_by_role("button", name="Save to the draft").click()
    page.fill("#id_note", "Coaches learn the metrics by heart.")
    page.get_by_role("button", name="Publish").click()
    assert page.get_by_text("Published Playbooks version 2").is_visible()

    # a new pilot gets version 2
    page.goto(f"{live_server.url}/pilots/new/")
    page.fill("#id_name", "Second wave")
    page.locator("form.ws-form button[type=submit], main form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/pilots/new/" not in url)
    fresh = Pilot.objects.get(name="Second wave")
    page.goto(f"{live_server.url}/leadership/pilots/{fresh.pk}/playbook/?role=coach")
    assert page.get_by_text("Learn the frontline metrics by heart").is_visible()
    assert "Playbooks version 2" in page.locator("main").inner_text()

    # the running pilot keeps version 1 until the lead moves it on
    page.goto(f"{live_server.url}/leadership/pilots/{pilot.pk}/playbook/?role=coach")
    metrics_step = page.locator("[data-testid=step][data-key=coach-metrics]").inner_text()
    assert "Know the frontline metrics" in metrics_step and "by heart" not in metrics_step
    assert page.get_by_role("button", name="Move the pilot to Playbooks version 2").is_visible()
    shot("leadership-04-running-pilot-keeps-version")
    # its hand ticks and data ticks survive the move
    page.get_by_role("button", name="Move the pilot to Playbooks version 2").click()
    page.wait_for_selector("text=The pilot now follows Playbooks version 2")
    assert "Learn the frontline metrics by heart" in (
        page.locator("[data-testid=step][data-key=coach-metrics]").inner_text()
    )
    assert (
        page.locator("[data-testid=step][data-key=coach-reflection]").get_attribute("data-done")
        == "1"
    )
