"""Decision-right pages: the register, changing a right, its history, a workgroup's decision log."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import page_of
from workshift.leadership import access, selectors, services
from workshift.leadership.charts import power_shift_svg
from workshift.leadership.forms import (
    DecisionForm,
    KindForm,
    RightForm,
    form_add_errors,
    form_submitted,
)


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


@require_POST
@login_required
def rights_seed(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Start the register: the standard kinds, plus one per guardrail of the pilot."""
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk, edit=True)
    created = services.rights_register_seed(pilot=pilot, user=request.user)
    messages.success(request, f"The register holds {len(created)} kinds of decisions.")
    return redirect("leadership:rights", pk=pilot.pk)


@require_http_methods(["GET", "POST"])
@login_required
def kind_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk, edit=True)
    form = KindForm(request.POST or None, pilot=pilot)
    if form_submitted(
        request,
        form,
        save=functools.partial(services.decision_kind_create, pilot=pilot, user=request.user),
        message="Kind of decision added to the register.",
    ):
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
    if form_submitted(
        request,
        form,
        save=functools.partial(
            services.right_change, pilot=pilot, kind=kind, workgroup=workgroup, user=request.user
        ),
        message="Right changed; its earlier version stays in the history.",
    ):
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
                form_add_errors(form, error)
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


routes = [
    path("pilots/<int:pk>/rights/", rights, name="rights"),
    path("pilots/<int:pk>/rights/new/", kind_new, name="kind_new"),
    path("pilots/<int:pk>/rights/seed/", rights_seed, name="rights_seed"),
    path("pilots/<int:pk>/rights/<int:kind_pk>/", right_edit, name="right_edit"),
    path("pilots/<int:pk>/rights/<int:kind_pk>/history/", right_history, name="right_history"),
    path("workgroups/<int:pk>/decisions/", decisions, name="decisions"),
    path(
        "workgroups/<int:pk>/rights/<int:kind_pk>/",
        workgroup_right_edit,
        name="workgroup_right_edit",
    ),
]
