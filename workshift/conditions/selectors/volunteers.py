"""The volunteer call, its applications and the answers it asks for."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KT

from workshift.conditions.models import (
    Application,
    VolunteerCall,
)
from workshift.conditions.selectors.people import entry_people
from workshift.people.models import Person
from workshift.pilots.models import Pilot


def current_call(*, pilot: Pilot) -> VolunteerCall | None:
    return VolunteerCall.objects.filter(pilot=pilot).order_by("-created_at", "-id").first()


def applications_of(*, call: VolunteerCall) -> QuerySet[Application]:
    return call.applications.select_related("person", "person__unit", "decided_by")


def selected_volunteer_people(*, pilot: Pilot) -> QuerySet[Person]:
    """The volunteers selected in the pilot's calls, by name (one query, however many)."""
    ids = Application.objects.filter(call__pilot=pilot, status=Application.Status.SELECTED).values(
        "person_id"
    )
    return (
        Person.objects.filter(pk__in=ids)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )


def call_by_token(*, token: str) -> VolunteerCall | None:
    return VolunteerCall.objects.filter(token=token).select_related("pilot").first()


def application_counts(*, call: VolunteerCall) -> tuple[int, int]:
    """How many applied to the call, and how many of them are selected."""
    counts = call.applications.aggregate(
        count=Count("pk"), selected=Count("pk", filter=Q(status=Application.Status.SELECTED))
    )
    return counts["count"], counts["selected"]


def attribute_keys(*, pilot: Pilot, limit: int = 2000) -> list[str]:
    """The free attribute names of the entry point's people (for the call's questions)."""
    keys: set[str] = set()
    for attrs in entry_people(pilot=pilot).values_list("attributes", flat=True)[:limit]:
        keys.update((attrs or {}).keys())
    return sorted(keys)


def attribute_values(*, pilot: Pilot, keys: Sequence[str]) -> dict[str, list[str]]:
    """The distinct values of each asked attribute among the entry point's people (lists left out).

    One DISTINCT query per key, computed by the database: the people's rows are not read.
    """
    people = entry_people(pilot=pilot).order_by()
    values: dict[str, list[str]] = {}
    for key in keys:
        found = (
            people.annotate(value=KT(f"attributes__{key}"))
            .exclude(value__isnull=True)
            .values_list("value", flat=True)
            .distinct()
        )
        values[key] = sorted({str(v) for v in found if str(v) != "" and not _is_collection(v)})
    return values


def _is_collection(value: Any) -> bool:
    """A JSON list or object read back as text (the database gives their JSON)."""
    text = str(value)
    if text[:1] not in ("[", "{"):
        return False
    try:
        return isinstance(json.loads(text), (list, dict))
    except ValueError:
        return False
