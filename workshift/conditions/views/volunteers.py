"""The volunteer call, its applications and the public application page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    conditions_pilot_for_user,
    pilot_record_for_user,
)
from workshift.conditions.models import (
    Application,
)
from workshift.conditions.volunteering import public_application_guard
from workshift.core.listing import csv_columns_response, page_of, sorted_queryset

APPLICATION_COLUMNS = [
    ("employee_id", "person.employee_id"),
    ("name", "person.full_name"),
    ("unit", "person.unit"),
    ("status", "get_status_display"),
    ("why", "why"),
    ("problem", "problem"),
    ("availability", "availability"),
    ("decision_reason", "decision_reason"),
]


@require_http_methods(["GET", "POST"])
@login_required
def call(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = conditions_pilot_for_user(user=request.user, pk=pk, edit=True)
    current = selectors.current_call(pilot=pilot)
    keys = selectors.attribute_keys(pilot=pilot)
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
            if form.save_or_conflict(save=services.volunteer_call_update):
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
            return csv_columns_response(
                filename=f"applications-pilot-{pilot.pk}.csv",
                columns=APPLICATION_COLUMNS,
                items=apps,
            )
        count, selected = selectors.application_counts(call=current)
        context.update(
            {
                "page": page_of(request=request, items=apps, per_page=25),
                "sort": sort,
                "status_filter": status_filter,
                "count": count,
                "selected": selected,
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
        user=request.user, model=Application, pilot_pk=pk, pk=application_pk
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
        messages.error(request, f"{application.person}: {form.error_summary()}")
    return redirect(request.POST.get("next") or reverse("conditions:call", args=[pilot.pk]))


@require_http_methods(["GET", "POST"])
@public_application_guard
def apply(request: HttpRequest, token: str) -> HttpResponse:
    """The public application form: no account needed, the person is identified by employee id and e-mail."""
    call_ = selectors.call_by_token(token=token)
    if call_ is None:
        raise Http404("No such call.")
    is_open = services.volunteer_call_is_open(call=call_)
    form = f.ApplicationForm(
        request.POST or None,
        questions=selectors.attribute_values(pilot=call_.pilot, keys=call_.ask_attributes),
    )
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


routes = [
    path("pilots/<int:pk>/call/", call, name="call"),
    path(
        "pilots/<int:pk>/call/applications/<int:application_pk>/decide/",
        application_decide,
        name="application_decide",
    ),
    path("apply/<str:token>/", apply, name="apply"),
]
