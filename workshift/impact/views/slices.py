"""Slices: the short, time-boxed pieces of work a workgroup runs and moves through stages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from workshift.core.listing import csv_columns_response, page_of, sorted_queryset
from workshift.impact import access, forms, services
from workshift.impact.models import (
    Opportunity,
    Slice,
)
from workshift.impact.views.page import (
    GET_POST,
    form_page,
    posted_and_saved,
    record_for,
    workgroup_for,
    workgroup_page,
)

SLICE_SORTS = {"start": "start", "end": "end", "title": "title", "stage": "stage"}
SLICE_COLUMNS = [
    ("title", "title"),
    ("hypothesis", "hypothesis"),
    ("metric", "metric"),
    ("expected change", "expected_change"),
    ("start", "start"),
    ("end", "end"),
    ("stage", "get_stage_display"),
    ("result", "result"),
    ("learned", "learned"),
    ("next step", "get_next_step_display"),
]


@require_GET
@login_required
def slices(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
    rows, sort = sorted_queryset(
        request=request,
        queryset=workgroup.slices.select_related("metric", "opportunity"),
        allowed=SLICE_SORTS,
        default="-start",
    )
    if request.GET.get("format") == "csv":
        return csv_columns_response(filename="slices.csv", columns=SLICE_COLUMNS, items=rows)
    return render(
        request,
        "impact/slices.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "page": page_of(request=request, items=rows),
            "sort": sort,
        },
    )


@GET_POST
@login_required
def slice_new(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk, act=True)
    source = request.GET.get("opportunity") or request.POST.get("opportunity")
    opportunity = (
        get_object_or_404(Opportunity, pk=source, workgroup=workgroup)
        if source and source.isdigit()
        else None
    )
    today = timezone.localdate()
    initial: dict[str, Any] = {"start": today, "end": today + dt.timedelta(days=21)}
    if opportunity:
        initial |= {"title": opportunity.title, "metric": opportunity.metric_id}
    form = forms.SliceForm(
        request.POST or None, initial=initial, pilot_id=workgroup.pilot_id, new=True
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        try:
            piece = services.slice_start(workgroup=workgroup, opportunity=opportunity, **data)
        except services.ImpactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Slice started. First step of the loop: seek data and context."
            )
            return redirect("impact:slice", pk=piece.pk)
    intro = "A slice is a thin, time-boxed experiment with an outcome-based measure of success."
    if opportunity:
        intro += f" It starts from the opportunity “{opportunity}”."
    return form_page(
        request,
        workgroup=workgroup,
        title="Start a slice",
        form=form,
        submit="Start the slice",
        intro=intro,
        extra={"hidden": {"opportunity": opportunity.pk} if opportunity else {}},
    )


@GET_POST
@login_required
def slice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    piece = record_for(request, Slice, pk, "metric", "opportunity")
    workgroup = piece.workgroup_view
    form = forms.SliceForm(request.POST or None, instance=piece, pilot_id=workgroup.pilot_id)
    if posted_and_saved(request, form, save=services.slice_save):
        messages.success(request, "Slice saved.")
        return redirect("impact:slice", pk=piece.pk)
    return workgroup_page(
        request,
        "impact/slice.html",
        workgroup=workgroup,
        form=form,
        piece=piece,
        stages=Slice.Stage.choices,
        reflections=piece.reflections.select_related("author")[:20],
    )


@require_POST
@login_required
def slice_stage(request: HttpRequest, pk: int) -> HttpResponse:
    piece = access.record_for_user(user=request.user, model=Slice, pk=pk, act=True)
    try:
        services.slice_move(piece=piece, to_stage=request.POST.get("stage", ""))
    except services.ImpactError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The slice moved to “{piece.get_stage_display()}”.")
    return redirect("impact:slice", pk=piece.pk)


routes = [
    path("workgroups/<int:pk>/slices/", slices, name="slices"),
    path("workgroups/<int:pk>/slices/new/", slice_new, name="slice_new"),
    path("slices/<int:pk>/", slice_detail, name="slice"),
    path("slices/<int:pk>/stage/", slice_stage, name="slice_stage"),
]
