"""The scale-next page: where the approach could go after the pilot."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from workshift.insights import access
from workshift.insights.selectors.scale_next import scale_next


@require_GET
@login_required
def scale(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk, overseer=True)
    return render(request, "insights/scale.html", {"pilot": pilot, "plan": scale_next(pilot=pilot)})


routes = [
    path("pilots/<int:pk>/scale-next/", scale, name="scale"),
]
