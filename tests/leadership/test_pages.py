# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""Every leadership page per role: the right person passes, an outsider gets 404, anonymous goes to
the login page, a wrong method answers 405; and list pages keep a flat number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)
from tests.leadership.conftest import kind


@pytest.fixture
def records(pilot, groups, register, users) -> dict[str, Any]:
    from workshift.leadership.services import surge_create

    surge = surge_create(
        pilot=pilot,
        name="Peak",
        starts_on=dt.date.today(),
        ends_on=dt.date.today(),
        extra_hours=4,
        unit=None,
        workgroup=groups["a"],
        skill="",
        user=users["lead"],
    )
    return {
        "pilot": pilot.pk,
        "workgroup": groups["a"].pk,
        "kind": kind(register, "Spend up to EUR 500").pk,
        "surge": surge.pk,
    }


# name, argument keys, (role, method, expected status) for the right person, wrong method
PAGES: list[tuple[str, tuple[str, ...], tuple[str, str, int], str]] = [
    ("playbook", ("pilot",), ("member", "get", 200), "post"),
    ("playbook_tick", ("pilot",), ("member", "post", 302), "get"),
    ("playbook_move_on", ("pilot",), ("lead", "post", 302), "get"),
    ("rights", ("pilot",), ("member", "get", 200), "post"),
    ("kind_new", ("pilot",), ("champion", "get", 200), "put"),
    ("rights_seed", ("pilot",), ("lead", "post", 302), "get"),
    ("right_edit", ("pilot", "kind"), ("lead", "get", 200), "put"),
    ("right_history", ("pilot", "kind"), ("member", "get", 200), "post"),
    ("decisions", ("workgroup",), ("member", "get", 200), "put"),
    ("workgroup_right_edit", ("workgroup", "kind"), ("champion", "get", 200), "put"),
    ("surge_new", ("pilot",), ("lead", "get", 200), "put"),
    ("surge", ("surge",), ("manager", "get", 200), "put"),
]


def _url(name: str, keys: tuple[str, ...], records: dict[str, Any]) -> str:
    return reverse(f"leadership:{name}", args=[records[k] for k in keys])


@pytest.mark.parametrize(("name", "keys", "right", "wrong"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_by_role(client_for, records, name, keys, right, wrong) -> None:
    url = _url(name, keys, records)
    role, method, expected = right
    assert getattr(client_for(role), method)(url).status_code == expected
    assert getattr(client_for("outsider"), method)(url).status_code == 404
    anonymous = getattr(client_for("anonymous"), method)(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert getattr(client_for(role), wrong)(url).status_code == 405


def test_the_playbook_export_by_role(client_for, records) -> None:
    url = reverse("leadership:playbook_export", args=[records["pilot"], "html"])
    assert client_for("member").get(url).status_code == 200
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("member").post(url).status_code == 405


@pytest.mark.parametrize(
    ("name", "args", "method", "status"),
    [
        ("playbooks", [], "get", 200),
        ("step_add", [], "get", 200),
        ("step_edit", ["coach-story"], "get", 200),
        ("step_action", ["coach-story", "up"], "post", 302),
        ("publish", [], "post", 422),  # publishing without a note
        ("discard", [], "post", 302),
    ],
)
def test_the_default_playbook_pages_by_role(
    client_for, records, name, args, method, status
) -> None:
    url = reverse(f"leadership:{name}", args=args)
    response = getattr(client_for("lead"), method)(url)
    assert response.status_code == status
    assert getattr(client_for("outsider"), method)(url).status_code == 404
    assert getattr(client_for("member"), method)(url).status_code == 404
    assert getattr(client_for("anonymous"), method)(url).status_code == 302
    assert client_for("lead").put(url).status_code == 405


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("kind_new", "member", 403),
        ("right_edit", "coach", 403),
        ("workgroup_right_edit", "member", 403),
        ("surge_new", "member", 403),
        ("surge_new", "manager", 403),
        ("surge", "member", 404),
        ("playbook_move_on", "coach", 403),
    ],
)
def test_people_in_the_pilot_without_the_right_are_refused(
    client_for, records, name, role, expected
) -> None:
    keys = next(p[1] for p in PAGES if p[0] == name)
    method = "post" if name == "playbook_move_on" else "get"
    assert getattr(client_for(role), method)(_url(name, keys, records)).status_code == expected


def _decisions(groups, register, org, users, n: int) -> None:
    from workshift.leadership.models import Decision
    from workshift.leadership.selectors import right_in_force

    spend = kind(register, "Spend up to EUR 500")
    right = right_in_force(kind=spend, workgroup=groups["a"])
    start = dt.date.today() - dt.timedelta(days=n)
    Decision.objects.bulk_create(
        [
            Decision(
                workgroup=groups["a"],
                kind=spend,
                right=right,
                what=f"Decision {i}",
                taken_as="alone" if i % 3 else "propose",
                decided_by=org["people"]["member"],
                decided_on=start + dt.timedelta(days=i),
                outside_right=i % 3 != 0,
            )
            for i in range(n)
        ]
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["decisions", "rights"])
def test_list_pages_keep_a_flat_query_count(client_for, groups, register, org, users, name) -> None:
    from workshift.leadership.models import Decision

    url = reverse(
        f"leadership:{name}",
        args=[groups["a"].pk if name == "decisions" else groups["a"].pilot_id],
    )
    client = client_for("member")
    _decisions(groups, register, org, users, 10)
    client.get(url)  # warm the per-request caches once
    small = _queries(client, url)
    _decisions(groups, register, org, users, 990)
    assert Decision.objects.count() == 1000
    client.get(url)  # the power-shift chart of the new figures is drawn and kept once
    assert _queries(client, url) == small
