"""Pages about people: the list, the picker's search, a person, their personal data and erasure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.people import access, privacy, search
from workshift.people.exports import PEOPLE_COLUMNS, person_row
from workshift.people.forms import PersonEraseForm
from workshift.people.picker import picker_options

PEOPLE_SORTS = {
    "name": "last_name",
    "employee_id": "employee_id",
    "unit": "unit__name",
    "title": "job_title",
    "start": "start_date",
}


@require_GET
@login_required
def person_list(request: AuthedHttpRequest) -> HttpResponse:
    access.require_people_browser(user=request.user)
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
    access.require_people_browser(user=request.user)
    people = access.people_visible_to(user=request.user)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        people = people.filter(unit_id__in=access.unit_subtree_ids(root_id=int(unit_id)))
    return picker_options(request, people=people)


@require_GET
@login_required
def person_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    access.require_people_browser(user=request.user)
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


routes = [
    path("", person_list, name="list"),
    path("search/", person_search, name="search"),
    path("<int:pk>/", person_detail, name="person"),
    path("<int:pk>/personal-data/", person_personal_data, name="person_personal_data"),
    path("<int:pk>/erase/", person_erase, name="person_erase"),
]
