# ruff: noqa: F811  (fixtures imported from tests.impact.conftest are used as parameters)
"""A workgroup's week in the browser: a member acts, the coach escalates, the champion answers, the member sees it."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.impact.conftest import baseline_readings, groups, metrics  # noqa: F401  (fixtures)


def test_a_member_works_the_loop_and_an_obstacle_is_answered(
    page, live_server, login, shot, groups, metrics, baseline_readings, csp_violations
) -> None:  # noqa: F811
    from workshift.impact.catalog import practices_seed
    from workshift.impact.models import MetricReading, Obstacle

    practices_seed()
    wg = groups["a"]
    base = f"{live_server.url}/impact/workgroups/{wg.pk}"

    # as the member: adopt the three suggested practices
    login("max", PASSWORD)
    page.goto(f"{base}/")
    shot("impact-01-space-empty")
    page.goto(f"{base}/practices/")
    assert page.locator("input[name=practices]:checked").count() == 3
    page.get_by_role("button", name="Adopt").click()
    assert page.locator("[data-testid=adopted-practice]").count() == 3
    shot("impact-02-practices-adopted")

    # write the shared outcome and the powerful question
    page.goto(f"{base}/charter/")
    page.fill("#id_shared_outcome", "Customers who fall behind stay with us and come out stronger.")
    page.select_option("#id_metric", label="Customers retained after a collection event")
    page.fill(
        "#id_powerful_question",
        "How might we make a missed payment the start of a better relationship?",
    )
    page.get_by_role("button", name="Save").click()
    assert "come out stronger" in page.locator("[data-testid=shared-outcome]").inner_text()

    # capture an opportunity, evaluate it, start a slice from it
    page.goto(f"{base}/opportunities/")
    page.fill("#id_title", "Promise dates that ignore payday")
    page.fill("#id_for_whom", "Customers paid monthly")
    page.fill("#id_evidence", "Half of broken promises were set in the week before payday.")
    page.get_by_role("button", name="Capture").click()
    page.select_option("#id_value", "4")
    page.select_option("#id_metric", label="Promise kept rate")
    page.select_option("#id_confidence", "0.75")
    page.select_option("#id_effort", "2")
    page.get_by_role("button", name="Save the evaluation").click()
    shot("impact-03-backlog")
    page.get_by_role("link", name="Promise dates that ignore payday").click()
    page.get_by_role("link", name="Start a slice from it").click()
    page.fill(
        "#id_hypothesis",
        "If promise dates follow the customer's payday, more promises will be kept.",
    )
    page.fill("#id_expected_change", "+4 points")
    page.get_by_role("button", name="Start the slice").click()
    assert "Seek data and context" in page.locator("[data-testid=loop]").inner_text()
    shot("impact-04-slice")

    # record a reading beyond normal variation
    page.goto(f"{base}/readings/")
    page.select_option("#id_metric", label="Promise kept rate")
    page.fill("#id_value", "92")
    page.get_by_role("button", name="Record").click()
    assert page.get_by_text("is beyond normal variation").first.is_visible()
    assert MetricReading.objects.get(value=92).flag == "above_limit"
    shot("impact-05-readings")
    response = page.goto(f"{base}/metrics/{metrics['promise'].pk}/")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.wait_for_selector("#chart[data-rendered='1']")
    page.wait_for_selector("#chart svg, #chart canvas")
    # the chart draws under the Content-Security-Policy: no inline script, no eval, no inline style
    assert csp_violations() == []
    shot("impact-06-chart")

    # write an after-action reflection
    page.goto(f"{base}/reflections/new/")
    page.select_option("#id_kind", "after")
    page.fill("#id_expected", "A few more kept promises.")
    page.fill("#id_happened", "The promise kept rate jumped to 92%.")
    page.fill("#id_why", "Promise dates matched when money was there.")
    page.fill("#id_differently", "Ask about payday in every first call.")
    page.get_by_role("button", name="Save the reflection").click()
    assert page.get_by_text("The promise kept rate jumped to 92%.").is_visible()

    # raise an obstacle
    page.goto(f"{base}/obstacles/")
    page.fill("#id_title", "Fee waivers need two approvals")
    page.select_option("#id_kind", "political")
    page.fill("#id_description", "Customers wait days for an answer and stop picking up.")
    page.fill("#id_proposed_solution", "Let specialists waive one fee per customer per year.")
    page.get_by_role("button", name="Raise it").click()
    obstacle = Obstacle.objects.get(title="Fee waivers need two approvals")
    assert page.locator("[data-testid=obstacle-level]").inner_text() == "coach"
    page.goto(f"{base}/")
    shot("impact-07-space-member")

    # as the coach: escalate it to the program lead
    login("cora", PASSWORD)
    page.goto(f"{live_server.url}/impact/obstacles/{obstacle.pk}/")
    page.fill("#id_note", "Needs a policy decision above my level.")
    page.get_by_role("button", name="Escalate").click()
    assert page.locator("[data-testid=obstacle-level]").inner_text() == "program lead"
    shot("impact-08-escalated")

    # as the champion: answer it
    login("carl", PASSWORD)
    page.goto(f"{live_server.url}/impact/obstacles/{obstacle.pk}/")
    page.select_option("#id_status", "resolved")
    page.fill(
        "#id_answer", "Approved: specialists may waive one fee per customer per year, from Monday."
    )
    page.get_by_role("button", name="Send the answer").click()
    assert page.locator("[data-testid=obstacle-status]").inner_text() == "Resolved"
    shot("impact-09-answered")

    # as the member: the bell shows the answer, which opens the obstacle
    login("max", PASSWORD)
    page.goto(f"{base}/")
    assert page.locator("[data-testid=unread-count]").is_visible()
    page.locator(".ws-bell").click()
    shot("impact-10-notifications")
    page.locator("li", has_text="Answer to “Fee waivers need two approvals”").get_by_role(
        "button", name="Open"
    ).click()
    assert (
        "waive one fee per customer per year, from Monday"
        in page.locator("[data-testid=answer]").inner_text()
    )
    shot("impact-11-member-sees-answer")
