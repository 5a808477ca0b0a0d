"""Coaches: the list of coaches, a coach's checklist and coaching log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    can_edit_conditions,
    checklist_for_user,
    conditions_pilot_for_user,
)
from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import page_of


@require_GET
@login_required
def coaches(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    editor = can_edit_conditions(user=request.user, pilot=pilot)
    if not editor:
        if selectors.coaches_in(pilot=pilot, coach_id=request.user.person_id):
            return redirect("conditions:coach", pk=pilot.pk, coach_pk=request.user.person_id)
        raise Http404("No coaches to show.")
    rows = selectors.coach_rows(pilot=pilot)
    return render(request, "conditions/coaches.html", {"pilot": pilot, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def coach(request: HttpRequest, pk: int, coach_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    checklist = checklist_for_user(user=request.user, pilot=pilot, coach_id=coach_pk)
    workgroups = selectors.workgroups_coached_by(pilot=pilot, coach_id=coach_pk)
    form = f.ChecklistForm(instance=checklist)
    log_form = f.CoachingLogForm(workgroups=workgroups, initial={"date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "log":
            log_form = f.CoachingLogForm(request.POST, workgroups=workgroups)
            if log_form.is_valid():
                services.coaching_log_add(
                    pilot=pilot,
                    coach=checklist.coach,
                    date=log_form.cleaned_data["date"],
                    note=log_form.cleaned_data["note"],
                    workgroup=log_form.cleaned_data["workgroup"],
                )
                messages.success(request, "Log entry added.")
                return redirect("conditions:coach", pk=pilot.pk, coach_pk=coach_pk)
        else:
            form = f.ChecklistForm(request.POST, instance=checklist)
            if form.is_valid() and form.save_or_conflict(save=services.coach_checklist_save):
                messages.success(request, "Checklist saved.")
                return redirect("conditions:coach", pk=pilot.pk, coach_pk=coach_pk)
        status = 400
    log = page_of(
        request=request,
        items=selectors.coaching_log(pilot=pilot, coach_id=coach_pk),
    )
    parts = [(form[p], form[f"{p}_date"]) for p in checklist.PARTS]
    return render(
        request,
        "conditions/coach.html",
        {
            "pilot": pilot,
            "checklist": checklist,
            "form": form,
            "parts": parts,
            "log_form": log_form,
            "page": log,
            "workgroups": workgroups,
        },
        status=status,
    )


routes = [
    path("pilots/<int:pk>/coaches/", coaches, name="coaches"),
    path("pilots/<int:pk>/coaches/<int:coach_pk>/", coach, name="coach"),
]
