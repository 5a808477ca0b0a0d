"""Report pages: asking for the pilot report, following it, downloading it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import page_of
from workshift.insights import access, enqueue
from workshift.insights.models import PilotReport


@require_http_methods(["GET", "POST"])
@login_required
def reports(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk, overseer=True)
    if request.method == "POST":
        report = enqueue.report_request(pilot=pilot, user=request.user)
        messages.success(request, "The report is being written; it appears below when ready.")
        if request.htmx:
            return render(request, "insights/_report_row.html", {"report": report})
        return redirect("insights:reports", pk=pilot.pk)
    archive = pilot.reports.select_related("requested_by").defer("pdf", "html")
    return render(
        request,
        "insights/reports.html",
        {
            "pilot": pilot,
            "page": page_of(request=request, items=archive, per_page=20),
        },
    )


@require_GET
@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.report_for_user(user=request.user, pk=pk)
    return render(request, "insights/_report_row.html", {"report": report})


@require_GET
@login_required
def report_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    report = access.report_for_user(user=request.user, pk=pk)
    if report.status != PilotReport.Status.DONE:
        raise Http404("This report is not ready.")
    if kind == "pdf":
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")  # type: ignore[arg-type]
    else:
        response = HttpResponse(report.html, content_type="text/html; charset=utf-8")
        # a stand-alone document with its own inline style; it may run nothing and load nothing
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
        )
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.{kind}"'
    return response


routes = [
    path("pilots/<int:pk>/reports/", reports, name="reports"),
    path("reports/<int:pk>/status/", report_status, name="report_status"),
    path("reports/<int:pk>/download.<str:kind>", report_download, name="report_download"),
]
