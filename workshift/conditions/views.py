"""Pages of phase 2, Create the conditions. Thin: check access, validate, call a service, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    acknowledgeable_for_user,
    can_edit_conditions,
    checklist_for_user,
    conditions_pilot_for_user,
    formation_run_for_user,
    pilot_record_for_user,
    workgroup_for_user,
    workgroups_visible_to,
)
from workshift.conditions.models import (
    Application,
    CapacityParticipant,
    CapacityTask,
    CoachingLogEntry,
    Community,
    Expectations,
    FormationKind,
    FormationRun,
    VolunteerCall,
    Workgroup,
)
from workshift.core.concurrency import EditConflict
from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.engine.grouping import InfeasibleGrouping
from workshift.people.access import unit_subtree_ids
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot


def _entry_people(pilot: Pilot) -> QuerySet[Person]:
    """People of the entry point (everyone when the pilot has none yet)."""
    people = Person.objects.filter(active=True).select_related("unit")
    if pilot.entry_unit_id:
        people = people.filter(unit_id__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
    return people.order_by("last_name", "first_name")


# ---------------------------------------------------------------------------
# overview and acknowledgement
# ---------------------------------------------------------------------------


@require_GET
@login_required
def pilot_overview(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    editor = can_edit_conditions(user=request.user, pilot=pilot)
    person = getattr(request.user, "person", None)
    expectations = selectors.expectations_for_person(pilot=pilot, person=person)
    steps = selectors.phase_checklist(pilot=pilot) if editor else []
    return render(
        request,
        "conditions/pilot_overview.html",
        {
            "pilot": pilot,
            "editor": editor,
            "steps": steps,
            "done": sum(1 for s in steps if s.done),
            "expectations": expectations,
            "acknowledged": selectors.acknowledged_ids(person=person, expectations=expectations),
            "workgroups": workgroups_visible_to(user=request.user)
            .filter(pilot=pilot)
            .select_related("coach"),
            "exceptions": CapacityParticipant.objects.filter(pilot=pilot)
            .exclude(exception_reason="")
            .select_related("person"),
        },
    )


@require_POST
@login_required
def acknowledge(request: HttpRequest, pk: int, expectations_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    expectations, person = acknowledgeable_for_user(
        user=request.user, pilot=pilot, pk=expectations_pk
    )
    services.expectations_acknowledge(expectations=expectations, person=person)
    messages.success(request, "Thank you: your acknowledgement is recorded with today's date.")
    return redirect("conditions:overview", pk=pilot.pk)


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


def _capacity_forms(pilot: Pilot, data: Any = None, which: str = "") -> dict[str, Any]:
    people = _entry_people(pilot)
    ids = selectors.pilot_participant_ids(pilot=pilot)
    return {
        "participant_form": f.ParticipantForm(
            data if which == "participant" else None, people=people.exclude(pk__in=ids)
        ),
        "task_form": f.CapacityTaskForm(
            data if which == "task" else None,
            pilot=pilot,
            people=Person.objects.filter(active=True).order_by("last_name", "first_name"),
            participant_ids=ids,
        ),
        "receiver_form": f.ReceiverForm(
            data if which == "receiver" else None, people=people.exclude(pk__in=ids)
        ),
    }


@require_http_methods(["GET", "POST"])
@login_required
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms = _capacity_forms(pilot, request.POST, which)
    if request.method == "POST":
        form = forms.get(f"{which}_form")
        if form is None:
            raise Http404("Unknown form.")
        if form.is_valid():
            data = form.cleaned_data
            if which == "participant":
                services.capacity_participant_add(pilot=pilot, person=data["person"])
                messages.success(
                    request,
                    f"{data['person']} is now a participant: add the tasks that free their time.",
                )
            elif which == "task":
                services.capacity_task_add(
                    participant=data["participant"],
                    name=data["name"],
                    share=data["share"],
                    method=data["method"],
                    receiver=data["receiver"],
                    note=data["note"],
                )
                messages.success(request, f"Task “{data['name']}” recorded.")
            else:
                services.capacity_receiver_set(
                    pilot=pilot, person=data["person"], baseline_load=data["baseline_load"]
                )
                messages.success(request, f"Load of {data['person']} recorded.")
            return redirect("conditions:capacity", pk=pilot.pk)
    overview = selectors.capacity_overview(pilot=pilot)
    if request.GET.get("format") == "csv":
        return csv_response(
            filename=f"capacity-pilot-{pilot.pk}.csv",
            header=[
                "employee_id",
                "participant",
                "freed_percent",
                "task",
                "share_percent",
                "method",
                "taken_over_by",
                "exception",
            ],
            rows=[
                [
                    r.person.employee_id,
                    r.person.full_name,
                    round(r.freed),
                    t.name,
                    t.share,
                    t.get_method_display(),
                    t.destination,
                    r.exception,
                ]
                for r in overview.participants
                for t in (r.tasks or [None])  # type: ignore[list-item]
                if t
            ]
            + [
                [r.person.employee_id, r.person.full_name, 0, "", "", "", "", r.exception]
                for r in overview.participants
                if not r.tasks
            ],
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "conditions/capacity.html",
        {"pilot": pilot, "overview": overview, **forms, "exception_form": f.ExceptionForm()},
        status=status,
    )


@require_POST
@login_required
def capacity_exception(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    pilot, participant = pilot_record_for_user(
        user=request.user,
        model=CapacityParticipant,
        pilot_path="pilot",
        pilot_pk=pk,
        pk=participant_pk,
    )
    form = f.ExceptionForm(request.POST)
    form.is_valid()
    services.capacity_exception_record(
        participant=participant, reason=form.cleaned_data.get("reason", ""), user=request.user
    )
    messages.success(
        request,
        f"Exception for {participant.person} {'recorded' if participant.exception_reason else 'removed'}.",
    )
    return redirect("conditions:capacity", pk=pilot.pk)


@require_POST
@login_required
def capacity_task_delete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    pilot, task = pilot_record_for_user(
        user=request.user,
        model=CapacityTask,
        pilot_path="participant__pilot",
        pilot_pk=pk,
        pk=task_pk,
    )
    task.delete()
    messages.success(request, f"Task “{task.name}” removed.")
    return redirect("conditions:capacity", pk=pilot.pk)


# ---------------------------------------------------------------------------
# coaches
# ---------------------------------------------------------------------------


@require_GET
@login_required
def coaches(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    editor = can_edit_conditions(user=request.user, pilot=pilot)
    if not editor:
        if (
            request.user.person_id
            and Workgroup.objects.filter(pilot=pilot, coach_id=request.user.person_id).exists()
        ):
            return redirect("conditions:coach", pk=pilot.pk, coach_pk=request.user.person_id)
        raise Http404("No coaches to show.")
    coach_ids = set(
        Workgroup.objects.filter(pilot=pilot, coach__isnull=False).values_list(
            "coach_id", flat=True
        )
    )
    checklists = {c.coach_id: c for c in pilot.coach_checklists.all()}
    rows = [
        {
            "coach": p,
            "checklist": checklists.get(p.pk),
            "workgroups": [w for w in selectors.workgroups_of(pilot=pilot) if w.coach_id == p.pk],
        }
        for p in Person.objects.filter(pk__in=coach_ids | set(checklists)).order_by("last_name")
    ]
    return render(request, "conditions/coaches.html", {"pilot": pilot, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def coach(request: HttpRequest, pk: int, coach_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk)
    checklist = checklist_for_user(user=request.user, pilot=pilot, coach_id=coach_pk)
    workgroups = Workgroup.objects.filter(pilot=pilot, coach_id=coach_pk)
    form = f.ChecklistForm(instance=checklist)
    log_form = f.CoachingLogForm(workgroups=workgroups, initial={"date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "log":
            log_form = f.CoachingLogForm(request.POST, workgroups=workgroups)
            if log_form.is_valid():
                entry = log_form.save(commit=False)
                entry.pilot, entry.coach = pilot, checklist.coach
                entry.save()
                messages.success(request, "Log entry added.")
                return redirect("conditions:coach", pk=pilot.pk, coach_pk=coach_pk)
        else:
            form = f.ChecklistForm(request.POST, instance=checklist)
            if form.is_valid() and form.save_or_conflict():
                messages.success(request, "Checklist saved.")
                return redirect("conditions:coach", pk=pilot.pk, coach_pk=coach_pk)
        status = 400
    log = page_of(
        request=request,
        items=CoachingLogEntry.objects.filter(pilot=pilot, coach_id=coach_pk).select_related(
            "workgroup"
        ),
    )
    parts = [(form[p], form[f"{p}_date"]) for p in checklist.PARTS]
    return render(
        request,
        "conditions/coach.html",
        {
            "pilot": pilot,
            "checklist": checklist,
            "form": form,
            "parts": parts,
            "log_form": log_form,
            "page": log,
            "workgroups": workgroups,
        },
        status=status,
    )


# ---------------------------------------------------------------------------
# volunteer call
# ---------------------------------------------------------------------------


def _attribute_keys(pilot: Pilot) -> list[str]:
    keys: set[str] = set()
    for attrs in _entry_people(pilot).values_list("attributes", flat=True)[:2000]:
        keys.update((attrs or {}).keys())
    return sorted(keys)


@require_http_methods(["GET", "POST"])
@login_required
def call(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    current = selectors.current_call(pilot=pilot)
    keys = _attribute_keys(pilot)
    form = f.VolunteerCallForm(
        instance=current,
        attribute_keys=keys,
        initial=None
        if current
        else {
            "title": f"Join a workgroup: {pilot.name}",
            "places": 24,
            "deadline": timezone.localdate() + timedelta(days=14),
        },
    )
    if request.method == "POST":
        form = f.VolunteerCallForm(request.POST, instance=current, attribute_keys=keys)
        if form.is_valid():
            if current is None:
                d = form.cleaned_data
                services.volunteer_call_create(
                    pilot=pilot,
                    title=d["title"],
                    message=d["message"],
                    places=d["places"],
                    deadline=d["deadline"],
                    ask_attributes=d["ask_attributes"],
                )
                messages.success(
                    request, "The call is open: share the link below with the entry point."
                )
                return redirect("conditions:call", pk=pilot.pk)
            if form.save_or_conflict():
                messages.success(request, "Call saved.")
                return redirect("conditions:call", pk=pilot.pk)
    context: dict[str, Any] = {"pilot": pilot, "call": current, "form": form}
    if current is not None:
        apps, sort = sorted_queryset(
            request=request,
            queryset=selectors.applications_of(call=current),
            default="created",
            allowed={"created": "created_at", "name": "person__last_name", "status": "status"},
        )
        status_filter = request.GET.get("status", "")
        if status_filter in Application.Status.values:
            apps = apps.filter(status=status_filter)
        if request.GET.get("format") == "csv":
            return csv_response(
                filename=f"applications-pilot-{pilot.pk}.csv",
                header=[
                    "employee_id",
                    "name",
                    "unit",
                    "status",
                    "why",
                    "problem",
                    "availability",
                    "decision_reason",
                ],
                rows=[
                    [
                        a.person.employee_id,
                        a.person.full_name,
                        a.person.unit,
                        a.get_status_display(),
                        a.why,
                        a.problem,
                        a.availability,
                        a.decision_reason,
                    ]
                    for a in apps
                ],
            )
        every = current.applications.all()
        context.update(
            {
                "page": page_of(request=request, items=apps, per_page=25),
                "sort": sort,
                "status_filter": status_filter,
                "count": every.count(),
                "selected": every.filter(status=Application.Status.SELECTED).count(),
                "open": services.volunteer_call_is_open(call=current),
                "public_url": request.build_absolute_uri(
                    reverse("conditions:apply", args=[current.token])
                ),
                "statuses": Application.Status.choices,
            }
        )
    return render(request, "conditions/call.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def application_decide(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    pilot, application = pilot_record_for_user(
        user=request.user,
        model=Application,
        pilot_path="call__pilot",
        pilot_pk=pk,
        pk=application_pk,
    )
    form = f.DecisionForm(request.POST)
    if form.is_valid():
        services.application_decide(
            application=application,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
        messages.success(
            request, f"{application.person}: {application.get_status_display().lower()}."
        )
    else:
        messages.error(
            request,
            f"{application.person}: " + " ".join(e for errs in form.errors.values() for e in errs),  # type: ignore[misc]
        )
    return redirect(request.POST.get("next") or reverse("conditions:call", args=[pilot.pk]))


def _questions(call: VolunteerCall) -> dict[str, list[str]]:
    values: dict[str, set[str]] = {k: set() for k in call.ask_attributes}
    for attrs in _entry_people(call.pilot).values_list("attributes", flat=True)[:5000]:
        for k in values:
            v = (attrs or {}).get(k)
            if v not in (None, "") and not isinstance(v, (list, dict)):
                values[k].add(str(v))
    return {k: sorted(v) for k, v in values.items()}


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, token: str) -> HttpResponse:
    """The public application form: no account needed, the person is identified by employee id and e-mail."""
    call_ = VolunteerCall.objects.filter(token=token).select_related("pilot").first()
    if call_ is None:
        raise Http404("No such call.")
    is_open = services.volunteer_call_is_open(call=call_)
    form = f.ApplicationForm(request.POST or None, questions=_questions(call_))
    if request.method == "POST" and is_open and form.is_valid():
        d = form.cleaned_data
        try:
            person = services.volunteer_identify(
                call=call_, employee_id=d["employee_id"], email=d["email"]
            )
            services.application_submit(
                call=call_,
                person=person,
                why=d["why"],
                problem=d["problem"],
                availability=d["availability"],
                answers=form.answers(),
            )
        except services.ApplicationRefused as exc:
            form.add_error(exc.field, str(exc))
        else:
            return render(request, "conditions/apply_done.html", {"call": call_, "person": person})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "conditions/apply.html",
        {"call": call_, "form": form, "open": is_open},
        status=status,
    )


# ---------------------------------------------------------------------------
# formation of workgroups and cells
# ---------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in FormationKind.values:
        raise Http404("No such formation.")
    return kind


def _formation_form(
    pilot: Pilot, kind: str, data: Any = None, initial: Any = None
) -> f.FormationForm:
    candidates = (
        selectors.selected_volunteers(pilot=pilot)
        if kind == FormationKind.WORKGROUPS
        else selectors.workgroup_members(pilot=pilot)
    )
    ids = [p.pk for p in candidates]
    people_qs = (
        Person.objects.filter(pk__in=ids).select_related("unit").order_by("last_name", "first_name")
    )
    coaches_qs = _entry_people(pilot).filter(
        job_title__icontains="supervisor"
    ) | Person.objects.filter(pk__in=Workgroup.objects.filter(pilot=pilot).values("coach_id"))
    choices = services.attribute_choices(people=candidates)
    if initial is None and data is None:
        initial = f.FormationForm.initial_from(
            services.formation_defaults(kind=kind, people=candidates)
        )
    return f.FormationForm(
        data,
        initial=initial,
        kind=kind,
        candidates=people_qs,
        coaches=coaches_qs.distinct(),
        attribute_choices=choices,
    )


@require_http_methods(["GET", "POST"])
@login_required
def formation(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    kind = _kind(kind)
    engine_error = ""
    run: FormationRun | None
    if request.method == "POST":
        form = _formation_form(pilot, kind, data=request.POST)
        if form.is_valid():
            try:
                run = services.formation_start(
                    pilot=pilot, kind=kind, settings=form.settings(), user=request.user
                )
            except InfeasibleGrouping as exc:
                engine_error = str(exc)
            else:
                return redirect("conditions:run", pk=pilot.pk, run_pk=run.pk)
    else:
        base = request.GET.get("from_run")
        run = (
            FormationRun.objects.filter(pilot=pilot, kind=kind, pk=base).first()
            if base and base.isdigit()
            else None
        )
        form = _formation_form(
            pilot, kind, initial=f.FormationForm.initial_from(run.settings) if run else None
        )
        if run is not None and run.error:
            engine_error = run.error
    context = {
        "pilot": pilot,
        "kind": kind,
        "form": form,
        "engine_error": engine_error,
        "formation": selectors.formation_of(pilot=pilot, kind=kind),
        "runs": FormationRun.objects.filter(pilot=pilot, kind=kind)[:5],
        "groups": selectors.workgroups_of(pilot=pilot)
        if kind == FormationKind.WORKGROUPS
        else selectors.cells_of(pilot=pilot),
        "team_form": f.TeamForm(
            units=OrgUnit.objects.filter(pk__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
            if pilot.entry_unit_id
            else OrgUnit.objects.all()
        ),
        "label": "workgroups" if kind == FormationKind.WORKGROUPS else "cells",
    }
    return render(
        request,
        "conditions/formation.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def formation_team(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    units = (
        OrgUnit.objects.filter(pk__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
        if pilot.entry_unit_id
        else OrgUnit.objects.all()
    )
    form = f.TeamForm(request.POST, units=units)
    if form.is_valid():
        group = services.workgroup_from_team(
            pilot=pilot, unit=form.cleaned_data["unit"], name=form.cleaned_data["name"]
        )
        messages.success(
            request,
            f"Workgroup “{group.name}” created from the team, with {group.memberships.count()} members.",
        )
    else:
        messages.error(request, "Choose a team of the entry point.")
    return redirect("conditions:formation", pk=pilot.pk, kind=FormationKind.WORKGROUPS)


def _board(run: FormationRun, proposed: dict[int, int] | None = None) -> dict[str, Any]:
    people = Person.objects.select_related("unit").in_bulk(run.result["people"])
    assignment = proposed or dict(zip(run.result["people"], run.result["assignment"], strict=True))
    m = int(run.settings["groups"])
    names = run.settings.get("names") or []
    default = "Workgroup" if run.kind == FormationKind.WORKGROUPS else "Cell"
    coaches = run.settings.get("coaches") or []
    coach_people = Person.objects.in_bulk(coaches)
    columns: list[dict[str, Any]] = [
        {
            "index": g,
            "number": g + 1,
            "name": names[g] if g < len(names) else f"{default} {g + 1}",
            "coach": coach_people.get(coaches[g]) if g < len(coaches) else None,
            "people": [],
        }
        for g in range(m)
    ]
    for pid in run.result["people"]:
        if pid in people:
            columns[assignment[pid]]["people"].append(people[pid])
    return {"columns": columns, "group_numbers": list(range(m))}


def _proposed(request: HttpRequest, run: FormationRun) -> dict[int, int]:
    proposed = {}
    for pid in run.result.get("people", []):
        value = request.POST.get(f"p_{pid}", "")
        if value.lstrip("-").isdigit():
            proposed[pid] = int(value)
    return proposed


def _score_context(run: FormationRun, scored: dict[str, Any]) -> dict[str, Any]:
    mean = scored["random_mean"] or 0.0
    return {
        "score": scored["score"],
        "random_mean": mean,
        "gain": (scored["score"] / mean - 1) * 100 if mean else 0.0,
        "problems": scored["problems"],
        "groups": scored["groups"],
    }


@require_GET
@login_required
def run(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    return _render_run(request, pilot, run_)


def _render_run(
    request: HttpRequest,
    pilot: Pilot,
    run_: FormationRun,
    proposed: dict[int, int] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    formation = selectors.formation_of(pilot=pilot, kind=run_.kind)
    context: dict[str, Any] = {
        "pilot": pilot,
        "run": run_,
        "formation": formation,
        "error": error,
        "label": "workgroups" if run_.kind == FormationKind.WORKGROUPS else "cells",
        "expected_version": request.POST.get("expected_version")
        or (formation.version if formation else 0),
    }
    if run_.status == FormationRun.Status.DONE:
        context.update(_board(run_, proposed))
        scored = (
            services.formation_rescore(run=run_, proposed=proposed)
            if proposed
            else {
                "score": run_.result["score"],
                "random_mean": run_.result["random_mean"],
                "problems": [],
                "groups": run_.result["groups"],
            }
        )
        context.update(_score_context(run_, scored))
    return render(request, "conditions/run.html", context, status=status)


@require_GET
@login_required
def run_status(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    response = render(request, "conditions/_run_progress.html", {"pilot": pilot, "run": run_})
    if run_.status in (FormationRun.Status.DONE, FormationRun.Status.FAILED):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def run_rescore(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    if run_.status != FormationRun.Status.DONE:
        raise Http404("This run has no result yet.")
    try:
        scored = services.formation_rescore(run=run_, proposed=_proposed(request, run_))
    except services.AssignmentRejected as exc:
        return render(request, "conditions/_score.html", {"problems": [str(exc)]}, status=400)
    return render(request, "conditions/_score.html", {"run": run_, **_score_context(run_, scored)})


@require_POST
@login_required
def run_confirm(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    run_ = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_pk)
    if run_.status != FormationRun.Status.DONE:
        raise Http404("This run has no result yet.")
    proposed = _proposed(request, run_)
    expected = request.POST.get("expected_version", "")
    coaches = run_.settings.get("coaches") or None
    try:
        services.formation_confirm(
            run=run_,
            proposed=proposed,
            expected_version=int(expected) if expected.isdigit() else 0,
            user=request.user,
            coaches=coaches,
        )
    except EditConflict as exc:
        formation = selectors.formation_of(pilot=pilot, kind=run_.kind)
        who = formation.confirmed_by if formation else None
        return _render_run(
            request,
            pilot,
            run_,
            proposed=proposed,
            status=409,
            error=(
                f"{who.get_full_name() or who.username if who else 'Someone'} confirmed another version of these "
                f"{'workgroups' if run_.kind == FormationKind.WORKGROUPS else 'cells'} while you were editing. {exc}"
            ),
        )
    except services.AssignmentRejected as exc:
        return _render_run(request, pilot, run_, proposed=proposed, status=400, error=str(exc))
    label = "Workgroups" if run_.kind == FormationKind.WORKGROUPS else "Cells"
    messages.success(request, f"{label} confirmed and saved.")
    return redirect("conditions:formation", pk=pilot.pk, kind=run_.kind)


# ---------------------------------------------------------------------------
# workgroup page, expectations, communities
# ---------------------------------------------------------------------------


@require_GET
@login_required
def workgroup(request: HttpRequest, pk: int) -> HttpResponse:
    group = workgroup_for_user(user=request.user, pk=pk)
    members = (
        Person.objects.filter(workgroup_memberships__workgroup=group)
        .select_related("unit")
        .order_by("last_name")
    )
    expectations = Expectations.objects.filter(pilot=group.pilot, workgroup=group).first()
    return render(
        request,
        "conditions/workgroup.html",
        {
            "workgroup": group,
            "pilot": group.pilot,
            "members": members,
            "expectations": expectations,
            "acks": set(expectations.acknowledgements.values_list("person_id", flat=True))
            if expectations
            else set(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def expectations(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    groups = list(selectors.workgroups_of(pilot=pilot))
    target = request.GET.get("workgroup") or request.POST.get("workgroup") or ""
    group = next((g for g in groups if str(g.pk) == target), None)
    instance = Expectations.objects.filter(pilot=pilot, workgroup=group).first()
    form = f.ExpectationsForm(instance=instance)
    status = 200
    if request.method == "POST":
        form = f.ExpectationsForm(request.POST, instance=instance)
        if form.is_valid():
            form.instance.pilot, form.instance.workgroup = pilot, group
            if form.save_or_conflict():
                messages.success(request, f"Expectations for {group or 'the whole pilot'} saved.")
                return redirect(
                    reverse("conditions:expectations", args=[pilot.pk])
                    + (f"?workgroup={group.pk}" if group else "")
                )
        status = 400
    existing = list(
        Expectations.objects.filter(pilot=pilot)
        .select_related("workgroup")
        .prefetch_related("acknowledgements__person")
    )
    participants = len(selectors.pilot_participant_ids(pilot=pilot))
    return render(
        request,
        "conditions/expectations.html",
        {
            "pilot": pilot,
            "form": form,
            "group": group,
            "groups": groups,
            "existing": existing,
            "participants": participants,
        },
        status=status,
    )


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
