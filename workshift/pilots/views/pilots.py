"""The pilot itself: list, create, overview, edit, members; the shared delete confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.people.access import people_visible_to
from workshift.pilots import selectors, services
from workshift.pilots.access import pilot_for_user
from workshift.pilots.charts import vega_bundle
from workshift.pilots.forms import MemberAddForm, PilotCreateForm, PilotForm
from workshift.pilots.models import PilotMember

PILOT_SORTS = {"name": "name", "status": "status", "start": "start_date", "created": "created_at"}


def people_for(request: HttpRequest) -> Any:
    """The active people the user may see, for a person picker."""
    return (
        people_visible_to(user=request.user).filter(active=True).order_by("last_name", "first_name")
    )


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    pilots = selectors.pilots_visible_to(user=request.user)
    return render(request, "core/home.html", {"pilots": pilots})


@require_GET
@login_required
def pilot_list(request: HttpRequest) -> HttpResponse:
    pilots = selectors.pilots_visible_to(user=request.user).select_related("entry_unit")
    pilots, sort = sorted_queryset(
        request=request, queryset=pilots, allowed=PILOT_SORTS, default="-created"
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="pilots.csv",
            header=["name", "status", "entry_point", "start_date", "end_date"],
            rows=(
                (
                    p.name,
                    p.status,
                    p.entry_unit.name if p.entry_unit else "",
                    p.start_date,
                    p.end_date,
                )
                for p in pilots
            ),
        )
    return render(
        request,
        "pilots/pilot_list.html",
        {"page": page_of(request=request, items=pilots), "sort": sort},
    )


@require_http_methods(["GET", "POST"])
@login_required
def pilot_create(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.can_create_pilots:
        raise PermissionDenied("Only administrators, program leads and champions start pilots.")
    form = PilotCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("name", "edit_version")}
        pilot = services.pilot_create(user=request.user, name=form.cleaned_data["name"], **data)
        messages.success(
            request, "Pilot created. You are its program lead: start with the catalyst."
        )
        return redirect(pilot)
    return render(request, "pilots/pilot_form.html", {"form": form, "creating": True})


@require_GET
@login_required
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    context: dict[str, Any] = {"pilot": pilot, "tree": selectors.metric_tree(pilot=pilot)}
    if pilot.viewer_sees_assessment:
        catalyst = selectors.pilot_catalyst(pilot=pilot)
        champion = selectors.pilot_champion(pilot=pilot)
        ranking = selectors.candidate_ranking(pilot=pilot)
        context.update(
            catalyst=catalyst,
            verdict=catalyst.verdict() if catalyst else None,
            champion=champion,
            champion_check=champion.assessment() if champion else None,
            ranking=ranking[:3],
            chosen=next((r for r in ranking if r.candidate.is_chosen), None),
            readiness=selectors.readiness_for(pilot=pilot),
        )
    return render(request, "pilots/pilot_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def pilot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
    old_status = pilot.status
    form = PilotForm(request.POST or None, instance=pilot)
    if request.method == "POST" and form.is_valid():
        new_status = form.cleaned_data["status"]
        try:
            with transaction.atomic():
                form.instance.status = old_status
                saved = form.save_or_conflict(save=services.pilot_save)
                if saved is not None and new_status != old_status:
                    services.pilot_set_status(pilot=saved, status=new_status, user=request.user)
        except services.StatusChangeBlocked as blocked:
            for reason in blocked.reasons:
                form.add_error("status", reason)
            saved = None
        if saved is not None:
            messages.success(request, "Pilot saved.")
            return redirect(saved)
    return render(request, "pilots/pilot_form.html", {"form": form, "pilot": pilot})


@require_http_methods(["GET", "POST"])
@login_required
def pilot_members(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk)
    if not pilot.viewer_sees_assessment:
        raise PermissionDenied("Workgroup members do not see the pilot's member list.")
    form = MemberAddForm(request.POST or None, pilot=pilot)
    if request.method == "POST":
        pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
        if form.is_valid():
            try:
                services.pilot_member_add(
                    pilot=pilot, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{form.cleaned_data['user']} added to the pilot.")
                return redirect("pilots:members", pk=pilot.pk)
    members = pilot.memberships.select_related("user").order_by(
        "role", "user__last_name", "user__username"
    )
    return render(
        request, "pilots/members.html", {"pilot": pilot, "form": form, "members": members}
    )


@require_POST
@login_required
def pilot_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    pilot = pilot_for_user(user=request.user, pk=pk, edit=True)
    member = get_object_or_404(PilotMember, pilot=pilot, pk=member_pk)
    try:
        services.pilot_member_remove(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.user} removed from the pilot.")
    return redirect("pilots:members", pk=pilot.pk)


def delete_page(
    request: HttpRequest, *, pilot: Any, delete: Callable[[], str], **page: str
) -> HttpResponse:
    """Confirm a deletion on GET (`page`: what, consequence, back); on POST delete and go back.

    `delete` deletes and returns the message to show.
    """
    if request.method == "POST":
        messages.success(request, delete())
        return redirect(page["back"])
    return render(request, "pilots/confirm_delete.html", {"pilot": pilot, **page})


@require_GET
@gzip_page
def vega_script(request: HttpRequest) -> HttpResponse:
    """vega + vega-lite + vega-embed, served from this server (no CDN); cached by browsers."""
    text, etag = vega_bundle()
    quoted = f'"{etag}"'
    if request.headers.get("If-None-Match") == quoted:
        return HttpResponseNotModified()
    response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["ETag"] = quoted
    response["Cache-Control"] = "public, max-age=86400"
    return response


routes = [
    path("", pilot_list, name="list"),
    path("new/", pilot_create, name="create"),
    path("vega-embed.js", vega_script, name="vega_script"),
    path("<int:pk>/", pilot_detail, name="detail"),
    path("<int:pk>/edit/", pilot_edit, name="edit"),
    path("<int:pk>/members/", pilot_members, name="members"),
    path("<int:pk>/members/<int:member_pk>/remove/", pilot_member_remove, name="member_remove"),
]
