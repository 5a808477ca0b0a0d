"""Pages about org units: the list and one unit with its people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import page_of, sorted_queryset
from workshift.people import access


@require_GET
@login_required
def unit_list(request: AuthedHttpRequest) -> HttpResponse:
    access.require_people_browser(user=request.user)
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
    access.require_people_browser(user=request.user)
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


routes = [
    path("units/", unit_list, name="units"),
    path("units/<int:pk>/", unit_detail, name="unit"),
]
