"""Communities of practice among the participants."""

from __future__ import annotations

from django.db.models import QuerySet

from workshift.conditions.models import (
    Community,
)
from workshift.pilots.models import Pilot


def communities_of(*, pilot: Pilot) -> QuerySet[Community]:
    return Community.objects.filter(pilot=pilot).prefetch_related("members")
