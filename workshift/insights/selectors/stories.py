"""Stories of change that everyone involved agreed to share."""

from __future__ import annotations

from django.db.models import QuerySet

from workshift.insights.models import Story
from workshift.pilots.models import Pilot


def shared_stories(*, pilot: Pilot) -> QuerySet[Story]:
    return (
        Story.objects.with_sharing()  # type: ignore[misc]
        .filter(pilot=pilot, shared=True)
        .select_related("author", "workgroup")
        .prefetch_related("involved__person")
    )
