"""Chart specs (Vega-Lite through Altair) for the Recognize pages, and the local vega-embed bundle."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import altair as alt

from workshift.pilots.selectors import RankedCandidate


def entry_chart_spec(*, ranking: list[RankedCandidate]) -> dict[str, Any]:
    """Impact (y) against likelihood of success (x), one point per candidate; hover shows it."""
    rows = []
    for r in ranking:
        c = r.candidate
        status = (
            "Chosen"
            if c.is_chosen
            else ("Passes the hard checks" if r.score.passes_checks else "Fails a hard check")
        )
        rows.append(
            {
                "candidate": c.unit.name,
                "rank": r.rank,
                "impact": r.score.impact,
                "likelihood": r.score.likelihood,
                "pool": c.pool_size,
                "capacity": c.freeable_capacity_pct,
                "status": status,
                "checks": "; ".join(r.score.checks_failed) or "All hard checks pass",
            }
        )
    data = alt.Data(values=rows)
    scale = alt.Scale(domain=[0, 100])
    color = alt.Color(
        "status:N",
        title="Status",
        scale=alt.Scale(
            domain=["Chosen", "Passes the hard checks", "Fails a hard check"],
            range=["#0b6e4f", "#4c78a8", "#c0392b"],
        ),
    )
    base = alt.Chart(data)
    points = base.mark_circle(size=220, opacity=0.9).encode(
        x=alt.X("likelihood:Q", title="Likelihood of success (0-100)", scale=scale),
        y=alt.Y("impact:Q", title="Potential impact (0-100)", scale=scale),
        color=color,
        tooltip=[
            alt.Tooltip("candidate:N", title="Candidate"),
            alt.Tooltip("rank:Q", title="Rank"),
            alt.Tooltip("impact:Q", title="Impact"),
            alt.Tooltip("likelihood:Q", title="Likelihood"),
            alt.Tooltip("pool:Q", title="Frontline pool"),
            alt.Tooltip("capacity:Q", title="Freeable capacity %"),
            alt.Tooltip("checks:N", title="Hard checks"),
        ],
    )
    labels = base.mark_text(align="left", dx=12, fontSize=12).encode(
        x="likelihood:Q",
        y="impact:Q",
        text="candidate:N",
    )
    rules = alt.Chart(alt.Data(values=[{"v": 50}]))
    vline = rules.mark_rule(strokeDash=[4, 4], color="#999").encode(x="v:Q")
    hline = rules.mark_rule(strokeDash=[4, 4], color="#999").encode(y="v:Q")
    chart = (vline + hline + points + labels).properties(
        width="container",
        height=380,
        title="Entry-point candidates: potential impact × likelihood of success",
    )
    return chart.to_dict()


@functools.cache
def vega_bundle() -> tuple[str, str]:
    """vega, vega-lite and vega-embed as one local script, and its ETag (built once per process)."""
    import vl_convert

    text: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    return text, hashlib.sha256(text.encode()).hexdigest()[:16]
