"""The phase overview page: the steps left, expectations to acknowledge, workgroups, exceptions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from workshift.conditions import selectors
from workshift.conditions.access import (
    can_edit_conditions,
    conditions_pilot_for_user,
    workgroups_visible_to,
)


@require_GET
@login_required
def pilot_overview(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    editor = can_edit_conditions(user=request.user, pilot=pilot)
    person = getattr(request.user, "person", None)
    expectations = selectors.expectations_for_person(pilot=pilot, person=person)
    steps = selectors.phase_checklist(pilot=pilot) if editor else []
    return render(
        request,
        "conditions/pilot_overview.html",
        {
            "pilot": pilot,
            "editor": editor,
            "steps": steps,
            "done": sum(1 for s in steps if s.done),
            "expectations": expectations,
            "acknowledged": selectors.acknowledged_ids(person=person, expectations=expectations),
            "workgroups": selectors.workgroups_visible_in(
                visible=workgroups_visible_to(user=request.user), pilot=pilot
            ),
            "exceptions": selectors.capacity_exceptions(pilot=pilot),
        },
    )


routes = [
    path("pilots/<int:pk>/", pilot_overview, name="overview"),
]
