"""Freed capacity: participants, the tasks they hand off, receivers and exceptions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    conditions_pilot_for_user,
    pilot_record_for_user,
)
from workshift.conditions.models import (
    CapacityParticipant,
    CapacityTask,
)
from workshift.core.listing import csv_response, page_of
from workshift.pilots.models import Pilot

PARTICIPANTS_PER_PAGE = 10


def _capacity_forms(
    pilot: Pilot, data: Any = None, which: str = "", initial: Any = None
) -> dict[str, Any]:
    """The form of each step, by the step's key (the `form` value its POST carries); the page
    reaches each one as its step's `form`."""
    people = selectors.entry_people(pilot=pilot)
    ids = selectors.pilot_participant_ids(pilot=pilot)
    return {
        "participant": f.ParticipantForm(
            data if which == "participant" else None,
            people=people.exclude(pk__in=ids),
            unit_id=pilot.entry_unit_id,
            auto_id="id_participant_%s",
        ),
        "task": f.CapacityTaskForm(
            data if which == "task" else None,
            pilot=pilot,
            people=selectors.active_people(),
            participant_ids=ids,
            initial=initial,
        ),
        "receiver": f.ReceiverForm(
            data if which == "receiver" else None,
            people=people.exclude(pk__in=ids),
            unit_id=pilot.entry_unit_id,
            auto_id="id_load_%s",
        ),
    }


def _requested_step(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("step", ""))
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan, built in three steps: one open form at a time (the next the plan needs, the one
    asked for with ?step=, or the one that failed), the others folded away below it."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    initial = (
        {"participant": request.GET.get("participant")} if request.GET.get("participant") else None
    )
    forms = _capacity_forms(pilot, request.POST, which, initial)
    if request.method == "POST":
        form = forms.get(which)
        if form is None:
            raise Http404("Unknown form.")
        if form.is_valid():
            data = form.cleaned_data
            if which == "participant":
                services.capacity_participant_add(pilot=pilot, person=data["person"])
                messages.success(
                    request,
                    f"{data['person']} is now a participant: add the tasks that free their time.",
                )
            elif which == "task":
                services.capacity_task_add(
                    participant=data["participant"],
                    name=data["name"],
                    share=data["share"],
                    method=data["method"],
                    receiver=data["receiver"],
                    note=data["note"],
                )
                messages.success(request, f"Task “{data['name']}” recorded.")
            else:
                services.capacity_receiver_set(
                    pilot=pilot, person=data["person"], baseline_load=data["baseline_load"]
                )
                messages.success(request, f"Load of {data['person']} recorded.")
            return redirect("conditions:capacity", pk=pilot.pk)
    overview = selectors.capacity_overview(pilot=pilot)
    if request.GET.get("format") == "csv":
        return _capacity_csv(pilot, overview)
    steps = selectors.capacity_steps(
        overview=overview, requested=_requested_step(request), refused=which
    )
    for step in steps:
        step.form = forms[step.key]
    current = next((step for step in steps if step.current), None)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "conditions/capacity.html",
        {
            "pilot": pilot,
            "overview": overview,
            "page": page_of(
                request=request, items=overview.participants, per_page=PARTICIPANTS_PER_PAGE
            ),
            "steps": steps,
            "current": current,
        },
        status=status,
    )


def _capacity_csv(pilot: Pilot, overview: selectors.CapacityOverview) -> HttpResponse:
    return csv_response(
        filename=f"capacity-pilot-{pilot.pk}.csv",
        header=[
            "employee_id",
            "participant",
            "freed_percent",
            "task",
            "share_percent",
            "method",
            "taken_over_by",
            "exception",
        ],
        rows=[
            [
                r.person.employee_id,
                r.person.full_name,
                round(r.freed),
                t.name,
                t.share,
                t.method_label,
                t.destination,
                r.exception,
            ]
            for r in overview.participants
            for t in r.tasks
        ]
        + [
            [r.person.employee_id, r.person.full_name, 0, "", "", "", "", r.exception]
            for r in overview.participants
            if not r.tasks
        ],
    )


@require_POST
@login_required
def capacity_exception(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    pilot, participant = pilot_record_for_user(
        user=request.user, model=CapacityParticipant, pilot_pk=pk, pk=participant_pk
    )
    form = f.ExceptionForm(request.POST)
    form.is_valid()
    services.capacity_exception_record(
        participant=participant, reason=form.cleaned_data.get("reason", ""), user=request.user
    )
    messages.success(
        request,
        f"Exception for {participant.person} {'recorded' if participant.exception_reason else 'removed'}.",
    )
    return redirect("conditions:capacity", pk=pilot.pk)


@require_POST
@login_required
def capacity_task_delete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    pilot, task = pilot_record_for_user(
        user=request.user, model=CapacityTask, pilot_pk=pk, pk=task_pk
    )
    services.capacity_task_remove(task=task)
    messages.success(request, f"Task “{task.name}” removed.")
    return redirect("conditions:capacity", pk=pilot.pk)


routes = [
    path("pilots/<int:pk>/capacity/", capacity, name="capacity"),
    path(
        "pilots/<int:pk>/capacity/participants/<int:participant_pk>/exception/",
        capacity_exception,
        name="capacity_exception",
    ),
    path(
        "pilots/<int:pk>/capacity/tasks/<int:task_pk>/delete/",
        capacity_task_delete,
        name="capacity_task_delete",
    ),
]
