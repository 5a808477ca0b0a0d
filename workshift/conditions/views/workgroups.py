"""The page of one workgroup: its members and their expectations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workshift.conditions.access import (
    workgroup_for_user,
)
from workshift.conditions.models import (
    Expectations,
)
from workshift.people.models import Person


@require_GET
@login_required
def workgroup(request: HttpRequest, pk: int) -> HttpResponse:
    group = workgroup_for_user(user=request.user, pk=pk)
    members = (
        Person.objects.filter(workgroup_memberships__workgroup=group)
        .select_related("unit")
        .order_by("last_name")
    )
    expectations = Expectations.objects.filter(pilot=group.pilot, workgroup=group).first()
    return render(
        request,
        "conditions/workgroup.html",
        {
            "workgroup": group,
            "pilot": group.pilot,
            "members": members,
            "expectations": expectations,
            "acks": set(expectations.acknowledgements.values_list("person_id", flat=True))
            if expectations
            else set(),
        },
    )
