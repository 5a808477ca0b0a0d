"""Communities of practice among the participants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    can_edit_conditions,
    conditions_pilot_for_user,
)


@require_http_methods(["GET", "POST"])
@login_required
def communities(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    editor = can_edit_conditions(user=request.user, pilot=pilot)
    people = selectors.participants(pilot=pilot)
    form = f.CommunityForm(people=people) if editor else None
    status = 200
    if request.method == "POST":
        if not editor:
            conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
        form = f.CommunityForm(request.POST, people=people)
        if form.is_valid():
            community = services.community_create(
                pilot=pilot,
                name=form.cleaned_data["name"],
                topic=form.cleaned_data["topic"],
                members=form.cleaned_data["members"],
            )
            messages.success(request, f"Community “{community.name}” created.")
            return redirect("conditions:communities", pk=pilot.pk)
        status = 400
    items = selectors.communities_of(pilot=pilot)
    return render(
        request,
        "conditions/communities.html",
        {"pilot": pilot, "form": form, "communities": items, "editor": editor},
        status=status,
    )


routes = [
    path("pilots/<int:pk>/communities/", communities, name="communities"),
]
