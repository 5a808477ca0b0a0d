"""A program lead's first afternoon: a pasted pilot name far over the limit is shown, refused
with the reason next to the field, and kept whole until the lead shortens it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def _submit(page) -> None:
    with page.expect_navigation():
        page.click("form.ws-form button[type=submit]")


def test_a_lead_pastes_a_too_long_pilot_name_sees_why_and_loses_nothing(
    page, live_server, login, shot, users, org, csp_violations
) -> None:
    from workshift.pilots.models import Pilot

    name = ("Collections that keep customers " * 313)[:9_999] + "!"
    # the lead opens a new pilot and sees how long a name may be
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/pilots/new/")
    counter = page.locator("#id_name_length")
    expect(counter).to_have_text("0 / 200")
    # pastes a 10,000-character name: all of it lands in the field, the counter turns red
    page.click("#id_name")
    page.keyboard.insert_text(name)
    assert page.input_value("#id_name") == name
    expect(counter).to_have_text("10,000 / 200 (9,800 too many)")
    expect(counter).to_have_class(re.compile(r"\btext-danger\b"))
    shot("first-afternoon-name-over-limit")
    # submits: the form refuses, says why next to the field, and keeps the whole name
    _submit(page)
    expect(page.locator("#id_name_error")).to_have_text("At most 200 characters (it has 10,000).")
    assert page.input_value("#id_name") == name
    expect(counter).to_have_text("10,000 / 200 (9,800 too many)")
    assert not Pilot.objects.exists()
    shot("first-afternoon-name-refused")
    # shortens it to the first words, sees the counter back under the limit, and saves
    page.fill("#id_name", name[:31])
    expect(counter).to_have_text("31 / 200")
    expect(counter).not_to_have_class(re.compile(r"\btext-danger\b"))
    _submit(page)
    pilot = Pilot.objects.get()
    assert pilot.name == "Collections that keep customers"
    assert page.url.endswith(pilot.get_absolute_url())
    # the vision fields have no limit: no counter under them
    page.goto(f"{live_server.url}{pilot.get_absolute_url()}edit/")
    expect(page.locator("#id_name_length")).to_have_text("31 / 200")
    assert page.locator("#id_vision_value_length").count() == 0
    assert csp_violations() == []
