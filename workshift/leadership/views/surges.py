"""Surge pages: planning a surge, its preview and rebalancing, exceptions on freed time."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from workshift.core.http import AuthedHttpRequest
from workshift.leadership import access, selectors, services
from workshift.leadership.forms import (
    SurgeExceptionForm,
    SurgeForm,
    form_submitted,
)


@require_http_methods(["GET", "POST"])
@login_required
def surge_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.surge_pilot_for_user(user=request.user, pk=pk, edit=True)
    form = SurgeForm(request.POST or None, pilot=pilot)
    surge = form_submitted(
        request,
        form,
        save=functools.partial(services.surge_create, pilot=pilot, user=request.user),
        message="Surge planned: see who it would overload and how to avoid it.",
    )
    if surge is not None:
        return redirect("leadership:surge", pk=surge.pk)
    return render(
        request,
        "leadership/form_page.html",
        {
            "form": form,
            "pilot": pilot,
            "title": "Plan a surge in demand",
            "submit": "See who it would overload",
            "intro": "Declare the surge before it starts: the period and how many extra hours a week of work it brings.",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def surge(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = access.surge_for_user(user=request.user, pk=pk, edit=request.method == "POST")
    form = SurgeExceptionForm(
        request.POST or None, people=selectors.surge_freed_people(surge=found)
    )
    if form_submitted(
        request,
        form,
        save=functools.partial(services.surge_exception_record, surge=found, user=request.user),
        message="Exception recorded; the plan now may use that freed time.",
    ):
        return redirect("leadership:surge", pk=found.pk)
    return render(
        request,
        "leadership/surge.html",
        {
            "pilot": found.pilot,
            "surge": found,
            "preview": selectors.surge_preview(surge=found),
            "exceptions": found.exceptions.select_related("person", "recorded_by"),
            "form": form,
            "can_edit": access.may_change_rights(user=request.user, pilot=found.pilot),
        },
    )


routes = [
    path("pilots/<int:pk>/surges/new/", surge_new, name="surge_new"),
    path("surges/<int:pk>/", surge, name="surge"),
]
