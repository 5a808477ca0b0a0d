"""Practices: the pilot's catalogue, and the practices a workgroup adopts and uses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from workshift.impact import access, forms, services
from workshift.impact.models import (
    AdoptedPractice,
)
from workshift.impact.views.page import (
    GET_POST,
    form_page,
    record_for,
    workgroup_for,
    workgroup_page,
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
            practice = services.practice_add(practice=form.instance, pilot=pilot)
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
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_or_conflict(save=services.practice_save)
    ):
        messages.success(request, "Practice saved.")
        return (
            redirect("home")
            if practice.pilot_id is None
            else redirect("impact:practice_catalog", pk=practice.pilot_id)
        )
    return form_page(
        request,
        workgroup=None,
        pilot=practice.pilot,
        title=f"Edit practice: {practice}",
        form=form,
        submit="Save practice",
    )


@GET_POST
@login_required
def workgroup_practices(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
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
    return workgroup_page(
        request,
        "impact/practices.html",
        workgroup=workgroup,
        form=form,
        adopted=adopted,
        use_form=forms.PracticeUseForm(),
    )


@GET_POST
@login_required
def adopted_practice(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the group's own version of a practice, or record that it was used."""
    adopted = record_for(request, AdoptedPractice, pk, "practice")
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
            and version_form.save_or_conflict(save=services.adopted_practice_save)
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


routes = [
    path("pilots/<int:pk>/practices/", practice_catalog, name="practice_catalog"),
    path("practices/<int:pk>/edit/", practice_edit, name="practice_edit"),
    path("workgroups/<int:pk>/practices/", workgroup_practices, name="practices"),
    path("adopted-practices/<int:pk>/", adopted_practice, name="adopted_practice"),
]
