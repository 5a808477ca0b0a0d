"""Rank a workgroup's opportunities: which one holds the most potential new value?

The score, as shown to users:

    score = potential value (1-5) × confidence (0-1) ÷ effort (1-5) × 1.5 if tied to a metric that matters

An opportunity not yet evaluated has no score and goes to the end of the
backlog (oldest first). Ties go to the smaller effort, then the older capture.
Pure computation: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

METRIC_BONUS = 1.5


@dataclass(frozen=True)
class OpportunityInput:
    key: int
    value: int | None
    confidence: float | None
    effort: int | None
    has_metric: bool
    order: int = 0


@dataclass(frozen=True)
class RankedOpportunity:
    key: int
    rank: int
    score: float | None


def opportunity_score(
    *, value: int | None, confidence: float | None, effort: int | None, has_metric: bool
) -> float | None:
    if value is None or confidence is None or effort is None:
        return None
    if not 1 <= value <= 5 or not 1 <= effort <= 5 or not 0 <= confidence <= 1:
        raise ValueError("value and effort are 1-5, confidence is 0-1")
    score = value * confidence / effort
    return round(score * (METRIC_BONUS if has_metric else 1.0), 4)


def opportunities_rank(*, items: Sequence[OpportunityInput]) -> list[RankedOpportunity]:
    scored = [
        (
            opportunity_score(
                value=i.value, confidence=i.confidence, effort=i.effort, has_metric=i.has_metric
            ),
            i,
        )
        for i in items
    ]

    def sort_key(pair: tuple[float | None, OpportunityInput]) -> tuple[int, float, int, int]:
        score, item = pair
        if score is None:
            return (1, 0.0, 0, item.order)
        return (0, -score, item.effort or 0, item.order)

    ordered = sorted(scored, key=sort_key)
    return [
        RankedOpportunity(key=item.key, rank=n, score=score)
        for n, (score, item) in enumerate(ordered, start=1)
    ]
