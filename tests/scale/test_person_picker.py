"""The person picker: server-side search with a limit, access through people/access.py,
and pages that render the chosen person only, never the whole organization."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshift.people.models import OrgUnit, Person
from workshift.people.search import PICKER_LIMIT


def _crowd(unit: OrgUnit, count: int, prefix: str = "Q") -> None:
    Person.objects.bulk_create(
        Person(
            employee_id=f"{prefix}{i:06d}",
            first_name=f"Zed{i}",
            last_name=f"Crowd{i % 50}",
            unit=unit,
        )
        for i in range(count)
    )


def _option_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'role="option"[^>]*data-id="(\d+)"', html)]


def test_search_finds_people_by_part_of_a_name_an_employee_id_or_a_unit(client_for, org) -> None:
    client = client_for("lead")
    url = reverse("people:search")
    member, outsider = org["people"]["member"], org["people"]["outsider"]
    assert _option_ids(client.get(url, {"q": "Mem"}).content.decode()) == [member.pk]
    assert _option_ids(client.get(url, {"q": "max mem"}).content.decode()) == [member.pk]
    assert _option_ids(client.get(url, {"q": "T0006"}).content.decode()) == [outsider.pk]
    finance = _option_ids(client.get(url, {"q": "inance"}).content.decode())
    assert finance == [outsider.pk]
    assert _option_ids(client.get(url, {"q": ""}).content.decode()) == []
    assert "Nobody matches" in client.get(url, {"q": "qqqq"}).content.decode()


def test_search_returns_at_most_a_page_and_says_so(client_for, org) -> None:
    _crowd(org["units"]["CC-COL"], 300)
    html = client_for("lead").get(reverse("people:search"), {"q": "zed"}).content.decode()
    assert len(_option_ids(html)) == PICKER_LIMIT
    assert "type more to narrow the search" in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 200), ("manager", 200), ("coach", 403), ("outsider", 403), ("anonymous", 302)],
)
def test_search_answers_each_role_as_the_people_pages_do(client_for, org, role, status) -> None:
    response = client_for(role).get(reverse("people:search"), {"q": "o"})
    assert response.status_code == status


def test_a_manager_finds_only_people_in_their_unit_subtree(client_for, org) -> None:
    html = client_for("manager").get(reverse("people:search"), {"q": "o"}).content.decode()
    found = set(_option_ids(html))
    assert org["people"]["coach"].pk in found
    assert org["people"]["outsider"].pk not in found  # Finance is outside the Contact Center


def test_search_refuses_posts(client_for, org) -> None:
    assert client_for("lead").post(reverse("people:search")).status_code == 405


def _champion_page(client, pilot) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("pilots:champion", args=[pilot.pk])).content.decode()
    return html, len(ctx.captured_queries)


def test_the_champion_page_renders_a_picker_not_every_person(client_for, org, pilot) -> None:
    client = client_for("lead")
    _crowd(org["units"]["FIN"], 10, prefix="A")
    html_small, queries_small = _champion_page(client, pilot)
    _crowd(org["units"]["FIN"], 1000, prefix="B")
    html_big, queries_big = _champion_page(client, pilot)
    assert queries_small == queries_big
    assert 'role="combobox"' in html_big and reverse("people:search") in html_big
    assert "Zed999" not in html_big and "<option" not in html_big.split('id="id_person"')[1][:2000]


def test_the_champion_is_chosen_through_the_picker_and_a_bad_id_is_refused(
    client_for, org, pilot
) -> None:
    from tests.pilots.test_pilots_pages import CHAMPION
    from workshift.pilots.models import Champion

    client = client_for("lead")
    url = reverse("pilots:champion", args=[pilot.pk])
    bad = client.post(url, {**CHAMPION, "person": "999999"})
    assert bad.status_code in (200, 422)
    assert "Select a valid choice" in bad.content.decode()
    assert not Champion.objects.filter(pilot=pilot).exists()
    client.post(url, {**CHAMPION, "person": org["people"]["champion"].pk})
    assert Champion.objects.get(pilot=pilot).person == org["people"]["champion"]
    page = client.get(url).content.decode()
    assert f'name="person" value="{org["people"]["champion"].pk}"' in page


def test_the_people_list_the_api_and_the_picker_find_the_same_people(client_for, org) -> None:
    """One search everywhere: each word matches the start of a name, an employee id or an
    e-mail, or part of a unit's name."""
    client = client_for("lead")
    unit = org["people"]["member"].unit
    _crowd(unit, 30)
    Person.objects.filter(employee_id="Q000007").update(email="zed.seven@example.com")

    def listed(query: str) -> set[int]:
        page = client.get(reverse("people:list"), {"q": query}).content.decode()
        return {int(pk) for pk in re.findall(r'href="/people/(\d+)/"', page)}

    def from_api(query: str) -> set[int]:
        return {p["id"] for p in client.get("/api/people", {"q": query}).json()["items"]}

    def picked(query: str) -> set[int]:
        return set(_option_ids(client.get(reverse("people:search"), {"q": query}).content.decode()))

    crowd3 = set(Person.objects.filter(last_name="Crowd3").values_list("pk", flat=True))
    for query, expected in [
        ("crowd3", crowd3),
        ("zed7 crowd7", {Person.objects.get(employee_id="Q000007").pk}),
        (
            "q00000",
            set(
                Person.objects.filter(employee_id__startswith="Q00000").values_list("pk", flat=True)
            ),
        ),
        ("zed.seven", {Person.objects.get(employee_id="Q000007").pk}),
        ("rowd3", set()),
    ]:
        assert listed(query) == expected, query
        assert from_api(query) == expected, query
        assert picked(query) == expected, query
