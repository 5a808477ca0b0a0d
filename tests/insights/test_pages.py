"""Every insights page answers each role as intended."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EVERYONE = ["administrator", "lead", "champion", "coach", "member", "manager"]
OVERSEERS = ["administrator", "lead", "champion"]


@pytest.fixture
def pages(pilot, crew, open_round, users, org):
    from workshift.insights.services import story_create

    story = story_create(
        pilot=pilot,
        author=org["people"]["member"],
        title="Shared one",
        before="b",
        what_happened="w",
        after="a",
        author_consents=True,
    )
    return {
        "insights:dashboard": (reverse("insights:dashboard", args=[pilot.pk]), EVERYONE, "GET"),
        "insights:pulse": (reverse("insights:pulse", args=[pilot.pk]), EVERYONE, "GET"),
        "insights:pulse_round": (
            reverse("insights:pulse_round", args=[open_round.pk]),
            EVERYONE,
            "GET",
        ),
        "insights:stories": (reverse("insights:stories", args=[pilot.pk]), EVERYONE, "GET"),
        "insights:story": (reverse("insights:story", args=[story.pk]), EVERYONE, "GET"),
        "insights:connections": (reverse("insights:connections", args=[pilot.pk]), EVERYONE, "GET"),
        "insights:reports": (reverse("insights:reports", args=[pilot.pk]), OVERSEERS, "GET"),
        "insights:scale": (reverse("insights:scale", args=[pilot.pk]), OVERSEERS, "GET"),
    }


@pytest.mark.parametrize("role", [*EVERYONE, "outsider", "anonymous"])
def test_each_pilot_page_answers_each_role(pages, client_for, role):
    client = client_for(role)
    for name, (url, allowed, _) in pages.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        elif role in allowed:
            assert response.status_code == 200, name
        elif role == "outsider":
            assert response.status_code == 404, name
        else:
            assert response.status_code == 403, name


def test_get_only_pages_refuse_other_methods(pilot, client_for):
    client = client_for("champion")
    assert client.post(reverse("insights:dashboard", args=[pilot.pk])).status_code == 405
    assert client.post(reverse("insights:overview")).status_code == 405
    assert client.post(reverse("insights:connections", args=[pilot.pk])).status_code == 405
    assert client.get(reverse("insights:pulse_round_next", args=[1])).status_code == 405


def test_the_overview_lists_only_the_users_pilots(pilot, client_for):
    assert (
        "Collections pilot"
        in client_for("coach").get(reverse("insights:overview")).content.decode()
    )
    assert (
        "Collections pilot"
        not in client_for("outsider").get(reverse("insights:overview")).content.decode()
    )


def test_the_dashboard_filters_by_workgroup_and_refuses_a_foreign_one(pilot, crew, client_for, org):
    from workshift.insights.services import story_create

    story_create(
        pilot=pilot,
        author=org["people"]["member"],
        title="North story",
        before="b",
        what_happened="w",
        after="a",
        workgroup=crew["north"],
        author_consents=True,
    )
    story_create(
        pilot=pilot,
        author=org["people"]["member"],
        title="South story",
        before="b",
        what_happened="w",
        after="a",
        workgroup=crew["south"],
        author_consents=True,
    )
    client = client_for("champion")
    page = client.get(
        reverse("insights:dashboard", args=[pilot.pk]), {"workgroup": crew["north"].pk}
    ).content.decode()
    assert "North story" in page and "South story" not in page
    # a member of North may not filter on South
    assert (
        client_for("member")
        .get(reverse("insights:dashboard", args=[pilot.pk]), {"workgroup": crew["south"].pk})
        .status_code
        == 404
    )
    assert (
        client.get(reverse("insights:dashboard", args=[pilot.pk]), {"workgroup": "x"}).status_code
        == 404
    )


def test_the_dashboard_shows_metrics_against_their_baseline(pilot, client_for):
    from workshift.pilots.models import Metric

    Metric.objects.create(
        pilot=pilot,
        level="frontline",
        name="Promises kept",
        unit="%",
        direction="up",
        cadence="weekly",
        baseline=55,
        target=65,
    )
    page = client_for("lead").get(reverse("insights:dashboard", args=[pilot.pk])).content.decode()
    assert "Promises kept" in page and "55" in page and "65" in page


def test_the_dashboard_draws_the_pulse_trend_once_enough_people_answered(
    pilot, crew, open_round, answer, client_for
):
    for person in crew["north"].members.all():
        answer(open_round, person)
    page = client_for("coach").get(reverse("insights:dashboard", args=[pilot.pk])).content.decode()
    assert "<svg" in page and "Pulse of the whole pilot" in page


def test_the_dashboard_query_count_stays_flat_as_records_grow(pilot, crew, client_for, org, users):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workshift.impact.models import MetricReading, Obstacle, Reflection
    from workshift.insights.models import Story
    from workshift.pilots.models import Metric

    metric = Metric.objects.create(
        pilot=pilot,
        level="frontline",
        name="Promises kept",
        unit="%",
        direction="up",
        cadence="daily",
        baseline=55,
        target=65,
    )
    client = client_for("champion")
    today = dt.date.today()

    def add(n: int, offset: int) -> None:
        Story.objects.bulk_create(
            [
                Story(
                    pilot=pilot,
                    author=org["people"]["member"],
                    title=f"S{offset + i}",
                    before="b",
                    what_happened="w",
                    after="a",
                    author_consents=True,
                )
                for i in range(n)
            ]
        )
        MetricReading.objects.bulk_create(
            [
                MetricReading(
                    workgroup=crew["north"],
                    metric=metric,
                    value=50 + i % 10,
                    on=today - dt.timedelta(days=offset + i),
                )
                for i in range(n)
            ]
        )
        Obstacle.objects.bulk_create(
            [
                Obstacle(
                    workgroup=crew["south"],
                    title=f"O{offset + i}",
                    kind="systemic",
                    due_date=today - dt.timedelta(days=1),
                )
                for i in range(n)
            ]
        )
        Reflection.objects.bulk_create(
            [Reflection(workgroup=crew["north"], happened="h") for _ in range(n)]
        )

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("insights:dashboard", args=[pilot.pk])).status_code == 200
        return len(ctx.captured_queries)

    add(10, 0)
    small = count_queries()
    add(1000, 10)
    assert count_queries() == small


def test_the_dashboard_keeps_its_figures_for_a_while_per_set_of_workgroups_seen(
    pilot, crew, client_for, org, settings
):
    """With keeping on, the figures are computed once for everyone who sees the same workgroups,
    say when they were computed, and are computed again once older than allowed."""
    import datetime as dt

    from workshift.core.models import KeptFragment
    from workshift.insights.services import story_create

    settings.DASHBOARD_KEEP_SECONDS = 60
    url = reverse("insights:dashboard", args=[pilot.pk])

    def story(title: str, workgroup: object) -> None:
        story_create(
            pilot=pilot,
            author=org["people"]["member"],
            title=title,
            before="b",
            what_happened="w",
            after="a",
            workgroup=workgroup,
            author_consents=True,
        )

    story("First story", crew["north"])
    first = client_for("champion").get(url).content.decode()
    assert "First story" in first and "Figures as of" in first
    story("Second story", crew["north"])
    # kept: the lead sees every workgroup too, so gets the champion's figures
    assert "Second story" not in client_for("lead").get(url).content.decode()
    # a member sees only their own workgroup: figures of their own
    assert "Second story" in client_for("member").get(url).content.decode()
    # once older than allowed, computed again
    KeptFragment.objects.update(computed_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert "Second story" in client_for("champion").get(url).content.decode()
    # keeping off: always computed
    settings.DASHBOARD_KEEP_SECONDS = 0
    story("Third story", crew["north"])
    assert "Third story" in client_for("champion").get(url).content.decode()
