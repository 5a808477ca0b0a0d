"""Expectations: what participants and their managers agree to, and their acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    acknowledgeable_for_user,
    conditions_pilot_for_user,
)
from workshift.conditions.models import Expectations


@require_POST
@login_required
def acknowledge(request: HttpRequest, pk: int, expectations_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    expectations, person = acknowledgeable_for_user(
        user=request.user, pilot=pilot, pk=expectations_pk
    )
    services.expectations_acknowledge(expectations=expectations, person=person)
    messages.success(request, "Thank you: your acknowledgement is recorded with today's date.")
    return redirect("conditions:overview", pk=pilot.pk)


@require_http_methods(["GET", "POST"])
@login_required
def expectations(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    groups = list(selectors.workgroups_of(pilot=pilot))
    target = request.GET.get("workgroup") or request.POST.get("workgroup") or ""
    group = next((g for g in groups if str(g.pk) == target), None)
    instance = selectors.expectations_of(pilot=pilot, workgroup=group) or Expectations(
        pilot=pilot, workgroup=group
    )
    form = f.ExpectationsForm(instance=instance)
    status = 200
    if request.method == "POST":
        form = f.ExpectationsForm(request.POST, instance=instance)
        if form.is_valid() and form.save_or_conflict(save=services.expectations_save):
            messages.success(request, f"Expectations for {group or 'the whole pilot'} saved.")
            return redirect(
                reverse("conditions:expectations", args=[pilot.pk])
                + (f"?workgroup={group.pk}" if group else "")
            )
        status = 400
    existing = selectors.expectations_all(pilot=pilot)
    participants = len(selectors.pilot_participant_ids(pilot=pilot))
    return render(
        request,
        "conditions/expectations.html",
        {
            "pilot": pilot,
            "form": form,
            "group": group,
            "groups": groups,
            "existing": existing,
            "participants": participants,
        },
        status=status,
    )


routes = [
    path("pilots/<int:pk>/expectations/", expectations, name="expectations"),
    path("pilots/<int:pk>/acknowledge/<int:expectations_pk>/", acknowledge, name="acknowledge"),
]
