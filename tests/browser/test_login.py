from __future__ import annotations

from tests.conftest import PASSWORD


def test_a_member_logs_in_and_sees_their_pilot(page, live_server, login, shot, pilot) -> None:
    login("max", PASSWORD)
    assert page.locator("h1").inner_text().startswith("Welcome")
    assert page.get_by_text("Collections pilot").is_visible()
    shot("home-member")


def test_a_wrong_password_shows_a_message_at_the_form(page, live_server, users) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "max")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    assert page.input_value("#id_username") == "max"
