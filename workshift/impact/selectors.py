"""Reads that the workgroup space, the pilot view and the API share. Query counts stay flat as records grow."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from workshift.conditions.models import CellMember, Workgroup, WorkgroupMember
from workshift.engine import backlog as scoring
from workshift.engine import readings as rules
from workshift.impact.models import (
    AdoptedPractice,
    MetricReading,
    Notification,
    Obstacle,
    Opportunity,
    Reflection,
    Slice,
)
from workshift.pilots.models import Metric

SPARK_POINTS = 16


@dataclass
class MetricSummary:
    metric: Metric
    latest: MetricReading | None = None
    values: list[float] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    limits: rules.ControlLimits | None = None

    @property
    def trend(self) -> str:
        if len(self.values) < 2:
            return ""
        delta = self.values[-1] - self.values[-2]
        return "up" if delta > 0 else "down" if delta < 0 else "flat"

    @property
    def latest_explanation(self) -> str:
        if self.latest is None or not self.latest.flag or self.limits is None:
            return ""
        return rules.flag_explanation(
            rule=self.latest.flag, limits=self.limits, unit=self.metric.unit
        )

    @property
    def latest_is_good(self) -> bool | None:
        return rules.flag_is_good(
            rule=self.latest.flag if self.latest else "", direction=self.metric.direction
        )

    @cached_property
    def sparkline(self) -> str:
        """Points of an inline SVG polyline (120 × 28) of the last readings."""
        values = self.values[-SPARK_POINTS:]
        if len(values) < 2:
            return ""
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = 116 / (len(values) - 1)
        return " ".join(
            f"{2 + i * step:.1f},{26 - (v - low) / span * 24:.1f}" for i, v in enumerate(values)
        )


def frontline_or_every(metrics: Sequence[Metric]) -> list[Metric]:
    """The metrics workgroups read day to day, among a pilot's `metrics`: the frontline ones, or
    every metric if none is marked frontline yet. The rule's one statement: the workgroup space
    applies it to the metrics it reads, `frontline_metrics` to the choices of a form."""
    return [m for m in metrics if m.level == Metric.Level.FRONTLINE] or list(metrics)


def frontline_metrics(*, pilot_id: int) -> QuerySet[Metric]:
    """`frontline_or_every` over the pilot's metrics, as a queryset (a form's choices)."""
    metrics = Metric.objects.filter(pilot_id=pilot_id)
    chosen = frontline_or_every(list(metrics.only("pk", "level")))
    return metrics.filter(pk__in=[m.pk for m in chosen])


def metric_summaries(*, workgroup: Workgroup) -> list[MetricSummary]:
    """Each frontline metric with its readings (oldest first), latest reading, flags and control limits."""
    metrics = frontline_or_every(list(Metric.objects.filter(pilot_id=workgroup.pilot_id)))
    summaries = {m.pk: MetricSummary(metric=m) for m in metrics}
    readings = MetricReading.objects.filter(
        workgroup=workgroup, metric_id__in=list(summaries)
    ).order_by("metric_id", "on")
    # plain rows, not a model per reading: a year of weekly readings of 40 metrics is 2,000 rows
    last: dict[int, int] = {}
    for pk, metric_id, on, value, flag in readings.values_list(
        "pk", "metric_id", "on", "value", "flag"
    ):
        summary = summaries[metric_id]
        summary.values.append(value)
        summary.dates.append(on)
        summary.flags.append(flag)
        last[metric_id] = pk
    latest = MetricReading.objects.in_bulk(list(last.values()))
    for metric_id, pk in last.items():
        summaries[metric_id].latest = latest[pk]
    for summary in summaries.values():
        summary.limits = rules.control_limits(values=summary.values)
    return list(summaries.values())


@dataclass
class Attention:
    kind: str
    text: str
    url: str
    severity: str = "warning"


@dataclass
class OpenWork:
    """A workgroup's open obstacles (by due date), unfinished slices and latest reflections, read
    once for the space and its attention list."""

    obstacles: list[Obstacle]
    slices: list[Slice]
    reflections: list[Reflection]

    @classmethod
    def of(cls, workgroup: Workgroup) -> OpenWork:
        return cls(
            obstacles=list(workgroup.obstacles.exclude(status__in=Obstacle.CLOSED)),
            slices=list(workgroup.slices.exclude(stage=Slice.Stage.DONE).select_related("metric")),
            reflections=list(workgroup.reflections.select_related("author")[:3]),
        )


def attention_for(
    *,
    workgroup: Workgroup,
    summaries: list[MetricSummary],
    today: dt.date | None = None,
    work: OpenWork | None = None,
) -> list[Attention]:
    """What needs the group now: overdue obstacles, a missed reflection, flagged readings, slices ending."""
    today = today or timezone.localdate()
    work = work or OpenWork.of(workgroup)
    items: list[Attention] = []
    overdue = [o for o in work.obstacles if o.due_date is not None and o.due_date < today][:5]
    for obstacle in overdue:
        items.append(
            Attention(
                "obstacle",
                f"Obstacle “{obstacle.title}” is overdue since {obstacle.due_date:%d %b} ({obstacle.get_level_display()})",
                obstacle.get_absolute_url(),
                "danger",
            )
        )
    charter = getattr(workgroup, "charter", None)
    every = charter.reflection_every_days if charter else 7
    last = work.reflections[0].written_on if work.reflections else None
    since = last or workgroup.created_at.date()
    if (today - since).days >= every:
        when = f"the last one was on {last:%d %b}" if last else "none written yet"
        items.append(
            Attention(
                "reflection",
                f"Reflection missed: the group reflects every {every} days, {when}",
                reverse("impact:reflection_new", args=[workgroup.pk]),
            )
        )
    horizon = today - dt.timedelta(days=14)
    for summary in summaries:
        recent = [
            on
            for on, flag in zip(summary.dates, summary.flags, strict=True)
            if flag and on >= horizon
        ]
        if recent:
            more = f" (and {len(recent) - 1} more in the last two weeks)" if len(recent) > 1 else ""
            items.append(
                Attention(
                    "reading",
                    f"{summary.metric.name}: the reading of {recent[-1]:%d %b} is beyond normal variation{more}",
                    reverse("impact:metric_chart", args=[workgroup.pk, summary.metric.pk]),
                    "info",
                )
            )
    soon = today + dt.timedelta(days=7)
    ending = sorted(
        (piece for piece in work.slices if piece.end is not None and piece.end <= soon),
        key=lambda piece: piece.end,
    )[:5]
    for piece in ending:
        verb = "ended" if piece.end < today else "ends"
        items.append(
            Attention(
                "slice",
                f"Slice “{piece.title}” {verb} {piece.end:%d %b}: record the result and the next step",
                piece.get_absolute_url(),
                "info",
            )
        )
    return items


def members_with_cells(*, workgroup: Workgroup) -> list[dict[str, Any]]:
    memberships = list(
        WorkgroupMember.objects.filter(workgroup=workgroup)
        .select_related("person")
        .order_by("person__last_name")
    )
    cells: dict[int, list[str]] = defaultdict(list)
    for row in CellMember.objects.filter(
        cell__pilot_id=workgroup.pilot_id, person_id__in=[m.person_id for m in memberships]
    ).select_related("cell"):
        cells[row.person_id].append(row.cell.name)
    return [{"person": m.person, "cells": cells.get(m.person_id, [])} for m in memberships]


def guardrails_for(*, workgroup: Workgroup) -> list[Any]:
    """The guardrails of the Create phase, when the conditions app provides them."""
    related = getattr(workgroup, "guardrails", None)
    if related is None or not hasattr(related, "all"):
        return []
    try:
        return list(related.all()[:20])
    except Exception:  # the model may not be migrated yet
        return []


def workgroup_space(*, workgroup: Workgroup, today: dt.date | None = None) -> dict[str, Any]:
    summaries = metric_summaries(workgroup=workgroup)
    work = OpenWork.of(workgroup)
    return {
        "charter": getattr(workgroup, "charter", None),
        "summaries": summaries,
        "attention": attention_for(
            workgroup=workgroup, summaries=summaries, today=today, work=work
        ),
        "members": members_with_cells(workgroup=workgroup),
        "practices": list(
            AdoptedPractice.objects.filter(workgroup=workgroup)
            .select_related("practice")
            .annotate(use_count=Count("uses"), last_used=Max("uses__used_on"))
        ),
        "slices": work.slices[:6],
        "obstacles": work.obstacles[:6],
        "reflections": work.reflections,
        "backlog": backlog_for(workgroup=workgroup, limit=5),
        "guardrails": guardrails_for(workgroup=workgroup),
    }


def backlog_for(
    *, workgroup: Workgroup, limit: int | None = None, include_closed: bool = False
) -> list[Opportunity]:
    """The ranked backlog: opportunities with `.rank` and `.score` (see workshift.engine.backlog)."""
    rows = Opportunity.objects.filter(workgroup=workgroup).select_related("metric", "raised_by")
    if not include_closed:
        rows = rows.exclude(status__in=[Opportunity.Status.SPUN_OFF, Opportunity.Status.DROPPED])
    items = list(rows.order_by("created_at", "id"))
    ranked = scoring.opportunities_rank(
        items=[
            scoring.OpportunityInput(
                key=o.pk,
                value=o.value,
                confidence=o.confidence,
                effort=o.effort,
                has_metric=o.metric_id is not None,
                order=n,
            )
            for n, o in enumerate(items)
        ]
    )
    by_pk = {o.pk: o for o in items}
    result = []
    for r in ranked:
        opportunity = by_pk[r.key]
        opportunity.rank, opportunity.score = r.rank, r.score  # type: ignore[attr-defined]
        result.append(opportunity)
    return result[:limit] if limit else result


def _per_workgroup(queryset: QuerySet[Any], aggregate: Any) -> Any:
    """A correlated subquery: one number per workgroup, without multiplying joins."""
    rows = (
        queryset.filter(workgroup=OuterRef("pk"))
        .order_by()
        .values("workgroup")
        .annotate(n=aggregate)
        .values("n")[:1]
    )
    return Subquery(rows)


def workgroups_overview(
    *, workgroups: QuerySet[Workgroup], today: dt.date | None = None
) -> list[Workgroup]:
    """Workgroups with counts for the pilot view (one query, however many records)."""
    today = today or timezone.localdate()
    open_obstacles = Obstacle.objects.exclude(status__in=Obstacle.CLOSED)
    return list(
        workgroups.select_related("coach", "charter")
        .annotate(
            member_count=Coalesce(_per_workgroup(WorkgroupMember.objects.all(), Count("pk")), 0),
            open_obstacles=Coalesce(_per_workgroup(open_obstacles, Count("pk")), 0),
            overdue_obstacles=Coalesce(
                _per_workgroup(open_obstacles.filter(due_date__lt=today), Count("pk")), 0
            ),
            active_slices=Coalesce(
                _per_workgroup(Slice.objects.exclude(stage=Slice.Stage.DONE), Count("pk")), 0
            ),
            last_reflection=_per_workgroup(Reflection.objects.all(), Max("written_on")),
            flagged_readings=Coalesce(
                _per_workgroup(
                    MetricReading.objects.exclude(flag="").filter(
                        on__gte=today - dt.timedelta(days=14)
                    ),
                    Count("pk"),
                ),
                0,
            ),
        )
        .order_by("name")
    )


def reflections_search(
    *, reflections: QuerySet[Reflection], query: str = "", kind: str = ""
) -> QuerySet[Reflection]:
    if query:
        words = Q()
        for field_name in ("expected", "happened", "why", "differently", "slice__title"):
            words |= Q(**{f"{field_name}__icontains": query})
        reflections = reflections.filter(words)
    if kind:
        reflections = reflections.filter(kind=kind)
    return reflections.select_related("author", "slice", "workgroup")


def unread_count(*, user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
