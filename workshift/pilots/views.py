"""Pages of the Recognize phase: thin views over access helpers, forms, services and selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.engine.scoring import (
    CATALYST_QUESTIONS,
    FRONTLINE_WORDS,
    NEAR_TERM_GAIN_WORDS,
    WEIGHT_SPECS,
    merged_weights,
)
from workshift.people.access import people_visible_to, units_visible_to
from workshift.people.models import OrgUnit
from workshift.pilots import selectors, services
from workshift.pilots.access import (
    candidate_for_user,
    metric_for_user,
    pilot_assessment_for_user,
    pilot_for_user,
)
from workshift.pilots.charts import entry_chart, vega_bundle
from workshift.pilots.forms import (
    CandidateForm,
    CatalystForm,
    ChampionForm,
    ChooseForm,
    MemberAddForm,
    MetricForm,
    PilotCreateForm,
    PilotForm,
    WeightsForm,
)
from workshift.pilots.models import (
    CatalystAssessment,
    Champion,
    EntryCandidate,
    Metric,
    Pilot,
    PilotMember,
)

PILOT_SORTS = {"name": "name", "status": "status", "start": "start_date", "created": "created_at"}


def _people_for(request: HttpRequest) -> Any:
    return (
        people_visible_to(user=request.user).filter(active=True).order_by("last_name", "first_name")
    )


# ------------------------------------------------------------------ pilots


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    pilots = selectors.pilots_visible_to(user=request.user)
    return render(request, "core/home.html", {"pilots": pilots})


@require_GET
@login_required
def pilot_list(request: HttpRequest) -> HttpResponse:
    pilots = selectors.pilots_visible_to(user=request.user).select_related("entry_unit")
    pilots, sort = sorted_queryset(
        request=request, queryset=pilots, allowed=PILOT_SORTS, default="-created"
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="pilots.csv",
            header=["name", "status", "entry_point", "start_date", "end_date"],
            rows=(
                (
                    p.name,
                    p.status,
                    p.entry_unit.name if p.entry_unit else "",
                    p.start_date,
                    p.end_date,
                )
                for p in pilots
            ),
        )
    return render(
        request,
        "pilots/pilot_list.html",
        {"page": page_of(request=request, items=pilots), "sort": sort},
    )


@require_http_methods(["GET", "POST"])
@login_required
def pilot_create(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.can_create_pilots:
        raise PermissionDenied("Only administrators, program leads and champions start pilots.")
    form = PilotCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("name", "edit_version")}
        pilot = services.pilot_create(user=request.user, name=form.cleaned_data["name"], **data)
        messages.success(
            request, "Pilot created. You are its program lead: start with the catalyst."
        )
        return redirect(pilot)
    return render(request, "pilots/pilot_form.html", {"form": form, "creating": True})


@require_GET
@login_required
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    context: dict[str, Any] = {"pilot": pilot, "tree": selectors.metric_tree(pilot=pilot)}
    if pilot.viewer_sees_assessment:
        catalyst = selectors.pilot_catalyst(pilot=pilot)
        champion = selectors.pilot_champion(pilot=pilot)
        ranking = selectors.candidate_ranking(pilot=pilot)
        context.update(
            catalyst=catalyst,
            verdict=catalyst.verdict() if catalyst else None,
            champion=champion,
            champion_check=champion.assessment() if champion else None,
            ranking=ranking[:3],
            chosen=next((r for r in ranking if r.candidate.is_chosen), None),
            readiness=selectors.readiness_for(pilot=pilot),
        )
    return render(request, "pilots/pilot_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def pilot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
    old_status = pilot.status
    form = PilotForm(request.POST or None, instance=pilot)
    if request.method == "POST" and form.is_valid():
        new_status = form.cleaned_data["status"]
        try:
            with transaction.atomic():
                form.instance.status = old_status
                saved = form.save_or_conflict(save=services.pilot_save)
                if saved is not None and new_status != old_status:
                    services.pilot_set_status(pilot=saved, status=new_status, user=request.user)
        except services.StatusChangeBlocked as blocked:
            for reason in blocked.reasons:
                form.add_error("status", reason)
            saved = None
        if saved is not None:
            messages.success(request, "Pilot saved.")
            return redirect(saved)
    return render(request, "pilots/pilot_form.html", {"form": form, "pilot": pilot})


@require_http_methods(["GET", "POST"])
@login_required
def pilot_members(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    if not pilot.viewer_sees_assessment:
        raise PermissionDenied("Workgroup members do not see the pilot's member list.")
    form = MemberAddForm(request.POST or None, pilot=pilot)
    if request.method == "POST":
        pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
        if form.is_valid():
            try:
                services.pilot_member_add(
                    pilot=pilot, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{form.cleaned_data['user']} added to the pilot.")
                return redirect("pilots:members", pk=pilot.pk)
    members = pilot.memberships.select_related("user").order_by(
        "role", "user__last_name", "user__username"
    )
    return render(
        request, "pilots/members.html", {"pilot": pilot, "form": form, "members": members}
    )


@require_POST
@login_required
def pilot_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
    member = get_object_or_404(PilotMember, pilot=pilot, pk=member_pk)
    try:
        services.pilot_member_remove(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.user} removed from the pilot.")
    return redirect("pilots:members", pk=pilot.pk)


# ------------------------------------------------------------------ catalyst and champion


def _assessment_page(
    request: HttpRequest,
    *,
    pk: int,
    model: Any,
    form_class: Any,
    template: str,
    form_kwargs: dict[str, Any] | None = None,
    extra: Any = None,
) -> HttpResponse:
    """Shared shape of the catalyst and champion pages: everyone allowed reads, editors save."""
    if request.method == "POST":
        pilot = pilot_assessment_for_user(user=request.user, pk=pk, edit=True)
    else:
        pilot = pilot_assessment_for_user(user=request.user, pk=pk)
    instance = model.objects.filter(pilot=pilot).first() or model(pilot=pilot)
    form = None
    if pilot.viewer_can_edit:
        form = form_class(request.POST or None, instance=instance, **(form_kwargs or {}))
        if request.method == "POST" and form.is_valid():
            form.instance.pilot = pilot
            if form.save_or_conflict(save=services.assessment_save) is not None:
                messages.success(request, "Saved.")
                return redirect(request.path)
    context = {"pilot": pilot, "record": instance if instance.pk else None, "form": form}
    context.update(extra(instance) if extra and instance.pk else {})
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
def catalyst(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_page(
        request,
        pk=pk,
        model=CatalystAssessment,
        form_class=CatalystForm,
        template="pilots/catalyst.html",
        extra=lambda c: {
            "verdict": c.verdict(),
            "questions": [
                (label, c.answers()[key], getattr(c, f"{key}_note"))
                for key, label in CATALYST_QUESTIONS
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def champion(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_page(
        request,
        pk=pk,
        model=Champion,
        form_class=ChampionForm,
        template="pilots/champion.html",
        form_kwargs={"people": _people_for(request)},
        extra=lambda c: {
            "check": c.assessment(),
            "frontline_words": FRONTLINE_WORDS,
            "gain_words": NEAR_TERM_GAIN_WORDS,
        },
    )


# ------------------------------------------------------------------ entry points


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

    return _delete_page(
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


# ------------------------------------------------------------------ metrics


METRIC_HEADER = [
    "id",
    "parent_id",
    "depth",
    "level",
    "name",
    "unit",
    "direction",
    "cadence",
    "baseline",
    "target",
    "owner",
    "data_source",
]


@require_GET
@login_required
def metrics(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    if request.GET.get("format") == "csv":
        rows = (
            [
                n.metric.pk,
                n.metric.parent_id,
                n.depth,
                n.metric.level,
                n.metric.name,
                n.metric.unit,
                n.metric.direction,
                n.metric.cadence,
                n.metric.baseline,
                n.metric.target,
                n.metric.owner.full_name if n.metric.owner else "",
                n.metric.data_source,
            ]
            for n in selectors.metric_rows(pilot=pilot)
        )
        return csv_response(
            filename=f"pilot-{pilot.pk}-metrics.csv", header=METRIC_HEADER, rows=rows
        )
    return render(
        request, "pilots/metrics.html", {"pilot": pilot, "tree": selectors.metric_tree(pilot=pilot)}
    )


def _metric_form_page(
    request: HttpRequest,
    *,
    pilot: Pilot,
    instance: Metric,
    initial: dict[str, Any] | None = None,
    parent: Metric | None = None,
) -> HttpResponse:
    form = MetricForm(
        request.POST or None,
        instance=instance,
        pilot=pilot,
        people=_people_for(request),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save_or_conflict(save=services.metric_save)
        if saved is not None:
            messages.success(request, f"Metric “{saved.name}” saved.")
            return redirect("pilots:metrics", pk=pilot.pk)
    return render(
        request,
        "pilots/metric_form.html",
        {"pilot": pilot, "form": form, "metric": instance, "parent": parent},
    )


@require_http_methods(["GET", "POST"])
@login_required
def metric_create(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
    initial: dict[str, Any] = {"level": Metric.Level.BUSINESS}
    parent_pk = request.GET.get("parent", "")
    parent = (
        Metric.objects.filter(pilot=pilot, pk=parent_pk).first() if parent_pk.isdigit() else None
    )
    if parent is not None:
        initial = {
            "parent": parent.pk,
            "level": Metric.Level.FRONTLINE
            if parent.level == Metric.Level.OPERATING
            else Metric.Level.OPERATING,
            "cadence": Metric.Cadence.WEEKLY
            if parent.level == Metric.Level.OPERATING
            else Metric.Cadence.MONTHLY,
        }
    return _metric_form_page(
        request, pilot=pilot, instance=Metric(pilot=pilot), initial=initial, parent=parent
    )


@require_http_methods(["GET", "POST"])
@login_required
def metric_edit(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    metric = metric_for_user(user=request.user, pilot_pk=pk, pk=metric_pk, edit=True)
    return _metric_form_page(request, pilot=metric.pilot, instance=metric)


@require_http_methods(["GET", "POST"])
@login_required
def metric_delete(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    metric = metric_for_user(user=request.user, pilot_pk=pk, pk=metric_pk, edit=True)
    below = len(services.metric_descendant_ids(metric=metric))

    def delete() -> str:
        count = services.metric_delete(metric=metric)
        return f"Deleted “{metric.name}”" + (
            f" and {count - 1} metrics below it." if count > 1 else "."
        )

    return _delete_page(
        request,
        pilot=metric.pilot,
        what=f"the metric “{metric.name}”",
        consequence=f"The {below} metrics below it are deleted too."
        if below
        else "No metric sits below it.",
        back=reverse("pilots:metrics", args=[pk]),
        delete=delete,
    )


def _delete_page(
    request: HttpRequest, *, pilot: Any, delete: Callable[[], str], **page: str
) -> HttpResponse:
    """Confirm a deletion on GET (`page`: what, consequence, back); on POST delete and go back.

    `delete` deletes and returns the message to show.
    """
    if request.method == "POST":
        messages.success(request, delete())
        return redirect(page["back"])
    return render(request, "pilots/confirm_delete.html", {"pilot": pilot, **page})


# ------------------------------------------------------------------ local chart library


@require_GET
@gzip_page
def vega_script(request: HttpRequest) -> HttpResponse:
    """vega + vega-lite + vega-embed, served from this server (no CDN); cached by browsers."""
    text, etag = vega_bundle()
    quoted = f'"{etag}"'
    if request.headers.get("If-None-Match") == quoted:
        return HttpResponseNotModified()
    response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["ETag"] = quoted
    response["Cache-Control"] = "public, max-age=86400"
    return response
