"""Pages of the Act-for-impact phase: thin views over access, selectors and services."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.conditions.models import Workgroup
from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.impact import access, forms, selectors, services
from workshift.impact.charts import metric_chart_spec
from workshift.impact.models import (
    AdoptedPractice,
    MetricReading,
    Notification,
    NotificationPreference,
    Obstacle,
    Opportunity,
    Reflection,
    Slice,
    SpinOffProposal,
    WorkgroupCharter,
)
from workshift.impact.notifications import preference_for
from workshift.pilots.models import Metric

GET_POST = require_http_methods(["GET", "POST"])


def _form_page(
    request: HttpRequest,
    *,
    workgroup: Workgroup | None,
    title: str,
    form: Any,
    submit: str,
    intro: str = "",
    pilot: Any = None,
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "workgroup": workgroup,
        "pilot": pilot or (workgroup.pilot if workgroup else None),
        "title": title,
        "form": form,
        "submit": submit,
        "intro": intro,
        "multipart": multipart,
    }
    return render(
        request,
        "impact/form_page.html",
        context | (extra or {}),
        status=400 if form.is_bound and form.errors else 200,
    )


def _record(request: HttpRequest, model: Any, pk: int, *select: str) -> Any:
    """A record of a workgroup; writing (POST) needs a role that acts there."""
    return access.record_for_user(
        user=request.user, model=model, pk=pk, act=request.method == "POST", select=select
    )


def _wg(request: HttpRequest, pk: int, act: bool = False) -> Workgroup:
    return access.workgroup_for_viewer(
        user=request.user, pk=pk, act=act or request.method == "POST"
    )


# --- pilot level -----------------------------------------------------------------------------------------------


@require_GET
@login_required
def pilot_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """All workgroups of the pilot for leads and the champion; coaches and members see their own."""
    pilot = access.pilot_for_impact(user=request.user, pk=pk)
    workgroups = access.workgroups_readable_by(user=request.user).filter(pilot=pilot)
    rows = selectors.workgroups_overview(workgroups=workgroups)
    today = timezone.localdate()
    overdue = (
        Obstacle.objects.filter(workgroup__in=workgroups, due_date__lt=today)
        .exclude(status__in=Obstacle.CLOSED)
        .count()
    )
    pending = (
        SpinOffProposal.objects.filter(
            opportunity__workgroup__pilot=pilot, status="proposed"
        ).count()
        if pilot.can_lead
        else 0
    )
    return render(
        request,
        "impact/pilot_overview.html",
        {
            "pilot": pilot,
            "rows": rows,
            "overdue": overdue,
            "pending_spin_offs": pending,
            "today": today,
        },
    )


OBSTACLE_SORTS = {
    "due": "due_date",
    "title": "title",
    "level": "level",
    "status": "status",
    "workgroup": "workgroup__name",
    "raised": "created_at",
}


@require_GET
@login_required
def pilot_obstacles(request: HttpRequest, pk: int) -> HttpResponse:
    """Every obstacle of the pilot; `?overdue=1` is the champion's overdue view."""
    pilot = access.pilot_for_impact(user=request.user, pk=pk, lead_only=True)
    rows = Obstacle.objects.filter(workgroup__pilot=pilot).select_related("workgroup", "raised_by")
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        rows = rows.exclude(status__in=Obstacle.CLOSED).filter(due_date__lt=timezone.localdate())
    level = request.GET.get("level", "")
    if level in dict(Obstacle.Level.choices):
        rows = rows.filter(level=level)
    rows, sort = sorted_queryset(
        request=request, queryset=rows, allowed=OBSTACLE_SORTS, default="due"
    )
    if request.GET.get("format") == "csv":
        return _obstacles_csv(rows)
    return render(
        request,
        "impact/pilot_obstacles.html",
        {
            "pilot": pilot,
            "page": page_of(request=request, items=rows),
            "sort": sort,
            "overdue": overdue,
            "level": level,
            "today": timezone.localdate(),
        },
    )


