"""A pilot's overview of its workgroups, and a workgroup's own space with its charter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from workshift.impact import access, forms, selectors, services
from workshift.impact.models import (
    Obstacle,
    SpinOffProposal,
    WorkgroupCharter,
)
from workshift.impact.views.page import GET_POST, form_page, workgroup_for


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


@require_GET
@login_required
def workgroup_space(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
    context = selectors.workgroup_space(workgroup=workgroup)
    return render(
        request,
        "impact/workgroup_space.html",
        {"workgroup": workgroup, "pilot": workgroup.pilot, **context},
    )


@GET_POST
@login_required
def charter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk, act=True)
    charter = WorkgroupCharter.objects.filter(workgroup=workgroup).first() or WorkgroupCharter(
        workgroup=workgroup
    )
    form = forms.CharterForm(request.POST or None, instance=charter, pilot_id=workgroup.pilot_id)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_or_conflict(save=services.charter_save)
    ):
        messages.success(request, "The shared outcome and the powerful question are saved.")
        return redirect("impact:workgroup", pk=workgroup.pk)
    return form_page(
        request,
        workgroup=workgroup,
        title="Shared outcome and powerful question",
        form=form,
        submit="Save",
        intro="Commit to a shared outcome: a north star related to a metric that matters, but not the metric itself. "
        "Then frame a powerful question: open, ambitious, and one the group truly cares to answer.",
    )


routes = [
    path("pilots/<int:pk>/", pilot_overview, name="pilot"),
    path("workgroups/<int:pk>/", workgroup_space, name="workgroup"),
    path("workgroups/<int:pk>/charter/", charter_edit, name="charter"),
]
