"""Opportunities: captured problems, a workgroup's backlog, and the spin-offs they lead to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from workshift.core.listing import csv_columns_response, page_of
from workshift.impact import access, forms, selectors, services
from workshift.impact.models import (
    Opportunity,
    SpinOffProposal,
)
from workshift.impact.views.page import (
    GET_POST,
    form_page,
    posted_and_saved,
    record_for,
    workgroup_for,
    workgroup_page,
)

BACKLOG_COLUMNS = [
    ("rank", "rank"),
    ("score", "score"),
    ("what", "title"),
    ("for whom", "for_whom"),
    ("value", "value"),
    ("confidence", "confidence"),
    ("effort", "effort"),
    ("metric", "metric"),
    ("status", "get_status_display"),
]


@GET_POST
@login_required
def pilot_capture(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone in the pilot captures an unseen problem or opportunity for a workgroup to evaluate."""
    pilot = access.pilot_for_impact(user=request.user, pk=pk)
    form = forms.CaptureForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        opportunity = services.opportunity_capture(opportunity=form.instance, user=request.user)
        messages.success(
            request,
            f"Thank you: “{opportunity.title}” is in the backlog of {opportunity.workgroup}.",
        )
        return redirect("impact:pilot", pk=pilot.pk)
    return form_page(
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
def opportunities(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
    form = forms.OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opportunity = services.opportunity_capture(
            opportunity=form.instance, user=request.user, workgroup=workgroup
        )
        messages.success(
            request, f"Captured “{opportunity.title}”. Evaluate it to place it in the backlog."
        )
        return redirect("impact:opportunity", pk=opportunity.pk)
    show_all = request.GET.get("all") == "1"
    backlog = selectors.backlog_for(workgroup=workgroup, include_closed=show_all)
    if request.GET.get("format") == "csv":
        return csv_columns_response(filename="backlog.csv", columns=BACKLOG_COLUMNS, items=backlog)
    return workgroup_page(
        request,
        "impact/opportunities.html",
        workgroup=workgroup,
        form=form,
        page=page_of(request=request, items=backlog),
        show_all=show_all,
    )


@GET_POST
@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = record_for(request, Opportunity, pk, "metric", "raised_by")
    workgroup = opportunity.workgroup_view
    form = forms.EvaluateForm(
        request.POST or None, instance=opportunity, pilot_id=workgroup.pilot_id
    )
    if posted_and_saved(request, form, save=services.opportunity_evaluate):
        messages.success(request, "Evaluation saved: the backlog is ranked again.")
        return redirect("impact:opportunities", pk=workgroup.pk)
    return workgroup_page(
        request,
        "impact/opportunity.html",
        workgroup=workgroup,
        form=form,
        opportunity=opportunity,
        spin_form=forms.SpinOffForm(),
        slices=opportunity.slices.all(),
        proposals=opportunity.spin_offs.all(),
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
    return form_page(
        request,
        workgroup=opportunity.workgroup_view,
        title=f"Spin a workgroup off “{opportunity}”",
        form=form,
        submit="Propose to the program lead",
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
    return form_page(
        request,
        workgroup=proposal.workgroup_view,
        title=f"Decide on the spin-off “{proposal.name}”",
        form=form,
        submit="Record the decision",
        intro=f"Proposed from the opportunity “{proposal.opportunity}”: {proposal.rationale}",
    )


routes = [
    path("pilots/<int:pk>/capture/", pilot_capture, name="pilot_capture"),
    path("pilots/<int:pk>/spin-offs/", spin_offs, name="spin_offs"),
    path("workgroups/<int:pk>/opportunities/", opportunities, name="opportunities"),
    path("opportunities/<int:pk>/", opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/spin-off/", opportunity_spin_off, name="opportunity_spin_off"),
    path("spin-offs/<int:pk>/decide/", spin_off_decide, name="spin_off_decide"),
]
