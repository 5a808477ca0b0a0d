"""Insights pages: the champion's dashboard, pulse, stories, connections and reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.core.rendered import kept_fragment
from workshift.insights import access, enqueue, services
from workshift.insights.charts import metric_svg, pulse_trend_svg
from workshift.insights.connections import connections_kept
from workshift.insights.forms import (
    CollaborationUploadForm,
    HelpSearchForm,
    PulseAnswerForm,
    PulseRoundForm,
    StoryForm,
)
from workshift.insights.leadership_context import power_shift_context, surge_context
from workshift.insights.models import PULSE_QUESTIONS, PilotReport, PulseResponse, PulseRound
from workshift.insights.selectors.connections import who_can_help
from workshift.insights.selectors.dashboard import (
    capacity_freed,
    metric_summaries,
    overdue_obstacles,
    workgroup_rows,
)
from workshift.insights.selectors.participants import is_pilot_participant, pilot_participants
from workshift.insights.selectors.pulse import (
    PILOT_GROUP,
    all_group_keys,
    pulse_min_group,
    pulse_results,
    pulse_trend_rows,
    visible_group_keys,
)
from workshift.insights.selectors.scale_next import scale_next
from workshift.insights.selectors.stories import shared_stories
from workshift.insights.selectors.workload import momentum_signals, workload_balance
from workshift.people.models import Person
from workshift.people.picker import picker_options
from workshift.pilots.selectors import pilots_visible_to


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Across pilots: the pilots the user takes part in, with a few numbers each."""
    rows = []
    for pilot in pilots_visible_to(user=request.user).select_related("entry_unit"):
        rows.append(
            {
                "pilot": pilot,
                "workgroups": access.pilot_workgroups_visible_to(
                    user=request.user, pilot=pilot
                ).count(),
                "stories": shared_stories(pilot=pilot).count(),
                "metrics": pilot.metrics.count(),
                "last_report": pilot.reports.filter(status=PilotReport.Status.DONE)
                .defer("pdf", "html")
                .first(),
            }
        )
    return render(request, "insights/overview.html", {"rows": rows})


@require_GET
@login_required
def pilot_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    workgroups = access.pilot_workgroups_visible_to(user=request.user, pilot=pilot)
    selected = None
    if request.GET.get("workgroup"):
        try:
            selected = workgroups.filter(pk=int(request.GET["workgroup"])).first()
        except ValueError:
            selected = None
        if selected is None:
            raise Http404("No such workgroup in this pilot.")
    overseer = access.sees_everything(user=request.user, pilot=pilot)
    # overseers see every pulse group; the others, their own
    visible = None if overseer else visible_group_keys(user=request.user, pilot=pilot)
    # everyone who sees the same workgroups and pulse groups sees the same figures
    scope = [
        pilot.pk,
        selected.pk if selected else None,
        overseer,
        sorted(workgroups.values_list("pk", flat=True)),
        sorted(visible) if visible is not None else "all",
    ]
    keep = settings.DASHBOARD_KEEP_SECONDS
    body, as_of = kept_fragment(
        kind="pilot-dashboard",
        inputs=scope,
        max_age=keep,
        render=lambda: render_to_string(
            "insights/_dashboard_body.html",
            _dashboard_figures(
                pilot=pilot,
                workgroups=workgroups,
                selected=selected,
                overseer=overseer,
                visible=visible,
            ),
        ),
    )
    context = {
        "pilot": pilot,
        "overseer": overseer,
        "workgroups": workgroups,
        "selected": selected,
        "body": body,
        "as_of": as_of,
        "keep_seconds": keep,
    }
    return render(request, "insights/pilot_dashboard.html", context)


