"""A new program lead's first afternoon in Recognize: no step leaves them without a way on."""

from __future__ import annotations

from tests.browser.conftest import pick_person
from tests.conftest import PASSWORD


def _submit(page, selector: str = "form.ws-form button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


def test_the_lead_saves_a_champion_with_warnings_acknowledges_one_and_goes_on(
    page, live_server, login, shot, pilot, csp_violations
) -> None:
    from workshift.pilots.models import Champion

    login("lena", PASSWORD)
    # the lead names the champion with a vision that names nobody on the frontline
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/champion/")
    pick_person(page, "person", "carl", "Carl Champion")
    page.check("#id_is_c_level")
    page.fill("#id_committed_on", "2026-01-05")
    page.fill("#id_communicated_on", "2026-01-20")
    page.fill("#id_covered_on", "2026-02-01")
    page.fill("#id_vision", "We will transform collections with automation.")
    _submit(page)
    # the save went through, and the page says so
    assert "Champion saved." in page.locator("main [role=status]").first.inner_text()
    assert page.locator("#champion-saved").is_visible()
    assert Champion.objects.get(pilot=pilot).vision.startswith("We will transform")
    vision = page.locator("[data-warning=vision]")
    assert "does not mention the frontline people involved" in vision.inner_text()
    shot("first-afternoon-champion-warning")
    # she reads the warning and goes on
    _submit(page, "[data-warning=vision] button:has-text('I have read this; go on')")
    vision = page.locator("[data-warning=vision]")
    assert (
        "Acknowledged" in vision.inner_text() and "Read and acknowledged by" in vision.inner_text()
    )
    assert "does not mention the frontline people involved" in vision.inner_text()
    shot("first-afternoon-champion-acknowledged")
    # the overview still shows the warning, marked acknowledged, not passed
    page.click(".nav-pills >> text=Overview")
    step = page.locator("[data-step=champion_vision]")
    assert "Acknowledged, not passed" in step.inner_text()
    # and the next step is one click away
    page.click(".nav-pills >> text=Champion")
    page.click("#next-step >> text=Next: entry points")
    page.wait_for_url(f"**/pilots/{pilot.pk}/entry-points/")
    assert csp_violations() == []


def test_the_lead_adds_an_operating_metric_choosing_among_the_parents_offered(
    page, live_server, login, shot, pilot, csp_violations
) -> None:
    from workshift.pilots.models import Metric

    business = Metric.objects.create(
        pilot=pilot,
        level="business",
        name="Revenue from existing customers",
        unit="EUR",
        direction="up",
        cadence="monthly",
    )
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/metrics/new/")
    # a key business metric has no parent: the field says so and cannot be changed
    assert page.locator("#id_parent").is_disabled()
    assert "it has no parent" in page.locator("#parent-field").inner_text()
    # choosing "operating" brings the metrics it may sit under
    with page.expect_response(lambda r: "/metrics/parent-field/" in r.url):
        page.select_option("#id_level", label="Operating metric")
    page.wait_for_selector("#id_parent:not([disabled])")
    options = page.locator("#id_parent option").all_inner_texts()
    assert options == ["Choose the metric it moves", "Revenue from existing customers"]
    shot("first-afternoon-metric-parents")
    page.select_option("#id_parent", label="Revenue from existing customers")
    page.fill("#id_name", "Retention after collection")
    page.fill("#id_unit", "%")
    page.select_option("#id_direction", label="Up is good")
    page.select_option("#id_cadence", label="Monthly")
    _submit(page)
    page.wait_for_url(f"**/pilots/{pilot.pk}/metrics/")
    assert Metric.objects.get(name="Retention after collection").parent == business
    assert csp_violations() == []


def test_the_lead_proceeds_with_a_weak_catalyst_for_a_recorded_reason(
    page, live_server, login, shot, pilot, csp_violations
) -> None:
    from workshift.pilots.models import CatalystAssessment

    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/catalyst/")
    page.select_option("#id_kind", label="Automation already freeing capacity")
    page.fill("#id_description", "The new dialer takes over reminder calls.")
    for field in ("must_break", "urgent", "beyond_optimization"):
        page.select_option(f"#id_{field}", label="Yes")
    page.select_option("#id_capacity", label="No")
    _submit(page)
    # a weak verdict, and what to do about it
    assert "Weak catalyst" in page.locator("#verdict").inner_text()
    next_step = page.locator("#next-step")
    assert "What now?" in next_step.inner_text()
    assert next_step.locator("a[href='#id_capacity']").is_visible()
    assert next_step.locator("a[href='#id_kind']").is_visible()
    shot("first-afternoon-catalyst-weak")
    # an empty reason is refused at the field
    _submit(page, "#proceed-form button[type=submit]")
    assert "Say why the pilot goes on" in page.locator("#id_reason_error").inner_text()
    # a reason is recorded, with the way on
    page.fill("#proceed-form #id_reason", "The board funds the dialer roll-out this year.")
    _submit(page, "#proceed-form button[type=submit]")
    assert (
        "Proceeding with a weak case: The board funds the dialer roll-out this year."
        in page.locator("#next-step").inner_text()
    )
    catalyst = CatalystAssessment.objects.get(pilot=pilot)
    assert catalyst.proceed_by.username == "lena" and catalyst.proceed_at
    shot("first-afternoon-catalyst-proceeding")
    page.click("#next-step >> text=Next: the champion")
    page.wait_for_url(f"**/pilots/{pilot.pk}/champion/")
    assert csp_violations() == []


def test_the_lead_sees_which_units_are_already_candidates(
    page, live_server, login, shot, pilot, org, csp_violations
) -> None:
    from workshift.pilots.models import EntryCandidate

    EntryCandidate.objects.create(pilot=pilot, unit=org["units"]["CC-COL"], pool_size=40)
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/entry-points/new/")
    options = page.locator("#id_unit option").all_inner_texts()
    assert "Collections (CC-COL) — already a candidate" in options
    assert "Finance (FIN)" in options
    shot("first-afternoon-candidate-units")
    # choosing it anyway is refused next to the field, with the way on
    page.select_option("#id_unit", label="Collections (CC-COL) — already a candidate")
    _submit(page)
    error = page.locator("#id_unit_error").inner_text()
    assert "already a candidate" in error and "edit its rating" in error
    assert EntryCandidate.objects.filter(pilot=pilot).count() == 1
    assert csp_violations() == []
