"""The pilot dashboard's reads: metrics, workgroups, overdue obstacles, capacity freed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from workshift.conditions.models import (
    CapacityTask,
    Workgroup,
    WorkgroupMember,
)
from workshift.conditions.selectors import capacity_overview
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


def _per_workgroup(queryset: QuerySet[Any], aggregate: Any, field: str = "workgroup") -> Any:
    """One number per workgroup as a correlated subquery (no join fan-out)."""
    rows = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=aggregate)
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows), 0)


def workgroup_rows(
    *, pilot: Pilot, workgroups: QuerySet[Workgroup], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Workgroups with their activity: slices run, reflections kept, practices used, obstacles, stories (one query)."""
    today = today or dt.date.today()
    open_obstacles = Obstacle.objects.exclude(status__in=Obstacle.CLOSED)
    shared = Story.objects.with_sharing().filter(shared=True)  # type: ignore[misc]
    annotated = (
        workgroups.select_related("coach")
        .annotate(
            member_count=_per_workgroup(WorkgroupMember.objects.all(), Count("pk")),
            slices_run=_per_workgroup(Slice.objects.all(), Count("pk")),
            slices_done=_per_workgroup(Slice.objects.filter(stage=Slice.Stage.DONE), Count("pk")),
            reflections_kept=_per_workgroup(Reflection.objects.all(), Count("pk")),
            practices_used=_per_workgroup(
                PracticeUse.objects.all(), Count("pk"), field="adopted__workgroup"
            ),
            open_obstacles=_per_workgroup(open_obstacles, Count("pk")),
            overdue_obstacles=_per_workgroup(
                open_obstacles.filter(due_date__lt=today), Count("pk")
            ),
            opportunities_found=_per_workgroup(Opportunity.objects.all(), Count("pk")),
            stories_shared=_per_workgroup(shared, Count("pk")),
        )
        .order_by("name")
    )
    return [
        {"workgroup": wg, "members": wg.member_count, "stories": wg.stories_shared}
        for wg in annotated
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
    overview = capacity_overview(pilot=pilot)
    freed = [row.freed for row in overview.participants]
    return CapacityFreed(
        participants=len(freed),
        average_freed=round(sum(freed) / len(freed), 1) if freed else 0.0,
        below_target=len(overview.below),
        overloaded_receivers=len(overview.overloaded),
    )
