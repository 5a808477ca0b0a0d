from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workshift.conditions.access import workgroup_for_user


@require_GET
@login_required
def workgroup_space(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for_user(user=request.user, pk=pk)
    return render(request, "impact/workgroup_space.html", {"workgroup": workgroup})


@require_GET
@login_required
def pilot_overview(request: HttpRequest, pk: int) -> HttpResponse:
    from workshift.pilots.access import pilot_for_user

    pilot = pilot_for_user(user=request.user, pk=pk)
    return render(request, "impact/pilot_overview.html", {"pilot": pilot})