def _obstacles_csv(rows: Any) -> HttpResponse:
    return csv_response(
        filename="obstacles.csv",
        header=[
            "workgroup",
            "title",
            "kind",
            "level",
            "status",
            "due",
            "raised",
            "workaround",
            "answer",
        ],
        rows=(
            [
                o.workgroup.name,
                o.title,
                o.get_kind_display(),
                o.get_level_display(),
                o.get_status_display(),
                o.due_date,
                o.created_at.date(),
                o.workaround,
                o.answer,
            ]
            for o in rows
        ),
    )


@require_GET
@login_required
def pilot_learning(request: HttpRequest, pk: int) -> HttpResponse:
    """The learning log across the pilot: every reflection, searchable."""
    pilot = access.pilot_for_impact(user=request.user, pk=pk, lead_only=True)
    return _learning_log(
        request,
        pilot=pilot,
        workgroup=None,
        reflections=Reflection.objects.filter(workgroup__pilot=pilot),
    )


def _learning_log(
    request: HttpRequest, *, pilot: Any, workgroup: Workgroup | None, reflections: Any
) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    rows = selectors.reflections_search(reflections=reflections, query=query, kind=kind).order_by(
        "-written_on", "-id"
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="learning-log.csv",
            header=[
                "workgroup",
                "date",
                "kind",
                "slice",
                "expected",
                "happened",
                "why",
                "differently",
                "author",
            ],
            rows=(
                [
                    r.workgroup.name,
                    r.written_on,
                    r.get_kind_display(),
                    r.slice.title if r.slice else "",
                    r.expected,
                    r.happened,
                    r.why,
                    r.differently,
                    r.author,
                ]
                for r in rows
            ),
        )
    return render(
        request,
        "impact/reflections.html",
        {
            "pilot": pilot,
            "workgroup": workgroup,
            "page": page_of(request=request, items=rows),
            "q": query,
            "kind": kind,
            "kinds": Reflection.Kind.choices,
        },
    )


