"""Charts as Vega-Lite specs (built with Altair), rendered to SVG without a browser.

The same SVG goes into the dashboard page and the PDF report, so what a
leadership team reads on paper is what the champion sees on screen.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from workshift.core.rendered import chart_svg, stored_svg
from workshift.insights.selectors.dashboard import MetricSummary


def pulse_trend_svg(*, rows: list[dict[str, Any]], title: str) -> str | None:
    """Mean answer (1-5) per question across rounds; None when there is nothing to show."""
    if not rows:
        return None
    return stored_svg(
        kind="pulse-trend", inputs=[rows, title], render=lambda: _pulse_trend(rows, title)
    )


def _pulse_trend(rows: list[dict[str, Any]], title: str) -> str:
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "round:O",
                title="Pulse round (date it opened)",
                sort=None,
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "mean:Q",
                title="Mean answer (1 = strongly disagree, 5 = strongly agree)",
                scale=alt.Scale(domain=[1, 5]),
            ),
            color=alt.Color(
                "question:N", title="Question", legend=alt.Legend(orient="bottom", columns=3)
            ),
            tooltip=["question:N", "round:O", "mean:Q"],
        )
        .properties(title=title, width=480, height=220)
    )
    return chart_svg(chart)


def metric_svg(*, summary: MetricSummary) -> str:
    """One metric that matters: its readings against the baseline and target lines."""
    metric = summary.metric
    inputs = [metric.name, metric.unit, metric.baseline, metric.target, summary.readings]
    return stored_svg(kind="metric", inputs=inputs, render=lambda: _metric(summary))


def _metric(summary: MetricSummary) -> str:
    metric = summary.metric
    unit = metric.unit or ""
    title = f"{metric.name} ({unit})" if unit else metric.name
    layers = []
    if summary.readings:
        values = [{"date": d.isoformat(), "value": v} for d, v in summary.readings]
        layers.append(
            alt.Chart(alt.Data(values=values))
            .mark_line(point=True, color="#1f5fa8")
            .encode(
                x=alt.X("date:T", title="Reading date", axis=alt.Axis(format="%d %b")),
                y=alt.Y("value:Q", title=unit or "value", scale=alt.Scale(zero=False)),
            )
        )
        marks = [("Baseline", metric.baseline, "#888888"), ("Target", metric.target, "#2e8540")]
        for label, value, colour in marks:
            if value is not None:
                rule = alt.Chart(alt.Data(values=[{"v": value, "label": f"{label} {value:g}"}]))
                layers.append(rule.mark_rule(strokeDash=[4, 3], color=colour).encode(y="v:Q"))
                layers.append(
                    rule.mark_text(align="left", dx=4, dy=-6, color=colour).encode(
                        y="v:Q", text="label:N"
                    )
                )
        chart = alt.layer(*layers)
    else:
        values = [
            {"what": label, "value": value}
            for label, value in (("Baseline", metric.baseline), ("Target", metric.target))
            if value is not None
        ]
        chart = (
            alt.Chart(alt.Data(values=values))
            .mark_bar(color="#1f5fa8")
            .encode(
                x=alt.X("value:Q", title=unit or "value"),
                y=alt.Y("what:N", title=None, sort=None),
            )
        )
    return chart_svg(
        chart.properties(title=title, width=420, height=140 if summary.readings else 60)
    )
