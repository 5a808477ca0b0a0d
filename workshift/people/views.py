from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.people import access, import_jobs, imports, privacy, search
from workshift.people.exports import PEOPLE_COLUMNS, person_row
from workshift.people.forms import MappingForm, PeopleFileForm, PersonEraseForm
from workshift.people.models import ImportJob
from workshift.people.parsing import PeopleFileError
from workshift.people.picker import picker_options

PEOPLE_SORTS = {
    "name": "last_name",
    "employee_id": "employee_id",
    "unit": "unit__name",
    "title": "job_title",
    "start": "start_date",
}


def _require_browser(request: AuthedHttpRequest) -> None:
    if not request.user.can_browse_people:
        raise PermissionDenied("Your role does not include browsing people.")


@require_GET
@login_required
def person_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_browser(request)
    people = access.people_visible_to(user=request.user).select_related("unit", "manager")
    query = request.GET.get("q", "").strip()
    if query:
        people = search.people_filtered(people=people, query=query)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        people = people.filter(unit_id__in=access.unit_subtree_ids(root_id=int(unit_id)))
    people, sort = sorted_queryset(
        request=request, queryset=people, allowed=PEOPLE_SORTS, default="name"
    )
    if query:
        people = search.sorted_matches(people, *[str(key) for key in people.query.order_by])
    if request.GET.get("format") == "csv":
        return csv_response(
            filename="people.csv",
            header=PEOPLE_COLUMNS,
            rows=(person_row(p) for p in people.iterator(chunk_size=2000)),
        )
    return render(
        request,
        "people/person_list.html",
        {
            "page": page_of(request=request, items=people, per_page=50),
            "q": query,
            "sort": sort,
            "can_manage": request.user.can_manage_people,
        },
    )


@require_GET
@login_required
def person_search(request: AuthedHttpRequest) -> HttpResponse:
    """The person picker's matches: at most a page of the people the user may see."""
    _require_browser(request)
    people = access.people_visible_to(user=request.user)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        people = people.filter(unit_id__in=access.unit_subtree_ids(root_id=int(unit_id)))
    return picker_options(request, people=people)


@require_GET
@login_required
def person_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_browser(request)
    person = access.person_for_user(user=request.user, pk=pk)
    reports = (
        access.people_visible_to(user=request.user)
        .filter(manager=person)
        .order_by("last_name")[:50]
    )
    return render(request, "people/person_detail.html", {"person": person, "reports": reports})


@require_GET
@login_required
def person_personal_data(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Everything stored about one person, as a JSON download (administrators; audited)."""
    person = access.person_personal_data_for_user(user=request.user, pk=pk)
    response = JsonResponse(
        privacy.person_export(person=person, actor=request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def person_erase(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Erase a person everywhere, after typing their employee id to confirm (administrators; audited)."""
    person = access.person_personal_data_for_user(user=request.user, pk=pk)
    error = typed = ""
    if request.method == "POST":
        typed = request.POST.get("confirm", "")
        form = PersonEraseForm(request.POST, person=person)
        if not form.is_valid():
            error = " ".join(str(m) for m in form.errors["confirm"])
        else:
            changed = privacy.person_erase(person=person, actor=request.user)
            messages.success(
                request,
                f"Person #{person.pk} was erased: their name was removed from {len(changed)} "
                "kinds of record; group memberships and pulse answers still count, anonymously.",
            )
            return redirect("people:list")
    return render(
        request,
        "people/person_erase.html",
        {"person": person, "error": error, "typed": typed},
        status=422 if error else 200,
    )


@require_GET
@login_required
def unit_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_browser(request)
    units = (
        access.units_visible_to(user=request.user)
        .select_related("parent")
        .annotate(headcount=Count("people"))
    )
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(code__iexact=query))
    units, sort = sorted_queryset(
        request=request,
        queryset=units,
        allowed={"name": "name", "code": "code", "kind": "kind", "headcount": "headcount"},
        default="name",
    )
    return render(
        request,
        "people/unit_list.html",
        {"page": page_of(request=request, items=units, per_page=50), "q": query, "sort": sort},
    )


@require_GET
@login_required
def unit_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_browser(request)
    unit = access.unit_for_user(user=request.user, pk=pk)
    children = (
        access.units_visible_to(user=request.user)
        .filter(parent=unit)
        .annotate(headcount=Count("people"))
    )
    people = access.people_visible_to(user=request.user).filter(unit=unit).select_related("manager")
    return render(
        request,
        "people/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "page": page_of(
                request=request, items=people.order_by("last_name", "first_name"), per_page=50
            ),
        },
    )


# --- import -----------------------------------------------------------------------------------


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
