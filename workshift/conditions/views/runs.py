"""A formation run: its progress, the proposed groups, rescoring and confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from workshift.conditions import selectors, services
from workshift.conditions.access import (
    conditions_pilot_for_user,
    formation_run_for_user,
)
from workshift.conditions.models import (
    FormationKind,
    FormationRun,
)
from workshift.core.concurrency import EditConflict
from workshift.pilots.models import Pilot


def _board(run: FormationRun, proposed: dict[int, int] | None = None) -> dict[str, Any]:
    people = selectors.people_by_id(ids=run.result["people"])
    assignment = proposed or dict(zip(run.result["people"], run.result["assignment"], strict=True))
    settings = run.formation_settings
    m = settings.groups
    names = settings.names
    default = "Workgroup" if run.kind == FormationKind.WORKGROUPS else "Cell"
    coaches = settings.coaches
    coach_people = selectors.people_by_id(ids=coaches)
    columns: list[dict[str, Any]] = [
        {
            "index": g,
            "number": g + 1,
            "name": names[g] if g < len(names) else f"{default} {g + 1}",
            "coach": coach_people.get(coaches[g]) if g < len(coaches) else None,
            "people": [],
        }
        for g in range(m)
    ]
    for pid in run.result["people"]:
        if pid in people:
            columns[assignment[pid]]["people"].append(people[pid])
    return {"columns": columns, "group_numbers": list(range(m))}


def _proposed(request: HttpRequest, run: FormationRun) -> dict[int, int]:
    proposed = {}
    for pid in run.result.get("people", []):
        value = request.POST.get(f"p_{pid}", "")
        if value.lstrip("-").isdigit():
            proposed[pid] = int(value)
    return proposed


def _score_context(run: FormationRun, scored: dict[str, Any]) -> dict[str, Any]:
    mean = scored["random_mean"] or 0.0
    return {
        "score": scored["score"],
        "random_mean": mean,
        "gain": (scored["score"] / mean - 1) * 100 if mean else 0.0,
        "problems": scored["problems"],
        "groups": scored["groups"],
    }


@require_GET
@login_required
def run(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    return _render_run(request, pilot, run_)


def _render_run(
    request: HttpRequest,
    pilot: Pilot,
    run_: FormationRun,
    proposed: dict[int, int] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    formation = selectors.formation_of(pilot=pilot, kind=run_.kind)
    context: dict[str, Any] = {
        "pilot": pilot,
        "run": run_,
        "formation": formation,
        "error": error,
        "label": "workgroups" if run_.kind == FormationKind.WORKGROUPS else "cells",
        "expected_version": request.POST.get("expected_version")
        or (formation.version if formation else 0),
    }
    if run_.status == FormationRun.Status.DONE:
        context.update(_board(run_, proposed))
        scored = (
            services.formation_rescore(run=run_, proposed=proposed)
            if proposed
            else {
                "score": run_.result["score"],
                "random_mean": run_.result["random_mean"],
                "problems": [],
                "groups": run_.result["groups"],
            }
        )
        context.update(_score_context(run_, scored))
    return render(request, "conditions/run.html", context, status=status)


@require_GET
@login_required
def run_status(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    response = render(request, "conditions/_run_progress.html", {"pilot": pilot, "run": run_})
    if run_.status in (FormationRun.Status.DONE, FormationRun.Status.FAILED):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def run_rescore(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    if run_.status != FormationRun.Status.DONE:
        raise Http404("This run has no result yet.")
    try:
        scored = services.formation_rescore(run=run_, proposed=_proposed(request, run_))
    except services.AssignmentRejected as exc:
        return render(request, "conditions/_score.html", {"problems": [str(exc)]}, status=400)
    return render(request, "conditions/_score.html", {"run": run_, **_score_context(run_, scored)})


@require_POST
@login_required
def run_confirm(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    if run_.status != FormationRun.Status.DONE:
        raise Http404("This run has no result yet.")
    proposed = _proposed(request, run_)
    expected = request.POST.get("expected_version", "")
    coaches = run_.formation_settings.coaches or None
    try:
        services.formation_confirm(
            run=run_,
            proposed=proposed,
            expected_version=int(expected) if expected.isdigit() else 0,
            user=request.user,
            coaches=coaches,
        )
    except EditConflict as exc:
        formation = selectors.formation_of(pilot=pilot, kind=run_.kind)
        who = formation.confirmed_by if formation else None
        return _render_run(
            request,
            pilot,
            run_,
            proposed=proposed,
            status=409,
            error=(
                f"{who.get_full_name() or who.username if who else 'Someone'} confirmed another version of these "
                f"{'workgroups' if run_.kind == FormationKind.WORKGROUPS else 'cells'} while you were editing. {exc}"
            ),
        )
    except services.AssignmentRejected as exc:
        return _render_run(request, pilot, run_, proposed=proposed, status=400, error=str(exc))
    label = "Workgroups" if run_.kind == FormationKind.WORKGROUPS else "Cells"
    messages.success(request, f"{label} confirmed and saved.")
    return redirect("conditions:formation", pk=pilot.pk, kind=run_.kind)


routes = [
    path("pilots/<int:pk>/runs/<int:run_pk>/", run, name="run"),
    path("pilots/<int:pk>/runs/<int:run_pk>/status/", run_status, name="run_status"),
    path("pilots/<int:pk>/runs/<int:run_pk>/rescore/", run_rescore, name="run_rescore"),
    path("pilots/<int:pk>/runs/<int:run_pk>/confirm/", run_confirm, name="run_confirm"),
]
