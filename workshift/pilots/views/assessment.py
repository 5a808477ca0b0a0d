"""The catalyst and the champion: one record each per pilot, assessed by the rules in `engine`.

A weak verdict and a champion's warnings never block saving: the pages say what would
strengthen the case, and let the lead go on for a recorded reason (a weak catalyst) or
acknowledge each warning (the champion), which stays visible as acknowledged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.engine.champion import FRONTLINE_WORDS, NEAR_TERM_GAIN_WORDS
from workshift.engine.scoring import CATALYST_QUESTIONS
from workshift.pilots import services
from workshift.pilots.access import assessment_record_for_user, pilot_assessment_for_user
from workshift.pilots.forms import AcknowledgeForm, CatalystForm, ChampionForm, ProceedForm
from workshift.pilots.models import CatalystAssessment, Champion, Pilot
from workshift.pilots.views.pilots import people_for


def _assessment_page(
    request: HttpRequest,
    *,
    pk: int,
    model: Any,
    form_class: Any,
    template: str,
    form_kwargs: dict[str, Any] | None = None,
    extra: Any = None,
    saved_message: Any = None,
) -> HttpResponse:
    """Shared shape of the catalyst and champion pages: everyone allowed reads, editors save.

    `extra(record, pilot)` adds the page's own context; `saved_message(record)` says what the
    save did (warnings never stop it).
    """
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
            saved = form.save_or_conflict(save=services.assessment_save)
            if saved is not None:
                messages.success(request, saved_message(saved) if saved_message else "Saved.")
                return redirect(request.path)
    return _assessment_render(
        request, pilot=pilot, record=instance, form=form, template=template, extra=extra
    )


def _assessment_render(
    request: HttpRequest,
    *,
    pilot: Pilot,
    record: Any,
    form: Any,
    template: str,
    extra: Any = None,
    status: int = 200,
) -> HttpResponse:
    """The catalyst or champion page; `extra(record, pilot)` adds the page's own context."""
    context = {"pilot": pilot, "record": record if record.pk else None, "form": form}
    context.update(extra(record, pilot) if extra and record.pk else {})
    return render(request, template, context, status=status)


# ------------------------------------------------------------------ catalyst


def _catalyst_context(
    catalyst: CatalystAssessment, pilot: Pilot, proceed_form: ProceedForm | None = None
) -> dict[str, Any]:
    verdict = catalyst.verdict()
    labels = {f.name: str(getattr(f, "verbose_name", f.name)) for f in catalyst._meta.get_fields()}
    weak = verdict.verdict == "weak"
    return {
        "verdict": verdict,
        "questions": [
            (label, catalyst.answers()[key], getattr(catalyst, f"{key}_note"))
            for key, label in CATALYST_QUESTIONS
        ],
        "strengthen": [(name, labels[name], hint) for name, hint in verdict.strengthen],
        "proceeding": catalyst.proceeding,
        "proceed_form": (proceed_form or ProceedForm())
        if weak and pilot.viewer_can_edit and not catalyst.proceeding
        else None,
    }


def _catalyst_saved(catalyst: CatalystAssessment) -> str:
    verdict = catalyst.verdict()
    if verdict.verdict == "weak" and not catalyst.proceeding:
        return f"Saved. Verdict: {verdict.label}: see below how to strengthen it, or how to go on."
    return f"Saved. Verdict: {verdict.label}."


@require_http_methods(["GET", "POST"])
@login_required
def catalyst(request: HttpRequest, pk: int) -> HttpResponse:
    return _assessment_page(
        request,
        pk=pk,
        model=CatalystAssessment,
        form_class=CatalystForm,
        template="pilots/catalyst.html",
        extra=_catalyst_context,
        saved_message=_catalyst_saved,
    )


@require_POST
@login_required
def catalyst_proceed(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Go on with a weak catalyst for a recorded reason; an empty reason is refused at the field."""
    pilot, record = assessment_record_for_user(user=request.user, pk=pk, kind="catalyst", edit=True)
    if record.verdict().verdict != "weak":
        messages.info(request, "This catalyst is not weak: it needs no reason to go on.")
        return redirect("pilots:catalyst", pk=pk)
    form = ProceedForm(request.POST)
    if form.is_valid():
        try:
            services.catalyst_proceed(
                catalyst=record, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Recorded: the pilot proceeds with a weak catalyst.")
            return redirect(reverse("pilots:catalyst", args=[pk]) + "#next-step")
    return _assessment_render(
        request,
        pilot=pilot,
        record=record,
        form=CatalystForm(instance=record),
        template="pilots/catalyst.html",
        extra=lambda record, pilot: _catalyst_context(record, pilot, proceed_form=form),
    )


# ------------------------------------------------------------------ champion


def _champion_context(champion: Champion, pilot: Pilot) -> dict[str, Any]:
    return {
        "check": champion.assessment(),
        "warnings": champion.warnings_with_acknowledgements(),
        "frontline_words": FRONTLINE_WORDS,
        "gain_words": NEAR_TERM_GAIN_WORDS,
    }


def _champion_saved(champion: Champion) -> str:
    count = len(champion.assessment().open_warnings)
    if not count:
        return "Champion saved."
    return (
        f"Champion saved. {count} warning{'s' if count > 1 else ''} to read below: "
        "fix what it names, or acknowledge it and go on."
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
        form_kwargs={"people": people_for(request)},
        extra=_champion_context,
        saved_message=_champion_saved,
    )


@require_POST
@login_required
def champion_acknowledge(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Acknowledge one warning about the champion: read, and going on (who and when recorded)."""
    pilot, record = assessment_record_for_user(user=request.user, pk=pk, kind="champion", edit=True)
    form = AcknowledgeForm(request.POST, champion=record)
    if form.is_valid():
        try:
            services.champion_warning_acknowledge(
                champion=record, user=request.user, **form.cleaned_data
            )
        except services.WarningChanged as changed:
            # the page again, with the warning as it reads now and why it was not acknowledged
            refusal = {"changed_key": changed.key, "changed_message": str(changed)}
            return _assessment_render(
                request,
                pilot=pilot,
                record=record,
                form=ChampionForm(instance=record, people=people_for(request)),
                template="pilots/champion.html",
                extra=lambda record, pilot: {**_champion_context(record, pilot), **refusal},
                status=409,
            )
        messages.success(
            request, "Warning acknowledged. It stays on the page, marked as read by you."
        )
    else:
        messages.error(
            request, " ".join(str(e) for e in form.errors.get("key", ["Nothing acknowledged."]))
        )
    return redirect(reverse("pilots:champion", args=[pk]) + "#champion-summary")


routes = [
    path("<int:pk>/catalyst/", catalyst, name="catalyst"),
    path("<int:pk>/catalyst/proceed/", catalyst_proceed, name="catalyst_proceed"),
    path("<int:pk>/champion/", champion, name="champion"),
    path("<int:pk>/champion/acknowledge/", champion_acknowledge, name="champion_acknowledge"),
]
