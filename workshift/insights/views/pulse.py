"""Pulse pages: scheduling rounds, answering one, and the results each viewer may see."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.insights import access, services
from workshift.insights.forms import PulseAnswerForm, PulseRoundForm
from workshift.insights.models import PULSE_QUESTIONS, PulseResponse, PulseRound
from workshift.insights.selectors.participants import is_pilot_participant
from workshift.insights.selectors.pulse import pulse_min_group, pulse_results, visible_group_keys
from workshift.people.models import Person


@require_http_methods(["GET", "POST"])
@login_required
def pulse(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    overseer = access.sees_everything(user=request.user, pilot=pilot)
    form = PulseRoundForm(
        initial={
            "opens_on": timezone.localdate(),
            "closes_on": timezone.localdate() + timedelta(days=6),
        }
    )
    if request.method == "POST":
        if not overseer:
            raise PermissionDenied(
                "Only the pilot's champion and program lead schedule pulse rounds."
            )
        form = PulseRoundForm(request.POST, instance=PulseRound(pilot=pilot))
        if form.is_valid() and form.save_or_conflict(save=services.pulse_round_save):
            messages.success(
                request, "Pulse round scheduled. Participants see it on this page while it is open."
            )
            return redirect("insights:pulse", pk=pilot.pk)
    rounds = list(pilot.pulse_rounds.order_by("-opens_on"))
    visible = visible_group_keys(user=request.user, pilot=pilot)
    results = pulse_results(pilot=pilot, rounds=rounds, visible=visible)
    answered = set()
    if request.user.person_id:
        answered = set(
            PulseResponse.objects.filter(
                round__pilot=pilot, person_id=request.user.person_id
            ).values_list("round_id", flat=True)
        )
    today = timezone.localdate()
    return render(
        request,
        "insights/pulse.html",
        {
            "pilot": pilot,
            "overseer": overseer,
            "form": form,
            "results": results,
            "answered": answered,
            "today": today,
            "questions": PULSE_QUESTIONS,
            "min_group": pulse_min_group(),
            "can_answer": is_pilot_participant(pilot=pilot, person_id=request.user.person_id),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def pulse_round(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Answer one round."""
    the_round = access.pulse_round_for_user(user=request.user, pk=pk)
    pilot = the_round.pilot
    form = PulseAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (
            Person.objects.filter(pk=request.user.person_id).first()
            if request.user.person_id
            else None
        )
        try:
            services.pulse_answer(
                pulse_round=the_round,
                person=person,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                "Thank you: your answers are in. Results appear once enough people have answered.",
            )
            return redirect("insights:pulse", pk=pilot.pk)
    return render(
        request,
        "insights/pulse_answer.html",
        {
            "pilot": pilot,
            "round": the_round,
            "form": form,
            "open": the_round.is_open(timezone.localdate()),
        },
    )


@require_POST
@login_required
def pulse_round_next(request: HttpRequest, pk: int) -> HttpResponse:
    the_round = access.pulse_round_for_user(user=request.user, pk=pk)
    if not access.sees_everything(user=request.user, pilot=the_round.pilot):
        raise PermissionDenied("Only the pilot's champion and program lead schedule pulse rounds.")
    try:
        new = services.pulse_round_schedule_next(pulse_round=the_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Next round scheduled from {new.opens_on:%d %b} to {new.closes_on:%d %b %Y}."
        )
    return redirect("insights:pulse", pk=the_round.pilot_id)


routes = [
    path("pilots/<int:pk>/pulse/", pulse, name="pulse"),
    path("pulse/<int:pk>/", pulse_round, name="pulse_round"),
    path("pulse/<int:pk>/next/", pulse_round_next, name="pulse_round_next"),
]
