"""Formation of workgroups and cells: the settings page and workgroups from a team."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.conditions import enqueue, selectors, services
from workshift.conditions import forms as f
from workshift.conditions.access import (
    conditions_pilot_for_user,
)
from workshift.conditions.models import (
    FormationKind,
    FormationRun,
)
from workshift.engine.grouping import InfeasibleGrouping
from workshift.people.picker import picker_options
from workshift.pilots.models import Pilot


def _kind(kind: str) -> str:
    if kind not in FormationKind.values:
        raise Http404("No such formation.")
    return kind


def _formation_form(
    pilot: Pilot, kind: str, data: Any = None, initial: Any = None
) -> f.FormationForm:
    candidates = selectors.formation_pool(pilot=pilot, kind=kind)
    pool = list(candidates)  # read once: settings, counts and "everyone" all use it
    choices = services.attribute_choices(people=pool)
    if initial is None and data is None:
        initial = f.FormationForm.initial_from(services.formation_defaults(kind=kind, people=pool))
    return f.FormationForm(
        data,
        initial=initial,
        pilot=pilot,
        kind=kind,
        candidates=candidates,
        pool=pool,
        coaches=services.coach_candidates(pilot=pilot),
        attribute_choices=choices,
    )


@require_http_methods(["GET", "POST"])
@login_required
def formation(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    kind = _kind(kind)
    engine_error = ""
    run: FormationRun | None
    if request.method == "POST":
        form = _formation_form(pilot, kind, data=request.POST)
        if form.is_valid():
            try:
                run = services.formation_start(
                    pilot=pilot,
                    kind=kind,
                    settings=form.settings(),
                    user=request.user,
                    enqueue=enqueue.formation_run,
                )
            except InfeasibleGrouping as exc:
                engine_error = str(exc)
            else:
                return redirect("conditions:run", pk=pilot.pk, run_pk=run.pk)
    else:
        run = selectors.run_of(pilot=pilot, kind=kind, pk=request.GET.get("from_run"))
        form = _formation_form(
            pilot,
            kind,
            initial=f.FormationForm.initial_from(run.formation_settings) if run else None,
        )
        if run is not None and run.error:
            engine_error = run.error
    context = {
        "pilot": pilot,
        "kind": kind,
        "form": form,
        "engine_error": engine_error,
        "formation": selectors.formation_of(pilot=pilot, kind=kind),
        "runs": selectors.recent_runs(pilot=pilot, kind=kind),
        "groups": selectors.workgroups_of(pilot=pilot)
        if kind == FormationKind.WORKGROUPS
        else selectors.cells_of(pilot=pilot),
        "team_form": f.TeamForm(units=selectors.entry_units(pilot=pilot)),
        "label": "workgroups" if kind == FormationKind.WORKGROUPS else "cells",
    }
    return render(
        request,
        "conditions/formation.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def formation_team(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    form = f.TeamForm(request.POST, units=selectors.entry_units(pilot=pilot))
    if form.is_valid():
        group = services.workgroup_from_team(
            pilot=pilot, unit=form.cleaned_data["unit"], name=form.cleaned_data["name"]
        )
        messages.success(
            request,
            f"Workgroup “{group.name}” created from the team, with {selectors.workgroup_size(workgroup=group)} members.",
        )
    else:
        messages.error(request, "Choose a team of the entry point.")
    return redirect("conditions:formation", pk=pilot.pk, kind=FormationKind.WORKGROUPS)


@require_GET
@login_required
def formation_people(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The formation page's person search: only the people its pool holds."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    pool = selectors.formation_pool(pilot=pilot, kind=_kind(kind))
    return picker_options(request, people=pool)


@require_GET
@login_required
def coach_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The formation page's coach search: only the people who can coach a workgroup."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    return picker_options(request, people=services.coach_candidates(pilot=pilot))


routes = [
    path("pilots/<int:pk>/form/<str:kind>/", formation, name="formation"),
    path("pilots/<int:pk>/form/<str:kind>/people/", formation_people, name="formation_people"),
    path("pilots/<int:pk>/form-from-team/", formation_team, name="formation_team"),
    path("pilots/<int:pk>/coach-candidates/", coach_candidates, name="coach_candidates"),
]
