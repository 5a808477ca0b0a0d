"""A program lead walks through Recognize the opportunity in a real browser."""

from __future__ import annotations

from tests.browser.conftest import pick_person
from tests.conftest import PASSWORD


def _submit(page) -> None:
    with page.expect_navigation():
        page.click("form.ws-form button[type=submit]")


def _select(page, field: str, label: str) -> None:
    page.select_option(f"#id_{field}", label=label)


def _rate(page, live_server, pilot_pk: int, unit: str, **values) -> None:
    page.goto(f"{live_server.url}/pilots/{pilot_pk}/entry-points/new/")
    _select(page, "unit", unit)
    for field, value in values.items():
        if isinstance(value, bool):
            page.set_checked(f"#id_{field}", value)
        elif field in ("freeable_capacity_pct", "pool_size"):
            page.fill(f"#id_{field}", str(value))
        else:
            _select(page, field, value)
    _submit(page)
    page.wait_for_url(f"**/pilots/{pilot_pk}/entry-points/")


def test_a_lead_recognizes_the_opportunity_end_to_end(
    page, live_server, login, shot, users, org, csp_violations
) -> None:
    from workshift.pilots.models import EntryCandidate, Metric, Pilot

    login("lena", PASSWORD)
    # create the pilot
    page.goto(f"{live_server.url}/pilots/")
    shot("pilots-list-empty")
    page.click("text=New pilot")
    page.fill("#id_name", "Collections that keep customers")
    page.fill("#id_vision_value", "Keep customers after a missed payment.")
    page.fill("#id_vision_focus", "Find why customers fall behind.")
    page.fill("#id_vision_capabilities", "Curiosity and empathy.")
    _submit(page)
    pilot = Pilot.objects.get(name="Collections that keep customers")
    assert (
        page.get_by_text("0 of 7 steps done").is_visible()
        or page.get_by_text("1 of 7 steps done").is_visible()
    )
    shot("pilot-overview-new")

    # catalyst: first a weak one, then fixed
    page.click(".nav-pills >> text=Catalyst")
    _select(page, "kind", "Automation already freeing capacity")
    page.fill("#id_description", "The new dialer takes over reminder calls.")
    for field in ("must_break", "urgent", "beyond_optimization"):
        _select(page, field, "Yes")
    _select(page, "capacity", "No")
    page.fill("#id_capacity_note", "Everyone is busy with the migration.")
    page.check("#id_absorbing_change")
    _submit(page)
    verdict = page.locator("#verdict")
    assert "Weak catalyst" in verdict.inner_text()
    assert "absorb attention and capacity" in verdict.inner_text()
    shot("catalyst-weak")
    _select(page, "capacity", "Yes")
    page.uncheck("#id_absorbing_change")
    _submit(page)
    assert "Strong catalyst" in page.locator("#verdict").inner_text()
    shot("catalyst-strong")

    # champion
    page.click(".nav-pills >> text=Champion")
    pick_person(page, "person", "carl", "Carl Champion")
    page.check("#id_is_c_level")
    page.fill("#id_committed_on", "2026-01-05")
    page.fill("#id_communicated_on", "2026-01-20")
    page.fill("#id_covered_on", "2026-02-01")
    page.fill("#id_vision", "We will transform collections with automation.")
    _submit(page)
    assert "job loss" in page.locator("#champion-summary").inner_text()
    shot("champion-warning")
    page.fill(
        "#id_vision",
        "Nobody loses their job: the specialists who join get time to learn and a say in what to fix.",
    )
    page.check("#id_vision_frontline_gain")
    _submit(page)
    assert "Warnings" not in page.locator("#champion-summary").inner_text()
    shot("champion-ok")

    # three entry points, one with a small pool, one outside the champion's influence
    _rate(
        page,
        live_server,
        pilot.pk,
        "Collections (CC-COL)",
        position="Core",
        supervisors_motivated="5 · very high",
        leadership_support="4 · high",
        freeable_capacity_pct=80,
        pool_size=116,
    )
    _rate(
        page,
        live_server,
        pilot.pk,
        "Contact Center (CC)",
        position="Core",
        supervisors_motivated="3 · medium",
        freeable_capacity_pct=75,
        pool_size=12,
    )
    _rate(
        page,
        live_server,
        pilot.pk,
        "Finance (FIN)",
        unit_type="Function",
        coupling="Interdependent",
        freeable_capacity_pct=80,
        pool_size=70,
        in_champion_influence=False,
    )
    # the chart is drawn by the server: no script to wait for, a native tooltip on each point
    assert page.locator("#entry-chart svg").count() >= 1
    assert csp_violations() == []
    points = page.locator("#entry-chart .ws-chart-point")
    assert points.count() == 3
    points.first.focus()
    tooltip = points.first.locator("title").text_content()
    assert "rank 1" in tooltip and "impact" in tooltip
    assert page.evaluate("() => [...document.scripts].some(s => s.src.includes('vega'))") is False
    shot("entry-points-chart-hover")
    ranking = page.locator("#ranking tbody tr")
    assert ranking.count() == 3
    assert "Collections" in ranking.nth(0).inner_text()
    assert "12 people" in page.locator("tr[data-candidate='CC']").inner_text()
    assert (
        "outside the champion's influence" in page.locator("tr[data-candidate='FIN']").inner_text()
    )
    shot("entry-points-ranking")

    # choose Collections
    page.locator("tr[data-candidate='CC-COL'] >> text=Choose").click()
    _submit(page)
    assert page.locator("#id_reason_error").is_visible()
    page.fill("#id_reason", "Motivated supervisors and the dialer frees the capacity.")
    _submit(page)
    page.wait_for_url(f"**/pilots/{pilot.pk}/entry-points/")
    assert "chosen" in page.locator("tr[data-candidate='CC-COL']").inner_text()
    chosen = EntryCandidate.objects.get(chosen_at__isnull=False)
    assert chosen.unit.code == "CC-COL" and chosen.chosen_by.username == "lena"

    # metrics tree, with a refused metric on the way
    page.click(".nav-pills >> text=Metrics that matter")
    shot("metrics-empty")
    page.click("text=Add the key business metric")
    page.fill("#id_name", "Revenue from existing customers")
    page.fill("#id_unit", "EUR m")
    _select(page, "direction", "Up is good")
    _select(page, "cadence", "Monthly")
    _submit(page)
    page.click("text=Add operating metric")
    page.fill("#id_name", "Customer retention 90 days after a collection event")
    page.fill("#id_unit", "%")
    _select(page, "direction", "Up is good")
    _submit(page)
    page.click("text=Add frontline metric")
    page.fill("#id_name", "Repeat delinquency within 60 days")
    page.fill("#id_unit", "%")
    _submit(page)
    assert "up or down is good" in page.locator("#id_direction_error").inner_text()
    assert page.input_value("#id_name") == "Repeat delinquency within 60 days"
    shot("metric-refused-without-direction")
    _select(page, "direction", "Down is good")
    _submit(page)
    page.wait_for_url(f"**/pilots/{pilot.pk}/metrics/")
    assert page.locator(".ws-metric-frontline").count() == 1
    shot("metrics-tree")
    levels = {m.name: (m.level, m.parent.name if m.parent else None) for m in Metric.objects.all()}
    assert levels["Repeat delinquency within 60 days"] == (
        "frontline",
        "Customer retention 90 days after a collection event",
    )

    page.click(".nav-pills >> text=Overview")
    shot("pilot-overview-recognized")
    assert page.get_by_text("7 of 7 steps done").is_visible()


def test_a_member_sees_vision_and_metrics_only(page, live_server, login, shot, pilot) -> None:
    login("max", PASSWORD)
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/")
    assert page.locator(".nav-pills >> text=Catalyst").count() == 0
    shot("pilot-overview-member")
    response = page.goto(f"{live_server.url}/pilots/{pilot.pk}/catalyst/")
    assert response.status == 403
