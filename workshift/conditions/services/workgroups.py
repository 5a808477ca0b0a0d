"""Workgroups made outside a formation run."""

from __future__ import annotations

from django.db import transaction

from workshift.conditions.models import (
    Workgroup,
    WorkgroupMember,
)
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot


@transaction.atomic
def workgroup_from_team(
    *, pilot: Pilot, unit: OrgUnit, name: str = "", coach: Person | None = None
) -> Workgroup:
    """Repurpose an existing team as a workgroup: its active people become members, its head the coach."""
    coach = coach or unit.head
    group = Workgroup.objects.create(pilot=pilot, name=name or unit.name, coach=coach)
    for person in Person.objects.filter(unit=unit, active=True).exclude(  # type: ignore[misc]
        pk=getattr(coach, "pk", None)
    ):
        WorkgroupMember.objects.create(workgroup=group, person=person)
    return group
