"""Reflections: a workgroup's learning after each slice, and the pilot's learning log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from workshift.conditions.models import Workgroup
from workshift.core.listing import csv_response, page_of
from workshift.impact import access, forms, selectors, services
from workshift.impact.models import (
    Reflection,
)
from workshift.impact.views.page import GET_POST, form_page, workgroup_for


@require_GET
@login_required
def pilot_learning(request: HttpRequest, pk: int) -> HttpResponse:
    """The learning log across the pilot: every reflection, searchable."""
    pilot = access.pilot_for_impact(user=request.user, pk=pk, lead_only=True)
    return _learning_log(
        request,
        pilot=pilot,
        workgroup=None,
        reflections=Reflection.objects.filter(workgroup__pilot=pilot),
    )


def _learning_log(
    request: HttpRequest, *, pilot: Any, workgroup: Workgroup | None, reflections: Any
) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    rows = selectors.reflections_search(reflections=reflections, query=query, kind=kind).order_by(
        "-written_on", "-id"
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="learning-log.csv",
            header=[
                "workgroup",
                "date",
                "kind",
                "slice",
                "expected",
                "happened",
                "why",
                "differently",
                "author",
            ],
            rows=(
                [
                    r.workgroup.name,
                    r.written_on,
                    r.get_kind_display(),
                    r.slice.title if r.slice else "",
                    r.expected,
                    r.happened,
                    r.why,
                    r.differently,
                    r.author,
                ]
                for r in rows
            ),
        )
    return render(
        request,
        "impact/reflections.html",
        {
            "pilot": pilot,
            "workgroup": workgroup,
            "page": page_of(request=request, items=rows),
            "q": query,
            "kind": kind,
            "kinds": Reflection.Kind.choices,
        },
    )


@require_GET
@login_required
def reflections(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
    return _learning_log(
        request, pilot=workgroup.pilot, workgroup=workgroup, reflections=workgroup.reflections.all()
    )


@GET_POST
@login_required
def reflection_new(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk, act=True)
    initial = {"written_on": timezone.localdate(), "kind": request.GET.get("kind", "after")}
    if (s := request.GET.get("slice", "")).isdigit():
        initial["slice"] = int(s)
    form = forms.ReflectionForm(request.POST or None, initial=initial, workgroup=workgroup)
    if request.method == "POST" and form.is_valid():
        services.reflection_write(reflection=form.instance, workgroup=workgroup, user=request.user)
        messages.success(request, "Reflection saved to the learning log.")
        return redirect("impact:reflections", pk=workgroup.pk)
    return form_page(
        request,
        workgroup=workgroup,
        title="Write a reflection",
        form=form,
        submit="Save the reflection",
        intro="Reflect more to learn faster. Four short answers: what we expected, what happened, why, and what we will do differently.",
    )


@require_GET
@login_required
def reflection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = access.record_for_user(
        user=request.user, model=Reflection, pk=pk, select=("author", "slice")
    )
    return render(
        request,
        "impact/reflection.html",
        {
            "workgroup": reflection.workgroup_view,
            "pilot": reflection.workgroup_view.pilot,
            "reflection": reflection,
        },
    )


routes = [
    path("pilots/<int:pk>/learning/", pilot_learning, name="pilot_learning"),
    path("workgroups/<int:pk>/reflections/", reflections, name="reflections"),
    path("workgroups/<int:pk>/reflections/new/", reflection_new, name="reflection_new"),
    path("reflections/<int:pk>/", reflection_detail, name="reflection"),
]
