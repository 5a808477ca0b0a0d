"""Stories of change and whether everyone involved agreed to share them."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from workshift.insights.models import (
    Story,
    StoryPerson,
)
from workshift.pilots.models import Pilot


def stories_with_sharing() -> QuerySet[Story]:
    """Stories annotated with `shared`: the author agreed and everyone involved agreed."""
    pending = StoryPerson.objects.filter(story=OuterRef("pk")).exclude(consent=True)
    return Story.objects.annotate(pending_consent=Exists(pending)).annotate(
        shared=Q(author_consents=True) & Q(pending_consent=False)
    )


def shared_stories(*, pilot: Pilot) -> QuerySet[Story]:
    return (
        stories_with_sharing()  # type: ignore[misc]
        .filter(pilot=pilot, shared=True)
        .select_related("author", "workgroup")
        .prefetch_related("involved__person")
    )
