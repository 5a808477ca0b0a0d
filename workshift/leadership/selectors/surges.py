"""Surge reads: who a surge lands on and the preview of its rebalancing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from workshift.engine.surge import (
    WEEK_HOURS,
    SurgeInfeasible,
    SurgePerson,
    SurgePlan,
    surge_rebalance,
    surge_split,
)
from workshift.leadership.models import Surge
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot

DEFAULT_LOAD_PERCENT = 85.0  # someone outside the capacity plan: the usual load before a pilot


@dataclass
class SurgePreview:
    surge: Surge
    people: list[SurgePerson]
    plan: SurgePlan | None
    error: SurgeInfeasible | None
    names: dict[int, str]

    def rows(self) -> list[dict[str, Any]]:
        """Per person touched by the surge: load without it, with the naive split, after the plan."""
        if self.plan is None:
            naive = surge_split(
                people=self.people, extra=self.surge.extra_hours, skill=self.surge.skill or None
            )
            final: dict[Any, float] = {}
            touched = {p.key for p in self.people if p.in_scope}
        else:
            naive, final = self.plan.naive, self.plan.final
            touched = set(naive) | set(final)
        result: list[dict[str, Any]] = []
        for p in self.people:
            if p.key not in touched:
                continue
            result.append(
                {
                    "name": p.name,
                    "before": round(p.percent(0)),
                    "naive": round(p.percent(naive.get(p.key, 0.0))),
                    "after": round(p.percent(final.get(p.key, 0.0))) if self.plan else None,
                    "naive_hours": naive.get(p.key, 0.0),
                    "final_hours": final.get(p.key, 0.0),
                    "protected": p.protected,
                    "over": p.percent(naive.get(p.key, 0.0)) > 100.0 + 1e-9,
                }
            )
        result.sort(key=lambda r: (-r["naive"], r["name"]))
        return result


def _unit_ids(unit: OrgUnit) -> set[int]:
    ids, frontier = {unit.pk}, [unit.pk]
    while frontier:
        frontier = list(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.update(frontier)
    return ids


def surge_people(*, surge: Surge) -> list[SurgePerson]:
    """Everyone the surge could land on: its unit or workgroup, the pilot's entry point, the receivers.

    Loads come from the capacity plan: a participant's freed share is protected,
    a receiver carries their load after taking tasks over, anyone else the usual
    85%. Exceptions recorded on the surge open some freed time.
    """
    from workshift.conditions.models import WorkgroupMember
    from workshift.conditions.selectors import capacity_overview

    pilot = surge.pilot
    overview = capacity_overview(pilot=pilot)
    freed = {r.person.pk: r.freed for r in overview.participants}
    loads = {r.person.pk: r.load for r in overview.receivers}
    allowed = {e.person_id: e.hours for e in surge.exceptions.all()}
    if surge.workgroup_id:
        scope = set(
            WorkgroupMember.objects.filter(workgroup_id=surge.workgroup_id).values_list(
                "person_id", flat=True
            )
        )
    else:
        assert surge.unit is not None
        scope = set(
            Person.objects.filter(active=True, unit_id__in=_unit_ids(surge.unit)).values_list(
                "pk", flat=True
            )
        )
    pool = set(scope) | set(freed) | set(loads)
    if pilot.entry_unit_id:
        pool |= set(
            Person.objects.filter(
                active=True,
                unit_id__in=_unit_ids(pilot.entry_unit),  # type: ignore[arg-type]
            ).values_list("pk", flat=True)
        )
    people = []
    for person in Person.objects.filter(pk__in=pool, active=True).order_by("last_name", "pk"):
        if person.pk in freed:
            share = max(0.0, min(100.0, freed[person.pk]))
            committed, protected = WEEK_HOURS * (100 - share) / 100, WEEK_HOURS * share / 100
        else:
            load = loads.get(person.pk, DEFAULT_LOAD_PERCENT)
            committed, protected = WEEK_HOURS * load / 100, 0.0
        people.append(
            SurgePerson(
                key=person.pk,
                name=person.full_name,
                committed=committed,
                protected=protected,
                allowed=allowed.get(person.pk, 0.0),
                skills=frozenset(str(s) for s in (person.skills or [])),
                in_scope=person.pk in scope,
            )
        )
    return people


def surge_freed_people(*, surge: Surge) -> QuerySet[Person]:
    """The participants whose freed pilot time the surge could use (the people `surge_people`
    protects): an exception names one. Read from the plan's numbers alone."""
    from workshift.conditions.selectors import capacity_totals

    freed = capacity_totals(pilot=surge.pilot).freed
    return Person.objects.filter(
        pk__in=[pk for pk, share in freed.items() if share > 0], active=True
    ).order_by("last_name")


def surge_preview(*, surge: Surge) -> SurgePreview:
    """Who would go over 100% before the surge starts, and a rebalancing (or the shortfall)."""
    people = surge_people(surge=surge)
    names = {int(p.key): p.name for p in people}  # type: ignore[call-overload]
    try:
        plan = surge_rebalance(people=people, extra=surge.extra_hours, skill=surge.skill or None)
        return SurgePreview(surge=surge, people=people, plan=plan, error=None, names=names)
    except SurgeInfeasible as error:
        return SurgePreview(surge=surge, people=people, plan=None, error=error, names=names)


def surges_for(*, pilot: Pilot) -> QuerySet[Surge]:
    return pilot.surges.select_related("unit", "workgroup", "created_by")
