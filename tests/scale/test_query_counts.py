"""The pages and API lists that `make bench-web` measures run as many queries with 1,000 records
of each kind as with 10. (The dashboard, the workgroup space and a workgroup's obstacles have theirs
in tests/insights/test_pages.py and tests/impact/test_queries.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.impact.conftest import groups as groups  # noqa: F401 (a fixture)


def _obstacles(workgroup, user, n: int) -> None:
    from workshift.impact.models import Obstacle

    today = dt.date.today()
    Obstacle.objects.bulk_create(
        Obstacle(
            workgroup=workgroup,
            title=f"Obstacle {i}",
            kind="systemic",
            level=["coach", "lead", "champion"][i % 3],
            status=["open", "workaround", "resolved"][i % 3],
            due_date=today - dt.timedelta(days=i % 9),
            raised_by=user,
        )
        for i in range(n)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _people(org, n: int, prefix: str) -> None:
    from workshift.people.models import OrgUnit, Person

    units = OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"{prefix}U{i}", name=f"Smithfield branch {prefix}{i}", parent=org["units"]["HQ"]
        )
        for i in range(max(1, n // 50))
    )
    Person.objects.bulk_create(
        Person(
            employee_id=f"{prefix}{i:06d}",
            first_name=f"Sam{i}",
            last_name="Smith" if i % 2 else f"Jones{i}",
            unit=units[i % len(units)],
            manager=org["people"]["manager"],
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/people/?q=smith",
        "/people/?q=smith&sort=-unit",
        "/api/people?q=smith",
        "/people/search/?q=sm",
    ],
)
def test_the_people_search_keeps_a_flat_query_count(client_for, org, url) -> None:
    client = client_for("champion")
    _people(org, 10, "A")
    small = _queries(client, url)
    _people(org, 1000, "B")
    assert _queries(client, url) == small


def _pilots(n: int, prefix: str, users) -> None:
    from workshift.pilots.models import Pilot, PilotMember

    pilots = Pilot.objects.bulk_create(
        Pilot(name=f"{prefix} pilot {i}", status="exploring") for i in range(n)
    )
    PilotMember.objects.bulk_create(
        PilotMember(pilot=p, user=users["champion"], role="champion") for p in pilots
    )


def test_the_pilot_list_over_the_api_keeps_a_flat_query_count(client_for, users, pilot) -> None:
    client = client_for("champion")
    _pilots(10, "A", users)
    small = _queries(client, "/api/pilots")
    _pilots(1000, "B", users)
    assert _queries(client, "/api/pilots") == small
    assert _queries(client, "/api/pilots?page=7") == small


@pytest.mark.parametrize("role", ["champion", "lead"])
def test_the_obstacle_lists_keep_a_flat_query_count(
    client_for,
    groups,
    users,
    pilot,
    role,
) -> None:
    from workshift.conditions.models import Workgroup

    client = client_for(role)
    pages = [
        reverse("impact:pilot_obstacles", args=[pilot.pk]),
        f"/api/workgroups/{groups['a'].pk}/obstacles",
        f"/api/workgroups/{groups['a'].pk}/obstacles?page=3",
    ]
    _obstacles(groups["a"], users["member"], 10)
    small = [_queries(client, url) for url in pages]
    _obstacles(groups["a"], users["member"], 1000)
    for i in range(10):
        _obstacles(Workgroup.objects.create(pilot=pilot, name=f"More {i}"), users["lead"], 10)
    assert [_queries(client, url) for url in pages] == small


def test_the_pilot_obstacle_list_shows_a_page_not_every_obstacle(
    client_for,
    groups,
    users,
    pilot,
) -> None:
    _obstacles(groups["a"], users["member"], 1000)
    html = (
        client_for("lead").get(reverse("impact:pilot_obstacles", args=[pilot.pk])).content.decode()
    )
    assert html.count("Obstacle ") <= 100
    assert dt.date.today().isoformat()  # the page rendered with today's obstacles
