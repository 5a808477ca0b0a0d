"""Chart specs (Vega-Lite, built with Altair): the same spec serves the page and a PDF."""

from __future__ import annotations

from typing import Any

import altair as alt

from workshift.impact.models import Slice
from workshift.impact.selectors import MetricSummary

NORMAL = "Within normal variation"
FLAGGED = "Beyond normal variation"


def metric_chart_spec(*, summary: MetricSummary, slices: list[Slice]) -> dict[str, Any]:
    """Readings against baseline, target and control limits, with slices marked on the time axis."""
    metric = summary.metric
    unit = f" ({metric.unit})" if metric.unit else ""
    points = [
        {"date": d.isoformat(), "value": v, "status": FLAGGED if f else NORMAL}
        for d, v, f in zip(summary.dates, summary.values, summary.flags, strict=True)
    ]
    x = alt.X("date:T", title="Date", axis=alt.Axis(format="%d %b"))
    y = alt.Y("value:Q", title=f"{metric.name}{unit}", scale=alt.Scale(zero=False))
    readings = alt.Chart(alt.Data(values=points))
    layers: list[Any] = []
    if slices:
        spans = [
            {"start": s.start.isoformat(), "end": s.end.isoformat(), "slice": f"Slice: {s.title}"}
            for s in slices
        ]
        span_chart = alt.Chart(alt.Data(values=spans))
        layers.append(
            span_chart.mark_rect(opacity=0.12, color="#6f42c1").encode(
                x=alt.X("start:T"),
                x2="end:T",
                tooltip=[
                    alt.Tooltip("slice:N", title="Slice"),
                    alt.Tooltip("start:T", title="Start"),
                    alt.Tooltip("end:T", title="End"),
                ],
            )
        )
        layers.append(
            span_chart.mark_text(
                align="left", baseline="top", dx=3, dy=3, color="#6f42c1", fontSize=10
            ).encode(
                x="start:T",
                y=alt.value(0),
                text="slice:N",
            )
        )
    layers.append(readings.mark_line(color="#0b6e4f").encode(x=x, y=y))
    layers.append(
        readings.mark_point(filled=True, size=55).encode(
            x=x,
            y=y,
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=[NORMAL, FLAGGED], range=["#0b6e4f", "#d63384"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("value:Q", title=metric.name),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
    )
    lines = []
    if metric.baseline is not None:
        lines.append(
            {"y": metric.baseline, "label": f"Baseline {metric.baseline:g}", "kind": "Baseline"}
        )
    if metric.target is not None:
        lines.append({"y": metric.target, "label": f"Target {metric.target:g}", "kind": "Target"})
    if summary.limits is not None:
        lines.append(
            {
                "y": summary.limits.upper,
                "label": f"Upper limit {summary.limits.upper:.3g}",
                "kind": "Limit",
            }
        )
        lines.append(
            {
                "y": summary.limits.lower,
                "label": f"Lower limit {summary.limits.lower:.3g}",
                "kind": "Limit",
            }
        )
    if lines:
        guide = alt.Chart(alt.Data(values=lines))
        stroke = alt.Color(
            "kind:N",
            scale=alt.Scale(
                domain=["Baseline", "Target", "Limit"], range=["#6c757d", "#0d6efd", "#d63384"]
            ),
            legend=None,
        )
        layers.append(guide.mark_rule(strokeDash=[5, 4]).encode(y="y:Q", color=stroke))
        layers.append(
            guide.mark_text(align="left", dy=-5, fontSize=10).encode(
                y="y:Q", x=alt.value(4), text="label:N", color=stroke
            )
        )
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(
            width="container",
            height=320,
            title=alt.TitleParams(
                f"{metric.name}{unit}",
                subtitle="Readings against baseline, target and the limits of normal variation; shaded spans are slices",
            ),
        )
    )
    return chart.to_dict()
