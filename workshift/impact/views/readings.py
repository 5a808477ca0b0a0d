"""Metric readings: entering and uploading a workgroup's readings, and a metric's chart."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.impact import forms, selectors, services
from workshift.impact.charts import metric_chart_spec
from workshift.impact.models import (
    MetricReading,
)
from workshift.impact.views.page import GET_POST, form_page, workgroup_for
from workshift.pilots.models import Metric


@GET_POST
@login_required
def readings(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
    form = forms.ReadingForm(request.POST or None, pilot_id=workgroup.pilot_id)
    if request.method == "POST" and form.is_valid():
        reading = services.reading_record(
            workgroup=workgroup, user=request.user, **form.cleaned_data
        )
        if reading.flag:
            messages.warning(
                request,
                f"Recorded. {reading.metric}: {reading.value:g} is beyond normal variation; have a look at the chart.",
            )
        else:
            messages.success(request, "Reading recorded.")
        return redirect("impact:readings", pk=workgroup.pk)
    rows = MetricReading.objects.filter(workgroup=workgroup).select_related("metric", "entered_by")
    rows, sort = sorted_queryset(
        request=request,
        queryset=rows,
        allowed={"date": "on", "metric": "metric__name", "value": "value", "flag": "flag"},
        default="-date",
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="readings.csv",
            header=["metric", "date", "value", "note", "flag"],
            rows=([r.metric.name, r.on, r.value, r.note, r.flag] for r in rows),
        )
    return render(
        request,
        "impact/readings.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "page": page_of(request=request, items=rows, per_page=50),
            "sort": sort,
            "form": form,
            "upload_form": forms.ReadingUploadForm(),
            "summaries": selectors.metric_summaries(workgroup=workgroup),
        },
        status=400 if form.errors else 200,
    )


@GET_POST
@login_required
def reading_upload(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk, act=True)
    form = forms.ReadingUploadForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.readings_import(
                workgroup=workgroup, user=request.user, text=form.cleaned_data["file"]
            )
        except services.ReadingImportError as exc:
            problems = exc.problems
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"Imported {count} readings.")
            return redirect("impact:readings", pk=workgroup.pk)
    return form_page(
        request,
        workgroup=workgroup,
        title="Upload readings (CSV)",
        form=form,
        submit="Upload",
        multipart=True,
        intro="One reading per row. Example: metric,date,value,note / Promise kept rate,2026-03-02,71.5,after the new call script",
        extra={"problems": problems},
    )


@require_GET
@login_required
def metric_chart(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
    metric = get_object_or_404(Metric, pk=metric_pk, pilot_id=workgroup.pilot_id)
    summary = next(
        (s for s in selectors.metric_summaries(workgroup=workgroup) if s.metric.pk == metric.pk),
        None,
    )
    if summary is None:
        summary = selectors.MetricSummary(metric=metric)
    slice_rows = list(workgroup.slices.filter(metric=metric).order_by("start"))
    spec = metric_chart_spec(summary=summary, slices=slice_rows)
    flagged = [
        (d, v, f) for d, v, f in zip(summary.dates, summary.values, summary.flags, strict=True) if f
    ]
    return render(
        request,
        "impact/metric_chart.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "summary": summary,
            "metric": metric,
            "spec": json.dumps(spec),
            "flagged": flagged[-10:],
            "slices": slice_rows,
        },
    )


routes = [
    path("workgroups/<int:pk>/readings/", readings, name="readings"),
    path("workgroups/<int:pk>/readings/upload/", reading_upload, name="reading_upload"),
    path("workgroups/<int:pk>/metrics/<int:metric_pk>/", metric_chart, name="metric_chart"),
]
