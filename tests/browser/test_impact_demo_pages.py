"""The demo pilot's Act-for-impact pages as the program lead and the champion see them."""

from __future__ import annotations

import datetime as dt

from workshift.accounts.demo import DEMO_PASSWORD


def test_the_demo_pilot_shows_its_workgroups_and_what_is_overdue(
    page, live_server, login, shot, transactional_db
) -> None:
    from workshift.demo import demo_load

    ctx = demo_load(seed=2026, today=dt.date.today())
    pilot = ctx.data["pilot"]
    group = ctx.data["impact_workgroups"][0]
    login("lead", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/impact/pilots/{pilot.pk}/")
    assert page.get_by_role("link", name=group.name).is_visible()
    shot("impact-demo-01-pilot-lead")
    page.goto(f"{live_server.url}/impact/workgroups/{group.pk}/")
    assert page.locator("[data-testid=attention] li").count() >= 1
    shot("impact-demo-02-space-lead")
    page.goto(f"{live_server.url}/impact/pilots/{pilot.pk}/learning/")
    shot("impact-demo-03-learning-log")
    login("champion", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/impact/pilots/{pilot.pk}/obstacles/?overdue=1")
    assert page.get_by_text("overdue").first.is_visible()
    shot("impact-demo-04-overdue-champion")
    metric = ctx.data["frontline_metrics"][0]
    page.goto(f"{live_server.url}/impact/workgroups/{group.pk}/metrics/{metric.pk}/")
    page.wait_for_selector("#chart[data-rendered='1']")
    shot("impact-demo-05-chart")
