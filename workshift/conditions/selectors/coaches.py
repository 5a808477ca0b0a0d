"""Coaches: who coaches which workgroup, their checklists and log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from workshift.conditions.models import (
    CoachChecklist,
    CoachingLogEntry,
    Workgroup,
)
from workshift.conditions.selectors.formation import workgroups_of
from workshift.people.models import Person
from workshift.pilots.models import Pilot


@dataclass
class CoachRow:
    coach: Person
    checklist: CoachChecklist | None
    workgroups: list[Workgroup]


def coach_rows(*, pilot: Pilot) -> list[CoachRow]:
    """Every coach of a workgroup or with a checklist, with their checklist and workgroups."""
    groups = list(workgroups_of(pilot=pilot))
    checklists = {c.coach_id: c for c in pilot.coach_checklists.all()}
    ids = {g.coach_id for g in groups if g.coach_id} | set(checklists)
    return [
        CoachRow(
            coach=p,
            checklist=checklists.get(p.pk),
            workgroups=[g for g in groups if g.coach_id == p.pk],
        )
        for p in Person.objects.filter(pk__in=ids).order_by("last_name")
    ]


def coaching_log(*, pilot: Pilot, coach_id: int) -> QuerySet[CoachingLogEntry]:
    return CoachingLogEntry.objects.filter(pilot=pilot, coach_id=coach_id).select_related(
        "workgroup"
    )
