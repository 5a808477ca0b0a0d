"""Where to scale next: entry points ranked with the weights the pilot has learned."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workshift.engine.scoring import EntryScore, entry_ranking, merged_weights
from workshift.impact.models import (
    Obstacle,
    Opportunity,
)
from workshift.insights.selectors.connections import org_network
from workshift.insights.selectors.dashboard import capacity_freed, metric_summaries
from workshift.insights.selectors.participants import pilot_participant_ids
from workshift.pilots.models import EntryCandidate, Pilot


@dataclass
class NextCandidate:
    rank: int
    before_rank: int
    candidate: EntryCandidate
    score: EntryScore
    combined: float
    ties: int
    reasons: list[str]


@dataclass
class ScaleNext:
    lessons: list[str]
    candidates: list[NextCandidate]
    seeds: list[Opportunity]


def _learned_weights(*, pilot: Pilot) -> tuple[dict[str, float], list[str]]:
    """Entry-point weights adjusted by what the pilot learned, with each lesson in words."""
    weights = merged_weights(overrides=pilot.entry_weights)
    lessons: list[str] = []
    obstacles = Obstacle.objects.filter(workgroup__pilot=pilot)
    total = obstacles.count()
    management = obstacles.filter(
        kind__in=[Obstacle.Kind.MANAGEMENT, Obstacle.Kind.POLITICAL]
    ).count()
    if total and management / total >= 0.3:
        weights["likelihood_leadership"] *= 1.5
        lessons.append(
            f"{management} of {total} obstacles were about management or politics: "
            "supportive leadership now counts 1.5 times as much."
        )
    capacity = capacity_freed(pilot=pilot)
    if capacity.participants and (capacity.average_freed < 75 or capacity.below_target):
        weights["likelihood_capacity"] *= 1.5
        lessons.append(
            f"Freeing capacity was hard ({capacity.average_freed:.0f}% freed on average, "
            f"{capacity.below_target} below 75%): freeable capacity now counts 1.5 times as much."
        )
    summaries = [m for m in metric_summaries(pilot=pilot) if m.improving is not None]
    improved = sum(1 for m in summaries if m.improving)
    if summaries and improved * 2 > len(summaries):
        weights["impact_core"] *= 1.25
        lessons.append(
            f"{improved} of {len(summaries)} metrics that matter improved on their baseline: "
            "the approach has shown results, so core units with bigger impact count more."
        )
    return weights, lessons


def scale_next(*, pilot: Pilot, limit: int = 8) -> ScaleNext:
    """Where to redefine work next: the remaining entry-point candidates re-ranked with what the pilot
    learned and how connected each unit already is to the pilot, and opportunities that could seed new
    workgroups."""
    weights, lessons = _learned_weights(pilot=pilot)
    remaining = {
        c.pk: c
        for c in EntryCandidate.objects.filter(pilot=pilot, chosen_at__isnull=True).select_related(
            "unit"
        )
    }
    before = {
        r.key: r.rank
        for r in entry_ranking(
            candidates={pk: c.factors() for pk, c in remaining.items()}, weights=pilot.entry_weights
        )
    }
    ranked = entry_ranking(
        candidates={pk: c.factors() for pk, c in remaining.items()}, weights=weights
    )
    network = org_network() if remaining else None
    participants = (
        np.array(
            [
                network.index_of[p]
                for p in pilot_participant_ids(pilot=pilot)
                if p in network.index_of
            ],
            dtype=np.int64,
        )
        if network
        else np.zeros(0, dtype=np.int64)
    )
    touched = np.zeros(len(network.person_ids) if network else 0, dtype=bool)
    if network is not None and participants.size and network.rows:
        in_pilot = np.zeros(len(network.person_ids))
        in_pilot[participants] = 1.0
        touched = (network.analysis.ties != 0).astype(np.float64) @ in_pilot > 0
    unit_index = {int(u): i for i, u in enumerate(network.unit_ids)} if network else {}
    rows = []
    for item in ranked:
        candidate = remaining[item.key]
        ties = 0
        if network is not None and candidate.unit_id in unit_index:
            in_unit = network.analysis.unit_of == unit_index[candidate.unit_id]
            ties = int((touched & in_unit).sum())
        bonus = min(10.0, ties / 2)
        reasons = item.score.reasons(limit=3)
        if ties:
            who = (
                "1 person there already works" if ties == 1 else f"{ties} people there already work"
            )
            reasons.append(
                f"{who} with pilot participants and has heard the stories (+{bonus:.1f} points)"
                if ties == 1
                else f"{who} with pilot participants and have heard the stories (+{bonus:.1f} points)"
            )
        reasons.extend(item.score.checks_failed)
        rows.append((candidate, item.score, item.score.combined + bonus, ties, reasons))
    rows.sort(key=lambda r: (not r[1].passes_checks, -r[2], r[0].unit.name))
    candidates = [
        NextCandidate(
            rank=i + 1,
            before_rank=before.get(c.pk, 0),
            candidate=c,
            score=s,
            combined=round(total, 1),
            ties=t,
            reasons=why,
        )
        for i, (c, s, total, t, why) in enumerate(rows[:limit])
    ]
    seeds: dict[str, Opportunity] = {}
    for opportunity in (
        Opportunity.objects.filter(
            workgroup__pilot=pilot,
            status__in=[Opportunity.Status.NEW, Opportunity.Status.EVALUATED],
        )
        .filter(value__gte=4)
        .select_related("workgroup", "metric")
        .order_by("-value", "-confidence", "effort", "pk")[:50]
    ):
        key = opportunity.title.strip().lower()
        if key in seeds:  # the same opportunity seen by several groups: one seed, every group named
            seeds[key].found_by.append(opportunity.workgroup.name)  # type: ignore[attr-defined]
        elif len(seeds) < 6:
            opportunity.found_by = [opportunity.workgroup.name]  # type: ignore[attr-defined]
            seeds[key] = opportunity
    return ScaleNext(lessons=lessons, candidates=candidates, seeds=list(seeds.values()))
