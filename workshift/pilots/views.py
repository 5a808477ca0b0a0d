from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workshift.pilots.access import pilot_for_user
from workshift.pilots.selectors import pilots_visible_to


@require_GET
@login_required
def pilot_list(request: HttpRequest) -> HttpResponse:
    return render(request, "pilots/pilot_list.html", {"pilots": pilots_visible_to(user=request.user)})


@require_GET
@login_required
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    return render(request, "pilots/pilot_detail.html", {"pilot": pilot})
