"""People import pages: upload a file, map its columns, confirm, follow the progress."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.people import access, import_jobs, imports
from workshift.people.forms import MappingForm, PeopleFileForm
from workshift.people.models import ImportJob
from workshift.people.parsing import PeopleFileError


def _upload_into(
    request: HttpRequest, form: PeopleFileForm, job: ImportJob | None = None
) -> ImportJob | None:
    upload = form.cleaned_data["file"]
    try:
        return import_jobs.import_job_create(
            user=request.user, data=upload.read(), filename=upload.name, job=job
        )
    except PeopleFileError as exc:
        form.add_error("file", str(exc))
        return None


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    access.require_people_manager(user=request.user)
    form = PeopleFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = _upload_into(request, form)
        if job is not None:
            return redirect(job)
    recent = (
        access.import_jobs_visible_to(user=request.user)
        .select_related("created_by")
        .defer("file")[:10]
    )
    return render(
        request,
        "people/import_start.html",
        {"form": form, "recent": recent, "background_rows": settings.IMPORT_BACKGROUND_ROWS},
    )


def _samples(outcome: imports.ImportOutcome) -> list[str]:
    if not outcome.sample:
        return []
    return outcome.sample[0][1]


def _job_context(job: ImportJob, **extra: Any) -> dict[str, Any]:
    """The import page: mapping and preview while the job is a draft, progress or outcome after."""
    context: dict[str, Any] = {
        "job": job,
        "upload_form": PeopleFileForm(),
        "background_rows": settings.IMPORT_BACKGROUND_ROWS,
    }
    if job.status == ImportJob.Status.DRAFT:
        try:
            outcome = import_jobs.import_job_preview(job=job)
        except PeopleFileError as exc:
            context["file_error"] = str(exc)
        else:
            context["outcome"] = outcome
            context["mapping_form"] = MappingForm(
                header=outcome.header, mapping=job.mapping, samples=_samples(outcome)
            )
    context.update(extra)
    return context


@require_GET
@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.import_job_for_user(user=request.user, pk=pk)
    return render(request, "people/import_job.html", _job_context(job))


@require_POST
@login_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.import_job_for_user(user=request.user, pk=pk)
    if job.status != ImportJob.Status.DRAFT:
        return redirect(job)
    context = _job_context(job)
    if "outcome" not in context:
        return render(request, "people/import_job.html", context, status=422)
    outcome = context["outcome"]
    form = MappingForm(
        request.POST, header=outcome.header, mapping=job.mapping, samples=_samples(outcome)
    )
    if form.is_valid():
        import_jobs.import_job_map(job=job, mapping=form.mapping)
        return redirect(job)
    context.update(mapping_form=form, mapping_invalid=True)
    return render(request, "people/import_job.html", context, status=422)


@require_POST
@login_required
def import_reupload(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.import_job_for_user(user=request.user, pk=pk)
    if job.is_running or job.status == ImportJob.Status.DONE:
        return redirect(job)
    form = PeopleFileForm(request.POST, request.FILES)
    if form.is_valid() and _upload_into(request, form, job=job) is not None:
        return redirect(job)
    return render(
        request, "people/import_job.html", _job_context(job, upload_form=form), status=422
    )


@require_POST
@login_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.import_job_for_user(user=request.user, pk=pk)
    if job.status == ImportJob.Status.DRAFT:
        import_jobs.import_job_start(job=job)
    return redirect(job)


@require_GET
@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone, polled every second while the import runs."""
    job = access.import_job_for_user(user=request.user, pk=pk)
    if not job.is_running and getattr(request, "htmx", False):
        response = HttpResponse()
        response["HX-Redirect"] = job.get_absolute_url()
        return response
    return render(request, "people/_import_progress.html", {"job": job})


routes = [
    path("import/", import_start, name="import"),
    path("import/<int:pk>/", import_job, name="import_job"),
    path("import/<int:pk>/mapping/", import_mapping, name="import_mapping"),
    path("import/<int:pk>/file/", import_reupload, name="import_reupload"),
    path("import/<int:pk>/confirm/", import_confirm, name="import_confirm"),
    path("import/<int:pk>/progress/", import_progress, name="import_progress"),
]
