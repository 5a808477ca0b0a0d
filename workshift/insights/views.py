from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workshift.pilots.access import pilot_for_user


@require_GET
@login_required
def pilot_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    return render(request, "insights/pilot_dashboard.html", {"pilot": pilot})
