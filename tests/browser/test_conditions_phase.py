"""The whole Create phase in a real browser, on a demo-like pilot."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import pick_person
from tests.conditions.pool import volunteer_pool
from tests.conftest import PASSWORD


@pytest.fixture
def phase(pilot, org, users, settings):
    """40 applications to an open call, 23 already selected; one receiver already at 90% load."""
    from workshift.conditions import services
    from workshift.people.models import Person

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    pool = volunteer_pool(
        pilot=pilot,
        org=org,
        lead=users["lead"],
        deadline=dt.date.today() + dt.timedelta(days=7),
        selected=23,
    )
    for person in pool["selected"]:
        row = services.capacity_participant_add(pilot=pilot, person=person)
        services.capacity_task_add(participant=row, name="Inbound queue", share=50, method="buy")
        services.capacity_task_add(participant=row, name="Reminder calls", share=30, method="build")
    busy = org["colleagues"][0]
    services.capacity_receiver_set(pilot=pilot, person=busy, baseline_load=90)
    newcomer = Person.objects.create(
        employee_id="N0001",
        first_name="Nadia",
        last_name="Fresh",
        email="nadia@example.com",
        unit=org["units"]["CC-COL"],
        job_title="Collections Specialist",
        attributes={"discipline": "quality", "shift": "evening"},
        skills=["sql", "empathy"],
    )
    return {**pool, "busy": busy, "newcomer": newcomer}


def _score(page) -> float:
    return float(page.locator("#score-value").inner_text().replace(",", ""))


def test_a_lead_runs_the_whole_phase(page, live_server, login, shot, pilot, phase) -> None:
    base = live_server.url
    # 1. capacity plan: a task handed to an already busy colleague is flagged
    login("lena", PASSWORD)
    page.goto(f"{base}/conditions/pilots/{pilot.pk}/capacity/")
    task_form = page.locator("form:has(input[name=form][value=task])")
    task_form.locator("select[name=participant]").select_option(
        label=f"{phase['selected'][1]} (capacity)"
    )
    task_form.locator("input[name=name]").fill("Payment plan paperwork")
    task_form.locator("input[name=share]").fill("20")
    task_form.locator("select[name=method]").select_option("borrow")
    pick_person(page, "receiver", phase["busy"].employee_id, phase["busy"].full_name)
    task_form.get_by_role("button", name="Add task").click()
    alert = page.get_by_role("alert").filter(has_text="Overburdened")
    assert "would be at 110%" in alert.inner_text()
    assert (
        page.locator(f"tr[data-receiver={phase['busy'].employee_id}] .badge").inner_text()
        == "overloaded"
    )
    shot("conditions-capacity-overloaded")

    # 2. a volunteer applies through the public link, without an account
    public_url = f"{base}/conditions/apply/{phase['call'].token}/"
    anonymous = page.context.browser.new_context()
    form_page = anonymous.new_page()
    form_page.goto(public_url)
    form_page.fill("#id_employee_id", "N0001")
    form_page.fill("#id_email", "nadia@example.com")
    form_page.fill("#id_problem", "Letters customers do not understand.")
    form_page.fill("#id_availability", "Full time")
    form_page.get_by_role("button", name="Send my application").click()
    assert form_page.locator("#id_why_error").is_visible()
    assert form_page.input_value("#id_problem") == "Letters customers do not understand."
    form_page.screenshot(path="screenshots/conditions-apply-missing.png", full_page=True)
    form_page.fill("#id_why", "I see angry customers after every letter; I want to fix that.")
    form_page.select_option("#id_attr_shift", "evening")
    form_page.get_by_role("button", name="Send my application").click()
    assert form_page.get_by_role("heading", name="Thank you, Nadia").is_visible()
    form_page.screenshot(path="screenshots/conditions-apply-done.png", full_page=True)
    anonymous.close()

    # 3. the lead selects her as the 24th volunteer, with a reason
    page.goto(f"{base}/conditions/pilots/{pilot.pk}/call/?status=submitted")
    row = page.locator("tr[data-applicant=N0001]")
    row.locator("select[name=status]").select_option("selected")
    row.locator("input[name=reason]").fill(
        "Brings a quality view; evening shift is under-represented."
    )
    row.get_by_role("button", name="Record").click()
    page.goto(f"{base}/conditions/pilots/{pilot.pk}/call/")
    assert page.locator("#app-count").inner_text() == "41"
    assert page.locator("#selected-count").inner_text() == "24"
    shot("conditions-call")

    # 4. form 4 workgroups from the 24 selected volunteers
    page.goto(f"{base}/conditions/pilots/{pilot.pk}/form/workgroups/")
    # everyone selected is the default; the page lists none of them
    assert page.is_checked("#id_everyone")
    assert "(24 people)" in page.locator("label[for=id_everyone]").inner_text()
    assert page.locator("#id_people").is_hidden()
    assert page.input_value("#id_groups") == "4"
    page.fill("#id_seconds", "0.5")
    shot("conditions-formation-settings")
    page.get_by_role("button", name="Form workgroups").click()
    page.wait_for_selector("#score-value")
    assert page.locator(".ws-drop").count() == 4
    before = _score(page)
    shot("conditions-formation-result")

    # move one person with the keyboard-accessible menu, one by dragging; the score follows
    first = page.locator(".ws-drop[data-group='0'] .ws-person").first
    name = first.get_attribute("data-name")
    first.locator("select").select_option("1")
    # a function, not an expression string: the page's Content-Security-Policy refuses eval
    page.wait_for_function(
        "(before) => document.getElementById('score-value') && parseFloat(document.getElementById('score-value').textContent) !== before",
        arg=before,
    )
    after_select = _score(page)
    assert after_select != before
    assert page.locator(f".ws-drop[data-group='1'] .ws-person[data-name='{name}']").count() == 1
    moved_id = page.locator(".ws-drop[data-group='1'] .ws-person").first.get_attribute(
        "data-person"
    )
    mover = page.locator(f".ws-person[data-person='{moved_id}']")
    moved_name = mover.get_attribute("data-name")
    page.set_viewport_size({"width": 1280, "height": 2200})  # no scrolling while the mouse drags
    mover.drag_to(page.locator(".ws-drop[data-group='0']"), source_position={"x": 30, "y": 12})
    page.wait_for_function(
        "(after) => parseFloat(document.getElementById('score-value').textContent) !== after",
        arg=after_select,
    )
    assert (
        page.locator(f".ws-drop[data-group='0'] .ws-person[data-name='{moved_name}']").count() == 1
    )
    assert [int(c.inner_text()) for c in page.locator("[data-count]").all()] == [6, 6, 6, 6]
    page.set_viewport_size({"width": 1280, "height": 900})
    shot("conditions-formation-moved")
    page.get_by_role("button", name="Confirm these workgroups").click()
    assert page.get_by_text("Workgroups confirmed and saved.").is_visible()
    shot("conditions-workgroups-confirmed")

    # 5. three cells across the workgroups
    page.goto(f"{base}/conditions/pilots/{pilot.pk}/form/cells/")
    assert page.input_value("#id_groups") == "3"
    page.fill("#id_seconds", "0.5")
    page.get_by_role("button", name="Form cells").click()
    page.wait_for_selector("#score-value")
    assert page.locator(".ws-drop").count() == 3
    page.get_by_role("button", name="Confirm these cells").click()
    assert page.get_by_text("Cells confirmed and saved.").is_visible()

    # 6. expectations and guardrails for the whole pilot
    page.goto(f"{base}/conditions/pilots/{pilot.pk}/expectations/")
    page.fill(
        "#id_new_expectations",
        "Find why customers fall behind and what keeps them; the queue is covered.",
    )
    page.fill("#id_may", "Call customers of the pilot portfolio\nOffer payment plans within policy")
    page.fill("#id_may_not", "Change fees\nContact customers in legal recovery")
    page.fill("#id_initial_problem", "Half of payment plans fail in month two.")
    page.get_by_role("button", name="Save expectations").click()
    assert page.get_by_text("Expectations for the whole pilot saved.").is_visible()
    shot("conditions-expectations")

    page.goto(f"{base}/conditions/pilots/{pilot.pk}/")
    shot("conditions-overview-lead")
    assert page.get_by_text("Checklist of the phase").is_visible()

    # 7. a participant acknowledges them from their pilot page
    login("max", PASSWORD)
    page.goto(f"{base}/conditions/pilots/{pilot.pk}/")
    assert page.get_by_text("Contact customers in legal recovery").is_visible()
    page.get_by_role("button", name="Acknowledge").click()
    assert page.get_by_text("You acknowledged these.").is_visible()
    shot("conditions-acknowledged-member")

    from workshift.conditions.models import Acknowledgement, Cell, Workgroup

    assert Workgroup.objects.filter(pilot=pilot).count() == 4
    assert Cell.objects.filter(pilot=pilot).count() == 3
    assert Acknowledgement.objects.filter(person__employee_id="T0005").count() == 1
