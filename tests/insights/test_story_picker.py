"""The story form names the people involved through a picker: the page lists only those chosen,
and the picker finds only the people taking part in the pilot."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshift.conditions.models import WorkgroupMember
from workshift.insights.models import Story
from workshift.people.models import Person

pytestmark = pytest.mark.django_db

STORY = {"title": "Kept a customer", "before": "b", "what_happened": "w", "after": "a"}


def _option_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'role="option"[^>]*data-id="(\d+)"', html)]


def _joining(crew: dict[str, Any], count: int, prefix: str) -> list[Person]:
    """`count` more members of workgroup South."""
    people = Person.objects.bulk_create(
        Person(
            employee_id=f"J-{prefix}{i:05d}",
            first_name=f"{prefix}{i}",
            last_name="Joiner",
            unit=crew["specialists"][0].unit,
            job_title="Collections Specialist",
        )
        for i in range(count)
    )
    WorkgroupMember.objects.bulk_create(
        WorkgroupMember(workgroup=crew["south"], person=p) for p in people
    )
    return people


def test_the_story_page_lists_nobody_of_a_large_pilot(pilot, crew, client_for) -> None:
    # given 60 more people taking part
    joined = _joining(crew, 60, "Crowd")
    # when a member opens the stories page
    html = client_for("member").get(reverse("insights:stories", args=[pilot.pk])).content.decode()
    # then the form holds a picker and none of them
    assert 'role="combobox"' in html
    assert reverse("insights:story_people", args=[pilot.pk]) in html
    named = [p.full_name for p in [*joined, *crew["specialists"]] if p.full_name in html]
    assert named == []


def test_a_story_names_the_people_chosen(pilot, crew, client_for, org) -> None:
    chosen = [crew["specialists"][1], org["people"]["coach"]]
    response = client_for("member").post(
        reverse("insights:stories", args=[pilot.pk]),
        {**STORY, "involved": [p.pk for p in chosen], "author_consents": "on"},
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert set(story.involved.values_list("person_id", flat=True)) == {p.pk for p in chosen}


def test_someone_outside_the_pilot_is_refused_at_the_field_and_not_named(
    pilot, crew, client_for, org
) -> None:
    # given the outsider, whom the member cannot look up
    outsider = org["people"]["outsider"]
    kept = crew["specialists"][2]
    # when the member posts the outsider's id among the people involved
    response = client_for("member").post(
        reverse("insights:stories", args=[pilot.pk]),
        {**STORY, "involved": [kept.pk, outsider.pk]},
    )
    # then no story is saved, the error stands at the field and the outsider is not named
    assert response.status_code == 200 and not Story.objects.exists()
    error = response.context["form"].errors["involved"][0]
    assert f"{outsider.pk} is not one of the available choices" in error
    html = response.content.decode()
    field = html.split('id="id_involved"')[1]
    assert "is not one of the available choices" in field.split('name="author_consents"')[0]
    assert kept.full_name in html and outsider.full_name not in html
    assert outsider.employee_id not in html


def test_the_search_finds_only_people_taking_part(pilot, crew, client_for, org) -> None:
    client = client_for("member")
    url = reverse("insights:story_people", args=[pilot.pk])
    found = _option_ids(client.get(url, {"q": "spec"}).content.decode())
    assert set(found) == {p.pk for p in crew["specialists"]}
    assert _option_ids(client.get(url, {"q": "cora"}).content.decode()) == [
        org["people"]["coach"].pk
    ]
    assert _option_ids(client.get(url, {"q": "otto"}).content.decode()) == []
    assert _option_ids(client.get(url, {"q": "colleague"}).content.decode()) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 200), ("coach", 200), ("member", 200), ("manager", 200), ("outsider", 404)],
)
def test_the_search_answers_each_role_as_the_stories_page_does(
    pilot, crew, client_for, role, status
) -> None:
    url = reverse("insights:story_people", args=[pilot.pk])
    assert client_for(role).get(url, {"q": "spec"}).status_code == status
    assert client_for(role).get(reverse("insights:stories", args=[pilot.pk])).status_code == status


def test_the_search_refuses_anonymous_visitors_and_posts(pilot, client_for) -> None:
    url = reverse("insights:story_people", args=[pilot.pk])
    response = client_for("anonymous").get(url, {"q": "spec"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for("member").post(url).status_code == 405


def _search(client: Any, url: str, query: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url, {"q": query}).content.decode()
    return len(_option_ids(html)), len(ctx.captured_queries)


def test_the_search_asks_the_database_as_often_for_100_people_as_for_10(
    pilot, crew, client_for
) -> None:
    client = client_for("member")
    url = reverse("insights:story_people", args=[pilot.pk])
    _joining(crew, 10, "Zed")
    found_small, queries_small = _search(client, url, "zed")
    _joining(crew, 90, "Zorro")
    found_big, queries_big = _search(client, url, "z")
    assert (found_small, found_big) == (10, 20)
    assert queries_small == queries_big


def test_the_search_shows_employee_ids_only_to_those_who_browse_the_directory(
    pilot, crew, client_for
) -> None:
    url = reverse("insights:story_people", args=[pilot.pk])
    specialist = crew["specialists"][0]
    as_member = client_for("member").get(url, {"q": "spec"}).content.decode()
    as_lead = client_for("lead").get(url, {"q": "spec"}).content.decode()
    assert specialist.full_name in as_member and specialist.employee_id not in as_member
    assert specialist.employee_id in as_lead
