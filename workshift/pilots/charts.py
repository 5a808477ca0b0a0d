"""The entry-point chart of the Recognize pages, and the local vega-embed bundle other pages use."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from workshift.pilots.selectors import RankedCandidate

STATUS_COLORS = {
    "Chosen": "#0b6e4f",
    "Passes the hard checks": "#4c78a8",
    "Fails a hard check": "#c0392b",
}


# the drawing, in SVG pixels: the plot area inside the axes' margins
WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 64, 620, 16, 340


def _x(value: float) -> float:
    return round(LEFT + (RIGHT - LEFT) * value / 100, 1)


def _y(value: float) -> float:
    return round(BOTTOM - (BOTTOM - TOP) * value / 100, 1)


@dataclass(frozen=True)
class ChartPoint:
    """One candidate on the entry chart, placed in SVG pixels."""

    cx: float
    cy: float
    label: str
    status: str
    color: str
    detail: str


@dataclass(frozen=True)
class Tick:
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class EntryChart:
    """Potential impact (up) against likelihood of success (right), one point per candidate,
    drawn by the page as inline SVG: no script to load, a native tooltip on each point."""

    points: list[ChartPoint]
    ticks: list[Tick]
    legend: list[tuple[str, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM
    middle_x: float = _x(50)
    middle_y: float = _y(50)


def entry_chart(*, ranking: list[RankedCandidate]) -> EntryChart:
    points = []
    for r in ranking:
        c = r.candidate
        if c.is_chosen:
            status = "Chosen"
        else:
            status = "Passes the hard checks" if r.score.passes_checks else "Fails a hard check"
        checks = "; ".join(r.score.checks_failed) or "All hard checks pass"
        points.append(
            ChartPoint(
                cx=_x(r.score.likelihood),
                cy=_y(r.score.impact),
                label=c.unit.name,
                status=status,
                color=STATUS_COLORS[status],
                detail=(
                    f"{c.unit.name}: rank {r.rank}, impact {r.score.impact}, likelihood "
                    f"{r.score.likelihood}, frontline pool {c.pool_size}, freeable capacity "
                    f"{c.freeable_capacity_pct}%. {checks}."
                ),
            )
        )
    return EntryChart(
        points=points,
        ticks=[Tick(value=v, x=_x(v), y=_y(v)) for v in (0, 25, 50, 75, 100)],
        legend=list(STATUS_COLORS.items()),
    )


@functools.cache
def vega_bundle() -> tuple[str, str]:
    """vega, vega-lite and vega-embed as one local script, and its ETag (built once per process)."""
    import vl_convert

    text: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    return text, hashlib.sha256(text.encode()).hexdigest()[:16]
