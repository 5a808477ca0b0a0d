"""The power-shift chart: a Vega-Lite spec (Altair) rendered to SVG for the page and the PDF."""

from __future__ import annotations

from typing import Any

import altair as alt

from workshift.core.rendered import chart_svg, stored_svg
from workshift.leadership.selectors import PowerShift


def power_shift_svg(
    *, shift: PowerShift, title: str = "Power shift: decisions taken at the frontline"
) -> str | None:
    """Weekly frontline share (%) for the pilot and each workgroup; None when no decision is logged."""
    rows: list[dict[str, Any]] = []
    for week in shift.weeks:
        if week.share is not None:
            rows.append(
                {
                    "week": week.week.isoformat(),
                    "share": round(100 * week.share, 1),
                    "who": "Whole pilot",
                    "n": week.total,
                }
            )
    for workgroup, weeks, _ in shift.by_workgroup:
        for week in weeks:
            if week.share is not None:
                rows.append(
                    {
                        "week": week.week.isoformat(),
                        "share": round(100 * week.share, 1),
                        "who": str(workgroup),
                        "n": week.total,
                    }
                )
    if not rows:
        return None
    return stored_svg(kind="power-shift", inputs=[rows, title], render=lambda: _chart(rows, title))


def _chart(rows: list[dict[str, Any]], title: str) -> str:
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title="Week (starting Monday)", axis=alt.Axis(format="%d %b")),
            y=alt.Y(
                "share:Q",
                title="Decisions taken at the frontline (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color("who:N", title="Who", legend=alt.Legend(orient="bottom", columns=3)),
            strokeWidth=alt.condition(alt.datum.who == "Whole pilot", alt.value(3), alt.value(1.5)),
            tooltip=["who:N", "week:T", "share:Q", "n:Q"],
        )
        .properties(title=title, width=480, height=220)
    )
    return chart_svg(chart)
