"""Formation of workgroups and cells: runs, the groups and their members."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from workshift.conditions.models import (
    Cell,
    Formation,
    FormationKind,
    FormationRun,
    Workgroup,
    WorkgroupMember,
)
from workshift.conditions.selectors.volunteers import selected_volunteer_people
from workshift.people.models import Person
from workshift.pilots.models import Pilot


def workgroup_member_people(*, pilot: Pilot) -> QuerySet[Person]:
    """The members of the pilot's workgroups, by name (one query, however many)."""
    ids = WorkgroupMember.objects.filter(workgroup__pilot=pilot).values("person_id")
    return (
        Person.objects.filter(pk__in=ids)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )


def formation_pool(*, pilot: Pilot, kind: str) -> QuerySet[Person]:
    """Whom a formation may group: the selected volunteers (workgroups) or the workgroup members
    (cells). The formation page, its person search and its form's validation share it."""
    if kind == FormationKind.WORKGROUPS:
        return selected_volunteer_people(pilot=pilot)
    return workgroup_member_people(pilot=pilot)


def formation_of(*, pilot: Pilot, kind: str) -> Formation | None:
    return Formation.objects.filter(pilot=pilot, kind=kind).first()


def latest_run(*, pilot: Pilot, kind: str) -> FormationRun | None:
    return FormationRun.objects.filter(pilot=pilot, kind=kind).first()


def run_of(*, pilot: Pilot, kind: str, pk: str | int | None) -> FormationRun | None:
    if pk is None or not str(pk).isdigit():
        return None
    return FormationRun.objects.filter(pilot=pilot, kind=kind, pk=int(pk)).first()


def recent_runs(*, pilot: Pilot, kind: str, limit: int = 5) -> list[FormationRun]:
    return list(FormationRun.objects.filter(pilot=pilot, kind=kind)[:limit])


def workgroups_of(*, pilot: Pilot) -> QuerySet[Workgroup]:
    return (
        Workgroup.objects.filter(pilot=pilot)
        .select_related("coach")
        .annotate(size=Count("memberships"))
        .order_by("name")
    )


def cells_of(*, pilot: Pilot) -> QuerySet[Cell]:
    return Cell.objects.filter(pilot=pilot).annotate(size=Count("memberships")).order_by("name")


def workgroup_people(*, workgroup: Workgroup) -> QuerySet[Person]:
    return (
        Person.objects.filter(workgroup_memberships__workgroup=workgroup)
        .select_related("unit")
        .order_by("last_name")
    )


def workgroup_size(*, workgroup: Workgroup) -> int:
    return WorkgroupMember.objects.filter(workgroup=workgroup).count()


def workgroups_coached_by(*, pilot: Pilot, coach_id: int | None) -> QuerySet[Workgroup]:
    return Workgroup.objects.filter(pilot=pilot, coach_id=coach_id)


def coaches_in(*, pilot: Pilot, coach_id: int | None) -> bool:
    """Whether this person coaches at least one workgroup of the pilot."""
    return coach_id is not None and workgroups_coached_by(pilot=pilot, coach_id=coach_id).exists()


def workgroups_visible_in(*, visible: QuerySet[Workgroup], pilot: Pilot) -> QuerySet[Workgroup]:
    """The pilot's workgroups among those a user may see (`access.workgroups_visible_to`)."""
    return visible.filter(pilot=pilot).select_related("coach")
