"""Metrics that matter: a tree from a key business metric down to frontline metrics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from workshift.core.listing import csv_response
from workshift.pilots import selectors, services
from workshift.pilots.access import metric_for_user, pilot_for_user
from workshift.pilots.forms import MetricForm
from workshift.pilots.models import Metric, Pilot
from workshift.pilots.views.pilots import delete_page, people_for

METRIC_HEADER = [
    "id",
    "parent_id",
    "depth",
    "level",
    "name",
    "unit",
    "direction",
    "cadence",
    "baseline",
    "target",
    "owner",
    "data_source",
]


@require_GET
@login_required
def metrics(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    if request.GET.get("format") == "csv":
        rows = (
            [
                n.metric.pk,
                n.metric.parent_id,
                n.depth,
                n.metric.level,
                n.metric.name,
                n.metric.unit,
                n.metric.direction,
                n.metric.cadence,
                n.metric.baseline,
                n.metric.target,
                n.metric.owner.full_name if n.metric.owner else "",
                n.metric.data_source,
            ]
            for n in selectors.metric_rows(pilot=pilot)
        )
        return csv_response(
            filename=f"pilot-{pilot.pk}-metrics.csv", header=METRIC_HEADER, rows=rows
        )
    return render(
        request, "pilots/metrics.html", {"pilot": pilot, "tree": selectors.metric_tree(pilot=pilot)}
    )


def _metric_form_page(
    request: HttpRequest,
    *,
    pilot: Pilot,
    instance: Metric,
    initial: dict[str, Any] | None = None,
    parent: Metric | None = None,
) -> HttpResponse:
    if "refresh" in request.POST:
        # without JavaScript: the lead changed the level and asks for its parent choices
        initial = {
            k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "refresh")
        }
    form = MetricForm(
        None if "refresh" in request.POST else request.POST or None,
        instance=instance,
        pilot=pilot,
        people=people_for(request),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        saved = form.save_or_conflict(save=services.metric_save)
        if saved is not None:
            messages.success(request, f"Metric “{saved.name}” saved.")
            return redirect("pilots:metrics", pk=pilot.pk)
    return render(
        request,
        "pilots/metric_form.html",
        {"pilot": pilot, "form": form, "metric": instance, "parent": parent},
    )


@require_http_methods(["GET", "POST"])
@login_required
def metric_create(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
    initial: dict[str, Any] = {"level": Metric.Level.BUSINESS}
    parent_pk = request.GET.get("parent", "")
    parent = (
        Metric.objects.filter(pilot=pilot, pk=parent_pk)
        .exclude(level=Metric.Level.FRONTLINE)
        .first()
        if parent_pk.isdigit()
        else None
    )
    if parent is not None:
        initial = {
            "parent": parent.pk,
            "level": Metric.Level.FRONTLINE
            if parent.level == Metric.Level.OPERATING
            else Metric.Level.OPERATING,
            "cadence": Metric.Cadence.WEEKLY
            if parent.level == Metric.Level.OPERATING
            else Metric.Cadence.MONTHLY,
        }
    return _metric_form_page(
        request, pilot=pilot, instance=Metric(pilot=pilot), initial=initial, parent=parent
    )


@require_http_methods(["GET", "POST"])
@login_required
def metric_edit(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    metric = metric_for_user(user=request.user, pilot_pk=pk, pk=metric_pk, edit=True)
    return _metric_form_page(request, pilot=metric.pilot, instance=metric)


@require_http_methods(["GET", "POST"])
@login_required
def metric_delete(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    metric = metric_for_user(user=request.user, pilot_pk=pk, pk=metric_pk, edit=True)
    below = len(selectors.metric_descendant_ids(metric=metric))

    def delete() -> str:
        count = services.metric_delete(metric=metric)
        return f"Deleted “{metric.name}”" + (
            f" and {count - 1} metrics below it." if count > 1 else "."
        )

    return delete_page(
        request,
        pilot=metric.pilot,
        what=f"the metric “{metric.name}”",
        consequence=f"The {below} metrics below it are deleted too."
        if below
        else "No metric sits below it.",
        back=reverse("pilots:metrics", args=[pk]),
        delete=delete,
    )


@require_GET
@login_required
def metric_parent_field(request: HttpRequest, pk: int) -> HttpResponse:
    """The metric form's parent field for the level chosen (htmx swaps it in when the level
    changes): only the metrics a metric of that level may sit under."""
    pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
    metric_pk = request.GET.get("metric", "")
    instance = (
        metric_for_user(user=request.user, pilot_pk=pk, pk=int(metric_pk), edit=True)
        if metric_pk.isdigit()
        else Metric(pilot=pilot)
    )
    form = MetricForm(
        instance=instance,
        pilot=pilot,
        people=people_for(request),
        initial={"level": request.GET.get("level", ""), "parent": request.GET.get("parent")},
    )
    return render(request, "pilots/_metric_parent_field.html", {"form": form})


routes = [
    path("<int:pk>/metrics/", metrics, name="metrics"),
    path("<int:pk>/metrics/new/", metric_create, name="metric_create"),
    path("<int:pk>/metrics/parent-field/", metric_parent_field, name="metric_parent_field"),
    path("<int:pk>/metrics/<int:metric_pk>/edit/", metric_edit, name="metric_edit"),
    path("<int:pk>/metrics/<int:metric_pk>/delete/", metric_delete, name="metric_delete"),
]
