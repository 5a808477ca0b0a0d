"""A person's notifications and how they want to receive them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import page_of
from workshift.impact import forms, services
from workshift.impact.models import (
    Notification,
    NotificationPreference,
)
from workshift.impact.notifications import preference_for
from workshift.impact.views.page import GET_POST, form_page


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
    if pk:
        note = get_object_or_404(Notification, pk=pk, user=request.user)
        services.notifications_mark_read(user=request.user, pk=note.pk)
        if request.POST.get("follow") and note.url.startswith("/"):
            return redirect(note.url)
    else:
        services.notifications_mark_read(user=request.user)
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
    return form_page(
        request,
        workgroup=None,
        title="What you receive",
        form=form,
        submit="Save my choices",
        intro="Choose which notifications you get in the app and which by e-mail, and whether you want the weekly digest.",
    )


routes = [
    path("notifications/", notifications, name="notifications"),
    path("notifications/<int:pk>/read/", notification_read, name="notification_read"),
    path("notifications/preferences/", notification_preferences, name="notification_preferences"),
]
