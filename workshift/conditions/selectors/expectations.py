"""Expectations of the pilot and its workgroups, and who acknowledged them."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from workshift.conditions.models import (
    Acknowledgement,
    Expectations,
    Workgroup,
)
from workshift.conditions.selectors.capacity import pilot_participant_ids
from workshift.people.models import Person
from workshift.pilots.models import Pilot


def expectations_for_person(*, pilot: Pilot, person: Person | None) -> list[Expectations]:
    """What a participant (member or coach) acknowledges: the pilot's expectations and their workgroups'."""
    if person is None:
        return []
    takes_part = (
        person.pk in pilot_participant_ids(pilot=pilot)
        or Workgroup.objects.filter(pilot=pilot, coach=person).exists()
    )
    if not takes_part:
        return []
    return list(
        Expectations.objects.filter(pilot=pilot)
        .filter(
            Q(workgroup__isnull=True)
            | Q(workgroup__memberships__person=person)
            | Q(workgroup__coach=person)
        )
        .distinct()
        .select_related("workgroup")
        .order_by("workgroup__name")
    )


def acknowledged_ids(*, person: Person | None, expectations: Sequence[Expectations]) -> set[int]:
    if person is None:
        return set()
    return set(
        Acknowledgement.objects.filter(
            person=person, expectations__in=list(expectations)
        ).values_list("expectations_id", flat=True)
    )


def expectations_of(*, pilot: Pilot, workgroup: Workgroup | None) -> Expectations | None:
    """The expectations of one workgroup (of the whole pilot when `workgroup` is None)."""
    return Expectations.objects.filter(pilot=pilot, workgroup=workgroup).first()


def acknowledging_ids(*, expectations: Expectations | None) -> set[int]:
    if expectations is None:
        return set()
    return set(expectations.acknowledgements.values_list("person_id", flat=True))


def expectations_all(*, pilot: Pilot) -> list[Expectations]:
    return list(
        Expectations.objects.filter(pilot=pilot)
        .select_related("workgroup")
        .prefetch_related("acknowledgements__person")
    )