def _dashboard_figures(
    *, pilot: Any, workgroups: Any, selected: Any, overseer: bool, visible: set[str] | None
) -> dict[str, Any]:
    """What the dashboard shows of the pilot, or of the `selected` workgroup; `visible` are the
    pulse groups the viewer may see (None: all of them)."""
    if visible is None:
        visible = all_group_keys(pilot=pilot)
    rounds = list(pilot.pulse_rounds.order_by("opens_on"))
    results = pulse_results(pilot=pilot, rounds=rounds, visible=visible, with_comments=False)
    group_key = f"wg:{selected.pk}" if selected else PILOT_GROUP
    trend = pulse_trend_rows(results=results, group_key=group_key)
    group_label = f"workgroup {selected.name}" if selected else "the whole pilot"
    stories = shared_stories(pilot=pilot)
    if selected:
        stories = stories.filter(workgroup=selected)
    metrics = metric_summaries(pilot=pilot, workgroup=selected)
    return {
        "pilot": pilot,
        "overseer": overseer,
        "metric_charts": [metric_svg(summary=m) for m in [m for m in metrics if m.readings][:4]],
        "selected": selected,
        "workgroup_rows": workgroup_rows(
            pilot=pilot, workgroups=workgroups.filter(pk=selected.pk) if selected else workgroups
        ),
        "metrics": metrics,
        "capacity": capacity_freed(pilot=pilot) if overseer else None,
        "obstacles": overdue_obstacles(pilot=pilot, workgroup=selected),
        "pulse_svg": pulse_trend_svg(rows=trend, title=f"Pulse of {group_label}"),
        "pulse_group_label": group_label,
        "latest_pulse": results[-1] if results else None,
        "questions": PULSE_QUESTIONS,
        "stories": stories[:5],
        "signals": momentum_signals(pilot=pilot),
        "reports": pilot.reports.defer("pdf", "html")[:5] if overseer else [],
        **power_shift_context(
            pilot=pilot, workgroups=[selected] if selected else workgroups.order_by("name")
        ),
    }


# ---------------------------------------------------------------- pulse


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


# ---------------------------------------------------------------- stories