@GET_POST
@login_required
def pilot_capture(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone in the pilot captures an unseen problem or opportunity for a workgroup to evaluate."""
    pilot = access.pilot_for_impact(user=request.user, pk=pk)
    form = forms.CaptureForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        opportunity = form.save(commit=False)
        opportunity.raised_by = request.user
        opportunity.save()
        messages.success(
            request,
            f"Thank you: “{opportunity.title}” is in the backlog of {opportunity.workgroup}.",
        )
        return redirect("impact:pilot", pk=pilot.pk)
    return _form_page(
        request,
        workgroup=None,
        pilot=pilot,
        title="Capture a problem or opportunity",
        form=form,
        submit="Send to the workgroup",
        intro="Seen something nobody is working on? Say what it is, for whom, and what makes you think it is real. The workgroup will evaluate it.",
    )


@GET_POST
@login_required
def practice_catalog(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.pilot_for_impact(user=request.user, pk=pk)
    form = forms.PracticeForm(request.POST or None)
    if request.method == "POST":
        if not pilot.can_lead:
            raise PermissionDenied("Only program leads and champions add practices.")
        if form.is_valid():
            practice = form.save(commit=False)
            practice.pilot = pilot
            practice.save()
            messages.success(request, f"“{practice}” is in the catalog.")
            return redirect("impact:practice_catalog", pk=pilot.pk)
    catalog = access.practices_for_pilot(pilot=pilot)
    return render(
        request,
        "impact/practice_catalog.html",
        {"pilot": pilot, "catalog": catalog, "form": form},
        status=400 if form.errors else 200,
    )


@GET_POST
@login_required
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.practice_for_user(user=request.user, pk=pk, edit=True)
    form = forms.PracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid() and form.save_or_conflict():
        messages.success(request, "Practice saved.")
        return (
            redirect("home")
            if practice.pilot_id is None
            else redirect("impact:practice_catalog", pk=practice.pilot_id)
        )
    return _form_page(
        request,
        workgroup=None,
        pilot=practice.pilot,
        title=f"Edit practice: {practice}",
        form=form,
        submit="Save practice",
    )


@require_GET
@login_required
def spin_offs(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.pilot_for_impact(user=request.user, pk=pk, lead_only=True)
    rows = (
        SpinOffProposal.objects.filter(opportunity__workgroup__pilot=pilot)
        .select_related("opportunity__workgroup", "proposed_by", "new_workgroup")
        .order_by("status", "-created_at")
    )
    return render(
        request,
        "impact/spin_offs.html",
        {"pilot": pilot, "rows": rows, "form": forms.SpinOffDecisionForm()},
    )


@GET_POST
@login_required
def spin_off_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.record_for_user(
        user=request.user,
        model=SpinOffProposal,
        pk=pk,
        via="opportunity__workgroup",
        select=("opportunity__workgroup",),
    )
    if not proposal.workgroup_view.can_lead:
        raise PermissionDenied("Only the program lead approves spin-offs.")
    form = forms.SpinOffDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.spin_off_decide(
                proposal=proposal,
                user=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except services.ImpactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Spin-off “{proposal.name}” {proposal.get_status_display().lower()}."
            )
            return redirect("impact:spin_offs", pk=proposal.opportunity.workgroup.pilot_id)
    return _form_page(
        request,
        workgroup=proposal.workgroup_view,
        title=f"Decide on the spin-off “{proposal.name}”",
        form=form,
        submit="Record the decision",
        intro=f"Proposed from the opportunity “{proposal.opportunity}”: {proposal.rationale}",
    )


# --- the workgroup space ------------------------------------------------------------------------------------------


@require_GET
@login_required
def workgroup_space(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    context = selectors.workgroup_space(workgroup=workgroup)
    return render(
        request,
        "impact/workgroup_space.html",
        {"workgroup": workgroup, "pilot": workgroup.pilot, **context},
    )


@GET_POST
@login_required
def charter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk, act=True)
    charter = WorkgroupCharter.objects.filter(workgroup=workgroup).first() or WorkgroupCharter(
        workgroup=workgroup
    )
    form = forms.CharterForm(request.POST or None, instance=charter, pilot_id=workgroup.pilot_id)
    if request.method == "POST" and form.is_valid() and form.save_or_conflict():
        messages.success(request, "The shared outcome and the powerful question are saved.")
        return redirect("impact:workgroup", pk=workgroup.pk)
    return _form_page(
        request,
        workgroup=workgroup,
        title="Shared outcome and powerful question",
        form=form,
        submit="Save",
        intro="Commit to a shared outcome: a north star related to a metric that matters, but not the metric itself. "
        "Then frame a powerful question: open, ambitious, and one the group truly cares to answer.",
    )


@GET_POST
@login_required
def workgroup_practices(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    adopted = list(
        AdoptedPractice.objects.filter(workgroup=workgroup)
        .select_related("practice")
        .prefetch_related("uses")
    )
    catalog = access.practices_for_pilot(pilot=workgroup.pilot)
    form = forms.AdoptPracticesForm(
        request.POST or None, catalog=catalog, adopted_ids={a.practice_id for a in adopted}
    )
    if request.method == "POST" and form.is_valid():
        services.practices_adopt(workgroup=workgroup, practices=form.cleaned_data["practices"])
        messages.success(request, "Adopted. Now write your own version of each practice.")
        return redirect("impact:practices", pk=workgroup.pk)
    return render(
        request,
        "impact/practices.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "adopted": adopted,
            "form": form,
            "use_form": forms.PracticeUseForm(),
        },
        status=400 if form.errors else 200,
    )


@GET_POST
@login_required
def adopted_practice(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the group's own version of a practice, or record that it was used."""
    adopted = _record(request, AdoptedPractice, pk, "practice")
    workgroup = adopted.workgroup_view
    version_form = forms.OurVersionForm(
        request.POST if request.POST.get("action") == "version" else None, instance=adopted
    )
    use_form = forms.PracticeUseForm(request.POST if request.POST.get("action") == "use" else None)
    if request.method == "POST":
        if request.POST.get("action") == "use" and use_form.is_valid():
            services.practice_use_record(
                adopted=adopted, user=request.user, **use_form.cleaned_data
            )
            messages.success(request, f"Recorded: you used “{adopted.practice}”.")
            return redirect("impact:practices", pk=workgroup.pk)
        if (
            request.POST.get("action") == "version"
            and version_form.is_valid()
            and version_form.save_or_conflict()
        ):
            messages.success(request, "Your version is saved.")
            return redirect("impact:practices", pk=workgroup.pk)
    status = 400 if version_form.errors or use_form.errors else 200
    return render(
        request,
        "impact/adopted_practice.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "adopted": adopted,
            "version_form": version_form,
            "use_form": use_form,
            "uses": adopted.uses.select_related("by")[:50],
        },
        status=status,
    )


