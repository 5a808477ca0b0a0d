"""Leadership pages: playbooks, decision rights, the decision log and surges. Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import page_of
from workshift.leadership import access, selectors, services
from workshift.leadership.charts import power_shift_svg
from workshift.leadership.exports import playbook_html, playbook_pdf
from workshift.leadership.forms import (
    DecisionForm,
    KindForm,
    PublishForm,
    RightForm,
    StepAddForm,
    StepEditForm,
    SurgeExceptionForm,
    SurgeForm,
)
from workshift.leadership.models import PlaybookRole, PlaybookVersion, Stage
from workshift.people.models import Person


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _role_param(request: HttpRequest, default: str | None) -> str:
    role = request.GET.get("role") or default or PlaybookRole.MEMBER
    if role not in PlaybookRole.values:
        raise Http404("No such role.")
    return role


# ------------------------------------------------------------------ playbook


@require_GET
@login_required
def playbook(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    mine = selectors.viewer_playbook_role(user=request.user, pilot=pilot)
    role = _role_param(request, mine)
    view = selectors.playbook_view(pilot=pilot, role=role, user=request.user)
    current = services.playbook_current()
    return render(
        request,
        "leadership/playbook.html",
        {
            "pilot": pilot,
            "view": view,
            "role": role,
            "mine": mine,
            "roles": PlaybookRole.choices,
            "newer": current if current.number != view.version.number else None,
            "section": "playbook",
        },
    )


@require_POST
@login_required
def playbook_tick(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    try:
        services.step_tick(
            pilot=pilot,
            key=request.POST.get("key", ""),
            user=request.user,
            ticked=request.POST.get("ticked", "1") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    from django.urls import reverse

    role = request.POST.get("role", "")
    query = f"?role={role}" if role in PlaybookRole.values else ""
    return redirect(reverse("leadership:playbook", args=[pilot.pk]) + query)


@require_POST
@login_required
def playbook_move_on(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk, edit=True)
    pinned = services.pilot_playbook_move_on(pilot=pilot)
    messages.success(request, f"The pilot now follows {pinned.playbook}.")
    from django.urls import reverse

    role = request.POST.get("role", "")
    query = f"?role={role}" if role in PlaybookRole.values else ""
    return redirect(reverse("leadership:playbook", args=[pilot.pk]) + query)


@require_GET
@login_required
def playbook_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    role = _role_param(request, selectors.viewer_playbook_role(user=request.user, pilot=pilot))
    view = selectors.playbook_view(pilot=pilot, role=role, user=request.user)
    name = f"playbook-{slugify(pilot.name)}-{role}"
    html = playbook_html(pilot=pilot, view=view, base_url=request.build_absolute_uri("/"))
    if kind == "html":
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    elif kind == "pdf":
        response = HttpResponse(playbook_pdf(html=html), content_type="application/pdf")
    else:
        raise Http404("Export as html or pdf.")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


# ------------------------------------------------------ default playbooks


@require_GET
@login_required
def playbooks(request: HttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user)
    current = services.playbook_current()
    draft = PlaybookVersion.objects.filter(number__isnull=True).first()
    shown = draft or current
    steps = list(shown.steps.order_by("role", "stage", "position", "id"))
    return render(
        request,
        "leadership/playbooks.html",
        {
            "current": current,
            "draft": draft,
            "shown": shown,
            "groups": [
                (
                    label,
                    [
                        (stage_label, [s for s in steps if s.role == role and s.stage == stage])
                        for stage, stage_label in Stage.choices
                    ],
                )
                for role, label in PlaybookRole.choices
            ],
            "versions": PlaybookVersion.objects.filter(number__isnull=False).select_related(
                "published_by"
            ),
            "can_edit": access.may_edit_playbooks(user=request.user),
            "add_form": StepAddForm(),
            "publish_form": PublishForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def playbook_step_add(request: HttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    form = StepAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.playbook_step_add(**form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Step added to the draft. Publish the draft to use it.")
            return redirect("leadership:playbooks")
    return render(
        request,
        "leadership/form_page.html",
        {
            "form": form,
            "title": "Add a step",
            "submit": "Add the step",
            "back": "leadership:playbooks",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def playbook_step_edit(request: HttpRequest, key: str) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    draft = services.playbook_draft_open() if request.method == "POST" else None
    source = draft or PlaybookVersion.objects.filter(number__isnull=True).first()
    source = source or services.playbook_current()
    step = source.steps.filter(key=key).first()
    if step is None:
        raise Http404("No such step.")
    initial = {f: getattr(step, f) for f in ("title", "purpose", "minutes", "link", "done_when")}
    form = StepEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.playbook_step_update(key=key, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Step reworded in the draft. Publish the draft to use it.")
            return redirect("leadership:playbooks")
    return render(
        request,
        "leadership/form_page.html",
        {
            "form": form,
            "title": f"Reword “{step.title}”",
            "submit": "Save to the draft",
            "back": "leadership:playbooks",
        },
    )


@require_POST
@login_required
def playbook_step_action(request: HttpRequest, key: str, action: str) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    try:
        if action in ("up", "down"):
            services.playbook_step_move(key=key, offset=-1 if action == "up" else 1)
        elif action in ("retire", "restore"):
            services.playbook_step_retire(key=key, retired=action == "retire")
        else:
            raise Http404("No such action.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("leadership:playbooks")


@require_POST
@login_required
def playbook_publish(request: AuthedHttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.playbook_publish(user=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Published {version}. New pilots follow it; running pilots keep theirs."
            )
    else:
        messages.error(request, "Say in a sentence what changed in this version.")
    return redirect("leadership:playbooks")


@require_POST
@login_required
def playbook_discard(request: HttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    services.playbook_draft_discard()
    messages.success(request, "Draft discarded.")
    return redirect("leadership:playbooks")


# ------------------------------------------------------------ decision rights


@require_GET
@login_required
def rights(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    from workshift.conditions.access import workgroups_visible_to

    workgroups = workgroups_visible_to(user=request.user).filter(pilot=pilot).order_by("name")
    shift = selectors.power_shift(pilot=pilot, workgroups=workgroups)
    return render(
        request,
        "leadership/rights.html",
        {
            "pilot": pilot,
            "rows": selectors.register_rows(pilot=pilot),
            "workgroups": workgroups,
            "can_change": access.may_change_rights(user=request.user, pilot=pilot),
            "milestones": selectors.milestones(pilot=pilot),
            "shift": shift,
            "shift_svg": power_shift_svg(shift=shift),
            "section": "rights",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def kind_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk, edit=True)
    form = KindForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_kind_create(pilot=pilot, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Kind of decision added to the register.")
            return redirect("leadership:rights", pk=pilot.pk)
    return render(
        request,
        "leadership/form_page.html",
        {"form": form, "pilot": pilot, "title": "Add a kind of decision", "submit": "Add"},
    )


def _right_page(
    request: AuthedHttpRequest, *, pilot: Any, kind_pk: int, workgroup: Any, back: str
) -> HttpResponse:
    kind = access.decision_kind_for_user(user=request.user, pilot=pilot, pk=kind_pk)
    current = selectors.right_in_force(kind=kind, workgroup=workgroup)
    initial = {"mode": current.mode, "person": current.person_id} if current else {}
    form = RightForm(request.POST or None, pilot=pilot, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.right_change(
                pilot=pilot, kind=kind, workgroup=workgroup, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Right changed; its earlier version stays in the history.")
            return redirect(back)
    return render(
        request,
        "leadership/right_form.html",
        {
            "form": form,
            "pilot": pilot,
            "kind": kind,
            "workgroup": workgroup,
            "current": current,
            "history": selectors.right_history(kind=kind, workgroup=workgroup),
            "back": back,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def right_edit(request: AuthedHttpRequest, pk: int, kind_pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk, edit=True)
    from django.urls import reverse

    return _right_page(
        request,
        pilot=pilot,
        kind_pk=kind_pk,
        workgroup=None,
        back=reverse("leadership:rights", args=[pilot.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def workgroup_right_edit(request: AuthedHttpRequest, pk: int, kind_pk: int) -> HttpResponse:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=pk, change=True)
    from django.urls import reverse

    return _right_page(
        request,
        pilot=workgroup.pilot,
        kind_pk=kind_pk,
        workgroup=workgroup,
        back=reverse("leadership:decisions", args=[workgroup.pk]),
    )


@require_GET
@login_required
def right_history(request: HttpRequest, pk: int, kind_pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    kind = access.decision_kind_for_user(user=request.user, pilot=pilot, pk=kind_pk)
    workgroup = None
    if request.GET.get("workgroup", "").isdigit():
        workgroup = access.rights_workgroup_for_user(
            user=request.user, pk=int(request.GET["workgroup"])
        )
        if workgroup.pilot_id != pilot.pk:
            raise Http404("No such workgroup in this pilot.")
    return render(
        request,
        "leadership/right_history.html",
        {
            "pilot": pilot,
            "kind": kind,
            "workgroup": workgroup,
            "history": selectors.right_history(kind=kind, workgroup=workgroup),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def decisions(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A workgroup's rights in force and its decision log; members record decisions here."""
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=pk)
    may_record = access.may_record_decision(user=request.user, workgroup=workgroup)
    form = DecisionForm(request.POST or None, workgroup=workgroup) if may_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("You do not record decisions for this workgroup.")
        if form.is_valid():
            try:
                decision = services.decision_record(
                    workgroup=workgroup, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                if decision.outside_right:
                    messages.warning(
                        request,
                        "Recorded. It was taken outside its right, so the coach has been told.",
                    )
                else:
                    messages.success(request, "Decision recorded in the log.")
                return redirect("leadership:decisions", pk=workgroup.pk)
    log = selectors.decisions_for(workgroup=workgroup)
    return render(
        request,
        "leadership/decisions.html",
        {
            "pilot": workgroup.pilot,
            "workgroup": workgroup,
            "rows": selectors.register_rows(pilot=workgroup.pilot, workgroup=workgroup),
            "page": page_of(request=request, items=log),
            "form": form,
        },
    )


# ------------------------------------------------------------------ surges


@require_http_methods(["GET", "POST"])
@login_required
def surge_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.surge_pilot_for_user(user=request.user, pk=pk, edit=True)
    form = SurgeForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            surge = services.surge_create(pilot=pilot, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, "Surge planned: see who it would overload and how to avoid it."
            )
            return redirect("leadership:surge", pk=surge.pk)
    return render(
        request,
        "leadership/form_page.html",
        {
            "form": form,
            "pilot": pilot,
            "title": "Plan a surge in demand",
            "submit": "See who it would overload",
            "intro": "Declare the surge before it starts: the period and how many extra hours a week of work it brings.",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def surge(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = access.surge_for_user(user=request.user, pk=pk, edit=request.method == "POST")
    participants = Person.objects.filter(
        pk__in=[p.key for p in selectors.surge_people(surge=found) if p.protected > 0]
    ).order_by("last_name")
    form = SurgeExceptionForm(request.POST or None, people=participants)
    if request.method == "POST" and form.is_valid():
        try:
            services.surge_exception_record(surge=found, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Exception recorded; the plan now may use that freed time.")
            return redirect("leadership:surge", pk=found.pk)
    return render(
        request,
        "leadership/surge.html",
        {
            "pilot": found.pilot,
            "surge": found,
            "preview": selectors.surge_preview(surge=found),
            "exceptions": found.exceptions.select_related("person", "recorded_by"),
            "form": form,
            "can_edit": access.may_change_rights(user=request.user, pilot=found.pilot),
        },
    )
