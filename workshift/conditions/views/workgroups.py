"""The page of one workgroup: its members and their expectations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from workshift.conditions import selectors
from workshift.conditions.access import (
    workgroup_for_user,
)


@require_GET
@login_required
def workgroup(request: HttpRequest, pk: int) -> HttpResponse:
    group = workgroup_for_user(user=request.user, pk=pk)
    members = selectors.workgroup_people(workgroup=group)
    expectations = selectors.expectations_of(pilot=group.pilot, workgroup=group)
    return render(
        request,
        "conditions/workgroup.html",
        {
            "workgroup": group,
            "pilot": group.pilot,
            "members": members,
            "expectations": expectations,
            "acks": selectors.acknowledging_ids(expectations=expectations),
        },
    )


routes = [
    path("workgroups/<int:pk>/", workgroup, name="workgroup"),
]
