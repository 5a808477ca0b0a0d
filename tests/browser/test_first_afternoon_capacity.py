"""A new program lead's first capacity plan, in a real browser: one step at a time."""

from __future__ import annotations

from tests.browser.conftest import pick_person
from tests.conftest import PASSWORD


def _indicator(page) -> str:
    return page.get_by_test_id("step-indicator").inner_text()


def _primary(page):
    return page.get_by_test_id("primary-action")


def _is_open(page, number: int) -> bool:
    return page.locator(f"#step-{number}").get_attribute("open") is not None


def test_a_new_lead_builds_the_capacity_plan_step_by_step(
    page, live_server, login, shot, pilot, org
) -> None:
    member, receiver = org["people"]["member"], org["colleagues"][0]

    # the lead opens the capacity plan of a pilot that has none yet
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/conditions/pilots/{pilot.pk}/capacity/")
    # one primary action, the step indicator, one open form
    assert _primary(page).count() == 1
    assert _primary(page).inner_text() == "Add a participant"
    assert _indicator(page) == "Step 1 of 3: Add the participants"
    assert [_is_open(page, n) for n in (1, 2, 3)] == [True, False, False]
    assert not page.locator("#id_name").is_visible()  # the task form waits behind its step
    shot("capacity-first-step")

    # step 1: she adds the first participant
    pick_person(page, "participant_person", member.employee_id, member.full_name)
    page.locator("#step-1").get_by_role("button", name="Add participant").click()
    page.wait_for_url(f"**/conditions/pilots/{pilot.pk}/capacity/")

    # step 2 is now the primary action, and step 1 says what was done
    assert _indicator(page) == "Step 2 of 3: Free their time"
    assert _primary(page).inner_text() == "Hand off a task"
    assert [_is_open(page, n) for n in (1, 2, 3)] == [False, True, False]
    done = page.locator("li[data-step='1']")
    assert "done" in done.inner_text() and "1 participant" in done.inner_text()
    assert page.locator("li[data-step='2']").get_attribute("aria-current") == "step"

    # a folded step opens from the keyboard, without a script
    page.locator("#step-1 > summary").focus()
    page.keyboard.press("Enter")
    assert _is_open(page, 1)
    page.keyboard.press("Enter")
    assert not _is_open(page, 1)

    # a mistake: a borrowed task without the colleague who takes it
    step = page.locator("#step-2")
    assert step.locator("label[for=id_share]").inner_text().startswith("Share of working time")
    step.locator("#id_participant").select_option(label=f"{member.full_name} (capacity)")
    step.locator("#id_name").fill("Inbound queue")
    step.locator("#id_share").fill("40")
    step.locator("#id_method").select_option("borrow")
    step.get_by_role("button", name="Add task").click()
    # the message sits next to the field, what she typed is kept, the step stays open
    error = page.locator("#id_receiver_error")
    assert "choose who" in error.inner_text()
    assert (
        page.locator("#id_receiver").get_attribute("aria-describedby").endswith("id_receiver_error")
    )
    assert page.input_value("#id_name") == "Inbound queue"
    assert page.input_value("#id_share") == "40"
    assert page.input_value("#id_method") == "borrow"
    assert _indicator(page) == "Step 2 of 3: Free their time"
    assert _is_open(page, 2)
    shot("capacity-task-refused")

    # she names the colleague, and hands off a second task until 80% is freed
    pick_person(page, "receiver", receiver.employee_id, receiver.full_name)
    page.locator("#step-2").get_by_role("button", name="Add task").click()
    page.wait_for_url(f"**/conditions/pilots/{pilot.pk}/capacity/")
    step = page.locator("#step-2")
    assert _is_open(page, 2)
    step.locator("#id_participant").select_option(label=f"{member.full_name} (capacity)")
    step.locator("#id_name").fill("Reminder calls")
    step.locator("#id_share").fill("40")
    step.locator("#id_method").select_option("build")
    step.get_by_role("button", name="Add task").click()
    page.wait_for_url(f"**/conditions/pilots/{pilot.pk}/capacity/")

    # step 3: the load of the colleague who takes the queue
    assert _indicator(page) == "Step 3 of 3: Check who takes the work"
    assert _primary(page).inner_text() == "Record a receiver's load"
    assert page.locator(f"tr[data-person={member.employee_id}]").inner_text().count("80%") == 1
    pick_person(page, "load_person", receiver.employee_id, receiver.full_name)
    page.locator("#id_load_baseline_load").fill("50")
    page.locator("#step-3").get_by_role("button", name="Save load").click()
    page.wait_for_url(f"**/conditions/pilots/{pilot.pk}/capacity/")

    # finished: every step is done, and nobody is above 100%
    assert _indicator(page).startswith("All 3 steps done")
    assert page.locator("li[data-step][data-done='1']").count() == 3
    assert page.locator(f"tr[data-receiver={receiver.employee_id}]").inner_text().count("90%") == 1
    assert not page.get_by_role("alert").filter(has_text="Overburdened").count()
    shot("capacity-plan-done")
