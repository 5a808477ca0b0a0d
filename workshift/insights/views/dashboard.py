"""The insights overview across pilots and a pilot's dashboard."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.http import require_GET

from workshift.core.rendered import kept_fragment
from workshift.insights import access
from workshift.insights.charts import metric_svg, pulse_trend_svg
from workshift.insights.leadership_context import power_shift_context
from workshift.insights.models import PULSE_QUESTIONS, PilotReport
from workshift.insights.selectors.dashboard import (
    capacity_freed,
    metric_summaries,
    overdue_obstacles,
    workgroup_rows,
)
from workshift.insights.selectors.pulse import (
    PILOT_GROUP,
    all_group_keys,
    pulse_results,
    pulse_trend_rows,
    visible_group_keys,
)
from workshift.insights.selectors.stories import shared_stories
from workshift.insights.selectors.workload import momentum_signals
from workshift.pilots.selectors import pilots_visible_to


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Across pilots: the pilots the user takes part in, with a few numbers each."""
    rows = []
    for pilot in pilots_visible_to(user=request.user).select_related("entry_unit"):
        rows.append(
            {
                "pilot": pilot,
                "workgroups": access.pilot_workgroups_visible_to(
                    user=request.user, pilot=pilot
                ).count(),
                "stories": shared_stories(pilot=pilot).count(),
                "metrics": pilot.metrics.count(),
                "last_report": pilot.reports.filter(status=PilotReport.Status.DONE)
                .defer("pdf", "html")
                .first(),
            }
        )
    return render(request, "insights/overview.html", {"rows": rows})


@require_GET
@login_required
def pilot_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    workgroups = access.pilot_workgroups_visible_to(user=request.user, pilot=pilot)
    selected = None
    if request.GET.get("workgroup"):
        try:
            selected = workgroups.filter(pk=int(request.GET["workgroup"])).first()
        except ValueError:
            selected = None
        if selected is None:
            raise Http404("No such workgroup in this pilot.")
    overseer = access.sees_everything(user=request.user, pilot=pilot)
    # overseers see every pulse group; the others, their own
    visible = None if overseer else visible_group_keys(user=request.user, pilot=pilot)
    # everyone who sees the same workgroups and pulse groups sees the same figures
    scope = [
        pilot.pk,
        selected.pk if selected else None,
        overseer,
        sorted(workgroups.values_list("pk", flat=True)),
        sorted(visible) if visible is not None else "all",
    ]
    keep = settings.DASHBOARD_KEEP_SECONDS
    body, as_of = kept_fragment(
        kind="pilot-dashboard",
        inputs=scope,
        max_age=keep,
        render=lambda: render_to_string(
            "insights/_dashboard_body.html",
            _dashboard_figures(
                pilot=pilot,
                workgroups=workgroups,
                selected=selected,
                overseer=overseer,
                visible=visible,
            ),
        ),
    )
    context = {
        "pilot": pilot,
        "overseer": overseer,
        "workgroups": workgroups,
        "selected": selected,
        "body": body,
        "as_of": as_of,
        "keep_seconds": keep,
    }
    return render(request, "insights/pilot_dashboard.html", context)


def _dashboard_figures(
    *, pilot: Any, workgroups: Any, selected: Any, overseer: bool, visible: set[str] | None
) -> dict[str, Any]:
    """What the dashboard shows of the pilot, or of the `selected` workgroup; `visible` are the
    pulse groups the viewer may see (None: all of them)."""
    if visible is None:
        visible = all_group_keys(pilot=pilot)
    rounds = list(pilot.pulse_rounds.order_by("opens_on"))
    results = pulse_results(pilot=pilot, rounds=rounds, visible=visible, with_comments=False)
    group_key = f"wg:{selected.pk}" if selected else PILOT_GROUP
    trend = pulse_trend_rows(results=results, group_key=group_key)
    group_label = f"workgroup {selected.name}" if selected else "the whole pilot"
    stories = shared_stories(pilot=pilot)
    if selected:
        stories = stories.filter(workgroup=selected)
    metrics = metric_summaries(pilot=pilot, workgroup=selected)
    return {
        "pilot": pilot,
        "overseer": overseer,
        "metric_charts": [metric_svg(summary=m) for m in [m for m in metrics if m.readings][:4]],
        "selected": selected,
        "workgroup_rows": workgroup_rows(
            pilot=pilot, workgroups=workgroups.filter(pk=selected.pk) if selected else workgroups
        ),
        "metrics": metrics,
        "capacity": capacity_freed(pilot=pilot) if overseer else None,
        "obstacles": overdue_obstacles(pilot=pilot, workgroup=selected),
        "pulse_svg": pulse_trend_svg(rows=trend, title=f"Pulse of {group_label}"),
        "pulse_group_label": group_label,
        "latest_pulse": results[-1] if results else None,
        "questions": PULSE_QUESTIONS,
        "stories": stories[:5],
        "signals": momentum_signals(pilot=pilot),
        "reports": pilot.reports.defer("pdf", "html")[:5] if overseer else [],
        **power_shift_context(
            pilot=pilot, workgroups=[selected] if selected else workgroups.order_by("name")
        ),
    }


routes = [
    path("", overview, name="overview"),
    path("pilots/<int:pk>/", pilot_dashboard, name="dashboard"),
]
