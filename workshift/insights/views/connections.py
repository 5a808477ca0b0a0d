"""Connection pages: who can help, the collaboration network, and importing collaboration counts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.insights import access, enqueue, services
from workshift.insights.connections import connections_kept
from workshift.insights.forms import CollaborationUploadForm, HelpSearchForm
from workshift.insights.leadership_context import surge_context
from workshift.insights.selectors.connections import who_can_help
from workshift.insights.selectors.workload import workload_balance


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


routes = [
    path("pilots/<int:pk>/connections/", connections, name="connections"),
    path("pilots/<int:pk>/connections/refresh/", connections_refresh, name="connections_refresh"),
    path("collaboration/", collaboration_upload, name="collaboration"),
]
