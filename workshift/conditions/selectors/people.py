"""The people a pilot draws on: its entry point, and people by id."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from workshift.people.access import unit_subtree_ids
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot


def entry_people(*, pilot: Pilot) -> QuerySet[Person]:
    """People of the entry point (everyone when the pilot has none yet)."""
    people = Person.objects.filter(active=True).select_related("unit")
    if pilot.entry_unit_id:
        people = people.filter(unit_id__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
    return people.order_by("last_name", "first_name")


def active_people() -> QuerySet[Person]:
    return Person.objects.filter(active=True).order_by("last_name", "first_name")


def people_by_id(*, ids: Iterable[int]) -> dict[int, Person]:
    return Person.objects.select_related("unit").in_bulk(list(ids))


def entry_units(*, pilot: Pilot) -> QuerySet[OrgUnit]:
    """The teams of the pilot's entry point (every team when it has none yet)."""
    if pilot.entry_unit_id:
        return OrgUnit.objects.filter(pk__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
    return OrgUnit.objects.all()
