"""Entry points: candidates rated, ranked, weighed and chosen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response
from workshift.engine.scoring import WEIGHT_SPECS, merged_weights
from workshift.people.access import units_visible_to
from workshift.people.models import OrgUnit
from workshift.pilots import selectors, services
from workshift.pilots.access import candidate_for_user, pilot_assessment_for_user
from workshift.pilots.charts import entry_chart
from workshift.pilots.forms import CandidateForm, ChooseForm, WeightsForm
from workshift.pilots.models import EntryCandidate, Pilot
from workshift.pilots.views.pilots import delete_page

RANKING_HEADER = [
    "rank",
    "unit_code",
    "unit",
    "impact",
    "likelihood",
    "combined",
    "passes_checks",
    "checks_failed",
    "reasons",
    "pool_size",
    "freeable_capacity_pct",
    "in_champion_influence",
    "chosen",
    "chosen_by",
    "chosen_reason",
]


def ranking_row(r: selectors.RankedCandidate) -> list[Any]:
    c = r.candidate
    return [
        r.rank,
        c.unit.code,
        c.unit.name,
        r.score.impact,
        r.score.likelihood,
        r.score.combined,
        "yes" if r.score.passes_checks else "no",
        " | ".join(r.score.checks_failed),
        " | ".join(r.score.reasons()),
        c.pool_size,
        c.freeable_capacity_pct,
        "yes" if c.in_champion_influence else "no",
        "yes" if c.is_chosen else "no",
        c.chosen_by.username if c.chosen_by else "",
        c.chosen_reason,
    ]


@require_GET
@login_required
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_assessment_for_user(user=request.user, pk=pk)
    ranking = selectors.candidate_ranking(pilot=pilot)
    if request.GET.get("format") == "csv":
        return csv_response(
            filename=f"pilot-{pilot.pk}-entry-points.csv",
            header=RANKING_HEADER,
            rows=map(ranking_row, ranking),
        )
    weights = merged_weights(overrides=pilot.entry_weights)
    adjusted = [
        (label, axis, weights[key], default)
        for key, axis, label, default in WEIGHT_SPECS
        if weights[key] != default
    ]
    return render(
        request,
        "pilots/candidates.html",
        {
            "pilot": pilot,
            "ranking": ranking,
            "chart": entry_chart(ranking=ranking) if ranking else None,
            "adjusted": adjusted,
        },
    )


def _candidate_form_page(
    request: AuthedHttpRequest, *, pilot: Pilot, instance: EntryCandidate
) -> HttpResponse:
    units = (
        units_visible_to(user=request.user).order_by("name")
        if request.user.can_browse_people
        else OrgUnit.objects.none()
    )
    form = CandidateForm(request.POST or None, instance=instance, pilot=pilot, units=units)
    if request.method == "POST" and form.is_valid():
        form.instance.pilot = pilot
        saved = form.save_or_conflict(save=services.candidate_save)
        if saved is not None:
            messages.success(request, f"{saved.unit.name} rated.")
            return redirect("pilots:candidates", pk=pilot.pk)
    return render(
        request, "pilots/candidate_form.html", {"pilot": pilot, "form": form, "candidate": instance}
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_assessment_for_user(user=request.user, pk=pk, edit=True)
    return _candidate_form_page(request, pilot=pilot, instance=EntryCandidate(pilot=pilot))


@require_http_methods(["GET", "POST"])
@login_required
def candidate_edit(request: AuthedHttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    candidate = candidate_for_user(user=request.user, pilot_pk=pk, pk=candidate_pk, edit=True)
    return _candidate_form_page(request, pilot=candidate.pilot, instance=candidate)


@require_http_methods(["GET", "POST"])
@login_required
def candidate_delete(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    candidate = candidate_for_user(user=request.user, pilot_pk=pk, pk=candidate_pk, edit=True)

    def delete() -> str:
        services.candidate_delete(candidate=candidate)
        return f"{candidate.unit.name} is no longer a candidate."

    return delete_page(
        request,
        pilot=candidate.pilot,
        what=f"the candidate {candidate.unit.name}",
        consequence="Its ratings are removed."
        + (
            " It is the chosen entry point: the pilot keeps its entry unit."
            if candidate.is_chosen
            else ""
        ),
        back=reverse("pilots:candidates", args=[pk]),
        delete=delete,
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_choose(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    candidate = candidate_for_user(user=request.user, pilot_pk=pk, pk=candidate_pk, edit=True)
    ranking = selectors.candidate_ranking(pilot=candidate.pilot)
    ranked = next(r for r in ranking if r.candidate.pk == candidate.pk)
    form = ChooseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.candidate_choose(
            candidate=candidate, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"{candidate.unit.name} is the pilot's entry point.")
        return redirect("pilots:candidates", pk=pk)
    return render(
        request,
        "pilots/candidate_choose.html",
        {"pilot": candidate.pilot, "ranked": ranked, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def weights_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_assessment_for_user(user=request.user, pk=pk, edit=True)
    form = WeightsForm(request.POST or None, pilot=pilot)
    if request.method == "POST":
        if "reset" in request.POST:
            services.entry_weights_reset(pilot=pilot)
            messages.success(request, "Weights reset to the defaults.")
            return redirect("pilots:candidates", pk=pk)
        if form.is_valid():
            services.entry_weights_set(pilot=pilot, weights=form.cleaned_data)
            messages.success(request, "Weights saved: the scores and the ranking use them now.")
            return redirect("pilots:candidates", pk=pk)
    return render(request, "pilots/weights.html", {"pilot": pilot, "form": form})


routes = [
    path("<int:pk>/entry-points/", candidates, name="candidates"),
    path("<int:pk>/entry-points/new/", candidate_create, name="candidate_create"),
    path("<int:pk>/entry-points/weights/", weights_edit, name="weights"),
    path("<int:pk>/entry-points/<int:candidate_pk>/edit/", candidate_edit, name="candidate_edit"),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/delete/",
        candidate_delete,
        name="candidate_delete",
    ),
    path(
        "<int:pk>/entry-points/<int:candidate_pk>/choose/",
        candidate_choose,
        name="candidate_choose",
    ),
]
