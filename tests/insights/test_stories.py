"""Stories of change: consent decides what is shared."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workshift.insights.access import stories_visible_to
from workshift.insights.selectors.stories import shared_stories
from workshift.insights.services import story_consent_set, story_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(pilot, crew, org):
    return story_create(
        pilot=pilot,
        author=org["people"]["member"],
        title="Kept a customer",
        before="b",
        what_happened="w",
        after="a",
        involved=[org["people"]["coach"]],
        author_consents=True,
    )


def test_a_story_is_shared_only_when_everyone_involved_agrees(pilot, story, org, users):
    assert list(shared_stories(pilot=pilot)) == []
    assert story not in stories_visible_to(user=users["manager"], pilot=pilot)
    assert story in stories_visible_to(
        user=users["coach"], pilot=pilot
    )  # involved: sees it to decide
    story_consent_set(story=story, person=org["people"]["coach"], consent=True)
    assert list(shared_stories(pilot=pilot)) == [story]
    assert story in stories_visible_to(user=users["manager"], pilot=pilot)


def test_a_story_without_the_authors_consent_is_not_shared(pilot, org):
    story = story_create(
        pilot=pilot,
        author=org["people"]["member"],
        title="Mine",
        before="b",
        what_happened="w",
        after="a",
    )
    assert list(shared_stories(pilot=pilot)) == []
    story_consent_set(story=story, person=org["people"]["member"], consent=True)
    assert list(shared_stories(pilot=pilot)) == [story]


def test_a_withdrawn_consent_takes_the_story_back(pilot, story, org):
    story_consent_set(story=story, person=org["people"]["coach"], consent=True)
    story_consent_set(story=story, person=org["people"]["coach"], consent=False)
    assert list(shared_stories(pilot=pilot)) == []


def test_someone_not_involved_cannot_decide(pilot, story, client_for, org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        story_consent_set(story=story, person=org["people"]["manager"], consent=True)
    story_consent_set(story=story, person=org["people"]["coach"], consent=True)
    assert (
        client_for("manager")
        .post(reverse("insights:story", args=[story.pk]), {"consent": "yes"})
        .status_code
        == 403
    )


def test_the_involved_person_agrees_on_the_story_page(pilot, story, client_for):
    url = reverse("insights:story", args=[story.pk])
    assert client_for("manager").get(url).status_code == 404  # not shared yet, not involved
    response = client_for("coach").post(url, {"consent": "yes"})
    assert response.status_code == 302
    assert client_for("manager").get(url).status_code == 200


def test_the_story_form_keeps_the_input_and_names_the_missing_field(pilot, crew, client_for):
    url = reverse("insights:stories", args=[pilot.pk])
    response = client_for("member").post(url, {"title": "Half a story", "before": "How it was"})
    page = response.content.decode()
    assert response.status_code == 200 and "Half a story" in page and "How it was" in page
    assert "This field is required" in page
    response = client_for("member").post(
        url,
        {
            "title": "Whole",
            "before": "b",
            "what_happened": "w",
            "after": "a",
            "author_consents": "on",
        },
    )
    assert response.status_code == 302


def test_the_story_list_exports_csv(pilot, story, client_for):
    response = client_for("lead").get(
        reverse("insights:stories", args=[pilot.pk]), {"format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "Kept a customer" in response.content.decode()