@require_GET
@login_required
def story_people(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The story form's person search: only the people taking part in the pilot."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    return picker_options(request, people=pilot_participants(pilot=pilot))


@require_http_methods(["GET", "POST"])
@login_required
def stories(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    form = StoryForm(
        request.POST or None, pilot=pilot, participants=pilot_participants(pilot=pilot)
    )
    if request.method == "POST":
        if not request.user.person_id:
            raise PermissionDenied(
                "Your login is not linked to a person, so you cannot sign a story."
            )
        if form.is_valid():
            data = form.cleaned_data
            story = services.story_create(
                pilot=pilot,
                author=request.user.person,
                title=data["title"],
                before=data["before"],
                what_happened=data["what_happened"],
                after=data["after"],
                involved=data["involved"],
                workgroup=data["workgroup"],
                author_consents=data["author_consents"],
            )
            messages.success(
                request, "Story saved. It is shared once you and everyone involved agree."
            )
            return redirect(story.get_absolute_url())
    visible = access.stories_visible_to(user=request.user, pilot=pilot).select_related(
        "author", "workgroup"
    )
    visible, sort = sorted_queryset(
        request=request,
        queryset=visible,
        allowed={"created": "created_at", "title": "title"},
        default="-created",
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename=f"stories-{pilot.pk}.csv",
            header=["title", "author", "workgroup", "shared", "created"],
            rows=(
                [
                    s.title,
                    s.author,
                    s.workgroup,
                    "yes" if s.shared else "waiting for consent",
                    s.created_at.date(),
                ]
                for s in visible
            ),
        )
    return render(
        request,
        "insights/stories.html",
        {
            "pilot": pilot,
            "page": page_of(request=request, items=visible, per_page=10),
            "form": form,
            "sort": sort,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def story(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    the_story = access.story_for_user(user=request.user, pk=pk)
    person_id = request.user.person_id
    involvement = the_story.involved.filter(person_id=person_id).first() if person_id else None
    deciding = person_id is not None and (
        the_story.author_id == person_id or involvement is not None
    )
    if request.method == "POST":
        if not deciding:
            raise PermissionDenied(
                "Only the author and the people involved decide whether the story is shared."
            )
        consent = request.POST.get("consent") == "yes"
        services.story_consent_set(story=the_story, person=request.user.person, consent=consent)  # type: ignore[arg-type]
        messages.success(
            request,
            "Thank you: your decision is recorded."
            if consent
            else "Noted: the story will not be shared without your agreement.",
        )
        return redirect(the_story.get_absolute_url())
    my_consent = (
        the_story.author_consents
        if the_story.author_id == person_id
        else (involvement.consent if involvement else None)
    )
    return render(
        request,
        "insights/story.html",
        {
            "pilot": the_story.pilot,
            "story": the_story,
            "involved": the_story.involved.select_related("person"),
            "deciding": deciding,
            "my_consent": my_consent,
        },
    )


# ---------------------------------------------------------------- connections


@require_GET
@login_required
def connections(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    overseer = access.sees_everything(user=request.user, pilot=pilot)
    workgroups = access.pilot_workgroups_visible_to(user=request.user, pilot=pilot)
    form = HelpSearchForm(request.GET if "q" in request.GET else None, workgroups=workgroups)
    suggestions = None
    if form.is_bound and form.is_valid():
        group = []
        if form.cleaned_data["workgroup"]:
            wg = form.cleaned_data["workgroup"]
            group = list(wg.memberships.values_list("person_id", flat=True)) + (
                [wg.coach_id] if wg.coach_id else []
            )
        kept = connections_kept(pilot=pilot, with_ties=True)
        suggestions = who_can_help(
            pilot=pilot,
            text=form.cleaned_data["q"],
            group_person_ids=group,
            ties=kept.ties if kept else None,
        )
    context = {"pilot": pilot, "overseer": overseer, "form": form, "suggestions": suggestions}
    if overseer:
        context["overview"] = connections_kept(pilot=pilot)
        context["workload"] = workload_balance(pilot=pilot)
        context.update(surge_context(user=request.user, pilot=pilot))
    return render(request, "insights/connections.html", context)


@require_POST
@login_required
def connections_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the worker to read the collaboration network again for this pilot."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    if not access.sees_everything(user=request.user, pilot=pilot):
        raise PermissionDenied("Only the pilot's champion and program lead recompute connections.")
    enqueue.connections_refresh(pilot=pilot)
    messages.success(request, "Recomputing the connections: reload this page in a minute.")
    return redirect("insights:connections", pk=pilot.pk)


@require_http_methods(["GET", "POST"])
@login_required
def collaboration_upload(request: HttpRequest) -> HttpResponse:
    if not access.may_import_collaboration(user=request.user):
        raise PermissionDenied("Only administrators and program leads import collaboration data.")
    form = CollaborationUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error(
                "file", "The file is not UTF-8 text; save it as CSV (UTF-8) and try again."
            )
        else:
            try:
                batch = enqueue.collaboration_import(
                    text=text, source_name=upload.name, user=request.user
                )
            except services.ImportRejected as rejected:
                errors = rejected.errors
                form.add_error("file", str(rejected))
            else:
                messages.success(
                    request, f"Imported {batch.rows} collaboration counts ({batch.periods})."
                )
                return redirect("insights:collaboration")
    from workshift.insights.models import CollaborationImport

    return render(
        request,
        "insights/collaboration.html",
        {
            "form": form,
            "errors": errors,
            "imports": CollaborationImport.objects.select_related("uploaded_by")[:20],
        },
    )


# ---------------------------------------------------------------- scale next


@require_GET
@login_required
def scale(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk, overseer=True)
    return render(request, "insights/scale.html", {"pilot": pilot, "plan": scale_next(pilot=pilot)})


# ---------------------------------------------------------------- reports


@require_http_methods(["GET", "POST"])
@login_required
def reports(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk, overseer=True)
    if request.method == "POST":
        report = enqueue.report_request(pilot=pilot, user=request.user)
        messages.success(request, "The report is being written; it appears below when ready.")
        if request.htmx:
            return render(request, "insights/_report_row.html", {"report": report})
        return redirect("insights:reports", pk=pilot.pk)
    archive = pilot.reports.select_related("requested_by").defer("pdf", "html")
    return render(
        request,
        "insights/reports.html",
        {
            "pilot": pilot,
            "page": page_of(request=request, items=archive, per_page=20),
        },
    )


@require_GET
@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.report_for_user(user=request.user, pk=pk)
    return render(request, "insights/_report_row.html", {"report": report})


@require_GET
@login_required
def report_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    report = access.report_for_user(user=request.user, pk=pk)
    if report.status != PilotReport.Status.DONE:
        raise Http404("This report is not ready.")
    if kind == "pdf":
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")  # type: ignore[arg-type]
    else:
        response = HttpResponse(report.html, content_type="text/html; charset=utf-8")
        # a stand-alone document with its own inline style; it may run nothing and load nothing
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
        )
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.{kind}"'
    return response
