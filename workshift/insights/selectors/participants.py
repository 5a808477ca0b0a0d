"""Who takes part in a pilot: its members, volunteers, workgroup and cell members."""

from __future__ import annotations

from django.db.models import QuerySet

from workshift.conditions.models import (
    CellMember,
    Workgroup,
)
from workshift.conditions.selectors import pilot_participant_ids as conditions_participant_ids
from workshift.people.models import Person
from workshift.pilots.models import Pilot, PilotMember


def pilot_participant_ids(*, pilot: Pilot) -> set[int]:
    """Everyone taking part: workgroup members and capacity-plan participants, coaches, cell members and the
    people behind pilot roles."""
    ids = set(conditions_participant_ids(pilot=pilot))
    ids |= set(
        Workgroup.objects.filter(pilot=pilot, coach__isnull=False).values_list(
            "coach_id", flat=True
        )
    )
    ids |= set(CellMember.objects.filter(cell__pilot=pilot).values_list("person_id", flat=True))
    ids |= set(
        PilotMember.objects.filter(pilot=pilot, user__person__isnull=False).values_list(
            "user__person_id", flat=True
        )
    )
    return ids


def is_pilot_participant(*, pilot: Pilot, person_id: int | None) -> bool:
    return person_id is not None and person_id in pilot_participant_ids(pilot=pilot)


def pilot_participants(*, pilot: Pilot) -> QuerySet[Person]:
    """The people taking part, by name: whom a story of the pilot may name."""
    return (
        Person.objects.filter(pk__in=pilot_participant_ids(pilot=pilot))
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )
