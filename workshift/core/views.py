from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of
from workshift.core.models import AuditEntry


@require_GET
@login_required
def audit_log(request: AuthedHttpRequest) -> HttpResponse:
    if not request.user.is_administrator:
        raise PermissionDenied("Only administrators can read the audit log.")
    entries = AuditEntry.objects.select_related("actor")
    model = request.GET.get("model", "").strip()
    if model:
        entries = entries.filter(model__icontains=model)
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="audit-log.csv",
            header=["at", "actor", "action", "model", "object_id", "object", "pilot_id", "changes"],
            rows=(
                [
                    e.at.isoformat(),
                    e.actor.username if e.actor else "system",
                    e.action,
                    e.model,
                    e.object_id,
                    e.object_repr,
                    e.pilot_id,
                    e.changes,
                ]
                for e in entries.iterator()
            ),
        )
    return render(
        request,
        "core/audit_log.html",
        {"page": page_of(request=request, items=entries, per_page=50), "model": model},
    )


routes = [
    path("audit/", audit_log, name="audit"),
]
