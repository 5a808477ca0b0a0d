"""The pilot dashboard's reads: metrics, workgroups, overdue obstacles, capacity freed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from workshift.conditions.models import (
    CapacityTask,
    Workgroup,
    WorkgroupMember,
)
from workshift.conditions.selectors import capacity_totals
from workshift.impact.models import (
    MetricReading,
    Obstacle,
    Opportunity,
    PracticeUse,
    Reflection,
    Slice,
)
from workshift.insights.models import Story
from workshift.pilots.models import Metric, Pilot


@dataclass
class MetricSummary:
    metric: Metric
    current: float | None = None
    readings: list[tuple[dt.date, float]] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.current is None or self.metric.baseline is None:
            return None
        return self.current - self.metric.baseline

    @property
    def improving(self) -> bool | None:
        change = self.change
        if change is None or change == 0:
            return None
        return (change > 0) == (self.metric.direction == Metric.Direction.UP)


def metric_summaries(*, pilot: Pilot, workgroup: Workgroup | None = None) -> list[MetricSummary]:
    """Each metric that matters with its readings: one workgroup's, or the mean across workgroups per date."""
    summaries = {
        m.pk: MetricSummary(metric=m)
        for m in Metric.objects.filter(pilot=pilot).order_by("level", "name")
    }
    readings = MetricReading.objects.filter(metric_id__in=list(summaries))
    if workgroup is not None:
        readings = readings.filter(workgroup=workgroup)
    rows = (
        readings.values("metric_id", "on").annotate(mean=Avg("value")).order_by("metric_id", "on")
    )
    for row in rows:
        summaries[row["metric_id"]].readings.append((row["on"], float(row["mean"])))
    for summary in summaries.values():
        if summary.readings:
            summary.current = summary.readings[-1][1]
    return list(summaries.values())


def _per_workgroup(
    queryset: QuerySet[Any], ids: Any, field: str = "workgroup", **counts: Any
) -> dict[int, dict[str, int]]:
    """Counts per workgroup in one grouped query: {workgroup id: {name: count}}."""
    rows = (
        queryset.filter(**{f"{field}__in": ids})
        .order_by()
        .values(field)
        .annotate(**(counts or {"n": Count("pk")}))
    )
    return {row.pop(field): row for row in rows}


def workgroup_rows(
    *, pilot: Pilot, workgroups: QuerySet[Workgroup], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Workgroups with their activity: slices run, reflections kept, practices used, obstacles,
    stories. One grouped query per kind of record: a pass over each table, not one per workgroup."""
    today = today or dt.date.today()
    rows = list(workgroups.select_related("coach").order_by("name"))
    ids = [wg.pk for wg in rows]
    closed = Q(status__in=Obstacle.CLOSED)
    found = {
        "members": _per_workgroup(WorkgroupMember.objects.all(), ids),
        "slices": _per_workgroup(
            Slice.objects.all(),
            ids,
            run=Count("pk"),
            done=Count("pk", filter=Q(stage=Slice.Stage.DONE)),
        ),
        "reflections": _per_workgroup(Reflection.objects.all(), ids),
        "practices": _per_workgroup(PracticeUse.objects.all(), ids, field="adopted__workgroup"),
        "obstacles": _per_workgroup(
            Obstacle.objects.all(),
            ids,
            open=Count("pk", filter=~closed),
            overdue=Count("pk", filter=~closed & Q(due_date__lt=today)),
        ),
        "opportunities": _per_workgroup(Opportunity.objects.all(), ids),
        "stories": _per_workgroup(Story.objects.with_sharing().filter(shared=True), ids),  # type: ignore[misc]
    }

    def get(kind: str, wg: Workgroup, name: str = "n") -> int:
        return int(found[kind].get(wg.pk, {}).get(name, 0))

    for wg in rows:
        wg.member_count = get("members", wg)  # type: ignore[attr-defined]
        wg.slices_run = get("slices", wg, "run")  # type: ignore[attr-defined]
        wg.slices_done = get("slices", wg, "done")  # type: ignore[attr-defined]
        wg.reflections_kept = get("reflections", wg)  # type: ignore[attr-defined]
        wg.practices_used = get("practices", wg)  # type: ignore[attr-defined]
        wg.open_obstacles = get("obstacles", wg, "open")  # type: ignore[attr-defined]
        wg.overdue_obstacles = get("obstacles", wg, "overdue")  # type: ignore[attr-defined]
        wg.opportunities_found = get("opportunities", wg)  # type: ignore[attr-defined]
        wg.stories_shared = get("stories", wg)  # type: ignore[attr-defined]
    return [
        {"workgroup": wg, "members": wg.member_count, "stories": wg.stories_shared}  # type: ignore[attr-defined]
        for wg in rows
    ]


def overdue_obstacles(
    *,
    pilot: Pilot,
    workgroup: Workgroup | None = None,
    today: dt.date | None = None,
    limit: int = 5,
) -> tuple[int, int, list[Obstacle]]:
    """(open, overdue, the most overdue ones) for the pilot or one workgroup."""
    today = today or dt.date.today()
    open_ones = Obstacle.objects.filter(workgroup__pilot=pilot).exclude(status__in=Obstacle.CLOSED)
    if workgroup is not None:
        open_ones = open_ones.filter(workgroup=workgroup)
    late = open_ones.filter(due_date__lt=today)
    return (
        open_ones.count(),
        late.count(),
        list(late.select_related("workgroup").order_by("due_date")[:limit]),
    )


@dataclass
class CapacityFreed:
    participants: int
    average_freed: float
    below_target: int
    overloaded_receivers: int


def capacity_freed(*, pilot: Pilot) -> CapacityFreed:
    """How much working time the pilot has freed for its participants (from the capacity plan)."""
    if not CapacityTask.objects.filter(participant__pilot=pilot).exists():
        return CapacityFreed(
            participants=0, average_freed=0.0, below_target=0, overloaded_receivers=0
        )
    totals = capacity_totals(pilot=pilot)
    freed = list(totals.freed.values())
    return CapacityFreed(
        participants=len(freed),
        average_freed=round(sum(freed) / len(freed), 1) if freed else 0.0,
        below_target=totals.below_target,
        overloaded_receivers=totals.overloaded_receivers,
    )
