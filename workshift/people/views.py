from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.people import access
from workshift.people.exports import PEOPLE_COLUMNS, person_row

PEOPLE_SORTS = {"name": "last_name", "employee_id": "employee_id", "unit": "unit__name", "title": "job_title", "start": "start_date"}


def _require_browser(request: HttpRequest) -> None:
    if not request.user.can_browse_people:
        raise PermissionDenied("Your role does not include browsing people.")


@require_GET
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    _require_browser(request)
    people = access.people_visible_to(user=request.user).select_related("unit", "manager")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(employee_id__iexact=query)
            | Q(email__icontains=query) | Q(job_title__icontains=query) | Q(unit__name__icontains=query)
        )
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        people = people.filter(unit_id__in=access.unit_subtree_ids(root_id=int(unit_id)))
    people, sort = sorted_queryset(request=request, queryset=people, allowed=PEOPLE_SORTS, default="name")
    if request.GET.get("format") == "csv":
        return csv_response(filename="people.csv", header=PEOPLE_COLUMNS, rows=(person_row(p) for p in people.iterator(chunk_size=2000)))
    return render(request, "people/person_list.html", {
        "page": page_of(request=request, items=people, per_page=50), "q": query, "sort": sort,
        "can_manage": request.user.can_manage_people,
    })


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_browser(request)
    person = access.person_for_user(user=request.user, pk=pk)
    reports = access.people_visible_to(user=request.user).filter(manager=person).order_by("last_name")[:50]
    return render(request, "people/person_detail.html", {"person": person, "reports": reports})


@require_GET
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    _require_browser(request)
    units = access.units_visible_to(user=request.user).select_related("parent").annotate(headcount=Count("people"))
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(code__iexact=query))
    units, sort = sorted_queryset(
        request=request, queryset=units, allowed={"name": "name", "code": "code", "kind": "kind", "headcount": "headcount"}, default="name"
    )
    return render(request, "people/unit_list.html", {"page": page_of(request=request, items=units, per_page=50), "q": query, "sort": sort})


@require_GET
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_browser(request)
    unit = access.unit_for_user(user=request.user, pk=pk)
    children = access.units_visible_to(user=request.user).filter(parent=unit).annotate(headcount=Count("people"))
    people = access.people_visible_to(user=request.user).filter(unit=unit).select_related("manager")
    return render(request, "people/unit_detail.html", {
        "unit": unit, "children": children, "page": page_of(request=request, items=people.order_by("last_name", "first_name"), per_page=50),
    })
