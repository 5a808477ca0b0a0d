"""Communities of practice among the pilot's participants."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from workshift.conditions.models import Community
from workshift.people.models import Person
from workshift.pilots.models import Pilot


@transaction.atomic
def community_create(
    *, pilot: Pilot, name: str, topic: str = "", members: Iterable[Person] = ()
) -> Community:
    community = Community.objects.create(pilot=pilot, name=name, topic=topic)
    community.members.set(list(members))
    return community
