"""Surge pages: planning a surge, its preview and rebalancing, exceptions on freed time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from workshift.core.http import AuthedHttpRequest
from workshift.leadership import access, selectors, services
from workshift.leadership.forms import (
    SurgeExceptionForm,
    SurgeForm,
    form_add_errors,
)
from workshift.people.models import Person


@require_http_methods(["GET", "POST"])
@login_required
def surge_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.surge_pilot_for_user(user=request.user, pk=pk, edit=True)
    form = SurgeForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            surge = services.surge_create(pilot=pilot, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(
                request, "Surge planned: see who it would overload and how to avoid it."
            )
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
    participants = Person.objects.filter(
        pk__in=[p.key for p in selectors.surge_people(surge=found) if p.protected > 0]
    ).order_by("last_name")
    form = SurgeExceptionForm(request.POST or None, people=participants)
    if request.method == "POST" and form.is_valid():
        try:
            services.surge_exception_record(surge=found, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, "Exception recorded; the plan now may use that freed time.")
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
