"""The pilot report for a leadership team: one HTML document, also printed to PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string

from workshift.insights.charts import metric_svg, pulse_trend_svg
from workshift.insights.leadership_context import power_shift_context
from workshift.insights.models import PULSE_QUESTIONS
from workshift.insights.selectors.dashboard import (
    capacity_freed,
    metric_summaries,
    overdue_obstacles,
    workgroup_rows,
)
from workshift.insights.selectors.pulse import PILOT_GROUP, pulse_results, pulse_trend_rows
from workshift.insights.selectors.scale_next import scale_next
from workshift.insights.selectors.stories import shared_stories
from workshift.insights.selectors.workload import momentum_signals
from workshift.pilots.models import Pilot


def report_context(*, pilot: Pilot, as_of: dt.date) -> dict[str, Any]:
    from workshift.conditions.models import Workgroup

    rounds = list(pilot.pulse_rounds.filter(opens_on__lte=as_of).order_by("opens_on"))
    results = pulse_results(pilot=pilot, rounds=rounds, with_comments=False)
    metrics = metric_summaries(pilot=pilot)
    return {
        "pilot": pilot,
        "as_of": as_of,
        "metrics": [{"summary": m, "svg": metric_svg(summary=m)} for m in metrics],
        "workgroups": workgroup_rows(
            pilot=pilot, workgroups=Workgroup.objects.filter(pilot=pilot), today=as_of
        ),
        "pulse_svg": pulse_trend_svg(
            rows=pulse_trend_rows(results=results, group_key=PILOT_GROUP),
            title="Pulse of the whole pilot",
        ),
        "latest_pulse": results[-1] if results else None,
        "questions": PULSE_QUESTIONS,
        "stories": list(shared_stories(pilot=pilot)[:8]),
        "signals": momentum_signals(pilot=pilot),
        "capacity": capacity_freed(pilot=pilot),
        "scale": scale_next(pilot=pilot),
        "obstacles": overdue_obstacles(pilot=pilot, today=as_of),
        **power_shift_context(pilot=pilot),
    }


def render_report_html(*, pilot: Pilot, as_of: dt.date) -> str:
    return render_to_string("insights/report.html", report_context(pilot=pilot, as_of=as_of))


def render_report_pdf(*, html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