@GET_POST
@login_required
def opportunities(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    form = forms.OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opportunity = form.save(commit=False)
        opportunity.workgroup, opportunity.raised_by = workgroup, request.user
        opportunity.save()
        messages.success(
            request, f"Captured “{opportunity.title}”. Evaluate it to place it in the backlog."
        )
        return redirect("impact:opportunity", pk=opportunity.pk)
    show_all = request.GET.get("all") == "1"
    backlog = selectors.backlog_for(workgroup=workgroup, include_closed=show_all)
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="backlog.csv",
            header=[
                "rank",
                "score",
                "what",
                "for whom",
                "value",
                "confidence",
                "effort",
                "metric",
                "status",
            ],
            rows=(
                [
                    o.rank,
                    o.score,
                    o.title,
                    o.for_whom,
                    o.value,
                    o.confidence,
                    o.effort,
                    o.metric,
                    o.get_status_display(),
                ]
                for o in backlog
            ),
        )
    return render(
        request,
        "impact/opportunities.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "page": page_of(request=request, items=backlog),
            "form": form,
            "show_all": show_all,
        },
        status=400 if form.errors else 200,
    )


@GET_POST
@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _record(request, Opportunity, pk, "metric", "raised_by")
    workgroup = opportunity.workgroup_view
    form = forms.EvaluateForm(
        request.POST or None, instance=opportunity, pilot_id=workgroup.pilot_id
    )
    if request.method == "POST" and form.is_valid() and form.save_or_conflict():
        messages.success(request, "Evaluation saved: the backlog is ranked again.")
        return redirect("impact:opportunities", pk=workgroup.pk)
    return render(
        request,
        "impact/opportunity.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "opportunity": opportunity,
            "form": form,
            "spin_form": forms.SpinOffForm(),
            "slices": opportunity.slices.all(),
            "proposals": opportunity.spin_offs.all(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def opportunity_spin_off(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = access.record_for_user(user=request.user, model=Opportunity, pk=pk, act=True)
    form = forms.SpinOffForm(request.POST)
    if form.is_valid():
        try:
            services.spin_off_propose(
                opportunity=opportunity, user=request.user, **form.cleaned_data
            )
        except services.ImpactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Proposal sent to the program lead.")
            return redirect("impact:opportunity", pk=opportunity.pk)
    return _form_page(
        request,
        workgroup=opportunity.workgroup_view,
        title=f"Spin a workgroup off “{opportunity}”",
        form=form,
        submit="Propose to the program lead",
    )


SLICE_SORTS = {"start": "start", "end": "end", "title": "title", "stage": "stage"}


@require_GET
@login_required
def slices(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    rows, sort = sorted_queryset(
        request=request,
        queryset=workgroup.slices.select_related("metric", "opportunity"),
        allowed=SLICE_SORTS,
        default="-start",
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="slices.csv",
            header=[
                "title",
                "hypothesis",
                "metric",
                "expected change",
                "start",
                "end",
                "stage",
                "result",
                "learned",
                "next step",
            ],
            rows=(
                [
                    s.title,
                    s.hypothesis,
                    s.metric,
                    s.expected_change,
                    s.start,
                    s.end,
                    s.get_stage_display(),
                    s.result,
                    s.learned,
                    s.get_next_step_display(),
                ]
                for s in rows
            ),
        )
    return render(
        request,
        "impact/slices.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "page": page_of(request=request, items=rows),
            "sort": sort,
        },
    )


@GET_POST
@login_required
def slice_new(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk, act=True)
    source = request.GET.get("opportunity") or request.POST.get("opportunity")
    opportunity = (
        get_object_or_404(Opportunity, pk=source, workgroup=workgroup)
        if source and source.isdigit()
        else None
    )
    today = timezone.localdate()
    initial: dict[str, Any] = {"start": today, "end": today + dt.timedelta(days=21)}
    if opportunity:
        initial |= {"title": opportunity.title, "metric": opportunity.metric_id}
    form = forms.SliceForm(
        request.POST or None, initial=initial, pilot_id=workgroup.pilot_id, new=True
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        try:
            piece = services.slice_start(workgroup=workgroup, opportunity=opportunity, **data)
        except services.ImpactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Slice started. First step of the loop: seek data and context."
            )
            return redirect("impact:slice", pk=piece.pk)
    intro = "A slice is a thin, time-boxed experiment with an outcome-based measure of success."
    if opportunity:
        intro += f" It starts from the opportunity “{opportunity}”."
    return _form_page(
        request,
        workgroup=workgroup,
        title="Start a slice",
        form=form,
        submit="Start the slice",
        intro=intro,
        extra={"hidden": {"opportunity": opportunity.pk} if opportunity else {}},
    )


@GET_POST
@login_required
def slice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    piece = _record(request, Slice, pk, "metric", "opportunity")
    workgroup = piece.workgroup_view
    form = forms.SliceForm(request.POST or None, instance=piece, pilot_id=workgroup.pilot_id)
    if request.method == "POST" and form.is_valid() and form.save_or_conflict():
        messages.success(request, "Slice saved.")
        return redirect("impact:slice", pk=piece.pk)
    return render(
        request,
        "impact/slice.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "piece": piece,
            "form": form,
            "stages": Slice.Stage.choices,
            "reflections": piece.reflections.select_related("author")[:20],
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def slice_stage(request: HttpRequest, pk: int) -> HttpResponse:
    piece = access.record_for_user(user=request.user, model=Slice, pk=pk, act=True)
    try:
        services.slice_move(piece=piece, to_stage=request.POST.get("stage", ""))
    except services.ImpactError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The slice moved to “{piece.get_stage_display()}”.")
    return redirect("impact:slice", pk=piece.pk)


@require_GET
@login_required
def reflections(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    return _learning_log(
        request, pilot=workgroup.pilot, workgroup=workgroup, reflections=workgroup.reflections.all()
    )


@GET_POST
@login_required
def reflection_new(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk, act=True)
    initial = {"written_on": timezone.localdate(), "kind": request.GET.get("kind", "after")}
    if (s := request.GET.get("slice", "")).isdigit():
        initial["slice"] = int(s)
    form = forms.ReflectionForm(request.POST or None, initial=initial, workgroup=workgroup)
    if request.method == "POST" and form.is_valid():
        reflection = form.save(commit=False)
        reflection.workgroup, reflection.author = workgroup, request.user
        reflection.save()
        messages.success(request, "Reflection saved to the learning log.")
        return redirect("impact:reflections", pk=workgroup.pk)
    return _form_page(
        request,
        workgroup=workgroup,
        title="Write a reflection",
        form=form,
        submit="Save the reflection",
        intro="Reflect more to learn faster. Four short answers: what we expected, what happened, why, and what we will do differently.",
    )


@require_GET
@login_required
def reflection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = access.record_for_user(
        user=request.user, model=Reflection, pk=pk, select=("author", "slice")
    )
    return render(
        request,
        "impact/reflection.html",
        {
            "workgroup": reflection.workgroup_view,
            "pilot": reflection.workgroup_view.pilot,
            "reflection": reflection,
        },
    )


@GET_POST
@login_required
def obstacles(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    form = forms.ObstacleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obstacle = services.obstacle_raise(
            workgroup=workgroup, user=request.user, **form.cleaned_data
        )
        messages.success(
            request, f"Obstacle raised. The coach owes an answer by {obstacle.due_date:%d %b}."
        )
        return redirect("impact:obstacle", pk=obstacle.pk)
    rows, sort = sorted_queryset(
        request=request,
        queryset=workgroup.obstacles.select_related("raised_by", "workgroup"),
        allowed=OBSTACLE_SORTS,
        default="due",
    )
    if request.GET.get("format") == "csv":
        return _obstacles_csv(rows)
    return render(
        request,
        "impact/obstacles.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "page": page_of(request=request, items=rows),
            "sort": sort,
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _obstacle(request: HttpRequest, pk: int, act: bool = False) -> Obstacle:
    return access.record_for_user(
        user=request.user,
        model=Obstacle,
        pk=pk,
        act=act,
        select=("raised_by", "answered_by", "workgroup__pilot"),
    )


def _obstacle_page(
    request: HttpRequest, obstacle: Obstacle, escalate_form: Any = None, answer_form: Any = None
) -> HttpResponse:
    workgroup = obstacle.workgroup_view
    holder = access.holds_obstacle(obstacle=obstacle)
    can_answer = holder and not obstacle.is_closed
    can_escalate = can_answer and obstacle.level != "champion"
    bound = escalate_form is not None or answer_form is not None
    return render(
        request,
        "impact/obstacle.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "obstacle": obstacle,
            "today": timezone.localdate(),
            "escalations": obstacle.escalations.select_related("by"),
            "can_answer": can_answer,
            "can_escalate": can_escalate,
            "escalate_form": escalate_form or forms.EscalateForm(),
            "answer_form": answer_form
            or forms.AnswerForm(initial={"workaround": obstacle.workaround}),
        },
        status=400 if bound else 200,
    )


@require_GET
@login_required
def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _obstacle_page(request, _obstacle(request, pk))


def _obstacle_step(
    request: HttpRequest, pk: int, *, form_class: Any, step: Any, form_key: str, done: Any
) -> HttpResponse:
    """Escalate or answer: only whoever holds the obstacle (its coach at coach level, leads and champion always)."""
    obstacle = _obstacle(request, pk, act=True)
    if not access.holds_obstacle(obstacle=obstacle):
        raise PermissionDenied("The person who holds the obstacle escalates or answers it.")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(obstacle=obstacle, user=request.user, **form.cleaned_data)
        except services.ImpactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done(obstacle))
            return redirect("impact:obstacle", pk=obstacle.pk)
    return _obstacle_page(request, obstacle, **{form_key: form})


@require_POST
@login_required
def obstacle_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    return _obstacle_step(
        request,
        pk,
        form_class=forms.EscalateForm,
        step=services.obstacle_escalate,
        form_key="escalate_form",
        done=lambda o: (
            f"Escalated to the {o.get_level_display().lower()}, answer due {o.due_date:%d %b}."
        ),
    )


@require_POST
@login_required
def obstacle_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _obstacle_step(
        request,
        pk,
        form_class=forms.AnswerForm,
        step=services.obstacle_answer,
        form_key="answer_form",
        done=lambda o: "Answer sent: the workgroup and whoever raised it will see it.",
    )


# --- metric readings -----------------------------------------------------------------------------------------------


@GET_POST
@login_required
def readings(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    form = forms.ReadingForm(request.POST or None, pilot_id=workgroup.pilot_id)
    if request.method == "POST" and form.is_valid():
        reading = services.reading_record(
            workgroup=workgroup, user=request.user, **form.cleaned_data
        )
        if reading.flag:
            messages.warning(
                request,
                f"Recorded. {reading.metric}: {reading.value:g} is beyond normal variation; have a look at the chart.",
            )
        else:
            messages.success(request, "Reading recorded.")
        return redirect("impact:readings", pk=workgroup.pk)
    rows = MetricReading.objects.filter(workgroup=workgroup).select_related("metric", "entered_by")
    rows, sort = sorted_queryset(
        request=request,
        queryset=rows,
        allowed={"date": "on", "metric": "metric__name", "value": "value", "flag": "flag"},
        default="-date",
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="readings.csv",
            header=["metric", "date", "value", "note", "flag"],
            rows=([r.metric.name, r.on, r.value, r.note, r.flag] for r in rows),
        )
    return render(
        request,
        "impact/readings.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "page": page_of(request=request, items=rows, per_page=50),
            "sort": sort,
            "form": form,
            "upload_form": forms.ReadingUploadForm(),
            "summaries": selectors.metric_summaries(workgroup=workgroup),
        },
        status=400 if form.errors else 200,
    )


@GET_POST
@login_required
def reading_upload(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = _wg(request, pk, act=True)
    form = forms.ReadingUploadForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.readings_import(
                workgroup=workgroup, user=request.user, text=form.cleaned_data["file"]
            )
        except services.ReadingImportError as exc:
            problems = exc.problems
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"Imported {count} readings.")
            return redirect("impact:readings", pk=workgroup.pk)
    return _form_page(
        request,
        workgroup=workgroup,
        title="Upload readings (CSV)",
        form=form,
        submit="Upload",
        multipart=True,
        intro="One reading per row. Example: metric,date,value,note / Promise kept rate,2026-03-02,71.5,after the new call script",
        extra={"problems": problems},
    )


@require_GET
@login_required
def metric_chart(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    workgroup = _wg(request, pk)
    metric = get_object_or_404(Metric, pk=metric_pk, pilot_id=workgroup.pilot_id)
    summary = next(
        (s for s in selectors.metric_summaries(workgroup=workgroup) if s.metric.pk == metric.pk),
        None,
    )
    if summary is None:
        summary = selectors.MetricSummary(metric=metric)
    slice_rows = list(workgroup.slices.filter(metric=metric).order_by("start"))
    spec = metric_chart_spec(summary=summary, slices=slice_rows)
    flagged = [
        (d, v, f) for d, v, f in zip(summary.dates, summary.values, summary.flags, strict=True) if f
    ]
    return render(
        request,
        "impact/metric_chart.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "summary": summary,
            "metric": metric,
            "spec": json.dumps(spec),
            "flagged": flagged[-10:],
            "slices": slice_rows,
        },
    )


# --- notifications ------------------------------------------------------------------------------------------------


@require_GET
@login_required
def notifications(request: AuthedHttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(user=request.user)
    if request.GET.get("unread") == "1":
        rows = rows.filter(read_at__isnull=True)
    return render(
        request,
        "impact/notifications.html",
        {
            "page": page_of(request=request, items=rows),
            "unread_only": request.GET.get("unread") == "1",
        },
    )


@require_POST
@login_required
def notification_read(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Mark one notification (or, with pk 0, all of them) as read; follow its link if asked."""
    rows = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if pk:
        note = get_object_or_404(Notification, pk=pk, user=request.user)
        rows = rows.filter(pk=note.pk)
        rows.update(read_at=timezone.now())
        if request.POST.get("follow") and note.url.startswith("/"):
            return redirect(note.url)
    else:
        rows.update(read_at=timezone.now())
    return redirect("impact:notifications")


@GET_POST
@login_required
def notification_preferences(request: AuthedHttpRequest) -> HttpResponse:
    pref = preference_for(user=request.user)
    kinds = [k for k, _ in Notification.Kind.choices]
    initial = (
        {"weekly_digest": pref.weekly_digest}
        | {f"app_{k}": k not in pref.in_app_off for k in kinds}
        | {f"email_{k}": k not in pref.email_off for k in kinds}
    )
    form = forms.PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        NotificationPreference.objects.update_or_create(
            user=request.user,
            defaults={
                "weekly_digest": data["weekly_digest"],
                "in_app_off": [k for k in kinds if not data[f"app_{k}"]],
                "email_off": [k for k in kinds if not data[f"email_{k}"]],
            },
        )
        messages.success(request, "Your notification choices are saved.")
        return redirect("impact:notification_preferences")
    return _form_page(
        request,
        workgroup=None,
        title="What you receive",
        form=form,
        submit="Save my choices",
        intro="Choose which notifications you get in the app and which by e-mail, and whether you want the weekly digest.",
    )
