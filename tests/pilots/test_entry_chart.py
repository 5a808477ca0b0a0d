"""The entry-point chart is drawn on the server: each candidate where its scores put it."""

from __future__ import annotations

from django.utils import timezone

from workshift.engine.scoring import EntryScore
from workshift.people.models import OrgUnit
from workshift.pilots.charts import BOTTOM, LEFT, RIGHT, STATUS_COLORS, TOP, entry_chart
from workshift.pilots.models import EntryCandidate
from workshift.pilots.selectors import RankedCandidate


def _ranked(rank: int, name: str, *, impact: float, likelihood: float, failed=(), chosen=False):
    candidate = EntryCandidate(
        unit=OrgUnit(name=name, code=name[:3].upper()),
        pool_size=30,
        freeable_capacity_pct=80,
        chosen_at=timezone.now() if chosen else None,
    )
    score = EntryScore(
        impact=impact,
        likelihood=likelihood,
        combined=(impact * likelihood) ** 0.5,
        checks_failed=list(failed),
        contributions=[],
    )
    return RankedCandidate(rank=rank, candidate=candidate, score=score)


def test_each_point_sits_at_its_scores_and_says_its_status() -> None:
    chart = entry_chart(
        ranking=[
            _ranked(1, "Claims", impact=100, likelihood=100, chosen=True),
            _ranked(2, "Billing", impact=0, likelihood=0),
            _ranked(3, "Finance", impact=50, likelihood=25, failed=["Pool under 15"]),
        ]
    )
    claims, billing, finance = chart.points
    assert (claims.cx, claims.cy) == (RIGHT, TOP)  # top right is best
    assert (billing.cx, billing.cy) == (LEFT, BOTTOM)
    assert finance.cx == LEFT + (RIGHT - LEFT) / 4
    assert finance.cy == (TOP + BOTTOM) / 2
    assert [p.status for p in chart.points] == [
        "Chosen",
        "Passes the hard checks",
        "Fails a hard check",
    ]
    assert finance.color == STATUS_COLORS["Fails a hard check"]
    assert "rank 3" in finance.detail and "Pool under 15" in finance.detail
    assert "All hard checks pass" in billing.detail
