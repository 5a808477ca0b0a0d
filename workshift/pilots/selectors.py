"""Reads of pilots that several pages (and the API) share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from workshift.engine.champion import CHAMPION_STEP_WARNINGS, VISION_WARNINGS
from workshift.engine.readiness import Readiness, RecognizeFacts, pilot_readiness
from workshift.engine.scoring import LEVEL_ORDER, EntryScore, entry_ranking, metric_parent_level
from workshift.pilots.models import CatalystAssessment, Champion, EntryCandidate, Metric, Pilot


def pilots_visible_to(*, user: Any) -> QuerySet[Pilot]:
    if not user.is_authenticated:
        return Pilot.objects.none()
    if user.is_administrator:
        return Pilot.objects.all()
    return Pilot.objects.filter(memberships__user=user).distinct()


def pilot_catalyst(*, pilot: Pilot) -> CatalystAssessment | None:
    return CatalystAssessment.objects.filter(pilot=pilot).first()


def pilot_champion(*, pilot: Pilot) -> Champion | None:
    return Champion.objects.filter(pilot=pilot).select_related("person").first()


@dataclass
class RankedCandidate:
    rank: int
    candidate: EntryCandidate
    score: EntryScore


def candidate_ranking(*, pilot: Pilot) -> list[RankedCandidate]:
    """The pilot's entry-point candidates, best first, with scores and reasons (one query)."""
    candidates = {
        c.pk: c
        for c in EntryCandidate.objects.filter(pilot=pilot).select_related("unit", "chosen_by")
    }
    ranked = entry_ranking(
        candidates={pk: c.factors() for pk, c in candidates.items()}, weights=pilot.entry_weights
    )
    return [
        RankedCandidate(rank=r.rank, candidate=candidates[r.key], score=r.score) for r in ranked
    ]


@dataclass
class MetricNode:
    metric: Metric
    depth: int
    children: list[MetricNode] = field(default_factory=list)


def metric_tree(*, pilot: Pilot) -> list[MetricNode]:
    """The pilot's metrics as a tree of nodes (one query), roots first, children by name."""
    metrics = list(
        Metric.objects.filter(pilot=pilot).select_related("owner").order_by("name", "pk")
    )
    nodes = {m.pk: MetricNode(metric=m, depth=0) for m in metrics}
    roots: list[MetricNode] = []
    for m in metrics:
        parent = nodes.get(m.parent_id) if m.parent_id else None
        (parent.children if parent else roots).append(nodes[m.pk])
    level_rank = {"business": 0, "operating": 1, "frontline": 2}
    roots.sort(key=lambda n: (level_rank.get(n.metric.level, 9), n.metric.name))

    def set_depth(node: MetricNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def metric_rows(*, pilot: Pilot) -> list[MetricNode]:
    """The tree flattened depth-first (for tables and CSV)."""
    rows: list[MetricNode] = []

    def walk(node: MetricNode) -> None:
        rows.append(node)
        for child in node.children:
            walk(child)

    for root in metric_tree(pilot=pilot):
        walk(root)
    return rows


def metric_parent_choices(*, pilot: Pilot, level: str, metric: Metric | None = None) -> Any:
    """The pilot's metrics a metric of `level` may sit under (none for a key business metric),
    leaving out the metric itself."""
    parent_level = metric_parent_level(level=level) if level in LEVEL_ORDER else None
    if parent_level is None:
        return Metric.objects.none()
    parents = Metric.objects.filter(pilot=pilot, level=parent_level)
    if metric is not None and metric.pk:
        # metrics below this one sit at lower levels (Metric.clean), never among its parents
        parents = parents.exclude(pk=metric.pk)
    return parents.order_by("name", "pk")


def metric_levels_open(*, pilot: Pilot, metric: Metric | None = None) -> list[str]:
    """The levels a metric can take now: each needs a metric of the level above to sit under."""
    return [
        level
        for level in LEVEL_ORDER
        if metric_parent_level(level=level) is None
        or metric_parent_choices(pilot=pilot, level=level, metric=metric).exists()
    ]


def metric_descendant_ids(*, metric: Metric) -> list[int]:
    """Every metric below `metric`, at any depth (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Metric.objects.filter(pilot_id=metric.pilot_id).values_list(
        "id", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found: list[int] = []
    stack = list(children.get(metric.pk, []))
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def candidate_unit_ids(*, pilot: Pilot) -> set[int]:
    """The org units that are already entry-point candidates of the pilot."""
    return set(EntryCandidate.objects.filter(pilot=pilot).values_list("unit_id", flat=True))


def readiness_for(*, pilot: Pilot) -> Readiness:
    catalyst = pilot_catalyst(pilot=pilot)
    champion = pilot_champion(pilot=pilot)
    ranking = candidate_ranking(pilot=pilot)
    chosen = next((r for r in ranking if r.candidate.is_chosen), None)
    levels = list(Metric.objects.filter(pilot=pilot).values_list("level", "direction", "cadence"))
    frontline = [row for row in levels if row[0] == Metric.Level.FRONTLINE]
    champion_check = champion.assessment() if champion else None
    facts = RecognizeFacts(
        vision_parts_filled=sum(
            1
            for v in (pilot.vision_value, pilot.vision_focus, pilot.vision_capabilities)
            if v.strip()
        ),
        catalyst_verdict=catalyst.verdict().verdict if catalyst else None,
        has_champion=champion is not None,
        champion_c_level=bool(champion and champion.is_c_level),
        champion_commitments=sum(champion.commitments().values()) if champion else 0,
        champion_vision_ok=bool(champion_check and champion_check.vision_ok),
        champion_acknowledged=bool(
            champion_check and champion_check.acknowledged(CHAMPION_STEP_WARNINGS)
        ),
        champion_vision_acknowledged=bool(
            champion_check and champion_check.acknowledged(VISION_WARNINGS)
        ),
        catalyst_proceeding=bool(catalyst and catalyst.proceeding),
        candidates_rated=len(ranking),
        entry_chosen=chosen is not None,
        entry_passes_checks=bool(chosen and chosen.score.passes_checks),
        business_metrics=sum(1 for row in levels if row[0] == Metric.Level.BUSINESS),
        operating_metrics=sum(1 for row in levels if row[0] == Metric.Level.OPERATING),
        frontline_metrics=len(frontline),
        frontline_metrics_complete=all(d and c for _, d, c in frontline),
    )
    return pilot_readiness(facts=facts)
