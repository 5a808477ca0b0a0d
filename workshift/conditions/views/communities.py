"""Communities of practice among the participants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from workshift.conditions import forms as f
from workshift.conditions import selectors
from workshift.conditions.access import (
    can_edit_conditions,
    conditions_pilot_for_user,
)
from workshift.conditions.models import (
    Community,
)
from workshift.people.models import Person


@require_http_methods(["GET", "POST"])
@login_required
def communities(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    editor = can_edit_conditions(user=request.user, pilot=pilot)
    people = Person.objects.filter(pk__in=selectors.pilot_participant_ids(pilot=pilot)).order_by(
        "last_name"
    )
    form = f.CommunityForm(people=people) if editor else None
    status = 200
    if request.method == "POST":
        if not editor:
            conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
        form = f.CommunityForm(request.POST, people=people)
        if form.is_valid():
            community = form.save(commit=False)
            community.pilot = pilot
            community.save()
            form.save_m2m()
            messages.success(request, f"Community “{community.name}” created.")
            return redirect("conditions:communities", pk=pilot.pk)
        status = 400
    items = Community.objects.filter(pilot=pilot).prefetch_related("members")
    return render(
        request,
        "conditions/communities.html",
        {"pilot": pilot, "form": form, "communities": items, "editor": editor},
        status=status,
    )
